//! The deadlines table and form, and "faite" in one click.

use crate::desk::Desk;
use crate::ipc::Answer;
use serde::Deserialize;
use tauri::State;
use vigie::firm::deadlines::{Deadline, DeadlineDraft, DeadlineQuery};
use vigie::firm::{Impact, Page, StateChange};

/// What the deadlines table asks for. A named type of its own: the generated TypeScript of a
/// generic type's phase (`ListQuery_Deserialize<S, F>`) loses its parameters when a command
/// takes it directly (specta-serde 0.0.13), not when a named type holds it.
#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(transparent)]
#[specta(transparent)]
pub struct DeadlinesQuery(pub DeadlineQuery);

/// A page of the deadlines table.
#[tauri::command]
#[specta::specta]
pub fn list_deadlines(desk: State<'_, Desk>, query: DeadlinesQuery) -> Answer<Page<Deadline>> {
    desk.as_user(|v, who| v.list_deadlines(who.cabinet.as_deref(), &query.0))
}

/// One deadline, for its form.
#[tauri::command]
#[specta::specta]
pub fn get_deadline(desk: State<'_, Desk>, id: i64) -> Answer<Deadline> {
    desk.as_user(|v, who| v.get_deadline(who.cabinet.as_deref(), id))
}

/// Creates a deadline from its form.
#[tauri::command]
#[specta::specta]
pub fn create_deadline(desk: State<'_, Desk>, draft: DeadlineDraft) -> Answer<Deadline> {
    desk.as_user(|v, who| v.create_deadline(who.cabinet.as_deref(), &draft))
}

/// Saves a deadline's form (the whole record).
#[tauri::command]
#[specta::specta]
pub fn update_deadline(desk: State<'_, Desk>, id: i64, draft: DeadlineDraft) -> Answer<Deadline> {
    desk.as_user(|v, who| v.update_deadline(who.cabinet.as_deref(), id, &draft))
}

/// What deleting a deadline would take with it (its alerts), for the confirmation.
#[tauri::command]
#[specta::specta]
pub fn deadline_delete_impact(desk: State<'_, Desk>, id: i64) -> Answer<Impact> {
    desk.as_user(|v, who| v.deadline_delete_impact(who.cabinet.as_deref(), id))
}

/// Deletes a deadline with its alerts; what went.
#[tauri::command]
#[specta::specta]
pub fn delete_deadline(desk: State<'_, Desk>, id: i64) -> Answer<Impact> {
    desk.as_user(|v, who| v.delete_deadline(who.cabinet.as_deref(), id))
}

/// "Faite" in one click (its alerts stop), or back with `done` false.
#[tauri::command]
#[specta::specta]
pub fn set_deadline_done(desk: State<'_, Desk>, id: i64, done: bool) -> Answer<StateChange<Deadline>> {
    desk.as_user(|v, who| v.set_deadline_done(who.cabinet.as_deref(), id, done))
}
