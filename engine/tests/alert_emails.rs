//! The alert emails a check queues: one per recipient and kind, bounded in size.

use crate::support::firm::Firm;
use vigie::clock::Clock as _;
use vigie::email::alerts::{MAX_ITEMS, queue_pending};
use vigie::email::templates::Templates;

#[test]
fn a_long_list_is_cut_and_counted() {
    let mut f = Firm::new();
    f.configure_smtp();
    let lea = f.staff("Léa", "lea@a.fr", "expert");
    let late = MAX_ITEMS + 10;
    for i in 0..late {
        f.task(None, &format!("Tâche {i}"), "2026-11-20", Some(lea), "a_faire");
    }
    f.check("2026-11-25");
    let cabinet = f.cabinet.clone();
    let queued = queue_pending(
        &mut f.store,
        &cabinet,
        crate::support::firm::date("2026-11-25"),
        &Templates::builtin(),
        f.clock.now(),
    )
    .unwrap();
    assert_eq!(queued, 1);
    let (subject, text, html): (String, String, String) = f
        .store
        .conn()
        .query_row("SELECT subject, body_text, body_html FROM outbox", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap();
    assert_eq!(subject, format!("{late} tâches en retard"));
    assert!(text.contains(&format!("{late} tâches ont dépassé leur date prévue")), "{text}");
    assert!(text.contains("… et 10 autres dans Vigie."), "{text}");
    assert!(html.contains("… et 10 autres dans Vigie."));
    assert_eq!(text.matches("\n- Tâche ").count(), MAX_ITEMS, "{text}");
    // All of them were handled: nothing stays pending.
    assert_eq!(vigie::email::alerts::pending(&f.store, &cabinet).unwrap(), 0);
}
