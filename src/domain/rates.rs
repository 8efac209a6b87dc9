//! Rates (rater): the instalments a grant is paid in, each a share of the grant
//! that may not be paid before a given date.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::money::Ore;

/// 100 % in basis points (1 bp = 0.01 %).
pub const WHOLE_IN_BASIS_POINTS: u32 = 10_000;

/// One rate of a pool's rate schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateSpec {
    /// 1 for the first rate.
    pub number: u8,
    pub share_basis_points: u32,
    /// Not payable before this date (tidligst), e.g. once the finance act
    /// (finanslov) of that year is passed.
    pub earliest: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ScheduleError {
    #[error("the schedule has no rates")]
    Empty,
    #[error("rates must be numbered 1, 2, 3, …; rate {expected} is numbered {found}")]
    NotConsecutive { expected: usize, found: u8 },
    #[error("rate {number} has a share of zero")]
    ZeroShare { number: u8 },
    #[error("the shares add up to {sum} basis points, not 10000 (100 %)")]
    SharesNotWhole { sum: u64 },
    #[error("rate {number} may be paid earlier than the rate before it")]
    EarliestDateDecreases { number: u8 },
}

impl ScheduleError {
    pub fn key(&self) -> &'static str {
        match self {
            ScheduleError::Empty => "rates-empty",
            ScheduleError::NotConsecutive { .. } => "rates-not-consecutive",
            ScheduleError::ZeroShare { .. } => "rates-zero-share",
            ScheduleError::SharesNotWhole { .. } => "rates-shares-not-whole",
            ScheduleError::EarliestDateDecreases { .. } => "rates-earliest-decreases",
        }
    }
}

/// A schedule is valid when its rates are numbered 1..n in order, every share is
/// positive, the shares add up to exactly 100 %, and no rate may be paid earlier
/// than the one before it (no date counts as the earliest possible).
pub fn validate_schedule(rates: &[RateSpec]) -> Result<(), ScheduleError> {
    if rates.is_empty() {
        return Err(ScheduleError::Empty);
    }
    for (index, rate) in rates.iter().enumerate() {
        let expected = index + 1;
        if usize::from(rate.number) != expected {
            return Err(ScheduleError::NotConsecutive {
                expected,
                found: rate.number,
            });
        }
        if rate.share_basis_points == 0 {
            return Err(ScheduleError::ZeroShare {
                number: rate.number,
            });
        }
    }
    let sum: u64 = rates.iter().map(|r| u64::from(r.share_basis_points)).sum();
    if sum != u64::from(WHOLE_IN_BASIS_POINTS) {
        return Err(ScheduleError::SharesNotWhole { sum });
    }
    if let Some(pair) = rates
        .windows(2)
        .find(|pair| pair[1].earliest < pair[0].earliest)
    {
        return Err(ScheduleError::EarliestDateDecreases {
            number: pair[1].number,
        });
    }
    Ok(())
}

/// Splits a grant into its rates. Rounding rule: every rate but the last is its
/// exact share rounded down, in whole kroner when the grant is whole kroner and in
/// øre otherwise; the LAST rate is the rest, so it absorbs the rounding and the
/// rates add up to the grant exactly. A municipality can check every figure but the
/// last by hand, and the last is simply "what remains".
pub fn split(total: Ore, rates: &[RateSpec]) -> Result<Vec<Ore>, ScheduleError> {
    validate_schedule(rates)?;
    let (_, leading) = rates.split_last().ok_or(ScheduleError::Empty)?;
    let unit: i64 = if total.kroner_if_whole().is_some() {
        100
    } else {
        1
    };
    let units = i128::from(total.as_i64() / unit);
    let mut parts = Vec::with_capacity(rates.len());
    let mut rest = total;
    for rate in leading {
        // units < 2^63 and a share <= 10000, so the product fits in i128, and the
        // quotient is at most `units`, so it fits back in i64.
        let share = units * i128::from(rate.share_basis_points) / i128::from(WHOLE_IN_BASIS_POINTS);
        let part = i64::try_from(share)
            .ok()
            .and_then(|s| s.checked_mul(unit))
            .and_then(Ore::from_ore)
            .unwrap_or(Ore::ZERO);
        rest = rest.checked_sub(part).unwrap_or(Ore::ZERO);
        parts.push(part);
    }
    parts.push(rest);
    Ok(parts)
}

/// The schedule of "Flere skal med": 30 % on commitment (tilsagn), 40 % from
/// January 2018 and 30 % from January 2019, after the finance acts of those years.
pub fn flere_skal_med_default() -> Vec<RateSpec> {
    vec![
        RateSpec {
            number: 1,
            share_basis_points: 3_000,
            earliest: None,
        },
        RateSpec {
            number: 2,
            share_basis_points: 4_000,
            earliest: NaiveDate::from_ymd_opt(2018, 1, 1),
        },
        RateSpec {
            number: 3,
            share_basis_points: 3_000,
            earliest: NaiveDate::from_ymd_opt(2019, 1, 1),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn kr(kroner: i64) -> Ore {
        Ore::from_kroner(kroner).unwrap()
    }

    fn rate(number: u8, share_basis_points: u32, earliest: Option<(i32, u32)>) -> RateSpec {
        RateSpec {
            number,
            share_basis_points,
            earliest: earliest.and_then(|(y, m)| NaiveDate::from_ymd_opt(y, m, 1)),
        }
    }

    #[test]
    fn flere_skal_med_pays_30_40_30() {
        let schedule = flere_skal_med_default();
        assert_eq!(validate_schedule(&schedule), Ok(()));
        assert_eq!(schedule[1].earliest, NaiveDate::from_ymd_opt(2018, 1, 1));
        assert_eq!(schedule[2].earliest, NaiveDate::from_ymd_opt(2019, 1, 1));
    }

    #[test]
    fn hernings_grant_of_2_235_074_kroner_is_split_with_the_last_rate_taking_the_rest() {
        let parts = split(kr(2_235_074), &flere_skal_med_default()).unwrap();
        assert_eq!(parts, vec![kr(670_522), kr(894_029), kr(670_523)]);
    }

    #[test]
    fn horsens_grant_of_3_289_600_kroner_splits_evenly() {
        let parts = split(kr(3_289_600), &flere_skal_med_default()).unwrap();
        assert_eq!(parts, vec![kr(986_880), kr(1_315_840), kr(986_880)]);
    }

    #[test]
    fn a_grant_with_ore_is_split_in_ore() {
        let total = Ore::from_ore(1_001).unwrap();
        let parts = split(total, &flere_skal_med_default()).unwrap();
        let ore: Vec<i64> = parts.iter().map(|p| p.as_i64()).collect();
        assert_eq!(ore, vec![300, 400, 301]);
    }

    #[test]
    fn a_zero_grant_has_zero_rates() {
        assert_eq!(
            split(Ore::ZERO, &flere_skal_med_default()),
            Ok(vec![Ore::ZERO; 3])
        );
    }

    #[test]
    fn invalid_schedules_are_refused() {
        assert_eq!(validate_schedule(&[]), Err(ScheduleError::Empty));
        assert_eq!(
            validate_schedule(&[rate(1, 5_000, None), rate(3, 5_000, None)]),
            Err(ScheduleError::NotConsecutive {
                expected: 2,
                found: 3
            })
        );
        assert_eq!(
            validate_schedule(&[rate(1, 10_000, None), rate(2, 0, None)]),
            Err(ScheduleError::ZeroShare { number: 2 })
        );
        assert_eq!(
            validate_schedule(&[rate(1, 3_000, None), rate(2, 4_000, None)]),
            Err(ScheduleError::SharesNotWhole { sum: 7_000 })
        );
        assert_eq!(
            validate_schedule(&[rate(1, u32::MAX, None), rate(2, u32::MAX, None)]),
            Err(ScheduleError::SharesNotWhole {
                sum: 2 * u64::from(u32::MAX)
            })
        );
        assert_eq!(
            validate_schedule(&[
                rate(1, 5_000, Some((2019, 1))),
                rate(2, 5_000, Some((2018, 1)))
            ]),
            Err(ScheduleError::EarliestDateDecreases { number: 2 })
        );
        assert_eq!(
            validate_schedule(&[rate(1, 5_000, Some((2018, 1))), rate(2, 5_000, None)]),
            Err(ScheduleError::EarliestDateDecreases { number: 2 })
        );
        assert_eq!(
            split(kr(100), &[rate(1, 3_000, None)]),
            Err(ScheduleError::SharesNotWhole { sum: 3_000 })
        );
        assert_eq!(ScheduleError::Empty.key(), "rates-empty");
    }

    /// Valid schedules of 1 to 12 rates with random positive shares.
    fn schedules() -> impl Strategy<Value = Vec<RateSpec>> {
        prop::collection::btree_set(1u32..WHOLE_IN_BASIS_POINTS, 0..12).prop_map(|cuts| {
            let mut bounds: Vec<u32> = cuts.into_iter().collect();
            bounds.push(WHOLE_IN_BASIS_POINTS);
            let mut previous = 0;
            bounds
                .into_iter()
                .zip(1u8..)
                .map(|(bound, number)| {
                    let share = bound - previous;
                    previous = bound;
                    rate(number, share, None)
                })
                .collect()
        })
    }

    fn totals() -> impl Strategy<Value = Ore> {
        prop_oneof![
            (0i64..=10_000_000_000).prop_map(|k| Ore::from_kroner(k).unwrap()),
            (0i64..=1_000_000_000_000).prop_map(|o| Ore::from_ore(o).unwrap()),
            (0i64..=i64::MAX).prop_map(|o| Ore::from_ore(o).unwrap()),
        ]
    }

    proptest! {
        #[test]
        fn rates_add_up_to_the_grant_exactly(total in totals(), schedule in schedules()) {
            let parts = split(total, &schedule).unwrap();
            prop_assert_eq!(parts.len(), schedule.len());
            let sum: i128 = parts.iter().map(|p| i128::from(p.as_i64())).sum();
            prop_assert_eq!(sum, i128::from(total.as_i64()));
        }

        // Each rate but the last is at most one unit (krone, or øre for a grant
        // with øre) below its exact share; the last is above its exact share by
        // less than one unit per other rate, since it collects their roundings.
        #[test]
        fn each_rate_is_close_to_its_exact_share(total in totals(), schedule in schedules()) {
            let parts = split(total, &schedule).unwrap();
            let unit: i128 = if total.kroner_if_whole().is_some() { 100 } else { 1 };
            let whole = i128::from(WHOLE_IN_BASIS_POINTS);
            let last = parts.len() - 1;
            for (index, (part, rate)) in parts.iter().zip(&schedule).enumerate() {
                prop_assert_eq!(i128::from(part.as_i64()) % unit, 0);
                let error = i128::from(part.as_i64()) * whole
                    - i128::from(total.as_i64()) * i128::from(rate.share_basis_points);
                if index < last {
                    prop_assert!(error <= 0 && error > -unit * whole);
                } else {
                    prop_assert!(error >= 0 && error < unit * whole * last.max(1) as i128);
                }
            }
        }

        #[test]
        fn flere_skal_med_rates_stay_within_two_kroner(kroner in 0i64..=1_000_000_000) {
            let parts = split(kr(kroner), &flere_skal_med_default()).unwrap();
            let shares = [3, 4, 3];
            for (part, share) in parts.iter().zip(shares) {
                let error = part.as_i64() * 10 - kr(kroner).as_i64() * share;
                prop_assert!(error.abs() < 2 * 100 * 10);
            }
        }
    }
}
