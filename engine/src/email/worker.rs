//! The outbox worker the daemon (and the desktop app) run beside the scheduler: it sends what
//! is due, then sleeps until a job finishes (new emails may be queued) or a while has passed.

use super::outbox;
use crate::clock::Clock;
use crate::schedule::{Event, Shutdown};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast;

/// Longest wait between two passes: a pass opens the store, so an idle app does it at most
/// once a minute (a finished job, which may have queued emails, wakes it sooner).
const IDLE: Duration = Duration::from_secs(60);

/// Told what each pass that did something sent (the app publishes it on its bus).
pub type Progress = Box<dyn Fn(&outbox::SendReport) + Send + Sync>;

/// Sends due emails until `shutdown`; a pass that fails is logged and the worker goes on.
/// `progress` hears of every pass that sent, retried or gave up on an email.
pub async fn run(
    store_path: PathBuf,
    clock: Arc<dyn Clock>,
    mut shutdown: Shutdown,
    mut events: broadcast::Receiver<Event>,
    progress: Option<Progress>,
) {
    loop {
        let path = store_path.clone();
        let pass_clock = clock.clone();
        let pass_shutdown = shutdown.clone();
        // A task of its own, so that a panic in a pass is logged and the worker goes on.
        let pass = tokio::spawn(async move {
            // A stop is heard between two emails, so a long queue does not hold up the shutdown.
            outbox::send_due_until(&path, pass_clock.as_ref(), &|| pass_shutdown.is_stopping()).await
        })
        .await;
        match pass {
            Ok(Ok(report)) if report != outbox::SendReport::default() => {
                tracing::info!(sent = report.sent, retried = report.retried, failed = report.failed, "outbox pass");
                if let Some(progress) = &progress {
                    progress(&report);
                }
            }
            Ok(Ok(_)) => {}
            Ok(Err(e)) => tracing::error!(error = %e, "outbox pass failed"),
            Err(e) => tracing::error!(error = %e, "outbox pass panicked"),
        }
        if shutdown.is_stopping() {
            return;
        }
        let idle = clock_to_real(clock.as_ref(), IDLE);
        tokio::select! {
            _ = shutdown.stopped() => return,
            _ = wait_for_finished_job(&mut events) => {}
            _ = tokio::time::sleep(idle) => {}
        }
    }
}

/// Waits until some job finishes (it may have queued emails).
async fn wait_for_finished_job(events: &mut broadcast::Receiver<Event>) {
    loop {
        match events.recv().await {
            Ok(Event::JobFinished { .. }) | Err(broadcast::error::RecvError::Lagged(_)) => return,
            Ok(_) => {}
            // The scheduler is gone; only the timer or shutdown can wake us now.
            Err(broadcast::error::RecvError::Closed) => std::future::pending::<()>().await,
        }
    }
}

/// The real time `wait` of clock time takes (a test clock may run faster than real time).
fn clock_to_real(clock: &dyn Clock, wait: Duration) -> Duration {
    let clock_wait = chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::seconds(30));
    clock.real_duration(clock_wait).max(Duration::from_millis(50))
}
