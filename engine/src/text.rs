//! Text that comes from outside (CSV cells, command-line values) and text that goes to a
//! terminal: what a one-line value or a free text may hold, and how to print stored text safely.
//!
//! Stored data ends up in terminals, logs and email headers: a control character in a name
//! could move the cursor or recolour a terminal, and a line break in a name breaks an email
//! header. So values are checked where they enter ([`check_line`], [`check_text`]), and what is
//! printed goes through [`printable`] in case older data slipped through.

use std::borrow::Cow;

/// The most characters a one-line value (name, email, code) may hold.
pub const LINE_MAX_CHARS: usize = 256;

/// The most characters a free text (a task's title, a document's label) may hold.
pub const TEXT_MAX_CHARS: usize = 2000;

/// Why a character may not be in a one-line value: the one classification behind the checks
/// here and the email header checks ([`crate::email::header`]), so that a value accepted where
/// it enters is never refused later where it is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unfit {
    /// LF, CR, NEL, or the Unicode line or paragraph separator.
    LineBreak,
    /// A tab: a one-line value never needs one, and email headers refuse it.
    Tab,
    /// Another C0 or C1 control character, or DEL.
    Control(char),
    /// A bidirectional override or isolate (makes text display in another order than stored).
    Bidi(char),
}

/// What `c` is if a one-line value may not hold it, or None when it may.
pub fn unfit(c: char) -> Option<Unfit> {
    if is_line_break(c) {
        Some(Unfit::LineBreak)
    } else if c == '\t' {
        Some(Unfit::Tab)
    } else if c.is_control() {
        Some(Unfit::Control(c))
    } else if is_bidi_control(c) {
        Some(Unfit::Bidi(c))
    } else {
        None
    }
}

/// The first character of `value` a one-line value may not hold, and what it is.
pub fn first_unfit(value: &str) -> Option<Unfit> {
    value.chars().find_map(unfit)
}

/// Checks a one-line value such as a person's or a client's name, an email address or a code:
/// no control character (tab included), no line break, no bidirectional override, at most
/// [`LINE_MAX_CHARS`].
///
/// The error is a reason to put after the field's name (`name: control character U+001B is not
/// allowed`); it never quotes the value, which may itself be what is unsafe to print.
pub fn check_line(value: &str) -> Result<(), String> {
    check(value, false, LINE_MAX_CHARS)
}

/// Checks a free text, which may span lines: like [`check_line`], except that line feeds and
/// tabs are allowed and the limit is [`TEXT_MAX_CHARS`].
pub fn check_text(value: &str) -> Result<(), String> {
    check(value, true, TEXT_MAX_CHARS)
}

fn check(value: &str, multiline: bool, max_chars: usize) -> Result<(), String> {
    // Printable ASCII, as most values are, holds nothing to refuse and one byte a character:
    // only its length is looked at (an import checks every cell of 200,000 rows).
    if value.len() <= max_chars && value.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return Ok(());
    }
    for c in value.chars() {
        let Some(problem) = unfit(c) else { continue };
        if multiline && (c == '\n' || c == '\t') {
            continue;
        }
        return Err(match problem {
            Unfit::LineBreak => "line break is not allowed (this field holds a single line)".into(),
            Unfit::Tab => "tab is not allowed (this field holds a single line)".into(),
            Unfit::Control(c) => format!("control character U+{:04X} is not allowed", u32::from(c)),
            Unfit::Bidi(c) => format!("bidirectional control character U+{:04X} is not allowed", u32::from(c)),
        });
    }
    let count = value.chars().count();
    if count > max_chars {
        return Err(format!("too long: {count} characters (at most {max_chars})"));
    }
    Ok(())
}

/// Characters that end a line: LF, CR, NEL, and the Unicode line and paragraph separators.
fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Stored text made safe to print on a terminal: everything [`unfit`] names except line feed
/// and tab (control characters, the other line breaks such as CR and U+2028, bidirectional
/// overrides) is written as `\u{1b}`-style text, so that no escape sequence or hidden line
/// from stored data reaches the terminal. Text without them is borrowed.
pub fn printable(text: &str) -> Cow<'_, str> {
    let escaped = |c: char| c != '\n' && c != '\t' && unfit(c).is_some();
    if !text.chars().any(escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escaped(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_names_pass() {
        for name in ["Zoé Roux", "SARL Dupont & Fils", "O'Brien Ltd", "Ærø — 株式会社", "claire@cabinet.fr"] {
            assert_eq!(check_line(name), Ok(()), "{name}");
            assert_eq!(check_text(name), Ok(()), "{name}");
        }
    }

    #[test]
    fn a_tab_only_in_free_text() {
        // Email headers refuse a tab: a name accepted here would fail when stored or mailed.
        assert_eq!(check_line("Carol\tSmith"), Err("tab is not allowed (this field holds a single line)".into()));
        assert_eq!(check_text("Relancer\tle client"), Ok(()));
        assert_eq!(first_unfit("Carol\tSmith"), Some(Unfit::Tab));
    }

    #[test]
    fn one_classification() {
        assert_eq!(first_unfit("Zoé Roux — 株式会社"), None);
        assert_eq!(first_unfit("a\u{2029}b"), Some(Unfit::LineBreak));
        assert_eq!(first_unfit("a\u{85}b"), Some(Unfit::LineBreak));
        assert_eq!(first_unfit("a\u{7}b"), Some(Unfit::Control('\u{7}')));
        assert_eq!(first_unfit("a\u{2067}b"), Some(Unfit::Bidi('\u{2067}')));
    }

    #[test]
    fn control_characters_are_refused_and_named() {
        assert_eq!(check_line("a\u{1b}[31mb"), Err("control character U+001B is not allowed".into()));
        assert_eq!(check_line("a\0b"), Err("control character U+0000 is not allowed".into()));
        assert_eq!(check_line("a\u{7f}"), Err("control character U+007F is not allowed".into()));
        assert_eq!(check_line("a\u{9b}31m"), Err("control character U+009B is not allowed".into()));
        assert_eq!(check_text("a\u{1b}b"), Err("control character U+001B is not allowed".into()));
        assert_eq!(check_line("txt.\u{202e}exe"), Err("bidirectional control character U+202E is not allowed".into()));
        assert_eq!(
            check_text("\u{2066}x\u{2069}"),
            Err("bidirectional control character U+2066 is not allowed".into())
        );
    }

    #[test]
    fn line_breaks_only_in_free_text() {
        for value in ["Carol\nSmith", "Carol\rSmith", "Carol\u{2028}Smith", "Carol\u{85}Smith"] {
            assert_eq!(
                check_line(value),
                Err("line break is not allowed (this field holds a single line)".into()),
                "{value:?}"
            );
        }
        assert_eq!(check_text("Relancer\nle client"), Ok(()));
        assert!(check_text("a\rb").is_err());
    }

    #[test]
    fn length_is_capped() {
        assert_eq!(check_line(&"é".repeat(LINE_MAX_CHARS)), Ok(()));
        assert_eq!(check_line(&"é".repeat(LINE_MAX_CHARS + 1)), Err("too long: 257 characters (at most 256)".into()));
        assert_eq!(check_text(&"x".repeat(TEXT_MAX_CHARS)), Ok(()));
        assert!(check_text(&"x".repeat(TEXT_MAX_CHARS + 1)).is_err());
    }

    #[test]
    fn printable_escapes_what_a_terminal_would_obey() {
        assert!(matches!(printable("Société\tA\nB"), Cow::Borrowed("Société\tA\nB")));
        assert_eq!(printable("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(printable("\0\r\u{7f}\u{9b}"), "\\u{0}\\u{d}\\u{7f}\\u{9b}");
        assert_eq!(printable("x\u{202e}y"), "x\\u{202e}y");
        // Line separators a terminal or an editor may break the line at.
        assert_eq!(printable("a\u{2028}b\u{2029}c\u{85}d"), "a\\u{2028}b\\u{2029}c\\u{85}d");
        assert!(!printable("\u{1b}]0;title\u{7}").chars().any(char::is_control));
    }
}
