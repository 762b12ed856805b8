//! The scheduler as a service: sleeps until the next instant, runs what is due, notices sleep
//! and clock jumps, and stops cleanly. `vigie daemon` runs it headless; the desktop app embeds
//! the same thing and subscribes to its events.
//!
//! It never polls: it sleeps until the earliest next instant of any job, but at most
//! `max_sleep` of clock time (a minute), because a monotonic sleep does not see a suspended
//! machine or a wall clock that was set; on waking later than expected it catches up.

use crate::cabinet;
use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::schedule::events::Event;
use crate::schedule::history::{JobRun, Trigger};
use crate::schedule::jobs::Job;
use crate::schedule::lease;
use crate::schedule::runner::{self, Due, RunControl, Runner};
use crate::store::{Store, instant_text};
use chrono::{DateTime, Utc};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{broadcast, mpsc, oneshot, watch};
use tokio::task::JoinHandle;

/// A wall clock that moved this much (in real time) more or less than the time that passed
/// means the machine slept or the clock was set: what fell due meanwhile is a catch-up.
const JUMP_TOLERANCE: Duration = Duration::from_secs(5);

/// How the daemon behaves.
#[derive(Debug, Clone)]
pub struct DaemonOptions {
    /// Longest sleep between two looks at the clock, in clock time.
    pub max_sleep: chrono::Duration,
    /// How long a stop waits for a running job to finish before interrupting it (real time).
    pub stop_grace: Duration,
    /// How long a job's lease lasts without renewal, in clock time.
    pub lease_ttl: chrono::Duration,
    /// First part of the owner name recorded in history ("daemon", "app").
    pub owner_label: String,
}

impl Default for DaemonOptions {
    fn default() -> Self {
        Self {
            max_sleep: chrono::Duration::seconds(60),
            stop_grace: Duration::from_secs(10),
            lease_ttl: runner::DEFAULT_LEASE_TTL,
            owner_label: "daemon".into(),
        }
    }
}

/// Resolves when the daemon is asked to stop; given to extra workers (such as the outbox).
#[derive(Clone)]
pub struct Shutdown(watch::Receiver<bool>);

impl Shutdown {
    /// Whether a stop was asked for.
    pub fn is_stopping(&self) -> bool {
        *self.0.borrow() || self.0.has_changed().is_err()
    }

    /// Waits until a stop is asked for.
    pub async fn stopped(&mut self) {
        while !self.is_stopping() {
            if self.0.changed().await.is_err() {
                return;
            }
        }
    }
}

enum Command {
    Wake,
    RunNow { job: Job, cabinet_id: Option<i64>, reply: oneshot::Sender<Result<Vec<JobRun>>> },
}

/// A running scheduler: subscribe to its events, add workers, run a job now, stop it.
pub struct Daemon {
    stop_tx: watch::Sender<bool>,
    events: broadcast::Sender<Event>,
    commands: mpsc::UnboundedSender<Command>,
    main: JoinHandle<()>,
    workers: Vec<JoinHandle<()>>,
    owner: String,
    /// Subscribed before the loop started, so the first subscriber misses nothing (the
    /// start-up catch-up runs at once).
    first_subscriber: std::sync::Mutex<Option<broadcast::Receiver<Event>>>,
}

impl Daemon {
    /// Starts the scheduler on the store file at `store_path`; call it inside a tokio runtime.
    pub fn start(store_path: &Path, clock: Arc<dyn Clock>, options: DaemonOptions) -> Result<Daemon> {
        Ok(Self::start_tapped(store_path, clock, options)?.0)
    }

    /// Starts the scheduler, with a second receiver of every event since the start (besides
    /// the first subscriber's): the application layer forwards it to its own bus.
    pub fn start_tapped(
        store_path: &Path,
        clock: Arc<dyn Clock>,
        options: DaemonOptions,
    ) -> Result<(Daemon, broadcast::Receiver<Event>)> {
        if tokio::runtime::Handle::try_current().is_err() {
            return Err(Error::Internal("the scheduler must be started inside a tokio runtime".into()));
        }
        // Opening now reports a bad store to the caller instead of in the logs.
        let planning = Store::open(store_path)?;
        let (stop_tx, stop_rx) = watch::channel(false);
        let (events, first) = broadcast::channel(1024);
        let tap = events.subscribe();
        let (commands, command_rx) = mpsc::unbounded_channel();
        let owner = runner::owner_id(&options.owner_label);
        let runner = Runner::new(clock, owner.clone()).with_lease_ttl(options.lease_ttl).with_events(events.clone());
        let scheduler = Loop {
            path: store_path.to_path_buf(),
            planning: Arc::new(Mutex::new(planning)),
            runner,
            options,
            shutdown: stop_rx,
            commands: command_rx,
            events: events.clone(),
        };
        let main = tokio::spawn(scheduler.run());
        let daemon = Daemon {
            stop_tx,
            events,
            commands,
            main,
            workers: Vec::new(),
            owner,
            first_subscriber: std::sync::Mutex::new(Some(first)),
        };
        Ok((daemon, tap))
    }

    /// Every event from now on (jobs started and finished, notifications created…); the first
    /// call gets every event since the daemon started.
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        let first = self.first_subscriber.lock().unwrap_or_else(|e| e.into_inner()).take();
        first.unwrap_or_else(|| self.events.subscribe())
    }

    /// The signal extra workers watch to know when to stop.
    pub fn shutdown_signal(&self) -> Shutdown {
        Shutdown(self.stop_tx.subscribe())
    }

    /// Runs an extra task beside the scheduler (the outbox worker); it must return soon after
    /// its [`Shutdown`] resolves, and `stop` waits for it.
    pub fn spawn_worker<F, Fut>(&mut self, worker: F)
    where
        F: FnOnce(Shutdown) -> Fut,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let task = worker(self.shutdown_signal());
        self.workers.push(tokio::spawn(task));
    }

    /// This scheduler's owner name, as recorded in history and leases.
    pub fn owner(&self) -> &str {
        &self.owner
    }

    /// Makes the scheduler look at the clock now (after a resume notification, a setting change).
    pub fn wake(&self) {
        let _ = self.commands.send(Command::Wake);
    }

    /// Runs `job` now for one cabinet, or every cabinet, between scheduled runs ("check now").
    pub async fn run_now(&self, job: Job, cabinet_id: Option<i64>) -> Result<Vec<JobRun>> {
        let (reply, answer) = oneshot::channel();
        self.commands
            .send(Command::RunNow { job, cabinet_id, reply })
            .map_err(|_| Error::Internal("the scheduler has stopped".into()))?;
        answer.await.map_err(|_| Error::Internal("the scheduler stopped before running the job".into()))?
    }

    /// Stops: a running job finishes, or is interrupted after the grace period and recorded
    /// as such with its lease released; then waits for the workers.
    pub async fn stop(self) {
        let _ = self.stop_tx.send(true);
        let _ = self.main.await;
        for worker in self.workers {
            let _ = worker.await;
        }
    }
}

/// The scheduler's task.
struct Loop {
    path: PathBuf,
    /// One connection for deciding what is due; each run opens its own.
    planning: Arc<Mutex<Store>>,
    runner: Runner,
    options: DaemonOptions,
    shutdown: watch::Receiver<bool>,
    commands: mpsc::UnboundedReceiver<Command>,
    events: broadcast::Sender<Event>,
}

impl Loop {
    fn stopping(&self) -> bool {
        *self.shutdown.borrow() || self.shutdown.has_changed().is_err()
    }

    /// Runs `f` on the planning connection, off the async threads.
    async fn plan<T: Send + 'static>(&self, f: impl FnOnce(&mut Store) -> Result<T> + Send + 'static) -> Result<T> {
        let store = Arc::clone(&self.planning);
        tokio::task::spawn_blocking(move || f(&mut store.lock().unwrap_or_else(|e| e.into_inner())))
            .await
            .unwrap_or_else(|e| Err(Error::Internal(format!("scheduler task failed: {e}"))))
    }

    async fn run(mut self) {
        let clock = Arc::clone(self.runner.clock());
        tracing::info!(store = %self.path.display(), owner = %self.runner.owner(), "scheduler started");
        let mut awake_since: Option<DateTime<Utc>> = None;
        let mut looks = Looks::default();
        while !self.stopping() {
            let now = clock.now();
            let top = now;
            if looks.jumped(clock.as_ref(), now, &self.events) {
                // Whatever fell due while the machine slept or the clock moved is a catch-up.
                awake_since = None;
            }
            let runner = self.runner.clone();
            match self.plan(move |store| runner.due(store, now, awake_since)).await {
                Ok(due) => {
                    for d in due {
                        if self.stopping() {
                            break;
                        }
                        if let Err(e) = self.run_one(d).await {
                            tracing::error!("{e}");
                        }
                    }
                }
                Err(e) => tracing::error!("cannot plan the jobs: {e}"),
            }
            if self.stopping() {
                break;
            }

            // Instants that fell due while jobs ran are on time at the next turn, unless the
            // clock jumped meanwhile: then only those after this look are.
            let now = clock.now();
            let jumped = looks.jumped(clock.as_ref(), now, &self.events);
            awake_since = Some(if jumped { now } else { top });
            let runner = self.runner.clone();
            let next = self.plan(move |store| runner.next_instant(store, now)).await.unwrap_or_else(|e| {
                tracing::error!("cannot compute the next instant: {e}");
                None
            });
            let max = self.options.max_sleep;
            let span = next.map_or(max, |n| (n - now).min(max)).max(chrono::Duration::zero());
            // A fast test clock may ask for less than the timer's resolution; a millisecond
            // floor keeps the loop from spinning.
            let real = clock.real_duration(span).max(Duration::from_millis(1));
            tokio::select! {
                _ = tokio::time::sleep(real) => {}
                _ = self.shutdown.changed() => {}
                Some(command) = self.commands.recv() => self.command(command).await,
            }
        }
        tracing::info!(owner = %self.runner.owner(), "scheduler stopped");
    }

    async fn command(&mut self, command: Command) {
        let Command::RunNow { job, cabinet_id, reply } = command else {
            return;
        };
        let cabinets = self
            .plan(move |store| match cabinet_id {
                Some(id) => Ok(vec![cabinet::get(store, id)?]),
                None => cabinet::list(store),
            })
            .await;
        let result = async {
            let mut runs = Vec::new();
            for cabinet in cabinets? {
                let instant = self.runner.clock().now();
                let due = Due { cabinet, job, instant, trigger: Trigger::Manual };
                runs.extend(self.run_one(due).await?);
            }
            Ok(runs)
        }
        .await;
        let _ = reply.send(result);
    }

    /// Runs one job in a blocking task, renewing its lease meanwhile; on a stop request, waits
    /// for it up to the grace period, then interrupts it.
    async fn run_one(&mut self, due: Due) -> Result<Option<JobRun>> {
        let control = RunControl::default();
        let mut task = {
            let (runner, path, control) = (self.runner.clone(), self.path.clone(), control.clone());
            tokio::task::spawn_blocking(move || {
                let mut store = Store::open(&path)?;
                runner.run(&mut store, &due, &control)
            })
        };
        let renewer = tokio::spawn(renew_leases(self.path.clone(), self.runner.clone(), control.clone()));
        let grace = tokio::time::sleep(Duration::from_secs(365 * 86_400));
        tokio::pin!(grace);
        let mut stop_seen = false;
        let mut interrupted = false;
        // SQLite only interrupts a statement running at that moment; a job between two
        // statements would miss a single interrupt, so it is repeated until the job returns.
        const AGAIN: Duration = Duration::from_millis(10);
        if self.stopping() {
            stop_seen = true;
            grace.as_mut().reset(tokio::time::Instant::now() + self.options.stop_grace);
        }
        let result = loop {
            tokio::select! {
                joined = &mut task => break joined,
                _ = self.shutdown.changed(), if !stop_seen => {
                    stop_seen = true;
                    tracing::info!(grace = ?self.options.stop_grace, "stop asked while a job runs: letting it finish");
                    grace.as_mut().reset(tokio::time::Instant::now() + self.options.stop_grace);
                }
                _ = &mut grace, if stop_seen => {
                    if !interrupted {
                        interrupted = true;
                        tracing::warn!("the job did not finish in time: interrupting it");
                    }
                    control.interrupt();
                    grace.as_mut().reset(tokio::time::Instant::now() + AGAIN);
                }
            }
        };
        renewer.abort();
        result.unwrap_or_else(|e| Err(Error::Internal(format!("job task failed: {e}"))))
    }
}

/// The scheduler's last look at the clock, with the monotonic time it was taken at.
///
/// Monotonic time is used only to measure how long passed between two looks: a wall clock that
/// moved much more or less than that (a suspended machine, a clock set by hand or by NTP) has
/// jumped.
#[derive(Default)]
struct Looks {
    last: Option<(DateTime<Utc>, std::time::Instant)>,
}

impl Looks {
    /// Records a look at `now`; true (and an event) when the clock jumped since the last one.
    fn jumped(&mut self, clock: &dyn Clock, now: DateTime<Utc>, events: &broadcast::Sender<Event>) -> bool {
        let mono = std::time::Instant::now();
        let jumped = self.last.is_some_and(|(before, at)| {
            let expected = before + clock.clock_duration(mono - at);
            clock.real_duration((now - expected).abs()) > JUMP_TOLERANCE
        });
        if jumped && let Some((before, at)) = self.last {
            let expected = before + clock.clock_duration(mono - at);
            tracing::info!(
                expected = %instant_text(expected),
                now = %instant_text(now),
                "the clock jumped or the machine resumed: catching up"
            );
            let _ = events.send(Event::ClockJumped { expected, now });
        }
        self.last = Some((now, mono));
        jumped
    }
}

/// Keeps the lease of the run `control` claimed alive, every quarter of its lifetime.
async fn renew_leases(path: PathBuf, runner: Runner, control: RunControl) {
    let every = runner.clock().real_duration(runner.lease_ttl() / 4).max(Duration::from_millis(50));
    loop {
        tokio::time::sleep(every).await;
        let Some((cabinet_id, run_id)) = control.claimed() else {
            continue;
        };
        let runner = runner.clone();
        let path = path.clone();
        let renewed = tokio::task::spawn_blocking(move || {
            let store = Store::open(&path)?;
            let now = runner.clock().now();
            lease::renew(&store, cabinet_id, run_id, runner.owner(), now, runner.lease_ttl())
        })
        .await;
        match renewed {
            Ok(Ok(true)) => {}
            Ok(Ok(false)) => tracing::warn!(run_id, "lost the lease of a running job (it expired)"),
            Ok(Err(e)) => tracing::warn!(run_id, "cannot renew a job lease: {e}"),
            Err(_) => return,
        }
    }
}
