//! Form fields, the error summary and the CSRF field.

use maud::{html, Markup};

use super::icon_labelled;
use crate::i18n::{t, Lang};

/// Name of the hidden CSRF form field; the app checks it on every POST.
pub const CSRF_FIELD: &str = "csrf_token";

/// A text-like input. Build with [`FieldSpec::new`] and the setters, or as a struct
/// literal with `..FieldSpec::new(lang, name, label)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldSpec {
    pub lang: Lang,
    /// Form field name; also the default `id`.
    pub name: String,
    pub id: String,
    pub label: String,
    pub value: String,
    pub error: Option<String>,
    pub hint: Option<String>,
    /// `text`, `number`, `password`, `date`, `datetime-local`, `email`, …
    pub input_type: &'static str,
    pub required: bool,
    pub autocomplete: Option<&'static str>,
    /// e.g. `numeric` or `decimal` for amounts typed into a `text` input.
    pub inputmode: Option<&'static str>,
}

impl FieldSpec {
    pub fn new(lang: Lang, name: impl Into<String>, label: impl Into<String>) -> Self {
        let name = name.into();
        FieldSpec {
            lang,
            id: name.clone(),
            name,
            label: label.into(),
            value: String::new(),
            error: None,
            hint: None,
            input_type: "text",
            required: false,
            autocomplete: None,
            inputmode: None,
        }
    }

    pub fn value(mut self, value: impl Into<String>) -> Self {
        self.value = value.into();
        self
    }

    pub fn error(mut self, error: Option<String>) -> Self {
        self.error = error;
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn input_type(mut self, input_type: &'static str) -> Self {
        self.input_type = input_type;
        self
    }

    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub fn autocomplete(mut self, token: &'static str) -> Self {
        self.autocomplete = Some(token);
        self
    }

    pub fn inputmode(mut self, mode: &'static str) -> Self {
        self.inputmode = Some(mode);
        self
    }

    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = id.into();
        self
    }

    /// A text of several lines (a reason, an explanation): a `textarea`.
    pub fn multiline(mut self) -> Self {
        self.input_type = "textarea";
        self
    }
}

/// A select. `options` are `(value, label)` pairs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SelectSpec {
    pub lang: Lang,
    pub name: String,
    pub id: String,
    pub label: String,
    pub options: Vec<(String, String)>,
    pub selected: Option<String>,
    pub error: Option<String>,
    pub hint: Option<String>,
    pub required: bool,
    /// Adds a first, empty option labelled "Vælg"/"Choose".
    pub placeholder: bool,
}

impl SelectSpec {
    pub fn new(lang: Lang, name: impl Into<String>, label: impl Into<String>) -> Self {
        let name = name.into();
        SelectSpec {
            lang,
            id: name.clone(),
            name,
            label: label.into(),
            options: Vec::new(),
            selected: None,
            error: None,
            hint: None,
            required: false,
            placeholder: false,
        }
    }

    pub fn options<V: Into<String>, L: Into<String>>(
        mut self,
        options: impl IntoIterator<Item = (V, L)>,
    ) -> Self {
        self.options = options
            .into_iter()
            .map(|(v, l)| (v.into(), l.into()))
            .collect();
        self
    }

    pub fn selected(mut self, value: Option<String>) -> Self {
        self.selected = value;
        self
    }

    pub fn error(mut self, error: Option<String>) -> Self {
        self.error = error;
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub fn placeholder(mut self) -> Self {
        self.placeholder = true;
        self
    }

    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = id.into();
        self
    }
}

/// A single checkbox, submitted as `name=value` when ticked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckboxSpec {
    pub lang: Lang,
    pub name: String,
    pub id: String,
    pub value: String,
    pub label: String,
    pub checked: bool,
    pub error: Option<String>,
    pub hint: Option<String>,
}

impl CheckboxSpec {
    /// Value defaults to `on`; id to the name (set a distinct id for checkbox groups).
    pub fn new(lang: Lang, name: impl Into<String>, label: impl Into<String>) -> Self {
        let name = name.into();
        CheckboxSpec {
            lang,
            id: name.clone(),
            name,
            value: "on".to_owned(),
            label: label.into(),
            checked: false,
            error: None,
            hint: None,
        }
    }

    pub fn value(mut self, value: impl Into<String>) -> Self {
        self.value = value.into();
        self
    }

    pub fn checked(mut self, checked: bool) -> Self {
        self.checked = checked;
        self
    }

    pub fn error(mut self, error: Option<String>) -> Self {
        self.error = error;
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = id.into();
        self
    }
}

fn hint_id(id: &str) -> String {
    format!("{id}-hint")
}

fn error_id(id: &str) -> String {
    format!("{id}-error")
}

/// `aria-describedby` for a control: hint first, then error, or none.
fn described_by(id: &str, hint: bool, error: bool) -> Option<String> {
    let ids: Vec<String> = [hint.then(|| hint_id(id)), error.then(|| error_id(id))]
        .into_iter()
        .flatten()
        .collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

fn group_class(error: bool) -> &'static str {
    if error {
        "form-group form-error"
    } else {
        "form-group"
    }
}

fn hint_and_error(lang: Lang, id: &str, hint: Option<&str>, error: Option<&str>) -> Markup {
    html! {
        @if let Some(h) = hint {
            span class="form-hint" id=(hint_id(id)) { (h) }
        }
        @if let Some(e) = error {
            span class="form-error-message" id=(error_id(id)) {
                span class="sr-only" { (t(lang, "field-error-prefix")) " " }
                (e)
            }
        }
    }
}

/// Label, optional hint and error message, and the input, tied together with
/// `for`/`id` and `aria-describedby`. A password's value is never echoed back.
pub fn text_field(spec: &FieldSpec) -> Markup {
    let has_error = spec.error.is_some();
    let value =
        (spec.input_type != "password" && !spec.value.is_empty()).then_some(spec.value.as_str());
    html! {
        div class=(group_class(has_error)) {
            label class="form-label" for=(spec.id) { (spec.label) }
            (hint_and_error(spec.lang, &spec.id, spec.hint.as_deref(), spec.error.as_deref()))
            @if spec.input_type == "textarea" {
                textarea id=(spec.id) name=(spec.name) class="form-input" rows="4"
                    required[spec.required]
                    aria-invalid=[has_error.then_some("true")]
                    aria-describedby=[described_by(&spec.id, spec.hint.is_some(), has_error)] { (spec.value) }
            } @else {
                input type=(spec.input_type) id=(spec.id) name=(spec.name) class="form-input"
                    value=[value]
                    required[spec.required]
                    autocomplete=[spec.autocomplete]
                    inputmode=[spec.inputmode]
                    aria-invalid=[has_error.then_some("true")]
                    aria-describedby=[described_by(&spec.id, spec.hint.is_some(), has_error)];
            }
        }
    }
}

/// A DKFDS select with label, hint and error wired up like [`text_field`].
pub fn select_field(spec: &SelectSpec) -> Markup {
    let has_error = spec.error.is_some();
    html! {
        div class=(group_class(has_error)) {
            label class="form-label" for=(spec.id) { (spec.label) }
            (hint_and_error(spec.lang, &spec.id, spec.hint.as_deref(), spec.error.as_deref()))
            select class="form-select" id=(spec.id) name=(spec.name)
                required[spec.required]
                aria-invalid=[has_error.then_some("true")]
                aria-describedby=[described_by(&spec.id, spec.hint.is_some(), has_error)] {
                @if spec.placeholder {
                    option value="" selected[spec.selected.is_none()] { (t(spec.lang, "select-placeholder")) }
                }
                @for (value, label) in &spec.options {
                    option value=(value) selected[spec.selected.as_deref() == Some(value.as_str())] { (label) }
                }
            }
        }
    }
}

/// A DKFDS checkbox. With an error it is wrapped in a `form-group form-error`.
pub fn checkbox(spec: &CheckboxSpec) -> Markup {
    let has_error = spec.error.is_some();
    let inner = html! {
        div class="form-group-checkbox" {
            input type="checkbox" id=(spec.id) name=(spec.name) value=(spec.value) class="form-checkbox"
                checked[spec.checked]
                aria-invalid=[has_error.then_some("true")]
                aria-describedby=[described_by(&spec.id, spec.hint.is_some(), has_error)];
            label class="form-label" for=(spec.id) { (spec.label) }
            @if let Some(h) = &spec.hint {
                span class="form-hint" id=(hint_id(&spec.id)) { (h) }
            }
        }
    };
    html! {
        @if let Some(e) = &spec.error {
            div class="form-group form-error" {
                span class="form-error-message" id=(error_id(&spec.id)) {
                    span class="sr-only" { (t(spec.lang, "field-error-prefix")) " " }
                    (e)
                }
                (inner)
            }
        } @else {
            (inner)
        }
    }
}

/// The hidden CSRF token field for a POST form.
pub fn csrf_field(token: &str) -> Markup {
    html! { input type="hidden" name=(CSRF_FIELD) value=(token); }
}

/// DKFDS error summary ("Der er problemer") listing each `(field id, message)` as a
/// link to the field. Renders nothing when there are no errors. Place it first in
/// `main`, above the form.
/// The id of the error summary's heading; a page that has it is titled "Fejl: …".
pub const ERROR_SUMMARY_ID: &str = "id=\"error-summary-heading\"";

pub fn error_summary<F: AsRef<str>, M: AsRef<str>>(lang: Lang, errors: &[(F, M)]) -> Markup {
    if errors.is_empty() {
        return html! {};
    }
    html! {
        div class="alert alert-error" role="alert" aria-labelledby="error-summary-heading"
            data-module="error-summary" tabindex="-1" {
            (icon_labelled("error", &t(lang, "alert-error"), Some("alert-icon")))
            div class="alert-body" {
                h2 class="alert-heading" id="error-summary-heading" { (t(lang, "error-summary-heading")) }
                ul class="alert-text nobullet-list" {
                    @for (field, message) in errors {
                        li { a href={ "#" (field.as_ref()) } { (message.as_ref()) } }
                    }
                }
            }
        }
    }
}
