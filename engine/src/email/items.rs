//! The lines of an email: one deadline, document, task or event, written for the reader.

use crate::cabinet::Cabinet;
use crate::french;
use crate::store::parse_instant;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

/// One line of an alert or digest email.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Item {
    /// Client name (empty for subjects without a client).
    pub client: String,
    /// What it is: the deadline's label, the document, the task or event title.
    pub label: String,
    /// The date in French ("vendredi 27 novembre 2026").
    pub date: String,
    /// Relative to today ("demain", "dans 3 jours", "5 jours de retard").
    pub when: String,
    /// Extra detail (request date, priority, start time).
    pub detail: String,
    /// Past due.
    pub overdue: bool,
}

fn when(date: NaiveDate, today: NaiveDate) -> (String, bool) {
    let days = (date - today).num_days();
    if days < 0 { (format!("{} de retard", french::days(-days)), true) } else { (french::in_days(days), false) }
}

/// A deadline due on `due`.
pub fn deadline(client: String, label: String, due: NaiveDate, today: NaiveDate) -> Item {
    let (when, overdue) = when(due, today);
    Item { client, label, date: french::long_date(due), when, detail: String::new(), overdue }
}

/// A document requested on `requested`, expected on `due`.
pub fn document(client: String, label: String, requested: NaiveDate, due: NaiveDate, today: NaiveDate) -> Item {
    let (when, overdue) = when(due, today);
    let detail = format!("demandé le {}", french::short_date(requested));
    Item { client, label, date: french::long_date(due), when, detail, overdue }
}

/// A task due on `due`.
pub fn task(client: String, title: String, due: NaiveDate, priority: String, today: NaiveDate) -> Item {
    let (when, overdue) = when(due, today);
    Item { client, label: title, date: french::long_date(due), when, detail: format!("priorité {priority}"), overdue }
}

/// An event starting at `starts_at` (UTC text), shown in the cabinet's time.
pub fn event(cabinet: &Cabinet, client: String, title: String, starts_at: &str, today: NaiveDate) -> Item {
    let local = parse_instant(starts_at).map(|t| t.with_timezone(&cabinet.timezone));
    let (date, time, day) = match local {
        Some(t) => (french::long_date(t.date_naive()), t.format("%H:%M").to_string(), t.date_naive()),
        None => (starts_at.to_string(), String::new(), today),
    };
    let (when, _) = when(day, today);
    Item { client, label: title, date, when, detail: time, overdue: false }
}

/// The line for the subject of a notification, read from the store (None if it was deleted).
pub fn for_notification(
    conn: &Connection,
    cabinet: &Cabinet,
    notification_id: i64,
    today: NaiveDate,
) -> rusqlite::Result<Option<Item>> {
    let subject: Option<(String, i64)> = conn
        .query_row(
            "SELECT subject_type, subject_id FROM notifications WHERE id = ?1 AND cabinet_id = ?2",
            params![notification_id, cabinet.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((kind, id)) = subject else {
        return Ok(None);
    };
    let args = params![id, cabinet.id];
    let client = "coalesce((SELECT name FROM clients c WHERE c.id = s.client_id), '')";
    let item = match kind.as_str() {
        "deadline" => conn
            .query_row(&format!("SELECT {client}, label, due_date FROM deadlines s WHERE id = ?1 AND cabinet_id = ?2"), args, |r| {
                Ok(deadline(r.get(0)?, r.get(1)?, r.get(2)?, today))
            })
            .optional()?,
        "document" => conn
            .query_row(
                &format!("SELECT {client}, label, requested_on, due_date FROM document_requests s WHERE id = ?1 AND cabinet_id = ?2"),
                args,
                |r| Ok(document(r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, today)),
            )
            .optional()?,
        "task" => conn
            .query_row(&format!("SELECT {client}, title, due_date, priority FROM tasks s WHERE id = ?1 AND cabinet_id = ?2"), args, |r| {
                Ok(task(r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, today))
            })
            .optional()?,
        "event" => conn
            .query_row(&format!("SELECT {client}, title, starts_at FROM events s WHERE id = ?1 AND cabinet_id = ?2"), args, |r| {
                let starts: String = r.get(2)?;
                Ok(event(cabinet, r.get(0)?, r.get(1)?, &starts, today))
            })
            .optional()?,
        _ => None,
    };
    Ok(item)
}
