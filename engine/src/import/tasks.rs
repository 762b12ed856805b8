//! `tasks` files: `client_siren,title,assignee_email,due_date,status,priority`;
//! natural key: client (or none), title, due date. A re-import without the assignee, status or
//! priority column keeps the stored ones.

use super::lookup::{CLIENT_NAME, CLIENT_SIREN, Lookup};
use super::row::RowReader;
use super::source::Column;
use super::{Kind, NaturalKey, WriteContext, fields, insert_or_update};
use crate::firm::alerts::SubjectType;
use crate::model::{Priority, TaskStatus};
use crate::store::date_text;
use chrono::{Datelike, NaiveDate};
use rusqlite::params;
use std::borrow::Cow;

pub(crate) struct Tasks;

pub(crate) struct TaskRecord<'r> {
    client_id: Option<i64>,
    title: &'r str,
    /// None when the file has no assignee column: the stored assignee stays.
    assignee_id: Option<Option<i64>>,
    due_date: NaiveDate,
    /// None when the column is absent or the cell empty: stored status, `a_faire` when new.
    status: Option<TaskStatus>,
    /// None when the column is absent or the cell empty: stored priority, `normale` when new.
    priority: Option<Priority>,
}

impl Kind for Tasks {
    type Record<'r> = TaskRecord<'r>;
    const CLOSES: Option<SubjectType> = Some(SubjectType::Task);
    const COLUMNS: &'static [Column] = &[
        CLIENT_SIREN,
        CLIENT_NAME,
        Column { name: "title", aliases: &["titre", "intitule", "tache", "libelle"], required: true, multiline: true },
        Column {
            name: "assignee_email",
            aliases: &["responsable_email", "responsable", "attribue_a", "assigne_a"],
            required: false,
            multiline: false,
        },
        Column {
            name: "due_date",
            aliases: &["date_limite", "echeance", "date_echeance", "date_d_echeance", "date_de_l_echeance", "pour_le"],
            required: true,
            multiline: false,
        },
        Column { name: "status", aliases: &["statut", "etat"], required: false, multiline: false },
        Column { name: "priority", aliases: &["priorite"], required: false, multiline: false },
    ];

    fn parse<'r>(row: &mut RowReader<'r>, lookup: &Lookup) -> Option<TaskRecord<'r>> {
        let client = lookup.client(row, false);
        let title = row.required("title");
        let assignee = row.has("assignee_email").then(|| lookup.staff(row, "assignee_email"));
        let due_date = row.parse_required("due_date", fields::date);
        let status = row.parse("status", |t| fields::one_of(t, TaskStatus::parse, TaskStatus::expected));
        let priority = row.parse("priority", |t| fields::one_of(t, Priority::parse, Priority::expected));
        Some(TaskRecord {
            client_id: client?,
            title: title?,
            assignee_id: assignee,
            due_date: due_date?,
            status,
            priority,
        })
    }

    fn key<'k>(r: &'k TaskRecord<'_>) -> NaturalKey<'k> {
        // A task without a client is keyed on client 0, as the unique index has it.
        NaturalKey {
            number: r.client_id.unwrap_or(0),
            text: Cow::Borrowed(r.title),
            when: r.due_date.num_days_from_ce().into(),
        }
    }

    fn write(ctx: &WriteContext<'_>, r: &TaskRecord<'_>) -> rusqlite::Result<bool> {
        let cabinet = ctx.cabinet.id;
        let due = date_text(r.due_date);
        insert_or_update(
            || {
                ctx.execute(
                    "INSERT INTO tasks (cabinet_id, client_id, title, assignee_id, due_date, status, priority)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                     ON CONFLICT DO NOTHING",
                    params![
                        cabinet,
                        r.client_id,
                        r.title,
                        r.assignee_id.flatten(),
                        due,
                        r.status.unwrap_or(TaskStatus::AFaire).as_of(r.due_date, ctx.today),
                        r.priority.unwrap_or(Priority::Normale)
                    ],
                )
            },
            || {
                ctx.execute(
                    "UPDATE tasks SET assignee_id = CASE WHEN ?5 THEN ?6 ELSE assignee_id END,
                         status = coalesce(?7, status), priority = coalesce(?8, priority)
                     WHERE cabinet_id = ?1 AND ifnull(client_id, 0) = ifnull(?2, 0) AND title = ?3 AND due_date = ?4",
                    params![
                        cabinet,
                        r.client_id,
                        r.title,
                        due,
                        r.assignee_id.is_some(),
                        r.assignee_id.flatten(),
                        r.status.map(|s| s.as_of(r.due_date, ctx.today)),
                        r.priority
                    ],
                )
            },
        )
    }
}
