//! "Exporter en CSV": any table of the firm's data as a file French Excel opens (BOM, `;`,
//! CRLF, quoting, French headers and words, dates DD/MM/YYYY), every row its search and
//! filters match in its order, formulas neutralised, one cabinet only. Read back with the
//! `csv` crate as a spreadsheet would read it.

use chrono::{TimeZone, Utc};
use std::sync::Arc;
use vigie::app::Vigie;
use vigie::clock::{Clock, FixedClock};
use vigie::firm::clients::{ClientDraft, ClientQuery};
use vigie::firm::deadlines::{DeadlineDraft, DeadlineFilter, DeadlineQuery, DeadlineSort};
use vigie::firm::documents::{DocumentDraft, DocumentQuery};
use vigie::firm::events::{EventDraft, EventQuery};
use vigie::firm::export::ExportTable;
use vigie::firm::staff::{StaffDraft, StaffFilter, StaffQuery};
use vigie::firm::tasks::{TaskDraft, TaskQuery};
use vigie::firm::{Direction, ListQuery};

const BOM: &[u8] = b"\xEF\xBB\xBF";

struct App {
    _dir: tempfile::TempDir,
    vigie: Vigie,
}

/// Cabinets A and B, the clock at 2026-11-27 23:30 UTC: already the 28th in Paris.
fn app() -> App {
    let dir = tempfile::tempdir().unwrap();
    let clock: Arc<dyn Clock> = Arc::new(FixedClock::new(Utc.with_ymd_and_hms(2026, 11, 27, 23, 30, 0).unwrap()));
    let vigie = Vigie::open(dir.path(), clock).unwrap();
    vigie.add_cabinet("A", None).unwrap();
    vigie.add_cabinet("B", None).unwrap();
    App { _dir: dir, vigie }
}

impl App {
    fn person(&self, cabinet: &str, name: &str, email: &str, role: &str) -> i64 {
        let draft = StaffDraft { name: name.into(), email: email.into(), role: role.into(), active: true };
        self.vigie.create_staff(Some(cabinet), &draft).unwrap().id
    }

    fn client(&self, cabinet: &str, name: &str, siren: &str, manager: Option<i64>) -> i64 {
        let draft = ClientDraft {
            name: name.into(),
            siren: siren.into(),
            manager_id: manager,
            vat_regime: "franchise".into(),
            fiscal_year_end: "31/12".into(),
            ..ClientDraft::default()
        };
        self.vigie.create_client(Some(cabinet), &draft).unwrap().id
    }

    fn deadline(&self, cabinet: &str, client: i64, kind: &str, label: &str, due: &str, status: &str) -> i64 {
        let draft = DeadlineDraft {
            client_id: Some(client),
            kind: kind.into(),
            label: label.into(),
            due_date: due.into(),
            status: status.into(),
            ..DeadlineDraft::default()
        };
        self.vigie.create_deadline(Some(cabinet), &draft).unwrap().id
    }

    /// The export's file name, and its rows read back as a spreadsheet reads them (header first).
    fn export(&self, cabinet: &str, table: ExportTable) -> (String, Vec<Vec<String>>) {
        let export = self.vigie.export_table(Some(cabinet), &table).unwrap();
        let rows = read_back(&export.bytes);
        assert_eq!(export.rows as usize, rows.len() - 1, "the count says the rows written");
        (export.file_name, rows)
    }
}

/// Checks the file's framing (BOM, CRLF after every row) and parses it with `;`.
fn read_back(bytes: &[u8]) -> Vec<Vec<String>> {
    assert!(bytes.starts_with(BOM), "UTF-8 with a byte order mark, for Excel");
    let body = &bytes[BOM.len()..];
    assert!(body.ends_with(b"\r\n"), "the last row ends with CRLF");
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').has_headers(false).from_reader(body);
    let rows: Vec<Vec<String>> = reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    let width = rows[0].len();
    assert!(rows.iter().all(|r| r.len() == width), "every row has the header's cells: {rows:?}");
    rows
}

fn deadlines(query: DeadlineQuery) -> ExportTable {
    ExportTable::Deadlines(query)
}

#[test]
fn deadlines_are_written_for_french_excel_with_french_headers_words_and_dates() {
    let app = app();
    let claire = app.person("A", "Claire Moreau", "claire@a.fr", "expert");
    let client = app.client("A", "Boulangerie Dupont", "732829320", Some(claire));
    app.deadline("A", client, "tva_ca3", "TVA novembre", "2026-12-15", "a_faire");
    app.deadline("A", client, "taxe_fonciere", "Taxe foncière", "2026-12-01", "depassee");

    let export = app.vigie.export_table(Some("A"), &deadlines(DeadlineQuery::default())).unwrap();
    assert_eq!(export.file_name, "vigie-echeances-2026-11-28.csv", "the cabinet's date, not UTC's");
    let text = std::str::from_utf8(&export.bytes[BOM.len()..]).unwrap();
    assert_eq!(
        text,
        "Client;SIREN;Type;Libellé;Échéance;Statut;Responsable\r\n\
         Boulangerie Dupont;732 829 320;Taxe fonciere;Taxe foncière;01/12/2026;Dépassée;\r\n\
         Boulangerie Dupont;732 829 320;TVA (CA3);TVA novembre;15/12/2026;À faire;\r\n",
        "by due date, the table's default order"
    );
}

#[test]
fn every_row_the_search_and_filters_match_is_exported_in_the_querys_order_whatever_its_page() {
    let app = app();
    let a = app.client("A", "Alpha", "", None);
    let b = app.client("A", "Bêta", "", None);
    app.deadline("A", a, "tva", "TVA Alpha 1", "2026-12-01", "a_faire");
    app.deadline("A", a, "dsn", "DSN Alpha", "2026-12-02", "a_faire");
    app.deadline("A", a, "tva", "TVA Alpha 2", "2027-01-01", "faite");
    app.deadline("A", b, "tva", "TVA Bêta", "2026-12-03", "en_cours");

    let query = DeadlineQuery {
        search: Some("tva".into()),
        sort: DeadlineSort::Client,
        direction: Direction::Desc,
        filter: DeadlineFilter { open_only: true, ..DeadlineFilter::default() },
        limit: Some(1),
        offset: 1,
    };
    let (_, rows) = app.export("A", deadlines(query.clone()));
    let labels: Vec<&str> = rows[1..].iter().map(|r| r[3].as_str()).collect();
    assert_eq!(labels, ["TVA Bêta", "TVA Alpha 1"], "searched, open only, client Z to A; the page ignored");

    // The same rows as the table shows, page after page.
    let mut shown = Vec::new();
    for offset in 0..3 {
        let page = app.vigie.list_deadlines(Some("A"), &DeadlineQuery { offset, ..query.clone() }).unwrap();
        shown.extend(page.rows.into_iter().map(|d| d.label));
    }
    assert_eq!(shown, labels);
}

#[test]
fn another_cabinets_rows_are_never_exported() {
    let app = app();
    let mine = app.client("A", "Client de A", "", None);
    let theirs = app.client("B", "Client de B", "", None);
    app.deadline("A", mine, "tva", "TVA de A", "2026-12-01", "");
    app.deadline("B", theirs, "tva", "TVA de B", "2026-12-01", "");
    app.person("B", "Personne de B", "b@b.fr", "assistant");

    let (_, rows) = app.export("A", deadlines(DeadlineQuery::default()));
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][0], "Client de A");
    let (_, clients) = app.export("A", ExportTable::Clients(ClientQuery::default()));
    assert_eq!(clients.iter().skip(1).map(|r| r[0].as_str()).collect::<Vec<_>>(), ["Client de A"]);
    let (_, staff) = app.export("A", ExportTable::Staff(StaffQuery::default()));
    assert_eq!(staff.len(), 1, "A has no staff: the header alone");
    // A filter naming B's client finds nothing in A.
    let (_, rows) = app.export(
        "A",
        deadlines(DeadlineQuery {
            filter: DeadlineFilter { client_id: Some(theirs), ..DeadlineFilter::default() },
            ..DeadlineQuery::default()
        }),
    );
    assert_eq!(rows.len(), 1);
}

#[test]
fn a_cell_excel_would_run_as_a_formula_is_written_as_text() {
    let app = app();
    let client = app.client("A", "=HYPERLINK(\"http://x.test\";\"Cliquez\")", "", None);
    app.deadline("A", client, "tva", "+33 1 23 45 67 89", "2026-12-01", "");
    app.deadline("A", client, "dsn", "-2 jours", "2026-12-02", "");
    app.deadline("A", client, "cfe", "@SOMME(A1:A9)", "2026-12-03", "");

    let export = app.vigie.export_table(Some("A"), &deadlines(DeadlineQuery::default())).unwrap();
    let text = String::from_utf8(export.bytes.clone()).unwrap();
    assert!(
        text.contains("\r\n\"'=HYPERLINK(\"\"http://x.test\"\";\"\"Cliquez\"\")\";"),
        "the apostrophe goes inside the quotes, before the =: {text}"
    );
    let rows = read_back(&export.bytes);
    assert_eq!(rows[1][0], "'=HYPERLINK(\"http://x.test\";\"Cliquez\")");
    let labels: Vec<&str> = rows[1..].iter().map(|r| r[3].as_str()).collect();
    assert_eq!(labels, ["'+33 1 23 45 67 89", "'-2 jours", "'@SOMME(A1:A9)"]);
    assert!(rows[1..].iter().all(|r| !r.iter().any(|c| c.starts_with(['=', '+', '-', '@']))));
}

#[test]
fn separators_quotes_and_line_breaks_in_stored_text_survive_the_round_trip() {
    let app = app();
    let client = app.client("A", "Dupont; Fils & \"Cie\"", "", None);
    let title = "Appeler le client ;\nlui dire « bonjour »\net \"vite\"";
    let draft = TaskDraft {
        client_id: Some(client),
        title: title.into(),
        due_date: "2026-12-04".into(),
        priority: "urgente".into(),
        status: "en_retard".into(),
        ..TaskDraft::default()
    };
    app.vigie.create_task(Some("A"), &draft).unwrap();
    let own = TaskDraft { title: "Inventaire".into(), due_date: "05/12/2026".into(), ..TaskDraft::default() };
    app.vigie.create_task(Some("A"), &own).unwrap();

    let (name, rows) = app.export("A", ExportTable::Tasks(TaskQuery::default()));
    assert_eq!(name, "vigie-taches-2026-11-28.csv");
    assert_eq!(rows[0], ["Client", "SIREN", "Tâche", "Échéance", "Statut", "Priorité", "Responsable"]);
    assert_eq!(rows[1], ["Dupont; Fils & \"Cie\"", "", title, "04/12/2026", "En retard", "Urgente", ""]);
    assert_eq!(rows[2], ["", "", "Inventaire", "05/12/2026", "À faire", "Normale", ""], "the cabinet's own task");
}

#[test]
fn each_table_has_its_french_headers_and_words() {
    let app = app();
    let claire = app.person("A", "Claire Moreau", "claire@a.fr", "expert");
    let paul = app.person("A", "Paul Martin", "paul@a.fr", "collaborateur");
    let client = app.client("A", "SARL Bâtiment", "732829320", Some(claire));

    let (_, rows) = app.export("A", ExportTable::Clients(ClientQuery::default()));
    let fiscal = [
        "Imposition",
        "Première clôture",
        "Département des impôts",
        "Salariés",
        "CFE ≥ 3 000 €",
        "IS > 3 000 €",
        "CA > 152 500 € (CVAE)",
    ];
    let headers = ["Nom", "SIREN", "Forme juridique", "Régime de TVA", "Clôture de l'exercice", "Responsable"];
    assert_eq!(rows[0], [&headers[..], &fiscal[..]].concat());
    let unsaid = ["", "", "", "", "", "", ""];
    let values = ["SARL Bâtiment", "732 829 320", "", "Franchise en base", "31/12", "Claire Moreau"];
    assert_eq!(rows[1], [&values[..], &unsaid[..]].concat());
    let draft = ClientDraft {
        name: "Cabinet Zoé".into(),
        taxation: "ir_bnc".into(),
        first_closing: "31/12/2027".into(),
        tax_department: "92".into(),
        payroll: "50_et_plus_paie_decalee".into(),
        cfe_over_3000: Some(true),
        is_over_3000: Some(false),
        ..ClientDraft::default()
    };
    app.vigie.create_client(Some("A"), &draft).unwrap();
    let (_, rows) = app.export("A", ExportTable::Clients(ClientQuery::default()));
    assert_eq!(rows[1][6..], ["IR (BNC)", "31/12/2027", "92", "50 salariés ou plus, paie décalée", "Oui", "Non", ""]);

    for (label, received) in [("Relevés de novembre", ""), ("Factures d'octobre", "2026-11-20"), ("Bilan", "")] {
        let due = if label == "Bilan" { "2026-12-31" } else { "2026-11-26" };
        let draft = DocumentDraft {
            client_id: Some(client),
            label: label.into(),
            requested_on: "2026-11-01".into(),
            due_date: due.into(),
            received_on: received.into(),
            owner_id: Some(paul),
        };
        app.vigie.create_document(Some("A"), &draft).unwrap();
    }
    let (name, rows) = app.export("A", ExportTable::Documents(DocumentQuery::default()));
    assert_eq!(name, "vigie-pieces-2026-11-28.csv");
    assert_eq!(rows[0], ["Client", "SIREN", "Pièce", "Demandée le", "Attendue le", "Reçue le", "État", "Suivi par"]);
    let states: Vec<(&str, &str, &str)> =
        rows[1..].iter().map(|r| (r[2].as_str(), r[5].as_str(), r[6].as_str())).collect();
    assert_eq!(
        states,
        [
            ("Relevés de novembre", "", "En retard"),
            ("Factures d'octobre", "20/11/2026", "Reçue"),
            ("Bilan", "", "Manquante")
        ]
    );
    assert_eq!(rows[1][7], "Paul Martin");

    let event = EventDraft {
        client_id: Some(client),
        title: "AGO".into(),
        starts_at: "2026-12-01 09:30".into(),
        importance: "haute".into(),
        audience_id: None,
    };
    app.vigie.create_event(Some("A"), &event).unwrap();
    let (_, rows) = app.export("A", ExportTable::Events(EventQuery::default()));
    assert_eq!(rows[0], ["Client", "SIREN", "Événement", "Date et heure", "Importance", "Pour"]);
    assert_eq!(rows[1], ["SARL Bâtiment", "732 829 320", "AGO", "01/12/2026 09:30", "Haute", "Tout le cabinet"]);

    let (name, rows) = app.export(
        "A",
        ExportTable::Staff(StaffQuery {
            filter: StaffFilter { active: Some(true), ..StaffFilter::default() },
            ..ListQuery::default()
        }),
    );
    assert_eq!(name, "vigie-equipe-2026-11-28.csv");
    assert_eq!(rows[0], ["Nom", "E-mail", "Rôle", "Actif"]);
    assert_eq!(rows[1], ["Claire Moreau", "claire@a.fr", "Expert-comptable", "Oui"]);
    assert_eq!(rows[2], ["Paul Martin", "paul@a.fr", "Collaborateur", "Oui"]);
}

#[test]
fn thousands_of_rows_come_out_whole_and_in_order_across_the_chunks_they_are_read_in() {
    let app = app();
    let client = app.client("A", "Gros client", "", None);
    {
        let store = app.vigie.store();
        let conn = store.conn();
        conn.execute_batch("BEGIN").unwrap();
        let mut insert = conn
            .prepare(
                "INSERT INTO deadlines (cabinet_id, client_id, kind, label, due_date, status)
                 SELECT cabinet_id, id, 'k' || ?1, 'Échéance ' || ?1, ?2, 'a_faire' FROM clients WHERE id = ?3",
            )
            .unwrap();
        for i in 0..4_500 {
            // Due dates out of id order, so that the order is the sort's, not the ids'.
            let due = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days((i * 37) % 500);
            insert.execute(rusqlite::params![i, due.format("%Y-%m-%d").to_string(), client]).unwrap();
        }
        drop(insert);
        conn.execute_batch("COMMIT").unwrap();
    }
    let query = DeadlineQuery { direction: Direction::Desc, ..DeadlineQuery::default() };
    let (_, rows) = app.export("A", deadlines(query.clone()));
    assert_eq!(rows.len(), 4_501);
    let mut shown = Vec::new();
    for offset in (0..4_500).step_by(500) {
        let page = app.vigie.list_deadlines(Some("A"), &DeadlineQuery { offset, limit: Some(500), ..query.clone() });
        shown.extend(page.unwrap().rows.into_iter().map(|d| d.label));
    }
    let exported: Vec<&String> = rows[1..].iter().map(|r| &r[3]).collect();
    assert_eq!(exported, shown.iter().collect::<Vec<_>>());
}
