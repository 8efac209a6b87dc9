//! The payout tables (requests, payouts, batches, overrides, finance acts as the gate
//! reads them): rows in, rows out. Every state change is a conditional update whose row
//! count tells the operation (`app::payouts`) whether it won; the tables' own rules
//! (`migrations/*/000011_rates`) refuse a second live payout, a different amount, one
//! person preparing and approving, and any step backwards.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{
    commitment_rates, commitments, payout_batches, payouts, rate_overrides, rate_request_documents,
    rate_requests,
};
use crate::db::DbConn;
use crate::domain::payout_gate::PayoutStatus;
use crate::domain::status::RateStatus;

#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = payouts)]
pub struct PayoutRow {
    pub id: i64,
    pub commitment_id: i64,
    pub rate_no: i32,
    pub request_id: Option<i64>,
    pub amount_ore: i64,
    pub payment_reference: String,
    /// The gate as it was checked when the payout was prepared (JSON).
    pub evidence: String,
    #[diesel(deserialize_as = String)]
    pub status: PayoutStatus,
    pub prepared_by: i64,
    pub prepared_at: NaiveDateTime,
    pub approved_by: Option<i64>,
    pub approved_at: Option<NaiveDateTime>,
    pub decided_by: Option<i64>,
    pub decided_at: Option<NaiveDateTime>,
    pub decision_reason: Option<String>,
    pub batch_id: Option<i64>,
}

#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = rate_requests)]
pub struct RequestRow {
    pub id: i64,
    pub commitment_id: i64,
    pub rate_no: i32,
    pub note: String,
    pub requested_by: i64,
    pub requested_at: NaiveDateTime,
    /// `open`, `refused`, `prepared` or `cancelled`.
    pub status: String,
    pub decided_by: Option<i64>,
    pub decided_at: Option<NaiveDateTime>,
    pub refusal_reason: Option<String>,
}

/// A batch without its files.
#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = payout_batches)]
pub struct BatchRow {
    pub id: i64,
    pub pool_id: i64,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub payout_count: i32,
    pub total_ore: i64,
    pub paid_on: Option<NaiveDate>,
    pub paid_by: Option<i64>,
    pub paid_at: Option<NaiveDateTime>,
}

#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = rate_overrides)]
pub struct OverrideRow {
    pub id: i64,
    pub commitment_id: i64,
    pub rate_no: i32,
    pub condition: String,
    pub reason: String,
    /// `proposed`, `approved` or `rejected`.
    pub status: String,
    pub proposed_by: i64,
    pub proposed_at: NaiveDateTime,
    pub decided_by: Option<i64>,
    pub decided_at: Option<NaiveDateTime>,
}

/// The payouts of commitment `id`, every one (live, rejected, cancelled), oldest first.
pub fn of_commitment(conn: &mut DbConn, id: i64) -> QueryResult<Vec<PayoutRow>> {
    payouts::table
        .filter(payouts::commitment_id.eq(id))
        .order(payouts::id.asc())
        .select(PayoutRow::as_select())
        .load(conn)
}

pub fn get(conn: &mut DbConn, id: i64) -> QueryResult<Option<PayoutRow>> {
    payouts::table
        .find(id)
        .select(PayoutRow::as_select())
        .get_result(conn)
        .optional()
}

/// The requests of commitment `id`, oldest first.
pub fn requests_of(conn: &mut DbConn, id: i64) -> QueryResult<Vec<RequestRow>> {
    rate_requests::table
        .filter(rate_requests::commitment_id.eq(id))
        .order(rate_requests::id.asc())
        .select(RequestRow::as_select())
        .load(conn)
}

pub fn get_request(conn: &mut DbConn, id: i64) -> QueryResult<Option<RequestRow>> {
    rate_requests::table
        .find(id)
        .select(RequestRow::as_select())
        .get_result(conn)
        .optional()
}

/// The overrides of commitment `id`, oldest first.
pub fn overrides_of(conn: &mut DbConn, id: i64) -> QueryResult<Vec<OverrideRow>> {
    rate_overrides::table
        .filter(rate_overrides::commitment_id.eq(id))
        .order(rate_overrides::id.asc())
        .select(OverrideRow::as_select())
        .load(conn)
}

pub fn get_override(conn: &mut DbConn, id: i64) -> QueryResult<Option<OverrideRow>> {
    rate_overrides::table
        .find(id)
        .select(OverrideRow::as_select())
        .get_result(conn)
        .optional()
}

/// A request of the municipality; the unique index refuses a second open one.
pub fn insert_request(
    conn: &mut DbConn,
    (commitment_id, rate_no): (i64, i32),
    note: &str,
    by: i64,
    at: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(rate_requests::table)
        .values((
            rate_requests::commitment_id.eq(commitment_id),
            rate_requests::rate_no.eq(rate_no),
            rate_requests::note.eq(note),
            rate_requests::requested_by.eq(by),
            rate_requests::requested_at.eq(at),
            rate_requests::status.eq("open"),
        ))
        .returning(rate_requests::id)
        .get_result(conn)
}

pub fn attach_document(
    conn: &mut DbConn,
    request_id: i64,
    sha256: &str,
    file_name: &str,
) -> QueryResult<usize> {
    diesel::insert_into(rate_request_documents::table)
        .values((
            rate_request_documents::request_id.eq(request_id),
            rate_request_documents::sha256.eq(sha256),
            rate_request_documents::file_name.eq(file_name),
        ))
        .execute(conn)
}

/// The documents of request `id`: (sha256, file name).
pub fn request_documents(conn: &mut DbConn, id: i64) -> QueryResult<Vec<(String, String)>> {
    rate_request_documents::table
        .filter(rate_request_documents::request_id.eq(id))
        .order(rate_request_documents::file_name.asc())
        .select((
            rate_request_documents::sha256,
            rate_request_documents::file_name,
        ))
        .load(conn)
}

/// Closes request `id` if it is open: `prepared`, `refused` (with the reason) or
/// `cancelled`. Returns the rows changed (0: it was not open).
pub fn close_request(
    conn: &mut DbConn,
    id: i64,
    status: &str,
    reason: Option<&str>,
    by: i64,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        rate_requests::table
            .find(id)
            .filter(rate_requests::status.eq("open")),
    )
    .set((
        rate_requests::status.eq(status),
        rate_requests::refusal_reason.eq(reason),
        rate_requests::decided_by.eq(by),
        rate_requests::decided_at.eq(at),
    ))
    .execute(conn)
}

/// The open request of a rate, if any.
pub fn open_request(
    conn: &mut DbConn,
    commitment_id: i64,
    rate_no: i32,
) -> QueryResult<Option<RequestRow>> {
    rate_requests::table
        .filter(rate_requests::commitment_id.eq(commitment_id))
        .filter(rate_requests::rate_no.eq(rate_no))
        .filter(rate_requests::status.eq("open"))
        .select(RequestRow::as_select())
        .first(conn)
        .optional()
}

/// A payout as prepared.
pub struct NewPayout<'a> {
    pub commitment_id: i64,
    pub rate_no: i32,
    pub request_id: Option<i64>,
    pub amount_ore: i64,
    pub payment_reference: &'a str,
    pub evidence: &'a str,
    pub prepared_by: i64,
    pub prepared_at: NaiveDateTime,
}

/// Inserts a prepared payout; the database refuses a second live one for the rate and
/// any amount but the rate's.
pub fn insert(conn: &mut DbConn, p: &NewPayout) -> QueryResult<i64> {
    diesel::insert_into(payouts::table)
        .values((
            payouts::commitment_id.eq(p.commitment_id),
            payouts::rate_no.eq(p.rate_no),
            payouts::request_id.eq(p.request_id),
            payouts::amount_ore.eq(p.amount_ore),
            payouts::payment_reference.eq(p.payment_reference),
            payouts::evidence.eq(p.evidence),
            payouts::status.eq(PayoutStatus::Prepared.as_str()),
            payouts::prepared_by.eq(p.prepared_by),
            payouts::prepared_at.eq(p.prepared_at),
        ))
        .returning(payouts::id)
        .get_result(conn)
}

/// Approves payout `id` if it is prepared and `by` did not prepare it. Returns the rows
/// changed (0: someone else won, or it was never this person's to approve).
pub fn approve(conn: &mut DbConn, id: i64, by: i64, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        payouts::table
            .find(id)
            .filter(payouts::status.eq(PayoutStatus::Prepared.as_str()))
            .filter(payouts::prepared_by.ne(by)),
    )
    .set((
        payouts::status.eq(PayoutStatus::Approved.as_str()),
        payouts::approved_by.eq(by),
        payouts::approved_at.eq(at),
    ))
    .execute(conn)
}

/// Rejects or cancels payout `id` while it has not left (prepared or approved).
pub fn stop(
    conn: &mut DbConn,
    id: i64,
    to: PayoutStatus,
    reason: &str,
    by: i64,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(payouts::table.find(id).filter(payouts::status.eq_any([
        PayoutStatus::Prepared.as_str(),
        PayoutStatus::Approved.as_str(),
    ])))
    .set((
        payouts::status.eq(to.as_str()),
        payouts::approved_by.eq(None::<i64>),
        payouts::approved_at.eq(None::<NaiveDateTime>),
        payouts::decided_by.eq(by),
        payouts::decided_at.eq(at),
        payouts::decision_reason.eq(reason),
    ))
    .execute(conn)
}

/// The approved payouts of pool `pool_id` not yet in a batch, in payment-reference order.
pub fn approved_in_pool(conn: &mut DbConn, pool_id: i64) -> QueryResult<Vec<PayoutRow>> {
    payouts::table
        .inner_join(commitments::table.on(commitments::id.eq(payouts::commitment_id)))
        .filter(commitments::pool_id.eq(pool_id))
        .filter(payouts::status.eq(PayoutStatus::Approved.as_str()))
        .order((commitments::municipality_code.asc(), payouts::rate_no.asc()))
        .select(PayoutRow::as_select())
        .load(conn)
}

/// Every payout of pool `pool_id` in `statuses`, by municipality and rate.
pub fn in_pool(
    conn: &mut DbConn,
    pool_id: i64,
    statuses: &[PayoutStatus],
) -> QueryResult<Vec<PayoutRow>> {
    let statuses: Vec<&str> = statuses.iter().map(|s| s.as_str()).collect();
    payouts::table
        .inner_join(commitments::table.on(commitments::id.eq(payouts::commitment_id)))
        .filter(commitments::pool_id.eq(pool_id))
        .filter(payouts::status.eq_any(statuses))
        .order((commitments::municipality_code.asc(), payouts::rate_no.asc()))
        .select(PayoutRow::as_select())
        .load(conn)
}

/// The open requests of pool `pool_id`, oldest first.
pub fn open_requests_in_pool(conn: &mut DbConn, pool_id: i64) -> QueryResult<Vec<RequestRow>> {
    rate_requests::table
        .inner_join(commitments::table.on(commitments::id.eq(rate_requests::commitment_id)))
        .filter(commitments::pool_id.eq(pool_id))
        .filter(rate_requests::status.eq("open"))
        .order(rate_requests::id.asc())
        .select(RequestRow::as_select())
        .load(conn)
}

/// Every payout of pool `pool_id`, whatever its status, oldest first.
pub fn all_in_pool(conn: &mut DbConn, pool_id: i64) -> QueryResult<Vec<PayoutRow>> {
    payouts::table
        .inner_join(commitments::table.on(commitments::id.eq(payouts::commitment_id)))
        .filter(commitments::pool_id.eq(pool_id))
        .order(payouts::id.asc())
        .select(PayoutRow::as_select())
        .load(conn)
}

/// Every request of pool `pool_id`, whatever its status, oldest first.
pub fn requests_in_pool(conn: &mut DbConn, pool_id: i64) -> QueryResult<Vec<RequestRow>> {
    rate_requests::table
        .inner_join(commitments::table.on(commitments::id.eq(rate_requests::commitment_id)))
        .filter(commitments::pool_id.eq(pool_id))
        .order(rate_requests::id.asc())
        .select(RequestRow::as_select())
        .load(conn)
}

/// Every override of pool `pool_id`, oldest first.
pub fn overrides_in_pool(conn: &mut DbConn, pool_id: i64) -> QueryResult<Vec<OverrideRow>> {
    rate_overrides::table
        .inner_join(commitments::table.on(commitments::id.eq(rate_overrides::commitment_id)))
        .filter(commitments::pool_id.eq(pool_id))
        .order(rate_overrides::id.asc())
        .select(OverrideRow::as_select())
        .load(conn)
}

/// A new batch with its files.
pub struct NewBatch<'a> {
    pub pool_id: i64,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub payout_count: i32,
    pub total_ore: i64,
    pub csv: &'a [u8],
    pub xlsx: &'a [u8],
}

pub fn insert_batch(conn: &mut DbConn, b: &NewBatch) -> QueryResult<i64> {
    diesel::insert_into(payout_batches::table)
        .values((
            payout_batches::pool_id.eq(b.pool_id),
            payout_batches::created_by.eq(b.created_by),
            payout_batches::created_at.eq(b.created_at),
            payout_batches::payout_count.eq(b.payout_count),
            payout_batches::total_ore.eq(b.total_ore),
            payout_batches::csv.eq(b.csv),
            payout_batches::xlsx.eq(b.xlsx),
        ))
        .returning(payout_batches::id)
        .get_result(conn)
}

/// Puts approved payout `id` in batch `batch_id`; 0 when it is no longer approved.
pub fn export(conn: &mut DbConn, id: i64, batch_id: i64) -> QueryResult<usize> {
    diesel::update(
        payouts::table
            .find(id)
            .filter(payouts::status.eq(PayoutStatus::Approved.as_str())),
    )
    .set((
        payouts::status.eq(PayoutStatus::Exported.as_str()),
        payouts::batch_id.eq(batch_id),
    ))
    .execute(conn)
}

pub fn batches_of_pool(conn: &mut DbConn, pool_id: i64) -> QueryResult<Vec<BatchRow>> {
    payout_batches::table
        .filter(payout_batches::pool_id.eq(pool_id))
        .order(payout_batches::id.desc())
        .select(BatchRow::as_select())
        .load(conn)
}

pub fn get_batch(conn: &mut DbConn, id: i64) -> QueryResult<Option<BatchRow>> {
    payout_batches::table
        .find(id)
        .select(BatchRow::as_select())
        .get_result(conn)
        .optional()
}

/// The kept files of batch `id`: (CSV, XLSX).
pub fn batch_files(conn: &mut DbConn, id: i64) -> QueryResult<Option<(Vec<u8>, Vec<u8>)>> {
    payout_batches::table
        .find(id)
        .select((payout_batches::csv, payout_batches::xlsx))
        .get_result(conn)
        .optional()
}

pub fn in_batch(conn: &mut DbConn, batch_id: i64) -> QueryResult<Vec<PayoutRow>> {
    payouts::table
        .filter(payouts::batch_id.eq(batch_id))
        .order(payouts::id.asc())
        .select(PayoutRow::as_select())
        .load(conn)
}

/// Marks batch `id` paid on `paid_on` if it is not yet; returns the rows changed.
pub fn mark_batch_paid(
    conn: &mut DbConn,
    id: i64,
    paid_on: NaiveDate,
    by: i64,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        payout_batches::table
            .find(id)
            .filter(payout_batches::paid_on.is_null()),
    )
    .set((
        payout_batches::paid_on.eq(paid_on),
        payout_batches::paid_by.eq(by),
        payout_batches::paid_at.eq(at),
    ))
    .execute(conn)
}

/// Payout `p` (exported) and its rate (pending) turn paid; returns whether both did.
pub fn pay(conn: &mut DbConn, p: &PayoutRow, at: NaiveDateTime) -> QueryResult<bool> {
    let payout = diesel::update(
        payouts::table
            .find(p.id)
            .filter(payouts::status.eq(PayoutStatus::Exported.as_str())),
    )
    .set(payouts::status.eq(PayoutStatus::Paid.as_str()))
    .execute(conn)?;
    let rate = diesel::update(
        commitment_rates::table
            .filter(commitment_rates::commitment_id.eq(p.commitment_id))
            .filter(commitment_rates::rate_no.eq(p.rate_no))
            .filter(commitment_rates::status.eq(RateStatus::Pending.as_str())),
    )
    .set((
        commitment_rates::status.eq(RateStatus::Paid.as_str()),
        commitment_rates::paid_at.eq(at),
    ))
    .execute(conn)?;
    Ok(payout == 1 && rate == 1)
}

/// Cancels a pending rate for an officer's reason; 0 when it is not pending.
pub fn cancel_rate(
    conn: &mut DbConn,
    (commitment_id, rate_no): (i64, i32),
    cancelled_for: &str,
    note: &str,
) -> QueryResult<usize> {
    diesel::update(
        commitment_rates::table
            .filter(commitment_rates::commitment_id.eq(commitment_id))
            .filter(commitment_rates::rate_no.eq(rate_no))
            .filter(commitment_rates::status.eq(RateStatus::Pending.as_str())),
    )
    .set((
        commitment_rates::status.eq(RateStatus::Cancelled.as_str()),
        commitment_rates::cancelled_for.eq(cancelled_for),
        commitment_rates::cancel_note.eq(note),
    ))
    .execute(conn)
}

/// A proposed override.
pub fn insert_override(
    conn: &mut DbConn,
    (commitment_id, rate_no): (i64, i32),
    condition: &str,
    reason: &str,
    by: i64,
    at: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(rate_overrides::table)
        .values((
            rate_overrides::commitment_id.eq(commitment_id),
            rate_overrides::rate_no.eq(rate_no),
            rate_overrides::condition.eq(condition),
            rate_overrides::reason.eq(reason),
            rate_overrides::status.eq("proposed"),
            rate_overrides::proposed_by.eq(by),
            rate_overrides::proposed_at.eq(at),
        ))
        .returning(rate_overrides::id)
        .get_result(conn)
}

/// Decides proposed override `id` (`approved` or `rejected`) if `by` did not propose it.
pub fn decide_override(
    conn: &mut DbConn,
    id: i64,
    status: &str,
    by: i64,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        rate_overrides::table
            .find(id)
            .filter(rate_overrides::status.eq("proposed"))
            .filter(rate_overrides::proposed_by.ne(by)),
    )
    .set((
        rate_overrides::status.eq(status),
        rate_overrides::decided_by.eq(by),
        rate_overrides::decided_at.eq(at),
    ))
    .execute(conn)
}
