//! Monitoring figures as JSON: the month-by-month counts behind the KPIs, nationally
//! and per municipality with the milestone facts.

use actix_web::{web, HttpResponse};
use serde::Serialize;

use crate::db::queries::monitoring::{self, Facts, MonthCounts};
use crate::error::{AppError, AppResult};
use crate::web::AppState;

/// The pool whose target-group figures are the gross target groups (as on the pages).
const POOL: i64 = 1;

#[derive(Serialize)]
pub struct MunicipalityMonitoringOut {
    pub municipality_code: i32,
    pub name: String,
    /// Counts per month (month as YYYYMM).
    pub months: Vec<MonthCounts>,
    /// The milestone facts of rates 2 and 3 with their evidence.
    pub facts: Facts,
}

/// The whole country's counts per month (month as YYYYMM), summed over municipalities.
#[utoipa::path(get, path = "/api/v1/monitoring", tag = "monitoring",
    responses((status = 200, body = [MonthCounts])), security(("session" = [])))]
pub async fn national(state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let counts = state.db(|c| Ok(monitoring::month_counts(c, None)?)).await?;
    Ok(super::ok(counts))
}

/// One municipality's counts per month and its milestone facts. Municipal users may
/// read only their own municipality.
#[utoipa::path(get, path = "/api/v1/municipalities/{code}/monitoring", tag = "monitoring",
    params(("code" = i32, Path, description = "Official municipality code, e.g. 615")),
    responses((status = 200, description = "municipality_code, name, months (counts per month) and facts (rate 2 and rate 3 milestones with evidence)"),
        (status = 403, body = crate::web::errors::ApiError), (status = 404, body = crate::web::errors::ApiError)),
    security(("session" = [])))]
pub async fn municipality(
    state: web::Data<AppState>,
    path: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let code = path.into_inner();
    let out = state
        .db(move |c| {
            let m = crate::db::queries::municipalities::get(c, code)?.ok_or(AppError::NotFound)?;
            Ok(MunicipalityMonitoringOut {
                municipality_code: code,
                name: m.name,
                months: monitoring::month_counts(c, Some(code))?,
                facts: monitoring::facts(c, POOL, code)?,
            })
        })
        .await?;
    Ok(super::ok(out))
}
