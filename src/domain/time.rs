//! Danish time. Deadlines (frister) are announced in Danish local time, e.g.
//! "senest fredag den 2. juni 2017 kl. 12.00", and stored as UTC instants.

use chrono::{DateTime, Datelike, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use thiserror::Error;

/// Danish time: CET in winter, CEST in summer.
pub const TZ: Tz = chrono_tz::Europe::Copenhagen;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TimeError {
    #[error("{0} does not exist in Danish time: the clocks jump from 02:00 to 03:00 that night")]
    NonexistentLocalTime(NaiveDateTime),
}

impl TimeError {
    pub fn key(&self) -> &'static str {
        match self {
            TimeError::NonexistentLocalTime(_) => "time-nonexistent-local",
        }
    }
}

pub fn to_local(instant: DateTime<Utc>) -> DateTime<Tz> {
    instant.with_timezone(&TZ)
}

/// The instant of a Danish wall-clock time. The hour 02:00–03:00 on the last
/// Sunday of October occurs twice; the earlier one (still summer time) is taken,
/// so a deadline set in that hour never ends later than the clock first showed it.
/// The hour skipped on the last Sunday of March is refused.
pub fn local_to_utc(local: NaiveDateTime) -> Result<DateTime<Utc>, TimeError> {
    match TZ.from_local_datetime(&local) {
        LocalResult::Single(instant) => Ok(instant.with_timezone(&Utc)),
        LocalResult::Ambiguous(earlier, _later) => Ok(earlier.with_timezone(&Utc)),
        LocalResult::None => Err(TimeError::NonexistentLocalTime(local)),
    }
}

/// Whether something received at `received` met `deadline`. The source says
/// "senest ... kl. 12.00" (at the latest 12.00), so the deadline instant itself is
/// on time. Receipts are compared to the whole second, because receipt times are
/// shown to the second: an applicant shown "12.00.00" must not be told they were
/// late, while 12.00.01 is late.
pub fn is_on_time(received: DateTime<Utc>, deadline: DateTime<Utc>) -> bool {
    received.timestamp() <= deadline.timestamp()
}

/// The years a date typed by a person may fall in: nothing this system administers lies
/// outside them, and a year 0000 or 100000 is a typing mistake that would otherwise
/// reach the database, letters and reports.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// Why a typed date was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateInputError {
    /// Not a date of the calendar in the expected form.
    Invalid,
    /// A date, but outside [`YEARS`].
    OutOfRange,
}

impl DateInputError {
    /// The catalogue's message (`date-invalid`, `date-out-of-range`).
    pub fn key(self) -> &'static str {
        match self {
            DateInputError::Invalid => "date-invalid",
            DateInputError::OutOfRange => "date-out-of-range",
        }
    }
}

/// `date` if its year is within [`YEARS`].
pub fn within_years(date: NaiveDate) -> Result<NaiveDate, DateInputError> {
    if YEARS.contains(&date.year()) {
        Ok(date)
    } else {
        Err(DateInputError::OutOfRange)
    }
}

/// A date field's value, `åååå-mm-dd` (trimmed), within [`YEARS`]: the one parser of
/// the dates users send, pages and API alike.
pub fn parse_iso_date(text: &str) -> Result<NaiveDate, DateInputError> {
    let date =
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| DateInputError::Invalid)?;
    within_years(date)
}

/// A date in any of the given `chrono` formats (tried in order), within [`YEARS`].
pub fn parse_date_as(text: &str, formats: &[&str]) -> Result<NaiveDate, DateInputError> {
    let text = text.trim();
    let date = formats
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(text, f).ok())
        .ok_or(DateInputError::Invalid)?;
    within_years(date)
}

/// A local date and time in any of the given `chrono` formats, within [`YEARS`].
pub fn parse_datetime_as(text: &str, formats: &[&str]) -> Result<NaiveDateTime, DateInputError> {
    let text = text.trim();
    let at = formats
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .ok_or(DateInputError::Invalid)?;
    within_years(at.date()).map(|_| at)
}

/// A date as people type it: Danish `d.m.åååå` ("21.12.2017", "1.2.2018", also with
/// dashes) or ISO `åååå-mm-dd` (a date field's value). The year has four digits, so
/// "21.12.17" is not taken for the year 17. `None` unless it is a date of the calendar.
pub fn parse_date_input(text: &str) -> Option<NaiveDate> {
    let s: String = text.split_whitespace().collect();
    let sep = if s.contains('.') { '.' } else { '-' };
    let parts: Vec<&str> = s.split(sep).collect();
    let digits = |p: &&str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if parts.len() != 3 || !parts.iter().all(digits) {
        return None;
    }
    let (y, m, d) = match (parts[0].len(), parts[2].len()) {
        (4, 1..=2) => (parts[0], parts[1], parts[2]),
        (1..=2, 4) => (parts[2], parts[1], parts[0]),
        _ => return None,
    };
    if m.len() > 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
        .filter(|d| YEARS.contains(&d.year()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|date| date.and_hms_opt(h, min, 0))
            .unwrap()
    }

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        local(y, m, d, h, min).and_utc()
    }

    #[test]
    fn the_deadline_2_june_2017_kl_12_is_10_utc() {
        assert_eq!(
            local_to_utc(local(2017, 6, 2, 12, 0)),
            Ok(utc(2017, 6, 2, 10, 0))
        );
    }

    #[test]
    fn winter_deadlines_are_one_hour_ahead_of_utc() {
        assert_eq!(
            local_to_utc(local(2017, 12, 1, 12, 0)),
            Ok(utc(2017, 12, 1, 11, 0))
        );
    }

    #[test]
    fn an_application_received_at_12_00_00_is_on_time_and_at_12_00_01_late() {
        let deadline = utc(2017, 6, 2, 10, 0);
        assert!(is_on_time(deadline - Duration::hours(1), deadline));
        assert!(is_on_time(deadline, deadline));
        assert!(is_on_time(deadline + Duration::milliseconds(999), deadline));
        assert!(!is_on_time(deadline + Duration::seconds(1), deadline));
        assert!(!is_on_time(deadline + Duration::days(3), deadline));
    }

    fn utc_s(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> DateTime<Utc> {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|date| date.and_hms_opt(h, min, s))
            .unwrap()
            .and_utc()
    }

    #[test]
    fn a_summer_deadline_at_12_danish_time_ends_at_10_00_00_utc() {
        // 2 June 2017 kl. 12.00 is CEST, UTC+2.
        let deadline = local_to_utc(local(2017, 6, 2, 12, 0)).unwrap();
        assert_eq!(deadline, utc_s(2017, 6, 2, 10, 0, 0));
        assert!(is_on_time(utc_s(2017, 6, 2, 9, 59, 59), deadline));
        assert!(is_on_time(utc_s(2017, 6, 2, 10, 0, 0), deadline));
        assert!(!is_on_time(utc_s(2017, 6, 2, 10, 0, 1), deadline));
        // 11:00 UTC would be on time under a winter offset; in June it is an hour late.
        assert!(!is_on_time(utc_s(2017, 6, 2, 11, 0, 0), deadline));
    }

    #[test]
    fn a_winter_deadline_at_12_danish_time_ends_at_11_00_00_utc() {
        // 1 December 2017 kl. 12.00 is CET, UTC+1.
        let deadline = local_to_utc(local(2017, 12, 1, 12, 0)).unwrap();
        assert_eq!(deadline, utc_s(2017, 12, 1, 11, 0, 0));
        assert!(is_on_time(utc_s(2017, 12, 1, 10, 0, 1), deadline));
        assert!(is_on_time(utc_s(2017, 12, 1, 10, 59, 59), deadline));
        assert!(is_on_time(utc_s(2017, 12, 1, 11, 0, 0), deadline));
        assert!(!is_on_time(utc_s(2017, 12, 1, 11, 0, 1), deadline));
    }

    #[test]
    fn the_hour_skipped_in_spring_is_refused() {
        let missing = local(2024, 3, 31, 2, 30);
        assert_eq!(
            local_to_utc(missing),
            Err(TimeError::NonexistentLocalTime(missing))
        );
        assert_eq!(
            TimeError::NonexistentLocalTime(missing).key(),
            "time-nonexistent-local"
        );
        assert_eq!(
            local_to_utc(local(2024, 3, 31, 3, 0)),
            Ok(utc(2024, 3, 31, 1, 0))
        );
    }

    #[test]
    fn the_hour_repeated_in_autumn_means_the_first_time_round() {
        assert_eq!(
            local_to_utc(local(2024, 10, 27, 2, 30)),
            Ok(utc(2024, 10, 27, 0, 30))
        );
        assert_eq!(
            local_to_utc(local(2024, 10, 27, 3, 0)),
            Ok(utc(2024, 10, 27, 2, 0))
        );
    }

    #[test]
    fn utc_instants_are_shown_in_danish_time() {
        let shown = to_local(utc(2017, 6, 2, 10, 0));
        assert_eq!(shown.naive_local(), local(2017, 6, 2, 12, 0));
        assert_eq!(shown.to_rfc3339(), "2017-06-02T12:00:00+02:00");
    }

    fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn dates_are_read_as_danes_and_date_fields_write_them() {
        assert_eq!(parse_date_input("21.12.2017"), ymd(2017, 12, 21));
        assert_eq!(parse_date_input(" 1.2.2018 "), ymd(2018, 2, 1));
        assert_eq!(parse_date_input("21. 12. 2017"), ymd(2017, 12, 21));
        assert_eq!(parse_date_input("21-12-2017"), ymd(2017, 12, 21));
        assert_eq!(parse_date_input("2017-12-21"), ymd(2017, 12, 21));
    }

    #[test]
    fn what_is_no_date_is_not_read_as_one() {
        for text in [
            "",
            "21.12.17",
            "31.02.2018",
            "2017-13-01",
            "21.12",
            "21/12/2017",
            "dec 2017",
            "21.12-2017",
            "2017.12.21.1",
            "021.12.2017",
            "21.123.2017",
            "+1.12.2017",
        ] {
            assert_eq!(parse_date_input(text), None, "{text:?}");
        }
    }

    #[test]
    fn typed_dates_lie_between_1900_and_2100() {
        assert_eq!(parse_iso_date(" 2017-06-02 ").ok(), ymd(2017, 6, 2));
        assert_eq!(parse_iso_date("1900-01-01").ok(), ymd(1900, 1, 1));
        assert_eq!(parse_iso_date("2100-12-31").ok(), ymd(2100, 12, 31));
        for text in ["0000-01-01", "1899-12-31", "2101-01-01", "9999-12-31"] {
            assert_eq!(
                parse_iso_date(text),
                Err(DateInputError::OutOfRange),
                "{text}"
            );
        }
        assert_eq!(parse_iso_date("2017-02-30"), Err(DateInputError::Invalid));
        assert_eq!(parse_date_input("1.1.0000"), None);
        assert_eq!(
            parse_datetime_as("0000-01-01T12:00", &["%Y-%m-%dT%H:%M"]),
            Err(DateInputError::OutOfRange)
        );
    }
}
