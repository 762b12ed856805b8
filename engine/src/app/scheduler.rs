//! The scheduler embedded in a shell: its events reach the application's bus, so a shell
//! listens to one stream whatever changed the store.

use crate::app::{AppEvent, Bus, Vigie};
use crate::error::Result;
use crate::schedule::{Daemon, DaemonOptions, Event};
use crate::store::Store;
use std::path::PathBuf;
use tokio::sync::broadcast;

impl Vigie {
    /// Starts the scheduler on this handle's store (inside a tokio runtime) and forwards its
    /// events to the bus, with each recipient's unread count after a check. The daemon's own
    /// `subscribe` keeps working (the outbox worker takes its first subscriber).
    pub fn start_scheduler(&self, options: DaemonOptions) -> Result<Daemon> {
        let (daemon, tap) = Daemon::start_tapped(self.store_path(), self.clock().clone(), options)?;
        tokio::spawn(forward(tap, self.bus().clone(), self.store_path().to_path_buf()));
        Ok(daemon)
    }
}

/// Forwards until the daemon is gone (its channel then closes), so that the last runs of a
/// stop still reach the bus.
async fn forward(mut events: broadcast::Receiver<Event>, bus: Bus, store_path: PathBuf) {
    // Its own connection: the shell's one may be busy with a long request.
    let store = match Store::open(&store_path) {
        Ok(store) => Some(store),
        Err(e) => {
            tracing::error!(error = %e, "unread counts will not follow the scheduler's checks");
            None
        }
    };
    loop {
        match events.recv().await {
            Ok(event) => relay(&bus, store.as_ref(), event),
            // Too slow to keep up: the next events still come; shells re-read counts on a
            // fresh subscription if they care.
            Err(broadcast::error::RecvError::Lagged(missed)) => {
                tracing::warn!(missed, "events of the scheduler were missed on the bus");
            }
            Err(broadcast::error::RecvError::Closed) => return,
        }
    }
}

/// Publishes a scheduler event, then each recipient's unread count after a check.
pub(crate) fn relay(bus: &Bus, store: Option<&Store>, event: Event) {
    let created = match &event {
        Event::NotificationsCreated { cabinet_id, by_recipient } => {
            Some((*cabinet_id, by_recipient.keys().copied().collect::<Vec<_>>()))
        }
        _ => None,
    };
    bus.publish(AppEvent::from(event));
    if let (Some((cabinet_id, recipients)), Some(store)) = (created, store)
        && let Err(e) = bus.publish_unread(store, cabinet_id, recipients)
    {
        tracing::error!(error = %e, "unread counts after a scheduled check were not published");
    }
}
