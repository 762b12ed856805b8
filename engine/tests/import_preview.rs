//! Importing from the window: the preview (how the file is read, the first rows, the counts,
//! every problem in French, nothing written) and the import from the file's bytes, refused
//! whole while any row is wrong, done once the file is fixed.

use crate::support::firm::smtp_settings;
use crate::support::store_dump::dump;
use chrono::{TimeZone, Utc};
use std::sync::Arc;
use vigie::Error;
use vigie::app::Vigie;
use vigie::clock::{Clock, FixedClock};
use vigie::error::{ErrorCode, french};
use vigie::import::ImportKind;
use vigie::import::preview::{ImportPreview, RowOutcome};

const A: Option<&str> = Some("A");

struct App {
    _dir: tempfile::TempDir,
    vigie: Vigie,
}

/// Cabinet A with SMTP set (for welcome emails), two people and one client; cabinet B empty.
fn app() -> App {
    let dir = tempfile::tempdir().unwrap();
    let clock: Arc<dyn Clock> = Arc::new(FixedClock::new(Utc.with_ymd_and_hms(2026, 11, 25, 8, 0, 0).unwrap()));
    let vigie = Vigie::open(dir.path(), clock).unwrap();
    let a = vigie.add_cabinet("A", None).unwrap();
    vigie.add_cabinet("B", None).unwrap();
    smtp_settings().save(&vigie.store(), a.id).unwrap();
    let app = App { _dir: dir, vigie };
    app.import(
        ImportKind::Staff,
        "name;email;role\nClaire Moreau;claire@a.fr;expert\nPaul Martin;paul@a.fr;collaborateur\n",
    )
    .unwrap();
    app.import(ImportKind::Clients, "name;siren\nBoulangerie Martin;732829320\n").unwrap();
    app
}

impl App {
    fn preview(&self, kind: ImportKind, bytes: impl AsRef<[u8]>) -> ImportPreview {
        self.vigie.preview_import(A, kind, "fichier.csv", bytes.as_ref()).unwrap()
    }

    fn import(&self, kind: ImportKind, bytes: impl AsRef<[u8]>) -> vigie::Result<vigie::app::import::ImportSummary> {
        self.vigie.import_bytes(A, kind, "fichier.csv", bytes.as_ref())
    }

    fn dump(&self) -> Vec<String> {
        dump(self.vigie.store().conn())
    }
}

/// Twelve deadlines for the client, French headers, one column Vigie does not read.
fn deadlines(bad_line: Option<usize>) -> String {
    let mut text = String::from("SIREN;Type;Libellé;Échéance;Responsable;Commentaire\n");
    for i in 0..12 {
        // Data rows start at line 2.
        let due = if bad_line == Some(i + 2) { "31/02/2026".to_string() } else { format!("{:02}/12/2026", i + 1) };
        text.push_str(&format!("732 829 320;TVA;TVA n°{i};{due};paul@a.fr;à voir\n"));
    }
    text
}

#[test]
fn a_good_file_is_previewed_as_the_import_reads_it() {
    let app = app();
    let p = app.preview(ImportKind::Deadlines, deadlines(None));
    assert_eq!(p.kind, ImportKind::Deadlines);
    assert!(p.readable && p.importable, "{p:?}");
    let matched: Vec<(&str, &str, &str)> =
        p.columns.iter().map(|c| (c.header.as_str(), c.column.as_str(), c.label.as_str())).collect();
    assert_eq!(
        matched,
        [
            ("SIREN", "client_siren", "SIREN du client"),
            ("Type", "kind", "Type d'échéance"),
            ("Libellé", "label", "Libellé"),
            ("Échéance", "due_date", "Date limite"),
            ("Responsable", "assignee_email", "Attribuée à (e-mail)"),
        ]
    );
    assert_eq!((p.total_rows, p.created, p.updated), (12, 12, 0));
    assert_eq!(p.rows.len(), 10, "the first ten rows");
    assert_eq!(p.rows[0].line, 2);
    assert_eq!(p.rows[0].cells, ["732 829 320", "TVA", "TVA n°0", "01/12/2026", "paul@a.fr"]);
    assert!(p.rows.iter().all(|r| r.outcome == RowOutcome::Create));
    assert!(p.problems.is_empty());

    // The same file again: every row would be updated, none created.
    app.import(ImportKind::Deadlines, deadlines(None)).unwrap();
    let again = app.preview(ImportKind::Deadlines, deadlines(None));
    assert_eq!((again.created, again.updated), (0, 12));
    assert!(again.rows.iter().all(|r| r.outcome == RowOutcome::Update));
}

#[test]
fn a_bad_row_is_named_by_its_line_and_said_in_french() {
    let app = app();
    let p = app.preview(ImportKind::Deadlines, deadlines(Some(5)));
    assert!(p.readable && !p.importable);
    assert_eq!(p.problems.len(), 1, "{:?}", p.problems);
    let problem = &p.problems[0];
    assert_eq!((problem.line, problem.column.as_str()), (5, "due_date"));
    assert!(problem.reason.starts_with("«\u{a0}31/02/2026\u{a0}» n'est pas une date valide"), "{}", problem.reason);
    assert!(
        problem.text.starts_with("ligne 5, colonne due_date : «\u{a0}31/02/2026\u{a0}» n'est pas une date valide"),
        "{}",
        problem.text
    );
    // The row is shown as refused; the other rows are counted as the import would write them.
    assert_eq!(p.rows[3].line, 5);
    assert_eq!(p.rows[3].outcome, RowOutcome::Invalid);
    assert_eq!((p.total_rows, p.created, p.updated), (12, 11, 0));

    // A bad SIREN and an unknown person, on two lines.
    let text = "client_siren;kind;label;due_date;assignee_email\n732829321;tva;TVA;2026-12-15;\n732829320;tva;TVA;2026-12-15;inconnu@a.fr\n";
    let p = app.preview(ImportKind::Deadlines, text);
    let said: Vec<String> = p.problems.iter().map(|p| p.text.clone()).collect();
    assert_eq!(
        said,
        [
            "ligne 2, colonne client_siren : «\u{a0}732829321\u{a0}» n'est pas un numéro SIREN valide : la clé de contrôle ne correspond pas, vérifiez la saisie",
            "ligne 3, colonne assignee_email : aucun collaborateur avec l'adresse inconnu@a.fr dans ce cabinet (importez l'équipe d'abord)",
        ]
    );
}

#[test]
fn unused_columns_are_french_warnings() {
    let app = app();
    let p = app.preview(ImportKind::Deadlines, deadlines(None));
    assert_eq!(
        p.warnings,
        [
            "la colonne «\u{a0}Commentaire\u{a0}» n'est pas lue (colonnes attendues : client_siren, client_name, kind, label, due_date, assignee_email, status, period)"
        ]
    );
    // Warnings do not stop the import.
    assert!(p.importable);
    let done = app.import(ImportKind::Deadlines, deadlines(None)).unwrap();
    assert_eq!(done.warnings, p.warnings);
}

#[test]
fn a_windows_1252_file_is_read_as_excel_wrote_it() {
    let app = app();
    let mut bytes = b"Raison sociale;SIREN;R\xe9gime TVA;Cl\xf4ture\r\n".to_vec();
    bytes.extend_from_slice(b"\"Caf\xe9 de la Gare; Fils\";552 100 554;Trimestriel;31/12\r\n;;;\r\n");
    let p = app.preview(ImportKind::Clients, &bytes);
    assert!(p.importable, "{:?}", p.problems);
    let headers: Vec<&str> = p.columns.iter().map(|c| c.header.as_str()).collect();
    assert_eq!(headers, ["Raison sociale", "SIREN", "Régime TVA", "Clôture"]);
    assert_eq!(p.rows[0].cells, ["Café de la Gare; Fils", "552 100 554", "Trimestriel", "31/12"]);
    assert_eq!((p.total_rows, p.created), (1, 1));
    let done = app.import(ImportKind::Clients, &bytes).unwrap();
    assert_eq!((done.created, done.updated), (1, 0));
    let name: String = app
        .vigie
        .store()
        .conn()
        .query_row("SELECT name FROM clients WHERE siren = '552100554'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "Café de la Gare; Fils");
}

#[test]
fn a_file_that_cannot_be_read_is_a_preview_of_its_problems() {
    let app = app();
    let mixed = [&b"nom;email;role\n"[..], "Zoé;z@a.fr;expert\n".as_bytes(), b"Caf\xe9;c@a.fr;expert\n"].concat();
    let p = app.preview(ImportKind::Staff, &mixed);
    assert!(!p.readable && !p.importable);
    assert_eq!((p.problems.len(), p.problems[0].line, p.problems[0].column.as_str()), (1, 3, "encoding"));
    assert!(
        p.problems[0].text.starts_with("ligne 3 (encodage des caractères) : le fichier mélange"),
        "{}",
        p.problems[0].text
    );
    assert!(p.columns.is_empty() && p.rows.is_empty());

    let p = app.preview(ImportKind::Deadlines, "kind;label\ntva;TVA\n");
    assert!(!p.readable);
    let columns: Vec<&str> = p.problems.iter().map(|p| p.column.as_str()).collect();
    assert_eq!(columns, ["due_date", "client_siren"]);
    assert!(
        p.problems[0].text.starts_with("ligne 1, colonne due_date : colonne obligatoire absente"),
        "{:?}",
        p.problems
    );

    // Empty bytes, and bytes that are not text at all: problems, never a panic.
    assert!(app.preview(ImportKind::Staff, b"").problems.iter().any(|p| p.line == 1));
    assert!(!app.preview(ImportKind::Events, [0x81u8, 0x00, 0xff, 0x10]).importable);
}

#[test]
fn a_preview_writes_nothing() {
    let app = app();
    let before = app.dump();
    // Rows that would be created and rows that would be updated, staff included (whose import
    // would queue welcome emails).
    app.preview(ImportKind::Deadlines, deadlines(None));
    app.preview(ImportKind::Deadlines, deadlines(Some(3)));
    let staff = app
        .preview(ImportKind::Staff, "name;email;role\nClaire Moreau;claire@a.fr;expert\nZoé Roux;zoe@a.fr;assistant\n");
    assert_eq!((staff.created, staff.updated), (1, 1));
    app.preview(ImportKind::Clients, "name;siren\nNouveau client;552100554\n");
    assert_eq!(app.dump(), before);
}

#[test]
fn a_file_with_a_bad_row_is_refused_whole_then_imported_once_fixed() {
    let app = app();
    let before = app.dump();
    let refused = app.import(ImportKind::Deadlines, deadlines(Some(7))).unwrap_err();
    assert_eq!(refused.code(), ErrorCode::ImportRefused);
    match &refused {
        Error::Import { problems, whole_file: false } => {
            assert_eq!(problems.len(), 1);
            assert_eq!((problems[0].line, problems[0].column.as_str()), (7, "due_date"));
        }
        other => panic!("expected a refused import, got {other:?}"),
    }
    let message = french::message(&refused);
    assert!(message.starts_with("Le fichier n'a pas été importé : 1 ligne à corriger."), "{message}");
    assert!(
        message.contains("fichier.csv, ligne 7, colonne due_date : «\u{a0}31/02/2026\u{a0}» n'est pas une date valide"),
        "{message}"
    );
    assert_eq!(app.dump(), before, "nothing written");

    // Fixed: imported as the preview said.
    let preview = app.preview(ImportKind::Deadlines, deadlines(None));
    let done = app.import(ImportKind::Deadlines, deadlines(None)).unwrap();
    assert_eq!((done.created, done.updated), (preview.created, preview.updated));
    assert_eq!((done.kind, done.file.as_str()), (ImportKind::Deadlines, "fichier.csv"));
    let count: i64 = app.vigie.store().conn().query_row("SELECT count(*) FROM deadlines", [], |r| r.get(0)).unwrap();
    assert_eq!(count, 12);
}

#[test]
fn staff_imported_from_the_window_are_welcomed_and_cabinets_kept_apart() {
    let app = app();
    let text = "name;email;role\nZoé Roux;zoe@a.fr;assistant\nClaire Moreau;claire@a.fr;expert\n";
    let done = app.import(ImportKind::Staff, text).unwrap();
    assert_eq!((done.created, done.updated, done.welcomed, done.welcome_failure.as_deref()), (1, 1, 1, None));
    let queued: i64 = app
        .vigie
        .store()
        .conn()
        .query_row("SELECT count(*) FROM outbox WHERE to_email = 'zoe@a.fr'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(queued, 1);

    // Cabinet B has neither the client nor the person: the file is refused there, twice per line.
    let p = app.vigie.preview_import(Some("B"), ImportKind::Deadlines, "f.csv", deadlines(None).as_bytes()).unwrap();
    assert_eq!(p.problems.len(), 24);
    assert!(p.problems[0].reason.starts_with("aucun client avec le SIREN 732829320"), "{}", p.problems[0].reason);
}

#[test]
fn every_kind_is_offered_with_its_columns_in_french() {
    let app = app();
    let kinds = app.vigie.import_kinds();
    let labels: Vec<&str> = kinds.iter().map(|k| k.label.as_str()).collect();
    assert_eq!(labels, ["Équipe", "Clients", "Échéances", "Documents", "Tâches", "Événements"]);
    let staff: Vec<&str> = kinds[0].columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(staff, ["name", "email", "role", "active"]);
}
