//! Rates and payouts (`docs/rates.md`): each rate's conditions checked against the
//! commitment's facts, and the steps that move money: the municipality requests a payable
//! rate; an officer prepares the payout (the evidence frozen into it) or refuses the
//! request; a different officer approves or rejects it; an officer puts approved payouts
//! in a batch for the state's finance system and marks the batch paid.
//!
//! Every step re-reads and re-checks inside its audited transaction (`audit::write`
//! serialises writers) and changes state with a conditional update, and the tables refuse
//! a second live payout, another amount, one person preparing and approving, and any
//! step back: twenty simultaneous approvals give one payout and nineteen 409s.

pub mod batches;
pub mod ledger;

use std::collections::BTreeMap;

use chrono::{NaiveDateTime, Utc};
use serde::Serialize;

use crate::db::audit::{self, Actor, Change};
use crate::db::queries::accounts::{self as account_rows, AccountRow};
use crate::db::queries::commitments::{self as commitment_rows, Full, RateConditionRow, RateRow};
use crate::db::queries::monitoring as monitoring_rows;
use crate::db::queries::payouts::{self as rows, NewPayout, OverrideRow, PayoutRow, RequestRow};
use crate::db::queries::pools;
use crate::db::DbConn;
use crate::domain::accounts::AccountKind;
use crate::domain::monitoring::kpi::{Kpi, Share};
use crate::domain::monitoring::milestones;
use crate::domain::monitoring::Month;
use crate::domain::payout_gate::{
    self as gate, AccountFact, ConditionKind, Facts, Gate, Milestone, PayoutStatus, RatePlan,
    RateState,
};
use crate::domain::status::{CommitmentStatus, RateStatus};
use crate::error::{AppError, AppResult, Msg};

/// A rate with its plan, its conditions checked, its state, and its workflow rows.
#[derive(Clone, Debug, Serialize)]
pub struct RateView {
    pub rate: RateRow,
    pub plan: RatePlan,
    pub gate: Gate,
    pub state: RateState,
    /// The live payout (prepared, approved, exported or paid), if any.
    pub payout: Option<PayoutRow>,
    /// The open request, if any.
    pub request: Option<RequestRow>,
}

/// A commitment's rates as read at an instant, with their history.
#[derive(Clone, Debug, Serialize)]
pub struct CommitmentRates {
    pub commitment_id: i64,
    pub pool_id: i64,
    pub municipality_code: i32,
    pub letter_no: String,
    /// When the commitment was given (UTC).
    pub approved_at: NaiveDateTime,
    /// The last day of the grant period: a milestone not met by then is a reason to
    /// cancel the rate.
    pub period_end: chrono::NaiveDate,
    pub rates: Vec<RateView>,
    /// Every request, oldest first (refused ones with their reason).
    pub requests: Vec<RequestRow>,
    /// Every payout, oldest first (rejected and cancelled ones too).
    pub payouts: Vec<PayoutRow>,
    pub overrides: Vec<OverrideRow>,
}

impl CommitmentRates {
    pub fn rate(&self, rate_no: i32) -> Option<&RateView> {
        self.rates.iter().find(|r| r.rate.rate_no == rate_no)
    }
}

/// A commitment's plan from its own rows: the conditions its letter stated, and the
/// interim account before the rate its account says.
pub fn plan_of(
    rates: &[RateRow],
    conditions: &[RateConditionRow],
    accounts: &[AccountRow],
) -> Vec<RatePlan> {
    let interim_before = accounts
        .iter()
        .find(|a| a.kind == AccountKind::Interim)
        .and_then(|a| a.before_rate);
    rates
        .iter()
        .map(|r| RatePlan {
            number: u8::try_from(r.rate_no).unwrap_or(u8::MAX),
            share_basis_points: u32::try_from(r.share_bp).unwrap_or(0),
            not_before: r.earliest_date,
            finance_act_year: r.finance_act_year,
            interim_account: interim_before == Some(r.rate_no),
            milestones: conditions
                .iter()
                .filter(|c| c.rate_no == r.rate_no)
                .filter_map(|c| Milestone::from_stored(&c.kind, c.percent_bp, c.months).ok())
                .collect(),
        })
        .collect()
}

fn account_fact(a: &AccountRow) -> AccountFact {
    AccountFact {
        account_id: a.id,
        status: a.status.as_str().to_string(),
        certification: a.certification.as_str().to_string(),
        approved_version: None,
        approved_at: (a.status == crate::domain::status::AccountStatus::Approved)
            .then_some(a.updated_at),
    }
}

/// A municipality's monitoring as the gate reads it: STAR's gross target group figure,
/// the distinct persons assessed, and the maintained counts month by month.
struct Monitoring<'a> {
    gross: i64,
    assessed: i64,
    months: &'a [monitoring_rows::MonthCounts],
}

/// Fills the monitoring side of `facts` (the maintained aggregates only, never the
/// person-level rows).
fn fill_monitoring(facts: &mut Facts, activity_each_month: bool, m: &Monitoring) {
    facts.assessed = Some(milestones::whole_group_assessed_count(
        u64::try_from(m.gross).unwrap_or(0),
        u64::try_from(m.assessed).unwrap_or(0),
    ));
    facts.activity_each_month = activity_each_month;
    let by_month = |kpi: Option<Kpi>| -> Vec<(Month, Share)> {
        m.months
            .iter()
            .filter_map(|m| {
                let counts = m.to_domain(0);
                let share = match kpi {
                    Some(k) => k.share(&counts),
                    None => counts.activity(),
                };
                Some((m.month()?, share?))
            })
            .collect()
    };
    facts.activity_by_month = by_month(None);
    facts.results_by_month = by_month(Some(Kpi::OutcomeShare));
}

/// The facts of commitment `full` that are not monitoring: its status, its accounts and
/// the finance acts registered.
fn commitment_facts(
    full: &Full,
    accounts: &[AccountRow],
    finance_acts: &BTreeMap<i32, gate::FinanceActFact>,
) -> Facts {
    Facts {
        commitment_active: full.commitment.status == CommitmentStatus::Active,
        interim: accounts
            .iter()
            .find(|a| a.kind == AccountKind::Interim)
            .map(account_fact),
        final_account: accounts
            .iter()
            .find(|a| a.kind == AccountKind::Final)
            .map(account_fact),
        finance_acts: finance_acts.clone(),
        ..Facts::default()
    }
}

/// Everything commitment `full`'s conditions are checked against.
pub fn facts_of(c: &mut DbConn, full: &Full, accounts: &[AccountRow]) -> AppResult<Facts> {
    let (pool_id, code) = (full.commitment.pool_id, full.commitment.municipality_code);
    let pool = pools::get(c, pool_id)?.ok_or(AppError::NotFound)?;
    let mut facts = commitment_facts(full, accounts, &super::finance_acts::facts(c)?);
    let months = monitoring_rows::month_counts(c, Some(code))?;
    let monitoring = Monitoring {
        gross: monitoring_rows::gross_target_group(c, pool_id, code)?,
        assessed: monitoring_rows::persons::totals(c, code)?.persons_assessed,
        months: &months,
    };
    fill_monitoring(&mut facts, pool.activity_consecutive, &monitoring);
    Ok(facts)
}

/// The approved overrides of one rate, by condition.
fn overrides_for(overrides: &[OverrideRow], rate_no: i32) -> BTreeMap<ConditionKind, i64> {
    overrides
        .iter()
        .filter(|o| o.rate_no == rate_no && o.status == "approved")
        .filter_map(|o| ConditionKind::parse(&o.condition).map(|k| (k, o.id)))
        .collect()
}

/// A commitment's rows, read for one commitment or for a whole pool at once.
struct Rows {
    accounts: Vec<AccountRow>,
    conditions: Vec<RateConditionRow>,
    requests: Vec<RequestRow>,
    payouts: Vec<PayoutRow>,
    overrides: Vec<OverrideRow>,
}

/// Commitment `full`'s rates judged against `facts` at `now`.
fn judge(full: &Full, rows: Rows, mut facts: Facts, now: NaiveDateTime) -> CommitmentRates {
    let Rows {
        accounts,
        conditions,
        requests,
        payouts,
        overrides,
    } = rows;
    let plan = plan_of(&full.rates, &conditions, &accounts);
    let instant = now.and_utc();
    let rates = full
        .rates
        .iter()
        .zip(plan)
        .map(|(rate, plan)| {
            facts.overrides = overrides_for(&overrides, rate.rate_no);
            let gate = gate::evaluate(&plan, &facts, instant);
            let payout = payouts
                .iter()
                .find(|p| p.rate_no == rate.rate_no && p.status.is_live())
                .cloned();
            let request = requests
                .iter()
                .find(|r| r.rate_no == rate.rate_no && r.status == "open")
                .cloned();
            let state = RateState::of(
                rate.status,
                payout.as_ref().map(|p| p.status),
                request.is_some(),
                &gate,
            );
            RateView {
                rate: rate.clone(),
                plan,
                gate,
                state,
                payout,
                request,
            }
        })
        .collect();
    CommitmentRates {
        commitment_id: full.commitment.id,
        pool_id: full.commitment.pool_id,
        municipality_code: full.commitment.municipality_code,
        letter_no: full.commitment.letter_no.clone(),
        approved_at: full.commitment.approved_at,
        period_end: full.commitment.period_end,
        rates,
        requests,
        payouts,
        overrides,
    }
}

/// Commitment `full`'s rates as they stand at `now`.
pub fn rates_of(c: &mut DbConn, full: &Full, now: NaiveDateTime) -> AppResult<CommitmentRates> {
    let id = full.commitment.id;
    let accounts = account_rows::of_commitment(c, id)?;
    let facts = facts_of(c, full, &accounts)?;
    let rows = Rows {
        conditions: commitment_rows::conditions_of(c, id)?,
        requests: rows::requests_of(c, id)?,
        payouts: rows::of_commitment(c, id)?,
        overrides: rows::overrides_of(c, id)?,
        accounts,
    };
    Ok(judge(full, rows, facts, now))
}

/// Takes the rows of commitment `id` out of `rows` (sorted by commitment, as the pool's
/// reads return them grouped).
fn take_of<T>(rows: &mut BTreeMap<i64, Vec<T>>, id: i64) -> Vec<T> {
    rows.remove(&id).unwrap_or_default()
}

fn grouped<T>(rows: Vec<T>, id: impl Fn(&T) -> i64) -> BTreeMap<i64, Vec<T>> {
    let mut by: BTreeMap<i64, Vec<T>> = BTreeMap::new();
    for r in rows {
        by.entry(id(&r)).or_default().push(r);
    }
    by
}

/// Every commitment given in pool `pool_id` (active and withdrawn), its rates as they
/// stand at `now`, by municipality code. A fixed number of statements however many
/// municipalities there are (the queue, the ledger and the forecast read the whole
/// pool on every view; `benches/load.sh` measures them).
pub fn pool_rates(
    c: &mut DbConn,
    pool_id: i64,
    now: NaiveDateTime,
) -> AppResult<Vec<CommitmentRates>> {
    let pool = pools::get(c, pool_id)?.ok_or(AppError::NotFound)?;
    let given = commitment_rows::given_in_pool(c, pool_id)?;
    let finance_acts = super::finance_acts::facts(c)?;
    let gross: BTreeMap<i32, i64> = crate::db::queries::target_groups::of_pool(c, pool_id)?
        .into_iter()
        .map(|t| (t.municipality_code, t.target_group))
        .collect();
    let assessed: BTreeMap<i32, i64> = monitoring_rows::persons::all_totals(c)?
        .into_iter()
        .map(|t| (t.municipality_code, t.persons_assessed))
        .collect();
    let mut months: BTreeMap<i32, Vec<monitoring_rows::MonthCounts>> = BTreeMap::new();
    for m in monitoring_rows::all_month_counts(c)? {
        months
            .entry(m.municipality_code)
            .or_default()
            .push(m.counts);
    }
    let mut accounts = grouped(account_rows::of_pool(c, pool_id)?, |a| a.commitment_id);
    let mut conditions = grouped(commitment_rows::conditions_in_pool(c, pool_id)?, |r| {
        r.commitment_id
    });
    let mut requests = grouped(rows::requests_in_pool(c, pool_id)?, |r| r.commitment_id);
    let mut payouts = grouped(rows::all_in_pool(c, pool_id)?, |p| p.commitment_id);
    let mut overrides = grouped(rows::overrides_in_pool(c, pool_id)?, |o| o.commitment_id);
    let none = Vec::new();
    Ok(given
        .iter()
        .map(|full| {
            let (id, code) = (full.commitment.id, full.commitment.municipality_code);
            let accounts = take_of(&mut accounts, id);
            let mut facts = commitment_facts(full, &accounts, &finance_acts);
            let monitoring = Monitoring {
                gross: gross.get(&code).copied().unwrap_or(0),
                assessed: assessed.get(&code).copied().unwrap_or(0),
                months: months.get(&code).unwrap_or(&none),
            };
            fill_monitoring(&mut facts, pool.activity_consecutive, &monitoring);
            let rows = Rows {
                accounts,
                conditions: take_of(&mut conditions, id),
                requests: take_of(&mut requests, id),
                payouts: take_of(&mut payouts, id),
                overrides: take_of(&mut overrides, id),
            };
            judge(full, rows, facts, now)
        })
        .collect())
}

/// Municipality `code`'s rates in pool `pool_id` at `now`.
pub fn for_municipality(
    c: &mut DbConn,
    (pool_id, code): (i64, i32),
    now: NaiveDateTime,
) -> AppResult<CommitmentRates> {
    let full = commitment_rows::for_municipality(c, pool_id, code)?.ok_or(AppError::NotFound)?;
    rates_of(c, &full, now)
}

/// The catalogue word of a condition, for messages (`$condition` selects on it).
fn missing_msg(key: &'static str, view: &RateView) -> Msg {
    let missing: Vec<&gate::Check> = view.gate.missing().collect();
    Msg::new(key)
        .arg("rate", view.rate.rate_no)
        .arg(
            "condition",
            missing
                .first()
                .map(|c| c.condition.as_str())
                .unwrap_or("none"),
        )
        .count("others", missing.len().saturating_sub(1))
}

/// Why a rate in `view.state` cannot be requested or prepared now.
fn not_open(view: &RateView) -> AppError {
    match view.state {
        RateState::NotDue | RateState::ConditionsNotMet => {
            AppError::Conflict(missing_msg("payout-condition-missing", view))
        }
        state => AppError::Conflict(
            Msg::new("payout-rate-in-state")
                .arg("rate", view.rate.rate_no)
                .arg("state", state.as_str()),
        ),
    }
}

fn user(actor: &Actor) -> AppResult<i64> {
    actor.user_id.ok_or(AppError::Forbidden)
}

/// A rate's view inside a transaction, for commitment `commitment_id`.
fn view_in(
    c: &mut DbConn,
    commitment_id: i64,
    rate_no: i32,
    now: NaiveDateTime,
) -> AppResult<(Full, RateView)> {
    let full = commitment_rows::get(c, commitment_id)?.ok_or(AppError::NotFound)?;
    let rates = rates_of(c, &full, now)?;
    let view = rates.rate(rate_no).cloned().ok_or(AppError::NotFound)?;
    Ok((full, view))
}

/// The longest note or reason kept.
pub const TEXT_MAX: usize = 2000;

/// A checked free text: trimmed, at most [`TEXT_MAX`] characters; `required` refuses an
/// empty one. Errors name `field`.
pub fn text(field: &str, value: &str, required: bool) -> AppResult<String> {
    let t = value.trim();
    if required && t.is_empty() {
        return Err(AppError::field(field, Msg::new("payout-text-required")));
    }
    if t.chars().count() > TEXT_MAX {
        return Err(AppError::field(
            field,
            Msg::new("payout-text-too-long").arg("max", TEXT_MAX),
        ));
    }
    if crate::domain::text::has_control(t, true) {
        return Err(AppError::field(
            field,
            Msg::new(crate::domain::text::CONTROL_KEY),
        ));
    }
    Ok(t.to_string())
}

/// An attachment of a request: a PDF, checked by its content.
pub struct Attachment {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// The municipality requests a payable rate, with a note and PDF attachments.
pub fn request(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    (pool_id, code, rate_no): (i64, i32, i32),
    note: &str,
    (attachments, limit): (&[Attachment], usize),
) -> AppResult<RequestRow> {
    let note = text("note", note, false)?;
    let by = user(actor)?;
    let mut files = Vec::with_capacity(attachments.len());
    for a in attachments {
        let (sha, name) = super::accounts::checked_pdf(&a.bytes, &a.file_name, limit)?;
        files.push((sha, name, &a.bytes));
    }
    audit::write(conn, actor, now, |c| {
        let full =
            commitment_rows::for_municipality(c, pool_id, code)?.ok_or(AppError::NotFound)?;
        let (_, view) = view_in(c, full.commitment.id, rate_no, now)?;
        if view.state != RateState::Payable {
            return Err(not_open(&view));
        }
        let id = rows::insert_request(c, (full.commitment.id, rate_no), &note, by, now)?;
        for (sha, name, bytes) in &files {
            account_rows::store_document(c, sha, bytes, by, now)?;
            rows::attach_document(c, id, sha, name)?;
        }
        let row = rows::get_request(c, id)?.ok_or(AppError::NotFound)?;
        let change = Change::new("rate.request", "commitment", full.commitment.id).after(&row);
        Ok((row, vec![change]))
    })
}

/// A PDF attached to an open request afterwards (the API sends the request, then each
/// PDF as its own body): the request's municipality adds documentation while it waits.
/// The same file twice is attached once.
#[derive(Clone, Debug, Serialize)]
pub struct AttachedDocument {
    pub request_id: i64,
    pub sha256: String,
    pub file_name: String,
}

pub fn attach_to_request(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    (pool_id, code, rate_no): (i64, i32, i32),
    (attachment, limit): (&Attachment, usize),
) -> AppResult<AttachedDocument> {
    let by = user(actor)?;
    let (sha, name) =
        super::accounts::checked_pdf(&attachment.bytes, &attachment.file_name, limit)?;
    audit::write(conn, actor, now, |c| {
        let full =
            commitment_rows::for_municipality(c, pool_id, code)?.ok_or(AppError::NotFound)?;
        let id = full.commitment.id;
        let open = rows::requests_of(c, id)?
            .into_iter()
            .find(|r| r.rate_no == rate_no && r.status == "open")
            .ok_or_else(|| AppError::Conflict(Msg::new("payout-request-not-open")))?;
        let attached = AttachedDocument {
            request_id: open.id,
            sha256: sha.clone(),
            file_name: name.clone(),
        };
        if rows::request_documents(c, open.id)?
            .iter()
            .any(|(s, _)| *s == sha)
        {
            return Ok((attached, vec![]));
        }
        account_rows::store_document(c, &sha, &attachment.bytes, by, now)?;
        rows::attach_document(c, open.id, &sha, &name)?;
        let change = Change::new("rate.request.document", "commitment", id).after(&attached);
        Ok((attached, vec![change]))
    })
}

/// An officer refuses an open request, with the reason; the request is kept.
pub fn refuse(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    request_id: i64,
    reason: &str,
) -> AppResult<RequestRow> {
    let reason = text("reason", reason, true)?;
    let by = user(actor)?;
    audit::write(conn, actor, now, |c| {
        let before = rows::get_request(c, request_id)?.ok_or(AppError::NotFound)?;
        if rows::close_request(c, request_id, "refused", Some(&reason), by, now)? != 1 {
            return Err(AppError::Conflict(Msg::new("payout-request-not-open")));
        }
        let after = rows::get_request(c, request_id)?.ok_or(AppError::NotFound)?;
        let change = Change::new("rate.request.refuse", "commitment", before.commitment_id)
            .before(&before)
            .after(&after);
        Ok((after, vec![change]))
    })
}

/// An officer prepares the payout of a rate whose conditions all pass (met, or passed by
/// an approved override): the evidence is frozen into it, and an open request is closed
/// as prepared.
pub fn prepare(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    (commitment_id, rate_no): (i64, i32),
) -> AppResult<PayoutRow> {
    let by = user(actor)?;
    audit::write(conn, actor, now, |c| {
        let (full, view) = view_in(c, commitment_id, rate_no, now)?;
        if !matches!(view.state, RateState::Payable | RateState::Requested) || !view.gate.open() {
            return Err(not_open(&view));
        }
        let evidence = serde_json::to_string(&Evidence {
            checked_at_utc: now.and_utc(),
            gate: &view.gate,
        })
        .map_err(AppError::internal)?;
        let reference = gate::payment_reference(&full.commitment.letter_no, rate_no);
        let request_id = view.request.as_ref().map(|r| r.id);
        let id = rows::insert(
            c,
            &NewPayout {
                commitment_id,
                rate_no,
                request_id,
                amount_ore: view.rate.payable_ore(),
                payment_reference: &reference,
                evidence: &evidence,
                prepared_by: by,
                prepared_at: now,
            },
        )?;
        if let Some(r) = request_id {
            rows::close_request(c, r, "prepared", None, by, now)?;
        }
        let row = rows::get(c, id)?.ok_or(AppError::NotFound)?;
        let change = Change::new("payout.prepare", "payout", id).after(&row);
        Ok((row, vec![change]))
    })
}

/// What a payout's `evidence` holds: the gate as checked, and when.
#[derive(Serialize)]
struct Evidence<'a> {
    checked_at_utc: chrono::DateTime<Utc>,
    gate: &'a Gate,
}

/// A second officer approves a prepared payout. The one who prepared it never can,
/// whatever roles they hold; a payout no longer prepared (approved by someone else a
/// moment ago, rejected, cancelled) is a 409.
pub fn approve(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    payout_id: i64,
) -> AppResult<PayoutRow> {
    let by = user(actor)?;
    audit::write(conn, actor, now, |c| {
        let before = rows::get(c, payout_id)?.ok_or(AppError::NotFound)?;
        if before.prepared_by == by {
            return Err(AppError::Conflict(Msg::new("payout-four-eyes")));
        }
        if rows::approve(c, payout_id, by, now)? != 1 {
            return Err(AppError::Conflict(
                Msg::new("payout-not-prepared").arg("status", before.status.as_str()),
            ));
        }
        let after = rows::get(c, payout_id)?.ok_or(AppError::NotFound)?;
        let change = Change::new("payout.approve", "payout", payout_id)
            .before(&before.status)
            .after(&after);
        Ok((after, vec![change]))
    })
}

/// An officer rejects a payout that has not left (prepared, or approved and not in a
/// batch), with the reason; the rate is payable again.
pub fn reject(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    payout_id: i64,
    reason: &str,
) -> AppResult<PayoutRow> {
    let reason = text("reason", reason, true)?;
    let by = user(actor)?;
    audit::write(conn, actor, now, |c| {
        let before = rows::get(c, payout_id)?.ok_or(AppError::NotFound)?;
        if rows::stop(c, payout_id, PayoutStatus::Rejected, &reason, by, now)? != 1 {
            return Err(AppError::Conflict(
                Msg::new("payout-not-stoppable").arg("status", before.status.as_str()),
            ));
        }
        let after = rows::get(c, payout_id)?.ok_or(AppError::NotFound)?;
        let change = Change::new("payout.reject", "payout", payout_id)
            .before(&before.status)
            .after(&after);
        Ok((after, vec![change]))
    })
}

/// Why an officer cancels a rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CancelFor {
    /// Its milestone was not met by the end of the period.
    MilestoneNotMet,
    /// Another documented decision.
    Decision,
}

impl CancelFor {
    pub fn as_str(self) -> &'static str {
        match self {
            CancelFor::MilestoneNotMet => "milestone_not_met",
            CancelFor::Decision => "decision",
        }
    }

    pub fn parse(s: &str) -> Option<CancelFor> {
        [CancelFor::MilestoneNotMet, CancelFor::Decision]
            .into_iter()
            .find(|c| c.as_str() == s)
    }
}

/// An officer cancels a rate not yet paid or approved, with the reason: its open request
/// and a prepared payout are cancelled with it; the amount goes back to the pool's
/// balance. A rate whose payout is approved or has left is refused (reject the payout
/// first).
pub fn cancel(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    (commitment_id, rate_no): (i64, i32),
    why: CancelFor,
    note: &str,
) -> AppResult<()> {
    let note = text("note", note, true)?;
    let by = user(actor)?;
    audit::write(conn, actor, now, |c| {
        let (_, view) = view_in(c, commitment_id, rate_no, now)?;
        if view.rate.status != RateStatus::Pending || view.state.is_committed_to_pay() {
            return Err(AppError::Conflict(
                Msg::new("payout-rate-not-cancellable")
                    .arg("rate", rate_no)
                    .arg("state", view.state.as_str()),
            ));
        }
        if let Some(p) = &view.payout {
            rows::stop(c, p.id, PayoutStatus::Cancelled, &note, by, now)?;
        }
        if let Some(r) = &view.request {
            rows::close_request(c, r.id, "cancelled", None, by, now)?;
        }
        if rows::cancel_rate(c, (commitment_id, rate_no), why.as_str(), &note)? != 1 {
            return Err(AppError::Conflict(
                Msg::new("payout-rate-not-cancellable")
                    .arg("rate", rate_no)
                    .arg("state", view.state.as_str()),
            ));
        }
        let change = Change::new("rate.cancel", "commitment", commitment_id).after(
            &serde_json::json!({ "rate_no": rate_no, "for": why, "note": note, "amount_ore": view.rate.payable_ore() }),
        );
        Ok(((), vec![change]))
    })
}

/// A withdrawal stops what has not left: open requests and payouts prepared or approved
/// are cancelled. Returns the rates whose payout is in a batch for the finance system:
/// they stay pending and are paid with their batch (the final account reclaims them).
pub fn stop_for_withdrawal(
    c: &mut DbConn,
    commitment_id: i64,
    by: i64,
    now: NaiveDateTime,
) -> AppResult<Vec<i32>> {
    let mut keep = Vec::new();
    for p in rows::of_commitment(c, commitment_id)? {
        match p.status {
            PayoutStatus::Prepared | PayoutStatus::Approved => {
                rows::stop(c, p.id, PayoutStatus::Cancelled, "withdrawal", by, now)?;
            }
            PayoutStatus::Exported => keep.push(p.rate_no),
            _ => {}
        }
    }
    for r in rows::requests_of(c, commitment_id)? {
        if r.status == "open" {
            rows::close_request(c, r.id, "cancelled", None, by, now)?;
        }
    }
    Ok(keep)
}

/// An officer proposes an exception from one condition of a rate, with the reason; it
/// counts only once a second officer approves it.
pub fn propose_override(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    (commitment_id, rate_no): (i64, i32),
    condition: &str,
    reason: &str,
) -> AppResult<OverrideRow> {
    let reason = text("reason", reason, true)?;
    let by = user(actor)?;
    let kind = ConditionKind::parse(condition)
        .filter(|k| k.can_override())
        .ok_or_else(|| AppError::field("condition", Msg::new("payout-override-condition")))?;
    audit::write(conn, actor, now, |c| {
        let (_, view) = view_in(c, commitment_id, rate_no, now)?;
        let check = view
            .gate
            .checks
            .iter()
            .find(|ch| ch.condition == kind)
            // A condition this rate does not have: the request is well formed, the rate
            // (its state) is what refuses it.
            .ok_or_else(|| AppError::Conflict(Msg::new("payout-override-condition")))?;
        if check.met {
            return Err(AppError::Conflict(Msg::new("payout-override-already-met")));
        }
        let id =
            rows::insert_override(c, (commitment_id, rate_no), kind.as_str(), &reason, by, now)
                .map_err(|e| match e {
                    diesel::result::Error::DatabaseError(
                        diesel::result::DatabaseErrorKind::UniqueViolation,
                        _,
                    ) => AppError::Conflict(Msg::new("payout-override-exists")),
                    e => AppError::Db(e),
                })?;
        let row = rows::get_override(c, id)?.ok_or(AppError::NotFound)?;
        let change = Change::new("rate.override.propose", "commitment", commitment_id).after(&row);
        Ok((row, vec![change]))
    })
}

/// A second officer approves or rejects a proposed override; the proposer never can.
pub fn decide_override(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    override_id: i64,
    approve: bool,
) -> AppResult<OverrideRow> {
    let by = user(actor)?;
    audit::write(conn, actor, now, |c| {
        let before = rows::get_override(c, override_id)?.ok_or(AppError::NotFound)?;
        if before.proposed_by == by {
            return Err(AppError::Conflict(Msg::new("payout-four-eyes")));
        }
        let status = if approve { "approved" } else { "rejected" };
        if rows::decide_override(c, override_id, status, by, now)? != 1 {
            return Err(AppError::Conflict(Msg::new("payout-override-not-proposed")));
        }
        let after = rows::get_override(c, override_id)?.ok_or(AppError::NotFound)?;
        let change = Change::new("rate.override.decide", "commitment", before.commitment_id)
            .before(&before)
            .after(&after);
        Ok((after, vec![change]))
    })
}

/// A line of the officer's queue: a rate at a step, when and by whom.
#[derive(Clone, Debug, Serialize)]
pub struct QueueItem {
    pub commitment_id: i64,
    pub municipality: String,
    pub code: i32,
    pub rate_no: i32,
    pub amount_ore: i64,
    /// When the step was taken (requested, prepared, approved); for a payable rate, the
    /// instant its date allowed it, else when it was committed (never the time of
    /// reading: the queue is kept in the read cache for the whole day).
    pub at: NaiveDateTime,
    /// Who took it.
    pub by: i64,
    /// The request or payout's id.
    pub id: i64,
    /// A payable rate: the instant its date allowed it, if it has one.
    pub since: Option<chrono::DateTime<Utc>>,
}

/// The officer's queue of a pool: what waits for whom.
#[derive(Clone, Debug, Serialize)]
pub struct Queue {
    pub pool_name: String,
    pub names: BTreeMap<i64, String>,
    /// Requested by the municipality: to prepare or refuse.
    pub requested: Vec<QueueItem>,
    /// Prepared: for a second officer to approve.
    pub prepared: Vec<QueueItem>,
    /// Approved: for a batch.
    pub approved: Vec<QueueItem>,
    /// Payable, not requested (rate 1 on commitment needs no request).
    pub payable: Vec<QueueItem>,
    pub batches: Vec<rows::BatchRow>,
}

/// The cache key of `queue`: it depends on `now` only through today's Copenhagen date
/// (a rate's date is reached at the start of a Copenhagen day), which the key carries.
pub fn queue_key(pool_id: i64, now: NaiveDateTime) -> String {
    format!("payouts/queue/{pool_id}/{}", super::commitments::today(now))
}

/// Pool `pool_id`'s queue at `now`.
pub fn queue(c: &mut DbConn, pool_id: i64, now: NaiveDateTime) -> AppResult<Queue> {
    let pool = pools::get(c, pool_id)?.ok_or(AppError::NotFound)?;
    let names = super::applications::display_names(c)?;
    let municipality_names: BTreeMap<i32, String> = crate::db::queries::municipalities::all(c)?
        .into_iter()
        .map(|m| (m.code, m.name))
        .collect();
    let mut q = Queue {
        pool_name: pool.name,
        names,
        requested: Vec::new(),
        prepared: Vec::new(),
        approved: Vec::new(),
        payable: Vec::new(),
        batches: rows::batches_of_pool(c, pool_id)?,
    };
    for rates in pool_rates(c, pool_id, now)? {
        let code = rates.municipality_code;
        for v in &rates.rates {
            let item = |at: NaiveDateTime, by: i64, id: i64| QueueItem {
                commitment_id: rates.commitment_id,
                municipality: municipality_names.get(&code).cloned().unwrap_or_default(),
                code,
                rate_no: v.rate.rate_no,
                amount_ore: v.rate.payable_ore(),
                at,
                by,
                id,
                since: v.gate.not_before_utc,
            };
            match (v.state, &v.payout, &v.request) {
                (RateState::Requested, _, Some(r)) => {
                    q.requested.push(item(r.requested_at, r.requested_by, r.id))
                }
                (RateState::Prepared, Some(p), _) => {
                    q.prepared.push(item(p.prepared_at, p.prepared_by, p.id))
                }
                (RateState::Approved, Some(p), _) => q.approved.push(item(
                    p.approved_at.unwrap_or(p.prepared_at),
                    p.approved_by.unwrap_or_default(),
                    p.id,
                )),
                (RateState::Payable, _, _) => q.payable.push(item(
                    v.gate
                        .not_before_utc
                        .map_or(rates.approved_at, |t| t.naive_utc()),
                    0,
                    0,
                )),
                _ => {}
            }
        }
    }
    Ok(q)
}
