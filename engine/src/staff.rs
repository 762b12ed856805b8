//! Staff members of a cabinet: who gets alerted.

use crate::cabinet::{self, Cabinet};
use crate::email::header;
use crate::error::{Error, Result};
use crate::model::Role;
use crate::store::Store;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

/// A person working in a cabinet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StaffMember {
    /// Row id.
    pub id: i64,
    /// Cabinet the person belongs to.
    pub cabinet_id: i64,
    /// Full name.
    pub name: String,
    /// Email, unique within the cabinet (case-insensitive).
    pub email: String,
    /// Role in the cabinet.
    pub role: Role,
    /// Inactive staff (left, on leave) receive nothing.
    pub active: bool,
}

const COLUMNS: &str = "id, cabinet_id, name, email, role, active";

fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<StaffMember> {
    Ok(StaffMember {
        id: row.get(0)?,
        cabinet_id: row.get(1)?,
        name: row.get(2)?,
        email: row.get(3)?,
        role: row.get(4)?,
        active: row.get(5)?,
    })
}

/// Every staff member of a cabinet, by name.
pub fn list(store: &Store, cabinet_id: i64) -> Result<Vec<StaffMember>> {
    let mut stmt = store.conn().prepare(&format!("SELECT {COLUMNS} FROM staff WHERE cabinet_id = ?1 ORDER BY name"))?;
    let rows = stmt.query_map([cabinet_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The staff member with this email in this cabinet, if any.
pub fn by_email(store: &Store, cabinet_id: i64, email: &str) -> Result<Option<StaffMember>> {
    Ok(store
        .conn()
        .query_row(
            &format!("SELECT {COLUMNS} FROM staff WHERE cabinet_id = ?1 AND email = ?2"),
            params![cabinet_id, email.trim()],
            from_row,
        )
        .optional()?)
}

/// Finds the user behind `--user EMAIL [--cabinet NAME]`; without a cabinet the email must be
/// unique across the store.
pub fn find_user(store: &Store, email: &str, cabinet_name: Option<&str>) -> Result<(Cabinet, StaffMember)> {
    if let Some(name) = cabinet_name {
        let cabinet = cabinet::resolve(store, Some(name))?;
        let member = by_email(store, cabinet.id, email)?
            .ok_or_else(|| Error::UnknownUser { email: email.to_string(), cabinet: Some(cabinet.name.clone()) })?;
        return Ok((cabinet, member));
    }
    let mut stmt =
        store.conn().prepare(&format!("SELECT {COLUMNS} FROM staff WHERE email = ?1 ORDER BY cabinet_id"))?;
    let mut found = stmt.query_map([email.trim()], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    match found.len() {
        0 => Err(Error::UnknownUser { email: email.to_string(), cabinet: None }),
        1 => {
            let member = found.remove(0);
            Ok((cabinet::get(store, member.cabinet_id)?, member))
        }
        _ => {
            let names =
                found.iter().map(|m| cabinet::get(store, m.cabinet_id).map(|c| c.name)).collect::<Result<Vec<_>>>()?;
            Err(Error::UserAmbiguous { email: email.to_string(), cabinets: names })
        }
    }
}

/// A staff member as given by an import or a form.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewStaff {
    /// Full name.
    pub name: String,
    /// Email (natural key within the cabinet).
    pub email: String,
    /// Role.
    pub role: Role,
    /// Whether the person receives alerts; None keeps the stored flag on update, active on insert.
    #[serde(default)]
    pub active: Option<bool>,
}

/// Refuses a name or email that cannot go into an email header: a line break there would break
/// (or inject headers into) every email sent to that person.
fn check(s: &NewStaff) -> Result<()> {
    for (what, value) in [("name", &s.name), ("email", &s.email)] {
        if let Some(problem) = header::single_line_problem(value) {
            return Err(Error::InvalidInput(format!("staff {what} \"{}\" {problem}", header::visible(value))));
        }
    }
    Ok(())
}

/// Creates or updates (by email) a staff member; returns its id and whether it was created.
/// A name or email holding a line break or a control character is refused, nothing written.
pub fn upsert(conn: &rusqlite::Connection, cabinet_id: i64, now: &str, s: &NewStaff) -> Result<(i64, bool)> {
    check(s)?;
    let existing: Option<i64> = conn
        .query_row("SELECT id FROM staff WHERE cabinet_id = ?1 AND email = ?2", params![cabinet_id, s.email], |r| {
            r.get(0)
        })
        .optional()?;
    match existing {
        Some(id) => {
            conn.execute(
                "UPDATE staff SET name = ?2, role = ?3, active = coalesce(?4, active) WHERE id = ?1 AND cabinet_id = ?5",
                params![id, s.name, s.role, s.active, cabinet_id],
            )?;
            Ok((id, false))
        }
        None => {
            conn.execute(
                "INSERT INTO staff (cabinet_id, name, email, role, active, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![cabinet_id, s.name, s.email, s.role, s.active.unwrap_or(true), now],
            )?;
            Ok((conn.last_insert_rowid(), true))
        }
    }
}

/// The staff member with this id in this cabinet, if any.
pub fn get(conn: &rusqlite::Connection, cabinet_id: i64, id: i64) -> Result<Option<StaffMember>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM staff WHERE cabinet_id = ?1 AND id = ?2"),
            params![cabinet_id, id],
            from_row,
        )
        .optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::SystemClock;

    #[test]
    fn a_name_or_email_with_a_line_break_is_refused_and_nothing_changes() {
        let store = Store::open_in_memory().unwrap();
        let c = cabinet::add(&store, &SystemClock, "A", None).unwrap();
        let now = "2026-11-25T08:00:00Z";
        let carol =
            NewStaff { name: "Carol Smith".into(), email: "carol@a.fr".into(), role: Role::Expert, active: None };
        upsert(store.conn(), c.id, now, &carol).unwrap();
        let renamed = NewStaff { name: "Carol\nSmith".into(), ..carol.clone() };
        let err = upsert(store.conn(), c.id, now, &renamed).unwrap_err().to_string();
        assert_eq!(err, "staff name \"Carol\\nSmith\" holds a line break");
        let new = NewStaff { name: "Dan".into(), email: "dan@a.fr\r\nBcc: x@y.fr".into(), ..carol.clone() };
        let err = upsert(store.conn(), c.id, now, &new).unwrap_err().to_string();
        assert!(err.starts_with("staff email \"dan@a.fr\\r\\nBcc: x@y.fr\" holds a line break"), "{err}");
        let all = list(&store, c.id).unwrap();
        assert_eq!(all.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), ["Carol Smith"]);
    }

    #[test]
    fn new_staff_deserializes_from_a_form() {
        let new: NewStaff =
            serde_json::from_str(r#"{"name": "Carol", "email": "carol@a.fr", "role": "expert"}"#).unwrap();
        assert_eq!(
            new,
            NewStaff {
                name: "Carol".into(),
                email: "carol@a.fr".into(),
                role: crate::model::Role::Expert,
                active: None
            }
        );
    }
}
