//! `taches_retard`: tasks not done whose due date has passed; alerted once.

use super::directory::{Directory, Fallback};
use super::{Context, Pending};
use crate::french;
use crate::model::{AlertKind, Priority};
use crate::store::date_text;
use chrono::NaiveDate;

pub(super) fn detect(ctx: &Context<'_>, dir: &Directory, out: &mut Vec<Pending>) -> rusqlite::Result<()> {
    let mut stmt = ctx.conn.prepare_cached(
        "SELECT id, client_id, title, due_date, assignee_id, priority FROM tasks
         WHERE cabinet_id = ?1 AND status <> 'terminee' AND due_date < ?2",
    )?;
    let mut rows = stmt.query(rusqlite::params![ctx.cabinet.id, date_text(ctx.date)])?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let client_id: Option<i64> = row.get(1)?;
        let title: String = row.get(2)?;
        let due: NaiveDate = row.get(3)?;
        let assignee: Option<i64> = row.get(4)?;
        let priority: Priority = row.get(5)?;
        let late = (ctx.date - due).num_days();
        let client = match dir.client(client_id) {
            Some(c) => format!(" — {}", c.name),
            None => String::new(),
        };
        out.push(Pending {
            kind: AlertKind::TachesRetard,
            subject_type: "task",
            subject_id: id,
            dedup_key: format!("task:{id}:overdue"),
            title: format!("Tâche en retard : {title}{client}"),
            body: format!(
                "« {title} » était prévue pour le {} : {} de retard (priorité {priority}).",
                french::long_date(due),
                french::days(late)
            ),
            recipients: dir.recipients(&dir.chain(assignee, client_id), Fallback::Experts),
        });
    }
    Ok(())
}
