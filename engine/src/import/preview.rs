//! What an import of a file would do, shown before it is done: how the header was read, the
//! first rows as Vigie reads them, how many rows would be created or updated, and every problem
//! in French. The rows are read, checked and written exactly as the import does, inside a
//! transaction that is rolled back, so that the counts are the import's own and nothing stays.

use super::columns::label;
use super::problem::ImportProblem;
use super::{
    ImportKind, Kind, Outcome, Writes, clients, deadlines, documents, encoding, events, pass, source, staff, tasks,
};
use crate::cabinet::Cabinet;
use crate::error::Result;
use crate::store::Store;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::borrow::Cow;

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
    let text = match encoding::decode(file, Cow::Borrowed(bytes)) {
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
    store.with_job_cache(|store| preview(store, cabinet, kind, file, &text, now))
}

fn of<K: Kind>(
    store: &mut Store,
    cabinet: &Cabinet,
    kind: ImportKind,
    file: &str,
    text: &str,
    now: DateTime<Utc>,
) -> Result<ImportPreview> {
    let mut source = match source::open(file, text, K::COLUMNS, K::ONE_OF) {
        Ok(source) => source,
        Err(problems) => return Ok(unreadable(kind, file, problems)),
    };
    // The matched header cells, in the file's order.
    let mut matched: Vec<(usize, &source::Column)> = K::COLUMNS
        .iter()
        .zip(&source.layout.positions)
        .filter_map(|(column, position)| position.map(|p| (p, column)))
        .collect();
    matched.sort_by_key(|(position, _)| *position);
    let columns = matched
        .iter()
        .map(|(position, column)| MatchedColumn {
            header: source.layout.headers.get(*position).cloned().unwrap_or_default(),
            column: column.name.to_string(),
            label: label(column.name).to_string(),
        })
        .collect();
    let (mut rows, mut created, mut updated) = (Vec::new(), 0, 0);
    // The import's own transaction, rolled back when dropped: every valid row is written, as
    // the import would, so that the counts are exact, and nothing stays.
    let tx = store.begin_write()?;
    let passed = pass::<K>(&tx, cabinet, &mut source, now, Writes::Every, |row, outcome| {
        let outcome = match outcome {
            Outcome::Created(_) => {
                created += 1;
                RowOutcome::Create
            }
            Outcome::Updated => {
                updated += 1;
                RowOutcome::Update
            }
            Outcome::Unwritten | Outcome::Invalid => RowOutcome::Invalid,
        };
        if rows.len() < PREVIEW_ROWS {
            let cells = matched.iter().map(|(position, _)| row.cells.get(*position).unwrap_or(&"").to_string());
            rows.push(PreviewRow { line: row.line, cells: cells.collect(), outcome });
        }
    })?;
    drop(tx);
    if !passed.unreadable.is_empty() {
        return Ok(unreadable(kind, file, passed.unreadable));
    }
    Ok(ImportPreview {
        kind,
        file: file.to_string(),
        columns,
        warnings: source.layout.warnings_french,
        rows,
        total_rows: passed.rows,
        created,
        updated,
        importable: passed.errors.is_empty(),
        problems: passed.errors.iter().map(problem).collect(),
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
