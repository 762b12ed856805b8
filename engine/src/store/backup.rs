//! Copies of the store, so that "nothing lost" holds against a bad disk or a bad upgrade:
//! one is taken before every schema migration (the last few are kept), by hand with
//! `vigie backup`, and before a restore replaces the store.

use super::presence::Presence;
use super::{MIGRATIONS, STORE_FILE, private, schema_version};
use crate::error::{Error, Result};
use rusqlite::backup::{Backup as SqliteBackup, StepResult};
use rusqlite::{Connection, MAIN_DB, OpenFlags};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Folder of the backups, inside the data folder.
pub const BACKUP_DIR: &str = "backups";
/// How many automatic backups (before a migration, before a restore) are kept.
const KEEP_AUTOMATIC: usize = 5;
/// Marks the names of automatic backups, which are pruned; the user's own ones never are.
const AUTOMATIC: &str = "-auto-";

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
                .ok_or_else(|| Error::InvalidInput("an in-memory store has no data folder to back up into".into()))?;
            new_backup_path(dir, "manual")?
        }
    };
    copy(store.conn(), &path)
}

/// Takes an automatic backup before the schema of the store moves on from `version`.
pub(super) fn before_migration(conn: &Connection, data_dir: &Path, version: usize) -> Result<PathBuf> {
    let path = new_backup_path(data_dir, &format!("{}before-update-schema{version}", &AUTOMATIC[1..]))?;
    copy(conn, &path)?;
    tracing::warn!("the store is being updated to a new schema; a copy of it was saved first: {}", path.display());
    prune(data_dir)?;
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
    // The replaced store is kept, even a damaged one (as its bytes, if SQLite cannot read it).
    let saved = if store.exists() { Some(save_current(data_dir, &store)?) } else { None };
    let incoming = sibling(&store, ".restoring");
    let _ = std::fs::remove_file(&incoming);
    let source = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|source| Error::StoreOpen { path: file.to_path_buf(), source })?;
    copy(&source, &incoming)?;
    drop(source);
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
    if version > MIGRATIONS.len() {
        return Err(refuse(format!(
            "it was written by a newer version of Vigie (schema {version}, this version knows {}): update Vigie",
            MIGRATIONS.len()
        )));
    }
    Ok(())
}

/// Backs up the store about to be replaced: through SQLite when it can read it, else its bytes.
fn save_current(data_dir: &Path, store: &Path) -> Result<Backup> {
    let path = new_backup_path(data_dir, &format!("{}before-restore", &AUTOMATIC[1..]))?;
    let through_sqlite = Connection::open_with_flags(store, OpenFlags::SQLITE_OPEN_READ_WRITE)
        .map_err(Error::Db)
        .and_then(|conn| copy(&conn, &path));
    let saved = match through_sqlite {
        Ok(saved) => saved,
        Err(_) => {
            let _ = std::fs::remove_file(&path);
            private::create_file(&path)?;
            let bytes = std::fs::copy(store, &path).map_err(|source| Error::Io { path: path.clone(), source })?;
            Backup { path, bytes }
        }
    };
    prune(data_dir)?;
    Ok(saved)
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
        loop {
            match backup.step(-1)? {
                StepResult::Done => break,
                // Another connection holds a lock: wait for it like any writer does.
                StepResult::Busy | StepResult::Locked => {
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                StepResult::More => {}
                _ => {}
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

/// A new file name in the backups folder: `vigie-YYYYMMDD-HHMMSS-<what>.db`.
fn new_backup_path(data_dir: &Path, what: &str) -> Result<PathBuf> {
    let dir = data_dir.join(BACKUP_DIR);
    private::create_dir(&dir)?;
    // Named by the system's time: these are files for a person to find, not a schedule.
    let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S");
    let mut n = 0;
    loop {
        let suffix = if n == 0 { String::new() } else { format!("-{n}") };
        let path = dir.join(format!("vigie-{stamp}{suffix}-{what}.db"));
        if !path.exists() {
            return Ok(path);
        }
        n += 1;
    }
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

/// Deletes the oldest automatic backups beyond the few kept.
fn prune(data_dir: &Path) -> Result<()> {
    let automatic: Vec<PathBuf> = backups(data_dir)?
        .into_iter()
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.contains(AUTOMATIC)))
        .collect();
    for old in automatic.iter().take(automatic.len().saturating_sub(KEEP_AUTOMATIC)) {
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
