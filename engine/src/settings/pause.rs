//! The value of `jobs.paused_until`: whether a cabinet's alerts are held, and until when.

use crate::store::{instant_text, parse_instant};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// Stored value of a pause without an end.
const INDEFINITE: &str = "indefinite";

/// Whether a cabinet's alerts are paused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
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
    /// Reads the setting's value: empty, `indefinite`, or an RFC 3339 instant.
    pub fn parse(value: &str) -> Result<Pause, String> {
        match value.trim() {
            "" => Ok(Pause::No),
            INDEFINITE => Ok(Pause::Indefinite),
            text => parse_instant(text).map(|until| Pause::Until { until }).ok_or_else(|| {
                format!("expected an RFC 3339 instant such as 2026-12-24T18:00:00+01:00, \"{INDEFINITE}\", or nothing")
            }),
        }
    }

    /// The setting's value for this pause.
    pub fn setting_text(&self) -> String {
        match self {
            Pause::No => String::new(),
            Pause::Until { until } => instant_text(*until),
            Pause::Indefinite => INDEFINITE.to_string(),
        }
    }

    /// Whether alerts are held at `now`.
    pub fn holds_at(&self, now: DateTime<Utc>) -> bool {
        match self {
            Pause::No => false,
            Pause::Until { until } => now < *until,
            Pause::Indefinite => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_and_padding_is_ignored() {
        for pause in [Pause::No, Pause::Indefinite, Pause::parse("2026-12-24T17:00:00Z").unwrap()] {
            assert_eq!(Pause::parse(&pause.setting_text()).unwrap(), pause);
        }
        assert_eq!(Pause::parse(" indefinite ").unwrap(), Pause::Indefinite);
        assert_eq!(Pause::parse(" 2026-12-24T18:00:00+01:00").unwrap(), Pause::parse("2026-12-24T17:00:00Z").unwrap());
        assert!(Pause::parse("demain").unwrap_err().starts_with("expected an RFC 3339 instant"));
    }
}
