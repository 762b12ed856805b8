//! Snoozing (hide a notification until an instant, then bring it back unread) and archiving.

use crate::error::{Error, Result};
use crate::staff::StaffMember;
use crate::store::{Store, instant_text};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// Updates one of the user's notifications, or says it is not theirs.
fn update(store: &Store, user: &StaffMember, id: i64, set: &str, value: Option<&str>) -> Result<()> {
    let sql = format!("UPDATE notifications SET {set} WHERE id = ?1 AND recipient_id = ?2 AND cabinet_id = ?3");
    let found = match value {
        Some(value) => store.conn().execute(&sql, rusqlite::params![id, user.id, user.cabinet_id, value])?,
        None => store.conn().execute(&sql, rusqlite::params![id, user.id, user.cabinet_id])?,
    };
    if found == 0 {
        return Err(Error::UnknownNotification(id, user.email.clone()));
    }
    Ok(())
}

/// Hides the notification until `until`, when [`wake_snoozed`] brings it back unread. A
/// snoozed notification leaves the archive: snoozing means "show me this again".
///
/// Refuses an instant not after `now` (`tz` words the refusal in the cabinet's time).
pub fn snooze(
    store: &Store,
    user: &StaffMember,
    id: i64,
    until: DateTime<Utc>,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<()> {
    if until <= now {
        let local = until.with_timezone(&tz).format("%d/%m/%Y %H:%M").to_string();
        return Err(Error::SnoozeOver { until: local });
    }
    update(store, user, id, "snoozed_until = ?4, archived_at = NULL", Some(&instant_text(until)))
}

/// Brings a snoozed notification back now, as it was (not snoozed: nothing changes).
pub fn unsnooze(store: &Store, user: &StaffMember, id: i64) -> Result<()> {
    update(store, user, id, "snoozed_until = NULL", None)
}

/// Moves the notification to the archive (at `now`; archiving twice keeps the first instant).
/// An archived notification is no longer snoozed: it will not come back by itself.
pub fn archive(store: &Store, user: &StaffMember, id: i64, now: &str) -> Result<()> {
    update(store, user, id, "archived_at = coalesce(archived_at, ?4), snoozed_until = NULL", Some(now))
}

/// Takes the notification out of the archive.
pub fn unarchive(store: &Store, user: &StaffMember, id: i64) -> Result<()> {
    update(store, user, id, "archived_at = NULL", None)
}

/// A notification whose snooze ended, now back in its recipient's inbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Woken {
    /// Cabinet id.
    pub cabinet_id: i64,
    /// Recipient staff id.
    pub recipient_id: i64,
    /// Notification id.
    pub id: i64,
}

/// Brings back, unread, every notification (of every cabinet) whose snooze ended at `now`,
/// and returns them so that the shell pops them up again. One statement, so atomic; the
/// triggers count each one back into its recipient's badge.
pub fn wake_snoozed(store: &Store, now: DateTime<Utc>) -> Result<Vec<Woken>> {
    // Every inbox read calls this: a read through the partial index first, so that reading
    // never takes the store's write lock (nor waits on another process's) when nothing is due.
    let due: bool = store
        .conn()
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM notifications WHERE snoozed_until IS NOT NULL AND snoozed_until <= ?1)",
        )?
        .query_row([instant_text(now)], |r| r.get(0))?;
    if !due {
        return Ok(Vec::new());
    }
    let mut stmt = store.conn().prepare_cached(
        "UPDATE notifications SET snoozed_until = NULL, read_at = NULL
         WHERE snoozed_until IS NOT NULL AND snoozed_until <= ?1
         RETURNING cabinet_id, recipient_id, id",
    )?;
    let rows = stmt.query_map([instant_text(now)], |r| {
        Ok(Woken { cabinet_id: r.get(0)?, recipient_id: r.get(1)?, id: r.get(2)? })
    })?;
    let mut woken = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    woken.sort_by_key(|w| (w.cabinet_id, w.recipient_id, w.id));
    Ok(woken)
}

/// When the next snooze ends, of any cabinet (None: nothing is snoozed), so that a shell sleeps
/// until then instead of looking every minute.
pub fn next_snooze_end(store: &Store) -> Result<Option<DateTime<Utc>>> {
    let next: Option<DateTime<Utc>> = store
        .conn()
        .prepare_cached("SELECT min(snoozed_until) FROM notifications WHERE snoozed_until IS NOT NULL")?
        .query_row([], |r| r.get(0))?;
    Ok(next)
}
