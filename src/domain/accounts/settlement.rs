//! Settling a grant on its approved final account: what is eligible, what is claimed
//! back, and what becomes of the rates not yet paid (`docs/accounts.md`, "Settlement").

use thiserror::Error;

use crate::domain::money::Ore;

/// What settling on the final account does with a rate not yet paid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RateOutcome {
    /// Stays payable in full: it fits in the approved spend.
    Keep,
    /// Stays payable, cut to this amount: it straddles the approved spend.
    Cut(Ore),
    /// Cancelled with the reason "regnskab": it lies beyond the approved spend.
    Cancel,
}

/// The figures settling starts from, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettlementInput {
    pub commitment: Ore,
    /// The sum of the rates paid.
    pub paid: Ore,
    /// The sum of the approved final account's lines.
    pub actual: Ore,
    /// The sum of the ineligible amounts the officer found.
    pub ineligible: Ore,
    /// The rates not yet paid, (rate number, amount), in rate order.
    pub pending: Vec<(i32, Ore)>,
}

/// The settlement of a grant on its final account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settlement {
    /// min(actual − ineligible, commitment).
    pub eligible: Ore,
    /// max(0, paid − eligible): the repayment claim; zero means no claim.
    pub claim: Ore,
    /// What the kept and cut rates still pay: min(eligible − paid, pending) when positive.
    pub still_payable: Ore,
    /// Each pending rate with what becomes of it, in rate order.
    pub rates: Vec<(i32, RateOutcome)>,
}

/// Figures that cannot come from the database's checks; settling refuses them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum SettleError {
    #[error("the ineligible amounts exceed the actual spend")]
    IneligibleAboveActual,
    #[error("the paid and pending rates exceed the commitment")]
    RatesAboveCommitment,
}

/// Settles a grant: eligible = min(actual − ineligible, commitment), so overspend is never
/// paid; claim = max(0, paid − eligible), to the øre. The pending rates, in order, are
/// kept while they fit in what is left to pay (eligible − paid), the one that straddles it
/// is cut to the remainder, and those beyond are cancelled. In all the municipality
/// keeps exactly min(eligible, paid + pending), never more than the commitment.
pub fn settle(input: &SettlementInput) -> Result<Settlement, SettleError> {
    let spent = input
        .actual
        .checked_sub(input.ineligible)
        .ok_or(SettleError::IneligibleAboveActual)?;
    Ore::checked_sum(input.pending.iter().map(|(_, a)| *a))
        .ok()
        .and_then(|pending| pending.checked_add(input.paid))
        .filter(|rates| *rates <= input.commitment)
        .ok_or(SettleError::RatesAboveCommitment)?;
    let eligible = spent.min(input.commitment);
    let claim = input.paid.checked_sub(eligible).unwrap_or(Ore::ZERO);
    let mut left = eligible.checked_sub(input.paid).unwrap_or(Ore::ZERO);
    let mut still_payable = Ore::ZERO;
    let rates = input
        .pending
        .iter()
        .map(|(no, amount)| {
            let outcome = if *amount <= left {
                RateOutcome::Keep
            } else if left > Ore::ZERO {
                RateOutcome::Cut(left)
            } else {
                RateOutcome::Cancel
            };
            let pays = match outcome {
                RateOutcome::Keep => *amount,
                RateOutcome::Cut(to) => to,
                RateOutcome::Cancel => Ore::ZERO,
            };
            left = left.checked_sub(pays).unwrap_or(Ore::ZERO);
            still_payable = still_payable.checked_add(pays).unwrap_or(still_payable);
            (*no, outcome)
        })
        .collect();
    Ok(Settlement {
        eligible,
        claim,
        still_payable,
        rates,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn kr(k: i64) -> Ore {
        Ore::from_kroner(k).unwrap_or(Ore::ZERO)
    }

    fn ore(o: i64) -> Ore {
        Ore::from_ore(o).unwrap_or(Ore::ZERO)
    }

    fn herning_rates() -> [Ore; 3] {
        // 2.235.074 kr. split 30/40/30 (domain::rates::split).
        [kr(670_522), kr(894_029), kr(670_523)]
    }

    #[test]
    fn spending_less_than_was_paid_is_claimed_back_to_the_ore() {
        let [r1, r2, r3] = herning_rates();
        let s = settle(&SettlementInput {
            commitment: kr(2_235_074),
            paid: r1.checked_add(r2).unwrap(),
            actual: ore(130_000_050),
            ineligible: ore(25),
            pending: vec![(3, r3)],
        })
        .unwrap();
        assert_eq!(s.eligible, ore(130_000_025));
        assert_eq!(s.claim, ore(156_455_100 - 130_000_025));
        assert_eq!(s.still_payable, Ore::ZERO);
        assert_eq!(s.rates, vec![(3, RateOutcome::Cancel)]);
    }

    #[test]
    fn the_rate_that_straddles_the_spend_is_cut_and_the_rest_cancelled() {
        let [r1, r2, r3] = herning_rates();
        let s = settle(&SettlementInput {
            commitment: kr(2_235_074),
            paid: r1,
            actual: kr(1_000_000),
            ineligible: Ore::ZERO,
            pending: vec![(2, r2), (3, r3)],
        })
        .unwrap();
        assert_eq!(s.claim, Ore::ZERO);
        assert_eq!(
            s.rates,
            vec![(2, RateOutcome::Cut(kr(329_478))), (3, RateOutcome::Cancel)]
        );
        assert_eq!(s.still_payable, kr(329_478));
    }

    #[test]
    fn overspend_is_never_paid_beyond_the_commitment() {
        let [r1, r2, r3] = herning_rates();
        let s = settle(&SettlementInput {
            commitment: kr(2_235_074),
            paid: r1.checked_add(r2).unwrap(),
            actual: kr(3_000_000),
            ineligible: kr(100_000),
            pending: vec![(3, r3)],
        })
        .unwrap();
        assert_eq!(s.eligible, kr(2_235_074));
        assert_eq!((s.claim, s.still_payable), (Ore::ZERO, r3));
        assert_eq!(s.rates, vec![(3, RateOutcome::Keep)]);
    }

    #[test]
    fn spending_exactly_what_was_paid_settles_without_a_claim() {
        let s = settle(&SettlementInput {
            commitment: kr(600_000),
            paid: kr(600_000),
            actual: kr(600_000),
            ineligible: Ore::ZERO,
            pending: vec![],
        })
        .unwrap();
        assert_eq!(
            (s.eligible, s.claim, s.still_payable),
            (kr(600_000), Ore::ZERO, Ore::ZERO)
        );
    }

    #[test]
    fn figures_that_cannot_be_are_refused() {
        let input = SettlementInput {
            commitment: kr(100),
            paid: kr(60),
            actual: kr(10),
            ineligible: kr(11),
            pending: vec![(2, kr(40))],
        };
        assert_eq!(settle(&input), Err(SettleError::IneligibleAboveActual));
        let input = SettlementInput {
            ineligible: Ore::ZERO,
            pending: vec![(2, kr(41))],
            ..input
        };
        assert_eq!(settle(&input), Err(SettleError::RatesAboveCommitment));
    }

    /// A commitment, its rates (paid and pending, adding up to at most the commitment),
    /// and an account with ineligible amounts within the actual spend.
    fn settlement_input() -> impl Strategy<Value = SettlementInput> {
        (
            1i64..=100_000_000_000,
            proptest::collection::vec((any::<bool>(), 0u32..=10_000), 1..5),
            0i64..=300_000_000_000,
            0u32..=10_000,
        )
            .prop_map(|(commitment, rates, actual, ineligible_bp)| {
                let total_bp: u64 = rates.iter().map(|(_, w)| u64::from(*w) + 1).sum();
                let mut paid = 0i64;
                let mut pending = Vec::new();
                for (no, (is_paid, w)) in rates.iter().enumerate() {
                    let part = i64::try_from(
                        i128::from(commitment) * i128::from(u64::from(*w) + 1)
                            / i128::from(total_bp),
                    )
                    .unwrap_or(0);
                    if *is_paid {
                        paid += part;
                    } else {
                        pending.push((i32::try_from(no).unwrap_or(0) + 1, ore(part)));
                    }
                }
                SettlementInput {
                    commitment: ore(commitment),
                    paid: ore(paid),
                    actual: ore(actual),
                    ineligible: ore(actual / 10_000 * i64::from(ineligible_bp)),
                    pending,
                }
            })
    }

    proptest! {
        #[test]
        fn the_claim_is_paid_minus_eligible_never_negative_and_to_the_ore(
            input in settlement_input()
        ) {
            let s = settle(&input).unwrap();
            let (paid, actual, inel, commitment) = (
                i128::from(input.paid.as_i64()),
                i128::from(input.actual.as_i64()),
                i128::from(input.ineligible.as_i64()),
                i128::from(input.commitment.as_i64()),
            );
            let eligible = (actual - inel).min(commitment);
            prop_assert_eq!(i128::from(s.eligible.as_i64()), eligible);
            prop_assert_eq!(i128::from(s.claim.as_i64()), (paid - eligible).max(0));
            prop_assert!(s.claim >= Ore::ZERO);
        }

        #[test]
        fn the_municipality_ends_with_exactly_min_of_eligible_and_what_the_rates_allow(
            input in settlement_input()
        ) {
            let s = settle(&input).unwrap();
            let pending: i64 = input.pending.iter().map(|(_, a)| a.as_i64()).sum();
            let kept: i64 = input
                .pending
                .iter()
                .zip(&s.rates)
                .map(|((_, amount), (_, outcome))| match outcome {
                    RateOutcome::Keep => amount.as_i64(),
                    RateOutcome::Cut(to) => {
                        assert!(*to > Ore::ZERO && to < amount);
                        to.as_i64()
                    }
                    RateOutcome::Cancel => 0,
                })
                .sum();
            prop_assert_eq!(kept, s.still_payable.as_i64());
            let received = input.paid.as_i64() + kept - s.claim.as_i64();
            prop_assert_eq!(
                received,
                s.eligible.as_i64().min(input.paid.as_i64() + pending)
            );
            prop_assert!(received <= input.commitment.as_i64());
            // At most one rate is cut, and every rate after a cut or cancelled one is cancelled.
            let first_short = s.rates.iter().position(|(_, o)| *o != RateOutcome::Keep);
            if let Some(i) = first_short {
                prop_assert!(s.rates[i + 1..].iter().all(|(_, o)| *o == RateOutcome::Cancel));
            }
        }

    }
}
