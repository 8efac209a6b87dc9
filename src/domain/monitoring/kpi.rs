//! The seven monthly key figures (nøgletal) of the announcement, per municipality, and
//! the exact [`Share`] they are compared and shown with.
//!
//! Every figure is a count of persons. The database counts them, with one `GROUP BY`
//! over the stored rows of the months each import replaces, into maintained aggregates
//! (`db::queries::monitoring::recount_months`), read by `month_counts` and
//! `all_month_counts`: that is what the pages, the API and the milestone facts use.
//! [`count`] states the same rules in Rust, as the reference the rule book's tests below
//! are written against; `tests/app/monitoring_kpis.rs` runs random person-months through
//! the import and both, on SQLite and on PostgreSQL, and requires the same counts.
//!
//! # Counting rules
//!
//! For one municipality and one month, over that month's rows with **one row per
//! person** (see [`count`] for duplicates):
//!
//! | field | a person counts when |
//! |---|---|
//! | `persons` | they have a row |
//! | `assessed` | group is 1, 2 or 3 (not 0, "not yet assessed") |
//! | `group1`, `group2`, `group3` | group is 1, 2, 3 respectively |
//! | `g1_job_broker` | group 1 and job broker |
//! | `g1_company_offer` | group 1 and company-oriented offer |
//! | `g1_ordinary_hours` | group 1 and ordinary hours > 0 (centihours > 0) |
//! | `g1_30_hours` | group 1 and ordinary hours ≥ 30.00 (centihours ≥ 3000) |
//! | `g1_none_of_these` | group 1, no job broker, no company offer, and 0 ordinary hours |
//! | `g1_company_or_hours` | group 1 and (company offer or ordinary hours > 0): rate 3's measure |
//! | `g1_outcome` | group 1 and outcome is job, education or flex job |
//!
//! `gross` is not counted: it is STAR's target-group figure for the municipality, given.
//! The KPIs ([`Kpi::numerator`] / [`Kpi::denominator`]): the assessed share is
//! `assessed / max(gross, persons)`; the other six are `g1_… / group1`.
//!
//! # In the database
//!
//! The stored rows (`monitoring_rows`) keep one row per person, municipality and month
//! (the primary key), the group as 0–3 and the outcome as `job`, `education`,
//! `flexjob` or `none`, so the SQL can read "assessed" as `assessment_group > 0` and
//! "an outcome" as `outcome <> 'none'`.
//!
//! A month without rows has no SQL group; read it as all-zero counts (which is what
//! [`count`] returns for it), so every share but the assessed one is undefined that month.
//! National figures are the field-wise sum over municipalities (`+` or `Sum` on
//! [`MonthCounts`]), `gross` included; a person reported by two municipalities in the
//! same month counts in both, as `GROUP BY month` alone over the rows does.

use std::collections::BTreeMap;

use serde::Serialize;

use super::pseudonym::Pseudonym;
use super::{Group, Month, Outcome, PersonMonth};

/// "30 ordinary hours in the month", in hundredths of an hour.
pub const THIRTY_HOURS_CENTIHOURS: u32 = 3000;

/// The person counts of one municipality in one month; see the module documentation for
/// exactly who is counted where.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MonthCounts {
    /// STAR's gross target group (bruttomålgruppe) for the municipality: given, not counted.
    pub gross: u64,
    pub persons: u64,
    pub assessed: u64,
    pub group1: u64,
    pub group2: u64,
    pub group3: u64,
    pub g1_job_broker: u64,
    pub g1_company_offer: u64,
    /// Ordinary hours > 0 in the month.
    pub g1_ordinary_hours: u64,
    /// Ordinary hours ≥ 30.00 in the month.
    pub g1_30_hours: u64,
    /// No company offer, no ordinary hours and no job broker.
    pub g1_none_of_these: u64,
    /// Company offer or ordinary hours > 0: the numerator of rate 3's milestone.
    pub g1_company_or_hours: u64,
    /// Went into job, education or flex job.
    pub g1_outcome: u64,
}

/// Counts one municipality's rows for `month`.
///
/// Rows of other months are ignored, so a municipality's whole history may be passed.
/// The rows are taken to be one municipality's: the municipality field is not looked at.
///
/// A person with more than one row in the month is counted once, from the **last** of
/// their rows in slice order. The store never holds two such rows (its key is
/// (municipality, month, person), and an import refuses a file with the same person
/// twice in a month), so for stored rows this is the database's count.
pub fn count(month: Month, gross: u64, rows: &[PersonMonth]) -> MonthCounts {
    let mut latest: BTreeMap<&Pseudonym, &PersonMonth> = BTreeMap::new();
    for row in rows.iter().filter(|r| r.month == month) {
        latest.insert(&row.person, row);
    }
    let mut counts = MonthCounts {
        gross,
        ..MonthCounts::default()
    };
    for row in latest.values() {
        counts.add_row(row);
    }
    counts
}

fn one_if(condition: bool) -> u64 {
    u64::from(condition)
}

impl MonthCounts {
    fn add_row(&mut self, row: &PersonMonth) {
        let g1 = row.group == Group::Intervention;
        let hours = row.ordinary_centihours > 0;
        self.persons += 1;
        self.assessed += one_if(row.group.is_assessed());
        self.group1 += one_if(g1);
        self.group2 += one_if(row.group == Group::Rehabilitation);
        self.group3 += one_if(row.group == Group::Social);
        self.g1_job_broker += one_if(g1 && row.job_broker);
        self.g1_company_offer += one_if(g1 && row.company_offer);
        self.g1_ordinary_hours += one_if(g1 && hours);
        self.g1_30_hours += one_if(g1 && row.ordinary_centihours >= THIRTY_HOURS_CENTIHOURS);
        self.g1_none_of_these += one_if(g1 && !row.job_broker && !row.company_offer && !hours);
        self.g1_company_or_hours += one_if(g1 && (row.company_offer || hours));
        self.g1_outcome += one_if(
            g1 && matches!(
                row.outcome,
                Outcome::Job | Outcome::Education | Outcome::FlexJob
            ),
        );
    }

    /// Rate 3's monthly measure: group-1 persons with a company-oriented offer or
    /// ordinary hours, of all group-1 persons. `None` only for contradictory counts.
    pub fn activity(&self) -> Option<Share> {
        Share::new(self.g1_company_or_hours, self.group1)
    }
}

/// Field-wise sum, for national figures (`gross` is summed too).
impl std::ops::Add for MonthCounts {
    type Output = MonthCounts;

    fn add(self, other: MonthCounts) -> MonthCounts {
        MonthCounts {
            gross: self.gross.saturating_add(other.gross),
            persons: self.persons.saturating_add(other.persons),
            assessed: self.assessed.saturating_add(other.assessed),
            group1: self.group1.saturating_add(other.group1),
            group2: self.group2.saturating_add(other.group2),
            group3: self.group3.saturating_add(other.group3),
            g1_job_broker: self.g1_job_broker.saturating_add(other.g1_job_broker),
            g1_company_offer: self.g1_company_offer.saturating_add(other.g1_company_offer),
            g1_ordinary_hours: self
                .g1_ordinary_hours
                .saturating_add(other.g1_ordinary_hours),
            g1_30_hours: self.g1_30_hours.saturating_add(other.g1_30_hours),
            g1_none_of_these: self.g1_none_of_these.saturating_add(other.g1_none_of_these),
            g1_company_or_hours: self
                .g1_company_or_hours
                .saturating_add(other.g1_company_or_hours),
            g1_outcome: self.g1_outcome.saturating_add(other.g1_outcome),
        }
    }
}

impl std::iter::Sum for MonthCounts {
    fn sum<I: Iterator<Item = MonthCounts>>(iter: I) -> MonthCounts {
        iter.fold(MonthCounts::default(), |a, b| a + b)
    }
}

/// The seven key figures of the announcement's monitoring list, in its order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Kpi {
    /// Share of the gross target group assessed into group 1, 2 or 3.
    AssessedShare,
    /// Share of group 1 with a personal job broker (personlig jobformidler).
    JobBrokerShare,
    /// Share of group 1 in a company-oriented offer (virksomhedsrettet tilbud).
    CompanyOfferShare,
    /// Share of group 1 with ordinary hours (ordinære timer) in the month.
    OrdinaryHoursShare,
    /// Share of group 1 with at least 30 ordinary hours in the month.
    ThirtyHoursShare,
    /// Share of group 1 with none of: company offer, ordinary hours, job broker.
    NoneOfTheseShare,
    /// Share of group 1 gone into job, education or flex job.
    OutcomeShare,
}

impl Kpi {
    pub const ALL: [Kpi; 7] = [
        Kpi::AssessedShare,
        Kpi::JobBrokerShare,
        Kpi::CompanyOfferShare,
        Kpi::OrdinaryHoursShare,
        Kpi::ThirtyHoursShare,
        Kpi::NoneOfTheseShare,
        Kpi::OutcomeShare,
    ];

    /// Catalogue key of the figure's name; also a stable code for exports.
    pub fn key(self) -> &'static str {
        match self {
            Kpi::AssessedShare => "kpi-assessed-share",
            Kpi::JobBrokerShare => "kpi-job-broker-share",
            Kpi::CompanyOfferShare => "kpi-company-offer-share",
            Kpi::OrdinaryHoursShare => "kpi-ordinary-hours-share",
            Kpi::ThirtyHoursShare => "kpi-thirty-hours-share",
            Kpi::NoneOfTheseShare => "kpi-none-of-these-share",
            Kpi::OutcomeShare => "kpi-outcome-share",
        }
    }

    /// Catalogue key of the sentence saying who is counted, shown with the figure.
    pub fn rule_key(self) -> &'static str {
        match self {
            Kpi::AssessedShare => "kpi-assessed-share-rule",
            Kpi::JobBrokerShare => "kpi-job-broker-share-rule",
            Kpi::CompanyOfferShare => "kpi-company-offer-share-rule",
            Kpi::OrdinaryHoursShare => "kpi-ordinary-hours-share-rule",
            Kpi::ThirtyHoursShare => "kpi-thirty-hours-share-rule",
            Kpi::NoneOfTheseShare => "kpi-none-of-these-share-rule",
            Kpi::OutcomeShare => "kpi-outcome-share-rule",
        }
    }

    pub fn numerator(self, counts: &MonthCounts) -> u64 {
        match self {
            Kpi::AssessedShare => counts.assessed,
            Kpi::JobBrokerShare => counts.g1_job_broker,
            Kpi::CompanyOfferShare => counts.g1_company_offer,
            Kpi::OrdinaryHoursShare => counts.g1_ordinary_hours,
            Kpi::ThirtyHoursShare => counts.g1_30_hours,
            Kpi::NoneOfTheseShare => counts.g1_none_of_these,
            Kpi::OutcomeShare => counts.g1_outcome,
        }
    }

    /// The assessed share is of STAR's gross figure; when the municipality reports more
    /// persons than that, the figure is evidently too low and the persons reported are
    /// the base instead, so the share never passes 100 % and is never flattered. The
    /// other six are
    /// of the intervention group (group 1) that month.
    pub fn denominator(self, counts: &MonthCounts) -> u64 {
        match self {
            Kpi::AssessedShare => counts.gross.max(counts.persons),
            _ => counts.group1,
        }
    }

    /// `None` only when the counts contradict each other (a numerator above its
    /// denominator), which [`count`] never produces; a zero denominator gives an
    /// undefined share, shown as "–".
    pub fn share(self, counts: &MonthCounts) -> Option<Share> {
        Share::new(self.numerator(counts), self.denominator(counts))
    }
}

/// A share `num / den` of persons, kept as the two counts so comparisons are exact.
/// A zero denominator is allowed and means "undefined" (no one to count).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Share {
    num: u64,
    den: u64,
}

impl Share {
    /// `None` when `num > den`: a share of persons cannot exceed the whole.
    pub fn new(num: u64, den: u64) -> Option<Share> {
        (num <= den).then_some(Share { num, den })
    }

    pub fn num(self) -> u64 {
        self.num
    }

    pub fn den(self) -> u64 {
        self.den
    }

    /// False when there is no one to count (denominator 0).
    fn is_defined(self) -> bool {
        self.den > 0
    }

    /// `num / den ≥ p / 100`, decided as `num · 100 ≥ p · den` in 128 bits. An undefined
    /// share is never at least anything.
    pub fn at_least_percent(self, p: u32) -> bool {
        self.is_defined() && u128::from(self.num) * 100 >= u128::from(p) * u128::from(self.den)
    }

    /// The counts of several shares added up: the share of the pooled persons (or
    /// person-months).
    pub fn pooled(shares: impl IntoIterator<Item = Share>) -> Share {
        shares
            .into_iter()
            .fold(Share { num: 0, den: 0 }, |a, s| Share {
                num: a.num.saturating_add(s.num),
                den: a.den.saturating_add(s.den),
            })
    }

    /// The percentage in tenths (930 = 93.0 %), rounded half up:
    /// `floor((2000 · num + den) / (2 · den))`, all in integers. `None` when undefined.
    pub fn tenths_of_percent(self) -> Option<u64> {
        if !self.is_defined() {
            return None;
        }
        let den = u128::from(self.den);
        let tenths = (2000 * u128::from(self.num) + den) / (2 * den);
        u64::try_from(tenths).ok()
    }

    /// "93,0" (one decimal, rounded half up, no percent sign), or "–" when undefined.
    pub fn percent_1dp_da(self) -> String {
        self.format_1dp(',')
    }

    fn format_1dp(self, point: char) -> String {
        match self.tenths_of_percent() {
            Some(t) => format!("{}{point}{}", t / 10, t % 10),
            None => "–".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::super::municipality::MunicipalityCode;
    use super::*;

    fn month(year: i32, m: u32) -> Month {
        Month::new(year, m).unwrap()
    }

    fn person(n: u8) -> Pseudonym {
        Pseudonym([n; 32])
    }

    fn horsens() -> MunicipalityCode {
        MunicipalityCode::parse("615").unwrap()
    }

    fn row(n: u8, group: Group) -> PersonMonth {
        PersonMonth {
            person: person(n),
            municipality: horsens(),
            month: month(2018, 2),
            group,
            job_broker: false,
            company_offer: false,
            ordinary_centihours: 0,
            outcome: Outcome::None,
        }
    }

    /// The share as the CSV shows it: "93.0".
    fn percent_1dp(s: Share) -> String {
        s.format_1dp('.')
    }

    fn share(num: u64, den: u64) -> Share {
        Share::new(num, den).unwrap()
    }

    #[test]
    fn a_share_of_no_one_is_undefined_and_shown_as_a_dash() {
        let s = share(0, 0);
        assert!(!s.is_defined());
        assert_eq!(s.tenths_of_percent(), None);
        assert_eq!(percent_1dp(s), "–");
        assert_eq!(s.percent_1dp_da(), "–");
        assert!(!s.at_least_percent(0));
    }

    #[test]
    fn a_share_above_the_whole_is_refused() {
        assert_eq!(Share::new(3, 2), None);
        assert!(Share::new(2, 2).is_some());
    }

    #[test]
    fn exactly_forty_percent_is_at_least_forty() {
        assert!(share(40, 100).at_least_percent(40));
        assert!(share(4000, 10000).at_least_percent(40));
        assert!(share(2, 5).at_least_percent(40));
        assert!(!share(3999, 10000).at_least_percent(40));
        assert!(!share(39_999_999, 100_000_000).at_least_percent(40));
        assert!(share(0, 7).at_least_percent(0));
        assert!(share(7, 7).at_least_percent(100));
        assert!(!share(6, 7).at_least_percent(100));
    }

    #[test]
    fn comparison_does_not_overflow_at_the_largest_counts() {
        assert!(share(u64::MAX, u64::MAX).at_least_percent(100));
        assert!(!share(u64::MAX - 1, u64::MAX).at_least_percent(100));
        assert_eq!(percent_1dp(share(u64::MAX, u64::MAX)), "100.0");
    }

    #[test]
    fn display_rounds_half_up_to_one_decimal() {
        assert_eq!(percent_1dp(share(1, 3)), "33.3");
        assert_eq!(percent_1dp(share(2, 3)), "66.7");
        // 0.05 % exactly: the half rounds up.
        assert_eq!(percent_1dp(share(1, 2000)), "0.1");
        // Just below the half.
        assert_eq!(percent_1dp(share(49, 100_000)), "0.0");
        // 12.45 % exactly rounds up to 12.5, 12.4499… does not.
        assert_eq!(percent_1dp(share(249, 2000)), "12.5");
        assert_eq!(percent_1dp(share(124_499, 1_000_000)), "12.4");
        assert_eq!(percent_1dp(share(0, 9)), "0.0");
        assert_eq!(percent_1dp(share(9, 9)), "100.0");
        assert_eq!(share(1, 3).percent_1dp_da(), "33,3");
    }

    #[test]
    fn the_status_note_of_february_2018_reads_as_expected() {
        // Status note 000, per 28 February 2018, nationally: "ca. 23.000" of "ca. 25.000"
        // assessed. Taken literally that is 92.0 %; the note says 93 %, so its unrounded
        // count was at least 23,125 (92.5 %).
        let literal = MonthCounts {
            gross: 25_000,
            persons: 25_000,
            assessed: 23_000,
            ..MonthCounts::default()
        };
        let assessed = Kpi::AssessedShare.share(&literal).unwrap();
        assert_eq!(percent_1dp(assessed), "92.0");
        assert!(assessed.at_least_percent(92) && !assessed.at_least_percent(93));

        // A month consistent with every figure in the note.
        let counts = MonthCounts {
            gross: 25_000,
            persons: 25_000,
            assessed: 23_240,
            group1: 12_550, // 54 % of the assessed
            // "ca. 33 % of the gross group, ca. 7,500": 30.0 % of the gross, 32.3 % of the
            // assessed, so the note's 33 % reads as a share of the assessed.
            group2: 7_500,
            group3: 3_190,
            g1_job_broker: 9_700, // 77 % of group 1, "ca. 9.700"
            // "23 % in company placements etc.", which the note says includes ordinary
            // hours, flex job and education: nearer rate 3's measure than this KPI.
            g1_company_offer: 2_887,
            ..MonthCounts::default()
        };
        let shown = |k: Kpi| percent_1dp(k.share(&counts).unwrap());
        assert_eq!(percent_1dp(share(counts.group2, counts.gross)), "30.0");
        assert_eq!(percent_1dp(share(counts.group2, counts.assessed)), "32.3");
        assert_eq!(shown(Kpi::AssessedShare), "93.0");
        assert_eq!(percent_1dp(share(counts.group1, counts.assessed)), "54.0");
        assert_eq!(shown(Kpi::JobBrokerShare), "77.3");
        assert_eq!(shown(Kpi::CompanyOfferShare), "23.0");
        let job_broker = Kpi::JobBrokerShare.share(&counts).unwrap();
        assert!(job_broker.at_least_percent(77) && !job_broker.at_least_percent(78));
        // Rate 3 is not met by this month's company offers alone: 23 % < 40 %.
        let activity = share(counts.g1_company_offer, counts.group1);
        assert!(!activity.at_least_percent(40));
    }

    #[test]
    fn each_row_is_counted_by_the_rules_in_the_table() {
        let rows = vec![
            PersonMonth {
                job_broker: true,
                ..row(1, Group::Intervention)
            },
            PersonMonth {
                company_offer: true,
                ..row(2, Group::Intervention)
            },
            PersonMonth {
                ordinary_centihours: 1,
                ..row(3, Group::Intervention)
            },
            PersonMonth {
                ordinary_centihours: 2999,
                outcome: Outcome::Job,
                ..row(4, Group::Intervention)
            },
            PersonMonth {
                ordinary_centihours: 3000,
                outcome: Outcome::Education,
                ..row(5, Group::Intervention)
            },
            PersonMonth {
                outcome: Outcome::FlexJob,
                ..row(6, Group::Intervention)
            },
            row(7, Group::Intervention),
            // Groups 2 and 3 never count in group-1 figures, whatever they have.
            PersonMonth {
                job_broker: true,
                company_offer: true,
                ordinary_centihours: 4000,
                outcome: Outcome::Job,
                ..row(8, Group::Rehabilitation)
            },
            row(9, Group::Social),
            row(10, Group::NotAssessed),
        ];
        let c = count(month(2018, 2), 12, &rows);
        assert_eq!(
            c,
            MonthCounts {
                gross: 12,
                persons: 10,
                assessed: 9,
                group1: 7,
                group2: 1,
                group3: 1,
                g1_job_broker: 1,
                g1_company_offer: 1,
                g1_ordinary_hours: 3,
                g1_30_hours: 1,
                g1_none_of_these: 2, // persons 6 and 7
                g1_company_or_hours: 4,
                g1_outcome: 3,
            }
        );
        assert_eq!(Kpi::AssessedShare.share(&c).unwrap(), share(9, 12));
        assert_eq!(Kpi::ThirtyHoursShare.share(&c).unwrap(), share(1, 7));
        assert_eq!(c.activity().unwrap(), share(4, 7));
    }

    #[test]
    fn thirty_hours_means_at_least_three_thousand_centihours() {
        let at = |h| {
            count(
                month(2018, 2),
                1,
                &[PersonMonth {
                    ordinary_centihours: h,
                    ..row(1, Group::Intervention)
                }],
            )
            .g1_30_hours
        };
        assert_eq!((at(2999), at(3000), at(3001)), (0, 1, 1));
    }

    #[test]
    fn rows_of_other_months_are_ignored() {
        let rows = vec![
            row(1, Group::Intervention),
            PersonMonth {
                month: month(2018, 3),
                ..row(2, Group::Intervention)
            },
        ];
        assert_eq!(count(month(2018, 2), 5, &rows).persons, 1);
        assert_eq!(count(month(2018, 3), 5, &rows).persons, 1);
        let empty = count(month(2018, 4), 5, &rows);
        assert_eq!(
            empty,
            MonthCounts {
                gross: 5,
                ..MonthCounts::default()
            }
        );
        assert!(!Kpi::JobBrokerShare.share(&empty).unwrap().is_defined());
        assert_eq!(Kpi::AssessedShare.share(&empty).unwrap(), share(0, 5));
    }

    #[test]
    fn a_person_twice_in_a_month_is_counted_once_from_their_last_row() {
        let rows = vec![
            PersonMonth {
                job_broker: true,
                ..row(1, Group::Intervention)
            },
            row(2, Group::NotAssessed),
            row(1, Group::Rehabilitation),
        ];
        let c = count(month(2018, 2), 2, &rows);
        assert_eq!((c.persons, c.assessed, c.group1, c.group2), (2, 1, 0, 1));
        assert_eq!(c.g1_job_broker, 0);
    }

    #[test]
    fn more_persons_than_stars_figure_makes_the_persons_the_base() {
        let rows: Vec<_> = (1..=5).map(|n| row(n, Group::Intervention)).collect();
        let c = count(month(2018, 2), 4, &rows);
        assert!(c.persons > c.gross);
        assert_eq!(Kpi::AssessedShare.denominator(&c), 5);
        assert_eq!(percent_1dp(Kpi::AssessedShare.share(&c).unwrap()), "100.0");
        let c = count(month(2018, 2), 0, &rows);
        assert_eq!(Kpi::AssessedShare.share(&c).unwrap(), share(5, 5));
        let c = count(month(2018, 2), 5, &rows);
        assert!(c.persons <= c.gross);
    }

    #[test]
    fn kpi_keys_are_distinct_and_in_the_announcements_order() {
        let keys: std::collections::BTreeSet<_> = Kpi::ALL.iter().map(|k| k.key()).collect();
        let rules: std::collections::BTreeSet<_> = Kpi::ALL.iter().map(|k| k.rule_key()).collect();
        assert_eq!((keys.len(), rules.len()), (7, 7));
        assert_eq!(Kpi::ALL[0], Kpi::AssessedShare);
        assert_eq!(Kpi::ALL[6], Kpi::OutcomeShare);
    }

    #[test]
    fn national_figures_are_the_sum_of_the_municipalities() {
        let a = count(month(2018, 2), 3, &[row(1, Group::Intervention)]);
        let b = count(month(2018, 2), 4, &[row(2, Group::Social)]);
        let n = a + b;
        assert_eq!((n.gross, n.persons, n.assessed, n.group1), (7, 2, 2, 1));
        assert_eq!([a, b].into_iter().sum::<MonthCounts>(), n);
    }

    fn arb_row() -> impl Strategy<Value = PersonMonth> {
        (
            0u8..12,
            1u32..=3,
            0i16..=3,
            any::<bool>(),
            any::<bool>(),
            prop_oneof![Just(0u32), Just(2999), Just(3000), 0u32..6000],
            0usize..4,
        )
            .prop_map(|(p, m, g, jb, co, h, o)| PersonMonth {
                person: person(p),
                municipality: horsens(),
                month: month(2018, m),
                group: Group::from_code(g).unwrap(),
                job_broker: jb,
                company_offer: co,
                ordinary_centihours: h,
                outcome: [
                    Outcome::Job,
                    Outcome::Education,
                    Outcome::FlexJob,
                    Outcome::None,
                ][o],
            })
    }

    proptest! {
        #[test]
        fn counts_are_consistent_and_every_share_is_within_the_whole(
            rows in prop::collection::vec(arb_row(), 0..40),
            gross in 0u64..20,
        ) {
            let c = count(month(2018, 2), gross, &rows);
            prop_assert_eq!(c.assessed, c.group1 + c.group2 + c.group3);
            prop_assert!(c.assessed <= c.persons);
            // Group 1 splits into: company offer or hours; only a job broker; none.
            prop_assert!(c.g1_company_or_hours + c.g1_none_of_these <= c.group1);
            prop_assert!(c.g1_none_of_these + c.g1_job_broker <= c.group1);
            prop_assert!(c.g1_company_or_hours >= c.g1_company_offer.max(c.g1_ordinary_hours));
            prop_assert!(c.g1_company_or_hours <= c.g1_company_offer + c.g1_ordinary_hours);
            prop_assert!(c.g1_30_hours <= c.g1_ordinary_hours);
            for k in Kpi::ALL {
                prop_assert!(k.share(&c).is_some());
            }
            prop_assert!(c.activity().is_some());
        }

        #[test]
        fn at_least_percent_agrees_with_the_rounded_down_percentage(
            num in 0u64..100_000, extra in 0u64..100_000, p in 0u32..=100,
        ) {
            let s = share(num, num + extra);
            if s.is_defined() {
                // floor(100·num/den) ≥ p  ⇔  100·num ≥ p·den, for whole p.
                let floor_percent = 100 * u128::from(num) / u128::from(num + extra);
                prop_assert_eq!(s.at_least_percent(p), floor_percent >= u128::from(p));
            }
        }

        #[test]
        fn display_is_within_half_a_tenth_of_the_exact_share(
            num in 0u64..1_000_000, extra in 1u64..1_000_000,
        ) {
            let den = num + extra;
            let t = u128::from(share(num, den).tenths_of_percent().unwrap());
            // |t/1000 − num/den| ≤ 1/2000, and exactly half rounds up.
            let exact = 2000 * u128::from(num);
            let shown = 2 * t * u128::from(den);
            prop_assert!(shown + u128::from(den) > exact);
            prop_assert!(shown <= exact + u128::from(den));
        }
    }
}
