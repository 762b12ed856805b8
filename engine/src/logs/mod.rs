//! The daily log files every long-running shell writes (the daemon, the desktop app), which the
//! window's log viewer and a support request read.

mod read;

pub use read::{LogEntry, LogLevel, LogPage, LogQuery, read};

use crate::error::{Error, Result};
use std::path::Path;
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::fmt::writer::MakeWriterExt;

/// Flushes the log file when dropped: keep it until the process ends.
pub type LogGuard = tracing_appender::non_blocking::WorkerGuard;

/// The log folder inside a data folder.
pub fn dir(data_dir: &Path) -> std::path::PathBuf {
    data_dir.join("logs")
}

/// Logs to stderr and to `vigie.YYYY-MM-DD.log` in `dir` (a new file each day); the level comes
/// from `VIGIE_LOG` (error, warn, info, debug, trace; default info).
pub fn start(dir: &Path) -> Result<LogGuard> {
    let io = |source| Error::Io { path: dir.to_path_buf(), source };
    std::fs::create_dir_all(dir).map_err(io)?;
    let file = tracing_appender::rolling::RollingFileAppender::builder()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("vigie")
        .filename_suffix("log")
        .build(dir)
        .map_err(|e| Error::InvalidInput(format!("cannot write logs in {}: {e}", dir.display())))?;
    let (file, guard) = tracing_appender::non_blocking(file);
    let level =
        std::env::var("VIGIE_LOG").ok().and_then(|l| l.parse::<LevelFilter>().ok()).unwrap_or(LevelFilter::INFO);
    // A second start in one process (tests) keeps the first subscriber.
    let _ = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_max_level(level)
        .with_writer(std::io::stderr.and(file))
        .try_init();
    Ok(guard)
}
