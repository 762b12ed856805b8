//! `documents_manquants`: requested documents not received, due soon or past; weekly reminders.

use super::directory::{Directory, Fallback};
use super::key::AlertKey;
use super::{Context, Pending};
use crate::french;
use crate::model::AlertKind;
use crate::store::date_text;
use chrono::NaiveDate;
use rusqlite::{Connection, params};
use std::fmt::Write;

/// A requested document not received yet.
pub(crate) struct MissingDocument {
    /// Its id.
    pub id: i64,
    /// Its client, if any.
    pub client_id: Option<i64>,
    /// What is due.
    pub label: String,
    /// When it was requested.
    pub requested: NaiveDate,
    /// When it is due.
    pub due: NaiveDate,
    /// Who follows it up, if anyone.
    pub owner_id: Option<i64>,
}

/// The documents that raise `documents_manquants` as of `date`, the alert and the weekly
/// digest alike: requested by `date`, not received, due by `date + horizon_days` (past ones
/// included), soonest first.
pub(crate) fn missing(
    conn: &Connection,
    cabinet_id: i64,
    date: NaiveDate,
    horizon_days: u32,
) -> rusqlite::Result<Vec<MissingDocument>> {
    let horizon = date + chrono::Days::new(u64::from(horizon_days));
    // The partial index documents_missing holds every column read (client names come from the
    // Directory).
    let mut stmt = conn.prepare_cached(
        "SELECT id, client_id, label, requested_on, due_date, owner_id FROM document_requests
         WHERE cabinet_id = ?1 AND received_on IS NULL AND requested_on <= ?2 AND due_date <= ?3
         ORDER BY due_date",
    )?;
    stmt.query_map(params![cabinet_id, date_text(date), date_text(horizon)], |r| {
        Ok(MissingDocument {
            id: r.get(0)?,
            client_id: r.get(1)?,
            label: r.get(2)?,
            requested: r.get(3)?,
            due: r.get(4)?,
            owner_id: r.get(5)?,
        })
    })?
    .collect()
}

pub(super) fn detect<'a>(ctx: &Context<'_>, dir: &'a Directory, out: &mut Vec<Pending<'a>>) -> rusqlite::Result<()> {
    let date = ctx.date;
    for d in missing(ctx.conn, ctx.cabinet.id, date, ctx.settings.documents_horizon_days)? {
        let MissingDocument { id, client_id, label, requested, due, owner_id: owner } = d;
        let client = dir.client_name(client_id);
        let wording = move || {
            let days_left = (due - date).num_days();
            let mut body =
                format!("{client} n'a pas encore transmis « {label} », demandé le {}", french::ShortDate(requested));
            // Writing into a String cannot fail.
            let _ = if days_left < 0 {
                write!(
                    body,
                    " et attendu depuis le {} ({} de retard).",
                    french::LongDate(due),
                    french::Days(-days_left)
                )
            } else {
                write!(body, " et attendu le {} ({}).", french::LongDate(due), french::InDays(days_left))
            };
            (format!("Document manquant : {label} — {client}"), body)
        };
        out.push(Pending {
            kind: AlertKind::DocumentsManquants,
            subject_type: "document",
            subject_id: id,
            dedup_key: AlertKey::document(id, date),
            wording: Box::new(wording),
            recipients: dir.recipients(&dir.chain(owner, client_id), Fallback::Experts),
        });
    }
    Ok(())
}
