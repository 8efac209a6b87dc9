//! Demo data: the pool "Flere skal med" with illustrative target-group counts, demo users
//! for each role, and an approved first allocation. Loading is idempotent: a second run
//! finds everything in place and adds nothing.

use std::collections::BTreeSet;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::config::Config;
use crate::db::audit::Actor;
use crate::db::queries::{allocations, pools, target_groups, users};
use crate::db::schema::pools as pools_t;
use crate::db::DbConn;
use crate::domain::allocation::Applicant;
use crate::domain::municipality;
use crate::error::AppError;

pub const POOL_NAME: &str = "Flere skal med";

/// Municipalities that do not apply in the demo (89 of 98 apply, as in 2017).
const NOT_APPLYING: [u16; 9] = [825, 563, 741, 492, 155, 223, 230, 157, 201];

/// The demo logins: username, password, role, display name, municipality.
pub const USERS: [(&str, &str, &str, &str, Option<&str>); 4] = [
    (
        "officer",
        "demo-officer-2017",
        "officer",
        "Signe Hansen",
        None,
    ),
    (
        "horsens.finance",
        "demo-finance-2017",
        "finance",
        "Jens Mortensen",
        Some("615"),
    ),
    (
        "horsens.committee",
        "demo-committee-2017",
        "committee",
        "Karen Holm",
        Some("615"),
    ),
    (
        "admin",
        "demo-admin-2017",
        "admin",
        "Demo Administrator",
        None,
    ),
];

/// Illustrative counts: NOT STAR's figures. About 25,000 in all over 89 applicants, with
/// Horsens at 320 as in the source material; the rest is a fixed spread.
pub fn illustrative_counts() -> Vec<Applicant> {
    municipality::all()
        .iter()
        .filter(|m| !NOT_APPLYING.contains(&m.code.as_u16()))
        .map(|m| {
            let c = u64::from(m.code.as_u16());
            let target_group = match c {
                101 => 3100,
                751 => 1450,
                461 => 1200,
                851 => 900,
                615 => 320,
                _ => 64 + (c * 7919) % 301,
            };
            Applicant {
                code: m.code,
                target_group,
            }
        })
        .collect()
}

fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|d| d.and_hms_opt(h, 0, 0))
        .unwrap_or_default()
}

/// Refuses to load into a database that has users of its own: the demo logins and
/// passwords are published in the README, so they must never reach a real installation.
pub fn check_safe(conn: &mut DbConn) -> Result<(), String> {
    let existing = users::list(conn).map_err(|e| e.to_string())?;
    match existing.iter().find(|u| !USERS.iter().any(|d| d.0 == u.username)) {
        Some(u) => Err(format!(
            "this database has its own users (e.g. {:?}); the demo adds logins with published              passwords and will not run here. Use `tilskud serve`, or point TILSKUD_DATA_DIR at a new folder.",
            u.username
        )),
        None => Ok(()),
    }
}

/// Loads what is missing. Returns whether anything was added.
pub fn load(conn: &mut DbConn) -> Result<bool, AppError> {
    let system = Actor::system("demo");
    let now = crate::web::now();
    let mut added = false;
    for (username, password, role, name, m) in USERS {
        if users::by_username(conn, username)?.is_none() {
            let form = users::UserForm {
                username: username.into(),
                display_name: name.into(),
                role: role.into(),
                municipality_code: m.unwrap_or_default().into(),
                password: password.into(),
                active: Some("true".into()),
            };
            let input = form.validate(true).map_err(AppError::Invalid)?;
            users::create(conn, &system, now, &input)?;
            added = true;
        }
    }
    let existing: Option<i64> = pools_t::table
        .filter(pools_t::name.eq(POOL_NAME))
        .select(pools_t::id)
        .first(conn)
        .optional()?;
    if existing.is_some() {
        return Ok(added);
    }
    let form = pools::PoolForm {
        name: POOL_NAME.into(),
        finance_account: "FL § 17.46.64.10".into(),
        amount: "257.000.000".into(),
        period_start: "2017-06-01".into(),
        period_end: "2019-08-31".into(),
        deadline: "2017-06-02T12:00".into(),
        auditor_threshold: "500.000".into(),
        target_group_note:
            "Illustrative tal til demonstration, ikke STAR's opgørelse (kun Horsens' 320 stammer fra kildematerialet).".into(),
        rates: vec![
            pools::RateForm {
                share_percent: "30".into(),
                earliest: String::new(),
            },
            pools::RateForm {
                share_percent: "40".into(),
                earliest: "2018-01-01".into(),
            },
            pools::RateForm {
                share_percent: "30".into(),
                earliest: "2019-01-01".into(),
            },
        ],
    };
    let input = form.validate().map_err(AppError::Invalid)?;
    let pool_id = pools::create(conn, &system, now, &input)?;
    let counts = illustrative_counts();
    target_groups::import(conn, &system, now, pool_id, &counts, "demo", &mut |_| {})?;
    let applied: BTreeSet<i32> = counts.iter().map(|a| i32::from(a.code.as_u16())).collect();
    target_groups::set_applied(conn, &system, now, pool_id, &applied)?;
    let officer = users::by_username(conn, "officer")?.ok_or(AppError::NotFound)?;
    let actor = Actor {
        user_id: Some(officer.id),
        label: officer.username.clone(),
    };
    let v1 = allocations::run(
        conn,
        &actor,
        at(2017, 6, 9, 9),
        pool_id,
        "Fordeling efter ansøgningsfristen (demo)",
    )?;
    allocations::approve(conn, &actor, at(2017, 6, 12, 8), v1.id)?;
    Ok(true)
}

pub fn print_banner(config: &Config, port: u16) {
    let host = config
        .bind
        .rsplit_once(':')
        .map(|(h, _)| h)
        .unwrap_or("127.0.0.1");
    let host = if host == "0.0.0.0" { "127.0.0.1" } else { host };
    println!();
    println!("  tilskud demo is running: open http://{host}:{port}/");
    println!("  database: {}", config.database_url());
    println!();
    println!("  Log in as (username / password):");
    for (u, p, role, name, _) in USERS {
        println!("    {u:<20} {p:<22} {role:<10} {name}");
    }
    println!();
    println!("  Stop with Ctrl+C. A second run reuses the same database.");
    println!();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_has_89_applicants_about_25000_and_horsens_320() {
        let counts = illustrative_counts();
        assert_eq!(counts.len(), 89);
        let total: u64 = counts.iter().map(|a| a.target_group).sum();
        assert!((24_500..=25_500).contains(&total), "{total}");
        let horsens = counts
            .iter()
            .find(|a| a.code.as_u16() == 615)
            .map(|a| a.target_group);
        assert_eq!(horsens, Some(320));
    }
}
