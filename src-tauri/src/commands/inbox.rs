//! The inbox of this computer's user: list, counts, open, read state, snooze, archive.

use crate::desk::Desk;
use crate::ipc::Answer;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use tauri::State;
use vigie::app::jobs::When;
use vigie::inbox::{Filter, Notification, Subject, Tab, TabCounts};

/// The user's notifications for a tab, newest first (a page: `limit`, then `before_id`).
#[tauri::command]
#[specta::specta]
pub fn inbox(desk: State<'_, Desk>, filter: Filter) -> Answer<Vec<Notification>> {
    desk.as_user(|v, who| Ok(v.notifications(who, &filter)?.notifications))
}

/// Every tab's count.
#[tauri::command]
#[specta::specta]
pub fn tab_counts(desk: State<'_, Desk>) -> Answer<TabCounts> {
    desk.as_user(|v, who| v.tab_counts(who))
}

/// Opens a notification: its subject, and it is marked read.
#[tauri::command]
#[specta::specta]
pub fn open_notification(desk: State<'_, Desk>, id: i64) -> Answer<Subject> {
    desk.as_user(|v, who| v.open_notification(who, id))
}

/// Marks a notification read.
#[tauri::command]
#[specta::specta]
pub fn mark_read(desk: State<'_, Desk>, id: i64) -> Answer<()> {
    desk.as_user(|v, who| v.mark_read(who, id).map(drop))
}

/// Marks a notification unread again.
#[tauri::command]
#[specta::specta]
pub fn mark_unread(desk: State<'_, Desk>, id: i64) -> Answer<()> {
    desk.as_user(|v, who| v.mark_unread(who, id).map(drop))
}

/// Marks read every unread notification of a tab; returns how many.
#[tauri::command]
#[specta::specta]
pub fn mark_all_read(desk: State<'_, Desk>, tab: Tab) -> Answer<u32> {
    desk.as_user(|v, who| v.mark_all_read_in(who, tab)).map(|n| u32::try_from(n).unwrap_or(u32::MAX))
}

/// Until when a notification is snoozed.
#[derive(Debug, Clone, Copy, Deserialize, specta::Type)]
#[serde(tag = "for", rename_all = "snake_case")]
pub enum SnoozeFor {
    /// One hour from now.
    OneHour,
    /// Tomorrow at 09:00 in the cabinet's timezone.
    TomorrowMorning,
    /// A chosen instant.
    Until {
        /// The instant (RFC 3339).
        at: DateTime<Utc>,
    },
}

/// Snoozes a notification: it leaves the list and comes back, unread, at that time.
#[tauri::command]
#[specta::specta]
pub fn snooze(desk: State<'_, Desk>, id: i64, until: SnoozeFor) -> Answer<()> {
    desk.as_user(|v, who| {
        let at = match until {
            SnoozeFor::OneHour => v.clock().now() + chrono::Duration::hours(1),
            SnoozeFor::TomorrowMorning => v.tomorrow_at_nine()?,
            SnoozeFor::Until { at } => at,
        };
        v.snooze(who, id, When::Instant(at)).map(drop)
    })
}

/// Brings a snoozed notification back now.
#[tauri::command]
#[specta::specta]
pub fn unsnooze(desk: State<'_, Desk>, id: i64) -> Answer<()> {
    desk.as_user(|v, who| v.unsnooze(who, id).map(drop))
}

/// Archives a notification.
#[tauri::command]
#[specta::specta]
pub fn archive(desk: State<'_, Desk>, id: i64) -> Answer<()> {
    desk.as_user(|v, who| v.archive(who, id).map(drop))
}

/// Takes a notification out of the archive.
#[tauri::command]
#[specta::specta]
pub fn unarchive(desk: State<'_, Desk>, id: i64) -> Answer<()> {
    desk.as_user(|v, who| v.unarchive(who, id).map(drop))
}
