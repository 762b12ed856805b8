//! The firm's data in the window: for clients, deadlines, document requests, tasks, events and
//! staff, a page of a table, one record, create, update, delete (with what it takes along),
//! and the one-click "faite", "reçu", "terminée" and back. Each method names the cabinet as the
//! other `Vigie` methods do (None: the only one; the window passes its user's cabinet); an id
//! of another cabinet is `not_found`. A form with wrong fields is refused with
//! `invalid_fields`, each field named, and nothing is stored. When alerts stop (a subject done,
//! received, moved or deleted), each recipient's new unread count is published on the bus.
//! See [`crate::firm`] for the rules.

use crate::app::Vigie;
use crate::cabinet::{self, Cabinet};
use crate::error::Result;
use crate::firm::alerts::Settled;
use crate::firm::client_page::{self, ClientPage};
use crate::firm::clients::{self, Client, ClientDraft, ClientQuery};
use crate::firm::deadlines::{self, Deadline, DeadlineDraft, DeadlineQuery};
use crate::firm::documents::{self, DocumentDraft, DocumentQuery, DocumentRequest};
use crate::firm::events::{self, CalendarEvent, EventDraft, EventQuery};
use crate::firm::staff::{self, StaffDraft, StaffImpact, StaffQuery};
use crate::firm::tasks::{self, Task, TaskDraft, TaskQuery};
use crate::firm::{Impact, Page, StateChange};
use crate::staff::StaffMember;
use crate::store::Store;
use chrono::{DateTime, NaiveDate, Utc};
use std::sync::MutexGuard;

/// The store, the cabinet a request is about, and the time it is there.
struct At<'a> {
    store: MutexGuard<'a, Store>,
    cabinet: Cabinet,
    today: NaiveDate,
    now: DateTime<Utc>,
}

impl Vigie {
    fn at(&self, cabinet: Option<&str>) -> Result<At<'_>> {
        let store = self.store();
        let cabinet = cabinet::resolve(&store, cabinet)?;
        let now = self.clock().now();
        let today = now.with_timezone(&cabinet.timezone).date_naive();
        Ok(At { store, cabinet, today, now })
    }

    /// Publishes the unread counts a change moved.
    fn publish_settled(&self, at: &At<'_>, settled: &Settled) -> Result<()> {
        self.bus().publish_unread(&at.store, at.cabinet.id, settled.recipients.iter().copied())
    }

    /// Publishes what a change did to alerts, and gives back the record.
    fn settled<T>(&self, at: &At<'_>, (record, settled): (T, Settled)) -> Result<T> {
        self.publish_settled(at, &settled)?;
        Ok(record)
    }

    /// Publishes what a one-click change did to alerts, and says it with the record.
    fn state_change<T>(&self, at: &At<'_>, (record, settled): (T, Settled)) -> Result<StateChange<T>> {
        self.publish_settled(at, &settled)?;
        Ok(StateChange { record, alerts: settled.stopped })
    }

    /// Publishes what a delete did to alerts, and gives back what went.
    fn deleted(&self, at: &At<'_>, (impact, settled): (Impact, Settled)) -> Result<Impact> {
        self.publish_settled(at, &settled)?;
        Ok(impact)
    }

    // Clients.

    /// A page of the clients table.
    pub fn list_clients(&self, cabinet: Option<&str>, query: &ClientQuery) -> Result<Page<Client>> {
        let at = self.at(cabinet)?;
        clients::list(&at.store, &at.cabinet, query)
    }

    /// One client, for its form.
    pub fn get_client(&self, cabinet: Option<&str>, id: i64) -> Result<Client> {
        let at = self.at(cabinet)?;
        clients::get(&at.store, &at.cabinet, id)
    }

    /// Everything about one client: open deadlines, missing documents, open tasks, upcoming
    /// events, counts and the latest alerts.
    pub fn client_page(&self, cabinet: Option<&str>, id: i64) -> Result<ClientPage> {
        let at = self.at(cabinet)?;
        client_page::client_page(&at.store, &at.cabinet, id, at.today)
    }

    /// Creates a client from its form, and its fiscal calendar's deadlines.
    pub fn create_client(&self, cabinet: Option<&str>, draft: &ClientDraft) -> Result<Client> {
        let mut at = self.at(cabinet)?;
        let client = clients::create(&mut at.store, &at.cabinet, draft, at.now)?;
        self.regenerate_client(&mut at.store, &at.cabinet, client.id)?;
        Ok(client)
    }

    /// Saves a client's form (the whole record); its generated deadlines still to come follow.
    pub fn update_client(&self, cabinet: Option<&str>, id: i64, draft: &ClientDraft) -> Result<Client> {
        let mut at = self.at(cabinet)?;
        let client = clients::update(&mut at.store, &at.cabinet, id, draft)?;
        self.regenerate_client(&mut at.store, &at.cabinet, id)?;
        Ok(client)
    }

    /// What deleting a client would take with it, for the confirmation.
    pub fn client_delete_impact(&self, cabinet: Option<&str>, id: i64) -> Result<Impact> {
        let at = self.at(cabinet)?;
        clients::delete_impact(&at.store, &at.cabinet, id)
    }

    /// Deletes a client with its deadlines, documents, tasks, events and their notifications;
    /// returns what went.
    pub fn delete_client(&self, cabinet: Option<&str>, id: i64) -> Result<Impact> {
        let mut at = self.at(cabinet)?;
        let done = clients::delete(&mut at.store, &at.cabinet, id, at.today)?;
        self.deleted(&at, done)
    }

    // Deadlines.

    /// A page of the deadlines table.
    pub fn list_deadlines(&self, cabinet: Option<&str>, query: &DeadlineQuery) -> Result<Page<Deadline>> {
        let at = self.at(cabinet)?;
        deadlines::list(&at.store, &at.cabinet, query)
    }

    /// One deadline, for its form.
    pub fn get_deadline(&self, cabinet: Option<&str>, id: i64) -> Result<Deadline> {
        let at = self.at(cabinet)?;
        deadlines::get(&at.store, &at.cabinet, id)
    }

    /// Creates a deadline from its form.
    pub fn create_deadline(&self, cabinet: Option<&str>, draft: &DeadlineDraft) -> Result<Deadline> {
        let mut at = self.at(cabinet)?;
        let done = deadlines::create(&mut at.store, &at.cabinet, draft, at.today, at.now)?;
        self.settled(&at, done)
    }

    /// Saves a deadline's form (the whole record); saved as faite, its alerts stop.
    pub fn update_deadline(&self, cabinet: Option<&str>, id: i64, draft: &DeadlineDraft) -> Result<Deadline> {
        let mut at = self.at(cabinet)?;
        let done = deadlines::update(&mut at.store, &at.cabinet, id, draft, at.today, at.now)?;
        self.settled(&at, done)
    }

    /// Marks a deadline faite (its alerts stop), or back to à faire / dépassée.
    pub fn set_deadline_done(&self, cabinet: Option<&str>, id: i64, done: bool) -> Result<StateChange<Deadline>> {
        let mut at = self.at(cabinet)?;
        let changed = deadlines::set_done(&mut at.store, &at.cabinet, id, done, at.today, at.now)?;
        self.state_change(&at, changed)
    }

    /// What deleting a deadline would take with it.
    pub fn deadline_delete_impact(&self, cabinet: Option<&str>, id: i64) -> Result<Impact> {
        let at = self.at(cabinet)?;
        deadlines::delete_impact(&at.store, &at.cabinet, id)
    }

    /// Deletes a deadline with its notifications; returns what went.
    pub fn delete_deadline(&self, cabinet: Option<&str>, id: i64) -> Result<Impact> {
        let mut at = self.at(cabinet)?;
        let done = deadlines::delete(&mut at.store, &at.cabinet, id, at.today)?;
        self.deleted(&at, done)
    }

    // Document requests.

    /// A page of the document requests table.
    pub fn list_documents(&self, cabinet: Option<&str>, query: &DocumentQuery) -> Result<Page<DocumentRequest>> {
        let at = self.at(cabinet)?;
        documents::list(&at.store, &at.cabinet, query, at.today)
    }

    /// One document request, for its form.
    pub fn get_document(&self, cabinet: Option<&str>, id: i64) -> Result<DocumentRequest> {
        let at = self.at(cabinet)?;
        documents::get(&at.store, &at.cabinet, id)
    }

    /// Creates a document request from its form.
    pub fn create_document(&self, cabinet: Option<&str>, draft: &DocumentDraft) -> Result<DocumentRequest> {
        let mut at = self.at(cabinet)?;
        let done = documents::create(&mut at.store, &at.cabinet, draft, at.today, at.now)?;
        self.settled(&at, done)
    }

    /// Saves a document request's form (the whole record); with a reception date, its alerts
    /// stop.
    pub fn update_document(&self, cabinet: Option<&str>, id: i64, draft: &DocumentDraft) -> Result<DocumentRequest> {
        let mut at = self.at(cabinet)?;
        let done = documents::update(&mut at.store, &at.cabinet, id, draft, at.today, at.now)?;
        self.settled(&at, done)
    }

    /// Marks a document received today in the cabinet (its alerts stop), or missing again.
    pub fn set_document_received(
        &self,
        cabinet: Option<&str>,
        id: i64,
        received: bool,
    ) -> Result<StateChange<DocumentRequest>> {
        let mut at = self.at(cabinet)?;
        let changed = documents::set_received(&mut at.store, &at.cabinet, id, received, at.today, at.now)?;
        self.state_change(&at, changed)
    }

    /// What deleting a document request would take with it.
    pub fn document_delete_impact(&self, cabinet: Option<&str>, id: i64) -> Result<Impact> {
        let at = self.at(cabinet)?;
        documents::delete_impact(&at.store, &at.cabinet, id)
    }

    /// Deletes a document request with its notifications; returns what went.
    pub fn delete_document(&self, cabinet: Option<&str>, id: i64) -> Result<Impact> {
        let mut at = self.at(cabinet)?;
        let done = documents::delete(&mut at.store, &at.cabinet, id, at.today)?;
        self.deleted(&at, done)
    }

    // Tasks.

    /// A page of the tasks table.
    pub fn list_tasks(&self, cabinet: Option<&str>, query: &TaskQuery) -> Result<Page<Task>> {
        let at = self.at(cabinet)?;
        tasks::list(&at.store, &at.cabinet, query)
    }

    /// One task, for its form.
    pub fn get_task(&self, cabinet: Option<&str>, id: i64) -> Result<Task> {
        let at = self.at(cabinet)?;
        tasks::get(&at.store, &at.cabinet, id)
    }

    /// Creates a task from its form.
    pub fn create_task(&self, cabinet: Option<&str>, draft: &TaskDraft) -> Result<Task> {
        let mut at = self.at(cabinet)?;
        let done = tasks::create(&mut at.store, &at.cabinet, draft, at.today, at.now)?;
        self.settled(&at, done)
    }

    /// Saves a task's form (the whole record); saved as terminee, its alerts stop.
    pub fn update_task(&self, cabinet: Option<&str>, id: i64, draft: &TaskDraft) -> Result<Task> {
        let mut at = self.at(cabinet)?;
        let done = tasks::update(&mut at.store, &at.cabinet, id, draft, at.today, at.now)?;
        self.settled(&at, done)
    }

    /// Marks a task terminée (its alerts stop), or back to à faire / en retard.
    pub fn set_task_done(&self, cabinet: Option<&str>, id: i64, done: bool) -> Result<StateChange<Task>> {
        let mut at = self.at(cabinet)?;
        let changed = tasks::set_done(&mut at.store, &at.cabinet, id, done, at.today, at.now)?;
        self.state_change(&at, changed)
    }

    /// What deleting a task would take with it.
    pub fn task_delete_impact(&self, cabinet: Option<&str>, id: i64) -> Result<Impact> {
        let at = self.at(cabinet)?;
        tasks::delete_impact(&at.store, &at.cabinet, id)
    }

    /// Deletes a task with its notifications; returns what went.
    pub fn delete_task(&self, cabinet: Option<&str>, id: i64) -> Result<Impact> {
        let mut at = self.at(cabinet)?;
        let done = tasks::delete(&mut at.store, &at.cabinet, id, at.today)?;
        self.deleted(&at, done)
    }

    // Events.

    /// A page of the events table.
    pub fn list_events(&self, cabinet: Option<&str>, query: &EventQuery) -> Result<Page<CalendarEvent>> {
        let at = self.at(cabinet)?;
        events::list(&at.store, &at.cabinet, query)
    }

    /// One event, for its form.
    pub fn get_event(&self, cabinet: Option<&str>, id: i64) -> Result<CalendarEvent> {
        let at = self.at(cabinet)?;
        events::get(&at.store, &at.cabinet, id)
    }

    /// Creates an event from its form.
    pub fn create_event(&self, cabinet: Option<&str>, draft: &EventDraft) -> Result<CalendarEvent> {
        let mut at = self.at(cabinet)?;
        events::create(&mut at.store, &at.cabinet, draft)
    }

    /// Saves an event's form (the whole record).
    pub fn update_event(&self, cabinet: Option<&str>, id: i64, draft: &EventDraft) -> Result<CalendarEvent> {
        let mut at = self.at(cabinet)?;
        let done = events::update(&mut at.store, &at.cabinet, id, draft, at.today)?;
        self.settled(&at, done)
    }

    /// What deleting an event would take with it.
    pub fn event_delete_impact(&self, cabinet: Option<&str>, id: i64) -> Result<Impact> {
        let at = self.at(cabinet)?;
        events::delete_impact(&at.store, &at.cabinet, id)
    }

    /// Deletes an event with its notifications; returns what went.
    pub fn delete_event(&self, cabinet: Option<&str>, id: i64) -> Result<Impact> {
        let mut at = self.at(cabinet)?;
        let done = events::delete(&mut at.store, &at.cabinet, id, at.today)?;
        self.deleted(&at, done)
    }

    // Staff.

    /// A page of the staff table.
    pub fn list_staff(&self, cabinet: Option<&str>, query: &StaffQuery) -> Result<Page<StaffMember>> {
        let at = self.at(cabinet)?;
        staff::list(&at.store, &at.cabinet, query)
    }

    /// One staff member, for their form.
    pub fn get_staff(&self, cabinet: Option<&str>, id: i64) -> Result<StaffMember> {
        let at = self.at(cabinet)?;
        staff::get(&at.store, &at.cabinet, id)
    }

    /// Adds a staff member from their form, and queues their welcome email (as `vigie import
    /// staff` does) when the cabinet has an email server and the person is active.
    pub fn create_staff(&self, cabinet: Option<&str>, draft: &StaffDraft) -> Result<StaffMember> {
        let mut at = self.at(cabinet)?;
        let member = staff::create(&mut at.store, &at.cabinet, draft, at.now)?;
        let templates = crate::email::templates::Templates::for_data_dir(self.data_dir());
        let welcome = crate::email::welcome::queue_welcome(
            &mut at.store,
            &at.cabinet,
            &[member.id],
            &templates,
            at.today,
            at.now,
        );
        // The person is added either way; a template that cannot be rendered is in the log.
        if let Err(e) = welcome {
            tracing::warn!(staff = member.id, "welcome email not queued: {e}");
        }
        Ok(member)
    }

    /// Saves a staff member's form (the whole record; `active` false deactivates them).
    pub fn update_staff(&self, cabinet: Option<&str>, id: i64, draft: &StaffDraft) -> Result<StaffMember> {
        let mut at = self.at(cabinet)?;
        staff::update(&mut at.store, &at.cabinet, id, draft)
    }

    /// What removing a staff member would do: delete them, or deactivate them (history).
    pub fn staff_removal_impact(&self, cabinet: Option<&str>, id: i64) -> Result<StaffImpact> {
        let at = self.at(cabinet)?;
        staff::removal_impact(&at.store, &at.cabinet, id)
    }

    /// Removes a staff member: deleted without history, else deactivated; returns which.
    pub fn remove_staff(&self, cabinet: Option<&str>, id: i64) -> Result<StaffImpact> {
        let mut at = self.at(cabinet)?;
        staff::remove(&mut at.store, &at.cabinet, id)
    }
}
