//! The officers' list of the 98 municipalities: found by name or code, each with the way
//! to its page and to its monitoring.

use maud::{html, Markup};

use crate::components::{button, data_table, text_field, ButtonKind, FieldSpec};
use crate::i18n::{t, t_args, Arg, Lang};

/// A municipality as the list shows it.
pub struct Row {
    pub code: i32,
    pub name: String,
    pub region: String,
}

/// The search form (a GET form, so the address can be bookmarked and works without
/// JavaScript), how many match, and the matching municipalities.
pub fn list(lang: Lang, query: &str, rows: &[Row], total: usize) -> Markup {
    let heading = t(lang, "municipalities-heading");
    let count = Arg::from(rows.len() as i64);
    html! {
        h1 { (heading) }
        p { (t(lang, "municipalities-intro")) }
        form .municipality-search method="get" action="/municipalities" role="search" {
            (text_field(
                &FieldSpec::new(lang, "q", t(lang, "municipalities-search"))
                    .hint(t(lang, "municipalities-search-hint"))
                    .value(query)
                    .autocomplete("off"),
            ))
            (button(ButtonKind::Secondary, &t(lang, "municipalities-search-button")))
            @if !query.is_empty() {
                " " a href="/municipalities" { (t(lang, "municipalities-show-all")) }
            }
        }
        @if rows.is_empty() {
            p #municipalities-none role="status" {
                (t_args(lang, "municipalities-none", &[("query", Arg::from(query))]))
            }
        } @else {
            p #municipalities-count role="status" {
                (t_args(lang, "municipalities-count", &[("shown", count), ("total", Arg::from(total as i64))]))
            }
            (data_table(lang, &t(lang, "municipalities-caption"), html! {
                tr {
                    th scope="col" { (t(lang, "municipalities-name")) }
                    th scope="col" { (t(lang, "municipalities-code")) }
                    th scope="col" { (t(lang, "municipalities-region")) }
                    th scope="col" { (t(lang, "municipalities-monitoring")) }
                }
            }, html! {
                @for r in rows {
                    tr {
                        td { a href={ "/municipalities/" (r.code) } { (r.name) } }
                        td { (r.code) }
                        td { (r.region) }
                        td {
                            a href={ "/municipalities/" (r.code) "/monitoring" } {
                                (t_args(lang, "municipalities-monitoring-link", &[("name", Arg::from(r.name.as_str()))]))
                            }
                        }
                    }
                }
            }))
        }
    }
}
