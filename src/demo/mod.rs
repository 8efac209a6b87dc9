//! Demo data: the pool "Flere skal med" with illustrative target-group counts, demo users
//! for each role, and an approved first allocation, with Horsens and Aarhus committed
//! (`load`, what every test starts from); and the whole story of the pool's 89
//! applicants from commitment to August 2019 (`story::load`, what `tilskud demo` adds).
//! Loading is idempotent: a second run finds everything in place and adds nothing.

use std::collections::BTreeSet;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::app::allocations::{self, Reason};
use crate::app::{pools, target_groups};
use crate::config::Config;
use crate::db::audit::Actor;
use crate::db::queries::users;
use crate::db::schema::pools as pools_t;
use crate::db::DbConn;
use crate::domain::allocation::Applicant;
use crate::domain::municipality;
use crate::error::AppError;

pub mod national;
pub mod questionnaire;
pub mod story;

pub const POOL_NAME: &str = "Flere skal med";

/// Municipalities that do not apply in the demo (89 of 98 apply, as in 2017).
const NOT_APPLYING: [u16; 9] = [825, 563, 741, 492, 155, 223, 230, 157, 201];

/// The demo logins: username, password, role, display name, municipality.
pub const USERS: [(&str, &str, &str, &str, Option<&str>); 7] = [
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
    (
        "aarhus.finance",
        "demo-aarhus-2017",
        "finance",
        "Lise Andersen",
        Some("751"),
    ),
    // A second officer: a payout is prepared by one officer and approved by another.
    (
        "approver",
        "demo-approver-2017",
        "officer",
        "Lars Nielsen",
        None,
    ),
    // Enters the progression questionnaire of Horsens, and sees nothing else.
    (
        "horsens.caseworker",
        "demo-caseworker-2017",
        "caseworker",
        "Mette Poulsen",
        Some("615"),
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
    match existing
        .iter()
        .find(|u| !USERS.iter().any(|d| d.0 == u.username) && !national::is_demo_user(&u.username))
    {
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
    let now = crate::app::clock::system_now();
    let mut added = false;
    for (username, password, role, name, m) in USERS {
        if users::by_username(conn, username)?.is_none() {
            let form = crate::app::users::UserDraft {
                username: username.into(),
                display_name: name.into(),
                role: role.into(),
                municipality_code: m.unwrap_or_default().into(),
                password: password.into(),
                // The demo's mail goes to the log; .invalid never leaves it (RFC 2606).
                email: format!("{username}@tilskud.invalid"),
                active: Some("true".into()),
            };
            let input = form.validate(true).map_err(AppError::Invalid)?;
            crate::app::users::create(conn, &system, now, &input)?;
            added = true;
        }
    }
    added |= load_finance_acts(conn)?;
    let existing: Option<i64> = pools_t::table
        .filter(pools_t::name.eq(POOL_NAME))
        .select(pools_t::id)
        .first(conn)
        .optional()?;
    if existing.is_some() {
        return Ok(load_second_pool(conn, now)? || added);
    }
    let form = pools::PoolDraft {
        name: POOL_NAME.into(),
        finance_account: "FL § 17.46.64.10".into(),
        amount: "257.000.000".into(),
        period_start: "2017-06-01".into(),
        period_end: "2019-08-31".into(),
        deadline: "2017-06-02T12:00".into(),
        auditor_threshold: "500.000".into(),
        target_group_note:
            "Illustrative tal til demonstration, ikke STAR's opgørelse (kun Horsens' 320 stammer fra kildematerialet).".into(),
        admin_share_max: String::new(),
        // The plan of the pool's "Udbetaling": dates, finance acts and milestones.
        rates: pools::PoolDraft::new_pool().rates,
        ..pools::PoolDraft::default()
    };
    let input = form.validate().map_err(AppError::Invalid)?;
    let pool_id = pools::create(conn, &system, now, &input)?.row.id;
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
        &Reason::parse("Fordeling efter ansøgningsfristen (demo)")?,
    )?;
    allocations::approve(conn, &actor, at(2017, 6, 12, 8), v1.id)?;
    load_history(conn, pool_id, &actor)?;
    load_second_pool(conn, now)?;
    Ok(true)
}

/// The finance acts the rates of "Flere skal med" wait for (2018 and 2019) and the year
/// before, each passed in the December before its year and registered by the demo
/// officer the next morning. The dates are illustrative, not the Folketing's record; the
/// reference names the act and nothing more.
const FINANCE_ACTS: [(i32, u32); 3] = [(2017, 20), (2018, 19), (2019, 18)];

fn load_finance_acts(conn: &mut DbConn) -> Result<bool, AppError> {
    use crate::app::finance_acts::{self, FinanceActDraft};
    let officer = users::by_username(conn, "officer")?.ok_or(AppError::NotFound)?;
    let actor = Actor {
        user_id: Some(officer.id),
        label: officer.username.clone(),
    };
    let mut added = false;
    for (year, day) in FINANCE_ACTS {
        if crate::db::queries::finance_acts::get(conn, year)?.is_some() {
            continue;
        }
        let draft = FinanceActDraft {
            year: year.to_string(),
            passed_on: format!("{day}.12.{}", year - 1),
            reference: format!("Finansloven for {year}"),
        };
        // Registered the morning after, 09:00 Copenhagen (winter) time.
        let when = at(year - 1, 12, day + 1, 8);
        let input = draft
            .parse(finance_acts::today(when))
            .map_err(AppError::Invalid)?;
        finance_acts::register(conn, &actor, when, &input)?;
        added = true;
    }
    Ok(added)
}

/// Demo history in the first pool: Horsens and Aarhus applied before the deadline, were
/// approved, and Horsens has had its first rate paid.
fn load_history(conn: &mut DbConn, pool_id: i64, officer: &Actor) -> Result<(), AppError> {
    for (code, contact, email, finance_user) in [
        (
            615,
            "Mette Jensen",
            "mette.jensen@horsens.example",
            "horsens.finance",
        ),
        (
            751,
            "Anders Holm",
            "anders.holm@aarhus.example",
            "aarhus.finance",
        ),
    ] {
        let applicant = users::by_username(conn, finance_user)?.ok_or(AppError::NotFound)?;
        let applicant = Actor {
            user_id: Some(applicant.id),
            label: applicant.username,
        };
        let commitment = commit(conn, pool_id, officer, &applicant, code, contact, email)?;
        if code == 615 {
            pay_rate(conn, pool_id, officer, (commitment, 1), (2017, 6, 19))?;
        }
    }
    Ok(())
}

/// The demo's second officer, who approves what the first prepares.
pub fn approver(conn: &mut DbConn) -> Result<Actor, AppError> {
    let u = users::by_username(conn, "approver")?.ok_or(AppError::NotFound)?;
    Ok(Actor {
        user_id: Some(u.id),
        label: u.username,
    })
}

/// A rate paid the way money leaves: `officer` prepares the payout on the day, the
/// second officer approves it, `officer` batches it, and the batch is paid the next
/// working day.
pub fn pay_rate(
    conn: &mut DbConn,
    pool_id: i64,
    officer: &Actor,
    (commitment, rate_no): (i64, i32),
    (y, m, d): (i32, u32, u32),
) -> Result<(), AppError> {
    use crate::app::payouts::{self, batches};
    let approver = approver(conn)?;
    let payout = payouts::prepare(conn, officer, at(y, m, d, 9), (commitment, rate_no))?;
    payouts::approve(conn, &approver, at(y, m, d, 11), payout.id)?;
    let batch = batches::create(conn, officer, at(y, m, d, 13), pool_id)?;
    let next_morning = at(y, m, d, 9) + chrono::Days::new(1);
    batches::mark_paid(
        conn,
        officer,
        next_morning,
        (batch.id, next_morning.date()),
        crate::app::applications::Mail::Skip,
    )?;
    Ok(())
}

/// Municipality `code` applies to pool 1 before the deadline, by `applicant`, and the
/// officer approves it: the demo's back-dated history, without receipts or letters
/// mailed. Returns the commitment's id.
fn commit(
    conn: &mut DbConn,
    pool_id: i64,
    officer: &Actor,
    applicant: &Actor,
    code: i32,
    contact: &str,
    email: &str,
) -> Result<i64, AppError> {
    use crate::app::applications::{self as app, ApplicationDraft, BudgetRowDraft, Mail};
    use crate::app::commitments::{self, ApproveDraft};
    let expected = crate::db::queries::applications::expected_grant(conn, pool_id, code)?
        .ok_or(AppError::NotFound)?;
    // 40 %, 40 % and the rest over the three years, mostly caseworker salaries.
    let y1 = expected / 100 * 40 / 100 * 100;
    let y2 = y1;
    let y3 = expected - y1 - y2;
    let pm = y3 / 100 * 10 / 100 * 100;
    let form = ApplicationDraft {
        contact_name: contact.into(),
        contact_title: "Projektleder, reference til jobcenterchefen".into(),
        contact_email: email.into(),
        contact_phone: "70 10 10 10".into(),
        difference_comment: String::new(),
        obligations: crate::domain::budget::Obligation::ALL
            .iter()
            .map(|o| o.key().to_string())
            .collect(),
        budget: vec![
            BudgetRowDraft {
                item: "caseworker-salaries".into(),
                description: "Personlige jobformidlere og virksomhedskonsulenter".into(),
                amounts: [(2017, y1), (2018, y2), (2019, y3 - pm)]
                    .into_iter()
                    .map(|(y, o)| (y, app::amount_text(o)))
                    .collect(),
            },
            BudgetRowDraft {
                item: "project-management".into(),
                description: "Projektleder, 2019".into(),
                amounts: [(2019, app::amount_text(pm))].into_iter().collect(),
            },
        ],
    };
    let input = form.parse(&[2017, 2018, 2019]).map_err(AppError::Invalid)?;
    let key = (pool_id, code);
    app::submit(
        conn,
        applicant,
        at(2017, 5, 30, 10),
        key,
        &input,
        Mail::Skip,
    )?;
    let approve = ApproveDraft {
        years: [(2017, y1), (2018, y2), (2019, y3)]
            .into_iter()
            .map(|(y, o)| (y, app::amount_text(o)))
            .collect(),
        account_deadline: "2019-12-31".into(),
        reservation: commitments::default_reservation(&[2017, 2018, 2019]),
    };
    let terms = commitments::terms(conn, pool_id, code)?;
    let approve = approve.parse(&terms).map_err(AppError::Invalid)?;
    let full = commitments::approve(conn, officer, at(2017, 6, 15, 9), key, &approve, Mail::Skip)?;
    Ok(full.commitment.id)
}

pub const SECOND_POOL_NAME: &str = "Flere skal med 2 (demo, åben for ansøgninger)";

/// Frontrunner municipalities of the demo's second pool (15, as in Flere skal med 2;
/// Horsens is among them so the demo's municipal users can apply).
const SECOND_POOL: [(u16, u64); 15] = [
    (657, 690),
    (615, 560),
    (101, 1400),
    (751, 980),
    (461, 760),
    (851, 640),
    (621, 520),
    (630, 450),
    (740, 430),
    (561, 410),
    (746, 380),
    (791, 370),
    (540, 340),
    (550, 300),
    (860, 270),
];

/// A pool that is open for applications whenever the demo is first loaded: its deadline
/// is 60 days later, at noon Danish time. The figures are illustrative.
fn load_second_pool(conn: &mut DbConn, now: NaiveDateTime) -> Result<bool, AppError> {
    let exists: Option<i64> = pools_t::table
        .filter(pools_t::name.eq(SECOND_POOL_NAME))
        .select(pools_t::id)
        .first(conn)
        .optional()?;
    if exists.is_some() {
        return Ok(false);
    }
    let system = Actor::system("demo");
    let deadline =
        crate::domain::time::to_local(now.and_utc()).date_naive() + chrono::Days::new(60);
    let form = pools::PoolDraft {
        name: SECOND_POOL_NAME.into(),
        finance_account: "FL § 17.46.64.10".into(),
        amount: "54.990.000".into(),
        period_start: "2026-12-01".into(),
        period_end: "2027-12-31".into(),
        deadline: format!("{deadline}T12:00"),
        auditor_threshold: "500.000".into(),
        target_group_note: "Demopulje med illustrative tal: fristen ligger 60 dage efter, at demoen blev startet første gang.".into(),
        admin_share_max: "10".into(),
        rates: vec![
            pools::RateDraft { share_percent: "30".into(), ..Default::default() },
            pools::RateDraft {
                share_percent: "40".into(),
                earliest: "2027-04-01".into(),
                finance_act_year: "2027".into(),
                whole_group_assessed: true,
                ..Default::default()
            },
            pools::RateDraft {
                share_percent: "30".into(),
                earliest: "2027-10-01".into(),
                finance_act_year: "2027".into(),
                activity_percent: "40".into(),
                activity_months: "3".into(),
                ..Default::default()
            },
        ],
        ..pools::PoolDraft::default()
    };
    let input = form.validate().map_err(AppError::Invalid)?;
    let pool_id = pools::create(conn, &system, now, &input)?.row.id;
    let counts: Vec<Applicant> = SECOND_POOL
        .iter()
        .filter_map(|(code, n)| {
            municipality::MunicipalityCode::try_from(*code)
                .ok()
                .map(|code| Applicant {
                    code,
                    target_group: *n,
                })
        })
        .collect();
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
        now,
        pool_id,
        &Reason::parse("Forventet fordeling (demo)")?,
    )?;
    allocations::approve(conn, &actor, now, v1.id)?;
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
