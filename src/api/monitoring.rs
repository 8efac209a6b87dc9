//! Monitoring figures as JSON: the month-by-month counts behind the KPIs, nationally
//! and per municipality with the milestone facts.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::monitoring::{self as app, upload, Facts};
use crate::db::queries::monitoring::MonthCounts;
use crate::error::{AppError, AppResult, FieldErrors, Msg};
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
#[utoipa::path(get, operation_id = "get_national_monitoring", path = "/api/v1/monitoring", tag = "monitoring",
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
#[utoipa::path(get, operation_id = "get_municipality_monitoring", path = "/api/v1/municipalities/{code}/monitoring", tag = "monitoring",
    params(("code" = i32, Path, minimum = 101, maximum = 860, description = "Official municipality code, e.g. 615")),
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

/// A municipality-month of a file that waits for confirmation, beside what it is
/// compared with.
#[derive(Serialize, ToSchema)]
pub struct CheckedMonth {
    pub municipality_code: i32,
    /// YYYY-MM
    pub month: String,
    pub persons: u64,
    /// Persons in group 1, 2, 3 and not assessed.
    pub groups: [u64; 4],
    /// The month compared with (YYYY-MM), or absent when the month is compared with
    /// what it would replace (no month before it anywhere).
    pub compared_month: Option<String>,
    /// Persons in the month compared with; absent for a first month.
    pub compared_persons: Option<u64>,
    /// Stored today for the same municipality-month (will be replaced).
    pub replaced_persons: Option<u64>,
    /// Fewer than half the persons of the month compared with, and at least 10 fewer.
    pub sharp_drop: bool,
}

/// The answer (409) to a file with a sharp drop: nothing was imported. Send the same
/// file again with `?confirm=` and the token to import it.
#[derive(Serialize, ToSchema)]
pub struct MonitoringCheckOut {
    /// Always `sharp_drop`.
    pub error: &'static str,
    pub message: String,
    /// Confirms this very file.
    pub confirm: String,
    pub rows: u64,
    pub months: Vec<CheckedMonth>,
}

/// `?confirm=`: the token of a sharp drop's 409, to import the file anyway.
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConfirmQuery {
    /// The `confirm` token of the 409 answer for the same file.
    pub confirm: Option<String>,
}

fn checked(p: &upload::Preview) -> Vec<CheckedMonth> {
    use crate::domain::monitoring::drop::Basis;
    p.months
        .iter()
        .map(|m| CheckedMonth {
            municipality_code: m.code,
            month: m.month.key(),
            persons: m.new.persons,
            groups: m.new.groups,
            compared_month: m.compared.and_then(|(b, _)| match b {
                Basis::PreviousMonth(b) => Some(b.key()),
                Basis::Replaced => None,
            }),
            compared_persons: m.compared.map(|(_, n)| n),
            replaced_persons: m.replaced,
            sharp_drop: m.sharp_drop,
        })
        .collect()
}

async fn import_body(
    ctx: Ctx,
    (state, req): (&AppState, &HttpRequest),
    body: web::Payload,
    only: Option<i32>,
    confirm: Option<String>,
) -> AppResult<HttpResponse> {
    // Over the limit: refused before a byte is read when the length is announced, else
    // at the first chunk past it (`http::upload::Limited`); the rest is never read.
    let limit = state.monitoring_max_bytes;
    crate::http::upload::refuse_announced(req, limit)?;
    let (body, overflow) = crate::http::upload::Limited::new(body, limit);
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
    let outcome = upload::import(store, body, by, confirm.as_deref()).await;
    if overflow.happened() {
        return Err(crate::http::upload::too_large(limit));
    }
    match outcome? {
        upload::Outcome::Imported(summary, _) => Ok(super::ok(MonitoringImportOut {
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
        upload::Outcome::Check(p) => Ok(HttpResponse::Conflict().json(MonitoringCheckOut {
            error: "sharp_drop",
            message: ctx.msg(&Msg::new("monitoring-api-sharp-drop").arg(
                "drops",
                i64::try_from(p.drops().count()).unwrap_or(i64::MAX),
            )),
            confirm: p.token.clone(),
            rows: p.rows,
            months: checked(&p),
        })),
        upload::Outcome::Refused(problems) => {
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
#[utoipa::path(put, operation_id = "import_national_monitoring", path = "/api/v1/monitoring", tag = "monitoring",
    params(ConfirmQuery),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = MonitoringImportOut), (status = 422, body = crate::http::errors::ApiError),
        (status = 409, body = MonitoringCheckOut, description = "a sharp drop to confirm (`error` is `sharp_drop`), or no pseudonymisation key configured (`conflict`)")),
    security(("session" = []), ("csrf" = [])))]
pub async fn import_national(
    ctx: Ctx,
    state: web::Data<AppState>,
    q: web::Query<ConfirmQuery>,
    req: HttpRequest,
    body: web::Payload,
) -> AppResult<HttpResponse> {
    import_body(ctx, (&state, &req), body, None, q.into_inner().confirm).await
}

/// Import a municipality's own monitoring file (its finance staff): as the national
/// import, and every line must be for this municipality.
#[utoipa::path(put, operation_id = "import_municipality_monitoring", path = "/api/v1/municipalities/{code}/monitoring", tag = "monitoring",
    params(("code" = i32, Path, minimum = 101, maximum = 860, description = "Official municipality code, e.g. 615"), ConfirmQuery),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = MonitoringImportOut), (status = 422, body = crate::http::errors::ApiError),
        (status = 409, body = MonitoringCheckOut, description = "a sharp drop to confirm (`error` is `sharp_drop`)"),
        (status = 403, body = crate::http::errors::ApiError)),
    security(("session" = []), ("csrf" = [])))]
pub async fn import_municipality(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i32>,
    q: web::Query<ConfirmQuery>,
    req: HttpRequest,
    body: web::Payload,
) -> AppResult<HttpResponse> {
    let code = path.into_inner();
    import_body(
        ctx,
        (&state, &req),
        body,
        Some(code),
        q.into_inner().confirm,
    )
    .await
}
