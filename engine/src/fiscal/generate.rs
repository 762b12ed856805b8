//! Writing the clients' obligations into their deadlines, so that the firm's échéances exist
//! from the day a client is entered, and follow when the client changes.
//!
//! An obligation is named by its client, kind and period (`deadlines_by_period`): generating
//! again finds its row rather than adding one. The calendar recomputes only its own rows
//! (`generated = 1`) that are not done and not past; a row the firm imported or typed for the
//! same obligation is the firm's, and stays as it is. A row of the same client, kind and due
//! date without a period (imported before the calendar existed) is taken as that obligation:
//! it gets the period, so that it is not generated twice.

use super::{Missing, ObligationKind, Profile, RuleBook, plan};
use crate::cabinet::Cabinet;
use crate::error::Result;
use crate::firm::alerts::{self, Scope, Settled, SubjectType};
use crate::inbox::ClientRef;
use crate::model::DeadlineStatus;
use crate::store::{Store, date_text};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

/// The days a generation covers, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
}

impl Span {
    /// `months` months from `from` (the day before the same day `months` later).
    pub fn months(from: NaiveDate, months: u32) -> Span {
        let end = from.checked_add_months(chrono::Months::new(months)).unwrap_or(NaiveDate::MAX);
        Span { from, to: end.pred_opt().unwrap_or(end) }
    }
}

/// What a generation did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Generation {
    /// Clients looked at.
    pub clients: u64,
    /// Deadlines created.
    pub created: u64,
    /// Generated deadlines whose date, label or basis changed.
    pub updated: u64,
    /// Generated deadlines still right as they were.
    pub unchanged: u64,
    /// Deadlines without a period found to be one of the obligations, and given its period.
    pub adopted: u64,
    /// Obligations whose deadline is the firm's own (imported or typed) or already done.
    pub kept: u64,
    /// Generated deadlines, not done and not past, that no longer follow from the client (its
    /// regime changed, a kind was turned off): deleted.
    pub removed: u64,
    /// The clients for which something is missing, and what.
    pub missing: Vec<ClientMissing>,
    /// Warnings of the rule set (a year beyond the last one it covers), and obligations that
    /// could not be written (another deadline of that kind on that date), in French.
    pub warnings: Vec<String>,
}

/// What the calendar lacks to generate some of a client's obligations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ClientMissing {
    /// The client.
    pub client: ClientRef,
    /// Each attribute missing, with the kind it holds back and why, in French.
    pub missing: Vec<MissingFact>,
}

/// One attribute a client lacks, and what it holds back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MissingFact {
    /// The kind of obligation not generated.
    pub kind: ObligationKind,
    /// The attribute (`vat_regime`, `closing`…), as the client's form names its field.
    pub attribute: String,
    /// Why it matters, in French.
    pub why: String,
}

impl From<Missing> for MissingFact {
    fn from(m: Missing) -> Self {
        MissingFact { kind: m.kind, attribute: m.attribute.to_string(), why: m.why }
    }
}

/// A client as the calendar reads it from its row.
pub(crate) struct ClientFacts {
    pub(crate) client: ClientRef,
    pub(crate) profile: Profile,
}

/// The cabinet's clients (or one), with their profiles. A stored value that does not read
/// (a legal form nobody lists, a closing that names no day) is taken as not given.
pub(crate) fn clients(conn: &Connection, cabinet_id: i64, only: Option<i64>) -> Result<Vec<ClientFacts>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, siren, legal_form, taxation, vat_regime, fiscal_year_end, first_closing, tax_department,
                payroll, cfe_over_3000, is_over_3000, cvae_filer
         FROM clients WHERE cabinet_id = ?1 AND (?2 IS NULL OR id = ?2) ORDER BY id",
    )?;
    let rows = stmt.query_map(params![cabinet_id, only], |r| {
        let text = |i: usize| r.get::<_, Option<String>>(i);
        let flag = |i: usize| r.get::<_, Option<i64>>(i).map(|v| v.map(|v| v != 0));
        let name: String = r.get(1)?;
        let siren: Option<String> = r.get(2)?;
        let profile = Profile {
            name: name.clone(),
            siren: siren.clone(),
            legal_form: text(3)?.as_deref().and_then(super::LegalForm::parse),
            taxation: text(4)?.as_deref().and_then(super::Taxation::parse),
            vat_regime: text(5)?.as_deref().and_then(crate::model::VatRegime::parse),
            closing: text(6)?.as_deref().and_then(super::Closing::parse),
            first_closing: text(7)?.and_then(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").ok()),
            tax_department: text(8)?.as_deref().and_then(super::profile::department),
            payroll: text(9)?.as_deref().and_then(super::Payroll::parse),
            cfe_over_3000: flag(10)?,
            is_over_3000: flag(11)?,
            cvae_filer: flag(12)?,
        };
        Ok(ClientFacts { client: ClientRef { id: r.get(0)?, name, siren }, profile })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The kinds turned off for a client.
pub(crate) fn kinds_off(conn: &Connection, cabinet_id: i64, client: i64) -> Result<BTreeSet<String>> {
    let mut stmt = conn.prepare_cached("SELECT kind FROM calendar_off WHERE cabinet_id = ?1 AND client_id = ?2")?;
    let kinds = stmt.query_map(params![cabinet_id, client], |r| r.get(0))?;
    Ok(kinds.collect::<rusqlite::Result<_>>()?)
}

/// The dates a person set for some of a client's obligations, by (kind, period); a stored
/// date that does not read is left out.
pub(crate) fn overrides(
    conn: &Connection,
    cabinet_id: i64,
    client: i64,
) -> Result<HashMap<(String, String), NaiveDate>> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, period, due_date FROM calendar_overrides WHERE cabinet_id = ?1 AND client_id = ?2",
    )?;
    let rows = stmt.query_map(params![cabinet_id, client], |r| Ok(((r.get(0)?, r.get(1)?), r.get::<_, String>(2)?)))?;
    let mut out = HashMap::new();
    for row in rows {
        let (key, date) = row?;
        if let Ok(date) = NaiveDate::parse_from_str(&date, "%Y-%m-%d") {
            out.insert(key, date);
        }
    }
    Ok(out)
}

/// A deadline of a client that names an obligation (it has a period).
pub(crate) struct Stored {
    pub(crate) id: i64,
    pub(crate) generated: bool,
    pub(crate) status: DeadlineStatus,
    pub(crate) due_date: String,
    label: String,
    legal_date: Option<String>,
    rule: Option<String>,
    source: Option<String>,
}

/// A client's deadlines that name an obligation, by (kind, period).
pub(crate) fn stored(conn: &Connection, cabinet_id: i64, client: i64) -> Result<HashMap<(String, String), Stored>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, period, generated, status, due_date, label, legal_date, rule, source
         FROM deadlines WHERE cabinet_id = ?1 AND client_id = ?2 AND period IS NOT NULL",
    )?;
    let rows = stmt.query_map(params![cabinet_id, client], |r| {
        let stored = Stored {
            id: r.get(0)?,
            generated: r.get::<_, i64>(3)? != 0,
            status: r.get(4)?,
            due_date: r.get(5)?,
            label: r.get(6)?,
            legal_date: r.get(7)?,
            rule: r.get(8)?,
            source: r.get(9)?,
        };
        Ok(((r.get(1)?, r.get(2)?), stored))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Generates the obligations of the cabinet's clients (or of one) falling due in `span`, in
/// one transaction. Returns what it did, and whose unread counts moved (alerts about a date
/// that changed, or a deadline removed, go).
pub fn generate(
    store: &mut Store,
    cabinet: &Cabinet,
    book: &RuleBook,
    span: Span,
    only: Option<i64>,
    today: NaiveDate,
) -> Result<(Generation, Settled)> {
    store.with_job_cache(|store| {
        let tx = store.begin_write()?;
        let done = write(tx.store(), cabinet, book, span, only, today)?;
        tx.commit()?;
        Ok(done)
    })
}

/// [`generate`] inside the caller's write transaction (`store` is its store): the demo seeds
/// its clients and their calendars in one.
pub(crate) fn write(
    store: &Store,
    cabinet: &Cabinet,
    book: &RuleBook,
    span: Span,
    only: Option<i64>,
    today: NaiveDate,
) -> Result<(Generation, Settled)> {
    let mut report = Generation::default();
    let mut settled = Settled::default();
    let mut warnings = BTreeSet::new();
    for facts in clients(store.conn(), cabinet.id, only)? {
        report.clients += 1;
        let plan = plan(book, &facts.profile, span.from, span.to);
        warnings.extend(plan.warnings);
        if !plan.missing.is_empty() {
            let missing = plan.missing.into_iter().map(MissingFact::from).collect();
            report.missing.push(ClientMissing { client: facts.client.clone(), missing });
        }
        let client = Client { store, cabinet, id: facts.client.id, today };
        let off = client.kinds_off()?;
        let overrides = client.overrides()?;
        let mut stored = client.stored()?;
        let obligations: Vec<_> = plan
            .obligations
            .into_iter()
            .filter(|o| !off.contains(o.kind.as_str()))
            .map(|mut o| {
                if let Some(date) = overrides.get(&(o.kind.as_str().to_string(), o.period.clone())) {
                    o.due_date = *date;
                }
                o
            })
            .collect();
        let planned: BTreeSet<(String, String)> =
            obligations.iter().map(|o| (o.kind.as_str().to_string(), o.period.clone())).collect();
        // First its own rows it no longer plans, still to come and in the span: they go,
        // so that an obligation taking the place of one (a quarter for a month) finds the
        // day free.
        let first = span.from.max(today);
        let stale: Vec<(String, String)> = stored
            .iter()
            .filter(|(key, row)| {
                let due = NaiveDate::parse_from_str(&row.due_date, "%Y-%m-%d").ok();
                let in_span = due.is_some_and(|d| d >= first && d <= span.to);
                row.generated && row.status != DeadlineStatus::Faite && in_span && !planned.contains(*key)
            })
            .map(|(key, _)| key.clone())
            .collect();
        for key in stale {
            if let Some(row) = stored.remove(&key) {
                settled = settled.and(client.remove(row.id)?);
                report.removed += 1;
            }
        }
        for o in obligations {
            let key = (o.kind.as_str().to_string(), o.period.clone());
            match stored.remove(&key) {
                Some(row) if !row.generated || row.status == DeadlineStatus::Faite => report.kept += 1,
                Some(row) => match client.refresh(&row, &o)? {
                    Refresh::Changed(moved) => {
                        settled = settled.and(moved);
                        report.updated += 1;
                    }
                    Refresh::Same => report.unchanged += 1,
                    Refresh::DayTaken(other) => {
                        report.kept += 1;
                        warnings.insert(format!(
                            "{} : « {} » reste au {}, le client a déjà une échéance de ce type le {} (« {other} »)",
                            facts.client.name,
                            o.label,
                            french_date(&row.due_date),
                            o.due_date.format("%d/%m/%Y")
                        ));
                    }
                },
                None => match client.adopt(&o)? {
                    Outcome::Adopted => report.adopted += 1,
                    Outcome::Taken(other) => {
                        warnings.insert(format!(
                            "{} : « {} » n'a pas été créée, le client a déjà une échéance de ce type le {} (« {other} »)",
                            facts.client.name,
                            o.label,
                            o.due_date.format("%d/%m/%Y")
                        ));
                    }
                    Outcome::Free => {
                        client.insert(&o)?;
                        report.created += 1;
                    }
                },
            }
        }
    }
    report.warnings = warnings.into_iter().collect();
    Ok((report, settled))
}

/// One client's rows, inside the generation's transaction.
struct Client<'a> {
    store: &'a Store,
    cabinet: &'a Cabinet,
    id: i64,
    today: NaiveDate,
}

/// What bringing a generated row to the rules did.
enum Refresh {
    /// It was right already.
    Same,
    /// It changed (with the alerts of a date that moved settled).
    Changed(Settled),
    /// Its new day holds another deadline of its kind (its label): left as it was.
    DayTaken(String),
}

/// `2027-05-18` as `18/05/2027`.
fn french_date(iso: &str) -> String {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d").map_or_else(|_| iso.to_string(), |d| d.format("%d/%m/%Y").to_string())
}

/// Whether an obligation without its own row can be written.
enum Outcome {
    /// A row of the same kind and date without period was found, and given the period.
    Adopted,
    /// A row of the same kind and date names another obligation: its label.
    Taken(String),
    /// Nothing in the way.
    Free,
}

impl Client<'_> {
    fn conn(&self) -> &Connection {
        self.store.conn()
    }

    /// The kinds turned off for the client.
    fn kinds_off(&self) -> Result<BTreeSet<String>> {
        kinds_off(self.conn(), self.cabinet.id, self.id)
    }

    /// The dates a person set for some of the client's obligations, by (kind, period).
    fn overrides(&self) -> Result<HashMap<(String, String), NaiveDate>> {
        overrides(self.conn(), self.cabinet.id, self.id)
    }

    /// The client's deadlines that name an obligation, by (kind, period).
    fn stored(&self) -> Result<HashMap<(String, String), Stored>> {
        stored(self.conn(), self.cabinet.id, self.id)
    }

    /// Brings a generated row to what the rules now say; Some (with the alerts settled) when
    /// something changed.
    fn refresh(&self, row: &Stored, o: &super::Obligation) -> Result<Refresh> {
        let due = date_text(o.due_date);
        let legal = (o.legal_date != o.due_date).then(|| date_text(o.legal_date));
        let same = row.due_date == due
            && row.label == o.label
            && row.legal_date == legal
            && row.rule.as_deref() == Some(o.rule.as_str())
            && row.source.as_deref() == Some(o.source.as_str());
        if same {
            return Ok(Refresh::Same);
        }
        let moved = row.due_date != due;
        if moved && let Some(other) = self.label_on(o, row.id)? {
            return Ok(Refresh::DayTaken(other));
        }
        let settled = alerts::settle_moved(
            self.store,
            self.cabinet,
            Scope::One(SubjectType::Deadline, row.id),
            moved,
            self.today,
        )?;
        // A deadline moved to a day still to come is no longer past due.
        let status = match row.status {
            DeadlineStatus::Depassee if o.due_date >= self.today => DeadlineStatus::AFaire,
            other => other,
        };
        self.conn()
            .prepare_cached(
                "UPDATE deadlines SET due_date = ?3, label = ?4, legal_date = ?5, rule = ?6, source = ?7, status = ?8
                 WHERE id = ?1 AND cabinet_id = ?2",
            )?
            .execute(params![row.id, self.cabinet.id, due, o.label, legal, o.rule, o.source, status])?;
        Ok(Refresh::Changed(settled))
    }

    /// The label of another deadline of the client of the obligation's kind on its due date
    /// (two deadlines of a kind never share a day).
    fn label_on(&self, o: &super::Obligation, other_than: i64) -> Result<Option<String>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT label FROM deadlines
                 WHERE cabinet_id = ?1 AND client_id = ?2 AND kind = ?3 AND due_date = ?4 AND id <> ?5",
            )?
            .query_row(params![self.cabinet.id, self.id, o.kind, date_text(o.due_date), other_than], |r| r.get(0))
            .optional()?)
    }

    /// Looks for a row of the same kind and date; one without a period becomes this obligation.
    fn adopt(&self, o: &super::Obligation) -> Result<Outcome> {
        let row: Option<(i64, Option<String>, String)> = self
            .conn()
            .prepare_cached(
                "SELECT id, period, label FROM deadlines
                 WHERE cabinet_id = ?1 AND client_id = ?2 AND kind = ?3 AND due_date = ?4",
            )?
            .query_row(params![self.cabinet.id, self.id, o.kind, date_text(o.due_date)], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        Ok(match row {
            None => Outcome::Free,
            Some((_, Some(_), label)) => Outcome::Taken(label),
            Some((id, None, _)) => {
                self.conn()
                    .prepare_cached("UPDATE deadlines SET period = ?3 WHERE id = ?1 AND cabinet_id = ?2")?
                    .execute(params![id, self.cabinet.id, o.period])?;
                Outcome::Adopted
            }
        })
    }

    /// Writes a new generated deadline (already past due when its date is).
    fn insert(&self, o: &super::Obligation) -> Result<()> {
        let status = if o.due_date < self.today { DeadlineStatus::Depassee } else { DeadlineStatus::AFaire };
        let legal = (o.legal_date != o.due_date).then(|| date_text(o.legal_date));
        self.conn()
            .prepare_cached(
                "INSERT INTO deadlines (cabinet_id, client_id, kind, label, due_date, status, period, generated,
                                        legal_date, rule, source)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8, ?9, ?10)",
            )?
            .execute(params![
                self.cabinet.id,
                self.id,
                o.kind,
                o.label,
                date_text(o.due_date),
                status,
                o.period,
                legal,
                o.rule,
                o.source
            ])?;
        Ok(())
    }

    /// Deletes a generated deadline with its alerts.
    fn remove(&self, id: i64) -> Result<Settled> {
        let settled =
            alerts::settle_deleted(self.store, self.cabinet, Scope::One(SubjectType::Deadline, id), self.today)?;
        self.conn()
            .prepare_cached("DELETE FROM deadlines WHERE id = ?1 AND cabinet_id = ?2")?
            .execute(params![id, self.cabinet.id])?;
        Ok(settled)
    }
}
