//! CSV import of the firm's data: staff, clients, deadlines, document requests, tasks, events.
//!
//! A file is imported whole or not at all: its rows are read, checked and written one at a time
//! inside one transaction, rolled back when any row has a problem, so that nothing is imported
//! and every problem is listed as `file:line: column: reason`, unless the caller asks to skip
//! the bad rows. No more than one row is held at a time, whatever the file's length.
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
use chrono::{DateTime, NaiveDate, Utc};
use lookup::Lookup;
use row::RowReader;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use source::Column;
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::hash_map::Entry;
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
    /// A validated row, ready to write; it may borrow the row's cells.
    type Record<'r>;
    /// The kind's columns.
    const COLUMNS: &'static [Column];
    /// Columns of which the header must hold at least one (none when empty).
    const ONE_OF: &'static [&'static str] = &[];
    /// Reads and validates one row; problems are recorded in `row`, and a row with problems is
    /// dropped whatever this returns.
    fn parse<'r>(row: &mut RowReader<'r>, lookup: &Lookup) -> Option<Self::Record<'r>>;
    /// The subjects a row of this kind can close (done, received), whose alerts then stop.
    const CLOSES: Option<SubjectType> = None;
    /// The natural key, to catch the same row twice in one file.
    fn key<'k>(record: &'k Self::Record<'_>) -> NaturalKey<'k>;
    /// Creates or updates the row; true when created.
    fn write(ctx: &WriteContext<'_>, record: &Self::Record<'_>) -> rusqlite::Result<bool>;
}

/// A row's natural key: a number (a client's id, 0 for none as the unique indexes have it),
/// a text (a kind, a label, a title, an email) and a day or an instant as a number.
pub(crate) struct NaturalKey<'k> {
    pub number: i64,
    pub text: Cow<'k, str>,
    pub when: i64,
}

/// The natural keys of the rows read so far, each with the line that gave it first.
///
/// Each distinct text is kept once and the keys hold its index: a file repeats a few kinds,
/// labels and titles over thousands of rows, so that a key costs its three numbers and its
/// line (32 bytes in the table) rather than a string of its own.
///
/// Hashed with FxHash rather than SipHash, which was 5% of an import: the keys come from the
/// person's own file, where no one crafts collisions.
#[derive(Default)]
struct SeenKeys {
    texts: FxHashMap<Box<str>, usize>,
    lines: FxHashMap<(i64, usize, i64), u64>,
}

impl SeenKeys {
    /// The line that already gave `key`; None, and `key` noted as given at `line`, when new.
    fn first(&mut self, key: NaturalKey<'_>, line: u64) -> Option<u64> {
        let text = match self.texts.get(key.text.as_ref()) {
            Some(&index) => index,
            None => {
                let index = self.texts.len();
                self.texts.insert(key.text.into(), index);
                index
            }
        };
        match self.lines.entry((key.number, text, key.when)) {
            Entry::Occupied(first) => Some(*first.get()),
            Entry::Vacant(new) => {
                new.insert(line);
                None
            }
        }
    }
}

/// Where and when records are written.
pub(crate) struct WriteContext<'a> {
    pub conn: &'a rusqlite::Connection,
    pub cabinet: &'a Cabinet,
    pub now: String,
    /// The cabinet's date: an open deadline or task already past due is stored late, as the
    /// midnight status update would make it.
    pub today: NaiveDate,
    /// The write statements run so far, each prepared once per pass.
    statements: RefCell<Vec<(&'static str, rusqlite::Statement<'a>)>>,
}

impl<'a> WriteContext<'a> {
    fn new(conn: &'a rusqlite::Connection, cabinet: &'a Cabinet, now: DateTime<Utc>) -> Self {
        let today = now.with_timezone(&cabinet.timezone).date_naive();
        Self { conn, cabinet, now: instant_text(now), today, statements: RefCell::new(Vec::new()) }
    }

    /// Runs one write statement, prepared once per pass: a file of 100,000 rows runs the same
    /// few statements 100,000 times. They are kept here rather than in the connection's cache,
    /// whose look-up hashed the statement's text at every row (5% of an import).
    pub fn execute(&self, sql: &'static str, params: &[&dyn rusqlite::ToSql]) -> rusqlite::Result<usize> {
        let mut statements = self.statements.borrow_mut();
        let index = match statements.iter().position(|(text, _)| *text == sql) {
            Some(index) => index,
            None => {
                statements.push((sql, self.conn.prepare(sql)?));
                statements.len() - 1
            }
        };
        statements[index].1.execute(params)
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
    // The bytes are handed over, so that a UTF-8 file becomes its text without a copy.
    import_decoded(store, cabinet, kind, &path.display().to_string(), Cow::Owned(bytes), skip_invalid, now)
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
    import_decoded(store, cabinet, kind, file, Cow::Borrowed(bytes), skip_invalid, now)
}

fn import_decoded(
    store: &mut Store,
    cabinet: &Cabinet,
    kind: ImportKind,
    file: &str,
    bytes: Cow<'_, [u8]>,
    skip_invalid: bool,
    now: DateTime<Utc>,
) -> Result<ImportReport> {
    let text =
        encoding::decode(file, bytes).map_err(|problem| Error::Import { problems: vec![problem], whole_file: true })?;
    import_lf_text(store, cabinet, kind, file, &text, skip_invalid, now)
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
    import_lf_text(store, cabinet, kind, file, &encoding::lf_lines(text), skip_invalid, now)
}

/// Imports CSV text whose lines end with LF.
fn import_lf_text(
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
    // The page cache of a big write job (Store::with_job_cache): with SQLite's usual 2 MB, an
    // import's dirty index pages were written to the WAL before the commit, read back and
    // written again. The reference firm's deadlines, documents and tasks imports took 0.95,
    // 1.58 and 1.22 s of CPU with 2 MB, 0.80, 1.32 and 1.06 s with 16 MB (peak anonymous
    // memory 18, 35, 21 MiB, then 31, 52, 36 MiB); 32 and 64 MB gained nothing more.
    store.with_job_cache(|store| run(store, cabinet, file, text, skip_invalid, now))
}

fn run<K: Kind>(
    store: &mut Store,
    cabinet: &Cabinet,
    file: &str,
    text: &str,
    skip_invalid: bool,
    now: DateTime<Utc>,
) -> Result<ImportReport> {
    let mut source = source::open(file, text, K::COLUMNS, K::ONE_OF)
        .map_err(|problems| Error::Import { problems, whole_file: true })?;
    let tx = store.begin_write()?;
    let mut report = ImportReport {
        warnings: std::mem::take(&mut source.layout.warnings),
        warnings_french: std::mem::take(&mut source.layout.warnings_french),
        ..ImportReport::default()
    };
    // Without `skip_invalid` a file with one bad row is refused whole: the rows after it are
    // still read and checked, to list every problem, but no longer written.
    let writes = if skip_invalid { Writes::Every } else { Writes::UntilProblem };
    let passed = pass::<K>(&tx, cabinet, &mut source, now, writes, |_, outcome| match outcome {
        Outcome::Created(id) => {
            report.created += 1;
            report.created_ids.push(id);
        }
        Outcome::Updated => report.updated += 1,
        Outcome::Unwritten | Outcome::Invalid => {}
    })?;
    if !passed.unreadable.is_empty() {
        return Err(Error::Import { problems: passed.unreadable, whole_file: true });
    }
    if !passed.errors.is_empty() && !skip_invalid {
        return Err(Error::Import { problems: passed.errors, whole_file: false });
    }
    report.skipped = passed.errors;
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

/// Which valid rows a pass writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Writes {
    /// Every valid row, whatever the others (an import that skips the bad rows, a preview).
    Every,
    /// The valid rows before the first problem: a file with a problem is refused whole, so
    /// writing the rows after it would be work thrown away.
    UntilProblem,
}

/// What became of one data row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Written as a new row, of this id.
    Created(i64),
    /// Written over the existing row of the same natural key.
    Updated,
    /// Valid, but not written: an earlier row had a problem (see [`Writes::UntilProblem`]).
    Unwritten,
    /// The row has a problem.
    Invalid,
}

/// What a pass over the rows of a file found.
#[derive(Debug, Default)]
pub(crate) struct Passed {
    /// Every problem of the rows, in file order.
    pub errors: Vec<ImportProblem>,
    /// Rows the csv reader could not read: the file is refused whole, for these alone.
    pub unreadable: Vec<ImportProblem>,
    /// Data rows read (rows of bare separators left out).
    pub rows: u64,
}

/// Reads, checks and writes the rows of `source` as kind `K`, one at a time and in file order,
/// in the caller's transaction, with the cabinet's staff and clients as `conn` sees them
/// there; `each` is told what became of every row. Only the problems found and the natural
/// keys seen are kept from one row to the next.
pub(crate) fn pass<K: Kind>(
    conn: &rusqlite::Connection,
    cabinet: &Cabinet,
    source: &mut source::Source<'_>,
    now: DateTime<Utc>,
    writes: Writes,
    mut each: impl FnMut(&source::Row<'_>, Outcome),
) -> Result<Passed> {
    let lookup = Lookup::load(conn, cabinet)?;
    let ctx = WriteContext::new(conn, cabinet, now);
    let file = source.rows.file();
    let layout = &source.layout;
    let mut seen = SeenKeys::default();
    let mut passed = Passed::default();
    while let Some(row) = source.rows.next_row() {
        let row = match row {
            Ok(row) => row,
            Err(problem) => {
                passed.unreadable.push(problem);
                continue;
            }
        };
        passed.rows += 1;
        let mut reader = RowReader::new(file, row.line, K::COLUMNS, layout, &row.cells);
        let record = K::parse(&mut reader, &lookup);
        let mut problems = reader.finish();
        let outcome = match record.filter(|_| problems.is_empty()) {
            None => Outcome::Invalid,
            Some(record) => match seen.first(K::key(&record), row.line) {
                Some(first) => {
                    problems.push(ImportProblem::new(
                        file,
                        row.line,
                        "row",
                        format!("same row as line {first} (a file lists each row once)"),
                        format!(
                            "répète la ligne {first} (le fichier ne doit donner chaque enregistrement qu'une fois)"
                        ),
                    ));
                    Outcome::Invalid
                }
                None if writes == Writes::UntilProblem
                    && !(passed.errors.is_empty() && passed.unreadable.is_empty()) =>
                {
                    Outcome::Unwritten
                }
                None => match K::write(&ctx, &record)? {
                    true => Outcome::Created(conn.last_insert_rowid()),
                    false => Outcome::Updated,
                },
            },
        };
        passed.errors.append(&mut problems);
        each(&row, outcome);
    }
    Ok(passed)
}

/// Inserts a row, or updates the row of the same natural key when there is one; true when
/// inserted. `insert` is an `INSERT … ON CONFLICT DO NOTHING`: the unique index of the natural
/// key, which the insert checks anyway, finds the existing row, so that a new row costs one
/// statement instead of a look-up then an insert; `update` changes the row of that key.
pub(crate) fn insert_or_update(
    insert: impl FnOnce() -> rusqlite::Result<usize>,
    update: impl FnOnce() -> rusqlite::Result<usize>,
) -> rusqlite::Result<bool> {
    if insert()? == 1 {
        return Ok(true);
    }
    match update()? {
        1 => Ok(false),
        // The insert met another row, which the natural key does not find: not expected, as the
        // natural key's unique index is the table's only one besides the id.
        changed => Err(rusqlite::Error::StatementChangedRows(changed)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::FixedClock;
    use chrono::TimeZone;

    /// What became of each row of a deadlines file passed over in a rolled-back transaction.
    fn outcomes(text: &str, writes: Writes) -> (Vec<Outcome>, Vec<String>) {
        let mut store = Store::open_in_memory().unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 25, 8, 0, 0).unwrap();
        let cabinet = crate::cabinet::add(&store, &FixedClock::new(now), "A", None).unwrap();
        import_text(
            &mut store,
            &cabinet,
            ImportKind::Clients,
            "c.csv",
            "name;siren\nBoulangerie;732829320\n",
            false,
            now,
        )
        .unwrap();
        let mut source = source::open("f.csv", text, deadlines::Deadlines::COLUMNS, deadlines::Deadlines::ONE_OF)
            .unwrap_or_else(|p| panic!("{p:?}"));
        let tx = store.begin_write().unwrap();
        let mut seen = Vec::new();
        let passed =
            pass::<deadlines::Deadlines>(&tx, &cabinet, &mut source, now, writes, |_, outcome| seen.push(outcome))
                .unwrap();
        (seen, passed.errors.iter().map(ToString::to_string).collect())
    }

    const FILE: &str = "client_siren;kind;label;due_date\n\
        732829320;tva;A;2026-12-01\n\
        732829320;tva;B;2026-13-01\n\
        732829320;dsn;C;2026-12-01\n\
        732829320;tva;D;01/12/2026\n";

    #[test]
    fn a_refused_file_stops_writing_at_its_first_problem_but_checks_every_row() {
        let (seen, errors) = outcomes(FILE, Writes::UntilProblem);
        assert!(matches!(seen[..], [Outcome::Created(_), Outcome::Invalid, Outcome::Unwritten, Outcome::Invalid]));
        assert_eq!(
            errors,
            [
                "f.csv:3: due_date: \"2026-13-01\" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)",
                "f.csv:5: row: same row as line 2 (a file lists each row once)",
            ]
        );
        // Skipping the bad rows, or previewing, writes every valid one.
        let (seen, errors) = outcomes(FILE, Writes::Every);
        assert!(matches!(seen[..], [Outcome::Created(_), Outcome::Invalid, Outcome::Created(_), Outcome::Invalid]));
        assert_eq!(errors.len(), 2);
    }
}
