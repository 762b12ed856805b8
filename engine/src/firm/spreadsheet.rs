//! A CSV file as French Excel opens it with a double click: `;` between cells (the comma is the
//! decimal separator there), UTF-8 announced by a byte order mark (without it Excel reads
//! Windows-1252 and the accents break), CRLF line ends, and a cell holding `;`, a quote or a
//! line break quoted.
//!
//! Stored text is data, never code: a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
//! return would be run by Excel as a formula (CSV injection), so it is written with an
//! apostrophe in front, which Excel reads as "text" and does not show.

use crate::error::{Error, Result};

/// The UTF-8 byte order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A CSV file being written in memory.
pub struct Sheet {
    writer: csv::Writer<Vec<u8>>,
    rows: u64,
}

impl Sheet {
    /// A file starting with its byte order mark and the header row.
    pub fn new(headers: &[&str]) -> Result<Sheet> {
        let buffer = BOM.to_vec();
        let writer = csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Necessary)
            .from_writer(buffer);
        let mut sheet = Sheet { writer, rows: 0 };
        sheet.write(headers.iter().copied())?;
        Ok(sheet)
    }

    /// Appends one row; each cell is neutralised (see the module's comment).
    pub fn row<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) -> Result<()> {
        self.rows += 1;
        self.write(cells)
    }

    fn write<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) -> Result<()> {
        let failed = |e: csv::Error| Error::Internal(format!("writing a CSV row: {e}"));
        for cell in cells {
            self.writer.write_field(neutralised(cell).as_bytes()).map_err(failed)?;
        }
        // An empty record ends the row the fields started.
        self.writer.write_record(None::<&[u8]>).map_err(failed)
    }

    /// Rows written, the header not counted.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// The file's bytes.
    pub fn finish(self) -> Result<Vec<u8>> {
        self.writer.into_inner().map_err(|e| Error::Internal(format!("finishing a CSV file: {}", e.error())))
    }
}

/// The cell as written: an apostrophe before text Excel would read as a formula.
pub fn neutralised(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(sheet: Sheet) -> String {
        let bytes = sheet.finish().unwrap();
        assert!(bytes.starts_with(BOM));
        String::from_utf8(bytes[BOM.len()..].to_vec()).unwrap()
    }

    #[test]
    fn cells_are_separated_by_semicolons_and_rows_end_with_crlf() {
        let mut sheet = Sheet::new(&["Nom", "Échéance"]).unwrap();
        sheet.row(["Dupont", "31/12/2026"]).unwrap();
        assert_eq!(sheet.rows(), 1);
        assert_eq!(text(sheet), "Nom;Échéance\r\nDupont;31/12/2026\r\n");
    }

    #[test]
    fn a_cell_with_a_separator_a_quote_or_a_line_break_is_quoted() {
        let mut sheet = Sheet::new(&["a", "b", "c", "d"]).unwrap();
        sheet.row(["x;y", "dit \"oui\"", "ligne 1\nligne 2", "simple, virgule"]).unwrap();
        assert_eq!(text(sheet), "a;b;c;d\r\n\"x;y\";\"dit \"\"oui\"\"\";\"ligne 1\nligne 2\";simple, virgule\r\n");
    }

    #[test]
    fn formula_starts_are_neutralised_and_other_text_is_left_alone() {
        for formula in ["=1+1", "+33 1 23", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralised(formula), format!("'{formula}"), "{formula:?}");
        }
        for plain in ["", "Dupont", "1=1", "a-b", "'déjà"] {
            assert_eq!(neutralised(plain), plain);
        }
    }
}
