//! `tasks` files: `client_siren,title,assignee_email,due_date,status,priority`;
//! natural key: client (or none), title, due date.

use super::lookup::Lookup;
use super::row::RowReader;
use super::source::Column;
use super::{Kind, WriteContext, fields, upsert_by_key};
use crate::model::{Priority, TaskStatus};
use crate::store::date_text;
use chrono::NaiveDate;
use rusqlite::params;

pub(crate) struct Tasks;

pub(crate) struct TaskRecord {
    client_id: Option<i64>,
    title: String,
    assignee_id: Option<i64>,
    due_date: NaiveDate,
    status: TaskStatus,
    priority: Priority,
}

impl Kind for Tasks {
    type Record = TaskRecord;
    const COLUMNS: &'static [Column] = &[
        Column { name: "client_siren", aliases: &["siren", "siren_client"], required: false },
        Column { name: "client_name", aliases: &["client", "nom_client"], required: false },
        Column { name: "title", aliases: &["titre", "intitule", "tache", "libelle"], required: true },
        Column {
            name: "assignee_email",
            aliases: &["responsable_email", "responsable", "attribue_a", "assigne_a"],
            required: false,
        },
        Column { name: "due_date", aliases: &["date_limite", "echeance", "pour_le"], required: true },
        Column { name: "status", aliases: &["statut", "etat"], required: false },
        Column { name: "priority", aliases: &["priorite"], required: false },
    ];

    fn parse(row: &mut RowReader<'_>, lookup: &Lookup) -> Option<TaskRecord> {
        let client = lookup.client(row, false);
        let title = row.required("title");
        let assignee = lookup.staff(row, "assignee_email");
        let due_date = row.parse_required("due_date", fields::date);
        let status = row.parse("status", |t| fields::choice(t, TaskStatus::parse, TaskStatus::expected()));
        let priority = row.parse("priority", |t| fields::choice(t, Priority::parse, Priority::expected()));
        Some(TaskRecord {
            client_id: client?,
            title: title?.to_string(),
            assignee_id: assignee,
            due_date: due_date?,
            status: status.unwrap_or(TaskStatus::AFaire),
            priority: priority.unwrap_or(Priority::Normale),
        })
    }

    fn key(r: &TaskRecord) -> String {
        format!("{:?}|{}|{}", r.client_id, r.title, r.due_date)
    }

    fn write(ctx: &WriteContext<'_>, r: &TaskRecord) -> rusqlite::Result<bool> {
        let cabinet = ctx.cabinet.id;
        let due = date_text(r.due_date);
        upsert_by_key(
            ctx.conn,
            (
                "SELECT id FROM tasks WHERE cabinet_id = ?1 AND ifnull(client_id, 0) = ifnull(?2, 0) AND title = ?3 AND due_date = ?4",
                params![cabinet, r.client_id, r.title, due],
            ),
            |id| {
                ctx.conn.execute(
                    "UPDATE tasks SET assignee_id = ?2, status = ?3, priority = ?4 WHERE id = ?1 AND cabinet_id = ?5",
                    params![id, r.assignee_id, r.status, r.priority, cabinet],
                )
            },
            || {
                ctx.conn.execute(
                    "INSERT INTO tasks (cabinet_id, client_id, title, assignee_id, due_date, status, priority)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![cabinet, r.client_id, r.title, r.assignee_id, due, r.status, r.priority],
                )
            },
        )
    }
}
