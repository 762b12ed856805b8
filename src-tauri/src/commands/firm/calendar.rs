//! The fiscal calendar in the window: a client's obligations over a year, a date of the
//! client's own or a kind turned off, generating every client's, and the deadlines as an
//! iCalendar file written into the export folder like a CSV export.

use crate::commands::export::ExportFolder;
use crate::desk::Desk;
use crate::ipc::Answer;
use tauri::State;
use vigie::app::calendar::{ClientCalendar, IcsRequest};
use vigie::firm::export;
use vigie::fiscal::generate::Generation;

/// A client's obligations falling due in `year` (default: this year), with their deadlines
/// and what the client lacks for the others.
#[tauri::command]
#[specta::specta]
pub fn client_calendar(desk: State<'_, Desk>, client_id: i64, year: Option<i32>) -> Answer<ClientCalendar> {
    desk.as_user(|v, who| v.client_calendar(who.cabinet.as_deref(), client_id, year))
}

/// Sets the client's own date for one obligation (`YYYY-MM-DD` or `DD/MM/YYYY`), or with
/// None goes back to the rule's; the client's deadlines follow at once.
#[tauri::command]
#[specta::specta]
pub fn set_obligation_date(
    desk: State<'_, Desk>,
    client_id: i64,
    kind: String,
    period: String,
    date: Option<String>,
) -> Answer<Generation> {
    desk.as_user(|v, who| v.set_obligation_date(who.cabinet.as_deref(), client_id, &kind, &period, date.as_deref()))
}

/// Turns a kind of obligation off for the client, or back on.
#[tauri::command]
#[specta::specta]
pub fn set_obligation_kind(desk: State<'_, Desk>, client_id: i64, kind: String, on: bool) -> Answer<Generation> {
    desk.as_user(|v, who| v.set_obligation_kind(who.cabinet.as_deref(), client_id, &kind, on))
}

/// Generates every client's obligations for the next 15 months; what it did.
#[tauri::command]
#[specta::specta]
pub fn generate_calendar(desk: State<'_, Desk>) -> Answer<Generation> {
    desk.as_user(|v, who| v.generate_calendar(who.cabinet.as_deref(), None, None))
}

/// Writes the cabinet's open deadlines of the next 15 months (or one person's) as an
/// iCalendar file into the export folder, never over a file; returns its full path.
#[tauri::command]
#[specta::specta]
pub fn export_deadlines_ics(
    desk: State<'_, Desk>,
    folder: State<'_, ExportFolder>,
    person_email: Option<String>,
) -> Answer<String> {
    desk.as_user(|v, who| {
        let request = IcsRequest { person: person_email.filter(|e| !e.trim().is_empty()), ..IcsRequest::default() };
        let done = v.deadlines_ics(who.cabinet.as_deref(), &request)?;
        Ok(export::save(&folder.get()?, &done)?.display().to_string())
    })
}
