//! The `vigie` binary: its commands, outputs and exit codes, on real store files.

use serde_json::Value;
use std::path::Path;
use std::process::Output;

const NOW: &str = "2026-11-25T08:00:00Z";
const CLAIRE: &str = "claire.moreau@cabinet-demo.fr";

fn vigie(dir: &Path, args: &[&str]) -> Output {
    crate::support::cli::run(dir, NOW, args)
}

fn ok(dir: &Path, args: &[&str]) -> String {
    crate::support::cli::ok(dir, NOW, args)
}

fn json(dir: &Path, args: &[&str]) -> Value {
    crate::support::cli::json(dir, NOW, args)
}

fn fails(dir: &Path, args: &[&str], code: i32) -> String {
    crate::support::cli::fails(dir, NOW, args, code)
}

fn demo_store() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["demo"]);
    dir
}

#[test]
fn demo_then_check_fires_every_kind_once() {
    let dir = demo_store();
    let first = json(dir.path(), &["check"]);
    for kind in ["echeance_proche", "documents_manquants", "taches_retard", "evenement_important"] {
        assert!(first[kind].as_u64().unwrap() >= 1, "{kind}: {first}");
    }
    let second = json(dir.path(), &["check", "--cabinet", "Cabinet Démo"]);
    for kind in ["echeance_proche", "documents_manquants", "taches_retard", "evenement_important"] {
        assert_eq!(second[kind], 0, "{kind}: {second}");
    }
    let text = ok(dir.path(), &["check"]);
    let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split_whitespace().collect()).collect();
    assert_eq!(lines[0], ["echeance_proche", "0"], "{text}");
    // A demo goes only into an empty store when asked so, and never over real data.
    assert!(ok(dir.path(), &["demo", "--if-empty"]).contains("déjà"));
    let err = fails(dir.path(), &["demo"], 1);
    assert!(err.contains("already holds data"), "{err}");
}

#[test]
fn concurrent_checks_create_each_notification_once() {
    let dir = demo_store();
    let reference = tempfile::tempdir().unwrap();
    ok(reference.path(), &["demo"]);
    let expected: u64 =
        json(reference.path(), &["check"]).as_object().unwrap().values().map(|v| v.as_u64().unwrap()).sum();
    assert!(expected > 10);

    let children: Vec<_> = (0..4)
        .map(|_| {
            crate::support::cli::command(dir.path())
                .args(["--json", "check"])
                .env("VIGIE_NOW", NOW)
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut created = 0;
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        let counts: Value = serde_json::from_slice(&out.stdout).unwrap();
        created += counts.as_object().unwrap().values().map(|v| v.as_u64().unwrap()).sum::<u64>();
    }
    assert_eq!(created, expected);
    let conn = rusqlite::Connection::open(dir.path().join("vigie.db")).unwrap();
    let rows: i64 = conn.query_row("SELECT count(*) FROM notifications", [], |r| r.get(0)).unwrap();
    assert_eq!(rows as u64, expected);
}

#[test]
fn inbox_commands_list_read_and_count() {
    let dir = demo_store();
    ok(dir.path(), &["check"]);
    let all = json(dir.path(), &["notifications", "list", "--user", CLAIRE]);
    let all = all.as_array().unwrap();
    assert!(all.len() >= 3);
    for n in all {
        let keys: Vec<&str> = n.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            ["archived_at", "body", "client", "created_at", "id", "kind", "read", "snoozed_until", "title"]
        );
        assert_eq!(n["read"], false);
        assert_eq!(n["created_at"], NOW);
    }
    let count = json(dir.path(), &["notifications", "unread-count", "--user", CLAIRE]);
    assert_eq!(count["unread_count"].as_u64().unwrap(), all.len() as u64);

    let limited = json(dir.path(), &["notifications", "list", "--user", CLAIRE, "--limit", "2"]);
    assert_eq!(limited.as_array().unwrap().len(), 2);
    assert_eq!(limited[0]["id"], all[0]["id"]);
    let kind = all[0]["kind"].as_str().unwrap();
    let of_kind = json(dir.path(), &["notifications", "list", "--user", CLAIRE, "--kind", kind]);
    assert!(of_kind.as_array().unwrap().iter().all(|n| n["kind"] == kind));

    let id = all[0]["id"].to_string();
    ok(dir.path(), &["notifications", "read", &id, "--user", CLAIRE]);
    let unread = json(dir.path(), &["notifications", "list", "--user", CLAIRE, "--unread"]);
    assert_eq!(unread.as_array().unwrap().len(), all.len() - 1);
    assert!(unread.as_array().unwrap().iter().all(|n| n["id"] != all[0]["id"]));
    assert_eq!(
        ok(dir.path(), &["notifications", "unread-count", "--user", CLAIRE]).trim(),
        (all.len() - 1).to_string()
    );

    // Another user's notification cannot be read by id.
    let other = "sophie.martin@cabinet-demo.fr";
    let err = fails(dir.path(), &["notifications", "read", &id, "--user", other], 1);
    assert!(err.contains("not found"), "{err}");

    let marked = json(dir.path(), &["notifications", "read-all", "--user", CLAIRE]);
    assert_eq!(marked["marked_read"].as_u64().unwrap(), all.len() as u64 - 1);
    assert_eq!(json(dir.path(), &["notifications", "unread-count", "--user", CLAIRE])["unread_count"], 0);
}

#[test]
fn the_same_email_in_two_cabinets_needs_cabinet() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["cabinet", "add", "Alpha"]);
    ok(d, &["cabinet", "add", "Beta", "--timezone", "America/Martinique"]);
    let staff = d.join("staff.csv");
    std::fs::write(&staff, "nom;email;role\nClaire;claire@x.fr;expert\n").unwrap();
    let clients = d.join("clients.csv");
    std::fs::write(&clients, "nom;siren;responsable\nDupont;732829320;claire@x.fr\n").unwrap();
    let deadlines = d.join("deadlines.csv");
    std::fs::write(&deadlines, "siren;type;libelle;echeance\n732829320;tva;TVA;26/11/2026\n").unwrap();
    for cabinet in ["Alpha", "Beta"] {
        for (kind, file) in [("staff", &staff), ("clients", &clients)] {
            ok(d, &["import", kind, file.to_str().unwrap(), "--cabinet", cabinet]);
        }
    }
    ok(d, &["import", "deadlines", deadlines.to_str().unwrap(), "--cabinet", "Beta"]);
    assert_eq!(json(d, &["check"])["echeance_proche"], 1);
    let err = fails(d, &["notifications", "list", "--user", "claire@x.fr"], 1);
    assert!(err.contains("several cabinets (Alpha, Beta)"), "{err}");
    assert_eq!(
        json(d, &["notifications", "list", "--user", "claire@x.fr", "--cabinet", "Alpha"]),
        serde_json::json!([])
    );
    let beta = json(d, &["notifications", "list", "--user", "claire@x.fr", "--cabinet", "Beta"]);
    assert_eq!(beta.as_array().unwrap().len(), 1);
    assert_eq!(
        json(d, &["notifications", "unread-count", "--user", "claire@x.fr", "--cabinet", "Alpha"])["unread_count"],
        0
    );
    let cabinets = json(d, &["cabinet", "list"]);
    assert_eq!(cabinets[1]["timezone"], "America/Martinique");
    // Import into an unnamed cabinet is ambiguous now.
    let err = fails(d, &["import", "staff", staff.to_str().unwrap()], 1);
    assert!(err.contains("--cabinet"), "{err}");
}

#[test]
fn import_errors_exit_1_with_every_bad_row() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["cabinet", "add", "Alpha"]);
    let file = d.join("staff.csv");
    std::fs::write(&file, "name,email,role\nA,a@x.fr,expert\nB,not-an-email,expert\nC,c@x.fr,boss\n").unwrap();
    let path = file.to_str().unwrap();
    let err = fails(d, &["import", "staff", path, "--cabinet", "Alpha"], 1);
    assert!(err.contains(&format!("{path}:3: email: \"not-an-email\" is not an email address")), "{err}");
    assert!(err.contains(&format!("{path}:4: role: \"boss\" is not one of expert, collaborateur, assistant")), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");
    assert_eq!(json(d, &["staff", "list"]), serde_json::json!([]));
    let out = vigie(d, &["--json", "import", "staff", path, "--skip-invalid"]);
    assert!(out.status.success());
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["created"], 1);
    assert_eq!(report["skipped"].as_array().unwrap().len(), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("skipped: "));
}

#[test]
fn maintenance_commands() {
    let dir = demo_store();
    let status = json(dir.path(), &["status-update"]);
    assert!(status["tasks_late"].as_u64().unwrap() >= 1, "{status}");
    assert!(status["deadlines_overdue"].as_u64().unwrap() >= 1, "{status}");
    assert_eq!(json(dir.path(), &["status-update", "--at", "2026-11-25"])["tasks_late"], 0);
    ok(dir.path(), &["check"]);
    ok(dir.path(), &["notifications", "read-all", "--user", CLAIRE]);
    assert_eq!(json(dir.path(), &["cleanup"])["notifications_deleted"], 0);
    let deleted = json(dir.path(), &["cleanup", "--at", "31/12/2026"])["notifications_deleted"].as_u64().unwrap();
    assert!(deleted >= 1);
}

#[test]
fn settings_commands_check_values() {
    let dir = demo_store();
    let d = dir.path();
    ok(d, &["settings", "set", "echeance.steps", "10,5,1"]);
    assert_eq!(ok(d, &["settings", "get", "echeance.steps"]).trim(), "10,5,1");
    let err = fails(d, &["settings", "set", "echeance.steps", "10,cinq"], 1);
    assert!(err.contains("echeance.steps"), "{err}");
    assert_eq!(ok(d, &["settings", "get", "echeance.steps"]).trim(), "10,5,1");
    let list = json(d, &["settings", "list"]);
    assert!(list.as_array().unwrap().iter().any(|s| s["key"] == "cleanup.read_retention_days"));
}

#[test]
fn usage_errors_exit_2_and_runtime_errors_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fails(d, &["frobnicate"], 2);
    fails(d, &["check", "--at", "2026-02-30"], 2);
    fails(d, &["notifications", "list"], 2);
    fails(d, &["import", "payroll", "x.csv"], 2);
    let err = fails(d, &["check", "--cabinet", "Nulle part"], 1);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("no cabinet named \"Nulle part\""), "{err}");
    let err = fails(d, &["notifications", "list", "--user", "x@y.fr"], 1);
    assert_eq!(err.lines().count(), 1, "{err}");
    let err = fails(d, &["cabinet", "add", "Z", "--timezone", "Mars/Olympus"], 1);
    assert!(err.contains("unknown timezone"), "{err}");
    let out = crate::support::cli::command(d).args(["cabinet", "list"]).env("VIGIE_NOW", "hier").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_store_that_is_not_sqlite_is_reported_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vigie.db"), b"this is not a database, it is a letter").unwrap();
    let err = fails(dir.path(), &["cabinet", "list"], 1);
    assert!(err.contains("vigie.db") || err.contains("not a database"), "{err}");
    assert_eq!(std::fs::read(dir.path().join("vigie.db")).unwrap(), b"this is not a database, it is a letter");
}

#[test]
fn stored_control_characters_never_reach_the_terminal() {
    let dir = demo_store();
    // As an older version, or a hand edit of the store, could have left them.
    let hostile = "Dupont\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{202e}fin";
    let conn = rusqlite::Connection::open(dir.path().join("vigie.db")).unwrap();
    conn.execute("UPDATE clients SET name = ?1", [hostile]).unwrap();
    conn.execute("UPDATE staff SET name = ?1", [hostile]).unwrap();
    conn.execute("UPDATE cabinets SET name = ?1", [format!("Cabinet {hostile}")]).unwrap();
    drop(conn);
    let raw = |c: char| c == '\u{1b}' || c == '\u{7}' || c == '\u{9b}' || c == '\u{202e}';
    for args in [
        &["check"][..],
        &["notifications", "list", "--user", CLAIRE],
        &["staff", "list"],
        &["cabinet", "list"],
        &["--json", "notifications", "list", "--user", CLAIRE],
        &["--json", "staff", "list"],
        &["--json", "cabinet", "list"],
        &["check", "--cabinet", "Nulle part\u{1b}[2J"],
    ] {
        let out = vigie(dir.path(), args);
        let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(!stdout.chars().any(raw) && !stderr.chars().any(raw), "vigie {args:?}:\n{stdout}\n{stderr}");
        if args[0] == "--json" {
            // The values themselves survive, escaped.
            let value: Value = serde_json::from_str(&stdout).unwrap();
            assert!(value.to_string().contains("Dupont") || value.to_string().contains("Cabinet"), "{value}");
        }
    }
    let listed = ok(dir.path(), &["staff", "list"]);
    assert!(listed.contains("Dupont\\u{1b}]0;pwned\\u{7}"), "{listed}");
}

/// Runs `vigie` with standard output (or error) a pipe whose reader is already gone, as in
/// `vigie … | head` once head has exited: the exit code and what standard error received.
fn with_closed_pipe(dir: &Path, args: &[&str], close_stderr: bool) -> (Option<i32>, String) {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut command = crate::support::cli::command(dir);
    command.args(args).env("VIGIE_NOW", NOW).env_remove("VIGIE_DATA_DIR");
    if close_stderr {
        command.stdout(std::process::Stdio::null()).stderr(writer);
    } else {
        command.stdout(writer).stderr(std::process::Stdio::piped());
    }
    let out = command.output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn a_closed_output_pipe_ends_quietly_without_a_panic() {
    let dir = demo_store();
    ok(dir.path(), &["check"]);
    for args in [
        &["staff", "list"][..],
        &["--json", "staff", "list"],
        &["notifications", "list", "--user", CLAIRE],
        &["--json", "notifications", "list", "--user", CLAIRE],
    ] {
        let (code, stderr) = with_closed_pipe(dir.path(), args, false);
        assert_eq!(code, Some(0), "vigie {args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "vigie {args:?}: {stderr}");
    }
    // A failure stays a failure when its report cannot be read.
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "name;email;role\nA;pas-un-email;expert\n").unwrap();
    let (code, stderr) = with_closed_pipe(dir.path(), &["--json", "import", "staff", bad.to_str().unwrap()], false);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let (code, _) = with_closed_pipe(dir.path(), &["settings", "get", "nope"], true);
    assert_eq!(code, Some(1));
    let (code, _) = with_closed_pipe(dir.path(), &["staff", "list"], true);
    assert_eq!(code, Some(0));
}

#[test]
fn json_errors_are_code_message_details_on_stdout_and_text_errors_end_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["cabinet", "add", "Alpha"]);
    ok(d, &["cabinet", "add", "Beta"]);
    let out = vigie(d, &["--json", "settings", "list"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    let error: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        error,
        serde_json::json!({
            "code": "ambiguous",
            "message": "the store holds several cabinets (Alpha, Beta): choose one",
            "details": { "cabinets": ["Alpha", "Beta"] }
        })
    );
    let out = vigie(d, &["--json", "check", "--cabinet", "Gamma"]);
    assert_eq!(out.status.code(), Some(1));
    let error: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(error["code"], "not_found");
    assert_eq!(error["details"], serde_json::json!({ "cabinet": "Gamma" }));

    // Without --json: the engine's sentence, then the command-line hint, on one line.
    let err = fails(d, &["settings", "list"], 1);
    assert_eq!(err, "vigie: the store holds several cabinets (Alpha, Beta): choose one (with --cabinet NAME)\n");
    let err = fails(d, &["check", "--cabinet", "Gamma"], 1);
    assert_eq!(err, "vigie: no cabinet named \"Gamma\" (see: vigie cabinet list)\n");
}
