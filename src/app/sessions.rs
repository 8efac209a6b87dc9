//! Logging in and out. A login checks the password with throttling and, on success,
//! starts a fresh session (ending the one the browser still held); every attempt, failed or not, and every logout is written with
//! its audit entry. The pages and the API call the same operations and differ only in
//! how they answer.

use std::net::IpAddr;

use chrono::{Duration, NaiveDateTime};
use diesel::Connection;

use crate::auth::session::{self, Policy};
use crate::auth::throttle::{self, Claim};
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
    /// Too many attempts from this address or for this username: refused without a
    /// password check; try again after `wait` (`auth::throttle`).
    Throttled {
        wait: Duration,
    },
}

impl LoginOutcome {
    /// Why the login was refused, for the person trying; `None` when it succeeded.
    pub fn refusal(&self) -> Option<Msg> {
        match self {
            LoginOutcome::LoggedIn(_) => None,
            LoginOutcome::Wrong => Some(Msg::new("login-wrong")),
            LoginOutcome::Throttled { wait } => Some(throttled_message(*wait)),
        }
    }
}

/// Whole seconds to wait, rounded up (the `Retry-After` header's value).
pub fn retry_after_secs(wait: Duration) -> i64 {
    (wait.num_milliseconds().max(1) + 999) / 1000
}

/// "Too many attempts. Wait 8 seconds" (or minutes, for a long wait).
pub fn throttled_message(wait: Duration) -> Msg {
    let secs = retry_after_secs(wait);
    if secs <= 120 {
        Msg::new("login-throttled-seconds").count("seconds", secs as usize)
    } else {
        Msg::new("login-throttled-minutes").count("minutes", ((secs + 59) / 60) as usize)
    }
}

/// A login attempt: who, with which password, from where, and the session the browser
/// still holds (its id), if any, which the new session replaces.
pub struct Attempt<'a> {
    pub username: &'a str,
    pub password: &'a str,
    pub source: Option<IpAddr>,
    pub previous_session: Option<String>,
}

/// Tries to log in at `now`. The attempt is counted under the source address and the
/// username before the password is checked (`auth::throttle`); a throttled attempt is
/// refused unchecked and unaudited, so a flood of them writes nothing to the audit log.
pub fn login(
    conn: &mut DbConn,
    policy: &Policy,
    now: NaiveDateTime,
    attempt: Attempt<'_>,
) -> AppResult<LoginOutcome> {
    let ip_key = throttle::ip_key(attempt.source);
    let user_key = throttle::user_key(attempt.username);
    // The address first: a throttled address does not lengthen the username's wait.
    // Both claims in one transaction: one turn at SQLite's writer, not four, for a login
    // that may be waiting behind an import's transactions.
    let throttled = conn.transaction(|c| -> AppResult<Option<_>> {
        for (key, rule) in [(&ip_key, &policy.login.ip), (&user_key, &policy.login.user)] {
            if let Claim::Wait(wait) = throttle::claim(c, key, rule, now)? {
                return Ok(Some(wait));
            }
        }
        Ok(None)
    })?;
    if let Some(wait) = throttled {
        crate::metrics::login_failed();
        return Ok(LoginOutcome::Throttled { wait });
    }
    let username = attempt.username;
    let user = users::by_username(conn, username)?;
    let ok = match &user {
        Some(u) => password::verify(attempt.password, &u.password_hash) && u.active,
        None => {
            // The same work as for a real user: no user enumeration by timing.
            password::verify(attempt.password, password::dummy_hash());
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
                throttle::clear(c, &user_key)?;
                throttle::forgive(c, &ip_key)?;
                throttle::delete_stale(c, &policy.login, now)?;
                // One browser, one session: the one it still held ends here.
                if let Some(previous) = &attempt.previous_session {
                    session::delete(c, previous)?;
                }
                session::delete_expired(c, now, policy)?;
                let token = session::create(c, u.id, now)?;
                Ok::<_, AppError>((token, vec![Change::new("session.login", "user", u.id)]))
            })?;
            let user = session::load(conn, &token, now, policy)?.ok_or(AppError::Unauthorized)?;
            Ok(LoginOutcome::LoggedIn(NewSession { token, user }))
        }
        _ => audit::write(conn, &actor, now, |_| {
            crate::metrics::login_failed();
            Ok::<_, AppError>((
                LoginOutcome::Wrong,
                vec![Change::new("session.login-failed", "user", &user_key)],
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
