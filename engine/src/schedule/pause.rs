//! Pausing alerts: the check and the weekly digest are held until a given instant or until
//! resumed; the instants that fall in a pause are recorded as skipped, not caught up later.

use crate::error::Result;
use crate::settings;
use crate::store::{Store, instant_text, parse_instant};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// Setting holding the pause.
pub const KEY: &str = "jobs.paused_until";

/// Stored value of a pause without an end.
const INDEFINITE: &str = "indefinite";

/// Whether a cabinet's alerts are paused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "paused", rename_all = "snake_case")]
pub enum Pause {
    /// Alerts run.
    No,
    /// Held until this instant.
    Until {
        /// End of the pause (UTC).
        until: DateTime<Utc>,
    },
    /// Held until `vigie jobs resume`.
    Indefinite,
}

impl Pause {
    /// Whether alerts are held at `now`.
    pub fn holds_at(&self, now: DateTime<Utc>) -> bool {
        match self {
            Pause::No => false,
            Pause::Until { until } => now < *until,
            Pause::Indefinite => true,
        }
    }
}

/// Checks the setting's value: empty, `indefinite`, or an RFC 3339 instant.
pub fn check_paused_until(value: &str) -> Result<(), String> {
    let value = value.trim();
    if value.is_empty() || value == INDEFINITE || parse_instant(value).is_some() {
        Ok(())
    } else {
        Err(format!("expected an RFC 3339 instant such as 2026-12-24T18:00:00+01:00, \"{INDEFINITE}\", or nothing"))
    }
}

/// A cabinet's pause as stored.
pub fn get(store: &Store, cabinet_id: i64) -> Result<Pause> {
    let value = settings::get(store, cabinet_id, KEY)?;
    Ok(match value.trim() {
        "" => Pause::No,
        INDEFINITE => Pause::Indefinite,
        text => Pause::Until { until: parse_instant(text).expect("checked by settings::get") },
    })
}

/// Pauses a cabinet's alerts until `until`, or until resumed.
pub fn pause(store: &Store, cabinet_id: i64, until: Option<DateTime<Utc>>) -> Result<Pause> {
    let value = until.map_or_else(|| INDEFINITE.to_string(), instant_text);
    settings::set(store, cabinet_id, KEY, &value)?;
    get(store, cabinet_id)
}

/// Resumes a cabinet's alerts.
pub fn resume(store: &Store, cabinet_id: i64) -> Result<()> {
    settings::set(store, cabinet_id, KEY, "")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{cabinet, clock::SystemClock};
    use chrono::TimeZone;

    #[test]
    fn pause_until_then_resume() {
        let store = Store::open_in_memory().unwrap();
        let c = cabinet::add(&store, &SystemClock, "A", None).unwrap();
        assert_eq!(get(&store, c.id).unwrap(), Pause::No);
        let end = Utc.with_ymd_and_hms(2026, 12, 24, 17, 0, 0).unwrap();
        let p = pause(&store, c.id, Some(end)).unwrap();
        assert!(p.holds_at(end - chrono::Duration::seconds(1)));
        assert!(!p.holds_at(end));
        assert_eq!(pause(&store, c.id, None).unwrap(), Pause::Indefinite);
        assert!(Pause::Indefinite.holds_at(end));
        resume(&store, c.id).unwrap();
        assert_eq!(get(&store, c.id).unwrap(), Pause::No);
        assert!(settings::set(&store, c.id, KEY, "demain").is_err());
    }
}
