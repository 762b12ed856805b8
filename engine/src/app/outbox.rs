//! The outbox as a person acts on it: send what is due now, list, retry, purge.

use crate::app::{AppEvent, Vigie};
use crate::cabinet::{self, Cabinet};
use crate::email::outbox::{self, OutboxRow, OutboxStatus, SendReport};
use crate::email::worker;
use crate::error::Result;
use chrono::{NaiveDate, NaiveTime};

impl Vigie {
    /// Sends every email due now, on a connection of its own (the shell's store stays free
    /// meanwhile), and publishes the pass's counts.
    pub async fn send_outbox(&self) -> Result<SendReport> {
        let report = outbox::send_due(self.store_path(), self.clock().as_ref()).await?;
        publish_progress(self.bus(), &report);
        Ok(report)
    }

    /// Runs the outbox worker beside `daemon`'s jobs (it sends what they queue), each pass's
    /// counts published on the bus. Call it first after starting the scheduler: the worker
    /// takes the daemon's first subscription, which sees every event since start.
    pub fn spawn_outbox_worker(&self, daemon: &mut crate::schedule::Daemon) {
        let events = daemon.subscribe();
        let (path, clock, bus) = (self.store_path().to_path_buf(), self.clock().clone(), self.bus().clone());
        let progress: worker::Progress = Box::new(move |report| publish_progress(&bus, report));
        daemon.spawn_worker(move |shutdown| worker::run(path, clock, shutdown, events, Some(progress)));
    }

    /// Outbox rows, newest first, at most `limit`, of one status and of the cabinet named
    /// (None: every cabinet).
    pub fn outbox(&self, cabinet: Option<&str>, status: Option<OutboxStatus>, limit: u32) -> Result<Vec<OutboxRow>> {
        let store = self.store();
        let cabinet_id = named(&store, cabinet)?.map(|c| c.id);
        outbox::list(&store, status, cabinet_id, limit)
    }

    /// Queues an email again now (a failed one, or a queued one sooner), if it is in the
    /// cabinet named (None: any cabinet).
    pub fn retry_email(&self, id: i64, cabinet: Option<&str>) -> Result<()> {
        let store = self.store();
        let cabinet_id = named(&store, cabinet)?.map(|c| c.id);
        outbox::retry(&store, id, cabinet_id, self.clock().now())
    }

    /// Deletes the emails sent before the start of `day`: the cabinet's midnight when one is
    /// named, UTC midnight across cabinets. Returns how many.
    pub fn purge_sent_emails(&self, day: NaiveDate, cabinet: Option<&str>) -> Result<u64> {
        let store = self.store();
        let midnight = day.and_time(NaiveTime::MIN);
        let (cabinet_id, before) = match named(&store, cabinet)? {
            Some(c) => (Some(c.id), c.local_to_utc(midnight)),
            None => (None, midnight.and_utc()),
        };
        outbox::purge_sent(&store, cabinet_id, before)
    }
}

/// The cabinet named, or None when none is (unlike `resolve`, no name means every cabinet).
fn named(store: &crate::store::Store, name: Option<&str>) -> Result<Option<Cabinet>> {
    name.map(|n| cabinet::resolve(store, Some(n))).transpose()
}

/// Publishes what a pass over the outbox did.
fn publish_progress(bus: &crate::app::Bus, report: &SendReport) {
    bus.publish(AppEvent::OutboxProgress {
        cabinet_id: None,
        sent: report.sent,
        retried: report.retried,
        failed: report.failed,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::FixedClock;
    use std::sync::Arc;

    #[tokio::test]
    async fn a_pass_over_the_outbox_is_published_on_the_bus() {
        let dir = tempfile::tempdir().unwrap();
        let now = crate::store::parse_instant("2026-11-25T09:00:00Z").unwrap();
        let vigie = Vigie::open(dir.path(), Arc::new(FixedClock::new(now))).unwrap();
        let mut sub = vigie.subscribe().unwrap();
        let report = vigie.send_outbox().await.unwrap();
        assert_eq!((report.sent, report.retried, report.failed), (0, 0, 0));
        let event = tokio::time::timeout(std::time::Duration::from_secs(5), sub.events.recv()).await.unwrap();
        assert!(matches!(event, Ok(AppEvent::OutboxProgress { cabinet_id: None, sent: 0, .. })), "{event:?}");
    }
}
