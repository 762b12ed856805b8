//! After a check: one email per recipient per kind, listing all of that recipient's new
//! notifications of that kind, for those who want email for it.
//!
//! Each cabinet has a watermark (`email_progress`): notifications above it still wait for their
//! email. This queues those emails and moves the mark, in one transaction. If it cannot
//! (corrupt settings, a crash after the check), the mark stays and the next check queues them:
//! no alert loses its email, none gets two.

use super::items;
use super::outbox::{self, Outgoing};
use super::smtp::SmtpSettings;
use super::templates::Templates;
use super::{base_context, channels};
use crate::cabinet::Cabinet;
use crate::error::Result;
use crate::model::AlertKind;
use crate::settings;
use crate::staff;
use crate::store::Store;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::params;
use std::collections::BTreeMap;

/// Most lines an alert email lists; the others are counted ("… et 12 autres dans Vigie").
pub const MAX_ITEMS: usize = 50;

/// Queues the emails of the cabinet's pending notifications, as of `today`; returns how many
/// emails were queued (none, and nothing left pending, when no SMTP server is configured).
pub fn queue_pending(
    store: &mut Store,
    cabinet: &Cabinet,
    today: NaiveDate,
    templates: &Templates,
    now: DateTime<Utc>,
) -> Result<u64> {
    let smtp = SmtpSettings::load(store, cabinet.id)?;
    let horizon = settings::load(store, cabinet.id)?.echeance_horizon_days;
    let tx = store.begin_write()?;
    let store = tx.store();
    let conn = store.conn();
    let mark = watermark(store, cabinet)?;
    let mut groups: BTreeMap<(i64, usize), (AlertKind, Vec<i64>)> = BTreeMap::new();
    let mut last = mark;
    {
        // Ids above the mark are the newest rows: the primary key finds them directly.
        let mut stmt = conn.prepare_cached(
            "SELECT id, recipient_id, kind FROM notifications WHERE id > ?2 AND cabinet_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map(params![cabinet.id, mark], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, AlertKind>(2)?))
        })?;
        for row in rows {
            let (id, recipient, kind) = row?;
            last = last.max(id);
            let order = AlertKind::ALL.iter().position(|k| *k == kind).unwrap_or_default();
            groups.entry((recipient, order)).or_insert_with(|| (kind, Vec::new())).1.push(id);
        }
    }
    let mut queued = 0;
    // Without an SMTP server there is nothing to send: the mark simply moves on.
    let Some(smtp) = &smtp else {
        set_watermark(conn, cabinet, last)?;
        tx.commit()?;
        return Ok(0);
    };
    for ((recipient, _), (kind, ids)) in groups {
        let member = staff::get(conn, cabinet.id, recipient)?;
        let wanted = match &member {
            Some(m) => m.active && channels::get(conn, m, kind.as_str())?.email,
            None => false,
        };
        // An email lists at most MAX_ITEMS lines and counts the rest: a firm importing years
        // of late tasks must not get a 100 MB email.
        let mut lines = Vec::with_capacity(ids.len().min(MAX_ITEMS));
        if wanted {
            for &id in ids.iter().take(MAX_ITEMS) {
                lines.extend(items::for_notification(conn, cabinet, id, today)?);
            }
        }
        let more = ids.len().saturating_sub(MAX_ITEMS);
        if let Some(member) = member.filter(|_| wanted && !lines.is_empty()) {
            let mut context = base_context(cabinet, &member.name, &member.email, today);
            context.insert("items", &lines);
            context.insert("more", &more);
            context.insert("total", &ids.len());
            context.insert("horizon_days", &horizon);
            let email = Outgoing {
                recipient_id: Some(member.id),
                to_email: member.email.clone(),
                to_name: member.name.clone(),
                template: kind.as_str().to_string(),
                rendered: templates.render(kind.as_str(), &context)?,
                dedup_key: None,
            };
            outbox::enqueue(conn, cabinet, smtp, &email, now)?;
            queued += 1;
        }
    }
    set_watermark(conn, cabinet, last)?;
    tx.commit()?;
    Ok(queued)
}

fn set_watermark(conn: &rusqlite::Connection, cabinet: &Cabinet, last: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO email_progress (cabinet_id, last_notification_id) VALUES (?1, ?2)
         ON CONFLICT (cabinet_id) DO UPDATE SET last_notification_id = excluded.last_notification_id",
        params![cabinet.id, last],
    )?;
    Ok(())
}

/// The id up to which the cabinet's alert emails are queued (0 before the first time).
fn watermark(store: &Store, cabinet: &Cabinet) -> Result<i64> {
    use rusqlite::OptionalExtension;
    let mark = store
        .conn()
        .query_row("SELECT last_notification_id FROM email_progress WHERE cabinet_id = ?1", [cabinet.id], |r| r.get(0))
        .optional()?;
    Ok(mark.unwrap_or(0))
}

/// How many of the cabinet's notifications still wait for their email to be queued.
pub fn pending(store: &Store, cabinet: &Cabinet) -> Result<u64> {
    let n: i64 = store.conn().query_row(
        "SELECT count(*) FROM notifications WHERE id > ?2 AND cabinet_id = ?1",
        params![cabinet.id, watermark(store, cabinet)?],
        |r| r.get(0),
    )?;
    Ok(n as u64)
}
