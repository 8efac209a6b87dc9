//! The progression questionnaire (spørgeramme): the pool's overview (the question set
//! and its versions, and for the officer the upload, the window, the municipalities'
//! counts and the delivery), a municipality's page (who is due, by pseudonym, and the
//! vendor file upload), the measurement form and the results with their bar charts.
//! Everything works without script.

use maud::{html, Markup};

use crate::components::{
    alert, button, csrf_field, data_table, error_summary, link_button, text_field, AlertKind,
    ButtonKind, FieldSpec,
};
use crate::fmt;
use crate::i18n::{t, t_args, Arg, Lang};
use crate::pages::{err, Errors};

mod chart;
mod form;
mod results;

pub use chart::{bar_chart, BarChart, Bars};
pub use form::{form, Choice, FormQuestion, FormView, Input, Person};
pub use results::{results, Change, Distribution, QuestionResult, ResultCounts, ResultsPage};

/// A count with thousands separators: "1.234".
fn n(v: u64) -> String {
    fmt::number(i64::try_from(v).unwrap_or(i64::MAX))
}

fn count(v: u64) -> Arg {
    Arg::Int(i64::try_from(v).unwrap_or(i64::MAX))
}

/// A share as the pages write it, "92,2 %" (tenths, rounded half up), or "–" when
/// there is no one to count.
pub fn percent(num: u64, den: u64) -> String {
    if den == 0 {
        return "–".to_owned();
    }
    let (num, den) = (u128::from(num), u128::from(den));
    let tenths = (2000 * num + den) / (2 * den);
    let whole = i64::try_from(tenths / 10).unwrap_or(i64::MAX);
    format!("{},{} %", fmt::number(whole), tenths % 10)
}

/// The breadcrumbs and the heading of every questionnaire page.
fn top(lang: Lang, trail: &[(String, String)], heading: &str) -> Markup {
    let trail: Vec<(&str, &str)> = trail
        .iter()
        .map(|(l, h)| (l.as_str(), h.as_str()))
        .collect();
    html! {
        @if !trail.is_empty() { (crate::components::breadcrumbs(lang, &trail, heading)) }
        h1 { (heading) }
    }
}

/// The notice on a made-up set (the demo's), not the agency's.
fn illustration(lang: Lang, shown: bool) -> Markup {
    html! {
        @if shown {
            (alert(AlertKind::Warning, Some(&t(lang, "questionnaire-illustration-heading")), html! {
                p #illustration { (t(lang, "questionnaire-illustration")) }
            }))
        }
    }
}

fn flash(text: &Option<String>) -> Markup {
    html! {
        @if let Some(f) = text { (alert(AlertKind::Success, None, html! { p #flash { (f) } })) }
    }
}

/// A list of a file's problems, each with its line ("Linje 7, felt cpr: …").
fn problems(lang: Lang, heading_key: &str, list: &[String]) -> Markup {
    html! {
        @if !list.is_empty() {
            (alert(AlertKind::Error, Some(&t(lang, heading_key)), html! {
                ul #upload-errors { @for e in list { li { (e) } } }
            }))
        }
    }
}

/// A file upload form (multipart: its CSRF token goes in the address).
fn upload_form(lang: Lang, action: &str, csrf: &str, button_key: &str) -> Markup {
    html! {
        form method="post" enctype="multipart/form-data" action={ (action) "?csrf_token=" (csrf) } {
            div .form-group {
                label .form-label for="file" { (t(lang, "questionnaire-file")) }
                input .form-input type="file" id="file" name="file" accept=".csv,text/csv" required;
            }
            (button(ButtonKind::Primary, &t(lang, button_key)))
        }
    }
}

/// One question of the set as the overview lists it.
pub struct QuestionRow {
    pub code: String,
    pub text: String,
    /// The kind in words ("Skala", "Ja/nej", …).
    pub kind: String,
    pub required: bool,
    /// What may be answered: "1–5 (1 = Slet ikke klar, 5 = Helt klar)", the options, ….
    pub answers: Vec<String>,
}

/// A version of the set.
pub struct VersionRow {
    pub version: i32,
    /// When it was saved, in words.
    pub saved: String,
    pub questions: usize,
}

/// The current set.
pub struct CurrentSet {
    pub version: VersionRow,
    pub illustration: bool,
    pub questions: Vec<QuestionRow>,
    pub csv_href: String,
}

/// One municipality's counts on the officer's overview (no persons).
pub struct DueCountRow {
    pub name: String,
    pub code: i32,
    pub baselines: u64,
    pub followed_up: u64,
    pub exited: u64,
    pub due_this_month: u64,
    pub overdue: u64,
}

/// The officer's part of the overview.
pub struct OfficerPart {
    /// The set upload's action, and its problems when it was refused.
    pub upload_action: String,
    pub upload_problems: Vec<String>,
    pub window_action: String,
    /// The window as typed (or stored) and what is wrong with it.
    pub window_value: String,
    pub window_errors: Errors,
    pub due: Vec<DueCountRow>,
    pub delivery_action: String,
    /// The delivery cannot be made: no evaluator key is configured.
    pub key_missing: bool,
}

pub struct Overview {
    pub trail: Vec<(String, String)>,
    pub heading: String,
    pub flash: Option<String>,
    pub current: Option<CurrentSet>,
    /// Earlier versions, newest first.
    pub older: Vec<VersionRow>,
    pub window_months: u32,
    pub results_href: String,
    /// The user's own municipality: its page (finance, caseworker) and its results.
    pub own_href: Option<String>,
    pub own_results_href: Option<String>,
    pub csrf: String,
    pub officer: Option<OfficerPart>,
}

fn questions_table(lang: Lang, set: &CurrentSet) -> Markup {
    let caption = t_args(
        lang,
        "questionnaire-set-caption",
        &[("version", Arg::from(set.version.version))],
    );
    data_table(
        lang,
        &caption,
        html! {
            tr {
                th scope="col" .num { (t(lang, "questionnaire-col-number")) }
                th scope="col" { (t(lang, "questionnaire-col-question")) }
                th scope="col" { (t(lang, "questionnaire-col-code")) }
                th scope="col" { (t(lang, "questionnaire-col-kind")) }
                th scope="col" { (t(lang, "questionnaire-col-required")) }
                th scope="col" { (t(lang, "questionnaire-col-answers")) }
            }
        },
        html! {
            @for (i, q) in set.questions.iter().enumerate() {
                tr {
                    td .num { (i + 1) }
                    td { (q.text) }
                    td { code { (q.code) } }
                    td { (q.kind) }
                    td { (t(lang, if q.required { "questionnaire-required-yes" } else { "questionnaire-required-no" })) }
                    td {
                        @if q.answers.len() == 1 {
                            (q.answers[0])
                        } @else {
                            ol .questionnaire-options { @for a in &q.answers { li { (a) } } }
                        }
                    }
                }
            }
        },
    )
}

fn versions_table(lang: Lang, older: &[VersionRow]) -> Markup {
    let caption = t(lang, "questionnaire-older-versions");
    html! {
        h3 #older { (caption) }
        (crate::components::data_table_quiet(lang, &caption, html! {
            tr {
                th scope="col" .num { (t(lang, "questionnaire-col-version")) }
                th scope="col" { (t(lang, "questionnaire-col-saved")) }
                th scope="col" .num { (t(lang, "questionnaire-col-questions")) }
            }
        }, html! {
            @for v in older {
                tr {
                    td .num { (v.version) }
                    td { (v.saved) }
                    td .num { (v.questions) }
                }
            }
        }))
    }
}

fn due_counts(lang: Lang, rows: &[DueCountRow]) -> Markup {
    let caption = t(lang, "questionnaire-due-counts-heading");
    html! {
        h2 #due-counts { (caption) }
        p .form-hint { (t(lang, "questionnaire-due-counts-intro")) }
        @if rows.is_empty() {
            p { (t(lang, "questionnaire-due-counts-none")) }
        } @else {
            (crate::components::data_table_quiet(lang, &caption, html! {
                tr {
                    th scope="col" { (t(lang, "questionnaire-col-municipality")) }
                    th scope="col" .num { (t(lang, "questionnaire-col-baselines")) }
                    th scope="col" .num { (t(lang, "questionnaire-col-followed-up")) }
                    th scope="col" .num { (t(lang, "questionnaire-col-exited")) }
                    th scope="col" .num { (t(lang, "questionnaire-col-due-this-month")) }
                    th scope="col" .num { (t(lang, "questionnaire-col-overdue")) }
                }
            }, html! {
                @for r in rows {
                    tr {
                        th scope="row" { (r.name) " (" (format!("{:03}", r.code)) ")" }
                        td .num { (n(r.baselines)) }
                        td .num { (n(r.followed_up)) }
                        td .num { (n(r.exited)) }
                        td .num { (n(r.due_this_month)) }
                        td .num { (n(r.overdue)) }
                    }
                }
                @let sum = |f: fn(&DueCountRow) -> u64| rows.iter().map(f).sum::<u64>();
                tr .total {
                    th scope="row" { (t(lang, "questionnaire-total")) }
                    td .num { (n(sum(|r| r.baselines))) }
                    td .num { (n(sum(|r| r.followed_up))) }
                    td .num { (n(sum(|r| r.exited))) }
                    td .num { (n(sum(|r| r.due_this_month))) }
                    td .num { (n(sum(|r| r.overdue))) }
                }
            }))
        }
    }
}

fn officer_part(lang: Lang, o: &OfficerPart, csrf: &str) -> Markup {
    let window_label = t(lang, "questionnaire-window-label");
    let summary: Errors = o
        .window_errors
        .iter()
        .map(|(f, m)| (f.clone(), format!("{window_label}: {m}")))
        .collect();
    html! {
        h2 #upload { (t(lang, "questionnaire-upload-set-heading")) }
        p { (t(lang, "questionnaire-upload-set-intro")) }
        (problems(lang, "questionnaire-upload-set-failed", &o.upload_problems))
        (upload_form(lang, &o.upload_action, csrf, "questionnaire-upload-set-button"))
        p .form-hint { (t_args(lang, "questionnaire-set-format-hint", &[("header", Arg::from("code;kind;required;text_da;text_en;range;labels_da;labels_en"))])) }

        h2 #window { (t(lang, "questionnaire-window-heading")) }
        p { (t(lang, "questionnaire-window-intro")) }
        div #fejl { (error_summary(lang, &summary)) }
        form method="post" action={ (o.window_action) "#fejl" } novalidate {
            (csrf_field(csrf))
            (text_field(&FieldSpec::new(lang, "window_months", window_label.clone())
                .hint(t(lang, "questionnaire-window-hint"))
                .input_type("number")
                .inputmode("numeric")
                .value(o.window_value.clone())
                .error(err(&o.window_errors, "window_months"))
                .required()))
            (button(ButtonKind::Secondary, &t(lang, "questionnaire-window-save")))
        }

        (due_counts(lang, &o.due))

        h2 #delivery { (t(lang, "questionnaire-delivery-heading")) }
        p { (t(lang, "questionnaire-delivery-intro")) }
        @if o.key_missing {
            (alert(AlertKind::Warning, None, html! { p #key-missing { (t(lang, "questionnaire-no-evaluator-key")) } }))
        }
        form method="post" action=(o.delivery_action) {
            (csrf_field(csrf))
            fieldset {
                legend .form-label { (t(lang, "questionnaire-delivery-format")) }
                div .form-group-radio {
                    input .form-radio type="radio" id="format-csv" name="format" value="csv" checked;
                    label for="format-csv" { (t(lang, "questionnaire-delivery-csv")) }
                }
                div .form-group-radio {
                    input .form-radio type="radio" id="format-xlsx" name="format" value="xlsx";
                    label for="format-xlsx" { (t(lang, "questionnaire-delivery-xlsx")) }
                }
            }
            p { (button(ButtonKind::Secondary, &t(lang, "questionnaire-delivery-button"))) }
        }
        p .form-hint { (t(lang, "questionnaire-delivery-audit")) }
    }
}

/// The pool's questionnaire overview.
pub fn overview(lang: Lang, p: &Overview) -> Markup {
    html! {
        (top(lang, &p.trail, &p.heading))
        (flash(&p.flash))
        p { (t(lang, "questionnaire-intro")) }
        p .questionnaire-links {
            @if let Some(h) = &p.own_href {
                (link_button(ButtonKind::Primary, &t(lang, "questionnaire-own-page"), h)) " "
            }
            @if let Some(h) = &p.own_results_href {
                (link_button(ButtonKind::Secondary, &t(lang, "questionnaire-own-results"), h)) " "
            }
            (link_button(ButtonKind::Secondary, &t(lang, "questionnaire-national-results"), &p.results_href))
        }
        @match &p.current {
            None => {
                h2 #set { (t(lang, "questionnaire-set-heading")) }
                p #no-set { (t(lang, "questionnaire-no-set")) }
            }
            Some(set) => {
                h2 #set { (t(lang, "questionnaire-set-heading")) }
                (illustration(lang, set.illustration))
                p #set-version { (t_args(lang, "questionnaire-set-version", &[
                    ("version", Arg::from(set.version.version)),
                    ("saved", Arg::from(set.version.saved.as_str())),
                    ("questions", count(set.version.questions as u64)),
                ])) }
                (questions_table(lang, set))
                p { a #set-csv href=(set.csv_href) download { (t(lang, "questionnaire-set-csv")) } }
            }
        }
        p #window-months { (t_args(lang, "questionnaire-window-now", &[("months", Arg::from(p.window_months))])) }
        @if !p.older.is_empty() { (versions_table(lang, &p.older)) }
        @if let Some(o) = &p.officer { (officer_part(lang, o, &p.csrf)) }
    }
}

/// A person due: the pseudonym shortened (and whole in the title), the dates in words
/// and the link that opens the form for them.
pub struct DueRow {
    pub short: String,
    pub full: String,
    pub baseline: String,
    pub due: String,
    /// "1. januar 2019 – 28. februar 2019"
    pub window: String,
    pub href: String,
}

/// A person in group 1 without a baseline.
pub struct MissingRow {
    pub short: String,
    pub full: String,
    /// Their first month in group 1 ("februar 2018").
    pub expected: String,
    pub href: String,
}

/// The municipality's counts.
pub struct EntryCounts {
    pub group1: u64,
    pub baselines: u64,
    pub followed_up: u64,
    pub exited: u64,
    pub not_yet: u64,
    pub due_this_month: u64,
    pub overdue: u64,
    pub missing_baseline: u64,
}

/// A municipality's questionnaire page.
pub struct EntryPage {
    pub trail: Vec<(String, String)>,
    pub heading: String,
    pub flash: Option<String>,
    /// `None` while the pool has no question set (nothing can be entered yet).
    pub version: Option<i32>,
    pub illustration: bool,
    pub window_months: u32,
    pub counts: EntryCounts,
    pub due_this_month: Vec<DueRow>,
    pub overdue: Vec<DueRow>,
    pub missing: Vec<MissingRow>,
    /// How many rows each list shows at most (the counts say how many there are).
    pub shown: usize,
    pub new_href: String,
    pub results_href: String,
    pub overview_href: Option<String>,
    pub import_action: String,
    pub import_problems: Vec<String>,
    pub csrf: String,
}

fn pseudonym(short: &str, full: &str) -> Markup {
    html! { code .pseudonym title=(full) { (short) "…" } }
}

fn shown_note(lang: Lang, shown: usize, total: u64) -> Markup {
    html! {
        @if (shown as u64) < total {
            p .form-hint { (t_args(lang, "questionnaire-list-shown", &[("shown", Arg::from(n(shown as u64).as_str())), ("total", Arg::from(n(total).as_str()))])) }
        }
    }
}

fn due_table(
    lang: Lang,
    id: &str,
    caption: &str,
    rows: &[DueRow],
    total: u64,
    shown: usize,
) -> Markup {
    html! {
        h2 id=(id) { (caption) " " span .count { "(" (n(total)) ")" } }
        @if rows.is_empty() {
            p { (t(lang, "questionnaire-list-empty")) }
        } @else {
            (shown_note(lang, shown, total))
            (crate::components::data_table_quiet(lang, caption, html! {
                tr {
                    th scope="col" { (t(lang, "questionnaire-col-person")) }
                    th scope="col" { (t(lang, "questionnaire-col-baseline-date")) }
                    th scope="col" { (t(lang, "questionnaire-col-due")) }
                    th scope="col" { (t(lang, "questionnaire-col-window")) }
                    th scope="col" { span .sr-only { (t(lang, "questionnaire-col-action")) } }
                }
            }, html! {
                @for r in rows {
                    tr {
                        td { (pseudonym(&r.short, &r.full)) }
                        td { (r.baseline) }
                        td { (r.due) }
                        td { (r.window) }
                        td { a href=(r.href) { (t(lang, "questionnaire-register")) span .sr-only { " " (r.short) } } }
                    }
                }
            }))
        }
    }
}

fn counts_table(lang: Lang, c: &EntryCounts) -> Markup {
    let caption = t(lang, "questionnaire-counts-heading");
    let rows = [
        ("questionnaire-count-group1", c.group1),
        ("questionnaire-count-baselines", c.baselines),
        ("questionnaire-count-followed-up", c.followed_up),
        ("questionnaire-count-exited", c.exited),
        ("questionnaire-count-not-yet", c.not_yet),
        ("questionnaire-count-due-this-month", c.due_this_month),
        ("questionnaire-count-overdue", c.overdue),
        ("questionnaire-count-missing-baseline", c.missing_baseline),
    ];
    html! {
        h2 #counts { (caption) }
        (crate::components::data_table_quiet(lang, &caption, html! {
            tr {
                th scope="col" { (t(lang, "questionnaire-col-figure")) }
                th scope="col" .num { (t(lang, "questionnaire-col-persons")) }
            }
        }, html! {
            @for (key, v) in rows {
                tr { th scope="row" { (t(lang, key)) } td .num { (n(v)) } }
            }
        }))
    }
}

/// The municipality's page: who is due, the counts, the form and the vendor file.
pub fn entry_page(lang: Lang, p: &EntryPage) -> Markup {
    html! {
        (top(lang, &p.trail, &p.heading))
        (flash(&p.flash))
        (problems(lang, "questionnaire-import-failed", &p.import_problems))
        @match p.version {
            None => { p #no-set { (t(lang, "questionnaire-no-set")) } }
            Some(_) => {
                (illustration(lang, p.illustration))
                p .questionnaire-links {
                    (link_button(ButtonKind::Primary, &t(lang, "questionnaire-new"), &p.new_href)) " "
                    (link_button(ButtonKind::Secondary, &t(lang, "questionnaire-results"), &p.results_href))
                    @if let Some(h) = &p.overview_href {
                        " " (link_button(ButtonKind::Tertiary, &t(lang, "questionnaire-overview-link"), h))
                    }
                }
            }
        }
        p .form-hint #privacy { (t(lang, "questionnaire-pseudonym-note")) }
        p #window-months { (t_args(lang, "questionnaire-window-now", &[("months", Arg::from(p.window_months))])) }
        (due_table(lang, "due-this-month", &t(lang, "questionnaire-due-this-month"), &p.due_this_month, p.counts.due_this_month, p.shown))
        (due_table(lang, "overdue", &t(lang, "questionnaire-overdue"), &p.overdue, p.counts.overdue, p.shown))
        @let caption = t(lang, "questionnaire-missing-baseline");
        h2 #missing-baseline { (caption) " " span .count { "(" (n(p.counts.missing_baseline)) ")" } }
        p .form-hint { (t(lang, "questionnaire-missing-baseline-intro")) }
        @if p.missing.is_empty() {
            p { (t(lang, "questionnaire-list-empty")) }
        } @else {
            (shown_note(lang, p.shown, p.counts.missing_baseline))
            (crate::components::data_table_quiet(lang, &caption, html! {
                tr {
                    th scope="col" { (t(lang, "questionnaire-col-person")) }
                    th scope="col" { (t(lang, "questionnaire-col-expected")) }
                    th scope="col" { span .sr-only { (t(lang, "questionnaire-col-action")) } }
                }
            }, html! {
                @for r in &p.missing {
                    tr {
                        td { (pseudonym(&r.short, &r.full)) }
                        td { (r.expected) }
                        td { a href=(r.href) { (t(lang, "questionnaire-register")) span .sr-only { " " (r.short) } } }
                    }
                }
            }))
        }
        (counts_table(lang, &p.counts))
        @if p.version.is_some() {
            h2 #import { (t(lang, "questionnaire-import-heading")) }
            p { (t(lang, "questionnaire-import-intro")) }
            (upload_form(lang, &p.import_action, &p.csrf, "questionnaire-import-button"))
            p .form-hint { (t_args(lang, "questionnaire-import-format-hint", &[("header", Arg::from("cpr;municipality_code;measurement;date;exit_reason;question;answer"))])) }
        }
    }
}

/// The page a delivery without the evaluator's key answers with (409).
pub fn no_key(lang: Lang, trail: &[(String, String)], back_href: &str) -> Markup {
    let heading = t(lang, "questionnaire-delivery-heading");
    html! {
        (top(lang, trail, &heading))
        (alert(AlertKind::Error, Some(&t(lang, "questionnaire-no-key-heading")), html! {
            p #key-missing { (t(lang, "questionnaire-no-evaluator-key")) }
        }))
        p { (link_button(ButtonKind::Secondary, &t(lang, "questionnaire-back"), back_href)) }
    }
}

#[cfg(test)]
mod tests;
