//! Rates and payouts over the API (`docs/rates.md`): a commitment's rates with every
//! condition checked and its history; the municipality's request; the officers' steps
//! (prepare, approve by a second officer, reject, refuse, cancel, overrides with four
//! eyes); the officers' queue, batches with their kept files, and paid marking. The same
//! operations as the pages (`app::payouts`). Every POST takes an `Idempotency-Key`
//! (`api::idempotency`).

pub mod views;

use actix_web::{web, HttpRequest, HttpResponse};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use utoipa::ToSchema;

use self::views::{
    batch_out, payout_out, rate_out, rates_out, request_out, BatchDetailOut, BatchOut, OverrideOut,
    PayoutOut, QueueOut, RateStandingOut, RatesOut, RequestOut,
};
use super::idempotency::{once, Answer};
use crate::app::applications::Mail;
use crate::app::payouts::{self as app, batches, CancelFor};
use crate::db::queries::commitments as commitment_rows;
use crate::db::DbConn;
use crate::domain::payout_gate::ConditionKind;
use crate::error::{AppError, AppResult, FieldErrors, Msg};
use crate::http::ctx::Ctx;
use crate::http::AppState;

type RatePath = web::Path<(i64, i32, i32)>;
type IdPath = web::Path<i64>;

/// The JSON body of a POST, read from its raw bytes (which the idempotency hash covers);
/// an empty body reads as `{}`, so that missing fields are named like any other.
fn parse<T: DeserializeOwned + Default>(body: &[u8]) -> AppResult<T> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(body).map_err(|e| crate::http::bad_input::json_value(&e))
}

/// The commitment of municipality `code` in pool `pool`.
fn commitment_id(c: &mut DbConn, pool: i64, code: i32) -> AppResult<i64> {
    Ok(commitment_rows::for_municipality(c, pool, code)?
        .ok_or(AppError::NotFound)?
        .commitment
        .id)
}

/// Adds `result`'s field errors to `errors`; other errors pass.
fn collect<T>(errors: &mut FieldErrors, result: AppResult<T>) -> AppResult<Option<T>> {
    match result {
        Ok(v) => Ok(Some(v)),
        Err(AppError::Invalid(f)) => {
            errors.0.extend(f.0);
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// A commitment's rates: each with its amount, its state, every condition with its
/// evidence, the instant from which it may be paid (UTC and Copenhagen), its live
/// payout and open request; and the history of requests (refused ones with the reason),
/// payouts (rejected and cancelled ones too) and overrides.
#[utoipa::path(get, path = "/api/v1/pools/{pool}/municipalities/{code}/rates", tag = "payouts",
    params(("pool" = i64, Path, minimum = 1), ("code" = i32, Path, minimum = 101, maximum = 860)),
    responses((status = 200, body = RatesOut), (status = 403, body = crate::http::errors::ApiError), (status = 404, body = crate::http::errors::ApiError)),
    security(("session" = [])))]
pub async fn rates(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i32)>,
) -> AppResult<HttpResponse> {
    let (pool, code) = path.into_inner();
    let (now, lang) = (state.now(), ctx.lang);
    let out = state
        .read(move |c| {
            let rates = app::for_municipality(c, (pool, code), now)?;
            rates_out(c, &rates, now, lang)
        })
        .await?;
    Ok(super::ok(out))
}

const KEY_DOC: &str = "Optional. A repeat with the same key and the same request gets the first answer again without running anything (header Idempotent-Replayed: true); the same key with another request is a 422. Keys are per user, at most 255 visible ASCII characters.";

/// A note from the municipality.
#[derive(Deserialize, ToSchema, Default)]
pub struct RequestIn {
    /// Optional, at most 2000 characters.
    #[serde(default)]
    #[schema(
        max_length = 2000,
        pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
    )]
    pub note: String,
}

/// The municipality's finance staff request a payable rate, with a note. PDFs follow,
/// each as its own body, to `…/request/documents`.
#[utoipa::path(post, path = "/api/v1/pools/{pool}/municipalities/{code}/rates/{n}/request", tag = "payouts",
    params(("pool" = i64, Path, minimum = 1), ("code" = i32, Path, minimum = 101, maximum = 860), ("n" = i32, Path, minimum = 1, description = "the rate's number"),
        ("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,255}$", description = KEY_DOC)),
    request_body = RequestIn,
    responses((status = 201, body = RequestOut), (status = 403, body = crate::http::errors::ApiError),
        (status = 409, body = crate::http::errors::ApiError, description = "not payable: payout-condition-missing names the first condition not met, payout-rate-in-state the rate's state"),
        (status = 422, body = crate::http::errors::ApiError)),
    security(("session" = []), ("csrf" = [])))]
pub async fn request(
    ctx: Ctx,
    state: web::Data<AppState>,
    req: HttpRequest,
    path: RatePath,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let (pool, code, n) = path.into_inner();
    let input: RequestIn = parse(&body)?;
    let note = app::text("note", &input.note, false)?;
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let limit = state.document_max_bytes;
    once(&state, &ctx, &req, &body, move |c| {
        let row = app::request(c, &actor, now, (pool, code, n), &note, (&[], limit))?;
        Answer::created(&request_out(c, &row)?)
    })
    .await
}

/// A PDF for an open request, as its raw body.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RequestDocumentQuery {
    /// The file's name as the officers will see it (a name is made up without one).
    #[serde(default)]
    filename: String,
}

/// The document attached to a request.
#[derive(serde::Serialize, ToSchema)]
pub struct AttachedDocumentOut {
    pub request_id: i64,
    pub sha256: String,
    pub file_name: String,
}

/// The municipality's finance staff attach a PDF to the rate's open request: the raw body
/// with `Content-Type: application/pdf`, judged by its content ("%PDF-") and refused with
/// 413 as soon as it passes the configured size limit. The same file twice is attached
/// once. No open request: 409 payout-request-not-open.
#[utoipa::path(post, path = "/api/v1/pools/{pool}/municipalities/{code}/rates/{n}/request/documents", tag = "payouts",
    params(("pool" = i64, Path, minimum = 1), ("code" = i32, Path, minimum = 101, maximum = 860), ("n" = i32, Path, minimum = 1), RequestDocumentQuery),
    request_body(content = Vec<u8>, content_type = "application/pdf"),
    responses((status = 201, body = AttachedDocumentOut),
        (status = 409, body = crate::http::errors::ApiError, description = "payout-request-not-open"),
        (status = 413, body = crate::http::errors::ApiError),
        (status = 422, body = crate::http::errors::ApiError)),
    security(("session" = []), ("csrf" = [])))]
pub async fn request_document(
    ctx: Ctx,
    state: web::Data<AppState>,
    req: HttpRequest,
    path: RatePath,
    q: web::Query<RequestDocumentQuery>,
    payload: web::Payload,
) -> AppResult<HttpResponse> {
    let key = path.into_inner();
    let pdf = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/pdf"));
    if !pdf {
        return Err(AppError::field("file", Msg::new("document-not-pdf")));
    }
    let (actor, now, limit) = (ctx.user()?.actor(), state.now(), state.document_max_bytes);
    let bytes = crate::http::upload::read_limited(payload, limit)
        .await
        .map_err(crate::http::upload::ReadError::into_app)?;
    let attachment = app::Attachment {
        file_name: q.into_inner().filename,
        bytes,
    };
    let doc = state
        .db(move |c| app::attach_to_request(c, &actor, now, key, (&attachment, limit)))
        .await?;
    Ok(super::created(AttachedDocumentOut {
        request_id: doc.request_id,
        sha256: doc.sha256,
        file_name: doc.file_name,
    }))
}

/// An officer prepares the payout of a rate whose conditions all pass: they are checked
/// again and the evidence is frozen into the payout; an open request is closed as
/// prepared. A second officer must approve it.
#[utoipa::path(post, path = "/api/v1/pools/{pool}/municipalities/{code}/rates/{n}/prepare", tag = "payouts",
    params(("pool" = i64, Path, minimum = 1), ("code" = i32, Path, minimum = 101, maximum = 860), ("n" = i32, Path, minimum = 1),
        ("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,255}$", description = KEY_DOC)),
    responses((status = 201, body = PayoutOut),
        (status = 409, body = crate::http::errors::ApiError, description = "payout-condition-missing, payout-rate-in-state")),
    security(("session" = []), ("csrf" = [])))]
pub async fn prepare(
    ctx: Ctx,
    state: web::Data<AppState>,
    req: HttpRequest,
    path: RatePath,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let (pool, code, n) = path.into_inner();
    let (actor, now) = (ctx.user()?.actor(), state.now());
    once(&state, &ctx, &req, &body, move |c| {
        let id = commitment_id(c, pool, code)?;
        let row = app::prepare(c, &actor, now, (id, n))?;
        Answer::created(&payout_out(&row))
    })
    .await
}

/// Why and how a rate is cancelled.
#[derive(Deserialize, ToSchema, Default)]
pub struct CancelIn {
    /// milestone_not_met or decision
    #[serde(default, rename = "for")]
    #[schema(required = true, pattern = "^(milestone_not_met|decision)$")]
    pub cancel_for: String,
    /// Required, at most 2000 characters.
    #[serde(default)]
    #[schema(
        required = true,
        min_length = 1,
        max_length = 2000,
        pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
    )]
    pub note: String,
}

/// An officer cancels a rate not yet approved or paid, with the reason; its open request
/// and a prepared payout are cancelled with it.
#[utoipa::path(post, path = "/api/v1/pools/{pool}/municipalities/{code}/rates/{n}/cancel", tag = "payouts",
    params(("pool" = i64, Path, minimum = 1), ("code" = i32, Path, minimum = 101, maximum = 860), ("n" = i32, Path, minimum = 1),
        ("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,255}$", description = KEY_DOC)),
    request_body = CancelIn,
    responses((status = 200, body = RateStandingOut),
        (status = 409, body = crate::http::errors::ApiError, description = "payout-rate-not-cancellable"),
        (status = 422, body = crate::http::errors::ApiError)),
    security(("session" = []), ("csrf" = [])))]
pub async fn cancel(
    ctx: Ctx,
    state: web::Data<AppState>,
    req: HttpRequest,
    path: RatePath,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let (pool, code, n) = path.into_inner();
    let input: CancelIn = parse(&body)?;
    let mut errors = FieldErrors::default();
    let why = CancelFor::parse(input.cancel_for.trim());
    if why.is_none() {
        errors.add("for", Msg::new("payout-cancel-for-invalid"));
    }
    let note = collect(&mut errors, app::text("note", &input.note, true))?;
    let (Some(why), Some(note)) = (why, note) else {
        return Err(AppError::Invalid(errors));
    };
    let (actor, now, lang) = (ctx.user()?.actor(), state.now(), ctx.lang);
    once(&state, &ctx, &req, &body, move |c| {
        let id = commitment_id(c, pool, code)?;
        app::cancel(c, &actor, now, (id, n), why, &note)?;
        let rates = app::for_municipality(c, (pool, code), now)?;
        let view = rates.rate(n).ok_or(AppError::NotFound)?;
        Answer::ok(&rate_out(c, view, lang)?)
    })
    .await
}

/// An exception from one condition, proposed.
#[derive(Deserialize, ToSchema, Default)]
pub struct OverrideIn {
    /// not_before, finance_act, whole_group_assessed, activity_share, results_share,
    /// interim_account or final_account: a condition of the rate that is not met.
    #[serde(default)]
    #[schema(
        required = true,
        pattern = "^(not_before|finance_act|whole_group_assessed|activity_share|results_share|interim_account|final_account)$"
    )]
    pub condition: String,
    /// Required, at most 2000 characters.
    #[serde(default)]
    #[schema(
        required = true,
        min_length = 1,
        max_length = 2000,
        pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
    )]
    pub reason: String,
}

/// An officer proposes an exception from one condition of a rate, with the reason; it
/// counts once a second officer approves it (`/api/v1/rate-overrides/{id}/decide`).
#[utoipa::path(post, path = "/api/v1/pools/{pool}/municipalities/{code}/rates/{n}/overrides", tag = "payouts",
    params(("pool" = i64, Path, minimum = 1), ("code" = i32, Path, minimum = 101, maximum = 860), ("n" = i32, Path, minimum = 1),
        ("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,255}$", description = KEY_DOC)),
    request_body = OverrideIn,
    responses((status = 201, body = OverrideOut),
        (status = 409, body = crate::http::errors::ApiError, description = "payout-override-already-met, payout-override-exists"),
        (status = 422, body = crate::http::errors::ApiError)),
    security(("session" = []), ("csrf" = [])))]
pub async fn propose_override(
    ctx: Ctx,
    state: web::Data<AppState>,
    req: HttpRequest,
    path: RatePath,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let (pool, code, n) = path.into_inner();
    let input: OverrideIn = parse(&body)?;
    let mut errors = FieldErrors::default();
    if !ConditionKind::parse(input.condition.trim()).is_some_and(ConditionKind::can_override) {
        errors.add("condition", Msg::new("payout-override-condition"));
    }
    collect(&mut errors, app::text("reason", &input.reason, true))?;
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let (actor, now) = (ctx.user()?.actor(), state.now());
    once(&state, &ctx, &req, &body, move |c| {
        let id = commitment_id(c, pool, code)?;
        let condition = input.condition.trim();
        let row = app::propose_override(c, &actor, now, (id, n), condition, &input.reason)?;
        Answer::created(&OverrideOut::from(&row))
    })
    .await
}

/// A reason, required.
#[derive(Deserialize, ToSchema, Default)]
pub struct PayoutReasonIn {
    /// Required, at most 2000 characters.
    #[serde(default)]
    #[schema(
        required = true,
        min_length = 1,
        max_length = 2000,
        pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
    )]
    pub reason: String,
}

/// An officer refuses an open request, with the reason (kept, shown to the municipality).
#[utoipa::path(post, path = "/api/v1/rate-requests/{id}/refuse", tag = "payouts",
    params(("id" = i64, Path, minimum = 1), ("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,255}$", description = KEY_DOC)),
    request_body = PayoutReasonIn,
    responses((status = 200, body = RequestOut),
        (status = 409, body = crate::http::errors::ApiError, description = "payout-request-not-open"),
        (status = 422, body = crate::http::errors::ApiError)),
    security(("session" = []), ("csrf" = [])))]
pub async fn refuse(
    ctx: Ctx,
    state: web::Data<AppState>,
    req: HttpRequest,
    path: IdPath,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let input: PayoutReasonIn = parse(&body)?;
    let reason = app::text("reason", &input.reason, true)?;
    let (actor, now) = (ctx.user()?.actor(), state.now());
    once(&state, &ctx, &req, &body, move |c| {
        let row = app::refuse(c, &actor, now, id, &reason)?;
        Answer::ok(&request_out(c, &row)?)
    })
    .await
}

/// A second officer approves a prepared payout: never the officer who prepared it
/// (409 payout-four-eyes); a payout no longer prepared (approved by someone else a
/// moment ago) is a 409 payout-not-prepared.
#[utoipa::path(post, operation_id = "approve_payout", path = "/api/v1/payouts/{id}/approve", tag = "payouts",
    params(("id" = i64, Path, minimum = 1), ("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,255}$", description = KEY_DOC)),
    responses((status = 200, body = PayoutOut),
        (status = 409, body = crate::http::errors::ApiError, description = "payout-four-eyes, payout-not-prepared")),
    security(("session" = []), ("csrf" = [])))]
pub async fn approve(
    ctx: Ctx,
    state: web::Data<AppState>,
    req: HttpRequest,
    path: IdPath,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let (actor, now) = (ctx.user()?.actor(), state.now());
    once(&state, &ctx, &req, &body, move |c| {
        let row = app::approve(c, &actor, now, id)?;
        Answer::ok(&payout_out(&row))
    })
    .await
}

/// An officer rejects a payout that has not left (prepared, or approved and not in a
/// batch), with the reason; the rate is payable again.
#[utoipa::path(post, path = "/api/v1/payouts/{id}/reject", tag = "payouts",
    params(("id" = i64, Path, minimum = 1), ("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,255}$", description = KEY_DOC)),
    request_body = PayoutReasonIn,
    responses((status = 200, body = PayoutOut),
        (status = 409, body = crate::http::errors::ApiError, description = "payout-not-stoppable"),
        (status = 422, body = crate::http::errors::ApiError)),
    security(("session" = []), ("csrf" = [])))]
pub async fn reject(
    ctx: Ctx,
    state: web::Data<AppState>,
    req: HttpRequest,
    path: IdPath,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let input: PayoutReasonIn = parse(&body)?;
    let reason = app::text("reason", &input.reason, true)?;
    let (actor, now) = (ctx.user()?.actor(), state.now());
    once(&state, &ctx, &req, &body, move |c| {
        let row = app::reject(c, &actor, now, id, &reason)?;
        Answer::ok(&payout_out(&row))
    })
    .await
}

/// A decision on a proposed override.
#[derive(Deserialize, ToSchema, Default)]
pub struct OverrideDecisionIn {
    /// true: the condition counts as passed; false: rejected. Required.
    #[serde(default)]
    #[schema(required = true, value_type = bool)]
    pub approve: Option<bool>,
}

/// A second officer approves or rejects a proposed override; the proposer never can
/// (409 payout-four-eyes).
#[utoipa::path(post, path = "/api/v1/rate-overrides/{id}/decide", tag = "payouts",
    params(("id" = i64, Path, minimum = 1), ("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,255}$", description = KEY_DOC)),
    request_body = OverrideDecisionIn,
    responses((status = 200, body = OverrideOut),
        (status = 409, body = crate::http::errors::ApiError, description = "payout-four-eyes, payout-override-not-proposed"),
        (status = 422, body = crate::http::errors::ApiError)),
    security(("session" = []), ("csrf" = [])))]
pub async fn decide_override(
    ctx: Ctx,
    state: web::Data<AppState>,
    req: HttpRequest,
    path: IdPath,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let input: OverrideDecisionIn = parse(&body)?;
    let approve = input
        .approve
        .ok_or_else(|| AppError::field("approve", Msg::new("payout-decide-required")))?;
    let (actor, now) = (ctx.user()?.actor(), state.now());
    once(&state, &ctx, &req, &body, move |c| {
        let row = app::decide_override(c, &actor, now, id, approve)?;
        Answer::ok(&OverrideOut::from(&row))
    })
    .await
}

/// The officers' queue in a pool: open requests, payouts prepared (awaiting a second
/// officer) and approved (awaiting a batch), and the batches, newest first.
#[utoipa::path(get, path = "/api/v1/pools/{pool}/payouts", tag = "payouts",
    params(("pool" = i64, Path, minimum = 1)),
    responses((status = 200, body = QueueOut), (status = 404, body = crate::http::errors::ApiError)),
    security(("session" = [])))]
pub async fn queue(ctx: Ctx, state: web::Data<AppState>, path: IdPath) -> AppResult<HttpResponse> {
    let pool = path.into_inner();
    // The queue's rows are data alone (no date is judged in it): the pool is the key.
    let out = state
        .cached(&ctx, format!("api/payouts/queue/{pool}"), move |c| {
            views::queue(c, pool)
        })
        .await?;
    Ok(super::ok(&*out))
}

/// An officer puts every approved payout of the pool in a new batch; its CSV and XLSX
/// are made now and kept byte for byte. Nothing approved: 409
/// payout-batch-nothing-approved.
#[utoipa::path(post, path = "/api/v1/pools/{pool}/payout-batches", tag = "payouts",
    params(("pool" = i64, Path, minimum = 1), ("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,255}$", description = KEY_DOC)),
    responses((status = 201, body = BatchDetailOut),
        (status = 409, body = crate::http::errors::ApiError, description = "payout-batch-nothing-approved")),
    security(("session" = []), ("csrf" = [])))]
pub async fn create_batch(
    ctx: Ctx,
    state: web::Data<AppState>,
    req: HttpRequest,
    path: IdPath,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let pool = path.into_inner();
    let (actor, now) = (ctx.user()?.actor(), state.now());
    once(&state, &ctx, &req, &body, move |c| {
        let row = batches::create(c, &actor, now, pool)?;
        Answer::created(&BatchDetailOut::from(&batches::get(c, row.id)?))
    })
    .await
}

/// A batch with its lines as the finance system gets them.
#[utoipa::path(get, path = "/api/v1/payout-batches/{id}", tag = "payouts",
    params(("id" = i64, Path, minimum = 1)),
    responses((status = 200, body = BatchDetailOut), (status = 404, body = crate::http::errors::ApiError)),
    security(("session" = [])))]
pub async fn batch(state: web::Data<AppState>, path: IdPath) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let batch = state.read(move |c| batches::get(c, id)).await?;
    Ok(super::ok(BatchDetailOut::from(&batch)))
}

/// The batch's CSV for Danish Excel (UTF-8 with BOM, `;`, decimal comma), the same bytes
/// on every download.
#[utoipa::path(get, path = "/api/v1/payout-batches/{id}/csv", tag = "payouts",
    params(("id" = i64, Path, minimum = 1)),
    responses((status = 200, content_type = "text/csv", body = String), (status = 404, body = crate::http::errors::ApiError)),
    security(("session" = [])))]
pub async fn batch_csv(state: web::Data<AppState>, path: IdPath) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let (csv, _) = state.read(move |c| batches::stored_files(c, id)).await?;
    Ok(crate::http::attachment(
        "text/csv; charset=utf-8",
        &views::file_name(id, "csv"),
        csv,
    ))
}

/// The batch's XLSX, the same bytes on every download.
#[utoipa::path(get, path = "/api/v1/payout-batches/{id}/xlsx", tag = "payouts",
    params(("id" = i64, Path, minimum = 1)),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 404, body = crate::http::errors::ApiError)),
    security(("session" = [])))]
pub async fn batch_xlsx(state: web::Data<AppState>, path: IdPath) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let (_, xlsx) = state.read(move |c| batches::stored_files(c, id)).await?;
    Ok(crate::http::attachment(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &views::file_name(id, "xlsx"),
        xlsx,
    ))
}

/// The day the finance system paid the batch.
#[derive(Deserialize, ToSchema, Default)]
pub struct PaidIn {
    /// YYYY-MM-DD, not before the batch was made.
    #[serde(default)]
    #[schema(
        required = true,
        pattern = r"^(19[0-9]{2}|20[0-9]{2})-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-8]))$"
    )]
    pub paid_on: String,
}

/// An officer marks a batch paid: its payouts and their rates turn paid, and each
/// municipality's contact person is emailed. Once only (409 payout-batch-already-paid).
#[utoipa::path(post, path = "/api/v1/payout-batches/{id}/paid", tag = "payouts",
    params(("id" = i64, Path, minimum = 1), ("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,255}$", description = KEY_DOC)),
    request_body = PaidIn,
    responses((status = 200, body = BatchOut),
        (status = 409, body = crate::http::errors::ApiError, description = "payout-batch-already-paid"),
        (status = 422, body = crate::http::errors::ApiError)),
    security(("session" = []), ("csrf" = [])))]
pub async fn mark_paid(
    ctx: Ctx,
    state: web::Data<AppState>,
    req: HttpRequest,
    path: IdPath,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let input: PaidIn = parse(&body)?;
    let paid_on = crate::domain::time::parse_iso_date(&input.paid_on)
        .map_err(|e| AppError::field("paid_on", Msg::new(e.key())))?;
    let (actor, now) = (ctx.user()?.actor(), state.now());
    once(&state, &ctx, &req, &body, move |c| {
        let row = batches::mark_paid(c, &actor, now, (id, paid_on), Mail::Queue)?;
        Answer::ok(&batch_out(&row))
    })
    .await
}
