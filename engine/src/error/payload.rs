//! The serialisable view of an error, as it crosses to the UI: `{ code, message, details }`.

use super::{Error, ErrorCode};
use serde::Serialize;
use serde_json::{Value, json};

/// An error as data: its stable code, its one-paragraph message, and the structured fields a
/// shell may use (a path, a setting key, the cabinets to choose from, import problems).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ErrorPayload {
    /// The stable code.
    pub code: ErrorCode,
    /// The message: English, worded for any shell (`From<&Error>`), or French for the
    /// window ([`ErrorPayload::french`]).
    pub message: String,
    /// Structured fields; an empty object when there are none.
    pub details: Value,
}

impl From<&Error> for ErrorPayload {
    fn from(error: &Error) -> Self {
        Self { code: error.code(), message: error.to_string(), details: details(error) }
    }
}

impl ErrorPayload {
    /// The payload with the French message, for the window.
    pub fn french(error: &Error) -> Self {
        Self { code: error.code(), message: super::french::message(error), details: details(error) }
    }
}

fn details(error: &Error) -> Value {
    match error {
        Error::StoreOpen { path, .. }
        | Error::StoreForeign { path }
        | Error::StoreFull { path }
        | Error::StoreBusy { path }
        | Error::StoreInUse { path }
        | Error::Io { path, .. } => json!({ "path": path }),
        Error::StoreTooNew { path, found, known } => json!({ "path": path, "found": found, "known": known }),
        Error::StoreDamaged { path, backup } => json!({ "path": path, "backup": backup }),
        Error::StoreReadOnly { path, needs_update } => json!({ "path": path, "needs_update": needs_update }),
        Error::NotABackup { path, reason } | Error::WatchUnavailable { path, reason } => {
            json!({ "path": path, "reason": reason })
        }
        Error::UnknownCabinet(name) | Error::CabinetExists(name) | Error::SmtpNotConfigured(name) => {
            json!({ "cabinet": name })
        }
        Error::CabinetAmbiguous(names) => json!({ "cabinets": names }),
        Error::UnknownTimezone(name) => json!({ "timezone": name }),
        Error::UnknownUser { email, cabinet } => json!({ "email": email, "cabinet": cabinet }),
        Error::UserAmbiguous { email, cabinets } => json!({ "email": email, "cabinets": cabinets }),
        Error::InactiveUser { email } | Error::WorkstationUser { email } => json!({ "email": email }),
        Error::UnknownNotification(id, user) => json!({ "id": id, "user": user }),
        Error::InvalidSetting { key, value, reason } => json!({ "key": key, "value": value, "reason": reason }),
        Error::UnknownSetting(key) => json!({ "key": key }),
        Error::SmtpIncomplete { key } => json!({ "key": key }),
        Error::PauseOver { until } | Error::SnoozeOver { until } => json!({ "until": until }),
        Error::CleartextPassword { host } => json!({ "key": "smtp.allow_cleartext_password", "host": host }),
        Error::Import { problems, whole_file } => json!({ "problems": problems, "whole_file": whole_file }),
        Error::SmtpPasswordMissing { user, host } => json!({ "user": user, "host": host }),
        Error::UnknownJob(job) => json!({ "job": job }),
        Error::UnknownOutboxRow(id) => json!({ "id": id }),
        Error::InvalidFields(problems) => json!({ "fields": problems }),
        Error::UnknownRecord { kind, id } => json!({ "record": kind, "id": id }),
        Error::JobBusy { job, cabinet, owner, since } => {
            json!({ "job": job, "cabinet": cabinet, "owner": owner, "since": since })
        }
        Error::Migration(_)
        | Error::Db(_)
        | Error::NoCabinet
        | Error::NoWorkstation
        | Error::Template(_)
        | Error::Smtp { .. }
        | Error::Keyring(_)
        | Error::InvalidInput(_)
        | Error::Internal(_) => json!({}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_is_code_message_and_details_object() {
        for (error, code) in super::super::samples::all() {
            let value = serde_json::to_value(ErrorPayload::from(&error)).unwrap();
            let object = value.as_object().unwrap();
            assert_eq!(object.keys().collect::<Vec<_>>(), ["code", "details", "message"], "{value}");
            assert_eq!(value["code"], code.as_str());
            assert_eq!(value["message"], error.to_string());
            assert!(value["details"].is_object(), "{value}");
        }
    }

    #[test]
    fn the_french_payload_differs_only_by_its_message() {
        for (error, _) in super::super::samples::all() {
            let english = ErrorPayload::from(&error);
            let french = ErrorPayload::french(&error);
            assert_eq!((french.code, &french.details), (english.code, &english.details), "{error:?}");
            assert_eq!(french.message, super::super::french::message(&error));
        }
    }

    #[test]
    fn details_carry_the_structured_fields() {
        let ambiguous = Error::CabinetAmbiguous(vec!["A".into(), "B".into()]);
        assert_eq!(
            serde_json::to_value(ErrorPayload::from(&ambiguous)).unwrap(),
            json!({
                "code": "ambiguous",
                "message": "the store holds several cabinets (A, B): choose one",
                "details": { "cabinets": ["A", "B"] }
            })
        );
        let import = Error::Import {
            problems: vec![crate::import::ImportProblem::new(
                "f.csv",
                3,
                "email",
                "not an email",
                "adresse e-mail non valide",
            )],
            whole_file: false,
        };
        assert_eq!(
            ErrorPayload::from(&import).details,
            json!({
                "whole_file": false,
                "problems": [{ "file": "f.csv", "line": 3, "column": "email", "reason": "not an email" }]
            })
        );
        let damaged = Error::StoreDamaged { path: "/d/vigie.db".into(), backup: Some("/d/b.db".into()) };
        assert_eq!(ErrorPayload::from(&damaged).details, json!({ "path": "/d/vigie.db", "backup": "/d/b.db" }));
        let setting = Error::InvalidSetting { key: "smtp.port".into(), value: "x".into(), reason: "not a port".into() };
        assert_eq!(ErrorPayload::from(&setting).details["key"], "smtp.port");
    }
}
