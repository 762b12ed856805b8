//! Changes other processes make to the store (a `check` from the command line, a daemon beside
//! the app) reach this process's bus: the data folder is watched by the OS (inotify on Linux,
//! FSEvents on macOS, ReadDirectoryChangesW on Windows), and each burst of writes to the store
//! or its WAL wakes a look at what changed. No timer polls the store: with nothing written,
//! nothing runs.

mod changes;

use super::{AppEvent, Bus, Vigie};
use crate::error::{Error, Result};
use crate::store::{STORE_FILE, Store};
use changes::Known;
use notify::{EventKind, RecursiveMode, Watcher};
use std::path::Path;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// How long the store must stay quiet before a look: a check writes in several commits, and
/// one look after the last finds them all.
const QUIET: Duration = Duration::from_millis(200);

/// The longest a look waits under a constant stream of writes (a long import, several
/// processes at once), so that alerts never lag far behind.
const MAX_DELAY: Duration = Duration::from_secs(1);

/// What the watching thread is told.
enum Wake {
    /// The store or its WAL was written.
    Written,
    /// The shell dropped its [`StoreWatch`].
    Stop,
}

/// A running watch of the store; dropping it stops the watch.
pub struct StoreWatch {
    /// Dropped with the watch: the OS stops reporting.
    _watcher: notify::RecommendedWatcher,
    stop: Sender<Wake>,
}

impl Drop for StoreWatch {
    fn drop(&mut self) {
        // The thread may have ended already (its store failed): nothing left to stop.
        let _ = self.stop.send(Wake::Stop);
    }
}

impl Vigie {
    /// Watches the store for changes made by other processes (and this one) and publishes
    /// what they change on the bus: `NotificationsCreated` for notifications this process has
    /// not announced, `UnreadChanged` for counts that moved (another process's mark-read).
    /// Wakes within ~200 ms of the last write, 1 s at most under a constant stream. Fails with
    /// [`Error::WatchUnavailable`] when the OS cannot watch the folder (such as inotify's limit
    /// reached): the shell can say so and go on without live updates from other processes.
    ///
    /// The watch reads on a connection of its own (so it never waits on the shell's) in a
    /// thread of its own (so it needs no async runtime). A restore needs the store to itself:
    /// drop the watch first.
    pub fn watch_store(&self) -> Result<StoreWatch> {
        let store = Store::open_dir(&self.data_dir)?;
        // Subscribed before reading the store, so that an event published in between is seen.
        let own = self.bus.subscribe(&store)?;
        let known = Known::now(&store)?;
        let (send, receive) = mpsc::channel();
        let mut watcher = watcher(send.clone(), &self.data_dir)?;
        // The folder, not the files: SQLite creates and deletes the WAL, and a watch on a
        // deleted file ends with it.
        watcher.watch(&self.data_dir, RecursiveMode::NonRecursive).map_err(|e| unavailable(&self.data_dir, e))?;
        let bus = self.bus.clone();
        std::thread::Builder::new()
            .name("vigie-store-watch".into())
            .spawn(move || run(store, known, own.events, bus, receive))
            .map_err(|e| Error::Internal(format!("cannot start the store watch: {e}")))?;
        Ok(StoreWatch { _watcher: watcher, stop: send })
    }
}

/// The OS watcher, sending a wake for each write to the store or its WAL.
fn watcher(send: Sender<Wake>, dir: &Path) -> Result<notify::RecommendedWatcher> {
    notify::recommended_watcher(move |event: notify::Result<notify::Event>| match event {
        Ok(event) if touches_store(&event) => {
            // The thread has ended (the watch is being dropped): nobody to wake.
            let _ = send.send(Wake::Written);
        }
        Ok(_) => {}
        Err(e) => tracing::warn!("store watch: {e}"),
    })
    .map_err(|e| unavailable(dir, e))
}

/// Whether `event` is a change to the store or its WAL: opening, reading and closing them
/// (this watch's own reads, another process opening the store) and setting their owner or
/// mode (SQLite does on open) change nothing, since every write is a modification event of
/// its own; the shared-memory index is rewritten by readers too.
fn touches_store(event: &notify::Event) -> bool {
    let wal = format!("{STORE_FILE}-wal");
    !matches!(event.kind, EventKind::Access(_) | EventKind::Modify(notify::event::ModifyKind::Metadata(_)))
        && event.paths.iter().any(|p| p.file_name().is_some_and(|n| n == STORE_FILE || n == wal.as_str()))
}

fn unavailable(dir: &Path, error: notify::Error) -> Error {
    let reason = match &error.kind {
        notify::ErrorKind::MaxFilesWatch => {
            "the system's limit of watched folders is reached (on Linux, fs.inotify.max_user_watches or max_user_instances)"
                .to_string()
        }
        notify::ErrorKind::PathNotFound => "the folder does not exist".to_string(),
        notify::ErrorKind::Io(e) => e.to_string(),
        _ => error.to_string(),
    };
    Error::WatchUnavailable { path: dir.to_path_buf(), reason }
}

/// The watching thread: waits for a write, lets the burst settle, then publishes what changed.
fn run(
    store: Store,
    mut known: Known,
    mut own: tokio::sync::broadcast::Receiver<AppEvent>,
    bus: Bus,
    wakes: Receiver<Wake>,
) {
    while settled(&wakes) {
        // What this process published itself is not news (a check run by this shell).
        while let Ok(event) = own.try_recv().or_else(|e| match e {
            // Fell behind: the look below publishes absolute counts, nothing is lost for them.
            tokio::sync::broadcast::error::TryRecvError::Lagged(_) => own.try_recv(),
            other => Err(other),
        }) {
            known.saw(&event);
        }
        match known.look(&store) {
            Ok(events) => {
                for event in events {
                    bus.publish(event);
                }
            }
            // A store busy or briefly unreadable: the next write wakes another look, which
            // still finds everything above the watermark.
            Err(e) => tracing::warn!("store watch: cannot read what changed: {e}"),
        }
    }
}

/// Blocks until a write, then until QUIET passes with no other (MAX_DELAY at most); false
/// when the watch is stopped.
fn settled(wakes: &Receiver<Wake>) -> bool {
    match wakes.recv() {
        Ok(Wake::Written) => {}
        Ok(Wake::Stop) | Err(_) => return false,
    }
    let first = Instant::now();
    let mut last = first;
    loop {
        let deadline = (last + QUIET).min(first + MAX_DELAY);
        match wakes.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(Wake::Written) => last = Instant::now(),
            Err(RecvTimeoutError::Timeout) => return true,
            Ok(Wake::Stop) | Err(RecvTimeoutError::Disconnected) => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, AccessMode, CreateKind, DataChange, MetadataKind, ModifyKind, RemoveKind};

    fn event(kind: EventKind, file: &str) -> notify::Event {
        notify::Event::new(kind).add_path(Path::new("/data").join(file))
    }

    #[test]
    fn writes_to_the_store_or_its_wal_wake_the_watch() {
        for file in ["vigie.db", "vigie.db-wal"] {
            assert!(touches_store(&event(EventKind::Modify(ModifyKind::Data(DataChange::Any)), file)), "{file}");
            assert!(touches_store(&event(EventKind::Create(CreateKind::File), file)), "{file}");
            assert!(touches_store(&event(EventKind::Remove(RemoveKind::File), file)), "{file}");
        }
    }

    #[test]
    fn opening_closing_or_chmod_of_the_store_and_other_files_do_not() {
        let quiet = [
            EventKind::Access(AccessKind::Open(AccessMode::Any)),
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::Ownership)),
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::Permissions)),
        ];
        for kind in quiet {
            assert!(!touches_store(&event(kind, "vigie.db-wal")), "{kind:?}");
        }
        for file in ["vigie.db-shm", "vigie.lock", "vigie.db.bak"] {
            assert!(!touches_store(&event(EventKind::Modify(ModifyKind::Data(DataChange::Any)), file)), "{file}");
        }
    }
}
