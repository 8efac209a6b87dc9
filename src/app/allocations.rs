//! Allocations (fordeling): each run of the key over a pool's applicants is stored as a
//! new, numbered, immutable draft version; an officer approves one, which supersedes the
//! version approved before it.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::db::audit::{self, Actor, Change};
use crate::db::models::{AllocationLineRow, AllocationRow, PoolRow, TargetGroupRow};
use crate::db::queries::allocations::{self as rows, LineView, LinesCache, NewDraft, VersionView};
use crate::db::queries::{pools, target_groups};
use crate::db::DbConn;
use crate::domain::allocation::{self, AllocationStatus, Applicant};
use crate::domain::municipality::MunicipalityCode;
use crate::error::{AppError, AppResult, Msg};
use tilskud_templates::fmt::danish_sort_key;

/// Why a version was run ("Vordingborg withdrew"): 1 to 500 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reason(String);

impl Reason {
    pub fn parse(text: &str) -> AppResult<Reason> {
        let text = text.trim();
        if text.is_empty() || text.chars().count() > 500 {
            return Err(AppError::field(
                "reason",
                Msg::new("allocation-reason-required"),
            ));
        }
        Ok(Reason(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The stored applicants as the allocation key takes them.
fn applicants(rows: &[TargetGroupRow]) -> AppResult<Vec<Applicant>> {
    rows.iter()
        .map(|r| {
            let code = u16::try_from(r.municipality_code)
                .ok()
                .and_then(|c| MunicipalityCode::try_from(c).ok())
                .ok_or_else(|| AppError::internal("stored municipality code is not official"))?;
            let target_group = u64::try_from(r.target_group).map_err(AppError::internal)?;
            Ok(Applicant { code, target_group })
        })
        .collect()
}

/// The computed lines as stored (the version's id is set when they are written).
fn line_rows(result: &[allocation::AllocationLine]) -> AppResult<Vec<AllocationLineRow>> {
    result
        .iter()
        .map(|line| {
            Ok(AllocationLineRow {
                allocation_id: 0,
                municipality_code: i32::from(line.code.as_u16()),
                target_group: i64::try_from(line.target_group).map_err(AppError::internal)?,
                exact_quota: line.exact_quota_string(),
                amount_ore: line
                    .amount_kroner
                    .checked_mul(100)
                    .ok_or_else(|| AppError::internal("amount overflow"))?,
                extra_krone: line.extra_krone,
            })
        })
        .collect()
}

/// Runs the allocation key over the pool's current applicants and stores the result as
/// the next draft version. Nothing earlier is changed.
pub fn run(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    pool_id: i64,
    reason: &Reason,
) -> AppResult<AllocationRow> {
    audit::write(conn, actor, now, |c| {
        let pool = pools::get(c, pool_id)?.ok_or(AppError::NotFound)?;
        let applicants = applicants(&target_groups::applicants(c, pool_id)?)?;
        let result = allocation::allocate(pool.amount_ore / 100, &applicants)
            .map_err(|e| AppError::Conflict(Msg::new(e.key())))?;
        let version_no = rows::last_version_no(c, pool_id)?.unwrap_or(0) + 1;
        let draft = NewDraft {
            pool_id,
            version_no,
            total_ore: pool.amount_ore,
            reason: reason.as_str(),
            created_by: actor.user_id.unwrap_or_default(),
            created_at: now,
        };
        let row = rows::insert_draft(c, &draft, &line_rows(&result)?)?;
        let change =
            Change::new("allocation.run", "allocation", row.id).after(&serde_json::json!({
                "pool_id": pool_id,
                "version_no": version_no,
                "total_ore": pool.amount_ore,
                "applicants": result.len(),
                "reason": reason.as_str(),
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
        let current = rows::get(c, id)?.ok_or(AppError::NotFound)?;
        if current.row.status != AllocationStatus::Draft {
            return Err(already_decided(&current));
        }
        let superseded = rows::supersede_approved(c, current.row.pool_id, id)?;
        if rows::approve_draft(c, id, actor.user_id, now)? != 1 {
            let now_row = rows::get(c, id)?.ok_or(AppError::NotFound)?;
            return Err(already_decided(&now_row));
        }
        let after = rows::get(c, id)?.ok_or(AppError::NotFound)?;
        let change = Change::new("allocation.approve", "allocation", id)
            .before(&current.row)
            .after(&serde_json::json!({
                "status": AllocationStatus::Approved,
                "superseded_versions": superseded,
            }));
        Ok((after.row, vec![change]))
    })
}

fn already_decided(v: &VersionView) -> AppError {
    let m = Msg::new("allocation-already-decided")
        .arg("version", v.row.version_no)
        .arg("status", v.row.status.as_str())
        .arg("who", v.approved_by_name.clone().unwrap_or_default());
    AppError::Conflict(match v.row.approved_at {
        Some(t) => m.time_as("when", t, "%d-%m-%Y %H:%M"),
        None => m.arg("when", ""),
    })
}

/// A version with its pool and lines.
pub struct Version {
    pub version: VersionView,
    pub pool: PoolRow,
    pub lines: Vec<LineView>,
}

/// Version `id` with its pool and lines.
pub fn version(conn: &mut DbConn, id: i64) -> AppResult<Version> {
    let version = rows::get(conn, id)?.ok_or(AppError::NotFound)?;
    let pool = pools::get(conn, version.row.pool_id)?.ok_or(AppError::NotFound)?;
    let lines = rows::lines(conn, id)?;
    Ok(Version {
        version,
        pool,
        lines,
    })
}

/// The allocation versions of pool `pool_id`, newest first.
pub fn versions(conn: &mut DbConn, pool_id: i64) -> AppResult<Vec<VersionView>> {
    pools::get(conn, pool_id)?.ok_or(AppError::NotFound)?;
    Ok(rows::versions(conn, pool_id)?)
}

/// The version of a pool that counts, with its lines.
pub struct ApprovedVersion {
    pub version: VersionView,
    pub lines: Arc<Vec<LineView>>,
}

/// A pool with its approved version, if it has one.
pub struct PoolAllocation {
    pub pool: PoolRow,
    pub approved: Option<ApprovedVersion>,
}

/// The approved version of pool `pool_id` with its lines (from `cache`, as versions never
/// change), or the pool alone if none is approved.
pub fn approved(conn: &mut DbConn, cache: &LinesCache, pool_id: i64) -> AppResult<PoolAllocation> {
    let pool = pools::get(conn, pool_id)?.ok_or(AppError::NotFound)?;
    let approved = match rows::approved_for_pool(conn, pool_id)? {
        Some(row) => {
            let version = rows::with_names(conn, vec![row])?
                .pop()
                .ok_or(AppError::NotFound)?;
            let lines = cache.lines(conn, version.row.id)?;
            Some(ApprovedVersion { version, lines })
        }
        None => None,
    };
    Ok(PoolAllocation { pool, approved })
}

/// A municipality's target group and amount in one version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Side {
    pub target_group: i64,
    pub amount_ore: i64,
}

/// One municipality in two versions side by side, `None` where it is not in that version
/// (e.g. after a withdrawal).
#[derive(Clone, Debug, Serialize)]
pub struct CompareLine {
    pub code: i32,
    pub name: String,
    pub a: Option<Side>,
    pub b: Option<Side>,
}

impl CompareLine {
    /// Amount in `b` minus amount in `a`, in øre.
    pub fn difference_ore(&self) -> i64 {
        self.b.map_or(0, |x| x.amount_ore) - self.a.map_or(0, |x| x.amount_ore)
    }
}

/// Lines of two versions matched by municipality, in Danish alphabetical order.
pub fn compare_lines(a: &[LineView], b: &[LineView]) -> Vec<CompareLine> {
    let mut rows: BTreeMap<i32, CompareLine> = BTreeMap::new();
    for (side, lines) in [(0, a), (1, b)] {
        for l in lines {
            let row = rows.entry(l.code).or_insert_with(|| CompareLine {
                code: l.code,
                name: l.name.clone(),
                a: None,
                b: None,
            });
            let value = Some(Side {
                target_group: l.target_group,
                amount_ore: l.amount_ore,
            });
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

/// Two versions of one pool side by side.
pub struct Comparison {
    pub pool: PoolRow,
    pub a: VersionView,
    pub b: VersionView,
    pub lines: Vec<CompareLine>,
}

/// Versions `a` and `b` of pool `pool_id` compared; not found unless both are the pool's.
pub fn compare(conn: &mut DbConn, pool_id: i64, a: i64, b: i64) -> AppResult<Comparison> {
    let va = version(conn, a)?;
    let vb = version(conn, b)?;
    if va.version.row.pool_id != pool_id || vb.version.row.pool_id != pool_id {
        return Err(AppError::NotFound);
    }
    Ok(Comparison {
        lines: compare_lines(&va.lines, &vb.lines),
        pool: va.pool,
        a: va.version,
        b: vb.version,
    })
}

/// A municipality with a commitment in the pool, beside the version being approved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Resting {
    pub code: i32,
    pub name: String,
    /// Its amount in the version approved today (the one replaced).
    pub replaced_ore: Option<i64>,
    /// Its amount in the version to approve.
    pub new_ore: Option<i64>,
    pub committed_ore: i64,
    /// Paid rates, as paid (a rate the final account cut counts at what was paid).
    pub paid_ore: i64,
    pub paid_rates: usize,
}

impl Resting {
    /// The new allocation gives the municipality less than it has been committed.
    pub fn below_commitment(&self) -> bool {
        self.new_ore.is_some_and(|n| n < self.committed_ore)
    }
}

/// What an approval changes, shown before it is confirmed: the version, the version it
/// replaces, and the commitments and paid rates in the pool, which stay as they are.
pub struct ApprovalImpact {
    pub version: Version,
    pub replaced: Option<VersionView>,
    pub resting: Vec<Resting>,
}

impl ApprovalImpact {
    pub fn committed_ore(&self) -> i64 {
        self.resting.iter().map(|r| r.committed_ore).sum()
    }

    pub fn paid_ore(&self) -> i64 {
        self.resting.iter().map(|r| r.paid_ore).sum()
    }

    pub fn paid_rates(&self) -> usize {
        self.resting.iter().map(|r| r.paid_rates).sum()
    }
}

/// What approving version `id` would replace and what rests on the pool's allocation.
pub fn approval_impact(conn: &mut DbConn, id: i64) -> AppResult<ApprovalImpact> {
    use crate::db::queries::commitments as given;
    use crate::domain::status::{CommitmentStatus, RateStatus};
    let version = self::version(conn, id)?;
    let pool_id = version.pool.id;
    let replaced = match rows::approved_for_pool(conn, pool_id)? {
        Some(row) if row.id != id => rows::with_names(conn, vec![row])?.pop(),
        _ => None,
    };
    let replaced_lines: BTreeMap<i32, i64> = match &replaced {
        Some(r) => rows::lines(conn, r.row.id)?
            .into_iter()
            .map(|l| (l.code, l.amount_ore))
            .collect(),
        None => BTreeMap::new(),
    };
    let new_lines: BTreeMap<i32, (String, i64)> = version
        .lines
        .iter()
        .map(|l| (l.code, (l.name.clone(), l.amount_ore)))
        .collect();
    let mut resting: Vec<Resting> = given::given_in_pool(conn, pool_id)?
        .into_iter()
        .filter(|f| f.commitment.status == CommitmentStatus::Active)
        .map(|f| {
            let code = f.commitment.municipality_code;
            let paid: Vec<i64> = f
                .rates
                .iter()
                .filter(|r| r.status == RateStatus::Paid)
                .map(|r| r.payable_ore())
                .collect();
            Resting {
                code,
                name: new_lines.get(&code).map_or_else(
                    || crate::domain::municipality::name_of(i64::from(code)),
                    |(name, _)| name.clone(),
                ),
                replaced_ore: replaced_lines.get(&code).copied(),
                new_ore: new_lines.get(&code).map(|(_, a)| *a),
                committed_ore: f.commitment.amount_ore,
                paid_ore: paid.iter().sum(),
                paid_rates: paid.len(),
            }
        })
        .collect();
    resting.sort_by_cached_key(|r| danish_sort_key(&r.name));
    Ok(ApprovalImpact {
        version,
        replaced,
        resting,
    })
}
