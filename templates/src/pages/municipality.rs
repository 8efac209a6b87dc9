//! A municipality's own page: for each pool, the commitment (tilsagn) with its split by
//! year and its rates (paid, payable, not yet due), what has been paid, and a check that
//! the parts add up to the whole; before a commitment, the expected grant.

use maud::{html, Markup};

use super::application::RateLine;
use super::letter::{years_total, YearAmount};
use super::money;
use crate::components::data_table;
use crate::fmt;
use crate::i18n::{t, t_args, Arg, Lang};

pub struct CommitmentShare {
    pub amount_ore: i64,
    pub letter_no: String,
    /// The status's catalogue suffix (`commitment-status-…`).
    pub status: String,
    /// Active commitments show no status beside the amount.
    pub active: bool,
    pub approved_at: String,
    pub years: Vec<YearAmount>,
    pub rates: Vec<RateLine>,
    /// The sum of the paid rates.
    pub paid_ore: i64,
    pub letter_href: String,
    pub accounts: Vec<super::account::AccountLine>,
}

/// The municipality's amount in a pool's approved allocation.
#[derive(Clone, Copy)]
pub struct ApprovedAmount {
    pub version: i32,
    pub amount_ore: i64,
}

/// A rate of the expected grant, before there is a commitment.
pub struct ExpectedRate {
    pub number: i32,
    /// The share as a percentage without the sign.
    pub share: String,
    /// Empty when it is paid on the commitment.
    pub earliest: String,
    pub amount_ore: i64,
}

pub struct PoolShare {
    pub pool_id: i64,
    pub pool_name: String,
    pub applied: bool,
    pub target_group: Option<i64>,
    /// The approved allocation's amount, if the municipality is in it.
    pub approved: Option<ApprovedAmount>,
    /// The rates of the expected grant.
    pub rates: Vec<ExpectedRate>,
    /// Whether the final account must be auditor-certified (else management-certified).
    pub auditor_certified: bool,
    pub threshold_ore: i64,
    pub commitment: Option<CommitmentShare>,
    pub application_href: String,
}

/// The caption of one of a pool's tables, with the pool's name: the page repeats the
/// tables for each pool, and each table's scroll region is named after its caption.
fn pool_caption(lang: Lang, key: &str, p: &PoolShare) -> String {
    t_args(
        lang,
        "table-caption-of-pool",
        &[
            ("caption", Arg::from(t(lang, key))),
            ("pool", Arg::from(p.pool_name.clone())),
        ],
    )
}

/// "The parts add up" or the difference, for a split of `whole`.
fn parts_check(lang: Lang, id: &str, parts: i64, whole: i64) -> Markup {
    html! {
        @if parts == whole {
            p .parts-ok id=(id) { (crate::components::check_mark(lang, true)) " " (t_args(lang, "municipality-parts-add-up", &[("whole", Arg::from(money(whole)))])) }
        } @else {
            p .parts-differ id=(id) { (crate::components::check_mark(lang, false)) " " (t_args(lang, "municipality-parts-differ", &[("difference", Arg::from(money((parts - whole).abs()))), ("direction", Arg::from(if parts < whole { "under" } else { "over" }))])) }
        }
    }
}

fn commitment(lang: Lang, p: &PoolShare, c: &CommitmentShare) -> Markup {
    let years_total = years_total(&c.years);
    let rates_total: i64 = c.rates.iter().map(|r| r.amount_ore).sum();
    let paid = c.paid_ore;
    html! {
        p .font-lead .commitment-amount id={ "commitment-amount-" (p.pool_id) } {
            (t_args(lang, "municipality-commitment", &[("amount", Arg::from(money(c.amount_ore))), ("no", Arg::from(c.letter_no.clone())), ("at", Arg::from(c.approved_at.clone()))]))
            @if !c.active { " – " strong { (t(lang, &format!("commitment-status-{}", c.status))) } }
        }
        p .certification {
            @if p.auditor_certified { (t_args(lang, "municipality-auditor", &[("threshold", Arg::from(money(p.threshold_ore)))])) }
            @else { (t_args(lang, "municipality-management", &[("threshold", Arg::from(money(p.threshold_ore)))])) }
        }
        (data_table(lang, &pool_caption(lang, "commitment-years", p), html! {
            tr { th scope="col" { (t(lang, "commitment-year")) } th scope="col" .text-align-right { (t(lang, "allocation-amount")) } }
        }, html! {
            @for y in &c.years { tr { td { (y.year) } td .text-align-right .num { (money(y.amount_ore)) } } }
            tr .sum-row { th scope="row" { (t(lang, "total")) } td .text-align-right .num { (money(years_total)) } }
        }))
        (parts_check(lang, &format!("years-check-{}", p.pool_id), years_total, c.amount_ore))
        (data_table(lang, &pool_caption(lang, "municipality-rates", p), html! {
            tr {
                th scope="col" { (t(lang, "rate-number")) }
                th scope="col" .text-align-right { (t(lang, "rate-share")) }
                th scope="col" { (t(lang, "rate-earliest")) }
                th scope="col" .text-align-right { (t(lang, "allocation-amount")) }
                th scope="col" { (t(lang, "allocation-status")) }
            }
        }, html! {
            @for r in &c.rates {
                tr {
                    td { (r.number) }
                    td .text-align-right .num { (r.share) " %" }
                    td { @if r.earliest.is_empty() { (t(lang, "rate-no-earliest")) } @else { (r.earliest) } }
                    td .text-align-right .num { (money(r.amount_ore)) }
                    td { (super::application::rate_state_cell(lang, r)) }
                }
            }
            tr .sum-row { th scope="row" colspan="3" { (t(lang, "total")) } td .text-align-right .num { (money(rates_total)) } td {} }
        }))
        (parts_check(lang, &format!("rates-check-{}", p.pool_id), rates_total, c.amount_ore))
        p #paid { (t_args(lang, "municipality-paid", &[("paid", Arg::from(money(paid))), ("rest", Arg::from(money(c.amount_ore - paid)))])) }
        (super::account::account_list(lang, &pool_caption(lang, "account-list-caption", p), &format!("account-{}", p.pool_id), &c.accounts))
        p { a href=(c.letter_href) { (t(lang, "commitment-letter")) } " · " a href=(p.application_href) { (t(lang, "pool-own-application")) } }
    }
}

fn expected(lang: Lang, p: &PoolShare, version: i32, amount: i64) -> Markup {
    html! {
        p .font-lead #approved-amount {
            (t_args(lang, "municipality-approved", &[("amount", Arg::from(money(amount))), ("version", Arg::from(i64::from(version)))]))
        }
        p { (t(lang, "municipality-no-commitment")) " " a href=(p.application_href) { (t(lang, "pool-own-application")) } }
        p .certification {
            @if p.auditor_certified { (t_args(lang, "municipality-auditor", &[("threshold", Arg::from(money(p.threshold_ore)))])) }
            @else { (t_args(lang, "municipality-management", &[("threshold", Arg::from(money(p.threshold_ore)))])) }
        }
        (data_table(lang, &pool_caption(lang, "municipality-rates", p), html! {
            tr {
                th scope="col" { (t(lang, "rate-number")) }
                th scope="col" .text-align-right { (t(lang, "rate-share")) }
                th scope="col" { (t(lang, "rate-earliest")) }
                th scope="col" .text-align-right { (t(lang, "allocation-amount")) }
            }
        }, html! {
            @for r in &p.rates {
                tr {
                    td { (r.number) }
                    td .text-align-right .num { (r.share) " %" }
                    td { @if r.earliest.is_empty() { (t(lang, "rate-no-earliest")) } @else { (r.earliest) } }
                    td .text-align-right .num { (money(r.amount_ore)) }
                }
            }
            tr .sum-row { th scope="row" colspan="3" { (t(lang, "total")) } td .text-align-right .num { (money(p.rates.iter().map(|r| r.amount_ore).sum())) } }
        }))
    }
}

pub fn show(
    lang: Lang,
    name: &str,
    code: i32,
    region: &str,
    pools: &[PoolShare],
    from_list: bool,
) -> Markup {
    html! {
        @if from_list {
            (crate::components::breadcrumbs(lang, &[(&t(lang, "nav-municipalities"), "/municipalities")], &format!("{name} ({code})")))
        }
        h1 { (name) " (" (code) ")" }
        p { (region) " · " a href={ "/municipalities/" (code) "/monitoring" } { (t(lang, "nav-monitoring")) } }
        @for p in pools {
            h2 { a href={ "/pools/" (p.pool_id) } { (p.pool_name) } }
            @match (&p.commitment, p.approved) {
                (Some(c), _) => { (commitment(lang, p, c)) }
                (None, Some(a)) => { (expected(lang, p, a.version, a.amount_ore)) }
                (None, None) => {
                    p { @if p.applied { (t(lang, "municipality-no-approved")) } @else { (t(lang, "municipality-not-applied")) } }
                }
            }
            @if let Some(tg) = p.target_group {
                p { (t_args(lang, "municipality-target-group", &[("count", Arg::from(fmt::number(tg)))])) }
            }
        }
    }
}
