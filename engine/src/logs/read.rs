//! Reading the daily log files back for the window's log viewer: newest first, by level and
//! text. A line is `<instant>  <LEVEL> <target>: <message>`; lines that do not start that way
//! (a message over several lines, a library's own output) belong to the entry above them.

use crate::error::{Error, Result};
use crate::model::normalize as fold;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// How serious an entry is, least to most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum LogLevel {
    /// TRACE.
    Trace,
    /// DEBUG.
    Debug,
    /// INFO.
    Info,
    /// WARN.
    Warn,
    /// ERROR.
    Error,
}

impl LogLevel {
    fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "TRACE" => Self::Trace,
            "DEBUG" => Self::Debug,
            "INFO" => Self::Info,
            "WARN" => Self::Warn,
            "ERROR" => Self::Error,
            _ => return None,
        })
    }
}

/// One entry of a log file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LogEntry {
    /// The instant as written (UTC, RFC 3339).
    pub at: String,
    /// Its level.
    pub level: LogLevel,
    /// The module that wrote it (`vigie::schedule::runner`).
    pub target: String,
    /// The message with its fields, continuation lines included.
    pub message: String,
    /// The file it is in (`vigie.2026-11-27.log`).
    pub file: String,
}

/// What to read.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LogQuery {
    /// Entries at this level or above (default: all).
    #[serde(default)]
    pub min_level: Option<LogLevel>,
    /// Entries whose message or module contains this (case and accents ignored).
    #[serde(default)]
    pub search: Option<String>,
    /// At most this many (default and cap: 1,000).
    #[serde(default)]
    pub limit: Option<u32>,
}

/// A page of entries, newest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LogPage {
    /// The entries, newest first.
    pub entries: Vec<LogEntry>,
    /// True when older matching entries were left out (the limit was reached).
    pub more: bool,
    /// The log files, newest first.
    pub files: Vec<String>,
}

const LIMIT: u32 = 1_000;

/// The entries of the log files in `dir` matching `query`, newest first. A folder that does not
/// exist yet has no entries; an unreadable file is an error naming it.
pub fn read(dir: &Path, query: &LogQuery) -> Result<LogPage> {
    let limit = query.limit.unwrap_or(LIMIT).clamp(1, LIMIT) as usize;
    let search = query.search.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(fold);
    let files = files(dir)?;
    let mut entries = Vec::new();
    let mut more = false;
    'files: for path in &files {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let bytes = std::fs::read(path).map_err(|source| Error::Io { path: path.clone(), source })?;
        // A log file is ours, but a crash may cut a character in two: read it as far as it goes.
        let text = String::from_utf8_lossy(&bytes);
        for entry in parse(&text, &name).into_iter().rev() {
            if query.min_level.is_some_and(|min| entry.level < min) {
                continue;
            }
            if let Some(s) = &search
                && !fold(&entry.message).contains(s.as_str())
                && !fold(&entry.target).contains(s.as_str())
            {
                continue;
            }
            if entries.len() == limit {
                more = true;
                break 'files;
            }
            entries.push(entry);
        }
    }
    let files = files.iter().filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned())).collect();
    Ok(LogPage { entries, more, files })
}

/// The daily files (`vigie.YYYY-MM-DD.log`), newest first.
fn files(dir: &Path) -> Result<Vec<PathBuf>> {
    let listing = match std::fs::read_dir(dir) {
        Ok(listing) => listing,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(Error::Io { path: dir.to_path_buf(), source }),
    };
    let mut files: Vec<PathBuf> = listing
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("vigie.") && n.ends_with(".log"))
        })
        .collect();
    // The date in the name sorts as text.
    files.sort();
    files.reverse();
    Ok(files)
}

/// The entries of one file, in file order.
fn parse(text: &str, file: &str) -> Vec<LogEntry> {
    let mut entries: Vec<LogEntry> = Vec::new();
    for line in text.lines() {
        match head(line) {
            Some((at, level, rest)) => {
                let (target, message) = match rest.split_once(": ") {
                    Some((target, message)) if !target.contains(' ') => (target, message),
                    _ => ("", rest),
                };
                entries.push(LogEntry {
                    at: at.to_string(),
                    level,
                    target: target.to_string(),
                    message: message.to_string(),
                    file: file.to_string(),
                });
            }
            None => match entries.last_mut() {
                Some(last) => {
                    last.message.push('\n');
                    last.message.push_str(line);
                }
                // Lines before the first entry (another program's output): kept as they are.
                None if !line.trim().is_empty() => entries.push(LogEntry {
                    at: String::new(),
                    level: LogLevel::Info,
                    target: String::new(),
                    message: line.to_string(),
                    file: file.to_string(),
                }),
                None => {}
            },
        }
    }
    entries
}

/// The instant, level and rest of an entry's first line.
fn head(line: &str) -> Option<(&str, LogLevel, &str)> {
    let (at, rest) = line.split_once(' ')?;
    // 2026-11-27T21:57:18.680084Z
    if at.len() < 20 || !at.ends_with('Z') || at.as_bytes().get(10) != Some(&b'T') {
        return None;
    }
    let rest = rest.trim_start();
    let (level, rest) = rest.split_once(' ')?;
    Some((at, LogLevel::parse(level)?, rest.trim_start()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY1: &str = "\
2026-11-26T08:00:00.000001Z  INFO vigie::schedule::daemon: scheduler started owner=app
2026-11-26T09:00:00.000002Z  WARN vigie::email::outbox: retry later: 421 Service indisponible
2026-11-26T09:00:01.000003Z ERROR vigie::schedule::runner: job failed: disk full
Caused by:
    no space left
";
    const DAY2: &str = "\
2026-11-27T08:00:00.000001Z  INFO vigie::schedule::runner: job started job=check cabinet=Cabinet Démo
2026-11-27T08:00:00.500000Z DEBUG vigie::detect: 12 deadlines read
";

    fn folder() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("vigie.2026-11-26.log"), DAY1).unwrap();
        std::fs::write(dir.path().join("vigie.2026-11-27.log"), DAY2).unwrap();
        std::fs::write(dir.path().join("notes.txt"), "not a log").unwrap();
        dir
    }

    fn all() -> LogQuery {
        LogQuery { min_level: None, search: None, limit: None }
    }

    #[test]
    fn entries_come_newest_first_across_the_daily_files_with_their_continuation_lines() {
        let dir = folder();
        let page = read(dir.path(), &all()).unwrap();
        let levels: Vec<LogLevel> = page.entries.iter().map(|e| e.level).collect();
        use LogLevel::*;
        assert_eq!(levels, vec![Debug, Info, Error, Warn, Info]);
        assert_eq!(page.files, vec!["vigie.2026-11-27.log", "vigie.2026-11-26.log"]);
        let failed = &page.entries[2];
        assert_eq!(failed.target, "vigie::schedule::runner");
        assert_eq!(failed.message, "job failed: disk full\nCaused by:\n    no space left");
        assert_eq!(failed.at, "2026-11-26T09:00:01.000003Z");
        assert_eq!(failed.file, "vigie.2026-11-26.log");
        assert!(!page.more);
    }

    #[test]
    fn level_search_and_limit_filter() {
        let dir = folder();
        let warn = read(dir.path(), &LogQuery { min_level: Some(LogLevel::Warn), ..all() }).unwrap();
        assert_eq!(warn.entries.iter().map(|e| e.level).collect::<Vec<_>>(), vec![LogLevel::Error, LogLevel::Warn]);
        let demo = read(dir.path(), &LogQuery { search: Some("cabinet demo".into()), ..all() }).unwrap();
        assert_eq!(demo.entries.len(), 1, "accents and case ignored");
        let by_module = read(dir.path(), &LogQuery { search: Some("OUTBOX".into()), ..all() }).unwrap();
        assert_eq!(by_module.entries.len(), 1);
        let two = read(dir.path(), &LogQuery { limit: Some(2), ..all() }).unwrap();
        assert_eq!((two.entries.len(), two.more), (2, true));
    }

    #[test]
    fn a_missing_folder_has_no_entries_and_odd_lines_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read(&dir.path().join("logs"), &all()).unwrap().entries, vec![]);
        std::fs::write(dir.path().join("vigie.2026-11-27.log"), b"garbage \xff line\n\n").unwrap();
        let page = read(dir.path(), &all()).unwrap();
        assert_eq!(page.entries.len(), 1);
        assert!(page.entries[0].message.starts_with("garbage"));
    }
}
