//! Users: created and changed by officers and administrators, with their role and (for
//! municipal users) their municipality.

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::auth::{password, CurrentUser};
use crate::db::audit::{self, Actor, Change};
use crate::db::models::UserRow;
use crate::db::queries::users::{self, UserValues};
use crate::db::DbConn;
use crate::domain::role::Role;
use crate::error::{AppError, AppResult, FieldErrors, Msg};

/// A validated new user or user change.
#[derive(Clone, Debug, Serialize)]
pub struct UserInput {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub municipality_code: Option<i32>,
    pub active: bool,
    /// Where the user is reached (reminders of the municipality's accounts); empty if none.
    pub email: String,
    /// Only set when the password is (re)set.
    #[serde(skip)]
    pub password: Option<String>,
}

/// A user as typed: the text of the page's form or the API's body, before it is checked.
#[derive(Clone, Debug, Default)]
pub struct UserDraft {
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub municipality_code: String,
    pub password: String,
    pub email: String,
    /// "on"/"true" when active; absent from an HTML form when unticked.
    pub active: Option<String>,
}

impl UserDraft {
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
        } else if crate::domain::text::has_control(&display_name, false) {
            errors.add("display_name", Msg::new(crate::domain::text::CONTROL_KEY));
        }
        let role = Role::parse(&self.role);
        if role.is_none() {
            errors.add("role", Msg::new("user-role-invalid"));
        }
        let code_text = self.municipality_code.trim();
        let mut municipality_code = None;
        if role.is_some_and(Role::has_municipality) {
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
        let email = self.email.trim().to_string();
        if !email.is_empty() {
            if let Err(e) = crate::mail::Address::parse(&email) {
                errors.add("email", e.msg());
            }
        }
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
                email,
                password,
            }),
            _ => Err(errors),
        }
    }
}

impl UserInput {
    fn values(&self) -> UserValues<'_> {
        UserValues {
            username: &self.username,
            display_name: &self.display_name,
            role: self.role.as_str(),
            municipality_code: self.municipality_code,
            active: self.active,
            email: &self.email,
        }
    }
}

fn taken(c: &mut DbConn, username: &str, except: Option<i64>) -> AppResult<()> {
    if users::taken(c, username, except)? {
        return Err(AppError::field("username", Msg::new("user-username-taken")));
    }
    Ok(())
}

/// Creates a user (the password is required); returns the stored row.
pub fn create(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    input: &UserInput,
) -> AppResult<UserRow> {
    let pw = input.password.as_deref().unwrap_or_default();
    let hash = password::hash(pw).map_err(AppError::internal)?;
    audit::write(conn, actor, now, |c| {
        taken(c, &input.username, None)?;
        let id = users::insert(c, &input.values(), &hash, now)?;
        let row = users::get(c, id)?.ok_or(AppError::NotFound)?;
        Ok((
            row,
            vec![Change::new("user.create", "user", id).after(input)],
        ))
    })
}

/// Changes user `id` as `me` asks. Nobody locks themselves out by editing their own
/// account: their role, municipality and active flag stay. A changed role, municipality
/// or password, or a deactivation, ends the user's sessions.
pub fn update(
    conn: &mut DbConn,
    me: &CurrentUser,
    now: NaiveDateTime,
    id: i64,
    mut input: UserInput,
) -> AppResult<UserRow> {
    if id == me.id {
        input.active = true;
        input.role = me.role;
        input.municipality_code = me.municipality_code;
    }
    let hash = match &input.password {
        Some(pw) => Some(password::hash(pw).map_err(AppError::internal)?),
        None => None,
    };
    audit::write(conn, &me.actor(), now, |c| {
        let before = users::get(c, id)?.ok_or(AppError::NotFound)?;
        taken(c, &input.username, Some(id))?;
        users::update(c, id, &input.values())?;
        let mut action = "user.update";
        if let Some(h) = &hash {
            users::set_password_hash(c, id, h)?;
            action = "user.update-password";
        }
        if hash.is_some()
            || !input.active
            || before.role != input.role.as_str()
            || before.municipality_code != input.municipality_code
        {
            crate::auth::session::delete_for_user(c, id)?;
        }
        let row = users::get(c, id)?.ok_or(AppError::NotFound)?;
        Ok((
            row,
            vec![Change::new(action, "user", id)
                .before(&before)
                .after(&input)],
        ))
    })
}
