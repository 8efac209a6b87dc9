//! Accounts, the officer's side, over the API: the list of every account, the review,
//! approval (settling a final account) or sending back, the deadline, the settlement and
//! the repayment claim. The same operations and rules as the pages
//! (`app::account_reviews`).

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{NaiveDate, NaiveDateTime, SecondsFormat};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::account_reviews::{
    self as app, AccountKey, DeadlineDraft, IneligibleDraft, ListFilter, ReviewDetail, ReviewDraft,
};
use crate::app::applications::Reason;
use crate::db::queries::account_reviews::{ClaimRow, SettlementRow};
use crate::domain::accounts::{AccountKind, RateOutcome};
use crate::error::{AppError, AppResult};
use crate::http::ctx::Ctx;
use crate::http::AppState;

type Path = web::Path<(i64, i32, String)>;

fn key_of(path: Path) -> AppResult<AccountKey> {
    AccountKey::from_path(path.into_inner())
}

fn utc(t: NaiveDateTime) -> String {
    t.and_utc().to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A repayment claim.
#[derive(Serialize, ToSchema)]
pub struct ClaimOut {
    /// TB{pool}-{code}
    pub claim_no: String,
    pub amount_ore: i64,
    pub due_date: NaiveDate,
    /// open, received or written_off
    pub status: String,
    pub received_on: Option<NaiveDate>,
    pub write_off_reason: String,
}

impl From<&ClaimRow> for ClaimOut {
    fn from(c: &ClaimRow) -> ClaimOut {
        ClaimOut {
            claim_no: c.claim_no.clone(),
            amount_ore: c.amount_ore,
            due_date: c.due_date,
            status: c.status.as_str().into(),
            received_on: c.received_on,
            write_off_reason: c.write_off_reason.clone(),
        }
    }
}

/// One account in the officers' list.
#[derive(Serialize, ToSchema)]
pub struct AccountListItemOut {
    pub pool_id: i64,
    pub pool: String,
    pub municipality_code: i32,
    pub municipality: String,
    /// interim or final
    pub kind: String,
    pub deadline: NaiveDate,
    /// draft, submitted, in_review, sent_back, approved, cancelled
    pub status: String,
    /// due, overdue, submitted, in_review, sent_back, approved, cancelled (by the
    /// Copenhagen date)
    pub standing: String,
    pub days_overdue: i64,
    /// management or auditor
    pub certification: String,
    pub claim: Option<ClaimOut>,
}

#[derive(Serialize, ToSchema)]
pub struct AccountListOut {
    pub accounts: Vec<AccountListItemOut>,
}

/// The list's filters (all optional).
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// due, overdue, submitted, in_review, sent_back, approved, cancelled
    #[param(pattern = "^(due|overdue|submitted|in_review|sent_back|approved|cancelled)?$")]
    pub status: Option<String>,
    /// interim or final
    #[param(pattern = "^(interim|final)?$")]
    pub kind: Option<String>,
    /// A municipality's code or part of its name.
    pub municipality: Option<String>,
    /// "1": overdue only.
    pub overdue: Option<String>,
}

/// Every account across municipalities and pools, filtered.
#[utoipa::path(get, operation_id = "list_accounts", path = "/api/v1/accounts", tag = "accounts", params(ListQuery),
    responses((status = 200, body = AccountListOut)), security(("session" = [])))]
pub async fn list(state: web::Data<AppState>, req: HttpRequest) -> AppResult<HttpResponse> {
    let filter = web::Query::<ListFilter>::from_query(req.query_string())
        .map(|q| q.into_inner())
        .unwrap_or_default();
    let now = state.now();
    let rows = state.read(move |c| app::list(c, &filter, now)).await?;
    Ok(super::ok(AccountListOut {
        accounts: rows
            .iter()
            .map(|r| AccountListItemOut {
                pool_id: r.pool_id,
                pool: r.pool.clone(),
                municipality_code: r.code,
                municipality: r.municipality.clone(),
                kind: r.kind.as_str().into(),
                deadline: r.deadline,
                status: r.status.as_str().into(),
                standing: r.standing.as_str().into(),
                days_overdue: r.days_overdue,
                certification: r.certification.as_str().into(),
                claim: r.claim.as_ref().map(ClaimOut::from),
            })
            .collect(),
    }))
}

/// A line of budget against actual, with the ineligible amount found.
#[derive(Serialize, ToSchema)]
pub struct FigureLineOut {
    pub item: String,
    pub year: i32,
    pub budget_ore: i64,
    pub actual_ore: i64,
    /// Off the budget by more than the pool's tolerance.
    pub deviates: bool,
    pub comment: String,
    pub ineligible_ore: i64,
    pub ineligible_reason: String,
}

/// A document of the reviewed version.
#[derive(Serialize, ToSchema)]
pub struct ReviewDocumentOut {
    pub purpose: String,
    pub filename: String,
    pub sha256: String,
}

/// The settlement's figures.
#[derive(Serialize, ToSchema)]
pub struct SettlementFiguresOut {
    pub commitment_ore: i64,
    pub paid_ore: i64,
    pub actual_ore: i64,
    pub ineligible_ore: i64,
    pub eligible_ore: i64,
    pub claim_ore: i64,
    pub settled_at: Option<String>,
    /// What becomes of each pending rate: (rate, keep | cut | cancel, amount paid).
    pub rates: Vec<RateOutcomeOut>,
}

#[derive(Serialize, ToSchema)]
pub struct RateOutcomeOut {
    pub rate_no: i32,
    /// keep, cut or cancel
    pub outcome: String,
    pub cut_to_ore: Option<i64>,
}

impl From<&SettlementRow> for SettlementFiguresOut {
    fn from(s: &SettlementRow) -> SettlementFiguresOut {
        SettlementFiguresOut {
            commitment_ore: s.commitment_ore,
            paid_ore: s.paid_ore,
            actual_ore: s.actual_ore,
            ineligible_ore: s.ineligible_ore,
            eligible_ore: s.eligible_ore,
            claim_ore: s.claim_ore,
            settled_at: Some(utc(s.settled_at)),
            rates: Vec::new(),
        }
    }
}

/// The account as the officer reviews it.
#[derive(Serialize, ToSchema)]
pub struct ReviewOut {
    pub pool_id: i64,
    pub municipality_code: i32,
    pub kind: String,
    pub status: String,
    pub deadline: NaiveDate,
    pub certification: String,
    /// The reviewed (newest submitted) version.
    pub version_no: Option<i32>,
    pub receipt_no: Option<String>,
    pub signer_name: String,
    pub signer_title: String,
    pub audit_firm: String,
    pub signed_on: Option<NaiveDate>,
    pub documents: Vec<ReviewDocumentOut>,
    pub lines: Vec<FigureLineOut>,
    pub tolerance_bp: u32,
    pub paid_ore: i64,
    pub figures_checked: bool,
    pub content_checked: bool,
    /// approved or sent_back, once decided.
    pub decision: Option<String>,
    pub reason: String,
    /// For a final account under review: what approving would settle. After approval:
    /// the settlement made.
    pub settlement: Option<SettlementFiguresOut>,
    pub claim: Option<ClaimOut>,
}

fn review_out(d: &ReviewDetail) -> ReviewOut {
    let v = d.version.as_ref();
    let r = d.review.as_ref();
    let settlement = match (&d.settlement, &d.preview, &d.preview_input) {
        (Some(s), _, _) => Some(SettlementFiguresOut::from(s)),
        (None, Some(s), Some(i)) => Some(SettlementFiguresOut {
            commitment_ore: i.commitment.as_i64(),
            paid_ore: i.paid.as_i64(),
            actual_ore: i.actual.as_i64(),
            ineligible_ore: i.ineligible.as_i64(),
            eligible_ore: s.eligible.as_i64(),
            claim_ore: s.claim.as_i64(),
            settled_at: None,
            rates: s
                .rates
                .iter()
                .map(|(no, o)| RateOutcomeOut {
                    rate_no: *no,
                    outcome: match o {
                        RateOutcome::Keep => "keep",
                        RateOutcome::Cut(_) => "cut",
                        RateOutcome::Cancel => "cancel",
                    }
                    .into(),
                    cut_to_ore: match o {
                        RateOutcome::Cut(to) => Some(to.as_i64()),
                        _ => None,
                    },
                })
                .collect(),
        }),
        _ => None,
    };
    ReviewOut {
        pool_id: d.key.pool_id,
        municipality_code: d.key.code,
        kind: d.key.kind.as_str().into(),
        status: d.account.status.as_str().into(),
        deadline: d.account.deadline,
        certification: d.account.certification.as_str().into(),
        version_no: v.map(|v| v.version_no),
        receipt_no: v.and_then(|v| v.receipt_no.clone()),
        signer_name: v.map(|v| v.signer_name.clone()).unwrap_or_default(),
        signer_title: v.map(|v| v.signer_title.clone()).unwrap_or_default(),
        audit_firm: v.map(|v| v.audit_firm.clone()).unwrap_or_default(),
        signed_on: v.and_then(|v| v.signed_on),
        documents: d
            .documents
            .iter()
            .map(|x| ReviewDocumentOut {
                purpose: x.purpose.clone(),
                filename: x.filename.clone(),
                sha256: x.sha256.clone(),
            })
            .collect(),
        lines: d
            .lines
            .iter()
            .map(|l| FigureLineOut {
                item: l.item.key().into(),
                year: l.year,
                budget_ore: l.budget_ore,
                actual_ore: l.actual_ore,
                deviates: l.deviates,
                comment: l.comment.clone(),
                ineligible_ore: l.ineligible_ore,
                ineligible_reason: l.ineligible_reason.clone(),
            })
            .collect(),
        tolerance_bp: d.tolerance_bp,
        paid_ore: d.paid_ore,
        figures_checked: r.is_some_and(|r| r.figures_checked),
        content_checked: r.is_some_and(|r| r.content_checked),
        decision: r.and_then(|r| r.decision.clone()),
        reason: r.map(|r| r.reason.clone()).unwrap_or_default(),
        settlement,
        claim: d.claim.as_ref().map(ClaimOut::from),
    }
}

async fn read_review(state: &AppState, k: AccountKey) -> AppResult<ReviewOut> {
    let d = state.read(move |c| app::review(c, k)).await?;
    Ok(review_out(&d))
}

/// The account as the officer reviews it: figures, content, review, settlement, claim.
#[utoipa::path(get, operation_id = "get_account_review", path = "/api/v1/pools/{pool}/accounts/{code}/{kind}/review", tag = "accounts",
    params(("pool" = i64, Path, minimum = 1), ("code" = i32, Path, minimum = 101, maximum = 860), ("kind" = String, Path, pattern = "^(interim|final)$", description = "interim or final")),
    responses((status = 200, body = ReviewOut), (status = 404, body = crate::http::errors::ApiError)), security(("session" = [])))]
pub async fn get(state: web::Data<AppState>, path: Path) -> AppResult<HttpResponse> {
    let k = key_of(path)?;
    Ok(super::ok(read_review(&state, k).await?))
}

/// Start the review of the newest submitted version.
#[utoipa::path(post, operation_id = "start_account_review", path = "/api/v1/pools/{pool}/accounts/{code}/{kind}/review/start", tag = "accounts",
    params(("pool" = i64, Path, minimum = 1), ("code" = i32, Path, minimum = 101, maximum = 860), ("kind" = String, Path, pattern = "^(interim|final)$")),
    responses((status = 200, body = ReviewOut), (status = 409, body = crate::http::errors::ApiError)),
    security(("session" = []), ("csrf" = [])))]
pub async fn start(ctx: Ctx, state: web::Data<AppState>, path: Path) -> AppResult<HttpResponse> {
    let k = key_of(path)?;
    let (actor, now) = (ctx.user()?.actor(), state.now());
    state.db(move |c| app::start(c, &actor, now, k)).await?;
    Ok(super::ok(read_review(&state, k).await?))
}

/// An ineligible amount on a line.
#[derive(Deserialize, ToSchema)]
pub struct IneligibleIn {
    pub item: String,
    pub year: i32,
    /// Danish notation, "1.234,50"; at most the line's actual spend.
    pub amount: String,
    /// Required with an amount.
    #[serde(default)]
    pub reason: String,
}

/// The review: both ticks and the ineligible amounts (replacing those saved before).
#[derive(Deserialize, ToSchema)]
pub struct ReviewIn {
    #[serde(default)]
    pub figures_checked: bool,
    #[serde(default)]
    pub content_checked: bool,
    #[serde(default)]
    pub ineligible: Vec<IneligibleIn>,
}

/// Save the review.
#[utoipa::path(post, operation_id = "save_account_review", path = "/api/v1/pools/{pool}/accounts/{code}/{kind}/review/save", tag = "accounts",
    params(("pool" = i64, Path, minimum = 1), ("code" = i32, Path, minimum = 101, maximum = 860), ("kind" = String, Path, pattern = "^(interim|final)$")), request_body = ReviewIn,
    responses((status = 200, body = ReviewOut), (status = 409, body = crate::http::errors::ApiError), (status = 422, body = crate::http::errors::ApiError)),
    security(("session" = []), ("csrf" = [])))]
pub async fn save(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: Path,
    body: web::Json<ReviewIn>,
) -> AppResult<HttpResponse> {
    let k = key_of(path)?;
    let body = body.into_inner();
    let draft = ReviewDraft {
        figures_checked: body.figures_checked,
        content_checked: body.content_checked,
        lines: body
            .ineligible
            .into_iter()
            .map(|l| IneligibleDraft {
                item: l.item,
                year: l.year,
                amount: l.amount,
                reason: l.reason,
            })
            .collect(),
    };
    let (actor, now) = (ctx.user()?.actor(), state.now());
    state
        .db(move |c| app::save(c, &actor, now, k, &draft))
        .await?;
    Ok(super::ok(read_review(&state, k).await?))
}

/// Approve the account under review (both parts ticked). A final account is settled:
/// pending rates kept, cut or cancelled, and a repayment claim above zero with its
/// letter. Mailed to the contact person.
#[utoipa::path(post, operation_id = "approve_account", path = "/api/v1/pools/{pool}/accounts/{code}/{kind}/review/approve", tag = "accounts",
    params(("pool" = i64, Path, minimum = 1), ("code" = i32, Path, minimum = 101, maximum = 860), ("kind" = String, Path, pattern = "^(interim|final)$")),
    responses((status = 200, body = ReviewOut), (status = 409, body = crate::http::errors::ApiError)),
    security(("session" = []), ("csrf" = [])))]
pub async fn approve(ctx: Ctx, state: web::Data<AppState>, path: Path) -> AppResult<HttpResponse> {
    let k = key_of(path)?;
    let (actor, now) = (ctx.user()?.actor(), state.now());
    state.db(move |c| app::approve(c, &actor, now, k)).await?;
    Ok(super::ok(read_review(&state, k).await?))
}

/// A reason, required.
#[derive(Deserialize, ToSchema)]
pub struct ReasonIn {
    #[serde(default)]
    #[schema(
        required = true,
        min_length = 1,
        max_length = 2000,
        pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
    )]
    pub reason: String,
}

/// Send the account under review back to the municipality, with the reason (mailed).
#[utoipa::path(post, operation_id = "send_back_account", path = "/api/v1/pools/{pool}/accounts/{code}/{kind}/review/send-back", tag = "accounts",
    params(("pool" = i64, Path, minimum = 1), ("code" = i32, Path, minimum = 101, maximum = 860), ("kind" = String, Path, pattern = "^(interim|final)$")), request_body = ReasonIn,
    responses((status = 200, body = ReviewOut), (status = 409, body = crate::http::errors::ApiError), (status = 422, body = crate::http::errors::ApiError)),
    security(("session" = []), ("csrf" = [])))]
pub async fn send_back(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: Path,
    body: web::Json<ReasonIn>,
) -> AppResult<HttpResponse> {
    let k = key_of(path)?;
    let reason = Reason::parse(&body.reason)?;
    let (actor, now) = (ctx.user()?.actor(), state.now());
    state
        .db(move |c| app::send_back(c, &actor, now, k, &reason))
        .await?;
    Ok(super::ok(read_review(&state, k).await?))
}

/// A moved deadline.
#[derive(Deserialize, ToSchema)]
pub struct DeadlineIn {
    /// YYYY-MM-DD
    #[serde(default)]
    #[schema(
        required = true,
        pattern = r"^(19[0-9]{2}|20[0-9]{2})-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-8]))$"
    )]
    pub deadline: String,
    /// Required; shown to the municipality.
    #[serde(default)]
    #[schema(
        required = true,
        min_length = 1,
        max_length = 2000,
        pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
    )]
    pub reason: String,
}

/// Move the account's deadline, with a reason (audited, mailed).
#[utoipa::path(post, operation_id = "set_account_deadline", path = "/api/v1/pools/{pool}/accounts/{code}/{kind}/deadline", tag = "accounts",
    params(("pool" = i64, Path, minimum = 1), ("code" = i32, Path, minimum = 101, maximum = 860), ("kind" = String, Path, pattern = "^(interim|final)$")), request_body = DeadlineIn,
    responses((status = 200, body = ReviewOut), (status = 409, body = crate::http::errors::ApiError), (status = 422, body = crate::http::errors::ApiError)),
    security(("session" = []), ("csrf" = [])))]
pub async fn deadline(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: Path,
    body: web::Json<DeadlineIn>,
) -> AppResult<HttpResponse> {
    let k = key_of(path)?;
    let input = DeadlineDraft {
        deadline: body.deadline.clone(),
        reason: body.reason.clone(),
    }
    .parse()
    .map_err(AppError::Invalid)?;
    let (actor, now) = (ctx.user()?.actor(), state.now());
    state
        .db(move |c| app::move_deadline(c, &actor, now, k, &input))
        .await?;
    Ok(super::ok(read_review(&state, k).await?))
}

/// The settlement of a final account, and its claim; both null until settled.
#[derive(Serialize, ToSchema)]
pub struct SettlementOut {
    pub settlement: Option<SettlementFiguresOut>,
    pub claim: Option<ClaimOut>,
}

/// The settlement of the final account (null before approval).
#[utoipa::path(get, operation_id = "get_settlement", path = "/api/v1/pools/{pool}/accounts/{code}/{kind}/settlement", tag = "accounts",
    params(("pool" = i64, Path, minimum = 1), ("code" = i32, Path, minimum = 101, maximum = 860), ("kind" = String, Path, pattern = "^(interim|final)$")),
    responses((status = 200, body = SettlementOut), (status = 404, body = crate::http::errors::ApiError)), security(("session" = [])))]
pub async fn settlement(state: web::Data<AppState>, path: Path) -> AppResult<HttpResponse> {
    let k = key_of(path)?;
    let d = state.read(move |c| app::review(c, k)).await?;
    Ok(super::ok(SettlementOut {
        settlement: d.settlement.as_ref().map(SettlementFiguresOut::from),
        claim: d.claim.as_ref().map(ClaimOut::from),
    }))
}

/// The repayment claim of the final account, or null.
#[derive(Serialize, ToSchema)]
pub struct ClaimStatusOut {
    pub claim: Option<ClaimOut>,
}

/// The repayment claim (null while there is none).
#[utoipa::path(get, operation_id = "get_claim", path = "/api/v1/pools/{pool}/accounts/{code}/{kind}/claim", tag = "accounts",
    params(("pool" = i64, Path, minimum = 1), ("code" = i32, Path, minimum = 101, maximum = 860), ("kind" = String, Path, pattern = "^(interim|final)$")),
    responses((status = 200, body = ClaimStatusOut), (status = 404, body = crate::http::errors::ApiError)), security(("session" = [])))]
pub async fn claim(state: web::Data<AppState>, path: Path) -> AppResult<HttpResponse> {
    let k = key_of(path)?;
    let d = state.read(move |c| app::review(c, k)).await?;
    Ok(super::ok(ClaimStatusOut {
        claim: d.claim.as_ref().map(ClaimOut::from),
    }))
}

fn final_only(k: AccountKey) -> AppResult<(i64, i32)> {
    if k.kind != AccountKind::Final {
        return Err(AppError::NotFound);
    }
    Ok((k.pool_id, k.code))
}

#[derive(Deserialize, ToSchema)]
pub struct ReceivedIn {
    /// YYYY-MM-DD
    #[serde(default)]
    #[schema(
        required = true,
        pattern = r"^(19[0-9]{2}|20[0-9]{2})-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-8]))$"
    )]
    pub received_on: String,
}

/// Record that the claim was paid back.
#[utoipa::path(post, operation_id = "claim_received", path = "/api/v1/pools/{pool}/accounts/{code}/{kind}/claim/received", tag = "accounts",
    params(("pool" = i64, Path, minimum = 1), ("code" = i32, Path, minimum = 101, maximum = 860), ("kind" = String, Path, pattern = "^(interim|final)$")), request_body = ReceivedIn,
    responses((status = 200, body = ClaimStatusOut), (status = 409, body = crate::http::errors::ApiError), (status = 422, body = crate::http::errors::ApiError)),
    security(("session" = []), ("csrf" = [])))]
pub async fn claim_received(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: Path,
    body: web::Json<ReceivedIn>,
) -> AppResult<HttpResponse> {
    let k = key_of(path)?;
    let at = final_only(k)?;
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let on = body.received_on.clone();
    state
        .db(move |c| app::claim_received(c, &actor, now, at, &on))
        .await?;
    claim(
        state,
        web::Path::from((k.pool_id, k.code, k.kind.as_str().to_string())),
    )
    .await
}

/// Write the claim off, with the reason.
#[utoipa::path(post, operation_id = "write_off_claim", path = "/api/v1/pools/{pool}/accounts/{code}/{kind}/claim/write-off", tag = "accounts",
    params(("pool" = i64, Path, minimum = 1), ("code" = i32, Path, minimum = 101, maximum = 860), ("kind" = String, Path, pattern = "^(interim|final)$")), request_body = ReasonIn,
    responses((status = 200, body = ClaimStatusOut), (status = 409, body = crate::http::errors::ApiError), (status = 422, body = crate::http::errors::ApiError)),
    security(("session" = []), ("csrf" = [])))]
pub async fn claim_write_off(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: Path,
    body: web::Json<ReasonIn>,
) -> AppResult<HttpResponse> {
    let k = key_of(path)?;
    let at = final_only(k)?;
    let reason = Reason::parse(&body.reason)?;
    let (actor, now) = (ctx.user()?.actor(), state.now());
    state
        .db(move |c| app::claim_write_off(c, &actor, now, at, &reason))
        .await?;
    claim(
        state,
        web::Path::from((k.pool_id, k.code, k.kind.as_str().to_string())),
    )
    .await
}
