//! The progression questionnaire over the API (`docs/questionnaire.md`): the pool's
//! question set and its follow-up window (officers), who is due (the officer's counts;
//! the municipality's own list by pseudonym), measurements entered one by one or
//! imported as the vendor's file (the municipality's finance staff and caseworkers),
//! the results, and the delivery to the evaluator. The same operations as the pages
//! (`app::questionnaire`). A CPR number is read, pseudonymised at once and never written
//! back: not in an answer, not in an error.

use std::collections::BTreeMap;

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{NaiveDate, NaiveDateTime, SecondsFormat};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::questionnaire::{self as app, delivery, due, entry, SetVersion};
use crate::db::queries::pools;
use crate::db::DbConn;
use crate::domain::monitoring::pseudonym::Pseudonym;
use crate::domain::questionnaire::{MeasurementKind, Question, QuestionKind, QuestionSet, Text2};
use crate::error::{AppError, AppResult};
use crate::http::ctx::Ctx;
use crate::http::AppState;

type PoolPath = web::Path<i64>;
type CodePath = web::Path<(i64, i32)>;

/// The pool, or 404.
fn pool_exists(c: &mut DbConn, pool: i64) -> AppResult<()> {
    pools::get(c, pool)?.ok_or(AppError::NotFound)?;
    Ok(())
}

/// The municipality, or 404 (an officer may name any code).
fn municipality_exists(c: &mut DbConn, code: i32) -> AppResult<()> {
    crate::db::queries::municipalities::get(c, code)?.ok_or(AppError::NotFound)?;
    Ok(())
}

fn utc_text(t: NaiveDateTime) -> String {
    t.and_utc().to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn hex(p: &Pseudonym) -> String {
    p.to_string()
}

fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

fn today(state: &AppState) -> NaiveDate {
    crate::app::reminders::copenhagen_today(state.now())
}

// ---------------------------------------------------------------------------------------
// The question set as JSON: the same shape as the stored definition
// (`domain::questionnaire::set`), converted both ways.

/// A text in Danish and English.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct BilingualText {
    /// 1–500 characters.
    #[schema(
        min_length = 1,
        max_length = 500,
        pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
    )]
    pub da: String,
    /// 1–500 characters.
    #[schema(
        min_length = 1,
        max_length = 500,
        pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
    )]
    pub en: String,
}

/// What kind of answer a question takes; every answer is stored as a whole number.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum AnswerKind {
    /// A scale `min`..`max` (at most 10 steps, e.g. 1–5) with its two ends labelled.
    Scale {
        min: i64,
        max: i64,
        low: BilingualText,
        high: BilingualText,
    },
    /// Yes (1) or no (0).
    YesNo,
    /// One of 2–20 options, answered by its number from 1.
    Choice { options: Vec<BilingualText> },
    /// A whole number in `min`..`max`, bounds within ±1,000,000.
    Number { min: i64, max: i64 },
}

/// One question of a set.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct QuestionJson {
    /// 1–32 characters of `a`–`z`, `0`–`9`, `_`, `-`, unique in the set; kept from one
    /// version to the next, as the import file and the results name a question by it.
    #[schema(pattern = "^[A-Za-z0-9_-]{1,32}$")]
    pub code: String,
    pub kind: AnswerKind,
    /// Whether a measurement must answer it.
    pub required: bool,
    pub text: BilingualText,
}

fn text_json(t: Text2) -> BilingualText {
    BilingualText { da: t.da, en: t.en }
}

fn text_domain(t: BilingualText) -> Text2 {
    Text2 { da: t.da, en: t.en }
}

impl From<Question> for QuestionJson {
    fn from(q: Question) -> QuestionJson {
        let kind = match q.kind {
            QuestionKind::Scale {
                min,
                max,
                low,
                high,
            } => AnswerKind::Scale {
                min,
                max,
                low: text_json(low),
                high: text_json(high),
            },
            QuestionKind::YesNo => AnswerKind::YesNo,
            QuestionKind::Choice { options } => AnswerKind::Choice {
                options: options.into_iter().map(text_json).collect(),
            },
            QuestionKind::Number { min, max } => AnswerKind::Number { min, max },
        };
        QuestionJson {
            code: q.code,
            kind,
            required: q.required,
            text: text_json(q.text),
        }
    }
}

impl From<QuestionJson> for Question {
    fn from(q: QuestionJson) -> Question {
        let kind = match q.kind {
            AnswerKind::Scale {
                min,
                max,
                low,
                high,
            } => QuestionKind::Scale {
                min,
                max,
                low: text_domain(low),
                high: text_domain(high),
            },
            AnswerKind::YesNo => QuestionKind::YesNo,
            AnswerKind::Choice { options } => QuestionKind::Choice {
                options: options.into_iter().map(text_domain).collect(),
            },
            AnswerKind::Number { min, max } => QuestionKind::Number { min, max },
        };
        Question {
            code: q.code,
            kind,
            required: q.required,
            text: text_domain(q.text),
        }
    }
}

/// A version of the pool's question set.
#[derive(Serialize, ToSchema)]
pub struct SetVersionOut {
    pub version: i32,
    /// A made-up set to show how the product works (the demo's), not the agency's.
    pub illustration: bool,
    /// UTC, RFC 3339.
    pub created_at: String,
    /// The questions, in the order they are asked.
    pub questions: Vec<QuestionJson>,
}

/// An earlier (or the current) version, in brief.
#[derive(Serialize, ToSchema)]
pub struct SetVersionSummary {
    pub version: i32,
    pub questions: u64,
    pub illustration: bool,
    /// UTC, RFC 3339.
    pub created_at: String,
}

/// The pool's question set: the current version with its questions, every version
/// (newest first) and the follow-up window.
#[derive(Serialize, ToSchema)]
pub struct QuestionnaireOut {
    pub pool_id: i64,
    /// The version new measurements are given under; null while the pool has no set.
    pub current: Option<SetVersionOut>,
    /// Every version, newest first.
    pub versions: Vec<SetVersionSummary>,
    /// The follow-up may be measured from this many months before its due date (12
    /// months after the baseline) until as many after it.
    pub window_months: u32,
}

fn version_out(v: SetVersion) -> SetVersionOut {
    SetVersionOut {
        version: v.version,
        illustration: v.illustration,
        created_at: utc_text(v.created_at),
        questions: v
            .set
            .questions
            .into_iter()
            .map(QuestionJson::from)
            .collect(),
    }
}

fn version_summary(v: &SetVersion) -> SetVersionSummary {
    SetVersionSummary {
        version: v.version,
        questions: count(v.set.questions.len()),
        illustration: v.illustration,
        created_at: utc_text(v.created_at),
    }
}

fn questionnaire_out(c: &mut DbConn, pool: i64) -> AppResult<QuestionnaireOut> {
    pool_exists(c, pool)?;
    let versions = app::versions(c, pool)?;
    let window_months = app::window_months(c, pool)?;
    let summaries = versions.iter().map(version_summary).collect();
    let current = app::current(c, pool)?.map(version_out);
    Ok(QuestionnaireOut {
        pool_id: pool,
        current,
        versions: summaries,
        window_months,
    })
}

/// The pool's question set (any logged-in user, caseworkers included).
///
/// The current version with its questions (null while the pool has none), every version
/// newest first, and the follow-up window in months.
#[utoipa::path(get, operation_id = "get_questionnaire_set", path = "/api/v1/pools/{pool}/questionnaire/set", tag = "questionnaire",
    params(("pool" = i64, Path, minimum = 1)),
    responses((status = 200, body = QuestionnaireOut), (status = 404, body = crate::http::errors::ApiError)),
    security(("session" = [])))]
pub async fn set(state: web::Data<AppState>, path: PoolPath) -> AppResult<HttpResponse> {
    let pool = path.into_inner();
    let out = state.read(move |c| questionnaire_out(c, pool)).await?;
    Ok(super::ok(out))
}

/// A question set to save, as JSON.
#[derive(Deserialize, ToSchema)]
pub struct SetIn {
    /// 1–100 questions, in the order they are asked.
    #[serde(default)]
    #[schema(required = true, min_items = 1, max_items = 100)]
    pub questions: Vec<QuestionJson>,
    /// A made-up set for a demonstration, not the agency's (the pages say so).
    #[serde(default)]
    pub illustration: bool,
}

/// What saving a set did.
#[derive(Serialize, ToSchema)]
pub struct SavedOut {
    /// The current version after saving.
    pub version: i32,
    /// False when the set was the same as the current version (nothing written).
    pub changed: bool,
    /// The current version had no answers yet and was replaced, keeping its number.
    pub replaced_unused: bool,
}

/// Save the pool's question set (officers).
///
/// Codes are read in lower case and texts trimmed, as from the CSV file. A version that
/// has been answered is never changed: a changed set becomes a new version; while the
/// current version has no answers it is replaced and keeps its number. Problems are
/// field errors at "line N" (the question's position, from 1) or "set".
#[utoipa::path(put, operation_id = "save_questionnaire_set", path = "/api/v1/pools/{pool}/questionnaire/set", tag = "questionnaire",
    params(("pool" = i64, Path, minimum = 1)), request_body = SetIn,
    responses((status = 200, body = SavedOut), (status = 404, body = crate::http::errors::ApiError),
        (status = 422, body = crate::http::errors::ApiError)),
    security(("session" = []), ("csrf" = [])))]
pub async fn save_set(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: PoolPath,
    body: web::Json<SetIn>,
) -> AppResult<HttpResponse> {
    let pool = path.into_inner();
    let body = body.into_inner();
    let mut set = QuestionSet {
        questions: body.questions.into_iter().map(Question::from).collect(),
    };
    set.normalize();
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let saved = state
        .db(move |c| app::save_set(c, &actor, now, pool, &set, body.illustration))
        .await?;
    Ok(super::ok(SavedOut {
        version: saved.version,
        changed: saved.changed,
        replaced_unused: saved.replaced_unused,
    }))
}

/// The follow-up window.
#[derive(Deserialize, Serialize, ToSchema, Default)]
pub struct WindowIn {
    /// Months either side of the due date, 0–6.
    #[serde(default)]
    // JSON Schema counts 3.0 as an integer, so it is read as a number and taken when
    // whole (app::questionnaire::set_window checks the range).
    #[schema(value_type = i32, required = true, minimum = 0, maximum = 6)]
    pub window_months: Option<serde_json::Number>,
}

/// The follow-up window as saved.
#[derive(Serialize, ToSchema)]
pub struct WindowOut {
    pub window_months: i32,
}

/// Set the pool's follow-up window (officers).
///
/// The follow-up may be measured from `window_months` months before its due date until
/// as many after it (0–6; 1 unless changed).
#[utoipa::path(put, operation_id = "set_questionnaire_window", path = "/api/v1/pools/{pool}/questionnaire/window", tag = "questionnaire",
    params(("pool" = i64, Path, minimum = 1)), request_body = WindowIn,
    responses((status = 200, body = WindowOut), (status = 404, body = crate::http::errors::ApiError),
        (status = 422, body = crate::http::errors::ApiError)),
    security(("session" = []), ("csrf" = [])))]
pub async fn set_window(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: PoolPath,
    body: web::Json<WindowIn>,
) -> AppResult<HttpResponse> {
    let pool = path.into_inner();
    let typed = match &body.window_months {
        Some(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => i.to_string(),
            (None, Some(f)) if f.fract() == 0.0 && f.abs() <= 1e6 => format!("{f:.0}"),
            _ => n.to_string(),
        },
        None => String::new(),
    };
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let window_months = state
        .db(move |c| app::set_window(c, &actor, now, pool, &typed))
        .await?;
    Ok(super::ok(WindowOut { window_months }))
}

// ---------------------------------------------------------------------------------------
// Who is due.

/// One municipality's counts (no persons).
#[derive(Serialize, ToSchema)]
pub struct DueCountOut {
    pub municipality_code: i32,
    /// Persons with a baseline.
    pub baselines: u64,
    pub followed_up: u64,
    pub exited: u64,
    /// Follow-ups whose window is open on some day of this month (Copenhagen).
    pub due_this_month: u64,
    /// Follow-ups whose window has closed without one.
    pub overdue: u64,
}

/// Who is due, counted per municipality with a measurement (officers).
///
/// Baselines, follow-ups, exits, follow-ups due this month and overdue, by municipality
/// code. Names no persons.
#[utoipa::path(get, operation_id = "get_questionnaire_due_counts", path = "/api/v1/pools/{pool}/questionnaire/due", tag = "questionnaire",
    params(("pool" = i64, Path, minimum = 1)),
    responses((status = 200, body = Vec<DueCountOut>), (status = 404, body = crate::http::errors::ApiError)),
    security(("session" = [])))]
pub async fn due_counts(state: web::Data<AppState>, path: PoolPath) -> AppResult<HttpResponse> {
    let pool = path.into_inner();
    let today = today(&state);
    let counts = state
        .read(move |c| {
            pool_exists(c, pool)?;
            due::counts(c, pool, today)
        })
        .await?;
    let out: Vec<DueCountOut> = counts
        .into_iter()
        .map(|d| DueCountOut {
            municipality_code: d.municipality_code,
            baselines: count(d.baselines),
            followed_up: count(d.followed_up),
            exited: count(d.exited),
            due_this_month: count(d.due_this_month),
            overdue: count(d.overdue),
        })
        .collect();
    Ok(super::ok(out))
}

/// A person whose follow-up is due or overdue.
#[derive(Serialize, ToSchema)]
pub struct FollowUpDueOut {
    /// The person's pseudonym (64 hexadecimal digits), as `person` of a measurement.
    pub person: String,
    pub baseline: NaiveDate,
    /// The first day the follow-up may be measured.
    pub opens: NaiveDate,
    /// 12 months after the baseline.
    pub due: NaiveDate,
    /// The last day of the window.
    pub closes: NaiveDate,
}

/// A person in group 1 of the monitoring data without a baseline.
#[derive(Serialize, ToSchema)]
pub struct BaselineMissingOut {
    /// The person's pseudonym (64 hexadecimal digits).
    pub person: String,
    /// Their first month in group 1 (YYYY-MM), when the baseline was expected.
    pub expected: String,
}

/// The municipality's due list, by pseudonym.
#[derive(Serialize, ToSchema)]
pub struct DueListOut {
    pub municipality_code: i32,
    pub window_months: u32,
    /// Window open on some day of this month (Copenhagen), by due date.
    pub due_this_month: Vec<FollowUpDueOut>,
    /// Window closed without a follow-up or exit.
    pub overdue: Vec<FollowUpDueOut>,
    /// Persons in group 1 without a baseline, by the month it was expected.
    pub missing_baseline: Vec<BaselineMissingOut>,
    /// Persons with a baseline whose window has not opened yet.
    pub not_yet: u64,
    pub followed_up: u64,
    pub exited: u64,
    pub baselines: u64,
    /// Persons ever in group 1 of the monitoring data.
    pub group1: u64,
}

fn follow_up_out(d: due::FollowUpDue) -> FollowUpDueOut {
    FollowUpDueOut {
        person: hex(&d.person),
        baseline: d.baseline,
        opens: d.opens,
        due: d.due,
        closes: d.closes,
    }
}

/// Who is due in the municipality (its finance staff and caseworkers).
///
/// Follow-ups due this month and overdue, and persons in group 1 without a baseline,
/// each by pseudonym (the municipality's case system computes the same pseudonym from a
/// CPR number with the key), with the counts.
#[utoipa::path(get, operation_id = "get_questionnaire_due_list", path = "/api/v1/pools/{pool}/questionnaire/{code}/due", tag = "questionnaire",
    params(("pool" = i64, Path, minimum = 1), ("code" = i32, Path, minimum = 101, maximum = 860, description = "Official municipality code, e.g. 615")),
    responses((status = 200, body = DueListOut), (status = 404, body = crate::http::errors::ApiError)),
    security(("session" = [])))]
pub async fn due_list(state: web::Data<AppState>, path: CodePath) -> AppResult<HttpResponse> {
    let (pool, code) = path.into_inner();
    let today = today(&state);
    let list = state
        .read(move |c| {
            pool_exists(c, pool)?;
            due::list(c, pool, code, today)
        })
        .await?;
    Ok(super::ok(DueListOut {
        municipality_code: code,
        window_months: list.window_months,
        due_this_month: list.due_this_month.into_iter().map(follow_up_out).collect(),
        overdue: list.overdue.into_iter().map(follow_up_out).collect(),
        missing_baseline: list
            .missing_baseline
            .into_iter()
            .map(|m| BaselineMissingOut {
                person: hex(&m.person),
                expected: m.expected.key(),
            })
            .collect(),
        not_yet: count(list.not_yet),
        followed_up: count(list.followed_up),
        exited: count(list.exited),
        baselines: count(list.baselines),
        group1: list.group1 as u64,
    }))
}

// ---------------------------------------------------------------------------------------
// Measurements in.

/// One measurement, as the form takes it. The citizen is named by `cpr` or, when the
/// pseudonym is known (a due list), by `person`; the CPR number wins when both are given
/// and is never stored or written back.
#[derive(Deserialize, ToSchema, Default)]
pub struct MeasurementIn {
    /// DDMMYYSSSS or DDMMYY-SSSS. Pseudonymised at once; never in a response, not in an
    /// error either.
    #[serde(default)]
    #[schema(pattern = r"^[0-9]{6}-?[0-9]{4}$")]
    pub cpr: String,
    /// The pseudonym (64 hexadecimal digits), instead of `cpr`.
    #[serde(default)]
    #[schema(pattern = "^[0-9a-fA-F]{64}$")]
    pub person: String,
    /// baseline, follow-up or exit (or the Danish words: start, opfølgning, afslutning).
    #[serde(default)]
    #[schema(required = true, pattern = "^(baseline|follow-up|exit)$")]
    pub kind: String,
    /// YYYY-MM-DD (also DD-MM-YYYY, DD.MM.YYYY); not in the future.
    #[serde(default)]
    #[schema(
        required = true,
        pattern = r"^(19[0-9]{2}|20[0-9]{2})-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-8]))$"
    )]
    pub date: String,
    /// For an exit only: job, education, flex-job or rehabilitation-team (or the Danish
    /// words); null or empty otherwise.
    #[serde(default)]
    #[schema(pattern = "^(job|education|flex-job|rehabilitation-team)?$")]
    pub exit_reason: Option<String>,
    /// Question code → the answer as text ("3", "ja", an option's number or text).
    /// Every question of the current set is read; a required one must be answered.
    #[serde(default)]
    pub answers: BTreeMap<String, String>,
}

/// The measurement as recorded.
#[derive(Serialize, ToSchema)]
pub struct MeasurementOut {
    /// The citizen's pseudonym (64 hexadecimal digits): the municipality's own users see
    /// it, to find the person in the due list.
    pub person: String,
    pub kind: MeasurementKind,
    pub date: NaiveDate,
    /// A stored measurement of the same person and kind was replaced.
    pub replaced: bool,
    /// The question-set version it was given under.
    pub version: i32,
}

/// Record one measurement (the municipality's finance staff and caseworkers).
///
/// Every field is checked in one round; the problems are field errors at `cpr`, `kind`,
/// `date`, `exit_reason` and `q-{code}` per question. A measurement of the same person
/// and kind replaces the stored one (`replaced`), so sending it again gives the same
/// result. A CPR number is never written back, not in an error either.
#[utoipa::path(post, operation_id = "record_questionnaire_measurement", path = "/api/v1/pools/{pool}/questionnaire/{code}/measurements", tag = "questionnaire",
    params(("pool" = i64, Path, minimum = 1), ("code" = i32, Path, minimum = 101, maximum = 860, description = "Official municipality code, e.g. 615")),
    request_body = MeasurementIn,
    responses((status = 201, body = MeasurementOut), (status = 404, body = crate::http::errors::ApiError),
        (status = 409, body = crate::http::errors::ApiError, description = "The pool has no question set, or no pseudonymisation key is configured"),
        (status = 422, body = crate::http::errors::ApiError)),
    security(("session" = []), ("csrf" = [])))]
pub async fn record(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: CodePath,
    body: web::Json<MeasurementIn>,
) -> AppResult<HttpResponse> {
    let (pool, code) = path.into_inner();
    let body = body.into_inner();
    let key = crate::app::monitoring::pseudonymizer(state.pseudonym_key.as_deref())?;
    let person = entry::identify(&body.cpr, &body.person, &key);
    let entry = entry::Entry {
        kind: body.kind,
        date: body.date,
        exit_reason: body.exit_reason.unwrap_or_default(),
        answers: body.answers.into_iter().collect(),
    };
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let today = crate::app::reminders::copenhagen_today(now);
    let who = person.clone().ok();
    let recorded = state
        .db(move |c| {
            pool_exists(c, pool)?;
            entry::record(c, &actor, now, today, pool, code, person, &entry)
        })
        .await?;
    let who = who.ok_or_else(|| AppError::internal("recorded without a person"))?;
    Ok(super::created(MeasurementOut {
        person: hex(&who),
        kind: recorded.kind,
        date: recorded.measured_on,
        replaced: recorded.replaced,
        version: recorded.version,
    }))
}

/// What an import wrote.
#[derive(Serialize, ToSchema)]
pub struct ImportedOut {
    /// Answer lines read.
    pub lines: u64,
    pub measurements: u64,
    /// Answers given (optional questions left empty not counted).
    pub answers: u64,
    /// Measurements that replaced stored ones of the same person and kind.
    pub replaced: u64,
    pub municipalities: u64,
    /// The question-set version the file was read into (the current one).
    pub version: i32,
}

impl From<entry::Imported> for ImportedOut {
    fn from(i: entry::Imported) -> ImportedOut {
        ImportedOut {
            lines: count(i.lines),
            measurements: count(i.measurements),
            answers: count(i.answers),
            replaced: count(i.replaced),
            municipalities: count(i.municipalities),
            version: i.version,
        }
    }
}

/// The largest answer file, read whole (the import reads it as one): a line per answer,
/// some tens of bytes each. The same limit as the page's upload.
pub const IMPORT_LIMIT: usize = 64 * 1024 * 1024;

/// Reads the body whole, refused at its first byte past `limit` (as the monitoring
/// upload: announced too long, refused before reading; else cut off at the first chunk
/// past the limit, the rest never read).
async fn read_body(req: &HttpRequest, body: web::Payload, limit: usize) -> AppResult<Vec<u8>> {
    crate::http::upload::refuse_announced(req, limit)?;
    let (body, overflow) = crate::http::upload::Limited::new(body, limit);
    let read = crate::http::upload::read_limited(body, limit).await;
    if overflow.happened() {
        return Err(crate::http::upload::too_large(limit));
    }
    read.map_err(crate::http::upload::ReadError::into_app)
}

/// Import the IT vendor's answer file (the municipality's finance staff and caseworkers).
///
/// The body is the CSV file of `docs/questionnaire.md` (`Content-Type: text/csv`), one
/// line per answer, every line of this municipality, read into the current question set.
/// All or nothing: any problem and nothing is written; the problems are field errors at
/// "line N" (at most 100, with "file" counting the rest), naming the column and never
/// the CPR number. Imported measurements replace stored ones of the same person and
/// kind, so a file imported twice gives the same result as once. At most 64 MiB (413).
#[utoipa::path(post, operation_id = "import_questionnaire_file", path = "/api/v1/pools/{pool}/questionnaire/{code}/import", tag = "questionnaire",
    params(("pool" = i64, Path, minimum = 1), ("code" = i32, Path, minimum = 101, maximum = 860, description = "Official municipality code, e.g. 615")),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = ImportedOut), (status = 404, body = crate::http::errors::ApiError),
        (status = 409, body = crate::http::errors::ApiError, description = "The pool has no question set, or no pseudonymisation key is configured"),
        (status = 422, body = crate::http::errors::ApiError)),
    security(("session" = []), ("csrf" = [])))]
pub async fn import(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: CodePath,
    req: HttpRequest,
    body: web::Payload,
) -> AppResult<HttpResponse> {
    let (pool, code) = path.into_inner();
    let key = crate::app::monitoring::pseudonymizer(state.pseudonym_key.as_deref())?;
    let bytes = read_body(&req, body, IMPORT_LIMIT).await?;
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let today = crate::app::reminders::copenhagen_today(now);
    let imported = state
        .db(move |c| {
            pool_exists(c, pool)?;
            let input = std::io::Cursor::new(bytes);
            entry::import(c, &actor, now, today, pool, Some(code), &key, input, "api")
                .map_err(entry::ImportError::into_app_error)
        })
        .await?;
    Ok(super::ok(ImportedOut::from(imported)))
}

// ---------------------------------------------------------------------------------------
// Results.

/// One answer of a discrete question with how many gave it.
#[derive(Serialize, ToSchema)]
pub struct DistributionOut {
    /// The answer as stored: a scale step, 1/0 for yes/no, a choice's option number.
    pub value: i64,
    /// The answer as people read it (the option's text, "Ja"/"Yes").
    pub text: BilingualText,
    /// How many gave it at the baseline.
    pub baseline: u64,
    /// How many gave it at the second measurement (the follow-up, or the exit).
    pub second: u64,
}

/// The results of one question of the current set.
#[derive(Serialize, ToSchema)]
pub struct QuestionResultOut {
    pub code: String,
    /// scale, yes-no, choice or number.
    pub kind: String,
    pub text: BilingualText,
    /// Per answer, in display order (a scale low to high, yes before no, a choice's
    /// options in order); empty for a number question.
    pub distribution: Vec<DistributionOut>,
    pub answered_baseline: u64,
    pub answered_second: u64,
    /// Mean at the baseline, rounded to two decimals half away from zero ("3.25"); null
    /// without answers.
    pub mean_baseline: Option<String>,
    /// Mean at the second measurement, as `mean_baseline`.
    pub mean_second: Option<String>,
    /// Persons with the question answered at both measurements.
    pub pairs: u64,
    /// A higher answer the second time (a higher step or number, no to yes); 0 for a
    /// choice, whose options have no order.
    pub improved: u64,
    pub same: u64,
    /// A lower answer the second time; 0 for a choice.
    pub worsened: u64,
    /// For a choice: another option the second time.
    pub changed: u64,
    /// Mean of (second - baseline) over the pairs, two decimals; null for a choice or
    /// without pairs.
    pub mean_change: Option<String>,
}

/// The results, for the nation or one municipality.
#[derive(Serialize, ToSchema)]
pub struct ResultsOut {
    pub pool_id: i64,
    /// The municipality; null for the nation.
    pub municipality_code: Option<i32>,
    /// The version whose questions are shown (the newest); null while the pool has no
    /// set. Answers of every version are matched by question code.
    pub set_version: Option<i32>,
    pub baselines: u64,
    pub follow_ups: u64,
    pub exits: u64,
    /// Persons with a baseline and a second measurement (a follow-up or an exit).
    pub pairs: u64,
    /// Municipalities with a measurement.
    pub municipalities: u64,
    /// Persons ever in group 1 of the monitoring data: what the response rates are
    /// counted against.
    pub group1: i64,
    /// Baselines in percent of `group1`, two decimals; null without persons in group 1.
    pub baseline_rate_percent: Option<String>,
    /// Second measurements (follow-ups and exits) in percent of `group1`.
    pub second_rate_percent: Option<String>,
    /// One per question of the current set, in its order.
    pub questions: Vec<QuestionResultOut>,
}

fn decimal_text(sum: i64, n: u64) -> Option<String> {
    crate::domain::questionnaire::results::mean(sum, n).map(|d| d.to_string())
}

fn rate_text(count: u64, of: i64) -> Option<String> {
    let of = u64::try_from(of).ok()?;
    let count = i64::try_from(count).ok()?.checked_mul(100)?;
    decimal_text(count, of)
}

fn results_out(pool: i64, code: Option<i32>, view: app::results::ResultsView) -> ResultsOut {
    let r = view.results;
    let questions = view
        .current
        .as_ref()
        .map(|v| v.set.questions.as_slice())
        .unwrap_or_default();
    let out_questions = r
        .questions
        .iter()
        .filter_map(|qr| {
            let q = questions.iter().find(|q| q.code == qr.code)?;
            let is_choice = matches!(q.kind, QuestionKind::Choice { .. });
            Some(QuestionResultOut {
                code: qr.code.clone(),
                kind: q.kind.as_str().to_owned(),
                text: text_json(q.text.clone()),
                distribution: qr
                    .distribution
                    .iter()
                    .map(|&(value, baseline, second)| DistributionOut {
                        value,
                        text: BilingualText {
                            da: q.answer_text(value, "da"),
                            en: q.answer_text(value, "en"),
                        },
                        baseline,
                        second,
                    })
                    .collect(),
                answered_baseline: qr.answered_baseline,
                answered_second: qr.answered_second,
                mean_baseline: decimal_text(qr.sum_baseline, qr.answered_baseline),
                mean_second: decimal_text(qr.sum_second, qr.answered_second),
                pairs: qr.pairs,
                improved: qr.improved,
                same: qr.same,
                worsened: qr.worsened,
                changed: qr.changed,
                mean_change: if is_choice {
                    None
                } else {
                    decimal_text(qr.sum_change, qr.pairs)
                },
            })
        })
        .collect();
    ResultsOut {
        pool_id: pool,
        municipality_code: code,
        set_version: view.current.as_ref().map(|v| v.version),
        baselines: r.baselines,
        follow_ups: r.follow_ups,
        exits: r.exits,
        pairs: r.pairs,
        municipalities: count(view.municipalities),
        group1: view.group1,
        baseline_rate_percent: rate_text(r.baselines, view.group1),
        second_rate_percent: rate_text(r.follow_ups + r.exits, view.group1),
        questions: out_questions,
    }
}

/// The national results (STAR and every municipal user but caseworkers).
///
/// For each question of the current set: the distribution at the baseline and at the
/// second measurement (the follow-up, or the exit for those who left early), the means,
/// and the paired change of the persons with both; with the response rates against the
/// persons ever in group 1 of the monitoring data. Counts only, no persons.
#[utoipa::path(get, operation_id = "get_questionnaire_results", path = "/api/v1/pools/{pool}/questionnaire/results", tag = "questionnaire",
    params(("pool" = i64, Path, minimum = 1)),
    responses((status = 200, body = ResultsOut), (status = 404, body = crate::http::errors::ApiError)),
    security(("session" = [])))]
pub async fn results(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: PoolPath,
) -> AppResult<HttpResponse> {
    let pool = path.into_inner();
    state.read(move |c| pool_exists(c, pool)).await?;
    let view = (*state
        .cached(
            &ctx,
            format!("questionnaire/results/{pool}/all"),
            move |c| app::results::results(c, pool, None),
        )
        .await?)
        .clone();
    Ok(super::ok(results_out(pool, None, view)))
}

/// One municipality's results (STAR, and every user of the municipality, caseworkers
/// included).
///
/// As the national results, of the municipality's measurements and its persons in
/// group 1. Counts only, no persons.
#[utoipa::path(get, operation_id = "get_questionnaire_municipality_results", path = "/api/v1/pools/{pool}/questionnaire/{code}/results", tag = "questionnaire",
    params(("pool" = i64, Path, minimum = 1), ("code" = i32, Path, minimum = 101, maximum = 860, description = "Official municipality code, e.g. 615")),
    responses((status = 200, body = ResultsOut), (status = 404, body = crate::http::errors::ApiError)),
    security(("session" = [])))]
pub async fn municipality_results(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: CodePath,
) -> AppResult<HttpResponse> {
    let (pool, code) = path.into_inner();
    state
        .read(move |c| {
            pool_exists(c, pool)?;
            municipality_exists(c, code)
        })
        .await?;
    let view = (*state
        .cached(
            &ctx,
            format!("questionnaire/results/{pool}/{code}"),
            move |c| app::results::results(c, pool, Some(code)),
        )
        .await?)
        .clone();
    Ok(super::ok(results_out(pool, Some(code), view)))
}

// ---------------------------------------------------------------------------------------
// The delivery to the evaluator.

/// The delivery's file format.
#[derive(Clone, Copy, PartialEq, Eq)]
enum DeliveryFormat {
    /// `,`-separated, UTF-8 without BOM, ISO dates.
    Csv,
    /// One sheet, numbers as numbers.
    Xlsx,
}

/// `?format=`: csv (the default) or xlsx.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeliveryQuery {
    /// csv (default) or xlsx.
    #[param(pattern = "^(csv|xlsx)$")]
    pub format: Option<String>,
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Deliver every measurement to the evaluator (officers).
///
/// One row per answer: `person,municipality_code,measurement,measured_on,exit_reason,
/// set_version,question,answer,answer_text`, where `person` is the evaluator's own
/// pseudonym (HMAC-SHA256 under `TILSKUD_EVALUATOR_KEY` of tilskud's pseudonym), never
/// tilskud's. The file comes as an attachment. Each delivery is written to the audit log
/// (`questionnaire.delivery`: rows, measurements, format and the key's fingerprint, never
/// the key). Without an evaluator key: 409.
#[utoipa::path(post, operation_id = "deliver_questionnaire", path = "/api/v1/pools/{pool}/questionnaire/delivery", tag = "questionnaire",
    params(("pool" = i64, Path, minimum = 1), DeliveryQuery),
    responses((status = 200, description = "The delivery as an attachment: CSV (format=csv) or XLSX (format=xlsx)",
            content((String = "text/csv"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 404, body = crate::http::errors::ApiError),
        (status = 409, body = crate::http::errors::ApiError, description = "No evaluator key is configured")),
    security(("session" = []), ("csrf" = [])))]
pub async fn deliver(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: PoolPath,
    q: web::Query<DeliveryQuery>,
) -> AppResult<HttpResponse> {
    let pool = path.into_inner();
    let format = match q.into_inner().format.as_deref().map(str::trim) {
        None | Some("" | "csv") => DeliveryFormat::Csv,
        Some("xlsx") => DeliveryFormat::Xlsx,
        Some(_) => {
            return Err(AppError::BadRequest(crate::error::Msg::new(
                "query-invalid",
            )))
        }
    };
    let key = delivery::evaluator_key(state.evaluator_key.as_deref())?;
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let name = if format == DeliveryFormat::Csv {
        "csv"
    } else {
        "xlsx"
    };
    let file_format = if format == DeliveryFormat::Csv {
        delivery::FileFormat::Csv
    } else {
        delivery::FileFormat::Xlsx
    };
    let title = format!("Spørgeramme, pulje {pool}");
    let bytes = state
        .db(move |c| {
            pool_exists(c, pool)?;
            delivery::deliver_file(c, &actor, now, pool, &key, file_format, &title)
        })
        .await?;
    let file = format!(
        "spoergeramme-levering-{pool}-{}.{name}",
        crate::app::reminders::copenhagen_today(now).format("%Y-%m-%d")
    );
    let content_type = match format {
        DeliveryFormat::Csv => "text/csv; charset=utf-8",
        DeliveryFormat::Xlsx => XLSX,
    };
    Ok(crate::http::attachment(content_type, &file, bytes))
}
