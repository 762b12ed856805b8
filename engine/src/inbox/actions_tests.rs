//! Tabs, counts, search, paging, snoozes and the archive, with the badge kept exact.

use super::tests::{assert_exact, member, notify};
use super::*;
use crate::cabinet;
use crate::clock::SystemClock;
use chrono::{DateTime, Utc};

fn at(text: &str) -> DateTime<Utc> {
    crate::store::parse_instant(text).unwrap()
}

fn ids(store: &Store, user: &StaffMember, filter: &Filter) -> Vec<i64> {
    list(store, user, filter).unwrap().into_iter().map(|n| n.id).collect()
}

fn tab(tab: Tab) -> Filter {
    Filter { tab, ..Filter::default() }
}

/// Counts each tab with its own query, to check the one-query counts against.
fn counted(store: &Store, user: &StaffMember) -> TabCounts {
    let n = |t: Tab| list(store, user, &tab(t)).unwrap().len() as u64;
    let per_kind = AlertKind::ALL.iter().map(|k| (*k, n(Tab::Kind(*k)))).collect();
    let snoozed: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM notifications WHERE recipient_id = ?1 AND snoozed_until IS NOT NULL",
            [user.id],
            |r| r.get(0),
        )
        .unwrap();
    TabCounts {
        all: n(Tab::All),
        unread: n(Tab::Unread),
        per_kind,
        archived: n(Tab::Archived),
        snoozed: snoozed as u64,
    }
}

fn set_kind(store: &Store, id: i64, kind: &str, title: &str) {
    store
        .conn()
        .execute("UPDATE notifications SET kind = ?2, title = ?3 WHERE id = ?1", rusqlite::params![id, kind, title])
        .unwrap();
}

#[test]
fn every_action_keeps_the_badge_and_the_tabs_exact() {
    let store = Store::open_in_memory().unwrap();
    let a = cabinet::add(&store, &SystemClock, "A", None).unwrap();
    let claire = member(&store, a.id, "claire@a.fr");
    let old = "2026-11-20T08:00:00Z";
    let now = at("2026-11-25T08:00:00Z");
    let tz = a.timezone;
    let ns: Vec<i64> = (0..6).map(|i| notify(&store, &claire, &format!("k{i}"), old, None)).collect();
    set_kind(&store, ns[0], "echeance_proche", "TVA CA3");
    set_kind(&store, ns[1], "documents_manquants", "Relevés bancaires");
    assert_exact(&store, &claire, 6);
    assert_eq!(counts(&store, &claire).unwrap(), counted(&store, &claire));

    // Open: read; unread again.
    mark_read(&store, &claire, ns[5], "2026-11-25T08:00:00Z").unwrap();
    assert_exact(&store, &claire, 5);
    mark_unread(&store, &claire, ns[5]).unwrap();
    assert_exact(&store, &claire, 6);

    // Snooze: hidden from every tab and from the badge; a past instant is refused.
    let err = snooze(&store, &claire, ns[4], now, now, tz).unwrap_err();
    assert_eq!(err.code(), crate::error::ErrorCode::InvalidInput);
    snooze(&store, &claire, ns[4], at("2026-11-25T09:00:00Z"), now, tz).unwrap();
    assert_exact(&store, &claire, 5);
    assert!(!ids(&store, &claire, &Filter::default()).contains(&ns[4]));
    assert!(!ids(&store, &claire, &tab(Tab::Archived)).contains(&ns[4]));

    // Archive: only in the archive, out of the badge; a read one archived changes no count.
    archive(&store, &claire, ns[3], "2026-11-25T08:01:00Z").unwrap();
    mark_read(&store, &claire, ns[2], "2026-11-25T08:00:00Z").unwrap();
    archive(&store, &claire, ns[2], "2026-11-25T08:01:00Z").unwrap();
    assert_exact(&store, &claire, 3);
    assert_eq!(ids(&store, &claire, &tab(Tab::Archived)), vec![ns[3], ns[2]]);
    let c = counts(&store, &claire).unwrap();
    assert_eq!(c, counted(&store, &claire));
    assert_eq!((c.all, c.unread, c.archived, c.snoozed), (3, 3, 2, 1));
    assert_eq!(c.per_kind[&AlertKind::EcheanceProche], 1);
    assert_eq!(c.per_kind[&AlertKind::EvenementImportant], 0);

    // Mark all read in one tab leaves the others.
    assert_eq!(
        mark_all_read_in(&store, &claire, Tab::Kind(AlertKind::EcheanceProche), "2026-11-25T08:02:00Z").unwrap(),
        1
    );
    assert_exact(&store, &claire, 2);
    assert_eq!(mark_all_read_in(&store, &claire, Tab::Archived, "2026-11-25T08:02:00Z").unwrap(), 1);
    assert_exact(&store, &claire, 2);
    unarchive(&store, &claire, ns[3]).unwrap();
    assert_exact(&store, &claire, 2);

    // Waking: nothing before the end; at the end it is back, unread, counted again.
    assert!(wake_snoozed(&store, at("2026-11-25T08:59:59Z")).unwrap().is_empty());
    mark_read(&store, &claire, ns[4], "2026-11-25T08:10:00Z").unwrap();
    let woken = wake_snoozed(&store, at("2026-11-25T09:00:00Z")).unwrap();
    assert_eq!(woken, vec![Woken { cabinet_id: a.id, recipient_id: claire.id, id: ns[4] }]);
    assert_exact(&store, &claire, 3);
    assert!(ids(&store, &claire, &tab(Tab::Unread)).contains(&ns[4]));
    assert!(wake_snoozed(&store, at("2026-11-26T09:00:00Z")).unwrap().is_empty());

    // Unsnooze brings it back at once; archiving a snoozed one ends the snooze.
    snooze(&store, &claire, ns[4], at("2026-11-26T09:00:00Z"), now, tz).unwrap();
    unsnooze(&store, &claire, ns[4]).unwrap();
    assert_exact(&store, &claire, 3);
    snooze(&store, &claire, ns[4], at("2026-11-26T09:00:00Z"), now, tz).unwrap();
    archive(&store, &claire, ns[4], "2026-11-25T08:03:00Z").unwrap();
    assert!(wake_snoozed(&store, at("2026-11-27T09:00:00Z")).unwrap().is_empty());
    assert_exact(&store, &claire, 2);
    assert_eq!(counts(&store, &claire).unwrap(), counted(&store, &claire));

    // Deleted rows leave their tab's count (cleanup, a deleted subject), whatever their state.
    for id in [ns[4], ns[5], ns[0]] {
        store.conn().execute("DELETE FROM notifications WHERE id = ?1", [id]).unwrap();
        assert_eq!(counts(&store, &claire).unwrap(), counted(&store, &claire));
    }

    // Someone else's notification is not found, whatever the action.
    let paul = member(&store, a.id, "paul@a.fr");
    for err in [
        archive(&store, &paul, ns[0], "2026-11-25T08:00:00Z").unwrap_err(),
        unarchive(&store, &paul, ns[0]).unwrap_err(),
        snooze(&store, &paul, ns[0], at("2026-11-26T09:00:00Z"), now, tz).unwrap_err(),
        unsnooze(&store, &paul, ns[0]).unwrap_err(),
        mark_unread(&store, &paul, ns[0]).unwrap_err(),
        subject(&store, &paul, ns[0]).unwrap_err(),
    ] {
        assert_eq!(err.code(), crate::error::ErrorCode::NotFound, "{err}");
    }
}

#[test]
fn search_matches_title_or_client_ignoring_case_and_accents() {
    let store = Store::open_in_memory().unwrap();
    let a = cabinet::add(&store, &SystemClock, "A", None).unwrap();
    let claire = member(&store, a.id, "claire@a.fr");
    store
        .conn()
        .execute(
            "INSERT INTO clients (cabinet_id, name, created_at) VALUES (?1, 'Boulangerie Hélène', '2026-01-01T00:00:00Z')",
            [a.id],
        )
        .unwrap();
    let client = store.conn().last_insert_rowid();
    store
        .conn()
        .execute(
            "INSERT INTO tasks (id, cabinet_id, client_id, title, due_date) VALUES (1, ?1, ?2, 'Bilan', '2026-11-20')",
            [a.id, client],
        )
        .unwrap();
    let old = "2026-11-20T08:00:00Z";
    let on_task = notify(&store, &claire, "k1", old, None);
    let other = notify(&store, &claire, "k2", old, None);
    store
        .conn()
        .execute("UPDATE notifications SET subject_id = 99, title = 'Échéance TVA' WHERE id = ?1", [other])
        .unwrap();
    let search = |q: &str| ids(&store, &claire, &Filter { search: Some(q.into()), ..Filter::default() });
    assert_eq!(search("helene"), vec![on_task]);
    assert_eq!(search("BOULANGERIE"), vec![on_task]);
    assert_eq!(search("echeance tva"), vec![other]);
    assert_eq!(search("retard"), vec![on_task]);
    assert!(search("nulle part").is_empty());
    assert_eq!(search("  ").len(), 2, "a blank search filters nothing");
    assert_eq!(list(&store, &claire, &Filter::default()).unwrap()[1].client.as_deref(), Some("Boulangerie Hélène"));
}

#[test]
fn keyset_paging_skips_snoozed_and_archived_rows() {
    let store = Store::open_in_memory().unwrap();
    let a = cabinet::add(&store, &SystemClock, "A", None).unwrap();
    let claire = member(&store, a.id, "claire@a.fr");
    let now = at("2026-11-25T08:00:00Z");
    let ns: Vec<i64> =
        (0..30).map(|i| notify(&store, &claire, &format!("k{i}"), "2026-11-20T08:00:00Z", None)).collect();
    for (i, id) in ns.iter().enumerate() {
        match i % 3 {
            1 => snooze(&store, &claire, *id, at("2026-11-26T08:00:00Z"), now, a.timezone).unwrap(),
            2 => archive(&store, &claire, *id, "2026-11-25T08:00:00Z").unwrap(),
            _ => {}
        }
    }
    let visible: Vec<i64> = ns.iter().rev().copied().step_by(1).filter(|id| (id - ns[0]) % 3 == 0).collect();
    let mut paged = Vec::new();
    let mut before = None;
    loop {
        let page = ids(&store, &claire, &Filter { limit: Some(4), before_id: before, ..Filter::default() });
        if page.is_empty() {
            break;
        }
        before = page.last().copied();
        paged.extend(page);
    }
    assert_eq!(paged, visible);
    let archived = ids(
        &store,
        &claire,
        &Filter { tab: Tab::Archived, limit: Some(4), before_id: Some(ns[20]), ..Filter::default() },
    );
    assert_eq!(archived, vec![ns[17], ns[14], ns[11], ns[8]]);
    // A search page stops at its limit too.
    let found = ids(&store, &claire, &Filter { search: Some("tâche".into()), limit: Some(3), ..Filter::default() });
    assert_eq!(found, visible[..3].to_vec());
    assert_exact(&store, &claire, 10);
}

#[test]
fn a_tab_reads_from_its_name() {
    assert_eq!(Tab::parse("Non lues"), Some(Tab::Unread));
    assert_eq!(Tab::parse("archived"), Some(Tab::Archived));
    assert_eq!(Tab::parse("échéance proche"), Some(Tab::Kind(AlertKind::EcheanceProche)));
    assert_eq!(Tab::parse("nope"), None);
    let filter: Filter = serde_json::from_str(r#"{"tab": "taches_retard", "search": "x"}"#).unwrap();
    assert_eq!(filter.tab, Tab::Kind(AlertKind::TachesRetard));
    assert!(serde_json::from_str::<Filter>(r#"{"tab": "nope"}"#).is_err());
    assert_eq!(serde_json::to_value(Tab::Unread).unwrap(), "unread");
}
