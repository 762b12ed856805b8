//! Everything the command line prints goes through here: stored text may hold control
//! characters (written by an older version, or straight into the store), and none of them may
//! reach the terminal as an escape sequence.

use std::fmt::Display;
use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use vigie::text::printable;

/// The exit code when standard output is a closed pipe: 0, or 1 once the command has failed.
static EXIT_ON_CLOSED_STDOUT: AtomicU8 = AtomicU8::new(0);

/// Whether anything was written on standard output yet.
static WROTE_OUT: AtomicBool = AtomicBool::new(false);

/// Whether the command already printed something (its result) on standard output.
pub fn wrote_out() -> bool {
    WROTE_OUT.load(Ordering::Relaxed)
}

/// Marks the command as failed: a closed standard output must not turn the failure into 0.
pub fn failing() {
    EXIT_ON_CLOSED_STDOUT.store(1, Ordering::Relaxed);
}

/// Prints a line (or lines) on standard output, control characters made visible.
pub fn out(text: impl Display) {
    write_out(&printable(&text.to_string()));
}

/// Writes a file's bytes as they are on standard output (`vigie calendar ics > file.ics`); a
/// reader gone is not an error.
pub fn bytes(bytes: &[u8]) {
    let mut out = std::io::stdout().lock();
    if out.write_all(bytes).and_then(|()| out.flush()).is_ok() {
        WROTE_OUT.store(true, Ordering::Relaxed);
    }
}

/// Prints a line (or lines) on standard error, control characters made visible.
pub fn err(text: impl Display) {
    // println!/eprintln! panic when the write fails. Standard error may be closed or full:
    // there is nowhere left to say so, and the command goes on to its own exit code.
    let _ = writeln!(std::io::stderr().lock(), "{}", printable(&text.to_string()));
}

/// Writes `text` and a line end on standard output. When the reader has gone (`vigie … | head`)
/// the rest is of no use to anyone: exit quietly, as ripgrep does, instead of panicking.
fn write_out(text: &str) {
    WROTE_OUT.store(true, Ordering::Relaxed);
    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{text}").and_then(|()| stdout.flush()) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            std::process::exit(EXIT_ON_CLOSED_STDOUT.load(Ordering::Relaxed).into())
        }
        Err(e) => {
            err(format_args!("vigie: cannot write the output: {e}"));
            std::process::exit(1);
        }
    }
}

/// Prints a value as pretty JSON on standard error (an error after a result already printed).
pub fn json_err(value: &impl serde::Serialize) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => err(json_escaped(&text)),
        Err(e) => err(format_args!("vigie: cannot write the output as JSON: {e}")),
    }
}

/// Prints a value as pretty JSON on standard output. JSON already escapes C0 controls; DEL, C1
/// controls, bidirectional overrides and the Unicode line separators are escaped too
/// (`\u009b`, `\u2028`), which only strings hold.
pub fn json(value: &impl serde::Serialize) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => write_out(&json_escaped(&text)),
        Err(e) => err(format_args!("vigie: cannot write the output as JSON: {e}")),
    }
}

/// Prints a value as JSON on one line of standard output (a stream of events, one a line).
pub fn json_line(value: &impl serde::Serialize) {
    match serde_json::to_string(value) {
        Ok(text) => write_out(&json_escaped(&text)),
        Err(e) => err(format_args!("vigie: cannot write the output as JSON: {e}")),
    }
}

fn json_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        // The same characters as `printable`; a raw line feed is the pretty layout's own
        // (serde_json has escaped those in strings).
        if c != '\n' && vigie::text::unfit(c).is_some() {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_keep_their_value_without_raw_controls() {
        let value = serde_json::json!({ "name": "a\u{1b}[31m\u{9b}b\u{202e}c\u{2028}d\te\nf" });
        for text in [serde_json::to_string(&value).unwrap(), serde_json::to_string_pretty(&value).unwrap()] {
            let text = json_escaped(&text);
            assert!(!text.chars().any(|c| c != '\n' && vigie::text::unfit(c).is_some()), "{text}");
            let back: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(back, value);
        }
    }
}
