//! Reading the cells of one row by column name, collecting every problem found.
//!
//! Every cell is checked for what no column may hold (control characters; line breaks and
//! overlong text outside free-text columns) before any is read; a refused cell reads as absent
//! and its one problem is reported, not a second "required" one.

use super::fields;
use super::problem::{ImportProblem, Reason};
use super::source::{Column, Layout};

/// One data row being validated.
pub(crate) struct RowReader<'a> {
    file: &'a str,
    line: u64,
    columns: &'a [Column],
    positions: &'a [Option<usize>],
    width: usize,
    values: &'a [&'a str],
    /// For each column, whether its cell was refused by the checks every cell goes through.
    refused: Vec<bool>,
    errors: Vec<ImportProblem>,
}

impl<'a> RowReader<'a> {
    /// A reader for `values` (trimmed), line `line` of a file laid out as `layout`; checks
    /// every cell.
    pub fn new(file: &'a str, line: u64, columns: &'a [Column], layout: &'a Layout, values: &'a [&'a str]) -> Self {
        let headers = &layout.headers;
        let mut row = Self {
            file,
            line,
            columns,
            positions: &layout.positions,
            width: headers.len(),
            values,
            refused: vec![false; columns.len()],
            errors: Vec::new(),
        };
        for (cell, value) in values.iter().enumerate().take(headers.len()) {
            match layout.read_as[cell] {
                Some(index) => {
                    let column = &columns[index];
                    if let Err(reason) = fields::cell(value, column.multiline) {
                        row.refused[index] = true;
                        row.error(column.name, reason);
                    }
                }
                // A column no kind reads is not stored, but it must not smuggle control characters.
                None => {
                    if let Some(c) = value.chars().find(|&c| c.is_control() && c != '\n' && c != '\t') {
                        let field = if headers[cell].is_empty() { "row" } else { headers[cell].as_str() };
                        row.error(field, fields::control(c));
                    }
                }
            }
        }
        row
    }

    /// Index of `column` among the kind's columns.
    fn index(&self, column: &str) -> usize {
        self.columns.iter().position(|c| c.name == column).unwrap_or_else(|| panic!("column {column} is not declared"))
    }

    /// Where `column` sits in the file, if the header has it.
    fn position(&self, column: &str) -> Option<usize> {
        self.positions[self.index(column)]
    }

    /// Whether the header has `column`: an absent column leaves the stored value alone, where
    /// an empty cell says "empty".
    pub fn has(&self, column: &str) -> bool {
        self.position(column).is_some()
    }

    /// The cell of `column`, trimmed, or None when absent, empty or refused.
    pub fn text(&self, column: &str) -> Option<&'a str> {
        if self.refused[self.index(column)] {
            return None;
        }
        self.position(column).and_then(|p| self.values.get(p)).copied().filter(|v| !v.is_empty())
    }

    /// Records that `column` must be filled in, unless its cell was refused (already reported).
    pub fn missing(&mut self, column: &str) {
        if !self.refused[self.index(column)] {
            self.error(column, Reason::new("required, but empty", "obligatoire, mais la cellule est vide"));
        }
    }

    /// The cell of a column that must be filled in.
    pub fn required(&mut self, column: &str) -> Option<&'a str> {
        let value = self.text(column);
        if value.is_none() {
            self.missing(column);
        }
        value
    }

    /// Parses an optional cell; a cell that does not parse is an error.
    pub fn parse<T>(&mut self, column: &str, parse: impl Fn(&str) -> Result<T, Reason>) -> Option<T> {
        let value = self.text(column)?;
        match parse(value) {
            Ok(v) => Some(v),
            Err(reason) => {
                self.error(column, reason);
                None
            }
        }
    }

    /// Parses a required cell.
    pub fn parse_required<T>(&mut self, column: &str, parse: impl Fn(&str) -> Result<T, Reason>) -> Option<T> {
        self.required(column)?;
        self.parse(column, parse)
    }

    /// Records a problem with `column`.
    pub fn error(&mut self, column: &str, reason: Reason) {
        self.errors.push(ImportProblem::at(self.file, self.line, column, reason));
    }

    /// The problems found; filled cells beyond the header's columns are reported too.
    pub fn finish(mut self) -> Vec<ImportProblem> {
        // Compared with the header itself: a column it names but no kind reads may be filled.
        let width = self.width;
        if self.values.len() > width && self.values[width..].iter().any(|v| !v.is_empty()) {
            let cells = self.values.len();
            let reason = Reason::new(
                format!(
                    "{cells} cells, more than the header's {width} columns (put a cell holding the separator in \"quotes\")"
                ),
                format!(
                    "{cells} cellules, plus que les {width} colonnes de l'en-tête (mettez entre guillemets une cellule qui contient le séparateur)"
                ),
            );
            self.error("row", reason);
        }
        self.errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLS: &[Column] = &[
        Column { name: "name", aliases: &[], required: true, multiline: false },
        Column { name: "active", aliases: &[], required: false, multiline: false },
        Column { name: "note", aliases: &[], required: false, multiline: true },
    ];

    fn cells<'v>(values: &[&'v str]) -> Vec<&'v str> {
        values.to_vec()
    }

    fn layout(positions: &[Option<usize>], headers: &[&str]) -> Layout {
        Layout {
            positions: positions.to_vec(),
            read_as: (0..headers.len()).map(|cell| positions.iter().position(|p| *p == Some(cell))).collect(),
            headers: headers.iter().map(|h| h.to_string()).collect(),
            warnings: Vec::new(),
            warnings_french: Vec::new(),
        }
    }

    fn problems(row: RowReader<'_>) -> Vec<String> {
        row.finish().iter().map(ToString::to_string).collect()
    }

    #[test]
    fn has_tells_an_absent_column_from_an_empty_cell() {
        let values = cells(&["A", ""]);
        let l = layout(&[Some(0), None, None], &["name", "active"]);
        let row = RowReader::new("f.csv", 2, COLS, &l, &values);
        assert!(row.has("name") && !row.has("active"));
        let l = layout(&[Some(0), Some(1), None], &["name", "active"]);
        let row = RowReader::new("f.csv", 2, COLS, &l, &values);
        assert!(row.has("active"));
        assert_eq!(row.text("active"), None);
    }

    #[test]
    fn cells_are_checked_against_the_header_width() {
        // `name;Commentaire`: the unread last column may be filled.
        let l = layout(&[Some(0), None, None], &["name", "Commentaire"]);
        let values = cells(&["A", "note"]);
        assert!(RowReader::new("f.csv", 2, COLS, &l, &values).finish().is_empty());
        let values = cells(&["A", "note", "", "x"]);
        assert_eq!(
            problems(RowReader::new("f.csv", 3, COLS, &l, &values)),
            [
                "f.csv:3: row: 4 cells, more than the header's 2 columns (put a cell holding the separator in \"quotes\")"
            ]
        );
        let values = cells(&["A", "note", ""]);
        assert!(RowReader::new("f.csv", 4, COLS, &l, &values).finish().is_empty());
    }

    #[test]
    fn control_characters_line_breaks_and_long_cells_are_refused_once() {
        let l = layout(&[Some(0), Some(1), Some(2)], &["name", "active", "note", "Commentaire"]);
        let values = cells(&["Carol\nSmith", "o\u{1b}[2Jui", "Relancer\nle client", "vu\0"]);
        let mut row = RowReader::new("f.csv", 2, COLS, &l, &values);
        // Refused cells read as absent, without a second "required" problem.
        assert_eq!(row.required("name"), None);
        assert_eq!(row.parse("active", |_| Ok::<_, Reason>(true)), None);
        assert_eq!(row.text("note"), Some("Relancer\nle client"));
        assert_eq!(
            problems(row),
            [
                "f.csv:2: name: line break is not allowed (this field holds a single line)",
                "f.csv:2: active: control character U+001B is not allowed",
                "f.csv:2: Commentaire: control character U+0000 is not allowed",
            ]
        );
        let long = "x".repeat(300);
        let values = cells(&[&long, "", "\u{202e}"]);
        assert_eq!(
            problems(RowReader::new("f.csv", 3, COLS, &l, &values)),
            [
                "f.csv:3: name: too long: 300 characters (at most 256)",
                "f.csv:3: note: bidirectional control character U+202E is not allowed",
            ]
        );
    }
}
