use maud::{html, Markup};

use crate::components::{data_table_quiet, link_button, ButtonKind};
use crate::i18n::{t, Lang};

pub struct AuditRow {
    pub id: i64,
    pub at: String,
    pub actor: String,
    /// What happened, in a sentence.
    pub what: String,
    pub action: String,
    pub entity: String,
    pub before: String,
    pub after: String,
}

pub fn list(lang: Lang, rows: &[AuditRow], older_href: Option<&str>) -> Markup {
    html! {
        h1 { (t(lang, "audit-heading")) }
        p { (t(lang, "audit-intro")) }
        (data_table_quiet(lang, &t(lang, "audit-heading"), html! {
            tr {
                th scope="col" { (t(lang, "audit-at")) }
                th scope="col" { (t(lang, "audit-actor")) }
                th scope="col" { (t(lang, "audit-what")) }
                th scope="col" { (t(lang, "audit-details")) }
            }
        }, html! {
            @for r in rows {
                tr {
                    td .nowrap { (r.at) }
                    td { (r.actor) }
                    td .audit-what { (r.what) }
                    td .audit-change {
                        details {
                            summary { (t(lang, "audit-technical")) }
                            dl {
                                dt { (t(lang, "audit-entry")) } dd { (r.id) }
                                dt { (t(lang, "audit-action")) } dd { code { (r.action) } }
                                dt { (t(lang, "audit-entity")) } dd { (r.entity) }
                            }
                            @if !r.before.is_empty() { p { strong { (t(lang, "audit-before")) } } pre { (r.before) } }
                            @if !r.after.is_empty() { p { strong { (t(lang, "audit-after")) } } pre { (r.after) } }
                        }
                    }
                }
            }
        }))
        @if let Some(h) = older_href {
            p { (link_button(ButtonKind::Secondary, &t(lang, "audit-older"), h)) }
        }
    }
}
