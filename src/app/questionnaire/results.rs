//! Results per question, per municipality or for the nation
//! (`domain::questionnaire::results`), with the response rates against the persons ever
//! in group 1 of the monitoring data.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{versions_by_id, SetVersion};
use crate::db::queries::questionnaire as rows;
use crate::db::DbConn;
use crate::domain::questionnaire::results::{tally, MeasurementRef, Results};
use crate::domain::questionnaire::set::decode_answers;
use crate::domain::questionnaire::{MeasurementKind, QuestionSet};
use crate::error::AppResult;

/// The results and what they are read against.
#[derive(Clone, Debug, Serialize)]
pub struct ResultsView {
    /// The set the questions are shown from (the newest version); `None` without a set.
    pub current: Option<SetVersion>,
    pub results: Results,
    /// Persons ever in group 1 (monitoring): the response rates' denominator.
    pub group1: i64,
    pub municipalities: usize,
}

/// The pool's results for municipality `code`, or for the nation.
pub fn results(c: &mut DbConn, pool_id: i64, code: Option<i32>) -> AppResult<ResultsView> {
    let versions = versions_by_id(c, pool_id)?;
    let current = versions.values().max_by_key(|v| v.version).cloned();
    let group1 = rows::group1_counts(c, code)?.iter().map(|(_, n)| n).sum();
    let Some(cur) = &current else {
        return Ok(ResultsView {
            current: None,
            results: Results::default(),
            group1,
            municipalities: 0,
        });
    };
    let measured = rows::measurements(c, pool_id, code)?;
    let sets: BTreeMap<i32, QuestionSet> = versions
        .values()
        .map(|v| (v.version, v.set.clone()))
        .collect();
    let version_of: BTreeMap<i64, (i32, usize)> = versions
        .values()
        .map(|v| (v.id, (v.version, v.set.questions.len())))
        .collect();
    let decoded: Vec<(usize, MeasurementKind, i32, Vec<Option<i64>>)> = measured
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let kind = MeasurementKind::from_i16(r.kind)?;
            let (version, len) = *version_of.get(&r.question_set_id)?;
            let answers = decode_answers(&r.answers, len)?;
            Some((i, kind, version, answers))
        })
        .collect();
    let refs = decoded
        .iter()
        .map(|(i, kind, version, answers)| MeasurementRef {
            municipality: measured[*i].municipality_code,
            person: &measured[*i].person,
            kind: *kind,
            set_version: *version,
            answers,
        });
    let results = tally(&cur.set, &sets, refs);
    let mut codes: Vec<i32> = measured.iter().map(|r| r.municipality_code).collect();
    codes.dedup();
    Ok(ResultsView {
        current: current.clone(),
        results,
        group1,
        municipalities: codes.len(),
    })
}
