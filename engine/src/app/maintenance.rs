//! Upkeep: the one cleanup (the scheduled job and the command run the same), the status
//! update (what is past due becomes late) and backups.

use crate::app::Vigie;
use crate::cabinet::Cabinet;
use crate::error::Result;
use crate::schedule::history;
use crate::settings::{self, parse};
use crate::status::StatusReport;
use crate::store::Store;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use serde::Serialize;

/// What a cleanup removed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CleanupReport {
    /// Read notifications deleted (older than `cleanup.read_retention_days`).
    pub notifications_deleted: u64,
    /// Raised-alert keys forgotten (their alert can no longer come back).
    pub alert_keys_deleted: u64,
    /// Sent emails deleted from the outbox (older than `outbox.sent_retention_days`).
    pub emails_deleted: u64,
    /// Job history rows deleted (older than `jobs.history_retention_days`).
    pub job_runs_deleted: u64,
}

impl CleanupReport {
    /// Adds another cabinet's counts.
    pub fn add(&mut self, other: &CleanupReport) {
        self.notifications_deleted += other.notifications_deleted;
        self.alert_keys_deleted += other.alert_keys_deleted;
        self.emails_deleted += other.emails_deleted;
        self.job_runs_deleted += other.job_runs_deleted;
    }
}

/// Cleans up a cabinet as of `now`: old read notifications and the alert keys they held, old
/// sent emails, old job history; then lets SQLite refresh its query planner's statistics.
/// Unread notifications always stay, so no unread count changes.
pub fn cleanup(store: &mut Store, cabinet: &Cabinet, now: DateTime<Utc>) -> Result<CleanupReport> {
    let date = now.with_timezone(&cabinet.timezone).date_naive();
    let notifications = crate::cleanup::cleanup(store, cabinet, date)?;
    let days = settings::read(store, cabinet.id, "jobs.history_retention_days", parse::days)?;
    let job_runs_deleted = history::purge(store, cabinet.id, now - Duration::days(days.into()))?;
    let keep = settings::read(store, cabinet.id, "outbox.sent_retention_days", parse::days)?;
    let emails_deleted = crate::email::outbox::purge_sent(store, Some(cabinet.id), now - Duration::days(keep.into()))?;
    store.conn().execute_batch("PRAGMA optimize")?;
    Ok(CleanupReport {
        notifications_deleted: notifications.notifications_deleted,
        alert_keys_deleted: notifications.alert_keys_deleted,
        emails_deleted,
        job_runs_deleted,
    })
}

/// Marks what is past due as of `date`: open tasks late, open deadlines overdue.
pub fn status_update(store: &mut Store, cabinet: &Cabinet, date: NaiveDate) -> Result<StatusReport> {
    crate::status::status_update(store, cabinet, date)
}

impl Vigie {
    /// Copies the store, consistent even while it is being written, to `file` (default: a
    /// dated file in the data folder's backups).
    pub fn backup(&self, file: Option<&std::path::Path>) -> Result<crate::store::Backup> {
        crate::store::backup_to(&self.store(), file)
    }

    /// Cleans up the cabinet named (or every cabinet) now, or as of the start of day `at` in
    /// each cabinet's timezone; returns the totals.
    pub fn cleanup(&self, cabinet: Option<&str>, at: Option<NaiveDate>) -> Result<CleanupReport> {
        let mut store = self.store();
        let mut total = CleanupReport::default();
        for cabinet in crate::cabinet::select(&store, cabinet)? {
            let now = match at {
                Some(day) => cabinet.local_to_utc(day.and_time(NaiveTime::MIN)),
                None => self.clock().now(),
            };
            total.add(&cleanup(&mut store, &cabinet, now)?);
        }
        Ok(total)
    }

    /// Marks what is past due in the cabinet named (or every cabinet) as of `at` (default:
    /// today in each cabinet's timezone); returns the totals.
    pub fn status_update(&self, cabinet: Option<&str>, at: Option<NaiveDate>) -> Result<StatusReport> {
        let mut store = self.store();
        let mut total = StatusReport::default();
        for cabinet in crate::cabinet::select(&store, cabinet)? {
            let date = at.unwrap_or_else(|| cabinet.today(self.clock().as_ref()));
            let r = status_update(&mut store, &cabinet, date)?;
            total.tasks_late += r.tasks_late;
            total.deadlines_overdue += r.deadlines_overdue;
        }
        Ok(total)
    }
}
