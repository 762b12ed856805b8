//! The weekly digest (`resume_hebdomadaire`): per active staff member, the deadlines of the next
//! 7 days, missing documents, late tasks and unread alerts. Nobody gets an empty digest.

use super::items::{self, Item};
use super::outbox::{self, Outgoing};
use super::smtp::SmtpSettings;
use super::templates::Templates;
use super::{base_context, channels};
use crate::cabinet::Cabinet;
use crate::detect::directory::{Directory, Fallback};
use crate::error::Result;
use crate::french;
use crate::settings;
use crate::staff;
use crate::store::{Store, date_text};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::params;
use std::collections::HashMap;

/// How many lines each section of a digest lists.
const SECTION_ITEMS: usize = 30;

/// How many unread alert titles a digest lists.
const UNREAD_LISTED: usize = 10;

#[derive(Default)]
struct Digest {
    deadlines: Vec<Item>,
    documents: Vec<Item>,
    tasks: Vec<Item>,
}

/// Queues the digest of the week starting `date` for every active staff member of the cabinet
/// with something to report; returns how many were queued (none without SMTP settings).
pub fn queue_weekly(
    store: &Store,
    cabinet: &Cabinet,
    date: NaiveDate,
    templates: &Templates,
    now: DateTime<Utc>,
) -> Result<u64> {
    let Some(smtp) = SmtpSettings::load(store, cabinet.id)? else {
        return Ok(0);
    };
    let settings = settings::load(store, cabinet.id)?;
    let conn = store.conn();
    let dir = Directory::load(conn, cabinet.id)?;
    let mut digests: HashMap<i64, Digest> = HashMap::new();
    let week_end = date_text(date + chrono::Days::new(u64::from(settings.echeance_horizon_days)));
    let today = date_text(date);

    let mut stmt = conn.prepare(
        "SELECT d.client_id, coalesce(c.name, ''), d.label, d.due_date, d.assignee_id
         FROM deadlines d LEFT JOIN clients c ON c.id = d.client_id
         WHERE d.cabinet_id = ?1 AND d.status <> 'faite' AND d.due_date <= ?2
         ORDER BY d.due_date, c.name",
    )?;
    // Deadlines past due and not done are listed too, first: they are the most urgent.
    let mut rows = stmt.query(params![cabinet.id, week_end])?;
    while let Some(r) = rows.next()? {
        let item = items::deadline(r.get(1)?, r.get(2)?, r.get(3)?, date);
        for who in dir.recipients(&dir.chain(r.get(4)?, r.get(0)?), Fallback::Experts) {
            digests.entry(who).or_default().deadlines.push(item.clone());
        }
    }
    let doc_end = date_text(date + chrono::Days::new(u64::from(settings.documents_horizon_days)));
    let mut stmt = conn.prepare(
        "SELECT d.client_id, coalesce(c.name, ''), d.label, d.requested_on, d.due_date, d.owner_id
         FROM document_requests d LEFT JOIN clients c ON c.id = d.client_id
         WHERE d.cabinet_id = ?1 AND d.received_on IS NULL AND d.requested_on <= ?2 AND d.due_date <= ?3
         ORDER BY d.due_date, c.name",
    )?;
    let mut rows = stmt.query(params![cabinet.id, today, doc_end])?;
    while let Some(r) = rows.next()? {
        let item = items::document(r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, date);
        for who in dir.recipients(&dir.chain(r.get(5)?, r.get(0)?), Fallback::Experts) {
            digests.entry(who).or_default().documents.push(item.clone());
        }
    }
    let mut stmt = conn.prepare(
        "SELECT t.client_id, coalesce(c.name, ''), t.title, t.due_date, t.priority, t.assignee_id
         FROM tasks t LEFT JOIN clients c ON c.id = t.client_id
         WHERE t.cabinet_id = ?1 AND t.status <> 'terminee' AND t.due_date < ?2
         ORDER BY t.due_date",
    )?;
    let mut rows = stmt.query(params![cabinet.id, today])?;
    while let Some(r) = rows.next()? {
        let item = items::task(r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, date);
        for who in dir.recipients(&dir.chain(r.get(5)?, r.get(0)?), Fallback::Experts) {
            digests.entry(who).or_default().tasks.push(item.clone());
        }
    }

    let week = date.iso_week();
    let tx = store.begin_write()?;
    let mut queued = 0;
    let mut unread_titles = conn.prepare(
        "SELECT title FROM notifications WHERE cabinet_id = ?1 AND recipient_id = ?2 AND read_at IS NULL ORDER BY id DESC LIMIT ?3",
    )?;
    for member in staff::list(store, cabinet.id)? {
        if !member.active || !channels::get(conn, &member, "resume_hebdomadaire")?.email {
            continue;
        }
        let unread_count = crate::inbox::unread_count(store, &member)?;
        let mut digest = digests.remove(&member.id).unwrap_or_default();
        if digest.deadlines.is_empty() && digest.documents.is_empty() && digest.tasks.is_empty() && unread_count == 0 {
            continue;
        }
        let unread: Vec<String> = unread_titles
            .query_map(params![cabinet.id, member.id, UNREAD_LISTED as i64], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut context = base_context(cabinet, &member.name, &member.email, date);
        context.insert("summary", &summary(&digest, unread_count));
        // Each section lists at most SECTION_ITEMS lines and counts the rest.
        for (name, list) in
            [("deadlines", &mut digest.deadlines), ("documents", &mut digest.documents), ("tasks", &mut digest.tasks)]
        {
            context.insert(format!("{name}_total"), &list.len());
            list.truncate(SECTION_ITEMS);
        }
        context.insert("week_of", &french::long_date(date));
        context.insert("deadlines", &digest.deadlines);
        context.insert("documents", &digest.documents);
        context.insert("tasks", &digest.tasks);
        context.insert("unread", &unread);
        context.insert("unread_count", &unread_count);
        let rendered = templates.render("resume_hebdomadaire", &context)?;
        let email = Outgoing {
            recipient_id: Some(member.id),
            to_email: member.email.clone(),
            to_name: member.name.clone(),
            template: "resume_hebdomadaire".into(),
            rendered,
            // One digest per person and week, however often the job runs.
            dedup_key: Some(format!("digest:{}:{}-W{:02}", member.id, week.year(), week.week())),
        };
        if outbox::enqueue(conn, cabinet, &smtp, &email, now)?.is_some() {
            queued += 1;
        }
    }
    drop(unread_titles);
    tx.commit()?;
    Ok(queued)
}

/// "2 échéances, 1 document manquant, 3 alertes non lues": the non-empty sections, counted.
fn summary(digest: &Digest, unread: u64) -> Vec<String> {
    let plural = |n: usize| if n > 1 { "s" } else { "" };
    let mut parts = Vec::new();
    let n = digest.deadlines.len();
    if n > 0 {
        parts.push(format!("{n} échéance{}", plural(n)));
    }
    let n = digest.documents.len();
    if n > 0 {
        parts.push(format!("{n} document{0} manquant{0}", plural(n)));
    }
    let n = digest.tasks.len();
    if n > 0 {
        parts.push(format!("{n} tâche{} en retard", plural(n)));
    }
    let n = unread as usize;
    if n > 0 {
        parts.push(format!("{n} alerte{0} non lue{0}", plural(n)));
    }
    parts
}
