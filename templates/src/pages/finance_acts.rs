//! Finance acts (finanslove): the registered acts with a form to register one, and the
//! correction of one act.

use maud::{html, Markup};

use super::{err, Errors};
use crate::components::{
    button, csrf_field, data_table, error_summary, link_button, text_field, ButtonKind, FieldSpec,
};
use crate::i18n::{t, t_args, Arg, Lang};

/// A registered act as the table shows it (texts already formatted).
pub struct ActRow {
    pub year: i32,
    /// "21.12.2017"
    pub passed_on: String,
    pub reference: String,
    pub registered_by: String,
    /// Copenhagen time, "22.12.2017 09:00"
    pub registered_at: String,
}

/// The fields of a finance act as typed (kept when they are sent back).
#[derive(Clone, Debug, Default)]
pub struct ActValues {
    pub year: String,
    pub passed_on: String,
    pub reference: String,
}

pub struct ListView<'a> {
    pub csrf: &'a str,
    pub acts: &'a [ActRow],
    /// The registration form's input and what is wrong with it.
    pub values: &'a ActValues,
    pub errors: &'a Errors,
}

fn year_arg(year: i32) -> Arg {
    // As text: a year is never grouped ("2.018").
    Arg::from(year.to_string())
}

fn passed_on_field(lang: Lang, value: &str, errors: &Errors) -> Markup {
    text_field(
        &FieldSpec::new(lang, "passed_on", t(lang, "finance-act-passed-on"))
            .hint(t(lang, "finance-act-passed-on-hint"))
            .value(value)
            .error(err(errors, "passed_on"))
            .autocomplete("off")
            .required(),
    )
}

fn reference_field(lang: Lang, value: &str, errors: &Errors) -> Markup {
    text_field(
        &FieldSpec::new(lang, "reference", t(lang, "finance-act-reference"))
            .hint(t(lang, "finance-act-reference-hint"))
            .value(value)
            .error(err(errors, "reference"))
            .autocomplete("off")
            .required(),
    )
}

/// The registered acts by year, and the form to register one.
pub fn list(lang: Lang, v: &ListView) -> Markup {
    let heading = t(lang, "finance-acts-heading");
    html! {
        h1 { (heading) }
        div #fejl { (error_summary(lang, v.errors)) }
        p { (t(lang, "finance-acts-intro")) }
        @if v.acts.is_empty() {
            p #finance-acts-none { (t(lang, "finance-acts-none")) }
        } @else {
            (data_table(lang, &heading, html! {
                tr {
                    th scope="col" { (t(lang, "finance-act-year")) }
                    th scope="col" { (t(lang, "finance-act-passed-on")) }
                    th scope="col" { (t(lang, "finance-act-reference")) }
                    th scope="col" { (t(lang, "finance-act-registered-by")) }
                    th scope="col" { (t(lang, "finance-act-registered-at")) }
                    th scope="col" { span class="sr-only" { (t(lang, "finance-act-correct")) } }
                }
            }, html! {
                @for a in v.acts {
                    tr id={ "finance-act-" (a.year) } {
                        th scope="row" { (a.year) }
                        td { (a.passed_on) }
                        td { (a.reference) }
                        td { (a.registered_by) }
                        td { (a.registered_at) }
                        td { a href={ "/finance-acts/" (a.year) "/edit" } {
                            (t_args(lang, "finance-act-correct-link", &[("year", year_arg(a.year))]))
                        } }
                    }
                }
            }))
        }
        h2 #register { (t(lang, "finance-acts-register-heading")) }
        form method="post" action="/finance-acts#fejl" novalidate {
            (csrf_field(v.csrf))
            (text_field(&FieldSpec::new(lang, "year", t(lang, "finance-act-year"))
                .hint(t(lang, "finance-act-year-hint"))
                .value(v.values.year.clone())
                .error(err(v.errors, "year"))
                .inputmode("numeric")
                .autocomplete("off")
                .required()))
            (passed_on_field(lang, &v.values.passed_on, v.errors))
            (reference_field(lang, &v.values.reference, v.errors))
            (button(ButtonKind::Primary, &t(lang, "finance-acts-register")))
        }
    }
}

pub struct CorrectView<'a> {
    pub csrf: &'a str,
    pub year: i32,
    pub values: &'a ActValues,
    pub errors: &'a Errors,
}

/// The heading of the correction page (also its title).
pub fn correct_heading(lang: Lang, year: i32) -> String {
    t_args(
        lang,
        "finance-act-correct-heading",
        &[("year", year_arg(year))],
    )
}

/// The correction of one act: its date passed and its reference.
pub fn correct(lang: Lang, v: &CorrectView) -> Markup {
    html! {
        (crate::components::breadcrumbs(lang, &[(&t(lang, "nav-finance-acts"), "/finance-acts")], &correct_heading(lang, v.year)))
        h1 { (correct_heading(lang, v.year)) }
        div #fejl { (error_summary(lang, v.errors)) }
        p { (t(lang, "finance-act-correct-hint")) }
        form method="post" action={ "/finance-acts/" (v.year) "#fejl" } novalidate {
            (csrf_field(v.csrf))
            (passed_on_field(lang, &v.values.passed_on, v.errors))
            (reference_field(lang, &v.values.reference, v.errors))
            (button(ButtonKind::Primary, &t(lang, "finance-act-save")))
        }
        p { (link_button(ButtonKind::Tertiary, &t(lang, "finance-act-back"), "/finance-acts")) }
    }
}
