use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::users::{self as app, UserDraft};
use crate::db::models::UserRow;
use crate::db::queries::users;
use crate::error::{AppError, AppResult};
use crate::http::ctx::Ctx;
use crate::http::AppState;

#[derive(Serialize, ToSchema)]
pub struct UserOut {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub municipality_code: Option<i32>,
    pub active: bool,
    /// Empty when the user has none.
    pub email: String,
}

fn out(u: UserRow) -> UserOut {
    UserOut {
        id: u.id,
        username: u.username,
        display_name: u.display_name,
        role: u.role,
        municipality_code: u.municipality_code,
        active: u.active,
        email: u.email,
    }
}

#[derive(Deserialize, ToSchema)]
pub struct UserIn {
    pub username: String,
    #[schema(
        min_length = 1,
        max_length = 120,
        pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
    )]
    pub display_name: String,
    /// officer, finance, committee or admin.
    #[schema(pattern = "^(officer|finance|committee|admin)$")]
    pub role: String,
    /// Required for finance and committee.
    pub municipality_code: Option<i32>,
    /// Required when creating; optional when updating (unchanged if absent).
    pub password: Option<String>,
    /// Default true.
    pub active: Option<bool>,
    /// Where the user is reached (account reminders to finance staff); absent or empty for none.
    pub email: Option<String>,
}

impl From<UserIn> for UserDraft {
    fn from(u: UserIn) -> UserDraft {
        UserDraft {
            username: u.username,
            display_name: u.display_name,
            role: u.role,
            municipality_code: u
                .municipality_code
                .map(|c| c.to_string())
                .unwrap_or_default(),
            password: u.password.unwrap_or_default(),
            active: Some(u.active.unwrap_or(true).to_string()),
            email: u.email.unwrap_or_default(),
        }
    }
}

/// All users.
#[utoipa::path(get, operation_id = "list_users", path = "/api/v1/users", tag = "users", responses((status = 200, body = Vec<UserOut>)), security(("session" = [])))]
pub async fn list(state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let rows = state.read(|c| Ok(users::list(c)?)).await?;
    Ok(super::ok(rows.into_iter().map(out).collect::<Vec<_>>()))
}

/// Create a user.
#[utoipa::path(post, operation_id = "create_user", path = "/api/v1/users", tag = "users", request_body = UserIn,
    responses((status = 201, body = UserOut), (status = 422, body = crate::http::errors::ApiError)), security(("session" = []), ("csrf" = [])))]
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: web::Json<UserIn>,
) -> AppResult<HttpResponse> {
    let input = UserDraft::from(body.into_inner())
        .validate(true)
        .map_err(AppError::Invalid)?;
    let (actor, now) = (ctx.user()?.actor(), state.now());
    let row = state
        .db(move |c| app::create(c, &actor, now, &input))
        .await?;
    Ok(super::created(out(row)))
}

/// Change a user. A changed role, municipality or password, or deactivation, ends the
/// user's sessions.
#[utoipa::path(put, operation_id = "update_user", path = "/api/v1/users/{id}", tag = "users", params(("id" = i64, Path, minimum = 1)), request_body = UserIn,
    responses((status = 200, body = UserOut), (status = 422, body = crate::http::errors::ApiError)), security(("session" = []), ("csrf" = [])))]
pub async fn update(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    body: web::Json<UserIn>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let input = UserDraft::from(body.into_inner())
        .validate(false)
        .map_err(AppError::Invalid)?;
    let (me, now) = (ctx.user()?.clone(), state.now());
    let row = state
        .db(move |c| app::update(c, &me, now, id, input))
        .await?;
    Ok(super::ok(out(row)))
}
