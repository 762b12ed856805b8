//! iCalendar content lines (RFC 5545 §3.1 and §3.3.11): text values escaped, lines folded at
//! 75 octets and ended with CRLF.
//!
//! A physical line never ends with a space or a tab: the fold goes one character earlier.
//! RFC 5545 allows a fold after whitespace (unfolding removes only the line break and the one
//! space that starts the next line), but some readers trim trailing whitespace from each
//! line before unfolding, and would lose the space between two words.

/// The longest physical line, in octets, without its CRLF.
const MAX_OCTETS: usize = 75;

/// A TEXT value: backslash, semicolon, comma and line feed escaped; other control characters
/// are not expected here (stored text is made printable before).
pub(super) fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `name:value` (or `name;params:value`), folded, with its CRLF.
pub(super) fn line(out: &mut String, name: &str, value: &str) {
    let whole = format!("{name}:{value}");
    let mut rest = whole.as_str();
    // The first line holds 75 octets; the next ones 74 after their leading space.
    let mut room = MAX_OCTETS;
    loop {
        if rest.len() <= room {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = room;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        // Leave whitespace at the start of the next line, never at the end of this one.
        while cut > 1 && rest[..cut].ends_with([' ', '\t']) {
            cut -= 1;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        room = MAX_OCTETS - 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Unfolds as RFC 5545 says: a CRLF followed by one space or tab is removed.
    fn unfold(text: &str) -> String {
        text.replace("\r\n ", "").replace("\r\n\t", "")
    }

    #[test]
    fn text_escapes_what_rfc_5545_names() {
        assert_eq!(text("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
        assert_eq!(text("Léa & Fils"), "Léa & Fils");
    }

    #[test]
    fn long_lines_fold_at_75_octets_on_character_boundaries_and_unfold_back() {
        let value = "Déclaration de la société « Établissements Éloïse » — échéance reportée au prochain jour ouvré, \
                     soit le lundi suivant, selon la règle";
        let mut out = String::new();
        line(&mut out, "DESCRIPTION", &text(value));
        assert!(out.ends_with("\r\n"));
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= MAX_OCTETS, "{physical:?} is {} octets", physical.len());
            assert!(!physical.ends_with(' '), "{physical:?} ends with a space");
        }
        assert_eq!(unfold(out.trim_end()), format!("DESCRIPTION:{}", text(value)));
    }

    #[test]
    fn a_fold_never_leaves_a_space_at_the_end_of_a_line() {
        // Every position of a space around the 75th octet.
        for pad in 0..80 {
            let value = format!("{}{}", "x".repeat(pad), " mot ".repeat(30).trim_end());
            let mut out = String::new();
            line(&mut out, "SUMMARY", &value);
            assert!(out.split("\r\n").all(|l| !l.ends_with(' ') && l.len() <= MAX_OCTETS), "{pad}: {out:?}");
            assert_eq!(unfold(out.trim_end()), format!("SUMMARY:{value}"), "{pad}");
            // A reader that trims each line before unfolding reads the same.
            let trimmed: Vec<&str> = out.trim_end().split("\r\n").map(str::trim_end).collect();
            assert_eq!(unfold(&trimmed.join("\r\n")), format!("SUMMARY:{value}"), "{pad}");
        }
    }
}
