//! The officers' list of every account across municipalities and pools, with its
//! filters as a GET form, and the same list as CSV for Danish Excel and as XLSX. The
//! read is `app::account_reviews::list`.

use actix_web::{web, HttpRequest, HttpResponse};
use tilskud_templates::pages::account_review as page;

use super::{attachment, date, html, long_date, AppState};
use crate::app::account_reviews::{self as app, ListFilter};
use crate::app::applications::amount_text;
use crate::error::{AppError, AppResult};
use crate::http::ctx::Ctx;
use tilskud_templates::i18n::Lang;

fn filter_of(req: &HttpRequest) -> ListFilter {
    web::Query::<ListFilter>::from_query(req.query_string())
        .map(|q| q.into_inner())
        .unwrap_or_default()
}

async fn rows_of(
    ctx: &Ctx,
    state: &AppState,
    filter: ListFilter,
) -> AppResult<std::sync::Arc<Vec<app::ListRow>>> {
    let now = state.now();
    let key = app::list_key(&filter, now);
    state
        .cached(ctx, key, move |c| app::list(c, &filter, now))
        .await
}

fn list_view(lang: Lang, r: &app::ListRow) -> page::ListRow {
    page::ListRow {
        pool_id: r.pool_id,
        pool: r.pool.clone(),
        code: r.code,
        municipality: r.municipality.clone(),
        kind: r.kind.as_str().to_string(),
        deadline: long_date(lang, r.deadline),
        standing: r.standing.as_str().to_string(),
        days_overdue: r.days_overdue,
        certification: r.certification.as_str().to_string(),
        claim: r.claim.as_ref().map(|c| {
            (
                c.claim_no.clone(),
                c.amount_ore,
                c.status.as_str().to_string(),
            )
        }),
    }
}

pub async fn list(
    ctx: Ctx,
    state: web::Data<AppState>,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    let filter = filter_of(&req);
    // The raw query is in the key: the page's download links repeat it.
    let key = format!(
        "html{}/{}/{}",
        app::list_key(&filter, state.now()),
        req.query_string(),
        ctx.lang.tag()
    );
    let rows = rows_of(&ctx, &state, filter.clone()).await?;
    let f = page::Filter {
        status: filter.status.clone(),
        kind: filter.kind.clone(),
        municipality: filter.municipality.clone(),
        overdue: matches!(filter.overdue.as_str(), "1" | "true" | "on"),
        query: req.query_string().to_string(),
    };
    // With every municipality's accounts the table is some 50 kB: rendered once per data
    // version, filter, day and language.
    let body = state.fragment(&ctx, key, || {
        let views: Vec<page::ListRow> = rows.iter().map(|r| list_view(ctx.lang, r)).collect();
        page::list(ctx.lang, &f, &views).into_string()
    });
    Ok(html(ctx.page(
        &ctx.t("officer-accounts-heading"),
        maud::PreEscaped(body.as_str().to_owned()),
    )))
}

/// The list's cells as people read them (Danish dates and money, words for statuses).
fn text_rows(ctx: &Ctx, rows: &[app::ListRow]) -> (Vec<String>, Vec<Vec<String>>) {
    let header = [
        "municipality-code",
        "municipality",
        "officer-accounts-pool",
        "officer-accounts-kind",
        "officer-accounts-deadline",
        "officer-accounts-status",
        "officer-accounts-days-overdue",
        "officer-accounts-certification",
        "officer-accounts-claim-no",
        "officer-accounts-claim-amount",
        "officer-accounts-claim-status",
    ]
    .iter()
    .map(|k| ctx.t(k))
    .collect();
    let body = rows
        .iter()
        .map(|r| {
            vec![
                r.code.to_string(),
                r.municipality.clone(),
                r.pool.clone(),
                ctx.t(&format!("review-kind-{}", r.kind.as_str())),
                date(r.deadline),
                ctx.t(&format!("officer-account-standing-{}", r.standing.as_str())),
                r.days_overdue.to_string(),
                ctx.t(&format!(
                    "review-certification-{}",
                    r.certification.as_str()
                )),
                r.claim
                    .as_ref()
                    .map(|c| c.claim_no.clone())
                    .unwrap_or_default(),
                r.claim
                    .as_ref()
                    .map(|c| amount_text(c.amount_ore))
                    .unwrap_or_default(),
                r.claim
                    .as_ref()
                    .map(|c| ctx.t(&format!("claim-status-{}", c.status)))
                    .unwrap_or_default(),
            ]
        })
        .collect();
    (header, body)
}

pub async fn list_csv(
    ctx: Ctx,
    state: web::Data<AppState>,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    let rows = rows_of(&ctx, &state, filter_of(&req)).await?;
    let (header, body) = text_rows(&ctx, &rows);
    let bytes =
        crate::export::danish_csv(&header, &body).map_err(|e| AppError::internal(e.to_string()))?;
    Ok(attachment(
        "text/csv; charset=utf-8",
        "regnskaber.csv",
        bytes,
    ))
}

pub async fn list_xlsx(
    ctx: Ctx,
    state: web::Data<AppState>,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    let rows = rows_of(&ctx, &state, filter_of(&req)).await?;
    let (header, body) = text_rows(&ctx, &rows);
    let bytes = crate::export::table_xlsx(&ctx.t("officer-accounts-heading"), &header, &body, &[6])
        .map_err(|e| AppError::internal(e.to_string()))?;
    Ok(attachment(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "regnskaber.xlsx",
        bytes,
    ))
}
