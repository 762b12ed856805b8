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
use std::collections::BTreeSet;

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
    /// The deadlines listed: open ones first, then by client name and label; at most the
    /// filter's `per_day`.
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
    let kind = filter.kind.as_deref().map(normalize).filter(|k| !k.is_empty());
    let per_day = filter.per_day.unwrap_or(MAX_PER_DAY).min(MAX_PER_DAY) as usize;

    // The span walks the due date's index (deadlines_by_due: due date, then cabinet); the
    // person, when given, is a bound value too. The kind is filtered below, after the kinds
    // of the span are gathered for the picker.
    let mut args: Vec<Value> =
        vec![cabinet.id.into(), date_text(from).into(), super::day_after(to).unwrap_or_else(|| "9999".into()).into()];
    let mut sql = String::from(
        "SELECT d.id, d.client_id, c.name, c.siren, d.kind, d.label, d.due_date, d.status,
                d.assignee_id, s.name, s.active
         FROM deadlines d
         JOIN clients c ON c.id = d.client_id
         LEFT JOIN staff s ON s.id = d.assignee_id
         WHERE d.due_date >= ?2 AND d.due_date < ?3 AND d.cabinet_id = ?1",
    );
    if let Some(assignee) = filter.assignee_id {
        args.push(assignee.into());
        sql.push_str(" AND d.assignee_id = ?4");
    }
    let mut stmt = store.conn().prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(&args), |r| {
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
    let mut kinds = BTreeSet::new();
    let mut entries = Vec::new();
    for entry in rows {
        let entry = entry?;
        if !kinds.contains(entry.kind.as_str()) {
            kinds.insert(entry.kind.clone());
        }
        if kind.as_deref().is_none_or(|k| k == entry.kind) {
            entries.push(entry);
        }
    }
    // Folded once per row, not once per comparison.
    entries.sort_by_cached_key(|e| {
        (e.due_date, e.closeness == Closeness::Done, normalize(&e.client.name), e.label.clone(), e.id)
    });
    let total = entries.len() as u32;
    let mut days: Vec<CalendarDay> = Vec::new();
    for entry in entries {
        let day = match days.last_mut() {
            Some(day) if day.date == entry.due_date => day,
            _ => {
                days.push(CalendarDay { date: entry.due_date, total: 0, open: 0, entries: Vec::new() });
                days.last_mut().ok_or_else(|| Error::Internal("a calendar day just added".into()))?
            }
        };
        day.total += 1;
        if entry.closeness != Closeness::Done {
            day.open += 1;
        }
        if day.entries.len() < per_day {
            day.entries.push(entry);
        }
    }
    Ok(DeadlineCalendar { from, to, today, horizon_days, total, days, kinds: kinds.into_iter().collect() })
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
