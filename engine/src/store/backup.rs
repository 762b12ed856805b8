//! Copies of the store, so that "nothing lost" holds against a bad disk or a bad upgrade:
//! one is taken before every schema migration (the last few are kept), by hand with
//! `vigie backup`, and before a restore replaces the store.

use super::presence::Presence;
use super::{SCHEMA_VERSION, STORE_FILE, private, schema_version};
use crate::error::{Error, Result};
use rusqlite::backup::{Backup as SqliteBackup, StepResult};
use rusqlite::{Connection, MAIN_DB, OpenFlags};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Folder of the backups, inside the data folder.
pub const BACKUP_DIR: &str = "backups";
/// How many automatic backups of each kind (before a migration, before a restore) are kept.
const KEEP_AUTOMATIC: usize = 5;
/// The kinds of automatic backups, each pruned on its own so that restores never push out the
/// copies taken before a migration; the user's own backups are never pruned.
const BEFORE_UPDATE: &str = "auto-before-update";
const BEFORE_RESTORE: &str = "auto-before-restore";

/// A backup written.
#[derive(Debug, Clone, Serialize)]
pub struct Backup {
    /// The backup file.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
}

/// Copies the open store into `file`, or into a new file of the backups folder when None.
/// An existing file is never overwritten.
pub fn backup_to(store: &super::Store, file: Option<&Path>) -> Result<Backup> {
    let path = match file {
        Some(file) => file.to_path_buf(),
        None => {
            let dir = store
                .data_dir()
                .ok_or_else(|| Error::Internal("an in-memory store has no data folder to back up into".into()))?;
            new_backup_path(dir, "manual.db")?
        }
    };
    copy(store.conn(), &path)
}

/// Takes an automatic backup before the schema of the store moves on from `version`.
pub(super) fn before_migration(conn: &Connection, data_dir: &Path, version: usize) -> Result<PathBuf> {
    let path = new_backup_path(data_dir, &format!("{BEFORE_UPDATE}-schema{version}.db"))?;
    copy(conn, &path)?;
    tracing::warn!("the store is being updated to a new schema; a copy of it was saved first: {}", path.display());
    prune(data_dir, BEFORE_UPDATE, None)?;
    Ok(path)
}

/// The newest backup in the data folder's backups folder, if any.
pub fn latest_backup(data_dir: &Path) -> Result<Option<PathBuf>> {
    Ok(backups(data_dir)?.into_iter().next_back())
}

/// Replaces the store of `data_dir` with the backup `file`, after a backup of the current
/// store; refused while another process has the store open. Returns the backup of the
/// replaced store, when there was one.
pub fn restore(data_dir: &Path, file: &Path) -> Result<Option<Backup>> {
    let store = data_dir.join(STORE_FILE);
    if file.canonicalize().ok() == store.canonicalize().ok() && store.exists() {
        return Err(Error::NotABackup { path: file.to_path_buf(), reason: "it is the store itself".into() });
    }
    check_backup(file)?;
    private::create_dir(data_dir)?;
    let _alone = Presence::exclusive(data_dir)?;
    // The backup is copied in before anything else happens to the backups folder (pruning
    // could otherwise delete the very file being restored).
    let incoming = sibling(&store, ".restoring");
    let _ = std::fs::remove_file(&incoming);
    let source = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|source| Error::StoreOpen { path: file.to_path_buf(), source })?;
    copy(&source, &incoming)?;
    drop(source);
    // The replaced store is kept, even a damaged one (as its bytes and its WAL, if SQLite
    // cannot read it).
    let saved = if store.exists() { Some(save_current(data_dir, &store)?) } else { None };
    // Nobody else has the store open: its WAL files belong to the store being replaced.
    for suffix in ["-wal", "-shm"] {
        match std::fs::remove_file(sibling(&store, suffix)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(Error::Io { path: sibling(&store, suffix), source: e });
            }
            _ => {}
        }
    }
    std::fs::rename(&incoming, &store).map_err(|source| Error::Io { path: store.clone(), source })?;
    prune(data_dir, BEFORE_RESTORE, file.canonicalize().ok().as_deref())?;
    Ok(saved)
}

/// Refuses a file that is not a readable Vigie store this version can open.
fn check_backup(file: &Path) -> Result<()> {
    let refuse = |reason: String| Error::NotABackup { path: file.to_path_buf(), reason };
    if !file.is_file() {
        return Err(refuse("no such file".into()));
    }
    let conn = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| refuse(format!("cannot open it: {e}")))?;
    let check: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| refuse(format!("it is not a readable SQLite database ({e})")))?;
    if check != "ok" {
        return Err(refuse(format!("it is damaged ({check})")));
    }
    let version = schema_version(&conn).map_err(|e| refuse(e.to_string()))?;
    let has_cabinets: bool = conn
        .query_row("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'cabinets')", [], |r| {
            r.get(0)
        })
        .map_err(|e| refuse(e.to_string()))?;
    if version == 0 || !has_cabinets {
        return Err(refuse("it is not a Vigie store".into()));
    }
    if version > SCHEMA_VERSION {
        return Err(refuse(format!(
            "it was written by a newer version of Vigie (schema {version}, this version knows {}): update Vigie",
            SCHEMA_VERSION
        )));
    }
    Ok(())
}

/// Backs up the store about to be replaced: through SQLite when it can read it, else its bytes
/// and its WAL, under a name that is not offered as a backup to restore (it may be damaged).
fn save_current(data_dir: &Path, store: &Path) -> Result<Backup> {
    let path = new_backup_path(data_dir, &format!("{BEFORE_RESTORE}.db"))?;
    let readable = Connection::open_with_flags(store, OpenFlags::SQLITE_OPEN_READ_WRITE)
        .and_then(|conn| conn.query_row("PRAGMA quick_check", [], |r| r.get::<_, String>(0)))
        .is_ok_and(|check| check == "ok");
    if readable {
        if let Ok(saved) = Connection::open_with_flags(store, OpenFlags::SQLITE_OPEN_READ_WRITE)
            .map_err(Error::Db)
            .and_then(|conn| copy(&conn, &path))
        {
            return Ok(saved);
        }
        let _ = std::fs::remove_file(&path);
    }
    let raw = new_backup_path(data_dir, "damaged-store.bin")?;
    let bytes = raw_copy(store, &raw)?;
    if sibling(store, "-wal").exists() {
        raw_copy(&sibling(store, "-wal"), &sibling(&raw, "-wal"))?;
    }
    Ok(Backup { path: raw, bytes })
}

/// Copies a file's bytes into a new private file.
fn raw_copy(from: &Path, to: &Path) -> Result<u64> {
    private::create_file(to)?;
    std::fs::copy(from, to).map_err(|source| Error::Io { path: to.to_path_buf(), source })
}

/// Copies the main database of `conn` into a new private file `dest`, in one step so that the
/// copy is one consistent state even while another process writes.
fn copy(conn: &Connection, dest: &Path) -> Result<Backup> {
    if dest.exists() {
        return Err(Error::Io {
            path: dest.to_path_buf(),
            source: std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "the file exists already; choose another name",
            ),
        });
    }
    private::create_file(dest)?;
    let result = (|| {
        let mut target = Connection::open(dest)?;
        let backup = SqliteBackup::new_with_names(conn, MAIN_DB, &mut target, MAIN_DB)?;
        let deadline = std::time::Instant::now() + super::connect::BUSY_TIMEOUT;
        loop {
            match backup.step(-1)? {
                StepResult::Done => break,
                // Another connection holds a lock: wait for it as long as any writer does.
                _ if std::time::Instant::now() >= deadline => {
                    return Err(rusqlite::Error::SqliteFailure(
                        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                        None,
                    ));
                }
                _ => std::thread::sleep(std::time::Duration::from_millis(50)),
            }
        }
        drop(backup);
        // A backup is one self-contained file, whatever the journal mode of the store.
        target.pragma_update(None, "journal_mode", "DELETE")?;
        Ok::<_, rusqlite::Error>(())
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(dest);
        return Err(super::explain(Error::Db(e), dest));
    }
    let bytes = std::fs::metadata(dest).map(|m| m.len()).unwrap_or(0);
    Ok(Backup { path: dest.to_path_buf(), bytes })
}

/// A new file name in the backups folder: `vigie-YYYYMMDD-HHMMSS-NN-<what>`, NN counting the
/// backups of that second so that names sort by time.
fn new_backup_path(data_dir: &Path, what: &str) -> Result<PathBuf> {
    let dir = data_dir.join(BACKUP_DIR);
    private::create_dir(&dir)?;
    // Named by the system's time: these are files for a person to find, not a schedule.
    let stamp = format!("vigie-{}-", chrono::Utc::now().format("%Y%m%d-%H%M%S"));
    let taken: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|source| Error::Io { path: dir.clone(), source })?
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|name| name.starts_with(&stamp))
        .collect();
    let n = (0..).find(|n| !taken.iter().any(|name| name.starts_with(&format!("{stamp}{n:02}-")))).unwrap_or(0);
    Ok(dir.join(format!("{stamp}{n:02}-{what}")))
}

/// The backups of the data folder, oldest first (their names sort by time).
fn backups(data_dir: &Path) -> Result<Vec<PathBuf>> {
    let dir = data_dir.join(BACKUP_DIR);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(Error::Io { path: dir, source }),
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("vigie-") && n.ends_with(".db"))
        })
        .collect();
    found.sort();
    Ok(found)
}

/// Deletes the oldest automatic backups of `kind` beyond the few kept, never `keep`.
fn prune(data_dir: &Path, kind: &str, keep: Option<&Path>) -> Result<()> {
    let of_kind: Vec<PathBuf> = backups(data_dir)?
        .into_iter()
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.contains(kind)))
        .collect();
    for old in of_kind.iter().take(of_kind.len().saturating_sub(KEEP_AUTOMATIC)) {
        if keep.is_some_and(|keep| old.canonicalize().ok().as_deref() == Some(keep)) {
            continue;
        }
        std::fs::remove_file(old).map_err(|source| Error::Io { path: old.clone(), source })?;
    }
    Ok(())
}

/// `store` with `suffix` appended to its file name.
fn sibling(store: &Path, suffix: &str) -> PathBuf {
    let mut name = store.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}
