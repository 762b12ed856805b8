//! Benchmark: a big firm in a file store, to check that detection and the inbox stay fast.
//!
//! 1 cabinet, 50 staff, 2,000 clients, 100,000 deadlines, 200,000 document requests,
//! 100,000 tasks and 3,000 events spread over about six months either side of a fixed date,
//! then one user with 100,000 notifications. Run with
//! `cargo bench -p vigie-engine --bench big_firm`.

use chrono::{Duration, NaiveDate, NaiveTime, TimeZone, Utc};
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
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
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

fn generate(
    store: &mut Store,
    cabinet: &Cabinet,
    today: NaiveDate,
    now: &str,
) -> vigie::Result<Counts> {
    let mut rng = Lcg(0xB16_F1A3);
    let day = |offset: i64| date_text(today + Duration::days(offset));
    let tx = store.conn_mut().transaction()?;

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
            active: !(i == 20 || i == 40),
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
        let vat = [
            Some("mensuel"),
            Some("trimestriel"),
            Some("annuel"),
            Some("franchise"),
            None,
        ];
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

    let mut counts = Counts {
        deadlines: 0,
        documents: 0,
        tasks: 0,
        events: 0,
    };
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
                let assignee = if rng.chance(20) {
                    None
                } else {
                    Some(staff_ids[rng.below(STAFF as u64) as usize])
                };
                insert.execute(params![
                    cabinet.id,
                    client,
                    kind,
                    label,
                    day(due),
                    status,
                    assignee
                ])?;
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
                let received_on =
                    received.then(|| day(requested + rng.below((-requested) as u64 + 1) as i64));
                let owner = if rng.chance(70) {
                    None
                } else {
                    Some(staff_ids[36 + rng.below(14) as usize])
                };
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
        let mut task =
            |rng: &mut Lcg, client: Option<i64>, title: &str, due: i64| -> rusqlite::Result<()> {
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
                let assignee = if rng.chance(5) {
                    None
                } else {
                    Some(staff_ids[rng.below(STAFF as u64) as usize])
                };
                let priority = PRIORITIES[rng.below(4) as usize];
                insert.execute(params![
                    cabinet.id,
                    client,
                    title,
                    assignee,
                    day(due),
                    status,
                    priority
                ])?;
                Ok(())
            };
        for (c, &client) in client_ids.iter().enumerate() {
            for j in 0..TASKS_PER_CLIENT {
                task(
                    &mut rng,
                    Some(client),
                    TASKS[(j + c) % TASKS.len()],
                    spread(j, c),
                )?;
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
            let time =
                NaiveTime::from_hms_opt(8 + (k % 10) as u32, [0, 15, 30, 45][k % 4], 0).unwrap();
            let starts = cabinet.local_to_utc((today + Duration::days(days)).and_time(time));
            let importance = if rng.chance(20) { "haute" } else { "normale" };
            let audience = if rng.chance(15) {
                None
            } else {
                Some(staff_ids[rng.below(STAFF as u64) as usize])
            };
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
    let mut rng = Lcg(0x1AB0_C5);
    let tx = store.conn_mut().transaction()?;
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO notifications
                 (cabinet_id, recipient_id, kind, title, body, subject_type, subject_id, dedup_key,
                  created_at, read_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        let kinds = [
            (
                "echeance_proche",
                "deadline",
                "Échéance dans 3 jours : TVA CA3 d'octobre — Client",
            ),
            (
                "documents_manquants",
                "document",
                "Document manquant : Relevés bancaires d'octobre — Client",
            ),
            (
                "taches_retard",
                "task",
                "Tâche en retard : Rapprochement bancaire — Client",
            ),
            (
                "evenement_important",
                "event",
                "Événement important demain : Rendez-vous client",
            ),
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

/// Runs `f` `n` times; returns (median, max) in milliseconds.
fn repeat<T>(n: usize, mut f: impl FnMut() -> T) -> (f64, f64) {
    let mut times: Vec<f64> = (0..n)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    (times[n / 2], times[n - 1])
}

fn verdict(ms: f64, target: f64) -> &'static str {
    if ms < target { "OK" } else { "MISSED" }
}

fn line(what: &str, ms: f64, detail: &str, target: Option<f64>) {
    match target {
        Some(t) => println!(
            "{what:<28}{ms:>10.3} ms   {detail:<26} target < {t:>5} ms  {}",
            verdict(ms, t)
        ),
        None => println!("{what:<28}{ms:>10.3} ms   {detail}"),
    }
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Prints how SQLite runs the inbox queries for `user` (what the figures above depend on).
fn print_plans(store: &Store, user: &StaffMember) -> vigie::Result<()> {
    let queries = [
        (
            "inbox page",
            "SELECT id, kind, title, body, created_at, read_at IS NOT NULL FROM notifications
             WHERE recipient_id = ?1 AND cabinet_id = ?2 AND id < 1000000 ORDER BY id DESC LIMIT 50",
        ),
        (
            "unread count",
            "SELECT coalesce((SELECT unread FROM unread_counts
             WHERE cabinet_id = ?2 AND recipient_id = ?1), 0)",
        ),
    ];
    for (what, sql) in queries {
        let mut stmt = store.conn().prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let details = stmt
            .query_map(params![user.id, user.cabinet_id], |r| r.get::<_, String>(3))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        println!(
            "{:<28}plan: {}",
            format!("  {what} ({})", user.id),
            details.join("; ")
        );
    }
    Ok(())
}

fn main() -> vigie::Result<()> {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("vigie.db");
    let mut store = Store::open(&path)?;
    let clock = FixedClock::new(Utc.with_ymd_and_hms(2026, 11, 25, 8, 0, 0).unwrap());
    let now = instant_text(clock.now());
    let cabinet = cabinet::add(&store, &clock, "Grand Cabinet", None)?;
    let today = cabinet.today(&clock);

    println!(
        "Vigie big-firm benchmark, as of {today} ({})",
        path.display()
    );
    let t = Instant::now();
    let counts = generate(&mut store, &cabinet, today, &now)?;
    let generated = t.elapsed().as_secs_f64() * 1e3;
    line(
        "generate",
        generated,
        &format!(
            "{STAFF} staff, {CLIENTS} clients, {} deadlines, {} documents, {} tasks, {} events",
            counts.deadlines, counts.documents, counts.tasks, counts.events
        ),
        None,
    );
    let t = Instant::now();
    store.conn().execute_batch("ANALYZE")?;
    line("analyze", t.elapsed().as_secs_f64() * 1e3, "", None);

    let t = Instant::now();
    let first = vigie::detect::check(&mut store, &cabinet, today, clock.now())?;
    let first_ms = t.elapsed().as_secs_f64() * 1e3;
    line(
        "check (first run)",
        first_ms,
        &format!("created {}", first.created.total()),
        Some(200.0),
    );
    println!(
        "{:<28}{:>10}      echeance_proche {}, documents_manquants {}, taches_retard {}, evenement_important {}",
        "",
        "",
        first.created.echeance_proche,
        first.created.documents_manquants,
        first.created.taches_retard,
        first.created.evenement_important
    );
    let mut again = 0;
    let (median, max) = repeat(10, || {
        let report = vigie::detect::check(&mut store, &cabinet, today, clock.now()).expect("check");
        again += report.created.total();
    });
    assert_eq!(again, 0, "a repeated check must create nothing");
    line("check (repeat, median)", median, "created 0", Some(200.0));
    line("check (repeat, max)", max, "10 runs", Some(200.0));

    // The busiest user gets a 100,000-notification inbox.
    let user_id: i64 = store.conn().query_row(
        "SELECT recipient_id FROM notifications WHERE cabinet_id = ?1
         GROUP BY recipient_id ORDER BY count(*) DESC, recipient_id LIMIT 1",
        [cabinet.id],
        |r| r.get(0),
    )?;
    let user = staff::list(&store, cabinet.id)?
        .into_iter()
        .find(|s| s.id == user_id)
        .expect("recipient is staff");
    let t = Instant::now();
    let added = fill_inbox(&mut store, &user, today)?;
    line(
        "fill inbox",
        t.elapsed().as_secs_f64() * 1e3,
        &format!("{added} notifications added for {}", user.email),
        None,
    );
    let t = Instant::now();
    store.conn().execute_batch("ANALYZE")?;
    line("analyze", t.elapsed().as_secs_f64() * 1e3, "", None);
    let total: i64 = store.conn().query_row(
        "SELECT count(*) FROM notifications WHERE cabinet_id = ?1 AND recipient_id = ?2",
        params![cabinet.id, user.id],
        |r| r.get(0),
    )?;
    assert_eq!(total as usize, INBOX_SIZE);

    const RUNS: usize = 2_000;
    let page = Filter {
        limit: Some(50),
        ..Filter::default()
    };
    let first_page = inbox::list(&store, &user, &page)?;
    assert_eq!(first_page.len(), 50);
    let (median, max) = repeat(RUNS, || inbox::list(&store, &user, &page).expect("list"));
    line("inbox page 1 (median)", median, "50 of 100,000", Some(5.0));
    line(
        "inbox page 1 (max)",
        max,
        &format!("{RUNS} runs"),
        Some(5.0),
    );

    let next = Filter {
        limit: Some(50),
        before_id: first_page.last().map(|n| n.id),
        ..Filter::default()
    };
    let second_page = inbox::list(&store, &user, &next)?;
    assert_eq!(second_page.len(), 50);
    assert!(second_page[0].id < first_page[49].id);
    let (median, max) = repeat(RUNS, || inbox::list(&store, &user, &next).expect("list"));
    line("inbox page 2 (median)", median, "before_id", Some(5.0));
    line(
        "inbox page 2 (max)",
        max,
        &format!("{RUNS} runs"),
        Some(5.0),
    );

    let deep = Filter {
        limit: Some(50),
        before_id: Some(first_page[0].id - 90_000),
        ..Filter::default()
    };
    let (median, max) = repeat(RUNS, || inbox::list(&store, &user, &deep).expect("list"));
    line("inbox deep page (median)", median, "90,000 back", Some(5.0));
    line(
        "inbox deep page (max)",
        max,
        &format!("{RUNS} runs"),
        Some(5.0),
    );

    let unread_page = Filter {
        unread_only: true,
        limit: Some(50),
        ..Filter::default()
    };
    let (median, max) = repeat(RUNS, || {
        inbox::list(&store, &user, &unread_page).expect("list")
    });
    line(
        "inbox unread page (median)",
        median,
        "unread only",
        Some(5.0),
    );
    line(
        "inbox unread page (max)",
        max,
        &format!("{RUNS} runs"),
        Some(5.0),
    );

    // An ordinary user next to the big inbox: the planner must not scan the big one for them.
    let light_id: i64 = store.conn().query_row(
        "SELECT recipient_id FROM notifications WHERE cabinet_id = ?1 AND recipient_id <> ?2
         GROUP BY recipient_id ORDER BY count(*) DESC, recipient_id LIMIT 1",
        params![cabinet.id, user.id],
        |r| r.get(0),
    )?;
    let light = staff::list(&store, cabinet.id)?
        .into_iter()
        .find(|s| s.id == light_id)
        .expect("recipient is staff");
    let light_total = inbox::list(&store, &light, &Filter::default())?.len();
    let light_first = inbox::list(&store, &light, &page)?;
    let light_next = Filter {
        limit: Some(50),
        before_id: light_first.last().map(|n| n.id),
        ..Filter::default()
    };
    assert_eq!(inbox::list(&store, &light, &light_next)?.len(), 50);
    let (median, max) = repeat(RUNS, || inbox::list(&store, &light, &page).expect("list"));
    line(
        "other user page 1 (median)",
        median,
        &format!("50 of {light_total}"),
        Some(5.0),
    );
    line(
        "other user page 1 (max)",
        max,
        &format!("{RUNS} runs"),
        Some(5.0),
    );
    let (median, max) = repeat(RUNS, || {
        inbox::list(&store, &light, &light_next).expect("list")
    });
    line("other user page 2 (median)", median, "before_id", Some(5.0));
    line(
        "other user page 2 (max)",
        max,
        &format!("{RUNS} runs"),
        Some(5.0),
    );

    print_plans(&store, &user)?;
    print_plans(&store, &light)?;

    let unread = inbox::unread_count(&store, &user)?;
    let (median, max) = repeat(RUNS, || inbox::unread_count(&store, &user).expect("count"));
    line(
        "unread count (median)",
        median,
        &format!("{unread} unread"),
        Some(1.0),
    );
    line(
        "unread count (max)",
        max,
        &format!("{RUNS} runs"),
        Some(1.0),
    );

    // VIGIE_BENCH_KEEP=/some/file.db keeps a copy of the store for EXPLAIN QUERY PLAN work.
    if let Some(keep) = std::env::var_os("VIGIE_BENCH_KEEP") {
        store
            .conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
        std::fs::copy(&path, &keep).expect("copy of the store");
        println!("store kept as {}", std::path::Path::new(&keep).display());
    }
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!(
        "{:<28}{:>10.1} MiB",
        "store file",
        size as f64 / (1024.0 * 1024.0)
    );
    match peak_rss_kib() {
        Some(kib) => println!(
            "{:<28}{:>10.1} MiB",
            "peak RSS (VmHWM)",
            kib as f64 / 1024.0
        ),
        None => println!("{:<28}{:>10}", "peak RSS (VmHWM)", "n/a"),
    }
    Ok(())
}
