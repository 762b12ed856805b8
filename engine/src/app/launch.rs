//! Where a shell finds its store and its clock: the same rules for the command line and the
//! desktop app, so that both work on one store side by side.

use crate::clock::{Clock, FixedClock, ScaledClock, SystemClock};
use crate::error::{Error, Result};
use std::path::PathBuf;
use std::sync::Arc;

/// The data folder: `given` (a `--data-dir` option or `VIGIE_DATA_DIR`), else the OS's data
/// folder for Vigie (`~/.local/share/vigie` on Linux).
pub fn data_dir(given: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(dir) = given.filter(|d| !d.as_os_str().is_empty()) {
        return Ok(dir);
    }
    directories::ProjectDirs::from("fr", "Vigie", "Vigie")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or_else(|| Error::InvalidInput("no home folder found: pass --data-dir DIR".into()))
}

/// The clock: the system's, unless (test-only) VIGIE_NOW pins it to an RFC 3339 instant, or
/// VIGIE_CLOCK_START starts it at one, running VIGIE_CLOCK_SPEED times faster (default 1).
pub fn clock_from_env() -> Result<Arc<dyn Clock>> {
    if let Ok(text) = std::env::var("VIGIE_CLOCK_START") {
        let start = crate::store::parse_instant(&text)
            .ok_or_else(|| Error::InvalidInput(format!("VIGIE_CLOCK_START=\"{text}\" is not an RFC 3339 instant")))?;
        let speed =
            match std::env::var("VIGIE_CLOCK_SPEED") {
                Ok(text) => text.parse::<f64>().ok().filter(|s| s.is_finite() && *s > 0.0).ok_or_else(|| {
                    Error::InvalidInput(format!("VIGIE_CLOCK_SPEED=\"{text}\" is not a positive number"))
                })?,
                Err(_) => 1.0,
            };
        return Ok(Arc::new(ScaledClock::new(start, speed)));
    }
    match std::env::var("VIGIE_NOW") {
        Ok(text) => {
            let at = crate::store::parse_instant(&text)
                .ok_or_else(|| Error::InvalidInput(format!("VIGIE_NOW=\"{text}\" is not an RFC 3339 instant")))?;
            Ok(Arc::new(FixedClock::new(at)))
        }
        Err(_) => Ok(Arc::new(SystemClock)),
    }
}
