//! Per-cabinet settings: alert horizons, reminder steps, retention, SMTP, job schedules.
//!
//! Each setting has one parser (in [`parse`]) that checks a value on write and turns the
//! stored text into its type on read: a value is never checked as text and parsed again.

pub mod parse;
pub mod pause;

use crate::error::{Error, Result};
use crate::store::Store;
use rusqlite::params;
use serde::Serialize;

/// One setting Vigie knows, with its default and how to check a value.
struct Definition {
    key: &'static str,
    default: &'static str,
    description: &'static str,
    check: fn(&str) -> Result<(), String>,
}

const DEFINITIONS: &[Definition] = &[
    Definition {
        key: "echeance.horizon_days",
        default: "7",
        description: "Deadlines due within this many days raise echeance_proche",
        check: |v| parse::days(v).map(drop),
    },
    Definition {
        key: "echeance.steps",
        default: "7,3,1,0",
        description: "Reminder steps in days before a deadline (0 = due today)",
        check: |v| parse::steps(v).map(drop),
    },
    Definition {
        key: "documents.horizon_days",
        default: "7",
        description: "Missing documents due within this many days (or past) raise documents_manquants",
        check: |v| parse::days(v).map(drop),
    },
    Definition {
        key: "evenements.horizon_days",
        default: "2",
        description: "Important events starting within this many days raise evenement_important",
        check: |v| parse::days(v).map(drop),
    },
    Definition {
        key: "cleanup.read_retention_days",
        default: "30",
        description: "Read notifications older than this many days are deleted by cleanup",
        check: |v| parse::days(v).map(drop),
    },
    Definition {
        key: "outbox.sent_retention_days",
        default: "30",
        description: "Sent emails older than this many days are deleted by cleanup",
        check: |v| parse::days(v).map(drop),
    },
    Definition {
        key: "smtp.host",
        default: "",
        description: "SMTP server host name (empty: email is off)",
        check: |v| parse::host(v).map(drop),
    },
    Definition {
        key: "smtp.port",
        default: "587",
        description: "SMTP server port",
        check: |v| parse::port(v).map(drop),
    },
    Definition {
        key: "smtp.security",
        default: "starttls",
        description: "starttls, tls (implicit, usually port 465) or none",
        check: |v| parse::security(v).map(drop),
    },
    Definition {
        key: "smtp.user",
        default: "",
        description: "SMTP login (empty: no authentication); the password is in the OS keyring",
        check: |v| parse::single_line(v).map(drop),
    },
    Definition {
        key: "smtp.from_email",
        default: "",
        description: "Sender address of Vigie's emails",
        check: |v| parse::optional_email(v).map(drop),
    },
    Definition {
        key: "smtp.from_name",
        default: "Vigie",
        description: "Sender name of Vigie's emails",
        check: |v| parse::single_line(v).map(drop),
    },
    Definition {
        key: "smtp.timeout_secs",
        default: "30",
        description: "Longest wait for the SMTP server: to connect and log in, then to take each email",
        check: |v| parse::timeout_secs(v).map(drop),
    },
    Definition {
        key: "smtp.ca_file",
        default: "",
        description: "PEM file of a private certificate authority to trust (empty: the system's)",
        check: |v| parse::single_line(v).map(drop),
    },
    Definition {
        key: "smtp.allow_cleartext_password",
        default: "false",
        description: "true: with security none, send the login and password unencrypted to a server that is not on this computer",
        check: |v| parse::boolean(v).map(drop),
    },
    Definition {
        key: "jobs.check.cron",
        default: "0 9,14 * * *",
        description: "When the check job runs (cron, in the cabinet's timezone)",
        check: |v| parse::cron(v).map(drop),
    },
    Definition {
        key: "jobs.check.catchup_hours",
        default: "12",
        description: "A check missed (computer off or asleep) by at most this many hours runs once on return",
        check: |v| parse::catchup_hours(v).map(drop),
    },
    Definition {
        key: "jobs.weekly_digest.cron",
        default: "0 8 * * 1",
        description: "When the weekly digest is sent (cron, in the cabinet's timezone)",
        check: |v| parse::cron(v).map(drop),
    },
    Definition {
        key: "jobs.weekly_digest.catchup_hours",
        default: "24",
        description: "A weekly digest missed by at most this many hours is sent once on return",
        check: |v| parse::catchup_hours(v).map(drop),
    },
    Definition {
        key: "jobs.cleanup.cron",
        default: "0 2 * * 0",
        description: "When cleanup runs (cron, in the cabinet's timezone)",
        check: |v| parse::cron(v).map(drop),
    },
    Definition {
        key: "jobs.cleanup.catchup_hours",
        default: "24",
        description: "A cleanup missed by at most this many hours runs once on return",
        check: |v| parse::catchup_hours(v).map(drop),
    },
    Definition {
        key: "jobs.status_update.cron",
        default: "0 0 * * *",
        description: "When statuses are updated (cron, in the cabinet's timezone)",
        check: |v| parse::cron(v).map(drop),
    },
    Definition {
        key: "jobs.status_update.catchup_hours",
        default: "12",
        description: "A status update missed by at most this many hours runs once on return",
        check: |v| parse::catchup_hours(v).map(drop),
    },
    Definition {
        key: "jobs.history_retention_days",
        default: "90",
        description: "Job history older than this many days is deleted by cleanup",
        check: |v| parse::days(v).map(drop),
    },
    Definition {
        key: "jobs.paused_until",
        default: "",
        description: "Alerts (check, weekly digest) are paused until this instant, or indefinitely; empty when not paused",
        check: |v| pause::Pause::parse(v).map(drop),
    },
];

/// A cabinet's alert settings, read and parsed in one go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AlertConfig {
    /// Days ahead a deadline starts to remind.
    pub echeance_horizon_days: u32,
    /// Reminder steps, ascending.
    pub echeance_steps: Vec<u32>,
    /// Days ahead a missing document starts to remind.
    pub documents_horizon_days: u32,
    /// Days ahead an important event is announced.
    pub events_horizon_days: u32,
    /// Days a read notification is kept.
    pub read_retention_days: u32,
}

/// One setting as shown to a person.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SettingEntry {
    /// Setting name.
    pub key: &'static str,
    /// Current value (the default when never set).
    pub value: String,
    /// Default value.
    pub default: &'static str,
    /// What it does.
    pub description: &'static str,
}

fn definition(key: &str) -> Result<&'static Definition> {
    DEFINITIONS.iter().find(|d| d.key == key).ok_or_else(|| Error::UnknownSetting(key.to_string()))
}

fn stored(store: &Store, cabinet_id: i64, key: &str) -> Result<Option<String>> {
    use rusqlite::OptionalExtension;
    store
        .conn()
        .query_row("SELECT value FROM settings WHERE cabinet_id = ?1 AND key = ?2", params![cabinet_id, key], |r| {
            r.get(0)
        })
        .optional()
        .map_err(|e| match e {
            // A value that is not text at all (written by another tool) is corrupt, not a crash.
            rusqlite::Error::InvalidColumnType(..) | rusqlite::Error::FromSqlConversionFailure(..) => {
                Error::InvalidSetting { key: key.to_string(), value: "(not text)".into(), reason: e.to_string() }
            }
            e => Error::Db(e),
        })
}

/// The current value of one setting, checked.
pub fn get(store: &Store, cabinet_id: i64, key: &str) -> Result<String> {
    let def = definition(key)?;
    let value = stored(store, cabinet_id, key)?.unwrap_or_else(|| def.default.to_string());
    // A refused value is quoted with its line breaks escaped, so the message stays one line.
    (def.check)(&value).map_err(|reason| Error::InvalidSetting {
        key: key.to_string(),
        value: crate::email::header::visible(&value),
        reason,
    })?;
    Ok(value)
}

/// Checks a value for a setting without storing it.
pub fn check(key: &str, value: &str) -> Result<()> {
    let def = definition(key)?;
    (def.check)(value).map_err(|reason| Error::InvalidSetting {
        key: key.to_string(),
        value: crate::email::header::visible(value),
        reason,
    })
}

/// Stores one setting after checking it; an invalid value leaves the old one in place.
///
/// An `smtp.*` value is also checked together with the cabinet's other SMTP settings: one
/// that would send a password in clear over the network (`smtp.security none` under a login,
/// say) is refused as `vigie smtp set` refuses it, and nothing changes.
pub fn set(store: &mut Store, cabinet_id: i64, key: &str, value: &str) -> Result<()> {
    check(key, value)?;
    if !key.starts_with("smtp.") {
        return write(store.conn(), cabinet_id, key, value);
    }
    // Written, then the resulting settings checked; dropping the transaction rolls back.
    let tx = store.begin_write()?;
    write(&tx, cabinet_id, key, value)?;
    match crate::email::smtp::SmtpSettings::load(tx.store(), cabinet_id) {
        Ok(Some(smtp)) => smtp.check_cleartext_login()?,
        Ok(None) => {}
        // Another stored SMTP value is invalid (written by hand): repairing them one key at a
        // time must stay possible, and sending checks everything again.
        Err(Error::InvalidSetting { .. }) => {}
        Err(e) => return Err(e),
    }
    tx.commit()?;
    Ok(())
}

/// Stores a value already checked, alone: [`crate::email::smtp::SmtpSettings::save`] checks
/// the SMTP settings as a whole, and one key at a time they may pass through a refused state.
pub(crate) fn write(conn: &rusqlite::Connection, cabinet_id: i64, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (cabinet_id, key, value) VALUES (?1, ?2, ?3)
         ON CONFLICT (cabinet_id, key) DO UPDATE SET value = excluded.value",
        params![cabinet_id, key, value.trim()],
    )?;
    Ok(())
}

/// Every setting with its current value.
pub fn list(store: &Store, cabinet_id: i64) -> Result<Vec<SettingEntry>> {
    DEFINITIONS
        .iter()
        .map(|d| {
            Ok(SettingEntry {
                key: d.key,
                value: stored(store, cabinet_id, d.key)?.unwrap_or_else(|| d.default.to_string()),
                default: d.default,
                description: d.description,
            })
        })
        .collect()
}

/// One setting's stored value (or its default) parsed by `parse`; a value that does not parse
/// is [`Error::InvalidSetting`] naming the key, never a panic.
pub fn read<T>(store: &Store, cabinet_id: i64, key: &str, parse: fn(&str) -> Result<T, String>) -> Result<T> {
    let def = definition(key)?;
    let value = stored(store, cabinet_id, key)?.unwrap_or_else(|| def.default.to_string());
    parse(&value).map_err(|reason| Error::InvalidSetting {
        key: key.to_string(),
        value: crate::email::header::visible(&value),
        reason,
    })
}

impl AlertConfig {
    /// Reads and parses a cabinet's alert settings; a corrupted value is an error naming it.
    pub fn load(store: &Store, cabinet_id: i64) -> Result<AlertConfig> {
        let days = |key: &str| read(store, cabinet_id, key, parse::days);
        Ok(AlertConfig {
            echeance_horizon_days: days("echeance.horizon_days")?,
            echeance_steps: read(store, cabinet_id, "echeance.steps", parse::steps)?,
            documents_horizon_days: days("documents.horizon_days")?,
            events_horizon_days: days("evenements.horizon_days")?,
            read_retention_days: days("cleanup.read_retention_days")?,
        })
    }
}

/// Reads and parses a cabinet's alert settings (see [`AlertConfig::load`]).
pub fn load(store: &Store, cabinet_id: i64) -> Result<AlertConfig> {
    AlertConfig::load(store, cabinet_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{cabinet, clock::SystemClock};

    #[test]
    fn defaults_then_overrides() {
        let mut store = Store::open_in_memory().unwrap();
        let c = cabinet::add(&store, &SystemClock, "A", None).unwrap();
        let s = load(&store, c.id).unwrap();
        assert_eq!(s.echeance_steps, vec![0, 1, 3, 7]);
        assert_eq!(s.echeance_horizon_days, 7);
        set(&mut store, c.id, "echeance.steps", "10, 5,2").unwrap();
        assert_eq!(load(&store, c.id).unwrap().echeance_steps, vec![2, 5, 10]);
    }

    #[test]
    fn invalid_values_are_refused_and_the_old_one_kept() {
        let mut store = Store::open_in_memory().unwrap();
        let c = cabinet::add(&store, &SystemClock, "A", None).unwrap();
        set(&mut store, c.id, "documents.horizon_days", "10").unwrap();
        let err = set(&mut store, c.id, "documents.horizon_days", "dix").unwrap_err();
        assert_eq!(
            err.to_string(),
            "setting documents.horizon_days = \"dix\" is invalid: expected a whole number of days"
        );
        assert_eq!(get(&store, c.id, "documents.horizon_days").unwrap(), "10");
        assert!(matches!(set(&mut store, c.id, "nope", "1"), Err(Error::UnknownSetting(_))));
    }

    #[test]
    fn an_smtp_value_that_would_log_in_in_clear_is_refused_and_rolled_back() {
        let mut store = Store::open_in_memory().unwrap();
        let c = cabinet::add(&store, &SystemClock, "A", None).unwrap();
        for (key, value) in [("smtp.host", "mail.example.fr"), ("smtp.user", "u"), ("smtp.security", "starttls")] {
            set(&mut store, c.id, key, value).unwrap();
        }
        let err = set(&mut store, c.id, "smtp.security", "none").unwrap_err().to_string();
        assert!(err.contains("password in clear"), "{err}");
        assert_eq!(get(&store, c.id, "smtp.security").unwrap(), "starttls");
        // No transaction left open.
        assert!(store.conn().is_autocommit());
        // A broken other SMTP value does not hold up the repair of this one.
        store.conn().execute("UPDATE settings SET value = 'x' WHERE key = 'smtp.security'", []).unwrap();
        set(&mut store, c.id, "smtp.from_name", "Cabinet").unwrap();
        set(&mut store, c.id, "smtp.security", "tls").unwrap();
    }

    #[test]
    fn a_corrupted_stored_value_is_reported_by_name() {
        let store = Store::open_in_memory().unwrap();
        let c = cabinet::add(&store, &SystemClock, "A", None).unwrap();
        store.conn().execute("INSERT INTO settings VALUES (?1, 'echeance.steps', '7,trois')", [c.id]).unwrap();
        let err = load(&store, c.id).unwrap_err().to_string();
        assert!(err.contains("echeance.steps"), "{err}");
        assert!(err.contains("trois"), "{err}");
    }

    #[test]
    fn a_setting_that_is_not_text_is_reported_by_name() {
        let store = Store::open_in_memory().unwrap();
        let c = cabinet::add(&store, &SystemClock, "A", None).unwrap();
        store.conn().execute("INSERT INTO settings VALUES (?1, 'evenements.horizon_days', x'00ff')", [c.id]).unwrap();
        let err = load(&store, c.id).unwrap_err().to_string();
        assert!(err.starts_with("setting evenements.horizon_days = \"(not text)\" is invalid"), "{err}");
    }

    #[test]
    fn padded_values_written_by_hand_read_as_trimmed_ones() {
        let store = Store::open_in_memory().unwrap();
        let c = cabinet::add(&store, &SystemClock, "A", None).unwrap();
        for (key, value) in [("echeance.horizon_days", " 7 "), ("echeance.steps", " 7, 3,1 ,0 ")] {
            store
                .conn()
                .execute("INSERT INTO settings VALUES (?1, ?2, ?3)", rusqlite::params![c.id, key, value])
                .unwrap();
        }
        let padded = load(&store, c.id).unwrap();
        store.conn().execute("DELETE FROM settings", []).unwrap();
        assert_eq!(padded, load(&store, c.id).unwrap());
    }

    #[test]
    fn every_default_reads_with_its_parser() {
        for def in DEFINITIONS {
            assert_eq!((def.check)(def.default), Ok(()), "{}", def.key);
        }
        let store = Store::open_in_memory().unwrap();
        let c = cabinet::add(&store, &SystemClock, "A", None).unwrap();
        assert!(matches!(read(&store, c.id, "nope", parse::days), Err(Error::UnknownSetting(_))));
    }

    #[test]
    fn settings_are_per_cabinet() {
        let mut store = Store::open_in_memory().unwrap();
        let a = cabinet::add(&store, &SystemClock, "A", None).unwrap();
        let b = cabinet::add(&store, &SystemClock, "B", None).unwrap();
        set(&mut store, a.id, "evenements.horizon_days", "5").unwrap();
        assert_eq!(load(&store, a.id).unwrap().events_horizon_days, 5);
        assert_eq!(load(&store, b.id).unwrap().events_horizon_days, 2);
    }
}
