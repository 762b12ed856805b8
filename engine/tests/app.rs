//! The application layer as a shell sees it: events on the bus (early and late subscribers),
//! and the one cleanup the command and the scheduled job share.

use chrono::{TimeZone, Utc};
use serde_json::Value;
use std::path::Path;

use std::sync::Arc;
use vigie::app::inbox::UserRef;
use vigie::app::{AppEvent, Vigie};
use vigie::clock::{Clock, FixedClock};
use vigie::inbox::Filter;

const CLAIRE: &str = "claire.moreau@cabinet-demo.fr";

/// A demo firm in a fresh data folder, on a clock fixed at 2026-11-25 08:00 UTC.
fn demo() -> (tempfile::TempDir, Vigie) {
    let dir = tempfile::tempdir().unwrap();
    let clock: Arc<dyn Clock> = Arc::new(FixedClock::new(Utc.with_ymd_and_hms(2026, 11, 25, 8, 0, 0).unwrap()));
    let vigie = Vigie::open(dir.path(), clock.clone()).unwrap();
    vigie::demo::seed(&mut vigie.store(), clock.as_ref(), "Cabinet Démo").unwrap();
    (dir, vigie)
}

fn claire() -> UserRef {
    UserRef { email: CLAIRE.into(), cabinet: None }
}

/// Every event already published to `events`, in order.
fn drain(events: &mut tokio::sync::broadcast::Receiver<AppEvent>) -> Vec<AppEvent> {
    std::iter::from_fn(|| events.try_recv().ok()).collect()
}

#[test]
fn the_handle_can_be_held_by_a_desktop_state() {
    fn shared<T: Send + Sync + 'static>() {}
    shared::<Vigie>();
}

#[test]
fn an_early_subscriber_sees_the_notifications_of_a_check_with_their_recipients() {
    let (_dir, vigie) = demo();
    let mut sub = vigie.subscribe().unwrap();
    assert!(sub.unread.is_empty(), "{:?}", sub.unread);
    let checked = vigie.check(None, None).unwrap();
    let report = &checked[0].report;
    assert!(!report.new_by_recipient.is_empty());
    let events = drain(&mut sub.events);
    let created: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            AppEvent::NotificationsCreated { cabinet_id, by_recipient } => Some((*cabinet_id, by_recipient.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(created, [(report.cabinet_id, report.new_by_recipient.clone())]);
    // Each recipient's badge follows: their count, which is how many they just received.
    for (staff_id, ids) in &report.new_by_recipient {
        let unread = events.iter().find_map(|e| match e {
            AppEvent::UnreadChanged { staff_id: s, unread, .. } if s == staff_id => Some(*unread),
            _ => None,
        });
        assert_eq!(unread, Some(ids.len() as u64), "staff {staff_id}");
    }
}

#[test]
fn a_late_subscriber_gets_the_counts_now_then_the_changes() {
    let (_dir, vigie) = demo();
    vigie.check(None, None).unwrap();
    let page = vigie.notifications(&claire(), &Filter::default()).unwrap();
    let unread = page.notifications.iter().filter(|n| !n.read).count() as u64;
    assert!(unread >= 2, "the demo gives Claire several alerts");

    // Joined after the check: no replay of it, the counts as they are.
    let mut sub = vigie.subscribe().unwrap();
    let (cabinet_id, claire_id) = {
        let store = vigie.store();
        let (cabinet, member) = vigie::app::inbox::user(&store, &claire()).unwrap();
        (cabinet.id, member.id)
    };
    assert_eq!(sub.unread.get(&(cabinet_id, claire_id)), Some(&unread));
    assert!(drain(&mut sub.events).is_empty());

    vigie.mark_read(&claire(), page.notifications[0].id).unwrap();
    let events = drain(&mut sub.events);
    assert!(
        matches!(events.as_slice(), [AppEvent::UnreadChanged { cabinet_id: c, staff_id: s, unread: u }]
            if *c == cabinet_id && *s == claire_id && *u == unread - 1),
        "{events:?}"
    );
}

#[test]
fn reading_everything_publishes_a_count_of_zero() {
    let (_dir, vigie) = demo();
    vigie.check(None, None).unwrap();
    let mut sub = vigie.subscribe().unwrap();
    assert!(vigie.mark_all_read(&claire()).unwrap() >= 2);
    let events = drain(&mut sub.events);
    assert!(matches!(events.as_slice(), [AppEvent::UnreadChanged { unread: 0, .. }]), "{events:?}");
    assert_eq!(vigie.unread_count(&claire()).unwrap(), 0);
    // Nothing left to read: the count is published again, still 0.
    assert_eq!(vigie.mark_all_read(&claire()).unwrap(), 0);
    assert!(matches!(drain(&mut sub.events).as_slice(), [AppEvent::UnreadChanged { unread: 0, .. }]));
}

fn vigie_at(dir: &Path, now: &str, args: &[&str]) -> Value {
    crate::support::cli::json(dir, now, args)
}

fn ids(dir: &Path, table: &str) -> Vec<i64> {
    let conn = rusqlite::Connection::open(dir.join(vigie::store::STORE_FILE)).unwrap();
    let mut stmt = conn.prepare(&format!("SELECT id FROM {table} ORDER BY id")).unwrap();
    stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

#[test]
fn the_cleanup_command_is_the_cleanup_job() {
    let a = tempfile::tempdir().unwrap();
    let d = a.path();
    // Old history, notifications and sent emails, and recent ones that stay.
    let old = "2026-09-01T08:00:00Z";
    vigie_at(d, old, &["demo"]);
    {
        let store = vigie::store::Store::open_dir(d).unwrap();
        let cabinet = vigie::cabinet::resolve(&store, None).unwrap();
        crate::support::firm::smtp_settings().save(&store, cabinet.id).unwrap();
    }
    vigie_at(d, old, &["jobs", "run", "check"]);
    vigie_at(d, "2027-02-25T08:00:00Z", &["jobs", "run", "check"]);
    {
        let conn = rusqlite::Connection::open(d.join(vigie::store::STORE_FILE)).unwrap();
        conn.execute_batch(
            "UPDATE notifications SET read_at = created_at WHERE id % 2 = 0;
             UPDATE outbox SET status = 'sent', sent_at = created_at;",
        )
        .unwrap();
    }
    let b = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(d).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), b.path().join(entry.file_name())).unwrap();
        }
    }

    let now = "2027-03-01T02:00:00Z";
    let by_hand = vigie_at(d, now, &["cleanup"]);
    let run = vigie_at(b.path(), now, &["jobs", "run", "cleanup"]);
    let counts = &run[0]["counts"];
    for key in ["notifications_deleted", "emails_deleted", "job_runs_deleted", "alert_keys_deleted"] {
        assert_eq!(by_hand[key], counts[key], "{key}: {by_hand} / {run}");
    }
    for key in ["notifications_deleted", "emails_deleted", "job_runs_deleted"] {
        assert!(by_hand[key].as_u64().unwrap() > 0, "{key} should have something to delete: {by_hand}");
    }
    assert_eq!(ids(d, "notifications"), ids(b.path(), "notifications"));
    assert_eq!(ids(d, "outbox"), ids(b.path(), "outbox"));
    let cleanup_run = run[0]["id"].as_i64().unwrap();
    let job_runs: Vec<i64> = ids(b.path(), "job_runs").into_iter().filter(|id| *id != cleanup_run).collect();
    assert_eq!(ids(d, "job_runs"), job_runs);
    assert!(!job_runs.is_empty(), "recent history stays");
}

/// The kind of each event, in order (`job_started`, `unread_changed`…).
fn kinds(events: &[AppEvent]) -> Vec<String> {
    events.iter().map(|e| serde_json::to_value(e).unwrap()["event"].as_str().unwrap().to_string()).collect()
}

#[test]
fn a_job_run_by_hand_is_published_like_a_scheduled_one() {
    let (_dir, vigie) = demo();
    let mut sub = vigie.subscribe().unwrap();
    let runs = vigie.run_job(None, vigie::schedule::Job::Check).unwrap();
    assert_eq!(runs.len(), 1);
    let kinds = kinds(&drain(&mut sub.events));
    assert_eq!(kinds.first().map(String::as_str), Some("job_started"), "{kinds:?}");
    assert_eq!(kinds.last().map(String::as_str), Some("job_finished"), "{kinds:?}");
    for kind in ["notifications_created", "unread_changed"] {
        assert!(kinds.iter().any(|k| k == kind), "{kind} in {kinds:?}");
    }
}

#[test]
fn a_pause_already_over_is_refused_with_its_own_error() {
    let (_dir, vigie) = demo();
    let cabinet = vigie.cabinets(None).unwrap().remove(0);
    let past = Utc.with_ymd_and_hms(2026, 11, 24, 8, 0, 0).unwrap();
    let err = vigie.pause_alerts(&cabinet, Some(past)).unwrap_err();
    assert!(matches!(err, vigie::Error::PauseOver { .. }), "{err}");
    assert_eq!(err.code(), vigie::error::ErrorCode::InvalidInput);
}

/// Events from `events` until every kind in `wanted` has come (or 10 s have passed).
async fn until_seen(events: &mut tokio::sync::broadcast::Receiver<AppEvent>, wanted: &[&str]) -> Vec<String> {
    let mut seen = Vec::new();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    while !wanted.iter().all(|w| seen.iter().any(|s| s == w)) {
        match tokio::time::timeout_at(deadline, events.recv()).await {
            Ok(Ok(event)) => seen.extend(kinds(&[event])),
            Ok(Err(e)) => panic!("the bus failed: {e}; seen {seen:?}"),
            Err(_) => panic!("timed out waiting for {wanted:?}; seen {seen:?}"),
        }
    }
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_embedded_scheduler_publishes_its_runs_and_the_new_counts_on_the_bus() {
    let (_dir, vigie) = demo();
    let mut sub = vigie.subscribe().unwrap();
    let daemon = vigie.start_scheduler(vigie::schedule::DaemonOptions::default()).unwrap();
    // The daemon's own first subscriber (the outbox worker's) still works beside the bus.
    let mut first = daemon.subscribe();
    let runs = daemon.run_now(vigie::schedule::Job::Check, None).await.unwrap();
    assert_eq!(runs.len(), 1);
    let seen =
        until_seen(&mut sub.events, &["job_started", "notifications_created", "unread_changed", "job_finished"]).await;
    let started = seen.iter().position(|k| k == "job_started").unwrap();
    let finished = seen.iter().rposition(|k| k == "job_finished").unwrap();
    assert!(started < finished, "{seen:?}");
    assert!(first.try_recv().is_ok(), "the first subscriber got the run too");
    daemon.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_outbox_worker_beside_the_scheduler_publishes_what_it_sent() {
    use crate::support::smtp::{Mode, Options, SmtpServer};
    let server = SmtpServer::start(Mode::Plain, None, &Options::default());
    let (_dir, vigie) = demo();
    {
        let store = vigie.store();
        let cabinet = vigie::cabinet::resolve(&store, None).unwrap();
        let settings = vigie::email::smtp::SmtpSettings {
            host: "127.0.0.1".into(),
            port: server.port,
            security: vigie::email::smtp::Security::None,
            ..crate::support::firm::smtp_settings()
        };
        settings.save(&store, cabinet.id).unwrap();
    }
    // A check queues the alerts' emails; the worker's first pass sends them.
    vigie.check(None, None).unwrap();
    let mut sub = vigie.subscribe().unwrap();
    let mut daemon = vigie.start_scheduler(vigie::schedule::DaemonOptions::default()).unwrap();
    vigie.spawn_outbox_worker(&mut daemon);
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
    let sent = loop {
        match tokio::time::timeout_at(deadline, sub.events.recv()).await {
            Ok(Ok(AppEvent::OutboxProgress { sent, .. })) if sent > 0 => break sent,
            Ok(Ok(_)) => {}
            other => panic!("no outbox progress on the bus: {other:?}"),
        }
    };
    daemon.stop().await;
    assert_eq!(sent as usize, server.received().len());
}

#[test]
fn the_job_monitor_shows_each_schedule_in_french_its_next_runs_and_its_record() {
    use vigie::schedule::Job;
    let (_dir, vigie) = demo();
    vigie.run_job(None, Job::Check).unwrap();
    let monitor = vigie.job_monitor(None).unwrap();
    assert_eq!(monitor.cabinet, "Cabinet Démo");
    assert_eq!(monitor.timezone, "Europe/Paris");
    let jobs: Vec<Job> = monitor.jobs.iter().map(|j| j.job).collect();
    assert_eq!(jobs, Job::ALL.to_vec());
    let check = &monitor.jobs[0];
    assert_eq!(check.cron, "0 9,14 * * *");
    assert_eq!(check.description.replace('\u{a0}', " "), "tous les jours à 9 h et 14 h");
    // 2026-11-25 09:00 Paris is 08:00 UTC, the clock's own instant: the next is 14:00.
    let next: Vec<String> = check.next_runs.iter().map(|t| t.to_rfc3339()).collect();
    assert_eq!(
        next,
        [
            "2026-11-25T13:00:00+00:00",
            "2026-11-26T08:00:00+00:00",
            "2026-11-26T13:00:00+00:00",
            "2026-11-27T08:00:00+00:00",
            "2026-11-27T13:00:00+00:00"
        ]
    );
    assert_eq!((check.stats.runs, check.stats.ok), (1, 1), "the manual run is in its record");
    assert!(check.running.is_none());
    assert!(!check.paused);

    // Paused alerts show on the alerting jobs only.
    let cabinet = vigie.cabinets(None).unwrap().remove(0);
    vigie.pause_alerts(&cabinet, None).unwrap();
    let monitor = vigie.job_monitor(None).unwrap();
    assert!(monitor.pause.holds_at(vigie.clock().now()));
    let paused: Vec<(Job, bool)> = monitor.jobs.iter().map(|j| (j.job, j.paused)).collect();
    assert!(paused.contains(&(Job::Check, true)) && paused.contains(&(Job::Cleanup, false)), "{paused:?}");
}

#[test]
fn a_schedule_is_tried_before_it_is_saved_and_refused_with_its_reason_in_french() {
    use vigie::schedule::Job;
    let (_dir, vigie) = demo();
    let preview = vigie.preview_schedule(None, Job::Check, " 30 8 * * 1-5 ").unwrap();
    assert_eq!(preview.cron, "30 8 * * 1-5");
    assert_eq!(preview.description.replace('\u{a0}', " "), "du lundi au vendredi à 8 h 30");
    assert_eq!(preview.next_runs.len(), 5);
    // Wednesday 25 November 2026, 09:00 in Paris: the next is Thursday 08:30 (07:30 UTC).
    assert_eq!(preview.next_runs[0].to_rfc3339(), "2026-11-26T07:30:00+00:00");
    // Nothing was saved.
    assert_eq!(vigie.job_monitor(None).unwrap().jobs[0].cron, "0 9,14 * * *");

    let err = vigie.preview_schedule(None, Job::Check, "0 25 * * *").unwrap_err();
    assert_eq!(err.code(), vigie::error::ErrorCode::InvalidSetting);
    let french = vigie::error::ErrorPayload::french(&err).message;
    assert!(french.contains("heures : 25 est hors de l’intervalle 0–23"), "{french}");
    assert!(err.to_string().contains("hour: 25 is out of range 0-23"), "{err}");
}

#[test]
fn the_log_viewer_reads_the_data_folders_logs() {
    let (dir, vigie) = demo();
    let logs = vigie::logs::dir(dir.path());
    std::fs::create_dir_all(&logs).unwrap();
    std::fs::write(
        logs.join("vigie.2026-11-25.log"),
        "2026-11-25T08:00:00.000001Z  INFO vigie::schedule::daemon: scheduler started\n\
         2026-11-25T08:00:01.000001Z ERROR vigie::email::outbox: 535 authentication failed\n",
    )
    .unwrap();
    let query = vigie::logs::LogQuery { min_level: Some(vigie::logs::LogLevel::Warn), search: None, limit: None };
    let page = vigie.log_entries(&query).unwrap();
    assert_eq!(page.entries.len(), 1);
    assert_eq!(page.entries[0].message, "535 authentication failed");
}
