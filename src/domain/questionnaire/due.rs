//! When the follow-up (opfølgning) is due, and which measurement may be recorded next.
//!
//! Months are added as people count them: the same day of the month, or the month's
//! last day when it is shorter (31 January + 1 month = 28 or 29 February).

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;
use thiserror::Error;

use super::MeasurementKind;

/// Months from the baseline to the follow-up.
pub const FOLLOW_UP_MONTHS: u32 = 12;

/// `date` plus `months`, on the same day of the month or the month's last day. Dates
/// beyond chrono's range stay at its end: no real measurement comes near it.
fn plus_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

fn minus_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN)
}

/// The follow-up (opfølgning) is due 12 months after the baseline, on the same day of
/// the month or, when that month is shorter, its last day (31 Jan 2019 -> 31 Jan 2020;
/// 29 Feb 2020 -> 28 Feb 2021; 31 Mar -> 31 Mar).
pub fn follow_up_due(baseline: NaiveDate) -> NaiveDate {
    plus_months(baseline, FOLLOW_UP_MONTHS)
}

/// The days a follow-up may be recorded on without being early or late: from `opens`
/// to `closes`, both included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Window {
    pub opens: NaiveDate,
    pub due: NaiveDate,
    pub closes: NaiveDate,
}

/// The due date ± `window_months`, counted from the due date by the same month-end
/// rule (due 31 Aug, 2 months: 30 Jun to 31 Oct).
pub fn window(baseline: NaiveDate, window_months: u32) -> Window {
    let due = follow_up_due(baseline);
    Window {
        opens: minus_months(due, window_months),
        due,
        closes: plus_months(due, window_months),
    }
}

/// Where a person's follow-up stands, for the list of whom to contact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FollowUpStatus {
    /// The follow-up is recorded.
    Done,
    /// The person left early; their exit measurement (afslutning) takes its place.
    Exited,
    /// The window opens after this month.
    NotYet,
    /// The window is open on some day of this month.
    DueThisMonth,
    /// The window has closed without a follow-up.
    Overdue,
}

impl FollowUpStatus {
    pub fn key(self) -> &'static str {
        match self {
            FollowUpStatus::Done => "questionnaire-status-done",
            FollowUpStatus::Exited => "questionnaire-status-exited",
            FollowUpStatus::NotYet => "questionnaire-status-not-yet",
            FollowUpStatus::DueThisMonth => "questionnaire-status-due-this-month",
            FollowUpStatus::Overdue => "questionnaire-status-overdue",
        }
    }
}

/// The last day of `date`'s month.
fn month_end(date: NaiveDate) -> NaiveDate {
    let first = date.with_day(1).unwrap_or(date);
    plus_months(first, 1).pred_opt().unwrap_or(date)
}

/// Done if a follow-up exists; Exited if an exit exists; Overdue if today > closes;
/// DueThisMonth if the window is open on some day of today's month (opens <= last day
/// of today's month) and not overdue; else NotYet. By month rather than by day because
/// the municipality plans its calls a month at a time.
pub fn status(
    baseline: NaiveDate,
    follow_up: Option<NaiveDate>,
    exit: Option<NaiveDate>,
    window_months: u32,
    today: NaiveDate,
) -> FollowUpStatus {
    if follow_up.is_some() {
        return FollowUpStatus::Done;
    }
    if exit.is_some() {
        return FollowUpStatus::Exited;
    }
    let w = window(baseline, window_months);
    if today > w.closes {
        FollowUpStatus::Overdue
    } else if w.opens <= month_end(today) {
        FollowUpStatus::DueThisMonth
    } else {
        FollowUpStatus::NotYet
    }
}

/// Why a measurement cannot be recorded for a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum SequenceError {
    #[error("a follow-up or exit measurement needs a baseline measurement first")]
    NoBaseline,
    #[error("the date is before the baseline measurement's date")]
    BeforeBaseline,
    #[error("the follow-up cannot be recorded before {opens}, when its window opens")]
    TooEarly { opens: NaiveDate },
    #[error("the person has an exit measurement, so there is no follow-up")]
    FollowUpAfterExit,
    #[error("the person has a follow-up measurement, so there is no exit measurement")]
    ExitAfterFollowUp,
    #[error("the date is in the future")]
    InFuture,
}

impl SequenceError {
    pub fn key(self) -> &'static str {
        match self {
            SequenceError::NoBaseline => "questionnaire-sequence-no-baseline",
            SequenceError::BeforeBaseline => "questionnaire-sequence-before-baseline",
            SequenceError::TooEarly { .. } => "questionnaire-sequence-too-early",
            SequenceError::FollowUpAfterExit => "questionnaire-sequence-follow-up-after-exit",
            SequenceError::ExitAfterFollowUp => "questionnaire-sequence-exit-after-follow-up",
            SequenceError::InFuture => "questionnaire-sequence-in-future",
        }
    }

    /// `opens` as an ISO date for [`SequenceError::TooEarly`]; the page formats it.
    pub fn args(self) -> Vec<(&'static str, String)> {
        match self {
            SequenceError::TooEarly { opens } => {
                vec![("opens", opens.format("%Y-%m-%d").to_string())]
            }
            _ => Vec::new(),
        }
    }
}

/// Whether a measurement of `kind` on `date` may be recorded for a person who has the
/// stored `baseline`, `follow_up` and `exit` dates. Recording a kind again replaces the
/// stored one, so the stored date of `kind` itself is not held against it. A person
/// has a follow-up or an exit, never both: the exit stands in for the follow-up of
/// someone who left early. An exit may come at any time after the baseline; a
/// follow-up not before its window opens (late is allowed: better late than missing).
pub fn check(
    kind: MeasurementKind,
    date: NaiveDate,
    baseline: Option<NaiveDate>,
    follow_up: Option<NaiveDate>,
    exit: Option<NaiveDate>,
    window_months: u32,
    today: NaiveDate,
) -> Result<(), SequenceError> {
    if date > today {
        return Err(SequenceError::InFuture);
    }
    match kind {
        MeasurementKind::Baseline => {
            // Moving the baseline must not leave a later measurement before it.
            if follow_up.into_iter().chain(exit).any(|d| d < date) {
                return Err(SequenceError::BeforeBaseline);
            }
            Ok(())
        }
        MeasurementKind::FollowUp | MeasurementKind::Exit => {
            let baseline = baseline.ok_or(SequenceError::NoBaseline)?;
            if date < baseline {
                return Err(SequenceError::BeforeBaseline);
            }
            match kind {
                MeasurementKind::FollowUp if exit.is_some() => {
                    Err(SequenceError::FollowUpAfterExit)
                }
                MeasurementKind::Exit if follow_up.is_some() => {
                    Err(SequenceError::ExitAfterFollowUp)
                }
                MeasurementKind::FollowUp => {
                    let opens = window(baseline, window_months).opens;
                    if date < opens {
                        Err(SequenceError::TooEarly { opens })
                    } else {
                        Ok(())
                    }
                }
                _ => Ok(()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    use MeasurementKind::{Baseline, Exit, FollowUp};

    #[test]
    fn the_follow_up_is_due_exactly_twelve_months_after_the_baseline() {
        assert_eq!(follow_up_due(d(2018, 3, 15)), d(2019, 3, 15));
        assert_eq!(follow_up_due(d(2018, 1, 1)), d(2019, 1, 1));
        assert_eq!(follow_up_due(d(2018, 12, 31)), d(2019, 12, 31));
    }

    #[test]
    fn month_ends_stay_month_ends() {
        assert_eq!(follow_up_due(d(2019, 1, 31)), d(2020, 1, 31));
        assert_eq!(follow_up_due(d(2019, 4, 30)), d(2020, 4, 30));
        assert_eq!(follow_up_due(d(2019, 8, 31)), d(2020, 8, 31));
        assert_eq!(follow_up_due(d(2019, 3, 31)), d(2020, 3, 31));
    }

    #[test]
    fn a_leap_day_baseline_is_due_on_the_last_of_february() {
        assert_eq!(follow_up_due(d(2020, 2, 29)), d(2021, 2, 28));
        // 28 February stays the 28th even when the next year has a 29th.
        assert_eq!(follow_up_due(d(2019, 2, 28)), d(2020, 2, 28));
    }

    #[test]
    fn the_window_spans_the_months_either_side_of_the_due_date() {
        assert_eq!(
            window(d(2019, 8, 31), 2),
            Window {
                opens: d(2020, 6, 30),
                due: d(2020, 8, 31),
                closes: d(2020, 10, 31),
            }
        );
        assert_eq!(
            window(d(2018, 3, 15), 1),
            Window {
                opens: d(2019, 2, 15),
                due: d(2019, 3, 15),
                closes: d(2019, 4, 15),
            }
        );
        let zero = window(d(2018, 3, 15), 0);
        assert_eq!((zero.opens, zero.closes), (zero.due, zero.due));
        // Near the end of chrono's range the window stops there rather than failing.
        assert_eq!(window(NaiveDate::MAX, 1).closes, NaiveDate::MAX);
    }

    #[test]
    fn a_follow_up_may_be_recorded_from_the_day_the_window_opens() {
        let baseline = Some(d(2018, 3, 15));
        let today = d(2020, 1, 1);
        let on = |date| check(FollowUp, date, baseline, None, None, 1, today);
        assert_eq!(
            on(d(2019, 2, 14)),
            Err(SequenceError::TooEarly {
                opens: d(2019, 2, 15)
            })
        );
        assert_eq!(on(d(2019, 2, 15)), Ok(()));
        assert_eq!(on(d(2019, 4, 15)), Ok(()));
        // Late is still better than missing.
        assert_eq!(on(d(2019, 12, 31)), Ok(()));
    }

    #[test]
    fn the_status_turns_overdue_the_day_after_the_window_closes() {
        let baseline = d(2018, 3, 15);
        let at = |today| status(baseline, None, None, 1, today);
        assert_eq!(at(d(2019, 4, 15)), FollowUpStatus::DueThisMonth);
        assert_eq!(at(d(2019, 4, 16)), FollowUpStatus::Overdue);
    }

    #[test]
    fn due_this_month_starts_on_the_first_of_the_month_the_window_opens_in() {
        let baseline = d(2018, 3, 15);
        // The window opens 15 February 2019.
        let at = |today| status(baseline, None, None, 1, today);
        assert_eq!(at(d(2019, 1, 31)), FollowUpStatus::NotYet);
        assert_eq!(at(d(2019, 2, 1)), FollowUpStatus::DueThisMonth);
        assert_eq!(at(d(2019, 2, 28)), FollowUpStatus::DueThisMonth);
        assert_eq!(at(d(2018, 6, 1)), FollowUpStatus::NotYet);
        // A window opening on the first: due from that day's month, not the month before.
        let first = d(2018, 4, 1);
        assert_eq!(
            status(first, None, None, 0, d(2019, 3, 31)),
            FollowUpStatus::NotYet
        );
        assert_eq!(
            status(first, None, None, 0, d(2019, 4, 1)),
            FollowUpStatus::DueThisMonth
        );
    }

    #[test]
    fn a_recorded_follow_up_or_exit_settles_the_status() {
        let baseline = d(2018, 3, 15);
        let late = d(2022, 1, 1);
        assert_eq!(
            status(baseline, Some(d(2019, 3, 1)), None, 1, late),
            FollowUpStatus::Done
        );
        assert_eq!(
            status(baseline, None, Some(d(2018, 9, 1)), 1, late),
            FollowUpStatus::Exited
        );
        assert_eq!(
            status(baseline, None, None, 1, late),
            FollowUpStatus::Overdue
        );
        let json = serde_json::to_string(&FollowUpStatus::DueThisMonth).unwrap();
        assert_eq!(json, "\"due-this-month\"");
    }

    #[test]
    fn an_exit_may_come_any_time_after_the_baseline_but_not_after_a_follow_up() {
        let baseline = Some(d(2018, 3, 15));
        let today = d(2020, 1, 1);
        assert_eq!(
            check(Exit, d(2018, 3, 16), baseline, None, None, 1, today),
            Ok(())
        );
        assert_eq!(
            check(Exit, d(2018, 3, 15), baseline, None, None, 1, today),
            Ok(())
        );
        assert_eq!(
            check(Exit, d(2018, 3, 14), baseline, None, None, 1, today),
            Err(SequenceError::BeforeBaseline)
        );
        assert_eq!(
            check(
                Exit,
                d(2019, 6, 1),
                baseline,
                Some(d(2019, 3, 15)),
                None,
                1,
                today
            ),
            Err(SequenceError::ExitAfterFollowUp)
        );
        assert_eq!(
            check(
                FollowUp,
                d(2019, 3, 15),
                baseline,
                None,
                Some(d(2018, 9, 1)),
                1,
                today
            ),
            Err(SequenceError::FollowUpAfterExit)
        );
    }

    #[test]
    fn a_follow_up_or_exit_needs_a_baseline() {
        let today = d(2020, 1, 1);
        for kind in [FollowUp, Exit] {
            assert_eq!(
                check(kind, d(2019, 3, 15), None, None, None, 1, today),
                Err(SequenceError::NoBaseline)
            );
        }
        assert_eq!(
            check(Baseline, d(2019, 3, 15), None, None, None, 1, today),
            Ok(())
        );
    }

    #[test]
    fn a_measurement_may_be_replaced_by_one_of_its_own_kind() {
        let baseline = Some(d(2018, 3, 15));
        let today = d(2020, 1, 1);
        let follow_up = Some(d(2019, 3, 15));
        let exit = Some(d(2018, 9, 1));
        assert_eq!(
            check(
                FollowUp,
                d(2019, 3, 20),
                baseline,
                follow_up,
                None,
                1,
                today
            ),
            Ok(())
        );
        assert_eq!(
            check(Exit, d(2018, 10, 1), baseline, None, exit, 1, today),
            Ok(())
        );
        assert_eq!(
            check(Baseline, d(2018, 3, 1), baseline, follow_up, None, 1, today),
            Ok(())
        );
    }

    #[test]
    fn a_baseline_cannot_move_past_a_later_measurement() {
        let today = d(2020, 1, 1);
        let old = Some(d(2018, 3, 15));
        assert_eq!(
            check(
                Baseline,
                d(2018, 9, 2),
                old,
                None,
                Some(d(2018, 9, 1)),
                1,
                today
            ),
            Err(SequenceError::BeforeBaseline)
        );
        assert_eq!(
            check(
                Baseline,
                d(2019, 4, 1),
                old,
                Some(d(2019, 3, 15)),
                None,
                1,
                today
            ),
            Err(SequenceError::BeforeBaseline)
        );
        assert_eq!(
            check(
                Baseline,
                d(2018, 9, 1),
                old,
                None,
                Some(d(2018, 9, 1)),
                1,
                today
            ),
            Ok(())
        );
    }

    #[test]
    fn nothing_is_recorded_in_the_future() {
        let today = d(2019, 3, 15);
        for kind in MeasurementKind::ALL {
            assert_eq!(
                check(
                    kind,
                    d(2019, 3, 16),
                    Some(d(2018, 3, 15)),
                    None,
                    None,
                    1,
                    today
                ),
                Err(SequenceError::InFuture)
            );
        }
        assert_eq!(
            check(FollowUp, today, Some(d(2018, 3, 15)), None, None, 1, today),
            Ok(())
        );
    }

    #[test]
    fn sequence_errors_have_distinct_keys_and_too_early_names_the_date() {
        use std::collections::BTreeSet;
        let all = [
            SequenceError::NoBaseline,
            SequenceError::BeforeBaseline,
            SequenceError::TooEarly {
                opens: d(2019, 2, 15),
            },
            SequenceError::FollowUpAfterExit,
            SequenceError::ExitAfterFollowUp,
            SequenceError::InFuture,
        ];
        let keys: BTreeSet<_> = all.iter().map(|e| e.key()).collect();
        assert_eq!(keys.len(), all.len());
        assert!(keys
            .iter()
            .all(|k| k.starts_with("questionnaire-sequence-")));
        assert_eq!(all[2].args(), vec![("opens", "2019-02-15".to_owned())]);
        assert!(all[0].args().is_empty());
    }
}
