//! Amounts of money (beløb) and parsing of what people type into amount fields.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

const ORE_PER_KRONE: i64 = 100;

/// The largest amount anyone can type, in kroner: 10^12 kr. (a thousand billion), far
/// above any pool or budget line, yet small enough that a hundred thousand such amounts
/// still add up in `i64` øre. Sums are checked all the same ([`Ore::checked_sum`]).
pub const MAX_AMOUNT_KRONER: i64 = 1_000_000_000_000;

/// An amount in øre (1 krone = 100 øre). Never negative: every amount the system
/// stores (pool, grant, rate, payout, budget line, repayment) is a size, and a
/// difference that may go below zero is a plain `i64`, so it cannot be paid by mistake.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(try_from = "i64", into = "i64")]
pub struct Ore(i64);

/// A negative number where an amount was expected, e.g. a corrupt stored value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("amount must not be negative, got {0} øre")]
pub struct NegativeAmount(pub i64);

/// Amounts that add up to more than the system can count in øre. The web layer shows
/// the catalogue message named by [`SumTooLarge::key`] on the field of the sum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("the amounts add up to more than the system can count; correct the amounts")]
pub struct SumTooLarge;

impl SumTooLarge {
    pub fn key(&self) -> &'static str {
        "money-sum-too-large"
    }
}

impl Ore {
    pub const ZERO: Ore = Ore(0);
    /// [`MAX_AMOUNT_KRONER`] in øre, the most [`parse_kroner_input`] accepts.
    pub const MAX: Ore = Ore(MAX_AMOUNT_KRONER * ORE_PER_KRONE);

    /// `None` if negative.
    pub fn from_ore(ore: i64) -> Option<Ore> {
        (ore >= 0).then_some(Ore(ore))
    }

    /// `None` if negative or too large to hold in øre.
    pub fn from_kroner(kroner: i64) -> Option<Ore> {
        if kroner < 0 {
            return None;
        }
        kroner.checked_mul(ORE_PER_KRONE).map(Ore)
    }

    pub fn as_i64(self) -> i64 {
        self.0
    }

    /// Whole kroner, or `None` when there are øre; allocations and rates of
    /// whole-krone grants stay in whole kroner, so callers need to know.
    pub fn kroner_if_whole(self) -> Option<i64> {
        (self.0 % ORE_PER_KRONE == 0).then_some(self.0 / ORE_PER_KRONE)
    }

    pub fn checked_add(self, other: Ore) -> Option<Ore> {
        self.0.checked_add(other.0).map(Ore)
    }

    /// The sum of `amounts`, or [`SumTooLarge`] where a plain `sum()` would wrap (or
    /// panic in a debug build).
    pub fn checked_sum<I: IntoIterator<Item = Ore>>(amounts: I) -> Result<Ore, SumTooLarge> {
        amounts
            .into_iter()
            .try_fold(Ore::ZERO, |sum, amount| sum.checked_add(amount))
            .ok_or(SumTooLarge)
    }

    /// `None` if the result would be negative.
    pub fn checked_sub(self, other: Ore) -> Option<Ore> {
        self.0.checked_sub(other.0).and_then(Ore::from_ore)
    }
}

impl TryFrom<i64> for Ore {
    type Error = NegativeAmount;

    fn try_from(ore: i64) -> Result<Self, Self::Error> {
        Ore::from_ore(ore).ok_or(NegativeAmount(ore))
    }
}

impl From<Ore> for i64 {
    fn from(amount: Ore) -> i64 {
        amount.0
    }
}

/// Danish notation, "2.235.074 kr." or "1.234.567,89 kr.", which
/// [`parse_kroner_input`] reads back.
impl fmt::Display for Ore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = (self.0 / ORE_PER_KRONE).to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        // Counting down to the next dot keeps this within Rust 1.85 (the crate's
        // MSRV), which lacks `is_multiple_of`.
        let mut until_dot = match digits.len() % 3 {
            0 => 3,
            r => r,
        };
        for digit in digits.chars() {
            if until_dot == 0 {
                grouped.push('.');
                until_dot = 3;
            }
            grouped.push(digit);
            until_dot -= 1;
        }
        match self.0 % ORE_PER_KRONE {
            0 => write!(f, "{grouped} kr."),
            ore => write!(f, "{grouped},{ore:02} kr."),
        }
    }
}

/// Why an amount field could not be read. The web layer shows the catalogue
/// message named by [`MoneyError::key`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MoneyError {
    #[error("no amount was entered")]
    Empty,
    #[error("the amount must not be negative")]
    Negative,
    #[error("the amount contains {0:?}; use digits, '.' between thousands and ',' before øre")]
    InvalidCharacter(char),
    #[error("the amount has more than two decimals (øre)")]
    TooManyDecimals,
    #[error("the amount is ambiguous: write thousands with '.' or space and øre after ','")]
    Ambiguous,
    #[error("the amount is not written as a number, e.g. 257.000.000 or 1.234,50")]
    Malformed,
    #[error("the amount is more than {max}, the most the system takes", max = Ore::MAX)]
    TooLarge,
}

impl MoneyError {
    pub fn key(&self) -> &'static str {
        match self {
            MoneyError::Empty => "money-empty",
            MoneyError::Negative => "money-negative",
            MoneyError::InvalidCharacter(_) => "money-invalid-character",
            MoneyError::TooManyDecimals => "money-too-many-decimals",
            MoneyError::Ambiguous => "money-ambiguous",
            MoneyError::Malformed => "money-malformed",
            MoneyError::TooLarge => "money-too-large",
        }
    }
}

/// Reads an amount in kroner as Danish users write it: "257000000", "257.000.000",
/// "257 000 000", "1.234.567,89", "1234567,5", "100,-", with an optional "kr."/"kr"
/// before or after. Forms that mean different things in English and Danish
/// ("1,234,567", "1.23", "1,234") are rejected rather than guessed, because a
/// wrong guess is off by a factor of a thousand. Nothing above [`Ore::MAX`] is accepted.
pub fn parse_kroner_input(input: &str) -> Result<Ore, MoneyError> {
    let text = strip_currency(input.trim_matches(is_blank));
    if text.is_empty() {
        return Err(MoneyError::Empty);
    }
    if text.starts_with(['-', '\u{2212}']) {
        return Err(MoneyError::Negative);
    }
    // "100,-" is the Danish way of writing a whole amount.
    let text = text.strip_suffix(",-").map_or(text, |t| t);
    if let Some(c) = text
        .chars()
        .find(|&c| !(c.is_ascii_digit() || c == '.' || c == ',' || is_blank(c)))
    {
        return Err(MoneyError::InvalidCharacter(c));
    }
    let (kroner_text, ore_text) = match text.split_once(',') {
        Some((kroner, ore)) => (kroner, Some(ore)),
        None => (text, None),
    };
    let ore = match ore_text {
        Some(ore) => parse_ore(kroner_text, ore)?,
        None => 0,
    };
    let kroner = parse_grouped_kroner(kroner_text, ore_text.is_some())?;
    kroner
        .checked_mul(ORE_PER_KRONE)
        .and_then(|k| k.checked_add(ore))
        .map(Ore)
        .filter(|amount| *amount <= Ore::MAX)
        .ok_or(MoneyError::TooLarge)
}

fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{a0}' | '\u{202f}')
}

fn strip_currency(text: &str) -> &str {
    let mut text = text;
    for unit in ["kr.", "kr"] {
        let n = unit.len();
        if text
            .get(text.len().saturating_sub(n)..)
            .is_some_and(|s| s.eq_ignore_ascii_case(unit))
        {
            text = text
                .get(..text.len() - n)
                .map_or(text, |t| t.trim_end_matches(is_blank));
            break;
        }
    }
    for unit in ["kr.", "kr"] {
        if text
            .get(..unit.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(unit))
        {
            text = text
                .get(unit.len()..)
                .map_or(text, |t| t.trim_start_matches(is_blank));
            break;
        }
    }
    text
}

fn parse_ore(kroner_text: &str, ore_text: &str) -> Result<i64, MoneyError> {
    if ore_text.contains([',', '.']) {
        return Err(MoneyError::Ambiguous);
    }
    if ore_text.is_empty() || !ore_text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(MoneyError::Malformed);
    }
    let plain_kroner = kroner_text.bytes().all(|b| b.is_ascii_digit());
    match ore_text.len() {
        // "1,234" is one thousand two hundred and thirty-four in English.
        3 if plain_kroner => Err(MoneyError::Ambiguous),
        1 | 2 => {
            let value: i64 = ore_text.parse().map_err(|_| MoneyError::Malformed)?;
            Ok(if ore_text.len() == 1 {
                value * 10
            } else {
                value
            })
        }
        _ => Err(MoneyError::TooManyDecimals),
    }
}

fn parse_grouped_kroner(text: &str, has_ore: bool) -> Result<i64, MoneyError> {
    let dots = text.contains('.');
    let blanks = text.contains(is_blank);
    let groups: Vec<&str> = match (dots, blanks) {
        (false, false) => vec![text],
        (true, false) => text.split('.').collect(),
        (false, true) => text.split(is_blank).collect(),
        (true, true) => return Err(MoneyError::Malformed),
    };
    let digits_only = |g: &str| g.bytes().all(|b| b.is_ascii_digit());
    let well_grouped = groups.iter().all(|g| digits_only(g))
        && groups
            .first()
            .is_some_and(|g| !g.is_empty() && (groups.len() == 1 || g.len() <= 3))
        && groups.iter().skip(1).all(|g| g.len() == 3);
    if !well_grouped {
        // "1.23" or "1.5" is an English decimal point, not a Danish thousands dot.
        let english_decimals =
            dots && !has_ore && groups.len() == 2 && groups.iter().all(|g| digits_only(g));
        if english_decimals && groups.get(1).is_some_and(|g| (1..=2).contains(&g.len())) {
            return Err(MoneyError::Ambiguous);
        }
        return Err(MoneyError::Malformed);
    }
    groups
        .iter()
        .flat_map(|g| g.bytes())
        .try_fold(0i64, |acc, b| {
            acc.checked_mul(10)
                .and_then(|a| a.checked_add(i64::from(b - b'0')))
                .ok_or(MoneyError::TooLarge)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn kr(kroner: i64, ore: i64) -> Ore {
        Ore(kroner * 100 + ore)
    }

    #[test]
    fn the_pool_of_257_million_can_be_typed_in_every_danish_way() {
        for input in [
            "257000000",
            "257.000.000",
            "257 000 000",
            "257\u{a0}000\u{a0}000",
            " 257.000.000 kr. ",
            "257.000.000 kr",
            "257000000KR",
            "kr. 257.000.000",
            "257.000.000,00",
            "257.000.000,-",
        ] {
            assert_eq!(
                parse_kroner_input(input),
                Ok(kr(257_000_000, 0)),
                "{input:?}"
            );
        }
    }

    #[test]
    fn ore_come_after_the_comma() {
        assert_eq!(parse_kroner_input("1.234.567,89"), Ok(kr(1_234_567, 89)));
        assert_eq!(parse_kroner_input("1234567,5"), Ok(kr(1_234_567, 50)));
        assert_eq!(parse_kroner_input("0,05"), Ok(kr(0, 5)));
        assert_eq!(parse_kroner_input("1 234,56 kr."), Ok(kr(1234, 56)));
        assert_eq!(parse_kroner_input("1.234"), Ok(kr(1234, 0)));
        assert_eq!(parse_kroner_input("0"), Ok(Ore::ZERO));
    }

    #[test]
    fn each_kind_of_mistake_has_its_own_error() {
        let cases = [
            ("", MoneyError::Empty),
            ("  kr. ", MoneyError::Empty),
            ("-5", MoneyError::Negative),
            ("\u{2212}5 kr.", MoneyError::Negative),
            ("12a", MoneyError::InvalidCharacter('a')),
            ("ti kroner", MoneyError::InvalidCharacter('t')),
            ("+5", MoneyError::InvalidCharacter('+')),
            ("5-6", MoneyError::InvalidCharacter('-')),
            ("1,234,567", MoneyError::Ambiguous),
            ("1.23", MoneyError::Ambiguous),
            ("1.5", MoneyError::Ambiguous),
            ("1,234", MoneyError::Ambiguous),
            ("1,234.56", MoneyError::Ambiguous),
            ("1,2345", MoneyError::TooManyDecimals),
            ("1.234,567", MoneyError::TooManyDecimals),
            ("12.34,5", MoneyError::Malformed),
            ("1.2345", MoneyError::Malformed),
            ("1.234 567", MoneyError::Malformed),
            ("1..234", MoneyError::Malformed),
            ("1234.567", MoneyError::Malformed),
            (",50", MoneyError::Malformed),
            ("100,", MoneyError::Malformed),
            ("92233720368547759", MoneyError::TooLarge),
            ("99999999999999999999999", MoneyError::TooLarge),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_kroner_input(input), Err(expected), "{input:?}");
        }
    }

    #[test]
    fn the_most_anyone_can_type_is_a_thousand_billion_kroner() {
        assert_eq!(parse_kroner_input("1.000.000.000.000"), Ok(Ore::MAX));
        assert_eq!(Ore::MAX.to_string(), "1.000.000.000.000 kr.");
        for input in [
            "1.000.000.000.000,01",
            "1.000.000.000.001",
            "92233720368547758",
            "92.233.720.368.547.758 kr.",
        ] {
            assert_eq!(
                parse_kroner_input(input),
                Err(MoneyError::TooLarge),
                "{input:?}"
            );
        }
    }

    #[test]
    fn three_budget_rows_at_the_old_limit_do_not_wrap_but_report_the_sum() {
        let row = Ore(92_233_720_368_547_758 * 100);
        assert_eq!(Ore::checked_sum([row, row, row]), Err(SumTooLarge));
        assert_eq!(Ore::checked_sum([row]), Ok(row));
        assert_eq!(Ore::checked_sum([]), Ok(Ore::ZERO));
        assert_eq!(
            Ore::checked_sum([Ore(i64::MAX - 1), Ore(1)]),
            Ok(Ore(i64::MAX))
        );
        assert_eq!(SumTooLarge.key(), "money-sum-too-large");
    }

    #[test]
    fn every_error_has_a_distinct_catalogue_key() {
        let all = [
            MoneyError::Empty,
            MoneyError::Negative,
            MoneyError::InvalidCharacter('x'),
            MoneyError::TooManyDecimals,
            MoneyError::Ambiguous,
            MoneyError::Malformed,
            MoneyError::TooLarge,
        ];
        let mut keys: Vec<_> = all.iter().map(MoneyError::key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), all.len());
        assert!(keys.iter().all(|k| k.starts_with("money-")));
    }

    #[test]
    fn amounts_are_never_negative() {
        assert_eq!(Ore::from_kroner(-1), None);
        assert_eq!(Ore::from_ore(-1), None);
        assert_eq!(Ore::try_from(-1), Err(NegativeAmount(-1)));
        assert_eq!(Ore(5).checked_sub(Ore(6)), None);
        assert_eq!(Ore::from_kroner(i64::MAX / 10), None);
        assert_eq!(Ore::from_kroner(2_235_074), Some(Ore(223_507_400)));
    }

    #[test]
    fn whole_kroner_are_recognised() {
        assert_eq!(kr(2_235_074, 0).kroner_if_whole(), Some(2_235_074));
        assert_eq!(kr(2_235_074, 1).kroner_if_whole(), None);
        assert_eq!(kr(7, 50).as_i64(), 750);
    }

    #[test]
    fn amounts_are_shown_in_danish_notation() {
        assert_eq!(kr(2_235_074, 0).to_string(), "2.235.074 kr.");
        assert_eq!(kr(1_234_567, 89).to_string(), "1.234.567,89 kr.");
        assert_eq!(kr(0, 5).to_string(), "0,05 kr.");
        assert_eq!(kr(999, 0).to_string(), "999 kr.");
    }

    #[test]
    fn serialises_as_a_plain_number_of_ore() {
        let amount: Ore = serde::Deserialize::deserialize(serde::de::value::I64Deserializer::<
            serde::de::value::Error,
        >::new(750))
        .unwrap();
        assert_eq!(amount, Ore(750));
        let negative: Result<Ore, _> =
            serde::Deserialize::deserialize(serde::de::value::I64Deserializer::<
                serde::de::value::Error,
            >::new(-1));
        assert!(negative.is_err());
    }

    proptest! {
        #[test]
        fn what_is_shown_is_read_back(ore in 0i64..=Ore::MAX.0) {
            let amount = Ore(ore);
            prop_assert_eq!(parse_kroner_input(&amount.to_string()), Ok(amount));
        }

        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,30}") {
            let _ = parse_kroner_input(&text);
        }

        #[test]
        fn plain_digits_are_whole_kroner(kroner in 0i64..=MAX_AMOUNT_KRONER) {
            prop_assert_eq!(parse_kroner_input(&kroner.to_string()), Ok(Ore(kroner * 100)));
        }

        #[test]
        fn nothing_above_the_maximum_is_ever_accepted(
            text in "(kr\\. )?[0-9]{1,4}([. ]?[0-9]{3}){0,7}(,[0-9]{1,2}|,-)?( kr\\.)?",
        ) {
            if let Ok(amount) = parse_kroner_input(&text) {
                prop_assert!(amount <= Ore::MAX, "{text:?} read as {amount}");
            }
        }

        #[test]
        fn an_amount_above_the_maximum_is_too_large_however_it_is_written(
            ore in Ore::MAX.0 + 1..=i64::MAX,
        ) {
            let amount = Ore(ore);
            prop_assert_eq!(parse_kroner_input(&amount.to_string()), Err(MoneyError::TooLarge));
            let plain = format!("{}", ore / 100);
            prop_assert_eq!(parse_kroner_input(&plain), Err(MoneyError::TooLarge));
        }

        #[test]
        fn a_checked_sum_is_the_exact_sum_or_reports_that_it_does_not_fit(
            amounts in proptest::collection::vec(
                prop_oneof![0i64..=1_000_000, 0i64..=Ore::MAX.0, 0i64..=i64::MAX],
                0..6,
            ),
        ) {
            let exact: i128 = amounts.iter().map(|a| i128::from(*a)).sum();
            let sum = Ore::checked_sum(amounts.iter().map(|a| Ore(*a)));
            match i64::try_from(exact) {
                Ok(fits) => prop_assert_eq!(sum, Ok(Ore(fits))),
                Err(_) => prop_assert_eq!(sum, Err(SumTooLarge)),
            }
        }
    }
}
