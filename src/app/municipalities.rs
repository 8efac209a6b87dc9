//! A municipality's own overview: for each pool, whether it applies, what it has been
//! allocated and how that splits into rates, and its commitment once it has one.

use chrono::{NaiveDate, NaiveDateTime};

use super::applications::display_names;
use super::commitments::{self, CommitmentDetail};
use crate::db::models::{MunicipalityRow, PoolRow};
use crate::db::queries::{applications, municipalities, pools};
use crate::db::DbConn;
use crate::domain::accounts::{self, Certification};
use crate::domain::money::Ore;
use crate::domain::rates;
use crate::error::{AppError, AppResult};

/// A rate of the expected grant (before there is a commitment).
#[derive(Clone, Debug)]
pub struct ExpectedRate {
    pub rate_no: i32,
    pub share_bp: i32,
    pub earliest_date: Option<NaiveDate>,
    pub amount_ore: i64,
}

/// The municipality in one pool.
#[derive(Clone, Debug)]
pub struct PoolShare {
    pub pool: PoolRow,
    pub applied: bool,
    pub target_group: Option<i64>,
    /// (version, amount) of the approved allocation, if the municipality is in it.
    pub approved: Option<(i32, i64)>,
    /// The approved amount split by the pool's rates (empty without an approved amount).
    pub expected_rates: Vec<ExpectedRate>,
    /// Whether the final account must be auditor-certified (else management-certified):
    /// judged on the commitment once there is one, else on the approved amount.
    pub auditor_certified: bool,
    pub commitment: Option<CommitmentDetail>,
}

pub struct Overview {
    pub municipality: MunicipalityRow,
    pub pools: Vec<PoolShare>,
}

fn auditor_certified(amount_ore: i64, pool: &PoolRow) -> bool {
    let grant = Ore::from_ore(amount_ore).unwrap_or(Ore::ZERO);
    let threshold = Ore::from_ore(pool.auditor_threshold_ore).unwrap_or(Ore::ZERO);
    accounts::certification(grant, threshold) == Certification::Auditor
}

fn expected_rates(
    c: &mut DbConn,
    pool_id: i64,
    approved: Option<i64>,
) -> AppResult<Vec<ExpectedRate>> {
    let rows = pools::rates_of(c, pool_id)?;
    let split = approved
        .and_then(Ore::from_ore)
        .and_then(|o| rates::split(o, &commitments::rate_specs(&rows)).ok())
        .unwrap_or_default();
    Ok(rows
        .iter()
        .zip(split)
        .map(|(r, o)| ExpectedRate {
            rate_no: r.rate_no,
            share_bp: r.share_bp,
            earliest_date: r.earliest_date,
            amount_ore: o.as_i64(),
        })
        .collect())
}

fn share(
    c: &mut DbConn,
    pool: PoolRow,
    code: i32,
    names: &std::collections::BTreeMap<i64, String>,
    now: NaiveDateTime,
) -> AppResult<PoolShare> {
    let applicant = applications::applicant(c, pool.id, code)?;
    let approved = applications::approved_grant(c, pool.id, code)?;
    let expected_rates = expected_rates(c, pool.id, approved.map(|a| a.1))?;
    let commitment = commitments::read(c, pool.id, code, names, now)?;
    let certified_amount = match &commitment {
        Some(cm) => Some(cm.full.commitment.amount_ore),
        None => approved.map(|a| a.1),
    };
    Ok(PoolShare {
        auditor_certified: certified_amount.is_some_and(|a| auditor_certified(a, &pool)),
        pool,
        applied: applicant.is_some_and(|a| a.1),
        target_group: applicant.map(|a| a.0),
        approved,
        expected_rates,
        commitment,
    })
}

/// The cache key of `overview`: it depends on `now` only through today's Copenhagen date
/// (the rates' status), which the key carries.
pub fn overview_key(code: i32, now: NaiveDateTime) -> String {
    format!("municipality/{code}/{}", super::commitments::today(now))
}

/// Municipality `code` in every pool, as read at `now`.
pub fn overview(c: &mut DbConn, code: i32, now: NaiveDateTime) -> AppResult<Overview> {
    let municipality = municipalities::get(c, code)?.ok_or(AppError::NotFound)?;
    let names = display_names(c)?;
    let mut shares = Vec::new();
    for pool in pools::list(c)? {
        shares.push(share(c, pool, code, &names, now)?);
    }
    Ok(Overview {
        municipality,
        pools: shares,
    })
}

/// The municipalities someone typing `query` looks for (`domain::municipality::matches`),
/// in the order of their names; all 98 for an empty query.
pub fn search(query: &str) -> Vec<&'static crate::domain::municipality::Municipality> {
    crate::domain::municipality::all()
        .iter()
        .filter(|m| crate::domain::municipality::matches(m.name, i32::from(m.code.as_u16()), query))
        .collect()
}
