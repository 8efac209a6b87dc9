//! Allocation runs, versions, approval, comparison, and the approved table with exports.

use std::sync::Arc;

use actix_web::{web, HttpResponse};
use serde::Deserialize;
use tilskud_templates::components::{SortDir, SortState};
use tilskud_templates::fmt::danish_sort_key;
use tilskud_templates::pages::allocation as page;

use super::login::see_other;
use super::{html, AppState, Download};
use crate::app::allocations::{self as app, Reason};
use crate::db::models::PoolRow;
use crate::db::queries::allocations::{LineView, VersionView};
use crate::domain::allocation::AllocationStatus;
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
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let pool_id = path.into_inner();
    let reason = form.into_inner().reason;
    let result = match Reason::parse(&reason) {
        Ok(r) => {
            state
                .db(move |c| app::run(c, &actor, now, pool_id, &r))
                .await
        }
        Err(e) => Err(e),
    };
    match result {
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

fn head(ctx: &Ctx, v: &VersionView, pool: &PoolRow) -> page::VersionHead {
    page::VersionHead {
        version: super::pools::version_row(ctx, v),
        pool_id: pool.id,
        pool_name: pool.name.clone(),
        total_ore: v.row.total_ore,
    }
}

fn line(l: LineView) -> page::Line {
    page::Line {
        code: l.code,
        name: l.name,
        target_group: l.target_group,
        exact_quota: l.exact_quota,
        amount_ore: l.amount_ore,
        extra_krone: l.extra_krone,
    }
}

async fn render_version(
    ctx: &Ctx,
    state: &AppState,
    id: i64,
    problem: Option<String>,
) -> AppResult<maud::Markup> {
    let app::Version {
        version: v,
        pool: p,
        lines,
    } = state.read(move |c| app::version(c, id)).await?;
    let h = head(ctx, &v, &p);
    let can_approve = v.row.status == AllocationStatus::Draft
        && ctx.may("POST", "/allocations/{id}/approve", None);
    let lines: Vec<page::Line> = lines.into_iter().map(line).collect();
    // What and where: "Fordeling, version 2 – Flere skal med".
    let title = format!(
        "{} – {}",
        ctx.msg(
            &crate::error::Msg::new("title-allocation-version").arg("version", v.row.version_no)
        ),
        p.name
    );
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

#[derive(Deserialize)]
pub struct ApproveForm {
    /// `1` from the confirmation page; without it the confirmation is shown.
    #[serde(default)]
    confirmed: String,
}

pub async fn approve(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<ApproveForm>,
) -> AppResult<HttpResponse> {
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let id = path.into_inner();
    if form.confirmed != "1" {
        return confirm_page(&ctx, &state, id).await;
    }
    match state.db(move |c| app::approve(c, &actor, now, id)).await {
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

/// The confirmation before an approval: the version, the version it replaces, and the
/// commitments and paid rates that rest on the pool's allocation.
async fn confirm_page(ctx: &Ctx, state: &AppState, id: i64) -> AppResult<HttpResponse> {
    use crate::error::Msg;
    use tilskud_templates::components::{confirmation, ButtonKind, Confirmation};
    use tilskud_templates::pages::money;
    let impact = state.read(move |c| app::approval_impact(c, id)).await?;
    let v = &impact.version;
    if v.version.row.status != AllocationStatus::Draft {
        // Decided meanwhile: the version's page says by whom.
        return Ok(see_other(&format!("/allocations/{id}")));
    }
    let version_no = v.version.row.version_no;
    let replaces = match &impact.replaced {
        Some(r) => ctx.msg(
            &Msg::new("allocation-confirm-replaces-version")
                .arg("version", r.row.version_no)
                .arg("who", r.approved_by_name.clone().unwrap_or_default())
                .arg(
                    "when",
                    r.row
                        .approved_at
                        .map(|t| crate::http::local_long(ctx.lang, t))
                        .unwrap_or_default(),
                ),
        ),
        None => ctx.t("allocation-confirm-replaces-none"),
    };
    let summary = if impact.resting.is_empty() {
        ctx.t("allocation-confirm-resting-none")
    } else {
        ctx.msg(
            &Msg::new("allocation-confirm-resting")
                .arg("commitments", impact.resting.len())
                .arg("committed", money(impact.committed_ore()))
                .arg("rates", impact.paid_rates())
                .arg("paid", money(impact.paid_ore())),
        )
    };
    let rows: Vec<page::RestingRow> = impact
        .resting
        .iter()
        .map(|r| page::RestingRow {
            name: r.name.clone(),
            replaced_ore: r.replaced_ore,
            new_ore: r.new_ore,
            committed_ore: r.committed_ore,
            paid_ore: r.paid_ore,
            below_commitment: r.below_commitment(),
        })
        .collect();
    let c = Confirmation {
        trail: vec![
            (ctx.t("nav-pools"), "/pools".to_string()),
            (v.pool.name.clone(), format!("/pools/{}", v.pool.id)),
            (
                ctx.msg(&Msg::new("title-allocation-version").arg("version", version_no)),
                format!("/allocations/{id}"),
            ),
        ],
        heading: ctx.msg(
            &Msg::new("allocation-confirm-heading")
                .arg("version", version_no)
                .arg("pool", &v.pool.name),
        ),
        facts: vec![
            (
                ctx.t("allocation-confirm-total"),
                money(v.version.row.total_ore),
            ),
            (
                ctx.t("allocation-confirm-municipalities"),
                v.lines.len().to_string(),
            ),
            (ctx.t("allocation-confirm-replaces"), replaces),
            (
                ctx.t("allocation-confirm-reason"),
                v.version.row.reason.clone(),
            ),
        ],
        warning: ctx.msg(&Msg::new("allocation-confirm-warning").arg("version", version_no)),
        detail: Some(page::resting(ctx.lang, &summary, &rows)),
        action: format!("/allocations/{id}/approve"),
        hidden: Vec::new(),
        csrf: ctx.csrf(),
        confirm_label: ctx.msg(&Msg::new("allocation-confirm-button").arg("version", version_no)),
        confirm_kind: ButtonKind::Primary,
        back_label: ctx.t("allocation-confirm-back"),
        back_href: format!("/allocations/{id}"),
    };
    let title = ctx.msg(
        &Msg::new("allocation-confirm-heading")
            .arg("version", version_no)
            .arg("pool", &v.pool.name),
    );
    Ok(html(ctx.page(&title, confirmation(ctx.lang, &c))))
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
    let cmp = state.read(move |c| app::compare(c, pool_id, a, b)).await?;
    let side = |s: Option<app::Side>| {
        s.map(|s| page::CompareSide {
            target_group: s.target_group,
            amount_ore: s.amount_ore,
        })
    };
    let rows: Vec<page::CompareRow> = cmp
        .lines
        .into_iter()
        .map(|r| page::CompareRow {
            code: r.code,
            name: r.name,
            a: side(r.a),
            b: side(r.b),
        })
        .collect();
    let body = page::compare(
        ctx.lang,
        pool_id,
        &cmp.pool.name,
        &head(&ctx, &cmp.a, &cmp.pool),
        &head(&ctx, &cmp.b, &cmp.pool),
        &rows,
    );
    let title = format!("{} – {}", ctx.t("allocation-compare"), cmp.pool.name);
    Ok(html(ctx.page(&title, body)))
}

#[derive(Deserialize)]
pub struct SortQuery {
    sort: Option<String>,
    dir: Option<String>,
    /// Set by the redirect after an approval, to confirm it.
    approved: Option<i32>,
}

/// The approved version of a pool with its lines, or the pool alone if none is approved.
async fn load_approved(
    ctx: &Ctx,
    state: &AppState,
    pool_id: i64,
) -> AppResult<Arc<app::PoolAllocation>> {
    let cache = state.lines_cache.clone();
    let key = format!("allocation/{pool_id}");
    state
        .cached(ctx, key, move |c| app::approved(c, &cache, pool_id))
        .await
}

/// Sorts the lines for display; they arrive in Danish alphabetical order already.
fn sort_lines(lines: &mut [page::Line], sort: &SortState) {
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
    let a = load_approved(&ctx, &state, pool_id).await?;
    let (pool, approved) = (&a.pool, &a.approved);
    let sort = SortState::from_query(
        q.sort.as_deref(),
        q.dir.as_deref(),
        &page::SORT_KEYS,
        SortState::new("name", SortDir::Asc),
    );
    let (head, table) = match approved {
        Some(app::ApprovedVersion { version: v, lines }) => {
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
            (Some(head(&ctx, v, pool)), table)
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

/// The download's name without its extension: `fordeling-flere-skal-med-v2`.
fn file_stem(pool: &PoolRow, version: i32) -> String {
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
    format!("fordeling-{}-v{version}", slug.trim_matches('-'))
}

/// The approved allocation as a download in `format`.
async fn approved_download(
    ctx: Ctx,
    state: web::Data<AppState>,
    pool_id: i64,
    format: Download,
) -> AppResult<HttpResponse> {
    let a = load_approved(&ctx, &state, pool_id).await?;
    let (pool, approved) = (&a.pool, &a.approved);
    let app::ApprovedVersion { version: v, lines } = approved.as_ref().ok_or(AppError::NotFound)?;
    let body = match format {
        Download::Csv => crate::export::allocation_csv(lines).map_err(AppError::internal)?,
        Download::ExcelCsv => {
            crate::export::allocation_csv_excel(ctx.lang, lines).map_err(AppError::internal)?
        }
        Download::Xlsx => {
            crate::export::allocation_xlsx(ctx.lang, pool, v, lines).map_err(AppError::internal)?
        }
    };
    Ok(super::attachment(
        format.content_type(),
        &format.file_name(&file_stem(pool, v.row.version_no)),
        body,
    ))
}

pub async fn approved_csv(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    approved_download(ctx, state, path.into_inner(), Download::Csv).await
}

/// The approved allocation for Danish Excel (`export::allocation_csv_excel`).
pub async fn approved_excel_csv(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    approved_download(ctx, state, path.into_inner(), Download::ExcelCsv).await
}

pub async fn approved_xlsx(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    approved_download(ctx, state, path.into_inner(), Download::Xlsx).await
}
