//! Seeing the load: the deadlines calendar ("Calendrier") and each person's workload ("Charge")
//! of the user's cabinet.

use crate::desk::Desk;
use crate::ipc::Answer;
use chrono::NaiveDate;
use tauri::State;
use vigie::firm::calendar::{CalendarFilter, DeadlineCalendar};
use vigie::firm::workload::Workload;

/// The cabinet's deadlines due from `from` to `to` (`YYYY-MM-DD`, both included, at most 62
/// days apart), by day, filtered by person and kind.
#[tauri::command]
#[specta::specta]
pub fn deadline_calendar(
    desk: State<'_, Desk>,
    from: NaiveDate,
    to: NaiveDate,
    filter: CalendarFilter,
) -> Answer<DeadlineCalendar> {
    desk.as_user(|v, who| v.deadline_calendar(who.cabinet.as_deref(), from, to, &filter))
}

/// Per active staff member, the open deadlines and tasks late, in the next 7 and 30 days.
#[tauri::command]
#[specta::specta]
pub fn workload(desk: State<'_, Desk>) -> Answer<Workload> {
    desk.as_user(|v, who| v.workload(who.cabinet.as_deref()))
}
