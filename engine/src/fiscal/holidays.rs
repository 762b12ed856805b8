//! French public holidays and working days, for the rule that a deadline falling on a Saturday,
//! a Sunday or a public holiday moves to the next working day.
//!
//! The eleven national holidays of the Code du travail (art. L3133-1); Easter is computed, not
//! listed. Alsace-Moselle's two extra days (Good Friday, 26 December) are not tax holidays.

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// Easter Sunday of `year` (Gregorian calendar), by the anonymous Gregorian algorithm
/// (Meeus/Jones/Butcher).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    // month is 3 or 4 and day 1..=31 by construction; MIN only for years chrono cannot hold.
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).unwrap_or(NaiveDate::MIN)
}

/// Whether `day` is a French public holiday: 1 January, Easter Monday, 1 May, 8 May, Ascension
/// (Easter + 39), Whit Monday (Easter + 50), 14 July, 15 August, 1 November, 11 November,
/// 25 December.
pub fn is_public_holiday(day: NaiveDate) -> bool {
    if matches!((day.month(), day.day()), (1, 1) | (5, 1) | (5, 8) | (7, 14) | (8, 15) | (11, 1) | (11, 11) | (12, 25))
    {
        return true;
    }
    let easter = easter_sunday(day.year());
    [1, 39, 50].iter().any(|&offset| easter.checked_add_days(Days::new(offset)) == Some(day))
}

/// Whether `day` is a working day: Monday to Friday and not a public holiday.
pub fn is_working_day(day: NaiveDate) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !is_public_holiday(day)
}

/// `day` itself when it is a working day, else the next working day.
pub fn next_working_day(day: NaiveDate) -> NaiveDate {
    let mut current = day;
    // At most a weekend plus a holiday or two: the loop ends within days.
    while !is_working_day(current) {
        match current.succ_opt() {
            Some(next) => current = next,
            None => return current,
        }
    }
    current
}

/// The `n`-th working day strictly after `day` ("le 2e jour ouvré suivant le 1er mai" is
/// `nth_working_day_after(1 May, 2)`); `day` itself when `n` is 0.
pub fn nth_working_day_after(day: NaiveDate, n: u32) -> NaiveDate {
    let mut current = day;
    for _ in 0..n {
        match current.succ_opt() {
            Some(next) => current = next_working_day(next),
            None => return current,
        }
    }
    current
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn easter_follows_the_gregorian_computus() {
        // Published dates: 2026-04-05, 2027-03-28, 2028-04-16, plus a few outside the window.
        assert_eq!(easter_sunday(2026), d(2026, 4, 5));
        assert_eq!(easter_sunday(2027), d(2027, 3, 28));
        assert_eq!(easter_sunday(2028), d(2028, 4, 16));
        assert_eq!(easter_sunday(2024), d(2024, 3, 31));
        assert_eq!(easter_sunday(2025), d(2025, 4, 20));
        assert_eq!(easter_sunday(2038), d(2038, 4, 25));
        assert_eq!(easter_sunday(2285), d(2285, 3, 22));
        for year in 1900..2200 {
            assert_eq!(easter_sunday(year).weekday(), Weekday::Sun, "{year}");
        }
    }

    #[test]
    fn moving_holidays_of_2026_to_2028() {
        // python3 calendar: Easter Monday 6/4/2026, 29/3/2027, 17/4/2028 (Mondays);
        // Ascension 14/5/2026, 6/5/2027, 25/5/2028 (Thursdays);
        // Whit Monday 25/5/2026, 17/5/2027, 5/6/2028 (Mondays).
        for day in [
            d(2026, 4, 6),
            d(2026, 5, 14),
            d(2026, 5, 25),
            d(2027, 3, 29),
            d(2027, 5, 6),
            d(2027, 5, 17),
            d(2028, 4, 17),
            d(2028, 5, 25),
            d(2028, 6, 5),
        ] {
            assert!(is_public_holiday(day), "{day}");
            assert!(!is_working_day(day), "{day}");
        }
        // Easter Sunday is a Sunday anyway; Good Friday is not a national holiday.
        assert!(!is_public_holiday(d(2026, 4, 3)));
        assert!(is_working_day(d(2026, 4, 3)));
        assert!(!is_public_holiday(d(2026, 4, 7)));
    }

    #[test]
    fn fixed_holidays() {
        for (m, day) in [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)] {
            assert!(is_public_holiday(d(2027, m, day)), "{day}/{m}");
        }
        assert!(!is_public_holiday(d(2027, 12, 26)));
        assert!(!is_public_holiday(d(2027, 5, 2)));
    }

    #[test]
    fn shifts_over_weekends_and_holidays() {
        // 15/3/2026 is a Sunday → Monday 16/3.
        assert_eq!(next_working_day(d(2026, 3, 15)), d(2026, 3, 16));
        // 15/8/2027 is a Sunday (and a holiday) → Monday 16/8.
        assert_eq!(next_working_day(d(2027, 8, 15)), d(2027, 8, 16));
        // 1/11/2026 is a Sunday → Monday 2/11; 1/11/2027 is a Monday holiday → Tuesday 2/11.
        assert_eq!(next_working_day(d(2026, 11, 1)), d(2026, 11, 2));
        assert_eq!(next_working_day(d(2027, 11, 1)), d(2027, 11, 2));
        // 14/7/2028 is a Friday holiday → Monday 17/7.
        assert_eq!(next_working_day(d(2028, 7, 14)), d(2028, 7, 17));
        // Saturday 1/5/2027 → Monday 3/5; Saturday 8/5/2027 → Monday 10/5.
        assert_eq!(next_working_day(d(2027, 5, 8)), d(2027, 5, 10));
        // A working day stays put: Wednesday 15/4/2026.
        assert_eq!(next_working_day(d(2026, 4, 15)), d(2026, 4, 15));
        // Friday 25/12/2026 → Monday 28/12.
        assert_eq!(next_working_day(d(2026, 12, 25)), d(2026, 12, 28));
    }

    #[test]
    fn second_working_day_after_may_first() {
        // 2026: 1 May is a Friday → Mon 4 (1st), Tue 5 (2nd).
        assert_eq!(nth_working_day_after(d(2026, 5, 1), 2), d(2026, 5, 5));
        // 2027: 1 May is a Saturday → Mon 3 (1st), Tue 4 (2nd).
        assert_eq!(nth_working_day_after(d(2027, 5, 1), 2), d(2027, 5, 4));
        // 2028: 1 May is a Monday → Tue 2 (1st), Wed 3 (2nd).
        assert_eq!(nth_working_day_after(d(2028, 5, 1), 2), d(2028, 5, 3));
        assert_eq!(nth_working_day_after(d(2028, 5, 1), 0), d(2028, 5, 1));
        // Across a holiday: Thursday 7/5/2026 → Monday 11/5 (Friday 8 May is a holiday).
        assert_eq!(nth_working_day_after(d(2026, 5, 7), 1), d(2026, 5, 11));
    }

    #[test]
    fn weekdays_checked_against_python_calendar() {
        // The shifts above rely on these weekdays (python3 -c "import datetime; ...weekday()").
        assert_eq!(d(2026, 3, 15).weekday(), Weekday::Sun);
        assert_eq!(d(2027, 8, 15).weekday(), Weekday::Sun);
        assert_eq!(d(2026, 5, 1).weekday(), Weekday::Fri);
        assert_eq!(d(2027, 5, 1).weekday(), Weekday::Sat);
        assert_eq!(d(2028, 5, 1).weekday(), Weekday::Mon);
    }
}
