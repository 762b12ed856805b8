//! The firm's data through the application layer, as the window will use it: tables (search,
//! sort, filters, paging, totals), forms (create, update, every wrong field named, nothing
//! stored), deletes with what they take along, the one-click "done" and what it stops, the
//! client page, and cabinets kept apart.

use crate::support::firm::smtp_settings;
use chrono::{NaiveDate, TimeZone, Utc};
use std::collections::BTreeSet;
use std::sync::Arc;
use vigie::app::inbox::UserRef;
use vigie::app::{AppEvent, Vigie};
use vigie::clock::{Clock, FixedClock};
use vigie::error::{ErrorCode, ErrorPayload};
use vigie::firm::clients::{ClientDraft, ClientFilter, ClientQuery, ClientSort, FiscalFacts};
use vigie::firm::deadlines::{Deadline, DeadlineDraft, DeadlineFilter, DeadlineQuery, DeadlineSort};
use vigie::firm::documents::{DocumentDraft, DocumentFilter, DocumentQuery, DocumentSort, DocumentState};
use vigie::firm::events::{EventDraft, EventFilter, EventQuery, EventSort};
use vigie::firm::staff::{Removal, StaffDraft, StaffFilter, StaffQuery, StaffSort};
use vigie::firm::tasks::{TaskDraft, TaskFilter, TaskQuery, TaskSort};
use vigie::firm::{Direction, Impact, ListQuery};
use vigie::fiscal::{Payroll, Taxation};
use vigie::model::{DeadlineStatus, Importance, Priority, Role, TaskStatus, VatRegime};

const A: Option<&str> = Some("A");
const B: Option<&str> = Some("B");

/// A store with two cabinets, A and B, and a clock at 2026-11-25 08:00 UTC (09:00 in Paris).
struct App {
    _dir: tempfile::TempDir,
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
    App { _dir: dir, clock, vigie }
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

impl App {
    fn person(&self, cabinet: Option<&str>, name: &str, email: &str, role: &str) -> i64 {
        let draft = StaffDraft { name: name.into(), email: email.into(), role: role.into(), active: true };
        self.vigie.create_staff(cabinet, &draft).unwrap().id
    }

    fn client(&self, cabinet: Option<&str>, name: &str, siren: &str, manager: Option<i64>) -> i64 {
        let draft =
            ClientDraft { name: name.into(), siren: siren.into(), manager_id: manager, ..ClientDraft::default() };
        self.vigie.create_client(cabinet, &draft).unwrap().id
    }

    fn deadline(&self, cabinet: Option<&str>, client: i64, label: &str, due: &str, assignee: Option<i64>) -> Deadline {
        let draft = DeadlineDraft {
            client_id: Some(client),
            kind: label.into(),
            label: label.into(),
            due_date: due.into(),
            assignee_id: assignee,
            ..DeadlineDraft::default()
        };
        self.vigie.create_deadline(cabinet, &draft).unwrap()
    }

    fn count(&self, sql: &str) -> i64 {
        self.vigie.store().conn().query_row(sql, [], |r| r.get(0)).unwrap()
    }

    fn user(&self, email: &str) -> UserRef {
        UserRef { email: email.into(), cabinet: Some("A".into()) }
    }

    /// The badge's counter for `email` agrees with a plain count of their unread, visible rows.
    fn assert_unread_exact(&self, email: &str, expected: u64) {
        let counted = self.count(&format!(
            "SELECT count(*) FROM notifications n JOIN staff s ON s.id = n.recipient_id
             WHERE s.email = '{email}' AND n.read_at IS NULL AND n.archived_at IS NULL AND n.snoozed_until IS NULL"
        ));
        assert_eq!(counted as u64, expected, "{email}");
        assert_eq!(self.vigie.unread_count(&self.user(email)).unwrap(), expected, "{email}");
    }

    fn configure_smtp(&self, cabinet: &str) {
        let store = self.vigie.store();
        let c = vigie::cabinet::resolve(&store, Some(cabinet)).unwrap();
        smtp_settings().save(&store, c.id).unwrap();
    }
}

/// The fields an `invalid_fields` error names, in order; any other outcome fails the test.
fn wrong_fields<T: std::fmt::Debug>(result: vigie::Result<T>) -> Vec<&'static str> {
    match result {
        Err(vigie::Error::InvalidFields(problems)) => problems.iter().map(|p| p.field.as_str()).collect(),
        other => panic!("expected invalid fields, got {other:?}"),
    }
}

fn not_found<T: std::fmt::Debug>(result: vigie::Result<T>) {
    match result {
        Err(e) => assert_eq!(e.code(), ErrorCode::NotFound, "{e}"),
        Ok(v) => panic!("expected not found, got {v:?}"),
    }
}

fn drain(events: &mut tokio::sync::broadcast::Receiver<AppEvent>) -> Vec<AppEvent> {
    std::iter::from_fn(|| events.try_recv().ok()).collect()
}

fn query<S: Default, F: Default>() -> ListQuery<S, F> {
    ListQuery { limit: Some(500), ..ListQuery::default() }
}

/// The ids `rows` should come in when sorted on `key` (None last either way), ties by id in
/// the same direction: what every table promises.
fn expected_order<T, K: Ord>(
    rows: &[T],
    direction: Direction,
    key: impl Fn(&T) -> Option<K>,
    id: impl Fn(&T) -> i64,
) -> Vec<i64> {
    let mut keyed: Vec<(Option<K>, i64)> = rows.iter().map(|r| (key(r), id(r))).collect();
    keyed.sort_by(|a, b| {
        let by_id = if direction == Direction::Desc { b.1.cmp(&a.1) } else { a.1.cmp(&b.1) };
        match (&a.0, &b.0) {
            (None, None) => by_id,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some(_), None) => std::cmp::Ordering::Less,
            (Some(x), Some(y)) => {
                let by_key = if direction == Direction::Desc { y.cmp(x) } else { x.cmp(y) };
                by_key.then(by_id)
            }
        }
    });
    keyed.into_iter().map(|(_, id)| id).collect()
}

/// A sort column with the key its rows should be ordered by (None: no value, last).
type SortedBy<S, T> = (S, Box<dyn Fn(&T) -> Option<String>>);

/// Every sort of a table, both ways, gives the order its key gives `all`, ties by id.
fn assert_sorts<S: Copy + std::fmt::Debug, T>(
    all: &[T],
    sorts: &[SortedBy<S, T>],
    id: impl Fn(&T) -> i64 + Copy,
    list: impl Fn(S, Direction) -> Vec<T>,
) {
    for (sort, key) in sorts {
        for direction in [Direction::Asc, Direction::Desc] {
            let got: Vec<i64> = list(*sort, direction).iter().map(id).collect();
            assert_eq!(got, expected_order(all, direction, key, id), "{sort:?} {direction:?}");
        }
    }
}

fn fold(text: &str) -> String {
    vigie::model::normalize(text)
}

#[test]
fn a_client_is_created_read_updated_and_deleted() {
    let a = app();
    let claire = a.person(A, "Claire Moreau", "claire@a.fr", "expert");
    let draft = ClientDraft {
        name: " Boulangerie Léa ".into(),
        siren: "732 829 320".into(),
        legal_form: "SARL".into(),
        vat_regime: "Trimestrielle".into(),
        fiscal_year_end: "31/12".into(),
        manager_id: Some(claire),
        taxation: "IS".into(),
        first_closing: "31/12/2026".into(),
        tax_department: "2a".into(),
        payroll: "moins de 50".into(),
        cfe_over_3000: Some(false),
        is_over_3000: Some(true),
        cvae_filer: None,
    };
    let created = a.vigie.create_client(A, &draft).unwrap();
    assert_eq!(
        created.fiscal,
        FiscalFacts {
            taxation: Some(Taxation::Is),
            first_closing: NaiveDate::from_ymd_opt(2026, 12, 31),
            tax_department: Some("2A".into()),
            payroll: Some(Payroll::MoinsDe50),
            cfe_over_3000: Some(false),
            is_over_3000: Some(true),
            cvae_filer: None,
        }
    );
    assert_eq!(created.name, "Boulangerie Léa");
    assert_eq!(created.siren.as_deref(), Some("732829320"));
    assert_eq!(created.vat_regime, Some(VatRegime::Trimestriel));
    assert_eq!(created.fiscal_year_end.as_deref(), Some("31/12"));
    assert_eq!(
        created.manager.as_ref().map(|m| (m.id, m.name.as_str(), m.active)),
        Some((claire, "Claire Moreau", true))
    );
    assert_eq!(a.vigie.get_client(A, created.id).unwrap(), created);

    // The whole record is replaced: what the form leaves empty is cleared.
    let updated = a
        .vigie
        .update_client(
            A,
            created.id,
            &ClientDraft {
                name: "Boulangerie Léa & Fils".into(), siren: "732829320".into(), ..ClientDraft::default()
            },
        )
        .unwrap();
    assert_eq!((updated.legal_form, updated.vat_regime, updated.manager), (None, None, None));
    assert_eq!(updated.fiscal, FiscalFacts::default());
    assert_eq!(a.vigie.list_clients(A, &query()).unwrap().rows, [a.vigie.get_client(A, created.id).unwrap()]);

    assert_eq!(a.vigie.client_delete_impact(A, created.id).unwrap(), Impact::default());
    assert_eq!(a.vigie.delete_client(A, created.id).unwrap(), Impact::default());
    not_found(a.vigie.get_client(A, created.id));
    not_found(a.vigie.delete_client(A, created.id));
    assert_eq!(a.count("SELECT count(*) FROM clients"), 0);
}

#[test]
fn every_wrong_client_field_is_named_in_both_languages_and_nothing_is_stored() {
    let a = app();
    let other_cabinets = a.person(B, "Paul", "paul@b.fr", "expert");
    let draft = ClientDraft {
        name: "  ".into(),
        siren: "732 829 321".into(),
        legal_form: "SARL\u{1b}[2J".into(),
        vat_regime: "hebdomadaire".into(),
        fiscal_year_end: "31/06".into(),
        manager_id: Some(other_cabinets),
        taxation: "micro".into(),
        first_closing: "2026-02-30".into(),
        tax_department: "20".into(),
        payroll: "beaucoup".into(),
        ..ClientDraft::default()
    };
    let err = a.vigie.create_client(A, &draft).unwrap_err();
    let payload = ErrorPayload::french(&err);
    assert_eq!(payload.code, ErrorCode::InvalidFields);
    assert_eq!(payload.code.as_str(), "invalid_fields");
    let fields: Vec<&str> =
        payload.details["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(
        fields,
        [
            "name",
            "siren",
            "legal_form",
            "vat_regime",
            "fiscal_year_end",
            "manager_id",
            "taxation",
            "first_closing",
            "tax_department",
            "payroll"
        ]
    );
    for f in payload.details["fields"].as_array().unwrap() {
        assert!(!f["reason"].as_str().unwrap().is_empty() && !f["french"].as_str().unwrap().is_empty(), "{f}");
    }
    assert!(
        payload.message.starts_with(
            "Rien n'a été enregistré, 10 champs sont à corriger : nom : ce champ est obligatoire ; SIREN : "
        ),
        "{}",
        payload.message
    );
    assert!(payload.message.contains("la clé de contrôle ne correspond pas"), "{}", payload.message);
    assert!(err.to_string().starts_with("nothing was saved: name: required, but empty; siren: "), "{err}");
    assert_eq!(a.count("SELECT count(*) FROM clients"), 0);

    // A SIREN or, without one, a name already taken is refused on its field; so is 000000000.
    let lea = a.client(A, "Boulangerie Léa", "", None);
    a.client(A, "Garage Martin", "552100554", None);
    assert_eq!(
        wrong_fields(
            a.vigie.create_client(A, &ClientDraft { name: "BOULANGERIE LEA".into(), ..ClientDraft::default() })
        ),
        ["name"]
    );
    assert_eq!(
        wrong_fields(a.vigie.create_client(
            A,
            &ClientDraft { name: "Autre".into(), siren: "552 100 554".into(), ..ClientDraft::default() }
        )),
        ["siren"]
    );
    assert_eq!(
        wrong_fields(a.vigie.create_client(
            A,
            &ClientDraft { name: "Zéro".into(), siren: "000000000".into(), ..ClientDraft::default() }
        )),
        ["siren"]
    );
    let before = a.vigie.get_client(A, lea).unwrap();
    assert_eq!(
        wrong_fields(a.vigie.update_client(
            A,
            lea,
            &ClientDraft { name: "Boulangerie Léa".into(), siren: "552100554".into(), ..ClientDraft::default() }
        )),
        ["siren"]
    );
    assert_eq!(a.vigie.get_client(A, lea).unwrap(), before, "a refused update changes nothing");
    // The same name in another cabinet, or its own name on an update, is no duplicate.
    a.client(B, "Boulangerie Léa", "", None);
    a.vigie.update_client(A, lea, &ClientDraft { name: "Boulangerie Léa".into(), ..ClientDraft::default() }).unwrap();
    assert_eq!(a.count("SELECT count(*) FROM clients"), 3);
}

#[test]
fn deadlines_documents_tasks_and_events_are_created_updated_and_deleted() {
    let a = app();
    let claire = a.person(A, "Claire", "claire@a.fr", "expert");
    let paul = a.person(A, "Paul", "paul@a.fr", "collaborateur");
    let lea = a.client(A, "Boulangerie Léa", "732829320", Some(claire));

    let d = a.deadline(A, lea, "TVA CA3", "15/12/2026", Some(paul));
    assert_eq!(
        (d.kind.as_str(), d.label.as_str(), d.due_date, d.status),
        ("tva_ca3", "TVA CA3", date("2026-12-15"), DeadlineStatus::AFaire)
    );
    assert_eq!((d.client.id, d.client.name.as_str()), (lea, "Boulangerie Léa"));
    assert_eq!(d.assignee.as_ref().map(|p| p.id), Some(paul));
    let d2 = a
        .vigie
        .update_deadline(
            A,
            d.id,
            &DeadlineDraft {
                client_id: Some(lea),
                kind: "TVA CA3".into(),
                label: "TVA CA3 novembre".into(),
                due_date: "2026-12-16".into(),
                status: "En cours".into(),
                assignee_id: None,
                period: String::new(),
            },
        )
        .unwrap();
    assert_eq!(
        (d2.label.as_str(), d2.due_date, d2.status, &d2.assignee),
        ("TVA CA3 novembre", date("2026-12-16"), DeadlineStatus::EnCours, &None)
    );
    assert_eq!(a.vigie.get_deadline(A, d.id).unwrap(), d2);

    let doc = a
        .vigie
        .create_document(
            A,
            &DocumentDraft {
                client_id: Some(lea),
                label: "Relevés bancaires\nde novembre".into(),
                requested_on: "2026-11-20".into(),
                due_date: "2026-12-05".into(),
                received_on: String::new(),
                owner_id: Some(claire),
            },
        )
        .unwrap();
    assert_eq!(
        (doc.label.as_str(), doc.received_on, doc.owner.as_ref().map(|p| p.id)),
        ("Relevés bancaires\nde novembre", None, Some(claire))
    );
    let doc2 = a
        .vigie
        .update_document(
            A,
            doc.id,
            &DocumentDraft {
                client_id: Some(lea),
                label: "Relevés bancaires".into(),
                requested_on: "2026-11-20".into(),
                due_date: "2026-12-05".into(),
                received_on: "24/11/2026".into(),
                owner_id: None,
            },
        )
        .unwrap();
    assert_eq!(
        (doc2.label.as_str(), doc2.received_on, doc2.owner),
        ("Relevés bancaires", Some(date("2026-11-24")), None)
    );

    let task = a
        .vigie
        .create_task(
            A,
            &TaskDraft {
                client_id: None,
                title: "Préparer le séminaire".into(),
                due_date: "2026-12-01".into(),
                priority: "Haute".into(),
                assignee_id: Some(paul),
                ..TaskDraft::default()
            },
        )
        .unwrap();
    assert_eq!((task.client, task.status, task.priority), (None, TaskStatus::AFaire, Priority::Haute));
    let task2 = a
        .vigie
        .update_task(
            A,
            task.id,
            &TaskDraft {
                client_id: Some(lea),
                title: "Préparer le bilan".into(),
                due_date: "2026-12-02".into(),
                status: "terminée".into(),
                priority: String::new(),
                assignee_id: None,
            },
        )
        .unwrap();
    assert_eq!(
        (task2.client.as_ref().map(|c| c.id), task2.status, task2.priority),
        (Some(lea), TaskStatus::Terminee, Priority::Normale)
    );

    let event = a
        .vigie
        .create_event(
            A,
            &EventDraft {
                client_id: Some(lea),
                title: "AGO".into(),
                starts_at: "01/12/2026 09:30".into(),
                importance: "haute".into(),
                audience_id: Some(claire),
            },
        )
        .unwrap();
    // Typed in Paris time (UTC+1 in December), stored in UTC, shown back in Paris time.
    assert_eq!(event.starts_at, Utc.with_ymd_and_hms(2026, 12, 1, 8, 30, 0).unwrap());
    assert_eq!(event.starts_local.to_string(), "2026-12-01 09:30:00");
    assert_eq!(serde_json::to_value(&event).unwrap()["starts_local"], "2026-12-01T09:30:00");
    let event2 = a
        .vigie
        .update_event(
            A,
            event.id,
            &EventDraft {
                client_id: None,
                title: "Séminaire".into(),
                starts_at: "2026-03-29T02:30".into(),
                importance: String::new(),
                audience_id: None,
            },
        )
        .unwrap();
    // 02:30 does not exist in Paris that night: it is read as 03:30 CEST, as the import does.
    assert_eq!(
        (event2.starts_local.to_string().as_str(), event2.importance, event2.client),
        ("2026-03-29 03:30:00", Importance::Normale, None)
    );

    // Dates cross as ISO strings.
    let json = serde_json::to_value(a.vigie.get_deadline(A, d.id).unwrap()).unwrap();
    assert_eq!((json["due_date"].as_str(), json["status"].as_str()), (Some("2026-12-16"), Some("en_cours")));

    assert_eq!(a.vigie.delete_deadline(A, d.id).unwrap(), Impact::default());
    assert_eq!(a.vigie.delete_document(A, doc.id).unwrap(), Impact::default());
    assert_eq!(a.vigie.delete_task(A, task.id).unwrap(), Impact::default());
    assert_eq!(a.vigie.delete_event(A, event.id).unwrap(), Impact::default());
    not_found(a.vigie.get_deadline(A, d.id));
    not_found(a.vigie.get_document(A, doc.id));
    not_found(a.vigie.get_task(A, task.id));
    not_found(a.vigie.get_event(A, event.id));
    not_found(a.vigie.delete_task(A, task.id));
}

#[test]
fn every_wrong_field_of_each_form_is_named_and_nothing_is_stored() {
    let a = app();
    let claire = a.person(A, "Claire", "claire@a.fr", "expert");
    let bob = a.person(B, "Bob", "bob@b.fr", "expert");
    let lea = a.client(A, "Léa", "732829320", None);
    let b_client = a.client(B, "Client B", "552100554", None);
    let tables = "SELECT (SELECT count(*) FROM deadlines) + (SELECT count(*) FROM document_requests)
                  + (SELECT count(*) FROM tasks) + (SELECT count(*) FROM events)";

    let deadline = DeadlineDraft {
        client_id: Some(b_client),
        kind: " ".into(),
        label: "TVA\nCA3".into(),
        due_date: "31/02/2026".into(),
        status: "finie".into(),
        assignee_id: Some(bob),
        period: String::new(),
    };
    assert_eq!(
        wrong_fields(a.vigie.create_deadline(A, &deadline)),
        ["client_id", "kind", "label", "due_date", "status", "assignee_id"]
    );
    assert_eq!(
        wrong_fields(
            a.vigie.create_deadline(A, &DeadlineDraft { due_date: "31/12/99".into(), ..DeadlineDraft::default() })
        ),
        ["client_id", "kind", "label", "due_date"]
    );

    let document = DocumentDraft {
        client_id: None,
        label: String::new(),
        requested_on: "2026-11-20".into(),
        due_date: "2026-11-10".into(),
        received_on: "hier".into(),
        owner_id: Some(bob),
    };
    assert_eq!(
        wrong_fields(a.vigie.create_document(A, &document)),
        ["client_id", "label", "received_on", "owner_id", "due_date"]
    );

    let task = TaskDraft {
        client_id: Some(b_client),
        title: "x".repeat(2001),
        due_date: String::new(),
        status: "peut-être".into(),
        priority: "énorme".into(),
        assignee_id: Some(bob),
    };
    assert_eq!(
        wrong_fields(a.vigie.create_task(A, &task)),
        ["client_id", "title", "due_date", "status", "priority", "assignee_id"]
    );

    let event = EventDraft {
        client_id: Some(b_client),
        title: "AGO\u{202e}".into(),
        starts_at: "01/12/2026".into(),
        importance: "vitale".into(),
        audience_id: Some(bob),
    };
    assert_eq!(
        wrong_fields(a.vigie.create_event(A, &event)),
        ["client_id", "title", "starts_at", "importance", "audience_id"]
    );

    let person = StaffDraft { name: "Carol\nSmith".into(), email: "carol".into(), role: String::new(), active: true };
    assert_eq!(wrong_fields(a.vigie.create_staff(A, &person)), ["name", "email", "role"]);
    assert_eq!(
        wrong_fields(a.vigie.create_staff(A, &StaffDraft { role: "stagiaire".into(), ..person.clone() })),
        ["name", "email", "role"]
    );
    assert_eq!(a.count(tables), 0);
    assert_eq!(a.count("SELECT count(*) FROM staff"), 2);

    // Natural keys, as the unique indexes have them.
    let d = a.deadline(A, lea, "TVA CA3", "2026-12-15", None);
    assert_eq!(
        wrong_fields(a.vigie.create_deadline(
            A,
            &DeadlineDraft {
                client_id: Some(lea),
                kind: "tva ca3".into(),
                label: "Autre".into(),
                due_date: "15/12/2026".into(),
                ..DeadlineDraft::default()
            }
        )),
        ["due_date"]
    );
    let doc = DocumentDraft {
        client_id: Some(lea),
        label: "Relevés".into(),
        requested_on: "2026-11-20".into(),
        due_date: "2026-12-05".into(),
        ..DocumentDraft::default()
    };
    a.vigie.create_document(A, &doc).unwrap();
    assert_eq!(
        wrong_fields(a.vigie.create_document(A, &DocumentDraft { due_date: "2026-12-20".into(), ..doc })),
        ["label"]
    );
    let t = TaskDraft { title: "Inventaire".into(), due_date: "2026-12-31".into(), ..TaskDraft::default() };
    a.vigie.create_task(A, &t).unwrap();
    assert_eq!(wrong_fields(a.vigie.create_task(A, &t)), ["title"]);
    a.vigie.create_task(A, &TaskDraft { client_id: Some(lea), ..t }).unwrap();
    let e = EventDraft { title: "Réunion".into(), starts_at: "2026-12-01T10:00".into(), ..EventDraft::default() };
    a.vigie.create_event(A, &e).unwrap();
    assert_eq!(
        wrong_fields(a.vigie.create_event(A, &EventDraft { starts_at: "01/12/2026 10:00".into(), ..e })),
        ["title"]
    );
    assert_eq!(
        wrong_fields(a.vigie.create_staff(
            A,
            &StaffDraft {
                name: "Claire bis".into(),
                email: "CLAIRE@A.FR".into(),
                role: "assistant".into(),
                active: true
            }
        )),
        ["email"]
    );
    assert_eq!(a.count(tables), 5);

    // An update keeps its own key, and is refused whole.
    let same = DeadlineDraft {
        client_id: Some(lea),
        kind: "tva_ca3".into(),
        label: "TVA CA3 renommée".into(),
        due_date: "2026-12-15".into(),
        ..DeadlineDraft::default()
    };
    a.vigie.update_deadline(A, d.id, &same).unwrap();
    assert_eq!(
        wrong_fields(a.vigie.update_deadline(A, d.id, &DeadlineDraft { label: String::new(), ..same })),
        ["label"]
    );
    assert_eq!(a.vigie.get_deadline(A, d.id).unwrap().label, "TVA CA3 renommée");
    assert_eq!(a.vigie.get_staff(A, claire).unwrap().email, "claire@a.fr");
}

#[test]
fn another_cabinets_ids_are_not_found_and_left_untouched() {
    let a = app();
    let bob = a.person(B, "Bob", "bob@b.fr", "expert");
    let b_client = a.client(B, "Client B", "552100554", Some(bob));
    let d = a.deadline(B, b_client, "TVA", "2026-11-27", Some(bob));
    let doc = a
        .vigie
        .create_document(
            B,
            &DocumentDraft {
                client_id: Some(b_client),
                label: "Bilan".into(),
                requested_on: "2026-11-01".into(),
                due_date: "2026-11-20".into(),
                ..DocumentDraft::default()
            },
        )
        .unwrap();
    let task = a
        .vigie
        .create_task(B, &TaskDraft { title: "Relance".into(), due_date: "2026-11-20".into(), ..TaskDraft::default() })
        .unwrap();
    let event = a
        .vigie
        .create_event(
            B,
            &EventDraft {
                title: "AGO".into(),
                starts_at: "2026-11-26T10:00".into(),
                importance: "haute".into(),
                ..EventDraft::default()
            },
        )
        .unwrap();
    a.vigie.check(B, None).unwrap();
    let dump = || {
        (
            a.vigie.get_client(B, b_client).unwrap(),
            a.vigie.get_deadline(B, d.id).unwrap(),
            a.vigie.get_document(B, doc.id).unwrap(),
            a.vigie.get_task(B, task.id).unwrap(),
            a.vigie.get_event(B, event.id).unwrap(),
            a.vigie.get_staff(B, bob).unwrap(),
            a.count("SELECT count(*) FROM notifications WHERE read_at IS NULL"),
        )
    };
    let before = dump();
    assert!(before.6 > 0, "cabinet B has unread alerts");
    a.person(A, "Claire", "claire@a.fr", "expert");
    let a_client = a.client(A, "Client A", "732829320", None);

    not_found(a.vigie.get_client(A, b_client));
    not_found(a.vigie.update_client(A, b_client, &ClientDraft { name: "Volé".into(), ..ClientDraft::default() }));
    not_found(a.vigie.client_delete_impact(A, b_client));
    not_found(a.vigie.delete_client(A, b_client));
    not_found(a.vigie.client_page(A, b_client));
    not_found(a.vigie.get_deadline(A, d.id));
    not_found(a.vigie.update_deadline(
        A,
        d.id,
        &DeadlineDraft {
            client_id: Some(a_client),
            kind: "x".into(),
            label: "x".into(),
            due_date: "2026-12-01".into(),
            ..DeadlineDraft::default()
        },
    ));
    not_found(a.vigie.set_deadline_done(A, d.id, true));
    not_found(a.vigie.deadline_delete_impact(A, d.id));
    not_found(a.vigie.delete_deadline(A, d.id));
    not_found(a.vigie.get_document(A, doc.id));
    not_found(a.vigie.set_document_received(A, doc.id, true));
    not_found(a.vigie.delete_document(A, doc.id));
    not_found(a.vigie.get_task(A, task.id));
    not_found(a.vigie.set_task_done(A, task.id, true));
    not_found(a.vigie.update_task(
        A,
        task.id,
        &TaskDraft { title: "x".into(), due_date: "2026-12-01".into(), ..TaskDraft::default() },
    ));
    not_found(a.vigie.delete_task(A, task.id));
    not_found(a.vigie.get_event(A, event.id));
    not_found(a.vigie.update_event(
        A,
        event.id,
        &EventDraft { title: "x".into(), starts_at: "2026-12-01T10:00".into(), ..EventDraft::default() },
    ));
    not_found(a.vigie.delete_event(A, event.id));
    not_found(a.vigie.get_staff(A, bob));
    not_found(a.vigie.update_staff(
        A,
        bob,
        &StaffDraft { name: "x".into(), email: "x@a.fr".into(), role: "expert".into(), active: false },
    ));
    not_found(a.vigie.staff_removal_impact(A, bob));
    not_found(a.vigie.remove_staff(A, bob));
    // Nor can a form of A point at B's client or person.
    let err = a.vigie.create_deadline(
        A,
        &DeadlineDraft {
            client_id: Some(b_client),
            kind: "x".into(),
            label: "x".into(),
            due_date: "2026-12-01".into(),
            assignee_id: Some(bob),
            ..DeadlineDraft::default()
        },
    );
    assert_eq!(wrong_fields(err), ["client_id", "assignee_id"]);
    // Nor do A's tables show B's rows.
    assert_eq!(a.vigie.list_clients(A, &query()).unwrap().total, 1);
    assert_eq!(a.vigie.list_deadlines(A, &query()).unwrap().total, 0);
    assert_eq!(a.vigie.list_staff(A, &query()).unwrap().total, 1);
    assert_eq!(dump(), before);
    let err = a.vigie.get_deadline(A, d.id).unwrap_err();
    assert_eq!(ErrorPayload::french(&err).details, serde_json::json!({ "record": "deadline", "id": d.id }));
    assert_eq!(
        vigie::error::french::message(&err),
        format!(
            "L'échéance n°\u{a0}{} est introuvable dans ce cabinet : elle a peut-être été supprimée. Actualisez la liste.",
            d.id
        )
    );
}

/// Cabinet A with three people, four clients and twelve deadlines of every sort.
fn deadlines_firm() -> (App, Vec<i64>, Vec<i64>) {
    let a = app();
    let people = vec![
        a.person(A, "Émile Zola", "emile@a.fr", "expert"),
        a.person(A, "anne Morel", "anne@a.fr", "collaborateur"),
        a.person(A, "Bruno Petit", "bruno@a.fr", "assistant"),
    ];
    let clients = vec![
        a.client(A, "Établissements Léa", "732829320", Some(people[0])),
        a.client(A, "boulangerie Martin", "552100554", Some(people[1])),
        a.client(A, "Zoé Conseil", "", None),
        a.client(A, "Atelier Çà et Là", "", Some(people[0])),
    ];
    let rows = [
        (0, "TVA CA3 novembre", "2026-12-15", Some(0), "a_faire"),
        (1, "TVA CA3 novembre", "2026-12-15", None, "en_cours"),
        (2, "Liasse fiscale", "2026-05-15", Some(1), "faite"),
        (3, "DSN mensuelle", "2026-12-05", Some(2), "depassee"),
        (0, "Acompte d'IS", "2026-12-15", Some(1), "a_faire"),
        (1, "CFE", "2026-12-15", None, "faite"),
        (2, "Écriture de clôture", "2026-11-30", Some(0), "en_cours"),
        (3, "acompte de CVAE", "2027-01-10", None, "a_faire"),
        (0, "DSN mensuelle", "2026-11-05", Some(2), "depassee"),
        (1, "Solde d'IS", "2027-05-15", Some(1), "a_faire"),
        (2, "TVA CA12", "2027-05-03", None, "a_faire"),
        (3, "Liasse fiscale", "2027-05-15", Some(0), "en_cours"),
    ];
    for (c, label, due, who, status) in rows {
        let draft = DeadlineDraft {
            client_id: Some(clients[c]),
            kind: label.into(),
            label: label.into(),
            due_date: due.into(),
            status: status.into(),
            assignee_id: who.map(|w: usize| people[w]),
            period: String::new(),
        };
        a.vigie.create_deadline(A, &draft).unwrap();
    }
    (a, people, clients)
}

#[test]
fn every_deadline_sort_orders_the_whole_table_both_ways_with_ties_by_id() {
    let (a, people, clients) = deadlines_firm();
    // A second "Établissements Léa", spelt in capitals: the same name once folded, so its rows
    // and the first one's are ordered together, by id.
    let twin = a.client(A, "ETABLISSEMENTS LEA", "542065479", None);
    a.deadline(A, twin, "CFE", "2026-12-15", Some(people[1]));
    a.deadline(A, clients[0], "CFE", "2026-12-16", None);
    a.deadline(A, twin, "TVA CA12", "2026-12-15", None);
    let all = a.vigie.list_deadlines(A, &query()).unwrap().rows;
    assert_eq!(all.len(), 15);
    let rank = |s: DeadlineStatus| match s {
        DeadlineStatus::Depassee => 0,
        DeadlineStatus::AFaire => 1,
        DeadlineStatus::EnCours => 2,
        DeadlineStatus::Faite => 3,
    };
    let sorts: Vec<SortedBy<DeadlineSort, Deadline>> = vec![
        (DeadlineSort::DueDate, Box::new(|d| Some(d.due_date.to_string()))),
        (DeadlineSort::Client, Box::new(|d| Some(fold(&d.client.name)))),
        (DeadlineSort::Kind, Box::new(|d| Some(d.kind.clone()))),
        (DeadlineSort::Label, Box::new(|d| Some(fold(&d.label)))),
        (DeadlineSort::Status, Box::new(move |d| Some(rank(d.status).to_string()))),
        (DeadlineSort::Assignee, Box::new(|d| d.assignee.as_ref().map(|p| fold(&p.name)))),
    ];
    for (sort, key) in &sorts {
        for direction in [Direction::Asc, Direction::Desc] {
            let q = DeadlineQuery { sort: *sort, direction, ..query() };
            let got: Vec<i64> = a.vigie.list_deadlines(A, &q).unwrap().rows.iter().map(|d| d.id).collect();
            assert_eq!(got, expected_order(&all, direction, key, |d| d.id), "{sort:?} {direction:?}");
            // Pages of 4, end to end, are the same order (a page may start inside a group of
            // equal names).
            let mut paged = Vec::new();
            for offset in (0..16).step_by(4) {
                let page = a.vigie.list_deadlines(A, &DeadlineQuery { limit: Some(4), offset, ..q.clone() }).unwrap();
                assert_eq!(page.total, 15);
                paged.extend(page.rows.iter().map(|d| d.id));
            }
            assert_eq!(paged, got, "{sort:?} {direction:?} in pages");
            // Searched, the rows are read in one pass and sorted apart from SQL: the same order.
            for needle in ["a", "tva", "zz"] {
                let searched = DeadlineQuery { search: Some(needle.into()), ..q.clone() };
                let found = a.vigie.list_deadlines(A, &searched).unwrap();
                let matching: Vec<Deadline> = all
                    .iter()
                    .filter(|d| fold(&d.label).contains(needle) || fold(&d.client.name).contains(needle))
                    .cloned()
                    .collect();
                let ids: Vec<i64> = found.rows.iter().map(|d| d.id).collect();
                assert_eq!(ids, expected_order(&matching, direction, key, |d| d.id), "{sort:?} {direction:?} {needle}");
                assert_eq!(found.total, matching.len() as u64);
                let second = DeadlineQuery { limit: Some(3), offset: 3, ..searched };
                let page: Vec<i64> = a.vigie.list_deadlines(A, &second).unwrap().rows.iter().map(|d| d.id).collect();
                assert_eq!(
                    page,
                    ids.iter().skip(3).take(3).copied().collect::<Vec<_>>(),
                    "{sort:?} {direction:?} {needle}"
                );
            }
        }
    }
    // Accents and case do not decide the order: É sorts with E, a lowercase name among capitals.
    let by_client = DeadlineQuery { sort: DeadlineSort::Client, ..query() };
    let mut in_order: Vec<String> =
        a.vigie.list_deadlines(A, &by_client).unwrap().rows.iter().map(|d| fold(&d.client.name)).collect();
    in_order.dedup();
    assert_eq!(in_order, ["atelier_ca_et_la", "boulangerie_martin", "etablissements_lea", "zoe_conseil"]);
}

#[test]
fn the_other_tables_sort_on_each_of_their_columns() {
    let (a, people, clients) = deadlines_firm();
    for (i, (c, label, due, received, owner)) in [
        (0, "Relevés", "2026-12-01", None, Some(1)),
        (1, "Factures", "2026-11-20", Some("2026-11-18"), None),
        (2, "Éléments de paie", "2026-12-01", None, Some(2)),
        (3, "Inventaire", "2026-11-10", Some("2026-11-01"), Some(0)),
    ]
    .into_iter()
    .enumerate()
    {
        let draft = DocumentDraft {
            client_id: Some(clients[c]),
            label: label.into(),
            requested_on: format!("2026-10-{:02}", 20 - i),
            due_date: due.into(),
            received_on: received.unwrap_or_default().into(),
            owner_id: owner.map(|o: usize| people[o]),
        };
        a.vigie.create_document(A, &draft).unwrap();
    }
    let docs = a.vigie.list_documents(A, &query()).unwrap().rows;
    type Document = vigie::firm::documents::DocumentRequest;
    let document_sorts: Vec<SortedBy<DocumentSort, Document>> = vec![
        (DocumentSort::DueDate, Box::new(|d| Some(d.due_date.to_string()))),
        (DocumentSort::Client, Box::new(|d| Some(fold(&d.client.name)))),
        (DocumentSort::Label, Box::new(|d| Some(fold(&d.label)))),
        (DocumentSort::RequestedOn, Box::new(|d| Some(d.requested_on.to_string()))),
        (DocumentSort::ReceivedOn, Box::new(|d| d.received_on.map(|r| r.to_string()))),
        (DocumentSort::Owner, Box::new(|d| d.owner.as_ref().map(|p| fold(&p.name)))),
    ];
    assert_sorts(
        &docs,
        &document_sorts,
        |d| d.id,
        |sort, direction| a.vigie.list_documents(A, &DocumentQuery { sort, direction, ..query() }).unwrap().rows,
    );

    for (c, title, due, status, priority, who) in [
        (None, "Séminaire", "2026-12-01", "a_faire", "basse", Some(0)),
        (Some(1), "Bilan", "2026-11-20", "en_retard", "urgente", None),
        (Some(0), "Révision", "2026-12-01", "terminee", "haute", Some(2)),
        (Some(3), "appel", "2026-11-28", "en_cours", "normale", Some(1)),
    ] {
        let draft = TaskDraft {
            client_id: c.map(|c: usize| clients[c]),
            title: title.into(),
            due_date: due.into(),
            status: status.into(),
            priority: priority.into(),
            assignee_id: who.map(|w: usize| people[w]),
        };
        a.vigie.create_task(A, &draft).unwrap();
    }
    let tasks = a.vigie.list_tasks(A, &query()).unwrap().rows;
    let status_rank =
        |s: TaskStatus| ["en_retard", "a_faire", "en_cours", "terminee"].iter().position(|x| *x == s.as_str());
    let priority_rank = |p: Priority| ["basse", "normale", "haute", "urgente"].iter().position(|x| *x == p.as_str());
    let task_sorts: Vec<SortedBy<TaskSort, vigie::firm::tasks::Task>> = vec![
        (TaskSort::DueDate, Box::new(|t| Some(t.due_date.to_string()))),
        (TaskSort::Client, Box::new(|t| t.client.as_ref().map(|c| fold(&c.name)))),
        (TaskSort::Title, Box::new(|t| Some(fold(&t.title)))),
        (TaskSort::Status, Box::new(move |t| status_rank(t.status).map(|r| r.to_string()))),
        (TaskSort::Priority, Box::new(move |t| priority_rank(t.priority).map(|r| r.to_string()))),
        (TaskSort::Assignee, Box::new(|t| t.assignee.as_ref().map(|p| fold(&p.name)))),
    ];
    assert_sorts(
        &tasks,
        &task_sorts,
        |t| t.id,
        |sort, direction| a.vigie.list_tasks(A, &TaskQuery { sort, direction, ..query() }).unwrap().rows,
    );

    for (c, title, starts, importance, who) in [
        (None, "Réunion d'équipe", "2026-12-01T09:00", "normale", None),
        (Some(0), "AGO", "2026-11-26T14:00", "haute", Some(1)),
        (Some(2), "Contrôle fiscal", "2026-12-01T09:00", "haute", Some(0)),
    ] {
        let draft = EventDraft {
            client_id: c.map(|c: usize| clients[c]),
            title: title.into(),
            starts_at: starts.into(),
            importance: importance.into(),
            audience_id: who.map(|w: usize| people[w]),
        };
        a.vigie.create_event(A, &draft).unwrap();
    }
    let events = a.vigie.list_events(A, &query()).unwrap().rows;
    let event_sorts: Vec<SortedBy<EventSort, vigie::firm::events::CalendarEvent>> = vec![
        (EventSort::StartsAt, Box::new(|e| Some(e.starts_at.to_rfc3339()))),
        (EventSort::Client, Box::new(|e| e.client.as_ref().map(|c| fold(&c.name)))),
        (EventSort::Title, Box::new(|e| Some(fold(&e.title)))),
        (EventSort::Importance, Box::new(|e| Some((e.importance != Importance::Haute).to_string()))),
        (EventSort::Audience, Box::new(|e| e.audience.as_ref().map(|p| fold(&p.name)))),
    ];
    assert_sorts(
        &events,
        &event_sorts,
        |e| e.id,
        |sort, direction| a.vigie.list_events(A, &EventQuery { sort, direction, ..query() }).unwrap().rows,
    );

    a.vigie
        .update_client(
            A,
            clients[2],
            &ClientDraft {
                name: "Zoé Conseil".into(),
                vat_regime: "franchise".into(),
                fiscal_year_end: "30/06".into(),
                legal_form: "EI".into(),
                ..ClientDraft::default()
            },
        )
        .unwrap();
    a.vigie
        .update_client(
            A,
            clients[0],
            &ClientDraft {
                name: "Établissements Léa".into(),
                siren: "732829320".into(),
                vat_regime: "mensuel".into(),
                fiscal_year_end: "31/03".into(),
                legal_form: "sas".into(),
                manager_id: Some(people[0]),
                ..ClientDraft::default()
            },
        )
        .unwrap();
    let all_clients = a.vigie.list_clients(A, &query()).unwrap().rows;
    let client_sorts: Vec<SortedBy<ClientSort, vigie::firm::clients::Client>> = vec![
        (ClientSort::Name, Box::new(|c| Some(fold(&c.name)))),
        (ClientSort::Siren, Box::new(|c| c.siren.clone())),
        (ClientSort::LegalForm, Box::new(|c| c.legal_form.as_deref().map(fold))),
        (ClientSort::VatRegime, Box::new(|c| c.vat_regime.map(|v| v.as_str().to_string()))),
        (
            ClientSort::FiscalYearEnd,
            Box::new(|c| c.fiscal_year_end.as_ref().map(|f| format!("{}{}", &f[3..5], &f[0..2]))),
        ),
        (ClientSort::Manager, Box::new(|c| c.manager.as_ref().map(|p| fold(&p.name)))),
    ];
    assert_sorts(
        &all_clients,
        &client_sorts,
        |c| c.id,
        |sort, direction| a.vigie.list_clients(A, &ClientQuery { sort, direction, ..query() }).unwrap().rows,
    );

    a.vigie
        .update_staff(
            A,
            people[2],
            &StaffDraft {
                name: "Bruno Petit".into(),
                email: "bruno@a.fr".into(),
                role: "assistant".into(),
                active: false,
            },
        )
        .unwrap();
    let staff = a.vigie.list_staff(A, &query()).unwrap().rows;
    let staff_sorts: Vec<SortedBy<StaffSort, vigie::staff::StaffMember>> = vec![
        (StaffSort::Name, Box::new(|p| Some(fold(&p.name)))),
        (StaffSort::Email, Box::new(|p| Some(p.email.clone()))),
        (StaffSort::Role, Box::new(|p| Some(format!("{:?}", Role::ALL.iter().position(|r| *r == p.role))))),
        (StaffSort::Active, Box::new(|p| Some((!p.active).to_string()))),
    ];
    assert_sorts(
        &staff,
        &staff_sorts,
        |p| p.id,
        |sort, direction| a.vigie.list_staff(A, &StaffQuery { sort, direction, ..query() }).unwrap().rows,
    );
}

#[test]
fn search_ignores_case_and_accents_and_looks_at_the_client_too() {
    let (a, _, clients) = deadlines_firm();
    let search = |text: &str| -> Vec<String> {
        let q = DeadlineQuery { search: Some(text.into()), sort: DeadlineSort::Label, ..query() };
        let page = a.vigie.list_deadlines(A, &q).unwrap();
        assert_eq!(page.total as usize, page.rows.len());
        page.rows.iter().map(|d| format!("{} / {}", d.client.name, d.label)).collect()
    };
    // "ECRITURE" finds "Écriture de clôture"; "cloture" too.
    assert_eq!(search("ECRITURE"), ["Zoé Conseil / Écriture de clôture"]);
    assert_eq!(search("clôture"), search("CLOTURE"));
    // A client's name finds its deadlines, whatever is typed: "etablissements lea" finds
    // "Établissements Léa"'s three.
    assert_eq!(search("etablissements LEA").len(), 3);
    assert_eq!(search("ça et là"), search("CA ET LA"));
    assert_eq!(search("ca et la").len(), 3);
    assert_eq!(search("acompte"), ["Établissements Léa / Acompte d'IS", "Atelier Çà et Là / acompte de CVAE"]);
    assert!(search("introuvable").is_empty());
    assert_eq!(search("   ").len(), 12, "a blank search is no search");

    // Clients by name or SIREN (typed with spaces), staff by name or email, the other tables by
    // title or label or client.
    let clients_found = |text: &str| -> Vec<i64> {
        a.vigie
            .list_clients(A, &ClientQuery { search: Some(text.into()), ..query() })
            .unwrap()
            .rows
            .iter()
            .map(|c| c.id)
            .collect()
    };
    assert_eq!(clients_found("ZOE"), [clients[2]]);
    assert_eq!(clients_found("552 100"), [clients[1]]);
    assert!(clients_found("Martin 552").is_empty(), "digits among letters are a name, not a SIREN");
    assert_eq!(clients_found("léa"), [clients[0]]);
    let staff_found = |text: &str| -> usize {
        a.vigie.list_staff(A, &StaffQuery { search: Some(text.into()), ..query() }).unwrap().total as usize
    };
    assert_eq!((staff_found("emile"), staff_found("ZOLA"), staff_found("@a.fr"), staff_found("anne@")), (1, 1, 3, 1));
    a.vigie
        .create_task(
            A,
            &TaskDraft { title: "Révision des comptes".into(), due_date: "2026-12-01".into(), ..TaskDraft::default() },
        )
        .unwrap();
    a.vigie
        .create_task(
            A,
            &TaskDraft {
                client_id: Some(clients[2]),
                title: "Appel".into(),
                due_date: "2026-12-01".into(),
                ..TaskDraft::default()
            },
        )
        .unwrap();
    let tasks_found =
        |text: &str| a.vigie.list_tasks(A, &TaskQuery { search: Some(text.into()), ..query() }).unwrap().total;
    assert_eq!((tasks_found("REVISION"), tasks_found("zoé"), tasks_found("x")), (1, 1, 0));
    a.vigie
        .create_event(
            A,
            &EventDraft {
                client_id: Some(clients[1]),
                title: "Clôture annuelle".into(),
                starts_at: "2026-12-01T10:00".into(),
                ..EventDraft::default()
            },
        )
        .unwrap();
    let events_found =
        |text: &str| a.vigie.list_events(A, &EventQuery { search: Some(text.into()), ..query() }).unwrap().total;
    assert_eq!((events_found("cloture"), events_found("MARTIN")), (1, 1));
    a.vigie
        .create_document(
            A,
            &DocumentDraft {
                client_id: Some(clients[3]),
                label: "Éléments de paie".into(),
                requested_on: "2026-11-01".into(),
                due_date: "2026-11-10".into(),
                ..DocumentDraft::default()
            },
        )
        .unwrap();
    let docs_found =
        |text: &str| a.vigie.list_documents(A, &DocumentQuery { search: Some(text.into()), ..query() }).unwrap().total;
    assert_eq!((docs_found("elements"), docs_found("atelier"), docs_found("martin")), (1, 1, 0));
}

#[test]
fn each_filter_narrows_the_table_and_the_total() {
    let (a, people, clients) = deadlines_firm();
    let total = |filter: DeadlineFilter| -> Vec<String> {
        let page = a.vigie.list_deadlines(A, &DeadlineQuery { filter, sort: DeadlineSort::Label, ..query() }).unwrap();
        assert_eq!(page.total as usize, page.rows.len());
        page.rows.iter().map(|d| d.label.clone()).collect()
    };
    assert_eq!(
        total(DeadlineFilter { client_id: Some(clients[1]), ..Default::default() }),
        ["CFE", "Solde d'IS", "TVA CA3 novembre"]
    );
    assert_eq!(
        total(DeadlineFilter { assignee_id: Some(people[2]), ..Default::default() }),
        ["DSN mensuelle", "DSN mensuelle"]
    );
    assert_eq!(
        total(DeadlineFilter { status: Some(DeadlineStatus::Faite), ..Default::default() }),
        ["CFE", "Liasse fiscale"]
    );
    assert_eq!(total(DeadlineFilter { open_only: true, ..Default::default() }).len(), 10);
    assert_eq!(
        total(DeadlineFilter {
            due_from: Some(date("2026-12-05")),
            due_to: Some(date("2026-12-15")),
            ..Default::default()
        }),
        ["Acompte d'IS", "CFE", "DSN mensuelle", "TVA CA3 novembre", "TVA CA3 novembre"]
    );
    assert_eq!(
        total(DeadlineFilter { due_to: Some(date("2026-11-05")), ..Default::default() }),
        ["DSN mensuelle", "Liasse fiscale"]
    );
    assert_eq!(
        total(DeadlineFilter {
            client_id: Some(clients[0]),
            status: Some(DeadlineStatus::AFaire),
            due_from: Some(date("2026-12-01")),
            assignee_id: Some(people[1]),
            open_only: true,
            ..Default::default()
        }),
        ["Acompte d'IS"]
    );

    // Documents: missing, overdue as of today (2026-11-25 in Paris), received; by owner.
    for (label, due, received, owner) in [
        ("Relevés", "2026-11-20", "", Some(people[1])),
        ("Factures", "2026-11-30", "", None),
        ("Bilan", "2026-11-10", "2026-11-09", None),
    ] {
        a.vigie
            .create_document(
                A,
                &DocumentDraft {
                    client_id: Some(clients[0]),
                    label: label.into(),
                    requested_on: "2026-11-01".into(),
                    due_date: due.into(),
                    received_on: received.into(),
                    owner_id: owner,
                },
            )
            .unwrap();
    }
    let docs = |filter: DocumentFilter| -> Vec<String> {
        a.vigie
            .list_documents(A, &DocumentQuery { filter, sort: DocumentSort::Label, ..query() })
            .unwrap()
            .rows
            .iter()
            .map(|d| d.label.clone())
            .collect()
    };
    assert_eq!(
        docs(DocumentFilter { state: Some(DocumentState::Missing), ..Default::default() }),
        ["Factures", "Relevés"]
    );
    assert_eq!(docs(DocumentFilter { state: Some(DocumentState::Overdue), ..Default::default() }), ["Relevés"]);
    assert_eq!(docs(DocumentFilter { state: Some(DocumentState::Received), ..Default::default() }), ["Bilan"]);
    assert_eq!(docs(DocumentFilter { owner_id: Some(people[1]), ..Default::default() }), ["Relevés"]);
    assert_eq!(
        docs(DocumentFilter { due_from: Some(date("2026-11-20")), ..Default::default() }),
        ["Factures", "Relevés"]
    );
    assert!(docs(DocumentFilter { client_id: Some(clients[1]), ..Default::default() }).is_empty());

    // Tasks: priority, status, open only, client, assignee.
    for (title, status, priority, client) in [
        ("A", "a_faire", "urgente", Some(clients[0])),
        ("B", "terminee", "urgente", None),
        ("C", "en_retard", "basse", None),
    ] {
        a.vigie
            .create_task(
                A,
                &TaskDraft {
                    client_id: client,
                    title: title.into(),
                    // Still to come: each keeps the status it is given.
                    due_date: "2026-11-30".into(),
                    status: status.into(),
                    priority: priority.into(),
                    assignee_id: Some(people[0]),
                },
            )
            .unwrap();
    }
    let tasks = |filter: TaskFilter| -> Vec<String> {
        a.vigie
            .list_tasks(A, &TaskQuery { filter, sort: TaskSort::Title, ..query() })
            .unwrap()
            .rows
            .iter()
            .map(|t| t.title.clone())
            .collect()
    };
    assert_eq!(tasks(TaskFilter { priority: Some(Priority::Urgente), ..Default::default() }), ["A", "B"]);
    assert_eq!(tasks(TaskFilter { priority: Some(Priority::Urgente), open_only: true, ..Default::default() }), ["A"]);
    assert_eq!(tasks(TaskFilter { status: Some(TaskStatus::EnRetard), ..Default::default() }), ["C"]);
    assert_eq!(
        tasks(TaskFilter { client_id: Some(clients[0]), assignee_id: Some(people[0]), ..Default::default() }),
        ["A"]
    );
    assert!(tasks(TaskFilter { due_from: Some(date("2026-12-01")), ..Default::default() }).is_empty());

    // Events: local days (00:30 in Paris on 1 December is still 30 November in UTC).
    for (title, starts, importance, audience) in
        [("Minuit", "2026-12-01T00:30", "haute", Some(people[1])), ("Veille", "2026-11-30T23:30", "normale", None)]
    {
        a.vigie
            .create_event(
                A,
                &EventDraft {
                    title: title.into(),
                    starts_at: starts.into(),
                    importance: importance.into(),
                    audience_id: audience,
                    ..EventDraft::default()
                },
            )
            .unwrap();
    }
    let events = |filter: EventFilter| -> Vec<String> {
        a.vigie
            .list_events(A, &EventQuery { filter, ..query() })
            .unwrap()
            .rows
            .iter()
            .map(|e| e.title.clone())
            .collect()
    };
    assert_eq!(
        events(EventFilter { from: Some(date("2026-12-01")), to: Some(date("2026-12-01")), ..Default::default() }),
        ["Minuit"]
    );
    assert_eq!(events(EventFilter { to: Some(date("2026-11-30")), ..Default::default() }), ["Veille"]);
    assert_eq!(events(EventFilter { importance: Some(Importance::Haute), ..Default::default() }), ["Minuit"]);
    assert_eq!(events(EventFilter { audience_id: Some(people[1]), ..Default::default() }), ["Minuit"]);

    // Clients by manager and VAT regime; staff by role and activity.
    let managed = a
        .vigie
        .list_clients(
            A,
            &ClientQuery { filter: ClientFilter { manager_id: Some(people[0]), ..Default::default() }, ..query() },
        )
        .unwrap();
    assert_eq!(
        (managed.total, managed.rows.iter().map(|c| c.id).collect::<Vec<_>>()),
        (2, vec![clients[3], clients[0]])
    );
    a.vigie
        .update_client(
            A,
            clients[2],
            &ClientDraft { name: "Zoé Conseil".into(), vat_regime: "annuel".into(), ..ClientDraft::default() },
        )
        .unwrap();
    let annual = a
        .vigie
        .list_clients(
            A,
            &ClientQuery {
                filter: ClientFilter { vat_regime: Some(VatRegime::Annuel), ..Default::default() },
                ..query()
            },
        )
        .unwrap();
    assert_eq!(annual.rows.iter().map(|c| c.id).collect::<Vec<_>>(), [clients[2]]);
    a.vigie
        .update_staff(
            A,
            people[2],
            &StaffDraft {
                name: "Bruno Petit".into(),
                email: "bruno@a.fr".into(),
                role: "assistant".into(),
                active: false,
            },
        )
        .unwrap();
    let staff = |filter: StaffFilter| a.vigie.list_staff(A, &StaffQuery { filter, ..query() }).unwrap().total;
    assert_eq!(staff(StaffFilter { active: Some(false), ..Default::default() }), 1);
    assert_eq!(staff(StaffFilter { active: Some(true), ..Default::default() }), 2);
    assert_eq!(staff(StaffFilter { role: Some(Role::Expert), ..Default::default() }), 1);
}

#[test]
fn pages_cover_the_table_once_and_count_it_all() {
    let a = app();
    let client = a.client(A, "Client", "732829320", None);
    for i in 0..120 {
        // Sixty due dates, two deadlines each: the tie-break on id decides inside each pair.
        a.deadline(A, client, &format!("Échéance {i:03}"), &format!("2027-01-{:02}", 1 + (i % 60) / 2), None);
    }
    let mut seen = Vec::new();
    for offset in [0, 50, 100] {
        let page =
            a.vigie.list_deadlines(A, &DeadlineQuery { offset, limit: Some(50), ..DeadlineQuery::default() }).unwrap();
        assert_eq!(page.total, 120);
        assert_eq!(page.rows.len(), if offset == 100 { 20 } else { 50 });
        seen.extend(page.rows.iter().map(|d| d.id));
    }
    let whole: Vec<i64> = a.vigie.list_deadlines(A, &query()).unwrap().rows.iter().map(|d| d.id).collect();
    assert_eq!(seen, whole, "the pages, end to end, are the table");
    assert_eq!(seen.iter().collect::<BTreeSet<_>>().len(), 120);
    let past_the_end = a.vigie.list_deadlines(A, &DeadlineQuery { offset: 500, ..DeadlineQuery::default() }).unwrap();
    assert_eq!((past_the_end.rows.len(), past_the_end.total), (0, 120));
    let default = a.vigie.list_deadlines(A, &DeadlineQuery::default()).unwrap();
    assert_eq!(default.rows.len(), 50);
    let capped =
        a.vigie.list_deadlines(A, &DeadlineQuery { limit: Some(100_000), ..DeadlineQuery::default() }).unwrap();
    assert_eq!(capped.rows.len(), 120);
    let filtered = a
        .vigie
        .list_deadlines(
            A,
            &DeadlineQuery { search: Some("échéance 01".into()), limit: Some(3), ..DeadlineQuery::default() },
        )
        .unwrap();
    assert_eq!((filtered.total, filtered.rows.len()), (10, 3));
}

#[test]
fn a_client_delete_says_what_it_takes_and_takes_exactly_that() {
    let a = app();
    let claire = a.person(A, "Claire", "claire@a.fr", "expert");
    // After the staff: alert emails only in the outbox, no welcome.
    a.configure_smtp("A");
    let lea = a.client(A, "Boulangerie Léa", "732829320", Some(claire));
    let other = a.client(A, "Garage Martin", "552100554", Some(claire));
    a.deadline(A, lea, "TVA CA3", "2026-11-27", None);
    a.deadline(A, lea, "DSN", "2026-11-26", None);
    a.deadline(A, other, "TVA CA3", "2026-11-27", None);
    a.vigie
        .create_document(
            A,
            &DocumentDraft {
                client_id: Some(lea),
                label: "Relevés".into(),
                requested_on: "2026-11-01".into(),
                due_date: "2026-11-20".into(),
                ..DocumentDraft::default()
            },
        )
        .unwrap();
    a.vigie
        .create_task(
            A,
            &TaskDraft {
                client_id: Some(lea),
                title: "Bilan".into(),
                due_date: "2026-11-20".into(),
                ..TaskDraft::default()
            },
        )
        .unwrap();
    a.vigie
        .create_event(
            A,
            &EventDraft {
                client_id: Some(lea),
                title: "AGO".into(),
                starts_at: "2026-11-26T10:00".into(),
                importance: "haute".into(),
                ..EventDraft::default()
            },
        )
        .unwrap();
    a.vigie.check(A, None).unwrap();
    // Claire has 6 alerts: 5 about Léa, 1 about the garage; one email per kind.
    a.assert_unread_exact("claire@a.fr", 6);
    assert_eq!(a.count("SELECT count(*) FROM outbox WHERE status = 'queued'"), 4);

    let impact = a.vigie.client_delete_impact(A, lea).unwrap();
    assert_eq!(impact, Impact { deadlines: 2, documents: 1, tasks: 1, events: 1, notifications: 5 });
    assert_eq!(
        serde_json::to_value(impact).unwrap(),
        serde_json::json!({"deadlines": 2, "documents": 1, "tasks": 1, "events": 1, "notifications": 5})
    );
    let mut sub = a.vigie.subscribe().unwrap();
    assert_eq!(a.vigie.delete_client(A, lea).unwrap(), impact);
    let events = drain(&mut sub.events);
    assert!(
        matches!(events.as_slice(), [AppEvent::UnreadChanged { staff_id, unread: 1, .. }] if *staff_id == claire),
        "{events:?}"
    );
    a.assert_unread_exact("claire@a.fr", 1);
    for table in ["deadlines", "document_requests", "tasks", "events"] {
        assert_eq!(a.count(&format!("SELECT count(*) FROM {table} WHERE client_id = {lea}")), 0, "{table}");
    }
    assert_eq!(a.count("SELECT count(*) FROM notifications"), 1);
    assert_eq!(a.count("SELECT count(*) FROM alert_keys"), 1, "the deleted subjects' keys went with them");
    // The deadlines email still lists the garage's; the three emails about Léa alone are withdrawn.
    let queued: Vec<(String, String)> = {
        let store = a.vigie.store();
        let mut stmt = store.conn().prepare("SELECT template, body_text FROM outbox WHERE status = 'queued'").unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
    };
    assert_eq!(queued.len(), 1, "{queued:?}");
    assert_eq!(queued[0].0, "echeance_proche");
    assert!(queued[0].1.contains("Garage Martin") && !queued[0].1.contains("Léa"), "{}", queued[0].1);
    assert!(a.vigie.get_client(A, other).is_ok());
}

#[test]
fn a_subject_delete_takes_its_alerts_and_a_new_row_never_inherits_them() {
    let a = app();
    let claire = a.person(A, "Claire", "claire@a.fr", "expert");
    let lea = a.client(A, "Léa", "", Some(claire));
    let d = a.deadline(A, lea, "TVA", "2026-11-27", None);
    a.vigie.check(A, None).unwrap();
    assert_eq!(a.vigie.deadline_delete_impact(A, d.id).unwrap(), Impact { notifications: 1, ..Impact::default() });
    assert_eq!(a.vigie.delete_deadline(A, d.id).unwrap().notifications, 1);
    a.assert_unread_exact("claire@a.fr", 0);
    // SQLite gives the next row the freed id: its first reminder still comes.
    let again = a.deadline(A, lea, "TVA", "2026-11-28", None);
    assert_eq!(again.id, d.id);
    let report = a.vigie.check(A, None).unwrap();
    assert_eq!(report[0].report.created.echeance_proche, 1);
    a.assert_unread_exact("claire@a.fr", 1);
}

#[test]
fn marking_a_deadline_done_stops_its_alerts_everywhere_and_back_brings_only_the_status() {
    let a = app();
    let claire = a.person(A, "Claire", "claire@a.fr", "expert");
    let paul = a.person(A, "Paul", "paul@a.fr", "expert");
    // After the staff: alert emails only in the outbox, no welcome.
    a.configure_smtp("A");
    let lea = a.client(A, "Boulangerie Léa", "732829320", None);
    // No assignee, no manager: both experts are alerted, each in one email listing both deadlines.
    let tva = a.deadline(A, lea, "TVA CA3", "2026-11-27", None);
    let dsn = a.deadline(A, lea, "DSN", "2026-11-26", None);
    let solo = a.deadline(A, lea, "CFE", "2026-11-30", Some(paul));
    a.vigie.check(A, None).unwrap();
    a.assert_unread_exact("claire@a.fr", 2);
    a.assert_unread_exact("paul@a.fr", 3);
    assert_eq!(a.count("SELECT count(*) FROM outbox WHERE status = 'queued'"), 2);
    // Claire snoozed her TVA alert; Paul read his and snoozed it.
    let claire_tva: i64 =
        a.count(&format!("SELECT id FROM notifications WHERE recipient_id = {claire} AND subject_id = {}", tva.id));
    let paul_tva: i64 =
        a.count(&format!("SELECT id FROM notifications WHERE recipient_id = {paul} AND subject_id = {}", tva.id));
    let tomorrow = vigie::app::jobs::When::Instant(Utc.with_ymd_and_hms(2026, 11, 26, 8, 0, 0).unwrap());
    a.vigie.snooze(&a.user("claire@a.fr"), claire_tva, tomorrow).unwrap();
    a.vigie.mark_read(&a.user("paul@a.fr"), paul_tva).unwrap();
    a.vigie.snooze(&a.user("paul@a.fr"), paul_tva, tomorrow).unwrap();
    a.assert_unread_exact("claire@a.fr", 1);
    a.assert_unread_exact("paul@a.fr", 2);

    let mut sub = a.vigie.subscribe().unwrap();
    let done = a.vigie.set_deadline_done(A, dsn.id, true).unwrap();
    assert_eq!(done.record.status, DeadlineStatus::Faite);
    // Both experts' DSN alerts are read; their emails, which listed TVA too, are rewritten.
    assert_eq!((done.alerts.notifications, done.alerts.emails_rewritten, done.alerts.emails_withdrawn), (2, 2, 0));
    let events = drain(&mut sub.events);
    let published: BTreeSet<(i64, u64)> = events
        .iter()
        .filter_map(|e| match e {
            AppEvent::UnreadChanged { staff_id, unread, .. } => Some((*staff_id, *unread)),
            _ => None,
        })
        .collect();
    assert_eq!(published, BTreeSet::from([(claire, 0), (paul, 1)]), "{events:?}");
    a.assert_unread_exact("claire@a.fr", 0);
    a.assert_unread_exact("paul@a.fr", 1);
    let bodies = |who: i64| -> Vec<String> {
        let store = a.vigie.store();
        let mut stmt = store.conn().prepare("SELECT subject || '\n' || body_text || body_html FROM outbox WHERE recipient_id = ?1 AND status = 'queued'").unwrap();
        stmt.query_map([who], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    let claire_mail = bodies(claire);
    assert_eq!(claire_mail.len(), 1);
    assert!(claire_mail[0].contains("TVA CA3") && !claire_mail[0].contains("DSN"), "{}", claire_mail[0]);
    assert!(bodies(paul)[0].contains("CFE") && !bodies(paul)[0].contains("DSN"));

    // TVA done too: Claire's snoozed alert is read and unsnoozed, so it never comes back; her
    // email now lists nothing and is withdrawn. Paul's still lists CFE.
    let done = a.vigie.set_deadline_done(A, tva.id, true).unwrap();
    assert_eq!((done.alerts.notifications, done.alerts.emails_rewritten, done.alerts.emails_withdrawn), (1, 1, 1));
    assert!(bodies(claire).is_empty());
    assert!(bodies(paul)[0].contains("CFE") && !bodies(paul)[0].contains("TVA"));
    assert_eq!(a.count("SELECT count(*) FROM notifications WHERE snoozed_until IS NOT NULL"), 0);
    a.clock.set(Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap());
    assert!(a.vigie.wake_snoozed().unwrap().is_empty(), "nothing about a done deadline comes back");
    a.assert_unread_exact("claire@a.fr", 0);
    a.assert_unread_exact("paul@a.fr", 1);
    // The notifications stay in the inbox, read.
    let inbox = a.vigie.notifications(&a.user("claire@a.fr"), &Default::default()).unwrap().notifications;
    assert_eq!((inbox.len(), inbox.iter().all(|n| n.read)), (2, true));

    // Back: à faire (dépassée once its date is past); the alerts stay read, the emails gone.
    let back = a.vigie.set_deadline_done(A, tva.id, false).unwrap();
    assert_eq!((back.record.status, back.alerts), (DeadlineStatus::AFaire, Default::default()));
    a.assert_unread_exact("claire@a.fr", 0);
    a.vigie.set_deadline_done(A, tva.id, true).unwrap();
    a.clock.set(Utc.with_ymd_and_hms(2026, 11, 28, 9, 0, 0).unwrap());
    assert_eq!(a.vigie.set_deadline_done(A, tva.id, false).unwrap().record.status, DeadlineStatus::Depassee);
    // Saving the form as faite does the same as the click.
    let form = DeadlineDraft {
        client_id: Some(lea),
        kind: "cfe".into(),
        label: "CFE".into(),
        due_date: "2026-11-30".into(),
        status: "faite".into(),
        assignee_id: Some(paul),
        period: String::new(),
    };
    a.vigie.update_deadline(A, solo.id, &form).unwrap();
    a.assert_unread_exact("paul@a.fr", 0);
    // Paul's email is rebuilt from what is open now: the reopened TVA, no longer the CFE.
    let paul_mail = bodies(paul);
    assert!(paul_mail[0].contains("TVA") && !paul_mail[0].contains("CFE"), "{}", paul_mail[0]);
}

#[test]
fn a_deadline_done_before_its_pop_up_showed_does_not_pop_up() {
    let a = app();
    a.person(A, "Claire", "claire@a.fr", "expert");
    let lea = a.client(A, "Léa", "", None);
    let tva = a.deadline(A, lea, "TVA", "2026-11-27", None);
    a.deadline(A, lea, "DSN", "2026-11-27", None);
    a.vigie.set_workstation("claire@a.fr", A).unwrap();
    a.vigie.check(A, None).unwrap();
    a.vigie.set_deadline_done(A, tva.id, true).unwrap();
    let popups = a.vigie.popups_due(a.clock.now()).unwrap();
    assert_eq!(popups.len(), 1, "{popups:?}");
    assert!(popups[0].title.contains("DSN"), "{popups:?}");
}

#[test]
fn an_email_being_sent_or_sent_is_left_alone() {
    let a = app();
    a.person(A, "Claire", "claire@a.fr", "expert");
    // After the staff: alert emails only in the outbox, no welcome.
    a.configure_smtp("A");
    let lea = a.client(A, "Léa", "", None);
    let tva = a.deadline(A, lea, "TVA", "2026-11-27", None);
    a.vigie.check(A, None).unwrap();
    a.vigie.store().conn().execute("UPDATE outbox SET status = 'sending'", []).unwrap();
    let done = a.vigie.set_deadline_done(A, tva.id, true).unwrap();
    assert_eq!((done.alerts.notifications, done.alerts.emails_rewritten, done.alerts.emails_withdrawn), (1, 0, 0));
    assert_eq!(a.count("SELECT count(*) FROM outbox WHERE status = 'sending' AND body_text LIKE '%TVA%'"), 1);
}

#[test]
fn a_document_received_is_dated_today_in_the_cabinet_and_a_finished_task_stops_nagging() {
    let a = app();
    let claire = a.person(A, "Claire", "claire@a.fr", "expert");
    // After the staff: alert emails only in the outbox, no welcome.
    a.configure_smtp("A");
    let lea = a.client(A, "Léa", "", Some(claire));
    let doc = a
        .vigie
        .create_document(
            A,
            &DocumentDraft {
                client_id: Some(lea),
                label: "Relevés".into(),
                requested_on: "2026-11-01".into(),
                due_date: "2026-11-20".into(),
                ..DocumentDraft::default()
            },
        )
        .unwrap();
    let task = a
        .vigie
        .create_task(
            A,
            &TaskDraft {
                client_id: Some(lea),
                title: "Bilan".into(),
                due_date: "2026-11-20".into(),
                assignee_id: Some(claire),
                ..TaskDraft::default()
            },
        )
        .unwrap();
    a.vigie.check(A, None).unwrap();
    a.assert_unread_exact("claire@a.fr", 2);
    assert_eq!(a.count("SELECT count(*) FROM outbox WHERE status = 'queued'"), 2);

    // 23:30 UTC on the 25th is already the 26th in Paris.
    a.clock.set(Utc.with_ymd_and_hms(2026, 11, 25, 23, 30, 0).unwrap());
    let mut sub = a.vigie.subscribe().unwrap();
    let received = a.vigie.set_document_received(A, doc.id, true).unwrap();
    assert_eq!(received.record.received_on, Some(date("2026-11-26")));
    assert_eq!((received.alerts.notifications, received.alerts.emails_withdrawn), (1, 1));
    assert!(matches!(drain(&mut sub.events).as_slice(), [AppEvent::UnreadChanged { unread: 1, .. }]));
    // Clicking again keeps the first date; missing again clears it.
    a.clock.set(Utc.with_ymd_and_hms(2026, 11, 27, 10, 0, 0).unwrap());
    assert_eq!(a.vigie.set_document_received(A, doc.id, true).unwrap().record.received_on, Some(date("2026-11-26")));
    assert_eq!(a.vigie.set_document_received(A, doc.id, false).unwrap().record.received_on, None);

    let finished = a.vigie.set_task_done(A, task.id, true).unwrap();
    assert_eq!(
        (finished.record.status, finished.alerts.notifications, finished.alerts.emails_withdrawn),
        (TaskStatus::Terminee, 1, 1)
    );
    a.assert_unread_exact("claire@a.fr", 0);
    assert_eq!(a.count("SELECT count(*) FROM outbox"), 0);
    // Back, past its date: en retard. Its late alert, raised once, stays read and does not come
    // again; nor does this week's document reminder.
    assert_eq!(a.vigie.set_task_done(A, task.id, false).unwrap().record.status, TaskStatus::EnRetard);
    a.vigie.check(A, None).unwrap();
    assert_eq!(
        a.count(&format!(
            "SELECT count(*) FROM notifications WHERE subject_type = 'task' AND subject_id = {}",
            task.id
        )),
        1
    );
    a.assert_unread_exact("claire@a.fr", 0);
}

#[test]
fn moving_a_deadline_to_another_date_forgets_the_old_reminders() {
    let a = app();
    a.person(A, "Claire", "claire@a.fr", "expert");
    let lea = a.client(A, "Léa", "", None);
    let d = a.deadline(A, lea, "TVA", "2026-11-27", None);
    a.vigie.check(A, None).unwrap();
    a.assert_unread_exact("claire@a.fr", 1);
    let moved = DeadlineDraft {
        client_id: Some(lea),
        kind: "tva".into(),
        label: "TVA".into(),
        due_date: "2026-12-04".into(),
        ..DeadlineDraft::default()
    };
    a.vigie.update_deadline(A, d.id, &moved).unwrap();
    a.assert_unread_exact("claire@a.fr", 0);
    // A week later the new date's J-3 comes, though the old date's J-3 was raised.
    a.clock.set(Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap());
    a.vigie.check(A, None).unwrap();
    let keys = a.count(&format!("SELECT count(*) FROM notifications WHERE dedup_key = 'deadline:{}:J-3'", d.id));
    assert_eq!(keys, 1);
    a.assert_unread_exact("claire@a.fr", 1);
}

#[test]
fn a_person_with_history_is_deactivated_and_one_without_is_deleted() {
    let a = app();
    let claire = a.person(A, "Claire", "claire@a.fr", "expert");
    let typo = a.person(A, "Clarie", "clarie@a.fr", "assistant");
    // After the staff: alert emails only in the outbox, no welcome.
    a.configure_smtp("A");
    let lea = a.client(A, "Léa", "", Some(claire));
    a.deadline(A, lea, "TVA", "2026-11-27", Some(claire));
    a.vigie.check(A, None).unwrap();
    assert_eq!(a.count(&format!("SELECT count(*) FROM outbox WHERE recipient_id = {claire}")), 1);

    let impact = a.vigie.staff_removal_impact(A, claire).unwrap();
    assert_eq!(
        (impact.clients, impact.deadlines, impact.notifications, impact.removal),
        (1, 1, 1, Removal::Deactivated)
    );
    assert_eq!(a.vigie.remove_staff(A, claire).unwrap(), impact);
    let kept = a.vigie.get_staff(A, claire).unwrap();
    assert!(!kept.active);
    // Her work keeps her name; her queued email is withdrawn (inactive staff receive nothing).
    assert_eq!(a.vigie.get_client(A, lea).unwrap().manager.map(|m| (m.id, m.active)), Some((claire, false)));
    assert_eq!(a.count(&format!("SELECT count(*) FROM outbox WHERE recipient_id = {claire}")), 0);
    // Made active again from the form.
    a.vigie
        .update_staff(
            A,
            claire,
            &StaffDraft { name: "Claire".into(), email: "claire@a.fr".into(), role: "expert".into(), active: true },
        )
        .unwrap();
    assert!(a.vigie.get_staff(A, claire).unwrap().active);

    let impact = a.vigie.staff_removal_impact(A, typo).unwrap();
    assert_eq!(impact.removal, Removal::Deleted);
    assert_eq!(serde_json::to_value(impact).unwrap()["removal"], "deleted");
    a.vigie.remove_staff(A, typo).unwrap();
    not_found(a.vigie.get_staff(A, typo));
    // Renamed with a new email: the person is the same row.
    let renamed = a
        .vigie
        .update_staff(
            A,
            claire,
            &StaffDraft {
                name: "Claire Moreau".into(),
                email: "Claire.Moreau@A.fr".into(),
                role: "collaborateur".into(),
                active: true,
            },
        )
        .unwrap();
    assert_eq!((renamed.email.as_str(), renamed.role), ("claire.moreau@a.fr", Role::Collaborateur));
}

#[test]
fn the_client_page_has_everything_about_one_client() {
    let a = app();
    let claire = a.person(A, "Claire", "claire@a.fr", "expert");
    let paul = a.person(A, "Paul", "paul@a.fr", "collaborateur");
    let lea = a
        .vigie
        .create_client(
            A,
            &ClientDraft {
                name: "Léa".into(),
                siren: "732829320".into(),
                vat_regime: "mensuel".into(),
                manager_id: Some(claire),
                ..ClientDraft::default()
            },
        )
        .unwrap();
    let other = a.client(A, "Autre", "", None);
    let tva = a.deadline(A, lea.id, "TVA", "2026-11-27", Some(paul));
    a.deadline(A, lea.id, "DSN", "2026-11-26", None);
    let done = a.deadline(A, lea.id, "CFE", "2026-11-15", None);
    a.vigie.set_deadline_done(A, done.id, true).unwrap();
    a.deadline(A, other, "TVA", "2026-11-27", None);
    let doc = |label: &str, received: &str| DocumentDraft {
        client_id: Some(lea.id),
        label: label.into(),
        requested_on: "2026-11-01".into(),
        due_date: "2026-11-20".into(),
        received_on: received.into(),
        owner_id: None,
    };
    a.vigie.create_document(A, &doc("Relevés", "")).unwrap();
    a.vigie.create_document(A, &doc("Factures", "2026-11-10")).unwrap();
    a.vigie
        .create_task(
            A,
            &TaskDraft {
                client_id: Some(lea.id),
                title: "Bilan".into(),
                due_date: "2026-11-20".into(),
                assignee_id: Some(paul),
                ..TaskDraft::default()
            },
        )
        .unwrap();
    a.vigie
        .create_task(
            A,
            &TaskDraft {
                client_id: Some(lea.id),
                title: "Fait".into(),
                due_date: "2026-11-20".into(),
                status: "terminee".into(),
                ..TaskDraft::default()
            },
        )
        .unwrap();
    a.vigie
        .create_event(
            A,
            &EventDraft {
                client_id: Some(lea.id),
                title: "AGO".into(),
                starts_at: "2026-11-26T10:00".into(),
                importance: "haute".into(),
                ..EventDraft::default()
            },
        )
        .unwrap();
    a.vigie
        .create_event(
            A,
            &EventDraft {
                client_id: Some(lea.id),
                title: "Passé".into(),
                starts_at: "2026-11-02T10:00".into(),
                ..EventDraft::default()
            },
        )
        .unwrap();
    a.vigie.check(A, None).unwrap();

    let page = a.vigie.client_page(A, lea.id).unwrap();
    assert_eq!(page.client, lea);
    assert_eq!(page.client.vat_regime, Some(VatRegime::Mensuel));
    assert_eq!(page.client.manager.as_ref().map(|m| m.name.as_str()), Some("Claire"));
    assert_eq!(page.open_deadlines.iter().map(|d| d.label.as_str()).collect::<Vec<_>>(), ["DSN", "TVA"]);
    assert_eq!(page.missing_documents.iter().map(|d| d.label.as_str()).collect::<Vec<_>>(), ["Relevés"]);
    assert_eq!(page.open_tasks.iter().map(|t| t.title.as_str()).collect::<Vec<_>>(), ["Bilan"]);
    assert_eq!(page.upcoming_events.iter().map(|e| e.title.as_str()).collect::<Vec<_>>(), ["AGO"]);
    let c = page.counts;
    assert_eq!(
        (
            c.open_deadlines,
            c.done_deadlines,
            c.missing_documents,
            c.received_documents,
            c.open_tasks,
            c.done_tasks,
            c.upcoming_events,
            c.past_events
        ),
        (2, 1, 1, 1, 1, 1, 1, 1)
    );
    // TVA to Paul, DSN to Claire (manager), the document to Claire, the task to Paul, the event
    // to both: six alerts, newest first; none about the other client.
    assert_eq!(page.notifications.len(), 6, "{:?}", page.notifications);
    assert!(page.notifications.windows(2).all(|w| w[0].id > w[1].id));
    assert!(page.notifications.iter().all(|n| !n.title.contains("Autre")));
    let tva_alert = page.notifications.iter().find(|n| n.title.contains("TVA")).unwrap();
    assert_eq!((tva_alert.recipient.id, tva_alert.read), (paul, false));
    a.vigie.set_deadline_done(A, tva.id, true).unwrap();
    let page = a.vigie.client_page(A, lea.id).unwrap();
    assert!(page.notifications.iter().find(|n| n.title.contains("TVA")).unwrap().read);
    assert_eq!(page.counts.open_deadlines, 1);
    let json = serde_json::to_value(&page).unwrap();
    assert_eq!(json["open_deadlines"][0]["due_date"], "2026-11-26");
}

#[test]
fn rows_imported_done_or_received_stop_their_alerts_as_the_click_does() {
    use vigie::app::import::ImportRequest;
    use vigie::import::ImportKind;
    let a = app();
    a.person(A, "Claire", "claire@a.fr", "expert");
    // After the staff: alert emails only in the outbox, no welcome.
    a.configure_smtp("A");
    let lea = a.client(A, "Boulangerie Léa", "732829320", None);
    a.deadline(A, lea, "TVA CA3", "2026-11-27", None);
    a.deadline(A, lea, "DSN", "2026-11-26", None);
    a.vigie.check(A, None).unwrap();
    a.assert_unread_exact("claire@a.fr", 2);
    assert_eq!(a.count("SELECT count(*) FROM outbox WHERE status = 'queued'"), 1);

    let dir = tempfile::tempdir().unwrap();
    let import = |text: &str| {
        let file = dir.path().join("deadlines.csv");
        std::fs::write(&file, text).unwrap();
        let request = ImportRequest { file: &file, kind: ImportKind::Deadlines, skip_invalid: false, welcome: false };
        a.vigie.import(A, &request).unwrap().report
    };
    let mut sub = a.vigie.subscribe().unwrap();
    // The firm's software exports the DSN as filed: its alert is read, the email rewritten.
    let report = import("client_siren,kind,label,due_date,status\n732829320,DSN,DSN,2026-11-26,faite\n");
    assert_eq!(report.updated, 1);
    assert_eq!(
        (report.alerts.notifications, report.alerts.emails_rewritten, report.alerts.emails_withdrawn),
        (1, 1, 0)
    );
    a.assert_unread_exact("claire@a.fr", 1);
    let published =
        drain(&mut sub.events).into_iter().filter(|e| matches!(e, AppEvent::UnreadChanged { unread: 1, .. })).count();
    assert_eq!(published, 1, "the new count reaches the badge");
    let body: String = a
        .vigie
        .store()
        .conn()
        .query_row("SELECT body_text FROM outbox WHERE status = 'queued'", [], |r| r.get(0))
        .unwrap();
    assert!(body.contains("TVA CA3") && !body.contains("DSN"), "{body}");
    // The same file again stops nothing more; the TVA filed too withdraws the email.
    assert_eq!(
        import("client_siren,kind,label,due_date,status\n732829320,DSN,DSN,2026-11-26,faite\n").alerts,
        Default::default()
    );
    let report = import("client_siren,kind,label,due_date,status\n732829320,TVA CA3,TVA CA3,2026-11-27,faite\n");
    assert_eq!((report.alerts.notifications, report.alerts.emails_withdrawn), (1, 1));
    a.assert_unread_exact("claire@a.fr", 0);
    assert_eq!(a.count("SELECT count(*) FROM outbox"), 0);
}

#[test]
fn this_computers_user_is_neither_removed_nor_deactivated() {
    let a = app();
    let claire = a.person(A, "Claire", "claire@a.fr", "expert");
    let paul = a.person(A, "Paul", "paul@a.fr", "expert");
    a.vigie.set_workstation("claire@a.fr", A).unwrap();
    let refused = a.vigie.remove_staff(A, claire).unwrap_err();
    assert_eq!(ErrorPayload::french(&refused).code, ErrorCode::InvalidInput);
    assert!(vigie::error::french::message(&refused).contains("utilisateur de cet ordinateur"), "{refused}");
    let inactive =
        StaffDraft { name: "Claire".into(), email: "claire@a.fr".into(), role: "expert".into(), active: false };
    assert!(matches!(a.vigie.update_staff(A, claire, &inactive), Err(vigie::Error::WorkstationUser { .. })));
    assert!(a.vigie.get_staff(A, claire).unwrap().active, "nothing changed");
    assert_eq!(a.vigie.workstation().unwrap().map(|w| w.member.id), Some(claire));
    // Anyone else goes as usual; and Claire once another user is chosen.
    a.vigie.remove_staff(A, paul).unwrap();
    a.person(A, "Léa", "lea@a.fr", "expert");
    a.vigie.set_workstation("lea@a.fr", A).unwrap();
    a.vigie.remove_staff(A, claire).unwrap();
}

#[test]
fn a_person_added_in_the_window_is_welcomed_by_email_once_the_server_is_set() {
    let a = app();
    a.person(A, "Claire", "claire@a.fr", "expert");
    assert_eq!(a.count("SELECT count(*) FROM outbox"), 0, "no server, no email");
    a.configure_smtp("A");
    let paul = a.person(A, "Paul", "paul@a.fr", "collaborateur");
    let away = StaffDraft { name: "Léa".into(), email: "lea@a.fr".into(), role: "expert".into(), active: false };
    a.vigie.create_staff(A, &away).unwrap();
    let queued: (i64, String, String) = a
        .vigie
        .store()
        .conn()
        .query_row("SELECT recipient_id, template, to_email FROM outbox WHERE status = 'queued'", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!(queued, (paul, "welcome".to_string(), "paul@a.fr".to_string()), "only the active newcomer");
}
