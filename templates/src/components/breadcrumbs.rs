//! DKFDS breadcrumbs: where a page sits below the top level, each step a link, the
//! page itself last and marked as the current one.

use maud::{html, Markup};

use crate::i18n::{t, Lang};

/// `trail` is (label, address) from the top down; `current` is this page.
pub fn breadcrumbs(lang: Lang, trail: &[(&str, &str)], current: &str) -> Markup {
    html! {
        nav class="breadcrumbs" aria-label=(t(lang, "breadcrumbs-label")) {
            ol class="breadcrumbs__list" {
                @for (label, href) in trail {
                    li class="breadcrumbs__list-item" {
                        a class="breadcrumbs__link" href=(crate::href::local(href)) { (label) }
                    }
                }
                li class="breadcrumbs__list-item" aria-current="page" { (current) }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_step_links_up_and_the_page_itself_is_current() {
        let html = breadcrumbs(
            Lang::Da,
            &[("Puljer", "/pools"), ("Flere skal med", "/pools/1")],
            "Ansøgninger",
        )
        .into_string();
        assert!(
            html.contains(r#"<nav class="breadcrumbs" aria-label="Brødkrummesti">"#),
            "{html}"
        );
        assert!(html.contains(r#"<a class="breadcrumbs__link" href="/pools/1">Flere skal med</a>"#));
        assert!(html.contains(
            r#"<li class="breadcrumbs__list-item" aria-current="page">Ansøgninger</li>"#
        ));
        let evil = breadcrumbs(Lang::Da, &[("x", "//evil.example")], "y").into_string();
        assert!(evil.contains(r#"href="/""#), "{evil}");
    }
}
