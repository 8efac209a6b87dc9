//! The users table: rows in, rows out. Validation, password hashing and the audit entry
//! are the operation's (`app::users`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::models::UserRow;
use crate::db::schema::users;
use crate::db::DbConn;

/// The stored fields of a user, as the operation decided them.
pub struct UserValues<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub role: &'a str,
    pub municipality_code: Option<i32>,
    pub active: bool,
    /// Empty when the user has none.
    pub email: &'a str,
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

pub fn taken(conn: &mut DbConn, username: &str, except: Option<i64>) -> QueryResult<bool> {
    let found = by_username(conn, username)?;
    Ok(found.is_some_and(|u| Some(u.id) != except))
}

pub fn insert(
    conn: &mut DbConn,
    v: &UserValues,
    password_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(users::table)
        .values((
            users::username.eq(v.username),
            users::display_name.eq(v.display_name),
            users::password_hash.eq(password_hash),
            users::role.eq(v.role),
            users::municipality_code.eq(v.municipality_code),
            users::active.eq(v.active),
            users::created_at.eq(now),
            users::email.eq(v.email),
        ))
        .returning(users::id)
        .get_result(conn)
}

pub fn update(conn: &mut DbConn, id: i64, v: &UserValues) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((
            users::username.eq(v.username),
            users::display_name.eq(v.display_name),
            users::role.eq(v.role),
            users::municipality_code.eq(v.municipality_code),
            users::active.eq(v.active),
            users::email.eq(v.email),
        ))
        .execute(conn)
}

pub fn set_password_hash(conn: &mut DbConn, id: i64, hash: &str) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set(users::password_hash.eq(hash))
        .execute(conn)
}
