//! The delivery loop: every `mail_poll_ms`, release abandoned claims, then claim and send
//! due rows one at a time until none is due.

use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDateTime;

use super::outbox::{self, Retry, Status};
use super::transport::{MailConfigError, Mailer};
use crate::config::Config;
use crate::db::{DbConn, Pool};
use crate::shutdown::Stop;
use actix_web::rt::task::JoinHandle;

/// Where the worker takes the time from: the server's clock, handed in at start-up (mail
/// sits below the operations and does not know the clock's type).
pub type Now = Arc<dyn Fn() -> NaiveDateTime + Send + Sync>;

/// Checks the mail settings and, unless `mail_worker = false`, starts the worker on the
/// current actix runtime. Call from inside the running system (as `Application::build` is).
/// The worker ends after the email in hand when `stop` fires; await the handle to know.
pub fn spawn_worker(
    pool: Pool,
    config: &Config,
    now: Now,
    stop: Stop,
) -> Result<Option<JoinHandle<()>>, MailConfigError> {
    let mailer = Mailer::from_config(config)?;
    if !config.mail_worker {
        return Ok(None);
    }
    let worker = Worker {
        pool,
        mailer,
        retry: Retry::default(),
        now,
    };
    let every = Duration::from_millis(config.mail_poll_ms.max(10));
    Ok(Some(actix_web::rt::spawn(async move {
        worker.run(every, stop).await
    })))
}

struct Worker {
    pool: Pool,
    mailer: Mailer,
    retry: Retry,
    now: Now,
}

/// Most rows sent in one pass, so a large backlog does not starve the stale-claim check.
const BATCH: usize = 200;

impl Worker {
    async fn run(&self, every: Duration, stop: Stop) {
        while !stop.is_stopped() {
            if let Err(e) = self.pass(&stop).await {
                tracing::warn!(target: "tilskud::mail", "mail worker: {e}");
            }
            if stop.wait(every).await {
                break;
            }
        }
        tracing::info!(target: "tilskud::mail", "mail worker stopped");
    }

    async fn pass(&self, stop: &Stop) -> Result<(), String> {
        let retry = self.retry;
        let now = (self.now)();
        let released = self
            .db(move |c| outbox::reclaim_stale(c, now, &retry))
            .await?;
        if released > 0 {
            tracing::warn!(
                target: "tilskud::mail",
                released,
                "released outbox rows whose worker stopped mid-send; they may be delivered twice"
            );
        }
        for _ in 0..BATCH {
            // Between emails, never during one: a claimed email is sent and recorded.
            if stop.is_stopped() {
                break;
            }
            let token = crate::token::random_token();
            let t = token.clone();
            let now = (self.now)();
            let Some(row) = self.db(move |c| outbox::claim_next(c, now, &t)).await? else {
                break;
            };
            let result = self.mailer.send(&row).await;
            self.record(row, token, result).await?;
        }
        Ok(())
    }

    async fn record(
        &self,
        row: outbox::OutboxRow,
        token: String,
        result: Result<(), super::transport::SendError>,
    ) -> Result<(), String> {
        let id = row.id;
        match result {
            Ok(()) => {
                crate::metrics::mail_sent();
                let now = (self.now)();
                let recorded = self
                    .db(move |c| outbox::mark_sent(c, id, &token, now))
                    .await?;
                if recorded {
                    tracing::info!(target: "tilskud::mail", outbox_id = id, kind = %row.kind, "email sent");
                } else {
                    tracing::warn!(target: "tilskud::mail", outbox_id = id, "email sent after its claim expired; it may be delivered twice");
                }
            }
            Err(e) => {
                crate::metrics::mail_failed();
                let retry = self.retry;
                let text = e.text().to_string();
                let permanent = e.is_permanent();
                let now = (self.now)();
                let status = self
                    .db(move |c| {
                        outbox::mark_failed(c, &row, &token, now, &text, permanent, &retry)
                    })
                    .await?;
                match status {
                    Some(Status::Failed) => {
                        tracing::error!(target: "tilskud::mail", outbox_id = id, error = %e.text(), "email failed for good")
                    }
                    _ => {
                        tracing::warn!(target: "tilskud::mail", outbox_id = id, error = %e.text(), "email not sent; will retry")
                    }
                }
            }
        }
        Ok(())
    }

    /// Database work off the async thread (SQLite waits for the disk, PostgreSQL for the
    /// network).
    async fn db<T, F>(&self, f: F) -> Result<T, String>
    where
        F: FnOnce(&mut DbConn) -> diesel::QueryResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        actix_web::web::block(move || {
            let mut conn = pool.get().map_err(|e| format!("database pool: {e}"))?;
            f(&mut conn).map_err(|e| format!("database: {e}"))
        })
        .await
        .map_err(|e| e.to_string())?
    }
}
