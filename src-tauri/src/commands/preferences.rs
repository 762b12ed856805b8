//! The rest of "Réglages": each staff member's alert channels (pop-up, email, the weekly
//! digest), this computer's user's quiet hours, and the cabinet and workstation card.

use crate::commands::session::UserView;
use crate::desk::Desk;
use crate::ipc::Answer;
use serde::Serialize;
use tauri::State;
use vigie::email::channels::Channels;
use vigie::model::Role;
use vigie::quiet::QuietHours;

/// A staff member in the channels card's person picker.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct StaffChoice {
    /// Staff id (what the channel commands take).
    pub id: i64,
    /// Full name.
    pub name: String,
    /// Role.
    pub role: Role,
}

/// The cabinet and this computer's user, and the cabinet's active staff.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct CabinetCard {
    /// The cabinet's name.
    pub cabinet: String,
    /// Its time zone (IANA name, such as `Europe/Paris`): schedules and quiet hours are read in it.
    pub timezone: String,
    /// This computer's user.
    pub user: UserView,
    /// Their staff id (the person picker's default).
    pub user_id: i64,
    /// The cabinet's active staff, by name.
    pub staff: Vec<StaffChoice>,
}

/// The cabinet and workstation card.
#[tauri::command]
#[specta::specta]
pub fn cabinet_card(desk: State<'_, Desk>) -> Answer<CabinetCard> {
    desk.run(|v| {
        let user = v.workstation()?.ok_or(vigie::Error::NoWorkstation)?;
        let (_, members) = v.staff(Some(&user.cabinet.name))?;
        let mut staff: Vec<StaffChoice> = members
            .into_iter()
            .filter(|m| m.active)
            .map(|m| StaffChoice { id: m.id, name: m.name, role: m.role })
            .collect();
        staff.sort_by_key(|m| vigie::model::normalize(&m.name));
        Ok(CabinetCard {
            cabinet: user.cabinet.name.clone(),
            timezone: user.cabinet.timezone.name().to_string(),
            user_id: user.member.id,
            user: UserView::from(user),
            staff,
        })
    })
}

/// How a staff member of the user's cabinet is alerted, per kind (the four alerts and the
/// weekly digest).
#[tauri::command]
#[specta::specta]
pub fn staff_channels(desk: State<'_, Desk>, staff_id: i64) -> Answer<Vec<Channels>> {
    desk.as_user(|v, who| v.staff_channels(who.cabinet.as_deref(), staff_id))
}

/// Turns a staff member's email or pop-up alerts of one kind on or off (null: unchanged);
/// every kind's channels after the change.
#[tauri::command]
#[specta::specta]
pub fn set_staff_channel(
    desk: State<'_, Desk>,
    staff_id: i64,
    kind: String,
    email: Option<bool>,
    popup: Option<bool>,
) -> Answer<Vec<Channels>> {
    desk.as_user(|v, who| v.set_staff_channels(who.cabinet.as_deref(), staff_id, &kind, email, popup))
}

/// This computer's user's quiet hours (null: none).
#[tauri::command]
#[specta::specta]
pub fn quiet_hours(desk: State<'_, Desk>) -> Answer<Option<QuietHours>> {
    desk.as_user(|v, who| v.quiet_hours(who))
}

/// Sets this computer's user's quiet hours from the form (`HH:MM`; both empty: none); a wrong
/// field is refused with `invalid_fields`, named `quiet_from` or `quiet_until`.
#[tauri::command]
#[specta::specta]
pub fn set_quiet_hours(desk: State<'_, Desk>, from: String, until: String) -> Answer<Option<QuietHours>> {
    desk.as_user(|v, who| v.set_quiet_hours(who, vigie::quiet::from_form(&from, &until)?))
}
