//! The scheduler: the four jobs on cron schedules in each cabinet's timezone, exact across
//! daylight saving, caught up after sleep or a stop, one run per instant across processes,
//! every run recorded in `job_runs`.
//!
//! [`runner::Runner`] decides and runs synchronously on an injected clock (what tests drive);
//! [`daemon::Daemon`] is the long-running service the `vigie daemon` command and the desktop
//! app embed.

pub mod catchup;
pub mod counts;
/// Cron expressions live beside the settings that hold them; re-exported where the scheduler used them.
pub use crate::cron;
pub mod daemon;
pub mod events;
pub mod history;
pub mod jobs;
pub mod lease;
pub mod pause;
pub mod runner;

pub use daemon::{Daemon, DaemonOptions, Shutdown};
pub use events::Event;
pub use history::{JobRun, Outcome, Trigger};
pub use jobs::Job;
pub use runner::Runner;
