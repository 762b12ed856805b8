//! The durable outbox: every email is a row before any network I/O; a worker sends due rows,
//! retries transient failures with backoff, and marks permanent ones failed.

use super::connect::{Connector, SendError};
use super::header;
use super::password;
use super::smtp::SmtpSettings;
use super::templates::Rendered;
use crate::cabinet::{self, Cabinet};
use crate::clock::Clock;
use crate::error::{Error, Result, SmtpFailure};
use crate::store::{Store, instant_text, parse_instant};
use chrono::{DateTime, Duration, Utc};
use lettre::Message;
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::client::AsyncSmtpConnection;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use std::collections::HashMap;

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
                             message_id, status, next_attempt_at, created_at, dedup_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'queued', ?10, ?10, ?11)
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
            email.dedup_key
        ],
    )?;
    Ok((inserted == 1).then(|| conn.last_insert_rowid()))
}

/// An outbox row as listed.
#[derive(Debug, Clone, Serialize)]
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
    pub status: String,
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
pub fn list(store: &Store, status: Option<&str>, cabinet_id: Option<i64>, limit: u32) -> Result<Vec<OutboxRow>> {
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
        "UPDATE outbox SET status = 'queued', next_attempt_at = ?2, claimed_until = NULL
         WHERE id = ?1 AND status IN ('failed', 'queued') AND (?3 IS NULL OR cabinet_id = ?3)",
        params![id, instant_text(now), cabinet_id],
    )?;
    if n == 0 {
        let status: Option<String> = store
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
        "DELETE FROM outbox WHERE status = 'sent' AND sent_at < ?1 AND (?2 IS NULL OR cabinet_id = ?2)",
        params![instant_text(before), cabinet_id],
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

/// A row claimed for sending.
struct Claimed {
    id: i64,
    cabinet_id: i64,
    to_email: String,
    to_name: String,
    subject: String,
    text: String,
    html: String,
    message_id: String,
    attempts: i64,
    created_at: String,
}

/// Claims the next due row (queued and due, or held by a worker whose claim ran out).
fn claim(store: &Store, now: DateTime<Utc>) -> Result<Option<Claimed>> {
    let now_text = instant_text(now);
    Ok(store
        .conn()
        .query_row(
            "UPDATE outbox SET status = 'sending', claimed_until = ?2, attempts = attempts + 1
             WHERE id = (SELECT id FROM outbox
                         WHERE (status = 'queued' AND next_attempt_at <= ?1)
                            OR (status = 'sending' AND claimed_until <= ?1)
                         ORDER BY next_attempt_at, id LIMIT 1)
             RETURNING id, cabinet_id, to_email, to_name, subject, body_text, body_html, message_id, attempts, created_at",
            params![now_text, instant_text(now + CLAIM)],
            |r| {
                Ok(Claimed {
                    id: r.get(0)?,
                    cabinet_id: r.get(1)?,
                    to_email: r.get(2)?,
                    to_name: r.get(3)?,
                    subject: r.get(4)?,
                    text: r.get(5)?,
                    html: r.get(6)?,
                    message_id: r.get(7)?,
                    attempts: r.get(8)?,
                    created_at: r.get(9)?,
                })
            },
        )
        .optional()?)
}

/// Delay before attempt `attempts + 1`: 1 min, doubling, at most 1 h.
pub fn backoff(attempts: i64) -> Duration {
    let exponent = (attempts.max(1) - 1).min(10) as u32;
    (FIRST_RETRY * 2i32.pow(exponent)).min(MAX_RETRY)
}

/// The message as it goes on the wire. Every header value is checked first: lettre panics on a
/// name holding a line break, and such a row must fail with a reason, not stop the worker.
fn build(row: &Claimed, from: Mailbox) -> Result<Message> {
    let cannot = |reason: String| Error::Smtp {
        failure: SmtpFailure::Setup,
        message: format!("cannot build the email: {reason}"),
    };
    header::check_single_line("the recipient name", &row.to_name).map_err(cannot)?;
    header::check_single_line("the recipient address", &row.to_email).map_err(cannot)?;
    header::check_single_line("the subject", &row.subject).map_err(cannot)?;
    header::check_single_line("the Message-ID", &row.message_id).map_err(cannot)?;
    let to_address = row
        .to_email
        .parse()
        .map_err(|e| cannot(format!("the recipient address \"{}\" is invalid: {e}", row.to_email)))?;
    let to = Mailbox::new(Some(row.to_name.clone()).filter(|n| !n.is_empty()), to_address);
    Message::builder()
        .from(from)
        .to(to)
        .subject(row.subject.clone())
        .message_id(Some(row.message_id.clone()))
        .multipart(MultiPart::alternative_plain_html(row.text.clone(), row.html.clone()))
        .map_err(|e| cannot(e.to_string()))
}

/// One cabinet's server: how to reach it, and the open session reused from row to row.
struct Route {
    connector: Connector,
    from: Mailbox,
    session: Option<AsyncSmtpConnection>,
    /// Why the server could not be reached in this pass: its other rows wait for the next one
    /// instead of each waiting for a timeout, and other cabinets' emails go on.
    down: Option<String>,
}

impl Route {
    fn new(store: &Store, cabinet_id: i64) -> Result<Self> {
        let cabinet = cabinet::get(store, cabinet_id)?;
        let smtp = SmtpSettings::require(store, &cabinet)?;
        Self::for_settings(store, &cabinet, &smtp)
    }

    fn for_settings(store: &Store, cabinet: &Cabinet, smtp: &SmtpSettings) -> Result<Self> {
        // Refused before the password is even read from the keyring.
        smtp.check_cleartext_login()?;
        let password = match smtp.user {
            Some(_) => Some(password::get(store, cabinet, smtp)?),
            None => None,
        };
        Ok(Self { connector: Connector::new(smtp, password)?, from: smtp.from_mailbox()?, session: None, down: None })
    }

    /// Sends over the open session, opening one if needed; a failed session is dropped.
    async fn send(&mut self, message: &Message) -> std::result::Result<(), SendError> {
        if let Some(reason) = &self.down {
            return Err(SendError::network("", reason));
        }
        let mut session = match self.session.take() {
            Some(s) if !s.has_broken() => s,
            _ => match self.connector.connect().await {
                Ok(s) => s,
                Err(e) => {
                    if e.transient {
                        self.down = Some(e.message.clone());
                    }
                    return Err(e);
                }
            },
        };
        let limit = self.connector.timeout;
        match tokio::time::timeout(limit, session.send(message.envelope(), &message.formatted())).await {
            Ok(result) => result?,
            Err(_) => {
                let reason = format!("timeout: the server did not take the email within {} s", limit.as_secs());
                self.down = Some(reason.clone());
                return Err(SendError::network("", reason));
            }
        };
        self.session = Some(session);
        Ok(())
    }

    async fn close(mut self) {
        if let Some(mut session) = self.session.take() {
            let _ = session.quit().await;
        }
    }
}

/// Sends every row due now, then returns. Rows are claimed one at a time, so several workers
/// (the daemon and the desktop app) may run at once without sending a row twice; each
/// cabinet's session stays open from one row to the next.
pub async fn send_due(store: &Store, clock: &dyn Clock) -> Result<SendReport> {
    send_due_until(store, clock, &|| false).await
}

/// [`send_due`], stopping between two rows as soon as `stop` says so (a daemon shutting down).
pub async fn send_due_until(store: &Store, clock: &dyn Clock, stop: &(dyn Fn() -> bool + Sync)) -> Result<SendReport> {
    let mut routes: HashMap<i64, std::result::Result<Route, String>> = HashMap::new();
    let mut report = SendReport::default();
    while !stop() {
        let Some(row) = claim(store, clock.now())? else { break };
        let route = routes
            .entry(row.cabinet_id)
            .or_insert_with(|| Route::new(store, row.cabinet_id).map_err(|e| e.to_string()));
        let outcome = match route {
            Ok(route) => match build(&row, route.from.clone()) {
                Ok(message) => route.send(&message).await,
                Err(e) => Err(SendError { message: e.to_string(), transient: false, failure: SmtpFailure::Setup }),
            },
            // No usable settings: a configuration problem the firm can fix; retry until then.
            Err(e) => Err(SendError { message: e.clone(), transient: true, failure: SmtpFailure::Setup }),
        };
        let now = clock.now();
        match outcome {
            Ok(()) => {
                store.conn().execute(
                    "UPDATE outbox SET status = 'sent', sent_at = ?2, claimed_until = NULL, last_error = NULL WHERE id = ?1",
                    params![row.id, instant_text(now)],
                )?;
                report.sent += 1;
            }
            Err(SendError { message: error, transient, .. }) => {
                let queued = parse_instant(&row.created_at).unwrap_or(now);
                if transient && now - queued < GIVE_UP {
                    store.conn().execute(
                        "UPDATE outbox SET status = 'queued', next_attempt_at = ?2, claimed_until = NULL, last_error = ?3 WHERE id = ?1",
                        params![row.id, instant_text(now + backoff(row.attempts)), error],
                    )?;
                    tracing::warn!(row = row.id, attempts = row.attempts, %error, "email not sent; will retry");
                    report.retried += 1;
                } else {
                    let error = if transient { format!("gave up after 24 h: {error}") } else { error };
                    store.conn().execute(
                        "UPDATE outbox SET status = 'failed', claimed_until = NULL, last_error = ?2 WHERE id = ?1",
                        params![row.id, error],
                    )?;
                    tracing::error!(row = row.id, %error, "email failed");
                    report.failed += 1;
                }
            }
        }
    }
    for route in routes.into_values().flatten() {
        route.close().await;
    }
    Ok(report)
}

/// Sends one message now, outside the outbox (the "send a test email" action); the error is
/// the server's or the network's exact answer.
pub async fn send_now(
    store: &Store,
    smtp: &SmtpSettings,
    cabinet: &Cabinet,
    to: &str,
    rendered: &Rendered,
) -> Result<()> {
    let mut route = Route::for_settings(store, cabinet, smtp)?;
    let row = Claimed {
        id: 0,
        cabinet_id: cabinet.id,
        to_email: to.to_string(),
        to_name: String::new(),
        subject: rendered.subject.clone(),
        text: rendered.text.clone(),
        html: rendered.html.clone(),
        message_id: format!("<{}@{}>", uuid::Uuid::new_v4(), smtp.from_domain()),
        attempts: 0,
        created_at: String::new(),
    };
    let message = build(&row, route.from.clone())?;
    route.send(&message).await.map_err(SendError::into_error)?;
    route.close().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_one_minute_to_one_hour() {
        let minutes: Vec<i64> = (1..=9).map(|a| backoff(a).num_minutes()).collect();
        assert_eq!(minutes, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
    }
}
