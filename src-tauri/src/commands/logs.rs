//! The log viewer: the data folder's daily log files, newest first, by level and text.

use crate::desk::Desk;
use crate::ipc::Answer;
use tauri::State;
use vigie::logs::{LogPage, LogQuery};

/// The entries matching `query`, newest first.
#[tauri::command]
#[specta::specta]
pub fn log_entries(desk: State<'_, Desk>, query: LogQuery) -> Answer<LogPage> {
    desk.run(|v| v.log_entries(&query))
}
