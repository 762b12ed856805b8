//! The SMTP password in a real Secret Service: gnome-keyring-daemon on a private D-Bus session
//! started by the test (dbus-run-session), never in the store, the logs or the output.

use crate::support::smtp::{Mode, Options, SmtpServer, TestCa};
use std::process::Command;

const PASSWORD: &str = "Kéyring-S3cret!";

/// Runs `script` inside a fresh D-Bus session with an unlocked gnome-keyring.
fn in_keyring_session(script: &str, envs: &[(&str, String)]) -> std::process::Output {
    // A keyring of its own: gnome-keyring keeps its files under XDG_DATA_HOME.
    let home = tempfile::tempdir().unwrap();
    let full = format!(
        "set -eu\neval \"$(printf 'unlock' | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)\"\nexport GNOME_KEYRING_CONTROL\n{script}"
    );
    let mut cmd = Command::new("dbus-run-session");
    cmd.args(["--", "bash", "-c", &full])
        .env_remove("VIGIE_SMTP_PASSWORD")
        .env_remove("VIGIE_DATA_DIR")
        .env("XDG_DATA_HOME", home.path())
        .env("XDG_RUNTIME_DIR", home.path());
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.output().expect("dbus-run-session and gnome-keyring are installed (bash .ci/install)")
}

#[test]
fn the_password_lives_in_the_keyring_and_authenticates() {
    let ca = TestCa::new();
    let server = SmtpServer::start(
        Mode::Starttls,
        Some(&ca),
        &Options { login: Some(("vigie".into(), PASSWORD.into())), ..Default::default() },
    );
    let dir = tempfile::tempdir().unwrap();
    let script = r#"
V="$VIGIE --data-dir $DATA"
$V cabinet add "Cabinet K" >/dev/null
printf '%s\n' "$PW" | $V smtp set --host 127.0.0.1 --port "$PORT" --security starttls --ca-file "$CA" --user vigie --from-email alertes@k.fr --password-stdin >/dev/null
$V --json smtp show
$V email test --to claire@k.fr
"#;
    let out = in_keyring_session(
        script,
        &[
            ("VIGIE", env!("CARGO_BIN_EXE_vigie").to_string()),
            ("DATA", dir.path().display().to_string()),
            ("PW", PASSWORD.to_string()),
            ("PORT", server.port.to_string()),
            ("CA", ca.ca_file().display().to_string()),
            ("VIGIE_NOW", "2026-11-25T08:00:00Z".to_string()),
        ],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("\"password\": \"********\""), "{stdout}");
    assert!(!stdout.contains(PASSWORD) && !stderr.contains(PASSWORD));
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].envelope["login"], "vigie");
    for entry in std::fs::read_dir(dir.path()).unwrap().flatten() {
        let bytes = std::fs::read(entry.path()).unwrap();
        assert!(!bytes.windows(PASSWORD.len()).any(|w| w == PASSWORD.as_bytes()), "{:?}", entry.path());
    }
}

#[test]
fn without_a_keyring_the_error_says_how_to_fix_it() {
    let dir = tempfile::tempdir().unwrap();
    let vigie = env!("CARGO_BIN_EXE_vigie");
    let run = |args: &[&str], stdin: &str| {
        use std::io::Write;
        let mut child = Command::new(vigie)
            .arg("--data-dir")
            .arg(dir.path())
            .args(args)
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
            .env_remove("VIGIE_SMTP_PASSWORD")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    };
    assert!(run(&["cabinet", "add", "A"], "").status.success());
    let out = run(
        &["smtp", "set", "--host", "smtp.k.fr", "--user", "u", "--from-email", "a@k.fr", "--password-stdin"],
        "pw\n",
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("keyring") && err.contains("VIGIE_SMTP_PASSWORD"), "{err}");
    // Nothing half-stored: the settings were not written.
    let out = run(&["smtp", "show"], "");
    assert!(String::from_utf8_lossy(&out.stderr).contains("no SMTP server is configured"));
}
