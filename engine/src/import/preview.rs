//! What an import of a file would do, shown before it is done: how the header was read, the
//! first rows as Vigie reads them, how many rows would be created or updated, and every problem
//! in French. The rows are read, checked and written exactly as the import does, inside a
//! transaction that is rolled back, so that the counts are the import's own and nothing stays.

use super::columns::label;
use super::problem::ImportProblem;
use super::{ImportKind, Kind, check, clients, deadlines, documents, encoding, events, source, staff, tasks, write};
use crate::cabinet::Cabinet;
use crate::error::Result;
use crate::store::Store;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

/// How many rows the preview shows.
pub const PREVIEW_ROWS: usize = 10;

/// A header column the import reads, and as what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MatchedColumn {
    /// The header cell as the file has it (`Échéance`).
    pub header: String,
    /// The canonical column it is read as (`due_date`).
    pub column: String,
    /// That column in French (`Date limite`).
    pub label: String,
}

/// What the import would do with a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum RowOutcome {
    /// A new row.
    Create,
    /// An existing row (same natural key) updated.
    Update,
    /// The row has a problem: the file cannot be imported as it is.
    Invalid,
}

/// One row as the import reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PreviewRow {
    /// Its line in the file (the header is line 1).
    pub line: u64,
    /// Its cell for each matched column, in the order of [`ImportPreview::columns`], trimmed.
    pub cells: Vec<String>,
    /// What the import would do with it.
    pub outcome: RowOutcome,
}

/// A problem of the file, in French.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PreviewProblem {
    /// The line (1 for the header, or for the file's encoding when it cannot be read at all).
    pub line: u64,
    /// The canonical column, or `header`, `row`, `encoding` for the header, a whole row or the
    /// file's encoding.
    pub column: String,
    /// What is wrong, in French.
    pub reason: String,
    /// The whole line to show: `ligne 12, colonne due_date : « 31/02/2026 » n'est pas une date valide`.
    pub text: String,
}

/// What importing a file would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportPreview {
    /// What the file holds.
    pub kind: ImportKind,
    /// The file's name, as given.
    pub file: String,
    /// The header columns read, in the file's order (empty when the file cannot be read).
    pub columns: Vec<MatchedColumn>,
    /// Header columns that are not read, in French.
    pub warnings: Vec<String>,
    /// The first rows (at most [`PREVIEW_ROWS`]), as read.
    pub rows: Vec<PreviewRow>,
    /// Data rows in the file (rows of bare separators left out).
    pub total_rows: u64,
    /// Rows that would be created (among the valid ones).
    pub created: u64,
    /// Existing rows that would be updated (among the valid ones).
    pub updated: u64,
    /// Every problem: of the file as a whole (encoding, header), or of each row.
    pub problems: Vec<PreviewProblem>,
    /// Whether the import would be done: no problem at all (a file with bad rows is refused whole).
    pub importable: bool,
    /// Whether the file could be read at all (its encoding and its header).
    pub readable: bool,
}

/// Previews importing `bytes`, the content of the file named `file`, into `cabinet`: reads and
/// checks everything the import would, writes nothing.
pub fn preview(
    store: &mut Store,
    cabinet: &Cabinet,
    kind: ImportKind,
    file: &str,
    bytes: &[u8],
    now: DateTime<Utc>,
) -> Result<ImportPreview> {
    let text = match encoding::decode(file, bytes) {
        Ok(text) => text,
        Err(problem) => return Ok(unreadable(kind, file, vec![problem])),
    };
    let preview = match kind {
        ImportKind::Staff => of::<staff::Staff>,
        ImportKind::Clients => of::<clients::Clients>,
        ImportKind::Deadlines => of::<deadlines::Deadlines>,
        ImportKind::Documents => of::<documents::Documents>,
        ImportKind::Tasks => of::<tasks::Tasks>,
        ImportKind::Events => of::<events::Events>,
    };
    preview(store, cabinet, kind, file, &text, now)
}

fn of<K: Kind>(
    store: &mut Store,
    cabinet: &Cabinet,
    kind: ImportKind,
    file: &str,
    text: &str,
    now: DateTime<Utc>,
) -> Result<ImportPreview> {
    let table = match source::read(file, text, K::COLUMNS, K::ONE_OF) {
        Ok(table) => table,
        Err(problems) => return Ok(unreadable(kind, file, problems)),
    };
    // The import's own transaction, rolled back when dropped: the counts are exact, and the
    // write lock is held only while the rows are checked and written.
    let tx = store.begin_write()?;
    let checked = check::<K>(&tx, cabinet, file, &table)?;
    let written = write::<K>(&tx, cabinet, &checked.records, now)?;
    drop(tx);

    let outcomes: HashMap<u64, RowOutcome> = written
        .iter()
        .map(|w| (w.line, if w.created.is_some() { RowOutcome::Create } else { RowOutcome::Update }))
        .collect();
    let invalid: BTreeSet<u64> = checked.errors.iter().map(|p| p.line).collect();
    // The matched header cells, in the file's order.
    let mut matched: Vec<(usize, &source::Column)> = K::COLUMNS
        .iter()
        .zip(&table.positions)
        .filter_map(|(column, position)| position.map(|p| (p, column)))
        .collect();
    matched.sort_by_key(|(position, _)| *position);
    let columns = matched
        .iter()
        .map(|(position, column)| MatchedColumn {
            header: table.headers.get(*position).cloned().unwrap_or_default(),
            column: column.name.to_string(),
            label: label(column.name).to_string(),
        })
        .collect();
    let rows = table
        .rows
        .iter()
        .take(PREVIEW_ROWS)
        .map(|(line, values)| PreviewRow {
            line: *line,
            cells: matched.iter().map(|(position, _)| values.get(*position).cloned().unwrap_or_default()).collect(),
            outcome: match outcomes.get(line) {
                Some(outcome) if !invalid.contains(line) => *outcome,
                _ => RowOutcome::Invalid,
            },
        })
        .collect();
    let created = written.iter().filter(|w| w.created.is_some()).count() as u64;
    Ok(ImportPreview {
        kind,
        file: file.to_string(),
        columns,
        warnings: table.warnings_french,
        rows,
        total_rows: table.rows.len() as u64,
        created,
        updated: written.len() as u64 - created,
        importable: checked.errors.is_empty(),
        problems: checked.errors.iter().map(problem).collect(),
        readable: true,
    })
}

/// The preview of a file that cannot be read at all: only its problems.
fn unreadable(kind: ImportKind, file: &str, problems: Vec<ImportProblem>) -> ImportPreview {
    ImportPreview {
        kind,
        file: file.to_string(),
        columns: Vec::new(),
        warnings: Vec::new(),
        rows: Vec::new(),
        total_rows: 0,
        created: 0,
        updated: 0,
        problems: problems.iter().map(problem).collect(),
        importable: false,
        readable: false,
    }
}

fn problem(p: &ImportProblem) -> PreviewProblem {
    PreviewProblem {
        line: p.line,
        column: p.column.clone(),
        reason: p.french.clone(),
        text: crate::error::french::problem_in_file(p),
    }
}
