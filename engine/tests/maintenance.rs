//! `status_update` and `cleanup`, the maintenance jobs.

use crate::support::firm::{Firm, date};
use chrono::{TimeZone, Utc};
use vigie::clock::Clock;
use vigie::store::instant_text;

#[test]
fn status_update_marks_late_tasks_and_overdue_deadlines() {
    let mut f = Firm::new();
    let c = f.client("X", None);
    let late = f.task(None, "late", "2026-11-24", None, "a_faire");
    let late_in_progress = f.task(None, "late2", "2026-11-20", None, "en_cours");
    let due_today = f.task(None, "today", "2026-11-25", None, "a_faire");
    let done = f.task(None, "done", "2026-11-01", None, "terminee");
    let overdue = f.deadline(c, "D", "2026-11-24", None);
    let today = f.deadline(c, "E", "2026-11-25", None);
    let done_deadline = f.deadline_in(&f.cabinet.clone(), c, "F", "2026-11-01", None, "faite");

    let cabinet = f.cabinet.clone();
    let report = vigie::status::status_update(&mut f.store, &cabinet, date("2026-11-25")).unwrap();
    assert_eq!(report.tasks_late, 2);
    assert_eq!(report.deadlines_overdue, 1);
    let task_status = |id: i64| -> String {
        f.store.conn().query_row("SELECT status FROM tasks WHERE id = ?1", [id], |r| r.get(0)).unwrap()
    };
    let deadline_status = |id: i64| -> String {
        f.store.conn().query_row("SELECT status FROM deadlines WHERE id = ?1", [id], |r| r.get(0)).unwrap()
    };
    assert_eq!(task_status(late), "en_retard");
    assert_eq!(task_status(late_in_progress), "en_retard");
    assert_eq!(task_status(due_today), "a_faire");
    assert_eq!(task_status(done), "terminee");
    assert_eq!(deadline_status(overdue), "depassee");
    assert_eq!(deadline_status(today), "a_faire");
    assert_eq!(deadline_status(done_deadline), "faite");
    // Idempotent.
    let again = vigie::status::status_update(&mut f.store, &cabinet, date("2026-11-25")).unwrap();
    assert_eq!((again.tasks_late, again.deadlines_overdue), (0, 0));
}

#[test]
fn a_late_status_still_alerts_but_never_twice() {
    let mut f = Firm::new();
    let lea = f.staff("Léa", "lea@a.fr", "expert");
    let c = f.client("X", None);
    f.task(None, "late", "2026-11-24", Some(lea), "a_faire");
    f.deadline(c, "D", "2026-11-24", Some(lea));
    assert_eq!(f.check("2026-11-25").created.total(), 2);
    let cabinet = f.cabinet.clone();
    vigie::status::status_update(&mut f.store, &cabinet, date("2026-11-25")).unwrap();
    assert_eq!(f.check("2026-11-25").created.total(), 0);
}

#[test]
fn cleanup_deletes_old_read_notifications_only() {
    let mut f = Firm::new();
    let lea = f.staff("Léa", "lea@a.fr", "expert");
    let c = f.client("X", None);
    // Created on 2026-10-01 (old) and 2026-11-20 (recent).
    f.clock.set(Utc.with_ymd_and_hms(2026, 10, 1, 9, 0, 0).unwrap());
    f.deadline(c, "Old read", "2026-10-02", Some(lea));
    f.deadline(c, "Old unread", "2026-10-03", Some(lea));
    f.check("2026-10-01");
    // Done since, so later checks raise nothing more about them.
    f.store.conn().execute("UPDATE deadlines SET status = 'faite' WHERE label LIKE 'Old%'", []).unwrap();
    f.clock.set(Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap());
    f.deadline(c, "Recent read", "2026-11-21", Some(lea));
    f.check("2026-11-20");
    let now = instant_text(f.clock.now());
    let member = f.member(lea);
    for n in vigie::inbox::list(&f.store, &member, &Default::default()).unwrap() {
        if n.title.contains("Old read") || n.title.contains("Recent read") {
            vigie::inbox::mark_read(&f.store, &member, n.id, &now).unwrap();
        }
    }
    let before = f.inbox(lea).len();
    let cabinet = f.cabinet.clone();
    let report = vigie::cleanup::cleanup(&mut f.store, &cabinet, date("2026-11-25")).unwrap();
    assert_eq!(report.notifications_deleted, 1);
    // The deleted notification's deadline is done, so its key can go; the unread one's stays
    // with its notification (a key held for an open subject is the next test's business).
    assert_eq!(report.alert_keys_deleted, 1);
    let keys = f.count("SELECT count(*) FROM alert_keys a JOIN deadlines d ON d.id = a.subject_id WHERE a.subject_type = 'deadline' AND d.label LIKE 'Old%'");
    assert_eq!(keys, 1);
    let titles: Vec<String> = f.inbox(lea).into_iter().map(|n| n.title).collect();
    assert_eq!(titles.len(), before - 1);
    assert!(!titles.iter().any(|t| t.contains("Old read")));
    assert!(titles.iter().any(|t| t.contains("Old unread")));
    assert!(titles.iter().any(|t| t.contains("Recent read")));
}

#[test]
fn cleanup_retention_is_a_setting() {
    let mut f = Firm::new();
    let lea = f.staff("Léa", "lea@a.fr", "expert");
    let c = f.client("X", None);
    f.clock.set(Utc.with_ymd_and_hms(2026, 11, 15, 9, 0, 0).unwrap());
    f.deadline(c, "D", "2026-11-16", Some(lea));
    f.check("2026-11-15");
    let member = f.member(lea);
    vigie::inbox::mark_all_read(&f.store, &member, "2026-11-15T10:00:00Z").unwrap();
    let cabinet = f.cabinet.clone();
    assert_eq!(vigie::cleanup::cleanup(&mut f.store, &cabinet, date("2026-11-25")).unwrap().notifications_deleted, 0);
    vigie::settings::set(&mut f.store, cabinet.id, "cleanup.read_retention_days", "7").unwrap();
    assert_eq!(vigie::cleanup::cleanup(&mut f.store, &cabinet, date("2026-11-25")).unwrap().notifications_deleted, 1);
}

#[test]
fn cleanup_never_brings_back_an_alert_meant_to_come_once() {
    let mut f = Firm::new();
    let lea = f.staff("Léa", "lea@a.fr", "expert");
    let c = f.client("X", None);
    let task = f.task(None, "Relancer", "2026-11-20", Some(lea), "a_faire");
    f.deadline(c, "TVA", "2026-11-20", Some(lea));
    f.clock.set(Utc.with_ymd_and_hms(2026, 11, 25, 8, 0, 0).unwrap());
    assert_eq!(f.check("2026-11-25").created.total(), 2);
    let member = f.member(lea);
    vigie::inbox::mark_all_read(&f.store, &member, "2026-11-25T09:00:00Z").unwrap();
    let cabinet = f.cabinet.clone();
    let report = vigie::cleanup::cleanup(&mut f.store, &cabinet, date("2027-01-10")).unwrap();
    assert_eq!(report.notifications_deleted, 2);
    // Still late, still past due: nothing comes back, now or later.
    assert_eq!(f.check("2027-01-10").created.total(), 0);
    assert_eq!(f.check("2027-03-01").created.total(), 0);
    // Once the task is done its key can go; the deadline's, still open, stays.
    f.store.conn().execute("UPDATE tasks SET status = 'terminee' WHERE id = ?1", [task]).unwrap();
    let report = vigie::cleanup::cleanup(&mut f.store, &cabinet, date("2027-03-01")).unwrap();
    assert_eq!(report.alert_keys_deleted, 1);
    assert_eq!(f.count("SELECT count(*) FROM alert_keys"), 1);
    assert_eq!(f.check("2027-03-02").created.total(), 0);
}
