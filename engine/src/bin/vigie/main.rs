//! `vigie`: the engine without a window, for scripts, servers and tests.

mod args;
mod backup;
mod calendar;
mod choice;
mod daemon;
mod failure;
mod firm;
mod inbox;
mod jobs;
mod mail;
mod output;
mod schedule;
mod watch;
mod workstation;

use args::{Cli, Command};
use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use vigie::app::Vigie;
use vigie::clock::Clock;

/// What every command needs: the application handle, the clock, the output format.
pub struct Context {
    pub vigie: Vigie,
    pub clock: Arc<dyn Clock>,
    pub json: bool,
    pub data_dir: PathBuf,
}

impl Context {
    /// Prints `value` as JSON when asked, else the text `text` builds.
    pub fn print<T: serde::Serialize>(&self, value: &T, text: impl FnOnce() -> String) {
        if self.json {
            output::json(value);
        } else {
            let text = text();
            if !text.is_empty() {
                output::out(text.trim_end());
            }
        }
    }
}

fn main() -> ExitCode {
    // clap exits with 2 on usage errors, after printing what was wrong.
    let cli = Cli::parse();
    // Logs, backups and exports are the firm's data too.
    vigie::store::restrict_new_files();
    // Warnings (a broken template override, an email to retry) go to stderr; the daemon sets
    // up its own logging (stderr and a daily file).
    if !matches!(cli.command, Command::Daemon(_)) {
        tracing_subscriber::fmt()
            .with_writer(std::io::stderr)
            .with_env_filter(
                tracing_subscriber::EnvFilter::try_from_env("VIGIE_LOG")
                    .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
            )
            .without_time()
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .init();
    }
    let json = cli.json;
    let result = run(cli);
    if result.is_err() {
        output::failing();
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            failure::report(&e, json);
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> vigie::Result<()> {
    let data_dir = vigie::app::launch::data_dir(cli.data_dir)?;
    let store_path = data_dir.join(vigie::store::STORE_FILE);
    dispatch(cli.command, cli.json, data_dir).map_err(|e| vigie::store::explain(e, &store_path))
}

fn dispatch(command: Command, json: bool, data_dir: PathBuf) -> vigie::Result<()> {
    // A restore must work on a store that cannot be opened, and needs it to itself.
    if let Command::Restore(a) = command {
        return backup::restore(&data_dir, a, json);
    }
    let clock = vigie::app::launch::clock_from_env()?;
    let vigie = Vigie::open(&data_dir, clock.clone())?;
    let mut ctx = Context { vigie, clock, json, data_dir };
    match command {
        Command::Cabinet(cmd) => firm::cabinet(&mut ctx, cmd),
        Command::Import(a) => firm::import(&mut ctx, a),
        Command::Demo(a) => firm::demo(&mut ctx, a),
        Command::Settings(cmd) => firm::settings(&mut ctx, cmd),
        Command::Staff(cmd) => firm::staff(&mut ctx, cmd),
        Command::Check(a) => jobs::check(&mut ctx, a),
        Command::StatusUpdate(a) => jobs::status_update(&mut ctx, a),
        Command::Cleanup(a) => jobs::cleanup(&mut ctx, a),
        Command::Notifications(cmd) => inbox::run(&mut ctx, cmd),
        Command::Smtp(cmd) => mail::smtp(&mut ctx, cmd),
        Command::Email(cmd) => mail::email(&mut ctx, cmd),
        Command::Outbox(cmd) => mail::outbox(&mut ctx, cmd),
        Command::Jobs(cmd) => schedule::run(&mut ctx, cmd),
        Command::Workstation(a) => workstation::run(&mut ctx, a),
        Command::Daemon(a) => daemon::run(ctx, a),
        Command::Watch => watch::run(&ctx),
        Command::Calendar(cmd) => calendar::run(&ctx, cmd),
        Command::Backup(a) => backup::backup(&ctx, a),
        Command::Restore(a) => {
            let dir = ctx.data_dir.clone();
            drop(ctx);
            backup::restore(&dir, a, json)
        }
    }
}
