//! The `cleanup` job: forgets read notifications once they are old; unread ones always stay.

use crate::cabinet::Cabinet;
use crate::detect::AlertKey;
use crate::error::Result;
use crate::model::{DeadlineStatus, TaskStatus};
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
         WHERE cabinet_id = ?1 AND read_at IS NOT NULL AND created_at < ?2
           -- A snoozed one is waiting to come back: the user asked to see it again.
           AND snoozed_until IS NULL",
        params![cabinet.id, instant_text(cutoff)],
    )?;
    let keys = forget_alert_keys(store, cabinet.id, &instant_text(cutoff))?;
    Ok(CleanupReport { notifications_deleted: deleted as u64, alert_keys_deleted: keys })
}

/// Forgets the raised-alert keys created before `cutoff` whose notification is gone, except
/// those [`AlertKey::held_while_open`] whose deadline or task is still open: forgetting them
/// would raise the alert again.
fn forget_alert_keys(store: &mut Store, cabinet_id: i64, cutoff: &str) -> Result<u64> {
    let tx = store.begin_write()?;
    let candidates: Vec<(i64, String)> = tx
        .prepare(
            "SELECT recipient_id, dedup_key FROM alert_keys
             WHERE cabinet_id = ?1 AND created_at < ?2
               AND NOT EXISTS (SELECT 1 FROM notifications n
                               WHERE n.cabinet_id = alert_keys.cabinet_id AND n.recipient_id = alert_keys.recipient_id
                                 AND n.dedup_key = alert_keys.dedup_key)",
        )?
        .query_map(params![cabinet_id, cutoff], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut deleted = 0;
    {
        let mut deadline_open =
            tx.prepare("SELECT EXISTS (SELECT 1 FROM deadlines WHERE id = ?1 AND cabinet_id = ?2 AND status <> ?3)")?;
        let mut task_open =
            tx.prepare("SELECT EXISTS (SELECT 1 FROM tasks WHERE id = ?1 AND cabinet_id = ?2 AND status <> ?3)")?;
        let mut forget =
            tx.prepare("DELETE FROM alert_keys WHERE cabinet_id = ?1 AND recipient_id = ?2 AND dedup_key = ?3")?;
        for (recipient, text) in candidates {
            // A key in a format Vigie does not write cannot stop an alert: it goes.
            let held = match AlertKey::parse(&text) {
                Some(key @ AlertKey::Deadline { id, .. }) if key.held_while_open() => {
                    deadline_open.query_row(params![id, cabinet_id, DeadlineStatus::Faite], |r| r.get(0))?
                }
                Some(key @ AlertKey::LateTask { id }) if key.held_while_open() => {
                    task_open.query_row(params![id, cabinet_id, TaskStatus::Terminee], |r| r.get(0))?
                }
                _ => false,
            };
            if !held {
                deleted += forget.execute(params![cabinet_id, recipient, text])? as u64;
            }
        }
    }
    tx.commit()?;
    Ok(deleted)
}
