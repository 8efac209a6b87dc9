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

/// The number of a repayment claim: one per final account, so per pool and
/// municipality, `TB{pool}-{code}` beside the commitment's `T{pool}-{code}`.
pub fn claim_no(pool_id: i64, code: i32) -> String {
    format!("TB{pool_id}-{code}")
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
                body.push_str(&format!(" Rate {rate} kan nu udbetales."));
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

/// The final account's settlement, inside the approving transaction.
fn settle_final(
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
            super::documents::date_text(account.deadline),
        );
        let email = account_email(c, &full, &account, "account-sent-back", subject, body)?;
        crate::mail::enqueue(c, now, &email)?;
        let change = Change::new("account.send-back", "account", account.id)
            .before(&account.status)
            .after(&serde_json::json!({ "status": AccountStatus::SentBack, "reason": reason }));
        Ok(((), vec![change]))
    })
}

/// A moved deadline as typed: the new date (YYYY-MM-DD) and why.
#[derive(Clone, Debug, Default)]
pub struct DeadlineDraft {
    pub deadline: String,
    pub reason: String,
}

/// A moved deadline whose fields read.
#[derive(Clone, Debug, Serialize)]
pub struct DeadlineInput {
    pub deadline: NaiveDate,
    pub reason: String,
}

impl DeadlineDraft {
    pub fn parse(&self) -> Result<DeadlineInput, FieldErrors> {
        let mut e = FieldErrors::default();
        let deadline = NaiveDate::parse_from_str(self.deadline.trim(), "%Y-%m-%d")
            .map_err(|_| e.add("deadline", Msg::new("date-invalid")))
            .ok();
        let reason = self.reason.trim();
        if reason.is_empty() || reason.chars().count() > 2000 {
            e.add("reason", Msg::new("decision-reason-required"));
        }
        match deadline {
            Some(deadline) if e.is_empty() => Ok(DeadlineInput {
                deadline,
                reason: reason.to_string(),
            }),
            _ => Err(e),
        }
    }
}

/// Moves an account's deadline, with the reason; the audit entry holds the old date, the
/// new one and the reason, and the contact person is told. Not for an approved or
/// cancelled account.
pub fn move_deadline(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    key: AccountKey,
    input: &DeadlineInput,
) -> AppResult<()> {
    audit::write(conn, actor, now, |c| {
        let account = account_of(c, key)?;
        if matches!(
            account.status,
            AccountStatus::Approved | AccountStatus::Cancelled
        ) {
            return Err(not_now(&account));
        }
        rows::set_deadline(c, account.id, input.deadline, now)?;
        let full = com_rows::get(c, account.commitment_id)?.ok_or(AppError::NotFound)?;
        let (pool, town) = pool_and_town(c, &full)?;
        let subject = format!(
            "Ny frist for {} – {} ({})",
            kind_text(account.kind),
            pool.name,
            town
        );
        let body = format!(
            "Fristen for {} Kommunes {} for puljen \"{}\" er flyttet fra {} til {}.\n\nBegrundelse: {}",
            town,
            kind_text(account.kind),
            pool.name,
            super::documents::date_text(account.deadline),
            super::documents::date_text(input.deadline),
            input.reason,
        );
        let email = account_email(c, &full, &account, "account-deadline", subject, body)?;
        crate::mail::enqueue(c, now, &email)?;
        let change = Change::new("account.deadline", "account", account.id)
            .before(&serde_json::json!({ "deadline": account.deadline }))
            .after(&serde_json::json!({ "deadline": input.deadline, "reason": input.reason }));
        Ok(((), vec![change]))
    })
}

/// A moved deadline as the account shows it: when, from, to, why.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct DeadlineMove {
    pub at: NaiveDateTime,
    pub deadline: NaiveDate,
    pub reason: String,
}

/// The account's moved deadlines, oldest first, from the audit log (for the
/// municipality's account page and the review page).
pub fn deadline_moves(c: &mut DbConn, account_id: i64) -> AppResult<Vec<DeadlineMove>> {
    #[derive(serde::Deserialize)]
    struct After {
        deadline: NaiveDate,
        reason: String,
    }
    Ok(rows::deadline_moves(c, account_id)?
        .into_iter()
        .filter_map(|(at, json)| {
            let a: After = serde_json::from_str(json.as_deref()?).ok()?;
            Some(DeadlineMove {
                at,
                deadline: a.deadline,
                reason: a.reason,
            })
        })
        .collect())
}

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
    if claim.status != "open" {
        return Err(AppError::Conflict(
            Msg::new("claim-not-open").arg("status", &claim.status),
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
    let on = NaiveDate::parse_from_str(received_on.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::field("received_on", Msg::new("date-invalid")))?;
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
                Msg::new("claim-not-open").arg("status", &claim.status),
            ));
        }
        let change = Change::new("claim.received", "account", account.id)
            .before(&claim.status)
            .after(&serde_json::json!({ "status": "received", "received_on": on, "claim_no": claim.claim_no }));
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
                Msg::new("claim-not-open").arg("status", &claim.status),
            ));
        }
        let change = Change::new("claim.write-off", "account", account.id)
            .before(&claim.status)
            .after(&serde_json::json!({ "status": "written_off", "reason": reason, "claim_no": claim.claim_no }));
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

fn claim_letter_of(
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
    use super::documents::{date_text, local_date_text};
    use tilskud_templates::pages::claim_letter::{ClaimLetterView, IneligibleLine};
    let s = &l.settlement;
    ClaimLetterView {
        claim_no: l.claim.claim_no.clone(),
        date: local_date_text(s.settled_at),
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
        due_date: date_text(l.claim.due_date),
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
        status: l.claim.status.clone(),
        received_on: l.claim.received_on.map(date_text).unwrap_or_default(),
        officer: l.officer.clone(),
    }
}

/// One line of budget against actual in the review: budget and actual per item and
/// year, whether it deviates beyond the tolerance, and the ineligible amount found.
#[derive(Clone, Debug, Serialize)]
pub struct FigureLine {
    pub item: CostItem,
    pub year: i32,
    pub budget_ore: i64,
    pub actual_ore: i64,
    pub deviates: bool,
    pub comment: String,
    pub ineligible_ore: i64,
    pub ineligible_reason: String,
}

/// The account as the officer reviews it.
#[derive(Clone, Debug)]
pub struct ReviewDetail {
    pub key: AccountKey,
    pub account: AccountRow,
    pub pool: PoolRow,
    pub municipality: String,
    pub full: Full,
    /// The newest submitted version and its documents.
    pub version: Option<VersionRow>,
    pub documents: Vec<acc_rows::DocumentLinkRow>,
    pub lines: Vec<FigureLine>,
    pub tolerance_bp: u32,
    pub paid_ore: i64,
    pub review: Option<ReviewRow>,
    pub review_lines: Vec<rows::ReviewLineRow>,
    /// The settlement approving would make now (final account under review).
    pub preview: Option<Settlement>,
    pub preview_input: Option<SettlementInput>,
    pub settlement: Option<SettlementRow>,
    pub claim: Option<ClaimRow>,
    pub deadline_moves: Vec<DeadlineMove>,
    pub certification: Msg,
    /// The commitment's rates as they stand (paid, kept, cut, cancelled).
    pub rates: Vec<rows::RateState>,
}

impl ReviewDetail {
    pub fn budget_total(&self) -> i64 {
        self.lines.iter().map(|l| l.budget_ore).sum()
    }
    pub fn actual_total(&self) -> i64 {
        self.lines.iter().map(|l| l.actual_ore).sum()
    }
    pub fn ineligible_total(&self) -> i64 {
        self.lines.iter().map(|l| l.ineligible_ore).sum()
    }
}

/// Reads the account for its review page.
pub fn review(c: &mut DbConn, key: AccountKey) -> AppResult<ReviewDetail> {
    let account = account_of(c, key)?;
    let full = com_rows::get(c, account.commitment_id)?.ok_or(AppError::NotFound)?;
    let (pool, municipality) = pool_and_town(c, &full)?;
    // The newest submitted version: a draft after a sending back is the municipality's.
    let version = rows::latest_submitted(c, account.id)?;
    let review = match &version {
        Some(v) => rows::review_of_version(c, v.id)?,
        None => None,
    };
    let review_lines = match &review {
        Some(r) => rows::review_lines(c, r.id)?,
        None => Vec::new(),
    };
    let documents = match &version {
        Some(v) => acc_rows::documents_of(c, v.id)?,
        None => Vec::new(),
    };
    let actual = match &version {
        Some(v) => acc_rows::lines_of(c, v.id)?,
        None => Vec::new(),
    };
    let settings = acc_rows::settings_of(c, pool.id)?
        .ok_or_else(|| AppError::internal("pool without account settings"))?;
    let tolerance = accounts::Tolerance::from_basis_points(i64::from(settings.tolerance_bp))
        .unwrap_or(accounts::Tolerance::DEFAULT);
    let mut cells: BTreeMap<(CostItem, i32), FigureLine> = BTreeMap::new();
    let years = account.first_year..=account.last_year;
    for b in app_rows::version_lines(c, full.commitment.version_id)? {
        let Some(item) = CostItem::parse(&b.cost_item) else {
            continue;
        };
        if !years.contains(&b.year) {
            continue;
        }
        cells
            .entry((item, b.year))
            .or_insert_with(|| blank(item, b.year))
            .budget_ore += b.amount_ore;
    }
    for a in &actual {
        let Some(item) = CostItem::parse(&a.cost_item) else {
            continue;
        };
        let cell = cells
            .entry((item, a.year))
            .or_insert_with(|| blank(item, a.year));
        cell.actual_ore = a.actual_ore;
        cell.comment = a.comment.clone();
    }
    for l in &review_lines {
        if let Some(cell) = CostItem::parse(&l.cost_item).and_then(|i| cells.get_mut(&(i, l.year)))
        {
            cell.ineligible_ore = l.ineligible_ore;
            cell.ineligible_reason = l.reason.clone();
        }
    }
    for cell in cells.values_mut() {
        cell.deviates = accounts::deviates(ore(cell.budget_ore), ore(cell.actual_ore), tolerance);
    }
    let paid_ore = full
        .rates
        .iter()
        .filter(|r| r.status == RateStatus::Paid)
        .map(|r| r.amount_ore)
        .sum();
    let (preview_input, preview) = match (&review, account.kind, account.status) {
        (Some(r), AccountKind::Final, AccountStatus::InReview) => {
            let input = settlement_input(c, &full, r)?;
            let s = accounts::settle(&input).ok();
            (Some(input), s)
        }
        _ => (None, None),
    };
    let settlement = rows::settlement_of(c, account.id)?;
    let claim = rows::claim_of(c, account.id)?;
    let deadline_moves = deadline_moves(c, account.id)?;
    let certification = super::accounts::certification_msg(&account);
    let rates = rows::rate_states(c, full.commitment.id)?;
    Ok(ReviewDetail {
        rates,
        key,
        account,
        pool,
        municipality,
        full,
        version,
        documents,
        lines: cells.into_values().collect(),
        tolerance_bp: tolerance.basis_points(),
        paid_ore,
        review,
        review_lines,
        preview,
        preview_input,
        settlement,
        claim,
        deadline_moves,
        certification,
    })
}

fn blank(item: CostItem, year: i32) -> FigureLine {
    FigureLine {
        item,
        year,
        budget_ore: 0,
        actual_ore: 0,
        deviates: false,
        comment: String::new(),
        ineligible_ore: 0,
        ineligible_reason: String::new(),
    }
}

/// How an account stands in the officers' list: its status, with an account still with
/// the municipality shown as due or overdue by the Copenhagen date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    Due,
    Overdue,
    Submitted,
    InReview,
    SentBack,
    Approved,
    Cancelled,
}

impl Standing {
    pub const ALL: [Standing; 7] = [
        Standing::Due,
        Standing::Overdue,
        Standing::Submitted,
        Standing::InReview,
        Standing::SentBack,
        Standing::Approved,
        Standing::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Standing::Due => "due",
            Standing::Overdue => "overdue",
            Standing::Submitted => "submitted",
            Standing::InReview => "in_review",
            Standing::SentBack => "sent_back",
            Standing::Approved => "approved",
            Standing::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Standing> {
        Standing::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// A draft is due, or overdue after its deadline (the Copenhagen date `today`); the
    /// others are their status. A sent-back account past its deadline is overdue too.
    pub fn of(status: AccountStatus, deadline: NaiveDate, today: NaiveDate) -> Standing {
        match status {
            AccountStatus::Draft | AccountStatus::SentBack if deadline < today => Standing::Overdue,
            AccountStatus::Draft => Standing::Due,
            AccountStatus::SentBack => Standing::SentBack,
            AccountStatus::Submitted => Standing::Submitted,
            AccountStatus::InReview => Standing::InReview,
            AccountStatus::Approved => Standing::Approved,
            AccountStatus::Cancelled => Standing::Cancelled,
        }
    }
}

/// The list's filters, as the GET form and the API's query give them; empty is all.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct ListFilter {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub municipality: String,
    #[serde(default)]
    pub overdue: String,
}

impl ListFilter {
    fn keeps(&self, row: &ListRow) -> bool {
        let status_ok = match self.status.trim() {
            "" => true,
            s => row.standing.as_str() == s,
        };
        let kind_ok = match self.kind.trim() {
            "" => true,
            k => row.kind.as_str() == k,
        };
        let town_ok = match self.municipality.trim() {
            "" => true,
            m => {
                row.code.to_string() == m
                    || row.municipality.to_lowercase().contains(&m.to_lowercase())
            }
        };
        let overdue_ok =
            !matches!(self.overdue.trim(), "1" | "true" | "on") || row.days_overdue > 0;
        status_ok && kind_ok && town_ok && overdue_ok
    }
}

/// One account in the officers' list.
#[derive(Clone, Debug, Serialize)]
pub struct ListRow {
    pub pool_id: i64,
    pub pool: String,
    pub code: i32,
    pub municipality: String,
    pub kind: AccountKind,
    pub deadline: NaiveDate,
    pub status: AccountStatus,
    pub standing: Standing,
    /// Days past the deadline by the Copenhagen date, for an account still due; 0 else.
    pub days_overdue: i64,
    pub certification: accounts::Certification,
    pub submitted_at: Option<NaiveDateTime>,
    pub claim: Option<ClaimRow>,
}

/// Every account across municipalities and pools that passes the filter, judged on the
/// Copenhagen date of `now`.
pub fn list(c: &mut DbConn, filter: &ListFilter, now: NaiveDateTime) -> AppResult<Vec<ListRow>> {
    let today = today(now);
    let pools: BTreeMap<i64, String> = pools::list(c)?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let towns: BTreeMap<i32, String> = municipalities::all(c)?
        .into_iter()
        .map(|m| (m.code, m.name))
        .collect();
    let claims: BTreeMap<i64, ClaimRow> = rows::all_claims(c)?
        .into_iter()
        .map(|cl| (cl.account_id, cl))
        .collect();
    let mut submitted: BTreeMap<i64, NaiveDateTime> = BTreeMap::new();
    for (id, at) in rows::last_submitted(c)? {
        if let Some(at) = at {
            let e = submitted.entry(id).or_insert(at);
            if at > *e {
                *e = at;
            }
        }
    }
    Ok(rows::all_accounts(c)?
        .into_iter()
        .map(|(a, pool_id, code)| {
            let standing = Standing::of(a.status, a.deadline, today);
            let days_overdue = if standing == Standing::Overdue {
                (today - a.deadline).num_days()
            } else {
                0
            };
            ListRow {
                pool_id,
                pool: pools.get(&pool_id).cloned().unwrap_or_default(),
                code,
                municipality: towns.get(&code).cloned().unwrap_or_default(),
                kind: a.kind,
                deadline: a.deadline,
                status: a.status,
                standing,
                days_overdue,
                certification: a.certification,
                submitted_at: submitted.get(&a.id).copied(),
                claim: claims.get(&a.id).cloned(),
            }
        })
        .filter(|r| filter.keeps(r))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn utc(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn an_account_is_overdue_from_the_copenhagen_day_after_its_deadline() {
        let deadline = day(2018, 4, 1);
        // 23:30 UTC on 1 April is already 2 April in Copenhagen (CEST).
        let today = today(utc("2018-04-01 21:59"));
        assert_eq!(
            Standing::of(AccountStatus::Draft, deadline, today),
            Standing::Due
        );
        let today = super::today(utc("2018-04-01 22:00"));
        assert_eq!(today, day(2018, 4, 2));
        assert_eq!(
            Standing::of(AccountStatus::Draft, deadline, today),
            Standing::Overdue
        );
        assert_eq!(
            Standing::of(AccountStatus::SentBack, deadline, today),
            Standing::Overdue
        );
        assert_eq!(
            Standing::of(AccountStatus::Submitted, deadline, today),
            Standing::Submitted
        );
        assert_eq!(
            Standing::of(AccountStatus::SentBack, deadline, deadline),
            Standing::SentBack
        );
        for s in Standing::ALL {
            assert_eq!(Standing::parse(s.as_str()), Some(s));
        }
    }

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
