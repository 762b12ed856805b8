//! The scheduled jobs as a user sees them: history, statistics, pause and resume.

use crate::app::Vigie;
use crate::cabinet::Cabinet;
use crate::error::{Error, Result};
use crate::schedule::history::{self, JobRun, JobStats};
use crate::schedule::{Job, lease, pause};
use crate::settings::pause::Pause;
use crate::store::Store;
use chrono::{DateTime, Utc};

/// The cabinet's last runs, newest first; a run left `running` by a scheduler that died is
/// recorded as interrupted first, so it is not shown as still running.
pub fn history(
    store: &mut Store,
    cabinet: &Cabinet,
    job: Option<Job>,
    limit: u32,
    now: DateTime<Utc>,
) -> Result<Vec<JobRun>> {
    lease::reap_expired(store, cabinet.id, now)?;
    history::list(store, cabinet.id, job, limit)
}

/// Each job's record for the cabinet, dead runs counted as interrupted (as in history).
pub fn stats(store: &mut Store, cabinet: &Cabinet, now: DateTime<Utc>) -> Result<Vec<JobStats>> {
    lease::reap_expired(store, cabinet.id, now)?;
    history::stats(store, cabinet.id)
}

/// Holds the alerting jobs until `until` (or until resumed); an end already past is refused,
/// since that pause would hold nothing.
pub fn pause(store: &Store, cabinet: &Cabinet, until: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Result<Pause> {
    if let Some(at) = until.filter(|at| *at <= now) {
        return Err(Error::InvalidInput(format!(
            "the pause end {} is already past: give a later date, or pause with no end until alerts are resumed",
            at.with_timezone(&cabinet.timezone).format("%d/%m/%Y %H:%M")
        )));
    }
    pause::pause(store, cabinet.id, until)
}

/// Lets the alerting jobs run again.
pub fn resume(store: &Store, cabinet: &Cabinet) -> Result<()> {
    pause::resume(store, cabinet.id)
}

impl Vigie {
    /// The last runs of the cabinet named (or every cabinet), newest first, at most `limit`.
    pub fn job_history(
        &self,
        cabinet: Option<&str>,
        job: Option<Job>,
        limit: u32,
    ) -> Result<Vec<(Cabinet, Vec<JobRun>)>> {
        let now = self.clock().now();
        let mut store = self.store();
        let mut out = Vec::new();
        for c in crate::cabinet::select(&store, cabinet)? {
            let runs = history(&mut store, &c, job, limit, now)?;
            out.push((c, runs));
        }
        Ok(out)
    }

    /// Each job's record, per cabinet.
    pub fn job_stats(&self, cabinet: Option<&str>) -> Result<Vec<(Cabinet, Vec<JobStats>)>> {
        let now = self.clock().now();
        let mut store = self.store();
        let mut out = Vec::new();
        for c in crate::cabinet::select(&store, cabinet)? {
            let s = stats(&mut store, &c, now)?;
            out.push((c, s));
        }
        Ok(out)
    }

    /// Pauses alerts in one cabinet until `until` (an instant, or None: until resumed).
    pub fn pause_alerts(&self, cabinet: &Cabinet, until: Option<DateTime<Utc>>) -> Result<Pause> {
        pause(&self.store(), cabinet, until, self.clock().now())
    }

    /// Resumes alerts in one cabinet.
    pub fn resume_alerts(&self, cabinet: &Cabinet) -> Result<()> {
        resume(&self.store(), cabinet)
    }
}
