//! Document requests (pièces demandées aux clients): the table, the form, "reçu" in one click
//! and back, and delete.

use super::alerts::{self, Scope, Settled, SubjectType};
use super::form::{Field, Form};
use super::listing::{self, Conditions, ListQuery, Page, SortColumn, SortKey, Table};
use super::{Impact, PersonRef, RecordKind, check_client, check_person, day_after};
use crate::cabinet::Cabinet;
use crate::error::Result;
use crate::inbox::ClientRef;
use crate::store::{Store, date_text};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

/// A document request as its row and its form show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DocumentRequest {
    /// Row id.
    pub id: i64,
    /// The client asked.
    pub client: ClientRef,
    /// What is asked ("Relevés bancaires de novembre").
    pub label: String,
    /// When it was asked.
    pub requested_on: NaiveDate,
    /// When it is expected.
    pub due_date: NaiveDate,
    /// When it arrived (None: still missing).
    pub received_on: Option<NaiveDate>,
    /// Who follows it.
    pub owner: Option<PersonRef>,
}

/// A document request as a form sends it, checked with the import's rules.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct DocumentDraft {
    /// The client's id (required).
    pub client_id: Option<i64>,
    /// What is asked (required; may span lines).
    pub label: String,
    /// When it was asked, `YYYY-MM-DD` or `DD/MM/YYYY` (required).
    pub requested_on: String,
    /// When it is expected (required; not before the request).
    pub due_date: String,
    /// When it arrived (empty: still missing).
    pub received_on: String,
    /// The staff id of who follows it.
    pub owner_id: Option<i64>,
}

/// The columns a documents table sorts on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum DocumentSort {
    /// Due date (default).
    #[default]
    DueDate,
    /// Client name.
    Client,
    /// Label.
    Label,
    /// Request date.
    RequestedOn,
    /// Reception date (missing ones last).
    ReceivedOn,
    /// Owner's name.
    Owner,
}

impl SortColumn for DocumentSort {
    fn key(self) -> SortKey {
        match self {
            DocumentSort::DueDate => SortKey::IndexedDate("r.due_date"),
            DocumentSort::Client => SortKey::NameOf { column: "r.client_id", table: "clients" },
            DocumentSort::Label => SortKey::Own("vigie_fold(r.label)"),
            DocumentSort::RequestedOn => SortKey::Own("r.requested_on"),
            DocumentSort::ReceivedOn => SortKey::Own("r.received_on"),
            DocumentSort::Owner => SortKey::NameOf { column: "r.owner_id", table: "staff" },
        }
    }
}

/// Where a document request stands, for a filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum DocumentState {
    /// Not received yet.
    Missing,
    /// Not received, and its due date is past (as of today in the cabinet).
    Overdue,
    /// Received.
    Received,
}

/// Which document requests a table shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct DocumentFilter {
    /// Only this client's.
    pub client_id: Option<i64>,
    /// Only those this staff member follows.
    pub owner_id: Option<i64>,
    /// Only those in this state.
    pub state: Option<DocumentState>,
    /// Only those due on or after this date.
    pub due_from: Option<NaiveDate>,
    /// Only those due on or before this date.
    pub due_to: Option<NaiveDate>,
}

/// What a documents table asks for; the search looks at the label and the client's name.
pub type DocumentQuery = ListQuery<DocumentSort, DocumentFilter>;

const TABLE: Table = Table {
    from: "document_requests r",
    joins: "JOIN clients c ON c.id = r.client_id LEFT JOIN staff s ON s.id = r.owner_id",
    columns: "r.id, r.client_id, c.name, c.siren, r.label, r.requested_on, r.due_date, r.received_on, r.owner_id, s.name, s.active",
    id: "r.id",
};

fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<DocumentRequest> {
    Ok(DocumentRequest {
        id: r.get(0)?,
        client: ClientRef { id: r.get(1)?, name: r.get(2)?, siren: r.get(3)? },
        label: r.get(4)?,
        requested_on: r.get(5)?,
        due_date: r.get(6)?,
        received_on: r.get(7)?,
        owner: PersonRef::read(r, 8)?,
    })
}

/// The rows a documents query's search and filters keep; `today` (in the cabinet) tells
/// overdue ones.
fn conditions(cabinet: &Cabinet, query: &DocumentQuery, today: NaiveDate) -> Conditions {
    let f = &query.filter;
    let mut conditions = Conditions::for_cabinet("r", cabinet.id);
    conditions.equals("r.client_id", f.client_id);
    conditions.equals("r.owner_id", f.owner_id);
    match f.state {
        Some(DocumentState::Missing) => conditions.push("r.received_on IS NULL"),
        Some(DocumentState::Overdue) => {
            let p = conditions.arg(date_text(today));
            conditions.push(format!("r.received_on IS NULL AND r.due_date < {p}"));
        }
        Some(DocumentState::Received) => conditions.push("r.received_on IS NOT NULL"),
        None => {}
    }
    conditions.range("r.due_date", f.due_from.map(date_text), f.due_to.and_then(day_after));
    let client = listing::client_name_matches("r");
    conditions.search(listing::needle(query.search.as_deref()), &["vigie_contains(r.label, {needle})", &client]);
    conditions
}

/// A page of the cabinet's document requests; `today` (in the cabinet) tells overdue ones.
pub fn list(
    store: &Store,
    cabinet: &Cabinet,
    query: &DocumentQuery,
    today: NaiveDate,
) -> Result<Page<DocumentRequest>> {
    listing::page(store.conn(), &TABLE, conditions(cabinet, query, today), query, read)
}

/// Every document request the query's search and filters match, in its order, each given to
/// `each` (an export: no paging); returns how many.
pub fn each(
    store: &Store,
    cabinet: &Cabinet,
    query: &DocumentQuery,
    today: NaiveDate,
    each: impl FnMut(DocumentRequest) -> Result<()>,
) -> Result<u64> {
    listing::every(store.conn(), &TABLE, conditions(cabinet, query, today), query, read, each)
}

/// One of the cabinet's document requests.
pub fn get(store: &Store, cabinet: &Cabinet, id: i64) -> Result<DocumentRequest> {
    listing::one(store.conn(), &TABLE, cabinet.id, id, read)?.ok_or_else(|| RecordKind::Document.missing(id))
}

/// A draft's values, checked.
struct Values {
    client_id: i64,
    label: String,
    requested_on: NaiveDate,
    due_date: NaiveDate,
    received_on: Option<NaiveDate>,
    owner_id: Option<i64>,
}

/// Checks a draft for the request `id` (None: a new one): every field, the client and the
/// owner, a due date not before the request, and that the same document was not already asked
/// of the client that day.
fn check(conn: &Connection, cabinet_id: i64, draft: &DocumentDraft, id: Option<i64>) -> Result<Values> {
    let mut form = Form::default();
    let client_id = check_client(conn, &mut form, cabinet_id, draft.client_id, true)?;
    let label = form.free_text(Field::Label, &draft.label, true);
    let requested_on = form.date(Field::RequestedOn, &draft.requested_on, true);
    let due_date = form.date(Field::DueDate, &draft.due_date, true);
    let received_on = form.date(Field::ReceivedOn, &draft.received_on, false);
    let owner_id = check_person(conn, &mut form, cabinet_id, Field::OwnerId, draft.owner_id)?;
    if let (Some(requested), Some(due)) = (requested_on, due_date)
        && due < requested
    {
        form.problem(
            Field::DueDate,
            format!("{due} is before the request date {requested}"),
            "la date limite ne peut pas précéder la date de la demande",
        );
    }
    if let (Some(client_id), Some(label), Some(requested)) = (client_id, &label, requested_on) {
        let taken: bool = conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM document_requests
                 WHERE cabinet_id = ?1 AND client_id = ?2 AND label = ?3 AND requested_on = ?4 AND id IS NOT ?5)",
            )?
            .query_row(params![cabinet_id, client_id, label, date_text(requested), id], |r| r.get(0))?;
        if taken {
            form.problem(
                Field::Label,
                format!("this document was already requested from this client on {requested}"),
                "ce document a déjà été demandé à ce client à cette date",
            );
        }
    }
    let values = (|| {
        Some(Values {
            client_id: client_id?,
            label: label?,
            requested_on: requested_on?,
            due_date: due_date?,
            received_on,
            owner_id,
        })
    })();
    form.finish(values)
}

/// Stops the request's alerts once it is received (see [`alerts`]).
fn settle(
    store: &Store,
    cabinet: &Cabinet,
    document: &DocumentRequest,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Settled> {
    if document.received_on.is_none() {
        return Ok(Settled::default());
    }
    alerts::settle_done(store, cabinet, Scope::One(SubjectType::Document, document.id), today, now)
}

/// Creates a document request from a form; nothing is stored when a field is wrong.
pub fn create(
    store: &mut Store,
    cabinet: &Cabinet,
    draft: &DocumentDraft,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(DocumentRequest, Settled)> {
    let tx = store.begin_write()?;
    let v = check(&tx, cabinet.id, draft, None)?;
    tx.execute(
        "INSERT INTO document_requests (cabinet_id, client_id, label, requested_on, due_date, received_on, owner_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            cabinet.id,
            v.client_id,
            v.label,
            date_text(v.requested_on),
            date_text(v.due_date),
            v.received_on.map(date_text),
            v.owner_id
        ],
    )?;
    let document = get(tx.store(), cabinet, tx.last_insert_rowid())?;
    let settled = settle(tx.store(), cabinet, &document, today, now)?;
    tx.commit()?;
    Ok((document, settled))
}

/// Replaces a request's values with a form's (the whole record); one saved with a reception
/// date stops its alerts as the one-click does, one given another due date loses its alerts
/// about the old one. Nothing is stored when a field is wrong.
pub fn update(
    store: &mut Store,
    cabinet: &Cabinet,
    id: i64,
    draft: &DocumentDraft,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(DocumentRequest, Settled)> {
    let tx = store.begin_write()?;
    let before = get(tx.store(), cabinet, id)?;
    let v = check(&tx, cabinet.id, draft, Some(id))?;
    let scope = Scope::One(SubjectType::Document, id);
    let moved = alerts::settle_moved(tx.store(), cabinet, scope, v.due_date != before.due_date, today)?;
    tx.execute(
        "UPDATE document_requests SET client_id = ?3, label = ?4, requested_on = ?5, due_date = ?6, received_on = ?7,
             owner_id = ?8
         WHERE id = ?1 AND cabinet_id = ?2",
        params![
            id,
            cabinet.id,
            v.client_id,
            v.label,
            date_text(v.requested_on),
            date_text(v.due_date),
            v.received_on.map(date_text),
            v.owner_id
        ],
    )?;
    let document = get(tx.store(), cabinet, id)?;
    let settled = moved.and(settle(tx.store(), cabinet, &document, today, now)?);
    tx.commit()?;
    Ok((document, settled))
}

/// Marks the document received today (in the cabinet's timezone; one received already keeps
/// its date) and stops its alerts; with `received` false, marks it missing again.
pub fn set_received(
    store: &mut Store,
    cabinet: &Cabinet,
    id: i64,
    received: bool,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(DocumentRequest, Settled)> {
    let tx = store.begin_write()?;
    get(tx.store(), cabinet, id)?;
    let received_on = received.then(|| date_text(today));
    tx.execute(
        "UPDATE document_requests SET received_on = CASE WHEN ?3 IS NULL THEN NULL ELSE coalesce(received_on, ?3) END
         WHERE id = ?1 AND cabinet_id = ?2",
        params![id, cabinet.id, received_on],
    )?;
    let document = get(tx.store(), cabinet, id)?;
    let settled = settle(tx.store(), cabinet, &document, today, now)?;
    tx.commit()?;
    Ok((document, settled))
}

/// What deleting the request would take with it (its notifications).
pub fn delete_impact(store: &Store, cabinet: &Cabinet, id: i64) -> Result<Impact> {
    super::subject_impact(store, cabinet, SubjectType::Document, id)
}

/// Deletes the request with its notifications and alert keys (queued alert emails listing it
/// are rewritten or withdrawn).
pub fn delete(store: &mut Store, cabinet: &Cabinet, id: i64, today: NaiveDate) -> Result<(Impact, Settled)> {
    super::delete_subject(store, cabinet, SubjectType::Document, id, today)
}
