//! The inbox's tabs (Toutes, Non lues, one per kind, Archivées) and their counts.

use crate::error::{Error, Result};
use crate::model::AlertKind;
use crate::staff::StaffMember;
use crate::store::Store;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Which notifications a tab shows. Snoozed ones are in none until they come back; archived
/// ones only in `Archived`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "specta", derive(specta::Type), specta(type = String))]
pub enum Tab {
    /// Toutes: every notification neither snoozed nor archived.
    #[default]
    All,
    /// Non lues: the unread ones of `All`.
    Unread,
    /// One kind's notifications of `All`.
    Kind(AlertKind),
    /// Archivées: the archived ones.
    Archived,
}

impl Tab {
    /// Reads a tab name: `all`, `unread`, `archived`, or a kind such as `echeance_proche`
    /// (the French names `toutes`, `non_lues`, `archivees` are accepted too).
    pub fn parse(text: &str) -> Option<Tab> {
        match crate::model::normalize(text).as_str() {
            "all" | "toutes" => Some(Tab::All),
            "unread" | "non_lues" => Some(Tab::Unread),
            "archived" | "archivees" => Some(Tab::Archived),
            _ => AlertKind::parse(text).map(Tab::Kind),
        }
    }

    /// The stored name of the tab, as `parse` reads it back.
    pub fn as_str(self) -> &'static str {
        match self {
            Tab::All => "all",
            Tab::Unread => "unread",
            Tab::Archived => "archived",
            Tab::Kind(kind) => kind.as_str(),
        }
    }

    /// The accepted names, for error messages.
    pub fn expected() -> String {
        format!("all, unread, archived, {}", AlertKind::expected())
    }

    /// The SQL condition on a `notifications` row (alias-free) for this tab; the kind, when
    /// there is one, is bound by the caller as the next parameter.
    pub(crate) fn condition(self) -> &'static str {
        match self {
            Tab::All => "archived_at IS NULL AND snoozed_until IS NULL",
            Tab::Unread => "archived_at IS NULL AND snoozed_until IS NULL AND read_at IS NULL",
            Tab::Kind(_) => "archived_at IS NULL AND snoozed_until IS NULL AND kind = ",
            Tab::Archived => "archived_at IS NOT NULL",
        }
    }
}

impl TryFrom<String> for Tab {
    type Error = Error;

    fn try_from(text: String) -> Result<Tab> {
        Tab::parse(&text).ok_or_else(|| {
            Error::InvalidInput(format!("\"{text}\" is not a tab (expected one of {})", Tab::expected()))
        })
    }
}

impl From<Tab> for String {
    fn from(tab: Tab) -> String {
        tab.as_str().to_string()
    }
}

/// How many notifications each tab holds, for the tab headers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TabCounts {
    /// Toutes.
    pub all: u64,
    /// Non lues (equal to the badge).
    pub unread: u64,
    /// One entry per kind, every kind present (0 when none).
    pub per_kind: BTreeMap<AlertKind, u64>,
    /// Archivées.
    pub archived: u64,
    /// Snoozed, waiting to come back (in no tab; shown as a hint).
    pub snoozed: u64,
}

/// Every tab's count for the user, from the counters the store's triggers keep (at most 16
/// rows, however many notifications the user has).
pub fn counts(store: &Store, user: &StaffMember) -> Result<TabCounts> {
    let mut stmt = store
        .conn()
        .prepare_cached("SELECT kind, state, n FROM inbox_counts WHERE cabinet_id = ?1 AND recipient_id = ?2")?;
    let mut rows = stmt.query(rusqlite::params![user.cabinet_id, user.id])?;
    let mut counts = TabCounts {
        all: 0,
        unread: 0,
        archived: 0,
        snoozed: 0,
        per_kind: AlertKind::ALL.iter().map(|k| (*k, 0)).collect(),
    };
    while let Some(row) = rows.next()? {
        let kind: String = row.get(0)?;
        let state: String = row.get(1)?;
        let n = row.get::<_, i64>(2)?.max(0) as u64;
        let kind =
            AlertKind::parse(&kind).ok_or_else(|| Error::Internal(format!("inbox_counts: unknown kind {kind:?}")))?;
        match state.as_str() {
            "unread" | "read" => {
                counts.all += n;
                *counts.per_kind.entry(kind).or_default() += n;
                if state == "unread" {
                    counts.unread += n;
                }
            }
            "archived" => counts.archived += n,
            "snoozed" => counts.snoozed += n,
            other => return Err(Error::Internal(format!("inbox_counts: unknown state {other:?}"))),
        }
    }
    Ok(counts)
}
