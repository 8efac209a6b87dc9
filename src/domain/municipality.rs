//! Denmark's 98 municipalities (kommuner) and their official codes (kommunekoder).

use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Municipality code (kommunekode), e.g. 615 for Horsens. Only the 98 codes in
/// `municipalities.csv` can be built, so a stored code always names a municipality.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u16", into = "u16")]
pub struct MunicipalityCode(u16);

/// Why a municipality code was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CodeError {
    #[error("no municipality code was given")]
    Empty,
    #[error("a municipality code is three digits, e.g. 615, got {0:?}")]
    Malformed(String),
    #[error("{0} is not the code of a Danish municipality")]
    Unknown(u16),
}

impl CodeError {
    pub fn key(&self) -> &'static str {
        match self {
            CodeError::Empty => "municipality-code-empty",
            CodeError::Malformed(_) => "municipality-code-malformed",
            CodeError::Unknown(_) => "municipality-code-unknown",
        }
    }
}

impl MunicipalityCode {
    /// Accepts the three-digit code with surrounding whitespace, and also the
    /// four-digit zero-padded form ("0615") that DAGI/DAWA address data uses.
    pub fn parse(input: &str) -> Result<Self, CodeError> {
        let text = input.trim();
        if text.is_empty() {
            return Err(CodeError::Empty);
        }
        if text.len() > 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CodeError::Malformed(text.to_owned()));
        }
        let number: u16 = text
            .parse()
            .map_err(|_| CodeError::Malformed(text.to_owned()))?;
        Self::try_from(number)
    }

    pub fn as_u16(self) -> u16 {
        self.0
    }
}

impl TryFrom<u16> for MunicipalityCode {
    type Error = CodeError;

    fn try_from(number: u16) -> Result<Self, Self::Error> {
        all()
            .binary_search_by_key(&number, |m| m.code.0)
            .map(|_| MunicipalityCode(number))
            .map_err(|_| CodeError::Unknown(number))
    }
}

impl From<MunicipalityCode> for u16 {
    fn from(code: MunicipalityCode) -> u16 {
        code.0
    }
}

impl FromStr for MunicipalityCode {
    type Err = CodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for MunicipalityCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:03}", self.0)
    }
}

/// A municipality (kommune) and the region (region) it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Municipality {
    pub code: MunicipalityCode,
    pub name: &'static str,
    pub region_code: u16,
    pub region_name: &'static str,
}

static ALL: LazyLock<Vec<Municipality>> =
    LazyLock::new(|| parse_embedded(include_str!("municipalities.csv")));

/// All 98 municipalities, ordered by code.
pub fn all() -> &'static [Municipality] {
    LazyLock::force(&ALL).as_slice()
}

pub fn by_code(code: MunicipalityCode) -> Option<&'static Municipality> {
    let all = all();
    all.binary_search_by_key(&code, |m| m.code)
        .ok()
        .and_then(|i| all.get(i))
}

/// The name of the municipality with code `code` as stored (an integer column), or the
/// code itself when it names no municipality: how pages and the audit log name one.
pub fn name_of(code: i64) -> String {
    u16::try_from(code)
        .ok()
        .and_then(|c| MunicipalityCode::try_from(c).ok())
        .and_then(by_code)
        .map_or_else(|| code.to_string(), |m| m.name.to_string())
}

/// Whether a municipality named `name` with code `code` is what someone typing `query`
/// looks for: the start of its code when the query is digits, else part of its name.
/// Case, hyphens, spaces and "aa" for "å" make no difference ("aarhus" and "århus" find
/// Aarhus, "høje taastrup" finds Høje-Taastrup); an empty query matches every one.
pub fn matches(name: &str, code: i32, query: &str) -> bool {
    let q = fold(query);
    if q.is_empty() {
        return true;
    }
    if q.chars().all(|c| c.is_ascii_digit()) {
        return format!("{code:03}").starts_with(&q);
    }
    fold(name).contains(&q)
}

/// Lower case, "å" as "aa", and hyphens and runs of spaces as one space.
fn fold(text: &str) -> String {
    text.to_lowercase()
        .replace('å', "aa")
        .replace('-', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

// The file is compiled in and checked by the tests below, so a malformed line can
// only come from editing it; dropping such a line makes those tests fail loudly.
fn parse_embedded(text: &'static str) -> Vec<Municipality> {
    let mut municipalities: Vec<Municipality> = text
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut fields = line.split(',').map(str::trim);
            let code = fields.next()?.parse().ok()?;
            let name = fields.next()?;
            let region_code = fields.next()?.parse().ok()?;
            let region_name = fields.next()?;
            Some(Municipality {
                code: MunicipalityCode(code),
                name,
                region_code,
                region_name,
            })
        })
        .collect();
    municipalities.sort_by_key(|m| m.code);
    municipalities
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> MunicipalityCode {
        MunicipalityCode::parse(text).unwrap()
    }

    #[test]
    fn there_are_exactly_98_municipalities_with_distinct_codes() {
        assert_eq!(all().len(), 98);
        assert!(all().windows(2).all(|w| w[0].code < w[1].code));
        assert!(all()
            .iter()
            .all(|m| (101..=860).contains(&m.code.as_u16()) && !m.name.is_empty()));
    }

    #[test]
    fn every_line_of_the_embedded_file_is_a_municipality() {
        let data_lines = include_str!("municipalities.csv")
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .count();
        assert_eq!(data_lines, all().len());
    }

    #[test]
    fn horsens_is_615_and_kobenhavn_is_101() {
        let horsens = by_code(code("615")).unwrap();
        assert_eq!(horsens.name, "Horsens");
        assert_eq!(horsens.region_name, "Region Midtjylland");
        assert_eq!(by_code(code("101")).unwrap().name, "København");
        assert_eq!(by_code(code("657")).unwrap().name, "Herning");
    }

    #[test]
    fn codes_are_accepted_with_whitespace_and_zero_padding() {
        assert_eq!(code(" 615 "), code("615"));
        assert_eq!(code("0615"), code("615"));
        assert_eq!(code("0101").to_string(), "101");
        assert_eq!("851".parse::<MunicipalityCode>(), Ok(code("851")));
    }

    #[test]
    fn unknown_and_malformed_codes_are_refused() {
        assert_eq!(MunicipalityCode::parse(""), Err(CodeError::Empty));
        assert_eq!(MunicipalityCode::parse("  "), Err(CodeError::Empty));
        assert_eq!(MunicipalityCode::parse("999"), Err(CodeError::Unknown(999)));
        // Christiansø has a code but is not a municipality.
        assert_eq!(MunicipalityCode::parse("411"), Err(CodeError::Unknown(411)));
        assert_eq!(
            MunicipalityCode::parse("6150"),
            Err(CodeError::Unknown(6150))
        );
        assert_eq!(
            MunicipalityCode::parse("00615"),
            Err(CodeError::Malformed("00615".into()))
        );
        assert_eq!(
            MunicipalityCode::parse("6 15"),
            Err(CodeError::Malformed("6 15".into()))
        );
        assert_eq!(
            MunicipalityCode::parse("-615"),
            Err(CodeError::Malformed("-615".into()))
        );
        assert_eq!(MunicipalityCode::try_from(0), Err(CodeError::Unknown(0)));
        assert_eq!(CodeError::Unknown(1).key(), "municipality-code-unknown");
    }

    #[test]
    fn a_search_finds_by_part_of_the_name_or_the_start_of_the_code() {
        let found = |q: &str| {
            all()
                .iter()
                .filter(|m| matches(m.name, i32::from(m.code.as_u16()), q))
                .map(|m| m.name)
                .collect::<Vec<_>>()
        };
        assert_eq!(found("horsens"), ["Horsens"]);
        assert_eq!(found(" HORSENS "), ["Horsens"]);
        assert_eq!(found("615"), ["Horsens"]);
        assert_eq!(found("århus"), ["Aarhus"]);
        assert_eq!(found("aarhus"), ["Aarhus"]);
        assert_eq!(found("høje taastrup"), ["Høje-Taastrup"]);
        assert_eq!(found("Høje-Taastrup"), ["Høje-Taastrup"]);
        assert!(found("6").len() > 1, "every code from 6");
        assert!(found("zzz").is_empty());
        assert_eq!(found("").len(), 98);
    }
}
