//! A person's quiet hours: a daily span of local time, in their cabinet's timezone, during
//! which no pop-up is shown to them (their inbox and badge go on). None by default.

use crate::cabinet::Cabinet;
use crate::error::{Error, Result};
use crate::staff::StaffMember;
use crate::store::Store;
use chrono::{DateTime, NaiveTime, Utc};
use rusqlite::params;
use serde::Serialize;

/// A daily span `[from, until)` of local time; it spans midnight when `from` is after `until`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QuietHours {
    /// Start, local time (`HH:MM`).
    #[serde(serialize_with = "hh_mm")]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub from: NaiveTime,
    /// End (excluded), local time (`HH:MM`).
    #[serde(serialize_with = "hh_mm")]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub until: NaiveTime,
}

fn hh_mm<S: serde::Serializer>(t: &NaiveTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&t.format("%H:%M").to_string())
}

/// Reads a local time typed as `19:00`, `19h00`, `19h` or `7:05`.
pub fn parse_time(text: &str) -> Result<NaiveTime> {
    let t = text.trim().to_lowercase();
    let t = if t.ends_with('h') { format!("{t}00") } else { t };
    let t = t.replace('h', ":");
    NaiveTime::parse_from_str(&t, "%H:%M")
        .map_err(|_| Error::InvalidInput(format!("\"{text}\" is not a time of day (expected HH:MM, such as 19:00)")))
}

impl QuietHours {
    /// Quiet hours from `from` to `until`; an empty span (both equal) is refused, since it would
    /// read as either nothing or the whole day.
    pub fn new(from: NaiveTime, until: NaiveTime) -> Result<QuietHours> {
        if from == until {
            return Err(Error::InvalidInput("quiet hours must start and end at different times".into()));
        }
        Ok(QuietHours { from, until })
    }

    /// Whether the local time `t` falls in the span.
    pub fn contains(&self, t: NaiveTime) -> bool {
        if self.from < self.until { self.from <= t && t < self.until } else { t >= self.from || t < self.until }
    }

    /// Whether `now` falls in the span, read in the cabinet's timezone (so the span follows the
    /// wall clock across daylight-saving changes).
    pub fn holds_at(&self, cabinet: &Cabinet, now: DateTime<Utc>) -> bool {
        self.contains(now.with_timezone(&cabinet.timezone).time())
    }
}

/// Quiet hours as a form types them (`19:00`, `19h`…): both empty is none; otherwise each is
/// checked, and every problem named by its field in both languages.
pub fn from_form(from: &str, until: &str) -> Result<Option<QuietHours>> {
    use crate::firm::form::{Field, Form};
    if from.trim().is_empty() && until.trim().is_empty() {
        return Ok(None);
    }
    let mut form = Form::default();
    let mut read = |field: Field, text: &str| {
        if text.trim().is_empty() {
            form.problem(field, "required, but empty", "indiquez une heure, par exemple 19:00");
            return None;
        }
        match parse_time(text) {
            Ok(t) => Some(t),
            Err(e) => {
                let french =
                    format!("«\u{a0}{}\u{a0}» n'est pas une heure : écrivez HH:MM, par exemple 19:00", text.trim());
                form.problem(field, e.to_string(), french);
                None
            }
        }
    };
    let (from, until) = (read(Field::QuietFrom, from), read(Field::QuietUntil, until));
    if let (Some(f), Some(u)) = (from, until)
        && f == u
    {
        form.problem(
            Field::QuietUntil,
            "quiet hours must start and end at different times",
            "la fin doit différer du début (sinon, rien ou toute la journée ?)",
        );
    }
    let hours = from.zip(until).map(|(from, until)| QuietHours { from, until });
    form.finish(hours).map(Some)
}

/// The member's quiet hours (None when they have none). A stored value that does not parse
/// counts as none: a pop-up too many is better than an error on every check.
pub fn get(store: &Store, member: &StaffMember) -> Result<Option<QuietHours>> {
    let (from, until): (Option<String>, Option<String>) = store.conn().query_row(
        "SELECT quiet_from, quiet_until FROM staff WHERE id = ?1 AND cabinet_id = ?2",
        params![member.id, member.cabinet_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let (Some(from), Some(until)) = (from, until) else { return Ok(None) };
    Ok(match (parse_time(&from), parse_time(&until)) {
        (Ok(from), Ok(until)) => QuietHours::new(from, until).ok(),
        _ => None,
    })
}

/// Sets (or, with None, removes) the member's quiet hours.
pub fn set(store: &Store, member: &StaffMember, hours: Option<QuietHours>) -> Result<()> {
    let text = |t: NaiveTime| t.format("%H:%M").to_string();
    store.conn().execute(
        "UPDATE staff SET quiet_from = ?3, quiet_until = ?4 WHERE id = ?1 AND cabinet_id = ?2",
        params![member.id, member.cabinet_id, hours.map(|h| text(h.from)), hours.map(|h| text(h.until))],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> NaiveTime {
        parse_time(text).unwrap()
    }

    #[test]
    fn a_span_across_midnight_holds_in_the_evening_and_the_morning() {
        let night = QuietHours::new(t("19:00"), t("08:00")).unwrap();
        assert!(night.contains(t("19:00")) && night.contains(t("23:59")) && night.contains(t("07:59")));
        assert!(!night.contains(t("08:00")) && !night.contains(t("12:00")) && !night.contains(t("18:59")));
        let lunch = QuietHours::new(t("12h"), t("13h30")).unwrap();
        assert!(lunch.contains(t("12:00")) && !lunch.contains(t("13:30")) && !lunch.contains(t("11:59")));
        assert!(QuietHours::new(t("9:00"), t("09:00")).is_err());
        assert!(parse_time("25:00").is_err() && parse_time("soir").is_err());
    }

    #[test]
    fn a_form_names_each_wrong_field_in_french() {
        assert_eq!(from_form(" ", "").unwrap(), None);
        assert_eq!(from_form("19h", "08:00").unwrap(), Some(QuietHours { from: t("19:00"), until: t("08:00") }));
        let Err(Error::InvalidFields(problems)) = from_form("25:00", "") else { panic!("refused") };
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["quiet_from", "quiet_until"]);
        assert!(problems[0].french.contains("25:00") && problems[0].french.contains("HH:MM"), "{problems:?}");
        let Err(Error::InvalidFields(problems)) = from_form("9:00", "09:00") else { panic!("refused") };
        assert_eq!(problems[0].field.as_str(), "quiet_until");
    }
}
