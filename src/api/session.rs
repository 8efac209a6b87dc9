use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::sessions::{self, LoginOutcome};
use crate::auth::{CurrentUser, Role};
use crate::error::{AppError, AppResult};
use crate::http::ctx::Ctx;
use crate::http::AppState;

#[derive(Deserialize, ToSchema)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

#[derive(Serialize, ToSchema)]
pub struct Me {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub municipality_code: Option<i32>,
    /// Send as the X-CSRF-Token header on every write.
    pub csrf_token: String,
}

impl From<&CurrentUser> for Me {
    fn from(u: &CurrentUser) -> Me {
        Me {
            id: u.id,
            username: u.username.clone(),
            display_name: u.display_name.clone(),
            role: u.role,
            municipality_code: u.municipality_code,
            csrf_token: u.csrf_token.clone(),
        }
    }
}

/// Log in: sets the session cookie and returns the CSRF token.
#[utoipa::path(post, path = "/api/v1/session", tag = "session", request_body = LoginRequest,
    responses((status = 200, body = Me), (status = 401, body = crate::http::errors::ApiError), (status = 429, body = crate::http::errors::ApiError)))]
pub async fn login(
    state: web::Data<AppState>,
    body: web::Json<LoginRequest>,
) -> AppResult<HttpResponse> {
    let LoginRequest { username, password } = body.into_inner();
    let (policy, now) = (state.policy, state.now());
    let outcome = state
        .db(move |c| sessions::login(c, &policy, now, &username, &password))
        .await?;
    match outcome {
        LoginOutcome::LoggedIn(session) => {
            let mut res = HttpResponse::Ok().json(Me::from(&session.user));
            res.add_cookie(&state.session_cookie(&session.token))
                .map_err(AppError::internal)?;
            Ok(res)
        }
        LoginOutcome::Wrong => Err(AppError::Unauthorized),
        LoginOutcome::Locked { until } => {
            Err(AppError::TooManyRequests(sessions::locked_message(until)))
        }
    }
}

/// Log out: ends the session.
#[utoipa::path(delete, path = "/api/v1/session", tag = "session", responses((status = 204)), security(("session" = []), ("csrf" = [])))]
pub async fn logout(ctx: Ctx, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let (user, now) = (ctx.user()?.clone(), state.now());
    state.db(move |c| sessions::logout(c, &user, now)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Who is logged in.
#[utoipa::path(get, path = "/api/v1/me", tag = "session", responses((status = 200, body = Me)), security(("session" = [])))]
pub async fn me(ctx: Ctx) -> AppResult<HttpResponse> {
    Ok(super::ok(Me::from(ctx.user()?)))
}
