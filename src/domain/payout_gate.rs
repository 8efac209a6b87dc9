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
