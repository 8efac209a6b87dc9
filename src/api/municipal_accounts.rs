//! A municipality's accounts (regnskab) over the API: the account with what it asks
//! (certification and its rule, deadline, documents), its versions, the draft saved
//! from JSON, documents uploaded as a raw PDF body, and the submission. The same
//! operations, access rules and validation as the pages (`app::accounts`,
//! `app::account_pages`).

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{NaiveDateTime, SecondsFormat};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::account_pages::{self as reads, AccountDossier};
use crate::app::accounts::{
    self as app, AccountDraft, AccountKey, AccountReceipt, LineDraft, Upload,
};
use crate::db::queries::accounts::{DocumentLinkRow, LineRow, VersionRow};
use crate::domain::accounts::{required_documents, DocumentPurpose};
use crate::domain::budget::CostItem;
use crate::error::{AppError, AppResult, Msg};
use crate::http::ctx::Ctx;
use crate::http::upload::{read_limited, ReadError};
use crate::http::AppState;

type Path = web::Path<(i64, i32, String)>;

fn account_key(path: (i64, i32, String)) -> AppResult<AccountKey> {
    AccountKey::from_path(path)
}

fn utc(t: NaiveDateTime) -> String {
    t.and_utc().to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn copenhagen(t: NaiveDateTime) -> String {
    crate::domain::time::to_local(t.and_utc()).to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// One line of budget against actual as typed.
#[derive(Clone, Debug, Default, Deserialize, Serialize, ToSchema)]
pub struct AccountLineForm {
    /// caseworker-salaries, social-health-salaries, project-management, progression-tools, other
    pub item: String,
    pub year: i32,
    /// The actual spend in Danish notation ("1.234.567,50"); empty means no line.
    #[serde(default)]
    pub actual: String,
    /// Required where the spend deviates from the budget by more than the pool's tolerance.
    #[serde(default)]
    pub comment: String,
}

/// An account version as typed.
#[derive(Clone, Debug, Default, Deserialize, Serialize, ToSchema)]
pub struct AccountForm {
    /// The signing manager (management-certified) or the auditor (auditor-certified).
    #[serde(default)]
    pub signer_name: String,
    /// The manager's title (management-certified).
    #[serde(default)]
    pub signer_title: String,
    /// The audit firm (auditor-certified).
    #[serde(default)]
    pub audit_firm: String,
    /// YYYY-MM-DD
    #[serde(default)]
    pub signed_on: String,
    #[serde(default)]
    pub lines: Vec<AccountLineForm>,
}

impl From<AccountForm> for AccountDraft {
    fn from(f: AccountForm) -> AccountDraft {
        AccountDraft {
            signer_name: f.signer_name,
            signer_title: f.signer_title,
            audit_firm: f.audit_firm,
            signed_on: f.signed_on,
            lines: f
                .lines
                .into_iter()
                .map(|l| LineDraft {
                    item: l.item,
                    year: l.year,
                    actual: l.actual,
                    comment: l.comment,
                })
                .collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct BudgetCellOut {
    pub item: String,
    pub year: i32,
    pub budget_ore: i64,
}

#[derive(Serialize, ToSchema)]
pub struct AccountLineOut {
    pub item: String,
    pub year: i32,
    pub budget_ore: i64,
    pub actual_ore: i64,
    pub comment: String,
    /// Off its budget by more than the pool's tolerance.
    pub deviates: bool,
}

#[derive(Serialize, ToSchema)]
pub struct AccountDocumentOut {
    /// declaration, auditor_report, final_report, attachment
    pub purpose: String,
    pub filename: String,
    pub sha256: String,
    /// Where the page serves it (as an attachment).
    pub href: String,
}

#[derive(Serialize, ToSchema)]
pub struct AccountVersionOut {
    pub version_no: i32,
    /// UTC; absent for the open draft.
    pub submitted_at: Option<String>,
    /// Copenhagen time.
    pub submitted_at_local: Option<String>,
    pub receipt_no: Option<String>,
    pub signer_name: String,
    pub signer_title: String,
    pub audit_firm: String,
    pub signed_on: Option<String>,
    pub lines: Vec<AccountLineOut>,
    pub documents: Vec<AccountDocumentOut>,
}

#[derive(Serialize, ToSchema)]
pub struct AccountVersionSummaryOut {
    pub version_no: i32,
    pub submitted_at: Option<String>,
    pub receipt_no: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct RepaymentClaimOut {
    pub claim_no: String,
    pub amount_ore: i64,
    /// YYYY-MM-DD
    pub due_date: String,
    /// open, received, written_off
    pub status: String,
}

#[derive(Serialize, ToSchema)]
pub struct AccountOut {
    pub pool_id: i64,
    pub municipality_code: i32,
    /// interim or final
    pub kind: String,
    /// draft, submitted, in_review, sent_back, approved, cancelled
    pub status: String,
    /// YYYY-MM-DD
    pub deadline: String,
    /// management or auditor
    pub certification: String,
    /// The rule that decided it, in the request's language.
    pub certification_rule: String,
    pub grant_ore: i64,
    pub threshold_ore: i64,
    /// The deviation tolerance in basis points (1000 = 10 %).
    pub tolerance_bp: u32,
    pub first_year: i32,
    pub last_year: i32,
    /// The documents a submission needs (purposes).
    pub required_documents: Vec<String>,
    pub budget: Vec<BudgetCellOut>,
    /// The officer's reason, when the account was sent back.
    pub sent_back_reason: Option<String>,
    /// The version asked for (`/versions/{n}`), else the newest.
    pub version: Option<AccountVersionOut>,
    pub versions: Vec<AccountVersionSummaryOut>,
    pub claim: Option<RepaymentClaimOut>,
}

#[derive(Serialize, ToSchema)]
pub struct AccountReceiptOut {
    pub receipt_no: String,
    pub version_no: i32,
    /// UTC
    pub submitted_at: String,
    /// Copenhagen time
    pub submitted_at_local: String,
}

impl From<AccountReceipt> for AccountReceiptOut {
    fn from(r: AccountReceipt) -> AccountReceiptOut {
        AccountReceiptOut {
            receipt_no: r.receipt_no,
            version_no: r.version_no,
            submitted_at: utc(r.submitted_at),
            submitted_at_local: copenhagen(r.submitted_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AccountDocumentCreated {
    pub sha256: String,
    pub purpose: String,
    pub filename: String,
}

fn version_out(
    d: &AccountDossier,
    v: &VersionRow,
    lines: &[LineRow],
    docs: &[DocumentLinkRow],
) -> AccountVersionOut {
    let key = d.key();
    AccountVersionOut {
        version_no: v.version_no,
        submitted_at: v.submitted_at.map(utc),
        submitted_at_local: v.submitted_at.map(copenhagen),
        receipt_no: v.receipt_no.clone(),
        signer_name: v.signer_name.clone(),
        signer_title: v.signer_title.clone(),
        audit_firm: v.audit_firm.clone(),
        signed_on: v.signed_on.map(|d| d.to_string()),
        lines: lines
            .iter()
            .map(|l| {
                let item = CostItem::parse(&l.cost_item);
                AccountLineOut {
                    item: l.cost_item.clone(),
                    year: l.year,
                    budget_ore: item.map_or(0, |i| d.budget_of(i, l.year)),
                    actual_ore: l.actual_ore,
                    comment: l.comment.clone(),
                    deviates: item.is_some_and(|i| d.deviates(i, l.year, l.actual_ore)),
                }
            })
            .collect(),
        documents: docs
            .iter()
            .map(|doc| AccountDocumentOut {
                purpose: doc.purpose.clone(),
                filename: doc.filename.clone(),
                sha256: doc.sha256.clone(),
                href: format!(
                    "/pools/{}/accounts/{}/{}/documents/{}",
                    key.pool_id, key.code, key.kind, doc.sha256
                ),
            })
            .collect(),
    }
}

fn account_out(ctx: &Ctx, d: &AccountDossier) -> AccountOut {
    let a = &d.account;
    AccountOut {
        pool_id: d.pool.id,
        municipality_code: d.code,
        kind: a.kind.as_str().into(),
        status: a.status.as_str().into(),
        deadline: a.deadline.to_string(),
        certification: a.certification.as_str().into(),
        certification_rule: ctx.msg(&app::certification_msg(a)),
        grant_ore: a.grant_ore,
        threshold_ore: a.threshold_ore,
        tolerance_bp: d.tolerance.basis_points(),
        first_year: a.first_year,
        last_year: a.last_year,
        required_documents: required_documents(a.kind, a.certification)
            .iter()
            .map(|p| p.as_str().to_string())
            .collect(),
        budget: d
            .budget
            .iter()
            .map(|b| BudgetCellOut {
                item: b.item.key().into(),
                year: b.year,
                budget_ore: b.budget_ore,
            })
            .collect(),
        sent_back_reason: d.sent_back_reason.clone(),
        version: d
            .shown
            .as_ref()
            .map(|v| version_out(d, v, &d.lines, &d.documents)),
        versions: d
            .versions
            .iter()
            .map(|v| AccountVersionSummaryOut {
                version_no: v.version_no,
                submitted_at: v.submitted_at.map(utc),
                receipt_no: v.receipt_no.clone(),
            })
            .collect(),
        claim: d.claim.as_ref().map(|c| RepaymentClaimOut {
            claim_no: c.claim_no.clone(),
            amount_ore: c.amount_ore,
            due_date: c.due_date.to_string(),
            status: c.status.clone(),
        }),
    }
}

/// The account, its certification and rule, deadline, status, newest version with lines
/// and documents, the submitted versions and a repayment claim, if any.
#[utoipa::path(get, operation_id = "get_account", path = "/api/v1/pools/{pool}/accounts/{code}/{kind}", tag = "accounts",
    params(("pool" = i64, Path, minimum = 1), ("code" = i32, Path, minimum = 101, maximum = 860, description = "Official municipality code, e.g. 615"), ("kind" = String, Path, pattern = "^(interim|final)$", description = "interim or final")),
    responses((status = 200, body = AccountOut), (status = 403, body = crate::http::errors::ApiError), (status = 404, body = crate::http::errors::ApiError)), security(("session" = [])))]
pub async fn get(ctx: Ctx, state: web::Data<AppState>, path: Path) -> AppResult<HttpResponse> {
    let key = account_key(path.into_inner())?;
    let d = state
        .cached(&ctx, reads::read_key(key, None), move |c| {
            reads::read(c, key, None)
        })
        .await?;
    Ok(super::ok(account_out(&ctx, &d)))
}

/// The account with version `n` (submitted versions are frozen).
#[utoipa::path(get, operation_id = "get_account_version", path = "/api/v1/pools/{pool}/accounts/{code}/{kind}/versions/{n}", tag = "accounts",
    params(("pool" = i64, Path, minimum = 1), ("code" = i32, Path, minimum = 101, maximum = 860), ("kind" = String, Path, pattern = "^(interim|final)$"), ("n" = i32, Path, minimum = 1, description = "Version number")),
    responses((status = 200, body = AccountOut), (status = 404, body = crate::http::errors::ApiError)), security(("session" = [])))]
pub async fn version(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i32, String, i32)>,
) -> AppResult<HttpResponse> {
    let (pool, code, kind, n) = path.into_inner();
    let key = account_key((pool, code, kind))?;
    let d = state
        .cached(&ctx, reads::read_key(key, Some(n)), move |c| {
            reads::read(c, key, Some(n))
        })
        .await?;
    Ok(super::ok(account_out(&ctx, &d)))
}

/// Save the draft (a new version after the account was sent back).
#[utoipa::path(put, operation_id = "save_account", path = "/api/v1/pools/{pool}/accounts/{code}/{kind}", tag = "accounts",
    params(("pool" = i64, Path, minimum = 1), ("code" = i32, Path, minimum = 101, maximum = 860), ("kind" = String, Path, pattern = "^(interim|final)$")), request_body = AccountForm,
    responses((status = 200, body = AccountOut), (status = 409, body = crate::http::errors::ApiError), (status = 422, body = crate::http::errors::ApiError)),
    security(("session" = []), ("csrf" = [])))]
pub async fn save(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: Path,
    body: web::Json<AccountForm>,
) -> AppResult<HttpResponse> {
    let key = account_key(path.into_inner())?;
    let draft: AccountDraft = body.into_inner().into();
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let d = state
        .db(move |c| {
            let a = crate::db::queries::accounts::find(c, key.pool_id, key.code, key.kind)?
                .ok_or(AppError::NotFound)?;
            let input = draft
                .parse((a.first_year, a.last_year))
                .map_err(AppError::Invalid)?;
            app::save(c, &actor, now, key, &input)?;
            reads::read(c, key, None)
        })
        .await?;
    Ok(super::ok(account_out(&ctx, &d)))
}

/// Save and submit the account. The version is frozen; the receipt goes to the contact
/// person of the application.
#[utoipa::path(post, operation_id = "submit_account", path = "/api/v1/pools/{pool}/accounts/{code}/{kind}/submit", tag = "accounts",
    params(("pool" = i64, Path, minimum = 1), ("code" = i32, Path, minimum = 101, maximum = 860), ("kind" = String, Path, pattern = "^(interim|final)$")), request_body = AccountForm,
    responses((status = 201, body = AccountReceiptOut), (status = 409, body = crate::http::errors::ApiError), (status = 422, body = crate::http::errors::ApiError, description = "What the certification, the budget or the documents still need")),
    security(("session" = []), ("csrf" = [])))]
pub async fn submit(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: Path,
    body: web::Json<AccountForm>,
) -> AppResult<HttpResponse> {
    let key = account_key(path.into_inner())?;
    let draft: AccountDraft = body.into_inner().into();
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let receipt = state
        .db(move |c| {
            let a = crate::db::queries::accounts::find(c, key.pool_id, key.code, key.kind)?
                .ok_or(AppError::NotFound)?;
            let input = draft
                .parse((a.first_year, a.last_year))
                .map_err(AppError::Invalid)?;
            app::submit(c, &actor, now, key, &input)
        })
        .await?;
    Ok(super::created(AccountReceiptOut::from(receipt)))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DocumentQuery {
    /// declaration, auditor_report, final_report, attachment
    #[serde(default)]
    #[param(pattern = "^(declaration|auditor_report|final_report|attachment)$")]
    purpose: String,
    #[serde(default)]
    filename: String,
}

/// Attach a PDF to the draft: the raw body with `Content-Type: application/pdf`. Judged
/// by its content ("%PDF-"); refused with 413 as soon as it passes the configured size
/// limit, without being read whole.
#[utoipa::path(post, operation_id = "upload_account_document", path = "/api/v1/pools/{pool}/accounts/{code}/{kind}/documents", tag = "accounts",
    params(("pool" = i64, Path, minimum = 1), ("code" = i32, Path, minimum = 101, maximum = 860), ("kind" = String, Path, pattern = "^(interim|final)$"), DocumentQuery),
    request_body(content = Vec<u8>, content_type = "application/pdf"),
    responses((status = 201, body = AccountDocumentCreated), (status = 409, body = crate::http::errors::ApiError), (status = 413, body = crate::http::errors::ApiError), (status = 422, body = crate::http::errors::ApiError)),
    security(("session" = []), ("csrf" = [])))]
pub async fn upload(
    ctx: Ctx,
    state: web::Data<AppState>,
    req: HttpRequest,
    path: Path,
    q: web::Query<DocumentQuery>,
    payload: web::Payload,
) -> AppResult<HttpResponse> {
    let key = account_key(path.into_inner())?;
    let pdf = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/pdf"));
    if !pdf {
        return Err(AppError::field("file", Msg::new("document-not-pdf")));
    }
    let Some(purpose) = DocumentPurpose::parse(&q.purpose) else {
        return Err(AppError::field(
            "purpose",
            Msg::new("account-purpose-required"),
        ));
    };
    let (actor, now, limit) = (ctx.user()?.actor(), state.now(), state.document_max_bytes);
    let bytes = read_limited(payload, limit)
        .await
        .map_err(ReadError::into_app)?;
    let filename = q.filename.clone();
    let name = filename.clone();
    let sha = state
        .db(move |c| {
            let upload = Upload {
                purpose,
                filename: &filename,
                bytes: &bytes,
            };
            app::attach(c, &actor, now, key, &upload, limit)
        })
        .await?;
    Ok(super::created(AccountDocumentCreated {
        sha256: sha,
        purpose: purpose.as_str().into(),
        filename: name.trim().to_string(),
    }))
}
