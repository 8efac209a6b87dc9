//! Accounts (regnskab): which accounts a commitment needs, which certification each
//! needs, when a line of budget against actual needs a comment, and what settling the
//! grant on the final account pays, cancels and claims back. The design and what it
//! decides where the sources are silent: `docs/accounts.md`.

mod documents;
mod reminders;
mod settlement;

pub use documents::{check_pdf, required_documents, DocumentError, DocumentPurpose};
pub use reminders::{due_reminder, parse_reminder_offsets};
pub use settlement::{settle, RateOutcome, SettleError, Settlement, SettlementInput};

use std::collections::BTreeMap;

use chrono::{Datelike, Months, NaiveDate};

use super::budget::{BudgetLine, CostItem};
use super::money::Ore;
use super::status::status_enum;

status_enum! {
    /// The two accounts of a commitment, stored as these strings.
    AccountKind, "account kind" {
        /// Mellemregnskab: the use of the money paid before a later rate, needed before
        /// that rate is paid ("Flere skal med": rate 1's use, before rate 2).
        Interim => "interim",
        /// Slutregnskab: the whole period, with the final report.
        Final => "final",
    }
}

status_enum! {
    /// A repayment claim's status, stored as these strings: open until the money is
    /// received (with the date) or the claim is written off (with the reason); both final.
    ClaimStatus, "claim status" {
        Open => "open",
        Received => "received",
        WrittenOff => "written_off",
    }
}

status_enum! {
    /// Who must certify an account, stored as these strings.
    Certification, "certification" {
        /// Ledelsespåtegnet: certified by the municipality's management.
        Management => "management",
        /// Revisorpåtegnet: certified by an auditor.
        Auditor => "auditor",
    }
}

/// The source (puljeopslaget) says auditor-certified "for a grant over 500,000 kr." and
/// management-certified "for a grant under 500,000 kr.", leaving exactly 500,000 kr.
/// unstated. We read "over" strictly: a grant of exactly the threshold is
/// management-certified, the lighter requirement, since the stricter one is only
/// imposed above it.
pub fn certification(grant: Ore, threshold: Ore) -> Certification {
    if grant > threshold {
        Certification::Auditor
    } else {
        Certification::Management
    }
}

/// Why an account needs the certification it needs: the rule with the figures that
/// decided it, said to the user before they start (a catalogue key with money arguments).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CertificationRule {
    /// An interim account is always management-certified (the seed: "ledelsespåtegnet
    /// regnskab" with the request for rate 2).
    Interim,
    /// A final account of a grant over the pool's threshold.
    OverThreshold { grant: Ore, threshold: Ore },
    /// A final account of a grant at or under the pool's threshold.
    AtMostThreshold { grant: Ore, threshold: Ore },
}

impl CertificationRule {
    pub fn of(kind: AccountKind, grant: Ore, threshold: Ore) -> CertificationRule {
        match (kind, certification(grant, threshold)) {
            (AccountKind::Interim, _) => CertificationRule::Interim,
            (AccountKind::Final, Certification::Auditor) => {
                CertificationRule::OverThreshold { grant, threshold }
            }
            (AccountKind::Final, Certification::Management) => {
                CertificationRule::AtMostThreshold { grant, threshold }
            }
        }
    }

    pub fn certification(self) -> Certification {
        match self {
            CertificationRule::OverThreshold { .. } => Certification::Auditor,
            CertificationRule::Interim | CertificationRule::AtMostThreshold { .. } => {
                Certification::Management
            }
        }
    }

    /// The catalogue message that states the rule.
    pub fn key(self) -> &'static str {
        match self {
            CertificationRule::Interim => "account-certification-interim",
            CertificationRule::OverThreshold { .. } => "account-certification-auditor",
            CertificationRule::AtMostThreshold { .. } => "account-certification-management",
        }
    }

    /// The message's money arguments (`grant`, `threshold`), kept as øre until the
    /// message is rendered.
    pub fn money_args(self) -> Vec<(&'static str, Ore)> {
        match self {
            CertificationRule::Interim => Vec::new(),
            CertificationRule::OverThreshold { grant, threshold }
            | CertificationRule::AtMostThreshold { grant, threshold } => {
                vec![("grant", grant), ("threshold", threshold)]
            }
        }
    }
}

/// A pool's interim account: it gates rate `before_rate` and is due `deadline_months`
/// after that rate's earliest date (or after the approval, for a rate without one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InterimRule {
    pub before_rate: i32,
    pub deadline_months: u32,
}

/// When an interim account is due and which years it covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InterimTerms {
    pub deadline: NaiveDate,
    pub first_year: i32,
    pub last_year: i32,
}

impl InterimRule {
    /// The interim account of a commitment over `years` (first and last year), whose
    /// gated rate may be paid from `earliest` and which was approved on `approved_on`
    /// (Copenhagen date). It covers the years before the rate may be paid (rate 2 from
    /// January 2018: 2017), at least the first year and at most the last. `None` only
    /// for a deadline beyond the calendar.
    pub fn terms(
        self,
        earliest: Option<NaiveDate>,
        approved_on: NaiveDate,
        (first_year, last_year): (i32, i32),
    ) -> Option<InterimTerms> {
        let anchor = earliest.unwrap_or(approved_on);
        let deadline = anchor.checked_add_months(Months::new(self.deadline_months))?;
        let last = (anchor.year() - 1).clamp(first_year, last_year.max(first_year));
        Some(InterimTerms {
            deadline,
            first_year,
            last_year: last,
        })
    }
}

/// How far a line's actual spend may be from its budget without a comment, in basis
/// points of the budget (1000 = 10 %), between 0 and 100 %.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Tolerance(u32);

impl Tolerance {
    /// 10 %, the default.
    pub const DEFAULT: Tolerance = Tolerance(1_000);

    /// `None` outside 0 ..= 10000 (0 % to 100 %).
    pub fn from_basis_points(bp: i64) -> Option<Tolerance> {
        u32::try_from(bp)
            .ok()
            .filter(|bp| *bp <= 10_000)
            .map(Tolerance)
    }

    pub fn basis_points(self) -> u32 {
        self.0
    }
}

/// Whether `actual` deviates from `budget` by more than the tolerance:
/// |actual − budget| × 10000 > tolerance × budget, on integers (no rounding). Exactly the
/// tolerance does not deviate; any spend against a budget of zero does.
pub fn deviates(budget: Ore, actual: Ore, tolerance: Tolerance) -> bool {
    let difference = (i128::from(actual.as_i64()) - i128::from(budget.as_i64())).abs();
    difference * 10_000 > i128::from(tolerance.0) * i128::from(budget.as_i64())
}

/// One line of an account as the municipality enters it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActualLine {
    pub item: CostItem,
    pub year: i32,
    pub actual: Ore,
    pub comment: String,
}

/// The cells (cost item, year) that deviate from the budget beyond the tolerance and have
/// no comment, in item and year order. A budget cell without an actual line counts as
/// spent 0, an actual line without a budget cell as budgeted 0; cells outside `years`
/// (the account's first and last year) are not compared.
pub fn missing_comments(
    budget: &[BudgetLine],
    actual: &[ActualLine],
    tolerance: Tolerance,
    (first_year, last_year): (i32, i32),
) -> Vec<(CostItem, i32)> {
    let mut cells: BTreeMap<(CostItem, i32), (Ore, Ore, bool)> = BTreeMap::new();
    for b in budget {
        cells
            .entry((b.item, b.year))
            .or_insert((Ore::ZERO, Ore::ZERO, false))
            .0 = b.amount;
    }
    for a in actual {
        let cell = cells
            .entry((a.item, a.year))
            .or_insert((Ore::ZERO, Ore::ZERO, false));
        cell.1 = a.actual;
        cell.2 = !a.comment.trim().is_empty();
    }
    cells
        .into_iter()
        .filter(|((_, year), _)| (first_year..=last_year).contains(year))
        .filter(|(_, (budget, actual, commented))| {
            !commented && deviates(*budget, *actual, tolerance)
        })
        .map(|(cell, _)| cell)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal::Decimal;
    use tilskud_templates::i18n::{self, Arg, Lang};

    fn kr(k: i64) -> Ore {
        Ore::from_kroner(k).unwrap_or(Ore::ZERO)
    }

    fn ore(o: i64) -> Ore {
        Ore::from_ore(o).unwrap_or(Ore::ZERO)
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_grant_over_500000_needs_an_auditor() {
        assert_eq!(
            certification(kr(2_235_074), kr(500_000)),
            Certification::Auditor
        );
        assert_eq!(
            certification(ore(50_000_001), kr(500_000)),
            Certification::Auditor
        );
    }

    #[test]
    fn exactly_500000_is_management_certified() {
        assert_eq!(
            certification(kr(500_000), kr(500_000)),
            Certification::Management
        );
        assert_eq!(
            CertificationRule::of(AccountKind::Final, kr(500_000), kr(500_000)),
            CertificationRule::AtMostThreshold {
                grant: kr(500_000),
                threshold: kr(500_000)
            }
        );
    }

    #[test]
    fn a_grant_under_500000_is_management_certified() {
        assert_eq!(
            certification(kr(499_999), kr(500_000)),
            Certification::Management
        );
        assert_eq!(
            certification(ore(49_999_999), kr(500_000)),
            Certification::Management
        );
    }

    #[test]
    fn an_interim_account_is_management_certified_whatever_the_grant() {
        for grant in [kr(0), kr(500_000), ore(50_000_001), kr(2_235_074)] {
            let rule = CertificationRule::of(AccountKind::Interim, grant, kr(500_000));
            assert_eq!(rule, CertificationRule::Interim);
            assert_eq!(rule.certification(), Certification::Management);
            assert!(rule.money_args().is_empty());
        }
    }

    fn danish(rule: CertificationRule) -> String {
        let args: Vec<(&str, Arg)> = rule
            .money_args()
            .into_iter()
            .map(|(name, o)| (name, Arg::from(o.to_string())))
            .collect();
        i18n::t_args(Lang::Da, rule.key(), &args)
    }

    #[test]
    fn the_rule_is_said_with_the_grant_and_the_threshold_in_both_languages() {
        let herning = CertificationRule::of(AccountKind::Final, kr(2_235_074), kr(500_000));
        assert_eq!(herning.certification(), Certification::Auditor);
        assert_eq!(
            danish(herning),
            "Tilsagn på 2.235.074 kr. er over 500.000 kr.: revisorpåtegnet regnskab."
        );
        let at = CertificationRule::of(AccountKind::Final, kr(500_000), kr(500_000));
        assert_eq!(
            danish(at),
            "Tilsagn på 500.000 kr. er ikke over 500.000 kr.: ledelsespåtegnet regnskab."
        );
        let interim = CertificationRule::of(AccountKind::Interim, kr(2_235_074), kr(500_000));
        assert!(danish(interim).contains("ledelsespåtegnet"));
        for rule in [herning, at, interim] {
            for lang in Lang::ALL {
                assert!(i18n::has(lang, rule.key()), "{} in {lang:?}", rule.key());
            }
        }
    }

    #[test]
    fn kinds_and_certifications_are_stored_as_words() {
        assert_eq!(AccountKind::parse("interim"), Some(AccountKind::Interim));
        assert_eq!(AccountKind::Final.as_str(), "final");
        assert_eq!(Certification::Auditor.as_str(), "auditor");
        assert!(Certification::try_from("revisor".to_string()).is_err());
    }

    #[test]
    fn the_interim_account_of_flere_skal_med_covers_2017_and_is_due_on_1_april_2018() {
        let rule = InterimRule {
            before_rate: 2,
            deadline_months: 3,
        };
        let terms = rule
            .terms(Some(day(2018, 1, 1)), day(2017, 6, 20), (2017, 2019))
            .unwrap();
        assert_eq!(
            terms,
            InterimTerms {
                deadline: day(2018, 4, 1),
                first_year: 2017,
                last_year: 2017
            }
        );
        // A rate without an earliest date counts from the approval; the cover never
        // leaves the commitment's years.
        let terms = rule.terms(None, day(2019, 12, 5), (2019, 2021)).unwrap();
        assert_eq!((terms.deadline, terms.last_year), (day(2020, 3, 5), 2019));
        let terms = rule
            .terms(Some(day(2030, 1, 1)), day(2019, 12, 5), (2019, 2021))
            .unwrap();
        assert_eq!(terms.last_year, 2021);
    }

    #[test]
    fn exactly_ten_percent_off_needs_no_comment_and_one_ore_more_does() {
        let budget = kr(1_000_000);
        let t = Tolerance::DEFAULT;
        assert!(!deviates(budget, kr(1_100_000), t));
        assert!(!deviates(budget, kr(900_000), t));
        assert!(deviates(budget, ore(110_000_001), t));
        assert!(deviates(budget, ore(89_999_999), t));
        assert!(!deviates(
            budget,
            budget,
            Tolerance::from_basis_points(0).unwrap()
        ));
        assert!(deviates(
            budget,
            ore(100_000_001),
            Tolerance::from_basis_points(0).unwrap()
        ));
    }

    #[test]
    fn spending_against_a_budget_of_zero_always_needs_a_comment() {
        assert!(deviates(
            Ore::ZERO,
            ore(1),
            Tolerance::from_basis_points(10_000).unwrap()
        ));
        assert!(!deviates(Ore::ZERO, Ore::ZERO, Tolerance::DEFAULT));
    }

    #[test]
    fn a_tolerance_is_between_0_and_100_percent() {
        assert_eq!(Tolerance::from_basis_points(-1), None);
        assert_eq!(Tolerance::from_basis_points(10_001), None);
        assert_eq!(
            Tolerance::from_basis_points(1_000),
            Some(Tolerance::DEFAULT)
        );
        assert_eq!(Tolerance::DEFAULT.basis_points(), 1_000);
    }

    #[test]
    fn only_deviating_lines_without_a_comment_are_named() {
        let b = |item, year, k| BudgetLine {
            item,
            year,
            amount: kr(k),
        };
        let a = |item, year, k, comment: &str| ActualLine {
            item,
            year,
            actual: kr(k),
            comment: comment.into(),
        };
        let budget = [
            b(CostItem::CaseworkerSalaries, 2017, 100_000),
            b(CostItem::CaseworkerSalaries, 2018, 100_000),
            b(CostItem::ProjectManagement, 2017, 10_000),
            b(CostItem::ProgressionTools, 2017, 5_000),
        ];
        let actual = [
            a(CostItem::CaseworkerSalaries, 2017, 110_000, ""),
            a(CostItem::CaseworkerSalaries, 2018, 150_000, ""),
            a(CostItem::ProjectManagement, 2017, 20_000, "  "),
            a(CostItem::Other, 2017, 1, "kontorartikler"),
            a(CostItem::SocialHealthSalaries, 2017, 1, ""),
        ];
        assert_eq!(
            missing_comments(&budget, &actual, Tolerance::DEFAULT, (2017, 2019)),
            vec![
                (CostItem::CaseworkerSalaries, 2018),
                (CostItem::SocialHealthSalaries, 2017),
                (CostItem::ProjectManagement, 2017),
                (CostItem::ProgressionTools, 2017),
            ]
        );
        // The interim account of 2017 does not compare 2018.
        assert!(
            !missing_comments(&budget, &actual, Tolerance::DEFAULT, (2017, 2017))
                .contains(&(CostItem::CaseworkerSalaries, 2018))
        );
    }

    proptest! {
        #[test]
        fn deviation_agrees_with_the_decimal_share_at_every_boundary(
            budget in prop_oneof![
                0i64..=100_000_000_000_000,
                (0i64..=10_000_000_000).prop_map(|b| b * 10_000),
            ],
            delta in -3i64..=3,
            bp in 0u32..=10_000,
            over in any::<bool>(),
        ) {
            // On and next to the exact boundary (a budget in whole 10000 øre puts it on an
            // øre), where a rounding error or a wrong comparison would show.
            let at_boundary = i128::from(budget) * i128::from(bp) / 10_000;
            let off = i64::try_from(at_boundary).unwrap_or(0);
            let actual = if over { budget + off } else { budget - off } + delta;
            prop_assume!(actual >= 0);
            let tolerance = Tolerance::from_basis_points(i64::from(bp)).unwrap();
            let got = deviates(ore(budget), ore(actual), tolerance);
            let expected = if budget == 0 {
                actual != 0
            } else {
                let share = (Decimal::from(actual) - Decimal::from(budget)).abs()
                    / Decimal::from(budget);
                share > Decimal::from(bp) / Decimal::from(10_000)
            };
            prop_assert_eq!(got, expected);
        }

        #[test]
        fn a_final_account_needs_an_auditor_exactly_when_the_grant_is_over_the_threshold(
            grant in 0i64..=1_000_000_000_000,
            threshold in 0i64..=1_000_000_000_000,
        ) {
            let rule = CertificationRule::of(AccountKind::Final, ore(grant), ore(threshold));
            prop_assert_eq!(rule.certification() == Certification::Auditor, grant > threshold);
            prop_assert_eq!(
                CertificationRule::of(AccountKind::Interim, ore(grant), ore(threshold)).certification(),
                Certification::Management
            );
        }
    }
}
