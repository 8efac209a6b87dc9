//! User management for officers and administrators.

use actix_web::{web, HttpResponse};
use tilskud_templates::pages::users as page;

use super::login::see_other;
use super::{errors_text, html, html_invalid, AppState};
use crate::app::users::{self as app, UserDraft, UserInput};
use crate::auth::Role;
use crate::db::queries::users;
use crate::domain::municipality;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::http::ctx::Ctx;

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
        email: f.email.clone(),
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

/// The user form as posted.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct UserForm {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub municipality_code: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub email: String,
    /// "on" when ticked; absent when not.
    #[serde(default)]
    pub active: Option<String>,
}

impl UserForm {
    fn draft(&self) -> UserDraft {
        UserDraft {
            username: self.username.clone(),
            display_name: self.display_name.clone(),
            role: self.role.clone(),
            municipality_code: self.municipality_code.clone(),
            password: self.password.clone(),
            email: self.email.clone(),
            active: self.active.clone(),
        }
    }
}

/// Runs a user operation and answers with the list, or the form again (without the
/// password) and what is wrong with it.
async fn save(
    ctx: &Ctx,
    state: &AppState,
    id: Option<i64>,
    mut form: UserForm,
    op: impl FnOnce(&mut crate::db::DbConn, UserInput) -> AppResult<crate::db::models::UserRow>
        + Send
        + 'static,
) -> AppResult<HttpResponse> {
    let result = match form.draft().validate(id.is_none()) {
        Ok(input) => state.db(move |c| op(c, input)).await,
        Err(errors) => Err(AppError::Invalid(errors)),
    };
    match result {
        Ok(_) => Ok(see_other("/users")),
        Err(AppError::Invalid(errors)) => {
            form.password.clear();
            Ok(html_invalid(render(ctx, id, &form, &errors)))
        }
        Err(e) => Err(e),
    }
}

pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let (actor, now) = (ctx.user()?.actor(), state.now());
    save(&ctx, &state, None, parse(&body), move |c, input| {
        app::create(c, &actor, now, &input)
    })
    .await
}

pub async fn edit_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let u = state
        .read(move |c| users::get(c, id)?.ok_or(AppError::NotFound))
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
        email: u.email,
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
    let (me, now) = (ctx.user()?.clone(), state.now());
    save(&ctx, &state, Some(id), parse(&body), move |c, input| {
        app::update(c, &me, now, id, input)
    })
    .await
}
