//! Accounts (issue 12, `docs/accounts.md`): the approval creates the accounts the pool's
//! rules ask for and the migration gives existing commitments the same; the municipality
//! saves, attaches and submits; a withdrawal cancels what is no longer needed; and the
//! database holds the money rules of accounts by itself: the certification rule, frozen
//! submitted versions, PDFs only, ineligible amounts within the actual spend, the interim
//! account before rate 2, settlements and claims of the stored figures. On SQLite and
//! PostgreSQL.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use sha2::{Digest, Sha256};
use tilskud::db::schema::{accounts, commitment_rates, commitments, documents, users};
use tilskud::db::DbConn;
use tilskud::domain::accounts::{settle, SettlementInput};
use tilskud::domain::money::Ore;

use crate::helpers::*;
use crate::spawn_app;

/// "Flere skal med" in the demo: Horsens (615, rate 1 paid) and Aarhus (751) hold
/// commitments.
const PAST: i64 = 1;
const AARHUS: i32 = 751;
const MIGRATION: &str = "2026-12-02-000009_accounts";

/// Runs the accounts migration's down and up again on a database that has data: what
/// upgrading a running installation does to the commitments it holds. The migrations
/// after it are reverted first and run again after it, newest last.
fn redo_accounts_migration(conn: &mut DbConn) {
    use diesel::migration::MigrationSource;
    use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};
    const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
    #[cfg(feature = "postgres")]
    const PG: EmbeddedMigrations = embed_migrations!("migrations/postgres");
    macro_rules! redo {
        ($c:expr, $source:expr) => {{
            let mut all = MigrationSource::migrations(&$source).expect("migrations");
            all.sort_by_key(|m| m.name().to_string());
            let from = all
                .iter()
                .position(|m| m.name().to_string() == MIGRATION)
                .expect("the accounts migration");
            for m in all[from..].iter().rev() {
                $c.revert_migration(m.as_ref()).expect("down");
            }
            for m in &all[from..] {
                $c.run_migration(m.as_ref()).expect("up");
            }
        }};
    }
    match conn {
        DbConn::Sqlite(c) => redo!(c, SQLITE),
        #[cfg(feature = "postgres")]
        DbConn::Pg(c) => redo!(c, PG),
    }
}

/// An account as stored: commitment, kind, gated rate, years, deadline, certification,
/// grant, threshold, status.
type AccountTerms = (
    i64,
    String,
    Option<i32>,
    i32,
    i32,
    NaiveDate,
    String,
    i64,
    i64,
    String,
);

fn accounts_of(conn: &mut DbConn, commitment: i64) -> Vec<AccountTerms> {
    accounts::table
        .filter(accounts::commitment_id.eq(commitment))
        .order(accounts::kind.asc())
        .select((
            accounts::commitment_id,
            accounts::kind,
            accounts::before_rate,
            accounts::first_year,
            accounts::last_year,
            accounts::deadline,
            accounts::certification,
            accounts::grant_ore,
            accounts::threshold_ore,
            accounts::status,
        ))
        .load(conn)
        .expect("accounts")
}

/// The commitment's id and amount.
fn commitment(conn: &mut DbConn, code: i32) -> (i64, i64) {
    commitments::table
        .filter(commitments::pool_id.eq(PAST))
        .filter(commitments::municipality_code.eq(code))
        .select((commitments::id, commitments::amount_ore))
        .first(conn)
        .expect("commitment")
}

fn user_id(conn: &mut DbConn, username: &str) -> i64 {
    users::table
        .filter(users::username.eq(username))
        .select(users::id)
        .first(conn)
        .expect("user")
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// The municipality's finance user withdraws its application and commitment.
fn withdraw(conn: &mut DbConn, code: i32) {
    let username = if code == OWN_CODE {
        "horsens.finance"
    } else {
        "aarhus.finance"
    };
    let actor = tilskud::db::audit::Actor {
        user_id: Some(user_id(conn, username)),
        label: username.into(),
    };
    let reason = tilskud::app::applications::Reason::parse("Kommunen trækker sig").expect("reason");
    let now = tilskud::app::clock::system_now();
    tilskud::app::commitments::withdraw(conn, &actor, now, (PAST, code), &reason)
        .expect("withdraw");
}

const THRESHOLD: i64 = 50_000_000;

#[test]
fn the_migration_gives_existing_commitments_the_accounts_the_pool_asks_for() {
    let app = spawn_app!();
    let mut conn = app.db();
    // Horsens withdraws after rate 1 was paid: that money must still be accounted for.
    withdraw(&mut conn, OWN_CODE);
    let (horsens, horsens_ore) = commitment(&mut conn, OWN_CODE);
    let (aarhus, aarhus_ore) = commitment(&mut conn, AARHUS);
    // What the approval and the withdrawal left, without the cancelled accounts.
    let live = |conn: &mut DbConn, id| -> Vec<AccountTerms> {
        accounts_of(conn, id)
            .into_iter()
            .filter(|a| a.9 != "cancelled")
            .collect()
    };
    let by_the_operations = (live(&mut conn, horsens), live(&mut conn, aarhus));
    redo_accounts_migration(&mut conn);
    assert_eq!(
        (live(&mut conn, horsens), live(&mut conn, aarhus)),
        by_the_operations,
        "the migration gives what the operations give"
    );
    assert!(horsens_ore > THRESHOLD && aarhus_ore > THRESHOLD);
    let final_of = |id, ore| {
        (
            id,
            "final".to_string(),
            None,
            2017,
            2019,
            day(2019, 12, 31),
            "auditor".to_string(),
            ore,
            THRESHOLD,
            "draft".to_string(),
        )
    };
    assert_eq!(
        accounts_of(&mut conn, horsens),
        vec![final_of(horsens, horsens_ore)],
        "withdrawn with a paid rate: the final account only"
    );
    assert_eq!(
        accounts_of(&mut conn, aarhus),
        vec![
            final_of(aarhus, aarhus_ore),
            (
                aarhus,
                "interim".to_string(),
                Some(2),
                2017,
                2017,
                day(2018, 4, 1),
                "management".to_string(),
                aarhus_ore,
                THRESHOLD,
                "draft".to_string(),
            ),
        ],
        "active: the interim account of 2017, due three months after rate 2's 1 January 2018"
    );
    let reasons: Vec<Option<String>> = commitment_rates::table
        .filter(commitment_rates::commitment_id.eq(horsens))
        .order(commitment_rates::rate_no.asc())
        .select(commitment_rates::cancel_reason)
        .load(&mut conn)
        .expect("rates");
    assert_eq!(
        reasons,
        [None, Some("withdrawal".into()), Some("withdrawal".into())]
    );
}

fn must_fail(conn: &mut DbConn, sql: &str, why: &[&str]) {
    match conn.batch_execute(sql) {
        Ok(()) => panic!("the database accepted: {sql}"),
        Err(e) => {
            let text = e.to_string().to_lowercase();
            assert!(
                why.iter().any(|w| text.contains(&w.to_lowercase())),
                "{sql}: failed, but not because {why:?}: {e}"
            );
        }
    }
}

/// A paid payout of a rate, written as SQL (prepared by `by.0`, approved by `by.1`, in a
/// paid batch): what the payout tables need before the rate itself may turn paid.
fn paid_payout(conn: &mut DbConn, commitment: i64, rate_no: i32, by: (i64, i64)) {
    let (a, b) = by;
    exec(
        conn,
        &format!(
            "INSERT INTO payout_batches (pool_id, created_by, created_at, payout_count, total_ore, csv, xlsx, paid_on, paid_by, paid_at) \
             SELECT pool_id, {a}, '2018-03-20 09:00:00', 1, 1, X'00', X'00', '2018-03-20', {a}, '2018-03-20 09:00:00' \
             FROM commitments WHERE id = {commitment}"
        )
        .replace("X'00'", if matches!(conn, DbConn::Sqlite(_)) { "X'00'" } else { "'\\x00'::bytea" }),
    );
    exec(
        conn,
        &format!(
            "INSERT INTO payouts (commitment_id, rate_no, amount_ore, payment_reference, evidence, status, \
             prepared_by, prepared_at, approved_by, approved_at, batch_id) \
             SELECT commitment_id, rate_no, COALESCE(settled_ore, amount_ore), 'T-R{rate_no}', '{{}}', 'paid', \
             {a}, '2018-03-20 09:00:00', {b}, '2018-03-20 09:00:00', (SELECT MAX(id) FROM payout_batches) \
             FROM commitment_rates WHERE commitment_id = {commitment} AND rate_no = {rate_no}"
        ),
    );
}

fn exec(conn: &mut DbConn, sql: &str) {
    conn.batch_execute(sql)
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

const CHECK: &[&str] = &["check constraint"];
const UNIQUE: &[&str] = &["unique", "duplicate key"];
const FROZEN: &[&str] = &["a submitted account version is frozen"];

/// Stores `bytes` as a document; returns its SHA-256 (hex).
fn store(conn: &mut DbConn, bytes: &[u8], by: i64) -> QueryResult<String> {
    let sha: String = Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let at =
        NaiveDateTime::parse_from_str("2018-03-01 10:00:00", "%Y-%m-%d %H:%M:%S").expect("time");
    diesel::insert_into(documents::table)
        .values((
            documents::sha256.eq(&sha),
            documents::content_type.eq("application/pdf"),
            documents::size_bytes.eq(i64::try_from(bytes.len()).expect("size")),
            documents::bytes.eq(bytes),
            documents::uploaded_by.eq(by),
            documents::uploaded_at.eq(at),
        ))
        .execute(conn)?;
    Ok(sha)
}

fn account_id(conn: &mut DbConn, commitment: i64, kind: &str) -> i64 {
    accounts::table
        .filter(accounts::commitment_id.eq(commitment))
        .filter(accounts::kind.eq(kind))
        .select(accounts::id)
        .first(conn)
        .expect("account")
}

/// A version of `account` with one line of `actual_ore` in 2017, submitted with its
/// documents linked (`docs`: purpose and SHA-256); returns the version's id.
fn submitted_version(
    conn: &mut DbConn,
    account: i64,
    by: i64,
    actual_ore: i64,
    docs: &[(&str, &str)],
) -> i64 {
    let ts = "'2018-03-01 10:00:00'";
    exec(
        conn,
        &format!(
            "INSERT INTO account_versions (account_id, version_no, signer_name, signer_title, audit_firm, \
             signed_on, created_by, created_at, updated_at) \
             VALUES ({account}, 1, 'Mette Jensen', 'Jobcenterchef', 'Revision A/S', '2018-03-01', {by}, {ts}, {ts})"
        ),
    );
    let version: i64 = tilskud::db::schema::account_versions::table
        .filter(tilskud::db::schema::account_versions::account_id.eq(account))
        .select(tilskud::db::schema::account_versions::id)
        .first(conn)
        .expect("version");
    exec(
        conn,
        &format!(
            "INSERT INTO account_lines (version_id, cost_item, year, actual_ore, comment) \
             VALUES ({version}, 'caseworker-salaries', 2017, {actual_ore}, 'Færre ansat end budgetteret')"
        ),
    );
    for (purpose, sha) in docs {
        exec(
            conn,
            &format!(
                "INSERT INTO account_documents (version_id, purpose, sha256, filename) \
                 VALUES ({version}, '{purpose}', '{sha}', '{purpose}.pdf')"
            ),
        );
    }
    exec(
        conn,
        &format!(
            "UPDATE account_versions SET submitted_at = {ts}, submitted_by = {by}, \
             receipt_no = 'R-{account}-1' WHERE id = {version}"
        ),
    );
    version
}

/// The officer's approving review of `version`, with `ineligible_ore` found on its line
/// (0: none); returns the review's id.
fn approved_review(
    conn: &mut DbConn,
    account: i64,
    version: i64,
    officer: i64,
    ineligible_ore: i64,
) -> i64 {
    let ts = "'2018-03-10 10:00:00'";
    exec(
        conn,
        &format!(
            "INSERT INTO account_reviews (account_id, version_id, started_by, started_at, \
             figures_checked, content_checked, reason) VALUES ({account}, {version}, {officer}, {ts}, TRUE, TRUE, '')"
        ),
    );
    let review: i64 = tilskud::db::schema::account_reviews::table
        .filter(tilskud::db::schema::account_reviews::version_id.eq(version))
        .select(tilskud::db::schema::account_reviews::id)
        .first(conn)
        .expect("review");
    if ineligible_ore > 0 {
        exec(
            conn,
            &format!(
                "INSERT INTO account_review_lines (review_id, cost_item, year, ineligible_ore, reason) \
                 VALUES ({review}, 'caseworker-salaries', 2017, {ineligible_ore}, 'Løn uden for projektet')"
            ),
        );
    }
    exec(
        conn,
        &format!(
            "UPDATE account_reviews SET decision = 'approved', decided_by = {officer}, decided_at = {ts} WHERE id = {review}; \
             UPDATE accounts SET status = 'approved' WHERE id = {account}"
        ),
    );
    review
}

#[test]
fn the_database_holds_the_certification_rule_and_the_grant_of_every_account() {
    let app = spawn_app!();
    let mut conn = app.db();
    withdraw(&mut conn, AARHUS);
    redo_accounts_migration(&mut conn);
    let (aarhus, amount) = commitment(&mut conn, AARHUS);
    assert!(
        accounts_of(&mut conn, aarhus).is_empty(),
        "withdrawn before any payment"
    );
    let insert = |kind: &str, rate: &str, cert: &str, grant: i64| {
        format!(
            "INSERT INTO accounts (commitment_id, kind, before_rate, first_year, last_year, deadline, \
             certification, grant_ore, threshold_ore, status, created_at, updated_at) VALUES \
             ({aarhus}, '{kind}', {rate}, 2017, 2019, '2019-12-31', '{cert}', {grant}, {THRESHOLD}, 'draft', \
             '2017-06-15 09:00:00', '2017-06-15 09:00:00')"
        )
    };
    must_fail(
        &mut conn,
        &insert("final", "NULL", "management", amount),
        CHECK,
    );
    must_fail(&mut conn, &insert("interim", "2", "auditor", amount), CHECK);
    must_fail(
        &mut conn,
        &insert("interim", "NULL", "management", amount),
        CHECK,
    );
    must_fail(
        &mut conn,
        &insert("final", "NULL", "auditor", amount - 1),
        &["an account's grant is its commitment's amount"],
    );
    exec(&mut conn, &insert("final", "NULL", "auditor", amount));
    must_fail(
        &mut conn,
        &insert("final", "NULL", "auditor", amount),
        UNIQUE,
    );
    let id = account_id(&mut conn, aarhus, "final");
    must_fail(
        &mut conn,
        &format!("UPDATE accounts SET certification = 'management' WHERE id = {id}"),
        &["an account's terms never change"],
    );
    must_fail(
        &mut conn,
        &format!("DELETE FROM accounts WHERE id = {id}"),
        &["accounts are never deleted"],
    );
    exec(
        &mut conn,
        &format!("UPDATE accounts SET status = 'cancelled' WHERE id = {id}"),
    );
    must_fail(
        &mut conn,
        &format!("UPDATE accounts SET status = 'draft' WHERE id = {id}"),
        &["never changes status"],
    );
}

#[test]
fn a_submitted_account_is_frozen_and_demands_its_certification_and_only_pdfs_are_stored() {
    let app = spawn_app!();
    let mut conn = app.db();
    redo_accounts_migration(&mut conn);
    let (horsens, _) = commitment(&mut conn, OWN_CODE);
    let interim = account_id(&mut conn, horsens, "interim");
    let fin = user_id(&mut conn, "horsens.finance");
    let ts = "'2018-03-01 10:00:00'";
    let version = |no: i32, title: &str| {
        format!(
            "INSERT INTO account_versions (account_id, version_no, signer_name, signer_title, audit_firm, \
             signed_on, created_by, created_at, updated_at) \
             VALUES ({interim}, {no}, 'Mette Jensen', '{title}', '', '2018-03-01', {fin}, {ts}, {ts})"
        )
    };
    exec(&mut conn, &version(1, ""));
    must_fail(&mut conn, &version(2, ""), UNIQUE);
    let v1: i64 = tilskud::db::schema::account_versions::table
        .filter(tilskud::db::schema::account_versions::account_id.eq(interim))
        .select(tilskud::db::schema::account_versions::id)
        .first(&mut conn)
        .expect("version");
    let line = |year: i32, ore: i64| {
        format!(
            "INSERT INTO account_lines (version_id, cost_item, year, actual_ore, comment) \
             VALUES ({v1}, 'caseworker-salaries', {year}, {ore}, '')"
        )
    };
    must_fail(
        &mut conn,
        &line(2018, 100),
        &["outside the account's years"],
    );
    must_fail(&mut conn, &line(2017, -1), CHECK);
    exec(&mut conn, &line(2017, 98_688_000));
    let submit = format!(
        "UPDATE account_versions SET submitted_at = {ts}, submitted_by = {fin}, receipt_no = 'R1-615-I1' WHERE id = {v1}"
    );
    must_fail(&mut conn, &submit, &["lacks the certification it needs"]);
    // A renamed executable is not a PDF, whatever it is called.
    assert!(store(&mut conn, b"MZ\x90\x00\x03 not a pdf", fin).is_err());
    let sha = store(&mut conn, b"%PDF-1.7\n%signed declaration\n%%EOF\n", fin).expect("a PDF");
    exec(
        &mut conn,
        &format!(
            "INSERT INTO account_documents (version_id, purpose, sha256, filename) \
             VALUES ({v1}, 'declaration', '{sha}', 'ledelsespaategning.pdf')"
        ),
    );
    must_fail(
        &mut conn,
        &format!(
            "INSERT INTO account_documents (version_id, purpose, sha256, filename) \
             VALUES ({v1}, 'declaration', '{sha}', 'igen.pdf')"
        ),
        UNIQUE,
    );
    must_fail(&mut conn, &submit, &["lacks the certification it needs"]);
    exec(
        &mut conn,
        &format!("UPDATE account_versions SET signer_title = 'Jobcenterchef' WHERE id = {v1}"),
    );
    must_fail(
        &mut conn,
        &format!("UPDATE account_versions SET submitted_at = {ts} WHERE id = {v1}"),
        CHECK,
    );
    exec(&mut conn, &submit);
    for sql in [
        format!("UPDATE account_lines SET actual_ore = 1 WHERE version_id = {v1}"),
        format!("DELETE FROM account_lines WHERE version_id = {v1}"),
        line(2017, 5).replace("caseworker-salaries", "other"),
        format!("UPDATE account_versions SET signer_name = 'X' WHERE id = {v1}"),
        format!("DELETE FROM account_documents WHERE version_id = {v1}"),
    ] {
        must_fail(&mut conn, &sql, FROZEN);
    }
    must_fail(
        &mut conn,
        &format!("DELETE FROM account_versions WHERE id = {v1}"),
        &["account versions are never deleted"],
    );
    must_fail(
        &mut conn,
        &format!("UPDATE documents SET size_bytes = 1 WHERE sha256 = '{sha}'"),
        &["a stored document never changes"],
    );
}

#[test]
fn rate_2_waits_for_the_interim_account_and_ineligible_amounts_stay_within_the_spend() {
    let app = spawn_app!();
    let mut conn = app.db();
    redo_accounts_migration(&mut conn);
    let (horsens, _) = commitment(&mut conn, OWN_CODE);
    let interim = account_id(&mut conn, horsens, "interim");
    let fin = user_id(&mut conn, "horsens.finance");
    let officer = user_id(&mut conn, "officer");
    paid_payout(&mut conn, horsens, 2, (officer, fin));
    let pay_rate_2 = format!(
        "UPDATE commitment_rates SET status = 'paid', paid_at = '2018-03-20 10:00:00' \
         WHERE commitment_id = {horsens} AND rate_no = 2"
    );
    must_fail(
        &mut conn,
        &pay_rate_2,
        &[
            "the interim account must be approved before this rate is paid",
            "a rate is paid only through its payout",
        ],
    );
    must_fail(
        &mut conn,
        &format!("UPDATE commitment_rates SET status = 'cancelled' WHERE commitment_id = {horsens} AND rate_no = 3"),
        &["a cancelled rate needs exactly one reason"],
    );
    let sha = store(&mut conn, b"%PDF-1.4 declaration", fin).expect("pdf");
    let version = submitted_version(
        &mut conn,
        interim,
        fin,
        98_688_000,
        &[("declaration", &sha)],
    );
    let ts = "'2018-03-10 10:00:00'";
    exec(
        &mut conn,
        &format!(
            "INSERT INTO account_reviews (account_id, version_id, started_by, started_at, \
             figures_checked, content_checked, reason) VALUES ({interim}, {version}, {officer}, {ts}, FALSE, FALSE, '')"
        ),
    );
    let review: i64 = tilskud::db::schema::account_reviews::table
        .filter(tilskud::db::schema::account_reviews::version_id.eq(version))
        .select(tilskud::db::schema::account_reviews::id)
        .first(&mut conn)
        .expect("review");
    let ineligible = |item: &str, ore: i64, reason: &str| {
        format!(
            "INSERT INTO account_review_lines (review_id, cost_item, year, ineligible_ore, reason) \
             VALUES ({review}, '{item}', 2017, {ore}, '{reason}')"
        )
    };
    let beyond = &["an ineligible amount cannot exceed the line's actual spend"];
    must_fail(
        &mut conn,
        &ineligible("caseworker-salaries", 98_688_001, "for meget"),
        beyond,
    );
    must_fail(&mut conn, &ineligible("other", 1, "ingen linje"), beyond);
    must_fail(&mut conn, &ineligible("caseworker-salaries", 5, ""), CHECK);
    exec(
        &mut conn,
        &ineligible("caseworker-salaries", 98_688_000, "intet dokumenteret"),
    );
    let decide = |decision: &str, reason: &str| {
        format!(
            "UPDATE account_reviews SET decision = '{decision}', reason = '{reason}', decided_by = {officer}, \
             decided_at = {ts} WHERE id = {review}"
        )
    };
    must_fail(&mut conn, &decide("approved", ""), CHECK);
    must_fail(&mut conn, &decide("sent_back", ""), CHECK);
    exec(
        &mut conn,
        &format!("UPDATE account_reviews SET figures_checked = TRUE, content_checked = TRUE WHERE id = {review}"),
    );
    exec(&mut conn, &decide("approved", ""));
    let decided = &["a decided review never changes"];
    must_fail(&mut conn, &decide("sent_back", "alligevel"), decided);
    must_fail(
        &mut conn,
        &ineligible("caseworker-salaries", 1, "mere"),
        decided,
    );
    must_fail(
        &mut conn,
        &pay_rate_2,
        &["the interim account must be approved"],
    );
    exec(
        &mut conn,
        &format!("UPDATE accounts SET status = 'approved' WHERE id = {interim}"),
    );
    exec(&mut conn, &pay_rate_2);
}

#[test]
fn a_settlement_and_its_claim_are_the_stored_figures_to_the_ore() {
    let app = spawn_app!();
    let mut conn = app.db();
    redo_accounts_migration(&mut conn);
    let (horsens, amount) = commitment(&mut conn, OWN_CODE);
    let fin = user_id(&mut conn, "horsens.finance");
    let officer = user_id(&mut conn, "officer");
    let interim = account_id(&mut conn, horsens, "interim");
    let decl = store(&mut conn, b"%PDF-1.4 declaration", fin).expect("pdf");
    let v = submitted_version(
        &mut conn,
        interim,
        fin,
        98_688_000,
        &[("declaration", &decl)],
    );
    approved_review(&mut conn, interim, v, officer, 0);
    paid_payout(&mut conn, horsens, 2, (officer, fin));
    exec(
        &mut conn,
        &format!(
            "UPDATE commitment_rates SET status = 'paid', paid_at = '2018-03-20 10:00:00' \
             WHERE commitment_id = {horsens} AND rate_no = 2"
        ),
    );
    // The final account: 1.000.000,05 kr. spent, of which 0,25 kr. ineligible.
    let final_account = account_id(&mut conn, horsens, "final");
    let report = store(&mut conn, b"%PDF-1.4 auditor's report", fin).expect("pdf");
    let slut = store(&mut conn, b"%PDF-1.4 slutrapport", fin).expect("pdf");
    let v = submitted_version(
        &mut conn,
        final_account,
        fin,
        100_000_005,
        &[("auditor_report", &report), ("final_report", &slut)],
    );
    let review = approved_review(&mut conn, final_account, v, officer, 25);
    let rates: Vec<(i32, i64, String)> = commitment_rates::table
        .filter(commitment_rates::commitment_id.eq(horsens))
        .order(commitment_rates::rate_no.asc())
        .select((
            commitment_rates::rate_no,
            commitment_rates::amount_ore,
            commitment_rates::status,
        ))
        .load(&mut conn)
        .expect("rates");
    let ore = |o: i64| Ore::from_ore(o).expect("amount");
    let paid: i64 = rates.iter().filter(|r| r.2 == "paid").map(|r| r.1).sum();
    let s = settle(&SettlementInput {
        commitment: ore(amount),
        paid: ore(paid),
        actual: ore(100_000_005),
        ineligible: ore(25),
        pending: rates
            .iter()
            .filter(|r| r.2 == "pending")
            .map(|r| (r.0, ore(r.1)))
            .collect(),
    })
    .expect("settles");
    assert_eq!(s.eligible, ore(99_999_980));
    assert_eq!(s.claim.as_i64(), paid - 99_999_980);
    let settlement = |account: i64, paid: i64, eligible: i64, claim: i64| {
        format!(
            "INSERT INTO settlements (account_id, review_id, commitment_ore, paid_ore, actual_ore, \
             ineligible_ore, eligible_ore, claim_ore, settled_at) VALUES ({account}, {review}, {amount}, \
             {paid}, 100000005, 25, {eligible}, {claim}, '2019-12-31 10:00:00')"
        )
    };
    let (e, c) = (s.eligible.as_i64(), s.claim.as_i64());
    must_fail(&mut conn, &settlement(final_account, paid, e, c + 1), CHECK);
    must_fail(
        &mut conn,
        &settlement(final_account, paid, e + 1, c - 1),
        CHECK,
    );
    let stored = &["a settlement must use the stored figures"];
    must_fail(
        &mut conn,
        &settlement(final_account, paid - 1, e, c - 1),
        stored,
    );
    must_fail(&mut conn, &settlement(interim, paid, e, c), stored);
    exec(&mut conn, &settlement(final_account, paid, e, c));
    must_fail(
        &mut conn,
        &format!("UPDATE settlements SET claim_ore = 0 WHERE account_id = {final_account}"),
        &["a settlement never changes"],
    );
    let claim = |amount: i64| {
        format!(
            "INSERT INTO repayment_claims (account_id, claim_no, amount_ore, due_date, status, \
             write_off_reason, created_at, updated_at) VALUES ({final_account}, 'TB1-615', {amount}, \
             '2020-01-30', 'open', '', '2019-12-31 10:00:00', '2019-12-31 10:00:00')"
        )
    };
    must_fail(
        &mut conn,
        &claim(c - 1),
        &["a repayment claim is its settlement's claim"],
    );
    exec(&mut conn, &claim(c));
    let set = |what: &str| {
        format!("UPDATE repayment_claims SET {what} WHERE account_id = {final_account}")
    };
    must_fail(&mut conn, &set("amount_ore = 1"), &["amount never changes"]);
    must_fail(&mut conn, &set("status = 'written_off'"), CHECK);
    exec(
        &mut conn,
        &set("status = 'written_off', write_off_reason = 'Eftergivet'"),
    );
    must_fail(
        &mut conn,
        &set("status = 'open', write_off_reason = ''"),
        &["never changes status"],
    );
}

fn finance(conn: &mut DbConn) -> tilskud::db::audit::Actor {
    tilskud::db::audit::Actor {
        user_id: Some(user_id(conn, "horsens.finance")),
        label: "horsens.finance".into(),
    }
}

fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").expect("time")
}

fn audit_count(conn: &mut DbConn, action: &str) -> i64 {
    use tilskud::db::schema::audit_log;
    audit_log::table
        .filter(audit_log::action.eq(action))
        .count()
        .get_result(conn)
        .expect("count")
}

#[test]
fn the_approval_gives_each_commitment_its_accounts_and_says_which_certification() {
    let app = spawn_app!();
    let mut conn = app.db();
    let (horsens, amount) = commitment(&mut conn, OWN_CODE);
    let terms = accounts_of(&mut conn, horsens);
    assert_eq!(
        terms
            .iter()
            .map(|a| (a.1.as_str(), a.2, a.3, a.4, a.5, a.6.as_str(), a.9.as_str()))
            .collect::<Vec<_>>(),
        vec![
            (
                "final",
                None,
                2017,
                2019,
                day(2019, 12, 31),
                "auditor",
                "draft"
            ),
            (
                "interim",
                Some(2),
                2017,
                2017,
                day(2018, 4, 1),
                "management",
                "draft"
            ),
        ]
    );
    assert_eq!(
        audit_count(&mut conn, "account.create"),
        4,
        "two commitments, two accounts each"
    );
    use tilskud::domain::accounts::AccountKind;
    use tilskud_templates::i18n::Lang;
    let mut said = |kind| {
        let a = tilskud::db::queries::accounts::find(&mut conn, PAST, OWN_CODE, kind)
            .expect("read")
            .expect("account");
        tilskud::app::accounts::certification_msg(&a).text(Lang::Da)
    };
    assert_eq!(
        said(AccountKind::Final),
        format!(
            "Tilsagn på {} er over 500.000 kr.: revisorpåtegnet regnskab.",
            tilskud_templates::pages::money(amount)
        )
    );
    assert_eq!(
        said(AccountKind::Interim),
        "Mellemregnskab: altid ledelsespåtegnet regnskab."
    );
}

#[test]
fn a_withdrawal_cancels_the_interim_account_and_the_final_one_only_when_nothing_was_paid() {
    let app = spawn_app!();
    let mut conn = app.db();
    withdraw(&mut conn, OWN_CODE);
    withdraw(&mut conn, AARHUS);
    let (horsens, _) = commitment(&mut conn, OWN_CODE);
    let (aarhus, _) = commitment(&mut conn, AARHUS);
    let statuses = |conn: &mut DbConn, id| -> Vec<(String, String)> {
        accounts_of(conn, id)
            .into_iter()
            .map(|a| (a.1, a.9))
            .collect()
    };
    let pair = |k: &str, s: &str| (k.to_string(), s.to_string());
    assert_eq!(
        statuses(&mut conn, horsens),
        [pair("final", "draft"), pair("interim", "cancelled")],
        "rate 1 was paid: the final account is still due"
    );
    assert_eq!(
        statuses(&mut conn, aarhus),
        [pair("final", "cancelled"), pair("interim", "cancelled")]
    );
    assert_eq!(audit_count(&mut conn, "account.cancel"), 3);
}

fn pdf(text: &str) -> Vec<u8> {
    format!("%PDF-1.7\n% {text}\n%%EOF\n").into_bytes()
}

#[test]
fn finance_saves_attaches_and_submits_the_interim_account_which_is_then_frozen() {
    use tilskud::app::accounts::{self, AccountDraft, AccountKey, LineDraft, Upload};
    use tilskud::domain::accounts::{AccountKind, DocumentPurpose};
    use tilskud::error::AppError;
    let app = spawn_app!();
    let mut conn = app.db();
    let actor = finance(&mut conn);
    let key = AccountKey {
        pool_id: PAST,
        code: OWN_CODE,
        kind: AccountKind::Interim,
    };
    let line = |item: &str, year, actual: &str, comment: &str| LineDraft {
        item: item.into(),
        year,
        actual: actual.into(),
        comment: comment.into(),
    };
    let mut draft = AccountDraft {
        signer_name: "Mette Jensen".into(),
        signer_title: String::new(),
        audit_firm: String::new(),
        signed_on: "1. marts".into(),
        lines: vec![
            line("caseworker-salaries", 2017, "1.000.000,50", ""),
            line("caseworker-salaries", 2018, "5", ""),
            line("other", 2017, "1,234", ""),
        ],
    };
    let errors = draft.parse((2017, 2017)).expect_err("three mistakes");
    let fields: Vec<&str> = errors.0.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        fields,
        [
            "signed_on",
            "actual_caseworker-salaries_2018",
            "actual_other_2017"
        ]
    );
    draft.signed_on = "2018-03-01".into();
    draft.lines.truncate(1);
    let input = draft.parse((2017, 2017)).expect("reads");
    let now = at("2018-03-01 10:00");
    let version = accounts::save(&mut conn, &actor, now, key, &input).expect("saved");
    assert_eq!(
        accounts::save(&mut conn, &actor, now, key, &input).expect("saved again"),
        version,
        "one draft, saved over"
    );
    fn upload(bytes: &[u8]) -> Upload<'_> {
        Upload {
            purpose: DocumentPurpose::Declaration,
            filename: "ledelseserklaering.pdf",
            bytes,
        }
    }
    let refused = |r: Result<String, AppError>| match r {
        Err(AppError::Invalid(e)) => e.get("file").map(|m| m.key).unwrap_or_default(),
        other => panic!("not refused: {other:?}"),
    };
    let exe = b"MZ\x90\x00\x03\x00\x00\x00 this program cannot be run in DOS mode";
    assert_eq!(
        refused(accounts::attach(
            &mut conn,
            &actor,
            now,
            key,
            &upload(exe),
            1 << 20
        )),
        "document-not-pdf"
    );
    let big = pdf(&"x".repeat(2_000));
    assert_eq!(
        refused(accounts::attach(
            &mut conn,
            &actor,
            now,
            key,
            &upload(&big),
            1_000
        )),
        "document-too-large"
    );
    let signed = pdf("underskrevet");
    let sha =
        accounts::attach(&mut conn, &actor, now, key, &upload(&signed), 1 << 20).expect("a PDF");
    accounts::attach(&mut conn, &actor, now, key, &upload(&signed), 1 << 20).expect("again");
    let stored: i64 = documents::table
        .count()
        .get_result(&mut conn)
        .expect("count");
    assert_eq!((stored, sha.len()), (1, 64), "stored once, by its SHA-256");
    // The budget of 2017 is 40 % of the grant on caseworker salaries: 1.000.000,50 kr. is
    // more than 10 % off, so it needs a comment; the title of the manager is missing.
    let missing = match accounts::submit(&mut conn, &actor, now, key, &input) {
        Err(AppError::Invalid(e)) => e.0.into_iter().map(|(f, m)| (f, m.key)).collect::<Vec<_>>(),
        other => panic!("submitted incomplete: {other:?}"),
    };
    assert_eq!(
        missing,
        [
            ("signer_title".to_string(), "field-required"),
            (
                "comment_caseworker-salaries_2017".to_string(),
                "account-comment-required"
            ),
        ]
    );
    draft.signer_title = "Jobcenterchef".into();
    draft.lines[0].comment = "Ansættelser udskudt til 2018".into();
    let input = draft.parse((2017, 2017)).expect("reads");
    let receipt = accounts::submit(&mut conn, &actor, now, key, &input).expect("submitted");
    assert_eq!(
        (receipt.receipt_no.as_str(), receipt.version_no),
        ("R1-615-I1", 1)
    );
    let account =
        tilskud::db::queries::accounts::find(&mut conn, PAST, OWN_CODE, AccountKind::Interim)
            .expect("read")
            .expect("account");
    assert_eq!(account.status.as_str(), "submitted");
    match accounts::save(&mut conn, &actor, now, key, &input) {
        Err(AppError::Conflict(m)) => assert_eq!(m.key, "account-not-editable"),
        other => panic!("changed after submission: {other:?}"),
    }
    must_fail(
        &mut conn,
        &format!("UPDATE account_lines SET actual_ore = 1 WHERE version_id = {version}"),
        FROZEN,
    );
    for action in ["account.save", "account.attach", "account.submit"] {
        assert!(audit_count(&mut conn, action) >= 1, "{action} audited");
    }
    // Sent back (the review is the next step's): a correction starts from what was sent,
    // as version 2, and the version sent stays as it was.
    exec(
        &mut conn,
        &format!(
            "UPDATE accounts SET status = 'sent_back' WHERE id = {}",
            account.id
        ),
    );
    draft.lines[0].actual = "1.200.000".into();
    let input = draft.parse((2017, 2017)).expect("reads");
    let receipt = accounts::submit(&mut conn, &actor, at("2018-03-05 09:00"), key, &input)
        .expect("the declaration came along");
    assert_eq!(receipt.receipt_no, "R1-615-I2");
    let lines = tilskud::db::queries::accounts::lines_of(&mut conn, version).expect("lines");
    assert_eq!(lines[0].actual_ore, 100_000_050, "version 1 unchanged");
}

#[test]
fn paying_rate_2_before_the_interim_account_is_approved_is_refused_with_the_reason() {
    let app = spawn_app!();
    let mut conn = app.db();
    redo_accounts_migration(&mut conn);
    let (horsens, _) = commitment(&mut conn, OWN_CODE);
    let err = crate::helpers::pay_rate(&mut conn, horsens, 2, at("2018-03-20 10:00"))
        .expect_err("refused");
    match err {
        tilskud::error::AppError::Conflict(m) => {
            assert_eq!(m.key, "payout-condition-missing", "{m:?}");
            let rates = tilskud::app::payouts::for_municipality(
                &mut conn,
                (1, OWN_CODE),
                at("2018-03-20 10:00"),
            )
            .expect("rates");
            let missing: Vec<_> = rates
                .rate(2)
                .expect("rate 2")
                .gate
                .missing()
                .map(|c| c.condition)
                .collect();
            assert!(
                missing.contains(&tilskud::domain::payout_gate::ConditionKind::InterimAccount),
                "the interim account is named among {missing:?}"
            );
        }
        other => panic!("a conflict with its reason, not {other:?}"),
    }
    assert_eq!(
        audit_count(&mut conn, "payout.prepare"),
        1,
        "only the demo's rate 1"
    );
}
