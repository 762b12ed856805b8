//! Job history: one `job_runs` row per run, listed, summed up and purged per cabinet.

use crate::error::Result;
use crate::schedule::counts::JobCounts;
use crate::schedule::jobs::Job;
use crate::store::{Store, instant_text};
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

crate::model::text_enum!(
    /// Why a run happened.
    Trigger {
        /// At its instant, the scheduler awake.
        Schedule = "schedule",
        /// Late, after start-up, sleep or a clock jump, within the catch-up window.
        Catchup = "catchup",
        /// Asked for by a person (`vigie jobs run`, "check now").
        Manual = "manual",
    }
);

crate::model::text_enum!(
    /// How a run ended.
    Outcome {
        /// Still running; a lease names who runs it.
        Running = "running",
        /// Done.
        Ok = "ok",
        /// Stopped by an error, recorded in `error`.
        Failed = "failed",
        /// Stopped by a shutdown, or its process died; it may run again.
        Interrupted = "interrupted",
        /// Not run because alerts were paused.
        Skipped = "skipped",
        /// Not run: later than the catch-up window allows.
        Missed = "missed",
    }
);

/// One `job_runs` row, as shown to a person or a script.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct JobRun {
    /// Row id.
    pub id: i64,
    /// Cabinet id.
    pub cabinet_id: i64,
    /// Cabinet name.
    pub cabinet: String,
    /// Which job.
    pub job: Job,
    /// The instant the schedule named, or when a manual run was asked for.
    pub scheduled_for: DateTime<Utc>,
    /// Why it ran.
    pub trigger: Trigger,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// When it ended, if it has.
    pub finished_at: Option<DateTime<Utc>>,
    /// How it ended.
    pub outcome: Outcome,
    /// What it did: notifications per kind, emails queued, rows changed.
    pub counts: JobCounts,
    /// The error, or why it was skipped, missed or interrupted.
    pub error: Option<String>,
    /// How long it took, in milliseconds.
    pub duration_ms: Option<i64>,
    /// Which scheduler ran it.
    pub owner: String,
}

const SELECT: &str = "SELECT r.id, r.cabinet_id, c.name, r.job, r.scheduled_for, r.trigger, r.started_at,
        r.finished_at, r.outcome, r.counts, r.error, r.duration_ms, r.owner
     FROM job_runs r JOIN cabinets c ON c.id = r.cabinet_id";

fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<JobRun> {
    let counts: String = row.get(9)?;
    Ok(JobRun {
        id: row.get(0)?,
        cabinet_id: row.get(1)?,
        cabinet: row.get(2)?,
        job: row.get(3)?,
        scheduled_for: row.get(4)?,
        trigger: row.get(5)?,
        started_at: row.get(6)?,
        finished_at: row.get(7)?,
        outcome: row.get(8)?,
        counts: JobCounts::from_stored(&counts).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                9,
                rusqlite::types::Type::Text,
                format!("job_runs.counts {counts:?} is not a counts object").into(),
            )
        })?,
        error: row.get(10)?,
        duration_ms: row.get(11)?,
        owner: row.get(12)?,
    })
}

/// One run of a cabinet, by id.
pub fn get(store: &Store, cabinet_id: i64, run_id: i64) -> Result<Option<JobRun>> {
    Ok(store
        .conn()
        .query_row(&format!("{SELECT} WHERE r.cabinet_id = ?1 AND r.id = ?2"), params![cabinet_id, run_id], from_row)
        .optional()?)
}

/// A cabinet's runs, newest first; only of `job` when given, at most `limit`.
pub fn list(store: &Store, cabinet_id: i64, job: Option<Job>, limit: u32) -> Result<Vec<JobRun>> {
    let mut stmt = store.conn().prepare(&format!(
        "{SELECT} WHERE r.cabinet_id = ?1 AND (?2 IS NULL OR r.job = ?2)
         ORDER BY r.started_at DESC, r.id DESC LIMIT ?3"
    ))?;
    let rows = stmt.query_map(params![cabinet_id, job, limit], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A job's record for one cabinet.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct JobStats {
    /// Which job.
    pub job: Job,
    /// Runs recorded (every outcome).
    pub runs: i64,
    /// Runs that ended well.
    pub ok: i64,
    /// Runs that ended with an error.
    pub failures: i64,
    /// Runs stopped by a shutdown or a dead process.
    pub interrupted: i64,
    /// Instants skipped (paused) or missed (too late to catch up).
    pub not_run: i64,
    /// Mean duration of the finished runs, in milliseconds.
    pub mean_duration_ms: Option<f64>,
    /// Start of the latest run.
    pub last_started_at: Option<DateTime<Utc>>,
}

/// Runs, failures and mean duration of each job of a cabinet (every job listed, even unrun).
pub fn stats(store: &Store, cabinet_id: i64) -> Result<Vec<JobStats>> {
    let mut stmt = store.conn().prepare(
        "SELECT count(*),
                count(*) FILTER (WHERE outcome = ?3),
                count(*) FILTER (WHERE outcome = ?4),
                count(*) FILTER (WHERE outcome = ?5),
                count(*) FILTER (WHERE outcome IN (?6, ?7)),
                avg(duration_ms) FILTER (WHERE outcome IN (?3, ?4)),
                max(started_at)
         FROM job_runs WHERE cabinet_id = ?1 AND job = ?2",
    )?;
    Job::ALL
        .into_iter()
        .map(|job| {
            let outcomes = params![
                cabinet_id,
                job,
                Outcome::Ok,
                Outcome::Failed,
                Outcome::Interrupted,
                Outcome::Skipped,
                Outcome::Missed
            ];
            Ok(stmt.query_row(outcomes, |r| {
                Ok(JobStats {
                    job,
                    runs: r.get(0)?,
                    ok: r.get(1)?,
                    failures: r.get(2)?,
                    interrupted: r.get(3)?,
                    not_run: r.get(4)?,
                    mean_duration_ms: r.get(5)?,
                    last_started_at: r.get(6)?,
                })
            })?)
        })
        .collect()
}

/// Deletes a cabinet's finished runs started before `before`; returns how many.
pub fn purge(store: &Store, cabinet_id: i64, before: DateTime<Utc>) -> Result<u64> {
    let n = store.conn().execute(
        "DELETE FROM job_runs
         WHERE cabinet_id = ?1 AND started_at < ?2 AND outcome <> ?3",
        params![cabinet_id, instant_text(before), Outcome::Running],
    )?;
    Ok(n as u64)
}
