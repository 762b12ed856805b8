//! The events table and form.

use crate::desk::Desk;
use crate::ipc::Answer;
use serde::Deserialize;
use tauri::State;
use vigie::firm::events::{CalendarEvent, EventDraft, EventQuery};
use vigie::firm::{Impact, Page};

/// What the events table asks for. A named type of its own: the generated TypeScript of a
/// generic type's phase (`ListQuery_Deserialize<S, F>`) loses its parameters when a command
/// takes it directly (specta-serde 0.0.13), not when a named type holds it.
#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(transparent)]
#[specta(transparent)]
pub struct EventsQuery(pub EventQuery);

/// A page of the events table.
#[tauri::command]
#[specta::specta]
pub fn list_events(desk: State<'_, Desk>, query: EventsQuery) -> Answer<Page<CalendarEvent>> {
    desk.as_user(|v, who| v.list_events(who.cabinet.as_deref(), &query.0))
}

/// One event, for its form.
#[tauri::command]
#[specta::specta]
pub fn get_event(desk: State<'_, Desk>, id: i64) -> Answer<CalendarEvent> {
    desk.as_user(|v, who| v.get_event(who.cabinet.as_deref(), id))
}

/// Creates a event from its form.
#[tauri::command]
#[specta::specta]
pub fn create_event(desk: State<'_, Desk>, draft: EventDraft) -> Answer<CalendarEvent> {
    desk.as_user(|v, who| v.create_event(who.cabinet.as_deref(), &draft))
}

/// Saves a event's form (the whole record).
#[tauri::command]
#[specta::specta]
pub fn update_event(desk: State<'_, Desk>, id: i64, draft: EventDraft) -> Answer<CalendarEvent> {
    desk.as_user(|v, who| v.update_event(who.cabinet.as_deref(), id, &draft))
}

/// What deleting a event would take with it (its alerts), for the confirmation.
#[tauri::command]
#[specta::specta]
pub fn event_delete_impact(desk: State<'_, Desk>, id: i64) -> Answer<Impact> {
    desk.as_user(|v, who| v.event_delete_impact(who.cabinet.as_deref(), id))
}

/// Deletes a event with its alerts; what went.
#[tauri::command]
#[specta::specta]
pub fn delete_event(desk: State<'_, Desk>, id: i64) -> Answer<Impact> {
    desk.as_user(|v, who| v.delete_event(who.cabinet.as_deref(), id))
}
