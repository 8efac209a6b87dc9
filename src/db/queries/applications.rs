//! The applications tables (applications, their versions, budget lines and events): rows
//! in, rows out. Validation, the deadline, decisions and the audit entry are the
//! operations' (`app::applications`).

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{
    allocation_lines, application_events, application_versions, applications, budget_lines,
    municipalities, target_groups,
};
use crate::db::DbConn;
use crate::domain::budget::CostItem;
use crate::domain::status::ApplicationStatus;

#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = applications)]
pub struct ApplicationRow {
    pub id: i64,
    pub pool_id: i64,
    pub municipality_code: i32,
    #[diesel(deserialize_as = String)]
    pub status: ApplicationStatus,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = application_versions)]
pub struct VersionRow {
    pub id: i64,
    pub application_id: i64,
    pub version_no: i32,
    pub contact_name: String,
    pub contact_title: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub difference_comment: String,
    pub obligations: String,
    pub budget_total_ore: i64,
    pub submitted_at: Option<NaiveDateTime>,
    pub submitted_by: Option<i64>,
    pub receipt_no: Option<String>,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = budget_lines)]
pub struct BudgetLineRow {
    pub version_id: i64,
    pub cost_item: String,
    pub year: i32,
    pub amount_ore: i64,
    pub description: String,
}

#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = application_events)]
pub struct EventRow {
    pub id: i64,
    pub application_id: i64,
    pub action: String,
    pub reason: String,
    pub actor_id: i64,
    pub at: NaiveDateTime,
}

/// The stored fields of a version, as the operation decided them.
pub struct VersionValues<'a> {
    pub contact_name: &'a str,
    pub contact_title: &'a str,
    pub contact_email: &'a str,
    pub contact_phone: &'a str,
    pub difference_comment: &'a str,
    /// The keys of the accepted obligations, comma-separated.
    pub obligations: String,
    pub budget_total_ore: i64,
    /// (item, year, amount in øre, description)
    pub lines: &'a [(CostItem, i32, i64, String)],
}

/// The columns a version's content sets, on insert and on update alike.
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = application_versions)]
struct VersionColumns<'a> {
    contact_name: &'a str,
    contact_title: &'a str,
    contact_email: &'a str,
    contact_phone: &'a str,
    difference_comment: &'a str,
    obligations: &'a str,
    budget_total_ore: i64,
    updated_at: NaiveDateTime,
}

impl VersionValues<'_> {
    fn columns(&self, now: NaiveDateTime) -> VersionColumns<'_> {
        VersionColumns {
            contact_name: self.contact_name,
            contact_title: self.contact_title,
            contact_email: self.contact_email,
            contact_phone: self.contact_phone,
            difference_comment: self.difference_comment,
            obligations: &self.obligations,
            budget_total_ore: self.budget_total_ore,
            updated_at: now,
        }
    }
}

/// The municipality's expected grant: its amount in the pool's approved allocation.
pub fn expected_grant(conn: &mut DbConn, pool_id: i64, code: i32) -> QueryResult<Option<i64>> {
    Ok(approved_grant(conn, pool_id, code)?.map(|(_, amount)| amount))
}

/// The pool's approved allocation's version number and the municipality's amount in it.
pub fn approved_grant(
    conn: &mut DbConn,
    pool_id: i64,
    code: i32,
) -> QueryResult<Option<(i32, i64)>> {
    let Some(approved) = super::allocations::approved_for_pool(conn, pool_id)? else {
        return Ok(None);
    };
    let amount: Option<i64> = allocation_lines::table
        .find((approved.id, code))
        .select(allocation_lines::amount_ore)
        .get_result(conn)
        .optional()?;
    Ok(amount.map(|a| (approved.version_no, a)))
}

/// The municipality's target group in the pool and whether it applies, if it is listed.
pub fn applicant(conn: &mut DbConn, pool_id: i64, code: i32) -> QueryResult<Option<(i64, bool)>> {
    target_groups::table
        .find((pool_id, code))
        .select((target_groups::target_group, target_groups::applied))
        .first(conn)
        .optional()
}

/// Marks the municipality as no longer applying to the pool (after a withdrawal).
pub fn stop_applying(
    conn: &mut DbConn,
    pool_id: i64,
    code: i32,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(target_groups::table.find((pool_id, code)))
        .set((
            target_groups::applied.eq(false),
            target_groups::updated_at.eq(now),
        ))
        .execute(conn)
}

/// Every municipality's expected grant in a pool, by code (empty before an approval).
pub fn expected_grants(conn: &mut DbConn, pool_id: i64) -> QueryResult<BTreeMap<i32, i64>> {
    let Some(approved) = super::allocations::approved_for_pool(conn, pool_id)? else {
        return Ok(BTreeMap::new());
    };
    Ok(allocation_lines::table
        .filter(allocation_lines::allocation_id.eq(approved.id))
        .select((
            allocation_lines::municipality_code,
            allocation_lines::amount_ore,
        ))
        .load::<(i32, i64)>(conn)?
        .into_iter()
        .collect())
}

/// An application with its newest version, that version's budget and the history.
#[derive(Clone, Debug, Serialize)]
pub struct Loaded {
    pub application: ApplicationRow,
    pub version: VersionRow,
    pub lines: Vec<BudgetLineRow>,
    /// Every version, newest first.
    pub versions: Vec<VersionRow>,
    pub events: Vec<EventRow>,
}

pub fn find(conn: &mut DbConn, pool_id: i64, code: i32) -> QueryResult<Option<ApplicationRow>> {
    applications::table
        .filter(applications::pool_id.eq(pool_id))
        .filter(applications::municipality_code.eq(code))
        .select(ApplicationRow::as_select())
        .get_result(conn)
        .optional()
}

pub fn load(conn: &mut DbConn, pool_id: i64, code: i32) -> QueryResult<Option<Loaded>> {
    let Some(application) = find(conn, pool_id, code)? else {
        return Ok(None);
    };
    let versions: Vec<VersionRow> = application_versions::table
        .filter(application_versions::application_id.eq(application.id))
        .order(application_versions::version_no.desc())
        .select(VersionRow::as_select())
        .load(conn)?;
    let Some(version) = versions.first().cloned() else {
        return Ok(None);
    };
    let lines = version_lines(conn, version.id)?;
    let events = application_events::table
        .filter(application_events::application_id.eq(application.id))
        .order(application_events::id.asc())
        .select(EventRow::as_select())
        .load(conn)?;
    Ok(Some(Loaded {
        application,
        version,
        lines,
        versions,
        events,
    }))
}

pub fn version_lines(conn: &mut DbConn, version_id: i64) -> QueryResult<Vec<BudgetLineRow>> {
    budget_lines::table
        .filter(budget_lines::version_id.eq(version_id))
        .select(BudgetLineRow::as_select())
        .load(conn)
}

pub fn get_version(conn: &mut DbConn, id: i64) -> QueryResult<Option<VersionRow>> {
    application_versions::table
        .find(id)
        .select(VersionRow::as_select())
        .get_result(conn)
        .optional()
}

/// A new application, as a draft; returns its id.
pub fn insert(conn: &mut DbConn, pool_id: i64, code: i32, now: NaiveDateTime) -> QueryResult<i64> {
    diesel::insert_into(applications::table)
        .values((
            applications::pool_id.eq(pool_id),
            applications::municipality_code.eq(code),
            applications::status.eq(ApplicationStatus::Draft.as_str()),
            applications::created_at.eq(now),
            applications::updated_at.eq(now),
        ))
        .returning(applications::id)
        .get_result(conn)
}

/// Overwrites the open (unsubmitted) version `id` with `v` and its budget lines.
pub fn update_version(
    conn: &mut DbConn,
    id: i64,
    v: &VersionValues,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(application_versions::table.find(id))
        .set(v.columns(now))
        .execute(conn)?;
    write_lines(conn, id, v.lines)
}

/// A new version `version_no` of application `application_id` with its budget lines;
/// returns its id.
pub fn insert_version(
    conn: &mut DbConn,
    application_id: i64,
    version_no: i32,
    v: &VersionValues,
    author: i64,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    let id = diesel::insert_into(application_versions::table)
        .values((
            v.columns(now),
            application_versions::application_id.eq(application_id),
            application_versions::version_no.eq(version_no),
            application_versions::created_by.eq(author),
            application_versions::created_at.eq(now),
        ))
        .returning(application_versions::id)
        .get_result(conn)?;
    write_lines(conn, id, v.lines)?;
    Ok(id)
}

fn write_lines(
    c: &mut DbConn,
    version_id: i64,
    lines: &[(CostItem, i32, i64, String)],
) -> QueryResult<()> {
    diesel::delete(budget_lines::table.filter(budget_lines::version_id.eq(version_id)))
        .execute(c)?;
    for (item, year, ore, description) in lines {
        diesel::insert_into(budget_lines::table)
            .values((
                budget_lines::version_id.eq(version_id),
                budget_lines::cost_item.eq(item.key()),
                budget_lines::year.eq(*year),
                budget_lines::amount_ore.eq(*ore),
                budget_lines::description.eq(description),
            ))
            .execute(c)?;
    }
    Ok(())
}

/// Freezes version `id` as submitted at `now` by `by`, with its receipt number.
pub fn mark_submitted(
    conn: &mut DbConn,
    id: i64,
    now: NaiveDateTime,
    by: Option<i64>,
    receipt_no: &str,
) -> QueryResult<usize> {
    diesel::update(application_versions::table.find(id))
        .set((
            application_versions::submitted_at.eq(now),
            application_versions::submitted_by.eq(by),
            application_versions::receipt_no.eq(receipt_no),
        ))
        .execute(conn)
}

/// Sets the application's status and its time of change.
pub fn set_status(
    conn: &mut DbConn,
    id: i64,
    status: ApplicationStatus,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(applications::table.find(id))
        .set((
            applications::status.eq(status.as_str()),
            applications::updated_at.eq(now),
        ))
        .execute(conn)
}

/// Sets the status only if it is still `from` (guarded against a concurrent change);
/// returns the rows changed (0 or 1).
pub fn change_status(
    conn: &mut DbConn,
    id: i64,
    from: ApplicationStatus,
    to: ApplicationStatus,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        applications::table
            .find(id)
            .filter(applications::status.eq(from.as_str())),
    )
    .set((
        applications::status.eq(to.as_str()),
        applications::updated_at.eq(now),
    ))
    .execute(conn)
}

/// Marks the application as changed at `now`.
pub fn touch(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(applications::table.find(id))
        .set(applications::updated_at.eq(now))
        .execute(conn)
}

pub fn add_event(
    c: &mut DbConn,
    application_id: i64,
    action: &str,
    reason: &str,
    actor_id: i64,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(application_events::table)
        .values((
            application_events::application_id.eq(application_id),
            application_events::action.eq(action),
            application_events::reason.eq(reason),
            application_events::actor_id.eq(actor_id),
            application_events::at.eq(now),
        ))
        .execute(c)
        .map(|_| ())
}

/// A row of the officer's list of a pool's applications.
#[derive(Clone, Debug)]
pub struct ListRow {
    pub municipality_code: i32,
    pub name: String,
    pub status: ApplicationStatus,
    pub version_no: i32,
    pub submitted_at: Option<NaiveDateTime>,
    pub budget_total_ore: i64,
    pub expected_ore: Option<i64>,
}

/// All applications of a pool with their newest version, in three queries (unsorted).
pub fn list(conn: &mut DbConn, pool_id: i64) -> QueryResult<Vec<ListRow>> {
    let apps: Vec<(ApplicationRow, String)> = applications::table
        .inner_join(municipalities::table)
        .filter(applications::pool_id.eq(pool_id))
        .select((ApplicationRow::as_select(), municipalities::name))
        .load(conn)?;
    let ids: Vec<i64> = apps.iter().map(|(a, _)| a.id).collect();
    let versions: Vec<VersionRow> = application_versions::table
        .filter(application_versions::application_id.eq_any(&ids))
        .select(VersionRow::as_select())
        .load(conn)?;
    let mut newest: BTreeMap<i64, VersionRow> = BTreeMap::new();
    for v in versions {
        let keep = newest
            .get(&v.application_id)
            .is_none_or(|n| n.version_no < v.version_no);
        if keep {
            newest.insert(v.application_id, v);
        }
    }
    let expected = expected_grants(conn, pool_id)?;
    Ok(apps
        .into_iter()
        .map(|(a, name)| {
            let v = newest.get(&a.id);
            ListRow {
                municipality_code: a.municipality_code,
                name,
                status: a.status,
                version_no: v.map_or(0, |v| v.version_no),
                submitted_at: v.and_then(|v| v.submitted_at),
                budget_total_ore: v.map_or(0, |v| v.budget_total_ore),
                expected_ore: expected.get(&a.municipality_code).copied(),
            }
        })
        .collect())
}
