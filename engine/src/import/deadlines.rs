//! `deadlines` files: `client_siren,kind,label,due_date,assignee_email,status,period`;
//! natural key: client, kind, due date. A re-import without the assignee or status column keeps
//! the stored ones. A row with a period (`2027-02`, `EX-2027`…) is that obligation of the
//! client: it replaces the deadline of the same client, kind and period, the fiscal
//! calendar's included (which then leaves it to the firm), whatever its date.

use super::lookup::{CLIENT_COLUMNS, CLIENT_NAME, CLIENT_SIREN, Lookup};
use super::row::RowReader;
use super::source::Column;
use super::{Kind, NaturalKey, WriteContext, fields, insert_or_update};
use crate::firm::alerts::SubjectType;
use crate::model::{DeadlineStatus, normalized};
use crate::store::date_text;
use chrono::{Datelike, NaiveDate};
use rusqlite::params;
use std::borrow::Cow;

pub(crate) struct Deadlines;

pub(crate) struct DeadlineRecord<'r> {
    client_id: i64,
    kind: Cow<'r, str>,
    label: &'r str,
    due_date: NaiveDate,
    /// None when the file has no assignee column: the stored assignee stays.
    assignee_id: Option<Option<i64>>,
    /// None when the column is absent or the cell empty: stored status, `a_faire` when new.
    status: Option<DeadlineStatus>,
    /// The obligation's period, when the file says it.
    period: Option<String>,
}

impl Kind for Deadlines {
    type Record<'r> = DeadlineRecord<'r>;
    const CLOSES: Option<SubjectType> = Some(SubjectType::Deadline);
    const COLUMNS: &'static [Column] = &[
        CLIENT_SIREN,
        CLIENT_NAME,
        Column { name: "kind", aliases: &["type", "nature", "code"], required: true, multiline: false },
        Column { name: "label", aliases: &["libelle", "intitule"], required: true, multiline: false },
        Column {
            name: "due_date",
            aliases: &["echeance", "date_echeance", "date_d_echeance", "date_de_l_echeance", "date_limite"],
            required: true,
            multiline: false,
        },
        Column {
            name: "assignee_email",
            aliases: &["responsable", "responsable_email", "collaborateur_email", "email_responsable"],
            required: false,
            multiline: false,
        },
        Column { name: "status", aliases: &["statut", "etat"], required: false, multiline: false },
        Column {
            name: "period",
            aliases: &["periode", "periode_declaree", "exercice"],
            required: false,
            multiline: false,
        },
    ];
    const ONE_OF: &'static [&'static str] = CLIENT_COLUMNS;

    fn parse<'r>(row: &mut RowReader<'r>, lookup: &Lookup) -> Option<DeadlineRecord<'r>> {
        let client = lookup.client(row, true);
        let kind = row.required("kind").map(normalized);
        let label = row.required("label");
        let due_date = row.parse_required("due_date", fields::date);
        let assignee = row.has("assignee_email").then(|| lookup.staff(row, "assignee_email"));
        let status = row.parse("status", |t| fields::one_of(t, DeadlineStatus::parse, DeadlineStatus::expected));
        let period = row.parse("period", fields::period);
        Some(DeadlineRecord {
            client_id: client??,
            kind: kind?,
            label: label?,
            due_date: due_date?,
            assignee_id: assignee,
            status,
            period,
        })
    }

    fn key<'k>(r: &'k DeadlineRecord<'_>) -> NaturalKey<'k> {
        NaturalKey {
            number: r.client_id,
            text: Cow::Borrowed(r.kind.as_ref()),
            when: r.due_date.num_days_from_ce().into(),
        }
    }

    fn write(ctx: &WriteContext<'_>, r: &DeadlineRecord<'_>) -> rusqlite::Result<bool> {
        let cabinet = ctx.cabinet.id;
        let due = date_text(r.due_date);
        if let Some(period) = &r.period {
            // The obligation's row, wherever its date was, unless another of the same kind
            // already holds the new date (that one is then the row updated below).
            let replaced = ctx.execute(
                "UPDATE deadlines SET label = ?5, due_date = ?6, generated = 0, legal_date = NULL,
                     assignee_id = CASE WHEN ?7 THEN ?8 ELSE assignee_id END, status = coalesce(?9, status)
                 WHERE cabinet_id = ?1 AND client_id = ?2 AND kind = ?3 AND period = ?4
                   AND NOT EXISTS (SELECT 1 FROM deadlines o
                                   WHERE o.cabinet_id = ?1 AND o.client_id = ?2 AND o.kind = ?3 AND o.due_date = ?6
                                     AND o.period IS NOT ?4)",
                params![
                    cabinet,
                    r.client_id,
                    r.kind.as_ref(),
                    period,
                    r.label,
                    due,
                    r.assignee_id.is_some(),
                    r.assignee_id.flatten(),
                    r.status.map(|s| s.as_of(r.due_date, ctx.today))
                ],
            )?;
            if replaced > 0 {
                return Ok(false);
            }
        }
        insert_or_update(
            || {
                ctx.execute(
                    "INSERT INTO deadlines (cabinet_id, client_id, kind, label, due_date, status, assignee_id, period)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                     ON CONFLICT DO NOTHING",
                    params![
                        cabinet,
                        r.client_id,
                        r.kind.as_ref(),
                        r.label,
                        due,
                        r.status.unwrap_or(DeadlineStatus::AFaire).as_of(r.due_date, ctx.today),
                        r.assignee_id.flatten(),
                        r.period
                    ],
                )
            },
            || {
                // A row of the file is the firm's, even where it names a generated deadline.
                ctx.execute(
                    "UPDATE deadlines SET label = ?5, assignee_id = CASE WHEN ?6 THEN ?7 ELSE assignee_id END,
                         status = coalesce(?8, status), period = coalesce(?9, period), generated = 0, legal_date = NULL
                     WHERE cabinet_id = ?1 AND client_id = ?2 AND kind = ?3 AND due_date = ?4",
                    params![
                        cabinet,
                        r.client_id,
                        r.kind.as_ref(),
                        due,
                        r.label,
                        r.assignee_id.is_some(),
                        r.assignee_id.flatten(),
                        r.status.map(|s| s.as_of(r.due_date, ctx.today)),
                        r.period
                    ],
                )
            },
        )
    }
}
