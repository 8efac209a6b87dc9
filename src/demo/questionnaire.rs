//! The demo's progression questionnaire: the illustrative question set
//! (`domain::questionnaire::set::illustration`, not the agency's, which is no longer
//! published) on "Flere skal med", and measurements for the persons in group 1 of the
//! demo's monitoring: most have a baseline in their first month there and a follow-up a
//! year later that is a little better on average; some left early (an exit measurement),
//! some are overdue, and some never had a baseline. Made up, from each pseudonym's bytes,
//! so every run gives the same.

use chrono::{Days, NaiveDate};
use diesel::prelude::*;

use crate::app::questionnaire::{current, save_set};
use crate::db::audit::{self, Actor, Change};
use crate::db::queries::questionnaire::{self as rows, NewMeasurement};
use crate::db::schema::pools as pools_t;
use crate::db::DbConn;
use crate::domain::monitoring::Month;
use crate::domain::questionnaire::due::follow_up_due;
use crate::domain::questionnaire::set::encode_answers;
use crate::domain::questionnaire::set::illustration;
use crate::domain::questionnaire::{ExitReason, MeasurementKind, QuestionKind, QuestionSet};
use crate::error::AppError;

/// Adds the set and the measurements once (when the pool has no set yet). Returns the
/// measurements written.
pub fn load(conn: &mut DbConn) -> Result<usize, AppError> {
    let Some(pool_id) = pools_t::table
        .filter(pools_t::name.eq(super::POOL_NAME))
        .select(pools_t::id)
        .first::<i64>(conn)
        .optional()?
    else {
        return Ok(0);
    };
    if current(conn, pool_id)?.is_some() {
        return Ok(0);
    }
    let system = Actor::system("demo");
    let now = crate::app::clock::system_now();
    let set = illustration();
    save_set(conn, &system, now, pool_id, &set, true)?;
    let Some(version) = current(conn, pool_id)? else {
        return Ok(0);
    };
    let mut made = Vec::new();
    for (code, _) in rows::group1_counts(conn, None)? {
        for p in rows::group1_persons(conn, code)? {
            let Some(first) = Month::from_yyyymm(p.first_month) else {
                continue;
            };
            made.extend(measurements_of(&set, code, &p.person, first));
        }
    }
    let n = made.len();
    audit::write(conn, &system, now, |c| {
        rows::upsert(c, pool_id, version.id, "import", None, now, &made)?;
        let change =
            Change::new("questionnaire.import", "pool", pool_id).after(&("demo", made.len()));
        Ok::<_, AppError>(((), vec![change]))
    })?;
    Ok(n)
}

/// A small deterministic generator seeded by the pseudonym.
struct Dice(u64);

impl Dice {
    fn new(person: &[u8]) -> Dice {
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        for b in person.iter().take(8) {
            seed = seed.rotate_left(8) ^ u64::from(*b);
        }
        Dice(seed | 1)
    }

    /// 0..n
    fn roll(&mut self, n: u64) -> u64 {
        // xorshift64
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

fn measurements_of(
    set: &QuestionSet,
    code: i32,
    person: &[u8],
    first: Month,
) -> Vec<NewMeasurement> {
    let mut dice = Dice::new(person);
    let fate = dice.roll(10);
    // One in ten never had a first conversation recorded.
    if fate == 9 {
        return Vec::new();
    }
    let Some(start) = NaiveDate::from_ymd_opt(first.year, first.month, 1) else {
        return Vec::new();
    };
    let baseline_on = start + Days::new(dice.roll(20));
    let baseline = answers(set, &mut dice, None);
    let mut out = vec![NewMeasurement {
        municipality_code: code,
        person: person.to_vec(),
        kind: MeasurementKind::Baseline.to_i16(),
        measured_on: baseline_on,
        exit_reason: None,
        answers: encode_answers(&baseline),
    }];
    match fate {
        0..=6 => {
            let on = follow_up_due(baseline_on) + Days::new(dice.roll(20));
            out.push(NewMeasurement {
                municipality_code: code,
                person: person.to_vec(),
                kind: MeasurementKind::FollowUp.to_i16(),
                measured_on: on,
                exit_reason: None,
                answers: encode_answers(&answers(set, &mut dice, Some(&baseline))),
            });
        }
        7 => {
            let on = baseline_on + Days::new(90 + dice.roll(200));
            let reason = ExitReason::ALL[dice.roll(4) as usize % ExitReason::ALL.len()];
            out.push(NewMeasurement {
                municipality_code: code,
                person: person.to_vec(),
                kind: MeasurementKind::Exit.to_i16(),
                measured_on: on,
                exit_reason: Some(reason.to_i16()),
                answers: encode_answers(&answers(set, &mut dice, Some(&baseline))),
            });
        }
        // Overdue: a baseline and nothing since.
        _ => {}
    }
    out
}

/// Answers for every question; a second measurement moves a little up from `before`.
fn answers(set: &QuestionSet, dice: &mut Dice, before: Option<&[Option<i64>]>) -> Vec<Option<i64>> {
    set.questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            if !q.required && dice.roll(5) == 0 {
                return None;
            }
            let earlier = before.and_then(|b| b.get(i).copied().flatten());
            let step = i64::try_from(dice.roll(3)).unwrap_or(0);
            Some(match &q.kind {
                QuestionKind::Scale { min, max, .. } => {
                    let lower =
                        min + i64::try_from(dice.roll(((max - min) / 2 + 1) as u64)).unwrap_or(0);
                    match earlier {
                        Some(e) => (e + step - i64::from(dice.roll(4) == 0)).clamp(*min, *max),
                        None => lower,
                    }
                }
                QuestionKind::YesNo => match earlier {
                    Some(1) => i64::from(dice.roll(8) != 0),
                    Some(_) => i64::from(dice.roll(3) == 0),
                    None => i64::from(dice.roll(2) == 0),
                },
                QuestionKind::Choice { options } => {
                    1 + i64::try_from(dice.roll(options.len() as u64)).unwrap_or(0)
                }
                QuestionKind::Number { min, max } => {
                    let span = ((max - min) / 3).max(0) as u64;
                    let base = min + i64::try_from(dice.roll(span + 1)).unwrap_or(0);
                    match earlier {
                        Some(e) => (e + step * 2).clamp(*min, *max),
                        None => base,
                    }
                }
            })
        })
        .collect()
}
