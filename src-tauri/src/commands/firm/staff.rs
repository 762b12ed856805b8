//! The staff table and form, and removing someone (deleted, or deactivated when they have
//! history).

use crate::desk::Desk;
use crate::ipc::Answer;
use serde::Deserialize;
use tauri::State;
use vigie::firm::Page;
use vigie::firm::staff::{StaffDraft, StaffImpact, StaffQuery};
use vigie::staff::StaffMember;

/// What the staff table asks for. A named type of its own: the generated TypeScript of a
/// generic type's phase (`ListQuery_Deserialize<S, F>`) loses its parameters when a command
/// takes it directly (specta-serde 0.0.13), not when a named type holds it.
#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(transparent)]
#[specta(transparent)]
pub struct StaffListQuery(pub StaffQuery);

/// A page of the staff table (searched on the name and the email).
#[tauri::command]
#[specta::specta]
pub fn list_staff(desk: State<'_, Desk>, query: StaffListQuery) -> Answer<Page<StaffMember>> {
    desk.as_user(|v, who| v.list_staff(who.cabinet.as_deref(), &query.0))
}

/// One staff member, for their form.
#[tauri::command]
#[specta::specta]
pub fn get_staff(desk: State<'_, Desk>, id: i64) -> Answer<StaffMember> {
    desk.as_user(|v, who| v.get_staff(who.cabinet.as_deref(), id))
}

/// Adds a staff member from their form.
#[tauri::command]
#[specta::specta]
pub fn create_staff(desk: State<'_, Desk>, draft: StaffDraft) -> Answer<StaffMember> {
    desk.as_user(|v, who| v.create_staff(who.cabinet.as_deref(), &draft))
}

/// Saves a staff member's form (the whole record; `active` false deactivates them).
#[tauri::command]
#[specta::specta]
pub fn update_staff(desk: State<'_, Desk>, id: i64, draft: StaffDraft) -> Answer<StaffMember> {
    desk.as_user(|v, who| v.update_staff(who.cabinet.as_deref(), id, &draft))
}

/// What removing a staff member would do (deleted, or deactivated), for the confirmation.
#[tauri::command]
#[specta::specta]
pub fn staff_removal_impact(desk: State<'_, Desk>, id: i64) -> Answer<StaffImpact> {
    desk.as_user(|v, who| v.staff_removal_impact(who.cabinet.as_deref(), id))
}

/// Removes a staff member; which removal it was.
#[tauri::command]
#[specta::specta]
pub fn remove_staff(desk: State<'_, Desk>, id: i64) -> Answer<StaffImpact> {
    desk.as_user(|v, who| v.remove_staff(who.cabinet.as_deref(), id))
}
