//! The municipality's accounts (regnskab): the page of one account (what is asked, the
//! form of budget against actual, documents, CSV of the lines), the confirmation before
//! submitting, the receipt, earlier versions, and the documents' download. The
//! operations are `app::accounts` and `app::account_pages`.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use futures_util::StreamExt;
use serde::Deserialize;
use tilskud_templates::pages::account as page;
use tilskud_templates::pages::application::{ReceiptLine, VersionLink};

use super::login::see_other;
use super::{errors_text, html, long_date, long_date_text, AppState};
use crate::app::account_pages::{self as reads, AccountDossier, AccountSummary};
use crate::app::accounts::{self as app, line_field, AccountDraft, AccountKey, LineDraft, Upload};
use crate::app::documents::seconds_text;
use crate::domain::accounts::{required_documents, DocumentPurpose};
use crate::domain::budget::CostItem;
use crate::error::{AppError, AppResult, FieldErrors, Msg};
use crate::http::ctx::Ctx;
use crate::http::upload::{read_limited, ReadError};

type Path = web::Path<(i64, i32, String)>;

/// The account a path names; a kind other than `interim` or `final` names none.
pub fn account_key(path: (i64, i32, String)) -> AppResult<AccountKey> {
    AccountKey::from_path(path)
}

pub fn base(key: AccountKey) -> String {
    format!("/pools/{}/accounts/{}/{}", key.pool_id, key.code, key.kind)
}

const SAVE_ROUTE: &str = "/pools/{pool}/accounts/{code}/{kind}/save";

/// The form's urlencoded body as typed, for the account's `years`.
fn parse_form(body: &[u8], years: &[i32]) -> (AccountDraft, bool) {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).unwrap_or_default();
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let mut lines = Vec::new();
    for item in CostItem::ALL {
        for &year in years {
            lines.push(LineDraft {
                item: item.key().to_string(),
                year,
                actual: get(&line_field("actual", item, year)),
                comment: get(&line_field("comment", item, year)),
            });
        }
    }
    let draft = AccountDraft {
        signer_name: get("signer_name"),
        signer_title: get("signer_title"),
        audit_firm: get("audit_firm"),
        signed_on: get("signed_on"),
        lines,
    };
    (draft, get("next") == "confirm")
}

/// What the page shows besides the stored account.
#[derive(Default)]
struct Extras {
    form: Option<AccountDraft>,
    errors: FieldErrors,
    problem: Option<String>,
    flash: Option<String>,
}

fn today(now: chrono::NaiveDateTime) -> chrono::NaiveDate {
    crate::app::commitments::today(now)
}

fn claim_view(
    lang: tilskud_templates::i18n::Lang,
    key: AccountKey,
    c: &crate::db::queries::account_reads::ClaimRow,
) -> page::ClaimView {
    page::ClaimView {
        claim_no: c.claim_no.clone(),
        amount_ore: c.amount_ore,
        due_date: long_date(lang, c.due_date),
        status: c.status.clone(),
        letter_href: format!("{}/claim", base(key)),
    }
}

fn purpose_label(ctx: &Ctx, purpose: &str) -> String {
    ctx.t(&format!("account-purpose-{}", purpose.replace('_', "-")))
}

fn build_page(
    ctx: &Ctx,
    d: &AccountDossier,
    now: chrono::NaiveDateTime,
    extras: Extras,
) -> page::Page {
    let key = d.key();
    let a = &d.account;
    let can_edit = a.status.is_with_municipality()
        && d.shows_latest()
        && ctx.may("POST", SAVE_ROUTE, Some(d.code));
    let stored = d
        .shown
        .as_ref()
        .map(|v| AccountDraft::from_version(v, &d.lines));
    let form = extras.form.or(stored).unwrap_or_default();
    let lines = d
        .budget
        .iter()
        .map(|cell| {
            let typed = form
                .lines
                .iter()
                .find(|l| l.item == cell.item.key() && l.year == cell.year);
            let actual = typed.map(|l| l.actual.clone()).unwrap_or_default();
            let actual_ore = crate::domain::money::parse_kroner_input(&actual)
                .ok()
                .map(|o| o.as_i64());
            let deviates = actual_ore.is_some_and(|o| d.deviates(cell.item, cell.year, o));
            page::LineView {
                item_key: cell.item.key().to_string(),
                label: ctx.t(&format!("cost-item-{}", cell.item.key())),
                year: cell.year,
                budget_ore: cell.budget_ore,
                actual,
                actual_ore,
                comment: typed.map(|l| l.comment.clone()).unwrap_or_default(),
                deviates,
            }
        })
        .collect();
    let b = base(key);
    let latest_no = d.versions.last().map(|v| v.version_no);
    page::Page {
        base: b.clone(),
        pool_id: d.pool.id,
        pool_name: d.pool.name.clone(),
        municipality: d.municipality.clone(),
        kind: a.kind.as_str().to_string(),
        deadline: long_date(ctx.lang, a.deadline),
        overdue: a.status.is_with_municipality() && a.deadline < today(now),
        status: a.status.as_str().to_string(),
        certification: a.certification.as_str().to_string(),
        certification_rule: ctx.msg(&app::certification_msg(a)),
        required: required_documents(a.kind, a.certification)
            .iter()
            .map(|p| purpose_label(ctx, p.as_str()))
            .collect(),
        tolerance: d.tolerance_text(),
        sent_back_reason: d.sent_back_reason.clone(),
        deadline_moves: d
            .deadline_moves
            .iter()
            .map(|m| {
                ctx.msg(
                    &Msg::new("account-deadline-moved")
                        .arg("deadline", long_date(ctx.lang, m.deadline))
                        .arg(
                            "on",
                            long_date(ctx.lang, crate::app::commitments::today(m.at)),
                        )
                        .arg("reason", m.reason.as_str()),
                )
            })
            .collect(),
        version_no: d.shown.as_ref().map(|v| v.version_no),
        receipt: d.shown.as_ref().and_then(|v| {
            Some(ReceiptLine {
                receipt_no: v.receipt_no.clone()?,
                submitted_at: seconds_text(v.submitted_at?),
            })
        }),
        earlier: !d.shows_latest(),
        can_edit,
        csrf: ctx.csrf(),
        lines,
        signer_name: form.signer_name,
        signer_title: form.signer_title,
        audit_firm: form.audit_firm,
        // The form's field wants `yyyy-mm-dd`; read-only it is a date as people read it.
        signed_on: if can_edit {
            form.signed_on
        } else {
            long_date_text(ctx.lang, &form.signed_on)
        },
        documents: d
            .documents
            .iter()
            .map(|doc| page::DocumentView {
                purpose: purpose_label(ctx, &doc.purpose),
                filename: doc.filename.clone(),
                href: format!("{b}/documents/{}", doc.sha256),
            })
            .collect(),
        purposes: DocumentPurpose::ALL
            .iter()
            .map(|p| (p.as_str().to_string(), purpose_label(ctx, p.as_str())))
            .collect(),
        versions: d
            .versions
            .iter()
            .rev()
            .map(|v| VersionLink {
                version_no: v.version_no,
                submitted_at: v.submitted_at.map(seconds_text).unwrap_or_default(),
                href: if Some(v.version_no) == latest_no {
                    b.clone()
                } else {
                    format!("{b}?version={}", v.version_no)
                },
                current: d.shown.as_ref().is_some_and(|s| s.id == v.id),
            })
            .collect(),
        errors: errors_text(ctx, &extras.errors),
        problem: extras.problem,
        flash: extras.flash,
        claim: d.claim.as_ref().map(|c| claim_view(ctx.lang, key, c)),
        document_limit_mb: 0,
    }
}

fn title(ctx: &Ctx, d: &AccountDossier) -> String {
    format!(
        "{} – {}",
        page::kind_label(ctx.lang, d.account.kind.as_str()),
        d.municipality
    )
}

#[derive(Deserialize)]
pub struct ShowQuery {
    version: Option<i32>,
    done: Option<String>,
}

pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: Path,
    q: web::Query<ShowQuery>,
) -> AppResult<HttpResponse> {
    let key = account_key(path.into_inner())?;
    let wanted = q.version;
    let d = state
        .cached(&ctx, reads::read_key(key, wanted), move |c| {
            reads::read(c, key, wanted)
        })
        .await?;
    let flash = q.done.as_deref().and_then(|k| match k {
        "saved" | "submitted" | "uploaded" | "lines" => Some(ctx.t(&format!("account-done-{k}"))),
        _ => None,
    });
    let extras = Extras {
        flash,
        ..Extras::default()
    };
    let mut p = build_page(&ctx, &d, state.now(), extras);
    p.document_limit_mb = state.document_max_bytes / 1_048_576;
    Ok(html(ctx.page(&title(&ctx, &d), page::page(ctx.lang, &p))))
}

/// The page again, with what was typed and what is wrong.
async fn rerender(
    ctx: &Ctx,
    state: &AppState,
    key: AccountKey,
    extras: Extras,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let d = state.read(move |c| reads::read(c, key, None)).await?;
    let mut p = build_page(ctx, &d, state.now(), extras);
    p.document_limit_mb = state.document_max_bytes / 1_048_576;
    let body = ctx
        .page(&title(ctx, &d), page::page(ctx.lang, &p))
        .into_string();
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body))
}

/// On success go to `location`; field errors and conflicts show the page again.
async fn respond<T>(
    ctx: &Ctx,
    state: &AppState,
    key: AccountKey,
    result: AppResult<T>,
    location: String,
    keep: Extras,
) -> AppResult<HttpResponse> {
    match result {
        Ok(_) => Ok(see_other(&location)),
        Err(AppError::Invalid(errors)) => {
            let extras = Extras { errors, ..keep };
            rerender(ctx, state, key, extras, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(AppError::TooLarge(m)) => {
            let mut errors = FieldErrors::default();
            errors.add("file", m);
            let extras = Extras { errors, ..keep };
            rerender(ctx, state, key, extras, StatusCode::PAYLOAD_TOO_LARGE).await
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

/// The account's years, for reading its form.
async fn years(state: &AppState, key: AccountKey) -> AppResult<(i32, i32)> {
    state
        .read(move |c| {
            crate::db::queries::accounts::find(c, key.pool_id, key.code, key.kind)?
                .map(|a| (a.first_year, a.last_year))
                .ok_or(AppError::NotFound)
        })
        .await
}

/// Saves the draft; "submit" saves and goes on to the confirmation.
pub async fn save(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: Path,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let key = account_key(path.into_inner())?;
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let (first, last) = years(&state, key).await?;
    let all: Vec<i32> = (first..=last).collect();
    let (form, to_confirm) = parse_form(&body, &all);
    let result = match form.parse((first, last)) {
        Err(errors) => Err(AppError::Invalid(errors)),
        Ok(input) => {
            state
                .db(move |c| app::save(c, &actor, now, key, &input))
                .await
        }
    };
    let location = if to_confirm {
        format!("{}/submit", base(key))
    } else {
        format!("{}?done=saved", base(key))
    };
    let keep = Extras {
        form: Some(form),
        ..Extras::default()
    };
    respond(&ctx, &state, key, result, location, keep).await
}

/// The confirmation page: what will be submitted, and that it will be frozen.
pub async fn confirm(ctx: Ctx, state: web::Data<AppState>, path: Path) -> AppResult<HttpResponse> {
    let key = account_key(path.into_inner())?;
    let d = state.read(move |c| reads::read(c, key, None)).await?;
    if !d.account.status.is_with_municipality() {
        return Ok(see_other(&base(key)));
    }
    let mut p = build_page(&ctx, &d, state.now(), Extras::default());
    if !d.shows_draft() {
        // After a send-back the next version is the one submitted.
        p.version_no = Some(d.versions.last().map_or(1, |v| v.version_no + 1));
    }
    Ok(html(
        ctx.page(&title(&ctx, &d), page::confirm(ctx.lang, &p)),
    ))
}

/// Submits the saved draft (or, after a send-back, the version sent back as corrected).
pub async fn submit(ctx: Ctx, state: web::Data<AppState>, path: Path) -> AppResult<HttpResponse> {
    let key = account_key(path.into_inner())?;
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let result = state
        .db(move |c| {
            let d = reads::read(c, key, None)?;
            let draft = d
                .shown
                .as_ref()
                .map(|v| AccountDraft::from_version(v, &d.lines))
                .unwrap_or_default();
            let input = draft
                .parse((d.account.first_year, d.account.last_year))
                .map_err(AppError::Invalid)?;
            app::submit(c, &actor, now, key, &input)
        })
        .await;
    let location = format!("{}?done=submitted", base(key));
    respond(&ctx, &state, key, result, location, Extras::default()).await
}

/// The text of a small form field of a multipart body.
async fn small_text(field: actix_multipart::Field) -> AppResult<String> {
    let bytes = read_limited(field, 1000)
        .await
        .map_err(ReadError::into_app)?;
    String::from_utf8(bytes).map_err(|_| AppError::field("purpose", Msg::new("field-required")))
}

/// A multipart upload: the `purpose` field (if any) and the file of the `file` field,
/// read within the configured limit; the whole form too (`http::upload::limited_multipart`).
async fn read_upload(
    req: &HttpRequest,
    payload: web::Payload,
    limit: usize,
) -> AppResult<(String, String, Vec<u8>)> {
    let too_large = || ReadError::TooLarge { limit }.into_app();
    let whole = limit.saturating_add(crate::http::upload::FORM_SLACK);
    let (payload, overflow) =
        crate::http::upload::limited_multipart(req, payload, whole).map_err(|_| too_large())?;
    let read = read_fields(payload, limit).await;
    if overflow.happened() {
        return Err(too_large());
    }
    read
}

async fn read_fields(mut payload: Multipart, limit: usize) -> AppResult<(String, String, Vec<u8>)> {
    let mut purpose = String::new();
    while let Some(field) = payload.next().await {
        let field = field.map_err(|_| AppError::field("file", Msg::new("upload-unreadable")))?;
        match field.name().unwrap_or_default() {
            "purpose" => purpose = small_text(field).await?,
            "file" => {
                let filename = field
                    .content_disposition()
                    .and_then(|d| d.get_filename())
                    .unwrap_or_default()
                    .to_string();
                let bytes = read_limited(field, limit)
                    .await
                    .map_err(ReadError::into_app)?;
                return Ok((purpose, filename, bytes));
            }
            _ => {}
        }
    }
    Err(AppError::field("file", Msg::new("upload-missing")))
}

pub async fn upload(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: Path,
    req: HttpRequest,
    payload: web::Payload,
) -> AppResult<HttpResponse> {
    let key = account_key(path.into_inner())?;
    let (actor, now, limit) = (ctx.user()?.actor(), state.now(), state.document_max_bytes);
    let result = match read_upload(&req, payload, limit).await {
        Err(e) => Err(e),
        Ok((purpose, filename, bytes)) => match DocumentPurpose::parse(&purpose) {
            None => Err(AppError::field(
                "purpose",
                Msg::new("account-purpose-required"),
            )),
            Some(purpose) => {
                state
                    .db(move |c| {
                        let upload = Upload {
                            purpose,
                            filename: &filename,
                            bytes: &bytes,
                        };
                        app::attach(c, &actor, now, key, &upload, limit)
                    })
                    .await
            }
        },
    };
    let location = format!("{}?done=uploaded", base(key));
    respond(&ctx, &state, key, result, location, Extras::default()).await
}

/// The account's lines from a CSV, into the draft.
pub async fn lines(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: Path,
    req: HttpRequest,
    payload: web::Payload,
) -> AppResult<HttpResponse> {
    let key = account_key(path.into_inner())?;
    let (actor, now, limit) = (ctx.user()?.actor(), state.now(), state.document_max_bytes);
    let years = years(&state, key).await?;
    let result = match read_upload(&req, payload, limit).await {
        Err(e) => Err(e),
        Ok((_, _, bytes)) => match reads::lines_from_csv(&bytes, years) {
            Err(errors) => Err(AppError::Invalid(errors)),
            Ok(lines) => {
                state
                    .db(move |c| reads::save_lines(c, &actor, now, key, lines))
                    .await
            }
        },
    };
    let location = format!("{}?done=lines", base(key));
    respond(&ctx, &state, key, result, location, Extras::default()).await
}

/// The lines as a CSV for Danish Excel, the budget filled in: the template to upload.
pub async fn lines_csv(state: web::Data<AppState>, path: Path) -> AppResult<HttpResponse> {
    let key = account_key(path.into_inner())?;
    let d = state.read(move |c| reads::read(c, key, None)).await?;
    let body = reads::lines_template_csv(&d).map_err(AppError::internal)?;
    let name = format!("regnskab-{}-{}-{}.csv", key.pool_id, key.code, key.kind);
    Ok(super::attachment("text/csv; charset=utf-8", &name, body))
}

/// A file name safe inside a quoted header value.
fn ascii_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// A document of the account, as an attachment the browser does not sniff.
pub async fn download(
    state: web::Data<AppState>,
    path: web::Path<(i64, i32, String, String)>,
) -> AppResult<HttpResponse> {
    let (pool, code, kind, sha) = path.into_inner();
    let key = account_key((pool, code, kind))?;
    if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::NotFound);
    }
    let (bytes, name) = state.read(move |c| reads::document(c, key, &sha)).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}\"", ascii_name(&name)),
        ))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .body(bytes))
}

/// A commitment's accounts as the overview pages list them.
pub fn account_lines(
    lang: tilskud_templates::i18n::Lang,
    summaries: &[AccountSummary],
    pool_id: i64,
    code: i32,
    now: chrono::NaiveDateTime,
) -> Vec<page::AccountLine> {
    summaries
        .iter()
        .map(|s| {
            let a = &s.account;
            let key = AccountKey {
                pool_id,
                code,
                kind: a.kind,
            };
            page::AccountLine {
                kind: a.kind.as_str().to_string(),
                deadline: long_date(lang, a.deadline),
                overdue: a.status.is_with_municipality() && a.deadline < today(now),
                status: a.status.as_str().to_string(),
                certification: a.certification.as_str().to_string(),
                href: base(key),
                claim: s.claim.as_ref().map(|c| claim_view(lang, key, c)),
            }
        })
        .collect()
}
