//! Keeps the tray, the title, the pop-ups and the window in step with the store: the engine's
//! event bus (this process's checks and clicks, the embedded scheduler) and the store watch
//! (another process's `vigie check` or daemon) feed one loop; ended snoozes are brought back at
//! their time.

use crate::events::InboxChanged;
use crate::{popups, tray, window};
use std::sync::Arc;
use tauri::{AppHandle, Manager, Runtime};
use tauri_specta::Event;
use tokio::sync::{Mutex, Notify, broadcast};
use vigie::app::{AppEvent, StoreWatch, Vigie};
use vigie::schedule::{Daemon, DaemonOptions};

/// The longest the snooze waker sleeps, in clock time: a snooze set by another process is
/// noticed within this.
const SNOOZE_LOOK: chrono::Duration = chrono::Duration::seconds(60);

/// The scheduler and the store watch, kept until "Quitter".
#[derive(Default)]
pub struct Running {
    daemon: Mutex<Option<Daemon>>,
    watch: std::sync::Mutex<Option<StoreWatch>>,
    /// Wakes the snooze waker and refreshes the badge (the user changed, a snooze was set).
    nudge: Arc<Notify>,
}

impl Running {
    /// Stops the scheduler, letting a running job finish (as the daemon does on SIGTERM).
    pub async fn stop(&self) {
        if let Some(daemon) = self.daemon.lock().await.take() {
            daemon.stop().await;
        }
        self.watch.lock().unwrap_or_else(|e| e.into_inner()).take();
    }

    /// Refreshes the badge and looks at snoozes again (the workstation's user changed).
    pub fn nudge(&self) {
        self.nudge.notify_waiters();
    }
}

/// Starts the scheduler, the outbox worker, the store watch and the loop, once the store is open.
pub fn start<R: Runtime>(app: &AppHandle<R>, vigie: Arc<Vigie>) {
    let running = app.state::<Running>();
    match vigie.watch_store() {
        Ok(watch) => *running.watch.lock().unwrap_or_else(|e| e.into_inner()) = Some(watch),
        Err(e) => tracing::warn!("changes made by other programs will show late or not at all: {e}"),
    }
    let subscription = match vigie.subscribe() {
        Ok(subscription) => subscription,
        Err(e) => {
            tracing::error!("the tray and the window will not follow changes: {e}");
            return;
        }
    };
    refresh(app, &vigie, 0);
    // Pop-ups muted before a restart stay muted: "Reprendre les pop-ups" says so.
    match vigie.popups_muted_until() {
        Ok(pause) => tray::show_muted(app, &pause),
        Err(e) => tracing::warn!("the pop-up mute cannot be read: {e}"),
    }
    show_due_popups(app, &vigie);
    let nudge = running.nudge.clone();
    tauri::async_runtime::spawn(listen(app.clone(), vigie.clone(), subscription.events, nudge.clone()));
    tauri::async_runtime::spawn(wake_snoozes(vigie.clone(), nudge));
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let options = DaemonOptions { owner_label: "app".into(), ..DaemonOptions::default() };
        match vigie.start_scheduler(options) {
            Ok(mut daemon) => {
                vigie.spawn_outbox_worker(&mut daemon);
                *app.state::<Running>().daemon.lock().await = Some(daemon);
            }
            Err(e) => tracing::error!("the scheduler did not start: no checks or emails from this app: {e}"),
        }
    });
}

/// This computer's user as (cabinet id, staff id).
fn user(vigie: &Vigie) -> Option<(i64, i64)> {
    match vigie.workstation() {
        Ok(user) => user.map(|u| (u.cabinet.id, u.member.id)),
        Err(e) => {
            tracing::warn!("the workstation's user cannot be read: {e}");
            None
        }
    }
}

/// Reads the user's unread count and shows it on the tray, the title and the window.
fn refresh<R: Runtime>(app: &AppHandle<R>, vigie: &Vigie, arrived: u32) {
    let unread = match vigie.workstation_user().and_then(|who| vigie.unread_count(&who)) {
        Ok(n) => u32::try_from(n).unwrap_or(u32::MAX),
        Err(vigie::Error::NoWorkstation) => 0,
        Err(e) => {
            tracing::warn!("the unread count cannot be read: {e}");
            return;
        }
    };
    show(app, unread, arrived);
}

fn show<R: Runtime>(app: &AppHandle<R>, unread: u32, arrived: u32) {
    tray::show_unread(app, unread);
    window::show_unread(app, unread);
    let _ = (InboxChanged { unread, arrived }).emit(app);
}

fn show_due_popups<R: Runtime>(app: &AppHandle<R>, vigie: &Vigie) -> u32 {
    match vigie.popups_due(vigie.clock().now()) {
        Ok(due) => {
            let n = u32::try_from(due.len()).unwrap_or(u32::MAX);
            popups::show(app, due);
            n
        }
        Err(e) => {
            tracing::warn!("pop-ups could not be read: {e}");
            0
        }
    }
}

async fn listen<R: Runtime>(
    app: AppHandle<R>,
    vigie: Arc<Vigie>,
    mut events: broadcast::Receiver<AppEvent>,
    nudge: Arc<Notify>,
) {
    loop {
        let event = tokio::select! {
            event = events.recv() => event,
            () = nudge.notified() => {
                refresh(&app, &vigie, 0);
                continue;
            }
        };
        match event {
            Ok(AppEvent::UnreadChanged { cabinet_id, staff_id, unread }) => {
                if user(&vigie) == Some((cabinet_id, staff_id)) {
                    show(&app, u32::try_from(unread).unwrap_or(u32::MAX), 0);
                    // A snooze may have been set: the waker looks at the next end again.
                    nudge.notify_waiters();
                }
            }
            Ok(AppEvent::NotificationsCreated { cabinet_id, by_recipient }) => {
                if let Some((c, s)) = user(&vigie)
                    && c == cabinet_id
                    && by_recipient.contains_key(&s)
                {
                    let arrived = by_recipient.get(&s).map_or(0, Vec::len);
                    show_due_popups(&app, &vigie);
                    refresh(&app, &vigie, u32::try_from(arrived).unwrap_or(u32::MAX));
                }
            }
            Ok(AppEvent::NotificationsReturned { cabinet_id, by_recipient }) => {
                if let Some((c, s)) = user(&vigie)
                    && c == cabinet_id
                    && let Some(ids) = by_recipient.get(&s)
                {
                    match vigie.popups_returned(ids, vigie.clock().now()) {
                        Ok(back) => popups::show(&app, back),
                        Err(e) => tracing::warn!("returned snoozes were not popped up: {e}"),
                    }
                    refresh(&app, &vigie, u32::try_from(ids.len()).unwrap_or(u32::MAX));
                }
            }
            Ok(_) => {}
            // Fell behind (a burst of events): the counts are read afresh.
            Err(broadcast::error::RecvError::Lagged(_)) => refresh(&app, &vigie, 0),
            Err(broadcast::error::RecvError::Closed) => return,
        }
    }
}

/// Brings snoozed notifications back when their snooze ends: sleeps until the next end (at most
/// a minute of clock time, so a snooze set elsewhere is seen), woken early by a nudge.
async fn wake_snoozes(vigie: Arc<Vigie>, nudge: Arc<Notify>) {
    loop {
        let now = vigie.clock().now();
        let wait = match vigie.next_snooze_end() {
            Ok(Some(end)) => (end - now).clamp(chrono::Duration::zero(), SNOOZE_LOOK),
            Ok(None) => SNOOZE_LOOK,
            Err(e) => {
                tracing::warn!("snoozes cannot be read: {e}");
                SNOOZE_LOOK
            }
        };
        tokio::select! {
            () = tokio::time::sleep(vigie.clock().real_duration(wait)) => {}
            () = nudge.notified() => {}
        }
        // Publishes NotificationsReturned, which `listen` pops up.
        if let Err(e) = vigie.wake_snoozed() {
            tracing::warn!("ended snoozes were not brought back: {e}");
        }
    }
}
