//! The fiscal calendar for every shell: generate the clients' obligations, show a client's,
//! list the rules, set a date of one's own or turn a kind off for a client, and export
//! deadlines as an iCalendar file. See [`crate::fiscal`] for the rules.

use crate::app::Vigie;
use crate::cabinet::{self, Cabinet};
use crate::error::{Error, Result};
use crate::firm::RecordKind;
use crate::firm::alerts::Settled;
use crate::firm::export::Export;
use crate::firm::form::{Field, Form};
use crate::firm::ical::{self, IcsFilter};
use crate::fiscal::generate::{self, Generation, MissingFact, Span};
use crate::fiscal::{ObligationKind, RuleBook, RuleInfo, plan};
use crate::inbox::ClientRef;
use crate::model::DeadlineStatus;
use crate::store::{Store, date_text, instant_text};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use std::sync::OnceLock;

/// How far ahead generation looks when not told: the next 15 months.
pub const DEFAULT_MONTHS: u32 = 15;

/// The longest span generation or an export may cover, in months.
pub const MAX_MONTHS: u32 = 60;

/// The rule files built into Vigie, read once.
pub fn rule_book() -> Result<&'static RuleBook> {
    static BOOK: OnceLock<RuleBook> = OnceLock::new();
    if let Some(book) = BOOK.get() {
        return Ok(book);
    }
    let book = RuleBook::builtin()?;
    Ok(BOOK.get_or_init(|| book))
}

/// Generates a client's obligations (or every client's) for the default span from `today`:
/// what a client change and the monthly run do.
pub(crate) fn regenerate(
    store: &mut Store,
    cabinet: &Cabinet,
    client: Option<i64>,
    today: NaiveDate,
) -> Result<(Generation, Settled)> {
    generate::generate(store, cabinet, rule_book()?, Span::months(today, DEFAULT_MONTHS), client, today)
}

/// The monthly roll of the calendar: at the first call of a month (by the status update), every
/// client's obligations for the default span; None when this month's is done already. It
/// seldom removes a deadline (a client's change regenerates its calendar at once), and the
/// unread counts such a removal moves are not published from here.
pub(crate) fn monthly(store: &mut Store, cabinet: &Cabinet, today: NaiveDate) -> Result<Option<Generation>> {
    let month = today.format("%Y-%m").to_string();
    let done: Option<String> = store
        .conn()
        .prepare_cached("SELECT month FROM calendar_months WHERE cabinet_id = ?1")?
        .query_row(params![cabinet.id], |r| r.get(0))
        .optional()?;
    if done.as_deref() >= Some(month.as_str()) {
        return Ok(None);
    }
    let (generation, _) = regenerate(store, cabinet, None, today)?;
    let tx = store.begin_write()?;
    tx.execute(
        "INSERT INTO calendar_months (cabinet_id, month) VALUES (?1, ?2)
         ON CONFLICT (cabinet_id) DO UPDATE SET month = excluded.month",
        params![cabinet.id, month],
    )?;
    tx.commit()?;
    Ok(Some(generation))
}

/// A client's obligations over a year, each with its deadline as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ClientCalendar {
    /// The client.
    pub client: ClientRef,
    /// The year shown.
    pub year: i32,
    /// The obligations falling due that year, by date.
    pub obligations: Vec<ClientObligation>,
    /// What the client lacks for other obligations, and why it matters.
    pub missing: Vec<MissingFact>,
    /// The kinds turned off for this client.
    pub kinds_off: Vec<ObligationKind>,
    /// Warnings of the rule set (a year it does not cover).
    pub warnings: Vec<String>,
}

/// One obligation of a client, as the rules give it and as the store holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ClientObligation {
    /// Kind.
    pub kind: ObligationKind,
    /// Period code (`2027-02`, `EX-2027-2`…).
    pub period: String,
    /// French label.
    pub label: String,
    /// The date the rules give (with any tolerance).
    pub rule_date: NaiveDate,
    /// The date the text sets, before a tolerance.
    pub legal_date: NaiveDate,
    /// The date a person set instead of the rule's, if any.
    pub override_date: Option<NaiveDate>,
    /// The rule's id.
    pub rule: String,
    /// The legal source.
    pub source: String,
    /// Whether its kind is turned off for the client (no deadline is generated).
    pub off: bool,
    /// Its deadline in the store, if any.
    pub deadline: Option<ObligationDeadline>,
}

/// The stored deadline of an obligation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ObligationDeadline {
    /// Row id.
    pub id: i64,
    /// Its due date (the firm's own when it replaced the generated one).
    pub due_date: NaiveDate,
    /// Its status.
    pub status: DeadlineStatus,
    /// Whether the calendar still recomputes it (false: the firm's own).
    pub generated: bool,
}

/// One person's or the whole cabinet's deadlines to export.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IcsRequest {
    /// Only this staff member's (an email of the cabinet).
    pub person: Option<String>,
    /// First due date (default: today).
    pub from: Option<NaiveDate>,
    /// How many months (default 15).
    pub months: Option<u32>,
    /// Include the deadlines already done.
    pub with_done: bool,
}

impl Vigie {
    /// The cabinet and its today.
    fn calendar_at(&self, store: &Store, cabinet: Option<&str>) -> Result<(Cabinet, NaiveDate, DateTime<Utc>)> {
        let cabinet = cabinet::resolve(store, cabinet)?;
        let now = self.clock().now();
        let today = now.with_timezone(&cabinet.timezone).date_naive();
        Ok((cabinet, today, now))
    }

    /// Generates every client's obligations falling due in `months` months (default 15) from
    /// `from` (default today); idempotent.
    pub fn generate_calendar(
        &self,
        cabinet: Option<&str>,
        from: Option<NaiveDate>,
        months: Option<u32>,
    ) -> Result<Generation> {
        let mut store = self.store();
        let (cabinet, today, _) = self.calendar_at(&store, cabinet)?;
        let span = Span::months(from.unwrap_or(today), months_checked(months)?);
        let (report, settled) = generate::generate(&mut store, &cabinet, rule_book()?, span, None, today)?;
        self.bus().publish_unread(&store, cabinet.id, settled.recipients.iter().copied())?;
        Ok(report)
    }

    /// Generates one client's obligations for the default span (after its form is saved).
    pub(crate) fn regenerate_client(&self, store: &mut Store, cabinet: &Cabinet, client: i64) -> Result<Generation> {
        let today = self.clock().now().with_timezone(&cabinet.timezone).date_naive();
        let (report, settled) = regenerate(store, cabinet, Some(client), today)?;
        self.bus().publish_unread(store, cabinet.id, settled.recipients.iter().copied())?;
        Ok(report)
    }

    /// The client (by SIREN, spaces allowed, or by name) in the cabinet.
    pub fn find_client(&self, cabinet: Option<&str>, siren_or_name: &str) -> Result<i64> {
        let store = self.store();
        let cabinet = cabinet::resolve(&store, cabinet)?;
        let digits: String = siren_or_name.chars().filter(|c| !c.is_whitespace()).collect();
        let by_siren = digits.len() == 9 && digits.bytes().all(|b| b.is_ascii_digit());
        let sql = if by_siren {
            "SELECT id FROM clients WHERE cabinet_id = ?1 AND siren = ?2"
        } else {
            "SELECT id FROM clients WHERE cabinet_id = ?1 AND vigie_fold(name) = vigie_fold(?2) ORDER BY id LIMIT 2"
        };
        let key = if by_siren { digits } else { siren_or_name.trim().to_string() };
        let ids: Vec<i64> = store
            .conn()
            .prepare_cached(sql)?
            .query_map(params![cabinet.id, key], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        match ids.as_slice() {
            [id] => Ok(*id),
            [] => Err(Error::InvalidInput(format!(
                "no client {} \"{}\" in cabinet \"{}\"",
                if by_siren { "with SIREN" } else { "named" },
                siren_or_name.trim(),
                cabinet.name
            ))),
            _ => Err(Error::InvalidInput(format!(
                "several clients are named \"{}\" in cabinet \"{}\": give the SIREN",
                siren_or_name.trim(),
                cabinet.name
            ))),
        }
    }

    /// A client's obligations falling due in `year` (default: this year), with their
    /// deadlines, and what the client lacks for the others.
    pub fn client_calendar(&self, cabinet: Option<&str>, client: i64, year: Option<i32>) -> Result<ClientCalendar> {
        let store = self.store();
        let (cabinet, today, _) = self.calendar_at(&store, cabinet)?;
        let year = year.unwrap_or(today.year());
        let (Some(from), Some(to)) = (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31))
        else {
            return Err(Error::InvalidInput(format!("{year} is not a year the calendar can show")));
        };
        let facts = generate::clients(store.conn(), cabinet.id, Some(client))?
            .into_iter()
            .next()
            .ok_or_else(|| RecordKind::Client.missing(client))?;
        let planned = plan(rule_book()?, &facts.profile, from, to);
        let conn = store.conn();
        let kinds_off = generate::kinds_off(conn, cabinet.id, client)?;
        let overrides = generate::overrides(conn, cabinet.id, client)?;
        let stored = generate::stored(conn, cabinet.id, client)?;
        let mut obligations = Vec::with_capacity(planned.obligations.len());
        for o in planned.obligations {
            let key = (o.kind.as_str().to_string(), o.period.clone());
            let deadline = stored.get(&key).and_then(|d| {
                Some(ObligationDeadline {
                    id: d.id,
                    due_date: NaiveDate::parse_from_str(&d.due_date, "%Y-%m-%d").ok()?,
                    status: d.status,
                    generated: d.generated,
                })
            });
            obligations.push(ClientObligation {
                off: kinds_off.contains(&key.0),
                override_date: overrides.get(&key).copied(),
                kind: o.kind,
                period: o.period,
                label: o.label,
                rule_date: o.due_date,
                legal_date: o.legal_date,
                rule: o.rule,
                source: o.source,
                deadline,
            });
        }
        Ok(ClientCalendar {
            client: facts.client,
            year,
            obligations,
            missing: planned.missing.into_iter().map(MissingFact::from).collect(),
            kinds_off: kinds_off.iter().filter_map(|k| ObligationKind::parse(k)).collect(),
            warnings: planned.warnings,
        })
    }

    /// Every rule of the built-in rule files.
    pub fn calendar_rules(&self) -> Result<Vec<RuleInfo>> {
        Ok(rule_book()?.rules())
    }

    /// The rule file of `year` as Vigie holds it (TOML, in French: every day, month, grid
    /// row, threshold and source the calendar applies that year).
    pub fn calendar_rule_file(&self, year: i32) -> Result<&'static str> {
        RuleBook::builtin_file(year).ok_or_else(|| {
            let years: Vec<String> =
                rule_book().map(|b| b.years()).unwrap_or_default().iter().map(|y| y.to_string()).collect();
            Error::InvalidInput(format!("no rule file for {year} (files: {})", years.join(", ")))
        })
    }

    /// Sets the date of one of a client's obligations (the date the tax administration shows
    /// for that client), or with None goes back to the rule's; the client's deadlines are
    /// generated again at once.
    pub fn set_obligation_date(
        &self,
        cabinet: Option<&str>,
        client: i64,
        kind: &str,
        period: &str,
        date: Option<&str>,
    ) -> Result<Generation> {
        let mut store = self.store();
        let (cabinet, _, now) = self.calendar_at(&store, cabinet)?;
        check_client_here(&store, &cabinet, client)?;
        let mut form = Form::default();
        let kind = form.choice(Field::Kind, kind, true, ObligationKind::parse, ObligationKind::expected());
        let period = form.period(Field::Period, period);
        if period.is_none() && !form.has(Field::Period) {
            form.problem(Field::Period, "required, but empty", "ce champ est obligatoire");
        }
        let date = match date {
            Some(date) => form.date(Field::DueDate, date, true).map(Some),
            None => Some(None),
        };
        if let (Some(kind), Some(period), Some(Some(day))) = (kind, &period, date) {
            // Two deadlines of a kind never share a day for a client.
            let other: Option<String> = store
                .conn()
                .prepare_cached(
                    "SELECT label FROM deadlines
                     WHERE cabinet_id = ?1 AND client_id = ?2 AND kind = ?3 AND due_date = ?4 AND period IS NOT ?5",
                )?
                .query_row(params![cabinet.id, client, kind, date_text(day), period], |r| r.get(0))
                .optional()?;
            if let Some(other) = other {
                form.problem(
                    Field::DueDate,
                    format!("this client already has a {kind} deadline due on {day}: \"{other}\""),
                    format!("ce client a déjà une échéance de ce type à cette date : «\u{a0}{other}\u{a0}»"),
                );
            }
        }
        let (kind, period, date) = form.finish((|| Some((kind?, period?, date?)))())?;
        {
            let tx = store.begin_write()?;
            match date {
                Some(date) => tx.execute(
                    "INSERT INTO calendar_overrides (cabinet_id, client_id, kind, period, due_date, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                     ON CONFLICT (cabinet_id, client_id, kind, period) DO UPDATE SET due_date = excluded.due_date",
                    params![cabinet.id, client, kind, period, date_text(date), instant_text(now)],
                )?,
                None => tx.execute(
                    "DELETE FROM calendar_overrides WHERE cabinet_id = ?1 AND client_id = ?2 AND kind = ?3 AND period = ?4",
                    params![cabinet.id, client, kind, period],
                )?,
            };
            tx.commit()?;
        }
        self.regenerate_client(&mut store, &cabinet, client)
    }

    /// Turns a kind of obligation off for a client (its future generated deadlines go), or
    /// back on; the client's deadlines are generated again at once.
    pub fn set_obligation_kind(&self, cabinet: Option<&str>, client: i64, kind: &str, on: bool) -> Result<Generation> {
        let mut store = self.store();
        let (cabinet, _, now) = self.calendar_at(&store, cabinet)?;
        check_client_here(&store, &cabinet, client)?;
        let mut form = Form::default();
        let kind = form.choice(Field::Kind, kind, true, ObligationKind::parse, ObligationKind::expected());
        let kind = form.finish(kind)?;
        {
            let tx = store.begin_write()?;
            if on {
                tx.execute(
                    "DELETE FROM calendar_off WHERE cabinet_id = ?1 AND client_id = ?2 AND kind = ?3",
                    params![cabinet.id, client, kind],
                )?;
            } else {
                tx.execute(
                    "INSERT INTO calendar_off (cabinet_id, client_id, kind, created_at) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT DO NOTHING",
                    params![cabinet.id, client, kind, instant_text(now)],
                )?;
            }
            tx.commit()?;
        }
        self.regenerate_client(&mut store, &cabinet, client)
    }

    /// The cabinet's deadlines (or one person's) as an iCalendar file.
    pub fn deadlines_ics(&self, cabinet: Option<&str>, request: &IcsRequest) -> Result<Export> {
        let store = self.store();
        let (cabinet, today, now) = self.calendar_at(&store, cabinet)?;
        let person = match &request.person {
            Some(email) => {
                let id: Option<i64> = store
                    .conn()
                    .prepare_cached("SELECT id FROM staff WHERE cabinet_id = ?1 AND email = ?2")?
                    .query_row(params![cabinet.id, email.trim()], |r| r.get(0))
                    .optional()?;
                Some(id.ok_or_else(|| {
                    Error::InvalidInput(format!(
                        "no staff member with email \"{}\" in cabinet \"{}\"",
                        email.trim(),
                        cabinet.name
                    ))
                })?)
            }
            None => None,
        };
        let span = Span::months(request.from.unwrap_or(today), months_checked(request.months)?);
        let filter = IcsFilter { person, from: span.from, to: span.to, open_only: !request.with_done };
        ical::ics(&store, &cabinet, &filter, now, today)
    }
}

/// The months asked for, 1 to [`MAX_MONTHS`] (default [`DEFAULT_MONTHS`]).
fn months_checked(months: Option<u32>) -> Result<u32> {
    match months.unwrap_or(DEFAULT_MONTHS) {
        m @ 1..=MAX_MONTHS => Ok(m),
        m => Err(Error::InvalidInput(format!("{m} months: give 1 to {MAX_MONTHS}"))),
    }
}

/// Refuses a client id of another cabinet, or of none.
fn check_client_here(store: &Store, cabinet: &Cabinet, client: i64) -> Result<()> {
    let found: Option<i64> = store
        .conn()
        .prepare_cached("SELECT id FROM clients WHERE id = ?1 AND cabinet_id = ?2")?
        .query_row(params![client, cabinet.id], |r| r.get(0))
        .optional()?;
    found.map(|_| ()).ok_or_else(|| RecordKind::Client.missing(client))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_bounded() {
        assert_eq!(months_checked(None).unwrap(), 15);
        assert_eq!(months_checked(Some(1)).unwrap(), 1);
        assert!(months_checked(Some(0)).is_err());
        assert!(months_checked(Some(61)).is_err());
    }

    #[test]
    fn the_built_in_rules_read() {
        assert!(!rule_book().unwrap().years().is_empty());
    }
}
