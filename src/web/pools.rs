//! Pools (puljer): list, create, edit, show; target-group counts and applicants.

use std::collections::BTreeSet;

use actix_multipart::Multipart;
use actix_web::{web, HttpResponse};
use futures_util::StreamExt;
use tilskud_templates::pages::pools as page;

use super::login::see_other;
use super::{date, errors_text, html, html_invalid, local, AppState};
use crate::db::models::{PoolRateRow, PoolRow};
use crate::db::queries::pools::{PoolForm, RateForm, MAX_RATES};
use crate::db::queries::{allocations, pools, target_groups};
use crate::domain::counts_csv;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::http::ctx::Ctx;

pub async fn home() -> HttpResponse {
    see_other("/pools")
}

pub async fn list(ctx: Ctx, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let rows = state
        .db(|c| {
            let approved_versions = allocations::approved_versions(c)?;
            let mut out = Vec::new();
            for p in pools::list(c)? {
                let approved = approved_versions.get(&p.id).copied();
                out.push(page::PoolRow {
                    id: p.id,
                    name: p.name,
                    finance_account: p.finance_account,
                    amount_ore: p.amount_ore,
                    deadline: local(p.application_deadline),
                    approved_version: approved,
                });
            }
            Ok(out)
        })
        .await?;
    let can_create = ctx.user()?.is_officer();
    Ok(html(ctx.page(
        &ctx.t("pools-heading"),
        page::list(ctx.lang, &rows, can_create),
    )))
}

fn form_values(f: &PoolForm) -> page::PoolFormValues {
    let mut rates: Vec<(String, String)> = f
        .rates
        .iter()
        .map(|r| (r.share_percent.clone(), r.earliest.clone()))
        .collect();
    rates.resize(MAX_RATES, (String::new(), String::new()));
    let rule = crate::domain::monitoring::milestones::ThreeMonthRule::default();
    page::PoolFormValues {
        name: f.name.clone(),
        finance_account: f.finance_account.clone(),
        amount: f.amount.clone(),
        period_start: f.period_start.clone(),
        period_end: f.period_end.clone(),
        deadline: f.deadline.clone(),
        auditor_threshold: f.auditor_threshold.clone(),
        target_group_note: f.target_group_note.clone(),
        admin_share_max: f.admin_share_max.clone(),
        rates,
        activity_months: f
            .activity_months
            .clone()
            .unwrap_or_else(|| rule.months().to_string()),
        activity_threshold_percent: f
            .activity_threshold_percent
            .clone()
            .unwrap_or_else(|| rule.threshold_percent().to_string()),
        activity_consecutive: f.activity_consecutive.unwrap_or(rule.consecutive()),
    }
}

/// The pool form's urlencoded body: plain fields plus `rate_N_share` / `rate_N_earliest`.
fn parse_form(body: &[u8]) -> PoolForm {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).unwrap_or_default();
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    // Absent (an older form, a script): the default reading; present, even empty: checked.
    let given = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    PoolForm {
        name: get("name"),
        finance_account: get("finance_account"),
        amount: get("amount"),
        period_start: get("period_start"),
        period_end: get("period_end"),
        deadline: get("deadline"),
        auditor_threshold: get("auditor_threshold"),
        target_group_note: get("target_group_note"),
        admin_share_max: get("admin_share_max"),
        rates: (1..=MAX_RATES)
            .map(|i| RateForm {
                share_percent: get(&format!("rate_{i}_share")),
                earliest: get(&format!("rate_{i}_earliest")),
            })
            .collect(),
        activity_months: given("activity_months"),
        activity_threshold_percent: given("activity_threshold_percent"),
        activity_consecutive: given("activity_consecutive").and_then(|v| match v.as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }),
    }
}

fn render_form(ctx: &Ctx, pool: Option<i64>, f: &PoolForm, errors: &FieldErrors) -> maud::Markup {
    let (heading, action) = match pool {
        Some(id) => (ctx.t("pool-edit"), format!("/pools/{id}")),
        None => (ctx.t("pools-new"), "/pools".to_string()),
    };
    let body = page::form(
        ctx.lang,
        &heading,
        &action,
        &ctx.csrf(),
        &form_values(f),
        &errors_text(ctx, errors),
    );
    ctx.page(&heading, body)
}

pub async fn new_form(ctx: Ctx) -> AppResult<HttpResponse> {
    let f = PoolForm {
        auditor_threshold: "500.000".into(),
        rates: crate::domain::rates::flere_skal_med_default()
            .iter()
            .map(|r| RateForm {
                share_percent: pools::format_bp(r.share_basis_points as i32),
                earliest: r.earliest.map(|d| d.to_string()).unwrap_or_default(),
            })
            .collect(),
        ..PoolForm::default()
    };
    Ok(html(render_form(&ctx, None, &f, &FieldErrors::default())))
}

pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let now = state.now();
    let form = parse_form(&body);
    let input = match form.validate() {
        Ok(i) => i,
        Err(errors) => return Ok(html_invalid(render_form(&ctx, None, &form, &errors))),
    };
    let actor = ctx.user()?.actor();
    let id = state
        .db(move |c| pools::create(c, &actor, now, &input))
        .await?;
    Ok(see_other(&format!("/pools/{id}")))
}

async fn load_pool(state: &AppState, id: i64) -> AppResult<(PoolRow, Vec<PoolRateRow>)> {
    state
        .db(move |c| {
            let p = pools::get(c, id)?.ok_or(AppError::NotFound)?;
            let r = pools::rates_of(c, id)?;
            Ok((p, r))
        })
        .await
}

pub async fn edit_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let (p, r) = load_pool(&state, id).await?;
    Ok(html(render_form(
        &ctx,
        Some(id),
        &PoolForm::from_pool(&p, &r),
        &FieldErrors::default(),
    )))
}

pub async fn update(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let now = state.now();
    let id = path.into_inner();
    let form = parse_form(&body);
    let input = match form.validate() {
        Ok(i) => i,
        Err(errors) => return Ok(html_invalid(render_form(&ctx, Some(id), &form, &errors))),
    };
    let actor = ctx.user()?.actor();
    state
        .db(move |c| pools::update(c, &actor, now, id, &input))
        .await?;
    Ok(see_other(&format!("/pools/{id}")))
}

/// Everything the pool page shows, read in one go.
pub async fn detail_view(
    ctx: &Ctx,
    state: &AppState,
    id: i64,
    run_errors: &FieldErrors,
    reason: &str,
) -> AppResult<page::PoolDetail> {
    let now = state.now();
    let (p, rates, counts, versions) = state
        .db(move |c| {
            let p = pools::get(c, id)?.ok_or(AppError::NotFound)?;
            let r = pools::rates_of(c, id)?;
            let counts = target_groups::for_pool(c, id)?;
            let v = allocations::versions(c, id)?;
            Ok((p, r, counts, v))
        })
        .await?;
    let specs: Vec<crate::domain::rates::RateSpec> = rates
        .iter()
        .map(|r| crate::domain::rates::RateSpec {
            number: u8::try_from(r.rate_no).unwrap_or(u8::MAX),
            share_basis_points: u32::try_from(r.share_bp).unwrap_or(0),
            earliest: r.earliest_date,
        })
        .collect();
    let amounts = crate::domain::money::Ore::from_ore(p.amount_ore)
        .and_then(|total| crate::domain::rates::split(total, &specs).ok())
        .unwrap_or_default();
    let approved_version = versions
        .iter()
        .find(|v| v.row.status == allocations::APPROVED)
        .map(|v| v.row.version_no);
    let rule = pools::stored_activity_rule(&p);
    let activity_rule = ctx.msg(
        &crate::error::Msg::new(rule.key())
            .arg("percent", rule.threshold_percent())
            .arg("months", rule.months()),
    );
    let user = ctx.user()?;
    Ok(page::PoolDetail {
        activity_rule,
        id,
        name: p.name.clone(),
        finance_account: p.finance_account.clone(),
        amount_ore: p.amount_ore,
        period: format!("{} – {}", date(p.period_start), date(p.period_end)),
        deadline: local(p.application_deadline),
        deadline_passed: now > p.application_deadline,
        auditor_threshold_ore: p.auditor_threshold_ore,
        note: p.target_group_note.clone(),
        rates: rates
            .iter()
            .enumerate()
            .map(|(i, r)| page::RateView {
                number: r.rate_no,
                share: pools::format_bp(r.share_bp),
                earliest: r.earliest_date.map(date).unwrap_or_default(),
                amount_ore: amounts.get(i).map(|o| o.as_i64()).unwrap_or(0),
            })
            .collect(),
        counted: counts.iter().filter(|c| c.target_group.is_some()).count(),
        applicants: counts.iter().filter(|c| c.applied).count(),
        applicants_total: counts
            .iter()
            .filter(|c| c.applied)
            .filter_map(|c| c.target_group)
            .sum(),
        versions: versions
            .iter()
            .map(|v| page::VersionRow {
                id: v.row.id,
                version_no: v.row.version_no,
                status: v.row.status.clone(),
                reason: v.row.reason.clone(),
                created_by: v.created_by_name.clone(),
                created_at: local(v.row.created_at),
                approved_by: v.approved_by_name.clone().unwrap_or_default(),
                approved_at: v.row.approved_at.map(local).unwrap_or_default(),
            })
            .collect(),
        approved_version,
        is_officer: user.is_officer(),
        csrf: user.csrf_token.clone(),
        run_errors: errors_text(ctx, run_errors),
        run_reason: reason.to_string(),
        applications_href: user
            .is_officer()
            .then(|| format!("/pools/{id}/applications")),
        own_application_href: user
            .municipality_code
            .filter(|_| user.role.is_municipal())
            .map(|code| format!("/pools/{id}/applications/{code}")),
    })
}

pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let view = detail_view(&ctx, &state, path.into_inner(), &FieldErrors::default(), "").await?;
    Ok(html(ctx.page(&view.name, page::detail(ctx.lang, &view))))
}

async fn render_target_groups(
    ctx: &Ctx,
    state: &AppState,
    id: i64,
    import_errors: Vec<String>,
    applied_error: Option<String>,
) -> AppResult<maud::Markup> {
    let (p, rows) = state
        .db(move |c| {
            let p = pools::get(c, id)?.ok_or(AppError::NotFound)?;
            Ok((p, target_groups::for_pool(c, id)?))
        })
        .await?;
    let view = page::TargetGroupsView {
        pool_id: id,
        pool_name: p.name.clone(),
        note: p.target_group_note.clone(),
        rows: rows
            .into_iter()
            .map(|r| page::CountRow {
                code: r.code,
                name: r.name,
                count: r.target_group,
                applied: r.applied,
            })
            .collect(),
        import_errors,
        applied_error,
        csrf: ctx.csrf(),
    };
    Ok(ctx.page(&ctx.t("tg-heading"), page::target_groups(ctx.lang, &view)))
}

pub async fn target_groups(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    Ok(html(
        render_target_groups(&ctx, &state, path.into_inner(), Vec::new(), None).await?,
    ))
}

/// Largest accepted upload: 98 lines of counts are a few kilobytes.
const MAX_UPLOAD: usize = 512 * 1024;

/// Reads the first file part of a multipart upload, with a size limit.
pub async fn read_upload(mut payload: Multipart) -> Result<Option<Vec<u8>>, AppError> {
    while let Some(field) = payload.next().await {
        let mut field = field
            .map_err(|_| AppError::field("file", crate::error::Msg::new("upload-unreadable")))?;
        let is_file = field
            .content_disposition()
            .and_then(|d| d.get_filename())
            .is_some();
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|_| {
                AppError::field("file", crate::error::Msg::new("upload-unreadable"))
            })?;
            if bytes.len() + chunk.len() > MAX_UPLOAD {
                return Err(AppError::field(
                    "file",
                    crate::error::Msg::new("upload-too-large"),
                ));
            }
            bytes.extend_from_slice(&chunk);
        }
        if is_file {
            return Ok(Some(bytes));
        }
    }
    Ok(None)
}

/// Translated CSV errors, one line each ("Linje 7: ukendt kommunekode 999").
pub fn csv_error_texts(ctx: &Ctx, errors: &[counts_csv::CsvError]) -> Vec<String> {
    errors.iter().map(|e| ctx.msg(&csv_error_msg(e))).collect()
}

pub fn csv_error_msg(e: &counts_csv::CsvError) -> crate::error::Msg {
    use counts_csv::CsvErrorKind as K;
    let m = crate::error::Msg::new(e.kind.key()).arg("line", e.line);
    match &e.kind {
        K::WrongHeader { found } => m.arg("found", found),
        K::WrongFieldCount { found } => m.arg("found", found),
        K::UnknownMunicipality { code } => m.arg("code", code),
        K::DuplicateMunicipality { code, first_line } => {
            m.arg("code", code).arg("first_line", first_line)
        }
        K::NegativeCount { value } | K::NonNumericCount { value } => m.arg("value", value),
        K::TooManyErrors { omitted } => m.arg("omitted", omitted),
        _ => m,
    }
}

pub async fn import(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    payload: Multipart,
) -> AppResult<HttpResponse> {
    let now = state.now();
    let id = path.into_inner();
    let problems = match read_upload(payload).await {
        Ok(Some(bytes)) => match counts_csv::parse_counts(&bytes) {
            Ok(counts) => {
                let actor = ctx.user()?.actor();
                state
                    .db(move |c| {
                        target_groups::import(c, &actor, now, id, &counts, "upload", &mut |_| {})
                    })
                    .await?;
                return Ok(see_other(&format!("/pools/{id}/target-groups")));
            }
            Err(errors) => csv_error_texts(&ctx, &errors),
        },
        Ok(None) => vec![ctx.t("upload-missing")],
        Err(AppError::Invalid(f)) => errors_text(&ctx, &f).into_iter().map(|(_, m)| m).collect(),
        Err(e) => return Err(e),
    };
    Ok(html_invalid(
        render_target_groups(&ctx, &state, id, problems, None).await?,
    ))
}

pub async fn applied(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let now = state.now();
    let id = path.into_inner();
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let codes: BTreeSet<i32> = pairs
        .iter()
        .filter(|(k, _)| k == "applied")
        .filter_map(|(_, v)| v.trim().parse().ok())
        .collect();
    let actor = ctx.user()?.actor();
    match state
        .db(move |c| target_groups::set_applied(c, &actor, now, id, &codes))
        .await
    {
        Ok(_) => Ok(see_other(&format!("/pools/{id}"))),
        Err(AppError::Invalid(f)) => {
            let msg = f.0.first().map(|(_, m)| ctx.msg(m));
            Ok(html_invalid(
                render_target_groups(&ctx, &state, id, Vec::new(), msg).await?,
            ))
        }
        Err(e) => Err(e),
    }
}
