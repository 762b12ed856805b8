//! Deadlines (échéances): the table, the form, "faite" in one click and back, and delete.

use super::alerts::{self, Scope, Settled, SubjectType};
use super::form::{Field, Form};
use super::listing::{self, Conditions, ListQuery, Page, SortColumn, SortKey, Table};
use super::{Impact, PersonRef, RecordKind, check_client, check_person, day_after};
use crate::cabinet::Cabinet;
use crate::error::Result;
use crate::inbox::ClientRef;
use crate::model::{DeadlineStatus, normalize};
use crate::store::{Store, WriteTransaction, date_text};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

/// A deadline as its row and its form show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Deadline {
    /// Row id.
    pub id: i64,
    /// Its client.
    pub client: ClientRef,
    /// Its kind, a code such as `tva_ca3`.
    pub kind: String,
    /// Label, such as "TVA CA3 novembre".
    pub label: String,
    /// Due date.
    pub due_date: NaiveDate,
    /// Status.
    pub status: DeadlineStatus,
    /// Who it is assigned to.
    pub assignee: Option<PersonRef>,
    /// The obligation's period (`2027-02`, `EX-2027`…), when it names one.
    pub period: Option<String>,
    /// Whether the fiscal calendar made it and may still recompute it.
    pub generated: bool,
    /// The date the text sets, when a tolerance gives until the due date (the liasse).
    pub legal_date: Option<NaiveDate>,
    /// The legal basis of a generated deadline (`CGI art. 1668`…).
    pub source: Option<String>,
}

/// A deadline as a form sends it, checked with the import's rules.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct DeadlineDraft {
    /// The client's id (required).
    pub client_id: Option<i64>,
    /// Kind, a code such as `tva_ca3` (required; stored lowercase, without accents or spaces).
    pub kind: String,
    /// Label (required; one line: it goes into email subjects).
    pub label: String,
    /// Due date, `YYYY-MM-DD` or `DD/MM/YYYY` (required).
    pub due_date: String,
    /// Status: a_faire (when empty), en_cours, faite or depassee.
    pub status: String,
    /// The assignee's staff id.
    pub assignee_id: Option<i64>,
    /// The obligation's period (`2027-02`, `2027-T1`, `2027`, `EX-2027`, `EX-2027-2`), empty
    /// for none. A new deadline naming the period of a generated one replaces it.
    pub period: String,
}

/// The columns a deadlines table sorts on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum DeadlineSort {
    /// Due date (default).
    #[default]
    DueDate,
    /// Client name.
    Client,
    /// Kind.
    Kind,
    /// Label.
    Label,
    /// Status, in the order of work: dépassée, à faire, en cours, faite.
    Status,
    /// Assignee's name.
    Assignee,
}

impl SortColumn for DeadlineSort {
    fn key(self) -> SortKey {
        match self {
            DeadlineSort::DueDate => SortKey::IndexedDate("d.due_date"),
            DeadlineSort::Client => SortKey::NameOf { column: "d.client_id", table: "clients" },
            DeadlineSort::Kind => SortKey::Own("d.kind"),
            DeadlineSort::Label => SortKey::Own("vigie_fold(d.label)"),
            DeadlineSort::Status => SortKey::Own(
                "CASE d.status WHEN 'depassee' THEN 0 WHEN 'a_faire' THEN 1 WHEN 'en_cours' THEN 2 ELSE 3 END",
            ),
            DeadlineSort::Assignee => SortKey::NameOf { column: "d.assignee_id", table: "staff" },
        }
    }
}

/// Which deadlines a table shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct DeadlineFilter {
    /// Only this client's.
    pub client_id: Option<i64>,
    /// Only those assigned to this staff member.
    pub assignee_id: Option<i64>,
    /// Only those of this status.
    pub status: Option<DeadlineStatus>,
    /// Only those not done (every status but faite).
    pub open_only: bool,
    /// Only those due on or after this date.
    pub due_from: Option<NaiveDate>,
    /// Only those due on or before this date.
    pub due_to: Option<NaiveDate>,
}

/// What a deadlines table asks for; the search looks at the label and the client's name.
pub type DeadlineQuery = ListQuery<DeadlineSort, DeadlineFilter>;

const TABLE: Table = Table {
    from: "deadlines d",
    joins: "JOIN clients c ON c.id = d.client_id LEFT JOIN staff s ON s.id = d.assignee_id",
    columns:
        "d.id, d.client_id, c.name, c.siren, d.kind, d.label, d.due_date, d.status, d.assignee_id, s.name, s.active,
              d.period, d.generated, d.legal_date, d.source",
    id: "d.id",
};

fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Deadline> {
    Ok(Deadline {
        id: r.get(0)?,
        client: ClientRef { id: r.get(1)?, name: r.get(2)?, siren: r.get(3)? },
        kind: r.get(4)?,
        label: r.get(5)?,
        due_date: r.get(6)?,
        status: r.get(7)?,
        assignee: PersonRef::read(r, 8)?,
        period: r.get(11)?,
        generated: r.get::<_, i64>(12)? != 0,
        legal_date: r.get(13)?,
        source: r.get(14)?,
    })
}

/// The rows a deadlines query's search and filters keep.
fn conditions(cabinet: &Cabinet, query: &DeadlineQuery) -> Conditions {
    let f = &query.filter;
    let mut conditions = Conditions::for_cabinet("d", cabinet.id);
    conditions.equals("d.client_id", f.client_id);
    conditions.equals("d.assignee_id", f.assignee_id);
    conditions.equals("d.status", f.status.map(|s| s.as_str().to_string()));
    if f.open_only {
        conditions.push("d.status <> 'faite'");
    }
    conditions.range("d.due_date", f.due_from.map(date_text), f.due_to.and_then(day_after));
    let client = listing::client_name_matches("d");
    conditions.search(listing::needle(query.search.as_deref()), &["vigie_contains(d.label, {needle})", &client]);
    conditions
}

/// A page of the cabinet's deadlines.
pub fn list(store: &Store, cabinet: &Cabinet, query: &DeadlineQuery) -> Result<Page<Deadline>> {
    listing::page(store.conn(), &TABLE, conditions(cabinet, query), query, read)
}

/// Every deadline the query's search and filters match, in its order, each given to `each`
/// (an export: no paging); returns how many.
pub fn each(
    store: &Store,
    cabinet: &Cabinet,
    query: &DeadlineQuery,
    each: impl FnMut(Deadline) -> Result<()>,
) -> Result<u64> {
    listing::every(store.conn(), &TABLE, conditions(cabinet, query), query, read, each)
}

/// One of the cabinet's deadlines.
pub fn get(store: &Store, cabinet: &Cabinet, id: i64) -> Result<Deadline> {
    listing::one(store.conn(), &TABLE, cabinet.id, id, read)?.ok_or_else(|| RecordKind::Deadline.missing(id))
}

/// A draft's values, checked.
struct Values {
    client_id: i64,
    kind: String,
    label: String,
    due_date: NaiveDate,
    status: DeadlineStatus,
    assignee_id: Option<i64>,
    period: Option<String>,
    /// The generated deadline of the same obligation a new one replaces.
    replaces: Option<i64>,
}

/// Checks a draft for the deadline `id` (None: a new one): every field, the client and the
/// assignee, and that the client has no other deadline of this kind on this date, nor for this
/// period (but a generated one, which a new deadline replaces).
fn check(conn: &Connection, cabinet_id: i64, draft: &DeadlineDraft, id: Option<i64>) -> Result<Values> {
    let mut form = Form::default();
    let client_id = check_client(conn, &mut form, cabinet_id, draft.client_id, true)?;
    let kind = form.line(Field::Kind, &draft.kind, true).map(|k| normalize(&k));
    let label = form.line(Field::Label, &draft.label, true);
    let due_date = form.date(Field::DueDate, &draft.due_date, true);
    let status = form.choice(Field::Status, &draft.status, false, DeadlineStatus::parse, DeadlineStatus::expected());
    let assignee_id = check_person(conn, &mut form, cabinet_id, Field::AssigneeId, draft.assignee_id)?;
    let period = form.period(Field::Period, &draft.period);
    let mut replaces = None;
    if let (Some(client_id), Some(kind), Some(period)) = (client_id, &kind, &period) {
        let other: Option<(i64, bool, String)> = conn
            .prepare_cached(
                "SELECT id, generated, label FROM deadlines
                 WHERE cabinet_id = ?1 AND client_id = ?2 AND kind = ?3 AND period = ?4 AND id IS NOT ?5",
            )?
            .query_row(params![cabinet_id, client_id, kind, period, id], |r| {
                Ok((r.get(0)?, r.get::<_, i64>(1)? != 0, r.get(2)?))
            })
            .optional()?;
        match other {
            Some((other, true, _)) if id.is_none() => replaces = Some(other),
            Some((_, _, label)) => form.problem(
                Field::Period,
                format!("this client already has a {kind} deadline for {period}: \"{label}\""),
                format!("ce client a déjà une échéance de ce type pour cette période : «\u{a0}{label}\u{a0}»"),
            ),
            None => {}
        }
    }
    if let (Some(client_id), Some(kind), Some(due)) = (client_id, &kind, due_date) {
        let other: Option<String> = conn
            .prepare_cached(
                "SELECT label FROM deadlines
                 WHERE cabinet_id = ?1 AND client_id = ?2 AND kind = ?3 AND due_date = ?4 AND id IS NOT ?5
                   AND id IS NOT ?6",
            )?
            .query_row(params![cabinet_id, client_id, kind, date_text(due), id, replaces], |r| r.get(0))
            .optional()?;
        if let Some(other) = other {
            form.problem(
                Field::DueDate,
                format!("this client already has a {kind} deadline due on {due}: \"{other}\""),
                format!("ce client a déjà une échéance de ce type à cette date : «\u{a0}{other}\u{a0}»"),
            );
        }
    }
    let values = (|| {
        Some(Values {
            client_id: client_id?,
            kind: kind?,
            label: label?,
            due_date: due_date?,
            status: status.unwrap_or(DeadlineStatus::AFaire),
            assignee_id,
            period,
            replaces,
        })
    })();
    form.finish(values)
}

/// Stops the deadline's alerts when it is done (see [`alerts`]).
fn settle(
    store: &Store,
    cabinet: &Cabinet,
    deadline: &Deadline,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Settled> {
    if deadline.status != DeadlineStatus::Faite {
        return Ok(Settled::default());
    }
    alerts::settle_done(store, cabinet, Scope::One(SubjectType::Deadline, deadline.id), today, now)
}

/// Creates a deadline from a form; one naming the period of a generated deadline replaces it
/// (the row becomes the firm's). Nothing is stored when a field is wrong.
pub fn create(
    store: &mut Store,
    cabinet: &Cabinet,
    draft: &DeadlineDraft,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(Deadline, Settled)> {
    let tx = store.begin_write()?;
    let v = check(&tx, cabinet.id, draft, None)?;
    if let Some(id) = v.replaces {
        let before = get(tx.store(), cabinet, id)?;
        let settled = write(&tx, cabinet, id, &v, &before, today, now)?;
        let deadline = get(tx.store(), cabinet, id)?;
        tx.commit()?;
        return Ok((deadline, settled));
    }
    tx.execute(
        "INSERT INTO deadlines (cabinet_id, client_id, kind, label, due_date, status, assignee_id, period)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            cabinet.id,
            v.client_id,
            v.kind,
            v.label,
            date_text(v.due_date),
            v.status.as_of(v.due_date, today),
            v.assignee_id,
            v.period
        ],
    )?;
    let deadline = get(tx.store(), cabinet, tx.last_insert_rowid())?;
    let settled = settle(tx.store(), cabinet, &deadline, today, now)?;
    tx.commit()?;
    Ok((deadline, settled))
}

/// Writes a form's values over the deadline `id` (which becomes the firm's: the calendar no
/// longer recomputes it), settling the alerts of a date that moved or a deadline done.
fn write(
    tx: &WriteTransaction<'_>,
    cabinet: &Cabinet,
    id: i64,
    v: &Values,
    before: &Deadline,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Settled> {
    let scope = Scope::One(SubjectType::Deadline, id);
    let moved = alerts::settle_moved(tx.store(), cabinet, scope, v.due_date != before.due_date, today)?;
    tx.execute(
        "UPDATE deadlines SET client_id = ?3, kind = ?4, label = ?5, due_date = ?6, status = ?7, assignee_id = ?8,
                period = ?9, generated = 0, legal_date = NULL
         WHERE id = ?1 AND cabinet_id = ?2",
        params![
            id,
            cabinet.id,
            v.client_id,
            v.kind,
            v.label,
            date_text(v.due_date),
            v.status.as_of(v.due_date, today),
            v.assignee_id,
            v.period
        ],
    )?;
    let deadline = get(tx.store(), cabinet, id)?;
    Ok(moved.and(settle(tx.store(), cabinet, &deadline, today, now)?))
}

/// Replaces a deadline's values with a form's (the whole record); one saved as faite stops its
/// alerts as the one-click does, one moved to another date loses its alerts about the old one.
/// Nothing is stored when a field is wrong.
pub fn update(
    store: &mut Store,
    cabinet: &Cabinet,
    id: i64,
    draft: &DeadlineDraft,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(Deadline, Settled)> {
    let tx = store.begin_write()?;
    let before = get(tx.store(), cabinet, id)?;
    let v = check(&tx, cabinet.id, draft, Some(id))?;
    let settled = write(&tx, cabinet, id, &v, &before, today, now)?;
    let deadline = get(tx.store(), cabinet, id)?;
    tx.commit()?;
    Ok((deadline, settled))
}

/// Marks the deadline faite (its alerts stop), or, with `done` false, takes a faite deadline
/// back to dépassée when its date is past, else à faire (another status is left as it is).
pub fn set_done(
    store: &mut Store,
    cabinet: &Cabinet,
    id: i64,
    done: bool,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(Deadline, Settled)> {
    let tx = store.begin_write()?;
    let before = get(tx.store(), cabinet, id)?;
    let status = match (done, before.status) {
        (true, _) => DeadlineStatus::Faite,
        (false, DeadlineStatus::Faite) if before.due_date < today => DeadlineStatus::Depassee,
        (false, DeadlineStatus::Faite) => DeadlineStatus::AFaire,
        (false, other) => other,
    };
    tx.execute("UPDATE deadlines SET status = ?3 WHERE id = ?1 AND cabinet_id = ?2", params![id, cabinet.id, status])?;
    let deadline = get(tx.store(), cabinet, id)?;
    let settled = settle(tx.store(), cabinet, &deadline, today, now)?;
    tx.commit()?;
    Ok((deadline, settled))
}

/// What deleting the deadline would take with it (its notifications).
pub fn delete_impact(store: &Store, cabinet: &Cabinet, id: i64) -> Result<Impact> {
    super::subject_impact(store, cabinet, SubjectType::Deadline, id)
}

/// Deletes the deadline with its notifications and alert keys (queued alert emails listing it
/// are rewritten or withdrawn).
pub fn delete(store: &mut Store, cabinet: &Cabinet, id: i64, today: NaiveDate) -> Result<(Impact, Settled)> {
    super::delete_subject(store, cabinet, SubjectType::Deadline, id, today)
}
