//! CSV import: French Excel variants, re-imports, and every kind of bad row.

use crate::support::firm::Firm;
use std::path::PathBuf;

use vigie::Error;
use vigie::clock::Clock as _;
use vigie::import::{ImportKind, ImportReport, import_file, import_text};

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn import(f: &mut Firm, kind: ImportKind, text: &str) -> Result<ImportReport, Vec<String>> {
    let cabinet = f.cabinet.clone();
    import_text(&mut f.store, &cabinet, kind, "f.csv", text, false, f.clock.now()).map_err(|e| match e {
        Error::Import { problems, .. } => problems.iter().map(ToString::to_string).collect(),
        other => panic!("unexpected error {other}"),
    })
}

/// The first column of the single row `sql` selects, as text.
fn value(f: &Firm, sql: &str) -> String {
    f.store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
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
    let now = f.clock.now();
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
    let report = import_text(&mut f.store, &cabinet, ImportKind::Staff, "s.csv", file, true, f.clock.now()).unwrap();
    assert_eq!(report.created, 1);
    assert_eq!(
        report.skipped.iter().map(ToString::to_string).collect::<Vec<_>>(),
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
    assert_eq!(
        errors,
        ["f.csv:2: row: 4 cells, more than the header's 3 columns (put a cell holding the separator in \"quotes\")"]
    );
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
        f.clock.now(),
    )
    .unwrap_err()
    .to_string();
    assert!(err.starts_with("/nonexistent/staff.csv: "), "{err}");
}

#[test]
fn a_staff_file_without_active_keeps_the_flag_and_an_empty_cell_too() {
    let mut f = firm_with_staff_and_clients();
    let active = |f: &Firm, email: &str| f.count(&format!("SELECT active FROM staff WHERE email = '{email}'"));
    let r =
        import(&mut f, ImportKind::Staff, "name;email;role\nLéa Petit;lea@a.fr;assistante\nNina;nina@a.fr;expert\n")
            .unwrap();
    assert_eq!((r.created, r.updated), (1, 1));
    assert_eq!((active(&f, "lea@a.fr"), active(&f, "nina@a.fr")), (0, 1));
    import(&mut f, ImportKind::Staff, "name;email;role;active\nLéa Petit;lea@a.fr;assistante;\nZoé;zoe@a.fr;expert;\n")
        .unwrap();
    assert_eq!((active(&f, "lea@a.fr"), active(&f, "zoe@a.fr")), (0, 1));
    import(&mut f, ImportKind::Staff, "name;email;role;active\nLéa Petit;lea@a.fr;assistante;oui\n").unwrap();
    assert_eq!(active(&f, "lea@a.fr"), 1);
}

#[test]
fn a_clients_file_without_some_columns_keeps_those_and_empty_cells_clear() {
    let mut f = firm_with_staff_and_clients();
    let client =
        "SELECT ifnull(s.email, '-') || ' ' || ifnull(c.vat_regime, '-') || ' ' || ifnull(c.fiscal_year_end, '-')
                  || ' ' || ifnull(c.legal_form, '-')
                  FROM clients c LEFT JOIN staff s ON s.id = c.manager_id WHERE c.siren = '732829320'";
    import(&mut f, ImportKind::Clients, "name;siren;legal_form\nBoulangerie Martin;732829320;SARL\n").unwrap();
    assert_eq!(value(&f, client), "paul@a.fr mensuel 31/12 SARL");
    let r = import(&mut f, ImportKind::Clients, "name;siren\nBoulangerie Martin;732829320\n").unwrap();
    assert_eq!((r.created, r.updated), (0, 1));
    assert_eq!(value(&f, client), "paul@a.fr mensuel 31/12 SARL");
    import(
        &mut f,
        ImportKind::Clients,
        "name;siren;manager_email;vat_regime;legal_form\nBoulangerie Martin;732829320;;trimestriel;\n",
    )
    .unwrap();
    assert_eq!(value(&f, client), "- trimestriel 31/12 -");
}

#[test]
fn a_clients_file_says_what_the_fiscal_calendar_reads() {
    let mut f = firm_with_staff_and_clients();
    let facts = "SELECT concat_ws(' ', ifnull(taxation, '-'), ifnull(first_closing, '-'), ifnull(tax_department, '-'),
                        ifnull(payroll, '-'), ifnull(cfe_over_3000, '-'), ifnull(is_over_3000, '-'), ifnull(cvae_filer, '-'))
                 FROM clients WHERE siren = '732829320'";
    import(
        &mut f,
        ImportKind::Clients,
        "nom;siren;imposition;première clôture;département;salariés;CFE 3000;IS 3000;CVAE\n\
         Boulangerie Martin;732829320;IR BNC;30/06/2027;1;50 et plus, paie du mois;oui;non;\n",
    )
    .unwrap();
    assert_eq!(value(&f, facts), "ir_bnc 2027-06-30 01 50_et_plus_paie_du_mois 1 0 -");
    // A file without those columns keeps them; an empty cell clears its value.
    import(&mut f, ImportKind::Clients, "name;siren;payroll\nBoulangerie Martin;732829320;\n").unwrap();
    assert_eq!(value(&f, facts), "ir_bnc 2027-06-30 01 - 1 0 -");
    // Each bad cell is named, and nothing is changed.
    let err = import(
        &mut f,
        ImportKind::Clients,
        "name;siren;taxation;tax_department;payroll;cvae_filer;first_closing\n\
         Boulangerie Martin;732829320;micro;20;oui;peut-être;31/02/2027\n",
    )
    .unwrap_err();
    assert_eq!(err.len(), 5, "{err:?}");
    for (problem, column) in err.iter().zip(["taxation", "first_closing", "tax_department", "payroll", "cvae_filer"]) {
        assert!(problem.contains(&format!("{column}: ")), "{problem}");
    }
    assert_eq!(value(&f, facts), "ir_bnc 2027-06-30 01 - 1 0 -");
}

#[test]
fn deadlines_documents_tasks_and_events_keep_what_a_file_does_not_say() {
    let mut f = firm_with_staff_and_clients();
    // Deadlines: assignee and status.
    let deadline = "SELECT label || ' ' || status || ' ' || ifnull(s.email, '-')
                    FROM deadlines d LEFT JOIN staff s ON s.id = d.assignee_id WHERE d.kind = 'tva_ca3'";
    import(
        &mut f,
        ImportKind::Deadlines,
        "client_siren;kind;label;due_date;assignee_email;status\n732829320;tva_ca3;TVA;2026-12-15;paul@a.fr;en_cours\n",
    )
    .unwrap();
    let r = import(
        &mut f,
        ImportKind::Deadlines,
        "client_siren;kind;label;due_date\n732829320;tva_ca3;TVA CA3;15/12/2026\n",
    )
    .unwrap();
    assert_eq!((r.created, r.updated), (0, 1));
    assert_eq!(value(&f, deadline), "TVA CA3 en_cours paul@a.fr");
    // An empty status is no status: kept; an empty assignee clears it.
    import(
        &mut f,
        ImportKind::Deadlines,
        "client_siren;kind;label;due_date;assignee_email;status\n732829320;tva_ca3;TVA CA3;15/12/2026;;\n",
    )
    .unwrap();
    assert_eq!(value(&f, deadline), "TVA CA3 en_cours -");
    import(&mut f, ImportKind::Deadlines, "client_siren;kind;label;due_date;status\n732829320;dsn;DSN;2026-12-05;\n")
        .unwrap();
    assert_eq!(value(&f, "SELECT status FROM deadlines WHERE kind = 'dsn'"), "a_faire");

    // Documents: received on and owner.
    let document = "SELECT due_date || ' ' || ifnull(received_on, '-') || ' ' || ifnull(s.email, '-')
                    FROM document_requests d LEFT JOIN staff s ON s.id = d.owner_id";
    import(
        &mut f,
        ImportKind::Documents,
        "client_siren;label;requested_on;due_date;received_on;owner_email\n732829320;Relevés;2026-11-01;2026-11-30;2026-11-20;paul@a.fr\n",
    )
    .unwrap();
    import(
        &mut f,
        ImportKind::Documents,
        "client_siren;label;requested_on;due_date\n732829320;Relevés;2026-11-01;2026-12-05\n",
    )
    .unwrap();
    assert_eq!(value(&f, document), "2026-12-05 2026-11-20 paul@a.fr");
    import(
        &mut f,
        ImportKind::Documents,
        "client_siren;label;requested_on;due_date;received_on;owner_email\n732829320;Relevés;2026-11-01;2026-12-05;;\n",
    )
    .unwrap();
    assert_eq!(value(&f, document), "2026-12-05 - -");

    // Tasks: assignee, status and priority.
    let task = "SELECT status || ' ' || priority || ' ' || ifnull(s.email, '-')
                FROM tasks t LEFT JOIN staff s ON s.id = t.assignee_id WHERE t.title = 'Saisie'";
    import(
        &mut f,
        ImportKind::Tasks,
        "client_siren;title;assignee_email;due_date;status;priority\n732829320;Saisie;paul@a.fr;2026-11-20;en_cours;haute\n",
    )
    .unwrap();
    import(&mut f, ImportKind::Tasks, "client_siren;title;due_date\n732829320;Saisie;2026-11-20\n").unwrap();
    // In progress and due before the firm's today (25/11): late, as the status update has it.
    assert_eq!(value(&f, task), "en_retard haute paul@a.fr");
    import(
        &mut f,
        ImportKind::Tasks,
        "client_siren;title;due_date;assignee_email;status;priority\n732829320;Saisie;2026-11-20;claire@a.fr;;\n732829320;Bilan;2026-12-20;;;\n",
    )
    .unwrap();
    assert_eq!(value(&f, task), "en_retard haute claire@a.fr");
    assert_eq!(value(&f, "SELECT status || ' ' || priority FROM tasks WHERE title = 'Bilan'"), "a_faire normale");

    // Events: importance and audience.
    let event = "SELECT importance || ' ' || ifnull(s.email, '-')
                 FROM events e LEFT JOIN staff s ON s.id = e.audience_id WHERE e.title = 'AGO'";
    import(
        &mut f,
        ImportKind::Events,
        "client_siren;title;starts_at;importance;audience_email\n732829320;AGO;27/11/2026 10:00;haute;paul@a.fr\n",
    )
    .unwrap();
    import(&mut f, ImportKind::Events, "client_siren;title;starts_at\n732829320;AGO;27/11/2026 10:00\n").unwrap();
    assert_eq!(value(&f, event), "haute paul@a.fr");
    import(
        &mut f,
        ImportKind::Events,
        "client_siren;title;starts_at;importance;audience_email\n732829320;AGO;27/11/2026 10:00;;\n",
    )
    .unwrap();
    assert_eq!(value(&f, event), "haute -");
}

#[test]
fn unknown_columns_are_warnings_and_a_declared_last_column_may_be_filled() {
    let mut f = firm_with_staff_and_clients();
    let r = import(
        &mut f,
        ImportKind::Staff,
        "name;email;role;Commentaire\nNina;nina@a.fr;assistant;embauchée en mars\nMarc;marc@a.fr;expert;\n",
    )
    .unwrap();
    assert_eq!(r.created, 2);
    assert_eq!(r.warnings, ["f.csv:1: column \"Commentaire\" is not used (expected: name, email, role, active)"]);
    // A cell beyond every column of the header is still an error.
    let errors =
        import(&mut f, ImportKind::Staff, "name;email;role;Commentaire\nNina;nina@a.fr;assistant;note;de trop\n")
            .unwrap_err();
    assert_eq!(
        errors,
        ["f.csv:2: row: 5 cells, more than the header's 4 columns (put a cell holding the separator in \"quotes\")"]
    );
    // Excel's trailing separators name no column and are not worth a warning.
    let r = import(&mut f, ImportKind::Staff, "name;email;role;;\nNina;nina@a.fr;assistant;;\n").unwrap();
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn french_excel_header_spellings() {
    let mut f = Firm::new();
    let dir = tempfile::tempdir().unwrap();
    let cabinet = f.cabinet.clone();
    let now = f.clock.now();
    let files: [(ImportKind, &str, Vec<u8>); 6] = [
        (ImportKind::Staff, "staff.csv", "Nom;Adresse email;Fonction\nPaul Martin;paul@a.fr;Collaborateur\n".into()),
        // Windows-1252: ° is byte B0, ô F4, é E9, ’ 92.
        (
            ImportKind::Clients,
            "clients.csv",
            b"Raison sociale;N\xb0 SIREN;Responsable;R\xe9gime de TVA;Cl\xf4ture de l\x92exercice;Forme juridique\r\nBoulangerie Martin;732 829 320;paul@a.fr;Mensuel;31/12;SARL\r\nAssociation;;;;;Association\r\n".to_vec(),
        ),
        (
            ImportKind::Deadlines,
            "echeances.csv",
            "N° SIREN;Type;Libellé;Date d’échéance;Responsable;Statut\n732829320;TVA CA3;TVA CA3 novembre;15/12/2026;paul@a.fr;À faire\n".into(),
        ),
        (
            ImportKind::Documents,
            "pieces.csv",
            "Numéro SIREN;Pièce;Date de demande;Date d'échéance;Date de réception;Suivi par\n732829320;Relevés bancaires;01/11/2026;30/11/2026;;paul@a.fr\n".into(),
        ),
        (
            ImportKind::Tasks,
            "taches.csv",
            "No SIREN;Tâche;Responsable;Date de l'échéance;Statut;Priorité\n732829320;Saisie;paul@a.fr;20/11/2026;En cours;Haute\n".into(),
        ),
        (
            ImportKind::Events,
            "evenements.csv",
            "N SIREN;Titre;Date et heure;Importance;Destinataire\n732829320;AGO;27/11/2026 10:00;Haute;paul@a.fr\n".into(),
        ),
    ];
    for (kind, name, bytes) in files {
        let path = write(&dir, name, &bytes);
        let r = import_file(&mut f.store, &cabinet, kind, &path, false, now).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(r.created >= 1 && r.warnings.is_empty(), "{name}: {r:?}");
    }
    let client =
        "SELECT legal_form || ' ' || fiscal_year_end || ' ' || vat_regime FROM clients WHERE siren = '732829320'";
    assert_eq!(value(&f, client), "SARL 31/12 mensuel");
    assert_eq!(value(&f, "SELECT due_date FROM deadlines"), "2026-12-15");
    assert_eq!(value(&f, "SELECT due_date FROM document_requests"), "2026-11-30");
    // Open and due before the firm's today: stored late, as the status update would.
    assert_eq!(value(&f, "SELECT due_date || ' ' || status FROM tasks"), "2026-11-20 en_retard");
    assert_eq!(value(&f, "SELECT starts_at FROM events"), "2026-11-27T09:00:00Z");
    // The other spellings of the same columns.
    for (kind, text) in [
        (ImportKind::Deadlines, "N°SIREN;Type;Libellé;Date limite\n732829320;DSN;DSN;05/12/2026\n"),
        (ImportKind::Deadlines, "SIREN;Type;Libellé;Date d'échéance\n732829320;IS;Acompte IS;15/12/2026\n"),
        (
            ImportKind::Documents,
            "SIREN;Pièce;Date de la demande;Date d’échéance;Reçu le\n732829320;Factures;02/11/2026;30/11/2026;\n",
        ),
        (ImportKind::Tasks, "SIREN;Tâche;Date d’échéance\n732829320;Révision;30/11/2026\n"),
        (ImportKind::Events, "Titre;Date heure\nRéunion;01/12/2026 09:00\n"),
        (ImportKind::Events, "Titre;Début\nSéminaire;02/12/2026 09:00\n"),
    ] {
        let r = import(&mut f, kind, text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
        assert!(r.created == 1 && r.warnings.is_empty(), "{text}: {r:?}");
    }
}

#[test]
fn deadlines_and_documents_of_a_client_without_siren_need_no_siren_column() {
    let mut f = firm_with_staff_and_clients();
    let r = import(
        &mut f,
        ImportKind::Deadlines,
        "client_name;kind;label;due_date\nAssociation Sans Siren;liasse;Liasse fiscale;2026-12-31\n",
    )
    .unwrap();
    assert_eq!(r.created, 1);
    let r = import(
        &mut f,
        ImportKind::Documents,
        "client_name;label;requested_on;due_date\nAssociation sans siren;Statuts;2026-11-01;2026-11-30\n",
    )
    .unwrap();
    assert_eq!(r.created, 1);
    let no_siren = "SELECT count(*) FROM clients c WHERE c.siren IS NULL AND c.id IN";
    assert_eq!(f.count(&format!("{no_siren} (SELECT client_id FROM deadlines)")), 1);
    assert_eq!(f.count(&format!("{no_siren} (SELECT client_id FROM document_requests)")), 1);
    // An empty name is reported against the column the file has.
    let errors = import(&mut f, ImportKind::Deadlines, "client_name;kind;label;due_date\n;liasse;Liasse;2026-12-31\n")
        .unwrap_err();
    assert_eq!(errors, ["f.csv:2: client_name: required, but empty"]);
    // Without either client column the header itself is refused.
    let errors = import(&mut f, ImportKind::Documents, "label;requested_on;due_date\nStatuts;2026-11-01;2026-11-30\n")
        .unwrap_err();
    assert_eq!(
        errors,
        [
            "f.csv:1: client_siren: required column missing (the header needs client_siren or client_name; header found: label, requested_on, due_date)"
        ]
    );
}

#[test]
fn the_command_line_prints_warnings_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let vigie = |args: &[&str]| {
        let out = crate::support::cli::command(dir.path())
            .args(args)
            .env("VIGIE_NOW", "2026-11-25T08:00:00Z")
            .env_remove("VIGIE_DATA_DIR")
            .output()
            .unwrap();
        assert!(out.status.success(), "vigie {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        out
    };
    vigie(&["cabinet", "add", "Alpha"]);
    let path = write(&dir, "clients.csv", b"name;siren;Commentaire\nDupont;732829320;client depuis 2019\n");
    let path = path.to_str().unwrap();
    let out = vigie(&["import", "clients", path]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    let expected = format!(
        "warning: {path}:1: column \"Commentaire\" is not used (expected: name, siren, manager_email, vat_regime, fiscal_year_end, legal_form, taxation, first_closing, tax_department, payroll, cfe_over_3000, is_over_3000, cvae_filer)"
    );
    assert!(stderr.lines().any(|l| l == expected), "{stderr}");
    let out = vigie(&["--json", "import", "clients", path]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["warnings"].as_array().unwrap().len(), 1, "{report}");
}

#[test]
fn a_row_without_siren_updates_the_client_of_that_name_instead_of_a_twin() {
    let mut f = firm_with_staff_and_clients();
    let r = import(&mut f, ImportKind::Clients, "name;manager_email\nBoulangerie Martin;claire@a.fr\n").unwrap();
    assert_eq!((r.created, r.updated), (0, 1));
    assert_eq!(f.count("SELECT count(*) FROM clients WHERE name = 'Boulangerie Martin'"), 1);
    assert_eq!(f.count("SELECT count(*) FROM clients WHERE name = 'Boulangerie Martin' AND siren = '732829320'"), 1);
}

/// A data folder with one cabinet, driven through the real `vigie` binary.
struct Cli {
    dir: tempfile::TempDir,
}

impl Cli {
    fn new() -> Self {
        let cli = Self { dir: tempfile::tempdir().unwrap() };
        assert!(cli.run(&["cabinet", "add", "Alpha"]).status.success());
        cli
    }

    fn run(&self, args: &[&str]) -> std::process::Output {
        crate::support::cli::command(self.dir.path())
            .args(args)
            .env("VIGIE_NOW", "2026-11-25T08:00:00Z")
            .env_remove("VIGIE_DATA_DIR")
            .output()
            .unwrap()
    }

    /// Writes `bytes` to a file of the data folder and returns its path.
    fn file(&self, name: &str, bytes: &[u8]) -> String {
        write(&self.dir, name, bytes).to_str().unwrap().to_string()
    }

    /// Imports the file; returns the exit code, stdout and stderr.
    fn import(&self, kind: &str, path: &str) -> (i32, String, String) {
        let out = self.run(&["import", kind, path, "--no-welcome"]);
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
    }

    fn dump(&self) -> Vec<String> {
        let store = vigie::store::Store::open_dir(self.dir.path()).unwrap();
        crate::support::store_dump::dump(store.conn())
    }

    fn column(&self, sql: &str) -> Vec<String> {
        let store = vigie::store::Store::open_dir(self.dir.path()).unwrap();
        let mut stmt = store.conn().prepare(sql).unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    }
}

#[test]
fn an_unclosed_quote_refuses_the_whole_file_whatever_the_columns() {
    let cli = Cli::new();
    // `name;siren`: everything after `name` is optional, so the csv crate alone would read the
    // 499 other rows into one client's name.
    let mut file = String::from("name;siren\n\"Dupont;\n");
    for i in 1..500 {
        file.push_str(&format!("Client {i};\n"));
    }
    let path = cli.file("clients.csv", file.as_bytes());
    let before = cli.dump();
    let (code, stdout, stderr) = cli.import("clients", &path);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        [
            format!(
                "vigie: {path}:2: name: quote opened here is never closed (a cell starting with \" needs a closing \")"
            ),
            "vigie: nothing was imported; fix the file and import it again".to_string(),
        ]
    );
    assert_eq!(cli.dump(), before);
    assert!(cli.column("SELECT name FROM clients").is_empty());
}

#[test]
fn a_quote_after_a_closed_quote_and_spaces_is_refused_not_read_as_an_escape() {
    let cli = Cli::new();
    // `"A" "B`: the csv crate reads the second quote as text, so the quote opened on line 3
    // would carry the title on to the end of the file, swallowing the rows in between.
    let path = cli.file(
        "tasks.csv",
        b"due_date;title\n2026-12-30;\"A\" \"B\n2026-12-31;\"\n2026-12-31;Second\n2026-12-31;Third\n",
    );
    let before = cli.dump();
    let (code, stdout, stderr) = cli.import("tasks", &path);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stderr.contains(&format!(
            "vigie: {path}:2: title: text after the closing quote (inside a quoted cell, write a quote as \"\")"
        )),
        "{stderr}"
    );
    assert_eq!(cli.dump(), before);
    assert!(cli.column("SELECT title FROM tasks").is_empty());
}

#[test]
fn one_windows_1252_byte_in_a_utf8_file_is_refused_and_stored_accents_stay() {
    let cli = Cli::new();
    let clean = "name;siren\nSociété Générale;732829320\nÉcole Martin;552100554\n";
    let path = cli.file("clients.csv", clean.as_bytes());
    assert_eq!(cli.import("clients", &path).0, 0);
    let before = cli.dump();
    let mut mixed = clean.as_bytes().to_vec();
    mixed.extend_from_slice(b"Caf\xe9 de la Gare;542065479\n");
    let mixed = cli.file("mixed.csv", &mixed);
    let (code, _, stderr) = cli.import("clients", &mixed);
    assert_eq!(code, 1);
    assert!(
        stderr.contains(&format!(
            "vigie: {mixed}:4: encoding: the file mixes UTF-8 and Windows-1252 (this line is the first that is not UTF-8): open it in Excel and save it as \"CSV UTF-8\""
        )),
        "{stderr}"
    );
    assert_eq!(cli.dump(), before);
    // The clean file again: updated, still spelt right.
    let (code, stdout, _) = cli.import("clients", &path);
    assert_eq!((code, stdout.trim()), (0, "clients : 0 créé(s), 2 mis à jour, 0 ignoré(s)."));
    assert_eq!(cli.column("SELECT name FROM clients ORDER BY id"), ["Société Générale", "École Martin"]);
    // A file cleanly in Windows-1252 is read as such.
    let path = cli.file("cp1252.csv", b"name;siren\nSoci\xe9t\xe9 G\xe9n\xe9rale;732829320\n");
    assert_eq!(cli.import("clients", &path).0, 0);
    assert_eq!(cli.column("SELECT name FROM clients WHERE siren = '732829320'"), ["Société Générale"]);
}

#[test]
fn control_characters_and_line_breaks_are_refused_where_they_do_not_belong() {
    let cli = Cli::new();
    let path =
        cli.file("staff.csv", b"name;email;role\n\"Carol\nSmith\";carol@a.fr;expert\nEve\x1b[2J;eve@a.fr;expert\n");
    let (code, _, stderr) = cli.import("staff", &path);
    assert_eq!(code, 1);
    assert!(stderr.contains(&format!("{path}:2: name: line break is not allowed (this field holds a single line)")));
    assert!(stderr.contains(&format!("{path}:4: name: control character U+001B is not allowed")));
    // Nothing the file holds reaches the terminal through the error messages.
    assert!(!stderr.contains('\x1b'), "{stderr:?}");
    assert!(cli.column("SELECT name FROM staff").is_empty());

    let mut f = firm_with_staff_and_clients();
    let errors = import(
        &mut f,
        ImportKind::Clients,
        "name;siren;legal_form;Commentaire\nA\0B;;;\nC;;SA\u{85}RL;\nD\u{202e}gpj.exe;;;\nE;;;vu\u{7}\n",
    )
    .unwrap_err();
    assert_eq!(
        errors,
        [
            "f.csv:2: name: control character U+0000 is not allowed",
            "f.csv:3: legal_form: line break is not allowed (this field holds a single line)",
            "f.csv:4: name: bidirectional control character U+202E is not allowed",
            "f.csv:5: Commentaire: control character U+0007 is not allowed",
        ]
    );
    let long = "x".repeat(300);
    let errors = import(&mut f, ImportKind::Clients, &format!("name\n{long}\n")).unwrap_err();
    assert_eq!(errors, ["f.csv:2: name: too long: 300 characters (at most 256)"]);
    // A task's title is free text: it may span lines, and is stored as written.
    import(&mut f, ImportKind::Tasks, "title;due_date\n\"Relancer le client\npuis classer\";2026-12-01\n").unwrap();
    assert_eq!(value(&f, "SELECT title FROM tasks"), "Relancer le client\npuis classer");
    // A deadline's label goes into email subjects: one line only.
    let errors = import(
        &mut f,
        ImportKind::Deadlines,
        "client_siren;kind;label;due_date\n732829320;tva;\"TVA\nnovembre\";2026-12-15\n",
    )
    .unwrap_err();
    assert_eq!(errors, ["f.csv:2: label: line break is not allowed (this field holds a single line)"]);
    assert_eq!(f.count("SELECT count(*) FROM clients"), 3);
}

#[test]
fn implausible_years_and_siren_zero_are_refused() {
    let mut f = firm_with_staff_and_clients();
    let errors = import(
        &mut f,
        ImportKind::Deadlines,
        "client_siren;kind;label;due_date\n732829320;tva;A;31/12/99\n732829320;tva;B;0099-01-01\n732829320;tva;C;12345-01-01\n732829320;tva;D;-5-01-01\n732829320;tva;E;01/01/2200\n000000000;tva;F;2026-12-15\n",
    )
    .unwrap_err();
    assert_eq!(
        errors,
        [
            "f.csv:2: due_date: \"31/12/99\": the year must have four digits (such as 31/12/2026 or 2026-12-31)",
            "f.csv:3: due_date: \"0099-01-01\": year 0099 is out of range (1900 to 2199)",
            "f.csv:4: due_date: \"12345-01-01\" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)",
            "f.csv:5: due_date: \"-5-01-01\": the year must have four digits (such as 31/12/2026 or 2026-12-31)",
            "f.csv:6: due_date: \"01/01/2200\": year 2200 is out of range (1900 to 2199)",
            "f.csv:7: client_siren: \"000000000\": 000000000 is not a SIREN (leave the cell empty if the client has none)",
        ]
    );
    let errors = import(&mut f, ImportKind::Events, "title;starts_at\nAGO;31/12/99 10:00\n").unwrap_err();
    assert_eq!(
        errors,
        ["f.csv:2: starts_at: \"31/12/99 10:00\": the year must have four digits (such as 31/12/2026 or 2026-12-31)"]
    );
    let errors = import(&mut f, ImportKind::Clients, "name;siren\nZéro;000 000 000\n").unwrap_err();
    assert_eq!(
        errors,
        ["f.csv:2: siren: \"000 000 000\": 000000000 is not a SIREN (leave the cell empty if the client has none)"]
    );
    assert_eq!(f.count("SELECT count(*) FROM deadlines") + f.count("SELECT count(*) FROM events"), 0);
}

#[test]
fn a_refused_import_with_json_prints_the_problems_as_json_on_stdout() {
    let cli = Cli::new();
    let path = cli.file("staff.csv", b"name;email;role\nA;a@x.fr;expert\nB;pas-un-email;expert\n");
    let out = cli.run(&["--json", "import", "staff", &path]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    let refusal: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        refusal,
        serde_json::json!({
            "code": "import_refused",
            "message": format!("{path}:3: email: \"pas-un-email\" is not an email address"),
            "details": {
                "whole_file": false,
                "problems": [
                    {"file": path, "line": 3, "column": "email", "reason": "\"pas-un-email\" is not an email address"}
                ]
            }
        })
    );
    // File-level refusals too.
    let path = cli.file("quote.csv", b"name;email;role\n\"A;a@x.fr;expert\n");
    let out = cli.run(&["--json", "import", "staff", &path]);
    assert_eq!(out.status.code(), Some(1));
    let refusal: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(refusal["details"]["whole_file"], true);
    assert_eq!(refusal["details"]["problems"][0]["line"], 2);
    assert_eq!(refusal["details"]["problems"][0]["column"], "name");
    assert!(cli.column("SELECT name FROM staff").is_empty());
    // Skipped rows are structured the same way.
    let path = cli.file("skip.csv", b"name;email;role\nA;a@x.fr;expert\nB;pas-un-email;expert\n");
    let out = cli.run(&["--json", "import", "staff", &path, "--skip-invalid", "--no-welcome"]);
    assert!(out.status.success());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["skipped"][0]["column"], "email");
    assert_eq!(report["skipped"][0]["line"], 3);
}

#[test]
fn a_tab_in_a_staff_name_is_refused_at_its_line_like_any_cell() {
    // Email headers refuse a tab; the cell checks used to let it through, and the write phase
    // then failed with a database error naming no line, whatever --skip-invalid or --json.
    let cli = Cli::new();
    let path = cli.file("staff.csv", b"name;email;role\nAlice;alice@a.fr;expert\nCarol\tSmith;carol@a.fr;expert\n");
    let (code, stdout, stderr) = cli.import("staff", &path);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stderr.contains(&format!("vigie: {path}:3: name: tab is not allowed (this field holds a single line)")),
        "{stderr}"
    );
    assert!(!stderr.contains("database error"), "{stderr}");
    assert!(cli.column("SELECT name FROM staff").is_empty());

    let out = cli.run(&["--json", "import", "staff", &path, "--no-welcome"]);
    assert_eq!(out.status.code(), Some(1));
    let refusal: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        refusal,
        serde_json::json!({
            "code": "import_refused",
            "message": format!("{path}:3: name: tab is not allowed (this field holds a single line)"),
            "details": {
                "whole_file": false,
                "problems": [
                    {"file": path, "line": 3, "column": "name", "reason": "tab is not allowed (this field holds a single line)"}
                ]
            }
        })
    );

    let out = cli.run(&["import", "staff", &path, "--skip-invalid", "--no-welcome"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(cli.column("SELECT name FROM staff"), ["Alice"]);
}
