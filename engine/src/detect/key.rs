//! Dedup keys of alerts: how each kind's key is written, and read back by cleanup to know
//! which alerts must stay remembered while their subject is open.

use chrono::{Datelike, NaiveDate};
use std::fmt;

/// The step a deadline's reminder is at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadlineStep {
    /// `J-n`: n days or fewer before the deadline.
    Before(u32),
    /// `depassee`: past due.
    PastDue,
}

/// What one alert is about, written into `alert_keys.dedup_key` so it is raised once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AlertKey {
    /// `deadline:{id}:J-{n}` or `deadline:{id}:depassee`.
    Deadline {
        /// The deadline.
        id: i64,
        /// Its reminder step.
        step: DeadlineStep,
    },
    /// `document:{id}:{ISO week}`: one reminder a week.
    Document {
        /// The document request.
        id: i64,
        /// ISO week of the reminder, such as `2026-W48`.
        week: String,
    },
    /// `task:{id}:overdue`.
    LateTask {
        /// The task.
        id: i64,
    },
    /// `event:{id}`.
    Event {
        /// The event.
        id: i64,
    },
}

impl AlertKey {
    /// The weekly reminder key of a document request as of `date`.
    pub fn document(id: i64, date: NaiveDate) -> AlertKey {
        let week = date.iso_week();
        AlertKey::Document { id, week: format!("{}-W{:02}", week.year(), week.week()) }
    }

    /// The range `[from, to)` holding every key of one subject (`deadline:42:J-3`,
    /// `deadline:42:depassee`…; `event:42`) and no other subject's (`deadline:420:J-3` is
    /// outside), so that one subject's alerts are found through an index on the key.
    pub fn range(subject_type: &str, id: i64) -> (String, String) {
        match subject_type {
            // The whole key.
            "event" => (format!("event:{id}"), format!("event:{id}\u{1}")),
            // `{type}:{id}:` then anything; ';' follows ':' in byte order.
            other => (format!("{other}:{id}:"), format!("{other}:{id};")),
        }
    }

    /// Reads a stored key; None for a format Vigie does not write.
    pub fn parse(text: &str) -> Option<AlertKey> {
        let mut parts = text.splitn(3, ':');
        let kind = parts.next()?;
        let id: i64 = parts.next()?.parse().ok()?;
        let rest = parts.next();
        match (kind, rest) {
            ("deadline", Some("depassee")) => Some(AlertKey::Deadline { id, step: DeadlineStep::PastDue }),
            ("deadline", Some(step)) => {
                let n = step.strip_prefix("J-")?.parse().ok()?;
                Some(AlertKey::Deadline { id, step: DeadlineStep::Before(n) })
            }
            ("document", Some(week)) => Some(AlertKey::Document { id, week: week.to_string() }),
            ("task", Some("overdue")) => Some(AlertKey::LateTask { id }),
            ("event", None) => Some(AlertKey::Event { id }),
            _ => None,
        }
    }

    /// Whether the alert must stay remembered while its subject is open, even once its
    /// notification is gone: a deadline past due or a late task would otherwise be raised again.
    pub fn held_while_open(&self) -> bool {
        matches!(self, AlertKey::Deadline { step: DeadlineStep::PastDue, .. } | AlertKey::LateTask { .. })
    }
}

impl fmt::Display for AlertKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AlertKey::Deadline { id, step: DeadlineStep::Before(n) } => write!(f, "deadline:{id}:J-{n}"),
            AlertKey::Deadline { id, step: DeadlineStep::PastDue } => write!(f, "deadline:{id}:depassee"),
            AlertKey::Document { id, week } => write!(f, "document:{id}:{week}"),
            AlertKey::LateTask { id } => write!(f, "task:{id}:overdue"),
            AlertKey::Event { id } => write!(f, "event:{id}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_back_as_written() {
        let date = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        for key in [
            AlertKey::Deadline { id: 3, step: DeadlineStep::Before(7) },
            AlertKey::Deadline { id: 3, step: DeadlineStep::PastDue },
            AlertKey::document(4, date),
            AlertKey::LateTask { id: 5 },
            AlertKey::Event { id: 6 },
        ] {
            assert_eq!(AlertKey::parse(&key.to_string()), Some(key));
        }
        assert_eq!(AlertKey::document(4, date).to_string(), "document:4:2026-W48");
        assert_eq!(AlertKey::parse("deadline:3:J-0").unwrap().to_string(), "deadline:3:J-0");
        for other in ["digest:1:2026-W48", "deadline:x:depassee", "task:5", "event:6:x", "deadline:3:J-"] {
            assert_eq!(AlertKey::parse(other), None, "{other}");
        }
    }

    #[test]
    fn a_subjects_keys_and_only_they_lie_in_its_range() {
        let date = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let keys = |id| {
            [
                ("deadline", AlertKey::Deadline { id, step: DeadlineStep::Before(3) }),
                ("deadline", AlertKey::Deadline { id, step: DeadlineStep::PastDue }),
                ("document", AlertKey::document(id, date)),
                ("task", AlertKey::LateTask { id }),
                ("event", AlertKey::Event { id }),
            ]
        };
        for (subject, key) in keys(42) {
            let (from, to) = AlertKey::range(subject, 42);
            let key = key.to_string();
            assert!(from <= key && key < to, "{key} in [{from}, {to})");
            for other in [4, 41, 43, 420, 4200] {
                let (from, to) = AlertKey::range(subject, other);
                assert!(!(from <= key && key < to), "{key} not in [{from}, {to})");
            }
        }
    }

    #[test]
    fn only_past_due_deadlines_and_late_tasks_are_held_while_open() {
        assert!(AlertKey::Deadline { id: 1, step: DeadlineStep::PastDue }.held_while_open());
        assert!(AlertKey::LateTask { id: 1 }.held_while_open());
        assert!(!AlertKey::Deadline { id: 1, step: DeadlineStep::Before(0) }.held_while_open());
        assert!(!AlertKey::Event { id: 1 }.held_while_open());
        assert!(!AlertKey::Document { id: 1, week: "2026-W48".into() }.held_while_open());
    }
}
