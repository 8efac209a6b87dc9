//! A municipality's account (regnskab) of a commitment: what is asked of it (kind,
//! deadline, certification and its rule, documents), the form of budget against actual
//! for the finance staff while it is with the municipality, the read-only view for
//! everyone else and for submitted versions, the confirmation before submitting, and the
//! list of a commitment's accounts on the overview pages.

use maud::{html, Markup};

use super::application::{ReceiptLine, VersionLink};
use super::{err, money, Errors};
use crate::components::{
    alert, button, csrf_field, data_table, error_summary, link_button, select_field, text_field,
    AlertKind, ButtonKind, FieldSpec, SelectSpec,
};
use crate::i18n::{t, t_args, Arg, Lang};

/// A line of budget against actual: one cost item in one year.
pub struct LineView {
    pub item_key: String,
    pub label: String,
    pub year: i32,
    pub budget_ore: i64,
    /// As typed or stored, in Danish notation.
    pub actual: String,
    /// The actual spend, when it reads.
    pub actual_ore: Option<i64>,
    pub comment: String,
    /// Off its budget by more than the pool's tolerance: its comment is required.
    pub deviates: bool,
}

/// A document of the version shown.
pub struct DocumentView {
    pub purpose: String,
    pub filename: String,
    pub href: String,
}

/// A repayment claim as the municipality sees it.
pub struct ClaimView {
    pub claim_no: String,
    pub amount_ore: i64,
    pub due_date: String,
    /// open, received, written_off: the catalogue suffix (`account-claim-status-…`).
    pub status: String,
    /// The claim's letter to the municipality.
    pub letter_href: String,
}

pub struct Page {
    pub base: String,
    pub pool_id: i64,
    pub pool_name: String,
    pub municipality: String,
    /// interim or final (`account-kind-…`).
    pub kind: String,
    pub deadline: String,
    pub overdue: bool,
    /// The account's status (`account-status-…`).
    pub status: String,
    /// management or auditor (`account-certification-name-…`).
    pub certification: String,
    /// The rule that decided it, said with its figures.
    pub certification_rule: String,
    /// The documents a submission needs, as labels.
    pub required: Vec<String>,
    pub tolerance: String,
    pub sent_back_reason: Option<String>,
    /// The deadline's moves, each said as a sentence with its reason.
    pub deadline_moves: Vec<String>,
    pub version_no: Option<i32>,
    pub receipt: Option<ReceiptLine>,
    /// An earlier version than the newest is shown.
    pub earlier: bool,
    pub can_edit: bool,
    pub csrf: String,
    pub lines: Vec<LineView>,
    pub signer_name: String,
    pub signer_title: String,
    pub audit_firm: String,
    pub signed_on: String,
    pub documents: Vec<DocumentView>,
    /// (value, label) of the purposes a document may be uploaded for.
    pub purposes: Vec<(String, String)>,
    pub versions: Vec<VersionLink>,
    pub errors: Errors,
    pub problem: Option<String>,
    pub flash: Option<String>,
    pub claim: Option<ClaimView>,
    pub document_limit_mb: usize,
}

pub fn kind_label(lang: Lang, kind: &str) -> String {
    t(lang, &format!("account-kind-{kind}"))
}

pub fn status_label(lang: Lang, status: &str) -> String {
    t(
        lang,
        &format!("account-status-{}", status.replace('_', "-")),
    )
}

fn facts(lang: Lang, p: &Page) -> Markup {
    html! {
        dl .pool-facts {
            dt { (t(lang, "account-deadline")) }
            dd #deadline {
                (p.deadline) @if p.overdue { " " span .badge { (t(lang, "account-overdue")) } }
                @for m in &p.deadline_moves { br; span .form-hint .deadline-move { (m) } }
            }
            dt { (t(lang, "allocation-status")) }
            dd #status {
                @match p.version_no {
                    Some(v) => (t_args(lang, "account-status-version", &[("status", Arg::from(status_label(lang, &p.status))), ("version", Arg::from(i64::from(v)))])),
                    None => (status_label(lang, &p.status)),
                }
            }
            dt { (t(lang, "account-certification")) }
            dd #certification { strong { (t(lang, &format!("account-certification-name-{}", p.certification))) } br; span #certification-rule { (p.certification_rule) } }
            dt { (t(lang, "account-required-documents")) }
            dd #required { ul .nobullet-list { @for d in &p.required { li { (d) } } } }
            @if let Some(r) = &p.receipt {
                dt { (t(lang, "application-receipt")) }
                dd #receipt { (t_args(lang, "application-receipt-text", &[("no", Arg::from(r.receipt_no.clone())), ("at", Arg::from(r.submitted_at.clone()))])) }
            }
        }
    }
}

fn claim(lang: Lang, c: &ClaimView) -> Markup {
    html! {
        h2 { (t(lang, "account-claim-heading")) }
        p #claim {
            (t_args(lang, "account-claim-text", &[("no", Arg::from(c.claim_no.clone())), ("amount", Arg::from(money(c.amount_ore))), ("due", Arg::from(c.due_date.clone()))]))
            " (" (t(lang, &format!("account-claim-status-{}", c.status.replace('_', "-")))) ")"
        }
        p { a #claim-letter href=(c.letter_href) { (t(lang, "account-claim-letter")) } }
    }
}

pub fn page(lang: Lang, p: &Page) -> Markup {
    html! {
        @let heading = t_args(lang, "account-heading", &[("kind", Arg::from(kind_label(lang, &p.kind))), ("municipality", Arg::from(p.municipality.clone()))]);
        (super::pool_trail(lang, p.pool_id, &p.pool_name, &heading))
        h1 { (heading) }
        @if let Some(f) = &p.flash { (alert(AlertKind::Success, None, html! { p #flash { (f) } })) }
        @if let Some(pr) = &p.problem { (alert(AlertKind::Error, None, html! { p #problem { (pr) } })) }
        @if let Some(r) = &p.sent_back_reason {
            @if p.status == "sent_back" {
                (alert(AlertKind::Warning, Some(&t(lang, "account-sent-back")), html! { p #sent-back-reason { (r) } }))
            }
        }
        @if p.earlier { (alert(AlertKind::Info, None, html! { p #earlier { (t(lang, "account-earlier-version")) } })) }
        (facts(lang, p))
        @if let Some(c) = &p.claim { (claim(lang, c)) }
        @if p.can_edit { (form(lang, p)) } @else { (read_only(lang, p)) }
        @if p.versions.len() > 1 || p.versions.iter().any(|v| !v.submitted_at.is_empty()) {
            h2 { (t(lang, "application-versions")) }
            ul #versions {
                @for v in &p.versions {
                    li {
                        @let label = t_args(lang, "allocation-version-n", &[("version", Arg::from(i64::from(v.version_no)))]);
                        @if v.current { strong { (label) } } @else { a href=(v.href) { (label) } }
                        @if v.submitted_at.is_empty() { " – " (t(lang, "account-status-draft")) } @else { " – " (t_args(lang, "application-version-submitted", &[("at", Arg::from(v.submitted_at.clone()))])) }
                    }
                }
            }
        }
    }
}

fn lines_table(lang: Lang, p: &Page, editable: bool) -> Markup {
    let budget: i64 = p.lines.iter().map(|l| l.budget_ore).sum();
    let actual: i64 = p.lines.iter().filter_map(|l| l.actual_ore).sum();
    html! {
        (crate::components::data_table_quiet(lang, &t(lang, "account-lines"), html! {
            tr {
                th scope="col" { (t(lang, "application-cost-item")) }
                th scope="col" { (t(lang, "commitment-year")) }
                th scope="col" .text-align-right { (t(lang, "account-budget")) }
                th scope="col" .text-align-right { (t(lang, "account-actual")) }
                th scope="col" { (t(lang, "account-comment")) }
            }
        }, html! {
            @for l in &p.lines {
                @let actual_name = format!("actual_{}_{}", l.item_key, l.year);
                @let comment_name = format!("comment_{}_{}", l.item_key, l.year);
                tr .deviates[l.deviates] {
                    th scope="row" { (l.label) }
                    td { (l.year) }
                    td .text-align-right .num { (money(l.budget_ore)) }
                    td .text-align-right {
                        @if editable {
                            @let e = err(&p.errors, &actual_name);
                            label .sr-only for=(actual_name) { (l.label) " " (l.year) }
                            input .form-input .input-amount .input-error[e.is_some()] type="text" inputmode="decimal" id=(actual_name) name=(actual_name) value=(l.actual) aria-invalid=[e.as_ref().map(|_| "true")] aria-describedby=[e.as_ref().map(|_| format!("{actual_name}-error"))];
                            @if let Some(e) = e { span .form-error-message id={ (actual_name) "-error" } { (e) } }
                        } @else { span .num { @if let Some(o) = l.actual_ore { (money(o)) } } }
                    }
                    td {
                        @if editable {
                            @let e = err(&p.errors, &comment_name);
                            label .sr-only for=(comment_name) { (t(lang, "account-comment")) " – " (l.label) " " (l.year) }
                            input .form-input .input-comment .input-wide .input-error[e.is_some()] type="text" id=(comment_name) name=(comment_name) value=(l.comment) aria-invalid=[e.as_ref().map(|_| "true")] aria-describedby=[e.as_ref().map(|_| format!("{comment_name}-error"))];
                            @if let Some(e) = e { span .form-error-message id={ (comment_name) "-error" } { (e) } }
                        } @else { (l.comment) }
                        @if l.deviates { " " span .badge .deviation { (t(lang, "account-deviates")) } }
                    }
                }
            }
            tr .sum-row { th scope="row" colspan="2" { (t(lang, "total")) } td .text-align-right .num #budget-total { (money(budget)) } td .text-align-right .num #actual-total { (money(actual)) } td {} }
        }))
        p .form-hint { (t_args(lang, "account-tolerance-rule", &[("tolerance", Arg::from(p.tolerance.clone()))])) }
    }
}

fn documents(lang: Lang, p: &Page) -> Markup {
    html! {
        h2 { (t(lang, "account-documents")) }
        @if let Some(e) = err(&p.errors, "documents") { p .form-error-message { (e) } }
        @for (field, e) in p.errors.iter().filter(|(f, _)| f.starts_with("document_")) {
            p .form-error-message id=(field) { (e) }
        }
        @if p.documents.is_empty() { p #no-documents { (t(lang, "account-no-documents")) } } @else {
            ul #documents { @for d in &p.documents { li { (d.purpose) ": " a href=(d.href) { (d.filename) } } } }
        }
    }
}

/// The label of the field an error belongs to, where the message alone does not say
/// which of the many fields it is: a line's amount or comment, a signature field, a
/// required document.
fn field_label(lang: Lang, p: &Page, field: &str) -> Option<String> {
    let auditor = p.certification == "auditor";
    for l in &p.lines {
        let row = format!("{} {}", l.label, l.year);
        if field == format!("actual_{}_{}", l.item_key, l.year) {
            return Some(row);
        }
        if field == format!("comment_{}_{}", l.item_key, l.year) {
            return Some(format!("{} – {row}", t(lang, "account-comment")));
        }
    }
    if let Some(purpose) = field.strip_prefix("document_") {
        return p
            .purposes
            .iter()
            .find(|(value, _)| value == purpose)
            .map(|(_, label)| label.clone());
    }
    let key = match field {
        "audit_firm" => "account-audit-firm",
        "signer_name" if auditor => "account-auditor-name",
        "signer_name" => "account-manager-name",
        "signer_title" => "account-manager-title",
        "signed_on" => "account-signed-on",
        "purpose" => "account-purpose",
        "file" => "account-file",
        _ => return None,
    };
    Some(t(lang, key))
}

/// The error summary's lines: each message with the field it belongs to.
fn summary(lang: Lang, p: &Page) -> Errors {
    super::labelled_summary(lang, &p.errors, |field| field_label(lang, p, field))
}

fn form(lang: Lang, p: &Page) -> Markup {
    let auditor = p.certification == "auditor";
    html! {
        // The action's fragment brings a reader back to the summary without JavaScript.
        div #fejl { (error_summary(lang, &summary(lang, p))) }
        form method="post" action={ (p.base) "/save#fejl" } novalidate {
            (csrf_field(&p.csrf))
            h2 { (t(lang, "account-lines")) }
            p { (t(lang, "account-lines-intro")) }
            @if let Some(e) = err(&p.errors, "lines") { p #lines .form-error-message { (e) } }
            (lines_table(lang, p, true))
            h2 { (t(lang, "account-signature")) }
            @if auditor {
                (text_field(&FieldSpec::new(lang, "audit_firm", t(lang, "account-audit-firm")).value(p.audit_firm.clone()).error(err(&p.errors, "audit_firm"))))
                (text_field(&FieldSpec::new(lang, "signer_name", t(lang, "account-auditor-name")).value(p.signer_name.clone()).error(err(&p.errors, "signer_name"))))
            } @else {
                (text_field(&FieldSpec::new(lang, "signer_name", t(lang, "account-manager-name")).value(p.signer_name.clone()).error(err(&p.errors, "signer_name"))))
                (text_field(&FieldSpec::new(lang, "signer_title", t(lang, "account-manager-title")).value(p.signer_title.clone()).error(err(&p.errors, "signer_title"))))
            }
            (text_field(&FieldSpec::new(lang, "signed_on", t(lang, "account-signed-on")).input_type("date").value(p.signed_on.clone()).error(err(&p.errors, "signed_on"))))
            p {
                (button(ButtonKind::Secondary, &t(lang, "application-save")))
                " "
                button .button .button-primary type="submit" name="next" value="confirm" { (t(lang, "account-to-submit")) }
            }
        }
        (documents(lang, p))
        h3 { (t(lang, "account-upload-heading")) }
        @if let Some(e) = err(&p.errors, "file") { p #file .form-error-message { (e) } }
        form method="post" action={ (p.base) "/documents?csrf_token=" (p.csrf) } enctype="multipart/form-data" {
            (select_field(&SelectSpec::new(lang, "purpose", t(lang, "account-purpose")).options(p.purposes.clone()).error(err(&p.errors, "purpose"))))
            div .form-group {
                label .form-label for="document-file" { (t(lang, "account-file")) }
                span .form-hint { (t_args(lang, "account-file-hint", &[("limit_mb", Arg::from(p.document_limit_mb as i64))])) }
                input .form-input type="file" id="document-file" name="file" accept="application/pdf,.pdf";
            }
            (button(ButtonKind::Secondary, &t(lang, "account-upload")))
        }
        h3 { (t(lang, "account-csv-heading")) }
        p { (t(lang, "account-csv-intro")) " " a #csv-template href={ (p.base) "/lines.csv" } { (t(lang, "account-csv-template")) } }
        @for (_, e) in p.errors.iter().filter(|(f, _)| f == "csv") { p .form-error-message .csv-error { (e) } }
        form method="post" action={ (p.base) "/lines?csrf_token=" (p.csrf) } enctype="multipart/form-data" {
            div .form-group {
                label .form-label for="csv" { (t(lang, "account-csv-file")) }
                input .form-input type="file" id="csv" name="file" accept=".csv,text/csv";
            }
            (button(ButtonKind::Secondary, &t(lang, "account-csv-upload")))
        }
    }
}

fn read_only(lang: Lang, p: &Page) -> Markup {
    html! {
        @if p.version_no.is_some() {
            h2 { (t(lang, "account-lines")) }
            (lines_table(lang, p, false))
            h2 { (t(lang, "account-signature")) }
            p #signature {
                @if !p.audit_firm.is_empty() { (p.audit_firm) ", " }
                (p.signer_name) @if !p.signer_title.is_empty() { ", " (p.signer_title) }
                @if !p.signed_on.is_empty() { " – " (p.signed_on) }
            }
            (documents(lang, p))
        } @else {
            p #not-started { (t(lang, "account-not-started")) }
        }
    }
}

/// The confirmation before submitting: what will be sent and that it will be frozen.
pub fn confirm(lang: Lang, p: &Page) -> Markup {
    html! {
        @let heading = t_args(lang, "account-confirm-heading", &[("kind", Arg::from(kind_label(lang, &p.kind))), ("municipality", Arg::from(p.municipality.clone()))]);
        @let account = t_args(lang, "account-heading", &[("kind", Arg::from(kind_label(lang, &p.kind))), ("municipality", Arg::from(p.municipality.clone()))]);
        @let pool_href = format!("/pools/{}", p.pool_id);
        (crate::components::breadcrumbs(lang, &[(&t(lang, "nav-pools"), "/pools"), (&p.pool_name, &pool_href), (&account, &p.base)], &heading))
        h1 { (heading) }
        (facts(lang, p))
        (alert(AlertKind::Warning, None, html! { p #freeze { (t_args(lang, "account-confirm-freeze", &[("version", Arg::from(i64::from(p.version_no.unwrap_or(1))))])) } }))
        (lines_table(lang, p, false))
        (documents(lang, p))
        form method="post" action={ (p.base) "/submit" } {
            (csrf_field(&p.csrf))
            (button(ButtonKind::Primary, &t(lang, "account-submit")))
            " "
            (link_button(ButtonKind::Secondary, &t(lang, "account-back"), &p.base))
        }
    }
}

/// An account in the lists of the municipality's page and the application's page.
pub struct AccountLine {
    pub kind: String,
    pub deadline: String,
    pub overdue: bool,
    pub status: String,
    pub certification: String,
    pub href: String,
    pub claim: Option<ClaimView>,
}

pub fn account_list(lang: Lang, caption: &str, id: &str, accounts: &[AccountLine]) -> Markup {
    if accounts.is_empty() {
        return html! {};
    }
    html! {
        (data_table(lang, caption, html! {
            tr {
                th scope="col" { (t(lang, "account-kind")) }
                th scope="col" { (t(lang, "account-deadline")) }
                th scope="col" { (t(lang, "allocation-status")) }
                th scope="col" { (t(lang, "account-certification")) }
                th scope="col" { (t(lang, "account-claim-heading")) }
            }
        }, html! {
            @for a in accounts {
                tr .account-line id={ (id) "-" (a.kind) } {
                    td { a href=(a.href) { (kind_label(lang, &a.kind)) } }
                    td { (a.deadline) @if a.overdue { " " span .badge { (t(lang, "account-overdue")) } } }
                    td { (status_label(lang, &a.status)) }
                    td { (t(lang, &format!("account-certification-name-{}", a.certification))) }
                    td { @if let Some(c) = &a.claim {
                        (t_args(lang, "account-claim-text", &[("no", Arg::from(c.claim_no.clone())), ("amount", Arg::from(money(c.amount_ore))), ("due", Arg::from(c.due_date.clone()))]))
                        " (" (t(lang, &format!("account-claim-status-{}", c.status.replace('_', "-")))) ") "
                        a .claim-letter href=(c.letter_href) { (t(lang, "account-claim-letter")) }
                    } @else { "–" } }
                }
            }
        }))
    }
}
