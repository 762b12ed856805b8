//! Events (rendez-vous, AGO, contrôle fiscal…): the table, the form, and delete. Their start is
//! stored as a UTC instant and typed, shown and filtered in the cabinet's local time.

use super::alerts::{self, Scope, Settled, SubjectType};
use super::form::{Field, Form};
use super::listing::{self, Conditions, ListQuery, Page, SortColumn, SortKey, Table};
use super::{Impact, PersonRef, RecordKind, check_client, check_person};
use crate::cabinet::Cabinet;
use crate::error::Result;
use crate::inbox::ClientRef;
use crate::model::Importance;
use crate::store::{Store, instant_text};
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

/// An event (rendez-vous, AGO, contrôle fiscal…) as its row and its form show it. Named apart
/// from the web platform's `Event`, which the window's generated TypeScript would shadow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CalendarEvent {
    /// Row id.
    pub id: i64,
    /// Its client (None for the cabinet's own events).
    pub client: Option<ClientRef>,
    /// Title.
    pub title: String,
    /// When it starts (UTC, RFC 3339).
    pub starts_at: DateTime<Utc>,
    /// When it starts in the cabinet's local time (`2026-12-01T09:30:00`, what a form shows).
    pub starts_local: NaiveDateTime,
    /// Importance (only haute ones alert).
    pub importance: Importance,
    /// Who it is for (None: the whole cabinet).
    pub audience: Option<PersonRef>,
}

/// An event as a form sends it, checked with the import's rules.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct EventDraft {
    /// The client's id (None: an event of the cabinet itself).
    pub client_id: Option<i64>,
    /// Title (required; one line: it goes into email subjects).
    pub title: String,
    /// When it starts, in the cabinet's local time: `2026-12-01T09:30`, `2026-12-01 09:30` or
    /// `01/12/2026 09:30` (required).
    pub starts_at: String,
    /// Importance: normale (when empty) or haute.
    pub importance: String,
    /// The staff id of who it is for (None: the whole cabinet).
    pub audience_id: Option<i64>,
}

/// The columns an events table sorts on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum EventSort {
    /// Start (default).
    #[default]
    StartsAt,
    /// Client name (the cabinet's own events last).
    Client,
    /// Title.
    Title,
    /// Importance, haute first.
    Importance,
    /// Audience's name (events for the whole cabinet last).
    Audience,
}

impl SortColumn for EventSort {
    fn key(self) -> SortKey {
        match self {
            EventSort::StartsAt => SortKey::Own("e.starts_at"),
            EventSort::Client => SortKey::NameOf { column: "e.client_id", table: "clients" },
            EventSort::Title => SortKey::Own("vigie_fold(e.title)"),
            EventSort::Importance => SortKey::Own("CASE e.importance WHEN 'haute' THEN 0 ELSE 1 END"),
            EventSort::Audience => SortKey::NameOf { column: "e.audience_id", table: "staff" },
        }
    }
}

/// Which events a table shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct EventFilter {
    /// Only this client's.
    pub client_id: Option<i64>,
    /// Only those for this staff member.
    pub audience_id: Option<i64>,
    /// Only those of this importance.
    pub importance: Option<Importance>,
    /// Only those starting on or after this day (local).
    pub from: Option<NaiveDate>,
    /// Only those starting on or before this day (local).
    pub to: Option<NaiveDate>,
}

/// What an events table asks for; the search looks at the title and the client's name.
pub type EventQuery = ListQuery<EventSort, EventFilter>;

const TABLE: Table = Table {
    from: "events e",
    joins: "LEFT JOIN clients c ON c.id = e.client_id LEFT JOIN staff s ON s.id = e.audience_id",
    columns: "e.id, e.client_id, c.name, c.siren, e.title, e.starts_at, e.importance, e.audience_id, s.name, s.active",
    id: "e.id",
};

/// A reader of rows, showing starts in `cabinet`'s local time.
fn reader(cabinet: &Cabinet) -> impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<CalendarEvent> + '_ {
    move |r| {
        let client_id: Option<i64> = r.get(1)?;
        let client = match client_id {
            Some(id) => Some(ClientRef { id, name: r.get(2)?, siren: r.get(3)? }),
            None => None,
        };
        let starts_at: DateTime<Utc> = r.get(5)?;
        Ok(CalendarEvent {
            id: r.get(0)?,
            client,
            title: r.get(4)?,
            starts_at,
            starts_local: starts_at.with_timezone(&cabinet.timezone).naive_local(),
            importance: r.get(6)?,
            audience: PersonRef::read(r, 7)?,
        })
    }
}

/// The instant a local day starts in the cabinet, as stored.
fn day_start(cabinet: &Cabinet, day: NaiveDate) -> String {
    instant_text(cabinet.local_to_utc(day.and_time(NaiveTime::MIN)))
}

/// The rows an events query's search and filters keep.
fn conditions(cabinet: &Cabinet, query: &EventQuery) -> Conditions {
    let f = &query.filter;
    let mut conditions = Conditions::for_cabinet("e", cabinet.id);
    // Written as the natural key's unique index has it, so that the index finds the client's rows.
    conditions.equals("ifnull(e.client_id, 0)", f.client_id);
    conditions.equals("e.audience_id", f.audience_id);
    conditions.equals("e.importance", f.importance.map(|i| i.as_str().to_string()));
    let until = f.to.and_then(|to| to.succ_opt()).map(|next| day_start(cabinet, next));
    conditions.range("e.starts_at", f.from.map(|from| day_start(cabinet, from)), until);
    let client = listing::client_name_matches("e");
    conditions.search(listing::needle(query.search.as_deref()), &["vigie_contains(e.title, {needle})", &client]);
    conditions
}

/// A page of the cabinet's events.
pub fn list(store: &Store, cabinet: &Cabinet, query: &EventQuery) -> Result<Page<CalendarEvent>> {
    listing::page(store.conn(), &TABLE, conditions(cabinet, query), query, reader(cabinet))
}

/// Every event the query's search and filters match, in its order, each given to `each` (an
/// export: no paging); returns how many.
pub fn each(
    store: &Store,
    cabinet: &Cabinet,
    query: &EventQuery,
    each: impl FnMut(CalendarEvent) -> Result<()>,
) -> Result<u64> {
    listing::every(store.conn(), &TABLE, conditions(cabinet, query), query, reader(cabinet), each)
}

/// One of the cabinet's events.
pub fn get(store: &Store, cabinet: &Cabinet, id: i64) -> Result<CalendarEvent> {
    listing::one(store.conn(), &TABLE, cabinet.id, id, reader(cabinet))?.ok_or_else(|| RecordKind::Event.missing(id))
}

/// A draft's values, checked.
struct Values {
    client_id: Option<i64>,
    title: String,
    starts_at: DateTime<Utc>,
    importance: Importance,
    audience_id: Option<i64>,
}

/// Checks a draft for the event `id` (None: a new one): every field, the client and the
/// audience, and that no other event of the same client (or of the cabinet) has this title at
/// this start.
fn check(conn: &Connection, cabinet: &Cabinet, draft: &EventDraft, id: Option<i64>) -> Result<Values> {
    let mut form = Form::default();
    let client_id = check_client(conn, &mut form, cabinet.id, draft.client_id, false)?;
    let title = form.line(Field::Title, &draft.title, true);
    let starts_at = form.local_datetime(Field::StartsAt, &draft.starts_at, true).map(|t| cabinet.local_to_utc(t));
    let importance =
        form.choice(Field::Importance, &draft.importance, false, Importance::parse, Importance::expected());
    let audience_id = check_person(conn, &mut form, cabinet.id, Field::AudienceId, draft.audience_id)?;
    if let (false, Some(title), Some(starts)) = (form.has(Field::ClientId), &title, starts_at) {
        let taken: bool = conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM events WHERE cabinet_id = ?1 AND ifnull(client_id, 0) = ifnull(?2, 0)
                 AND title = ?3 AND starts_at = ?4 AND id IS NOT ?5)",
            )?
            .query_row(params![cabinet.id, client_id, title, instant_text(starts), id], |r| r.get(0))?;
        if taken {
            form.problem(
                Field::Title,
                "an event with this title already starts at this time for this client",
                "un événement de ce titre existe déjà à ce moment pour ce client",
            );
        }
    }
    let values = (|| {
        Some(Values {
            client_id,
            title: title?,
            starts_at: starts_at?,
            importance: importance.unwrap_or(Importance::Normale),
            audience_id,
        })
    })();
    form.finish(values)
}

/// Creates an event from a form; nothing is stored when a field is wrong.
pub fn create(store: &mut Store, cabinet: &Cabinet, draft: &EventDraft) -> Result<CalendarEvent> {
    let tx = store.begin_write()?;
    let v = check(&tx, cabinet, draft, None)?;
    tx.execute(
        "INSERT INTO events (cabinet_id, client_id, title, starts_at, importance, audience_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![cabinet.id, v.client_id, v.title, instant_text(v.starts_at), v.importance, v.audience_id],
    )?;
    let event = get(tx.store(), cabinet, tx.last_insert_rowid())?;
    tx.commit()?;
    Ok(event)
}

/// Replaces an event's values with a form's (the whole record); one moved to another start
/// loses its alerts about the old one. Nothing is stored when a field is wrong.
pub fn update(
    store: &mut Store,
    cabinet: &Cabinet,
    id: i64,
    draft: &EventDraft,
    today: NaiveDate,
) -> Result<(CalendarEvent, Settled)> {
    let tx = store.begin_write()?;
    let before = get(tx.store(), cabinet, id)?;
    let v = check(&tx, cabinet, draft, Some(id))?;
    let scope = Scope::One(SubjectType::Event, id);
    let settled = alerts::settle_moved(tx.store(), cabinet, scope, v.starts_at != before.starts_at, today)?;
    tx.execute(
        "UPDATE events SET client_id = ?3, title = ?4, starts_at = ?5, importance = ?6, audience_id = ?7
         WHERE id = ?1 AND cabinet_id = ?2",
        params![id, cabinet.id, v.client_id, v.title, instant_text(v.starts_at), v.importance, v.audience_id],
    )?;
    let event = get(tx.store(), cabinet, id)?;
    tx.commit()?;
    Ok((event, settled))
}

/// What deleting the event would take with it (its notifications).
pub fn delete_impact(store: &Store, cabinet: &Cabinet, id: i64) -> Result<Impact> {
    super::subject_impact(store, cabinet, SubjectType::Event, id)
}

/// Deletes the event with its notifications and alert keys (queued alert emails listing it are
/// rewritten or withdrawn).
pub fn delete(store: &mut Store, cabinet: &Cabinet, id: i64, today: NaiveDate) -> Result<(Impact, Settled)> {
    super::delete_subject(store, cabinet, SubjectType::Event, id, today)
}
