//! Log in and out.

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use tilskud_templates::pages::login::{self, LoginView};

use super::{html, html_invalid, AppState};
use crate::app::sessions::{self, LoginOutcome};
use crate::error::{AppError, AppResult, Msg};
use crate::http::client::ClientAddr;
use crate::http::ctx::Ctx;

#[derive(Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
    /// Set by the logout's redirect: the page confirms the user is logged out.
    #[serde(default)]
    logged_out: Option<String>,
    /// Set when a form arrived after the session had ended: it was kept (`kept`) or
    /// could not be (`expired`, a file upload).
    #[serde(default)]
    kept: Option<String>,
    #[serde(default)]
    expired: Option<String>,
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

pub async fn form(
    ctx: Ctx,
    state: web::Data<AppState>,
    q: web::Query<NextQuery>,
) -> AppResult<HttpResponse> {
    if ctx.user.is_some() {
        return Ok(see_other(&safe_next(&q.next)));
    }
    let minutes = state.policy.idle.num_minutes();
    let info = if q.kept.is_some() {
        Some(ctx.msg(&Msg::new("login-form-kept").arg("minutes", minutes)))
    } else if q.expired.is_some() {
        Some(ctx.msg(&Msg::new("login-session-expired").arg("minutes", minutes)))
    } else {
        None
    };
    let view = LoginView {
        username: String::new(),
        next: safe_next(&q.next),
        errors: Vec::new(),
        problem: None,
        notice: q.logged_out.is_some().then(|| ctx.t("login-logged-out")),
        info,
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
    client: ClientAddr,
    req: actix_web::HttpRequest,
    form: web::Form<LoginForm>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    // A form kept when the session ended comes first (`kept_form`).
    let next = if req.cookie(state.kept_cookie_name()).is_some() {
        "/kept-form".to_string()
    } else {
        safe_next(&form.next)
    };
    let mut errors = Vec::new();
    if form.username.trim().is_empty() {
        errors.push(("username".to_string(), ctx.t("login-username-required")));
    }
    if form.password.is_empty() {
        errors.push(("password".to_string(), ctx.t("login-password-required")));
    }
    let mut wait = None;
    let problem = if errors.is_empty() {
        let (policy, now) = (state.policy, state.now());
        let (username, password) = (form.username.clone(), form.password.clone());
        let previous_session = ctx.user.as_ref().map(|u| u.session_id.clone());
        let outcome = state
            .db(move |c| {
                let attempt = sessions::Attempt {
                    username: &username,
                    password: &password,
                    source: client.ip,
                    previous_session,
                };
                sessions::login(c, &policy, now, attempt)
            })
            .await?;
        if let LoginOutcome::LoggedIn(session) = &outcome {
            let mut res = see_other(&next);
            res.add_cookie(&state.session_cookie(&session.token))
                .map_err(AppError::internal)?;
            return Ok(res);
        }
        if let LoginOutcome::Throttled { wait: w } = &outcome {
            wait = Some(sessions::retry_after_secs(*w));
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
        info: None,
    };
    let page = ctx.page(&ctx.t("login-heading"), login::login(ctx.lang, &view));
    Ok(match wait {
        // Too many attempts: the same page, as 429 with when to come back.
        Some(secs) => HttpResponse::TooManyRequests()
            .insert_header((header::RETRY_AFTER, secs.to_string()))
            .content_type("text/html; charset=utf-8")
            .body(page.into_string()),
        None => html_invalid(page),
    })
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

/// The form kept when the user's session ended, given back after the login to be sent
/// again (`app::kept_forms`): what it was, and a button that posts it as it was typed.
pub async fn kept_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    req: actix_web::HttpRequest,
) -> AppResult<HttpResponse> {
    let user_id = ctx.user()?.id;
    let token = req
        .cookie(state.kept_cookie_name())
        .map(|c| c.value().to_string())
        .unwrap_or_default();
    let now = state.now();
    let kept = match token.is_empty() {
        true => None,
        false => {
            state
                .db(move |c| crate::app::kept_forms::take(c, user_id, &token, now))
                .await?
        }
    };
    let mut res = match kept {
        None => see_other("/"),
        Some(k) => {
            let pairs: Vec<(String, String)> =
                serde_urlencoded::from_bytes(&k.body).unwrap_or_default();
            let hidden: Vec<(String, String)> = pairs
                .into_iter()
                .filter(|(name, _)| name != tilskud_templates::components::CSRF_FIELD)
                .collect();
            let filled = hidden.iter().filter(|(_, v)| !v.trim().is_empty()).count();
            let view = login::KeptView {
                action: k.path.clone(),
                page_href: page_of(&k.path),
                what: ctx.t(action_key(&k.path)),
                filled,
                minutes: state.policy.idle.num_minutes(),
                hidden,
                csrf: ctx.csrf(),
            };
            html(ctx.page(&ctx.t("kept-heading"), login::kept(ctx.lang, &view)))
        }
    };
    res.add_cookie(&state.kept_cookie_removal())
        .map_err(AppError::internal)?;
    Ok(res)
}

/// What a form posted to `path` did, by the last part of its address.
fn action_key(path: &str) -> &'static str {
    match path.rsplit('/').next().unwrap_or_default() {
        "save" => "kept-action-save",
        "submit" => "kept-action-submit",
        "withdraw" => "kept-action-withdraw",
        "approve" => "kept-action-approve",
        "lines" => "kept-action-save",
        _ => "kept-action-send",
    }
}

/// The page a form at `path` belongs to: the address without its action
/// (`/pools/2/applications/615/save` → `/pools/2/applications/615`).
fn page_of(path: &str) -> String {
    const ACTIONS: [&str; 12] = [
        "save",
        "submit",
        "withdraw",
        "approve",
        "decide",
        "lines",
        "start",
        "send-back",
        "request",
        "prepare",
        "refuse",
        "reject",
    ];
    match path.rsplit_once('/') {
        Some((page, last)) if ACTIONS.contains(&last) && !page.is_empty() => {
            page.trim_end_matches("/review").to_string()
        }
        _ => path.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_form_leads_back_to_its_page() {
        assert_eq!(
            page_of("/pools/2/applications/615/save"),
            "/pools/2/applications/615"
        );
        assert_eq!(
            page_of("/pools/1/accounts/615/final/review/save"),
            "/pools/1/accounts/615/final"
        );
        assert_eq!(page_of("/pools/3"), "/pools/3");
        assert_eq!(
            action_key("/pools/2/applications/615/submit"),
            "kept-action-submit"
        );
        assert_eq!(action_key("/pools/3"), "kept-action-send");
    }
}
