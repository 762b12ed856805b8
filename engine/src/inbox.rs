//! A staff member's inbox: listing, reading and counting their notifications; tabs, subjects,
//! snoozes and the archive live in the submodules.

mod snooze;
mod subject;
mod tab;

pub use snooze::{Woken, archive, next_snooze_end, snooze, unarchive, unsnooze, wake_snoozed};
pub use subject::{ClientRef, Subject, SubjectDetail, subject};
pub use tab::{Tab, TabCounts, counts};

use crate::error::{Error, Result};
use crate::model::{AlertKind, normalize};
use crate::staff::StaffMember;
use crate::store::Store;
use rusqlite::OptionalExtension;
use rusqlite::types::Value;
use serde::Serialize;

/// A notification as shown to its recipient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Notification {
    /// Row id.
    pub id: i64,
    /// Alert kind.
    pub kind: AlertKind,
    /// One-line title.
    pub title: String,
    /// Details.
    pub body: String,
    /// When it was created (serialised in UTC, RFC 3339).
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Whether the recipient has read it.
    pub read: bool,
    /// The client of its subject (None for a subject without a client, or one deleted since).
    pub client: Option<String>,
    /// Until when it is snoozed (None when it is not).
    pub snoozed_until: Option<chrono::DateTime<chrono::Utc>>,
    /// When it was archived (None when it is not).
    pub archived_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// Which notifications to list; as data from the UI, every member may be left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct Filter {
    /// The tab (default: all).
    pub tab: Tab,
    /// Only those whose title or client name contains this (case and accents ignored).
    pub search: Option<String>,
    /// Only unread ones (narrows the tab).
    pub unread_only: bool,
    /// Only this kind (narrows the tab).
    pub kind: Option<AlertKind>,
    /// At most this many (newest first).
    pub limit: Option<u32>,
    /// Only notifications older than this id (the next page).
    pub before_id: Option<i64>,
}

/// The client name of a notification's subject, as an SQL expression on the alias `n`.
pub(crate) const CLIENT_NAME: &str = "(SELECT c.name FROM clients c WHERE c.id = CASE n.subject_type
        WHEN 'deadline' THEN (SELECT client_id FROM deadlines WHERE id = n.subject_id)
        WHEN 'document' THEN (SELECT client_id FROM document_requests WHERE id = n.subject_id)
        WHEN 'task' THEN (SELECT client_id FROM tasks WHERE id = n.subject_id)
        WHEN 'event' THEN (SELECT client_id FROM events WHERE id = n.subject_id) END)";

/// The columns `notification` reads, on the alias `n`.
fn columns() -> String {
    format!(
        "n.id, n.kind, n.title, n.body, n.created_at, n.read_at IS NOT NULL, {CLIENT_NAME}, n.snoozed_until, n.archived_at"
    )
}

/// Reads a row of `columns()`.
fn notification(r: &rusqlite::Row<'_>) -> rusqlite::Result<Notification> {
    Ok(Notification {
        id: r.get(0)?,
        kind: r.get(1)?,
        title: r.get(2)?,
        body: r.get(3)?,
        created_at: r.get(4)?,
        read: r.get(5)?,
        client: r.get(6)?,
        snoozed_until: r.get(7)?,
        archived_at: r.get(8)?,
    })
}

/// One of the user's notifications, whatever its tab.
pub fn one(store: &Store, user: &StaffMember, id: i64) -> Result<Notification> {
    let sql = format!(
        "SELECT {} FROM notifications n WHERE n.id = ?1 AND n.recipient_id = ?2 AND n.cabinet_id = ?3",
        columns()
    );
    let found = store
        .conn()
        .prepare_cached(&sql)?
        .query_row(rusqlite::params![id, user.id, user.cabinet_id], notification)
        .optional()?;
    found.ok_or_else(|| Error::UnknownNotification(id, user.email.clone()))
}

/// The user's notifications in the filter's tab, newest first.
///
/// Paging is by key (`before_id`), so a page costs the same however deep it is. A search is
/// matched here rather than in SQL, to share `normalize` with the rest of Vigie: the rows are
/// read newest first and the reading stops as soon as the page is full.
pub fn list(store: &Store, user: &StaffMember, filter: &Filter) -> Result<Vec<Notification>> {
    // The recipient is always bound: a user only ever sees their own rows of their own cabinet.
    let mut sql =
        format!("SELECT {} FROM notifications n WHERE n.recipient_id = ?1 AND n.cabinet_id = ?2 AND ", columns());
    let mut args: Vec<Value> = vec![user.id.into(), user.cabinet_id.into()];
    sql.push_str(filter.tab.condition());
    if let Tab::Kind(kind) = filter.tab {
        args.push(kind.as_str().to_string().into());
        sql.push_str(&format!("?{}", args.len()));
    }
    if filter.unread_only {
        sql.push_str(" AND n.read_at IS NULL");
    }
    if let Some(kind) = filter.kind {
        args.push(kind.as_str().to_string().into());
        sql.push_str(&format!(" AND n.kind = ?{}", args.len()));
    }
    if let Some(before) = filter.before_id {
        args.push(before.into());
        sql.push_str(&format!(" AND n.id < ?{}", args.len()));
    }
    sql.push_str(" ORDER BY n.id DESC");
    let needle = filter.search.as_deref().map(normalize).filter(|s| !s.is_empty());
    if let (Some(limit), None) = (filter.limit, &needle) {
        args.push(i64::from(limit).into());
        sql.push_str(&format!(" LIMIT ?{}", args.len()));
    }
    let mut stmt = store.conn().prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args), notification)?;
    let limit = filter.limit.map_or(usize::MAX, |l| l as usize);
    let mut out = Vec::new();
    for row in rows {
        if out.len() >= limit {
            break;
        }
        let n = row?;
        if let Some(needle) = &needle {
            let found = normalize(&n.title).contains(needle.as_str())
                || n.client.as_deref().is_some_and(|c| normalize(c).contains(needle.as_str()));
            if !found {
                continue;
            }
        }
        out.push(n);
    }
    Ok(out)
}

/// Marks one of the user's notifications read (reading it twice is fine).
pub fn mark_read(store: &Store, user: &StaffMember, id: i64, now: &str) -> Result<()> {
    let found = store.conn().execute(
        "UPDATE notifications SET read_at = coalesce(read_at, ?4)
         WHERE id = ?1 AND recipient_id = ?2 AND cabinet_id = ?3",
        rusqlite::params![id, user.id, user.cabinet_id, now],
    )?;
    if found == 0 {
        return Err(Error::UnknownNotification(id, user.email.clone()));
    }
    Ok(())
}

/// Marks one of the user's notifications unread again ("keep as unread").
pub fn mark_unread(store: &Store, user: &StaffMember, id: i64) -> Result<()> {
    let found = store.conn().execute(
        "UPDATE notifications SET read_at = NULL WHERE id = ?1 AND recipient_id = ?2 AND cabinet_id = ?3",
        rusqlite::params![id, user.id, user.cabinet_id],
    )?;
    if found == 0 {
        return Err(Error::UnknownNotification(id, user.email.clone()));
    }
    Ok(())
}

/// Marks read the user's unread notifications of the Toutes tab; returns how many.
pub fn mark_all_read(store: &Store, user: &StaffMember, now: &str) -> Result<u64> {
    mark_all_read_in(store, user, Tab::All, now)
}

/// Marks read the user's unread notifications shown in `tab`; returns how many. Snoozed ones
/// are left alone: the user has not seen them.
pub fn mark_all_read_in(store: &Store, user: &StaffMember, tab: Tab, now: &str) -> Result<u64> {
    let mut sql = String::from(
        "UPDATE notifications SET read_at = ?3
         WHERE recipient_id = ?1 AND cabinet_id = ?2 AND read_at IS NULL AND ",
    );
    sql.push_str(tab.condition());
    let kind = match tab {
        Tab::Kind(kind) => {
            sql.push_str("?4");
            Some(kind.as_str())
        }
        _ => None,
    };
    let n = match kind {
        Some(kind) => store.conn().execute(&sql, rusqlite::params![user.id, user.cabinet_id, now, kind])?,
        None => store.conn().execute(&sql, rusqlite::params![user.id, user.cabinet_id, now])?,
    };
    Ok(n as u64)
}

/// How many of the user's notifications are unread.
///
/// Reads the counter that triggers keep on every insert, update and delete of a notification
/// (`unread_counts`): constant time however many notifications the user has.
pub fn unread_count(store: &Store, user: &StaffMember) -> Result<u64> {
    let n: i64 = store
        .conn()
        .prepare_cached(
            "SELECT coalesce((SELECT unread FROM unread_counts WHERE cabinet_id = ?2 AND recipient_id = ?1), 0)",
        )?
        .query_row(rusqlite::params![user.id, user.cabinet_id], |r| r.get(0))?;
    Ok(n as u64)
}

#[cfg(test)]
mod actions_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::SystemClock;
    use crate::model::Role;
    use crate::staff::{self, NewStaff};
    use crate::{cabinet, cleanup};
    use chrono::NaiveDate;

    pub(super) fn member(store: &Store, cabinet_id: i64, email: &str) -> StaffMember {
        let new = NewStaff { name: email.into(), email: email.into(), role: Role::Expert, active: Some(true) };
        staff::upsert(store.conn(), cabinet_id, "2026-11-25T08:00:00Z", &new).unwrap();
        staff::by_email(store, cabinet_id, email).unwrap().unwrap()
    }

    pub(super) fn notify(store: &Store, user: &StaffMember, key: &str, created: &str, read: Option<&str>) -> i64 {
        store
            .conn()
            .execute(
                "INSERT INTO notifications (cabinet_id, recipient_id, kind, title, body, subject_type,
                     subject_id, dedup_key, created_at, read_at)
                 VALUES (?1, ?2, 'taches_retard', 'Tâche en retard', '', 'task', 1, ?3, ?4, ?5)",
                rusqlite::params![user.cabinet_id, user.id, key, created, read],
            )
            .unwrap();
        store.conn().last_insert_rowid()
    }

    /// The counter agrees with a plain count of the rows.
    pub(super) fn assert_exact(store: &Store, user: &StaffMember, expected: u64) {
        let counted: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM notifications WHERE recipient_id = ?1 AND cabinet_id = ?2 AND read_at IS NULL
                     AND archived_at IS NULL AND snoozed_until IS NULL",
                rusqlite::params![user.id, user.cabinet_id],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(counted as u64, expected);
        assert_eq!(unread_count(store, user).unwrap(), expected);
    }

    #[test]
    fn the_unread_counter_follows_every_change() {
        let mut store = Store::open_in_memory().unwrap();
        let a = cabinet::add(&store, &SystemClock, "A", None).unwrap();
        let b = cabinet::add(&store, &SystemClock, "B", None).unwrap();
        let claire = member(&store, a.id, "claire@a.fr");
        let paul = member(&store, a.id, "paul@a.fr");
        let other = member(&store, b.id, "claire@a.fr");
        assert_exact(&store, &claire, 0);

        let old = "2026-01-05T08:00:00Z";
        let n1 = notify(&store, &claire, "k1", old, None);
        notify(&store, &claire, "k2", old, None);
        notify(&store, &claire, "k3", old, Some(old));
        notify(&store, &paul, "k1", old, None);
        notify(&store, &other, "k1", old, None);
        // A duplicate refused by the UNIQUE index counts nothing.
        store
            .conn()
            .execute(
                "INSERT INTO notifications (cabinet_id, recipient_id, kind, title, body, subject_type,
                     subject_id, dedup_key, created_at)
                 VALUES (?1, ?2, 'taches_retard', '', '', 'task', 1, 'k1', ?3)
                 ON CONFLICT (cabinet_id, recipient_id, dedup_key) DO NOTHING",
                rusqlite::params![a.id, claire.id, old],
            )
            .unwrap();
        assert_exact(&store, &claire, 2);
        assert_exact(&store, &paul, 1);
        assert_exact(&store, &other, 1);

        mark_read(&store, &claire, n1, "2026-11-25T08:00:00Z").unwrap();
        mark_read(&store, &claire, n1, "2026-11-25T09:00:00Z").unwrap();
        assert_exact(&store, &claire, 1);
        // Marking unread again (a future "keep as unread") counts it back.
        store.conn().execute("UPDATE notifications SET read_at = NULL WHERE id = ?1", [n1]).unwrap();
        assert_exact(&store, &claire, 2);
        // An update that leaves it unread changes nothing.
        store.conn().execute("UPDATE notifications SET read_at = NULL, title = 'x' WHERE id = ?1", [n1]).unwrap();
        assert_exact(&store, &claire, 2);

        assert_eq!(mark_all_read(&store, &claire, "2026-11-25T10:00:00Z").unwrap(), 2);
        assert_exact(&store, &claire, 0);
        assert_exact(&store, &paul, 1);
        assert_exact(&store, &other, 1);

        // Cleanup deletes old read rows; deleting an unread row counts it down.
        let date = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert!(cleanup::cleanup(&mut store, &a, date).unwrap().notifications_deleted >= 1);
        store.conn().execute("DELETE FROM notifications WHERE recipient_id = ?1", [paul.id]).unwrap();
        assert_exact(&store, &paul, 0);
        notify(&store, &paul, "k9", old, None);
        assert_exact(&store, &paul, 1);

        // Removing a person or a cabinet takes their counter with them.
        store.conn().execute("DELETE FROM staff WHERE id = ?1", [paul.id]).unwrap();
        store.conn().execute("DELETE FROM cabinets WHERE id = ?1", [b.id]).unwrap();
        let left: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM unread_counts WHERE recipient_id IN (?1, ?2)", [paul.id, other.id], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(left, 0);
        assert_exact(&store, &claire, 0);
    }

    #[test]
    fn a_filter_deserializes_from_the_ui_with_every_member_optional() {
        let filter: Filter = serde_json::from_str(r#"{"kind": "echeance_proche", "limit": 20}"#).unwrap();
        assert_eq!(filter, Filter { kind: Some(AlertKind::EcheanceProche), limit: Some(20), ..Filter::default() });
        assert_eq!(serde_json::from_str::<Filter>("{}").unwrap(), Filter::default());
        assert!(serde_json::from_str::<Filter>(r#"{"kind": "nope"}"#).is_err());
        assert!(serde_json::from_str::<Filter>(r#"{"unread": true}"#).is_err(), "a misspelt member is refused");
    }

    #[test]
    fn created_at_serialises_as_stored_and_a_corrupt_one_is_an_error_not_a_panic() {
        let store = Store::open_in_memory().unwrap();
        let a = cabinet::add(&store, &SystemClock, "A", None).unwrap();
        let claire = member(&store, a.id, "claire@a.fr");
        notify(&store, &claire, "k1", "2026-11-25T08:00:00Z", None);
        let listed = list(&store, &claire, &Filter::default()).unwrap();
        assert_eq!(serde_json::to_value(&listed[0]).unwrap()["created_at"], "2026-11-25T08:00:00Z");
        notify(&store, &claire, "k2", "le 25 novembre", None);
        let err = list(&store, &claire, &Filter::default()).unwrap_err();
        assert_eq!(err.code(), crate::error::ErrorCode::Internal, "{err}");
    }
}
