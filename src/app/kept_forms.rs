//! Forms that arrive after the user's session has ended (idle too long): what was typed
//! is kept for that user, and after they log in again they are shown it and can send
//! it once more with one click. Nothing is lost to a timeout, and nothing is sent
//! without the user seeing it first.
//!
//! The cookie holds a random token; the table holds only its hash (as for sessions),
//! the user it belongs to, the address it was posted to and the urlencoded body. A kept
//! form lives `KEEP_FOR` at most, is given back only to the same user, and is deleted
//! when it is given back. Both steps are audited (the address, never the body).

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::auth::session::token_id;
use crate::db::audit::{self, Actor, Change};
use crate::db::schema::kept_forms;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};

/// How long a kept form waits for its user to log in again.
pub const KEEP_FOR: Duration = Duration::hours(8);

/// The largest body kept: a form, never a file (uploads are multipart and not kept).
pub const MAX_BODY: usize = 256 * 1024;

/// A form given back: where it was posted and what it held.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kept {
    pub path: String,
    pub body: Vec<u8>,
}

/// The fields never kept: a CPR number typed into the questionnaire's form must not
/// reach the database (docs/questionnaire.md), so the user types it again.
const NEVER_KEPT: &[&[u8]] = &[b"cpr"];

/// `body` (urlencoded) without the fields of [`NEVER_KEPT`].
pub fn without_secrets(body: &[u8]) -> Vec<u8> {
    let kept: Vec<&[u8]> = body
        .split(|b| *b == b'&')
        .filter(|pair| {
            let name = pair.split(|b| *b == b'=').next().unwrap_or_default();
            !NEVER_KEPT.contains(&name)
        })
        .collect();
    kept.join(&b'&')
}

/// Keeps `body`, posted to `path` by `user_id` after their session ended, without the
/// fields never kept; the token for the cookie. Forms past their time are removed first.
pub fn keep(
    conn: &mut DbConn,
    user_id: i64,
    path: &str,
    body: &[u8],
    now: NaiveDateTime,
) -> AppResult<String> {
    if body.len() > MAX_BODY {
        return Err(AppError::Internal("form too large to keep".into()));
    }
    let body = without_secrets(body);
    let token = crate::token::random_token();
    let id = token_id(&token);
    let actor = Actor {
        user_id: Some(user_id),
        label: String::new(),
    };
    audit::write(conn, &actor, now, |c| {
        crate::on_backend!(c, c => diesel::delete(kept_forms::table)
            .filter(kept_forms::created_at.lt(now - KEEP_FOR))
            .execute(c))?;
        crate::on_backend!(c, c => diesel::insert_into(kept_forms::table)
            .values((
                kept_forms::id.eq(&id),
                kept_forms::user_id.eq(user_id),
                kept_forms::path.eq(path),
                kept_forms::body.eq(&body),
                kept_forms::created_at.eq(now),
            ))
            .execute(c))?;
        let change = Change::new("session.form-kept", "user", user_id)
            .after(&serde_json::json!({ "path": path }));
        Ok::<_, AppError>((token.clone(), vec![change]))
    })
}

/// The form kept under `token` for `user_id`, if it is theirs and still in time; it is
/// deleted as it is given back (another user's token gives nothing and deletes nothing).
pub fn take(
    conn: &mut DbConn,
    user_id: i64,
    token: &str,
    now: NaiveDateTime,
) -> AppResult<Option<Kept>> {
    let id = token_id(token);
    let actor = Actor {
        user_id: Some(user_id),
        label: String::new(),
    };
    audit::write(conn, &actor, now, |c| {
        let found: Option<(String, Vec<u8>, NaiveDateTime)> = crate::on_backend!(c, c => kept_forms::table
                .filter(kept_forms::id.eq(&id))
                .filter(kept_forms::user_id.eq(user_id))
                .select((kept_forms::path, kept_forms::body, kept_forms::created_at))
                .get_result(c)
                .optional())?;
        let Some((path, body, created_at)) = found else {
            return Ok((None, Vec::new()));
        };
        crate::on_backend!(c, c => diesel::delete(kept_forms::table.filter(kept_forms::id.eq(&id)))
            .execute(c))?;
        if created_at < now - KEEP_FOR {
            return Ok((None, Vec::new()));
        }
        let change = Change::new("session.form-restored", "user", user_id)
            .after(&serde_json::json!({ "path": path }));
        Ok::<_, AppError>((Some(Kept { path, body }), vec![change]))
    })
}

#[cfg(test)]
mod tests {
    use super::without_secrets;

    #[test]
    fn a_cpr_field_is_never_kept() {
        assert_eq!(
            without_secrets(b"csrf_token=t&cpr=010190-1234&kind=baseline&q-parat=3"),
            b"csrf_token=t&kind=baseline&q-parat=3".to_vec()
        );
        assert_eq!(without_secrets(b"cpr=0101901234"), b"".to_vec());
        assert_eq!(without_secrets(b"cprx=1&a=2"), b"cprx=1&a=2".to_vec());
        assert_eq!(without_secrets(b""), b"".to_vec());
    }
}
