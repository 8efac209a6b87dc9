use maud::{html, Markup};

use super::{err, Errors};
use crate::components::{
    button, checkbox, csrf_field, data_table_quiet, error_summary, link_button, select_field,
    text_field, ButtonKind, CheckboxSpec, FieldSpec, SelectSpec,
};
use crate::i18n::{t, Lang};

pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role_label: String,
    pub municipality: String,
    pub active: bool,
}

pub fn list(lang: Lang, rows: &[UserRow]) -> Markup {
    html! {
        h1 { (t(lang, "users-heading")) }
        p { (link_button(ButtonKind::Primary, &t(lang, "users-new"), "/users/new")) }
        (data_table_quiet(lang, &t(lang, "users-heading"), html! {
            tr {
                th scope="col" { (t(lang, "user-username")) }
                th scope="col" { (t(lang, "user-display-name")) }
                th scope="col" { (t(lang, "user-role")) }
                th scope="col" { (t(lang, "municipality")) }
                th scope="col" { (t(lang, "user-active")) }
            }
        }, html! {
            @for u in rows {
                tr {
                    td { a href={ "/users/" (u.id) "/edit" } { (u.username) } }
                    td { (u.display_name) }
                    td { (u.role_label) }
                    td { (u.municipality) }
                    td { @if u.active { (t(lang, "yes")) } @else { (t(lang, "no")) } }
                }
            }
        }))
    }
}

#[derive(Default)]
pub struct UserFormValues {
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub municipality_code: String,
    pub email: String,
    pub active: bool,
}

pub struct UserFormView<'a> {
    pub heading: &'a str,
    pub action: &'a str,
    pub csrf: &'a str,
    pub values: &'a UserFormValues,
    pub errors: &'a Errors,
    /// (value, label) of each role.
    pub roles: &'a [(String, String)],
    /// (code, label) of each municipality.
    pub municipalities: &'a [(String, String)],
    pub is_new: bool,
}

pub fn form(lang: Lang, f: &UserFormView) -> Markup {
    let (heading, action, csrf, v, errors, roles, municipalities, is_new) = (
        f.heading,
        f.action,
        f.csrf,
        f.values,
        f.errors,
        f.roles,
        f.municipalities,
        f.is_new,
    );
    html! {
        (crate::components::breadcrumbs(lang, &[(&t(lang, "users-heading"), "/users")], heading))
        h1 { (heading) }
        div #fejl { (error_summary(lang, errors)) }
        form method="post" action={ (action) "#fejl" } novalidate {
            (csrf_field(csrf))
            (text_field(&FieldSpec::new(lang, "username", t(lang, "user-username")).hint(t(lang, "user-username-hint")).value(v.username.clone()).error(err(errors, "username")).autocomplete("off").required()))
            (text_field(&FieldSpec::new(lang, "display_name", t(lang, "user-display-name")).value(v.display_name.clone()).error(err(errors, "display_name")).required()))
            (select_field(&SelectSpec::new(lang, "role", t(lang, "user-role")).options(roles.iter().cloned()).selected(Some(v.role.clone())).error(err(errors, "role")).required()))
            (select_field(&SelectSpec::new(lang, "municipality_code", t(lang, "municipality")).hint(t(lang, "user-municipality-hint")).options(municipalities.iter().cloned()).selected(Some(v.municipality_code.clone())).error(err(errors, "municipality_code")).placeholder()))
            (text_field(&FieldSpec::new(lang, "email", t(lang, "user-email")).hint(t(lang, "user-email-hint")).input_type("email").autocomplete("off").value(v.email.clone()).error(err(errors, "email"))))
            (text_field(&FieldSpec::new(lang, "password", if is_new { t(lang, "user-password") } else { t(lang, "user-password-new") }).hint(if is_new { t(lang, "user-password-hint-new") } else { t(lang, "user-password-hint") }).input_type("password").autocomplete("new-password").error(err(errors, "password"))))
            (checkbox(&CheckboxSpec::new(lang, "active", t(lang, "user-active")).value("on").checked(v.active)))
            (button(ButtonKind::Primary, &t(lang, "save")))
        }
    }
}
