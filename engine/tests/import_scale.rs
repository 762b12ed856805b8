//! Importing long files row by row: a bad or repeated row anywhere, the last one included,
//! still refuses the whole file and is listed; the valid rows before it are not kept; the rows
//! after it are still checked. And what the import writes passes the schema's checks.

use crate::support::firm::Firm;
use chrono::{Duration, NaiveDate};
use vigie::Error;
use vigie::clock::Clock as _;
use vigie::import::preview::{RowOutcome, preview};
use vigie::import::{ImportKind, ImportReport, import_file, import_text};
use vigie::model::{DeadlineStatus, Importance, Priority, Role, TaskStatus, VatRegime};

const HEADER: &str = "client_siren;kind;label;due_date;assignee_email;status\n";

/// A firm with one person and two clients (SIREN 732829320 and 552100554).
fn firm() -> Firm {
    let mut f = Firm::new();
    import(&mut f, ImportKind::Staff, "name;email;role\nPaul Martin;paul@a.fr;collaborateur\n", false).unwrap();
    import(
        &mut f,
        ImportKind::Clients,
        "name;siren\nBoulangerie Martin;732829320\nSCI Les Tilleuls;552100554\n",
        false,
    )
    .unwrap();
    f
}

fn import(f: &mut Firm, kind: ImportKind, text: &str, skip_invalid: bool) -> Result<ImportReport, Vec<String>> {
    let cabinet = f.cabinet.clone();
    import_text(&mut f.store, &cabinet, kind, "f.csv", text, skip_invalid, f.clock.now()).map_err(|e| match e {
        Error::Import { problems, whole_file: false } => problems.iter().map(ToString::to_string).collect(),
        other => panic!("unexpected error {other}"),
    })
}

/// `rows` distinct deadlines of the first client, one a day from 1 January 2026, at lines 2 on.
fn deadlines(rows: usize) -> String {
    let first = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let mut text = String::from(HEADER);
    for i in 0..rows {
        let due = first + Duration::days(i as i64);
        text.push_str(&format!("732829320;tva_ca3;TVA n°{i};{due};paul@a.fr;a_faire\n"));
    }
    text
}

#[test]
fn a_bad_last_row_of_5000_imports_nothing_and_is_listed() {
    let mut f = firm();
    let file = deadlines(5_000) + "542065479;tva_ca3;Client inconnu;2026-12-15;;\n";
    assert_eq!(
        import(&mut f, ImportKind::Deadlines, &file, false).unwrap_err(),
        ["f.csv:5002: client_siren: no client with SIREN 542065479 in this cabinet (import clients first)"]
    );
    assert_eq!(f.count("SELECT count(*) FROM deadlines"), 0);
    // Skipping the bad rows keeps the 5,000 good ones.
    let report = import(&mut f, ImportKind::Deadlines, &file, true).unwrap();
    assert_eq!((report.created, report.updated, report.skipped.len()), (5_000, 0, 1));
    assert_eq!(report.skipped[0].line, 5_002);
    assert_eq!(f.count("SELECT count(*) FROM deadlines"), 5_000);
}

#[test]
fn a_natural_key_repeated_on_the_last_of_5000_lines_refuses_the_file() {
    let mut f = firm();
    // Line 5002 repeats line 2's natural key (client, kind, due date) with another label.
    let file = deadlines(5_000) + "732829320;TVA_CA3;Autre libellé;01/01/2026;;faite\n";
    assert_eq!(
        import(&mut f, ImportKind::Deadlines, &file, false).unwrap_err(),
        ["f.csv:5002: row: same row as line 2 (a file lists each row once)"]
    );
    assert_eq!(f.count("SELECT count(*) FROM deadlines"), 0);
    // Skipped, the repeated row writes nothing over the first.
    let report = import(&mut f, ImportKind::Deadlines, &file, true).unwrap();
    assert_eq!((report.created, report.updated, report.skipped.len()), (5_000, 0, 1));
    // (Due 01/01/2026, before the firm's today: open, it is stored overdue.)
    assert_eq!(f.count("SELECT count(*) FROM deadlines WHERE label = 'TVA n°0' AND status = 'depassee'"), 1);
    assert_eq!(f.count("SELECT count(*) FROM deadlines WHERE status = 'faite'"), 0);
    // Imported again, every row is an update, none a duplicate.
    let report =
        import(&mut f, ImportKind::Deadlines, &deadlines(5_000).replace("a_faire", "en_cours"), false).unwrap();
    assert_eq!((report.created, report.updated), (0, 5_000));
    // Those due before the firm's today (25/11/2026) are overdue, the others in progress.
    let past = f.count("SELECT count(*) FROM deadlines WHERE due_date < '2026-11-25'");
    assert_eq!(past, 328);
    assert_eq!(f.count("SELECT count(*) FROM deadlines WHERE status = 'depassee'"), past);
    assert_eq!(f.count("SELECT count(*) FROM deadlines WHERE status = 'en_cours'"), 5_000 - past);
}

#[test]
fn rows_after_the_first_problem_are_still_checked_and_their_repeats_found() {
    let mut f = firm();
    let file = format!(
        "{HEADER}\
732829320;tva_ca3;Bon;2026-12-15;;
732829320;dsn;Mauvaise date;31/02/2026;;
552100554;dsn;DSN;2026-12-15;;
552100554;cfe;CFE;2026-12-15;;
552100554;dsn;Répétée;2026-12-15;;
552100554;is;Personne inconnue;2026-12-15;nobody@a.fr;
"
    );
    assert_eq!(
        import(&mut f, ImportKind::Deadlines, &file, false).unwrap_err(),
        [
            "f.csv:3: due_date: \"31/02/2026\" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)",
            "f.csv:6: row: same row as line 4 (a file lists each row once)",
            "f.csv:7: assignee_email: no staff member with email nobody@a.fr in this cabinet (import staff first)",
        ]
    );
    assert_eq!(f.count("SELECT count(*) FROM deadlines"), 0);
    // The preview counts every valid row, after the problems too, and writes nothing.
    let cabinet = f.cabinet.clone();
    let now = f.clock.now();
    let seen = preview(&mut f.store, &cabinet, ImportKind::Deadlines, "f.csv", file.as_bytes(), now).unwrap();
    assert_eq!((seen.total_rows, seen.created, seen.updated, seen.importable), (6, 3, 0, false));
    let outcomes: Vec<RowOutcome> = seen.rows.iter().map(|r| r.outcome).collect();
    use RowOutcome::{Create, Invalid};
    assert_eq!(outcomes, [Create, Invalid, Create, Create, Invalid, Invalid]);
    assert_eq!(seen.problems.iter().map(|p| p.line).collect::<Vec<_>>(), [3, 6, 7]);
    assert_eq!(f.count("SELECT count(*) FROM deadlines"), 0);
}

#[test]
fn files_read_from_disk_with_crlf_or_cr_line_ends_name_the_right_lines() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = firm();
    let cabinet = f.cabinet.clone();
    let rows = ["732829320;tva_ca3;Télé;2026-12-15;;", "732829320;dsn;B;2026-12-15;;", "732829320;cfe;C;2026-13-15;;"];
    for end in ["\r\n", "\r"] {
        let text = std::iter::once(HEADER.trim_end()).chain(rows).collect::<Vec<_>>().join(end) + end;
        // As UTF-8, and as Windows-1252 (French Excel's "CSV"): é is the byte E9.
        let cp1252: Vec<u8> = text.chars().map(|c| if c == 'é' { 0xe9 } else { c as u8 }).collect();
        for bytes in [text.clone().into_bytes(), cp1252] {
            let path = dir.path().join("f.csv");
            std::fs::write(&path, &bytes).unwrap();
            let err =
                import_file(&mut f.store, &cabinet, ImportKind::Deadlines, &path, false, f.clock.now()).unwrap_err();
            let Error::Import { problems, .. } = err else { panic!("{err}") };
            assert_eq!(problems.len(), 1, "{end:?}");
            assert_eq!((problems[0].line, problems[0].column.as_str()), (4, "due_date"), "{end:?}");
        }
    }
    let path = dir.path().join("f.csv");
    std::fs::write(
        &path,
        b"client_siren;kind;label;due_date\r\n732829320;tva_ca3;T\xe9l\xe9d\xe9claration;2026-12-15\r\n",
    )
    .unwrap();
    let report = import_file(&mut f.store, &cabinet, ImportKind::Deadlines, &path, false, f.clock.now()).unwrap();
    assert_eq!(report.created, 1);
    assert_eq!(f.count("SELECT count(*) FROM deadlines WHERE label = 'Télédéclaration'"), 1);
}

/// A valid SIREN from eight digits (Luhn check digit appended).
fn siren(n: u32) -> String {
    let digits = format!("{n:08}");
    let total: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 { if d * 2 > 9 { d * 2 - 9 } else { d * 2 } } else { d }
        })
        .sum();
    format!("{digits}{}", (10 - total % 10) % 10)
}

#[test]
fn every_value_an_import_writes_passes_the_schema_checks() {
    // Every value each column can be imported with is one the schema's CHECK constraints accept
    // (the model's enums and the schema spell them alike): the import writes each, then
    // SQLite's integrity check evaluates every constraint over every row.
    let mut f = Firm::new();
    let mut staff = String::from("name;email;role;active\n");
    for (i, role) in Role::ALL.iter().enumerate() {
        staff.push_str(&format!("P{i};p{i}@a.fr;{role};{}\n", if i % 2 == 0 { "oui" } else { "non" }));
    }
    import(&mut f, ImportKind::Staff, &staff, false).unwrap();
    let mut clients = String::from("name;siren;manager_email;vat_regime;fiscal_year_end;legal_form\n");
    for (i, vat) in VatRegime::ALL.iter().enumerate() {
        clients.push_str(&format!("C{i};{};p0@a.fr;{vat};31/12;SARL\n", siren(10_000_000 + i as u32)));
    }
    clients.push_str("Sans SIREN;;;;;\n");
    import(&mut f, ImportKind::Clients, &clients, false).unwrap();
    let client = siren(10_000_000);
    let mut deadlines = String::from(HEADER);
    for (i, status) in DeadlineStatus::ALL.iter().enumerate() {
        deadlines.push_str(&format!("{client};tva;D{i};2026-12-{:02};p1@a.fr;{status}\n", i + 1));
    }
    let mut tasks = String::from("client_siren;title;assignee_email;due_date;status;priority\n");
    for (i, status) in TaskStatus::ALL.iter().enumerate() {
        for (j, priority) in Priority::ALL.iter().enumerate() {
            tasks.push_str(&format!("{client};T{i}{j};p2@a.fr;2026-12-01;{status};{priority}\n"));
        }
    }
    let mut events = String::from("client_siren;title;starts_at;importance;audience_email\n");
    for (i, importance) in Importance::ALL.iter().enumerate() {
        events.push_str(&format!(";E{i};2026-12-01T09:00;{importance};p0@a.fr\n"));
    }
    let documents = format!(
        "client_siren;label;requested_on;due_date;received_on;owner_email\n\
         {client};Relevés;2026-11-01;2026-11-30;2026-11-10;p0@a.fr\n{client};Factures;2026-11-01;2026-11-30;;\n"
    );
    for (kind, text) in [
        (ImportKind::Deadlines, &deadlines),
        (ImportKind::Tasks, &tasks),
        (ImportKind::Events, &events),
        (ImportKind::Documents, &documents),
    ] {
        assert!(import(&mut f, kind, text, false).unwrap().created > 0, "{kind:?}");
    }
    // Updated, each row gets the next value of its last column.
    let shifted = |all: &[&str], text: &str| {
        let next = |line: &str| {
            let (start, last) = line.rsplit_once(';').unwrap();
            match all.iter().position(|v| *v == last) {
                Some(i) => format!("{start};{}\n", all[(i + 1) % all.len()]),
                None => format!("{line}\n"),
            }
        };
        text.lines().map(next).collect::<String>()
    };
    let statuses: Vec<&str> = DeadlineStatus::ALL.iter().map(|s| s.as_str()).collect();
    assert_eq!(import(&mut f, ImportKind::Deadlines, &shifted(&statuses, &deadlines), false).unwrap().updated, 4);
    let priorities: Vec<&str> = Priority::ALL.iter().map(|p| p.as_str()).collect();
    assert_eq!(import(&mut f, ImportKind::Tasks, &shifted(&priorities, &tasks), false).unwrap().updated, 16);
    let check: Vec<String> = f
        .store
        .conn()
        .prepare("PRAGMA integrity_check")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(check, ["ok"]);
    // The checks are enforced again once the import is done.
    let conn = f.store.conn();
    assert!(conn.execute("UPDATE deadlines SET status = 'perdue'", []).is_err());
    assert!(conn.execute("UPDATE tasks SET priority = 'moyenne'", []).is_err());
    let ignored: bool = conn.query_row("PRAGMA ignore_check_constraints", [], |r| r.get(0)).unwrap();
    assert!(!ignored);
}
