//! `vigie jobs …`: outputs, settings and exit codes of the scheduler's commands.

use serde_json::Value;
use std::path::Path;
use std::process::Output;

const NOW: &str = "2026-10-24T06:00:00Z";

fn vigie(dir: &Path, args: &[&str]) -> Output {
    crate::support::cli::run(dir, NOW, args)
}

fn json(dir: &Path, args: &[&str]) -> Value {
    crate::support::cli::json(dir, NOW, args)
}

fn fails(dir: &Path, args: &[&str], code: i32) -> String {
    crate::support::cli::fails(dir, NOW, args, code)
}

#[test]
fn schedules_are_listed_set_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    json(d, &["demo"]);
    let list = json(d, &["jobs", "list"]);
    let jobs: Vec<&str> = list.as_array().unwrap().iter().map(|j| j["job"].as_str().unwrap()).collect();
    assert_eq!(jobs, ["check", "weekly_digest", "cleanup", "status_update"]);
    assert_eq!(list[0]["cron"], "0 9,14 * * *");
    assert_eq!(list[0]["next_run"], "2026-10-24T09:00:00+02:00");
    assert_eq!(list[2]["next_run"], "2026-10-25T02:00:00+02:00");

    // The next instants across the fall-back night, with their local offsets.
    let next = json(d, &["jobs", "scheduled", "--count", "5", "--from", "2026-10-24T20:00"]);
    let at: Vec<(&str, &str)> =
        next.as_array().unwrap().iter().map(|i| (i["job"].as_str().unwrap(), i["at"].as_str().unwrap())).collect();
    assert_eq!(
        at,
        [
            ("status_update", "2026-10-25T00:00:00+02:00"),
            ("cleanup", "2026-10-25T02:00:00+02:00"),
            ("check", "2026-10-25T09:00:00+01:00"),
            ("check", "2026-10-25T14:00:00+01:00"),
            ("status_update", "2026-10-26T00:00:00+01:00"),
        ]
    );

    let set = json(d, &["jobs", "set", "check", "30 8 * * 1-5"]);
    assert_eq!(set["next"][0], "2026-10-26T08:30:00+01:00");
    let err = fails(d, &["jobs", "set", "check", "0 25 * * *"], 1);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("jobs.check.cron") && err.contains("hour: 25 is out of range 0-23"), "{err}");
    assert_eq!(json(d, &["settings", "get", "jobs.check.cron"])["value"], "30 8 * * 1-5");
    fails(d, &["jobs", "set", "backup", "0 1 * * *"], 2);
    fails(d, &["jobs", "scheduled", "--from", "hier"], 2);
    fails(d, &["jobs", "history", "--limit", "beaucoup"], 2);
}

#[test]
fn run_history_stats_pause_and_purge() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    json(d, &["demo"]);
    assert_eq!(json(d, &["jobs", "history"]), serde_json::json!([]));

    let runs = json(d, &["jobs", "run", "check"]);
    let run = &runs[0];
    assert_eq!(
        (run["job"].as_str(), run["trigger"].as_str(), run["outcome"].as_str()),
        (Some("check"), Some("manual"), Some("ok"))
    );
    assert!(run["counts"]["taches_retard"].as_u64().unwrap() > 0);
    assert_eq!(run["counts"]["emails_queued"], 0);
    json(d, &["jobs", "run", "status-update"]);
    let history = json(d, &["jobs", "history", "--limit", "1"]);
    assert_eq!(history.as_array().unwrap().len(), 1);
    let stats = json(d, &["jobs", "stats"]);
    let check = stats.as_array().unwrap().iter().find(|s| s["job"] == "check").unwrap();
    assert_eq!((check["runs"].as_i64(), check["failures"].as_i64()), (Some(1), Some(0)));

    let paused = json(d, &["jobs", "pause", "--until", "2026-10-24T18:00"]);
    assert_eq!(paused[0]["pause"], serde_json::json!({ "paused": "until", "until": "2026-10-24T16:00:00Z" }));
    assert_eq!(json(d, &["settings", "get", "jobs.paused_until"])["value"], "2026-10-24T16:00:00Z");
    assert_eq!(json(d, &["jobs", "list"])[0]["paused"], true);
    json(d, &["jobs", "resume"]);
    assert_eq!(json(d, &["jobs", "list"])[0]["paused"], false);

    // A failing job exits 1 with its error, and is in the history all the same.
    let out = vigie(d, &["settings", "set", "echeance.steps", "7,3"]);
    assert!(out.status.success());
    let conn = rusqlite::Connection::open(d.join("vigie.db")).unwrap();
    conn.execute("UPDATE settings SET value = '7,trois' WHERE key = 'echeance.steps'", []).unwrap();
    let err = fails(d, &["jobs", "run", "check"], 1);
    assert!(err.contains("job check failed") && err.contains("echeance.steps"), "{err}");
    assert_eq!(json(d, &["jobs", "history", "--job", "check"])[0]["outcome"], "failed");

    assert_eq!(json(d, &["jobs", "purge", "--before", "2026-10-25"])["deleted"], 3);
    assert_eq!(json(d, &["jobs", "history"]), serde_json::json!([]));
}

/// Writes a setting straight into the store, as another tool or a hand edit would.
fn store_setting(dir: &Path, key: &str, value: &str) {
    let conn = rusqlite::Connection::open(dir.join("vigie.db")).unwrap();
    conn.execute(
        "INSERT OR REPLACE INTO settings (cabinet_id, key, value) SELECT id, ?1, ?2 FROM cabinets",
        [key, value],
    )
    .unwrap();
}

#[test]
fn padded_stored_settings_read_as_trimmed_ones() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    json(d, &["demo"]);
    store_setting(d, "jobs.check.catchup_hours", " 12");
    store_setting(d, "jobs.check.cron", " 0 9 * * *");
    store_setting(d, "jobs.paused_until", " indefinite ");
    store_setting(d, "echeance.horizon_days", " 7 ");
    store_setting(d, "jobs.history_retention_days", "90 ");
    let list = json(d, &["jobs", "list"]);
    assert_eq!((list[0]["cron"].as_str(), list[0]["catchup_hours"].as_i64()), (Some("0 9 * * *"), Some(12)));
    assert_eq!(list[0]["paused"], true);
    json(d, &["jobs", "resume"]);
    for job in ["check", "cleanup"] {
        assert_eq!(json(d, &["jobs", "run", job])[0]["outcome"], "ok", "{job}");
    }
}

#[test]
fn a_garbage_stored_setting_is_an_error_naming_it_not_a_panic() {
    for (key, value, command) in [
        ("jobs.check.catchup_hours", "douze", &["jobs", "list"][..]),
        ("jobs.check.cron", "0 9 * *", &["jobs", "list"][..]),
        ("jobs.paused_until", "demain", &["jobs", "list"][..]),
        ("echeance.horizon_days", "sept", &["check"][..]),
        ("jobs.history_retention_days", "-1", &["jobs", "run", "cleanup"][..]),
        ("outbox.sent_retention_days", "beaucoup", &["jobs", "run", "cleanup"][..]),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        json(d, &["demo"]);
        store_setting(d, key, value);
        let err = fails(d, command, 1);
        assert!(err.contains(key) && err.contains(value), "{key}: {err}");
        assert!(!err.contains("panicked"), "{key}: {err}");
    }
}
