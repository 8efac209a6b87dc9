//! A municipality's application to a pool: the form (finance staff), the read-only view
//! (committee, officers), the officer's decisions, and the commitment.

use std::collections::BTreeMap;

use maud::{html, Markup};

use super::letter::{years_total, YearAmount};
use super::{err, money, Errors};
use crate::components::{
    alert, button, checkbox, csrf_field, data_table, error_summary, link_button, step_indicator,
    text_field, AlertKind, ButtonKind, CheckboxSpec, FieldSpec, StepState,
};
use crate::i18n::{t, t_args, Arg, Lang};

/// What was typed (or stored), as text.
#[derive(Default, Clone)]
pub struct Values {
    pub contact_name: String,
    pub contact_title: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub difference_comment: String,
    pub obligations: Vec<String>,
    /// (item key, year) → amount text
    pub amounts: BTreeMap<(String, i32), String>,
    /// item key → description
    pub descriptions: BTreeMap<String, String>,
}

pub struct CommitmentView {
    pub amount_ore: i64,
    pub letter_no: String,
    /// The status's catalogue suffix (`commitment-status-…`).
    pub status: String,
    pub approved_at: String,
    pub years: Vec<YearAmount>,
    pub rates: Vec<RateLine>,
    pub letter_href: String,
    pub accounts: Vec<super::account::AccountLine>,
}

/// A rate of a commitment as a page shows it.
pub struct RateLine {
    pub number: i32,
    /// The share as a percentage without the sign: "30", "12,50".
    pub share: String,
    /// Empty when it is paid on the commitment.
    pub earliest: String,
    pub amount_ore: i64,
    /// The rate's state: the catalogue suffix (`rate-state-…`), e.g. `conditions-not-met`.
    pub status: String,
    /// When it was paid; empty if it was not.
    pub paid_at: String,
    /// Every condition with met or not and its evidence, as sentences.
    pub conditions: Vec<ConditionLine>,
    /// The rate's own page.
    pub href: String,
}

/// A rate's condition as a page states it.
pub struct ConditionLine {
    pub met: bool,
    /// Not met, but passed by an approved override.
    pub overridden: bool,
    pub text: String,
}

/// A rate's state and why: the state, when it was paid, and each condition.
pub fn rate_state_cell(lang: Lang, r: &RateLine) -> Markup {
    html! {
        strong .rate-state data-state=(r.status) { (t(lang, &format!("rate-state-{}", r.status))) }
        @if !r.paid_at.is_empty() { " " (r.paid_at) }
        (condition_list(lang, &r.conditions))
        @if !r.href.is_empty() { a .rate-link href=(crate::href::local(&r.href)) { (t_args(lang, "rate-open", &[("rate", Arg::from(r.number.to_string()))])) } }
    }
}

/// Conditions as a list, each marked met, passed by an exception, or not met.
pub fn condition_list(lang: Lang, conditions: &[ConditionLine]) -> Markup {
    html! {
        @if !conditions.is_empty() {
            ul .rate-conditions {
                @for c in conditions {
                    @let (mark, word, class) = if c.met { ("✓", "rate-condition-met", "met") } else if c.overridden { ("≈", "rate-condition-overridden", "overridden") } else { ("✗", "rate-condition-not-met", "not-met") };
                    li class=(class) { span aria-hidden="true" { (mark) " " } span .sr-only { (t(lang, word)) ": " } (c.text) }
                }
            }
        }
    }
}

/// A year's amount as typed in the approval form.
pub struct YearInput {
    pub year: i32,
    pub value: String,
}

pub struct ApproveView {
    pub amount_ore: i64,
    pub years: Vec<YearInput>,
    pub account_deadline: String,
    pub reservation: String,
    pub errors: Errors,
}

pub struct Page {
    pub pool_id: i64,
    pub pool_name: String,
    pub code: i32,
    pub municipality: String,
    pub expected_ore: Option<i64>,
    pub deadline: String,
    pub deadline_passed: bool,
    /// None when nothing is saved yet.
    pub status: Option<String>,
    pub version_no: Option<i32>,
    /// The receipt of the version shown, if it is submitted.
    pub receipt: Option<ReceiptLine>,
    /// The form can be saved (it is shown as a form, not read-only).
    pub can_edit: bool,
    pub can_submit: bool,
    pub can_withdraw: bool,
    /// The officer may send it back or reject it (the approval form is `approve`).
    pub can_decide: bool,
    pub csrf: String,
    pub years: Vec<i32>,
    pub items: Vec<Labelled>,
    pub obligations: Vec<Labelled>,
    pub values: Values,
    pub errors: Errors,
    pub problem: Option<String>,
    pub flash: Option<String>,
    pub total_ore: i64,
    /// Each cost item's sum over the years (key → øre).
    pub per_item: BTreeMap<String, i64>,
    pub per_year: Vec<YearAmount>,
    pub events: Vec<EventLine>,
    pub commitment: Option<CommitmentView>,
    pub approve: Option<ApproveView>,
    pub admin_share_max: Option<String>,
    pub versions: Vec<VersionLink>,
}

/// A receipt: its number and when the version was received.
pub struct ReceiptLine {
    pub receipt_no: String,
    pub submitted_at: String,
}

/// A key (a form value) with its label.
pub struct Labelled {
    pub key: String,
    pub label: String,
}

/// A line of the application's history.
pub struct EventLine {
    pub at: String,
    pub what: String,
    /// Empty when none was given.
    pub reason: String,
}

/// A version in the list of versions, newest first.
pub struct VersionLink {
    pub version_no: i32,
    /// Empty for the open draft.
    pub submitted_at: String,
    pub href: String,
    /// The version shown on this page.
    pub current: bool,
}

fn base(p: &Page) -> String {
    format!("/pools/{}/applications/{}", p.pool_id, p.code)
}

pub fn status_label(lang: Lang, status: &str) -> String {
    t(
        lang,
        &format!("application-status-{}", status.replace('_', "-")),
    )
}

pub fn page(lang: Lang, p: &Page) -> Markup {
    html! {
        @let heading = t_args(lang, "application-heading", &[("municipality", Arg::from(p.municipality.clone())), ("pool", Arg::from(p.pool_name.clone()))]);
        (super::pool_trail(lang, p.pool_id, &p.pool_name, &heading))
        h1 { (heading) }
        @if let Some(f) = &p.flash { (alert(AlertKind::Success, None, html! { p #flash { (f) } })) }
        @if let Some(pr) = &p.problem { (alert(AlertKind::Error, None, html! { p #problem { (pr) } })) }
        dl .pool-facts {
            dt { (t(lang, "application-expected")) }
            dd #expected { @match p.expected_ore { Some(e) => { (money(e)) }, None => { (t(lang, "application-no-expected")) } } }
            dt { (t(lang, "pool-deadline")) }
            dd { (p.deadline) @if p.deadline_passed { " " span .badge { (t(lang, "pool-deadline-passed")) } } }
            dt { (t(lang, "allocation-status")) }
            dd #status { @match &p.status { Some(s) => { (status_label(lang, s)) @if let Some(v) = p.version_no { " (" (t_args(lang, "allocation-version-n", &[("version", Arg::from(i64::from(v)))])) ")" } }, None => { (t(lang, "application-none")) } } }
            @if let Some(r) = &p.receipt {
                dt { (t(lang, "application-receipt")) }
                dd #receipt { (t_args(lang, "application-receipt-text", &[("no", Arg::from(r.receipt_no.clone())), ("at", Arg::from(r.submitted_at.clone()))])) }
            }
        }
        @if let Some(c) = &p.commitment { (commitment(lang, c)) }
        @if p.can_edit { (form(lang, p)) } @else if p.status.is_some() { (read_only(lang, p)) }
        @if p.can_decide || p.approve.is_some() { (decide(lang, p)) }
        @if p.versions.len() > 1 {
            h2 { (t(lang, "application-versions")) }
            ul #versions {
                @for v in &p.versions {
                    li {
                        @let label = t_args(lang, "allocation-version-n", &[("version", Arg::from(i64::from(v.version_no)))]);
                        @if v.current { strong { (label) } } @else { a href=(v.href) { (label) } }
                        @if v.submitted_at.is_empty() { " – " (t(lang, "application-status-draft")) } @else { " – " (t_args(lang, "application-version-submitted", &[("at", Arg::from(v.submitted_at.clone()))])) }
                    }
                }
            }
        }
        @if !p.events.is_empty() {
            h2 { (t(lang, "application-history")) }
            ul .history { @for e in &p.events { li { (e.at) ": " (e.what) @if !e.reason.is_empty() { " – " em { (e.reason) } } } } }
        }
        @if p.can_withdraw {
            h2 { (t(lang, "application-withdraw-heading")) }
            form method="post" action={ (base(p)) "/withdraw" } {
                (csrf_field(&p.csrf))
                (text_field(&FieldSpec::new(lang, "reason", t(lang, "application-withdraw-reason")).multiline().hint(t(lang, "application-withdraw-hint")).required()))
                (button(ButtonKind::Warning, &t(lang, "application-withdraw")))
            }
        }
    }
}

fn budget_table(lang: Lang, p: &Page, editable: bool) -> Markup {
    let total_label = t(lang, "total");
    let description_label = t(lang, "application-description");
    html! {
        // On a narrow screen each cost item stacks its years under each other (CSS,
        // `.budget-stack`), each amount labelled with its year.
        div .budget-stack {
        (crate::components::data_table_quiet(lang, &t(lang, "application-budget"), html! {
            tr {
                th scope="col" { (t(lang, "application-cost-item")) }
                @for y in &p.years { th scope="col" .text-align-right { (y) } }
                th scope="col" .text-align-right { (total_label) }
                th scope="col" { (description_label) }
            }
        }, html! {
            @for item in &p.items {
                @let (key, label) = (&item.key, &item.label);
                tr {
                    th scope="row" { (label) }
                    @for y in &p.years {
                        @let name = format!("amount_{key}_{y}");
                        @let value = p.values.amounts.get(&(key.clone(), *y)).cloned().unwrap_or_default();
                        td .text-align-right data-label=(y) {
                            @if editable {
                                @let e = err(&p.errors, &name);
                                label .sr-only for=(name) { (label) " " (y) }
                                input .form-input .input-amount .input-error[e.is_some()] type="text" inputmode="decimal" id=(name) name=(name) value=(value) aria-invalid=[e.as_ref().map(|_| "true")];
                                @if let Some(e) = e { span .form-error-message { (e) } }
                            } @else {
                                span .num { (value) }
                            }
                        }
                    }
                    td .text-align-right .num data-label=(total_label) { (money(p.per_item.get(key).copied().unwrap_or(0))) }
                    td data-label=(description_label) {
                        @let name = format!("description_{key}");
                        @let value = p.values.descriptions.get(key).cloned().unwrap_or_default();
                        @if editable {
                            label .sr-only for=(name) { (description_label) " – " (label) }
                            input .form-input type="text" id=(name) name=(name) value=(value);
                        } @else { (value) }
                    }
                }
            }
            tr .sum-row {
                th scope="row" { (total_label) }
                @for y in &p.per_year { td .text-align-right .num data-label=(y.year) { (money(y.amount_ore)) } }
                td .text-align-right .num #budget-total data-label=(total_label) { strong { (money(p.total_ore)) } }
                td .budget-blank {}
            }
        }))
        }
        @if let Some(expected) = p.expected_ore {
            @let diff = p.total_ore - expected;
            p #difference {
                @if diff == 0 { (t(lang, "application-budget-matches")) }
                @else { (t_args(lang, "application-budget-differs", &[("difference", Arg::from(money(diff.abs()))), ("direction", Arg::from(if diff < 0 { "under" } else { "over" }))])) }
            }
        }
        @if let Some(cap) = &p.admin_share_max { p .form-hint { (t_args(lang, "application-cap-rule", &[("cap", Arg::from(cap.clone()))])) } }
    }
}

/// What a field is called in the error summary: "Budget, Sagsbehandlerløn 2027",
/// "Kontaktperson: Telefon", or `None` for a message about the whole form.
fn field_label(lang: Lang, p: &Page, field: &str) -> Option<String> {
    let item = |key: &str| {
        p.items
            .iter()
            .find(|i| i.key == key)
            .map(|i| i.label.clone())
    };
    if let Some(rest) = field.strip_prefix("amount_") {
        let (key, year) = rest.rsplit_once('_')?;
        return Some(format!(
            "{}, {} {year}",
            t(lang, "application-budget"),
            item(key)?
        ));
    }
    if let Some(key) = field.strip_prefix("description_") {
        return Some(format!(
            "{} – {}",
            t(lang, "application-description"),
            item(key)?
        ));
    }
    if let Some(key) = field.strip_prefix("obligation_") {
        let o = p.obligations.iter().find(|o| o.key == key)?;
        return Some(format!(
            "{}: {}",
            t(lang, "application-obligations"),
            o.label
        ));
    }
    let contact = match field {
        "contact_name" => Some("application-contact-name"),
        "contact_title" => Some("application-contact-title"),
        "contact_email" => Some("application-contact-email"),
        "contact_phone" => Some("application-contact-phone"),
        _ => None,
    };
    if let Some(key) = contact {
        return Some(format!(
            "{}, {}",
            t(lang, "application-contact"),
            t(lang, key)
        ));
    }
    let key = match field {
        "difference_comment" => "application-difference-comment",
        "budget" => "application-budget",
        _ => return None,
    };
    Some(t(lang, key))
}

/// The summary's entries, each naming its field before the message.
fn summary(lang: Lang, p: &Page) -> Errors {
    super::labelled_summary(lang, &p.errors, |field| field_label(lang, p, field))
}

fn form(lang: Lang, p: &Page) -> Markup {
    let v = &p.values;
    html! {
        div #fejl { (error_summary(lang, &summary(lang, p))) }
        form method="post" action={ (base(p)) "/save#fejl" } novalidate {
            (csrf_field(&p.csrf))
            h2 { (t(lang, "application-budget")) }
            p { (t(lang, "application-budget-intro")) }
            @if let Some(e) = err(&p.errors, "budget") { p #budget .form-error-message { (e) } }
            (budget_table(lang, p, true))
            (text_field(&FieldSpec::new(lang, "difference_comment", t(lang, "application-difference-comment")).multiline().hint(t(lang, "application-difference-hint")).value(v.difference_comment.clone()).error(err(&p.errors, "difference_comment"))))
            h2 { (t(lang, "application-contact")) }
            (text_field(&FieldSpec::new(lang, "contact_name", t(lang, "application-contact-name")).value(v.contact_name.clone()).error(err(&p.errors, "contact_name")).autocomplete("name")))
            (text_field(&FieldSpec::new(lang, "contact_title", t(lang, "application-contact-title")).hint(t(lang, "application-contact-title-hint")).value(v.contact_title.clone()).error(err(&p.errors, "contact_title"))))
            (text_field(&FieldSpec::new(lang, "contact_email", t(lang, "application-contact-email")).input_type("email").value(v.contact_email.clone()).error(err(&p.errors, "contact_email")).autocomplete("email")))
            (text_field(&FieldSpec::new(lang, "contact_phone", t(lang, "application-contact-phone")).input_type("tel").value(v.contact_phone.clone()).error(err(&p.errors, "contact_phone")).autocomplete("tel")))
            h2 { (t(lang, "application-obligations")) }
            p { (t(lang, "application-obligations-intro")) }
            @for o in &p.obligations {
                @let name = format!("obligation_{}", o.key);
                (checkbox(&CheckboxSpec::new(lang, "obligations", o.label.clone()).id(name.clone()).value(o.key.clone()).checked(v.obligations.contains(&o.key)).error(err(&p.errors, &name))))
            }
            p {
                (button(ButtonKind::Secondary, &t(lang, "application-save")))
                @if p.can_submit {
                    " "
                    button .button .button-primary type="submit" formaction={ (base(p)) "/submit" } { (t(lang, "application-submit")) }
                }
            }
            @if p.can_submit { p .form-hint { (t(lang, "application-submit-hint")) } }
        }
    }
}

fn read_only(lang: Lang, p: &Page) -> Markup {
    let v = &p.values;
    html! {
        h2 { (t(lang, "application-budget")) }
        (budget_table(lang, p, false))
        @if !v.difference_comment.is_empty() { p { strong { (t(lang, "application-difference-comment")) ": " } (v.difference_comment) } }
        h2 { (t(lang, "application-contact")) }
        p { (v.contact_name) ", " (v.contact_title) br; (v.contact_email) ", " (v.contact_phone) }
        h2 { (t(lang, "application-obligations")) }
        ul .unstyled-list { @for o in &p.obligations { li { (crate::components::check_mark(lang, v.obligations.contains(&o.key))) " " (o.label) } } }
    }
}

fn decide(lang: Lang, p: &Page) -> Markup {
    html! {
        h2 #decide { (t(lang, "application-decide")) }
        @if let Some(a) = &p.approve {
            h3 { (t(lang, "application-approve-heading")) }
            div #fejl-tilsagn { (error_summary(lang, &a.errors)) }
            form method="post" action={ (base(p)) "/approve#fejl-tilsagn" } novalidate {
                (csrf_field(&p.csrf))
                p #commitment-amount { (t_args(lang, "application-approve-amount", &[("amount", Arg::from(money(a.amount_ore)))])) }
                @if let Some(e) = err(&a.errors, "years") { p #years .form-error-message { (e) } }
                @for y in &a.years {
                    @let name = format!("year_{}", y.year);
                    (text_field(&FieldSpec::new(lang, name.clone(), t_args(lang, "application-year-amount", &[("year", Arg::from(y.year))])).inputmode("decimal").value(y.value.clone()).error(err(&a.errors, &name))))
                }
                (text_field(&FieldSpec::new(lang, "account_deadline", t(lang, "application-account-deadline")).input_type("date").value(a.account_deadline.clone()).error(err(&a.errors, "account_deadline"))))
                (text_field(&FieldSpec::new(lang, "reservation", t(lang, "application-reservation")).value(a.reservation.clone())))
                (button(ButtonKind::Primary, &t(lang, "application-approve")))
            }
        }
        @if p.can_decide {
            h3 { (t(lang, "application-send-back-heading")) }
            form method="post" action={ (base(p)) "/decide" } novalidate {
                (csrf_field(&p.csrf))
                (text_field(&FieldSpec::new(lang, "reason", t(lang, "application-decision-reason")).multiline().error(err(&p.errors, "reason")).required()))
                button .button .button-secondary type="submit" name="decision" value="request_changes" { (t(lang, "application-request-changes")) }
                " "
                button .button .button-warning type="submit" name="decision" value="reject" { (t(lang, "application-reject")) }
            }
        }
    }
}

fn commitment(lang: Lang, c: &CommitmentView) -> Markup {
    html! {
        h2 { (t(lang, "commitment-heading")) }
        p #commitment {
            (t_args(lang, "commitment-summary", &[("amount", Arg::from(money(c.amount_ore))), ("no", Arg::from(c.letter_no.clone())), ("at", Arg::from(c.approved_at.clone()))]))
            " (" (t(lang, &format!("commitment-status-{}", c.status))) ")"
        }
        p { (link_button(ButtonKind::Secondary, &t(lang, "commitment-letter"), &c.letter_href)) }
        (data_table(lang, &t(lang, "commitment-years"), html! {
            tr { th scope="col" { (t(lang, "commitment-year")) } th scope="col" .text-align-right { (t(lang, "allocation-amount")) } }
        }, html! {
            @for y in &c.years { tr { td { (y.year) } td .text-align-right .num { (money(y.amount_ore)) } } }
            tr .sum-row { th scope="row" { (t(lang, "total")) } td .text-align-right .num { (money(years_total(&c.years))) } }
        }))
        (data_table(lang, &t(lang, "pool-rates"), html! {
            tr {
                th scope="col" { (t(lang, "rate-number")) } th scope="col" .text-align-right { (t(lang, "rate-share")) }
                th scope="col" { (t(lang, "rate-earliest")) } th scope="col" .text-align-right { (t(lang, "allocation-amount")) }
                th scope="col" { (t(lang, "allocation-status")) }
            }
        }, html! {
            @for r in &c.rates {
                tr { td { (r.number) } td .text-align-right .num { (r.share) " %" } td { @if r.earliest.is_empty() { (t(lang, "rate-no-earliest")) } @else { (r.earliest) } } td .text-align-right .num { (money(r.amount_ore)) } td { (rate_state_cell(lang, r)) } }
            }
        }))
        p .form-hint { (t(lang, "commitment-rounding-rule")) }
        @if !c.accounts.is_empty() {
            h2 #accounts { (t(lang, "account-list-caption")) }
            (super::account::account_list(lang, &t(lang, "account-list-caption"), "account", &c.accounts))
        }
    }
}

pub struct ListRow {
    pub code: i32,
    pub name: String,
    pub status: String,
    pub version_no: i32,
    pub submitted_at: String,
    pub budget_total_ore: i64,
    pub expected_ore: Option<i64>,
}

pub fn list(
    lang: Lang,
    pool_id: i64,
    pool_name: &str,
    rows: &[ListRow],
    committed_ore: i64,
    pool_ore: i64,
) -> Markup {
    html! {
        @let heading = t_args(lang, "applications-heading", &[("pool", Arg::from(pool_name.to_string()))]);
        (super::pool_trail(lang, pool_id, pool_name, &heading))
        h1 { (heading) }
        p #committed { (t_args(lang, "applications-committed", &[("committed", Arg::from(money(committed_ore))), ("pool", Arg::from(money(pool_ore))), ("left", Arg::from(money(pool_ore - committed_ore)))])) }
        @if rows.is_empty() { p { (t(lang, "applications-none")) } } @else {
            (data_table(lang, &t(lang, "applications-heading-short"), html! {
                tr {
                    th scope="col" { (t(lang, "municipality")) }
                    th scope="col" { (t(lang, "allocation-status")) }
                    th scope="col" { (t(lang, "application-submitted-at")) }
                    th scope="col" .text-align-right { (t(lang, "application-budget-total")) }
                    th scope="col" .text-align-right { (t(lang, "application-expected")) }
                    th scope="col" .text-align-right { (t(lang, "allocation-difference")) }
                }
            }, html! {
                @for r in rows {
                    tr {
                        td { a href={ "/pools/" (pool_id) "/applications/" (r.code) } { (r.name) } }
                        td { (status_label(lang, &r.status)) " (v" (r.version_no) ")" }
                        td { (r.submitted_at) }
                        td .text-align-right .num { (money(r.budget_total_ore)) }
                        td .text-align-right .num { @if let Some(e) = r.expected_ore { (money(e)) } @else { "–" } }
                        td .text-align-right .num { @if let Some(e) = r.expected_ore { (money(r.budget_total_ore - e)) } }
                    }
                }
            }))
        }
    }
}

/// The review before a submission: the application as it will be submitted, read only,
/// with the typed form carried in `hidden` so that submitting sends exactly what was
/// reviewed, and a way back to correct it (which saves the draft).
pub fn review(lang: Lang, p: &Page, hidden: &[(String, String)]) -> Markup {
    html! {
        @let application = t_args(lang, "application-heading", &[("municipality", Arg::from(p.municipality.clone())), ("pool", Arg::from(p.pool_name.clone()))]);
        @let pool_href = format!("/pools/{}", p.pool_id);
        @let app_href = base(p);
        (crate::components::breadcrumbs(lang, &[(&t(lang, "nav-pools"), "/pools"), (&p.pool_name, &pool_href), (&application, &app_href)], &t(lang, "application-step-review")))
        p { a href=(base(p)) { (t(lang, "application-review-back-link")) } }
        (step_indicator(lang, &[
            (&t(lang, "application-step-fill"), StepState::Done),
            (&t(lang, "application-step-review"), StepState::Current),
            (&t(lang, "application-step-receipt"), StepState::Todo),
        ]))
        h1 { (t_args(lang, "application-review-heading", &[("municipality", Arg::from(p.municipality.clone()))])) }
        p { (t(lang, "application-review-intro")) }
        dl .pool-facts {
            dt { (t(lang, "application-confirm-pool")) } dd { (p.pool_name) }
            dt { (t(lang, "application-expected")) }
            dd { @match p.expected_ore { Some(e) => { (money(e)) }, None => { (t(lang, "application-no-expected")) } } }
            dt { (t(lang, "application-review-applied")) } dd #review-total { (money(p.total_ore)) }
            dt { (t(lang, "pool-deadline")) } dd { (p.deadline) }
        }
        (read_only(lang, p))
        (alert(AlertKind::Info, None, html! { p #review-freeze { (t(lang, "application-review-freeze")) } }))
        form method="post" action={ (base(p)) "/submit" } .confirm-form {
            (csrf_field(&p.csrf))
            @for (name, value) in hidden { input type="hidden" name=(name) value=(value); }
            input type="hidden" name="confirmed" value="1";
            (button(ButtonKind::Primary, &t(lang, "application-submit")))
            " "
            button .button .button-secondary type="submit" formaction={ (base(p)) "/save#fejl" } { (t(lang, "application-review-correct")) }
        }
    }
}

/// The receipt after a submission: its number and time to the second, what was
/// submitted, and what happens next. Printable (the page's frame is left out on paper).
pub fn receipt(lang: Lang, p: &Page, contact_email: &str) -> Markup {
    html! {
        (step_indicator(lang, &[
            (&t(lang, "application-step-fill"), StepState::Done),
            (&t(lang, "application-step-review"), StepState::Done),
            (&t(lang, "application-step-receipt"), StepState::Current),
        ]))
        h1 { (t(lang, "application-receipt-heading")) }
        (alert(AlertKind::Success, None, html! { p #receipt-flash { (t(lang, "application-receipt-done")) } }))
        dl .pool-facts #receipt-facts {
            @if let Some(r) = &p.receipt {
                dt { (t(lang, "application-receipt-no")) } dd #receipt-no { (r.receipt_no) }
                dt { (t(lang, "application-receipt-at")) } dd #receipt-at { (r.submitted_at) }
            }
            dt { (t(lang, "application-confirm-pool")) } dd { (p.pool_name) }
            dt { (t(lang, "application-confirm-municipality")) } dd { (p.municipality) }
            @if let Some(v) = p.version_no {
                dt { (t(lang, "application-receipt-version")) } dd { (v) }
            }
            dt { (t(lang, "application-review-applied")) } dd { (money(p.total_ore)) }
            dt { (t(lang, "application-contact")) } dd { (p.values.contact_name) ", " (contact_email) }
        }
        h2 { (t(lang, "application-receipt-next")) }
        ol .receipt-next {
            li { (t_args(lang, "application-receipt-next-email", &[("email", Arg::from(contact_email))])) }
            li { (t(lang, "application-receipt-next-review")) }
            li { (t(lang, "application-receipt-next-decision")) }
        }
        p .d-print-none { (t(lang, "application-receipt-print")) }
        p .d-print-none { a href=(base(p)) { (t(lang, "application-receipt-to-application")) } }
    }
}
