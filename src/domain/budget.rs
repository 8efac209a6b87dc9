//! The application's budget (budget) and the commitment's split by year: what a finance
//! person must get right before an application can be submitted or approved.

use thiserror::Error;

use super::money::{Ore, SumTooLarge};

/// The cost items of the pool announcement (tilskudsberettigede udgifter).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CostItem {
    /// Salaries of caseworkers, job brokers and company consultants.
    CaseworkerSalaries,
    /// Salaries of staff doing social and health work.
    SocialHealthSalaries,
    /// Project management (projektledelse).
    ProjectManagement,
    /// Progression modules bought from IT vendors.
    ProgressionTools,
    Other,
}

impl CostItem {
    pub const ALL: [CostItem; 5] = [
        CostItem::CaseworkerSalaries,
        CostItem::SocialHealthSalaries,
        CostItem::ProjectManagement,
        CostItem::ProgressionTools,
        CostItem::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            CostItem::CaseworkerSalaries => "caseworker-salaries",
            CostItem::SocialHealthSalaries => "social-health-salaries",
            CostItem::ProjectManagement => "project-management",
            CostItem::ProgressionTools => "progression-tools",
            CostItem::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<CostItem> {
        CostItem::ALL.into_iter().find(|c| c.key() == s)
    }

    /// The items a pool may cap as a share of the budget ("a smaller share may go to").
    pub fn is_capped(self) -> bool {
        matches!(
            self,
            CostItem::ProjectManagement | CostItem::ProgressionTools
        )
    }
}

/// The obligations a municipality accepts by applying (forpligtelser ved deltagelse).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Obligation {
    ImplementModel,
    FixedContact,
    AvailableToStar,
    Monitoring,
    Evaluation,
}

impl Obligation {
    pub const ALL: [Obligation; 5] = [
        Obligation::ImplementModel,
        Obligation::FixedContact,
        Obligation::AvailableToStar,
        Obligation::Monitoring,
        Obligation::Evaluation,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Obligation::ImplementModel => "implement-model",
            Obligation::FixedContact => "fixed-contact",
            Obligation::AvailableToStar => "available-to-star",
            Obligation::Monitoring => "monitoring",
            Obligation::Evaluation => "evaluation",
        }
    }
}

/// One budget cell: a cost item in a year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BudgetLine {
    pub item: CostItem,
    pub year: i32,
    pub amount: Ore,
}

/// What the budget looks like against the expected grant and the pool's rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BudgetCheck {
    pub total: i64,
    /// Budget total minus expected grant, in øre (negative: budget below the grant).
    pub difference: i64,
    pub capped_total: i64,
    /// Whether the capped items stay within the pool's share (true when no rule).
    pub within_cap: bool,
}

/// Sums the budget and compares it with the expected grant and the pool's cap on
/// project management and tools (a share in basis points), exactly, on integers. A
/// budget whose lines add up to more than øre can count is refused, never wrapped.
pub fn check(
    lines: &[BudgetLine],
    expected: Ore,
    cap_bp: Option<u32>,
) -> Result<BudgetCheck, SumTooLarge> {
    let total = Ore::checked_sum(lines.iter().map(|l| l.amount))?.as_i64();
    let capped_total = Ore::checked_sum(
        lines
            .iter()
            .filter(|l| l.item.is_capped())
            .map(|l| l.amount),
    )?
    .as_i64();
    // capped / total <= cap / 10000, cross-multiplied so no division rounds.
    let within_cap = match cap_bp {
        None => true,
        Some(cap) => i128::from(capped_total) * 10_000 <= i128::from(total) * i128::from(cap),
    };
    Ok(BudgetCheck {
        total,
        // Both are amounts (0 ..= i64::MAX), so the difference cannot overflow.
        difference: total - expected.as_i64(),
        capped_total,
        within_cap,
    })
}

/// Why a commitment's split by year was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum SplitError {
    /// The split minus the commitment, in øre.
    #[error("the split by year differs from the commitment by {0} øre")]
    Difference(i64),
    #[error(transparent)]
    SumTooLarge(#[from] SumTooLarge),
}

/// The split of a commitment by year must add up to the commitment exactly; if not,
/// the difference (split minus amount, in øre) is reported.
pub fn check_split(amount: Ore, years: &[(i32, Ore)]) -> Result<(), SplitError> {
    let sum = Ore::checked_sum(years.iter().map(|(_, a)| *a))?;
    if sum == amount {
        Ok(())
    } else {
        Err(SplitError::Difference(sum.as_i64() - amount.as_i64()))
    }
}

/// A proposal for the split by year: the budget's own total per year, with the last
/// year adjusted so the split adds up to the commitment exactly (the officer may change
/// it before approving).
pub fn propose_split(amount: Ore, budget_by_year: &[(i32, i64)]) -> Vec<(i32, i64)> {
    let mut split: Vec<(i32, i64)> = budget_by_year.to_vec();
    // In i128, where no budget of i64 years can wrap; every year that comes back lies
    // between 0 and its budget or the commitment, so it fits in i64 again.
    let sum: i128 = split.iter().map(|(_, a)| i128::from(*a)).sum();
    if let Some(last) = split.last_mut() {
        let adjusted = i128::from(last.1) + i128::from(amount.as_i64()) - sum;
        if adjusted >= 0 {
            last.1 = i64::try_from(adjusted).unwrap_or(amount.as_i64());
        } else {
            // The budget exceeds the commitment by more than its last year: spread from
            // the last year backwards instead.
            let mut missing = -adjusted;
            last.1 = 0;
            for y in split.iter_mut().rev() {
                let take = missing.min(i128::from(y.1).max(0));
                y.1 -= i64::try_from(take).unwrap_or(0);
                missing -= take;
            }
        }
    }
    split
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn kr(k: i64) -> Ore {
        Ore::from_kroner(k).unwrap_or(Ore::ZERO)
    }

    fn line(item: CostItem, year: i32, k: i64) -> BudgetLine {
        BudgetLine {
            item,
            year,
            amount: kr(k),
        }
    }

    #[test]
    fn a_budget_equal_to_the_grant_has_no_difference() {
        let lines = [
            line(CostItem::CaseworkerSalaries, 2017, 2_000_000),
            line(CostItem::ProjectManagement, 2018, 235_074),
        ];
        let c = check(&lines, kr(2_235_074), None).unwrap();
        assert_eq!(c.total, 223_507_400);
        assert_eq!(c.difference, 0);
        assert!(c.within_cap);
    }

    #[test]
    fn the_difference_is_shown_in_ore() {
        let lines = [BudgetLine {
            item: CostItem::Other,
            year: 2017,
            amount: Ore::from_ore(100_050).unwrap_or(Ore::ZERO),
        }];
        assert_eq!(check(&lines, kr(1_000), None).unwrap().difference, 50);
    }

    #[test]
    fn project_management_and_tools_together_within_the_pool_share() {
        let lines = [
            line(CostItem::CaseworkerSalaries, 2017, 900),
            line(CostItem::ProjectManagement, 2017, 60),
            line(CostItem::ProgressionTools, 2017, 40),
        ];
        assert!(
            check(&lines, kr(1_000), Some(1_000)).unwrap().within_cap,
            "exactly 10 % is allowed"
        );
        assert!(!check(&lines, kr(1_000), Some(999)).unwrap().within_cap);
    }

    #[test]
    fn a_split_that_does_not_add_up_reports_the_difference() {
        assert_eq!(
            check_split(kr(2_235_074), &[(2019, kr(100_000)), (2020, kr(2_135_074))]),
            Ok(())
        );
        assert_eq!(
            check_split(kr(2_235_074), &[(2019, kr(100_000)), (2020, kr(2_135_000))]),
            Err(SplitError::Difference(-7_400))
        );
    }

    /// The budget: three rows of 92.233.720.368.547.758 kr. once added up to
    /// 9.223.372.036.854.775.784 øre, wrapped.
    const OLD_LIMIT: i64 = 92_233_720_368_547_758;

    #[test]
    fn a_budget_too_large_to_add_up_is_refused_not_wrapped() {
        let lines = [
            line(CostItem::CaseworkerSalaries, 2017, OLD_LIMIT),
            line(CostItem::SocialHealthSalaries, 2017, OLD_LIMIT),
            line(CostItem::Other, 2017, OLD_LIMIT),
        ];
        assert_eq!(check(&lines, kr(1_000), None), Err(SumTooLarge));
        let capped = [
            line(CostItem::ProjectManagement, 2017, OLD_LIMIT),
            line(CostItem::ProgressionTools, 2018, OLD_LIMIT),
        ];
        assert_eq!(check(&capped, kr(1_000), Some(1_000)), Err(SumTooLarge));
    }

    #[test]
    fn a_split_too_large_to_add_up_is_refused_not_wrapped() {
        assert_eq!(
            check_split(
                kr(1_000),
                &[
                    (2017, kr(OLD_LIMIT)),
                    (2018, kr(OLD_LIMIT)),
                    (2019, kr(OLD_LIMIT))
                ]
            ),
            Err(SplitError::SumTooLarge(SumTooLarge))
        );
    }

    proptest! {
        #[test]
        fn a_proposed_split_always_adds_up_and_is_never_negative(
            amount in 0i64..10_000_000_000,
            years in proptest::collection::vec(0i64..5_000_000_000, 1..5),
        ) {
            let by_year: Vec<(i32, i64)> = years.iter().enumerate().map(|(i, a)| (2017 + i as i32, *a)).collect();
            let split = propose_split(Ore::from_ore(amount).unwrap_or(Ore::ZERO), &by_year);
            prop_assert_eq!(split.iter().map(|(_, a)| a).sum::<i64>(), amount);
            prop_assert!(split.iter().all(|(_, a)| *a >= 0));
        }

        #[test]
        fn a_proposed_split_adds_up_even_from_budgets_near_the_limit_of_ore(
            amount in 0i64..=i64::MAX,
            years in proptest::collection::vec(0i64..=i64::MAX, 1..5),
        ) {
            let by_year: Vec<(i32, i64)> = years.iter().enumerate().map(|(i, a)| (2017 + i as i32, *a)).collect();
            let split = propose_split(Ore::from_ore(amount).unwrap_or(Ore::ZERO), &by_year);
            prop_assert_eq!(split.iter().map(|(_, a)| i128::from(*a)).sum::<i128>(), i128::from(amount));
            prop_assert!(split.iter().all(|(_, a)| *a >= 0));
        }

        #[test]
        fn the_budget_total_is_the_exact_sum_or_refused(
            amounts in proptest::collection::vec(
                prop_oneof![0i64..=1_000_000_000, 0i64..=Ore::MAX.as_i64(), 0i64..=i64::MAX],
                0..8,
            ),
        ) {
            let lines: Vec<BudgetLine> = amounts
                .iter()
                .zip(CostItem::ALL.iter().cycle())
                .map(|(a, item)| BudgetLine {
                    item: *item,
                    year: 2017,
                    amount: Ore::from_ore(*a).unwrap_or(Ore::ZERO),
                })
                .collect();
            let exact: i128 = amounts.iter().map(|a| i128::from(*a)).sum();
            match (i64::try_from(exact), check(&lines, Ore::ZERO, Some(1_000))) {
                (Ok(total), Ok(c)) => {
                    prop_assert_eq!(c.total, total);
                    prop_assert!(c.capped_total <= c.total);
                }
                (Err(_), result) => prop_assert_eq!(result, Err(SumTooLarge)),
                (Ok(_), Err(e)) => prop_assert!(false, "a sum that fits was refused: {}", e),
            }
        }

        #[test]
        fn a_split_is_accepted_exactly_when_it_adds_up(
            years in proptest::collection::vec(0i64..=i64::MAX / 2, 1..4),
            amount in 0i64..=i64::MAX,
        ) {
            let split: Vec<(i32, Ore)> = years
                .iter()
                .enumerate()
                .map(|(i, a)| (2017 + i as i32, Ore::from_ore(*a).unwrap_or(Ore::ZERO)))
                .collect();
            let exact: i128 = years.iter().map(|a| i128::from(*a)).sum();
            let amount = Ore::from_ore(amount).unwrap_or(Ore::ZERO);
            let expected = match i64::try_from(exact) {
                Err(_) => Err(SplitError::SumTooLarge(SumTooLarge)),
                Ok(sum) if sum == amount.as_i64() => Ok(()),
                Ok(sum) => Err(SplitError::Difference(sum - amount.as_i64())),
            };
            prop_assert_eq!(check_split(amount, &split), expected);
        }
    }
}
