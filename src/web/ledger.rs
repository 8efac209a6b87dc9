//! A pool's ledger and forecast for officers (`/pools/{pool}/ledger`): the ledger by
//! finance-act year, the rates not yet payable, the cash-flow forecast with its chart and
//! what-if, and each table as CSV and XLSX. The reads are `app::payouts::ledger`.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use actix_web::{web, HttpResponse};
use serde::Deserialize;
use tilskud_templates::i18n::{t, t_args, Arg, Lang};
use tilskud_templates::pages::ledger as page;

use super::rates::{instant_text, rate_href};
use super::{attachment, errors_text, html, html_invalid, AppState};
use crate::app::payouts::batches::kroner_cell;
use crate::app::payouts::ledger::{self as app, LedgerRead, PoolLedger, WhatIfInput};
use crate::domain::ledger::{Forecast, YearLine};
use crate::domain::monitoring::Month;
use crate::error::{AppError, AppResult};
use crate::http::ctx::Ctx;

/// The what-if as the form sends it (a GET: nothing changes).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct WhatIfQuery {
    #[serde(default)]
    code: String,
    #[serde(default)]
    rate: String,
    #[serde(default)]
    month: String,
}

impl WhatIfQuery {
    fn input(&self) -> WhatIfInput {
        WhatIfInput {
            code: self.code.clone(),
            rate: self.rate.clone(),
            month: self.month.clone(),
        }
    }

    /// The query string that asks for the same what-if ("" for none).
    fn query(&self) -> String {
        if self.input().is_empty() {
            return String::new();
        }
        let pairs = [
            ("code", self.code.trim()),
            ("rate", self.rate.trim()),
            ("month", self.month.trim()),
        ];
        format!(
            "?{}",
            serde_urlencoded::to_string(pairs).unwrap_or_default()
        )
    }
}

/// "januar 2019"
fn month_text(lang: Lang, m: Month) -> String {
    let long = tilskud_templates::fmt::date_long(lang, m.year, m.month, 1);
    long.split_once(' ')
        .map_or(long.clone(), |(_, rest)| rest.to_string())
}

fn year_line(lang: Lang, y: &YearLine) -> page::YearLine {
    page::YearLine {
        year: y
            .year
            .map(|y| y.to_string())
            .unwrap_or_else(|| t(lang, "total")),
        committed: y.committed,
        paid: y.paid,
        approved: y.approved,
        in_process: y.in_process,
        payable: y.payable,
        not_due: y.not_due,
        not_met: y.not_met,
        cancelled: y.cancelled,
        claimed: y.claimed,
        reclaimed: y.reclaimed,
    }
}

fn upcoming_lines(lang: Lang, l: &PoolLedger) -> Vec<page::UpcomingLine> {
    let mut lines: Vec<&app::Upcoming> = l.upcoming.iter().collect();
    lines.sort_by_key(|u| (u.from_utc, u.code, u.rate_no));
    lines
        .into_iter()
        .map(|u| page::UpcomingLine {
            municipality: u.municipality.clone(),
            code: u.code,
            rate_no: u.rate_no,
            amount_ore: u.amount_ore,
            state: t(
                lang,
                &format!("rate-state-{}", u.state.as_str().replace('_', "-")),
            ),
            from: u
                .from_utc
                .map(|i| instant_text(lang, i))
                .unwrap_or_default(),
            missing: {
                let missing = u
                    .missing
                    .iter()
                    .map(|k| t(lang, &format!("rate-condition-name-{}", k.as_str())))
                    .collect::<Vec<_>>()
                    .join(", ");
                match u.period_ended_on {
                    Some(d) => format!(
                        "{missing}. {}",
                        t_args(
                            lang,
                            "ledger-period-ended",
                            &[("date", Arg::from(super::long_date(lang, d)))]
                        )
                    ),
                    None => missing,
                }
            },
            href: rate_href(l.pool_id, u.code, u.rate_no),
        })
        .collect()
}

/// The plain forecast's months with the what-if's beside them, over both ranges.
fn forecast_lines(
    lang: Lang,
    plain: &Forecast,
    what_if: Option<&Forecast>,
) -> Vec<page::ForecastLine> {
    let mut months: BTreeMap<Month, page::ForecastLine> = BTreeMap::new();
    let blank = |m: Month| page::ForecastLine {
        month: month_text(lang, m),
        key: m.key(),
        paid: 0,
        expected: 0,
        cumulative: 0,
        what_if_expected: what_if.map(|_| 0),
        what_if_cumulative: what_if.map(|_| 0),
    };
    for m in &plain.months {
        let line = months.entry(m.month).or_insert_with(|| blank(m.month));
        line.paid = m.paid;
        line.expected = m.expected;
        line.cumulative = m.cumulative;
    }
    if let Some(w) = what_if {
        for m in &w.months {
            let line = months.entry(m.month).or_insert_with(|| blank(m.month));
            line.paid = m.paid;
            line.what_if_expected = Some(m.expected);
            line.what_if_cumulative = Some(m.cumulative);
        }
    }
    // A month only one of the two lists carries the other's running total forward.
    let in_plain: BTreeSet<Month> = plain.months.iter().map(|m| m.month).collect();
    let in_what_if: BTreeSet<Month> = what_if
        .map(|w| w.months.iter().map(|m| m.month).collect())
        .unwrap_or_default();
    let (mut plain_total, mut what_if_total) = (0, 0);
    for (month, line) in months.iter_mut() {
        if in_plain.contains(month) {
            plain_total = line.cumulative;
        } else {
            line.cumulative = plain_total;
        }
        if what_if.is_some() {
            if in_what_if.contains(month) {
                what_if_total = line.what_if_cumulative.unwrap_or(0);
            } else {
                line.what_if_cumulative = Some(what_if_total);
            }
        }
    }
    months.into_values().collect()
}

fn view(
    ctx: &Ctx,
    l: &PoolLedger,
    q: &WhatIfQuery,
    errors: tilskud_templates::pages::Errors,
) -> page::LedgerPage {
    let lang = ctx.lang;
    let what_if = l.what_if.as_ref().map(|(a, f)| {
        let text = t_args(
            lang,
            "ledger-what-if-text",
            &[
                (
                    "municipality",
                    Arg::from(l.municipalities.get(&a.code).cloned().unwrap_or_default()),
                ),
                ("rate", Arg::from(a.rate_no.to_string())),
                ("month", Arg::from(month_text(lang, a.month))),
            ],
        );
        (text, f.unplaced_ore)
    });
    let mut municipalities: Vec<(String, String)> = l
        .municipalities
        .iter()
        .map(|(code, name)| (code.to_string(), format!("{name} ({code})")))
        .collect();
    municipalities.sort_by_cached_key(|(_, n)| tilskud_templates::fmt::danish_sort_key(n));
    page::LedgerPage {
        pool_id: l.pool_id,
        pool_name: l.pool_name.clone(),
        pool_amount_ore: l.pool_amount_ore,
        years: l.ledger.years.iter().map(|y| year_line(lang, y)).collect(),
        total: year_line(lang, &l.ledger.total),
        upcoming: upcoming_lines(lang, l),
        forecast: forecast_lines(lang, &l.forecast, l.what_if.as_ref().map(|(_, f)| f)),
        this_month: month_text(lang, l.this_month),
        unplaced_ore: l.forecast.unplaced_ore,
        unplaced_rates: l.forecast.unplaced_rates,
        what_if,
        form: page::WhatIfForm {
            code: q.code.clone(),
            rate: q.rate.clone(),
            month: q.month.clone(),
            municipalities,
            rates: (1..=3)
                .map(|n| {
                    (
                        n.to_string(),
                        t_args(
                            lang,
                            "ledger-rate-option",
                            &[("rate", Arg::from(n.to_string()))],
                        ),
                    )
                })
                .collect(),
        },
        errors,
        query: if l.what_if.is_some() {
            q.query()
        } else {
            String::new()
        },
    }
}

/// The pool's ledger without a what-if, through the read cache.
async fn read(ctx: &Ctx, state: &AppState, pool_id: i64) -> AppResult<Arc<LedgerRead>> {
    let now = state.now();
    state
        .cached(ctx, app::read_key(pool_id, now), move |c| {
            app::read_plain(c, pool_id, now)
        })
        .await
}

/// The ledger page, with the what-if when one is asked for.
pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    query: web::Query<WhatIfQuery>,
) -> AppResult<HttpResponse> {
    let pool_id = path.into_inner();
    let q = query.into_inner();
    let now = state.now();
    let plain = read(&ctx, &state, pool_id).await?;
    let (ledger, errors) = match plain.what_if(&q.input()) {
        Ok(l) => (l, Default::default()),
        Err((l, e)) => (Cow::Borrowed(l), e),
    };
    let invalid = !errors.is_empty();
    let render = || {
        page::page(
            ctx.lang,
            &view(&ctx, &ledger, &q, errors_text(&ctx, &errors)),
        )
    };
    // Some 60–90 kB of tables and chart, nothing in it per session: the plain ledger is
    // rendered once per data version, day and language. A what-if is rendered per request:
    // kept, every different what-if typed would hold another page in memory.
    let body = if invalid || ledger.what_if.is_some() {
        render()
    } else {
        let key = format!("html/{}/{}", app::read_key(pool_id, now), ctx.lang.tag(),);
        let html = state.fragment(&ctx, key, || render().into_string());
        maud::PreEscaped(html.as_str().to_owned())
    };
    let title = t_args(
        ctx.lang,
        "ledger-heading",
        &[("pool", Arg::from(ledger.pool_name.clone()))],
    );
    let markup = ctx.page(&title, body);
    Ok(if invalid {
        html_invalid(markup)
    } else {
        html(markup)
    })
}

/// A table of the page as header and rows of cells (amounts as øre, for the writers).
struct Table {
    name: &'static str,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    /// The columns holding amounts in øre.
    amounts: Vec<usize>,
}

fn table(lang: Lang, l: &PoolLedger, name: &str) -> Option<Table> {
    match name {
        "years" => {
            let mut header = vec![t(lang, "ledger-year")];
            header.extend(page::LEDGER_COLUMNS.iter().map(|k| t(lang, k)));
            let rows = l
                .ledger
                .years
                .iter()
                .chain(std::iter::once(&l.ledger.total))
                .map(|y| {
                    let y = year_line(lang, y);
                    std::iter::once(y.year.clone())
                        .chain(y.amounts().iter().map(|a| a.to_string()))
                        .collect()
                })
                .collect();
            Some(Table {
                name: "aarsoversigt",
                header,
                rows,
                amounts: (1..=10).collect(),
            })
        }
        "upcoming" => Some(Table {
            name: "kommende-rater",
            header: [
                "municipality",
                "municipality-code",
                "rate-number",
                "allocation-amount",
                "ledger-state",
                "ledger-from",
                "ledger-waits-on",
            ]
            .iter()
            .map(|k| t(lang, k))
            .collect(),
            rows: upcoming_lines(lang, l)
                .into_iter()
                .map(|u| {
                    vec![
                        u.municipality,
                        u.code.to_string(),
                        u.rate_no.to_string(),
                        u.amount_ore.to_string(),
                        u.state,
                        u.from,
                        u.missing,
                    ]
                })
                .collect(),
            amounts: vec![3],
        }),
        "forecast" => {
            let what_if = l.what_if.as_ref().map(|(_, f)| f);
            let mut header: Vec<String> = [
                "ledger-month",
                "ledger-paid",
                "ledger-expected",
                "ledger-cumulative",
            ]
            .iter()
            .map(|k| t(lang, k))
            .collect();
            if what_if.is_some() {
                header.push(t(lang, "ledger-what-if-expected"));
                header.push(t(lang, "ledger-what-if-cumulative"));
            }
            let rows = forecast_lines(lang, &l.forecast, what_if)
                .into_iter()
                .map(|m| {
                    let mut cells = vec![
                        m.key,
                        m.paid.to_string(),
                        m.expected.to_string(),
                        m.cumulative.to_string(),
                    ];
                    if let (Some(e), Some(c)) = (m.what_if_expected, m.what_if_cumulative) {
                        cells.push(e.to_string());
                        cells.push(c.to_string());
                    }
                    cells
                })
                .collect();
            Some(Table {
                name: "likviditetsprognose",
                header,
                amounts: (1..=5).collect(),
                rows,
            })
        }
        _ => None,
    }
}

#[derive(Deserialize)]
pub struct FilePath {
    pool: i64,
    file: String,
}

/// A table of the ledger page as CSV for Danish Excel or as XLSX: `years`, `upcoming` or
/// `forecast` (with the what-if of the query).
pub async fn download(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<FilePath>,
    query: web::Query<WhatIfQuery>,
) -> AppResult<HttpResponse> {
    let FilePath { pool, file } = path.into_inner();
    let (name, ext) = file.rsplit_once('.').ok_or(AppError::NotFound)?;
    let q = query.into_inner();
    let plain = read(&ctx, &state, pool).await?;
    let ledger = match plain.what_if(&q.input()) {
        Ok(l) => l,
        Err((l, _)) => Cow::Borrowed(l),
    };
    let lang = ctx.lang;
    let table = table(lang, &ledger, name).ok_or(AppError::NotFound)?;
    let file_name = format!("{}-pulje-{pool}", table.name);
    match ext {
        "csv" => {
            let rows: Vec<Vec<String>> = table
                .rows
                .iter()
                .map(|r| {
                    r.iter()
                        .enumerate()
                        .map(|(i, c)| match c.parse::<i64>() {
                            Ok(ore) if table.amounts.contains(&i) => kroner_cell(ore),
                            _ => c.clone(),
                        })
                        .collect()
                })
                .collect();
            let body =
                crate::export::danish_csv(&table.header, &rows).map_err(AppError::internal)?;
            Ok(attachment(
                "text/csv; charset=utf-8",
                &format!("{file_name}.csv"),
                body,
            ))
        }
        "xlsx" => {
            let title = t_args(
                lang,
                "ledger-heading",
                &[("pool", Arg::from(ledger.pool_name.clone()))],
            );
            let body =
                crate::export::amounts_xlsx(&title, &table.header, &table.rows, &table.amounts)
                    .map_err(AppError::internal)?;
            Ok(attachment(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                &format!("{file_name}.xlsx"),
                body,
            ))
        }
        _ => Err(AppError::NotFound),
    }
}
