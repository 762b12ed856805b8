//! `deadlines` files: `client_siren,kind,label,due_date,assignee_email,status`;
//! natural key: client, kind, due date.

use super::lookup::Lookup;
use super::row::RowReader;
use super::source::Column;
use super::{Kind, WriteContext, fields, upsert_by_key};
use crate::model::{DeadlineStatus, normalize};
use crate::store::date_text;
use chrono::NaiveDate;
use rusqlite::params;

pub(crate) struct Deadlines;

pub(crate) struct DeadlineRecord {
    client_id: i64,
    kind: String,
    label: String,
    due_date: NaiveDate,
    assignee_id: Option<i64>,
    status: DeadlineStatus,
}

impl Kind for Deadlines {
    type Record = DeadlineRecord;
    const COLUMNS: &'static [Column] = &[
        Column { name: "client_siren", aliases: &["siren", "siren_client"], required: true },
        Column { name: "client_name", aliases: &["client", "nom_client"], required: false },
        Column { name: "kind", aliases: &["type", "nature", "code"], required: true },
        Column { name: "label", aliases: &["libelle", "intitule"], required: true },
        Column { name: "due_date", aliases: &["echeance", "date_echeance", "date_limite"], required: true },
        Column {
            name: "assignee_email",
            aliases: &["responsable", "responsable_email", "collaborateur_email", "email_responsable"],
            required: false,
        },
        Column { name: "status", aliases: &["statut", "etat"], required: false },
    ];

    fn parse(row: &mut RowReader<'_>, lookup: &Lookup) -> Option<DeadlineRecord> {
        let client = lookup.client(row, true);
        let kind = row.required("kind").map(normalize);
        let label = row.required("label");
        let due_date = row.parse_required("due_date", fields::date);
        let assignee = lookup.staff(row, "assignee_email");
        let status = row.parse("status", |t| fields::choice(t, DeadlineStatus::parse, DeadlineStatus::expected()));
        Some(DeadlineRecord {
            client_id: client??,
            kind: kind?,
            label: label?.to_string(),
            due_date: due_date?,
            assignee_id: assignee,
            status: status.unwrap_or(DeadlineStatus::AFaire),
        })
    }

    fn key(r: &DeadlineRecord) -> String {
        format!("{}|{}|{}", r.client_id, r.kind, r.due_date)
    }

    fn write(ctx: &WriteContext<'_>, r: &DeadlineRecord) -> rusqlite::Result<bool> {
        let cabinet = ctx.cabinet.id;
        let due = date_text(r.due_date);
        upsert_by_key(
            ctx.conn,
            (
                "SELECT id FROM deadlines WHERE cabinet_id = ?1 AND client_id = ?2 AND kind = ?3 AND due_date = ?4",
                params![cabinet, r.client_id, r.kind, due],
            ),
            |id| {
                ctx.conn.execute(
                    "UPDATE deadlines SET label = ?2, assignee_id = ?3, status = ?4 WHERE id = ?1 AND cabinet_id = ?5",
                    params![id, r.label, r.assignee_id, r.status, cabinet],
                )
            },
            || {
                ctx.conn.execute(
                    "INSERT INTO deadlines (cabinet_id, client_id, kind, label, due_date, status, assignee_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![cabinet, r.client_id, r.kind, r.label, due, r.status, r.assignee_id],
                )
            },
        )
    }
}
