//! The desktop inbox through the application layer (events on the bus, injected clock) and
//! through `vigie notifications …`.

use crate::support::cli::{fails, json, ok};
use chrono::{TimeZone, Utc};
use std::sync::Arc;
use vigie::app::inbox::UserRef;
use vigie::app::jobs::When;
use vigie::app::{AppEvent, Vigie};
use vigie::clock::{Clock, FixedClock};
use vigie::inbox::{Filter, SubjectDetail, Tab};

const CLAIRE: &str = "claire.moreau@cabinet-demo.fr";
const NOW: &str = "2026-11-25T08:00:00Z";

fn claire() -> UserRef {
    UserRef { email: CLAIRE.into(), cabinet: None }
}

fn drain(events: &mut tokio::sync::broadcast::Receiver<AppEvent>) -> Vec<AppEvent> {
    std::iter::from_fn(|| events.try_recv().ok()).collect()
}

#[test]
fn a_snooze_hides_a_notification_then_brings_it_back_with_an_event() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(Utc.with_ymd_and_hms(2026, 11, 25, 8, 0, 0).unwrap()));
    let shared: Arc<dyn Clock> = clock.clone();
    let vigie = Vigie::open(dir.path(), shared.clone()).unwrap();
    vigie::demo::seed(&mut vigie.store(), shared.as_ref(), "Cabinet Démo").unwrap();
    vigie.check(None, None).unwrap();
    let before = vigie.tab_counts(&claire()).unwrap();
    assert_eq!(before.unread, vigie.unread_count(&claire()).unwrap());
    let first = vigie.notifications(&claire(), &Filter::default()).unwrap().notifications[0].clone();

    // Opening shows the subject with its client, and reads it.
    let mut sub = vigie.subscribe().unwrap();
    let subject = vigie.open_notification(&claire(), first.id).unwrap();
    assert!(subject.notification.id == first.id && subject.detail != SubjectDetail::Gone, "{subject:?}");
    assert_eq!(subject.client.as_ref().map(|c| c.name.clone()), first.client);
    assert!(
        matches!(drain(&mut sub.events).as_slice(), [AppEvent::UnreadChanged { unread, .. }] if *unread == before.unread - 1)
    );
    vigie.mark_unread(&claire(), first.id).unwrap();

    // Snoozed for an hour: out of the list and the badge.
    let until = Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap();
    let err = vigie.snooze(&claire(), first.id, When::Instant(clock.now())).unwrap_err();
    assert_eq!(err.code(), vigie::error::ErrorCode::InvalidInput);
    let unread = vigie.snooze(&claire(), first.id, When::Instant(until)).unwrap();
    assert_eq!(unread.unread, before.unread - 1);
    let listed = vigie.notifications(&claire(), &Filter::default()).unwrap().notifications;
    assert!(listed.iter().all(|n| n.id != first.id));
    drain(&mut sub.events);

    // An hour later it is back, unread, announced as returned with the badge.
    clock.set(until);
    let woken = vigie.wake_snoozed().unwrap();
    assert_eq!(woken.len(), 1);
    let events = drain(&mut sub.events);
    assert!(
        matches!(events.as_slice(), [AppEvent::NotificationsReturned { by_recipient, .. }, AppEvent::UnreadChanged { unread, .. }]
            if by_recipient.values().flatten().eq([&first.id]) && *unread == before.unread),
        "{events:?}"
    );
    assert_eq!(vigie.tab_counts(&claire()).unwrap(), before);

    // Archived: only in its tab; mark all read in the archive leaves the badge.
    vigie.archive(&claire(), first.id).unwrap();
    let archived = vigie.notifications(&claire(), &Filter { tab: Tab::Archived, ..Filter::default() }).unwrap();
    assert_eq!(archived.notifications.iter().map(|n| n.id).collect::<Vec<_>>(), [first.id]);
    assert_eq!(vigie.mark_all_read_in(&claire(), Tab::Archived).unwrap(), 1);
    assert_eq!(vigie.unread_count(&claire()).unwrap(), before.unread - 1);
    vigie.unarchive(&claire(), first.id).unwrap();
    assert_eq!(vigie.tab_counts(&claire()).unwrap().all, before.all);
}

#[test]
fn the_command_line_opens_snoozes_archives_and_counts() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, NOW, &["demo"]);
    ok(d, NOW, &["check"]);
    let user = ["--user", CLAIRE];
    let list = json(d, NOW, &[&["notifications", "list"][..], &user].concat());
    let id = list[0]["id"].as_i64().unwrap().to_string();
    let counts = json(d, NOW, &[&["notifications", "counts"][..], &user].concat());
    let unread = counts["unread"].as_u64().unwrap();

    let opened = json(d, NOW, &[&["notifications", "open", &id][..], &user].concat());
    assert!(opened["detail"]["type"].is_string(), "{opened}");
    assert!(ok(d, NOW, &[&["notifications", "open", &id][..], &user].concat()).contains("Client"));
    ok(d, NOW, &[&["notifications", "unread", &id][..], &user].concat());
    // Local times are read in the cabinet's zone (Paris, UTC+1 in November).
    ok(d, NOW, &[&["notifications", "snooze", &id, "--until", "2026-11-25 10:00"][..], &user].concat());
    let err = fails(d, NOW, &[&["notifications", "snooze", &id, "--until", "2026-11-24 10:00"][..], &user].concat(), 1);
    assert!(err.contains("24/11/2026 10:00"), "{err}");
    let counts = json(d, NOW, &[&["notifications", "counts"][..], &user].concat());
    assert_eq!((counts["unread"].as_u64(), counts["snoozed"].as_u64()), (Some(unread - 1), Some(1)));
    // At 09:00 UTC (10:00 in Paris) it is back.
    let later = "2026-11-25T09:00:00Z";
    let counts = json(d, later, &[&["notifications", "counts"][..], &user].concat());
    assert_eq!((counts["unread"].as_u64(), counts["snoozed"].as_u64()), (Some(unread), Some(0)));

    ok(d, later, &[&["notifications", "archive", &id][..], &user].concat());
    let archived = json(d, later, &[&["notifications", "list", "--tab", "archived"][..], &user].concat());
    assert_eq!(archived[0]["id"].as_i64().map(|i| i.to_string()), Some(id.clone()));
    ok(d, later, &[&["notifications", "unarchive", &id][..], &user].concat());
    let none = json(d, later, &[&["notifications", "list", "--search", "zzz introuvable"][..], &user].concat());
    assert_eq!(none.as_array().map(Vec::len), Some(0));
    fails(d, later, &[&["notifications", "list", "--tab", "nope"][..], &user].concat(), 2);
    fails(d, later, &[&["notifications", "archive", "999999"][..], &user].concat(), 1);
}
