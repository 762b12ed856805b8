//! Dates and durations written the way French accounting staff read them.

use chrono::{Datelike, NaiveDate, Weekday};
use std::fmt;

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// The French name of the month numbered `month` (1 to 12), or None.
pub(crate) fn month(month: u32) -> Option<&'static str> {
    MONTHS.get(usize::try_from(month).ok()?.checked_sub(1)?).copied()
}

/// The French name of a weekday.
pub fn weekday(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "lundi",
        Weekday::Tue => "mardi",
        Weekday::Wed => "mercredi",
        Weekday::Thu => "jeudi",
        Weekday::Fri => "vendredi",
        Weekday::Sat => "samedi",
        Weekday::Sun => "dimanche",
    }
}

/// "mardi 1er décembre 2026".
pub fn long_date(date: NaiveDate) -> String {
    LongDate(date).to_string()
}

/// [`long_date`] as a value to write into a larger text without a String of its own (a check
/// words tens of thousands of alerts).
pub struct LongDate(pub NaiveDate);

impl fmt::Display for LongDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let date = self.0;
        let weekday = weekday(date.weekday());
        let month = MONTHS[date.month0() as usize];
        match date.day() {
            1 => write!(f, "{weekday} 1er {month} {}", date.year()),
            day => write!(f, "{weekday} {day} {month} {}", date.year()),
        }
    }
}

/// "01/12/2026".
pub fn short_date(date: NaiveDate) -> String {
    ShortDate(date).to_string()
}

/// [`short_date`] as a value to write into a larger text (not chrono's `format`, which parses
/// its pattern on every call).
pub struct ShortDate(pub NaiveDate);

impl fmt::Display for ShortDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}/{:02}/{:04}", self.0.day(), self.0.month(), self.0.year())
    }
}

/// "aujourd'hui", "demain", "dans 3 jours".
pub fn in_days(days: i64) -> String {
    InDays(days).to_string()
}

/// [`in_days`] as a value to write into a larger text.
pub struct InDays(pub i64);

impl fmt::Display for InDays {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            0 => f.write_str("aujourd'hui"),
            1 => f.write_str("demain"),
            n => write!(f, "dans {n} jours"),
        }
    }
}

/// "1 jour", "5 jours".
pub fn days(n: i64) -> String {
    Days(n).to_string()
}

/// [`days`] as a value to write into a larger text.
pub struct Days(pub i64);

impl fmt::Display for Days {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0;
        if n.abs() <= 1 { write!(f, "{n} jour") } else { write!(f, "{n} jours") }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_in_french() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(long_date(d), "mardi 1er décembre 2026");
        let d = NaiveDate::from_ymd_opt(2026, 8, 15).unwrap();
        assert_eq!(long_date(d), "samedi 15 août 2026");
        assert_eq!(short_date(d), "15/08/2026");
        assert_eq!(in_days(0), "aujourd'hui");
        assert_eq!(in_days(1), "demain");
        assert_eq!(in_days(3), "dans 3 jours");
        assert_eq!(days(1), "1 jour");
        assert_eq!(days(4), "4 jours");
    }
}
