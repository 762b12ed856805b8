//! Demo data: a small, realistic firm placed around today's date, to try Vigie without real
//! files. Everything is deterministic: the same date gives the same rows.
//!
//! The clients carry what the fiscal calendar reads (regime, closing, tax office, payroll…), and
//! their deadlines are the calendar's own ([`crate::fiscal`]), from a month back to 15 months
//! ahead: the past ones done, some of the coming ones under way. A handful of one-off
//! deadlines, tasks, document requests and events are placed relative to today so that a check
//! run right after seeding raises every one of the four alert kinds.

use crate::cabinet::{self, Cabinet};
use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::fiscal::generate::Span;
use crate::model::Role;
use crate::staff::{self, NewStaff};
use crate::store::{Store, date_text, instant_text};
use chrono::{Datelike, Days, NaiveDate, NaiveTime, Weekday};
use rusqlite::{Connection, params};
use serde::Serialize;

/// What the demo put in the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoReport {
    /// Cabinet seeded.
    pub cabinet: String,
    /// Staff members created or updated.
    pub staff: u64,
    /// Clients (dossiers) created.
    pub clients: u64,
    /// Deadlines created.
    pub deadlines: u64,
    /// Document requests created.
    pub documents: u64,
    /// Tasks created.
    pub tasks: u64,
    /// Events created.
    pub events: u64,
}

/// Fills the cabinet `cabinet_name` (created in Europe/Paris if it does not exist) with a demo
/// firm around today's date. Refuses a cabinet that already holds clients, tasks or events, so
/// that demo data never mixes with real data.
pub fn seed(store: &mut Store, clock: &dyn Clock, cabinet_name: &str) -> Result<DemoReport> {
    let cabinet = match cabinet::find(store, cabinet_name)? {
        Some(c) => {
            if holds_data(store, c.id)? {
                return Err(Error::InvalidInput(format!(
                    "cabinet \"{}\" already holds data; demo data goes only into an empty cabinet",
                    c.name
                )));
            }
            c
        }
        None => cabinet::add(store, clock, cabinet_name, None)?,
    };
    let today = cabinet.today(clock);
    let now = instant_text(clock.now());
    let tx = store.begin_write()?;
    let report = Seeder { tx: &tx, store: tx.store(), cabinet: &cabinet, today, now, rng: Lcg::new() }.run()?;
    tx.commit()?;
    Ok(report)
}

fn holds_data(store: &Store, cabinet_id: i64) -> Result<bool> {
    let n: i64 = store.conn().query_row(
        "SELECT (SELECT count(*) FROM clients WHERE cabinet_id = ?1)
              + (SELECT count(*) FROM tasks WHERE cabinet_id = ?1)
              + (SELECT count(*) FROM events WHERE cabinet_id = ?1)",
        [cabinet_id],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

/// A tiny linear congruential generator (Knuth's MMIX constants): deterministic variety.
struct Lcg(u64);

impl Lcg {
    fn new() -> Self {
        Self(0x5EED_DA7A_0F71_61E5)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u32) -> u32 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % u64::from(n)) as u32
    }
}

// Staff, by index in `STAFF`.
const CLAIRE: usize = 0;
const PHILIPPE: usize = 1;
const JULIEN: usize = 2;
const SOPHIE: usize = 3;
const NADIA: usize = 4;

#[rustfmt::skip]
const STAFF: [(&str, &str, Role); 5] = [
    ("Claire Moreau", "claire.moreau@cabinet-demo.fr", Role::Expert),
    ("Philippe Garnier", "philippe.garnier@cabinet-demo.fr", Role::Expert),
    ("Julien Lefèvre", "julien.lefevre@cabinet-demo.fr", Role::Collaborateur),
    ("Sophie Martin", "sophie.martin@cabinet-demo.fr", Role::Collaborateur),
    ("Nadia Benali", "nadia.benali@cabinet-demo.fr", Role::Assistant),
];

/// The annual return a client files.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Return {
    /// None (non-profit association).
    None,
    /// Liasse fiscale (BIC, IS).
    Liasse,
    /// 2035 (BNC, liberal professions).
    Bnc,
    /// 2072 (SCI).
    Sci,
}

struct DemoClient {
    name: &'static str,
    legal_form: &'static str,
    vat: Option<&'static str>,
    fiscal_year_end: &'static str,
    manager: usize,
    /// Day of the month the DSN is due (5 from 50 employees, else 15); `None`: no payroll.
    payroll: Option<u32>,
    /// Subject to corporate tax (IS instalments and balance).
    corporate_tax: bool,
    /// Pays CVAE (turnover above 500 k€).
    cvae: bool,
    /// Pays CFE.
    cfe: bool,
    annual_return: Return,
    /// Holds stock (inventory requested at closing).
    stock: bool,
}

macro_rules! client {
    ($name:literal, $form:literal, $vat:expr, $fye:literal, $manager:expr, $payroll:expr,
     is: $is:literal, cvae: $cvae:literal, cfe: $cfe:literal, $ret:expr, stock: $stock:literal) => {
        DemoClient {
            name: $name,
            legal_form: $form,
            vat: $vat,
            fiscal_year_end: $fye,
            manager: $manager,
            payroll: $payroll,
            corporate_tax: $is,
            cvae: $cvae,
            cfe: $cfe,
            annual_return: $ret,
            stock: $stock,
        }
    };
}

const M: Option<&str> = Some("mensuel");
const T: Option<&str> = Some("trimestriel");
const A: Option<&str> = Some("annuel");
const F: Option<&str> = Some("franchise");

/// The départements of the clients' tax offices, in turn (Paris and its ring have their own
/// VAT days).
const DEPARTMENTS: [&str; 6] = ["75", "92", "69", "93", "38", "94"];

#[rustfmt::skip]
const CLIENTS: [DemoClient; 20] = [
    client!("Boulangerie Dupont", "SARL", M, "31/12", JULIEN, Some(15), is: true, cvae: false, cfe: true, Return::Liasse, stock: true),
    client!("Garage Martin & Fils", "SARL", M, "31/12", SOPHIE, Some(15), is: true, cvae: false, cfe: true, Return::Liasse, stock: true),
    client!("SCI Les Tilleuls", "SCI", None, "31/12", PHILIPPE, None, is: false, cvae: false, cfe: false, Return::Sci, stock: false),
    client!("Pharmacie du Centre", "SELARL", M, "30/06", CLAIRE, Some(15), is: true, cvae: true, cfe: true, Return::Liasse, stock: true),
    client!("Transports Lemoine", "SAS", M, "31/12", CLAIRE, Some(5), is: true, cvae: true, cfe: true, Return::Liasse, stock: false),
    client!("Atelier Bois & Design", "EURL", T, "31/12", JULIEN, Some(15), is: true, cvae: false, cfe: true, Return::Liasse, stock: true),
    client!("Docteur Hélène Fabre", "EI", None, "31/12", SOPHIE, Some(15), is: false, cvae: false, cfe: true, Return::Bnc, stock: false),
    client!("Restaurant Le Petit Zinc", "SARL", M, "30/09", SOPHIE, Some(15), is: true, cvae: false, cfe: true, Return::Liasse, stock: true),
    client!("Association Sportive de Villeneuve", "Association", None, "31/08", NADIA, Some(15), is: false, cvae: false, cfe: false, Return::None, stock: false),
    client!("Éditions du Rhône", "SAS", T, "31/03", PHILIPPE, Some(15), is: true, cvae: false, cfe: true, Return::Liasse, stock: true),
    client!("Plomberie Roussel", "EI", A, "31/12", JULIEN, None, is: false, cvae: false, cfe: true, Return::Liasse, stock: false),
    client!("Boutique Caprices", "EURL", A, "31/12", SOPHIE, Some(15), is: true, cvae: false, cfe: true, Return::Liasse, stock: true),
    client!("Domaine des Coteaux", "SCEA", T, "30/09", PHILIPPE, Some(15), is: false, cvae: false, cfe: false, Return::Liasse, stock: true),
    client!("Nexa Conseil", "SAS", M, "31/12", CLAIRE, Some(15), is: true, cvae: false, cfe: true, Return::Liasse, stock: false),
    client!("SCI Montaigne Patrimoine", "SCI", None, "31/12", PHILIPPE, None, is: false, cvae: false, cfe: false, Return::Sci, stock: false),
    client!("Fleurs de Saison", "EI", F, "31/12", SOPHIE, None, is: false, cvae: false, cfe: true, Return::Liasse, stock: true),
    client!("Imprimerie Girard", "SAS", M, "31/12", JULIEN, Some(5), is: true, cvae: true, cfe: true, Return::Liasse, stock: true),
    client!("Mécanique Précision Alpes", "SAS", M, "30/06", CLAIRE, Some(5), is: true, cvae: true, cfe: true, Return::Liasse, stock: true),
    client!("Coiffure Élégance", "SARL", T, "31/12", SOPHIE, Some(15), is: true, cvae: false, cfe: true, Return::Liasse, stock: false),
    client!("Agence Horizon Immobilier", "SARL", M, "31/03", JULIEN, Some(15), is: true, cvae: false, cfe: true, Return::Liasse, stock: false),
];

// Clients, by index in `CLIENTS`, that the one-off data below refers to.
const BOULANGERIE: usize = 0;
const GARAGE: usize = 1;
const SCI_TILLEULS: usize = 2;
const PHARMACIE: usize = 3;
const TRANSPORTS: usize = 4;
const ATELIER: usize = 5;
const RESTAURANT: usize = 7;
const EDITIONS: usize = 9;
const NEXA: usize = 13;
const IMPRIMERIE: usize = 16;
const MECANIQUE: usize = 17;
const AGENCE: usize = 19;

#[rustfmt::skip]
const MONTHS: [&str; 12] = [
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre",
];

/// "de novembre", "d'octobre".
fn of_month(month: u32) -> String {
    let name = MONTHS[(month - 1) as usize];
    if name.starts_with(['a', 'o']) { format!("d'{name}") } else { format!("de {name}") }
}

/// The month before `month` (1-based), with its year.
fn previous_month(year: i32, month: u32) -> (i32, u32) {
    if month == 1 { (year - 1, 12) } else { (year, month - 1) }
}

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("demo dates are valid")
}

/// A weekend day moves back to the Friday before (requests, tasks: people work on weekdays).
fn previous_working_day(d: NaiveDate) -> NaiveDate {
    match d.weekday() {
        Weekday::Sat => d - Days::new(1),
        Weekday::Sun => d - Days::new(2),
        _ => d,
    }
}

fn offset(today: NaiveDate, days: i64) -> NaiveDate {
    today + chrono::Duration::days(days)
}

/// "31/12" as (day, month).
fn day_month(text: &str) -> (u32, u32) {
    let (d, m) = text.split_once('/').expect("demo fiscal year ends are DD/MM");
    (d.parse().expect("day"), m.parse().expect("month"))
}

/// The latest closing date of a client's fiscal year on or before `day`.
fn last_closing(fiscal_year_end: &str, day: NaiveDate) -> NaiveDate {
    let (d, m) = day_month(fiscal_year_end);
    let this_year = date(day.year(), m, d);
    if this_year <= day { this_year } else { date(day.year() - 1, m, d) }
}

/// (client, days from today, kind, label, status, assignee).
type OneOffDeadline = (usize, i64, &'static str, &'static str, &'static str, Option<usize>);

/// (client, title, days from today, local hour, minute, importance, audience).
type DemoEvent = (Option<usize>, String, i64, u32, u32, &'static str, Option<usize>);

struct Seeder<'a> {
    tx: &'a Connection,
    store: &'a Store,
    cabinet: &'a Cabinet,
    today: NaiveDate,
    now: String,
    rng: Lcg,
}

impl Seeder<'_> {
    fn run(mut self) -> Result<DemoReport> {
        let staff = self.staff()?;
        let clients = self.clients(&staff)?;
        let deadlines = self.deadlines(&staff, &clients)?;
        let documents = self.documents(&staff, &clients)?;
        let tasks = self.tasks(&staff, &clients)?;
        let events = self.events(&staff, &clients)?;
        Ok(DemoReport {
            cabinet: self.cabinet.name.clone(),
            staff: staff.len() as u64,
            clients: clients.len() as u64,
            deadlines,
            documents,
            tasks,
            events,
        })
    }

    fn day(&self, days: i64) -> String {
        date_text(offset(self.today, days))
    }

    /// The working day `days` from today, or the Friday before it.
    fn workday(&self, days: i64) -> String {
        date_text(previous_working_day(offset(self.today, days)))
    }

    fn staff(&mut self) -> Result<Vec<i64>> {
        STAFF
            .iter()
            .map(|(name, email, role)| {
                let member = NewStaff {
                    name: (*name).to_string(),
                    email: (*email).to_string(),
                    role: *role,
                    active: Some(true),
                };
                Ok(staff::upsert(self.tx, self.cabinet.id, &self.now, &member)?.0)
            })
            .collect()
    }

    fn clients(&mut self, staff: &[i64]) -> Result<Vec<i64>> {
        let mut stmt = self.tx.prepare(
            "INSERT INTO clients
                 (cabinet_id, name, siren, legal_form, vat_regime, fiscal_year_end, manager_id, created_at,
                  taxation, tax_department, payroll, cfe_over_3000, is_over_3000, cvae_filer)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?;
        let mut ids = Vec::with_capacity(CLIENTS.len());
        for (i, c) in CLIENTS.iter().enumerate() {
            // Eight distinct leading digits per client (step coprime with the modulus), first
            // digit never 0, completed with their Luhn key.
            let base = 30_000_000 + (i as u32 * 3_137_263 + 1_468_021) % 69_999_989;
            let siren = crate::siren::with_check_digit(base);
            let taxation = match c.annual_return {
                _ if c.corporate_tax => Some("is"),
                Return::Bnc => Some("ir_bnc"),
                Return::Liasse | Return::Sci => Some("ir_bic"),
                Return::None => None,
            };
            let payroll = match c.payroll {
                Some(5) => "50_et_plus_paie_du_mois",
                Some(_) => "moins_de_50",
                None => "sans_salarie",
            };
            stmt.execute(params![
                self.cabinet.id,
                c.name,
                siren,
                c.legal_form,
                c.vat,
                c.fiscal_year_end,
                staff[c.manager],
                self.now,
                taxation,
                DEPARTMENTS[i % DEPARTMENTS.len()],
                payroll,
                c.cfe && c.cvae,
                c.corporate_tax.then_some(true),
                c.cvae,
            ])?;
            let id = self.tx.last_insert_rowid();
            if !c.cfe {
                // An SCI letting unfurnished premises, a non-profit: the firm turned CFE off.
                for kind in ["cfe", "cfe_acompte"] {
                    self.tx.execute(
                        "INSERT INTO calendar_off (cabinet_id, client_id, kind, created_at) VALUES (?1, ?2, ?3, ?4)",
                        params![self.cabinet.id, id, kind, self.now],
                    )?;
                }
            }
            ids.push(id);
        }
        Ok(ids)
    }

    fn deadlines(&mut self, staff: &[i64], clients: &[i64]) -> Result<u64> {
        let mut stmt = self.tx.prepare(
            "INSERT INTO deadlines (cabinet_id, client_id, kind, label, due_date, status, assignee_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (cabinet_id, client_id, kind, due_date) DO NOTHING",
        )?;
        // The calendar's deadlines from a month back: those past were filed, some of those to
        // come are under way, and some are assigned to someone other than the manager.
        let from = offset(self.today, -30);
        let span = Span::months(from, crate::app::calendar::DEFAULT_MONTHS + 1);
        let book = crate::app::calendar::rule_book()?;
        let (generated, _) = crate::fiscal::generate::write(self.store, self.cabinet, book, span, None, self.today)?;
        let mut n = generated.created;
        let rows: Vec<(i64, i64, String, String)> = self
            .tx
            .prepare("SELECT id, client_id, kind, due_date FROM deadlines WHERE cabinet_id = ?1 ORDER BY id")?
            .query_map([self.cabinet.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let today = date_text(self.today);
        let mut update = self.tx.prepare("UPDATE deadlines SET status = ?2, assignee_id = ?3 WHERE id = ?1")?;
        for (id, client, kind, due) in rows {
            let status = if due < today {
                "faite"
            } else if self.rng.below(4) == 0 {
                "en_cours"
            } else {
                "a_faire"
            };
            let manager = clients.iter().position(|&c| c == client).map(|i| staff[CLIENTS[i].manager]);
            let assignee = match self.rng.below(5) {
                0 => None,
                1 if matches!(kind.as_str(), "dsn" | "cfe") => Some(staff[NADIA]),
                _ => manager,
            };
            update.execute(params![id, status, assignee])?;
        }
        // One-off deadlines: due today, tomorrow, in 3 and 6 days, and two past ones not done.
        #[rustfmt::skip]
        let one_off: [OneOffDeadline; 6] = [
            (BOULANGERIE, 0, "depot_comptes", "Dépôt des comptes annuels au greffe", "a_faire", Some(NADIA)),
            (RESTAURANT, 1, "controle_fiscal", "Réponse à la proposition de rectification", "en_cours", Some(CLAIRE)),
            (SCI_TILLEULS, 3, "plus_value", "Déclaration de plus-value immobilière (2048-IMM)", "a_faire", None),
            (AGENCE, 6, "formalite", "Dépôt au greffe du transfert de siège social", "a_faire", None),
            (NEXA, -3, "tva_remboursement", "Demande de remboursement de crédit de TVA (3519)", "en_cours", Some(JULIEN)),
            (IMPRIMERIE, -11, "urssaf", "Régularisation URSSAF suite à mise en demeure", "depassee", Some(SOPHIE)),
        ];
        for (client, days, kind, label, status, assignee) in one_off {
            // The coming ones keep their exact day; the late ones fell due on a working day.
            let due = if days < 0 { self.workday(days) } else { self.day(days) };
            n += stmt.execute(params![
                self.cabinet.id,
                clients[client],
                kind,
                label,
                due,
                status,
                assignee.map(|s| staff[s])
            ])? as u64;
        }
        Ok(n)
    }

    fn documents(&mut self, staff: &[i64], clients: &[i64]) -> Result<u64> {
        let mut stmt = self.tx.prepare(
            "INSERT INTO document_requests
                 (cabinet_id, client_id, label, requested_on, due_date, received_on, owner_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        let (_, prev) = previous_month(self.today.year(), self.today.month());
        let month = of_month(prev);
        let current = of_month(self.today.month());
        let bank = format!("Relevés bancaires {month}");
        let loan = "Contrat de prêt et tableau d'amortissement".to_string();
        let business = [
            bank.clone(),
            format!("Factures d'achat {month}"),
            format!("Factures de vente {month}"),
            format!("Justificatifs des notes de frais {month}"),
            "Attestation de vigilance URSSAF".to_string(),
            loan.clone(),
            "Relevé du compte courant d'associé".to_string(),
        ];
        let sci = [
            bank.clone(),
            format!("Avis de taxe foncière {}", self.today.year()),
            loan.clone(),
            "Relevé du compte courant d'associé".to_string(),
        ];
        let association = [
            bank.clone(),
            "Relevé des cotisations des adhérents".to_string(),
            "Justificatifs des subventions reçues".to_string(),
        ];
        let liberal = [
            bank,
            format!("Relevé des honoraires perçus {month}"),
            format!("Justificatifs des notes de frais {month}"),
            loan,
        ];
        let mut n = 0;
        let mut k = 0;
        for (i, c) in CLIENTS.iter().enumerate() {
            let closed = last_closing(c.fiscal_year_end, self.today);
            let general: &[String] = match c.annual_return {
                Return::Sci => &sci,
                Return::None => &association,
                Return::Bnc => &liberal,
                Return::Liasse => &business,
            };
            let specific = if c.stock && (self.today - closed).num_days() <= 150 {
                format!("Inventaire de stock au {}", closed.format("%d/%m/%Y"))
            } else if c.annual_return == Return::Sci {
                format!("Quittances de loyer {month}")
            } else if c.annual_return == Return::None {
                "Procès-verbal de la dernière assemblée générale".to_string()
            } else if c.payroll.is_some() {
                format!("Éléments variables de paie {current}")
            } else {
                format!("Factures de vente {month}")
            };
            let mut labels = vec![specific];
            let extra = if i % 3 == 0 { 2 } else { 1 };
            for label in general.iter().cycle().skip(i).step_by(3).take(extra) {
                if !labels.contains(label) {
                    labels.push(label.clone());
                }
            }
            for label in labels {
                let jitter = i64::from(self.rng.below(3));
                // (requested, due, received) in days from today.
                let (requested, due, received) = match k % 5 {
                    0 => (-25 - jitter, -10, Some(-12 + jitter)),
                    1 => (-20 - jitter, -5 + jitter, None),
                    2 => (-8 - jitter, 2 + 2 * jitter, None),
                    3 => (-3 - jitter, 14 + jitter, None),
                    _ => (-6, 8 + jitter, Some(-1)),
                };
                k += 1;
                let owner = if self.rng.below(3) == 0 { Some(staff[NADIA]) } else { None };
                n += stmt.execute(params![
                    self.cabinet.id,
                    clients[i],
                    label,
                    self.workday(requested),
                    self.workday(due),
                    received.map(|d| self.workday(d)),
                    owner
                ])? as u64;
            }
        }
        Ok(n)
    }

    fn tasks(&mut self, staff: &[i64], clients: &[i64]) -> Result<u64> {
        let mut stmt = self.tx.prepare(
            "INSERT INTO tasks (cabinet_id, client_id, title, assignee_id, due_date, status, priority)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        let (_, prev) = previous_month(self.today.year(), self.today.month());
        let month = of_month(prev);
        let titles = [
            format!("Saisie des pièces comptables {month}"),
            format!("Rapprochement bancaire {month}"),
            "Révision du dossier annuel".to_string(),
            "Préparer le rendez-vous bilan".to_string(),
            "Lettrage des comptes fournisseurs".to_string(),
            format!("Établir les bulletins de paie {}", of_month(self.today.month())),
            "Relancer le client pour les pièces manquantes".to_string(),
            "Mettre à jour le tableau des immobilisations".to_string(),
            "Préparer l'AGO d'approbation des comptes".to_string(),
            "Calculer la provision pour congés payés".to_string(),
        ];
        // (days from today, status, priority)
        let scenarios = [
            (-12, "terminee", "normale"),
            (-2, "en_cours", "haute"),
            (4, "a_faire", "normale"),
            (-7, "en_retard", "urgente"),
            (18, "a_faire", "basse"),
            (9, "en_cours", "haute"),
            (-20, "terminee", "haute"),
        ];
        let mut n = 0;
        let mut k = 0;
        for (i, c) in CLIENTS.iter().enumerate() {
            let count = if i % 2 == 0 { 2 } else { 1 };
            for j in 0..count {
                let (days, status, priority) = scenarios[k % scenarios.len()];
                k += 1;
                let mut title = &titles[(i + 3 * j) % titles.len()];
                if c.payroll.is_none() && title.starts_with("Établir les bulletins") {
                    title = &titles[6];
                }
                // One late task has nobody assigned: its client's manager is alerted.
                let assignee = match (i, self.rng.below(4)) {
                    (ATELIER, _) => None,
                    (_, 0) => Some(staff[NADIA]),
                    _ => Some(staff[c.manager]),
                };
                let jitter = i64::from(self.rng.below(2));
                n += stmt.execute(params![
                    self.cabinet.id,
                    clients[i],
                    title,
                    assignee,
                    self.workday(days - jitter),
                    status,
                    priority
                ])? as u64;
            }
        }
        // Cabinet tasks, without a client.
        let internal = [
            ("Mettre à jour les lettres de mission", CLAIRE, -5, "en_cours", "haute"),
            ("Relancer les honoraires impayés", NADIA, -1, "a_faire", "normale"),
            ("Préparer le passage à la facturation électronique", PHILIPPE, 21, "en_cours", "haute"),
            ("Planifier la campagne des bilans", CLAIRE, 10, "a_faire", "normale"),
            ("Archiver les dossiers clôturés", NADIA, -15, "terminee", "basse"),
        ];
        for (title, who, days, status, priority) in internal {
            n += stmt.execute(params![
                self.cabinet.id,
                None::<i64>,
                title,
                staff[who],
                self.workday(days),
                status,
                priority
            ])? as u64;
        }
        Ok(n)
    }

    fn events(&mut self, staff: &[i64], clients: &[i64]) -> Result<u64> {
        let mut stmt = self.tx.prepare(
            "INSERT INTO events (cabinet_id, client_id, title, starts_at, importance, audience_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        let year = self.today.year();
        #[rustfmt::skip]
        let events: [DemoEvent; 10] = [
            (Some(RESTAURANT), "Rendez-vous client : présentation du bilan".into(), 1, 10, 0, "haute", Some(SOPHIE)),
            (Some(TRANSPORTS), "Contrôle fiscal : première visite du vérificateur".into(), 2, 9, 30, "haute", None),
            (None, "Réunion d'équipe hebdomadaire".into(), 1, 9, 0, "normale", None),
            (Some(NEXA), "Signature de la lettre de mission".into(), 2, 16, 0, "normale", Some(CLAIRE)),
            (Some(PHARMACIE), "Assemblée générale ordinaire (AGO)".into(), 5, 14, 30, "haute", Some(CLAIRE)),
            (Some(GARAGE), "Rendez-vous client : point sur la trésorerie".into(), 8, 11, 0, "normale", Some(SOPHIE)),
            (None, format!("Formation : loi de finances pour {}", year + 1), 16, 9, 0, "haute", None),
            (Some(EDITIONS), "Rendez-vous client : prévisionnel".into(), 24, 15, 0, "normale", Some(PHILIPPE)),
            (Some(MECANIQUE), "Assemblée générale extraordinaire (augmentation de capital)".into(), -4, 10, 0, "haute", Some(CLAIRE)),
            (Some(ATELIER), "Rendez-vous client : point trimestriel".into(), -6, 14, 0, "normale", Some(JULIEN)),
        ];
        let mut n = 0;
        for (client, title, days, hour, minute, importance, audience) in events {
            let local = offset(self.today, days)
                .and_time(NaiveTime::from_hms_opt(hour, minute, 0).expect("demo times are valid"));
            n += stmt.execute(params![
                self.cabinet.id,
                client.map(|c| clients[c]),
                title,
                instant_text(self.cabinet.local_to_utc(local)),
                importance,
                audience.map(|s| staff[s])
            ])? as u64;
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::FixedClock;
    use crate::detect;
    use chrono::{TimeZone, Utc};

    fn clock_at(y: i32, m: u32, d: u32) -> FixedClock {
        FixedClock::new(Utc.with_ymd_and_hms(y, m, d, 8, 0, 0).unwrap())
    }

    fn count(store: &Store, sql: &str) -> i64 {
        store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
    }

    /// Every row of every business table, as text, in id order.
    fn dump(store: &Store) -> Vec<String> {
        let mut out = Vec::new();
        for table in ["cabinets", "staff", "clients", "deadlines", "document_requests", "tasks", "events"] {
            let mut stmt = store.conn().prepare(&format!("SELECT * FROM {table} ORDER BY 1")).unwrap();
            let columns = stmt.column_count();
            let rows = stmt
                .query_map([], |r| {
                    let values = (0..columns)
                        .map(|i| r.get::<_, rusqlite::types::Value>(i).map(|v| format!("{v:?}")))
                        .collect::<rusqlite::Result<Vec<_>>>()?;
                    Ok(format!("{table}: {}", values.join(" | ")))
                })
                .unwrap();
            out.extend(rows.map(Result::unwrap));
        }
        out
    }

    #[test]
    fn seeds_the_promised_firm() {
        let mut store = Store::open_in_memory().unwrap();
        let clock = clock_at(2026, 11, 25);
        let report = seed(&mut store, &clock, "Cabinet Démo").unwrap();
        assert_eq!(report.cabinet, "Cabinet Démo");
        assert_eq!(report.staff, 5);
        assert_eq!(report.clients, 20);
        assert!(report.deadlines >= 60, "{report:?}");
        assert!(report.documents >= 40, "{report:?}");
        assert!(report.tasks >= 30, "{report:?}");
        assert!(report.events >= 8, "{report:?}");
        assert_eq!(count(&store, "SELECT count(*) FROM staff WHERE active = 1"), 5);
        assert_eq!(count(&store, "SELECT count(*) FROM staff WHERE role = 'expert'"), 2);
        assert_eq!(count(&store, "SELECT count(*) FROM clients"), 20);
        assert_eq!(count(&store, "SELECT count(*) FROM deadlines"), report.deadlines as i64);
        assert_eq!(count(&store, "SELECT count(*) FROM document_requests"), report.documents as i64);
        assert_eq!(count(&store, "SELECT count(*) FROM tasks"), report.tasks as i64);
        assert_eq!(count(&store, "SELECT count(*) FROM events"), report.events as i64);
        assert_eq!(count(&store, "SELECT count(*) FROM staff WHERE email = 'claire.moreau@cabinet-demo.fr'"), 1);
        // Every row belongs to the cabinet.
        let c = cabinet::find(&store, "Cabinet Démo").unwrap().unwrap();
        for table in ["staff", "clients", "deadlines", "document_requests", "tasks", "events"] {
            let other: i64 = store
                .conn()
                .query_row(&format!("SELECT count(*) FROM {table} WHERE cabinet_id <> ?1"), [c.id], |r| r.get(0))
                .unwrap();
            assert_eq!(other, 0, "{table}");
        }
        // Every SIREN is valid, and they are all different.
        let mut stmt = store.conn().prepare("SELECT siren FROM clients").unwrap();
        let sirens: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
        drop(stmt);
        for s in &sirens {
            assert_eq!(crate::siren::parse(s).as_ref(), Ok(s), "{s}");
        }
        let mut unique = sirens.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 20);
        // Deadlines span a month back to 15 months ahead; the past ones are mostly done.
        let today = c.today(&clock);
        let (min, max): (String, String) = store
            .conn()
            .query_row("SELECT min(due_date), max(due_date) FROM deadlines", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap();
        assert!(min >= date_text(offset(today, -30)) && max <= date_text(offset(today, 16 * 31)), "{min} {max}");
        let past_open =
            count(&store, "SELECT count(*) FROM deadlines WHERE due_date < '2026-11-25' AND status <> 'faite'");
        assert_eq!(past_open, 2);
        let labels: Vec<String> = store
            .conn()
            .prepare("SELECT DISTINCT label FROM deadlines")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for label in ["TVA CA3 — octobre 2026", "DSN — novembre 2026", "CFE 2026", "IS acompte n° 4 — exercice 2026"]
        {
            assert!(labels.iter().any(|l| l == label), "{label}: {labels:?}");
        }
        // They are the fiscal calendar's: generating again finds every one.
        let generated = count(&store, "SELECT count(*) FROM deadlines WHERE generated = 1");
        assert!(generated >= 400, "{generated}");
        let again = crate::app::calendar::regenerate(&mut store, &c, None, today).unwrap().0;
        assert_eq!((again.created, again.removed), (0, 0), "{again:?}");
        // The SCIs and the association have no CFE: the firm turned it off for them.
        let sci_cfe = count(
            &store,
            "SELECT count(*) FROM deadlines d JOIN clients c ON c.id = d.client_id
             WHERE c.legal_form IN ('SCI', 'Association') AND d.kind LIKE 'cfe%'",
        );
        assert_eq!(sci_cfe, 0);
    }

    #[test]
    fn a_check_right_after_raises_all_four_kinds() {
        let mut store = Store::open_in_memory().unwrap();
        let clock = clock_at(2026, 11, 25);
        seed(&mut store, &clock, "Démo").unwrap();
        let cabinet = cabinet::find(&store, "Démo").unwrap().unwrap();
        let report = detect::check(&mut store, &cabinet, cabinet.today(&clock), clock.now()).unwrap();
        let created = &report.created;
        assert!(created.echeance_proche >= 1, "{created:?}");
        assert!(created.documents_manquants >= 1, "{created:?}");
        assert!(created.taches_retard >= 1, "{created:?}");
        assert!(created.evenement_important >= 1, "{created:?}");
        // The event without an audience reaches the whole cabinet.
        let everyone =
            count(&store, "SELECT count(DISTINCT recipient_id) FROM notifications WHERE kind = 'evenement_important'");
        assert_eq!(everyone, 5);
        let overdue = count(&store, "SELECT count(*) FROM notifications WHERE title LIKE 'Échéance dépassée%'");
        assert!(overdue >= 2, "{overdue}");
        // And nothing twice.
        let again = detect::check(&mut store, &cabinet, cabinet.today(&clock), clock.now()).unwrap();
        assert_eq!(again.created.total(), 0);
    }

    #[test]
    fn every_day_of_the_year_gives_all_four_kinds() {
        let start = date(2026, 1, 1);
        for days in (0..=366).step_by(4) {
            let day = start + Days::new(days);
            let clock = FixedClock::new(Utc.from_utc_datetime(&day.and_hms_opt(7, 30, 0).unwrap()));
            let mut store = Store::open_in_memory().unwrap();
            seed(&mut store, &clock, "Démo").unwrap();
            let cabinet = cabinet::find(&store, "Démo").unwrap().unwrap();
            let report = detect::check(&mut store, &cabinet, cabinet.today(&clock), clock.now()).unwrap();
            for kind in crate::model::AlertKind::ALL {
                assert!(report.created.get(*kind) >= 1, "{day}: {kind} {:?}", report.created);
            }
        }
    }

    #[test]
    fn a_cabinet_is_seeded_once() {
        let mut store = Store::open_in_memory().unwrap();
        let clock = clock_at(2026, 11, 25);
        let first = seed(&mut store, &clock, "Démo").unwrap();
        let before = dump(&store);
        let err = seed(&mut store, &clock, "Démo").unwrap_err();
        assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
        assert_eq!(err.to_string(), "cabinet \"Démo\" already holds data; demo data goes only into an empty cabinet");
        assert_eq!(dump(&store), before);
        // An existing but empty cabinet is fine, and another cabinet is untouched.
        let other = cabinet::add(&store, &clock, "Vide", None).unwrap();
        let second = seed(&mut store, &clock, "Vide").unwrap();
        assert_eq!(second.clients, first.clients);
        assert_eq!(cabinet::find(&store, "Vide").unwrap().unwrap().id, other.id);
        assert_eq!(count(&store, "SELECT count(*) FROM clients"), 40);
    }

    #[test]
    fn the_same_day_gives_the_same_rows() {
        let clock = clock_at(2027, 3, 28);
        let mut a = Store::open_in_memory().unwrap();
        let mut b = Store::open_in_memory().unwrap();
        let ra = seed(&mut a, &clock, "Démo").unwrap();
        let rb = seed(&mut b, &clock, "Démo").unwrap();
        assert_eq!(ra, rb);
        assert_eq!(dump(&a), dump(&b));
    }

    #[test]
    fn month_names_elide() {
        assert_eq!(of_month(10), "d'octobre");
        assert_eq!(of_month(4), "d'avril");
        assert_eq!(of_month(8), "d'août");
        assert_eq!(of_month(11), "de novembre");
    }
}
