//! The `cleanup` job: forgets read notifications once they are old; unread ones always stay.

use crate::cabinet::Cabinet;
use crate::error::Result;
use crate::settings;
use crate::store::{Store, instant_text};
use chrono::NaiveDate;
use rusqlite::params;
use serde::Serialize;

/// What cleanup removed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CleanupReport {
    /// Read notifications deleted.
    pub notifications_deleted: u64,
}

/// Deletes the cabinet's read notifications created before `date` minus the retention setting.
pub fn cleanup(store: &mut Store, cabinet: &Cabinet, date: NaiveDate) -> Result<CleanupReport> {
    let retention = settings::load(store, cabinet.id)?.read_retention_days;
    let cutoff_day = date - chrono::Days::new(u64::from(retention));
    let cutoff = cabinet.local_to_utc(cutoff_day.and_time(chrono::NaiveTime::MIN));
    let deleted = store.conn().execute(
        "DELETE FROM notifications
         WHERE cabinet_id = ?1 AND read_at IS NOT NULL AND created_at < ?2",
        params![cabinet.id, instant_text(cutoff)],
    )?;
    Ok(CleanupReport { notifications_deleted: deleted as u64 })
}
