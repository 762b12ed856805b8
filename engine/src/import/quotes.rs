//! Finding a quote that opens a cell and never closes.
//!
//! The csv crate reads such a cell to the end of the file: with optional columns after it, a
//! whole file would become one client's name. The file is scanned with the same rules first.

/// Where an unclosed quote opened: its line (1 for the header) and the cell's position in it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct OpenQuote {
    pub line: u64,
    pub cell: usize,
}

/// The quote that opens a cell and is never closed, if any, in `text` whose lines end with LF.
///
/// Follows RFC 4180 as the csv crate reads it: a quote is special only as the first character
/// of a cell; inside quotes, `""` is a quote; after the closing quote the cell goes on unquoted.
pub(crate) fn unclosed(text: &str, delimiter: u8) -> Option<OpenQuote> {
    enum State {
        CellStart,
        Unquoted,
        Quoted,
        // Just after a quote inside a quoted cell: a closing quote, or the first of `""`.
        QuoteInQuoted,
    }
    let (mut line, mut cell) = (1u64, 0usize);
    let mut open = OpenQuote { line: 0, cell: 0 };
    let mut state = State::CellStart;
    for b in text.bytes() {
        state = match state {
            State::CellStart | State::Unquoted | State::QuoteInQuoted if b == delimiter => {
                cell += 1;
                State::CellStart
            }
            State::CellStart | State::Unquoted | State::QuoteInQuoted if b == b'\n' => {
                line += 1;
                cell = 0;
                State::CellStart
            }
            State::CellStart if b == b'"' => {
                open = OpenQuote { line, cell };
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
            State::CellStart | State::Unquoted | State::QuoteInQuoted => State::Unquoted,
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
            "a;b\n\"closed\"then;z\n",
            "a;b\n\"\"\n",
            "",
        ] {
            assert_eq!(unclosed(text, b';'), None, "{text:?}");
        }
    }

    #[test]
    fn an_unclosed_quote_is_found_where_it_opened() {
        let mut text = String::from("name;siren\n\"Dupont;732829320\n");
        for i in 0..10 {
            text.push_str(&format!("Client {i};\n"));
        }
        assert_eq!(unclosed(&text, b';'), Some(OpenQuote { line: 2, cell: 0 }));
        assert_eq!(unclosed("a,b\n1,\"x\"\"\n2,3\n", b','), Some(OpenQuote { line: 2, cell: 1 }));
        assert_eq!(unclosed("\"a;b\n1;2\n", b';'), Some(OpenQuote { line: 1, cell: 0 }));
        // A quote that closes, then a second that does not: the second is reported.
        assert_eq!(unclosed("a;b\n\"x\ny\";\"z\n", b';'), Some(OpenQuote { line: 3, cell: 1 }));
    }
}
