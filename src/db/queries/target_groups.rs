//! Target-group counts (målgruppe) per municipality and pool, and who applied.

use std::collections::BTreeSet;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::audit::{self, Actor, Change};
use crate::db::models::TargetGroupRow;
use crate::db::schema::{municipalities, target_groups};
use crate::db::DbConn;
use crate::domain::allocation::Applicant;
use crate::error::{AppError, AppResult};

/// A municipality's row on the target-group page: all 98 are listed, with or without a count.
#[derive(Clone, Debug, Serialize)]
pub struct CountLine {
    pub code: i32,
    pub name: String,
    pub target_group: Option<i64>,
    pub applied: bool,
}

pub fn for_pool(conn: &mut DbConn, pool_id: i64) -> QueryResult<Vec<CountLine>> {
    let rows: Vec<(i32, String, Option<i64>, Option<bool>)> = municipalities::table
        .left_join(
            target_groups::table.on(target_groups::municipality_code
                .eq(municipalities::code)
                .and(target_groups::pool_id.eq(pool_id))),
        )
        .select((
            municipalities::code,
            municipalities::name,
            target_groups::target_group.nullable(),
            target_groups::applied.nullable(),
        ))
        .load(conn)?;
    let mut rows = rows;
    rows.sort_by_cached_key(|r| tilskud_templates::fmt::danish_sort_key(&r.1));
    Ok(rows
        .into_iter()
        .map(|(code, name, tg, applied)| CountLine {
            code,
            name,
            target_group: tg,
            applied: applied.unwrap_or(false),
        })
        .collect())
}

/// The applicants of a pool: municipalities marked as applied, with their counts.
pub fn applicants(conn: &mut DbConn, pool_id: i64) -> QueryResult<Vec<TargetGroupRow>> {
    target_groups::table
        .filter(target_groups::pool_id.eq(pool_id))
        .filter(target_groups::applied.eq(true))
        .order(target_groups::municipality_code.asc())
        .select(TargetGroupRow::as_select())
        .load(conn)
}

#[derive(Serialize)]
struct ImportSummary<'a> {
    rows: usize,
    total: u64,
    source: &'a str,
}

/// Replaces the pool's counts with an imported list, in one transaction. Applied marks
/// are kept for municipalities still in the list; those no longer listed are removed.
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
        if super::pools::get(c, pool_id)?.is_none() {
            return Err(AppError::NotFound);
        }
        let before: Vec<TargetGroupRow> = target_groups::table
            .filter(target_groups::pool_id.eq(pool_id))
            .select(TargetGroupRow::as_select())
            .load(c)?;
        let listed: Vec<i32> = counts.iter().map(|a| i32::from(a.code.as_u16())).collect();
        diesel::delete(
            target_groups::table
                .filter(target_groups::pool_id.eq(pool_id))
                .filter(target_groups::municipality_code.ne_all(&listed)),
        )
        .execute(c)?;
        for (i, a) in counts.iter().enumerate() {
            progress(i + 1);
            let code = i32::from(a.code.as_u16());
            let n = i64::try_from(a.target_group).map_err(AppError::internal)?;
            let updated = diesel::update(target_groups::table.find((pool_id, code)))
                .set((
                    target_groups::target_group.eq(n),
                    target_groups::updated_at.eq(now),
                ))
                .execute(c)?;
            if updated == 0 {
                diesel::insert_into(target_groups::table)
                    .values((
                        target_groups::pool_id.eq(pool_id),
                        target_groups::municipality_code.eq(code),
                        target_groups::target_group.eq(n),
                        target_groups::applied.eq(false),
                        target_groups::updated_at.eq(now),
                    ))
                    .execute(c)?;
            }
        }
        let summary = ImportSummary {
            rows: counts.len(),
            total: counts.iter().map(|a| a.target_group).sum(),
            source,
        };
        let change = Change::new("target-group.import", "pool", pool_id)
            .before(
                &before
                    .iter()
                    .map(|r| (r.municipality_code, r.target_group))
                    .collect::<Vec<_>>(),
            )
            .after(&(
                summary,
                counts
                    .iter()
                    .map(|a| (a.code.as_u16(), a.target_group))
                    .collect::<Vec<_>>(),
            ));
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
        let rows: Vec<TargetGroupRow> = target_groups::table
            .filter(target_groups::pool_id.eq(pool_id))
            .select(TargetGroupRow::as_select())
            .load(c)?;
        let known: BTreeSet<i32> = rows.iter().map(|r| r.municipality_code).collect();
        if let Some(missing) = applied.iter().find(|c| !known.contains(c)) {
            return Err(AppError::field(
                "applied",
                crate::error::Msg::new("applied-without-count").arg("code", missing),
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
                diesel::update(target_groups::table.find((pool_id, r.municipality_code)))
                    .set((
                        target_groups::applied.eq(now_applied),
                        target_groups::updated_at.eq(now),
                    ))
                    .execute(c)?;
            }
        }
        let change = Change::new("target-group.applied", "pool", pool_id)
            .before(&before)
            .after(applied);
        Ok((applied.len(), vec![change]))
    })
}
