//! Finance acts (finanslove) over the API: the registered acts, registering one, and
//! correcting one. The same operations and validation as the page (`app::finance_acts`).

use actix_web::{web, HttpResponse};
use chrono::{NaiveDate, NaiveDateTime, SecondsFormat};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::finance_acts::{self as app, CorrectionDraft, FinanceActDraft};
use crate::db::queries::finance_acts::FinanceActListed;
use crate::error::{AppError, AppResult};
use crate::http::ctx::Ctx;
use crate::http::AppState;

fn utc(t: NaiveDateTime) -> String {
    t.and_utc().to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn copenhagen(t: NaiveDateTime) -> String {
    crate::domain::time::to_local(t.and_utc()).to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// A finance act registered as passed.
#[derive(Serialize, ToSchema)]
pub struct FinanceActOut {
    pub year: i32,
    /// The date the Folketing passed it (YYYY-MM-DD).
    pub passed_on: NaiveDate,
    pub reference: String,
    /// The id of the officer who registered it.
    pub registered_by: i64,
    pub registered_by_name: String,
    /// When it was registered, in UTC ("…Z").
    pub registered_at: String,
    /// The same instant in Copenhagen time (with its offset).
    pub registered_at_local: String,
}

fn out(a: FinanceActListed) -> FinanceActOut {
    FinanceActOut {
        year: a.row.year,
        passed_on: a.row.passed_on,
        reference: a.row.reference,
        registered_by: a.row.registered_by,
        registered_by_name: a.registered_by_name,
        registered_at: utc(a.row.registered_at),
        registered_at_local: copenhagen(a.row.registered_at),
    }
}

/// A finance act to register. Every field is checked and all problems are reported at
/// once (422 with `fields`).
#[derive(Deserialize, ToSchema)]
pub struct FinanceActIn {
    /// 2000 to 2100.
    #[schema(required = true, value_type = i32, minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
    /// The date it was passed: YYYY-MM-DD or d.m.yyyy; not after today, in the year
    /// before `year` or in `year`.
    #[schema(required = true, value_type = String, pattern = r"^(19[0-9]{2}|20[0-9]{2})-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-8]))$")]
    pub passed_on: Option<String>,
    /// At most 200 characters, e.g. "Finansloven for 2018".
    #[schema(required = true, value_type = String, min_length = 1, max_length = 200, pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$")]
    pub reference: Option<String>,
}

/// A correction of a registered year's act: both fields as they should be.
#[derive(Deserialize, ToSchema)]
pub struct FinanceActCorrectionIn {
    /// YYYY-MM-DD or d.m.yyyy; not after today, in the year before the act's year or in it.
    #[schema(required = true, value_type = String, pattern = r"^(19[0-9]{2}|20[0-9]{2})-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-8]))$")]
    pub passed_on: Option<String>,
    /// At most 200 characters.
    #[schema(required = true, value_type = String, min_length = 1, max_length = 200, pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$")]
    pub reference: Option<String>,
}

/// The finance acts registered as passed, by year.
#[utoipa::path(get, operation_id = "list_finance_acts", path = "/api/v1/finance-acts", tag = "finance-acts",
    responses((status = 200, body = Vec<FinanceActOut>)), security(("session" = [])))]
pub async fn list(state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let acts = state.read(app::list).await?;
    Ok(super::ok(acts.into_iter().map(out).collect::<Vec<_>>()))
}

/// Register a year's finance act as passed. Rates waiting for that year's finance act
/// may then be paid. A year is registered once (409 names the registration).
#[utoipa::path(post, operation_id = "register_finance_act", path = "/api/v1/finance-acts", tag = "finance-acts", request_body = FinanceActIn,
    responses((status = 201, body = FinanceActOut), (status = 409, body = crate::http::errors::ApiError),
        (status = 422, body = crate::http::errors::ApiError)),
    security(("session" = []), ("csrf" = [])))]
pub async fn register(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: web::Json<FinanceActIn>,
) -> AppResult<HttpResponse> {
    let body = body.into_inner();
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let draft = FinanceActDraft {
        year: body.year.map(|y| y.to_string()).unwrap_or_default(),
        passed_on: body.passed_on.unwrap_or_default(),
        reference: body.reference.unwrap_or_default(),
    };
    let input = draft.parse(app::today(now)).map_err(AppError::Invalid)?;
    let act = state
        .db(move |c| {
            let row = app::register(c, &actor, now, &input)?;
            app::get(c, row.year)
        })
        .await?;
    Ok(super::created(out(act)))
}

/// Correct the date passed and the reference of a registered year's finance act (kept
/// in the audit log with what it replaced).
#[utoipa::path(put, operation_id = "correct_finance_act", path = "/api/v1/finance-acts/{year}", tag = "finance-acts", params(("year" = i32, Path, minimum = 2000, maximum = 2100)),
    request_body = FinanceActCorrectionIn,
    responses((status = 200, body = FinanceActOut), (status = 404, body = crate::http::errors::ApiError),
        (status = 422, body = crate::http::errors::ApiError)),
    security(("session" = []), ("csrf" = [])))]
pub async fn correct(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i32>,
    body: web::Json<FinanceActCorrectionIn>,
) -> AppResult<HttpResponse> {
    let year = path.into_inner();
    let body = body.into_inner();
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let draft = CorrectionDraft {
        passed_on: body.passed_on.unwrap_or_default(),
        reference: body.reference.unwrap_or_default(),
    };
    let input = draft
        .parse(year, app::today(now))
        .map_err(AppError::Invalid)?;
    let act = state
        .db(move |c| {
            app::correct(c, &actor, now, year, &input)?;
            app::get(c, year)
        })
        .await?;
    Ok(super::ok(out(act)))
}
