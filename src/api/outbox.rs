use actix_web::{web, HttpResponse};
use chrono::{NaiveDateTime, SecondsFormat};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::app::outbox::{self as app, OutboxFilterDraft};
use crate::error::{AppError, AppResult};
use crate::http::AppState;
use crate::mail::OutboxRow;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OutboxQuery {
    /// Only emails with this status: pending, sending, sent or failed.
    #[param(pattern = "^(pending|sending|sent|failed)?$")]
    pub status: Option<String>,
    /// Only emails older than this id (for paging).
    pub before: Option<i64>,
    /// At most this many (default 100, max 1000; more is read as 1000).
    #[param(minimum = 1)]
    pub limit: Option<i64>,
}

/// An email in the outbox (without its body).
#[derive(Serialize, ToSchema)]
pub struct OutboxOut {
    pub id: i64,
    /// What the email is, e.g. commitment-letter.
    pub kind: String,
    pub to: String,
    pub subject: String,
    /// pending, sending, sent or failed.
    pub status: String,
    /// Delivery attempts started.
    pub attempts: i32,
    /// When a pending email is tried next (UTC).
    pub next_attempt_at: String,
    pub last_error: Option<String>,
    pub created_at: String,
    pub sent_at: Option<String>,
    /// The entity the email is about, as in the audit log.
    pub related_entity: String,
    pub related_id: String,
}

fn rfc(t: NaiveDateTime) -> String {
    t.and_utc().to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn out(r: OutboxRow) -> OutboxOut {
    OutboxOut {
        id: r.id,
        kind: r.kind,
        to: r.to_addr,
        subject: r.subject,
        status: r.status,
        attempts: r.attempts,
        next_attempt_at: rfc(r.next_attempt_at),
        last_error: r.last_error,
        created_at: rfc(r.created_at),
        sent_at: r.sent_at.map(rfc),
        related_entity: r.related_entity,
        related_id: r.related_id,
    }
}

/// The outbox, newest first.
#[utoipa::path(get, operation_id = "list_outbox", path = "/api/v1/outbox", tag = "outbox", params(OutboxQuery),
    responses((status = 200, body = Vec<OutboxOut>), (status = 422, body = crate::http::errors::ApiError)), security(("session" = [])))]
pub async fn list(
    state: web::Data<AppState>,
    q: web::Query<OutboxQuery>,
) -> AppResult<HttpResponse> {
    let q = q.into_inner();
    let filter = OutboxFilterDraft {
        status: q.status,
        before: q.before,
        limit: q.limit,
    }
    .parse()
    .map_err(AppError::Invalid)?;
    let found = state.read(move |c| app::page(c, &filter)).await?;
    Ok(super::ok(
        found.rows.into_iter().map(out).collect::<Vec<_>>(),
    ))
}
