//! The confirmation page before an action that cannot be undone (GOV.UK's "check
//! before you …", DKFDS's confirmation): what the action is about, what it changes,
//! and two ways out: do it, or go back without doing it.

use maud::{html, Markup};

use super::{alert, button, csrf_field, link_button, AlertKind, ButtonKind};
use crate::i18n::Lang;

/// A confirmation page's content. `hidden` is posted back as typed (e.g. the reason),
/// with `confirmed=1`.
pub struct Confirmation {
    /// The breadcrumbs above it (label, address), this page last and not linked.
    pub trail: Vec<(String, String)>,
    pub heading: String,
    /// The facts of the action: (label, value).
    pub facts: Vec<(String, String)>,
    /// Why it cannot be undone and what it changes.
    pub warning: String,
    /// What rests on it (a table), if anything.
    pub detail: Option<Markup>,
    pub action: String,
    pub hidden: Vec<(String, String)>,
    pub csrf: String,
    pub confirm_label: String,
    pub confirm_kind: ButtonKind,
    pub back_label: String,
    pub back_href: String,
}

pub fn confirmation(lang: Lang, c: &Confirmation) -> Markup {
    let trail: Vec<(&str, &str)> = c
        .trail
        .iter()
        .map(|(l, h)| (l.as_str(), h.as_str()))
        .collect();
    html! {
        @if !trail.is_empty() { (super::breadcrumbs(lang, &trail, &c.heading)) }
        h1 { (c.heading) }
        @if !c.facts.is_empty() {
            dl .confirm-facts {
                @for (label, value) in &c.facts { dt { (label) } dd { (value) } }
            }
        }
        (alert(AlertKind::Warning, None, html! { p #confirm-warning { (c.warning) } }))
        @if let Some(d) = &c.detail { (d) }
        form method="post" action=(c.action) .confirm-form {
            (csrf_field(&c.csrf))
            @for (name, value) in &c.hidden { input type="hidden" name=(name) value=(value); }
            input type="hidden" name="confirmed" value="1";
            (button(c.confirm_kind, &c.confirm_label))
            " "
            (link_button(ButtonKind::Secondary, &c.back_label, &c.back_href))
        }
    }
}
