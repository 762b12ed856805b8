//! A staff member's inbox: list, open, mark read or unread, mark all read, tab counts, unread
//! count (snoozes and the archive are in `snooze.rs`).

use crate::app::{AppEvent, Vigie};
use crate::cabinet::Cabinet;
use crate::error::Result;
use crate::inbox::{self, Filter, Notification, Subject, Tab, TabCounts};
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
    pub(crate) fn of(store: &Store, member: &StaffMember) -> Result<Unread> {
        Ok(Unread { cabinet_id: member.cabinet_id, staff_id: member.id, unread: inbox::unread_count(store, member)? })
    }

    pub(crate) fn event(self) -> AppEvent {
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

/// One notification with its subject, marked read at `now`; returns the unread count after it.
pub fn open(store: &Store, who: &UserRef, id: i64, now: &str) -> Result<(Subject, Unread)> {
    let (_, member) = user(store, who)?;
    inbox::mark_read(store, &member, id, now)?;
    let subject = inbox::subject(store, &member, id)?;
    Ok((subject, Unread::of(store, &member)?))
}

/// Marks one notification unread again; returns the unread count after it.
pub fn mark_unread(store: &Store, who: &UserRef, id: i64) -> Result<Unread> {
    let (_, member) = user(store, who)?;
    inbox::mark_unread(store, &member, id)?;
    Unread::of(store, &member)
}

/// Marks read the unread notifications of one tab at `now`; returns how many, and the count.
pub fn mark_all_read_in(store: &Store, who: &UserRef, tab: Tab, now: &str) -> Result<(u64, Unread)> {
    let (_, member) = user(store, who)?;
    let marked = inbox::mark_all_read_in(store, &member, tab, now)?;
    Ok((marked, Unread::of(store, &member)?))
}

/// Every tab's count.
pub fn counts(store: &Store, who: &UserRef) -> Result<TabCounts> {
    let (_, member) = user(store, who)?;
    inbox::counts(store, &member)
}

/// How many of the user's notifications are unread.
pub fn unread_count(store: &Store, who: &UserRef) -> Result<u64> {
    let (_, member) = user(store, who)?;
    inbox::unread_count(store, &member)
}

impl Vigie {
    /// The user's notifications, newest first (ended snoozes are brought back first).
    pub fn notifications(&self, who: &UserRef, filter: &Filter) -> Result<InboxPage> {
        self.wake_snoozed()?;
        list(&self.store(), who, filter)
    }

    /// Every tab's count for the user (ended snoozes are brought back first).
    pub fn tab_counts(&self, who: &UserRef) -> Result<TabCounts> {
        self.wake_snoozed()?;
        counts(&self.store(), who)
    }

    /// Opens a notification: its subject, and it is marked read (the new count is published).
    pub fn open_notification(&self, who: &UserRef, id: i64) -> Result<Subject> {
        let now = instant_text(self.clock().now());
        let (subject, unread) = open(&self.store(), who, id, &now)?;
        self.bus().publish(unread.event());
        Ok(subject)
    }

    /// Marks one notification unread again and publishes the user's new unread count.
    pub fn mark_unread(&self, who: &UserRef, id: i64) -> Result<Unread> {
        let unread = mark_unread(&self.store(), who, id)?;
        self.bus().publish(unread.event());
        Ok(unread)
    }

    /// Marks read the unread notifications of one tab, publishes the new count, and returns
    /// how many were marked.
    pub fn mark_all_read_in(&self, who: &UserRef, tab: Tab) -> Result<u64> {
        let now = instant_text(self.clock().now());
        let (marked, unread) = mark_all_read_in(&self.store(), who, tab, &now)?;
        self.bus().publish(unread.event());
        Ok(marked)
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
