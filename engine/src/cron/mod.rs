//! Cron expressions and the instants they name in a cabinet's timezone, across daylight saving.
//!
//! `croner` parses the expression and finds the matching wall-clock times (calendar rules,
//! ranges, steps, `L`, `#`…); this module turns each wall-clock time into instants itself,
//! because croner decides "fixed time or interval" for the whole expression: `0 9,14 * * *`
//! would count as an interval job and run twice in a repeated hour. The rules here, after
//! Vixie cron:
//!
//! - A wall-clock job (minute and hour fields without `*`, such as `0 2 * * *` or
//!   `30 9,14 * * 1-5`) runs once per listed time: a time that does not exist (spring-forward
//!   gap) runs at the first instant after the gap (03:00 CEST in Paris), a time that happens
//!   twice (fall-back) runs at its first occurrence only.
//! - An interval job (`*` or `*/n` in the minute or hour field) follows elapsed time: times in
//!   a gap do not exist and are skipped, a repeated time runs in both halves.

mod describe;

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use croner::Cron;
use croner::parser::{CronParser, Seconds, Year};

/// Wider than any distance between a wall-clock time and its instant's offset change, so that
/// scanning wall-clock times that far around an instant finds every candidate.
const SHIFT: Duration = Duration::hours(3);

/// How to write a schedule, for error messages.
const EXPECTED: &str = "expected 5 fields: minute hour day-of-month month day-of-week, such as \"0 9,14 * * *\"";

/// A parsed cron expression.
#[derive(Debug, Clone)]
pub struct Schedule {
    text: String,
    cron: Cron,
    wall_clock: bool,
}

/// Why an expression is refused: English for logs and the command line (`Display`), French
/// for the window ([`CronError::french`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CronError {
    /// Not 5 fields.
    Fields(usize),
    /// A step that is not a whole number above 0.
    Step {
        /// The field's name.
        field: &'static str,
        /// The step as written.
        step: String,
    },
    /// A number outside its field's range.
    Range {
        /// The field's name.
        field: &'static str,
        /// The number.
        n: u32,
        /// The field's lowest value.
        low: u32,
        /// The field's highest value.
        high: u32,
    },
    /// croner's own reason (names, `L`, `#`, stray characters).
    Syntax(String),
    /// A date that never comes (30 February).
    Never,
}

impl std::fmt::Display for CronError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CronError::Fields(n) => write!(f, "{n} field(s) given; {EXPECTED}"),
            CronError::Step { field, step } => write!(f, "{field}: step \"{step}\" must be a whole number above 0"),
            CronError::Range { field, n, low, high } => write!(f, "{field}: {n} is out of range {low}-{high}"),
            CronError::Syntax(reason) => write!(f, "{reason} ({EXPECTED})"),
            CronError::Never => write!(f, "this schedule never fires (no such date)"),
        }
    }
}

impl CronError {
    /// The reason in French, for the window.
    pub fn french(&self) -> String {
        let name = |field: &str| match field {
            "minute" => "minutes",
            "hour" => "heures",
            "day-of-month" => "jour du mois",
            "month" => "mois",
            _ => "jour de la semaine",
        };
        const FORM: &str =
            "5 champs attendus : minutes, heures, jour du mois, mois, jour de la semaine, comme « 0 9,14 * * * »";
        match self {
            CronError::Fields(n) => format!("{n} champ(s) donné(s) ; {FORM}"),
            CronError::Step { field, step } => {
                format!("{} : le pas « {step} » doit être un nombre entier supérieur à 0", name(field))
            }
            CronError::Range { field, n, low, high } => {
                format!("{} : {n} est hors de l’intervalle {low}–{high}", name(field))
            }
            CronError::Syntax(_) => format!("expression illisible ; {FORM}"),
            CronError::Never => "cette planification ne se déclenche jamais (cette date n’existe pas)".into(),
        }
    }
}

/// Names each field's numbers that are out of range ("hour: 25 is out of range 0-23"), which
/// croner reports without saying which field.
fn check_ranges(text: &str) -> Result<(), CronError> {
    const FIELDS: [(&str, u32, u32); 5] =
        [("minute", 0, 59), ("hour", 0, 23), ("day-of-month", 1, 31), ("month", 1, 12), ("day-of-week", 0, 7)];
    for (field, (name, low, high)) in text.split_whitespace().zip(FIELDS) {
        for part in field.split(',') {
            let (range, step) = part.split_once('/').unwrap_or((part, ""));
            if !step.is_empty() && !matches!(step.parse::<u32>(), Ok(s) if s > 0) {
                return Err(CronError::Step { field: name, step: step.to_string() });
            }
            for bound in range.split('-') {
                // Names (JAN, MON), `*`, `?`, `L` and `#` are croner's to judge.
                let digits: String = bound.chars().take_while(char::is_ascii_digit).collect();
                if let Ok(n) = digits.parse::<u32>()
                    && (n < low || n > high)
                {
                    return Err(CronError::Range { field: name, n, low, high });
                }
            }
        }
    }
    Ok(())
}

impl Schedule {
    /// Parses a 5-field cron expression (or `@daily`, `@weekly`…); the error says why not.
    pub fn parse(text: &str) -> Result<Self, CronError> {
        let text = text.trim();
        let fields = text.split_whitespace().count();
        if !text.starts_with('@') && fields != 5 {
            return Err(CronError::Fields(fields));
        }
        if !text.starts_with('@') {
            check_ranges(text)?;
        }
        let parser = CronParser::builder().seconds(Seconds::Disallowed).year(Year::Disallowed).build();
        let cron = parser.parse(text).map_err(|e| CronError::Syntax(e.to_string()))?;
        // A date that never comes (30 February) would make every search run to year 5000.
        let probe = NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid date").and_hms_opt(0, 0, 0).expect("valid time");
        let limit = probe + Duration::days(366 * 8);
        match cron.find_next_occurrence(&probe, true) {
            Ok(first) if first < limit => {}
            _ => return Err(CronError::Never),
        }
        let wall_clock = !cron.pattern.minutes.from_wildcard && !cron.pattern.hours.from_wildcard;
        Ok(Self { text: text.to_string(), cron, wall_clock })
    }

    /// The expression as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The schedule in plain French ("tous les jours à 9 h et 14 h"), for the window; an
    /// expression too unusual to say simply is quoted as written.
    pub fn describe(&self) -> String {
        describe::french(&self.text)
    }

    /// Whether each listed wall-clock time runs once (true) or elapsed time rules (false).
    pub fn is_wall_clock(&self) -> bool {
        self.wall_clock
    }

    /// The instants one matching wall-clock time stands for, earliest first (0 to 2).
    fn instants(&self, tz: Tz, wall: NaiveDateTime) -> Vec<DateTime<Utc>> {
        match tz.from_local_datetime(&wall) {
            LocalResult::Single(t) => vec![t.to_utc()],
            LocalResult::Ambiguous(first, _) if self.wall_clock => vec![first.to_utc()],
            LocalResult::Ambiguous(first, second) => vec![first.to_utc(), second.to_utc()],
            LocalResult::None if self.wall_clock => gap_end(tz, wall).into_iter().collect(),
            LocalResult::None => Vec::new(),
        }
    }

    /// The first instant strictly after `after`.
    pub fn next_after(&self, tz: Tz, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let mut cursor = after.with_timezone(&tz).naive_local() - SHIFT;
        let mut best: Option<DateTime<Utc>> = None;
        let mut scan_until: Option<NaiveDateTime> = None;
        loop {
            let wall = self.cron.find_next_occurrence(&cursor, false).ok()?;
            if scan_until.is_some_and(|limit| wall > limit) {
                return best;
            }
            for at in self.instants(tz, wall).into_iter().filter(|at| *at > after) {
                best = Some(best.map_or(at, |b| b.min(at)));
                // Wall-clock order and instant order differ only around an offset change.
                scan_until.get_or_insert(wall + SHIFT);
            }
            cursor = wall;
        }
    }

    /// The last instant at or before `at`.
    pub fn latest_at_or_before(&self, tz: Tz, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let mut cursor = at.with_timezone(&tz).naive_local() + SHIFT;
        let mut best: Option<DateTime<Utc>> = None;
        let mut scan_until: Option<NaiveDateTime> = None;
        loop {
            let wall = self.cron.find_previous_occurrence(&cursor, false).ok()?;
            if scan_until.is_some_and(|limit| wall < limit) {
                return best;
            }
            for t in self.instants(tz, wall).into_iter().filter(|t| *t <= at) {
                best = Some(best.map_or(t, |b| b.max(t)));
                scan_until.get_or_insert(wall - SHIFT);
            }
            cursor = wall;
        }
    }

    /// The next `count` instants strictly after `after`, in order.
    pub fn upcoming(&self, tz: Tz, after: DateTime<Utc>, count: usize) -> Vec<DateTime<Utc>> {
        let mut out = Vec::with_capacity(count);
        let mut from = after;
        while out.len() < count {
            match self.next_after(tz, from) {
                Some(t) => {
                    out.push(t);
                    from = t;
                }
                None => break,
            }
        }
        out
    }
}

/// The first instant after a spring-forward gap containing `wall`.
fn gap_end(tz: Tz, wall: NaiveDateTime) -> Option<DateTime<Utc>> {
    // Offset changes fall on whole minutes; a day bounds the search for any real zone.
    let mut t = wall;
    for _ in 0..24 * 60 {
        t += Duration::minutes(1);
        if let Some(first) = tz.from_local_datetime(&t).earliest() {
            return Some(first.to_utc());
        }
    }
    None
}

#[cfg(test)]
mod tests {

    #[test]
    fn errors_name_the_field() {
        let err = |e: &str| Schedule::parse(e).unwrap_err().to_string();
        assert_eq!(err("0 25 * * *"), "hour: 25 is out of range 0-23");
        assert_eq!(err("61 9 * * *"), "minute: 61 is out of range 0-59");
        assert_eq!(err("0 9 * 13 *"), "month: 13 is out of range 1-12");
        assert_eq!(err("0 9 1-32 * *"), "day-of-month: 32 is out of range 1-31");
        assert!(err("0 9 * *").starts_with("4 field(s) given; expected 5 fields"));
        assert!(err("*/0 * * * *").starts_with("minute: step \"0\""));
        assert!(Schedule::parse("0 9 * JAN MON-FRI").is_ok());
        assert!(Schedule::parse("@daily").is_ok());
    }

    use super::*;
    use chrono_tz::Europe::Paris;

    #[test]
    fn errors_say_the_same_in_french() {
        let fr = |e: &str| Schedule::parse(e).unwrap_err().french();
        assert_eq!(fr("0 25 * * *"), "heures : 25 est hors de l’intervalle 0–23");
        assert_eq!(fr("*/0 * * * *"), "minutes : le pas « 0 » doit être un nombre entier supérieur à 0");
        assert!(fr("0 9 * *").starts_with("4 champ(s) donné(s) ; 5 champs attendus"));
        assert!(fr("0 9 * * lundi").starts_with("expression illisible"));
        assert_eq!(fr("0 9 30 2 *"), "cette planification ne se déclenche jamais (cette date n’existe pas)");
    }

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    fn next(expr: &str, after: &str) -> String {
        let s = Schedule::parse(expr).unwrap();
        s.next_after(Paris, utc(after)).unwrap().with_timezone(&Paris).to_rfc3339()
    }

    /// Every instant of `expr` in the 24 hours from `from`, in Paris time.
    fn day(expr: &str, from: &str) -> Vec<String> {
        let s = Schedule::parse(expr).unwrap();
        let from = utc(from);
        s.upcoming(Paris, from, 100)
            .into_iter()
            .take_while(|t| *t < from + Duration::hours(24))
            .map(|t| t.with_timezone(&Paris).to_rfc3339())
            .collect()
    }

    // Spring forward: 2026-03-29 and 2027-03-28, 02:00 CET → 03:00 CEST (01:00 UTC).
    // Fall back: 2026-10-25 and 2027-10-31, 03:00 CEST → 02:00 CET (01:00 UTC).

    #[test]
    fn a_job_in_the_spring_gap_runs_once_when_the_gap_ends() {
        for (eve, day_of) in [("2026-03-28T23:00:00Z", "2026-03-29"), ("2027-03-27T23:00:00Z", "2027-03-28")] {
            assert_eq!(day("0 2 * * *", eve), [format!("{day_of}T03:00:00+02:00")]);
            assert_eq!(day("30 2 * * *", eve), [format!("{day_of}T03:00:00+02:00")]);
            // Both listed times fall in the gap: one run, not two.
            assert_eq!(day("0,30 2 * * *", eve), [format!("{day_of}T03:00:00+02:00")]);
        }
        // The day before and after, the usual local time.
        assert_eq!(next("0 2 * * *", "2026-03-27T23:00:00Z"), "2026-03-28T02:00:00+01:00");
        assert_eq!(next("0 2 * * *", "2026-03-29T01:00:00Z"), "2026-03-30T02:00:00+02:00");
    }

    #[test]
    fn a_job_in_the_repeated_hour_runs_once_at_its_first_occurrence() {
        for (eve, day_of) in [("2026-10-24T22:00:00Z", "2026-10-25"), ("2027-10-30T22:00:00Z", "2027-10-31")] {
            assert_eq!(day("0 2 * * *", eve), [format!("{day_of}T02:00:00+02:00")]);
            assert_eq!(day("30 2 * * *", eve), [format!("{day_of}T02:30:00+02:00")]);
        }
        // Asked from inside the second 02:00-03:00, the next one is tomorrow's.
        assert_eq!(next("30 2 * * *", "2026-10-25T01:10:00Z"), "2026-10-26T02:30:00+01:00");
    }

    #[test]
    fn a_nine_oclock_job_runs_at_nine_local_on_both_transition_days() {
        for eve in ["2026-03-28T23:00:00Z", "2027-03-27T23:00:00Z"] {
            let got = day("0 9 * * *", eve);
            assert_eq!(got.len(), 1);
            assert!(got[0].ends_with("T09:00:00+02:00"), "{got:?}");
        }
        for eve in ["2026-10-24T22:00:00Z", "2027-10-30T22:00:00Z"] {
            let got = day("0 9 * * *", eve);
            assert_eq!(got.len(), 1);
            assert!(got[0].ends_with("T09:00:00+01:00"), "{got:?}");
        }
        // As UTC: 07:00 in summer time, 08:00 in winter time.
        assert_eq!(
            Schedule::parse("0 9 * * *").unwrap().next_after(Paris, utc("2026-10-25T00:00:00Z")),
            Some(utc("2026-10-25T08:00:00Z"))
        );
    }

    #[test]
    fn a_list_of_hours_is_still_a_wall_clock_job() {
        // croner alone would treat `2,14` as an interval and run 02:00 twice on fall-back night.
        assert_eq!(
            day("0 2,14 * * *", "2026-10-24T22:00:00Z"),
            ["2026-10-25T02:00:00+02:00", "2026-10-25T14:00:00+01:00"]
        );
        assert_eq!(
            day("0 2,14 * * *", "2026-03-28T23:00:00Z"),
            ["2026-03-29T03:00:00+02:00", "2026-03-29T14:00:00+02:00"]
        );
        assert_eq!(
            day("0 9,14 * * *", "2027-03-27T23:00:00Z"),
            ["2027-03-28T09:00:00+02:00", "2027-03-28T14:00:00+02:00"]
        );
    }

    #[test]
    fn interval_jobs_follow_elapsed_time() {
        let s = Schedule::parse("0 * * * *").unwrap();
        assert!(!s.is_wall_clock());
        let on = |date: &str| -> Vec<String> {
            let from = utc(&format!("{date}T00:00:00Z")) - Duration::hours(3);
            s.upcoming(Paris, from, 40)
                .into_iter()
                .map(|t| t.with_timezone(&Paris).to_rfc3339())
                .filter(|t| t.starts_with(date))
                .collect()
        };
        // 25 hours in the fall-back day, both 02:00 included.
        let fall = on("2026-10-25");
        assert_eq!(fall.len(), 25);
        assert!(fall.contains(&"2026-10-25T02:00:00+02:00".to_string()));
        assert!(fall.contains(&"2026-10-25T02:00:00+01:00".to_string()));
        // 23 hours in the spring-forward day, 02:00 does not exist.
        let spring = on("2026-03-29");
        assert_eq!(spring.len(), 23);
        assert!(!spring.iter().any(|t| t.contains("T02:")));
    }

    #[test]
    fn latest_instant_mirrors_next() {
        let s = Schedule::parse("0 2 * * *").unwrap();
        assert_eq!(s.latest_at_or_before(Paris, utc("2026-03-29T05:00:00Z")), Some(utc("2026-03-29T01:00:00Z")));
        assert_eq!(s.latest_at_or_before(Paris, utc("2026-03-29T01:00:00Z")), Some(utc("2026-03-29T01:00:00Z")));
        assert_eq!(s.latest_at_or_before(Paris, utc("2026-03-29T00:59:59Z")), Some(utc("2026-03-28T01:00:00Z")));
        // After the second 02:00 of fall-back night, the latest is still the first one.
        assert_eq!(s.latest_at_or_before(Paris, utc("2026-10-25T01:30:00Z")), Some(utc("2026-10-25T00:00:00Z")));
        let weekly = Schedule::parse("0 8 * * 1").unwrap();
        // Wednesday 2026-11-25: the last Monday 08:00 was the 23rd, 07:00 UTC.
        assert_eq!(weekly.latest_at_or_before(Paris, utc("2026-11-25T08:00:00Z")), Some(utc("2026-11-23T07:00:00Z")));
    }

    #[test]
    fn weekly_and_nicknames() {
        assert_eq!(next("0 8 * * 1", "2026-11-25T08:00:00Z"), "2026-11-30T08:00:00+01:00");
        assert_eq!(next("0 8 * * MON", "2026-11-25T08:00:00Z"), "2026-11-30T08:00:00+01:00");
        assert_eq!(next("0 2 * * 0", "2026-11-25T08:00:00Z"), "2026-11-29T02:00:00+01:00");
        assert_eq!(next("@daily", "2026-11-25T08:00:00Z"), "2026-11-26T00:00:00+01:00");
    }

    #[test]
    fn bad_expressions_say_what_is_expected() {
        for bad in ["", "0 9", "0 25 * * *", "61 * * * *", "0 9 * * * *", "tous les jours", "0 0 30 2 *"] {
            let err = Schedule::parse(bad).unwrap_err().to_string();
            assert!(
                err.contains("expected 5 fields") || err.contains("never fires") || err.contains("out of range"),
                "{bad}: {err}"
            );
        }
    }
}
