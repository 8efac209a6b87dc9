//! Finance acts (finanslove): an officer registers each year's act as passed (the year,
//! the date it was passed, a reference) and may correct the date and the reference.
//! A rate that waits for "the finance act of year Y" becomes payable only once that
//! year is registered here (`docs/rates.md`, `domain::payout_gate`).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::db::audit::{self, Actor, Change};
use crate::db::queries::finance_acts::{self as rows, FinanceActListed, FinanceActRow};
use crate::db::DbConn;
use crate::domain::payout_gate::FinanceActFact;
use crate::domain::time::{parse_date_input, to_local};
use crate::error::{AppError, AppResult, FieldErrors, Msg};

/// The years a finance act may be registered for (as the table allows).
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;
/// The longest reference (as the table allows).
pub const REFERENCE_MAX: usize = 200;

/// A finance act as typed: the text of the page's form or the API's body.
#[derive(Clone, Debug, Default)]
pub struct FinanceActDraft {
    pub year: String,
    pub passed_on: String,
    pub reference: String,
}

/// A correction as typed: the date passed and the reference (the year stays).
#[derive(Clone, Debug, Default)]
pub struct CorrectionDraft {
    pub passed_on: String,
    pub reference: String,
}

/// A checked finance act to register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FinanceActInput {
    pub year: i32,
    pub passed_on: NaiveDate,
    pub reference: String,
}

/// A checked correction of a registered year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Correction {
    pub passed_on: NaiveDate,
    pub reference: String,
}

/// The Copenhagen date of `now`: a finance act is not registered as passed on a later day.
pub fn today(now: NaiveDateTime) -> NaiveDate {
    to_local(now.and_utc()).date_naive()
}

fn parse_year(text: &str, errors: &mut FieldErrors) -> Option<i32> {
    let t = text.trim();
    let year = (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
        .then(|| t.parse::<i32>().ok())
        .flatten()
        .filter(|y| YEARS.contains(y));
    if year.is_none() {
        errors.add(
            "year",
            Msg::new("finance-act-year-invalid")
                .arg("min", YEARS.start())
                .arg("max", YEARS.end()),
        );
    }
    year
}

/// The date passed: a date, not after today, and (when the year is known) in the year
/// before the act's year or in the year itself. An act is passed in December before
/// its year, or after a late election in its first months; a date outside those two
/// years is a typing mistake or another year's act.
fn parse_passed_on(
    text: &str,
    year: Option<i32>,
    today: NaiveDate,
    errors: &mut FieldErrors,
) -> Option<NaiveDate> {
    let Some(date) = parse_date_input(text) else {
        errors.add("passed_on", Msg::new("finance-act-passed-on-invalid"));
        return None;
    };
    if date > today {
        errors.add("passed_on", Msg::new("finance-act-passed-on-future"));
        return None;
    }
    if let Some(y) = year {
        if !(y.saturating_sub(1)..=y).contains(&date.year()) {
            errors.add(
                "passed_on",
                Msg::new("finance-act-passed-on-year")
                    .arg("year", y)
                    .arg("before", y.saturating_sub(1)),
            );
            return None;
        }
    }
    Some(date)
}

fn parse_reference(text: &str, errors: &mut FieldErrors) -> Option<String> {
    let reference = text.trim();
    if crate::domain::text::has_control(reference, false) {
        errors.add("reference", Msg::new(crate::domain::text::CONTROL_KEY));
        return None;
    }
    if reference.is_empty() || reference.chars().count() > REFERENCE_MAX {
        errors.add(
            "reference",
            Msg::new("finance-act-reference-invalid").arg("max", REFERENCE_MAX),
        );
        return None;
    }
    Some(reference.to_string())
}

impl FinanceActDraft {
    /// Checks every field and reports all problems at once. `today` is the Copenhagen
    /// date (`today(now)`).
    pub fn parse(&self, today: NaiveDate) -> Result<FinanceActInput, FieldErrors> {
        let mut errors = FieldErrors::default();
        let year = parse_year(&self.year, &mut errors);
        let passed_on = parse_passed_on(&self.passed_on, year, today, &mut errors);
        let reference = parse_reference(&self.reference, &mut errors);
        match (year, passed_on, reference) {
            (Some(year), Some(passed_on), Some(reference)) if errors.is_empty() => {
                Ok(FinanceActInput {
                    year,
                    passed_on,
                    reference,
                })
            }
            _ => Err(errors),
        }
    }
}

impl CorrectionDraft {
    /// Checks both fields of a correction of `year`'s act and reports all problems at once.
    pub fn parse(&self, year: i32, today: NaiveDate) -> Result<Correction, FieldErrors> {
        let mut errors = FieldErrors::default();
        let passed_on = parse_passed_on(&self.passed_on, Some(year), today, &mut errors);
        let reference = parse_reference(&self.reference, &mut errors);
        match (passed_on, reference) {
            (Some(passed_on), Some(reference)) if errors.is_empty() => Ok(Correction {
                passed_on,
                reference,
            }),
            _ => Err(errors),
        }
    }
}

/// The conflict of registering a year twice: who registered it, when, and as passed when.
fn already_registered(found: &FinanceActListed) -> AppError {
    AppError::Conflict(
        Msg::new("finance-act-already-registered")
            .arg("year", found.row.year)
            .arg(
                "passed_on",
                super::documents::date_text(found.row.passed_on),
            )
            .arg("who", found.registered_by_name.clone())
            .time("when", found.row.registered_at),
    )
}

/// Registers the finance act of `input.year` as passed. A year is registered once; a
/// second registration is a conflict that names the first (correct it instead).
pub fn register(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    input: &FinanceActInput,
) -> AppResult<FinanceActRow> {
    // The registering officer is kept with the act; only a person registers one.
    let by = actor.user_id.ok_or(AppError::Forbidden)?;
    audit::write(conn, actor, now, |c| {
        if let Some(found) = rows::get_listed(c, input.year)? {
            return Err(already_registered(&found));
        }
        rows::insert(c, input.year, input.passed_on, &input.reference, by, now)?;
        let row = rows::get(c, input.year)?.ok_or(AppError::NotFound)?;
        Ok((
            row,
            vec![Change::new("finance_act.register", "finance_act", input.year).after(input)],
        ))
    })
}

/// Corrects the date passed and the reference of `year`'s registered act, with both
/// before and after in the audit log. A correction that changes nothing writes nothing.
pub fn correct(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    year: i32,
    input: &Correction,
) -> AppResult<FinanceActRow> {
    audit::write(conn, actor, now, |c| {
        let before = rows::get(c, year)?.ok_or(AppError::NotFound)?;
        if before.passed_on == input.passed_on && before.reference == input.reference {
            return Ok((before, Vec::new()));
        }
        rows::update(c, year, input.passed_on, &input.reference)?;
        let after = rows::get(c, year)?.ok_or(AppError::NotFound)?;
        let change = Change::new("finance_act.correct", "finance_act", year)
            .before(&Correction {
                passed_on: before.passed_on,
                reference: before.reference.clone(),
            })
            .after(input);
        Ok((after, vec![change]))
    })
}

/// Every registered finance act, by year, with who registered it.
pub fn list(conn: &mut DbConn) -> AppResult<Vec<FinanceActListed>> {
    Ok(rows::list(conn)?)
}

/// The registered act of `year`, with who registered it.
pub fn get(conn: &mut DbConn, year: i32) -> AppResult<FinanceActListed> {
    rows::get_listed(conn, year)?.ok_or(AppError::NotFound)
}

/// The finance acts registered, by year: what the rate gate's "finance act of year Y"
/// condition is checked against (`payout_gate::Facts::finance_acts`).
pub fn facts(conn: &mut DbConn) -> AppResult<BTreeMap<i32, FinanceActFact>> {
    Ok(rows::list(conn)?
        .into_iter()
        .map(|a| {
            (
                a.row.year,
                FinanceActFact {
                    year: a.row.year,
                    passed_on: a.row.passed_on,
                    reference: a.row.reference,
                },
            )
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
    }

    fn draft(year: &str, passed_on: &str, reference: &str) -> FinanceActDraft {
        FinanceActDraft {
            year: year.into(),
            passed_on: passed_on.into(),
            reference: reference.into(),
        }
    }

    fn fields(e: &FieldErrors) -> Vec<(&str, &str)> {
        e.0.iter().map(|(f, m)| (f.as_str(), m.key)).collect()
    }

    #[test]
    fn a_finance_act_is_read_from_danish_or_iso_dates() {
        let want = FinanceActInput {
            year: 2018,
            passed_on: NaiveDate::from_ymd_opt(2017, 12, 21).unwrap(),
            reference: "Finansloven for 2018".into(),
        };
        for date in ["21.12.2017", "2017-12-21", " 21-12-2017 "] {
            let got = draft(" 2018 ", date, "  Finansloven for 2018 ").parse(today());
            assert_eq!(got, Ok(want.clone()), "{date}");
        }
    }

    #[test]
    fn every_field_is_named_at_once() {
        let e = draft("18", "31.02.2017", "").parse(today()).unwrap_err();
        assert_eq!(
            fields(&e),
            [
                ("year", "finance-act-year-invalid"),
                ("passed_on", "finance-act-passed-on-invalid"),
                ("reference", "finance-act-reference-invalid"),
            ]
        );
    }

    #[test]
    fn the_year_is_a_whole_number_from_2000_to_2100() {
        for (year, ok) in [
            ("1999", false),
            ("2000", true),
            ("2100", true),
            ("2101", false),
            ("2018.5", false),
            ("-2018", false),
            ("", false),
        ] {
            let passed = format!("20.12.{}", year.parse::<i32>().unwrap_or(2018) - 1);
            let got = draft(year, &passed, "FL").parse(NaiveDate::MAX);
            assert_eq!(got.is_ok(), ok, "{year}: {got:?}");
        }
    }

    #[test]
    fn the_date_passed_is_not_after_today_and_in_the_year_before_or_the_year() {
        let t = NaiveDate::from_ymd_opt(2017, 12, 21).unwrap();
        assert!(draft("2018", "21.12.2017", "FL").parse(t).is_ok());
        let e = draft("2018", "22.12.2017", "FL").parse(t).unwrap_err();
        assert_eq!(fields(&e), [("passed_on", "finance-act-passed-on-future")]);
        assert!(draft("2023", "30.03.2023", "FL").parse(today()).is_ok());
        for date in ["31.12.2016", "01.01.2019"] {
            let e = draft("2018", date, "FL").parse(today()).unwrap_err();
            assert_eq!(fields(&e), [("passed_on", "finance-act-passed-on-year")]);
        }
    }

    #[test]
    fn the_reference_is_at_most_200_characters() {
        let long = "æ".repeat(REFERENCE_MAX);
        assert!(draft("2018", "21.12.2017", &long).parse(today()).is_ok());
        let longer = "æ".repeat(REFERENCE_MAX + 1);
        let e = draft("2018", "21.12.2017", &longer)
            .parse(today())
            .unwrap_err();
        assert_eq!(fields(&e), [("reference", "finance-act-reference-invalid")]);
    }

    #[test]
    fn a_correction_checks_the_date_against_its_year() {
        let c = CorrectionDraft {
            passed_on: "20.12.2019".into(),
            reference: "".into(),
        };
        let e = c.parse(2018, today()).unwrap_err();
        assert_eq!(
            fields(&e),
            [
                ("passed_on", "finance-act-passed-on-year"),
                ("reference", "finance-act-reference-invalid")
            ]
        );
    }
}
