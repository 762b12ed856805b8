//! The firm's data as the window edits it: clients, deadlines (échéances), document requests,
//! tasks, events and staff. For each: a page of rows for a table (search, sort, filters,
//! paging, total), one row, create, update (the whole record), delete with what it takes along,
//! and for deadlines, documents and tasks the one-click "done" and back.
//!
//! Every function is scoped to one cabinet: an id of another cabinet is
//! [`Error::UnknownRecord`](crate::Error::UnknownRecord), never read or changed. Every value a
//! form sends is checked with the import's rules ([`form`]); a form with wrong fields is refused
//! whole ([`Error::InvalidFields`](crate::Error::InvalidFields), each problem naming its field),
//! and nothing is stored.
//!
//! A subject that is done, received or deleted stops alerting ([`alerts`]): its notifications
//! are read (or deleted along with it), and alert emails still queued are rewritten without it,
//! or withdrawn when they list nothing else.

pub mod alerts;
pub mod calendar;
pub mod client_page;
pub mod clients;
pub mod deadlines;
pub mod documents;
pub mod events;
pub mod export;
pub mod form;
pub mod ical;
pub mod listing;
pub mod spreadsheet;
pub mod staff;
pub mod tasks;
pub mod words;
pub mod workload;

pub use form::{Field, FieldProblem};
pub use listing::{Direction, ListQuery, Page};

use crate::cabinet::Cabinet;
use crate::error::{Error, Result};
use crate::store::Store;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

/// Which kind of record an id names (in a not-found error).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// A client (dossier).
    Client,
    /// A deadline (échéance).
    Deadline,
    /// A document request.
    Document,
    /// A task.
    Task,
    /// An event.
    Event,
    /// A staff member.
    Staff,
}

impl RecordKind {
    /// The kind in English words.
    pub fn english(self) -> &'static str {
        match self {
            RecordKind::Client => "client",
            RecordKind::Deadline => "deadline",
            RecordKind::Document => "document request",
            RecordKind::Task => "task",
            RecordKind::Event => "event",
            RecordKind::Staff => "staff member",
        }
    }

    /// The not-found error for `id`.
    pub(crate) fn missing(self, id: i64) -> Error {
        Error::UnknownRecord { kind: self, id }
    }
}

/// A staff member as a row shows them beside a client, deadline, document, task or event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PersonRef {
    /// Staff id (what a form sends back).
    pub id: i64,
    /// Full name.
    pub name: String,
    /// False for someone who left: shown, but receives nothing.
    pub active: bool,
}

impl PersonRef {
    /// Reads `(id, name, active)` from three columns starting at `at`; None without an id.
    pub(crate) fn read(row: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<Option<PersonRef>> {
        let id: Option<i64> = row.get(at)?;
        Ok(match id {
            Some(id) => Some(PersonRef { id, name: row.get(at + 1)?, active: row.get(at + 2)? }),
            None => None,
        })
    }
}

/// What a delete takes with it, for "Supprimer ce client et ses 12 échéances… ?" and as the
/// delete's answer: the rows that go with the record (not counting the record itself).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Impact {
    /// Deadlines deleted with it.
    pub deadlines: u64,
    /// Document requests deleted with it.
    pub documents: u64,
    /// Tasks deleted with it.
    pub tasks: u64,
    /// Events deleted with it.
    pub events: u64,
    /// Notifications about those, of every recipient, deleted with them.
    pub notifications: u64,
}

/// A record after a one-click state change, and the alerts that change stopped.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StateChange<T> {
    /// The record as it is now.
    pub record: T,
    /// What stopped nagging (all zero when it was reopened).
    pub alerts: alerts::Stopped,
}

/// Whether `id` is a staff member of the cabinet (a form's person picker).
fn staff_exists(conn: &Connection, cabinet_id: i64, id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM staff WHERE id = ?1 AND cabinet_id = ?2)")?
        .query_row(params![id, cabinet_id], |r| r.get(0))?)
}

/// Checks a person picked in a form: None stays None; an id not of this cabinet is a problem
/// on `field`.
fn check_person(
    conn: &Connection,
    form: &mut form::Form,
    cabinet_id: i64,
    field: Field,
    id: Option<i64>,
) -> Result<Option<i64>> {
    match id {
        Some(id) if !staff_exists(conn, cabinet_id, id)? => {
            form.problem(
                field,
                format!("no staff member with id {id} in this cabinet"),
                "cette personne ne fait pas (ou plus) partie du cabinet : choisissez-en une autre",
            );
            Ok(None)
        }
        other => Ok(other),
    }
}

/// Checks a client picked in a form: its id when it is one of the cabinet's; a problem on
/// `client_id` otherwise (and when it is required but missing).
fn check_client(
    conn: &Connection,
    form: &mut form::Form,
    cabinet_id: i64,
    id: Option<i64>,
    required: bool,
) -> Result<Option<i64>> {
    let Some(id) = id else {
        if required {
            form.problem(Field::ClientId, "required, but empty", "choisissez le client");
        }
        return Ok(None);
    };
    let found: Option<i64> = conn
        .prepare_cached("SELECT id FROM clients WHERE id = ?1 AND cabinet_id = ?2")?
        .query_row(params![id, cabinet_id], |r| r.get(0))
        .optional()?;
    if found.is_none() {
        form.problem(
            Field::ClientId,
            format!("no client with id {id} in this cabinet"),
            "ce client n'existe pas (ou plus) dans le cabinet : choisissez-en un autre",
        );
    }
    Ok(found)
}

/// What deleting one deadline, document, task or event would take with it: its notifications.
fn subject_impact(store: &Store, cabinet: &Cabinet, subject: alerts::SubjectType, id: i64) -> Result<Impact> {
    let table = subject.table();
    let exists: bool = store
        .conn()
        .prepare_cached(&format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1 AND cabinet_id = ?2)"))?
        .query_row(params![id, cabinet.id], |r| r.get(0))?;
    if !exists {
        return Err(subject.record().missing(id));
    }
    let notifications = alerts::count(store.conn(), cabinet.id, alerts::Scope::One(subject, id))?;
    Ok(Impact { notifications, ..Impact::default() })
}

/// Deletes one deadline, document, task or event with its alerts (see [`alerts`]).
fn delete_subject(
    store: &mut Store,
    cabinet: &Cabinet,
    subject: alerts::SubjectType,
    id: i64,
    today: NaiveDate,
) -> Result<(Impact, alerts::Settled)> {
    let table = subject.table();
    let tx = store.begin_write()?;
    let impact = subject_impact(tx.store(), cabinet, subject, id)?;
    let settled = alerts::settle_deleted(tx.store(), cabinet, alerts::Scope::One(subject, id), today)?;
    tx.execute(&format!("DELETE FROM {table} WHERE id = ?1 AND cabinet_id = ?2"), params![id, cabinet.id])?;
    tx.commit()?;
    Ok((impact, settled))
}

/// The date after `date` as stored text, for an inclusive "to" bound (None past the calendar).
fn day_after(date: NaiveDate) -> Option<String> {
    date.succ_opt().map(crate::store::date_text)
}
