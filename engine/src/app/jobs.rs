//! The scheduled jobs as a user sees them: schedules and next runs, manual runs, history,
//! statistics, pause and resume.

use crate::app::Vigie;
use crate::cabinet::Cabinet;
use crate::error::{Error, Result};
use crate::schedule::history::{self, JobRun, JobStats};
use crate::schedule::runner::{self, RunControl, Runner};
use crate::schedule::{Job, jobs, lease, pause};
use crate::settings::pause::Pause;
use crate::store::Store;
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::Serialize;
use tokio::sync::broadcast;

/// A moment a person gives: an instant, or a wall-clock time read in each cabinet's timezone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// An instant (RFC 3339 with an offset).
    Instant(DateTime<Utc>),
    /// A wall-clock time without offset.
    Local(NaiveDateTime),
}

impl When {
    /// The instant this is in `cabinet`.
    pub fn at(self, cabinet: &Cabinet) -> DateTime<Utc> {
        match self {
            When::Instant(at) => at,
            When::Local(local) => cabinet.local_to_utc(local),
        }
    }
}

/// One job of a cabinet, as the overview shows it.
#[derive(Debug, Clone, Serialize)]
pub struct JobOverview {
    /// Which job.
    pub job: Job,
    /// Its cron expression.
    pub cron: String,
    /// How long after a missed instant it is still caught up, in hours.
    pub catchup_hours: i64,
    /// Its next instant (None: the expression never fires again).
    pub next_run: Option<DateTime<Utc>>,
    /// The last instant done (run, skipped or missed).
    pub last_instant: Option<DateTime<Utc>>,
    /// Held by a pause now (only the alerting jobs are).
    pub paused: bool,
}

/// Each job of the cabinet with its schedule and next run after `now`.
pub fn overview(store: &Store, cabinet: &Cabinet, now: DateTime<Utc>) -> Result<Vec<JobOverview>> {
    let paused = pause::get(store, cabinet.id)?.holds_at(now);
    let mut out = Vec::with_capacity(Job::ALL.len());
    for job in Job::ALL {
        let config = jobs::JobConfig::load(store, cabinet.id, job)?;
        out.push(JobOverview {
            job,
            cron: config.schedule.as_str().to_string(),
            catchup_hours: config.catchup.num_hours(),
            next_run: config.schedule.next_after(cabinet.timezone, now),
            last_instant: lease::last_instant(store.conn(), cabinet.id, job)?,
            paused: paused && job.raises_alerts(),
        });
    }
    Ok(out)
}

/// The cabinet's next `count` instants from `from` included, of one job or all, in time order.
pub fn upcoming(
    store: &Store,
    cabinet: &Cabinet,
    job: Option<Job>,
    from: DateTime<Utc>,
    count: usize,
) -> Result<Vec<(DateTime<Utc>, Job)>> {
    // `upcoming` starts after its instant: one second before keeps an instant exactly at `from`.
    let start = from - chrono::Duration::seconds(1);
    let mut all = Vec::new();
    for j in Job::ALL.into_iter().filter(|j| job.is_none_or(|a| a == *j)) {
        for t in jobs::schedule(store, cabinet.id, j)?.upcoming(cabinet.timezone, start, count) {
            all.push((t, j));
        }
    }
    all.sort();
    all.truncate(count);
    Ok(all)
}

/// Changes a job's schedule (a cron expression, refused with the reason when invalid); returns
/// the schedule and its next three instants after `now`.
pub fn set_schedule(
    store: &mut Store,
    cabinet: &Cabinet,
    job: Job,
    cron: &str,
    now: DateTime<Utc>,
) -> Result<(String, Vec<DateTime<Utc>>)> {
    let schedule = jobs::set_schedule(store, cabinet.id, job, cron)?;
    let next = schedule.upcoming(cabinet.timezone, now, 3);
    Ok((schedule.as_str().to_string(), next))
}

/// Deletes the cabinet's history of runs started before `before`; returns how many.
pub fn purge_history(store: &Store, cabinet: &Cabinet, before: DateTime<Utc>) -> Result<u64> {
    history::purge(store, cabinet.id, before)
}

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
pub fn pause(store: &mut Store, cabinet: &Cabinet, until: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Result<Pause> {
    if let Some(at) = until.filter(|at| *at <= now) {
        return Err(Error::PauseOver {
            until: at.with_timezone(&cabinet.timezone).format("%d/%m/%Y %H:%M").to_string(),
        });
    }
    pause::pause(store, cabinet.id, until)
}

/// Lets the alerting jobs run again.
pub fn resume(store: &mut Store, cabinet: &Cabinet) -> Result<()> {
    pause::resume(store, cabinet.id)
}

impl Vigie {
    /// Each job of the cabinet named (or every cabinet), with its next run.
    pub fn jobs(&self, cabinet: Option<&str>) -> Result<Vec<(Cabinet, Vec<JobOverview>)>> {
        let now = self.clock().now();
        let store = self.store();
        let mut out = Vec::new();
        for c in crate::cabinet::select(&store, cabinet)? {
            let jobs = overview(&store, &c, now)?;
            out.push((c, jobs));
        }
        Ok(out)
    }

    /// The next `count` instants across the cabinet named (or every cabinet), from `from`
    /// included (default now), of one job or all, in time order.
    pub fn scheduled(
        &self,
        cabinet: Option<&str>,
        job: Option<Job>,
        from: Option<When>,
        count: usize,
    ) -> Result<Vec<(DateTime<Utc>, Cabinet, Job)>> {
        let store = self.store();
        let mut all = Vec::new();
        for c in crate::cabinet::select(&store, cabinet)? {
            let start = from.map_or_else(|| self.clock().now(), |w| w.at(&c));
            for (t, j) in upcoming(&store, &c, job, start, count)? {
                all.push((t, c.clone(), j));
            }
        }
        all.sort_by(|a, b| (a.0, &a.1.name, a.2).cmp(&(b.0, &b.1.name, b.2)));
        all.truncate(count);
        Ok(all)
    }

    /// Runs `job` now in the cabinet named (or every cabinet), recorded as manual, and
    /// publishes its events (and the unread counts after a check). A failed run is in the
    /// list, not an error: the runs of the other cabinets still happen.
    pub fn run_job(&self, cabinet: Option<&str>, job: Job) -> Result<Vec<JobRun>> {
        let (tx, mut rx) = broadcast::channel(256);
        let runner = Runner::new(self.clock().clone(), runner::owner_id("manual")).with_events(tx);
        let mut store = self.store();
        let mut runs = Vec::new();
        for c in crate::cabinet::select(&store, cabinet)? {
            let run = runner.run_now(&mut store, &c, job, &RunControl::default());
            // What was recorded before a failure still reaches the bus.
            while let Ok(event) = rx.try_recv() {
                crate::app::scheduler::relay(self.bus(), Some(&store), event);
            }
            runs.push(run?);
        }
        Ok(runs)
    }

    /// Changes a job's schedule in the cabinet named (the only one when none is named).
    pub fn set_job_schedule(
        &self,
        cabinet: Option<&str>,
        job: Job,
        cron: &str,
    ) -> Result<(Cabinet, String, Vec<DateTime<Utc>>)> {
        let mut store = self.store();
        let c = crate::cabinet::resolve(&store, cabinet)?;
        let (cron, next) = set_schedule(&mut store, &c, job, cron, self.clock().now())?;
        Ok((c, cron, next))
    }

    /// Deletes the history of runs started before the start of `day` in each cabinet's
    /// timezone, in the cabinet named (or every cabinet); returns how many.
    pub fn purge_job_history(&self, cabinet: Option<&str>, day: NaiveDate) -> Result<u64> {
        let store = self.store();
        let mut deleted = 0;
        for c in crate::cabinet::select(&store, cabinet)? {
            deleted += purge_history(&store, &c, c.local_to_utc(day.and_time(NaiveTime::MIN)))?;
        }
        Ok(deleted)
    }

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
        pause(&mut self.store(), cabinet, until, self.clock().now())
    }

    /// Resumes alerts in one cabinet.
    pub fn resume_alerts(&self, cabinet: &Cabinet) -> Result<()> {
        resume(&mut self.store(), cabinet)
    }
}
