//! Stored answers of API writes sent with an `Idempotency-Key` (`api::idempotency`):
//! one row per user and key, claimed by the insert in the same transaction as the write
//! it answers, so that the primary key lets exactly one of two identical requests run.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error};

use crate::db::schema::idempotency_keys as k;
use crate::db::DbConn;

/// The answer stored under a key, with the hash of the request it answered.
#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = k)]
pub struct StoredAnswer {
    pub request_hash: String,
    pub status_code: i32,
    pub body: String,
}

/// Claims `key` for `user_id` with a placeholder answer (status 0), to be replaced by
/// [`store`] before the transaction commits; the placeholder is never seen by anyone
/// else. `Ok(false)`: the key is taken (an answer is stored, or another transaction
/// holds the claim; on PostgreSQL the insert waits for that one to end first).
pub fn claim(
    conn: &mut DbConn,
    user_id: i64,
    key: &str,
    request_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let inserted = diesel::insert_into(k::table)
        .values((
            k::user_id.eq(user_id),
            k::idem_key.eq(key),
            k::request_hash.eq(request_hash),
            k::status_code.eq(0),
            k::body.eq(""),
            k::created_at.eq(now),
        ))
        .execute(conn);
    match inserted {
        Ok(_) => Ok(true),
        Err(Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Ok(false),
        Err(e) => Err(e),
    }
}

/// The answer to the claimed key.
pub fn store(
    conn: &mut DbConn,
    user_id: i64,
    key: &str,
    status_code: i32,
    body: &str,
) -> QueryResult<usize> {
    diesel::update(k::table.find((user_id, key)))
        .set((k::status_code.eq(status_code), k::body.eq(body)))
        .execute(conn)
}

/// The stored answer under `key` for `user_id`, if any.
pub fn get(conn: &mut DbConn, user_id: i64, key: &str) -> QueryResult<Option<StoredAnswer>> {
    k::table
        .find((user_id, key))
        .select(StoredAnswer::as_select())
        .get_result(conn)
        .optional()
}
