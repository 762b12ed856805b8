//! The stable code of each error: what a shell branches on (a hint, a button, a retry), never
//! the wording, which may improve from version to version.

use super::{Error, SmtpFailure};
use serde::Serialize;

/// A stable, snake_case name for a family of errors; serialised as its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// A cabinet, user, notification, job, setting, outbox row or record of the firm's data
    /// (client, deadline…) that does not exist.
    NotFound,
    /// A cabinet with this name exists already.
    AlreadyExists,
    /// The store holds no cabinet yet.
    NoCabinet,
    /// This computer has no user yet (the desktop's first-run screen chooses one).
    NoWorkstation,
    /// Several cabinets match: the caller must choose one.
    Ambiguous,
    /// A value given could not be understood or is not allowed.
    InvalidInput,
    /// A form's fields were refused; `details.fields` names each with its reason.
    InvalidFields,
    /// A setting's value is not valid.
    InvalidSetting,
    /// A CSV import was refused.
    ImportRefused,
    /// An email template could not be parsed or rendered.
    Template,
    /// The cabinet has no SMTP server configured.
    SmtpNotConfigured,
    /// The SMTP server wants a password and none is stored.
    SmtpPasswordMissing,
    /// The SMTP server refused the login.
    SmtpAuth,
    /// The SMTP server could not be reached.
    SmtpUnreachable,
    /// The SMTP server refused the email.
    SmtpRejected,
    /// The connection or the email could not be prepared.
    SmtpSetup,
    /// The OS keyring could not be used.
    Keyring,
    /// The job is running elsewhere right now.
    JobBusy,
    /// The store could not be opened.
    StoreUnavailable,
    /// Another process holds the store's write lock.
    StoreLocked,
    /// The disk holding the store is full.
    StoreFull,
    /// The store file cannot be written.
    StoreReadOnly,
    /// The store file is damaged.
    StoreDamaged,
    /// The store was written by a newer version.
    StoreTooNew,
    /// The file is another program's database.
    StoreForeign,
    /// Another process has the store open (a restore needs it to itself).
    StoreInUse,
    /// The file given as a backup cannot be restored.
    NotABackup,
    /// A file could not be read or written.
    Io,
    /// The data folder cannot be watched for other processes' changes.
    WatchUnavailable,
    /// A bug or a system failure (a database error, a task that died).
    Internal,
}

impl ErrorCode {
    /// Every code, for documentation and tests.
    pub const ALL: [ErrorCode; 30] = [
        Self::NotFound,
        Self::AlreadyExists,
        Self::NoCabinet,
        Self::NoWorkstation,
        Self::Ambiguous,
        Self::InvalidInput,
        Self::InvalidFields,
        Self::InvalidSetting,
        Self::ImportRefused,
        Self::Template,
        Self::SmtpNotConfigured,
        Self::SmtpPasswordMissing,
        Self::SmtpAuth,
        Self::SmtpUnreachable,
        Self::SmtpRejected,
        Self::SmtpSetup,
        Self::Keyring,
        Self::JobBusy,
        Self::StoreUnavailable,
        Self::StoreLocked,
        Self::StoreFull,
        Self::StoreReadOnly,
        Self::StoreDamaged,
        Self::StoreTooNew,
        Self::StoreForeign,
        Self::StoreInUse,
        Self::NotABackup,
        Self::Io,
        Self::WatchUnavailable,
        Self::Internal,
    ];

    /// The code as written in payloads: `not_found`, `store_locked`…
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotFound => "not_found",
            Self::AlreadyExists => "already_exists",
            Self::NoCabinet => "no_cabinet",
            Self::NoWorkstation => "no_workstation",
            Self::Ambiguous => "ambiguous",
            Self::InvalidInput => "invalid_input",
            Self::InvalidFields => "invalid_fields",
            Self::InvalidSetting => "invalid_setting",
            Self::ImportRefused => "import_refused",
            Self::Template => "template",
            Self::SmtpNotConfigured => "smtp_not_configured",
            Self::SmtpPasswordMissing => "smtp_password_missing",
            Self::SmtpAuth => "smtp_auth",
            Self::SmtpUnreachable => "smtp_unreachable",
            Self::SmtpRejected => "smtp_rejected",
            Self::SmtpSetup => "smtp_setup",
            Self::Keyring => "keyring",
            Self::JobBusy => "job_busy",
            Self::StoreUnavailable => "store_unavailable",
            Self::StoreLocked => "store_locked",
            Self::StoreFull => "store_full",
            Self::StoreReadOnly => "store_read_only",
            Self::StoreDamaged => "store_damaged",
            Self::StoreTooNew => "store_too_new",
            Self::StoreForeign => "store_foreign",
            Self::StoreInUse => "store_in_use",
            Self::NotABackup => "not_a_backup",
            Self::Io => "io",
            Self::WatchUnavailable => "watch_unavailable",
            Self::Internal => "internal",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Error {
    /// The error's stable code.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::StoreOpen { .. } => ErrorCode::StoreUnavailable,
            Error::StoreTooNew { .. } => ErrorCode::StoreTooNew,
            Error::StoreForeign { .. } => ErrorCode::StoreForeign,
            Error::StoreDamaged { .. } => ErrorCode::StoreDamaged,
            Error::StoreFull { .. } => ErrorCode::StoreFull,
            Error::StoreReadOnly { .. } => ErrorCode::StoreReadOnly,
            Error::StoreBusy { .. } => ErrorCode::StoreLocked,
            Error::StoreInUse { .. } => ErrorCode::StoreInUse,
            Error::NotABackup { .. } => ErrorCode::NotABackup,
            Error::Migration(_) | Error::Db(_) | Error::Internal(_) => ErrorCode::Internal,
            Error::Io { .. } => ErrorCode::Io,
            Error::UnknownCabinet(_)
            | Error::UnknownUser { .. }
            | Error::UnknownNotification(..)
            | Error::UnknownSetting(_)
            | Error::UnknownJob(_)
            | Error::UnknownOutboxRow(_)
            | Error::UnknownRecord { .. } => ErrorCode::NotFound,
            Error::CabinetExists(_) => ErrorCode::AlreadyExists,
            Error::NoCabinet => ErrorCode::NoCabinet,
            Error::NoWorkstation => ErrorCode::NoWorkstation,
            Error::CabinetAmbiguous(_) | Error::UserAmbiguous { .. } => ErrorCode::Ambiguous,
            Error::UnknownTimezone(_)
            | Error::InvalidInput(_)
            | Error::InactiveUser { .. }
            | Error::WorkstationUser { .. }
            | Error::SmtpIncomplete { .. }
            | Error::PauseOver { .. }
            | Error::SnoozeOver { .. } => ErrorCode::InvalidInput,
            Error::InvalidSetting { .. } | Error::CleartextPassword { .. } => ErrorCode::InvalidSetting,
            Error::Import { .. } => ErrorCode::ImportRefused,
            Error::InvalidFields(_) => ErrorCode::InvalidFields,
            Error::Template(_) => ErrorCode::Template,
            Error::SmtpNotConfigured(_) => ErrorCode::SmtpNotConfigured,
            Error::SmtpPasswordMissing { .. } => ErrorCode::SmtpPasswordMissing,
            Error::Smtp { failure, .. } => match failure {
                SmtpFailure::Auth => ErrorCode::SmtpAuth,
                SmtpFailure::Unreachable => ErrorCode::SmtpUnreachable,
                SmtpFailure::Rejected => ErrorCode::SmtpRejected,
                SmtpFailure::Setup => ErrorCode::SmtpSetup,
            },
            Error::Keyring(_) => ErrorCode::Keyring,
            Error::WatchUnavailable { .. } => ErrorCode::WatchUnavailable,
            Error::JobBusy { .. } => ErrorCode::JobBusy,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_has_its_code() {
        for (error, code) in super::super::samples::all() {
            assert_eq!(error.code(), code, "{error:?}");
        }
    }

    #[test]
    fn codes_are_snake_case_and_serialise_as_their_name() {
        for code in ErrorCode::ALL {
            let name = code.as_str();
            assert!(name.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{name}");
            assert_eq!(serde_json::to_value(code).unwrap(), serde_json::Value::from(name));
        }
        let names: std::collections::HashSet<_> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(names.len(), ErrorCode::ALL.len(), "codes are distinct");
    }
}
