//! One error of each variant, with its expected code: the tests of codes, payloads and wording
//! all go through this list, so that a new variant is tested everywhere once added here.

use super::{Error, ErrorCode, SmtpFailure};
use crate::firm::{Field, FieldProblem, RecordKind};
use crate::import::ImportProblem;
use std::path::PathBuf;

/// Every variant (every SMTP failure too), each with the code it must have.
pub fn all() -> Vec<(Error, ErrorCode)> {
    let path = || PathBuf::from("/data/vigie.db");
    let sqlite = || rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT), None);
    let smtp = |failure| Error::Smtp { failure, message: "535 5.7.8 authentication failed".into() };
    vec![
        (Error::StoreOpen { path: path(), source: sqlite() }, ErrorCode::StoreUnavailable),
        (Error::StoreTooNew { path: path(), found: 9, known: 3 }, ErrorCode::StoreTooNew),
        (Error::StoreForeign { path: path() }, ErrorCode::StoreForeign),
        (
            Error::StoreDamaged { path: path(), backup: Some(PathBuf::from("/data/backups/b.db")) },
            ErrorCode::StoreDamaged,
        ),
        (Error::StoreDamaged { path: path(), backup: None }, ErrorCode::StoreDamaged),
        (Error::StoreFull { path: path() }, ErrorCode::StoreFull),
        (Error::StoreReadOnly { path: path(), needs_update: true }, ErrorCode::StoreReadOnly),
        (Error::StoreReadOnly { path: path(), needs_update: false }, ErrorCode::StoreReadOnly),
        (Error::StoreBusy { path: path() }, ErrorCode::StoreLocked),
        (Error::StoreInUse { path: path() }, ErrorCode::StoreInUse),
        (Error::NotABackup { path: path(), reason: "not a SQLite file".into() }, ErrorCode::NotABackup),
        (Error::Db(sqlite()), ErrorCode::Internal),
        (Error::Io { path: path(), source: std::io::Error::other("denied") }, ErrorCode::Io),
        (Error::UnknownCabinet("A".into()), ErrorCode::NotFound),
        (Error::InactiveUser { email: "claire@a.fr".into() }, ErrorCode::InvalidInput),
        (Error::WorkstationUser { email: "claire@a.fr".into() }, ErrorCode::InvalidInput),
        (Error::CabinetExists("A".into()), ErrorCode::AlreadyExists),
        (Error::NoCabinet, ErrorCode::NoCabinet),
        (Error::NoWorkstation, ErrorCode::NoWorkstation),
        (Error::CabinetAmbiguous(vec!["A".into(), "B".into()]), ErrorCode::Ambiguous),
        (Error::UnknownTimezone("Mars/Olympus".into()), ErrorCode::InvalidInput),
        (Error::UnknownUser { email: "a@x.fr".into(), cabinet: Some("A".into()) }, ErrorCode::NotFound),
        (Error::UnknownUser { email: "a@x.fr".into(), cabinet: None }, ErrorCode::NotFound),
        (Error::UserAmbiguous { email: "a@x.fr".into(), cabinets: vec!["A".into(), "B".into()] }, ErrorCode::Ambiguous),
        (Error::UnknownNotification(7, "a@x.fr".into()), ErrorCode::NotFound),
        (
            Error::InvalidSetting { key: "smtp.port".into(), value: "x".into(), reason: "not a port".into() },
            ErrorCode::InvalidSetting,
        ),
        (Error::UnknownSetting("nope".into()), ErrorCode::NotFound),
        (
            Error::Import {
                problems: vec![ImportProblem::new(
                    "f.csv",
                    3,
                    "email",
                    "not an email",
                    "«\u{a0}claire\u{a0}» n'est pas une adresse e-mail valide",
                )],
                whole_file: false,
            },
            ErrorCode::ImportRefused,
        ),
        (Error::Template("alert.html: unexpected end".into()), ErrorCode::Template),
        (Error::SmtpNotConfigured("A".into()), ErrorCode::SmtpNotConfigured),
        (smtp(SmtpFailure::Auth), ErrorCode::SmtpAuth),
        (smtp(SmtpFailure::Unreachable), ErrorCode::SmtpUnreachable),
        (smtp(SmtpFailure::Rejected), ErrorCode::SmtpRejected),
        (smtp(SmtpFailure::Setup), ErrorCode::SmtpSetup),
        (Error::Keyring("the OS keyring cannot be used".into()), ErrorCode::Keyring),
        (Error::SmtpPasswordMissing { user: "u".into(), host: "smtp.x.fr".into() }, ErrorCode::SmtpPasswordMissing),
        (Error::CleartextPassword { host: "smtp.x.fr".into() }, ErrorCode::InvalidSetting),
        (Error::SmtpIncomplete { key: "smtp.host" }, ErrorCode::InvalidInput),
        (Error::SmtpIncomplete { key: "smtp.from_email" }, ErrorCode::InvalidInput),
        (Error::SmtpIncomplete { key: "smtp.user" }, ErrorCode::InvalidInput),
        (Error::PauseOver { until: "24/12/2026 18:00".into() }, ErrorCode::InvalidInput),
        (Error::SnoozeOver { until: "24/12/2026 18:00".into() }, ErrorCode::InvalidInput),
        (Error::UnknownOutboxRow(4), ErrorCode::NotFound),
        (Error::UnknownJob("nope".into()), ErrorCode::NotFound),
        (
            Error::JobBusy {
                job: "check".into(),
                cabinet: "A".into(),
                owner: "daemon".into(),
                since: chrono::DateTime::UNIX_EPOCH,
            },
            ErrorCode::JobBusy,
        ),
        (Error::InvalidInput("a cabinet needs a name".into()), ErrorCode::InvalidInput),
        (
            Error::InvalidFields(vec![
                FieldProblem {
                    field: Field::Siren,
                    reason: "\"732829321\": invalid SIREN: the Luhn check digit does not match".into(),
                    french: "«\u{a0}732829321\u{a0}» n'est pas un numéro SIREN valide".into(),
                },
                FieldProblem {
                    field: Field::Name,
                    reason: "required, but empty".into(),
                    french: "ce champ est obligatoire".into(),
                },
            ]),
            ErrorCode::InvalidFields,
        ),
        (
            Error::InvalidFields(vec![FieldProblem {
                field: Field::DueDate,
                reason: "\"31/02/2026\" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)".into(),
                french: "«\u{a0}31/02/2026\u{a0}» n'est pas une date valide".into(),
            }]),
            ErrorCode::InvalidFields,
        ),
        (Error::UnknownRecord { kind: RecordKind::Client, id: 7 }, ErrorCode::NotFound),
        (Error::UnknownRecord { kind: RecordKind::Deadline, id: 8 }, ErrorCode::NotFound),
        (Error::UnknownRecord { kind: RecordKind::Document, id: 9 }, ErrorCode::NotFound),
        (Error::UnknownRecord { kind: RecordKind::Task, id: 10 }, ErrorCode::NotFound),
        (Error::UnknownRecord { kind: RecordKind::Event, id: 11 }, ErrorCode::NotFound),
        (Error::UnknownRecord { kind: RecordKind::Staff, id: 12 }, ErrorCode::NotFound),
        (
            Error::WatchUnavailable {
                path: PathBuf::from("/data"),
                reason: "the limit of watched folders is reached".into(),
            },
            ErrorCode::WatchUnavailable,
        ),
        (Error::Internal("job task failed".into()), ErrorCode::Internal),
    ]
}
