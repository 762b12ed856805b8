//! Any table of the firm's data as a CSV file for French Excel ([`spreadsheet`]): every row the
//! table's search and filters match, in its sort order (its page is ignored), with French
//! headers, dates `DD/MM/YYYY` and statuses, kinds and regimes in the words the window shows.
//! Scoped to one cabinet like the tables themselves.

use super::clients::{self, ClientQuery};
use super::deadlines::{self, DeadlineQuery};
use super::documents::{self, DocumentQuery};
use super::events::{self, EventQuery};
use super::spreadsheet::Sheet;
use super::staff::{self, StaffQuery};
use super::tasks::{self, TaskQuery};
use super::{PersonRef, words};
use crate::cabinet::Cabinet;
use crate::error::{Error, Result};
use crate::inbox::ClientRef;
use crate::store::Store;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Which table to export, with the query the table shows it with (JSON
/// `{ "table": "deadlines", "query": { "search": "tva", "filter": { "open_only": true } } }`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "table", content = "query", rename_all = "snake_case")]
pub enum ExportTable {
    /// The clients (dossiers).
    Clients(ClientQuery),
    /// The deadlines (échéances).
    Deadlines(DeadlineQuery),
    /// The document requests.
    Documents(DocumentQuery),
    /// The tasks.
    Tasks(TaskQuery),
    /// The events.
    Events(EventQuery),
    /// The staff.
    Staff(StaffQuery),
}

impl ExportTable {
    /// The table's name in a file name: `echeances` in `vigie-echeances-2026-11-28.csv`.
    pub fn file_stem(&self) -> &'static str {
        match self {
            ExportTable::Clients(_) => "clients",
            ExportTable::Deadlines(_) => "echeances",
            ExportTable::Documents(_) => "pieces",
            ExportTable::Tasks(_) => "taches",
            ExportTable::Events(_) => "evenements",
            ExportTable::Staff(_) => "equipe",
        }
    }
}

/// A table written as CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    /// The file name to suggest: `vigie-echeances-2026-11-28.csv` (the cabinet's date).
    pub file_name: String,
    /// The file's bytes (UTF-8 with BOM, `;`, CRLF).
    pub bytes: Vec<u8>,
    /// Rows exported, the header not counted.
    pub rows: u64,
}

/// Writes every row of `table` in the cabinet (`today` is the cabinet's date: the file's name
/// and which document requests are late).
pub fn export(store: &Store, cabinet: &Cabinet, table: &ExportTable, today: NaiveDate) -> Result<Export> {
    let mut sheet;
    match table {
        ExportTable::Clients(query) => {
            sheet = Sheet::new(&[
                "Nom",
                "SIREN",
                "Forme juridique",
                "Régime de TVA",
                "Clôture de l'exercice",
                "Responsable",
                "Imposition",
                "Première clôture",
                "Département des impôts",
                "Salariés",
                "CFE ≥ 3 000 €",
                "IS > 3 000 €",
                "CA > 152 500 € (CVAE)",
            ])?;
            clients::each(store, cabinet, query, |c| {
                let vat = c.vat_regime.map(words::vat_regime).unwrap_or_default();
                let f = &c.fiscal;
                sheet.row([
                    c.name.as_str(),
                    &siren(c.siren.as_deref()),
                    c.legal_form.as_deref().unwrap_or_default(),
                    vat,
                    c.fiscal_year_end.as_deref().unwrap_or_default(),
                    person(&c.manager),
                    f.taxation.map(words::taxation).unwrap_or_default(),
                    &f.first_closing.map(date).unwrap_or_default(),
                    f.tax_department.as_deref().unwrap_or_default(),
                    f.payroll.map(words::payroll).unwrap_or_default(),
                    words::yes_no(f.cfe_over_3000),
                    words::yes_no(f.is_over_3000),
                    words::yes_no(f.cvae_filer),
                ])
            })?;
        }
        ExportTable::Deadlines(query) => {
            let headers = ["Client", "SIREN", "Type", "Libellé", "Échéance", "Statut", "Responsable"];
            sheet = Sheet::new(&headers)?;
            deadlines::each(store, cabinet, query, |d| {
                sheet.row([
                    d.client.name.as_str(),
                    &siren(d.client.siren.as_deref()),
                    &words::deadline_kind(&d.kind),
                    &d.label,
                    &date(d.due_date),
                    words::deadline_status(d.status),
                    person(&d.assignee),
                ])
            })?;
        }
        ExportTable::Documents(query) => {
            let headers = ["Client", "SIREN", "Pièce", "Demandée le", "Attendue le", "Reçue le", "État", "Suivi par"];
            sheet = Sheet::new(&headers)?;
            documents::each(store, cabinet, query, today, |r| {
                let state = match r.received_on {
                    Some(_) => "Reçue",
                    None if r.due_date < today => "En retard",
                    None => "Manquante",
                };
                sheet.row([
                    r.client.name.as_str(),
                    &siren(r.client.siren.as_deref()),
                    &r.label,
                    &date(r.requested_on),
                    &date(r.due_date),
                    &r.received_on.map(date).unwrap_or_default(),
                    state,
                    person(&r.owner),
                ])
            })?;
        }
        ExportTable::Tasks(query) => {
            let headers = ["Client", "SIREN", "Tâche", "Échéance", "Statut", "Priorité", "Responsable"];
            sheet = Sheet::new(&headers)?;
            tasks::each(store, cabinet, query, |t| {
                sheet.row([
                    client_name(&t.client),
                    &siren(t.client.as_ref().and_then(|c| c.siren.as_deref())),
                    &t.title,
                    &date(t.due_date),
                    words::task_status(t.status),
                    words::priority(t.priority),
                    person(&t.assignee),
                ])
            })?;
        }
        ExportTable::Events(query) => {
            sheet = Sheet::new(&["Client", "SIREN", "Événement", "Date et heure", "Importance", "Pour"])?;
            events::each(store, cabinet, query, |e| {
                let audience = e.audience.as_ref().map_or("Tout le cabinet", |p| p.name.as_str());
                sheet.row([
                    client_name(&e.client),
                    &siren(e.client.as_ref().and_then(|c| c.siren.as_deref())),
                    &e.title,
                    &e.starts_local.format("%d/%m/%Y %H:%M").to_string(),
                    words::importance(e.importance),
                    audience,
                ])
            })?;
        }
        ExportTable::Staff(query) => {
            sheet = Sheet::new(&["Nom", "E-mail", "Rôle", "Actif"])?;
            staff::each(store, cabinet, query, |m| {
                sheet.row([m.name.as_str(), &m.email, words::role(m.role), if m.active { "Oui" } else { "Non" }])
            })?;
        }
    }
    let rows = sheet.rows();
    Ok(Export { file_name: file_name(table, today), bytes: sheet.finish()?, rows })
}

/// Writes the export into `dir` under its name, or `name (2).csv`, `name (3).csv`… when taken:
/// an existing file is never overwritten. The file is private to the user (mode 0600 on Unix:
/// it holds the firm's data). Returns its path.
pub fn save(dir: &Path, export: &Export) -> Result<PathBuf> {
    let (stem, extension) = export.file_name.rsplit_once('.').unwrap_or((&export.file_name, ""));
    for n in 1..=MAX_COPIES {
        let name = match n {
            1 => export.file_name.clone(),
            n if extension.is_empty() => format!("{stem} ({n})"),
            n => format!("{stem} ({n}).{extension}"),
        };
        let path = dir.join(name);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = match options.open(&path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(source) => return Err(Error::Io { path, source }),
        };
        let written = file.write_all(&export.bytes).and_then(|()| file.sync_all());
        if let Err(source) = written {
            // A half-written file (disk full) is worse than none.
            let _ = std::fs::remove_file(&path);
            return Err(Error::Io { path, source });
        }
        return Ok(path);
    }
    let path = dir.join(&export.file_name);
    Err(Error::Io {
        path,
        source: std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            format!("{MAX_COPIES} files of this name exist already in this folder"),
        ),
    })
}

/// Writes `bytes` to `path`, replacing the file if there is one, private to the user (mode 0600
/// on Unix for a new file); a half-written file is removed.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let io = |source| Error::Io { path: path.to_path_buf(), source };
    let mut file = options.open(path).map_err(io)?;
    if let Err(source) = file.write_all(bytes).and_then(|()| file.sync_all()) {
        let _ = std::fs::remove_file(path);
        return Err(io(source));
    }
    Ok(())
}

/// How many `name (n).csv` are tried before giving up.
const MAX_COPIES: u32 = 1_000;

/// `vigie-echeances-2026-11-28.csv`.
pub fn file_name(table: &ExportTable, today: NaiveDate) -> String {
    format!("vigie-{}-{}.csv", table.file_stem(), today.format("%Y-%m-%d"))
}

/// `28/11/2026`.
fn date(day: NaiveDate) -> String {
    day.format("%d/%m/%Y").to_string()
}

/// `732 829 320`: grouped as the French write it, which Excel also keeps as text (nine digits
/// would become a number, in scientific notation past eleven, and lose a leading zero).
fn siren(siren: Option<&str>) -> String {
    match siren {
        Some(s) if s.len() == 9 && s.is_ascii() => format!("{} {} {}", &s[..3], &s[3..6], &s[6..]),
        Some(s) => s.to_string(),
        None => String::new(),
    }
}

fn person(who: &Option<PersonRef>) -> &str {
    who.as_ref().map_or("", |p| p.name.as_str())
}

fn client_name(client: &Option<ClientRef>) -> &str {
    client.as_ref().map_or("", |c| c.name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_siren_is_grouped_by_three() {
        assert_eq!(siren(Some("732829320")), "732 829 320");
        assert_eq!(siren(Some("12")), "12");
        assert_eq!(siren(None), "");
    }

    #[test]
    fn the_file_is_named_after_the_table_and_the_cabinets_date() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        assert_eq!(file_name(&ExportTable::Deadlines(DeadlineQuery::default()), day), "vigie-echeances-2026-11-28.csv");
        assert_eq!(file_name(&ExportTable::Staff(StaffQuery::default()), day), "vigie-equipe-2026-11-28.csv");
    }

    #[test]
    fn a_saved_export_never_overwrites_a_file_and_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let export =
            |bytes: &[u8]| Export { file_name: "vigie-taches-2026-11-28.csv".into(), bytes: bytes.to_vec(), rows: 0 };
        std::fs::write(dir.path().join("vigie-taches-2026-11-28.csv"), "à moi").unwrap();
        let second = save(dir.path(), &export(b"un")).unwrap();
        let third = save(dir.path(), &export(b"deux")).unwrap();
        assert_eq!(second, dir.path().join("vigie-taches-2026-11-28 (2).csv"));
        assert_eq!(third, dir.path().join("vigie-taches-2026-11-28 (3).csv"));
        assert_eq!(std::fs::read_to_string(dir.path().join("vigie-taches-2026-11-28.csv")).unwrap(), "à moi");
        assert_eq!(std::fs::read(&third).unwrap(), b"deux");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&second).unwrap().permissions().mode() & 0o777, 0o600);
        }
        let missing = dir.path().join("absent");
        assert!(matches!(save(&missing, &export(b"x")), Err(Error::Io { .. })));
    }

    #[test]
    fn the_table_crosses_as_its_name_and_its_query() {
        let table: ExportTable = serde_json::from_str(
            r#"{"table": "deadlines", "query": {"search": "tva", "filter": {"open_only": true}}}"#,
        )
        .unwrap();
        let ExportTable::Deadlines(query) = table else { panic!("{table:?}") };
        assert_eq!(query.search.as_deref(), Some("tva"));
        assert!(query.filter.open_only);
        assert!(serde_json::from_str::<ExportTable>(r#"{"table": "secrets", "query": {}}"#).is_err());
    }
}
