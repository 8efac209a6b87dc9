//! Allocation (fordeling) of a pool among the applying municipalities by the
//! objective key: each municipality's share of the pool is its share of the
//! target group (målgruppe) among the applicants. The result is the expected
//! grant (forudsat tilskud, "Bilag 2").

use std::cmp::Ordering;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::municipality::MunicipalityCode;

/// Catalogue key of the sentence that explains the rounding rule to users.
///
/// The rule (largest-remainder / Hare method, in whole kroner): every
/// municipality first gets its exact quota `total × count / sum of counts`
/// rounded down. The kroner left over (always fewer than the number of
/// applicants) are given one each, in this order:
/// 1. the largest remainder (the fraction cut off by rounding down) first;
/// 2. on equal remainders, the larger target group first;
/// 3. on equal target groups too, the lower municipality code first.
///
/// So the parts add up to the pool exactly, nobody ends a whole krone or more from
/// their exact quota, and the same figures always give the same result.
pub const TIE_RULE_KEY: &str = "allocation-tie-rule";

/// Display precision of [`AllocationLine::exact_quota`].
const QUOTA_DECIMALS: u32 = 6;
const MICRO: u128 = 1_000_000;

/// An applying municipality (ansøgende kommune) with STAR's count of its target
/// group (målgruppe).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applicant {
    pub code: MunicipalityCode,
    pub target_group: u64,
}

/// One municipality's expected grant (forudsat tilskud), with everything needed to
/// show how it was computed: exact quota = `quota_floor_kroner +
/// remainder_numerator / denominator`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AllocationLine {
    pub code: MunicipalityCode,
    pub target_group: u64,
    pub quota_floor_kroner: i64,
    pub remainder_numerator: u128,
    /// Sum of all applicants' target groups.
    pub denominator: u128,
    pub amount_kroner: i64,
    /// Whether this line received one of the leftover kroner.
    pub extra_krone: bool,
    /// 1-based place in the remainder order ([`TIE_RULE_KEY`]) when
    /// `extra_krone`; `None` otherwise.
    pub rank: Option<u32>,
}

impl AllocationLine {
    /// The exact quota, for display only: rounded half up to 6 decimals, which is
    /// finer than any difference a person can act on while the amount itself is
    /// computed from the exact fraction.
    pub fn exact_quota(&self) -> Decimal {
        let fraction = micro_fraction(self.remainder_numerator, self.denominator);
        let micros = i128::from(self.quota_floor_kroner)
            .saturating_mul(MICRO as i128)
            .saturating_add(i128::try_from(fraction).unwrap_or(i128::MAX));
        Decimal::try_from_i128_with_scale(micros, QUOTA_DECIMALS)
            .unwrap_or(Decimal::from(self.quota_floor_kroner))
    }

    /// The exact quota with '.' and always 6 decimals, e.g. "3289600.000000".
    pub fn exact_quota_string(&self) -> String {
        format!("{:.6}", self.exact_quota())
    }
}

/// `remainder / denominator` in millionths, rounded half up.
fn micro_fraction(remainder: u128, denominator: u128) -> u128 {
    if denominator == 0 {
        return 0;
    }
    match remainder.checked_mul(MICRO) {
        Some(scaled) => {
            let (quotient, rest) = (scaled / denominator, scaled % denominator);
            if rest >= denominator - rest {
                quotient + 1
            } else {
                quotient
            }
        }
        // allocate() refuses denominators this large; a hand-built line only loses
        // display precision.
        None => remainder / (denominator / MICRO).max(1),
    }
}

/// Why an allocation could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AllocationError {
    #[error("there are no applicants to allocate the pool among")]
    NoApplicants,
    #[error("the applicants' target groups add up to zero, so there is no key to allocate by")]
    ZeroTargetGroup,
    #[error("the amount to allocate must be positive, got {0} kr.")]
    TotalNotPositive(i64),
    #[error("municipality {0} is listed more than once")]
    DuplicateMunicipality(MunicipalityCode),
    #[error("the figures are too large to allocate exactly")]
    Overflow,
}

impl AllocationError {
    pub fn key(&self) -> &'static str {
        match self {
            AllocationError::NoApplicants => "allocation-no-applicants",
            AllocationError::ZeroTargetGroup => "allocation-zero-target-group",
            AllocationError::TotalNotPositive(_) => "allocation-total-not-positive",
            AllocationError::DuplicateMunicipality(_) => "allocation-duplicate-municipality",
            AllocationError::Overflow => "allocation-overflow",
        }
    }
}

/// Where a stored allocation version (fordelingsversion) stands. Each run is stored as a
/// draft; approving one supersedes the pool's previously approved version, so a pool has
/// at most one approved version. Stored as the text of [`AllocationStatus::as_str`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AllocationStatus {
    /// Run, not yet approved: may be approved.
    Draft,
    /// The version that counts for the pool.
    Approved,
    /// Approved once, replaced by a later approval.
    Superseded,
}

impl AllocationStatus {
    pub const ALL: [AllocationStatus; 3] = [
        AllocationStatus::Draft,
        AllocationStatus::Approved,
        AllocationStatus::Superseded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AllocationStatus::Draft => "draft",
            AllocationStatus::Approved => "approved",
            AllocationStatus::Superseded => "superseded",
        }
    }

    pub fn parse(s: &str) -> Option<AllocationStatus> {
        AllocationStatus::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// Catalogue key of the status's display name.
    pub fn label_key(self) -> &'static str {
        match self {
            AllocationStatus::Draft => "allocation-status-draft",
            AllocationStatus::Approved => "allocation-status-approved",
            AllocationStatus::Superseded => "allocation-status-superseded",
        }
    }
}

/// A stored status that is none of [`AllocationStatus`]'s words.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("unknown allocation status {0:?}")]
pub struct UnknownStatus(pub String);

/// How a stored status is read back (`AllocationRow::status`).
impl TryFrom<String> for AllocationStatus {
    type Error = UnknownStatus;

    fn try_from(s: String) -> Result<AllocationStatus, UnknownStatus> {
        AllocationStatus::parse(&s).ok_or(UnknownStatus(s))
    }
}

/// Allocates `total_kroner` among `applicants` in proportion to their target groups
/// by the rule documented at [`TIE_RULE_KEY`]. Lines come back ordered by
/// municipality code, as in the published annex (Bilag 2), whatever the input order.
/// An applicant with a target group of zero gets 0 kr.
pub fn allocate(
    total_kroner: i64,
    applicants: &[Applicant],
) -> Result<Vec<AllocationLine>, AllocationError> {
    if total_kroner <= 0 {
        return Err(AllocationError::TotalNotPositive(total_kroner));
    }
    if applicants.is_empty() {
        return Err(AllocationError::NoApplicants);
    }
    let mut sorted = applicants.to_vec();
    sorted.sort_by_key(|a| a.code);
    if let Some(pair) = sorted.windows(2).find(|pair| pair[0].code == pair[1].code) {
        return Err(AllocationError::DuplicateMunicipality(pair[0].code));
    }
    let denominator = sorted
        .iter()
        .try_fold(0u128, |sum, a| sum.checked_add(u128::from(a.target_group)))
        .ok_or(AllocationError::Overflow)?;
    if denominator == 0 {
        return Err(AllocationError::ZeroTargetGroup);
    }
    // Keeps exact_quota() exact to its 6 decimals.
    denominator
        .checked_mul(MICRO)
        .ok_or(AllocationError::Overflow)?;
    let total = u128::try_from(total_kroner).map_err(|_| AllocationError::Overflow)?;

    let mut lines = Vec::with_capacity(sorted.len());
    let mut floors_sum: u128 = 0;
    for applicant in sorted {
        // total < 2^63 and a count < 2^64, so the product fits in u128.
        let numerator = total
            .checked_mul(u128::from(applicant.target_group))
            .ok_or(AllocationError::Overflow)?;
        let floor = numerator / denominator;
        floors_sum += floor;
        let floor = i64::try_from(floor).map_err(|_| AllocationError::Overflow)?;
        lines.push(AllocationLine {
            code: applicant.code,
            target_group: applicant.target_group,
            quota_floor_kroner: floor,
            remainder_numerator: numerator % denominator,
            denominator,
            amount_kroner: floor,
            extra_krone: false,
            rank: None,
        });
    }

    // The remainders add up to a whole number of kroner below the applicant count,
    // and more applicants than that have a positive remainder, so a zero remainder
    // (e.g. a zero target group) never gets an extra krone.
    let leftover = usize::try_from(total - floors_sum).map_err(|_| AllocationError::Overflow)?;
    let mut order: Vec<usize> = (0..lines.len()).collect();
    order.sort_by(|&a, &b| remainder_order(&lines[a], &lines[b]));
    for (place, &index) in order.iter().take(leftover).enumerate() {
        let rank = u32::try_from(place + 1).map_err(|_| AllocationError::Overflow)?;
        if let Some(line) = lines.get_mut(index) {
            line.amount_kroner += 1;
            line.extra_krone = true;
            line.rank = Some(rank);
        }
    }
    Ok(lines)
}

/// The order in which leftover kroner are handed out; see [`TIE_RULE_KEY`].
fn remainder_order(a: &AllocationLine, b: &AllocationLine) -> Ordering {
    b.remainder_numerator
        .cmp(&a.remainder_numerator)
        .then(b.target_group.cmp(&a.target_group))
        .then(a.code.cmp(&b.code))
}

#[cfg(test)]
mod tests {
    use super::super::municipality;
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_status_is_stored_as_its_own_word_and_read_back() {
        for status in AllocationStatus::ALL {
            assert_eq!(AllocationStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(AllocationStatus::parse("Approved"), None);
    }

    const POOL: i64 = 257_000_000;

    fn applicant(code: u16, target_group: u64) -> Applicant {
        Applicant {
            code: MunicipalityCode::try_from(code).unwrap(),
            target_group,
        }
    }

    fn amounts(lines: &[AllocationLine]) -> Vec<(u16, i64)> {
        lines
            .iter()
            .map(|l| (l.code.as_u16(), l.amount_kroner))
            .collect()
    }

    #[test]
    fn horsens_with_320_of_25000_gets_3_289_600_kroner() {
        let lines = allocate(POOL, &[applicant(615, 320), applicant(101, 24_680)]).unwrap();
        assert_eq!(amounts(&lines), vec![(101, 253_710_400), (615, 3_289_600)]);
        assert_eq!(lines[1].exact_quota_string(), "3289600.000000");
        assert!(!lines[1].extra_krone);
    }

    #[test]
    fn parts_sum_to_the_pool_exactly() {
        let applicants = [applicant(101, 7), applicant(615, 11), applicant(657, 13)];
        let lines = allocate(POOL, &applicants).unwrap();
        assert_eq!(lines.iter().map(|l| l.amount_kroner).sum::<i64>(), POOL);
    }

    #[test]
    fn a_pool_not_evenly_divisible_gives_the_leftover_kroner_to_the_lowest_codes() {
        let applicants = [
            applicant(657, 100),
            applicant(615, 100),
            applicant(101, 100),
        ];
        let lines = allocate(POOL, &applicants).unwrap();
        assert_eq!(
            amounts(&lines),
            vec![(101, 85_666_667), (615, 85_666_667), (657, 85_666_666)]
        );
        assert_eq!(
            lines.iter().map(|l| l.rank).collect::<Vec<_>>(),
            vec![Some(1), Some(2), None]
        );
        assert_eq!(lines[2].exact_quota_string(), "85666666.666667");
    }

    #[test]
    fn the_largest_remainder_gets_the_leftover_krone_first() {
        // Exact quotas 0.2, 0.3, 0.5: one krone left after rounding down.
        let lines = allocate(
            1,
            &[applicant(101, 2), applicant(147, 3), applicant(151, 5)],
        )
        .unwrap();
        assert_eq!(amounts(&lines), vec![(101, 0), (147, 0), (151, 1)]);
    }

    #[test]
    fn equal_remainders_go_to_the_larger_target_group_first() {
        // Exact quotas 0.5 and 1.5: equal remainders, one krone left.
        let lines = allocate(2, &[applicant(101, 1), applicant(860, 3)]).unwrap();
        assert_eq!(amounts(&lines), vec![(101, 0), (860, 2)]);
        assert_eq!(lines[1].rank, Some(1));
    }

    #[test]
    fn equal_remainders_and_target_groups_go_to_the_lower_code_first() {
        let lines = allocate(1, &[applicant(860, 1), applicant(101, 1)]).unwrap();
        assert_eq!(amounts(&lines), vec![(101, 1), (860, 0)]);
    }

    #[test]
    fn a_municipality_without_target_group_gets_nothing() {
        let lines = allocate(10, &[applicant(101, 0), applicant(147, 3)]).unwrap();
        assert_eq!(amounts(&lines), vec![(101, 0), (147, 10)]);
        assert_eq!(lines[0].exact_quota_string(), "0.000000");
    }

    #[test]
    fn a_single_applicant_gets_the_whole_pool() {
        let lines = allocate(POOL, &[applicant(615, 320)]).unwrap();
        assert_eq!(amounts(&lines), vec![(615, POOL)]);
    }

    #[test]
    fn impossible_allocations_are_refused_with_a_reason() {
        assert_eq!(allocate(POOL, &[]), Err(AllocationError::NoApplicants));
        assert_eq!(
            allocate(POOL, &[applicant(101, 0)]),
            Err(AllocationError::ZeroTargetGroup)
        );
        assert_eq!(
            allocate(0, &[applicant(101, 1)]),
            Err(AllocationError::TotalNotPositive(0))
        );
        assert_eq!(
            allocate(-5, &[applicant(101, 1)]),
            Err(AllocationError::TotalNotPositive(-5))
        );
        assert_eq!(
            allocate(
                POOL,
                &[applicant(615, 1), applicant(101, 2), applicant(615, 3)]
            ),
            Err(AllocationError::DuplicateMunicipality(
                MunicipalityCode::try_from(615).unwrap()
            ))
        );
        assert_eq!(AllocationError::Overflow.key(), "allocation-overflow");
    }

    #[test]
    fn the_largest_figures_do_not_overflow() {
        let lines = allocate(i64::MAX, &[applicant(101, u64::MAX), applicant(147, 1)]).unwrap();
        assert_eq!(
            lines
                .iter()
                .map(|l| i128::from(l.amount_kroner))
                .sum::<i128>(),
            i128::from(i64::MAX)
        );
    }

    /// Each official code with an optional target group: `None` means it did not apply.
    fn applicant_sets(max_count: u64) -> impl Strategy<Value = Vec<Applicant>> {
        let codes: Vec<MunicipalityCode> = municipality::all().iter().map(|m| m.code).collect();
        prop::collection::vec(prop::option::of(0..=max_count), codes.len())
            .prop_map(move |counts| {
                codes
                    .iter()
                    .zip(counts)
                    .filter_map(|(&code, count)| {
                        count.map(|target_group| Applicant { code, target_group })
                    })
                    .collect::<Vec<_>>()
            })
            .prop_filter("needs a target group", |a| {
                a.iter().any(|a| a.target_group > 0)
            })
    }

    proptest! {
        #[test]
        fn parts_always_sum_to_the_pool(total in 1i64..=10_000_000_000, applicants in applicant_sets(50_000)) {
            let lines = allocate(total, &applicants).unwrap();
            prop_assert_eq!(lines.iter().map(|l| l.amount_kroner).sum::<i64>(), total);
            prop_assert_eq!(lines.len(), applicants.len());
        }

        #[test]
        fn nobody_ends_a_krone_or_more_from_the_exact_quota(
            total in 1i64..=10_000_000_000,
            applicants in applicant_sets(50_000),
        ) {
            for line in allocate(total, &applicants).unwrap() {
                let exact = i128::from(total) * i128::from(line.target_group);
                let given = i128::from(line.amount_kroner) * line.denominator as i128;
                prop_assert!((given - exact).abs() < line.denominator as i128);
                prop_assert_eq!(line.extra_krone, line.rank.is_some());
                prop_assert_eq!(line.amount_kroner - line.quota_floor_kroner, i64::from(line.extra_krone));
            }
        }

        #[test]
        fn a_larger_target_group_never_gets_less(total in 1i64..=10_000_000_000, applicants in applicant_sets(50_000)) {
            let lines = allocate(total, &applicants).unwrap();
            for a in &lines {
                for b in &lines {
                    if a.target_group > b.target_group {
                        prop_assert!(a.amount_kroner >= b.amount_kroner);
                    }
                }
            }
        }

        #[test]
        fn extra_kroner_go_to_the_largest_remainders(total in 1i64..=1_000_000, applicants in applicant_sets(100)) {
            let lines = allocate(total, &applicants).unwrap();
            let mut ranked: Vec<_> = lines.iter().filter_map(|l| l.rank).collect();
            ranked.sort_unstable();
            prop_assert_eq!(ranked, (1..).take(lines.iter().filter(|l| l.extra_krone).count()).collect::<Vec<u32>>());
            for with in lines.iter().filter(|l| l.extra_krone) {
                for without in lines.iter().filter(|l| !l.extra_krone) {
                    prop_assert_eq!(remainder_order(with, without), Ordering::Less);
                }
            }
        }

        #[test]
        fn the_result_does_not_depend_on_input_order(
            total in 1i64..=10_000_000_000,
            (applicants, shuffled) in applicant_sets(1_000).prop_flat_map(|a| (Just(a.clone()), Just(a).prop_shuffle())),
        ) {
            let lines = allocate(total, &applicants).unwrap();
            prop_assert_eq!(&lines, &allocate(total, &shuffled).unwrap());
            prop_assert!(lines.windows(2).all(|w| w[0].code < w[1].code));
        }

        #[test]
        fn equal_target_groups_differ_by_at_most_one_krone(total in 1i64..=10_000_000_000, n in 1usize..=98, count in 1u64..=50_000) {
            let applicants: Vec<_> = municipality::all().iter().take(n)
                .map(|m| Applicant { code: m.code, target_group: count }).collect();
            let lines = allocate(total, &applicants).unwrap();
            let low = lines.iter().map(|l| l.amount_kroner).min().unwrap();
            let high = lines.iter().map(|l| l.amount_kroner).max().unwrap();
            prop_assert!(high - low <= 1);
            // Lower codes come first under the tie rule.
            prop_assert!(lines.windows(2).all(|w| w[0].amount_kroner >= w[1].amount_kroner));
        }

        #[test]
        fn a_single_applicant_always_gets_everything(total in 1i64..=i64::MAX, count in 1u64..=u64::MAX) {
            let lines = allocate(total, &[applicant(615, count)]).unwrap();
            prop_assert_eq!(lines[0].amount_kroner, total);
            prop_assert!(!lines[0].extra_krone);
        }

        #[test]
        fn all_98_municipalities_applying_share_the_pool_exactly(
            total in 1i64..=10_000_000_000,
            counts in prop::collection::vec(0u64..=5_000, 98),
        ) {
            prop_assume!(counts.iter().any(|&c| c > 0));
            let applicants: Vec<_> = municipality::all().iter().zip(&counts)
                .map(|(m, &target_group)| Applicant { code: m.code, target_group }).collect();
            let lines = allocate(total, &applicants).unwrap();
            prop_assert_eq!(lines.len(), 98);
            prop_assert_eq!(lines.iter().map(|l| l.amount_kroner).sum::<i64>(), total);
            let leftover = lines.iter().filter(|l| l.extra_krone).count();
            prop_assert!(leftover < 98);
            for line in lines.iter().filter(|l| l.target_group == 0) {
                prop_assert_eq!(line.amount_kroner, 0);
            }
        }
    }
}
