use maud::{html, Markup};

use super::money;
use crate::components::{
    alert, button, csrf_field, data_table, link_button, sortable_th, sortable_th_num, AlertKind,
    ButtonKind, SortState,
};
use crate::fmt;
use crate::i18n::{t, t_args, Arg, Lang};

pub struct Line {
    pub code: i32,
    pub name: String,
    pub target_group: i64,
    /// Exact quota in kroner, '.' decimal separator, 6 decimals.
    pub exact_quota: String,
    pub amount_ore: i64,
    pub extra_krone: bool,
}

pub struct VersionHead {
    /// The version as the pool's list of versions shows it.
    pub version: super::pools::VersionRow,
    pub pool_id: i64,
    pub pool_name: String,
    pub total_ore: i64,
}

fn head_facts(lang: Lang, h: &VersionHead) -> Markup {
    html! {
        dl .pool-facts {
            dt { (t(lang, "allocation-status")) } dd #status { (h.version.status_label) }
            dt { (t(lang, "allocation-reason")) } dd { (h.version.reason) }
            dt { (t(lang, "allocation-run-by")) } dd { (h.version.created_by) ", " (h.version.created_at) }
            @if !h.version.approved_by.is_empty() {
                dt { (t(lang, "allocation-approved-by")) } dd { (h.version.approved_by) ", " (h.version.approved_at) }
            }
            dt { (t(lang, "pool-amount")) } dd { (money(h.total_ore)) }
        }
    }
}

/// The method, stated for the reader: the key, the rounding and the tie rule.
pub fn method_note(lang: Lang) -> Markup {
    html! {
        details .method {
            summary { (t(lang, "allocation-method-heading")) }
            p { (t(lang, "allocation-method")) }
            p { (t(lang, "allocation-rounding")) }
            p { (t(lang, "allocation-tie-rule")) }
        }
    }
}

pub fn version(
    lang: Lang,
    h: &VersionHead,
    lines: &[Line],
    can_approve: bool,
    csrf: &str,
    problem: Option<&str>,
) -> Markup {
    let total_tg: i64 = lines.iter().map(|l| l.target_group).sum();
    let total: i64 = lines.iter().map(|l| l.amount_ore).sum();
    let extras = lines.iter().filter(|l| l.extra_krone).count();
    html! {
        @let heading = t_args(lang, "allocation-version-heading", &[("version", Arg::from(i64::from(h.version.version_no))), ("pool", Arg::from(h.pool_name.clone()))]);
        (super::pool_trail(lang, h.pool_id, &h.pool_name, &heading))
        h1 { (heading) }
        @if let Some(p) = problem {
            (alert(AlertKind::Error, None, html! { p #problem { (p) } }))
        }
        (head_facts(lang, h))
        (method_note(lang))
        @if can_approve {
            form method="post" action={ "/allocations/" (h.version.id) "/approve" } {
                (csrf_field(csrf))
                p { (t(lang, "allocation-approve-intro")) }
                (button(ButtonKind::Primary, &t(lang, "allocation-approve")))
            }
        }
        p { (t_args(lang, "allocation-extra-summary", &[("count", Arg::from(extras as i64))])) }
        (data_table(lang, &t(lang, "allocation-lines"), html! {
            tr {
                th scope="col" { (t(lang, "municipality")) }
                th scope="col" { (t(lang, "municipality-code")) }
                th scope="col" .text-align-right { (t(lang, "target-group")) }
                th scope="col" .text-align-right { (t(lang, "allocation-exact-quota")) }
                th scope="col" .text-align-right { (t(lang, "allocation-rounding-col")) }
                th scope="col" .text-align-right { (t(lang, "allocation-amount")) }
            }
        }, html! {
            @for l in lines {
                tr {
                    td { (l.name) }
                    td { (l.code) }
                    td .text-align-right .num { (fmt::number(l.target_group)) }
                    td .text-align-right .num { (fmt::decimal_str(&l.exact_quota)) }
                    td .text-align-right .num { @if l.extra_krone { "+1" } @else { "0" } }
                    td .text-align-right .num { (money(l.amount_ore)) }
                }
            }
            tr .sum-row {
                th scope="row" colspan="2" { (t(lang, "total")) }
                td .text-align-right .num { (fmt::number(total_tg)) }
                td {}
                td .text-align-right .num { (format!("+{extras}")) }
                td .text-align-right .num #total { (money(total)) }
            }
        }))
    }
}

pub struct ApprovedView {
    pub pool_id: i64,
    pub pool_name: String,
    pub note: String,
    pub head: Option<VersionHead>,
}

pub const SORT_KEYS: [&str; 4] = ["name", "code", "target_group", "amount"];

/// The approved page around its table. The table is passed in rendered, because it
/// depends only on the (immutable) version, the language and the order, and the app
/// caches it.
pub fn approved(lang: Lang, v: &ApprovedView, table: Markup) -> Markup {
    html! {
        @let heading = t_args(lang, "allocation-approved-heading", &[("pool", Arg::from(v.pool_name.clone()))]);
        (super::pool_trail(lang, v.pool_id, &v.pool_name, &heading))
        h1 { (heading) }
        @if !v.note.is_empty() {
            (alert(AlertKind::Warning, Some(&t(lang, "pool-note-heading")), html! { p { (v.note) } }))
        }
        @match &v.head {
            None => { p { (t(lang, "allocation-none-approved")) } }
            Some(h) => {
                p { (t_args(lang, "allocation-version-n", &[("version", Arg::from(i64::from(h.version.version_no)))])) }
                (head_facts(lang, h))
                (method_note(lang))
                p .downloads {
                    (link_button(ButtonKind::Secondary, &t(lang, "download-csv-excel"), &format!("/pools/{}/allocation-excel.csv", v.pool_id))) " "
                    (link_button(ButtonKind::Secondary, &t(lang, "download-xlsx"), &format!("/pools/{}/allocation.xlsx", v.pool_id)))
                }
                p .downloads-machine {
                    a #allocation-csv-machine href={ "/pools/" (v.pool_id) "/allocation.csv" } download { (t(lang, "download-csv-machine")) }
                }
                (table)
            }
        }
    }
}

/// The sortable table of an approved version's lines, in the order given.
pub fn approved_table(lang: Lang, pool_id: i64, lines: &[Line], sort: &SortState) -> Markup {
    let base = format!("/pools/{pool_id}/allocation");
    let total_tg: i64 = lines.iter().map(|l| l.target_group).sum();
    let total: i64 = lines.iter().map(|l| l.amount_ore).sum();
    data_table(
        lang,
        &t(lang, "allocation-lines"),
        html! {
            tr {
                (sortable_th(&t(lang, "municipality"), "name", sort, &base))
                (sortable_th(&t(lang, "municipality-code"), "code", sort, &base))
                (sortable_th_num(&t(lang, "target-group"), "target_group", sort, &base))
                th scope="col" .text-align-right { (t(lang, "allocation-exact-quota")) }
                (sortable_th_num(&t(lang, "allocation-amount"), "amount", sort, &base))
            }
        },
        html! {
            @for l in lines {
                tr {
                    td { (l.name) }
                    td { (l.code) }
                    td .text-align-right .num { (fmt::number(l.target_group)) }
                    td .text-align-right .num { (fmt::decimal_str(&l.exact_quota)) }
                    td .text-align-right .num { (money(l.amount_ore)) }
                }
            }
            tr .sum-row {
                th scope="row" colspan="2" { (t(lang, "total")) }
                td .text-align-right .num { (fmt::number(total_tg)) }
                td {}
                td .text-align-right .num #total { (money(total)) }
            }
        },
    )
}

/// A municipality's target group and amount in one version.
#[derive(Clone, Copy)]
pub struct CompareSide {
    pub target_group: i64,
    pub amount_ore: i64,
}

pub struct CompareRow {
    pub code: i32,
    pub name: String,
    /// `None` where the municipality is not in that version.
    pub a: Option<CompareSide>,
    pub b: Option<CompareSide>,
}

impl CompareRow {
    /// Amount in b minus amount in a, in øre.
    fn difference_ore(&self) -> i64 {
        self.b.map_or(0, |x| x.amount_ore) - self.a.map_or(0, |x| x.amount_ore)
    }
}

fn compare_side(side: Option<CompareSide>) -> Markup {
    html! {
        @match side {
            Some(s) => { td .text-align-right .num { (fmt::number(s.target_group)) } td .text-align-right .num { (money(s.amount_ore)) } },
            None => { td .text-align-right { "–" } td .text-align-right { "–" } }
        }
    }
}

pub fn compare(
    lang: Lang,
    pool_id: i64,
    pool_name: &str,
    a: &VersionHead,
    b: &VersionHead,
    rows: &[CompareRow],
) -> Markup {
    let va = t_args(
        lang,
        "allocation-version-n",
        &[("version", Arg::from(i64::from(a.version.version_no)))],
    );
    let vb = t_args(
        lang,
        "allocation-version-n",
        &[("version", Arg::from(i64::from(b.version.version_no)))],
    );
    let changed = rows
        .iter()
        .filter(|r| r.a.map(|x| x.amount_ore) != r.b.map(|x| x.amount_ore))
        .count();
    html! {
        @let heading = t_args(lang, "allocation-compare-heading", &[("a", Arg::from(va.clone())), ("b", Arg::from(vb.clone()))]);
        (super::pool_trail(lang, pool_id, pool_name, &heading))
        h1 { (heading) }
        p { (t_args(lang, "allocation-compare-summary", &[("changed", Arg::from(changed as i64))])) }
        (data_table(lang, &t(lang, "allocation-compare"), html! {
            tr {
                th scope="col" rowspan="2" { (t(lang, "municipality")) }
                th scope="colgroup" colspan="2" { (va) " (" (a.version.status_label) ")" }
                th scope="colgroup" colspan="2" { (vb) " (" (b.version.status_label) ")" }
                th scope="col" rowspan="2" .text-align-right { (t(lang, "allocation-difference")) }
            }
            tr {
                th scope="col" .text-align-right { (t(lang, "target-group")) }
                th scope="col" .text-align-right { (t(lang, "allocation-amount")) }
                th scope="col" .text-align-right { (t(lang, "target-group")) }
                th scope="col" .text-align-right { (t(lang, "allocation-amount")) }
            }
        }, html! {
            @for r in rows {
                @let diff = r.difference_ore();
                tr .changed[diff != 0] {
                    td { (r.name) " (" (r.code) ")" }
                    (compare_side(r.a))
                    (compare_side(r.b))
                    td .text-align-right .num { @if diff > 0 { "+" } (money(diff)) }
                }
            }
        }))
    }
}

/// A municipality with a commitment, on the approval's confirmation.
pub struct RestingRow {
    pub name: String,
    pub replaced_ore: Option<i64>,
    pub new_ore: Option<i64>,
    pub committed_ore: i64,
    pub paid_ore: i64,
    pub below_commitment: bool,
}

/// What rests on the allocation an approval replaces: the commitments and paid rates,
/// beside the old and the new amount. Empty when nothing has been committed.
pub fn resting(lang: Lang, summary: &str, rows: &[RestingRow]) -> Markup {
    if rows.is_empty() {
        return html! { p #resting-summary { (summary) } };
    }
    let amount = |a: Option<i64>| a.map_or_else(|| "–".to_string(), money);
    html! {
        h2 { (t(lang, "allocation-confirm-resting-heading")) }
        p #resting-summary { (summary) }
        (data_table(lang, &t(lang, "allocation-confirm-resting-caption"), html! {
            tr {
                th scope="col" { (t(lang, "municipality")) }
                th scope="col" .text-align-right { (t(lang, "allocation-confirm-replaced")) }
                th scope="col" .text-align-right { (t(lang, "allocation-confirm-new")) }
                th scope="col" .text-align-right { (t(lang, "allocation-confirm-committed")) }
                th scope="col" .text-align-right { (t(lang, "allocation-confirm-paid")) }
            }
        }, html! {
            @for r in rows {
                tr {
                    td { (r.name) }
                    td .text-align-right .num { (amount(r.replaced_ore)) }
                    td .text-align-right .num {
                        (amount(r.new_ore))
                        @if r.below_commitment { br; strong .below-commitment { (t(lang, "allocation-confirm-below")) } }
                    }
                    td .text-align-right .num { (money(r.committed_ore)) }
                    td .text-align-right .num { (money(r.paid_ore)) }
                }
            }
        }))
    }
}
