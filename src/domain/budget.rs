//! The application's budget (budget) and the commitment's split by year: what a finance
//! person must get right before an application can be submitted or approved.

use super::money::Ore;

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
/// project management and tools (a share in basis points), exactly, on integers.
pub fn check(lines: &[BudgetLine], expected: Ore, cap_bp: Option<u32>) -> BudgetCheck {
    let total: i64 = lines.iter().map(|l| l.amount.as_i64()).sum();
    let capped_total: i64 = lines
        .iter()
        .filter(|l| l.item.is_capped())
        .map(|l| l.amount.as_i64())
        .sum();
    // capped / total <= cap / 10000, cross-multiplied so no division rounds.
    let within_cap = match cap_bp {
        None => true,
        Some(cap) => i128::from(capped_total) * 10_000 <= i128::from(total) * i128::from(cap),
    };
    BudgetCheck {
        total,
        difference: total - expected.as_i64(),
        capped_total,
        within_cap,
    }
}

/// The split of a commitment by year must add up to the commitment exactly; if not,
/// the difference (split minus amount, in øre) is reported.
pub fn check_split(amount: Ore, years: &[(i32, Ore)]) -> Result<(), i64> {
    let sum: i64 = years.iter().map(|(_, a)| a.as_i64()).sum();
    if sum == amount.as_i64() {
        Ok(())
    } else {
        Err(sum - amount.as_i64())
    }
}

/// A proposal for the split by year: the budget's own total per year, with the last
/// year adjusted so the split adds up to the commitment exactly (the officer may change
/// it before approving).
pub fn propose_split(amount: Ore, budget_by_year: &[(i32, i64)]) -> Vec<(i32, i64)> {
    let mut split: Vec<(i32, i64)> = budget_by_year.to_vec();
    let sum: i64 = split.iter().map(|(_, a)| a).sum();
    if let Some(last) = split.last_mut() {
        last.1 += amount.as_i64() - sum;
        if last.1 < 0 {
            // The budget exceeds the commitment by more than its last year: spread from
            // the last year backwards instead.
            let mut missing = -last.1;
            last.1 = 0;
            for y in split.iter_mut().rev() {
                let take = missing.min(y.1);
                y.1 -= take;
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
        let c = check(&lines, kr(2_235_074), None);
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
        assert_eq!(check(&lines, kr(1_000), None).difference, 50);
    }

    #[test]
    fn project_management_and_tools_together_within_the_pool_share() {
        let lines = [
            line(CostItem::CaseworkerSalaries, 2017, 900),
            line(CostItem::ProjectManagement, 2017, 60),
            line(CostItem::ProgressionTools, 2017, 40),
        ];
        assert!(
            check(&lines, kr(1_000), Some(1_000)).within_cap,
            "exactly 10 % is allowed"
        );
        assert!(!check(&lines, kr(1_000), Some(999)).within_cap);
    }

    #[test]
    fn a_split_that_does_not_add_up_reports_the_difference() {
        assert_eq!(
            check_split(kr(2_235_074), &[(2019, kr(100_000)), (2020, kr(2_135_074))]),
            Ok(())
        );
        assert_eq!(
            check_split(kr(2_235_074), &[(2019, kr(100_000)), (2020, kr(2_135_000))]),
            Err(-7_400)
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
    }
}
