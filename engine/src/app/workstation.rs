//! The workstation's user, the demo as a cabinet of its own, quiet hours, muting pop-ups on
//! this computer, and what to pop up now: what the tray app calls.

use crate::app::Vigie;
use crate::app::inbox::UserRef;
use crate::cabinet;
use crate::error::{Error, Result};
use crate::model::Role;
use crate::popups::{self, PopUp};
use crate::quiet::{self, QuietHours};
use crate::settings::pause::Pause;
use crate::staff;
use crate::store::Store;
use crate::workstation::{self, Workstation};
use chrono::{DateTime, Utc};

/// Name of the cabinet "Essayer avec la démo" creates (a number is added when it is taken).
pub const DEMO_CABINET: &str = "Cabinet Démo";

impl Vigie {
    /// This computer's user, if one is set.
    pub fn workstation(&self) -> Result<Option<Workstation>> {
        workstation::get(&self.store())
    }

    /// This computer's user as the inbox functions take it; [`Error::NoWorkstation`] when none.
    pub fn workstation_user(&self) -> Result<UserRef> {
        let user = workstation::get(&self.store())?.ok_or(Error::NoWorkstation)?;
        Ok(UserRef { email: user.member.email, cabinet: Some(user.cabinet.name) })
    }

    /// Makes the staff member with this email (in this cabinet, needed when the email is in
    /// several) this computer's user; an unknown or inactive person is refused.
    pub fn set_workstation(&self, email: &str, cabinet: Option<&str>) -> Result<Workstation> {
        let mut store = self.store();
        let (_, member) = staff::find_user(&store, email, cabinet)?;
        let tx = store.begin_write()?;
        workstation::set(&tx, &member)?;
        tx.commit()?;
        workstation::get(&store)?.ok_or_else(|| Error::Internal("the workstation user just set is gone".into()))
    }

    /// Leaves this computer without a user.
    pub fn clear_workstation(&self) -> Result<()> {
        workstation::clear(self.store().conn())
    }

    /// "Essayer avec la démo": seeds the demo firm as a new cabinet of its own and makes its
    /// expert-comptable this computer's user. Refused while a demo started here still exists.
    pub fn start_demo(&self) -> Result<Workstation> {
        let mut store = self.store();
        if let Some(id) = workstation::demo_cabinet(&store)? {
            return Err(Error::CabinetExists(cabinet::get(&store, id)?.name));
        }
        let name = free_demo_name(&store)?;
        let report = crate::demo::seed(&mut store, self.clock().as_ref(), &name)?;
        let demo = cabinet::resolve(&store, Some(&report.cabinet))?;
        // The first expert seeded: the demo's partner, who sees every kind of alert.
        let expert = staff::list(&store, demo.id)?
            .into_iter()
            .filter(|m| m.role == Role::Expert && m.active)
            .min_by_key(|m| m.id)
            .ok_or_else(|| Error::Internal("the demo firm has no expert-comptable".into()))?;
        let tx = store.begin_write()?;
        workstation::set_demo_cabinet(&tx, demo.id)?;
        workstation::set(&tx, &expert)?;
        tx.commit()?;
        workstation::get(&store)?.ok_or_else(|| Error::Internal("the demo user just set is gone".into()))
    }

    /// "Quitter la démo": deletes the demo cabinet this computer started and everything in it,
    /// leaving this computer without a user if it was the demo's. False when there was none.
    pub fn leave_demo(&self) -> Result<bool> {
        let mut store = self.store();
        let Some(id) = workstation::demo_cabinet(&store)? else { return Ok(false) };
        let tx = store.begin_write()?;
        // Every table refers to its cabinet ON DELETE CASCADE, and the workstation's user and
        // demo columns ON DELETE SET NULL: one statement removes the demo and unsets both.
        tx.execute("DELETE FROM cabinets WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(true)
    }

    /// Mutes pop-ups on this computer until `until` (None: until resumed); the inbox, the
    /// badge and emails go on.
    pub fn mute_popups(&self, until: Option<DateTime<Utc>>) -> Result<Pause> {
        let now = self.clock().now();
        let mute = match until {
            Some(until) if until <= now => {
                return Err(Error::InvalidInput("the end of the mute is already past: give a later time".into()));
            }
            Some(until) => Pause::Until { until },
            None => Pause::Indefinite,
        };
        workstation::set_muted(&self.store(), mute)?;
        Ok(mute)
    }

    /// Shows pop-ups again.
    pub fn resume_popups(&self) -> Result<()> {
        workstation::set_muted(&self.store(), Pause::No)
    }

    /// Whether pop-ups are muted now, and until when ([`Pause::No`] once a mute has ended).
    pub fn popups_muted_until(&self) -> Result<Pause> {
        let mute = workstation::muted(&self.store())?;
        Ok(if mute.holds_at(self.clock().now()) { mute } else { Pause::No })
    }

    /// Tomorrow at 09:00 in the user's cabinet's timezone (Europe/Paris without a user), for
    /// "Jusqu'à demain 9 h".
    pub fn tomorrow_at_nine(&self) -> Result<DateTime<Utc>> {
        let cabinet = match workstation::get(&self.store())? {
            Some(user) => user.cabinet,
            None => cabinet::Cabinet { id: 0, name: String::new(), timezone: chrono_tz::Europe::Paris },
        };
        Ok(popups::tomorrow_at_nine(&cabinet, self.clock().now()))
    }

    /// What the desktop must pop up at `now` for this computer's user; each notification is
    /// returned at most once, ever (see [`crate::popups`]).
    pub fn popups_due(&self, now: DateTime<Utc>) -> Result<Vec<PopUp>> {
        popups::due(&mut self.store(), now)
    }

    /// What the desktop pops up again for notifications whose snooze just ended (`ids`, from
    /// [`crate::app::AppEvent::NotificationsReturned`]).
    pub fn popups_returned(&self, ids: &[i64], now: DateTime<Utc>) -> Result<Vec<PopUp>> {
        popups::returned(&self.store(), ids, now)
    }

    /// A staff member's quiet hours (None: none).
    pub fn quiet_hours(&self, user: &UserRef) -> Result<Option<QuietHours>> {
        let store = self.store();
        let (_, member) = staff::find_user(&store, &user.email, user.cabinet.as_deref())?;
        quiet::get(&store, &member)
    }

    /// Sets (None: removes) a staff member's quiet hours.
    pub fn set_quiet_hours(&self, user: &UserRef, hours: Option<QuietHours>) -> Result<Option<QuietHours>> {
        let store = self.store();
        let (_, member) = staff::find_user(&store, &user.email, user.cabinet.as_deref())?;
        quiet::set(&store, &member, hours)?;
        quiet::get(&store, &member)
    }
}

/// "Cabinet Démo", or "Cabinet Démo 2"… when a cabinet of that name exists already.
fn free_demo_name(store: &Store) -> Result<String> {
    for n in 1..=100 {
        let name = if n == 1 { DEMO_CABINET.to_string() } else { format!("{DEMO_CABINET} {n}") };
        if cabinet::find(store, &name)?.is_none() {
            return Ok(name);
        }
    }
    Err(Error::CabinetExists(DEMO_CABINET.to_string()))
}
