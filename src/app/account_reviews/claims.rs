//! Repayment claims: received (with the date) or written off (with the reason), and
//! the claim letter.

use super::*;
use crate::domain::accounts::ClaimStatus;

/// The open claim of the municipality's final account.
fn open_claim(c: &mut DbConn, pool_id: i64, code: i32) -> AppResult<(AccountRow, ClaimRow)> {
    let account = account_of(
        c,
        AccountKey {
            pool_id,
            code,
            kind: AccountKind::Final,
        },
    )?;
    let claim = rows::claim_of(c, account.id)?.ok_or(AppError::NotFound)?;
    if claim.status != ClaimStatus::Open {
        return Err(AppError::Conflict(
            Msg::new("claim-not-open").arg("status", claim.status),
        ));
    }
    Ok((account, claim))
}

/// Records that the claim was paid back, on the date given (YYYY-MM-DD).
pub fn claim_received(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    (pool_id, code): (i64, i32),
    received_on: &str,
) -> AppResult<()> {
    let on = crate::domain::time::parse_iso_date(received_on)
        .map_err(|e| AppError::field("received_on", Msg::new(e.key())))?;
    if on > today(now) {
        return Err(AppError::field(
            "received_on",
            Msg::new("claim-received-future"),
        ));
    }
    audit::write(conn, actor, now, |c| {
        let (account, claim) = open_claim(c, pool_id, code)?;
        if rows::claim_received(c, claim.id, on, now)? != 1 {
            return Err(AppError::Conflict(
                Msg::new("claim-not-open").arg("status", claim.status),
            ));
        }
        let change = Change::new("claim.received", "account", account.id)
            .before(&claim.status)
            .after(&serde_json::json!({ "status": ClaimStatus::Received, "received_on": on, "claim_no": claim.claim_no }));
        Ok(((), vec![change]))
    })
}

/// Writes the claim off, with the reason.
pub fn claim_write_off(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    (pool_id, code): (i64, i32),
    reason: &Reason,
) -> AppResult<()> {
    audit::write(conn, actor, now, |c| {
        let (account, claim) = open_claim(c, pool_id, code)?;
        if rows::claim_written_off(c, claim.id, reason.as_str(), now)? != 1 {
            return Err(AppError::Conflict(
                Msg::new("claim-not-open").arg("status", claim.status),
            ));
        }
        let change = Change::new("claim.write-off", "account", account.id)
            .before(&claim.status)
            .after(&serde_json::json!({ "status": ClaimStatus::WrittenOff, "reason": reason, "claim_no": claim.claim_no }));
        Ok(((), vec![change]))
    })
}

/// Everything the claim letter says, as stored.
#[derive(Clone, Debug)]
pub struct ClaimLetter {
    pub pool: PoolRow,
    pub municipality: String,
    pub full: Full,
    pub version: app_rows::VersionRow,
    pub settlement: SettlementRow,
    pub claim: ClaimRow,
    /// (item, year, ineligible øre, reason)
    pub ineligible: Vec<rows::ReviewLineRow>,
    pub officer: String,
}

pub(super) fn claim_letter_of(
    c: &mut DbConn,
    full: &Full,
    account: &AccountRow,
    settlement: SettlementRow,
    claim: ClaimRow,
) -> AppResult<ClaimLetter> {
    let _ = account;
    let (pool, municipality) = pool_and_town(c, full)?;
    let version = contact(c, full)?;
    let ineligible = rows::review_lines(c, settlement.review_id)?;
    let officer = rows::latest_review(c, settlement.account_id)?
        .and_then(|r| r.decided_by)
        .map(|id| crate::db::queries::users::get(c, id))
        .transpose()?
        .flatten()
        .map(|u| u.display_name)
        .unwrap_or_default();
    Ok(ClaimLetter {
        pool,
        municipality,
        full: full.clone(),
        version,
        settlement,
        claim,
        ineligible,
        officer,
    })
}

/// The claim letter of the municipality's final account; `None` while it has no claim
/// (not settled, or settled without one).
pub fn claim_letter(c: &mut DbConn, pool_id: i64, code: i32) -> AppResult<Option<ClaimLetter>> {
    let account = account_of(
        c,
        AccountKey {
            pool_id,
            code,
            kind: AccountKind::Final,
        },
    )?;
    let (Some(settlement), Some(claim)) = (
        rows::settlement_of(c, account.id)?,
        rows::claim_of(c, account.id)?,
    ) else {
        return Ok(None);
    };
    let full = com_rows::get(c, account.commitment_id)?.ok_or(AppError::NotFound)?;
    claim_letter_of(c, &full, &account, settlement, claim).map(Some)
}

/// The claim letter's view model, dated with the Copenhagen date of the settlement.
pub fn claim_letter_view(
    l: &ClaimLetter,
) -> tilskud_templates::pages::claim_letter::ClaimLetterView {
    use crate::app::documents::{local_long_date_text, long_date_text};
    use tilskud_templates::pages::claim_letter::{ClaimLetterView, IneligibleLine};
    let s = &l.settlement;
    ClaimLetterView {
        claim_no: l.claim.claim_no.clone(),
        date: local_long_date_text(s.settled_at),
        municipality: l.municipality.clone(),
        contact_name: l.version.contact_name.clone(),
        contact_title: l.version.contact_title.clone(),
        pool_name: l.pool.name.clone(),
        finance_account: l.pool.finance_account.clone(),
        letter_no: l.full.commitment.letter_no.clone(),
        commitment_ore: s.commitment_ore,
        paid_ore: s.paid_ore,
        actual_ore: s.actual_ore,
        ineligible_ore: s.ineligible_ore,
        eligible_ore: s.eligible_ore,
        claim_ore: l.claim.amount_ore,
        due_date: long_date_text(l.claim.due_date),
        ineligible: l
            .ineligible
            .iter()
            .map(|i| IneligibleLine {
                item: i.cost_item.clone(),
                year: i.year,
                amount_ore: i.ineligible_ore,
                reason: i.reason.clone(),
            })
            .collect(),
        status: l.claim.status.as_str().to_string(),
        received_on: l.claim.received_on.map(long_date_text).unwrap_or_default(),
        officer: l.officer.clone(),
    }
}
