//! Rates and payouts: one rate's page (its state and why, the municipality's request,
//! the officers' steps), the officer's payout queue and a batch for the state's finance
//! system.

use maud::{html, Markup};

use super::application::{condition_list, ConditionLine};
use super::{err, money, Errors};
use crate::components::{
    alert, button, button_named, csrf_field, data_table, error_summary, link_button, select_field,
    text_field, AlertKind, ButtonKind, FieldSpec, SelectSpec,
};
use crate::i18n::{t, t_args, Arg, Lang};

/// A step in a rate's history.
pub struct HistoryLine {
    /// When, Copenhagen time.
    pub at: String,
    pub text: String,
}

/// What the viewer may do on the page.
#[derive(Default)]
pub struct Actions {
    /// Municipal finance staff of the municipality, and the rate is payable.
    pub can_request: bool,
    /// An officer, and the rate is payable or requested.
    pub can_prepare: bool,
    /// The open request an officer may refuse.
    pub refusable_request: Option<i64>,
    /// The prepared payout a second officer may approve (not its preparer).
    pub approvable_payout: Option<i64>,
    /// The viewer prepared the payout: they see why they cannot approve it.
    pub own_payout: bool,
    /// A payout that may still be rejected (prepared or approved, not in a batch).
    pub rejectable_payout: Option<i64>,
    pub can_cancel: bool,
    /// Conditions not met that an officer may propose an exception from: (name, label).
    pub overridable: Vec<(String, String)>,
    /// Proposed exceptions a second officer may decide: (id, text).
    pub decidable_overrides: Vec<(i64, String)>,
}

pub struct RatePage {
    pub heading: String,
    pub back_href: String,
    pub back_label: String,
    pub base: String,
    pub csrf: String,
    pub state: String,
    pub amount_ore: i64,
    pub share: String,
    /// "1. januar 2018 kl. 00.00 (2017-12-31T23:00:00Z)", empty without a date.
    pub payable_from: String,
    pub conditions: Vec<ConditionLine>,
    pub payment_reference: String,
    pub payout: Option<String>,
    pub history: Vec<HistoryLine>,
    pub actions: Actions,
    pub errors: Errors,
    pub note: String,
    pub reason: String,
}

pub fn rate(lang: Lang, p: &RatePage) -> Markup {
    let a = &p.actions;
    html! {
        (crate::components::breadcrumbs(lang, &[(&p.back_label, &p.back_href)], &p.heading))
        h1 { (p.heading) }
        div #fejl { (error_summary(lang, &p.errors)) }
        dl .pool-facts #rate-facts {
            dt { (t(lang, "allocation-status")) } dd #rate-state data-state=(p.state) { strong { (t(lang, &format!("rate-state-{}", p.state))) } }
            dt { (t(lang, "rate-share")) } dd { (p.share) " %" }
            dt { (t(lang, "allocation-amount")) } dd #rate-amount { (money(p.amount_ore)) }
            @if !p.payable_from.is_empty() { dt { (t(lang, "rate-payable-from")) } dd #payable-from { (p.payable_from) } }
            dt { (t(lang, "rate-payment-reference")) } dd { code { (p.payment_reference) } }
            @if let Some(payout) = &p.payout { dt { (t(lang, "rate-payout")) } dd #payout { (payout) } }
        }
        h2 { (t(lang, "rate-conditions-heading")) }
        div #conditions { (condition_list(lang, &p.conditions)) }
        @if a.can_request {
            h2 { (t(lang, "rate-request-heading")) }
            // A multipart body is not read for the token: it goes in the query, as on the
            // other upload forms.
            form method="post" action={ (p.base) "/request?csrf_token=" (p.csrf) "#fejl" } enctype="multipart/form-data" novalidate {
                (text_field(&FieldSpec::new(lang, "note", t(lang, "rate-request-note")).multiline().value(p.note.clone()).error(err(&p.errors, "note"))))
                div .form-group {
                    label .form-label for="file" { (t(lang, "rate-request-files")) }
                    @if let Some(e) = err(&p.errors, "file") { span .form-error-message { (e) } }
                    input .form-input type="file" id="file" name="file" accept="application/pdf" multiple;
                }
                (button(ButtonKind::Primary, &t(lang, "rate-request-submit")))
            }
        }
        @if a.can_prepare || a.refusable_request.is_some() || a.approvable_payout.is_some() || a.own_payout || a.rejectable_payout.is_some() || a.can_cancel {
            h2 { (t(lang, "rate-officer-heading")) }
        }
        @if a.can_prepare {
            form method="post" action={ (p.base) "/prepare#fejl" } {
                (csrf_field(&p.csrf))
                p .form-hint { (t(lang, "rate-prepare-hint")) }
                (button(ButtonKind::Primary, &t(lang, "rate-prepare")))
            }
        }
        @if a.own_payout {
            (alert(AlertKind::Info, None, html! { p { (t(lang, "payout-four-eyes")) } }))
        }
        @if let Some(id) = a.approvable_payout {
            form method="post" action={ (p.base) "/approve#fejl" } {
                (csrf_field(&p.csrf))
                input type="hidden" name="payout" value=(id);
                p .form-hint { (t_args(lang, "rate-approve-hint", &[("amount", Arg::from(money(p.amount_ore)))])) }
                (button(ButtonKind::Primary, &t(lang, "rate-approve")))
            }
        }
        @if let Some(id) = a.rejectable_payout {
            form method="post" action={ (p.base) "/reject#fejl" } novalidate {
                (csrf_field(&p.csrf))
                input type="hidden" name="payout" value=(id);
                (text_field(&FieldSpec::new(lang, "reason", t(lang, "rate-reject-reason")).multiline().value(p.reason.clone()).error(err(&p.errors, "reason")).required()))
                (button(ButtonKind::Warning, &t(lang, "rate-reject")))
            }
        }
        @if let Some(id) = a.refusable_request {
            form method="post" action={ (p.base) "/refuse#fejl" } novalidate {
                (csrf_field(&p.csrf))
                input type="hidden" name="request" value=(id);
                (text_field(&FieldSpec::new(lang, "reason", t(lang, "rate-refuse-reason")).multiline().value(p.reason.clone()).error(err(&p.errors, "reason")).required()))
                (button(ButtonKind::Warning, &t(lang, "rate-refuse")))
            }
        }
        @if !a.overridable.is_empty() {
            h3 { (t(lang, "rate-override-heading")) }
            p .form-hint { (t(lang, "rate-override-hint")) }
            form method="post" action={ (p.base) "/overrides#fejl" } novalidate {
                (csrf_field(&p.csrf))
                (select_field(&SelectSpec::new(lang, "condition", t(lang, "rate-override-condition")).options(a.overridable.iter().cloned()).error(err(&p.errors, "condition"))))
                (text_field(&FieldSpec::new(lang, "override_reason", t(lang, "rate-override-reason")).error(err(&p.errors, "override_reason")).required()))
                (button(ButtonKind::Secondary, &t(lang, "rate-override-propose")))
            }
        }
        @for (id, text) in &a.decidable_overrides {
            form method="post" action={ (p.base) "/overrides/decide#fejl" } {
                (csrf_field(&p.csrf))
                input type="hidden" name="override" value=(id);
                p { (text) }
                (button_named(ButtonKind::Secondary, &t(lang, "rate-override-approve"), "decision", "approve"))
                " "
                (button_named(ButtonKind::Warning, &t(lang, "rate-override-reject"), "decision", "reject"))
            }
        }
        @if a.can_cancel {
            h3 { (t(lang, "rate-cancel-heading")) }
            form method="post" action={ (p.base) "/cancel#fejl" } novalidate {
                (csrf_field(&p.csrf))
                @let choices = vec![("milestone_not_met".to_string(), t(lang, "rate-cancel-for-milestone_not_met")), ("decision".to_string(), t(lang, "rate-cancel-for-decision"))];
                (select_field(&SelectSpec::new(lang, "for", t(lang, "rate-cancel-for")).options(choices).selected(Some("milestone_not_met".to_string()))))
                (text_field(&FieldSpec::new(lang, "cancel_note", t(lang, "rate-cancel-note")).error(err(&p.errors, "cancel_note")).required()))
                (button(ButtonKind::Warning, &t(lang, "rate-cancel")))
            }
        }
        @if !p.history.is_empty() {
            h2 { (t(lang, "rate-history-heading")) }
            ul #history { @for h in &p.history { li { span .nowrap { (h.at) } " · " (h.text) } } }
        }
    }
}

/// One line of the officer's queue.
pub struct QueueLine {
    pub municipality: String,
    pub code: i32,
    pub rate_no: i32,
    pub amount_ore: i64,
    /// When the step was taken and by whom.
    pub when: String,
    pub href: String,
}

/// A batch in the list.
pub struct BatchLine {
    pub id: i64,
    pub created: String,
    pub count: i32,
    pub total_ore: i64,
    /// Empty while not paid.
    pub paid_on: String,
    pub href: String,
}

pub struct QueuePage {
    pub pool_id: i64,
    pub pool_name: String,
    pub csrf: String,
    pub requested: Vec<QueueLine>,
    pub payable: Vec<QueueLine>,
    pub prepared: Vec<QueueLine>,
    pub approved: Vec<QueueLine>,
    pub batches: Vec<BatchLine>,
    pub errors: Errors,
}

fn queue_table(lang: Lang, id: &str, caption: &str, lines: &[QueueLine], when: &str) -> Markup {
    html! {
        section id=(id) {
            @if lines.is_empty() {
                h2 { (caption) }
                p { (t(lang, "payout-queue-empty")) }
            } @else {
                (data_table(lang, caption, html! {
                    tr { th scope="col" { (t(lang, "municipality")) } th scope="col" { (t(lang, "rate-number")) } th scope="col" .text-align-right { (t(lang, "allocation-amount")) } th scope="col" { (when) } th scope="col" { span .sr-only { (t(lang, "payout-queue-open-heading")) } } }
                }, html! {
                    @for l in lines {
                        tr { td { (l.municipality) " (" (l.code) ")" } td { (l.rate_no) } td .text-align-right .num { (money(l.amount_ore)) } td { (l.when) } td { a href=(crate::href::local(&l.href)) { (t(lang, "payout-queue-open")) } } }
                    }
                }))
            }
        }
    }
}

pub fn queue(lang: Lang, p: &QueuePage) -> Markup {
    let approved_total: i64 = p.approved.iter().map(|l| l.amount_ore).sum();
    html! {
        @let heading = t_args(lang, "payout-queue-heading", &[("pool", Arg::from(p.pool_name.clone()))]);
        (super::pool_trail(lang, p.pool_id, &p.pool_name, &heading))
        h1 { (heading) }
        div #fejl { (error_summary(lang, &p.errors)) }
        (queue_table(lang, "requested", &t(lang, "payout-queue-requested"), &p.requested, &t(lang, "payout-queue-requested-at")))
        (queue_table(lang, "prepared", &t(lang, "payout-queue-prepared"), &p.prepared, &t(lang, "payout-queue-prepared-by")))
        (queue_table(lang, "approved", &t(lang, "payout-queue-approved"), &p.approved, &t(lang, "payout-queue-approved-by")))
        @if !p.approved.is_empty() {
            form method="post" action={ "/pools/" (p.pool_id) "/payouts/batches#fejl" } {
                (csrf_field(&p.csrf))
                p .form-hint { (t_args(lang, "payout-batch-hint", &[("count", Arg::from(p.approved.len().to_string())), ("amount", Arg::from(money(approved_total)))])) }
                (button(ButtonKind::Primary, &t(lang, "payout-batch-create")))
            }
        }
        (queue_table(lang, "payable", &t(lang, "payout-queue-payable"), &p.payable, &t(lang, "payout-queue-payable-since")))
        section #batches {
            h2 { (t(lang, "payout-batches-heading")) }
            @if p.batches.is_empty() { p { (t(lang, "payout-queue-empty")) } } @else {
                (crate::components::data_table_quiet(lang, &t(lang, "payout-batches-heading"), html! {
                    tr { th scope="col" { (t(lang, "payout-batch-no")) } th scope="col" { (t(lang, "payout-batch-created")) } th scope="col" .text-align-right { (t(lang, "payout-batch-count")) } th scope="col" .text-align-right { (t(lang, "allocation-amount")) } th scope="col" { (t(lang, "payout-batch-paid-on")) } }
                }, html! {
                    @for b in &p.batches {
                        tr { td { a href=(crate::href::local(&b.href)) { (b.id) } } td { (b.created) } td .text-align-right .num { (b.count) } td .text-align-right .num { (money(b.total_ore)) } td { @if b.paid_on.is_empty() { (t(lang, "payout-batch-not-paid")) } @else { (b.paid_on) } } }
                    }
                }))
            }
        }
    }
}

/// A batch's line as the page lists it.
pub struct BatchRow {
    pub municipality: String,
    pub code: i32,
    pub rate_no: i32,
    pub amount_ore: i64,
    pub letter_no: String,
    pub reference: String,
}

pub struct BatchPage {
    pub pool_id: i64,
    pub pool_name: String,
    pub id: i64,
    pub csrf: String,
    pub created: String,
    pub finance_account: String,
    pub total_ore: i64,
    pub paid_on: String,
    pub rows: Vec<BatchRow>,
    pub errors: Errors,
    pub paid_on_value: String,
}

pub fn batch(lang: Lang, p: &BatchPage) -> Markup {
    let base = format!("/pools/{}/payouts/batches/{}", p.pool_id, p.id);
    html! {
        @let heading = t_args(lang, "payout-batch-heading", &[("id", Arg::from(p.id.to_string()))]);
        @let queue = t_args(lang, "payout-queue-heading", &[("pool", Arg::from(p.pool_name.clone()))]);
        @let pool_href = format!("/pools/{}", p.pool_id);
        @let queue_href = format!("/pools/{}/payouts", p.pool_id);
        (crate::components::breadcrumbs(lang, &[(&t(lang, "nav-pools"), "/pools"), (&p.pool_name, &pool_href), (&queue, &queue_href)], &heading))
        h1 { (heading) }
        div #fejl { (error_summary(lang, &p.errors)) }
        dl .pool-facts {
            dt { (t(lang, "payout-batch-created")) } dd { (p.created) }
            dt { (t(lang, "pool-finance-account")) } dd { (p.finance_account) }
            dt { (t(lang, "total")) } dd #batch-total { (money(p.total_ore)) }
            dt { (t(lang, "payout-batch-paid-on")) } dd #batch-paid { @if p.paid_on.is_empty() { (t(lang, "payout-batch-not-paid")) } @else { (p.paid_on) } }
        }
        p {
            (link_button(ButtonKind::Secondary, &t(lang, "download-csv"), &format!("{base}/csv")))
            " "
            (link_button(ButtonKind::Secondary, &t(lang, "download-xlsx"), &format!("{base}/xlsx")))
        }
        (data_table(lang, &t(lang, "payout-batch-lines"), html! {
            tr { th scope="col" { (t(lang, "municipality")) } th scope="col" { (t(lang, "rate-number")) } th scope="col" .text-align-right { (t(lang, "allocation-amount")) } th scope="col" { (t(lang, "payout-letter-no")) } th scope="col" { (t(lang, "rate-payment-reference")) } }
        }, html! {
            @for r in &p.rows {
                tr { td { (r.municipality) " (" (r.code) ")" } td { (r.rate_no) } td .text-align-right .num { (money(r.amount_ore)) } td { (r.letter_no) } td { code { (r.reference) } } }
            }
        }))
        @if p.paid_on.is_empty() {
            h2 { (t(lang, "payout-batch-mark-paid-heading")) }
            form method="post" action={ (base) "/paid#fejl" } novalidate {
                (csrf_field(&p.csrf))
                (text_field(&FieldSpec::new(lang, "paid_on", t(lang, "payout-batch-paid-on")).input_type("date").value(p.paid_on_value.clone()).error(err(&p.errors, "paid_on")).required()))
                p .form-hint { (t(lang, "payout-batch-mark-paid-hint")) }
                (button(ButtonKind::Primary, &t(lang, "payout-batch-mark-paid")))
            }
        }
    }
}
