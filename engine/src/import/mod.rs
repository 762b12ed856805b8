//! CSV import of the firm's data: staff, clients, deadlines, document requests, tasks, events.
//!
//! A file is validated whole before anything is written: with bad rows nothing is imported and
//! every problem is listed as `file:line: column: reason`, unless the caller asks to skip them.
//! What is stored is what the file says: a file whose encoding or quoting cannot be read with
//! certainty is refused whole, and no cell may hold control characters (nor line breaks,
//! outside free-text columns).
//! Re-importing a file updates rows by their natural key and never duplicates them.

mod clients;
pub mod columns;
mod deadlines;
mod documents;
mod encoding;
mod events;
pub(crate) mod fields;
#[cfg(test)]
mod french_reasons;
mod lookup;
pub mod preview;
mod problem;
mod quotes;
mod row;
mod source;
mod staff;
mod tasks;

use crate::cabinet::Cabinet;
use crate::error::{Error, Result};
use crate::firm::alerts::{self, SubjectType};
use crate::store::{Store, instant_text};
use chrono::{DateTime, Utc};
use lookup::Lookup;
use row::RowReader;
use serde::{Deserialize, Serialize};
use source::Column;
use std::collections::HashMap;
use std::path::Path;

pub use problem::ImportProblem;
pub(crate) use problem::Reason;

/// What a CSV file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    /// `name,email,role[,active]`
    Staff,
    /// `name,siren,manager_email,vat_regime,fiscal_year_end`
    Clients,
    /// `client_siren,kind,label,due_date,assignee_email,status`
    Deadlines,
    /// `client_siren,label,requested_on,due_date,received_on,owner_email`
    Documents,
    /// `client_siren,title,assignee_email,due_date,status,priority`
    Tasks,
    /// `client_siren,title,starts_at,importance,audience_email`
    Events,
}

impl ImportKind {
    /// Every kind, in the order files should be imported (later ones refer to earlier ones).
    pub const ALL: &'static [ImportKind] = &[
        ImportKind::Staff,
        ImportKind::Clients,
        ImportKind::Deadlines,
        ImportKind::Documents,
        ImportKind::Tasks,
        ImportKind::Events,
    ];

    /// The kind's name on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            ImportKind::Staff => "staff",
            ImportKind::Clients => "clients",
            ImportKind::Deadlines => "deadlines",
            ImportKind::Documents => "documents",
            ImportKind::Tasks => "tasks",
            ImportKind::Events => "events",
        }
    }

    /// What the file holds, in French, as the window names it.
    pub fn french(self) -> &'static str {
        match self {
            ImportKind::Staff => "Équipe",
            ImportKind::Clients => "Clients",
            ImportKind::Deadlines => "Échéances",
            ImportKind::Documents => "Documents",
            ImportKind::Tasks => "Tâches",
            ImportKind::Events => "Événements",
        }
    }
}

/// What an import did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportReport {
    /// Rows created.
    pub created: u64,
    /// Existing rows updated (same natural key).
    pub updated: u64,
    /// Problems of the rows left out with `skip_invalid`.
    pub skipped: Vec<ImportProblem>,
    /// Ids of the rows created (new staff members get a welcome email).
    pub created_ids: Vec<i64>,
    /// Header columns that were not read, each as `file:1: column "X" is not used (expected: …)`.
    pub warnings: Vec<String>,
    /// Alerts stopped because rows were imported done (a deadline `faite`, a document received,
    /// a task `terminee`), as the window's one click stops them.
    pub alerts: crate::firm::alerts::Stopped,
    /// Staff whose unread count those stopped alerts moved (the application layer publishes them).
    #[serde(skip)]
    pub recipients: std::collections::BTreeSet<i64>,
    /// The same warnings in French, for the window (not in the command line's output).
    #[serde(skip)]
    pub warnings_french: Vec<String>,
}

/// One kind of importable row.
pub(crate) trait Kind {
    /// A validated row, ready to write.
    type Record;
    /// The kind's columns.
    const COLUMNS: &'static [Column];
    /// Columns of which the header must hold at least one (none when empty).
    const ONE_OF: &'static [&'static str] = &[];
    /// Reads and validates one row; problems are recorded in `row`, and a row with problems is
    /// dropped whatever this returns.
    fn parse(row: &mut RowReader<'_>, lookup: &Lookup) -> Option<Self::Record>;
    /// The subjects a row of this kind can close (done, received), whose alerts then stop.
    const CLOSES: Option<SubjectType> = None;
    /// The natural key, to catch the same row twice in one file.
    fn key(record: &Self::Record) -> String;
    /// Creates or updates the row; true when created.
    fn write(ctx: &WriteContext<'_>, record: &Self::Record) -> rusqlite::Result<bool>;
}

/// Where and when records are written.
pub(crate) struct WriteContext<'a> {
    pub conn: &'a rusqlite::Connection,
    pub cabinet: &'a Cabinet,
    pub now: String,
}

impl WriteContext<'_> {
    /// Runs one write statement, prepared once per import: a file of 100,000 rows runs the
    /// same few statements 100,000 times, and preparing each anew cost a good part of it.
    pub fn execute(&self, sql: &str, params: &[&dyn rusqlite::ToSql]) -> rusqlite::Result<usize> {
        self.conn.prepare_cached(sql)?.execute(params)
    }
}

/// Imports the CSV file at `path` into `cabinet`.
pub fn import_file(
    store: &mut Store,
    cabinet: &Cabinet,
    kind: ImportKind,
    path: &Path,
    skip_invalid: bool,
    now: DateTime<Utc>,
) -> Result<ImportReport> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
    import_bytes(store, cabinet, kind, &path.display().to_string(), &bytes, skip_invalid, now)
}

/// Imports the bytes of a CSV file (UTF-8, UTF-16 or Windows-1252, as [`import_file`] reads
/// them); `file` names it in error messages.
pub fn import_bytes(
    store: &mut Store,
    cabinet: &Cabinet,
    kind: ImportKind,
    file: &str,
    bytes: &[u8],
    skip_invalid: bool,
    now: DateTime<Utc>,
) -> Result<ImportReport> {
    let text =
        encoding::decode(file, bytes).map_err(|problem| Error::Import { problems: vec![problem], whole_file: true })?;
    import_text(store, cabinet, kind, file, &text, skip_invalid, now)
}

/// Imports CSV text; `file` names it in error messages.
pub fn import_text(
    store: &mut Store,
    cabinet: &Cabinet,
    kind: ImportKind,
    file: &str,
    text: &str,
    skip_invalid: bool,
    now: DateTime<Utc>,
) -> Result<ImportReport> {
    let run = match kind {
        ImportKind::Staff => run::<staff::Staff>,
        ImportKind::Clients => run::<clients::Clients>,
        ImportKind::Deadlines => run::<deadlines::Deadlines>,
        ImportKind::Documents => run::<documents::Documents>,
        ImportKind::Tasks => run::<tasks::Tasks>,
        ImportKind::Events => run::<events::Events>,
    };
    run(store, cabinet, file, text, skip_invalid, now)
}

fn run<K: Kind>(
    store: &mut Store,
    cabinet: &Cabinet,
    file: &str,
    text: &str,
    skip_invalid: bool,
    now: DateTime<Utc>,
) -> Result<ImportReport> {
    let table = source::read(file, text, K::COLUMNS, K::ONE_OF)
        .map_err(|problems| Error::Import { problems, whole_file: true })?;
    let tx = store.begin_write()?;
    let checked = check::<K>(&tx, cabinet, file, &table)?;
    if !checked.errors.is_empty() && !skip_invalid {
        return Err(Error::Import { problems: checked.errors, whole_file: false });
    }
    let mut report = ImportReport {
        skipped: checked.errors,
        warnings: table.warnings,
        warnings_french: table.warnings_french,
        ..ImportReport::default()
    };
    for written in write::<K>(&tx, cabinet, &checked.records, now)? {
        match written.created {
            Some(id) => {
                report.created += 1;
                report.created_ids.push(id);
            }
            None => report.updated += 1,
        }
    }
    // A row created has no alerts yet; only an update can close a subject that had some.
    if let Some(subject) = K::CLOSES.filter(|_| report.updated > 0) {
        let today = now.with_timezone(&cabinet.timezone).date_naive();
        let settled = alerts::settle_closed(tx.store(), cabinet, subject, today, now)?;
        report.alerts = settled.stopped;
        report.recipients = settled.recipients;
    }
    tx.commit()?;
    Ok(report)
}

/// The rows of a file read and validated against the cabinet's data, nothing written yet.
pub(crate) struct Checked<R> {
    /// The valid rows, each with its line.
    pub records: Vec<(u64, R)>,
    /// Every problem of the other rows.
    pub errors: Vec<ImportProblem>,
}

/// Reads and validates every row of `table` as kind `K`, with the cabinet's staff and clients
/// as `conn` sees them (inside the import's transaction).
pub(crate) fn check<K: Kind>(
    conn: &rusqlite::Connection,
    cabinet: &Cabinet,
    file: &str,
    table: &source::Table,
) -> Result<Checked<K::Record>> {
    let lookup = Lookup::load(conn, cabinet)?;
    let mut records = Vec::new();
    let mut errors = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for (line, values) in &table.rows {
        let mut row = RowReader::new(file, *line, K::COLUMNS, &table.positions, &table.headers, values);
        let record = K::parse(&mut row, &lookup);
        let mut row_errors = row.finish();
        if let Some(record) = record.filter(|_| row_errors.is_empty()) {
            match seen.insert(K::key(&record), *line) {
                Some(first) => row_errors.push(ImportProblem::new(
                    file,
                    *line,
                    "row",
                    format!("same row as line {first} (a file lists each row once)"),
                    format!("répète la ligne {first} (le fichier ne doit donner chaque enregistrement qu'une fois)"),
                )),
                None => records.push((*line, record)),
            }
        }
        errors.append(&mut row_errors);
    }
    Ok(Checked { records, errors })
}

/// What writing one row did.
pub(crate) struct Written {
    /// The row's line in the file.
    pub line: u64,
    /// The id of the row created, None when an existing row was updated.
    pub created: Option<i64>,
}

/// Writes the valid rows in the caller's transaction, in file order.
pub(crate) fn write<K: Kind>(
    conn: &rusqlite::Connection,
    cabinet: &Cabinet,
    records: &[(u64, K::Record)],
    now: DateTime<Utc>,
) -> Result<Vec<Written>> {
    let ctx = WriteContext { conn, cabinet, now: instant_text(now) };
    let mut written = Vec::with_capacity(records.len());
    for (line, record) in records {
        let created = K::write(&ctx, record)?.then(|| conn.last_insert_rowid());
        written.push(Written { line: *line, created });
    }
    Ok(written)
}

/// Updates the row `find` selects, or inserts one; true when inserted.
pub(crate) fn upsert_by_key(
    conn: &rusqlite::Connection,
    find: (&str, &[&dyn rusqlite::ToSql]),
    update: impl FnOnce(i64) -> rusqlite::Result<usize>,
    insert: impl FnOnce() -> rusqlite::Result<usize>,
) -> rusqlite::Result<bool> {
    use rusqlite::OptionalExtension;
    let existing: Option<i64> = conn.prepare_cached(find.0)?.query_row(find.1, |r| r.get(0)).optional()?;
    match existing {
        Some(id) => update(id).map(|_| false),
        None => insert().map(|_| true),
    }
}
