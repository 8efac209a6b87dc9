//! The JSON shapes of rates, requests, payouts, overrides and batches, made from the
//! operations' typed output (`app::payouts`).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use serde::Serialize;
use tilskud_templates::i18n::{self, Lang};
use utoipa::ToSchema;

use crate::app::payouts::batches::{Batch, BatchLine};
use crate::app::payouts::{CommitmentRates, RateView};
use crate::db::queries::commitments as commitment_rows;
use crate::db::queries::municipalities;
use crate::db::queries::payouts::{self as rows, BatchRow, OverrideRow, PayoutRow, RequestRow};
use crate::db::DbConn;
use crate::domain::payout_gate::PayoutStatus;
use crate::error::{AppError, AppResult};

fn utc(t: NaiveDateTime) -> String {
    t.and_utc().to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn instant_utc(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The instant in Copenhagen time, with its offset: "2018-01-01T00:00:00+01:00".
fn instant_local(t: DateTime<Utc>) -> String {
    crate::domain::time::to_local(t).to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// A condition of a rate, checked.
#[derive(Serialize, ToSchema)]
pub struct ConditionOut {
    /// on_commitment, not_before, finance_act, whole_group_assessed, activity_share,
    /// results_share, interim_account or final_account
    pub condition: String,
    /// Met on its own evidence.
    pub met: bool,
    /// Not met, but passed by this approved override.
    pub overridden_by: Option<i64>,
    /// Met, or passed by an override.
    pub passes: bool,
    /// What it was checked on (figures and months, the account, the finance act), tagged
    /// by `kind`.
    #[schema(value_type = Object)]
    pub evidence: serde_json::Value,
}

/// A document attached to a request (through the web form).
#[derive(Clone, Serialize, ToSchema)]
pub struct RequestDocumentOut {
    pub file_name: String,
    pub sha256: String,
}

/// A municipality's request for a rate.
#[derive(Clone, Serialize, ToSchema)]
pub struct RequestOut {
    pub id: i64,
    pub commitment_id: i64,
    pub rate_no: i32,
    pub note: String,
    pub requested_by: i64,
    /// UTC, RFC 3339
    pub requested_at: String,
    /// open, refused, prepared or cancelled
    pub status: String,
    pub decided_by: Option<i64>,
    pub decided_at: Option<String>,
    /// Why an officer refused it.
    pub refusal_reason: Option<String>,
    pub documents: Vec<RequestDocumentOut>,
}

pub fn request_out(c: &mut DbConn, r: &RequestRow) -> AppResult<RequestOut> {
    let documents = rows::request_documents(c, r.id)?
        .into_iter()
        .map(|(sha256, file_name)| RequestDocumentOut { file_name, sha256 })
        .collect();
    Ok(RequestOut {
        id: r.id,
        commitment_id: r.commitment_id,
        rate_no: r.rate_no,
        note: r.note.clone(),
        requested_by: r.requested_by,
        requested_at: utc(r.requested_at),
        status: r.status.clone(),
        decided_by: r.decided_by,
        decided_at: r.decided_at.map(utc),
        refusal_reason: r.refusal_reason.clone(),
        documents,
    })
}

/// A payout of a rate.
#[derive(Serialize, ToSchema)]
pub struct PayoutOut {
    pub id: i64,
    pub commitment_id: i64,
    pub rate_no: i32,
    pub request_id: Option<i64>,
    pub amount_ore: i64,
    pub payment_reference: String,
    /// prepared, approved, exported, paid, rejected or cancelled
    pub status: String,
    pub prepared_by: i64,
    pub prepared_at: String,
    pub approved_by: Option<i64>,
    pub approved_at: Option<String>,
    /// Who rejected or cancelled it, when and why.
    pub decided_by: Option<i64>,
    pub decided_at: Option<String>,
    pub decision_reason: Option<String>,
    pub batch_id: Option<i64>,
    /// The conditions as checked when it was prepared (`checked_at_utc`, `gate`).
    #[schema(value_type = Object)]
    pub evidence: serde_json::Value,
}

pub fn payout_out(p: &PayoutRow) -> PayoutOut {
    PayoutOut {
        id: p.id,
        commitment_id: p.commitment_id,
        rate_no: p.rate_no,
        request_id: p.request_id,
        amount_ore: p.amount_ore,
        payment_reference: p.payment_reference.clone(),
        status: p.status.as_str().into(),
        prepared_by: p.prepared_by,
        prepared_at: utc(p.prepared_at),
        approved_by: p.approved_by,
        approved_at: p.approved_at.map(utc),
        decided_by: p.decided_by,
        decided_at: p.decided_at.map(utc),
        decision_reason: p.decision_reason.clone(),
        batch_id: p.batch_id,
        evidence: serde_json::from_str(&p.evidence).unwrap_or(serde_json::Value::Null),
    }
}

/// An exception from one condition of a rate, proposed by one officer and decided by
/// another.
#[derive(Serialize, ToSchema)]
pub struct OverrideOut {
    pub id: i64,
    pub commitment_id: i64,
    pub rate_no: i32,
    pub condition: String,
    pub reason: String,
    /// proposed, approved or rejected
    pub status: String,
    pub proposed_by: i64,
    pub proposed_at: String,
    pub decided_by: Option<i64>,
    pub decided_at: Option<String>,
}

impl From<&OverrideRow> for OverrideOut {
    fn from(o: &OverrideRow) -> OverrideOut {
        OverrideOut {
            id: o.id,
            commitment_id: o.commitment_id,
            rate_no: o.rate_no,
            condition: o.condition.clone(),
            reason: o.reason.clone(),
            status: o.status.clone(),
            proposed_by: o.proposed_by,
            proposed_at: utc(o.proposed_at),
            decided_by: o.decided_by,
            decided_at: o.decided_at.map(utc),
        }
    }
}

/// One rate of a commitment as it stands.
#[derive(Serialize, ToSchema)]
pub struct RateStandingOut {
    pub number: i32,
    pub share_bp: i32,
    pub amount_ore: i64,
    /// What paying it pays: its amount, or what the final account cut it to.
    pub payable_ore: i64,
    /// not_due, conditions_not_met, payable, requested, prepared, approved, exported,
    /// paid or cancelled
    pub state: String,
    /// The state's name in the request's language.
    pub state_label: String,
    /// Every condition passes (met or overridden).
    pub conditions_pass: bool,
    pub conditions: Vec<ConditionOut>,
    /// The instant its not-before date begins in Copenhagen, in UTC (RFC 3339); null
    /// without such a date.
    pub payable_from_utc: Option<String>,
    /// The same instant in Copenhagen time with its offset.
    pub payable_from_local: Option<String>,
    pub paid_at: Option<String>,
    /// withdrawal or regnskab (cancelled by the system), or milestone_not_met or
    /// decision (by an officer), with the officer's note.
    pub cancel_reason: Option<String>,
    pub cancelled_for: Option<String>,
    pub cancel_note: String,
    /// The live payout (prepared, approved, exported or paid).
    pub payout: Option<PayoutOut>,
    /// The open request.
    pub request: Option<RequestOut>,
}

pub fn rate_out(c: &mut DbConn, v: &RateView, lang: Lang) -> AppResult<RateStandingOut> {
    let request = v.request.as_ref().map(|q| request_out(c, q)).transpose()?;
    Ok(rate_with(v, lang, request))
}

fn rate_with(v: &RateView, lang: Lang, request: Option<RequestOut>) -> RateStandingOut {
    let r = &v.rate;
    RateStandingOut {
        number: r.rate_no,
        share_bp: r.share_bp,
        amount_ore: r.amount_ore,
        payable_ore: r.payable_ore(),
        state: v.state.as_str().into(),
        state_label: i18n::t(lang, &v.state.key()),
        conditions_pass: v.gate.open(),
        conditions: v
            .gate
            .checks
            .iter()
            .map(|ch| ConditionOut {
                condition: ch.condition.as_str().into(),
                met: ch.met,
                overridden_by: ch.overridden_by,
                passes: ch.passes(),
                evidence: serde_json::to_value(&ch.evidence).unwrap_or(serde_json::Value::Null),
            })
            .collect(),
        payable_from_utc: v.gate.not_before_utc.map(instant_utc),
        payable_from_local: v.gate.not_before_utc.map(instant_local),
        paid_at: r.paid_at.map(utc),
        cancel_reason: r.cancel_reason.clone(),
        cancelled_for: r.cancelled_for.clone(),
        cancel_note: r.cancel_note.clone(),
        payout: v.payout.as_ref().map(payout_out),
        request,
    }
}

/// A commitment's rates, with the history of its requests, payouts and overrides.
#[derive(Serialize, ToSchema)]
pub struct RatesOut {
    pub pool_id: i64,
    pub municipality_code: i32,
    pub commitment_id: i64,
    pub letter_no: String,
    /// The instant the conditions were checked (UTC).
    pub checked_at: String,
    pub rates: Vec<RateStandingOut>,
    /// Every request, oldest first (refused ones with their reason).
    pub requests: Vec<RequestOut>,
    /// Every payout, oldest first (rejected and cancelled ones too).
    pub payouts: Vec<PayoutOut>,
    pub overrides: Vec<OverrideOut>,
}

pub fn rates_out(
    c: &mut DbConn,
    r: &CommitmentRates,
    now: NaiveDateTime,
    lang: Lang,
) -> AppResult<RatesOut> {
    let requests = r
        .requests
        .iter()
        .map(|q| request_out(c, q))
        .collect::<AppResult<Vec<_>>>()?;
    let open = |id: i64| requests.iter().find(|q| q.id == id).cloned();
    let rates = r
        .rates
        .iter()
        .map(|v| rate_with(v, lang, v.request.as_ref().and_then(|q| open(q.id))))
        .collect();
    Ok(RatesOut {
        pool_id: r.pool_id,
        municipality_code: r.municipality_code,
        commitment_id: r.commitment_id,
        letter_no: r.letter_no.clone(),
        checked_at: utc(now),
        rates,
        payouts: r.payouts.iter().map(payout_out).collect(),
        overrides: r.overrides.iter().map(OverrideOut::from).collect(),
        requests,
    })
}

/// A batch for the state's finance system.
#[derive(Serialize, ToSchema)]
pub struct BatchOut {
    pub id: i64,
    pub pool_id: i64,
    pub created_by: i64,
    pub created_at: String,
    pub payout_count: i32,
    pub total_ore: i64,
    /// The day the finance system paid it, once marked.
    pub paid_on: Option<chrono::NaiveDate>,
    pub paid_by: Option<i64>,
    pub paid_at: Option<String>,
    /// The kept CSV (Danish Excel: BOM, `;`, decimal comma).
    pub csv_href: String,
    pub xlsx_href: String,
}

pub fn batch_out(b: &BatchRow) -> BatchOut {
    BatchOut {
        id: b.id,
        pool_id: b.pool_id,
        created_by: b.created_by,
        created_at: utc(b.created_at),
        payout_count: b.payout_count,
        total_ore: b.total_ore,
        paid_on: b.paid_on,
        paid_by: b.paid_by,
        paid_at: b.paid_at.map(utc),
        csv_href: format!("/api/v1/payout-batches/{}/csv", b.id),
        xlsx_href: format!("/api/v1/payout-batches/{}/xlsx", b.id),
    }
}

/// The download's file name.
pub fn file_name(id: i64, ext: &str) -> String {
    format!("udbetalinger-batch-{id}.{ext}")
}

/// One line of a batch.
#[derive(Serialize, ToSchema)]
pub struct BatchLineOut {
    pub payout_id: i64,
    pub municipality_code: i32,
    pub municipality: String,
    pub amount_ore: i64,
    pub finance_account: String,
    pub rate_no: i32,
    pub letter_no: String,
    pub payment_reference: String,
}

impl From<&BatchLine> for BatchLineOut {
    fn from(l: &BatchLine) -> BatchLineOut {
        BatchLineOut {
            payout_id: l.payout_id,
            municipality_code: l.municipality_code,
            municipality: l.municipality.clone(),
            amount_ore: l.amount_ore,
            finance_account: l.finance_account.clone(),
            rate_no: l.rate_no,
            letter_no: l.letter_no.clone(),
            payment_reference: l.payment_reference.clone(),
        }
    }
}

/// A batch with its lines.
#[derive(Serialize, ToSchema)]
pub struct BatchDetailOut {
    pub batch: BatchOut,
    pub lines: Vec<BatchLineOut>,
}

impl From<&Batch> for BatchDetailOut {
    fn from(b: &Batch) -> BatchDetailOut {
        BatchDetailOut {
            batch: batch_out(&b.batch),
            lines: b.lines.iter().map(BatchLineOut::from).collect(),
        }
    }
}

/// Which municipality a commitment is, for the queue.
#[derive(Clone, Serialize, ToSchema)]
pub struct CommitmentRefOut {
    pub commitment_id: i64,
    pub municipality_code: i32,
    pub municipality: String,
    pub letter_no: String,
}

/// An open request in the queue.
#[derive(Serialize, ToSchema)]
pub struct QueuedRequestOut {
    pub commitment: CommitmentRefOut,
    pub request: RequestOut,
}

/// A payout in the queue.
#[derive(Serialize, ToSchema)]
pub struct QueuedPayoutOut {
    pub commitment: CommitmentRefOut,
    pub payout: PayoutOut,
}

/// What the officers have to do in a pool.
#[derive(Serialize, ToSchema)]
pub struct QueueOut {
    /// Open requests, oldest first: to prepare or refuse.
    pub requests: Vec<QueuedRequestOut>,
    /// Prepared payouts: to approve or reject, by an officer who did not prepare them.
    pub prepared: Vec<QueuedPayoutOut>,
    /// Approved payouts: to put in a batch.
    pub approved: Vec<QueuedPayoutOut>,
    /// The pool's batches, newest first.
    pub batches: Vec<BatchOut>,
}

/// The officers' queue of pool `pool`.
pub fn queue(c: &mut DbConn, pool: i64) -> AppResult<QueueOut> {
    crate::db::queries::pools::get(c, pool)?.ok_or(AppError::NotFound)?;
    let mut refs: BTreeMap<i64, CommitmentRefOut> = BTreeMap::new();
    let mut commitment = |c: &mut DbConn, id: i64| -> AppResult<CommitmentRefOut> {
        if let Some(r) = refs.get(&id) {
            return Ok(r.clone());
        }
        let full = commitment_rows::get(c, id)?.ok_or(AppError::NotFound)?;
        let code = full.commitment.municipality_code;
        let r = CommitmentRefOut {
            commitment_id: id,
            municipality_code: code,
            municipality: municipalities::get(c, code)?
                .map(|m| m.name)
                .unwrap_or_default(),
            letter_no: full.commitment.letter_no,
        };
        refs.insert(id, r.clone());
        Ok(r)
    };
    let mut requests = Vec::new();
    for r in rows::open_requests_in_pool(c, pool)? {
        requests.push(QueuedRequestOut {
            commitment: commitment(c, r.commitment_id)?,
            request: request_out(c, &r)?,
        });
    }
    let mut payouts = |c: &mut DbConn, status: PayoutStatus| -> AppResult<Vec<QueuedPayoutOut>> {
        rows::in_pool(c, pool, &[status])?
            .iter()
            .map(|p| {
                Ok(QueuedPayoutOut {
                    commitment: commitment(c, p.commitment_id)?,
                    payout: payout_out(p),
                })
            })
            .collect()
    };
    let prepared = payouts(c, PayoutStatus::Prepared)?;
    let approved = payouts(c, PayoutStatus::Approved)?;
    Ok(QueueOut {
        requests,
        prepared,
        approved,
        batches: rows::batches_of_pool(c, pool)?
            .iter()
            .map(batch_out)
            .collect(),
    })
}
