//! The `welcome` email for new staff members and the `test` email of the SMTP settings.

use super::base_context;
use super::outbox::{self, Outgoing};
use super::smtp::SmtpSettings;
use super::templates::{Rendered, Templates};
use crate::cabinet::Cabinet;
use crate::error::Result;
use crate::staff;
use crate::store::Store;
use chrono::{DateTime, NaiveDate, Utc};

/// Queues a welcome email for each of these new staff members; returns how many were queued
/// (none without SMTP settings).
pub fn queue_welcome(
    store: &mut Store,
    cabinet: &Cabinet,
    staff_ids: &[i64],
    templates: &Templates,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<u64> {
    let Some(smtp) = SmtpSettings::load(store, cabinet.id)? else {
        return Ok(0);
    };
    let tx = store.begin_write()?;
    let store = tx.store();
    let conn = store.conn();
    let mut queued = 0;
    for &id in staff_ids {
        let Some(member) = staff::get(conn, cabinet.id, id)? else { continue };
        if !member.active {
            continue;
        }
        let mut context = base_context(cabinet, &member.name, &member.email, today);
        context.insert("role", member.role.as_str());
        let rendered = templates.render("welcome", &context)?;
        let email = Outgoing {
            recipient_id: Some(member.id),
            to_email: member.email.clone(),
            to_name: member.name.clone(),
            template: "welcome".into(),
            rendered,
            dedup_key: Some(format!("welcome:{}", member.id)),
            alerts: None,
        };
        if outbox::enqueue(conn, cabinet, &smtp, &email, now)?.is_some() {
            queued += 1;
        }
    }
    tx.commit()?;
    Ok(queued)
}

/// The `test` email, addressed to `to`.
pub fn test_message(
    cabinet: &Cabinet,
    smtp: &SmtpSettings,
    templates: &Templates,
    to: &str,
    today: NaiveDate,
) -> Result<Rendered> {
    let mut context = base_context(cabinet, to, to, today);
    context.insert("smtp_host", &smtp.host);
    templates.render("test", &context)
}
