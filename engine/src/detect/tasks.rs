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
    /// The client's name, empty without a client.
    pub client: String,
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
    let mut stmt = conn.prepare_cached(
        "SELECT t.id, t.client_id, coalesce(c.name, ''), t.title, t.due_date, t.priority, t.assignee_id
         FROM tasks t LEFT JOIN clients c ON c.id = t.client_id
         WHERE t.cabinet_id = ?1 AND t.status <> ?3 AND t.due_date < ?2
         ORDER BY t.due_date",
    )?;
    stmt.query_map(params![cabinet_id, date_text(date), TaskStatus::Terminee], |r| {
        Ok(LateTask {
            id: r.get(0)?,
            client_id: r.get(1)?,
            client: r.get(2)?,
            title: r.get(3)?,
            due: r.get(4)?,
            priority: r.get(5)?,
            assignee_id: r.get(6)?,
        })
    })?
    .collect()
}

pub(super) fn detect(ctx: &Context<'_>, dir: &Directory, out: &mut Vec<Pending>) -> rusqlite::Result<()> {
    for t in late(ctx.conn, ctx.cabinet.id, ctx.date)? {
        let LateTask { id, client_id, title, due, priority, assignee_id: assignee, .. } = t;
        let late = (ctx.date - due).num_days();
        let client = match dir.client(client_id) {
            Some(c) => format!(" — {}", c.name),
            None => String::new(),
        };
        out.push(Pending {
            kind: AlertKind::TachesRetard,
            subject_type: "task",
            subject_id: id,
            dedup_key: AlertKey::LateTask { id },
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
