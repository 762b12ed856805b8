//! Who carries what: per active staff member, the open deadlines and open tasks that are late,
//! due in the next 7 days and in the next 30 days, as of the cabinet's today; and the same for
//! what nobody active is assigned to.

use crate::cabinet::Cabinet;
use crate::error::Result;
use crate::model::Role;
use crate::store::{Store, date_text};
use chrono::{Duration, NaiveDate};
use rusqlite::params;
use serde::Serialize;
use std::collections::HashMap;

/// Days in "the next 7 days": today and the 6 after.
pub const WEEK_DAYS: i64 = 7;
/// Days in "the next 30 days": today and the 29 after.
pub const MONTH_DAYS: i64 = 30;

/// Open items (deadlines or tasks) by how pressing they are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Load {
    /// Past due and not done.
    pub late: u32,
    /// Due today or in the 6 days after.
    pub next_7_days: u32,
    /// Due today or in the 29 days after (those of the next 7 days included).
    pub next_30_days: u32,
}

impl Load {
    /// What a person has to do within 30 days, late ones included: what the load is sorted on.
    pub fn pressing(&self) -> u32 {
        self.late + self.next_30_days
    }

    fn add(&mut self, other: Load) {
        self.late += other.late;
        self.next_7_days += other.next_7_days;
        self.next_30_days += other.next_30_days;
    }
}

/// One staff member's load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StaffLoad {
    /// Staff id (what the calendar's person filter takes).
    pub id: i64,
    /// Full name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Their open deadlines.
    pub deadlines: Load,
    /// Their open tasks.
    pub tasks: Load,
}

/// The cabinet's load, person by person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Workload {
    /// The cabinet's today, which the buckets start from.
    pub today: NaiveDate,
    /// The last day of "the next 7 days".
    pub week_end: NaiveDate,
    /// The last day of "the next 30 days".
    pub month_end: NaiveDate,
    /// Every active staff member, the most loaded first (late and next 30 days of deadlines
    /// and tasks together), then by name; those with nothing are listed too.
    pub staff: Vec<StaffLoad>,
    /// Open deadlines assigned to nobody, or to someone who left.
    pub unassigned_deadlines: Load,
    /// Open tasks assigned to nobody, or to someone who left.
    pub unassigned_tasks: Load,
}

/// The count of one table's open rows per assignee: `?1` cabinet, `?2` today, `?3` the day
/// after the 7 days, `?4` the day after the 30 days.
fn loads_sql(table: &str, done: &str) -> String {
    format!(
        "SELECT assignee_id,
                sum(due_date < ?2), sum(due_date >= ?2 AND due_date < ?3), sum(due_date >= ?2)
         FROM {table}
         WHERE cabinet_id = ?1 AND status <> '{done}' AND due_date < ?4
         GROUP BY assignee_id"
    )
}

/// Counts one table's open rows due before the end of the 30 days, per assignee (None: no
/// one). `table` and `done` are constants of this module, never text from outside.
fn loads(
    store: &Store,
    cabinet_id: i64,
    table: &str,
    done: &str,
    today: NaiveDate,
) -> Result<HashMap<Option<i64>, Load>> {
    // The partial indexes of open rows (deadlines_open, tasks_open: cabinet, due date,
    // assignee, status; migration 009) answer alone, without reading the rows.
    let sql = loads_sql(table, done);
    let week = date_text(today + Duration::days(WEEK_DAYS));
    let month = date_text(today + Duration::days(MONTH_DAYS));
    let mut stmt = store.conn().prepare_cached(&sql)?;
    let rows = stmt.query_map(params![cabinet_id, date_text(today), week, month], |r| {
        let count =
            |i: usize| -> rusqlite::Result<u32> { Ok(r.get::<_, i64>(i)?.clamp(0, i64::from(u32::MAX)) as u32) };
        Ok((r.get::<_, Option<i64>>(0)?, Load { late: count(1)?, next_7_days: count(2)?, next_30_days: count(3)? }))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The cabinet's load as of `today`.
pub fn workload(store: &Store, cabinet: &Cabinet, today: NaiveDate) -> Result<Workload> {
    let mut deadlines = loads(store, cabinet.id, "deadlines", "faite", today)?;
    let mut tasks = loads(store, cabinet.id, "tasks", "terminee", today)?;
    let mut staff: Vec<StaffLoad> = crate::staff::list(store, cabinet.id)?
        .into_iter()
        .filter(|m| m.active)
        .map(|m| StaffLoad {
            deadlines: deadlines.remove(&Some(m.id)).unwrap_or_default(),
            tasks: tasks.remove(&Some(m.id)).unwrap_or_default(),
            id: m.id,
            name: m.name,
            role: m.role,
        })
        .collect();
    // What is left belongs to nobody active: no assignee, or someone who left.
    let rest = |left: HashMap<Option<i64>, Load>| {
        left.into_values().fold(Load::default(), |mut all, load| {
            all.add(load);
            all
        })
    };
    // Stable: equal loads keep the staff list's order, by name.
    staff.sort_by_key(|s| std::cmp::Reverse(s.deadlines.pressing() + s.tasks.pressing()));
    Ok(Workload {
        today,
        week_end: today + Duration::days(WEEK_DAYS - 1),
        month_end: today + Duration::days(MONTH_DAYS - 1),
        staff,
        unassigned_deadlines: rest(deadlines),
        unassigned_tasks: rest(tasks),
    })
}

#[cfg(test)]
mod tests {
    use super::loads_sql;

    #[test]
    fn the_counts_read_the_open_rows_index_alone() {
        let store = crate::store::Store::open_in_memory().unwrap();
        for (table, done, index) in [("deadlines", "faite", "deadlines_open"), ("tasks", "terminee", "tasks_open")] {
            let plan: Vec<String> = store
                .conn()
                .prepare(&format!("EXPLAIN QUERY PLAN {}", loads_sql(table, done)))
                .unwrap()
                .query_map(rusqlite::params![1, "2026-11-25", "2026-12-02", "2026-12-25"], |r| r.get(3))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            assert!(plan.iter().any(|step| step.contains(&format!("COVERING INDEX {index}"))), "{plan:?}");
        }
    }
}
