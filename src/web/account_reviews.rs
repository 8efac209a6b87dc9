//! Accounts, the officer's review pages: the review, the approval's confirmation, sending
//! back, the deadline, and the repayment claim (its letter for the municipality). The
//! list is `web::account_list`; the operations are `app::account_reviews`.

use actix_web::{web, HttpResponse};
use serde::Deserialize;
use tilskud_templates::i18n::{t_args, Arg};
use tilskud_templates::pages::account_review::{self as page, ClaimView, SettlementView};
use tilskud_templates::pages::claim_letter;

use super::login::see_other;
use super::{errors_text, html, html_invalid, local, long_date, AppState};
use crate::app::account_reviews::{
    self as app, AccountKey, DeadlineDraft, IneligibleDraft, ReviewDetail, ReviewDraft,
};
use crate::app::applications::{amount_text, Reason};
use crate::app::documents::seconds_text;
use crate::domain::accounts::{AccountKind, RateOutcome};
use crate::domain::status::AccountStatus;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::http::ctx::Ctx;

type Path = web::Path<(i64, i32, String)>;

fn key_of(path: Path) -> AppResult<AccountKey> {
    AccountKey::from_path(path.into_inner())
}

fn base(k: AccountKey) -> String {
    format!(
        "/pools/{}/accounts/{}/{}",
        k.pool_id,
        k.code,
        k.kind.as_str()
    )
}

fn settlement_view(ctx: &Ctx, d: &ReviewDetail) -> Option<SettlementView> {
    if let Some(s) = &d.settlement {
        return Some(SettlementView {
            commitment_ore: s.commitment_ore,
            paid_ore: s.paid_ore,
            actual_ore: s.actual_ore,
            ineligible_ore: s.ineligible_ore,
            eligible_ore: s.eligible_ore,
            claim_ore: s.claim_ore,
            rates: d.rates.iter().map(|r| rate_text(ctx, r)).collect(),
        });
    }
    let (input, s) = (d.preview_input.as_ref()?, d.preview.as_ref()?);
    Some(SettlementView {
        commitment_ore: input.commitment.as_i64(),
        paid_ore: input.paid.as_i64(),
        actual_ore: input.actual.as_i64(),
        ineligible_ore: input.ineligible.as_i64(),
        eligible_ore: s.eligible.as_i64(),
        claim_ore: s.claim.as_i64(),
        rates: s
            .rates
            .iter()
            .map(|(no, outcome)| match outcome {
                RateOutcome::Keep => {
                    ctx.msg(&crate::error::Msg::new("settlement-rate-keep").arg("rate", no))
                }
                RateOutcome::Cut(to) => ctx.msg(
                    &crate::error::Msg::new("settlement-rate-cut")
                        .arg("rate", no)
                        .money("amount", to.as_i64()),
                ),
                RateOutcome::Cancel => {
                    ctx.msg(&crate::error::Msg::new("settlement-rate-cancel").arg("rate", no))
                }
            })
            .collect(),
    })
}

/// What became of a rate, in words.
fn rate_text(ctx: &Ctx, r: &crate::db::queries::account_reviews::RateState) -> String {
    use crate::domain::status::RateStatus;
    use crate::error::Msg;
    let m = match (r.status, r.settled_ore, r.cancel_reason.as_deref()) {
        (RateStatus::Paid, _, _) => Msg::new("settlement-rate-paid").money("amount", r.amount_ore),
        (RateStatus::Pending, Some(to), _) => Msg::new("settlement-rate-cut").money("amount", to),
        (RateStatus::Pending, None, _) => Msg::new("settlement-rate-keep"),
        (_, _, Some("withdrawal")) => Msg::new("settlement-rate-withdrawn"),
        _ => Msg::new("settlement-rate-cancel"),
    };
    ctx.msg(&m.arg("rate", r.rate_no))
}

/// What the page keeps of a failed form.
#[derive(Default)]
struct Kept {
    review: Option<ReviewDraft>,
    reason: String,
    /// The deadline form's typed date, when that form failed.
    deadline: Option<String>,
    errors: FieldErrors,
}

fn review_page(ctx: &Ctx, d: &ReviewDetail, kept: Kept) -> page::ReviewPage {
    let k = d.key;
    let in_review = d.account.status == AccountStatus::InReview;
    let draft = kept.review.clone();
    let typed = |item: &str, year: i32| {
        draft
            .as_ref()
            .and_then(|r| r.lines.iter().find(|l| l.item == item && l.year == year))
            .map(|l| (l.amount.clone(), l.reason.clone()))
    };
    let lines = d
        .lines
        .iter()
        .map(|l| {
            let (ineligible, reason) = typed(l.item.key(), l.year).unwrap_or_else(|| {
                if l.ineligible_ore > 0 {
                    (amount_text(l.ineligible_ore), l.ineligible_reason.clone())
                } else {
                    (String::new(), String::new())
                }
            });
            page::FigureRow {
                item: l.item.key().to_string(),
                year: l.year,
                budget_ore: l.budget_ore,
                actual_ore: l.actual_ore,
                deviates: l.deviates,
                comment: l.comment.clone(),
                ineligible,
                reason,
            }
        })
        .collect();
    let v = d.version.as_ref();
    let review = d.review.as_ref();
    let errors = {
        let mut e = kept.errors.clone();
        // The deadline form's reason has its own field beside the sending back's.
        if kept.deadline.is_some() {
            e.0 =
                e.0.into_iter()
                    .map(|(f, m)| {
                        if f == "reason" {
                            ("deadline_reason".to_string(), m)
                        } else {
                            (f, m)
                        }
                    })
                    .collect();
        }
        e
    };
    let bp = d.tolerance_bp;
    page::ReviewPage {
        base: base(k),
        csrf: ctx.csrf(),
        heading: format!(
            "{} – {} ({})",
            ctx.t(&format!("review-kind-{}", k.kind.as_str())),
            d.municipality,
            d.pool.name
        ),
        kind: k.kind.as_str().to_string(),
        status: d.account.status.as_str().to_string(),
        deadline: long_date(ctx.lang, d.account.deadline),
        deadline_moves: d
            .deadline_moves
            .iter()
            .map(|m| {
                (
                    local(m.at),
                    long_date(ctx.lang, m.deadline),
                    m.reason.clone(),
                )
            })
            .collect(),
        certification_rule: ctx.msg(&d.certification),
        certification: d.account.certification.as_str().to_string(),
        version_no: v.map(|v| v.version_no),
        receipt_no: v.and_then(|v| v.receipt_no.clone()).unwrap_or_default(),
        // To the second, as the receipt: the deadline is judged to the second.
        submitted_at: v
            .and_then(|v| v.submitted_at)
            .map(seconds_text)
            .unwrap_or_default(),
        signer_name: v.map(|v| v.signer_name.clone()).unwrap_or_default(),
        signer_title: v.map(|v| v.signer_title.clone()).unwrap_or_default(),
        audit_firm: v.map(|v| v.audit_firm.clone()).unwrap_or_default(),
        signed_on: v
            .and_then(|v| v.signed_on)
            .map(|d| long_date(ctx.lang, d))
            .unwrap_or_default(),
        documents: d
            .documents
            .iter()
            .map(|doc| page::DocumentRow {
                purpose: doc.purpose.clone(),
                filename: doc.filename.clone(),
                href: format!("{}/documents/{}", base(k), doc.sha256),
            })
            .collect(),
        lines,
        tolerance: if bp % 100 == 0 {
            format!("{} %", bp / 100)
        } else {
            format!("{},{:02} %", bp / 100, bp % 100)
        },
        paid_ore: d.paid_ore,
        figures_checked: draft
            .as_ref()
            .map(|r| r.figures_checked)
            .unwrap_or(review.is_some_and(|r| r.figures_checked)),
        content_checked: draft
            .as_ref()
            .map(|r| r.content_checked)
            .unwrap_or(review.is_some_and(|r| r.content_checked)),
        sent_back_reason: review
            .filter(|r| r.decision.as_deref() == Some("sent_back"))
            .map(|r| r.reason.clone())
            .unwrap_or_default(),
        can_start: d.account.status == AccountStatus::Submitted,
        can_review: in_review,
        can_move_deadline: !matches!(
            d.account.status,
            AccountStatus::Approved | AccountStatus::Cancelled
        ),
        settlement: settlement_view(ctx, d),
        claim: d.claim.as_ref().map(|c| ClaimView {
            claim_no: c.claim_no.clone(),
            amount_ore: c.amount_ore,
            due_date: long_date(ctx.lang, c.due_date),
            status: c.status.as_str().to_string(),
            received_on: c
                .received_on
                .map(|d| long_date(ctx.lang, d))
                .unwrap_or_default(),
            write_off_reason: c.write_off_reason.clone(),
            letter_href: format!("{}/claim", base(k)),
        }),
        errors: errors_text(ctx, &errors),
        deadline_value: kept
            .deadline
            .clone()
            .unwrap_or_else(|| d.account.deadline.to_string()),
        reason_value: kept.reason.clone(),
    }
}

async fn render(ctx: &Ctx, state: &AppState, k: AccountKey, kept: Kept) -> AppResult<HttpResponse> {
    let invalid = !kept.errors.is_empty();
    let d = state
        .cached(ctx, app::review_key(k), move |c| app::review(c, k))
        .await?;
    let p = review_page(ctx, &d, kept);
    let body = page::review(ctx.lang, &p);
    let markup = ctx.page(&p.heading, body);
    Ok(if invalid {
        html_invalid(markup)
    } else {
        html(markup)
    })
}

pub async fn show(ctx: Ctx, state: web::Data<AppState>, path: Path) -> AppResult<HttpResponse> {
    let k = key_of(path)?;
    render(&ctx, &state, k, Kept::default()).await
}

/// A change done: back to the review page; field errors: the page again with the input.
async fn respond(
    ctx: &Ctx,
    state: &AppState,
    k: AccountKey,
    result: AppResult<()>,
    kept: impl FnOnce(FieldErrors) -> Kept,
) -> AppResult<HttpResponse> {
    match result {
        Ok(()) => Ok(see_other(&format!("{}/review", base(k)))),
        Err(AppError::Invalid(errors)) => render(ctx, state, k, kept(errors)).await,
        Err(e) => Err(e),
    }
}

pub async fn start(ctx: Ctx, state: web::Data<AppState>, path: Path) -> AppResult<HttpResponse> {
    let k = key_of(path)?;
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let result = state
        .db(move |c| app::start(c, &actor, now, k).map(|_| ()))
        .await;
    respond(&ctx, &state, k, result, |errors| Kept {
        errors,
        ..Kept::default()
    })
    .await
}

/// The review form's body: the ticks and every line's ineligible amount and reason.
fn parse_review(body: &[u8]) -> ReviewDraft {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).unwrap_or_default();
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let mut lines = Vec::new();
    for (name, value) in &pairs {
        let Some(rest) = name.strip_prefix("ineligible_") else {
            continue;
        };
        if rest.starts_with("reason_") {
            continue;
        }
        let Some((item, year)) = rest.rsplit_once('_') else {
            continue;
        };
        let Ok(year) = year.parse::<i32>() else {
            continue;
        };
        lines.push(IneligibleDraft {
            item: item.to_string(),
            year,
            amount: value.clone(),
            reason: get(&format!("ineligible_reason_{item}_{year}")).unwrap_or_default(),
        });
    }
    ReviewDraft {
        figures_checked: get("figures_checked").is_some(),
        content_checked: get("content_checked").is_some(),
        lines,
    }
}

pub async fn save(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: Path,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let k = key_of(path)?;
    let draft = parse_review(&body);
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let typed = draft.clone();
    let result = state
        .db(move |c| app::save(c, &actor, now, k, &typed).map(|_| ()))
        .await;
    respond(&ctx, &state, k, result, |errors| Kept {
        review: Some(draft),
        errors,
        ..Kept::default()
    })
    .await
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    #[serde(default)]
    confirm: String,
}

pub async fn approve(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: Path,
    form: web::Form<ConfirmForm>,
) -> AppResult<HttpResponse> {
    let k = key_of(path)?;
    if form.confirm != "1" {
        let d = state.read(move |c| app::review(c, k)).await?;
        if d.account.status != AccountStatus::InReview {
            return Err(AppError::Conflict(
                crate::error::Msg::new("review-not-possible").arg("status", d.account.status),
            ));
        }
        // Said before the confirmation, not after it: approval needs both parts ticked.
        if !d
            .review
            .as_ref()
            .is_some_and(|r| r.figures_checked && r.content_checked)
        {
            return Err(AppError::Conflict(crate::error::Msg::new(
                "review-checks-required",
            )));
        }
        let heading = t_args(
            ctx.lang,
            &format!("review-approve-heading-{}", k.kind.as_str()),
            &[
                ("pool", Arg::from(d.pool.name.clone())),
                ("municipality", Arg::from(d.municipality.clone())),
            ],
        );
        let s = settlement_view(&ctx, &d);
        let body = page::confirm(
            ctx.lang,
            &base(k),
            &ctx.csrf(),
            &heading,
            k.kind.as_str(),
            s.as_ref(),
            d.account.before_rate,
        );
        return Ok(html(ctx.page(&heading, body)));
    }
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let result = state
        .db(move |c| app::approve(c, &actor, now, k).map(|_| ()))
        .await;
    respond(&ctx, &state, k, result, |errors| Kept {
        errors,
        ..Kept::default()
    })
    .await
}

#[derive(Deserialize)]
pub struct ReasonForm {
    #[serde(default)]
    reason: String,
}

pub async fn send_back(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: Path,
    form: web::Form<ReasonForm>,
) -> AppResult<HttpResponse> {
    let k = key_of(path)?;
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let result = match Reason::parse(&form.reason) {
        Ok(reason) => {
            state
                .db(move |c| app::send_back(c, &actor, now, k, &reason))
                .await
        }
        Err(e) => Err(e),
    };
    let reason = form.reason.clone();
    respond(&ctx, &state, k, result, |errors| Kept {
        reason,
        errors,
        ..Kept::default()
    })
    .await
}

#[derive(Deserialize)]
pub struct DeadlineForm {
    #[serde(default)]
    deadline: String,
    #[serde(default)]
    deadline_reason: String,
}

pub async fn deadline(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: Path,
    form: web::Form<DeadlineForm>,
) -> AppResult<HttpResponse> {
    let k = key_of(path)?;
    let draft = DeadlineDraft {
        deadline: form.deadline.clone(),
        reason: form.deadline_reason.clone(),
    };
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let result = match draft.parse() {
        Ok(input) => {
            state
                .db(move |c| app::move_deadline(c, &actor, now, k, &input))
                .await
        }
        Err(e) => Err(AppError::Invalid(e)),
    };
    let typed = Some(form.deadline.clone());
    respond(&ctx, &state, k, result, |errors| Kept {
        deadline: typed,
        errors,
        ..Kept::default()
    })
    .await
}

fn final_only(k: AccountKey) -> AppResult<(i64, i32)> {
    if k.kind != AccountKind::Final {
        return Err(AppError::NotFound);
    }
    Ok((k.pool_id, k.code))
}

/// The repayment claim letter in the normal frame, with the way back to the account; in
/// print only the letter shows (`app.css`).
pub async fn claim(ctx: Ctx, state: web::Data<AppState>, path: Path) -> AppResult<HttpResponse> {
    let (pool_id, code) = final_only(key_of(path)?)?;
    let l = state
        .read(move |c| app::claim_letter(c, pool_id, code))
        .await?;
    let back = format!("/pools/{pool_id}/accounts/{code}/final");
    let (title, letter) = match l {
        Some(l) => {
            let v = app::claim_letter_view(&l);
            let body =
                maud::html! { article .letter-sheet lang="da" { (claim_letter::letter_body(&v)) } };
            (claim_letter::title(&v), body)
        }
        None => (
            ctx.t("claim-none-title"),
            maud::html! { h1 { (ctx.t("claim-none-title")) } p #no-claim { (ctx.t("claim-none")) } },
        ),
    };
    let body = maud::html! {
        p .letter-back { a .back-link href=(back) { (ctx.t("claim-back")) } }
        (letter)
    };
    Ok(html(ctx.page(&title, body)))
}

#[derive(Deserialize)]
pub struct ReceivedForm {
    #[serde(default)]
    received_on: String,
}

pub async fn claim_received(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: Path,
    form: web::Form<ReceivedForm>,
) -> AppResult<HttpResponse> {
    let k = key_of(path)?;
    let at = final_only(k)?;
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let on = form.received_on.clone();
    let result = state
        .db(move |c| app::claim_received(c, &actor, now, at, &on))
        .await;
    respond(&ctx, &state, k, result, |errors| Kept {
        errors,
        ..Kept::default()
    })
    .await
}

#[derive(Deserialize)]
pub struct WriteOffForm {
    #[serde(default)]
    write_off_reason: String,
}

pub async fn claim_write_off(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: Path,
    form: web::Form<WriteOffForm>,
) -> AppResult<HttpResponse> {
    let k = key_of(path)?;
    let at = final_only(k)?;
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let result = match Reason::parse(&form.write_off_reason) {
        Ok(reason) => {
            state
                .db(move |c| app::claim_write_off(c, &actor, now, at, &reason))
                .await
        }
        Err(AppError::Invalid(mut e)) => {
            e.0 =
                e.0.into_iter()
                    .map(|(_, m)| ("write_off_reason".to_string(), m))
                    .collect();
            Err(AppError::Invalid(e))
        }
        Err(e) => Err(e),
    };
    respond(&ctx, &state, k, result, |errors| Kept {
        errors,
        ..Kept::default()
    })
    .await
}
