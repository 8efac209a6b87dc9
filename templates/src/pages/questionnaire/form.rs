//! The measurement form: who (a CPR number typed, or the pseudonym of one already read),
//! which measurement, when, why the citizen left (for an exit), and one field per question
//! of the current set. Radio buttons for scales, yes/no and choices; a number field for
//! numbers. No CPR number is ever written into the page: after an error the form keeps
//! the citizen as the hidden pseudonym and says so.

use maud::{html, Markup};

use super::{illustration, top};
use crate::components::{
    alert, button, csrf_field, error_summary, link_button, select_field, text_field, AlertKind,
    ButtonKind, FieldSpec, SelectSpec,
};
use crate::i18n::{t, t_args, Arg, Lang};
use crate::pages::{err, labelled_summary, Errors};

/// A radio button's value and label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// How a question is answered in the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// One radio per choice (a scale's values with the end labels, yes/no, the options).
    Radios(Vec<Choice>),
    /// A whole number between the bounds.
    Number { min: i64, max: i64 },
}

pub struct FormQuestion {
    pub code: String,
    /// The field's name and id: `q-{code}`.
    pub field: String,
    pub text: String,
    pub required: bool,
    pub input: Input,
    /// What was chosen or typed.
    pub value: String,
    /// A hint under the question ("Et helt tal fra 0 til 37").
    pub hint: Option<String>,
}

/// Why the person is known without a CPR number on the page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Person {
    /// No one yet: the CPR number must be typed.
    #[default]
    None,
    /// Chosen from the municipality's list (a link's `person`).
    FromList,
    /// The CPR number typed in the last round was read; it is not shown again.
    Received,
}

pub struct FormView {
    pub trail: Vec<(String, String)>,
    pub heading: String,
    /// "Horsens · spørgeramme version 3"
    pub subheading: String,
    pub illustration: bool,
    pub action: String,
    pub csrf: String,
    pub back_href: String,
    /// The pseudonym (hexadecimal) carried in the hidden `person` field, or empty.
    pub person: String,
    pub person_state: Person,
    /// The first digits of the pseudonym, to recognise the person from the list.
    pub person_short: String,
    pub kind: String,
    pub kinds: Vec<Choice>,
    pub date: String,
    pub exit_reason: String,
    pub exit_reasons: Vec<Choice>,
    pub questions: Vec<FormQuestion>,
    pub errors: Errors,
}

/// A group of radio buttons in a fieldset: the first button's id is the field's name,
/// so the error summary's link lands on it.
fn radios(
    lang: Lang,
    name: &str,
    legend: &str,
    hint: Option<&str>,
    choices: &[Choice],
    value: &str,
    error: Option<&str>,
) -> Markup {
    let hint_id = format!("{name}-hint");
    let error_id = format!("{name}-error");
    let described: Vec<&str> = [
        hint.map(|_| hint_id.as_str()),
        error.map(|_| error_id.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let described = (!described.is_empty()).then(|| described.join(" "));
    html! {
        div class=(if error.is_some() { "form-group form-error" } else { "form-group" }) {
            fieldset aria-describedby=[described] {
                legend .form-label { (legend) }
                @if let Some(h) = hint { span .form-hint id=(hint_id) { (h) } }
                @if let Some(e) = error {
                    span .form-error-message id=(error_id) {
                        span .sr-only { (t(lang, "field-error-prefix")) " " }
                        (e)
                    }
                }
                @for (i, c) in choices.iter().enumerate() {
                    @let id = if i == 0 { name.to_owned() } else { format!("{name}-{}", i + 1) };
                    div .form-group-radio {
                        input .form-radio type="radio" id=(id) name=(name) value=(c.value)
                            checked[c.value == value]
                            aria-invalid=[error.map(|_| "true")];
                        label for=(id) { (c.label) }
                    }
                }
            }
        }
    }
}

fn question(lang: Lang, number: usize, q: &FormQuestion, errors: &Errors) -> Markup {
    let legend = format!("{number}. {}", q.text);
    let required = t(
        lang,
        if q.required {
            "questionnaire-form-required"
        } else {
            "questionnaire-form-optional"
        },
    );
    let range = match q.input {
        Input::Number { min, max } => Some(t_args(
            lang,
            "questionnaire-form-number-hint",
            &[("min", Arg::Int(min)), ("max", Arg::Int(max))],
        )),
        Input::Radios(_) => None,
    };
    let hint = [Some(required), q.hint.clone(), range]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let error = err(errors, &q.field);
    match &q.input {
        Input::Radios(choices) => {
            let mut all = choices.clone();
            if !q.required {
                // Without script a chosen radio cannot be unchosen: "not answered" is
                // a choice of its own.
                all.push(Choice {
                    value: String::new(),
                    label: t(lang, "questionnaire-form-unanswered"),
                });
            }
            radios(
                lang,
                &q.field,
                &legend,
                Some(&hint),
                &all,
                &q.value,
                error.as_deref(),
            )
        }
        Input::Number { min, max } => number_field(
            lang,
            &q.field,
            &legend,
            &hint,
            (*min, *max),
            &q.value,
            error.as_deref(),
        ),
    }
}

/// A whole number between `bounds`, wired up like `components::text_field`.
fn number_field(
    lang: Lang,
    name: &str,
    label: &str,
    hint: &str,
    bounds: (i64, i64),
    value: &str,
    error: Option<&str>,
) -> Markup {
    let hint_id = format!("{name}-hint");
    let error_id = format!("{name}-error");
    let described = match error {
        Some(_) => format!("{hint_id} {error_id}"),
        None => hint_id.clone(),
    };
    html! {
        div class=(if error.is_some() { "form-group form-error" } else { "form-group" }) {
            label .form-label for=(name) { (label) }
            span .form-hint id=(hint_id) { (hint) }
            @if let Some(e) = error {
                span .form-error-message id=(error_id) {
                    span .sr-only { (t(lang, "field-error-prefix")) " " }
                    (e)
                }
            }
            input .form-input .input-width-xs type="number" id=(name) name=(name)
                min=(bounds.0) max=(bounds.1) step="1" inputmode="numeric"
                value=[(!value.is_empty()).then_some(value)]
                aria-invalid=[error.map(|_| "true")]
                aria-describedby=(described);
        }
    }
}

/// The error summary's lines, each led by its field's name.
fn summary(lang: Lang, v: &FormView) -> Errors {
    labelled_summary(lang, &v.errors, |field| match field {
        "cpr" => Some(t(lang, "questionnaire-form-cpr")),
        "kind" => Some(t(lang, "questionnaire-form-kind")),
        "date" => Some(t(lang, "questionnaire-form-date")),
        "exit_reason" => Some(t(lang, "questionnaire-form-exit-reason")),
        other => v.questions.iter().position(|q| q.field == other).map(|i| {
            t_args(
                lang,
                "questionnaire-form-question-n",
                &[("n", Arg::Int(i as i64 + 1))],
            )
        }),
    })
}

/// The measurement form.
pub fn form(lang: Lang, v: &FormView) -> Markup {
    let cpr_hint = match v.person_state {
        Person::None => t(lang, "questionnaire-form-cpr-hint"),
        _ => t(lang, "questionnaire-form-cpr-change"),
    };
    let mut exit_reasons = vec![(String::new(), t(lang, "questionnaire-form-no-exit-reason"))];
    exit_reasons.extend(
        v.exit_reasons
            .iter()
            .map(|c| (c.value.clone(), c.label.clone())),
    );
    html! {
        (top(lang, &v.trail, &v.heading))
        p .subheading { (v.subheading) }
        (illustration(lang, v.illustration))
        div #fejl { (error_summary(lang, &summary(lang, v))) }
        form method="post" action={ (v.action) "#fejl" } novalidate autocomplete="off" {
            (csrf_field(&v.csrf))
            @if !v.person.is_empty() {
                input type="hidden" name="person" value=(v.person);
                @if v.person_state == Person::Received {
                    input type="hidden" name="person_from" value="cpr";
                }
            }
            @match v.person_state {
                Person::Received => {
                    (alert(AlertKind::Info, None, html! {
                        p #cpr-received { (t(lang, "questionnaire-form-cpr-received")) " " code .pseudonym title=(v.person) { (v.person_short) "…" } }
                    }))
                }
                Person::FromList => {
                    (alert(AlertKind::Info, None, html! {
                        p #person-from-list { (t(lang, "questionnaire-form-person-from-list")) " " code .pseudonym title=(v.person) { (v.person_short) "…" } }
                    }))
                }
                Person::None => {}
            }
            // Never a value: a CPR number is not written back into a page.
            (text_field(&FieldSpec::new(lang, "cpr", t(lang, "questionnaire-form-cpr"))
                .hint(cpr_hint)
                .autocomplete("off")
                .inputmode("numeric")
                .error(err(&v.errors, "cpr"))))
            (radios(lang, "kind", &t(lang, "questionnaire-form-kind"), None, &v.kinds, &v.kind, err(&v.errors, "kind").as_deref()))
            (text_field(&FieldSpec::new(lang, "date", t(lang, "questionnaire-form-date"))
                .input_type("date")
                .hint(t(lang, "questionnaire-form-date-hint"))
                .value(v.date.clone())
                .error(err(&v.errors, "date"))))
            (select_field(&SelectSpec::new(lang, "exit_reason", t(lang, "questionnaire-form-exit-reason"))
                .hint(t(lang, "questionnaire-form-exit-reason-hint"))
                .options(exit_reasons)
                .selected(Some(v.exit_reason.clone()))
                .error(err(&v.errors, "exit_reason"))))
            h2 #questions { (t(lang, "questionnaire-form-questions")) }
            @for (i, q) in v.questions.iter().enumerate() {
                (question(lang, i + 1, q, &v.errors))
            }
            p {
                (button(ButtonKind::Primary, &t(lang, "questionnaire-form-save"))) " "
                (link_button(ButtonKind::Secondary, &t(lang, "questionnaire-form-cancel"), &v.back_href))
            }
        }
    }
}
