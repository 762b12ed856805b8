//! The `status_update` job: what is past due changes status, so lists show it as late.

use crate::cabinet::Cabinet;
use crate::error::Result;
use crate::model::{DeadlineStatus, TaskStatus};
use crate::store::{Store, date_text};
use chrono::NaiveDate;
use rusqlite::params;
use serde::Serialize;

/// Rows whose status changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct StatusReport {
    /// Tasks now `en_retard`.
    pub tasks_late: u64,
    /// Deadlines now `depassee`.
    pub deadlines_overdue: u64,
}

/// Marks open tasks past due `en_retard` and open deadlines past due `depassee`, as of `date`.
pub fn status_update(store: &mut Store, cabinet: &Cabinet, date: NaiveDate) -> Result<StatusReport> {
    let tx = store.begin_write()?;
    let day = date_text(date);
    let tasks_late = tx.execute(
        "UPDATE tasks SET status = ?3 WHERE cabinet_id = ?1 AND status IN (?4, ?5) AND due_date < ?2",
        params![cabinet.id, day, TaskStatus::EnRetard, TaskStatus::AFaire, TaskStatus::EnCours],
    )?;
    let deadlines_overdue = tx.execute(
        "UPDATE deadlines SET status = ?3 WHERE cabinet_id = ?1 AND status IN (?4, ?5) AND due_date < ?2",
        params![cabinet.id, day, DeadlineStatus::Depassee, DeadlineStatus::AFaire, DeadlineStatus::EnCours],
    )?;
    tx.commit()?;
    Ok(StatusReport { tasks_late: tasks_late as u64, deadlines_overdue: deadlines_overdue as u64 })
}
