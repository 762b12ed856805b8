//! The cabinet's staff as the window edits them: the table, the form, and removing someone.
//!
//! Removing a person who has history (clients they manage; deadlines, documents, tasks
//! assigned to them; events for them; notifications they received) deactivates them instead
//! of deleting them: the schema would quietly unassign their work (ON DELETE SET NULL) and
//! delete their inbox, and the firm would lose who did what. Inactive staff receive nothing
//! (detection skips them: their open work alerts the client's manager, else the experts), their
//! queued emails are withdrawn, their name stays on their past work, and they can be made
//! active again from the form. Someone without history (created by mistake) is deleted. The
//! impact tells the window which will happen before it asks.

use super::RecordKind;
use super::form::{Field, Form};
use super::listing::{self, Conditions, ListQuery, Page, SortColumn, SortKey, Table};
use crate::cabinet::Cabinet;
use crate::error::{Error, Result};
use crate::model::Role;
use crate::staff::StaffMember;
use crate::store::{Store, instant_text};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

/// A staff member as a form sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct StaffDraft {
    /// Full name (required; one line: it goes into email headers).
    pub name: String,
    /// Email (required; unique in the cabinet, stored lowercase).
    pub email: String,
    /// Role: expert, collaborateur or assistant (required).
    pub role: String,
    /// Whether the person receives alerts (default true).
    pub active: bool,
}

impl Default for StaffDraft {
    fn default() -> Self {
        Self { name: String::new(), email: String::new(), role: String::new(), active: true }
    }
}

/// The columns a staff table sorts on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum StaffSort {
    /// Name (default).
    #[default]
    Name,
    /// Email.
    Email,
    /// Role: experts, then collaborateurs, then assistants.
    Role,
    /// Active ones first.
    Active,
}

impl SortColumn for StaffSort {
    fn key(self) -> SortKey {
        match self {
            StaffSort::Name => SortKey::Own("vigie_fold(p.name)"),
            StaffSort::Email => SortKey::Own("p.email"),
            StaffSort::Role => SortKey::Own("CASE p.role WHEN 'expert' THEN 0 WHEN 'collaborateur' THEN 1 ELSE 2 END"),
            StaffSort::Active => SortKey::Own("1 - p.active"),
        }
    }
}

/// Which staff members a table shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct StaffFilter {
    /// Only those of this role.
    pub role: Option<Role>,
    /// Only the active ones (true) or the inactive ones (false).
    pub active: Option<bool>,
}

/// What a staff table asks for; the search looks at the name and the email.
pub type StaffQuery = ListQuery<StaffSort, StaffFilter>;

const TABLE: Table =
    Table { from: "staff p", joins: "", columns: "p.id, p.cabinet_id, p.name, p.email, p.role, p.active", id: "p.id" };

fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<StaffMember> {
    Ok(StaffMember {
        id: r.get(0)?,
        cabinet_id: r.get(1)?,
        name: r.get(2)?,
        email: r.get(3)?,
        role: r.get(4)?,
        active: r.get(5)?,
    })
}

/// The rows a staff query's search and filters keep.
fn conditions(cabinet: &Cabinet, query: &StaffQuery) -> Conditions {
    let mut conditions = Conditions::for_cabinet("p", cabinet.id);
    conditions.equals("p.role", query.filter.role.map(|r| r.as_str().to_string()));
    conditions.equals("p.active", query.filter.active);
    conditions.search(
        listing::needle(query.search.as_deref()),
        &["vigie_contains(p.name, {needle})", "vigie_contains(p.email, {needle})"],
    );
    conditions
}

/// A page of the cabinet's staff.
pub fn list(store: &Store, cabinet: &Cabinet, query: &StaffQuery) -> Result<Page<StaffMember>> {
    listing::page(store.conn(), &TABLE, conditions(cabinet, query), query, read)
}

/// Every staff member the query's search and filters match, in its order, each given to
/// `each` (an export: no paging); returns how many.
pub fn each(
    store: &Store,
    cabinet: &Cabinet,
    query: &StaffQuery,
    each: impl FnMut(StaffMember) -> Result<()>,
) -> Result<u64> {
    listing::every(store.conn(), &TABLE, conditions(cabinet, query), query, read, each)
}

/// One of the cabinet's staff.
pub fn get(store: &Store, cabinet: &Cabinet, id: i64) -> Result<StaffMember> {
    listing::one(store.conn(), &TABLE, cabinet.id, id, read)?.ok_or_else(|| RecordKind::Staff.missing(id))
}

/// A draft's values, checked.
struct Values {
    name: String,
    email: String,
    role: Role,
}

/// Checks a draft for the staff member `id` (None: a new one): every field, and that nobody
/// else in the cabinet has this email.
fn check(conn: &Connection, cabinet_id: i64, draft: &StaffDraft, id: Option<i64>) -> Result<Values> {
    let mut form = Form::default();
    let name = form.line(Field::Name, &draft.name, true);
    let email = form.email(Field::Email, &draft.email, true);
    let role = form.choice(Field::Role, &draft.role, true, Role::parse, Role::expected());
    if let Some(email) = &email {
        let other: Option<String> = conn
            .prepare_cached("SELECT name FROM staff WHERE cabinet_id = ?1 AND email = ?2 AND id IS NOT ?3")?
            .query_row(params![cabinet_id, email, id], |r| r.get(0))
            .optional()?;
        if let Some(other) = other {
            form.problem(
                Field::Email,
                format!("{email} is already the email of \"{other}\""),
                format!("cette adresse est déjà celle de «\u{a0}{other}\u{a0}»"),
            );
        }
    }
    let values = (|| Some(Values { name: name?, email: email?, role: role? }))();
    form.finish(values)
}

/// Withdraws the emails still queued for a person who no longer receives anything.
fn withdraw_queued(conn: &Connection, cabinet_id: i64, id: i64) -> Result<u64> {
    let n = conn.execute(
        "DELETE FROM outbox WHERE cabinet_id = ?1 AND recipient_id = ?2 AND status = 'queued'",
        params![cabinet_id, id],
    )?;
    Ok(n as u64)
}

/// Refuses to remove or deactivate this computer's user: the window would lose its user
/// (deleted) or keep one who receives nothing (inactive). Another user is chosen first.
fn keep_workstation_user(conn: &Connection, id: i64) -> Result<()> {
    let user: Option<Option<i64>> =
        conn.query_row("SELECT staff_id FROM workstation WHERE id = 1", [], |r| r.get(0)).optional()?;
    if user.flatten() != Some(id) {
        return Ok(());
    }
    let email: String = conn.query_row("SELECT email FROM staff WHERE id = ?1", [id], |r| r.get(0))?;
    Err(Error::WorkstationUser { email })
}

/// Adds a staff member from a form; nothing is stored when a field is wrong.
pub fn create(store: &mut Store, cabinet: &Cabinet, draft: &StaffDraft, now: DateTime<Utc>) -> Result<StaffMember> {
    let tx = store.begin_write()?;
    let v = check(&tx, cabinet.id, draft, None)?;
    tx.execute(
        "INSERT INTO staff (cabinet_id, name, email, role, active, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![cabinet.id, v.name, v.email, v.role, draft.active, instant_text(now)],
    )?;
    let member = get(tx.store(), cabinet, tx.last_insert_rowid())?;
    tx.commit()?;
    Ok(member)
}

/// Replaces a staff member's values with a form's (the whole record); made inactive, their
/// queued emails are withdrawn. Nothing is stored when a field is wrong.
pub fn update(store: &mut Store, cabinet: &Cabinet, id: i64, draft: &StaffDraft) -> Result<StaffMember> {
    let tx = store.begin_write()?;
    get(tx.store(), cabinet, id)?;
    let v = check(&tx, cabinet.id, draft, Some(id))?;
    if !draft.active {
        keep_workstation_user(&tx, id)?;
    }
    tx.execute(
        "UPDATE staff SET name = ?3, email = ?4, role = ?5, active = ?6 WHERE id = ?1 AND cabinet_id = ?2",
        params![id, cabinet.id, v.name, v.email, v.role, draft.active],
    )?;
    if !draft.active {
        withdraw_queued(&tx, cabinet.id, id)?;
    }
    let member = get(tx.store(), cabinet, id)?;
    tx.commit()?;
    Ok(member)
}

/// What removing a staff member does: deleted, or deactivated because they have history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Removal {
    /// Nothing refers to them: the row is deleted.
    Deleted,
    /// They have history: they are made inactive and keep their name on it.
    Deactivated,
}

/// What refers to a staff member, and so what removing them does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StaffImpact {
    /// Clients they manage.
    pub clients: u64,
    /// Deadlines assigned to them.
    pub deadlines: u64,
    /// Document requests they follow.
    pub documents: u64,
    /// Tasks assigned to them.
    pub tasks: u64,
    /// Events for them.
    pub events: u64,
    /// Notifications they received.
    pub notifications: u64,
    /// What removing them does: deleted when all the above are 0, else deactivated.
    pub removal: Removal,
}

/// What removing the staff member would do.
pub fn removal_impact(store: &Store, cabinet: &Cabinet, id: i64) -> Result<StaffImpact> {
    get(store, cabinet, id)?;
    let count = |sql: &str| -> Result<u64> {
        let n: i64 = store.conn().prepare_cached(sql)?.query_row(params![cabinet.id, id], |r| r.get(0))?;
        Ok(n.max(0) as u64)
    };
    let clients = count("SELECT count(*) FROM clients WHERE cabinet_id = ?1 AND manager_id = ?2")?;
    let deadlines = count("SELECT count(*) FROM deadlines WHERE cabinet_id = ?1 AND assignee_id = ?2")?;
    let documents = count("SELECT count(*) FROM document_requests WHERE cabinet_id = ?1 AND owner_id = ?2")?;
    let tasks = count("SELECT count(*) FROM tasks WHERE cabinet_id = ?1 AND assignee_id = ?2")?;
    let events = count("SELECT count(*) FROM events WHERE cabinet_id = ?1 AND audience_id = ?2")?;
    let notifications = count("SELECT count(*) FROM notifications WHERE cabinet_id = ?1 AND recipient_id = ?2")?;
    let history = clients + deadlines + documents + tasks + events + notifications;
    let removal = if history == 0 { Removal::Deleted } else { Removal::Deactivated };
    Ok(StaffImpact { clients, deadlines, documents, tasks, events, notifications, removal })
}

/// Removes a staff member: deleted when nothing refers to them, else deactivated (see the
/// module's documentation). Returns what was found and done.
pub fn remove(store: &mut Store, cabinet: &Cabinet, id: i64) -> Result<StaffImpact> {
    let tx = store.begin_write()?;
    let impact = removal_impact(tx.store(), cabinet, id)?;
    keep_workstation_user(&tx, id)?;
    match impact.removal {
        Removal::Deleted => {
            tx.execute("DELETE FROM staff WHERE id = ?1 AND cabinet_id = ?2", params![id, cabinet.id])?;
        }
        Removal::Deactivated => {
            tx.execute("UPDATE staff SET active = 0 WHERE id = ?1 AND cabinet_id = ?2", params![id, cabinet.id])?;
            withdraw_queued(&tx, cabinet.id, id)?;
        }
    }
    tx.commit()?;
    Ok(impact)
}
