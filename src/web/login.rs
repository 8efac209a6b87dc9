//! Log in and out.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::header;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use tilskud_templates::pages::login::{self, LoginView};

use super::{html, AppState};
use crate::auth::{password, session};
use crate::db::audit::{self, Actor, Change};
use crate::db::queries::users;
use crate::error::{AppError, AppResult, Msg};
use crate::http::ctx::Ctx;

#[derive(Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
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

/// Why a login failed; the same message for an unknown user and a wrong password.
pub enum LoginOutcome {
    Ok { token: String, csrf: String },
    Wrong,
    Locked { until_local: String },
}

/// Checks the password with throttling, and on success creates a fresh session; each
/// outcome is written with its audit entry.
pub async fn attempt(state: &AppState, username: String, pw: String) -> AppResult<LoginOutcome> {
    let now = state.now();
    let policy = state.policy;
    state
        .db(move |c| {
            let now = now;
            let key = session::throttle_key(&username);
            if let Some(until) = session::locked_until(c, &key, now)? {
                let until_local = crate::domain::time::to_local(until.and_utc())
                    .format("%H:%M")
                    .to_string();
                return Ok(LoginOutcome::Locked { until_local });
            }
            let user = users::by_username(c, &username)?;
            let ok = match &user {
                Some(u) => password::verify(&pw, &u.password_hash) && u.active,
                None => {
                    password::verify(&pw, password::dummy_hash());
                    false
                }
            };
            let actor = Actor {
                user_id: user.as_ref().map(|u| u.id),
                label: username.trim().to_lowercase(),
            };
            match (ok, user) {
                (true, Some(u)) => audit::write(c, &actor, now, |c| {
                    session::clear_failures(c, &key)?;
                    session::delete_expired(c, now, &policy)?;
                    let token = session::create(c, u.id, now)?;
                    Ok::<_, AppError>((token, vec![Change::new("session.login", "user", u.id)]))
                })
                .and_then(|token| {
                    let csrf = session::load(c, &token, now, &policy)?
                        .map(|u| u.csrf_token)
                        .unwrap_or_default();
                    Ok(LoginOutcome::Ok { token, csrf })
                }),
                _ => audit::write(c, &actor, now, |c| {
                    session::record_failure(c, &key, now, &policy)?;
                    Ok::<_, AppError>((
                        LoginOutcome::Wrong,
                        vec![Change::new("session.login-failed", "user", &key)],
                    ))
                }),
            }
        })
        .await
}

pub fn session_cookie(state: &AppState, token: &str) -> Cookie<'static> {
    Cookie::build(state.cookie_name(), token.to_string())
        .path("/")
        .http_only(true)
        .secure(state.cookie_secure)
        .same_site(SameSite::Strict)
        .finish()
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
        match attempt(&state, form.username.clone(), form.password.clone()).await? {
            LoginOutcome::Ok { token, .. } => {
                let mut res = see_other(&next);
                res.add_cookie(&session_cookie(&state, &token))
                    .map_err(AppError::internal)?;
                return Ok(res);
            }
            LoginOutcome::Wrong => Some(ctx.t("login-wrong")),
            LoginOutcome::Locked { until_local } => {
                Some(ctx.msg(&Msg::new("login-locked").arg("until", until_local)))
            }
        }
    } else {
        None
    };
    let view = LoginView {
        username: form.username,
        next,
        errors,
        problem,
    };
    let body = ctx.page(&ctx.t("login-heading"), login::login(ctx.lang, &view));
    Ok(HttpResponse::UnprocessableEntity()
        .content_type("text/html; charset=utf-8")
        .body(body.into_string()))
}

pub async fn end_session(state: &AppState, ctx: &Ctx) -> AppResult<()> {
    let now = state.now();
    let user = ctx.user()?.clone();
    state
        .db(move |c| {
            audit::write(c, &user.actor(), now, |c| {
                session::delete(c, &user.session_id)?;
                Ok::<_, AppError>(((), vec![Change::new("session.logout", "user", user.id)]))
            })
        })
        .await
}

pub async fn logout(ctx: Ctx, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    end_session(&state, &ctx).await?;
    let mut res = see_other("/login");
    let mut gone = session_cookie(&state, "");
    gone.make_removal();
    res.add_cookie(&gone).map_err(AppError::internal)?;
    Ok(res)
}

pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location.to_string()))
        .finish()
}
