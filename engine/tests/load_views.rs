//! Seeing the load through the application layer: the deadlines calendar (days, closeness at
//! its boundaries, filters, per-day counts) and the workload (buckets at 7 and 30 days, done
//! items left out, late counted), each cabinet seeing only its own rows.

use chrono::{NaiveDate, TimeZone, Utc};
use std::sync::Arc;
use vigie::app::Vigie;
use vigie::clock::{Clock, FixedClock};
use vigie::error::ErrorCode;
use vigie::firm::calendar::{CalendarFilter, Closeness, DeadlineCalendar};
use vigie::firm::clients::ClientDraft;
use vigie::firm::deadlines::DeadlineDraft;
use vigie::firm::staff::StaffDraft;
use vigie::firm::tasks::TaskDraft;
use vigie::firm::workload::{Load, Workload};

const A: Option<&str> = Some("A");
const B: Option<&str> = Some("B");

/// Two cabinets, A and B, and a clock at 2026-11-25 08:00 UTC (09:00 in Paris).
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
    fn person(&self, cabinet: Option<&str>, name: &str, email: &str) -> i64 {
        let draft = StaffDraft { name: name.into(), email: email.into(), role: "collaborateur".into(), active: true };
        self.vigie.create_staff(cabinet, &draft).unwrap().id
    }

    fn client(&self, cabinet: Option<&str>, name: &str) -> i64 {
        let draft = ClientDraft { name: name.into(), ..ClientDraft::default() };
        self.vigie.create_client(cabinet, &draft).unwrap().id
    }

    fn deadline(
        &self,
        cabinet: Option<&str>,
        client: i64,
        kind: &str,
        due: &str,
        status: &str,
        who: Option<i64>,
    ) -> i64 {
        let draft = DeadlineDraft {
            client_id: Some(client),
            kind: kind.into(),
            label: format!("{kind} {due}"),
            due_date: due.into(),
            status: status.into(),
            assignee_id: who,
            period: String::new(),
        };
        self.vigie.create_deadline(cabinet, &draft).unwrap().id
    }

    fn task(&self, cabinet: Option<&str>, title: &str, due: &str, status: &str, who: Option<i64>) -> i64 {
        let draft = TaskDraft {
            title: title.into(),
            due_date: due.into(),
            status: status.into(),
            assignee_id: who,
            ..TaskDraft::default()
        };
        self.vigie.create_task(cabinet, &draft).unwrap().id
    }

    fn calendar(&self, cabinet: Option<&str>, from: &str, to: &str, filter: CalendarFilter) -> DeadlineCalendar {
        self.vigie.deadline_calendar(cabinet, date(from), date(to), &filter).unwrap()
    }

    fn workload(&self, cabinet: Option<&str>) -> Workload {
        self.vigie.workload(cabinet).unwrap()
    }
}

/// Each listed deadline's label and closeness, day by day.
fn closeness(calendar: &DeadlineCalendar) -> Vec<(String, Closeness)> {
    calendar.days.iter().flat_map(|d| d.entries.iter().map(|e| (e.label.clone(), e.closeness))).collect()
}

#[test]
fn the_calendar_groups_by_day_in_order_with_open_ones_first() {
    let app = app();
    let claire = app.person(A, "Claire Moreau", "claire@a.fr");
    let zola = app.client(A, "Zola SARL");
    let atelier = app.client(A, "Atelier Brun");
    app.deadline(A, zola, "tva_ca3", "2026-11-30", "", Some(claire));
    app.deadline(A, atelier, "tva_ca3", "2026-11-30", "", None);
    app.deadline(A, atelier, "dsn", "2026-11-30", "faite", None);
    app.deadline(A, zola, "dsn", "2026-11-05", "faite", None);
    app.deadline(A, zola, "cfe", "2026-12-15", "", None);
    app.deadline(A, zola, "liasse", "2026-10-31", "", None);

    let november = app.calendar(A, "2026-11-01", "2026-11-30", CalendarFilter::default());
    assert_eq!(
        (november.from, november.to, november.today),
        (date("2026-11-01"), date("2026-11-30"), date("2026-11-25"))
    );
    assert_eq!(november.horizon_days, 7);
    assert_eq!(november.total, 4, "the 31 October and 15 December deadlines are outside");
    let days: Vec<(NaiveDate, u32, u32)> = november.days.iter().map(|d| (d.date, d.total, d.open)).collect();
    assert_eq!(days, [(date("2026-11-05"), 1, 0), (date("2026-11-30"), 3, 2)]);
    let last = &november.days[1];
    let order: Vec<(&str, &str)> = last.entries.iter().map(|e| (e.client.name.as_str(), e.kind.as_str())).collect();
    assert_eq!(
        order,
        [("Atelier Brun", "tva_ca3"), ("Zola SARL", "tva_ca3"), ("Atelier Brun", "dsn")],
        "open first, by client"
    );
    let zola_tva = &last.entries[1];
    assert_eq!(zola_tva.assignee.as_ref().map(|p| p.name.as_str()), Some("Claire Moreau"));
    assert_eq!(zola_tva.client.id, zola);
    assert_eq!(november.kinds, ["dsn", "tva_ca3"]);

    // The bounds are both included.
    let one = app.calendar(A, "2026-10-31", "2026-10-31", CalendarFilter::default());
    assert_eq!(closeness(&one), [("liasse 2026-10-31".to_string(), Closeness::Late)]);
    let empty = app.calendar(A, "2026-11-06", "2026-11-29", CalendarFilter::default());
    assert_eq!((empty.total, empty.days.len(), empty.kinds.len()), (0, 0, 0));
}

#[test]
fn closeness_follows_the_cabinet_today_and_its_alert_horizon() {
    let app = app();
    let c = app.client(A, "Dupont SAS");
    for (due, status) in [
        ("2026-11-24", ""),
        ("2026-11-25", "en_cours"),
        ("2026-11-26", ""),
        ("2026-12-02", ""),
        ("2026-12-03", ""),
        ("2026-11-23", "faite"),
        ("2026-12-01", "faite"),
    ] {
        app.deadline(A, c, &format!("k{due}{status}"), due, status, None);
    }
    let view = |app: &App| -> Vec<(NaiveDate, Closeness)> {
        let calendar = app.calendar(A, "2026-11-20", "2026-12-10", CalendarFilter::default());
        calendar.days.iter().flat_map(|d| d.entries.iter().map(|e| (e.due_date, e.closeness))).collect()
    };
    assert_eq!(
        view(&app),
        [
            (date("2026-11-23"), Closeness::Done),
            (date("2026-11-24"), Closeness::Late),
            (date("2026-11-25"), Closeness::Today),
            (date("2026-11-26"), Closeness::Soon),
            (date("2026-12-01"), Closeness::Done),
            (date("2026-12-02"), Closeness::Soon),
            (date("2026-12-03"), Closeness::Later),
        ]
    );

    // A shorter horizon moves the edge of "soon".
    app.vigie.set_setting(A, "echeance.horizon_days", "3").unwrap();
    let calendar = app.calendar(A, "2026-11-28", "2026-11-29", CalendarFilter::default());
    assert_eq!(calendar.horizon_days, 3);
    app.deadline(A, c, "edge", "2026-11-28", "", None);
    app.deadline(A, c, "past_edge", "2026-11-29", "", None);
    let edge = app.calendar(A, "2026-11-28", "2026-11-29", CalendarFilter::default());
    assert_eq!(
        closeness(&edge),
        [("edge 2026-11-28".to_string(), Closeness::Soon), ("past_edge 2026-11-29".to_string(), Closeness::Later)]
    );

    // 23:30 UTC is already the 26th in Paris: the cabinet's today moves, not the UTC one.
    app.clock.set(Utc.with_ymd_and_hms(2026, 11, 25, 23, 30, 0).unwrap());
    let late = app.calendar(A, "2026-11-25", "2026-11-26", CalendarFilter::default());
    assert_eq!(late.today, date("2026-11-26"));
    let seen: Vec<Closeness> = closeness(&late).into_iter().map(|(_, c)| c).collect();
    assert_eq!(seen, [Closeness::Late, Closeness::Today]);
}

#[test]
fn the_calendar_filters_by_person_and_kind_and_lists_a_few_per_day_with_whole_counts() {
    let app = app();
    let claire = app.person(A, "Claire Moreau", "claire@a.fr");
    let julien = app.person(A, "Julien Lefèvre", "julien@a.fr");
    let c = app.client(A, "Boulangerie Petit");
    let d = app.client(A, "Garage Martin");
    app.deadline(A, c, "tva_ca3", "2026-12-15", "", Some(claire));
    app.deadline(A, d, "tva_ca3", "2026-12-15", "", Some(julien));
    app.deadline(A, c, "dsn", "2026-12-15", "", Some(claire));
    app.deadline(A, d, "dsn", "2026-12-15", "faite", Some(claire));
    app.deadline(A, c, "cfe", "2026-12-15", "", None);

    let mine =
        app.calendar(A, "2026-12-01", "2026-12-31", CalendarFilter { assignee_id: Some(claire), ..Default::default() });
    assert_eq!(mine.total, 3);
    assert!(mine.days[0].entries.iter().all(|e| e.assignee.as_ref().map(|p| p.id) == Some(claire)));
    assert_eq!(mine.kinds, ["dsn", "tva_ca3"], "the kinds of the person's deadlines");

    // The kind is read as the form reads it: case and accents do not matter.
    let tva = app.calendar(
        A,
        "2026-12-01",
        "2026-12-31",
        CalendarFilter { kind: Some(" TVA_CA3 ".into()), ..Default::default() },
    );
    assert_eq!(tva.total, 2);
    assert!(tva.days[0].entries.iter().all(|e| e.kind == "tva_ca3"));
    assert_eq!(tva.kinds, ["cfe", "dsn", "tva_ca3"], "the picker keeps every kind of the span");
    let both = CalendarFilter { assignee_id: Some(julien), kind: Some("dsn".into()), per_day: None };
    assert_eq!(app.calendar(A, "2026-12-01", "2026-12-31", both).total, 0);
    let blank = CalendarFilter { kind: Some("  ".into()), ..Default::default() };
    assert_eq!(app.calendar(A, "2026-12-01", "2026-12-31", blank).total, 5, "an empty kind filters nothing");

    // A month cell asks for two per day and says "+3" from the counts.
    let few = app.calendar(A, "2026-12-01", "2026-12-31", CalendarFilter { per_day: Some(2), ..Default::default() });
    let day = &few.days[0];
    assert_eq!((day.total, day.open, day.entries.len()), (5, 4, 2));
    assert!(day.entries.iter().all(|e| e.closeness != Closeness::Done), "open ones are listed first");
    assert_eq!(few.total, 5);
}

#[test]
fn the_calendar_refuses_a_span_too_long_or_backwards() {
    let app = app();
    let err =
        app.vigie.deadline_calendar(A, date("2026-11-01"), date("2027-01-15"), &CalendarFilter::default()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(err.to_string().contains("more than 62 days"), "{err}");
    let err =
        app.vigie.deadline_calendar(A, date("2026-11-30"), date("2026-11-01"), &CalendarFilter::default()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    // Six weeks of a month view are fine.
    assert!(app.vigie.deadline_calendar(A, date("2026-10-26"), date("2026-12-06"), &CalendarFilter::default()).is_ok());
}

#[test]
fn another_cabinets_deadlines_and_tasks_are_never_seen() {
    let app = app();
    let claire = app.person(A, "Claire Moreau", "claire@a.fr");
    let other = app.person(B, "Hélène Fabre", "helene@b.fr");
    let mine = app.client(A, "Client A");
    let theirs = app.client(B, "Client B");
    app.deadline(A, mine, "tva_ca3", "2026-11-27", "", Some(claire));
    app.deadline(B, theirs, "tva_ca3", "2026-11-27", "", Some(other));
    app.deadline(B, theirs, "dsn", "2026-11-27", "", None);
    app.task(B, "Saisie", "2026-11-20", "", Some(other));
    app.task(B, "Révision", "2026-11-20", "", None);

    let calendar = app.calendar(A, "2026-11-01", "2026-11-30", CalendarFilter::default());
    assert_eq!(calendar.total, 1);
    assert_eq!(calendar.days[0].entries[0].client.name, "Client A");
    assert_eq!(calendar.kinds, ["tva_ca3"]);
    // B's person as a filter in A finds nothing of B's.
    let filtered =
        app.calendar(A, "2026-11-01", "2026-11-30", CalendarFilter { assignee_id: Some(other), ..Default::default() });
    assert_eq!(filtered.total, 0);

    let load = app.workload(A);
    assert_eq!(load.staff.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["Claire Moreau"]);
    assert_eq!(load.staff[0].deadlines, Load { late: 0, next_7_days: 1, next_30_days: 1 });
    assert_eq!(load.staff[0].tasks, Load::default());
    assert_eq!((load.unassigned_deadlines, load.unassigned_tasks), (Load::default(), Load::default()));
    let b = app.workload(B);
    assert_eq!(b.staff[0].tasks.late, 1);
    assert_eq!((b.unassigned_deadlines.next_7_days, b.unassigned_tasks.late), (1, 1));
}

#[test]
fn the_workload_counts_late_next_7_and_30_days_without_done_items() {
    let app = app();
    let claire = app.person(A, "Claire Moreau", "claire@a.fr");
    let julien = app.person(A, "Julien Lefèvre", "julien@a.fr");
    let nadia = app.person(A, "Nadia Benali", "nadia@a.fr");
    let gone = app.person(A, "Paul Ancien", "paul@a.fr");
    let c = app.client(A, "Dupont SAS");
    // Today is 2026-11-25: the 7 days end on 1 December, the 30 days on 24 December.
    for (kind, due, status) in [
        ("a", "2026-11-24", "depassee"), // late
        ("b", "2026-10-01", "en_cours"), // late, long ago
        ("c", "2026-11-25", ""),         // today: 7 and 30
        ("d", "2026-12-01", ""),         // last of the 7 days
        ("e", "2026-12-02", ""),         // first after them: 30 only
        ("f", "2026-12-24", ""),         // last of the 30 days
        ("g", "2026-12-25", ""),         // after: not counted
        ("h", "2026-11-20", "faite"),    // done: never counted
        ("i", "2026-11-26", "faite"),
    ] {
        app.deadline(A, c, kind, due, status, Some(julien));
    }
    for (title, due, status) in [
        ("Saisie", "2026-11-24", ""),
        ("Lettrage", "2026-11-23", "en_retard"),
        ("Révision", "2026-11-30", "en_cours"),
        ("Bilan", "2026-12-20", ""),
        ("Paie", "2026-11-26", "terminee"),
        ("Archive", "2026-11-01", "terminee"),
    ] {
        app.task(A, title, due, status, Some(claire));
    }
    app.deadline(A, c, "z", "2026-11-28", "", None);
    app.task(A, "Sans personne", "2026-11-10", "", None);
    app.deadline(A, c, "y", "2026-11-29", "", Some(gone));
    let draft =
        StaffDraft { name: "Paul Ancien".into(), email: "paul@a.fr".into(), role: "assistant".into(), active: false };
    app.vigie.update_staff(A, gone, &draft).unwrap();

    let load = app.workload(A);
    assert_eq!(
        (load.today, load.week_end, load.month_end),
        (date("2026-11-25"), date("2026-12-01"), date("2026-12-24"))
    );
    let names: Vec<&str> = load.staff.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        ["Julien Lefèvre", "Claire Moreau", "Nadia Benali"],
        "most loaded first; those who left are not listed"
    );
    let julien_load = &load.staff[0];
    assert_eq!(julien_load.id, julien);
    assert_eq!(julien_load.deadlines, Load { late: 2, next_7_days: 2, next_30_days: 4 });
    assert_eq!(julien_load.tasks, Load::default());
    assert_eq!(load.staff[1].tasks, Load { late: 2, next_7_days: 1, next_30_days: 2 });
    assert_eq!(load.staff[2].id, nadia);
    assert_eq!((load.staff[2].deadlines, load.staff[2].tasks), (Load::default(), Load::default()));
    // Nobody's, and the one who left's, are unassigned.
    assert_eq!(load.unassigned_deadlines, Load { late: 0, next_7_days: 2, next_30_days: 2 });
    assert_eq!(load.unassigned_tasks, Load { late: 1, next_7_days: 0, next_30_days: 0 });

    // A day later the buckets move with the clock: the 25 November one is late, the
    // 2 December one in the 7 days, and the 25 December one enters the 30 days.
    app.clock.set(Utc.with_ymd_and_hms(2026, 11, 26, 8, 0, 0).unwrap());
    let next = app.workload(A);
    assert_eq!(next.week_end, date("2026-12-02"));
    let julien_next = next.staff.iter().find(|s| s.id == julien).unwrap();
    assert_eq!(julien_next.deadlines, Load { late: 3, next_7_days: 2, next_30_days: 4 });
}
