//! Accounts, the officer's pages: the list of every account, the review of one (figures
//! and content, ineligible amounts, approve or send back, the deadline, the claim), and
//! the confirmation before approving.

use maud::{html, Markup};

use super::{err, money, Errors};
use crate::components::{
    alert, button, checkbox, csrf_field, data_table_quiet, error_summary, link_button, text_field,
    AlertKind, ButtonKind, CheckboxSpec, FieldSpec,
};
use crate::i18n::{t, t_args, Arg, Lang};

/// One account in the officers' list.
pub struct ListRow {
    pub pool_id: i64,
    pub pool: String,
    pub code: i32,
    pub municipality: String,
    /// interim or final
    pub kind: String,
    pub deadline: String,
    /// due, overdue, submitted, in_review, sent_back, approved, cancelled
    pub standing: String,
    pub days_overdue: i64,
    /// management or auditor
    pub certification: String,
    /// Claim number, amount and status, if any.
    pub claim: Option<(String, i64, String)>,
}

/// The list's filters as typed.
#[derive(Default, Clone)]
pub struct Filter {
    pub status: String,
    pub kind: String,
    pub municipality: String,
    pub overdue: bool,
    /// The query string, for the download links.
    pub query: String,
}

pub const STANDINGS: [&str; 7] = [
    "due",
    "overdue",
    "submitted",
    "in_review",
    "sent_back",
    "approved",
    "cancelled",
];

fn select(name: &str, label: String, options: &[(String, String)], selected: &str) -> Markup {
    html! {
        div .form-group {
            label .form-label for=(name) { (label) }
            select .form-select name=(name) id=(name) {
                @for (value, text) in options {
                    option value=(value) selected[value == selected] { (text) }
                }
            }
        }
    }
}

pub fn list(lang: Lang, f: &Filter, rows: &[ListRow]) -> Markup {
    let mut statuses = vec![(String::new(), t(lang, "officer-accounts-filter-all"))];
    statuses.extend(STANDINGS.iter().map(|s| {
        (
            s.to_string(),
            t(lang, &format!("officer-account-standing-{s}")),
        )
    }));
    let kinds = vec![
        (String::new(), t(lang, "officer-accounts-filter-all")),
        ("interim".to_string(), t(lang, "review-kind-interim")),
        ("final".to_string(), t(lang, "review-kind-final")),
    ];
    let suffix = if f.query.is_empty() {
        String::new()
    } else {
        format!("?{}", f.query)
    };
    html! {
        h1 { (t(lang, "officer-accounts-heading")) }
        form method="get" action="/accounts" .accounts-filter {
            (select("status", t(lang, "officer-accounts-filter-status"), &statuses, &f.status))
            (select("kind", t(lang, "officer-accounts-filter-kind"), &kinds, &f.kind))
            (text_field(&FieldSpec::new(lang, "municipality", t(lang, "officer-accounts-filter-municipality")).value(f.municipality.clone())))
            (checkbox(&CheckboxSpec::new(lang, "overdue", t(lang, "officer-accounts-filter-overdue")).value("1").checked(f.overdue)))
            (button(ButtonKind::Secondary, &t(lang, "officer-accounts-filter-apply")))
        }
        p {
            a href={ "/accounts.csv" (suffix) } { (t(lang, "officer-accounts-download-csv")) }
            " · "
            a href={ "/accounts.xlsx" (suffix) } { (t(lang, "officer-accounts-download-xlsx")) }
        }
        (data_table_quiet(lang, &t(lang, "officer-accounts-heading"), html! {
            tr {
                th scope="col" { (t(lang, "municipality")) }
                th scope="col" { (t(lang, "officer-accounts-pool")) }
                th scope="col" { (t(lang, "officer-accounts-kind")) }
                th scope="col" { (t(lang, "officer-accounts-deadline")) }
                th scope="col" { (t(lang, "officer-accounts-status")) }
                th scope="col" { (t(lang, "officer-accounts-certification")) }
                th scope="col" { (t(lang, "officer-accounts-claim")) }
            }
        }, html! {
            @for r in rows {
                tr .account-row {
                    td { (r.municipality) " (" (r.code) ")" }
                    td { (r.pool) }
                    td { a href={ "/pools/" (r.pool_id) "/accounts/" (r.code) "/" (r.kind) "/review" } { (t(lang, &format!("review-kind-{}", r.kind))) } }
                    td .nowrap { (r.deadline) }
                    td .standing { (standing_text(lang, &r.standing, r.days_overdue)) }
                    td { (t(lang, &format!("review-certification-{}", r.certification))) }
                    td {
                        @if let Some((no, amount, status)) = &r.claim {
                            (no) " " (money(*amount)) " (" (t(lang, &format!("claim-status-{status}"))) ")"
                        }
                    }
                }
            }
        }))
        @if rows.is_empty() { p { (t(lang, "officer-accounts-none")) } }
    }
}

/// "Overskredet med 12 dage", or the status's word.
pub fn standing_text(lang: Lang, standing: &str, days: i64) -> String {
    if standing == "overdue" {
        t_args(
            lang,
            "officer-account-standing-overdue-days",
            &[("days", Arg::from(days))],
        )
    } else {
        t(lang, &format!("officer-account-standing-{standing}"))
    }
}

/// One line of budget against actual, as shown and typed.
pub struct FigureRow {
    pub item: String,
    pub year: i32,
    pub budget_ore: i64,
    pub actual_ore: i64,
    pub deviates: bool,
    pub comment: String,
    /// The ineligible amount as typed (or stored), and its reason.
    pub ineligible: String,
    pub reason: String,
}

/// A document of the reviewed version.
pub struct DocumentRow {
    pub purpose: String,
    pub filename: String,
    pub href: String,
}

/// The settlement, as approving would make it or as it was made.
pub struct SettlementView {
    pub commitment_ore: i64,
    pub paid_ore: i64,
    pub actual_ore: i64,
    pub ineligible_ore: i64,
    pub eligible_ore: i64,
    pub claim_ore: i64,
    /// What becomes of each pending rate, said in words.
    pub rates: Vec<String>,
}

/// The claim, as the review page shows it.
pub struct ClaimView {
    pub claim_no: String,
    pub amount_ore: i64,
    pub due_date: String,
    pub status: String,
    pub received_on: String,
    pub write_off_reason: String,
    pub letter_href: String,
}

pub struct ReviewPage {
    pub base: String,
    pub csrf: String,
    pub heading: String,
    pub kind: String,
    pub status: String,
    pub deadline: String,
    pub deadline_moves: Vec<(String, String, String)>,
    pub certification_rule: String,
    pub certification: String,
    pub version_no: Option<i32>,
    pub receipt_no: String,
    pub submitted_at: String,
    pub signer_name: String,
    pub signer_title: String,
    pub audit_firm: String,
    pub signed_on: String,
    pub documents: Vec<DocumentRow>,
    pub lines: Vec<FigureRow>,
    pub tolerance: String,
    pub paid_ore: i64,
    pub figures_checked: bool,
    pub content_checked: bool,
    pub sent_back_reason: String,
    pub can_start: bool,
    pub can_review: bool,
    pub can_move_deadline: bool,
    pub settlement: Option<SettlementView>,
    pub claim: Option<ClaimView>,
    pub errors: Errors,
    pub deadline_value: String,
    pub reason_value: String,
}

fn item_label(lang: Lang, key: &str) -> String {
    t(lang, &format!("cost-item-{key}"))
}

fn settlement_table(lang: Lang, s: &SettlementView) -> Markup {
    html! {
        table .table #settlement {
            tbody {
                tr { th scope="row" { (t(lang, "settlement-commitment")) } td .num { (money(s.commitment_ore)) } }
                tr { th scope="row" { (t(lang, "settlement-actual")) } td .num { (money(s.actual_ore)) } }
                tr { th scope="row" { (t(lang, "settlement-ineligible")) } td .num { (money(s.ineligible_ore)) } }
                tr { th scope="row" { (t(lang, "settlement-eligible")) } td .num { (money(s.eligible_ore)) } }
                tr { th scope="row" { (t(lang, "settlement-paid")) } td .num { (money(s.paid_ore)) } }
                tr .sum-row { th scope="row" { (t(lang, "settlement-claim")) } td .num #settlement-claim { (money(s.claim_ore)) } }
            }
        }
        @if !s.rates.is_empty() { ul { @for r in &s.rates { li { (r) } } } }
    }
}

pub fn review(lang: Lang, p: &ReviewPage) -> Markup {
    let budget: i64 = p.lines.iter().map(|l| l.budget_ore).sum();
    let actual: i64 = p.lines.iter().map(|l| l.actual_ore).sum();
    html! {
        (crate::components::breadcrumbs(lang, &[(&t(lang, "officer-accounts-heading"), "/accounts")], &p.heading))
        h1 { (p.heading) }
        div #fejl { (error_summary(lang, &p.errors)) }
        p #account-status { (t(lang, "officer-accounts-status")) ": " (t(lang, &format!("review-status-{}", p.status))) " · "
            (t(lang, "officer-accounts-deadline")) ": " (p.deadline) }
        @if !p.deadline_moves.is_empty() {
            ul #deadline-moves { @for (at, to, why) in &p.deadline_moves {
                li { (t_args(lang, "review-deadline-moved", &[("at", Arg::from(at.clone())), ("deadline", Arg::from(to.clone())), ("reason", Arg::from(why.clone()))])) }
            } }
        }
        @if !p.sent_back_reason.is_empty() {
            (alert(AlertKind::Warning, Some(&t(lang, "review-sent-back")), html! { p { (p.sent_back_reason) } }))
        }
        @if p.can_start {
            form method="post" action={ (p.base) "/review/start" } {
                (csrf_field(&p.csrf))
                (button(ButtonKind::Primary, &t(lang, "review-start")))
            }
        }
        @match p.version_no {
            None => p { (t(lang, "review-nothing-submitted")) },
            Some(no) => {
                p #review-version { (t_args(lang, "review-version", &[("version", Arg::from(no)), ("receipt", Arg::from(p.receipt_no.clone())), ("at", Arg::from(p.submitted_at.clone()))])) }
                form method="post" action={ (p.base) "/review/save#fejl" } novalidate {
                    (csrf_field(&p.csrf))
                    h2 { (t(lang, "review-figures")) }
                    p { (t_args(lang, "review-tolerance", &[("tolerance", Arg::from(p.tolerance.clone()))])) }
                    (data_table_quiet(lang, &t(lang, "review-figures"), html! {
                        tr {
                            th scope="col" { (t(lang, "application-cost-item")) }
                            th scope="col" { (t(lang, "commitment-year")) }
                            th scope="col" .text-align-right { (t(lang, "review-budget")) }
                            th scope="col" .text-align-right { (t(lang, "review-actual")) }
                            th scope="col" { (t(lang, "review-comment")) }
                            th scope="col" { (t(lang, "review-ineligible")) }
                            th scope="col" { (t(lang, "review-ineligible-reason")) }
                        }
                    }, html! {
                        @for l in &p.lines {
                            @let amount = format!("ineligible_{}_{}", l.item, l.year);
                            @let reason = format!("ineligible_reason_{}_{}", l.item, l.year);
                            tr .deviates[l.deviates] {
                                td { (item_label(lang, &l.item)) }
                                td { (l.year) }
                                td .num .text-align-right { (money(l.budget_ore)) }
                                td .num .text-align-right { (money(l.actual_ore)) @if l.deviates { " " strong .deviation { (t(lang, "review-deviates")) } } }
                                td { (l.comment) }
                                td {
                                    @if p.can_review {
                                        @if let Some(e) = err(&p.errors, &amount) { span .form-error-message id={ (amount) "-error" } { (e) } }
                                        input .form-input .input-amount type="text" inputmode="decimal" name=(amount) id=(amount) value=(l.ineligible) aria-label=(t(lang, "review-ineligible"));
                                    } @else { (l.ineligible) }
                                }
                                td {
                                    @if p.can_review {
                                        @if let Some(e) = err(&p.errors, &reason) { span .form-error-message id={ (reason) "-error" } { (e) } }
                                        input .form-input .input-comment type="text" name=(reason) id=(reason) value=(l.reason) aria-label=(t(lang, "review-ineligible-reason"));
                                    } @else { (l.reason) }
                                }
                            }
                        }
                        tr .sum-row {
                            th scope="row" colspan="2" { (t(lang, "total")) }
                            td .num .text-align-right #budget-total { (money(budget)) }
                            td .num .text-align-right #actual-total { (money(actual)) }
                            td {} td {} td {}
                        }
                    }))
                    p #spend-against-paid { (t_args(lang, "review-spend-against-paid", &[("actual", Arg::from(money(actual))), ("paid", Arg::from(money(p.paid_ore)))])) }
                    h2 { (t(lang, "review-content")) }
                    p #certification-rule { (p.certification_rule) }
                    dl {
                        dt { (t(lang, "review-signer")) } dd { (p.signer_name) @if !p.signer_title.is_empty() { ", " (p.signer_title) } }
                        @if p.certification == "auditor" { dt { (t(lang, "review-audit-firm")) } dd { (p.audit_firm) } }
                        dt { (t(lang, "review-signed-on")) } dd { (p.signed_on) }
                    }
                    h3 { (t(lang, "review-documents")) }
                    ul #documents { @for d in &p.documents {
                        li { (t(lang, &format!("review-purpose-{}", d.purpose))) ": " a href=(d.href) { (d.filename) } }
                    } }
                    @if p.can_review {
                        (checkbox(&CheckboxSpec::new(lang, "figures_checked", t(lang, "review-figures-checked")).value("1").checked(p.figures_checked)))
                        (checkbox(&CheckboxSpec::new(lang, "content_checked", t(lang, "review-content-checked")).value("1").checked(p.content_checked)))
                        (button(ButtonKind::Secondary, &t(lang, "review-save")))
                    } @else {
                        p { (t(lang, "review-figures-checked")) ": " (crate::components::check_mark(lang, p.figures_checked)) }
                        p { (t(lang, "review-content-checked")) ": " (crate::components::check_mark(lang, p.content_checked)) }
                    }
                }
            }
        }
        @if p.can_review {
            h2 { (t(lang, "review-decide")) }
            form method="post" action={ (p.base) "/review/approve" } {
                (csrf_field(&p.csrf))
                (button(ButtonKind::Primary, &t(lang, "review-approve")))
            }
            form method="post" action={ (p.base) "/review/send-back#fejl" } novalidate {
                (csrf_field(&p.csrf))
                (text_field(&FieldSpec::new(lang, "reason", t(lang, "review-send-back-reason")).multiline().value(p.reason_value.clone()).error(err(&p.errors, "reason")).required()))
                (button(ButtonKind::Warning, &t(lang, "review-send-back")))
            }
        }
        @if let Some(s) = &p.settlement {
            // Until approved, the settlement is what approving would make.
            h2 #settlement-heading { (t(lang, if p.status == "approved" { "settlement-heading" } else { "settlement-heading-preview" })) }
            (settlement_table(lang, s))
        }
        @if let Some(c) = &p.claim {
            h2 { (t(lang, "claim-heading")) }
            p #claim { (t_args(lang, "claim-summary", &[("no", Arg::from(c.claim_no.clone())), ("amount", Arg::from(money(c.amount_ore))), ("due", Arg::from(c.due_date.clone()))]))
                " (" (t(lang, &format!("claim-status-{}", c.status))) ")" }
            @if !c.received_on.is_empty() { p { (t(lang, "claim-received-on")) ": " (c.received_on) } }
            @if !c.write_off_reason.is_empty() { p { (t(lang, "claim-write-off-reason")) ": " (c.write_off_reason) } }
            p { (link_button(ButtonKind::Secondary, &t(lang, "claim-letter"), &c.letter_href)) }
            @if c.status == "open" {
                form method="post" action={ (p.base) "/claim/received#fejl" } novalidate {
                    (csrf_field(&p.csrf))
                    (text_field(&FieldSpec::new(lang, "received_on", t(lang, "claim-received-on")).input_type("date").error(err(&p.errors, "received_on")).required()))
                    (button(ButtonKind::Secondary, &t(lang, "claim-mark-received")))
                }
                form method="post" action={ (p.base) "/claim/write-off#fejl" } novalidate {
                    (csrf_field(&p.csrf))
                    (text_field(&FieldSpec::new(lang, "write_off_reason", t(lang, "claim-write-off-reason")).error(err(&p.errors, "write_off_reason")).required()))
                    (button(ButtonKind::Warning, &t(lang, "claim-write-off")))
                }
            }
        }
        @if p.can_move_deadline {
            h2 { (t(lang, "review-deadline-heading")) }
            form method="post" action={ (p.base) "/deadline#fejl" } novalidate {
                (csrf_field(&p.csrf))
                (text_field(&FieldSpec::new(lang, "deadline", t(lang, "review-deadline-new")).input_type("date").value(p.deadline_value.clone()).error(err(&p.errors, "deadline")).required()))
                (text_field(&FieldSpec::new(lang, "deadline_reason", t(lang, "review-deadline-reason")).error(err(&p.errors, "deadline_reason")).required()))
                (button(ButtonKind::Secondary, &t(lang, "review-deadline-move")))
            }
        }
    }
}

/// The confirmation before approving: what will happen, with the settlement for a final
/// account.
pub fn confirm(
    lang: Lang,
    base: &str,
    csrf: &str,
    heading: &str,
    kind: &str,
    settlement: Option<&SettlementView>,
    before_rate: Option<i32>,
) -> Markup {
    html! {
        (crate::components::breadcrumbs(lang, &[(&t(lang, "officer-accounts-heading"), "/accounts")], heading))
        h1 { (heading) }
        p { (t(lang, &format!("review-confirm-{kind}"))) }
        @if let Some(rate) = before_rate { p { (t_args(lang, "review-confirm-rate", &[("rate", Arg::from(rate))])) } }
        @if let Some(s) = settlement { (settlement_table(lang, s)) }
        p { (t(lang, "review-confirm-mail")) }
        form method="post" action={ (base) "/review/approve" } {
            (csrf_field(csrf))
            input type="hidden" name="confirm" value="1";
            (button(ButtonKind::Primary, &t(lang, "review-approve-confirm")))
            " "
            (link_button(ButtonKind::Tertiary, &t(lang, "review-cancel"), &format!("{base}/review")))
        }
    }
}
