//! "Exporter en CSV" under a table: the engine writes the file, into the user's download
//! folder, never over an existing file.

use crate::desk::Desk;
use crate::ipc::Answer;
use std::path::PathBuf;
use std::sync::RwLock;
use tauri::{AppHandle, Manager, Runtime, State};
use vigie::firm::export::{self, ExportTable};

/// Where exports go: the user's download folder, else their home folder, as Tauri's path
/// resolver finds them at start-up (managed by [`crate::run`], resolved in its setup).
#[derive(Debug, Default)]
pub struct ExportFolder {
    candidates: RwLock<Vec<PathBuf>>,
}

impl ExportFolder {
    /// Finds the download and home folders of the app's user.
    pub fn resolve<R: Runtime>(&self, app: &AppHandle<R>) {
        let paths = app.path();
        let candidates = [paths.download_dir(), paths.home_dir()].into_iter().filter_map(Result::ok).collect();
        *self.candidates.write().unwrap_or_else(|e| e.into_inner()) = candidates;
    }

    /// Sends exports to `dir` instead (the tests' temporary folder).
    pub fn redirect(&self, dir: PathBuf) {
        *self.candidates.write().unwrap_or_else(|e| e.into_inner()) = vec![dir];
    }

    /// The first candidate that is a folder now (a download folder may be deleted, or never
    /// made: XDG names it all the same).
    pub(crate) fn get(&self) -> vigie::Result<PathBuf> {
        let candidates = self.candidates.read().unwrap_or_else(|e| e.into_inner());
        candidates.iter().find(|d| d.is_dir()).cloned().ok_or_else(|| match candidates.first() {
            Some(dir) => vigie::Error::Io { path: dir.clone(), source: std::io::ErrorKind::NotFound.into() },
            None => vigie::Error::Internal("neither a download folder nor a home folder is known".into()),
        })
    }
}

/// Writes every row of the table (its search and filters, in its order) as a CSV file for
/// Excel in the download folder; returns the file's full path.
#[tauri::command]
#[specta::specta]
pub fn export_table(desk: State<'_, Desk>, folder: State<'_, ExportFolder>, table: ExportTable) -> Answer<String> {
    desk.as_user(|v, who| {
        let done = v.export_table(who.cabinet.as_deref(), &table)?;
        Ok(export::save(&folder.get()?, &done)?.display().to_string())
    })
}
