//! A municipality's own page: what it has been allocated in each pool and how the amount
//! splits into rates. Municipal users see only their own (the route's access rule).

use actix_web::{web, HttpResponse};
use tilskud_templates::pages::municipalities as list_page;
use tilskud_templates::pages::municipality as page;

use super::applications::{rate_lines, years_of};
use super::{html, local_long, AppState};
use crate::app::commitments::CommitmentDetail;
use crate::app::documents::{date_text, share_text};
use crate::app::municipalities::{self as app, PoolShare};
use crate::error::AppResult;
use crate::http::ctx::Ctx;

#[derive(serde::Deserialize)]
pub struct Search {
    #[serde(default)]
    q: String,
}

/// The officers' list of municipalities, found by name or code (`?q=`).
pub async fn list(ctx: Ctx, q: web::Query<Search>) -> AppResult<HttpResponse> {
    let query = q.q.trim();
    let mut found: Vec<_> = app::search(query)
        .into_iter()
        .map(|m| list_page::Row {
            code: i32::from(m.code.as_u16()),
            name: m.name.to_string(),
            region: m.region_name.to_string(),
        })
        .collect();
    found.sort_by_cached_key(|r| tilskud_templates::fmt::danish_sort_key(&r.name));
    let total = crate::domain::municipality::all().len();
    let body = list_page::list(ctx.lang, query, &found, total);
    Ok(html(ctx.page(&ctx.t("municipalities-heading"), body)))
}

pub async fn show(
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
    let shares: Vec<page::PoolShare> = o
        .pools
        .iter()
        .map(|s| share_view(ctx.lang, s, code, now))
        .collect();
    let m = &o.municipality;
    let from_list = ctx.may("GET", "/municipalities", None);
    let body = page::show(
        ctx.lang,
        &m.name,
        m.code,
        &m.region_name,
        &shares,
        from_list,
    );
    Ok(html(ctx.page(&m.name, body)))
}

fn commitment_view(
    lang: tilskud_templates::i18n::Lang,
    c: &CommitmentDetail,
    pool_id: i64,
    code: i32,
    now: chrono::NaiveDateTime,
) -> page::CommitmentShare {
    let row = &c.full.commitment;
    page::CommitmentShare {
        amount_ore: row.amount_ore,
        letter_no: row.letter_no.clone(),
        status: row.status.as_str().to_string(),
        active: c.is_active(),
        approved_at: local_long(lang, row.approved_at),
        years: years_of(&c.full.years),
        rates: rate_lines(lang, c),
        paid_ore: c.paid_ore(),
        letter_href: format!("/pools/{pool_id}/applications/{code}/letter"),
        accounts: super::municipal_accounts::account_lines(lang, &c.accounts, pool_id, code, now),
    }
}

fn share_view(
    lang: tilskud_templates::i18n::Lang,
    s: &PoolShare,
    code: i32,
    now: chrono::NaiveDateTime,
) -> page::PoolShare {
    let pool_id = s.pool.id;
    page::PoolShare {
        commitment: s
            .commitment
            .as_ref()
            .map(|c| commitment_view(lang, c, pool_id, code, now)),
        application_href: format!("/pools/{pool_id}/applications/{code}"),
        auditor_certified: s.auditor_certified,
        threshold_ore: s.pool.auditor_threshold_ore,
        pool_id,
        pool_name: s.pool.name.clone(),
        applied: s.applied,
        target_group: s.target_group,
        approved: s
            .approved
            .map(|(version, amount_ore)| page::ApprovedAmount {
                version,
                amount_ore,
            }),
        rates: s
            .expected_rates
            .iter()
            .map(|r| page::ExpectedRate {
                number: r.rate_no,
                share: share_text(r.share_bp),
                earliest: r.earliest_date.map(date_text).unwrap_or_default(),
                amount_ore: r.amount_ore,
            })
            .collect(),
    }
}
