//! Finding quotes the csv crate would read otherwise than the file means.
//!
//! The csv crate reads a cell whose quote never closes to the end of the file: with optional
//! columns after it, a whole file would become one client's name. And it reads `"A"B"` as
//! `AB"`. The file is scanned with the same rules first, and such quoting is refused.

/// A quoting problem: where (line, 1 for the header, and the cell's position in it) and what.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct QuoteProblem {
    pub line: u64,
    pub cell: usize,
    pub reason: Quoting,
}

/// What is wrong with the quoting, in the command line's English and the window's French.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Quoting {
    pub english: &'static str,
    pub french: &'static str,
}

const UNCLOSED: Quoting = Quoting {
    english: "quote opened here is never closed (a cell starting with \" needs a closing \")",
    french: "le guillemet ouvert ici n'est jamais fermé (une cellule qui commence par \" doit se terminer par \")",
};
const TEXT_AFTER: Quoting = Quoting {
    english: "text after the closing quote (inside a quoted cell, write a quote as \"\")",
    french: "du texte suit le guillemet de fermeture (dans une cellule entre guillemets, écrivez un guillemet \"\")",
};

/// The first quoting problem of `text`, whose lines end with LF: a quote that opens a cell and
/// is never closed, or text after the quote that closes a cell.
///
/// Follows RFC 4180 as the csv crate reads it: a quote is special only as the first character
/// of a cell; inside quotes, `""` is a quote; after the closing quote only spaces (then the
/// delimiter or a line end) may follow.
pub(crate) fn check(text: &str, delimiter: u8) -> Option<QuoteProblem> {
    enum State {
        CellStart,
        Unquoted,
        Quoted,
        // Just after a quote inside a quoted cell: a closing quote, or the first of `""`.
        QuoteInQuoted,
        // Spaces after a closing quote. The csv crate reads whatever follows as unquoted text,
        // a `"` included (it would no longer escape anything), so only more spaces, the
        // delimiter or a line end may come.
        AfterClosingQuote,
    }
    let (mut line, mut cell) = (1u64, 0usize);
    let mut open = QuoteProblem { line: 0, cell: 0, reason: UNCLOSED };
    let mut state = State::CellStart;
    for b in text.bytes() {
        state = match state {
            State::CellStart | State::Unquoted | State::QuoteInQuoted | State::AfterClosingQuote if b == delimiter => {
                cell += 1;
                State::CellStart
            }
            State::CellStart | State::Unquoted | State::QuoteInQuoted | State::AfterClosingQuote if b == b'\n' => {
                line += 1;
                cell = 0;
                State::CellStart
            }
            State::CellStart if b == b'"' => {
                open = QuoteProblem { line, cell, reason: UNCLOSED };
                State::Quoted
            }
            State::Quoted if b == b'"' => State::QuoteInQuoted,
            State::Quoted => {
                if b == b'\n' {
                    line += 1;
                }
                State::Quoted
            }
            State::QuoteInQuoted if b == b'"' => State::Quoted,
            // `"A" ;` from a hand edit: the csv crate keeps the spaces, which are trimmed.
            State::QuoteInQuoted | State::AfterClosingQuote if b == b' ' || b == b'\t' => State::AfterClosingQuote,
            State::QuoteInQuoted | State::AfterClosingQuote => {
                return Some(QuoteProblem { line, cell, reason: TEXT_AFTER });
            }
            State::CellStart | State::Unquoted => State::Unquoted,
        };
    }
    matches!(state, State::Quoted).then_some(open)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_quotes_escaped_quotes_and_quotes_inside_cells_are_fine() {
        for text in [
            "a;b\n\"x;y\";z\n",
            "a;b\n\"multi\nline\";z\n",
            "a;b\n\"say \"\"hi\"\"\";z\n",
            "a;b\nO\"Brien;z\n",
            "a;b\n\"closed\" ;z\n",
            "a;b\n\"closed\" \t \nx;z\n",
            "a;b\nx;\"closed\"  ",
            "a;b\n\"\"\n",
            "",
        ] {
            assert_eq!(check(text, b';'), None, "{text:?}");
        }
    }

    #[test]
    fn text_after_a_closing_quote_is_found() {
        assert_eq!(check("a;b\n\"A\"B\";z\n", b';'), Some(QuoteProblem { line: 2, cell: 0, reason: TEXT_AFTER }));
        assert_eq!(check("a;b\nx;\"closed\"then\n", b';'), Some(QuoteProblem { line: 2, cell: 1, reason: TEXT_AFTER }));
        // After spaces, a quote no longer escapes anything for the csv crate: it is text, and
        // reading `"B` as the start of `""` would hide a quote that never closes.
        let swallowing = "due_date;title\n2026-12-30;\"A\" \"B\n2026-12-31;\"\n2026-12-31;Second\n";
        assert_eq!(check(swallowing, b';'), Some(QuoteProblem { line: 2, cell: 1, reason: TEXT_AFTER }));
        assert_eq!(check("a;b\n\"A\" \"\";z\n", b';'), Some(QuoteProblem { line: 2, cell: 0, reason: TEXT_AFTER }));
        assert_eq!(check("a;b\n\"A\"\t x;z\n", b';'), Some(QuoteProblem { line: 2, cell: 0, reason: TEXT_AFTER }));
    }

    #[test]
    fn an_unclosed_quote_is_found_where_it_opened() {
        let mut text = String::from("name;siren\n\"Dupont;732829320\n");
        for i in 0..10 {
            text.push_str(&format!("Client {i};\n"));
        }
        assert_eq!(check(&text, b';'), Some(QuoteProblem { line: 2, cell: 0, reason: UNCLOSED }));
        assert_eq!(check("a,b\n1,\"x\"\"\n2,3\n", b','), Some(QuoteProblem { line: 2, cell: 1, reason: UNCLOSED }));
        assert_eq!(check("\"a;b\n1;2\n", b';'), Some(QuoteProblem { line: 1, cell: 0, reason: UNCLOSED }));
        // A quote that closes, then a second that does not: the second is reported.
        assert_eq!(check("a;b\n\"x\ny\";\"z\n", b';'), Some(QuoteProblem { line: 3, cell: 1, reason: UNCLOSED }));
    }
}
