//! Server-side sessions. The cookie holds a random token; the table holds only its
//! SHA-256, so a copy of the database does not let anyone log in.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use super::{CurrentUser, Role};
use crate::db::models::{SessionRow, UserRow};
use crate::db::schema::{audit_head, sessions, users};
use crate::db::DbConn;

#[derive(Clone, Copy, Debug)]
pub struct Policy {
    pub idle: Duration,
    pub absolute: Duration,
    /// `last_seen_at` is written at most this often, so reading a page is not a write.
    pub touch_every: Duration,
    /// Login throttling (`auth::throttle`).
    pub login: super::throttle::Limits,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            idle: Duration::minutes(30),
            absolute: Duration::hours(12),
            touch_every: Duration::seconds(60),
            login: Default::default(),
        }
    }
}

pub fn token_id(token: &str) -> String {
    crate::token::hex(&Sha256::digest(token.as_bytes()))
}

/// Deletes every session that has expired by idleness or age (run at each login, so
/// abandoned sessions do not accumulate).
pub fn delete_expired(
    conn: &mut DbConn,
    now: NaiveDateTime,
    policy: &Policy,
) -> QueryResult<usize> {
    diesel::delete(
        sessions::table.filter(
            sessions::last_seen_at
                .lt(now - policy.idle)
                .or(sessions::created_at.lt(now - policy.absolute)),
        ),
    )
    .execute(conn)
}

/// Creates a new session (a fresh token at every login, so a planted cookie is useless)
/// and returns the cookie token.
pub fn create(conn: &mut DbConn, user_id: i64, now: NaiveDateTime) -> QueryResult<String> {
    let token = crate::token::random_token();
    diesel::insert_into(sessions::table)
        .values((
            sessions::id.eq(token_id(&token)),
            sessions::user_id.eq(user_id),
            sessions::csrf_token.eq(crate::token::random_token()),
            sessions::created_at.eq(now),
            sessions::last_seen_at.eq(now),
        ))
        .execute(conn)?;
    Ok(token)
}

/// What a cookie token stands for, found by reading only.
pub enum Lookup {
    Missing,
    /// Idle too long, too old, or the user is deactivated: the session should be deleted.
    Expired {
        session_id: String,
        /// Whose it was: a form posted with it is kept for them (`app::kept_forms`).
        user_id: i64,
    },
    /// Valid; `touch` says `last_seen_at` is due to be written. `versions` are the
    /// data version and the session epoch as of this read (`audit_head`), read in the
    /// same statement: what per-instance caches are checked against.
    Valid {
        user: Box<CurrentUser>,
        touch: bool,
        versions: Versions,
        created_at: NaiveDateTime,
        last_seen_at: NaiveDateTime,
    },
}

/// The two counters of `audit_head` that per-instance memory is checked against: the
/// data version (raised by every audited change of data) and the session epoch (raised
/// whenever sessions end before their time).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Versions {
    pub data: i64,
    pub sessions: i64,
}

/// Reads both counters.
pub fn versions(conn: &mut DbConn) -> QueryResult<Versions> {
    let (data, sessions) = audit_head::table
        .find(1)
        .select((audit_head::data_version, audit_head::session_epoch))
        .get_result(conn)?;
    Ok(Versions { data, sessions })
}

/// Whether a session created at `created_at` and last seen at `last_seen_at` is still
/// valid at `now`: `Some(touch)`, where `touch` says `last_seen_at` is due to be
/// written, or `None` when it is idle too long or too old.
pub fn judge(
    created_at: NaiveDateTime,
    last_seen_at: NaiveDateTime,
    now: NaiveDateTime,
    policy: &Policy,
) -> Option<bool> {
    let expired = now - last_seen_at > policy.idle || now - created_at > policy.absolute;
    (!expired).then(|| now - last_seen_at > policy.touch_every)
}

/// Raises the session epoch: every instance drops the sessions it keeps in memory.
fn end_epoch(conn: &mut DbConn) -> QueryResult<usize> {
    diesel::update(audit_head::table.find(1))
        .set(audit_head::session_epoch.eq(audit_head::session_epoch + 1))
        .execute(conn)
}

/// Finds the session behind a cookie token without writing anything, so a page view is
/// a pure read (the caller writes the expiry or the touch, rarely).
pub fn lookup(
    conn: &mut DbConn,
    token: &str,
    now: NaiveDateTime,
    policy: &Policy,
) -> QueryResult<Lookup> {
    let id = token_id(token);
    let version = audit_head::table
        .find(1)
        .select(audit_head::data_version)
        .single_value();
    let epoch = audit_head::table
        .find(1)
        .select(audit_head::session_epoch)
        .single_value();
    type Found = (SessionRow, UserRow, Option<i64>, Option<i64>);
    let found: Option<Found> = crate::on_backend!(conn, c => sessions::table
        .inner_join(users::table)
        .filter(sessions::id.eq(&id))
        .select((SessionRow::as_select(), UserRow::as_select(), version, epoch))
        // get_result, not first: `LIMIT ?` makes SQLite re-prepare at every binding.
        .get_result(c)
        .optional())?;
    let Some((session, user, data_version, epoch)) = found else {
        return Ok(Lookup::Missing);
    };
    let role = Role::parse(&user.role);
    let touch = judge(session.created_at, session.last_seen_at, now, policy);
    let (Some(role), Some(touch), true) = (role, touch, user.active) else {
        return Ok(Lookup::Expired {
            session_id: id,
            user_id: user.id,
        });
    };
    Ok(Lookup::Valid {
        versions: Versions {
            data: data_version.unwrap_or(0),
            sessions: epoch.unwrap_or(0),
        },
        touch,
        created_at: session.created_at,
        last_seen_at: session.last_seen_at,
        user: Box::new(CurrentUser {
            id: user.id,
            username: user.username,
            display_name: user.display_name,
            role,
            municipality_code: user.municipality_code,
            session_id: id,
            csrf_token: session.csrf_token,
        }),
    })
}

pub fn touch(conn: &mut DbConn, session_id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(sessions::table.find(session_id))
        .set(sessions::last_seen_at.eq(now))
        .execute(conn)
}

/// Loads the user behind a cookie token, or `None` when the session is unknown, idle too
/// long, too old, or the user is deactivated. An expired session is deleted; a due touch
/// is written.
pub fn load(
    conn: &mut DbConn,
    token: &str,
    now: NaiveDateTime,
    policy: &Policy,
) -> QueryResult<Option<CurrentUser>> {
    match lookup(conn, token, now, policy)? {
        Lookup::Missing => Ok(None),
        Lookup::Expired { session_id, .. } => {
            delete(conn, &session_id)?;
            Ok(None)
        }
        Lookup::Valid {
            user, touch: due, ..
        } => {
            if due {
                touch(conn, &user.session_id, now)?;
            }
            Ok(Some(*user))
        }
    }
}

/// Ends a session, on every instance (the session epoch is raised with it).
pub fn delete(conn: &mut DbConn, session_id: &str) -> QueryResult<usize> {
    let n = diesel::delete(sessions::table.find(session_id)).execute(conn)?;
    if n > 0 {
        end_epoch(conn)?;
    }
    Ok(n)
}

/// Ends every session of a user, on every instance (the session epoch is raised with
/// them).
pub fn delete_for_user(conn: &mut DbConn, user_id: i64) -> QueryResult<usize> {
    let n = diesel::delete(sessions::table.filter(sessions::user_id.eq(user_id))).execute(conn)?;
    if n > 0 {
        end_epoch(conn)?;
    }
    Ok(n)
}
