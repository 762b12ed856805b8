//! The `vigie` binary as the tests run it: on a data folder of their own, with none of the
//! caller's Vigie variables (a shell that sets `VIGIE_CLOCK_START` or `VIGIE_DATA_DIR` must not
//! change what a test sees).

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

/// The variables a test never inherits; each test sets the ones it means.
const INHERITED: &[&str] =
    &["VIGIE_DATA_DIR", "VIGIE_NOW", "VIGIE_CLOCK_START", "VIGIE_CLOCK_SPEED", "VIGIE_LOG", "VIGIE_SMTP_PASSWORD"];

/// `vigie --data-dir DIR`, ready for arguments and the test's own variables.
pub fn command(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_vigie"));
    command.arg("--data-dir").arg(dir);
    for name in INHERITED {
        command.env_remove(name);
    }
    command
}

/// Runs `vigie ARGS` with the clock pinned at `now` (RFC 3339).
pub fn run(dir: &Path, now: &str, args: &[&str]) -> Output {
    command(dir).args(args).env("VIGIE_NOW", now).output().unwrap()
}

/// Runs `vigie ARGS` at `now`, which must succeed; its standard output.
pub fn ok(dir: &Path, now: &str, args: &[&str]) -> String {
    let out = run(dir, now, args);
    assert!(out.status.success(), "vigie {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Runs `vigie --json ARGS` at `now`, which must succeed; its output parsed.
pub fn json(dir: &Path, now: &str, args: &[&str]) -> Value {
    serde_json::from_str(&ok(dir, now, &[&["--json"], args].concat())).unwrap()
}

/// Runs `vigie ARGS` at `now`, which must exit with `code` and no panic; its standard error.
pub fn fails(dir: &Path, now: &str, args: &[&str], code: i32) -> String {
    let out = run(dir, now, args);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(code), "vigie {args:?}: {stderr}");
    assert!(!stderr.contains("panicked") && !stderr.contains("Error {"), "{stderr}");
    stderr
}
