//! The weekly digest (`resume_hebdomadaire`): per active staff member, the deadlines of the next
//! 7 days, missing documents, late tasks and unread alerts. Nobody gets an empty digest.

use super::items::{self, Item};
use super::outbox::{self, Outgoing};
use super::smtp::SmtpSettings;
use super::templates::Templates;
use super::{base_context, channels};
use crate::cabinet::Cabinet;
use crate::detect::directory::{Directory, Fallback};
use crate::detect::{deadlines, documents, tasks};
use crate::error::Result;
use crate::french;
use crate::settings::AlertConfig;
use crate::staff;
use crate::store::Store;
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
    store: &mut Store,
    cabinet: &Cabinet,
    date: NaiveDate,
    templates: &Templates,
    now: DateTime<Utc>,
) -> Result<u64> {
    let Some(smtp) = SmtpSettings::load(store, cabinet.id)? else {
        return Ok(0);
    };
    let settings = AlertConfig::load(store, cabinet.id)?;
    let conn = store.conn();
    let dir = Directory::load(conn, cabinet.id)?;
    let mut digests: HashMap<i64, Digest> = HashMap::new();
    // The same selections as the alerts, so that the digest lists what the alerts raise.
    // Deadlines past due and not done are listed too, first: they are the most urgent.
    // The selections come in due-date order, which their indexes give for free (a check reads
    // tens of thousands of rows); the digest, small, also orders a day's lines by client.
    // A subject without a client has an empty name (sorted first).
    let client = |id: Option<i64>| dir.client(id).map_or("", |c| c.name.as_str());
    let mut due = deadlines::due_within(conn, cabinet.id, date, settings.echeance_horizon_days)?;
    due.sort_by(|a, b| (a.due, client(a.client_id)).cmp(&(b.due, client(b.client_id))));
    let mut missing = documents::missing(conn, cabinet.id, date, settings.documents_horizon_days)?;
    missing.sort_by(|a, b| (a.due, client(a.client_id)).cmp(&(b.due, client(b.client_id))));
    for d in due {
        let item = items::deadline(client(d.client_id).to_string(), d.label, d.due, date);
        for who in dir.recipients(&dir.chain(d.assignee_id, d.client_id), Fallback::Experts) {
            digests.entry(who).or_default().deadlines.push(item.clone());
        }
    }
    for d in missing {
        let item = items::document(client(d.client_id).to_string(), d.label, d.requested, d.due, date);
        for who in dir.recipients(&dir.chain(d.owner_id, d.client_id), Fallback::Experts) {
            digests.entry(who).or_default().documents.push(item.clone());
        }
    }
    for t in tasks::late(conn, cabinet.id, date)? {
        let item = items::task(client(t.client_id).to_string(), t.title, t.due, t.priority.as_str().to_string(), date);
        for who in dir.recipients(&dir.chain(t.assignee_id, t.client_id), Fallback::Experts) {
            digests.entry(who).or_default().tasks.push(item.clone());
        }
    }

    let week = date.iso_week();
    let tx = store.begin_write()?;
    let store = tx.store();
    let conn = store.conn();
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
            alerts: None,
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
