//! What the scheduler tells its subscribers (the desktop shell, logs, tests) as it works.

use crate::schedule::history::{JobRun, Trigger};
use crate::schedule::jobs::Job;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

/// One thing that happened in the scheduler.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// A job run began.
    JobStarted {
        /// Its `job_runs` row.
        run_id: i64,
        /// Cabinet id.
        cabinet_id: i64,
        /// Which job.
        job: Job,
        /// The scheduled instant (UTC).
        scheduled_for: DateTime<Utc>,
        /// Why it runs.
        trigger: Trigger,
    },
    /// A job run ended (or an instant was recorded as skipped or missed).
    JobFinished {
        /// The history row as recorded (boxed: it is much larger than the other events).
        run: Box<JobRun>,
    },
    /// A check created notifications: pop them up, refresh the inbox and the badge.
    NotificationsCreated {
        /// Cabinet id.
        cabinet_id: i64,
        /// New notification ids, per recipient staff id.
        by_recipient: BTreeMap<i64, Vec<i64>>,
    },
    /// The clock moved unexpectedly (resume from sleep, clock set): missed jobs are caught up.
    ClockJumped {
        /// When the scheduler expected to wake (UTC).
        expected: DateTime<Utc>,
        /// When it did (UTC).
        now: DateTime<Utc>,
    },
}
