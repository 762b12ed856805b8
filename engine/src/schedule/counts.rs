//! What a job run did, as recorded in its history row: typed for readers, stored as the same
//! flat JSON object as ever (`{"echeance_proche": 3, …, "emails_queued": 2}`), so that rows
//! written by earlier versions read back and SQL over `counts` keeps working.

use serde::{Deserialize, Serialize};

/// Notifications created by a check, per alert kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NotificationCounts {
    /// Deadlines due soon or past.
    pub echeance_proche: u64,
    /// Missing documents.
    pub documents_manquants: u64,
    /// Late tasks.
    pub taches_retard: u64,
    /// Important events.
    pub evenement_important: u64,
}

/// A run's counts; each job records only its own (a member left out was not counted).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct JobCounts {
    /// Notifications created (check).
    #[serde(flatten, default, skip_serializing_if = "Option::is_none")]
    pub notifications: Option<NotificationCounts>,
    /// Emails queued (check, weekly digest).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emails_queued: Option<u64>,
    /// Emails waiting for a later check because they could not be queued (check).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emails_pending: Option<u64>,
    /// Tasks marked late (status update).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tasks_late: Option<u64>,
    /// Deadlines marked overdue (status update).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadlines_overdue: Option<u64>,
    /// Read notifications deleted (cleanup).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notifications_deleted: Option<u64>,
    /// Old history rows deleted (cleanup).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_runs_deleted: Option<u64>,
    /// Old outbox rows deleted (cleanup).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emails_deleted: Option<u64>,
    /// Alert keys of deleted subjects removed (cleanup).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert_keys_deleted: Option<u64>,
    /// Deadlines the fiscal calendar created (the status update's monthly run).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadlines_generated: Option<u64>,
    /// Generated deadlines it recomputed or removed (the status update's monthly run).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadlines_regenerated: Option<u64>,
}

impl JobCounts {
    /// Reads the stored JSON; `None` when it is not a counts object.
    pub fn from_stored(text: &str) -> Option<Self> {
        serde_json::from_str(text).ok()
    }

    /// The recorded counts as `(name, value)`, in the stored object's order.
    pub fn entries(&self) -> Vec<(String, u64)> {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::Object(map)) => {
                map.into_iter().filter_map(|(k, v)| v.as_u64().map(|v| (k, v))).collect()
            }
            _ => Vec::new(),
        }
    }
}

impl std::fmt::Display for JobCounts {
    /// The stored JSON, for logs and one-line summaries.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&serde_json::to_string(self).map_err(|_| std::fmt::Error)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_objects_read_back_and_write_the_same() {
        for stored in [
            r#"{"documents_manquants":1,"echeance_proche":3,"emails_queued":2,"evenement_important":0,"taches_retard":4}"#,
            r#"{"deadlines_overdue":1,"tasks_late":2}"#,
            r#"{"alert_keys_deleted":0,"emails_deleted":5,"job_runs_deleted":0,"notifications_deleted":7}"#,
            r#"{}"#,
        ] {
            let counts = JobCounts::from_stored(stored).unwrap();
            let again: serde_json::Value = serde_json::to_value(&counts).unwrap();
            assert_eq!(again, serde_json::from_str::<serde_json::Value>(stored).unwrap(), "{stored}");
        }
        let check = JobCounts::from_stored(r#"{"echeance_proche":3,"documents_manquants":1,"taches_retard":0,"evenement_important":0,"emails_queued":2}"#).unwrap();
        assert_eq!(check.notifications.unwrap().echeance_proche, 3);
        assert_eq!(check.emails_queued, Some(2));
        let status = JobCounts::from_stored(r#"{"tasks_late":2,"deadlines_overdue":1}"#).unwrap();
        assert_eq!((status.notifications, status.tasks_late), (None, Some(2)));
        assert!(JobCounts::from_stored("[1]").is_none());
    }
}
