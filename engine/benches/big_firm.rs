//! Benchmark: a big firm in a file store, to check that detection and the inbox stay fast.
//!
//! 1 cabinet, 50 staff, 2,000 clients, 100,000 deadlines, 200,000 document requests,
//! 100,000 tasks and 3,000 events spread over about six months either side of a fixed date
//! (2026-11-25), then one user with 100,000 notifications, half of them read. Prints each
//! figure beside its target: check < 200 ms, inbox page < 5 ms, unread count < 1 ms.
//!
//! Run with `cargo bench -p vigie-engine --bench big_firm`. Environment:
//! - `VIGIE_BENCH_KEEP=/some/file.db` keeps a copy of the store before the firm's tables are
//!   measured (for EXPLAIN QUERY PLAN, and for `VIGIE_BENCH_STORE`);
//! - `VIGIE_BENCH_PRAGMAS="mmap_size=268435456;cache_size=-16000"` tries connection settings;
//! - `VIGIE_BENCH_STORE=/some/file.db` measures only the firm's tables, on a copy of a store kept
//!   by an earlier run (with `VIGIE_BENCH_SQL` to try an index on it).

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use rusqlite::params;
use std::time::Instant;
use vigie::cabinet::{self, Cabinet};
use vigie::clock::{Clock, FixedClock};
use vigie::inbox::{self, Filter};
use vigie::model::Role;
use vigie::staff::{self, NewStaff, StaffMember};
use vigie::store::{Store, date_text, instant_text};

const STAFF: usize = 50;
const CLIENTS: usize = 2_000;
const DEADLINES_PER_CLIENT: usize = 50;
const DOCUMENTS_PER_CLIENT: usize = 100;
const TASKS_PER_CLIENT: usize = 49;
const INTERNAL_TASKS: usize = 2_000;
const EVENTS: usize = 3_000;
const INBOX_SIZE: usize = 100_000;
/// Days either side of today that dates spread over.
const SPREAD: i64 = 180;

/// Knuth's MMIX LCG: deterministic data without a dependency.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// A day offset in `-SPREAD..=SPREAD`, distinct for distinct `j < 361` of one `seed`
/// (7 is coprime with 361), so natural keys never collide.
fn spread(j: usize, seed: usize) -> i64 {
    ((j * 7 + seed * 13) % (2 * SPREAD as usize + 1)) as i64 - SPREAD
}

const DEADLINE_KINDS: [(&str, &str); 8] = [
    ("tva_ca3", "TVA CA3"),
    ("dsn", "DSN mensuelle"),
    ("is_acompte", "Acompte d'IS"),
    ("cfe", "CFE"),
    ("liasse", "Liasse fiscale"),
    ("tva_ca12", "TVA CA12"),
    ("cvae", "Acompte de CVAE"),
    ("is_solde", "Solde d'IS (2572)"),
];

const DOCUMENTS: [&str; 10] = [
    "Relevés bancaires",
    "Factures d'achat",
    "Factures de vente",
    "Inventaire de stock",
    "Éléments variables de paie",
    "Justificatifs des notes de frais",
    "Contrat de prêt et tableau d'amortissement",
    "Relevé du compte courant d'associé",
    "Attestation de vigilance URSSAF",
    "Avis de taxe foncière",
];

const TASKS: [&str; 12] = [
    "Saisie des pièces comptables",
    "Rapprochement bancaire",
    "Révision du dossier annuel",
    "Préparer le rendez-vous bilan",
    "Lettrage des comptes fournisseurs",
    "Établir les bulletins de paie",
    "Relancer le client pour les pièces manquantes",
    "Mettre à jour le tableau des immobilisations",
    "Préparer l'AGO d'approbation des comptes",
    "Calculer la provision pour congés payés",
    "Contrôler la TVA collectée",
    "Préparer la liasse fiscale",
];

const EVENT_TITLES: [&str; 6] = [
    "Rendez-vous client",
    "Assemblée générale ordinaire (AGO)",
    "Contrôle fiscal : visite du vérificateur",
    "Réunion d'équipe",
    "Rendez-vous bilan",
    "Signature de la lettre de mission",
];

const PRIORITIES: [&str; 4] = ["basse", "normale", "haute", "urgente"];

struct Counts {
    deadlines: usize,
    documents: usize,
    tasks: usize,
    events: usize,
}

fn generate(store: &mut Store, cabinet: &Cabinet, today: NaiveDate, now: &str) -> vigie::Result<Counts> {
    let mut rng = Lcg(0x0B16_F1A3);
    let day = |offset: i64| date_text(today + Duration::days(offset));
    let tx = store.begin_write()?;

    // Staff: 6 experts, 30 collaborateurs, 14 assistants; two have left.
    let mut staff_ids = Vec::with_capacity(STAFF);
    for i in 0..STAFF {
        let role = match i {
            0..6 => Role::Expert,
            6..36 => Role::Collaborateur,
            _ => Role::Assistant,
        };
        let member = NewStaff {
            name: format!("Collaborateur {i:02}"),
            email: format!("personne{i:02}@grand-cabinet.fr"),
            role,
            active: Some(!(i == 20 || i == 40)),
        };
        staff_ids.push(staff::upsert(&tx, cabinet.id, now, &member)?.0);
    }
    // Managers are experts and collaborateurs.
    let managers = &staff_ids[..36];

    let mut client_ids = Vec::with_capacity(CLIENTS);
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO clients
                 (cabinet_id, name, siren, legal_form, vat_regime, fiscal_year_end, manager_id, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        let forms = ["SARL", "SAS", "EURL", "SCI", "EI", "SASU", "Association"];
        let vat = [Some("mensuel"), Some("trimestriel"), Some("annuel"), Some("franchise"), None];
        let year_ends = ["31/12", "31/12", "31/12", "30/06", "30/09", "31/03"];
        for i in 0..CLIENTS {
            let siren = vigie::siren::with_check_digit(10_000_000 + i as u32 * 44_111);
            insert.execute(params![
                cabinet.id,
                format!("Client {i:04} {}", forms[i % forms.len()]),
                siren,
                forms[i % forms.len()],
                vat[i % vat.len()],
                year_ends[i % year_ends.len()],
                managers[i % managers.len()],
                now
            ])?;
            client_ids.push(tx.last_insert_rowid());
        }
    }

    let mut counts = Counts { deadlines: 0, documents: 0, tasks: 0, events: 0 };
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO deadlines (cabinet_id, client_id, kind, label, due_date, status, assignee_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for (c, &client) in client_ids.iter().enumerate() {
            for j in 0..DEADLINES_PER_CLIENT {
                let due = spread(j, c);
                let (kind, label) = DEADLINE_KINDS[(j + c) % DEADLINE_KINDS.len()];
                let status = if due < 0 {
                    if rng.chance(98) {
                        "faite"
                    } else if rng.chance(50) {
                        "depassee"
                    } else {
                        "en_cours"
                    }
                } else if rng.chance(10) {
                    "faite"
                } else if rng.chance(25) {
                    "en_cours"
                } else {
                    "a_faire"
                };
                let assignee = if rng.chance(20) { None } else { Some(staff_ids[rng.below(STAFF as u64) as usize]) };
                insert.execute(params![cabinet.id, client, kind, label, day(due), status, assignee])?;
                counts.deadlines += 1;
            }
        }
    }
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO document_requests
                 (cabinet_id, client_id, label, requested_on, due_date, received_on, owner_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for (c, &client) in client_ids.iter().enumerate() {
            for j in 0..DOCUMENTS_PER_CLIENT {
                // Distinct request days per client keep (client, label, requested_on) unique.
                let requested = spread(j, c) - 15;
                let due = requested + 10 + rng.below(21) as i64;
                let received = if due < 0 {
                    rng.chance(97)
                } else if requested < 0 {
                    rng.chance(40)
                } else {
                    false
                };
                let received_on = received.then(|| day(requested + rng.below((-requested) as u64 + 1) as i64));
                let owner = if rng.chance(70) { None } else { Some(staff_ids[36 + rng.below(14) as usize]) };
                insert.execute(params![
                    cabinet.id,
                    client,
                    DOCUMENTS[(j + c) % DOCUMENTS.len()],
                    day(requested),
                    day(due),
                    received_on,
                    owner
                ])?;
                counts.documents += 1;
            }
        }
    }
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO tasks (cabinet_id, client_id, title, assignee_id, due_date, status, priority)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        let mut task = |rng: &mut Lcg, client: Option<i64>, title: &str, due: i64| -> rusqlite::Result<()> {
            let status = if due < 0 {
                if rng.chance(97) {
                    "terminee"
                } else if rng.chance(50) {
                    "en_retard"
                } else {
                    "en_cours"
                }
            } else if rng.chance(15) {
                "terminee"
            } else if rng.chance(30) {
                "en_cours"
            } else {
                "a_faire"
            };
            let assignee = if rng.chance(5) { None } else { Some(staff_ids[rng.below(STAFF as u64) as usize]) };
            let priority = PRIORITIES[rng.below(4) as usize];
            insert.execute(params![cabinet.id, client, title, assignee, day(due), status, priority])?;
            Ok(())
        };
        for (c, &client) in client_ids.iter().enumerate() {
            for j in 0..TASKS_PER_CLIENT {
                task(&mut rng, Some(client), TASKS[(j + c) % TASKS.len()], spread(j, c))?;
                counts.tasks += 1;
            }
        }
        // Cabinet tasks without a client: (title, due) distinct for k < 12 × 361.
        for k in 0..INTERNAL_TASKS {
            let due = (k % 361) as i64 - SPREAD;
            task(&mut rng, None, TASKS[(k / 361) % TASKS.len()], due)?;
            counts.tasks += 1;
        }
    }
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO events (cabinet_id, client_id, title, starts_at, importance, audience_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for k in 0..EVENTS {
            let client = (k % 10 != 0).then(|| client_ids[(k * 7) % CLIENTS]);
            let days = (k % 361) as i64 - SPREAD;
            let time = NaiveTime::from_hms_opt(8 + (k % 10) as u32, [0, 15, 30, 45][k % 4], 0).unwrap();
            let starts = cabinet.local_to_utc((today + Duration::days(days)).and_time(time));
            let importance = if rng.chance(20) { "haute" } else { "normale" };
            let audience = if rng.chance(15) { None } else { Some(staff_ids[rng.below(STAFF as u64) as usize]) };
            insert.execute(params![
                cabinet.id,
                client,
                format!("{} n°{k}", EVENT_TITLES[k % EVENT_TITLES.len()]),
                instant_text(starts),
                importance,
                audience
            ])?;
            counts.events += 1;
        }
    }
    tx.commit()?;
    Ok(counts)
}

/// Gives `user` exactly `INBOX_SIZE` notifications, the older half read.
fn fill_inbox(store: &mut Store, user: &StaffMember, today: NaiveDate) -> vigie::Result<usize> {
    let existing: i64 = store.conn().query_row(
        "SELECT count(*) FROM notifications WHERE cabinet_id = ?1 AND recipient_id = ?2",
        params![user.cabinet_id, user.id],
        |r| r.get(0),
    )?;
    let missing = INBOX_SIZE.saturating_sub(existing as usize);
    let mut rng = Lcg(0x1AB0_C5C5);
    let tx = store.begin_write()?;
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO notifications
                 (cabinet_id, recipient_id, kind, title, body, subject_type, subject_id, dedup_key,
                  created_at, read_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        let kinds = [
            ("echeance_proche", "deadline", "Échéance dans 3 jours : TVA CA3 d'octobre — Client"),
            ("documents_manquants", "document", "Document manquant : Relevés bancaires d'octobre — Client"),
            ("taches_retard", "task", "Tâche en retard : Rapprochement bancaire — Client"),
            ("evenement_important", "event", "Événement important demain : Rendez-vous client"),
        ];
        // Two years of history, oldest first, so ids grow with time as in real life.
        let start = Utc.from_utc_datetime(&(today - Duration::days(730)).and_time(NaiveTime::MIN));
        for k in 0..missing {
            let (kind, subject, title) = kinds[rng.below(4) as usize];
            let created = start + Duration::seconds((k as i64) * 730 * 86_400 / missing as i64);
            let read = (k < missing / 2).then(|| instant_text(created + Duration::hours(3)));
            insert.execute(params![
                user.cabinet_id,
                user.id,
                kind,
                format!("{title} {:04}", k % 2_000),
                "Détail de la notification, tel que le montre la boîte de réception.",
                subject,
                k as i64,
                format!("bench:{subject}:{k}"),
                instant_text(created),
                read
            ])?;
        }
    }
    tx.commit()?;
    Ok(missing)
}

/// Timings of repeated runs, in milliseconds.
struct Stats {
    median: f64,
    p99: f64,
    max: f64,
}

/// Runs `f` `n` times.
fn repeat<T>(n: usize, mut f: impl FnMut() -> T) -> Stats {
    let mut times: Vec<f64> = (0..n)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    Stats { median: times[n / 2], p99: times[n * 99 / 100], max: times[n - 1] }
}

fn elapsed_ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1e3
}

/// This thread's time on a CPU so far, in milliseconds, as the scheduler counts it (updated at
/// least every tick, so only good for runs of tens of milliseconds). On a shared machine the
/// wall clock also counts the time spent waiting for a CPU; this does not.
fn cpu_ms() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .map_or(f64::NAN, |ns| ns as f64 / 1e6)
}

/// Runs a check and returns it with its wall-clock and on-CPU times.
fn timed_check(
    store: &mut Store,
    cabinet: &Cabinet,
    today: NaiveDate,
    clock: &FixedClock,
) -> vigie::Result<(vigie::detect::CheckReport, f64, f64)> {
    let cpu = cpu_ms();
    let t = Instant::now();
    let report = vigie::detect::check(store, cabinet, today, clock.now())?;
    Ok((report, elapsed_ms(t), cpu_ms() - cpu))
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn verdict(ms: f64, target: f64) -> &'static str {
    if ms < target { "OK" } else { "MISSED" }
}

/// A one-off step, optionally against a target.
fn once(what: &str, ms: f64, detail: &str, target: Option<f64>) {
    let judged = target.map_or(String::new(), |t| format!("target < {t} ms  {}", verdict(ms, t)));
    println!("{what:<24}{ms:>10.1} ms {:>38}  {detail:<36} {judged}", "");
}

/// A repeated measurement: the target applies to the median; p99 and max show the spread
/// (on a shared machine the max mostly measures the scheduler). No target: for reference.
fn repeated(what: &str, s: &Stats, detail: &str, target: impl Into<Option<f64>>) {
    let judged =
        target.into().map_or("(reference)".to_string(), |t| format!("target < {t} ms  {}", verdict(s.median, t)));
    println!(
        "{what:<24}{:>10.3} ms median  p99 {:>7.3} ms  max {:>7.3} ms  {detail:<36} {judged}",
        s.median, s.p99, s.max
    );
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Prints how SQLite runs the inbox queries for `user` (the figures depend on it).
fn print_plans(store: &Store, user: &StaffMember, before_id: i64) -> vigie::Result<()> {
    let queries = [
        (
            "page",
            "SELECT id, kind, title, body, created_at, read_at IS NOT NULL FROM notifications
             WHERE recipient_id = ?1 AND cabinet_id = ?2 ORDER BY id DESC LIMIT 50",
        ),
        (
            "next page",
            "SELECT id, kind, title, body, created_at, read_at IS NOT NULL FROM notifications
             WHERE recipient_id = ?1 AND cabinet_id = ?2 AND id < ?3 ORDER BY id DESC LIMIT 50",
        ),
        (
            "unread count",
            "SELECT coalesce((SELECT unread FROM unread_counts
             WHERE cabinet_id = ?2 AND recipient_id = ?1), 0)",
        ),
    ];
    for (what, sql) in queries {
        let mut stmt = store.conn().prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let args = [user.id, user.cabinet_id, before_id];
        let details = stmt
            .query_map(rusqlite::params_from_iter(&args[..stmt.parameter_count()]), |r| r.get::<_, String>(3))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        println!("  plan {:<19}{}", format!("{what}:"), details.join("; "));
    }
    Ok(())
}

/// How many notifications `user` has.
fn inbox_size(store: &Store, user: &StaffMember) -> vigie::Result<i64> {
    Ok(store.conn().query_row(
        "SELECT count(*) FROM notifications WHERE cabinet_id = ?1 AND recipient_id = ?2",
        params![user.cabinet_id, user.id],
        |r| r.get(0),
    )?)
}

/// The staff member with the most notifications, other than `except`.
fn busiest(store: &Store, cabinet: &Cabinet, except: i64) -> vigie::Result<StaffMember> {
    let id: i64 = store.conn().query_row(
        "SELECT recipient_id FROM notifications WHERE cabinet_id = ?1 AND recipient_id <> ?2
         GROUP BY recipient_id ORDER BY count(*) DESC, recipient_id LIMIT 1",
        params![cabinet.id, except],
        |r| r.get(0),
    )?;
    Ok(staff::list(store, cabinet.id)?.into_iter().find(|s| s.id == id).expect("a recipient is a staff member"))
}

fn page(before_id: Option<i64>) -> Filter {
    Filter { limit: Some(50), before_id, ..Filter::default() }
}

/// The firm's tables as the window pages them (search, sort, totals), the client page, and the
/// one-click "done" that stops a deadline's alerts, on the big firm with its notifications.
fn firm_tables(store: &mut Store, cabinet: &Cabinet, today: NaiveDate, clock: &FixedClock) -> vigie::Result<()> {
    use vigie::firm::clients::{self, ClientQuery, ClientSort};
    use vigie::firm::deadlines::{self, DeadlineFilter, DeadlineQuery, DeadlineSort};
    use vigie::firm::documents::{self, DocumentQuery};
    use vigie::firm::tasks::{self, TaskQuery};
    use vigie::firm::{Direction, client_page};
    /// Table queries take milliseconds: fewer runs than the inbox's.
    const RUNS: usize = 50;
    // On this shared machine other builds take turns on the CPUs: each figure also says how
    // long the query was on a CPU (the mean of the runs), which the load does not inflate.
    fn measure<T>(what: &str, detail: &str, runs: usize, f: impl FnMut() -> T) {
        let cpu = cpu_ms();
        let stats = repeat(runs, f);
        let cpu = (cpu_ms() - cpu) / runs as f64;
        repeated(what, &stats, &format!("{detail}, cpu {cpu:.1} ms"), 50.0);
    }
    let page = |search: Option<&str>, sort: DeadlineSort, offset: u32| DeadlineQuery {
        search: search.map(str::to_string),
        sort,
        limit: Some(50),
        offset,
        ..DeadlineQuery::default()
    };
    let list = |q: &DeadlineQuery| deadlines::list(store, cabinet, q).expect("deadlines page");
    let first = list(&page(None, DeadlineSort::DueDate, 0));
    assert_eq!((first.rows.len(), first.total), (50, (CLIENTS * DEADLINES_PER_CLIENT) as u64));
    measure("deadlines page", "first 50 of 100,000 by due date", RUNS, || list(&page(None, DeadlineSort::DueDate, 0)));
    measure("deadlines page 1,001", "offset 50,000, by due date", RUNS, || {
        list(&page(None, DeadlineSort::DueDate, 50_000))
    });
    let found = list(&page(Some("acompte"), DeadlineSort::DueDate, 0)).total;
    measure("deadlines search label", &format!("\"acompte\": {found} found"), RUNS, || {
        list(&page(Some("acompte"), DeadlineSort::DueDate, 0))
    });
    let found = list(&page(Some("client 012"), DeadlineSort::DueDate, 0)).total;
    measure("deadlines search client", &format!("\"client 012\": {found} found"), RUNS, || {
        list(&page(Some("client 012"), DeadlineSort::DueDate, 0))
    });
    measure("deadlines by client", "first 50, sorted on client name", RUNS, || {
        list(&page(None, DeadlineSort::Client, 0))
    });
    measure("deadlines by client deep", "offset 50,000, client name desc", RUNS, || {
        list(&DeadlineQuery { direction: Direction::Desc, ..page(None, DeadlineSort::Client, 50_000) })
    });
    measure("deadlines by assignee", "first 50, sorted on assignee name", RUNS, || {
        list(&page(None, DeadlineSort::Assignee, 0))
    });
    measure("deadlines by label", "first 50, sorted on label", RUNS, || list(&page(None, DeadlineSort::Label, 0)));
    measure("deadlines by status", "first 50, sorted on status", RUNS, || list(&page(None, DeadlineSort::Status, 0)));
    let documents = DocumentQuery { limit: Some(50), ..DocumentQuery::default() };
    measure("documents page", "first 50 of 200,000 by due date", RUNS, || {
        documents::list(store, cabinet, &documents, today).expect("documents page")
    });
    let tasks = TaskQuery { limit: Some(50), ..TaskQuery::default() };
    measure("tasks page", "first 50 of 100,000 by due date", RUNS, || {
        tasks::list(store, cabinet, &tasks).expect("tasks page")
    });
    let open = DeadlineQuery {
        limit: Some(0),
        filter: DeadlineFilter { open_only: true, ..DeadlineFilter::default() },
        ..DeadlineQuery::default()
    };
    let total = list(&open).total;
    measure("deadlines total", &format!("count only: {total} open"), RUNS, || list(&open));
    let all = DeadlineQuery { limit: Some(0), ..DeadlineQuery::default() };
    measure("deadlines total (all)", "count only: 100,000", RUNS, || list(&all));
    let clients_page = ClientQuery { limit: Some(50), ..ClientQuery::default() };
    measure("clients page", "first 50 of 2,000 by name", RUNS, || {
        clients::list(store, cabinet, &clients_page).expect("clients page")
    });
    let by_manager = ClientQuery { sort: ClientSort::Manager, search: Some("sas".into()), ..clients_page.clone() };
    measure("clients search by manager", "\"sas\", sorted on manager", RUNS, || {
        clients::list(store, cabinet, &by_manager).expect("clients page")
    });

    // Seeing the load: a month of the calendar (six weeks, as the month view asks), a week,
    // one day in full, a person's month, and everyone's workload.
    use vigie::firm::calendar::{self, CalendarFilter};
    use vigie::firm::workload;
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let (month_from, month_to) = (monday - Duration::days(21), monday + Duration::days(20));
    let few = CalendarFilter { per_day: Some(4), ..CalendarFilter::default() };
    let month = calendar::deadline_calendar(store, cabinet, month_from, month_to, &few, today)?;
    measure("calendar month", &format!("42 days, {} deadlines, 4 listed a day", month.total), RUNS, || {
        calendar::deadline_calendar(store, cabinet, month_from, month_to, &few, today).expect("calendar")
    });
    let week_to = monday + Duration::days(6);
    let week = calendar::deadline_calendar(store, cabinet, monday, week_to, &CalendarFilter::default(), today)?;
    measure("calendar week", &format!("7 days, {} deadlines, all listed", week.total), RUNS, || {
        calendar::deadline_calendar(store, cabinet, monday, week_to, &CalendarFilter::default(), today).expect("week")
    });
    let person = month.days.iter().flat_map(|d| &d.entries).find_map(|e| e.assignee.as_ref().map(|p| p.id));
    let theirs = CalendarFilter { assignee_id: person, kind: Some("tva_ca3".into()), per_day: Some(4) };
    let found = calendar::deadline_calendar(store, cabinet, month_from, month_to, &theirs, today)?.total;
    measure("calendar person+kind", &format!("42 days, one person's TVA: {found}"), RUNS, || {
        calendar::deadline_calendar(store, cabinet, month_from, month_to, &theirs, today).expect("calendar")
    });
    let load = workload::workload(store, cabinet, today)?;
    let late: u32 = load.staff.iter().map(|s| s.deadlines.late + s.tasks.late).sum();
    let soon: u32 = load.staff.iter().map(|s| s.deadlines.next_30_days + s.tasks.next_30_days).sum();
    measure("workload", &format!("{} staff, {late} late, {soon} in 30 days", load.staff.len()), RUNS, || {
        workload::workload(store, cabinet, today).expect("workload")
    });

    // A client with alerts, its page and its delete's impact.
    let client: i64 = store.conn().query_row(
        "SELECT d.client_id FROM notifications n JOIN deadlines d ON d.id = n.subject_id
         WHERE n.subject_type = 'deadline' AND n.dedup_key NOT LIKE 'bench:%' ORDER BY n.id LIMIT 1",
        [],
        |r| r.get(0),
    )?;
    let alerts = client_page::client_page(store, cabinet, client, today)?.notifications.len();
    measure("client page", &format!("everything of one client, {alerts} latest alerts"), RUNS, || {
        client_page::client_page(store, cabinet, client, today).expect("client page")
    });
    measure("client delete impact", "counts of all it would take", RUNS, || {
        clients::delete_impact(store, cabinet, client).expect("impact")
    });

    // "Faite" on deadlines that have alerts: notifications read, the outbox looked at.
    let ids: Vec<i64> = store
        .conn()
        .prepare(
            "SELECT DISTINCT subject_id FROM notifications
             WHERE subject_type = 'deadline' AND dedup_key NOT LIKE 'bench:%' ORDER BY subject_id LIMIT ?1",
        )?
        .query_map([RUNS as i64], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut next = ids.iter().cycle();
    measure("deadline done", &format!("{} deadlines with alerts", ids.len()), ids.len(), || {
        let id = *next.next().expect("a deadline");
        deadlines::set_done(store, cabinet, id, true, today, clock.now()).expect("done")
    });

    // Last, as it takes the client away: the delete itself, once.
    let cpu = cpu_ms();
    let t = Instant::now();
    let (impact, _) = clients::delete(store, cabinet, client, today)?;
    let detail = format!(
        "{} deadlines, {} documents, {} tasks, {} notifications; cpu {:.1} ms",
        impact.deadlines,
        impact.documents,
        impact.tasks,
        impact.notifications,
        cpu_ms() - cpu
    );
    once("client delete", elapsed_ms(t), &detail, None);
    Ok(())
}

/// A freshly generated firm in its own temporary store.
struct Firm {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    store: Store,
    cabinet: Cabinet,
    today: NaiveDate,
    counts: Counts,
    generate_ms: f64,
    analyze_ms: f64,
}

fn build_firm(clock: &FixedClock) -> vigie::Result<Firm> {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("vigie.db");
    let mut store = Store::open(&path)?;
    // VIGIE_BENCH_PRAGMAS="cache_size=-16000;mmap_size=268435456" tries connection settings.
    if let Ok(pragmas) = std::env::var("VIGIE_BENCH_PRAGMAS") {
        for pragma in pragmas.split(';').filter(|p| !p.trim().is_empty()) {
            store.conn().execute_batch(&format!("PRAGMA {pragma}"))?;
        }
    }
    // VIGIE_BENCH_SQL="DROP INDEX x; …" tries a schema change (an index, a trigger) before the firm is built.
    if let Ok(sql) = std::env::var("VIGIE_BENCH_SQL") {
        store.conn().execute_batch(&sql)?;
    }
    let cabinet = cabinet::add(&store, clock, "Grand Cabinet", None)?;
    let today = cabinet.today(clock);
    let t = Instant::now();
    let counts = generate(&mut store, &cabinet, today, &instant_text(clock.now()))?;
    let generate_ms = elapsed_ms(t);
    let t = Instant::now();
    store.conn().execute_batch("ANALYZE")?;
    let analyze_ms = elapsed_ms(t);
    Ok(Firm { _dir: dir, path, store, cabinet, today, counts, generate_ms, analyze_ms })
}

/// The firm's tables alone, on a copy of a kept store (`VIGIE_BENCH_STORE`): a minute instead of
/// six when trying a query or an index.
fn tables_only(kept: &std::path::Path, clock: &FixedClock) -> vigie::Result<()> {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("vigie.db");
    std::fs::copy(kept, &path).expect("copy of the kept store");
    let mut store = Store::open(&path)?;
    if let Ok(sql) = std::env::var("VIGIE_BENCH_SQL") {
        store.conn().execute_batch(&sql)?;
        store.conn().execute_batch("ANALYZE")?;
    }
    let cabinet = cabinet::resolve(&store, Some("Grand Cabinet"))?;
    let today = cabinet.today(clock);
    firm_tables(&mut store, &cabinet, today, clock)
}

fn main() -> vigie::Result<()> {
    const RUNS: usize = 2_000;
    /// Fresh firms generated, each checked once: a single first run is too noisy to judge.
    const FIRMS: usize = 3;
    let clock = FixedClock::new(Utc.with_ymd_and_hms(2026, 11, 25, 8, 0, 0).unwrap());
    println!("Vigie big-firm benchmark, as of {}", clock.now().date_naive());
    if let Some(kept) = std::env::var_os("VIGIE_BENCH_STORE") {
        return tables_only(std::path::Path::new(&kept), &clock);
    }
    if let Ok(pragmas) = std::env::var("VIGIE_BENCH_PRAGMAS") {
        println!("with PRAGMA {pragmas}");
    }

    // Generation and the first check, on FIRMS fresh stores; the last one stays for the rest.
    let mut firm = None;
    let (mut walls, mut cpus, mut generated) = (Vec::new(), Vec::new(), Vec::new());
    let mut first = None;
    for _ in 0..FIRMS {
        drop(firm.take());
        let mut f = build_firm(&clock)?;
        generated.push(f.generate_ms);
        let (report, wall, cpu) = timed_check(&mut f.store, &f.cabinet, f.today, &clock)?;
        walls.push(wall);
        cpus.push(cpu);
        if let Some(previous) = &first {
            assert_eq!(&report.created, previous, "the same firm raises the same alerts");
        }
        first = Some(report.created);
        firm = Some(f);
    }
    let Firm { _dir: _kept_until_the_end, path, mut store, cabinet, today, counts, analyze_ms, .. } =
        firm.expect("a firm");
    let first = first.expect("a first check");
    once(
        "generate (median)",
        median(&mut generated),
        &format!(
            "{STAFF} staff, {CLIENTS} clients, {} deadlines, {} documents, {} tasks, {} events",
            counts.deadlines, counts.documents, counts.tasks, counts.events
        ),
        None,
    );
    once("analyze", analyze_ms, "", None);
    let cpu = median(&mut cpus);
    walls.sort_by(f64::total_cmp);
    let stats = Stats { median: walls[FIRMS / 2], p99: walls[FIRMS - 1], max: walls[FIRMS - 1] };
    repeated("check (first run)", &stats, &format!("created {}, cpu {cpu:.0} ms, {FIRMS} firms", first.total()), 200.0);
    println!(
        "{:<24}echeance_proche {}, documents_manquants {}, taches_retard {}, evenement_important {}",
        "", first.echeance_proche, first.documents_manquants, first.taches_retard, first.evenement_important
    );
    let (mut walls, mut cpus) = (Vec::new(), Vec::new());
    for _ in 0..10 {
        let (again, wall, cpu) = timed_check(&mut store, &cabinet, today, &clock)?;
        assert_eq!(again.created.total(), 0, "a repeated check must create nothing");
        walls.push(wall);
        cpus.push(cpu);
    }
    let cpu = median(&mut cpus);
    walls.sort_by(f64::total_cmp);
    let stats = Stats { median: walls[5], p99: walls[9], max: walls[9] };
    repeated("check (second run)", &stats, &format!("created 0, cpu {cpu:.0} ms, 10 runs"), 200.0);

    // The busiest user gets a 100,000-notification inbox.
    let user = busiest(&store, &cabinet, 0)?;
    let t = Instant::now();
    let added = fill_inbox(&mut store, &user, today)?;
    once("fill inbox", elapsed_ms(t), &format!("{added} notifications for {}", user.email), None);
    let t = Instant::now();
    store.conn().execute_batch("ANALYZE")?;
    once("analyze", elapsed_ms(t), "", None);
    assert_eq!(inbox_size(&store, &user)?, INBOX_SIZE as i64);

    let first_page = inbox::list(&store, &user, &page(None))?;
    let before = first_page.last().map(|n| n.id);
    let second_page = inbox::list(&store, &user, &page(before))?;
    assert_eq!((first_page.len(), second_page.len()), (50, 50));
    assert!(second_page[0].id < first_page[49].id);
    let stats = repeat(RUNS, || inbox::list(&store, &user, &page(None)).expect("list"));
    repeated("inbox page 1", &stats, "50 of 100,000", 5.0);
    let stats = repeat(RUNS, || inbox::list(&store, &user, &page(before)).expect("list"));
    repeated("inbox page 2", &stats, "before_id", 5.0);
    let deep = Some(first_page[0].id - 90_000);
    let stats = repeat(RUNS, || inbox::list(&store, &user, &page(deep)).expect("list"));
    repeated("inbox page 1,800", &stats, "before_id 90,000 back", 5.0);
    let unread_only = Filter { unread_only: true, ..page(None) };
    let stats = repeat(RUNS, || inbox::list(&store, &user, &unread_only).expect("list"));
    repeated("inbox unread page", &stats, "unread only", 5.0);
    let stats = repeat(RUNS, || inbox::counts(&store, &user).expect("counts"));
    repeated("inbox tab counts", &stats, "every tab, from the counters", 1.0);
    let kind_tab = Filter { tab: inbox::Tab::Kind(vigie::model::AlertKind::TachesRetard), ..page(None) };
    let stats = repeat(RUNS, || inbox::list(&store, &user, &kind_tab).expect("list"));
    repeated("inbox kind tab page", &stats, "taches_retard", 5.0);
    let search = Filter { search: Some("retard".into()), ..page(None) };
    let stats = repeat(RUNS, || inbox::list(&store, &user, &search).expect("list"));
    repeated("inbox search page", &stats, "title or client, a common word", 5.0);
    let unread = inbox::unread_count(&store, &user)?;
    let stats = repeat(RUNS, || inbox::unread_count(&store, &user).expect("count"));
    repeated("unread count", &stats, &format!("{unread} unread of 100,000"), 1.0);

    // For comparison, what counting the rows costs (the query the counter replaced).
    let counted = |user: &StaffMember| -> i64 {
        store
            .conn()
            .prepare_cached(
                "SELECT count(*) FROM notifications
                 WHERE recipient_id = ?1 AND cabinet_id = ?2 AND read_at IS NULL",
            )
            .and_then(|mut stmt| stmt.query_row(params![user.id, user.cabinet_id], |r| r.get(0)))
            .expect("count")
    };
    assert_eq!(counted(&user) as u64, unread);
    let stats = repeat(RUNS, || counted(&user));
    repeated("  (by counting rows)", &stats, "count(*) over the partial index", None);

    // An ordinary user beside the big inbox: their pages must not walk through it.
    let other = busiest(&store, &cabinet, user.id)?;
    let other_total = inbox_size(&store, &other)?;
    let other_before = inbox::list(&store, &other, &page(None))?.last().map(|n| n.id);
    assert_eq!(inbox::list(&store, &other, &page(other_before))?.len(), 50);
    let stats = repeat(RUNS, || inbox::list(&store, &other, &page(None)).expect("list"));
    repeated("other user page 1", &stats, &format!("50 of {other_total}"), 5.0);
    let stats = repeat(RUNS, || inbox::list(&store, &other, &page(other_before)).expect("list"));
    repeated("other user page 2", &stats, "before_id", 5.0);
    let stats = repeat(RUNS, || inbox::unread_count(&store, &other).expect("count"));
    repeated("other user unread count", &stats, "", 1.0);

    println!("query plans (user {} with 100,000, user {} with {other_total}):", user.id, other.id);
    print_plans(&store, &user, before.unwrap_or(0))?;
    print_plans(&store, &other, other_before.unwrap_or(0))?;

    // VIGIE_BENCH_KEEP=/some/file.db keeps a copy of the store for EXPLAIN QUERY PLAN work, and
    // for VIGIE_BENCH_STORE: taken before the firm's tables are measured, since they mark
    // deadlines done and delete a client (whose 50 deadlines the tables' check counts on).
    if let Some(keep) = std::env::var_os("VIGIE_BENCH_KEEP") {
        store.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
        std::fs::copy(&path, &keep).expect("copy of the store");
        println!("store kept as {}", std::path::Path::new(&keep).display());
    }

    firm_tables(&mut store, &cabinet, today, &clock)?;
    // A backup is taken before every schema migration: what an upgrade costs a big firm.
    let t = Instant::now();
    let backup = vigie::store::backup_to(&store, Some(&path.with_file_name("backup.db")))?;
    once("backup (online API)", elapsed_ms(t), &format!("{:.1} MiB copied", backup.bytes as f64 / 1_048_576.0), None);
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!("{:<24}{:>10.1} MiB", "store file", size as f64 / (1024.0 * 1024.0));
    match peak_rss_kib() {
        Some(kib) => println!("{:<24}{:>10.1} MiB", "peak RSS (VmHWM)", kib as f64 / 1024.0),
        None => println!("{:<24}{:>10}", "peak RSS (VmHWM)", "n/a"),
    }
    Ok(())
}
