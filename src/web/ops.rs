//! The operator's endpoints beside `/health`: `/ready` for the load balancer and
//! `/metrics` for Prometheus (docs/operations.md).

use std::time::Duration;

use actix_web::{web, HttpRequest, HttpResponse};

use crate::app::ops::{self, NotReady};
use crate::error::{AppError, AppResult};
use crate::http::allow::AllowList;
use crate::http::AppState;

/// How long `/ready` waits for a database connection before it says the database is
/// unreachable: well under a load balancer's probe timeout.
const READY_WAIT: Duration = Duration::from_secs(2);

/// 200 `{"status":"ready"}` when the database answers and its migrations are current,
/// else 503 with the reason: take this instance out of rotation, do not restart it.
pub async fn ready(state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let pool = state.pool.clone();
    let checked = web::block(move || {
        let mut conn = pool
            .get_timeout(READY_WAIT)
            .map_err(|_| NotReady::Database)?;
        ops::readiness(&mut conn)
    })
    .await?;
    Ok(match checked {
        Ok(()) => HttpResponse::Ok().json(serde_json::json!({ "status": "ready" })),
        Err(why) => {
            tracing::warn!(reason = why.reason(), "not ready");
            HttpResponse::ServiceUnavailable()
                .json(serde_json::json!({ "status": "unavailable", "reason": why.reason() }))
        }
    })
}

/// The Prometheus metrics, for the addresses in `metrics_allow` only; to anyone else the
/// path does not exist (404).
pub async fn metrics(
    req: HttpRequest,
    state: web::Data<AppState>,
    allow: Option<web::Data<AllowList>>,
) -> AppResult<HttpResponse> {
    let peer = req.peer_addr().map(|a| a.ip());
    let allowed = matches!((allow, peer), (Some(list), Some(ip)) if list.allows(ip));
    if !allowed {
        return Err(AppError::NotFound);
    }
    let scraped = state.db(ops::scrape).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(crate::metrics::render(scraped)))
}
