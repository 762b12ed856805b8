//! Leases and last-run state: two schedulers on one store never run the same job instant twice.
//!
//! Claiming a run is one write transaction: it reaps an expired lease (its run becomes
//! `interrupted`), refuses when a live lease exists or the instant was already dealt with,
//! then inserts the `running` row and the lease together. Finishing updates the row, moves the
//! job's last instant forward and deletes the lease, again in one transaction, so a `running`
//! row always has a lease naming its owner.

use crate::error::Result;
use crate::schedule::counts::JobCounts;
use crate::schedule::history::{Outcome, Trigger};
use crate::schedule::jobs::Job;
use crate::store::{Store, instant_text, parse_instant};
use chrono::{DateTime, Duration, Utc};
use rusqlite::{Connection, OptionalExtension, params};

/// The answer to a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// This scheduler runs it; the `running` row has this id.
    Granted {
        /// The new `job_runs` row.
        run_id: i64,
    },
    /// Another run of this job or a later instant was already dealt with.
    AlreadyDone,
    /// Another scheduler is running this job right now.
    Busy {
        /// Who holds the lease.
        owner: String,
        /// Since when.
        since: DateTime<Utc>,
    },
}

/// The latest scheduled instant of `job` dealt with in a cabinet.
pub fn last_instant(conn: &Connection, cabinet_id: i64, job: Job) -> Result<Option<DateTime<Utc>>> {
    let text: Option<String> = conn
        .query_row(
            "SELECT last_instant FROM job_state WHERE cabinet_id = ?1 AND job = ?2",
            params![cabinet_id, job],
            |r| r.get(0),
        )
        .optional()?;
    Ok(text.as_deref().and_then(parse_instant))
}

fn advance(conn: &Connection, cabinet_id: i64, job: Job, instant: &str, run_id: Option<i64>) -> Result<()> {
    conn.execute(
        "INSERT INTO job_state (cabinet_id, job, last_instant, last_run_id) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (cabinet_id, job) DO UPDATE
         SET last_instant = excluded.last_instant, last_run_id = excluded.last_run_id
         WHERE excluded.last_instant > job_state.last_instant",
        params![cabinet_id, job, instant, run_id],
    )?;
    Ok(())
}

/// Marks runs whose lease expired `interrupted` and frees their leases; returns their ids.
fn reap(conn: &Connection, cabinet_id: i64, job: Option<Job>, now: DateTime<Utc>) -> Result<Vec<i64>> {
    let now_text = instant_text(now);
    let mut stmt = conn.prepare(
        "SELECT run_id, owner, expires_at FROM job_leases
         WHERE cabinet_id = ?1 AND (?2 IS NULL OR job = ?2) AND expires_at < ?3",
    )?;
    let expired: Vec<(i64, String, String)> = stmt
        .query_map(params![cabinet_id, job, now_text], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (run_id, owner, expires_at) in &expired {
        conn.execute(
            "UPDATE job_runs SET outcome = ?5, finished_at = ?3, error = ?4
             WHERE cabinet_id = ?1 AND id = ?2 AND outcome = ?6",
            params![
                cabinet_id,
                run_id,
                now_text,
                format!("{owner} stopped without finishing it (lease expired {expires_at}); it may run again"),
                Outcome::Interrupted,
                Outcome::Running
            ],
        )?;
        conn.execute("DELETE FROM job_leases WHERE cabinet_id = ?1 AND run_id = ?2", params![cabinet_id, run_id])?;
    }
    Ok(expired.into_iter().map(|(id, _, _)| id).collect())
}

/// Frees the leases of a cabinet that expired before `now`, marking their runs interrupted.
pub fn reap_expired(store: &mut Store, cabinet_id: i64, now: DateTime<Utc>) -> Result<Vec<i64>> {
    let tx = store.begin_write()?;
    let reaped = reap(&tx, cabinet_id, None, now)?;
    tx.commit()?;
    Ok(reaped)
}

/// What a claim is for.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// Cabinet id.
    pub cabinet_id: i64,
    /// Which job.
    pub job: Job,
    /// The scheduled instant (for a manual run, now).
    pub instant: DateTime<Utc>,
    /// Why it runs.
    pub trigger: Trigger,
    /// Who asks.
    pub owner: &'a str,
}

/// Claims a run: on success a `running` row and a lease expiring at `now + ttl` exist.
pub fn claim(store: &mut Store, req: &Request<'_>, now: DateTime<Utc>, ttl: Duration) -> Result<Claim> {
    let tx = store.begin_write()?;
    reap(&tx, req.cabinet_id, Some(req.job), now)?;
    let held: Option<(String, DateTime<Utc>)> = tx
        .query_row(
            "SELECT owner, acquired_at FROM job_leases WHERE cabinet_id = ?1 AND job = ?2",
            params![req.cabinet_id, req.job],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((owner, since)) = held {
        return Ok(Claim::Busy { owner, since });
    }
    if req.trigger != Trigger::Manual
        && last_instant(&tx, req.cabinet_id, req.job)?.is_some_and(|last| last >= req.instant)
    {
        return Ok(Claim::AlreadyDone);
    }
    let now_text = instant_text(now);
    let instant = instant_text(req.instant);
    tx.execute(
        "INSERT INTO job_runs (cabinet_id, job, scheduled_for, trigger, started_at, outcome, owner)
         VALUES (?1, ?2, ?3, ?4, ?5, ?7, ?6)",
        params![req.cabinet_id, req.job, instant, req.trigger, now_text, req.owner, Outcome::Running],
    )?;
    let run_id = tx.last_insert_rowid();
    tx.execute(
        "INSERT INTO job_leases (cabinet_id, job, run_id, owner, scheduled_for, acquired_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![req.cabinet_id, req.job, run_id, req.owner, instant, now_text, instant_text(now + ttl)],
    )?;
    tx.commit()?;
    Ok(Claim::Granted { run_id })
}

/// Extends a lease this owner holds; false when it holds it no longer.
pub fn renew(
    store: &Store,
    cabinet_id: i64,
    run_id: i64,
    owner: &str,
    now: DateTime<Utc>,
    ttl: Duration,
) -> Result<bool> {
    let n = store.conn().execute(
        "UPDATE job_leases SET expires_at = ?4 WHERE cabinet_id = ?1 AND run_id = ?2 AND owner = ?3",
        params![cabinet_id, run_id, owner, instant_text(now + ttl)],
    )?;
    Ok(n == 1)
}

/// How a run ended, to record.
#[derive(Debug, Clone)]
pub struct Finish {
    /// Ok, failed or interrupted.
    pub outcome: Outcome,
    /// What it did.
    pub counts: JobCounts,
    /// The error or the reason.
    pub error: Option<String>,
    /// When it ended.
    pub finished_at: DateTime<Utc>,
    /// How long it took.
    pub duration_ms: i64,
}

/// Records the end of a claimed run and frees its lease; an interrupted run leaves the job's
/// last instant where it was, so that the instant may run again.
pub fn finish(store: &mut Store, cabinet_id: i64, run_id: i64, end: &Finish) -> Result<()> {
    let tx = store.begin_write()?;
    let counts =
        serde_json::to_string(&end.counts).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    // A run whose lease expired meanwhile (a long suspend) was marked interrupted by another
    // scheduler; what really happened replaces that guess.
    let recorded = tx.execute(
        "UPDATE job_runs SET outcome = ?3, finished_at = ?4, counts = ?5, error = ?6, duration_ms = ?7
         WHERE cabinet_id = ?1 AND id = ?2 AND outcome IN (?8, ?9)",
        params![
            cabinet_id,
            run_id,
            end.outcome,
            instant_text(end.finished_at),
            counts,
            end.error,
            end.duration_ms,
            Outcome::Running,
            Outcome::Interrupted
        ],
    )?;
    if recorded == 0 {
        tracing::warn!(cabinet_id, run_id, "the end of a job run could not be recorded: its history row is gone");
    }
    let (job, trigger, instant): (Job, Trigger, String) = tx.query_row(
        "SELECT job, trigger, scheduled_for FROM job_runs WHERE cabinet_id = ?1 AND id = ?2",
        params![cabinet_id, run_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    if trigger != Trigger::Manual && end.outcome != Outcome::Interrupted {
        advance(&tx, cabinet_id, job, &instant, Some(run_id))?;
    }
    tx.execute("DELETE FROM job_leases WHERE cabinet_id = ?1 AND run_id = ?2", params![cabinet_id, run_id])?;
    tx.commit()?;
    Ok(())
}

/// Records an instant that is not run (skipped while paused, or missed), unless another
/// scheduler dealt with it or holds the job; returns the row id when recorded.
pub fn record_not_run(
    store: &mut Store,
    req: &Request<'_>,
    outcome: Outcome,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Option<i64>> {
    let tx = store.begin_write()?;
    let held: bool = tx.query_row(
        "SELECT count(*) > 0 FROM job_leases WHERE cabinet_id = ?1 AND job = ?2",
        params![req.cabinet_id, req.job],
        |r| r.get(0),
    )?;
    if held || last_instant(&tx, req.cabinet_id, req.job)?.is_some_and(|last| last >= req.instant) {
        return Ok(None);
    }
    let now_text = instant_text(now);
    let instant = instant_text(req.instant);
    tx.execute(
        "INSERT INTO job_runs (cabinet_id, job, scheduled_for, trigger, started_at, finished_at, outcome, error, owner)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?8)",
        params![req.cabinet_id, req.job, instant, req.trigger, now_text, outcome, reason, req.owner],
    )?;
    let run_id = tx.last_insert_rowid();
    advance(&tx, req.cabinet_id, req.job, &instant, Some(run_id))?;
    tx.commit()?;
    Ok(Some(run_id))
}

/// Remembers an instant as dealt with, without a history row (a job seen for the first time).
pub fn remember(store: &Store, cabinet_id: i64, job: Job, instant: DateTime<Utc>) -> Result<()> {
    advance(store.conn(), cabinet_id, job, &instant_text(instant), None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{cabinet, clock::SystemClock};
    use chrono::TimeZone;

    fn t(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, h, m, 0).unwrap()
    }

    fn req(cabinet_id: i64, owner: &str) -> Request<'_> {
        Request { cabinet_id, job: Job::Check, instant: t(8, 0), trigger: Trigger::Schedule, owner }
    }

    fn done(at: DateTime<Utc>) -> Finish {
        Finish { outcome: Outcome::Ok, counts: JobCounts::default(), error: None, finished_at: at, duration_ms: 5 }
    }

    fn count(store: &Store, sql: &str) -> i64 {
        store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
    }

    #[test]
    fn two_schedulers_on_one_file_never_run_an_instant_twice() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vigie.db");
        let mut a = Store::open(&path).unwrap();
        let mut b = Store::open(&path).unwrap();
        let c = cabinet::add(&a, &SystemClock, "A", None).unwrap();
        let ttl = Duration::minutes(10);

        let Claim::Granted { run_id } = claim(&mut a, &req(c.id, "a"), t(8, 0), ttl).unwrap() else { panic!() };
        // While A runs it, B is told who holds it.
        assert_eq!(
            claim(&mut b, &req(c.id, "b"), t(8, 1), ttl).unwrap(),
            Claim::Busy { owner: "a".into(), since: crate::store::parse_instant("2026-11-25T08:00:00Z").unwrap() }
        );
        finish(&mut a, c.id, run_id, &done(t(8, 2))).unwrap();
        // Once A is done, the instant is done for B too.
        assert_eq!(claim(&mut b, &req(c.id, "b"), t(8, 3), ttl).unwrap(), Claim::AlreadyDone);
        assert_eq!(count(&b, "SELECT count(*) FROM job_runs"), 1);
        assert_eq!(count(&b, "SELECT count(*) FROM job_leases"), 0);
        assert_eq!(last_instant(b.conn(), c.id, Job::Check).unwrap(), Some(t(8, 0)));
        // The next instant is free for whoever comes first.
        let next = Request { instant: t(13, 0), ..req(c.id, "b") };
        assert!(matches!(claim(&mut b, &next, t(13, 0), ttl).unwrap(), Claim::Granted { .. }));
    }

    #[test]
    fn racing_threads_claim_each_instant_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vigie.db");
        let store = Store::open(&path).unwrap();
        let c = cabinet::add(&store, &SystemClock, "A", None).unwrap();
        drop(store);
        let granted: usize = std::thread::scope(|s| {
            let handles: Vec<_> = (0..4)
                .map(|i| {
                    let path = path.clone();
                    s.spawn(move || {
                        let mut store = Store::open(&path).unwrap();
                        let owner = format!("thread {i}");
                        let mut won = 0;
                        for hour in 0..10 {
                            let r = Request { instant: t(hour, 0), ..req(c.id, &owner) };
                            if let Claim::Granted { run_id } =
                                claim(&mut store, &r, t(hour, 0), Duration::minutes(10)).unwrap()
                            {
                                finish(&mut store, c.id, run_id, &done(t(hour, 1))).unwrap();
                                won += 1;
                            }
                        }
                        won
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).sum()
        });
        let store = Store::open(&path).unwrap();
        let runs = count(&store, "SELECT count(*) FROM job_runs");
        let distinct = count(&store, "SELECT count(DISTINCT scheduled_for) FROM job_runs");
        assert_eq!(runs, distinct, "an instant ran twice");
        assert_eq!(granted as i64, runs);
        assert!(runs >= 1);
    }

    #[test]
    fn an_expired_lease_is_reaped_and_its_instant_runs_again() {
        let mut store = Store::open_in_memory().unwrap();
        let c = cabinet::add(&store, &SystemClock, "A", None).unwrap();
        let ttl = Duration::minutes(10);
        let Claim::Granted { run_id: dead } = claim(&mut store, &req(c.id, "dead"), t(8, 0), ttl).unwrap() else {
            panic!()
        };
        // Before expiry the owner is still presumed alive.
        assert!(matches!(claim(&mut store, &req(c.id, "b"), t(8, 9), ttl).unwrap(), Claim::Busy { .. }));
        // After expiry its run is marked interrupted and the same instant is granted again.
        let Claim::Granted { run_id } = claim(&mut store, &req(c.id, "b"), t(8, 11), ttl).unwrap() else { panic!() };
        assert_ne!(run_id, dead);
        let (outcome, error): (String, String) = store
            .conn()
            .query_row("SELECT outcome, error FROM job_runs WHERE id = ?1", [dead], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap();
        assert_eq!(outcome, "interrupted");
        assert!(error.contains("dead stopped without finishing"), "{error}");
        // An owner whose lease was taken over can no longer renew it.
        assert!(!renew(&store, c.id, dead, "dead", t(8, 12), ttl).unwrap());
        assert!(renew(&store, c.id, run_id, "b", t(8, 12), ttl).unwrap());
    }

    #[test]
    fn an_interrupted_run_leaves_the_instant_to_run_again() {
        let mut store = Store::open_in_memory().unwrap();
        let c = cabinet::add(&store, &SystemClock, "A", None).unwrap();
        let Claim::Granted { run_id } = claim(&mut store, &req(c.id, "a"), t(8, 0), Duration::minutes(10)).unwrap()
        else {
            panic!()
        };
        let end = Finish { outcome: Outcome::Interrupted, error: Some("stopped".into()), ..done(t(8, 0)) };
        finish(&mut store, c.id, run_id, &end).unwrap();
        assert_eq!(last_instant(store.conn(), c.id, Job::Check).unwrap(), None);
        assert!(matches!(
            claim(&mut store, &req(c.id, "a"), t(8, 1), Duration::minutes(10)).unwrap(),
            Claim::Granted { .. }
        ));
    }
}
