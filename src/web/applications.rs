//! Applications: a municipality's form, submission, the officer's list and decisions,
//! the commitment and its letter. The operations are `app::applications` and
//! `app::commitments`; this turns forms into drafts and results into pages.

use std::collections::BTreeMap;

use actix_web::{web, HttpResponse};
use serde::Deserialize;
use tilskud_templates::pages::application as page;
use tilskud_templates::pages::letter::{self, YearAmount};

use super::login::see_other;
use super::{errors_text, html, local, local_long, AppState};
use crate::app::applications::{
    self as app, amount_field, ApplicationDraft, BudgetRowDraft, Decision, Dossier, Mail, Reason,
};
use crate::app::commitments::{self, ApproveDraft, CommitmentDetail};
use crate::app::documents::{self, seconds_text, share_text};
use crate::domain::budget::{CostItem, Obligation};
use crate::domain::status::ApplicationStatus;
use crate::error::{AppError, AppResult, FieldErrors, Msg};
use crate::http::ctx::Ctx;

type Path = web::Path<(i64, i32)>;

fn base(pool: i64, code: i32) -> String {
    format!("/pools/{pool}/applications/{code}")
}

/// The form's urlencoded body as typed.
pub fn parse_body(body: &[u8], years: &[i32]) -> ApplicationDraft {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).unwrap_or_default();
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    ApplicationDraft {
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
            .map(|item| BudgetRowDraft {
                item: item.key().to_string(),
                description: get(&format!("description_{}", item.key())),
                amounts: years
                    .iter()
                    .map(|y| (*y, get(&amount_field(*item, *y))))
                    .filter(|(_, v)| !v.trim().is_empty())
                    .collect(),
            })
            .collect(),
    }
}

/// The approval form's urlencoded body: `year_2017=…`, `account_deadline`, `reservation`.
pub fn parse_approve(body: &[u8]) -> ApproveDraft {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).unwrap_or_default();
    let mut f = ApproveDraft::default();
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

fn values_of(f: &ApplicationDraft) -> page::Values {
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

/// What the page shows besides the stored application: what was typed, a problem, a
/// confirmation, and (for the officer) the approval form as typed.
#[derive(Default)]
pub struct Extras {
    pub form: Option<ApplicationDraft>,
    pub errors: FieldErrors,
    pub problem: Option<String>,
    pub flash: Option<String>,
    pub approve: Option<(ApproveDraft, FieldErrors)>,
}

/// Which of the page's forms this user gets, by the routes' own access rules and the
/// application's state.
struct Buttons {
    edit: bool,
    submit: bool,
    withdraw: bool,
    decide: bool,
    approve: bool,
}

fn buttons(ctx: &Ctx, d: &Dossier) -> AppResult<Buttons> {
    let may = |action: &str| {
        let path = format!("/pools/{{pool}}/applications/{{code}}/{action}");
        ctx.may("POST", &path, Some(d.code))
    };
    let open = d.open_for_changes();
    let awaiting = !d.read_only && d.status() == Some(ApplicationStatus::Submitted);
    Ok(Buttons {
        edit: open && may("save"),
        submit: open && may("submit"),
        withdraw: d.status().is_some_and(ApplicationStatus::can_withdraw) && may("withdraw"),
        decide: awaiting && may("decide"),
        approve: awaiting && may("approve"),
    })
}

fn approve_view(
    ctx: &Ctx,
    d: &Dossier,
    per_year: &[(i32, i64)],
    typed: Option<(ApproveDraft, FieldErrors)>,
) -> page::ApproveView {
    let budget_total = d
        .application
        .as_ref()
        .map_or(0, |l| l.version.budget_total_ore);
    let amount = commitments::amount_for(d.expected_ore.unwrap_or(0), budget_total);
    let (form, errors) = typed.unwrap_or_else(|| {
        (
            commitments::proposed(&d.pool, amount, per_year),
            FieldErrors::default(),
        )
    });
    page::ApproveView {
        amount_ore: amount,
        years: app::period_years(&d.pool)
            .into_iter()
            .map(|year| page::YearInput {
                year,
                value: form.years.get(&year).cloned().unwrap_or_default(),
            })
            .collect(),
        account_deadline: form.account_deadline,
        reservation: form.reservation,
        errors: errors_text(ctx, &errors),
    }
}

/// The history: each submission and each decision, in the order they happened.
fn events(ctx: &Ctx, d: &Dossier) -> Vec<page::EventLine> {
    let Some(l) = &d.application else {
        return Vec::new();
    };
    let mut ev: Vec<(chrono::NaiveDateTime, String, String)> = l
        .versions
        .iter()
        .filter_map(|v| {
            let what = Msg::new("application-event-submitted").arg("version", v.version_no);
            v.submitted_at.map(|at| (at, ctx.msg(&what), String::new()))
        })
        .collect();
    for e in l.events.iter().filter(|e| e.action != "application.submit") {
        let label = ctx.t(&format!("event-{}", e.action.replace('.', "-")));
        let what = format!("{label} ({})", d.name_of(e.actor_id));
        ev.push((e.at, what, e.reason.clone()));
    }
    ev.sort();
    ev.into_iter()
        .map(|(at, what, reason)| page::EventLine {
            at: local(at),
            what,
            reason,
        })
        .collect()
}

/// A split by year as the pages show it.
pub fn years_of(years: &[(i32, i64)]) -> Vec<YearAmount> {
    years
        .iter()
        .map(|(year, amount_ore)| YearAmount {
            year: *year,
            amount_ore: *amount_ore,
        })
        .collect()
}

/// A commitment's rates as the pages show them: each with its state and why.
pub fn rate_lines(
    lang: tilskud_templates::i18n::Lang,
    c: &CommitmentDetail,
) -> Vec<page::RateLine> {
    let row = &c.full.commitment;
    super::rates::rate_lines(lang, &c.rates, row.pool_id, row.municipality_code)
}

fn commitment_view(
    lang: tilskud_templates::i18n::Lang,
    c: &CommitmentDetail,
    base: &str,
    (pool_id, code): (i64, i32),
    now: chrono::NaiveDateTime,
) -> page::CommitmentView {
    let row = &c.full.commitment;
    page::CommitmentView {
        amount_ore: row.amount_ore,
        letter_no: row.letter_no.clone(),
        status: row.status.as_str().to_string(),
        approved_at: local_long(lang, row.approved_at),
        years: years_of(&c.full.years),
        rates: rate_lines(lang, c),
        letter_href: format!("{base}/letter"),
        accounts: super::municipal_accounts::account_lines(lang, &c.accounts, pool_id, code, now),
    }
}

fn versions(d: &Dossier) -> Vec<page::VersionLink> {
    let Some(l) = &d.application else {
        return Vec::new();
    };
    l.versions
        .iter()
        .map(|v| page::VersionLink {
            version_no: v.version_no,
            submitted_at: v.submitted_at.map(seconds_text).unwrap_or_default(),
            href: format!("{}?version={}", base(d.pool.id, d.code), v.version_no),
            current: v.version_no == l.version.version_no,
        })
        .collect()
}

fn labels(ctx: &Ctx) -> (Vec<page::Labelled>, Vec<page::Labelled>) {
    let labelled = |key: &str, prefix: &str| page::Labelled {
        key: key.to_string(),
        label: ctx.t(&format!("{prefix}-{key}")),
    };
    (
        CostItem::ALL
            .iter()
            .map(|i| labelled(i.key(), "cost-item"))
            .collect(),
        Obligation::ALL
            .iter()
            .map(|o| labelled(o.key(), "obligation"))
            .collect(),
    )
}

/// The receipt of a submitted version (none for a draft).
fn receipt_line(v: &crate::db::queries::applications::VersionRow) -> Option<page::ReceiptLine> {
    Some(page::ReceiptLine {
        receipt_no: v.receipt_no.clone()?,
        submitted_at: seconds_text(v.submitted_at?),
    })
}

pub fn build_page(
    ctx: &Ctx,
    d: &Dossier,
    now: chrono::NaiveDateTime,
    extras: Extras,
) -> AppResult<page::Page> {
    let b = buttons(ctx, d)?;
    let years = app::period_years(&d.pool);
    let form = extras.form.unwrap_or_else(|| {
        d.application
            .as_ref()
            .map(|l| ApplicationDraft::from_version(&l.version, &l.lines))
            .unwrap_or_default()
    });
    let (total_ore, per_year) = form.totals(&years);
    let per_item = form.item_totals(&years);
    let approve = b
        .approve
        .then(|| approve_view(ctx, d, &per_year, extras.approve));
    let problem = extras.problem.or_else(|| {
        d.expected_ore
            .is_none()
            .then(|| ctx.t("application-no-expected-explained"))
    });
    let (items, obligations) = labels(ctx);
    let version = d.application.as_ref().map(|l| &l.version);
    Ok(page::Page {
        pool_id: d.pool.id,
        pool_name: d.pool.name.clone(),
        code: d.code,
        municipality: d.municipality.clone(),
        expected_ore: d.expected_ore,
        deadline: local_long(ctx.lang, d.pool.application_deadline),
        deadline_passed: d.deadline_passed(now),
        status: d.status().map(|s| s.as_str().to_string()),
        version_no: version.map(|v| v.version_no),
        receipt: version.and_then(receipt_line),
        can_edit: b.edit,
        can_submit: b.submit,
        can_withdraw: b.withdraw,
        can_decide: b.decide,
        csrf: ctx.csrf(),
        items,
        obligations,
        values: values_of(&form),
        errors: errors_text(ctx, &extras.errors),
        problem,
        flash: extras.flash,
        total_ore,
        per_item,
        per_year: years_of(&per_year),
        events: events(ctx, d),
        commitment: d.commitment.as_ref().map(|c| {
            commitment_view(
                ctx.lang,
                c,
                &base(d.pool.id, d.code),
                (d.pool.id, d.code),
                now,
            )
        }),
        approve,
        admin_share_max: d.pool.admin_share_max_bp.map(share_text),
        versions: versions(d),
        years,
    })
}

#[derive(Deserialize)]
pub struct ShowQuery {
    /// An earlier version to read.
    version: Option<i32>,
    saved: Option<u8>,
    submitted: Option<u8>,
    decided: Option<String>,
}

impl ShowQuery {
    fn flash(&self, ctx: &Ctx) -> Option<String> {
        if self.saved.is_some() {
            Some(ctx.t("application-saved"))
        } else if self.submitted.is_some() {
            Some(ctx.t("application-submitted"))
        } else {
            self.decided
                .as_ref()
                .map(|k| ctx.t(&format!("application-decided-{k}")))
        }
    }
}

pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: Path,
    q: web::Query<ShowQuery>,
) -> AppResult<HttpResponse> {
    let key = path.into_inner();
    let (wanted, now) = (q.version, state.now());
    // The read depends on `now` only through today's date (the rates' status).
    let today = crate::app::commitments::today(now);
    let read_key = format!("application/{}/{}/{wanted:?}/{today}", key.0, key.1);
    let d = state
        .cached(&ctx, read_key, move |c| app::read(c, key, wanted, now))
        .await?;
    let extras = Extras {
        flash: q.flash(&ctx),
        ..Extras::default()
    };
    let p = build_page(&ctx, &d, now, extras)?;
    // What and where: "Ansøgning, Horsens – Flere skal med".
    let title = format!(
        "{}, {} – {}",
        ctx.t("title-application"),
        d.municipality,
        d.pool.name
    );
    Ok(html(ctx.page(&title, page::page(ctx.lang, &p))))
}

async fn rerender(
    ctx: &Ctx,
    state: &AppState,
    key: (i64, i32),
    extras: Extras,
    status: actix_web::http::StatusCode,
) -> AppResult<HttpResponse> {
    let now = state.now();
    let d = state.read(move |c| app::read(c, key, None, now)).await?;
    let p = build_page(ctx, &d, now, extras)?;
    let body = ctx
        .page(&d.municipality, page::page(ctx.lang, &p))
        .into_string();
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body))
}

/// After a change: on success go to `location`; when the input is wrong or the state
/// forbids the change, show the page again with what was typed (`keep`) and what is
/// wrong. `on_invalid` places field errors where the form that failed shows them.
async fn respond<T>(
    ctx: &Ctx,
    state: &AppState,
    key: (i64, i32),
    result: AppResult<T>,
    location: String,
    keep: Extras,
    on_invalid: impl FnOnce(Extras, FieldErrors) -> Extras,
) -> AppResult<HttpResponse> {
    use actix_web::http::StatusCode;
    match result {
        Ok(_) => Ok(see_other(&location)),
        Err(AppError::Invalid(errors)) => {
            let extras = on_invalid(keep, errors);
            rerender(ctx, state, key, extras, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(AppError::Conflict(m)) => {
            let extras = Extras {
                problem: Some(ctx.msg(&m)),
                ..keep
            };
            rerender(ctx, state, key, extras, StatusCode::CONFLICT).await
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

/// Saves (`submit` false) or submits the application form; both parse the form against
/// the pool's years at the edge and show it again, as typed, when something is wrong.
async fn save_or_submit(
    ctx: Ctx,
    state: web::Data<AppState>,
    key: (i64, i32),
    body: web::Bytes,
    submit: bool,
) -> AppResult<HttpResponse> {
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let years = state.read(move |c| app::years(c, key.0)).await?;
    let form = parse_body(&body, &years);
    let confirmed = confirmed(&body);
    let result = match form.parse(&years) {
        Err(mut errors) => {
            if submit {
                form.add_submission_errors(&mut errors);
            }
            Err(AppError::Invalid(errors))
        }
        Ok(input) if submit && !confirmed => {
            // The review: a submission's checks, nothing written; then what will be
            // submitted, with the typed form carried along.
            let checked = input.clone();
            match state
                .read(move |c| app::check_submission(c, now, key, &checked).map(|_| ()))
                .await
            {
                Ok(()) => return review(&ctx, &state, key, &input, &body).await,
                Err(e) => Err(e),
            }
        }
        Ok(input) if submit => {
            state
                .db(move |c| app::submit(c, &actor, now, key, &input, Mail::Queue).map(|_| ()))
                .await
        }
        Ok(input) => {
            state
                .db(move |c| app::save(c, &actor, now, key.0, key.1, &input).map(|_| ()))
                .await
        }
    };
    let location = if submit {
        format!("{}/receipt", base(key.0, key.1))
    } else {
        format!("{}?saved=1", base(key.0, key.1))
    };
    let keep = Extras {
        form: Some(form),
        ..Extras::default()
    };
    respond(&ctx, &state, key, result, location, keep, on_form).await
}

/// Whether the form came from the review page (`confirmed=1`).
fn confirmed(body: &[u8]) -> bool {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).unwrap_or_default();
    pairs.iter().any(|(k, v)| k == "confirmed" && v == "1")
}

/// The review page: the application as it will be submitted, the form's fields kept
/// hidden so that "Indsend" sends what was reviewed.
async fn review(
    ctx: &Ctx,
    state: &AppState,
    key: (i64, i32),
    input: &app::ApplicationInput,
    body: &[u8],
) -> AppResult<HttpResponse> {
    let now = state.now();
    let d = state.read(move |c| app::read(c, key, None, now)).await?;
    let extras = Extras {
        form: Some(ApplicationDraft::from_input(input)),
        ..Extras::default()
    };
    let p = build_page(ctx, &d, now, extras)?;
    let hidden: Vec<(String, String)> = serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .unwrap_or_default()
        .into_iter()
        .filter(|(k, _)| k != "confirmed" && k != tilskud_templates::components::CSRF_FIELD)
        .collect();
    let title =
        ctx.msg(&Msg::new("application-review-heading").arg("municipality", &d.municipality));
    Ok(html(ctx.page(
        &format!("{title} – {}", d.pool.name),
        page::review(ctx.lang, &p, &hidden),
    )))
}

/// The receipt of the latest submission, for the municipality's own users.
pub async fn receipt(ctx: Ctx, state: web::Data<AppState>, path: Path) -> AppResult<HttpResponse> {
    let key = path.into_inner();
    let now = state.now();
    let d = state.read(move |c| app::read(c, key, None, now)).await?;
    let p = build_page(&ctx, &d, now, Extras::default())?;
    if p.receipt.is_none() {
        return Err(AppError::NotFound);
    }
    let email = d
        .application
        .as_ref()
        .map(|l| l.version.contact_email.clone())
        .unwrap_or_default();
    let title = format!(
        "{}, {} – {}",
        ctx.t("application-receipt-heading"),
        d.municipality,
        d.pool.name
    );
    Ok(html(ctx.page(&title, page::receipt(ctx.lang, &p, &email))))
}

pub async fn save(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: Path,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    save_or_submit(ctx, state, path.into_inner(), body, false).await
}

pub async fn submit(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: Path,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    save_or_submit(ctx, state, path.into_inner(), body, true).await
}

#[derive(Deserialize)]
pub struct ReasonForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    decision: String,
    /// `1` from the withdrawal's confirmation page.
    #[serde(default)]
    confirmed: String,
}

pub async fn withdraw(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: Path,
    form: web::Form<ReasonForm>,
) -> AppResult<HttpResponse> {
    let key = path.into_inner();
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let result = match Reason::parse(&form.reason) {
        Ok(_) if form.confirmed != "1" => {
            return withdraw_confirmation(&ctx, &state, key, form.reason.trim()).await;
        }
        Ok(reason) => {
            state
                .db(move |c| commitments::withdraw(c, &actor, now, key, &reason))
                .await
        }
        Err(e) => Err(e),
    };
    let location = format!("{}?decided=withdrawn", base(key.0, key.1));
    let keep = Extras::default();
    respond(&ctx, &state, key, result, location, keep, as_problem(&ctx)).await
}

/// The confirmation before a withdrawal: what lapses, what is cancelled, what stays to
/// be accounted for.
async fn withdraw_confirmation(
    ctx: &Ctx,
    state: &AppState,
    key: (i64, i32),
    reason: &str,
) -> AppResult<HttpResponse> {
    use crate::domain::status::RateStatus;
    use tilskud_templates::components::{confirmation, ButtonKind, Confirmation};
    use tilskud_templates::pages::money;
    let now = state.now();
    let d = state.read(move |c| app::read(c, key, None, now)).await?;
    let mut facts = vec![
        (ctx.t("application-confirm-pool"), d.pool.name.clone()),
        (
            ctx.t("application-confirm-municipality"),
            d.municipality.clone(),
        ),
        (ctx.t("application-withdraw-reason"), reason.to_string()),
    ];
    let rates_text = |status: RateStatus| -> Option<String> {
        let rates: Vec<String> = d
            .commitment
            .iter()
            .flat_map(|c| c.full.rates.iter())
            .filter(|r| r.status == status)
            .map(|r| {
                ctx.msg(
                    &Msg::new("application-confirm-rate")
                        .arg("rate", r.rate_no)
                        .arg("amount", money(r.payable_ore())),
                )
            })
            .collect();
        (!rates.is_empty()).then(|| rates.join(", "))
    };
    if let Some(c) = &d.commitment {
        facts.push((
            ctx.t("application-confirm-commitment"),
            ctx.msg(
                &Msg::new("application-confirm-commitment-lapses")
                    .arg("amount", money(c.full.commitment.amount_ore)),
            ),
        ));
        if let Some(t) = rates_text(RateStatus::Pending) {
            facts.push((ctx.t("application-confirm-cancelled"), t));
        }
        if let Some(t) = rates_text(RateStatus::Paid) {
            facts.push((ctx.t("application-confirm-paid"), t));
        }
    }
    let warning = ctx.t(if d.commitment.is_some() {
        "application-confirm-warning-commitment"
    } else {
        "application-confirm-warning"
    });
    let heading =
        ctx.msg(&Msg::new("application-confirm-heading").arg("municipality", &d.municipality));
    let c = Confirmation {
        trail: vec![
            (ctx.t("nav-pools"), "/pools".to_string()),
            (d.pool.name.clone(), format!("/pools/{}", d.pool.id)),
            (
                format!("{}, {}", ctx.t("title-application"), d.municipality),
                base(key.0, key.1),
            ),
        ],
        heading: heading.clone(),
        facts,
        warning,
        detail: None,
        action: format!("{}/withdraw", base(key.0, key.1)),
        hidden: vec![("reason".to_string(), reason.to_string())],
        csrf: ctx.csrf(),
        confirm_label: ctx.t("application-confirm-button"),
        confirm_kind: ButtonKind::Warning,
        back_label: ctx.t("application-confirm-back"),
        back_href: base(key.0, key.1),
    };
    let title = format!("{heading} – {}", d.pool.name);
    Ok(html(ctx.page(&title, confirmation(ctx.lang, &c))))
}

pub async fn decide(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: Path,
    form: web::Form<ReasonForm>,
) -> AppResult<HttpResponse> {
    let key = path.into_inner();
    let decision = Decision::parse(&form.decision)?;
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let result = match Reason::parse(&form.reason) {
        Ok(reason) => {
            state
                .db(move |c| app::decide(c, &actor, now, key, decision, &reason))
                .await
        }
        Err(e) => Err(e),
    };
    let decided = form.decision.replace('_', "-");
    let location = format!("{}?decided={decided}", base(key.0, key.1));
    respond(
        &ctx,
        &state,
        key,
        result,
        location,
        Extras::default(),
        on_form,
    )
    .await
}

pub async fn approve(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: Path,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let key = path.into_inner();
    let draft = parse_approve(&body);
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let typed = draft.clone();
    let result = state
        .db(move |c| {
            let terms = commitments::terms(c, key.0, key.1)?;
            let input = typed.parse(&terms).map_err(AppError::Invalid)?;
            commitments::approve(c, &actor, now, key, &input, Mail::Queue)
        })
        .await;
    let location = format!("{}?decided=approved", base(key.0, key.1));
    let keep = Extras {
        approve: Some((draft.clone(), FieldErrors::default())),
        ..Extras::default()
    };
    respond(&ctx, &state, key, result, location, keep, |keep, errors| {
        Extras {
            approve: Some((draft, errors)),
            ..keep
        }
    })
    .await
}

pub async fn list(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let pool_id = path.into_inner();
    let l = state
        .cached(&ctx, app::list_key(pool_id), move |c| app::list(c, pool_id))
        .await?;
    let rows: Vec<page::ListRow> = l
        .rows
        .iter()
        .map(|r| page::ListRow {
            code: r.municipality_code,
            name: r.name.clone(),
            status: r.status.as_str().to_string(),
            version_no: r.version_no,
            submitted_at: r.submitted_at.map(local).unwrap_or_default(),
            budget_total_ore: r.budget_total_ore,
            expected_ore: r.expected_ore,
        })
        .collect();
    let (committed, amount) = (l.committed_ore, l.pool.amount_ore);
    let body = page::list(ctx.lang, pool_id, &l.pool.name, &rows, committed, amount);
    let title = format!("{} – {}", ctx.t("applications-heading-short"), l.pool.name);
    Ok(html(ctx.page(&title, body)))
}

/// The commitment letter in the normal frame, with the way back to the application; in
/// print only the letter shows (`app.css`).
pub async fn letter_page(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: Path,
) -> AppResult<HttpResponse> {
    let (pool_id, code) = path.into_inner();
    let l = state
        .read(move |c| commitments::letter(c, pool_id, code))
        .await?;
    let view = documents::letter_view(&l);
    let back = base(pool_id, code);
    let body = maud::html! {
        p .letter-back { a .back-link href=(back) { (ctx.t("letter-back")) } }
        article .letter-sheet lang="da" { (letter::letter_body(&view)) }
    };
    Ok(html(ctx.page(&letter::title(&view), body)))
}
