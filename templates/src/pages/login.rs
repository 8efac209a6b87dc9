use maud::{html, Markup};

use super::{err, Errors};
use crate::components::{
    alert, button, error_summary, text_field, AlertKind, ButtonKind, FieldSpec,
};
use crate::i18n::{t, Lang};

pub struct LoginView {
    pub username: String,
    pub next: String,
    pub errors: Errors,
    /// A message for the whole form (wrong password, locked).
    pub problem: Option<String>,
    /// A confirmation above the form ("Du er logget af").
    pub notice: Option<String>,
    /// Why the user is asked to log in again (the session ended; a form was kept).
    pub info: Option<String>,
}

pub fn login(lang: Lang, v: &LoginView) -> Markup {
    html! {
        @if let Some(n) = &v.notice {
            (alert(AlertKind::Success, None, html! { p #logged-out { (n) } }))
        }
        @if let Some(n) = &v.info {
            (alert(AlertKind::Info, None, html! { p #session-ended { (n) } }))
        }
        h1 { (t(lang, "login-heading")) }
        p.font-lead { (t(lang, "login-intro")) }
        @if let Some(p) = &v.problem {
            (alert(AlertKind::Error, None, html! { p { (p) } }))
        }
        div #fejl { (error_summary(lang, &v.errors)) }
        form method="post" action="/login#fejl" novalidate {
            input type="hidden" name="next" value=(v.next);
            (text_field(&FieldSpec::new(lang, "username", t(lang, "login-username"))
                .value(v.username.clone()).error(err(&v.errors, "username"))
                .autocomplete("username").required()))
            (text_field(&FieldSpec::new(lang, "password", t(lang, "login-password"))
                .input_type("password").error(err(&v.errors, "password"))
                .autocomplete("current-password").required()))
            (button(ButtonKind::Primary, &t(lang, "login-submit")))
        }
    }
}

/// A form kept when the session ended, to be sent again.
pub struct KeptView {
    /// Where the form was posted.
    pub action: String,
    /// The page the form belongs to.
    pub page_href: String,
    /// What sending it does ("Gem kladde").
    pub what: String,
    /// How many fields were filled in.
    pub filled: usize,
    pub minutes: i64,
    /// The form's fields as typed (without the old CSRF token).
    pub hidden: Vec<(String, String)>,
    pub csrf: String,
}

pub fn kept(lang: Lang, v: &KeptView) -> Markup {
    use crate::i18n::{t_args, Arg};
    html! {
        h1 { (t(lang, "kept-heading")) }
        (alert(AlertKind::Info, None, html! {
            p #kept-intro { (t_args(lang, "kept-intro", &[("minutes", Arg::from(v.minutes))])) }
        }))
        dl .confirm-facts {
            dt { (t(lang, "kept-page")) } dd { a href=(crate::href::local(&v.page_href)) { (v.page_href) } }
            dt { (t(lang, "kept-action")) } dd #kept-what { (v.what) }
            dt { (t(lang, "kept-filled")) } dd { (v.filled) }
        }
        p { (t(lang, "kept-explain")) }
        form method="post" action=(crate::href::local(&v.action)) .confirm-form {
            (crate::components::csrf_field(&v.csrf))
            @for (name, value) in &v.hidden { input type="hidden" name=(name) value=(value); }
            (button(ButtonKind::Primary, &t(lang, "kept-send")))
            " "
            (crate::components::link_button(ButtonKind::Secondary, &t(lang, "kept-discard"), &v.page_href))
        }
    }
}
