//! Target-group counts (målgruppe) per municipality and pool, and who applied.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::models::TargetGroupRow;
use crate::db::schema::{municipalities, target_groups};
use crate::db::DbConn;

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

/// The pool's stored counts, whether applied or not.
pub fn of_pool(conn: &mut DbConn, pool_id: i64) -> QueryResult<Vec<TargetGroupRow>> {
    target_groups::table
        .filter(target_groups::pool_id.eq(pool_id))
        .select(TargetGroupRow::as_select())
        .load(conn)
}

/// Removes the pool's counts of municipalities not in `listed`.
pub fn remove_unlisted(conn: &mut DbConn, pool_id: i64, listed: &[i32]) -> QueryResult<usize> {
    diesel::delete(
        target_groups::table
            .filter(target_groups::pool_id.eq(pool_id))
            .filter(target_groups::municipality_code.ne_all(listed)),
    )
    .execute(conn)
}

/// Sets a municipality's count in the pool, keeping its applied mark if it had a count.
pub fn put_count(
    conn: &mut DbConn,
    pool_id: i64,
    code: i32,
    target_group: i64,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let updated = diesel::update(target_groups::table.find((pool_id, code)))
        .set((
            target_groups::target_group.eq(target_group),
            target_groups::updated_at.eq(now),
        ))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(target_groups::table)
            .values((
                target_groups::pool_id.eq(pool_id),
                target_groups::municipality_code.eq(code),
                target_groups::target_group.eq(target_group),
                target_groups::applied.eq(false),
                target_groups::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn set_applied(
    conn: &mut DbConn,
    pool_id: i64,
    code: i32,
    applied: bool,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(target_groups::table.find((pool_id, code)))
        .set((
            target_groups::applied.eq(applied),
            target_groups::updated_at.eq(now),
        ))
        .execute(conn)
}
