//! The `check` job: finds what needs an alert as of a date and creates each notification once.

pub(crate) mod deadlines;
pub(crate) mod directory;
pub(crate) mod documents;
mod events;
pub mod key;
mod raise;
pub(crate) mod tasks;

pub use deadlines::step_for;
pub use key::AlertKey;

use crate::cabinet::Cabinet;
use crate::error::Result;
use crate::model::AlertKind;
use crate::settings::AlertConfig;
use crate::store::{Store, instant_text};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;
use serde::Serialize;
use std::collections::BTreeMap;

/// Notifications created, per alert kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct KindCounts {
    /// Deadlines due soon or past.
    pub echeance_proche: u64,
    /// Missing documents.
    pub documents_manquants: u64,
    /// Late tasks.
    pub taches_retard: u64,
    /// Important events.
    pub evenement_important: u64,
}

impl KindCounts {
    /// Adds one to `kind`.
    pub fn bump(&mut self, kind: AlertKind) {
        *self.get_mut(kind) += 1;
    }

    fn get_mut(&mut self, kind: AlertKind) -> &mut u64 {
        match kind {
            AlertKind::EcheanceProche => &mut self.echeance_proche,
            AlertKind::DocumentsManquants => &mut self.documents_manquants,
            AlertKind::TachesRetard => &mut self.taches_retard,
            AlertKind::EvenementImportant => &mut self.evenement_important,
        }
    }

    /// The count for `kind`.
    pub fn get(&self, kind: AlertKind) -> u64 {
        match kind {
            AlertKind::EcheanceProche => self.echeance_proche,
            AlertKind::DocumentsManquants => self.documents_manquants,
            AlertKind::TachesRetard => self.taches_retard,
            AlertKind::EvenementImportant => self.evenement_important,
        }
    }

    /// Sum over kinds.
    pub fn total(&self) -> u64 {
        AlertKind::ALL.iter().map(|k| self.get(*k)).sum()
    }

    /// Adds another set of counts to this one.
    pub fn add(&mut self, other: &KindCounts) {
        for kind in AlertKind::ALL {
            *self.get_mut(*kind) += other.get(*kind);
        }
    }
}

/// What one check of one cabinet did.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    /// Cabinet checked.
    pub cabinet_id: i64,
    /// Date the check was made as of, in the cabinet's timezone.
    pub date: NaiveDate,
    /// Notifications created, per kind.
    pub created: KindCounts,
    /// Ids of the notifications created, grouped by recipient (for emails and pop-ups).
    pub new_by_recipient: BTreeMap<i64, Vec<i64>>,
}

/// Everything a detector needs to look at one cabinet on one date.
pub(crate) struct Context<'a> {
    pub conn: &'a Connection,
    pub cabinet: &'a Cabinet,
    pub date: NaiveDate,
    pub settings: &'a AlertConfig,
}

/// A notification to create for each of its recipients.
pub(crate) struct Pending<'a> {
    pub kind: AlertKind,
    pub subject_type: &'static str,
    pub subject_id: i64,
    pub dedup_key: AlertKey,
    /// Its title and body, written only when the alert is new to someone: most of what a check
    /// finds was raised by an earlier one.
    pub wording: Box<dyn Fn() -> (String, String) + 'a>,
    pub recipients: Vec<i64>,
}

/// Checks one cabinet as of `date` (a date in its timezone), stamping new notifications `now`.
///
/// Runs in one write transaction; the `alert_keys` ledger (UNIQUE cabinet, recipient, dedup
/// key, never emptied by cleanup while the alert could come again) makes a repeated or
/// concurrent check create nothing twice.
pub fn check(store: &mut Store, cabinet: &Cabinet, date: NaiveDate, now: DateTime<Utc>) -> Result<CheckReport> {
    store.with_job_cache(|store| check_with(store, cabinet, date, now))
}

fn check_with(store: &mut Store, cabinet: &Cabinet, date: NaiveDate, now: DateTime<Utc>) -> Result<CheckReport> {
    let started = std::time::Instant::now();
    let settings = AlertConfig::load(store, cabinet.id)?;
    let tx = store.begin_write()?;
    let dir = directory::Directory::load(&tx, cabinet.id)?;
    let ctx = Context { conn: &tx, cabinet, date, settings: &settings };
    let mut pending = Vec::new();
    deadlines::detect(&ctx, &dir, &mut pending)?;
    documents::detect(&ctx, &dir, &mut pending)?;
    tasks::detect(&ctx, &dir, &mut pending)?;
    events::detect(&ctx, &dir, &mut pending)?;
    let detected = started.elapsed();

    let mut report =
        CheckReport { cabinet_id: cabinet.id, date, created: KindCounts::default(), new_by_recipient: BTreeMap::new() };
    raise::raise(&tx, &pending, &instant_text(now), &mut report)?;
    let raised = started.elapsed();
    tx.commit()?;
    // Where a slow check spends its time, for VIGIE_LOG=debug.
    tracing::debug!(
        cabinet = cabinet.id,
        found = pending.len(),
        created = report.created.total(),
        detect_ms = detected.as_millis() as u64,
        raise_ms = (raised - detected).as_millis() as u64,
        commit_ms = (started.elapsed() - raised).as_millis() as u64,
        "check timings"
    );
    Ok(report)
}
