//! A staff member's inbox: list, mark read, mark all read, unread count.

use crate::app::{AppEvent, Vigie};
use crate::cabinet::Cabinet;
use crate::error::Result;
use crate::inbox::{self, Filter, Notification};
use crate::staff::{self, StaffMember};
use crate::store::{Store, instant_text};
use serde::{Deserialize, Serialize};

/// Who is asking: an email, and the cabinet when the email is in several.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserRef {
    /// The staff member's email.
    pub email: String,
    /// The cabinet's name (needed when the email is in several cabinets).
    #[serde(default)]
    pub cabinet: Option<String>,
}

/// A user's notifications, with the cabinet they belong to (for its timezone).
#[derive(Debug, Clone)]
pub struct InboxPage {
    /// The user's cabinet.
    pub cabinet: Cabinet,
    /// Newest first.
    pub notifications: Vec<Notification>,
}

/// The user's unread count after a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Unread {
    /// Cabinet id.
    pub cabinet_id: i64,
    /// Staff member id.
    pub staff_id: i64,
    /// Unread notifications now.
    pub unread: u64,
}

impl Unread {
    fn of(store: &Store, member: &StaffMember) -> Result<Unread> {
        Ok(Unread { cabinet_id: member.cabinet_id, staff_id: member.id, unread: inbox::unread_count(store, member)? })
    }

    fn event(self) -> AppEvent {
        AppEvent::UnreadChanged { cabinet_id: self.cabinet_id, staff_id: self.staff_id, unread: self.unread }
    }
}

/// Finds the user (the email must be unique across the store when no cabinet is given).
pub fn user(store: &Store, who: &UserRef) -> Result<(Cabinet, StaffMember)> {
    staff::find_user(store, &who.email, who.cabinet.as_deref())
}

/// The user's notifications, newest first.
pub fn list(store: &Store, who: &UserRef, filter: &Filter) -> Result<InboxPage> {
    let (cabinet, member) = user(store, who)?;
    Ok(InboxPage { cabinet, notifications: inbox::list(store, &member, filter)? })
}

/// Marks one of the user's notifications read at `now`; returns their unread count after it.
pub fn mark_read(store: &Store, who: &UserRef, id: i64, now: &str) -> Result<Unread> {
    let (_, member) = user(store, who)?;
    inbox::mark_read(store, &member, id, now)?;
    Unread::of(store, &member)
}

/// Marks all of the user's notifications read at `now`; returns how many were unread, and the
/// count after it.
pub fn mark_all_read(store: &Store, who: &UserRef, now: &str) -> Result<(u64, Unread)> {
    let (_, member) = user(store, who)?;
    let marked = inbox::mark_all_read(store, &member, now)?;
    Ok((marked, Unread::of(store, &member)?))
}

/// How many of the user's notifications are unread.
pub fn unread_count(store: &Store, who: &UserRef) -> Result<u64> {
    let (_, member) = user(store, who)?;
    inbox::unread_count(store, &member)
}

impl Vigie {
    /// The user's notifications, newest first.
    pub fn notifications(&self, who: &UserRef, filter: &Filter) -> Result<InboxPage> {
        list(&self.store(), who, filter)
    }

    /// Marks one notification read and publishes the user's new unread count.
    pub fn mark_read(&self, who: &UserRef, id: i64) -> Result<Unread> {
        let now = instant_text(self.clock().now());
        let unread = mark_read(&self.store(), who, id, &now)?;
        self.bus().publish(unread.event());
        Ok(unread)
    }

    /// Marks all of the user's notifications read, publishes their unread count (0), and
    /// returns how many were unread.
    pub fn mark_all_read(&self, who: &UserRef) -> Result<u64> {
        let now = instant_text(self.clock().now());
        let (marked, unread) = mark_all_read(&self.store(), who, &now)?;
        self.bus().publish(unread.event());
        Ok(marked)
    }

    /// How many of the user's notifications are unread.
    pub fn unread_count(&self, who: &UserRef) -> Result<u64> {
        unread_count(&self.store(), who)
    }
}
