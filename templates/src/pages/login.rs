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
}

pub fn login(lang: Lang, v: &LoginView) -> Markup {
    html! {
        @if let Some(n) = &v.notice {
            (alert(AlertKind::Success, None, html! { p #logged-out { (n) } }))
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
