//! `echeance_proche`: deadlines not done falling due within the horizon, or past due.

use super::directory::{Directory, Fallback};
use super::{Context, Pending};
use crate::french;
use crate::model::AlertKind;
use crate::store::date_text;
use chrono::NaiveDate;

/// The reminder step a deadline `days_left` days away is at: the smallest step ≥ days left.
pub fn step_for(steps_ascending: &[u32], days_left: i64) -> Option<u32> {
    steps_ascending.iter().copied().find(|&s| i64::from(s) >= days_left)
}

pub(super) fn detect(ctx: &Context<'_>, dir: &Directory, out: &mut Vec<Pending>) -> rusqlite::Result<()> {
    let horizon = ctx.date + chrono::Days::new(u64::from(ctx.settings.echeance_horizon_days));
    let mut stmt = ctx.conn.prepare_cached(
        "SELECT id, client_id, label, due_date, assignee_id FROM deadlines
         WHERE cabinet_id = ?1 AND status <> 'faite' AND due_date <= ?2",
    )?;
    let mut rows = stmt.query(rusqlite::params![ctx.cabinet.id, date_text(horizon)])?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let client_id: Option<i64> = row.get(1)?;
        let label: String = row.get(2)?;
        let due: NaiveDate = row.get(3)?;
        let assignee: Option<i64> = row.get(4)?;
        let days_left = (due - ctx.date).num_days();
        let client = dir.client_name(client_id);
        let (step, title, body) = if days_left < 0 {
            (
                "depassee".to_string(),
                format!("Échéance dépassée : {label} — {client}"),
                format!(
                    "{label} pour {client} était à rendre le {} ({} de retard) et n'est pas marquée faite.",
                    french::long_date(due),
                    french::days(-days_left)
                ),
            )
        } else {
            let Some(step) = step_for(&ctx.settings.echeance_steps, days_left) else {
                continue;
            };
            (
                format!("J-{step}"),
                format!("Échéance {} : {label} — {client}", french::in_days(days_left)),
                format!("{label} pour {client} est à rendre le {}.", french::long_date(due)),
            )
        };
        out.push(Pending {
            kind: AlertKind::EcheanceProche,
            subject_type: "deadline",
            subject_id: id,
            dedup_key: format!("deadline:{id}:{step}"),
            title,
            body,
            recipients: dir.recipients(&dir.chain(assignee, client_id), Fallback::Experts),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::step_for;

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
