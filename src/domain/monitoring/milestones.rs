//! The milestone facts rates 2 and 3 are paid on, each returned with its evidence so a
//! page can show why it holds or what is missing.
//!
//! # Rate 2: the whole gross target group is assessed
//!
//! A person is *assessed in a municipality up to a month* when that municipality has a
//! row for them in that month or earlier with group 1, 2 or 3. Assessment is a
//! one-off: a later row with group 0, or no later row, does not undo it. It is counted
//! per municipality: a person assessed in A and then reported by B is assessed in B
//! only once B reports them in group 1, 2 or 3. The facts are stated as of the data
//! stored so far: the database keeps the number of persons assessed in any month
//! (`persons_assessed` in `monitoring_totals`, maintained by each import), and
//! `tests/app/monitoring_kpis.rs` checks it against the size of [`assessed_persons`] on
//! both databases.
//!
//! The fact is met when the number of such persons is at least STAR's gross figure and,
//! when a list of the persons expected is known, every one of them is among them. Without
//! a list the number decides alone ([`whole_group_assessed_count`], what the pages and
//! the rate logic ask); with one, the persons themselves ([`whole_group_assessed`]). A
//! gross figure of 0 with no list is read as "STAR's figure is missing", not as
//! "no one to assess": the fact is then not met (a municipality with no target group
//! gets no grant, so this only guards against a figure never entered).
//!
//! # Rate 3: at least 40 % of the intervention group active over 3 months
//!
//! The month's measure is group-1 persons with a company-oriented offer or ordinary
//! hours > 0, of all group-1 persons ([`super::kpi::MonthCounts::activity`], from the
//! database's month counts `g1_company_or_hours / group1`). [`ThreeMonthRule`] says how "over a period of 3
//! months" is read; it is a pool setting and is shown with the fact.
//!
//! # Once met, met
//!
//! Both facts are evaluated as of a month. A rate is paid once, on the first month the
//! fact held, so rate 3's `since` is the first time and `met` stays true when later
//! months drop below the threshold (those months are still listed in
//! `months_checked`). Rate 2's fact cannot drop: the assessed persons up to a month only
//! grow.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use thiserror::Error;

use super::super::municipality::MunicipalityCode;
use super::kpi::Share;
use super::pseudonym::Pseudonym;
use super::{Month, PersonMonth};

/// Rate 2's fact as of a month, with the counts and the persons still missing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AssessedFact {
    pub met: bool,
    /// Distinct persons assessed in the municipality up to the month.
    pub assessed: u64,
    /// STAR's gross target group figure.
    pub gross: u64,
    /// How many more must be assessed to reach the figure (0 when reached).
    pub short_by: u64,
    /// Size of the list of expected persons, when one is known.
    pub expected: Option<u64>,
    /// Expected persons not yet assessed, in pseudonym order; empty without a list.
    pub missing: Vec<Pseudonym>,
}

impl AssessedFact {
    /// Catalogue key of the sentence stating the fact; its arguments are `assessed`,
    /// `gross`, `short_by` and the number missing.
    pub fn key(&self) -> &'static str {
        if self.met {
            "milestone-whole-group-met"
        } else if self.gross == 0 && self.expected.unwrap_or(0) == 0 {
            "milestone-whole-group-no-figure"
        } else {
            "milestone-whole-group-not-met"
        }
    }
}

/// Rate 2's fact. `assessed_persons` are the distinct persons assessed in the
/// municipality up to the month ([`assessed_persons`]); `expected_persons` is the list
/// of the gross target group when one is known (e.g. from STAR), `None` otherwise.
pub fn whole_group_assessed(
    gross: u64,
    assessed_persons: &BTreeSet<Pseudonym>,
    expected_persons: Option<&BTreeSet<Pseudonym>>,
) -> AssessedFact {
    let missing: Vec<Pseudonym> = expected_persons
        .map(|expected| expected.difference(assessed_persons).copied().collect())
        .unwrap_or_default();
    let expected = expected_persons.map(|e| len_u64(e.len()));
    fact(gross, len_u64(assessed_persons.len()), expected, missing)
}

/// Rate 2's fact when no list of the persons expected is known, from the number of
/// distinct persons assessed up to the month (the size of [`assessed_persons`]): the
/// same fact as `whole_group_assessed(gross, persons, None)` for any `persons` of that
/// size, without having to hold them.
pub fn whole_group_assessed_count(gross: u64, assessed: u64) -> AssessedFact {
    fact(gross, assessed, None, Vec::new())
}

fn fact(gross: u64, assessed: u64, expected: Option<u64>, missing: Vec<Pseudonym>) -> AssessedFact {
    let something_to_assess = gross > 0 || expected.unwrap_or(0) > 0;
    AssessedFact {
        met: something_to_assess && assessed >= gross && missing.is_empty(),
        assessed,
        gross,
        short_by: gross.saturating_sub(assessed),
        expected,
        missing,
    }
}

fn len_u64(len: usize) -> u64 {
    u64::try_from(len).unwrap_or(u64::MAX)
}

/// The distinct persons assessed (group 1, 2 or 3) in `municipality` in `up_to` or an
/// earlier month.
pub fn assessed_persons(
    municipality: MunicipalityCode,
    up_to: Month,
    rows: &[PersonMonth],
) -> BTreeSet<Pseudonym> {
    rows.iter()
        .filter(|r| r.municipality == municipality && r.month <= up_to && r.group.is_assessed())
        .map(|r| r.person)
        .collect()
}

/// How "at least 40 % of the intervention group … over a period of 3 months" is read:
/// a pool setting, shown with the fact.
///
/// - `consecutive = true` (the default reading): the month's share is at least
///   `threshold_percent` in **each** of `months` consecutive calendar months.
/// - `consecutive = false` (pooled): the counts of `months` consecutive calendar months
///   added up (persons counted once per month they are in group 1) give a share of at
///   least `threshold_percent`.
///
/// In both, a month without data breaks the period and a month with no one in group 1
/// (denominator 0) does not qualify on its own; shares are compared exactly on counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ThreeMonthRule {
    months: u32,
    threshold_percent: u32,
    consecutive: bool,
}

impl Default for ThreeMonthRule {
    fn default() -> Self {
        ThreeMonthRule {
            months: 3,
            threshold_percent: 40,
            consecutive: true,
        }
    }
}

/// Why a rate-3 setting was refused.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum RuleError {
    #[error("the period must be at least one month")]
    NoMonths,
    #[error("the threshold is a percentage from 0 to 100, got {0}")]
    ThresholdAbove100(u32),
}

impl RuleError {
    pub fn key(&self) -> &'static str {
        match self {
            RuleError::NoMonths => "milestone-rule-no-months",
            RuleError::ThresholdAbove100(_) => "milestone-rule-threshold-above-100",
        }
    }
}

impl ThreeMonthRule {
    pub fn new(
        months: u32,
        threshold_percent: u32,
        consecutive: bool,
    ) -> Result<ThreeMonthRule, RuleError> {
        if months == 0 {
            return Err(RuleError::NoMonths);
        }
        if threshold_percent > 100 {
            return Err(RuleError::ThresholdAbove100(threshold_percent));
        }
        Ok(ThreeMonthRule {
            months,
            threshold_percent,
            consecutive,
        })
    }

    pub fn months(self) -> u32 {
        self.months
    }

    pub fn threshold_percent(self) -> u32 {
        self.threshold_percent
    }

    pub fn consecutive(self) -> bool {
        self.consecutive
    }

    /// Catalogue key of the sentence describing the reading (arguments `months`,
    /// `percent`).
    pub fn key(self) -> &'static str {
        if self.consecutive {
            "milestone-activity-rule-each-month"
        } else {
            "milestone-activity-rule-pooled"
        }
    }
}

/// Rate 3's fact with its evidence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ActivityFact {
    pub rule: ThreeMonthRule,
    /// True from the first qualifying period on, whatever later months show.
    pub met: bool,
    /// The last month of the first qualifying period: the month the fact became true.
    pub since: Option<Month>,
    /// The months of that period with their shares.
    pub run: Vec<(Month, Share)>,
    /// The period's counts added up (the figure compared under the pooled reading).
    pub run_pooled: Option<Share>,
    /// Every month given, in order, with its share and whether it qualifies: under
    /// the each-month reading, the month's own share; under the pooled reading, the
    /// period of `months` consecutive months ending with it.
    pub months_checked: Vec<(Month, Share, bool)>,
}

impl ActivityFact {
    /// Catalogue key of the sentence stating the fact (arguments `since`, `months`,
    /// `percent`).
    pub fn key(&self) -> &'static str {
        if self.met {
            "milestone-activity-met"
        } else {
            "milestone-activity-not-met"
        }
    }
}

/// Rate 3's fact from the monthly shares of one municipality. The months may come in
/// any order; when a month is given twice, the last one given counts.
pub fn intervention_activity(rule: &ThreeMonthRule, by_month: &[(Month, Share)]) -> ActivityFact {
    let by_month: Vec<(Month, Share)> = by_month
        .iter()
        .copied()
        .collect::<BTreeMap<Month, Share>>()
        .into_iter()
        .collect();
    let window = usize::try_from(rule.months).unwrap_or(usize::MAX);
    let mut months_checked = Vec::with_capacity(by_month.len());
    let mut first: Option<usize> = None;
    let mut run_len = 0usize;
    for (i, &(month, share)) in by_month.iter().enumerate() {
        let follows = i > 0 && by_month[i - 1].0.next() == month;
        let own = share.at_least_percent(rule.threshold_percent);
        run_len = match (own, follows) {
            (false, _) => 0,
            (true, true) => run_len + 1,
            (true, false) => 1,
        };
        let qualifies = if rule.consecutive {
            run_len >= window
        } else {
            pooled_window_qualifies(rule, &by_month, i, window)
        };
        if qualifies && first.is_none() {
            first = Some(i);
        }
        months_checked.push((month, share, if rule.consecutive { own } else { qualifies }));
    }
    let run: Vec<(Month, Share)> = first
        .map(|end| by_month[end + 1 - window..=end].to_vec())
        .unwrap_or_default();
    ActivityFact {
        rule: *rule,
        met: first.is_some(),
        since: first.map(|end| by_month[end].0),
        run_pooled: (!run.is_empty()).then(|| Share::pooled(run.iter().map(|&(_, s)| s))),
        run,
        months_checked,
    }
}

/// The `window` entries ending at `end` are consecutive calendar months and their
/// pooled counts reach the threshold.
fn pooled_window_qualifies(
    rule: &ThreeMonthRule,
    by_month: &[(Month, Share)],
    end: usize,
    window: usize,
) -> bool {
    let Some(start) = (end + 1).checked_sub(window) else {
        return false;
    };
    let period = &by_month[start..=end];
    let consecutive = period.windows(2).all(|w| w[0].0.next() == w[1].0);
    consecutive
        && Share::pooled(period.iter().map(|&(_, s)| s)).at_least_percent(rule.threshold_percent)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::{kpi, Group, Outcome};
    use super::*;

    fn month(year: i32, m: u32) -> Month {
        Month::new(year, m).unwrap()
    }

    fn person(n: u8) -> Pseudonym {
        Pseudonym([n; 32])
    }

    fn code(c: &str) -> MunicipalityCode {
        MunicipalityCode::parse(c).unwrap()
    }

    fn share(num: u64, den: u64) -> Share {
        Share::new(num, den).unwrap()
    }

    fn row(n: u8, municipality: &str, m: Month, group: Group) -> PersonMonth {
        PersonMonth {
            person: person(n),
            municipality: code(municipality),
            month: m,
            group,
            job_broker: false,
            company_offer: false,
            ordinary_centihours: 0,
            outcome: Outcome::None,
        }
    }

    fn set(ns: &[u8]) -> BTreeSet<Pseudonym> {
        ns.iter().map(|&n| person(n)).collect()
    }

    /// Months from 2018-01 with the given shares, none missing.
    fn months_from_january(shares: &[(u64, u64)]) -> Vec<(Month, Share)> {
        let mut m = month(2018, 1);
        let mut out = Vec::new();
        for &(n, d) in shares {
            out.push((m, share(n, d)));
            m = m.next();
        }
        out
    }

    /// Rate 3's monthly measure for one municipality: for each month it reported anyone
    /// in, the activity of that month's rows, as the database counts it.
    fn activity_by_month(
        municipality: MunicipalityCode,
        rows: &[PersonMonth],
    ) -> Vec<(Month, Share)> {
        let own: Vec<PersonMonth> = rows
            .iter()
            .filter(|r| r.municipality == municipality)
            .cloned()
            .collect();
        let months: BTreeSet<Month> = own.iter().map(|r| r.month).collect();
        months
            .into_iter()
            .filter_map(|m| kpi::count(m, 0, &own).activity().map(|s| (m, s)))
            .collect()
    }

    fn pooled_rule() -> ThreeMonthRule {
        ThreeMonthRule::new(3, 40, false).unwrap()
    }

    // Rate 2 -------------------------------------------------------------------------

    #[test]
    fn the_whole_group_is_assessed_when_the_count_reaches_stars_figure() {
        let fact = whole_group_assessed(3, &set(&[1, 2, 3]), None);
        assert!(fact.met);
        assert_eq!((fact.assessed, fact.gross, fact.short_by), (3, 3, 0));
        assert_eq!(fact.key(), "milestone-whole-group-met");
        assert!(whole_group_assessed(3, &set(&[1, 2, 3, 4]), None).met);
    }

    #[test]
    fn one_short_of_stars_figure_is_not_the_whole_group() {
        let fact = whole_group_assessed(3, &set(&[1, 2]), None);
        assert!(!fact.met);
        assert_eq!(fact.short_by, 1);
        assert!(fact.missing.is_empty());
        assert_eq!(fact.key(), "milestone-whole-group-not-met");
    }

    #[test]
    fn with_a_known_list_every_expected_person_must_be_assessed_and_the_missing_are_named() {
        let expected = set(&[1, 2, 3, 4]);
        // Four assessed reach the figure, but person 4 on the list is not among them.
        let fact = whole_group_assessed(4, &set(&[1, 2, 3, 9]), Some(&expected));
        assert!(!fact.met);
        assert_eq!(fact.short_by, 0);
        assert_eq!(fact.expected, Some(4));
        assert_eq!(fact.missing, vec![person(4)]);
        let fact = whole_group_assessed(4, &set(&[1, 2, 3, 4]), Some(&expected));
        assert!(fact.met && fact.missing.is_empty());
        // The list does not excuse the count.
        let fact = whole_group_assessed(5, &set(&[1, 2, 3, 4]), Some(&expected));
        assert!(!fact.met);
        assert_eq!(fact.short_by, 1);
    }

    #[test]
    fn a_missing_gross_figure_does_not_count_as_everyone_assessed() {
        let fact = whole_group_assessed(0, &set(&[1]), None);
        assert!(!fact.met);
        assert_eq!(fact.key(), "milestone-whole-group-no-figure");
        assert!(!whole_group_assessed(0, &set(&[]), Some(&set(&[]))).met);
        // A list alone can decide it.
        assert!(whole_group_assessed(0, &set(&[1]), Some(&set(&[1]))).met);
    }

    #[test]
    fn assessment_counts_up_to_and_including_the_month_and_is_not_undone() {
        let rows = vec![
            row(1, "615", month(2017, 9), Group::NotAssessed),
            row(1, "615", month(2017, 10), Group::Intervention),
            row(1, "615", month(2017, 11), Group::NotAssessed),
            row(2, "615", month(2017, 11), Group::Social),
        ];
        let at = |m| assessed_persons(code("615"), m, &rows);
        assert_eq!(at(month(2017, 9)), set(&[]));
        assert_eq!(at(month(2017, 10)), set(&[1]));
        assert_eq!(at(month(2017, 11)), set(&[1, 2]));
        assert_eq!(at(month(2018, 6)), set(&[1, 2]));
    }

    #[test]
    fn a_person_who_moves_is_assessed_only_where_a_row_says_so() {
        // Assessed in Horsens (615) in January, reported by Aarhus (751) from February.
        let rows = vec![
            row(1, "615", month(2018, 1), Group::Intervention),
            row(1, "751", month(2018, 2), Group::NotAssessed),
            row(1, "751", month(2018, 3), Group::Rehabilitation),
        ];
        let horsens = assessed_persons(code("615"), month(2018, 3), &rows);
        assert!(whole_group_assessed(1, &horsens, None).met);
        let aarhus_feb = assessed_persons(code("751"), month(2018, 2), &rows);
        assert!(!whole_group_assessed(1, &aarhus_feb, None).met);
        let aarhus_mar = assessed_persons(code("751"), month(2018, 3), &rows);
        assert!(whole_group_assessed(1, &aarhus_mar, None).met);
    }

    // Rate 3 -------------------------------------------------------------------------

    #[test]
    fn the_default_reading_is_forty_percent_in_each_of_three_consecutive_months() {
        let rule = ThreeMonthRule::default();
        assert_eq!(
            (rule.months(), rule.threshold_percent(), rule.consecutive()),
            (3, 40, true)
        );
        assert_eq!(rule.key(), "milestone-activity-rule-each-month");
        assert_eq!(pooled_rule().key(), "milestone-activity-rule-pooled");
    }

    #[test]
    fn a_rule_needs_a_month_and_a_threshold_of_at_most_one_hundred() {
        assert_eq!(ThreeMonthRule::new(0, 40, true), Err(RuleError::NoMonths));
        assert_eq!(
            ThreeMonthRule::new(3, 101, true),
            Err(RuleError::ThresholdAbove100(101))
        );
        assert!(ThreeMonthRule::new(1, 100, false).is_ok());
        assert_eq!(RuleError::NoMonths.key(), "milestone-rule-no-months");
    }

    #[test]
    fn exactly_forty_percent_three_months_running_is_met_in_the_third() {
        let data = months_from_january(&[(40, 100), (2, 5), (4000, 10000)]);
        let fact = intervention_activity(&ThreeMonthRule::default(), &data);
        assert!(fact.met);
        assert_eq!(fact.since, Some(month(2018, 3)));
        assert_eq!(fact.run, data);
        assert_eq!(fact.run_pooled, Some(share(4042, 10105)));
        assert_eq!(fact.key(), "milestone-activity-met");
    }

    #[test]
    fn a_hair_below_forty_percent_breaks_the_run() {
        let data = months_from_january(&[(40, 100), (3999, 10000), (40, 100)]);
        let fact = intervention_activity(&ThreeMonthRule::default(), &data);
        assert!(!fact.met);
        assert_eq!(fact.since, None);
        assert!(fact.run.is_empty() && fact.run_pooled.is_none());
        assert_eq!(
            fact.months_checked
                .iter()
                .map(|&(_, _, q)| q)
                .collect::<Vec<_>>(),
            vec![true, false, true]
        );
        assert_eq!(fact.key(), "milestone-activity-not-met");
    }

    #[test]
    fn two_qualifying_months_of_three_are_not_enough() {
        let data = months_from_january(&[(5, 10), (1, 10), (5, 10), (5, 10)]);
        assert!(!intervention_activity(&ThreeMonthRule::default(), &data).met);
    }

    #[test]
    fn a_missing_month_in_the_middle_breaks_the_run() {
        let data = vec![
            (month(2018, 1), share(5, 10)),
            (month(2018, 2), share(5, 10)),
            (month(2018, 4), share(5, 10)),
            (month(2018, 5), share(5, 10)),
        ];
        let fact = intervention_activity(&ThreeMonthRule::default(), &data);
        assert!(!fact.met);
        assert!(!intervention_activity(&pooled_rule(), &data).met);
        let mut more = data.clone();
        more.push((month(2018, 6), share(5, 10)));
        let fact = intervention_activity(&ThreeMonthRule::default(), &more);
        assert_eq!(fact.since, Some(month(2018, 6)));
        assert_eq!(fact.run, more[2..].to_vec());
    }

    #[test]
    fn a_month_with_no_one_in_group_one_does_not_qualify() {
        let data = months_from_january(&[(5, 10), (0, 0), (5, 10), (5, 10)]);
        assert!(!intervention_activity(&ThreeMonthRule::default(), &data).met);
        // Pooled, the empty month adds nothing but still does not stand in for data:
        // the period Feb–Apr is 10/20 and qualifies, counted as three months.
        let fact = intervention_activity(&pooled_rule(), &data);
        assert_eq!(fact.since, Some(month(2018, 3)));
        assert_eq!(fact.run_pooled, Some(share(10, 20)));
    }

    #[test]
    fn the_run_may_cross_new_year() {
        let data = vec![
            (month(2018, 11), share(4, 10)),
            (month(2018, 12), share(4, 10)),
            (month(2019, 1), share(4, 10)),
        ];
        let fact = intervention_activity(&ThreeMonthRule::default(), &data);
        assert_eq!(fact.since, Some(month(2019, 1)));
    }

    #[test]
    fn since_is_the_first_time_and_a_later_drop_does_not_unmeet_it() {
        let data = months_from_january(&[
            (1, 10),
            (5, 10),
            (5, 10),
            (5, 10),
            (5, 10),
            (0, 10),
            (9, 10),
            (9, 10),
            (9, 10),
        ]);
        let fact = intervention_activity(&ThreeMonthRule::default(), &data);
        assert!(fact.met);
        assert_eq!(fact.since, Some(month(2018, 4)));
        assert_eq!(fact.run, data[1..4].to_vec());
        assert_eq!(fact.months_checked.len(), 9);
        assert!(!fact.months_checked[5].2);
        // Cut off after the drop: still met, since unchanged.
        let fact = intervention_activity(&ThreeMonthRule::default(), &data[..6]);
        assert!(fact.met);
        assert_eq!(fact.since, Some(month(2018, 4)));
    }

    #[test]
    fn months_given_out_of_order_are_sorted_and_a_repeated_month_counts_once_the_last() {
        let data = vec![
            (month(2018, 3), share(5, 10)),
            (month(2018, 1), share(5, 10)),
            (month(2018, 2), share(1, 10)),
            (month(2018, 2), share(5, 10)),
        ];
        let fact = intervention_activity(&ThreeMonthRule::default(), &data);
        assert_eq!(fact.since, Some(month(2018, 3)));
        assert_eq!(fact.months_checked.len(), 3);
        assert_eq!(fact.months_checked[1], (month(2018, 2), share(5, 10), true));
    }

    #[test]
    fn pooled_counts_can_meet_where_each_month_does_not() {
        // 50 %, 30 %, 45 %: one month below, but 125 of 300 = 41.7 % pooled.
        let data = months_from_january(&[(50, 100), (30, 100), (45, 100)]);
        assert!(!intervention_activity(&ThreeMonthRule::default(), &data).met);
        let fact = intervention_activity(&pooled_rule(), &data);
        assert!(fact.met);
        assert_eq!(fact.since, Some(month(2018, 3)));
        assert_eq!(fact.run_pooled, Some(share(125, 300)));
        assert_eq!(
            fact.months_checked
                .iter()
                .map(|&(_, _, q)| q)
                .collect::<Vec<_>>(),
            vec![false, false, true]
        );
    }

    #[test]
    fn pooled_counts_weigh_months_by_their_group_size() {
        // 100 % of 1 person, then 0 % of 10 twice: 1 of 21 pooled.
        let data = months_from_january(&[(1, 1), (0, 10), (0, 10)]);
        assert!(!intervention_activity(&pooled_rule(), &data).met);
        // Exactly 40 % pooled: 12 of 30.
        let data = months_from_january(&[(2, 10), (5, 10), (5, 10)]);
        assert!(intervention_activity(&pooled_rule(), &data).met);
        let data = months_from_january(&[(3999, 10000), (4000, 10000), (4000, 10000)]);
        assert!(!intervention_activity(&pooled_rule(), &data).met);
    }

    #[test]
    fn a_person_is_counted_where_the_row_says_they_are_that_month() {
        let active = |n, municipality, m| PersonMonth {
            company_offer: true,
            ..row(n, municipality, m, Group::Intervention)
        };
        let idle = |n, municipality, m| row(n, municipality, m, Group::Intervention);
        let (jan, feb, mar) = (month(2018, 1), month(2018, 2), month(2018, 3));
        // Person 1 is active throughout but moves from Horsens to Aarhus in February.
        let rows = vec![
            active(1, "615", jan),
            idle(2, "615", jan),
            active(1, "751", feb),
            idle(2, "615", feb),
            active(1, "751", mar),
            idle(2, "615", mar),
            idle(3, "751", feb),
            idle(3, "751", mar),
        ];
        let horsens = activity_by_month(code("615"), &rows);
        assert_eq!(
            horsens,
            vec![(jan, share(1, 2)), (feb, share(0, 1)), (mar, share(0, 1))]
        );
        let aarhus = activity_by_month(code("751"), &rows);
        assert_eq!(aarhus, vec![(feb, share(1, 2)), (mar, share(1, 2))]);
        assert!(!intervention_activity(&ThreeMonthRule::default(), &horsens).met);
        assert!(!intervention_activity(&ThreeMonthRule::default(), &aarhus).met);
    }

    #[test]
    fn ordinary_hours_count_as_activity_like_a_company_offer() {
        let m = month(2018, 1);
        let rows = vec![
            PersonMonth {
                ordinary_centihours: 1,
                ..row(1, "615", m, Group::Intervention)
            },
            PersonMonth {
                job_broker: true,
                ..row(2, "615", m, Group::Intervention)
            },
            PersonMonth {
                company_offer: true,
                ..row(3, "615", m, Group::Rehabilitation)
            },
        ];
        assert_eq!(
            activity_by_month(code("615"), &rows),
            vec![(m, share(1, 2))]
        );
    }

    fn arb_months() -> impl Strategy<Value = Vec<(Month, Share)>> {
        prop::collection::vec((0u32..30, 0u64..12, 0u64..12), 0..20).prop_map(|entries| {
            entries
                .into_iter()
                .map(|(offset, a, b)| {
                    let m = Month::new(2017 + (offset / 12) as i32, 1 + offset % 12).unwrap();
                    (m, Share::new(a.min(b), a.max(b)).unwrap())
                })
                .collect()
        })
    }

    proptest! {
        #[test]
        fn without_a_list_the_count_gives_the_fact_the_persons_give(
            gross in prop_oneof![Just(0u64), 0u64..20],
            persons in prop::collection::btree_set(any::<u8>(), 0..20),
        ) {
            let persons: BTreeSet<Pseudonym> = persons.into_iter().map(person).collect();
            let count = u64::try_from(persons.len()).unwrap();
            prop_assert_eq!(
                whole_group_assessed_count(gross, count),
                whole_group_assessed(gross, &persons, None)
            );
        }

        #[test]
        fn the_evidence_supports_the_fact(
            data in arb_months(), months in 1u32..5, pct in 0u32..=100, consecutive in any::<bool>(),
        ) {
            let rule = ThreeMonthRule::new(months, pct, consecutive).unwrap();
            let fact = intervention_activity(&rule, &data);
            prop_assert_eq!(fact.met, fact.since.is_some());
            if let Some(since) = fact.since {
                prop_assert_eq!(fact.run.len(), months as usize);
                prop_assert_eq!(fact.run.last().map(|r| r.0), Some(since));
                prop_assert!(fact.run.windows(2).all(|w| w[0].0.next() == w[1].0));
                let pooled = fact.run_pooled.unwrap();
                prop_assert!(pooled.at_least_percent(pct));
                if consecutive {
                    prop_assert!(fact.run.iter().all(|(_, s)| s.at_least_percent(pct)));
                }
                // No earlier month qualified.
                let first = fact.months_checked.iter().position(|c| c.0 == since).unwrap();
                if !consecutive {
                    prop_assert!(fact.months_checked[..first].iter().all(|c| !c.2));
                }
            }
        }

        #[test]
        fn each_month_met_implies_pooled_met_no_later(
            data in arb_months(), months in 1u32..5, pct in 0u32..=100,
        ) {
            let each = intervention_activity(&ThreeMonthRule::new(months, pct, true).unwrap(), &data);
            let pooled = intervention_activity(&ThreeMonthRule::new(months, pct, false).unwrap(), &data);
            if let Some(since) = each.since {
                prop_assert!(pooled.since.is_some_and(|p| p <= since));
            }
        }

        #[test]
        fn over_one_month_both_readings_agree(data in arb_months(), pct in 0u32..=100) {
            let each = intervention_activity(&ThreeMonthRule::new(1, pct, true).unwrap(), &data);
            let pooled = intervention_activity(&ThreeMonthRule::new(1, pct, false).unwrap(), &data);
            prop_assert_eq!(each.since, pooled.since);
            prop_assert_eq!(each.months_checked, pooled.months_checked);
        }

        #[test]
        fn once_met_more_months_never_unmeet_it_or_move_since(
            data in arb_months(), extra in arb_months(), consecutive in any::<bool>(),
        ) {
            let rule = ThreeMonthRule::new(3, 40, consecutive).unwrap();
            let before = intervention_activity(&rule, &data);
            let last = data.iter().map(|d| d.0).max();
            let later: Vec<_> = extra.into_iter().filter(|e| Some(e.0) > last).collect();
            let mut all = data.clone();
            all.extend(later);
            let after = intervention_activity(&rule, &all);
            if before.met {
                prop_assert!(after.met);
                prop_assert_eq!(after.since, before.since);
            }
        }
    }
}
