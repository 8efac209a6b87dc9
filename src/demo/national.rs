//! `tilskud demo --national`: the demo at the scale STAR runs it, for the benchmarks and
//! for trying the officers' lists with every municipality in them. Every applicant of
//! "Flere skal med" applies before the deadline and gets its commitment (with its interim
//! and final accounts), as Horsens and Aarhus have in the plain demo, each through a
//! finance user of its own; Horsens's interim account is submitted and in review.
//! Idempotent like the rest of the demo.

use diesel::prelude::*;

use super::{at, commit, POOL_NAME};
use crate::app::accounts::{self as accounts, AccountDraft, AccountKey, LineDraft, Upload};
use crate::db::audit::Actor;
use crate::db::queries::{target_groups, users};
use crate::db::schema::{commitments, pools};
use crate::db::DbConn;
use crate::domain::accounts::{AccountKind, DocumentPurpose};
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

fn actor(conn: &mut DbConn, username: &str) -> Result<Actor, AppError> {
    let u = users::by_username(conn, username)?.ok_or(AppError::NotFound)?;
    Ok(Actor {
        user_id: Some(u.id),
        label: u.username,
    })
}

/// A finance user of municipality `code` for its application, made once.
fn finance_user(conn: &mut DbConn, code: i32, name: &str) -> Result<Actor, AppError> {
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
    let mut new_commitments = Vec::new();
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
        let id = commit(
            conn,
            pool_id,
            &officer,
            &user,
            code,
            &format!("Kontaktperson, {name}"),
            &email,
        )?;
        new_commitments.push((code, id, user));
        added += 1;
    }
    rate_1_history(conn, pool_id, &officer, &new_commitments)?;
    in_review(conn, pool_id, &officer)?;
    Ok(added)
}

/// Rate 1 of the new commitments, paid as money leaves: most prepared by the officer,
/// approved by the second officer and paid in one batch in July 2017; a few requested by
/// the municipality and waiting for the officer (codes ending in 1), a few prepared and
/// waiting for the second officer (codes ending in 3), so that the queue has work in it.
fn rate_1_history(
    conn: &mut DbConn,
    pool_id: i64,
    officer: &Actor,
    new: &[(i32, i64, Actor)],
) -> Result<(), AppError> {
    use crate::app::payouts::{self, batches};
    let approver = super::approver(conn)?;
    let mut paying = 0;
    for (code, commitment, finance) in new {
        match code % 10 {
            1 => {
                payouts::request(
                    conn,
                    finance,
                    at(2017, 7, 3, 9),
                    (pool_id, *code, 1),
                    "Anmodning om 1. rate efter tilsagnet",
                    (&[], 1),
                )?;
            }
            3 => {
                payouts::prepare(conn, officer, at(2017, 7, 3, 10), (*commitment, 1))?;
            }
            _ => {
                let p = payouts::prepare(conn, officer, at(2017, 6, 26, 10), (*commitment, 1))?;
                payouts::approve(conn, &approver, at(2017, 6, 27, 10), p.id)?;
                paying += 1;
            }
        }
    }
    if paying > 0 {
        let batch = batches::create(conn, officer, at(2017, 6, 28, 9), pool_id)?;
        batches::mark_paid(
            conn,
            officer,
            at(2017, 6, 30, 9),
            (batch.id, at(2017, 6, 30, 9).date()),
            crate::app::applications::Mail::Skip,
        )?;
    }
    Ok(())
}

/// Horsens's interim account, submitted with its signed declaration and in review: the
/// officer's review page has something to show.
fn in_review(conn: &mut DbConn, pool_id: i64, officer: &Actor) -> Result<(), AppError> {
    let key = AccountKey {
        pool_id,
        code: 615,
        kind: AccountKind::Interim,
    };
    let account = crate::db::queries::accounts::find(conn, pool_id, 615, AccountKind::Interim)?
        .ok_or(AppError::NotFound)?;
    if !account.status.is_with_municipality() {
        return Ok(());
    }
    let finance = actor(conn, "horsens.finance")?;
    let when = at(2018, 3, 20, 10);
    let draft = AccountDraft {
        signer_name: "Birgitte Lund".into(),
        signer_title: "Direktør for Arbejdsmarked".into(),
        audit_firm: String::new(),
        signed_on: "2018-03-19".into(),
        lines: vec![LineDraft {
            item: "caseworker-salaries".into(),
            year: 2017,
            actual: "955.000,00".into(),
            comment: "Lønninger juni–december 2017".into(),
        }],
    };
    let input = draft
        .parse((account.first_year, account.last_year))
        .map_err(AppError::Invalid)?;
    accounts::save(conn, &finance, when, key, &input)?;
    let pdf = b"%PDF-1.4\n% Ledelseserklaering (demo)\n%%EOF\n";
    let upload = Upload {
        purpose: DocumentPurpose::Declaration,
        filename: "ledelseserklaering.pdf",
        bytes: pdf,
    };
    accounts::attach(conn, &finance, when, key, &upload, 1024 * 1024)?;
    accounts::submit(conn, &finance, when, key, &input)?;
    crate::app::account_reviews::start(conn, officer, at(2018, 3, 22, 9), key)?;
    Ok(())
}
