//! The document requests table and form, and "reçu" in one click.

use crate::desk::Desk;
use crate::ipc::Answer;
use serde::Deserialize;
use tauri::State;
use vigie::firm::documents::{DocumentDraft, DocumentQuery, DocumentRequest};
use vigie::firm::{Impact, Page, StateChange};

/// What the document requests table asks for. A named type of its own: the generated TypeScript of a
/// generic type's phase (`ListQuery_Deserialize<S, F>`) loses its parameters when a command
/// takes it directly (specta-serde 0.0.13), not when a named type holds it.
#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(transparent)]
#[specta(transparent)]
pub struct DocumentsQuery(pub DocumentQuery);

/// A page of the document requests table.
#[tauri::command]
#[specta::specta]
pub fn list_documents(desk: State<'_, Desk>, query: DocumentsQuery) -> Answer<Page<DocumentRequest>> {
    desk.as_user(|v, who| v.list_documents(who.cabinet.as_deref(), &query.0))
}

/// One document request, for its form.
#[tauri::command]
#[specta::specta]
pub fn get_document(desk: State<'_, Desk>, id: i64) -> Answer<DocumentRequest> {
    desk.as_user(|v, who| v.get_document(who.cabinet.as_deref(), id))
}

/// Creates a document request from its form.
#[tauri::command]
#[specta::specta]
pub fn create_document(desk: State<'_, Desk>, draft: DocumentDraft) -> Answer<DocumentRequest> {
    desk.as_user(|v, who| v.create_document(who.cabinet.as_deref(), &draft))
}

/// Saves a document request's form (the whole record).
#[tauri::command]
#[specta::specta]
pub fn update_document(desk: State<'_, Desk>, id: i64, draft: DocumentDraft) -> Answer<DocumentRequest> {
    desk.as_user(|v, who| v.update_document(who.cabinet.as_deref(), id, &draft))
}

/// What deleting a document request would take with it (its alerts), for the confirmation.
#[tauri::command]
#[specta::specta]
pub fn document_delete_impact(desk: State<'_, Desk>, id: i64) -> Answer<Impact> {
    desk.as_user(|v, who| v.document_delete_impact(who.cabinet.as_deref(), id))
}

/// Deletes a document request with its alerts; what went.
#[tauri::command]
#[specta::specta]
pub fn delete_document(desk: State<'_, Desk>, id: i64) -> Answer<Impact> {
    desk.as_user(|v, who| v.delete_document(who.cabinet.as_deref(), id))
}

/// "Reçu" today in one click (its alerts stop), or missing again with `received` false.
#[tauri::command]
#[specta::specta]
pub fn set_document_received(desk: State<'_, Desk>, id: i64, received: bool) -> Answer<StateChange<DocumentRequest>> {
    desk.as_user(|v, who| v.set_document_received(who.cabinet.as_deref(), id, received))
}
