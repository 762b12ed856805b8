//! Vigie's engine: the store, the four alert detectors, import, the jobs and their scheduler.
//!
//! No GUI dependency: the desktop app and the `vigie` command line are thin shells over it.
#![warn(missing_docs)]

pub mod app;
pub mod cabinet;
pub mod cleanup;
pub mod clock;
pub mod cron;
pub mod dates;
pub mod demo;
pub mod detect;
pub mod email;
pub mod error;
pub mod firm;
pub mod fiscal;
pub mod french;
pub mod import;
pub mod inbox;
pub mod logs;
pub mod model;
pub mod popups;
pub mod quiet;
pub mod schedule;
pub mod settings;
pub mod siren;
pub mod staff;
pub mod status;
pub mod store;
pub mod text;
pub mod workstation;

pub use error::{Error, Result};
