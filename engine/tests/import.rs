//! CSV import: French Excel variants, re-imports, and every kind of bad row.

mod common;

use common::Firm;
use std::path::PathBuf;
use vigie::Error;
use vigie::import::{ImportKind, ImportReport, import_file, import_text};

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn import(f: &mut Firm, kind: ImportKind, text: &str) -> Result<ImportReport, Vec<String>> {
    let cabinet = f.cabinet.clone();
    import_text(&mut f.store, &cabinet, kind, "f.csv", text, false, chrono::Utc::now()).map_err(|e| match e {
        Error::Import(lines) => lines,
        other => panic!("unexpected error {other}"),
    })
}

fn firm_with_staff_and_clients() -> Firm {
    let mut f = Firm::new();
    import(
        &mut f,
        ImportKind::Staff,
        "name,email,role,active\nClaire Moreau,claire@a.fr,expert,oui\nPaul Martin,paul@a.fr,collaborateur,oui\nLéa Petit,lea@a.fr,assistant,non\n",
    )
    .unwrap();
    import(
        &mut f,
        ImportKind::Clients,
        "name,siren,manager_email,vat_regime,fiscal_year_end\nBoulangerie Martin,732829320,paul@a.fr,mensuel,31/12\nSCI Les Tilleuls,552100554,,franchise,30/06\nAssociation Sans Siren,,claire@a.fr,,\n",
    )
    .unwrap();
    f
}

#[test]
fn french_excel_files_semicolon_bom_windows_1252_and_french_dates() {
    let mut f = Firm::new();
    let dir = tempfile::tempdir().unwrap();
    let cabinet = f.cabinet.clone();
    let now = chrono::Utc::now();
    // UTF-8 with BOM, ';', CRLF, French headers with accents.
    let staff = write(&dir, "staff.csv", "\u{feff}Nom;Courriel;Rôle;Actif\r\nClaire Moreau;claire@a.fr;Expert-comptable;Oui\r\nHélène Durand;helene@a.fr;Collaboratrice;oui\r\n".as_bytes());
    let r = import_file(&mut f.store, &cabinet, ImportKind::Staff, &staff, false, now).unwrap();
    assert_eq!((r.created, r.updated), (2, 0));
    // Windows-1252 (what Excel writes by default on French Windows), quoted names with ';'.
    let mut clients = b"Raison sociale;SIREN;Responsable;R\xe9gime TVA;Cl\xf4ture\r\n".to_vec();
    clients.extend_from_slice(b"\"Caf\xe9 de la Gare; Fils\";732 829 320;helene@a.fr;Trimestriel;31/12\r\n;;;;\r\n");
    let clients = write(&dir, "clients.csv", &clients);
    let r = import_file(&mut f.store, &cabinet, ImportKind::Clients, &clients, false, now).unwrap();
    assert_eq!(r.created, 1);
    let (name, siren, fye): (String, String, String) = f
        .store
        .conn()
        .query_row("SELECT name, siren, fiscal_year_end FROM clients", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap();
    assert_eq!((name.as_str(), siren.as_str(), fye.as_str()), ("Café de la Gare; Fils", "732829320", "31/12"));
    // DD/MM/YYYY dates, French statuses.
    let deadlines = write(
        &dir,
        "echeances.csv",
        "SIREN;Type;Libellé;Échéance;Responsable;Statut\n732829320;TVA CA3;TVA CA3 de novembre;15/12/2026;helene@a.fr;À faire\n732829320;DSN;DSN;2026-12-05;;en cours\n".as_bytes(),
    );
    let r = import_file(&mut f.store, &cabinet, ImportKind::Deadlines, &deadlines, false, now).unwrap();
    assert_eq!(r.created, 2);
    let (kind, due, status): (String, String, String) = f
        .store
        .conn()
        .query_row("SELECT kind, due_date, status FROM deadlines WHERE label = 'TVA CA3 de novembre'", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!((kind.as_str(), due.as_str(), status.as_str()), ("tva_ca3", "2026-12-15", "a_faire"));
}

#[test]
fn comma_files_with_every_kind() {
    let mut f = firm_with_staff_and_clients();
    import(&mut f, ImportKind::Documents, "client_siren,label,requested_on,due_date,received_on,owner_email\n732829320,Relevés bancaires,2026-11-01,2026-11-30,,paul@a.fr\n552100554,Factures,01/11/2026,20/11/2026,18/11/2026,\n").unwrap();
    import(&mut f, ImportKind::Tasks, "client_siren,title,assignee_email,due_date,status,priority\n732829320,Saisie,paul@a.fr,2026-11-20,a_faire,haute\n,Formation interne,claire@a.fr,2026-12-01,,\n").unwrap();
    import(&mut f, ImportKind::Events, "client_siren,title,starts_at,importance,audience_email\n732829320,AGO,27/11/2026 10:00,haute,paul@a.fr\n,Réunion d'équipe,2026-11-26T09:30,normale,\n").unwrap();
    assert_eq!(f.count("SELECT count(*) FROM document_requests"), 2);
    assert_eq!(f.count("SELECT count(*) FROM tasks WHERE client_id IS NULL"), 1);
    // Local 10:00 in Paris on 27 November is 09:00 UTC.
    let starts: String =
        f.store.conn().query_row("SELECT starts_at FROM events WHERE title = 'AGO'", [], |r| r.get(0)).unwrap();
    assert_eq!(starts, "2026-11-27T09:00:00Z");
    // A client without SIREN is referred to by name.
    import(
        &mut f,
        ImportKind::Tasks,
        "client_siren,client_name,title,due_date\n,Association sans siren,Assemblée,2026-12-01\n",
    )
    .unwrap();
    assert_eq!(f.count("SELECT count(*) FROM tasks t JOIN clients c ON c.id = t.client_id WHERE c.siren IS NULL"), 1);
}

#[test]
fn reimporting_updates_by_natural_key_and_never_duplicates() {
    let mut f = firm_with_staff_and_clients();
    let file = "client_siren;kind;label;due_date;assignee_email;status\n732829320;tva_ca3;TVA novembre;2026-12-15;paul@a.fr;a_faire\n";
    assert_eq!(import(&mut f, ImportKind::Deadlines, file).unwrap().created, 1);
    let again = import(&mut f, ImportKind::Deadlines, &file.replace("a_faire", "faite")).unwrap();
    assert_eq!((again.created, again.updated), (0, 1));
    assert_eq!(f.count("SELECT count(*) FROM deadlines"), 1);
    assert_eq!(f.count("SELECT count(*) FROM deadlines WHERE status = 'faite'"), 1);
    // Staff by email (case-insensitive), clients by SIREN, and a SIREN given later to a client known by name.
    let r = import(&mut f, ImportKind::Staff, "name,email,role,active\nPaul MARTIN,PAUL@a.fr,expert,non\n").unwrap();
    assert_eq!((r.created, r.updated), (0, 1));
    assert_eq!(f.count("SELECT count(*) FROM staff WHERE role = 'expert' AND active = 0"), 1);
    let r = import(
        &mut f,
        ImportKind::Clients,
        "name,siren\nBoulangerie Martin & Fils,732829320\nAssociation Sans Siren,542065479\n",
    )
    .unwrap();
    assert_eq!((r.created, r.updated), (0, 2));
    assert_eq!(f.count("SELECT count(*) FROM clients"), 3);
    assert_eq!(f.count("SELECT count(*) FROM clients WHERE siren = '542065479'"), 1);
    for (kind, text) in [
        (ImportKind::Documents, "client_siren,label,requested_on,due_date\n732829320,Relevés,2026-11-01,2026-11-30\n"),
        (ImportKind::Tasks, "client_siren,title,due_date\n,Formation,2026-12-01\n"),
        (ImportKind::Events, "client_siren,title,starts_at\n,Séminaire,2026-12-01T09:00\n"),
    ] {
        assert_eq!(import(&mut f, kind, text).unwrap().created, 1, "{kind:?}");
        let again = import(&mut f, kind, text).unwrap();
        assert_eq!((again.created, again.updated), (0, 1), "{kind:?}");
    }
}

#[test]
fn a_file_with_bad_rows_imports_nothing_and_lists_every_error() {
    let mut f = firm_with_staff_and_clients();
    let file = "\
client_siren;kind;label;due_date;assignee_email;status
732829320;tva_ca3;Bon;2026-12-15;paul@a.fr;a_faire
732829321;tva_ca3;Mauvais SIREN;2026-12-15;;
73282932;tva_ca3;Trop court;2026-12-15;;
542065479;tva_ca3;Client inconnu;2026-12-15;;
732829320;dsn;Mauvaise date;31/02/2026;;
732829320;is;Personne inconnue;2026-12-15;nobody@a.fr;
732829320;cfe;Email invalide;2026-12-15;pas-un-email;
732829320;cvae;Statut inconnu;2026-12-15;;peut-être
;liasse;Sans client;2026-12-15;;
732829320;;;;;
732829320;tva_ca3;Doublon;2026-12-15;;
";
    let errors = import(&mut f, ImportKind::Deadlines, file).unwrap_err();
    assert_eq!(
        errors,
        [
            "f.csv:3: client_siren: \"732829321\": invalid SIREN: the Luhn check digit does not match",
            "f.csv:4: client_siren: \"73282932\": a SIREN is 9 digits",
            "f.csv:5: client_siren: no client with SIREN 542065479 in this cabinet (import clients first)",
            "f.csv:6: due_date: \"31/02/2026\" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)",
            "f.csv:7: assignee_email: no staff member with email nobody@a.fr in this cabinet (import staff first)",
            "f.csv:8: assignee_email: \"pas-un-email\" is not an email address",
            "f.csv:9: status: \"peut-être\" is not one of a_faire, en_cours, faite, depassee",
            "f.csv:10: client_siren: required, but empty",
            "f.csv:11: kind: required, but empty",
            "f.csv:11: label: required, but empty",
            "f.csv:11: due_date: required, but empty",
            "f.csv:12: row: same row as line 2 (a file lists each row once)",
        ]
    );
    assert_eq!(f.count("SELECT count(*) FROM deadlines"), 0);
}

#[test]
fn skip_invalid_imports_the_good_rows_and_lists_the_others() {
    let mut f = firm_with_staff_and_clients();
    let cabinet = f.cabinet.clone();
    let file = "name;email;role\nNina;nina@a.fr;assistant\nZoé;zoe@a.fr;stagiaire\nMarc;;expert\n";
    let report =
        import_text(&mut f.store, &cabinet, ImportKind::Staff, "s.csv", file, true, chrono::Utc::now()).unwrap();
    assert_eq!(report.created, 1);
    assert_eq!(
        report.skipped,
        [
            "s.csv:3: role: \"stagiaire\" is not one of expert, collaborateur, assistant",
            "s.csv:4: email: required, but empty",
        ]
    );
    assert_eq!(f.count("SELECT count(*) FROM staff WHERE email = 'nina@a.fr'"), 1);
}

#[test]
fn header_and_structure_errors() {
    let mut f = firm_with_staff_and_clients();
    let errors = import(&mut f, ImportKind::Staff, "nom;mail\nA;a@a.fr\n").unwrap_err();
    assert_eq!(errors.len(), 1);
    assert!(errors[0].starts_with("f.csv:1: role: required column missing (header found: nom, mail)"), "{errors:?}");
    let errors = import(&mut f, ImportKind::Staff, "name;email;role\nA;a@a.fr;expert;surplus\n").unwrap_err();
    assert!(errors[0].starts_with("f.csv:2: row: 4 cells, more than the header's columns"), "{errors:?}");
    let errors =
        import(&mut f, ImportKind::Clients, "name;siren;vat_regime;fiscal_year_end\nX;;hebdo;31/13\n").unwrap_err();
    assert_eq!(
        errors,
        [
            "f.csv:2: vat_regime: \"hebdo\" is not one of mensuel, trimestriel, annuel, franchise",
            "f.csv:2: fiscal_year_end: \"31/13\" is not a day and month (expected DD/MM, such as 31/12)",
        ]
    );
    let errors = import(
        &mut f,
        ImportKind::Documents,
        "client_siren;label;requested_on;due_date\n732829320;X;2026-11-10;2026-11-01\n",
    )
    .unwrap_err();
    assert_eq!(errors, ["f.csv:2: due_date: 2026-11-01 is before the request date 2026-11-10"]);
    let errors =
        import(&mut f, ImportKind::Events, "title;starts_at;importance\nX;demain;haute\nY;2026-12-01T10:00;capitale\n")
            .unwrap_err();
    assert_eq!(
        errors,
        [
            "f.csv:2: starts_at: \"demain\" is not a date and time (expected YYYY-MM-DDTHH:MM or DD/MM/YYYY HH:MM)",
            "f.csv:3: importance: \"capitale\" is not one of normale, haute",
        ]
    );
    // Nothing stored before is lost by refused files.
    assert_eq!(f.count("SELECT count(*) FROM staff"), 3);
    assert_eq!(f.count("SELECT count(*) FROM clients"), 3);
}

#[test]
fn a_missing_file_is_a_clear_error() {
    let mut f = Firm::new();
    let cabinet = f.cabinet.clone();
    let err = import_file(
        &mut f.store,
        &cabinet,
        ImportKind::Staff,
        std::path::Path::new("/nonexistent/staff.csv"),
        false,
        chrono::Utc::now(),
    )
    .unwrap_err()
    .to_string();
    assert!(err.starts_with("/nonexistent/staff.csv: "), "{err}");
}
