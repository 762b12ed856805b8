//! The firm's data and configuration: cabinets, the demo firm, settings, staff and their
//! alert channels. Thin on purpose: each is one engine call, but every shell goes through here.

use crate::app::Vigie;
use crate::app::inbox::UserRef;
use crate::cabinet::{self, Cabinet};
use crate::demo::DemoReport;
use crate::email::channels::{self, Channels};
use crate::error::Result;
use crate::settings::{self, SettingEntry};
use crate::staff::{self, StaffMember};

impl Vigie {
    /// Creates a cabinet (timezone: an IANA name, default Europe/Paris).
    pub fn add_cabinet(&self, name: &str, timezone: Option<&str>) -> Result<Cabinet> {
        cabinet::add(&self.store(), self.clock().as_ref(), name, timezone)
    }

    /// Every cabinet (none is not an error here).
    pub fn list_cabinets(&self) -> Result<Vec<Cabinet>> {
        cabinet::list(&self.store())
    }

    /// Seeds a demo firm named `name`; with `if_empty`, only into a store holding no cabinet
    /// (None: it held one, nothing was done).
    pub fn seed_demo(&self, name: &str, if_empty: bool) -> Result<Option<DemoReport>> {
        let mut store = self.store();
        if if_empty && !cabinet::list(&store)?.is_empty() {
            return Ok(None);
        }
        crate::demo::seed(&mut store, self.clock().as_ref(), name).map(Some)
    }

    /// Every setting of the cabinet named (the only one when none is named), with its default.
    pub fn settings(&self, cabinet: Option<&str>) -> Result<(Cabinet, Vec<SettingEntry>)> {
        let store = self.store();
        let c = cabinet::resolve(&store, cabinet)?;
        let all = settings::list(&store, c.id)?;
        Ok((c, all))
    }

    /// One setting's value in the cabinet named (the only one when none is named).
    pub fn setting(&self, cabinet: Option<&str>, key: &str) -> Result<String> {
        let store = self.store();
        let c = cabinet::resolve(&store, cabinet)?;
        settings::get(&store, c.id, key)
    }

    /// Changes a setting in the cabinet named (the only one when none is named); an invalid
    /// value is refused with the reason, and nothing changes.
    pub fn set_setting(&self, cabinet: Option<&str>, key: &str, value: &str) -> Result<()> {
        let mut store = self.store();
        let c = cabinet::resolve(&store, cabinet)?;
        settings::set(&mut store, c.id, key, value)
    }

    /// The staff of the cabinet named (the only one when none is named).
    pub fn staff(&self, cabinet: Option<&str>) -> Result<(Cabinet, Vec<StaffMember>)> {
        let store = self.store();
        let c = cabinet::resolve(&store, cabinet)?;
        let all = staff::list(&store, c.id)?;
        Ok((c, all))
    }

    /// How a staff member is alerted, per kind of alert.
    pub fn channels(&self, user: &UserRef) -> Result<Vec<Channels>> {
        let store = self.store();
        let (_, member) = staff::find_user(&store, &user.email, user.cabinet.as_deref())?;
        channels::list(&store, &member)
    }

    /// Turns a staff member's email or pop-up alerts of one kind on or off (None: unchanged);
    /// returns every kind's channels after the change.
    pub fn set_channels(
        &self,
        user: &UserRef,
        kind: &str,
        email: Option<bool>,
        popup: Option<bool>,
    ) -> Result<Vec<Channels>> {
        let store = self.store();
        let (_, member) = staff::find_user(&store, &user.email, user.cabinet.as_deref())?;
        channels::set(&store, &member, kind, email, popup)?;
        channels::list(&store, &member)
    }
}

impl Vigie {
    /// How the staff member `staff_id` of the cabinet named is alerted, per kind (the settings
    /// screen's person picker); an id of another cabinet is `not_found`.
    pub fn staff_channels(&self, cabinet: Option<&str>, staff_id: i64) -> Result<Vec<Channels>> {
        let store = self.store();
        let c = cabinet::resolve(&store, cabinet)?;
        let member = crate::firm::staff::get(&store, &c, staff_id)?;
        channels::list(&store, &member)
    }

    /// Turns the email or pop-up alerts of one kind on or off (None: unchanged) for the staff
    /// member `staff_id` of the cabinet named; every kind's channels after the change.
    pub fn set_staff_channels(
        &self,
        cabinet: Option<&str>,
        staff_id: i64,
        kind: &str,
        email: Option<bool>,
        popup: Option<bool>,
    ) -> Result<Vec<Channels>> {
        let store = self.store();
        let c = cabinet::resolve(&store, cabinet)?;
        let member = crate::firm::staff::get(&store, &c, staff_id)?;
        channels::set(&store, &member, kind, email, popup)?;
        channels::list(&store, &member)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::FixedClock;
    use std::sync::Arc;

    #[test]
    fn the_demo_is_seeded_once_when_asked_only_into_an_empty_store() {
        let dir = tempfile::tempdir().unwrap();
        let now = crate::store::parse_instant("2026-11-25T08:00:00Z").unwrap();
        let vigie = Vigie::open(dir.path(), Arc::new(FixedClock::new(now))).unwrap();
        assert!(vigie.list_cabinets().unwrap().is_empty());
        assert!(vigie.seed_demo("Cabinet Démo", true).unwrap().is_some());
        assert!(vigie.seed_demo("Cabinet Démo", true).unwrap().is_none());
        let (cabinet, staff) = vigie.staff(None).unwrap();
        assert_eq!((cabinet.name.as_str(), staff.is_empty()), ("Cabinet Démo", false));
        vigie.set_setting(None, "jobs.history_retention_days", "30").unwrap();
        assert_eq!(vigie.setting(None, "jobs.history_retention_days").unwrap(), "30");
    }

    #[test]
    fn a_staff_members_channels_are_read_and_set_by_id_within_the_cabinet_only() {
        let dir = tempfile::tempdir().unwrap();
        let now = crate::store::parse_instant("2026-11-25T08:00:00Z").unwrap();
        let vigie = Vigie::open(dir.path(), Arc::new(FixedClock::new(now))).unwrap();
        vigie.seed_demo("Cabinet Démo", false).unwrap();
        vigie.add_cabinet("Autre", None).unwrap();
        let (_, staff) = vigie.staff(Some("Cabinet Démo")).unwrap();
        let id = staff[1].id;
        let all = vigie.staff_channels(Some("Cabinet Démo"), id).unwrap();
        assert!(all.iter().all(|c| c.email && c.popup), "on by default");
        let after = vigie.set_staff_channels(Some("Cabinet Démo"), id, "taches_retard", None, Some(false)).unwrap();
        let late = after.iter().find(|c| c.kind == "taches_retard").unwrap();
        assert_eq!((late.email, late.popup), (true, false));
        assert_eq!(vigie.staff_channels(Some("Cabinet Démo"), id).unwrap(), after);
        let elsewhere = vigie.staff_channels(Some("Autre"), id).unwrap_err();
        assert_eq!(elsewhere.code(), crate::error::ErrorCode::NotFound);
        assert!(vigie.set_staff_channels(Some("Autre"), id, "taches_retard", Some(false), None).is_err());
        assert!(vigie.set_staff_channels(Some("Cabinet Démo"), id, "secret", Some(false), None).is_err());
    }
}
