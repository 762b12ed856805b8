//! The detection rules of `check`, through the engine's public API.

use crate::support::firm::{Firm, date};

#[test]
fn a_deadline_reminds_at_each_step_once() {
    let mut f = Firm::new();
    let claire = f.staff("Claire", "claire@a.fr", "collaborateur");
    let client = f.client("SARL Dupont", None);
    let d = f.deadline(client, "TVA CA3 de novembre", "2026-12-10", Some(claire));

    // 8 days out: beyond the horizon.
    assert_eq!(f.check("2026-12-02").created.echeance_proche, 0);
    // 7, 6, 5, 4 days out: J-7 once.
    assert_eq!(f.check("2026-12-03").created.echeance_proche, 1);
    for day in ["2026-12-04", "2026-12-05", "2026-12-06"] {
        assert_eq!(f.check(day).created.echeance_proche, 0, "{day}");
    }
    // 3 then 2 days out: J-3 once.
    assert_eq!(f.check("2026-12-07").created.echeance_proche, 1);
    assert_eq!(f.check("2026-12-08").created.echeance_proche, 0);
    // 1 day out, due today, then past due.
    assert_eq!(f.check("2026-12-09").created.echeance_proche, 1);
    assert_eq!(f.check("2026-12-10").created.echeance_proche, 1);
    assert_eq!(f.check("2026-12-11").created.echeance_proche, 1);
    assert_eq!(f.check("2026-12-20").created.echeance_proche, 0);
    assert_eq!(
        f.keys(claire),
        [
            format!("deadline:{d}:J-0"),
            format!("deadline:{d}:J-1"),
            format!("deadline:{d}:J-3"),
            format!("deadline:{d}:J-7"),
            format!("deadline:{d}:depassee"),
        ]
    );
    let titles: Vec<String> = f.inbox(claire).into_iter().map(|n| n.title).collect();
    assert_eq!(titles[0], "Échéance dépassée : TVA CA3 de novembre — SARL Dupont");
    assert_eq!(titles[1], "Échéance aujourd'hui : TVA CA3 de novembre — SARL Dupont");
    assert_eq!(titles[2], "Échéance demain : TVA CA3 de novembre — SARL Dupont");
    assert_eq!(titles[4], "Échéance dans 7 jours : TVA CA3 de novembre — SARL Dupont");
}

#[test]
fn a_first_check_two_days_out_raises_j3_only() {
    let mut f = Firm::new();
    let claire = f.staff("Claire", "claire@a.fr", "collaborateur");
    let client = f.client("SARL Dupont", None);
    let d = f.deadline(client, "DSN", "2026-11-27", Some(claire));
    let report = f.check("2026-11-25");
    assert_eq!(report.created.echeance_proche, 1);
    assert_eq!(f.keys(claire), [format!("deadline:{d}:J-3")]);
    let n = &f.inbox(claire)[0];
    assert_eq!(n.title, "Échéance dans 2 jours : DSN — SARL Dupont");
    assert_eq!(n.body, "DSN pour SARL Dupont est à rendre le vendredi 27 novembre 2026.");
}

#[test]
fn done_deadlines_are_silent() {
    let mut f = Firm::new();
    let claire = f.staff("Claire", "claire@a.fr", "expert");
    let client = f.client("SARL Dupont", None);
    f.deadline_in(&f.cabinet.clone(), client, "CFE", "2026-11-26", Some(claire), "faite");
    f.deadline_in(&f.cabinet.clone(), client, "IS", "2026-11-20", Some(claire), "faite");
    assert_eq!(f.check("2026-11-25").created.total(), 0);
}

#[test]
fn steps_and_horizon_are_settings() {
    let mut f = Firm::new();
    let claire = f.staff("Claire", "claire@a.fr", "collaborateur");
    let client = f.client("SARL Dupont", None);
    let d = f.deadline(client, "Liasse", "2026-12-09", Some(claire));
    vigie::settings::set(&mut f.store, f.cabinet.id, "echeance.horizon_days", "15").unwrap();
    vigie::settings::set(&mut f.store, f.cabinet.id, "echeance.steps", "14,2").unwrap();
    assert_eq!(f.check("2026-11-25").created.echeance_proche, 1);
    assert_eq!(f.check("2026-12-06").created.echeance_proche, 0);
    assert_eq!(f.check("2026-12-07").created.echeance_proche, 1);
    // Due today is past every step: no J-0 reminder when 0 is not a step.
    assert_eq!(f.check("2026-12-09").created.echeance_proche, 0);
    assert_eq!(f.keys(claire), [format!("deadline:{d}:J-14"), format!("deadline:{d}:J-2")]);
}

#[test]
fn missing_documents_remind_once_per_iso_week() {
    let mut f = Firm::new();
    let paul = f.staff("Paul", "paul@a.fr", "collaborateur");
    let client = f.client("SCI Les Tilleuls", None);
    let doc = f.document(client, "Relevés bancaires", "2026-11-02", "2026-11-30", None, Some(paul));
    f.document(client, "Factures", "2026-11-02", "2026-12-15", None, Some(paul)); // beyond 7 days
    f.document(client, "Inventaire", "2026-11-02", "2026-11-20", Some("2026-11-19"), Some(paul)); // received
    f.document(client, "Bilan N-1", "2026-12-10", "2026-12-10", None, Some(paul)); // not yet requested

    // Wednesday 25 November 2026 is in ISO week 48.
    assert_eq!(f.check("2026-11-25").created.documents_manquants, 1);
    assert_eq!(f.check("2026-11-27").created.documents_manquants, 0);
    assert_eq!(f.check("2026-11-29").created.documents_manquants, 0);
    // Monday of week 49, and the document is now past due: one more reminder that week.
    assert_eq!(f.check("2026-11-30").created.documents_manquants, 1);
    assert_eq!(f.check("2026-12-04").created.documents_manquants, 0);
    let keys: Vec<String> = f.keys(paul).into_iter().filter(|k| k.starts_with("document")).collect();
    assert_eq!(keys, [format!("document:{doc}:2026-W48"), format!("document:{doc}:2026-W49")]);
    let n = &f.inbox(paul)[1];
    assert_eq!(n.title, "Document manquant : Relevés bancaires — SCI Les Tilleuls");
    assert!(n.body.contains("demandé le 02/11/2026"), "{}", n.body);
}

#[test]
fn iso_week_keys_follow_the_iso_year() {
    let mut f = Firm::new();
    let paul = f.staff("Paul", "paul@a.fr", "collaborateur");
    let client = f.client("SCI Les Tilleuls", None);
    let doc = f.document(client, "Relevés", "2026-12-01", "2026-12-20", None, Some(paul));
    // Friday 1 January 2027 belongs to ISO week 53 of 2026.
    f.check("2027-01-01");
    assert_eq!(f.keys(paul), [format!("document:{doc}:2026-W53")]);
}

#[test]
fn late_tasks_alert_once() {
    let mut f = Firm::new();
    let lea = f.staff("Léa", "lea@a.fr", "assistant");
    let t = f.task(None, "Relancer la banque", "2026-11-24", Some(lea), "en_cours");
    f.task(None, "Classer", "2026-11-25", Some(lea), "a_faire"); // due today: not late yet
    f.task(None, "Archiver", "2026-11-01", Some(lea), "terminee");
    assert_eq!(f.check("2026-11-25").created.taches_retard, 1);
    assert_eq!(f.check("2026-11-26").created.taches_retard, 1); // "Classer" now late
    assert_eq!(f.check("2026-12-10").created.taches_retard, 0);
    assert!(f.keys(lea).contains(&format!("task:{t}:overdue")));
    let late = f.inbox(lea);
    assert!(late.iter().any(|n| n.title == "Tâche en retard : Relancer la banque"));
}

#[test]
fn important_events_within_two_days_alert_once() {
    let mut f = Firm::new();
    let claire = f.staff("Claire", "claire@a.fr", "expert");
    let paul = f.staff("Paul", "paul@a.fr", "collaborateur");
    let client = f.client("SAS Horizon", None);
    // 27 Nov 23:30 Paris = 22:30 UTC: still within D+2 for D = 25 Nov.
    let ago = f.event(Some(client), "AGO", "2026-11-27T22:30:00Z", "haute", Some(paul));
    // 28 Nov 00:30 Paris = 27 Nov 23:30 UTC: D+3 in Paris, outside.
    f.event(Some(client), "Contrôle fiscal", "2026-11-27T23:30:00Z", "haute", None);
    f.event(None, "Pot de départ", "2026-11-26T16:00:00Z", "normale", None);
    let report = f.check("2026-11-25");
    assert_eq!(report.created.evenement_important, 1);
    assert_eq!(f.keys(paul), [format!("event:{ago}")]);
    assert!(f.keys(claire).is_empty());
    let n = &f.inbox(paul)[0];
    assert_eq!(n.title, "Événement important dans 2 jours : AGO — SAS Horizon");
    assert_eq!(n.body, "« AGO » a lieu le vendredi 27 novembre 2026 à 23:30.");
    // The next day the audit is within range and goes to everyone (no audience).
    assert_eq!(f.check("2026-11-26").created.evenement_important, 2);
    assert_eq!(f.check("2026-11-27").created.evenement_important, 0);
}

#[test]
fn deadline_recipients_fall_back_from_assignee_to_manager_to_experts() {
    let mut f = Firm::new();
    let expert1 = f.staff("Expert Un", "e1@a.fr", "expert");
    let expert2 = f.staff("Expert Deux", "e2@a.fr", "expert");
    let gone_expert = f.staff_in(&f.cabinet.clone(), "Ancien", "old@a.fr", "expert", false);
    let manager = f.staff("Manager", "m@a.fr", "collaborateur");
    let assignee = f.staff("Assignee", "a@a.fr", "collaborateur");
    let gone = f.staff_in(&f.cabinet.clone(), "Parti", "gone@a.fr", "collaborateur", false);
    let managed = f.client("Géré", Some(manager));
    let orphan = f.client("Orphelin", None);
    let managed_by_gone = f.client("Géré par un absent", Some(gone));

    let d1 = f.deadline(managed, "D1", "2026-11-26", Some(assignee));
    let d2 = f.deadline(managed, "D2", "2026-11-26", None);
    let d3 = f.deadline(orphan, "D3", "2026-11-26", None);
    let d4 = f.deadline(managed, "D4", "2026-11-26", Some(gone));
    let d5 = f.deadline(managed_by_gone, "D5", "2026-11-26", Some(gone));
    f.check("2026-11-25");

    assert_eq!(f.keys(assignee), [format!("deadline:{d1}:J-1")]);
    assert_eq!(f.keys(manager), [format!("deadline:{d2}:J-1"), format!("deadline:{d4}:J-1")]);
    for expert in [expert1, expert2] {
        assert_eq!(f.keys(expert), [format!("deadline:{d3}:J-1"), format!("deadline:{d5}:J-1")]);
    }
    assert!(f.keys(gone).is_empty());
    assert!(f.keys(gone_expert).is_empty());
}

#[test]
fn document_task_and_event_recipients() {
    let mut f = Firm::new();
    let expert = f.staff("Expert", "e@a.fr", "expert");
    let manager = f.staff("Manager", "m@a.fr", "collaborateur");
    let owner = f.staff("Owner", "o@a.fr", "assistant");
    let gone = f.staff_in(&f.cabinet.clone(), "Parti", "gone@a.fr", "assistant", false);
    let client = f.client("Client", Some(manager));
    let doc_owned = f.document(client, "A", "2026-11-01", "2026-11-26", None, Some(owner));
    let doc_managed = f.document(client, "B", "2026-11-01", "2026-11-26", None, None);
    let task = f.task(Some(client), "T", "2026-11-20", Some(owner), "a_faire");
    let task_gone = f.task(None, "T2", "2026-11-20", Some(gone), "a_faire");
    let event_all = f.event(None, "Séminaire", "2026-11-26T09:00:00Z", "haute", None);
    let event_gone = f.event(None, "RDV", "2026-11-26T10:00:00Z", "haute", Some(gone));
    f.check("2026-11-25");

    assert_eq!(
        f.keys(owner),
        [
            format!("document:{doc_owned}:2026-W48"),
            format!("event:{event_all}"),
            format!("event:{event_gone}"),
            format!("task:{task}:overdue")
        ]
    );
    assert_eq!(
        f.keys(manager),
        [format!("document:{doc_managed}:2026-W48"), format!("event:{event_all}"), format!("event:{event_gone}")]
    );
    assert_eq!(
        f.keys(expert),
        [format!("event:{event_all}"), format!("event:{event_gone}"), format!("task:{task_gone}:overdue")]
    );
    assert!(f.keys(gone).is_empty());
}

#[test]
fn the_report_groups_new_notifications_by_recipient() {
    let mut f = Firm::new();
    let claire = f.staff("Claire", "claire@a.fr", "expert");
    let client = f.client("X", None);
    f.deadline(client, "A", "2026-11-26", Some(claire));
    f.deadline(client, "B", "2026-11-27", Some(claire));
    let report = f.check("2026-11-25");
    assert_eq!(report.date, date("2026-11-25"));
    assert_eq!(report.new_by_recipient.len(), 1);
    let ids = &report.new_by_recipient[&claire];
    let inbox: Vec<i64> = f.inbox(claire).iter().map(|n| n.id).collect();
    assert_eq!(ids.len(), 2);
    assert!(ids.iter().all(|id| inbox.contains(id)));
}

#[test]
fn a_large_check_writes_each_alert_once_per_recipient_in_the_order_found() {
    // More alerts than one insert statement takes (they are written by the hundred), spread
    // over three people, some of them shared by both experts (a deadline with nobody to ask).
    let mut f = Firm::new();
    let claire = f.staff("Claire", "claire@a.fr", "expert");
    let paul = f.staff("Paul", "paul@a.fr", "expert");
    let lea = f.staff("Léa", "lea@a.fr", "collaborateur");
    let client = f.client("SARL Dupont", None);
    let people = [Some(claire), Some(lea), None];
    let mut labels: std::collections::HashMap<i64, Vec<String>> = std::collections::HashMap::new();
    for i in 0..330 {
        let who = people[i % 3];
        let label = format!("Échéance {i:03}");
        // One due date each, in the order of i: all of them past due on the day checked.
        let due = date("2025-12-01") + chrono::Days::new(i as u64);
        f.deadline(client, &label, &due.to_string(), who);
        for r in who.map_or(vec![claire, paul], |p| vec![p]) {
            labels.entry(r).or_default().push(label.clone());
        }
    }
    let report = f.check("2026-11-25");
    assert_eq!(report.created.echeance_proche, 440);
    for (person, expected) in [(claire, 220), (paul, 110), (lea, 110)] {
        let ids = &report.new_by_recipient[&person];
        let inbox = f.inbox(person);
        assert_eq!(ids.len(), expected);
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "ids sorted");
        let mut listed: Vec<i64> = inbox.iter().map(|n| n.id).collect();
        listed.sort_unstable();
        assert_eq!(&listed, ids);
        // Newest first in the inbox: the deadlines in the reverse of the order found (due date),
        // as when they were written one by one.
        let titles: Vec<String> =
            inbox.iter().rev().map(|n| n.title.split(" : ").nth(1).unwrap().to_string()).collect();
        let expected: Vec<String> = labels[&person].iter().map(|l| format!("{l} — SARL Dupont")).collect();
        assert_eq!(titles, expected);
    }
    assert_eq!(f.count("SELECT count(*) FROM alert_keys"), 440);
    assert_eq!(f.count("SELECT sum(unread) FROM unread_counts"), 440);
    assert_eq!(f.check("2026-11-25").created.total(), 0);
    assert_eq!(f.count("SELECT count(*) FROM notifications"), 440);
}
