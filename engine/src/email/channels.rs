//! Per-kind channel preferences of a staff member: email and desktop pop-up, on by default.

use crate::error::{Error, Result};
use crate::staff::StaffMember;
use crate::store::Store;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

/// What a preference is about: one of the four alerts, or the weekly digest.
pub const KINDS: &[&str] =
    &["echeance_proche", "documents_manquants", "taches_retard", "evenement_important", "resume_hebdomadaire"];

/// A staff member's channels for one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Channels {
    /// The kind.
    pub kind: String,
    /// Email wanted.
    pub email: bool,
    /// Desktop pop-up wanted.
    pub popup: bool,
}

fn check_kind(kind: &str) -> Result<()> {
    if KINDS.contains(&kind) {
        Ok(())
    } else {
        Err(Error::InvalidInput(format!("unknown kind \"{kind}\" (expected one of {})", KINDS.join(", "))))
    }
}

/// The member's channels for `kind` (both on when never set).
pub fn get(conn: &rusqlite::Connection, member: &StaffMember, kind: &str) -> Result<Channels> {
    check_kind(kind)?;
    let row: Option<(bool, bool)> = conn
        .query_row(
            "SELECT email, popup FROM staff_channels WHERE staff_id = ?1 AND cabinet_id = ?2 AND kind = ?3",
            params![member.id, member.cabinet_id, kind],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (email, popup) = row.unwrap_or((true, true));
    Ok(Channels { kind: kind.to_string(), email, popup })
}

/// The member's channels for every kind.
pub fn list(store: &Store, member: &StaffMember) -> Result<Vec<Channels>> {
    KINDS.iter().map(|k| get(store.conn(), member, k)).collect()
}

/// Changes the member's channels for `kind`; `None` leaves a channel as it is.
pub fn set(
    store: &Store,
    member: &StaffMember,
    kind: &str,
    email: Option<bool>,
    popup: Option<bool>,
) -> Result<Channels> {
    let current = get(store.conn(), member, kind)?;
    let next = Channels {
        kind: kind.to_string(),
        email: email.unwrap_or(current.email),
        popup: popup.unwrap_or(current.popup),
    };
    store.conn().execute(
        "INSERT INTO staff_channels (cabinet_id, staff_id, kind, email, popup) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (staff_id, kind) DO UPDATE SET email = excluded.email, popup = excluded.popup",
        params![member.cabinet_id, member.id, kind, next.email, next.popup],
    )?;
    Ok(next)
}
