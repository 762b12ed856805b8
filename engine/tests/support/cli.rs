//! The `vigie` binary as the tests run it: on a data folder of their own, with none of the
//! caller's Vigie variables (a shell that sets `VIGIE_CLOCK_START` or `VIGIE_DATA_DIR` must not
//! change what a test sees).

use std::path::Path;
use std::process::Command;

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
