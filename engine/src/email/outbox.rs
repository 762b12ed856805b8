//! The durable outbox: every email is a row before any network I/O; a worker sends due rows,
//! retries transient failures with backoff, and marks permanent ones failed.

//!
//! Sending is split so that its futures are `Send` (a desktop app calls them from async
//! commands): each database step is a short synchronous function on a `&mut Store`, and the
//! network part holds only owned data across its awaits. A pass opens its own store and owns
//! it: a `Store` is `Send` but not `Sync`, so a future may own one but not borrow one across an
//! await. (Opening a store for each step instead cost four times the sending time.)

use super::connect::SendError;
use super::route::{Letter, Route};
use super::smtp::SmtpSettings;
use super::templates::Rendered;
use crate::cabinet::Cabinet;
use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::store::{Store, instant_text, parse_instant};
use chrono::{DateTime, Duration, Utc};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use std::collections::HashMap;
use std::future::Future;
use std::path::Path;

crate::model::text_enum!(
    /// Where an outbox row stands.
    OutboxStatus {
        /// Waiting for its next attempt.
        Queued = "queued",
        /// Claimed by a worker that is sending it.
        Sending = "sending",
        /// Taken by the server.
        Sent = "sent",
        /// Given up: rejected, unbuildable, or still failing after 24 h.
        Failed = "failed",
    }
);

/// How long a worker holds a row it is sending; a crashed worker's row comes back after this.
const CLAIM: Duration = Duration::minutes(5);
/// First retry delay; doubles on each failure.
const FIRST_RETRY: Duration = Duration::minutes(1);
/// Longest retry delay.
const MAX_RETRY: Duration = Duration::hours(1);
/// After this long since it was queued, a row that still fails is given up.
const GIVE_UP: Duration = Duration::hours(24);

/// An email to queue.
#[derive(Debug, Clone)]
pub struct Outgoing {
    /// Staff member it is for, if any.
    pub recipient_id: Option<i64>,
    /// Recipient address.
    pub to_email: String,
    /// Recipient name.
    pub to_name: String,
    /// Template it was rendered from.
    pub template: String,
    /// Rendered subject and parts.
    pub rendered: Rendered,
    /// For an email that must exist once (a week's digest, a welcome): its key in the cabinet.
    pub dedup_key: Option<String>,
    /// For an alert email: it lists its recipient's notifications of its kind (its template)
    /// with ids in `(from, to]`, so that one done or deleted before it leaves can be taken out.
    pub alerts: Option<(i64, i64)>,
}

/// Queues an email; its Message-ID is fixed now. Returns the row id, or None when an email
/// with the same dedup key was already queued.
pub fn enqueue(
    conn: &rusqlite::Connection,
    cabinet: &Cabinet,
    smtp: &SmtpSettings,
    email: &Outgoing,
    now: DateTime<Utc>,
) -> Result<Option<i64>> {
    let message_id = format!("<{}@{}>", uuid::Uuid::new_v4(), smtp.from_domain());
    let now = instant_text(now);
    let inserted = conn.execute(
        "INSERT INTO outbox (cabinet_id, recipient_id, to_email, to_name, template, subject, body_text, body_html,
                             message_id, status, next_attempt_at, created_at, dedup_key, alert_from, alert_to)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?12, ?10, ?10, ?11, ?13, ?14)
         ON CONFLICT (cabinet_id, dedup_key) WHERE dedup_key IS NOT NULL DO NOTHING",
        params![
            cabinet.id,
            email.recipient_id,
            email.to_email,
            email.to_name,
            email.template,
            email.rendered.subject,
            email.rendered.text,
            email.rendered.html,
            message_id,
            now,
            email.dedup_key,
            OutboxStatus::Queued,
            email.alerts.map(|(from, _)| from),
            email.alerts.map(|(_, to)| to)
        ],
    )?;
    Ok((inserted == 1).then(|| conn.last_insert_rowid()))
}

/// An outbox row as listed.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OutboxRow {
    /// Row id.
    pub id: i64,
    /// Cabinet name.
    pub cabinet: String,
    /// Recipient address.
    pub to: String,
    /// Template used.
    pub template: String,
    /// Subject.
    pub subject: String,
    /// queued, sending, sent or failed.
    pub status: OutboxStatus,
    /// Attempts made.
    pub attempts: i64,
    /// Next attempt (queued rows).
    pub next_attempt_at: DateTime<Utc>,
    /// The last failure, as the server or network reported it.
    pub last_error: Option<String>,
    /// Message-ID header.
    pub message_id: String,
    /// When queued.
    pub created_at: DateTime<Utc>,
    /// When sent.
    pub sent_at: Option<DateTime<Utc>>,
}

/// Outbox rows, newest first, optionally of one status and one cabinet.
pub fn list(
    store: &Store,
    status: Option<OutboxStatus>,
    cabinet_id: Option<i64>,
    limit: u32,
) -> Result<Vec<OutboxRow>> {
    let mut stmt = store.conn().prepare(
        "SELECT o.id, c.name, o.to_email, o.template, o.subject, o.status, o.attempts, o.next_attempt_at,
                o.last_error, o.message_id, o.created_at, o.sent_at
         FROM outbox o JOIN cabinets c ON c.id = o.cabinet_id
         WHERE (?1 IS NULL OR o.status = ?1) AND (?2 IS NULL OR o.cabinet_id = ?2)
         ORDER BY o.id DESC LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![status, cabinet_id, limit], |r| {
        Ok(OutboxRow {
            id: r.get(0)?,
            cabinet: r.get(1)?,
            to: r.get(2)?,
            template: r.get(3)?,
            subject: r.get(4)?,
            status: r.get(5)?,
            attempts: r.get(6)?,
            next_attempt_at: r.get(7)?,
            last_error: r.get(8)?,
            message_id: r.get(9)?,
            created_at: r.get(10)?,
            sent_at: r.get(11)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Puts a failed (or waiting) row back in the queue, due now; with a cabinet, only its rows.
pub fn retry(store: &Store, id: i64, cabinet_id: Option<i64>, now: DateTime<Utc>) -> Result<()> {
    let n = store.conn().execute(
        "UPDATE outbox SET status = ?4, next_attempt_at = ?2, claimed_until = NULL
         WHERE id = ?1 AND status IN (?5, ?4) AND (?3 IS NULL OR cabinet_id = ?3)",
        params![id, instant_text(now), cabinet_id, OutboxStatus::Queued, OutboxStatus::Failed],
    )?;
    if n == 0 {
        let status: Option<OutboxStatus> = store
            .conn()
            .query_row(
                "SELECT status FROM outbox WHERE id = ?1 AND (?2 IS NULL OR cabinet_id = ?2)",
                params![id, cabinet_id],
                |r| r.get(0),
            )
            .optional()?;
        return Err(match status {
            None => Error::UnknownOutboxRow(id),
            Some(s) => {
                Error::InvalidInput(format!("outbox row {id} is {s}; only failed or queued rows can be retried"))
            }
        });
    }
    Ok(())
}

/// Deletes rows sent before `before` (of one cabinet, or all); returns how many.
pub fn purge_sent(store: &Store, cabinet_id: Option<i64>, before: DateTime<Utc>) -> Result<u64> {
    let n = store.conn().execute(
        "DELETE FROM outbox WHERE status = ?3 AND sent_at < ?1 AND (?2 IS NULL OR cabinet_id = ?2)",
        params![instant_text(before), cabinet_id, OutboxStatus::Sent],
    )?;
    Ok(n as u64)
}

/// What one pass of the worker did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SendReport {
    /// Delivered to the server.
    pub sent: u64,
    /// Failed transiently; will be retried.
    pub retried: u64,
    /// Failed for good.
    pub failed: u64,
}

impl SendReport {
    /// Counts one recorded outcome.
    fn count(&mut self, status: OutboxStatus) {
        match status {
            OutboxStatus::Sent => self.sent += 1,
            OutboxStatus::Failed => self.failed += 1,
            OutboxStatus::Queued | OutboxStatus::Sending => self.retried += 1,
        }
    }
}

/// A row claimed for sending, owned so that it can cross an await.
#[derive(Debug, Clone)]
struct Claimed {
    id: i64,
    cabinet_id: i64,
    letter: Letter,
    attempts: i64,
    created_at: String,
}

/// The next due row, claimed: the first queued and due, or held by a worker whose claim ran
/// out, by due time. Each kind is looked up on its own through `outbox_due` (status, due time),
/// named: as one `OR`, SQLite's plan depended on the table's statistics, and with statistics
/// taken when every row was sent it read the whole outbox, every kept email's body with it, to
/// claim one (a year-long run: 7.4 s to send 190 emails, until the next cleanup's statistics).
const CLAIM_SQL: &str = "UPDATE outbox SET status = ?3, claimed_until = ?2, attempts = attempts + 1
     WHERE id = (SELECT id FROM (
                     SELECT * FROM (SELECT id, next_attempt_at FROM outbox INDEXED BY outbox_due
                                    WHERE status = ?4 AND next_attempt_at <= ?1
                                    ORDER BY next_attempt_at, id LIMIT 1)
                     UNION ALL
                     SELECT * FROM (SELECT id, next_attempt_at FROM outbox INDEXED BY outbox_due
                                    WHERE status = ?3 AND claimed_until <= ?1
                                    ORDER BY next_attempt_at, id LIMIT 1))
                 ORDER BY next_attempt_at, id LIMIT 1)
     RETURNING id, cabinet_id, to_email, to_name, subject, body_text, body_html, message_id, attempts, created_at";

/// Claims the next due row (see [`CLAIM_SQL`]). One statement, so two workers never claim the
/// same row.
fn claim(store: &mut Store, now: DateTime<Utc>) -> Result<Option<Claimed>> {
    let now_text = instant_text(now);
    Ok(store
        .conn()
        .query_row(
            CLAIM_SQL,
            params![now_text, instant_text(now + CLAIM), OutboxStatus::Sending, OutboxStatus::Queued],
            |r| {
                Ok(Claimed {
                    id: r.get(0)?,
                    cabinet_id: r.get(1)?,
                    letter: Letter {
                        to_email: r.get(2)?,
                        to_name: r.get(3)?,
                        subject: r.get(4)?,
                        text: r.get(5)?,
                        html: r.get(6)?,
                        message_id: r.get(7)?,
                    },
                    attempts: r.get(8)?,
                    created_at: r.get(9)?,
                })
            },
        )
        .optional()?)
}

/// Records how sending `row` went at `now`; returns the row's new status (a transient failure
/// is queued again with backoff, until 24 h after it was queued).
fn record(
    store: &mut Store,
    row: &Claimed,
    outcome: std::result::Result<(), SendError>,
    now: DateTime<Utc>,
) -> Result<OutboxStatus> {
    let conn = store.conn();
    match outcome {
        Ok(()) => {
            conn.execute(
                "UPDATE outbox SET status = ?3, sent_at = ?2, claimed_until = NULL, last_error = NULL WHERE id = ?1",
                params![row.id, instant_text(now), OutboxStatus::Sent],
            )?;
            Ok(OutboxStatus::Sent)
        }
        Err(SendError { message: error, transient, .. }) => {
            let queued = parse_instant(&row.created_at).unwrap_or(now);
            if transient && now - queued < GIVE_UP {
                conn.execute(
                    "UPDATE outbox SET status = ?4, next_attempt_at = ?2, claimed_until = NULL, last_error = ?3 WHERE id = ?1",
                    params![row.id, instant_text(now + backoff(row.attempts)), error, OutboxStatus::Queued],
                )?;
                tracing::warn!(row = row.id, attempts = row.attempts, %error, "email not sent; will retry");
                Ok(OutboxStatus::Queued)
            } else {
                let error = if transient { format!("gave up after 24 h: {error}") } else { error };
                conn.execute(
                    "UPDATE outbox SET status = ?3, claimed_until = NULL, last_error = ?2 WHERE id = ?1",
                    params![row.id, error, OutboxStatus::Failed],
                )?;
                tracing::error!(row = row.id, %error, "email failed");
                Ok(OutboxStatus::Failed)
            }
        }
    }
}

/// Delay before attempt `attempts + 1`: 1 min, doubling, at most 1 h.
pub fn backoff(attempts: i64) -> Duration {
    let exponent = (attempts.max(1) - 1).min(10) as u32;
    (FIRST_RETRY * 2i32.pow(exponent)).min(MAX_RETRY)
}

/// Each cabinet's route in this pass, or why it has none.
type Routes = HashMap<i64, std::result::Result<Route, String>>;

/// Sends `row` over its cabinet's route.
async fn attempt(routes: &mut Routes, row: &Claimed) -> std::result::Result<(), SendError> {
    match routes.get_mut(&row.cabinet_id) {
        Some(Ok(route)) => route.deliver(&row.letter).await,
        // No usable settings: a configuration problem the firm can fix; retry until then.
        Some(Err(e)) => {
            Err(SendError { message: e.clone(), transient: true, failure: crate::error::SmtpFailure::Setup })
        }
        None => Err(SendError {
            message: format!("no route to the server of cabinet {}", row.cabinet_id),
            transient: true,
            failure: crate::error::SmtpFailure::Setup,
        }),
    }
}

/// Sends every row due now from the store file at `store_path`, then returns. Rows are claimed
/// one at a time, so several workers (the daemon and the desktop app) may run at once without
/// sending a row twice; each cabinet's session stays open from one row to the next.
pub async fn send_due(store_path: &Path, clock: &dyn Clock) -> Result<SendReport> {
    send_due_until(store_path, clock, &|| false).await
}

/// [`send_due`], stopping between two rows as soon as `stop` says so (a daemon shutting down).
pub async fn send_due_until(
    store_path: &Path,
    clock: &dyn Clock,
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<SendReport> {
    let mut store = Store::open(store_path)?;
    let mut routes = Routes::new();
    let mut report = SendReport::default();
    while !stop() {
        // Synchronous: claim the next row and, for a cabinet met for the first time, read its
        // settings and password.
        let Some(row) = claim(&mut store, clock.now())? else { break };
        routes.entry(row.cabinet_id).or_insert_with(|| Route::new(&store, row.cabinet_id).map_err(|e| e.to_string()));
        // Asynchronous: only the owned row and routes cross the awaits.
        let outcome = attempt(&mut routes, &row).await;
        report.count(record(&mut store, &row, outcome, clock.now())?);
    }
    for route in routes.into_values().flatten() {
        route.close().await;
    }
    Ok(report)
}

/// Sends one message now, outside the outbox (the "send a test email" action); the error is
/// the server's or the network's exact answer. The settings and password are read at once;
/// the returned future owns everything it needs, so `store` may be released before awaiting it.
pub fn send_now(
    store: &Store,
    smtp: &SmtpSettings,
    cabinet: &Cabinet,
    to: &str,
    rendered: &Rendered,
) -> impl Future<Output = Result<()>> + Send + 'static {
    let prepared = Route::for_settings(store, cabinet, smtp).map(|route| {
        let letter = Letter {
            to_email: to.to_string(),
            to_name: String::new(),
            subject: rendered.subject.clone(),
            text: rendered.text.clone(),
            html: rendered.html.clone(),
            message_id: format!("<{}@{}>", uuid::Uuid::new_v4(), smtp.from_domain()),
        };
        (route, letter)
    });
    async move {
        let (mut route, letter) = prepared?;
        route.deliver(&letter).await.map_err(SendError::into_error)?;
        route.close().await;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Timelike;

    fn assert_send<T: Send>(_: &T) {}

    /// A desktop app awaits these from async commands on a multi-threaded runtime.
    #[test]
    fn sending_futures_are_send() {
        let store = Store::open_in_memory().unwrap();
        let clock = crate::clock::SystemClock;
        let path = Path::new("/nonexistent/vigie.db");
        assert_send(&send_due(path, &clock));
        assert_send(&send_due_until(path, &clock, &|| true));
        let cabinet = crate::cabinet::add(&store, &clock, "A", None).unwrap();
        let smtp = SmtpSettings {
            host: "127.0.0.1".into(),
            port: 25,
            security: super::super::smtp::Security::None,
            user: None,
            from_email: "alertes@a.fr".into(),
            from_name: "Vigie".into(),
            ca_file: None,
            timeout_secs: 1,
            allow_cleartext_password: false,
        };
        let rendered = Rendered { subject: "s".into(), text: "t".into(), html: "h".into() };
        let future = send_now(&store, &smtp, &cabinet, "b@a.fr", &rendered);
        // The store may go before the send is awaited.
        drop(store);
        assert_send(&future);
    }

    #[test]
    fn statuses_are_stored_as_their_names() {
        let texts: Vec<&str> = OutboxStatus::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(texts, ["queued", "sending", "sent", "failed"]);
        assert_eq!(serde_json::to_string(&OutboxStatus::Sending).unwrap(), "\"sending\"");
    }

    #[test]
    fn a_pass_records_every_outcome_and_reports_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_dir(dir.path()).unwrap();
        let clock = crate::clock::SystemClock;
        let c = crate::cabinet::add(&store, &clock, "A", None).unwrap();
        let now = clock.now();
        let insert = |n: i64| {
            store
                .conn()
                .execute(
                    "INSERT INTO outbox (cabinet_id, to_email, template, subject, body_text, body_html, message_id,
                                         next_attempt_at, created_at)
                     VALUES (?1, 'b@a.fr', 't', 's', 't', 'h', ?2, ?3, ?3)",
                    params![c.id, format!("<{n}@a.fr>"), instant_text(now)],
                )
                .unwrap();
        };
        insert(1);
        insert(2);
        let first = claim(&mut store, now).unwrap().unwrap();
        assert_eq!(record(&mut store, &first, Ok(()), now).unwrap(), OutboxStatus::Sent);
        let second = claim(&mut store, now).unwrap().unwrap();
        assert_ne!(first.id, second.id);
        assert!(claim(&mut store, now).unwrap().is_none(), "a claimed row is not claimed twice");
        let down = SendError::network("Connection error", "refused");
        assert_eq!(record(&mut store, &second, Err(down), now).unwrap(), OutboxStatus::Queued);
        let rows = list(&store, Some(OutboxStatus::Queued), None, 10).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].status, OutboxStatus::Queued);
        assert_eq!(rows[0].next_attempt_at, now.with_nanosecond(0).unwrap() + backoff(1));
    }

    #[test]
    fn backoff_doubles_from_one_minute_to_one_hour() {
        let minutes: Vec<i64> = (1..=9).map(|a| backoff(a).num_minutes()).collect();
        assert_eq!(minutes, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
    }
}
