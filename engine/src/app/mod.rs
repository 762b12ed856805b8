//! The application layer: one function per thing a user does (check, clean up, read the inbox,
//! import…), called alike by the command line, the scheduler, the desktop shell and a future
//! server. Each use case is a core `fn x(store: &mut Store, …)` (what the scheduler calls on
//! its own connection) plus a [`Vigie`] method that locks the shell's store, calls the core and
//! publishes what changed on the [`Bus`].

pub mod calendar;
pub mod check;
pub mod events;
pub mod export;
pub mod firm;
pub mod import;
pub mod inbox;
pub mod jobs;
pub mod launch;
pub mod load;
pub mod logs;
pub mod maintenance;
pub mod monitor;
pub mod outbox;
pub mod records;
pub mod scheduler;
pub mod smtp;
pub mod snooze;
pub mod watch;
pub mod workstation;

pub use events::{AppEvent, Bus, Subscription, UnreadCounts};
pub use watch::StoreWatch;

use crate::cabinet::{self, Cabinet};
use crate::clock::Clock;
use crate::error::Result;
use crate::store::{STORE_FILE, Store};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

/// The handle every shell holds: the data folder, the clock, the event bus, and one store
/// connection for the shell's own requests (the scheduler opens its own).
pub struct Vigie {
    data_dir: PathBuf,
    store_path: PathBuf,
    clock: Arc<dyn Clock>,
    bus: Bus,
    /// A rusqlite connection is Send but not Sync: requests from several threads take turns.
    store: Mutex<Store>,
}

impl Vigie {
    /// Opens (creating if needed) the store in `data_dir`.
    pub fn open(data_dir: &Path, clock: Arc<dyn Clock>) -> Result<Vigie> {
        let store = Store::open_dir(data_dir)?;
        Ok(Vigie {
            data_dir: data_dir.to_path_buf(),
            store_path: data_dir.join(STORE_FILE),
            clock,
            bus: Bus::new(),
            store: Mutex::new(store),
        })
    }

    /// The data folder (store, templates, logs, backups).
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The store file.
    pub fn store_path(&self) -> &Path {
        &self.store_path
    }

    /// The clock every use case reads.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// The event bus (to publish from a worker the shell runs, such as the outbox's).
    pub fn bus(&self) -> &Bus {
        &self.bus
    }

    /// The shell's store connection, for requests not (yet) in the application layer.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        // A panic while holding the lock leaves SQLite consistent (its transaction rolls back
        // when dropped): the connection stays usable.
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Gives the store connection back (the daemon and a restore need the store to themselves).
    pub fn into_store(self) -> Store {
        self.store.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    /// Subscribes to every event from now on, with the unread counts as they are now.
    pub fn subscribe(&self) -> Result<Subscription> {
        self.bus.subscribe(&self.store())
    }

    /// The cabinets a request is about: the one named, or every cabinet.
    pub fn cabinets(&self, name: Option<&str>) -> Result<Vec<Cabinet>> {
        cabinet::select(&self.store(), name)
    }

    /// The cabinet named, or the only one when none is named.
    pub fn cabinet(&self, name: Option<&str>) -> Result<Cabinet> {
        cabinet::resolve(&self.store(), name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_handle_can_be_shared_between_threads() {
        fn shared<T: Send + Sync + 'static>() {}
        shared::<Vigie>();
    }
}
