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
    /// Raised-alert keys forgotten (their alert can no longer come back).
    pub alert_keys_deleted: u64,
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
    // A key is kept while its notification exists, and for a late task or a deadline past due
    // while the task or deadline is still open: forgetting it would raise the alert again.
    let keys = store.conn().execute(
        "DELETE FROM alert_keys
         WHERE cabinet_id = ?1 AND created_at < ?2
           AND NOT EXISTS (SELECT 1 FROM notifications n
                           WHERE n.cabinet_id = alert_keys.cabinet_id AND n.recipient_id = alert_keys.recipient_id
                             AND n.dedup_key = alert_keys.dedup_key)
           AND NOT (alert_keys.dedup_key LIKE '%:depassee' AND EXISTS (
                        SELECT 1 FROM deadlines d WHERE d.id = alert_keys.subject_id AND d.cabinet_id = ?1
                          AND d.status <> 'faite'))
           AND NOT (alert_keys.dedup_key LIKE '%:overdue' AND EXISTS (
                        SELECT 1 FROM tasks t WHERE t.id = alert_keys.subject_id AND t.cabinet_id = ?1
                          AND t.status <> 'terminee'))",
        params![cabinet.id, instant_text(cutoff)],
    )?;
    Ok(CleanupReport { notifications_deleted: deleted as u64, alert_keys_deleted: keys as u64 })
}
