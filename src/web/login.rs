//! Log in and out.

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use tilskud_templates::pages::login::{self, LoginView};

use super::{html, html_invalid, AppState};
use crate::app::sessions::{self, LoginOutcome};
use crate::error::{AppError, AppResult};
use crate::http::ctx::Ctx;

#[derive(Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
    /// Set by the logout's redirect: the page confirms the user is logged out.
    #[serde(default)]
    logged_out: Option<String>,
}

/// Only a local path may be a redirect target (no open redirect to another site).
/// Browsers drop tabs and newlines from a URL and read `\` as `/`, so "/\t/evil.example"
/// would become "//evil.example": control characters and backslashes are refused outright.
pub fn safe_next(next: &str) -> String {
    if next.starts_with('/')
        && !next.starts_with("//")
        && !next.chars().any(|c| c.is_control() || c == '\\')
    {
        next.to_string()
    } else {
        "/".to_string()
    }
}

pub async fn form(ctx: Ctx, q: web::Query<NextQuery>) -> AppResult<HttpResponse> {
    if ctx.user.is_some() {
        return Ok(see_other(&safe_next(&q.next)));
    }
    let view = LoginView {
        username: String::new(),
        next: safe_next(&q.next),
        errors: Vec::new(),
        problem: None,
        notice: q.logged_out.is_some().then(|| ctx.t("login-logged-out")),
    };
    Ok(html(ctx.page(
        &ctx.t("login-heading"),
        login::login(ctx.lang, &view),
    )))
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

pub async fn submit(
    ctx: Ctx,
    state: web::Data<AppState>,
    form: web::Form<LoginForm>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    let next = safe_next(&form.next);
    let mut errors = Vec::new();
    if form.username.trim().is_empty() {
        errors.push(("username".to_string(), ctx.t("login-username-required")));
    }
    if form.password.is_empty() {
        errors.push(("password".to_string(), ctx.t("login-password-required")));
    }
    let problem = if errors.is_empty() {
        let (policy, now) = (state.policy, state.now());
        let (username, password) = (form.username.clone(), form.password.clone());
        let outcome = state
            .db(move |c| sessions::login(c, &policy, now, &username, &password))
            .await?;
        if let LoginOutcome::LoggedIn(session) = &outcome {
            let mut res = see_other(&next);
            res.add_cookie(&state.session_cookie(&session.token))
                .map_err(AppError::internal)?;
            return Ok(res);
        }
        outcome.refusal().map(|m| ctx.msg(&m))
    } else {
        None
    };
    let view = LoginView {
        username: form.username,
        next,
        errors,
        problem,
        notice: None,
    };
    Ok(html_invalid(ctx.page(
        &ctx.t("login-heading"),
        login::login(ctx.lang, &view),
    )))
}

pub async fn logout(ctx: Ctx, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let (user, now) = (ctx.user()?.clone(), state.now());
    state.db(move |c| sessions::logout(c, &user, now)).await?;
    let mut res = see_other("/login?logged_out=1");
    res.add_cookie(&state.session_cookie_removal())
        .map_err(AppError::internal)?;
    Ok(res)
}

pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location.to_string()))
        .finish()
}
