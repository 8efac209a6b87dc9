//! Allocation runs, versions, approval, comparison, and the approved table with exports.

use std::sync::Arc;

use actix_web::{web, HttpResponse};
use serde::Deserialize;
use tilskud_templates::components::{SortDir, SortState};
use tilskud_templates::fmt::danish_sort_key;
use tilskud_templates::pages::allocation as page;

use super::login::see_other;
use super::{html, local, AppState};
use crate::db::models::PoolRow;
use crate::db::queries::allocations::{self, LineView, VersionView};
use crate::db::queries::pools;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::http::ctx::Ctx;

#[derive(Deserialize)]
pub struct RunForm {
    #[serde(default)]
    reason: String,
}

pub async fn run(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<RunForm>,
) -> AppResult<HttpResponse> {
    let now = state.now();
    let pool_id = path.into_inner();
    let reason = form.into_inner().reason;
    let actor = ctx.user()?.actor();
    let r = reason.clone();
    match state
        .db(move |c| allocations::run(c, &actor, now, pool_id, &r))
        .await
    {
        Ok(row) => Ok(see_other(&format!("/allocations/{}", row.id))),
        Err(AppError::Invalid(errors)) => {
            rerender_pool(&ctx, &state, pool_id, &errors, &reason).await
        }
        Err(AppError::Conflict(m)) => {
            let mut errors = FieldErrors::default();
            errors.add("reason", m);
            rerender_pool(&ctx, &state, pool_id, &errors, &reason).await
        }
        Err(e) => Err(e),
    }
}

async fn rerender_pool(
    ctx: &Ctx,
    state: &AppState,
    pool_id: i64,
    errors: &FieldErrors,
    reason: &str,
) -> AppResult<HttpResponse> {
    let view = super::pools::detail_view(ctx, state, pool_id, errors, reason).await?;
    Ok(super::html_invalid(ctx.page(
        &view.name,
        tilskud_templates::pages::pools::detail(ctx.lang, &view),
    )))
}

pub fn head(v: &VersionView, pool: &PoolRow) -> page::VersionHead {
    page::VersionHead {
        id: v.row.id,
        pool_id: pool.id,
        pool_name: pool.name.clone(),
        version_no: v.row.version_no,
        status: v.row.status.clone(),
        reason: v.row.reason.clone(),
        created_by: v.created_by_name.clone(),
        created_at: local(v.row.created_at),
        approved_by: v.approved_by_name.clone().unwrap_or_default(),
        approved_at: v.row.approved_at.map(local).unwrap_or_default(),
        total_ore: v.row.total_ore,
    }
}

pub fn line(l: LineView) -> page::Line {
    page::Line {
        code: l.code,
        name: l.name,
        target_group: l.target_group,
        exact_quota: l.exact_quota,
        amount_ore: l.amount_ore,
        extra_krone: l.extra_krone,
    }
}

async fn load_version(
    state: &AppState,
    id: i64,
) -> AppResult<(VersionView, PoolRow, Vec<LineView>)> {
    state
        .db(move |c| {
            let v = allocations::get(c, id)?.ok_or(AppError::NotFound)?;
            let p = pools::get(c, v.row.pool_id)?.ok_or(AppError::NotFound)?;
            let lines = allocations::lines(c, id)?;
            Ok((v, p, lines))
        })
        .await
}

async fn render_version(
    ctx: &Ctx,
    state: &AppState,
    id: i64,
    problem: Option<String>,
) -> AppResult<maud::Markup> {
    let (v, p, lines) = load_version(state, id).await?;
    let h = head(&v, &p);
    let can_approve = v.row.status == allocations::DRAFT && ctx.user()?.is_officer();
    let lines: Vec<page::Line> = lines.into_iter().map(line).collect();
    let title = format!("{} – {}", p.name, v.row.version_no);
    Ok(ctx.page(
        &title,
        page::version(
            ctx.lang,
            &h,
            &lines,
            can_approve,
            &ctx.csrf(),
            problem.as_deref(),
        ),
    ))
}

pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    Ok(html(
        render_version(&ctx, &state, path.into_inner(), None).await?,
    ))
}

pub async fn approve(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let now = state.now();
    let id = path.into_inner();
    let actor = ctx.user()?.actor();
    match state
        .db(move |c| allocations::approve(c, &actor, now, id))
        .await
    {
        Ok(row) => Ok(see_other(&format!(
            "/pools/{}/allocation?approved={}",
            row.pool_id, row.version_no
        ))),
        Err(AppError::Conflict(m)) => {
            let page = render_version(&ctx, &state, id, Some(ctx.msg(&m))).await?;
            Ok(HttpResponse::Conflict()
                .content_type("text/html; charset=utf-8")
                .body(page.into_string()))
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct CompareQuery {
    a: Option<i64>,
    b: Option<i64>,
}

pub async fn compare(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    q: web::Query<CompareQuery>,
) -> AppResult<HttpResponse> {
    let pool_id = path.into_inner();
    let (Some(a), Some(b)) = (q.a, q.b) else {
        return Err(AppError::field(
            "a",
            crate::error::Msg::new("allocation-compare-pick-two"),
        ));
    };
    let (va, pool, la) = load_version(&state, a).await?;
    let (vb, _, lb) = load_version(&state, b).await?;
    if va.row.pool_id != pool_id || vb.row.pool_id != pool_id {
        return Err(AppError::NotFound);
    }
    let rows: Vec<page::CompareRow> = allocations::compare(&la, &lb)
        .into_iter()
        .map(|r| page::CompareRow {
            code: r.code,
            name: r.name,
            a: r.a,
            b: r.b,
        })
        .collect();
    let body = page::compare(
        ctx.lang,
        pool_id,
        &pool.name,
        &head(&va, &pool),
        &head(&vb, &pool),
        &rows,
    );
    Ok(html(ctx.page(&ctx.t("allocation-compare"), body)))
}

#[derive(Deserialize)]
pub struct SortQuery {
    sort: Option<String>,
    dir: Option<String>,
    /// Set by the redirect after an approval, to confirm it.
    approved: Option<i32>,
}

/// The approved version of a pool with its lines, or the pool alone if none is approved.
pub async fn load_approved(
    state: &AppState,
    pool_id: i64,
) -> AppResult<(PoolRow, Option<(VersionView, Arc<Vec<LineView>>)>)> {
    let cache = state.lines_cache.clone();
    state
        .read(move |c| {
            let p = pools::get(c, pool_id)?.ok_or(AppError::NotFound)?;
            let approved = match allocations::approved_for_pool(c, pool_id)? {
                Some(row) => {
                    let v = allocations::with_names(c, vec![row])?
                        .pop()
                        .ok_or(AppError::NotFound)?;
                    let lines = cache.lines(c, v.row.id)?;
                    Some((v, lines))
                }
                None => None,
            };
            Ok((p, approved))
        })
        .await
}

/// Sorts the lines for display; they arrive in Danish alphabetical order already.
pub fn sort_lines(lines: &mut [page::Line], sort: &SortState) {
    match sort.key.as_str() {
        "name" => {}
        "code" => lines.sort_by_key(|l| l.code),
        "target_group" => lines.sort_by_cached_key(|l| (l.target_group, danish_sort_key(&l.name))),
        "amount" => lines.sort_by_cached_key(|l| (l.amount_ore, danish_sort_key(&l.name))),
        _ => lines.sort_by_cached_key(|l| danish_sort_key(&l.name)),
    }
    if sort.dir == SortDir::Desc {
        lines.reverse();
    }
}

pub async fn approved(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    q: web::Query<SortQuery>,
) -> AppResult<HttpResponse> {
    let pool_id = path.into_inner();
    let (pool, approved) = load_approved(&state, pool_id).await?;
    let sort = SortState::from_query(
        q.sort.as_deref(),
        q.dir.as_deref(),
        &page::SORT_KEYS,
        SortState::new("name", SortDir::Asc),
    );
    let (head, table) = match approved {
        Some((v, lines)) => {
            let key = (
                v.row.id,
                ctx.lang.tag(),
                sort.key.clone(),
                sort.dir.as_str(),
            );
            let table = state.tables.get_or_render(key, || {
                let mut lines: Vec<page::Line> = lines.iter().cloned().map(line).collect();
                sort_lines(&mut lines, &sort);
                page::approved_table(ctx.lang, pool_id, &lines, &sort).into_string()
            });
            (Some(head(&v, &pool)), table)
        }
        None => (None, Arc::from("")),
    };
    let view = page::ApprovedView {
        pool_id,
        pool_name: pool.name.clone(),
        note: pool.target_group_note.clone(),
        head,
    };
    let flash = q.approved.map(|v| tilskud_templates::layout::Flash {
        kind: tilskud_templates::components::AlertKind::Success,
        text: ctx.msg(&crate::error::Msg::new("allocation-approved-flash").arg("version", v)),
    });
    let body = page::approved(ctx.lang, &view, maud::PreEscaped(table.to_string()));
    Ok(html(ctx.page_with_flash(
        &ctx.t("nav-allocation"),
        body,
        flash,
    )))
}

fn filename(pool: &PoolRow, version: i32, ext: &str) -> String {
    let slug: String = pool
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("fordeling-{}-v{version}.{ext}", slug.trim_matches('-'))
}

pub async fn approved_csv(
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let (pool, approved) = load_approved(&state, path.into_inner()).await?;
    let (v, lines) = approved.ok_or(AppError::NotFound)?;
    let body = crate::export::allocation_csv(&lines).map_err(AppError::internal)?;
    Ok(super::attachment(
        "text/csv; charset=utf-8",
        &filename(&pool, v.row.version_no, "csv"),
        body,
    ))
}

pub async fn approved_xlsx(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let (pool, approved) = load_approved(&state, path.into_inner()).await?;
    let (v, lines) = approved.ok_or(AppError::NotFound)?;
    let body =
        crate::export::allocation_xlsx(ctx.lang, &pool, &v, &lines).map_err(AppError::internal)?;
    Ok(super::attachment(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &filename(&pool, v.row.version_no, "xlsx"),
        body,
    ))
}
