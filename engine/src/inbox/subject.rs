//! What a notification is about: its client and its deadline, document, task or event, read
//! from the store when the user opens it (so it shows the subject as it is now).

use crate::error::Result;
use crate::model::{DeadlineStatus, Importance, Priority, TaskStatus};
use crate::staff::StaffMember;
use crate::store::Store;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::Notification;

/// A client, as shown next to a notification.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientRef {
    /// Client id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// SIREN, when known.
    pub siren: Option<String>,
}

/// The deadline, document request, task or event a notification is about.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SubjectDetail {
    /// A filing or payment deadline.
    Deadline {
        /// Deadline id.
        id: i64,
        /// Label, such as "TVA CA3 novembre".
        label: String,
        /// Its kind (as imported).
        kind: String,
        /// Due date.
        due_date: NaiveDate,
        /// Status.
        status: DeadlineStatus,
        /// Who it is assigned to.
        assignee: Option<String>,
        /// The obligation's period (`2027-02`, `EX-2027`…), when it names one.
        period: Option<String>,
        /// The date the text sets, when a tolerance gives until the due date.
        legal_date: Option<NaiveDate>,
        /// The legal basis of a deadline of the fiscal calendar.
        source: Option<String>,
    },
    /// A document asked of the client.
    Document {
        /// Request id.
        id: i64,
        /// What is asked.
        label: String,
        /// When it was asked.
        requested_on: NaiveDate,
        /// When it is expected.
        due_date: NaiveDate,
        /// When it arrived (None: still missing).
        received_on: Option<NaiveDate>,
        /// Who follows it.
        owner: Option<String>,
    },
    /// A task.
    Task {
        /// Task id.
        id: i64,
        /// Title.
        title: String,
        /// Due date.
        due_date: NaiveDate,
        /// Status.
        status: TaskStatus,
        /// Priority.
        priority: Priority,
        /// Who it is assigned to.
        assignee: Option<String>,
    },
    /// An event.
    Event {
        /// Event id.
        id: i64,
        /// Title.
        title: String,
        /// When it starts (UTC).
        starts_at: DateTime<Utc>,
        /// Importance.
        importance: Importance,
    },
    /// The subject was deleted since the notification was raised.
    Gone,
}

/// A notification with what it is about.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Subject {
    /// The notification.
    pub notification: Notification,
    /// The subject's client (None for a subject without one, or a deleted subject).
    pub client: Option<ClientRef>,
    /// The subject itself.
    pub detail: SubjectDetail,
}

/// The name of a staff member, as an SQL expression on the column `col` of alias `s`.
fn staff_name(col: &str) -> String {
    format!("(SELECT name FROM staff WHERE id = s.{col})")
}

/// One of the user's notifications with its subject.
pub fn subject(store: &Store, user: &StaffMember, id: i64) -> Result<Subject> {
    let notification = super::one(store, user, id)?;
    let conn = store.conn();
    let (subject_type, subject_id): (String, i64) =
        conn.query_row("SELECT subject_type, subject_id FROM notifications WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let args = params![subject_id, user.cabinet_id];
    let found: Option<(Option<i64>, SubjectDetail)> = match subject_type.as_str() {
        "deadline" => conn
            .query_row(
                &format!(
                    "SELECT client_id, label, kind, due_date, status, {}, period, legal_date, source FROM deadlines s
                     WHERE id = ?1 AND cabinet_id = ?2",
                    staff_name("assignee_id")
                ),
                args,
                |r| {
                    let detail = SubjectDetail::Deadline {
                        id: subject_id,
                        label: r.get(1)?,
                        kind: r.get(2)?,
                        due_date: r.get(3)?,
                        status: r.get(4)?,
                        assignee: r.get(5)?,
                        period: r.get(6)?,
                        legal_date: r.get(7)?,
                        source: r.get(8)?,
                    };
                    Ok((r.get(0)?, detail))
                },
            )
            .optional()?,
        "document" => conn
            .query_row(
                &format!(
                    "SELECT client_id, label, requested_on, due_date, received_on, {} FROM document_requests s
                     WHERE id = ?1 AND cabinet_id = ?2",
                    staff_name("owner_id")
                ),
                args,
                |r| {
                    let detail = SubjectDetail::Document {
                        id: subject_id,
                        label: r.get(1)?,
                        requested_on: r.get(2)?,
                        due_date: r.get(3)?,
                        received_on: r.get(4)?,
                        owner: r.get(5)?,
                    };
                    Ok((r.get(0)?, detail))
                },
            )
            .optional()?,
        "task" => conn
            .query_row(
                &format!(
                    "SELECT client_id, title, due_date, status, priority, {} FROM tasks s
                     WHERE id = ?1 AND cabinet_id = ?2",
                    staff_name("assignee_id")
                ),
                args,
                |r| {
                    let detail = SubjectDetail::Task {
                        id: subject_id,
                        title: r.get(1)?,
                        due_date: r.get(2)?,
                        status: r.get(3)?,
                        priority: r.get(4)?,
                        assignee: r.get(5)?,
                    };
                    Ok((r.get(0)?, detail))
                },
            )
            .optional()?,
        "event" => conn
            .query_row(
                "SELECT client_id, title, starts_at, importance FROM events s WHERE id = ?1 AND cabinet_id = ?2",
                args,
                |r| {
                    let detail = SubjectDetail::Event {
                        id: subject_id,
                        title: r.get(1)?,
                        starts_at: r.get(2)?,
                        importance: r.get(3)?,
                    };
                    Ok((r.get(0)?, detail))
                },
            )
            .optional()?,
        // A subject type this version does not know is shown as gone rather than refused.
        _ => None,
    };
    let Some((client_id, detail)) = found else {
        return Ok(Subject { notification, client: None, detail: SubjectDetail::Gone });
    };
    let client = match client_id {
        Some(client_id) => conn
            .query_row(
                "SELECT id, name, siren FROM clients WHERE id = ?1 AND cabinet_id = ?2",
                params![client_id, user.cabinet_id],
                |r| Ok(ClientRef { id: r.get(0)?, name: r.get(1)?, siren: r.get(2)? }),
            )
            .optional()?,
        None => None,
    };
    Ok(Subject { notification, client, detail })
}
