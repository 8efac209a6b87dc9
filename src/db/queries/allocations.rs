//! Allocation versions (fordeling): each run is a new, numbered, immutable version; one
//! approved version per pool counts.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::audit::{self, Actor, Change};
use crate::db::models::{AllocationLineRow, AllocationRow};
use crate::db::schema::{allocation_lines, allocations, municipalities, users};
use crate::db::DbConn;
use crate::domain::allocation::{self, Applicant};
use crate::domain::municipality::MunicipalityCode;
use crate::error::{AppError, AppResult, Msg};
use tilskud_templates::fmt::danish_sort_key;

pub const DRAFT: &str = "draft";
pub const APPROVED: &str = "approved";
pub const SUPERSEDED: &str = "superseded";

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
    Ok(rows.into_iter().find(|r| r.status == APPROVED))
}

/// The approved version number of every pool that has one, in one query.
pub fn approved_versions(conn: &mut DbConn) -> QueryResult<std::collections::HashMap<i64, i32>> {
    let rows: Vec<(i64, i32)> = allocations::table
        .filter(allocations::status.eq(APPROVED))
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

/// Runs the allocation key over the pool's current applicants and stores the result as
/// the next draft version. Nothing earlier is changed.
pub fn run(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    pool_id: i64,
    reason: &str,
) -> AppResult<AllocationRow> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(AppError::field(
            "reason",
            Msg::new("allocation-reason-required"),
        ));
    }
    audit::write(conn, actor, now, |c| {
        let pool = super::pools::get(c, pool_id)?.ok_or(AppError::NotFound)?;
        let rows = super::target_groups::applicants(c, pool_id)?;
        let mut applicants = Vec::with_capacity(rows.len());
        for r in &rows {
            let code = u16::try_from(r.municipality_code)
                .ok()
                .and_then(|c| MunicipalityCode::try_from(c).ok())
                .ok_or_else(|| AppError::internal("stored municipality code is not official"))?;
            let target_group = u64::try_from(r.target_group).map_err(AppError::internal)?;
            applicants.push(Applicant { code, target_group });
        }
        let total_kroner = pool.amount_ore / 100;
        let result = allocation::allocate(total_kroner, &applicants)
            .map_err(|e| AppError::Conflict(Msg::new(e.key())))?;
        let last: Option<i32> = allocations::table
            .filter(allocations::pool_id.eq(pool_id))
            .select(diesel::dsl::max(allocations::version_no))
            .first(c)?;
        let version_no = last.unwrap_or(0) + 1;
        let id: i64 = diesel::insert_into(allocations::table)
            .values((
                allocations::pool_id.eq(pool_id),
                allocations::version_no.eq(version_no),
                allocations::total_ore.eq(pool.amount_ore),
                allocations::reason.eq(reason),
                allocations::status.eq(DRAFT),
                allocations::created_by.eq(actor.user_id.unwrap_or_default()),
                allocations::created_at.eq(now),
            ))
            .returning(allocations::id)
            .get_result(c)?;
        let row: AllocationRow = allocations::table
            .find(id)
            .select(AllocationRow::as_select())
            .first(c)?;
        for line in &result {
            let amount_ore = line
                .amount_kroner
                .checked_mul(100)
                .ok_or_else(|| AppError::internal("amount overflow"))?;
            diesel::insert_into(allocation_lines::table)
                .values(AllocationLineRow {
                    allocation_id: row.id,
                    municipality_code: i32::from(line.code.as_u16()),
                    target_group: i64::try_from(line.target_group).map_err(AppError::internal)?,
                    exact_quota: line.exact_quota_string(),
                    amount_ore,
                    extra_krone: line.extra_krone,
                })
                .execute(c)?;
        }
        let change =
            Change::new("allocation.run", "allocation", row.id).after(&serde_json::json!({
                "pool_id": pool_id,
                "version_no": version_no,
                "total_ore": pool.amount_ore,
                "applicants": result.len(),
                "reason": reason,
            }));
        Ok((row, vec![change]))
    })
}

/// Approves a draft version; the previously approved version of the pool, if any, is
/// superseded. A version approved (or superseded) meanwhile gives a conflict naming who
/// did it, and nothing is written.
pub fn approve(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    id: i64,
) -> AppResult<AllocationRow> {
    audit::write(conn, actor, now, |c| {
        let current = get(c, id)?.ok_or(AppError::NotFound)?;
        if current.row.status != DRAFT {
            return Err(already_decided(&current));
        }
        let superseded = diesel::update(
            allocations::table
                .filter(allocations::pool_id.eq(current.row.pool_id))
                .filter(allocations::status.eq(APPROVED))
                .filter(allocations::id.ne(id)),
        )
        .set(allocations::status.eq(SUPERSEDED))
        .execute(c)?;
        // Guarded by status: of two concurrent approvals only one finds the draft.
        let n = diesel::update(
            allocations::table
                .find(id)
                .filter(allocations::status.eq(DRAFT)),
        )
        .set((
            allocations::status.eq(APPROVED),
            allocations::approved_by.eq(actor.user_id),
            allocations::approved_at.eq(now),
        ))
        .execute(c)?;
        if n != 1 {
            let now_row = get(c, id)?.ok_or(AppError::NotFound)?;
            return Err(already_decided(&now_row));
        }
        let after = get(c, id)?.ok_or(AppError::NotFound)?;
        let change = Change::new("allocation.approve", "allocation", id)
            .before(&current.row)
            .after(&serde_json::json!({ "status": APPROVED, "superseded_versions": superseded }));
        Ok((after.row, vec![change]))
    })
}

fn already_decided(v: &VersionView) -> AppError {
    let when = v
        .row
        .approved_at
        .map(|t| {
            crate::domain::time::to_local(t.and_utc())
                .format("%d-%m-%Y %H:%M")
                .to_string()
        })
        .unwrap_or_default();
    AppError::Conflict(
        Msg::new("allocation-already-decided")
            .arg("version", v.row.version_no)
            .arg("status", v.row.status.clone())
            .arg("who", v.approved_by_name.clone().unwrap_or_default())
            .arg("when", when),
    )
}

/// One municipality in two versions side by side: (target group, amount in øre) in
/// each, or `None` where it is not in that version (e.g. after a withdrawal).
#[derive(Clone, Debug, Serialize)]
pub struct CompareLine {
    pub code: i32,
    pub name: String,
    pub a: Option<(i64, i64)>,
    pub b: Option<(i64, i64)>,
}

impl CompareLine {
    /// Amount in `b` minus amount in `a`, in øre.
    pub fn difference_ore(&self) -> i64 {
        self.b.map_or(0, |x| x.1) - self.a.map_or(0, |x| x.1)
    }
}

/// Lines of two versions matched by municipality, in Danish alphabetical order.
pub fn compare(a: &[LineView], b: &[LineView]) -> Vec<CompareLine> {
    let mut rows: std::collections::BTreeMap<i32, CompareLine> = std::collections::BTreeMap::new();
    for (side, lines) in [(0, a), (1, b)] {
        for l in lines {
            let row = rows.entry(l.code).or_insert_with(|| CompareLine {
                code: l.code,
                name: l.name.clone(),
                a: None,
                b: None,
            });
            let value = Some((l.target_group, l.amount_ore));
            if side == 0 {
                row.a = value;
            } else {
                row.b = value;
            }
        }
    }
    let mut rows: Vec<CompareLine> = rows.into_values().collect();
    rows.sort_by_cached_key(|r| danish_sort_key(&r.name));
    rows
}
