//! The pools and their rate schedules: rows in, rows out. Parsing the form, the rules of
//! a valid pool and the audit entry are the operation's (`app::pools`).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use crate::db::models::{PoolRateConditionRow, PoolRateRow, PoolRow};
use crate::db::schema::{pool_account_settings, pool_rate_conditions, pool_rates, pools};
use crate::db::DbConn;
use crate::domain::monitoring::milestones::ThreeMonthRule;
use crate::domain::payout_gate::{Milestone, RatePlan};
use crate::domain::rates::RateSpec;

/// The stored fields of a pool, as the operation decided them. Serialized as the audit
/// entry's "after".
#[derive(Clone, Debug, Serialize)]
pub struct PoolValues {
    pub name: String,
    pub finance_account: String,
    pub amount_ore: i64,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub deadline_utc: NaiveDateTime,
    pub auditor_threshold_ore: i64,
    pub target_group_note: String,
    pub admin_share_max_bp: Option<i32>,
    pub rates: Vec<RateValues>,
    pub activity_months: i32,
    pub activity_threshold_percent: i32,
    pub activity_consecutive: bool,
    pub accounts: AccountSettingsValues,
}

/// The pool's rules for accounts (`pool_account_settings`, `docs/accounts.md`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AccountSettingsValues {
    /// The rate an interim account must be approved before; `None` for no interim account.
    pub interim_before_rate: Option<i32>,
    pub interim_deadline_months: i32,
    pub tolerance_bp: i32,
    pub claim_due_days: i32,
    /// Comma-separated days from the deadline, e.g. "-14,0,7".
    pub reminder_offsets: String,
}

/// One stored rate with its conditions; in the audit log as `[number, share in basis
/// points, earliest, finance act year, [conditions]]` (entries from before the plan was
/// data have the first three only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(into = "StoredRate")]
pub struct RateValues {
    pub rate_no: i32,
    pub share_bp: i32,
    pub earliest_date: Option<NaiveDate>,
    /// Only once the finance act of this year is registered as passed.
    pub finance_act_year: Option<i32>,
    /// The milestone conditions (`pool_rate_conditions`), in their order.
    pub milestones: Vec<Milestone>,
}

type StoredRate = (i32, i32, Option<NaiveDate>, Option<i32>, Vec<Milestone>);

impl From<RateValues> for StoredRate {
    fn from(r: RateValues) -> Self {
        (
            r.rate_no,
            r.share_bp,
            r.earliest_date,
            r.finance_act_year,
            r.milestones,
        )
    }
}

/// The one conversion of a stored rate into the schedule's terms. The table's checks keep
/// numbers and shares in range; one out of range becomes a rate the schedule refuses.
impl From<&PoolRateRow> for RateSpec {
    fn from(r: &PoolRateRow) -> RateSpec {
        RateSpec {
            number: u8::try_from(r.rate_no).unwrap_or(u8::MAX),
            share_basis_points: u32::try_from(r.share_bp).unwrap_or(0),
            earliest: r.earliest_date,
        }
    }
}

/// The rate-3 reading a stored pool uses; the table's checks are the rule's own, so the
/// default only stands in for a row that could not have been written.
pub fn stored_activity_rule(p: &PoolRow) -> ThreeMonthRule {
    match (
        u32::try_from(p.activity_months),
        u32::try_from(p.activity_threshold_percent),
    ) {
        (Ok(m), Ok(t)) => ThreeMonthRule::new(m, t, p.activity_consecutive).unwrap_or_default(),
        _ => ThreeMonthRule::default(),
    }
}

pub fn list(conn: &mut DbConn) -> QueryResult<Vec<PoolRow>> {
    pools::table
        .order(pools::id.asc())
        .select(PoolRow::as_select())
        .load(conn)
}

pub fn get(conn: &mut DbConn, id: i64) -> QueryResult<Option<PoolRow>> {
    crate::on_backend!(conn, c => pools::table.find(id).select(PoolRow::as_select()).get_result(c).optional())
}

pub fn rates_of(conn: &mut DbConn, id: i64) -> QueryResult<Vec<PoolRateRow>> {
    pool_rates::table
        .filter(pool_rates::pool_id.eq(id))
        .order(pool_rates::rate_no.asc())
        .select(PoolRateRow::as_select())
        .load(conn)
}

/// Replaces the pool's rates and their conditions. The conditions go first, by name:
/// the cascade from `pool_rates` only runs where SQLite enforces foreign keys.
fn write_rates(c: &mut DbConn, id: i64, rates: &[RateValues]) -> QueryResult<()> {
    diesel::delete(pool_rate_conditions::table.filter(pool_rate_conditions::pool_id.eq(id)))
        .execute(c)?;
    diesel::delete(pool_rates::table.filter(pool_rates::pool_id.eq(id))).execute(c)?;
    for r in rates {
        diesel::insert_into(pool_rates::table)
            .values(PoolRateRow {
                pool_id: id,
                rate_no: r.rate_no,
                share_bp: r.share_bp,
                earliest_date: r.earliest_date,
                finance_act_year: r.finance_act_year,
            })
            .execute(c)?;
        for m in &r.milestones {
            let (percent_bp, months) = m.stored();
            diesel::insert_into(pool_rate_conditions::table)
                .values(PoolRateConditionRow {
                    pool_id: id,
                    rate_no: r.rate_no,
                    kind: m.kind().to_string(),
                    percent_bp,
                    months,
                })
                .execute(c)?;
        }
    }
    Ok(())
}

/// The pool's own columns, written alike on insert and update.
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = pools, treat_none_as_null = true)]
struct PoolColumns<'a> {
    name: &'a str,
    finance_account: &'a str,
    amount_ore: i64,
    period_start: NaiveDate,
    period_end: NaiveDate,
    application_deadline: NaiveDateTime,
    auditor_threshold_ore: i64,
    target_group_note: &'a str,
    admin_share_max_bp: Option<i32>,
    activity_months: i32,
    activity_threshold_percent: i32,
    activity_consecutive: bool,
}

impl PoolValues {
    fn columns(&self) -> PoolColumns<'_> {
        PoolColumns {
            name: &self.name,
            finance_account: &self.finance_account,
            amount_ore: self.amount_ore,
            period_start: self.period_start,
            period_end: self.period_end,
            application_deadline: self.deadline_utc,
            auditor_threshold_ore: self.auditor_threshold_ore,
            target_group_note: &self.target_group_note,
            admin_share_max_bp: self.admin_share_max_bp,
            activity_months: self.activity_months,
            activity_threshold_percent: self.activity_threshold_percent,
            activity_consecutive: self.activity_consecutive,
        }
    }
}

/// Inserts a pool with its rates and its account settings (the database's defaults, the
/// rules of "Flere skal med": `docs/accounts.md`); returns its id.
pub fn insert(conn: &mut DbConn, v: &PoolValues, now: NaiveDateTime) -> QueryResult<i64> {
    let id: i64 = diesel::insert_into(pools::table)
        .values((
            v.columns(),
            pools::created_at.eq(now),
            pools::updated_at.eq(now),
        ))
        .returning(pools::id)
        .get_result(conn)?;
    write_rates(conn, id, &v.rates)?;
    diesel::insert_into(pool_account_settings::table)
        .values(pool_account_settings::pool_id.eq(id))
        .execute(conn)?;
    write_account_settings(conn, id, &v.accounts)?;
    Ok(id)
}

/// Replaces pool `id`'s settings and rates.
pub fn update(conn: &mut DbConn, id: i64, v: &PoolValues, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(pools::table.find(id))
        .set((v.columns(), pools::updated_at.eq(now)))
        .execute(conn)?;
    write_account_settings(conn, id, &v.accounts)?;
    write_rates(conn, id, &v.rates)
}

fn write_account_settings(
    conn: &mut DbConn,
    id: i64,
    a: &AccountSettingsValues,
) -> QueryResult<()> {
    use pool_account_settings as s;
    diesel::update(s::table.find(id))
        .set((
            s::interim_before_rate.eq(a.interim_before_rate),
            s::interim_deadline_months.eq(a.interim_deadline_months),
            s::tolerance_bp.eq(a.tolerance_bp),
            s::claim_due_days.eq(a.claim_due_days),
            s::reminder_offsets.eq(&a.reminder_offsets),
        ))
        .execute(conn)?;
    Ok(())
}

/// Pool `id`'s account settings as stored.
pub fn account_settings(conn: &mut DbConn, id: i64) -> QueryResult<AccountSettingsValues> {
    use pool_account_settings as s;
    let (
        interim_before_rate,
        interim_deadline_months,
        tolerance_bp,
        claim_due_days,
        reminder_offsets,
    ) = s::table
        .find(id)
        .select((
            s::interim_before_rate,
            s::interim_deadline_months,
            s::tolerance_bp,
            s::claim_due_days,
            s::reminder_offsets,
        ))
        .first::<(Option<i32>, i32, i32, i32, String)>(conn)?;
    Ok(AccountSettingsValues {
        interim_before_rate,
        interim_deadline_months,
        tolerance_bp,
        claim_due_days,
        reminder_offsets,
    })
}

/// The milestone conditions of pool `id`'s rates, by rate and kind.
pub fn conditions_of(conn: &mut DbConn, id: i64) -> QueryResult<Vec<PoolRateConditionRow>> {
    pool_rate_conditions::table
        .filter(pool_rate_conditions::pool_id.eq(id))
        .order((
            pool_rate_conditions::rate_no.asc(),
            pool_rate_conditions::kind.asc(),
        ))
        .select(PoolRateConditionRow::as_select())
        .load(conn)
}

/// A pool's rate plan from its stored rows: each rate with its date, finance act, the
/// interim account if the pool's account rules put it before this rate, and its
/// milestone conditions in their order (`Milestone`'s; a row the table's checks would
/// refuse is left out).
pub fn plan_from(
    rates: &[PoolRateRow],
    conditions: &[PoolRateConditionRow],
    interim_before_rate: Option<i32>,
) -> Vec<RatePlan> {
    rates
        .iter()
        .map(|r| RatePlan {
            number: u8::try_from(r.rate_no).unwrap_or(u8::MAX),
            share_basis_points: u32::try_from(r.share_bp).unwrap_or(0),
            not_before: r.earliest_date,
            finance_act_year: r.finance_act_year,
            interim_account: interim_before_rate == Some(r.rate_no),
            milestones: milestones_of(conditions, r.rate_no),
        })
        .collect()
}

/// Rate `rate_no`'s milestone conditions among a pool's stored rows, in their order.
pub fn milestones_of(conditions: &[PoolRateConditionRow], rate_no: i32) -> Vec<Milestone> {
    let mut out: Vec<Milestone> = conditions
        .iter()
        .filter(|c| c.rate_no == rate_no)
        .filter_map(|c| Milestone::from_stored(&c.kind, c.percent_bp, c.months).ok())
        .collect();
    out.sort();
    out
}

/// Pool `id`'s rate plan as stored.
pub fn plan_of(conn: &mut DbConn, id: i64) -> QueryResult<Vec<RatePlan>> {
    let rates = rates_of(conn, id)?;
    let conditions = conditions_of(conn, id)?;
    let interim = account_settings(conn, id)?.interim_before_rate;
    Ok(plan_from(&rates, &conditions, interim))
}
