//! The Danish national ID number (CPR-nummer), parsed only to be pseudonymised.
//!
//! A [`Cpr`] cannot be printed, serialised or cloned: its `Debug` shows
//! `Cpr(**********)` and it has no `Display` or `Serialize`. The only thing to do with
//! one is to hand it to [`super::pseudonym::Pseudonymizer::pseudonymize`]. Errors
//! never carry the input either, so a log line or an error page cannot leak it.

use std::fmt;

use thiserror::Error;

/// A syntactically valid CPR number: 10 digits whose first six are a real date of
/// birth (DDMMYY). There is deliberately no modulus-11 check: numbers issued since
/// 2007 need not satisfy it.
#[derive(PartialEq, Eq)]
pub struct Cpr([u8; 10]);

/// Why a CPR number was refused. No variant carries any of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Error)]
pub enum CprError {
    #[error("wrong length: a CPR number has 10 digits, DDMMYY-SSSS")]
    WrongLength,
    #[error("not digits: a CPR number is 10 digits, optionally with '-' after the sixth")]
    NotDigits,
    #[error("not a valid date: the first six digits of a CPR number are the birth date DDMMYY")]
    InvalidDate,
}

impl CprError {
    pub fn key(self) -> &'static str {
        match self {
            CprError::WrongLength => "cpr-wrong-length",
            CprError::NotDigits => "cpr-not-digits",
            CprError::InvalidDate => "cpr-invalid-date",
        }
    }
}

impl Cpr {
    /// Accepts `DDMMYYSSSS` or `DDMMYY-SSSS` with surrounding whitespace.
    ///
    /// Characters other than digits (a dash after the sixth digit excepted) give
    /// [`CprError::NotDigits`]; otherwise anything but 10 digits gives
    /// [`CprError::WrongLength`]; then the date part must be a real date, the
    /// century taken from the seventh digit and the year as the CPR office does:
    ///
    /// | 7th digit | YY 00–36 | YY 37–57 | YY 58–99 |
    /// |---|---|---|---|
    /// | 0–3 | 19YY | 19YY | 19YY |
    /// | 4, 9 | 20YY | 19YY | 19YY |
    /// | 5–8 | 20YY | 20YY | 18YY |
    pub fn parse(input: &str) -> Result<Cpr, CprError> {
        let bytes = input.trim().as_bytes();
        let dashed = bytes.get(6) == Some(&b'-');
        let mut digits = [0u8; 10];
        let mut count = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if dashed && i == 6 {
                continue;
            }
            if !b.is_ascii_digit() {
                return Err(CprError::NotDigits);
            }
            if let Some(slot) = digits.get_mut(count) {
                *slot = b - b'0';
            }
            count += 1;
        }
        if count != 10 {
            return Err(CprError::WrongLength);
        }
        if !valid_date(&digits) {
            return Err(CprError::InvalidDate);
        }
        for d in &mut digits {
            *d += b'0';
        }
        Ok(Cpr(digits))
    }

    /// The 10 ASCII digits, without a dash: what the pseudonym is computed from.
    pub(super) fn digits(&self) -> &[u8; 10] {
        &self.0
    }
}

impl fmt::Debug for Cpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Cpr(**********)")
    }
}

/// The full year of birth of a CPR number, from YY and the seventh digit.
pub fn birth_year(yy: u8, seventh: u8) -> i32 {
    let yy = i32::from(yy);
    let century = match seventh {
        0..=3 => 1900,
        4 | 9 if yy <= 36 => 2000,
        4 | 9 => 1900,
        _ if yy <= 57 => 2000,
        _ => 1800,
    };
    century + yy
}

/// Days in a month of the Gregorian calendar, 0 for a month that does not exist.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 0,
    }
}

// `digits` holds the values 0–9, not ASCII.
fn valid_date(digits: &[u8; 10]) -> bool {
    let [d1, d2, m1, m2, y1, y2, seventh, ..] = *digits;
    let day = d1 * 10 + d2;
    let month = m1 * 10 + m2;
    let year = birth_year(y1 * 10 + y2, seventh);
    day >= 1 && day <= days_in_month(year, month)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn both_written_forms_are_accepted() {
        let plain = Cpr::parse("0101901234").unwrap();
        let dashed = Cpr::parse("  010190-1234\t").unwrap();
        assert_eq!(plain, dashed);
        assert_eq!(plain.digits(), b"0101901234");
    }

    #[test]
    fn the_digits_are_never_shown() {
        let cpr = Cpr::parse("010190-1234").unwrap();
        assert_eq!(format!("{cpr:?}"), "Cpr(**********)");
        assert_eq!(
            format!("{:?}", Ok::<_, CprError>(cpr)),
            "Ok(Cpr(**********))"
        );
    }

    #[test]
    fn wrong_lengths_are_refused() {
        for input in [
            "",
            "   ",
            "010190123",
            "01019012345",
            "010190-123",
            "010190-12345",
            "010190-",
        ] {
            assert_eq!(Cpr::parse(input), Err(CprError::WrongLength), "{input:?}");
        }
    }

    #[test]
    fn anything_but_digits_is_refused() {
        for input in [
            "01019O1234",
            "010190 1234",
            "010190--1234",
            "0101-901234",
            "010190_1234",
            "0101901234-",
            "-0101901234",
            "٠١٠١٩٠١٢٣٤",
            "010190\u{2011}1234",
            "+101901234",
        ] {
            assert_eq!(Cpr::parse(input), Err(CprError::NotDigits), "{input:?}");
        }
    }

    #[test]
    fn impossible_dates_are_refused() {
        for input in [
            "0001901234",
            "3201901234",
            "0100901234",
            "0113901234",
            "3104901234",
            "3106901234",
            "3109901234",
            "3111901234",
            "3002901234",
            "9999999999",
        ] {
            assert_eq!(Cpr::parse(input), Err(CprError::InvalidDate), "{input:?}");
        }
        for input in ["3101901234", "3004901234", "2802901234", "3112991234"] {
            assert!(Cpr::parse(input).is_ok(), "{input:?}");
        }
    }

    #[test]
    fn the_leap_day_depends_on_the_century_from_the_seventh_digit() {
        // 1900 was not a leap year, 2000 was.
        assert_eq!(Cpr::parse("290200-0123"), Err(CprError::InvalidDate));
        assert_eq!(Cpr::parse("290200-3123"), Err(CprError::InvalidDate));
        assert!(Cpr::parse("290200-4123").is_ok());
        assert!(Cpr::parse("290200-9123").is_ok());
        assert!(Cpr::parse("290200-5123").is_ok());
        // 4 and 9: 2000s up to YY 36, 1900s after.
        assert!(Cpr::parse("290236-4123").is_ok());
        assert_eq!(Cpr::parse("290237-4123"), Err(CprError::InvalidDate));
        assert!(Cpr::parse("290240-9123").is_ok());
        // 5–8: 2000s up to YY 57, 1800s after (1859 was not a leap year, 1860 was).
        assert!(Cpr::parse("290256-5123").is_ok());
        assert_eq!(Cpr::parse("290259-8123"), Err(CprError::InvalidDate));
        assert!(Cpr::parse("290260-6123").is_ok());
        assert!(Cpr::parse("290296-0123").is_ok());
        assert_eq!(Cpr::parse("290297-0123"), Err(CprError::InvalidDate));
    }

    #[test]
    fn the_century_rule_matches_the_cpr_office_table() {
        assert_eq!(birth_year(36, 4), 2036);
        assert_eq!(birth_year(37, 4), 1937);
        assert_eq!(birth_year(99, 9), 1999);
        assert_eq!(birth_year(57, 5), 2057);
        assert_eq!(birth_year(58, 8), 1858);
        assert_eq!(birth_year(0, 3), 1900);
        assert_eq!(birth_year(99, 0), 1999);
    }

    #[test]
    fn every_error_has_its_own_key() {
        let keys = [
            CprError::WrongLength.key(),
            CprError::NotDigits.key(),
            CprError::InvalidDate.key(),
        ];
        assert_eq!(
            keys,
            ["cpr-wrong-length", "cpr-not-digits", "cpr-invalid-date"]
        );
    }

    fn valid_cpr() -> impl Strategy<Value = String> {
        (
            0u8..=99,
            1u8..=12,
            0u8..=9,
            0u16..=999,
            1u8..=31,
            any::<bool>(),
        )
            .prop_filter_map(
                "day beyond the month",
                |(yy, month, seventh, rest, day, dash)| {
                    let year = birth_year(yy, seventh);
                    (day <= days_in_month(year, month)).then(|| {
                        let sep = if dash { "-" } else { "" };
                        format!("{day:02}{month:02}{yy:02}{sep}{seventh}{rest:03}")
                    })
                },
            )
    }

    proptest! {
        #[test]
        fn any_ten_digits_with_a_real_date_parse(input in valid_cpr()) {
            prop_assert!(Cpr::parse(&input).is_ok());
        }

        #[test]
        fn ten_digits_parse_exactly_when_the_date_is_real(input in "[0-9]{10}") {
            let b: Vec<u8> = input.bytes().map(|b| b - b'0').collect();
            let year = birth_year(b[4] * 10 + b[5], b[6]);
            let day = b[0] * 10 + b[1];
            let real = day >= 1 && day <= days_in_month(year, b[2] * 10 + b[3]);
            prop_assert_eq!(Cpr::parse(&input).is_ok(), real);
        }

        #[test]
        fn errors_never_contain_the_input(input in "\\PC{0,14}|[0-9-]{8,13}") {
            if let Err(e) = Cpr::parse(&input) {
                let shown = format!("{e} {e:?} {}", e.key());
                let digits: String = input.chars().filter(char::is_ascii_digit).collect();
                if digits.len() >= 4 {
                    prop_assert!(!shown.contains(&digits));
                }
            }
        }
    }
}
