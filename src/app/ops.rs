//! What the operator's probes ask: is this instance ready for traffic (`GET /ready`), and
//! the figures that live in the database for the metrics (`GET /metrics`).

use crate::db::DbConn;
use crate::error::{AppError, AppResult};

/// Why an instance is not ready.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotReady {
    /// The database did not answer.
    Database,
    /// This build has migrations the database has not run.
    MigrationsPending,
}

impl NotReady {
    /// A short reason for the load balancer's log.
    pub fn reason(self) -> &'static str {
        match self {
            NotReady::Database => "database unreachable",
            NotReady::MigrationsPending => "database migrations pending",
        }
    }
}

/// Whether the database answers and has every migration this build knows.
pub fn readiness(conn: &mut DbConn) -> Result<(), NotReady> {
    diesel::connection::SimpleConnection::batch_execute(conn, "SELECT 1")
        .map_err(|_| NotReady::Database)?;
    match crate::db::has_pending_migrations(conn) {
        Ok(false) => Ok(()),
        Ok(true) => Err(NotReady::MigrationsPending),
        Err(_) => Err(NotReady::Database),
    }
}

/// The outbox's queue, read at scrape time (all instances share it).
pub fn scrape(conn: &mut DbConn) -> AppResult<crate::metrics::Scraped> {
    let (outbox_queued, outbox_failed) =
        crate::mail::outbox::queue_depth(conn).map_err(AppError::Db)?;
    Ok(crate::metrics::Scraped {
        outbox_queued,
        outbox_failed,
    })
}
