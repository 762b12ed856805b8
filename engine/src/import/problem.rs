//! One problem found in an import file, located so that a person can fix it.

use serde::Serialize;

/// A problem with a file, a row or a cell: shown as `file:line: column: reason`, and as an
/// object with these four members in JSON output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportProblem {
    /// The file, as given.
    pub file: String,
    /// The line in the file (the header is line 1).
    pub line: u64,
    /// The column's canonical name, or `header`, `row`, `encoding` for the whole line or file.
    pub column: String,
    /// What is wrong, and when it helps, what to do.
    pub reason: String,
}

impl ImportProblem {
    /// A problem at `file:line` in `column`.
    pub fn new(file: &str, line: u64, column: &str, reason: impl Into<String>) -> Self {
        Self { file: file.to_string(), line, column: column.to_string(), reason: reason.into() }
    }
}

impl std::fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}: {}", self.file, self.line, self.column, self.reason)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_as_file_line_column_reason() {
        let p = ImportProblem::new("f.csv", 2, "name", "required, but empty");
        assert_eq!(p.to_string(), "f.csv:2: name: required, but empty");
        assert_eq!(
            serde_json::to_value(&p).unwrap(),
            serde_json::json!({"file": "f.csv", "line": 2, "column": "name", "reason": "required, but empty"})
        );
    }
}
