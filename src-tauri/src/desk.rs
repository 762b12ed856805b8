//! The shell's state: the engine handle (or why the store could not be opened, which the
//! window shows with a "Réessayer" button), and what the tray and pop-ups share.

use crate::ipc::{Answer, IpcError};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use vigie::app::Vigie;
use vigie::app::inbox::UserRef;
use vigie::clock::Clock;

/// Called once the store is open (at start-up, or after "Réessayer"): starts the scheduler,
/// the live updates and the tray badge.
pub type OnOpen = Box<dyn Fn(Arc<Vigie>) + Send + Sync>;

/// Managed by Tauri; every command reaches the engine through it.
pub struct Desk {
    data_dir: PathBuf,
    clock: Arc<dyn Clock>,
    opened: RwLock<Result<Arc<Vigie>, IpcError>>,
    on_open: Mutex<Option<OnOpen>>,
    /// Set by "Quitter": the exit that follows is not prevented.
    quitting: AtomicBool,
}

impl Desk {
    /// Opens the store in `data_dir`; a failure is kept for the window to show.
    pub fn open(data_dir: &Path, clock: Arc<dyn Clock>) -> Desk {
        let opened = open(data_dir, &clock);
        if let Err(e) = &opened {
            tracing::error!(code = ?e.code(), "the store cannot be opened: {}", e.0.message);
        }
        Desk {
            data_dir: data_dir.to_path_buf(),
            clock,
            opened: RwLock::new(opened),
            on_open: Mutex::new(None),
            quitting: AtomicBool::new(false),
        }
    }

    /// The data folder.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The engine, or why the store could not be opened.
    pub fn vigie(&self) -> Answer<Arc<Vigie>> {
        self.opened.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Runs one engine call, its error explained and worded for the window.
    pub fn run<T>(&self, call: impl FnOnce(&Vigie) -> vigie::Result<T>) -> Answer<T> {
        let vigie = self.vigie()?;
        call(&vigie).map_err(|e| IpcError::from_engine(e, vigie.store_path()))
    }

    /// Runs one engine call for this computer's user.
    pub fn as_user<T>(&self, call: impl FnOnce(&Vigie, &UserRef) -> vigie::Result<T>) -> Answer<T> {
        self.run(|v| call(v, &v.workstation_user()?))
    }

    /// Sets what runs once the store is open, running it now if it already is.
    pub fn when_open(&self, hook: OnOpen) {
        if let Ok(vigie) = self.vigie() {
            hook(vigie);
        }
        *self.on_open.lock().unwrap_or_else(|e| e.into_inner()) = Some(hook);
    }

    /// Tries to open the store again ("Réessayer"); on success the open hook runs.
    pub fn retry(&self) -> Answer<()> {
        if self.vigie().is_ok() {
            return Ok(());
        }
        let opened = open(&self.data_dir, &self.clock);
        *self.opened.write().unwrap_or_else(|e| e.into_inner()) = opened.clone();
        let vigie = opened?;
        if let Some(hook) = self.on_open.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
            hook(vigie);
        }
        Ok(())
    }

    /// Marks the exit that follows as wanted ("Quitter").
    pub fn set_quitting(&self) {
        self.quitting.store(true, Ordering::SeqCst);
    }

    /// Whether "Quitter" was chosen.
    pub fn quitting(&self) -> bool {
        self.quitting.load(Ordering::SeqCst)
    }
}

fn open(data_dir: &Path, clock: &Arc<dyn Clock>) -> Result<Arc<Vigie>, IpcError> {
    let store = data_dir.join(vigie::store::STORE_FILE);
    Vigie::open(data_dir, clock.clone()).map(Arc::new).map_err(|e| IpcError::from_engine(e, &store))
}
