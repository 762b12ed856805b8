//! The window's commands: each parses what the window sends, calls the engine once, and
//! returns what the window shows. Errors cross as [`crate::ipc::IpcError`].

pub mod actions;
pub mod export;
pub mod firm;
pub mod import;
pub mod inbox;
pub mod jobs;
pub mod load;
pub mod logs;
pub mod outbox;
pub mod preferences;
pub mod session;
pub mod settings;
pub mod smtp;
