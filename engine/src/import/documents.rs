//! `documents` files: `client_siren,label,requested_on,due_date,received_on,owner_email`;
//! natural key: client, label, requested on. A re-import without the received-on or owner column
//! keeps the stored ones.

use super::lookup::{CLIENT_COLUMNS, CLIENT_NAME, CLIENT_SIREN, Lookup};
use super::problem::Reason;
use super::row::RowReader;
use super::source::Column;
use super::{Kind, NaturalKey, WriteContext, fields, insert_or_update};
use crate::firm::alerts::SubjectType;
use crate::store::date_text;
use chrono::{Datelike, NaiveDate};
use rusqlite::params;
use std::borrow::Cow;

pub(crate) struct Documents;

pub(crate) struct DocumentRecord<'r> {
    client_id: i64,
    label: &'r str,
    requested_on: NaiveDate,
    due_date: NaiveDate,
    /// None when the file has no such column: the stored value stays.
    received_on: Option<Option<NaiveDate>>,
    /// None when the file has no such column: the stored owner stays.
    owner_id: Option<Option<i64>>,
}

impl Kind for Documents {
    type Record<'r> = DocumentRecord<'r>;
    const CLOSES: Option<SubjectType> = Some(SubjectType::Document);
    const COLUMNS: &'static [Column] = &[
        CLIENT_SIREN,
        CLIENT_NAME,
        Column {
            name: "label",
            aliases: &["libelle", "piece", "document", "intitule"],
            required: true,
            multiline: true,
        },
        Column {
            name: "requested_on",
            aliases: &["demande_le", "date_demande", "date_de_demande", "date_de_la_demande"],
            required: true,
            multiline: false,
        },
        Column {
            name: "due_date",
            aliases: &[
                "date_limite",
                "attendu_le",
                "echeance",
                "date_echeance",
                "date_d_echeance",
                "date_de_l_echeance",
            ],
            required: true,
            multiline: false,
        },
        Column {
            name: "received_on",
            aliases: &["recu_le", "date_reception", "date_de_reception", "date_de_la_reception"],
            required: false,
            multiline: false,
        },
        Column {
            name: "owner_email",
            aliases: &["responsable", "responsable_email", "suivi_par"],
            required: false,
            multiline: false,
        },
    ];
    const ONE_OF: &'static [&'static str] = CLIENT_COLUMNS;

    fn parse<'r>(row: &mut RowReader<'r>, lookup: &Lookup) -> Option<DocumentRecord<'r>> {
        let client = lookup.client(row, true);
        let label = row.required("label");
        let requested_on = row.parse_required("requested_on", fields::date);
        let due_date = row.parse_required("due_date", fields::date);
        let received_on = row.has("received_on").then(|| row.parse("received_on", fields::date));
        let owner = row.has("owner_email").then(|| lookup.staff(row, "owner_email"));
        if let (Some(requested), Some(due)) = (requested_on, due_date)
            && due < requested
        {
            row.error(
                "due_date",
                Reason::new(
                    format!("{due} is before the request date {requested}"),
                    format!(
                        "la date limite {} est avant la date de la demande {}",
                        due.format("%d/%m/%Y"),
                        requested.format("%d/%m/%Y")
                    ),
                ),
            );
        }
        Some(DocumentRecord {
            client_id: client??,
            label: label?,
            requested_on: requested_on?,
            due_date: due_date?,
            received_on,
            owner_id: owner,
        })
    }

    fn key<'k>(r: &'k DocumentRecord<'_>) -> NaturalKey<'k> {
        NaturalKey { number: r.client_id, text: Cow::Borrowed(r.label), when: r.requested_on.num_days_from_ce().into() }
    }

    fn write(ctx: &WriteContext<'_>, r: &DocumentRecord<'_>) -> rusqlite::Result<bool> {
        let cabinet = ctx.cabinet.id;
        let requested = date_text(r.requested_on);
        let due = date_text(r.due_date);
        let received = r.received_on.flatten().map(date_text);
        insert_or_update(
            || {
                ctx.execute(
                    "INSERT INTO document_requests (cabinet_id, client_id, label, requested_on, due_date, received_on, owner_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                     ON CONFLICT DO NOTHING",
                    params![cabinet, r.client_id, r.label, requested, due, received, r.owner_id.flatten()],
                )
            },
            || {
                ctx.execute(
                    "UPDATE document_requests SET due_date = ?5,
                         received_on = CASE WHEN ?6 THEN ?7 ELSE received_on END,
                         owner_id = CASE WHEN ?8 THEN ?9 ELSE owner_id END
                     WHERE cabinet_id = ?1 AND client_id = ?2 AND label = ?3 AND requested_on = ?4",
                    params![
                        cabinet,
                        r.client_id,
                        r.label,
                        requested,
                        due,
                        r.received_on.is_some(),
                        received,
                        r.owner_id.is_some(),
                        r.owner_id.flatten()
                    ],
                )
            },
        )
    }
}
