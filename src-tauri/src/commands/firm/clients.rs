//! The clients table and form.

use crate::desk::Desk;
use crate::ipc::Answer;
use serde::Deserialize;
use tauri::State;
use vigie::firm::clients::{Client, ClientDraft, ClientQuery};
use vigie::firm::{Impact, Page};

/// What the clients table asks for. A named type of its own: the generated TypeScript of a
/// generic type's phase (`ListQuery_Deserialize<S, F>`) loses its parameters when a command
/// takes it directly (specta-serde 0.0.13), not when a named type holds it.
#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(transparent)]
#[specta(transparent)]
pub struct ClientsQuery(pub ClientQuery);

/// A page of the clients table (searched on the name and the SIREN).
#[tauri::command]
#[specta::specta]
pub fn list_clients(desk: State<'_, Desk>, query: ClientsQuery) -> Answer<Page<Client>> {
    desk.as_user(|v, who| v.list_clients(who.cabinet.as_deref(), &query.0))
}

/// One client, for its form.
#[tauri::command]
#[specta::specta]
pub fn get_client(desk: State<'_, Desk>, id: i64) -> Answer<Client> {
    desk.as_user(|v, who| v.get_client(who.cabinet.as_deref(), id))
}

/// Creates a client from its form.
#[tauri::command]
#[specta::specta]
pub fn create_client(desk: State<'_, Desk>, draft: ClientDraft) -> Answer<Client> {
    desk.as_user(|v, who| v.create_client(who.cabinet.as_deref(), &draft))
}

/// Saves a client's form (the whole record).
#[tauri::command]
#[specta::specta]
pub fn update_client(desk: State<'_, Desk>, id: i64, draft: ClientDraft) -> Answer<Client> {
    desk.as_user(|v, who| v.update_client(who.cabinet.as_deref(), id, &draft))
}

/// What deleting a client would take with it, for the confirmation.
#[tauri::command]
#[specta::specta]
pub fn client_delete_impact(desk: State<'_, Desk>, id: i64) -> Answer<Impact> {
    desk.as_user(|v, who| v.client_delete_impact(who.cabinet.as_deref(), id))
}

/// Deletes a client with everything it has; what went.
#[tauri::command]
#[specta::specta]
pub fn delete_client(desk: State<'_, Desk>, id: i64) -> Answer<Impact> {
    desk.as_user(|v, who| v.delete_client(who.cabinet.as_deref(), id))
}
