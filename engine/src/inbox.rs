//! A staff member's inbox: listing, reading and counting their notifications.

use crate::error::{Error, Result};
use crate::model::AlertKind;
use crate::staff::StaffMember;
use crate::store::Store;
use rusqlite::types::Value;
use serde::Serialize;

/// A notification as shown to its recipient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notification {
    /// Row id.
    pub id: i64,
    /// Alert kind.
    pub kind: AlertKind,
    /// One-line title.
    pub title: String,
    /// Details.
    pub body: String,
    /// When it was created (UTC, RFC 3339).
    pub created_at: String,
    /// Whether the recipient has read it.
    pub read: bool,
}

/// Which notifications to list.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only unread ones.
    pub unread_only: bool,
    /// Only this kind.
    pub kind: Option<AlertKind>,
    /// At most this many (newest first).
    pub limit: Option<u32>,
    /// Only notifications older than this id (the next page).
    pub before_id: Option<i64>,
}

/// The user's notifications, newest first.
pub fn list(store: &Store, user: &StaffMember, filter: &Filter) -> Result<Vec<Notification>> {
    // The recipient is always bound: a user only ever sees their own rows of their own cabinet.
    let mut sql = String::from(
        "SELECT id, kind, title, body, created_at, read_at IS NOT NULL FROM notifications
         WHERE recipient_id = ?1 AND cabinet_id = ?2",
    );
    let mut args: Vec<Value> = vec![user.id.into(), user.cabinet_id.into()];
    if filter.unread_only {
        sql.push_str(" AND read_at IS NULL");
    }
    if let Some(kind) = filter.kind {
        args.push(kind.as_str().to_string().into());
        sql.push_str(&format!(" AND kind = ?{}", args.len()));
    }
    if let Some(before) = filter.before_id {
        args.push(before.into());
        sql.push_str(&format!(" AND id < ?{}", args.len()));
    }
    sql.push_str(" ORDER BY id DESC");
    if let Some(limit) = filter.limit {
        args.push(i64::from(limit).into());
        sql.push_str(&format!(" LIMIT ?{}", args.len()));
    }
    let mut stmt = store.conn().prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
        Ok(Notification {
            id: r.get(0)?,
            kind: r.get(1)?,
            title: r.get(2)?,
            body: r.get(3)?,
            created_at: r.get(4)?,
            read: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
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

/// Marks all of the user's notifications read; returns how many were unread.
pub fn mark_all_read(store: &Store, user: &StaffMember, now: &str) -> Result<u64> {
    let n = store.conn().execute(
        "UPDATE notifications SET read_at = ?3
         WHERE recipient_id = ?1 AND cabinet_id = ?2 AND read_at IS NULL",
        rusqlite::params![user.id, user.cabinet_id, now],
    )?;
    Ok(n as u64)
}

/// How many of the user's notifications are unread.
pub fn unread_count(store: &Store, user: &StaffMember) -> Result<u64> {
    let n: i64 = store.conn().prepare_cached(
        "SELECT count(*) FROM notifications WHERE recipient_id = ?1 AND cabinet_id = ?2 AND read_at IS NULL",
    )?
    .query_row(rusqlite::params![user.id, user.cabinet_id], |r| r.get(0))?;
    Ok(n as u64)
}
