//! Allocation versions (fordeling): each run is a new, numbered, immutable version; one
//! approved version per pool counts.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::models::{AllocationLineRow, AllocationRow};
use crate::db::schema::{allocation_lines, allocations, municipalities, users};
use crate::db::DbConn;
use crate::domain::allocation::AllocationStatus;
use tilskud_templates::fmt::danish_sort_key;

/// A version with the names of who ran and approved it.
#[derive(Clone, Debug, Serialize)]
pub struct VersionView {
    #[serde(flatten)]
    pub row: AllocationRow,
    pub created_by_name: String,
    pub approved_by_name: Option<String>,
}

/// One line with the municipality's name.
#[derive(Clone, Debug, Serialize)]
pub struct LineView {
    pub code: i32,
    pub name: String,
    pub target_group: i64,
    pub exact_quota: String,
    pub amount_ore: i64,
    pub extra_krone: bool,
}

pub fn versions(conn: &mut DbConn, pool_id: i64) -> QueryResult<Vec<VersionView>> {
    let rows: Vec<AllocationRow> = allocations::table
        .filter(allocations::pool_id.eq(pool_id))
        .order(allocations::version_no.desc())
        .select(AllocationRow::as_select())
        .load(conn)?;
    with_names(conn, rows)
}

pub fn with_names(conn: &mut DbConn, rows: Vec<AllocationRow>) -> QueryResult<Vec<VersionView>> {
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(VersionView {
            created_by_name: display_name(conn, row.created_by)?.unwrap_or_default(),
            approved_by_name: match row.approved_by {
                Some(id) => display_name(conn, id)?,
                None => None,
            },
            row,
        });
    }
    Ok(out)
}

fn display_name(conn: &mut DbConn, id: i64) -> QueryResult<Option<String>> {
    crate::on_backend!(conn, c => users::table.find(id).select(users::display_name).get_result(c).optional())
}

pub fn get(conn: &mut DbConn, id: i64) -> QueryResult<Option<VersionView>> {
    let row: Option<AllocationRow> = allocations::table
        .find(id)
        .select(AllocationRow::as_select())
        .first(conn)
        .optional()?;
    Ok(match row {
        Some(r) => with_names(conn, vec![r])?.pop(),
        None => None,
    })
}

pub fn approved_for_pool(conn: &mut DbConn, pool_id: i64) -> QueryResult<Option<AllocationRow>> {
    // Not `WHERE status = ?`: SQLite checks a bound value against the partial index
    // `allocations_one_approved` and then re-prepares the statement at every binding
    // (measured: half the allocation page's time). A pool has a handful of versions.
    let rows: Vec<AllocationRow> = crate::on_backend!(conn, c => allocations::table
        .filter(allocations::pool_id.eq(pool_id))
        .select(AllocationRow::as_select())
        .load(c))?;
    Ok(rows
        .into_iter()
        .find(|r| r.status == AllocationStatus::Approved))
}

/// The approved version number of every pool that has one, in one query.
pub fn approved_versions(conn: &mut DbConn) -> QueryResult<std::collections::HashMap<i64, i32>> {
    let rows: Vec<(i64, i32)> = allocations::table
        .filter(allocations::status.eq(AllocationStatus::Approved.as_str()))
        .select((allocations::pool_id, allocations::version_no))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

/// Allocation lines by version id; see `AppState::lines_cache`. Bounded: past
/// `CAPACITY` versions it starts over, which costs one query per version.
#[derive(Default)]
pub struct LinesCache(
    std::sync::RwLock<std::collections::HashMap<i64, std::sync::Arc<Vec<LineView>>>>,
);

impl LinesCache {
    const CAPACITY: usize = 256;

    pub fn lines(
        &self,
        conn: &mut DbConn,
        allocation_id: i64,
    ) -> QueryResult<std::sync::Arc<Vec<LineView>>> {
        if let Some(hit) = self
            .0
            .read()
            .ok()
            .and_then(|m| m.get(&allocation_id).cloned())
        {
            return Ok(hit);
        }
        let lines = std::sync::Arc::new(lines(conn, allocation_id)?);
        if let Ok(mut m) = self.0.write() {
            if m.len() >= Self::CAPACITY {
                m.clear();
            }
            m.insert(allocation_id, lines.clone());
        }
        Ok(lines)
    }
}

/// The lines of a version, in Danish alphabetical order of the municipality.
pub fn lines(conn: &mut DbConn, allocation_id: i64) -> QueryResult<Vec<LineView>> {
    let rows: Vec<(AllocationLineRow, String)> = allocation_lines::table
        .inner_join(municipalities::table)
        .filter(allocation_lines::allocation_id.eq(allocation_id))
        .select((AllocationLineRow::as_select(), municipalities::name))
        .load(conn)?;
    let mut rows = rows;
    rows.sort_by_cached_key(|(_, name)| danish_sort_key(name));
    Ok(rows
        .into_iter()
        .map(|(l, name)| LineView {
            code: l.municipality_code,
            name,
            target_group: l.target_group,
            exact_quota: l.exact_quota,
            amount_ore: l.amount_ore,
            extra_krone: l.extra_krone,
        })
        .collect())
}

/// The highest version number of the pool, if it has a version.
pub fn last_version_no(conn: &mut DbConn, pool_id: i64) -> QueryResult<Option<i32>> {
    allocations::table
        .filter(allocations::pool_id.eq(pool_id))
        .select(diesel::dsl::max(allocations::version_no))
        .first(conn)
}

/// A version as it is first stored: a draft.
pub struct NewDraft<'a> {
    pub pool_id: i64,
    pub version_no: i32,
    pub total_ore: i64,
    pub reason: &'a str,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
}

/// Stores a new draft version with its lines.
pub fn insert_draft(
    conn: &mut DbConn,
    v: &NewDraft,
    lines: &[AllocationLineRow],
) -> QueryResult<AllocationRow> {
    let id: i64 = diesel::insert_into(allocations::table)
        .values((
            allocations::pool_id.eq(v.pool_id),
            allocations::version_no.eq(v.version_no),
            allocations::total_ore.eq(v.total_ore),
            allocations::reason.eq(v.reason),
            allocations::status.eq(AllocationStatus::Draft.as_str()),
            allocations::created_by.eq(v.created_by),
            allocations::created_at.eq(v.created_at),
        ))
        .returning(allocations::id)
        .get_result(conn)?;
    for line in lines {
        diesel::insert_into(allocation_lines::table)
            .values(AllocationLineRow {
                allocation_id: id,
                ..line.clone()
            })
            .execute(conn)?;
    }
    allocations::table
        .find(id)
        .select(AllocationRow::as_select())
        .first(conn)
}

/// Marks the pool's approved version, other than `except`, as superseded; returns how
/// many were.
pub fn supersede_approved(conn: &mut DbConn, pool_id: i64, except: i64) -> QueryResult<usize> {
    diesel::update(
        allocations::table
            .filter(allocations::pool_id.eq(pool_id))
            .filter(allocations::status.eq(AllocationStatus::Approved.as_str()))
            .filter(allocations::id.ne(except)),
    )
    .set(allocations::status.eq(AllocationStatus::Superseded.as_str()))
    .execute(conn)
}

/// Approves version `id` if it is still a draft; returns 1 if it was, 0 if not. Guarded
/// by status: of two concurrent approvals only one finds the draft.
pub fn approve_draft(
    conn: &mut DbConn,
    id: i64,
    approved_by: Option<i64>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        allocations::table
            .find(id)
            .filter(allocations::status.eq(AllocationStatus::Draft.as_str())),
    )
    .set((
        allocations::status.eq(AllocationStatus::Approved.as_str()),
        allocations::approved_by.eq(approved_by),
        allocations::approved_at.eq(now),
    ))
    .execute(conn)
}
