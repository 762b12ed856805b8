//! Reading the cells of one row by column name, collecting every problem found.

use super::source::Column;

/// One data row being validated.
pub(crate) struct RowReader<'a> {
    file: &'a str,
    line: u64,
    columns: &'a [Column],
    positions: &'a [Option<usize>],
    values: &'a [String],
    errors: Vec<String>,
}

impl<'a> RowReader<'a> {
    pub fn new(
        file: &'a str,
        line: u64,
        columns: &'a [Column],
        positions: &'a [Option<usize>],
        values: &'a [String],
    ) -> Self {
        Self { file, line, columns, positions, values, errors: Vec::new() }
    }

    /// The cell of `column`, trimmed, or None when absent or empty.
    pub fn text(&self, column: &str) -> Option<&'a str> {
        let index = self
            .columns
            .iter()
            .position(|c| c.name == column)
            .unwrap_or_else(|| panic!("column {column} is not declared"));
        self.positions[index].and_then(|p| self.values.get(p)).map(String::as_str).filter(|v| !v.is_empty())
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

    /// The problems found; cells beyond the header are reported too.
    pub fn finish(mut self) -> Vec<String> {
        let width = self.positions.iter().flatten().max().map_or(0, |m| m + 1);
        if self.values.len() > width && self.values[width..].iter().any(|v| !v.is_empty()) {
            let declared = self.columns.iter().map(|c| c.name).collect::<Vec<_>>().join(", ");
            self.errors.push(format!(
                "{}:{}: row: {} cells, more than the header's columns ({declared})",
                self.file,
                self.line,
                self.values.len()
            ));
        }
        self.errors
    }
}
