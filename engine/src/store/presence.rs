//! Which processes have the store open: each open store holds a shared lock on `vigie.lock`
//! in the data folder, so that a restore, which needs the store to itself, can tell.
//!
//! A separate file, not the store: closing any descriptor of the store file would drop the
//! POSIX locks SQLite holds on it.

use crate::error::{Error, Result};
use std::fs::{File, TryLockError};
use std::path::Path;

/// File name of the lock beside the store.
const LOCK_FILE: &str = "vigie.lock";

/// A lock held while a store is open (shared) or restored (exclusive); released when dropped.
pub(crate) struct Presence {
    _file: Option<File>,
}

impl Presence {
    /// Says that this process uses the store of `data_dir`; waits while a restore runs.
    pub fn join(data_dir: &Path) -> Result<Self> {
        let Some(file) = lock_file(data_dir)? else { return Ok(Self { _file: None }) };
        file.lock_shared().map_err(|source| Error::Io { path: data_dir.join(LOCK_FILE), source })?;
        Ok(Self { _file: Some(file) })
    }

    /// Takes the store of `data_dir` for this process alone, or says who else has it.
    pub fn exclusive(data_dir: &Path) -> Result<Self> {
        let path = data_dir.join(LOCK_FILE);
        let Some(file) = lock_file(data_dir)? else {
            return Err(Error::Io {
                path,
                source: std::io::Error::new(std::io::ErrorKind::PermissionDenied, "cannot create the lock file"),
            });
        };
        match file.try_lock() {
            Ok(()) => Ok(Self { _file: Some(file) }),
            Err(TryLockError::WouldBlock) => Err(Error::StoreInUse { path: data_dir.join(super::STORE_FILE) }),
            Err(TryLockError::Error(source)) => Err(Error::Io { path, source }),
        }
    }
}

/// Opens (creating if needed) the lock file; None in a folder this process may not write
/// (a read-only store), where nobody can restore anyway.
fn lock_file(data_dir: &Path) -> Result<Option<File>> {
    let path = data_dir.join(LOCK_FILE);
    super::private::create_file(&path)?;
    match File::options().read(true).write(true).open(&path) {
        Ok(file) => Ok(Some(file)),
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::PermissionDenied
                    | std::io::ErrorKind::ReadOnlyFilesystem
                    | std::io::ErrorKind::NotFound
            ) =>
        {
            Ok(None)
        }
        Err(source) => Err(Error::Io { path, source }),
    }
}
