//! The SQLite store: opening, connection settings, schema migrations, and the guards around
//! them (private files, backups before a migration, errors that name the store).
//!
//! The rule for functions on the store: read functions take `&Store`; write functions take
//! `&mut Store` and open their write transaction themselves with [`Store::begin_write`], the
//! only way to open one (BEGIN IMMEDIATE, so two processes never deadlock upgrading a read
//! lock). A function that is one step of a larger write takes the [`WriteTransaction`] (or
//! the `&Connection` it derefs to) instead. A write of a single statement may take `&Store`:
//! SQLite makes one statement atomic by itself.

mod backup;
mod check_lists;
mod connect;
mod diagnose;
pub(crate) mod functions;
mod presence;
mod private;

pub use backup::{BACKUP_DIR, Backup, backup_to, latest_backup, restore};
pub use diagnose::explain;
pub use private::restrict_new_files;

use crate::error::{Error, Result};
use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};
use std::path::{Path, PathBuf};

/// The schema, one entry per version; never edit a released entry, append a new one.
const MIGRATIONS: &[M<'static>] = &[
    M::up(include_str!("../../migrations/001_init.sql")),
    M::up(include_str!("../../migrations/002_email.sql")),
    M::up(include_str!("../../migrations/003_jobs.sql")),
    M::up(include_str!("../../migrations/004_inbox.sql")),
    M::up(include_str!("../../migrations/005_workstation.sql")),
    M::up(include_str!("../../migrations/006_tab_counts.sql")),
    M::up(include_str!("../../migrations/007_firm_data.sql")),
    M::up(include_str!("../../migrations/008_no_subject_index.sql")),
    M::up(include_str!("../../migrations/009_open_by_assignee.sql")),
    M::up(include_str!("../../migrations/010_detect_reads_indexes.sql")),
    M::up(include_str!("../../migrations/011_counters_without_upsert.sql")),
];

/// The schema after version 12 (whose migration needs Rust, so cannot sit in a `const`).
const AFTER_CHECK_LISTS: &[M<'static>] = &[M::up(include_str!("../../migrations/013_fiscal_calendar.sql"))];

/// The schema version this build writes: the SQL migrations, the one with a hook, the rest.
const SCHEMA_VERSION: usize = MIGRATIONS.len() + 1 + AFTER_CHECK_LISTS.len();

/// Every migration, in order.
fn migrations() -> Migrations<'static> {
    let mut all = MIGRATIONS.to_vec();
    all.push(M::up_with_hook(include_str!("../../migrations/012_check_lists.sql"), check_lists::rewrite));
    all.extend_from_slice(AFTER_CHECK_LISTS);
    Migrations::new(all)
}

/// File name of the store inside the data folder.
pub const STORE_FILE: &str = "vigie.db";

/// An open store: one SQLite connection with Vigie's schema.
pub struct Store {
    conn: Connection,
    /// The data folder the store file lives in (None for an in-memory store).
    data_dir: Option<PathBuf>,
    /// Whether the store could only be opened for reading (a write-protected file).
    read_only: bool,
    /// Held while the store is open, so that a restore knows another process uses it.
    _presence: Option<presence::Presence>,
}

impl Store {
    /// Opens (creating if needed) the store in `data_dir`.
    pub fn open_dir(data_dir: &Path) -> Result<Self> {
        private::create_dir(data_dir)?;
        Self::open(&data_dir.join(STORE_FILE))
    }

    /// Opens (creating if needed) the store file at `path` and migrates it, after a backup
    /// when it holds data of an older schema.
    pub fn open(path: &Path) -> Result<Self> {
        let data_dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        private::tighten_store_files(path)?;
        let presence = presence::Presence::join(&data_dir)?;
        let (conn, read_only) = connect::open(path)?;
        let version = schema_version(&conn).map_err(|e| explain(Error::Db(e), path))?;
        if version > SCHEMA_VERSION {
            return Err(Error::StoreTooNew { path: path.to_path_buf(), found: version, known: SCHEMA_VERSION });
        }
        if version == 0 && holds_tables(&conn).map_err(|e| explain(Error::Db(e), path))? {
            return Err(Error::StoreForeign { path: path.to_path_buf() });
        }
        if version < SCHEMA_VERSION {
            if read_only {
                return Err(Error::StoreReadOnly { path: path.to_path_buf(), needs_update: true });
            }
            if version > 0 {
                backup::before_migration(&conn, &data_dir, version)?;
            }
        }
        let mut store = Self::prepare(conn).map_err(|e| explain(e, path))?;
        store.data_dir = Some(data_dir);
        store.read_only = read_only;
        store._presence = Some(presence);
        Ok(store)
    }

    /// A private in-memory store (tests, benchmarks).
    pub fn open_in_memory() -> Result<Self> {
        let conn = Connection::open_in_memory()
            .map_err(|source| Error::StoreOpen { path: PathBuf::from(":memory:"), source })?;
        Self::prepare(conn)
    }

    fn prepare(mut conn: Connection) -> Result<Self> {
        conn.pragma_update(None, "foreign_keys", true)?;
        functions::register(&conn)?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // Statement journals (which SQLite keeps for any statement that fires a trigger, as
        // each notification written does) stay in memory instead of spilling to a temporary
        // file rewritten page by page: the reference firm's first check made 253,000 pwrite
        // calls, and went from 1.03 s to 0.86 s with this alone.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        conn.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
        let migrations = migrations();
        // Two processes may open a fresh store at once: the loser of the race fails on tables
        // the winner just created; once the store is up to date that failure is harmless.
        let mut attempt = 0;
        loop {
            match migrations.to_latest(&mut conn) {
                Ok(()) => break,
                Err(_) if migrations.pending_migrations(&conn).ok() == Some(0) => break,
                Err(_) if attempt < 3 => attempt += 1,
                Err(e) => return Err(migration_error(e)),
            }
        }
        conn.set_transaction_behavior(rusqlite::TransactionBehavior::Deferred);
        Ok(Self { conn, data_dir: None, read_only: false, _presence: None })
    }

    /// The data folder of the store file (None for an in-memory store).
    pub fn data_dir(&self) -> Option<&Path> {
        self.data_dir.as_deref()
    }

    /// The store file (None for an in-memory store).
    pub fn path(&self) -> Option<PathBuf> {
        self.data_dir.as_ref().map(|d| d.join(STORE_FILE))
    }

    /// Whether the store could only be opened for reading.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// The underlying connection (public to tests and benchmarks only: see `test-support`).
    #[cfg(feature = "test-support")]
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The underlying connection.
    #[cfg(not(feature = "test-support"))]
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }
}

/// The schema version written in the store (0 for a new file).
fn schema_version(conn: &Connection) -> rusqlite::Result<usize> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    // A negative version is another program's; it is far from any of ours.
    Ok(usize::try_from(version).unwrap_or(usize::MAX))
}

/// Whether a store without a schema version already holds tables: another program's file, or
/// one whose first migration never finished.
fn holds_tables(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name NOT LIKE 'sqlite_%')", [], |r| r.get(0))
}

/// A migration failure, without the SQL text the migration library puts in its message.
fn migration_error(e: rusqlite_migration::Error) -> Error {
    match e {
        rusqlite_migration::Error::RusqliteError { err, .. } => Error::Db(err),
        other => Error::Migration(other),
    }
}

/// A write transaction taken at once (BEGIN IMMEDIATE), so that two processes never deadlock
/// upgrading a read lock; rolled back when dropped without [`WriteTransaction::commit`]. It
/// derefs to the connection, and [`WriteTransaction::store`] lets read functions taking a
/// `&Store` run inside it.
pub struct WriteTransaction<'a> {
    store: &'a Store,
    done: bool,
}

impl Store {
    /// Starts a write transaction on the store (public to tests and benchmarks only).
    #[cfg(feature = "test-support")]
    pub fn begin_write(&mut self) -> Result<WriteTransaction<'_>> {
        self.begin()
    }

    /// Starts a write transaction on the store; the `&mut` keeps a second one from starting
    /// inside it.
    #[cfg(not(feature = "test-support"))]
    pub(crate) fn begin_write(&mut self) -> Result<WriteTransaction<'_>> {
        self.begin()
    }

    fn begin(&mut self) -> Result<WriteTransaction<'_>> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        Ok(WriteTransaction { store: self, done: false })
    }

    /// Runs a job that writes pages by the thousand (a check, the status update, an import)
    /// with a page cache of [`JOB_CACHE_KIB`], then gives the memory back.
    ///
    /// With SQLite's default 2 MiB the job's changed pages overflow the cache and are written
    /// to the WAL before the commit, some more than once, and the pages it reads are read again:
    /// on the reference firm's first check 15,700 page writes and 7,800 reads, 13,200 and 5,000
    /// with 16 MiB (the day after its import, the status update: 14,200 and 10,400, then 10,800
    /// and 6,900). More than 16 MiB changed nothing. Only for the job: the window's connection
    /// lives for days and would otherwise keep 16 MiB of pages it read once.
    pub(crate) fn with_job_cache<T>(&mut self, job: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        let before: i64 = self.conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        self.conn.pragma_update(None, "cache_size", -JOB_CACHE_KIB)?;
        let result = job(self);
        // Back to the cache it had, which also frees the pages over it; then the rest of what
        // SQLite holds and no longer needs. A failure here loses nothing: the job is done.
        let _ = self.conn.pragma_update(None, "cache_size", before);
        let _ = self.conn.execute_batch("PRAGMA shrink_memory");
        result
    }
}

/// The page cache of a big write job, in KiB (see [`Store::with_job_cache`]).
const JOB_CACHE_KIB: i64 = 16 * 1024;

impl WriteTransaction<'_> {
    /// The store, for read functions run inside the transaction.
    pub fn store(&self) -> &Store {
        self.store
    }

    /// Makes the transaction's changes durable.
    pub fn commit(mut self) -> Result<()> {
        self.store.conn.execute_batch("COMMIT")?;
        self.done = true;
        Ok(())
    }
}

impl std::ops::Deref for WriteTransaction<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        &self.store.conn
    }
}

impl Drop for WriteTransaction<'_> {
    fn drop(&mut self) {
        if !self.done {
            let _ = self.store.conn.execute_batch("ROLLBACK");
        }
    }
}

/// Formats an instant as stored: UTC, second precision, `Z` suffix.
pub fn instant_text(at: DateTime<Utc>) -> String {
    let mut text = date_text(at.date_naive());
    // Not chrono's `format`, which parses its pattern on every call: an import of events
    // writes one per row.
    text.push('T');
    push_two_digits(&mut text, at.hour());
    text.push(':');
    push_two_digits(&mut text, at.minute());
    text.push(':');
    push_two_digits(&mut text, at.second());
    text.push('Z');
    text
}

/// Parses an instant as stored.
pub fn parse_instant(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text).ok().map(|d| d.with_timezone(&Utc))
}

/// Formats a date as stored.
pub fn date_text(date: NaiveDate) -> String {
    // Not chrono's `format`, which parses its pattern on every call: an import writes two or
    // three dates per row (6% of the 200,000 document requests' import). Years of other than
    // four digits, never stored (dates are read from 1900 to 2199), keep chrono's spelling.
    if !(0..=9999).contains(&date.year()) {
        return date.format("%Y-%m-%d").to_string();
    }
    let year = date.year().unsigned_abs();
    let mut text = String::with_capacity(20);
    push_two_digits(&mut text, year / 100);
    push_two_digits(&mut text, year % 100);
    text.push('-');
    push_two_digits(&mut text, date.month());
    text.push('-');
    push_two_digits(&mut text, date.day());
    text
}

/// Appends `n`, below 100, as two digits.
fn push_two_digits(text: &mut String, n: u32) {
    for digit in [n / 10 % 10, n % 10] {
        text.push(char::from_digit(digit, 10).unwrap_or('0'));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_instants_are_stored_as_chrono_spells_them() {
        let mut date = NaiveDate::from_ymd_opt(1899, 12, 25).unwrap();
        while date.year() < 2201 {
            assert_eq!(date_text(date), date.format("%Y-%m-%d").to_string());
            date += chrono::Duration::days(13);
        }
        for year in [0, 9, 99, 999, 9999, 10000, -1] {
            let date = NaiveDate::from_ymd_opt(year, 1, 2).unwrap();
            assert_eq!(date_text(date), date.format("%Y-%m-%d").to_string(), "{year}");
        }
        let mut at = DateTime::parse_from_rfc3339("2026-03-29T00:00:00Z").unwrap().with_timezone(&Utc);
        for _ in 0..200 {
            assert_eq!(instant_text(at), at.format("%Y-%m-%dT%H:%M:%SZ").to_string());
            at += chrono::Duration::seconds(3_607);
        }
    }

    #[test]
    fn a_write_transaction_is_rolled_back_unless_committed() {
        let mut store = Store::open_in_memory().unwrap();
        let add = "INSERT INTO cabinets (name, created_at) VALUES (?1, '2026-01-01T00:00:00Z')";
        {
            let tx = store.begin_write().unwrap();
            tx.execute(add, ["dropped"]).unwrap();
        }
        let tx = store.begin_write().unwrap();
        tx.execute(add, ["kept"]).unwrap();
        let inside: i64 = tx.store().conn().query_row("SELECT count(*) FROM cabinets", [], |r| r.get(0)).unwrap();
        assert_eq!(inside, 1);
        tx.commit().unwrap();
        let names: Vec<String> = store
            .conn()
            .prepare("SELECT name FROM cabinets")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|n| n.unwrap())
            .collect();
        assert_eq!(names, ["kept"]);
    }

    #[test]
    fn migrations_are_valid() {
        migrations().validate().unwrap();
    }

    #[test]
    fn reopening_a_store_keeps_its_rows() {
        let dir = tempfile::tempdir().unwrap();
        {
            let store = Store::open_dir(dir.path()).unwrap();
            store
                .conn()
                .execute("INSERT INTO cabinets (name, created_at) VALUES ('A', '2026-01-01T00:00:00Z')", [])
                .unwrap();
        }
        let store = Store::open_dir(dir.path()).unwrap();
        let n: i64 = store.conn().query_row("SELECT count(*) FROM cabinets", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 1);
        let fk: i64 = store.conn().query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
        assert_eq!(fk, 1);
    }

    /// (recipient, kind, state, count) rows.
    type Counters = Vec<(i64, String, String, i64)>;

    /// The inbox counters as stored, and as a recount of the notifications gives them.
    fn counters(store: &Store) -> (Counters, Counters) {
        let rows = |sql: &str| -> Counters {
            store
                .conn()
                .prepare(sql)
                .unwrap()
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .unwrap()
                .map(|r| r.unwrap())
                .collect()
        };
        let stored = rows("SELECT recipient_id, kind, state, n FROM inbox_counts WHERE n <> 0 ORDER BY 1, 2, 3");
        let recount = rows(
            "SELECT recipient_id, kind,
                    CASE WHEN archived_at IS NOT NULL THEN 'archived' WHEN snoozed_until IS NOT NULL THEN 'snoozed'
                         WHEN read_at IS NULL THEN 'unread' ELSE 'read' END AS state, count(*)
             FROM notifications GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
        );
        (stored, recount)
    }

    #[test]
    fn the_inbox_counters_match_a_recount_through_inserts_updates_and_deletes_in_every_state() {
        let store = Store::open_in_memory().unwrap();
        store
            .conn()
            .execute_batch(
                "INSERT INTO cabinets (id, name, created_at) VALUES (1, 'A', '2026-01-01T00:00:00Z');
                 INSERT INTO staff (id, cabinet_id, name, email, role, active, created_at) VALUES
                     (7, 1, 'Claire', 'c@a.fr', 'expert', 1, '2026-01-01T00:00:00Z'),
                     (8, 1, 'Paul', 'p@a.fr', 'expert', 1, '2026-01-01T00:00:00Z');",
            )
            .unwrap();
        let t = "'2026-01-01T00:00:00Z'";
        // Each state, for a counter not there yet and then for one that is; one statement of
        // many rows, as the check writes them, and single rows.
        let mut key = 0;
        let mut values = Vec::new();
        for (read, snoozed, archived) in
            [("NULL", "NULL", "NULL"), (t, "NULL", "NULL"), ("NULL", t, "NULL"), ("NULL", "NULL", t), (t, t, t)]
        {
            for kind in ["echeance_proche", "taches_retard"] {
                for _ in 0..2 {
                    key += 1;
                    values.push(format!(
                        "(1, 7, '{kind}', 't', 'b', 'task', {key}, 'k{key}', {t}, {read}, {snoozed}, {archived})"
                    ));
                }
            }
        }
        let insert = "INSERT INTO notifications (cabinet_id, recipient_id, kind, title, body, subject_type, subject_id,
                          dedup_key, created_at, read_at, snoozed_until, archived_at) VALUES ";
        store.conn().execute_batch(&format!("{insert}{}", values.join(","))).unwrap();
        for v in &values[..4] {
            store.conn().execute_batch(&format!("{insert}{}", v.replace("'k", "'again-k"))).unwrap();
        }
        let (stored, recount) = counters(&store);
        assert_eq!(stored, recount);
        assert_eq!(stored.iter().map(|c| c.3).sum::<i64>(), 24);

        for change in [
            "UPDATE notifications SET read_at = '2026-01-02T00:00:00Z' WHERE read_at IS NULL",
            "UPDATE notifications SET read_at = NULL WHERE id % 3 = 0",
            "UPDATE notifications SET snoozed_until = NULL, archived_at = NULL WHERE id % 2 = 0",
            "UPDATE notifications SET kind = 'documents_manquants' WHERE id % 4 = 1",
            "UPDATE notifications SET recipient_id = 8 WHERE id % 5 = 2",
            "UPDATE notifications SET title = 'same counter' WHERE id % 2 = 1",
            "DELETE FROM notifications WHERE id % 7 = 3",
        ] {
            store.conn().execute_batch(change).unwrap();
            let (stored, recount) = counters(&store);
            assert_eq!(stored, recount, "after {change}");
        }
    }

    #[test]
    fn a_job_has_its_larger_cache_and_the_store_its_own_again_after_it() {
        let mut store = Store::open_in_memory().unwrap();
        let size = |store: &Store| -> i64 { store.conn().query_row("PRAGMA cache_size", [], |r| r.get(0)).unwrap() };
        let usual = size(&store);
        let during = store.with_job_cache(|store| Ok(size(store))).unwrap();
        assert_eq!(during, -JOB_CACHE_KIB);
        assert_eq!(size(&store), usual);
        let failed: Result<()> = store.with_job_cache(|_| Err(Error::Internal("job failed".into())));
        assert!(failed.is_err());
        assert_eq!(size(&store), usual);
    }
}
