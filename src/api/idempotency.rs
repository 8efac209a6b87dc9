//! `Idempotency-Key` for the API's writes: a client that may retry a POST (a timeout, a
//! lost answer) sends a key of its choosing; the first request with that key runs and
//! its answer (status and JSON body) is kept; a repeat with the same key and the same
//! request gets that answer again without running anything; the same key with another
//! request is refused (422).
//!
//! Keys are per user. The request is identified by the SHA-256 of its method, path and
//! body bytes. The key's row is inserted as the first statement of the transaction that
//! runs the operation and stores its answer, so the primary key decides a race: on
//! PostgreSQL the second insert waits for the first transaction and then fails, on
//! SQLite the second writer starts only after the first committed; either way the loser
//! reads the stored answer, and the operation never runs twice. Answers of a refusal
//! (4xx: a conflict, invalid input) are kept like successes; a server error rolls the
//! claim back with everything else, so the retry runs.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;
use sha2::{Digest, Sha256};
use tilskud_templates::i18n::Lang;

use crate::db::queries::idempotency as keys;
use crate::db::DbConn;
use crate::error::{AppError, AppResult, Msg};
use crate::http::ctx::Ctx;
use crate::http::AppState;

/// The request header.
pub const HEADER: &str = "Idempotency-Key";
/// Set on an answer replayed from the store.
pub const REPLAYED: &str = "Idempotent-Replayed";
/// The longest key taken.
pub const KEY_MAX: usize = 255;

/// What an operation answers: a status and its JSON body.
#[derive(Clone, Debug)]
pub struct Answer {
    pub status: u16,
    pub body: serde_json::Value,
}

impl Answer {
    pub fn ok(v: &impl Serialize) -> AppResult<Answer> {
        Self::with(200, v)
    }

    pub fn created(v: &impl Serialize) -> AppResult<Answer> {
        Self::with(201, v)
    }

    fn with(status: u16, v: &impl Serialize) -> AppResult<Answer> {
        Ok(Answer {
            status,
            body: serde_json::to_value(v).map_err(AppError::internal)?,
        })
    }

    fn refusal(e: &AppError, lang: Lang) -> AppResult<Answer> {
        Self::with(e.status(), &crate::http::errors::api_error(e, lang))
    }

    fn response(&self, replayed: bool) -> HttpResponse {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::OK);
        let mut res = HttpResponse::build(status);
        if replayed {
            res.insert_header((REPLAYED, "true"));
        }
        res.json(&self.body)
    }
}

/// The key of a request, if it carries one; a malformed key is a 422.
fn key_of(req: &HttpRequest) -> AppResult<Option<String>> {
    let Some(v) = req.headers().get(HEADER) else {
        return Ok(None);
    };
    let key = v.to_str().map(str::trim).unwrap_or_default();
    let printable = key.chars().all(|c| c.is_ascii_graphic());
    if key.is_empty() || key.len() > KEY_MAX || !printable {
        return Err(AppError::field(
            HEADER,
            Msg::new("idempotency-key-invalid").count("max", KEY_MAX),
        ));
    }
    Ok(Some(key.to_string()))
}

/// SHA-256 of the method, the path (with its query) and the body, hex.
pub fn request_hash(method: &str, path_and_query: &str, body: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(method.as_bytes());
    h.update(b"\n");
    h.update(path_and_query.as_bytes());
    h.update(b"\n");
    h.update(body);
    crate::token::hex(&h.finalize())
}

/// Runs the write `op` (on the blocking pool) at most once per `Idempotency-Key` of the
/// user; without the header it simply runs. `body` is the request's raw body.
pub async fn once<F>(
    state: &AppState,
    ctx: &Ctx,
    req: &HttpRequest,
    body: &[u8],
    op: F,
) -> AppResult<HttpResponse>
where
    F: FnOnce(&mut DbConn) -> AppResult<Answer> + Send + 'static,
{
    let Some(key) = key_of(req)? else {
        return Ok(state.db(op).await?.response(false));
    };
    let user_id = ctx.user()?.id;
    let path = match req.query_string() {
        "" => req.path().to_string(),
        q => format!("{}?{q}", req.path()),
    };
    let hash = request_hash(req.method().as_str(), &path, body);
    let (now, lang) = (state.now(), ctx.lang);
    let (answer, replayed) = state
        .db(move |c| run(c, (user_id, &key, &hash), now, lang, op))
        .await?;
    Ok(answer.response(replayed))
}

/// Why the transaction that claims a key ended without its answer.
enum Ended {
    /// The key was taken: read what is stored.
    Taken,
    Failed(AppError),
}

impl From<diesel::result::Error> for Ended {
    fn from(e: diesel::result::Error) -> Ended {
        Ended::Failed(AppError::Db(e))
    }
}

/// Claims the key, runs `op` and stores its answer, in one transaction; or, with the key
/// taken, the stored answer. Returns the answer and whether it was replayed.
fn run<F>(
    c: &mut DbConn,
    (user_id, key, hash): (i64, &str, &str),
    now: chrono::NaiveDateTime,
    lang: Lang,
    op: F,
) -> AppResult<(Answer, bool)>
where
    F: FnOnce(&mut DbConn) -> AppResult<Answer>,
{
    use diesel::Connection;
    let ran = c.transaction::<Answer, Ended, _>(|c| {
        if !keys::claim(c, user_id, key, hash, now)? {
            return Err(Ended::Taken);
        }
        // The operation runs in a savepoint: a refusal, even one after a step that
        // succeeded (a read-back that finds nothing), undoes all it did, and the refusal
        // is what the key answers.
        let answer = match c.transaction(op) {
            Ok(a) => a,
            Err(e) if e.status() < 500 => Answer::refusal(&e, lang).map_err(Ended::Failed)?,
            Err(e) => return Err(Ended::Failed(e)),
        };
        let body = answer.body.to_string();
        keys::store(c, user_id, key, i32::from(answer.status), &body)?;
        Ok(answer)
    });
    match ran {
        Ok(answer) => Ok((answer, false)),
        Err(Ended::Failed(e)) => Err(e),
        Err(Ended::Taken) => replay(c, (user_id, key, hash)),
    }
}

fn replay(c: &mut DbConn, (user_id, key, hash): (i64, &str, &str)) -> AppResult<(Answer, bool)> {
    match keys::get(c, user_id, key)? {
        Some(stored) if stored.request_hash != hash => {
            Err(AppError::field(HEADER, Msg::new("idempotency-key-reused")))
        }
        Some(stored) if stored.status_code > 0 => {
            let body = serde_json::from_str(&stored.body).map_err(AppError::internal)?;
            let status = u16::try_from(stored.status_code).map_err(AppError::internal)?;
            Ok((Answer { status, body }, true))
        }
        // Never committed without its answer; kept for safety rather than replaying a
        // placeholder.
        _ => Err(AppError::Conflict(Msg::new("idempotency-key-in-progress"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_covers_method_path_and_body() {
        let a = request_hash("POST", "/api/v1/payouts/1/approve", b"{}");
        assert_eq!(a.len(), 64);
        assert_eq!(a, request_hash("POST", "/api/v1/payouts/1/approve", b"{}"));
        assert_ne!(a, request_hash("POST", "/api/v1/payouts/2/approve", b"{}"));
        assert_ne!(a, request_hash("POST", "/api/v1/payouts/1/approve", b"{ }"));
        assert_ne!(a, request_hash("PUT", "/api/v1/payouts/1/approve", b"{}"));
        // The separator keeps path and body apart.
        assert_ne!(
            request_hash("POST", "/a", b"b"),
            request_hash("POST", "/a\nb", b"")
        );
    }
}
