//! Running jobs: what is due for every cabinet at a moment, and one run under a lease.
//!
//! Synchronous and driven by the injected clock, so that tests step through days without
//! sleeping; the daemon calls it from blocking tasks.

use crate::cabinet::{self, Cabinet};
use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::schedule::catchup::{self, Decision};
use crate::schedule::counts::JobCounts;
use crate::schedule::events::Event;
use crate::schedule::history::{self, JobRun, Outcome, Trigger};
use crate::schedule::jobs::{self, Job, JobConfig};
use crate::schedule::lease::{self, Claim, Finish, Request};
use crate::schedule::pause::{self, Pause};
use crate::store::{Store, instant_text};
use chrono::{DateTime, Duration, Utc};
use rusqlite::InterruptHandle;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::broadcast;

/// How long a lease lasts without renewal (clock time); the daemon renews it while a job runs.
pub const DEFAULT_LEASE_TTL: Duration = Duration::minutes(10);

/// A job instance to run now.
#[derive(Debug, Clone)]
pub struct Due {
    /// For this cabinet.
    pub cabinet: Cabinet,
    /// Which job.
    pub job: Job,
    /// The scheduled instant (for a manual run, when it was asked for).
    pub instant: DateTime<Utc>,
    /// Why it runs.
    pub trigger: Trigger,
}

/// Lets another thread stop a run in progress: its SQLite work is interrupted and rolled back.
#[derive(Clone, Default)]
pub struct RunControl(Arc<ControlState>);

#[derive(Default)]
struct ControlState {
    stopping: AtomicBool,
    interrupt: Mutex<Option<InterruptHandle>>,
    claimed: Mutex<Option<(i64, i64)>>,
}

impl RunControl {
    /// Asks the run to stop: the statement it runs fails and its transaction rolls back.
    pub fn interrupt(&self) {
        self.0.stopping.store(true, Ordering::SeqCst);
        if let Some(handle) = self.0.interrupt.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
            handle.interrupt();
        }
    }

    /// Whether a stop was asked for.
    pub fn stopping(&self) -> bool {
        self.0.stopping.load(Ordering::SeqCst)
    }

    /// The (cabinet id, run id) claimed, once claimed (to renew its lease).
    pub fn claimed(&self) -> Option<(i64, i64)> {
        *self.0.claimed.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn arm(&self, handle: Option<InterruptHandle>) {
        *self.0.interrupt.lock().unwrap_or_else(|e| e.into_inner()) = handle;
    }

    fn set_claimed(&self, claimed: Option<(i64, i64)>) {
        *self.0.claimed.lock().unwrap_or_else(|e| e.into_inner()) = claimed;
    }
}

/// A name telling this scheduler apart from others on the same store (process and instance).
pub fn owner_id(label: &str) -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let host = std::env::var("HOSTNAME").unwrap_or_default();
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let at = if host.is_empty() { String::new() } else { format!("@{host}") };
    format!("{label} pid {}{at} #{n}", std::process::id())
}

/// Runs jobs for every cabinet of a store, as one owner, on one clock.
#[derive(Clone)]
pub struct Runner {
    clock: Arc<dyn Clock>,
    owner: String,
    lease_ttl: Duration,
    events: Option<broadcast::Sender<Event>>,
}

impl Runner {
    /// A runner named `owner` (see [`owner_id`]).
    pub fn new(clock: Arc<dyn Clock>, owner: String) -> Self {
        Self { clock, owner, lease_ttl: DEFAULT_LEASE_TTL, events: None }
    }

    /// Sets how long a lease lasts without renewal.
    pub fn with_lease_ttl(mut self, ttl: Duration) -> Self {
        self.lease_ttl = ttl;
        self
    }

    /// Sends events to `events`.
    pub fn with_events(mut self, events: broadcast::Sender<Event>) -> Self {
        self.events = Some(events);
        self
    }

    /// Its owner name.
    pub fn owner(&self) -> &str {
        &self.owner
    }

    /// Its clock.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// How long its leases last.
    pub fn lease_ttl(&self) -> Duration {
        self.lease_ttl
    }

    fn emit(&self, event: Event) {
        if let Some(tx) = &self.events {
            // No subscriber is fine.
            let _ = tx.send(event);
        }
    }

    /// The runs due at `now`, oldest instant first; records skipped and missed instants.
    ///
    /// `awake_since` is when the scheduler last looked without noticing a jump (None at
    /// start-up and after a jump): instants after it are on time, older ones are catch-ups.
    pub fn due(&self, store: &mut Store, now: DateTime<Utc>, awake_since: Option<DateTime<Utc>>) -> Result<Vec<Due>> {
        let mut due = Vec::new();
        for cabinet in cabinet::list(store)? {
            for run_id in lease::reap_expired(store, cabinet.id, now)? {
                tracing::warn!(cabinet = %cabinet.name, run_id, "a run whose scheduler stopped without finishing it was marked interrupted");
            }
            let paused = pause::get(store, cabinet.id).unwrap_or_else(|e| {
                tracing::error!(cabinet = %cabinet.name, "{e}; alerts are not paused");
                Pause::No
            });
            for job in Job::ALL {
                let (schedule, window) = match JobConfig::load(store, cabinet.id, job) {
                    Ok(config) => (config.schedule, config.catchup),
                    Err(e) => {
                        tracing::error!(cabinet = %cabinet.name, %job, "{e}; the job does not run until it is fixed");
                        continue;
                    }
                };
                let last = lease::last_instant(store.conn(), cabinet.id, job)?;
                match catchup::decide(&schedule, cabinet.timezone, last, awake_since, now, window) {
                    Decision::Nothing => {}
                    Decision::Initialize { instant } => lease::remember(store, cabinet.id, job, instant)?,
                    Decision::Missed { instant } => {
                        let late = now - instant;
                        let reason = format!(
                            "missed by {}h{:02}, beyond its {} h catch-up window ({})",
                            late.num_hours(),
                            late.num_minutes() % 60,
                            window.num_hours(),
                            job.catchup_key()
                        );
                        tracing::info!(cabinet = %cabinet.name, %job, instant = %instant_text(instant), "{reason}");
                        self.record_not_run(
                            store,
                            &cabinet,
                            job,
                            instant,
                            Trigger::Catchup,
                            Outcome::Missed,
                            &reason,
                            now,
                        )?;
                    }
                    Decision::Run { instant, on_time } => {
                        let trigger = if on_time { Trigger::Schedule } else { Trigger::Catchup };
                        // An instant inside a pause is skipped, even when it is caught up after it.
                        if job.raises_alerts() && (paused.holds_at(now) || paused.holds_at(instant)) {
                            let reason = match paused {
                                Pause::Until { until } => format!("alerts paused until {}", instant_text(until)),
                                _ => "alerts paused until resumed".to_string(),
                            };
                            self.record_not_run(
                                store,
                                &cabinet,
                                job,
                                instant,
                                trigger,
                                Outcome::Skipped,
                                &reason,
                                now,
                            )?;
                        } else {
                            due.push(Due { cabinet: cabinet.clone(), job, instant, trigger });
                        }
                    }
                }
            }
        }
        due.sort_by_key(|d| (d.instant, d.job.rank(), d.cabinet.id));
        Ok(due)
    }

    #[allow(clippy::too_many_arguments)]
    fn record_not_run(
        &self,
        store: &mut Store,
        cabinet: &Cabinet,
        job: Job,
        instant: DateTime<Utc>,
        trigger: Trigger,
        outcome: Outcome,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let req = Request { cabinet_id: cabinet.id, job, instant, trigger, owner: &self.owner };
        if let Some(run_id) = lease::record_not_run(store, &req, outcome, reason, now)?
            && let Some(run) = history::get(store, cabinet.id, run_id)?
        {
            self.emit(Event::JobFinished { run: Box::new(run) });
        }
        Ok(())
    }

    /// The earliest instant of any job of any cabinet strictly after `after`.
    pub fn next_instant(&self, store: &Store, after: DateTime<Utc>) -> Result<Option<DateTime<Utc>>> {
        let mut next: Option<DateTime<Utc>> = None;
        for cabinet in cabinet::list(store)? {
            for job in Job::ALL {
                // A broken setting is reported by `due`; here it only has no next instant.
                if let Ok(schedule) = jobs::schedule(store, cabinet.id, job)
                    && let Some(at) = schedule.next_after(cabinet.timezone, after)
                {
                    next = Some(next.map_or(at, |n| n.min(at)));
                }
            }
        }
        Ok(next)
    }

    /// Runs one due job under a lease and records it; None when another scheduler has it.
    ///
    /// A job that fails is recorded with its error and is not an `Err` here: only the
    /// store itself failing is.
    pub fn run(&self, store: &mut Store, due: &Due, control: &RunControl) -> Result<Option<JobRun>> {
        let cabinet = &due.cabinet;
        let started = self.clock.now();
        let req = Request {
            cabinet_id: cabinet.id,
            job: due.job,
            instant: due.instant,
            trigger: due.trigger,
            owner: &self.owner,
        };
        let run_id = match lease::claim(store, &req, started, self.lease_ttl)? {
            Claim::Granted { run_id } => run_id,
            Claim::AlreadyDone => return Ok(None),
            Claim::Busy { owner, since } if due.trigger == Trigger::Manual => {
                return Err(Error::JobBusy { job: due.job.to_string(), cabinet: cabinet.name.clone(), owner, since });
            }
            Claim::Busy { owner, .. } => {
                tracing::debug!(cabinet = %cabinet.name, job = %due.job, %owner, "held by another scheduler");
                return Ok(None);
            }
        };
        control.set_claimed(Some((cabinet.id, run_id)));
        let scheduled_for = due.instant;
        tracing::info!(cabinet = %cabinet.name, job = %due.job, scheduled_for = %instant_text(scheduled_for), trigger = %due.trigger, run_id, "job started");
        self.emit(Event::JobStarted {
            run_id,
            cabinet_id: cabinet.id,
            job: due.job,
            scheduled_for,
            trigger: due.trigger,
        });

        control.arm(Some(store.conn().get_interrupt_handle()));
        let result = if control.stopping() {
            Err(Error::Internal("stopped before it began".into()))
        } else {
            jobs::execute(store, cabinet, due.job, started)
        };
        // After this no interrupt can reach the connection, so recording the end is safe.
        control.arm(None);
        let finished_at = self.clock.now();
        let duration_ms = (finished_at - started).num_milliseconds().max(0);
        let (end, new_notifications) = match result {
            Ok(report) => (
                Finish { outcome: Outcome::Ok, counts: report.counts, error: None, finished_at, duration_ms },
                report.new_notifications,
            ),
            Err(e) => {
                let (outcome, error) = if control.stopping() {
                    (Outcome::Interrupted, format!("stopped by a shutdown ({e}); its changes were rolled back"))
                } else {
                    (Outcome::Failed, e.to_string())
                };
                tracing::warn!(cabinet = %cabinet.name, job = %due.job, run_id, "job {outcome}: {error}");
                (
                    Finish { outcome, counts: JobCounts::default(), error: Some(error), finished_at, duration_ms },
                    Default::default(),
                )
            }
        };
        lease::finish(store, cabinet.id, run_id, &end)?;
        control.set_claimed(None);
        // Recorded just above, in this process: missing only if someone deleted it meanwhile.
        let run = history::get(store, cabinet.id, run_id)?.ok_or(Error::Db(rusqlite::Error::QueryReturnedNoRows))?;
        tracing::info!(cabinet = %cabinet.name, job = %due.job, run_id, outcome = %run.outcome, counts = %run.counts, duration_ms, "job finished");
        if !new_notifications.is_empty() {
            self.emit(Event::NotificationsCreated { cabinet_id: cabinet.id, by_recipient: new_notifications });
        }
        self.emit(Event::JobFinished { run: Box::new(run.clone()) });
        Ok(Some(run))
    }

    /// Runs `job` for `cabinet` now, by hand (recorded as `manual`).
    pub fn run_now(&self, store: &mut Store, cabinet: &Cabinet, job: Job, control: &RunControl) -> Result<JobRun> {
        let due = Due { cabinet: cabinet.clone(), job, instant: self.clock.now(), trigger: Trigger::Manual };
        // A manual instant is now, so no run of it is recorded yet; should the clock say
        // otherwise, the refusal is an error rather than a panic.
        self.run(store, &due, control)?.ok_or_else(|| {
            Error::InvalidInput(format!(
                "job {job} of cabinet \"{}\" already ran at {}",
                cabinet.name,
                instant_text(due.instant)
            ))
        })
    }

    /// Runs everything due at the clock's now; returns the runs made.
    pub fn tick(&self, store: &mut Store, awake_since: Option<DateTime<Utc>>) -> Result<Vec<JobRun>> {
        let now = self.clock.now();
        let mut runs = Vec::new();
        for due in self.due(store, now, awake_since)? {
            runs.extend(self.run(store, &due, &RunControl::default())?);
        }
        Ok(runs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::FixedClock;
    use crate::schedule::pause;
    use chrono::TimeZone;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    struct Setup {
        store: Store,
        clock: Arc<FixedClock>,
        runner: Runner,
        cabinet: Cabinet,
    }

    /// Wednesday 2026-11-25, 08:59 in Paris, everything before already dealt with.
    fn setup() -> Setup {
        let mut store = Store::open_in_memory().unwrap();
        let clock = Arc::new(FixedClock::new(utc("2026-11-25T07:59:00Z")));
        let cabinet = cabinet::add(&store, clock.as_ref(), "A", None).unwrap();
        let runner = Runner::new(clock.clone(), "test".into());
        let first = runner.tick(&mut store, None).unwrap();
        // Only the status update of midnight is recent enough to catch up.
        assert_eq!(first.iter().map(|r| r.job).collect::<Vec<_>>(), [Job::StatusUpdate]);
        assert_eq!(first[0].trigger, Trigger::Catchup);
        Setup { store, clock, runner, cabinet }
    }

    impl Setup {
        /// Moves the clock to `at` (awake all along) and runs what is due.
        fn tick_at(&mut self, at: &str) -> Vec<JobRun> {
            let before = self.clock.now();
            self.clock.set(utc(at));
            self.runner.tick(&mut self.store, Some(before)).unwrap()
        }

        fn outcomes(&self, job: Job) -> Vec<(String, Outcome)> {
            let mut runs = history::list(&self.store, self.cabinet.id, Some(job), 100).unwrap();
            runs.reverse();
            runs.into_iter().map(|r| (crate::store::instant_text(r.scheduled_for), r.outcome)).collect()
        }
    }

    #[test]
    fn paused_alerts_are_skipped_and_not_caught_up_after() {
        let mut s = setup();
        pause::pause(&mut s.store, s.cabinet.id, Some(utc("2026-11-25T12:00:00Z"))).unwrap();
        assert!(s.tick_at("2026-11-25T08:00:05Z").is_empty());
        // The pause ends at 13:00 local; the 14:00 check runs, the 09:00 one stays skipped.
        assert!(s.tick_at("2026-11-25T12:30:00Z").is_empty());
        let runs = s.tick_at("2026-11-25T13:00:05Z");
        assert_eq!(runs.len(), 1);
        assert_eq!(
            s.outcomes(Job::Check),
            [("2026-11-25T08:00:00Z".into(), Outcome::Skipped), ("2026-11-25T13:00:00Z".into(), Outcome::Ok)]
        );
        let skipped = &history::list(&s.store, s.cabinet.id, Some(Job::Check), 10).unwrap()[1];
        assert_eq!(skipped.error.as_deref(), Some("alerts paused until 2026-11-25T12:00:00Z"));
        // Maintenance jobs are not alerts: the midnight status update runs while paused.
        pause::pause(&mut s.store, s.cabinet.id, None).unwrap();
        let runs = s.tick_at("2026-11-25T23:00:05Z");
        assert_eq!(runs.iter().map(|r| r.job).collect::<Vec<_>>(), [Job::StatusUpdate]);
        // Resumed: the next check runs.
        pause::resume(&mut s.store, s.cabinet.id).unwrap();
        assert_eq!(s.tick_at("2026-11-26T08:00:05Z").len(), 1);
    }

    #[test]
    fn an_instant_inside_a_pause_is_not_run_when_caught_up_after_it() {
        let mut s = setup();
        pause::pause(&mut s.store, s.cabinet.id, Some(utc("2026-11-25T12:00:00Z"))).unwrap();
        // Asleep through 09:00 and the end of the pause; awake at 13:30 local, before 14:00.
        s.clock.set(utc("2026-11-25T12:30:00Z"));
        assert!(s.runner.tick(&mut s.store, None).unwrap().is_empty());
        assert_eq!(s.outcomes(Job::Check), [("2026-11-25T08:00:00Z".into(), Outcome::Skipped)]);
    }

    #[test]
    fn a_failing_job_is_recorded_and_the_scheduler_goes_on() {
        let mut s = setup();
        // A corrupted setting makes the check fail (settings::set would refuse it).
        s.store
            .conn()
            .execute("INSERT INTO settings VALUES (?1, 'echeance.steps', '7,trois')", [s.cabinet.id])
            .unwrap();
        let runs = s.tick_at("2026-11-25T08:00:05Z");
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].outcome, Outcome::Failed);
        assert!(runs[0].error.as_deref().unwrap().contains("echeance.steps"), "{:?}", runs[0].error);
        assert_eq!(runs[0].counts, crate::schedule::counts::JobCounts::default());
        // Not retried in a loop: the instant is dealt with.
        assert!(s.tick_at("2026-11-25T08:30:00Z").is_empty());
        // The 14:00 check fails the same way, the midnight status update still runs, and once
        // the setting is fixed the check runs again at its next instant.
        let runs = s.tick_at("2026-11-25T23:00:05Z");
        let got: Vec<_> = runs.iter().map(|r| (r.job, r.outcome)).collect();
        assert_eq!(got, [(Job::Check, Outcome::Failed), (Job::StatusUpdate, Outcome::Ok)]);
        crate::settings::set(&mut s.store, s.cabinet.id, "echeance.steps", "7,3,1,0").unwrap();
        let runs = s.tick_at("2026-11-26T08:00:05Z");
        assert_eq!((runs[0].job, runs[0].outcome), (Job::Check, Outcome::Ok));
        let counts = runs[0].counts.entries();
        for key in ["echeance_proche", "documents_manquants", "taches_retard", "evenement_important", "emails_queued"] {
            assert!(counts.iter().any(|(k, _)| k == key), "{key} missing from {counts:?}");
        }
        let stats = history::stats(&s.store, s.cabinet.id).unwrap();
        let check = stats.iter().find(|st| st.job == Job::Check).unwrap();
        assert_eq!((check.runs, check.ok, check.failures), (3, 1, 2));
    }

    #[test]
    fn a_manual_run_does_not_consume_the_scheduled_instant() {
        let mut s = setup();
        let control = RunControl::default();
        let manual = s.runner.run_now(&mut s.store, &s.cabinet.clone(), Job::Check, &control).unwrap();
        assert_eq!((manual.trigger, manual.outcome), (Trigger::Manual, Outcome::Ok));
        let runs = s.tick_at("2026-11-25T08:00:05Z");
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].trigger, Trigger::Schedule);
    }

    #[test]
    fn an_interrupted_run_rolls_back_and_is_recorded() {
        let s = setup();
        let mut store = s.store;
        let control = RunControl::default();
        control.interrupt();
        let due = Due {
            cabinet: s.cabinet.clone(),
            job: Job::Check,
            instant: Utc.with_ymd_and_hms(2026, 11, 25, 8, 0, 0).unwrap(),
            trigger: Trigger::Schedule,
        };
        let run = s.runner.run(&mut store, &due, &control).unwrap().unwrap();
        assert_eq!(run.outcome, Outcome::Interrupted);
        // The instant stays due (it ran nothing): yesterday's 14:00 is still the last one done.
        assert_eq!(
            lease::last_instant(store.conn(), s.cabinet.id, Job::Check).unwrap(),
            Some(utc("2026-11-24T13:00:00Z"))
        );
        let leases: i64 = store.conn().query_row("SELECT count(*) FROM job_leases", [], |r| r.get(0)).unwrap();
        assert_eq!(leases, 0);
    }
}
