use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Role;
use crate::error::{AppError, AppResult, Msg};
use crate::http::ctx::Ctx;
use crate::http::AppState;
use crate::web::login::{self, LoginOutcome};

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

/// Log in: sets the session cookie and returns the CSRF token.
#[utoipa::path(post, path = "/api/v1/session", tag = "session", request_body = LoginRequest,
    responses((status = 200, body = Me), (status = 401, body = crate::http::errors::ApiError), (status = 429, body = crate::http::errors::ApiError)))]
pub async fn login(
    state: web::Data<AppState>,
    body: web::Json<LoginRequest>,
) -> AppResult<HttpResponse> {
    let now = state.now();
    let body = body.into_inner();
    match login::attempt(&state, body.username.clone(), body.password).await? {
        LoginOutcome::Ok { token, csrf } => {
            let policy = state.policy;
            let user = state
                .db(move |c| {
                    Ok(crate::auth::session::load(c, &token, now, &policy)?.map(|u| (u, token)))
                })
                .await?
                .ok_or(AppError::Unauthorized)?;
            let (u, token) = user;
            let mut res = HttpResponse::Ok().json(Me {
                id: u.id,
                username: u.username,
                display_name: u.display_name,
                role: u.role,
                municipality_code: u.municipality_code,
                csrf_token: csrf,
            });
            res.add_cookie(&login::session_cookie(&state, &token))
                .map_err(AppError::internal)?;
            Ok(res)
        }
        LoginOutcome::Wrong => Err(AppError::Unauthorized),
        LoginOutcome::Locked { until_local } => Err(AppError::TooManyRequests(
            Msg::new("login-locked").arg("until", until_local),
        )),
    }
}

/// Log out: ends the session.
#[utoipa::path(delete, path = "/api/v1/session", tag = "session", responses((status = 204)), security(("session" = []), ("csrf" = [])))]
pub async fn logout(ctx: Ctx, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    login::end_session(&state, &ctx).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Who is logged in.
#[utoipa::path(get, path = "/api/v1/me", tag = "session", responses((status = 200, body = Me)), security(("session" = [])))]
pub async fn me(ctx: Ctx) -> AppResult<HttpResponse> {
    let u = ctx.user()?;
    Ok(super::ok(Me {
        id: u.id,
        username: u.username.clone(),
        display_name: u.display_name.clone(),
        role: u.role,
        municipality_code: u.municipality_code,
        csrf_token: u.csrf_token.clone(),
    }))
}
