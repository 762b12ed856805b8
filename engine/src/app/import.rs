//! Import a CSV file into a cabinet; a staff import welcomes the people it created.

use crate::app::Vigie;
use crate::cabinet::Cabinet;
use crate::email::templates::Templates;
use crate::error::Result;
use crate::import::{ImportKind, ImportReport};
use crate::store::Store;
use chrono::{DateTime, Utc};
use std::path::Path;

/// What to import, and how.
#[derive(Debug, Clone)]
pub struct ImportRequest<'a> {
    /// The file (CSV, UTF-8 or Windows-1252).
    pub file: &'a Path,
    /// What the file holds.
    pub kind: ImportKind,
    /// Import the valid rows and report the others, instead of refusing the whole file.
    pub skip_invalid: bool,
    /// Queue a welcome email for each staff member created (staff imports only).
    pub welcome: bool,
}

/// What an import did.
#[derive(Debug)]
pub struct Imported {
    /// Rows created, updated and skipped, and warnings.
    pub report: ImportReport,
    /// Welcome emails queued, or why they were not (the import itself stands either way).
    pub welcome: Result<u64>,
}

/// Imports the file into `cabinet` as of `now`, then queues the welcome emails of the staff
/// it created.
pub fn import(
    store: &mut Store,
    cabinet: &Cabinet,
    request: &ImportRequest<'_>,
    templates: &Templates,
    now: DateTime<Utc>,
) -> Result<Imported> {
    let report = crate::import::import_file(store, cabinet, request.kind, request.file, request.skip_invalid, now)?;
    let welcome = if request.kind == ImportKind::Staff && request.welcome && !report.created_ids.is_empty() {
        let today = now.with_timezone(&cabinet.timezone).date_naive();
        crate::email::welcome::queue_welcome(store, cabinet, &report.created_ids, templates, today, now)
    } else {
        Ok(0)
    };
    Ok(Imported { report, welcome })
}

impl Vigie {
    /// Imports a file into the cabinet named (the only one when none is named).
    pub fn import(&self, cabinet: Option<&str>, request: &ImportRequest<'_>) -> Result<Imported> {
        let templates = Templates::for_data_dir(self.data_dir());
        let mut store = self.store();
        let cabinet = crate::cabinet::resolve(&store, cabinet)?;
        let imported = import(&mut store, &cabinet, request, &templates, self.clock().now())?;
        self.bus().publish_unread(&store, cabinet.id, imported.report.recipients.iter().copied())?;
        Ok(imported)
    }
}
