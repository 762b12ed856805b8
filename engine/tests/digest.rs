//! The weekly digest: per active staff member, what the week holds; nobody gets an empty one.

use crate::support::firm::{Firm, date};
use vigie::clock::Clock as _;
use vigie::email::digest::queue_weekly;
use vigie::email::templates::Templates;

fn configure(f: &Firm) {
    f.configure_smtp();
}

/// (to, subject, text) of every queued email.
fn outbox(f: &Firm) -> Vec<(String, String, String)> {
    let mut stmt = f.store.conn().prepare("SELECT to_email, subject, body_text FROM outbox ORDER BY to_email").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect()
}

#[test]
fn each_active_member_gets_their_week_and_nobody_an_empty_digest() {
    let mut f = Firm::new();
    configure(&f);
    let anne = f.staff("Anne", "anne@a.fr", "collaborateur");
    let bruno = f.staff("Bruno", "bruno@a.fr", "collaborateur");
    let _chloe = f.staff("Chloé", "chloe@a.fr", "assistant"); // nothing this week
    let gone = f.staff_in(&f.cabinet.clone(), "Parti", "gone@a.fr", "expert", false);
    let _expert = f.staff("Expert", "expert@a.fr", "expert");
    let client = f.client("SARL Dupont", Some(anne));
    f.deadline(client, "TVA CA3 de novembre", "2026-12-03", Some(anne));
    f.deadline(client, "Liasse", "2026-12-20", Some(anne)); // beyond 7 days
    f.document(client, "Relevés bancaires", "2026-11-01", "2026-11-27", None, None); // manager: Anne
    f.task(None, "Relancer la banque", "2026-11-20", Some(bruno), "en_cours");
    f.task(None, "Tâche du parti", "2026-11-20", Some(gone), "a_faire"); // falls to the expert
    // Monday 30 November 2026; the expert also has unread alerts from a check.
    f.check("2026-11-30");
    let templates = Templates::builtin();
    let cabinet = f.cabinet.clone();
    let n = queue_weekly(&mut f.store, &cabinet, date("2026-11-30"), &templates, f.clock.now()).unwrap();
    let emails = outbox(&f);
    assert_eq!(n, 3);
    let to: Vec<&str> = emails.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(to, ["anne@a.fr", "bruno@a.fr", "expert@a.fr"]);

    let (_, subject, text) = &emails[0];
    assert_eq!(subject, "Votre semaine : 1 échéance, 1 document manquant, 2 alertes non lues");
    assert!(text.contains("Voici votre résumé de la semaine du lundi 30 novembre 2026."), "{text}");
    assert!(text.contains("- SARL Dupont : TVA CA3 de novembre, le jeudi 3 décembre 2026"), "{text}");
    assert!(text.contains("- SARL Dupont : Relevés bancaires, attendu le vendredi 27 novembre 2026"), "{text}");
    assert!(!text.contains("Liasse"), "{text}");

    let (_, subject, text) = &emails[1];
    assert_eq!(subject, "Votre semaine : 1 tâche en retard, 1 alerte non lue");
    assert!(text.contains("- Relancer la banque, prévue le vendredi 20 novembre 2026"), "{text}");

    let (_, subject, _) = &emails[2];
    assert_eq!(subject, "Votre semaine : 1 tâche en retard, 1 alerte non lue");
    // However often the job runs that week, one digest each.
    let again = queue_weekly(&mut f.store, &cabinet, date("2026-12-02"), &templates, f.clock.now()).unwrap();
    assert_eq!(again, 0);
    assert_eq!(outbox(&f).len(), 3);
}

#[test]
fn the_digest_respects_the_channel_preference_and_needs_smtp() {
    let mut f = Firm::new();
    let anne = f.staff("Anne", "anne@a.fr", "expert");
    f.task(None, "T", "2026-11-20", Some(anne), "a_faire");
    let templates = Templates::builtin();
    let cabinet = f.cabinet.clone();
    // No SMTP server: nothing is queued.
    assert_eq!(queue_weekly(&mut f.store, &cabinet, date("2026-11-30"), &templates, f.clock.now()).unwrap(), 0);
    configure(&f);
    let member = f.member(anne);
    vigie::email::channels::set(&f.store, &member, "resume_hebdomadaire", Some(false), None).unwrap();
    assert_eq!(queue_weekly(&mut f.store, &cabinet, date("2026-11-30"), &templates, f.clock.now()).unwrap(), 0);
    vigie::email::channels::set(&f.store, &member, "resume_hebdomadaire", Some(true), None).unwrap();
    assert_eq!(queue_weekly(&mut f.store, &cabinet, date("2026-11-30"), &templates, f.clock.now()).unwrap(), 1);
    f.check("2026-11-30");
}
