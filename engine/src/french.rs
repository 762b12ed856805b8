//! Dates and durations written the way French accounting staff read them.

use chrono::{Datelike, NaiveDate, Weekday};

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
    let day = date.day();
    let ordinal = if day == 1 { "1er".to_string() } else { day.to_string() };
    format!("{} {ordinal} {} {}", weekday(date.weekday()), MONTHS[date.month0() as usize], date.year())
}

/// "01/12/2026".
pub fn short_date(date: NaiveDate) -> String {
    // Not chrono's `format`, which parses its pattern on every call: a check writes tens of
    // thousands of these.
    format!("{:02}/{:02}/{:04}", date.day(), date.month(), date.year())
}

/// "aujourd'hui", "demain", "dans 3 jours".
pub fn in_days(days: i64) -> String {
    match days {
        0 => "aujourd'hui".into(),
        1 => "demain".into(),
        n => format!("dans {n} jours"),
    }
}

/// "1 jour", "5 jours".
pub fn days(n: i64) -> String {
    if n.abs() <= 1 { format!("{n} jour") } else { format!("{n} jours") }
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
