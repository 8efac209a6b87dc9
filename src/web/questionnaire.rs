//! The progression questionnaire's pages (docs/questionnaire.md): the pool's overview
//! with the officer's set upload, window, counts and delivery; a municipality's page of
//! who is due (by pseudonym, for its own staff only) with the vendor file upload; the
//! measurement form; the results. A CPR number is read, pseudonymised and forgotten: it
//! is never written back into a page, also not into a form shown again with its errors.

mod entry;
mod results;

pub use entry::{import, municipality, new_form, record};
pub use results::{municipality_results, national_results};

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use futures_util::StreamExt;
use serde::Deserialize;
use tilskud_templates::pages::questionnaire as page;

use super::login::see_other;
use super::{html, html_invalid, local_long, AppState};
use crate::app::questionnaire::{self as app, delivery, due, SetVersion};
use crate::db::queries::pools;
use crate::domain::questionnaire::{QuestionKind, QuestionSet};
use crate::error::{AppError, AppResult, FieldErrors, Msg, MsgArg};
use crate::http::ctx::Ctx;
use crate::http::upload::{limited_multipart, read_limited};

/// Characters of a pseudonym a page shows: enough to tell a municipality's persons apart
/// (the whole one is in the title).
const PSEUDONYM_SHOWN: usize = 12;

/// The largest question-set file: 100 questions of a few texts each.
const SET_FILE_LIMIT: usize = 1024 * 1024;

fn base(pool: i64) -> String {
    format!("/pools/{pool}/questionnaire")
}

/// The start of a pseudonym, as the lists show it.
pub(crate) fn short(hex: &str) -> String {
    hex.chars().take(PSEUDONYM_SHOWN).collect()
}

fn today(state: &AppState) -> chrono::NaiveDate {
    crate::app::reminders::copenhagen_today(state.now())
}

/// A message as the page says it: a date argument (`opens`, ISO from the domain) in
/// words, and an answer's problem in a file led by its line and field, as the file's
/// other problems are.
pub(crate) fn text(ctx: &Ctx, m: &Msg) -> String {
    let mut m = m.clone();
    for (name, value) in m.args.iter_mut() {
        if let (&mut "opens", MsgArg::Text(s)) = (name, value) {
            *s = super::long_date_text(ctx.lang, s);
        }
    }
    let arg = |n: &str| {
        m.args.iter().find(|(k, _)| *k == n).map(|(_, v)| match v {
            MsgArg::Text(s) => s.clone(),
            MsgArg::Count(c) => c.to_string(),
            _ => String::new(),
        })
    };
    if m.key.starts_with("questionnaire-answer-") {
        if let (Some(line), Some(field)) = (arg("line"), arg("field")) {
            let inner = ctx.msg(&m);
            return ctx.msg(
                &Msg::new("questionnaire-file-line-field")
                    .arg("line", line)
                    .arg("field", field)
                    .arg("message", inner),
            );
        }
    }
    ctx.msg(&m)
}

/// Field errors as the page says them.
pub(crate) fn texts(ctx: &Ctx, e: &FieldErrors) -> Vec<(String, String)> {
    e.0.iter().map(|(f, m)| (f.clone(), text(ctx, m))).collect()
}

/// The pool's name, or 404.
pub(crate) async fn pool_name(state: &AppState, pool: i64) -> AppResult<String> {
    state
        .read(move |c| Ok(pools::get(c, pool)?.ok_or(AppError::NotFound)?.name))
        .await
}

/// The municipality's name, or 404 for a code that is no municipality's.
pub(crate) fn municipality_name(code: i32) -> AppResult<String> {
    u16::try_from(code)
        .ok()
        .and_then(|c| crate::domain::municipality::MunicipalityCode::try_from(c).ok())
        .and_then(crate::domain::municipality::by_code)
        .map(|m| m.name.to_string())
        .ok_or(AppError::NotFound)
}

/// The breadcrumbs down to the pool's overview (each step only where the user may go),
/// with the overview itself when `overview` is set.
pub(crate) fn trail(ctx: &Ctx, pool: i64, name: &str, overview: bool) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if ctx.may("GET", "/pools", None) {
        out.push((ctx.t("nav-pools"), "/pools".to_string()));
        out.push((name.to_string(), format!("/pools/{pool}")));
    }
    if overview && ctx.may("GET", "/pools/{pool}/questionnaire", None) {
        out.push((ctx.t("questionnaire-heading"), base(pool)));
    }
    out
}

/// The kind of a question in words.
pub(crate) fn kind_label(ctx: &Ctx, kind: &QuestionKind) -> String {
    ctx.t(match kind {
        QuestionKind::Scale { .. } => "questionnaire-qkind-scale",
        QuestionKind::YesNo => "questionnaire-qkind-yes-no",
        QuestionKind::Choice { .. } => "questionnaire-qkind-choice",
        QuestionKind::Number { .. } => "questionnaire-qkind-number",
    })
}

fn answers(ctx: &Ctx, kind: &QuestionKind) -> Vec<String> {
    let lang = ctx.lang.tag();
    match kind {
        QuestionKind::Scale {
            min,
            max,
            low,
            high,
        } => vec![ctx.msg(
            &Msg::new("questionnaire-answers-scale")
                .arg("min", min)
                .arg("max", max)
                .arg("low", low.get(lang))
                .arg("high", high.get(lang)),
        )],
        QuestionKind::YesNo => vec![ctx.t("questionnaire-answers-yes-no")],
        QuestionKind::Choice { options } => {
            options.iter().map(|o| o.get(lang).to_string()).collect()
        }
        QuestionKind::Number { min, max } => vec![ctx.msg(
            &Msg::new("questionnaire-answers-number")
                .arg("min", min)
                .arg("max", max),
        )],
    }
}

fn version_row(ctx: &Ctx, v: &SetVersion) -> page::VersionRow {
    page::VersionRow {
        version: v.version,
        saved: local_long(ctx.lang, v.created_at),
        questions: v.set.questions.len(),
    }
}

fn current_set(ctx: &Ctx, pool: i64, v: &SetVersion) -> page::CurrentSet {
    let lang = ctx.lang.tag();
    page::CurrentSet {
        version: version_row(ctx, v),
        illustration: v.illustration,
        questions: v
            .set
            .questions
            .iter()
            .map(|q| page::QuestionRow {
                code: q.code.clone(),
                text: q.text.get(lang).to_string(),
                kind: kind_label(ctx, &q.kind),
                required: q.required,
                answers: answers(ctx, &q.kind),
            })
            .collect(),
        csv_href: format!("{}/set.csv", base(pool)),
    }
}

/// What the overview shows after a change (`?set=saved&version=3`, `?window=2`).
#[derive(Debug, Default, Deserialize)]
pub struct Done {
    set: Option<String>,
    version: Option<i32>,
    window: Option<i32>,
}

impl Done {
    fn text(&self, ctx: &Ctx) -> Option<String> {
        if let Some(months) = self.window {
            return Some(ctx.msg(&Msg::new("questionnaire-window-saved").arg("months", months)));
        }
        let key = match self.set.as_deref()? {
            "saved" => "questionnaire-set-saved",
            "replaced" => "questionnaire-set-replaced",
            "unchanged" => "questionnaire-set-unchanged",
            _ => return None,
        };
        Some(ctx.msg(&Msg::new(key).arg("version", self.version?)))
    }
}

/// What an officer's form sent back with problems: the set file's, or the window as
/// typed with its error.
#[derive(Default)]
struct Returned {
    upload_problems: Vec<String>,
    window: Option<(String, FieldErrors)>,
}

async fn overview_page(
    ctx: &Ctx,
    state: &AppState,
    pool: i64,
    flash: Option<String>,
    back: Returned,
) -> AppResult<maud::Markup> {
    let name = pool_name(state, pool).await?;
    let officer = ctx.may("POST", "/pools/{pool}/questionnaire/set", None);
    let today = today(state);
    let (versions, window, counts) = state
        .read(move |c| {
            let counts = match officer {
                true => due::counts(c, pool, today)?,
                false => Vec::new(),
            };
            Ok((
                app::versions(c, pool)?,
                app::window_months(c, pool)?,
                counts,
            ))
        })
        .await?;
    let own = ctx.user()?.municipality_code;
    let own_href = own
        .filter(|c| ctx.may("GET", "/pools/{pool}/questionnaire/{code}", Some(*c)))
        .map(|c| format!("{}/{c}", base(pool)));
    let own_results_href = own
        .filter(|c| {
            ctx.may(
                "GET",
                "/pools/{pool}/questionnaire/{code}/results",
                Some(*c),
            )
        })
        .map(|c| format!("{}/{c}/results", base(pool)));
    let n = |v: usize| u64::try_from(v).unwrap_or(u64::MAX);
    let officer = officer.then(|| {
        let (window_value, window_errors) = back
            .window
            .map(|(v, e)| (v, texts(ctx, &e)))
            .unwrap_or_else(|| (window.to_string(), Vec::new()));
        page::OfficerPart {
            upload_action: format!("{}/set", base(pool)),
            upload_problems: back.upload_problems,
            window_action: format!("{}/window", base(pool)),
            window_value,
            window_errors,
            due: counts
                .iter()
                .map(|d| page::DueCountRow {
                    name: crate::domain::municipality::name_of(i64::from(d.municipality_code)),
                    code: d.municipality_code,
                    baselines: n(d.baselines),
                    followed_up: n(d.followed_up),
                    exited: n(d.exited),
                    due_this_month: n(d.due_this_month),
                    overdue: n(d.overdue),
                })
                .collect(),
            delivery_action: format!("{}/delivery", base(pool)),
            key_missing: delivery::evaluator_key(state.evaluator_key.as_deref()).is_err(),
        }
    });
    let (current, older) = match versions.split_first() {
        Some((cur, older)) => (Some(current_set(ctx, pool, cur)), older),
        None => (None, &[][..]),
    };
    let view = page::Overview {
        trail: trail(ctx, pool, &name, false),
        heading: ctx.t("questionnaire-heading"),
        flash,
        current,
        older: older.iter().map(|v| version_row(ctx, v)).collect(),
        window_months: window,
        results_href: format!("{}/results", base(pool)),
        own_href,
        own_results_href,
        csrf: ctx.csrf(),
        officer,
    };
    let title = format!("{} – {name}", view.heading);
    Ok(ctx.page(&title, page::overview(ctx.lang, &view)))
}

pub async fn overview(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    done: web::Query<Done>,
) -> AppResult<HttpResponse> {
    let flash = done.text(&ctx);
    let pool = path.into_inner();
    Ok(html(
        overview_page(&ctx, &state, pool, flash, Returned::default()).await?,
    ))
}

/// The current set as the CSV file Danish Excel opens, to edit and upload again.
pub async fn set_csv(state: web::Data<AppState>, path: web::Path<i64>) -> AppResult<HttpResponse> {
    let pool = path.into_inner();
    let current = state.read(move |c| app::require_current(c, pool)).await?;
    Ok(super::attachment(
        "text/csv; charset=utf-8",
        &format!("spoergeramme-v{}.csv", current.version),
        current.set.to_csv().into_bytes(),
    ))
}

/// The first file of a multipart form, read within `limit`.
pub(crate) async fn read_file(
    req: &HttpRequest,
    payload: web::Payload,
    limit: usize,
) -> AppResult<Vec<u8>> {
    let whole = limit.saturating_add(crate::http::upload::FORM_SLACK);
    let too_large = || crate::http::upload::too_large(limit);
    let (mut form, overflow) = limited_multipart(req, payload, whole).map_err(|_| too_large())?;
    let unreadable = || AppError::field("file", Msg::new("upload-unreadable"));
    while let Some(field) = form.next().await {
        let field = field.map_err(|_| {
            if overflow.happened() {
                too_large()
            } else {
                unreadable()
            }
        })?;
        let is_file = field
            .content_disposition()
            .and_then(|d| d.get_filename())
            .is_some();
        let bytes = read_limited(field, limit).await.map_err(|e| match e {
            crate::http::upload::ReadError::TooLarge { .. } => too_large(),
            crate::http::upload::ReadError::Broken => unreadable(),
        })?;
        if is_file {
            return Ok(bytes);
        }
    }
    Err(AppError::field("file", Msg::new("upload-missing")))
}

/// The officer's upload of a question set: saved whole, or every problem listed by line.
pub async fn upload_set(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    req: HttpRequest,
    payload: web::Payload,
) -> AppResult<HttpResponse> {
    let pool = path.into_inner();
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let outcome = match read_file(&req, payload, SET_FILE_LIMIT).await {
        Ok(bytes) => match QuestionSet::parse_csv(&bytes) {
            Ok(set) => {
                state
                    .db(move |c| app::save_set(c, &actor, now, pool, &set, false))
                    .await
            }
            Err(errors) => Err(AppError::Invalid(app::set_field_errors(&errors))),
        },
        Err(e) => Err(e),
    };
    match outcome {
        Ok(saved) => {
            let what = match (saved.changed, saved.replaced_unused) {
                (false, _) => "unchanged",
                (true, true) => "replaced",
                (true, false) => "saved",
            };
            Ok(see_other(&format!(
                "{}?set={what}&version={}#set",
                base(pool),
                saved.version
            )))
        }
        Err(AppError::Invalid(errors)) => {
            let back = Returned {
                upload_problems: texts(&ctx, &errors).into_iter().map(|(_, m)| m).collect(),
                window: None,
            };
            Ok(html_invalid(
                overview_page(&ctx, &state, pool, None, back).await?,
            ))
        }
        Err(e) => Err(e),
    }
}

#[derive(Debug, Default, Deserialize)]
struct WindowForm {
    #[serde(default)]
    window_months: String,
}

/// The officer sets the follow-up window.
pub async fn window(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let pool = path.into_inner();
    let form: WindowForm = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let typed = form.window_months.clone();
    match state
        .db(move |c| app::set_window(c, &actor, now, pool, &typed))
        .await
    {
        Ok(months) => Ok(see_other(&format!("{}?window={months}#window", base(pool)))),
        Err(AppError::Invalid(errors)) => {
            let back = Returned {
                upload_problems: Vec::new(),
                window: Some((form.window_months, errors)),
            };
            Ok(html_invalid(
                overview_page(&ctx, &state, pool, None, back).await?,
            ))
        }
        Err(e) => Err(e),
    }
}

#[derive(Debug, Default, Deserialize)]
struct DeliveryForm {
    #[serde(default)]
    format: String,
}

/// The delivery to the evaluator as a file (audited); without the evaluator's key a page
/// that says so (409).
pub async fn deliver(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let pool = path.into_inner();
    let form: DeliveryForm = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let xlsx = match form.format.as_str() {
        "csv" => false,
        "xlsx" => true,
        _ => return Err(AppError::BadRequest(Msg::new("form-invalid"))),
    };
    let name = pool_name(&state, pool).await?;
    let key = match delivery::evaluator_key(state.evaluator_key.as_deref()) {
        Ok(key) => key,
        Err(AppError::Conflict(_)) => {
            let trail = trail(&ctx, pool, &name, true);
            let body = page::no_key(ctx.lang, &trail, &base(pool));
            let markup = ctx.page(&ctx.t("questionnaire-delivery-heading"), body);
            return Ok(HttpResponse::build(StatusCode::CONFLICT)
                .content_type("text/html; charset=utf-8")
                .body(markup.into_string()));
        }
        Err(e) => return Err(e),
    };
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let format = if xlsx {
        delivery::FileFormat::Xlsx
    } else {
        delivery::FileFormat::Csv
    };
    let title = ctx.t("questionnaire-heading");
    let bytes = state
        .db(move |c| delivery::deliver_file(c, &actor, now, pool, &key, format, &title))
        .await?;
    let stem = format!(
        "spoergeramme-levering-{pool}-{}",
        today(&state).format("%Y-%m-%d")
    );
    let (content_type, ext) = if xlsx {
        (super::Download::Xlsx.content_type(), "xlsx")
    } else {
        (super::Download::Csv.content_type(), "csv")
    };
    Ok(super::attachment(
        content_type,
        &format!("{stem}.{ext}"),
        bytes,
    ))
}
