//! The cabinet's SMTP server: its settings, the password (to the keyring, never shown back) and
//! the test email with the server's exact answer.

use crate::desk::Desk;
use crate::ipc::{Answer, IpcError};
use tauri::State;
use vigie::app::smtp::{SmtpChanges, SmtpPanel};

/// The settings (None until configured) and whether the password is stored.
#[tauri::command]
#[specta::specta]
pub fn smtp_settings(desk: State<'_, Desk>) -> Answer<SmtpPanel> {
    desk.as_user(|v, who| v.smtp_panel(who.cabinet.as_deref()))
}

/// Saves the settings; a password given goes to the keyring (an empty one is not a change).
#[tauri::command]
#[specta::specta]
pub fn save_smtp(desk: State<'_, Desk>, changes: SmtpChanges, password: Option<String>) -> Answer<SmtpPanel> {
    let password = password.filter(|p| !p.is_empty());
    desk.as_user(|v, who| {
        v.set_smtp(who.cabinet.as_deref(), changes, password.as_deref())?;
        v.smtp_panel(who.cabinet.as_deref())
    })
}

/// Sends the test email to `to` now; a refusal carries the server's answer. Async: the window
/// stays responsive while the server is slow.
#[tauri::command]
#[specta::specta]
pub async fn send_test_email(desk: State<'_, Desk>, to: String) -> Answer<()> {
    let vigie = desk.vigie()?;
    let fail = |e| IpcError::from_engine(e, vigie.store_path());
    let who = vigie.workstation_user().map_err(fail)?;
    vigie.send_test_email(who.cabinet.as_deref(), &to, None).await.map(drop).map_err(fail)
}
