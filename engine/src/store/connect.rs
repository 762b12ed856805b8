//! Opening the SQLite connection: read-write in WAL mode, or read-only when the file is
//! write-protected, so that reading commands still work on it.

use super::diagnose::explain;
use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::time::Duration;

/// How long a writer waits for another process's lock before giving up.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Opens the store file; the flag tells whether it is read-only.
pub(super) fn open(path: &Path) -> Result<(Connection, bool)> {
    if is_write_protected(path) {
        return open_read_only(path).map(|conn| (conn, true));
    }
    let open_err = |source| explain(Error::StoreOpen { path: path.to_path_buf(), source }, path);
    let conn = Connection::open(path).map_err(open_err)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;
    // WAL lets the window read while the scheduler writes.
    conn.pragma_update(None, "journal_mode", "WAL").map_err(open_err)?;
    Ok((conn, false))
}

/// Whether the file exists and this process may not write it (mode, read-only mount).
#[cfg(unix)]
fn is_write_protected(path: &Path) -> bool {
    // Asked of the kernel rather than tried: opening the store for writing and closing it is a
    // file event, and every other process watching the store would wake for nothing.
    use std::os::unix::ffi::OsStrExt;
    let Ok(name) = std::ffi::CString::new(path.as_os_str().as_bytes()) else { return false };
    // SAFETY: `name` is a valid NUL-terminated path that outlives the call; faccessat only
    // reads it.
    let denied = unsafe { libc::faccessat(libc::AT_FDCWD, name.as_ptr(), libc::W_OK, libc::AT_EACCESS) } != 0;
    denied
        && matches!(
            std::io::Error::last_os_error().raw_os_error(),
            Some(libc::EACCES) | Some(libc::EPERM) | Some(libc::EROFS)
        )
}

#[cfg(not(unix))]
fn is_write_protected(path: &Path) -> bool {
    match std::fs::OpenOptions::new().write(true).open(path) {
        Ok(_) => false,
        Err(e) => matches!(e.kind(), std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem),
    }
}

/// A read-only connection. In WAL mode SQLite wants a shared-memory file beside the store;
/// when the folder is write-protected too, the store is opened as immutable (nobody can
/// change it from here anyway).
fn open_read_only(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut last = None;
    for query in ["mode=ro", "immutable=1"] {
        let uri = format!("file:{}?{query}", uri_path(path));
        let attempt = Connection::open_with_flags(&uri, flags).and_then(|conn| {
            conn.busy_timeout(BUSY_TIMEOUT)?;
            conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))?;
            Ok(conn)
        });
        match attempt {
            Ok(conn) => return Ok(conn),
            Err(e) => last = Some(e),
        }
    }
    let source = last.unwrap_or(rusqlite::Error::InvalidQuery);
    Err(explain(Error::StoreOpen { path: path.to_path_buf(), source }, path))
}

/// The path as a URI path: the characters that mean something in a URI are percent-encoded.
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for c in path.to_string_lossy().chars() {
        match c {
            '%' | '?' | '#' => out.push_str(&format!("%{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_paths_escape_what_uris_reserve() {
        assert_eq!(uri_path(Path::new("/a/b c/vigie.db")), "/a/b c/vigie.db");
        assert_eq!(uri_path(Path::new("/a/50%?#/v.db")), "/a/50%25%3F%23/v.db");
    }
}
