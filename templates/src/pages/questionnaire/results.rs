//! The results, nationally or for one municipality: how many measurements, the response
//! rates against the persons ever in group 1, and per question the distribution at the
//! first and the second measurement (a table and a bar chart), the means of a number
//! question and the change of the persons measured twice.

use maud::{html, Markup};

use super::chart::{bar_chart, BarChart, Bars};
use super::{illustration, n, percent, top};
use crate::components::{data_table, data_table_quiet, link_button, ButtonKind};
use crate::i18n::{t, t_args, Arg, Lang};

/// The measurements counted.
pub struct ResultCounts {
    pub baselines: u64,
    pub follow_ups: u64,
    pub exits: u64,
    /// Persons with a baseline and a second measurement (follow-up or exit).
    pub pairs: u64,
    /// Persons ever in group 1 (monitoring): the response rates' denominator.
    pub group1: u64,
    /// Nationally: the municipalities with a measurement.
    pub municipalities: Option<u64>,
}

/// One answer's counts.
pub struct Distribution {
    pub label: String,
    /// The label under the chart's bars: a scale's value without its end's words.
    pub chart_label: String,
    pub baseline: u64,
    pub second: u64,
}

/// How the persons measured twice answered the second time.
pub enum Change {
    /// Answers with an order (scale, yes/no, number): higher, the same or lower, and the
    /// mean change ("+0,35").
    Ordered {
        pairs: u64,
        higher: u64,
        same: u64,
        lower: u64,
        mean: String,
    },
    /// Options without an order: another option or the same.
    Changed { pairs: u64, changed: u64, same: u64 },
}

pub struct QuestionResult {
    pub code: String,
    pub text: String,
    /// The kind in words.
    pub kind: String,
    /// Per answer, in the answers' order; empty for a number question.
    pub rows: Vec<Distribution>,
    /// Answers at the first and the second measurement.
    pub answered: (u64, u64),
    /// The means at the first and the second measurement ("3,45"), for a number or a
    /// scale; "–" without answers.
    pub means: Option<(String, String)>,
    pub change: Option<Change>,
}

pub struct ResultsPage {
    pub trail: Vec<(String, String)>,
    pub heading: String,
    /// `None` without a question set.
    pub version: Option<i32>,
    pub illustration: bool,
    pub counts: ResultCounts,
    pub questions: Vec<QuestionResult>,
    /// Links to the pages around it (label, address).
    pub links: Vec<(String, String)>,
}

fn summary(lang: Lang, c: &ResultCounts) -> Markup {
    let caption = t(lang, "questionnaire-results-counts");
    let second = c.follow_ups + c.exits;
    let mut rows: Vec<(String, String)> = vec![
        (t(lang, "questionnaire-count-baselines"), n(c.baselines)),
        (t(lang, "questionnaire-count-followed-up"), n(c.follow_ups)),
        (t(lang, "questionnaire-count-exited"), n(c.exits)),
        (t(lang, "questionnaire-count-pairs"), n(c.pairs)),
        (t(lang, "questionnaire-count-group1"), n(c.group1)),
        (
            t(lang, "questionnaire-rate-baseline"),
            percent(c.baselines, c.group1),
        ),
        (
            t(lang, "questionnaire-rate-second"),
            percent(second, c.group1),
        ),
    ];
    if let Some(m) = c.municipalities {
        rows.push((t(lang, "questionnaire-count-municipalities"), n(m)));
    }
    html! {
        h2 #counts { (caption) }
        p .form-hint { (t(lang, "questionnaire-results-intro")) }
        (data_table_quiet(lang, &caption, html! {
            tr {
                th scope="col" { (t(lang, "questionnaire-col-figure")) }
                th scope="col" .num { (t(lang, "questionnaire-col-value")) }
            }
        }, html! {
            @for (label, value) in &rows {
                tr { th scope="row" { (label) } td .num { (value) } }
            }
        }))
    }
}

fn distribution(lang: Lang, q: &QuestionResult, caption: &str) -> Markup {
    let (b_total, s_total) = q.answered;
    data_table(
        lang,
        caption,
        html! {
            tr {
                th scope="col" rowspan="2" { (t(lang, "questionnaire-col-answer")) }
                th scope="colgroup" colspan="2" .num { (t(lang, "questionnaire-first-measurement")) }
                th scope="colgroup" colspan="2" .num { (t(lang, "questionnaire-second-measurement")) }
            }
            tr {
                th scope="col" .num { (t(lang, "questionnaire-col-count")) }
                th scope="col" .num { (t(lang, "questionnaire-col-share")) }
                th scope="col" .num { (t(lang, "questionnaire-col-count")) }
                th scope="col" .num { (t(lang, "questionnaire-col-share")) }
            }
        },
        html! {
            @for r in &q.rows {
                tr {
                    th scope="row" { (r.label) }
                    td .num { (n(r.baseline)) }
                    td .num { (percent(r.baseline, b_total)) }
                    td .num { (n(r.second)) }
                    td .num { (percent(r.second, s_total)) }
                }
            }
            tr .total {
                th scope="row" { (t(lang, "questionnaire-total")) }
                td .num { (n(b_total)) }
                td .num { (percent(b_total, b_total)) }
                td .num { (n(s_total)) }
                td .num { (percent(s_total, s_total)) }
            }
        },
    )
}

fn means(lang: Lang, q: &QuestionResult, (first, second): &(String, String)) -> Markup {
    let caption = t_args(
        lang,
        "questionnaire-means-caption",
        &[("question", Arg::from(q.text.as_str()))],
    );
    data_table_quiet(
        lang,
        &caption,
        html! {
            tr {
                th scope="col" { span .sr-only { (t(lang, "questionnaire-col-figure")) } }
                th scope="col" .num { (t(lang, "questionnaire-first-measurement")) }
                th scope="col" .num { (t(lang, "questionnaire-second-measurement")) }
            }
        },
        html! {
            tr {
                th scope="row" { (t(lang, "questionnaire-answered")) }
                td .num { (n(q.answered.0)) }
                td .num { (n(q.answered.1)) }
            }
            tr {
                th scope="row" { (t(lang, "questionnaire-mean")) }
                td .num { (first) }
                td .num { (second) }
            }
        },
    )
}

fn change(lang: Lang, c: &Change) -> Markup {
    let text = match c {
        Change::Ordered {
            pairs,
            higher,
            same,
            lower,
            mean,
        } => t_args(
            lang,
            "questionnaire-change-ordered",
            &[
                ("pairs", Arg::from(n(*pairs).as_str())),
                ("higher", Arg::from(n(*higher).as_str())),
                ("same", Arg::from(n(*same).as_str())),
                ("lower", Arg::from(n(*lower).as_str())),
                ("mean", Arg::from(mean.as_str())),
            ],
        ),
        Change::Changed {
            pairs,
            changed,
            same,
        } => t_args(
            lang,
            "questionnaire-change-choice",
            &[
                ("pairs", Arg::from(n(*pairs).as_str())),
                ("changed", Arg::from(n(*changed).as_str())),
                ("same", Arg::from(n(*same).as_str())),
            ],
        ),
    };
    let pairs = match c {
        Change::Ordered { pairs, .. } | Change::Changed { pairs, .. } => *pairs,
    };
    html! {
        @if pairs == 0 {
            p .change { (t(lang, "questionnaire-change-none")) }
        } @else {
            p .change { (text) }
        }
    }
}

fn question(lang: Lang, i: usize, q: &QuestionResult) -> Markup {
    let title = format!("{}. {}", i + 1, q.text);
    let id = format!("q-{}", q.code);
    let caption = t_args(
        lang,
        "questionnaire-distribution-caption",
        &[("question", Arg::from(q.text.as_str()))],
    );
    html! {
        section .question-result id=(id) {
            h3 { (title) }
            p .form-hint { (q.kind) " · " code { (q.code) } }
            @if !q.rows.is_empty() {
                @let labels: Vec<String> = q.rows.iter().map(|r| r.chart_label.clone()).collect();
                @let bars = Bars {
                    baseline: q.rows.iter().map(|r| r.baseline).collect(),
                    second: q.rows.iter().map(|r| r.second).collect(),
                };
                @if q.answered.0 + q.answered.1 > 0 {
                    (bar_chart(lang, &BarChart { id: &format!("chart-{}", q.code), title: &q.text, labels: &labels, bars: &bars }))
                }
                (distribution(lang, q, &caption))
            }
            @if let Some(m) = &q.means { (means(lang, q, m)) }
            @if let Some(c) = &q.change { (change(lang, c)) }
        }
    }
}

/// The results page.
pub fn results(lang: Lang, p: &ResultsPage) -> Markup {
    html! {
        (top(lang, &p.trail, &p.heading))
        @if !p.links.is_empty() {
            p .questionnaire-links {
                @for (label, href) in &p.links { (link_button(ButtonKind::Secondary, label, href)) " " }
            }
        }
        @match p.version {
            None => { p #no-set { (t(lang, "questionnaire-no-set")) } }
            Some(v) => {
                (illustration(lang, p.illustration))
                p #set-version { (t_args(lang, "questionnaire-results-version", &[("version", Arg::from(v))])) }
                (summary(lang, &p.counts))
                h2 #questions { (t(lang, "questionnaire-results-questions")) }
                p .form-hint { (t(lang, "questionnaire-results-second-explained")) }
                @for (i, q) in p.questions.iter().enumerate() { (question(lang, i, q)) }
            }
        }
    }
}
