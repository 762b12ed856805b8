//! Reading the cells of one row by column name, collecting every problem found.

use super::source::Column;

/// One data row being validated.
pub(crate) struct RowReader<'a> {
    file: &'a str,
    line: u64,
    columns: &'a [Column],
    positions: &'a [Option<usize>],
    width: usize,
    values: &'a [String],
    errors: Vec<String>,
}

impl<'a> RowReader<'a> {
    /// A reader for `values`, line `line` of a table whose header has `width` columns.
    pub fn new(
        file: &'a str,
        line: u64,
        columns: &'a [Column],
        positions: &'a [Option<usize>],
        width: usize,
        values: &'a [String],
    ) -> Self {
        Self { file, line, columns, positions, width, values, errors: Vec::new() }
    }

    /// Where `column` sits in the file, if the header has it.
    fn position(&self, column: &str) -> Option<usize> {
        let index = self
            .columns
            .iter()
            .position(|c| c.name == column)
            .unwrap_or_else(|| panic!("column {column} is not declared"));
        self.positions[index]
    }

    /// Whether the header has `column`: an absent column leaves the stored value alone, where
    /// an empty cell says "empty".
    pub fn has(&self, column: &str) -> bool {
        self.position(column).is_some()
    }

    /// The cell of `column`, trimmed, or None when absent or empty.
    pub fn text(&self, column: &str) -> Option<&'a str> {
        self.position(column).and_then(|p| self.values.get(p)).map(String::as_str).filter(|v| !v.is_empty())
    }

    /// The cell of a column that must be filled in.
    pub fn required(&mut self, column: &str) -> Option<&'a str> {
        let value = self.text(column);
        if value.is_none() {
            self.error(column, "required, but empty");
        }
        value
    }

    /// Parses an optional cell; a cell that does not parse is an error.
    pub fn parse<T>(&mut self, column: &str, parse: impl Fn(&str) -> Result<T, String>) -> Option<T> {
        let value = self.text(column)?;
        match parse(value) {
            Ok(v) => Some(v),
            Err(reason) => {
                self.error(column, &reason);
                None
            }
        }
    }

    /// Parses a required cell.
    pub fn parse_required<T>(&mut self, column: &str, parse: impl Fn(&str) -> Result<T, String>) -> Option<T> {
        self.required(column)?;
        self.parse(column, parse)
    }

    /// Records a problem with `column`.
    pub fn error(&mut self, column: &str, reason: &str) {
        self.errors.push(format!("{}:{}: {column}: {reason}", self.file, self.line));
    }

    /// The problems found; filled cells beyond the header's columns are reported too.
    pub fn finish(mut self) -> Vec<String> {
        // Compared with the header itself: a column it names but no kind reads may be filled.
        let width = self.width;
        if self.values.len() > width && self.values[width..].iter().any(|v| !v.is_empty()) {
            self.errors.push(format!(
                "{}:{}: row: {} cells, more than the header's {width} columns (put a cell holding the separator in \"quotes\")",
                self.file,
                self.line,
                self.values.len()
            ));
        }
        self.errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLS: &[Column] = &[
        Column { name: "name", aliases: &[], required: true },
        Column { name: "active", aliases: &[], required: false },
    ];

    fn cells(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| v.to_string()).collect()
    }

    #[test]
    fn has_tells_an_absent_column_from_an_empty_cell() {
        let values = cells(&["A", ""]);
        let row = RowReader::new("f.csv", 2, COLS, &[Some(0), None], 2, &values);
        assert!(row.has("name") && !row.has("active"));
        let row = RowReader::new("f.csv", 2, COLS, &[Some(0), Some(1)], 2, &values);
        assert!(row.has("active"));
        assert_eq!(row.text("active"), None);
    }

    #[test]
    fn cells_are_checked_against_the_header_width() {
        // `name;Commentaire`: the unread last column may be filled.
        let values = cells(&["A", "note"]);
        assert!(RowReader::new("f.csv", 2, COLS, &[Some(0), None], 2, &values).finish().is_empty());
        let values = cells(&["A", "note", "", "x"]);
        assert_eq!(
            RowReader::new("f.csv", 3, COLS, &[Some(0), None], 2, &values).finish(),
            [
                "f.csv:3: row: 4 cells, more than the header's 2 columns (put a cell holding the separator in \"quotes\")"
            ]
        );
        let values = cells(&["A", "note", ""]);
        assert!(RowReader::new("f.csv", 4, COLS, &[Some(0), None], 2, &values).finish().is_empty());
    }
}
