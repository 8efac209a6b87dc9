//! Monitoring: the import of monthly person-level files (`import`, streamed uploads in
//! `upload`), and the figures the pages and the API read: the month-by-month counts
//! behind the KPIs, STAR's gross target group and the two milestone facts.

pub mod import;
mod sort;
mod spool;
pub mod upload;

use serde::Serialize;

use crate::db::queries::monitoring::{self as rows, MonthCounts, Unassessed};
use crate::db::DbConn;
use crate::domain::monitoring::kpi::Share;
use crate::domain::monitoring::milestones::{self, ActivityFact, AssessedFact, ThreeMonthRule};
use crate::domain::monitoring::pseudonym::Pseudonymizer;
use crate::domain::monitoring::Month;
use crate::error::{AppError, AppResult, Msg};

/// The pool whose target-group figures are the gross target groups, and whose rate-3
/// reading the facts use: the first pool.
pub const POOL: i64 = 1;

/// The pseudonymiser of the configured key; without a usable key nothing is imported.
pub fn pseudonymizer(key: Option<&str>) -> AppResult<Pseudonymizer> {
    key.and_then(|k| Pseudonymizer::new(k.as_bytes()).ok())
        .ok_or_else(|| AppError::Conflict(Msg::new("monitoring-no-key")))
}

/// Month-by-month counts with the gross target group they are set against (0 without
/// a STAR figure).
#[derive(Clone, Debug)]
pub struct Figures {
    pub counts: Vec<MonthCounts>,
    pub gross: i64,
    /// Nationally: who has reported which month (`None` for one municipality).
    pub coverage: Option<Coverage>,
}

/// Who has reported which month of the national figures. A month is complete when every
/// municipality that reports at all has reported it: only then are its sums a national
/// figure. A month one municipality has uploaded early is its figure alone, and must
/// not read as the country's (the status shows the latest complete month).
#[derive(Clone, Debug, Default)]
pub struct Coverage {
    /// Per month, in the order of `Figures::counts`: the municipalities that reported it.
    pub per_month: Vec<i64>,
    /// The municipalities that have reported any month.
    pub reporting: i64,
    /// The applicants of the pool: who is expected to report.
    pub applicants: i64,
}

impl Coverage {
    /// Whether month `i` (index into `Figures::counts`) is reported by everyone who
    /// reports.
    pub fn complete(&self, i: usize) -> bool {
        self.per_month.get(i).is_some_and(|&n| n >= self.reporting)
    }
}

impl Figures {
    /// The index of the month the status shows: the latest month, or nationally the
    /// latest complete month.
    pub fn status_month(&self) -> Option<usize> {
        let last = self.counts.len().checked_sub(1)?;
        match &self.coverage {
            None => Some(last),
            Some(cov) => (0..=last).rev().find(|&i| cov.complete(i)),
        }
    }
}

/// The whole country: counts summed over municipalities, the applicants' target groups
/// summed, and who has reported each month.
pub fn national(c: &mut DbConn) -> AppResult<Figures> {
    let counts = rows::month_counts(c, None)?;
    let applicants = crate::db::queries::target_groups::applicants(c, POOL)?;
    let gross = applicants.iter().map(|r| r.target_group).sum();
    let per_month: std::collections::BTreeMap<i32, i64> =
        rows::municipalities_per_month(c)?.into_iter().collect();
    let coverage = Coverage {
        per_month: counts
            .iter()
            .map(|m| per_month.get(&m.month).copied().unwrap_or(0))
            .collect(),
        reporting: rows::municipalities_reporting(c)?,
        applicants: i64::try_from(applicants.len()).unwrap_or(i64::MAX),
    };
    Ok(Figures {
        counts,
        gross,
        coverage: Some(coverage),
    })
}

/// A municipality's name and figures; `NotFound` for a code that is no municipality.
pub fn municipality(c: &mut DbConn, code: i32) -> AppResult<(String, Figures)> {
    let m = crate::db::queries::municipalities::get(c, code)?.ok_or(AppError::NotFound)?;
    let figures = Figures {
        counts: rows::month_counts(c, Some(code))?,
        gross: rows::gross_target_group(c, POOL, code)?,
        coverage: None,
    };
    Ok((m.name, figures))
}

/// The two milestone facts of a municipality in a pool, with their evidence: the stable
/// query the rate logic asks ("met or not, since when, on what figures").
#[derive(Clone, Debug, Serialize)]
pub struct Facts {
    /// Rate 2: the whole gross target group is assessed.
    pub whole_group_assessed: AssessedFact,
    /// Rate 3: ≥ 40 % of the intervention group active, over three months, read as the
    /// pool says (`pools.activity_*`).
    pub intervention_activity: ActivityFact,
}

pub fn facts(c: &mut DbConn, pool_id: i64, code: i32) -> AppResult<Facts> {
    // Rate 3's reading is the pool's setting; without the pool, the default reading.
    let rule = crate::db::queries::pools::get(c, pool_id)?
        .map(|p| crate::db::queries::pools::stored_activity_rule(&p))
        .unwrap_or_else(ThreeMonthRule::default);
    let gross = rows::gross_target_group(c, pool_id, code)?;
    // A count from the maintained totals: no list of STAR's persons exists to check.
    let assessed = rows::persons::totals(c, code)?.persons_assessed;
    let by_month: Vec<(Month, Share)> = rows::month_counts(c, Some(code))?
        .iter()
        .filter_map(|m| Some((m.month()?, m.to_domain(0).activity()?)))
        .collect();
    Ok(Facts {
        whole_group_assessed: milestones::whole_group_assessed_count(
            u64::try_from(gross).unwrap_or(0),
            u64::try_from(assessed).unwrap_or(0),
        ),
        intervention_activity: milestones::intervention_activity(&rule, &by_month),
    })
}

/// Everything a municipality's monitoring page or the API shows about it.
#[derive(Clone, Debug)]
pub struct Report {
    pub name: String,
    pub figures: Figures,
    pub facts: Facts,
    /// The never-assessed persons, when asked for.
    pub unassessed: Option<Unassessed>,
}

/// The cache key of `report`.
pub fn report_key(code: i32, unassessed: Option<i64>) -> String {
    format!("monitoring/{code}/{unassessed:?}")
}

/// A municipality's report; `unassessed` (the most persons to list) asks for who is
/// still to be assessed, which only the municipality's own users may see.
pub fn report(c: &mut DbConn, code: i32, unassessed: Option<i64>) -> AppResult<Report> {
    let (name, figures) = municipality(c, code)?;
    let facts = facts(c, POOL, code)?;
    let unassessed = match unassessed {
        Some(limit) => Some(rows::unassessed(c, code, Some(limit))?),
        None => None,
    };
    Ok(Report {
        name,
        figures,
        facts,
        unassessed,
    })
}

/// Every never-assessed person of a municipality; `NotFound` for a code that is no
/// municipality.
pub fn all_unassessed(c: &mut DbConn, code: i32) -> AppResult<Unassessed> {
    crate::db::queries::municipalities::get(c, code)?.ok_or(AppError::NotFound)?;
    Ok(rows::unassessed(c, code, None)?)
}
