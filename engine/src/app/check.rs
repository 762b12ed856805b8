//! Check: detect the four alert kinds, create the notifications, queue their emails.

use crate::app::{AppEvent, Vigie};
use crate::cabinet::Cabinet;
use crate::detect::CheckReport;
use crate::email::templates::Templates;
use crate::error::Result;
use crate::store::Store;
use chrono::{DateTime, NaiveDate, Utc};

/// What a check of one cabinet did.
#[derive(Debug)]
pub struct CabinetCheck {
    /// The cabinet checked.
    pub cabinet: Cabinet,
    /// Notifications created.
    pub report: CheckReport,
    /// Emails queued, or why they were not (they then wait for the next check).
    pub emails: Result<u64>,
}

/// The check's work for one cabinet, as of `date`: detect and commit the notifications, then
/// queue their emails. The emails' outcome comes apart: whatever happens to them, the
/// notifications stand (their emails wait for the next check).
pub fn check_and_queue(
    store: &mut Store,
    cabinet: &Cabinet,
    date: NaiveDate,
    now: DateTime<Utc>,
    templates: &Templates,
) -> Result<(CheckReport, Result<u64>)> {
    let check = crate::detect::check(store, cabinet, date, now)?;
    let emails = crate::email::alerts::queue_pending(store, cabinet, date, templates, now);
    Ok((check, emails))
}

/// Publishes the notifications a check created, then each recipient's new unread count.
pub fn publish(vigie: &Vigie, store: &Store, report: &CheckReport) -> Result<()> {
    if report.new_by_recipient.is_empty() {
        return Ok(());
    }
    vigie.bus().publish(AppEvent::NotificationsCreated {
        cabinet_id: report.cabinet_id,
        by_recipient: report.new_by_recipient.clone(),
    });
    vigie.bus().publish_unread(store, report.cabinet_id, report.new_by_recipient.keys().copied())
}

impl Vigie {
    /// Checks the cabinet named (or every cabinet) as of `at` (default: today in each
    /// cabinet's timezone). Stops at the first cabinet whose detection fails; the cabinets
    /// before it stay checked and published.
    pub fn check(&self, cabinet: Option<&str>, at: Option<NaiveDate>) -> Result<Vec<CabinetCheck>> {
        let templates = Templates::for_data_dir(self.data_dir());
        let mut store = self.store();
        let cabinets = crate::cabinet::select(&store, cabinet)?;
        let mut done = Vec::with_capacity(cabinets.len());
        for cabinet in cabinets {
            let date = at.unwrap_or_else(|| cabinet.today(self.clock().as_ref()));
            let (report, emails) = check_and_queue(&mut store, &cabinet, date, self.clock().now(), &templates)?;
            publish(self, &store, &report)?;
            done.push(CabinetCheck { cabinet, report, emails });
        }
        Ok(done)
    }
}
