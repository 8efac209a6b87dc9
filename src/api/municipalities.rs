//! The municipalities over the API: the list with their codes, and one municipality's
//! approved amounts per pool split into rates (`app::municipalities`).

use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::municipalities::{self as app, PoolShare};
use crate::db::queries::municipalities as mq;
use crate::error::AppResult;
use crate::http::ctx::Ctx;
use crate::http::AppState;

#[derive(Serialize, ToSchema)]
pub struct MunicipalityOut {
    pub code: i32,
    pub name: String,
    pub region_code: i32,
    pub region_name: String,
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Part of the name, or the start of the code (case, hyphens and "aa" for "å" make
    /// no difference); all 98 without it.
    #[serde(default)]
    pub q: String,
}

/// The 98 municipalities with their official codes, or those a search finds (the
/// officers' list of municipalities, `/municipalities?q=`).
#[utoipa::path(get, operation_id = "list_municipalities", path = "/api/v1/municipalities", tag = "municipalities", params(SearchQuery), responses((status = 200, body = Vec<MunicipalityOut>)), security(("session" = [])))]
pub async fn municipalities(
    state: web::Data<AppState>,
    search: web::Query<SearchQuery>,
) -> AppResult<HttpResponse> {
    let rows = state.read(|c| Ok(mq::all(c)?)).await?;
    let query = search.q.trim();
    Ok(super::ok(
        rows.into_iter()
            .filter(|m| crate::domain::municipality::matches(&m.name, m.code, query))
            .map(|m| MunicipalityOut {
                code: m.code,
                name: m.name,
                region_code: m.region_code,
                region_name: m.region_name,
            })
            .collect::<Vec<_>>(),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct RateAmountOut {
    pub number: i32,
    pub share_bp: i32,
    pub earliest_date: Option<NaiveDate>,
    pub amount_ore: i64,
}

#[derive(Serialize, ToSchema)]
pub struct MunicipalityPoolOut {
    pub pool_id: i64,
    pub pool_name: String,
    pub applied: bool,
    pub target_group: Option<i64>,
    pub approved_version: Option<i32>,
    pub approved_amount_ore: Option<i64>,
    pub rates: Vec<RateAmountOut>,
}

#[derive(Serialize, ToSchema)]
pub struct MunicipalityDetailOut {
    pub code: i32,
    pub name: String,
    pub pools: Vec<MunicipalityPoolOut>,
}

fn pool_out(s: PoolShare) -> MunicipalityPoolOut {
    MunicipalityPoolOut {
        pool_id: s.pool.id,
        pool_name: s.pool.name,
        applied: s.applied,
        target_group: s.target_group,
        approved_version: s.approved.map(|a| a.0),
        approved_amount_ore: s.approved.map(|a| a.1),
        rates: s
            .expected_rates
            .into_iter()
            .map(|r| RateAmountOut {
                number: r.rate_no,
                share_bp: r.share_bp,
                earliest_date: r.earliest_date,
                amount_ore: r.amount_ore,
            })
            .collect(),
    }
}

/// One municipality's approved amounts per pool, split into rates. Municipal users may
/// read only their own municipality.
#[utoipa::path(get, operation_id = "get_municipality", path = "/api/v1/municipalities/{code}", tag = "municipalities", params(("code" = i32, Path, minimum = 101, maximum = 860, description = "Official municipality code, e.g. 615")),
    responses((status = 200, body = MunicipalityDetailOut), (status = 403, body = crate::http::errors::ApiError), (status = 404, body = crate::http::errors::ApiError)), security(("session" = [])))]
pub async fn municipality(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let code = path.into_inner();
    let now = state.now();
    let o = state
        .cached(&ctx, app::overview_key(code, now), move |c| {
            app::overview(c, code, now)
        })
        .await?;
    Ok(super::ok(MunicipalityDetailOut {
        code: o.municipality.code,
        name: o.municipality.name.clone(),
        pools: o.pools.iter().cloned().map(pool_out).collect(),
    }))
}
