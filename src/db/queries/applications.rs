//! Applications (ansøgninger): drafts, submission before the deadline, frozen versions,
//! and the officer's decisions.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::db::audit::{self, Actor, Change};
use crate::db::schema::{
    allocation_lines, application_events, application_versions, applications, budget_lines,
};
use crate::db::DbConn;
use crate::domain::budget::{self, BudgetLine, CostItem, Obligation};
use crate::domain::money::{self, Ore};
use crate::error::{AppError, AppResult, FieldErrors, Msg};

pub const DRAFT: &str = "draft";
pub const SUBMITTED: &str = "submitted";
pub const CHANGES_REQUESTED: &str = "changes_requested";
pub const REJECTED: &str = "rejected";
pub const APPROVED: &str = "approved";
pub const WITHDRAWN: &str = "withdrawn";

#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = applications)]
pub struct ApplicationRow {
    pub id: i64,
    pub pool_id: i64,
    pub municipality_code: i32,
    pub status: String,
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

/// One budget row as typed: an item's description and its amount per year.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
pub struct BudgetRowForm {
    /// caseworker-salaries, social-health-salaries, project-management, progression-tools, other
    pub item: String,
    #[serde(default)]
    pub description: String,
    /// Amount per year, Danish notation ("1.234.567,50"); empty means 0.
    #[serde(default)]
    pub amounts: BTreeMap<i32, String>,
}

/// The application as typed in the form or sent as JSON.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
pub struct ApplicationForm {
    #[serde(default)]
    pub contact_name: String,
    #[serde(default)]
    pub contact_title: String,
    #[serde(default)]
    pub contact_email: String,
    #[serde(default)]
    pub contact_phone: String,
    /// Why the budget differs from the expected grant (required when it does).
    #[serde(default)]
    pub difference_comment: String,
    /// The keys of the accepted obligations.
    #[serde(default)]
    pub obligations: Vec<String>,
    #[serde(default)]
    pub budget: Vec<BudgetRowForm>,
}

/// A form whose amounts all parse: what can be saved as a draft.
#[derive(Clone, Debug, Serialize)]
pub struct ApplicationInput {
    pub contact_name: String,
    pub contact_title: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub difference_comment: String,
    pub obligations: Vec<String>,
    /// (item, year, amount in øre, description)
    pub lines: Vec<(CostItem, i32, i64, String)>,
    /// The lines' sum, checked when parsed (so only `parse` builds this).
    #[serde(skip)]
    total: Ore,
}

impl ApplicationInput {
    pub fn total(&self) -> i64 {
        self.total.as_i64()
    }

    fn budget_lines(&self) -> Vec<BudgetLine> {
        self.lines
            .iter()
            .map(|(item, year, ore, _)| BudgetLine {
                item: *item,
                year: *year,
                amount: Ore::from_ore(*ore).unwrap_or(Ore::ZERO),
            })
            .collect()
    }
}

pub fn amount_field(item: CostItem, year: i32) -> String {
    format!("amount_{}_{year}", item.key())
}

fn limited(errors: &mut FieldErrors, field: &str, value: &str, max: usize) -> String {
    let v = value.trim().to_string();
    if v.chars().count() > max {
        errors.add(field, Msg::new("text-too-long").arg("max", max));
    }
    v
}

impl ApplicationForm {
    /// Checks what a draft needs: every amount readable and not negative, texts not
    /// over-long, known items and years within the project period.
    pub fn parse(&self, years: &[i32]) -> Result<ApplicationInput, FieldErrors> {
        let mut errors = FieldErrors::default();
        let contact_name = limited(&mut errors, "contact_name", &self.contact_name, 200);
        let contact_title = limited(&mut errors, "contact_title", &self.contact_title, 200);
        let contact_email = limited(&mut errors, "contact_email", &self.contact_email, 254);
        let contact_phone = limited(&mut errors, "contact_phone", &self.contact_phone, 40);
        let difference_comment = limited(
            &mut errors,
            "difference_comment",
            &self.difference_comment,
            2000,
        );
        let obligations: Vec<String> = Obligation::ALL
            .iter()
            .map(|o| o.key().to_string())
            .filter(|k| self.obligations.contains(k))
            .collect();
        let mut lines = Vec::new();
        let mut amounts = Vec::new();
        for row in &self.budget {
            let Some(item) = CostItem::parse(row.item.trim()) else {
                errors.add(
                    "budget",
                    Msg::new("budget-unknown-item").arg("item", &row.item),
                );
                continue;
            };
            let description = limited(
                &mut errors,
                &format!("description_{}", item.key()),
                &row.description,
                500,
            );
            for (year, text) in &row.amounts {
                let field = amount_field(item, *year);
                if !years.contains(year) {
                    errors.add(
                        field,
                        Msg::new("budget-year-outside-period").arg("year", year),
                    );
                    continue;
                }
                if text.trim().is_empty() {
                    continue;
                }
                match money::parse_kroner_input(text) {
                    Ok(ore) => {
                        amounts.push(ore);
                        lines.push((item, *year, ore.as_i64(), description.clone()));
                    }
                    Err(e) => errors.add(field, Msg::new(e.key())),
                }
            }
        }
        let total = Ore::checked_sum(amounts).unwrap_or_else(|e| {
            errors.add("budget", Msg::new(e.key()));
            Ore::ZERO
        });
        if errors.is_empty() {
            Ok(ApplicationInput {
                contact_name,
                contact_title,
                contact_email,
                contact_phone,
                difference_comment,
                obligations,
                lines,
                total,
            })
        } else {
            Err(errors)
        }
    }
}

/// What submission needs beyond a draft: contact person, every obligation, a budget
/// that matches the expected grant or explains the difference, and the pool's cap.
pub fn check_complete(
    input: &ApplicationInput,
    expected_ore: i64,
    cap_bp: Option<i32>,
) -> FieldErrors {
    let mut errors = FieldErrors::default();
    for (field, value) in [
        ("contact_name", &input.contact_name),
        ("contact_title", &input.contact_title),
        ("contact_phone", &input.contact_phone),
    ] {
        if value.is_empty() {
            errors.add(field, Msg::new("field-required"));
        }
    }
    // The same parser the outbox uses: an address that passes here can be mailed to.
    if let Err(e) = crate::mail::Address::parse(&input.contact_email) {
        errors.add("contact_email", e.msg());
    }
    for o in Obligation::ALL {
        if !input.obligations.iter().any(|k| k == o.key()) {
            errors.add(
                format!("obligation_{}", o.key()),
                Msg::new("obligation-required"),
            );
        }
    }
    let expected = Ore::from_ore(expected_ore).unwrap_or(Ore::ZERO);
    let cap = cap_bp.and_then(|c| u32::try_from(c).ok());
    let check = match budget::check(&input.budget_lines(), expected, cap) {
        Ok(check) => check,
        Err(e) => {
            errors.add("budget", Msg::new(e.key()));
            return errors;
        }
    };
    if check.total == 0 {
        errors.add("budget", Msg::new("budget-empty"));
    }
    if check.difference != 0 && input.difference_comment.is_empty() {
        errors.add(
            "difference_comment",
            Msg::new("budget-difference-needs-comment").money("difference", check.difference),
        );
    }
    if !check.within_cap {
        errors.add(
            "budget",
            Msg::new("budget-cap-exceeded").arg(
                "cap",
                cap.map(|c| format!("{},{:02}", c / 100, c % 100))
                    .unwrap_or_default(),
            ),
        );
    }
    errors
}

/// The years of a project period, e.g. [2017, 2018, 2019].
pub fn period_years(start: chrono::NaiveDate, end: chrono::NaiveDate) -> Vec<i32> {
    (start.year()..=end.year()).collect()
}

/// The municipality's expected grant: its amount in the pool's approved allocation.
pub fn expected_grant(conn: &mut DbConn, pool_id: i64, code: i32) -> QueryResult<Option<i64>> {
    let Some(approved) = super::allocations::approved_for_pool(conn, pool_id)? else {
        return Ok(None);
    };
    allocation_lines::table
        .find((approved.id, code))
        .select(allocation_lines::amount_ore)
        .get_result(conn)
        .optional()
}

/// An application with its newest version, that version's budget and the history.
#[derive(Clone, Debug, Serialize)]
pub struct Loaded {
    pub application: ApplicationRow,
    pub version: VersionRow,
    pub lines: Vec<BudgetLineRow>,
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

/// The municipality may change its application only as a draft or when changes were
/// asked for.
pub fn editable(status: &str) -> bool {
    status == DRAFT || status == CHANGES_REQUESTED
}

fn write_lines(c: &mut DbConn, version_id: i64, input: &ApplicationInput) -> QueryResult<()> {
    diesel::delete(budget_lines::table.filter(budget_lines::version_id.eq(version_id)))
        .execute(c)?;
    for (item, year, ore, description) in &input.lines {
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

/// Writes the typed application into the open draft version (creating the application,
/// or a new version after a submitted one). Returns the version id.
fn store(
    c: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    pool_id: i64,
    code: i32,
    input: &ApplicationInput,
) -> AppResult<(i64, Vec<Change>)> {
    let author = actor.user_id.ok_or(AppError::Unauthorized)?;
    let existing = load(c, pool_id, code)?;
    let (app_id, open_version) = match &existing {
        Some(l) if !editable(&l.application.status) => {
            return Err(AppError::Conflict(
                Msg::new("application-not-editable").arg("status", &l.application.status),
            ));
        }
        Some(l) => (
            l.application.id,
            l.version
                .submitted_at
                .is_none()
                .then_some((l.version.id, l.version.version_no)),
        ),
        None => {
            let id: i64 = diesel::insert_into(applications::table)
                .values((
                    applications::pool_id.eq(pool_id),
                    applications::municipality_code.eq(code),
                    applications::status.eq(DRAFT),
                    applications::created_at.eq(now),
                    applications::updated_at.eq(now),
                ))
                .returning(applications::id)
                .get_result(c)?;
            (id, None)
        }
    };
    let fields = (
        application_versions::contact_name.eq(&input.contact_name),
        application_versions::contact_title.eq(&input.contact_title),
        application_versions::contact_email.eq(&input.contact_email),
        application_versions::contact_phone.eq(&input.contact_phone),
        application_versions::difference_comment.eq(&input.difference_comment),
        application_versions::obligations.eq(input.obligations.join(",")),
        application_versions::budget_total_ore.eq(input.total()),
        application_versions::updated_at.eq(now),
    );
    let version_id = match open_version {
        Some((id, _)) => {
            diesel::update(application_versions::table.find(id))
                .set(fields)
                .execute(c)?;
            id
        }
        None => {
            let next = existing
                .as_ref()
                .map(|l| l.version.version_no + 1)
                .unwrap_or(1);
            diesel::insert_into(application_versions::table)
                .values((
                    fields,
                    application_versions::application_id.eq(app_id),
                    application_versions::version_no.eq(next),
                    application_versions::created_by.eq(author),
                    application_versions::created_at.eq(now),
                ))
                .returning(application_versions::id)
                .get_result(c)?
        }
    };
    write_lines(c, version_id, input)?;
    diesel::update(applications::table.find(app_id))
        .set(applications::updated_at.eq(now))
        .execute(c)?;
    let change = Change::new("application.save", "application", app_id).after(input);
    Ok((version_id, vec![change]))
}

pub fn save(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    pool_id: i64,
    code: i32,
    input: &ApplicationInput,
) -> AppResult<i64> {
    audit::write(conn, actor, now, |c| {
        store(c, actor, now, pool_id, code, input)
    })
}

/// The receipt of a submission.
#[derive(Clone, Debug, Serialize)]
pub struct Receipt {
    pub application_id: i64,
    pub version_no: i32,
    pub receipt_no: String,
    pub submitted_at: NaiveDateTime,
}

/// Saves and submits in one transaction, if the pool's deadline (Copenhagen time, to
/// the second) has not passed at `now` and everything needed is there. The submitted
/// version is frozen. `on_submitted` runs inside the transaction (to queue the email).
pub fn submit(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    pool_id: i64,
    code: i32,
    input: &ApplicationInput,
    on_submitted: impl FnOnce(&mut DbConn, &Receipt) -> AppResult<()>,
) -> AppResult<Receipt> {
    audit::write(conn, actor, now, |c| {
        let pool = super::pools::get(c, pool_id)?.ok_or(AppError::NotFound)?;
        // The deadline stops first submissions. Changes the agency asked for may come
        // after it: the application itself was received in time.
        let first_submission = find(c, pool_id, code)?.is_none_or(|a| a.status == DRAFT);
        if first_submission
            && !crate::domain::time::is_on_time(now.and_utc(), pool.application_deadline.and_utc())
        {
            return Err(AppError::Conflict(
                Msg::new("application-deadline-passed").time("deadline", pool.application_deadline),
            ));
        }
        let expected = expected_grant(c, pool_id, code)?
            .ok_or_else(|| AppError::Conflict(Msg::new("application-no-expected-grant")))?;
        let errors = check_complete(input, expected, pool.admin_share_max_bp);
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        let (version_id, mut changes) = store(c, actor, now, pool_id, code, input)?;
        let version = get_version(c, version_id)?.ok_or(AppError::NotFound)?;
        let receipt_no = format!("A{pool_id}-{code}-{}", version.version_no);
        diesel::update(application_versions::table.find(version_id))
            .set((
                application_versions::submitted_at.eq(now),
                application_versions::submitted_by.eq(actor.user_id),
                application_versions::receipt_no.eq(&receipt_no),
            ))
            .execute(c)?;
        diesel::update(applications::table.find(version.application_id))
            .set((
                applications::status.eq(SUBMITTED),
                applications::updated_at.eq(now),
            ))
            .execute(c)?;
        let receipt = Receipt {
            application_id: version.application_id,
            version_no: version.version_no,
            receipt_no,
            submitted_at: now,
        };
        on_submitted(c, &receipt)?;
        changes.push(
            Change::new("application.submit", "application", version.application_id)
                .after(&receipt),
        );
        Ok((receipt, changes))
    })
}

/// Officer decisions that send an application back or end it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    RequestChanges,
    Reject,
}

impl Decision {
    /// `request_changes` or `reject`, as the form and the API send them.
    pub fn parse(s: &str) -> Result<Decision, AppError> {
        match s.trim() {
            "request_changes" => Ok(Decision::RequestChanges),
            "reject" => Ok(Decision::Reject),
            _ => Err(AppError::field("decision", Msg::new("decision-unknown"))),
        }
    }
}

pub fn decide(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    pool_id: i64,
    code: i32,
    decision: Decision,
    reason: &str,
) -> AppResult<()> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 2000 {
        return Err(AppError::field(
            "reason",
            Msg::new("decision-reason-required"),
        ));
    }
    audit::write(conn, actor, now, |c| {
        let app = find(c, pool_id, code)?.ok_or(AppError::NotFound)?;
        let (status, action) = match decision {
            Decision::RequestChanges => (CHANGES_REQUESTED, "application.request-changes"),
            Decision::Reject => (REJECTED, "application.reject"),
        };
        // Only a submitted application awaits a decision; guarded against a concurrent one.
        let n = diesel::update(
            applications::table
                .find(app.id)
                .filter(applications::status.eq(SUBMITTED)),
        )
        .set((
            applications::status.eq(status),
            applications::updated_at.eq(now),
        ))
        .execute(c)?;
        if n != 1 {
            return Err(AppError::Conflict(
                Msg::new("application-not-awaiting-decision").arg("status", &app.status),
            ));
        }
        add_event(c, app.id, action, reason, actor, now)?;
        let change = Change::new(action, "application", app.id)
            .before(&app.status)
            .after(&serde_json::json!({ "status": status, "reason": reason }));
        Ok(((), vec![change]))
    })
}

pub fn add_event(
    c: &mut DbConn,
    application_id: i64,
    action: &str,
    reason: &str,
    actor: &Actor,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(application_events::table)
        .values((
            application_events::application_id.eq(application_id),
            application_events::action.eq(action),
            application_events::reason.eq(reason),
            application_events::actor_id.eq(actor.user_id.unwrap_or_default()),
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
    pub status: String,
    pub version_no: i32,
    pub submitted_at: Option<NaiveDateTime>,
    pub budget_total_ore: i64,
    pub expected_ore: Option<i64>,
}

/// All applications of a pool with their newest version, in three queries.
pub fn list(conn: &mut DbConn, pool_id: i64) -> QueryResult<Vec<ListRow>> {
    let apps: Vec<(ApplicationRow, String)> = applications::table
        .inner_join(crate::db::schema::municipalities::table)
        .filter(applications::pool_id.eq(pool_id))
        .select((
            ApplicationRow::as_select(),
            crate::db::schema::municipalities::name,
        ))
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
    let expected: BTreeMap<i32, i64> = match super::allocations::approved_for_pool(conn, pool_id)? {
        Some(a) => allocation_lines::table
            .filter(allocation_lines::allocation_id.eq(a.id))
            .select((
                allocation_lines::municipality_code,
                allocation_lines::amount_ore,
            ))
            .load::<(i32, i64)>(conn)?
            .into_iter()
            .collect(),
        None => BTreeMap::new(),
    };
    let mut rows: Vec<ListRow> = apps
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
        .collect();
    rows.sort_by_cached_key(|r| tilskud_templates::fmt::danish_sort_key(&r.name));
    Ok(rows)
}
