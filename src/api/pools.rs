use std::collections::BTreeSet;

use actix_web::{web, HttpResponse};
use chrono::{NaiveDate, SecondsFormat};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::pools::{self as app, PoolDraft, RateDraft};
use crate::app::target_groups as tg;
use crate::db::queries::pools;
use crate::db::queries::target_groups;
use crate::domain::counts_csv;
use crate::domain::payout_gate::{Milestone, RatePlan};
use crate::error::{AppError, AppResult};
use crate::http::ctx::Ctx;
use crate::http::AppState;

/// One rate as typed: share in percent ("30", "33,33"), earliest payment date, and the
/// rate's conditions (`docs/rates.md`). An omitted or empty field is no such condition;
/// the interim account's condition is the pool's `interim_before_rate`.
#[derive(Deserialize, ToSchema)]
pub struct RateForm {
    #[serde(default)]
    pub share_percent: String,
    /// YYYY-MM-DD, Copenhagen date: not before its midnight.
    #[serde(default)]
    pub earliest: String,
    /// Only once the finance act of this year is registered as passed ("2018", 2000–2100).
    #[serde(default)]
    pub finance_act_year: String,
    /// Only once the whole gross target group is assessed.
    #[serde(default)]
    pub whole_group_assessed: bool,
    /// At least this whole percent (1–100) of the intervention group in company-oriented
    /// activity or ordinary hours, over `activity_months`; the two go together.
    #[serde(default)]
    pub activity_percent: String,
    /// The activity condition's period in months (1–36), read as the pool reads rate 3
    /// (`activity_consecutive`).
    #[serde(default)]
    pub activity_months: String,
    /// At least this whole percent (1–100) of the intervention group in a job, education
    /// or flex job in one month.
    #[serde(default)]
    pub results_percent: String,
    /// Only once the final account is approved.
    #[serde(default)]
    pub final_account: bool,
}

/// A pool as typed in the form or sent as JSON: text, validated by `validate`.
#[derive(Deserialize, ToSchema)]
pub struct PoolForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub finance_account: String,
    /// Kroner, Danish or plain notation: "257.000.000" or "257000000".
    #[serde(default)]
    pub amount: String,
    /// YYYY-MM-DD
    #[serde(default)]
    pub period_start: String,
    #[serde(default)]
    pub period_end: String,
    /// Copenhagen local time, YYYY-MM-DDTHH:MM
    #[serde(default)]
    pub deadline: String,
    /// Kroner: a final account over this amount must be auditor-certified.
    #[serde(default)]
    pub auditor_threshold: String,
    #[serde(default)]
    pub target_group_note: String,
    /// Highest share of a budget for project management and progression tools together,
    /// in percent ("10" or "12,5"); empty for no limit.
    #[serde(default)]
    pub admin_share_max: String,
    #[serde(default)]
    pub rates: Vec<RateForm>,
    /// Rate 3's period in whole months ("3"); omitted: 3.
    #[serde(default)]
    pub activity_months: Option<String>,
    /// Rate 3's threshold in whole percent, 0–100 ("40"); omitted: 40.
    #[serde(default)]
    pub activity_threshold_percent: Option<String>,
    /// Rate 3's reading: `true` when each month of the period must reach the threshold,
    /// `false` when the period's counts are pooled; omitted: `true`.
    #[serde(default)]
    pub activity_consecutive: Option<bool>,
    /// The rate the interim account must be approved before ("2"); empty for no interim
    /// account; omitted: 2.
    #[serde(default)]
    pub interim_before_rate: Option<String>,
    /// Months after the gated rate's earliest date the interim account is due (0–60);
    /// omitted: 3.
    #[serde(default)]
    pub interim_deadline_months: Option<String>,
    /// How far an item's actual spend may deviate from its budget without a comment, in
    /// percent ("10" or "12,5"); omitted: 10.
    #[serde(default)]
    pub tolerance_percent: Option<String>,
    /// Days a repayment claim is due after settlement (1–365); omitted: 30.
    #[serde(default)]
    pub claim_due_days: Option<String>,
    /// Reminder days relative to each account deadline ("-14,0,7"; empty for none);
    /// omitted: "-14,0,7".
    #[serde(default)]
    pub reminder_offsets: Option<String>,
}

impl From<PoolForm> for PoolDraft {
    fn from(f: PoolForm) -> PoolDraft {
        PoolDraft {
            name: f.name,
            finance_account: f.finance_account,
            amount: f.amount,
            period_start: f.period_start,
            period_end: f.period_end,
            deadline: f.deadline,
            auditor_threshold: f.auditor_threshold,
            target_group_note: f.target_group_note,
            admin_share_max: f.admin_share_max,
            rates: f
                .rates
                .into_iter()
                .map(|r| RateDraft {
                    share_percent: r.share_percent,
                    earliest: r.earliest,
                    finance_act_year: r.finance_act_year,
                    whole_group_assessed: r.whole_group_assessed,
                    activity_percent: r.activity_percent,
                    activity_months: r.activity_months,
                    results_percent: r.results_percent,
                    final_account: r.final_account,
                })
                .collect(),
            activity_months: f.activity_months,
            activity_threshold_percent: f.activity_threshold_percent,
            activity_consecutive: f.activity_consecutive,
            interim_before_rate: f.interim_before_rate,
            interim_deadline_months: f.interim_deadline_months,
            tolerance_percent: f.tolerance_percent,
            claim_due_days: f.claim_due_days,
            reminder_offsets: f.reminder_offsets,
        }
    }
}

/// A rate of the pool's plan with its conditions (`docs/rates.md`).
#[derive(Serialize, ToSchema)]
pub struct RateOut {
    pub number: i32,
    /// Share in basis points (3000 = 30 %).
    pub share_bp: i32,
    /// Not before this Copenhagen date (from its midnight); null for none.
    pub earliest_date: Option<NaiveDate>,
    /// Only once the finance act of this year is registered as passed; null for none.
    pub finance_act_year: Option<i32>,
    /// Only once the interim account is approved (the pool's
    /// `accounts.interim_before_rate` is this rate).
    pub interim_account: bool,
    /// Only once the whole gross target group is assessed.
    pub whole_group_assessed: bool,
    /// At least this whole percent of the intervention group active over
    /// `activity_months`; null for no activity condition.
    pub activity_percent: Option<u32>,
    pub activity_months: Option<u32>,
    /// At least this whole percent of the intervention group with a result in a month;
    /// null for none.
    pub results_percent: Option<u32>,
    /// Only once the final account is approved.
    pub final_account: bool,
}

impl From<&RatePlan> for RateOut {
    fn from(r: &RatePlan) -> RateOut {
        let mut out = RateOut {
            number: i32::from(r.number),
            share_bp: i32::try_from(r.share_basis_points).unwrap_or(i32::MAX),
            earliest_date: r.not_before,
            finance_act_year: r.finance_act_year,
            interim_account: r.interim_account,
            whole_group_assessed: false,
            activity_percent: None,
            activity_months: None,
            results_percent: None,
            final_account: false,
        };
        for m in &r.milestones {
            match *m {
                Milestone::WholeGroupAssessed => out.whole_group_assessed = true,
                Milestone::ActivityShare { percent, months } => {
                    out.activity_percent = Some(percent);
                    out.activity_months = Some(months);
                }
                Milestone::ResultsShare { percent } => out.results_percent = Some(percent),
                Milestone::FinalAccount => out.final_account = true,
            }
        }
        out
    }
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
    /// The pool's rules for accounts.
    pub accounts: AccountSettingsOut,
}

/// A pool's rules for accounts (`docs/accounts.md`).
#[derive(Serialize, ToSchema)]
pub struct AccountSettingsOut {
    /// The rate the interim account must be approved before; null for none.
    pub interim_before_rate: Option<i32>,
    pub interim_deadline_months: i32,
    /// Basis points (1000 = 10 %).
    pub tolerance_bp: i32,
    pub claim_due_days: i32,
    /// Days from each deadline, negative before it.
    pub reminder_offsets: Vec<i32>,
}

fn pool_out(pool: app::Pool) -> PoolOut {
    let plan = pool.plan();
    let (p, a) = (pool.row, pool.accounts);
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
        accounts: AccountSettingsOut {
            interim_before_rate: a.interim_before_rate,
            interim_deadline_months: a.interim_deadline_months,
            tolerance_bp: a.tolerance_bp,
            claim_due_days: a.claim_due_days,
            reminder_offsets: crate::domain::accounts::parse_reminder_offsets(&a.reminder_offsets)
                .unwrap_or_default(),
        },
        rates: plan.iter().map(RateOut::from).collect(),
    }
}

/// All pools.
#[utoipa::path(get, operation_id = "list_pools", path = "/api/v1/pools", tag = "pools", responses((status = 200, body = Vec<PoolOut>)), security(("session" = [])))]
pub async fn list(state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let pools = state.read(app::list).await?;
    Ok(super::ok(
        pools.into_iter().map(pool_out).collect::<Vec<_>>(),
    ))
}

/// One pool.
#[utoipa::path(get, operation_id = "get_pool", path = "/api/v1/pools/{pool}", tag = "pools", params(("pool" = i64, Path, minimum = 1)), responses((status = 200, body = PoolOut), (status = 404, body = crate::http::errors::ApiError)), security(("session" = [])))]
pub async fn get(state: web::Data<AppState>, path: web::Path<i64>) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let pool = state.read(move |c| app::load(c, id)).await?;
    Ok(super::ok(pool_out(pool)))
}

/// Create a pool. Amounts are kroner as text ("257.000.000" or "257000000"); the
/// deadline is Copenhagen local time "YYYY-MM-DDTHH:MM".
#[utoipa::path(post, operation_id = "create_pool", path = "/api/v1/pools", tag = "pools", request_body = PoolForm,
    responses((status = 201, body = PoolOut), (status = 422, body = crate::http::errors::ApiError)), security(("session" = []), ("csrf" = [])))]
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: web::Json<PoolForm>,
) -> AppResult<HttpResponse> {
    let input = PoolDraft::from(body.into_inner())
        .validate()
        .map_err(AppError::Invalid)?;
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let pool = state
        .db(move |c| app::create(c, &actor, now, &input))
        .await?;
    Ok(super::created(pool_out(pool)))
}

/// Replace a pool's settings.
#[utoipa::path(put, operation_id = "update_pool", path = "/api/v1/pools/{pool}", tag = "pools", params(("pool" = i64, Path, minimum = 1)), request_body = PoolForm,
    responses((status = 200, body = PoolOut), (status = 422, body = crate::http::errors::ApiError)), security(("session" = []), ("csrf" = [])))]
pub async fn update(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    body: web::Json<PoolForm>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let input = PoolDraft::from(body.into_inner())
        .validate()
        .map_err(AppError::Invalid)?;
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let pool = state
        .db(move |c| app::update(c, &actor, now, id, &input))
        .await?;
    Ok(super::ok(pool_out(pool)))
}

#[derive(Serialize, ToSchema)]
pub struct CountOut {
    pub municipality_code: i32,
    pub name: String,
    pub target_group: Option<i64>,
    pub applied: bool,
}

/// Target-group counts and applicants for all 98 municipalities.
#[utoipa::path(get, operation_id = "get_target_groups", path = "/api/v1/pools/{pool}/target-groups", tag = "pools", params(("pool" = i64, Path, minimum = 1)), responses((status = 200, body = Vec<CountOut>)), security(("session" = [])))]
pub async fn target_groups(
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let rows = state
        .read(move |c| {
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
#[utoipa::path(put, operation_id = "import_target_groups", path = "/api/v1/pools/{pool}/target-groups", tag = "pools", params(("pool" = i64, Path, minimum = 1)), request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = ImportOut), (status = 422, body = crate::http::errors::ApiError)), security(("session" = []), ("csrf" = [])))]
pub async fn import(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let counts = counts_csv::parse_counts(&body)
        .map_err(|errors| AppError::Invalid(tg::csv_field_errors(&errors)))?;
    let total = counts.iter().map(|a| a.target_group).sum();
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let n = state
        .db(move |c| tg::import(c, &actor, now, id, &counts, "api", &mut |_| {}))
        .await?;
    Ok(super::ok(ImportOut { imported: n, total }))
}

#[derive(Deserialize, ToSchema)]
pub struct AppliedIn {
    /// Exactly the municipalities that applied; all others are marked as not applying.
    pub municipality_codes: Vec<i32>,
}

/// Set which municipalities applied.
#[utoipa::path(put, operation_id = "set_applicants", path = "/api/v1/pools/{pool}/applicants", tag = "pools", params(("pool" = i64, Path, minimum = 1)), request_body = AppliedIn,
    responses((status = 200, body = Vec<CountOut>), (status = 422, body = crate::http::errors::ApiError)), security(("session" = []), ("csrf" = [])))]
pub async fn applied(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    body: web::Json<AppliedIn>,
) -> AppResult<HttpResponse> {
    let id = *path;
    let codes: BTreeSet<i32> = body.into_inner().municipality_codes.into_iter().collect();
    let (actor, now) = (ctx.user()?.actor(), state.now());
    state
        .db(move |c| tg::set_applied(c, &actor, now, id, &codes))
        .await?;
    target_groups(state, path).await
}
