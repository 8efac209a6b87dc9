//! Building blocks in DKFDS markup (designsystem.dk), rendered on the server and usable
//! without JavaScript.
//!
//! Ids: a form field's `id` is its `name` unless set otherwise, so an error summary
//! entry `("amount", "…")` links to `#amount`.

mod breadcrumbs;
mod confirm;
mod form;
mod steps;
mod table;

use maud::{html, Markup};

use crate::assets;

pub use breadcrumbs::breadcrumbs;
pub use confirm::{confirmation, Confirmation};
pub use form::{
    checkbox, csrf_field, error_summary, select_field, text_field, CheckboxSpec, FieldSpec,
    SelectSpec, CSRF_FIELD, ERROR_SUMMARY_ID,
};
pub use steps::{step_indicator, StepState};
pub use table::{
    data_table, data_table_quiet, pagination, sortable_th, sortable_th_num, SortDir, SortState,
};

/// The four DKFDS alert variants; also the kind of a flash message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlertKind {
    Info,
    Success,
    Warning,
    Error,
}

impl AlertKind {
    fn variant(self) -> &'static str {
        match self {
            AlertKind::Info => "info",
            AlertKind::Success => "success",
            AlertKind::Warning => "warning",
            AlertKind::Error => "error",
        }
    }

    /// Catalogue key naming the kind, for screen readers.
    pub fn label_key(self) -> &'static str {
        match self {
            AlertKind::Info => "alert-info",
            AlertKind::Success => "alert-success",
            AlertKind::Warning => "alert-warning",
            AlertKind::Error => "alert-error",
        }
    }
}

/// A DKFDS icon from the vendored sprite, decorative (hidden from screen readers).
pub fn icon(name: &str) -> Markup {
    html! {
        svg class="icon-svg" focusable="false" aria-hidden="true" {
            use href=(sprite_href(name)) {}
        }
    }
}

/// A DKFDS icon that carries meaning, announced as `label`.
pub fn icon_labelled(name: &str, label: &str, extra_class: Option<&str>) -> Markup {
    let class = match extra_class {
        Some(c) => format!("icon-svg {c}"),
        None => "icon-svg".to_owned(),
    };
    html! {
        svg class=(class) focusable="false" role="img" aria-label=(label) {
            use href=(sprite_href(name)) {}
        }
    }
}

/// A check mark or a cross before a statement, drawn from the DKFDS sprite (the "✓"
/// character is missing from the page font) and read out as "Ja" / "Nej".
pub fn check_mark(lang: crate::i18n::Lang, ok: bool) -> Markup {
    let (name, key, class) = if ok {
        ("check", "mark-yes", "mark mark-yes")
    } else {
        ("close", "mark-no", "mark mark-no")
    };
    icon_labelled(name, &crate::i18n::t(lang, key), Some(class))
}

fn sprite_href(name: &str) -> String {
    format!("{}#{name}", assets::url("dkfds/img/all-svg-icons.svg"))
}

/// A DKFDS alert. Warnings and errors get `role="alert"`; the icon is decorative
/// because the colour and heading carry the meaning. `body` is placed in
/// `div.alert-text`, so it may hold paragraphs or lists.
pub fn alert(kind: AlertKind, heading: Option<&str>, body: Markup) -> Markup {
    let role = matches!(kind, AlertKind::Warning | AlertKind::Error).then_some("alert");
    html! {
        div class={ "alert alert-" (kind.variant()) } role=[role] {
            svg class="icon-svg alert-icon" focusable="false" aria-hidden="true" {
                use href=(sprite_href(kind.variant())) {}
            }
            div class="alert-body" {
                @if let Some(h) = heading {
                    p class="alert-heading" { (h) }
                }
                div class="alert-text" { (body) }
            }
        }
    }
}

/// Button look: DKFDS `button-primary` (one per page), `button-secondary`,
/// `button-tertiary` or `button-warning` (destructive actions).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ButtonKind {
    Primary,
    Secondary,
    Tertiary,
    Warning,
}

impl ButtonKind {
    fn class(self) -> &'static str {
        match self {
            ButtonKind::Primary => "button button-primary",
            ButtonKind::Secondary => "button button-secondary",
            ButtonKind::Tertiary => "button button-tertiary",
            ButtonKind::Warning => "button button-warning",
        }
    }
}

/// A submit button.
pub fn button(kind: ButtonKind, label: &str) -> Markup {
    html! { button type="submit" class=(kind.class()) { (label) } }
}

/// A submit button that also sends `name=value`, for forms with several actions
/// (e.g. `action=approve` / `action=reject`).
pub fn button_named(kind: ButtonKind, label: &str, name: &str, value: &str) -> Markup {
    html! { button type="submit" class=(kind.class()) name=(name) value=(value) { (label) } }
}

/// A link that looks like a button, for navigation (GET) only.
pub fn link_button(kind: ButtonKind, label: &str, href: &str) -> Markup {
    html! { a class=(kind.class()) href=(crate::href::local(href)) { (label) } }
}

#[cfg(test)]
mod tests;
