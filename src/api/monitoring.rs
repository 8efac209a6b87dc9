//! Monitoring figures as JSON: the month-by-month counts behind the KPIs, nationally
//! and per municipality with the milestone facts.

use actix_web::{web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::monitoring::{self as app, upload, Facts};
use crate::db::queries::monitoring::MonthCounts;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::http::ctx::Ctx;
use crate::http::AppState;

#[derive(Serialize)]
pub struct MunicipalityMonitoringOut {
    pub municipality_code: i32,
    pub name: String,
    /// Counts per month (month as YYYYMM).
    pub months: Vec<MonthCounts>,
    /// The milestone facts of rates 2 and 3 with their evidence.
    pub facts: Facts,
}

/// One month of the national figures: the sums, and who has reported the month.
#[derive(Serialize, ToSchema)]
pub struct NationalMonthOut {
    #[serde(flatten)]
    pub counts: MonthCounts,
    /// The municipalities that have reported this month.
    pub municipalities_reported: i64,
    /// The municipalities that report at all (have reported any month).
    pub municipalities_reporting: i64,
    /// Whether every reporting municipality has reported this month: only then are the
    /// sums a national figure (the page's status shows the latest complete month).
    pub complete: bool,
}

/// The whole country's counts per month (month as YYYYMM), summed over municipalities,
/// each with who has reported it.
#[utoipa::path(get, path = "/api/v1/monitoring", tag = "monitoring",
    responses((status = 200, body = [NationalMonthOut])), security(("session" = [])))]
pub async fn national(ctx: Ctx, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let f = state
        .cached(&ctx, "monitoring/national".into(), app::national)
        .await?;
    let cov = f.coverage.clone().unwrap_or_default();
    let out: Vec<NationalMonthOut> = f
        .counts
        .iter()
        .enumerate()
        .map(|(i, m)| NationalMonthOut {
            counts: m.clone(),
            municipalities_reported: cov.per_month.get(i).copied().unwrap_or(0),
            municipalities_reporting: cov.reporting,
            complete: cov.complete(i),
        })
        .collect();
    Ok(super::ok(out))
}

/// One municipality's counts per month and its milestone facts. Municipal users may
/// read only their own municipality.
#[utoipa::path(get, path = "/api/v1/municipalities/{code}/monitoring", tag = "monitoring",
    params(("code" = i32, Path, description = "Official municipality code, e.g. 615")),
    responses((status = 200, description = "municipality_code, name, months (counts per month) and facts (rate 2 and rate 3 milestones with evidence)"),
        (status = 403, body = crate::http::errors::ApiError), (status = 404, body = crate::http::errors::ApiError)),
    security(("session" = [])))]
pub async fn municipality(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let code = path.into_inner();
    let listed: Option<i64> = None;
    let report = state
        .cached(&ctx, app::report_key(code, listed), move |c| {
            app::report(c, code, listed)
        })
        .await?;
    Ok(super::ok(MunicipalityMonitoringOut {
        municipality_code: code,
        name: report.name.clone(),
        months: report.figures.counts.clone(),
        facts: report.facts.clone(),
    }))
}

/// One municipality-month an import replaced.
#[derive(Serialize, ToSchema)]
pub struct ImportedMonth {
    pub municipality_code: i32,
    /// YYYY-MM
    pub month: String,
    pub rows: u64,
}

#[derive(Serialize, ToSchema)]
pub struct MonitoringImportOut {
    /// Rows read in.
    pub rows: u64,
    /// The municipality-months replaced, each with its rows.
    pub months: Vec<ImportedMonth>,
}

async fn import_body(
    ctx: Ctx,
    state: &AppState,
    body: web::Payload,
    only: Option<i32>,
) -> AppResult<HttpResponse> {
    let by = upload::Upload {
        actor: ctx.user()?.actor(),
        now: state.now(),
        only,
        source: "api",
    };
    let store = upload::Store {
        pool: &state.pool,
        key: state.pseudonym_key.as_deref(),
        dir: &state.upload_dir,
    };
    match upload::import(store, body, by).await? {
        Ok(summary) => Ok(super::ok(MonitoringImportOut {
            rows: summary.rows,
            months: summary
                .months
                .into_iter()
                .map(|((code, month), rows)| ImportedMonth {
                    municipality_code: code,
                    month: month.key(),
                    rows,
                })
                .collect(),
        })),
        Err(problems) => {
            let mut f = FieldErrors::default();
            for p in problems {
                let field = match p.line {
                    0 => "file".to_string(),
                    line => format!("line {line}"),
                };
                f.add(field, p.msg);
            }
            Err(AppError::Invalid(f))
        }
    }
}

/// Import a national monitoring file (officers): the CSV of `docs/monitoring.md` as the
/// body (`Content-Type: text/csv`), streamed. Every municipality-month in it replaces
/// the stored one; any bad line and nothing is written, and the errors name each line
/// and column (never the CPR number).
#[utoipa::path(put, path = "/api/v1/monitoring", tag = "monitoring",
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = MonitoringImportOut), (status = 422, body = crate::http::errors::ApiError),
        (status = 409, body = crate::http::errors::ApiError, description = "no pseudonymisation key configured")),
    security(("session" = []), ("csrf" = [])))]
pub async fn import_national(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: web::Payload,
) -> AppResult<HttpResponse> {
    import_body(ctx, &state, body, None).await
}

/// Import a municipality's own monitoring file (its finance staff): as the national
/// import, and every line must be for this municipality.
#[utoipa::path(put, path = "/api/v1/municipalities/{code}/monitoring", tag = "monitoring",
    params(("code" = i32, Path, description = "Official municipality code, e.g. 615")),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = MonitoringImportOut), (status = 422, body = crate::http::errors::ApiError),
        (status = 403, body = crate::http::errors::ApiError)),
    security(("session" = []), ("csrf" = [])))]
pub async fn import_municipality(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i32>,
    body: web::Payload,
) -> AppResult<HttpResponse> {
    let code = path.into_inner();
    import_body(ctx, &state, body, Some(code)).await
}
