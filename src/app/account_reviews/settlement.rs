//! Settling the grant on the approved final account, in the approving transaction:
//! the settlement of the stored figures, the pending rates kept, cut or cancelled, and
//! the repayment claim with its letter by mail.

use super::*;

/// What approving the final account settles, from the stored figures: the commitment,
/// its paid and pending rates, the reviewed version's lines and the review's ineligible
/// amounts.
pub fn settlement_input(
    c: &mut DbConn,
    full: &Full,
    review: &ReviewRow,
) -> AppResult<SettlementInput> {
    let sum = |it: &mut dyn Iterator<Item = i64>| -> AppResult<Ore> {
        Ore::checked_sum(it.map(ore)).map_err(|e| AppError::Conflict(Msg::new(e.key())))
    };
    let paid = sum(&mut full
        .rates
        .iter()
        .filter(|r| r.status == RateStatus::Paid)
        .map(|r| r.amount_ore))?;
    let actual = sum(&mut acc_rows::lines_of(c, review.version_id)?
        .into_iter()
        .map(|l| l.actual_ore))?;
    let ineligible = sum(&mut rows::review_lines(c, review.id)?
        .into_iter()
        .map(|l| l.ineligible_ore))?;
    Ok(SettlementInput {
        commitment: ore(full.commitment.amount_ore),
        paid,
        actual,
        ineligible,
        pending: full
            .rates
            .iter()
            .filter(|r| r.status == RateStatus::Pending)
            .map(|r| (r.rate_no, ore(r.amount_ore)))
            .collect(),
    })
}

fn settle_figures(input: &SettlementInput) -> AppResult<Settlement> {
    accounts::settle(input).map_err(|e| AppError::internal(e.to_string()))
}

/// The number of a repayment claim: one per final account, so per pool and
/// municipality, `TB{pool}-{code}` beside the commitment's `T{pool}-{code}`.
pub fn claim_no(pool_id: i64, code: i32) -> String {
    format!("TB{pool_id}-{code}")
}

/// The final account's settlement, inside the approving transaction.
pub(super) fn settle_final(
    c: &mut DbConn,
    now: NaiveDateTime,
    full: &Full,
    account: &AccountRow,
    review: &ReviewRow,
    changes: &mut Vec<Change>,
) -> AppResult<(SettlementRow, Option<ClaimRow>)> {
    let input = settlement_input(c, full, review)?;
    let s = settle_figures(&input)?;
    let row = SettlementRow {
        account_id: account.id,
        review_id: review.id,
        commitment_ore: input.commitment.as_i64(),
        paid_ore: input.paid.as_i64(),
        actual_ore: input.actual.as_i64(),
        ineligible_ore: input.ineligible.as_i64(),
        eligible_ore: s.eligible.as_i64(),
        claim_ore: s.claim.as_i64(),
        settled_at: now,
    };
    rows::insert_settlement(c, &row)?;
    let cid = full.commitment.id;
    let mut outcomes = Vec::new();
    for (rate_no, outcome) in &s.rates {
        match outcome {
            RateOutcome::Keep => {}
            RateOutcome::Cut(to) => {
                rows::cut_rate(c, cid, *rate_no, to.as_i64())?;
            }
            RateOutcome::Cancel => {
                rows::cancel_rate_by_account(c, cid, *rate_no)?;
            }
        }
        outcomes.push(serde_json::json!({
            "rate_no": rate_no,
            "outcome": match outcome {
                RateOutcome::Keep => "keep".to_string(),
                RateOutcome::Cut(to) => format!("cut:{}", to.as_i64()),
                RateOutcome::Cancel => "cancel".to_string(),
            },
        }));
    }
    changes.push(
        Change::new("account.settle", "account", account.id)
            .after(&serde_json::json!({ "settlement": row, "rates": outcomes })),
    );
    if s.claim == Ore::ZERO {
        return Ok((row, None));
    }
    let settings = acc_rows::settings_of(c, full.commitment.pool_id)?
        .ok_or_else(|| AppError::internal("pool without account settings"))?;
    let due = today(now)
        .checked_add_days(chrono::Days::new(
            u64::try_from(settings.claim_due_days).unwrap_or(30),
        ))
        .ok_or_else(|| AppError::internal("due date beyond the calendar"))?;
    let number = claim_no(full.commitment.pool_id, full.commitment.municipality_code);
    rows::insert_claim(c, account.id, &number, s.claim.as_i64(), due, now)?;
    let claim = rows::claim_of(c, account.id)?.ok_or(AppError::NotFound)?;
    changes.push(Change::new("claim.create", "account", account.id).after(&claim));
    let letter = claim_letter_of(c, full, account, row.clone(), claim.clone())?;
    let v = claim_letter_view(&letter);
    let to =
        Address::parse(&letter.version.contact_email).map_err(|e| AppError::Conflict(e.msg()))?;
    crate::mail::enqueue(
        c,
        now,
        &NewEmail {
            kind: "repayment-claim",
            to,
            subject: tilskud_templates::pages::claim_letter::subject(&v),
            body_text: tilskud_templates::pages::claim_letter::letter_text(&v),
            body_html: None,
            related_entity: "account",
            related_id: account.id.to_string(),
        },
    )?;
    Ok((row, Some(claim)))
}
