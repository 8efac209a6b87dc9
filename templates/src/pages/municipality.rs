use maud::{html, Markup};

use super::money;
use crate::components::data_table;
use crate::fmt;
use crate::i18n::{t, t_args, Arg, Lang};

pub struct PoolShare {
    pub pool_id: i64,
    pub pool_name: String,
    pub applied: bool,
    pub target_group: Option<i64>,
    /// (version, amount) of the approved allocation, if the municipality is in it.
    pub approved: Option<(i32, i64)>,
    /// (rate number, share text, earliest date text, amount) of the approved amount.
    pub rates: Vec<(i32, String, String, i64)>,
    /// Whether the final account must be auditor-certified (else management-certified).
    pub auditor_certified: bool,
    pub threshold_ore: i64,
}

pub fn show(lang: Lang, name: &str, code: i32, region: &str, pools: &[PoolShare]) -> Markup {
    html! {
        h1 { (name) " (" (code) ")" }
        p { (region) }
        @for p in pools {
            h2 { a href={ "/pools/" (p.pool_id) } { (p.pool_name) } }
            @match p.approved {
                Some((version, amount)) => {
                    p .font-lead #approved-amount {
                        (t_args(lang, "municipality-approved", &[("amount", Arg::from(money(amount))), ("version", Arg::from(i64::from(version)))]))
                    }
                    p #certification {
                        @if p.auditor_certified {
                            (t_args(lang, "municipality-auditor", &[("threshold", Arg::from(money(p.threshold_ore)))]))
                        } @else {
                            (t_args(lang, "municipality-management", &[("threshold", Arg::from(money(p.threshold_ore)))]))
                        }
                    }
                    (data_table(lang, &t(lang, "municipality-rates"), html! {
                        tr {
                            th scope="col" { (t(lang, "rate-number")) }
                            th scope="col" .text-align-right { (t(lang, "rate-share")) }
                            th scope="col" { (t(lang, "rate-earliest")) }
                            th scope="col" .text-align-right { (t(lang, "allocation-amount")) }
                        }
                    }, html! {
                        @for (n, share, earliest, amount) in &p.rates {
                            tr {
                                td { (n) }
                                td .text-align-right .num { (share) " %" }
                                td { @if earliest.is_empty() { (t(lang, "rate-no-earliest")) } @else { (earliest) } }
                                td .text-align-right .num { (money(*amount)) }
                            }
                        }
                        tr .sum-row {
                            th scope="row" colspan="3" { (t(lang, "total")) }
                            td .text-align-right .num { (money(p.rates.iter().map(|r| r.3).sum())) }
                        }
                    }))
                }
                None => {
                    p { @if p.applied { (t(lang, "municipality-no-approved")) } @else { (t(lang, "municipality-not-applied")) } }
                }
            }
            @if let Some(tg) = p.target_group {
                p { (t_args(lang, "municipality-target-group", &[("count", Arg::from(fmt::number(tg)))])) }
            }
        }
    }
}
