//! A pool's ledger and forecast over the API (`docs/rates.md`, "Ledger and forecast"):
//! the same read as the page (`app::payouts::ledger`), amounts in øre.

use actix_web::{web, HttpResponse};
use chrono::SecondsFormat;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::app::payouts::ledger::{self as app, PoolLedger, WhatIfInput};
use crate::domain::ledger::{Forecast, YearLine};
use crate::error::{AppError, AppResult};
use crate::http::ctx::Ctx;
use crate::http::AppState;

/// One finance-act year of the ledger (or the total, without a year), in øre. The
/// columns from `paid_ore` to `cancelled_ore` add up to `committed_ore`.
#[derive(Serialize, ToSchema)]
pub struct LedgerYearOut {
    pub year: Option<i32>,
    pub committed_ore: i64,
    pub paid_ore: i64,
    /// Approved by a second officer or exported, not yet paid.
    pub approved_ore: i64,
    /// Requested or prepared.
    pub in_process_ore: i64,
    /// Every condition met, not requested.
    pub payable_ore: i64,
    pub not_due_ore: i64,
    pub not_met_ore: i64,
    /// Cancelled, or cut by a final account.
    pub cancelled_ore: i64,
    /// Repayment claims booked in the year.
    pub claimed_ore: i64,
    /// Of those, received back.
    pub reclaimed_ore: i64,
}

impl From<&YearLine> for LedgerYearOut {
    fn from(y: &YearLine) -> Self {
        LedgerYearOut {
            year: y.year,
            committed_ore: y.committed,
            paid_ore: y.paid,
            approved_ore: y.approved,
            in_process_ore: y.in_process,
            payable_ore: y.payable,
            not_due_ore: y.not_due,
            not_met_ore: y.not_met,
            cancelled_ore: y.cancelled,
            claimed_ore: y.claimed,
            reclaimed_ore: y.reclaimed,
        }
    }
}

/// A rate not yet payable.
#[derive(Serialize, ToSchema)]
pub struct UpcomingOut {
    pub municipality_code: i32,
    pub municipality: String,
    pub rate: i32,
    pub amount_ore: i64,
    /// `not_due` or `conditions_not_met`.
    pub state: String,
    /// The instant its date allows it (UTC), if it has a date.
    pub payable_from_utc: Option<String>,
    /// The conditions that do not pass (`not_before`, `whole_group_assessed`, …).
    pub missing: Vec<String>,
    /// The last day of the grant period, once it has passed with a milestone not met
    /// (a reason to cancel the rate); null otherwise.
    pub period_ended_on: Option<chrono::NaiveDate>,
}

#[derive(Serialize, ToSchema)]
pub struct ForecastMonthOut {
    /// "2019-01" (Copenhagen).
    pub month: String,
    pub paid_ore: i64,
    pub expected_ore: i64,
    pub cumulative_ore: i64,
}

#[derive(Serialize, ToSchema)]
pub struct ForecastOut {
    /// Every month from the first paid or expected to the last.
    pub months: Vec<ForecastMonthOut>,
    /// Waiting on a milestone no one can date.
    pub unplaced_ore: i64,
    pub unplaced_rates: usize,
}

impl From<&Forecast> for ForecastOut {
    fn from(f: &Forecast) -> Self {
        ForecastOut {
            months: f
                .months
                .iter()
                .map(|m| ForecastMonthOut {
                    month: m.month.key(),
                    paid_ore: m.paid,
                    expected_ore: m.expected,
                    cumulative_ore: m.cumulative,
                })
                .collect(),
            unplaced_ore: f.unplaced_ore,
            unplaced_rates: f.unplaced_rates,
        }
    }
}

/// The what-if asked for, and the forecast under it.
#[derive(Serialize, ToSchema)]
pub struct WhatIfOut {
    pub municipality_code: i32,
    pub rate: u8,
    /// "2027-03"
    pub month: String,
    pub forecast: ForecastOut,
}

#[derive(Serialize, ToSchema)]
pub struct LedgerOut {
    pub pool_id: i64,
    pub pool_name: String,
    pub pool_amount_ore: i64,
    /// The month "now" in Copenhagen: what is payable is expected in it.
    pub this_month: String,
    pub years: Vec<LedgerYearOut>,
    pub total: LedgerYearOut,
    pub upcoming: Vec<UpcomingOut>,
    pub forecast: ForecastOut,
    pub what_if: Option<WhatIfOut>,
}

impl From<&PoolLedger> for LedgerOut {
    fn from(l: &PoolLedger) -> Self {
        LedgerOut {
            pool_id: l.pool_id,
            pool_name: l.pool_name.clone(),
            pool_amount_ore: l.pool_amount_ore,
            this_month: l.this_month.key(),
            years: l.ledger.years.iter().map(LedgerYearOut::from).collect(),
            total: LedgerYearOut::from(&l.ledger.total),
            upcoming: l
                .upcoming
                .iter()
                .map(|u| UpcomingOut {
                    municipality_code: u.code,
                    municipality: u.municipality.clone(),
                    rate: u.rate_no,
                    amount_ore: u.amount_ore,
                    state: u.state.as_str().to_string(),
                    payable_from_utc: u
                        .from_utc
                        .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true)),
                    missing: u.missing.iter().map(|k| k.as_str().to_string()).collect(),
                    period_ended_on: u.period_ended_on,
                })
                .collect(),
            forecast: ForecastOut::from(&l.forecast),
            what_if: l.what_if.as_ref().map(|(a, f)| WhatIfOut {
                municipality_code: a.code,
                rate: a.rate_no,
                month: a.month.key(),
                forecast: ForecastOut::from(f),
            }),
        }
    }
}

/// A what-if: municipality `code` meets rate `rate`'s milestones in `month` ("2027-03").
/// All three or none.
#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct WhatIfParams {
    /// A municipality with a commitment in the pool ("615").
    #[param(pattern = "^[0-9]{3}$")]
    code: Option<String>,
    /// One of that commitment's rates ("3").
    #[param(pattern = "^[1-9]$")]
    rate: Option<String>,
    /// The month the milestones are met ("2027-03").
    #[param(pattern = "^(19|20)[0-9]{2}-(0[1-9]|1[0-2])$")]
    month: Option<String>,
}

/// A pool's ledger by finance-act year, the rates not yet payable and when, and the
/// cash-flow forecast by month; with `code`, `rate` and `month`, also the forecast if
/// that municipality meets that rate's milestones in that month. A what-if that does not
/// parse: 422 naming each field.
#[utoipa::path(get, path = "/api/v1/pools/{pool}/ledger", tag = "payouts",
    params(("pool" = i64, Path, minimum = 1), WhatIfParams),
    responses((status = 200, body = LedgerOut),
        (status = 404, body = crate::http::errors::ApiError),
        (status = 422, body = crate::http::errors::ApiError)),
    security(("session" = [])))]
pub async fn ledger(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    query: web::Query<WhatIfParams>,
) -> AppResult<HttpResponse> {
    let pool = path.into_inner();
    let q = query.into_inner();
    let input = WhatIfInput {
        code: q.code.unwrap_or_default(),
        rate: q.rate.unwrap_or_default(),
        month: q.month.unwrap_or_default(),
    };
    let now = state.now();
    let plain = state
        .cached(&ctx, app::read_key(pool, now), move |c| {
            app::read_plain(c, pool, now)
        })
        .await?;
    if input.is_empty() {
        // Some 30–50 kB of JSON: made once per data version and day.
        let json = state.fragment(&ctx, format!("json/{}", app::read_key(pool, now)), || {
            serde_json::to_string(&LedgerOut::from(&plain.ledger)).unwrap_or_default()
        });
        return Ok(HttpResponse::Ok()
            .content_type("application/json")
            .body(json.as_str().to_owned()));
    }
    let l = plain
        .what_if(&input)
        .map_err(|(_, e)| AppError::Invalid(e))?;
    Ok(super::ok(LedgerOut::from(&*l)))
}
