//! Everything about one client in one call: the page the window opens from a client's row.

use super::PersonRef;
use super::alerts::Scope;
use super::clients::{self, Client};
use super::deadlines::{self, Deadline, DeadlineFilter, DeadlineQuery};
use super::documents::{self, DocumentFilter, DocumentQuery, DocumentRequest, DocumentState};
use super::events::{self, CalendarEvent, EventFilter, EventQuery};
use super::listing::{ListQuery, MAX_LIMIT};
use super::tasks::{self, Task, TaskFilter, TaskQuery};
use crate::cabinet::Cabinet;
use crate::error::Result;
use crate::model::AlertKind;
use crate::store::Store;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::params;
use rusqlite::types::Value;
use serde::Serialize;

/// How many of the latest notifications about the client the page shows.
pub const LATEST_NOTIFICATIONS: u32 = 20;

/// A client's page: the client, what is still open, what is coming, and the latest alerts.
/// Each list holds at most 500 rows (the counts are exact).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ClientPage {
    /// The client, with its manager and VAT regime.
    pub client: Client,
    /// Deadlines not done, by due date.
    pub open_deadlines: Vec<Deadline>,
    /// Documents asked and not received, by due date.
    pub missing_documents: Vec<DocumentRequest>,
    /// Tasks not finished, by due date.
    pub open_tasks: Vec<Task>,
    /// Events from today on (local), by start.
    pub upcoming_events: Vec<CalendarEvent>,
    /// Open and done, counted.
    pub counts: ClientCounts,
    /// The latest notifications about the client's deadlines, documents, tasks and events, of
    /// every recipient, newest first.
    pub notifications: Vec<ClientAlert>,
}

/// What a client has, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ClientCounts {
    /// Deadlines not done.
    pub open_deadlines: u64,
    /// Deadlines done.
    pub done_deadlines: u64,
    /// Documents still missing.
    pub missing_documents: u64,
    /// Documents received.
    pub received_documents: u64,
    /// Tasks not finished.
    pub open_tasks: u64,
    /// Tasks finished.
    pub done_tasks: u64,
    /// Events from today on.
    pub upcoming_events: u64,
    /// Events before today.
    pub past_events: u64,
}

/// A notification about one of the client's subjects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ClientAlert {
    /// Notification id (the recipient opens it from their inbox).
    pub id: i64,
    /// Alert kind.
    pub kind: AlertKind,
    /// Its title.
    pub title: String,
    /// When it was raised (UTC).
    pub created_at: DateTime<Utc>,
    /// Who it was for.
    pub recipient: PersonRef,
    /// Whether its recipient has read it.
    pub read: bool,
}

/// The first rows of a list, in its default order.
fn first<S: Default, F>(filter: F) -> ListQuery<S, F> {
    ListQuery {
        search: None,
        sort: S::default(),
        direction: Default::default(),
        filter,
        limit: Some(MAX_LIMIT),
        offset: 0,
    }
}

/// The page of one of the cabinet's clients, as of `today` (in the cabinet).
pub fn client_page(store: &Store, cabinet: &Cabinet, id: i64, today: NaiveDate) -> Result<ClientPage> {
    let client = clients::get(store, cabinet, id)?;
    let deadline_query: DeadlineQuery =
        first(DeadlineFilter { client_id: Some(id), open_only: true, ..Default::default() });
    let document_query: DocumentQuery =
        first(DocumentFilter { client_id: Some(id), state: Some(DocumentState::Missing), ..Default::default() });
    let task_query: TaskQuery = first(TaskFilter { client_id: Some(id), open_only: true, ..Default::default() });
    let event_query: EventQuery = first(EventFilter { client_id: Some(id), from: Some(today), ..Default::default() });
    Ok(ClientPage {
        client,
        open_deadlines: deadlines::list(store, cabinet, &deadline_query)?.rows,
        missing_documents: documents::list(store, cabinet, &document_query, today)?.rows,
        open_tasks: tasks::list(store, cabinet, &task_query)?.rows,
        upcoming_events: events::list(store, cabinet, &event_query)?.rows,
        counts: counts(store, cabinet, id, today)?,
        notifications: latest_notifications(store, cabinet, id)?,
    })
}

/// Every count in one query. Tasks and events are found by `ifnull(client_id, 0)`, as their
/// natural key's unique index has it, so that the index serves the client's rows.
fn counts(store: &Store, cabinet: &Cabinet, id: i64, today: NaiveDate) -> Result<ClientCounts> {
    let today_start = crate::store::instant_text(cabinet.local_to_utc(today.and_time(chrono::NaiveTime::MIN)));
    let sql = "SELECT
        (SELECT count(*) FROM deadlines WHERE cabinet_id = ?1 AND client_id = ?2 AND status <> 'faite'),
        (SELECT count(*) FROM deadlines WHERE cabinet_id = ?1 AND client_id = ?2 AND status = 'faite'),
        (SELECT count(*) FROM document_requests WHERE cabinet_id = ?1 AND client_id = ?2 AND received_on IS NULL),
        (SELECT count(*) FROM document_requests WHERE cabinet_id = ?1 AND client_id = ?2 AND received_on IS NOT NULL),
        (SELECT count(*) FROM tasks WHERE cabinet_id = ?1 AND ifnull(client_id, 0) = ?2 AND status <> 'terminee'),
        (SELECT count(*) FROM tasks WHERE cabinet_id = ?1 AND ifnull(client_id, 0) = ?2 AND status = 'terminee'),
        (SELECT count(*) FROM events WHERE cabinet_id = ?1 AND ifnull(client_id, 0) = ?2 AND starts_at >= ?3),
        (SELECT count(*) FROM events WHERE cabinet_id = ?1 AND ifnull(client_id, 0) = ?2 AND starts_at < ?3)";
    Ok(store.conn().prepare_cached(sql)?.query_row(params![cabinet.id, id, today_start], |r| {
        let n = |i: usize| r.get::<_, i64>(i).map(|n| n.max(0) as u64);
        Ok(ClientCounts {
            open_deadlines: n(0)?,
            done_deadlines: n(1)?,
            missing_documents: n(2)?,
            received_documents: n(3)?,
            open_tasks: n(4)?,
            done_tasks: n(5)?,
            upcoming_events: n(6)?,
            past_events: n(7)?,
        })
    })?)
}

fn latest_notifications(store: &Store, cabinet: &Cabinet, id: i64) -> Result<Vec<ClientAlert>> {
    let scope = Scope::Client(id);
    let (args, limit_p) = scope.args_and(cabinet.id, [Value::from(LATEST_NOTIFICATIONS)]);
    let sql = format!(
        "SELECT n.id, n.kind, n.title, n.created_at, n.recipient_id, s.name, s.active, n.read_at IS NOT NULL
         FROM notifications n JOIN staff s ON s.id = n.recipient_id
         WHERE n.id IN (SELECT id FROM notifications WHERE cabinet_id = ?1 AND {})
         ORDER BY n.id DESC LIMIT ?{limit_p}",
        scope.condition()
    );
    let mut stmt = store.conn().prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
        Ok(ClientAlert {
            id: r.get(0)?,
            kind: r.get(1)?,
            title: r.get(2)?,
            created_at: r.get(3)?,
            recipient: PersonRef { id: r.get(4)?, name: r.get(5)?, active: r.get(6)? },
            read: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
