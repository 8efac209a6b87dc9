//! A pool's ledger by finance-act year, the rates not yet payable and when they may be,
//! and the cash-flow forecast by month with its chart and what-if.

use maud::{html, Markup};

use super::{err, money, Errors};
use crate::components::{
    button, data_table_quiet, error_summary, link_button, select_field, text_field, ButtonKind,
    FieldSpec, SelectSpec,
};
use crate::i18n::{t, t_args, Arg, Lang};

/// One finance-act year of the ledger (or the total, with `year` "I alt"), in øre.
pub struct YearLine {
    pub year: String,
    pub committed: i64,
    pub paid: i64,
    pub approved: i64,
    pub in_process: i64,
    pub payable: i64,
    pub not_due: i64,
    pub not_met: i64,
    pub cancelled: i64,
    pub claimed: i64,
    pub reclaimed: i64,
}

impl YearLine {
    /// The amounts in the order of `LEDGER_COLUMNS`.
    pub fn amounts(&self) -> [i64; 10] {
        [
            self.committed,
            self.paid,
            self.approved,
            self.in_process,
            self.payable,
            self.not_due,
            self.not_met,
            self.cancelled,
            self.claimed,
            self.reclaimed,
        ]
    }
}

/// The ledger's amount columns, as catalogue keys.
pub const LEDGER_COLUMNS: [&str; 10] = [
    "ledger-committed",
    "ledger-paid",
    "ledger-approved",
    "ledger-in-process",
    "ledger-payable",
    "ledger-not-due",
    "ledger-not-met",
    "ledger-cancelled",
    "ledger-claimed",
    "ledger-reclaimed",
];

/// A rate not yet payable.
pub struct UpcomingLine {
    pub municipality: String,
    pub code: i32,
    pub rate_no: i32,
    pub amount_ore: i64,
    pub state: String,
    /// From when its date allows it ("1. januar 2019 kl. 00:00 (…Z)"), or empty.
    pub from: String,
    /// What it waits on, in words.
    pub missing: String,
    pub href: String,
}

/// One month of the forecast, in øre; the what-if's columns when one was asked for.
pub struct ForecastLine {
    /// "januar 2019"
    pub month: String,
    /// "2019-01", the chart's axis.
    pub key: String,
    pub paid: i64,
    pub expected: i64,
    pub cumulative: i64,
    pub what_if_expected: Option<i64>,
    pub what_if_cumulative: Option<i64>,
}

/// The what-if form, as typed.
pub struct WhatIfForm {
    pub code: String,
    pub rate: String,
    pub month: String,
    /// (code, "Name (code)")
    pub municipalities: Vec<(String, String)>,
    pub rates: Vec<(String, String)>,
}

pub struct LedgerPage {
    pub pool_id: i64,
    pub pool_name: String,
    pub pool_amount_ore: i64,
    pub years: Vec<YearLine>,
    pub total: YearLine,
    pub upcoming: Vec<UpcomingLine>,
    pub forecast: Vec<ForecastLine>,
    /// "december 2026"
    pub this_month: String,
    pub unplaced_ore: i64,
    pub unplaced_rates: usize,
    /// The what-if in words, when one was asked for and its unplaced remainder.
    pub what_if: Option<(String, i64)>,
    pub form: WhatIfForm,
    pub errors: Errors,
    /// The what-if's query string ("?code=…"), for the forecast's downloads.
    pub query: String,
}

fn amount_cells(amounts: &[i64]) -> Markup {
    html! {
        @for a in amounts { td .text-align-right .num { (money(*a)) } }
    }
}

fn downloads(lang: Lang, base: &str, table: &str, query: &str) -> Markup {
    html! {
        p .downloads {
            (link_button(ButtonKind::Secondary, &t(lang, "download-csv"), &format!("{base}/{table}.csv{query}")))
            " "
            (link_button(ButtonKind::Secondary, &t(lang, "download-xlsx"), &format!("{base}/{table}.xlsx{query}")))
        }
    }
}

pub fn page(lang: Lang, p: &LedgerPage) -> Markup {
    let base = format!("/pools/{}/ledger", p.pool_id);
    html! {
        @let heading = t_args(lang, "ledger-heading", &[("pool", Arg::from(p.pool_name.clone()))]);
        (super::pool_trail(lang, p.pool_id, &p.pool_name, &heading))
        h1 { (heading) }
        div #fejl { (error_summary(lang, &p.errors)) }
        p .lead { (t_args(lang, "ledger-lead", &[("amount", Arg::from(money(p.pool_amount_ore))), ("committed", Arg::from(money(p.total.committed)))])) }
        section #years {
            h2 { (t(lang, "ledger-years-heading")) }
            p .form-hint { (t(lang, "ledger-years-hint")) }
            (data_table_quiet(lang, &t(lang, "ledger-years-heading"), html! {
                tr {
                    th scope="col" { (t(lang, "ledger-year")) }
                    @for c in LEDGER_COLUMNS { th scope="col" .text-align-right { (t(lang, c)) } }
                }
            }, html! {
                @for y in &p.years {
                    tr { th scope="row" { (y.year) } (amount_cells(&y.amounts())) }
                }
                tr .total { th scope="row" { (p.total.year) } (amount_cells(&p.total.amounts())) }
            }))
            (downloads(lang, &base, "years", ""))
        }
        section #upcoming {
            h2 { (t(lang, "ledger-upcoming-heading")) }
            @if p.upcoming.is_empty() { p { (t(lang, "ledger-upcoming-none")) } } @else {
                (data_table_quiet(lang, &t(lang, "ledger-upcoming-heading"), html! {
                    tr {
                        th scope="col" { (t(lang, "municipality")) }
                        th scope="col" { (t(lang, "rate-number")) }
                        th scope="col" .text-align-right { (t(lang, "allocation-amount")) }
                        th scope="col" { (t(lang, "ledger-state")) }
                        th scope="col" { (t(lang, "ledger-from")) }
                        th scope="col" { (t(lang, "ledger-waits-on")) }
                    }
                }, html! {
                    @for u in &p.upcoming {
                        tr {
                            td { a href=(crate::href::local(&u.href)) { (u.municipality) " (" (u.code) ")" } }
                            td { (u.rate_no) }
                            td .text-align-right .num { (money(u.amount_ore)) }
                            td { (u.state) }
                            td { (u.from) }
                            td { (u.missing) }
                        }
                    }
                }))
                (downloads(lang, &base, "upcoming", ""))
            }
        }
        section #forecast {
            h2 { (t(lang, "ledger-forecast-heading")) }
            p .form-hint { (t_args(lang, "ledger-forecast-hint", &[("month", Arg::from(p.this_month.clone()))])) " " (t(lang, "ledger-forecast-months-hint")) }
            @if p.unplaced_rates > 0 {
                p #unplaced { (t_args(lang, "ledger-unplaced", &[("count", Arg::from(p.unplaced_rates.to_string())), ("amount", Arg::from(money(p.unplaced_ore)))])) }
            }
            (what_if_form(lang, p))
            @if let Some((text, unplaced)) = &p.what_if {
                p #what-if-result .alert-text { (text) " " (t_args(lang, "ledger-what-if-unplaced", &[("amount", Arg::from(money(*unplaced)))])) }
            }
            @if p.forecast.is_empty() { p { (t(lang, "ledger-forecast-none")) } } @else {
                (chart(lang, p))
                (data_table_quiet(lang, &t(lang, "ledger-forecast-heading"), html! {
                    tr {
                        th scope="col" { (t(lang, "ledger-month")) }
                        th scope="col" .text-align-right { (t(lang, "ledger-paid")) }
                        th scope="col" .text-align-right { (t(lang, "ledger-expected")) }
                        th scope="col" .text-align-right { (t(lang, "ledger-cumulative")) }
                        @if p.what_if.is_some() {
                            th scope="col" .text-align-right { (t(lang, "ledger-what-if-expected")) }
                            th scope="col" .text-align-right { (t(lang, "ledger-what-if-cumulative")) }
                        }
                    }
                }, html! {
                    @for m in p.forecast.iter().filter(|m| m.paid != 0 || m.expected != 0 || m.what_if_expected.unwrap_or(0) != 0) {
                        tr {
                            th scope="row" { (m.month) }
                            (amount_cells(&[m.paid, m.expected, m.cumulative]))
                            @if p.what_if.is_some() {
                                (amount_cells(&[m.what_if_expected.unwrap_or(0), m.what_if_cumulative.unwrap_or(0)]))
                            }
                        }
                    }
                }))
                (downloads(lang, &base, "forecast", &p.query))
            }
        }
    }
}

fn what_if_form(lang: Lang, p: &LedgerPage) -> Markup {
    let f = &p.form;
    html! {
        form method="get" action={ "/pools/" (p.pool_id) "/ledger#fejl" } .what-if {
            fieldset {
                legend .h3 { (t(lang, "ledger-what-if-heading")) }
                p .form-hint { (t(lang, "ledger-what-if-hint")) }
                (select_field(&SelectSpec::new(lang, "code", t(lang, "municipality"))
                    .options(f.municipalities.clone())
                    .selected(Some(f.code.clone()).filter(|s| !s.is_empty()))
                    .placeholder()
                    .error(err(&p.errors, "code"))))
                (select_field(&SelectSpec::new(lang, "rate", t(lang, "rate-number"))
                    .options(f.rates.clone())
                    .selected(Some(f.rate.clone()).filter(|s| !s.is_empty()))
                    .placeholder()
                    .error(err(&p.errors, "rate"))))
                (text_field(&FieldSpec::new(lang, "month", t(lang, "ledger-what-if-month-label"))
                    .input_type("month")
                    .value(f.month.clone())
                    .hint(t(lang, "ledger-what-if-month-hint"))
                    .error(err(&p.errors, "month"))))
                (button(ButtonKind::Secondary, &t(lang, "ledger-what-if-submit")))
                @if !p.query.is_empty() {
                    " " a href={ "/pools/" (p.pool_id) "/ledger#forecast" } { (t(lang, "ledger-what-if-clear")) }
                }
            }
        }
    }
}

/// A legend key: a small drawing in the chart's colours.
fn key(shape: Markup) -> Markup {
    html! { svg xmlns="http://www.w3.org/2000/svg" width="18" height="12" viewBox="0 0 18 12" aria-hidden="true" { (shape) } }
}

/// Øre as millions of kroner with one decimal: "64,3 mio.".
fn millions(ore: i64) -> String {
    let tenths = ore / 10_000_000;
    format!("{},{} mio.", crate::fmt::number(tenths / 10), tenths % 10)
}

/// The forecast as bars per month (paid dark, expected light) with the cumulative line,
/// and the what-if's cumulative as a dashed line.
fn chart(lang: Lang, p: &LedgerPage) -> Markup {
    const W: i64 = 720;
    const H: i64 = 240;
    const LEFT: i64 = 70;
    const RIGHT: i64 = 12;
    const TOP: i64 = 12;
    const BOTTOM: i64 = 28;
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let n = i64::try_from(p.forecast.len()).unwrap_or(1).max(1);
    let top = p
        .forecast
        .iter()
        .map(|m| m.cumulative.max(m.what_if_cumulative.unwrap_or(0)))
        .max()
        .unwrap_or(0)
        .max(1);
    let bar_top = p
        .forecast
        .iter()
        .map(|m| (m.paid + m.expected).max(m.what_if_expected.unwrap_or(0) + m.paid))
        .max()
        .unwrap_or(0)
        .max(1);
    // Bars use the lower half's scale of their own, the cumulative lines the whole height.
    let y = |v: i64| {
        TOP + plot_h
            - i64::try_from(i128::from(v) * i128::from(plot_h) / i128::from(top)).unwrap_or(0)
    };
    let bar_h = |v: i64| {
        i64::try_from(i128::from(v) * i128::from(plot_h / 2) / i128::from(bar_top)).unwrap_or(0)
    };
    let slot = plot_w / n;
    let x = |i: i64| LEFT + i * plot_w / n;
    let line = |values: Vec<i64>| -> String {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| format!("{},{}", x(i as i64) + slot / 2, y(*v)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let cumulative = line(p.forecast.iter().map(|m| m.cumulative).collect());
    let what_if = p.what_if.as_ref().map(|_| {
        line(
            p.forecast
                .iter()
                .map(|m| m.what_if_cumulative.unwrap_or(0))
                .collect(),
        )
    });
    let label = t(lang, "ledger-chart-label");
    let base = TOP + plot_h;
    html! {
        figure .ledger-chart {
            svg xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (W) " " (H) } role="img" aria-label=(label) {
                title { (label) }
                @for q in 0..=4i64 {
                    line x1=(LEFT) x2=(LEFT + plot_w) y1=(y(top * q / 4)) y2=(y(top * q / 4)) stroke="#ddd" stroke-width="1" {}
                    text x=(LEFT - 6) y=(y(top * q / 4) + 4) text-anchor="end" font-size="11" fill="#555" { (millions(top * q / 4)) }
                }
                @for (i, m) in p.forecast.iter().enumerate() {
                    @let i = i as i64;
                    @let w = (slot - 2).max(1);
                    @if m.paid > 0 {
                        rect x=(x(i) + 1) y=(base - bar_h(m.paid)) width=(w) height=(bar_h(m.paid)) fill="#1a3d6d" { title { (m.month) ": " (money(m.paid)) } }
                    }
                    @if m.expected > 0 {
                        rect x=(x(i) + 1) y=(base - bar_h(m.paid) - bar_h(m.expected)) width=(w) height=(bar_h(m.expected)) fill="#7fa7d9" { title { (m.month) ": " (money(m.expected)) } }
                    }
                    @if m.key.ends_with("-01") || n <= 12 {
                        text x=(x(i) + slot / 2) y=(H - 8) text-anchor="middle" font-size="11" fill="#555" { (if n <= 12 { m.key.clone() } else { m.key[..4].to_string() }) }
                    }
                }
                polyline points=(cumulative) fill="none" stroke="#0059b3" stroke-width="2" {}
                @if let Some(points) = what_if {
                    polyline points=(points) fill="none" stroke="#b35900" stroke-width="2" stroke-dasharray="6 4" {}
                }
            }
            figcaption .form-hint {
                (key(html! { rect width="12" height="12" fill="#1a3d6d" {} })) " " (t(lang, "ledger-paid")) " · "
                (key(html! { rect width="12" height="12" fill="#7fa7d9" {} })) " " (t(lang, "ledger-expected")) " · "
                (key(html! { line x1="0" x2="18" y1="6" y2="6" stroke="#0059b3" stroke-width="2" {} })) " " (t(lang, "ledger-cumulative"))
                @if p.what_if.is_some() {
                    " · " (key(html! { line x1="0" x2="18" y1="6" y2="6" stroke="#b35900" stroke-width="2" stroke-dasharray="6 4" {} })) " " (t(lang, "ledger-what-if-cumulative"))
                }
            }
        }
    }
}
