//! The time every operation runs at, passed in so that tests can run any operation at
//! any instant (deadlines, payable dates, session expiry) without waiting: the tests'
//! clock is `TestClock` in tests/app/helpers.rs.

use std::sync::Arc;

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

/// The clock shared by a running server and its workers.
pub type SharedClock = Arc<dyn Clock>;

/// Now by the system clock, for the composition roots (CLI commands, the demo loader)
/// that run outside a server.
pub fn system_now() -> NaiveDateTime {
    SystemClock.now()
}

/// The system clock, shared.
pub fn system() -> SharedClock {
    Arc::new(SystemClock)
}
