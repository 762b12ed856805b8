//! Who uses this computer: the first-run screen (cabinet and person, or the demo), and the
//! state the window starts from.

use crate::desk::Desk;
use crate::ipc::Answer;
use crate::live::Running;
use serde::Serialize;
use tauri::State;
use vigie::model::Role;
use vigie::settings::pause::Pause;
use vigie::workstation::Workstation;

/// This computer's user, as the window shows them.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct UserView {
    /// Full name.
    pub name: String,
    /// Email.
    pub email: String,
    /// Their cabinet's name.
    pub cabinet: String,
    /// Whether the cabinet is the demo started on this computer ("Quitter la démo").
    pub demo: bool,
}

impl From<Workstation> for UserView {
    fn from(w: Workstation) -> Self {
        UserView { name: w.member.name, email: w.member.email, cabinet: w.cabinet.name, demo: w.demo }
    }
}

/// What the window starts from.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Session {
    /// This computer's user (None: the first-run screen).
    pub user: Option<UserView>,
    /// Their unread notifications.
    pub unread: u32,
    /// Whether pop-ups are muted on this computer, and until when.
    pub popups: Pause,
}

/// The user, their unread count and the pop-up mute; an error when the store cannot be opened.
#[tauri::command]
#[specta::specta]
pub fn session(desk: State<'_, Desk>) -> Answer<Session> {
    desk.run(|v| {
        let user = v.workstation()?;
        let unread = match &user {
            Some(_) => v.unread_count(&v.workstation_user()?)?,
            None => 0,
        };
        Ok(Session {
            user: user.map(UserView::from),
            unread: u32::try_from(unread).unwrap_or(u32::MAX),
            popups: v.popups_muted_until()?,
        })
    })
}

/// One staff member, for the first-run screen.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct MemberView {
    /// Full name.
    pub name: String,
    /// Email.
    pub email: String,
    /// Role.
    pub role: Role,
}

/// A cabinet and its active staff, for the first-run screen.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct CabinetStaff {
    /// The cabinet's name.
    pub cabinet: String,
    /// Its active staff, by name.
    pub members: Vec<MemberView>,
}

/// Every cabinet of the store with its active staff.
#[tauri::command]
#[specta::specta]
pub fn staff_directory(desk: State<'_, Desk>) -> Answer<Vec<CabinetStaff>> {
    desk.run(|v| {
        let mut directory = Vec::new();
        for cabinet in v.list_cabinets()? {
            let (_, staff) = v.staff(Some(&cabinet.name))?;
            let mut members: Vec<MemberView> = staff
                .into_iter()
                .filter(|m| m.active)
                .map(|m| MemberView { name: m.name, email: m.email, role: m.role })
                .collect();
            members.sort_by_key(|m| m.name.to_lowercase());
            directory.push(CabinetStaff { cabinet: cabinet.name, members });
        }
        Ok(directory)
    })
}

/// Makes a staff member this computer's user.
#[tauri::command]
#[specta::specta]
pub fn choose_user(
    desk: State<'_, Desk>,
    running: State<'_, Running>,
    email: String,
    cabinet: String,
) -> Answer<UserView> {
    let user = desk.run(|v| v.set_workstation(&email, Some(&cabinet)).map(UserView::from))?;
    // The tray and the title show the new user's count.
    running.nudge();
    Ok(user)
}

/// "Essayer avec la démo": the demo firm as a cabinet of its own, its expert as the user.
#[tauri::command]
#[specta::specta]
pub fn start_demo(desk: State<'_, Desk>, running: State<'_, Running>) -> Answer<UserView> {
    let user = desk.run(|v| v.start_demo().map(UserView::from))?;
    running.nudge();
    Ok(user)
}

/// "Quitter la démo": removes the demo cabinet; true when there was one.
#[tauri::command]
#[specta::specta]
pub fn leave_demo(desk: State<'_, Desk>, running: State<'_, Running>) -> Answer<bool> {
    let left = desk.run(|v| v.leave_demo())?;
    running.nudge();
    Ok(left)
}

/// "Réessayer" on the screen saying the store cannot be opened.
#[tauri::command]
#[specta::specta]
pub fn retry_open(desk: State<'_, Desk>) -> Answer<()> {
    desk.retry()
}
