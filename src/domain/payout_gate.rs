//! When a rate may be paid (`docs/rates.md`): a rate plan is data, each rate a share
//! with a set of conditions from a fixed vocabulary, and a rate's state comes from its
//! conditions, never from its date alone.
//!
//! [`evaluate`] checks every condition of one rate against the facts of one commitment
//! and says, per condition, met or not and on what evidence; [`RateState::of`] puts that
//! together with where the rate is in the payout workflow. Both are pure: the caller
//! reads the facts (the maintained monitoring aggregates, the accounts, the finance acts
//! registered, the approved overrides) and the instant.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::monitoring::kpi::Share;
use super::monitoring::milestones::{self, ActivityFact, AssessedFact, ThreeMonthRule};
use super::monitoring::Month;
use super::status::{status_enum, RateStatus};
use super::time;

/// A milestone condition as a pool's plan stores it (`pool_rate_conditions`). Percentages
/// are whole percents, stored in basis points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Milestone {
    /// The whole gross target group assessed (visiteret).
    WholeGroupAssessed,
    /// At least `percent` % of the intervention group in company-oriented activity or
    /// ordinary hours over `months` months, read as the pool reads it (each month, or
    /// the months' counts pooled).
    ActivityShare { percent: u32, months: u32 },
    /// At least `percent` % of the intervention group with a result (job, education or
    /// flex job) in a month.
    ResultsShare { percent: u32 },
    /// The final account approved.
    FinalAccount,
}

/// Why a stored condition does not read.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum MilestoneError {
    #[error("unknown condition kind {0:?}")]
    UnknownKind(String),
    #[error("the percentage must be a whole percent from 1 to 100")]
    Percent,
    #[error("the number of months must be from 1 to 36")]
    Months,
}

impl MilestoneError {
    pub fn key(&self) -> &'static str {
        match self {
            MilestoneError::UnknownKind(_) => "rate-condition-unknown",
            MilestoneError::Percent => "rate-condition-percent-invalid",
            MilestoneError::Months => "rate-condition-months-invalid",
        }
    }
}

/// The most months an activity condition may span.
pub const MAX_MONTHS: u32 = 36;

impl Milestone {
    /// The stored kind.
    pub fn kind(self) -> &'static str {
        self.condition().as_str()
    }

    pub fn condition(self) -> ConditionKind {
        match self {
            Milestone::WholeGroupAssessed => ConditionKind::WholeGroupAssessed,
            Milestone::ActivityShare { .. } => ConditionKind::ActivityShare,
            Milestone::ResultsShare { .. } => ConditionKind::ResultsShare,
            Milestone::FinalAccount => ConditionKind::FinalAccount,
        }
    }

    /// The stored percentage in basis points and months.
    pub fn stored(self) -> (Option<i32>, Option<i32>) {
        let bp = |p: u32| i32::try_from(p * 100).ok();
        match self {
            Milestone::WholeGroupAssessed | Milestone::FinalAccount => (None, None),
            Milestone::ActivityShare { percent, months } => {
                (bp(percent), i32::try_from(months).ok())
            }
            Milestone::ResultsShare { percent } => (bp(percent), None),
        }
    }

    /// A condition as stored: its kind, percentage in basis points (a whole percent) and
    /// months.
    pub fn from_stored(
        kind: &str,
        percent_bp: Option<i32>,
        months: Option<i32>,
    ) -> Result<Milestone, MilestoneError> {
        let percent = || {
            percent_bp
                .and_then(|bp| u32::try_from(bp).ok())
                .filter(|bp| bp % 100 == 0 && (100..=10_000).contains(bp))
                .map(|bp| bp / 100)
                .ok_or(MilestoneError::Percent)
        };
        match kind {
            "whole_group_assessed" => Ok(Milestone::WholeGroupAssessed),
            "final_account" => Ok(Milestone::FinalAccount),
            "results_share" => Ok(Milestone::ResultsShare {
                percent: percent()?,
            }),
            "activity_share" => Ok(Milestone::ActivityShare {
                percent: percent()?,
                months: months
                    .and_then(|m| u32::try_from(m).ok())
                    .filter(|m| (1..=MAX_MONTHS).contains(m))
                    .ok_or(MilestoneError::Months)?,
            }),
            other => Err(MilestoneError::UnknownKind(other.to_string())),
        }
    }
}

/// Every condition a rate can have, by name: the names an override refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConditionKind {
    /// The commitment is given (and active): every rate's first condition.
    OnCommitment,
    NotBefore,
    FinanceAct,
    WholeGroupAssessed,
    ActivityShare,
    ResultsShare,
    InterimAccount,
    FinalAccount,
}

impl ConditionKind {
    pub const ALL: &'static [ConditionKind] = &[
        ConditionKind::OnCommitment,
        ConditionKind::NotBefore,
        ConditionKind::FinanceAct,
        ConditionKind::WholeGroupAssessed,
        ConditionKind::ActivityShare,
        ConditionKind::ResultsShare,
        ConditionKind::InterimAccount,
        ConditionKind::FinalAccount,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ConditionKind::OnCommitment => "on_commitment",
            ConditionKind::NotBefore => "not_before",
            ConditionKind::FinanceAct => "finance_act",
            ConditionKind::WholeGroupAssessed => "whole_group_assessed",
            ConditionKind::ActivityShare => "activity_share",
            ConditionKind::ResultsShare => "results_share",
            ConditionKind::InterimAccount => "interim_account",
            ConditionKind::FinalAccount => "final_account",
        }
    }

    pub fn parse(s: &str) -> Option<ConditionKind> {
        Self::ALL.iter().copied().find(|k| k.as_str() == s)
    }

    /// Whether an officer may override it: never the commitment itself.
    pub fn can_override(self) -> bool {
        self != ConditionKind::OnCommitment
    }
}

/// One rate of a plan with all its conditions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatePlan {
    pub number: u8,
    pub share_basis_points: u32,
    /// Not before this Copenhagen date (from its midnight).
    pub not_before: Option<NaiveDate>,
    /// Only once the finance act of this year is registered as passed.
    pub finance_act_year: Option<i32>,
    /// The interim account (management-certified) must be approved first.
    pub interim_account: bool,
    pub milestones: Vec<Milestone>,
}

/// The instant a Copenhagen date begins, in UTC: 1 January 2018 is
/// 2017-12-31T23:00:00Z. Midnight exists on every Danish date (the clocks move at 02:00).
pub fn start_of_day(date: NaiveDate) -> DateTime<Utc> {
    let midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default();
    time::local_to_utc(midnight).unwrap_or_else(|_| midnight.and_utc())
}

/// A finance act as registered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinanceActFact {
    pub year: i32,
    pub passed_on: NaiveDate,
    pub reference: String,
}

/// An account of the commitment as far as a rate cares.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountFact {
    pub account_id: i64,
    /// The account's status word (`draft`, …, `approved`).
    pub status: String,
    /// `management` or `auditor`.
    pub certification: String,
    /// The version approved (its number), when approved.
    pub approved_version: Option<i32>,
    pub approved_at: Option<NaiveDateTime>,
}

impl AccountFact {
    pub fn approved(&self) -> bool {
        self.status == "approved"
    }
}

/// The facts about one commitment that a rate's conditions are checked against.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    pub commitment_active: bool,
    /// The whole gross target group assessed (the maintained totals).
    pub assessed: Option<AssessedFact>,
    /// Per month, the intervention group's share in company-oriented activity or
    /// ordinary hours (`g1_company_or_hours / group1`).
    pub activity_by_month: Vec<(Month, Share)>,
    /// Whether the pool reads an activity period month by month (else pooled).
    pub activity_each_month: bool,
    /// Per month, the intervention group's share with a result (`g1_outcome / group1`).
    pub results_by_month: Vec<(Month, Share)>,
    pub interim: Option<AccountFact>,
    pub final_account: Option<AccountFact>,
    pub finance_acts: BTreeMap<i32, FinanceActFact>,
    /// Conditions an approved override lets pass, with the override's id.
    pub overrides: BTreeMap<ConditionKind, i64>,
}

/// What a condition was checked on: the figures, months, account or finance act.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Evidence {
    OnCommitment {
        active: bool,
    },
    NotBefore {
        date: NaiveDate,
        /// The instant the date begins in Copenhagen, in UTC.
        from_utc: DateTime<Utc>,
    },
    FinanceAct {
        year: i32,
        registered: Option<FinanceActFact>,
    },
    WholeGroupAssessed {
        assessed: u64,
        gross: u64,
        short_by: u64,
    },
    ActivityShare {
        percent: u32,
        months: u32,
        each_month: bool,
        /// The first qualifying period's last month (YYYY-MM), when met.
        since: Option<String>,
        /// The months of that period with their counts (`num`, `den`).
        run: Vec<MonthShare>,
        /// The latest months checked, with their counts.
        latest: Vec<MonthShare>,
    },
    ResultsShare {
        percent: u32,
        /// The first month at or over the threshold (YYYY-MM).
        since: Option<String>,
        best: Option<MonthShare>,
    },
    Account {
        account: Option<AccountFact>,
    },
}

/// One month's share as counts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthShare {
    pub month: String,
    pub num: u64,
    pub den: u64,
}

impl MonthShare {
    fn of(month: Month, share: Share) -> MonthShare {
        MonthShare {
            month: month.key(),
            num: share.num(),
            den: share.den(),
        }
    }
}

/// One condition checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub condition: ConditionKind,
    /// Met on its own evidence.
    pub met: bool,
    /// Not met, but an approved override (this id) lets it pass.
    pub overridden_by: Option<i64>,
    pub evidence: Evidence,
}

impl Check {
    /// Met, or passed by an approved override.
    pub fn passes(&self) -> bool {
        self.met || self.overridden_by.is_some()
    }
}

/// A rate's conditions checked at an instant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gate {
    pub checks: Vec<Check>,
    /// The instant the rate's date allows it (start of its not-before date), if it has one.
    pub not_before_utc: Option<DateTime<Utc>>,
    /// Whether that instant is still to come.
    pub before_date: bool,
}

impl Gate {
    /// Every condition passes: the rate may be prepared.
    pub fn open(&self) -> bool {
        self.checks.iter().all(Check::passes)
    }

    /// The conditions that do not pass, in order.
    pub fn missing(&self) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(|c| !c.passes())
    }
}

fn threshold_met(share: Share, percent: u32) -> bool {
    share.at_least_percent(percent)
}

/// Checks every condition of `rate` against `facts` at `now`.
pub fn evaluate(rate: &RatePlan, facts: &Facts, now: DateTime<Utc>) -> Gate {
    let mut checks = vec![Check {
        condition: ConditionKind::OnCommitment,
        met: facts.commitment_active,
        overridden_by: None,
        evidence: Evidence::OnCommitment {
            active: facts.commitment_active,
        },
    }];
    let mut push = |condition: ConditionKind, met: bool, evidence: Evidence| {
        let overridden_by = if met {
            None
        } else {
            facts.overrides.get(&condition).copied()
        };
        checks.push(Check {
            condition,
            met,
            overridden_by,
            evidence,
        });
    };
    let not_before_utc = rate.not_before.map(start_of_day);
    if let (Some(date), Some(from_utc)) = (rate.not_before, not_before_utc) {
        push(
            ConditionKind::NotBefore,
            now >= from_utc,
            Evidence::NotBefore { date, from_utc },
        );
    }
    if let Some(year) = rate.finance_act_year {
        let registered = facts.finance_acts.get(&year).cloned();
        push(
            ConditionKind::FinanceAct,
            registered.is_some(),
            Evidence::FinanceAct { year, registered },
        );
    }
    if rate.interim_account {
        let account = facts.interim.clone();
        push(
            ConditionKind::InterimAccount,
            account.as_ref().is_some_and(AccountFact::approved),
            Evidence::Account { account },
        );
    }
    for m in &rate.milestones {
        match *m {
            Milestone::WholeGroupAssessed => {
                let fact = facts
                    .assessed
                    .clone()
                    .unwrap_or_else(|| milestones::whole_group_assessed_count(0, 0));
                push(
                    ConditionKind::WholeGroupAssessed,
                    fact.met,
                    Evidence::WholeGroupAssessed {
                        assessed: fact.assessed,
                        gross: fact.gross,
                        short_by: fact.short_by,
                    },
                );
            }
            Milestone::ActivityShare { percent, months } => {
                let fact = activity(facts, percent, months);
                let latest = fact
                    .months_checked
                    .iter()
                    .rev()
                    .take(usize::try_from(months).unwrap_or(3).max(3))
                    .rev()
                    .map(|&(m, s, _)| MonthShare::of(m, s))
                    .collect();
                push(
                    ConditionKind::ActivityShare,
                    fact.met,
                    Evidence::ActivityShare {
                        percent,
                        months,
                        each_month: facts.activity_each_month,
                        since: fact.since.map(Month::key),
                        run: fact
                            .run
                            .iter()
                            .map(|&(m, s)| MonthShare::of(m, s))
                            .collect(),
                        latest,
                    },
                );
            }
            Milestone::ResultsShare { percent } => {
                let mut by_month = facts.results_by_month.clone();
                by_month.sort_by_key(|(m, _)| *m);
                let since = by_month
                    .iter()
                    .find(|(_, s)| threshold_met(*s, percent))
                    .map(|(m, _)| *m);
                let best = by_month
                    .iter()
                    .filter(|(_, s)| s.den() > 0)
                    .max_by(|a, b| {
                        (u128::from(a.1.num()) * u128::from(b.1.den()))
                            .cmp(&(u128::from(b.1.num()) * u128::from(a.1.den())))
                    })
                    .map(|&(m, s)| MonthShare::of(m, s));
                push(
                    ConditionKind::ResultsShare,
                    since.is_some(),
                    Evidence::ResultsShare {
                        percent,
                        since: since.map(Month::key),
                        best,
                    },
                );
            }
            Milestone::FinalAccount => {
                let account = facts.final_account.clone();
                push(
                    ConditionKind::FinalAccount,
                    account.as_ref().is_some_and(AccountFact::approved),
                    Evidence::Account { account },
                );
            }
        }
    }
    Gate {
        before_date: not_before_utc.is_some_and(|t| now < t),
        not_before_utc,
        checks,
    }
}

fn activity(facts: &Facts, percent: u32, months: u32) -> ActivityFact {
    let rule = ThreeMonthRule::new(months.max(1), percent.min(100), facts.activity_each_month)
        .unwrap_or_default();
    milestones::intervention_activity(&rule, &facts.activity_by_month)
}

status_enum! {
    /// Where a payout is (`payouts.status`): prepared, approved by a second officer, in a
    /// batch for the finance system, paid; or rejected or cancelled before it left.
    PayoutStatus, "payout" {
        Prepared => "prepared",
        Approved => "approved",
        Exported => "exported",
        Paid => "paid",
        Rejected => "rejected",
        Cancelled => "cancelled",
    }
}

impl PayoutStatus {
    /// Still on its way to being paid, or paid: the one live payout of its rate.
    pub fn is_live(self) -> bool {
        !matches!(self, PayoutStatus::Rejected | PayoutStatus::Cancelled)
    }
}

/// The state a rate is shown in, and the API's word for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RateState {
    /// Its date has not come.
    NotDue,
    /// Its date has come (or it has none), but a condition is not met.
    ConditionsNotMet,
    /// Every condition is met: the municipality may request it.
    Payable,
    /// The municipality asked for it.
    Requested,
    /// An officer prepared the payout.
    Prepared,
    /// A second officer approved it.
    Approved,
    /// It is in a batch sent to the state's finance system.
    Exported,
    Paid,
    Cancelled,
}

impl RateState {
    pub const ALL: &'static [RateState] = &[
        RateState::NotDue,
        RateState::ConditionsNotMet,
        RateState::Payable,
        RateState::Requested,
        RateState::Prepared,
        RateState::Approved,
        RateState::Exported,
        RateState::Paid,
        RateState::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RateState::NotDue => "not_due",
            RateState::ConditionsNotMet => "conditions_not_met",
            RateState::Payable => "payable",
            RateState::Requested => "requested",
            RateState::Prepared => "prepared",
            RateState::Approved => "approved",
            RateState::Exported => "exported",
            RateState::Paid => "paid",
            RateState::Cancelled => "cancelled",
        }
    }

    /// The catalogue key of its name.
    pub fn key(self) -> String {
        format!("rate-state-{}", self.as_str().replace('_', "-"))
    }

    /// A stored rate's state: its stored status first, then its live payout, an open
    /// request, and last its conditions at the instant the gate was checked.
    pub fn of(
        stored: RateStatus,
        payout: Option<PayoutStatus>,
        open_request: bool,
        gate: &Gate,
    ) -> RateState {
        match (stored, payout.filter(|p| p.is_live())) {
            (RateStatus::Paid, _) => RateState::Paid,
            (RateStatus::Cancelled, _) => RateState::Cancelled,
            (RateStatus::Pending, Some(PayoutStatus::Paid | PayoutStatus::Exported)) => {
                RateState::Exported
            }
            (RateStatus::Pending, Some(PayoutStatus::Approved)) => RateState::Approved,
            (RateStatus::Pending, Some(_)) => RateState::Prepared,
            (RateStatus::Pending, None) if open_request => RateState::Requested,
            (RateStatus::Pending, None) if gate.before_date => RateState::NotDue,
            (RateStatus::Pending, None) if !gate.open() => RateState::ConditionsNotMet,
            (RateStatus::Pending, None) => RateState::Payable,
        }
    }

    /// Money that has left or is approved to leave.
    pub fn is_committed_to_pay(self) -> bool {
        matches!(
            self,
            RateState::Approved | RateState::Exported | RateState::Paid
        )
    }
}

/// The payment reference of a commitment's rate, fixed for it (at most 27 characters,
/// what the state's finance system takes): the commitment letter's number and the rate,
/// e.g. `T1-615-R2`.
pub fn payment_reference(letter_no: &str, rate_no: i32) -> String {
    let reference = format!("{letter_no}-R{rate_no}");
    reference.chars().take(PAYMENT_REFERENCE_MAX).collect()
}

/// The longest payment reference the state's finance system takes.
pub const PAYMENT_REFERENCE_MAX: usize = 27;

/// The conditions a plan's rates have, as a set, to say which overrides make sense.
pub fn conditions_of(rate: &RatePlan) -> BTreeSet<ConditionKind> {
    let mut set: BTreeSet<ConditionKind> = rate.milestones.iter().map(|m| m.condition()).collect();
    if rate.not_before.is_some() {
        set.insert(ConditionKind::NotBefore);
    }
    if rate.finance_act_year.is_some() {
        set.insert(ConditionKind::FinanceAct);
    }
    if rate.interim_account {
        set.insert(ConditionKind::InterimAccount);
    }
    set
}

/// The plan of "Flere skal med" (`002`, "Udbetaling"): 30 % on commitment; 40 % when the
/// whole gross target group is assessed and the management-certified interim account
/// of rate 1 is approved, not before 1 January 2018 and the finance act 2018; 30 % when
/// at least 40 % of the intervention group was active over 3 months, not before
/// 1 January 2019 and the finance act 2019.
pub fn flere_skal_med_plan() -> Vec<RatePlan> {
    vec![
        RatePlan {
            number: 1,
            share_basis_points: 3_000,
            not_before: None,
            finance_act_year: None,
            interim_account: false,
            milestones: vec![],
        },
        RatePlan {
            number: 2,
            share_basis_points: 4_000,
            not_before: NaiveDate::from_ymd_opt(2018, 1, 1),
            finance_act_year: Some(2018),
            interim_account: true,
            milestones: vec![Milestone::WholeGroupAssessed],
        },
        RatePlan {
            number: 3,
            share_basis_points: 3_000,
            not_before: NaiveDate::from_ymd_opt(2019, 1, 1),
            finance_act_year: Some(2019),
            interim_account: false,
            milestones: vec![Milestone::ActivityShare {
                percent: 40,
                months: 3,
            }],
        },
    ]
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use proptest::prelude::*;

    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, s).unwrap()
    }

    fn month(y: i32, m: u32) -> Month {
        Month::new(y, m).unwrap()
    }

    fn share(num: u64, den: u64) -> Share {
        Share::new(num, den).unwrap()
    }

    /// A rate of 100 % with no condition but the commitment.
    fn rate() -> RatePlan {
        RatePlan {
            number: 1,
            share_basis_points: 10_000,
            not_before: None,
            finance_act_year: None,
            interim_account: false,
            milestones: vec![],
        }
    }

    fn active() -> Facts {
        Facts {
            commitment_active: true,
            ..Facts::default()
        }
    }

    fn act(year: i32) -> FinanceActFact {
        FinanceActFact {
            year,
            passed_on: day(year - 1, 12, 20),
            reference: format!("Finansloven for {year}"),
        }
    }

    fn account(status: &str) -> AccountFact {
        AccountFact {
            account_id: 7,
            status: status.into(),
            certification: "management".into(),
            approved_version: (status == "approved").then_some(1),
            approved_at: None,
        }
    }

    fn check(gate: &Gate, kind: ConditionKind) -> &Check {
        gate.checks
            .iter()
            .find(|c| c.condition == kind)
            .unwrap_or_else(|| panic!("{kind:?} checked in {gate:?}"))
    }

    fn met(rate: &RatePlan, facts: &Facts, now: DateTime<Utc>, kind: ConditionKind) -> bool {
        check(&evaluate(rate, facts, now), kind).met
    }

    fn later() -> DateTime<Utc> {
        utc(2030, 1, 1, 0, 0, 0)
    }

    fn not_before(date: NaiveDate) -> RatePlan {
        RatePlan {
            not_before: Some(date),
            ..rate()
        }
    }

    #[test]
    fn a_copenhagen_date_begins_at_its_midnight_in_winter_and_in_summer() {
        assert_eq!(start_of_day(day(2018, 1, 1)), utc(2017, 12, 31, 23, 0, 0));
        assert_eq!(start_of_day(day(2018, 7, 1)), utc(2018, 6, 30, 22, 0, 0));
        // The nights the clocks move: midnight is still there, an hour before the change.
        assert_eq!(start_of_day(day(2018, 3, 25)), utc(2018, 3, 24, 23, 0, 0));
        assert_eq!(start_of_day(day(2018, 10, 28)), utc(2018, 10, 27, 22, 0, 0));
    }

    #[test]
    fn rate_two_is_not_payable_before_january_2018_in_copenhagen() {
        let r = not_before(day(2018, 1, 1));
        let f = active();
        // The day before, at noon in Copenhagen, and the day itself.
        assert!(!met(
            &r,
            &f,
            utc(2017, 12, 31, 11, 0, 0),
            ConditionKind::NotBefore
        ));
        assert!(met(
            &r,
            &f,
            utc(2018, 1, 1, 11, 0, 0),
            ConditionKind::NotBefore
        ));
        // One second before midnight in Copenhagen (22:59:59Z) and midnight (23:00Z),
        // though the UTC date is still 31 December.
        let before = evaluate(&r, &f, utc(2017, 12, 31, 22, 59, 59));
        assert!(before.before_date && !before.open());
        assert_eq!(before.not_before_utc, Some(utc(2017, 12, 31, 23, 0, 0)));
        let at = evaluate(&r, &f, utc(2017, 12, 31, 23, 0, 0));
        assert!(!at.before_date && at.open());
        match &check(&at, ConditionKind::NotBefore).evidence {
            Evidence::NotBefore { date, from_utc } => {
                assert_eq!(*date, day(2018, 1, 1));
                assert_eq!(*from_utc, utc(2017, 12, 31, 23, 0, 0));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_summer_date_begins_two_hours_before_utc_midnight() {
        let r = not_before(day(2019, 7, 1));
        let f = active();
        assert!(!met(
            &r,
            &f,
            utc(2019, 6, 30, 10, 0, 0),
            ConditionKind::NotBefore
        ));
        assert!(!met(
            &r,
            &f,
            utc(2019, 6, 30, 21, 59, 59),
            ConditionKind::NotBefore
        ));
        assert!(met(
            &r,
            &f,
            utc(2019, 6, 30, 22, 0, 0),
            ConditionKind::NotBefore
        ));
        assert!(met(
            &r,
            &f,
            utc(2019, 7, 1, 10, 0, 0),
            ConditionKind::NotBefore
        ));
    }

    #[test]
    fn a_rate_waits_for_its_finance_act_to_be_registered() {
        let r = RatePlan {
            finance_act_year: Some(2018),
            ..rate()
        };
        let mut f = active();
        let gate = evaluate(&r, &f, later());
        assert!(!gate.open());
        assert_eq!(
            check(&gate, ConditionKind::FinanceAct).evidence,
            Evidence::FinanceAct {
                year: 2018,
                registered: None
            }
        );
        // Another year's act does not count.
        f.finance_acts.insert(2019, act(2019));
        assert!(!evaluate(&r, &f, later()).open());
        f.finance_acts.insert(2018, act(2018));
        let gate = evaluate(&r, &f, later());
        assert!(gate.open());
        assert_eq!(
            check(&gate, ConditionKind::FinanceAct).evidence,
            Evidence::FinanceAct {
                year: 2018,
                registered: Some(act(2018))
            }
        );
    }

    #[test]
    fn the_whole_target_group_is_assessed_at_the_gross_figure_not_one_short() {
        let r = RatePlan {
            milestones: vec![Milestone::WholeGroupAssessed],
            ..rate()
        };
        let mut f = active();
        assert!(
            !met(&r, &f, later(), ConditionKind::WholeGroupAssessed),
            "no figures"
        );
        f.assessed = Some(milestones::whole_group_assessed_count(320, 319));
        let gate = evaluate(&r, &f, later());
        assert!(!gate.open());
        assert_eq!(
            check(&gate, ConditionKind::WholeGroupAssessed).evidence,
            Evidence::WholeGroupAssessed {
                assessed: 319,
                gross: 320,
                short_by: 1
            }
        );
        f.assessed = Some(milestones::whole_group_assessed_count(320, 320));
        assert!(evaluate(&r, &f, later()).open());
    }

    fn activity_rate(percent: u32, months: u32) -> RatePlan {
        RatePlan {
            milestones: vec![Milestone::ActivityShare { percent, months }],
            ..rate()
        }
    }

    fn activity(each_month: bool, shares: &[(u64, u64)]) -> Facts {
        Facts {
            activity_by_month: shares
                .iter()
                .enumerate()
                .map(|(i, &(n, d))| (month(2018, u32::try_from(i).unwrap() + 1), share(n, d)))
                .collect(),
            activity_each_month: each_month,
            ..active()
        }
    }

    #[test]
    fn exactly_40_percent_active_meets_40_percent_and_39_9_does_not() {
        let r = activity_rate(40, 1);
        for each in [true, false] {
            assert!(met(
                &r,
                &activity(each, &[(400, 1000)]),
                later(),
                ConditionKind::ActivityShare
            ));
            assert!(!met(
                &r,
                &activity(each, &[(399, 1000)]),
                later(),
                ConditionKind::ActivityShare
            ));
        }
    }

    #[test]
    fn each_month_reading_needs_all_three_months_not_two() {
        let r = activity_rate(40, 3);
        let two = activity(true, &[(400, 1000), (500, 1000), (399, 1000)]);
        let gate = evaluate(&r, &two, later());
        assert!(!gate.open());
        match &check(&gate, ConditionKind::ActivityShare).evidence {
            Evidence::ActivityShare {
                since,
                run,
                latest,
                each_month,
                ..
            } => {
                assert_eq!(*since, None);
                assert!(run.is_empty());
                assert_eq!(latest.len(), 3);
                assert_eq!(latest[2].num, 399);
                assert!(*each_month);
            }
            other => panic!("{other:?}"),
        }
        let three = activity(true, &[(400, 1000), (500, 1000), (400, 1000)]);
        let gate = evaluate(&r, &three, later());
        assert!(gate.open());
        match &check(&gate, ConditionKind::ActivityShare).evidence {
            Evidence::ActivityShare { since, run, .. } => {
                assert_eq!(since.as_deref(), Some("2018-03"));
                assert_eq!(run.len(), 3);
            }
            other => panic!("{other:?}"),
        }
        // Two months over and a month missing between them and the third: no period.
        let gap = Facts {
            activity_by_month: vec![
                (month(2018, 1), share(400, 1000)),
                (month(2018, 2), share(400, 1000)),
                (month(2018, 4), share(400, 1000)),
            ],
            ..activity(true, &[])
        };
        assert!(!met(&r, &gap, later(), ConditionKind::ActivityShare));
    }

    #[test]
    fn the_pooled_reading_adds_up_the_three_months() {
        let r = activity_rate(40, 3);
        // 500 + 300 + 400 of 3000 is exactly 40 %: pooled yes, each month no.
        let shares = [(500, 1000), (300, 1000), (400, 1000)];
        assert!(met(
            &r,
            &activity(false, &shares),
            later(),
            ConditionKind::ActivityShare
        ));
        assert!(!met(
            &r,
            &activity(true, &shares),
            later(),
            ConditionKind::ActivityShare
        ));
        // 1199 of 3000 is 39.97 %.
        let short = [(500, 1000), (299, 1000), (400, 1000)];
        assert!(!met(
            &r,
            &activity(false, &short),
            later(),
            ConditionKind::ActivityShare
        ));
        // Two months pooled are not a period of three.
        let two = [(1000, 1000), (1000, 1000)];
        assert!(!met(
            &r,
            &activity(false, &two),
            later(),
            ConditionKind::ActivityShare
        ));
    }

    fn results(shares: &[(u64, u64)]) -> Facts {
        Facts {
            results_by_month: shares
                .iter()
                .enumerate()
                .map(|(i, &(n, d))| (month(2019, u32::try_from(i).unwrap() + 1), share(n, d)))
                .collect(),
            ..active()
        }
    }

    #[test]
    fn results_threshold_is_met_in_one_month_at_exactly_the_percent() {
        let r = RatePlan {
            milestones: vec![Milestone::ResultsShare { percent: 40 }],
            ..rate()
        };
        let gate = evaluate(&r, &results(&[(100, 1000), (399, 1000)]), later());
        assert!(!gate.open());
        match &check(&gate, ConditionKind::ResultsShare).evidence {
            Evidence::ResultsShare { since, best, .. } => {
                assert_eq!(*since, None);
                assert_eq!(best.as_ref().map(|b| b.num), Some(399));
            }
            other => panic!("{other:?}"),
        }
        let gate = evaluate(
            &r,
            &results(&[(100, 1000), (400, 1000), (50, 1000)]),
            later(),
        );
        assert!(gate.open());
        match &check(&gate, ConditionKind::ResultsShare).evidence {
            Evidence::ResultsShare { since, .. } => {
                assert_eq!(since.as_deref(), Some("2019-02"));
            }
            other => panic!("{other:?}"),
        }
        // No one to count is no result.
        assert!(!evaluate(&r, &results(&[(0, 0)]), later()).open());
    }

    #[test]
    fn the_interim_account_must_be_approved_not_just_submitted() {
        let r = RatePlan {
            interim_account: true,
            ..rate()
        };
        let mut f = active();
        assert!(!met(&r, &f, later(), ConditionKind::InterimAccount), "none");
        f.interim = Some(account("submitted"));
        assert!(!met(&r, &f, later(), ConditionKind::InterimAccount));
        f.interim = Some(account("approved"));
        let gate = evaluate(&r, &f, later());
        assert!(gate.open());
        assert_eq!(
            check(&gate, ConditionKind::InterimAccount).evidence,
            Evidence::Account {
                account: Some(account("approved"))
            }
        );
        // The final account does not stand in for the interim one.
        let only_final = Facts {
            final_account: Some(account("approved")),
            ..active()
        };
        assert!(!evaluate(&r, &only_final, later()).open());
    }

    #[test]
    fn the_final_account_condition_reads_the_final_account() {
        let r = RatePlan {
            milestones: vec![Milestone::FinalAccount],
            ..rate()
        };
        let mut f = active();
        f.interim = Some(account("approved"));
        assert!(!evaluate(&r, &f, later()).open());
        f.final_account = Some(account("approved"));
        assert!(evaluate(&r, &f, later()).open());
    }

    #[test]
    fn an_approved_override_lets_a_failed_condition_pass_and_says_so() {
        let r = RatePlan {
            finance_act_year: Some(2018),
            milestones: vec![Milestone::WholeGroupAssessed],
            ..rate()
        };
        let mut f = active();
        f.overrides.insert(ConditionKind::FinanceAct, 41);
        let gate = evaluate(&r, &f, later());
        let fa = check(&gate, ConditionKind::FinanceAct);
        assert!(!fa.met && fa.passes());
        assert_eq!(fa.overridden_by, Some(41));
        assert!(!gate.open(), "the other condition still fails");
        assert_eq!(
            gate.missing().map(|c| c.condition).collect::<Vec<_>>(),
            [ConditionKind::WholeGroupAssessed]
        );
        f.overrides.insert(ConditionKind::WholeGroupAssessed, 42);
        assert!(evaluate(&r, &f, later()).open());
        // A met condition is met on its own evidence, not by the override.
        f.finance_acts.insert(2018, act(2018));
        let gate = evaluate(&r, &f, later());
        assert_eq!(check(&gate, ConditionKind::FinanceAct).overridden_by, None);
    }

    #[test]
    fn nothing_overrides_the_commitment_itself() {
        let mut f = Facts::default();
        f.overrides.insert(ConditionKind::OnCommitment, 1);
        let gate = evaluate(&rate(), &f, later());
        assert!(!gate.open());
        assert_eq!(
            check(&gate, ConditionKind::OnCommitment).overridden_by,
            None
        );
        assert!(!ConditionKind::OnCommitment.can_override());
        assert!(ConditionKind::ALL[1..].iter().all(|k| k.can_override()));
    }

    #[test]
    fn the_flere_skal_med_plan_pays_rate_two_only_when_everything_is_in() {
        let plan = flere_skal_med_plan();
        assert_eq!(
            plan.iter().map(|r| r.share_basis_points).sum::<u32>(),
            10_000
        );
        let r2 = &plan[1];
        let mut f = active();
        f.assessed = Some(milestones::whole_group_assessed_count(320, 320));
        f.interim = Some(account("approved"));
        f.finance_acts.insert(2018, act(2018));
        let at = utc(2017, 12, 31, 23, 0, 0);
        assert!(evaluate(r2, &f, at).open());
        assert!(!evaluate(r2, &f, at - chrono::Duration::seconds(1)).open());
        assert_eq!(
            conditions_of(r2).into_iter().collect::<Vec<_>>(),
            [
                ConditionKind::NotBefore,
                ConditionKind::FinanceAct,
                ConditionKind::WholeGroupAssessed,
                ConditionKind::InterimAccount
            ]
        );
        // Rate 1 needs nothing but the commitment.
        assert_eq!(
            evaluate(&plan[0], &active(), utc(2017, 6, 1, 0, 0, 0))
                .checks
                .len(),
            1
        );
    }

    fn gate_at(rate: &RatePlan, facts: &Facts, now: DateTime<Utc>) -> Gate {
        evaluate(rate, facts, now)
    }

    #[test]
    fn a_rates_state_is_paid_then_cancelled_then_its_payout_then_the_request_then_the_gate() {
        let open = gate_at(&rate(), &active(), later());
        let closed = gate_at(&rate(), &Facts::default(), later());
        let early = gate_at(
            &not_before(day(2018, 1, 1)),
            &active(),
            utc(2017, 1, 1, 0, 0, 0),
        );
        assert!(open.open() && !closed.open() && early.before_date);
        use PayoutStatus as P;
        use RateState as S;
        use RateStatus as R;
        // A paid or cancelled rate is that, whatever else.
        for gate in [&open, &closed, &early] {
            for payout in [None, Some(P::Prepared), Some(P::Paid), Some(P::Rejected)] {
                for request in [false, true] {
                    assert_eq!(RateState::of(R::Paid, payout, request, gate), S::Paid);
                    assert_eq!(
                        RateState::of(R::Cancelled, payout, request, gate),
                        S::Cancelled
                    );
                }
            }
        }
        // A live payout comes before a request and the gate.
        for gate in [&open, &closed, &early] {
            for request in [false, true] {
                let of = |p| RateState::of(R::Pending, Some(p), request, gate);
                assert_eq!(of(P::Prepared), S::Prepared);
                assert_eq!(of(P::Approved), S::Approved);
                assert_eq!(of(P::Exported), S::Exported);
                // Paid in its batch, the rate's own row not yet: still on its way.
                assert_eq!(of(P::Paid), S::Exported);
                // A rejected or cancelled payout is no payout.
                assert_eq!(
                    of(P::Rejected),
                    if request {
                        S::Requested
                    } else {
                        RateState::of(R::Pending, None, false, gate)
                    }
                );
                assert_eq!(of(P::Cancelled), of(P::Rejected));
            }
            assert_eq!(RateState::of(R::Pending, None, true, gate), S::Requested);
        }
        // Then its date, then its conditions.
        assert_eq!(RateState::of(R::Pending, None, false, &early), S::NotDue);
        assert_eq!(
            RateState::of(R::Pending, None, false, &closed),
            S::ConditionsNotMet
        );
        assert_eq!(RateState::of(R::Pending, None, false, &open), S::Payable);
        // Before its date and failing a condition too: not due.
        let early_closed = gate_at(
            &not_before(day(2018, 1, 1)),
            &Facts::default(),
            utc(2017, 1, 1, 0, 0, 0),
        );
        assert_eq!(
            RateState::of(R::Pending, None, false, &early_closed),
            S::NotDue
        );
        assert!(S::Approved.is_committed_to_pay() && !S::Prepared.is_committed_to_pay());
        assert_eq!(S::ConditionsNotMet.key(), "rate-state-conditions-not-met");
    }

    #[test]
    fn stored_conditions_read_back_as_written_and_bad_ones_are_refused() {
        for m in [
            Milestone::WholeGroupAssessed,
            Milestone::ActivityShare {
                percent: 40,
                months: 3,
            },
            Milestone::ActivityShare {
                percent: 100,
                months: 36,
            },
            Milestone::ResultsShare { percent: 1 },
            Milestone::FinalAccount,
        ] {
            let (bp, months) = m.stored();
            assert_eq!(Milestone::from_stored(m.kind(), bp, months), Ok(m));
        }
        let bad = |kind, bp, months| Milestone::from_stored(kind, bp, months).unwrap_err();
        assert_eq!(
            bad("activity_share", Some(4050), Some(3)),
            MilestoneError::Percent
        );
        assert_eq!(
            bad("activity_share", Some(0), Some(3)),
            MilestoneError::Percent
        );
        assert_eq!(
            bad("results_share", Some(10_100), None),
            MilestoneError::Percent
        );
        assert_eq!(
            bad("activity_share", Some(4000), Some(37)),
            MilestoneError::Months
        );
        assert_eq!(
            bad("activity_share", Some(4000), None),
            MilestoneError::Months
        );
        assert!(matches!(
            bad("weather", None, None),
            MilestoneError::UnknownKind(_)
        ));
    }

    fn arb_date() -> impl Strategy<Value = NaiveDate> {
        (2017i32..2021, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| day(y, m, d))
    }

    fn arb_now() -> impl Strategy<Value = DateTime<Utc>> {
        // 2016-12-01 .. 2021-02-01, to the second.
        (1_480_550_400i64..1_612_137_600).prop_map(|s| Utc.timestamp_opt(s, 0).unwrap())
    }

    fn arb_milestones() -> impl Strategy<Value = Vec<Milestone>> {
        (
            any::<bool>(),
            proptest::option::of((1u32..=100, 1u32..=4)),
            proptest::option::of(1u32..=100),
            any::<bool>(),
        )
            .prop_map(|(whole, activity, results, last)| {
                let mut v = Vec::new();
                if whole {
                    v.push(Milestone::WholeGroupAssessed);
                }
                if let Some((percent, months)) = activity {
                    v.push(Milestone::ActivityShare { percent, months });
                }
                if let Some(percent) = results {
                    v.push(Milestone::ResultsShare { percent });
                }
                if last {
                    v.push(Milestone::FinalAccount);
                }
                v
            })
    }

    fn arb_rate() -> impl Strategy<Value = RatePlan> {
        (
            proptest::option::of(arb_date()),
            proptest::option::of(2017i32..=2020),
            any::<bool>(),
            arb_milestones(),
        )
            .prop_map(
                |(not_before, finance_act_year, interim_account, milestones)| RatePlan {
                    number: 2,
                    share_basis_points: 4_000,
                    not_before,
                    finance_act_year,
                    interim_account,
                    milestones,
                },
            )
    }

    fn arb_account() -> impl Strategy<Value = Option<AccountFact>> {
        proptest::option::of(prop_oneof![Just("submitted"), Just("approved")].prop_map(account))
    }

    fn arb_shares() -> impl Strategy<Value = Vec<(Month, Share)>> {
        proptest::collection::vec((0u64..=10, 1u64..=10), 0..6).prop_map(|v| {
            v.into_iter()
                .enumerate()
                .map(|(i, (n, d))| {
                    (
                        month(2018, u32::try_from(i).unwrap() + 1),
                        share(n.min(d), d),
                    )
                })
                .collect()
        })
    }

    fn arb_facts() -> impl Strategy<Value = Facts> {
        (
            any::<bool>(),
            proptest::option::of((0u64..5, 0u64..5)),
            arb_shares(),
            any::<bool>(),
            arb_shares(),
            arb_account(),
            arb_account(),
            proptest::collection::btree_set(2017i32..=2020, 0..3),
            proptest::collection::btree_set(proptest::sample::select(ConditionKind::ALL), 0..3),
        )
            .prop_map(
                |(active, assessed, activity, each, results, interim, last, acts, overrides)| {
                    Facts {
                        commitment_active: active,
                        assessed: assessed
                            .map(|(g, a)| milestones::whole_group_assessed_count(g, a)),
                        activity_by_month: activity,
                        activity_each_month: each,
                        results_by_month: results,
                        interim,
                        final_account: last,
                        finance_acts: acts.into_iter().map(|y| (y, act(y))).collect(),
                        overrides: overrides.into_iter().zip(1..).collect(),
                    }
                },
            )
    }

    /// Each condition decided again from the facts, the plain way.
    fn holds(rate: &RatePlan, f: &Facts, now: DateTime<Utc>, kind: ConditionKind) -> bool {
        let approved = |a: &Option<AccountFact>| a.as_ref().is_some_and(|a| a.status == "approved");
        let overridden = kind != ConditionKind::OnCommitment && f.overrides.contains_key(&kind);
        overridden
            || match kind {
                ConditionKind::OnCommitment => f.commitment_active,
                ConditionKind::NotBefore => rate.not_before.is_none_or(|d| now >= start_of_day(d)),
                ConditionKind::FinanceAct => rate
                    .finance_act_year
                    .is_none_or(|y| f.finance_acts.contains_key(&y)),
                ConditionKind::InterimAccount => !rate.interim_account || approved(&f.interim),
                ConditionKind::FinalAccount => {
                    !rate.milestones.contains(&Milestone::FinalAccount)
                        || approved(&f.final_account)
                }
                ConditionKind::WholeGroupAssessed => {
                    !rate.milestones.contains(&Milestone::WholeGroupAssessed)
                        || f.assessed
                            .as_ref()
                            .is_some_and(|a| a.gross > 0 && a.assessed >= a.gross)
                }
                ConditionKind::ResultsShare => rate.milestones.iter().all(|m| match m {
                    Milestone::ResultsShare { percent } => {
                        f.results_by_month.iter().any(|(_, s)| {
                            s.den() > 0 && s.num() * 100 >= u64::from(*percent) * s.den()
                        })
                    }
                    _ => true,
                }),
                ConditionKind::ActivityShare => rate.milestones.iter().all(|m| match m {
                    Milestone::ActivityShare { percent, months } => {
                        let n = usize::try_from(*months).unwrap();
                        let ok = |s: &Share| {
                            s.den() > 0 && s.num() * 100 >= u64::from(*percent) * s.den()
                        };
                        // The months are consecutive from January: any window of `n`.
                        f.activity_by_month.windows(n).any(|w| {
                            if f.activity_each_month {
                                w.iter().all(|(_, s)| ok(s))
                            } else {
                                ok(&Share::pooled(w.iter().map(|(_, s)| *s)))
                            }
                        })
                    }
                    _ => true,
                }),
            }
    }

    proptest! {
        #[test]
        fn the_gate_is_open_iff_every_condition_holds(
            rate in arb_rate(),
            facts in arb_facts(),
            now in arb_now(),
        ) {
            let gate = evaluate(&rate, &facts, now);
            let checked: BTreeSet<ConditionKind> = gate.checks.iter().map(|c| c.condition).collect();
            let mut expected = conditions_of(&rate);
            expected.insert(ConditionKind::OnCommitment);
            prop_assert_eq!(&checked, &expected, "every condition of the rate is checked, once");
            prop_assert_eq!(gate.checks.len(), expected.len());
            for c in &gate.checks {
                prop_assert_eq!(c.passes(), holds(&rate, &facts, now, c.condition), "{:?}", c);
                prop_assert!(!(c.met && c.overridden_by.is_some()));
            }
            prop_assert_eq!(
                gate.open(),
                ConditionKind::ALL.iter().all(|&k| holds(&rate, &facts, now, k))
            );
            prop_assert_eq!(gate.open(), gate.missing().next().is_none());
        }

        #[test]
        fn a_rate_before_its_date_is_never_payable(
            rate in arb_rate(),
            date in arb_date(),
            facts in arb_facts(),
            seconds_before in 1i64..400 * 86_400,
            request in any::<bool>(),
        ) {
            let rate = RatePlan { not_before: Some(date), ..rate };
            let now = start_of_day(date) - chrono::Duration::seconds(seconds_before);
            let gate = evaluate(&rate, &facts, now);
            prop_assert!(gate.before_date);
            let state = RateState::of(RateStatus::Pending, None, request, &gate);
            prop_assert_ne!(state, RateState::Payable);
            prop_assert!(state == RateState::NotDue || state == RateState::Requested);
            // From its first second on, its date no longer holds it back.
            let from = evaluate(&rate, &facts, start_of_day(date));
            prop_assert!(!from.before_date);
            prop_assert!(check(&from, ConditionKind::NotBefore).met);
        }
    }
}
