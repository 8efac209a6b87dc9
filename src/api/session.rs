use actix_web::http::header;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::sessions::{self, LoginOutcome};
use crate::auth::{CurrentUser, Role};
use crate::error::{AppError, AppResult};
use crate::http::client::ClientAddr;
use crate::http::ctx::Ctx;
use crate::http::errors::api_error;
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
///
/// A login that comes too soon after failed ones (from the same address, or for the same username) is refused
/// with 429 and a `Retry-After` header, without checking the password. A session the
/// caller still held (its cookie) ends.
#[utoipa::path(post, path = "/api/v1/session", tag = "session", request_body = LoginRequest,
    responses((status = 200, body = Me), (status = 401, body = crate::http::errors::ApiError),
        (status = 429, body = crate::http::errors::ApiError,
            headers(("Retry-After" = i64, description = "Seconds to wait before the next attempt")))))]
pub async fn login(
    ctx: Ctx,
    state: web::Data<AppState>,
    client: ClientAddr,
    body: web::Json<LoginRequest>,
) -> AppResult<HttpResponse> {
    let LoginRequest { username, password } = body.into_inner();
    let (policy, now) = (state.policy, state.now());
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
    match outcome {
        LoginOutcome::LoggedIn(session) => {
            let mut res = HttpResponse::Ok().json(Me::from(&session.user));
            res.add_cookie(&state.session_cookie(&session.token))
                .map_err(AppError::internal)?;
            Ok(res)
        }
        LoginOutcome::Wrong => Err(AppError::Unauthorized),
        LoginOutcome::Throttled { wait } => {
            let error = AppError::TooManyRequests(sessions::throttled_message(wait));
            Ok(HttpResponse::TooManyRequests()
                .insert_header((
                    header::RETRY_AFTER,
                    sessions::retry_after_secs(wait).to_string(),
                ))
                .json(api_error(&error, ctx.lang)))
        }
    }
}

/// Log out: ends the session.
///
/// The response also tells the client to drop the session cookie (`Max-Age=0`).
#[utoipa::path(delete, path = "/api/v1/session", tag = "session", responses((status = 204)), security(("session" = []), ("csrf" = [])))]
pub async fn logout(ctx: Ctx, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let (user, now) = (ctx.user()?.clone(), state.now());
    state.db(move |c| sessions::logout(c, &user, now)).await?;
    let mut res = HttpResponse::NoContent().finish();
    res.add_cookie(&state.session_cookie_removal())
        .map_err(AppError::internal)?;
    Ok(res)
}

/// Who is logged in.
#[utoipa::path(get, path = "/api/v1/me", tag = "session", responses((status = 200, body = Me)), security(("session" = [])))]
pub async fn me(ctx: Ctx) -> AppResult<HttpResponse> {
    Ok(super::ok(Me::from(ctx.user()?)))
}
