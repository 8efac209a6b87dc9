use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::auth::{password, Role};
use crate::db::audit::{self, Actor, Change};
use crate::db::models::UserRow;
use crate::db::schema::users;
use crate::db::DbConn;
use crate::error::{AppError, AppResult, FieldErrors, Msg};

/// A validated new user or user change.
#[derive(Clone, Debug, Serialize)]
pub struct UserInput {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub municipality_code: Option<i32>,
    pub active: bool,
    /// Only set when the password is (re)set.
    #[serde(skip)]
    pub password: Option<String>,
}

/// Raw text as typed in a form or sent as JSON.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
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
    /// "on"/"true" when active; absent from an HTML form when unticked.
    #[serde(default)]
    pub active: Option<String>,
}

impl UserForm {
    /// Checks every field and reports all problems at once. `new` requires a password.
    pub fn validate(&self, new: bool) -> Result<UserInput, FieldErrors> {
        let mut errors = FieldErrors::default();
        let username = self.username.trim().to_lowercase();
        let username_ok = (3..=64).contains(&username.chars().count())
            && username
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'));
        if !username_ok {
            errors.add("username", Msg::new("user-username-invalid"));
        }
        let display_name = self.display_name.trim().to_string();
        if display_name.is_empty() || display_name.chars().count() > 120 {
            errors.add("display_name", Msg::new("user-display-name-invalid"));
        }
        let role = Role::parse(&self.role);
        if role.is_none() {
            errors.add("role", Msg::new("user-role-invalid"));
        }
        let code_text = self.municipality_code.trim();
        let mut municipality_code = None;
        if role.is_some_and(Role::is_municipal) {
            match crate::domain::municipality::MunicipalityCode::parse(code_text) {
                Ok(c) => municipality_code = Some(i32::from(c.as_u16())),
                Err(_) => errors.add("municipality_code", Msg::new("user-municipality-required")),
            }
        } else if role.is_some() && !code_text.is_empty() {
            errors.add(
                "municipality_code",
                Msg::new("user-municipality-not-allowed"),
            );
        }
        let pw = self.password.as_str();
        let password = if pw.is_empty() && !new {
            None
        } else if pw.chars().count() < password::MIN_LENGTH {
            errors.add(
                "password",
                Msg::new("user-password-too-short").arg("min", password::MIN_LENGTH),
            );
            None
        } else {
            Some(pw.to_string())
        };
        let active = match self.active.as_deref() {
            None => false,
            Some(v) => matches!(v, "on" | "true" | "1" | "yes"),
        };
        match (errors.is_empty(), role) {
            (true, Some(role)) => Ok(UserInput {
                username,
                display_name,
                role,
                municipality_code,
                active,
                password,
            }),
            _ => Err(errors),
        }
    }
}

pub fn list(conn: &mut DbConn) -> QueryResult<Vec<UserRow>> {
    users::table
        .order(users::username.asc())
        .select(UserRow::as_select())
        .load(conn)
}

pub fn get(conn: &mut DbConn, id: i64) -> QueryResult<Option<UserRow>> {
    users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

pub fn by_username(conn: &mut DbConn, username: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::username.eq(username.trim().to_lowercase()))
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

fn taken(conn: &mut DbConn, username: &str, except: Option<i64>) -> QueryResult<bool> {
    let found = by_username(conn, username)?;
    Ok(found.is_some_and(|u| Some(u.id) != except))
}

pub fn create(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    input: &UserInput,
) -> AppResult<i64> {
    let pw = input.password.as_deref().unwrap_or_default();
    let hash = password::hash(pw).map_err(AppError::internal)?;
    audit::write(conn, actor, now, |c| {
        if taken(c, &input.username, None)? {
            return Err(AppError::field("username", Msg::new("user-username-taken")));
        }
        let id: i64 = diesel::insert_into(users::table)
            .values((
                users::username.eq(&input.username),
                users::display_name.eq(&input.display_name),
                users::password_hash.eq(&hash),
                users::role.eq(input.role.as_str()),
                users::municipality_code.eq(input.municipality_code),
                users::active.eq(input.active),
                users::created_at.eq(now),
            ))
            .returning(users::id)
            .get_result(c)?;
        Ok((
            id,
            vec![Change::new("user.create", "user", id).after(input)],
        ))
    })
}

pub fn update(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    id: i64,
    input: &UserInput,
) -> AppResult<()> {
    let hash = match &input.password {
        Some(pw) => Some(password::hash(pw).map_err(AppError::internal)?),
        None => None,
    };
    audit::write(conn, actor, now, |c| {
        let before = get(c, id)?.ok_or(AppError::NotFound)?;
        if taken(c, &input.username, Some(id))? {
            return Err(AppError::field("username", Msg::new("user-username-taken")));
        }
        diesel::update(users::table.find(id))
            .set((
                users::username.eq(&input.username),
                users::display_name.eq(&input.display_name),
                users::role.eq(input.role.as_str()),
                users::municipality_code.eq(input.municipality_code),
                users::active.eq(input.active),
            ))
            .execute(c)?;
        let mut action = "user.update";
        if let Some(h) = &hash {
            diesel::update(users::table.find(id))
                .set(users::password_hash.eq(h))
                .execute(c)?;
            action = "user.update-password";
        }
        // A changed role, municipality, password or deactivation ends the user's sessions.
        if hash.is_some()
            || !input.active
            || before.role != input.role.as_str()
            || before.municipality_code != input.municipality_code
        {
            crate::auth::session::delete_for_user(c, id)?;
        }
        Ok((
            (),
            vec![Change::new(action, "user", id).before(&before).after(input)],
        ))
    })
}
