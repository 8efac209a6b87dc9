//! Pools (puljer): created and changed by officers. The pool form's text (from the page or
//! the API) becomes a typed pool here, the one place it is parsed, every field checked in
//! one round.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use crate::db::audit::{self, Actor, Change};
use crate::db::models::{PoolRateConditionRow, PoolRateRow, PoolRow};
use crate::db::queries::allocations::{self as allocation_rows, VersionView};
use crate::db::queries::pools::{self, AccountSettingsValues, PoolValues, RateValues};
use crate::db::queries::target_groups::{self, CountLine};
use crate::db::DbConn;
use crate::domain::money::{self, Ore};
use crate::domain::monitoring::milestones::{RuleError, ThreeMonthRule};
use crate::domain::payout_gate::{self, Milestone, RatePlan, MAX_MONTHS};
use crate::domain::rates::{self, RateSpec};
use crate::domain::time as dtime;
use crate::error::{AppError, AppResult, FieldErrors, Msg};

/// How many rate rows the pool form offers.
pub const MAX_RATES: usize = 6;

/// The years a finance act can be registered for (the table's check).
const FINANCE_ACT_YEARS: std::ops::RangeInclusive<u32> = 2000..=2100;

/// One rate row as typed: share in percent ("30", "33,33"), earliest payment date, and
/// the rate's conditions (`docs/rates.md`). Empty text is no such condition. The interim
/// account's condition is the pool's account rule (`interim_before_rate`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RateDraft {
    pub share_percent: String,
    pub earliest: String,
    /// Only once this year's finance act is registered as passed ("2018").
    pub finance_act_year: String,
    /// The whole gross target group assessed.
    pub whole_group_assessed: bool,
    /// At least this whole percent of the intervention group active …
    pub activity_percent: String,
    /// … over this many months, read as the pool reads it.
    pub activity_months: String,
    /// At least this whole percent of the intervention group with a result in a month.
    pub results_percent: String,
    /// The final account approved.
    pub final_account: bool,
}

impl RateDraft {
    /// A row left empty on the form: no share, no date, no condition.
    fn is_empty(&self) -> bool {
        [
            &self.share_percent,
            &self.earliest,
            &self.finance_act_year,
            &self.activity_percent,
            &self.activity_months,
            &self.results_percent,
        ]
        .iter()
        .all(|t| t.trim().is_empty())
            && !self.whole_group_assessed
            && !self.final_account
    }

    /// A rate of a plan as the form shows it.
    pub fn from_plan(r: &RatePlan) -> RateDraft {
        let mut d = RateDraft {
            share_percent: format_bp(i32::try_from(r.share_basis_points).unwrap_or(0)),
            earliest: r.not_before.map(|d| d.to_string()).unwrap_or_default(),
            finance_act_year: r
                .finance_act_year
                .map(|y| y.to_string())
                .unwrap_or_default(),
            ..RateDraft::default()
        };
        for m in &r.milestones {
            match *m {
                Milestone::WholeGroupAssessed => d.whole_group_assessed = true,
                Milestone::ActivityShare { percent, months } => {
                    d.activity_percent = percent.to_string();
                    d.activity_months = months.to_string();
                }
                Milestone::ResultsShare { percent } => d.results_percent = percent.to_string(),
                Milestone::FinalAccount => d.final_account = true,
            }
        }
        d
    }
}

/// A pool as typed: the text of the page's form or the API's body, before it is checked.
#[derive(Clone, Debug, Default)]
pub struct PoolDraft {
    pub name: String,
    pub finance_account: String,
    /// Kroner, Danish or plain notation.
    pub amount: String,
    pub period_start: String,
    pub period_end: String,
    /// Copenhagen local time, "YYYY-MM-DDTHH:MM".
    pub deadline: String,
    pub auditor_threshold: String,
    pub target_group_note: String,
    /// Percent, empty for no limit.
    pub admin_share_max: String,
    /// The rows as typed; empty rows are skipped.
    pub rates: Vec<RateDraft>,
    /// Rate 3's reading; `None` (not sent) takes the default, `Some` is checked.
    pub activity_months: Option<String>,
    pub activity_threshold_percent: Option<String>,
    pub activity_consecutive: Option<bool>,
    /// The account rules (`docs/accounts.md`); `None` (not sent) keeps the default.
    /// The rate the interim account is needed before; empty for no interim account.
    pub interim_before_rate: Option<String>,
    pub interim_deadline_months: Option<String>,
    /// Percent, "10" or "12,5".
    pub tolerance_percent: Option<String>,
    pub claim_due_days: Option<String>,
    /// Days from the deadline, "-14, 0, 7".
    pub reminder_offsets: Option<String>,
}

/// A validated pool.
#[derive(Clone, Debug, PartialEq)]
pub struct PoolInput {
    pub name: String,
    pub finance_account: String,
    /// Positive whole kroner.
    pub amount: Ore,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    /// The application deadline (ansøgningsfrist).
    pub deadline: DateTime<Utc>,
    /// A final account over this amount must be auditor-certified.
    pub auditor_threshold: Ore,
    pub target_group_note: String,
    /// Highest share of a budget for project management and progression tools together,
    /// in basis points (at most 10 000); `None` for no limit.
    pub admin_share_max_bp: Option<u16>,
    /// The rate plan: a valid schedule (`rates::validate_schedule`), each rate with its
    /// conditions; `interim_account` where the account rules put the interim account.
    pub plan: Vec<RatePlan>,
    pub activity_rule: ThreeMonthRule,
    pub accounts: AccountSettingsValues,
}

/// The account rules of "Flere skal med" (`docs/accounts.md`), the migration's defaults.
pub fn default_account_settings() -> AccountSettingsValues {
    AccountSettingsValues {
        interim_before_rate: Some(2),
        interim_deadline_months: 3,
        tolerance_bp: 1000,
        claim_due_days: 30,
        reminder_offsets: "-14,0,7".into(),
    }
}

/// A whole number typed in a form ("3", " 40 %"); `None` unless it is one.
fn parse_whole(s: &str) -> Option<u32> {
    let s = s.trim().trim_end_matches('%').trim();
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn parse_date(s: &str) -> Result<NaiveDate, dtime::DateInputError> {
    dtime::parse_date_as(s, &["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"])
}

/// Percent with at most two decimals, either separator, into basis points.
fn parse_percent_bp(s: &str) -> Option<u32> {
    let s = s.trim().trim_end_matches('%').trim().replace(',', ".");
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, f),
        None => (s.as_str(), ""),
    };
    if int.is_empty()
        || frac.len() > 2
        || !int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let int: u32 = int.parse().ok()?;
    let frac: u32 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<2}").parse().ok()?
    };
    int.checked_mul(100)?.checked_add(frac)
}

/// Basis points as a percent the form reads back: 3000 -> "30", 3333 -> "33,33".
pub fn format_bp(bp: i32) -> String {
    if bp % 100 == 0 {
        (bp / 100).to_string()
    } else {
        format!("{},{:02}", bp / 100, bp % 100)
    }
}

/// Trimmed text of 1 to `max` characters.
fn text_field(
    errors: &mut FieldErrors,
    field: &str,
    text: &str,
    max: usize,
    key: &'static str,
) -> String {
    let text = text.trim().to_string();
    if text.is_empty() || text.chars().count() > max {
        errors.add(field, Msg::new(key));
    } else if crate::domain::text::has_control(&text, false) {
        errors.add(field, Msg::new(crate::domain::text::CONTROL_KEY));
    }
    text
}

fn money_field(errors: &mut FieldErrors, field: &str, text: &str) -> Option<Ore> {
    money::parse_kroner_input(text)
        .map_err(|e| errors.add(field, Msg::new(e.key())))
        .ok()
}

/// The pool's amount: positive whole kroner (the allocation is in whole kroner).
fn pool_amount(errors: &mut FieldErrors, text: &str) -> Option<Ore> {
    let amount = money_field(errors, "amount", text)?;
    if amount.as_i64() <= 0 {
        errors.add("amount", Msg::new("money-not-positive"));
        return None;
    }
    if amount.kroner_if_whole().is_none() {
        errors.add("amount", Msg::new("pool-amount-whole-kroner"));
        return None;
    }
    Some(amount)
}

fn period(errors: &mut FieldErrors, start: &str, end: &str) -> Option<(NaiveDate, NaiveDate)> {
    let start = parse_date(start)
        .map_err(|e| errors.add("period_start", Msg::new(e.key())))
        .ok();
    let end = parse_date(end)
        .map_err(|e| errors.add("period_end", Msg::new(e.key())))
        .ok();
    match (start, end) {
        (_, None) => {}
        (Some(s), Some(e)) if e < s => {
            errors.add("period_end", Msg::new("pool-period-end-before-start"))
        }
        (Some(s), Some(e)) => return Some((s, e)),
        (None, Some(_)) => {}
    }
    None
}

/// The deadline, typed in Copenhagen time; an hour the clocks skip is refused.
fn deadline(errors: &mut FieldErrors, text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    let local = match dtime::parse_datetime_as(text, &["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]) {
        Ok(local) => local,
        Err(dtime::DateInputError::Invalid) => {
            errors.add("deadline", Msg::new("datetime-invalid"));
            return None;
        }
        Err(e) => {
            errors.add("deadline", Msg::new(e.key()));
            return None;
        }
    };
    dtime::local_to_utc(local)
        .map_err(|_| errors.add("deadline", Msg::new("datetime-nonexistent")))
        .ok()
}

/// At most 100 %, in basis points; empty for no limit.
fn admin_share(errors: &mut FieldErrors, text: &str) -> Option<u16> {
    match text.trim() {
        "" => None,
        text => {
            let bp = parse_percent_bp(text)
                .filter(|bp| *bp <= rates::WHOLE_IN_BASIS_POINTS)
                .and_then(|bp| u16::try_from(bp).ok());
            if bp.is_none() {
                errors.add("admin_share_max", Msg::new("pool-admin-share-invalid"));
            }
            bp
        }
    }
}

/// Row `i`'s (0-based, as on the form) field `name`: `rate_3_activity_percent`.
fn rate_field(i: usize, name: &str) -> String {
    format!("rate_{}_{name}", i + 1)
}

/// Row `i` as the `number`th rate's share and date; `None` with its errors on the row's
/// fields.
fn rate_row(errors: &mut FieldErrors, i: usize, r: &RateDraft, number: u8) -> Option<RateSpec> {
    let share = parse_percent_bp(&r.share_percent).filter(|bp| *bp > 0);
    if share.is_none() {
        errors.add(rate_field(i, "share"), Msg::new("pool-rate-share-invalid"));
    }
    let earliest = match r.earliest.trim() {
        "" => Some(None),
        text => parse_date(text)
            .map(Some)
            .map_err(|e| errors.add(rate_field(i, "earliest"), Msg::new(e.key())))
            .ok(),
    };
    Some(RateSpec {
        number,
        share_basis_points: share?,
        earliest: earliest?,
    })
}

/// An optional whole number in `range`: `Some(None)` when empty, `None` (with `key`, which
/// names the rate, on the row's field `name`) when it is not one.
fn optional_whole(
    errors: &mut FieldErrors,
    i: usize,
    name: &str,
    text: &str,
    range: std::ops::RangeInclusive<u32>,
    key: &'static str,
) -> Option<Option<u32>> {
    match text.trim() {
        "" => Some(None),
        text => {
            let n = parse_whole(text).filter(|n| range.contains(n));
            if n.is_none() {
                errors.add(rate_field(i, name), Msg::new(key).arg("rate", i + 1));
            }
            n.map(Some)
        }
    }
}

/// Row `i`'s finance act year and milestone conditions, each field checked on its own;
/// `None` with their errors on the row's fields.
fn rate_terms(
    errors: &mut FieldErrors,
    i: usize,
    r: &RateDraft,
) -> Option<(Option<i32>, Vec<Milestone>)> {
    let year = optional_whole(
        errors,
        i,
        "finance_act_year",
        &r.finance_act_year,
        FINANCE_ACT_YEARS,
        "pool-rate-finance-act-year-invalid",
    );
    let percent = optional_whole(
        errors,
        i,
        "activity_percent",
        &r.activity_percent,
        1..=100,
        "pool-rate-activity-percent-invalid",
    );
    let months = optional_whole(
        errors,
        i,
        "activity_months",
        &r.activity_months,
        1..=MAX_MONTHS,
        "pool-rate-activity-months-invalid",
    );
    // A share without its period, or a period without its share, names what is missing.
    let activity = match (percent, months) {
        (Some(None), Some(None)) => Some(None),
        (Some(Some(percent)), Some(Some(months))) => {
            Some(Some(Milestone::ActivityShare { percent, months }))
        }
        (percent, months) => {
            if percent == Some(None) {
                errors.add(
                    rate_field(i, "activity_percent"),
                    Msg::new("pool-rate-activity-percent-missing").arg("rate", i + 1),
                );
            }
            if months == Some(None) {
                errors.add(
                    rate_field(i, "activity_months"),
                    Msg::new("pool-rate-activity-months-missing").arg("rate", i + 1),
                );
            }
            None
        }
    };
    let results = optional_whole(
        errors,
        i,
        "results_percent",
        &r.results_percent,
        1..=100,
        "pool-rate-results-percent-invalid",
    );
    let year = year?.map(|y| i32::try_from(y).unwrap_or(i32::MAX));
    let mut milestones = Vec::new();
    if r.whole_group_assessed {
        milestones.push(Milestone::WholeGroupAssessed);
    }
    milestones.extend(activity?);
    milestones.extend(results?.map(|percent| Milestone::ResultsShare { percent }));
    if r.final_account {
        milestones.push(Milestone::FinalAccount);
    }
    Some((year, milestones))
}

/// The rate plan from the rows that are filled in, numbered in order; the schedule's
/// own rules (shares add up to 100 %, dates never go back) are checked once each row's
/// share and date are, whatever its conditions. `interim_account` is left to the
/// account rules.
fn rate_plan(errors: &mut FieldErrors, rows: &[RateDraft]) -> Option<Vec<RatePlan>> {
    let filled = rows.iter().enumerate().filter(|(_, r)| !r.is_empty());
    let mut specs = Vec::new();
    let mut terms = Vec::new();
    let (mut specs_ok, mut terms_ok) = (true, true);
    for (n, (i, r)) in filled.enumerate() {
        let number = u8::try_from(n + 1).unwrap_or(u8::MAX);
        match rate_row(errors, i, r, number) {
            Some(spec) => specs.push(spec),
            None => specs_ok = false,
        }
        match rate_terms(errors, i, r) {
            Some(t) => terms.push(t),
            None => terms_ok = false,
        }
    }
    if specs.is_empty() && specs_ok {
        errors.add("rate_1_share", Msg::new("pool-rates-missing"));
        return None;
    }
    if !specs_ok {
        return None;
    }
    if let Err(e) = rates::validate_schedule(&specs) {
        errors.add("rate_1_share", Msg::new(e.key()));
        return None;
    }
    if !terms_ok {
        return None;
    }
    Some(
        specs
            .into_iter()
            .zip(terms)
            .map(|(spec, (finance_act_year, milestones))| RatePlan {
                number: spec.number,
                share_basis_points: spec.share_basis_points,
                not_before: spec.earliest,
                finance_act_year,
                interim_account: false,
                milestones,
            })
            .collect(),
    )
}

/// A whole number of an optional field: `default` when not sent.
fn whole_or(
    errors: &mut FieldErrors,
    field: &str,
    text: Option<&str>,
    default: u32,
    key: &'static str,
) -> Option<u32> {
    let Some(text) = text else {
        return Some(default);
    };
    let n = parse_whole(text).filter(|n| i32::try_from(*n).is_ok());
    if n.is_none() {
        errors.add(field, Msg::new(key));
    }
    n
}

/// The account rules, each checked against its column's range; the interim account must
/// come before a rate after the first (it accounts for money already paid) in `rates`.
fn account_settings(
    errors: &mut FieldErrors,
    d: &PoolDraft,
    rates: Option<&[RatePlan]>,
) -> Option<AccountSettingsValues> {
    let default = default_account_settings();
    // `Some(None)`: no interim account; `None`: refused.
    let before = match d.interim_before_rate.as_deref().map(str::trim) {
        None => Some(default.interim_before_rate),
        Some("") => Some(None),
        Some(text) => {
            let n = parse_whole(text).and_then(|n| i32::try_from(n).ok());
            let known = rates.is_none_or(|r| n.is_some_and(|n| n >= 2 && n as usize <= r.len()));
            if n.is_none_or(|n| n < 2) || !known {
                errors.add("interim_before_rate", Msg::new("pool-interim-rate-invalid"));
                None
            } else {
                Some(n)
            }
        }
    };
    let whole_in = |errors: &mut FieldErrors,
                    field: &str,
                    text: Option<&str>,
                    default: i32,
                    range: std::ops::RangeInclusive<u32>,
                    key: &'static str| {
        let n = whole_or(
            errors,
            field,
            text,
            u32::try_from(default).unwrap_or(0),
            key,
        )?;
        if range.contains(&n) {
            i32::try_from(n).ok()
        } else {
            errors.add(field, Msg::new(key));
            None
        }
    };
    let months = whole_in(
        errors,
        "interim_deadline_months",
        d.interim_deadline_months.as_deref(),
        default.interim_deadline_months,
        0..=60,
        "pool-interim-months-invalid",
    );
    let due = whole_in(
        errors,
        "claim_due_days",
        d.claim_due_days.as_deref(),
        default.claim_due_days,
        1..=365,
        "pool-claim-days-invalid",
    );
    let tolerance = match d.tolerance_percent.as_deref() {
        None => Some(default.tolerance_bp),
        Some(text) => match parse_percent_bp(text).filter(|bp| *bp <= 10_000) {
            Some(bp) => i32::try_from(bp).ok(),
            None => {
                errors.add("tolerance_percent", Msg::new("pool-tolerance-invalid"));
                None
            }
        },
    };
    let offsets = match d.reminder_offsets.as_deref() {
        None => Some(default.reminder_offsets.clone()),
        Some(text) if text.trim().is_empty() => Some(String::new()),
        Some(text) => match crate::domain::accounts::parse_reminder_offsets(text) {
            Some(list) => Some(
                list.iter()
                    .map(i32::to_string)
                    .collect::<Vec<_>>()
                    .join(","),
            ),
            None => {
                errors.add("reminder_offsets", Msg::new("pool-reminders-invalid"));
                None
            }
        },
    };
    Some(AccountSettingsValues {
        interim_before_rate: before?,
        interim_deadline_months: months?,
        tolerance_bp: tolerance?,
        claim_due_days: due?,
        reminder_offsets: offsets?,
    })
}

/// Rate 3's reading, checked by the rule itself; errors on its fields.
fn activity_rule(errors: &mut FieldErrors, d: &PoolDraft) -> Option<ThreeMonthRule> {
    let default = ThreeMonthRule::default();
    let months = whole_or(
        errors,
        "activity_months",
        d.activity_months.as_deref(),
        default.months(),
        "pool-activity-months-invalid",
    );
    let percent = whole_or(
        errors,
        "activity_threshold_percent",
        d.activity_threshold_percent.as_deref(),
        default.threshold_percent(),
        "pool-activity-threshold-invalid",
    );
    // The rule reads at most `MAX_MONTHS` months, as a rate's own condition does (none
    // at all is the rule's own error).
    let months = months?;
    if months > MAX_MONTHS {
        errors.add(
            "activity_months",
            Msg::new("pool-activity-months-range").arg("max", MAX_MONTHS),
        );
        return None;
    }
    let consecutive = d.activity_consecutive.unwrap_or(default.consecutive());
    ThreeMonthRule::new(months, percent?, consecutive)
        .map_err(|e| {
            let field = match e {
                RuleError::NoMonths => "activity_months",
                RuleError::ThresholdAbove100(_) => "activity_threshold_percent",
            };
            errors.add(field, Msg::new(e.key()));
        })
        .ok()
}

impl PoolDraft {
    /// Checks every field and reports all problems at once.
    pub fn validate(&self) -> Result<PoolInput, FieldErrors> {
        let mut e = FieldErrors::default();
        let name = text_field(&mut e, "name", &self.name, 200, "pool-name-invalid");
        let finance_account = text_field(
            &mut e,
            "finance_account",
            &self.finance_account,
            60,
            "pool-account-invalid",
        );
        let amount = pool_amount(&mut e, &self.amount);
        let threshold =
            money_field(&mut e, "auditor_threshold", &self.auditor_threshold).filter(|t| {
                let ok = t.as_i64() >= 0;
                if !ok {
                    e.add("auditor_threshold", Msg::new("money-negative"));
                }
                ok
            });
        let period = period(&mut e, &self.period_start, &self.period_end);
        let deadline = deadline(&mut e, &self.deadline);
        let admin_share_max_bp = admin_share(&mut e, &self.admin_share_max);
        let plan = rate_plan(&mut e, &self.rates);
        let rule = activity_rule(&mut e, self);
        let accounts = account_settings(&mut e, self, plan.as_deref());
        let note = self.target_group_note.trim();
        if crate::domain::text::has_control(note, true) {
            e.add(
                "target_group_note",
                Msg::new(crate::domain::text::CONTROL_KEY),
            );
        }
        match (amount, threshold, period, deadline, plan, rule, accounts) {
            (
                Some(amount),
                Some(t),
                Some((start, end)),
                Some(deadline),
                Some(plan),
                Some(rule),
                Some(accounts),
            ) if e.is_empty() => Ok(PoolInput {
                name,
                finance_account,
                amount,
                period_start: start,
                period_end: end,
                deadline,
                auditor_threshold: t,
                target_group_note: note.to_string(),
                admin_share_max_bp,
                plan: plan
                    .into_iter()
                    .map(|r| RatePlan {
                        interim_account: accounts.interim_before_rate == Some(i32::from(r.number)),
                        ..r
                    })
                    .collect(),
                activity_rule: rule,
                accounts,
            }),
            _ => Err(e),
        }
    }

    /// A new pool's form: the usual auditor threshold and the rate plan of "Flere skal
    /// med" (its interim account before rate 2 is the account rules' default).
    pub fn new_pool() -> PoolDraft {
        PoolDraft {
            auditor_threshold: "500.000".into(),
            rates: payout_gate::flere_skal_med_plan()
                .iter()
                .map(RateDraft::from_plan)
                .collect(),
            ..PoolDraft::default()
        }
    }

    /// The form pre-filled from a stored pool (for editing), its rates with their
    /// conditions.
    pub fn from_pool(pool: &Pool) -> PoolDraft {
        let (p, accounts) = (&pool.row, &pool.accounts);
        let local = dtime::to_local(p.application_deadline.and_utc());
        PoolDraft {
            name: p.name.clone(),
            finance_account: p.finance_account.clone(),
            amount: (p.amount_ore / 100).to_string(),
            period_start: p.period_start.to_string(),
            period_end: p.period_end.to_string(),
            deadline: local.format("%Y-%m-%dT%H:%M").to_string(),
            auditor_threshold: (p.auditor_threshold_ore / 100).to_string(),
            target_group_note: p.target_group_note.clone(),
            admin_share_max: p.admin_share_max_bp.map(format_bp).unwrap_or_default(),
            rates: pool.plan().iter().map(RateDraft::from_plan).collect(),
            activity_months: Some(p.activity_months.to_string()),
            activity_threshold_percent: Some(p.activity_threshold_percent.to_string()),
            activity_consecutive: Some(p.activity_consecutive),
            interim_before_rate: Some(
                accounts
                    .interim_before_rate
                    .map(|r| r.to_string())
                    .unwrap_or_default(),
            ),
            interim_deadline_months: Some(accounts.interim_deadline_months.to_string()),
            tolerance_percent: Some(format_bp(accounts.tolerance_bp)),
            claim_due_days: Some(accounts.claim_due_days.to_string()),
            reminder_offsets: Some(accounts.reminder_offsets.replace(',', ", ")),
        }
    }
}

impl PoolInput {
    /// The stored form. Every figure fits its column: shares are at most 10 000 basis
    /// points, and the months were checked against `i32` when parsed.
    pub fn values(&self) -> PoolValues {
        let rule = &self.activity_rule;
        PoolValues {
            name: self.name.clone(),
            finance_account: self.finance_account.clone(),
            amount_ore: self.amount.as_i64(),
            period_start: self.period_start,
            period_end: self.period_end,
            deadline_utc: self.deadline.naive_utc(),
            auditor_threshold_ore: self.auditor_threshold.as_i64(),
            target_group_note: self.target_group_note.clone(),
            admin_share_max_bp: self.admin_share_max_bp.map(i32::from),
            rates: self
                .plan
                .iter()
                .map(|r| RateValues {
                    rate_no: i32::from(r.number),
                    share_bp: i32::try_from(r.share_basis_points).unwrap_or(i32::MAX),
                    earliest_date: r.not_before,
                    finance_act_year: r.finance_act_year,
                    milestones: r.milestones.clone(),
                })
                .collect(),
            activity_months: i32::try_from(rule.months()).unwrap_or(i32::MAX),
            activity_threshold_percent: i32::try_from(rule.threshold_percent()).unwrap_or(100),
            activity_consecutive: rule.consecutive(),
            accounts: self.accounts.clone(),
        }
    }
}

/// A stored pool with its rate plan.
#[derive(Clone, Debug)]
pub struct Pool {
    pub row: PoolRow,
    pub rates: Vec<PoolRateRow>,
    /// The rates' milestone conditions (`pool_rate_conditions`).
    pub conditions: Vec<PoolRateConditionRow>,
    pub accounts: AccountSettingsValues,
}

impl Pool {
    /// The rate plan as stored: each rate with its conditions, the interim account where
    /// the account rules put it.
    pub fn plan(&self) -> Vec<RatePlan> {
        pools::plan_from(
            &self.rates,
            &self.conditions,
            self.accounts.interim_before_rate,
        )
    }

    /// The pool's amount split into its rates (empty if the stored schedule is invalid).
    pub fn rate_amounts(&self) -> Vec<Ore> {
        let specs: Vec<RateSpec> = self.rates.iter().map(RateSpec::from).collect();
        Ore::from_ore(self.row.amount_ore)
            .and_then(|total| rates::split(total, &specs).ok())
            .unwrap_or_default()
    }

    /// Whether the application deadline has passed at `now`, by the rule applications
    /// are judged by.
    pub fn deadline_passed(&self, now: NaiveDateTime) -> bool {
        !dtime::is_on_time(now.and_utc(), self.row.application_deadline.and_utc())
    }
}

/// Pool `id` with its rates.
pub fn load(conn: &mut DbConn, id: i64) -> AppResult<Pool> {
    let row = pools::get(conn, id)?.ok_or(AppError::NotFound)?;
    let rates = pools::rates_of(conn, id)?;
    let conditions = pools::conditions_of(conn, id)?;
    let accounts = pools::account_settings(conn, id)?;
    Ok(Pool {
        row,
        rates,
        conditions,
        accounts,
    })
}

/// Every pool with its rates.
pub fn list(conn: &mut DbConn) -> AppResult<Vec<Pool>> {
    let mut out = Vec::new();
    for row in pools::list(conn)? {
        let rates = pools::rates_of(conn, row.id)?;
        let conditions = pools::conditions_of(conn, row.id)?;
        let accounts = pools::account_settings(conn, row.id)?;
        out.push(Pool {
            row,
            rates,
            conditions,
            accounts,
        });
    }
    Ok(out)
}

/// What the pool's page shows: the pool, its target groups and its allocation versions.
pub struct PoolOverview {
    pub pool: Pool,
    pub counts: Vec<CountLine>,
    /// Newest first.
    pub versions: Vec<VersionView>,
}

pub fn overview(conn: &mut DbConn, id: i64) -> AppResult<PoolOverview> {
    Ok(PoolOverview {
        pool: load(conn, id)?,
        counts: target_groups::for_pool(conn, id)?,
        versions: allocation_rows::versions(conn, id)?,
    })
}

/// Creates a pool; returns it as stored.
pub fn create(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    input: &PoolInput,
) -> AppResult<Pool> {
    let values = input.values();
    audit::write(conn, actor, now, |c| {
        let id = pools::insert(c, &values, now)?;
        let change = Change::new("pool.create", "pool", id).after(&values);
        Ok((load(c, id)?, vec![change]))
    })
}

/// Replaces pool `id`'s settings and rate schedule; returns it as stored.
pub fn update(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    id: i64,
    input: &PoolInput,
) -> AppResult<Pool> {
    let values = input.values();
    audit::write(conn, actor, now, |c| {
        let before = load(c, id)?;
        pools::update(c, id, &values, now)?;
        let change = Change::new("pool.update", "pool", id)
            .before(&(before.row, before.rates, before.conditions))
            .after(&values);
        Ok((load(c, id)?, vec![change]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_parses_to_basis_points() {
        assert_eq!(parse_percent_bp("30"), Some(3000));
        assert_eq!(parse_percent_bp("33,33"), Some(3333));
        assert_eq!(parse_percent_bp("12.5 %"), Some(1250));
        assert_eq!(parse_percent_bp("1.234"), None);
        assert_eq!(parse_percent_bp("-5"), None);
        assert_eq!(parse_percent_bp(""), None);
    }

    #[test]
    fn basis_points_read_back_as_the_form_takes_them() {
        for bp in [3000, 3333, 1250, 5, 10_000] {
            assert_eq!(parse_percent_bp(&format_bp(bp)), u32::try_from(bp).ok());
        }
    }

    fn draft() -> PoolDraft {
        PoolDraft {
            name: "Pulje".into(),
            finance_account: "FL § 1".into(),
            amount: "1.000".into(),
            period_start: "2020-01-01".into(),
            period_end: "2020-12-31".into(),
            deadline: "2019-10-01T12:00".into(),
            auditor_threshold: "0".into(),
            rates: vec![RateDraft {
                share_percent: "100".into(),
                earliest: String::new(),
                ..RateDraft::default()
            }],
            ..PoolDraft::default()
        }
    }

    fn rule_draft(months: &str, percent: &str, consecutive: Option<bool>) -> PoolDraft {
        PoolDraft {
            activity_months: Some(months.into()),
            activity_threshold_percent: Some(percent.into()),
            activity_consecutive: consecutive,
            ..draft()
        }
    }

    fn error_fields(d: &PoolDraft) -> Vec<(String, &'static str)> {
        d.validate()
            .unwrap_err()
            .0
            .into_iter()
            .map(|(field, msg)| (field, msg.key))
            .collect()
    }

    fn rule_of(d: &PoolDraft) -> (u32, u32, bool) {
        let r = d.validate().unwrap().activity_rule;
        (r.months(), r.threshold_percent(), r.consecutive())
    }

    #[test]
    fn a_valid_pool_is_typed_with_its_deadline_in_utc() {
        let input = draft().validate().unwrap();
        assert_eq!(input.amount, Ore::from_kroner(1000).unwrap());
        // 12:00 in Copenhagen summer time is 10:00 UTC.
        assert_eq!(input.deadline.to_rfc3339(), "2019-10-01T10:00:00+00:00");
        assert_eq!(input.plan.len(), 1);
        assert_eq!(input.admin_share_max_bp, None);
    }

    #[test]
    fn every_field_is_checked_in_one_round() {
        let bad = PoolDraft {
            name: " ".into(),
            finance_account: String::new(),
            amount: "1.000,50".into(),
            auditor_threshold: "x".into(),
            period_start: "2020-02-30".into(),
            period_end: "2020-13-01".into(),
            deadline: "2020-03-29T02:30".into(),
            admin_share_max: "100,01".into(),
            rates: vec![
                RateDraft {
                    share_percent: "0".into(),
                    earliest: "1. januar".into(),
                    ..RateDraft::default()
                },
                RateDraft::default(),
                RateDraft {
                    share_percent: "50".into(),
                    earliest: String::new(),
                    ..RateDraft::default()
                },
            ],
            ..draft()
        };
        let fields: Vec<String> = error_fields(&bad).into_iter().map(|(f, _)| f).collect();
        assert_eq!(
            fields,
            [
                "name",
                "finance_account",
                "amount",
                "auditor_threshold",
                "period_start",
                "period_end",
                "deadline",
                "admin_share_max",
                "rate_1_share",
                "rate_1_earliest",
            ]
        );
    }

    #[test]
    fn the_period_ends_on_or_after_its_start() {
        let backwards = PoolDraft {
            period_end: "2019-12-31".into(),
            ..draft()
        };
        assert_eq!(
            error_fields(&backwards),
            [("period_end".to_string(), "pool-period-end-before-start")]
        );
        let one_day = PoolDraft {
            period_end: "2020-01-01".into(),
            ..draft()
        };
        assert!(one_day.validate().is_ok());
    }

    #[test]
    fn the_rates_must_make_a_schedule() {
        let none = PoolDraft {
            rates: vec![RateDraft::default(); 3],
            ..draft()
        };
        assert_eq!(
            error_fields(&none),
            [("rate_1_share".to_string(), "pool-rates-missing")]
        );
        let short = PoolDraft {
            rates: vec![RateDraft {
                share_percent: "90".into(),
                earliest: String::new(),
                ..RateDraft::default()
            }],
            ..draft()
        };
        assert_eq!(
            error_fields(&short),
            [("rate_1_share".to_string(), "rates-shares-not-whole")]
        );
    }

    #[test]
    fn a_pool_without_a_rate_three_setting_gets_the_default_reading() {
        assert_eq!(rule_of(&draft()), (3, 40, true));
    }

    #[test]
    fn the_pooled_reading_and_other_figures_are_taken_as_typed() {
        assert_eq!(
            rule_of(&rule_draft(" 6 ", "35 %", Some(false))),
            (6, 35, false)
        );
        assert_eq!(rule_of(&rule_draft("1", "100", Some(true))).1, 100);
        assert_eq!(rule_of(&rule_draft("3", "0", None)).1, 0);
    }

    #[test]
    fn a_rate_three_setting_the_rule_refuses_is_named_on_its_field() {
        assert_eq!(
            error_fields(&rule_draft("0", "40", None)),
            vec![("activity_months".into(), "milestone-rule-no-months")]
        );
        assert_eq!(
            error_fields(&rule_draft("3", "101", None)),
            vec![(
                "activity_threshold_percent".into(),
                "milestone-rule-threshold-above-100"
            )]
        );
        for bad in ["", "tre", "2,5", "-1", "99999999999"] {
            assert_eq!(
                error_fields(&rule_draft(bad, "40", None)),
                vec![("activity_months".into(), "pool-activity-months-invalid")],
                "{bad:?}"
            );
        }
        assert_eq!(
            error_fields(&rule_draft("x", "40,5", None)),
            vec![
                ("activity_months".into(), "pool-activity-months-invalid"),
                (
                    "activity_threshold_percent".into(),
                    "pool-activity-threshold-invalid"
                ),
            ]
        );
    }

    #[test]
    fn a_stored_pool_reads_back_as_its_rule_and_its_form() {
        let v = rule_draft("4", "45", Some(false))
            .validate()
            .unwrap()
            .values();
        let t = NaiveDate::from_ymd_opt(2020, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        let row = PoolRow {
            id: 1,
            name: v.name.clone(),
            finance_account: v.finance_account.clone(),
            amount_ore: v.amount_ore,
            period_start: v.period_start,
            period_end: v.period_end,
            application_deadline: v.deadline_utc,
            auditor_threshold_ore: v.auditor_threshold_ore,
            target_group_note: String::new(),
            created_at: t,
            updated_at: t,
            admin_share_max_bp: None,
            activity_months: v.activity_months,
            activity_threshold_percent: v.activity_threshold_percent,
            activity_consecutive: v.activity_consecutive,
        };
        assert_eq!(
            pools::stored_activity_rule(&row),
            ThreeMonthRule::new(4, 45, false).unwrap()
        );
        let pool = Pool {
            row,
            rates: vec![],
            conditions: vec![],
            accounts: default_account_settings(),
        };
        let back = PoolDraft::from_pool(&pool);
        assert_eq!(back.activity_months.as_deref(), Some("4"));
        assert_eq!(back.activity_threshold_percent.as_deref(), Some("45"));
        assert_eq!(back.activity_consecutive, Some(false));
        assert_eq!(back.deadline, "2019-10-01T12:00");
    }

    fn row(share: &str) -> RateDraft {
        RateDraft {
            share_percent: share.into(),
            ..RateDraft::default()
        }
    }

    /// 50 % on commitment; 40 % from 1 March 2021 with the finance act 2021, the interim
    /// account and 30 % active over 2 months; 10 % from 1 June 2021 on 10 % results and
    /// the final account.
    fn fifty_forty_ten() -> PoolDraft {
        PoolDraft {
            rates: vec![
                row("50"),
                RateDraft {
                    earliest: "2021-03-01".into(),
                    finance_act_year: "2021".into(),
                    activity_percent: "30".into(),
                    activity_months: "2".into(),
                    ..row("40")
                },
                RateDraft {
                    earliest: "01.06.2021".into(),
                    results_percent: "10 %".into(),
                    final_account: true,
                    ..row("10")
                },
            ],
            interim_before_rate: Some("2".into()),
            ..draft()
        }
    }

    fn fifty_forty_ten_plan() -> Vec<RatePlan> {
        let rate = |number, share_basis_points| RatePlan {
            number,
            share_basis_points,
            not_before: None,
            finance_act_year: None,
            interim_account: false,
            milestones: vec![],
        };
        vec![
            rate(1, 5000),
            RatePlan {
                not_before: NaiveDate::from_ymd_opt(2021, 3, 1),
                finance_act_year: Some(2021),
                interim_account: true,
                milestones: vec![Milestone::ActivityShare {
                    percent: 30,
                    months: 2,
                }],
                ..rate(2, 4000)
            },
            RatePlan {
                not_before: NaiveDate::from_ymd_opt(2021, 6, 1),
                milestones: vec![
                    Milestone::ResultsShare { percent: 10 },
                    Milestone::FinalAccount,
                ],
                ..rate(3, 1000)
            },
        ]
    }

    #[test]
    fn a_new_pool_has_the_flere_skal_med_plan() {
        let d = PoolDraft::new_pool();
        assert_eq!(d.rates[1].finance_act_year, "2018");
        assert!(d.rates[1].whole_group_assessed);
        assert_eq!(
            (
                d.rates[2].activity_percent.as_str(),
                d.rates[2].activity_months.as_str()
            ),
            ("40", "3")
        );
        let input = PoolDraft {
            rates: d.rates,
            ..draft()
        }
        .validate()
        .unwrap();
        assert_eq!(input.plan, payout_gate::flere_skal_med_plan());
    }

    #[test]
    fn a_fifty_forty_ten_plan_is_typed_as_its_conditions_and_read_back_as_typed() {
        let input = fifty_forty_ten()
            .validate()
            .map_err(|e| format!("{e:?}"))
            .unwrap();
        assert_eq!(input.plan, fifty_forty_ten_plan());
        let values = input.values();
        assert_eq!(values.rates[1].finance_act_year, Some(2021));
        assert_eq!(values.rates[2].milestones.len(), 2);
        // The audit entry has every rate's conditions.
        let audit = serde_json::to_value(&values).unwrap();
        assert_eq!(
            audit["rates"][2],
            serde_json::json!([3, 1000, "2021-06-01", null, [
                { "kind": "results_share", "percent": 10 },
                { "kind": "final_account" },
            ]])
        );
        assert_eq!(audit["accounts"]["interim_before_rate"], 2);
        // What the form shows again reads as the same plan.
        let again = PoolDraft {
            rates: input.plan.iter().map(RateDraft::from_plan).collect(),
            ..fifty_forty_ten()
        };
        assert_eq!(again.rates[2].results_percent, "10");
        assert_eq!(again.validate().unwrap().plan, fifty_forty_ten_plan());
    }

    #[test]
    fn the_interim_account_moves_with_the_account_rule() {
        let none = PoolDraft {
            interim_before_rate: Some(String::new()),
            ..fifty_forty_ten()
        };
        let plan = none.validate().unwrap().plan;
        assert!(plan.iter().all(|r| !r.interim_account));
        let three = PoolDraft {
            interim_before_rate: Some("3".into()),
            ..fifty_forty_ten()
        };
        let plan = three.validate().unwrap().plan;
        assert_eq!(
            plan.iter().map(|r| r.interim_account).collect::<Vec<_>>(),
            [false, false, true]
        );
    }

    fn with_rate_2(r: RateDraft) -> PoolDraft {
        let mut d = fifty_forty_ten();
        d.rates[1] = RateDraft {
            share_percent: "40".into(),
            ..r
        };
        d
    }

    #[test]
    fn each_condition_is_checked_on_its_own_field_with_its_message() {
        let cases: &[(RateDraft, &str, &str)] = &[
            (
                RateDraft {
                    finance_act_year: "18".into(),
                    ..RateDraft::default()
                },
                "rate_2_finance_act_year",
                "pool-rate-finance-act-year-invalid",
            ),
            (
                RateDraft {
                    finance_act_year: "2101".into(),
                    ..RateDraft::default()
                },
                "rate_2_finance_act_year",
                "pool-rate-finance-act-year-invalid",
            ),
            (
                RateDraft {
                    activity_percent: "0".into(),
                    activity_months: "3".into(),
                    ..RateDraft::default()
                },
                "rate_2_activity_percent",
                "pool-rate-activity-percent-invalid",
            ),
            (
                RateDraft {
                    activity_percent: "40,5".into(),
                    activity_months: "3".into(),
                    ..RateDraft::default()
                },
                "rate_2_activity_percent",
                "pool-rate-activity-percent-invalid",
            ),
            (
                RateDraft {
                    activity_percent: "40".into(),
                    activity_months: "37".into(),
                    ..RateDraft::default()
                },
                "rate_2_activity_months",
                "pool-rate-activity-months-invalid",
            ),
            (
                RateDraft {
                    activity_percent: "40".into(),
                    ..RateDraft::default()
                },
                "rate_2_activity_months",
                "pool-rate-activity-months-missing",
            ),
            (
                RateDraft {
                    activity_months: "3".into(),
                    ..RateDraft::default()
                },
                "rate_2_activity_percent",
                "pool-rate-activity-percent-missing",
            ),
            (
                RateDraft {
                    results_percent: "101".into(),
                    ..RateDraft::default()
                },
                "rate_2_results_percent",
                "pool-rate-results-percent-invalid",
            ),
        ];
        for (r, field, key) in cases {
            assert_eq!(
                error_fields(&with_rate_2(r.clone())),
                [(field.to_string(), *key)],
                "{r:?}"
            );
        }
        // The edges are taken.
        let edges = with_rate_2(RateDraft {
            finance_act_year: "2000".into(),
            activity_percent: "100".into(),
            activity_months: "36".into(),
            results_percent: "1".into(),
            ..RateDraft::default()
        });
        assert!(edges.validate().is_ok());
    }

    #[test]
    fn every_rates_mistakes_are_named_at_once_with_the_schedule_still_checked() {
        let d = PoolDraft {
            rates: vec![
                RateDraft {
                    finance_act_year: "tyve".into(),
                    ..row("50")
                },
                RateDraft {
                    activity_percent: "x".into(),
                    results_percent: "0".into(),
                    ..row("40")
                },
                RateDraft::default(),
                RateDraft {
                    activity_months: "3".into(),
                    ..row("5")
                },
            ],
            ..draft()
        };
        assert_eq!(
            error_fields(&d),
            [
                (
                    "rate_1_finance_act_year".into(),
                    "pool-rate-finance-act-year-invalid"
                ),
                (
                    "rate_2_activity_percent".into(),
                    "pool-rate-activity-percent-invalid"
                ),
                // Its period is missing too.
                (
                    "rate_2_activity_months".into(),
                    "pool-rate-activity-months-missing"
                ),
                (
                    "rate_2_results_percent".into(),
                    "pool-rate-results-percent-invalid"
                ),
                (
                    "rate_4_activity_percent".into(),
                    "pool-rate-activity-percent-missing"
                ),
                ("rate_1_share".into(), "rates-shares-not-whole"),
            ]
        );
        let msg = d.validate().unwrap_err().0.remove(0).1;
        assert!(
            msg.args.iter().any(|(name, _)| *name == "rate"),
            "the message names the rate"
        );
    }

    #[test]
    fn a_row_with_only_a_condition_is_a_rate_without_a_share() {
        let d = PoolDraft {
            rates: vec![
                row("100"),
                RateDraft {
                    final_account: true,
                    ..RateDraft::default()
                },
            ],
            ..draft()
        };
        assert_eq!(
            error_fields(&d),
            [("rate_2_share".into(), "pool-rate-share-invalid")]
        );
    }

    #[test]
    fn a_stored_plan_fills_the_form_again() {
        let values = fifty_forty_ten().validate().unwrap().values();
        let rates: Vec<PoolRateRow> = values
            .rates
            .iter()
            .map(|r| PoolRateRow {
                pool_id: 1,
                rate_no: r.rate_no,
                share_bp: r.share_bp,
                earliest_date: r.earliest_date,
                finance_act_year: r.finance_act_year,
            })
            .collect();
        // Stored in the table's order (by kind), read in the plan's.
        let mut conditions: Vec<PoolRateConditionRow> = values
            .rates
            .iter()
            .flat_map(|r| {
                r.milestones.iter().map(move |m| {
                    let (percent_bp, months) = m.stored();
                    PoolRateConditionRow {
                        pool_id: 1,
                        rate_no: r.rate_no,
                        kind: m.kind().into(),
                        percent_bp,
                        months,
                    }
                })
            })
            .collect();
        conditions.sort_by(|a, b| (a.rate_no, &a.kind).cmp(&(b.rate_no, &b.kind)));
        assert_eq!(conditions[1].kind, "final_account");
        let t = NaiveDate::from_ymd_opt(2020, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        let pool = Pool {
            row: PoolRow {
                id: 1,
                name: values.name.clone(),
                finance_account: values.finance_account.clone(),
                amount_ore: values.amount_ore,
                period_start: values.period_start,
                period_end: values.period_end,
                application_deadline: values.deadline_utc,
                auditor_threshold_ore: values.auditor_threshold_ore,
                target_group_note: String::new(),
                created_at: t,
                updated_at: t,
                admin_share_max_bp: None,
                activity_months: values.activity_months,
                activity_threshold_percent: values.activity_threshold_percent,
                activity_consecutive: values.activity_consecutive,
            },
            rates,
            conditions,
            accounts: values.accounts.clone(),
        };
        assert_eq!(pool.plan(), fifty_forty_ten_plan());
        let back = PoolDraft::from_pool(&pool);
        assert_eq!(back.rates[1].activity_percent, "30");
        assert!(back.rates[2].final_account && !back.rates[2].whole_group_assessed);
        assert_eq!(back.validate().unwrap().plan, fifty_forty_ten_plan());
    }
}
