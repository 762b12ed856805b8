//! The four scheduled jobs: their names, their schedule settings, and running one for a cabinet.

use crate::cabinet::Cabinet;
use crate::cron::Schedule;
use crate::email::templates::Templates;
use crate::error::{Error, Result};
use crate::model::AlertKind;
use crate::schedule::counts::{JobCounts, NotificationCounts};
use crate::settings::{self, parse};
use crate::store::Store;
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

/// A job the scheduler runs for each cabinet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Job {
    /// Detect the four alert kinds, create notifications, queue emails.
    Check,
    /// One digest email per staff member.
    WeeklyDigest,
    /// Delete old read notifications and old history; optimise the database.
    Cleanup,
    /// Past-due tasks become late, past-due deadlines overdue.
    StatusUpdate,
}

impl Job {
    /// Every job, in the order they are listed.
    pub const ALL: [Job; 4] = [Job::Check, Job::WeeklyDigest, Job::Cleanup, Job::StatusUpdate];

    /// The job's name as stored and typed.
    pub fn as_str(self) -> &'static str {
        match self {
            Job::Check => "check",
            Job::WeeklyDigest => "weekly_digest",
            Job::Cleanup => "cleanup",
            Job::StatusUpdate => "status_update",
        }
    }

    /// Reads a job name (`weekly-digest` is accepted for `weekly_digest`).
    pub fn parse(text: &str) -> Result<Job> {
        let key = text.trim().to_ascii_lowercase().replace('-', "_");
        Job::ALL.into_iter().find(|j| j.as_str() == key).ok_or_else(|| Error::UnknownJob(text.to_string()))
    }

    /// Setting holding the job's cron expression.
    pub fn cron_key(self) -> &'static str {
        match self {
            Job::Check => "jobs.check.cron",
            Job::WeeklyDigest => "jobs.weekly_digest.cron",
            Job::Cleanup => "jobs.cleanup.cron",
            Job::StatusUpdate => "jobs.status_update.cron",
        }
    }

    /// Setting holding how late (in hours) a missed instant may still be caught up.
    pub fn catchup_key(self) -> &'static str {
        match self {
            Job::Check => "jobs.check.catchup_hours",
            Job::WeeklyDigest => "jobs.weekly_digest.catchup_hours",
            Job::Cleanup => "jobs.cleanup.catchup_hours",
            Job::StatusUpdate => "jobs.status_update.catchup_hours",
        }
    }

    /// Whether the job alerts people, and so is held while alerts are paused.
    pub fn raises_alerts(self) -> bool {
        matches!(self, Job::Check | Job::WeeklyDigest)
    }

    /// Order among jobs due at the same instant: statuses first, so that a check sees them.
    pub(crate) fn rank(self) -> u8 {
        match self {
            Job::StatusUpdate => 0,
            Job::Cleanup => 1,
            Job::Check => 2,
            Job::WeeklyDigest => 3,
        }
    }
}

impl std::fmt::Display for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl rusqlite::types::ToSql for Job {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(self.as_str().into())
    }
}

impl rusqlite::types::FromSql for Job {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        let text = value.as_str()?;
        Job::parse(text).map_err(|e| rusqlite::types::FromSqlError::Other(e.to_string().into()))
    }
}

/// A job's settings for a cabinet, read and parsed in one go.
#[derive(Debug, Clone)]
pub struct JobConfig {
    /// When the job runs.
    pub schedule: Schedule,
    /// How late a missed instant may still run.
    pub catchup: Duration,
}

impl JobConfig {
    /// The job's settings for a cabinet; a stored value that does not parse is an error naming it.
    pub fn load(store: &Store, cabinet_id: i64, job: Job) -> Result<JobConfig> {
        Ok(JobConfig { schedule: schedule(store, cabinet_id, job)?, catchup: catchup_window(store, cabinet_id, job)? })
    }
}

/// The job's schedule for a cabinet (its setting, or the default).
pub fn schedule(store: &Store, cabinet_id: i64, job: Job) -> Result<Schedule> {
    settings::read(store, cabinet_id, job.cron_key(), parse::cron)
}

/// How late a missed instant of the job may still run, for a cabinet.
pub fn catchup_window(store: &Store, cabinet_id: i64, job: Job) -> Result<Duration> {
    settings::read(store, cabinet_id, job.catchup_key(), parse::catchup_hours)
}

/// Changes a job's schedule for a cabinet; an invalid expression is refused with the reason.
pub fn set_schedule(store: &mut Store, cabinet_id: i64, job: Job, cron: &str) -> Result<Schedule> {
    settings::set(store, cabinet_id, job.cron_key(), cron)?;
    schedule(store, cabinet_id, job)
}

/// What one job run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct JobReport {
    /// Counts recorded in the run's history row.
    pub counts: JobCounts,
    /// Notifications created, grouped by recipient (for pop-ups and the live inbox).
    pub new_notifications: BTreeMap<i64, Vec<i64>>,
}

/// Runs `job` for `cabinet` now: the date it works as of is today in the cabinet's timezone.
pub fn execute(store: &mut Store, cabinet: &Cabinet, job: Job, now: DateTime<Utc>) -> Result<JobReport> {
    let date = now.with_timezone(&cabinet.timezone).date_naive();
    let mut report = JobReport::default();
    match job {
        Job::Check => {
            let (check, emails) =
                crate::app::check::check_and_queue(store, cabinet, date, now, &Templates::for_store(store))?;
            let created = |kind| check.created.get(kind);
            report.counts.notifications = Some(NotificationCounts {
                echeance_proche: created(AlertKind::EcheanceProche),
                documents_manquants: created(AlertKind::DocumentsManquants),
                taches_retard: created(AlertKind::TachesRetard),
                evenement_important: created(AlertKind::EvenementImportant),
            });
            match emails {
                Ok(emails) => report.counts.emails_queued = Some(emails),
                Err(e) => {
                    tracing::error!(cabinet = %cabinet.name, error = %e, "alert emails left pending for the next check");
                    report.counts.emails_queued = Some(0);
                    report.counts.emails_pending = crate::email::alerts::pending(store, cabinet).ok();
                }
            }
            report.new_notifications = check.new_by_recipient;
        }
        Job::StatusUpdate => {
            let s = crate::app::maintenance::status_update(store, cabinet, date)?;
            report.counts.tasks_late = Some(s.tasks_late);
            report.counts.deadlines_overdue = Some(s.deadlines_overdue);
            // The calendar rolls forward once a month, at the month's first status update.
            if let Some(generation) = crate::app::calendar::monthly(store, cabinet, date)? {
                report.counts.deadlines_generated = Some(generation.created);
                report.counts.deadlines_regenerated = Some(generation.updated + generation.removed);
            }
        }
        Job::Cleanup => {
            // The same cleanup as the command's: one place decides what goes.
            let c = crate::app::maintenance::cleanup(store, cabinet, now)?;
            report.counts.notifications_deleted = Some(c.notifications_deleted);
            report.counts.job_runs_deleted = Some(c.job_runs_deleted);
            report.counts.emails_deleted = Some(c.emails_deleted);
            report.counts.alert_keys_deleted = Some(c.alert_keys_deleted);
        }
        Job::WeeklyDigest => {
            let templates = Templates::for_store(store);
            let emails = crate::email::digest::queue_weekly(store, cabinet, date, &templates, now)?;
            report.counts.emails_queued = Some(emails);
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{cabinet, clock::SystemClock};

    #[test]
    fn names_round_trip_and_unknown_ones_say_which_exist() {
        for job in Job::ALL {
            assert_eq!(Job::parse(job.as_str()).unwrap(), job);
        }
        assert_eq!(Job::parse("Weekly-Digest").unwrap(), Job::WeeklyDigest);
        let err = Job::parse("backup").unwrap_err().to_string();
        assert!(err.contains("check, weekly_digest, cleanup, status_update"), "{err}");
    }

    #[test]
    fn defaults_and_invalid_schedules() {
        let mut store = Store::open_in_memory().unwrap();
        let c = cabinet::add(&store, &SystemClock, "A", None).unwrap();
        assert_eq!(schedule(&store, c.id, Job::Check).unwrap().as_str(), "0 9,14 * * *");
        assert_eq!(schedule(&store, c.id, Job::WeeklyDigest).unwrap().as_str(), "0 8 * * 1");
        assert_eq!(schedule(&store, c.id, Job::Cleanup).unwrap().as_str(), "0 2 * * 0");
        assert_eq!(schedule(&store, c.id, Job::StatusUpdate).unwrap().as_str(), "0 0 * * *");
        assert_eq!(catchup_window(&store, c.id, Job::Check).unwrap(), Duration::hours(12));
        assert_eq!(catchup_window(&store, c.id, Job::WeeklyDigest).unwrap(), Duration::hours(24));
        assert_eq!(catchup_window(&store, c.id, Job::Cleanup).unwrap(), Duration::hours(24));
        assert_eq!(catchup_window(&store, c.id, Job::StatusUpdate).unwrap(), Duration::hours(12));

        set_schedule(&mut store, c.id, Job::Check, "30 8 * * 1-5").unwrap();
        let err = set_schedule(&mut store, c.id, Job::Check, "0 25 * * *").unwrap_err().to_string();
        assert!(err.starts_with("setting jobs.check.cron = \"0 25 * * *\" is invalid:"), "{err}");
        assert!(err.ends_with("hour: 25 is out of range 0-23"), "{err}");
        assert_eq!(schedule(&store, c.id, Job::Check).unwrap().as_str(), "30 8 * * 1-5");
        assert!(settings::set(&mut store, c.id, "jobs.check.catchup_hours", "200").is_err());
    }
}
