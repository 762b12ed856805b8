//! The fiscal calendar in the store: generation by client, kind and period, what a client's
//! change, an import or a form does to generated deadlines, a client's own dates and kinds
//! turned off, the monthly roll, the iCalendar export (parsed back by an independent parser),
//! the command line, and cabinets kept apart.

use chrono::{NaiveDate, TimeZone, Utc};
use std::sync::Arc;
use vigie::app::Vigie;
use vigie::app::calendar::IcsRequest;
use vigie::clock::{Clock, FixedClock};
use vigie::error::ErrorCode;
use vigie::firm::clients::ClientDraft;
use vigie::firm::deadlines::DeadlineDraft;
use vigie::import::ImportKind;

const A: Option<&str> = Some("A");
const B: Option<&str> = Some("B");

/// A store with cabinets A and B, a clock at 2026-11-25 08:00 UTC (09:00 in Paris).
struct App {
    dir: tempfile::TempDir,
    clock: Arc<FixedClock>,
    vigie: Vigie,
}

fn app() -> App {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(Utc.with_ymd_and_hms(2026, 11, 25, 8, 0, 0).unwrap()));
    let shared: Arc<dyn Clock> = clock.clone();
    let vigie = Vigie::open(dir.path(), shared).unwrap();
    vigie.add_cabinet("A", None).unwrap();
    vigie.add_cabinet("B", None).unwrap();
    App { dir, clock, vigie }
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A Paris SARL at the IS, monthly VAT, closing 31/12, fewer than 50 employees, CFE over
/// 3,000 € and IS over 3,000 € last year, no CVAE.
fn bakery() -> ClientDraft {
    ClientDraft {
        name: "Boulangerie Léa".into(),
        siren: "732829320".into(),
        legal_form: "SARL".into(),
        vat_regime: "mensuel".into(),
        fiscal_year_end: "31/12".into(),
        taxation: "is".into(),
        tax_department: "75".into(),
        payroll: "moins_de_50".into(),
        cfe_over_3000: Some(true),
        is_over_3000: Some(true),
        cvae_filer: Some(false),
        ..ClientDraft::default()
    }
}

impl App {
    fn count(&self, sql: &str) -> i64 {
        self.vigie.store().conn().query_row(sql, [], |r| r.get(0)).unwrap()
    }

    /// (kind, period, due date, status, generated) of the client's deadlines with a period.
    fn obligations(&self, client: i64) -> Vec<(String, String, String, String, bool)> {
        let store = self.vigie.store();
        let mut stmt = store
            .conn()
            .prepare(
                "SELECT kind, period, due_date, status, generated FROM deadlines
                 WHERE client_id = ?1 AND period IS NOT NULL ORDER BY due_date, kind, period",
            )
            .unwrap();
        stmt.query_map([client], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get::<_, i64>(4)? != 0)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    /// The due date of the client's deadline of `kind` for `period`.
    fn due(&self, client: i64, kind: &str, period: &str) -> Option<String> {
        self.obligations(client).into_iter().find(|o| o.0 == kind && o.1 == period).map(|o| o.2)
    }

    fn set_today(&self, day: &str) {
        self.clock.set(Utc.from_utc_datetime(&date(day).and_hms_opt(8, 0, 0).unwrap()));
    }
}

#[test]
fn a_new_client_gets_its_obligations_and_generating_again_creates_nothing() {
    let a = app();
    let client = a.vigie.create_client(A, &bakery()).unwrap().id;
    let first = a.obligations(client);
    // From 25/11/2026 for 15 months: CA3 and DSN every month, four IS instalments a year, the
    // IS balance, the liasse, DAS2, CFE and its June instalment.
    let kinds: std::collections::BTreeSet<&str> = first.iter().map(|o| o.0.as_str()).collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        ["cfe", "cfe_acompte", "das2", "dsn", "is_acompte", "is_solde", "liasse", "tva_ca3"]
    );
    assert!(first.iter().all(|o| o.3 == "a_faire" && o.4), "{first:?}");
    // Paris, a company whose SIREN starts with 73 (69–78): the 20th; 20/12/2026 is a Sunday.
    assert_eq!(a.due(client, "tva_ca3", "2026-11").as_deref(), Some("2026-12-21"));
    assert_eq!(a.due(client, "tva_ca3", "2027-01").as_deref(), Some("2027-02-22"));
    // IS instalments of the fiscal year 2027 (previous closing 31/12: 15 March first).
    assert_eq!(a.due(client, "is_acompte", "EX-2027-1").as_deref(), Some("2027-03-15"));
    assert_eq!(a.due(client, "is_acompte", "EX-2027-4").as_deref(), Some("2027-12-15"));
    // 15/05/2027 is a Saturday and 17/05 Whit Monday.
    assert_eq!(a.due(client, "is_solde", "EX-2026").as_deref(), Some("2027-05-18"));
    // The 2nd working day after 1 May 2027 (a Saturday) is Tuesday 4 May, plus 15 days.
    assert_eq!(a.due(client, "liasse", "EX-2026").as_deref(), Some("2027-05-19"));
    let legal: String = a.vigie.store().conn().query_row(
        "SELECT legal_date || ' ' || rule || ' ' || source FROM deadlines WHERE kind = 'liasse' AND period = 'EX-2026'",
        [],
        |r| r.get(0),
    ).unwrap();
    assert!(legal.starts_with("2027-05-04 liasse_is "), "{legal}");
    assert!(legal.contains("CGI"), "{legal}");

    let again = a.vigie.generate_calendar(A, None, None).unwrap();
    assert_eq!((again.created, again.updated, again.removed, again.clients), (0, 0, 0, 1));
    assert_eq!(again.unchanged, first.len() as u64);
    assert_eq!(a.obligations(client), first);
    // Every label is French and names its period.
    let labels: Vec<String> = {
        let store = a.vigie.store();
        let mut stmt = store.conn().prepare("SELECT label FROM deadlines WHERE period = '2027-02'").unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
    };
    assert!(labels.contains(&"TVA CA3 — février 2027".to_string()), "{labels:?}");
}

#[test]
fn an_edited_client_gets_its_future_generated_deadlines_recomputed_but_never_the_done_ones() {
    let a = app();
    let client = a.vigie.create_client(A, &bakery()).unwrap().id;
    // The firm filed November's return early.
    let november = a.count("SELECT id FROM deadlines WHERE kind = 'tva_ca3' AND period = '2026-11'");
    a.vigie.set_deadline_done(A, november, true).unwrap();
    let monthly = a.count("SELECT count(*) FROM deadlines WHERE kind = 'tva_ca3'");
    assert_eq!(monthly, 15);

    // Quarterly VAT from now on.
    let quarterly = ClientDraft { vat_regime: "trimestriel".into(), ..bakery() };
    a.vigie.update_client(A, client, &quarterly).unwrap();
    let vat: Vec<(String, String, String)> =
        a.obligations(client).into_iter().filter(|o| o.0 == "tva_ca3").map(|o| (o.1, o.2, o.3)).collect();
    assert_eq!(
        vat,
        [
            ("2026-11".to_string(), "2026-12-21".to_string(), "faite".to_string()),
            ("2026-T4".into(), "2027-01-20".into(), "a_faire".into()),
            ("2027-T1".into(), "2027-04-20".into(), "a_faire".into()),
            ("2027-T2".into(), "2027-07-20".into(), "a_faire".into()),
            ("2027-T3".into(), "2027-10-20".into(), "a_faire".into()),
            ("2027-T4".into(), "2028-01-20".into(), "a_faire".into()),
        ]
    );

    // No VAT at all: the future generated returns go, the done one stays.
    let franchise = ClientDraft { vat_regime: "franchise".into(), ..bakery() };
    a.vigie.update_client(A, client, &franchise).unwrap();
    let left: Vec<String> = a.obligations(client).into_iter().filter(|o| o.0 == "tva_ca3").map(|o| o.1).collect();
    assert_eq!(left, ["2026-11"]);

    // A past deadline the firm did not mark done is history: a change leaves it alone.
    a.set_today("2027-02-01");
    let before = a.due(client, "dsn", "2026-12");
    a.vigie.update_client(A, client, &ClientDraft { payroll: "sans_salarie".into(), ..franchise.clone() }).unwrap();
    assert_eq!(a.due(client, "dsn", "2026-12"), before, "a past DSN stays");
    assert_eq!(a.due(client, "dsn", "2027-01"), None, "January's, due 15/02, goes");
}

#[test]
fn a_first_fiscal_year_pays_no_is_instalment_and_missing_facts_are_said() {
    let a = app();
    let first_year = ClientDraft { first_closing: "31/12/2027".into(), ..bakery() };
    let client = a.vigie.create_client(A, &first_year).unwrap().id;
    let instalments: Vec<String> =
        a.obligations(client).into_iter().filter(|o| o.0 == "is_acompte").map(|o| o.1).collect();
    assert_eq!(instalments, Vec::<String>::new());

    let bare = ClientDraft { name: "Zoé Conseil".into(), ..ClientDraft::default() };
    let zoe = a.vigie.create_client(A, &bare).unwrap().id;
    assert!(a.obligations(zoe).is_empty());
    let report = a.vigie.generate_calendar(A, None, None).unwrap();
    let missing = report.missing.iter().find(|m| m.client.id == zoe).unwrap();
    let attributes: std::collections::BTreeSet<&str> = missing.missing.iter().map(|m| m.attribute.as_str()).collect();
    for attribute in ["vat_regime", "taxation", "payroll", "legal_form"] {
        assert!(attributes.contains(attribute), "{attribute}: {attributes:?}");
    }
    assert!(missing.missing.iter().all(|m| !m.why.is_empty()));
    let page = a.vigie.client_calendar(A, zoe, Some(2027)).unwrap();
    assert!(page.obligations.is_empty());
    assert_eq!(page.missing.len(), missing.missing.len());
}

#[test]
fn an_import_or_a_form_naming_the_period_replaces_the_generated_deadline() {
    let a = app();
    let client = a.vigie.create_client(A, &bakery()).unwrap().id;
    let id_of =
        |period: &str| a.count(&format!("SELECT id FROM deadlines WHERE kind = 'tva_ca3' AND period = '{period}'"));
    let january = id_of("2027-01");

    // The firm's own file says January's return is due on the 19th.
    let csv =
        "client_siren;kind;label;due_date;period\n732829320;tva_ca3;TVA janvier (accord SIE);19/02/2027;2027-01\n";
    let path = a.dir.path().join("deadlines.csv");
    std::fs::write(&path, csv).unwrap();
    let request = vigie::app::import::ImportRequest {
        file: &path,
        kind: ImportKind::Deadlines,
        skip_invalid: false,
        welcome: false,
    };
    let imported = a.vigie.import(A, &request).unwrap();
    assert_eq!((imported.report.created, imported.report.updated), (0, 1));
    assert_eq!(id_of("2027-01"), january, "the same row");
    let row = a.obligations(client).into_iter().find(|o| o.1 == "2027-01" && o.0 == "tva_ca3").unwrap();
    assert_eq!((row.2.as_str(), row.4), ("2027-02-19", false));
    // Generating again leaves the firm's row as it is.
    let again = a.vigie.generate_calendar(A, None, None).unwrap();
    assert_eq!((again.created, again.updated, again.kept), (0, 0, 1));
    assert_eq!(a.due(client, "tva_ca3", "2027-01").as_deref(), Some("2027-02-19"));

    // A deadline typed in the form for February's period replaces the generated one.
    let february = id_of("2027-02");
    let draft = DeadlineDraft {
        client_id: Some(client),
        kind: "tva_ca3".into(),
        label: "TVA février (saisie)".into(),
        due_date: "2027-03-19".into(),
        period: "2027-02".into(),
        ..DeadlineDraft::default()
    };
    let typed = a.vigie.create_deadline(A, &draft).unwrap();
    assert_eq!((typed.id, typed.generated, typed.period.as_deref()), (february, false, Some("2027-02")));
    assert_eq!(a.count("SELECT count(*) FROM deadlines WHERE kind = 'tva_ca3' AND period = '2027-02'"), 1);
    // A second one for the same period is refused, the field named.
    let twice = a.vigie.create_deadline(A, &DeadlineDraft { due_date: "2027-03-18".into(), ..draft.clone() });
    match twice {
        Err(vigie::Error::InvalidFields(problems)) => assert_eq!(problems[0].field.as_str(), "period"),
        other => panic!("expected the period refused, got {other:?}"),
    }
    // A period that names nothing is refused too.
    let bad = a.vigie.create_deadline(A, &DeadlineDraft { period: "février".into(), ..draft });
    assert!(matches!(bad, Err(vigie::Error::InvalidFields(ref p)) if p[0].field.as_str() == "period"), "{bad:?}");
}

#[test]
fn a_deadline_imported_before_the_calendar_is_taken_as_its_obligation_not_doubled() {
    let a = app();
    let client = a.vigie.create_client(A, &ClientDraft { vat_regime: String::new(), ..bakery() }).unwrap().id;
    // Imported without a period, on the day the rule gives.
    let draft = DeadlineDraft {
        client_id: Some(client),
        kind: "tva_ca3".into(),
        label: "TVA CA3 février".into(),
        due_date: "2027-03-22".into(),
        ..DeadlineDraft::default()
    };
    let old = a.vigie.create_deadline(A, &draft).unwrap();
    a.vigie.update_client(A, client, &bakery()).unwrap();
    assert_eq!(a.count("SELECT count(*) FROM deadlines WHERE kind = 'tva_ca3' AND due_date = '2027-03-22'"), 1);
    let row = a.vigie.get_deadline(A, old.id).unwrap();
    assert_eq!((row.period.as_deref(), row.generated, row.label.as_str()), (Some("2027-02"), false, "TVA CA3 février"));
}

#[test]
fn a_clients_own_date_and_a_kind_turned_off_are_kept_by_every_generation() {
    let a = app();
    let client = a.vigie.create_client(A, &bakery()).unwrap().id;
    let id = a.count("SELECT id FROM deadlines WHERE kind = 'is_solde' AND period = 'EX-2026'");

    let g = a.vigie.set_obligation_date(A, client, "is_solde", "EX-2026", Some("20/05/2027")).unwrap();
    assert_eq!(g.updated, 1);
    assert_eq!(a.due(client, "is_solde", "EX-2026").as_deref(), Some("2027-05-20"));
    assert_eq!(
        a.count("SELECT id FROM deadlines WHERE kind = 'is_solde' AND period = 'EX-2026'"),
        id,
        "moved, not replaced"
    );
    a.vigie.generate_calendar(A, None, None).unwrap();
    assert_eq!(a.due(client, "is_solde", "EX-2026").as_deref(), Some("2027-05-20"));
    let page = a.vigie.client_calendar(A, client, Some(2027)).unwrap();
    let solde = page.obligations.iter().find(|o| o.period == "EX-2026" && o.kind.as_str() == "is_solde").unwrap();
    assert_eq!((solde.override_date, solde.rule_date), (Some(date("2027-05-20")), date("2027-05-18")));
    // Back to the rule.
    a.vigie.set_obligation_date(A, client, "is_solde", "EX-2026", None).unwrap();
    assert_eq!(a.due(client, "is_solde", "EX-2026").as_deref(), Some("2027-05-18"));

    // No more DSN for this client (its payroll is outsourced).
    let g = a.vigie.set_obligation_kind(A, client, "dsn", false).unwrap();
    assert_eq!(g.removed, 15);
    assert_eq!(a.obligations(client).iter().filter(|o| o.0 == "dsn").count(), 0);
    a.vigie.update_client(A, client, &bakery()).unwrap();
    assert_eq!(a.obligations(client).iter().filter(|o| o.0 == "dsn").count(), 0, "a client edit keeps it off");
    let page = a.vigie.client_calendar(A, client, Some(2027)).unwrap();
    assert!(page.obligations.iter().filter(|o| o.kind.as_str() == "dsn").all(|o| o.off && o.deadline.is_none()));
    a.vigie.set_obligation_kind(A, client, "dsn", true).unwrap();
    assert_eq!(a.obligations(client).iter().filter(|o| o.0 == "dsn").count(), 15);

    // Wrong input names the field and changes nothing.
    let wrong = a.vigie.set_obligation_date(A, client, "tva_ca4", "2027-13", Some("31/02/2027"));
    match wrong {
        Err(vigie::Error::InvalidFields(problems)) => {
            let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
            assert_eq!(fields, ["kind", "period", "due_date"]);
        }
        other => panic!("expected invalid fields, got {other:?}"),
    }
    assert_eq!(a.count("SELECT count(*) FROM calendar_overrides"), 0);
    // A day another DSN of the client already holds is refused too.
    let taken = a.vigie.set_obligation_date(A, client, "dsn", "2027-01", Some("2027-03-15"));
    assert!(matches!(taken, Err(vigie::Error::InvalidFields(ref p)) if p[0].field.as_str() == "due_date"), "{taken:?}");

    // Stored data that says otherwise (written by an older version, or by hand) does not stop
    // generation: the obligation stays where it was, and a warning says why.
    a.vigie
        .store()
        .conn()
        .execute(
            "INSERT INTO calendar_overrides (cabinet_id, client_id, kind, period, due_date, created_at)
             SELECT cabinet_id, id, 'dsn', '2027-01', '2027-03-15', '2026-11-25T08:00:00Z' FROM clients WHERE id = ?1",
            [client],
        )
        .unwrap();
    let g = a.vigie.generate_calendar(A, None, None).unwrap();
    assert!(
        g.warnings.iter().any(|w| w.contains("DSN — janvier 2027") && w.contains("15/03/2027")),
        "{:?}",
        g.warnings
    );
    assert_eq!(a.due(client, "dsn", "2027-01").as_deref(), Some("2027-02-15"));
    assert_eq!(a.due(client, "dsn", "2027-02").as_deref(), Some("2027-03-15"));
}

#[test]
fn the_status_update_rolls_the_calendar_forward_once_a_month() {
    let a = app();
    let client = a.vigie.create_client(A, &bakery()).unwrap().id;
    let count = || a.obligations(client).len();
    let before = count();
    let run = |day: &str| {
        a.set_today(day);
        let mut store = a.vigie.store();
        let cabinet = vigie::cabinet::resolve(&store, A).unwrap();
        vigie::schedule::jobs::execute(&mut store, &cabinet, vigie::schedule::Job::StatusUpdate, a.clock.now())
            .unwrap()
            .counts
    };
    // The first status update of December looks again (nothing new falls due from 25 to 29
    // February 2028, the span's new days).
    let december = run("2026-12-01");
    assert_eq!(december.deadlines_generated, Some(0), "{december:?}");
    assert_eq!(count(), before);
    // The next days of the month leave it.
    let next = run("2026-12-02");
    assert_eq!(next.deadlines_generated, None);
    let after = count();
    // A computer off on the 1st: the first status update of January catches up.
    let january = run("2027-01-05");
    assert!(january.deadlines_generated.unwrap() > 0);
    assert!(count() > after);
}

#[test]
fn the_icalendar_file_reads_back_with_stable_uids() {
    let a = app();
    let claire = a
        .vigie
        .create_staff(
            A,
            &vigie::firm::staff::StaffDraft {
                name: "Claire Moreau".into(),
                email: "claire@a.fr".into(),
                role: "expert".into(),
                active: true,
            },
        )
        .unwrap()
        .id;
    let client = a.vigie.create_client(A, &ClientDraft { manager_id: Some(claire), ..bakery() }).unwrap().id;
    // Without SIREN, outside Paris (where a company's VAT day depends on its SIREN).
    let other = ClientDraft {
        name: "Garage; Martin, \"Fils\"".into(),
        siren: String::new(),
        tax_department: "69".into(),
        ..bakery()
    };
    a.vigie.create_client(A, &other).unwrap();

    let request = IcsRequest { months: Some(3), ..IcsRequest::default() };
    let file = a.vigie.deadlines_ics(A, &request).unwrap();
    assert_eq!(file.file_name, "vigie-echeances-2026-11-25.ics");
    let events = parse(&file.bytes);
    assert_eq!(events.len() as u64, file.rows);
    let stored = a.count("SELECT count(*) FROM deadlines WHERE due_date BETWEEN '2026-11-25' AND '2027-02-24'");
    assert_eq!(events.len() as i64, stored);
    let december_vat = events.iter().find(|e| e.summary == "TVA CA3 — novembre 2026 — Boulangerie Léa").unwrap();
    assert_eq!(december_vat.start, "20261221");
    assert_eq!(december_vat.end, "20261222", "an all-day event ends the next day");
    assert_eq!(december_vat.uid, "tva-ca3.2026-11.732829320.a@vigie");
    assert!(december_vat.description.contains("Responsable : Claire Moreau"), "{}", december_vat.description);
    let garage = events.iter().find(|e| e.summary.starts_with("TVA CA3 — novembre 2026 — Garage")).unwrap();
    assert_eq!(garage.summary, "TVA CA3 — novembre 2026 — Garage; Martin, \"Fils\"", "escaped and read back");
    let uids: std::collections::BTreeSet<&str> = events.iter().map(|e| e.uid.as_str()).collect();
    assert_eq!(uids.len(), events.len(), "one UID per event");

    // The date moves, the UID stays: importing the new file updates the event.
    a.vigie.set_obligation_date(A, client, "tva_ca3", "2026-11", Some("2026-12-18")).unwrap();
    let moved = parse(&a.vigie.deadlines_ics(A, &request).unwrap().bytes);
    let again = moved.iter().find(|e| e.uid == december_vat.uid).unwrap();
    assert_eq!(again.start, "20261218");

    // One person's: the deadlines of the clients Claire manages (none is assigned to anyone).
    let mine = a.vigie.deadlines_ics(A, &IcsRequest { person: Some("claire@a.fr".into()), ..request.clone() }).unwrap();
    let mine = parse(&mine.bytes);
    assert!(!mine.is_empty() && mine.iter().all(|e| e.summary.ends_with("Boulangerie Léa")));
    let nobody = a.vigie.deadlines_ics(A, &IcsRequest { person: Some("zoe@a.fr".into()), ..request });
    assert_eq!(nobody.unwrap_err().code(), ErrorCode::InvalidInput);
}

/// An event as a calendar application reads it.
#[derive(Debug)]
struct ParsedEvent {
    uid: String,
    summary: String,
    description: String,
    start: String,
    end: String,
}

/// The events of an iCalendar file, read by the `ical` crate (unescaped as RFC 5545 says).
fn parse(bytes: &[u8]) -> Vec<ParsedEvent> {
    let text = std::str::from_utf8(bytes).unwrap();
    assert!(text.lines().all(|l| l.len() <= 75), "lines are folded at 75 octets");
    assert!(text.contains("\r\n") && !text.replace("\r\n", "").contains('\n'), "CRLF line ends");
    let mut reader = ical::IcalParser::new(std::io::BufReader::new(bytes));
    let calendar = reader.next().expect("one calendar").expect("it parses");
    assert!(reader.next().is_none());
    let unescape = |v: &str| v.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\");
    calendar
        .events
        .iter()
        .map(|event| {
            let prop = |name: &str| {
                let p = event.properties.iter().find(|p| p.name == name).unwrap_or_else(|| panic!("{name}"));
                unescape(p.value.as_deref().unwrap_or_default())
            };
            let date_param = |name: &str| {
                let p = event.properties.iter().find(|p| p.name == name).unwrap();
                let params = p.params.as_ref().unwrap();
                assert!(params.iter().any(|(k, v)| k == "VALUE" && v == &["DATE".to_string()]), "{name}: {params:?}");
            };
            date_param("DTSTART");
            date_param("DTEND");
            ParsedEvent {
                uid: prop("UID"),
                summary: prop("SUMMARY"),
                description: prop("DESCRIPTION"),
                start: prop("DTSTART"),
                end: prop("DTEND"),
            }
        })
        .collect()
}

#[test]
fn cabinets_keep_their_calendars_apart() {
    let a = app();
    let ours = a.vigie.create_client(A, &bakery()).unwrap().id;
    let theirs = a.vigie.create_client(B, &bakery()).unwrap().id;
    let count = |client: i64| a.obligations(client).len();
    let (ours_before, theirs_before) = (count(ours), count(theirs));
    assert_eq!(ours_before, theirs_before);
    a.vigie.set_obligation_kind(A, ours, "tva_ca3", false).unwrap();
    assert_eq!(count(theirs), theirs_before, "B untouched");
    // Another cabinet's client is not found, and nothing changes.
    let err = a.vigie.set_obligation_kind(A, theirs, "dsn", false).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
    assert_eq!(a.vigie.client_calendar(B, ours, None).unwrap_err().code(), ErrorCode::NotFound);
    assert_eq!(count(theirs), theirs_before);
    let file = a.vigie.deadlines_ics(B, &IcsRequest::default()).unwrap();
    assert_eq!(
        file.rows as usize,
        count(theirs)
            - a.count(&format!("SELECT count(*) FROM deadlines WHERE client_id = {theirs} AND due_date < '2026-11-25'"))
                as usize
    );
}

#[test]
fn the_command_line_generates_shows_and_exports() {
    let dir = tempfile::tempdir().unwrap();
    let now = "2026-11-25T08:00:00Z";
    let ok = |args: &[&str]| crate::support::cli::ok(dir.path(), now, args);
    ok(&["cabinet", "add", "Alpha"]);
    let clients = dir.path().join("clients.csv");
    std::fs::write(
        &clients,
        "nom;siren;forme;régime tva;clôture;imposition;département;salariés;cfe 3000;is 3000;cvae\n\
         Boulangerie Léa;732829320;SARL;mensuel;31/12;IS;75;moins de 50;oui;oui;non\n",
    )
    .unwrap();
    let out = ok(&["import", "clients", clients.to_str().unwrap(), "--no-welcome"]);
    assert!(out.contains("Calendrier fiscal : 41 échéance(s) créée(s)"), "{out}");
    let out = ok(&["calendar", "generate"]);
    assert!(
        out.starts_with("1 client(s) : 0 échéance(s) créée(s), 0 recalculée(s), 0 retirée(s), 41 inchangée(s)"),
        "{out}"
    );
    let show = ok(&["calendar", "show", "--client", "732 829 320", "--year", "2027"]);
    assert!(show.contains("19/05/2027  Liasse fiscale 2065 — exercice 2026"), "{show}");
    assert!(show.contains("date légale 04/05/2027"), "{show}");
    let file = ok(&["calendar", "rules", "--file", "2027"]);
    assert!(file.contains("year = 2027") && file.contains("[rules.tva_ca3_mensuelle]"), "{file}");
    let err = crate::support::cli::fails(dir.path(), now, &["calendar", "rules", "--file", "2031"], 1);
    assert!(err.contains("no rule file for 2031 (files: 2026, 2027)"), "{err}");
    let json = crate::support::cli::json(dir.path(), now, &["calendar", "rules"]);
    assert!(json.as_array().unwrap().iter().any(|r| r["id"] == "tva_ca3_mensuelle"), "{json}");
    ok(&["calendar", "date", "--client", "732829320", "--kind", "tva_ca3", "--period", "2026-11", "18/12/2026"]);
    let ics = dir.path().join("vigie.ics");
    ok(&["calendar", "ics", "--months", "1", "-o", ics.to_str().unwrap()]);
    let events = parse(&std::fs::read(&ics).unwrap());
    assert!(events.iter().any(|e| e.start == "20261218" && e.summary.starts_with("TVA CA3 — novembre 2026")));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&ics).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let err = crate::support::cli::fails(dir.path(), now, &["calendar", "show", "--client", "552100554"], 1);
    assert!(err.contains("no client with SIREN \"552100554\""), "{err}");
}
