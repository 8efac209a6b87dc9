//! Finance acts (finanslove) for officers: the registered acts, the form to register
//! one, and the correction of one.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use tilskud_templates::components::AlertKind;
use tilskud_templates::layout::Flash;
use tilskud_templates::pages::finance_acts as page;

use super::login::see_other;
use super::{date, errors_text, html, html_invalid, local, AppState};
use crate::app::finance_acts::{self as app, CorrectionDraft, FinanceActDraft};
use crate::error::{AppError, AppResult, FieldErrors, Msg};
use crate::http::ctx::Ctx;

/// The registration form as posted.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ActForm {
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub passed_on: String,
    #[serde(default)]
    pub reference: String,
}

fn parse(body: &[u8]) -> ActForm {
    serde_urlencoded::from_bytes(body).unwrap_or_default()
}

/// After a registration or a correction: which year, for the message on top.
#[derive(Debug, Default, Deserialize)]
pub struct Done {
    registered: Option<i32>,
    corrected: Option<i32>,
}

impl Done {
    fn flash(&self, ctx: &Ctx) -> Option<Flash> {
        let (key, year) = match (self.registered, self.corrected) {
            (Some(y), _) => ("finance-act-registered-flash", y),
            (None, Some(y)) => ("finance-act-corrected-flash", y),
            (None, None) => return None,
        };
        Some(Flash {
            kind: AlertKind::Success,
            text: ctx.msg(&Msg::new(key).arg("year", year)),
        })
    }
}

fn values(f: &ActForm) -> page::ActValues {
    page::ActValues {
        year: f.year.clone(),
        passed_on: f.passed_on.clone(),
        reference: f.reference.clone(),
    }
}

/// The list with the registration form as typed and what is wrong with it.
async fn render_list(
    ctx: &Ctx,
    state: &AppState,
    form: &ActForm,
    errors: &FieldErrors,
    flash: Option<Flash>,
) -> AppResult<maud::Markup> {
    let acts = state.read(app::list).await?;
    let acts: Vec<page::ActRow> = acts
        .into_iter()
        .map(|a| page::ActRow {
            year: a.row.year,
            passed_on: date(a.row.passed_on),
            reference: a.row.reference,
            registered_by: a.registered_by_name,
            registered_at: local(a.row.registered_at),
        })
        .collect();
    let errors = errors_text(ctx, errors);
    let view = page::ListView {
        csrf: &ctx.csrf(),
        acts: &acts,
        values: &values(form),
        errors: &errors,
    };
    Ok(ctx.page_with_flash(
        &ctx.t("finance-acts-heading"),
        page::list(ctx.lang, &view),
        flash,
    ))
}

fn with_status(status: StatusCode, markup: maud::Markup) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(markup.into_string())
}

pub async fn list(
    ctx: Ctx,
    state: web::Data<AppState>,
    done: web::Query<Done>,
) -> AppResult<HttpResponse> {
    let flash = done.flash(&ctx);
    let (form, errors) = (ActForm::default(), FieldErrors::default());
    Ok(html(
        render_list(&ctx, &state, &form, &errors, flash).await?,
    ))
}

/// Registers a finance act; the form again with the input kept when a field is wrong
/// (422) or the year is registered already (409, said at the year).
pub async fn register(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let form = parse(&body);
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let draft = FinanceActDraft {
        year: form.year.clone(),
        passed_on: form.passed_on.clone(),
        reference: form.reference.clone(),
    };
    let result = match draft.parse(app::today(now)) {
        Ok(input) => state
            .db(move |c| app::register(c, &actor, now, &input))
            .await
            .map(|row| row.year),
        Err(errors) => Err(AppError::Invalid(errors)),
    };
    let (status, errors) = match result {
        Ok(year) => return Ok(see_other(&format!("/finance-acts?registered={year}"))),
        Err(AppError::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, errors),
        Err(AppError::Conflict(m)) => {
            let mut errors = FieldErrors::default();
            errors.add("year", m);
            (StatusCode::CONFLICT, errors)
        }
        Err(e) => return Err(e),
    };
    let page = render_list(&ctx, &state, &form, &errors, None).await?;
    Ok(with_status(status, page))
}

fn render_correct(ctx: &Ctx, year: i32, form: &ActForm, errors: &FieldErrors) -> maud::Markup {
    let errors = errors_text(ctx, errors);
    let view = page::CorrectView {
        csrf: &ctx.csrf(),
        year,
        values: &values(form),
        errors: &errors,
    };
    ctx.page(
        &page::correct_heading(ctx.lang, year),
        page::correct(ctx.lang, &view),
    )
}

/// The correction form, filled in with the act as registered (the date as Danes write it).
pub async fn edit_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let year = path.into_inner();
    let act = state.read(move |c| app::get(c, year)).await?;
    let form = ActForm {
        year: year.to_string(),
        passed_on: date(act.row.passed_on),
        reference: act.row.reference,
    };
    Ok(html(render_correct(
        &ctx,
        year,
        &form,
        &FieldErrors::default(),
    )))
}

/// Corrects the date passed and the reference of a registered year.
pub async fn correct(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i32>,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let year = path.into_inner();
    let form = parse(&body);
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let draft = CorrectionDraft {
        passed_on: form.passed_on.clone(),
        reference: form.reference.clone(),
    };
    let result = match draft.parse(year, app::today(now)) {
        Ok(input) => {
            state
                .db(move |c| app::correct(c, &actor, now, year, &input))
                .await
        }
        Err(errors) => Err(AppError::Invalid(errors)),
    };
    match result {
        Ok(_) => Ok(see_other(&format!("/finance-acts?corrected={year}"))),
        Err(AppError::Invalid(errors)) => {
            Ok(html_invalid(render_correct(&ctx, year, &form, &errors)))
        }
        Err(e) => Err(e),
    }
}
