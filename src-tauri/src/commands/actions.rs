//! What both the tray menu and the window do: check now, mute and resume pop-ups; and the
//! "À propos" screen.

use crate::desk::Desk;
use crate::ipc::Answer;
use serde::{Deserialize, Serialize};
use tauri::State;
use vigie::schedule::Job;
use vigie::schedule::history::Outcome;
use vigie::settings::pause::Pause;

/// What "Vérifier maintenant" did in the user's cabinet.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct CheckDone {
    /// How the run ended (skipped when the cabinet's alerts are paused).
    pub outcome: Outcome,
    /// Notifications created, for everyone in the cabinet.
    pub created: u32,
    /// Why it failed or was skipped.
    pub error: Option<String>,
}

/// Runs the check now in the user's cabinet (recorded in the jobs' history as manual).
pub fn check(desk: &Desk) -> Answer<CheckDone> {
    let runs = desk.as_user(|v, who| v.run_job(who.cabinet.as_deref(), Job::Check))?;
    let run = runs.into_iter().next();
    let created = run
        .as_ref()
        .and_then(|r| r.counts.notifications)
        .map_or(0, |n| n.echeance_proche + n.documents_manquants + n.taches_retard + n.evenement_important);
    Ok(CheckDone {
        outcome: run.as_ref().map_or(Outcome::Ok, |r| r.outcome),
        created: u32::try_from(created).unwrap_or(u32::MAX),
        error: run.and_then(|r| r.error),
    })
}

/// "Vérifier maintenant".
#[tauri::command]
#[specta::specta]
pub fn check_now(desk: State<'_, Desk>) -> Answer<CheckDone> {
    check(&desk)
}

/// How long pop-ups stay muted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum MuteFor {
    /// One hour.
    OneHour,
    /// Until tomorrow at 09:00 in the cabinet's timezone.
    UntilTomorrow,
}

/// Mutes pop-ups on this computer (the inbox, the badge and emails go on).
pub fn mute(desk: &Desk, span: MuteFor) -> Answer<Pause> {
    desk.run(|v| {
        let until = match span {
            MuteFor::OneHour => v.clock().now() + chrono::Duration::hours(1),
            MuteFor::UntilTomorrow => v.tomorrow_at_nine()?,
        };
        v.mute_popups(Some(until))
    })
}

/// "Suspendre les pop-ups".
#[tauri::command]
#[specta::specta]
pub fn mute_popups(desk: State<'_, Desk>, span: MuteFor) -> Answer<Pause> {
    mute(&desk, span)
}

/// "Reprendre les pop-ups".
#[tauri::command]
#[specta::specta]
pub fn resume_popups(desk: State<'_, Desk>) -> Answer<()> {
    desk.run(|v| v.resume_popups())
}

/// The "À propos" screen.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct About {
    /// Vigie's version.
    pub version: String,
    /// The data folder (store, templates, backups).
    pub data_dir: String,
    /// The log folder.
    pub log_dir: String,
}

/// The version and the folders.
#[tauri::command]
#[specta::specta]
pub fn about(desk: State<'_, Desk>) -> About {
    About {
        version: env!("CARGO_PKG_VERSION").to_string(),
        data_dir: desk.data_dir().display().to_string(),
        log_dir: vigie::logs::dir(desk.data_dir()).display().to_string(),
    }
}

/// A folder "À propos" opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Folder {
    /// The data folder.
    Data,
    /// The log folder.
    Logs,
}

/// Opens a folder in the file manager.
#[tauri::command]
#[specta::specta]
pub fn open_folder(desk: State<'_, Desk>, folder: Folder) -> Answer<()> {
    let path = match folder {
        Folder::Data => desk.data_dir().to_path_buf(),
        Folder::Logs => vigie::logs::dir(desk.data_dir()),
    };
    tauri_plugin_opener::open_path(&path, None::<&str>).map_err(|e| {
        crate::ipc::IpcError::from_engine(
            vigie::Error::Io { path: path.clone(), source: std::io::Error::other(e.to_string()) },
            desk.data_dir(),
        )
    })
}
