//! Everything the command line prints goes through here: stored text may hold control
//! characters (written by an older version, or straight into the store), and none of them may
//! reach the terminal as an escape sequence.

use std::fmt::Display;
use vigie::text::printable;

/// Prints a line (or lines) on standard output, control characters made visible.
pub fn out(text: impl Display) {
    println!("{}", printable(&text.to_string()));
}

/// Prints a line (or lines) on standard error, control characters made visible.
pub fn err(text: impl Display) {
    eprintln!("{}", printable(&text.to_string()));
}

/// Prints a value as pretty JSON on standard output. JSON already escapes C0 controls; DEL, C1
/// controls, bidirectional overrides and the Unicode line separators are escaped too
/// (`\u009b`, `\u2028`), which only strings hold.
pub fn json(value: &impl serde::Serialize) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => println!("{}", json_escaped(&text)),
        Err(e) => eprintln!("vigie: cannot write the output as JSON: {e}"),
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
