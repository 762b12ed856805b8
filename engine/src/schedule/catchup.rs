//! Which instant of a job is due now: on time, caught up after a sleep or a stop, or missed.
//!
//! Only the latest instant at or before now is ever considered, so a computer off for a week
//! runs each job once on return, not once per missed instant.

use crate::cron::Schedule;
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

/// What to do about a job at a given moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Nothing new since the last instant dealt with.
    Nothing,
    /// Run for `instant`; `on_time` when the scheduler was awake just before it.
    Run {
        /// The scheduled instant.
        instant: DateTime<Utc>,
        /// False when it is a catch-up after start-up, sleep or a clock jump.
        on_time: bool,
    },
    /// The instant was missed by more than the catch-up window: record it, do not run.
    Missed {
        /// The scheduled instant.
        instant: DateTime<Utc>,
    },
    /// The job never ran and its latest instant is beyond the window: remember it silently.
    Initialize {
        /// The scheduled instant.
        instant: DateTime<Utc>,
    },
}

/// Decides about one job.
///
/// `last_done` is the latest instant already dealt with; `awake_since` is when the scheduler
/// last looked at the clock without noticing a jump (None at start-up and after a jump).
pub fn decide(
    schedule: &Schedule,
    tz: Tz,
    last_done: Option<DateTime<Utc>>,
    awake_since: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    window: Duration,
) -> Decision {
    let Some(instant) = schedule.latest_at_or_before(tz, now) else {
        return Decision::Nothing;
    };
    if last_done.is_some_and(|last| last >= instant) {
        return Decision::Nothing;
    }
    if awake_since.is_some_and(|awake| instant > awake) {
        return Decision::Run { instant, on_time: true };
    }
    if now - instant <= window {
        Decision::Run { instant, on_time: false }
    } else if last_done.is_none() {
        Decision::Initialize { instant }
    } else {
        Decision::Missed { instant }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Paris;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    fn check() -> Schedule {
        Schedule::parse("0 9,14 * * *").unwrap()
    }

    const H12: Duration = Duration::hours(12);

    #[test]
    fn on_time_when_awake_across_the_instant() {
        // 09:00 Paris = 08:00 UTC in November.
        let d = decide(
            &check(),
            Paris,
            Some(utc("2026-11-24T13:00:00Z")),
            Some(utc("2026-11-25T07:59:00Z")),
            utc("2026-11-25T08:00:00Z"),
            H12,
        );
        assert_eq!(d, Decision::Run { instant: utc("2026-11-25T08:00:00Z"), on_time: true });
        // Done: nothing more until 14:00.
        let d = decide(
            &check(),
            Paris,
            Some(utc("2026-11-25T08:00:00Z")),
            Some(utc("2026-11-25T08:00:00Z")),
            utc("2026-11-25T12:59:00Z"),
            H12,
        );
        assert_eq!(d, Decision::Nothing);
    }

    #[test]
    fn missed_once_runs_once_on_return() {
        // Asleep from 08:30 to 10:00: the 09:00 check runs once, as a catch-up.
        let d = decide(&check(), Paris, Some(utc("2026-11-24T13:00:00Z")), None, utc("2026-11-25T09:00:00Z"), H12);
        assert_eq!(d, Decision::Run { instant: utc("2026-11-25T08:00:00Z"), on_time: false });
    }

    #[test]
    fn missed_many_instants_runs_only_the_latest() {
        // Off from Friday 20:00 to Monday 08:00: four checks missed; only the latest, Sunday
        // 14:00, is considered, and 18 h late it is beyond a 12 h window.
        let last = Some(utc("2026-11-20T13:00:00Z"));
        let monday_8 = utc("2026-11-23T07:00:00Z");
        assert_eq!(
            decide(&check(), Paris, last, None, monday_8, H12),
            Decision::Missed { instant: utc("2026-11-22T13:00:00Z") }
        );
        // With a 24 h window, only Sunday 14:00 runs, once.
        let d = decide(&check(), Paris, last, None, monday_8, Duration::hours(24));
        assert_eq!(d, Decision::Run { instant: utc("2026-11-22T13:00:00Z"), on_time: false });
        // After that run nothing else is due until Monday 09:00.
        let d = decide(
            &check(),
            Paris,
            Some(utc("2026-11-22T13:00:00Z")),
            Some(monday_8),
            monday_8 + Duration::minutes(30),
            H12,
        );
        assert_eq!(d, Decision::Nothing);
    }

    #[test]
    fn a_miss_older_than_the_window_does_not_run() {
        let d = decide(
            &check(),
            Paris,
            Some(utc("2026-11-24T08:00:00Z")),
            None,
            utc("2026-11-25T07:00:00Z"),
            Duration::hours(12),
        );
        assert_eq!(d, Decision::Missed { instant: utc("2026-11-24T13:00:00Z") });
        // Exactly at the window's edge it still runs.
        let d = decide(
            &check(),
            Paris,
            Some(utc("2026-11-24T08:00:00Z")),
            None,
            utc("2026-11-25T01:00:00Z"),
            Duration::hours(12),
        );
        assert_eq!(d, Decision::Run { instant: utc("2026-11-24T13:00:00Z"), on_time: false });
    }

    #[test]
    fn a_job_that_never_ran() {
        // First start at 10:00: the 09:00 check is within its window and runs.
        let d = decide(&check(), Paris, None, None, utc("2026-11-25T09:00:00Z"), H12);
        assert_eq!(d, Decision::Run { instant: utc("2026-11-25T08:00:00Z"), on_time: false });
        // First start on a Wednesday: Monday's digest is too old; remembered, not reported missed.
        let weekly = Schedule::parse("0 8 * * 1").unwrap();
        let d = decide(&weekly, Paris, None, None, utc("2026-11-25T09:00:00Z"), Duration::hours(24));
        assert_eq!(d, Decision::Initialize { instant: utc("2026-11-23T07:00:00Z") });
    }

    #[test]
    fn a_clock_set_back_runs_nothing_twice() {
        let d = decide(&check(), Paris, Some(utc("2026-11-25T13:00:00Z")), None, utc("2026-11-25T09:30:00Z"), H12);
        assert_eq!(d, Decision::Nothing);
    }
}
