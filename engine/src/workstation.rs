//! The workstation: the one staff member this installation belongs to (whose pop-ups, badge
//! and inbox the desktop shows), pop-ups muted on this computer, and the demo cabinet it may
//! have created. One row at most, in the store, since the store is per installation.

use crate::cabinet::{self, Cabinet};
use crate::error::{Error, Result};
use crate::settings::pause::Pause;
use crate::staff::{self, StaffMember};
use crate::store::Store;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

/// This computer's user.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Workstation {
    /// Their cabinet.
    pub cabinet: Cabinet,
    /// The person.
    pub member: StaffMember,
    /// Whether the cabinet is the demo this computer started.
    pub demo: bool,
}

/// Makes sure the single row exists, so that every update below has a row to change.
fn ensure_row(conn: &Connection) -> Result<()> {
    conn.execute("INSERT INTO workstation (id) VALUES (1) ON CONFLICT (id) DO NOTHING", [])?;
    Ok(())
}

/// This computer's user, if one is set (and still in the store).
pub fn get(store: &Store) -> Result<Option<Workstation>> {
    let row: Option<(Option<i64>, Option<i64>)> = store
        .conn()
        .query_row("SELECT staff_id, demo_cabinet_id FROM workstation WHERE id = 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((Some(staff_id), demo)) = row else { return Ok(None) };
    let cabinet_id: Option<i64> =
        store.conn().query_row("SELECT cabinet_id FROM staff WHERE id = ?1", [staff_id], |r| r.get(0)).optional()?;
    let Some(cabinet_id) = cabinet_id else { return Ok(None) };
    let Some(member) = staff::get(store.conn(), cabinet_id, staff_id)? else { return Ok(None) };
    let cabinet = cabinet::get(store, cabinet_id)?;
    Ok(Some(Workstation { demo: demo == Some(cabinet.id), cabinet, member }))
}

/// Makes `member` this computer's user. An inactive person is refused: they receive nothing.
/// Their notifications so far are in their inbox; only the ones created from now on pop up.
pub fn set(conn: &Connection, member: &StaffMember) -> Result<()> {
    if !member.active {
        return Err(Error::InactiveUser { email: member.email.clone() });
    }
    ensure_row(conn)?;
    conn.execute(
        "UPDATE workstation SET staff_id = ?1,
             last_popped_id = (SELECT ifnull(max(id), 0) FROM notifications) WHERE id = 1",
        [member.id],
    )?;
    Ok(())
}

/// Leaves this computer without a user (the first-run screen shows again).
pub fn clear(conn: &Connection) -> Result<()> {
    conn.execute("UPDATE workstation SET staff_id = NULL WHERE id = 1", [])?;
    Ok(())
}

/// Whether pop-ups are muted on this computer; a stored value that does not parse counts as
/// not muted (a pop-up too many is better than none ever again).
pub fn muted(store: &Store) -> Result<Pause> {
    let text: Option<Option<String>> = store
        .conn()
        .query_row("SELECT popups_muted_until FROM workstation WHERE id = 1", [], |r| r.get(0))
        .optional()?;
    Ok(text.flatten().and_then(|t| Pause::parse(&t).ok()).unwrap_or(Pause::No))
}

/// Mutes (or, with [`Pause::No`], unmutes) pop-ups on this computer.
pub fn set_muted(store: &Store, mute: Pause) -> Result<()> {
    ensure_row(store.conn())?;
    let text = match mute {
        Pause::No => None,
        other => Some(other.setting_text()),
    };
    store.conn().execute("UPDATE workstation SET popups_muted_until = ?1 WHERE id = 1", [text])?;
    Ok(())
}

/// The id up to which notifications have been dealt with.
pub fn watermark(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT last_popped_id FROM workstation WHERE id = 1", [], |r| r.get(0)).optional()?.unwrap_or(0))
}

/// Moves the watermark to `id` (never back).
pub fn advance(conn: &Connection, id: i64) -> Result<()> {
    ensure_row(conn)?;
    conn.execute("UPDATE workstation SET last_popped_id = max(last_popped_id, ?1) WHERE id = 1", [id])?;
    Ok(())
}

/// The demo cabinet this computer created, if it still exists.
pub fn demo_cabinet(store: &Store) -> Result<Option<i64>> {
    Ok(store
        .conn()
        .query_row("SELECT demo_cabinet_id FROM workstation WHERE id = 1", [], |r| r.get(0))
        .optional()?
        .flatten())
}

/// Records the demo cabinet this computer created.
pub fn set_demo_cabinet(conn: &Connection, cabinet_id: i64) -> Result<()> {
    ensure_row(conn)?;
    conn.execute("UPDATE workstation SET demo_cabinet_id = ?1 WHERE id = 1", params![cabinet_id])?;
    Ok(())
}
