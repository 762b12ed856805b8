//! `taches_retard`: tasks not done whose due date has passed; alerted once.

use super::directory::{Directory, Fallback};
use super::key::AlertKey;
use super::{Context, Pending};
use crate::french;
use crate::model::{AlertKind, Priority, TaskStatus};
use crate::store::date_text;
use chrono::NaiveDate;
use rusqlite::{Connection, params};

/// A task not done whose due date has passed.
pub(crate) struct LateTask {
    /// Its id.
    pub id: i64,
    /// Its client, if any.
    pub client_id: Option<i64>,
    /// What is to be done.
    pub title: String,
    /// When it is due.
    pub due: NaiveDate,
    /// How urgent it is.
    pub priority: Priority,
    /// Who it is assigned to, if anyone.
    pub assignee_id: Option<i64>,
}

/// The tasks that raise `taches_retard` as of `date`, the alert and the weekly digest alike:
/// not done, due before `date`, oldest first.
pub(crate) fn late(conn: &Connection, cabinet_id: i64, date: NaiveDate) -> rusqlite::Result<Vec<LateTask>> {
    // The partial index tasks_open holds every column read (client names come from the
    // Directory).
    let mut stmt = conn.prepare_cached(
        "SELECT id, client_id, title, due_date, priority, assignee_id FROM tasks
         WHERE cabinet_id = ?1 AND status <> ?3 AND due_date < ?2
         ORDER BY due_date",
    )?;
    stmt.query_map(params![cabinet_id, date_text(date), TaskStatus::Terminee], |r| {
        Ok(LateTask {
            id: r.get(0)?,
            client_id: r.get(1)?,
            title: r.get(2)?,
            due: r.get(3)?,
            priority: r.get(4)?,
            assignee_id: r.get(5)?,
        })
    })?
    .collect()
}

pub(super) fn detect<'a>(ctx: &Context<'_>, dir: &'a Directory, out: &mut Vec<Pending<'a>>) -> rusqlite::Result<()> {
    let date = ctx.date;
    for t in late(ctx.conn, ctx.cabinet.id, date)? {
        let LateTask { id, client_id, title, due, priority, assignee_id: assignee } = t;
        let client = dir.client(client_id);
        let wording = move || {
            let client = client.map_or(String::new(), |c| format!(" — {}", c.name));
            (
                format!("Tâche en retard : {title}{client}"),
                format!(
                    "« {title} » était prévue pour le {} : {} de retard (priorité {priority}).",
                    french::LongDate(due),
                    french::Days((date - due).num_days())
                ),
            )
        };
        out.push(Pending {
            kind: AlertKind::TachesRetard,
            subject_type: "task",
            subject_id: id,
            dedup_key: AlertKey::LateTask { id },
            wording: Box::new(wording),
            recipients: dir.recipients(&dir.chain(assignee, client_id), Fallback::Experts),
        });
    }
    Ok(())
}
