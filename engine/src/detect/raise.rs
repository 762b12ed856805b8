//! Raising the alerts a check found: each (recipient, dedup key) once, through the
//! `alert_keys` ledger, then its notification.

use super::{CheckReport, Pending};
use rusqlite::types::ToSql;
use rusqlite::{Connection, params, params_from_iter};

/// Notifications written per `INSERT` statement. An insert into `notifications` fires the
/// inbox counter trigger, so SQLite keeps a statement journal of every page the statement
/// changes; one statement per row copied the same few index pages once per row (measured:
/// a quarter of the first check's CPU on the reference firm). Within a chunk each page is
/// copied once. 100 rows × 7 values stays far below SQLite's 32,766 bound parameters.
const CHUNK: usize = 100;

/// Records every pending alert not raised before, and its notification, inside the check's
/// transaction; counts them into `report`.
pub(super) fn raise(
    conn: &Connection,
    pending: &[Pending],
    created_at: &str,
    report: &mut CheckReport,
) -> rusqlite::Result<()> {
    let cabinet_id = report.cabinet_id;
    // The ledger decides: a key already there was raised by an earlier check (or another
    // process's concurrent one, which the write lock put before this one).
    let mut ledger = conn.prepare_cached(
        "INSERT INTO alert_keys (cabinet_id, recipient_id, dedup_key, subject_type, subject_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (cabinet_id, recipient_id, dedup_key) DO NOTHING",
    )?;
    // Most of what a check finds was raised before: looking the key up first is cheaper than an
    // INSERT that SQLite sets up (constraints, foreign keys) only to find it there. The INSERT
    // still decides, with its conflict clause.
    let mut known =
        conn.prepare_cached("SELECT 1 FROM alert_keys WHERE cabinet_id = ?1 AND recipient_id = ?2 AND dedup_key = ?3")?;
    let keys: Vec<String> = pending.iter().map(|p| p.dedup_key.to_string()).collect();
    // One (recipient, alert) pair per notification to be, taken recipient by recipient:
    // consecutive writes then land in the same pages of the ledger and of every index that
    // starts with the recipient (half the insert time of the pairs in the order found). Each
    // recipient's alerts keep the order found, so that their inbox (newest first) reads as
    // before: ids follow this order.
    let mut pairs: Vec<(i64, usize)> =
        pending.iter().enumerate().flat_map(|(at, p)| p.recipients.iter().map(move |&r| (r, at))).collect();
    pairs.sort_unstable();
    pairs.dedup();
    let mut new = Vec::new();
    for (recipient, at) in pairs {
        let p = &pending[at];
        if known.exists(params![cabinet_id, recipient, keys[at]])? {
            continue;
        }
        if ledger.execute(params![cabinet_id, recipient, keys[at], p.subject_type, p.subject_id, created_at])? == 1 {
            new.push((recipient, at));
        }
    }
    // Worded once per alert, whoever many recipients it has.
    let mut wordings: Vec<Option<(String, String)>> = Vec::new();
    wordings.resize_with(pending.len(), || None);
    for &(_, at) in &new {
        if wordings[at].is_none() {
            wordings[at] = Some((pending[at].wording)());
        }
    }
    let new: Vec<New<'_>> = new
        .into_iter()
        .filter_map(|(recipient, at)| {
            let (title, body) = wordings[at].as_ref()?;
            Some(New { pending: &pending[at], recipient, dedup_key: &keys[at], title, body })
        })
        .collect();
    for chunk in new.chunks(CHUNK) {
        insert_notifications(conn, cabinet_id, chunk, created_at, report)?;
    }
    for ids in report.new_by_recipient.values_mut() {
        ids.sort_unstable();
    }
    Ok(())
}

/// An alert whose key was new: its notification is to be written.
struct New<'a> {
    pending: &'a Pending<'a>,
    recipient: i64,
    dedup_key: &'a str,
    title: &'a str,
    body: &'a str,
}

/// Writes one chunk's notifications with one statement, in the order found (ids follow it).
fn insert_notifications(
    conn: &Connection,
    cabinet_id: i64,
    chunk: &[New<'_>],
    created_at: &str,
    report: &mut CheckReport,
) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached(&insert_sql(chunk.len()))?;
    let mut values: Vec<&dyn ToSql> = Vec::with_capacity(chunk.len() * 8);
    for n in chunk {
        let p = n.pending;
        values.extend([
            &n.recipient as &dyn ToSql,
            &p.kind,
            &n.title,
            &n.body,
            &p.subject_type,
            &p.subject_id,
            &n.dedup_key,
        ]);
    }
    let mut rows =
        stmt.query(params_from_iter(values.iter().copied().chain([&cabinet_id as &dyn ToSql, &created_at])))?;
    while let Some(row) = rows.next()? {
        let (id, recipient, kind) = (row.get::<_, i64>(0)?, row.get::<_, i64>(1)?, row.get(2)?);
        report.created.bump(kind);
        report.new_by_recipient.entry(recipient).or_default().push(id);
    }
    Ok(())
}

/// `INSERT … VALUES` of `rows` notifications; the cabinet and the instant, the same for every
/// row, are bound once after the rows' seven values each.
fn insert_sql(rows: usize) -> String {
    let shared = rows * 7;
    let (cabinet, created) = (shared + 1, shared + 2);
    let mut sql = String::from(
        "INSERT INTO notifications
             (recipient_id, kind, title, body, subject_type, subject_id, dedup_key, cabinet_id, created_at)
         VALUES ",
    );
    for row in 0..rows {
        let at = row * 7;
        if row > 0 {
            sql.push(',');
        }
        sql.push_str(&format!(
            "(?{},?{},?{},?{},?{},?{},?{},?{cabinet},?{created})",
            at + 1,
            at + 2,
            at + 3,
            at + 4,
            at + 5,
            at + 6,
            at + 7
        ));
    }
    sql.push_str(" ON CONFLICT (cabinet_id, recipient_id, dedup_key) DO NOTHING RETURNING id, recipient_id, kind");
    sql
}

#[cfg(test)]
mod tests {
    use super::insert_sql;

    #[test]
    fn each_row_has_its_seven_values_and_shares_the_last_two() {
        let sql = insert_sql(2);
        assert!(sql.contains("(?1,?2,?3,?4,?5,?6,?7,?15,?16),(?8,?9,?10,?11,?12,?13,?14,?15,?16)"), "{sql}");
    }
}
