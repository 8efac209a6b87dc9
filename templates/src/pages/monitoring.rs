//! Monitoring: the seven KPIs month by month with their counts, a line chart per KPI
//! (SVG drawn on the server, no script), and the milestone facts with their evidence.

use maud::{html, Markup};

use crate::components::{alert, button, data_table, AlertKind, ButtonKind};
use crate::fmt;
use crate::i18n::{t, t_args, Arg, Lang};

mod chart;

pub use chart::{chart, Chart, Threshold};

/// One KPI in one month: numerator, denominator, and the share in tenths of a percent
/// (None when there was nobody to count).
#[derive(Clone, Copy)]
pub struct Cell {
    pub num: u64,
    pub den: u64,
    pub tenths: Option<u64>,
}

pub struct KpiSeries {
    pub key: String,
    pub rule_key: String,
    /// Per month, in the order of the months given to [`figures`].
    pub cells: Vec<Cell>,
    /// The milestone requirement drawn on the KPI's chart, if a rate is judged on it.
    pub threshold: Option<Threshold>,
}

/// A milestone fact as text, with whether it is met and the evidence lines.
pub struct Fact {
    pub title: String,
    pub met: bool,
    pub summary: String,
    pub rule: String,
    pub evidence: Vec<String>,
    /// Who in the municipality's data is still to be assessed: only for its own users.
    pub unassessed: Option<Unassessed>,
    /// The fact's measure month by month, charted with its requirement.
    pub chart: Option<FactChart>,
}

/// A milestone's measure as a chart: its name, the sentence saying who is counted, the
/// months as keys ("2018-02") with their shares, and the requirement.
pub struct FactChart {
    pub id: String,
    pub title: String,
    pub rule: String,
    pub months: Vec<String>,
    pub cells: Vec<Cell>,
    pub threshold: Threshold,
}

/// A never-assessed person: the start of the pseudonym, first and last month reported
/// (YYYY-MM) and the number of months.
pub struct UnassessedRow {
    pub pseudonym: String,
    pub first: String,
    pub last: String,
    pub months: u64,
}

/// The persons of rate 2 still missing, as far as the municipality's own data tells.
pub struct Unassessed {
    /// All never-assessed persons (`rows` may be fewer).
    pub total: u64,
    /// STAR's gross target group figure, and the distinct persons in the data.
    pub gross: u64,
    pub seen: u64,
    /// `gross - seen` when positive: persons STAR counts that the data never names.
    pub not_in_data: u64,
    pub rows: Vec<UnassessedRow>,
    pub csv_href: String,
}

/// The latest month at a glance, in the terms of STAR's status note: how many of the
/// gross target group are assessed, how the assessed split into the groups, and group
/// 1's job broker and company-offer shares. Each row is a catalogue key and its counts.
pub struct Status {
    pub month: String,
    pub rows: Vec<StatusRow>,
    /// Nationally: who has reported the month, and which later months are left out.
    pub notes: Vec<String>,
}

/// A figure of the status: its catalogue key and its counts.
pub struct StatusRow {
    pub key: &'static str,
    pub cell: Cell,
}

/// A download link of the KPIs.
pub struct Download {
    pub href: String,
    pub label: String,
}

pub struct Page {
    pub heading: String,
    /// The breadcrumbs above the page (none on the national page, a top-level one).
    pub trail: Vec<(String, String)>,
    pub status: Option<Status>,
    /// The KPI section (`figures`), rendered once per data version and language.
    pub figures: Markup,
    pub facts: Vec<Fact>,
    pub upload_action: Option<String>,
    pub csrf: String,
    pub problems: Vec<String>,
    pub flash: Option<String>,
}

fn share_text(c: &Cell) -> String {
    match c.tenths {
        Some(t) => format!("{},{} %", t / 10, t % 10),
        None => "–".to_string(),
    }
}

/// A cell's count, denominator and share, as the three right-aligned cells of a row.
fn count_cells(c: &Cell) -> Markup {
    let n = |v: u64| fmt::number(i64::try_from(v).unwrap_or(i64::MAX));
    html! {
        td .text-align-right .num { (n(c.num)) }
        td .text-align-right .num { (n(c.den)) }
        td .text-align-right .num { (share_text(c)) }
    }
}

fn status(lang: Lang, s: &Status) -> Markup {
    let heading = t_args(
        lang,
        "monitoring-status-heading",
        &[("month", Arg::from(s.month.as_str()))],
    );
    if s.rows.is_empty() {
        return html! { section #status { @for n in &s.notes { p .status-coverage { (n) } } } };
    }
    html! {
        section #status {
            h2 { (heading) }
            @for n in &s.notes { p .status-coverage { (n) } }
            p .form-hint { (t(lang, "monitoring-status-intro")) }
            (data_table(lang, &heading, html! {
                tr {
                    th scope="col" { (t(lang, "monitoring-status-figure")) }
                    th scope="col" .text-align-right { (t(lang, "monitoring-count")) }
                    th scope="col" .text-align-right { (t(lang, "monitoring-of")) }
                    th scope="col" .text-align-right { (t(lang, "monitoring-share")) }
                }
            }, html! {
                @for r in &s.rows {
                    tr {
                        th scope="row" { (t(lang, r.key)) }
                        (count_cells(&r.cell))
                    }
                }
            }))
        }
    }
}

fn count(n: u64) -> Arg {
    Arg::from(i64::try_from(n).unwrap_or(i64::MAX))
}

fn unassessed(lang: Lang, u: &Unassessed) -> Markup {
    html! {
        section #unassessed {
            h4 { (t(lang, "monitoring-unassessed-heading")) }
            p .form-hint { (t(lang, "monitoring-unassessed-intro")) }
            p #unassessed-count { (t_args(lang, "monitoring-unassessed-count", &[("count", count(u.total))])) }
            @if u.gross > 0 {
                p #not-in-data { (t_args(lang, "monitoring-unassessed-not-in-data", &[("count", count(u.not_in_data)), ("gross", count(u.gross)), ("seen", count(u.seen))])) }
            }
            @if !u.rows.is_empty() {
                @if (u.rows.len() as u64) < u.total {
                    p { (t_args(lang, "monitoring-unassessed-shown", &[("shown", count(u.rows.len() as u64))])) }
                }
                (data_table(lang, &t(lang, "monitoring-unassessed-heading"), html! {
                    tr {
                        th scope="col" { (t(lang, "monitoring-unassessed-pseudonym")) }
                        th scope="col" { (t(lang, "monitoring-unassessed-first")) }
                        th scope="col" { (t(lang, "monitoring-unassessed-last")) }
                        th scope="col" .text-align-right { (t(lang, "monitoring-unassessed-months")) }
                    }
                }, html! {
                    @for r in &u.rows {
                        tr {
                            td { code { (r.pseudonym) } }
                            td { (r.first) }
                            td { (r.last) }
                            td .text-align-right .num { (r.months) }
                        }
                    }
                }))
            }
            @if u.total > 0 {
                p { a href=(u.csv_href) download { (t(lang, "monitoring-unassessed-csv")) } }
            }
        }
    }
}

/// Which months the KPI tables show: from index `from` (the charts show them all), and
/// the link that shows the others or hides them again (its address and text), with the
/// sentence that says which are shown.
pub struct TableMonths {
    pub from: usize,
    pub note: Option<(String, String, String)>,
}

/// The KPI section: each KPI's chart and table over the months (keys, "2018-02"), with
/// the downloads.
/// Depends only on the figures and the language, so a page can keep it rendered.
/// `partial` marks, per month, a month not every reporting municipality has reported
/// (with its text, e.g. "1 af 89 kommuner"): shown in the tables, left out of the
/// charts, so that no chart plots one municipality's month as the country's.
pub fn figures(
    lang: Lang,
    months: &[String],
    partial: &[Option<String>],
    kpis: &[KpiSeries],
    downloads: &[Download],
    tables: &TableMonths,
) -> Markup {
    let is_partial = |i: usize| partial.get(i).is_some_and(Option::is_some);
    let charted: Vec<String> = (0..months.len())
        .filter(|&i| !is_partial(i))
        .map(|i| months[i].clone())
        .collect();
    html! {
        @if months.is_empty() {
            p { (t(lang, "monitoring-no-data")) }
        } @else {
            h2 #kpis { (t(lang, "monitoring-kpis")) }
            p .form-hint { (t(lang, "kpi-rounding-rule")) " " (t(lang, "kpi-undefined")) }
            @if (0..months.len()).any(is_partial) {
                p #partial-months .form-hint { (t(lang, "monitoring-partial-hint")) }
            }
            @if !downloads.is_empty() {
                ul #kpi-downloads .nobullet-list { @for d in downloads { li { a href=(d.href) download { (d.label) } } } }
            }
            @if let Some((sentence, href, link)) = &tables.note {
                p #table-months { (sentence) " " a href=(href) { (link) } }
            }
            @for k in kpis {
                h3 { (t(lang, &k.key)) }
                p .form-hint { (t(lang, &k.rule_key)) }
                @let cells: Vec<Cell> = (0..k.cells.len()).filter(|&i| !is_partial(i)).map(|i| k.cells[i]).collect();
                (chart(lang, &Chart {
                    id: &format!("chart-{}", k.key),
                    title: &t(lang, &k.key),
                    months: &charted,
                    cells: &cells,
                    threshold: k.threshold,
                }))
                (data_table(lang, &t(lang, &k.key), html! {
                    tr {
                        th scope="col" { (t(lang, "monitoring-month")) }
                        th scope="col" .text-align-right { (t(lang, "monitoring-count")) }
                        th scope="col" .text-align-right { (t(lang, "monitoring-of")) }
                        th scope="col" .text-align-right { (t(lang, "monitoring-share")) }
                    }
                }, html! {
                    @for (i, (m, c)) in months.iter().zip(&k.cells).enumerate().skip(tables.from) {
                        tr {
                            td {
                                (fmt::month_key_long(lang, m))
                                @if let Some(Some(p)) = partial.get(i) {
                                    " " span .partial-month { "(" (t_args(lang, "monitoring-partial-month", &[("reported", Arg::from(p.as_str()))])) ")" }
                                }
                            }
                            (count_cells(c))
                        }
                    }
                }))
            }
        }
    }
}

pub fn page(lang: Lang, p: &Page) -> Markup {
    html! {
        @if !p.trail.is_empty() {
            @let trail: Vec<(&str, &str)> = p.trail.iter().map(|(l, h)| (l.as_str(), h.as_str())).collect();
            (crate::components::breadcrumbs(lang, &trail, &p.heading))
        }
        h1 { (p.heading) }
        @if let Some(f) = &p.flash { (alert(AlertKind::Success, None, html! { p #flash { (f) } })) }
        @if !p.problems.is_empty() {
            (alert(AlertKind::Error, Some(&t(lang, "monitoring-upload-failed")), html! {
                ul #upload-errors { @for e in &p.problems { li { (e) } } }
            }))
        }
        @if let Some(s) = &p.status { (status(lang, s)) }
        @if !p.facts.is_empty() {
            h2 { (t(lang, "monitoring-milestones")) }
            @for f in &p.facts {
                div .milestone {
                    h3 { (f.title) }
                    p .milestone-summary { (crate::components::check_mark(lang, f.met)) " " (f.summary) }
                    p .form-hint { (f.rule) }
                    @if let Some(c) = &f.chart {
                        h4 { (c.title) }
                        p .form-hint { (c.rule) }
                        (chart(lang, &Chart {
                            id: &c.id,
                            title: &c.title,
                            months: &c.months,
                            cells: &c.cells,
                            threshold: Some(c.threshold),
                        }))
                    }
                    @if !f.evidence.is_empty() { ul { @for e in &f.evidence { li { (e) } } } }
                    @if let Some(u) = &f.unassessed { (unassessed(lang, u)) }
                }
            }
        }
        (p.figures)
        @if let Some(action) = &p.upload_action {
            h2 { (t(lang, "monitoring-upload")) }
            p { (t(lang, "monitoring-upload-intro")) }
            form method="post" enctype="multipart/form-data" action={ (action) "?csrf_token=" (p.csrf) } {
                div .form-group {
                    label .form-label for="file" { (t(lang, "tg-file")) }
                    input .form-input type="file" id="file" name="file" accept=".csv,text/csv" required;
                }
                (button(ButtonKind::Primary, &t(lang, "monitoring-upload-button")))
            }
            p .form-hint { (t_args(lang, "monitoring-format-hint", &[("header", Arg::from("cpr,municipality_code,month,group,job_broker,company_offer,ordinary_hours,outcome"))])) }
        }
    }
}

/// One municipality-month of an upload that waits for confirmation.
pub struct PreviewRow {
    pub municipality: String,
    /// "marts 2018"
    pub month: String,
    pub persons: u64,
    /// Group 1, 2, 3, not assessed.
    pub groups: [u64; 4],
    /// What the month is compared with ("februar 2018", "det gemte for måneden") and
    /// its persons; `None` for a first month.
    pub compared: Option<(String, u64)>,
    /// The change in words ("407 færre (−99,3 %)").
    pub change: String,
    pub sharp_drop: bool,
}

/// The check before a file with a sharp drop replaces data: what the file holds beside
/// the month before, and a form to send the same file again, confirmed.
pub struct Preview {
    pub rows: u64,
    pub drops: usize,
    pub months: Vec<PreviewRow>,
    pub token: String,
    pub action: String,
    pub csrf: String,
    pub back_href: String,
    /// Set when the form came back without the box ticked.
    pub unticked: Option<String>,
}

pub fn preview(lang: Lang, p: &Preview) -> Markup {
    let n = |v: u64| fmt::number(i64::try_from(v).unwrap_or(i64::MAX));
    let head = html! {
        tr {
            th scope="col" { (t(lang, "monitoring-preview-municipality")) }
            th scope="col" { (t(lang, "monitoring-preview-month")) }
            th scope="col" .text-align-right { (t(lang, "monitoring-preview-persons")) }
            th scope="col" .text-align-right { (t(lang, "monitoring-preview-group1")) }
            th scope="col" .text-align-right { (t(lang, "monitoring-preview-group2")) }
            th scope="col" .text-align-right { (t(lang, "monitoring-preview-group3")) }
            th scope="col" .text-align-right { (t(lang, "monitoring-preview-unassessed")) }
            th scope="col" { (t(lang, "monitoring-preview-compared")) }
            th scope="col" { (t(lang, "monitoring-preview-change")) }
        }
    };
    let body = html! {
        @for r in &p.months {
            tr .sharp-drop[r.sharp_drop] {
                td { (r.municipality) }
                td { (r.month) }
                td .text-align-right { (n(r.persons)) }
                @for g in r.groups { td .text-align-right { (n(g)) } }
                td {
                    @match &r.compared {
                        Some((label, persons)) => { (label) ": " (n(*persons)) }
                        None => { (t(lang, "monitoring-preview-first-month")) }
                    }
                }
                td {
                    @if r.sharp_drop { strong { (t(lang, "monitoring-preview-sharp-drop")) ": " } }
                    (r.change)
                }
            }
        }
    };
    let intro = t_args(
        lang,
        "monitoring-preview-intro",
        &[
            (
                "drops",
                Arg::from(i64::try_from(p.drops).unwrap_or(i64::MAX)),
            ),
            ("rows", Arg::from(n(p.rows).as_str())),
        ],
    );
    html! {
        h1 { (t(lang, "monitoring-preview-heading")) }
        (alert(AlertKind::Warning, Some(&t(lang, "monitoring-preview-not-imported")), html! {
            p #preview-intro { (intro) }
        }))
        (data_table(lang, &t(lang, "monitoring-preview-caption"), head, body))
        h2 { (t(lang, "monitoring-preview-confirm-heading")) }
        p { (t(lang, "monitoring-preview-again")) }
        form method="post" enctype="multipart/form-data" action={ (p.action) "?csrf_token=" (p.csrf) } {
            input type="hidden" name="confirm" value=(p.token);
            (crate::components::checkbox(
                &crate::components::CheckboxSpec::new(lang, "reviewed", t(lang, "monitoring-preview-reviewed"))
                    .value("1")
                    .error(p.unticked.clone()),
            ))
            div .form-group {
                label .form-label for="file" { (t(lang, "monitoring-preview-file")) }
                input .form-input type="file" id="file" name="file" accept=".csv,text/csv" required;
            }
            (button(ButtonKind::Primary, &t(lang, "monitoring-preview-import")))
            " "
            (crate::components::link_button(ButtonKind::Secondary, &t(lang, "monitoring-preview-cancel"), &p.back_href))
        }
    }
}
