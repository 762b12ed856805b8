//! The tasks table and form, and "terminée" in one click.

use crate::desk::Desk;
use crate::ipc::Answer;
use serde::Deserialize;
use tauri::State;
use vigie::firm::tasks::{Task, TaskDraft, TaskQuery};
use vigie::firm::{Impact, Page, StateChange};

/// What the tasks table asks for. A named type of its own: the generated TypeScript of a
/// generic type's phase (`ListQuery_Deserialize<S, F>`) loses its parameters when a command
/// takes it directly (specta-serde 0.0.13), not when a named type holds it.
#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(transparent)]
#[specta(transparent)]
pub struct TasksQuery(pub TaskQuery);

/// A page of the tasks table.
#[tauri::command]
#[specta::specta]
pub fn list_tasks(desk: State<'_, Desk>, query: TasksQuery) -> Answer<Page<Task>> {
    desk.as_user(|v, who| v.list_tasks(who.cabinet.as_deref(), &query.0))
}

/// One task, for its form.
#[tauri::command]
#[specta::specta]
pub fn get_task(desk: State<'_, Desk>, id: i64) -> Answer<Task> {
    desk.as_user(|v, who| v.get_task(who.cabinet.as_deref(), id))
}

/// Creates a task from its form.
#[tauri::command]
#[specta::specta]
pub fn create_task(desk: State<'_, Desk>, draft: TaskDraft) -> Answer<Task> {
    desk.as_user(|v, who| v.create_task(who.cabinet.as_deref(), &draft))
}

/// Saves a task's form (the whole record).
#[tauri::command]
#[specta::specta]
pub fn update_task(desk: State<'_, Desk>, id: i64, draft: TaskDraft) -> Answer<Task> {
    desk.as_user(|v, who| v.update_task(who.cabinet.as_deref(), id, &draft))
}

/// What deleting a task would take with it (its alerts), for the confirmation.
#[tauri::command]
#[specta::specta]
pub fn task_delete_impact(desk: State<'_, Desk>, id: i64) -> Answer<Impact> {
    desk.as_user(|v, who| v.task_delete_impact(who.cabinet.as_deref(), id))
}

/// Deletes a task with its alerts; what went.
#[tauri::command]
#[specta::specta]
pub fn delete_task(desk: State<'_, Desk>, id: i64) -> Answer<Impact> {
    desk.as_user(|v, who| v.delete_task(who.cabinet.as_deref(), id))
}

/// "Terminée" in one click (its alerts stop), or back with `done` false.
#[tauri::command]
#[specta::specta]
pub fn set_task_done(desk: State<'_, Desk>, id: i64, done: bool) -> Answer<StateChange<Task>> {
    desk.as_user(|v, who| v.set_task_done(who.cabinet.as_deref(), id, done))
}
