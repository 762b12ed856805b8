//! `evenement_important`: events of importance `haute` starting within the horizon; once.

use super::directory::{Directory, Fallback};
use super::key::AlertKey;
use super::{Context, Pending};
use crate::french;
use crate::model::{AlertKind, Importance};
use crate::store::{instant_text, parse_instant};
use chrono::Timelike;

pub(super) fn detect<'a>(ctx: &Context<'_>, dir: &'a Directory, out: &mut Vec<Pending<'a>>) -> rusqlite::Result<()> {
    // From the start of day D to the end of day D + horizon, in the cabinet's timezone.
    let start = ctx.cabinet.local_to_utc(ctx.date.and_time(chrono::NaiveTime::MIN));
    let end_date = ctx.date + chrono::Days::new(u64::from(ctx.settings.events_horizon_days) + 1);
    let end = ctx.cabinet.local_to_utc(end_date.and_time(chrono::NaiveTime::MIN));
    let mut stmt = ctx.conn.prepare_cached(
        "SELECT id, client_id, title, starts_at, audience_id FROM events
         WHERE cabinet_id = ?1 AND importance = ?4 AND starts_at >= ?2 AND starts_at < ?3",
    )?;
    let mut rows =
        stmt.query(rusqlite::params![ctx.cabinet.id, instant_text(start), instant_text(end), Importance::Haute])?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let client_id: Option<i64> = row.get(1)?;
        let title: String = row.get(2)?;
        let starts_text: String = row.get(3)?;
        let audience: Option<i64> = row.get(4)?;
        let Some(starts) = parse_instant(&starts_text) else {
            continue;
        };
        let local = starts.with_timezone(&ctx.cabinet.timezone);
        let client = dir.client(client_id);
        let days_left = (local.date_naive() - ctx.date).num_days();
        let wording = move || {
            let client = client.map_or(String::new(), |c| format!(" — {}", c.name));
            (
                format!("Événement important {} : {title}{client}", french::InDays(days_left)),
                format!(
                    "« {title} » a lieu le {} à {}.",
                    french::LongDate(local.date_naive()),
                    format_args!("{:02}:{:02}", local.hour(), local.minute())
                ),
            )
        };
        out.push(Pending {
            kind: AlertKind::EvenementImportant,
            subject_type: "event",
            subject_id: id,
            dedup_key: AlertKey::Event { id },
            wording: Box::new(wording),
            recipients: dir.recipients(&[audience], Fallback::Everyone),
        });
    }
    Ok(())
}
