//! Applications: a municipality's form, submission, the officer's list and decisions,
//! the commitment and its letter.

use std::collections::BTreeMap;

use actix_web::{web, HttpResponse};
use serde::Deserialize;
use tilskud_templates::i18n::Lang;
use tilskud_templates::pages::application as page;
use tilskud_templates::pages::letter;

use super::login::see_other;
use super::{date, errors_text, html, local, AppState};
use crate::auth::Role;
use crate::db::models::PoolRow;
use crate::db::queries::applications::{self, ApplicationForm, BudgetRowForm, Decision, Loaded};
use crate::db::queries::commitments::{self, ApproveForm, Full};
use crate::db::queries::{municipalities, pools};
use crate::db::DbConn;
use crate::domain::budget::{CostItem, Obligation};
use crate::error::{AppError, AppResult, FieldErrors, Msg};
use crate::http::ctx::Ctx;

type Path = web::Path<(i64, i32)>;

fn base(pool: i64, code: i32) -> String {
    format!("/pools/{pool}/applications/{code}")
}

/// Everything the application page needs, read in one go.
pub struct Data {
    pub pool: PoolRow,
    pub municipality: String,
    pub expected: Option<i64>,
    pub loaded: Option<Loaded>,
    pub commitment: Option<Full>,
    pub officer_names: BTreeMap<i64, String>,
}

pub fn load_data(c: &mut DbConn, pool_id: i64, code: i32) -> AppResult<Data> {
    let pool = pools::get(c, pool_id)?.ok_or(AppError::NotFound)?;
    let municipality = municipalities::get(c, code)?
        .ok_or(AppError::NotFound)?
        .name;
    let expected = applications::expected_grant(c, pool_id, code)?;
    let loaded = applications::load(c, pool_id, code)?;
    let commitment = commitments::for_municipality(c, pool_id, code)?;
    let officer_names = display_names(c)?;
    Ok(Data {
        pool,
        municipality,
        expected,
        loaded,
        commitment,
        officer_names,
    })
}

/// Every user's display name by id (who decided, who approved).
pub fn display_names(c: &mut DbConn) -> AppResult<BTreeMap<i64, String>> {
    Ok(crate::db::queries::users::list(c)?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect())
}

/// The form's urlencoded body into the typed form.
pub fn parse_body(body: &[u8], years: &[i32]) -> ApplicationForm {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).unwrap_or_default();
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    ApplicationForm {
        contact_name: get("contact_name"),
        contact_title: get("contact_title"),
        contact_email: get("contact_email"),
        contact_phone: get("contact_phone"),
        difference_comment: get("difference_comment"),
        obligations: pairs
            .iter()
            .filter(|(k, _)| k == "obligations")
            .map(|(_, v)| v.clone())
            .collect(),
        budget: CostItem::ALL
            .iter()
            .map(|item| BudgetRowForm {
                item: item.key().to_string(),
                description: get(&format!("description_{}", item.key())),
                amounts: years
                    .iter()
                    .map(|y| (*y, get(&applications::amount_field(*item, *y))))
                    .filter(|(_, v)| !v.trim().is_empty())
                    .collect(),
            })
            .collect(),
    }
}

fn values_from_form(f: &ApplicationForm) -> page::Values {
    let mut amounts = BTreeMap::new();
    let mut descriptions = BTreeMap::new();
    for row in &f.budget {
        descriptions.insert(row.item.clone(), row.description.clone());
        for (y, text) in &row.amounts {
            amounts.insert((row.item.clone(), *y), text.clone());
        }
    }
    page::Values {
        contact_name: f.contact_name.clone(),
        contact_title: f.contact_title.clone(),
        contact_email: f.contact_email.clone(),
        contact_phone: f.contact_phone.clone(),
        difference_comment: f.difference_comment.clone(),
        obligations: f.obligations.clone(),
        amounts,
        descriptions,
    }
}

/// A stored version as typed text (amounts in Danish notation), for the form or view.
pub fn form_from_loaded(l: &Loaded) -> ApplicationForm {
    form_from_version(&l.version, &l.lines)
}

/// A version and its budget lines as the form shows them (and the API's PUT takes them).
pub fn form_from_version(
    v: &applications::VersionRow,
    lines: &[applications::BudgetLineRow],
) -> ApplicationForm {
    let mut rows: BTreeMap<String, BudgetRowForm> = BTreeMap::new();
    for line in lines {
        rows.entry(line.cost_item.clone())
            .or_insert_with(|| BudgetRowForm {
                item: line.cost_item.clone(),
                description: line.description.clone(),
                amounts: BTreeMap::new(),
            })
            .amounts
            .insert(line.year, amount_text(line.amount_ore));
    }
    ApplicationForm {
        contact_name: v.contact_name.clone(),
        contact_title: v.contact_title.clone(),
        contact_email: v.contact_email.clone(),
        contact_phone: v.contact_phone.clone(),
        difference_comment: v.difference_comment.clone(),
        obligations: v
            .obligations
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        budget: rows.into_values().collect(),
    }
}

/// Øre as the amount a person would type: "1.234.567" or "1.234.567,50".
pub fn amount_text(ore: i64) -> String {
    let kr = tilskud_templates::fmt::number(ore / 100);
    if ore % 100 == 0 {
        kr
    } else {
        format!("{kr},{:02}", (ore % 100).abs())
    }
}

fn totals(form: &ApplicationForm, years: &[i32]) -> (i64, Vec<(i32, i64)>) {
    let mut per_year: BTreeMap<i32, i64> = years.iter().map(|y| (*y, 0)).collect();
    for row in &form.budget {
        for (y, text) in &row.amounts {
            if let Ok(o) = crate::domain::money::parse_kroner_input(text) {
                let year = per_year.entry(*y).or_default();
                *year = year.saturating_add(o.as_i64());
            }
        }
    }
    // Shown beside the form only; a budget too large to add up is refused by parse().
    let total = per_year
        .values()
        .fold(0i64, |sum, y| sum.saturating_add(*y));
    (total, per_year.into_iter().collect())
}

/// What the page shows besides the form: a problem, a confirmation, and (for the
/// officer) a half-filled approval form.
#[derive(Default)]
pub struct Extras {
    pub form: Option<ApplicationForm>,
    pub errors: FieldErrors,
    pub problem: Option<String>,
    pub flash: Option<String>,
    pub approve: Option<(ApproveForm, FieldErrors)>,
    /// Showing an earlier version: nothing can be changed or decided from it.
    pub read_only: bool,
}

fn item_label(lang: Lang, item: CostItem) -> String {
    tilskud_templates::i18n::t(lang, &format!("cost-item-{}", item.key()))
}

pub fn build_page(
    ctx: &Ctx,
    d: &Data,
    code: i32,
    extras: Extras,
    now: chrono::NaiveDateTime,
) -> AppResult<page::Page> {
    let user = ctx.user()?;
    let years = applications::period_years(d.pool.period_start, d.pool.period_end);
    let status = d.loaded.as_ref().map(|l| l.application.status.clone());
    let own_finance = user.role == Role::Finance && user.municipality_code == Some(code);
    let deadline_passed =
        !crate::domain::time::is_on_time(now.and_utc(), d.pool.application_deadline.and_utc());
    let can_edit = !extras.read_only
        && own_finance
        && status.as_deref().is_none_or(applications::editable)
        && d.expected.is_some();
    let can_withdraw = own_finance
        && matches!(status.as_deref(), Some(s) if !matches!(s, "withdrawn" | "rejected"));
    let can_decide =
        user.role == Role::Officer && status.as_deref() == Some(applications::SUBMITTED);
    let form = extras
        .form
        .unwrap_or_else(|| d.loaded.as_ref().map(form_from_loaded).unwrap_or_default());
    let (total_ore, per_year) = totals(&form, &years);
    let approve = if can_decide {
        let budget_total = d.loaded.as_ref().map_or(0, |l| l.version.budget_total_ore);
        let amount = commitments::amount_for(d.expected.unwrap_or(0), budget_total);
        let (form, errors) = extras.approve.unwrap_or_else(|| {
            let by_year: Vec<(i32, i64)> = per_year.clone();
            let split = crate::domain::budget::propose_split(
                crate::domain::money::Ore::from_ore(amount)
                    .unwrap_or(crate::domain::money::Ore::ZERO),
                &by_year,
            );
            let deadline = d
                .pool
                .period_end
                .checked_add_months(chrono::Months::new(4))
                .unwrap_or(d.pool.period_end);
            (
                ApproveForm {
                    years: split.iter().map(|(y, a)| (*y, amount_text(*a))).collect(),
                    account_deadline: deadline.to_string(),
                    reservation: commitments::default_reservation(&years),
                },
                FieldErrors::default(),
            )
        });
        Some(page::ApproveView {
            amount_ore: amount,
            years: years
                .iter()
                .map(|y| (*y, form.years.get(y).cloned().unwrap_or_default()))
                .collect(),
            account_deadline: form.account_deadline.clone(),
            reservation: form.reservation.clone(),
            errors: errors_text(ctx, &errors),
        })
    } else {
        None
    };
    let events = d
        .loaded
        .as_ref()
        .map(|l| {
            let mut ev: Vec<(String, String, String)> = l
                .versions
                .iter()
                .filter_map(|v| {
                    v.submitted_at.map(|at| {
                        (
                            at,
                            ctx.msg(
                                &Msg::new("application-event-submitted")
                                    .arg("version", v.version_no),
                            ),
                            String::new(),
                        )
                    })
                })
                .map(|(at, what, r)| (local(at), what, r))
                .collect();
            for e in &l.events {
                if e.action == "application.submit" {
                    continue;
                }
                let who = d
                    .officer_names
                    .get(&e.actor_id)
                    .cloned()
                    .unwrap_or_default();
                let what = format!(
                    "{} ({who})",
                    ctx.t(&format!("event-{}", e.action.replace('.', "-")))
                );
                ev.push((local(e.at), what, e.reason.clone()));
            }
            ev.sort();
            ev
        })
        .unwrap_or_default();
    let commitment = d
        .commitment
        .as_ref()
        .map(|f| commitment_view(f, &base(d.pool.id, code), now));
    let problem = extras.problem.or_else(|| {
        d.expected
            .is_none()
            .then(|| ctx.t("application-no-expected-explained"))
    });
    Ok(page::Page {
        pool_id: d.pool.id,
        pool_name: d.pool.name.clone(),
        code,
        municipality: d.municipality.clone(),
        expected_ore: d.expected,
        deadline: local(d.pool.application_deadline),
        deadline_passed,
        status,
        version_no: d.loaded.as_ref().map(|l| l.version.version_no),
        receipt: d.loaded.as_ref().and_then(|l| {
            l.version
                .receipt_no
                .clone()
                .zip(l.version.submitted_at.map(local_seconds))
        }),
        can_edit,
        can_withdraw,
        can_decide,
        csrf: ctx.csrf(),
        items: CostItem::ALL
            .iter()
            .map(|i| (i.key().to_string(), item_label(ctx.lang, *i)))
            .collect(),
        obligations: Obligation::ALL
            .iter()
            .map(|o| {
                (
                    o.key().to_string(),
                    ctx.t(&format!("obligation-{}", o.key())),
                )
            })
            .collect(),
        values: values_from_form(&form),
        errors: errors_text(ctx, &extras.errors),
        problem,
        flash: extras.flash,
        total_ore,
        per_year,
        events,
        commitment,
        approve,
        admin_share_max: d.pool.admin_share_max_bp.map(crate::app::pools::format_bp),
        versions: d
            .loaded
            .as_ref()
            .map(|l| {
                l.versions
                    .iter()
                    .map(|v| page::VersionLink {
                        version_no: v.version_no,
                        submitted_at: v.submitted_at.map(local_seconds).unwrap_or_default(),
                        href: format!("{}?version={}", base(d.pool.id, code), v.version_no),
                        current: v.version_no == l.version.version_no,
                    })
                    .collect()
            })
            .unwrap_or_default(),
        years,
    })
}

/// Submission times are shown to the second: the deadline is judged to the second.
pub fn local_seconds(t: chrono::NaiveDateTime) -> String {
    crate::domain::time::to_local(t.and_utc())
        .format("%d.%m.%Y %H:%M:%S")
        .to_string()
}

fn commitment_view(f: &Full, base: &str, now: chrono::NaiveDateTime) -> page::CommitmentView {
    page::CommitmentView {
        amount_ore: f.commitment.amount_ore,
        letter_no: f.commitment.letter_no.clone(),
        status: f.commitment.status.clone(),
        approved_at: local(f.commitment.approved_at),
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
                    rate_status(r, now),
                )
            })
            .collect(),
        letter_href: format!("{base}/letter"),
    }
}

/// paid, cancelled, pending (due) or not-due (its earliest date is in the future).
pub fn rate_status(r: &commitments::RateRow, now: chrono::NaiveDateTime) -> String {
    match r.status.as_str() {
        // Due on its date in Denmark, not in UTC.
        "pending"
            if r.earliest_date
                .is_some_and(|d| d > crate::domain::time::to_local(now.and_utc()).date_naive()) =>
        {
            "not-due".to_string()
        }
        s => s.to_string(),
    }
}

#[derive(Deserialize)]
pub struct ShowQuery {
    /// An earlier version to read.
    version: Option<i32>,
    saved: Option<u8>,
    submitted: Option<u8>,
    decided: Option<String>,
}

pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: Path,
    q: web::Query<ShowQuery>,
) -> AppResult<HttpResponse> {
    let (pool_id, code) = path.into_inner();
    let wanted = q.version;
    let (d, read_only) = state
        .db(move |c| {
            let mut d = load_data(c, pool_id, code)?;
            let mut read_only = false;
            if let (Some(n), Some(l)) = (wanted, d.loaded.as_mut()) {
                let v = l
                    .versions
                    .iter()
                    .find(|v| v.version_no == n)
                    .cloned()
                    .ok_or(AppError::NotFound)?;
                read_only = v.version_no != l.version.version_no;
                l.lines = applications::version_lines(c, v.id)?;
                l.version = v;
            }
            Ok((d, read_only))
        })
        .await?;
    let flash = if q.saved.is_some() {
        Some(ctx.t("application-saved"))
    } else if q.submitted.is_some() {
        Some(ctx.t("application-submitted"))
    } else {
        q.decided
            .as_ref()
            .map(|k| ctx.t(&format!("application-decided-{k}")))
    };
    let p = build_page(
        &ctx,
        &d,
        code,
        Extras {
            flash,
            read_only,
            ..Extras::default()
        },
        state.now(),
    )?;
    Ok(html(ctx.page(&d.municipality, page::page(ctx.lang, &p))))
}

async fn rerender(
    ctx: &Ctx,
    state: &AppState,
    pool_id: i64,
    code: i32,
    extras: Extras,
    status: u16,
) -> AppResult<HttpResponse> {
    let d = state.db(move |c| load_data(c, pool_id, code)).await?;
    let p = build_page(ctx, &d, code, extras, state.now())?;
    let body = ctx
        .page(&d.municipality, page::page(ctx.lang, &p))
        .into_string();
    Ok(HttpResponse::build(
        actix_web::http::StatusCode::from_u16(status)
            .unwrap_or(actix_web::http::StatusCode::UNPROCESSABLE_ENTITY),
    )
    .content_type("text/html; charset=utf-8")
    .body(body))
}

/// After a change: on success go to `location`; when the input is wrong or the state
/// forbids the change, show the page again with what was typed (`keep`) and what is
/// wrong. `on_invalid` places field errors where the form that failed shows them.
async fn respond<T>(
    ctx: &Ctx,
    state: &AppState,
    (pool_id, code): (i64, i32),
    result: AppResult<T>,
    location: String,
    keep: Extras,
    on_invalid: impl FnOnce(Extras, FieldErrors) -> Extras,
) -> AppResult<HttpResponse> {
    match result {
        Ok(_) => Ok(see_other(&location)),
        Err(AppError::Invalid(errors)) => {
            rerender(ctx, state, pool_id, code, on_invalid(keep, errors), 422).await
        }
        Err(AppError::Conflict(m)) => {
            let extras = Extras {
                problem: Some(ctx.msg(&m)),
                ..keep
            };
            rerender(ctx, state, pool_id, code, extras, 409).await
        }
        Err(e) => Err(e),
    }
}

/// Field errors shown on the application form.
fn on_form(keep: Extras, errors: FieldErrors) -> Extras {
    Extras { errors, ..keep }
}

/// A form without per-field errors (withdrawal): the first problem is shown on top.
fn as_problem(ctx: &Ctx) -> impl FnOnce(Extras, FieldErrors) -> Extras + '_ {
    move |keep, errors| Extras {
        problem: errors.0.first().map(|(_, m)| ctx.msg(m)),
        ..keep
    }
}

/// The years of a pool's project period (the budget's columns).
pub async fn years_of(state: &AppState, pool_id: i64) -> AppResult<Vec<i32>> {
    let pool = state
        .db(move |c| pools::get(c, pool_id)?.ok_or(AppError::NotFound))
        .await?;
    Ok(applications::period_years(
        pool.period_start,
        pool.period_end,
    ))
}

pub async fn save(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: Path,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let now = state.now();
    let (pool_id, code) = path.into_inner();
    let years = years_of(&state, pool_id).await?;
    let form = parse_body(&body, &years);
    let input = match form.parse(&years) {
        Ok(i) => i,
        Err(errors) => {
            return rerender(
                &ctx,
                &state,
                pool_id,
                code,
                Extras {
                    form: Some(form),
                    errors,
                    ..Extras::default()
                },
                422,
            )
            .await
        }
    };
    let actor = ctx.user()?.actor();
    let result = state
        .db(move |c| applications::save(c, &actor, now, pool_id, code, &input))
        .await;
    let location = format!("{}?saved=1", base(pool_id, code));
    let keep = Extras {
        form: Some(form),
        ..Extras::default()
    };
    respond(
        &ctx,
        &state,
        (pool_id, code),
        result,
        location,
        keep,
        on_form,
    )
    .await
}

pub async fn submit(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: Path,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let now = state.now();
    let (pool_id, code) = path.into_inner();
    let years = years_of(&state, pool_id).await?;
    let form = parse_body(&body, &years);
    let input = match form.parse(&years) {
        Ok(i) => i,
        Err(errors) => {
            return rerender(
                &ctx,
                &state,
                pool_id,
                code,
                Extras {
                    form: Some(form),
                    errors,
                    ..Extras::default()
                },
                422,
            )
            .await
        }
    };
    let actor = ctx.user()?.actor();
    let lang = ctx.lang;
    let result = state
        .db(move |c| {
            applications::submit(c, &actor, now, pool_id, code, &input, |c, receipt| {
                crate::web::mail_hooks::receipt(c, lang, pool_id, code, &input, receipt, now)
            })
        })
        .await;
    let location = format!("{}?submitted=1", base(pool_id, code));
    let keep = Extras {
        form: Some(form),
        ..Extras::default()
    };
    respond(
        &ctx,
        &state,
        (pool_id, code),
        result,
        location,
        keep,
        on_form,
    )
    .await
}

#[derive(Deserialize)]
pub struct ReasonForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    decision: String,
}

pub async fn withdraw(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: Path,
    form: web::Form<ReasonForm>,
) -> AppResult<HttpResponse> {
    let now = state.now();
    let (pool_id, code) = path.into_inner();
    let actor = ctx.user()?.actor();
    let reason = form.into_inner().reason;
    let result = state
        .db(move |c| commitments::withdraw(c, &actor, now, pool_id, code, &reason))
        .await;
    let location = format!("{}?decided=withdrawn", base(pool_id, code));
    respond(
        &ctx,
        &state,
        (pool_id, code),
        result,
        location,
        Extras::default(),
        as_problem(&ctx),
    )
    .await
}

pub async fn decide(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: Path,
    form: web::Form<ReasonForm>,
) -> AppResult<HttpResponse> {
    let now = state.now();
    let (pool_id, code) = path.into_inner();
    let form = form.into_inner();
    let decision = Decision::parse(&form.decision)?;
    let actor = ctx.user()?.actor();
    let reason = form.reason.clone();
    let result = state
        .db(move |c| applications::decide(c, &actor, now, pool_id, code, decision, &reason))
        .await;
    let location = format!(
        "{}?decided={}",
        base(pool_id, code),
        form.decision.replace('_', "-")
    );
    respond(
        &ctx,
        &state,
        (pool_id, code),
        result,
        location,
        Extras::default(),
        on_form,
    )
    .await
}

/// The approval form's urlencoded body: `year_2017=…`, `account_deadline`, `reservation`.
pub fn parse_approve(body: &[u8]) -> ApproveForm {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).unwrap_or_default();
    let mut f = ApproveForm::default();
    for (k, v) in pairs {
        if let Some(y) = k.strip_prefix("year_").and_then(|y| y.parse::<i32>().ok()) {
            f.years.insert(y, v);
        } else if k == "account_deadline" {
            f.account_deadline = v;
        } else if k == "reservation" {
            f.reservation = v;
        }
    }
    f
}

pub async fn approve(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: Path,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let now = state.now();
    let (pool_id, code) = path.into_inner();
    let form = parse_approve(&body);
    let actor = ctx.user()?.actor();
    let f = form.clone();
    let result = state
        .db(move |c| {
            commitments::approve(c, &actor, now, pool_id, code, &f, |c, full| {
                crate::web::mail_hooks::letter(c, pool_id, code, full, now)
            })
        })
        .await;
    let location = format!("{}?decided=approved", base(pool_id, code));
    let keep = Extras {
        approve: Some((form.clone(), FieldErrors::default())),
        ..Extras::default()
    };
    respond(
        &ctx,
        &state,
        (pool_id, code),
        result,
        location,
        keep,
        |keep, errors| Extras {
            approve: Some((form, errors)),
            ..keep
        },
    )
    .await
}

pub async fn list(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let pool_id = path.into_inner();
    let (pool, rows, committed) = state
        .db(move |c| {
            let pool = pools::get(c, pool_id)?.ok_or(AppError::NotFound)?;
            let rows = applications::list(c, pool_id)?;
            let committed = committed_total(c, pool_id)?;
            Ok((pool, rows, committed))
        })
        .await?;
    let rows: Vec<page::ListRow> = rows
        .into_iter()
        .map(|r| page::ListRow {
            code: r.municipality_code,
            name: r.name,
            status: r.status,
            version_no: r.version_no,
            submitted_at: r.submitted_at.map(local).unwrap_or_default(),
            budget_total_ore: r.budget_total_ore,
            expected_ore: r.expected_ore,
        })
        .collect();
    let body = page::list(
        ctx.lang,
        pool_id,
        &pool.name,
        &rows,
        committed,
        pool.amount_ore,
    );
    Ok(html(ctx.page(&ctx.t("applications-heading-short"), body)))
}

/// The sum of a pool's active commitments, in øre.
pub fn committed_total(c: &mut DbConn, pool_id: i64) -> AppResult<i64> {
    use crate::db::schema::commitments as t;
    use diesel::prelude::*;
    let amounts: Vec<i64> = t::table
        .filter(t::pool_id.eq(pool_id))
        .filter(t::status.eq(commitments::ACTIVE))
        .select(t::amount_ore)
        .load(c)?;
    Ok(amounts.iter().sum())
}

/// The letter's view model, from the stored commitment.
pub fn letter_view(c: &mut DbConn, pool_id: i64, code: i32) -> AppResult<letter::LetterView> {
    let d = load_data(c, pool_id, code)?;
    let full = d.commitment.ok_or(AppError::NotFound)?;
    let version =
        applications::get_version(c, full.commitment.version_id)?.ok_or(AppError::NotFound)?;
    let grant = crate::domain::money::Ore::from_ore(full.commitment.amount_ore)
        .unwrap_or(crate::domain::money::Ore::ZERO);
    let threshold = crate::domain::money::Ore::from_ore(d.pool.auditor_threshold_ore)
        .unwrap_or(crate::domain::money::Ore::ZERO);
    Ok(letter::LetterView {
        letter_no: full.commitment.letter_no.clone(),
        date: date(full.commitment.approved_at.date()),
        municipality: d.municipality,
        contact_name: version.contact_name,
        contact_title: version.contact_title,
        pool_name: d.pool.name.clone(),
        finance_account: d.pool.finance_account.clone(),
        amount_ore: full.commitment.amount_ore,
        period: format!(
            "{} – {}",
            date(full.commitment.period_start),
            date(full.commitment.period_end)
        ),
        receipt_no: version.receipt_no.unwrap_or_default(),
        submitted_at: version.submitted_at.map(local_seconds).unwrap_or_default(),
        years: full.years.clone(),
        rates: full
            .rates
            .iter()
            .map(|r| {
                (
                    r.rate_no,
                    crate::app::pools::format_bp(r.share_bp),
                    r.earliest_date.map(date).unwrap_or_default(),
                    r.amount_ore,
                )
            })
            .collect(),
        account_deadline: date(full.commitment.account_deadline),
        auditor_certified: crate::domain::accounts::certification(grant, threshold)
            == crate::domain::accounts::Certification::Auditor,
        threshold_ore: d.pool.auditor_threshold_ore,
        reservation: full.commitment.reservation.clone(),
        officer: d
            .officer_names
            .get(&full.commitment.approved_by)
            .cloned()
            .unwrap_or_default(),
        status: full.commitment.status.clone(),
    })
}

pub async fn letter_page(state: web::Data<AppState>, path: Path) -> AppResult<HttpResponse> {
    let (pool_id, code) = path.into_inner();
    let v = state.db(move |c| letter_view(c, pool_id, code)).await?;
    let css = tilskud_templates::assets::url("letter.css");
    Ok(html(letter::letter(&v, &css)))
}
