//! The commitments tables (commitments, their split by year, their rates): rows in, rows
//! out. The approval's rules, the withdrawal and the audit entries are the operations'
//! (`app::commitments`); the database refuses a commitment that does not add up or
//! exceeds its pool.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{
    commitment_rate_conditions, commitment_rates, commitment_years, commitments,
};
use crate::db::DbConn;
use crate::domain::status::{CommitmentStatus, RateStatus};

#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = commitments)]
pub struct CommitmentRow {
    pub id: i64,
    pub application_id: i64,
    pub version_id: i64,
    pub pool_id: i64,
    pub municipality_code: i32,
    pub amount_ore: i64,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub account_deadline: NaiveDate,
    pub reservation: String,
    pub letter_no: String,
    #[diesel(deserialize_as = String)]
    pub status: CommitmentStatus,
    pub approved_by: i64,
    pub approved_at: NaiveDateTime,
    pub withdrawn_at: Option<NaiveDateTime>,
}

#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = commitment_rates)]
pub struct RateRow {
    pub commitment_id: i64,
    pub rate_no: i32,
    pub share_bp: i32,
    pub amount_ore: i64,
    pub earliest_date: Option<NaiveDate>,
    #[diesel(deserialize_as = String)]
    pub status: RateStatus,
    pub paid_at: Option<NaiveDateTime>,
    /// What the final account cut the rate to, when it did.
    pub settled_ore: Option<i64>,
    /// Only once the finance act of this year is registered as passed.
    pub finance_act_year: Option<i32>,
    /// Why it was cancelled automatically: `withdrawal` or `regnskab`.
    pub cancel_reason: Option<String>,
    /// Why an officer cancelled it: `milestone_not_met` or `decision`.
    pub cancelled_for: Option<String>,
    pub cancel_note: String,
}

impl RateRow {
    /// What paying the rate pays: its amount, or what the final account cut it to.
    pub fn payable_ore(&self) -> i64 {
        self.settled_ore.unwrap_or(self.amount_ore)
    }
}

/// A milestone condition of a commitment's rate, as its letter stated it.
#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = commitment_rate_conditions)]
pub struct RateConditionRow {
    pub commitment_id: i64,
    pub rate_no: i32,
    pub kind: String,
    pub percent_bp: Option<i32>,
    pub months: Option<i32>,
}

/// A commitment with its split by year and its rates.
#[derive(Clone, Debug, Serialize)]
pub struct Full {
    pub commitment: CommitmentRow,
    /// (year, amount in øre)
    pub years: Vec<(i32, i64)>,
    pub rates: Vec<RateRow>,
}

/// A new commitment's stored fields, as the approval decided them.
pub struct NewCommitment<'a> {
    pub application_id: i64,
    pub version_id: i64,
    pub pool_id: i64,
    pub municipality_code: i32,
    pub amount_ore: i64,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub account_deadline: NaiveDate,
    pub reservation: &'a str,
    pub letter_no: &'a str,
    pub approved_by: i64,
    pub approved_at: NaiveDateTime,
}

/// A new rate: number, share in basis points, amount in øre, earliest date.
pub struct NewRate {
    pub rate_no: i32,
    pub share_bp: i32,
    pub amount_ore: i64,
    pub earliest_date: Option<NaiveDate>,
    pub finance_act_year: Option<i32>,
    /// The milestone conditions (kind, percent in basis points, months).
    pub conditions: Vec<(String, Option<i32>, Option<i32>)>,
}

pub fn get(conn: &mut DbConn, id: i64) -> QueryResult<Option<Full>> {
    let Some(c) = commitments::table
        .find(id)
        .select(CommitmentRow::as_select())
        .get_result(conn)
        .optional()?
    else {
        return Ok(None);
    };
    full(conn, c).map(Some)
}

fn full(conn: &mut DbConn, commitment: CommitmentRow) -> QueryResult<Full> {
    let years = commitment_years::table
        .filter(commitment_years::commitment_id.eq(commitment.id))
        .order(commitment_years::year.asc())
        .select((commitment_years::year, commitment_years::amount_ore))
        .load(conn)?;
    let rates = commitment_rates::table
        .filter(commitment_rates::commitment_id.eq(commitment.id))
        .order(commitment_rates::rate_no.asc())
        .select(RateRow::as_select())
        .load(conn)?;
    Ok(Full {
        commitment,
        years,
        rates,
    })
}

pub fn for_municipality(conn: &mut DbConn, pool_id: i64, code: i32) -> QueryResult<Option<Full>> {
    let c = commitments::table
        .filter(commitments::pool_id.eq(pool_id))
        .filter(commitments::municipality_code.eq(code))
        .select(CommitmentRow::as_select())
        .get_result(conn)
        .optional()?;
    match c {
        Some(c) => full(conn, c).map(Some),
        None => Ok(None),
    }
}

/// The sum of a pool's active commitments, in øre.
pub fn committed_total(conn: &mut DbConn, pool_id: i64) -> QueryResult<i64> {
    let amounts: Vec<i64> = commitments::table
        .filter(commitments::pool_id.eq(pool_id))
        .filter(commitments::status.eq(CommitmentStatus::Active.as_str()))
        .select(commitments::amount_ore)
        .load(conn)?;
    Ok(amounts.iter().sum())
}

/// Inserts a commitment as a draft with its split by year and its rates; returns its id.
/// It counts only once `activate` has made it active.
pub fn insert_draft(
    conn: &mut DbConn,
    c: &NewCommitment,
    years: &[(i32, i64)],
    rates: &[NewRate],
) -> QueryResult<i64> {
    let id: i64 = diesel::insert_into(commitments::table)
        .values((
            commitments::application_id.eq(c.application_id),
            commitments::version_id.eq(c.version_id),
            commitments::pool_id.eq(c.pool_id),
            commitments::municipality_code.eq(c.municipality_code),
            commitments::amount_ore.eq(c.amount_ore),
            commitments::period_start.eq(c.period_start),
            commitments::period_end.eq(c.period_end),
            commitments::account_deadline.eq(c.account_deadline),
            commitments::reservation.eq(c.reservation),
            commitments::letter_no.eq(c.letter_no),
            commitments::status.eq(CommitmentStatus::Draft.as_str()),
            commitments::approved_by.eq(c.approved_by),
            commitments::approved_at.eq(c.approved_at),
        ))
        .returning(commitments::id)
        .get_result(conn)?;
    for (year, ore) in years {
        diesel::insert_into(commitment_years::table)
            .values((
                commitment_years::commitment_id.eq(id),
                commitment_years::year.eq(*year),
                commitment_years::amount_ore.eq(*ore),
            ))
            .execute(conn)?;
    }
    for r in rates {
        diesel::insert_into(commitment_rates::table)
            .values((
                commitment_rates::commitment_id.eq(id),
                commitment_rates::rate_no.eq(r.rate_no),
                commitment_rates::share_bp.eq(r.share_bp),
                commitment_rates::amount_ore.eq(r.amount_ore),
                commitment_rates::earliest_date.eq(r.earliest_date),
                commitment_rates::finance_act_year.eq(r.finance_act_year),
                commitment_rates::status.eq(RateStatus::Pending.as_str()),
            ))
            .execute(conn)?;
        for (kind, percent_bp, months) in &r.conditions {
            diesel::insert_into(commitment_rate_conditions::table)
                .values((
                    commitment_rate_conditions::commitment_id.eq(id),
                    commitment_rate_conditions::rate_no.eq(r.rate_no),
                    commitment_rate_conditions::kind.eq(kind),
                    commitment_rate_conditions::percent_bp.eq(percent_bp),
                    commitment_rate_conditions::months.eq(months),
                ))
                .execute(conn)?;
        }
    }
    Ok(id)
}

/// Makes a commitment active; the database refuses if its parts do not add up or the
/// pool would be exceeded.
pub fn activate(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::update(commitments::table.find(id))
        .set(commitments::status.eq(CommitmentStatus::Active.as_str()))
        .execute(conn)
}

/// The stored reason of a rate cancelled because its commitment was withdrawn (the other
/// is "regnskab": beyond the approved final account).
pub const CANCELLED_BY_WITHDRAWAL: &str = "withdrawal";

/// Withdraws commitment `id` and cancels its rates not yet paid, except `keep` (rates whose
/// payout has left for the finance system); returns how many rates were cancelled.
pub fn withdraw(
    conn: &mut DbConn,
    id: i64,
    now: NaiveDateTime,
    keep: &[i32],
) -> QueryResult<usize> {
    diesel::update(commitments::table.find(id))
        .set((
            commitments::status.eq(CommitmentStatus::Withdrawn.as_str()),
            commitments::withdrawn_at.eq(now),
        ))
        .execute(conn)?;
    diesel::update(
        commitment_rates::table
            .filter(commitment_rates::commitment_id.eq(id))
            .filter(commitment_rates::status.eq(RateStatus::Pending.as_str()))
            .filter(commitment_rates::rate_no.ne_all(keep)),
    )
    .set((
        commitment_rates::status.eq(RateStatus::Cancelled.as_str()),
        commitment_rates::cancel_reason.eq(CANCELLED_BY_WITHDRAWAL),
    ))
    .execute(conn)
}

/// The milestone conditions of commitment `id`'s rates.
pub fn conditions_of(conn: &mut DbConn, id: i64) -> QueryResult<Vec<RateConditionRow>> {
    commitment_rate_conditions::table
        .filter(commitment_rate_conditions::commitment_id.eq(id))
        .order((
            commitment_rate_conditions::rate_no.asc(),
            commitment_rate_conditions::kind.asc(),
        ))
        .select(RateConditionRow::as_select())
        .load(conn)
}

/// The commitments given in pool `pool_id` (active and withdrawn), with their years and
/// rates, by municipality code: three statements however many there are (the pool's
/// queue and ledger read every rate at once).
pub fn given_in_pool(conn: &mut DbConn, pool_id: i64) -> QueryResult<Vec<Full>> {
    let given = [
        CommitmentStatus::Active.as_str(),
        CommitmentStatus::Withdrawn.as_str(),
    ];
    let rows: Vec<CommitmentRow> = commitments::table
        .filter(commitments::pool_id.eq(pool_id))
        .filter(commitments::status.eq_any(given))
        .order(commitments::municipality_code.asc())
        .select(CommitmentRow::as_select())
        .load(conn)?;
    let years: Vec<(i64, i32, i64)> = commitment_years::table
        .inner_join(commitments::table.on(commitments::id.eq(commitment_years::commitment_id)))
        .filter(commitments::pool_id.eq(pool_id))
        .order((
            commitment_years::commitment_id,
            commitment_years::year.asc(),
        ))
        .select((
            commitment_years::commitment_id,
            commitment_years::year,
            commitment_years::amount_ore,
        ))
        .load(conn)?;
    let rates: Vec<RateRow> = commitment_rates::table
        .inner_join(commitments::table.on(commitments::id.eq(commitment_rates::commitment_id)))
        .filter(commitments::pool_id.eq(pool_id))
        .order((
            commitment_rates::commitment_id,
            commitment_rates::rate_no.asc(),
        ))
        .select(RateRow::as_select())
        .load(conn)?;
    let mut by_id: std::collections::BTreeMap<i64, Full> = rows
        .into_iter()
        .map(|commitment| {
            (
                commitment.id,
                Full {
                    commitment,
                    years: Vec::new(),
                    rates: Vec::new(),
                },
            )
        })
        .collect();
    for (id, year, amount) in years {
        if let Some(f) = by_id.get_mut(&id) {
            f.years.push((year, amount));
        }
    }
    for rate in rates {
        if let Some(f) = by_id.get_mut(&rate.commitment_id) {
            f.rates.push(rate);
        }
    }
    let mut given: Vec<Full> = by_id.into_values().collect();
    given.sort_by_key(|f| f.commitment.municipality_code);
    Ok(given)
}

/// The milestone conditions of every rate in pool `pool_id`.
pub fn conditions_in_pool(conn: &mut DbConn, pool_id: i64) -> QueryResult<Vec<RateConditionRow>> {
    commitment_rate_conditions::table
        .inner_join(
            commitments::table.on(commitments::id.eq(commitment_rate_conditions::commitment_id)),
        )
        .filter(commitments::pool_id.eq(pool_id))
        .order((
            commitment_rate_conditions::commitment_id,
            commitment_rate_conditions::rate_no.asc(),
            commitment_rate_conditions::kind.asc(),
        ))
        .select(RateConditionRow::as_select())
        .load(conn)
}
