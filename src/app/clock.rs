//! The time every operation runs at, passed in so that tests can run any operation at
//! any instant (deadlines, payable dates, session expiry) without waiting.

use std::sync::{Arc, Mutex};

use chrono::NaiveDateTime;

/// Where "now" comes from: the system clock in production, a settable one in tests.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// The current instant in UTC (stored as a naive UTC timestamp everywhere).
    fn now(&self) -> NaiveDateTime;
}

/// The machine's clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> NaiveDateTime {
        chrono::Utc::now().naive_utc()
    }
}

/// A clock that stands still at a set instant until moved (for tests and demos).
#[derive(Debug)]
pub struct FixedClock(Mutex<NaiveDateTime>);

impl FixedClock {
    pub fn new(at: NaiveDateTime) -> FixedClock {
        FixedClock(Mutex::new(at))
    }

    pub fn set(&self, at: NaiveDateTime) {
        if let Ok(mut t) = self.0.lock() {
            *t = at;
        }
    }

    pub fn advance(&self, by: chrono::Duration) {
        if let Ok(mut t) = self.0.lock() {
            *t += by;
        }
    }
}

impl Clock for FixedClock {
    fn now(&self) -> NaiveDateTime {
        match self.0.lock() {
            Ok(t) => *t,
            Err(poisoned) => *poisoned.into_inner(),
        }
    }
}

/// The clock shared by a running server and its workers.
pub type SharedClock = Arc<dyn Clock>;

/// The system clock, shared.
pub fn system() -> SharedClock {
    Arc::new(SystemClock)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_stands_still_until_moved() {
        let t = chrono::NaiveDate::from_ymd_opt(2017, 6, 2)
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .expect("valid");
        let c = FixedClock::new(t);
        assert_eq!(c.now(), t);
        c.advance(chrono::Duration::minutes(5));
        assert_eq!(c.now(), t + chrono::Duration::minutes(5));
    }
}
