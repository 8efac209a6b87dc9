//! A pool's ledger by finance-act year and its cash-flow forecast by month
//! (`docs/rates.md`, "Ledger and forecast"). Pure: the rates come in with their state
//! already judged (`payout_gate`), the month "now" is passed in.
//!
//! Every krone committed sits in exactly one column of the ledger: paid, approved (not
//! yet paid), in process (requested or prepared), payable (not requested), not due,
//! conditions not met, or cancelled (including what a final account cut from a rate).
//! The forecast places every krone not cancelled in exactly one month, or leaves it
//! unplaced while it waits on a milestone no one can date; a what-if dates it.

use std::collections::BTreeMap;

use serde::Serialize;

use super::monitoring::Month;
use super::payout_gate::RateState;

/// A rate as the ledger and forecast read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LedgerRate {
    pub code: i32,
    pub rate_no: u8,
    /// The finance-act year that pays it (`docs/rates.md`: its finance-act condition,
    /// else the year of its earliest date, else the year it was committed).
    pub year: i32,
    /// As committed.
    pub committed_ore: i64,
    /// What paying it pays: the committed amount, or what the final account cut it to.
    pub payable_ore: i64,
    pub state: RateState,
    /// The month (Copenhagen) it was paid, for a paid rate.
    pub paid_in: Option<Month>,
    /// The month (Copenhagen) of its earliest date, if it has one.
    pub due_in: Option<Month>,
    /// A milestone or account condition does not pass: no one can say when it will.
    pub waits_on_milestone: bool,
}

/// One finance-act year of the ledger (or the total), in øre.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct YearLine {
    pub year: Option<i32>,
    pub committed: i64,
    pub paid: i64,
    /// Approved by a second officer or exported in a batch, not yet paid.
    pub approved: i64,
    /// Requested by the municipality or prepared by an officer.
    pub in_process: i64,
    /// Every condition met, not requested.
    pub payable: i64,
    pub not_due: i64,
    pub not_met: i64,
    /// Cancelled rates, and what final accounts cut from rates.
    pub cancelled: i64,
    /// Repayment claims booked in the year (from the final accounts), received or not.
    pub claimed: i64,
    /// Of those, the money received back.
    pub reclaimed: i64,
}

impl YearLine {
    /// The columns that share out the committed amount.
    pub fn parts(&self) -> i64 {
        self.paid
            + self.approved
            + self.in_process
            + self.payable
            + self.not_due
            + self.not_met
            + self.cancelled
    }

    fn add(&mut self, r: &LedgerRate) {
        self.committed += r.committed_ore;
        let cut = r.committed_ore - r.payable_ore;
        let column = match r.state {
            RateState::Paid => &mut self.paid,
            RateState::Approved | RateState::Exported => &mut self.approved,
            RateState::Requested | RateState::Prepared => &mut self.in_process,
            RateState::Payable => &mut self.payable,
            RateState::NotDue => &mut self.not_due,
            RateState::ConditionsNotMet => &mut self.not_met,
            RateState::Cancelled => {
                self.cancelled += r.committed_ore;
                return;
            }
        };
        *column += r.payable_ore;
        self.cancelled += cut;
    }

    fn sum(&mut self, other: &YearLine) {
        self.committed += other.committed;
        self.paid += other.paid;
        self.approved += other.approved;
        self.in_process += other.in_process;
        self.payable += other.payable;
        self.not_due += other.not_due;
        self.not_met += other.not_met;
        self.cancelled += other.cancelled;
        self.claimed += other.claimed;
        self.reclaimed += other.reclaimed;
    }
}

/// A repayment claim as the ledger books it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Claim {
    /// The year it is booked in: the year the money came back, else its due year.
    pub year: i32,
    pub amount_ore: i64,
    pub received: bool,
}

/// The ledger: one line per finance-act year, oldest first, and the total.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Ledger {
    pub years: Vec<YearLine>,
    pub total: YearLine,
}

/// The ledger of `rates` and `claims`.
pub fn ledger(rates: &[LedgerRate], claims: &[Claim]) -> Ledger {
    let mut years: BTreeMap<i32, YearLine> = BTreeMap::new();
    for r in rates {
        years
            .entry(r.year)
            .or_insert_with(|| YearLine {
                year: Some(r.year),
                ..YearLine::default()
            })
            .add(r);
    }
    for c in claims {
        let y = years.entry(c.year).or_insert_with(|| YearLine {
            year: Some(c.year),
            ..YearLine::default()
        });
        y.claimed += c.amount_ore;
        if c.received {
            y.reclaimed += c.amount_ore;
        }
    }
    let mut total = YearLine::default();
    for y in years.values() {
        total.sum(y);
    }
    Ledger {
        years: years.into_values().collect(),
        total,
    }
}

/// "If municipality `code` meets rate `rate_no`'s milestones in `month`".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Assumption {
    pub code: i32,
    pub rate_no: u8,
    pub month: Month,
}

/// One month of the forecast, in øre.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MonthLine {
    pub month: Month,
    /// Paid in the month (the past).
    pub paid: i64,
    /// Expected to be paid in the month.
    pub expected: i64,
    /// Paid and expected up to and including the month.
    pub cumulative: i64,
}

/// The cash flow: what was paid and what is expected, month by month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Forecast {
    pub months: Vec<MonthLine>,
    /// Waiting on a milestone no one can date (and no what-if dates it).
    pub unplaced_ore: i64,
    pub unplaced_rates: usize,
}

impl Forecast {
    pub fn paid(&self) -> i64 {
        self.months.iter().map(|m| m.paid).sum()
    }

    pub fn expected(&self) -> i64 {
        self.months.iter().map(|m| m.expected).sum()
    }
}

/// Where a rate falls in the forecast, given `now`'s month and the what-ifs.
enum Placed {
    Paid(Month),
    Expected(Month),
    Unplaced,
    Nowhere,
}

fn place(r: &LedgerRate, now: Month, assumptions: &[Assumption]) -> Placed {
    let assumed = assumptions
        .iter()
        .filter(|a| a.code == r.code && a.rate_no == r.rate_no)
        .map(|a| a.month)
        .max();
    let not_before = |m: Month| r.due_in.map_or(m, |d| d.max(m));
    match r.state {
        RateState::Cancelled => Placed::Nowhere,
        RateState::Paid => Placed::Paid(r.paid_in.unwrap_or(now)),
        RateState::Approved
        | RateState::Exported
        | RateState::Requested
        | RateState::Prepared
        | RateState::Payable => Placed::Expected(now),
        RateState::NotDue | RateState::ConditionsNotMet => match (r.waits_on_milestone, assumed) {
            (false, _) => Placed::Expected(not_before(now)),
            (true, Some(m)) => Placed::Expected(not_before(m.max(now))),
            (true, None) => Placed::Unplaced,
        },
    }
}

/// The forecast of `rates` from month `now`, under `assumptions`: paid rates in the
/// month they were paid; rates approved, in process or payable this month; rates not
/// yet due in their month when only the date (or the finance act) holds them; rates
/// waiting on a milestone unplaced, unless a what-if dates it (never before their date
/// or this month). Every month from the first to the last is listed, empty ones too.
pub fn forecast(rates: &[LedgerRate], now: Month, assumptions: &[Assumption]) -> Forecast {
    let mut paid: BTreeMap<Month, i64> = BTreeMap::new();
    let mut expected: BTreeMap<Month, i64> = BTreeMap::new();
    let mut unplaced_ore = 0;
    let mut unplaced_rates = 0;
    for r in rates {
        match place(r, now, assumptions) {
            Placed::Paid(m) => *paid.entry(m).or_default() += r.payable_ore,
            Placed::Expected(m) => *expected.entry(m).or_default() += r.payable_ore,
            Placed::Unplaced => {
                unplaced_ore += r.payable_ore;
                unplaced_rates += 1;
            }
            Placed::Nowhere => {}
        }
    }
    let first = paid.keys().chain(expected.keys()).min().copied();
    let last = paid.keys().chain(expected.keys()).max().copied();
    let mut months = Vec::new();
    if let (Some(first), Some(last)) = (first, last) {
        let mut m = first;
        let mut cumulative = 0;
        loop {
            let p = paid.get(&m).copied().unwrap_or(0);
            let e = expected.get(&m).copied().unwrap_or(0);
            cumulative += p + e;
            months.push(MonthLine {
                month: m,
                paid: p,
                expected: e,
                cumulative,
            });
            if m >= last {
                break;
            }
            m = m.next();
        }
    }
    Forecast {
        months,
        unplaced_ore,
        unplaced_rates,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn month(y: i32, m: u32) -> Month {
        Month::new(y, m).unwrap()
    }

    fn rate(code: i32, rate_no: u8, state: RateState, amount: i64) -> LedgerRate {
        LedgerRate {
            code,
            rate_no,
            year: 2017 + i32::from(rate_no),
            committed_ore: amount,
            payable_ore: amount,
            state,
            paid_in: (state == RateState::Paid).then(|| month(2017, 9)),
            due_in: Some(month(2017 + i32::from(rate_no), 1)),
            waits_on_milestone: state == RateState::ConditionsNotMet,
        }
    }

    #[test]
    fn each_state_lands_in_its_own_column_and_a_cut_counts_as_cancelled() {
        let mut cut = rate(615, 3, RateState::Payable, 1_000);
        cut.payable_ore = 600;
        let rates = [
            rate(615, 1, RateState::Paid, 300),
            rate(615, 2, RateState::Approved, 400),
            rate(751, 2, RateState::Prepared, 400),
            rate(101, 2, RateState::ConditionsNotMet, 400),
            rate(147, 2, RateState::Cancelled, 400),
            cut,
        ];
        let l = ledger(
            &rates,
            &[Claim {
                year: 2020,
                amount_ore: 50,
                received: true,
            }],
        );
        let y2020 = l.years.iter().find(|y| y.year == Some(2020)).unwrap();
        assert_eq!((y2020.payable, y2020.cancelled), (600, 400));
        assert_eq!(y2020.reclaimed, 50);
        let y2019 = l.years.iter().find(|y| y.year == Some(2019)).unwrap();
        assert_eq!(
            (
                y2019.approved,
                y2019.in_process,
                y2019.not_met,
                y2019.cancelled
            ),
            (400, 400, 400, 400)
        );
        assert_eq!(l.total.committed, 300 + 400 * 4 + 1_000);
        assert_eq!(l.total.parts(), l.total.committed);
    }

    #[test]
    fn a_rate_waiting_on_a_milestone_is_unplaced_until_a_what_if_dates_it() {
        let waiting = rate(615, 3, RateState::ConditionsNotMet, 900);
        let now = month(2026, 12);
        let f = forecast(std::slice::from_ref(&waiting), now, &[]);
        assert_eq!((f.unplaced_ore, f.unplaced_rates), (900, 1));
        assert!(f.months.is_empty());
        let what_if = Assumption {
            code: 615,
            rate_no: 3,
            month: month(2027, 3),
        };
        let f = forecast(&[waiting], now, &[what_if]);
        assert_eq!(f.unplaced_ore, 0);
        assert_eq!(f.months.len(), 1);
        assert_eq!(
            (f.months[0].month, f.months[0].expected),
            (month(2027, 3), 900)
        );
    }

    #[test]
    fn a_what_if_in_the_past_or_before_the_rates_date_is_moved_to_the_first_possible_month() {
        let mut waiting = rate(615, 3, RateState::NotDue, 900);
        waiting.waits_on_milestone = true;
        waiting.due_in = Some(month(2027, 6));
        let what_if = |m| Assumption {
            code: 615,
            rate_no: 3,
            month: m,
        };
        let now = month(2026, 12);
        let f = forecast(
            std::slice::from_ref(&waiting),
            now,
            &[what_if(month(2026, 1))],
        );
        assert_eq!(f.months[0].month, month(2027, 6));
        waiting.due_in = None;
        let f = forecast(&[waiting], now, &[what_if(month(2026, 1))]);
        assert_eq!(f.months[0].month, now);
    }

    #[test]
    fn only_the_date_holding_a_rate_places_it_in_the_month_of_its_date() {
        let mut r = rate(615, 3, RateState::NotDue, 900);
        r.due_in = Some(month(2027, 1));
        let f = forecast(&[r], month(2026, 11), &[]);
        let months: Vec<_> = f.months.iter().map(|m| (m.month, m.expected)).collect();
        assert_eq!(months, vec![(month(2027, 1), 900)]);
    }

    #[test]
    fn the_months_between_are_listed_empty_and_the_cumulative_adds_up() {
        let paid = rate(615, 1, RateState::Paid, 300);
        let payable = rate(615, 2, RateState::Payable, 400);
        let f = forecast(&[paid, payable], month(2017, 12), &[]);
        let months: Vec<_> = f
            .months
            .iter()
            .map(|m| (m.month, m.paid, m.expected, m.cumulative))
            .collect();
        assert_eq!(
            months,
            vec![
                (month(2017, 9), 300, 0, 300),
                (month(2017, 10), 0, 0, 300),
                (month(2017, 11), 0, 0, 300),
                (month(2017, 12), 0, 400, 700),
            ]
        );
    }

    fn arb_state() -> impl Strategy<Value = RateState> {
        proptest::sample::select(RateState::ALL.to_vec())
    }

    fn arb_rate() -> impl Strategy<Value = LedgerRate> {
        (
            (100..110i32, 1..4u8, arb_state()),
            (0..5_000_000i64, 0..=100i64, any::<bool>()),
            (2017..2021i32, 1..13u32, 0..6u32),
        )
            .prop_map(
                |((code, rate_no, state), (amount, kept, waits), (year, m, paid_m))| LedgerRate {
                    code,
                    rate_no,
                    year,
                    committed_ore: amount,
                    payable_ore: amount * kept / 100,
                    state,
                    paid_in: (state == RateState::Paid).then(|| month(2017, 1 + paid_m)),
                    due_in: Some(month(year, m)),
                    waits_on_milestone: waits,
                },
            )
    }

    fn arb_assumption() -> impl Strategy<Value = Assumption> {
        (100..110i32, 1..4u8, 2016..2030i32, 1..13u32).prop_map(|(code, rate_no, y, m)| {
            Assumption {
                code,
                rate_no,
                month: month(y, m),
            }
        })
    }

    proptest! {
        #[test]
        fn every_krone_committed_is_in_exactly_one_column(
            rates in proptest::collection::vec(arb_rate(), 0..60),
        ) {
            let l = ledger(&rates, &[]);
            for y in &l.years {
                prop_assert_eq!(y.parts(), y.committed);
            }
            prop_assert_eq!(l.total.parts(), l.total.committed);
            let committed: i64 = rates.iter().map(|r| r.committed_ore).sum();
            prop_assert_eq!(l.total.committed, committed);
        }

        #[test]
        fn the_forecast_places_every_krone_not_cancelled_once_whatever_the_what_ifs(
            rates in proptest::collection::vec(arb_rate(), 0..60),
            assumptions in proptest::collection::vec(arb_assumption(), 0..5),
            now_m in 1..13u32,
        ) {
            let now = month(2026, now_m);
            let f = forecast(&rates, now, &assumptions);
            let live: i64 = rates
                .iter()
                .filter(|r| r.state != RateState::Cancelled)
                .map(|r| r.payable_ore)
                .sum();
            prop_assert_eq!(f.paid() + f.expected() + f.unplaced_ore, live);
            let base = forecast(&rates, now, &[]);
            prop_assert_eq!(f.paid(), base.paid());
            prop_assert!(f.unplaced_ore <= base.unplaced_ore);
            prop_assert_eq!(
                f.months.last().map_or(0, |m| m.cumulative),
                f.paid() + f.expected()
            );
            for m in &f.months {
                prop_assert!(m.expected == 0 || m.month >= now);
            }
        }
    }
}
