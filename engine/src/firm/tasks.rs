//! Tasks: the table, the form, "terminée" in one click and back, and delete.

use super::alerts::{self, Scope, Settled, SubjectType};
use super::form::{Field, Form};
use super::listing::{self, Conditions, ListQuery, Page, SortColumn, SortKey, Table};
use super::{Impact, PersonRef, RecordKind, check_client, check_person, day_after};
use crate::cabinet::Cabinet;
use crate::error::Result;
use crate::inbox::ClientRef;
use crate::model::{Priority, TaskStatus};
use crate::store::{Store, date_text};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

/// A task as its row and its form show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Task {
    /// Row id.
    pub id: i64,
    /// Its client (None for the cabinet's own tasks).
    pub client: Option<ClientRef>,
    /// Title.
    pub title: String,
    /// Due date.
    pub due_date: NaiveDate,
    /// Status.
    pub status: TaskStatus,
    /// Priority.
    pub priority: Priority,
    /// Who it is assigned to.
    pub assignee: Option<PersonRef>,
}

/// A task as a form sends it, checked with the import's rules.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct TaskDraft {
    /// The client's id (None: a task of the cabinet itself).
    pub client_id: Option<i64>,
    /// Title (required; may span lines).
    pub title: String,
    /// Due date, `YYYY-MM-DD` or `DD/MM/YYYY` (required).
    pub due_date: String,
    /// Status: a_faire (when empty), en_cours, terminee or en_retard.
    pub status: String,
    /// Priority: basse, normale (when empty), haute or urgente.
    pub priority: String,
    /// The assignee's staff id.
    pub assignee_id: Option<i64>,
}

/// The columns a tasks table sorts on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum TaskSort {
    /// Due date (default).
    #[default]
    DueDate,
    /// Client name (the cabinet's own tasks last).
    Client,
    /// Title.
    Title,
    /// Status, in the order of work: en retard, à faire, en cours, terminée.
    Status,
    /// Priority, from basse to urgente.
    Priority,
    /// Assignee's name.
    Assignee,
}

impl SortColumn for TaskSort {
    fn key(self) -> SortKey {
        match self {
            TaskSort::DueDate => SortKey::IndexedDate("t.due_date"),
            TaskSort::Client => SortKey::NameOf { column: "t.client_id", table: "clients" },
            TaskSort::Title => SortKey::Own("vigie_fold(t.title)"),
            TaskSort::Status => SortKey::Own(
                "CASE t.status WHEN 'en_retard' THEN 0 WHEN 'a_faire' THEN 1 WHEN 'en_cours' THEN 2 ELSE 3 END",
            ),
            TaskSort::Priority => {
                SortKey::Own("CASE t.priority WHEN 'basse' THEN 0 WHEN 'normale' THEN 1 WHEN 'haute' THEN 2 ELSE 3 END")
            }
            TaskSort::Assignee => SortKey::NameOf { column: "t.assignee_id", table: "staff" },
        }
    }
}

/// Which tasks a table shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct TaskFilter {
    /// Only this client's.
    pub client_id: Option<i64>,
    /// Only those assigned to this staff member.
    pub assignee_id: Option<i64>,
    /// Only those of this status.
    pub status: Option<TaskStatus>,
    /// Only those not finished (every status but terminee).
    pub open_only: bool,
    /// Only those of this priority.
    pub priority: Option<Priority>,
    /// Only those due on or after this date.
    pub due_from: Option<NaiveDate>,
    /// Only those due on or before this date.
    pub due_to: Option<NaiveDate>,
}

/// What a tasks table asks for; the search looks at the title and the client's name.
pub type TaskQuery = ListQuery<TaskSort, TaskFilter>;

const TABLE: Table = Table {
    from: "tasks t",
    joins: "LEFT JOIN clients c ON c.id = t.client_id LEFT JOIN staff s ON s.id = t.assignee_id",
    columns: "t.id, t.client_id, c.name, c.siren, t.title, t.due_date, t.status, t.priority, t.assignee_id, s.name, s.active",
    id: "t.id",
};

fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Task> {
    let client_id: Option<i64> = r.get(1)?;
    let client = match client_id {
        Some(id) => Some(ClientRef { id, name: r.get(2)?, siren: r.get(3)? }),
        None => None,
    };
    Ok(Task {
        id: r.get(0)?,
        client,
        title: r.get(4)?,
        due_date: r.get(5)?,
        status: r.get(6)?,
        priority: r.get(7)?,
        assignee: PersonRef::read(r, 8)?,
    })
}

/// The rows a tasks query's search and filters keep.
fn conditions(cabinet: &Cabinet, query: &TaskQuery) -> Conditions {
    let f = &query.filter;
    let mut conditions = Conditions::for_cabinet("t", cabinet.id);
    // Written as the natural key's unique index has it, so that the index finds the client's rows.
    conditions.equals("ifnull(t.client_id, 0)", f.client_id);
    conditions.equals("t.assignee_id", f.assignee_id);
    conditions.equals("t.status", f.status.map(|s| s.as_str().to_string()));
    conditions.equals("t.priority", f.priority.map(|p| p.as_str().to_string()));
    if f.open_only {
        conditions.push("t.status <> 'terminee'");
    }
    conditions.range("t.due_date", f.due_from.map(date_text), f.due_to.and_then(day_after));
    let client = listing::client_name_matches("t");
    conditions.search(listing::needle(query.search.as_deref()), &["vigie_contains(t.title, {needle})", &client]);
    conditions
}

/// A page of the cabinet's tasks.
pub fn list(store: &Store, cabinet: &Cabinet, query: &TaskQuery) -> Result<Page<Task>> {
    listing::page(store.conn(), &TABLE, conditions(cabinet, query), query, read)
}

/// Every task the query's search and filters match, in its order, each given to `each` (an
/// export: no paging); returns how many.
pub fn each(store: &Store, cabinet: &Cabinet, query: &TaskQuery, each: impl FnMut(Task) -> Result<()>) -> Result<u64> {
    listing::every(store.conn(), &TABLE, conditions(cabinet, query), query, read, each)
}

/// One of the cabinet's tasks.
pub fn get(store: &Store, cabinet: &Cabinet, id: i64) -> Result<Task> {
    listing::one(store.conn(), &TABLE, cabinet.id, id, read)?.ok_or_else(|| RecordKind::Task.missing(id))
}

/// A draft's values, checked.
struct Values {
    client_id: Option<i64>,
    title: String,
    due_date: NaiveDate,
    status: TaskStatus,
    priority: Priority,
    assignee_id: Option<i64>,
}

/// Checks a draft for the task `id` (None: a new one): every field, the client and the
/// assignee, and that no other task of the same client (or of the cabinet) has this title on
/// this date.
fn check(conn: &Connection, cabinet_id: i64, draft: &TaskDraft, id: Option<i64>) -> Result<Values> {
    let mut form = Form::default();
    let client_id = check_client(conn, &mut form, cabinet_id, draft.client_id, false)?;
    let title = form.free_text(Field::Title, &draft.title, true);
    let due_date = form.date(Field::DueDate, &draft.due_date, true);
    let status = form.choice(Field::Status, &draft.status, false, TaskStatus::parse, TaskStatus::expected());
    let priority = form.choice(Field::Priority, &draft.priority, false, Priority::parse, Priority::expected());
    let assignee_id = check_person(conn, &mut form, cabinet_id, Field::AssigneeId, draft.assignee_id)?;
    if let (false, Some(title), Some(due)) = (form.has(Field::ClientId), &title, due_date) {
        let taken: bool = conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM tasks WHERE cabinet_id = ?1 AND ifnull(client_id, 0) = ifnull(?2, 0)
                 AND title = ?3 AND due_date = ?4 AND id IS NOT ?5)",
            )?
            .query_row(params![cabinet_id, client_id, title, date_text(due), id], |r| r.get(0))?;
        if taken {
            form.problem(
                Field::Title,
                format!("a task with this title is already due on {due} for this client"),
                "une tâche de ce titre existe déjà à cette date pour ce client",
            );
        }
    }
    let values = (|| {
        Some(Values {
            client_id,
            title: title?,
            due_date: due_date?,
            status: status.unwrap_or(TaskStatus::AFaire),
            priority: priority.unwrap_or(Priority::Normale),
            assignee_id,
        })
    })();
    form.finish(values)
}

/// Stops the task's alerts once it is finished (see [`alerts`]).
fn settle(store: &Store, cabinet: &Cabinet, task: &Task, today: NaiveDate, now: DateTime<Utc>) -> Result<Settled> {
    if task.status != TaskStatus::Terminee {
        return Ok(Settled::default());
    }
    alerts::settle_done(store, cabinet, Scope::One(SubjectType::Task, task.id), today, now)
}

/// Creates a task from a form (an open one already past due is late, as the status update
/// would make it); nothing is stored when a field is wrong.
pub fn create(
    store: &mut Store,
    cabinet: &Cabinet,
    draft: &TaskDraft,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(Task, Settled)> {
    let tx = store.begin_write()?;
    let v = check(&tx, cabinet.id, draft, None)?;
    tx.execute(
        "INSERT INTO tasks (cabinet_id, client_id, title, assignee_id, due_date, status, priority)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            cabinet.id,
            v.client_id,
            v.title,
            v.assignee_id,
            date_text(v.due_date),
            v.status.as_of(v.due_date, today),
            v.priority
        ],
    )?;
    let task = get(tx.store(), cabinet, tx.last_insert_rowid())?;
    let settled = settle(tx.store(), cabinet, &task, today, now)?;
    tx.commit()?;
    Ok((task, settled))
}

/// Replaces a task's values with a form's (the whole record); one saved as terminee stops its
/// alerts as the one-click does, one moved to another date loses its alerts about the old one.
/// Nothing is stored when a field is wrong.
pub fn update(
    store: &mut Store,
    cabinet: &Cabinet,
    id: i64,
    draft: &TaskDraft,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(Task, Settled)> {
    let tx = store.begin_write()?;
    let before = get(tx.store(), cabinet, id)?;
    let v = check(&tx, cabinet.id, draft, Some(id))?;
    let scope = Scope::One(SubjectType::Task, id);
    let moved = alerts::settle_moved(tx.store(), cabinet, scope, v.due_date != before.due_date, today)?;
    tx.execute(
        "UPDATE tasks SET client_id = ?3, title = ?4, assignee_id = ?5, due_date = ?6, status = ?7, priority = ?8
         WHERE id = ?1 AND cabinet_id = ?2",
        params![
            id,
            cabinet.id,
            v.client_id,
            v.title,
            v.assignee_id,
            date_text(v.due_date),
            v.status.as_of(v.due_date, today),
            v.priority
        ],
    )?;
    let task = get(tx.store(), cabinet, id)?;
    let settled = moved.and(settle(tx.store(), cabinet, &task, today, now)?);
    tx.commit()?;
    Ok((task, settled))
}

/// Marks the task terminee (its alerts stop), or, with `done` false, takes a finished task back
/// to en retard when its date is past, else à faire (another status is left as it is).
pub fn set_done(
    store: &mut Store,
    cabinet: &Cabinet,
    id: i64,
    done: bool,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(Task, Settled)> {
    let tx = store.begin_write()?;
    let before = get(tx.store(), cabinet, id)?;
    let status = match (done, before.status) {
        (true, _) => TaskStatus::Terminee,
        (false, TaskStatus::Terminee) if before.due_date < today => TaskStatus::EnRetard,
        (false, TaskStatus::Terminee) => TaskStatus::AFaire,
        (false, other) => other,
    };
    tx.execute("UPDATE tasks SET status = ?3 WHERE id = ?1 AND cabinet_id = ?2", params![id, cabinet.id, status])?;
    let task = get(tx.store(), cabinet, id)?;
    let settled = settle(tx.store(), cabinet, &task, today, now)?;
    tx.commit()?;
    Ok((task, settled))
}

/// What deleting the task would take with it (its notifications).
pub fn delete_impact(store: &Store, cabinet: &Cabinet, id: i64) -> Result<Impact> {
    super::subject_impact(store, cabinet, SubjectType::Task, id)
}

/// Deletes the task with its notifications and alert keys (queued alert emails listing it are
/// rewritten or withdrawn).
pub fn delete(store: &mut Store, cabinet: &Cabinet, id: i64, today: NaiveDate) -> Result<(Impact, Settled)> {
    super::delete_subject(store, cabinet, SubjectType::Task, id, today)
}
