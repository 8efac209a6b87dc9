//! Rows as stored. Domain types are built from these in `queries`, never the reverse.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::schema::*;

#[derive(Queryable, Selectable, Insertable, Debug, Clone, Serialize)]
#[diesel(table_name = municipalities)]
pub struct MunicipalityRow {
    pub code: i32,
    pub name: String,
    pub region_code: i32,
    pub region_name: String,
}

#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    #[serde(skip)]
    pub password_hash: String,
    pub role: String,
    pub municipality_code: Option<i32>,
    pub active: bool,
    pub created_at: NaiveDateTime,
    pub email: String,
}

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = sessions)]
pub struct SessionRow {
    pub id: String,
    pub user_id: i64,
    pub csrf_token: String,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = pools)]
pub struct PoolRow {
    pub id: i64,
    pub name: String,
    pub finance_account: String,
    pub amount_ore: i64,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub application_deadline: NaiveDateTime,
    pub auditor_threshold_ore: i64,
    pub target_group_note: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub admin_share_max_bp: Option<i32>,
    /// Rate 3's reading: months in the period, threshold in whole percent, and whether
    /// each month must reach it (false: the period's counts pooled).
    pub activity_months: i32,
    pub activity_threshold_percent: i32,
    pub activity_consecutive: bool,
}

#[derive(Queryable, Selectable, Insertable, Debug, Clone, Serialize)]
#[diesel(table_name = pool_rates)]
pub struct PoolRateRow {
    pub pool_id: i64,
    pub rate_no: i32,
    pub share_bp: i32,
    pub earliest_date: Option<NaiveDate>,
    /// Only once the finance act of this year is registered as passed.
    pub finance_act_year: Option<i32>,
}

/// A milestone condition of a pool's rate (`domain::payout_gate::Milestone` as stored).
#[derive(Queryable, Selectable, Insertable, Debug, Clone, Serialize)]
#[diesel(table_name = pool_rate_conditions)]
pub struct PoolRateConditionRow {
    pub pool_id: i64,
    pub rate_no: i32,
    pub kind: String,
    pub percent_bp: Option<i32>,
    pub months: Option<i32>,
}

#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = target_groups)]
pub struct TargetGroupRow {
    pub pool_id: i64,
    pub municipality_code: i32,
    pub target_group: i64,
    pub applied: bool,
    pub updated_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = allocations)]
pub struct AllocationRow {
    pub id: i64,
    pub pool_id: i64,
    pub version_no: i32,
    pub total_ore: i64,
    pub reason: String,
    #[diesel(deserialize_as = String)]
    pub status: crate::domain::allocation::AllocationStatus,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub approved_by: Option<i64>,
    pub approved_at: Option<NaiveDateTime>,
}

#[derive(Queryable, Selectable, Insertable, Debug, Clone, Serialize)]
#[diesel(table_name = allocation_lines)]
pub struct AllocationLineRow {
    pub allocation_id: i64,
    pub municipality_code: i32,
    pub target_group: i64,
    pub exact_quota: String,
    pub amount_ore: i64,
    pub extra_krone: bool,
}
