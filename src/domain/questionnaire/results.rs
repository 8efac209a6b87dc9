//! Results per question: how the citizens answered at the baseline and at their second
//! measurement, and how each person's answer changed between the two.
//!
//! The second measurement is the follow-up (opfølgning) or, for someone who left before
//! it, the exit measurement (afslutning): both are the citizen's answers at the end of
//! their course, and leaving for a job is exactly the progress to be seen.

use std::collections::BTreeMap;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use super::set::{QuestionKind, QuestionSet};
use super::MeasurementKind;

/// One stored measurement, borrowed from the rows the database returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MeasurementRef<'a> {
    pub municipality: i32,
    /// The pseudonym's bytes.
    pub person: &'a [u8],
    pub kind: MeasurementKind,
    /// The version of the question set the answers follow.
    pub set_version: i32,
    /// One per question of that version, in its order.
    pub answers: &'a [Option<i64>],
}

/// The tally of all measurements given to [`tally`].
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Results {
    pub baselines: u64,
    pub follow_ups: u64,
    pub exits: u64,
    /// Persons with a baseline and a second measurement.
    pub pairs: u64,
    /// One per question of the current set, in its order.
    pub questions: Vec<QuestionResult>,
}

/// The results of one question.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuestionResult {
    pub code: String,
    /// For discrete questions (scale, yes/no, choice): (value, baseline count, second
    /// count) for each of [`super::Question::values`]; empty for Number.
    pub distribution: Vec<(i64, u64, u64)>,
    pub answered_baseline: u64,
    pub answered_second: u64,
    /// Sum of values (to show means as Decimal sum/n; no floats), baseline and second.
    pub sum_baseline: i64,
    pub sum_second: i64,
    /// Paired change for persons with a baseline and a second measurement (follow-up
    /// or, if they left early, exit), both answered.
    pub pairs: u64,
    /// The second value is higher: a higher scale step or number, or no -> yes. Always
    /// 0 for a choice, whose options have no order.
    pub improved: u64,
    pub same: u64,
    /// The second value is lower; always 0 for a choice.
    pub worsened: u64,
    /// For a choice: another option at the second measurement.
    pub changed: u64,
    /// Sum of (second - baseline) over the pairs; 0 for a choice.
    pub sum_change: i64,
}

impl QuestionResult {
    fn new(code: &str, values: Option<Vec<i64>>) -> QuestionResult {
        QuestionResult {
            code: code.to_owned(),
            distribution: values
                .unwrap_or_default()
                .into_iter()
                .map(|v| (v, 0, 0))
                .collect(),
            answered_baseline: 0,
            answered_second: 0,
            sum_baseline: 0,
            sum_second: 0,
            pairs: 0,
            improved: 0,
            same: 0,
            worsened: 0,
            changed: 0,
            sum_change: 0,
        }
    }
}

/// The mean `sum / n` as shown: rounded to 2 decimals, a half away from zero (the
/// display rule, as people round by hand); `None` when nobody answered.
pub fn mean(sum: i64, n: u64) -> Option<Decimal> {
    if n == 0 {
        return None;
    }
    Decimal::from(sum)
        .checked_div(Decimal::from(n))
        .map(|m| m.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
}

/// The input must be sorted by (municipality, person, kind). Answers are matched across
/// versions by question code: `sets` maps a version to its QuestionSet; results are
/// reported for the questions of `current` (the newest version) by code.
///
/// An answer counts only if the current question could have given it (a value outside
/// today's scale is not comparable), and a measurement of a version missing from `sets`
/// counts as a measurement without answers. A person's measurements are those of one
/// municipality: someone who moved is two courses.
pub fn tally<'a>(
    current: &QuestionSet,
    sets: &BTreeMap<i32, QuestionSet>,
    rows: impl Iterator<Item = MeasurementRef<'a>>,
) -> Results {
    let tally = Tally {
        current,
        positions: sets
            .iter()
            .map(|(&version, set)| {
                let at = current
                    .questions
                    .iter()
                    .map(|q| set.index_of(&q.code))
                    .collect();
                (version, at)
            })
            .collect(),
    };
    let mut results = Results {
        questions: current
            .questions
            .iter()
            .map(|q| QuestionResult::new(&q.code, q.values()))
            .collect(),
        ..Results::default()
    };
    let mut person = Person::default();
    for row in rows {
        match row.kind {
            MeasurementKind::Baseline => results.baselines += 1,
            MeasurementKind::FollowUp => results.follow_ups += 1,
            MeasurementKind::Exit => results.exits += 1,
        }
        if person.key() != Some((row.municipality, row.person)) {
            tally.add(&mut results, &person);
            person = Person::default();
        }
        match row.kind {
            MeasurementKind::Baseline => person.baseline = Some(row),
            MeasurementKind::FollowUp => person.follow_up = Some(row),
            MeasurementKind::Exit => person.exit = Some(row),
        }
    }
    tally.add(&mut results, &person);
    results
}

/// One person's measurements, gathered from adjacent rows.
#[derive(Default)]
struct Person<'a> {
    baseline: Option<MeasurementRef<'a>>,
    follow_up: Option<MeasurementRef<'a>>,
    exit: Option<MeasurementRef<'a>>,
}

impl<'a> Person<'a> {
    fn key(&self) -> Option<(i32, &'a [u8])> {
        self.baseline
            .or(self.follow_up)
            .or(self.exit)
            .map(|m| (m.municipality, m.person))
    }
}

struct Tally<'s> {
    current: &'s QuestionSet,
    /// Per version: for each current question, its position in that version.
    positions: BTreeMap<i32, Vec<Option<usize>>>,
}

impl Tally<'_> {
    /// The answer of `m` to current question `q`, if it gave one this question accepts.
    fn answer(&self, m: Option<MeasurementRef<'_>>, q: usize) -> Option<i64> {
        let m = m?;
        let at = (*self.positions.get(&m.set_version)?.get(q)?)?;
        let value = (*m.answers.get(at)?)?;
        self.current
            .questions
            .get(q)?
            .accepts(value)
            .then_some(value)
    }

    fn add(&self, results: &mut Results, person: &Person<'_>) {
        let second = person.follow_up.or(person.exit);
        if person.baseline.is_some() && second.is_some() {
            results.pairs += 1;
        }
        for (q, (question, r)) in self
            .current
            .questions
            .iter()
            .zip(&mut results.questions)
            .enumerate()
        {
            let before = self.answer(person.baseline, q);
            let after = self.answer(second, q);
            if let Some(v) = before {
                r.answered_baseline += 1;
                r.sum_baseline = r.sum_baseline.saturating_add(v);
                if let Some(slot) = r.distribution.iter_mut().find(|d| d.0 == v) {
                    slot.1 += 1;
                }
            }
            if let Some(v) = after {
                r.answered_second += 1;
                r.sum_second = r.sum_second.saturating_add(v);
                if let Some(slot) = r.distribution.iter_mut().find(|d| d.0 == v) {
                    slot.2 += 1;
                }
            }
            let (Some(before), Some(after)) = (before, after) else {
                continue;
            };
            r.pairs += 1;
            if matches!(question.kind, QuestionKind::Choice { .. }) {
                if before == after {
                    r.same += 1;
                } else {
                    r.changed += 1;
                }
                continue;
            }
            match after.cmp(&before) {
                std::cmp::Ordering::Greater => r.improved += 1,
                std::cmp::Ordering::Equal => r.same += 1,
                std::cmp::Ordering::Less => r.worsened += 1,
            }
            r.sum_change = r.sum_change.saturating_add(after - before);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;
    use crate::domain::questionnaire::set::{Question, Text2};

    fn question(code: &str, kind: QuestionKind) -> Question {
        Question {
            code: code.to_owned(),
            kind,
            required: false,
            text: Text2::new(code, code),
        }
    }

    fn scale(code: &str) -> Question {
        question(
            code,
            QuestionKind::Scale {
                min: 1,
                max: 5,
                low: Text2::new("lav", "low"),
                high: Text2::new("høj", "high"),
            },
        )
    }

    fn yes_no(code: &str) -> Question {
        question(code, QuestionKind::YesNo)
    }

    /// Version 1: parat, netvaerk. Version 2 (current): netvaerk, parat, timer, valg.
    fn sets() -> (QuestionSet, BTreeMap<i32, QuestionSet>) {
        let v1 = QuestionSet {
            questions: vec![scale("parat"), yes_no("netvaerk")],
        };
        let v2 = QuestionSet {
            questions: vec![
                yes_no("netvaerk"),
                scale("parat"),
                question("timer", QuestionKind::Number { min: 0, max: 37 }),
                question(
                    "valg",
                    QuestionKind::Choice {
                        options: vec![Text2::new("a", "a"), Text2::new("b", "b")],
                    },
                ),
            ],
        };
        let sets = BTreeMap::from([(1, v1), (2, v2.clone())]);
        (v2, sets)
    }

    fn m<'a>(
        person: &'a [u8],
        kind: MeasurementKind,
        version: i32,
        answers: &'a [Option<i64>],
    ) -> MeasurementRef<'a> {
        MeasurementRef {
            municipality: 615,
            person,
            kind,
            set_version: version,
            answers,
        }
    }

    use MeasurementKind::{Baseline, Exit, FollowUp};

    fn result<'r>(results: &'r Results, code: &str) -> &'r QuestionResult {
        results.questions.iter().find(|q| q.code == code).unwrap()
    }

    #[test]
    fn answers_are_paired_across_versions_by_code() {
        let (current, sets) = sets();
        let rows = [
            m(b"a", Baseline, 1, &[Some(2), Some(0)]),
            m(b"a", FollowUp, 2, &[Some(1), Some(4), Some(20), Some(2)]),
        ];
        let results = tally(&current, &sets, rows.into_iter());
        assert_eq!(
            (results.baselines, results.follow_ups, results.exits),
            (1, 1, 0)
        );
        assert_eq!(results.pairs, 1);
        let parat = result(&results, "parat");
        assert_eq!((parat.pairs, parat.improved, parat.sum_change), (1, 1, 2));
        assert_eq!((parat.sum_baseline, parat.sum_second), (2, 4));
        assert_eq!(
            parat.distribution,
            vec![(1, 0, 0), (2, 1, 0), (3, 0, 0), (4, 0, 1), (5, 0, 0)]
        );
        let netvaerk = result(&results, "netvaerk");
        assert_eq!(netvaerk.distribution, vec![(1, 0, 1), (0, 1, 0)]);
        assert_eq!((netvaerk.improved, netvaerk.sum_change), (1, 1));
        // Not asked in version 1: only the second measurement answered it.
        let timer = result(&results, "timer");
        assert_eq!(
            (timer.answered_baseline, timer.answered_second, timer.pairs),
            (0, 1, 0)
        );
        assert!(timer.distribution.is_empty());
        assert_eq!(results.questions.len(), 4);
        assert_eq!(results.questions[0].code, "netvaerk");
    }

    #[test]
    fn an_exit_is_the_second_measurement_of_someone_who_left_early() {
        let (current, sets) = sets();
        let rows = [
            m(b"a", Baseline, 2, &[Some(1), Some(3), Some(10), Some(1)]),
            m(b"a", Exit, 2, &[Some(1), Some(2), Some(30), Some(2)]),
        ];
        let results = tally(&current, &sets, rows.into_iter());
        assert_eq!((results.exits, results.pairs), (1, 1));
        let parat = result(&results, "parat");
        assert_eq!((parat.worsened, parat.sum_change), (1, -1));
        let netvaerk = result(&results, "netvaerk");
        assert_eq!((netvaerk.same, netvaerk.sum_change), (1, 0));
        let timer = result(&results, "timer");
        assert_eq!((timer.improved, timer.sum_change), (1, 20));
        let valg = result(&results, "valg");
        assert_eq!(
            (
                valg.pairs,
                valg.changed,
                valg.improved,
                valg.worsened,
                valg.sum_change
            ),
            (1, 1, 0, 0, 0)
        );
    }

    #[test]
    fn the_follow_up_is_preferred_when_both_were_stored() {
        let (current, sets) = sets();
        let rows = [
            m(b"a", Baseline, 2, &[Some(0), Some(3), None, None]),
            m(b"a", FollowUp, 2, &[Some(1), Some(5), None, None]),
            m(b"a", Exit, 2, &[Some(0), Some(1), None, None]),
        ];
        let results = tally(&current, &sets, rows.into_iter());
        assert_eq!(results.pairs, 1);
        assert_eq!(result(&results, "parat").sum_change, 2);
    }

    #[test]
    fn unanswered_questions_are_left_out() {
        let (current, sets) = sets();
        let rows = [
            m(b"a", Baseline, 2, &[None, Some(3), None, Some(1)]),
            m(b"a", FollowUp, 2, &[Some(1), None, None, Some(1)]),
        ];
        let results = tally(&current, &sets, rows.into_iter());
        assert_eq!(results.pairs, 1);
        let parat = result(&results, "parat");
        assert_eq!(
            (parat.answered_baseline, parat.answered_second, parat.pairs),
            (1, 0, 0)
        );
        let netvaerk = result(&results, "netvaerk");
        assert_eq!(
            (
                netvaerk.answered_baseline,
                netvaerk.answered_second,
                netvaerk.pairs
            ),
            (0, 1, 0)
        );
        let valg = result(&results, "valg");
        assert_eq!((valg.pairs, valg.same, valg.changed), (1, 1, 0));
    }

    #[test]
    fn a_person_with_only_a_baseline_counts_in_the_distribution_not_in_pairs() {
        let (current, sets) = sets();
        let rows = [
            m(b"a", Baseline, 2, &[Some(1), Some(3), None, None]),
            m(b"a", FollowUp, 2, &[Some(1), Some(4), None, None]),
            m(b"b", Baseline, 2, &[Some(0), Some(5), None, None]),
            m(b"c", FollowUp, 2, &[Some(0), Some(1), None, None]),
        ];
        let results = tally(&current, &sets, rows.into_iter());
        assert_eq!(
            (results.baselines, results.follow_ups, results.pairs),
            (2, 2, 1)
        );
        let parat = result(&results, "parat");
        assert_eq!(
            parat.distribution,
            vec![(1, 0, 1), (2, 0, 0), (3, 1, 0), (4, 0, 1), (5, 1, 0)]
        );
        assert_eq!((parat.answered_baseline, parat.answered_second), (2, 2));
        assert_eq!((parat.sum_baseline, parat.sum_second), (8, 5));
        assert_eq!((parat.pairs, parat.improved), (1, 1));
    }

    #[test]
    fn the_same_person_in_another_municipality_is_another_course() {
        let (current, sets) = sets();
        let answers = [Some(1), Some(3), None, None];
        let mut elsewhere = m(b"a", FollowUp, 2, &answers);
        elsewhere.municipality = 101;
        let rows = [m(b"a", Baseline, 2, &answers), elsewhere];
        assert_eq!(tally(&current, &sets, rows.into_iter()).pairs, 0);
    }

    #[test]
    fn answers_the_current_question_would_not_take_or_of_an_unknown_version_are_left_out() {
        let (current, sets) = sets();
        let rows = [
            m(b"a", Baseline, 2, &[Some(7), Some(9), Some(-1), Some(3)]),
            m(b"a", FollowUp, 99, &[Some(1), Some(4), None, None]),
            // Too few answers for its version: the missing ones are unanswered.
            m(b"b", Baseline, 2, &[Some(1)]),
        ];
        let results = tally(&current, &sets, rows.into_iter());
        assert_eq!(
            (results.baselines, results.follow_ups, results.pairs),
            (2, 1, 1)
        );
        for q in &results.questions {
            assert_eq!(q.answered_second, 0, "{}", q.code);
            assert_eq!(q.pairs, 0, "{}", q.code);
            if q.code != "netvaerk" {
                assert_eq!(q.answered_baseline, 0, "{}", q.code);
            }
        }
        assert_eq!(result(&results, "netvaerk").answered_baseline, 1);
    }

    #[test]
    fn nothing_to_tally_gives_zeros_and_no_means() {
        let (current, sets) = sets();
        let results = tally(&current, &sets, std::iter::empty());
        assert_eq!(results.pairs, 0);
        assert_eq!(results.questions.len(), 4);
        assert!(results.questions.iter().all(|q| q.answered_baseline == 0));
        assert_eq!(mean(0, 0), None);
    }

    #[test]
    fn means_are_rounded_to_two_decimals_half_away_from_zero() {
        let dec = |s: &str| Decimal::from_str(s).unwrap();
        assert_eq!(mean(10, 4), Some(dec("2.50")));
        assert_eq!(mean(10, 3), Some(dec("3.33")));
        assert_eq!(mean(20, 3), Some(dec("6.67")));
        assert_eq!(mean(201, 200), Some(dec("1.01")));
        assert_eq!(mean(-201, 200), Some(dec("-1.01")));
        assert_eq!(mean(7, 1), Some(dec("7")));
        assert_eq!(mean(i64::MAX, 1), Some(Decimal::from(i64::MAX)));
    }
}
