use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::app::audit::{self as app, AuditFilter};
use crate::error::AppResult;
use crate::http::AppState;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only entries older than this id (for paging).
    pub before: Option<i64>,
    /// Only entries about this kind of entity (pool, allocation, user).
    pub entity: Option<String>,
    /// At most this many (default 100, max 1000; more is read as 1000).
    #[param(minimum = 1)]
    pub limit: Option<i64>,
}

/// The audit log, newest first.
#[utoipa::path(get, operation_id = "list_audit_entries", path = "/api/v1/audit", tag = "audit", params(AuditQuery), responses((status = 200, description = "Audit entries with hash chain fields")), security(("session" = [])))]
pub async fn list(
    state: web::Data<AppState>,
    q: web::Query<AuditQuery>,
) -> AppResult<HttpResponse> {
    let q = q.into_inner();
    let filter = AuditFilter {
        entity: q.entity,
        before: q.before,
        limit: q.limit,
    };
    let found = state.read(move |c| app::page(c, &filter)).await?;
    Ok(super::ok(found.rows))
}
