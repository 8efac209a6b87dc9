//! Commitments (tilsagn): given when an officer approves a submitted application; split
//! by year and into rates, each adding up to the commitment exactly; never over the pool.
//! The letter goes to the contact person in the approval's own transaction.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};

use super::applications::{self as apps, Mail, Reason};
use super::documents;
use crate::db::audit::{self, Actor, Change};
use crate::db::models::{PoolRateRow, PoolRow};
use crate::db::queries::applications::{self as app_rows, Loaded, VersionRow};
use crate::db::queries::commitments::{self as rows, Full, NewCommitment, NewRate};
use crate::db::queries::{municipalities, pools};
use crate::db::DbConn;
use crate::domain::budget::{self, SplitError};
use crate::domain::money::{self, Ore};
use crate::domain::rates::{self, RateSpec};
use crate::domain::status::{ApplicationStatus, CommitmentStatus, RateStatus};
use crate::error::{AppError, AppResult, FieldErrors, Msg};

/// The approval as typed: the split by year, the account deadline and the finance-act
/// reservation.
#[derive(Clone, Debug, Default)]
pub struct ApproveDraft {
    /// Amount per year in Danish notation.
    pub years: BTreeMap<i32, String>,
    /// YYYY-MM-DD
    pub account_deadline: String,
    pub reservation: String,
}

/// A checked approval: the split by year in øre, the account deadline, the reservation.
#[derive(Clone, Debug)]
pub struct ApproveInput {
    pub years: Vec<(i32, Ore)>,
    pub account_deadline: NaiveDate,
    pub reservation: String,
}

/// What an approval is checked against: the pool's years and period end, and the
/// amount the commitment will be (read before the approval is parsed, and again in it).
#[derive(Clone, Debug)]
pub struct ApprovalTerms {
    pub years: Vec<i32>,
    pub period_end: NaiveDate,
    pub amount: Ore,
}

/// The form field of a year's amount, e.g. `year_2027`.
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

/// The approval the officer is offered: the commitment split in proportion to the
/// budget's years (`budget_by_year`, øre), the account due four months after the period
/// ends, and the default reservation.
pub fn proposed(pool: &PoolRow, amount_ore: i64, budget_by_year: &[(i32, i64)]) -> ApproveDraft {
    let amount = Ore::from_ore(amount_ore).unwrap_or(Ore::ZERO);
    let split = budget::propose_split(amount, budget_by_year);
    let deadline = pool
        .period_end
        .checked_add_months(chrono::Months::new(4))
        .unwrap_or(pool.period_end);
    ApproveDraft {
        years: split
            .iter()
            .map(|(y, a)| (*y, apps::amount_text(*a)))
            .collect(),
        account_deadline: deadline.to_string(),
        reservation: default_reservation(&apps::period_years(pool)),
    }
}

/// The split must add up to the commitment exactly.
fn check_split(amount: Ore, split: &[(i32, Ore)], errors: &mut FieldErrors) {
    match budget::check_split(amount, split) {
        Ok(()) => {}
        Err(SplitError::Difference(diff)) => errors.add(
            "years",
            Msg::new("commitment-split-difference")
                .money("difference", diff.abs())
                .arg("direction", if diff < 0 { "under" } else { "over" })
                .money("amount", amount.as_i64()),
        ),
        Err(SplitError::SumTooLarge(e)) => errors.add("years", Msg::new(e.key())),
    }
}

/// The final account cannot be due before the project period ends.
fn check_deadline(deadline: NaiveDate, period_end: NaiveDate, errors: &mut FieldErrors) {
    if deadline < period_end {
        errors.add(
            "account_deadline",
            Msg::new("commitment-deadline-before-end"),
        );
    }
}

impl ApproveDraft {
    /// Checks every field at once: each year's amount reads, the split adds up to the
    /// commitment, and the account deadline is a date not before the period ends.
    pub fn parse(&self, terms: &ApprovalTerms) -> Result<ApproveInput, FieldErrors> {
        let mut errors = FieldErrors::default();
        let mut years = Vec::new();
        for y in &terms.years {
            let text = self.years.get(y).map(String::as_str).unwrap_or("");
            let value = if text.trim().is_empty() {
                Ok(Ore::ZERO)
            } else {
                money::parse_kroner_input(text)
            };
            match value {
                Ok(o) => years.push((*y, o)),
                Err(e) => errors.add(year_field(*y), Msg::new(e.key())),
            }
        }
        if errors.is_empty() {
            check_split(terms.amount, &years, &mut errors);
        }
        let deadline = crate::domain::time::parse_iso_date(&self.account_deadline);
        match deadline {
            Ok(d) => check_deadline(d, terms.period_end, &mut errors),
            Err(e) => errors.add("account_deadline", Msg::new(e.key())),
        }
        let deadline = deadline.ok();
        match deadline {
            Some(account_deadline) if errors.is_empty() => Ok(ApproveInput {
                years,
                account_deadline,
                reservation: self.reservation.trim().to_string(),
            }),
            _ => Err(errors),
        }
    }
}

impl ApproveInput {
    /// The same rules again, against the terms as they are inside the approval.
    fn check(&self, terms: &ApprovalTerms) -> AppResult<()> {
        let mut errors = FieldErrors::default();
        check_split(terms.amount, &self.years, &mut errors);
        check_deadline(self.account_deadline, terms.period_end, &mut errors);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(errors))
        }
    }
}

/// The pool and the application an approval is about, and its terms. Refused unless the
/// application awaits a decision and the municipality has an expected grant.
fn approval_state(
    c: &mut DbConn,
    pool_id: i64,
    code: i32,
) -> AppResult<(PoolRow, Loaded, ApprovalTerms)> {
    let pool = pools::get(c, pool_id)?.ok_or(AppError::NotFound)?;
    let loaded = app_rows::load(c, pool_id, code)?.ok_or(AppError::NotFound)?;
    if loaded.application.status != ApplicationStatus::Submitted {
        return Err(AppError::Conflict(
            Msg::new("application-not-awaiting-decision").arg("status", loaded.application.status),
        ));
    }
    let expected = app_rows::expected_grant(c, pool_id, code)?
        .ok_or_else(|| AppError::Conflict(Msg::new("application-no-expected-grant")))?;
    let amount = Ore::from_ore(amount_for(expected, loaded.version.budget_total_ore))
        .ok_or_else(|| AppError::internal("negative amount"))?;
    let terms = ApprovalTerms {
        years: apps::period_years(&pool),
        period_end: pool.period_end,
        amount,
    };
    Ok((pool, loaded, terms))
}

/// The terms an approval of the municipality's application is parsed against.
pub fn terms(c: &mut DbConn, pool_id: i64, code: i32) -> AppResult<ApprovalTerms> {
    approval_state(c, pool_id, code).map(|(_, _, terms)| terms)
}

/// A pool's rates as the rule that splits money takes them.
pub fn rate_specs(rows: &[PoolRateRow]) -> Vec<RateSpec> {
    rows.iter().map(RateSpec::from).collect()
}

/// The commitment's rates: the pool's plan applied to `amount`, each rate with its
/// conditions as the pool has them today (the commitment keeps them).
fn new_rates(c: &mut DbConn, pool_id: i64, amount: Ore) -> AppResult<Vec<NewRate>> {
    let plan = pools::plan_of(c, pool_id)?;
    let specs = rate_specs(&pools::rates_of(c, pool_id)?);
    let amounts =
        rates::split(amount, &specs).map_err(|e| AppError::Conflict(Msg::new(e.key())))?;
    Ok(specs
        .iter()
        .zip(&amounts)
        .zip(&plan)
        .map(|((spec, ore), rate)| NewRate {
            rate_no: i32::from(spec.number),
            share_bp: i32::try_from(spec.share_basis_points).unwrap_or(i32::MAX),
            amount_ore: ore.as_i64(),
            earliest_date: spec.earliest,
            finance_act_year: rate.finance_act_year,
            conditions: rate
                .milestones
                .iter()
                .map(|m| {
                    let (bp, months) = m.stored();
                    (m.kind().to_string(), bp, months)
                })
                .collect(),
        })
        .collect())
}

/// The pool check, here for a clear message; the database trigger checks again.
fn check_room(c: &mut DbConn, pool: &PoolRow, amount: i64) -> AppResult<()> {
    let committed = rows::committed_total(c, pool.id)?;
    if committed + amount > pool.amount_ore {
        return Err(AppError::Conflict(
            Msg::new("commitment-exceeds-pool")
                .money("amount", amount)
                .money("left", pool.amount_ore - committed),
        ));
    }
    Ok(())
}

/// Approves a submitted application: creates the active commitment with its split and
/// rates and the accounts it needs (`app::accounts`) in one transaction, marks the
/// application approved and queues the letter. The
/// database refuses to activate it if a part does not add up or the pool would be
/// exceeded; the writer lock of `audit::write` makes two concurrent approvals run one
/// after the other, so the second sees the first.
pub fn approve(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    (pool_id, code): (i64, i32),
    input: &ApproveInput,
    mail: Mail,
) -> AppResult<Full> {
    audit::write(conn, actor, now, |c| {
        let (pool, loaded, terms) = approval_state(c, pool_id, code)?;
        input.check(&terms)?;
        let amount = terms.amount.as_i64();
        let letter_no = format!("T{pool_id}-{code}");
        let new = NewCommitment {
            application_id: loaded.application.id,
            version_id: loaded.version.id,
            pool_id,
            municipality_code: code,
            amount_ore: amount,
            period_start: pool.period_start,
            period_end: pool.period_end,
            account_deadline: input.account_deadline,
            reservation: &input.reservation,
            letter_no: &letter_no,
            approved_by: actor.user_id.unwrap_or_default(),
            approved_at: now,
        };
        let years: Vec<(i32, i64)> = input.years.iter().map(|(y, o)| (*y, o.as_i64())).collect();
        let rates = new_rates(c, pool_id, terms.amount)?;
        let id = rows::insert_draft(c, &new, &years, &rates)?;
        check_room(c, &pool, amount)?;
        rows::activate(c, id)?;
        let app_id = loaded.application.id;
        app_rows::set_status(c, app_id, ApplicationStatus::Approved, now)?;
        let actor_id = actor.user_id.unwrap_or_default();
        app_rows::add_event(c, app_id, "application.approve", "", actor_id, now)?;
        let full = rows::get(c, id)?.ok_or(AppError::NotFound)?;
        let mut changes = vec![Change::new("commitment.create", "commitment", id).after(&full)];
        changes.extend(super::accounts::create_for_commitment(
            c, &full, &pool, now,
        )?);
        if mail == Mail::Queue {
            let letter = letter_of(c, pool, full.clone(), loaded.version)?;
            crate::mail::enqueue(c, now, &documents::letter_email(&letter)?)?;
        }
        Ok((full, changes))
    })
}

/// The municipality withdraws: the application is withdrawn, the commitment (if any)
/// too, and its rates not yet paid are cancelled. Paid rates stay paid; reclaiming
/// unspent money belongs to the final account, which stays due if a rate was paid (the
/// interim account, and a final account with nothing paid, are cancelled). No longer an applicant, the next
/// allocation run divides among the others.
pub fn withdraw(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    (pool_id, code): (i64, i32),
    reason: &Reason,
) -> AppResult<()> {
    audit::write(conn, actor, now, |c| {
        let app = app_rows::find(c, pool_id, code)?.ok_or(AppError::NotFound)?;
        if !app.status.can_withdraw() {
            return Err(AppError::Conflict(
                Msg::new("application-not-editable").arg("status", app.status),
            ));
        }
        app_rows::set_status(c, app.id, ApplicationStatus::Withdrawn, now)?;
        let mut cancelled = 0;
        let mut account_changes = Vec::new();
        if let Some(f) = rows::for_municipality(c, pool_id, code)? {
            let by = actor.user_id.unwrap_or_default();
            let keep = super::payouts::stop_for_withdrawal(c, f.commitment.id, by, now)?;
            cancelled = rows::withdraw(c, f.commitment.id, now, &keep)?;
            account_changes = super::accounts::cancel_for_withdrawal(c, &f, now)?;
        }
        app_rows::stop_applying(c, pool_id, code, now)?;
        let actor_id = actor.user_id.unwrap_or_default();
        app_rows::add_event(
            c,
            app.id,
            "application.withdraw",
            reason.as_str(),
            actor_id,
            now,
        )?;
        let change = Change::new("application.withdraw", "application", app.id)
            .before(&app.status)
            .after(&serde_json::json!({ "status": ApplicationStatus::Withdrawn, "reason": reason, "cancelled_rates": cancelled }));
        Ok(((), std::iter::once(change).chain(account_changes).collect()))
    })
}

/// The Copenhagen date at `now`: what "today" means for a rate's earliest date.
pub fn today(now: NaiveDateTime) -> NaiveDate {
    crate::domain::time::to_local(now.and_utc()).date_naive()
}

/// A commitment as it is read: its split by year, its rates with their conditions
/// checked at the instant of reading, and who approved it.
#[derive(Clone, Debug)]
pub struct CommitmentDetail {
    pub full: Full,
    /// Each rate with its state and why (`app::payouts`).
    pub rates: Vec<super::payouts::RateView>,
    pub approved_by: String,
    /// Its accounts with their repayment claims, interim first (filled by `read`).
    pub accounts: Vec<super::account_pages::AccountSummary>,
}

impl CommitmentDetail {
    fn sum_of(&self, status: RateStatus) -> i64 {
        self.full
            .rates
            .iter()
            .filter(|r| r.status == status)
            .map(|r| r.amount_ore)
            .sum()
    }

    /// The sum of the paid rates.
    pub fn paid_ore(&self) -> i64 {
        self.sum_of(RateStatus::Paid)
    }

    /// The sum of the rates still to be paid (pending or not yet due).
    pub fn outstanding_ore(&self) -> i64 {
        self.sum_of(RateStatus::Pending)
    }

    pub fn is_active(&self) -> bool {
        self.full.commitment.status == CommitmentStatus::Active
    }
}

/// The municipality's commitment in a pool, if it has one, as read at `now`.
pub fn read(
    c: &mut DbConn,
    pool_id: i64,
    code: i32,
    names: &BTreeMap<i64, String>,
    now: NaiveDateTime,
) -> AppResult<Option<CommitmentDetail>> {
    let Some(full) = rows::for_municipality(c, pool_id, code)? else {
        return Ok(None);
    };
    let rates = super::payouts::rates_of(c, &full, now)?.rates;
    let accounts = super::account_pages::summaries(c, full.commitment.id)?;
    Ok(Some(CommitmentDetail {
        approved_by: names
            .get(&full.commitment.approved_by)
            .cloned()
            .unwrap_or_default(),
        full,
        rates,
        accounts,
    }))
}

/// The municipality's commitment in a pool with everyone's names, as read at `now`.
pub fn get(
    c: &mut DbConn,
    pool_id: i64,
    code: i32,
    now: NaiveDateTime,
) -> AppResult<CommitmentDetail> {
    let names = apps::display_names(c)?;
    read(c, pool_id, code, &names, now)?.ok_or(AppError::NotFound)
}

/// Everything the commitment letter says, as stored.
#[derive(Clone, Debug)]
pub struct Letter {
    pub full: Full,
    pub pool: PoolRow,
    pub municipality: String,
    /// The approved version of the application (contact person, receipt).
    pub version: VersionRow,
    /// The officer who approved it.
    pub officer: String,
}

fn letter_of(c: &mut DbConn, pool: PoolRow, full: Full, version: VersionRow) -> AppResult<Letter> {
    let municipality = municipalities::get(c, full.commitment.municipality_code)?
        .ok_or(AppError::NotFound)?
        .name;
    let officer = crate::db::queries::users::get(c, full.commitment.approved_by)?
        .map(|u| u.display_name)
        .unwrap_or_default();
    Ok(Letter {
        full,
        pool,
        municipality,
        version,
        officer,
    })
}

/// The letter of the municipality's commitment in a pool.
pub fn letter(c: &mut DbConn, pool_id: i64, code: i32) -> AppResult<Letter> {
    let pool = pools::get(c, pool_id)?.ok_or(AppError::NotFound)?;
    let full = rows::for_municipality(c, pool_id, code)?.ok_or(AppError::NotFound)?;
    let version =
        app_rows::get_version(c, full.commitment.version_id)?.ok_or(AppError::NotFound)?;
    letter_of(c, pool, full, version)
}
