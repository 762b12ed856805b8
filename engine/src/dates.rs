//! Dates as people type them, in CSV files and on the command line alike.

use chrono::NaiveDate;

/// The years a date may fall in: a year outside is a typing error (`0099`, `20266`), and would
/// make an alert "703896 jours de retard".
pub(crate) const YEARS: std::ops::RangeInclusive<i32> = 1900..=2199;

/// `YYYY-MM-DD` or `DD/MM/YYYY`, with a four-digit year from 1900 to 2199.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    read_date(text).map_err(|refusal| refusal.english(text, "a date (expected YYYY-MM-DD or DD/MM/YYYY)"))
}

/// Why a date, or the date part of a date and time, was refused: the import says it in French
/// too, so the kind is kept rather than only the English sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DateRefusal {
    /// Not in one of the accepted spellings, or no such day (`31/02/2026`).
    Unreadable,
    /// A year not written with four digits (`31/12/99`, `-5`, `12345`).
    YearDigits,
    /// A four-digit year outside [`YEARS`].
    YearOutOfRange(String),
}

impl DateRefusal {
    /// The command line's sentence; `what` says what was expected, such as `a date (expected …)`.
    pub(crate) fn english(&self, text: &str, what: &str) -> String {
        match self {
            DateRefusal::Unreadable => format!("\"{text}\" is not {what}"),
            DateRefusal::YearDigits => {
                format!("\"{text}\": the year must have four digits (such as 31/12/2026 or 2026-12-31)")
            }
            DateRefusal::YearOutOfRange(year) => {
                format!("\"{text}\": year {year} is out of range ({} to {})", YEARS.start(), YEARS.end())
            }
        }
    }
}

/// [`parse_date`], with the refusal's kind.
pub(crate) fn read_date(text: &str) -> Result<NaiveDate, DateRefusal> {
    // A date typed in full, as files have them, is read without chrono's pattern parsing (an
    // import reads two or three per row); what this leaves, chrono reads or refuses.
    if let Some(date) = full_date(text) {
        return Ok(date);
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"))
        .map_err(|_| DateRefusal::Unreadable)?;
    check_year(text)?;
    Ok(date)
}

/// `YYYY-MM-DD` or `DD/MM/YYYY` with every digit, of an existing day of a year in [`YEARS`].
fn full_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 {
        return None;
    }
    let number = |range: std::ops::Range<usize>| {
        b[range].iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    let (year, month, day) = match (b[4], b[7], b[2], b[5]) {
        (b'-', b'-', _, _) => (number(0..4)?, number(5..7)?, number(8..10)?),
        (_, _, b'/', b'/') => (number(6..10)?, number(3..5)?, number(0..2)?),
        _ => return None,
    };
    let year = i32::try_from(year).ok().filter(|y| YEARS.contains(y))?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// Refuses what chrono's `%Y` accepts but no one means: a year not written with four digits
/// (`31/12/99`, `-5`, `12345`), or one outside [`YEARS`]. `date` is the date part of what was typed.
pub(crate) fn check_year(date: &str) -> Result<(), DateRefusal> {
    // `YYYY-MM-DD` starts with the year, `DD/MM/YYYY` ends with it.
    let year = if date.contains('/') { date.rsplit('/').next() } else { date.split('-').next() };
    let year = year.unwrap_or_default();
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DateRefusal::YearDigits);
    }
    match year.parse::<i32>() {
        Ok(y) if YEARS.contains(&y) => Ok(()),
        _ => Err(DateRefusal::YearOutOfRange(year.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_dates_read_as_chrono_reads_them() {
        use chrono::Datelike;
        let mut date = NaiveDate::from_ymd_opt(1899, 12, 1).unwrap();
        while date.year() < 2201 {
            for text in [date.format("%Y-%m-%d").to_string(), date.format("%d/%m/%Y").to_string()] {
                let chrono = NaiveDate::parse_from_str(&text, "%Y-%m-%d")
                    .or_else(|_| NaiveDate::parse_from_str(&text, "%d/%m/%Y"))
                    .ok()
                    .filter(|_| check_year(&text).is_ok());
                assert_eq!(read_date(&text).ok(), chrono, "{text}");
            }
            date += chrono::Duration::days(5);
        }
        for text in ["2026-02-29", "29/02/2026", "2026-13-01", "2026-00-10", "00/01/2026", "2026/01/01", "2026-1-012"] {
            assert!(read_date(text).is_err(), "{text}");
        }
        assert_eq!(read_date("2028-02-29"), Ok(NaiveDate::from_ymd_opt(2028, 2, 29).unwrap()));
    }

    #[test]
    fn both_spellings_and_only_four_digit_years() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        assert_eq!(parse_date("2026-12-31"), Ok(d));
        assert_eq!(parse_date("31/12/2026"), Ok(d));
        assert!(parse_date("31/12/99").unwrap_err().contains("four digits"));
        assert!(parse_date("hier").unwrap_err().contains("is not a date"));
    }
}
