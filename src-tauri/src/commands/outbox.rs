//! The emails of the user's cabinet: queued, sent, failed with the server's reply; "Réessayer".

use crate::desk::Desk;
use crate::ipc::Answer;
use tauri::State;
use vigie::email::outbox::{OutboxRow, OutboxStatus};

/// The cabinet's emails, newest first, at most `limit`, of one status or all.
#[tauri::command]
#[specta::specta]
pub fn outbox(desk: State<'_, Desk>, status: Option<OutboxStatus>, limit: u32) -> Answer<Vec<OutboxRow>> {
    desk.as_user(|v, who| v.outbox(who.cabinet.as_deref(), status, limit))
}

/// "Réessayer": sends a failed (or queued) email again at the next pass.
#[tauri::command]
#[specta::specta]
pub fn retry_email(desk: State<'_, Desk>, id: i64) -> Answer<()> {
    desk.as_user(|v, who| v.retry_email(id, who.cabinet.as_deref()))
}
