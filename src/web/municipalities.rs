//! A municipality's own page: what it has been allocated in each pool and how the amount
//! splits into rates. Municipal users see only their own (the route's access rule).

use actix_web::{web, HttpResponse};
use diesel::prelude::*;
use tilskud_templates::pages::municipality as page;

use super::{date, html, AppState};
use crate::db::queries::{allocations, municipalities, pools};
use crate::db::schema::{allocation_lines, target_groups};
use crate::domain::money::Ore;
use crate::domain::rates::{self, RateSpec};
use crate::error::{AppError, AppResult};
use crate::http::ctx::Ctx;

pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let code = path.into_inner();
    let now = state.now();
    let (m, shares) = state.db(move |c| load(c, code, now)).await?;
    let body = page::show(ctx.lang, &m.name, m.code, &m.region_name, &shares);
    Ok(html(ctx.page(&m.name, body)))
}

pub fn load(
    c: &mut crate::db::DbConn,
    code: i32,
    now: chrono::NaiveDateTime,
) -> AppResult<(crate::db::models::MunicipalityRow, Vec<page::PoolShare>)> {
    let m = municipalities::get(c, code)?.ok_or(AppError::NotFound)?;
    let mut shares = Vec::new();
    for p in pools::list(c)? {
        let tg: Option<(i64, bool)> = target_groups::table
            .find((p.id, code))
            .select((target_groups::target_group, target_groups::applied))
            .first(c)
            .optional()?;
        let mut approved = None;
        if let Some(a) = allocations::approved_for_pool(c, p.id)? {
            let amount: Option<i64> = allocation_lines::table
                .find((a.id, code))
                .select(allocation_lines::amount_ore)
                .first(c)
                .optional()?;
            approved = amount.map(|amt| (a.version_no, amt));
        }
        let rate_rows = pools::rates_of(c, p.id)?;
        let specs: Vec<RateSpec> = rate_rows.iter().map(RateSpec::from).collect();
        let split = approved
            .and_then(|(_, amt)| Ore::from_ore(amt))
            .and_then(|o| rates::split(o, &specs).ok())
            .unwrap_or_default();
        let auditor_certified = approved.is_some_and(|(_, amt)| {
            let grant = Ore::from_ore(amt).unwrap_or(Ore::ZERO);
            let threshold = Ore::from_ore(p.auditor_threshold_ore).unwrap_or(Ore::ZERO);
            crate::domain::accounts::certification(grant, threshold)
                == crate::domain::accounts::Certification::Auditor
        });
        let commitment =
            crate::db::queries::commitments::for_municipality(c, p.id, code)?.map(|f| {
                page::CommitmentShare {
                    amount_ore: f.commitment.amount_ore,
                    letter_no: f.commitment.letter_no.clone(),
                    status: f.commitment.status.clone(),
                    approved_at: super::local(f.commitment.approved_at),
                    years: f.years.clone(),
                    rates: f
                        .rates
                        .iter()
                        .map(|r| {
                            (
                                r.rate_no,
                                crate::app::pools::format_bp(r.share_bp),
                                r.earliest_date.map(date).unwrap_or_default(),
                                r.amount_ore,
                                super::applications::rate_status(r, now),
                                r.paid_at.map(super::local).unwrap_or_default(),
                            )
                        })
                        .collect(),
                    letter_href: format!("/pools/{}/applications/{code}/letter", p.id),
                }
            });
        // The certification follows the commitment once there is one.
        let auditor_certified = match &commitment {
            Some(cm) => {
                let grant = Ore::from_ore(cm.amount_ore).unwrap_or(Ore::ZERO);
                let threshold = Ore::from_ore(p.auditor_threshold_ore).unwrap_or(Ore::ZERO);
                crate::domain::accounts::certification(grant, threshold)
                    == crate::domain::accounts::Certification::Auditor
            }
            None => auditor_certified,
        };
        shares.push(page::PoolShare {
            commitment,
            application_href: format!("/pools/{}/applications/{code}", p.id),
            auditor_certified,
            threshold_ore: p.auditor_threshold_ore,
            pool_id: p.id,
            pool_name: p.name,
            applied: tg.is_some_and(|t| t.1),
            target_group: tg.map(|t| t.0),
            approved,
            rates: rate_rows
                .iter()
                .zip(split.iter())
                .map(|(r, o)| {
                    (
                        r.rate_no,
                        crate::app::pools::format_bp(r.share_bp),
                        r.earliest_date.map(date).unwrap_or_default(),
                        o.as_i64(),
                    )
                })
                .collect(),
        });
    }
    Ok((m, shares))
}
