//! Who is due: per municipality, the follow-ups due this month and overdue (by
//! pseudonym, for the municipality only) and the persons in group 1 of the monitoring
//! data without a baseline (expected from their first month there); for the officer,
//! the counts across municipalities.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::window_months;
use crate::db::queries::questionnaire::{self as rows, MeasurementRow};
use crate::db::DbConn;
use crate::domain::monitoring::pseudonym::Pseudonym;
use crate::domain::monitoring::Month;
use crate::domain::questionnaire::due::{self, FollowUpStatus, Window};
use crate::domain::questionnaire::MeasurementKind;
use crate::error::AppResult;

/// A person with a baseline and no follow-up or exit yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FollowUpDue {
    pub person: Pseudonym,
    pub baseline: NaiveDate,
    pub opens: NaiveDate,
    pub due: NaiveDate,
    pub closes: NaiveDate,
}

/// A person in group 1 of the monitoring data without a baseline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BaselineMissing {
    pub person: Pseudonym,
    /// Their first month in group 1: when the baseline was expected.
    pub expected: Month,
}

/// A municipality's due list.
#[derive(Clone, Debug, Default, Serialize)]
pub struct DueList {
    pub window_months: u32,
    pub due_this_month: Vec<FollowUpDue>,
    pub overdue: Vec<FollowUpDue>,
    pub missing_baseline: Vec<BaselineMissing>,
    /// Persons with a baseline whose window has not opened yet.
    pub not_yet: usize,
    pub followed_up: usize,
    pub exited: usize,
    pub baselines: usize,
    /// Persons ever in group 1 (monitoring).
    pub group1: usize,
}

/// Per person: the dates of their baseline, follow-up and exit.
type Dates = BTreeMap<Vec<u8>, [Option<NaiveDate>; 3]>;

fn dates_of(rows: &[MeasurementRow]) -> BTreeMap<i32, Dates> {
    let mut out: BTreeMap<i32, Dates> = BTreeMap::new();
    for r in rows {
        let i = match MeasurementKind::from_i16(r.kind) {
            Some(MeasurementKind::Baseline) => 0,
            Some(MeasurementKind::FollowUp) => 1,
            Some(MeasurementKind::Exit) => 2,
            None => continue,
        };
        out.entry(r.municipality_code)
            .or_default()
            .entry(r.person.clone())
            .or_default()[i] = Some(r.measured_on);
    }
    out
}

fn classify(dates: &Dates, window: u32, today: NaiveDate, list: &mut DueList, keep: bool) {
    for (person, d) in dates {
        let Some(baseline) = d[0] else { continue };
        list.baselines += 1;
        match due::status(baseline, d[1], d[2], window, today) {
            FollowUpStatus::Done => list.followed_up += 1,
            FollowUpStatus::Exited => list.exited += 1,
            FollowUpStatus::NotYet => list.not_yet += 1,
            status @ (FollowUpStatus::DueThisMonth | FollowUpStatus::Overdue) => {
                let Window { opens, due, closes } = due::window(baseline, window);
                let row = FollowUpDue {
                    person: pseudonym(person),
                    baseline,
                    opens,
                    due,
                    closes,
                };
                let target = if status == FollowUpStatus::Overdue {
                    &mut list.overdue
                } else {
                    &mut list.due_this_month
                };
                if keep {
                    target.push(row);
                } else {
                    // Counting only: a placeholder keeps the length.
                    target.push(FollowUpDue {
                        person: Pseudonym([0; 32]),
                        ..row
                    });
                }
            }
        }
    }
}

fn pseudonym(bytes: &[u8]) -> Pseudonym {
    let mut out = [0u8; 32];
    if bytes.len() == 32 {
        out.copy_from_slice(bytes);
    }
    Pseudonym(out)
}

/// The due list of municipality `code` on `today` (Copenhagen).
pub fn list(c: &mut DbConn, pool_id: i64, code: i32, today: NaiveDate) -> AppResult<DueList> {
    let window = window_months(c, pool_id)?;
    let measured = rows::measurements(c, pool_id, Some(code))?;
    let dates = dates_of(&measured).remove(&code).unwrap_or_default();
    let mut list = DueList {
        window_months: window,
        ..DueList::default()
    };
    classify(&dates, window, today, &mut list, true);
    for p in rows::group1_persons(c, code)? {
        list.group1 += 1;
        let has_baseline = dates.get(&p.person).is_some_and(|d| d[0].is_some());
        if has_baseline {
            continue;
        }
        if let Some(expected) = Month::from_yyyymm(p.first_month) {
            list.missing_baseline.push(BaselineMissing {
                person: pseudonym(&p.person),
                expected,
            });
        }
    }
    list.due_this_month.sort_by_key(|r| (r.due, r.person));
    list.overdue.sort_by_key(|r| (r.closes, r.person));
    list.missing_baseline
        .sort_by_key(|r| (r.expected, r.person));
    Ok(list)
}

/// One municipality's counts, for the officer (no persons).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DueCount {
    pub municipality_code: i32,
    pub baselines: usize,
    pub followed_up: usize,
    pub exited: usize,
    pub due_this_month: usize,
    pub overdue: usize,
}

/// The counts of every municipality with a measurement in the pool, by code.
pub fn counts(c: &mut DbConn, pool_id: i64, today: NaiveDate) -> AppResult<Vec<DueCount>> {
    let window = window_months(c, pool_id)?;
    let measured = rows::measurements(c, pool_id, None)?;
    let mut out = Vec::new();
    for (code, dates) in dates_of(&measured) {
        let mut list = DueList::default();
        classify(&dates, window, today, &mut list, false);
        out.push(DueCount {
            municipality_code: code,
            baselines: list.baselines,
            followed_up: list.followed_up,
            exited: list.exited,
            due_this_month: list.due_this_month.len(),
            overdue: list.overdue.len(),
        });
    }
    Ok(out)
}
