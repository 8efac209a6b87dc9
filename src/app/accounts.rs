//! Accounts (regnskab): the accounts a commitment needs, created with it; the
//! municipality's draft, its documents and its submission (a frozen version and a
//! receipt); the accounts cancelled with a withdrawn commitment. The design is
//! `docs/accounts.md`; the rules are `domain::accounts`.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::applications::{amount_text, limited, limited_line};
use crate::db::audit::{self, Actor, Change};
use crate::db::models::PoolRow;
use crate::db::queries::accounts::{self as rows, AccountRow, NewAccount, Signature, VersionRow};
use crate::db::queries::applications as app_rows;
use crate::db::queries::commitments::Full;
use crate::db::DbConn;
use crate::domain::accounts::{
    self, AccountKind, Certification, CertificationRule, DocumentPurpose, InterimRule, Tolerance,
};
use crate::domain::budget::{BudgetLine, CostItem};
use crate::domain::money::{self, Ore};
use crate::domain::status::{AccountStatus, RateStatus};
use crate::error::{AppError, AppResult, FieldErrors, Msg};

/// An account as the routes name it: the municipality's commitment in a pool, and which
/// of its accounts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AccountKey {
    pub pool_id: i64,
    pub code: i32,
    pub kind: AccountKind,
}

impl AccountKey {
    /// The key as the routes give it (`/pools/{pool}/accounts/{code}/{kind}`); a kind
    /// that is neither `interim` nor `final` is a page that does not exist.
    pub fn from_path((pool_id, code, kind): (i64, i32, String)) -> AppResult<AccountKey> {
        let kind = AccountKind::parse(&kind).ok_or(AppError::NotFound)?;
        Ok(AccountKey {
            pool_id,
            code,
            kind,
        })
    }
}

fn ore(amount: i64) -> Ore {
    Ore::from_ore(amount).unwrap_or(Ore::ZERO)
}

/// The rule that decided the account's certification, said with the grant and the
/// threshold that decided it ("Tilsagn på 2.235.074 kr. er over 500.000 kr.:
/// revisorpåtegnet regnskab.").
pub fn certification_msg(account: &AccountRow) -> Msg {
    let rule = CertificationRule::of(
        account.kind,
        ore(account.grant_ore),
        ore(account.threshold_ore),
    );
    rule.money_args()
        .into_iter()
        .fold(Msg::new(rule.key()), |msg, (name, amount)| {
            msg.money(name, amount.as_i64())
        })
}

/// The final account of `full` as the approval gives it: every year of the commitment,
/// due on the commitment's account deadline, certified by the pool's threshold.
fn final_account(full: &Full, pool: &PoolRow, now: NaiveDateTime) -> NewAccount {
    let c = &full.commitment;
    let rule = CertificationRule::of(
        AccountKind::Final,
        ore(c.amount_ore),
        ore(pool.auditor_threshold_ore),
    );
    NewAccount {
        commitment_id: c.id,
        kind: AccountKind::Final.as_str(),
        before_rate: None,
        first_year: c.period_start.year(),
        last_year: c.period_end.year(),
        deadline: c.account_deadline,
        certification: rule.certification().as_str(),
        grant_ore: c.amount_ore,
        threshold_ore: pool.auditor_threshold_ore,
        status: AccountStatus::Draft.as_str(),
        created_at: now,
        updated_at: now,
    }
}

/// Creates the accounts a new commitment needs, inside the approving transaction: the
/// final account, and the interim account before the rate the pool names, if the
/// commitment has that rate pending. Returns their audit entries.
pub(crate) fn create_for_commitment(
    c: &mut DbConn,
    full: &Full,
    pool: &PoolRow,
    now: NaiveDateTime,
) -> AppResult<Vec<Change>> {
    let settings = rows::settings_of(c, pool.id)?
        .ok_or_else(|| AppError::internal(format!("pool {} has no account settings", pool.id)))?;
    let mut new = vec![final_account(full, pool, now)];
    let gated = settings.interim_before_rate.and_then(|n| {
        full.rates
            .iter()
            .find(|r| r.rate_no == n && r.status == RateStatus::Pending)
    });
    if let Some(rate) = gated {
        let rule = InterimRule {
            before_rate: rate.rate_no,
            deadline_months: u32::try_from(settings.interim_deadline_months).unwrap_or(0),
        };
        let years = (
            full.commitment.period_start.year(),
            full.commitment.period_end.year(),
        );
        let approved_on = super::commitments::today(now);
        let terms = rule
            .terms(rate.earliest_date, approved_on, years)
            .ok_or_else(|| AppError::internal("interim deadline beyond the calendar"))?;
        new.insert(
            0,
            NewAccount {
                kind: AccountKind::Interim.as_str(),
                before_rate: Some(rate.rate_no),
                first_year: terms.first_year,
                last_year: terms.last_year,
                deadline: terms.deadline,
                certification: Certification::Management.as_str(),
                ..final_account(full, pool, now)
            },
        );
    }
    let mut changes = Vec::new();
    for account in &new {
        let row = rows::insert(c, account)?;
        changes.push(Change::new("account.create", "account", row.id).after(&row));
    }
    Ok(changes)
}

/// Cancels, inside the withdrawing transaction, the accounts a withdrawn commitment no
/// longer needs: the interim account (the rate it gates is cancelled) and, if no rate was
/// paid, the final account too. Approved accounts stay as they are.
pub(crate) fn cancel_for_withdrawal(
    c: &mut DbConn,
    full: &Full,
    now: NaiveDateTime,
) -> AppResult<Vec<Change>> {
    let paid_any = full.rates.iter().any(|r| r.status == RateStatus::Paid);
    let mut changes = Vec::new();
    for account in rows::of_commitment(c, full.commitment.id)? {
        let needed = account.kind == AccountKind::Final && paid_any;
        if needed || !account.status.can_become(AccountStatus::Cancelled) {
            continue;
        }
        rows::set_status(c, account.id, AccountStatus::Cancelled, now)?;
        changes.push(
            Change::new("account.cancel", "account", account.id)
                .before(&account.status)
                .after(&AccountStatus::Cancelled),
        );
    }
    Ok(changes)
}

/// One line of an account as typed: a cost item in a year, the actual spend in Danish
/// notation, and the comment.
#[derive(Clone, Debug, Default)]
pub struct LineDraft {
    pub item: String,
    pub year: i32,
    pub actual: String,
    pub comment: String,
}

/// An account version as typed, in the page's form or the API's body.
#[derive(Clone, Debug, Default)]
pub struct AccountDraft {
    /// The signing manager, or the auditor.
    pub signer_name: String,
    /// The signing manager's title (management-certified).
    pub signer_title: String,
    /// The audit firm (auditor-certified).
    pub audit_firm: String,
    /// YYYY-MM-DD, or empty.
    pub signed_on: String,
    pub lines: Vec<LineDraft>,
}

/// A draft whose fields all read: what can be saved.
#[derive(Clone, Debug, Serialize)]
pub struct AccountInput {
    pub signer_name: String,
    pub signer_title: String,
    pub audit_firm: String,
    pub signed_on: Option<NaiveDate>,
    /// (item, year, actual in øre, comment)
    pub lines: Vec<(CostItem, i32, i64, String)>,
}

/// The form field of a line's actual spend or comment, e.g. `actual_other_2017`.
pub fn line_field(prefix: &str, item: CostItem, year: i32) -> String {
    format!("{prefix}_{}_{year}", item.key())
}

impl AccountDraft {
    /// Checks what a draft needs, every field at once: the amounts read, the lines are
    /// known items within the account's years (`years`: first and last) and each cell
    /// once, the texts are not over-long, the date is a date.
    pub fn parse(&self, (first, last): (i32, i32)) -> Result<AccountInput, FieldErrors> {
        let mut e = FieldErrors::default();
        let signer_name = limited_line(&mut e, "signer_name", &self.signer_name, 200);
        let signer_title = limited_line(&mut e, "signer_title", &self.signer_title, 200);
        let audit_firm = limited_line(&mut e, "audit_firm", &self.audit_firm, 200);
        let signed_on = match self.signed_on.trim() {
            "" => None,
            text => crate::domain::time::parse_iso_date(text)
                .map_err(|err| e.add("signed_on", Msg::new(err.key())))
                .ok(),
        };
        let mut seen = BTreeSet::new();
        let mut lines = Vec::new();
        for l in &self.lines {
            let Some(item) = CostItem::parse(l.item.trim()) else {
                e.add(
                    "lines",
                    Msg::new("budget-unknown-item").arg("item", &l.item),
                );
                continue;
            };
            let field = line_field("actual", item, l.year);
            if !(first..=last).contains(&l.year) {
                e.add(field, Msg::new("account-year-outside").arg("year", l.year));
                continue;
            }
            if !seen.insert((item, l.year)) {
                e.add(field, Msg::new("account-line-repeated"));
                continue;
            }
            let comment = limited(
                &mut e,
                &line_field("comment", item, l.year),
                &l.comment,
                2000,
            );
            if l.actual.trim().is_empty() && comment.is_empty() {
                continue;
            }
            match money::parse_kroner_input(&l.actual) {
                Ok(o) => lines.push((item, l.year, o.as_i64(), comment)),
                Err(err) => e.add(field, Msg::new(err.key())),
            }
        }
        if let Err(err) = Ore::checked_sum(lines.iter().map(|l| ore(l.2))) {
            e.add("lines", Msg::new(err.key()));
        }
        if !e.is_empty() {
            return Err(e);
        }
        lines.sort();
        Ok(AccountInput {
            signer_name,
            signer_title,
            audit_firm,
            signed_on,
            lines,
        })
    }

    /// A stored version as typed text: what the form shows and the API's PUT takes.
    pub fn from_version(v: &VersionRow, lines: &[rows::LineRow]) -> AccountDraft {
        AccountDraft {
            signer_name: v.signer_name.clone(),
            signer_title: v.signer_title.clone(),
            audit_firm: v.audit_firm.clone(),
            signed_on: v.signed_on.map(|d| d.to_string()).unwrap_or_default(),
            lines: lines
                .iter()
                .map(|l| LineDraft {
                    item: l.cost_item.clone(),
                    year: l.year,
                    actual: amount_text(l.actual_ore),
                    comment: l.comment.clone(),
                })
                .collect(),
        }
    }
}

impl AccountInput {
    fn signature(&self) -> Signature<'_> {
        Signature {
            signer_name: &self.signer_name,
            signer_title: &self.signer_title,
            audit_firm: &self.audit_firm,
            signed_on: self.signed_on,
        }
    }
}

/// The account, if the municipality may change it now.
fn editable(c: &mut DbConn, key: AccountKey) -> AppResult<AccountRow> {
    let account = rows::find(c, key.pool_id, key.code, key.kind)?.ok_or(AppError::NotFound)?;
    if !account.status.is_with_municipality() {
        return Err(AppError::Conflict(
            Msg::new("account-not-editable").arg("status", account.status),
        ));
    }
    Ok(account)
}

/// The version the municipality writes in: the open draft, or a new one — the first, or
/// after a submitted one, copied from it (a correction starts from what was sent).
fn open_draft(
    c: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    account: &AccountRow,
) -> AppResult<VersionRow> {
    let author = actor.user_id.ok_or(AppError::Unauthorized)?;
    let latest = rows::latest_version(c, account.id)?;
    let id = match &latest {
        Some(v) if v.submitted_at.is_none() => return Ok(v.clone()),
        Some(v) => {
            let signature = Signature {
                signer_name: &v.signer_name,
                signer_title: &v.signer_title,
                audit_firm: &v.audit_firm,
                signed_on: v.signed_on,
            };
            let id =
                rows::insert_version(c, account.id, v.version_no + 1, &signature, author, now)?;
            let lines: Vec<(CostItem, i32, i64, String)> = rows::lines_of(c, v.id)?
                .into_iter()
                .filter_map(|l| {
                    CostItem::parse(&l.cost_item).map(|i| (i, l.year, l.actual_ore, l.comment))
                })
                .collect();
            rows::update_draft(c, id, &signature, &lines, now)?;
            rows::copy_documents(c, v.id, id)?;
            id
        }
        None => {
            let empty = Signature {
                signer_name: "",
                signer_title: "",
                audit_firm: "",
                signed_on: None,
            };
            rows::insert_version(c, account.id, 1, &empty, author, now)?
        }
    };
    rows::get_version(c, id)?.ok_or(AppError::NotFound)
}

/// Saves the municipality's account as a draft (a new version after one was sent back).
/// Returns the version's id.
pub fn save(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    key: AccountKey,
    input: &AccountInput,
) -> AppResult<i64> {
    audit::write(conn, actor, now, |c| {
        let account = editable(c, key)?;
        let version = open_draft(c, actor, now, &account)?;
        rows::update_draft(c, version.id, &input.signature(), &input.lines, now)?;
        let change = Change::new("account.save", "account", account.id).after(input);
        Ok((version.id, vec![change]))
    })
}

/// A document as uploaded: what it is for, the name it came with, its bytes.
pub struct Upload<'a> {
    pub purpose: DocumentPurpose,
    pub filename: &'a str,
    pub bytes: &'a [u8],
}

/// An uploaded file checked as a PDF by its content and `limit`, with a usable name (field
/// `file`): its SHA-256 in hex and its trimmed name.
pub fn checked_pdf(bytes: &[u8], filename: &str, limit: usize) -> AppResult<(String, String)> {
    accounts::check_pdf(bytes, limit).map_err(|e| {
        AppError::field("file", Msg::new(e.key()).arg("limit_mb", limit / 1_048_576))
    })?;
    let name = filename.trim();
    if name.is_empty() || name.chars().count() > 255 {
        return Err(AppError::field("file", Msg::new("document-name-invalid")));
    }
    if crate::domain::text::has_control(name, false) {
        return Err(AppError::field(
            "file",
            Msg::new(crate::domain::text::CONTROL_KEY),
        ));
    }
    Ok((crate::token::hex(&Sha256::digest(bytes)), name.to_string()))
}

/// Stores an uploaded PDF (checked by its content and `limit`, named by its SHA-256) and
/// links it to the account's draft version. Returns the SHA-256 in hex.
pub fn attach(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    key: AccountKey,
    upload: &Upload,
    limit: usize,
) -> AppResult<String> {
    let (sha, filename) = checked_pdf(upload.bytes, upload.filename, limit)?;
    let filename = filename.as_str();
    audit::write(conn, actor, now, |c| {
        let account = editable(c, key)?;
        let version = open_draft(c, actor, now, &account)?;
        let author = actor.user_id.ok_or(AppError::Unauthorized)?;
        rows::store_document(c, &sha, upload.bytes, author, now)?;
        rows::link_document(c, version.id, upload.purpose.as_str(), &sha, filename)?;
        let change =
            Change::new("account.attach", "account", account.id).after(&serde_json::json!({
                "version_no": version.version_no,
                "purpose": upload.purpose,
                "sha256": sha,
                "filename": filename,
                "size": upload.bytes.len(),
            }));
        Ok((sha.clone(), vec![change]))
    })
}

/// The receipt of an account's submission.
#[derive(Clone, Debug, Serialize)]
pub struct AccountReceipt {
    pub account_id: i64,
    pub version_no: i32,
    pub receipt_no: String,
    pub submitted_at: NaiveDateTime,
}

/// What a submission needs beyond a draft: the signature its certification asks for, at
/// least one line, a comment on each line off its budget by more than the pool's
/// tolerance, and the documents its certification and kind ask for.
fn check_complete(
    c: &mut DbConn,
    account: &AccountRow,
    version_id: i64,
    input: &AccountInput,
) -> AppResult<FieldErrors> {
    let mut errors = FieldErrors::default();
    let mut required = vec![("signer_name", &input.signer_name)];
    match account.certification {
        Certification::Management => required.push(("signer_title", &input.signer_title)),
        Certification::Auditor => required.push(("audit_firm", &input.audit_firm)),
    }
    for (field, value) in required {
        if value.is_empty() {
            errors.add(field, Msg::new("field-required"));
        }
    }
    if input.signed_on.is_none() {
        errors.add("signed_on", Msg::new("field-required"));
    }
    if input.lines.is_empty() {
        errors.add("lines", Msg::new("account-no-lines"));
    }
    let commitment = crate::db::queries::commitments::get(c, account.commitment_id)?
        .ok_or(AppError::NotFound)?
        .commitment;
    let budget: Vec<BudgetLine> = app_rows::version_lines(c, commitment.version_id)?
        .into_iter()
        .filter_map(|l| {
            CostItem::parse(&l.cost_item).map(|item| BudgetLine {
                item,
                year: l.year,
                amount: ore(l.amount_ore),
            })
        })
        .collect();
    let actual: Vec<accounts::ActualLine> = input
        .lines
        .iter()
        .map(|(item, year, actual, comment)| accounts::ActualLine {
            item: *item,
            year: *year,
            actual: ore(*actual),
            comment: comment.clone(),
        })
        .collect();
    let settings = rows::settings_of(c, commitment.pool_id)?
        .ok_or_else(|| AppError::internal("pool without account settings"))?;
    let tolerance = Tolerance::from_basis_points(i64::from(settings.tolerance_bp))
        .unwrap_or(Tolerance::DEFAULT);
    let years = (account.first_year, account.last_year);
    for (item, year) in accounts::missing_comments(&budget, &actual, tolerance, years) {
        errors.add(
            line_field("comment", item, year),
            Msg::new("account-comment-required").arg("tolerance", format_percent(tolerance)),
        );
    }
    let linked: BTreeSet<String> = rows::documents_of(c, version_id)?
        .into_iter()
        .map(|d| d.purpose)
        .collect();
    for purpose in accounts::required_documents(account.kind, account.certification) {
        if !linked.contains(purpose.as_str()) {
            errors.add(
                format!("document_{purpose}"),
                Msg::new("account-document-required"),
            );
        }
    }
    Ok(errors)
}

/// A tolerance as people read it: "10 %", "12,5 %".
pub(crate) fn format_percent(t: Tolerance) -> String {
    let bp = t.basis_points();
    match bp % 100 {
        0 => format!("{} %", bp / 100),
        r if r % 10 == 0 => format!("{},{} %", bp / 100, r / 10),
        r => format!("{},{r:02} %", bp / 100),
    }
}

/// Saves and submits the account in one transaction, if everything its certification
/// and the budget ask for is there. The version is frozen (by the database too) and gets
/// a receipt number `R{pool}-{code}-{I|F}{version}`; the account awaits review.
pub fn submit(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    key: AccountKey,
    input: &AccountInput,
) -> AppResult<AccountReceipt> {
    audit::write(conn, actor, now, |c| {
        let account = editable(c, key)?;
        let version = open_draft(c, actor, now, &account)?;
        let errors = check_complete(c, &account, version.id, input)?;
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        rows::update_draft(c, version.id, &input.signature(), &input.lines, now)?;
        let letter = match account.kind {
            AccountKind::Interim => 'I',
            AccountKind::Final => 'F',
        };
        let receipt = AccountReceipt {
            account_id: account.id,
            version_no: version.version_no,
            receipt_no: format!(
                "R{}-{}-{letter}{}",
                key.pool_id, key.code, version.version_no
            ),
            submitted_at: now,
        };
        let author = actor.user_id.ok_or(AppError::Unauthorized)?;
        rows::mark_submitted(c, version.id, now, author, &receipt.receipt_no)?;
        rows::set_status(c, account.id, AccountStatus::Submitted, now)?;
        if let Some(email) = super::account_pages::receipt_email(c, &account, &receipt)? {
            crate::mail::enqueue(c, now, &email)?;
        }
        let changes = vec![
            Change::new("account.save", "account", account.id).after(input),
            Change::new("account.submit", "account", account.id).after(&receipt),
        ];
        Ok((receipt, changes))
    })
}
