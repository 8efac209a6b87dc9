use std::collections::BTreeSet;

use actix_web::{web, HttpResponse};
use chrono::{NaiveDate, SecondsFormat};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::models::{PoolRateRow, PoolRow};
use crate::db::queries::pools::{self, PoolForm};
use crate::db::queries::target_groups;
use crate::domain::counts_csv;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::http::ctx::Ctx;
use crate::http::AppState;

#[derive(Serialize, ToSchema)]
pub struct RateOut {
    pub number: i32,
    /// Share in basis points (3000 = 30 %).
    pub share_bp: i32,
    pub earliest_date: Option<NaiveDate>,
}

#[derive(Serialize, ToSchema)]
pub struct PoolOut {
    pub id: i64,
    pub name: String,
    pub finance_account: String,
    pub amount_ore: i64,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    /// UTC, RFC 3339.
    pub application_deadline: String,
    /// Europe/Copenhagen local time, RFC 3339 with offset.
    pub application_deadline_local: String,
    pub auditor_threshold_ore: i64,
    pub target_group_note: String,
    pub rates: Vec<RateOut>,
    /// Rate 3's period in months (3 by default).
    pub activity_months: i32,
    /// Rate 3's threshold in whole percent (40 by default).
    pub activity_threshold_percent: i32,
    /// Rate 3's reading: true when each month of the period must reach the threshold
    /// (the default), false when the period's counts are pooled.
    pub activity_consecutive: bool,
}

fn pool_out(p: PoolRow, rates: Vec<PoolRateRow>) -> PoolOut {
    let utc = p.application_deadline.and_utc();
    PoolOut {
        id: p.id,
        name: p.name,
        finance_account: p.finance_account,
        amount_ore: p.amount_ore,
        period_start: p.period_start,
        period_end: p.period_end,
        application_deadline: utc.to_rfc3339_opts(SecondsFormat::Secs, true),
        application_deadline_local: crate::domain::time::to_local(utc)
            .to_rfc3339_opts(SecondsFormat::Secs, false),
        auditor_threshold_ore: p.auditor_threshold_ore,
        target_group_note: p.target_group_note,
        activity_months: p.activity_months,
        activity_threshold_percent: p.activity_threshold_percent,
        activity_consecutive: p.activity_consecutive,
        rates: rates
            .into_iter()
            .map(|r| RateOut {
                number: r.rate_no,
                share_bp: r.share_bp,
                earliest_date: r.earliest_date,
            })
            .collect(),
    }
}

async fn load(state: &AppState, id: i64) -> AppResult<PoolOut> {
    state
        .db(move |c| {
            let p = pools::get(c, id)?.ok_or(AppError::NotFound)?;
            let r = pools::rates_of(c, id)?;
            Ok(pool_out(p, r))
        })
        .await
}

/// All pools.
#[utoipa::path(get, path = "/api/v1/pools", tag = "pools", responses((status = 200, body = Vec<PoolOut>)), security(("session" = [])))]
pub async fn list(state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let out = state
        .db(|c| {
            let mut out = Vec::new();
            for p in pools::list(c)? {
                let r = pools::rates_of(c, p.id)?;
                out.push(pool_out(p, r));
            }
            Ok(out)
        })
        .await?;
    Ok(super::ok(out))
}

/// One pool.
#[utoipa::path(get, path = "/api/v1/pools/{pool}", tag = "pools", params(("pool" = i64, Path,)), responses((status = 200, body = PoolOut), (status = 404, body = crate::http::errors::ApiError)), security(("session" = [])))]
pub async fn get(state: web::Data<AppState>, path: web::Path<i64>) -> AppResult<HttpResponse> {
    Ok(super::ok(load(&state, path.into_inner()).await?))
}

/// Create a pool. Amounts are kroner as text ("257.000.000" or "257000000"); the
/// deadline is Copenhagen local time "YYYY-MM-DDTHH:MM".
#[utoipa::path(post, path = "/api/v1/pools", tag = "pools", request_body = PoolForm,
    responses((status = 201, body = PoolOut), (status = 422, body = crate::http::errors::ApiError)), security(("session" = []), ("csrf" = [])))]
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: web::Json<PoolForm>,
) -> AppResult<HttpResponse> {
    let now = state.now();
    let input = body.validate().map_err(AppError::Invalid)?;
    let actor = ctx.user()?.actor();
    let id = state
        .db(move |c| pools::create(c, &actor, now, &input))
        .await?;
    Ok(super::created(load(&state, id).await?))
}

/// Replace a pool's settings.
#[utoipa::path(put, path = "/api/v1/pools/{pool}", tag = "pools", params(("pool" = i64, Path,)), request_body = PoolForm,
    responses((status = 200, body = PoolOut), (status = 422, body = crate::http::errors::ApiError)), security(("session" = []), ("csrf" = [])))]
pub async fn update(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    body: web::Json<PoolForm>,
) -> AppResult<HttpResponse> {
    let now = state.now();
    let id = path.into_inner();
    let input = body.validate().map_err(AppError::Invalid)?;
    let actor = ctx.user()?.actor();
    state
        .db(move |c| pools::update(c, &actor, now, id, &input))
        .await?;
    Ok(super::ok(load(&state, id).await?))
}

#[derive(Serialize, ToSchema)]
pub struct CountOut {
    pub municipality_code: i32,
    pub name: String,
    pub target_group: Option<i64>,
    pub applied: bool,
}

/// Target-group counts and applicants for all 98 municipalities.
#[utoipa::path(get, path = "/api/v1/pools/{pool}/target-groups", tag = "pools", params(("pool" = i64, Path,)), responses((status = 200, body = Vec<CountOut>)), security(("session" = [])))]
pub async fn target_groups(
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let rows = state
        .db(move |c| {
            pools::get(c, id)?.ok_or(AppError::NotFound)?;
            Ok(target_groups::for_pool(c, id)?)
        })
        .await?;
    Ok(super::ok(
        rows.into_iter()
            .map(|r| CountOut {
                municipality_code: r.code,
                name: r.name,
                target_group: r.target_group,
                applied: r.applied,
            })
            .collect::<Vec<_>>(),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct ImportOut {
    pub imported: usize,
    pub total: u64,
}

/// Replace the pool's counts with a CSV body (`Content-Type: text/csv`, header
/// `municipality_code,target_group`). Errors name the CSV line; nothing is written then.
#[utoipa::path(put, path = "/api/v1/pools/{pool}/target-groups", tag = "pools", params(("pool" = i64, Path,)), request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = ImportOut), (status = 422, body = crate::http::errors::ApiError)), security(("session" = []), ("csrf" = [])))]
pub async fn import(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let now = state.now();
    let id = path.into_inner();
    let counts = counts_csv::parse_counts(&body).map_err(|errors| {
        let mut f = FieldErrors::default();
        for e in &errors {
            f.add(
                format!("line {}", e.line),
                crate::web::pools::csv_error_msg(e),
            );
        }
        AppError::Invalid(f)
    })?;
    let total = counts.iter().map(|a| a.target_group).sum();
    let actor = ctx.user()?.actor();
    let n = state
        .db(move |c| target_groups::import(c, &actor, now, id, &counts, "api", &mut |_| {}))
        .await?;
    Ok(super::ok(ImportOut { imported: n, total }))
}

#[derive(Deserialize, ToSchema)]
pub struct AppliedIn {
    /// Exactly the municipalities that applied; all others are marked as not applying.
    pub municipality_codes: Vec<i32>,
}

/// Set which municipalities applied.
#[utoipa::path(put, path = "/api/v1/pools/{pool}/applicants", tag = "pools", params(("pool" = i64, Path,)), request_body = AppliedIn,
    responses((status = 200, body = Vec<CountOut>), (status = 422, body = crate::http::errors::ApiError)), security(("session" = []), ("csrf" = [])))]
pub async fn applied(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    body: web::Json<AppliedIn>,
) -> AppResult<HttpResponse> {
    let now = state.now();
    let id = *path;
    let codes: BTreeSet<i32> = body.into_inner().municipality_codes.into_iter().collect();
    let actor = ctx.user()?.actor();
    state
        .db(move |c| target_groups::set_applied(c, &actor, now, id, &codes))
        .await?;
    target_groups(state, path).await
}
