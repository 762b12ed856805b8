//! The command line's grammar.

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
// The one date parser, shared with CSV import.
use vigie::dates::parse_date;
use vigie::email::smtp::Security;
use vigie::import::ImportKind;
use vigie::inbox::Tab;
use vigie::model::AlertKind;
use vigie::schedule::Job;

/// Vigie: deadlines and alerts for the accounting firm, without a window.
#[derive(Debug, Parser)]
#[command(name = "vigie", version, about, propagate_version = true)]
pub struct Cli {
    /// Data folder holding the store (default: the OS data folder).
    #[arg(long, global = true, env = "VIGIE_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Print JSON instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create or list cabinets.
    #[command(subcommand)]
    Cabinet(CabinetCommand),
    /// Import a CSV file (staff, clients, deadlines, documents, tasks, events).
    Import(ImportArgs),
    /// Fill a cabinet with a realistic demo firm around today's date.
    Demo(DemoArgs),
    /// Detect what needs an alert and create the notifications.
    Check(JobArgs),
    /// Mark past-due tasks late and past-due deadlines overdue.
    StatusUpdate(JobArgs),
    /// The scheduled cleanup, now: old read notifications, sent emails and job history.
    Cleanup(JobArgs),
    /// A staff member's inbox.
    #[command(subcommand)]
    Notifications(NotificationsCommand),
    /// Read or change a cabinet's settings (horizons, reminder steps, retention).
    #[command(subcommand)]
    Settings(SettingsCommand),
    /// List a cabinet's staff, or set their channel preferences.
    #[command(subcommand)]
    Staff(StaffCommand),
    /// Configure the cabinet's SMTP server (the password goes to the OS keyring).
    #[command(subcommand)]
    Smtp(SmtpCommand),
    /// Email templates and the test email.
    #[command(subcommand)]
    Email(EmailCommand),
    /// The durable queue of emails.
    #[command(subcommand)]
    Outbox(OutboxCommand),
    /// The scheduled jobs: schedules, next runs, history, statistics, run now, pause.
    #[command(subcommand)]
    Jobs(JobsCommand),
    /// Show or set this computer's user (whose pop-ups, badge and inbox the app shows).
    Workstation(WorkstationArgs),
    /// Run the scheduler headless until SIGINT or SIGTERM (logs to stderr and <data-dir>/logs/).
    Daemon(DaemonArgs),
    /// Print what other processes change in the store (new notifications, unread counts), one
    /// line per event, until Ctrl-C.
    Watch,
    /// The fiscal calendar: generate the clients' deadlines, show a client's, list the rules,
    /// set a client's own date or turn a kind off, export deadlines as iCalendar.
    #[command(subcommand)]
    Calendar(CalendarCommand),
    /// Copy the store (default: a new file in <data-dir>/backups/).
    Backup(BackupArgs),
    /// Replace the store with a backup (the current store is backed up first); refused while
    /// the app or a daemon has the store open.
    Restore(RestoreArgs),
}

#[derive(Debug, Args)]
pub struct WorkstationArgs {
    /// The staff member's email (without it, show the current user).
    #[arg(long, value_name = "EMAIL", conflicts_with = "clear")]
    pub user: Option<String>,
    /// Their cabinet (needed when the email exists in several cabinets).
    #[arg(long, value_name = "NAME", requires = "user")]
    pub cabinet: Option<String>,
    /// Leave this computer without a user.
    #[arg(long)]
    pub clear: bool,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write the copy; an existing file is not overwritten.
    pub file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup to restore (a file of <data-dir>/backups/, or one written by `vigie backup FILE`).
    pub file: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum SmtpCommand {
    /// Set the SMTP server; a preset fills host, port and security, which flags then override.
    Set {
        #[arg(long)]
        host: Option<String>,
        #[arg(long)]
        port: Option<u16>,
        /// Login (omit for a server without authentication).
        #[arg(long)]
        user: Option<String>,
        #[arg(long, value_name = "EMAIL")]
        from_email: Option<String>,
        #[arg(long, value_name = "NAME")]
        from_name: Option<String>,
        #[arg(long, value_parser = security())]
        security: Option<Security>,
        /// gmail, outlook, sendgrid, mailgun or ses:REGION.
        #[arg(long)]
        preset: Option<String>,
        /// Read the password from standard input (never give it on the command line).
        #[arg(long)]
        password_stdin: bool,
        /// PEM file of a private certificate authority to trust.
        #[arg(long, value_name = "PEM")]
        ca_file: Option<PathBuf>,
        /// With --security none, send the login and password unencrypted to a server that is
        /// not on this computer (anyone on the network path can read them).
        #[arg(long)]
        allow_cleartext_password: bool,
        #[arg(long, value_name = "NAME")]
        cabinet: Option<String>,
    },
    /// Show the SMTP settings (the password masked).
    Show {
        #[arg(long, value_name = "NAME")]
        cabinet: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum EmailCommand {
    /// Send the test email now and report the server's answer.
    Test {
        /// Recipient address.
        #[arg(long, value_name = "ADDR")]
        to: String,
        /// Send this template (built-in or a pair of the data folder) with sample data instead.
        #[arg(long, value_name = "NAME")]
        template: Option<String>,
        #[arg(long, value_name = "NAME")]
        cabinet: Option<String>,
    },
    /// Email templates.
    #[command(subcommand)]
    Templates(TemplatesCommand),
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Render every template with sample data and report errors as file:line: message.
    Check,
    /// List the usable templates.
    List,
}

#[derive(Debug, Subcommand)]
pub enum OutboxCommand {
    /// Send every email due now, then exit.
    Send,
    /// List emails, newest first.
    List {
        #[arg(long, value_parser = ["queued", "sending", "sent", "failed"])]
        status: Option<String>,
        #[arg(long, value_name = "NAME")]
        cabinet: Option<String>,
        #[arg(long, value_name = "N", default_value_t = 100)]
        limit: u32,
    },
    /// Queue a failed email again, due now.
    Retry {
        id: i64,
        /// Only if it belongs to this cabinet.
        #[arg(long, value_name = "NAME")]
        cabinet: Option<String>,
    },
    /// Delete emails sent before a date.
    Purge {
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        sent_before: NaiveDate,
        /// Only this cabinet's (its midnight); default every cabinet (UTC midnight).
        #[arg(long, value_name = "NAME")]
        cabinet: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum CabinetCommand {
    /// Create a cabinet.
    Add {
        /// Its name, unique in the store.
        name: String,
        /// IANA timezone (default Europe/Paris).
        #[arg(long, value_name = "TZ")]
        timezone: Option<String>,
    },
    /// List the cabinets.
    List,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// What the file holds.
    #[arg(value_parser = import_kind())]
    pub kind: ImportKind,
    /// The CSV file (`;` or `,`, UTF-8 or Windows-1252).
    pub file: PathBuf,
    /// Cabinet to import into (may be omitted when the store holds one cabinet).
    #[arg(long, value_name = "NAME")]
    pub cabinet: Option<String>,
    /// Import the valid rows and list the others, instead of importing nothing.
    #[arg(long)]
    pub skip_invalid: bool,
    /// Do not send the welcome email to new staff members.
    #[arg(long)]
    pub no_welcome: bool,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Name of the demo cabinet.
    #[arg(long, value_name = "NAME", default_value = "Cabinet Démo")]
    pub cabinet: String,
    /// Do nothing when the store already holds a cabinet (for start-up scripts).
    #[arg(long)]
    pub if_empty: bool,
}

#[derive(Debug, Args)]
pub struct JobArgs {
    /// Only this cabinet (default: every cabinet).
    #[arg(long, value_name = "NAME")]
    pub cabinet: Option<String>,
    /// As of this date, YYYY-MM-DD or DD/MM/YYYY (default: today in each cabinet's timezone).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub at: Option<NaiveDate>,
}

#[derive(Debug, Args)]
pub struct UserArgs {
    /// The staff member's email.
    #[arg(long, value_name = "EMAIL")]
    pub user: String,
    /// Their cabinet (needed when the email exists in several cabinets).
    #[arg(long, value_name = "NAME")]
    pub cabinet: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum NotificationsCommand {
    /// List notifications, newest first.
    List {
        #[command(flatten)]
        user: UserArgs,
        /// Only unread ones.
        #[arg(long)]
        unread: bool,
        /// Only this kind: echeance_proche, documents_manquants, taches_retard, evenement_important.
        #[arg(long, value_name = "KIND", value_parser = parse_alert_kind)]
        kind: Option<AlertKind>,
        /// At most N.
        #[arg(long, value_name = "N")]
        limit: Option<u32>,
        /// The tab: all, unread, archived, or a kind (default all; snoozed ones are in none).
        #[arg(long, value_name = "TAB", value_parser = parse_tab, default_value = "all")]
        tab: Tab,
        /// Only those whose title or client contains this (case and accents ignored).
        #[arg(long, value_name = "TEXT")]
        search: Option<String>,
        /// Only notifications older than this id (the next page).
        #[arg(long, value_name = "ID")]
        before: Option<i64>,
    },
    /// Show one notification with its subject, and mark it read.
    Open {
        /// Notification id.
        id: i64,
        #[command(flatten)]
        user: UserArgs,
    },
    /// Mark one notification unread again.
    Unread {
        /// Notification id.
        id: i64,
        #[command(flatten)]
        user: UserArgs,
    },
    /// Hide one notification until a moment; it then comes back unread.
    Snooze {
        /// Notification id.
        id: i64,
        /// End of the snooze: RFC 3339, or a local date-time.
        #[arg(long, value_name = "DATETIME", value_parser = parse_when)]
        until: When,
        #[command(flatten)]
        user: UserArgs,
    },
    /// Bring a snoozed notification back now.
    Unsnooze {
        /// Notification id.
        id: i64,
        #[command(flatten)]
        user: UserArgs,
    },
    /// Move one notification to the archive.
    Archive {
        /// Notification id.
        id: i64,
        #[command(flatten)]
        user: UserArgs,
    },
    /// Take one notification out of the archive.
    Unarchive {
        /// Notification id.
        id: i64,
        #[command(flatten)]
        user: UserArgs,
    },
    /// Count the notifications of each tab.
    Counts {
        #[command(flatten)]
        user: UserArgs,
    },
    /// Mark one notification read.
    Read {
        /// Notification id.
        id: i64,
        #[command(flatten)]
        user: UserArgs,
    },
    /// Mark all notifications of a tab read.
    ReadAll {
        /// The tab: all, unread, archived, or a kind (default all).
        #[arg(long, value_name = "TAB", value_parser = parse_tab, default_value = "all")]
        tab: Tab,
        #[command(flatten)]
        user: UserArgs,
    },
    /// Count unread notifications.
    UnreadCount {
        #[command(flatten)]
        user: UserArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Every setting with its value and default.
    List {
        #[arg(long, value_name = "NAME")]
        cabinet: Option<String>,
    },
    /// One setting's value.
    Get {
        key: String,
        #[arg(long, value_name = "NAME")]
        cabinet: Option<String>,
    },
    /// Change a setting (checked before it is stored).
    Set {
        key: String,
        value: String,
        #[arg(long, value_name = "NAME")]
        cabinet: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Every staff member of the cabinet.
    List {
        #[arg(long, value_name = "NAME")]
        cabinet: Option<String>,
    },
    /// Show or change a staff member's channels (email, pop-up) per alert kind.
    Channels {
        #[command(flatten)]
        user: UserArgs,
        /// The kind to change (an alert kind or resume_hebdomadaire).
        #[arg(long)]
        kind: Option<String>,
        /// Email on or off for that kind.
        #[arg(long, value_name = "on|off", value_parser = parse_on_off)]
        email: Option<bool>,
        /// Desktop pop-up on or off for that kind.
        #[arg(long, value_name = "on|off", value_parser = parse_on_off)]
        popup: Option<bool>,
    },
    /// Show or set a staff member's quiet hours (no pop-up then), in the cabinet's timezone.
    Quiet {
        #[command(flatten)]
        user: UserArgs,
        /// Start, local time (HH:MM).
        #[arg(long, value_name = "HH:MM", requires = "until", conflicts_with = "none")]
        from: Option<String>,
        /// End, local time (HH:MM); may be the next morning, as in --from 19:00 --until 08:00.
        #[arg(long, value_name = "HH:MM", requires = "from")]
        until: Option<String>,
        /// No quiet hours.
        #[arg(long)]
        none: bool,
    },
}

fn parse_on_off(text: &str) -> Result<bool, String> {
    match text {
        "on" | "oui" | "true" => Ok(true),
        "off" | "non" | "false" => Ok(false),
        _ => Err(format!("\"{text}\": expected on or off")),
    }
}

/// A job name, as the library spells it (`weekly-digest` accepted too).
fn job() -> crate::choice::Choice<Job> {
    crate::choice::one_of(&Job::ALL, Job::as_str, |t| Job::parse(t).ok())
}

/// An import kind.
fn import_kind() -> crate::choice::Choice<ImportKind> {
    crate::choice::one_of(ImportKind::ALL, ImportKind::as_str, |t| {
        ImportKind::ALL.iter().copied().find(|k| k.as_str() == t)
    })
}

/// An SMTP connection security.
fn security() -> crate::choice::Choice<Security> {
    crate::choice::one_of(&Security::ALL, Security::as_str, Security::parse)
}

/// A moment typed on the command line: an instant, or a local time read in the cabinet's zone.
pub use vigie::app::jobs::When;

#[derive(Debug, Subcommand)]
pub enum JobsCommand {
    /// Each job with its schedule and next run, in local time.
    List {
        #[arg(long, value_name = "NAME")]
        cabinet: Option<String>,
    },
    /// The next instants of every job (RFC 3339 with the local offset, across DST changes).
    Scheduled {
        /// From this moment (default now): RFC 3339, or local YYYY-MM-DD[THH:MM[:SS]] or DD/MM/YYYY [HH:MM].
        #[arg(long, value_name = "DATETIME", value_parser = parse_when)]
        from: Option<When>,
        /// How many instants.
        #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=1000))]
        count: u32,
        /// Only this job.
        #[arg(long, value_name = "JOB", value_parser = job())]
        job: Option<Job>,
        #[arg(long, value_name = "NAME")]
        cabinet: Option<String>,
    },
    /// The latest runs, newest first.
    History {
        /// At most N runs.
        #[arg(long, value_name = "N", default_value_t = 20)]
        limit: u32,
        /// Only this job.
        #[arg(long, value_name = "JOB", value_parser = job())]
        job: Option<Job>,
        #[arg(long, value_name = "NAME")]
        cabinet: Option<String>,
    },
    /// Runs, failures and mean duration of each job.
    Stats {
        #[arg(long, value_name = "NAME")]
        cabinet: Option<String>,
    },
    /// Run a job now (recorded in the history as manual).
    Run {
        #[arg(value_parser = job())]
        job: Job,
        /// Only this cabinet (default: every cabinet).
        #[arg(long, value_name = "NAME")]
        cabinet: Option<String>,
    },
    /// Delete the history of runs started before a date.
    Purge {
        /// YYYY-MM-DD or DD/MM/YYYY (midnight, in the cabinet's timezone).
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        before: NaiveDate,
        #[arg(long, value_name = "NAME")]
        cabinet: Option<String>,
    },
    /// Change a job's schedule (a cron expression in the cabinet's timezone).
    Set {
        #[arg(value_parser = job())]
        job: Job,
        /// Five fields: minute hour day-of-month month day-of-week, such as "0 9,14 * * *".
        cron: String,
        #[arg(long, value_name = "NAME")]
        cabinet: Option<String>,
    },
    /// Pause alerts (check and weekly digest) until a moment, or until resumed.
    Pause {
        /// End of the pause: RFC 3339, or a local date-time.
        #[arg(long, value_name = "DATETIME", value_parser = parse_when)]
        until: Option<When>,
        /// Only this cabinet (default: every cabinet).
        #[arg(long, value_name = "NAME")]
        cabinet: Option<String>,
    },
    /// Resume paused alerts.
    Resume {
        #[arg(long, value_name = "NAME")]
        cabinet: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct DaemonArgs {
    /// On SIGINT/SIGTERM, how long to let a running job finish before interrupting it.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    pub stop_grace: f64,
}

fn parse_when(text: &str) -> Result<When, String> {
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(When::Instant(at.to_utc()));
    }
    for format in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"] {
        if let Ok(local) = NaiveDateTime::parse_from_str(text, format) {
            return Ok(When::Local(local));
        }
    }
    parse_date(text)
        .map(|d| When::Local(d.and_time(chrono::NaiveTime::MIN)))
        .map_err(|_| format!("\"{text}\" is not a date-time (expected RFC 3339, YYYY-MM-DDTHH:MM or DD/MM/YYYY HH:MM)"))
}

fn parse_tab(text: &str) -> Result<Tab, String> {
    Tab::parse(text).ok_or_else(|| format!("\"{text}\" is not one of {}", Tab::expected()))
}

fn parse_alert_kind(text: &str) -> Result<AlertKind, String> {
    AlertKind::parse(text).ok_or_else(|| format!("\"{text}\" is not one of {}", AlertKind::expected()))
}

#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// Create (or bring up to date) the deadlines that follow from each client's regime and
    /// closing date; running it again creates nothing twice.
    Generate {
        /// The cabinet (needed when the store holds several).
        #[arg(long, value_name = "NAME")]
        cabinet: Option<String>,
        /// First due date, YYYY-MM-DD or DD/MM/YYYY (default: today).
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        from: Option<NaiveDate>,
        /// How many months ahead (default 15, at most 60).
        #[arg(long, value_name = "N")]
        months: Option<u32>,
    },
    /// A client's obligations for a year, with the rule and its legal source.
    Show {
        /// The client's SIREN (or name).
        #[arg(long, value_name = "SIREN")]
        client: String,
        /// The year (default: this year).
        #[arg(long, value_name = "YEAR")]
        year: Option<i32>,
        /// The cabinet (needed when the store holds several).
        #[arg(long, value_name = "NAME")]
        cabinet: Option<String>,
    },
    /// Every rule the calendar applies, with its source and the years it is written for.
    Rules {
        /// Print this year's rule file instead (every day, grid row, threshold and source).
        #[arg(long, value_name = "YEAR")]
        file: Option<i32>,
    },
    /// Set the date of one of a client's obligations (the date the tax office shows for it),
    /// or with --rule go back to the rule's date.
    Date {
        /// The client's SIREN (or name).
        #[arg(long, value_name = "SIREN")]
        client: String,
        /// The kind (tva_ca3, is_acompte, liasse…).
        #[arg(long, value_name = "KIND")]
        kind: String,
        /// The period (2027-02, 2027-T1, 2027, EX-2027, EX-2027-2).
        #[arg(long, value_name = "PERIOD")]
        period: String,
        /// The date, YYYY-MM-DD or DD/MM/YYYY.
        #[arg(value_name = "DATE", required_unless_present = "rule", conflicts_with = "rule")]
        date: Option<String>,
        /// Forget the client's own date: the rule's applies again.
        #[arg(long)]
        rule: bool,
        /// The cabinet (needed when the store holds several).
        #[arg(long, value_name = "NAME")]
        cabinet: Option<String>,
    },
    /// Stop generating one kind of deadline for a client (its future generated ones go).
    Off {
        /// The client's SIREN (or name).
        #[arg(long, value_name = "SIREN")]
        client: String,
        /// The kind (tva_ca3, dsn, cfe…).
        #[arg(long, value_name = "KIND")]
        kind: String,
        /// The cabinet (needed when the store holds several).
        #[arg(long, value_name = "NAME")]
        cabinet: Option<String>,
    },
    /// Generate a kind of deadline for a client again.
    On {
        /// The client's SIREN (or name).
        #[arg(long, value_name = "SIREN")]
        client: String,
        /// The kind (tva_ca3, dsn, cfe…).
        #[arg(long, value_name = "KIND")]
        kind: String,
        /// The cabinet (needed when the store holds several).
        #[arg(long, value_name = "NAME")]
        cabinet: Option<String>,
    },
    /// Export deadlines as an iCalendar file for Outlook or Thunderbird (re-importing a newer
    /// file updates the events).
    Ics {
        /// Where to write the file (default: standard output).
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Only this staff member's (assigned to them, or unassigned on clients they manage).
        #[arg(long, value_name = "EMAIL")]
        user: Option<String>,
        /// First due date (default: today).
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        from: Option<NaiveDate>,
        /// How many months (default 15, at most 60).
        #[arg(long, value_name = "N")]
        months: Option<u32>,
        /// Include the deadlines already done.
        #[arg(long)]
        with_done: bool,
        /// The cabinet (needed when the store holds several).
        #[arg(long, value_name = "NAME")]
        cabinet: Option<String>,
    },
}
