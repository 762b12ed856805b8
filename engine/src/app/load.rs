//! Seeing the load: the deadlines calendar and each person's workload, as of the cabinet's
//! today on the injected clock. Both read only; see [`crate::firm::calendar`] and
//! [`crate::firm::workload`].

use crate::app::Vigie;
use crate::cabinet;
use crate::error::Result;
use crate::firm::calendar::{self, CalendarFilter, DeadlineCalendar};
use crate::firm::workload::{self, Workload};
use chrono::NaiveDate;

impl Vigie {
    /// The cabinet's deadlines due from `from` to `to` (both included, at most 62 days apart),
    /// grouped by day, each with how close it is; filtered by person and kind.
    pub fn deadline_calendar(
        &self,
        cabinet: Option<&str>,
        from: NaiveDate,
        to: NaiveDate,
        filter: &CalendarFilter,
    ) -> Result<DeadlineCalendar> {
        let store = self.store();
        let cabinet = cabinet::resolve(&store, cabinet)?;
        let today = cabinet.today(self.clock().as_ref());
        calendar::deadline_calendar(&store, &cabinet, from, to, filter, today)
    }

    /// Per active staff member, the open deadlines and tasks late, due in the next 7 days and
    /// in the next 30 days; and those nobody active is assigned to.
    pub fn workload(&self, cabinet: Option<&str>) -> Result<Workload> {
        let store = self.store();
        let cabinet = cabinet::resolve(&store, cabinet)?;
        let today = cabinet.today(self.clock().as_ref());
        workload::workload(&store, &cabinet, today)
    }
}
