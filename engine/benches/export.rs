//! Benchmark: "Exporter en CSV" on a big firm. 2,000 clients, 100,000 deadlines and 200,000
//! document requests are generated into a file store (some labels holding `;`, quotes or a
//! formula start, so that quoting and neutralising are paid for), then each export is written
//! five times; prints the median wall-clock time, the time on a CPU, the rows and the size.
//! Target: a few seconds at most for 100,000 deadlines.
//!
//! Run with `cargo bench -p vigie-engine --bench export`.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use rusqlite::params;
use std::time::Instant;
use vigie::cabinet::{self, Cabinet};
use vigie::clock::{Clock, FixedClock};
use vigie::firm::Direction;
use vigie::firm::deadlines::{DeadlineFilter, DeadlineQuery, DeadlineSort};
use vigie::firm::documents::DocumentQuery;
use vigie::firm::export::{self, ExportTable};
use vigie::store::{Store, date_text, instant_text};

const STAFF: usize = 50;
const CLIENTS: usize = 2_000;
const DEADLINES_PER_CLIENT: usize = 50;
const DOCUMENTS_PER_CLIENT: usize = 100;
const RUNS: usize = 5;

/// Fills the cabinet; returns how long it took, in milliseconds.
fn generate(store: &mut Store, cabinet: &Cabinet, today: NaiveDate, now: &str) -> vigie::Result<f64> {
    let t = Instant::now();
    let tx = store.begin_write()?;
    let mut staff = Vec::with_capacity(STAFF);
    for i in 0..STAFF {
        tx.execute(
            "INSERT INTO staff (cabinet_id, name, email, role, active, created_at) VALUES (?1, ?2, ?3, 'collaborateur', 1, ?4)",
            params![cabinet.id, format!("Collaborateur {i:02}"), format!("p{i:02}@grand-cabinet.fr"), now],
        )?;
        staff.push(tx.last_insert_rowid());
    }
    let mut clients = Vec::with_capacity(CLIENTS);
    for i in 0..CLIENTS {
        tx.execute(
            "INSERT INTO clients (cabinet_id, name, siren, vat_regime, manager_id, created_at)
             VALUES (?1, ?2, ?3, 'mensuel', ?4, ?5)",
            params![
                cabinet.id,
                format!("Client {i:04} SARL"),
                vigie::siren::with_check_digit(10_000_000 + i as u32 * 44_111),
                staff[i % STAFF],
                now
            ],
        )?;
        clients.push(tx.last_insert_rowid());
    }
    let kinds = [
        ("tva_ca3", "TVA CA3 mensuelle"),
        ("is_acompte", "Acompte IS; 2e trimestre"),
        ("dsn", "DSN \"mensuelle\""),
        ("cfe", "-CFE solde"),
        ("liasse", "Liasse fiscale"),
    ];
    let statuses = ["a_faire", "en_cours", "faite", "depassee"];
    let mut deadline = tx.prepare_cached(
        "INSERT INTO deadlines (cabinet_id, client_id, kind, label, due_date, status, assignee_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut document = tx.prepare_cached(
        "INSERT INTO document_requests (cabinet_id, client_id, label, requested_on, due_date, received_on, owner_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (c, &client) in clients.iter().enumerate() {
        for j in 0..DEADLINES_PER_CLIENT {
            let (kind, label) = kinds[(c + j) % kinds.len()];
            let due = date_text(today + Duration::days(j as i64 * 7 - 180));
            let assignee = (j % 5 != 0).then(|| staff[(c + j) % STAFF]);
            deadline.execute(params![cabinet.id, client, kind, label, due, statuses[(c + j) % 4], assignee])?;
        }
        for j in 0..DOCUMENTS_PER_CLIENT {
            let due = today + Duration::days(j as i64 * 3 - 150);
            let received = (j % 3 == 0).then(|| date_text(due));
            document.execute(params![
                cabinet.id,
                client,
                format!("Relevés bancaires n°{j}\nmois {}", j % 12 + 1),
                date_text(due - Duration::days(30)),
                date_text(due),
                received,
                staff[j % STAFF]
            ])?;
        }
    }
    drop((deadline, document));
    tx.commit()?;
    store.conn().execute_batch("ANALYZE")?;
    Ok(t.elapsed().as_secs_f64() * 1e3)
}

/// This thread's time on a CPU so far, in milliseconds (Linux), which the load of other builds
/// on a shared machine does not inflate.
fn cpu_ms() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .map_or(f64::NAN, |ns| ns as f64 / 1e6)
}

fn peak_rss_mib() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or("n/a".into(), |kib| format!("{:.1} MiB", kib / 1024.0))
}

fn measure(store: &Store, cabinet: &Cabinet, today: NaiveDate, what: &str, table: ExportTable) -> vigie::Result<()> {
    let mut times = Vec::with_capacity(RUNS);
    let mut last = None;
    let cpu = cpu_ms();
    for _ in 0..RUNS {
        let t = Instant::now();
        let e = export::export(store, cabinet, &table, today)?;
        times.push(t.elapsed().as_secs_f64() * 1e3);
        last = Some((e.rows, e.bytes.len()));
    }
    let cpu = (cpu_ms() - cpu) / RUNS as f64;
    times.sort_by(f64::total_cmp);
    let (rows, bytes) = last.unwrap_or_default();
    let median = times[RUNS / 2];
    let verdict = if median < 3_000.0 { "OK" } else { "MISSED" };
    println!(
        "{what:<34}{median:>8.0} ms median (max {:>5.0})  cpu {cpu:>5.0} ms  {rows:>7} rows  {:>5.1} MiB  target < 3000 ms {verdict}",
        times[RUNS - 1],
        bytes as f64 / 1_048_576.0
    );
    Ok(())
}

fn main() -> vigie::Result<()> {
    let clock = FixedClock::new(Utc.with_ymd_and_hms(2026, 11, 25, 8, 0, 0).unwrap());
    let dir = tempfile::tempdir().expect("temporary directory");
    let mut store = Store::open(&dir.path().join("vigie.db"))?;
    let cabinet = cabinet::add(&store, &clock, "Grand Cabinet", None)?;
    let today = cabinet.today(&clock);
    let generated = generate(&mut store, &cabinet, today, &instant_text(clock.now()))?;
    println!("Vigie export benchmark: 100,000 deadlines and 200,000 documents generated in {generated:.0} ms");
    let deadlines = |query| ExportTable::Deadlines(query);
    measure(&store, &cabinet, today, "deadlines, by due date", deadlines(DeadlineQuery::default()))?;
    let by_client =
        DeadlineQuery { sort: DeadlineSort::Client, direction: Direction::Desc, ..DeadlineQuery::default() };
    measure(&store, &cabinet, today, "deadlines, by client Z to A", deadlines(by_client))?;
    let label = DeadlineQuery { sort: DeadlineSort::Label, ..DeadlineQuery::default() };
    measure(&store, &cabinet, today, "deadlines, by label", deadlines(label))?;
    let found = DeadlineQuery {
        search: Some("acompte".into()),
        filter: DeadlineFilter { open_only: true, ..DeadlineFilter::default() },
        ..DeadlineQuery::default()
    };
    measure(&store, &cabinet, today, "deadlines \"acompte\", open only", deadlines(found))?;
    measure(&store, &cabinet, today, "documents, by due date", ExportTable::Documents(DocumentQuery::default()))?;
    println!("peak RSS (VmHWM): {}", peak_rss_mib());
    Ok(())
}
