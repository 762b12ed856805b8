//! `echeance_proche`: deadlines not done falling due within the horizon, or past due.

use super::directory::{Directory, Fallback};
use super::key::{AlertKey, DeadlineStep};
use super::{Context, Pending};
use crate::french;
use crate::model::{AlertKind, DeadlineStatus};
use crate::store::date_text;
use chrono::NaiveDate;
use rusqlite::{Connection, params};

/// The reminder step a deadline `days_left` days away is at: the smallest step ≥ days left.
pub fn step_for(steps_ascending: &[u32], days_left: i64) -> Option<u32> {
    steps_ascending.iter().copied().find(|&s| i64::from(s) >= days_left)
}

/// A deadline not done, due within the horizon or past due.
pub(crate) struct DueDeadline {
    /// Its id.
    pub id: i64,
    /// Its client, if any.
    pub client_id: Option<i64>,
    /// What is due.
    pub label: String,
    /// When it is due.
    pub due: NaiveDate,
    /// Who it is assigned to, if anyone.
    pub assignee_id: Option<i64>,
}

/// The deadlines that raise `echeance_proche` as of `date`, the alert and the weekly digest
/// alike: not done, and due by `date + horizon_days` (past ones included), soonest first.
pub(crate) fn due_within(
    conn: &Connection,
    cabinet_id: i64,
    date: NaiveDate,
    horizon_days: u32,
) -> rusqlite::Result<Vec<DueDeadline>> {
    let horizon = date + chrono::Days::new(u64::from(horizon_days));
    let mut stmt = conn.prepare_cached(DUE_SQL)?;
    stmt.query_map(params![cabinet_id, date_text(horizon), DeadlineStatus::Faite], |r| {
        Ok(DueDeadline {
            id: r.get(0)?,
            client_id: r.get(1)?,
            label: r.get(2)?,
            due: r.get(3)?,
            assignee_id: r.get(4)?,
        })
    })?
    .collect()
}

pub(super) fn detect<'a>(ctx: &Context<'_>, dir: &'a Directory, out: &mut Vec<Pending<'a>>) -> rusqlite::Result<()> {
    for d in due_within(ctx.conn, ctx.cabinet.id, ctx.date, ctx.settings.echeance_horizon_days)? {
        let DueDeadline { id, client_id, label, due, assignee_id: assignee } = d;
        let days_left = (due - ctx.date).num_days();
        let client = dir.client_name(client_id);
        let step = if days_left < 0 {
            DeadlineStep::PastDue
        } else {
            let Some(step) = step_for(&ctx.settings.echeance_steps, days_left) else {
                continue;
            };
            DeadlineStep::Before(step)
        };
        let wording = move || match step {
            DeadlineStep::PastDue => (
                format!("Échéance dépassée : {label} — {client}"),
                format!(
                    "{label} pour {client} était à rendre le {} ({} de retard) et n'est pas marquée faite.",
                    french::LongDate(due),
                    french::Days(-days_left)
                ),
            ),
            DeadlineStep::Before(_) => (
                format!("Échéance {} : {label} — {client}", french::InDays(days_left)),
                format!("{label} pour {client} est à rendre le {}.", french::LongDate(due)),
            ),
        };
        out.push(Pending {
            kind: AlertKind::EcheanceProche,
            subject_type: "deadline",
            subject_id: id,
            dedup_key: AlertKey::Deadline { id, step },
            wording: Box::new(wording),
            recipients: dir.recipients(&dir.chain(assignee, client_id), Fallback::Experts),
        });
    }
    Ok(())
}

/// Open deadlines due by `?2`; `?3` is the done status, bound rather than spelled so that it
/// follows the enum (SQLite still matches it to the partial index `deadlines_open`, which
/// holds every column read: the rows themselves are not read). Client names come from the
/// [`Directory`].
const DUE_SQL: &str = "SELECT id, client_id, label, due_date, assignee_id FROM deadlines
     WHERE cabinet_id = ?1 AND status <> ?3 AND due_date <= ?2
     ORDER BY due_date";

#[cfg(test)]
mod tests {
    use super::{DUE_SQL, DeadlineStatus, params, step_for};

    #[test]
    fn a_bound_done_status_still_reads_the_open_deadlines_index_alone() {
        let store = crate::store::Store::open_in_memory().unwrap();
        let plan: Vec<String> = store
            .conn()
            .prepare(&format!("EXPLAIN QUERY PLAN {DUE_SQL}"))
            .unwrap()
            .query_map(params![1, "2026-12-01", DeadlineStatus::Faite], |r| r.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(plan.iter().any(|step| step.contains("COVERING INDEX deadlines_open")), "{plan:?}");
    }

    #[test]
    fn the_step_is_the_smallest_one_not_below_the_days_left() {
        let steps = [0, 1, 3, 7];
        assert_eq!(step_for(&steps, 7), Some(7));
        assert_eq!(step_for(&steps, 6), Some(7));
        assert_eq!(step_for(&steps, 4), Some(7));
        assert_eq!(step_for(&steps, 3), Some(3));
        assert_eq!(step_for(&steps, 2), Some(3));
        assert_eq!(step_for(&steps, 1), Some(1));
        assert_eq!(step_for(&steps, 0), Some(0));
        assert_eq!(step_for(&steps, 8), None);
        assert_eq!(step_for(&[1, 3], 0), Some(1));
    }
}
