//! The scheduler through its public API, on an injected clock: whole weeks across the daylight
//! saving changes, restarts after days off, two schedulers on one store, the async daemon.

use chrono::{DateTime, Duration, Utc};
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use vigie::cabinet::{self, Cabinet};
use vigie::clock::{Clock, FixedClock};
use vigie::schedule::history::{self, JobRun, Outcome, Trigger};
use vigie::schedule::{Daemon, DaemonOptions, Event, Job, Runner};
use vigie::store::{Store, instant_text};

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

/// Lives through time until `until`, waking exactly at each instant, as a daemon that never
/// sleeps through one does; returns the runs in order.
fn live_until(store: &mut Store, runner: &Runner, clock: &FixedClock, until: &str) -> Vec<JobRun> {
    let until = utc(until);
    let mut runs = Vec::new();
    loop {
        let awake = clock.now();
        let Some(next) = runner.next_instant(store, awake).unwrap() else { break };
        if next > until {
            break;
        }
        clock.set(next + Duration::seconds(1));
        runs.extend(runner.tick(store, Some(awake)).unwrap());
    }
    runs
}

fn summary(runs: &[JobRun], cabinet: &Cabinet) -> Vec<(String, String)> {
    runs.iter()
        .filter(|r| r.cabinet_id == cabinet.id)
        .map(|r| (r.job.as_str().to_string(), vigie::store::instant_text(r.scheduled_for)))
        .collect()
}

fn expect(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(j, t)| (j.to_string(), t.to_string())).collect()
}

fn start(at: &str) -> (Store, Arc<FixedClock>, Runner, Cabinet) {
    let store = Store::open_in_memory().unwrap();
    let clock = Arc::new(FixedClock::new(utc(at)));
    let paris = cabinet::add(&store, clock.as_ref(), "Paris", None).unwrap();
    let runner = Runner::new(clock.clone(), "test".into());
    (store, clock, runner, paris)
}

#[test]
fn the_fall_back_weekend_of_2026_runs_every_instant_once_at_local_time() {
    // Saturday 2026-10-24, 00:00:30 in Paris (CEST).
    let (mut store, clock, runner, paris) = start("2026-10-23T22:00:30Z");
    let fdf = cabinet::add(&store, clock.as_ref(), "Fort-de-France", Some("America/Martinique")).unwrap();
    let mut runs = runner.tick(&mut store, None).unwrap();
    runs.extend(live_until(&mut store, &runner, &clock, "2026-10-27T00:00:00Z"));
    assert!(runs.iter().all(|r| r.outcome == Outcome::Ok), "{runs:#?}");
    assert_eq!(
        summary(&runs, &paris),
        expect(&[
            ("check", "2026-10-23T12:00:00Z"),         // Friday 14:00, caught up at start-up
            ("status_update", "2026-10-23T22:00:00Z"), // caught up too
            ("check", "2026-10-24T07:00:00Z"),         // 09:00 CEST
            ("check", "2026-10-24T12:00:00Z"),         // 14:00 CEST
            ("status_update", "2026-10-24T22:00:00Z"), // 00:00 CEST
            ("cleanup", "2026-10-25T00:00:00Z"),       // the first 02:00 only
            ("check", "2026-10-25T08:00:00Z"),         // 09:00 CET, after the change
            ("check", "2026-10-25T13:00:00Z"),
            ("status_update", "2026-10-25T23:00:00Z"), // 00:00 CET
            ("weekly_digest", "2026-10-26T07:00:00Z"), // Monday 08:00 CET
            ("check", "2026-10-26T08:00:00Z"),
            ("check", "2026-10-26T13:00:00Z"),
            ("status_update", "2026-10-26T23:00:00Z"),
        ])
    );
    let triggers: Vec<Trigger> = runs.iter().filter(|r| r.cabinet_id == paris.id).map(|r| r.trigger).collect();
    assert!(triggers[..2].iter().all(|t| *t == Trigger::Catchup));
    assert!(triggers[2..].iter().all(|t| *t == Trigger::Schedule));
    // Martinique (UTC-4, no daylight saving) keeps its own local times, unaffected.
    let fdf_checks: Vec<String> =
        summary(&runs, &fdf).into_iter().filter(|(j, _)| j == "check").map(|(_, t)| t).collect();
    assert_eq!(fdf_checks[..3], ["2026-10-23T18:00:00Z", "2026-10-24T13:00:00Z", "2026-10-24T18:00:00Z"]);
}

#[test]
fn the_spring_forward_weekend_of_2027_runs_the_gap_job_once_when_the_gap_ends() {
    // Saturday 2027-03-27, 00:00:30 in Paris (CET); cleanup moved into the gap, daily.
    let (mut store, clock, runner, paris) = start("2027-03-26T23:00:30Z");
    vigie::schedule::jobs::set_schedule(&mut store, paris.id, Job::Cleanup, "30 2 * * *").unwrap();
    let mut runs = runner.tick(&mut store, None).unwrap();
    runs.extend(live_until(&mut store, &runner, &clock, "2027-03-29T12:30:00Z"));
    assert_eq!(
        summary(&runs, &paris),
        expect(&[
            ("cleanup", "2027-03-26T01:30:00Z"), // the last 24 h caught up at start-up
            ("check", "2027-03-26T13:00:00Z"),
            ("status_update", "2027-03-26T23:00:00Z"),
            ("cleanup", "2027-03-27T01:30:00Z"), // 02:30 CET
            ("check", "2027-03-27T08:00:00Z"),
            ("check", "2027-03-27T13:00:00Z"),
            ("status_update", "2027-03-27T23:00:00Z"),
            ("cleanup", "2027-03-28T01:00:00Z"), // 02:30 does not exist: 03:00 CEST, once
            ("check", "2027-03-28T07:00:00Z"),   // 09:00 CEST
            ("check", "2027-03-28T12:00:00Z"),
            ("status_update", "2027-03-28T22:00:00Z"),
            ("cleanup", "2027-03-29T00:30:00Z"), // 02:30 CEST
            ("weekly_digest", "2027-03-29T06:00:00Z"),
            ("check", "2027-03-29T07:00:00Z"),
            ("check", "2027-03-29T12:00:00Z"),
        ])
    );
}

#[test]
fn days_off_catch_up_each_job_once_within_its_window() {
    // Monday 2026-11-23, 07:00 in Paris.
    let (mut store, clock, runner, paris) = start("2026-11-23T06:00:00Z");
    let first = runner.tick(&mut store, None).unwrap();
    assert_eq!(summary(&first, &paris), expect(&[("status_update", "2026-11-22T23:00:00Z")]));
    live_until(&mut store, &runner, &clock, "2026-11-23T14:00:00Z");

    // Off from Monday afternoon to Friday 10:30: eight checks and three status updates missed.
    clock.set(utc("2026-11-27T09:30:00Z"));
    let back = runner.tick(&mut store, None).unwrap();
    assert_eq!(
        summary(&back, &paris),
        expect(&[("status_update", "2026-11-26T23:00:00Z"), ("check", "2026-11-27T08:00:00Z")])
    );
    assert!(back.iter().all(|r| r.trigger == Trigger::Catchup));
    assert!(runner.tick(&mut store, Some(clock.now())).unwrap().is_empty());

    // Off again until Saturday 21:00: the 14:00 check is 7 h late (runs), the midnight status
    // update 21 h late (beyond 12 h: recorded as missed, not run).
    clock.set(utc("2026-11-28T20:00:00Z"));
    let back = runner.tick(&mut store, None).unwrap();
    assert_eq!(summary(&back, &paris), expect(&[("check", "2026-11-28T13:00:00Z")]));
    let missed = &history::list(&store, paris.id, Some(Job::StatusUpdate), 1).unwrap()[0];
    assert_eq!(
        (missed.outcome, vigie::store::instant_text(missed.scheduled_for).as_str()),
        (Outcome::Missed, "2026-11-27T23:00:00Z")
    );
    assert!(missed.error.as_deref().unwrap().contains("beyond its 12 h catch-up window"), "{missed:?}");
}

#[test]
fn two_schedulers_on_one_store_run_each_instant_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vigie.db");
    let clock = Arc::new(FixedClock::new(utc("2026-10-24T06:00:00Z")));
    let paris = cabinet::add(&Store::open(&path).unwrap(), clock.as_ref(), "Paris", None).unwrap();
    // Two processes' worth: separate connections, separate owners, one clock, racing threads.
    let until = utc("2026-10-27T00:00:00Z");
    let mut awake: Option<DateTime<Utc>> = None;
    let store = Store::open(&path).unwrap();
    let planner = Runner::new(clock.clone(), "planner".into());
    loop {
        std::thread::scope(|s| {
            for name in ["a", "b"] {
                let (path, clock) = (path.clone(), clock.clone());
                s.spawn(move || {
                    let mut store = Store::open(&path).unwrap();
                    Runner::new(clock, name.into()).tick(&mut store, awake).unwrap();
                });
            }
        });
        awake = Some(clock.now());
        match planner.next_instant(&store, clock.now()).unwrap() {
            Some(next) if next <= until => clock.set(next + Duration::seconds(1)),
            _ => break,
        }
    }
    let runs = history::list(&store, paris.id, None, 1000).unwrap();
    let distinct: BTreeSet<(Job, DateTime<Utc>)> = runs.iter().map(|r| (r.job, r.scheduled_for)).collect();
    assert_eq!(distinct.len(), runs.len(), "an instant ran twice: {runs:#?}");
    assert_eq!(runs.len(), 12);
    assert!(runs.iter().all(|r| r.outcome == Outcome::Ok));
}

fn wait_for<T>(what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        if let Some(found) = probe() {
            return found;
        }
        assert!(std::time::Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

fn runs_in(path: &Path) -> Vec<JobRun> {
    let store = Store::open(path).unwrap();
    let c = cabinet::resolve(&store, None).unwrap();
    history::list(&store, c.id, None, 100).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_daemon_runs_due_jobs_reports_events_and_stops_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vigie.db");
    // Wednesday 2026-11-25, 08:59:58 in Paris. A FixedClock never moves by itself, so each
    // move the test makes is a jump to the daemon; one of under 5 s is not noticed as such.
    let clock = Arc::new(FixedClock::new(utc("2026-11-25T07:59:58Z")));
    {
        let mut store = Store::open(&path).unwrap();
        vigie::demo::seed(&mut store, clock.as_ref(), "Démo").unwrap();
    }
    let mut daemon = Daemon::start(&path, clock.clone(), DaemonOptions::default()).unwrap();
    let stopped = Arc::new(AtomicBool::new(false));
    let flag = stopped.clone();
    daemon.spawn_worker(|mut shutdown| async move {
        shutdown.stopped().await;
        flag.store(true, Ordering::SeqCst);
    });
    // At start-up, midnight's status update is caught up.
    let p = path.clone();
    tokio::task::spawn_blocking(move || {
        wait_for("the start-up catch-up", || runs_in(&p).into_iter().find(|r| r.job == Job::StatusUpdate))
    })
    .await
    .unwrap();

    // 09:00 comes; the daemon, told to look (as after a resume), runs the check on time.
    let mut events = daemon.subscribe();
    clock.set(utc("2026-11-25T08:00:02Z"));
    daemon.wake();
    let mut saw_started = false;
    let mut created = 0;
    let finished = loop {
        let event = tokio::time::timeout(std::time::Duration::from_secs(30), events.recv()).await.unwrap().unwrap();
        match event {
            Event::JobStarted { job: Job::Check, trigger, .. } => {
                assert_eq!(trigger, Trigger::Schedule);
                saw_started = true;
            }
            Event::NotificationsCreated { by_recipient, .. } => {
                created += by_recipient.values().map(Vec::len).sum::<usize>()
            }
            Event::JobFinished { run } if run.job == Job::Check => break run,
            _ => {}
        }
    };
    assert!(saw_started);
    assert_eq!(finished.outcome, Outcome::Ok);
    assert_eq!(vigie::store::instant_text(finished.scheduled_for), "2026-11-25T08:00:00Z");
    let counted: u64 = ["echeance_proche", "documents_manquants", "taches_retard", "evenement_important"]
        .iter()
        .map(|k| serde_json::to_value(&finished.counts).unwrap()[k].as_u64().unwrap())
        .sum();
    assert!(created > 0);
    assert_eq!(counted, created as u64);

    // "Check now" from the shell.
    let manual = daemon.run_now(Job::Check, None).await.unwrap();
    assert_eq!(manual.len(), 1);
    assert_eq!((manual[0].trigger, manual[0].outcome), (Trigger::Manual, Outcome::Ok));

    // The machine sleeps until Friday 10:30; on resume the jump is noticed and each missed
    // job runs once, as a catch-up (check at 09:00, status update at midnight).
    let mut events = daemon.subscribe();
    clock.set(utc("2026-11-27T09:30:00Z"));
    daemon.wake();
    let mut jumped = false;
    let mut caught_up = Vec::new();
    while caught_up.len() < 2 {
        let event = tokio::time::timeout(std::time::Duration::from_secs(30), events.recv()).await.unwrap().unwrap();
        match event {
            Event::ClockJumped { now, .. } => {
                assert_eq!(vigie::store::instant_text(now), "2026-11-27T09:30:00Z");
                jumped = true;
            }
            Event::JobFinished { run } => {
                caught_up.push((run.job, vigie::store::instant_text(run.scheduled_for), run.trigger))
            }
            _ => {}
        }
    }
    assert!(jumped);
    assert_eq!(
        caught_up,
        [
            (Job::StatusUpdate, "2026-11-26T23:00:00Z".to_string(), Trigger::Catchup),
            (Job::Check, "2026-11-27T08:00:00Z".to_string(), Trigger::Catchup),
        ]
    );

    daemon.stop().await;
    assert!(stopped.load(Ordering::SeqCst), "the extra worker was not told to stop");
    let store = Store::open(&path).unwrap();
    let leases: i64 = store.conn().query_row("SELECT count(*) FROM job_leases", [], |r| r.get(0)).unwrap();
    assert_eq!(leases, 0);
    let runs = runs_in(&path);
    assert_eq!(runs.len(), 5, "{runs:#?}");
    assert!(runs.iter().all(|r| r.outcome == Outcome::Ok));
    assert_eq!(instant_text(clock.now()), "2026-11-27T09:30:00Z");
}
