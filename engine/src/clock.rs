//! The source of "now", injected so that tests and `--at` can move time.

use chrono::{DateTime, Utc};
use std::sync::Mutex;
use std::time::Instant;

/// Gives the current instant.
pub trait Clock: Send + Sync {
    /// The current instant in UTC.
    fn now(&self) -> DateTime<Utc>;

    /// How long to really wait for `span` of this clock's time to pass.
    ///
    /// The scheduler sleeps through this, so that a test clock running faster than real time
    /// makes the daemon wake up correspondingly sooner.
    fn real_duration(&self, span: chrono::Duration) -> std::time::Duration {
        span.to_std().unwrap_or_default()
    }

    /// How far this clock advances by itself while `real` time passes (the inverse of
    /// `real_duration`); the scheduler compares it with what the clock shows to notice a
    /// suspended machine or a wall clock that was set.
    fn clock_duration(&self, real: std::time::Duration) -> chrono::Duration {
        chrono::Duration::from_std(real).unwrap_or(chrono::Duration::MAX)
    }
}

/// The operating system's clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stays where it is put; tests move it by hand.
#[derive(Debug)]
pub struct FixedClock(Mutex<DateTime<Utc>>);

impl FixedClock {
    /// A clock stopped at `at`.
    pub fn new(at: DateTime<Utc>) -> Self {
        Self(Mutex::new(at))
    }

    /// Moves the clock to `at`.
    pub fn set(&self, at: DateTime<Utc>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = at;
    }

    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: chrono::Duration) {
        let mut now = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *now += by;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// It never advances by itself; every move is a jump made by the test.
    fn clock_duration(&self, _real: std::time::Duration) -> chrono::Duration {
        chrono::Duration::zero()
    }
}

/// A clock that starts at a chosen instant and runs `speed` times faster than real time.
///
/// Test-only: the `vigie` binary uses it when `VIGIE_CLOCK_START` (and `VIGIE_CLOCK_SPEED`)
/// are set, so that integration tests can let a daemon live through days in seconds.
#[derive(Debug)]
pub struct ScaledClock {
    start: DateTime<Utc>,
    origin: Instant,
    speed: f64,
}

impl ScaledClock {
    /// A clock reading `start` now and advancing `speed` simulated seconds per real second.
    pub fn new(start: DateTime<Utc>, speed: f64) -> Self {
        assert!(speed.is_finite() && speed > 0.0, "clock speed must be positive");
        Self { start, origin: Instant::now(), speed }
    }
}

impl Clock for ScaledClock {
    fn now(&self) -> DateTime<Utc> {
        let real = self.origin.elapsed().as_secs_f64();
        let simulated = chrono::Duration::microseconds((real * self.speed * 1e6) as i64);
        self.start + simulated
    }

    fn real_duration(&self, span: chrono::Duration) -> std::time::Duration {
        span.to_std().unwrap_or_default().div_f64(self.speed)
    }

    fn clock_duration(&self, real: std::time::Duration) -> chrono::Duration {
        chrono::Duration::from_std(real.mul_f64(self.speed)).unwrap_or(chrono::Duration::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn fixed_clock_moves_only_when_told() {
        let t0 = Utc.with_ymd_and_hms(2026, 3, 29, 0, 30, 0).unwrap();
        let clock = FixedClock::new(t0);
        assert_eq!(clock.now(), t0);
        clock.advance(chrono::Duration::hours(2));
        assert_eq!(clock.now(), t0 + chrono::Duration::hours(2));
        clock.set(t0);
        assert_eq!(clock.now(), t0);
    }

    #[test]
    fn a_scaled_clock_runs_faster_and_sleeps_shorter() {
        let t0 = Utc.with_ymd_and_hms(2026, 3, 29, 0, 30, 0).unwrap();
        let clock = ScaledClock::new(t0, 3600.0);
        let now = clock.now();
        assert!(now >= t0 && now < t0 + chrono::Duration::hours(1), "{now}");
        assert_eq!(clock.real_duration(chrono::Duration::hours(2)), std::time::Duration::from_secs(2));
        assert_eq!(clock.clock_duration(std::time::Duration::from_secs(2)), chrono::Duration::hours(2));
        assert_eq!(SystemClock.real_duration(chrono::Duration::minutes(1)), std::time::Duration::from_secs(60));
        assert_eq!(FixedClock::new(t0).clock_duration(std::time::Duration::from_secs(5)), chrono::Duration::zero());
    }
}
