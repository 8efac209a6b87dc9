//! A pool's ledger by finance-act year, which rates become payable when, and the
//! cash-flow forecast with its what-if (`docs/rates.md`, "Ledger and forecast"). Read
//! from the whole pool's rates at once (`pool_rates`), judged by the same gate as every
//! rate page, so the ledger never contradicts them.

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDateTime, Utc};
use serde::Serialize;

use super::{pool_rates, CommitmentRates, RateView};
use crate::db::queries::accounts as account_rows;
use crate::db::queries::pools;
use crate::db::DbConn;
use crate::domain::ledger::{self, Assumption, Claim, Forecast, Ledger, LedgerRate};
use crate::domain::monitoring::Month;
use crate::domain::payout_gate::{ConditionKind, RateState};
use crate::domain::time::to_local;
use crate::error::{AppError, AppResult, FieldErrors, Msg};

/// A rate that is not payable yet: when it may be, and what it waits on.
#[derive(Clone, Debug, Serialize)]
pub struct Upcoming {
    pub code: i32,
    pub municipality: String,
    pub rate_no: i32,
    pub amount_ore: i64,
    pub state: RateState,
    /// The instant its date allows it, if it has a date.
    pub from_utc: Option<DateTime<Utc>>,
    /// The conditions that do not pass (its date among them while it is to come).
    pub missing: Vec<ConditionKind>,
    /// Its grant period ended (Copenhagen date) with a milestone still not met: the
    /// officer may cancel it for "milestone not met by the end of the period".
    pub period_ended_on: Option<chrono::NaiveDate>,
}

/// The pool's ledger, its upcoming rates and its forecast (with the what-if's beside the
/// plain one when one was asked for).
#[derive(Clone, Debug, Serialize)]
pub struct PoolLedger {
    pub pool_id: i64,
    pub pool_name: String,
    pub pool_amount_ore: i64,
    pub this_month: Month,
    pub ledger: Ledger,
    pub upcoming: Vec<Upcoming>,
    pub forecast: Forecast,
    /// The what-if asked for, and the forecast under it.
    pub what_if: Option<(Assumption, Forecast)>,
    /// The municipalities with a commitment in the pool, by code, for the what-if.
    pub municipalities: BTreeMap<i32, String>,
}

/// The month of a UTC instant in Copenhagen.
fn local_month(utc: NaiveDateTime) -> Month {
    let local = to_local(utc.and_utc());
    Month {
        year: local.year(),
        month: local.month(),
    }
}

/// The finance-act year that pays a rate: its finance-act condition, else the year of
/// its earliest date, else the Copenhagen year it was committed in.
fn finance_year(v: &RateView, committed: NaiveDateTime) -> i32 {
    v.rate
        .finance_act_year
        .or_else(|| v.rate.earliest_date.map(|d| d.year()))
        .unwrap_or_else(|| local_month(committed).year)
}

/// A milestone or account condition, as opposed to a date or a finance act that will come.
fn is_milestone(k: ConditionKind) -> bool {
    !matches!(k, ConditionKind::NotBefore | ConditionKind::FinanceAct)
}

/// The ledger's view of a commitment's rates.
pub fn ledger_rates(c: &CommitmentRates) -> Vec<LedgerRate> {
    c.rates
        .iter()
        .map(|v| LedgerRate {
            code: c.municipality_code,
            rate_no: u8::try_from(v.rate.rate_no).unwrap_or(u8::MAX),
            year: finance_year(v, c.approved_at),
            committed_ore: v.rate.amount_ore,
            payable_ore: v.rate.payable_ore(),
            state: v.state,
            paid_in: v.rate.paid_at.map(local_month),
            due_in: v.rate.earliest_date.map(|d| Month {
                year: d.year(),
                month: d.month(),
            }),
            waits_on_milestone: v.gate.missing().any(|m| is_milestone(m.condition)),
        })
        .collect()
}

/// A what-if as typed: municipality code, rate number and month ("2027-03").
#[derive(Clone, Debug, Default, Serialize)]
pub struct WhatIfInput {
    pub code: String,
    pub rate: String,
    pub month: String,
}

impl WhatIfInput {
    /// Nothing typed: no what-if.
    pub fn is_empty(&self) -> bool {
        [&self.code, &self.rate, &self.month]
            .iter()
            .all(|s| s.trim().is_empty())
    }

    /// The assumption, every field checked in one round against the pool's commitments
    /// (their rate numbers by municipality code).
    pub fn parse(&self, rate_numbers: &BTreeMap<i32, Vec<i32>>) -> Result<Assumption, FieldErrors> {
        let mut errors = FieldErrors::default();
        let code = self.code.trim().parse::<i32>().ok();
        let commitment = code.and_then(|k| rate_numbers.get(&k));
        if commitment.is_none() {
            errors.add("code", Msg::new("ledger-what-if-code"));
        }
        let rate_no = self.rate.trim().parse::<u8>().ok();
        let rate = commitment
            .zip(rate_no)
            .and_then(|(numbers, n)| numbers.contains(&i32::from(n)).then_some(n));
        let rate_ok = match commitment {
            Some(_) => rate.is_some(),
            None => rate_no.is_some(),
        };
        if !rate_ok {
            errors.add("rate", Msg::new("ledger-what-if-rate"));
        }
        let month = parse_month(&self.month);
        if month.is_none() {
            errors.add("month", Msg::new("ledger-what-if-month"));
        }
        match (code, rate, month) {
            (Some(code), Some(rate_no), Some(month)) if errors.is_empty() => Ok(Assumption {
                code,
                rate_no,
                month,
            }),
            _ => Err(errors),
        }
    }
}

/// "2027-03" (as a month field sends it) or "03-2027" / "3/2027" (as people type it).
fn parse_month(text: &str) -> Option<Month> {
    let t = text.trim();
    let parts: Vec<&str> = t.split(['-', '/', '.']).collect();
    let [a, b] = parts.as_slice() else {
        return None;
    };
    let (y, m) = if a.len() == 4 { (a, b) } else { (b, a) };
    let year = y
        .parse::<i32>()
        .ok()
        .filter(|y| (2000..=2100).contains(y))?;
    Month::new(year, m.parse().ok()?)
}

/// The ledger before any what-if, with what a what-if needs: kept in the read cache
/// under `read_key`, and the what-if worked out per request (`LedgerRead::what_if`), so
/// every what-if asked of a pool is answered from the one read.
#[derive(Clone, Debug)]
pub struct LedgerRead {
    pub ledger: PoolLedger,
    rates: Vec<LedgerRate>,
    /// The rate numbers of each commitment, by municipality code.
    rate_numbers: BTreeMap<i32, Vec<i32>>,
}

/// The cache key of `read_plain`: it depends on `now` only through today's Copenhagen
/// date (the rates' dates, this month, a grant period that has ended), which the key
/// carries.
pub fn read_key(pool_id: i64, now: NaiveDateTime) -> String {
    format!(
        "payouts/ledger/{pool_id}/{}",
        super::super::commitments::today(now)
    )
}

/// Pool `pool_id`'s ledger, upcoming rates and forecast at `now`, without a what-if.
pub fn read_plain(c: &mut DbConn, pool_id: i64, now: NaiveDateTime) -> AppResult<LedgerRead> {
    let pool = pools::get(c, pool_id)?.ok_or(AppError::NotFound)?;
    let rates = pool_rates(c, pool_id, now)?;
    let names: BTreeMap<i32, String> = crate::db::queries::municipalities::all(c)?
        .into_iter()
        .map(|m| (m.code, m.name))
        .collect();
    let claims: Vec<Claim> = account_rows::claims_in_pool(c, pool_id)?
        .into_iter()
        .filter(|claim| claim.status != "written_off")
        .map(|claim| Claim {
            year: claim.received_on.unwrap_or(claim.due_date).year(),
            amount_ore: claim.amount_ore,
            received: claim.received_on.is_some(),
        })
        .collect();
    let all: Vec<LedgerRate> = rates.iter().flat_map(ledger_rates).collect();
    let this_month = local_month(now);
    let today = to_local(now.and_utc()).date_naive();
    let name = |code: i32| names.get(&code).cloned().unwrap_or_default();
    let upcoming = rates
        .iter()
        .flat_map(|c| c.rates.iter().map(move |v| (c, v)))
        .filter(|(_, v)| matches!(v.state, RateState::NotDue | RateState::ConditionsNotMet))
        .map(|(c, v)| Upcoming {
            code: c.municipality_code,
            municipality: name(c.municipality_code),
            rate_no: v.rate.rate_no,
            amount_ore: v.rate.payable_ore(),
            state: v.state,
            from_utc: v.gate.not_before_utc,
            missing: v.gate.missing().map(|m| m.condition).collect(),
            period_ended_on: (today > c.period_end
                && v.gate.missing().any(|m| is_milestone(m.condition)))
            .then_some(c.period_end),
        })
        .collect();
    let ledger = PoolLedger {
        pool_id,
        pool_name: pool.name,
        pool_amount_ore: pool.amount_ore,
        this_month,
        ledger: ledger::ledger(&all, &claims),
        upcoming,
        forecast: ledger::forecast(&all, this_month, &[]),
        what_if: None,
        municipalities: rates
            .iter()
            .map(|c| (c.municipality_code, name(c.municipality_code)))
            .collect(),
    };
    Ok(LedgerRead {
        ledger,
        rate_numbers: rates
            .iter()
            .map(|c| {
                let numbers = c.rates.iter().map(|v| v.rate.rate_no).collect();
                (c.municipality_code, numbers)
            })
            .collect(),
        rates: all,
    })
}

impl LedgerRead {
    /// The ledger with the what-if `input` when one was typed (an input that does not
    /// parse is the error, with its fields, beside the plain ledger).
    pub fn what_if(
        &self,
        input: &WhatIfInput,
    ) -> Result<Cow<'_, PoolLedger>, (&PoolLedger, FieldErrors)> {
        if input.is_empty() {
            return Ok(Cow::Borrowed(&self.ledger));
        }
        let a = input
            .parse(&self.rate_numbers)
            .map_err(|e| (&self.ledger, e))?;
        let forecast = ledger::forecast(&self.rates, self.ledger.this_month, &[a]);
        Ok(Cow::Owned(PoolLedger {
            what_if: Some((a, forecast)),
            ..self.ledger.clone()
        }))
    }
}

/// Pool `pool_id`'s ledger, upcoming rates and forecast at `now`, with the what-if
/// `input` when one was typed (an input that does not parse is the error, with its
/// fields).
pub fn read(
    c: &mut DbConn,
    pool_id: i64,
    now: NaiveDateTime,
    input: &WhatIfInput,
) -> AppResult<Result<PoolLedger, (PoolLedger, FieldErrors)>> {
    let plain = read_plain(c, pool_id, now)?;
    Ok(match plain.what_if(input) {
        Ok(l) => Ok(l.into_owned()),
        Err((l, e)) => Err((l.clone(), e)),
    })
}
