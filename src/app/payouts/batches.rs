//! Batches for the state's finance system: an officer puts every approved payout of a
//! pool in one batch, whose CSV (for Danish Excel) and XLSX are made once and kept, so
//! a second download is the same bytes; marking the batch paid (with the date) turns its
//! payouts and their rates paid and emails each municipality's contact person.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::app::applications::Mail;
use crate::db::audit::{self, Actor, Change};
use crate::db::queries::applications as app_rows;
use crate::db::queries::commitments as commitment_rows;
use crate::db::queries::payouts::{self as rows, BatchRow, NewBatch, PayoutRow};
use crate::db::queries::{municipalities, pools};
use crate::db::DbConn;
use crate::error::{AppError, AppResult, Msg};
use crate::mail::{Address, NewEmail};

/// One line of a batch as the finance system gets it.
#[derive(Clone, Debug, Serialize)]
pub struct BatchLine {
    pub payout_id: i64,
    pub municipality: String,
    pub municipality_code: i32,
    pub amount_ore: i64,
    pub finance_account: String,
    pub rate_no: i32,
    pub letter_no: String,
    pub payment_reference: String,
}

/// Kroner with a decimal comma and no thousands separator, as Danish Excel reads a
/// number: 1234567,89.
pub fn kroner_cell(ore: i64) -> String {
    let sign = if ore < 0 { "-" } else { "" };
    let ore = ore.unsigned_abs();
    format!("{sign}{},{:02}", ore / 100, ore % 100)
}

/// The column headings, in Danish as the state's finance system takes them.
pub const HEADER: [&str; 8] = [
    "Modtager",
    "Kommunekode",
    "Beløb (kr.)",
    "Beløb (øre)",
    "Finanslovskonto",
    "Rate",
    "Tilsagnsbrev nr.",
    "Betalingsreference",
];

fn cells(l: &BatchLine) -> Vec<String> {
    vec![
        format!("{} Kommune", l.municipality),
        l.municipality_code.to_string(),
        kroner_cell(l.amount_ore),
        l.amount_ore.to_string(),
        l.finance_account.clone(),
        l.rate_no.to_string(),
        l.letter_no.clone(),
        l.payment_reference.clone(),
    ]
}

/// The batch's files: CSV (`;`, BOM, decimal comma) and XLSX (codes, øre and rate as
/// numbers).
pub fn files(title: &str, lines: &[BatchLine]) -> AppResult<(Vec<u8>, Vec<u8>)> {
    let header: Vec<String> = HEADER.iter().map(|h| h.to_string()).collect();
    let body: Vec<Vec<String>> = lines.iter().map(cells).collect();
    let csv = crate::export::danish_csv(&header, &body).map_err(AppError::internal)?;
    let xlsx =
        crate::export::table_xlsx(title, &header, &body, &[1, 3, 5]).map_err(AppError::internal)?;
    Ok((csv, xlsx))
}

fn line_of(
    c: &mut DbConn,
    p: &PayoutRow,
    finance_account: &str,
    names: &BTreeMap<i32, String>,
) -> AppResult<BatchLine> {
    let full = commitment_rows::get(c, p.commitment_id)?.ok_or(AppError::NotFound)?;
    let code = full.commitment.municipality_code;
    Ok(BatchLine {
        payout_id: p.id,
        municipality: names.get(&code).cloned().unwrap_or_default(),
        municipality_code: code,
        amount_ore: p.amount_ore,
        finance_account: finance_account.to_string(),
        rate_no: p.rate_no,
        letter_no: full.commitment.letter_no,
        payment_reference: p.payment_reference.clone(),
    })
}

/// The lines of payouts `payouts` of pool `pool_id` (the municipalities' names read once).
pub fn lines(c: &mut DbConn, pool_id: i64, payouts: &[PayoutRow]) -> AppResult<Vec<BatchLine>> {
    let pool = pools::get(c, pool_id)?.ok_or(AppError::NotFound)?;
    let names: BTreeMap<i32, String> = municipalities::all(c)?
        .into_iter()
        .map(|m| (m.code, m.name))
        .collect();
    payouts
        .iter()
        .map(|p| line_of(c, p, &pool.finance_account, &names))
        .collect()
}

/// An officer puts every approved payout of pool `pool_id` in a new batch. Nothing
/// approved: a 409.
pub fn create(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    pool_id: i64,
) -> AppResult<BatchRow> {
    let by = actor.user_id.ok_or(AppError::Forbidden)?;
    audit::write(conn, actor, now, |c| {
        let pool = pools::get(c, pool_id)?.ok_or(AppError::NotFound)?;
        let approved = rows::approved_in_pool(c, pool_id)?;
        if approved.is_empty() {
            return Err(AppError::Conflict(Msg::new(
                "payout-batch-nothing-approved",
            )));
        }
        let lines = lines(c, pool_id, &approved)?;
        let total: i64 = approved.iter().map(|p| p.amount_ore).sum();
        let title = format!("{}: udbetalinger", pool.name);
        let (csv, xlsx) = files(&title, &lines)?;
        let id = rows::insert_batch(
            c,
            &NewBatch {
                pool_id,
                created_by: by,
                created_at: now,
                payout_count: i32::try_from(approved.len()).unwrap_or(i32::MAX),
                total_ore: total,
                csv: &csv,
                xlsx: &xlsx,
            },
        )?;
        for p in &approved {
            if rows::export(c, p.id, id)? != 1 {
                return Err(AppError::Conflict(Msg::new("payout-batch-changed")));
            }
        }
        let batch = rows::get_batch(c, id)?.ok_or(AppError::NotFound)?;
        let ids: Vec<i64> = approved.iter().map(|p| p.id).collect();
        let change = Change::new("payout.batch", "payout_batch", id)
            .after(&serde_json::json!({ "batch": batch, "payouts": ids }));
        Ok((batch, vec![change]))
    })
}

/// A batch with its lines.
#[derive(Clone, Debug, Serialize)]
pub struct Batch {
    pub batch: BatchRow,
    pub lines: Vec<BatchLine>,
}

pub fn get(c: &mut DbConn, id: i64) -> AppResult<Batch> {
    let batch = rows::get_batch(c, id)?.ok_or(AppError::NotFound)?;
    let payouts = rows::in_batch(c, id)?;
    let lines = lines(c, batch.pool_id, &payouts)?;
    Ok(Batch { batch, lines })
}

/// The kept files of batch `id`: (CSV, XLSX), byte for byte as made.
pub fn stored_files(c: &mut DbConn, id: i64) -> AppResult<(Vec<u8>, Vec<u8>)> {
    rows::batch_files(c, id)?.ok_or(AppError::NotFound)
}

/// An officer marks batch `id` paid on `paid_on`: its payouts and their rates turn
/// paid, and each municipality's contact person is emailed (unless `mail` skips it: only
/// the demo's back-dated history). Once only: a second time is
/// a 409.
pub fn mark_paid(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    (id, paid_on): (i64, NaiveDate),
    mail: Mail,
) -> AppResult<BatchRow> {
    let by = actor.user_id.ok_or(AppError::Forbidden)?;
    audit::write(conn, actor, now, |c| {
        let before = rows::get_batch(c, id)?.ok_or(AppError::NotFound)?;
        if paid_on < before.created_at.date() {
            return Err(AppError::field(
                "paid_on",
                Msg::new("payout-batch-paid-before-created"),
            ));
        }
        if rows::mark_batch_paid(c, id, paid_on, by, now)? != 1 {
            return Err(AppError::Conflict(Msg::new("payout-batch-already-paid")));
        }
        let payouts = rows::in_batch(c, id)?;
        for p in &payouts {
            if !rows::pay(c, p, now)? {
                return Err(AppError::Conflict(Msg::new("payout-batch-changed")));
            }
            if mail == Mail::Queue {
                paid_email(c, now, p, paid_on)?;
            }
        }
        let after = rows::get_batch(c, id)?.ok_or(AppError::NotFound)?;
        let change = Change::new("payout.batch.paid", "payout_batch", id)
            .before(&before)
            .after(&after);
        Ok((after, vec![change]))
    })
}

/// The email to the municipality's contact person, in Danish as the agency's letters are.
fn paid_email(
    c: &mut DbConn,
    now: NaiveDateTime,
    p: &PayoutRow,
    paid_on: NaiveDate,
) -> AppResult<()> {
    let full = commitment_rows::get(c, p.commitment_id)?.ok_or(AppError::NotFound)?;
    let version =
        app_rows::get_version(c, full.commitment.version_id)?.ok_or(AppError::NotFound)?;
    let Ok(to) = Address::parse(&version.contact_email) else {
        return Ok(());
    };
    let pool = pools::get(c, full.commitment.pool_id)?.ok_or(AppError::NotFound)?;
    let municipality = municipalities::get(c, full.commitment.municipality_code)?
        .map(|m| m.name)
        .unwrap_or_default();
    let amount = tilskud_templates::pages::money(p.amount_ore);
    let date = paid_on.format("%d.%m.%Y");
    let body = format!(
        "Kære {name}\n\n\
         Styrelsen for Arbejdsmarked og Rekruttering har den {date} udbetalt rate {rate} af \
         {municipality} Kommunes tilskud fra puljen \"{pool}\": {amount}.\n\n\
         Tilsagnsbrev nr. {letter}. Betalingsreference: {reference}.\n\n\
         Med venlig hilsen\n\
         Styrelsen for Arbejdsmarked og Rekruttering\n",
        name = version.contact_name,
        rate = p.rate_no,
        pool = pool.name,
        letter = full.commitment.letter_no,
        reference = p.payment_reference,
    );
    crate::mail::enqueue(
        c,
        now,
        &NewEmail {
            kind: "rate-paid",
            to,
            subject: format!("Rate {} er udbetalt: \"{}\"", p.rate_no, pool.name),
            body_text: body,
            body_html: None,
            related_entity: "payout",
            related_id: p.id.to_string(),
        },
    )?;
    Ok(())
}
