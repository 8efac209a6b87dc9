//! Pools (puljer): list, create, edit, show; target-group counts and applicants.

use std::collections::BTreeSet;

use actix_multipart::Multipart;
use actix_web::{web, HttpResponse};
use futures_util::StreamExt;
use tilskud_templates::pages::pools as page;

use super::login::see_other;
use super::{date, errors_text, html, html_invalid, local, local_long, long_date, AppState};
use crate::app::pools::{self as app, PoolDraft, PoolInput, RateDraft, MAX_RATES};
use crate::app::target_groups as tg;
use crate::auth::CurrentUser;
use crate::db::queries::allocations::VersionView;
use crate::db::queries::{allocations, pools, target_groups};
use crate::domain::allocation::AllocationStatus;
use crate::domain::counts_csv;
use crate::domain::monitoring::milestones::ThreeMonthRule;
use crate::domain::payout_gate::{Milestone, RatePlan};
use crate::error::{AppError, AppResult, FieldErrors, Msg};
use crate::http::ctx::Ctx;

/// The front page: the pools, or for a caseworker (whose access is the questionnaire
/// alone) their municipality's questionnaire in the questionnaire's pool.
pub async fn home(ctx: Ctx, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let caseworker = ctx
        .user
        .as_ref()
        .filter(|u| u.role == crate::auth::Role::Caseworker)
        .and_then(|u| u.municipality_code);
    let Some(code) = caseworker else {
        return Ok(see_other("/pools"));
    };
    let pool = match ctx.questionnaire_pool {
        Some(pool) => Some(pool),
        None => state.read(crate::app::questionnaire::home_pool).await?,
    };
    Ok(match pool {
        Some(pool) => see_other(&format!("/pools/{pool}/questionnaire/{code}")),
        // No pool yet: nothing the caseworker may see but the front page itself.
        None => see_other("/pools"),
    })
}

pub async fn list(ctx: Ctx, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let (pools, approved_versions) = state
        .read(|c| Ok((pools::list(c)?, allocations::approved_versions(c)?)))
        .await?;
    let rows: Vec<page::PoolRow> = pools
        .into_iter()
        .map(|p| page::PoolRow {
            approved_version: approved_versions.get(&p.id).copied(),
            id: p.id,
            name: p.name,
            finance_account: p.finance_account,
            amount_ore: p.amount_ore,
            deadline: local_long(ctx.lang, p.application_deadline),
        })
        .collect();
    let can_create = ctx.may("GET", "/pools/new", None);
    Ok(html(ctx.page(
        &ctx.t("pools-heading"),
        page::list(ctx.lang, &rows, can_create),
    )))
}

fn form_values(d: &PoolDraft) -> page::PoolFormValues {
    let mut rates: Vec<page::RateFormValues> = d
        .rates
        .iter()
        .map(|r| page::RateFormValues {
            share: r.share_percent.clone(),
            earliest: r.earliest.clone(),
            finance_act_year: r.finance_act_year.clone(),
            whole_group_assessed: r.whole_group_assessed,
            activity_percent: r.activity_percent.clone(),
            activity_months: r.activity_months.clone(),
            results_percent: r.results_percent.clone(),
            final_account: r.final_account,
        })
        .collect();
    rates.resize(MAX_RATES, page::RateFormValues::default());
    let rule = ThreeMonthRule::default();
    let accounts = app::default_account_settings();
    page::PoolFormValues {
        name: d.name.clone(),
        finance_account: d.finance_account.clone(),
        amount: d.amount.clone(),
        period_start: d.period_start.clone(),
        period_end: d.period_end.clone(),
        deadline: d.deadline.clone(),
        auditor_threshold: d.auditor_threshold.clone(),
        target_group_note: d.target_group_note.clone(),
        admin_share_max: d.admin_share_max.clone(),
        rates,
        activity_months: d
            .activity_months
            .clone()
            .unwrap_or_else(|| rule.months().to_string()),
        activity_threshold_percent: d
            .activity_threshold_percent
            .clone()
            .unwrap_or_else(|| rule.threshold_percent().to_string()),
        activity_consecutive: d.activity_consecutive.unwrap_or(rule.consecutive()),
        interim_before_rate: d.interim_before_rate.clone().unwrap_or_else(|| {
            accounts
                .interim_before_rate
                .map(|r| r.to_string())
                .unwrap_or_default()
        }),
        interim_deadline_months: d
            .interim_deadline_months
            .clone()
            .unwrap_or_else(|| accounts.interim_deadline_months.to_string()),
        tolerance_percent: d
            .tolerance_percent
            .clone()
            .unwrap_or_else(|| app::format_bp(accounts.tolerance_bp)),
        claim_due_days: d
            .claim_due_days
            .clone()
            .unwrap_or_else(|| accounts.claim_due_days.to_string()),
        reminder_offsets: d
            .reminder_offsets
            .clone()
            .unwrap_or_else(|| accounts.reminder_offsets.replace(',', ", ")),
    }
}

/// The pool form as posted: urlencoded pairs, plain fields plus `rate_N_share`,
/// `rate_N_earliest` and the rate's conditions (`rate_N_finance_act_year`, …) per rate
/// row; a condition's checkbox is sent only when ticked.
struct PoolForm(Vec<(String, String)>);

impl PoolForm {
    fn parse(body: &[u8]) -> PoolForm {
        PoolForm(serde_urlencoded::from_bytes(body).unwrap_or_default())
    }

    /// The field's value; `None` when it was not sent at all.
    fn given(&self, k: &str) -> Option<String> {
        self.0.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
    }

    fn get(&self, k: &str) -> String {
        self.given(k).unwrap_or_default()
    }

    fn draft(&self) -> PoolDraft {
        PoolDraft {
            name: self.get("name"),
            finance_account: self.get("finance_account"),
            amount: self.get("amount"),
            period_start: self.get("period_start"),
            period_end: self.get("period_end"),
            deadline: self.get("deadline"),
            auditor_threshold: self.get("auditor_threshold"),
            target_group_note: self.get("target_group_note"),
            admin_share_max: self.get("admin_share_max"),
            rates: (1..=MAX_RATES)
                .map(|i| {
                    let field = |name: &str| self.get(&format!("rate_{i}_{name}"));
                    let ticked = |name: &str| self.given(&format!("rate_{i}_{name}")).is_some();
                    RateDraft {
                        share_percent: field("share"),
                        earliest: field("earliest"),
                        finance_act_year: field("finance_act_year"),
                        whole_group_assessed: ticked("whole_group_assessed"),
                        activity_percent: field("activity_percent"),
                        activity_months: field("activity_months"),
                        results_percent: field("results_percent"),
                        final_account: ticked("final_account"),
                    }
                })
                .collect(),
            // Absent (an older form, a script): the default reading; present, even empty:
            // checked.
            activity_months: self.given("activity_months"),
            activity_threshold_percent: self.given("activity_threshold_percent"),
            activity_consecutive: self.given("activity_consecutive").and_then(|v| {
                match v.as_str() {
                    "true" => Some(true),
                    "false" => Some(false),
                    _ => None,
                }
            }),
            interim_before_rate: self.given("interim_before_rate"),
            interim_deadline_months: self.given("interim_deadline_months"),
            tolerance_percent: self.given("tolerance_percent"),
            claim_due_days: self.given("claim_due_days"),
            reminder_offsets: self.given("reminder_offsets"),
        }
    }
}

fn render_form(ctx: &Ctx, pool: Option<i64>, d: &PoolDraft, errors: &FieldErrors) -> maud::Markup {
    let (heading, action) = match pool {
        Some(id) => (ctx.t("pool-edit"), format!("/pools/{id}")),
        None => (ctx.t("pools-new"), "/pools".to_string()),
    };
    let body = page::form(
        ctx.lang,
        &heading,
        &action,
        &ctx.csrf(),
        &form_values(d),
        &errors_text(ctx, errors),
    );
    ctx.page(&heading, body)
}

pub async fn new_form(ctx: Ctx) -> AppResult<HttpResponse> {
    let d = PoolDraft::new_pool();
    Ok(html(render_form(&ctx, None, &d, &FieldErrors::default())))
}

/// Parses the posted form and runs a pool operation; answers with the pool's page, or
/// the form again with what is wrong with it.
async fn save(
    ctx: &Ctx,
    state: &AppState,
    id: Option<i64>,
    body: &[u8],
    op: impl FnOnce(&mut crate::db::DbConn, PoolInput) -> AppResult<app::Pool> + Send + 'static,
) -> AppResult<HttpResponse> {
    let draft = PoolForm::parse(body).draft();
    let result = match draft.validate() {
        Ok(input) => state.db(move |c| op(c, input)).await,
        Err(errors) => Err(AppError::Invalid(errors)),
    };
    match result {
        Ok(pool) => Ok(see_other(&format!("/pools/{}", pool.row.id))),
        Err(AppError::Invalid(errors)) => Ok(html_invalid(render_form(ctx, id, &draft, &errors))),
        Err(e) => Err(e),
    }
}

pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let (actor, now) = (ctx.user()?.actor(), state.now());
    save(&ctx, &state, None, &body, move |c, input| {
        app::create(c, &actor, now, &input)
    })
    .await
}

pub async fn edit_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let p = state.read(move |c| app::load(c, id)).await?;
    let d = PoolDraft::from_pool(&p);
    Ok(html(render_form(
        &ctx,
        Some(id),
        &d,
        &FieldErrors::default(),
    )))
}

pub async fn update(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let (actor, now) = (ctx.user()?.actor(), state.now());
    save(&ctx, &state, Some(id), &body, move |c, input| {
        app::update(c, &actor, now, id, &input)
    })
    .await
}

fn rate_views(pool: &app::Pool) -> Vec<page::RateView> {
    let amounts = pool.rate_amounts();
    pool.rates
        .iter()
        .enumerate()
        .map(|(i, r)| page::RateView {
            number: r.rate_no,
            share: app::format_bp(r.share_bp),
            earliest: r.earliest_date.map(date).unwrap_or_default(),
            amount_ore: amounts.get(i).map(|o| o.as_i64()).unwrap_or(0),
        })
        .collect()
}

pub(crate) fn version_row(ctx: &Ctx, v: &VersionView) -> page::VersionRow {
    page::VersionRow {
        id: v.row.id,
        version_no: v.row.version_no,
        status_label: ctx.t(v.row.status.label_key()),
        reason: v.row.reason.clone(),
        created_by: v.created_by_name.clone(),
        created_at: local(v.row.created_at),
        approved_by: v.approved_by_name.clone().unwrap_or_default(),
        approved_at: v.row.approved_at.map(local).unwrap_or_default(),
    }
}

/// What `user` may do from the pool's page, by the routes' own rules.
fn actions(ctx: &Ctx) -> page::PoolActions {
    let may = |method, path| ctx.may(method, path, None);
    page::PoolActions {
        edit: may("GET", "/pools/{pool}/edit"),
        target_groups: may("GET", "/pools/{pool}/target-groups"),
        run: may("POST", "/pools/{pool}/allocations"),
        versions: may("GET", "/allocations/{id}"),
        compare: may("GET", "/pools/{pool}/allocations/compare"),
    }
}

/// A rate of the plan as a sentence: "Rate 2: 40 %, tidligst 1. januar 2018, når
/// finansloven for 2018 er vedtaget, når hele bruttomålgruppen er visiteret og
/// mellemregnskabet er godkendt".
fn rate_plan_text(ctx: &Ctx, rate: &RatePlan, activity_each_month: bool) -> String {
    let share = app::format_bp(i32::try_from(rate.share_basis_points).unwrap_or(0));
    let mut parts = vec![ctx.msg(
        &Msg::new("pool-plan-rate")
            .arg("rate", rate.number)
            .arg("share", share),
    )];
    if let Some(d) = rate.not_before {
        parts.push(ctx.msg(&Msg::new("pool-plan-not-before").arg("date", long_date(ctx.lang, d))));
    }
    if let Some(year) = rate.finance_act_year {
        parts.push(ctx.msg(&Msg::new("pool-plan-finance-act").arg("year", year)));
    }
    let mut facts: Vec<String> = Vec::new();
    for m in &rate.milestones {
        facts.push(match *m {
            Milestone::WholeGroupAssessed => ctx.t("pool-plan-whole-group"),
            Milestone::ActivityShare { percent, months } => ctx.msg(
                &Msg::new(if activity_each_month {
                    "pool-plan-activity-each-month"
                } else {
                    "pool-plan-activity-pooled"
                })
                .arg("percent", percent)
                .arg("months", months),
            ),
            Milestone::ResultsShare { percent } => {
                ctx.msg(&Msg::new("pool-plan-results").arg("percent", percent))
            }
            // After the interim account, which is said below.
            Milestone::FinalAccount => continue,
        });
    }
    if rate.interim_account {
        facts.push(ctx.t("pool-plan-interim"));
    }
    if rate.milestones.contains(&Milestone::FinalAccount) {
        facts.push(ctx.t("pool-plan-final"));
    }
    if let Some(last) = facts.pop() {
        let all = if facts.is_empty() {
            last
        } else {
            ctx.msg(
                &Msg::new("pool-plan-and")
                    .arg("first", facts.join(", "))
                    .arg("last", last),
            )
        };
        parts.push(ctx.msg(&Msg::new("pool-plan-when").arg("conditions", all)));
    }
    if parts.len() == 1 {
        parts.push(ctx.t("pool-plan-on-commitment"));
    }
    parts.join(", ")
}

fn rate_plan_texts(ctx: &Ctx, pool: &app::Pool) -> Vec<String> {
    pool.plan()
        .iter()
        .map(|r| rate_plan_text(ctx, r, pool.row.activity_consecutive))
        .collect()
}

fn activity_rule_text(ctx: &Ctx, pool: &app::Pool) -> String {
    let rule = pools::stored_activity_rule(&pool.row);
    ctx.msg(
        &Msg::new(rule.key())
            .arg("percent", rule.threshold_percent())
            .arg("months", rule.months()),
    )
}

/// The pool's account rules as sentences, with the threshold that decides certification.
fn account_rules_text(ctx: &Ctx, pool: &app::Pool) -> Vec<String> {
    let a = &pool.accounts;
    let mut out = Vec::new();
    out.push(match a.interim_before_rate {
        Some(rate) => ctx.msg(
            &Msg::new("pool-rule-interim")
                .arg("rate", rate)
                .arg("months", a.interim_deadline_months),
        ),
        None => ctx.t("pool-rule-no-interim"),
    });
    out.push(
        ctx.msg(&Msg::new("pool-rule-final").money("threshold", pool.row.auditor_threshold_ore)),
    );
    out.push(
        ctx.msg(&Msg::new("pool-rule-tolerance").arg("percent", app::format_bp(a.tolerance_bp))),
    );
    out.push(ctx.msg(&Msg::new("pool-rule-claim").arg("days", a.claim_due_days)));
    out.push(if a.reminder_offsets.is_empty() {
        ctx.t("pool-rule-no-reminders")
    } else {
        ctx.msg(&Msg::new("pool-rule-reminders").arg("days", a.reminder_offsets.replace(',', ", ")))
    });
    out
}

/// The links to the applications this user may open: the officer's list, or a
/// municipal user's own application.
fn application_links(ctx: &Ctx, user: &CurrentUser, id: i64) -> (Option<String>, Option<String>) {
    let list = ctx
        .may("GET", "/pools/{pool}/applications", None)
        .then(|| format!("/pools/{id}/applications"));
    let own = user
        .municipality_code
        .filter(|code| ctx.may("GET", "/pools/{pool}/applications/{code}", Some(*code)))
        .map(|code| format!("/pools/{id}/applications/{code}"));
    (list, own)
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
    let o = state
        .cached(ctx, format!("pool/{id}"), move |c| app::overview(c, id))
        .await?;
    let (p, user) = (&o.pool.row, ctx.user()?);
    let (applications_href, own_application_href) = application_links(ctx, user, id);
    let applied = o.counts.iter().filter(|c| c.applied);
    Ok(page::PoolDetail {
        activity_rule: activity_rule_text(ctx, &o.pool),
        rate_plan: rate_plan_texts(ctx, &o.pool),
        account_rules: account_rules_text(ctx, &o.pool),
        id,
        name: p.name.clone(),
        finance_account: p.finance_account.clone(),
        amount_ore: p.amount_ore,
        period: format!("{} – {}", date(p.period_start), date(p.period_end)),
        deadline: local_long(ctx.lang, p.application_deadline),
        deadline_passed: o.pool.deadline_passed(now),
        auditor_threshold_ore: p.auditor_threshold_ore,
        note: p.target_group_note.clone(),
        rates: rate_views(&o.pool),
        counted: o.counts.iter().filter(|c| c.target_group.is_some()).count(),
        applicants: applied.clone().count(),
        applicants_total: applied.filter_map(|c| c.target_group).sum(),
        versions: o.versions.iter().map(|v| version_row(ctx, v)).collect(),
        approved_version: o
            .versions
            .iter()
            .find(|v| v.row.status == AllocationStatus::Approved)
            .map(|v| v.row.version_no),
        actions: actions(ctx),
        csrf: user.csrf_token.clone(),
        run_errors: errors_text(ctx, run_errors),
        run_reason: reason.to_string(),
        applications_href,
        own_application_href,
        questionnaire_href: ctx
            .may("GET", "/pools/{pool}/questionnaire", None)
            .then(|| format!("/pools/{id}/questionnaire")),
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
        .read(move |c| {
            let p = pools::get(c, id)?.ok_or(AppError::NotFound)?;
            Ok((p, target_groups::for_pool(c, id)?))
        })
        .await?;
    let view = page::TargetGroupsView {
        pool_id: id,
        pool_name: p.name,
        note: p.target_group_note,
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
    let title = format!("{} – {}", ctx.t("tg-heading"), view.pool_name);
    Ok(ctx.page(&title, page::target_groups(ctx.lang, &view)))
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
async fn read_upload(mut payload: Multipart) -> Result<Option<Vec<u8>>, AppError> {
    let unreadable = || AppError::field("file", Msg::new("upload-unreadable"));
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(|_| unreadable())?;
        let is_file = field
            .content_disposition()
            .and_then(|d| d.get_filename())
            .is_some();
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|_| unreadable())?;
            if bytes.len() + chunk.len() > MAX_UPLOAD {
                return Err(AppError::field("file", Msg::new("upload-too-large")));
            }
            bytes.extend_from_slice(&chunk);
        }
        if is_file {
            return Ok(Some(bytes));
        }
    }
    Ok(None)
}

pub async fn import(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    payload: Multipart,
) -> AppResult<HttpResponse> {
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let id = path.into_inner();
    let problems = match read_upload(payload).await {
        Ok(Some(bytes)) => match counts_csv::parse_counts(&bytes) {
            Ok(counts) => {
                state
                    .db(move |c| tg::import(c, &actor, now, id, &counts, "upload", &mut |_| {}))
                    .await?;
                return Ok(see_other(&format!("/pools/{id}/target-groups")));
            }
            // Translated, one line each ("Linje 7: ukendt kommunekode 999").
            Err(errors) => errors
                .iter()
                .map(|e| ctx.msg(&tg::csv_error_msg(e)))
                .collect(),
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
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let id = path.into_inner();
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let codes: BTreeSet<i32> = pairs
        .iter()
        .filter(|(k, _)| k == "applied")
        .filter_map(|(_, v)| v.trim().parse().ok())
        .collect();
    match state
        .db(move |c| tg::set_applied(c, &actor, now, id, &codes))
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
