//! The check before an upload replaces a municipality's data: a month whose persons fall
//! sharply from the month before is far more often a partial extract (one team's list,
//! a filter left on) than a real change, and once imported it overturns the
//! municipality's milestones and the national figures. Such a file is shown to the user
//! first and imported only when they confirm it (see `app::monitoring::upload`).

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Group, Month};

/// Persons in one municipality-month, split by group: group 1, 2, 3, not assessed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MonthPersons {
    pub persons: u64,
    pub groups: [u64; 4],
}

impl MonthPersons {
    pub fn add(&mut self, group: Group) {
        self.persons += 1;
        let i = match group {
            Group::Intervention => 0,
            Group::Rehabilitation => 1,
            Group::Social => 2,
            Group::NotAssessed => 3,
        };
        self.groups[i] += 1;
    }
}

/// The rule for a sharp drop: fewer than half the persons of the month compared with…
pub const DROP_SHARE_PERCENT: u64 = 50;
/// …and at least this many persons fewer, so that a small municipality's ordinary
/// month-to-month change (12 → 5 persons) is not called a drop.
pub const DROP_MIN_PERSONS: u64 = 10;

/// What a month in a file is compared with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Basis {
    /// The month before, as the file has it or (not in the file) as it is stored.
    PreviousMonth(Month),
    /// No month before it anywhere: what the file would replace for the same month.
    Replaced,
}

/// One municipality-month of a file beside what it is compared with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MonthChange {
    pub code: i32,
    pub month: Month,
    pub new: MonthPersons,
    /// What is stored today for the same municipality-month (it will be replaced).
    pub replaced: Option<u64>,
    /// The basis of the comparison and its persons; `None` for a first month.
    pub compared: Option<(Basis, u64)>,
    pub sharp_drop: bool,
}

/// Whether `now` persons are a sharp drop from `before` (see the constants).
pub fn is_sharp_drop(before: u64, now: u64) -> bool {
    // Integer form of now < before × 50 %: no rounding involved.
    now * 100 < before * DROP_SHARE_PERCENT && before - now >= DROP_MIN_PERSONS
}

/// Each municipality-month of a file (`file`) beside the stored persons (`stored`, any
/// months of the same municipalities), in order of municipality and month.
pub fn compare(
    file: &BTreeMap<(i32, Month), MonthPersons>,
    stored: &BTreeMap<(i32, Month), u64>,
) -> Vec<MonthChange> {
    file.iter()
        .map(|(&(code, month), new)| {
            let before = previous(month);
            let previous_persons = before.and_then(|b| {
                file.get(&(code, b))
                    .map(|p| p.persons)
                    .or_else(|| stored.get(&(code, b)).copied())
                    .map(|n| (Basis::PreviousMonth(b), n))
            });
            let replaced_persons = stored.get(&(code, month)).copied();
            let compared =
                previous_persons.or_else(|| replaced_persons.map(|n| (Basis::Replaced, n)));
            MonthChange {
                code,
                month,
                new: *new,
                replaced: replaced_persons,
                compared,
                sharp_drop: compared.is_some_and(|(_, n)| is_sharp_drop(n, new.persons)),
            }
        })
        .collect()
}

/// The month before `m`; `None` before the first month there is.
pub fn previous(m: Month) -> Option<Month> {
    if m.month == 1 {
        Month::new(m.year - 1, 12)
    } else {
        Month::new(m.year, m.month - 1)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn m(y: i32, mo: u32) -> Month {
        Month::new(y, mo).unwrap()
    }

    fn persons(n: u64) -> MonthPersons {
        MonthPersons {
            persons: n,
            groups: [n, 0, 0, 0],
        }
    }

    #[test]
    fn horsens_three_lines_after_a_full_month_is_a_sharp_drop() {
        let file = BTreeMap::from([((615, m(2018, 3)), persons(3))]);
        let stored = BTreeMap::from([((615, m(2018, 2)), 410)]);
        let c = compare(&file, &stored);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].compared, Some((Basis::PreviousMonth(m(2018, 2)), 410)));
        assert!(c[0].sharp_drop);
    }

    #[test]
    fn the_month_before_in_the_same_file_counts_before_the_stored_one() {
        let file = BTreeMap::from([
            ((615, m(2018, 2)), persons(20)),
            ((615, m(2018, 3)), persons(19)),
        ]);
        let stored = BTreeMap::from([((615, m(2018, 2)), 400)]);
        let c = compare(&file, &stored);
        assert!(c[0].sharp_drop, "20 after 400 stored for the month before");
        assert!(!c[1].sharp_drop, "19 after the file's own 20");
    }

    #[test]
    fn a_first_month_is_compared_with_what_it_replaces_or_with_nothing() {
        let file = BTreeMap::from([((615, m(2018, 1)), persons(5))]);
        let none = compare(&file, &BTreeMap::new());
        assert_eq!(none[0].compared, None);
        assert!(!none[0].sharp_drop);
        let stored = BTreeMap::from([((615, m(2018, 1)), 300)]);
        let replaced = compare(&file, &stored);
        assert_eq!(replaced[0].compared, Some((Basis::Replaced, 300)));
        assert!(replaced[0].sharp_drop);
    }

    #[test]
    fn persons_are_split_by_group_in_the_order_shown() {
        let mut p = MonthPersons::default();
        for g in [
            Group::NotAssessed,
            Group::Intervention,
            Group::Social,
            Group::Intervention,
        ] {
            p.add(g);
        }
        assert_eq!(p.persons, 4);
        assert_eq!(p.groups, [2, 0, 1, 1]);
    }

    #[test]
    fn january_looks_back_to_december() {
        assert_eq!(previous(m(2019, 1)), Some(m(2018, 12)));
        assert_eq!(previous(m(1900, 1)), None);
    }

    #[test]
    fn the_rule_at_its_edges() {
        assert!(!is_sharp_drop(100, 50), "exactly half is not below half");
        assert!(is_sharp_drop(100, 49));
        assert!(!is_sharp_drop(15, 6), "under half, but only 9 fewer");
        assert!(is_sharp_drop(20, 9));
        assert!(!is_sharp_drop(12, 5), "a small municipality's 7 fewer");
        assert!(!is_sharp_drop(0, 0));
    }

    proptest! {
        #[test]
        fn growth_or_a_small_change_is_never_a_drop(before in 0u64..1_000_000, up in 0u64..1_000) {
            prop_assert!(!is_sharp_drop(before, before + up));
            prop_assert!(!is_sharp_drop(before, before.saturating_sub(9)));
        }
    }
}
