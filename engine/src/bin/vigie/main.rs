//! `vigie`: the engine without a window, for scripts, servers and tests.

mod args;
mod firm;
mod inbox;
mod jobs;
mod mail;

use args::{Cli, Command};
use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;
use vigie::clock::{Clock, FixedClock, SystemClock};
use vigie::store::Store;

/// What every command needs: the store, the clock, the output format.
pub struct Context {
    pub store: Store,
    /// Where template overrides live (`<data-dir>/templates/emails`).
    pub templates_dir: PathBuf,
    pub clock: Box<dyn Clock>,
    pub json: bool,
}

impl Context {
    /// Prints `value` as JSON when asked, else the text `text` builds.
    pub fn print<T: serde::Serialize>(&self, value: &T, text: impl FnOnce() -> String) {
        if self.json {
            println!("{}", serde_json::to_string_pretty(value).expect("serialisable output"));
        } else {
            let text = text();
            if !text.is_empty() {
                println!("{}", text.trim_end());
            }
        }
    }
}

fn main() -> ExitCode {
    // clap exits with 2 on usage errors, after printing what was wrong.
    let cli = Cli::parse();
    // Warnings (a broken template override, an email to retry) go to stderr.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("VIGIE_LOG").unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .without_time()
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            for line in e.to_string().lines() {
                eprintln!("vigie: {line}");
            }
            if let vigie::Error::Import(_) = e {
                eprintln!("vigie: nothing was imported; fix the rows above, or pass --skip-invalid to import the valid rows");
            }
            ExitCode::from(1)
        }
    }
}

fn data_dir(given: Option<PathBuf>) -> vigie::Result<PathBuf> {
    if let Some(dir) = given {
        return Ok(dir);
    }
    directories::ProjectDirs::from("fr", "Vigie", "Vigie")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or_else(|| vigie::Error::InvalidInput("no home folder found: pass --data-dir DIR".into()))
}

/// The clock: the system's, unless VIGIE_NOW (test-only) pins it to an RFC 3339 instant.
fn clock() -> vigie::Result<Box<dyn Clock>> {
    match std::env::var("VIGIE_NOW") {
        Ok(text) => {
            let at = vigie::store::parse_instant(&text).ok_or_else(|| {
                vigie::Error::InvalidInput(format!("VIGIE_NOW=\"{text}\" is not an RFC 3339 instant"))
            })?;
            Ok(Box::new(FixedClock::new(at)))
        }
        Err(_) => Ok(Box::new(SystemClock)),
    }
}

fn run(cli: Cli) -> vigie::Result<()> {
    let dir = data_dir(cli.data_dir)?;
    let store = Store::open_dir(&dir)?;
    let templates_dir = vigie::email::templates_dir(&dir);
    let mut ctx = Context { store, templates_dir, clock: clock()?, json: cli.json };
    match cli.command {
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
    }
}
