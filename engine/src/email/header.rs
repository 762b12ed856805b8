//! What may go in a one-line email header (a name, an address, a subject, a Message-ID).
//!
//! lettre panics while writing a mailbox whose name holds CR or LF (its `Display` returns an
//! error that `to_string()` unwraps), and a line break in any header is a header injection.
//! Every header value is checked here first, so building an email is a `Result`, never a panic.

use crate::text::{Unfit, first_unfit, unfit};

/// Why `value` cannot be a one-line header value, or None when it can. The characters refused
/// are those [`crate::text::check_line`] refuses, so a value accepted there is accepted here.
pub fn single_line_problem(value: &str) -> Option<String> {
    Some(match first_unfit(value)? {
        Unfit::LineBreak => "holds a line break".to_string(),
        Unfit::Tab => "holds a tab".to_string(),
        Unfit::Control(c) => format!("holds a control character (U+{:04X})", u32::from(c)),
        Unfit::Bidi(c) => format!("holds a bidirectional control character (U+{:04X})", u32::from(c)),
    })
}

/// What a header may not hold: see [`crate::text::unfit`].
fn forbidden(c: char) -> bool {
    unfit(c).is_some()
}

/// Checks a one-line value; the error is "`what` holds …", ready to show.
pub fn check_single_line(what: &str, value: &str) -> Result<(), String> {
    match single_line_problem(value) {
        Some(problem) => Err(format!("{what} {problem}")),
        None => Ok(()),
    }
}

/// `value` with its control characters, line breaks and bidirectional controls escaped (`\r`,
/// `\n`, `\u{7}`, `\u{2028}`), to quote a refused value in a one-line message.
pub fn visible(value: &str) -> String {
    value.chars().map(|c| if forbidden(c) { c.escape_default().to_string() } else { c.to_string() }).collect()
}

/// `value` with every character a header may not hold turned into a space and runs of
/// whitespace collapsed (for text computed by a template, such as a subject).
pub fn flatten(value: &str) -> String {
    value
        .chars()
        .map(|c| if forbidden(c) { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_and_control_characters_are_named() {
        assert_eq!(single_line_problem("Claire Moreau — Cabinet Démo"), None);
        assert_eq!(single_line_problem("Carol\nSmith").as_deref(), Some("holds a line break"));
        assert_eq!(single_line_problem("Cabinet\r\nBcc: x@y.fr").as_deref(), Some("holds a line break"));
        assert_eq!(single_line_problem("a\u{2028}b").as_deref(), Some("holds a line break"));
        assert_eq!(single_line_problem("a\tb").as_deref(), Some("holds a tab"));
        assert_eq!(single_line_problem("a\u{7}b").as_deref(), Some("holds a control character (U+0007)"));
        assert_eq!(single_line_problem("a\u{0}b").as_deref(), Some("holds a control character (U+0000)"));
        assert_eq!(
            single_line_problem("txt.\u{202e}exe").as_deref(),
            Some("holds a bidirectional control character (U+202E)")
        );
        assert_eq!(visible("Cabinet\r\nBcc: é\u{7}"), "Cabinet\\r\\nBcc: é\\u{7}");
        assert_eq!(visible("a\u{2028}b\u{202e}c\td"), "a\\u{2028}b\\u{202e}c\\td");
        assert_eq!(
            check_single_line("the recipient name", "Carol\nSmith").unwrap_err(),
            "the recipient name holds a line break"
        );
    }

    #[test]
    fn headers_refuse_exactly_what_a_one_line_value_refuses() {
        for value in ["Carol\tSmith", "a\u{2028}b", "a\u{202e}b", "a\u{1b}b", "a\rb", "Zoé — 株式会社", "O'Brien"]
        {
            assert_eq!(single_line_problem(value).is_some(), crate::text::check_line(value).is_err(), "{value:?}");
        }
    }

    #[test]
    fn flatten_keeps_one_clean_line() {
        assert_eq!(flatten("Bienvenue\r\nBcc: x@y.fr\u{7} \t fin"), "Bienvenue Bcc: x@y.fr fin");
        assert_eq!(flatten("Échéance dans 3 jours : TVA — A"), "Échéance dans 3 jours : TVA — A");
    }
}
