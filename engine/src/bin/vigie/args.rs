//! The command line's grammar.

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

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
    /// Delete old read notifications.
    Cleanup(JobArgs),
    /// A staff member's inbox.
    #[command(subcommand)]
    Notifications(NotificationsCommand),
    /// Read or change a cabinet's settings (horizons, reminder steps, retention).
    #[command(subcommand)]
    Settings(SettingsCommand),
    /// List a cabinet's staff.
    #[command(subcommand)]
    Staff(StaffCommand),
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

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KindArg {
    Staff,
    Clients,
    Deadlines,
    Documents,
    Tasks,
    Events,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// What the file holds.
    pub kind: KindArg,
    /// The CSV file (`;` or `,`, UTF-8 or Windows-1252).
    pub file: PathBuf,
    /// Cabinet to import into (may be omitted when the store holds one cabinet).
    #[arg(long, value_name = "NAME")]
    pub cabinet: Option<String>,
    /// Import the valid rows and list the others, instead of importing nothing.
    #[arg(long)]
    pub skip_invalid: bool,
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

#[derive(Debug, Clone, Copy, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum AlertKindArg {
    EcheanceProche,
    DocumentsManquants,
    TachesRetard,
    EvenementImportant,
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
        /// Only this kind.
        #[arg(long, value_name = "KIND")]
        kind: Option<AlertKindArg>,
        /// At most N.
        #[arg(long, value_name = "N")]
        limit: Option<u32>,
    },
    /// Mark one notification read.
    Read {
        /// Notification id.
        id: i64,
        #[command(flatten)]
        user: UserArgs,
    },
    /// Mark all notifications read.
    ReadAll {
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
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"))
        .map_err(|_| format!("\"{text}\" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)"))
}
