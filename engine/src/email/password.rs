//! The SMTP password: in the OS keyring (Secret Service, Credential Manager, Keychain), or in
//! `VIGIE_SMTP_PASSWORD` for headless servers. Never in the database, logs or output.

use super::smtp::SmtpSettings;
use crate::cabinet::Cabinet;
use crate::error::{Error, Result};
use crate::store::Store;

/// Keyring service under which Vigie stores SMTP passwords.
const SERVICE: &str = "vigie-smtp";

/// Environment variable that overrides the keyring.
pub const ENV: &str = "VIGIE_SMTP_PASSWORD";

fn entry(cabinet: &Cabinet, settings: &SmtpSettings) -> Result<keyring::Entry> {
    let account = format!("{}:{}@{}", cabinet.name, settings.user.as_deref().unwrap_or_default(), settings.host);
    off_runtime(|| keyring::Entry::new(SERVICE, &account)).map_err(unreachable_keyring)
}

fn unreachable_keyring(e: keyring::Error) -> Error {
    Error::Keyring(format!(
        "the OS keyring cannot be used ({e}); on Linux start a Secret Service \
         (gnome-keyring or KeePassXC) in your session, or set {ENV} for a headless server"
    ))
}

/// Runs a keyring call on a thread of its own: the Secret Service client blocks on its own
/// async runtime, which must not run inside the caller's (the outbox worker is async).
fn off_runtime<T: Send>(call: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|s| s.spawn(call).join().expect("keyring call panicked"))
}

/// Stores the password for the cabinet's SMTP login.
pub fn set(cabinet: &Cabinet, settings: &SmtpSettings, password: &str) -> Result<()> {
    let entry = entry(cabinet, settings)?;
    off_runtime(|| entry.set_password(password)).map_err(unreachable_keyring)
}

/// The password for the cabinet's SMTP login. `VIGIE_SMTP_PASSWORD` is used only when the
/// store holds a single cabinet: with several, one firm's secret must not reach another's server.
pub fn get(store: &Store, cabinet: &Cabinet, settings: &SmtpSettings) -> Result<String> {
    if let Ok(password) = std::env::var(ENV) {
        if crate::cabinet::list(store)?.len() <= 1 {
            return Ok(password);
        }
        tracing::warn!(
            "{ENV} is ignored: the store holds several cabinets; store each cabinet's password in the OS keyring"
        );
    }
    let entry = entry(cabinet, settings)?;
    match off_runtime(|| entry.get_password()) {
        Ok(p) => Ok(p),
        Err(keyring::Error::NoEntry) => Err(Error::SmtpPasswordMissing {
            user: settings.user.clone().unwrap_or_default(),
            host: settings.host.clone(),
        }),
        Err(e) => Err(unreachable_keyring(e)),
    }
}

/// Whether a password is stored (or given by the environment), without revealing it.
pub fn is_set(store: &Store, cabinet: &Cabinet, settings: &SmtpSettings) -> Result<bool> {
    match get(store, cabinet, settings) {
        Ok(_) => Ok(true),
        Err(Error::SmtpPasswordMissing { .. }) => Ok(false),
        Err(e) => Err(e),
    }
}
