//! A client's page: everything about one client in one call.

use crate::desk::Desk;
use crate::ipc::Answer;
use tauri::State;
use vigie::firm::client_page::ClientPage;

/// The client with its manager, open deadlines, missing documents, open tasks, upcoming
/// events, counts and latest alerts.
#[tauri::command]
#[specta::specta]
pub fn client_page(desk: State<'_, Desk>, id: i64) -> Answer<ClientPage> {
    desk.as_user(|v, who| v.client_page(who.cabinet.as_deref(), id))
}
