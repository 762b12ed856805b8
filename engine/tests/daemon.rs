//! The real `vigie daemon` on a temporary store, with the test-only fast clock
//! (VIGIE_CLOCK_START / VIGIE_CLOCK_SPEED): which jobs ran, when, how often, and what a SIGTERM
//! in the middle of a run leaves behind. Waits poll the store with a timeout; nothing sleeps
//! for a schedule.

use rusqlite::Connection;
use serde_json::Value;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CLAIRE: &str = "claire.moreau@cabinet-demo.fr";

fn vigie(dir: &Path, now: &str, args: &[&str]) -> String {
    crate::support::cli::ok(dir, now, args)
}

fn history(dir: &Path, now: &str) -> Vec<Value> {
    let text = vigie(dir, now, &["--json", "jobs", "history", "--limit", "500"]);
    let mut runs: Vec<Value> = serde_json::from_str(&text).unwrap();
    runs.sort_by_key(|r| (r["scheduled_for"].as_str().unwrap().to_string(), r["id"].as_i64().unwrap()));
    runs
}

struct Daemon {
    child: Child,
}

impl Daemon {
    fn start(dir: &Path, clock_start: &str, speed: &str, extra: &[&str]) -> Self {
        let log = std::fs::File::create(dir.join(format!("daemon-{clock_start}.stderr"))).unwrap();
        let child = crate::support::cli::command(dir)
            .arg("daemon")
            .args(extra)
            .env("VIGIE_CLOCK_START", clock_start)
            .env("VIGIE_CLOCK_SPEED", speed)
            .env_remove("VIGIE_NOW")
            .env_remove("VIGIE_DATA_DIR")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap();
        Self { child }
    }

    /// Sends SIGTERM and waits for a clean exit.
    fn terminate(mut self) {
        let status = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().unwrap();
        assert!(status.success());
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "the daemon exited with {status}");
                return;
            }
            assert!(Instant::now() < deadline, "the daemon did not stop after SIGTERM");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        // A failed assertion must not leave the daemon running.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls the store until `sql` (one integer) is non-zero.
fn wait_until(dir: &Path, what: &str, timeout: Duration, sql: &str) {
    let deadline = Instant::now() + timeout;
    loop {
        if let Ok(conn) = Connection::open(dir.join("vigie.db")) {
            let found: i64 = conn.query_row(sql, [], |r| r.get(0)).unwrap_or(0);
            if found != 0 {
                return;
            }
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// The store is sound and no run is left `running` or holding a lease.
fn assert_consistent(dir: &Path) -> Connection {
    let conn = Connection::open(dir.join("vigie.db")).unwrap();
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    assert_eq!(count(&conn, "SELECT count(*) FROM job_runs WHERE outcome = 'running'"), 0);
    assert_eq!(count(&conn, "SELECT count(*) FROM job_leases"), 0);
    conn
}

#[test]
fn the_daemon_lives_through_the_fall_back_weekend_running_each_instant_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Saturday 2026-10-24, 08:00 in Paris; 40,000 simulated seconds per real second.
    vigie(d, "2026-10-24T06:00:00Z", &["demo"]);
    let daemon = Daemon::start(d, "2026-10-24T06:00:00Z", "40000", &[]);
    wait_until(
        d,
        "Monday's 14:00 check",
        Duration::from_secs(120),
        "SELECT count(*) FROM job_runs WHERE job = 'check' AND scheduled_for = '2026-10-26T13:00:00Z' AND outcome <> 'running'",
    );
    daemon.terminate();
    assert_consistent(d);

    let runs: Vec<Value> = history(d, "2026-10-26T14:00:00Z")
        .into_iter()
        .filter(|r| r["scheduled_for"].as_str().unwrap() <= "2026-10-26T13:00:00Z")
        .collect();
    let got: Vec<(&str, &str)> =
        runs.iter().map(|r| (r["job"].as_str().unwrap(), r["scheduled_for"].as_str().unwrap())).collect();
    assert_eq!(
        got,
        [
            ("status_update", "2026-10-23T22:00:00Z"), // Saturday 00:00, caught up at start
            ("check", "2026-10-24T07:00:00Z"),         // 09:00 CEST
            ("check", "2026-10-24T12:00:00Z"),         // 14:00 CEST
            ("status_update", "2026-10-24T22:00:00Z"), // Sunday 00:00 CEST
            ("cleanup", "2026-10-25T00:00:00Z"),       // Sunday 02:00, the first one only
            ("check", "2026-10-25T08:00:00Z"),         // 09:00 CET
            ("check", "2026-10-25T13:00:00Z"),         // 14:00 CET
            ("status_update", "2026-10-25T23:00:00Z"), // Monday 00:00 CET
            ("weekly_digest", "2026-10-26T07:00:00Z"), // Monday 08:00 CET
            ("check", "2026-10-26T08:00:00Z"),
            ("check", "2026-10-26T13:00:00Z"),
        ]
    );
    for (i, r) in runs.iter().enumerate() {
        assert_eq!(r["outcome"], "ok", "{r}");
        assert_eq!(r["trigger"], if i == 0 { "catchup" } else { "schedule" }, "{r}");
        // Never early: a run starts at or after its instant.
        assert!(r["started_at"].as_str().unwrap() >= r["scheduled_for"].as_str().unwrap(), "{r}");
        assert!(r["owner"].as_str().unwrap().starts_with("daemon pid "), "{r}");
    }
    let first_check = &runs[1]["counts"];
    assert!(first_check["taches_retard"].as_u64().unwrap() > 0, "{first_check}");
    assert_eq!(first_check["emails_queued"], 0);

    // The same history through the other commands.
    let stats: Vec<Value> =
        serde_json::from_str(&vigie(d, "2026-10-26T14:00:00Z", &["--json", "jobs", "stats"])).unwrap();
    let check = stats.iter().find(|s| s["job"] == "check").unwrap();
    assert!(check["runs"].as_i64().unwrap() >= 6 && check["failures"] == 0, "{check}");
    let inbox: Vec<Value> =
        serde_json::from_str(&vigie(d, "2026-10-26T14:00:00Z", &["--json", "notifications", "list", "--user", CLAIRE]))
            .unwrap();
    assert!(!inbox.is_empty());

    // Logs went to a daily file in <data-dir>/logs/ as well as stderr.
    let logs: Vec<_> = std::fs::read_dir(d.join("logs")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(logs.len(), 1, "{logs:?}");
    let text = std::fs::read_to_string(&logs[0]).unwrap();
    assert!(text.contains("job finished") && text.contains("SIGTERM received"), "{text}");
}

#[test]
fn a_sigterm_in_the_middle_of_a_run_leaves_the_store_consistent_and_the_instant_due() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    vigie(d, "2026-11-25T07:00:00Z", &["demo"]);
    // 60,000 late tasks make the 09:00 check last about a second.
    {
        let mut conn = Connection::open(d.join("vigie.db")).unwrap();
        let (staff, cabinet): (i64, i64) = conn
            .query_row("SELECT id, cabinet_id FROM staff WHERE email = ?1", [CLAIRE], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap();
        let tx = conn.transaction().unwrap();
        {
            let mut insert = tx
                .prepare("INSERT INTO tasks (cabinet_id, title, assignee_id, due_date, status) VALUES (?1, ?2, ?3, '2026-11-01', 'a_faire')")
                .unwrap();
            for i in 0..60_000 {
                insert.execute(rusqlite::params![cabinet, format!("Relance {i}"), staff]).unwrap();
            }
        }
        tx.commit().unwrap();
    }
    // Real-time clock from 08:59:58 in Paris; stop without grace so the run is interrupted.
    let daemon = Daemon::start(d, "2026-11-25T07:59:58Z", "1", &["--stop-grace", "0"]);
    wait_until(d, "the check to start", Duration::from_secs(60), "SELECT count(*) FROM job_runs WHERE job = 'check'");
    daemon.terminate();
    let conn = assert_consistent(d);

    let (outcome, error, counts): (String, Option<String>, String) = conn
        .query_row("SELECT outcome, error, counts FROM job_runs WHERE job = 'check'", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    let notifications = count(&conn, "SELECT count(*) FROM notifications");
    match outcome.as_str() {
        // The usual case: rolled back whole, recorded with why, the instant still due.
        "interrupted" => {
            assert_eq!(notifications, 0, "an interrupted check left notifications behind");
            assert!(error.unwrap().contains("stopped by a shutdown"));
            assert_eq!(
                count(
                    &conn,
                    "SELECT count(*) FROM job_state WHERE job = 'check' AND last_instant >= '2026-11-25T08:00:00Z'"
                ),
                0
            );
        }
        // It finished just before the signal: then all of it is there.
        "ok" => {
            let counts: Value = serde_json::from_str(&counts).unwrap();
            let sum: i64 = ["echeance_proche", "documents_manquants", "taches_retard", "evenement_important"]
                .iter()
                .map(|k| counts[k].as_i64().unwrap())
                .sum();
            assert_eq!(sum, notifications);
        }
        other => panic!("unexpected outcome {other}"),
    }
    drop(conn);

    // Restarted half an hour later, the daemon catches the 09:00 check up if it was
    // interrupted, and in any case the store ends with each notification exactly once.
    let daemon = Daemon::start(d, "2026-11-25T08:30:00Z", "1", &[]);
    wait_until(
        d,
        "the check to be done",
        Duration::from_secs(60),
        "SELECT count(*) FROM job_runs WHERE job = 'check' AND outcome = 'ok'",
    );
    daemon.terminate();
    let conn = assert_consistent(d);
    let created: i64 = conn
        .query_row(
            "SELECT sum(json_extract(counts, '$.echeance_proche') + json_extract(counts, '$.documents_manquants')
                      + json_extract(counts, '$.taches_retard') + json_extract(counts, '$.evenement_important'))
             FROM job_runs WHERE job = 'check' AND outcome = 'ok'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(created > 60_000);
    assert_eq!(count(&conn, "SELECT count(*) FROM notifications"), created);
    let checks: Vec<(String, String)> = conn
        .prepare("SELECT outcome, trigger FROM job_runs WHERE job = 'check' ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    if checks[0].0 == "interrupted" {
        assert_eq!(checks[1], ("ok".to_string(), "catchup".to_string()));
    }
    // The interrupted run is shown, with its reason, by `vigie jobs history`.
    let text = vigie(d, "2026-11-25T09:00:00Z", &["jobs", "history", "--job", "check"]);
    assert!(text.contains(&checks[0].0), "{text}");
}
