//! The demo at the scale STAR runs it: every applicant of "Flere skal med" applies
//! before the deadline and gets its commitment (with its interim and final accounts), as
//! Horsens and Aarhus have in the tests' small demo, each through a finance user of its
//! own. What happens after the commitments is the story (`super::story`). Idempotent
//! like the rest of the demo.

use diesel::prelude::*;

use super::{commit, POOL_NAME};
use crate::db::audit::Actor;
use crate::db::queries::{target_groups, users};
use crate::db::schema::{commitments, pools};
use crate::db::DbConn;
use crate::domain::municipality::{self, MunicipalityCode};
use crate::error::AppError;

/// The finance users this mode adds: `demo-{code}.finance`, with random passwords that
/// are never shown (nobody logs in as them; they are who applied).
pub fn is_demo_user(username: &str) -> bool {
    username
        .strip_prefix("demo-")
        .and_then(|rest| rest.strip_suffix(".finance"))
        .is_some_and(|code| code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit()))
}

pub(super) fn actor(conn: &mut DbConn, username: &str) -> Result<Actor, AppError> {
    let u = users::by_username(conn, username)?.ok_or(AppError::NotFound)?;
    Ok(Actor {
        user_id: Some(u.id),
        label: u.username,
    })
}

/// A finance user of municipality `code` for its application, made once.
pub(super) fn finance_user(conn: &mut DbConn, code: i32, name: &str) -> Result<Actor, AppError> {
    let username = format!("demo-{code}.finance");
    if users::by_username(conn, &username)?.is_none() {
        let form = crate::app::users::UserDraft {
            username: username.clone(),
            display_name: format!("Økonomi, {name}"),
            role: "finance".into(),
            municipality_code: code.to_string(),
            password: crate::token::random_token(),
            email: format!("{username}@tilskud.invalid"),
            active: Some("true".into()),
        };
        let input = form.validate(true).map_err(AppError::Invalid)?;
        let now = crate::app::clock::system_now();
        crate::app::users::create(conn, &Actor::system("demo"), now, &input)?;
    }
    actor(conn, &username)
}

/// Adds what is missing; returns how many commitments were added.
pub fn load(conn: &mut DbConn) -> Result<usize, AppError> {
    let pool_id: i64 = pools::table
        .filter(pools::name.eq(POOL_NAME))
        .select(pools::id)
        .first(conn)?;
    let officer = actor(conn, "officer")?;
    let committed: Vec<i32> = commitments::table
        .filter(commitments::pool_id.eq(pool_id))
        .select(commitments::municipality_code)
        .load(conn)?;
    let mut added = 0;
    for applicant in target_groups::applicants(conn, pool_id)? {
        let code = applicant.municipality_code;
        if committed.contains(&code) {
            continue;
        }
        let name = u16::try_from(code)
            .ok()
            .and_then(|c| MunicipalityCode::parse(&c.to_string()).ok())
            .and_then(municipality::by_code)
            .map(|m| m.name)
            .unwrap_or("Kommune");
        let user = finance_user(conn, code, name)?;
        let email = format!("tilskud-{code}@kommune.example");
        commit(
            conn,
            pool_id,
            &officer,
            &user,
            code,
            &format!("Kontaktperson, {name}"),
            &email,
        )?;
        added += 1;
    }
    Ok(added)
}
