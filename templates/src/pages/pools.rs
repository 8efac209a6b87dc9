use maud::{html, Markup};

use super::{err, Errors};
use crate::components::{
    alert, button, checkbox, csrf_field, data_table, error_summary, link_button, select_field,
    step_indicator, text_field, AlertKind, ButtonKind, CheckboxSpec, FieldSpec, SelectSpec,
    StepState,
};
use crate::fmt;
use crate::i18n::{t, t_args, Arg, Lang};

pub struct PoolRow {
    pub id: i64,
    pub name: String,
    pub finance_account: String,
    pub amount_ore: i64,
    pub deadline: String,
    pub approved_version: Option<i32>,
}

pub fn list(lang: Lang, rows: &[PoolRow], can_create: bool) -> Markup {
    html! {
        h1 { (t(lang, "pools-heading")) }
        @if can_create {
            p { (link_button(ButtonKind::Primary, &t(lang, "pools-new"), "/pools/new")) }
        }
        @if rows.is_empty() {
            p { (t(lang, "pools-empty")) }
        } @else {
            (crate::components::data_table_quiet(lang, &t(lang, "pools-heading"), html! {
                tr {
                    th scope="col" { (t(lang, "pool-name")) }
                    th scope="col" { (t(lang, "pool-finance-account")) }
                    th scope="col" .text-align-right { (t(lang, "pool-amount")) }
                    th scope="col" { (t(lang, "pool-deadline")) }
                    th scope="col" { (t(lang, "pool-allocation")) }
                }
            }, html! {
                @for r in rows {
                    tr {
                        td { a href={ "/pools/" (r.id) } { (r.name) } }
                        td { (r.finance_account) }
                        td .text-align-right .num { (super::money(r.amount_ore)) }
                        td { (r.deadline) }
                        td {
                            @if let Some(v) = r.approved_version {
                                a href={ "/pools/" (r.id) "/allocation" } {
                                    (t_args(lang, "allocation-version-n", &[("version", Arg::from(i64::from(v)))]))
                                }
                            } @else { (t(lang, "allocation-none-approved")) }
                        }
                    }
                }
            }))
        }
    }
}

pub struct RateView {
    pub number: i32,
    pub share: String,
    pub earliest: String,
    pub amount_ore: i64,
}

pub struct VersionRow {
    pub id: i64,
    pub version_no: i32,
    /// Draft, approved or superseded, as shown.
    pub status_label: String,
    pub reason: String,
    pub created_by: String,
    pub created_at: String,
    pub approved_by: String,
    pub approved_at: String,
}

/// What the user may do from the pool's page (the routes' own access rules).
#[derive(Clone, Copy, Default)]
pub struct PoolActions {
    pub edit: bool,
    pub target_groups: bool,
    /// Run the allocation; the steps towards it are shown too.
    pub run: bool,
    /// Open the versions.
    pub versions: bool,
    pub compare: bool,
}

pub struct PoolDetail {
    pub id: i64,
    pub name: String,
    pub finance_account: String,
    pub amount_ore: i64,
    pub period: String,
    pub deadline: String,
    pub deadline_passed: bool,
    pub auditor_threshold_ore: i64,
    pub note: String,
    pub rates: Vec<RateView>,
    /// How rate 3's activity milestone is read in this pool (a sentence).
    pub activity_rule: String,
    /// Each rate with its conditions, one sentence each.
    pub rate_plan: Vec<String>,
    /// The pool's account rules, one sentence each.
    pub account_rules: Vec<String>,
    pub counted: usize,
    pub applicants: usize,
    pub applicants_total: i64,
    pub versions: Vec<VersionRow>,
    pub approved_version: Option<i32>,
    pub actions: PoolActions,
    pub csrf: String,
    pub run_errors: Errors,
    pub run_reason: String,
    /// The officer's list of applications.
    pub applications_href: Option<String>,
    /// A municipal user's own application.
    pub own_application_href: Option<String>,
    /// The pool's progression questionnaire, for those who may open it.
    pub questionnaire_href: Option<String>,
}

/// Done, current or still to do: the step after `done` steps is the current one.
fn step(done: bool, previous_done: bool) -> StepState {
    if done {
        StepState::Done
    } else if previous_done {
        StepState::Current
    } else {
        StepState::Todo
    }
}

/// The way from a pool to its approved allocation, and how far this pool has come.
fn steps(lang: Lang, p: &PoolDetail) -> Markup {
    let ran = !p.versions.is_empty();
    let steps = [
        (t(lang, "step-pool"), StepState::Done),
        (t(lang, "step-target-groups"), step(p.counted > 0, true)),
        (
            t(lang, "step-applicants"),
            step(p.applicants > 0, p.counted > 0),
        ),
        (t(lang, "step-run"), step(ran, p.applicants > 0)),
        (
            t(lang, "step-approve"),
            step(p.approved_version.is_some(), ran),
        ),
    ];
    let steps: Vec<(&str, StepState)> = steps.iter().map(|(l, s)| (l.as_str(), *s)).collect();
    step_indicator(lang, &steps)
}

fn facts(lang: Lang, p: &PoolDetail) -> Markup {
    html! {
        dl .pool-facts {
            dt { (t(lang, "pool-finance-account")) } dd { (p.finance_account) }
            dt { (t(lang, "pool-amount")) } dd { (super::money(p.amount_ore)) }
            dt { (t(lang, "pool-period")) } dd { (p.period) }
            dt { (t(lang, "pool-deadline")) } dd {
                (p.deadline) " "
                @if p.deadline_passed { span .badge { (t(lang, "pool-deadline-passed")) } }
            }
            dt { (t(lang, "pool-auditor-threshold")) } dd { (t_args(lang, "pool-auditor-rule", &[("amount", Arg::from(super::money(p.auditor_threshold_ore)))])) }
            dt { (t(lang, "pool-applicants")) } dd {
                (t_args(lang, "pool-applicants-summary", &[("count", Arg::from(p.applicants as i64)), ("total", Arg::from(fmt::number(p.applicants_total)))]))
            }
        }
    }
}

fn rates_table(lang: Lang, p: &PoolDetail) -> Markup {
    data_table(
        lang,
        &t(lang, "pool-rates"),
        html! {
            tr {
                th scope="col" { (t(lang, "rate-number")) }
                th scope="col" .text-align-right { (t(lang, "rate-share")) }
                th scope="col" { (t(lang, "rate-earliest")) }
                th scope="col" .text-align-right { (t(lang, "rate-of-pool")) }
            }
        },
        html! {
            @for r in &p.rates {
                tr {
                    td { (r.number) }
                    td .text-align-right .num { (r.share) " %" }
                    td { @if r.earliest.is_empty() { (t(lang, "rate-no-earliest")) } @else { (r.earliest) } }
                    td .text-align-right .num { (super::money(r.amount_ore)) }
                }
            }
        },
    )
}

/// The approved allocation, the applications, and the pool's own pages.
fn links(lang: Lang, p: &PoolDetail) -> Markup {
    html! {
        p {
            @if let Some(v) = p.approved_version {
                (link_button(ButtonKind::Primary, &t_args(lang, "allocation-see-approved", &[("version", Arg::from(i64::from(v)))]), &format!("/pools/{}/allocation", p.id)))
            } @else {
                (t(lang, "allocation-none-approved"))
            }
        }
        @if let Some(h) = &p.own_application_href {
            p { (link_button(ButtonKind::Primary, &t(lang, "pool-own-application"), h)) }
        }
        @if let Some(h) = &p.applications_href {
            // The applications and the payouts are both the officer's (the same access).
            p {
                (link_button(ButtonKind::Primary, &t(lang, "applications-heading-short"), h)) " "
                (link_button(ButtonKind::Secondary, &t(lang, "payout-queue-link"), &format!("/pools/{}/payouts", p.id))) " "
                (link_button(ButtonKind::Secondary, &t(lang, "ledger-link"), &format!("/pools/{}/ledger", p.id)))
            }
        }
        @if let Some(h) = &p.questionnaire_href {
            p { (link_button(ButtonKind::Secondary, &t(lang, "nav-questionnaire"), h)) }
        }
        @if p.actions.edit || p.actions.target_groups {
            p {
                @if p.actions.edit {
                    (link_button(ButtonKind::Secondary, &t(lang, "pool-edit"), &format!("/pools/{}/edit", p.id))) " "
                }
                @if p.actions.target_groups {
                    (link_button(ButtonKind::Secondary, &t(lang, "pool-target-groups"), &format!("/pools/{}/target-groups", p.id)))
                }
            }
        }
    }
}

fn run_form(lang: Lang, p: &PoolDetail) -> Markup {
    html! {
        h2 #run { (t(lang, "allocation-run-heading")) }
        p { (t(lang, "allocation-run-intro")) }
        div #fejl { (error_summary(lang, &p.run_errors)) }
        form method="post" action={ "/pools/" (p.id) "/allocations#fejl" } novalidate {
            (csrf_field(&p.csrf))
            (text_field(&FieldSpec::new(lang, "reason", t(lang, "allocation-reason"))
                .hint(t(lang, "allocation-reason-hint")).value(p.run_reason.clone())
                .error(err(&p.run_errors, "reason")).required()))
            (button(ButtonKind::Primary, &t(lang, "allocation-run")))
        }
    }
}

fn version_n(lang: Lang, version_no: i32) -> String {
    t_args(
        lang,
        "allocation-version-n",
        &[("version", Arg::from(i64::from(version_no)))],
    )
}

fn versions_table(lang: Lang, p: &PoolDetail) -> Markup {
    data_table(
        lang,
        &t(lang, "allocation-versions"),
        html! {
            tr {
                th scope="col" { (t(lang, "allocation-version")) }
                th scope="col" { (t(lang, "allocation-status")) }
                th scope="col" { (t(lang, "allocation-reason")) }
                th scope="col" { (t(lang, "allocation-run-by")) }
                th scope="col" { (t(lang, "allocation-approved-by")) }
            }
        },
        html! {
            @for v in &p.versions {
                tr {
                    td { a href={ "/allocations/" (v.id) } { (version_n(lang, v.version_no)) } }
                    td { (v.status_label) }
                    td { (v.reason) }
                    td { (v.created_by) br; small { (v.created_at) } }
                    td { (v.approved_by) br; small { (v.approved_at) } }
                }
            }
        },
    )
}

/// Picks two versions to compare; the newest against the one before it by default.
fn compare_form(lang: Lang, p: &PoolDetail) -> Markup {
    let options: Vec<(String, String)> = p
        .versions
        .iter()
        .map(|v| (v.id.to_string(), version_n(lang, v.version_no)))
        .collect();
    let pick = |name: &str, label: &str, selected: Option<&VersionRow>| {
        select_field(
            &SelectSpec::new(lang, name, t(lang, label))
                .options(options.iter().cloned())
                .selected(selected.map(|v| v.id.to_string())),
        )
    };
    html! {
        form method="get" action={ "/pools/" (p.id) "/allocations/compare" } .compare-form {
            h3 { (t(lang, "allocation-compare")) }
            (pick("a", "allocation-compare-a", p.versions.get(1)))
            (pick("b", "allocation-compare-b", p.versions.first()))
            (button(ButtonKind::Secondary, &t(lang, "allocation-compare")))
        }
    }
}

fn versions(lang: Lang, p: &PoolDetail) -> Markup {
    html! {
        h2 { (t(lang, "allocation-versions")) }
        @if p.versions.is_empty() {
            p { (t(lang, "allocation-no-versions")) }
        } @else {
            (versions_table(lang, p))
            @if p.actions.compare && p.versions.len() > 1 {
                (compare_form(lang, p))
            }
        }
    }
}

pub fn detail(lang: Lang, p: &PoolDetail) -> Markup {
    html! {
        (crate::components::breadcrumbs(lang, &[(&t(lang, "nav-pools"), "/pools")], &p.name))
        h1 { (p.name) }
        @if p.actions.run { (steps(lang, p)) }
        (facts(lang, p))
        @if !p.note.is_empty() {
            (alert(AlertKind::Warning, Some(&t(lang, "pool-note-heading")), html! { p { (p.note) } }))
        }
        h2 { (t(lang, "pool-rates")) }
        (rates_table(lang, p))
        @if !p.rate_plan.is_empty() {
            h3 { (t(lang, "pool-plan-heading")) }
            ul .pool-rate-plan {
                @for rate in &p.rate_plan { li { (rate) } }
            }
        }
        p .pool-activity-rule { (p.activity_rule) }
        @if !p.account_rules.is_empty() {
            h2 { (t(lang, "pool-account-rules")) }
            ul .pool-account-rules {
                @for rule in &p.account_rules { li { (rule) } }
            }
        }
        (links(lang, p))
        @if p.actions.run { (run_form(lang, p)) }
        @if p.actions.versions { (versions(lang, p)) }
    }
}

/// One rate row of the pool form, as typed, with its conditions.
#[derive(Clone, Default)]
pub struct RateFormValues {
    /// Percent.
    pub share: String,
    pub earliest: String,
    pub finance_act_year: String,
    pub whole_group_assessed: bool,
    pub activity_percent: String,
    pub activity_months: String,
    pub results_percent: String,
    pub final_account: bool,
}

/// One rate of the pool form: its share, date and conditions in a fieldset of their
/// own, so that six of them stay readable. Every label names the rate, for the error
/// summary and for screen readers that read a field alone.
fn rate_fieldset(lang: Lang, i: usize, r: &RateFormValues, errors: &Errors) -> Markup {
    let n = [("n", Arg::from(i as i64 + 1))];
    let name = |field: &str| format!("rate_{}_{field}", i + 1);
    let text = |field: &str, label: &str, value: &str| {
        FieldSpec::new(lang, name(field), t_args(lang, label, &n))
            .value(value.to_string())
            .error(err(errors, &name(field)))
    };
    let tick = |field: &str, label: &str, checked: bool| {
        checkbox(
            &CheckboxSpec::new(lang, name(field), t_args(lang, label, &n))
                .checked(checked)
                .error(err(errors, &name(field))),
        )
    };
    html! {
        fieldset .rate-fieldset id={ "rate-" (i + 1) } {
            legend .h4 { (t_args(lang, "rate-n", &n)) }
            div .rate-terms {
                (text_field(&text("share", "rate-share-n", &r.share).inputmode("decimal")))
                (text_field(&text("earliest", "rate-earliest-n", &r.earliest).input_type("date")))
                (text_field(&text("finance_act_year", "rate-finance-act-year-n", &r.finance_act_year).inputmode("numeric")))
            }
            div .rate-terms {
                (text_field(&text("activity_percent", "rate-activity-percent-n", &r.activity_percent).inputmode("numeric")))
                (text_field(&text("activity_months", "rate-activity-months-n", &r.activity_months).inputmode("numeric")))
                (text_field(&text("results_percent", "rate-results-percent-n", &r.results_percent).inputmode("numeric")))
            }
            (tick("whole_group_assessed", "rate-whole-group-assessed-n", r.whole_group_assessed))
            (tick("final_account", "rate-final-account-n", r.final_account))
        }
    }
}

/// The pool form's values, as typed.
#[derive(Default)]
pub struct PoolFormValues {
    pub name: String,
    pub finance_account: String,
    pub amount: String,
    pub period_start: String,
    pub period_end: String,
    pub deadline: String,
    pub auditor_threshold: String,
    pub target_group_note: String,
    pub admin_share_max: String,
    pub rates: Vec<RateFormValues>,
    /// Rate 3's reading: period in months, threshold in percent, each month or pooled.
    pub activity_months: String,
    pub activity_threshold_percent: String,
    pub activity_consecutive: bool,
    /// The account rules, as typed.
    pub interim_before_rate: String,
    pub interim_deadline_months: String,
    pub tolerance_percent: String,
    pub claim_due_days: String,
    pub reminder_offsets: String,
}

pub fn form(
    lang: Lang,
    heading: &str,
    action: &str,
    csrf: &str,
    v: &PoolFormValues,
    errors: &Errors,
) -> Markup {
    html! {
        (crate::components::breadcrumbs(lang, &[(&t(lang, "nav-pools"), "/pools")], heading))
        h1 { (heading) }
        div #fejl { (error_summary(lang, errors)) }
        form method="post" action={ (action) "#fejl" } novalidate {
            (csrf_field(csrf))
            (text_field(&FieldSpec::new(lang, "name", t(lang, "pool-name")).value(v.name.clone()).error(err(errors, "name")).required()))
            (text_field(&FieldSpec::new(lang, "finance_account", t(lang, "pool-finance-account")).hint(t(lang, "pool-finance-account-hint")).value(v.finance_account.clone()).error(err(errors, "finance_account")).required()))
            (text_field(&FieldSpec::new(lang, "amount", t(lang, "pool-amount-kr")).hint(t(lang, "pool-amount-hint")).inputmode("numeric").value(v.amount.clone()).error(err(errors, "amount")).required()))
            (text_field(&FieldSpec::new(lang, "period_start", t(lang, "pool-period-start")).input_type("date").value(v.period_start.clone()).error(err(errors, "period_start")).required()))
            (text_field(&FieldSpec::new(lang, "period_end", t(lang, "pool-period-end")).input_type("date").value(v.period_end.clone()).error(err(errors, "period_end")).required()))
            (text_field(&FieldSpec::new(lang, "deadline", t(lang, "pool-deadline")).hint(t(lang, "pool-deadline-hint")).input_type("datetime-local").value(v.deadline.clone()).error(err(errors, "deadline")).required()))
            (text_field(&FieldSpec::new(lang, "auditor_threshold", t(lang, "pool-auditor-threshold-kr")).hint(t(lang, "pool-auditor-threshold-hint")).inputmode("numeric").value(v.auditor_threshold.clone()).error(err(errors, "auditor_threshold")).required()))
            (text_field(&FieldSpec::new(lang, "target_group_note", t(lang, "pool-note")).hint(t(lang, "pool-note-hint")).value(v.target_group_note.clone()).error(err(errors, "target_group_note"))))
            (text_field(&FieldSpec::new(lang, "admin_share_max", t(lang, "pool-admin-share")).hint(t(lang, "pool-admin-share-hint")).inputmode("decimal").value(v.admin_share_max.clone()).error(err(errors, "admin_share_max"))))
            fieldset #rate-plan {
                legend .h3 { (t(lang, "pool-rates")) }
                p .form-hint { (t(lang, "pool-rates-hint")) }
                p .form-hint { (t(lang, "pool-rate-conditions-hint")) }
                @for (i, r) in v.rates.iter().enumerate() {
                    (rate_fieldset(lang, i, r, errors))
                }
            }
            fieldset #activity-rule {
                legend .h3 { (t(lang, "pool-activity-rule")) }
                p .form-hint { (t(lang, "pool-activity-rule-hint")) }
                (text_field(&FieldSpec::new(lang, "activity_months", t(lang, "pool-activity-months")).hint(t(lang, "pool-activity-months-hint")).inputmode("numeric").value(v.activity_months.clone()).error(err(errors, "activity_months")).required()))
                (text_field(&FieldSpec::new(lang, "activity_threshold_percent", t(lang, "pool-activity-threshold")).hint(t(lang, "pool-activity-threshold-hint")).inputmode("numeric").value(v.activity_threshold_percent.clone()).error(err(errors, "activity_threshold_percent")).required()))
                (select_field(&SelectSpec::new(lang, "activity_consecutive", t(lang, "pool-activity-reading"))
                    .hint(t(lang, "pool-activity-reading-hint"))
                    .options([("true", t(lang, "pool-activity-each-month")), ("false", t(lang, "pool-activity-pooled"))])
                    .selected(Some(v.activity_consecutive.to_string()))
                    .error(err(errors, "activity_consecutive"))))
            }
            fieldset #account-rules {
                legend .h3 { (t(lang, "pool-account-rules")) }
                p .form-hint { (t(lang, "pool-account-rules-hint")) }
                (text_field(&FieldSpec::new(lang, "interim_before_rate", t(lang, "pool-interim-rate")).hint(t(lang, "pool-interim-rate-hint")).inputmode("numeric").value(v.interim_before_rate.clone()).error(err(errors, "interim_before_rate"))))
                (text_field(&FieldSpec::new(lang, "interim_deadline_months", t(lang, "pool-interim-months")).hint(t(lang, "pool-interim-months-hint")).inputmode("numeric").value(v.interim_deadline_months.clone()).error(err(errors, "interim_deadline_months")).required()))
                (text_field(&FieldSpec::new(lang, "tolerance_percent", t(lang, "pool-tolerance")).hint(t(lang, "pool-tolerance-hint")).inputmode("decimal").value(v.tolerance_percent.clone()).error(err(errors, "tolerance_percent")).required()))
                (text_field(&FieldSpec::new(lang, "claim_due_days", t(lang, "pool-claim-days")).hint(t(lang, "pool-claim-days-hint")).inputmode("numeric").value(v.claim_due_days.clone()).error(err(errors, "claim_due_days")).required()))
                (text_field(&FieldSpec::new(lang, "reminder_offsets", t(lang, "pool-reminders")).hint(t(lang, "pool-reminders-hint")).value(v.reminder_offsets.clone()).error(err(errors, "reminder_offsets"))))
            }
            (button(ButtonKind::Primary, &t(lang, "save")))
        }
    }
}

pub struct CountRow {
    pub code: i32,
    pub name: String,
    pub count: Option<i64>,
    pub applied: bool,
}

pub struct TargetGroupsView {
    pub pool_id: i64,
    pub pool_name: String,
    pub note: String,
    pub rows: Vec<CountRow>,
    pub import_errors: Vec<String>,
    pub applied_error: Option<String>,
    pub csrf: String,
}

pub fn target_groups(lang: Lang, v: &TargetGroupsView) -> Markup {
    let counted = v.rows.iter().filter(|r| r.count.is_some()).count();
    let applied = v.rows.iter().filter(|r| r.applied).count();
    let total: i64 = v
        .rows
        .iter()
        .filter(|r| r.applied)
        .filter_map(|r| r.count)
        .sum();
    html! {
        @let heading = t(lang, "tg-heading");
        (super::pool_trail(lang, v.pool_id, &v.pool_name, &heading))
        h1 { (heading) }
        @if !v.note.is_empty() {
            (alert(AlertKind::Warning, Some(&t(lang, "pool-note-heading")), html! { p { (v.note) } }))
        }
        h2 { (t(lang, "tg-import-heading")) }
        p { (t(lang, "tg-import-intro")) }
        @if !v.import_errors.is_empty() {
            (alert(AlertKind::Error, Some(&t(lang, "tg-import-failed")), html! {
                ul #import-errors { @for e in &v.import_errors { li { (e) } } }
            }))
        }
        form method="post" enctype="multipart/form-data" action={ "/pools/" (v.pool_id) "/target-groups/import?csrf_token=" (v.csrf) } {
            div .form-group {
                label .form-label for="file" { (t(lang, "tg-file")) }
                input .form-input type="file" id="file" name="file" accept=".csv,text/csv" required;
            }
            (button(ButtonKind::Primary, &t(lang, "tg-import")))
        }
        h2 { (t(lang, "tg-applied-heading")) }
        p { (t_args(lang, "tg-summary", &[("counted", Arg::from(counted as i64)), ("applied", Arg::from(applied as i64)), ("total", Arg::from(fmt::number(total)))])) }
        @if let Some(e) = &v.applied_error {
            (alert(AlertKind::Error, None, html! { p { (e) } }))
        }
        form method="post" action={ "/pools/" (v.pool_id) "/target-groups/applied" } {
            (csrf_field(&v.csrf))
            (data_table(lang, &t(lang, "tg-heading"), html! {
                tr {
                    th scope="col" { (t(lang, "municipality")) }
                    th scope="col" { (t(lang, "municipality-code")) }
                    th scope="col" .text-align-right { (t(lang, "target-group")) }
                    th scope="col" { (t(lang, "tg-applied")) }
                }
            }, html! {
                @for r in &v.rows {
                    tr {
                        td { (r.name) }
                        td { (r.code) }
                        td .text-align-right .num { @if let Some(c) = r.count { (fmt::number(c)) } @else { "–" } }
                        td {
                            @if r.count.is_some() {
                                (checkbox(&CheckboxSpec::new(lang, "applied", t_args(lang, "tg-applied-for", &[("name", Arg::from(r.name.clone()))])).id(format!("applied-{}", r.code)).value(r.code.to_string()).checked(r.applied)))
                            }
                        }
                    }
                }
            }))
            (button(ButtonKind::Primary, &t(lang, "tg-save-applied")))
        }
    }
}
