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
use super::templates::{Rendered, Templates};
use super::{base_context, channels};
use crate::cabinet::Cabinet;
use crate::error::Result;
use crate::model::AlertKind;
use crate::settings;
use crate::staff;
use crate::store::Store;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, params};
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
    // Without an SMTP server there is nothing to send: the mark simply moves on.
    let Some(smtp) = &smtp else {
        let last: Option<i64> = conn
            .prepare_cached("SELECT max(id) FROM notifications WHERE id > ?2 AND cabinet_id = ?1")?
            .query_row(params![cabinet.id, mark], |r| r.get(0))?;
        set_watermark(conn, cabinet, last.unwrap_or(mark))?;
        tx.commit()?;
        return Ok(0);
    };
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
    for ((recipient, _), (kind, ids)) in groups {
        let member = staff::get(conn, cabinet.id, recipient)?;
        let wanted = match &member {
            Some(m) => m.active && channels::get(conn, m, kind.as_str())?.email,
            None => false,
        };
        let Some(member) = member.filter(|_| wanted) else { continue };
        if let Some(rendered) = render(conn, cabinet, &member, kind, &ids, today, horizon, templates)? {
            let email = Outgoing {
                recipient_id: Some(member.id),
                to_email: member.email.clone(),
                to_name: member.name.clone(),
                template: kind.as_str().to_string(),
                rendered,
                dedup_key: None,
                alerts: Some((mark, last)),
            };
            outbox::enqueue(conn, cabinet, smtp, &email, now)?;
            queued += 1;
        }
    }
    set_watermark(conn, cabinet, last)?;
    tx.commit()?;
    Ok(queued)
}

/// The email of `member`'s notifications `ids` of `kind` (None when none of their subjects
/// exists any more). It lists at most [`MAX_ITEMS`] lines and counts the rest: a firm
/// importing years of late tasks must not get a 100 MB email.
#[allow(clippy::too_many_arguments)]
fn render(
    conn: &rusqlite::Connection,
    cabinet: &Cabinet,
    member: &staff::StaffMember,
    kind: AlertKind,
    ids: &[i64],
    today: NaiveDate,
    horizon: u32,
    templates: &Templates,
) -> Result<Option<Rendered>> {
    let mut lines = Vec::with_capacity(ids.len().min(MAX_ITEMS));
    for &id in ids.iter().take(MAX_ITEMS) {
        lines.extend(items::for_notification(conn, cabinet, id, today)?);
    }
    if lines.is_empty() {
        return Ok(None);
    }
    let mut context = base_context(cabinet, &member.name, &member.email, today);
    context.insert("items", &lines);
    context.insert("more", &ids.len().saturating_sub(MAX_ITEMS));
    context.insert("total", &ids.len());
    context.insert("horizon_days", &horizon);
    Ok(Some(templates.render(kind.as_str(), &context)?))
}

/// Whether the subject of the notification `n` is still open: a deadline not done, a document
/// not received, a task not finished, an event that exists.
const SUBJECT_OPEN: &str = "CASE n.subject_type
        WHEN 'deadline' THEN EXISTS (SELECT 1 FROM deadlines s WHERE s.id = n.subject_id AND s.status <> 'faite')
        WHEN 'document' THEN EXISTS (SELECT 1 FROM document_requests s WHERE s.id = n.subject_id AND s.received_on IS NULL)
        WHEN 'task' THEN EXISTS (SELECT 1 FROM tasks s WHERE s.id = n.subject_id AND s.status <> 'terminee')
        WHEN 'event' THEN EXISTS (SELECT 1 FROM events s WHERE s.id = n.subject_id)
        ELSE 0 END";

/// What [`refresh_queued`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Refreshed {
    /// Emails rendered again with fewer lines.
    pub rewritten: u64,
    /// Emails deleted from the outbox: nothing they listed is open any more.
    pub withdrawn: u64,
}

/// Brings the queued alert emails `outbox_ids` up to date after some of their subjects were
/// done or deleted, inside the caller's write transaction: each is rendered again from its
/// notifications whose subject is still open (same Message-ID: it has not left), or withdrawn
/// when none is. Rows no longer queued (a worker is sending them) are left alone.
pub(crate) fn refresh_queued(
    store: &Store,
    cabinet: &Cabinet,
    outbox_ids: &[i64],
    today: NaiveDate,
) -> Result<Refreshed> {
    let mut done = Refreshed::default();
    if outbox_ids.is_empty() {
        return Ok(done);
    }
    let conn = store.conn();
    let templates = Templates::for_store(store);
    let horizon = settings::load(store, cabinet.id)?.echeance_horizon_days;
    let open_ids = format!(
        "SELECT n.id FROM notifications n
         WHERE n.cabinet_id = ?1 AND n.recipient_id = ?2 AND n.kind = ?3 AND n.id > ?4 AND n.id <= ?5 AND {SUBJECT_OPEN}
         ORDER BY n.id"
    );
    for &id in outbox_ids {
        let row: Option<(Option<i64>, String, i64, i64)> = conn
            .query_row(
                "SELECT recipient_id, template, alert_from, alert_to FROM outbox
                 WHERE id = ?1 AND cabinet_id = ?2 AND status = 'queued' AND alert_to IS NOT NULL",
                params![id, cabinet.id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some((Some(recipient), template, from, to)) = row else { continue };
        let Some(kind) = AlertKind::parse(&template) else { continue };
        let ids: Vec<i64> = conn
            .prepare_cached(&open_ids)?
            .query_map(params![cabinet.id, recipient, kind, from, to], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let member = staff::get(conn, cabinet.id, recipient)?;
        let rendered = match &member {
            Some(member) if !ids.is_empty() => render(conn, cabinet, member, kind, &ids, today, horizon, &templates)?,
            _ => None,
        };
        match rendered {
            Some(r) => {
                // An email that already reads so (its subject was closed before) is not rewritten.
                let changed = conn.execute(
                    "UPDATE outbox SET subject = ?2, body_text = ?3, body_html = ?4
                     WHERE id = ?1 AND status = 'queued'
                       AND (subject IS NOT ?2 OR body_text IS NOT ?3 OR body_html IS NOT ?4)",
                    params![id, r.subject, r.text, r.html],
                )?;
                done.rewritten += changed as u64;
            }
            None => {
                conn.execute("DELETE FROM outbox WHERE id = ?1 AND status = 'queued'", [id])?;
                done.withdrawn += 1;
            }
        }
    }
    Ok(done)
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
