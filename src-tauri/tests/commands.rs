//! The window's commands through Tauri's IPC, on a mock runtime (no window, no tray): each
//! behaviour and each error code the window relies on.

use chrono::{TimeZone, Utc};
use serde_json::{Value, json};
use std::sync::Arc;
use tauri::test::{INVOKE_KEY, MockRuntime, mock_builder, mock_context, noop_assets};
use tauri::webview::InvokeRequest;
use tauri::{WebviewWindow, WebviewWindowBuilder};
use vigie::clock::FixedClock;
use vigie_desktop::desk::Desk;

struct App {
    _app: tauri::App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    _dir: tempfile::TempDir,
}

fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::new(Utc.with_ymd_and_hms(2026, 11, 25, 8, 0, 0).unwrap()))
}

fn app_on(dir: tempfile::TempDir, desk: Desk) -> App {
    let app = vigie_desktop::run(mock_builder(), desk, None).build(mock_context(noop_assets())).unwrap();
    let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    App { _app: app, window, _dir: dir }
}

/// An app on a new store holding nothing.
fn empty() -> App {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path(), clock());
    app_on(dir, desk)
}

/// An app on the demo firm, its expert as the user, after a check.
fn demo() -> App {
    let dir = tempfile::tempdir().unwrap();
    let vigie = vigie::app::Vigie::open(dir.path(), clock()).unwrap();
    vigie.start_demo().unwrap();
    vigie.check(None, None).unwrap();
    drop(vigie);
    let desk = Desk::open(dir.path(), clock());
    app_on(dir, desk)
}

impl App {
    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: tauri::ipc::CallbackFn(0),
            error: tauri::ipc::CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: tauri::ipc::InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        tauri::test::get_ipc_response(&self.window, request).map(|body| body.deserialize::<Value>().unwrap())
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args.clone()).unwrap_or_else(|e| panic!("{cmd} {args}: {e}"))
    }

    /// The error's code, after checking it has the `{ code, message, details }` shape.
    fn fails(&self, cmd: &str, args: Value) -> (String, String) {
        let error = self.call(cmd, args).expect_err("the command should fail");
        let object = error.as_object().unwrap_or_else(|| panic!("not {{ code, message, details }}: {error}"));
        assert!(object["details"].is_object(), "{error}");
        (object["code"].as_str().unwrap().to_string(), object["message"].as_str().unwrap().to_string())
    }
}

#[test]
fn the_first_run_lists_cabinets_then_a_chosen_user_gets_their_inbox() {
    let app = demo();
    app.ok("leave_demo", json!({}));
    let session = app.ok("session", json!({}));
    assert_eq!(session["user"], Value::Null);
    let (code, message) = app.fails("inbox", json!({ "filter": {} }));
    assert_eq!(code, "no_workstation");
    assert!(message.starts_with("Cet ordinateur n'a pas encore d'utilisateur"), "{message}");

    let user = app.ok("start_demo", json!({}));
    assert_eq!(user["demo"], true);
    let directory = app.ok("staff_directory", json!({}));
    let cabinet = &directory[0];
    let member = &cabinet["members"][1];
    let chosen = app.ok("choose_user", json!({ "email": member["email"], "cabinet": cabinet["cabinet"] }));
    assert_eq!(chosen["email"], member["email"]);
    assert_eq!(app.ok("session", json!({}))["user"]["name"], member["name"]);
}

#[test]
fn an_unknown_person_is_refused_in_french_with_their_email() {
    let app = demo();
    let (code, message) =
        app.fails("choose_user", json!({ "email": "personne@nulle.part", "cabinet": "Cabinet Démo" }));
    assert_eq!(code, "not_found");
    assert!(message.contains("personne@nulle.part") && message.contains("Aucun"), "{message}");
}

#[test]
fn the_inbox_opens_marks_snoozes_and_archives_with_counts_that_agree() {
    let app = demo();
    let unread = app.ok("session", json!({}))["unread"].as_u64().unwrap();
    assert!(unread > 3, "the demo check alerts its expert");
    let counts = app.ok("tab_counts", json!({}));
    assert_eq!(counts["unread"].as_u64(), Some(unread));

    let page = app.ok("inbox", json!({ "filter": { "tab": "unread", "limit": 2 } }));
    assert_eq!(page.as_array().unwrap().len(), 2);
    let first = page[0]["id"].as_i64().unwrap();
    let second = page[1]["id"].as_i64().unwrap();
    let next = app.ok("inbox", json!({ "filter": { "tab": "unread", "limit": 2, "before_id": second } }));
    assert!(next[0]["id"].as_i64().unwrap() < second, "keyset paging goes on from the last row");

    let subject = app.ok("open_notification", json!({ "id": first }));
    assert_eq!(subject["notification"]["id"].as_i64(), Some(first));
    assert!(subject["detail"]["type"].is_string());
    assert_eq!(app.ok("session", json!({}))["unread"].as_u64(), Some(unread - 1));
    app.ok("mark_unread", json!({ "id": first }));
    assert_eq!(app.ok("tab_counts", json!({}))["unread"].as_u64(), Some(unread));

    app.ok("snooze", json!({ "id": first, "until": { "for": "one_hour" } }));
    let counts = app.ok("tab_counts", json!({}));
    assert_eq!((counts["unread"].as_u64(), counts["snoozed"].as_u64()), (Some(unread - 1), Some(1)));
    app.ok("unsnooze", json!({ "id": first }));

    app.ok("archive", json!({ "id": second }));
    let archived = app.ok("inbox", json!({ "filter": { "tab": "archived" } }));
    assert_eq!(archived[0]["id"].as_i64(), Some(second));
    app.ok("unarchive", json!({ "id": second }));

    let marked = app.ok("mark_all_read", json!({ "tab": "echeance_proche" })).as_u64().unwrap();
    let counts = app.ok("tab_counts", json!({}));
    assert_eq!(
        counts["per_kind"]["echeance_proche"].as_u64().map(|_| counts["unread"].as_u64().unwrap()),
        Some(unread - marked)
    );
}

#[test]
fn each_inbox_error_has_its_code() {
    let app = demo();
    assert_eq!(app.fails("open_notification", json!({ "id": 987654 })).0, "not_found");
    assert_eq!(app.fails("mark_read", json!({ "id": 987654 })).0, "not_found");
    let past = json!({ "id": 1, "until": { "for": "until", "at": "2020-01-01T00:00:00Z" } });
    let (code, message) = app.fails("snooze", past);
    assert_eq!(code, "invalid_input");
    assert!(message.contains("2020"), "{message}");
}

#[test]
fn the_check_runs_now_in_the_users_cabinet_and_pop_ups_mute_and_resume() {
    let app = demo();
    let done = app.ok("check_now", json!({}));
    assert_eq!(done["outcome"], "ok");
    assert_eq!(done["created"], 0, "the same day's second check finds nothing new");
    let muted = app.ok("mute_popups", json!({ "span": "one_hour" }));
    assert_eq!(muted, json!({ "paused": "until", "until": "2026-11-25T09:00:00Z" }));
    assert_eq!(app.ok("session", json!({}))["popups"]["paused"], "until");
    app.ok("resume_popups", json!({}));
    assert_eq!(app.ok("session", json!({}))["popups"]["paused"], "no");
}

#[test]
fn a_store_that_cannot_be_opened_is_explained_and_retried() {
    let dir = tempfile::tempdir().unwrap();
    let not_a_folder = dir.path().join("fichier");
    std::fs::write(&not_a_folder, "x").unwrap();
    let desk = Desk::open(&not_a_folder, clock());
    let app = app_on(dir, desk);
    let (code, message) = app.fails("session", json!({}));
    assert!(["io", "store_unavailable"].contains(&code.as_str()), "{code}");
    assert!(message.contains("fichier"), "names the path: {message}");
    assert_eq!(app.fails("retry_open", json!({})).0, code);
}

#[test]
fn about_names_the_folders() {
    let app = empty();
    let about = app.ok("about", json!({}));
    assert_eq!(about["version"], env!("CARGO_PKG_VERSION"));
    assert!(about["log_dir"].as_str().unwrap().ends_with("logs"));
    assert_eq!(app.ok("session", json!({}))["user"], Value::Null);
    assert!(app.ok("staff_directory", json!({})).as_array().unwrap().is_empty());
}

#[test]
fn the_job_monitor_runs_a_job_now_tries_and_saves_a_schedule_and_pauses_alerts() {
    let app = demo();
    let monitor = app.ok("job_monitor", json!({}));
    assert_eq!(monitor["cabinet"], "Cabinet Démo");
    let jobs: Vec<&str> = monitor["jobs"].as_array().unwrap().iter().map(|j| j["job"].as_str().unwrap()).collect();
    assert_eq!(jobs, ["check", "weekly_digest", "cleanup", "status_update"]);
    assert_eq!(monitor["jobs"][0]["next_runs"].as_array().unwrap().len(), 5);

    let runs = app.ok("run_job_now", json!({ "job": "status_update" }));
    assert_eq!(runs[0]["outcome"], "ok");
    assert_eq!(runs[0]["trigger"], "manual");
    let history = app.ok("job_history", json!({ "job": "status_update", "limit": 10 }));
    assert_eq!(history[0]["id"], runs[0]["id"]);

    let preview = app.ok("preview_schedule", json!({ "job": "check", "cron": "0 8 * * 1-5" }));
    assert_eq!(preview["description"].as_str().unwrap().replace('\u{a0}', " "), "du lundi au vendredi à 8 h");
    let (code, message) = app.fails("preview_schedule", json!({ "job": "check", "cron": "0 9 * *" }));
    assert_eq!(code, "invalid_setting");
    assert!(message.contains("5 champs attendus"), "{message}");
    let saved = app.ok("set_job_schedule", json!({ "job": "check", "cron": "0 8 * * 1-5" }));
    assert_eq!(saved["jobs"][0]["cron"], "0 8 * * 1-5");
    let (code, _) = app.fails("set_job_schedule", json!({ "job": "check", "cron": "0 25 * * *" }));
    assert_eq!(code, "invalid_setting");
    assert_eq!(
        app.ok("job_monitor", json!({}))["jobs"][0]["cron"],
        "0 8 * * 1-5",
        "a refused schedule changes nothing"
    );

    assert_eq!(app.ok("pause_alerts", json!({ "until": null })), json!({ "paused": "indefinite" }));
    assert_eq!(app.ok("job_monitor", json!({}))["jobs"][0]["paused"], true);
    app.ok("resume_alerts", json!({}));
    assert_eq!(app.ok("job_monitor", json!({}))["jobs"][0]["paused"], false);
}

#[test]
fn the_outbox_and_the_logs_are_listed() {
    // A server on a port nobody listens on: the check queues its alert emails, none is sent.
    let dir = tempfile::tempdir().unwrap();
    let vigie = vigie::app::Vigie::open(dir.path(), clock()).unwrap();
    vigie.start_demo().unwrap();
    let changes = vigie::app::smtp::SmtpChanges {
        host: Some("127.0.0.1".into()),
        port: Some(9),
        user: Some(String::new()),
        from_email: Some("alertes@cabinet-demo.fr".into()),
        security: Some(vigie::email::smtp::Security::None),
        ..Default::default()
    };
    vigie.set_smtp(None, changes, None).unwrap();
    vigie.check(None, None).unwrap();
    drop(vigie);
    let desk = Desk::open(dir.path(), clock());
    let app = app_on(dir, desk);
    let queued = app.ok("outbox", json!({ "status": "queued", "limit": 100 }));
    let rows = queued.as_array().unwrap();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r["status"] == "queued" && r["cabinet"] == "Cabinet Démo"));
    app.ok("retry_email", json!({ "id": rows[0]["id"] }));
    let (code, _) = app.fails("retry_email", json!({ "id": 999_999 }));
    assert_eq!(code, "not_found");

    let page = app.ok("log_entries", json!({ "query": { "min_level": "warn" } }));
    assert_eq!(page["entries"], json!([]), "no log file yet in a new data folder");
}

#[test]
fn the_smtp_screen_saves_settings_names_a_missing_field_and_reports_an_unreachable_server() {
    let app = demo();
    let panel = app.ok("smtp_settings", json!({}));
    assert_eq!(panel["settings"], Value::Null);

    let error = app
        .call("save_smtp", json!({ "changes": { "host": "127.0.0.1" }, "password": null }))
        .expect_err("a sender address is needed");
    assert_eq!(error["code"], "invalid_input");
    assert_eq!(error["details"]["key"], "smtp.from_email", "the field is named, for the form");
    assert!(error["message"].as_str().unwrap().contains("adresse"), "{error}");
    assert_eq!(app.ok("smtp_settings", json!({}))["settings"], Value::Null, "nothing saved");

    let changes = json!({ "host": "127.0.0.1", "port": 9, "security": "none", "user": "", "from_email": "alertes@cabinet-demo.fr", "from_name": "Cabinet Démo" });
    let panel = app.ok("save_smtp", json!({ "changes": changes, "password": null }));
    assert_eq!(panel["settings"]["host"], "127.0.0.1");
    assert_eq!(panel["settings"]["port"], 9);
    assert_eq!(panel["password"], json!({ "state": "no_login" }));

    // Nobody listens on port 9 (discard): the server cannot be reached, said in French.
    let (code, message) = app.fails("send_test_email", json!({ "to": "claire.moreau@cabinet-demo.fr" }));
    assert_eq!(code, "smtp_unreachable");
    assert!(message.contains("n'a pas pu être joint") && message.contains("Connection refused"), "{message}");
}

#[test]
fn a_cabinet_setting_is_changed_or_refused_with_its_reason_in_french() {
    let app = demo();
    let all = app.ok("cabinet_settings", json!({}));
    let horizon = all.as_array().unwrap().iter().find(|e| e["key"] == "echeance.horizon_days").unwrap().clone();
    assert_eq!((horizon["value"].as_str(), horizon["default"].as_str()), (Some("7"), Some("7")));

    let after = app.ok("set_cabinet_setting", json!({ "key": "echeance.horizon_days", "value": "10" }));
    let horizon = after.as_array().unwrap().iter().find(|e| e["key"] == "echeance.horizon_days").unwrap().clone();
    assert_eq!(horizon["value"], "10");

    let error = app
        .call("set_cabinet_setting", json!({ "key": "echeance.horizon_days", "value": "400" }))
        .expect_err("a horizon past a year is refused");
    assert_eq!(error["code"], "invalid_setting");
    assert_eq!(error["details"]["key"], "echeance.horizon_days");
    assert!(error["message"].as_str().unwrap().contains("366 jours au plus"), "{error}");
    let kept = app.ok("cabinet_settings", json!({}));
    assert!(kept.as_array().unwrap().iter().any(|e| e["key"] == "echeance.horizon_days" && e["value"] == "10"));
}

#[test]
fn the_calendar_lists_a_months_deadlines_by_day_and_the_workload_each_persons_load() {
    let app = demo();
    let month =
        app.ok("deadline_calendar", json!({ "from": "2026-11-01", "to": "2026-11-30", "filter": { "per_day": 2 } }));
    assert_eq!(month["today"], "2026-11-25");
    let days = month["days"].as_array().unwrap();
    assert!(!days.is_empty(), "the demo has deadlines in November");
    let dates: Vec<&str> = days.iter().map(|d| d["date"].as_str().unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] < w[1]) && dates.iter().all(|d| d.starts_with("2026-11")));
    assert!(days.iter().all(|d| d["entries"].as_array().unwrap().len() <= 2 && d["total"].as_u64() >= Some(1)));
    let listed: u64 = days.iter().map(|d| d["total"].as_u64().unwrap()).sum();
    assert_eq!(month["total"].as_u64(), Some(listed));
    let entry = &days[0]["entries"][0];
    assert!(entry["client"]["name"].is_string() && entry["closeness"].is_string(), "{entry}");

    // One person's, of one kind.
    let person = days.iter().flat_map(|d| d["entries"].as_array().unwrap()).find_map(|e| e["assignee"]["id"].as_i64());
    let kind = days[0]["entries"][0]["kind"].clone();
    let theirs = app.ok(
        "deadline_calendar",
        json!({ "from": "2026-11-01", "to": "2026-11-30", "filter": { "assignee_id": person, "kind": kind } }),
    );
    for day in theirs["days"].as_array().unwrap() {
        for e in day["entries"].as_array().unwrap() {
            assert_eq!((e["assignee"]["id"].as_i64(), &e["kind"]), (person, &kind));
        }
    }

    let (code, message) =
        app.fails("deadline_calendar", json!({ "from": "2026-11-01", "to": "2027-02-01", "filter": {} }));
    assert_eq!(code, "invalid_input");
    assert!(message.contains("62"), "{message}");

    let load = app.ok("workload", json!({}));
    assert_eq!((load["today"].as_str(), load["week_end"].as_str()), (Some("2026-11-25"), Some("2026-12-01")));
    let staff = load["staff"].as_array().unwrap();
    assert!(!staff.is_empty());
    let pressing = |s: &Value| -> u64 {
        ["deadlines", "tasks"]
            .iter()
            .map(|k| s[k]["late"].as_u64().unwrap() + s[k]["next_30_days"].as_u64().unwrap())
            .sum()
    };
    assert!(staff.windows(2).all(|w| pressing(&w[0]) >= pressing(&w[1])), "the most loaded first");
    assert!(staff.iter().any(|s| pressing(s) > 0), "the demo gives people work");
}

/// The `field`s named by an `invalid_fields` error, after checking its shape.
fn invalid_fields(error: &Value) -> Vec<String> {
    assert_eq!(error["code"], "invalid_fields", "{error}");
    assert!(error["message"].as_str().unwrap().starts_with("Rien n'a été enregistré"), "{error}");
    let fields = error["details"]["fields"].as_array().unwrap_or_else(|| panic!("no details.fields: {error}"));
    fields
        .iter()
        .map(|f| {
            assert!(f["french"].as_str().is_some_and(|s| !s.is_empty()), "each field's reason in French: {f}");
            f["field"].as_str().unwrap().to_string()
        })
        .collect()
}

#[test]
fn clients_are_listed_searched_created_refused_field_by_field_and_deleted_with_their_impact() {
    let app = demo();
    let page = app.ok("list_clients", json!({ "query": {} }));
    let total = page["total"].as_u64().unwrap();
    assert!(total > 3 && page["rows"].as_array().unwrap().len() as u64 == total.min(50));
    let first = page["rows"][0].clone();
    let word = first["name"].as_str().unwrap().split_whitespace().next().unwrap().to_lowercase();
    let found =
        app.ok("list_clients", json!({ "query": { "search": word, "sort": "name", "direction": "desc", "limit": 5 } }));
    assert!(found["rows"].as_array().unwrap().iter().any(|r| r["id"] == first["id"]), "{found}");

    let error = app
        .call("create_client", json!({ "draft": { "name": " ", "siren": "732 829 321" } }))
        .expect_err("no name and a wrong SIREN");
    assert_eq!(invalid_fields(&error), ["name", "siren"]);
    assert_eq!(app.ok("list_clients", json!({ "query": {} }))["total"].as_u64(), Some(total), "nothing stored");

    let created = app.ok("create_client", json!({ "draft": { "name": "Dupont SARL", "siren": "732 829 320", "vat_regime": "mensuel", "fiscal_year_end": "31/12" } }));
    assert_eq!((created["siren"].as_str(), created["vat_regime"].as_str()), (Some("732829320"), Some("mensuel")));
    let id = created["id"].clone();
    let updated =
        app.ok("update_client", json!({ "id": id, "draft": { "name": "Dupont et Fils SARL", "siren": "732829320" } }));
    assert_eq!(updated["vat_regime"], Value::Null, "the whole record: an empty field is cleared");
    assert_eq!(app.ok("get_client", json!({ "id": id }))["name"], "Dupont et Fils SARL");

    let impact = app.ok("client_delete_impact", json!({ "id": id }));
    assert_eq!(impact, json!({ "deadlines": 0, "documents": 0, "tasks": 0, "events": 0, "notifications": 0 }));
    assert_eq!(app.ok("delete_client", json!({ "id": id })), impact);
    let (code, message) = app.fails("get_client", json!({ "id": id }));
    assert_eq!(code, "not_found");
    assert!(message.contains("Le client"), "{message}");

    // A demo client with work: its impact counts it, its page shows it.
    let busy = first["id"].clone();
    let impact = app.ok("client_delete_impact", json!({ "id": busy }));
    let page = app.ok("client_page", json!({ "id": busy }));
    assert_eq!(page["client"]["id"], busy);
    let counts = &page["counts"];
    assert_eq!(
        impact["deadlines"].as_u64().unwrap(),
        counts["open_deadlines"].as_u64().unwrap() + counts["done_deadlines"].as_u64().unwrap()
    );
    assert_eq!(page["open_deadlines"].as_array().unwrap().len() as u64, counts["open_deadlines"].as_u64().unwrap());
    let deleted = app.ok("delete_client", json!({ "id": busy }));
    assert_eq!(deleted, impact);
    assert_eq!(app.fails("client_page", json!({ "id": busy })).0, "not_found");
}

#[test]
fn deadlines_are_filtered_refused_on_a_bad_date_done_in_one_click_and_deleted() {
    let app = demo();
    let open = app
        .ok("list_deadlines", json!({ "query": { "filter": { "open_only": true }, "sort": "due_date", "limit": 10 } }));
    let rows = open["rows"].as_array().unwrap().clone();
    assert!(!rows.is_empty() && rows.iter().all(|r| r["status"] != "faite"));
    assert!(rows.windows(2).all(|w| w[0]["due_date"].as_str() <= w[1]["due_date"].as_str()), "by due date");
    assert!(rows[0]["client"]["name"].is_string(), "rows carry their client");
    let client_id = rows[0]["client"]["id"].clone();
    let mine = app.ok("list_deadlines", json!({ "query": { "filter": { "client_id": client_id } } }));
    assert!(mine["rows"].as_array().unwrap().iter().all(|r| r["client"]["id"] == client_id));

    let error = app
        .call("create_deadline", json!({ "draft": { "client_id": client_id, "kind": "tva_ca3", "label": "TVA CA3 février", "due_date": "31/02/2027" } }))
        .expect_err("no such date");
    assert_eq!(invalid_fields(&error), ["due_date"]);
    let created = app.ok("create_deadline", json!({ "draft": { "client_id": client_id, "kind": "tva_ca3", "label": "TVA CA3 février", "due_date": "24/02/2027" } }));
    assert_eq!((created["due_date"].as_str(), created["status"].as_str()), (Some("2027-02-24"), Some("a_faire")));

    // The soonest open deadlines are the ones the demo's check alerted about.
    let unread = app.ok("session", json!({}))["unread"].as_u64().unwrap();
    let mut stopped = 0;
    for row in &rows {
        let change = app.ok("set_deadline_done", json!({ "id": row["id"], "done": true }));
        assert_eq!(change["record"]["status"], "faite");
        stopped += change["alerts"]["notifications"].as_u64().unwrap();
    }
    assert!(stopped > 0, "done stops the alerts");
    assert!(app.ok("session", json!({}))["unread"].as_u64().unwrap() < unread, "the user's badge goes down");
    let back = app.ok("set_deadline_done", json!({ "id": rows[0]["id"], "done": false }));
    assert_ne!(back["record"]["status"], "faite");
    assert_eq!(back["alerts"]["notifications"], 0);

    let id = created["id"].clone();
    assert_eq!(app.ok("deadline_delete_impact", json!({ "id": id }))["notifications"], 0);
    app.ok("delete_deadline", json!({ "id": id }));
    assert_eq!(app.fails("get_deadline", json!({ "id": id })).0, "not_found");
    assert_eq!(app.fails("set_deadline_done", json!({ "id": id, "done": true })).0, "not_found");
}

#[test]
fn documents_are_received_in_one_click_and_refused_on_a_bad_date() {
    let app = demo();
    let missing = app.ok(
        "list_documents",
        json!({ "query": { "filter": { "state": "missing" }, "sort": "client", "direction": "desc" } }),
    );
    let rows = missing["rows"].as_array().unwrap().clone();
    assert!(!rows.is_empty() && rows.iter().all(|r| r["received_on"].is_null()));
    let first = &rows[0];
    let error = app
        .call(
            "create_document",
            json!({ "draft": { "client_id": first["client"]["id"], "label": "Grand livre", "requested_on": "2026-11-20", "due_date": "bientôt" } }),
        )
        .expect_err("not a date");
    assert_eq!(invalid_fields(&error), ["due_date"]);
    let created = app.ok("create_document", json!({ "draft": { "client_id": first["client"]["id"], "label": "Grand livre", "requested_on": "20/11/2026", "due_date": "30/11/2026" } }));
    assert_eq!(created["received_on"], Value::Null);

    let change = app.ok("set_document_received", json!({ "id": first["id"], "received": true }));
    assert_eq!(change["record"]["received_on"], "2026-11-25", "received today in the cabinet");
    assert!(change["alerts"]["notifications"].is_u64());
    let again = app.ok("set_document_received", json!({ "id": first["id"], "received": false }));
    assert_eq!(again["record"]["received_on"], Value::Null);

    let id = created["id"].clone();
    app.ok("document_delete_impact", json!({ "id": id }));
    app.ok("delete_document", json!({ "id": id }));
    assert_eq!(app.fails("delete_document", json!({ "id": id })).0, "not_found");
}

#[test]
fn tasks_are_done_in_one_click_and_refused_on_a_wrong_status() {
    let app = demo();
    let late = app.ok("list_tasks", json!({ "query": { "filter": { "status": "en_retard" } } }));
    let rows = late["rows"].as_array().unwrap().clone();
    assert!(!rows.is_empty() && rows.iter().all(|r| r["status"] == "en_retard"));
    let error = app
        .call("create_task", json!({ "draft": { "title": "Relancer", "due_date": "2026-12-01", "status": "finie" } }))
        .expect_err("no such status");
    assert_eq!(invalid_fields(&error), ["status"]);
    let created = app.ok(
        "create_task",
        json!({ "draft": { "title": "Préparer le bilan", "due_date": "2026-12-01", "priority": "haute" } }),
    );
    assert_eq!((created["client"].clone(), created["priority"].as_str()), (Value::Null, Some("haute")));

    let change = app.ok("set_task_done", json!({ "id": rows[0]["id"], "done": true }));
    assert_eq!(change["record"]["status"], "terminee");
    assert!(change["alerts"]["notifications"].as_u64().unwrap() > 0, "a late task alerted after the demo's check");
    let back = app.ok("set_task_done", json!({ "id": rows[0]["id"], "done": false }));
    assert_eq!(back["record"]["status"], "en_retard", "past due: back to late");

    let id = created["id"].clone();
    app.ok("task_delete_impact", json!({ "id": id }));
    app.ok("delete_task", json!({ "id": id }));
    assert_eq!(app.fails("get_task", json!({ "id": id })).0, "not_found");
}

#[test]
fn events_are_listed_by_start_refused_on_a_bad_time_and_deleted() {
    let app = demo();
    let page = app.ok("list_events", json!({ "query": { "filter": { "from": "2026-11-25" }, "sort": "starts_at" } }));
    let rows = page["rows"].as_array().unwrap().clone();
    assert!(!rows.is_empty() && rows.iter().all(|r| r["starts_local"].as_str().unwrap() >= "2026-11-25"));
    let error = app
        .call("create_event", json!({ "draft": { "title": "", "starts_at": "01/12/2026 25:00" } }))
        .expect_err("no title, no such hour");
    assert_eq!(invalid_fields(&error), ["title", "starts_at"]);
    let created = app.ok(
        "create_event",
        json!({ "draft": { "title": "AGO Dupont", "starts_at": "01/12/2026 09:30", "importance": "haute" } }),
    );
    assert_eq!(created["starts_local"], "2026-12-01T09:30:00");
    let moved = app.ok(
        "update_event",
        json!({ "id": created["id"], "draft": { "title": "AGO Dupont", "starts_at": "2026-12-02T10:00" } }),
    );
    assert_eq!(
        (moved["starts_at"].as_str(), moved["importance"].as_str()),
        (Some("2026-12-02T09:00:00Z"), Some("normale"))
    );
    assert_eq!(app.ok("get_event", json!({ "id": created["id"] }))["title"], "AGO Dupont");

    let id = created["id"].clone();
    assert_eq!(app.ok("event_delete_impact", json!({ "id": id }))["notifications"], 0);
    app.ok("delete_event", json!({ "id": id }));
    assert_eq!(app.fails("delete_event", json!({ "id": id })).0, "not_found");
}

#[test]
fn staff_are_added_refused_on_a_bad_email_and_removed_or_deactivated() {
    let app = demo();
    let page = app.ok("list_staff", json!({ "query": { "sort": "role" } }));
    let rows = page["rows"].as_array().unwrap().clone();
    assert_eq!(rows[0]["role"], "expert");
    let error = app
        .call(
            "create_staff",
            json!({ "draft": { "name": "Léa Martin", "email": "lea.martin", "role": "assistante", "active": true } }),
        )
        .expect_err("not an email");
    assert_eq!(invalid_fields(&error), ["email"]);
    let created = app.ok("create_staff", json!({ "draft": { "name": "Léa Martin", "email": "Lea.Martin@cabinet-demo.fr", "role": "assistante", "active": true } }));
    assert_eq!(
        (created["email"].as_str(), created["role"].as_str()),
        (Some("lea.martin@cabinet-demo.fr"), Some("assistant"))
    );
    assert_eq!(app.ok("get_staff", json!({ "id": created["id"] }))["name"], "Léa Martin");
    let updated = app.ok("update_staff", json!({ "id": created["id"], "draft": { "name": "Léa Martin", "email": "lea.martin@cabinet-demo.fr", "role": "collaborateur", "active": true } }));
    assert_eq!(updated["role"], "collaborateur");

    // Without history she is deleted; the expert, who has some, is deactivated.
    assert_eq!(app.ok("staff_removal_impact", json!({ "id": created["id"] }))["removal"], "deleted");
    assert_eq!(app.ok("remove_staff", json!({ "id": created["id"] }))["removal"], "deleted");
    assert_eq!(app.fails("get_staff", json!({ "id": created["id"] })).0, "not_found");
    let someone = rows.iter().find(|r| r["email"] != "claire.moreau@cabinet-demo.fr").unwrap();
    let impact = app.ok("staff_removal_impact", json!({ "id": someone["id"] }));
    assert_eq!(impact["removal"], "deactivated", "{impact}");
    app.ok("remove_staff", json!({ "id": someone["id"] }));
    assert_eq!(app.ok("get_staff", json!({ "id": someone["id"] }))["active"], false);
}

#[test]
fn a_csv_file_is_previewed_then_refused_whole_in_french_then_imported_once_fixed() {
    use base64::Engine as _;
    let app = demo();
    let encoded = |text: &str| base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    let kinds = app.ok("import_kinds", json!({}));
    let labels: Vec<&str> = kinds.as_array().unwrap().iter().map(|k| k["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["Équipe", "Clients", "Échéances", "Documents", "Tâches", "Événements"]);

    let bad = "Raison sociale;SIREN;Note\nCabinet Nouveau;542065479;x\nAutre client;123;\n";
    let args = |text: &str| json!({ "kind": "clients", "fileName": "clients.csv", "contentBase64": encoded(text) });
    let preview = app.ok("preview_import", args(bad));
    assert_eq!(preview["total_rows"], 2);
    assert_eq!(preview["importable"], false);
    assert_eq!(preview["columns"][1]["column"], "siren");
    assert_eq!(preview["warnings"].as_array().unwrap().len(), 1, "{preview}");
    let problem = &preview["problems"][0];
    assert_eq!((problem["line"].as_u64(), problem["column"].as_str()), (Some(3), Some("siren")));
    assert!(problem["text"].as_str().unwrap().starts_with("ligne 3, colonne siren : «\u{a0}123\u{a0}»"), "{problem}");

    let (code, message) = app.fails("import_file", args(bad));
    assert_eq!(code, "import_refused");
    assert!(message.contains("clients.csv, ligne 3, colonne siren"), "{message}");

    let fixed = "Raison sociale;SIREN\nCabinet Nouveau;542065479\n";
    let preview = app.ok("preview_import", args(fixed));
    let done = app.ok("import_file", args(fixed));
    assert_eq!(
        (done["created"].clone(), done["updated"].clone()),
        (preview["created"].clone(), preview["updated"].clone())
    );
    assert_eq!(done["created"].as_u64().unwrap() + done["updated"].as_u64().unwrap(), 1);

    let (code, message) =
        app.fails("preview_import", json!({ "kind": "clients", "fileName": "x.csv", "contentBase64": "%%%" }));
    assert_eq!(code, "invalid_input");
    assert!(message.contains("illisible"), "{message}");
}

#[test]
fn a_table_is_exported_as_csv_into_the_download_folder_never_over_a_file() {
    let app = demo();
    let downloads = tempfile::tempdir().unwrap();
    let state: tauri::State<'_, vigie_desktop::commands::export::ExportFolder> = tauri::Manager::state(&app._app);
    state.redirect(downloads.path().to_path_buf());
    let table = json!({ "table": { "table": "deadlines", "query": { "filter": { "open_only": true }, "limit": 1 } } });
    let first = app.ok("export_table", table.clone());
    let expected = downloads.path().join("vigie-echeances-2026-11-25.csv");
    assert_eq!(first.as_str(), Some(expected.to_str().unwrap()));
    let bytes = std::fs::read(&expected).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFClient;SIREN;Type;"), "BOM, ';', French headers");
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.lines().count() > 2, "every open deadline, not the page of 1: {text}");
    assert!(!text.contains(";Faite;"), "the filter holds");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&expected).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let second = app.ok("export_table", table);
    assert!(second.as_str().unwrap().ends_with("vigie-echeances-2026-11-25 (2).csv"), "{second}");

    let staff = app.ok("export_table", json!({ "table": { "table": "staff", "query": {} } }));
    assert!(std::fs::read_to_string(staff.as_str().unwrap()).unwrap().contains("Expert-comptable"));
    app.ok("leave_demo", json!({}));
    let (code, _) = app.fails("export_table", json!({ "table": { "table": "clients", "query": {} } }));
    assert_eq!(code, "no_workstation");
}

#[test]
fn the_settings_screen_reads_and_sets_a_staff_members_channels_and_the_users_quiet_hours() {
    let app = demo();
    let card = app.ok("cabinet_card", json!({}));
    assert_eq!(card["cabinet"], "Cabinet Démo");
    assert_eq!(card["timezone"], "Europe/Paris");
    assert_eq!(card["user"]["demo"], true);
    let staff = card["staff"].as_array().unwrap();
    assert!(staff.iter().any(|m| m["id"] == card["user_id"]), "the user is in the picker");
    let other = staff.iter().find(|m| m["id"] != card["user_id"]).unwrap()["id"].clone();

    let channels = app.ok("staff_channels", json!({ "staffId": other }));
    let kinds: Vec<&str> = channels.as_array().unwrap().iter().map(|c| c["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        ["echeance_proche", "documents_manquants", "taches_retard", "evenement_important", "resume_hebdomadaire"]
    );
    let after = app.ok(
        "set_staff_channel",
        json!({ "staffId": other, "kind": "resume_hebdomadaire", "email": false, "popup": null }),
    );
    assert_eq!(after[4], json!({ "kind": "resume_hebdomadaire", "email": false, "popup": true }));
    assert_eq!(app.ok("staff_channels", json!({ "staffId": other })), after);
    let mine = app.ok("staff_channels", json!({ "staffId": card["user_id"] }));
    assert_eq!(mine[4]["email"], true, "only that person changed");
    let (code, message) = app.fails("staff_channels", json!({ "staffId": 987_654 }));
    assert_eq!(code, "not_found");
    assert!(message.contains("987"), "{message}");

    assert_eq!(app.ok("quiet_hours", json!({})), Value::Null);
    let set = app.ok("set_quiet_hours", json!({ "from": "19h", "until": "08:00" }));
    assert_eq!(set, json!({ "from": "19:00", "until": "08:00" }));
    assert_eq!(app.ok("quiet_hours", json!({})), set);
    let error = app.call("set_quiet_hours", json!({ "from": "25:00", "until": "08:00" })).unwrap_err();
    assert_eq!(error["code"], "invalid_fields");
    assert_eq!(error["details"]["fields"][0]["field"], "quiet_from");
    assert!(error["details"]["fields"][0]["french"].as_str().unwrap().contains("n'est pas une heure"), "{error}");
    assert_eq!(app.ok("quiet_hours", json!({})), set, "nothing changed");
    assert_eq!(app.ok("set_quiet_hours", json!({ "from": "", "until": "" })), Value::Null);
    assert_eq!(app.ok("quiet_hours", json!({})), Value::Null);
}

#[test]
fn a_clients_fiscal_calendar_is_shown_moved_turned_off_generated_and_exported_as_icalendar() {
    let app = demo();
    let downloads = tempfile::tempdir().unwrap();
    let state: tauri::State<'_, vigie_desktop::commands::export::ExportFolder> = tauri::Manager::state(&app._app);
    state.redirect(downloads.path().to_path_buf());
    let error = app
        .call("create_client", json!({ "draft": { "name": "Boulangerie Léa", "taxation": "tva", "tax_department": "20", "payroll": "beaucoup", "first_closing": "31/02/2027" } }))
        .expect_err("every fiscal field wrong");
    assert_eq!(invalid_fields(&error), ["taxation", "first_closing", "tax_department", "payroll"]);
    let created = app.ok(
        "create_client",
        json!({ "draft": { "name": "Boulangerie Léa", "siren": "732829320", "legal_form": "SARL", "vat_regime": "mensuel",
            "fiscal_year_end": "31/12", "taxation": "is", "tax_department": "75", "payroll": "moins_de_50",
            "cfe_over_3000": true, "is_over_3000": true, "cvae_filer": false } }),
    );
    assert_eq!(
        created["fiscal"],
        json!({ "taxation": "is", "first_closing": null, "tax_department": "75", "payroll": "moins_de_50",
            "cfe_over_3000": true, "is_over_3000": true, "cvae_filer": false })
    );
    let id = created["id"].clone();

    // The client's year: its obligations, each with the deadline the form's save generated.
    let calendar = app.ok("client_calendar", json!({ "clientId": id, "year": 2027 }));
    assert_eq!((calendar["year"].as_i64(), &calendar["client"]["id"]), (Some(2027), &id));
    assert_eq!(calendar["missing"], json!([]));
    let obligations = calendar["obligations"].as_array().unwrap();
    let vat = obligations.iter().find(|o| o["kind"] == "tva_ca3" && o["period"] == "2027-02").unwrap();
    assert_eq!((vat["rule_date"].as_str(), vat["override_date"].as_str()), (Some("2027-03-22"), None));
    assert!(vat["source"].as_str().unwrap().contains("CGI"), "{vat}");
    assert_eq!(vat["deadline"]["due_date"], "2027-03-22");
    assert_eq!(vat["deadline"]["generated"], true);

    // The client's own date, then back to the rule's.
    let (code, _) = app.fails(
        "set_obligation_date",
        json!({ "clientId": id, "kind": "tva_ca3", "period": "2027-02", "date": "31/02/2027" }),
    );
    assert_eq!(code, "invalid_fields");
    app.ok(
        "set_obligation_date",
        json!({ "clientId": id, "kind": "tva_ca3", "period": "2027-02", "date": "24/03/2027" }),
    );
    let moved = app.ok("client_calendar", json!({ "clientId": id, "year": 2027 }));
    let vat = moved["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["kind"] == "tva_ca3" && o["period"] == "2027-02")
        .unwrap();
    assert_eq!(
        (vat["override_date"].as_str(), vat["deadline"]["due_date"].as_str()),
        (Some("2027-03-24"), Some("2027-03-24"))
    );
    app.ok("set_obligation_date", json!({ "clientId": id, "kind": "tva_ca3", "period": "2027-02", "date": null }));
    let back = app.ok("client_calendar", json!({ "clientId": id, "year": 2027 }));
    assert_eq!(back, calendar, "the rule's date again");

    // A kind turned off: its generated deadlines go; on again, they come back.
    let off = app.ok("set_obligation_kind", json!({ "clientId": id, "kind": "dsn", "on": false }));
    assert!(off["removed"].as_u64().unwrap() > 0, "{off}");
    let without = app.ok("client_calendar", json!({ "clientId": id, "year": 2027 }));
    assert_eq!(without["kinds_off"], json!(["dsn"]));
    let dsn: Vec<&Value> = without["obligations"].as_array().unwrap().iter().filter(|o| o["kind"] == "dsn").collect();
    assert!(!dsn.is_empty() && dsn.iter().all(|o| o["off"] == true && o["deadline"].is_null()));
    let (code, _) = app.fails("set_obligation_kind", json!({ "clientId": id, "kind": "impot", "on": false }));
    assert_eq!(code, "invalid_fields");
    let on = app.ok("set_obligation_kind", json!({ "clientId": id, "kind": "dsn", "on": true }));
    assert_eq!(on["created"], off["removed"]);

    // Generating every client's: idempotent for this one, the demo's clients lacking facts named.
    let generation = app.ok("generate_calendar", json!({}));
    assert!(generation["clients"].as_u64().unwrap() > 1);
    assert!(generation["missing"].as_array().unwrap().iter().all(|m| m["client"]["id"] != id));
    let again = app.ok("generate_calendar", json!({}));
    assert_eq!((again["created"].as_u64(), again["updated"].as_u64()), (Some(0), Some(0)), "{again}");

    let path = app.ok("export_deadlines_ics", json!({ "personEmail": null }));
    let expected = downloads.path().join("vigie-echeances-2026-11-25.ics");
    assert_eq!(path.as_str(), Some(expected.to_str().unwrap()));
    let text = std::fs::read_to_string(&expected).unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n") && text.contains("Boulangerie Léa"), "{text}");
    let second = app.ok("export_deadlines_ics", json!({}));
    assert!(second.as_str().unwrap().ends_with("vigie-echeances-2026-11-25 (2).ics"), "{second}");
    let (code, message) = app.fails("export_deadlines_ics", json!({ "personEmail": "personne@nulle.part" }));
    assert_eq!(code, "invalid_input");
    assert!(message.contains("personne@nulle.part"), "{message}");
    assert_eq!(app.fails("client_calendar", json!({ "clientId": 987_654 })).0, "not_found");
}
