//! Cabinets: the firms sharing one store, each fully isolated from the others.

use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::store::{Store, instant_text};
use chrono::{NaiveDate, TimeZone};
use chrono_tz::Tz;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

/// Timezone given to a cabinet created without one.
pub const DEFAULT_TIMEZONE: &str = "Europe/Paris";

/// One firm in the store.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cabinet {
    /// Row id.
    pub id: i64,
    /// Name, unique in the store.
    pub name: String,
    /// IANA timezone in which its dates and schedules are read.
    #[serde(serialize_with = "serialize_tz")]
    pub timezone: Tz,
}

fn serialize_tz<S: serde::Serializer>(tz: &Tz, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(tz.name())
}

impl Cabinet {
    /// Today's date in the cabinet's timezone.
    pub fn today(&self, clock: &dyn Clock) -> NaiveDate {
        clock.now().with_timezone(&self.timezone).date_naive()
    }

    /// Reads a local wall-clock time in the cabinet's timezone: the first (earlier) instant when
    /// it happens twice on the fall-back night, as the scheduler runs a repeated time at its
    /// first occurrence; one hour later when it falls in the spring-forward gap.
    pub fn local_to_utc(&self, local: chrono::NaiveDateTime) -> chrono::DateTime<chrono::Utc> {
        use chrono::LocalResult;
        match self.timezone.from_local_datetime(&local) {
            LocalResult::Single(t) => t.to_utc(),
            LocalResult::Ambiguous(first, _) => first.to_utc(),
            LocalResult::None => {
                // Spring-forward gap: the wall-clock hour that does not exist maps to its end.
                let later = local + chrono::Duration::hours(1);
                self.timezone
                    .from_local_datetime(&later)
                    .earliest()
                    .map(|t| t.to_utc())
                    .unwrap_or_else(|| local.and_utc())
            }
        }
    }
}

/// Parses an IANA timezone name.
pub fn parse_timezone(name: &str) -> Result<Tz> {
    name.parse::<Tz>().map_err(|_| Error::UnknownTimezone(name.to_string()))
}

/// Creates a cabinet.
pub fn add(store: &Store, clock: &dyn Clock, name: &str, timezone: Option<&str>) -> Result<Cabinet> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::InvalidInput("a cabinet needs a name".into()));
    }
    // The name goes into email footers and subjects: one line, nothing a terminal would obey.
    crate::text::check_line(name).map_err(|reason| Error::InvalidInput(format!("cabinet name: {reason}")))?;
    let tz = parse_timezone(timezone.unwrap_or(DEFAULT_TIMEZONE))?;
    if find(store, name)?.is_some() {
        return Err(Error::CabinetExists(name.to_string()));
    }
    store.conn().execute(
        "INSERT INTO cabinets (name, timezone, created_at) VALUES (?1, ?2, ?3)",
        params![name, tz.name(), instant_text(clock.now())],
    )?;
    Ok(Cabinet { id: store.conn().last_insert_rowid(), name: name.to_string(), timezone: tz })
}

fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Cabinet> {
    let tz_name: String = row.get(2)?;
    let timezone = tz_name.parse::<Tz>().map_err(|_| {
        rusqlite::Error::FromSqlConversionFailure(
            2,
            rusqlite::types::Type::Text,
            format!("cabinet timezone {tz_name:?} is not an IANA name").into(),
        )
    })?;
    Ok(Cabinet { id: row.get(0)?, name: row.get(1)?, timezone })
}

/// Every cabinet, by name.
pub fn list(store: &Store) -> Result<Vec<Cabinet>> {
    let mut stmt = store.conn().prepare("SELECT id, name, timezone FROM cabinets ORDER BY name")?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The cabinet with this name, if any.
pub fn find(store: &Store, name: &str) -> Result<Option<Cabinet>> {
    Ok(store
        .conn()
        .query_row("SELECT id, name, timezone FROM cabinets WHERE name = ?1", [name.trim()], from_row)
        .optional()?)
}

/// The cabinet with this id.
pub fn get(store: &Store, id: i64) -> Result<Cabinet> {
    Ok(store.conn().query_row("SELECT id, name, timezone FROM cabinets WHERE id = ?1", [id], from_row)?)
}

/// The named cabinet, or the only one when no name is given.
pub fn resolve(store: &Store, name: Option<&str>) -> Result<Cabinet> {
    match name {
        Some(name) => find(store, name)?.ok_or_else(|| Error::UnknownCabinet(name.to_string())),
        None => {
            let mut all = list(store)?;
            match all.len() {
                0 => Err(Error::NoCabinet),
                1 => Ok(all.remove(0)),
                _ => Err(Error::CabinetAmbiguous(all.into_iter().map(|c| c.name).collect())),
            }
        }
    }
}

/// The named cabinet, or every cabinet when no name is given.
pub fn select(store: &Store, name: Option<&str>) -> Result<Vec<Cabinet>> {
    match name {
        Some(name) => Ok(vec![resolve(store, Some(name))?]),
        None => list(store),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::SystemClock;

    #[test]
    fn names_are_unique_and_timezones_checked() {
        let store = Store::open_in_memory().unwrap();
        let a = add(&store, &SystemClock, "Cabinet A", None).unwrap();
        assert_eq!(a.timezone, chrono_tz::Europe::Paris);
        assert!(matches!(add(&store, &SystemClock, "Cabinet A", None), Err(Error::CabinetExists(_))));
        assert!(matches!(add(&store, &SystemClock, "B", Some("Europe/Lutece")), Err(Error::UnknownTimezone(_))));
        assert_eq!(resolve(&store, None).unwrap(), a);
        add(&store, &SystemClock, "B", Some("America/Martinique")).unwrap();
        assert!(matches!(resolve(&store, None), Err(Error::CabinetAmbiguous(_))));
        assert_eq!(list(&store).unwrap().len(), 2);
        let refused = add(&store, &SystemClock, "C\u{1b}[2J", None).unwrap_err().to_string();
        assert_eq!(refused, "cabinet name: control character U+001B is not allowed");
        assert!(add(&store, &SystemClock, "Cabinet\nBcc: x@y.fr", None).is_err());
    }

    #[test]
    fn local_times_in_the_spring_gap_move_forward() {
        let store = Store::open_in_memory().unwrap();
        let c = add(&store, &SystemClock, "A", None).unwrap();
        let local = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap().and_hms_opt(2, 30, 0).unwrap();
        // 02:30 does not exist in Paris that night; 03:30 CEST is 01:30 UTC.
        assert_eq!(instant_text(c.local_to_utc(local)), "2026-03-29T01:30:00Z");
    }

    #[test]
    fn local_times_on_the_fall_back_night_are_their_first_occurrence() {
        let store = Store::open_in_memory().unwrap();
        let c = add(&store, &SystemClock, "A", None).unwrap();
        let local = NaiveDate::from_ymd_opt(2026, 10, 25).unwrap().and_hms_opt(2, 30, 0).unwrap();
        // 02:30 happens twice in Paris that night: 02:30 CEST (00:30 UTC), then 02:30 CET (01:30 UTC).
        assert_eq!(instant_text(c.local_to_utc(local)), "2026-10-25T00:30:00Z");
    }
}
