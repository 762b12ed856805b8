//! One problem found in an import file, located so that a person can fix it.

use serde::Serialize;

/// A problem with a file, a row or a cell: shown as `file:line: column: reason`, and as an
/// object with `file`, `line`, `column` and `reason` in JSON output (the command line's
/// English); the window shows `french`.
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
    /// The same reason in French, for the window (the command line's output stays English).
    #[serde(skip)]
    pub french: String,
}

impl ImportProblem {
    /// A problem at `file:line` in `column`, with its reason in English and in French.
    pub fn new(file: &str, line: u64, column: &str, reason: impl Into<String>, french: impl Into<String>) -> Self {
        Self { file: file.to_string(), line, column: column.to_string(), reason: reason.into(), french: french.into() }
    }

    /// A problem at `file:line` in `column`, for `reason`.
    pub(crate) fn at(file: &str, line: u64, column: &str, reason: Reason) -> Self {
        Self::new(file, line, column, reason.english, reason.french)
    }
}

impl std::fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}: {}", self.file, self.line, self.column, self.reason)
    }
}

/// Why a file, a row or a cell is refused, said for the command line and for the window: every
/// check of the import gives both, where it finds the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reason {
    pub english: String,
    pub french: String,
}

impl Reason {
    /// A reason in both languages.
    pub fn new(english: impl Into<String>, french: impl Into<String>) -> Self {
        Self { english: english.into(), french: french.into() }
    }
}

/// `value` between French quotes, as the French reasons quote what the file holds.
pub(crate) fn quoted(value: &str) -> String {
    format!("«\u{a0}{value}\u{a0}»")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_as_file_line_column_reason() {
        let p = ImportProblem::new("f.csv", 2, "name", "required, but empty", "obligatoire, mais vide");
        assert_eq!(p.to_string(), "f.csv:2: name: required, but empty");
        // The command line's JSON is unchanged: the French is for the window.
        assert_eq!(
            serde_json::to_value(&p).unwrap(),
            serde_json::json!({"file": "f.csv", "line": 2, "column": "name", "reason": "required, but empty"})
        );
    }
}
