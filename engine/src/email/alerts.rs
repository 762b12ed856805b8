//! After a check: one email per recipient per kind, listing all of that recipient's new
//! notifications of that kind, for those who want email for it.

use super::items;
use super::outbox::{self, Outgoing};
use super::smtp::SmtpSettings;
use super::templates::Templates;
use super::{base_context, channels};
use crate::cabinet::Cabinet;
use crate::detect::CheckReport;
use crate::error::Result;
use crate::model::AlertKind;
use crate::settings;
use crate::staff;
use crate::store::Store;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// Queues the alert emails for what `report` created; returns how many were queued
/// (none when the cabinet has no SMTP server configured).
pub fn queue_for_check(
    store: &Store,
    cabinet: &Cabinet,
    report: &CheckReport,
    templates: &Templates,
    now: DateTime<Utc>,
) -> Result<u64> {
    let Some(smtp) = SmtpSettings::load(store, cabinet.id)? else {
        return Ok(0);
    };
    let horizon = settings::load(store, cabinet.id)?.echeance_horizon_days;
    // All of a check's emails are queued together or not at all.
    let tx = store.conn().unchecked_transaction()?;
    let mut queued = 0;
    for (&recipient, ids) in &report.new_by_recipient {
        let Some(member) = staff::get(&tx, cabinet.id, recipient)? else { continue };
        if !member.active {
            continue;
        }
        let mut by_kind: BTreeMap<usize, (AlertKind, Vec<i64>)> = BTreeMap::new();
        let mut kind_of = tx.prepare_cached("SELECT kind FROM notifications WHERE id = ?1 AND cabinet_id = ?2")?;
        for &id in ids {
            let kind: AlertKind = kind_of.query_row(rusqlite::params![id, cabinet.id], |r| r.get(0))?;
            let order = AlertKind::ALL.iter().position(|k| *k == kind).unwrap_or_default();
            by_kind.entry(order).or_insert_with(|| (kind, Vec::new())).1.push(id);
        }
        for (kind, ids) in by_kind.into_values() {
            if !channels::get(&tx, &member, kind.as_str())?.email {
                continue;
            }
            let mut lines = Vec::with_capacity(ids.len());
            for id in ids {
                lines.extend(items::for_notification(&tx, cabinet, id, report.date)?);
            }
            if lines.is_empty() {
                continue;
            }
            let mut context = base_context(cabinet, &member.name, &member.email, report.date);
            context.insert("items", &lines);
            context.insert("horizon_days", &horizon);
            let rendered = templates.render(kind.as_str(), &context)?;
            let email = Outgoing {
                recipient_id: Some(member.id),
                to_email: member.email.clone(),
                to_name: member.name.clone(),
                template: kind.as_str().to_string(),
                rendered,
            };
            outbox::enqueue(&tx, cabinet, &smtp, &email, now)?;
            queued += 1;
        }
    }
    tx.commit()?;
    Ok(queued)
}
