//! Snoozing and archiving notifications, and bringing ended snoozes back.

use crate::app::inbox::{Unread, UserRef, user};
use crate::app::jobs::When;
use crate::app::{AppEvent, Vigie};
use crate::error::Result;
use crate::inbox::{self, Woken};
use crate::store::instant_text;
use std::collections::BTreeMap;

impl Vigie {
    /// Hides a notification until `until` (a local time is read in the user's cabinet;
    /// refused when already past), then publishes the user's unread count; it comes back by
    /// itself, unread, once the snooze ends.
    pub fn snooze(&self, who: &UserRef, id: i64, until: When) -> Result<Unread> {
        let now = self.clock().now();
        let store = self.store();
        let (cabinet, member) = user(&store, who)?;
        inbox::snooze(&store, &member, id, until.at(&cabinet), now, cabinet.timezone)?;
        let unread = Unread::of(&store, &member)?;
        self.bus().publish(unread.event());
        Ok(unread)
    }

    /// Brings a snoozed notification back now, and publishes the user's unread count.
    pub fn unsnooze(&self, who: &UserRef, id: i64) -> Result<Unread> {
        let store = self.store();
        let (_, member) = user(&store, who)?;
        inbox::unsnooze(&store, &member, id)?;
        let unread = Unread::of(&store, &member)?;
        self.bus().publish(unread.event());
        Ok(unread)
    }

    /// Archives a notification, and publishes the user's unread count.
    pub fn archive(&self, who: &UserRef, id: i64) -> Result<Unread> {
        let now = instant_text(self.clock().now());
        let store = self.store();
        let (_, member) = user(&store, who)?;
        inbox::archive(&store, &member, id, &now)?;
        let unread = Unread::of(&store, &member)?;
        self.bus().publish(unread.event());
        Ok(unread)
    }

    /// Takes a notification out of the archive, and publishes the user's unread count.
    pub fn unarchive(&self, who: &UserRef, id: i64) -> Result<Unread> {
        let store = self.store();
        let (_, member) = user(&store, who)?;
        inbox::unarchive(&store, &member, id)?;
        let unread = Unread::of(&store, &member)?;
        self.bus().publish(unread.event());
        Ok(unread)
    }

    /// Brings back every notification whose snooze ended, publishing `NotificationsReturned`
    /// per cabinet and each recipient's unread count. Shells call it on a timer (once a
    /// minute); listing and counting call it too, so a read never shows an ended snooze hidden.
    pub fn wake_snoozed(&self) -> Result<Vec<Woken>> {
        let now = self.clock().now();
        let store = self.store();
        let woken = inbox::wake_snoozed(&store, now)?;
        let mut by_cabinet: BTreeMap<i64, BTreeMap<i64, Vec<i64>>> = BTreeMap::new();
        for w in &woken {
            by_cabinet.entry(w.cabinet_id).or_default().entry(w.recipient_id).or_default().push(w.id);
        }
        for (cabinet_id, by_recipient) in by_cabinet {
            let recipients: Vec<i64> = by_recipient.keys().copied().collect();
            self.bus().publish(AppEvent::NotificationsReturned { cabinet_id, by_recipient });
            self.bus().publish_unread(&store, cabinet_id, recipients)?;
        }
        Ok(woken)
    }

    /// When the next snooze ends (None: nothing is snoozed).
    pub fn next_snooze_end(&self) -> Result<Option<chrono::DateTime<chrono::Utc>>> {
        inbox::next_snooze_end(&self.store())
    }
}
