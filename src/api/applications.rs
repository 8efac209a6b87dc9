//! Applications and commitments over the API: the same operations, access rules,
//! validation and emails as the HTML pages (`app::applications`, `app::commitments`).

use std::collections::BTreeMap;

use actix_web::{web, HttpResponse};
use chrono::{NaiveDate, NaiveDateTime, SecondsFormat};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::applications::{
    self as app, ApplicationDraft, BudgetRowDraft, Decision, Dossier, Mail, Reason, Receipt,
};
use crate::app::commitments::{self, ApproveDraft, CommitmentDetail};
use crate::app::documents::seconds_text;
use crate::db::queries::applications::{self as rows, BudgetLineRow, VersionRow};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::http::ctx::Ctx;
use crate::http::AppState;

type Path = web::Path<(i64, i32)>;

fn utc(t: NaiveDateTime) -> String {
    t.and_utc().to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn copenhagen(t: NaiveDateTime) -> String {
    crate::domain::time::to_local(t.and_utc()).to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// One budget row as typed: an item's description and its amount per year.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
pub struct BudgetRowForm {
    /// caseworker-salaries, social-health-salaries, project-management, progression-tools, other
    pub item: String,
    #[serde(default)]
    pub description: String,
    /// Amount per year, Danish notation ("1.234.567,50"); empty means 0.
    #[serde(default)]
    #[schema(value_type = BTreeMap<String, String>)]
    pub amounts: BTreeMap<i32, String>,
}

/// The application as typed in the form or sent as JSON.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
pub struct ApplicationForm {
    #[serde(default)]
    pub contact_name: String,
    #[serde(default)]
    pub contact_title: String,
    #[serde(default)]
    pub contact_email: String,
    #[serde(default)]
    pub contact_phone: String,
    /// Why the budget differs from the expected grant (required when it does).
    #[serde(default)]
    pub difference_comment: String,
    /// The keys of the accepted obligations.
    #[serde(default)]
    pub obligations: Vec<String>,
    #[serde(default)]
    pub budget: Vec<BudgetRowForm>,
}

impl From<ApplicationForm> for ApplicationDraft {
    fn from(f: ApplicationForm) -> ApplicationDraft {
        ApplicationDraft {
            contact_name: f.contact_name,
            contact_title: f.contact_title,
            contact_email: f.contact_email,
            contact_phone: f.contact_phone,
            difference_comment: f.difference_comment,
            obligations: f.obligations,
            budget: f
                .budget
                .into_iter()
                .map(|r| BudgetRowDraft {
                    item: r.item,
                    description: r.description,
                    amounts: r.amounts,
                })
                .collect(),
        }
    }
}

/// The approval form as typed: the split by year, the account deadline and the
/// finance-act reservation.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
pub struct ApproveForm {
    /// Amount per year in Danish notation.
    #[serde(default)]
    #[schema(value_type = BTreeMap<String, String>)]
    pub years: std::collections::BTreeMap<i32, String>,
    /// YYYY-MM-DD
    #[serde(default)]
    pub account_deadline: String,
    #[serde(default)]
    pub reservation: String,
}

impl From<ApproveForm> for ApproveDraft {
    fn from(f: ApproveForm) -> ApproveDraft {
        ApproveDraft {
            years: f.years,
            account_deadline: f.account_deadline,
            reservation: f.reservation,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ApplicationListOut {
    pub pool_id: i64,
    pub pool_name: String,
    pub pool_amount_ore: i64,
    /// The sum of the pool's active commitments.
    pub committed_ore: i64,
    /// What is left of the pool for further commitments.
    pub left_ore: i64,
    pub applications: Vec<ListRow>,
}

/// A row of the officer's list of a pool's applications.
#[derive(Serialize, ToSchema)]
pub struct ListRow {
    pub municipality_code: i32,
    pub name: String,
    pub status: String,
    pub version_no: i32,
    /// Copenhagen time, "02-06-2017 12:00".
    pub submitted_at: Option<String>,
    pub budget_total_ore: i64,
    pub expected_ore: Option<i64>,
}

impl From<rows::ListRow> for ListRow {
    fn from(r: rows::ListRow) -> ListRow {
        ListRow {
            municipality_code: r.municipality_code,
            name: r.name,
            status: r.status.as_str().to_string(),
            version_no: r.version_no,
            submitted_at: r.submitted_at.map(crate::http::local),
            budget_total_ore: r.budget_total_ore,
            expected_ore: r.expected_ore,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct BudgetLineOut {
    pub item: String,
    pub year: i32,
    pub amount_ore: i64,
    pub description: String,
}

/// One version of an application as the municipality had it.
#[derive(Serialize, ToSchema)]
pub struct VersionOut {
    pub version_no: i32,
    pub contact_name: String,
    pub contact_title: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub difference_comment: String,
    pub obligations: Vec<String>,
    /// The budget in the shape PUT takes (amounts in Danish notation).
    pub budget: Vec<BudgetRowForm>,
    /// The stored budget lines, in øre.
    pub budget_lines: Vec<BudgetLineOut>,
    pub budget_total_ore: i64,
    pub receipt_no: Option<String>,
    /// UTC, RFC 3339; absent while the version is a draft.
    pub submitted_at: Option<String>,
    /// Europe/Copenhagen, RFC 3339 with offset.
    pub submitted_at_local: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

fn version_out(v: &VersionRow, lines: &[BudgetLineRow]) -> VersionOut {
    let form = ApplicationDraft::from_version(v, lines);
    let mut budget_lines: Vec<BudgetLineOut> = lines
        .iter()
        .map(|l| BudgetLineOut {
            item: l.cost_item.clone(),
            year: l.year,
            amount_ore: l.amount_ore,
            description: l.description.clone(),
        })
        .collect();
    budget_lines.sort_by(|a, b| (&a.item, a.year).cmp(&(&b.item, b.year)));
    VersionOut {
        version_no: v.version_no,
        contact_name: form.contact_name,
        contact_title: form.contact_title,
        contact_email: form.contact_email,
        contact_phone: form.contact_phone,
        difference_comment: form.difference_comment,
        obligations: form.obligations,
        budget: form
            .budget
            .into_iter()
            .map(|r| BudgetRowForm {
                item: r.item,
                description: r.description,
                amounts: r.amounts,
            })
            .collect(),
        budget_lines,
        budget_total_ore: v.budget_total_ore,
        receipt_no: v.receipt_no.clone(),
        submitted_at: v.submitted_at.map(utc),
        submitted_at_local: v.submitted_at.map(copenhagen),
        created_at: utc(v.created_at),
        updated_at: utc(v.updated_at),
    }
}

/// The receipt of a submitted version.
#[derive(Serialize, ToSchema)]
pub struct ReceiptOut {
    pub application_id: i64,
    pub version_no: i32,
    pub receipt_no: String,
    /// UTC, RFC 3339.
    pub submitted_at: String,
    /// Europe/Copenhagen, RFC 3339 with offset.
    pub submitted_at_local: String,
    /// As shown to the applicant: Danish time to the second, "02.06.2017 11:59:59".
    pub submitted_at_text: String,
}

fn receipt_out(r: &Receipt) -> ReceiptOut {
    ReceiptOut {
        application_id: r.application_id,
        version_no: r.version_no,
        receipt_no: r.receipt_no.clone(),
        submitted_at: utc(r.submitted_at),
        submitted_at_local: copenhagen(r.submitted_at),
        submitted_at_text: seconds_text(r.submitted_at),
    }
}

#[derive(Serialize, ToSchema)]
pub struct EventOut {
    /// application.request-changes, application.reject, application.approve, application.withdraw
    pub action: String,
    pub reason: String,
    pub actor: String,
    pub at: String,
    pub at_local: String,
}

#[derive(Serialize, ToSchema)]
pub struct YearOut {
    pub year: i32,
    pub amount_ore: i64,
}

#[derive(Serialize, ToSchema)]
pub struct CommitmentRateOut {
    pub number: i32,
    /// Share in basis points (3000 = 30 %).
    pub share_bp: i32,
    pub earliest_date: Option<NaiveDate>,
    pub amount_ore: i64,
    /// paid, pending (payable), not-due (its earliest date is in the future) or cancelled.
    pub status: String,
    pub paid_at: Option<String>,
}

/// Whether the parts of a split add up to the commitment.
#[derive(Serialize, ToSchema)]
pub struct PartsCheckOut {
    pub adds_up: bool,
    pub sum_ore: i64,
    /// Sum of the parts minus the commitment; 0 when they add up.
    pub difference_ore: i64,
}

#[derive(Serialize, ToSchema)]
pub struct PartsAddUpOut {
    pub years: PartsCheckOut,
    pub rates: PartsCheckOut,
}

/// A commitment as the municipality's committee reads it.
#[derive(Serialize, ToSchema)]
pub struct CommitmentOut {
    pub id: i64,
    pub pool_id: i64,
    pub municipality_code: i32,
    pub letter_no: String,
    /// active or withdrawn.
    pub status: String,
    pub amount_ore: i64,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub account_deadline: NaiveDate,
    pub reservation: String,
    pub approved_by: String,
    pub approved_at: String,
    pub withdrawn_at: Option<String>,
    pub years: Vec<YearOut>,
    pub rates: Vec<CommitmentRateOut>,
    /// The sum of the paid rates.
    pub paid_ore: i64,
    /// The sum of the rates still to be paid (pending or not yet due).
    pub outstanding_ore: i64,
    pub parts_add_up: PartsAddUpOut,
}

fn parts(amount: i64, sum: i64) -> PartsCheckOut {
    PartsCheckOut {
        adds_up: sum == amount,
        sum_ore: sum,
        difference_ore: sum - amount,
    }
}

fn commitment_out(d: &CommitmentDetail) -> CommitmentOut {
    let (c, f) = (&d.full.commitment, &d.full);
    CommitmentOut {
        id: c.id,
        pool_id: c.pool_id,
        municipality_code: c.municipality_code,
        letter_no: c.letter_no.clone(),
        status: c.status.as_str().to_string(),
        amount_ore: c.amount_ore,
        period_start: c.period_start,
        period_end: c.period_end,
        account_deadline: c.account_deadline,
        reservation: c.reservation.clone(),
        approved_by: d.approved_by.clone(),
        approved_at: utc(c.approved_at),
        withdrawn_at: c.withdrawn_at.map(utc),
        years: f
            .years
            .iter()
            .map(|(year, amount_ore)| YearOut {
                year: *year,
                amount_ore: *amount_ore,
            })
            .collect(),
        rates: d
            .rates
            .iter()
            .map(|r| CommitmentRateOut {
                number: r.rate.rate_no,
                share_bp: r.rate.share_bp,
                earliest_date: r.rate.earliest_date,
                amount_ore: r.rate.amount_ore,
                status: r.state.as_str().to_string(),
                paid_at: r.rate.paid_at.map(utc),
            })
            .collect(),
        paid_ore: d.paid_ore(),
        outstanding_ore: d.outstanding_ore(),
        parts_add_up: PartsAddUpOut {
            years: parts(c.amount_ore, f.years.iter().map(|y| y.1).sum()),
            rates: parts(c.amount_ore, f.rates.iter().map(|r| r.amount_ore).sum()),
        },
    }
}

/// A municipality's application in a pool (or that it has none yet) and its commitment.
#[derive(Serialize, ToSchema)]
pub struct ApplicationOut {
    pub pool_id: i64,
    pub pool_name: String,
    pub municipality_code: i32,
    pub municipality: String,
    /// The municipality's amount in the pool's approved allocation.
    pub expected_ore: Option<i64>,
    /// The pool's deadline, UTC, RFC 3339.
    pub deadline: String,
    /// The pool's deadline, Europe/Copenhagen, RFC 3339 with offset.
    pub deadline_local: String,
    pub deadline_passed: bool,
    /// Highest share of the budget for project management and tools together, in basis
    /// points; absent when the pool has no such rule.
    pub admin_share_max_bp: Option<i32>,
    /// draft, submitted, changes_requested, rejected, approved or withdrawn; absent when
    /// the municipality has not started an application.
    pub status: Option<String>,
    /// The newest version.
    pub version: Option<VersionOut>,
    /// The receipt of the newest version, if it is submitted.
    pub receipt: Option<ReceiptOut>,
    /// Every version, newest first; submitted versions never change.
    pub versions: Vec<VersionOut>,
    pub events: Vec<EventOut>,
    pub commitment: Option<CommitmentOut>,
}

fn event_out(d: &Dossier, e: &rows::EventRow) -> EventOut {
    EventOut {
        action: e.action.clone(),
        reason: e.reason.clone(),
        actor: d.name_of(e.actor_id),
        at: utc(e.at),
        at_local: copenhagen(e.at),
    }
}

fn application_out(c: &mut DbConn, d: Dossier, now: NaiveDateTime) -> AppResult<ApplicationOut> {
    let (mut versions, mut receipt, mut events) = (Vec::new(), None, Vec::new());
    if let Some(l) = &d.application {
        for (v, lines) in app::versions_with_lines(c, l)? {
            versions.push(version_out(&v, &lines));
        }
        let v = &l.version;
        receipt = v
            .receipt_no
            .clone()
            .zip(v.submitted_at)
            .map(|(receipt_no, at)| {
                receipt_out(&Receipt {
                    application_id: l.application.id,
                    version_no: v.version_no,
                    receipt_no,
                    submitted_at: at,
                })
            });
        events = l.events.iter().map(|e| event_out(&d, e)).collect();
    }
    let deadline = d.pool.application_deadline;
    Ok(ApplicationOut {
        pool_id: d.pool.id,
        pool_name: d.pool.name.clone(),
        municipality_code: d.code,
        municipality: d.municipality.clone(),
        expected_ore: d.expected_ore,
        deadline: utc(deadline),
        deadline_local: copenhagen(deadline),
        deadline_passed: d.deadline_passed(now),
        admin_share_max_bp: d.pool.admin_share_max_bp,
        status: d.status().map(|s| s.as_str().to_string()),
        version: d
            .application
            .as_ref()
            .map(|l| version_out(&l.version, &l.lines)),
        receipt,
        versions,
        events,
        commitment: d.commitment.as_ref().map(commitment_out),
    })
}

/// The application as read at `now`, for the answer.
fn read_out(c: &mut DbConn, key: (i64, i32), now: NaiveDateTime) -> AppResult<ApplicationOut> {
    let d = app::read(c, key, None, now)?;
    application_out(c, d, now)
}

/// A pool's applications with their newest version, and how much of the pool is committed.
#[utoipa::path(get, operation_id = "list_applications", path = "/api/v1/pools/{pool}/applications", tag = "applications", params(("pool" = i64, Path, minimum = 1)),
    responses((status = 200, body = ApplicationListOut), (status = 404, body = crate::http::errors::ApiError)), security(("session" = [])))]
pub async fn list(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let pool_id = path.into_inner();
    let l = state
        .cached(&ctx, app::list_key(pool_id), move |c| app::list(c, pool_id))
        .await?;
    Ok(super::ok(ApplicationListOut {
        pool_id,
        pool_name: l.pool.name.clone(),
        pool_amount_ore: l.pool.amount_ore,
        committed_ore: l.committed_ore,
        left_ore: l.pool.amount_ore - l.committed_ore,
        applications: l.rows.iter().cloned().map(ListRow::from).collect(),
    }))
}

/// A municipality's application: the newest version, every earlier version, the events
/// and the commitment if one was given. Municipal users read only their own.
#[utoipa::path(get, operation_id = "get_application", path = "/api/v1/pools/{pool}/applications/{code}", tag = "applications",
    params(("pool" = i64, Path, minimum = 1), ("code" = i32, Path, minimum = 101, maximum = 860, description = "Official municipality code, e.g. 615")),
    responses((status = 200, body = ApplicationOut), (status = 403, body = crate::http::errors::ApiError), (status = 404, body = crate::http::errors::ApiError)), security(("session" = [])))]
pub async fn get(state: web::Data<AppState>, path: Path) -> AppResult<HttpResponse> {
    let key = path.into_inner();
    let now = state.now();
    let out = state.read(move |c| read_out(c, key, now)).await?;
    Ok(super::ok(out))
}

/// Parses the body against the pool's years (before any transaction). For a submission
/// that does not parse, the missing contact fields and obligations are named too, so
/// that one answer lists every problem.
async fn parse(
    state: &AppState,
    pool_id: i64,
    body: ApplicationForm,
    submit: bool,
) -> AppResult<app::ApplicationInput> {
    let years = state.read(move |c| app::years(c, pool_id)).await?;
    let draft = ApplicationDraft::from(body);
    draft.parse(&years).map_err(|mut errors| {
        if submit {
            draft.add_submission_errors(&mut errors);
        }
        AppError::Invalid(errors)
    })
}

/// Save the application as a draft (the municipality's finance staff only). Amounts are
/// kroner in Danish notation; field errors name the form's fields, e.g.
/// `amount_caseworker-salaries_2027`.
#[utoipa::path(put, operation_id = "save_application", path = "/api/v1/pools/{pool}/applications/{code}", tag = "applications",
    params(("pool" = i64, Path, minimum = 1), ("code" = i32, Path, minimum = 101, maximum = 860)), request_body = ApplicationForm,
    responses((status = 200, body = ApplicationOut), (status = 409, body = crate::http::errors::ApiError), (status = 422, body = crate::http::errors::ApiError)),
    security(("session" = []), ("csrf" = [])))]
pub async fn save(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: Path,
    body: web::Json<ApplicationForm>,
) -> AppResult<HttpResponse> {
    let key = path.into_inner();
    let input = parse(&state, key.0, body.into_inner(), false).await?;
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let out = state
        .db(move |c| {
            app::save(c, &actor, now, key.0, key.1, &input)?;
            read_out(c, key, now)
        })
        .await?;
    Ok(super::ok(out))
}

/// Save and submit the application before the pool's deadline (Danish time, to the
/// second). The submitted version is frozen; the receipt goes to the contact person.
#[utoipa::path(post, operation_id = "submit_application", path = "/api/v1/pools/{pool}/applications/{code}/submit", tag = "applications",
    params(("pool" = i64, Path, minimum = 1), ("code" = i32, Path, minimum = 101, maximum = 860)), request_body = ApplicationForm,
    responses((status = 201, body = ReceiptOut), (status = 409, body = crate::http::errors::ApiError, description = "After the deadline, or not editable now"), (status = 422, body = crate::http::errors::ApiError)),
    security(("session" = []), ("csrf" = [])))]
pub async fn submit(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: Path,
    body: web::Json<ApplicationForm>,
) -> AppResult<HttpResponse> {
    let key = path.into_inner();
    let input = parse(&state, key.0, body.into_inner(), true).await?;
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let receipt = state
        .db(move |c| app::submit(c, &actor, now, key, &input, Mail::Queue))
        .await?;
    Ok(super::created(receipt_out(&receipt)))
}

#[derive(Deserialize, ToSchema)]
pub struct WithdrawIn {
    #[serde(default)]
    #[schema(
        required = true,
        min_length = 1,
        max_length = 2000,
        pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
    )]
    pub reason: String,
}

/// Withdraw the application. A commitment is withdrawn with it: rates not yet paid are
/// cancelled, paid rates stay paid.
#[utoipa::path(post, operation_id = "withdraw_application", path = "/api/v1/pools/{pool}/applications/{code}/withdraw", tag = "applications",
    params(("pool" = i64, Path, minimum = 1), ("code" = i32, Path, minimum = 101, maximum = 860)), request_body = WithdrawIn,
    responses((status = 200, body = ApplicationOut), (status = 409, body = crate::http::errors::ApiError), (status = 422, body = crate::http::errors::ApiError)),
    security(("session" = []), ("csrf" = [])))]
pub async fn withdraw(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: Path,
    body: web::Json<WithdrawIn>,
) -> AppResult<HttpResponse> {
    let key = path.into_inner();
    let reason = Reason::parse(&body.reason)?;
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let out = state
        .db(move |c| {
            commitments::withdraw(c, &actor, now, key, &reason)?;
            read_out(c, key, now)
        })
        .await?;
    Ok(super::ok(out))
}

#[derive(Deserialize, ToSchema)]
pub struct DecideIn {
    /// request_changes or reject
    #[serde(default)]
    #[schema(required = true, pattern = "^(request_changes|reject)$")]
    pub decision: String,
    /// Why, for the municipality.
    #[serde(default)]
    #[schema(
        required = true,
        min_length = 1,
        max_length = 2000,
        pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
    )]
    pub reason: String,
}

/// Send a submitted application back for changes, or reject it.
#[utoipa::path(post, operation_id = "decide_application", path = "/api/v1/pools/{pool}/applications/{code}/decide", tag = "applications",
    params(("pool" = i64, Path, minimum = 1), ("code" = i32, Path, minimum = 101, maximum = 860)), request_body = DecideIn,
    responses((status = 200, body = ApplicationOut), (status = 409, body = crate::http::errors::ApiError), (status = 422, body = crate::http::errors::ApiError)),
    security(("session" = []), ("csrf" = [])))]
pub async fn decide(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: Path,
    body: web::Json<DecideIn>,
) -> AppResult<HttpResponse> {
    let key = path.into_inner();
    let decision = Decision::parse(&body.decision)?;
    let reason = Reason::parse(&body.reason)?;
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let out = state
        .db(move |c| {
            app::decide(c, &actor, now, key, decision, &reason)?;
            read_out(c, key, now)
        })
        .await?;
    Ok(super::ok(out))
}

/// Approve a submitted application: creates the commitment with its split by year (which
/// must add up to the commitment exactly) and its rates, and sends the commitment letter.
#[utoipa::path(post, operation_id = "approve_application", path = "/api/v1/pools/{pool}/applications/{code}/approve", tag = "applications",
    params(("pool" = i64, Path, minimum = 1), ("code" = i32, Path, minimum = 101, maximum = 860)), request_body = ApproveForm,
    responses((status = 201, body = CommitmentOut), (status = 409, body = crate::http::errors::ApiError, description = "Not awaiting a decision, or the pool would be exceeded"), (status = 422, body = crate::http::errors::ApiError)),
    security(("session" = []), ("csrf" = [])))]
pub async fn approve(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: Path,
    body: web::Json<ApproveForm>,
) -> AppResult<HttpResponse> {
    let key = path.into_inner();
    let draft = ApproveDraft::from(body.into_inner());
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let out = state
        .db(move |c| {
            let terms = commitments::terms(c, key.0, key.1)?;
            let input = draft.parse(&terms).map_err(AppError::Invalid)?;
            commitments::approve(c, &actor, now, key, &input, Mail::Queue)?;
            commitments::get(c, key.0, key.1, now)
        })
        .await?;
    Ok(super::created(commitment_out(&out)))
}

/// The commitment as the municipality's committee reads it: the amount, its split by year,
/// the rates with what is paid and what is pending, and whether each split adds up.
#[utoipa::path(get, operation_id = "get_commitment", path = "/api/v1/pools/{pool}/applications/{code}/commitment", tag = "applications",
    params(("pool" = i64, Path, minimum = 1), ("code" = i32, Path, minimum = 101, maximum = 860)),
    responses((status = 200, body = CommitmentOut), (status = 403, body = crate::http::errors::ApiError), (status = 404, body = crate::http::errors::ApiError)), security(("session" = [])))]
pub async fn commitment(state: web::Data<AppState>, path: Path) -> AppResult<HttpResponse> {
    let (pool_id, code) = path.into_inner();
    let now = state.now();
    let out = state
        .read(move |c| commitments::get(c, pool_id, code, now))
        .await?;
    Ok(super::ok(commitment_out(&out)))
}
