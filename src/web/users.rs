//! User management for officers and administrators.

use actix_web::{web, HttpResponse};
use tilskud_templates::pages::users as page;

use super::ctx::Ctx;
use super::login::see_other;
use super::{errors_text, html, html_invalid, AppState};
use crate::auth::Role;
use crate::db::queries::users::{self, UserForm};
use crate::domain::municipality;
use crate::error::{AppError, AppResult, FieldErrors};

fn municipality_name(code: Option<i32>) -> String {
    code.and_then(|c| u16::try_from(c).ok())
        .and_then(|c| municipality::MunicipalityCode::try_from(c).ok())
        .and_then(municipality::by_code)
        .map(|m| m.name.to_string())
        .unwrap_or_default()
}

pub async fn list(ctx: Ctx, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let rows = state.db(|c| Ok(users::list(c)?)).await?;
    let rows: Vec<page::UserRow> = rows
        .into_iter()
        .map(|u| page::UserRow {
            id: u.id,
            role_label: Role::parse(&u.role)
                .map(|r| ctx.t(r.label_key()))
                .unwrap_or(u.role.clone()),
            municipality: municipality_name(u.municipality_code),
            username: u.username,
            display_name: u.display_name,
            active: u.active,
        })
        .collect();
    Ok(html(ctx.page(
        &ctx.t("users-heading"),
        page::list(ctx.lang, &rows),
    )))
}

fn render(ctx: &Ctx, id: Option<i64>, f: &UserForm, errors: &FieldErrors) -> maud::Markup {
    let (heading, action) = match id {
        Some(id) => (ctx.t("users-edit"), format!("/users/{id}")),
        None => (ctx.t("users-new"), "/users".to_string()),
    };
    let roles: Vec<(String, String)> = Role::ALL
        .iter()
        .map(|r| (r.as_str().to_string(), ctx.t(r.label_key())))
        .collect();
    let mut ms: Vec<(String, String)> = municipality::all()
        .iter()
        .map(|m| (m.code.to_string(), format!("{} ({})", m.name, m.code)))
        .collect();
    ms.sort_by_cached_key(|m| tilskud_templates::fmt::danish_sort_key(&m.1));
    let values = page::UserFormValues {
        username: f.username.clone(),
        display_name: f.display_name.clone(),
        role: f.role.clone(),
        municipality_code: f.municipality_code.clone(),
        active: f
            .active
            .as_deref()
            .is_some_and(|v| matches!(v, "on" | "true")),
    };
    let errors = errors_text(ctx, errors);
    let view = page::UserFormView {
        heading: &heading,
        action: &action,
        csrf: &ctx.csrf(),
        values: &values,
        errors: &errors,
        roles: &roles,
        municipalities: &ms,
        is_new: id.is_none(),
    };
    let body = page::form(ctx.lang, &view);
    ctx.page(&heading, body)
}

pub async fn new_form(ctx: Ctx) -> AppResult<HttpResponse> {
    let f = UserForm {
        active: Some("on".into()),
        ..UserForm::default()
    };
    Ok(html(render(&ctx, None, &f, &FieldErrors::default())))
}

fn parse(body: &[u8]) -> UserForm {
    serde_urlencoded::from_bytes(body).unwrap_or_default()
}

pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let mut form = parse(&body);
    let input = match form.validate(true) {
        Ok(i) => i,
        Err(errors) => {
            form.password.clear();
            return Ok(html_invalid(render(&ctx, None, &form, &errors)));
        }
    };
    let actor = ctx.user()?.actor();
    match state
        .db(move |c| users::create(c, &actor, super::now(), &input))
        .await
    {
        Ok(_) => Ok(see_other("/users")),
        Err(AppError::Invalid(errors)) => {
            form.password.clear();
            Ok(html_invalid(render(&ctx, None, &form, &errors)))
        }
        Err(e) => Err(e),
    }
}

pub async fn edit_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let u = state
        .db(move |c| users::get(c, id)?.ok_or(AppError::NotFound))
        .await?;
    let f = UserForm {
        username: u.username,
        display_name: u.display_name,
        role: u.role,
        municipality_code: u
            .municipality_code
            .map(|c| c.to_string())
            .unwrap_or_default(),
        password: String::new(),
        active: u.active.then(|| "on".to_string()),
    };
    Ok(html(render(&ctx, Some(id), &f, &FieldErrors::default())))
}

pub async fn update(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let mut form = parse(&body);
    let me = ctx.user()?.clone();
    let mut input = match form.validate(false) {
        Ok(i) => i,
        Err(errors) => {
            form.password.clear();
            return Ok(html_invalid(render(&ctx, Some(id), &form, &errors)));
        }
    };
    // Nobody locks themselves out by editing their own account.
    if id == me.id {
        input.active = true;
        input.role = me.role;
        input.municipality_code = me.municipality_code;
    }
    let actor = me.actor();
    match state
        .db(move |c| users::update(c, &actor, super::now(), id, &input))
        .await
    {
        Ok(()) => Ok(see_other("/users")),
        Err(AppError::Invalid(errors)) => {
            form.password.clear();
            Ok(html_invalid(render(&ctx, Some(id), &form, &errors)))
        }
        Err(e) => Err(e),
    }
}
