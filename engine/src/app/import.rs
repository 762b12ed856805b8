//! Import a CSV file into a cabinet; a staff import welcomes the people it created.

use crate::app::Vigie;
use crate::cabinet::Cabinet;
use crate::email::templates::Templates;
use crate::error::Result;
use crate::fiscal::generate::Generation;
use crate::import::columns::ImportKindInfo;
use crate::import::preview::ImportPreview;
use crate::import::{ImportKind, ImportReport};
use crate::store::Store;
use chrono::{DateTime, Utc};
use serde::Serialize;
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
    /// What the fiscal calendar generated for the clients of a clients file.
    pub calendar: Option<Generation>,
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
    let mut imported = welcome(store, cabinet, request.kind, request.welcome, report, templates, now);
    calendar(store, cabinet, request.kind, &mut imported, now)?;
    Ok(imported)
}

/// After a clients file, the clients' fiscal calendars: created for new clients, recomputed
/// for those whose facts changed.
fn calendar(
    store: &mut Store,
    cabinet: &Cabinet,
    kind: ImportKind,
    imported: &mut Imported,
    now: DateTime<Utc>,
) -> Result<()> {
    if kind != ImportKind::Clients {
        return Ok(());
    }
    let today = now.with_timezone(&cabinet.timezone).date_naive();
    let (generation, settled) = crate::app::calendar::regenerate(store, cabinet, None, today)?;
    imported.report.recipients.extend(settled.recipients);
    imported.calendar = Some(generation);
    Ok(())
}

/// Queues the welcome emails of the staff an import created (when asked, and for staff files).
fn welcome(
    store: &mut Store,
    cabinet: &Cabinet,
    kind: ImportKind,
    asked: bool,
    report: ImportReport,
    templates: &Templates,
    now: DateTime<Utc>,
) -> Imported {
    let welcome = if kind == ImportKind::Staff && asked && !report.created_ids.is_empty() {
        let today = now.with_timezone(&cabinet.timezone).date_naive();
        crate::email::welcome::queue_welcome(store, cabinet, &report.created_ids, templates, today, now)
    } else {
        Ok(0)
    };
    Imported { report, welcome, calendar: None }
}

/// What an import from the window did, as the window shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportSummary {
    /// What the file held.
    pub kind: ImportKind,
    /// The file's name.
    pub file: String,
    /// Rows created.
    pub created: u64,
    /// Existing rows updated.
    pub updated: u64,
    /// Header columns that were not read, in French.
    pub warnings: Vec<String>,
    /// Welcome emails queued for the staff created.
    pub welcomed: u64,
    /// Why the welcome emails could not be queued, in French (the import itself stands).
    pub welcome_failure: Option<String>,
    /// Alerts stopped by rows imported done or received.
    pub alerts: crate::firm::alerts::Stopped,
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

    /// Every kind of file the window can import, with its columns in French.
    pub fn import_kinds(&self) -> Vec<ImportKindInfo> {
        crate::import::columns::kinds()
    }

    /// What importing `bytes` (the content of the file named `file_name`) into the cabinet
    /// named would do; nothing is written. A file that cannot be read is a preview holding its
    /// problems, not an error.
    pub fn preview_import(
        &self,
        cabinet: Option<&str>,
        kind: ImportKind,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<ImportPreview> {
        let mut store = self.store();
        let cabinet = crate::cabinet::resolve(&store, cabinet)?;
        crate::import::preview::preview(&mut store, &cabinet, kind, file_name, bytes, self.clock().now())
    }

    /// Imports `bytes` (the content of the file named `file_name`) into the cabinet named, as
    /// `vigie import` does: refused whole with [`crate::Error::Import`] when any row is wrong;
    /// the staff created get their welcome email.
    pub fn import_bytes(
        &self,
        cabinet: Option<&str>,
        kind: ImportKind,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<ImportSummary> {
        let templates = Templates::for_data_dir(self.data_dir());
        let mut store = self.store();
        let cabinet = crate::cabinet::resolve(&store, cabinet)?;
        let now = self.clock().now();
        let report = crate::import::import_bytes(&mut store, &cabinet, kind, file_name, bytes, false, now)?;
        let mut imported = welcome(&mut store, &cabinet, kind, true, report, &templates, now);
        calendar(&mut store, &cabinet, kind, &mut imported, now)?;
        self.bus().publish_unread(&store, cabinet.id, imported.report.recipients.iter().copied())?;
        Ok(ImportSummary {
            kind,
            file: file_name.to_string(),
            created: imported.report.created,
            updated: imported.report.updated,
            warnings: imported.report.warnings_french.clone(),
            welcomed: *imported.welcome.as_ref().unwrap_or(&0),
            welcome_failure: imported.welcome.as_ref().err().map(crate::error::french::message),
            alerts: imported.report.alerts,
        })
    }
}
