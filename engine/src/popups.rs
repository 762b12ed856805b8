//! What the desktop pops up now for this computer's user: their notifications created since
//! the last look, one pop-up each, or one summary when more than three come at once.
//!
//! A notification is looked at once: popped, or held for good when pop-ups are muted on this
//! computer, the person is in their quiet hours, the cabinet's alerts are paused, or the person
//! turned pop-ups off for its kind. Held ones never pop up later (they wait in the inbox and the
//! badge): a pile of stale pop-ups at 9 h would be noise. A watermark in the store, moved in
//! the same transaction as the reading, keeps the same notification from popping up twice,
//! across restarts too.

use crate::cabinet::Cabinet;
use crate::email::channels;
use crate::error::Result;
use crate::quiet;
use crate::schedule;
use crate::store::{Store, WriteTransaction};
use crate::workstation::{self, Workstation};
use chrono::{DateTime, Days, NaiveTime, Utc};
use rusqlite::OptionalExtension;
use serde::Serialize;

/// More pop-ups than this at once become one summary.
pub const GROUP_ABOVE: usize = 3;

/// Titles the summary lists before "et N autres".
const SUMMARY_TITLES: usize = 3;

/// One native pop-up, in French.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PopUp {
    /// The notification to open when clicked; None for a summary (open the inbox).
    pub notification_id: Option<i64>,
    /// First line.
    pub title: String,
    /// Details: the client and the due date, or the first titles of a summary.
    pub body: String,
}

/// Why nothing pops up right now, if anything holds pop-ups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Held {
    /// Muted on this computer.
    Muted,
    /// The person's quiet hours.
    QuietHours,
    /// The cabinet's alerts are paused.
    AlertsPaused,
}

/// What holds the user's pop-ups at `now`, if anything.
pub fn held(store: &Store, user: &Workstation, now: DateTime<Utc>) -> Result<Option<Held>> {
    if workstation::muted(store)?.holds_at(now) {
        return Ok(Some(Held::Muted));
    }
    if quiet::get(store, &user.member)?.is_some_and(|q| q.holds_at(&user.cabinet, now)) {
        return Ok(Some(Held::QuietHours));
    }
    if schedule::pause::get(store, user.cabinet.id)?.holds_at(now) {
        return Ok(Some(Held::AlertsPaused));
    }
    Ok(None)
}

/// The pop-ups to show now, marking every notification looked at so it never comes again.
pub fn due(store: &mut Store, now: DateTime<Utc>) -> Result<Vec<PopUp>> {
    let tx = store.begin_write()?;
    let popups = due_in(&tx, now)?;
    tx.commit()?;
    Ok(popups)
}

fn due_in(tx: &WriteTransaction<'_>, now: DateTime<Utc>) -> Result<Vec<PopUp>> {
    let Some(user) = workstation::get(tx.store())? else { return Ok(Vec::new()) };
    let since = workstation::watermark(tx)?;
    // Inside the write transaction no check can add a row between this read and the watermark.
    let top: i64 = tx.query_row("SELECT ifnull(max(id), 0) FROM notifications", [], |r| r.get(0))?;
    workstation::advance(tx, top)?;
    if held(tx.store(), &user, now)?.is_some() {
        return Ok(Vec::new());
    }
    // One read already (its subject done in the meantime, or opened in the window) has nothing
    // left to say.
    let mut stmt = tx.prepare_cached(
        "SELECT id, kind, title, body FROM notifications
         WHERE recipient_id = ?1 AND cabinet_id = ?2 AND id > ?3 AND id <= ?4 AND read_at IS NULL ORDER BY id",
    )?;
    let rows = stmt.query_map([user.member.id, user.cabinet.id, since, top], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
    })?;
    let mut popups = Vec::new();
    for row in rows {
        let (id, kind, title, body) = row?;
        // A kind unknown to the channels (a newer detector) pops up: on by default.
        if channels::get(tx, &user.member, &kind).map_or(true, |c| c.popup) {
            popups.push(PopUp { notification_id: Some(id), title, body });
        }
    }
    Ok(group(popups))
}

/// The pop-ups for notifications whose snooze just ended ("Rappel : …"), those of the
/// workstation's user among `ids`, unless something holds pop-ups or the person turned them off
/// for the kind. Not watermarked: a snooze comes back once per snooze.
pub fn returned(store: &Store, ids: &[i64], now: DateTime<Utc>) -> Result<Vec<PopUp>> {
    let Some(user) = workstation::get(store)? else { return Ok(Vec::new()) };
    if ids.is_empty() || held(store, &user, now)?.is_some() {
        return Ok(Vec::new());
    }
    let mut stmt = store.conn().prepare_cached(
        "SELECT kind, title, body FROM notifications WHERE id = ?1 AND recipient_id = ?2 AND cabinet_id = ?3",
    )?;
    let mut popups = Vec::new();
    for &id in ids {
        let row = stmt
            .query_row([id, user.member.id, user.cabinet.id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
            })
            .optional()?;
        let Some((kind, title, body)) = row else { continue };
        if channels::get(store.conn(), &user.member, &kind).map_or(true, |c| c.popup) {
            popups.push(PopUp { notification_id: Some(id), title: format!("Rappel : {title}"), body });
        }
    }
    Ok(group(popups))
}

/// One summary instead of more than [`GROUP_ABOVE`] pop-ups.
pub fn group(popups: Vec<PopUp>) -> Vec<PopUp> {
    if popups.len() <= GROUP_ABOVE {
        return popups;
    }
    let mut lines: Vec<String> = popups.iter().take(SUMMARY_TITLES).map(|p| p.title.clone()).collect();
    let more = popups.len() - SUMMARY_TITLES;
    lines.push(if more == 1 { "… et 1 autre".to_string() } else { format!("… et {more} autres") });
    vec![PopUp { notification_id: None, title: format!("{} nouvelles alertes", popups.len()), body: lines.join("\n") }]
}

/// Tomorrow at 09:00 in the cabinet's timezone ("Jusqu'à demain 9 h").
pub fn tomorrow_at_nine(cabinet: &Cabinet, now: DateTime<Utc>) -> DateTime<Utc> {
    let today = now.with_timezone(&cabinet.timezone).date_naive();
    let tomorrow = today.checked_add_days(Days::new(1)).unwrap_or(today);
    cabinet.local_to_utc(tomorrow.and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap_or(NaiveTime::MIN)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn popup(i: i64) -> PopUp {
        PopUp { notification_id: Some(i), title: format!("Alerte {i}"), body: String::new() }
    }

    #[test]
    fn more_than_three_become_one_summary_listing_the_first_titles() {
        assert_eq!(group((1..=3).map(popup).collect()).len(), 3);
        let summary = group((1..=5).map(popup).collect());
        assert_eq!(summary.len(), 1);
        assert_eq!(summary[0].title, "5 nouvelles alertes");
        assert_eq!(summary[0].body, "Alerte 1\nAlerte 2\nAlerte 3\n… et 2 autres");
        assert_eq!(summary[0].notification_id, None);
        assert!(group((1..=4).map(popup).collect())[0].body.ends_with("… et 1 autre"));
    }

    #[test]
    fn tomorrow_at_nine_is_local_and_follows_daylight_saving() {
        let c = Cabinet { id: 1, name: "A".into(), timezone: chrono_tz::Europe::Paris };
        let at = |s| crate::store::parse_instant(s).unwrap();
        // Saturday 28 March 2026, 22:00 in Paris (CET); Sunday 9 h is CEST.
        assert_eq!(tomorrow_at_nine(&c, at("2026-03-28T21:00:00Z")), at("2026-03-29T07:00:00Z"));
        assert_eq!(tomorrow_at_nine(&c, at("2026-11-25T23:30:00Z")), at("2026-11-27T08:00:00Z"));
    }
}
