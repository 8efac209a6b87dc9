use actix_web::{web, HttpResponse};
use chrono::SecondsFormat;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::allocations::{self as app, Reason};
use crate::db::queries::allocations::{LineView, VersionView};
use crate::error::{AppError, AppResult};
use crate::http::ctx::Ctx;
use crate::http::AppState;

#[derive(Serialize, ToSchema)]
pub struct LineOut {
    pub municipality_code: i32,
    pub name: String,
    pub target_group: i64,
    /// Exact quota in kroner, 6 decimals, as text (exact, not a float).
    pub exact_quota: String,
    pub amount_ore: i64,
    /// Whether the largest-remainder step gave this municipality one extra krone.
    pub extra_krone: bool,
}

#[derive(Serialize, ToSchema)]
pub struct AllocationOut {
    pub id: i64,
    pub pool_id: i64,
    pub version_no: i32,
    /// draft, approved or superseded.
    pub status: String,
    pub total_ore: i64,
    pub reason: String,
    pub created_by: String,
    pub created_at: String,
    pub approved_by: Option<String>,
    pub approved_at: Option<String>,
    /// The lines (only on single-version responses).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lines: Option<Vec<LineOut>>,
}

fn rfc(t: chrono::NaiveDateTime) -> String {
    t.and_utc().to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn out(v: VersionView, lines: Option<Vec<LineView>>) -> AllocationOut {
    AllocationOut {
        id: v.row.id,
        pool_id: v.row.pool_id,
        version_no: v.row.version_no,
        status: v.row.status.as_str().to_string(),
        total_ore: v.row.total_ore,
        reason: v.row.reason,
        created_by: v.created_by_name,
        created_at: rfc(v.row.created_at),
        approved_by: v.approved_by_name,
        approved_at: v.row.approved_at.map(rfc),
        lines: lines.map(|ls| {
            ls.into_iter()
                .map(|l| LineOut {
                    municipality_code: l.code,
                    name: l.name,
                    target_group: l.target_group,
                    exact_quota: l.exact_quota,
                    amount_ore: l.amount_ore,
                    extra_krone: l.extra_krone,
                })
                .collect()
        }),
    }
}

async fn one(state: &AppState, id: i64) -> AppResult<AllocationOut> {
    let v = state.read(move |c| app::version(c, id)).await?;
    Ok(out(v.version, Some(v.lines)))
}

/// All allocation versions of a pool, newest first.
#[utoipa::path(get, operation_id = "list_allocations", path = "/api/v1/pools/{pool}/allocations", tag = "allocations", params(("pool" = i64, Path, minimum = 1)), responses((status = 200, body = Vec<AllocationOut>)), security(("session" = [])))]
pub async fn list(state: web::Data<AppState>, path: web::Path<i64>) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let vs = state.read(move |c| app::versions(c, id)).await?;
    Ok(super::ok(
        vs.into_iter().map(|v| out(v, None)).collect::<Vec<_>>(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct RunIn {
    /// Why this run (e.g. "Vordingborg withdrew"): 1 to 500 characters, not only spaces.
    #[schema(
        required = true,
        min_length = 1,
        max_length = 500,
        pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
    )]
    pub reason: String,
}

/// Run the allocation over the pool's current applicants; stores a new draft version.
#[utoipa::path(post, operation_id = "run_allocation", path = "/api/v1/pools/{pool}/allocations", tag = "allocations", params(("pool" = i64, Path, minimum = 1)), request_body = RunIn,
    responses((status = 201, body = AllocationOut), (status = 409, body = crate::http::errors::ApiError), (status = 422, body = crate::http::errors::ApiError)), security(("session" = []), ("csrf" = [])))]
pub async fn run(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    body: web::Json<RunIn>,
) -> AppResult<HttpResponse> {
    let pool_id = path.into_inner();
    let reason = Reason::parse(&body.into_inner().reason)?;
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let row = state
        .db(move |c| app::run(c, &actor, now, pool_id, &reason))
        .await?;
    Ok(super::created(one(&state, row.id).await?))
}

/// The approved allocation of a pool with its lines (404 if none is approved).
#[utoipa::path(get, operation_id = "get_approved_allocation", path = "/api/v1/pools/{pool}/allocation", tag = "allocations", params(("pool" = i64, Path, minimum = 1)), responses((status = 200, body = AllocationOut), (status = 404, body = crate::http::errors::ApiError)), security(("session" = [])))]
pub async fn approved(state: web::Data<AppState>, path: web::Path<i64>) -> AppResult<HttpResponse> {
    let (pool_id, cache) = (path.into_inner(), state.lines_cache.clone());
    let found = state
        .read(move |c| app::approved(c, &cache, pool_id))
        .await?;
    let v = found.approved.ok_or(AppError::NotFound)?;
    Ok(super::ok(out(v.version, Some(v.lines.to_vec()))))
}

/// One allocation version with its lines.
#[utoipa::path(get, operation_id = "get_allocation", path = "/api/v1/allocations/{id}", tag = "allocations", params(("id" = i64, Path, minimum = 1)), responses((status = 200, body = AllocationOut), (status = 404, body = crate::http::errors::ApiError)), security(("session" = [])))]
pub async fn get(state: web::Data<AppState>, path: web::Path<i64>) -> AppResult<HttpResponse> {
    Ok(super::ok(one(&state, path.into_inner()).await?))
}

/// Approve a draft version; the previously approved one is superseded. A version already
/// approved (e.g. by a concurrent request) gives 409 naming who approved it.
#[utoipa::path(post, operation_id = "approve_allocation", path = "/api/v1/allocations/{id}/approve", tag = "allocations", params(("id" = i64, Path, minimum = 1)),
    responses((status = 200, body = AllocationOut), (status = 409, body = crate::http::errors::ApiError)), security(("session" = []), ("csrf" = [])))]
pub async fn approve(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let (actor, now) = (ctx.user()?.actor(), state.now());
    state.db(move |c| app::approve(c, &actor, now, id)).await?;
    Ok(super::ok(one(&state, id).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CompareQuery {
    /// The first version's id.
    pub a: i64,
    /// The second version's id.
    pub b: i64,
}

#[derive(Serialize, ToSchema)]
pub struct CompareLineOut {
    pub municipality_code: i32,
    pub name: String,
    /// Target group and amount in version a; absent if the municipality is not in it.
    pub a_target_group: Option<i64>,
    pub a_amount_ore: Option<i64>,
    pub b_target_group: Option<i64>,
    pub b_amount_ore: Option<i64>,
    /// b minus a, in øre.
    pub difference_ore: i64,
}

/// Two versions of a pool's allocation side by side, by municipality.
#[utoipa::path(get, operation_id = "compare_allocations", path = "/api/v1/pools/{pool}/allocations/compare", tag = "allocations", params(("pool" = i64, Path, minimum = 1), CompareQuery),
    responses((status = 200, body = Vec<CompareLineOut>), (status = 404, body = crate::http::errors::ApiError)), security(("session" = [])))]
pub async fn compare(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    q: web::Query<CompareQuery>,
) -> AppResult<HttpResponse> {
    let pool_id = path.into_inner();
    let (a, b) = (q.a, q.b);
    let cmp = state.read(move |c| app::compare(c, pool_id, a, b)).await?;
    Ok(super::ok(
        cmp.lines
            .into_iter()
            .map(|r| CompareLineOut {
                municipality_code: r.code,
                difference_ore: r.difference_ore(),
                name: r.name,
                a_target_group: r.a.map(|x| x.target_group),
                a_amount_ore: r.a.map(|x| x.amount_ore),
                b_target_group: r.b.map(|x| x.target_group),
                b_amount_ore: r.b.map(|x| x.amount_ore),
            })
            .collect::<Vec<_>>(),
    ))
}
