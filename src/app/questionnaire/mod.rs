//! The progression questionnaire (spørgeramme), docs/questionnaire.md: a pool's question
//! set as versioned data and its window setting (here), measurements entered in a form
//! or imported (`entry`), who is due (`due`), results (`results`), the delivery to the
//! evaluator (`delivery`) and the monthly reminders (`reminders`).

pub mod delivery;
pub mod due;
pub mod entry;
pub mod reminders;
pub mod results;

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::db::audit::{self, Actor, Change};
use crate::db::queries::{pools, questionnaire as rows};
use crate::db::DbConn;
use crate::domain::questionnaire::set::SetError;
use crate::domain::questionnaire::QuestionSet;
use crate::error::{AppError, AppResult, FieldErrors, Msg};

/// The widest follow-up window a pool may set, in months either side of the due date.
pub const MAX_WINDOW_MONTHS: i32 = 6;

/// One version of a pool's question set, read.
#[derive(Clone, Debug, Serialize)]
pub struct SetVersion {
    pub id: i64,
    pub version: i32,
    pub set: QuestionSet,
    /// A made-up set to show how the product works (the demo's), not the agency's.
    pub illustration: bool,
    pub created_at: NaiveDateTime,
}

fn read_version(row: rows::SetRow) -> AppResult<SetVersion> {
    let set: QuestionSet = serde_json::from_str(&row.definition).map_err(AppError::internal)?;
    Ok(SetVersion {
        id: row.id,
        version: row.version,
        set,
        illustration: row.illustration,
        created_at: row.created_at,
    })
}

/// The version new measurements are given under, if the pool has a set.
pub fn current(c: &mut DbConn, pool_id: i64) -> AppResult<Option<SetVersion>> {
    rows::current_set(c, pool_id)?.map(read_version).transpose()
}

/// Every version, newest first.
pub fn versions(c: &mut DbConn, pool_id: i64) -> AppResult<Vec<SetVersion>> {
    rows::sets(c, pool_id)?
        .into_iter()
        .map(read_version)
        .collect()
}

/// The versions by id (to read measurements given under any of them).
pub fn versions_by_id(c: &mut DbConn, pool_id: i64) -> AppResult<BTreeMap<i64, SetVersion>> {
    Ok(versions(c, pool_id)?
        .into_iter()
        .map(|v| (v.id, v))
        .collect())
}

/// The current version, or a conflict saying the pool has no question set yet.
pub fn require_current(c: &mut DbConn, pool_id: i64) -> AppResult<SetVersion> {
    current(c, pool_id)?.ok_or_else(|| AppError::Conflict(Msg::new("questionnaire-no-set")))
}

/// A question-set problem as a message naming its line and column.
pub fn set_error_msg(e: &SetError) -> Msg {
    let mut m = Msg::new(e.key()).arg("line", e.line);
    if !e.field.is_empty() {
        m = m.arg("field", e.field);
    }
    for (name, value) in e.args() {
        if name != "line" && name != "field" {
            m = m.arg(name, value);
        }
    }
    m
}

/// Question-set problems as field errors, one per line ("line 7").
pub fn set_field_errors(errors: &[SetError]) -> FieldErrors {
    let mut f = FieldErrors::default();
    for e in errors {
        let at = if e.line == 0 {
            "set".to_owned()
        } else {
            format!("line {}", e.line)
        };
        f.add(at, set_error_msg(e));
    }
    f
}

/// What saving a set did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Saved {
    pub version: i32,
    /// `false` when the set was the same as the current version (nothing written).
    pub changed: bool,
    /// The unused current version was replaced rather than a new one made.
    pub replaced_unused: bool,
}

#[derive(Serialize)]
struct SetSummary<'a> {
    version: i32,
    questions: usize,
    codes: Vec<&'a str>,
    illustration: bool,
}

/// Saves `set` as the pool's question set: a new version when the current one has been
/// answered (a version in use is never edited), otherwise in place of the unused current
/// version. One transaction with its audit entry.
pub fn save_set(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    pool_id: i64,
    set: &QuestionSet,
    illustration: bool,
) -> AppResult<Saved> {
    if let Err(errors) = set.validate() {
        return Err(AppError::Invalid(set_field_errors(&errors)));
    }
    let definition = serde_json::to_string(set).map_err(AppError::internal)?;
    let questions = i32::try_from(set.questions.len()).map_err(AppError::internal)?;
    audit::write(conn, actor, now, |c| {
        pools::get(c, pool_id)?.ok_or(AppError::NotFound)?;
        let current = rows::current_set(c, pool_id)?;
        if let Some(cur) = &current {
            if cur.definition == definition && cur.illustration == illustration {
                let saved = Saved {
                    version: cur.version,
                    changed: false,
                    replaced_unused: false,
                };
                return Ok((saved, Vec::new()));
            }
        }
        let (version, replaced_unused) = match &current {
            None => (1, false),
            Some(cur) if rows::measurements_under(c, cur.id)? == 0 => {
                rows::delete_set(c, cur.id)?;
                (cur.version, true)
            }
            Some(cur) => (cur.version + 1, false),
        };
        rows::insert_set(
            c,
            &rows::NewSet {
                pool_id,
                version,
                definition: &definition,
                questions,
                illustration,
                created_by: actor.user_id,
                created_at: now,
            },
        )?;
        let summary = SetSummary {
            version,
            questions: set.questions.len(),
            codes: set.questions.iter().map(|q| q.code.as_str()).collect(),
            illustration,
        };
        let before = current.as_ref().map(|c| c.version);
        let change = Change::new("questionnaire.set", "pool", pool_id)
            .before(&before)
            .after(&summary);
        let saved = Saved {
            version,
            changed: true,
            replaced_unused,
        };
        Ok((saved, vec![change]))
    })
}

/// The pool's follow-up window, months either side of the due date.
pub fn window_months(c: &mut DbConn, pool_id: i64) -> AppResult<u32> {
    let months = rows::window_months(c, pool_id)?;
    Ok(u32::try_from(months.clamp(0, MAX_WINDOW_MONTHS)).unwrap_or(1))
}

/// Sets the pool's follow-up window from what was typed (a whole number of months, 0–6).
pub fn set_window(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    pool_id: i64,
    typed: &str,
) -> AppResult<i32> {
    let months = typed
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|m| (0..=MAX_WINDOW_MONTHS).contains(m))
        .ok_or_else(|| {
            AppError::field(
                "window_months",
                Msg::new("questionnaire-window-invalid").arg("max", MAX_WINDOW_MONTHS),
            )
        })?;
    audit::write(conn, actor, now, |c| {
        pools::get(c, pool_id)?.ok_or(AppError::NotFound)?;
        let before = rows::window_months(c, pool_id)?;
        if before == months {
            return Ok((months, Vec::new()));
        }
        rows::set_window_months(c, pool_id, months)?;
        let change = Change::new("questionnaire.window", "pool", pool_id)
            .before(&before)
            .after(&months);
        Ok((months, vec![change]))
    })
}

/// The pool the questionnaire's pages start from (a caseworker's front page, the menu):
/// the first pool with a question set, else the first pool; `None` without pools.
pub fn home_pool(c: &mut DbConn) -> AppResult<Option<i64>> {
    let all = pools::list(c)?;
    for p in &all {
        if rows::current_set(c, p.id)?.is_some() {
            return Ok(Some(p.id));
        }
    }
    Ok(all.first().map(|p| p.id))
}
