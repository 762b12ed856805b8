//! The store watch with real processes: a shell's handle watches a data folder while the
//! `vigie` binary (a check, a mark-read, a listing) works on the same store.

use chrono::{TimeZone, Utc};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::broadcast::Receiver;
use vigie::app::{AppEvent, StoreWatch, Vigie};
use vigie::clock::{Clock, FixedClock};

const NOW: &str = "2026-11-25T08:00:00Z";
const CLAIRE: &str = "claire.moreau@cabinet-demo.fr";

/// The most an event may take after the other process has exited (the promise).
const PROMISE: Duration = Duration::from_secs(5);

/// Longer than a watch ever waits after a write (1 s under a constant stream): no event by
/// then means none is coming.
const SILENCE: Duration = Duration::from_millis(2000);

/// A demo firm in a fresh data folder, watched, and a subscription to the handle's bus.
fn watched() -> (tempfile::TempDir, Vigie, StoreWatch, Receiver<AppEvent>) {
    let dir = tempfile::tempdir().unwrap();
    let clock: Arc<dyn Clock> = Arc::new(FixedClock::new(Utc.with_ymd_and_hms(2026, 11, 25, 8, 0, 0).unwrap()));
    let vigie = Vigie::open(dir.path(), clock.clone()).unwrap();
    vigie::demo::seed(&mut vigie.store(), clock.as_ref(), "Cabinet Démo").unwrap();
    let events = vigie.subscribe().unwrap().events;
    let watch = vigie.watch_store().unwrap();
    (dir, vigie, watch, events)
}

/// The next event, if one comes within `within`.
fn next(events: &mut Receiver<AppEvent>, within: Duration) -> Option<AppEvent> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
    runtime.block_on(async { tokio::time::timeout(within, events.recv()).await.ok().map(|r| r.unwrap()) })
}

/// Every event until SILENCE passes with none.
fn until_silence(events: &mut Receiver<AppEvent>) -> Vec<AppEvent> {
    std::iter::from_fn(|| next(events, SILENCE)).collect()
}

fn vigie(dir: &Path, args: &[&str]) -> String {
    crate::support::cli::ok(dir, NOW, args)
}

fn staff_id(vigie: &Vigie, email: &str) -> i64 {
    vigie.store().conn().query_row("SELECT id FROM staff WHERE email = ?1", [email], |r| r.get(0)).unwrap()
}

#[test]
fn another_process_s_check_and_mark_read_reach_the_bus() {
    let (dir, handle, _watch, mut events) = watched();

    vigie(dir.path(), &["check"]);
    let exited = Instant::now();
    let first = next(&mut events, PROMISE).expect("an event within 5 s of the check");
    eprintln!("store watch: first event {:?} after the check's process exited", exited.elapsed());
    let AppEvent::NotificationsCreated { cabinet_id, by_recipient } = first else { panic!("{first:?}") };
    let claire = staff_id(&handle, CLAIRE);
    let claire_new = by_recipient.get(&claire).map_or(0, Vec::len) as u64;
    assert!(claire_new > 0, "{by_recipient:?}");
    let rest = until_silence(&mut events);
    for (staff_id, ids) in &by_recipient {
        assert!(
            rest.iter().any(|e| matches!(e, AppEvent::UnreadChanged { cabinet_id: c, staff_id: s, unread }
                if *c == cabinet_id && s == staff_id && *unread == ids.len() as u64)),
            "staff {staff_id}: {rest:?}"
        );
    }
    assert!(!rest.iter().any(|e| matches!(e, AppEvent::NotificationsCreated { .. })), "announced once: {rest:?}");

    vigie(dir.path(), &["notifications", "read-all", "--user", CLAIRE]);
    let exited = Instant::now();
    let event = next(&mut events, PROMISE).expect("an event within 5 s of the mark-read");
    eprintln!("store watch: unread count {:?} after the mark-read's process exited", exited.elapsed());
    assert!(matches!(event, AppEvent::UnreadChanged { staff_id, unread: 0, .. } if staff_id == claire), "{event:?}");
    assert!(until_silence(&mut events).is_empty(), "only Claire's count moved");
}

#[test]
fn a_process_that_changes_nothing_publishes_nothing() {
    let (dir, _handle, _watch, mut events) = watched();
    vigie(dir.path(), &["check"]);
    until_silence(&mut events);
    vigie(dir.path(), &["cabinet", "list"]);
    // A second check finds every alert raised already: it writes its job run, no notification.
    vigie(dir.path(), &["check"]);
    let events = until_silence(&mut events);
    assert!(events.is_empty(), "{events:?}");
}

#[test]
fn this_process_s_own_check_is_announced_once() {
    let (_dir, handle, _watch, mut events) = watched();
    handle.check(None, None).unwrap();
    let events = until_silence(&mut events);
    let created = events.iter().filter(|e| matches!(e, AppEvent::NotificationsCreated { .. })).count();
    assert_eq!(created, 1, "{events:?}");
}

#[test]
fn a_dropped_watch_publishes_nothing_more() {
    let (dir, _handle, watch, mut events) = watched();
    drop(watch);
    vigie(dir.path(), &["check"]);
    let events = until_silence(&mut events);
    assert!(events.is_empty(), "{events:?}");
}
