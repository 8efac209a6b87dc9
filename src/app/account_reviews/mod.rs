//! The officer's side of accounts (regnskab, issue 12): the review of a submitted version
//! (figures and content ticked, ineligible amounts per line with a reason), approval or
//! sending back (mailed to the contact person), the settlement on the final account
//! (`domain::accounts::settle`) with its repayment claim and letter, the claim's
//! receipt or write-off, a moved deadline, and the list of every account. Each change is
//! one transaction with its audit entry and its mail. The design is `docs/accounts.md`.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

pub use super::accounts::AccountKey;
use super::applications::{amount_text, Reason};
use super::commitments::today;
use crate::db::audit::{self, Actor, Change};
use crate::db::models::PoolRow;
use crate::db::queries::account_reviews::{self as rows, ClaimRow, ReviewRow, SettlementRow};
use crate::db::queries::accounts::{self as acc_rows, AccountRow, LineRow, VersionRow};
use crate::db::queries::applications as app_rows;
use crate::db::queries::commitments::{self as com_rows, Full};
use crate::db::queries::{municipalities, pools};
use crate::db::DbConn;
use crate::domain::accounts::{self, AccountKind, RateOutcome, Settlement, SettlementInput};
use crate::domain::budget::CostItem;
use crate::domain::money::{self, Ore};
use crate::domain::status::{AccountStatus, RateStatus};
use crate::error::{AppError, AppResult, FieldErrors, Msg};
use crate::mail::{Address, NewEmail};

mod claims;
mod deadline;
mod detail;
mod list;
mod settlement;

pub use claims::*;
pub use deadline::*;
pub use detail::*;
pub use list::*;
pub use settlement::*;

fn ore(amount: i64) -> Ore {
    Ore::from_ore(amount).unwrap_or(Ore::ZERO)
}

/// The form field of a line's ineligible amount, e.g. `ineligible_other_2017`.
pub fn ineligible_field(item: CostItem, year: i32) -> String {
    format!("ineligible_{}_{year}", item.key())
}

/// The form field of the reason for a line's ineligible amount.
pub fn ineligible_reason_field(item: CostItem, year: i32) -> String {
    format!("ineligible_reason_{}_{year}", item.key())
}

/// One line's ineligible amount as typed: Danish notation, and the reason.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IneligibleDraft {
    pub item: String,
    pub year: i32,
    pub amount: String,
    pub reason: String,
}

/// The review as typed: the two ticks and the ineligible amounts.
#[derive(Clone, Debug, Default)]
pub struct ReviewDraft {
    pub figures_checked: bool,
    pub content_checked: bool,
    pub lines: Vec<IneligibleDraft>,
}

/// A review whose fields all read.
#[derive(Clone, Debug, Serialize)]
pub struct ReviewInput {
    pub figures_checked: bool,
    pub content_checked: bool,
    /// (item, year, ineligible øre, reason)
    pub lines: Vec<(CostItem, i32, i64, String)>,
}

impl ReviewDraft {
    /// Checks every line at once against the version's lines (`actual`): the amount
    /// reads, lies within the line's actual spend, and comes with a reason. An empty or
    /// zero amount is no ineligible amount.
    pub fn parse(&self, actual: &[LineRow]) -> Result<ReviewInput, FieldErrors> {
        let mut e = FieldErrors::default();
        let mut lines = Vec::new();
        for l in &self.lines {
            let Some(item) = CostItem::parse(l.item.trim()) else {
                e.add(
                    "lines",
                    Msg::new("budget-unknown-item").arg("item", &l.item),
                );
                continue;
            };
            let field = ineligible_field(item, l.year);
            if l.amount.trim().is_empty() {
                continue;
            }
            let amount = match money::parse_kroner_input(&l.amount) {
                Ok(o) => o.as_i64(),
                Err(err) => {
                    e.add(field, Msg::new(err.key()));
                    continue;
                }
            };
            if amount == 0 {
                continue;
            }
            let line_actual = actual
                .iter()
                .find(|a| a.cost_item == item.key() && a.year == l.year)
                .map(|a| a.actual_ore)
                .unwrap_or(0);
            if amount > line_actual {
                e.add(
                    field,
                    Msg::new("review-ineligible-above-actual").money("actual", line_actual),
                );
            }
            let reason = l.reason.trim();
            if reason.is_empty() || reason.chars().count() > 2000 {
                e.add(
                    ineligible_reason_field(item, l.year),
                    Msg::new("review-ineligible-reason-required"),
                );
            }
            lines.push((item, l.year, amount, reason.to_string()));
        }
        if !e.is_empty() {
            return Err(e);
        }
        lines.sort();
        Ok(ReviewInput {
            figures_checked: self.figures_checked,
            content_checked: self.content_checked,
            lines,
        })
    }

    /// A stored review as typed text.
    pub fn from_review(review: &ReviewRow, lines: &[rows::ReviewLineRow]) -> ReviewDraft {
        ReviewDraft {
            figures_checked: review.figures_checked,
            content_checked: review.content_checked,
            lines: lines
                .iter()
                .map(|l| IneligibleDraft {
                    item: l.cost_item.clone(),
                    year: l.year,
                    amount: amount_text(l.ineligible_ore),
                    reason: l.reason.clone(),
                })
                .collect(),
        }
    }
}

fn account_of(c: &mut DbConn, key: AccountKey) -> AppResult<AccountRow> {
    acc_rows::find(c, key.pool_id, key.code, key.kind)?.ok_or(AppError::NotFound)
}

fn not_now(account: &AccountRow) -> AppError {
    AppError::Conflict(Msg::new("review-not-possible").arg("status", account.status))
}

/// The account under review, with its open review and the version reviewed.
fn in_review(c: &mut DbConn, key: AccountKey) -> AppResult<(AccountRow, ReviewRow)> {
    let account = account_of(c, key)?;
    if account.status != AccountStatus::InReview {
        return Err(not_now(&account));
    }
    let review = rows::latest_review(c, account.id)?
        .filter(|r| r.decision.is_none())
        .ok_or_else(|| not_now(&account))?;
    Ok((account, review))
}

/// Starts the review of the latest submitted version: the account is in review.
/// Returns the review's id.
pub fn start(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    key: AccountKey,
) -> AppResult<i64> {
    audit::write(conn, actor, now, |c| {
        let account = account_of(c, key)?;
        if !account.status.can_become(AccountStatus::InReview) {
            return Err(not_now(&account));
        }
        let version = acc_rows::latest_version(c, account.id)?
            .filter(|v| v.submitted_at.is_some())
            .ok_or_else(|| not_now(&account))?;
        let by = actor.user_id.ok_or(AppError::Unauthorized)?;
        let id = rows::insert_review(c, account.id, version.id, by, now)?;
        acc_rows::set_status(c, account.id, AccountStatus::InReview, now)?;
        let change = Change::new("account.review-start", "account", account.id)
            .before(&account.status)
            .after(&serde_json::json!({
                "status": AccountStatus::InReview,
                "review_id": id,
                "version_no": version.version_no,
            }));
        Ok((id, vec![change]))
    })
}

/// Saves the review: the ticks and the ineligible amounts, every field checked at once
/// against the reviewed version's lines.
pub fn save(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    key: AccountKey,
    draft: &ReviewDraft,
) -> AppResult<ReviewInput> {
    audit::write(conn, actor, now, |c| {
        let (account, review) = in_review(c, key)?;
        let actual = acc_rows::lines_of(c, review.version_id)?;
        let input = draft.parse(&actual).map_err(AppError::Invalid)?;
        rows::save_review(
            c,
            review.id,
            input.figures_checked,
            input.content_checked,
            &input.lines,
        )?;
        let change = Change::new("account.review-save", "account", account.id).after(&input);
        Ok((input, vec![change]))
    })
}

/// The contact person of the commitment's approved application.
fn contact(c: &mut DbConn, full: &Full) -> AppResult<app_rows::VersionRow> {
    app_rows::get_version(c, full.commitment.version_id)?.ok_or(AppError::NotFound)
}

fn kind_text(kind: AccountKind) -> &'static str {
    match kind {
        AccountKind::Interim => "mellemregnskab",
        AccountKind::Final => "slutregnskab",
    }
}

/// A mail to the contact person about the account.
fn account_email(
    c: &mut DbConn,
    full: &Full,
    account: &AccountRow,
    kind: &'static str,
    subject: String,
    body: String,
) -> AppResult<NewEmail> {
    let v = contact(c, full)?;
    let to = Address::parse(&v.contact_email).map_err(|e| AppError::Conflict(e.msg()))?;
    Ok(NewEmail {
        kind,
        to,
        subject,
        body_text: format!(
            "Kære {}\n\n{body}\n\nMed venlig hilsen\nStyrelsen for Arbejdsmarked og Rekruttering\n",
            v.contact_name
        ),
        body_html: None,
        related_entity: "account",
        related_id: account.id.to_string(),
    })
}

fn pool_and_town(c: &mut DbConn, full: &Full) -> AppResult<(PoolRow, String)> {
    let pool = pools::get(c, full.commitment.pool_id)?.ok_or(AppError::NotFound)?;
    let town = municipalities::get(c, full.commitment.municipality_code)?
        .map(|m| m.name)
        .unwrap_or_default();
    Ok((pool, town))
}

/// What an approval did: for the final account, the settlement and the claim (if any).
#[derive(Clone, Debug, Serialize)]
pub struct Approval {
    pub account_id: i64,
    pub settlement: Option<SettlementRow>,
    pub claim: Option<ClaimRow>,
}

/// Approves the account under review (both parts ticked), mailed to the contact person.
/// An approved interim account lets its rate be paid. The final account settles the
/// grant in the same transaction: the settlement of the stored figures, the pending
/// rates kept, cut or cancelled ("regnskab"), and a claim above zero with its number,
/// its due date (the Copenhagen date + the pool's `claim_due_days`) and its letter by
/// mail.
pub fn approve(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    key: AccountKey,
) -> AppResult<Approval> {
    audit::write(conn, actor, now, |c| {
        let (account, review) = in_review(c, key)?;
        if !(review.figures_checked && review.content_checked) {
            return Err(AppError::Conflict(Msg::new("review-checks-required")));
        }
        let by = actor.user_id.ok_or(AppError::Unauthorized)?;
        if rows::decide(c, review.id, "approved", "", by, now)? != 1 {
            return Err(not_now(&account));
        }
        acc_rows::set_status(c, account.id, AccountStatus::Approved, now)?;
        let full = com_rows::get(c, account.commitment_id)?.ok_or(AppError::NotFound)?;
        let mut changes = vec![Change::new("account.approve", "account", account.id)
            .before(&account.status)
            .after(
                &serde_json::json!({ "status": AccountStatus::Approved, "review_id": review.id }),
            )];
        let (pool, town) = pool_and_town(c, &full)?;
        let mut approval = Approval {
            account_id: account.id,
            settlement: None,
            claim: None,
        };
        let mut body = format!(
            "Styrelsen har godkendt {} Kommunes {} for puljen \"{}\".",
            town,
            kind_text(account.kind),
            pool.name
        );
        if account.kind == AccountKind::Interim {
            if let Some(rate) = account.before_rate {
                // Approval meets one of the rate's conditions, not all of them (the
                // milestones and the earliest date still apply).
                body.push_str(&format!(
                    " Dermed er betingelsen om et godkendt mellemregnskab for rate {rate} opfyldt."
                ));
            }
        } else {
            let (settlement, claim) = settle_final(c, now, &full, &account, &review, &mut changes)?;
            body.push_str(&format!(
                "\n\nTilskudsberettigede udgifter: {}\nUdbetalt: {}\nKrav om tilbagebetaling: {}",
                money_text(settlement.eligible_ore),
                money_text(settlement.paid_ore),
                money_text(settlement.claim_ore),
            ));
            if claim.is_some() {
                body.push_str("\nBrevet om tilbagebetaling sendes i en særskilt mail.");
            }
            approval.settlement = Some(settlement);
            approval.claim = claim;
        }
        let subject = format!(
            "Godkendt {} – {} ({})",
            kind_text(account.kind),
            pool.name,
            town
        );
        let email = account_email(c, &full, &account, "account-approved", subject, body)?;
        crate::mail::enqueue(c, now, &email)?;
        Ok((approval, changes))
    })
}

fn money_text(o: i64) -> String {
    tilskud_templates::pages::money(o)
}

/// Sends the account under review back with the reason, mailed to the contact person;
/// the municipality's next version starts as a copy of the one sent.
pub fn send_back(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    key: AccountKey,
    reason: &Reason,
) -> AppResult<()> {
    audit::write(conn, actor, now, |c| {
        let (account, review) = in_review(c, key)?;
        let by = actor.user_id.ok_or(AppError::Unauthorized)?;
        if rows::decide(c, review.id, "sent_back", reason.as_str(), by, now)? != 1 {
            return Err(not_now(&account));
        }
        acc_rows::set_status(c, account.id, AccountStatus::SentBack, now)?;
        let full = com_rows::get(c, account.commitment_id)?.ok_or(AppError::NotFound)?;
        let (pool, town) = pool_and_town(c, &full)?;
        let subject = format!(
            "Sendt tilbage: {} – {} ({})",
            kind_text(account.kind),
            pool.name,
            town
        );
        let body = format!(
            "Styrelsen har sendt {} Kommunes {} for puljen \"{}\" tilbage til rettelse.\n\n\
             Begrundelse: {}\n\nRet regnskabet og indsend det igen senest {}.",
            town,
            kind_text(account.kind),
            pool.name,
            reason.as_str(),
            crate::app::documents::date_text(account.deadline),
        );
        let email = account_email(c, &full, &account, "account-sent-back", subject, body)?;
        crate::mail::enqueue(c, now, &email)?;
        let change = Change::new("account.send-back", "account", account.id)
            .before(&account.status)
            .after(&serde_json::json!({ "status": AccountStatus::SentBack, "reason": reason }));
        Ok(((), vec![change]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(item: &str, year: i32, actual: i64) -> LineRow {
        LineRow {
            version_id: 1,
            cost_item: item.into(),
            year,
            actual_ore: actual,
            comment: String::new(),
        }
    }

    #[test]
    fn ineligible_amounts_are_read_to_the_ore_within_the_line_and_with_a_reason() {
        let actual = [line("other", 2017, 100_000), line("other", 2018, 0)];
        let typed = |amount: &str, reason: &str, year| IneligibleDraft {
            item: "other".into(),
            year,
            amount: amount.into(),
            reason: reason.into(),
        };
        let draft = ReviewDraft {
            figures_checked: true,
            content_checked: false,
            lines: vec![typed("1.000,00", "Gave", 2017), typed("", "", 2018)],
        };
        let input = draft.parse(&actual).expect("reads");
        assert_eq!(
            input.lines,
            vec![(CostItem::Other, 2017, 100_000, "Gave".to_string())]
        );
        let too_much = ReviewDraft {
            lines: vec![typed("1.000,01", " ", 2017), typed("abc", "x", 2018)],
            ..draft
        };
        let fields: Vec<String> = too_much
            .parse(&actual)
            .expect_err("three")
            .0
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(
            fields,
            [
                "ineligible_other_2017",
                "ineligible_reason_other_2017",
                "ineligible_other_2018"
            ]
        );
    }
}
