//! Target groups (målgrupper): STAR's counts per municipality, imported for a pool, and
//! which municipalities applied.

use std::collections::BTreeSet;

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::db::audit::{self, Actor, Change};
use crate::db::queries::{pools, target_groups};
use crate::db::DbConn;
use crate::domain::allocation::Applicant;
use crate::domain::counts_csv::{CsvError, CsvErrorKind};
use crate::error::{AppError, AppResult, FieldErrors, Msg};

/// A CSV problem as a catalogue message naming its line ("Linje 7: ukendt kommunekode
/// 999").
pub fn csv_error_msg(e: &CsvError) -> Msg {
    use CsvErrorKind as K;
    let m = Msg::new(e.kind.key()).arg("line", e.line);
    match &e.kind {
        K::WrongHeader { found } => m.arg("found", found),
        K::WrongFieldCount { found } => m.arg("found", found),
        K::UnknownMunicipality { code } => m.arg("code", code),
        K::DuplicateMunicipality { code, first_line } => {
            m.arg("code", code).arg("first_line", first_line)
        }
        K::NegativeCount { value } | K::NonNumericCount { value } => m.arg("value", value),
        K::CountTooLarge { value, max } => m.arg("value", value).arg("max", *max),
        K::TooManyErrors { omitted } => m.arg("omitted", omitted),
        _ => m,
    }
}

/// CSV problems as field errors, one per line ("line 7").
pub fn csv_field_errors(errors: &[CsvError]) -> FieldErrors {
    let mut f = FieldErrors::default();
    for e in errors {
        f.add(format!("line {}", e.line), csv_error_msg(e));
    }
    f
}

#[derive(Serialize)]
struct ImportSummary<'a> {
    rows: usize,
    total: u64,
    source: &'a str,
}

/// Replaces the pool's counts with an imported list, in one transaction. Applied marks
/// are kept for municipalities still in the list; those no longer listed are removed.
/// `progress` hears the number of rows written so far.
pub fn import(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    pool_id: i64,
    counts: &[Applicant],
    source: &str,
    progress: &mut dyn FnMut(usize),
) -> AppResult<usize> {
    audit::write(conn, actor, now, |c| {
        pools::get(c, pool_id)?.ok_or(AppError::NotFound)?;
        let before = target_groups::of_pool(c, pool_id)?;
        let listed: Vec<i32> = counts.iter().map(|a| i32::from(a.code.as_u16())).collect();
        target_groups::remove_unlisted(c, pool_id, &listed)?;
        for (i, a) in counts.iter().enumerate() {
            progress(i + 1);
            let n = i64::try_from(a.target_group).map_err(AppError::internal)?;
            target_groups::put_count(c, pool_id, i32::from(a.code.as_u16()), n, now)?;
        }
        let summary = ImportSummary {
            rows: counts.len(),
            total: counts.iter().map(|a| a.target_group).sum(),
            source,
        };
        let before: Vec<(i32, i64)> = before
            .iter()
            .map(|r| (r.municipality_code, r.target_group))
            .collect();
        let after: Vec<(u16, u64)> = counts
            .iter()
            .map(|a| (a.code.as_u16(), a.target_group))
            .collect();
        let change = Change::new("target-group.import", "pool", pool_id)
            .before(&before)
            .after(&(summary, after));
        Ok((counts.len(), vec![change]))
    })
}

/// Marks exactly the given municipalities as applicants. A code without a count is an
/// error naming it: a municipality cannot apply without STAR's figure.
pub fn set_applied(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    pool_id: i64,
    applied: &BTreeSet<i32>,
) -> AppResult<usize> {
    audit::write(conn, actor, now, |c| {
        let rows = target_groups::of_pool(c, pool_id)?;
        let known: BTreeSet<i32> = rows.iter().map(|r| r.municipality_code).collect();
        if let Some(missing) = applied.iter().find(|c| !known.contains(c)) {
            return Err(AppError::field(
                "applied",
                Msg::new("applied-without-count").arg("code", missing),
            ));
        }
        let before: BTreeSet<i32> = rows
            .iter()
            .filter(|r| r.applied)
            .map(|r| r.municipality_code)
            .collect();
        for r in &rows {
            let now_applied = applied.contains(&r.municipality_code);
            if now_applied != r.applied {
                target_groups::set_applied(c, pool_id, r.municipality_code, now_applied, now)?;
            }
        }
        let change = Change::new("target-group.applied", "pool", pool_id)
            .before(&before)
            .after(applied);
        Ok((applied.len(), vec![change]))
    })
}
