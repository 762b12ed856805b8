//! SQLite's errors about the store file itself turned into errors that name the store and
//! say what to do: busy, full disk, read-only, damaged.

use crate::error::Error;
use rusqlite::ErrorCode;
use std::path::Path;

/// Gives a store error its meaning for the person reading it; other errors pass unchanged.
pub fn explain(error: Error, store: &Path) -> Error {
    let code = match &error {
        Error::Db(e) | Error::StoreOpen { source: e, .. } => e.sqlite_error_code(),
        _ => None,
    };
    let path = store.to_path_buf();
    match code {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Error::StoreBusy { path },
        Some(ErrorCode::DiskFull) => Error::StoreFull { path },
        Some(ErrorCode::ReadOnly) => Error::StoreReadOnly { path, needs_update: false },
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => {
            let backup = store.parent().and_then(|dir| super::latest_backup(dir).ok().flatten());
            Error::StoreDamaged { path, backup }
        }
        _ => error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite(code: i32) -> Error {
        Error::Db(rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None))
    }

    #[test]
    fn store_errors_name_the_store() {
        let p = Path::new("/tmp/nowhere/vigie.db");
        assert!(matches!(explain(sqlite(rusqlite::ffi::SQLITE_BUSY), p), Error::StoreBusy { .. }));
        assert!(matches!(explain(sqlite(rusqlite::ffi::SQLITE_FULL), p), Error::StoreFull { .. }));
        assert!(matches!(explain(sqlite(rusqlite::ffi::SQLITE_READONLY), p), Error::StoreReadOnly { .. }));
        assert!(matches!(explain(sqlite(rusqlite::ffi::SQLITE_CORRUPT), p), Error::StoreDamaged { backup: None, .. }));
        assert!(matches!(explain(sqlite(rusqlite::ffi::SQLITE_CONSTRAINT), p), Error::Db(_)));
        let busy = explain(sqlite(rusqlite::ffi::SQLITE_BUSY), p).to_string();
        assert!(busy.contains("/tmp/nowhere/vigie.db") && busy.contains("try again"), "{busy}");
    }
}
