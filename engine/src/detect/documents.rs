//! `documents_manquants`: requested documents not received, due soon or past; weekly reminders.

use super::directory::{Directory, Fallback};
use super::{Context, Pending};
use crate::french;
use crate::model::AlertKind;
use crate::store::date_text;
use chrono::{Datelike, NaiveDate};

pub(super) fn detect(ctx: &Context<'_>, dir: &Directory, out: &mut Vec<Pending>) -> rusqlite::Result<()> {
    let horizon = ctx.date + chrono::Days::new(u64::from(ctx.settings.documents_horizon_days));
    let week = ctx.date.iso_week();
    let week_key = format!("{}-W{:02}", week.year(), week.week());
    let mut stmt = ctx.conn.prepare_cached(
        "SELECT id, client_id, label, requested_on, due_date, owner_id FROM document_requests
         WHERE cabinet_id = ?1 AND received_on IS NULL AND due_date <= ?2 AND requested_on <= ?3",
    )?;
    let mut rows = stmt.query(rusqlite::params![ctx.cabinet.id, date_text(horizon), date_text(ctx.date)])?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let client_id: Option<i64> = row.get(1)?;
        let label: String = row.get(2)?;
        let requested: NaiveDate = row.get(3)?;
        let due: NaiveDate = row.get(4)?;
        let owner: Option<i64> = row.get(5)?;
        let client = dir.client_name(client_id);
        let days_left = (due - ctx.date).num_days();
        let when = if days_left < 0 {
            format!("attendu depuis le {} ({} de retard)", french::long_date(due), french::days(-days_left))
        } else {
            format!("attendu le {} ({})", french::long_date(due), french::in_days(days_left))
        };
        out.push(Pending {
            kind: AlertKind::DocumentsManquants,
            subject_type: "document",
            subject_id: id,
            dedup_key: format!("document:{id}:{week_key}"),
            title: format!("Document manquant : {label} — {client}"),
            body: format!(
                "{client} n'a pas encore transmis « {label} », demandé le {} et {when}.",
                french::short_date(requested)
            ),
            recipients: dir.recipients(&dir.chain(owner, client_id), Fallback::Experts),
        });
    }
    Ok(())
}
