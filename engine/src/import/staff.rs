//! `staff` files: `name,email,role[,active]`; natural key: email. Without `active`, a new member
//! is active and an existing one keeps its flag.

use super::lookup::Lookup;
use super::row::RowReader;
use super::source::Column;
use super::{Kind, NaturalKey, WriteContext, fields};
use crate::model::Role;
use crate::staff::{NewStaff, upsert};
use std::borrow::Cow;

pub(crate) struct Staff;

impl Kind for Staff {
    type Record<'r> = NewStaff;
    const COLUMNS: &'static [Column] = &[
        Column {
            name: "name",
            aliases: &["nom", "nom_complet", "prenom_nom", "collaborateur"],
            required: true,
            multiline: false,
        },
        Column {
            name: "email",
            aliases: &["courriel", "e_mail", "mail", "adresse_email"],
            required: true,
            multiline: false,
        },
        Column { name: "role", aliases: &["fonction", "poste"], required: true, multiline: false },
        Column { name: "active", aliases: &["actif", "active", "en_poste"], required: false, multiline: false },
    ];

    fn parse(row: &mut RowReader<'_>, _: &Lookup) -> Option<NewStaff> {
        let name = row.required("name");
        let email = row.parse_required("email", fields::email);
        let role = row.parse_required("role", |t| fields::one_of(t, Role::parse, Role::expected));
        // An absent column or an empty cell keeps the stored flag: "no answer" is not "non".
        let active = row.parse("active", fields::yes_no);
        Some(NewStaff { name: name?.to_string(), email: email?, role: role?, active })
    }

    fn key(record: &NewStaff) -> NaturalKey<'_> {
        NaturalKey { number: 0, text: Cow::Borrowed(&record.email), when: 0 }
    }

    fn write(ctx: &WriteContext<'_>, record: &NewStaff) -> rusqlite::Result<bool> {
        upsert(ctx.conn, ctx.cabinet.id, &ctx.now, record).map(|(_, created)| created).map_err(|e| match e {
            crate::Error::Db(e) => e,
            other => rusqlite::Error::ToSqlConversionFailure(other.into()),
        })
    }
}
