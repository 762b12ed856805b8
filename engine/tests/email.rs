//! Email end to end: the `vigie` binary, a real SMTP server (aiosmtpd) on loopback with
//! STARTTLS, implicit TLS or plain, AUTH, and what it received parsed as a mail client would.

use crate::support::smtp::{Mode, Options, SmtpServer, TestCa};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Output};

const NOW: &str = "2026-11-25T08:00:00Z";
const PASSWORD: &str = "s3cret-Pa55!word";

fn vigie_at(dir: &Path, now: &str, args: &[&str]) -> Output {
    crate::support::cli::command(dir)
        .args(args)
        .env("VIGIE_NOW", now)
        .env("VIGIE_SMTP_PASSWORD", PASSWORD)
        .env_remove("VIGIE_DATA_DIR")
        .output()
        .unwrap()
}

fn ok_at(dir: &Path, now: &str, args: &[&str]) -> String {
    let out = vigie_at(dir, now, args);
    assert!(out.status.success(), "vigie {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(!stdout.contains(PASSWORD) && !String::from_utf8_lossy(&out.stderr).contains(PASSWORD));
    stdout
}

fn ok(dir: &Path, args: &[&str]) -> String {
    ok_at(dir, NOW, args)
}

fn json_at(dir: &Path, now: &str, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    serde_json::from_str(&ok_at(dir, now, &all)).unwrap()
}

fn json(dir: &Path, args: &[&str]) -> Value {
    json_at(dir, NOW, args)
}

fn smtp_set(dir: &Path, server: &SmtpServer, security: &str, ca: Option<&TestCa>, login: bool) {
    smtp_set_port(dir, server.port, security, ca, login);
}

/// SMTP settings for a port, whether or not a server listens there.
fn smtp_set_port(dir: &Path, port: u16, security: &str, ca: Option<&TestCa>, login: bool) {
    let port = port.to_string();
    let mut args = vec![
        "smtp",
        "set",
        "--host",
        "127.0.0.1",
        "--port",
        &port,
        "--security",
        security,
        "--from-email",
        "alertes@cabinet-demo.fr",
        "--from-name",
        "Vigie — Cabinet Démo",
    ];
    let ca_file = ca.map(|c| c.ca_file().display().to_string());
    if let Some(ca) = &ca_file {
        args.extend(["--ca-file", ca]);
    }
    args.extend(["--user", if login { "vigie" } else { "" }]);
    ok(dir, &args);
}

fn demo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["demo"]);
    dir
}

/// Notifications per (recipient email, kind), from the store.
fn expected_emails(dir: &Path) -> BTreeMap<(String, String), usize> {
    let conn = rusqlite::Connection::open(dir.join("vigie.db")).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT s.email, n.kind, count(*) FROM notifications n JOIN staff s ON s.id = n.recipient_id GROUP BY 1, 2",
        )
        .unwrap();
    stmt.query_map([], |r| Ok(((r.get(0)?, r.get(1)?), r.get::<_, i64>(2)? as usize)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn assert_no_password_in_store(dir: &Path) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        if entry.path().is_file() {
            let bytes = std::fs::read(entry.path()).unwrap();
            assert!(
                !bytes.windows(PASSWORD.len()).any(|w| w == PASSWORD.as_bytes()),
                "{:?} holds the password",
                entry.path()
            );
        }
    }
}

#[test]
fn starttls_with_auth_delivers_one_email_per_recipient_and_kind() {
    let ca = TestCa::new();
    let server = SmtpServer::start(
        Mode::Starttls,
        Some(&ca),
        &Options { login: Some(("vigie".into(), PASSWORD.into())), ..Default::default() },
    );
    let dir = demo();
    let d = dir.path();
    smtp_set(d, &server, "starttls", Some(&ca), true);
    ok(d, &["check"]);
    let expected = expected_emails(d);
    assert_eq!(json(d, &["outbox", "list", "--status", "queued"]).as_array().unwrap().len(), expected.len());
    let report = json(d, &["outbox", "send"]);
    assert_eq!(report["sent"].as_u64().unwrap() as usize, expected.len(), "{report}");
    assert_eq!(report["failed"], 0);

    let received = server.received();
    assert_eq!(received.len(), expected.len());
    let outbox: Vec<Value> = json(d, &["outbox", "list"]).as_array().unwrap().clone();
    let message_ids: BTreeSet<String> =
        outbox.iter().map(|r| r["message_id"].as_str().unwrap().trim_matches(['<', '>']).to_string()).collect();
    let mut seen = BTreeSet::new();
    for r in &received {
        assert_eq!(r.envelope["login"], "vigie");
        assert_eq!(r.envelope["tls"], true);
        assert!(!r.raw.windows(PASSWORD.len()).any(|w| w == PASSWORD.as_bytes()));
        let m = r.parse();
        assert_eq!(m.from, "alertes@cabinet-demo.fr");
        assert_eq!(r.envelope["rcpt_tos"][0], m.to);
        assert_eq!(m.parts[0], "multipart/alternative", "{:?}", m.parts);
        assert!(
            m.parts.contains(&"text/plain".to_string()) && m.parts.contains(&"text/html".to_string()),
            "{:?}",
            m.parts
        );
        assert!(message_ids.contains(&m.message_id), "{}", m.message_id);
        assert!(m.text.starts_with("Bonjour "), "{}", m.text);
        assert!(m.html.contains("<table"), "{}", m.html);
        // One email per (recipient, kind): the subject tells the kind.
        let subject = m.subject.to_lowercase();
        let kind = if subject.starts_with("échéance") || subject.contains("échéances") {
            "echeance_proche"
        } else if subject.contains("document") {
            "documents_manquants"
        } else if subject.contains("tâche") {
            "taches_retard"
        } else {
            assert!(subject.contains("événement"), "{}", m.subject);
            "evenement_important"
        };
        assert!(seen.insert((m.to.clone(), kind.to_string())), "two {kind} emails to {}", m.to);
        let count = expected[&(m.to.clone(), kind.to_string())];
        if kind == "documents_manquants" && count > 1 {
            assert_eq!(m.subject, format!("{count} documents manquants"));
        }
        if kind == "taches_retard" {
            assert_eq!(
                m.subject,
                if count == 1 { "1 tâche en retard".to_string() } else { format!("{count} tâches en retard") }
            );
        }
    }
    assert_eq!(seen.len(), expected.len());
    assert!(json(d, &["outbox", "list", "--status", "sent"]).as_array().unwrap().len() == expected.len());
    assert_no_password_in_store(d);
    // A second check creates nothing, so sends nothing.
    ok(d, &["check"]);
    assert_eq!(json(d, &["outbox", "send"])["sent"], 0);
}

#[test]
fn implicit_tls_test_email_and_plain_relay() {
    let ca = TestCa::new();
    let tls = SmtpServer::start(
        Mode::Tls,
        Some(&ca),
        &Options { login: Some(("vigie".into(), PASSWORD.into())), ..Default::default() },
    );
    let dir = demo();
    let d = dir.path();
    smtp_set(d, &tls, "tls", Some(&ca), true);
    let out = json(d, &["email", "test", "--to", "claire.moreau@cabinet-demo.fr"]);
    assert_eq!(out["sent"], true);
    let received = tls.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].envelope["tls"], true);
    let m = received[0].parse();
    assert_eq!(m.subject, "Vigie : e-mail de test");
    assert!(m.text.contains("serveur 127.0.0.1"), "{}", m.text);

    let plain = SmtpServer::start(Mode::Plain, None, &Options::default());
    smtp_set(d, &plain, "none", None, false);
    ok(d, &["email", "test", "--to", "paul@example.fr"]);
    let received = plain.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].envelope["tls"], false);
    assert_eq!(received[0].envelope["login"], Value::Null);
}

#[test]
fn test_email_reports_the_servers_exact_answer() {
    let ca = TestCa::new();
    let server = SmtpServer::start(
        Mode::Starttls,
        Some(&ca),
        &Options { login: Some(("vigie".into(), "another password".into())), ..Default::default() },
    );
    let dir = demo();
    let d = dir.path();
    smtp_set(d, &server, "starttls", Some(&ca), true);
    // Wrong password: the server's 535 reply, word for word.
    let out = vigie_at(d, NOW, &["email", "test", "--to", "x@example.fr"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("535") && err.contains("Authentication credentials invalid"), "{err}");
    assert!(!err.contains(PASSWORD));
    // Certificate not trusted (no --ca-file): said so.
    ok(d, &["settings", "set", "smtp.ca_file", ""]);
    let err = String::from_utf8(vigie_at(d, NOW, &["email", "test", "--to", "x@example.fr"]).stderr).unwrap();
    assert!(err.to_lowercase().contains("certificate"), "{err}");
    // Nobody listening.
    let port = crate::support::smtp::free_port().to_string();
    ok(d, &["settings", "set", "smtp.port", &port]);
    let err = String::from_utf8(vigie_at(d, NOW, &["email", "test", "--to", "x@example.fr"]).stderr).unwrap();
    assert!(err.contains("Connection refused"), "{err}");
    // Through the outbox, a wrong password (5xx) fails for good with the server's reply.
    ok(d, &["settings", "set", "smtp.port", &server.port.to_string()]);
    ok(d, &["settings", "set", "smtp.ca_file", &ca.ca_file().display().to_string()]);
    ok(d, &["check"]);
    let report = json(d, &["outbox", "send"]);
    assert_eq!(report["sent"], 0);
    assert!(report["failed"].as_u64().unwrap() > 0);
    for row in json(d, &["outbox", "list", "--status", "failed"]).as_array().unwrap() {
        assert!(row["last_error"].as_str().unwrap().contains("535"), "{row}");
    }
}

#[test]
fn html_is_autoescaped_and_text_is_not() {
    let server = SmtpServer::start(Mode::Plain, None, &Options::default());
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["cabinet", "add", "Alpha"]);
    std::fs::write(d.join("s.csv"), "name;email;role\nClaire <b>Moreau</b>;claire@x.fr;expert\n").unwrap();
    std::fs::write(
        d.join("c.csv"),
        "name;siren;manager_email\n<script>alert('x')</script> & Fils;732829320;claire@x.fr\n",
    )
    .unwrap();
    std::fs::write(d.join("d.csv"), "client_siren;kind;label;due_date\n732829320;tva;TVA <i>CA3</i>;2026-11-26\n")
        .unwrap();
    smtp_set(d, &server, "none", None, false);
    for (kind, file) in [("staff", "s.csv"), ("clients", "c.csv"), ("deadlines", "d.csv")] {
        ok(d, &["import", kind, d.join(file).to_str().unwrap(), "--no-welcome"]);
    }
    ok(d, &["check"]);
    assert_eq!(json(d, &["outbox", "send"])["sent"], 1);
    let m = server.received()[0].parse();
    assert!(m.html.contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;&#x2F;script&gt; &amp; Fils"), "{}", m.html);
    assert!(m.html.contains("TVA &lt;i&gt;CA3&lt;&#x2F;i&gt;"), "{}", m.html);
    assert!(m.html.contains("Bonjour Claire &lt;b&gt;Moreau&lt;&#x2F;b&gt;"), "{}", m.html);
    assert!(!m.html.contains("<script>"));
    assert!(m.text.contains("<script>alert('x')</script> & Fils : TVA <i>CA3</i>"), "{}", m.text);
    assert_eq!(m.subject, "Échéance demain : TVA <i>CA3</i> — <script>alert('x')</script> & Fils");
}

#[test]
fn server_down_then_back_delivers_everything_with_backoff() {
    let port = crate::support::smtp::free_port();
    let dir = demo();
    let d = dir.path();
    let out_dir = tempfile::tempdir().unwrap();
    let opts = Options { port: Some(port), ..Default::default() };
    // Configure against the port while nobody listens there.
    smtp_set_port(d, port, "none", None, false);
    ok(d, &["check"]);
    let queued = json(d, &["outbox", "list"]).as_array().unwrap().len();
    let first = json(d, &["outbox", "send"]);
    assert_eq!(first["retried"].as_u64().unwrap() as usize, queued, "{first}");
    for row in json(d, &["outbox", "list"]).as_array().unwrap() {
        assert_eq!(row["status"], "queued");
        assert_eq!(row["attempts"], 1);
        assert_eq!(row["next_attempt_at"], "2026-11-25T08:01:00Z");
        assert!(row["last_error"].as_str().unwrap().contains("Connection refused"), "{row}");
    }
    // Still down a minute later: the next wait doubles.
    json_at(d, "2026-11-25T08:01:00Z", &["outbox", "send"]);
    let row = &json(d, &["outbox", "list"])[0];
    assert_eq!(row["next_attempt_at"], "2026-11-25T08:03:00Z");
    // The server comes back; nothing is due before 08:03, then everything goes.
    let server = SmtpServer::start_into(Mode::Plain, None, &opts, out_dir.path().to_path_buf(), None);
    assert_eq!(json_at(d, "2026-11-25T08:02:00Z", &["outbox", "send"])["sent"], 0);
    let back = json_at(d, "2026-11-25T08:03:00Z", &["outbox", "send"]);
    assert_eq!(back["sent"].as_u64().unwrap() as usize, queued);
    assert_eq!(server.received().len(), queued);
    assert!(json(d, &["outbox", "list", "--status", "queued"]).as_array().unwrap().is_empty());
}

fn import_staff(d: &Path, rows: usize, extra: &[&str]) {
    let mut csv = String::from("name;email;role\n");
    for i in 0..rows {
        csv.push_str(&format!("Collaborateur {i};collab{i}@cabinet-demo.fr;collaborateur\n"));
    }
    std::fs::write(d.join("staff.csv"), csv).unwrap();
    let mut args = vec!["import".to_string(), "staff".to_string(), d.join("staff.csv").to_str().unwrap().to_string()];
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    ok(d, &args);
}

#[test]
fn a_transient_failure_gives_up_after_24_hours_and_can_be_retried() {
    let port = crate::support::smtp::free_port();
    let dir = demo();
    let d = dir.path();
    smtp_set_port(d, port, "none", None, false);
    import_staff(d, 1, &[]);
    let row = json(d, &["outbox", "list"])[0].clone();
    assert_eq!(row["template"], "welcome");
    assert_eq!(json(d, &["outbox", "send"])["retried"], 1);
    let late = json_at(d, "2026-11-26T09:00:00Z", &["outbox", "send"]);
    assert_eq!(late["failed"], 1, "{late}");
    let failed = &json(d, &["outbox", "list", "--status", "failed"])[0];
    assert!(failed["last_error"].as_str().unwrap().starts_with("gave up after 24 h: "), "{failed}");
    // Fixed and retried by hand: same row, same Message-ID.
    let server = SmtpServer::start(Mode::Plain, None, &Options { port: Some(port), ..Default::default() });
    let id = failed["id"].to_string();
    ok_at(d, "2026-11-26T09:00:00Z", &["outbox", "retry", &id]);
    assert_eq!(json_at(d, "2026-11-26T09:00:00Z", &["outbox", "send"])["sent"], 1);
    let m = server.received()[0].parse();
    assert_eq!(format!("<{}>", m.message_id), row["message_id"].as_str().unwrap());
    assert_eq!(m.subject, "Bienvenue dans Vigie, Collaborateur 0");
    // Purge sent rows.
    assert_eq!(json_at(d, "2026-12-31T09:00:00Z", &["outbox", "purge", "--sent-before", "2026-12-01"])["deleted"], 1);
}

#[test]
fn a_rejected_recipient_fails_for_good_with_the_servers_reply() {
    let server =
        SmtpServer::start(Mode::Plain, None, &Options { reject_prefix: Some("collab1@".into()), ..Default::default() });
    let dir = demo();
    let d = dir.path();
    smtp_set(d, &server, "none", None, false);
    import_staff(d, 3, &[]);
    let report = json(d, &["outbox", "send"]);
    assert_eq!((report["sent"].as_u64(), report["failed"].as_u64()), (Some(2), Some(1)), "{report}");
    let failed = &json(d, &["outbox", "list", "--status", "failed"])[0];
    assert_eq!(failed["to"], "collab1@cabinet-demo.fr");
    assert!(failed["last_error"].as_str().unwrap().contains("550"), "{failed}");
    assert!(failed["last_error"].as_str().unwrap().contains("User unknown"), "{failed}");
}

#[test]
fn kill_9_mid_burst_loses_nothing_and_never_changes_a_message_id() {
    let server = SmtpServer::start(Mode::Plain, None, &Options { delay_ms: 15, ..Default::default() });
    let dir = demo();
    let d = dir.path();
    smtp_set(d, &server, "none", None, false);
    import_staff(d, 120, &[]);
    let queued: BTreeSet<String> = json(d, &["outbox", "list", "--limit", "1000"])
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["message_id"].as_str().unwrap().trim_matches(['<', '>']).to_string())
        .collect();
    assert_eq!(queued.len(), 120);
    let mut child = crate::support::cli::command(d).args(["outbox", "send"]).env("VIGIE_NOW", NOW).spawn().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while server.received().len() < 30 {
        assert!(std::time::Instant::now() < deadline, "the burst did not start");
        std::thread::yield_now();
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let before = server.received().len();
    assert!(before < 120, "the burst finished before the kill");
    // A later worker (after the dead one's claim ran out) sends the rest.
    let report = json_at(d, "2026-11-25T08:10:00Z", &["outbox", "send"]);
    assert!(report["sent"].as_u64().unwrap() as usize >= 120 - before, "{report}");
    let received: Vec<String> = server.received().iter().map(|r| r.parse().message_id).collect();
    let distinct: BTreeSet<String> = received.iter().cloned().collect();
    assert_eq!(distinct, queued, "every queued email arrived, with its own Message-ID");
    assert!(received.len() <= 121, "at most the one interrupted email twice: {}", received.len());
    assert!(json(d, &["outbox", "list", "--limit", "1000"]).as_array().unwrap().iter().all(|r| r["status"] == "sent"));
}

#[test]
fn welcome_emails_unless_no_welcome_and_channel_preferences() {
    let server = SmtpServer::start(Mode::Plain, None, &Options::default());
    let dir = demo();
    let d = dir.path();
    smtp_set(d, &server, "none", None, false);
    import_staff(d, 2, &["--no-welcome"]);
    assert!(json(d, &["outbox", "list"]).as_array().unwrap().is_empty());
    // Claire wants no email about missing documents; she still gets them in her inbox.
    let claire = "claire.moreau@cabinet-demo.fr";
    let channels = json(d, &["staff", "channels", "--user", claire, "--kind", "documents_manquants", "--email", "off"]);
    assert!(
        channels
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["kind"] == "documents_manquants" && c["email"] == false && c["popup"] == true)
    );
    ok(d, &["check"]);
    ok(d, &["outbox", "send"]);
    let to_claire: Vec<String> =
        server.received().iter().map(|r| r.parse()).filter(|m| m.to == claire).map(|m| m.subject).collect();
    assert!(!to_claire.is_empty());
    assert!(to_claire.iter().all(|s| !s.contains("document")), "{to_claire:?}");
    let inbox = json(d, &["notifications", "list", "--user", claire, "--kind", "documents_manquants"]);
    assert!(!inbox.as_array().unwrap().is_empty());
}

#[test]
fn template_overrides_new_pairs_and_broken_files() {
    let server = SmtpServer::start(Mode::Plain, None, &Options::default());
    let dir = demo();
    let d = dir.path();
    smtp_set(d, &server, "none", None, false);
    let templates = d.join("templates/emails");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("test.txt"),
        "{% extends \"base.txt\" %}\n{% block subject %}Essai maison pour {{ cabinet }}{% endblock subject %}\n{% block body %}Texte maison.{% endblock body %}\n",
    )
    .unwrap();
    std::fs::write(
        templates.join("mon_template.txt"),
        "{% extends \"base.txt\" %}{% block subject %}Perso{% endblock subject %}{% block body %}x{% endblock body %}",
    )
    .unwrap();
    std::fs::write(
        templates.join("mon_template.html"),
        "{% extends \"base.html\" %}{% block body %}<p>x</p>{% endblock body %}",
    )
    .unwrap();
    assert!(json(d, &["email", "templates", "list"]).as_array().unwrap().iter().any(|n| n == "mon_template"));
    ok(d, &["email", "templates", "check"]);
    // Half a pair is reported, not silently ignored.
    std::fs::write(templates.join("seul.txt"), "{% extends \"base.txt\" %}").unwrap();
    let err = String::from_utf8(vigie_at(d, NOW, &["email", "templates", "check"]).stderr).unwrap();
    assert!(err.contains(&format!("{}:1: seul.html is missing", templates.join("seul.txt").display())), "{err}");
    std::fs::remove_file(templates.join("seul.txt")).unwrap();
    // The new pair is usable by name, without recompiling.
    ok(d, &["email", "test", "--to", "perso@example.fr", "--template", "mon_template"]);
    let perso = server.received().remove(0).parse();
    assert_eq!(perso.subject, "Perso");
    assert!(perso.html.contains("<p>x</p>"), "{}", perso.html);
    std::fs::remove_dir_all(&server.out).unwrap();
    std::fs::create_dir_all(&server.out).unwrap();
    ok(d, &["email", "test", "--to", "a@example.fr"]);
    let m = server.received()[0].parse();
    assert_eq!(m.subject, "Essai maison pour Cabinet Démo");
    assert!(m.text.contains("Texte maison."), "{}", m.text);

    // A syntax error in one override: `check` names file and line; the built-in one is used.
    std::fs::write(templates.join("test.txt"), "{% extends \"base.txt\" %}\n{% block subject %}Oups{% endblock subject %}\n{% block body %}{% if %}{% endblock body %}\n").unwrap();
    let out = vigie_at(d, NOW, &["email", "templates", "check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    let expected = format!("{}:3: ", templates.join("test.txt").display());
    assert!(err.contains(&expected), "{err}");
    ok(d, &["email", "test", "--to", "b@example.fr"]);
    assert_eq!(server.received()[1].parse().subject, "Vigie : e-mail de test");
    // An override that parses but fails to render also falls back to the built-in one.
    std::fs::write(
        templates.join("test.txt"),
        "{% extends \"base.txt\" %}\n{% block subject %}{{ nope.nope }}{% endblock subject %}\n",
    )
    .unwrap();
    let err = String::from_utf8(vigie_at(d, NOW, &["email", "templates", "check"]).stderr).unwrap();
    assert!(err.contains(&format!("{}:2: ", templates.join("test.txt").display())), "{err}");
    ok(d, &["email", "test", "--to", "c@example.fr"]);
    assert_eq!(server.received()[2].parse().subject, "Vigie : e-mail de test");
}

#[test]
fn smtp_settings_presets_and_show_masks_the_password() {
    let dir = demo();
    let d = dir.path();
    ok(
        d,
        &[
            "smtp",
            "set",
            "--preset",
            "ses:eu-west-3",
            "--user",
            "AKIAEXAMPLE",
            "--from-email",
            "alertes@cabinet-demo.fr",
        ],
    );
    let shown = json(d, &["smtp", "show"]);
    assert_eq!(shown["host"], "email-smtp.eu-west-3.amazonaws.com");
    assert_eq!(shown["port"], 587);
    assert_eq!(shown["security"], "starttls");
    assert_eq!(shown["password"], "********");
    let err = String::from_utf8(vigie_at(d, NOW, &["smtp", "set", "--preset", "yahoo"]).stderr).unwrap();
    assert!(err.contains("unknown preset"), "{err}");
    let out = vigie_at(d, NOW, &["smtp", "set", "--port", "99999"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(json(d, &["smtp", "show"])["host"], "email-smtp.eu-west-3.amazonaws.com");
}

#[test]
fn the_daemon_sends_what_its_scheduled_check_queues() {
    let server = SmtpServer::start(Mode::Plain, None, &Options::default());
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok_at(d, "2026-11-25T06:00:00Z", &["demo"]);
    smtp_set(d, &server, "none", None, false);
    // 08:59 in Paris, one simulated minute per real second: the 09:00 check comes at once.
    let mut daemon = crate::support::cli::command(d)
        .arg("daemon")
        .env("VIGIE_CLOCK_START", "2026-11-25T07:59:00Z")
        .env("VIGIE_CLOCK_SPEED", "60")
        .env_remove("VIGIE_NOW")
        .env_remove("VIGIE_DATA_DIR")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let conn = rusqlite::Connection::open(d.join("vigie.db")).unwrap();
    let queued = loop {
        let (all, sent): (i64, i64) = conn
            .query_row("SELECT count(*), count(*) FILTER (WHERE status = 'sent') FROM outbox", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        if all > 0 && sent == all {
            break all as usize;
        }
        assert!(std::time::Instant::now() < deadline, "the daemon did not send the check's emails ({sent}/{all})");
        std::thread::yield_now();
    };
    Command::new("kill").args(["-TERM", &daemon.id().to_string()]).status().unwrap();
    assert!(daemon.wait().unwrap().success());
    assert_eq!(server.received().len(), queued);
    let runs = json(d, &["jobs", "history"]);
    let check = runs.as_array().unwrap().iter().find(|r| r["job"] == "check").expect("a check ran");
    assert_eq!(check["scheduled_for"], "2026-11-25T08:00:00Z");
    assert_eq!(check["counts"]["emails_queued"].as_u64().unwrap() as usize, queued, "{check}");
}

#[test]
fn emails_a_check_could_not_queue_wait_for_the_next_check() {
    let server = SmtpServer::start(Mode::Plain, None, &Options::default());
    let dir = demo();
    let d = dir.path();
    smtp_set(d, &server, "none", None, false);
    let conn = rusqlite::Connection::open(d.join("vigie.db")).unwrap();
    conn.execute("UPDATE settings SET value = 'abc' WHERE key = 'smtp.port'", []).unwrap();
    let out = vigie_at(d, NOW, &["--json", "check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("smtp.port") && err.contains("abc"), "{err}");
    // What was detected is reported all the same.
    let counts: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(counts["echeance_proche"].as_u64().unwrap() > 0, "{counts}");
    // The notifications are there, their emails pending.
    let pending: i64 = conn
        .query_row(
            "SELECT count(*) FROM notifications
             WHERE id > coalesce((SELECT last_notification_id FROM email_progress), 0)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(pending > 0);
    ok(d, &["settings", "set", "smtp.port", &server.port.to_string()]);
    let again = json(d, &["check"]);
    assert_eq!(again["echeance_proche"], 0, "nothing new to detect");
    let expected = expected_emails(d);
    assert_eq!(json(d, &["outbox", "send"])["sent"].as_u64().unwrap() as usize, expected.len());
    assert_eq!(server.received().len(), expected.len());
    // Once queued, never again.
    ok(d, &["check"]);
    assert_eq!(json(d, &["outbox", "send"])["sent"], 0);
}

#[test]
fn a_server_that_never_answers_times_out() {
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    // Accept connections and say nothing.
    let _held = std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in silent.incoming().flatten() {
            held.push(stream);
        }
    });
    let dir = demo();
    let d = dir.path();
    smtp_set_port(d, port, "none", None, false);
    ok(d, &["settings", "set", "smtp.timeout_secs", "1"]);
    let started = std::time::Instant::now();
    let out = vigie_at(d, NOW, &["email", "test", "--to", "x@example.fr"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("timeout"), "{}", String::from_utf8_lossy(&out.stderr));
    ok(d, &["check"]);
    let report = json(d, &["outbox", "send"]);
    assert_eq!(report["sent"], 0);
    let rows = json(d, &["outbox", "list"]);
    assert!(rows.as_array().unwrap().iter().all(|r| r["last_error"].as_str().unwrap().contains("timeout")));
    // One timeout for the pass, not one per email: the others wait for the next pass.
    assert!(started.elapsed() < std::time::Duration::from_secs(20), "{:?}", started.elapsed());
}

#[test]
fn the_cleanup_job_deletes_old_sent_emails() {
    let server = SmtpServer::start(Mode::Plain, None, &Options::default());
    let dir = demo();
    let d = dir.path();
    smtp_set(d, &server, "none", None, false);
    ok(d, &["check"]);
    let sent = json(d, &["outbox", "send"])["sent"].as_u64().unwrap();
    assert!(sent > 0);
    let run = json_at(d, "2026-12-20T02:00:00Z", &["jobs", "run", "cleanup"]);
    assert_eq!(run[0]["counts"]["emails_deleted"], 0, "{run}");
    let run = json_at(d, "2026-12-27T02:00:00Z", &["jobs", "run", "cleanup"]);
    assert_eq!(run[0]["counts"]["emails_deleted"].as_u64(), Some(sent), "{run}");
    assert!(json(d, &["outbox", "list"]).as_array().unwrap().is_empty());
}

/// `vigie` run with its exit code and both outputs (for commands expected to fail).
fn refused(dir: &Path, args: &[&str]) -> String {
    let out = vigie_at(dir, NOW, args);
    assert_eq!(
        out.status.code(),
        Some(1),
        "vigie {args:?} should be refused: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn an_email_that_cannot_be_built_fails_with_its_reason_and_the_others_go() {
    let server = SmtpServer::start(Mode::Plain, None, &Options::default());
    let dir = demo();
    let d = dir.path();
    smtp_set(d, &server, "none", None, false);
    import_staff(d, 3, &[]);
    // A row queued by an older version, before names were checked: a line break in the name
    // made lettre panic, the row stayed `sending` and the rows after it never left. It is
    // the first row claimed.
    let conn = rusqlite::Connection::open(d.join("vigie.db")).unwrap();
    let bad = conn
        .execute(
            "UPDATE outbox SET to_name = 'Carol' || char(10) || 'Smith' WHERE to_email = 'collab0@cabinet-demo.fr'",
            [],
        )
        .unwrap();
    assert_eq!(bad, 1);
    let out = vigie_at(d, NOW, &["--json", "outbox", "send"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((report["sent"].as_u64(), report["failed"].as_u64()), (Some(2), Some(1)), "{report}");
    let received: BTreeSet<String> = server.received().iter().map(|r| r.parse().to).collect();
    assert_eq!(received, BTreeSet::from(["collab1@cabinet-demo.fr".to_string(), "collab2@cabinet-demo.fr".into()]));
    let failed = json(d, &["outbox", "list", "--status", "failed"]);
    assert_eq!(failed.as_array().unwrap().len(), 1, "{failed}");
    assert_eq!(failed[0]["to"], "collab0@cabinet-demo.fr");
    assert_eq!(failed[0]["last_error"], "cannot build the email: the recipient name holds a line break");
    assert!(json(d, &["outbox", "list", "--status", "sending"]).as_array().unwrap().is_empty());
}

#[test]
fn a_sender_name_with_a_line_break_is_refused_and_a_stored_one_does_not_crash() {
    let server = SmtpServer::start(Mode::Plain, None, &Options::default());
    let dir = demo();
    let d = dir.path();
    smtp_set(d, &server, "none", None, false);
    let err = refused(d, &["smtp", "set", "--from-name", "Cabinet\r\nBcc: x@y.fr"]);
    assert!(err.contains("--from-name \"Cabinet\\r\\nBcc: x@y.fr\" holds a line break"), "{err}");
    let err = refused(d, &["smtp", "set", "--user", "u\u{7}"]);
    assert!(err.contains("--user \"u\\u{7}\" holds a control character (U+0007)"), "{err}");
    assert_eq!(json(d, &["smtp", "show"])["from_name"], "Vigie — Cabinet Démo");
    // The same value written into the store by hand (or an older version): the emails wait
    // with a reason naming the setting, nothing panics, and `settings set` repairs it.
    import_staff(d, 1, &[]);
    let conn = rusqlite::Connection::open(d.join("vigie.db")).unwrap();
    conn.execute(
        "UPDATE settings SET value = 'Cabinet' || char(13, 10) || 'Bcc: x@y.fr' WHERE key = 'smtp.from_name'",
        [],
    )
    .unwrap();
    let report = json(d, &["outbox", "send"]);
    assert_eq!(report["retried"], 1, "{report}");
    let row = &json(d, &["outbox", "list"])[0];
    let error = row["last_error"].as_str().unwrap();
    assert!(error.contains("smtp.from_name") && error.contains("holds a line break"), "{row}");
    assert!(!error.contains('\n'), "{error:?}");
    let err = refused(d, &["smtp", "set", "--from-name", "Cabinet Démo"]);
    assert!(err.contains("vigie settings set smtp.from_name VALUE"), "{err}");
    ok(d, &["settings", "set", "smtp.from_name", "Cabinet Démo"]);
    ok_at(d, NOW, &["outbox", "retry", &row["id"].to_string()]);
    assert_eq!(json(d, &["outbox", "send"])["sent"], 1);
    let m = server.received()[0].parse();
    assert_eq!(m.to, "collab0@cabinet-demo.fr");
    assert!(!String::from_utf8_lossy(&server.received()[0].raw).contains("Bcc"));
}

#[test]
fn a_cleartext_login_off_this_computer_needs_the_explicit_flag() {
    let dir = demo();
    let d = dir.path();
    let remote =
        ["smtp", "set", "--host", "mail.example.fr", "--security", "none", "--user", "u", "--from-email", "a@b.fr"];
    let err = refused(d, &remote);
    assert!(err.contains("password in clear") && err.contains("--allow-cleartext-password"), "{err}");
    let err = String::from_utf8(vigie_at(d, NOW, &["smtp", "show"]).stderr).unwrap();
    assert!(err.contains("no SMTP server is configured"), "{err}");
    let mut allowed = remote.to_vec();
    allowed.push("--allow-cleartext-password");
    ok(d, &allowed);
    assert_eq!(json(d, &["smtp", "show"])["host"], "mail.example.fr");
    // The allowance is asked for each time, never carried over silently.
    let err = refused(d, &["smtp", "set", "--from-name", "Cabinet"]);
    assert!(err.contains("password in clear"), "{err}");
    // On this computer, nothing crosses the network.
    for host in ["localhost", "127.0.0.1", "::1"] {
        ok(d, &["smtp", "set", "--host", host, "--security", "none", "--user", "u"]);
    }
    // `settings set` refuses the same thing, whichever key would make it so, and changes nothing.
    let err = refused(d, &["settings", "set", "smtp.host", "mail.example.fr"]);
    assert!(err.contains("password in clear") && err.contains("--allow-cleartext-password"), "{err}");
    assert_eq!(json(d, &["smtp", "show"])["host"], "::1");
    ok(d, &["smtp", "set", "--host", "mail.example.fr", "--security", "starttls", "--user", "u"]);
    let err = refused(d, &["settings", "set", "smtp.security", "none"]);
    assert!(err.contains("password in clear") && err.contains("--allow-cleartext-password"), "{err}");
    assert_eq!(json(d, &["settings", "get", "smtp.security"])["value"], "starttls");
    // Allowed explicitly first, the same change is accepted; other keys are not held up.
    ok(d, &["settings", "set", "smtp.allow_cleartext_password", "true"]);
    ok(d, &["settings", "set", "smtp.security", "none"]);
    let err = refused(d, &["settings", "set", "smtp.allow_cleartext_password", "false"]);
    assert!(err.contains("password in clear"), "{err}");
    ok(d, &["settings", "set", "smtp.from_name", "Cabinet"]);
    // Settings edited in the store by hand are checked again before the worker logs in.
    let conn = rusqlite::Connection::open(d.join("vigie.db")).unwrap();
    conn.execute("UPDATE settings SET value = 'false' WHERE key = 'smtp.allow_cleartext_password'", []).unwrap();
    import_staff(d, 1, &[]);
    assert_eq!(json(d, &["outbox", "send"])["retried"], 1);
    let row = &json(d, &["outbox", "list"])[0];
    assert!(row["last_error"].as_str().unwrap().contains("password in clear"), "{row}");
}

#[test]
fn template_overrides_cannot_read_the_environment_or_files_outside_their_folder() {
    let server = SmtpServer::start(Mode::Plain, None, &Options::default());
    let dir = demo();
    let d = dir.path();
    smtp_set(d, &server, "none", None, false);
    let templates = d.join("templates/emails");
    std::fs::create_dir_all(&templates).unwrap();
    let test_txt = templates.join("test.txt");
    std::fs::write(
        &test_txt,
        "{% extends \"base.txt\" %}\n{% block subject %}{{ get_env(name=\"VIGIE_SMTP_PASSWORD\") }}{% endblock subject %}\n",
    )
    .unwrap();
    let err = refused(d, &["email", "templates", "check"]);
    assert!(err.contains(&format!("{}:", test_txt.display())) && err.contains("get_env is refused"), "{err}");
    ok(d, &["email", "test", "--to", "a@example.fr"]);
    let sent = &server.received()[0];
    assert!(!sent.raw.windows(PASSWORD.len()).any(|w| w == PASSWORD.as_bytes()));
    assert_eq!(sent.parse().subject, "Vigie : e-mail de test");
    // A symbolic link to a file outside the folder is not read, valid template or not.
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.html");
    std::fs::write(&secret, "SECRET {% extends \"base.txt\" %}").unwrap();
    std::fs::remove_file(&test_txt).unwrap();
    std::os::unix::fs::symlink(&secret, templates.join("secret.html")).unwrap();
    std::fs::write(
        &test_txt,
        "{% extends \"base.txt\" %}\n{% block subject %}{% include \"secret.html\" %}{% endblock subject %}\n",
    )
    .unwrap();
    let err = refused(d, &["email", "templates", "check"]);
    let link = format!("{}:1: is a symbolic link, not loaded", templates.join("secret.html").display());
    assert!(err.contains(&link), "{err}");
    assert!(err.contains(&format!("{}:", test_txt.display())) && err.contains("secret.html"), "{err}");
    ok(d, &["email", "test", "--to", "b@example.fr"]);
    let sent = &server.received()[1];
    assert!(!sent.raw.windows(6).any(|w| w == b"SECRET"));
    assert_eq!(sent.parse().subject, "Vigie : e-mail de test");
}

#[test]
fn a_linked_templates_folder_is_refused_by_check_and_nothing_is_loaded_from_it() {
    let dir = demo();
    let d = dir.path();
    // A valid new pair outside the data folder.
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("dehors.txt"), "{% extends \"base.txt\" %}").unwrap();
    std::fs::write(outside.path().join("dehors.html"), "{% extends \"base.html\" %}").unwrap();
    let emails = d.join("templates/emails");
    std::fs::create_dir_all(d.join("templates")).unwrap();
    std::os::unix::fs::symlink(outside.path(), &emails).unwrap();
    let err = refused(d, &["email", "templates", "check"]);
    assert!(err.contains(&format!("{}: is a symbolic link, not followed", emails.display())), "{err}");
    let names = json(d, &["email", "templates", "list"]);
    assert!(!names.as_array().unwrap().iter().any(|n| n == "dehors"), "{names}");
    assert!(names.as_array().unwrap().iter().any(|n| n == "welcome"), "{names}");
}
