//! Pausing alerts: the check and the weekly digest are held until a given instant or until
//! resumed; the instants that fall in a pause are recorded as skipped, not caught up later.

use crate::error::Result;
use crate::settings;
use crate::store::Store;
use chrono::{DateTime, Utc};

pub use crate::settings::pause::Pause;

/// Setting holding the pause.
pub const KEY: &str = "jobs.paused_until";

/// A cabinet's pause as stored; a value that does not parse is an error naming the setting.
pub fn get(store: &Store, cabinet_id: i64) -> Result<Pause> {
    settings::read(store, cabinet_id, KEY, Pause::parse)
}

/// Pauses a cabinet's alerts until `until`, or until resumed.
pub fn pause(store: &mut Store, cabinet_id: i64, until: Option<DateTime<Utc>>) -> Result<Pause> {
    let pause = until.map_or(Pause::Indefinite, |until| Pause::Until { until });
    settings::set(store, cabinet_id, KEY, &pause.setting_text())?;
    get(store, cabinet_id)
}

/// Resumes a cabinet's alerts.
pub fn resume(store: &mut Store, cabinet_id: i64) -> Result<()> {
    settings::set(store, cabinet_id, KEY, &Pause::No.setting_text())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{cabinet, clock::SystemClock};
    use chrono::TimeZone;

    #[test]
    fn pause_until_then_resume() {
        let mut store = Store::open_in_memory().unwrap();
        let c = cabinet::add(&store, &SystemClock, "A", None).unwrap();
        assert_eq!(get(&store, c.id).unwrap(), Pause::No);
        let end = Utc.with_ymd_and_hms(2026, 12, 24, 17, 0, 0).unwrap();
        let p = pause(&mut store, c.id, Some(end)).unwrap();
        assert!(p.holds_at(end - chrono::Duration::seconds(1)));
        assert!(!p.holds_at(end));
        assert_eq!(pause(&mut store, c.id, None).unwrap(), Pause::Indefinite);
        assert!(Pause::Indefinite.holds_at(end));
        resume(&mut store, c.id).unwrap();
        assert_eq!(get(&store, c.id).unwrap(), Pause::No);
        assert!(settings::set(&mut store, c.id, KEY, "demain").is_err());
    }
}
