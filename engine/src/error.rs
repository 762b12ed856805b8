//! Errors the engine reports, worded so that the person reading them knows what to do,
//! whichever shell shows them: no command lines or flags here (the CLI adds its own hints, the
//! app its own buttons). Each has a stable code ([`Error::code`]) and a serialisable view
//! ([`ErrorPayload`]) for the UI. The messages here are English, for the command line; the
//! desktop window words them in French ([`french::message`], [`ErrorPayload::french`]).

mod code;
pub mod french;
mod payload;

pub use code::ErrorCode;
pub use payload::ErrorPayload;
use std::path::PathBuf;

/// Everything that can go wrong in the engine.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The store file could not be opened or migrated.
    #[error("cannot open the store {path}: {source}")]
    StoreOpen {
        /// The store file.
        path: PathBuf,
        /// What SQLite said.
        #[source]
        source: rusqlite::Error,
    },
    /// The store was written by a newer Vigie than this one.
    #[error(
        "the store {path} was written by a newer version of Vigie (schema {found}, this version knows {known}): update Vigie"
    )]
    StoreTooNew {
        /// The store file.
        path: PathBuf,
        /// Its schema version.
        found: usize,
        /// The newest schema this version knows.
        known: usize,
    },
    /// The file holds tables Vigie did not create.
    #[error(
        "{path} is not a Vigie store: it holds tables Vigie did not create (another program's database, or a store whose creation was interrupted); move it away or choose another data folder"
    )]
    StoreForeign {
        /// The file.
        path: PathBuf,
    },
    /// SQLite found the store file damaged.
    #[error("the store {path} is damaged{}", match backup {
        Some(b) => format!("; the latest backup is {}", b.display()),
        None => " and no backup was found beside it".to_string(),
    })]
    StoreDamaged {
        /// The store file.
        path: PathBuf,
        /// The newest backup in the data folder, if any.
        backup: Option<PathBuf>,
    },
    /// The disk holding the store is full.
    #[error("the disk holding the store {path} is full: free some space, then try again (nothing was changed)")]
    StoreFull {
        /// The store file.
        path: PathBuf,
    },
    /// The store file cannot be written by this process.
    #[error("{}", if *needs_update {
        format!("the store {} is read-only and was written by an older version of Vigie: make it writable once so that Vigie can update it", path.display())
    } else {
        format!("the store {} is read-only: reading commands work, but nothing can be changed until the file is writable", path.display())
    })]
    StoreReadOnly {
        /// The store file.
        path: PathBuf,
        /// Whether its schema needs an update that cannot be written.
        needs_update: bool,
    },
    /// Another process kept the store's write lock for longer than Vigie waits.
    #[error(
        "the store {path} is busy: another Vigie process (an import, a check, the app or a daemon) has been writing to it for more than 10 s; try again when it has finished"
    )]
    StoreBusy {
        /// The store file.
        path: PathBuf,
    },
    /// Another process has the store open, which a restore does not allow.
    #[error(
        "another Vigie process has the store {path} open (the app, the daemon or another command): quit it, then restore"
    )]
    StoreInUse {
        /// The store file.
        path: PathBuf,
    },
    /// A file given as a backup is not one.
    #[error("{path} cannot be restored: {reason}")]
    NotABackup {
        /// The file given.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The store schema could not be brought up to date.
    #[error("cannot update the store schema: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    /// A database operation failed.
    #[error("database error: {0}")]
    Db(#[from] rusqlite::Error),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// No cabinet has this name.
    #[error("no cabinet named \"{0}\"")]
    UnknownCabinet(String),
    /// A cabinet with this name already exists.
    #[error("a cabinet named \"{0}\" already exists")]
    CabinetExists(String),
    /// The store holds no cabinet yet.
    #[error("the store holds no cabinet yet: create one first")]
    NoCabinet,
    /// This computer has no user yet.
    #[error("this computer has no user yet: choose the cabinet and the person first")]
    NoWorkstation,
    /// Several cabinets exist and the command needs to know which one.
    #[error("the store holds several cabinets ({}): choose one", .0.join(", "))]
    CabinetAmbiguous(Vec<String>),
    /// The timezone name is not in the IANA database.
    #[error("unknown timezone \"{0}\" (expected an IANA name such as Europe/Paris)")]
    UnknownTimezone(String),
    /// No staff member has this email in the cabinet(s) searched.
    #[error("no staff member with email {email}{}", match cabinet {
        Some(c) => format!(" in cabinet \"{c}\""),
        None => String::new(),
    })]
    UnknownUser {
        /// The email searched.
        email: String,
        /// The cabinet searched, or None for every cabinet.
        cabinet: Option<String>,
    },
    /// The same email exists in several cabinets.
    #[error("{email} exists in several cabinets ({}): choose one", cabinets.join(", "))]
    UserAmbiguous {
        /// The email.
        email: String,
        /// The cabinets holding it.
        cabinets: Vec<String>,
    },
    /// An inactive staff member cannot be a computer's user: they receive nothing.
    #[error("{email} is inactive: choose an active staff member, or make this one active again")]
    InactiveUser {
        /// The person's email.
        email: String,
    },
    /// This computer's user cannot be removed or deactivated from its own window.
    #[error("{email} is this computer's user: choose another user on this computer first")]
    WorkstationUser {
        /// The person's email.
        email: String,
    },
    /// The notification does not exist for this user.
    #[error("notification {0} not found in {1}'s inbox")]
    UnknownNotification(i64, String),
    /// A stored or given setting is not valid.
    #[error("setting {key} = \"{value}\" is invalid: {reason}")]
    InvalidSetting {
        /// The setting.
        key: String,
        /// The value refused.
        value: String,
        /// Why.
        reason: String,
    },
    /// The setting name is not one Vigie knows.
    #[error("unknown setting \"{0}\"")]
    UnknownSetting(String),
    /// A CSV import was refused; every problem is listed, one a line.
    #[error("{}", problem_lines(problems))]
    Import {
        /// Every problem found.
        problems: Vec<crate::import::ImportProblem>,
        /// True when the file itself cannot be read (encoding, quotes, header), so that
        /// skipping the invalid rows would not help.
        whole_file: bool,
    },
    /// An email template could not be parsed or rendered.
    #[error("{0}")]
    Template(String),
    /// The cabinet has no SMTP server configured.
    #[error("no SMTP server is configured for cabinet \"{0}\": configure one first")]
    SmtpNotConfigured(String),
    /// Sending failed, or could not be prepared; `failure` says at which step.
    #[error("{message}")]
    Smtp {
        /// Where it failed: login, connection, the server's answer, or local preparation.
        failure: SmtpFailure,
        /// The server's or the network's answer, or what could not be prepared.
        message: String,
    },
    /// The OS keyring could not be used.
    #[error("{0}")]
    Keyring(String),
    /// The server wants a login, and no password is stored for it.
    #[error("no SMTP password is stored for {user}@{host}")]
    SmtpPasswordMissing {
        /// The login.
        user: String,
        /// The server.
        host: String,
    },
    /// A login over an unencrypted connection to a server off this computer, not allowed.
    #[error(
        "security none with a login would send the password in clear over the network to {host}: \
         use starttls or tls, or, on a network you trust, allow it (setting smtp.allow_cleartext_password)"
    )]
    CleartextPassword {
        /// The server.
        host: String,
    },
    /// A change to the SMTP settings leaves out a value they need (`key`: smtp.host,
    /// smtp.from_email, or smtp.user when a password is given).
    #[error("the SMTP settings need {}", smtp_missing_words(key))]
    SmtpIncomplete {
        /// The setting that has no value.
        key: &'static str,
    },
    /// No outbox row has this id (in this cabinet).
    #[error("no outbox row {0}")]
    UnknownOutboxRow(i64),
    /// The job name is not one of the scheduler's.
    #[error("unknown job \"{0}\" (expected one of check, weekly_digest, cleanup, status_update)")]
    UnknownJob(String),
    /// Another scheduler (daemon, app or command) is running this job right now.
    #[error(
        "job {job} of cabinet \"{cabinet}\" is already running (started {} by {owner}); try again when it has finished", crate::store::instant_text(*since)
    )]
    JobBusy {
        /// The job.
        job: String,
        /// Its cabinet.
        cabinet: String,
        /// The scheduler running it.
        owner: String,
        /// Since when.
        since: chrono::DateTime<chrono::Utc>,
    },
    /// A pause asked to end at an instant already past, which would hold nothing.
    #[error("the pause end {until} is already past: give a later date, or pause with no end until alerts are resumed")]
    PauseOver {
        /// The end asked for, in the cabinet's local time.
        until: String,
    },
    /// The data folder cannot be watched for changes made by other processes.
    #[error(
        "cannot watch the data folder {path} for changes made by other Vigie processes ({reason}): alerts they create will show only when this program reads the store again"
    )]
    WatchUnavailable {
        /// The data folder.
        path: PathBuf,
        /// What the system said, in words (a limit reached, a folder gone).
        reason: String,
    },
    /// A snooze asked to end at an instant already past, which would hide nothing.
    #[error("the snooze end {until} is already past: choose a later moment")]
    SnoozeOver {
        /// The end asked for, in the cabinet's local time.
        until: String,
    },
    /// A form of the firm's data was refused: every wrong field is listed with its reason, and
    /// nothing was stored.
    #[error("nothing was saved: {}", field_problems(.0))]
    InvalidFields(Vec<crate::firm::FieldProblem>),
    /// No client, deadline, document, task, event or staff member has this id in the cabinet
    /// (deleted since, or another cabinet's).
    #[error("no {} with id {id} in this cabinet", kind.english())]
    UnknownRecord {
        /// What was looked for.
        kind: crate::firm::RecordKind,
        /// Its id.
        id: i64,
    },
    /// A value given by the person (a name, an option) could not be understood.
    #[error("{0}")]
    InvalidInput(String),
    /// Something that should not happen happened (a task that died, a runtime that would not
    /// start): a bug or the system, not the person's input.
    #[error("{0}")]
    Internal(String),
}

/// Which step of sending an email failed: what a person can do about it differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SmtpFailure {
    /// The server refused the login.
    Auth,
    /// The server could not be reached, or the connection or TLS failed, or it timed out.
    Unreachable,
    /// The server answered with a refusal (a 4xx or 5xx reply) other than the login's.
    Rejected,
    /// The connection or the email could not be prepared here (certificate file, sender or
    /// recipient that cannot go in a header).
    Setup,
}

fn smtp_missing_words(key: &str) -> &'static str {
    match key {
        "smtp.host" => "a server: give a host name or a preset",
        "smtp.from_email" => "a sender address",
        "smtp.user" => "a login to go with the password",
        _ => "another value",
    }
}

fn field_problems(problems: &[crate::firm::FieldProblem]) -> String {
    problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
}

fn problem_lines(problems: &[crate::import::ImportProblem]) -> String {
    problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
}

/// Result type of the engine.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod samples;

#[cfg(test)]
mod tests {
    #[test]
    fn messages_name_no_command_line_and_no_flag() {
        for (error, _) in super::samples::all() {
            let message = error.to_string();
            assert!(!message.contains("vigie "), "{message}");
            assert!(!message.contains("--"), "{message}");
            assert!(!message.contains('`'), "{message}");
        }
    }

    #[test]
    fn store_errors_still_name_the_store_and_the_backup() {
        let damaged = super::Error::StoreDamaged { path: "/d/vigie.db".into(), backup: Some("/d/backups/b.db".into()) };
        assert_eq!(damaged.to_string(), "the store /d/vigie.db is damaged; the latest backup is /d/backups/b.db");
    }
}
