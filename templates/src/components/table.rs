//! Tables: server-side sortable headers, the responsive wrapper, pagination.

use maud::{html, Markup};

use super::icon;
use crate::href::with_params;
use crate::i18n::{t, t_args, Arg, Lang};

/// Sort direction as it appears in `?dir=asc|desc`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SortDir {
    #[default]
    Asc,
    Desc,
}

impl SortDir {
    pub fn as_str(self) -> &'static str {
        match self {
            SortDir::Asc => "asc",
            SortDir::Desc => "desc",
        }
    }

    /// `asc` or `desc`; anything else is `None`.
    pub fn parse(s: &str) -> Option<SortDir> {
        match s {
            "asc" => Some(SortDir::Asc),
            "desc" => Some(SortDir::Desc),
            _ => None,
        }
    }

    pub fn reverse(self) -> SortDir {
        match self {
            SortDir::Asc => SortDir::Desc,
            SortDir::Desc => SortDir::Asc,
        }
    }

    fn aria(self) -> &'static str {
        match self {
            SortDir::Asc => "ascending",
            SortDir::Desc => "descending",
        }
    }
}

/// The column a list is sorted by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SortState {
    pub key: String,
    pub dir: SortDir,
}

impl SortState {
    pub fn new(key: impl Into<String>, dir: SortDir) -> Self {
        SortState {
            key: key.into(),
            dir,
        }
    }

    /// From the raw `sort` and `dir` query values, accepting only keys in `allowed`;
    /// anything unknown falls back to `default` (so a handler can pass the result
    /// straight to its query builder).
    pub fn from_query(
        sort: Option<&str>,
        dir: Option<&str>,
        allowed: &[&str],
        default: SortState,
    ) -> SortState {
        match sort.and_then(|s| allowed.iter().find(|a| **a == s)) {
            Some(key) => SortState {
                key: (*key).to_owned(),
                dir: dir.and_then(SortDir::parse).unwrap_or_default(),
            },
            None => default,
        }
    }
}

/// A `<th scope="col">` whose label is a link that sorts by `key`: ascending first,
/// toggling when the column is already sorted. The current column carries
/// `aria-sort`. `base_href` is the list's URL with its filters; existing `sort`,
/// `dir` and `page` parameters are replaced (a new order starts at page 1).
pub fn sortable_th(label: &str, key: &str, current: &SortState, base_href: &str) -> Markup {
    sort_header(label, key, current, base_href, None)
}

/// [`sortable_th`] for a number column (right-aligned, tabular figures).
pub fn sortable_th_num(label: &str, key: &str, current: &SortState, base_href: &str) -> Markup {
    sort_header(label, key, current, base_href, Some("num"))
}

fn sort_header(
    label: &str,
    key: &str,
    current: &SortState,
    base_href: &str,
    class: Option<&str>,
) -> Markup {
    let active = current.key == key;
    let next = if active {
        current.dir.reverse()
    } else {
        SortDir::Asc
    };
    let href = with_params(
        base_href,
        &["page"],
        &[("sort", key), ("dir", next.as_str())],
    );
    let icon_name = match (active, current.dir) {
        (false, _) => "sort-table-none",
        (true, SortDir::Asc) => "sort-table-ascending",
        (true, SortDir::Desc) => "sort-table-descending",
    };
    html! {
        th scope="col" class=[class] aria-sort=[active.then(|| current.dir.aria())] {
            a class="sort-link" href=(href) { (label) (icon(icon_name)) }
        }
    }
}

/// A DKFDS table in its horizontally scrolling wrapper. The wrapper is focusable so
/// keyboard users can scroll it, and is named after the caption. `head` goes in
/// `thead`, `body` in `tbody`.
pub fn data_table(lang: Lang, caption: &str, head: Markup, body: Markup) -> Markup {
    let region = t_args(lang, "table-scroll-label", &[("caption", caption.into())]);
    html! {
        p .scroll-hint aria-hidden="true" { (t(lang, "table-scroll-hint")) }
        div class="table--responsive-scroll" tabindex="0" role="region" aria-label=(region) {
            table class="table table--zebra" {
                caption { (caption) }
                thead { (head) }
                tbody { (body) }
            }
        }
    }
}

/// A table whose caption repeats the heading just above it: the caption is kept for
/// screen readers (it names the table) but not shown twice.
pub fn data_table_quiet(lang: Lang, caption: &str, head: Markup, body: Markup) -> Markup {
    let region = t_args(lang, "table-scroll-label", &[("caption", caption.into())]);
    html! {
        p .scroll-hint aria-hidden="true" { (t(lang, "table-scroll-hint")) }
        div class="table--responsive-scroll" tabindex="0" role="region" aria-label=(region) {
            table class="table table--zebra" {
                caption .sr-only { (caption) }
                thead { (head) }
                tbody { (body) }
            }
        }
    }
}

/// Page numbers to show, DKFDS style: all when there are at most 7, otherwise the
/// first, the last and the neighbourhood of `current`; `None` is a gap.
fn page_window(current: u32, total: u32) -> Vec<Option<u32>> {
    if total <= 7 {
        return (1..=total).map(Some).collect();
    }
    if current < 5 {
        (1..=5).map(Some).chain([None, Some(total)]).collect()
    } else if current + 4 > total {
        [Some(1), None]
            .into_iter()
            .chain((total - 4..=total).map(Some))
            .collect()
    } else {
        vec![
            Some(1),
            None,
            Some(current - 1),
            Some(current),
            Some(current + 1),
            None,
            Some(total),
        ]
    }
}

/// DKFDS pagination as plain links (`?page=N`, other parameters kept). Renders
/// nothing for a single page; `current` is clamped into `1..=total_pages`.
pub fn pagination(lang: Lang, current: u32, total_pages: u32, base_href: &str) -> Markup {
    if total_pages <= 1 {
        return html! {};
    }
    let current = current.clamp(1, total_pages);
    let page_href = |p: u32| with_params(base_href, &[], &[("page", &p.to_string())]);
    let page_label = |p: u32| t_args(lang, "pagination-page", &[("page", Arg::from(p))]);
    let first_hidden = if current == 1 { " hidden" } else { "" };
    let last_hidden = if current == total_pages {
        " hidden"
    } else {
        ""
    };
    html! {
        nav class="pagination" aria-label=(t(lang, "pagination-label")) {
            a class={ "button button-arrow button-first" (first_hidden) } href=(page_href(1)) {
                (icon("first-page"))
                span class="sr-only" { (t(lang, "pagination-first")) }
            }
            a class={ "button button-arrow button-previous" (first_hidden) }
                href=(page_href(current.saturating_sub(1).max(1)))
                aria-label=(t(lang, "pagination-previous-label")) {
                (icon("chevron-left"))
                span class="pagination-nav-link" { (t(lang, "pagination-previous")) }
            }
            span class="pagination-mobile" {
                (t_args(lang, "pagination-status", &[("page", current.into()), ("total", total_pages.into())]))
            }
            ul class="pagination__items" {
                @for slot in page_window(current, total_pages) {
                    @match slot {
                        Some(p) if p == current => li class="pagination-item pagination-number" {
                            a class="button current-page" href=(page_href(p)) aria-label=(page_label(p)) aria-current="page" { (p) }
                        },
                        Some(p) if p == total_pages => li class="pagination-item pagination-number" {
                            a class="button button-secondary" href=(page_href(p))
                                aria-label=(t_args(lang, "pagination-last", &[("page", p.into())])) { (p) }
                        },
                        Some(p) => li class="pagination-item pagination-number" {
                            a class="button button-secondary" href=(page_href(p)) aria-label=(page_label(p)) { (p) }
                        },
                        None => li class="pagination-item pagination-overflow" {
                            span class="sr-only" { (t(lang, "pagination-gap")) }
                            span aria-hidden="true" { "…" }
                        },
                    }
                }
            }
            a class={ "button button-arrow button-next" (last_hidden) }
                href=(page_href((current + 1).min(total_pages)))
                aria-label=(t(lang, "pagination-next-label")) {
                span class="pagination-nav-link" { (t(lang, "pagination-next")) }
                (icon("chevron-right"))
            }
            a class={ "button button-arrow button-last" (last_hidden) } href=(page_href(total_pages)) {
                (icon("last-page"))
                span class="sr-only" { (t_args(lang, "pagination-last", &[("page", total_pages.into())])) }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::page_window;

    #[test]
    fn short_lists_show_every_page() {
        assert_eq!(page_window(1, 3), vec![Some(1), Some(2), Some(3)]);
        assert_eq!(page_window(4, 7).len(), 7);
    }

    #[test]
    fn long_lists_show_first_last_and_neighbours() {
        assert_eq!(
            page_window(2, 20),
            vec![Some(1), Some(2), Some(3), Some(4), Some(5), None, Some(20)]
        );
        assert_eq!(
            page_window(10, 20),
            vec![Some(1), None, Some(9), Some(10), Some(11), None, Some(20)]
        );
        assert_eq!(
            page_window(18, 20),
            vec![
                Some(1),
                None,
                Some(16),
                Some(17),
                Some(18),
                Some(19),
                Some(20)
            ]
        );
    }
}
