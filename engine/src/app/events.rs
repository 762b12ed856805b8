//! What the application layer tells every shell (tray badge, pop-ups, live inbox, a server's
//! clients): one stream, whoever caused the change (a window, the scheduler, the command line
//! in the same process).

use crate::error::Result;
use crate::schedule::history::{JobRun, Trigger};
use crate::schedule::{self, Job};
use crate::store::Store;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::BTreeMap;
use tokio::sync::broadcast;

/// How many events a slow subscriber may fall behind before it starts missing some (it then
/// gets `Lagged` and should re-read the counts with a fresh subscription).
const CAPACITY: usize = 1024;

/// One thing that happened, for any shell.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum AppEvent {
    /// A check created notifications: pop them up, refresh the inbox.
    NotificationsCreated {
        /// Cabinet id.
        cabinet_id: i64,
        /// New notification ids, per recipient staff id.
        by_recipient: BTreeMap<i64, Vec<i64>>,
    },
    /// Snoozed notifications came back (their snooze ended): pop them up again, refresh the
    /// inbox. Kept apart from `NotificationsCreated` so that a shell may word it differently
    /// ("rappel") and so that email, which follows creations only, never sends them twice.
    NotificationsReturned {
        /// Cabinet id.
        cabinet_id: i64,
        /// Returned notification ids, per recipient staff id.
        by_recipient: BTreeMap<i64, Vec<i64>>,
    },
    /// A staff member's unread count is now `unread` (set the badge to it; no arithmetic).
    UnreadChanged {
        /// Cabinet id.
        cabinet_id: i64,
        /// Staff member id.
        staff_id: i64,
        /// Unread notifications now.
        unread: u64,
    },
    /// A scheduled or manual job run began.
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
    /// A pass over the outbox handed emails to the server, or failed to.
    OutboxProgress {
        /// Cabinet id (None: a pass over every cabinet's outbox, which counts them together).
        cabinet_id: Option<i64>,
        /// Emails sent.
        sent: u64,
        /// Emails that failed for now (tried again later).
        retried: u64,
        /// Emails given up on.
        failed: u64,
    },
    /// The clock moved unexpectedly (resume from sleep, clock set): missed jobs are caught up.
    ClockJumped {
        /// When the scheduler expected to wake (UTC).
        expected: DateTime<Utc>,
        /// When it did (UTC).
        now: DateTime<Utc>,
    },
}

impl From<schedule::Event> for AppEvent {
    fn from(event: schedule::Event) -> Self {
        match event {
            schedule::Event::JobStarted { run_id, cabinet_id, job, scheduled_for, trigger } => {
                AppEvent::JobStarted { run_id, cabinet_id, job, scheduled_for, trigger }
            }
            schedule::Event::JobFinished { run } => AppEvent::JobFinished { run },
            schedule::Event::NotificationsCreated { cabinet_id, by_recipient } => {
                AppEvent::NotificationsCreated { cabinet_id, by_recipient }
            }
            schedule::Event::ClockJumped { expected, now } => AppEvent::ClockJumped { expected, now },
        }
    }
}

/// Unread counts per (cabinet id, staff id).
pub type UnreadCounts = BTreeMap<(i64, i64), u64>;

/// What a shell gets when it subscribes: the state now, then every change after it.
#[derive(Debug)]
pub struct Subscription {
    /// Unread counts of every staff member at subscribe time (not a replay of past events).
    pub unread: UnreadCounts,
    /// Every event published from the moment of subscribing.
    pub events: broadcast::Receiver<AppEvent>,
}

/// The application's event bus: cheap to clone, publishing with no subscriber is fine.
#[derive(Debug, Clone)]
pub struct Bus {
    sender: broadcast::Sender<AppEvent>,
}

impl Default for Bus {
    fn default() -> Self {
        Self::new()
    }
}

impl Bus {
    /// A bus nobody listens to yet.
    pub fn new() -> Self {
        Self { sender: broadcast::channel(CAPACITY).0 }
    }

    /// Sends `event` to every current subscriber.
    pub fn publish(&self, event: AppEvent) {
        // No subscriber is not an error: nobody is looking.
        let _ = self.sender.send(event);
    }

    /// Subscribes, then reads the counts from `store`: a change between the two arrives as an
    /// event carrying the absolute count, so applying it again is harmless and nothing is lost.
    pub fn subscribe(&self, store: &Store) -> Result<Subscription> {
        let events = self.sender.subscribe();
        Ok(Subscription { unread: unread_counts(store)?, events })
    }

    /// Publishes each recipient's current unread count.
    pub fn publish_unread(
        &self,
        store: &Store,
        cabinet_id: i64,
        staff_ids: impl IntoIterator<Item = i64>,
    ) -> Result<()> {
        for staff_id in staff_ids {
            let unread = unread_of(store, cabinet_id, staff_id)?;
            self.publish(AppEvent::UnreadChanged { cabinet_id, staff_id, unread });
        }
        Ok(())
    }
}

/// Every staff member's unread count (those with none are left out).
pub fn unread_counts(store: &Store) -> Result<UnreadCounts> {
    let mut stmt =
        store.conn().prepare_cached("SELECT cabinet_id, recipient_id, unread FROM unread_counts WHERE unread > 0")?;
    let rows = stmt.query_map([], |r| Ok(((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?), r.get::<_, i64>(2)?)))?;
    let mut counts = UnreadCounts::new();
    for row in rows {
        let (key, unread) = row?;
        counts.insert(key, unread.max(0) as u64);
    }
    Ok(counts)
}

/// One staff member's unread count, from the counter the triggers keep.
pub fn unread_of(store: &Store, cabinet_id: i64, staff_id: i64) -> Result<u64> {
    let n: i64 = store
        .conn()
        .prepare_cached(
            "SELECT coalesce((SELECT unread FROM unread_counts WHERE cabinet_id = ?1 AND recipient_id = ?2), 0)",
        )?
        .query_row(rusqlite::params![cabinet_id, staff_id], |r| r.get(0))?;
    Ok(n.max(0) as u64)
}
