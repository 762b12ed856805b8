//! `daemon`: the scheduler headless, for a server or a workstation without the tray app.

use crate::Context;
use crate::args::DaemonArgs;
use std::time::Duration;
use vigie::schedule::DaemonOptions;

pub fn run(ctx: Context, args: DaemonArgs) -> vigie::Result<()> {
    if !(args.stop_grace.is_finite() && args.stop_grace >= 0.0) {
        return Err(vigie::Error::InvalidInput("--stop-grace expects a number of seconds, 0 or more".into()));
    }
    let _flush_logs = vigie::logs::start(&vigie::logs::dir(&ctx.data_dir))?;
    let io = |source| vigie::Error::Io { path: ctx.data_dir.clone(), source };
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().map_err(io)?;
    let options = DaemonOptions { stop_grace: Duration::from_secs_f64(args.stop_grace), ..DaemonOptions::default() };
    runtime.block_on(async {
        // Listening before anything starts: a SIGTERM right after launch still stops cleanly.
        let mut stop = StopSignals::listen().map_err(io)?;
        // The application's scheduler: its events reach the bus (nobody listens headless, but
        // it runs as in the desktop app); the daemon's first subscriber still gets them all.
        let mut daemon = ctx.vigie.start_scheduler(options)?;
        // The outbox worker sends what the jobs queue, in the same process.
        ctx.vigie.spawn_outbox_worker(&mut daemon);
        // Each run opens its own connection; the handle's one is not needed any more.
        drop(ctx.vigie);
        let signal = stop.received().await;
        tracing::info!("{signal} received: stopping");
        daemon.stop().await;
        Ok(())
    })
}

/// The signals that stop the daemon, listened to from start-up on.
#[cfg(unix)]
struct StopSignals {
    term: tokio::signal::unix::Signal,
    int: tokio::signal::unix::Signal,
}

#[cfg(unix)]
impl StopSignals {
    fn listen() -> std::io::Result<Self> {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(Self { term: signal(SignalKind::terminate())?, int: signal(SignalKind::interrupt())? })
    }

    async fn received(&mut self) -> &'static str {
        tokio::select! {
            _ = self.term.recv() => "SIGTERM",
            _ = self.int.recv() => "SIGINT",
        }
    }
}

#[cfg(not(unix))]
struct StopSignals;

#[cfg(not(unix))]
impl StopSignals {
    fn listen() -> std::io::Result<Self> {
        Ok(Self)
    }

    async fn received(&mut self) -> &'static str {
        // Without a handler to install, a failure to wait means there is nothing to wait for.
        let _ = tokio::signal::ctrl_c().await;
        "Ctrl-C"
    }
}
