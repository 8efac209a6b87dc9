//! The officer's side of accounts (reviews, their ineligible amounts, settlements,
//! repayment claims, deadlines): rows in, rows out. The rules and the audit entries are
//! the operations' (`app::account_reviews`); the database refuses what breaks the money
//! rules (`migrations/*/2026-12-02-000009_accounts`).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{
    account_review_lines, account_reviews, account_versions, accounts, audit_log, commitment_rates,
    commitments, repayment_claims, settlements,
};
use crate::db::DbConn;
use crate::domain::accounts::ClaimStatus;
use crate::domain::budget::CostItem;
use crate::domain::status::RateStatus;

#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = account_reviews)]
pub struct ReviewRow {
    pub id: i64,
    pub account_id: i64,
    pub version_id: i64,
    pub started_by: i64,
    pub started_at: NaiveDateTime,
    pub figures_checked: bool,
    pub content_checked: bool,
    pub decision: Option<String>,
    pub reason: String,
    pub decided_by: Option<i64>,
    pub decided_at: Option<NaiveDateTime>,
}

#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = account_review_lines)]
pub struct ReviewLineRow {
    pub review_id: i64,
    pub cost_item: String,
    pub year: i32,
    pub ineligible_ore: i64,
    pub reason: String,
}

#[derive(Queryable, Selectable, Insertable, Debug, Clone, Serialize, PartialEq, Eq)]
#[diesel(table_name = settlements)]
pub struct SettlementRow {
    pub account_id: i64,
    pub review_id: i64,
    pub commitment_ore: i64,
    pub paid_ore: i64,
    pub actual_ore: i64,
    pub ineligible_ore: i64,
    pub eligible_ore: i64,
    pub claim_ore: i64,
    pub settled_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = repayment_claims)]
pub struct ClaimRow {
    pub id: i64,
    pub account_id: i64,
    pub claim_no: String,
    pub amount_ore: i64,
    pub due_date: NaiveDate,
    #[diesel(deserialize_as = String)]
    pub status: ClaimStatus,
    pub received_on: Option<NaiveDate>,
    pub write_off_reason: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The account's newest review, decided or not.
pub fn latest_review(conn: &mut DbConn, account_id: i64) -> QueryResult<Option<ReviewRow>> {
    account_reviews::table
        .filter(account_reviews::account_id.eq(account_id))
        .order(account_reviews::id.desc())
        .select(ReviewRow::as_select())
        .first(conn)
        .optional()
}

/// The review of a version, if one was started.
pub fn review_of_version(conn: &mut DbConn, version_id: i64) -> QueryResult<Option<ReviewRow>> {
    account_reviews::table
        .filter(account_reviews::version_id.eq(version_id))
        .select(ReviewRow::as_select())
        .first(conn)
        .optional()
}

/// Starts the review of a submitted version (the database refuses any other); returns
/// its id.
pub fn insert_review(
    conn: &mut DbConn,
    account_id: i64,
    version_id: i64,
    by: i64,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(account_reviews::table)
        .values((
            account_reviews::account_id.eq(account_id),
            account_reviews::version_id.eq(version_id),
            account_reviews::started_by.eq(by),
            account_reviews::started_at.eq(now),
            account_reviews::figures_checked.eq(false),
            account_reviews::content_checked.eq(false),
            account_reviews::reason.eq(""),
        ))
        .returning(account_reviews::id)
        .get_result(conn)
}

/// Writes an undecided review's ticks and replaces its ineligible amounts (item, year,
/// øre, reason). The database refuses this for a decided review and an amount above
/// the line's actual spend.
pub fn save_review(
    conn: &mut DbConn,
    review_id: i64,
    figures_checked: bool,
    content_checked: bool,
    lines: &[(CostItem, i32, i64, String)],
) -> QueryResult<()> {
    diesel::update(account_reviews::table.find(review_id))
        .set((
            account_reviews::figures_checked.eq(figures_checked),
            account_reviews::content_checked.eq(content_checked),
        ))
        .execute(conn)?;
    diesel::delete(
        account_review_lines::table.filter(account_review_lines::review_id.eq(review_id)),
    )
    .execute(conn)?;
    for (item, year, ore, reason) in lines {
        diesel::insert_into(account_review_lines::table)
            .values((
                account_review_lines::review_id.eq(review_id),
                account_review_lines::cost_item.eq(item.key()),
                account_review_lines::year.eq(*year),
                account_review_lines::ineligible_ore.eq(*ore),
                account_review_lines::reason.eq(reason),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn review_lines(conn: &mut DbConn, review_id: i64) -> QueryResult<Vec<ReviewLineRow>> {
    account_review_lines::table
        .filter(account_review_lines::review_id.eq(review_id))
        .order((
            account_review_lines::cost_item.asc(),
            account_review_lines::year.asc(),
        ))
        .select(ReviewLineRow::as_select())
        .load(conn)
}

/// Decides an undecided review ('approved' or 'sent_back'); guarded, so it returns 0 for
/// one decided already.
pub fn decide(
    conn: &mut DbConn,
    review_id: i64,
    decision: &str,
    reason: &str,
    by: i64,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        account_reviews::table
            .find(review_id)
            .filter(account_reviews::decision.is_null()),
    )
    .set((
        account_reviews::decision.eq(decision),
        account_reviews::reason.eq(reason),
        account_reviews::decided_by.eq(by),
        account_reviews::decided_at.eq(now),
    ))
    .execute(conn)
}

pub fn insert_settlement(conn: &mut DbConn, s: &SettlementRow) -> QueryResult<usize> {
    diesel::insert_into(settlements::table)
        .values(s)
        .execute(conn)
}

pub fn settlement_of(conn: &mut DbConn, account_id: i64) -> QueryResult<Option<SettlementRow>> {
    settlements::table
        .find(account_id)
        .select(SettlementRow::as_select())
        .get_result(conn)
        .optional()
}

/// The stored reason of a rate cancelled because the final account's approved spend
/// does not reach it.
pub const CANCELLED_BY_ACCOUNT: &str = "regnskab";

/// Cuts a pending rate to `to_ore` (the trigger allows it once, while pending).
pub fn cut_rate(
    conn: &mut DbConn,
    commitment_id: i64,
    rate_no: i32,
    to_ore: i64,
) -> QueryResult<usize> {
    diesel::update(
        commitment_rates::table
            .find((commitment_id, rate_no))
            .filter(commitment_rates::status.eq(RateStatus::Pending.as_str())),
    )
    .set(commitment_rates::settled_ore.eq(to_ore))
    .execute(conn)
}

/// Cancels a pending rate with the reason "regnskab".
pub fn cancel_rate_by_account(
    conn: &mut DbConn,
    commitment_id: i64,
    rate_no: i32,
) -> QueryResult<usize> {
    diesel::update(
        commitment_rates::table
            .find((commitment_id, rate_no))
            .filter(commitment_rates::status.eq(RateStatus::Pending.as_str())),
    )
    .set((
        commitment_rates::status.eq(RateStatus::Cancelled.as_str()),
        commitment_rates::cancel_reason.eq(CANCELLED_BY_ACCOUNT),
    ))
    .execute(conn)
}

/// A rate as settling left it: number, amount, status, the amount it was cut to, and why
/// it was cancelled.
#[derive(Queryable, Debug, Clone, Serialize)]
pub struct RateState {
    pub rate_no: i32,
    pub amount_ore: i64,
    #[diesel(deserialize_as = String)]
    pub status: RateStatus,
    pub settled_ore: Option<i64>,
    pub cancel_reason: Option<String>,
}

pub fn rate_states(conn: &mut DbConn, commitment_id: i64) -> QueryResult<Vec<RateState>> {
    commitment_rates::table
        .filter(commitment_rates::commitment_id.eq(commitment_id))
        .order(commitment_rates::rate_no.asc())
        .select((
            commitment_rates::rate_no,
            commitment_rates::amount_ore,
            commitment_rates::status,
            commitment_rates::settled_ore,
            commitment_rates::cancel_reason,
        ))
        .load(conn)
}

/// A new repayment claim (open); the database checks it is its settlement's claim.
pub fn insert_claim(
    conn: &mut DbConn,
    account_id: i64,
    claim_no: &str,
    amount_ore: i64,
    due_date: NaiveDate,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(repayment_claims::table)
        .values((
            repayment_claims::account_id.eq(account_id),
            repayment_claims::claim_no.eq(claim_no),
            repayment_claims::amount_ore.eq(amount_ore),
            repayment_claims::due_date.eq(due_date),
            repayment_claims::status.eq(ClaimStatus::Open.as_str()),
            repayment_claims::write_off_reason.eq(""),
            repayment_claims::created_at.eq(now),
            repayment_claims::updated_at.eq(now),
        ))
        .returning(repayment_claims::id)
        .get_result(conn)
}

pub fn claim_of(conn: &mut DbConn, account_id: i64) -> QueryResult<Option<ClaimRow>> {
    repayment_claims::table
        .filter(repayment_claims::account_id.eq(account_id))
        .select(ClaimRow::as_select())
        .first(conn)
        .optional()
}

/// Every claim, for the list of accounts.
pub fn all_claims(conn: &mut DbConn) -> QueryResult<Vec<ClaimRow>> {
    repayment_claims::table
        .select(ClaimRow::as_select())
        .load(conn)
}

/// Closes an open claim as received on `on`; guarded, 0 when it is not open.
pub fn claim_received(
    conn: &mut DbConn,
    id: i64,
    on: NaiveDate,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        repayment_claims::table
            .find(id)
            .filter(repayment_claims::status.eq(ClaimStatus::Open.as_str())),
    )
    .set((
        repayment_claims::status.eq(ClaimStatus::Received.as_str()),
        repayment_claims::received_on.eq(on),
        repayment_claims::updated_at.eq(now),
    ))
    .execute(conn)
}

/// Closes an open claim as written off; guarded, 0 when it is not open.
pub fn claim_written_off(
    conn: &mut DbConn,
    id: i64,
    reason: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        repayment_claims::table
            .find(id)
            .filter(repayment_claims::status.eq(ClaimStatus::Open.as_str())),
    )
    .set((
        repayment_claims::status.eq(ClaimStatus::WrittenOff.as_str()),
        repayment_claims::write_off_reason.eq(reason),
        repayment_claims::updated_at.eq(now),
    ))
    .execute(conn)
}

pub fn set_deadline(
    conn: &mut DbConn,
    account_id: i64,
    deadline: NaiveDate,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(accounts::table.find(account_id))
        .set((
            accounts::deadline.eq(deadline),
            accounts::updated_at.eq(now),
        ))
        .execute(conn)
}

/// Every account with its pool and municipality code, by pool, code, kind.
pub fn all_accounts(
    conn: &mut DbConn,
) -> QueryResult<Vec<(super::accounts::AccountRow, i64, i32)>> {
    accounts::table
        .inner_join(commitments::table)
        .order((
            commitments::pool_id.asc(),
            commitments::municipality_code.asc(),
            accounts::kind.asc(),
        ))
        .select((
            super::accounts::AccountRow::as_select(),
            commitments::pool_id,
            commitments::municipality_code,
        ))
        .load(conn)
}

/// The versions' submission times per account: (account, latest submitted_at).
pub fn last_submitted(conn: &mut DbConn) -> QueryResult<Vec<(i64, Option<NaiveDateTime>)>> {
    account_versions::table
        .filter(account_versions::submitted_at.is_not_null())
        .select((account_versions::account_id, account_versions::submitted_at))
        .load(conn)
}

/// The audit entries of an account's moved deadlines: (time, after_json).
pub fn deadline_moves(
    conn: &mut DbConn,
    account_id: i64,
) -> QueryResult<Vec<(NaiveDateTime, Option<String>)>> {
    audit_log::table
        .filter(audit_log::action.eq("account.deadline"))
        .filter(audit_log::entity.eq("account"))
        .filter(audit_log::entity_id.eq(account_id.to_string()))
        .order(audit_log::id.asc())
        .select((audit_log::at, audit_log::after_json))
        .load(conn)
}

/// The account's newest submitted version, if any.
pub fn latest_submitted(
    conn: &mut DbConn,
    account_id: i64,
) -> QueryResult<Option<super::accounts::VersionRow>> {
    account_versions::table
        .filter(account_versions::account_id.eq(account_id))
        .filter(account_versions::submitted_at.is_not_null())
        .order(account_versions::version_no.desc())
        .select(super::accounts::VersionRow::as_select())
        .first(conn)
        .optional()
}
