//! The cabinet's settings as the "Réglages" screen edits them (alert horizons, reminder steps,
//! retentions), each checked by the engine.

use crate::desk::Desk;
use crate::ipc::Answer;
use tauri::State;
use vigie::settings::SettingEntry;

/// Every setting of the user's cabinet, with its value and default.
#[tauri::command]
#[specta::specta]
pub fn cabinet_settings(desk: State<'_, Desk>) -> Answer<Vec<SettingEntry>> {
    desk.as_user(|v, who| Ok(v.settings(who.cabinet.as_deref())?.1))
}

/// Changes one setting (refused with the reason when the value is not valid); every setting as
/// it now stands.
#[tauri::command]
#[specta::specta]
pub fn set_cabinet_setting(desk: State<'_, Desk>, key: String, value: String) -> Answer<Vec<SettingEntry>> {
    desk.as_user(|v, who| {
        v.set_setting(who.cabinet.as_deref(), &key, &value)?;
        Ok(v.settings(who.cabinet.as_deref())?.1)
    })
}
