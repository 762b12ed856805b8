//! The SQLite store: opening, connection settings and schema migrations.

use crate::error::{Error, Result};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The schema, one entry per version; never edit a released entry, append a new one.
const MIGRATIONS: &[M<'static>] = &[
    M::up(include_str!("../migrations/001_init.sql")),
    M::up(include_str!("../migrations/002_email.sql")),
    M::up(include_str!("../migrations/003_jobs.sql")),
];

/// How long a writer waits for another process's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// File name of the store inside the data folder.
pub const STORE_FILE: &str = "vigie.db";

/// An open store: one SQLite connection with Vigie's schema.
pub struct Store {
    conn: Connection,
    /// The data folder the store file lives in (None for an in-memory store).
    data_dir: Option<PathBuf>,
}

impl Store {
    /// Opens (creating if needed) the store in `data_dir`.
    pub fn open_dir(data_dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(data_dir).map_err(|source| Error::Io { path: data_dir.to_path_buf(), source })?;
        Self::open(&data_dir.join(STORE_FILE))
    }

    /// Opens (creating if needed) the store file at `path` and migrates it.
    pub fn open(path: &Path) -> Result<Self> {
        let open_err = |source| Error::StoreOpen { path: path.to_path_buf(), source };
        let conn = Connection::open(path).map_err(open_err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;
        // WAL lets the window read while the scheduler writes.
        conn.pragma_update(None, "journal_mode", "WAL").map_err(open_err)?;
        let mut store = Self::prepare(conn)?;
        store.data_dir = path.parent().map(Path::to_path_buf);
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
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
        let migrations = Migrations::from_slice(MIGRATIONS);
        // Two processes may open a fresh store at once: the loser of the race fails on tables
        // the winner just created; once the store is up to date that failure is harmless.
        let mut attempt = 0;
        loop {
            match migrations.to_latest(&mut conn) {
                Ok(()) => break,
                Err(_) if migrations.pending_migrations(&conn).ok() == Some(0) => break,
                Err(_) if attempt < 3 => attempt += 1,
                Err(e) => return Err(e.into()),
            }
        }
        conn.set_transaction_behavior(rusqlite::TransactionBehavior::Deferred);
        Ok(Self { conn, data_dir: None })
    }

    /// The data folder of the store file (None for an in-memory store).
    pub fn data_dir(&self) -> Option<&Path> {
        self.data_dir.as_deref()
    }

    /// The underlying connection.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The underlying connection, mutably (for transactions).
    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

/// A write transaction taken at once (BEGIN IMMEDIATE), so that two processes never deadlock
/// upgrading a read lock; rolled back when dropped without [`WriteTransaction::commit`].
/// Functions taking a `&Store` run inside it.
pub struct WriteTransaction<'a> {
    conn: &'a Connection,
    done: bool,
}

impl Store {
    /// Starts a write transaction on the store.
    pub fn begin_write(&self) -> Result<WriteTransaction<'_>> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        Ok(WriteTransaction { conn: &self.conn, done: false })
    }
}

impl WriteTransaction<'_> {
    /// Makes the transaction's changes durable.
    pub fn commit(mut self) -> Result<()> {
        self.conn.execute_batch("COMMIT")?;
        self.done = true;
        Ok(())
    }
}

impl Drop for WriteTransaction<'_> {
    fn drop(&mut self) {
        if !self.done {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}

/// Formats an instant as stored: UTC, second precision, `Z` suffix.
pub fn instant_text(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Parses an instant as stored.
pub fn parse_instant(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text).ok().map(|d| d.with_timezone(&Utc))
}

/// Formats a date as stored.
pub fn date_text(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        Migrations::from_slice(MIGRATIONS).validate().unwrap();
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
}
