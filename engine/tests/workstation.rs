//! The workstation's user and the pop-up policy: who the computer belongs to, what pops up,
//! what is held for good (muted, quiet hours, paused alerts, channel off), never twice.

use crate::support::cli::{fails, json, ok, run};
use chrono::{DateTime, TimeZone, Utc};
use rusqlite::params;
use std::sync::Arc;
use vigie::app::Vigie;
use vigie::app::inbox::UserRef;
use vigie::clock::{Clock, FixedClock};
use vigie::error::ErrorCode;
use vigie::popups::PopUp;
use vigie::quiet::{QuietHours, parse_time};
use vigie::settings::pause::Pause;

fn utc(text: &str) -> DateTime<Utc> {
    vigie::store::parse_instant(text).unwrap()
}

/// A Vigie on a data folder of its own, with cabinet "A" (Claire, Bob, inactive Ivan) and "B".
struct Desk {
    dir: tempfile::TempDir,
    clock: Arc<FixedClock>,
    vigie: Vigie,
    claire: i64,
    bob: i64,
    a: i64,
}

impl Desk {
    fn new() -> Desk {
        let dir = tempfile::tempdir().unwrap();
        // Wednesday 25 November 2026, 10:00 in Paris.
        let clock = Arc::new(FixedClock::new(Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap()));
        let vigie = Vigie::open(dir.path(), clock.clone()).unwrap();
        let a = vigie.add_cabinet("A", None).unwrap().id;
        let b = vigie.add_cabinet("B", None).unwrap().id;
        let mut desk = Desk { dir, clock, vigie, claire: 0, bob: 0, a };
        desk.claire = desk.staff(a, "Claire", "claire@a.fr", true);
        desk.bob = desk.staff(a, "Bob", "bob@a.fr", true);
        desk.staff(a, "Ivan", "ivan@a.fr", false);
        desk.staff(b, "Claire B", "claire@b.fr", true);
        desk
    }

    fn staff(&self, cabinet: i64, name: &str, email: &str, active: bool) -> i64 {
        let store = self.vigie.store();
        store
            .conn()
            .execute(
                "INSERT INTO staff (cabinet_id, name, email, role, active, created_at)
                 VALUES (?1, ?2, ?3, 'expert', ?4, '2026-01-01T00:00:00Z')",
                params![cabinet, name, email, active],
            )
            .unwrap();
        store.conn().last_insert_rowid()
    }

    /// A notification as a check would raise it; its id.
    fn notify(&self, recipient: i64, kind: &str, title: &str) -> i64 {
        let store = self.vigie.store();
        let n: i64 = store.conn().query_row("SELECT count(*) FROM notifications", [], |r| r.get(0)).unwrap();
        store
            .conn()
            .execute(
                "INSERT INTO notifications
                     (cabinet_id, recipient_id, kind, title, body, subject_type, subject_id, dedup_key, created_at)
                 VALUES (?1, ?2, ?3, ?4, 'Échéance le 26/11/2026 — Client X', 'deadline', ?5, ?6, ?7)",
                params![
                    self.a,
                    recipient,
                    kind,
                    title,
                    n,
                    format!("k{n}"),
                    vigie::store::instant_text(self.clock.now())
                ],
            )
            .unwrap();
        store.conn().last_insert_rowid()
    }

    fn due(&self) -> Vec<PopUp> {
        self.vigie.popups_due(self.clock.now()).unwrap()
    }

    fn claire(&self) -> UserRef {
        UserRef { email: "claire@a.fr".into(), cabinet: None }
    }
}

fn ids(popups: &[PopUp]) -> Vec<Option<i64>> {
    popups.iter().map(|p| p.notification_id).collect()
}

#[test]
fn the_workstation_user_must_exist_and_be_active() {
    let d = Desk::new();
    assert!(d.vigie.workstation().unwrap().is_none());
    let unknown = d.vigie.set_workstation("nobody@a.fr", None).unwrap_err();
    assert_eq!(unknown.code(), ErrorCode::NotFound);
    let inactive = d.vigie.set_workstation("ivan@a.fr", Some("A")).unwrap_err();
    assert_eq!(inactive.code(), ErrorCode::InvalidInput);
    assert!(d.vigie.workstation().unwrap().is_none());
    let w = d.vigie.set_workstation("CLAIRE@a.fr", Some("A")).unwrap();
    assert_eq!((w.member.id, w.cabinet.name.as_str(), w.demo), (d.claire, "A", false));
    assert_eq!(d.vigie.workstation().unwrap(), Some(w));
    d.vigie.clear_workstation().unwrap();
    assert!(d.vigie.workstation().unwrap().is_none());
}

#[test]
fn one_pop_up_per_new_notification_never_twice_across_restarts() {
    let d = Desk::new();
    let before = d.notify(d.claire, "echeance_proche", "Avant le choix du poste");
    d.vigie.set_workstation("claire@a.fr", None).unwrap();
    // Her backlog is in her inbox; only what comes from now on pops up.
    assert!(d.due().is_empty());
    let one = d.notify(d.claire, "echeance_proche", "Échéance demain : TVA — Client X");
    d.notify(d.bob, "echeance_proche", "Pour Bob");
    let popups = d.due();
    assert_eq!(ids(&popups), [Some(one)]);
    assert_eq!(popups[0].title, "Échéance demain : TVA — Client X");
    assert_eq!(popups[0].body, "Échéance le 26/11/2026 — Client X");
    assert!(before < one && d.due().is_empty());
    // The store reopened (the app restarted): still nothing.
    let Desk { dir, clock, vigie, .. } = d;
    drop(vigie);
    let vigie = Vigie::open(dir.path(), clock.clone()).unwrap();
    assert!(vigie.popups_due(clock.now()).unwrap().is_empty());
    let json = serde_json::to_value(&popups[0]).unwrap();
    assert_eq!(json["notification_id"], one);
}

#[test]
fn more_than_three_at_once_become_one_summary() {
    let d = Desk::new();
    d.vigie.set_workstation("claire@a.fr", None).unwrap();
    let three: Vec<_> = (1..=3).map(|i| Some(d.notify(d.claire, "taches_retard", &format!("Tâche {i}")))).collect();
    assert_eq!(ids(&d.due()), three);
    for i in 1..=5 {
        d.notify(d.claire, "taches_retard", &format!("Alerte {i}"));
    }
    let popups = d.due();
    assert_eq!(popups.len(), 1);
    assert_eq!(popups[0].title, "5 nouvelles alertes");
    assert_eq!(popups[0].body, "Alerte 1\nAlerte 2\nAlerte 3\n… et 2 autres");
    assert_eq!(popups[0].notification_id, None);
    assert!(d.due().is_empty());
}

#[test]
fn a_kind_with_pop_ups_off_stays_in_the_inbox_only() {
    let d = Desk::new();
    d.vigie.set_workstation("claire@a.fr", None).unwrap();
    d.vigie.set_channels(&d.claire(), "documents_manquants", None, Some(false)).unwrap();
    d.notify(d.claire, "documents_manquants", "Documents manquants");
    let kept = d.notify(d.claire, "echeance_proche", "Échéance");
    assert_eq!(ids(&d.due()), [Some(kept)]);
    let unread: i64 = d
        .vigie
        .store()
        .conn()
        .query_row("SELECT unread FROM unread_counts WHERE recipient_id = ?1", [d.claire], |r| r.get(0))
        .unwrap();
    assert_eq!(unread, 2);
}

#[test]
fn muted_pop_ups_are_held_for_good_then_resume() {
    let d = Desk::new();
    d.vigie.set_workstation("claire@a.fr", None).unwrap();
    let hour = d.clock.now() + chrono::Duration::hours(1);
    assert_eq!(d.vigie.mute_popups(Some(hour)).unwrap(), Pause::Until { until: hour });
    assert_eq!(d.vigie.popups_muted_until().unwrap(), Pause::Until { until: hour });
    d.notify(d.claire, "echeance_proche", "Pendant la sourdine");
    assert!(d.due().is_empty());
    // The mute ends by itself; what came during it does not pop up afterwards.
    d.clock.set(hour);
    assert_eq!(d.vigie.popups_muted_until().unwrap(), Pause::No);
    assert!(d.due().is_empty());
    let after = d.notify(d.claire, "echeance_proche", "Après");
    assert_eq!(ids(&d.due()), [Some(after)]);
    // Until tomorrow 9 h, resumed by hand.
    let nine = d.vigie.tomorrow_at_nine().unwrap();
    assert_eq!(nine, utc("2026-11-26T08:00:00Z"));
    d.vigie.mute_popups(Some(nine)).unwrap();
    d.notify(d.claire, "echeance_proche", "Muet");
    assert!(d.due().is_empty());
    d.vigie.resume_popups().unwrap();
    let resumed = d.notify(d.claire, "echeance_proche", "Repris");
    assert_eq!(ids(&d.due()), [Some(resumed)]);
    assert_eq!(d.vigie.mute_popups(Some(d.clock.now())).unwrap_err().code(), ErrorCode::InvalidInput);
}

#[test]
fn a_paused_cabinet_pops_nothing() {
    let d = Desk::new();
    d.vigie.set_workstation("claire@a.fr", None).unwrap();
    let a = d.vigie.cabinets(Some("A")).unwrap().remove(0);
    d.vigie.pause_alerts(&a, None).unwrap();
    d.notify(d.claire, "echeance_proche", "En pause");
    assert!(d.due().is_empty());
    d.vigie.resume_alerts(&a).unwrap();
    assert!(d.due().is_empty(), "held for good");
    let next = d.notify(d.claire, "echeance_proche", "Reprise");
    assert_eq!(ids(&d.due()), [Some(next)]);
}

#[test]
fn quiet_hours_span_midnight_in_the_cabinet_timezone_across_dst() {
    let d = Desk::new();
    d.vigie.set_workstation("claire@a.fr", None).unwrap();
    let night = QuietHours::new(parse_time("19:00").unwrap(), parse_time("08:00").unwrap()).unwrap();
    assert_eq!(d.vigie.set_quiet_hours(&d.claire(), Some(night)).unwrap(), Some(night));
    let at = |instant: &str, title: &str| {
        d.clock.set(utc(instant));
        let id = d.notify(d.claire, "echeance_proche", title);
        (id, d.due())
    };
    // 23:30 and 07:30 in Paris (CET, UTC+1): quiet; 08:00: not.
    assert!(at("2026-11-25T22:30:00Z", "Soir").1.is_empty());
    assert!(at("2026-11-26T06:30:00Z", "Matin").1.is_empty());
    let (id, popups) = at("2026-11-26T07:00:00Z", "Huit heures");
    assert_eq!(ids(&popups), [Some(id)]);
    // The night the clocks go forward: 06:30 UTC is 07:30 CET on Saturday (quiet) but 08:30
    // CEST on Sunday (not).
    assert!(at("2026-03-28T06:30:00Z", "Samedi").1.is_empty());
    let (id, popups) = at("2026-03-29T06:30:00Z", "Dimanche");
    assert_eq!(ids(&popups), [Some(id)]);
    // 18:30 UTC is 19:30 CEST in summer (quiet), 19:30 CET after the clocks go back.
    assert!(at("2026-10-24T17:30:00Z", "Été").1.is_empty());
    assert!(at("2026-10-25T18:30:00Z", "Hiver").1.is_empty());
    let (id, popups) = at("2026-10-25T17:30:00Z", "Hiver avant 19 h");
    assert_eq!(ids(&popups), [Some(id)]);
    assert_eq!(d.vigie.set_quiet_hours(&d.claire(), None).unwrap(), None);
}

#[test]
fn the_demo_is_a_cabinet_of_its_own_that_leaving_removes_entirely() {
    let d = Desk::new();
    d.notify(d.claire, "echeance_proche", "Chez A");
    let w = d.vigie.start_demo().unwrap();
    assert_eq!(
        (w.cabinet.name.as_str(), w.member.email.as_str(), w.demo),
        ("Cabinet Démo", "claire.moreau@cabinet-demo.fr", true)
    );
    assert_eq!(d.vigie.start_demo().unwrap_err().code(), ErrorCode::AlreadyExists);
    // Its first check, found at start-up: many alerts at once, one summary.
    d.vigie.check(Some("Cabinet Démo"), None).unwrap();
    let popups = d.due();
    assert_eq!(popups.len(), 1, "{popups:?}");
    assert!(popups[0].title.ends_with("nouvelles alertes"), "{}", popups[0].title);
    assert!(d.vigie.leave_demo().unwrap());
    assert!(!d.vigie.leave_demo().unwrap());
    assert!(d.vigie.workstation().unwrap().is_none());
    let names: Vec<String> = d.vigie.list_cabinets().unwrap().into_iter().map(|c| c.name).collect();
    assert_eq!(names, ["A", "B"]);
    let store = d.vigie.store();
    let count = |sql: &str| -> i64 { store.conn().query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT count(*) FROM staff"), 4);
    assert_eq!(count("SELECT count(*) FROM notifications"), 1);
    assert_eq!(count("SELECT count(*) FROM clients"), 0);
    assert_eq!(count("SELECT count(*) FROM deadlines"), 0);
    drop(store);
    // A second demo takes the name back.
    assert_eq!(d.vigie.start_demo().unwrap().cabinet.name, "Cabinet Démo");
}

#[test]
fn the_command_line_sets_shows_and_clears_the_workstation_and_quiet_hours() {
    let d = Desk::new();
    let dir = d.dir.path().to_path_buf();
    drop(d.vigie);
    let now = "2026-11-25T09:00:00Z";
    let set = json(&dir, now, &["workstation", "--user", "claire@a.fr", "--cabinet", "A"]);
    assert_eq!(set["workstation"]["member"]["email"], "claire@a.fr");
    assert!(ok(&dir, now, &["workstation"]).contains("Claire <claire@a.fr>, cabinet « A »"));
    assert!(fails(&dir, now, &["workstation", "--user", "ivan@a.fr"], 1).contains("ivan@a.fr is inactive"));
    let inactive = run(&dir, now, &["--json", "workstation", "--user", "ivan@a.fr"]);
    let payload: serde_json::Value = serde_json::from_slice(&inactive.stdout).unwrap();
    assert_eq!(payload["code"], "invalid_input");
    assert!(ok(&dir, now, &["workstation", "--clear"]).contains("n'a plus d'utilisateur"));
    assert_eq!(json(&dir, now, &["workstation"])["workstation"], serde_json::Value::Null);
    let quiet = json(&dir, now, &["staff", "quiet", "--user", "claire@a.fr", "--from", "19:00", "--until", "08:00"]);
    assert_eq!(quiet["quiet_hours"], serde_json::json!({ "from": "19:00", "until": "08:00" }));
    assert!(ok(&dir, now, &["staff", "quiet", "--user", "claire@a.fr"]).contains("de 19:00 à 08:00"));
    assert!(ok(&dir, now, &["staff", "quiet", "--user", "claire@a.fr", "--none"]).contains("Pas d'heures calmes"));
    let popup =
        ok(&dir, now, &["staff", "channels", "--user", "claire@a.fr", "--kind", "taches_retard", "--popup", "off"]);
    assert!(popup.lines().any(|l| l.starts_with("taches_retard") && l.ends_with("non")), "{popup}");
    fails(&dir, now, &["staff", "quiet", "--user", "claire@a.fr", "--from", "19:00", "--until", "19:00"], 1);
}
