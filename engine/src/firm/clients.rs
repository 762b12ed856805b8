//! Clients (dossiers): the table, the form, and deleting a client with everything it has.

use super::alerts::{self, Scope, Settled};
use super::form::{Field, Form};
use super::listing::{self, Conditions, ListQuery, Page, SortColumn, SortKey, Table};
use super::{Impact, PersonRef, RecordKind, check_person};
use crate::cabinet::Cabinet;
use crate::error::Result;
use crate::fiscal::{Payroll, Taxation};
use crate::model::VatRegime;
use crate::store::{Store, instant_text};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

/// A client as its row and its form show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Client {
    /// Row id.
    pub id: i64,
    /// Name (raison sociale).
    pub name: String,
    /// SIREN, nine digits (None for a client without one).
    pub siren: Option<String>,
    /// Legal form (SARL, SAS…).
    pub legal_form: Option<String>,
    /// VAT regime.
    pub vat_regime: Option<VatRegime>,
    /// Fiscal year end, `DD/MM`.
    pub fiscal_year_end: Option<String>,
    /// The staff member who manages the client's file.
    pub manager: Option<PersonRef>,
    /// What the fiscal calendar reads besides the above.
    pub fiscal: FiscalFacts,
}

/// What the fiscal calendar needs to know of a client besides its legal form, VAT regime and
/// closing; None where nobody said (the obligations depending on it are not generated).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct FiscalFacts {
    /// IS, IR BIC or IR BNC.
    pub taxation: Option<Taxation>,
    /// The first closing date, for a client in its first fiscal year (no IS instalment).
    pub first_closing: Option<NaiveDate>,
    /// The département of its tax office (`75`, `2A`, `971`).
    pub tax_department: Option<String>,
    /// Employees and pay day (the DSN's day).
    pub payroll: Option<Payroll>,
    /// Whether last year's CFE reached 3,000 € (June instalment).
    pub cfe_over_3000: Option<bool>,
    /// Whether last year's IS exceeded 3,000 € (IS instalments).
    pub is_over_3000: Option<bool>,
    /// Whether the turnover exceeds 152,500 € (1330-CVAE return).
    pub cvae_filer: Option<bool>,
}

/// A client as a form sends it: what the person typed, checked with the import's rules. An
/// empty text means "none" for the optional fields.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct ClientDraft {
    /// Name (required).
    pub name: String,
    /// SIREN (`732 829 320` or `732829320`); a client has at most one, and two clients never
    /// share one.
    pub siren: String,
    /// Legal form.
    pub legal_form: String,
    /// VAT regime: mensuel, trimestriel, annuel or franchise.
    pub vat_regime: String,
    /// Fiscal year end, `DD/MM` (such as `31/12`).
    pub fiscal_year_end: String,
    /// The manager's staff id.
    pub manager_id: Option<i64>,
    /// Taxation: is, ir_bic or ir_bnc.
    pub taxation: String,
    /// First closing date, `YYYY-MM-DD` or `DD/MM/YYYY`.
    pub first_closing: String,
    /// Tax office's département (`75`, `2A`, `971`).
    pub tax_department: String,
    /// Employees: sans_salarie, moins_de_50, 50_et_plus_paie_du_mois or 50_et_plus_paie_decalee.
    pub payroll: String,
    /// Last year's CFE reached 3,000 € (None: not said).
    pub cfe_over_3000: Option<bool>,
    /// Last year's IS exceeded 3,000 € (None: not said).
    pub is_over_3000: Option<bool>,
    /// Turnover over 152,500 € (None: not said).
    pub cvae_filer: Option<bool>,
}

/// The columns a clients table sorts on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ClientSort {
    /// Name (default).
    #[default]
    Name,
    /// SIREN.
    Siren,
    /// Legal form.
    LegalForm,
    /// VAT regime.
    VatRegime,
    /// Fiscal year end, in the order of the year (month, then day).
    FiscalYearEnd,
    /// Manager's name.
    Manager,
}

impl SortColumn for ClientSort {
    fn key(self) -> SortKey {
        match self {
            ClientSort::Name => SortKey::Own("vigie_fold(c.name)"),
            ClientSort::Siren => SortKey::Own("c.siren"),
            ClientSort::LegalForm => SortKey::Own("vigie_fold(c.legal_form)"),
            ClientSort::VatRegime => SortKey::Own("c.vat_regime"),
            ClientSort::FiscalYearEnd => {
                SortKey::Own("substr(c.fiscal_year_end, 4, 2) || substr(c.fiscal_year_end, 1, 2)")
            }
            ClientSort::Manager => SortKey::NameOf { column: "c.manager_id", table: "staff" },
        }
    }
}

/// Which clients a table shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct ClientFilter {
    /// Only those this staff member manages.
    pub manager_id: Option<i64>,
    /// Only those of this VAT regime.
    pub vat_regime: Option<VatRegime>,
}

/// What a clients table asks for; the search looks at the name and the SIREN.
pub type ClientQuery = ListQuery<ClientSort, ClientFilter>;

const TABLE: Table = Table {
    from: "clients c",
    joins: "LEFT JOIN staff m ON m.id = c.manager_id",
    columns: "c.id, c.name, c.siren, c.legal_form, c.vat_regime, c.fiscal_year_end, c.manager_id, m.name, m.active,
              c.taxation, c.first_closing, c.tax_department, c.payroll, c.cfe_over_3000, c.is_over_3000, c.cvae_filer",
    id: "c.id",
};

fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Client> {
    Ok(Client {
        id: r.get(0)?,
        name: r.get(1)?,
        siren: r.get(2)?,
        legal_form: r.get(3)?,
        vat_regime: r.get(4)?,
        fiscal_year_end: r.get(5)?,
        manager: PersonRef::read(r, 6)?,
        fiscal: FiscalFacts {
            taxation: r.get(9)?,
            first_closing: r.get(10)?,
            tax_department: r.get(11)?,
            payroll: r.get(12)?,
            cfe_over_3000: r.get(13)?,
            is_over_3000: r.get(14)?,
            cvae_filer: r.get(15)?,
        },
    })
}

/// The rows a clients query's search and filters keep.
fn conditions(cabinet: &Cabinet, query: &ClientQuery) -> Conditions {
    let mut conditions = Conditions::for_cabinet("c", cabinet.id);
    conditions.equals("c.manager_id", query.filter.manager_id);
    conditions.equals("c.vat_regime", query.filter.vat_regime.map(|v| v.as_str().to_string()));
    let needle = listing::needle(query.search.as_deref());
    // A search made of digits (spaces and dots between groups allowed) is also a SIREN's part;
    // one with letters is a name only ("Client 012" must not find every SIREN holding 012).
    let search = query.search.as_deref().unwrap_or_default();
    let siren_like = search.chars().all(|c| c.is_ascii_digit() || c.is_whitespace() || c == '.');
    let digits: String = search.chars().filter(char::is_ascii_digit).collect();
    if !siren_like || digits.is_empty() {
        conditions.search(needle, &["vigie_contains(c.name, {needle})"]);
    } else {
        let d = conditions.arg(digits);
        let siren = format!("instr(c.siren, {d}) > 0");
        conditions.search(needle, &["vigie_contains(c.name, {needle})", &siren]);
    }
    conditions
}

/// A page of the cabinet's clients.
pub fn list(store: &Store, cabinet: &Cabinet, query: &ClientQuery) -> Result<Page<Client>> {
    listing::page(store.conn(), &TABLE, conditions(cabinet, query), query, read)
}

/// Every client the query's search and filters match, in its order, each given to `each` (an
/// export: no paging); returns how many.
pub fn each(
    store: &Store,
    cabinet: &Cabinet,
    query: &ClientQuery,
    each: impl FnMut(Client) -> Result<()>,
) -> Result<u64> {
    listing::every(store.conn(), &TABLE, conditions(cabinet, query), query, read, each)
}

/// One of the cabinet's clients.
pub fn get(store: &Store, cabinet: &Cabinet, id: i64) -> Result<Client> {
    listing::one(store.conn(), &TABLE, cabinet.id, id, read)?.ok_or_else(|| RecordKind::Client.missing(id))
}

/// A draft's values, checked.
struct Values {
    name: String,
    siren: Option<String>,
    legal_form: Option<String>,
    vat_regime: Option<VatRegime>,
    fiscal_year_end: Option<String>,
    manager_id: Option<i64>,
    fiscal: FiscalFacts,
}

/// Checks a draft for the client `id` (None: a new one): every field, the manager, and that no
/// other client has the same SIREN (or, without SIREN, the same name).
fn check(conn: &Connection, cabinet_id: i64, draft: &ClientDraft, id: Option<i64>) -> Result<Values> {
    let mut form = Form::default();
    let name = form.line(Field::Name, &draft.name, true);
    let siren = form.siren(Field::Siren, &draft.siren);
    let legal_form = form.line(Field::LegalForm, &draft.legal_form, false);
    let vat_regime = form.choice(Field::VatRegime, &draft.vat_regime, false, VatRegime::parse, VatRegime::expected());
    let fiscal_year_end = form.day_month(Field::FiscalYearEnd, &draft.fiscal_year_end);
    let manager_id = check_person(conn, &mut form, cabinet_id, Field::ManagerId, draft.manager_id)?;
    let fiscal = FiscalFacts {
        taxation: form.choice(Field::Taxation, &draft.taxation, false, Taxation::parse, Taxation::expected()),
        first_closing: form.date(Field::FirstClosing, &draft.first_closing, false),
        tax_department: form.department(Field::TaxDepartment, &draft.tax_department),
        payroll: form.choice(Field::Payroll, &draft.payroll, false, Payroll::parse, Payroll::expected()),
        cfe_over_3000: draft.cfe_over_3000,
        is_over_3000: draft.is_over_3000,
        cvae_filer: draft.cvae_filer,
    };
    if let Some(siren) = &siren {
        let other: Option<String> = conn
            .prepare_cached("SELECT name FROM clients WHERE cabinet_id = ?1 AND siren = ?2 AND id IS NOT ?3")?
            .query_row(params![cabinet_id, siren, id], |r| r.get(0))
            .optional()?;
        if let Some(other) = other {
            form.problem(
                Field::Siren,
                format!("another client has SIREN {siren}: \"{other}\""),
                format!("un autre client a déjà ce numéro SIREN : «\u{a0}{other}\u{a0}»"),
            );
        }
    } else if let Some(name) = name.as_ref().filter(|_| !form.has(Field::Siren)) {
        // Clients without SIREN are told apart by name, as the import refers to them: a twin
        // differing only by case or accents would make those references ambiguous.
        let other: Option<String> = conn
            .prepare_cached(
                "SELECT name FROM clients
                 WHERE cabinet_id = ?1 AND siren IS NULL AND vigie_fold(name) = vigie_fold(?2) AND id IS NOT ?3",
            )?
            .query_row(params![cabinet_id, name, id], |r| r.get(0))
            .optional()?;
        if let Some(other) = other {
            form.problem(
                Field::Name,
                format!("another client without SIREN is named \"{other}\": give this one its SIREN, or another name"),
                format!(
                    "un autre client sans SIREN s'appelle déjà «\u{a0}{other}\u{a0}» : indiquez le SIREN de celui-ci, ou un autre nom"
                ),
            );
        }
    }
    let values = name.map(|name| Values { name, siren, legal_form, vat_regime, fiscal_year_end, manager_id, fiscal });
    form.finish(values)
}

/// Creates a client from a form; nothing is stored when a field is wrong.
pub fn create(store: &mut Store, cabinet: &Cabinet, draft: &ClientDraft, now: DateTime<Utc>) -> Result<Client> {
    let tx = store.begin_write()?;
    let v = check(&tx, cabinet.id, draft, None)?;
    tx.execute(
        "INSERT INTO clients (cabinet_id, name, siren, legal_form, vat_regime, fiscal_year_end, manager_id, created_at,
                              taxation, first_closing, tax_department, payroll, cfe_over_3000, is_over_3000, cvae_filer)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        params![
            cabinet.id,
            v.name,
            v.siren,
            v.legal_form,
            v.vat_regime,
            v.fiscal_year_end,
            v.manager_id,
            instant_text(now),
            v.fiscal.taxation,
            v.fiscal.first_closing,
            v.fiscal.tax_department,
            v.fiscal.payroll,
            v.fiscal.cfe_over_3000,
            v.fiscal.is_over_3000,
            v.fiscal.cvae_filer,
        ],
    )?;
    let client = get(tx.store(), cabinet, tx.last_insert_rowid())?;
    tx.commit()?;
    Ok(client)
}

/// Replaces a client's values with a form's (the whole record; an empty optional field is
/// cleared); nothing is stored when a field is wrong.
pub fn update(store: &mut Store, cabinet: &Cabinet, id: i64, draft: &ClientDraft) -> Result<Client> {
    let tx = store.begin_write()?;
    get(tx.store(), cabinet, id)?;
    let v = check(&tx, cabinet.id, draft, Some(id))?;
    tx.execute(
        "UPDATE clients SET name = ?3, siren = ?4, legal_form = ?5, vat_regime = ?6, fiscal_year_end = ?7, manager_id = ?8,
                taxation = ?9, first_closing = ?10, tax_department = ?11, payroll = ?12,
                cfe_over_3000 = ?13, is_over_3000 = ?14, cvae_filer = ?15
         WHERE id = ?1 AND cabinet_id = ?2",
        params![
            id,
            cabinet.id,
            v.name,
            v.siren,
            v.legal_form,
            v.vat_regime,
            v.fiscal_year_end,
            v.manager_id,
            v.fiscal.taxation,
            v.fiscal.first_closing,
            v.fiscal.tax_department,
            v.fiscal.payroll,
            v.fiscal.cfe_over_3000,
            v.fiscal.is_over_3000,
            v.fiscal.cvae_filer,
        ],
    )?;
    let client = get(tx.store(), cabinet, id)?;
    tx.commit()?;
    Ok(client)
}

/// What deleting the client would take with it.
pub fn delete_impact(store: &Store, cabinet: &Cabinet, id: i64) -> Result<Impact> {
    get(store, cabinet, id)?;
    let conn = store.conn();
    // Tasks and events by `ifnull(client_id, 0)`, as their natural key's unique index has it.
    let count = |table: &str, client: &str| -> Result<u64> {
        let n: i64 = conn
            .prepare_cached(&format!("SELECT count(*) FROM {table} WHERE cabinet_id = ?1 AND {client} = ?2"))?
            .query_row(params![cabinet.id, id], |r| r.get(0))?;
        Ok(n.max(0) as u64)
    };
    Ok(Impact {
        deadlines: count("deadlines", "client_id")?,
        documents: count("document_requests", "client_id")?,
        tasks: count("tasks", "ifnull(client_id, 0)")?,
        events: count("events", "ifnull(client_id, 0)")?,
        notifications: alerts::count(conn, cabinet.id, Scope::Client(id))?,
    })
}

/// Deletes the client with its deadlines, documents, tasks and events (the schema's ON DELETE
/// CASCADE), their notifications and alert keys; queued alert emails listing them are
/// rewritten or withdrawn. Returns what went, and whose unread count moved.
pub fn delete(store: &mut Store, cabinet: &Cabinet, id: i64, today: NaiveDate) -> Result<(Impact, Settled)> {
    let tx = store.begin_write()?;
    let impact = delete_impact(tx.store(), cabinet, id)?;
    let settled = alerts::settle_deleted(tx.store(), cabinet, Scope::Client(id), today)?;
    tx.execute("DELETE FROM clients WHERE id = ?1 AND cabinet_id = ?2", params![id, cabinet.id])?;
    tx.commit()?;
    Ok((impact, settled))
}
