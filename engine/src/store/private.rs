//! The firm's data is private to the user running Vigie: the data folder is 0700 and every
//! file in it 0600, whatever the process's umask; an existing looser store is tightened once.

use crate::error::{Error, Result};
use std::path::Path;

/// Names a data folder may hold: a folder holding only these is Vigie's own.
const VIGIE_ENTRIES: &[&str] =
    &["vigie.db", "vigie.db-wal", "vigie.db-shm", "vigie.db.restoring", "vigie.lock", "backups", "logs", "templates"];

/// Creates `dir` (and its parents) private if needed. An existing folder is tightened only when
/// it is Vigie's own (it holds nothing else): `--data-dir ~` or a shared folder keeps its mode,
/// the store in it being private anyway.
pub(crate) fn create_dir(dir: &Path) -> Result<()> {
    let io = |source| Error::Io { path: dir.to_path_buf(), source };
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(io)?;
    let entries: Vec<String> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    let ours = entries.iter().all(|name| VIGIE_ENTRIES.contains(&name.as_str()) || name.starts_with("vigie-"));
    if ours {
        // An empty folder exposed nothing: no need to tell.
        tighten(dir, !entries.is_empty());
    }
    Ok(())
}

/// Creates the store file private when it does not exist yet, and tightens the modes of the
/// store and its WAL files when another user could read them (the data folder's is
/// [`create_dir`]'s business: a store opened by path may sit in a folder the user shares).
pub(crate) fn tighten_store_files(path: &Path) -> Result<()> {
    create_file(path)?;
    tighten(path, true);
    for suffix in ["-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        // SQLite gives these the store's mode when it creates them: a read-only store leaves a
        // read-only `-shm` behind, which would keep the store read-only once made writable.
        reset_wal_file(Path::new(&name));
    }
    Ok(())
}

/// Creates an empty file readable by its owner only, unless it exists; SQLite then keeps the
/// mode for the file and gives it to the WAL files it creates beside it.
pub(crate) fn create_file(path: &Path) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        // Exists already, or cannot be created here: opening the store says which.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) if matches!(e.kind(), std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem) => {
            Ok(())
        }
        Err(source) => Err(Error::Io { path: path.to_path_buf(), source }),
    }
}

/// Removes the group and other permission bits of `path` when it has any (keeping the owner's
/// and the special bits), saying so once when `say`. A file of another user is left alone.
#[cfg(unix)]
fn tighten(path: &Path, say: bool) {
    use std::os::unix::fs::PermissionsExt;
    let Ok(meta) = std::fs::symlink_metadata(path) else { return };
    let current = meta.permissions().mode() & 0o7777;
    if current & 0o077 == 0 || meta.file_type().is_symlink() || !owned(&meta) {
        return;
    }
    let mode = current & !0o077;
    match std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)) {
        Ok(()) if !say => {}
        Ok(()) => tracing::warn!(
            "{} was readable by other users of this computer (mode {current:o}); it is now private (mode {mode:o})",
            path.display()
        ),
        Err(e) => tracing::warn!(
            "{} is readable by other users of this computer (mode {current:o}) and could not be made private: {e}",
            path.display()
        ),
    }
}

/// Gives a WAL file of ours exactly the owner's read and write.
#[cfg(unix)]
fn reset_wal_file(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let Ok(meta) = std::fs::symlink_metadata(path) else { return };
    if meta.is_file() && owned(&meta) && meta.permissions().mode() & 0o7777 != 0o600 {
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
    }
}

/// Whether this process's user owns the file.
#[cfg(unix)]
fn owned(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid has no preconditions and cannot fail.
    meta.uid() == unsafe { libc::geteuid() }
}

#[cfg(not(unix))]
fn tighten(_path: &Path, _say: bool) {}

#[cfg(not(unix))]
fn reset_wal_file(_path: &Path) {}

/// Makes every file this process creates from now on private to its user (umask 077): logs,
/// backups, exported files. Called once at start-up by the command line and the app.
pub fn restrict_new_files() {
    #[cfg(unix)]
    // SAFETY: umask only sets the process's file creation mask; it cannot fail.
    unsafe {
        libc::umask(0o077);
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_new_folder_and_store_are_private() {
        let top = tempfile::tempdir().unwrap();
        let dir = top.path().join("a/b");
        create_dir(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);
        let store = dir.join("vigie.db");
        tighten_store_files(&store).unwrap();
        assert_eq!(mode(&store), 0o600);
    }

    #[test]
    fn an_open_store_is_tightened() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let store = dir.path().join("vigie.db");
        std::fs::write(&store, b"").unwrap();
        std::fs::set_permissions(&store, std::fs::Permissions::from_mode(0o644)).unwrap();
        create_dir(dir.path()).unwrap();
        tighten_store_files(&store).unwrap();
        assert_eq!((mode(dir.path()), mode(&store)), (0o700, 0o600));
    }

    #[test]
    fn a_shared_folder_keeps_its_mode_and_a_read_only_store_stays_read_only() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o1777)).unwrap();
        std::fs::write(dir.path().join("notes.txt"), b"x").unwrap();
        create_dir(dir.path()).unwrap();
        assert_eq!(std::fs::metadata(dir.path()).unwrap().permissions().mode() & 0o7777, 0o1777);
        let store = dir.path().join("vigie.db");
        std::fs::write(&store, b"").unwrap();
        std::fs::set_permissions(&store, std::fs::Permissions::from_mode(0o444)).unwrap();
        let shm = dir.path().join("vigie.db-shm");
        std::fs::write(&shm, b"").unwrap();
        std::fs::set_permissions(&shm, std::fs::Permissions::from_mode(0o400)).unwrap();
        tighten_store_files(&store).unwrap();
        assert_eq!((mode(&store), mode(&shm)), (0o400, 0o600));
    }
}
