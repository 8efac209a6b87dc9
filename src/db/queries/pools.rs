use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::db::audit::{self, Actor, Change};
use crate::db::models::{PoolRateRow, PoolRow};
use crate::db::schema::{pool_rates, pools};
use crate::db::DbConn;
use crate::domain::money::{self, Ore};
use crate::domain::monitoring::milestones::{RuleError, ThreeMonthRule};
use crate::domain::rates::{self, RateSpec};
use crate::domain::time as dtime;
use crate::error::{AppError, AppResult, FieldErrors, Msg};

/// How many rate rows the pool form offers.
pub const MAX_RATES: usize = 6;

/// One rate row as typed: share in percent ("30", "33,33") and earliest payment date.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
pub struct RateForm {
    #[serde(default)]
    pub share_percent: String,
    #[serde(default)]
    pub earliest: String,
}

/// A pool as typed in the form or sent as JSON: text, validated by `validate`.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
pub struct PoolForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub finance_account: String,
    /// Kroner, Danish or plain notation: "257.000.000" or "257000000".
    #[serde(default)]
    pub amount: String,
    /// YYYY-MM-DD
    #[serde(default)]
    pub period_start: String,
    #[serde(default)]
    pub period_end: String,
    /// Copenhagen local time, YYYY-MM-DDTHH:MM
    #[serde(default)]
    pub deadline: String,
    /// Kroner: a final account over this amount must be auditor-certified.
    #[serde(default)]
    pub auditor_threshold: String,
    #[serde(default)]
    pub target_group_note: String,
    /// Highest share of a budget for project management and progression tools together,
    /// in percent ("10" or "12,5"); empty for no limit.
    #[serde(default)]
    pub admin_share_max: String,
    #[serde(default)]
    pub rates: Vec<RateForm>,
    /// Rate 3's period in whole months ("3"); omitted: 3.
    #[serde(default)]
    pub activity_months: Option<String>,
    /// Rate 3's threshold in whole percent, 0–100 ("40"); omitted: 40.
    #[serde(default)]
    pub activity_threshold_percent: Option<String>,
    /// Rate 3's reading: `true` when each month of the period must reach the threshold,
    /// `false` when the period's counts are pooled; omitted: `true`.
    #[serde(default)]
    pub activity_consecutive: Option<bool>,
}

/// A validated pool.
#[derive(Clone, Debug, Serialize)]
pub struct PoolInput {
    pub name: String,
    pub finance_account: String,
    pub amount_ore: i64,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub deadline_utc: NaiveDateTime,
    pub auditor_threshold_ore: i64,
    pub target_group_note: String,
    pub admin_share_max_bp: Option<i32>,
    pub rates: Vec<(i32, i32, Option<NaiveDate>)>,
    pub activity_months: i32,
    pub activity_threshold_percent: i32,
    pub activity_consecutive: bool,
}

/// A whole number typed in a form ("3", " 40 %"); `None` unless it is one.
fn parse_whole(s: &str) -> Option<u32> {
    let s = s.trim().trim_end_matches('%').trim();
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Rate 3's reading from the form, checked by the rule itself; errors on its fields.
fn activity_rule(errors: &mut FieldErrors, f: &PoolForm) -> Option<ThreeMonthRule> {
    let default = ThreeMonthRule::default();
    let months = match f.activity_months.as_deref() {
        None => Some(default.months()),
        Some(text) => {
            let m = parse_whole(text).filter(|m| i32::try_from(*m).is_ok());
            if m.is_none() {
                errors.add("activity_months", Msg::new("pool-activity-months-invalid"));
            }
            m
        }
    };
    let percent = match f.activity_threshold_percent.as_deref() {
        None => Some(default.threshold_percent()),
        Some(text) => {
            let p = parse_whole(text);
            if p.is_none() {
                errors.add(
                    "activity_threshold_percent",
                    Msg::new("pool-activity-threshold-invalid"),
                );
            }
            p
        }
    };
    let consecutive = f.activity_consecutive.unwrap_or(default.consecutive());
    match ThreeMonthRule::new(months?, percent?, consecutive) {
        Ok(rule) => Some(rule),
        Err(e) => {
            let field = match e {
                RuleError::NoMonths => "activity_months",
                RuleError::ThresholdAbove100(_) => "activity_threshold_percent",
            };
            errors.add(field, Msg::new(e.key()));
            None
        }
    }
}

/// The rate-3 reading a stored pool uses; the table's checks are the rule's own, so the
/// default only stands in for a row that could not have been written.
pub fn stored_activity_rule(p: &PoolRow) -> ThreeMonthRule {
    match (
        u32::try_from(p.activity_months),
        u32::try_from(p.activity_threshold_percent),
    ) {
        (Ok(m), Ok(t)) => ThreeMonthRule::new(m, t, p.activity_consecutive).unwrap_or_default(),
        _ => ThreeMonthRule::default(),
    }
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d-%m-%Y"))
        .or_else(|_| NaiveDate::parse_from_str(s, "%d.%m.%Y"))
        .ok()
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

fn money_field(errors: &mut FieldErrors, field: &str, text: &str) -> Option<Ore> {
    match money::parse_kroner_input(text) {
        Ok(o) => Some(o),
        Err(e) => {
            errors.add(field, Msg::new(e.key()));
            None
        }
    }
}

impl PoolForm {
    pub fn validate(&self) -> Result<PoolInput, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = self.name.trim().to_string();
        if name.is_empty() || name.chars().count() > 200 {
            errors.add("name", Msg::new("pool-name-invalid"));
        }
        let finance_account = self.finance_account.trim().to_string();
        if finance_account.is_empty() || finance_account.chars().count() > 60 {
            errors.add("finance_account", Msg::new("pool-account-invalid"));
        }
        let amount = money_field(&mut errors, "amount", &self.amount);
        if let Some(a) = amount {
            if a.as_i64() <= 0 {
                errors.add("amount", Msg::new("money-not-positive"));
            } else if a.kroner_if_whole().is_none() {
                errors.add("amount", Msg::new("pool-amount-whole-kroner"));
            }
        }
        let threshold = money_field(&mut errors, "auditor_threshold", &self.auditor_threshold);
        let start = parse_date(&self.period_start);
        if start.is_none() {
            errors.add("period_start", Msg::new("date-invalid"));
        }
        let end = parse_date(&self.period_end);
        match (start, end) {
            (_, None) => errors.add("period_end", Msg::new("date-invalid")),
            (Some(s), Some(e)) if e < s => {
                errors.add("period_end", Msg::new("pool-period-end-before-start"))
            }
            _ => {}
        }
        let deadline = match NaiveDateTime::parse_from_str(self.deadline.trim(), "%Y-%m-%dT%H:%M")
            .or_else(|_| NaiveDateTime::parse_from_str(self.deadline.trim(), "%Y-%m-%d %H:%M"))
        {
            Ok(local) => match dtime::local_to_utc(local) {
                Ok(utc) => Some(utc.naive_utc()),
                Err(_) => {
                    errors.add("deadline", Msg::new("datetime-nonexistent"));
                    None
                }
            },
            Err(_) => {
                errors.add("deadline", Msg::new("datetime-invalid"));
                None
            }
        };
        let admin_share_max_bp = match self.admin_share_max.trim() {
            "" => None,
            text => match parse_percent_bp(text).filter(|bp| *bp <= 10_000) {
                Some(bp) => Some(bp as i32),
                None => {
                    errors.add("admin_share_max", Msg::new("pool-admin-share-invalid"));
                    None
                }
            },
        };
        let mut specs = Vec::new();
        let mut rate_errors = false;
        for (i, r) in self.rates.iter().enumerate() {
            if r.share_percent.trim().is_empty() && r.earliest.trim().is_empty() {
                continue;
            }
            let field = format!("rate_{}_share", i + 1);
            let share = parse_percent_bp(&r.share_percent);
            if share.is_none() || share == Some(0) {
                errors.add(field, Msg::new("pool-rate-share-invalid"));
                rate_errors = true;
            }
            let earliest = if r.earliest.trim().is_empty() {
                None
            } else {
                let d = parse_date(&r.earliest);
                if d.is_none() {
                    errors.add(format!("rate_{}_earliest", i + 1), Msg::new("date-invalid"));
                    rate_errors = true;
                }
                d
            };
            specs.push(RateSpec {
                number: u8::try_from(specs.len() + 1).unwrap_or(u8::MAX),
                share_basis_points: share.unwrap_or(0),
                earliest,
            });
        }
        if specs.is_empty() {
            errors.add("rate_1_share", Msg::new("pool-rates-missing"));
        } else if !rate_errors {
            if let Err(e) = rates::validate_schedule(&specs) {
                errors.add("rate_1_share", Msg::new(e.key()));
            }
        }
        let rule = activity_rule(&mut errors, self);
        if !errors.is_empty() {
            return Err(errors);
        }
        match (amount, threshold, start, end, deadline, rule) {
            (Some(a), Some(t), Some(s), Some(e), Some(d), Some(rule)) => Ok(PoolInput {
                name,
                finance_account,
                amount_ore: a.as_i64(),
                period_start: s,
                period_end: e,
                deadline_utc: d,
                auditor_threshold_ore: t.as_i64(),
                target_group_note: self.target_group_note.trim().to_string(),
                admin_share_max_bp,
                rates: specs
                    .iter()
                    .map(|r| (i32::from(r.number), r.share_basis_points as i32, r.earliest))
                    .collect(),
                // Both fit: the months were checked against i32, the percent is ≤ 100.
                activity_months: i32::try_from(rule.months()).unwrap_or(i32::MAX),
                activity_threshold_percent: i32::try_from(rule.threshold_percent()).unwrap_or(100),
                activity_consecutive: rule.consecutive(),
            }),
            _ => Err(errors),
        }
    }

    /// The form pre-filled from a stored pool (for editing).
    pub fn from_pool(p: &PoolRow, rates: &[PoolRateRow]) -> PoolForm {
        let local = dtime::to_local(p.application_deadline.and_utc());
        PoolForm {
            name: p.name.clone(),
            finance_account: p.finance_account.clone(),
            amount: (p.amount_ore / 100).to_string(),
            period_start: p.period_start.to_string(),
            period_end: p.period_end.to_string(),
            deadline: local.format("%Y-%m-%dT%H:%M").to_string(),
            auditor_threshold: (p.auditor_threshold_ore / 100).to_string(),
            target_group_note: p.target_group_note.clone(),
            admin_share_max: p.admin_share_max_bp.map(format_bp).unwrap_or_default(),
            rates: rates
                .iter()
                .map(|r| RateForm {
                    share_percent: format_bp(r.share_bp),
                    earliest: r.earliest_date.map(|d| d.to_string()).unwrap_or_default(),
                })
                .collect(),
            activity_months: Some(p.activity_months.to_string()),
            activity_threshold_percent: Some(p.activity_threshold_percent.to_string()),
            activity_consecutive: Some(p.activity_consecutive),
        }
    }
}

/// Basis points as a percent for a form field: 3000 -> "30", 3333 -> "33,33".
pub fn format_bp(bp: i32) -> String {
    if bp % 100 == 0 {
        (bp / 100).to_string()
    } else {
        format!("{},{:02}", bp / 100, bp % 100)
    }
}

pub fn list(conn: &mut DbConn) -> QueryResult<Vec<PoolRow>> {
    pools::table
        .order(pools::id.asc())
        .select(PoolRow::as_select())
        .load(conn)
}

pub fn get(conn: &mut DbConn, id: i64) -> QueryResult<Option<PoolRow>> {
    crate::on_backend!(conn, c => pools::table.find(id).select(PoolRow::as_select()).get_result(c).optional())
}

pub fn rates_of(conn: &mut DbConn, id: i64) -> QueryResult<Vec<PoolRateRow>> {
    pool_rates::table
        .filter(pool_rates::pool_id.eq(id))
        .order(pool_rates::rate_no.asc())
        .select(PoolRateRow::as_select())
        .load(conn)
}

fn write_rates(c: &mut DbConn, id: i64, input: &PoolInput) -> QueryResult<()> {
    diesel::delete(pool_rates::table.filter(pool_rates::pool_id.eq(id))).execute(c)?;
    for (no, bp, earliest) in &input.rates {
        diesel::insert_into(pool_rates::table)
            .values(PoolRateRow {
                pool_id: id,
                rate_no: *no,
                share_bp: *bp,
                earliest_date: *earliest,
            })
            .execute(c)?;
    }
    Ok(())
}

pub fn create(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    input: &PoolInput,
) -> AppResult<i64> {
    audit::write(conn, actor, now, |c| {
        let id: i64 = diesel::insert_into(pools::table)
            .values((
                pools::name.eq(&input.name),
                pools::finance_account.eq(&input.finance_account),
                pools::amount_ore.eq(input.amount_ore),
                pools::period_start.eq(input.period_start),
                pools::period_end.eq(input.period_end),
                pools::application_deadline.eq(input.deadline_utc),
                pools::auditor_threshold_ore.eq(input.auditor_threshold_ore),
                pools::target_group_note.eq(&input.target_group_note),
                pools::admin_share_max_bp.eq(input.admin_share_max_bp),
                pools::activity_months.eq(input.activity_months),
                pools::activity_threshold_percent.eq(input.activity_threshold_percent),
                pools::activity_consecutive.eq(input.activity_consecutive),
                pools::created_at.eq(now),
                pools::updated_at.eq(now),
            ))
            .returning(pools::id)
            .get_result(c)?;
        write_rates(c, id, input)?;
        Ok((
            id,
            vec![Change::new("pool.create", "pool", id).after(input)],
        ))
    })
}

pub fn update(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    id: i64,
    input: &PoolInput,
) -> AppResult<()> {
    audit::write(conn, actor, now, |c| {
        let before = get(c, id)?.ok_or(AppError::NotFound)?;
        let before_rates = rates_of(c, id)?;
        diesel::update(pools::table.find(id))
            .set((
                pools::name.eq(&input.name),
                pools::finance_account.eq(&input.finance_account),
                pools::amount_ore.eq(input.amount_ore),
                pools::period_start.eq(input.period_start),
                pools::period_end.eq(input.period_end),
                pools::application_deadline.eq(input.deadline_utc),
                pools::auditor_threshold_ore.eq(input.auditor_threshold_ore),
                pools::target_group_note.eq(&input.target_group_note),
                pools::admin_share_max_bp.eq(input.admin_share_max_bp),
                pools::activity_months.eq(input.activity_months),
                pools::activity_threshold_percent.eq(input.activity_threshold_percent),
                pools::activity_consecutive.eq(input.activity_consecutive),
                pools::updated_at.eq(now),
            ))
            .execute(c)?;
        write_rates(c, id, input)?;
        let change = Change::new("pool.update", "pool", id)
            .before(&(before, before_rates))
            .after(input);
        Ok(((), vec![change]))
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

    fn form() -> PoolForm {
        PoolForm {
            name: "Pulje".into(),
            finance_account: "FL § 1".into(),
            amount: "1.000".into(),
            period_start: "2020-01-01".into(),
            period_end: "2020-12-31".into(),
            deadline: "2019-10-01T12:00".into(),
            auditor_threshold: "0".into(),
            rates: vec![RateForm {
                share_percent: "100".into(),
                earliest: String::new(),
            }],
            ..PoolForm::default()
        }
    }

    fn rule_form(months: &str, percent: &str, consecutive: Option<bool>) -> PoolForm {
        PoolForm {
            activity_months: Some(months.into()),
            activity_threshold_percent: Some(percent.into()),
            activity_consecutive: consecutive,
            ..form()
        }
    }

    fn error_fields(f: &PoolForm) -> Vec<(String, &'static str)> {
        f.validate()
            .unwrap_err()
            .0
            .into_iter()
            .map(|(field, msg)| (field, msg.key))
            .collect()
    }

    #[test]
    fn a_pool_without_a_rate_three_setting_gets_the_default_reading() {
        let input = form().validate().unwrap();
        assert_eq!(
            (
                input.activity_months,
                input.activity_threshold_percent,
                input.activity_consecutive
            ),
            (3, 40, true)
        );
    }

    #[test]
    fn the_pooled_reading_and_other_figures_are_taken_as_typed() {
        let input = rule_form(" 6 ", "35 %", Some(false)).validate().unwrap();
        assert_eq!(
            (
                input.activity_months,
                input.activity_threshold_percent,
                input.activity_consecutive
            ),
            (6, 35, false)
        );
        let edge = rule_form("1", "100", Some(true)).validate().unwrap();
        assert_eq!(edge.activity_threshold_percent, 100);
        assert_eq!(
            rule_form("3", "0", None)
                .validate()
                .unwrap()
                .activity_threshold_percent,
            0
        );
    }

    #[test]
    fn a_rate_three_setting_the_rule_refuses_is_named_on_its_field() {
        assert_eq!(
            error_fields(&rule_form("0", "40", None)),
            vec![("activity_months".into(), "milestone-rule-no-months")]
        );
        assert_eq!(
            error_fields(&rule_form("3", "101", None)),
            vec![(
                "activity_threshold_percent".into(),
                "milestone-rule-threshold-above-100"
            )]
        );
        for bad in ["", "tre", "2,5", "-1", "99999999999"] {
            assert_eq!(
                error_fields(&rule_form(bad, "40", None)),
                vec![("activity_months".into(), "pool-activity-months-invalid")],
                "{bad:?}"
            );
        }
        assert_eq!(
            error_fields(&rule_form("x", "40,5", None)),
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
        let input = rule_form("4", "45", Some(false)).validate().unwrap();
        let t = NaiveDate::from_ymd_opt(2020, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        let row = PoolRow {
            id: 1,
            name: input.name.clone(),
            finance_account: input.finance_account.clone(),
            amount_ore: input.amount_ore,
            period_start: input.period_start,
            period_end: input.period_end,
            application_deadline: input.deadline_utc,
            auditor_threshold_ore: input.auditor_threshold_ore,
            target_group_note: String::new(),
            created_at: t,
            updated_at: t,
            admin_share_max_bp: None,
            activity_months: input.activity_months,
            activity_threshold_percent: input.activity_threshold_percent,
            activity_consecutive: input.activity_consecutive,
        };
        assert_eq!(
            stored_activity_rule(&row),
            ThreeMonthRule::new(4, 45, false).unwrap()
        );
        let back = PoolForm::from_pool(&row, &[]);
        assert_eq!(back.activity_months.as_deref(), Some("4"));
        assert_eq!(back.activity_threshold_percent.as_deref(), Some("45"));
        assert_eq!(back.activity_consecutive, Some(false));
    }
}
