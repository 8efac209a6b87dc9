//! Rates and payouts, the pages: a rate's state and why on the municipality's pages, the
//! rate's own page (the municipality's request, the officers' steps), the officer's
//! payout queue and a batch with its downloads. The operations are `app::payouts`.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDateTime;
use futures_util::StreamExt;
use serde::Deserialize;
use tilskud_templates::i18n::{t_args, Arg, Lang};
use tilskud_templates::pages::application::{ConditionLine, RateLine};
use tilskud_templates::pages::rates as page;

use super::login::see_other;
use super::{attachment, errors_text, html, local, long_date, money_text, AppState};
use crate::app::payouts::{self as app, batches, Attachment, CancelFor, CommitmentRates, RateView};
use crate::domain::payout_gate::{Check, Evidence, MonthShare, RateState};
use crate::domain::role::Role;
use crate::error::{AppError, AppResult, FieldErrors, Msg};
use crate::http::ctx::Ctx;
use crate::http::upload::{read_limited, ReadError};

/// A share of counts as "35,2 % (352 af 1.000)".
fn share_text(lang: Lang, s: &MonthShare) -> String {
    let tenths = if s.den == 0 {
        None
    } else {
        Some((u128::from(s.num) * 1000 + u128::from(s.den) / 2) / u128::from(s.den))
    };
    let pct = tenths
        .map(|t| format!("{},{} %", t / 10, t % 10))
        .unwrap_or_else(|| "–".into());
    t_args(
        lang,
        "rate-evidence-share",
        &[
            ("month", Arg::from(s.month.clone())),
            ("share", Arg::from(pct)),
            ("num", Arg::from(s.num.to_string())),
            ("den", Arg::from(s.den.to_string())),
        ],
    )
}

/// An instant as Copenhagen time, as Danish readers write it: "1. januar 2018 kl. 00.00"
/// (the API gives the UTC instant).
pub(crate) fn instant_text(lang: Lang, utc: chrono::DateTime<chrono::Utc>) -> String {
    let local_time = crate::domain::time::to_local(utc);
    t_args(
        lang,
        "rate-instant",
        &[
            ("date", Arg::from(long_date(lang, local_time.date_naive()))),
            (
                "time",
                Arg::from(match lang {
                    Lang::Da => local_time.format("%H.%M").to_string(),
                    _ => local_time.format("%H:%M").to_string(),
                }),
            ),
        ],
    )
}

/// One condition as a sentence with its evidence.
pub fn condition_text(lang: Lang, c: &Check) -> String {
    let met = if c.met { "met" } else { "not-met" };
    let key = format!(
        "rate-condition-{}-{met}",
        c.condition.as_str().replace('_', "-")
    );
    let mut args: Vec<(&str, Arg)> = Vec::new();
    match &c.evidence {
        Evidence::OnCommitment { .. } => {}
        Evidence::NotBefore { from_utc, .. } => {
            args.push(("instant", Arg::from(instant_text(lang, *from_utc))));
        }
        Evidence::FinanceAct { year, registered } => {
            args.push(("year", Arg::from(year.to_string())));
            if let Some(f) = registered {
                args.push(("passed", Arg::from(long_date(lang, f.passed_on))));
                args.push(("reference", Arg::from(f.reference.clone())));
            }
        }
        Evidence::WholeGroupAssessed {
            assessed,
            gross,
            short_by,
        } => {
            args.push(("assessed", Arg::from(assessed.to_string())));
            args.push(("gross", Arg::from(gross.to_string())));
            args.push(("short", Arg::from(short_by.to_string())));
        }
        Evidence::ActivityShare {
            percent,
            months,
            since,
            run,
            latest,
            ..
        } => {
            args.push(("percent", Arg::from(percent.to_string())));
            args.push(("months", Arg::from(months.to_string())));
            args.push(("since", Arg::from(since.clone().unwrap_or_default())));
            let shown = if c.met { run } else { latest };
            let list: Vec<String> = shown.iter().map(|s| share_text(lang, s)).collect();
            args.push((
                "figures",
                Arg::from(if list.is_empty() {
                    tilskud_templates::i18n::t(lang, "rate-evidence-no-months")
                } else {
                    list.join("; ")
                }),
            ));
        }
        Evidence::ResultsShare {
            percent,
            since,
            best,
        } => {
            args.push(("percent", Arg::from(percent.to_string())));
            args.push(("since", Arg::from(since.clone().unwrap_or_default())));
            args.push((
                "best",
                Arg::from(
                    best.as_ref()
                        .map(|b| share_text(lang, b))
                        .unwrap_or_else(|| {
                            tilskud_templates::i18n::t(lang, "rate-evidence-no-months")
                        }),
                ),
            ));
        }
        Evidence::Account { account } => {
            let status = account
                .as_ref()
                .map(|a| tilskud_templates::i18n::t(lang, &format!("review-status-{}", a.status)))
                .unwrap_or_else(|| tilskud_templates::i18n::t(lang, "rate-evidence-no-account"));
            let certification = account
                .as_ref()
                .map(|a| {
                    tilskud_templates::i18n::t(lang, &format!("certification-{}", a.certification))
                })
                .unwrap_or_default();
            args.push(("status", Arg::from(status)));
            args.push(("certification", Arg::from(certification)));
        }
    }
    let mut text = t_args(lang, &key, &args);
    if let Some(id) = c.overridden_by {
        text.push(' ');
        text.push_str(&t_args(
            lang,
            "rate-condition-overridden-by",
            &[("id", Arg::from(id.to_string()))],
        ));
    }
    text
}

pub fn condition_lines(lang: Lang, checks: &[Check]) -> Vec<ConditionLine> {
    checks
        .iter()
        .map(|c| ConditionLine {
            met: c.met,
            overridden: c.overridden_by.is_some(),
            text: condition_text(lang, c),
        })
        .collect()
}

/// The rate's own page.
pub fn rate_href(pool_id: i64, code: i32, rate_no: i32) -> String {
    format!("/pools/{pool_id}/rates/{code}/{rate_no}")
}

/// A commitment's rates as the municipality's and the application's pages show them.
pub fn rate_lines(lang: Lang, rates: &[RateView], pool_id: i64, code: i32) -> Vec<RateLine> {
    rates
        .iter()
        .map(|r| RateLine {
            number: r.rate.rate_no,
            share: crate::app::documents::share_text(r.rate.share_bp),
            earliest: r
                .rate
                .earliest_date
                .map(crate::app::documents::date_text)
                .unwrap_or_default(),
            amount_ore: r.rate.payable_ore(),
            status: r.state.as_str().replace('_', "-"),
            paid_at: r.rate.paid_at.map(local).unwrap_or_default(),
            conditions: condition_lines(lang, &r.gate.checks),
            href: rate_href(pool_id, code, r.rate.rate_no),
        })
        .collect()
}

type RatePath = web::Path<(i64, i32, i32)>;

/// What a failed form leaves on the page.
#[derive(Default)]
struct Kept {
    errors: FieldErrors,
    note: String,
    reason: String,
}

fn history(
    lang: Lang,
    rates: &CommitmentRates,
    rate_no: i32,
    names: &BTreeMap<i64, String>,
) -> Vec<page::HistoryLine> {
    let name = |id: i64| names.get(&id).cloned().unwrap_or_default();
    let mut lines: Vec<(NaiveDateTime, String)> = Vec::new();
    for r in rates.requests.iter().filter(|r| r.rate_no == rate_no) {
        lines.push((
            r.requested_at,
            t_args(
                lang,
                "rate-history-requested",
                &[
                    ("who", Arg::from(name(r.requested_by))),
                    ("note", Arg::from(r.note.clone())),
                ],
            ),
        ));
        if let (Some(at), Some(by), Some(reason)) = (r.decided_at, r.decided_by, &r.refusal_reason)
        {
            lines.push((
                at,
                t_args(
                    lang,
                    "rate-history-refused",
                    &[
                        ("who", Arg::from(name(by))),
                        ("reason", Arg::from(reason.clone())),
                    ],
                ),
            ));
        }
    }
    for p in rates.payouts.iter().filter(|p| p.rate_no == rate_no) {
        lines.push((
            p.prepared_at,
            t_args(
                lang,
                "rate-history-prepared",
                &[
                    ("who", Arg::from(name(p.prepared_by))),
                    ("amount", Arg::from(money_text(p.amount_ore))),
                ],
            ),
        ));
        if let (Some(at), Some(by)) = (p.approved_at, p.approved_by) {
            lines.push((
                at,
                t_args(
                    lang,
                    "rate-history-approved",
                    &[("who", Arg::from(name(by)))],
                ),
            ));
        }
        if let (Some(at), Some(by), Some(reason)) = (p.decided_at, p.decided_by, &p.decision_reason)
        {
            lines.push((
                at,
                t_args(
                    lang,
                    &format!("rate-history-{}", p.status.as_str()),
                    &[
                        ("who", Arg::from(name(by))),
                        ("reason", Arg::from(reason.clone())),
                    ],
                ),
            ));
        }
        if let Some(batch) = p.batch_id {
            lines.push((
                p.approved_at.unwrap_or(p.prepared_at),
                t_args(
                    lang,
                    "rate-history-batched",
                    &[("batch", Arg::from(batch.to_string()))],
                ),
            ));
        }
    }
    for o in rates.overrides.iter().filter(|o| o.rate_no == rate_no) {
        let condition =
            tilskud_templates::i18n::t(lang, &format!("rate-condition-name-{}", o.condition));
        lines.push((
            o.proposed_at,
            t_args(
                lang,
                "rate-history-override-proposed",
                &[
                    ("who", Arg::from(name(o.proposed_by))),
                    ("condition", Arg::from(condition.clone())),
                    ("reason", Arg::from(o.reason.clone())),
                ],
            ),
        ));
        if let (Some(at), Some(by)) = (o.decided_at, o.decided_by) {
            lines.push((
                at,
                t_args(
                    lang,
                    &format!("rate-history-override-{}", o.status),
                    &[
                        ("who", Arg::from(name(by))),
                        ("condition", Arg::from(condition)),
                    ],
                ),
            ));
        }
    }
    lines.sort_by_key(|(at, _)| *at);
    lines
        .into_iter()
        .map(|(at, text)| page::HistoryLine {
            at: local(at),
            text,
        })
        .collect()
}

struct Loaded {
    rates: CommitmentRates,
    names: BTreeMap<i64, String>,
    municipality: String,
    pool_name: String,
}

async fn load(state: &AppState, (pool_id, code): (i64, i32)) -> AppResult<Loaded> {
    let now = state.now();
    state
        .read(move |c| {
            let rates = app::for_municipality(c, (pool_id, code), now)?;
            let names = crate::app::applications::display_names(c)?;
            let municipality = crate::db::queries::municipalities::get(c, code)?
                .map(|m| m.name)
                .unwrap_or_default();
            let pool_name = crate::db::queries::pools::get(c, pool_id)?
                .map(|p| p.name)
                .unwrap_or_default();
            Ok(Loaded {
                rates,
                names,
                municipality,
                pool_name,
            })
        })
        .await
}

async fn render(
    ctx: &Ctx,
    state: &AppState,
    (pool_id, code, rate_no): (i64, i32, i32),
    kept: Kept,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let l = load(state, (pool_id, code)).await?;
    let view = l.rates.rate(rate_no).cloned().ok_or(AppError::NotFound)?;
    let user = ctx.user()?;
    let officer = user.role == Role::Officer;
    let finance = user.role == Role::Finance && user.municipality_code == Some(code);
    let payout = view.payout.as_ref();
    let actions = page::Actions {
        can_request: finance && view.state == RateState::Payable,
        can_prepare: officer
            && matches!(view.state, RateState::Payable | RateState::Requested)
            && view.gate.open(),
        refusable_request: view.request.as_ref().filter(|_| officer).map(|r| r.id),
        approvable_payout: payout
            .filter(|p| {
                officer
                    && p.status == crate::domain::payout_gate::PayoutStatus::Prepared
                    && p.prepared_by != user.id
            })
            .map(|p| p.id),
        own_payout: payout.is_some_and(|p| {
            officer
                && p.status == crate::domain::payout_gate::PayoutStatus::Prepared
                && p.prepared_by == user.id
        }),
        rejectable_payout: payout
            .filter(|p| {
                officer
                    && matches!(
                        p.status,
                        crate::domain::payout_gate::PayoutStatus::Prepared
                            | crate::domain::payout_gate::PayoutStatus::Approved
                    )
            })
            .map(|p| p.id),
        can_cancel: officer
            && !view.state.is_committed_to_pay()
            && !matches!(view.state, RateState::Cancelled),
        overridable: if officer
            && matches!(view.state, RateState::NotDue | RateState::ConditionsNotMet)
        {
            view.gate
                .missing()
                .filter(|c| c.condition.can_override())
                .filter(|c| {
                    !l.rates.overrides.iter().any(|o| {
                        o.rate_no == rate_no
                            && o.condition == c.condition.as_str()
                            && o.status == "proposed"
                    })
                })
                .map(|c| {
                    (
                        c.condition.as_str().to_string(),
                        ctx.t(&format!("rate-condition-name-{}", c.condition.as_str())),
                    )
                })
                .collect()
        } else {
            Vec::new()
        },
        decidable_overrides: l
            .rates
            .overrides
            .iter()
            .filter(|o| {
                officer
                    && o.rate_no == rate_no
                    && o.status == "proposed"
                    && o.proposed_by != user.id
            })
            .map(|o| {
                (
                    o.id,
                    t_args(
                        ctx.lang,
                        "rate-override-pending",
                        &[
                            (
                                "condition",
                                Arg::from(ctx.t(&format!("rate-condition-name-{}", o.condition))),
                            ),
                            (
                                "who",
                                Arg::from(l.names.get(&o.proposed_by).cloned().unwrap_or_default()),
                            ),
                            ("reason", Arg::from(o.reason.clone())),
                        ],
                    ),
                )
            })
            .collect(),
    };
    let heading = t_args(
        ctx.lang,
        "rate-heading",
        &[
            ("rate", Arg::from(rate_no.to_string())),
            ("municipality", Arg::from(l.municipality.clone())),
            ("pool", Arg::from(l.pool_name.clone())),
        ],
    );
    let back_href = if officer {
        format!("/pools/{pool_id}/payouts")
    } else {
        format!("/municipalities/{code}")
    };
    let p = page::RatePage {
        heading: heading.clone(),
        back_label: if officer {
            t_args(
                ctx.lang,
                "payout-queue-heading",
                &[("pool", Arg::from(l.pool_name.clone()))],
            )
        } else {
            l.municipality.clone()
        },
        back_href,
        base: rate_href(pool_id, code, rate_no),
        csrf: ctx.csrf(),
        state: view.state.as_str().replace('_', "-"),
        amount_ore: view.rate.payable_ore(),
        share: crate::app::documents::share_text(view.rate.share_bp),
        payable_from: view
            .gate
            .not_before_utc
            .map(|t| instant_text(ctx.lang, t))
            .unwrap_or_default(),
        conditions: condition_lines(ctx.lang, &view.gate.checks),
        payment_reference: crate::domain::payout_gate::payment_reference(
            &l.rates.letter_no,
            rate_no,
        ),
        payout: payout.map(|p| {
            t_args(
                ctx.lang,
                "rate-payout-line",
                &[
                    ("id", Arg::from(p.id.to_string())),
                    (
                        "state",
                        Arg::from(ctx.t(&format!("payout-status-{}", p.status.as_str()))),
                    ),
                ],
            )
        }),
        history: history(ctx.lang, &l.rates, rate_no, &l.names),
        actions,
        errors: errors_text(ctx, &kept.errors),
        note: kept.note,
        reason: kept.reason,
    };
    let markup = ctx.page(&heading, page::rate(ctx.lang, &p));
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(markup.into_string()))
}

pub async fn show(ctx: Ctx, state: web::Data<AppState>, path: RatePath) -> AppResult<HttpResponse> {
    render(
        &ctx,
        &state,
        path.into_inner(),
        Kept::default(),
        StatusCode::OK,
    )
    .await
}

/// A refusal for the state of things, shown in the page's error summary.
fn conflict_errors(m: Msg) -> FieldErrors {
    let mut errors = FieldErrors::default();
    errors.add("", m);
    errors
}

/// A step done: back to the rate's page; refused: the page again with the reason (422
/// for a field, 409 for the state), and what was typed kept.
async fn respond<T>(
    ctx: &Ctx,
    state: &AppState,
    key: (i64, i32, i32),
    result: AppResult<T>,
    kept: Kept,
) -> AppResult<HttpResponse> {
    let (pool_id, code, rate_no) = key;
    match result {
        Ok(_) => Ok(see_other(&rate_href(pool_id, code, rate_no))),
        Err(AppError::Invalid(errors)) => {
            render(
                ctx,
                state,
                key,
                Kept { errors, ..kept },
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(AppError::Conflict(m)) => {
            let errors = conflict_errors(m);
            render(
                ctx,
                state,
                key,
                Kept { errors, ..kept },
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

async fn commitment_id(state: &AppState, (pool_id, code): (i64, i32)) -> AppResult<i64> {
    state
        .read(move |c| {
            crate::db::queries::commitments::for_municipality(c, pool_id, code)?
                .map(|f| f.commitment.id)
                .ok_or(AppError::NotFound)
        })
        .await
}

/// How many documents' worth (`document_max_bytes` each) a payout request's form may
/// carry in all.
const REQUEST_DOCUMENTS: usize = 5;

async fn small_text(field: actix_multipart::Field, name: &str) -> AppResult<String> {
    let bytes = read_limited(field, 20_000)
        .await
        .map_err(ReadError::into_app)?;
    String::from_utf8(bytes).map_err(|_| AppError::field(name, Msg::new("field-required")))
}

/// The municipality's request: a note and any PDFs.
pub async fn request(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: RatePath,
    req: HttpRequest,
    payload: web::Payload,
) -> AppResult<HttpResponse> {
    let key = path.into_inner();
    let (pool_id, code, rate_no) = key;
    let (actor, now, limit) = (ctx.user()?.actor(), state.now(), state.document_max_bytes);
    // The whole form: at most `REQUEST_DOCUMENTS` documents' worth.
    let whole = limit
        .saturating_mul(REQUEST_DOCUMENTS)
        .saturating_add(crate::http::upload::FORM_SLACK);
    let (mut payload, overflow) = crate::http::upload::limited_multipart(&req, payload, whole)?;
    let mut note = String::new();
    let mut files = Vec::new();
    let mut failed = None;
    while let Some(field) = payload.next().await {
        let field = match field {
            Ok(f) => f,
            Err(_) => {
                failed = Some(AppError::field("file", Msg::new("upload-unreadable")));
                break;
            }
        };
        match field.name().unwrap_or_default() {
            "note" => match small_text(field, "note").await {
                Ok(text) => note = text,
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            },
            "file" => {
                let file_name = field
                    .content_disposition()
                    .and_then(|d| d.get_filename())
                    .unwrap_or_default()
                    .to_string();
                match read_limited(field, limit).await {
                    Ok(bytes) if bytes.is_empty() && file_name.is_empty() => {}
                    Ok(bytes) => files.push(Attachment { file_name, bytes }),
                    Err(e) => {
                        failed = Some(e.into_app());
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    if overflow.happened() {
        failed = Some(crate::http::upload::too_large(whole));
    }
    let kept = Kept {
        note: note.clone(),
        ..Kept::default()
    };
    let result = match failed {
        Some(e) => Err(e),
        None => {
            state
                .db(move |c| {
                    app::request(
                        c,
                        &actor,
                        now,
                        (pool_id, code, rate_no),
                        &note,
                        (&files, limit),
                    )
                })
                .await
        }
    };
    respond(&ctx, &state, key, result, kept).await
}

pub async fn prepare(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: RatePath,
) -> AppResult<HttpResponse> {
    let key = path.into_inner();
    let id = commitment_id(&state, (key.0, key.1)).await?;
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let result = state
        .db(move |c| app::prepare(c, &actor, now, (id, key.2)))
        .await;
    respond(&ctx, &state, key, result, Kept::default()).await
}

#[derive(Deserialize)]
pub struct PayoutForm {
    payout: i64,
    #[serde(default)]
    reason: String,
}

/// Payout `id` must be this rate's: a form of another rate's page is not found.
async fn payout_of(state: &AppState, key: (i64, i32, i32), id: i64) -> AppResult<()> {
    let cid = commitment_id(state, (key.0, key.1)).await?;
    let p = state
        .read(move |c| Ok(crate::db::queries::payouts::get(c, id)?))
        .await?
        .ok_or(AppError::NotFound)?;
    if p.commitment_id == cid && p.rate_no == key.2 {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

pub async fn approve(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: RatePath,
    form: web::Form<PayoutForm>,
) -> AppResult<HttpResponse> {
    let key = path.into_inner();
    let id = form.payout;
    payout_of(&state, key, id).await?;
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let result = state.db(move |c| app::approve(c, &actor, now, id)).await;
    respond(&ctx, &state, key, result, Kept::default()).await
}

pub async fn reject(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: RatePath,
    form: web::Form<PayoutForm>,
) -> AppResult<HttpResponse> {
    let key = path.into_inner();
    let form = form.into_inner();
    let id = form.payout;
    payout_of(&state, key, id).await?;
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let reason = form.reason.clone();
    let result = state
        .db(move |c| app::reject(c, &actor, now, id, &reason))
        .await;
    let kept = Kept {
        reason: form.reason,
        ..Kept::default()
    };
    respond(&ctx, &state, key, result, kept).await
}

#[derive(Deserialize)]
pub struct RefuseForm {
    request: i64,
    #[serde(default)]
    reason: String,
}

pub async fn refuse(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: RatePath,
    form: web::Form<RefuseForm>,
) -> AppResult<HttpResponse> {
    let key = path.into_inner();
    let form = form.into_inner();
    let cid = commitment_id(&state, (key.0, key.1)).await?;
    let id = form.request;
    let r = state
        .read(move |c| Ok(crate::db::queries::payouts::get_request(c, id)?))
        .await?
        .ok_or(AppError::NotFound)?;
    if r.commitment_id != cid || r.rate_no != key.2 {
        return Err(AppError::NotFound);
    }
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let reason = form.reason.clone();
    let result = state
        .db(move |c| app::refuse(c, &actor, now, id, &reason))
        .await;
    let kept = Kept {
        reason: form.reason,
        ..Kept::default()
    };
    respond(&ctx, &state, key, result, kept).await
}

#[derive(Deserialize)]
pub struct CancelForm {
    #[serde(rename = "for", default)]
    why: String,
    #[serde(default)]
    cancel_note: String,
}

pub async fn cancel(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: RatePath,
    form: web::Form<CancelForm>,
) -> AppResult<HttpResponse> {
    let key = path.into_inner();
    let form = form.into_inner();
    let cid = commitment_id(&state, (key.0, key.1)).await?;
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let result = match CancelFor::parse(&form.why) {
        None => Err(AppError::field("for", Msg::new("field-required"))),
        Some(why) => {
            state
                .db(move |c| {
                    app::cancel(c, &actor, now, (cid, key.2), why, &form.cancel_note).map_err(|e| {
                        match e {
                            AppError::Invalid(f) => AppError::Invalid(FieldErrors(
                                f.0.into_iter()
                                    .map(|(n, m)| {
                                        (if n == "note" { "cancel_note".into() } else { n }, m)
                                    })
                                    .collect(),
                            )),
                            e => e,
                        }
                    })
                })
                .await
        }
    };
    respond(&ctx, &state, key, result, Kept::default()).await
}

#[derive(Deserialize)]
pub struct OverrideForm {
    #[serde(default)]
    condition: String,
    #[serde(default)]
    override_reason: String,
}

pub async fn propose_override(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: RatePath,
    form: web::Form<OverrideForm>,
) -> AppResult<HttpResponse> {
    let key = path.into_inner();
    let form = form.into_inner();
    let cid = commitment_id(&state, (key.0, key.1)).await?;
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let result = state
        .db(move |c| {
            app::propose_override(
                c,
                &actor,
                now,
                (cid, key.2),
                &form.condition,
                &form.override_reason,
            )
            .map_err(|e| match e {
                AppError::Invalid(f) => AppError::Invalid(FieldErrors(
                    f.0.into_iter()
                        .map(|(n, m)| {
                            (
                                if n == "reason" {
                                    "override_reason".into()
                                } else {
                                    n
                                },
                                m,
                            )
                        })
                        .collect(),
                )),
                e => e,
            })
        })
        .await;
    respond(&ctx, &state, key, result, Kept::default()).await
}

#[derive(Deserialize)]
pub struct DecideForm {
    #[serde(rename = "override")]
    id: i64,
    #[serde(default)]
    decision: String,
}

pub async fn decide_override(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: RatePath,
    form: web::Form<DecideForm>,
) -> AppResult<HttpResponse> {
    let key = path.into_inner();
    let form = form.into_inner();
    let cid = commitment_id(&state, (key.0, key.1)).await?;
    let id = form.id;
    let o = state
        .read(move |c| Ok(crate::db::queries::payouts::get_override(c, id)?))
        .await?
        .ok_or(AppError::NotFound)?;
    if o.commitment_id != cid || o.rate_no != key.2 {
        return Err(AppError::NotFound);
    }
    let approve = form.decision == "approve";
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let result = state
        .db(move |c| app::decide_override(c, &actor, now, id, approve))
        .await;
    respond(&ctx, &state, key, result, Kept::default()).await
}

/// Stands in for the session's CSRF token in the queue as kept in the cache.
const CSRF_STAND_IN: &str = "csrf-stand-in-7f3a9c1e5b";

/// The officer's queue of a pool.
pub async fn queue(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    render_queue(
        &ctx,
        &state,
        path.into_inner(),
        FieldErrors::default(),
        StatusCode::OK,
    )
    .await
}

async fn render_queue(
    ctx: &Ctx,
    state: &AppState,
    pool_id: i64,
    errors: FieldErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let now = state.now();
    let q = state
        .cached(ctx, app::queue_key(pool_id, now), move |c| {
            app::queue(c, pool_id, now)
        })
        .await?;
    let lang = ctx.lang;
    let name = |id: i64| q.names.get(&id).cloned().unwrap_or_default();
    let line = |l: &app::QueueItem, when: String| page::QueueLine {
        municipality: l.municipality.clone(),
        code: l.code,
        rate_no: l.rate_no,
        amount_ore: l.amount_ore,
        when,
        href: rate_href(pool_id, l.code, l.rate_no),
    };
    // Rendered once per data version, day and language with a stand-in for the CSRF token,
    // the one thing in it per session, which each request puts in (a page with errors
    // is rendered per request).
    let cacheable = errors.is_empty();
    let p = || page::QueuePage {
        pool_id,
        pool_name: q.pool_name.clone(),
        csrf: if cacheable {
            CSRF_STAND_IN.to_string()
        } else {
            ctx.csrf()
        },
        requested: q.requested.iter().map(|l| line(l, local(l.at))).collect(),
        payable: q
            .payable
            .iter()
            .map(|l| {
                line(
                    l,
                    l.since.map(|t| instant_text(lang, t)).unwrap_or_default(),
                )
            })
            .collect(),
        prepared: q
            .prepared
            .iter()
            .map(|l| line(l, format!("{} · {}", name(l.by), local(l.at))))
            .collect(),
        approved: q
            .approved
            .iter()
            .map(|l| line(l, format!("{} · {}", name(l.by), local(l.at))))
            .collect(),
        batches: q
            .batches
            .iter()
            .map(|b| page::BatchLine {
                id: b.id,
                created: local(b.created_at),
                count: b.payout_count,
                total_ore: b.total_ore,
                paid_on: b.paid_on.map(|d| long_date(lang, d)).unwrap_or_default(),
                href: format!("/pools/{pool_id}/payouts/batches/{}", b.id),
            })
            .collect(),
        errors: errors_text(ctx, &errors),
    };
    let body = if cacheable {
        let key = format!("html/{}/{}", app::queue_key(pool_id, now), lang.tag());
        let html = state.fragment(ctx, key, || page::queue(lang, &p()).into_string());
        let token = maud::html! { (ctx.csrf()) }.into_string();
        maud::PreEscaped(html.replace(CSRF_STAND_IN, &token))
    } else {
        page::queue(lang, &p())
    };
    let title = t_args(
        lang,
        "payout-queue-heading",
        &[("pool", Arg::from(q.pool_name.clone()))],
    );
    let markup = ctx.page(&title, body);
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(markup.into_string()))
}

/// Puts every approved payout of the pool in a new batch.
pub async fn create_batch(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let pool_id = path.into_inner();
    let (actor, now) = (ctx.user()?.actor(), state.now());
    match state
        .db(move |c| batches::create(c, &actor, now, pool_id))
        .await
    {
        Ok(b) => Ok(see_other(&format!(
            "/pools/{pool_id}/payouts/batches/{}",
            b.id
        ))),
        Err(AppError::Conflict(m)) => {
            render_queue(
                &ctx,
                &state,
                pool_id,
                conflict_errors(m),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

type BatchPath = web::Path<(i64, i64)>;

async fn batch_in_pool(state: &AppState, (pool_id, id): (i64, i64)) -> AppResult<batches::Batch> {
    let b = state.read(move |c| batches::get(c, id)).await?;
    if b.batch.pool_id == pool_id {
        Ok(b)
    } else {
        Err(AppError::NotFound)
    }
}

async fn render_batch(
    ctx: &Ctx,
    state: &AppState,
    key: (i64, i64),
    errors: FieldErrors,
    paid_on_value: String,
) -> AppResult<HttpResponse> {
    let b = batch_in_pool(state, key).await?;
    let pool_id = key.0;
    let pool = state
        .read(move |c| crate::db::queries::pools::get(c, pool_id)?.ok_or(AppError::NotFound))
        .await?;
    let lang = ctx.lang;
    let invalid = !errors.is_empty();
    let p = page::BatchPage {
        pool_id,
        pool_name: pool.name.clone(),
        id: b.batch.id,
        csrf: ctx.csrf(),
        created: local(b.batch.created_at),
        finance_account: pool.finance_account.clone(),
        total_ore: b.batch.total_ore,
        paid_on: b
            .batch
            .paid_on
            .map(|d| long_date(lang, d))
            .unwrap_or_default(),
        rows: b
            .lines
            .iter()
            .map(|l| page::BatchRow {
                municipality: l.municipality.clone(),
                code: l.municipality_code,
                rate_no: l.rate_no,
                amount_ore: l.amount_ore,
                letter_no: l.letter_no.clone(),
                reference: l.payment_reference.clone(),
            })
            .collect(),
        errors: errors_text(ctx, &errors),
        paid_on_value,
    };
    let title = t_args(
        lang,
        "payout-batch-heading",
        &[("id", Arg::from(b.batch.id.to_string()))],
    );
    let markup = ctx.page(&title, page::batch(lang, &p));
    Ok(if invalid {
        super::html_invalid(markup)
    } else {
        html(markup)
    })
}

pub async fn batch(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: BatchPath,
) -> AppResult<HttpResponse> {
    render_batch(
        &ctx,
        &state,
        path.into_inner(),
        FieldErrors::default(),
        String::new(),
    )
    .await
}

async fn batch_file(state: &AppState, key: (i64, i64), csv: bool) -> AppResult<HttpResponse> {
    batch_in_pool(state, key).await?;
    let id = key.1;
    let (csv_bytes, xlsx) = state.read(move |c| batches::stored_files(c, id)).await?;
    Ok(if csv {
        attachment(
            "text/csv; charset=utf-8",
            &format!("udbetalinger-{id}.csv"),
            csv_bytes,
        )
    } else {
        attachment(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &format!("udbetalinger-{id}.xlsx"),
            xlsx,
        )
    })
}

pub async fn batch_csv(state: web::Data<AppState>, path: BatchPath) -> AppResult<HttpResponse> {
    batch_file(&state, path.into_inner(), true).await
}

pub async fn batch_xlsx(state: web::Data<AppState>, path: BatchPath) -> AppResult<HttpResponse> {
    batch_file(&state, path.into_inner(), false).await
}

#[derive(Deserialize)]
pub struct PaidForm {
    #[serde(default)]
    paid_on: String,
}

pub async fn batch_paid(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: BatchPath,
    form: web::Form<PaidForm>,
) -> AppResult<HttpResponse> {
    let key = path.into_inner();
    batch_in_pool(&state, key).await?;
    let typed = form.into_inner().paid_on;
    let paid_on = match crate::domain::time::parse_iso_date(&typed) {
        Ok(d) => d,
        Err(e) => {
            let mut errors = FieldErrors::default();
            errors.add("paid_on", Msg::new(e.key()));
            return render_batch(&ctx, &state, key, errors, typed).await;
        }
    };
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let result = state
        .db(move |c| {
            batches::mark_paid(
                c,
                &actor,
                now,
                (key.1, paid_on),
                crate::app::applications::Mail::Queue,
            )
        })
        .await;
    match result {
        Ok(_) => Ok(see_other(&format!(
            "/pools/{}/payouts/batches/{}",
            key.0, key.1
        ))),
        Err(AppError::Invalid(errors)) => render_batch(&ctx, &state, key, errors, typed).await,
        Err(AppError::Conflict(m)) => {
            render_batch(&ctx, &state, key, conflict_errors(m), typed).await
        }
        Err(e) => Err(e),
    }
}
