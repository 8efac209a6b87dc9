//! Commitments (tilsagn): created when an officer approves an application; split by
//! year and into rates, each adding up to the commitment exactly; never over the pool.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::applications::{self, APPROVED, SUBMITTED, WITHDRAWN};
use crate::db::audit::{self, Actor, Change};
use crate::db::schema::{applications as apps_t, commitment_rates, commitment_years, commitments};
use crate::db::DbConn;
use crate::domain::budget::{self, SplitError};
use crate::domain::money::{self, Ore};
use crate::domain::rates::{self, RateSpec};
use crate::error::{AppError, AppResult, FieldErrors, Msg};

pub const ACTIVE: &str = "active";

#[derive(Queryable, Selectable, Debug, Clone, Serialize, utoipa::ToSchema)]
#[diesel(table_name = commitments)]
pub struct CommitmentRow {
    pub id: i64,
    pub application_id: i64,
    pub version_id: i64,
    pub pool_id: i64,
    pub municipality_code: i32,
    pub amount_ore: i64,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub account_deadline: NaiveDate,
    pub reservation: String,
    pub letter_no: String,
    pub status: String,
    pub approved_by: i64,
    pub approved_at: NaiveDateTime,
    pub withdrawn_at: Option<NaiveDateTime>,
}

#[derive(Queryable, Selectable, Debug, Clone, Serialize, utoipa::ToSchema)]
#[diesel(table_name = commitment_rates)]
pub struct RateRow {
    pub commitment_id: i64,
    pub rate_no: i32,
    pub share_bp: i32,
    pub amount_ore: i64,
    pub earliest_date: Option<NaiveDate>,
    pub status: String,
    pub paid_at: Option<NaiveDateTime>,
}

/// A commitment with its split by year and its rates.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Full {
    pub commitment: CommitmentRow,
    /// (year, amount in øre)
    pub years: Vec<(i32, i64)>,
    pub rates: Vec<RateRow>,
}

/// The approval form as typed: the split by year, the account deadline and the
/// finance-act reservation.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
pub struct ApproveForm {
    /// Amount per year in Danish notation.
    #[serde(default)]
    pub years: std::collections::BTreeMap<i32, String>,
    /// YYYY-MM-DD
    #[serde(default)]
    pub account_deadline: String,
    #[serde(default)]
    pub reservation: String,
}

pub fn year_field(year: i32) -> String {
    format!("year_{year}")
}

/// The amount a commitment gets: the expected grant, but never more than the budget.
pub fn amount_for(expected_ore: i64, budget_total_ore: i64) -> i64 {
    expected_ore.min(budget_total_ore)
}

/// The default reservation: later years are committed subject to the finance acts.
pub fn default_reservation(years: &[i32]) -> String {
    match years {
        [] | [_] => String::new(),
        [_, later @ ..] => format!(
            "Tilsagnet for {} gives med forbehold for, at finansloven for {} vedtages med de forventede bevillinger.",
            later.iter().map(|y| y.to_string()).collect::<Vec<_>>().join(" og "),
            if later.len() == 1 { "året" } else { "årene" }
        ),
    }
}

pub fn get(conn: &mut DbConn, id: i64) -> QueryResult<Option<Full>> {
    let Some(c) = commitments::table
        .find(id)
        .select(CommitmentRow::as_select())
        .get_result(conn)
        .optional()?
    else {
        return Ok(None);
    };
    full(conn, c).map(Some)
}

fn full(conn: &mut DbConn, commitment: CommitmentRow) -> QueryResult<Full> {
    let years = commitment_years::table
        .filter(commitment_years::commitment_id.eq(commitment.id))
        .order(commitment_years::year.asc())
        .select((commitment_years::year, commitment_years::amount_ore))
        .load(conn)?;
    let rates = commitment_rates::table
        .filter(commitment_rates::commitment_id.eq(commitment.id))
        .order(commitment_rates::rate_no.asc())
        .select(RateRow::as_select())
        .load(conn)?;
    Ok(Full {
        commitment,
        years,
        rates,
    })
}

pub fn for_municipality(conn: &mut DbConn, pool_id: i64, code: i32) -> QueryResult<Option<Full>> {
    let c = commitments::table
        .filter(commitments::pool_id.eq(pool_id))
        .filter(commitments::municipality_code.eq(code))
        .select(CommitmentRow::as_select())
        .get_result(conn)
        .optional()?;
    match c {
        Some(c) => full(conn, c).map(Some),
        None => Ok(None),
    }
}

/// Approves a submitted application: creates the active commitment with its split and
/// rates in one transaction. The database refuses to activate it if a part does not add
/// up or the pool would be exceeded; the writer lock of `audit::write` makes two
/// concurrent approvals run one after the other, so the second sees the first.
pub fn approve(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    pool_id: i64,
    code: i32,
    form: &ApproveForm,
    on_approved: impl FnOnce(&mut DbConn, &Full) -> AppResult<()>,
) -> AppResult<Full> {
    audit::write(conn, actor, now, |c| {
        let pool = super::pools::get(c, pool_id)?.ok_or(AppError::NotFound)?;
        let loaded = applications::load(c, pool_id, code)?.ok_or(AppError::NotFound)?;
        if loaded.application.status != SUBMITTED {
            return Err(AppError::Conflict(
                Msg::new("application-not-awaiting-decision")
                    .arg("status", &loaded.application.status),
            ));
        }
        let expected = applications::expected_grant(c, pool_id, code)?
            .ok_or_else(|| AppError::Conflict(Msg::new("application-no-expected-grant")))?;
        let amount = amount_for(expected, loaded.version.budget_total_ore);
        let years = applications::period_years(pool.period_start, pool.period_end);
        let mut errors = FieldErrors::default();
        let mut split = Vec::new();
        for y in &years {
            let text = form.years.get(y).map(String::as_str).unwrap_or("");
            let value = if text.trim().is_empty() {
                Ok(Ore::ZERO)
            } else {
                money::parse_kroner_input(text)
            };
            match value {
                Ok(o) => split.push((*y, o)),
                Err(e) => errors.add(year_field(*y), Msg::new(e.key())),
            }
        }
        let total = Ore::from_ore(amount).ok_or_else(|| AppError::internal("negative amount"))?;
        if errors.is_empty() {
            match budget::check_split(total, &split) {
                Ok(()) => {}
                Err(SplitError::Difference(diff)) => errors.add(
                    "years",
                    Msg::new("commitment-split-difference")
                        .money("difference", diff)
                        .money("amount", amount),
                ),
                Err(SplitError::SumTooLarge(e)) => errors.add("years", Msg::new(e.key())),
            }
        }
        let deadline = NaiveDate::parse_from_str(form.account_deadline.trim(), "%Y-%m-%d").ok();
        match deadline {
            None => errors.add("account_deadline", Msg::new("date-invalid")),
            Some(d) if d < pool.period_end => errors.add(
                "account_deadline",
                Msg::new("commitment-deadline-before-end"),
            ),
            _ => {}
        }
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        let specs: Vec<RateSpec> = super::pools::rates_of(c, pool_id)?
            .iter()
            .map(RateSpec::from)
            .collect();
        let rate_amounts =
            rates::split(total, &specs).map_err(|e| AppError::Conflict(Msg::new(e.key())))?;
        let id: i64 = diesel::insert_into(commitments::table)
            .values((
                commitments::application_id.eq(loaded.application.id),
                commitments::version_id.eq(loaded.version.id),
                commitments::pool_id.eq(pool_id),
                commitments::municipality_code.eq(code),
                commitments::amount_ore.eq(amount),
                commitments::period_start.eq(pool.period_start),
                commitments::period_end.eq(pool.period_end),
                commitments::account_deadline.eq(deadline.unwrap_or(pool.period_end)),
                commitments::reservation.eq(form.reservation.trim()),
                commitments::letter_no.eq(format!("T{pool_id}-{code}")),
                commitments::status.eq("draft"),
                commitments::approved_by.eq(actor.user_id.unwrap_or_default()),
                commitments::approved_at.eq(now),
            ))
            .returning(commitments::id)
            .get_result(c)?;
        for (year, ore) in &split {
            diesel::insert_into(commitment_years::table)
                .values((
                    commitment_years::commitment_id.eq(id),
                    commitment_years::year.eq(*year),
                    commitment_years::amount_ore.eq(ore.as_i64()),
                ))
                .execute(c)?;
        }
        for (spec, ore) in specs.iter().zip(&rate_amounts) {
            diesel::insert_into(commitment_rates::table)
                .values((
                    commitment_rates::commitment_id.eq(id),
                    commitment_rates::rate_no.eq(i32::from(spec.number)),
                    commitment_rates::share_bp.eq(spec.share_basis_points as i32),
                    commitment_rates::amount_ore.eq(ore.as_i64()),
                    commitment_rates::earliest_date.eq(spec.earliest),
                    commitment_rates::status.eq("pending"),
                ))
                .execute(c)?;
        }
        // The pool check, here for a clear message; the database trigger checks again.
        let committed: i64 = commitments::table
            .filter(commitments::pool_id.eq(pool_id))
            .filter(commitments::status.eq(ACTIVE))
            .select(commitments::amount_ore)
            .load::<i64>(c)?
            .iter()
            .sum();
        if committed + amount > pool.amount_ore {
            return Err(AppError::Conflict(
                Msg::new("commitment-exceeds-pool")
                    .money("amount", amount)
                    .money("left", pool.amount_ore - committed),
            ));
        }
        diesel::update(commitments::table.find(id))
            .set(commitments::status.eq(ACTIVE))
            .execute(c)?;
        diesel::update(apps_t::table.find(loaded.application.id))
            .set((apps_t::status.eq(APPROVED), apps_t::updated_at.eq(now)))
            .execute(c)?;
        applications::add_event(
            c,
            loaded.application.id,
            "application.approve",
            "",
            actor,
            now,
        )?;
        let full = get(c, id)?.ok_or(AppError::NotFound)?;
        on_approved(c, &full)?;
        let change = Change::new("commitment.create", "commitment", id).after(&full);
        Ok((full, vec![change]))
    })
}

/// The municipality withdraws: the application is withdrawn, the commitment (if any)
/// too, and its rates not yet paid are cancelled. Paid rates stay paid; reclaiming
/// unspent money belongs to the final account.
pub fn withdraw(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    pool_id: i64,
    code: i32,
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
        let app = applications::find(c, pool_id, code)?.ok_or(AppError::NotFound)?;
        if matches!(app.status.as_str(), WITHDRAWN | "rejected") {
            return Err(AppError::Conflict(
                Msg::new("application-not-editable").arg("status", &app.status),
            ));
        }
        diesel::update(apps_t::table.find(app.id))
            .set((apps_t::status.eq(WITHDRAWN), apps_t::updated_at.eq(now)))
            .execute(c)?;
        let mut cancelled = 0;
        if let Some(f) = for_municipality(c, pool_id, code)? {
            diesel::update(commitments::table.find(f.commitment.id))
                .set((
                    commitments::status.eq(WITHDRAWN),
                    commitments::withdrawn_at.eq(now),
                ))
                .execute(c)?;
            cancelled = diesel::update(
                commitment_rates::table
                    .filter(commitment_rates::commitment_id.eq(f.commitment.id))
                    .filter(commitment_rates::status.eq("pending")),
            )
            .set(commitment_rates::status.eq("cancelled"))
            .execute(c)?;
        }
        // No longer an applicant: the next allocation run divides among the others.
        {
            use crate::db::schema::target_groups as tg;
            diesel::update(tg::table.find((pool_id, code)))
                .set((tg::applied.eq(false), tg::updated_at.eq(now)))
                .execute(c)?;
        }
        applications::add_event(c, app.id, "application.withdraw", reason, actor, now)?;
        let change = Change::new("application.withdraw", "application", app.id)
            .before(&app.status)
            .after(&serde_json::json!({ "status": WITHDRAWN, "reason": reason, "cancelled_rates": cancelled }));
        Ok(((), vec![change]))
    })
}

/// Records that a rate was paid, once: the update is guarded by `status = 'pending'`
/// (and a trigger refuses any later change), so a second payment of the same rate fails.
pub fn mark_rate_paid(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    commitment_id: i64,
    rate_no: i32,
) -> AppResult<()> {
    audit::write(conn, actor, now, |c| {
        let n = diesel::update(
            commitment_rates::table
                .find((commitment_id, rate_no))
                .filter(commitment_rates::status.eq("pending")),
        )
        .set((
            commitment_rates::status.eq("paid"),
            commitment_rates::paid_at.eq(now),
        ))
        .execute(c)?;
        if n != 1 {
            return Err(AppError::Conflict(
                Msg::new("rate-not-payable").arg("rate", rate_no),
            ));
        }
        let change = Change::new("rate.paid", "commitment", commitment_id)
            .after(&serde_json::json!({ "rate_no": rate_no }));
        Ok(((), vec![change]))
    })
}
