//! Two cabinets in one store, with the same staff email and the same client SIREN, never see
//! each other's rows in any listing, count or check.

use crate::support::firm::{Firm, date};
use vigie::cabinet::Cabinet;
use vigie::clock::Clock as _;
use vigie::import::{ImportKind, import_text};
use vigie::inbox::{self, Filter};
use vigie::staff;

const SIREN: &str = "732829320";

fn twin_firms() -> (Firm, Cabinet, Cabinet) {
    let mut f = Firm::new();
    let a = f.cabinet.clone();
    let b = f.add_cabinet("B");
    let now = f.clock.now();
    for (cabinet, who) in [(&a, "Claire A"), (&b, "Claire B")] {
        let staff = format!("name;email;role\n{who};claire@cabinet.fr;expert\n");
        import_text(&mut f.store, cabinet, ImportKind::Staff, "staff.csv", &staff, false, now).unwrap();
        let clients = format!("name;siren;manager_email\nClient de {who};{SIREN};claire@cabinet.fr\n");
        import_text(&mut f.store, cabinet, ImportKind::Clients, "clients.csv", &clients, false, now).unwrap();
    }
    let deadlines_a = format!(
        "client_siren;kind;label;due_date\n{SIREN};tva_ca3;TVA de A;2026-11-26\n{SIREN};dsn;DSN de A;2026-11-27\n"
    );
    import_text(&mut f.store, &a, ImportKind::Deadlines, "d.csv", &deadlines_a, false, now).unwrap();
    let deadlines_b = format!("client_siren;kind;label;due_date\n{SIREN};tva_ca3;TVA de B;2026-11-26\n");
    import_text(&mut f.store, &b, ImportKind::Deadlines, "d.csv", &deadlines_b, false, now).unwrap();
    (f, a, b)
}

#[test]
fn checks_inboxes_and_counts_stay_within_their_cabinet() {
    let (mut f, a, b) = twin_firms();
    let report_b = f.check_cabinet(&b, "2026-11-25");
    assert_eq!(report_b.created.echeance_proche, 1);
    let report_a = f.check_cabinet(&a, "2026-11-25");
    assert_eq!(report_a.created.echeance_proche, 2);

    let claire_a = staff::by_email(&f.store, a.id, "claire@cabinet.fr").unwrap().unwrap();
    let claire_b = staff::by_email(&f.store, b.id, "CLAIRE@cabinet.fr").unwrap().unwrap();
    assert_ne!(claire_a.id, claire_b.id);
    let titles = |m| -> Vec<String> {
        inbox::list(&f.store, m, &Filter::default()).unwrap().into_iter().map(|n| n.title).collect()
    };
    let inbox_a = titles(&claire_a);
    let inbox_b = titles(&claire_b);
    assert_eq!(inbox_a.len(), 2);
    assert!(inbox_a.iter().all(|t| t.contains("de A")), "{inbox_a:?}");
    assert_eq!(inbox_b, ["Échéance demain : TVA de B — Client de Claire B"]);
    assert_eq!(inbox::unread_count(&f.store, &claire_a).unwrap(), 2);
    assert_eq!(inbox::unread_count(&f.store, &claire_b).unwrap(), 1);

    // Reading everything in B leaves A untouched; B cannot read A's notification by id.
    let a_first = inbox::list(&f.store, &claire_a, &Filter::default()).unwrap()[0].id;
    assert!(inbox::mark_read(&f.store, &claire_b, a_first, "2026-11-25T10:00:00Z").is_err());
    assert_eq!(inbox::mark_all_read(&f.store, &claire_b, "2026-11-25T10:00:00Z").unwrap(), 1);
    assert_eq!(inbox::unread_count(&f.store, &claire_a).unwrap(), 2);

    // Maintenance of one cabinet touches only that cabinet.
    vigie::status::status_update(&mut f.store, &b, date("2026-12-31")).unwrap();
    let a_open = f.count(&format!("SELECT count(*) FROM deadlines WHERE cabinet_id = {} AND status = 'a_faire'", a.id));
    assert_eq!(a_open, 2);
    vigie::cleanup::cleanup(&mut f.store, &b, date("2027-06-01")).unwrap();
    assert_eq!(inbox::unread_count(&f.store, &claire_a).unwrap(), 2);
    assert_eq!(f.count(&format!("SELECT count(*) FROM notifications WHERE cabinet_id = {}", a.id)), 2);
}

#[test]
fn the_same_email_needs_a_cabinet_to_be_found() {
    let (f, a, _) = twin_firms();
    let err = staff::find_user(&f.store, "claire@cabinet.fr", None).unwrap_err().to_string();
    assert!(err.contains("several cabinets"), "{err}");
    let (cabinet, member) = staff::find_user(&f.store, "claire@cabinet.fr", Some("A")).unwrap();
    assert_eq!(cabinet.id, a.id);
    assert_eq!(member.name, "Claire A");
}

#[test]
fn an_import_resolves_sirens_and_emails_in_its_own_cabinet_only() {
    let (mut f, _, _) = twin_firms();
    let c = f.add_cabinet("C");
    let deadlines =
        format!("client_siren;kind;label;due_date;assignee_email\n{SIREN};tva;X;2026-11-26;claire@cabinet.fr\n");
    let err = import_text(&mut f.store, &c, ImportKind::Deadlines, "d.csv", &deadlines, false, f.clock.now())
        .unwrap_err()
        .to_string();
    assert!(err.contains("d.csv:2: client_siren: no client with SIREN 732829320 in this cabinet"), "{err}");
    assert!(
        err.contains("d.csv:2: assignee_email: no staff member with email claire@cabinet.fr in this cabinet"),
        "{err}"
    );
}
