//! `clients` files: `name,siren,manager_email,vat_regime,fiscal_year_end`, then what the fiscal
//! calendar reads (`taxation`, `first_closing`, `tax_department`, `payroll`, `cfe_over_3000`,
//! `is_over_3000`, `cvae_filer`); natural key: SIREN, or the name for a client without SIREN.
//! A re-import without some of the optional columns keeps the stored values of those.

use super::lookup::Lookup;
use super::row::RowReader;
use super::source::Column;
use super::{Kind, NaturalKey, WriteContext, fields};
use crate::fiscal::{Payroll, Taxation};
use crate::model::{VatRegime, normalize};
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};
use std::borrow::Cow;

pub(crate) struct Clients;

pub(crate) struct ClientRecord {
    name: String,
    siren: Option<String>,
    // Each None when the file has no such column (the stored value stays), Some(None) when the
    // cell is empty (the value is cleared).
    legal_form: Option<Option<String>>,
    manager_id: Option<Option<i64>>,
    vat_regime: Option<Option<VatRegime>>,
    fiscal_year_end: Option<Option<String>>,
    taxation: Option<Option<Taxation>>,
    first_closing: Option<Option<NaiveDate>>,
    tax_department: Option<Option<String>>,
    payroll: Option<Option<Payroll>>,
    cfe_over_3000: Option<Option<bool>>,
    is_over_3000: Option<Option<bool>>,
    cvae_filer: Option<Option<bool>>,
}

/// A column the file may leave out: None when absent, else the cell's value (None: empty).
fn optional<T>(
    row: &mut RowReader<'_>,
    column: &str,
    parse: impl Fn(&str) -> Result<T, super::Reason>,
) -> Option<Option<T>> {
    row.has(column).then(|| row.parse(column, parse))
}

impl Kind for Clients {
    type Record<'r> = ClientRecord;
    const COLUMNS: &'static [Column] = &[
        Column {
            name: "name",
            aliases: &["nom", "raison_sociale", "denomination", "client"],
            required: true,
            multiline: false,
        },
        Column {
            name: "siren",
            aliases: &["numero_siren", "numero_de_siren", "n°_siren", "n°siren", "no_siren", "n_siren"],
            required: false,
            multiline: false,
        },
        Column {
            name: "manager_email",
            aliases: &["responsable", "responsable_email", "email_responsable", "gestionnaire_email"],
            required: false,
            multiline: false,
        },
        Column {
            name: "vat_regime",
            aliases: &["regime_tva", "tva", "regime_de_tva"],
            required: false,
            multiline: false,
        },
        Column {
            name: "fiscal_year_end",
            aliases: &[
                "cloture",
                "date_cloture",
                "date_de_cloture",
                "fin_exercice",
                "fin_d_exercice",
                "fin_de_l_exercice",
                "cloture_exercice",
                "cloture_de_l_exercice",
            ],
            required: false,
            multiline: false,
        },
        Column { name: "legal_form", aliases: &["forme_juridique", "forme"], required: false, multiline: false },
        Column {
            name: "taxation",
            aliases: &["imposition", "regime_d_imposition", "regime_fiscal", "is_ir"],
            required: false,
            multiline: false,
        },
        Column {
            name: "first_closing",
            aliases: &["premiere_cloture", "date_de_premiere_cloture", "premier_exercice"],
            required: false,
            multiline: false,
        },
        Column {
            name: "tax_department",
            aliases: &["departement", "departement_sie", "sie", "service_des_impots"],
            required: false,
            multiline: false,
        },
        Column { name: "payroll", aliases: &["salaries", "effectif", "paie"], required: false, multiline: false },
        Column { name: "cfe_over_3000", aliases: &["cfe_3000", "cfe_plus_de_3000"], required: false, multiline: false },
        Column { name: "is_over_3000", aliases: &["is_3000", "is_plus_de_3000"], required: false, multiline: false },
        Column { name: "cvae_filer", aliases: &["cvae", "declarant_cvae"], required: false, multiline: false },
    ];

    fn parse(row: &mut RowReader<'_>, lookup: &Lookup) -> Option<ClientRecord> {
        let name = row.required("name");
        let siren = row.parse("siren", fields::siren);
        let manager = row.has("manager_email").then(|| lookup.staff(row, "manager_email"));
        let vat = row
            .has("vat_regime")
            .then(|| row.parse("vat_regime", |t| fields::one_of(t, VatRegime::parse, VatRegime::expected)));
        let fye = row.has("fiscal_year_end").then(|| row.parse("fiscal_year_end", fields::day_month));
        let taxation = optional(row, "taxation", |t| fields::one_of(t, Taxation::parse, Taxation::expected));
        let first_closing = optional(row, "first_closing", fields::date);
        let tax_department = optional(row, "tax_department", fields::department);
        let payroll = optional(row, "payroll", |t| fields::one_of(t, Payroll::parse, Payroll::expected));
        let cfe_over_3000 = optional(row, "cfe_over_3000", fields::yes_no);
        let is_over_3000 = optional(row, "is_over_3000", fields::yes_no);
        let cvae_filer = optional(row, "cvae_filer", fields::yes_no);
        Some(ClientRecord {
            name: name?.to_string(),
            siren,
            legal_form: row.has("legal_form").then(|| row.text("legal_form").map(str::to_string)),
            manager_id: manager,
            vat_regime: vat,
            fiscal_year_end: fye,
            taxation,
            first_closing,
            tax_department,
            payroll,
            cfe_over_3000,
            is_over_3000,
            cvae_filer,
        })
    }

    fn key<'k>(record: &'k ClientRecord) -> NaturalKey<'k> {
        // By SIREN (number 0), or by name for a client without one (number 1).
        match &record.siren {
            Some(siren) => NaturalKey { number: 0, text: Cow::Borrowed(siren), when: 0 },
            None => NaturalKey { number: 1, text: Cow::Owned(normalize(&record.name)), when: 0 },
        }
    }

    fn write(ctx: &WriteContext<'_>, r: &ClientRecord) -> rusqlite::Result<bool> {
        let cabinet = ctx.cabinet.id;
        let by_siren = |siren: &str| {
            ctx.conn
                .prepare_cached("SELECT id FROM clients WHERE cabinet_id = ?1 AND siren = ?2")?
                .query_row(params![cabinet, siren], |r| r.get::<_, i64>(0))
                .optional()
        };
        // A client first entered without SIREN gets it on the next import rather than a twin.
        let by_name = || {
            ctx.conn
                .prepare_cached("SELECT id FROM clients WHERE cabinet_id = ?1 AND siren IS NULL AND name = ?2")?
                .query_row(params![cabinet, r.name], |r| r.get::<_, i64>(0))
                .optional()
        };
        // A row without SIREN (a `name;manager_email` file) updates the one client of that name
        // that has a SIREN, rather than creating a twin without it.
        let by_name_with_siren = || -> rusqlite::Result<Option<i64>> {
            let mut stmt = ctx.conn.prepare_cached(
                "SELECT id FROM clients WHERE cabinet_id = ?1 AND siren IS NOT NULL AND name = ?2 LIMIT 2",
            )?;
            let ids = stmt
                .query_map(params![cabinet, r.name], |r| r.get::<_, i64>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(if ids.len() == 1 { Some(ids[0]) } else { None })
        };
        let existing = match &r.siren {
            Some(siren) => match by_siren(siren)? {
                Some(id) => Some(id),
                None => by_name()?,
            },
            None => match by_name()? {
                Some(id) => Some(id),
                None => by_name_with_siren()?,
            },
        };
        match existing {
            Some(id) => {
                ctx.execute(
                    "UPDATE clients SET name = ?2, siren = coalesce(?3, siren),
                         legal_form = CASE WHEN ?4 THEN ?5 ELSE legal_form END,
                         manager_id = CASE WHEN ?6 THEN ?7 ELSE manager_id END,
                         vat_regime = CASE WHEN ?8 THEN ?9 ELSE vat_regime END,
                         fiscal_year_end = CASE WHEN ?10 THEN ?11 ELSE fiscal_year_end END,
                         taxation = CASE WHEN ?13 THEN ?14 ELSE taxation END,
                         first_closing = CASE WHEN ?15 THEN ?16 ELSE first_closing END,
                         tax_department = CASE WHEN ?17 THEN ?18 ELSE tax_department END,
                         payroll = CASE WHEN ?19 THEN ?20 ELSE payroll END,
                         cfe_over_3000 = CASE WHEN ?21 THEN ?22 ELSE cfe_over_3000 END,
                         is_over_3000 = CASE WHEN ?23 THEN ?24 ELSE is_over_3000 END,
                         cvae_filer = CASE WHEN ?25 THEN ?26 ELSE cvae_filer END
                     WHERE id = ?1 AND cabinet_id = ?12",
                    params![
                        id,
                        r.name,
                        r.siren,
                        r.legal_form.is_some(),
                        r.legal_form.as_ref().and_then(Option::as_ref),
                        r.manager_id.is_some(),
                        r.manager_id.flatten(),
                        r.vat_regime.is_some(),
                        r.vat_regime.flatten(),
                        r.fiscal_year_end.is_some(),
                        r.fiscal_year_end.as_ref().and_then(Option::as_ref),
                        cabinet,
                        r.taxation.is_some(),
                        r.taxation.flatten(),
                        r.first_closing.is_some(),
                        r.first_closing.flatten(),
                        r.tax_department.is_some(),
                        r.tax_department.as_ref().and_then(Option::as_ref),
                        r.payroll.is_some(),
                        r.payroll.flatten(),
                        r.cfe_over_3000.is_some(),
                        r.cfe_over_3000.flatten(),
                        r.is_over_3000.is_some(),
                        r.is_over_3000.flatten(),
                        r.cvae_filer.is_some(),
                        r.cvae_filer.flatten(),
                    ],
                )?;
                Ok(false)
            }
            None => {
                ctx.execute(
                    "INSERT INTO clients (cabinet_id, name, siren, legal_form, manager_id, vat_regime, fiscal_year_end, created_at,
                                          taxation, first_closing, tax_department, payroll, cfe_over_3000, is_over_3000, cvae_filer)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                    params![
                        cabinet,
                        r.name,
                        r.siren,
                        r.legal_form.as_ref().and_then(Option::as_ref),
                        r.manager_id.flatten(),
                        r.vat_regime.flatten(),
                        r.fiscal_year_end.as_ref().and_then(Option::as_ref),
                        ctx.now,
                        r.taxation.flatten(),
                        r.first_closing.flatten(),
                        r.tax_department.as_ref().and_then(Option::as_ref),
                        r.payroll.flatten(),
                        r.cfe_over_3000.flatten(),
                        r.is_over_3000.flatten(),
                        r.cvae_filer.flatten(),
                    ],
                )?;
                Ok(true)
            }
        }
    }
}
