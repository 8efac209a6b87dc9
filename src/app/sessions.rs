//! Logging in and out. A login checks the password with throttling and, on success,
//! starts a fresh session; every attempt, failed or not, and every logout is written with
//! its audit entry. The pages and the API call the same operations and differ only in
//! how they answer.

use chrono::NaiveDateTime;

use crate::auth::session::{self, Policy};
use crate::auth::{password, CurrentUser};
use crate::db::audit::{self, Actor, Change};
use crate::db::queries::users;
use crate::db::DbConn;
use crate::error::{AppError, AppResult, Msg};

/// A session just started: the token for the cookie, and who it belongs to (with the
/// session's CSRF token).
#[derive(Debug)]
pub struct NewSession {
    pub token: String,
    pub user: CurrentUser,
}

/// What came of a login attempt. An unknown user and a wrong password (or a deactivated
/// account) are the same outcome, so nothing tells which usernames exist.
#[derive(Debug)]
pub enum LoginOutcome {
    LoggedIn(NewSession),
    Wrong,
    /// Too many failures: refused, even with the right password, until this instant (UTC).
    Locked {
        until: NaiveDateTime,
    },
}

impl LoginOutcome {
    /// Why the login was refused, for the person trying; `None` when it succeeded.
    pub fn refusal(&self) -> Option<Msg> {
        match self {
            LoginOutcome::LoggedIn(_) => None,
            LoginOutcome::Wrong => Some(Msg::new("login-wrong")),
            LoginOutcome::Locked { until } => Some(locked_message(*until)),
        }
    }
}

/// "Locked until 12:15 (Copenhagen time)".
pub fn locked_message(until: NaiveDateTime) -> Msg {
    Msg::new("login-locked").time_as("until", until, "%H:%M")
}

/// Tries to log `username` in with `pw` at `now`.
pub fn login(
    conn: &mut DbConn,
    policy: &Policy,
    now: NaiveDateTime,
    username: &str,
    pw: &str,
) -> AppResult<LoginOutcome> {
    let key = session::throttle_key(username);
    if let Some(until) = session::locked_until(conn, &key, now)? {
        crate::metrics::login_failed();
        return Ok(LoginOutcome::Locked { until });
    }
    let user = users::by_username(conn, username)?;
    let ok = match &user {
        Some(u) => password::verify(pw, &u.password_hash) && u.active,
        None => {
            // The same work as for a real user: no user enumeration by timing.
            password::verify(pw, password::dummy_hash());
            false
        }
    };
    let actor = Actor {
        user_id: user.as_ref().map(|u| u.id),
        label: username.trim().to_lowercase(),
    };
    match (ok, user) {
        (true, Some(u)) => {
            let token = audit::write(conn, &actor, now, |c| {
                session::clear_failures(c, &key)?;
                session::delete_expired(c, now, policy)?;
                let token = session::create(c, u.id, now)?;
                Ok::<_, AppError>((token, vec![Change::new("session.login", "user", u.id)]))
            })?;
            let user = session::load(conn, &token, now, policy)?.ok_or(AppError::Unauthorized)?;
            Ok(LoginOutcome::LoggedIn(NewSession { token, user }))
        }
        _ => audit::write(conn, &actor, now, |c| {
            crate::metrics::login_failed();
            session::record_failure(c, &key, now, policy)?;
            Ok::<_, AppError>((
                LoginOutcome::Wrong,
                vec![Change::new("session.login-failed", "user", &key)],
            ))
        }),
    }
}

/// Ends `user`'s current session.
pub fn logout(conn: &mut DbConn, user: &CurrentUser, now: NaiveDateTime) -> AppResult<()> {
    audit::write(conn, &user.actor(), now, |c| {
        session::delete(c, &user.session_id)?;
        Ok::<_, AppError>(((), vec![Change::new("session.logout", "user", user.id)]))
    })
}
