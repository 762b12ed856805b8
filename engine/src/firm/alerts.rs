//! What happens to the alerts of a subject that is done, received or deleted.
//!
//! Done or received (a deadline `faite`, a document received, a task `terminee`): its unread
//! notifications are marked read, and any snooze on them is ended (a snooze that ends brings
//! its notification back *unread*, which would nag about something done). Marked read rather
//! than archived: the alert stays where the person saw it, leaves the badge and the Non lues
//! tab at once, and cleanup forgets it after the usual 30 days, whereas an archived unread
//! notification would be kept for ever and still be unread in the archive. Reopening the
//! subject does not make them unread again: the next check raises the next reminder.
//!
//! Deleted: its notifications and alert keys (of every recipient) are deleted with it. An alert
//! about nothing cannot be opened, and SQLite may give a deleted row's id to the next row
//! created, which must not inherit its alerts nor its "already alerted" keys.
//!
//! Moved to another date (a deadline's, document's or task's due date, an event's start,
//! changed in its form): the same, since its alerts speak of the old date and its alert keys
//! would keep the new date's reminders from coming; the next check raises those.
//!
//! Either way, alert emails still queued (not yet handed to the server) that list the subject
//! are rewritten without it, or withdrawn when it was all they listed
//! ([`crate::email::alerts::refresh_queued`]). An email being sent at that very moment, or sent
//! already, cannot be called back. The weekly digest is a snapshot of its Monday and stays.
//!
//! The unread counters follow through the triggers on ordinary UPDATEs and DELETEs of
//! `notifications`; the caller publishes the new counts of the recipients returned.

use crate::cabinet::Cabinet;
use crate::detect::AlertKey;
use crate::error::Result;
use crate::store::{Store, instant_text};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, params, params_from_iter};
use serde::Serialize;
use std::collections::BTreeSet;

/// What a notification is about, as `notifications.subject_type` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SubjectType {
    /// A row of `deadlines`.
    Deadline,
    /// A row of `document_requests`.
    Document,
    /// A row of `tasks`.
    Task,
    /// A row of `events`.
    Event,
}

impl SubjectType {
    /// As `notifications.subject_type` stores it.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            SubjectType::Deadline => "deadline",
            SubjectType::Document => "document",
            SubjectType::Task => "task",
            SubjectType::Event => "event",
        }
    }

    /// Its table.
    pub(crate) fn table(self) -> &'static str {
        match self {
            SubjectType::Deadline => "deadlines",
            SubjectType::Document => "document_requests",
            SubjectType::Task => "tasks",
            SubjectType::Event => "events",
        }
    }

    /// The record it is, for a not-found error.
    pub(crate) fn record(self) -> super::RecordKind {
        match self {
            SubjectType::Deadline => super::RecordKind::Deadline,
            SubjectType::Document => super::RecordKind::Document,
            SubjectType::Task => super::RecordKind::Task,
            SubjectType::Event => super::RecordKind::Event,
        }
    }
}

/// The subjects whose alerts are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// One deadline, document, task or event.
    One(SubjectType, i64),
    /// Every deadline, document, task and event of a client.
    Client(i64),
}

impl Scope {
    /// The condition on a row of `notifications` or `alert_keys` (unqualified columns), with
    /// the parameters of [`Scope::args`]: `?1` the cabinet, `?2` the scope's id.
    ///
    /// One subject's rows are found by their dedup keys, which all lie in one range
    /// ([`AlertKey::range`], `?3` to `?4`): the unique index on (cabinet, recipient, dedup key)
    /// of notifications and the primary key of alert_keys walk it for each staff member, where
    /// a condition on the subject alone read every notification of the cabinet (17 ms for a
    /// deadline done on the big firm; an index on the subject would cost every check instead).
    /// A client's subjects are many: its rows are read with a scan (a client's page or delete).
    /// Its tasks and events are found by `ifnull(client_id, 0)`, as their natural key's unique
    /// index has it.
    pub(crate) fn condition(self) -> &'static str {
        match self {
            Scope::One(SubjectType::Deadline, _) => {
                "(recipient_id IN (SELECT id FROM staff WHERE cabinet_id = ?1) AND dedup_key >= ?3 AND dedup_key < ?4
                  AND subject_type = 'deadline' AND subject_id = ?2)"
            }
            Scope::One(SubjectType::Document, _) => {
                "(recipient_id IN (SELECT id FROM staff WHERE cabinet_id = ?1) AND dedup_key >= ?3 AND dedup_key < ?4
                  AND subject_type = 'document' AND subject_id = ?2)"
            }
            Scope::One(SubjectType::Task, _) => {
                "(recipient_id IN (SELECT id FROM staff WHERE cabinet_id = ?1) AND dedup_key >= ?3 AND dedup_key < ?4
                  AND subject_type = 'task' AND subject_id = ?2)"
            }
            Scope::One(SubjectType::Event, _) => {
                "(recipient_id IN (SELECT id FROM staff WHERE cabinet_id = ?1) AND dedup_key >= ?3 AND dedup_key < ?4
                  AND subject_type = 'event' AND subject_id = ?2)"
            }
            Scope::Client(_) => {
                "((subject_type = 'deadline' AND subject_id IN (SELECT id FROM deadlines WHERE cabinet_id = ?1 AND client_id = ?2))
                  OR (subject_type = 'document' AND subject_id IN (SELECT id FROM document_requests WHERE cabinet_id = ?1 AND client_id = ?2))
                  OR (subject_type = 'task' AND subject_id IN (SELECT id FROM tasks WHERE cabinet_id = ?1 AND ifnull(client_id, 0) = ?2))
                  OR (subject_type = 'event' AND subject_id IN (SELECT id FROM events WHERE cabinet_id = ?1 AND ifnull(client_id, 0) = ?2)))"
            }
        }
    }

    /// The parameters of [`Scope::condition`], in order; a statement's own come after them.
    pub(crate) fn args(self, cabinet_id: i64) -> Vec<Value> {
        match self {
            Scope::One(subject, id) => {
                let (from, to) = AlertKey::range(subject.as_str(), id);
                vec![cabinet_id.into(), id.into(), from.into(), to.into()]
            }
            Scope::Client(id) => vec![cabinet_id.into(), id.into()],
        }
    }

    /// The condition's parameters followed by `more`, and the number the first of those takes.
    pub(crate) fn args_and(self, cabinet_id: i64, more: impl IntoIterator<Item = Value>) -> (Vec<Value>, usize) {
        let mut args = self.args(cabinet_id);
        let next = args.len() + 1;
        args.extend(more);
        (args, next)
    }
}

/// What stopped nagging when a subject was done or received.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Stopped {
    /// Unread notifications (of every recipient) that no longer nag: marked read when the
    /// subject is done, deleted with a deleted subject.
    pub notifications: u64,
    /// Queued alert emails rewritten without the subject.
    pub emails_rewritten: u64,
    /// Queued alert emails withdrawn: the subject was all they listed.
    pub emails_withdrawn: u64,
}

/// What a change did to alerts: what stopped, and whose unread count moved (the application
/// layer publishes their new counts).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settled {
    /// What stopped nagging.
    pub stopped: Stopped,
    /// Staff ids whose notifications were read or deleted.
    pub recipients: BTreeSet<i64>,
}

impl Settled {
    /// Both changes together.
    pub(crate) fn and(mut self, other: Settled) -> Settled {
        self.stopped.notifications += other.stopped.notifications;
        self.stopped.emails_rewritten += other.stopped.emails_rewritten;
        self.stopped.emails_withdrawn += other.stopped.emails_withdrawn;
        self.recipients.extend(other.recipients);
        self
    }
}

/// How many notifications (of every recipient) are about the scope's subjects.
pub(crate) fn count(conn: &Connection, cabinet_id: i64, scope: Scope) -> Result<u64> {
    let sql = format!("SELECT count(*) FROM notifications WHERE cabinet_id = ?1 AND {}", scope.condition());
    let n: i64 = conn.prepare_cached(&sql)?.query_row(params_from_iter(scope.args(cabinet_id)), |r| r.get(0))?;
    Ok(n.max(0) as u64)
}

/// The queued alert emails that list a notification about the scope's subjects.
fn queued_emails(conn: &Connection, cabinet_id: i64, scope: Scope) -> Result<Vec<i64>> {
    // An alert email lists its recipient's notifications of its kind (its template) with ids
    // in (alert_from, alert_to]: see email::alerts. Queued rows are few; each is joined to its
    // notifications through their (cabinet, recipient, id) index.
    let sql = format!(
        "SELECT DISTINCT o.id FROM outbox o JOIN notifications n
             ON n.cabinet_id = o.cabinet_id AND n.recipient_id = o.recipient_id AND n.kind = o.template
            AND n.id > o.alert_from AND n.id <= o.alert_to
         WHERE o.cabinet_id = ?1 AND o.status = 'queued' AND o.alert_to IS NOT NULL
           AND n.id IN (SELECT id FROM notifications WHERE cabinet_id = ?1 AND {})
         ORDER BY o.id",
        scope.condition()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let ids =
        stmt.query_map(params_from_iter(scope.args(cabinet_id)), |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// Stops the alerts of a subject now done or received, inside the caller's write transaction
/// (after the subject's new state is written): its unread notifications read, every snooze on
/// them ended, its queued alert emails rewritten or withdrawn.
pub(crate) fn settle_done(
    store: &Store,
    cabinet: &Cabinet,
    scope: Scope,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Settled> {
    let conn = store.conn();
    let mut recipients = BTreeSet::new();
    let (args, now_p) = scope.args_and(cabinet.id, [Value::from(instant_text(now))]);
    let read = format!(
        "UPDATE notifications SET read_at = ?{now_p}, snoozed_until = NULL
         WHERE cabinet_id = ?1 AND {} AND read_at IS NULL RETURNING recipient_id",
        scope.condition()
    );
    let mut notifications = 0;
    {
        let mut stmt = conn.prepare_cached(&read)?;
        let rows = stmt.query_map(params_from_iter(args), |r| r.get::<_, i64>(0))?;
        for recipient in rows {
            recipients.insert(recipient?);
            notifications += 1;
        }
    }
    // Read but snoozed: the snooze's end would make it unread again.
    let unsnooze = format!(
        "UPDATE notifications SET snoozed_until = NULL
         WHERE cabinet_id = ?1 AND {} AND snoozed_until IS NOT NULL",
        scope.condition()
    );
    conn.prepare_cached(&unsnooze)?.execute(params_from_iter(scope.args(cabinet.id)))?;
    let emails = queued_emails(conn, cabinet.id, scope)?;
    let refreshed = crate::email::alerts::refresh_queued(store, cabinet, &emails, today)?;
    Ok(Settled {
        stopped: Stopped {
            notifications,
            emails_rewritten: refreshed.rewritten,
            emails_withdrawn: refreshed.withdrawn,
        },
        recipients,
    })
}

/// Stops the alerts of every subject of one type that an import closed (a deadline imported
/// as `faite`, a document with its `received_on`, a task `terminee`), inside the import's
/// write transaction: the same as [`settle_done`] for each, found in one pass over the
/// cabinet's unread notifications of that type rather than one query per imported row (an
/// import rewrites thousands of rows, of which few had alerts).
pub(crate) fn settle_closed(
    store: &Store,
    cabinet: &Cabinet,
    subject: SubjectType,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Settled> {
    let conn = store.conn();
    let closed = closed_condition(subject);
    let mut recipients = BTreeSet::new();
    let mut notifications = 0;
    {
        let read = format!(
            "UPDATE notifications SET read_at = ?3, snoozed_until = NULL
             WHERE cabinet_id = ?1 AND subject_type = ?2 AND read_at IS NULL AND {closed}
             RETURNING recipient_id"
        );
        let mut stmt = conn.prepare_cached(&read)?;
        let rows = stmt.query_map(params![cabinet.id, subject.as_str(), instant_text(now)], |r| r.get::<_, i64>(0))?;
        for recipient in rows {
            recipients.insert(recipient?);
            notifications += 1;
        }
    }
    // Read but snoozed: the snooze's end would make it unread again.
    let unsnooze = format!(
        "UPDATE notifications SET snoozed_until = NULL
         WHERE cabinet_id = ?1 AND subject_type = ?2 AND snoozed_until IS NOT NULL AND {closed}"
    );
    conn.prepare_cached(&unsnooze)?.execute(params![cabinet.id, subject.as_str()])?;
    let emails: Vec<i64> = {
        let sql = format!(
            "SELECT DISTINCT o.id FROM outbox o JOIN notifications n
                 ON n.cabinet_id = o.cabinet_id AND n.recipient_id = o.recipient_id AND n.kind = o.template
                AND n.id > o.alert_from AND n.id <= o.alert_to
             WHERE o.cabinet_id = ?1 AND o.status = 'queued' AND o.alert_to IS NOT NULL
               AND n.subject_type = ?2 AND {closed}
             ORDER BY o.id"
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        stmt.query_map(params![cabinet.id, subject.as_str()], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?
    };
    let refreshed = crate::email::alerts::refresh_queued(store, cabinet, &emails, today)?;
    Ok(Settled {
        stopped: Stopped {
            notifications,
            emails_rewritten: refreshed.rewritten,
            emails_withdrawn: refreshed.withdrawn,
        },
        recipients,
    })
}

/// The condition on a notification (unqualified or `n.` columns alike: `subject_id`) that its
/// subject of `subject`'s type is closed; events never close.
fn closed_condition(subject: SubjectType) -> &'static str {
    // Each notification's own subject, looked up by its id: a notification's `subject_id`
    // (unqualified: the subject tables have no such column). Not `subject_id IN (every closed
    // subject)`, which listed every document ever received (a year of a big firm: 941,000 ids,
    // 4.6 s for each weekly import that closed some).
    match subject {
        SubjectType::Deadline => {
            "EXISTS (SELECT 1 FROM deadlines s WHERE s.id = subject_id AND s.cabinet_id = ?1 AND s.status = 'faite')"
        }
        SubjectType::Document => {
            "EXISTS (SELECT 1 FROM document_requests s
                     WHERE s.id = subject_id AND s.cabinet_id = ?1 AND s.received_on IS NOT NULL)"
        }
        SubjectType::Task => {
            "EXISTS (SELECT 1 FROM tasks s WHERE s.id = subject_id AND s.cabinet_id = ?1 AND s.status = 'terminee')"
        }
        SubjectType::Event => "0",
    }
}

/// Deletes the alerts of a subject whose date the form changed (`moved`): they speak of the old
/// date, and its alert keys would keep the new date's reminders from coming.
pub(crate) fn settle_moved(
    store: &Store,
    cabinet: &Cabinet,
    scope: Scope,
    moved: bool,
    today: NaiveDate,
) -> Result<Settled> {
    if !moved {
        return Ok(Settled::default());
    }
    settle_deleted(store, cabinet, scope, today)
}

/// Deletes the alerts of subjects about to be deleted, inside the caller's write transaction
/// (before the subjects go): their notifications and alert keys, and their queued alert emails
/// rewritten or withdrawn. Returns whose unread count moved.
pub(crate) fn settle_deleted(store: &Store, cabinet: &Cabinet, scope: Scope, today: NaiveDate) -> Result<Settled> {
    let conn = store.conn();
    // Found before the notifications they list are deleted.
    let emails = queued_emails(conn, cabinet.id, scope)?;
    let mut recipients = BTreeSet::new();
    let delete = format!(
        "DELETE FROM notifications WHERE cabinet_id = ?1 AND {} RETURNING recipient_id, read_at IS NULL",
        scope.condition()
    );
    let mut notifications = 0;
    {
        let mut stmt = conn.prepare_cached(&delete)?;
        let rows = stmt
            .query_map(params_from_iter(scope.args(cabinet.id)), |r| Ok((r.get::<_, i64>(0)?, r.get::<_, bool>(1)?)))?;
        for row in rows {
            let (recipient, unread) = row?;
            recipients.insert(recipient);
            notifications += u64::from(unread);
        }
    }
    let keys = format!("DELETE FROM alert_keys WHERE cabinet_id = ?1 AND {}", scope.condition());
    conn.prepare_cached(&keys)?.execute(params_from_iter(scope.args(cabinet.id)))?;
    let refreshed = crate::email::alerts::refresh_queued(store, cabinet, &emails, today)?;
    Ok(Settled {
        stopped: Stopped {
            notifications,
            emails_rewritten: refreshed.rewritten,
            emails_withdrawn: refreshed.withdrawn,
        },
        recipients,
    })
}
