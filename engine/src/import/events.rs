//! `events` files: `client_siren,title,starts_at,importance,audience_email`;
//! natural key: client (or none), title, start. `starts_at` is the cabinet's local time. A
//! re-import without the importance or audience column keeps the stored ones.

use super::lookup::{CLIENT_NAME, CLIENT_SIREN, Lookup};
use super::row::RowReader;
use super::source::Column;
use super::{Kind, NaturalKey, WriteContext, fields, insert_or_update};
use crate::model::Importance;
use crate::store::instant_text;
use chrono::NaiveDateTime;
use rusqlite::params;
use std::borrow::Cow;

pub(crate) struct Events;

pub(crate) struct EventRecord<'r> {
    client_id: Option<i64>,
    title: &'r str,
    starts_at: NaiveDateTime,
    /// None when the column is absent or the cell empty: stored importance, `normale` when new.
    importance: Option<Importance>,
    /// None when the file has no audience column: the stored audience stays.
    audience_id: Option<Option<i64>>,
}

impl Kind for Events {
    type Record<'r> = EventRecord<'r>;
    const COLUMNS: &'static [Column] = &[
        CLIENT_SIREN,
        CLIENT_NAME,
        Column {
            name: "title",
            aliases: &["titre", "intitule", "evenement", "libelle"],
            required: true,
            multiline: false,
        },
        Column {
            name: "starts_at",
            aliases: &["debut", "date_debut", "date_de_debut", "date", "le", "date_heure", "date_et_heure"],
            required: true,
            multiline: false,
        },
        Column { name: "importance", aliases: &["niveau"], required: false, multiline: false },
        Column {
            name: "audience_email",
            aliases: &["destinataire", "destinataire_email", "pour", "audience"],
            required: false,
            multiline: false,
        },
    ];

    fn parse<'r>(row: &mut RowReader<'r>, lookup: &Lookup) -> Option<EventRecord<'r>> {
        let client = lookup.client(row, false);
        let title = row.required("title");
        let starts_at = row.parse_required("starts_at", fields::local_datetime);
        let importance = row.parse("importance", |t| fields::one_of(t, Importance::parse, Importance::expected));
        let audience = row.has("audience_email").then(|| lookup.staff(row, "audience_email"));
        Some(EventRecord {
            client_id: client?,
            title: title?,
            starts_at: starts_at?,
            importance,
            audience_id: audience,
        })
    }

    fn key<'k>(r: &'k EventRecord<'_>) -> NaturalKey<'k> {
        // The local start as a number (its seconds as if it were UTC): only told apart, never read.
        NaturalKey {
            number: r.client_id.unwrap_or(0),
            text: Cow::Borrowed(r.title),
            when: r.starts_at.and_utc().timestamp(),
        }
    }

    fn write(ctx: &WriteContext<'_>, r: &EventRecord<'_>) -> rusqlite::Result<bool> {
        let cabinet = ctx.cabinet.id;
        let starts = instant_text(ctx.cabinet.local_to_utc(r.starts_at));
        insert_or_update(
            || {
                ctx.execute(
                    "INSERT INTO events (cabinet_id, client_id, title, starts_at, importance, audience_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                     ON CONFLICT DO NOTHING",
                    params![
                        cabinet,
                        r.client_id,
                        r.title,
                        starts,
                        r.importance.unwrap_or(Importance::Normale),
                        r.audience_id.flatten()
                    ],
                )
            },
            || {
                ctx.execute(
                    "UPDATE events SET importance = coalesce(?5, importance),
                         audience_id = CASE WHEN ?6 THEN ?7 ELSE audience_id END
                     WHERE cabinet_id = ?1 AND ifnull(client_id, 0) = ifnull(?2, 0) AND title = ?3 AND starts_at = ?4",
                    params![
                        cabinet,
                        r.client_id,
                        r.title,
                        starts,
                        r.importance,
                        r.audience_id.is_some(),
                        r.audience_id.flatten()
                    ],
                )
            },
        )
    }
}
