//! The scheduled jobs as the window's monitor shows them (what Celery's Flower gives its
//! users): each job's schedule in French with its next runs, the run in progress, its record;
//! and a schedule tried before it is saved.

use super::Vigie;
use crate::cabinet::Cabinet;
use crate::cron::Schedule;
use crate::error::{Error, Result};
use crate::schedule::history::{JobRun, JobStats, Outcome};
use crate::schedule::{Job, pause};
use crate::settings::pause::Pause;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// How many next runs a job shows.
const NEXT_RUNS: usize = 5;

/// One job of the cabinet.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct JobPanel {
    /// Which job.
    pub job: Job,
    /// Its cron expression.
    pub cron: String,
    /// The expression in plain French.
    pub description: String,
    /// Its next instants.
    pub next_runs: Vec<DateTime<Utc>>,
    /// The last instant done (run, skipped or missed).
    pub last_instant: Option<DateTime<Utc>>,
    /// Held by the cabinet's pause now (only the alerting jobs are).
    pub paused: bool,
    /// The run in progress, if one is.
    pub running: Option<JobRun>,
    /// Its record.
    pub stats: JobStats,
}

/// Every job of the cabinet, and the cabinet's pause.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct JobMonitor {
    /// The cabinet's name.
    pub cabinet: String,
    /// Its timezone (the schedules are read in it).
    pub timezone: String,
    /// Its alerts' pause.
    pub pause: Pause,
    /// Each job, in the order of [`Job::ALL`].
    pub jobs: Vec<JobPanel>,
}

/// A schedule as it would run, before it is saved.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SchedulePreview {
    /// The expression, trimmed.
    pub cron: String,
    /// In plain French.
    pub description: String,
    /// Its next instants in the cabinet's timezone.
    pub next_runs: Vec<DateTime<Utc>>,
}

impl Vigie {
    /// The cabinet's jobs for the monitor (the cabinet named, or the only one).
    pub fn job_monitor(&self, cabinet: Option<&str>) -> Result<JobMonitor> {
        let now = self.clock().now();
        let mut store = self.store();
        let c = crate::cabinet::resolve(&store, cabinet)?;
        let overview = super::jobs::overview(&store, &c, now)?;
        let mut stats = super::jobs::stats(&mut store, &c, now)?;
        let recent = super::jobs::history(&mut store, &c, None, 50, now)?;
        let pause = pause::get(&store, c.id)?;
        let mut jobs = Vec::with_capacity(overview.len());
        for o in overview {
            let schedule = crate::schedule::jobs::schedule(&store, c.id, o.job)?;
            let at = stats.iter().position(|s| s.job == o.job);
            let stats = match at {
                Some(i) => stats.swap_remove(i),
                None => return Err(Error::Internal(format!("no statistics for the job {}", o.job.as_str()))),
            };
            jobs.push(JobPanel {
                job: o.job,
                description: schedule.describe(),
                next_runs: schedule.upcoming(c.timezone, now, NEXT_RUNS),
                cron: o.cron,
                last_instant: o.last_instant,
                paused: o.paused,
                running: recent.iter().find(|r| r.job == o.job && r.outcome == Outcome::Running).cloned(),
                stats,
            });
        }
        Ok(JobMonitor { cabinet: c.name.clone(), timezone: c.timezone.name().to_string(), pause, jobs })
    }

    /// What `cron` would mean for the cabinet's jobs, without saving it; an invalid expression
    /// is the error saving it would give (`invalid_setting`, with the reason).
    pub fn preview_schedule(&self, cabinet: Option<&str>, job: Job, cron: &str) -> Result<SchedulePreview> {
        let c: Cabinet = crate::cabinet::resolve(&self.store(), cabinet)?;
        let schedule = Schedule::parse(cron).map_err(|e| Error::InvalidSetting {
            key: job.cron_key().to_string(),
            value: cron.trim().to_string(),
            reason: e.to_string(),
        })?;
        Ok(SchedulePreview {
            cron: schedule.as_str().to_string(),
            description: schedule.describe(),
            next_runs: schedule.upcoming(c.timezone, self.clock().now(), NEXT_RUNS),
        })
    }
}
