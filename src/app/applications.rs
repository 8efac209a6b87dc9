//! Applications (ansøgninger): a municipality's draft, its submission before the pool's
//! deadline (a frozen version and a receipt by email), and the officer's decisions to
//! send it back or reject it. Approval is `app::commitments`.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDateTime};
use serde::Serialize;

use super::commitments::{self, CommitmentDetail};
use super::documents;
use crate::db::audit::{self, Actor, Change};
use crate::db::models::PoolRow;
use crate::db::queries::applications::{self as rows, BudgetLineRow, Loaded, VersionRow};
use crate::db::queries::{municipalities, pools, users};
use crate::db::DbConn;
use crate::domain::budget::{self, BudgetLine, CostItem, Obligation};
use crate::domain::money::{self, Ore};
use crate::domain::status::ApplicationStatus;
use crate::error::{AppError, AppResult, FieldErrors, Msg};

/// Whether an operation queues its email. Only the demo's back-dated history is loaded
/// without mail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mail {
    Queue,
    Skip,
}

/// One budget row as typed: an item's description and its amount per year.
#[derive(Clone, Debug, Default)]
pub struct BudgetRowDraft {
    pub item: String,
    pub description: String,
    /// Amount per year, Danish notation ("1.234.567,50"); empty means 0.
    pub amounts: BTreeMap<i32, String>,
}

/// The application as typed, in the page's form or the API's body, before it is checked.
#[derive(Clone, Debug, Default)]
pub struct ApplicationDraft {
    pub contact_name: String,
    pub contact_title: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub difference_comment: String,
    /// The keys of the accepted obligations.
    pub obligations: Vec<String>,
    pub budget: Vec<BudgetRowDraft>,
}

/// A draft whose amounts all parse: what can be saved.
#[derive(Clone, Debug, Serialize)]
pub struct ApplicationInput {
    pub contact_name: String,
    pub contact_title: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub difference_comment: String,
    pub obligations: Vec<String>,
    /// (item, year, amount in øre, description)
    pub lines: Vec<(CostItem, i32, i64, String)>,
    /// The lines' sum, checked when parsed (so only `parse` builds this).
    #[serde(skip)]
    total: Ore,
}

/// The form field of an item's amount in a year, e.g. `amount_caseworker-salaries_2027`.
pub fn amount_field(item: CostItem, year: i32) -> String {
    format!("amount_{}_{year}", item.key())
}

/// Øre as the amount a person would type: "1.234.567" or "1.234.567,50".
pub fn amount_text(ore: i64) -> String {
    let kr = tilskud_templates::fmt::number(ore / 100);
    if ore % 100 == 0 {
        kr
    } else {
        format!("{kr},{:02}", (ore % 100).abs())
    }
}

/// `value` trimmed, with an error on `field` if it is longer than `max` characters or
/// holds a control character other than a line break or a tab.
pub(crate) fn limited(errors: &mut FieldErrors, field: &str, value: &str, max: usize) -> String {
    checked_text(errors, field, value, max, true)
}

/// As [`limited`], for a one-line text (a name, a title): no line breaks or tabs either.
pub(crate) fn limited_line(
    errors: &mut FieldErrors,
    field: &str,
    value: &str,
    max: usize,
) -> String {
    checked_text(errors, field, value, max, false)
}

fn checked_text(
    errors: &mut FieldErrors,
    field: &str,
    value: &str,
    max: usize,
    multiline: bool,
) -> String {
    let v = value.trim().to_string();
    if v.chars().count() > max {
        errors.add(field, Msg::new("text-too-long").arg("max", max));
    } else if crate::domain::text::has_control(&v, multiline) {
        errors.add(field, Msg::new(crate::domain::text::CONTROL_KEY));
    }
    v
}

impl ApplicationDraft {
    /// Checks what a draft needs: every amount readable and not negative, texts not
    /// over-long, known items and years within the project period (`years`).
    pub fn parse(&self, years: &[i32]) -> Result<ApplicationInput, FieldErrors> {
        let mut errors = FieldErrors::default();
        let contact_name = limited_line(&mut errors, "contact_name", &self.contact_name, 200);
        let contact_title = limited_line(&mut errors, "contact_title", &self.contact_title, 200);
        let contact_email = limited_line(&mut errors, "contact_email", &self.contact_email, 254);
        let contact_phone = limited_line(&mut errors, "contact_phone", &self.contact_phone, 40);
        let difference_comment = limited(
            &mut errors,
            "difference_comment",
            &self.difference_comment,
            2000,
        );
        let obligations: Vec<String> = Obligation::ALL
            .iter()
            .map(|o| o.key().to_string())
            .filter(|k| self.obligations.contains(k))
            .collect();
        let lines = self.lines(years, &mut errors);
        let total = Ore::checked_sum(lines.iter().map(|l| l.2)).unwrap_or_else(|e| {
            errors.add("budget", Msg::new(e.key()));
            Ore::ZERO
        });
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(ApplicationInput {
            contact_name,
            contact_title,
            contact_email,
            contact_phone,
            difference_comment,
            obligations,
            lines: lines
                .into_iter()
                .map(|(item, year, ore, d)| (item, year, ore.as_i64(), d))
                .collect(),
            total,
        })
    }

    /// The budget's amounts that read, in order; what does not read is an error.
    fn lines(&self, years: &[i32], errors: &mut FieldErrors) -> Vec<(CostItem, i32, Ore, String)> {
        let mut lines = Vec::new();
        for row in &self.budget {
            let Some(item) = CostItem::parse(row.item.trim()) else {
                errors.add(
                    "budget",
                    Msg::new("budget-unknown-item").arg("item", &row.item),
                );
                continue;
            };
            let description = limited(
                errors,
                &format!("description_{}", item.key()),
                &row.description,
                500,
            );
            for (year, text) in &row.amounts {
                let field = amount_field(item, *year);
                if !years.contains(year) {
                    errors.add(
                        field,
                        Msg::new("budget-year-outside-period").arg("year", year),
                    );
                    continue;
                }
                if text.trim().is_empty() {
                    continue;
                }
                match money::parse_kroner_input(text) {
                    Ok(ore) => lines.push((item, *year, ore, description.clone())),
                    Err(e) => errors.add(field, Msg::new(e.key())),
                }
            }
        }
        lines
    }

    /// A stored version as typed text (amounts in Danish notation): what the form shows
    /// and the API's PUT takes.
    pub fn from_version(v: &VersionRow, lines: &[BudgetLineRow]) -> ApplicationDraft {
        let mut rows: BTreeMap<String, BudgetRowDraft> = BTreeMap::new();
        for line in lines {
            rows.entry(line.cost_item.clone())
                .or_insert_with(|| BudgetRowDraft {
                    item: line.cost_item.clone(),
                    description: line.description.clone(),
                    amounts: BTreeMap::new(),
                })
                .amounts
                .insert(line.year, amount_text(line.amount_ore));
        }
        ApplicationDraft {
            contact_name: v.contact_name.clone(),
            contact_title: v.contact_title.clone(),
            contact_email: v.contact_email.clone(),
            contact_phone: v.contact_phone.clone(),
            difference_comment: v.difference_comment.clone(),
            obligations: v
                .obligations
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            budget: rows.into_values().collect(),
        }
    }

    /// A parsed application as the form shows it, amounts written out ("1.234.567"): the
    /// review before a submission shows what will be stored, not what was typed.
    pub fn from_input(i: &ApplicationInput) -> ApplicationDraft {
        let mut rows: BTreeMap<String, BudgetRowDraft> = BTreeMap::new();
        for (item, year, ore, description) in &i.lines {
            rows.entry(item.key().to_string())
                .or_insert_with(|| BudgetRowDraft {
                    item: item.key().to_string(),
                    description: description.clone(),
                    amounts: BTreeMap::new(),
                })
                .amounts
                .insert(*year, amount_text(*ore));
        }
        ApplicationDraft {
            contact_name: i.contact_name.clone(),
            contact_title: i.contact_title.clone(),
            contact_email: i.contact_email.clone(),
            contact_phone: i.contact_phone.clone(),
            difference_comment: i.difference_comment.clone(),
            obligations: i.obligations.clone(),
            budget: rows.into_values().collect(),
        }
    }

    /// The budget's sum per year of `years` and in all, of the amounts that read: shown
    /// beside the form only (a budget too large to add up is refused by `parse`).
    pub fn totals(&self, years: &[i32]) -> (i64, Vec<(i32, i64)>) {
        let mut per_year: BTreeMap<i32, i64> = years.iter().map(|y| (*y, 0)).collect();
        for row in &self.budget {
            for (y, text) in &row.amounts {
                if let Ok(o) = money::parse_kroner_input(text) {
                    let year = per_year.entry(*y).or_default();
                    *year = year.saturating_add(o.as_i64());
                }
            }
        }
        let total = per_year
            .values()
            .fold(0i64, |sum, y| sum.saturating_add(*y));
        (total, per_year.into_iter().collect())
    }

    /// Each cost item's sum over `years` of the amounts that read (shown beside the
    /// form only, like `totals`).
    pub fn item_totals(&self, years: &[i32]) -> BTreeMap<String, i64> {
        self.budget
            .iter()
            .map(|row| {
                let sum = row
                    .amounts
                    .iter()
                    .filter(|(y, _)| years.contains(y))
                    .filter_map(|(_, text)| money::parse_kroner_input(text).ok())
                    .fold(0i64, |sum, o| sum.saturating_add(o.as_i64()));
                (row.item.clone(), sum)
            })
            .collect()
    }
}

impl ApplicationInput {
    pub fn total(&self) -> i64 {
        self.total.as_i64()
    }

    fn budget_lines(&self) -> Vec<BudgetLine> {
        self.lines
            .iter()
            .map(|(item, year, ore, _)| BudgetLine {
                item: *item,
                year: *year,
                amount: Ore::from_ore(*ore).unwrap_or(Ore::ZERO),
            })
            .collect()
    }

    fn values(&self) -> rows::VersionValues<'_> {
        rows::VersionValues {
            contact_name: &self.contact_name,
            contact_title: &self.contact_title,
            contact_email: &self.contact_email,
            contact_phone: &self.contact_phone,
            difference_comment: &self.difference_comment,
            obligations: self.obligations.join(","),
            budget_total_ore: self.total(),
            lines: &self.lines,
        }
    }
}

/// What submission needs beyond a draft: contact person, every obligation, a budget
/// that matches the expected grant or explains the difference, and the pool's cap.
fn check_complete(input: &ApplicationInput, expected_ore: i64, cap_bp: Option<i32>) -> FieldErrors {
    let mut errors = FieldErrors::default();
    contact_and_obligations(
        &mut errors,
        [
            &input.contact_name,
            &input.contact_title,
            &input.contact_phone,
            &input.contact_email,
        ],
        &input.obligations,
    );
    let expected = Ore::from_ore(expected_ore).unwrap_or(Ore::ZERO);
    let cap = cap_bp.and_then(|c| u32::try_from(c).ok());
    let check = match budget::check(&input.budget_lines(), expected, cap) {
        Ok(check) => check,
        Err(e) => {
            errors.add("budget", Msg::new(e.key()));
            return errors;
        }
    };
    if check.total == 0 {
        errors.add("budget", Msg::new("budget-empty"));
    }
    if check.difference != 0 && input.difference_comment.is_empty() {
        errors.add(
            "difference_comment",
            Msg::new("budget-difference-needs-comment")
                .money("difference", check.difference.abs())
                .arg(
                    "direction",
                    if check.difference < 0 {
                        "under"
                    } else {
                        "over"
                    },
                ),
        );
    }
    if !check.within_cap {
        errors.add(
            "budget",
            Msg::new("budget-cap-exceeded").arg(
                "cap",
                cap.map(|c| format!("{},{:02}", c / 100, c % 100))
                    .unwrap_or_default(),
            ),
        );
    }
    errors
}

/// Submission's checks of the contact person (name, title, phone, e-mail) and the
/// obligations, one error per field.
fn contact_and_obligations(errors: &mut FieldErrors, contact: [&str; 4], obligations: &[String]) {
    let [name, title, phone, email] = contact.map(str::trim);
    for (field, value) in [
        ("contact_name", name),
        ("contact_title", title),
        ("contact_phone", phone),
    ] {
        if value.is_empty() {
            errors.add(field, Msg::new("field-required"));
        }
    }
    if !phone.is_empty() && !is_phone_number(phone) {
        errors.add("contact_phone", Msg::new("phone-invalid"));
    }
    // The same parser the outbox uses: an address that passes here can be mailed to.
    if let Err(e) = crate::mail::Address::parse(email) {
        errors.add("contact_email", e.msg());
    }
    for o in Obligation::ALL {
        if !obligations.iter().any(|k| k == o.key()) {
            errors.add(
                format!("obligation_{}", o.key()),
                Msg::new("obligation-required"),
            );
        }
    }
}

/// A phone number as a Danish contact person writes it: 8 digits ("70 10 10 10",
/// "70-10-10-10"), or `+` and a country code with 8 to 15 digits in all
/// ("+45 70 10 10 10"); spaces and dashes between the digits are allowed.
pub fn is_phone_number(text: &str) -> bool {
    let (international, rest) = match text.trim().strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, text.trim()),
    };
    if !rest
        .chars()
        .all(|c| c.is_ascii_digit() || c == ' ' || c == '-')
        || !rest.starts_with(|c: char| c.is_ascii_digit())
    {
        return false;
    }
    let digits = rest.chars().filter(char::is_ascii_digit).count();
    if international {
        (8..=15).contains(&digits)
    } else {
        digits == 8
    }
}

impl ApplicationDraft {
    /// For a submission whose form did not parse (`errors`): adds what submission would
    /// refuse besides, the missing contact fields and obligations, so that the user sees
    /// every problem in one round. The budget's sum is judged once its amounts read.
    pub fn add_submission_errors(&self, errors: &mut FieldErrors) {
        let mut more = FieldErrors::default();
        contact_and_obligations(
            &mut more,
            [
                &self.contact_name,
                &self.contact_title,
                &self.contact_phone,
                &self.contact_email,
            ],
            &self.obligations,
        );
        for (field, msg) in more.0 {
            if !errors.0.iter().any(|(f, _)| *f == field) {
                errors.0.push((field, msg));
            }
        }
    }
}

/// The years of a pool's project period (the budget's columns), e.g. [2017, 2018, 2019].
pub fn period_years(pool: &PoolRow) -> Vec<i32> {
    (pool.period_start.year()..=pool.period_end.year()).collect()
}

/// The years of pool `pool_id`'s project period: what a draft is parsed against.
pub fn years(c: &mut DbConn, pool_id: i64) -> AppResult<Vec<i32>> {
    let pool = pools::get(c, pool_id)?.ok_or(AppError::NotFound)?;
    Ok(period_years(&pool))
}

/// Writes the typed application into the open draft version (creating the application,
/// or a new version after a submitted one). Returns the version id.
fn store(
    c: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    (pool_id, code): (i64, i32),
    input: &ApplicationInput,
) -> AppResult<(i64, Vec<Change>)> {
    let author = actor.user_id.ok_or(AppError::Unauthorized)?;
    let existing = rows::load(c, pool_id, code)?;
    let values = input.values();
    let (app_id, version_id) = match &existing {
        Some(l) if !l.application.status.is_editable() => {
            return Err(AppError::Conflict(
                Msg::new("application-not-editable").arg("status", l.application.status),
            ));
        }
        Some(l) if l.version.submitted_at.is_none() => {
            rows::update_version(c, l.version.id, &values, now)?;
            (l.application.id, l.version.id)
        }
        Some(l) => {
            let next = l.version.version_no + 1;
            let id = rows::insert_version(c, l.application.id, next, &values, author, now)?;
            (l.application.id, id)
        }
        None => {
            let app_id = rows::insert(c, pool_id, code, now)?;
            (
                app_id,
                rows::insert_version(c, app_id, 1, &values, author, now)?,
            )
        }
    };
    rows::touch(c, app_id, now)?;
    let change = Change::new("application.save", "application", app_id).after(input);
    Ok((version_id, vec![change]))
}

/// Saves the application as a draft (or into the version the agency asked to change).
pub fn save(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    pool_id: i64,
    code: i32,
    input: &ApplicationInput,
) -> AppResult<i64> {
    audit::write(conn, actor, now, |c| {
        store(c, actor, now, (pool_id, code), input)
    })
}

/// The receipt of a submission.
#[derive(Clone, Debug, Serialize)]
pub struct Receipt {
    pub application_id: i64,
    pub version_no: i32,
    pub receipt_no: String,
    pub submitted_at: NaiveDateTime,
}

/// The deadline stops first submissions. Changes the agency asked for may come after it:
/// the application itself was received in time.
fn check_deadline(c: &mut DbConn, pool: &PoolRow, code: i32, now: NaiveDateTime) -> AppResult<()> {
    let first_submission =
        rows::find(c, pool.id, code)?.is_none_or(|a| a.status == ApplicationStatus::Draft);
    if first_submission
        && !crate::domain::time::is_on_time(now.and_utc(), pool.application_deadline.and_utc())
    {
        return Err(AppError::Conflict(
            Msg::new("application-deadline-passed").time("deadline", pool.application_deadline),
        ));
    }
    Ok(())
}

/// The checks of a submission, writing nothing: the deadline (Copenhagen time, to the
/// second), an expected grant to apply for, and everything needed there. The review
/// page runs them before it shows what will be submitted; `submit` runs them again in
/// its transaction. The pool, when they pass.
pub fn check_submission(
    c: &mut DbConn,
    now: NaiveDateTime,
    (pool_id, code): (i64, i32),
    input: &ApplicationInput,
) -> AppResult<PoolRow> {
    let pool = pools::get(c, pool_id)?.ok_or(AppError::NotFound)?;
    if let Some(a) = rows::find(c, pool_id, code)?.filter(|a| !a.status.is_editable()) {
        return Err(AppError::Conflict(
            Msg::new("application-not-editable").arg("status", a.status),
        ));
    }
    check_deadline(c, &pool, code, now)?;
    let expected = rows::expected_grant(c, pool_id, code)?
        .ok_or_else(|| AppError::Conflict(Msg::new("application-no-expected-grant")))?;
    let errors = check_complete(input, expected, pool.admin_share_max_bp);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    Ok(pool)
}

/// Saves and submits in one transaction, if the pool's deadline (Copenhagen time, to
/// the second) has not passed at `now` and everything needed is there. The submitted
/// version is frozen, and the receipt is queued to the contact person.
pub fn submit(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    (pool_id, code): (i64, i32),
    input: &ApplicationInput,
    mail: Mail,
) -> AppResult<Receipt> {
    audit::write(conn, actor, now, |c| {
        let pool = check_submission(c, now, (pool_id, code), input)?;
        let (version_id, mut changes) = store(c, actor, now, (pool_id, code), input)?;
        let version = rows::get_version(c, version_id)?.ok_or(AppError::NotFound)?;
        let receipt = Receipt {
            application_id: version.application_id,
            version_no: version.version_no,
            receipt_no: format!("A{pool_id}-{code}-{}", version.version_no),
            submitted_at: now,
        };
        rows::mark_submitted(c, version_id, now, actor.user_id, &receipt.receipt_no)?;
        rows::set_status(c, receipt.application_id, ApplicationStatus::Submitted, now)?;
        if mail == Mail::Queue {
            let municipality = municipalities::get(c, code)?
                .map(|m| m.name)
                .unwrap_or_default();
            let email = documents::receipt_email(&pool.name, &municipality, input, &receipt)?;
            crate::mail::enqueue(c, now, &email)?;
        }
        changes.push(
            Change::new("application.submit", "application", receipt.application_id)
                .after(&receipt),
        );
        Ok((receipt, changes))
    })
}

/// Officer decisions that send an application back or end it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    RequestChanges,
    Reject,
}

impl Decision {
    /// `request_changes` or `reject`, as the form and the API send them.
    pub fn parse(s: &str) -> Result<Decision, AppError> {
        match s.trim() {
            "request_changes" => Ok(Decision::RequestChanges),
            "reject" => Ok(Decision::Reject),
            _ => Err(AppError::field("decision", Msg::new("decision-unknown"))),
        }
    }
}

/// Why an application is sent back, rejected or withdrawn: said in words, for the
/// other side to read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reason(String);

impl Reason {
    pub fn parse(text: &str) -> Result<Reason, AppError> {
        let reason = text.trim();
        if reason.is_empty() || reason.chars().count() > 2000 {
            return Err(AppError::field(
                "reason",
                Msg::new("decision-reason-required"),
            ));
        }
        Ok(Reason(reason.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Sends a submitted application back for changes, or rejects it.
pub fn decide(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    (pool_id, code): (i64, i32),
    decision: Decision,
    reason: &Reason,
) -> AppResult<()> {
    audit::write(conn, actor, now, |c| {
        let app = rows::find(c, pool_id, code)?.ok_or(AppError::NotFound)?;
        let (status, action) = match decision {
            Decision::RequestChanges => (
                ApplicationStatus::ChangesRequested,
                "application.request-changes",
            ),
            Decision::Reject => (ApplicationStatus::Rejected, "application.reject"),
        };
        // Only a submitted application awaits a decision; guarded against a concurrent one.
        if rows::change_status(c, app.id, ApplicationStatus::Submitted, status, now)? != 1 {
            return Err(AppError::Conflict(
                Msg::new("application-not-awaiting-decision").arg("status", app.status),
            ));
        }
        let actor_id = actor.user_id.unwrap_or_default();
        rows::add_event(c, app.id, action, reason.as_str(), actor_id, now)?;
        let change = Change::new(action, "application", app.id)
            .before(&app.status)
            .after(&serde_json::json!({ "status": status, "reason": reason }));
        Ok(((), vec![change]))
    })
}

/// A municipality's application to a pool as it is read: the pool, the expected grant,
/// the application (the newest version, or an earlier one asked for) and its commitment.
pub struct Dossier {
    pub pool: PoolRow,
    pub code: i32,
    pub municipality: String,
    /// The municipality's amount in the pool's approved allocation.
    pub expected_ore: Option<i64>,
    /// `version` is the one asked for; `None` before anything is saved.
    pub application: Option<Loaded>,
    /// An earlier version is shown: nothing can be changed or decided from it.
    pub read_only: bool,
    pub commitment: Option<CommitmentDetail>,
    /// Every user's display name by id (who decided, who approved).
    pub names: BTreeMap<i64, String>,
}

impl Dossier {
    /// Whether the pool's deadline has passed at `now` (judged per request, never kept
    /// with a cached read).
    pub fn deadline_passed(&self, now: NaiveDateTime) -> bool {
        !crate::domain::time::is_on_time(now.and_utc(), self.pool.application_deadline.and_utc())
    }

    pub fn status(&self) -> Option<ApplicationStatus> {
        self.application.as_ref().map(|l| l.application.status)
    }

    /// Whether the application can be changed now (by whoever may): nothing or a
    /// changeable version is stored, the newest version is shown, and there is an
    /// expected grant to apply for.
    pub fn open_for_changes(&self) -> bool {
        !self.read_only
            && self.status().is_none_or(ApplicationStatus::is_editable)
            && self.expected_ore.is_some()
    }

    pub fn name_of(&self, user_id: i64) -> String {
        self.names.get(&user_id).cloned().unwrap_or_default()
    }
}

/// Every user's display name by id (who decided, who approved).
pub fn display_names(c: &mut DbConn) -> AppResult<BTreeMap<i64, String>> {
    Ok(users::list(c)?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect())
}

/// Reads a municipality's application to a pool at `now`: the newest version, or
/// `version` (an earlier one, read-only; not found if there is no such version). What
/// is read depends on `now` only through its date in Copenhagen (the rates' status).
pub fn read(
    c: &mut DbConn,
    (pool_id, code): (i64, i32),
    version: Option<i32>,
    now: NaiveDateTime,
) -> AppResult<Dossier> {
    let pool = pools::get(c, pool_id)?.ok_or(AppError::NotFound)?;
    let municipality = municipalities::get(c, code)?
        .ok_or(AppError::NotFound)?
        .name;
    let mut application = rows::load(c, pool_id, code)?;
    let mut read_only = false;
    if let (Some(n), Some(l)) = (version, application.as_mut()) {
        let v = l
            .versions
            .iter()
            .find(|v| v.version_no == n)
            .cloned()
            .ok_or(AppError::NotFound)?;
        read_only = v.version_no != l.version.version_no;
        l.lines = rows::version_lines(c, v.id)?;
        l.version = v;
    }
    let names = display_names(c)?;
    let commitment = commitments::read(c, pool_id, code, &names, now)?;
    Ok(Dossier {
        expected_ore: rows::expected_grant(c, pool_id, code)?,
        pool,
        code,
        municipality,
        application,
        read_only,
        commitment,
        names,
    })
}

/// Every version of an application with its budget lines, newest first.
pub fn versions_with_lines(
    c: &mut DbConn,
    l: &Loaded,
) -> AppResult<Vec<(VersionRow, Vec<BudgetLineRow>)>> {
    let mut out = Vec::with_capacity(l.versions.len());
    for v in &l.versions {
        let lines = if v.id == l.version.id {
            l.lines.clone()
        } else {
            rows::version_lines(c, v.id)?
        };
        out.push((v.clone(), lines));
    }
    Ok(out)
}

/// A pool's applications, for the officer: the pool, each application with its newest
/// version (by municipality name, in Danish order) and what is committed so far.
pub struct PoolApplications {
    pub pool: PoolRow,
    pub rows: Vec<rows::ListRow>,
    /// The sum of the pool's active commitments.
    pub committed_ore: i64,
}

/// The cache key of `list`.
pub fn list_key(pool_id: i64) -> String {
    format!("applications/{pool_id}")
}

pub fn list(c: &mut DbConn, pool_id: i64) -> AppResult<PoolApplications> {
    let pool = pools::get(c, pool_id)?.ok_or(AppError::NotFound)?;
    let mut rows = rows::list(c, pool_id)?;
    rows.sort_by_cached_key(|r| tilskud_templates::fmt::danish_sort_key(&r.name));
    let committed_ore = crate::db::queries::commitments::committed_total(c, pool_id)?;
    Ok(PoolApplications {
        pool,
        rows,
        committed_ore,
    })
}

#[cfg(test)]
mod tests {
    use super::is_phone_number;

    #[test]
    fn phone_numbers_as_danes_write_them_pass_and_others_do_not() {
        for ok in [
            "70 10 10 10",
            "70101010",
            "70-10-10-10",
            "+45 70 10 10 10",
            "+4570101010",
            "+46 8 123 456 78",
        ] {
            assert!(is_phone_number(ok), "{ok}");
        }
        for bad in [
            "7010101",
            "701010101",
            "tlf. 70101010",
            "70 10 10 1x",
            "+45",
            "++4570101010",
            "-70101010",
            "+45 7010 1010 1010 1010",
        ] {
            assert!(!is_phone_number(bad), "{bad}");
        }
    }
}
