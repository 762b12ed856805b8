//! The firm's data is private to the user running Vigie: the data folder is 0700 and every
//! file in it 0600, whatever the process's umask; an existing looser store is tightened once.

use crate::error::{Error, Result};
use std::path::Path;

/// Creates `dir` (and its parents) if needed; the folder itself is made private.
pub(crate) fn create_dir(dir: &Path) -> Result<()> {
    let io = |source| Error::Io { path: dir.to_path_buf(), source };
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(io)?;
    // An empty folder exposed nothing: no need to tell.
    let holds_files = std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(false);
    tighten(dir, 0o700, holds_files);
    Ok(())
}

/// Creates the store file private when it does not exist yet, and tightens the modes of the
/// store and its WAL files when another user could read them (the data folder's is
/// [`create_dir`]'s business: a store opened by path may sit in a folder the user shares).
pub(crate) fn tighten_store_files(path: &Path) -> Result<()> {
    create_file(path)?;
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    let mut shm = path.as_os_str().to_owned();
    shm.push("-shm");
    for file in [path, Path::new(&wal), Path::new(&shm)] {
        tighten(file, 0o600, true);
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

/// Removes the group and other permission bits of `path` when it has any, saying so once when
/// `say` (the next time there is nothing to say). A file of another user is left as it is.
#[cfg(unix)]
fn tighten(path: &Path, mode: u32, say: bool) {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let Ok(meta) = std::fs::symlink_metadata(path) else { return };
    let current = meta.permissions().mode() & 0o777;
    // SAFETY: geteuid has no preconditions and cannot fail.
    let ours = meta.uid() == unsafe { libc::geteuid() };
    if current & 0o077 == 0 || meta.file_type().is_symlink() || !ours {
        return;
    }
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

#[cfg(not(unix))]
fn tighten(_path: &Path, _mode: u32, _say: bool) {}

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
}
