//! The deadlines calendar: the cabinet's échéances due in a span of days (a month or a week as
//! the window shows it), grouped by day, each saying how close it is to the cabinet's today.

use super::PersonRef;
use crate::cabinet::Cabinet;
use crate::error::{Error, Result};
use crate::inbox::ClientRef;
use crate::model::{DeadlineStatus, normalize};
use crate::store::{Store, date_text};
use chrono::{Duration, NaiveDate};
use rusqlite::types::Value;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The longest span a calendar may ask for, in days from its first to its last (a month view
/// shows six weeks: 41; a little more leaves room).
pub const MAX_SPAN_DAYS: i64 = 62;

/// The most deadlines a day lists when the filter does not say (its counts are always whole).
pub const MAX_PER_DAY: u32 = 500;

/// Which deadlines a calendar shows, and how many of each day it lists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct CalendarFilter {
    /// Only those assigned to this staff member.
    pub assignee_id: Option<i64>,
    /// Only those of this kind (a code such as `tva_ca3`; case and accents ignored).
    pub kind: Option<String>,
    /// At most this many deadlines listed per day, open ones first (default and cap 500); the
    /// day's counts still count them all, so that a month cell can say "+4".
    pub per_day: Option<u32>,
}

/// How close a deadline is, as of the cabinet's today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Closeness {
    /// Not done and past due.
    Late,
    /// Not done and due today.
    Today,
    /// Not done and due within the alert horizon (`echeance.horizon_days`) after today.
    Soon,
    /// Not done and due after the horizon.
    Later,
    /// Done (faite), whatever its date.
    Done,
}

impl Closeness {
    /// How close a deadline of this status due on `due` is, as of `today` with alerts
    /// `horizon_days` ahead.
    pub fn of(status: DeadlineStatus, due: NaiveDate, today: NaiveDate, horizon_days: u32) -> Closeness {
        if status == DeadlineStatus::Faite {
            Closeness::Done
        } else if due < today {
            Closeness::Late
        } else if due == today {
            Closeness::Today
        } else if due <= today + Duration::days(i64::from(horizon_days)) {
            Closeness::Soon
        } else {
            Closeness::Later
        }
    }
}

/// One deadline in the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CalendarEntry {
    /// Row id.
    pub id: i64,
    /// Its client.
    pub client: ClientRef,
    /// Its kind, a code such as `tva_ca3`.
    pub kind: String,
    /// Label, such as "TVA CA3 novembre".
    pub label: String,
    /// Due date (the day it is listed under).
    pub due_date: NaiveDate,
    /// Status.
    pub status: DeadlineStatus,
    /// Who it is assigned to.
    pub assignee: Option<PersonRef>,
    /// How close it is.
    pub closeness: Closeness,
}

/// One day that has deadlines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CalendarDay {
    /// The day.
    pub date: NaiveDate,
    /// Deadlines due that day (every one matching the filter, listed or not).
    pub total: u32,
    /// Of those, the ones not done.
    pub open: u32,
    /// The deadlines listed: open ones first, then by client name (case and accents ignored)
    /// and kind; at most the filter's `per_day`.
    pub entries: Vec<CalendarEntry>,
}

/// The cabinet's deadlines due in a span of days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DeadlineCalendar {
    /// First day asked.
    pub from: NaiveDate,
    /// Last day asked (included).
    pub to: NaiveDate,
    /// The cabinet's today, which closeness is relative to.
    pub today: NaiveDate,
    /// The alert horizon in days (`echeance.horizon_days`): what "soon" means.
    pub horizon_days: u32,
    /// Deadlines in the span matching the filter.
    pub total: u32,
    /// The days that have any, in order (days without deadlines are left out).
    pub days: Vec<CalendarDay>,
    /// The kinds of the span's deadlines for the person filtered on (the kind filter aside),
    /// for the kind picker.
    pub kinds: Vec<String>,
}

/// Checks the span asked: `from` on or before `to`, at most [`MAX_SPAN_DAYS`] apart.
fn check_span(from: NaiveDate, to: NaiveDate) -> Result<()> {
    if to < from {
        return Err(Error::InvalidInput(format!("the calendar's last day {to} is before its first day {from}")));
    }
    if (to - from).num_days() > MAX_SPAN_DAYS {
        return Err(Error::InvalidInput(format!(
            "the calendar from {from} to {to} spans more than {MAX_SPAN_DAYS} days: ask for a month or a week"
        )));
    }
    Ok(())
}

/// The cabinet's deadlines due from `from` to `to` (both included, at most [`MAX_SPAN_DAYS`]
/// apart), grouped by day, as of `today` with the cabinet's alert horizon.
pub fn deadline_calendar(
    store: &Store,
    cabinet: &Cabinet,
    from: NaiveDate,
    to: NaiveDate,
    filter: &CalendarFilter,
    today: NaiveDate,
) -> Result<DeadlineCalendar> {
    check_span(from, to)?;
    let horizon_days = crate::settings::read(store, cabinet.id, "echeance.horizon_days", crate::settings::parse::days)?;
    let per_day = filter.per_day.unwrap_or(MAX_PER_DAY).min(MAX_PER_DAY) as usize;

    let (mut days, kinds, picked) = plan(store, cabinet, from, to, filter, per_day)?;
    let total = days.iter().map(|d| d.total).sum();
    // The listed ones are read whole, in the order chosen, and handed to their days (which
    // are in the same order).
    let mut at = 0;
    for entry in read_entries(store, cabinet, &picked, today, horizon_days)? {
        while days.get(at).is_some_and(|d| d.date != entry.due_date) {
            at += 1;
        }
        match days.get_mut(at) {
            Some(day) => day.entries.push(entry),
            None => return Err(Error::Internal(format!("calendar entry {} outside its days", entry.id))),
        }
    }
    Ok(DeadlineCalendar { from, to, today, horizon_days, total, days, kinds })
}

/// One deadline of the span as the first pass sees it: enough to count, filter and order.
struct Slot {
    id: i64,
    due: NaiveDate,
    done: bool,
    /// Index in the folded client names.
    client: usize,
    /// Index in the kinds met.
    kind: usize,
}

/// The first pass: every deadline of the span (for the person filtered on) read light, so
/// that a month of a big firm (11,000 deadlines) is counted without reading its labels and
/// names; returns the days with their counts (entries still empty), the kinds of the span, and
/// the ids to list, in order.
fn plan(
    store: &Store,
    cabinet: &Cabinet,
    from: NaiveDate,
    to: NaiveDate,
    filter: &CalendarFilter,
    per_day: usize,
) -> Result<(Vec<CalendarDay>, Vec<String>, Vec<i64>)> {
    // The span walks the due date's index (deadlines_by_due: due date, then cabinet); the
    // person, when given, is a bound value too. The kind is filtered here, after the kinds of
    // the span are gathered for the picker.
    let until = super::day_after(to).unwrap_or_else(|| "9999".into());
    let mut args: Vec<Value> = vec![cabinet.id.into(), date_text(from).into(), until.into()];
    let mut sql = String::from(
        "SELECT d.id, d.due_date, d.status, d.kind, d.client_id, c.name
         FROM deadlines d JOIN clients c ON c.id = d.client_id
         WHERE d.due_date >= ?2 AND d.due_date < ?3 AND d.cabinet_id = ?1",
    );
    if let Some(assignee) = filter.assignee_id {
        args.push(assignee.into());
        sql.push_str(" AND d.assignee_id = ?4");
    }
    let mut kinds: Vec<String> = Vec::new();
    let mut folds: Vec<String> = Vec::new();
    let mut clients: HashMap<i64, usize> = HashMap::new();
    let mut slots = Vec::new();
    let mut stmt = store.conn().prepare_cached(&sql)?;
    let mut rows = stmt.query(rusqlite::params_from_iter(&args))?;
    while let Some(r) = rows.next()? {
        let kind_text = text(r, 3)?;
        let kind = match kinds.iter().position(|k| k == kind_text) {
            Some(i) => i,
            None => {
                kinds.push(kind_text.to_string());
                kinds.len() - 1
            }
        };
        let client_id: i64 = r.get(4)?;
        // Each client's name is folded once, however many deadlines it has.
        let client = match clients.get(&client_id) {
            Some(&i) => i,
            None => {
                folds.push(normalize(text(r, 5)?));
                clients.insert(client_id, folds.len() - 1);
                folds.len() - 1
            }
        };
        slots.push(Slot {
            id: r.get(0)?,
            due: r.get(1)?,
            done: text(r, 2)? == DeadlineStatus::Faite.as_str(),
            client,
            kind,
        });
    }
    let wanted = filter.kind.as_deref().map(normalize).filter(|k| !k.is_empty());
    if let Some(wanted) = wanted {
        let index = kinds.iter().position(|k| *k == wanted);
        slots.retain(|s| Some(s.kind) == index);
    }
    slots.sort_unstable_by(|a, b| {
        (a.due, a.done)
            .cmp(&(b.due, b.done))
            .then_with(|| folds[a.client].cmp(&folds[b.client]))
            .then_with(|| kinds[a.kind].cmp(&kinds[b.kind]))
            .then(a.id.cmp(&b.id))
    });
    let mut days: Vec<CalendarDay> = Vec::new();
    let mut picked = Vec::new();
    for slot in &slots {
        if days.last().is_none_or(|d| d.date != slot.due) {
            days.push(CalendarDay { date: slot.due, total: 0, open: 0, entries: Vec::new() });
        }
        let Some(day) = days.last_mut() else { continue };
        if (day.total as usize) < per_day {
            picked.push(slot.id);
        }
        day.total += 1;
        day.open += u32::from(!slot.done);
    }
    kinds.sort_unstable();
    Ok((days, kinds, picked))
}

/// A text column, borrowed (no copy for each of thousands of rows).
fn text<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<&'r str> {
    r.get_ref(i)?
        .as_str()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e)))
}

/// The deadlines `ids` read whole, in that order (one bound JSON array, however many).
fn read_entries(
    store: &Store,
    cabinet: &Cabinet,
    ids: &[i64],
    today: NaiveDate,
    horizon_days: u32,
) -> Result<Vec<CalendarEntry>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids = serde_json::to_string(ids).map_err(|e| Error::Internal(format!("ids as JSON: {e}")))?;
    let mut stmt = store.conn().prepare_cached(
        "SELECT d.id, d.client_id, c.name, c.siren, d.kind, d.label, d.due_date, d.status,
                d.assignee_id, s.name, s.active
         FROM json_each(?1) page
         JOIN deadlines d ON d.id = page.value
         JOIN clients c ON c.id = d.client_id
         LEFT JOIN staff s ON s.id = d.assignee_id
         WHERE d.cabinet_id = ?2
         ORDER BY page.key",
    )?;
    let rows = stmt.query_map(rusqlite::params![ids, cabinet.id], |r| {
        let due_date: NaiveDate = r.get(6)?;
        let status: DeadlineStatus = r.get(7)?;
        Ok(CalendarEntry {
            id: r.get(0)?,
            client: ClientRef { id: r.get(1)?, name: r.get(2)?, siren: r.get(3)? },
            kind: r.get(4)?,
            label: r.get(5)?,
            due_date,
            status,
            assignee: PersonRef::read(r, 8)?,
            closeness: Closeness::of(status, due_date, today, horizon_days),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn closeness_at_its_boundaries() {
        let today = d("2026-11-25");
        let of = |status, due: &str| Closeness::of(status, d(due), today, 7);
        assert_eq!(of(DeadlineStatus::AFaire, "2026-11-24"), Closeness::Late);
        assert_eq!(of(DeadlineStatus::Depassee, "2026-11-24"), Closeness::Late);
        assert_eq!(of(DeadlineStatus::EnCours, "2026-11-25"), Closeness::Today);
        assert_eq!(of(DeadlineStatus::AFaire, "2026-11-26"), Closeness::Soon);
        assert_eq!(of(DeadlineStatus::AFaire, "2026-12-02"), Closeness::Soon);
        assert_eq!(of(DeadlineStatus::AFaire, "2026-12-03"), Closeness::Later);
        assert_eq!(of(DeadlineStatus::Faite, "2026-11-24"), Closeness::Done);
        assert_eq!(of(DeadlineStatus::Faite, "2026-12-30"), Closeness::Done);
        assert_eq!(Closeness::of(DeadlineStatus::AFaire, d("2026-11-26"), today, 0), Closeness::Later);
    }

    #[test]
    fn a_span_backwards_or_too_long_is_refused() {
        assert!(check_span(d("2026-11-01"), d("2026-11-01")).is_ok());
        assert!(check_span(d("2026-10-26"), d("2026-12-27")).is_ok(), "62 days apart");
        let err = check_span(d("2026-10-26"), d("2026-12-28")).unwrap_err().to_string();
        assert!(err.contains("more than 62 days"), "{err}");
        let err = check_span(d("2026-11-02"), d("2026-11-01")).unwrap_err().to_string();
        assert!(err.contains("before its first day"), "{err}");
    }
}
