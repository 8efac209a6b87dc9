//! Renders whole pages through the public API and checks what a browser, a screen
//! reader and the Content-Security-Policy will see.

use maud::html;
use tilskud_templates::assets;
use tilskud_templates::components::AlertKind;
use tilskud_templates::error_page::{error_page, error_texts};
use tilskud_templates::i18n::{t, Lang};
use tilskud_templates::layout::{page, Flash, NavItem, PageCtx, UserBadge};

/// No inline style or script, no event-handler attributes, no `javascript:` links.
fn assert_csp_clean(doc: &str) {
    assert!(!doc.contains("style="), "inline style attribute");
    assert!(!doc.contains("<style"), "inline style element");
    let handler = doc.match_indices(" on").any(|(i, _)| {
        let name: String = doc[i + 3..]
            .chars()
            .take_while(char::is_ascii_lowercase)
            .collect();
        !name.is_empty() && doc[i + 3 + name.len()..].starts_with('=')
    });
    assert!(!handler, "event handler attribute");
    assert!(!doc.contains("javascript:"), "javascript: URL");
    for (i, _) in doc.match_indices("<script") {
        let tag_end = doc[i..].find('>').map_or(doc.len(), |e| i + e);
        assert!(
            doc[i..tag_end].contains(" src=\"/static/"),
            "inline script at {i}"
        );
    }
}

fn officer_ctx(lang: Lang, path: &str) -> PageCtx {
    PageCtx {
        lang,
        user: Some(UserBadge {
            name: "Mette Jensen".into(),
            role_label: t(lang, "role-finance"),
            municipality: Some("Aarhus Kommune".into()),
        }),
        csrf_token: Some("tok-123".into()),
        path: path.into(),
        nav: vec![
            NavItem::new("/pools", t(lang, "nav-pools"), path),
            NavItem::new("/allocation", t(lang, "nav-allocation"), path),
            NavItem::new("/audit", t(lang, "nav-audit"), path),
        ],
        flash: None,
        idle_minutes: Some(30),
    }
}

#[test]
fn page_is_a_danish_html5_document_with_linked_dkfds_styles() {
    let doc = page(
        &officer_ctx(Lang::Da, "/pools"),
        "Puljer",
        html! { h1 { "Puljer" } },
    )
    .into_string();
    assert!(
        doc.starts_with("<!DOCTYPE html><html lang=\"da\">"),
        "{doc}"
    );
    assert!(doc.contains("<meta charset=\"utf-8\">"), "{doc}");
    assert!(doc.contains("<title>Puljer – tilskud</title>"), "{doc}");
    let css = format!(
        "<link rel=\"stylesheet\" href=\"/static/dkfds/css/dkfds-virkdk.min.css?v={}\">",
        assets::ASSET_VERSION
    );
    assert!(doc.contains(&css), "{doc}");
    assert!(
        doc.contains(&format!(
            "href=\"/static/app.css?v={}\"",
            assets::ASSET_VERSION
        )),
        "{doc}"
    );
    assert_csp_clean(&doc);
}

#[test]
fn every_stylesheet_and_icon_the_page_links_is_embedded() {
    let doc = page(&officer_ctx(Lang::Da, "/pools"), "Puljer", html! {}).into_string();
    for attr in ["href=\"/static/", "src=\"/static/"] {
        for (i, _) in doc.match_indices(attr) {
            let rest = &doc[i + attr.len()..];
            let path = rest.split(['?', '#', '"']).next().unwrap();
            assert!(
                assets::get(path).is_some(),
                "{path} is linked but not embedded"
            );
        }
    }
}

#[test]
fn skip_link_targets_main_and_header_names_app_and_authority() {
    let doc = page(
        &officer_ctx(Lang::Da, "/pools"),
        "Puljer",
        html! { p { "x" } },
    )
    .into_string();
    assert!(
        doc.contains(r##"<a class="skipnav" href="#main-content">Gå til indhold</a>"##),
        "{doc}"
    );
    assert!(
        doc.contains(r#"<main id="main-content" tabindex="-1"><p>x</p></main>"#),
        "{doc}"
    );
    assert!(doc.contains(r#"<header class="header">"#), "{doc}");
    assert!(doc.contains(r#"<div class="portal-info">"#), "{doc}");
    assert!(doc.contains(r#"<div class="solution-heading"><a href="/" aria-label="tilskud – gå til forsiden">tilskud</a></div>"#), "{doc}");
    assert!(
        doc.contains(
            r#"<strong class="authority-name">Styrelsen for Arbejdsmarked og Rekruttering</strong>"#
        ),
        "{doc}"
    );
    assert!(doc.contains("<footer>"), "{doc}");
}

#[test]
fn signed_in_user_sees_name_role_municipality_and_a_post_logout_with_csrf() {
    let doc = page(&officer_ctx(Lang::Da, "/pools"), "Puljer", html! {}).into_string();
    assert!(
        doc.contains(r#"<p class="user">Mette Jensen, Økonomimedarbejder, Aarhus Kommune</p>"#),
        "{doc}"
    );
    assert!(
        doc.contains(r#"<form class="logout" method="post" action="/logout"><input type="hidden" name="csrf_token" value="tok-123">"#),
        "{doc}"
    );
    assert!(doc.contains("Log af</button>"), "{doc}");
    assert!(!doc.contains("Log ind"), "{doc}");
}

#[test]
fn anonymous_visitor_gets_a_login_link_except_on_the_login_page() {
    let ctx = PageCtx {
        path: "/".into(),
        ..PageCtx::default()
    };
    let doc = page(&ctx, "Forside", html! {}).into_string();
    assert!(
        doc.contains(r#"href="/login""#) && doc.contains("Log ind"),
        "{doc}"
    );
    assert!(!doc.contains("<form"), "{doc}");
    assert!(
        !doc.contains("navigation-menu"),
        "no nav items, no menu bar: {doc}"
    );

    let ctx = PageCtx {
        path: "/login?next=%2Fpools".into(),
        ..PageCtx::default()
    };
    let doc = page(&ctx, "Log ind", html! {}).into_string();
    assert!(!doc.contains(r#"href="/login""#), "{doc}");
}

#[test]
fn main_menu_marks_the_current_page_and_the_current_section() {
    let doc = page(&officer_ctx(Lang::Da, "/pools"), "Puljer", html! {}).into_string();
    assert!(
        doc.contains(r#"<nav class="nav" aria-label="Hovedmenu"><ul class="mainmenu">"#),
        "{doc}"
    );
    assert!(
        doc.contains(r#"<li class="active current"><a class="nav-link" href="/pools" aria-current="page"><span>Puljer</span></a></li>"#),
        "{doc}"
    );
    assert!(
        doc.contains(
            r#"<li><a class="nav-link" href="/allocation"><span>Fordeling</span></a></li>"#
        ),
        "{doc}"
    );

    let doc = page(
        &officer_ctx(Lang::Da, "/pools/7/edit?x=1"),
        "Pulje",
        html! {},
    )
    .into_string();
    assert!(
        doc.contains(
            r#"<li class="active"><a class="nav-link" href="/pools" aria-current="true">"#
        ),
        "{doc}"
    );
    assert!(!NavItem::new("/pool", "x", "/pools").active);
    assert!(!NavItem::new("/", "x", "/pools").active);
    assert!(NavItem::new("/", "x", "/").active);
}

#[test]
fn language_switch_links_to_the_same_page_in_the_other_language() {
    let doc = page(
        &officer_ctx(Lang::Da, "/pools?sort=name&lang=da"),
        "Puljer",
        html! {},
    )
    .into_string();
    assert!(doc.contains(r#"<ul aria-label="Vælg sprog">"#), "{doc}");
    assert!(
        doc.contains(
            r#"href="/pools?sort=name&amp;lang=da" lang="da" hreflang="da" aria-current="true">"#
        ),
        "{doc}"
    );
    assert!(
        doc.contains(r#"href="/pools?sort=name&amp;lang=en" lang="en" hreflang="en">English</a>"#),
        "{doc}"
    );

    let doc = page(&officer_ctx(Lang::En, "/pools"), "Pools", html! {}).into_string();
    assert!(
        doc.starts_with("<!DOCTYPE html><html lang=\"en\">"),
        "{doc}"
    );
    assert!(doc.contains("<title>Pools – tilskud</title>"), "{doc}");
    assert!(
        doc.contains(r#"href="/pools?lang=da" lang="da" hreflang="da">Dansk</a>"#),
        "{doc}"
    );
    assert!(
        doc.contains("Skip to content") && doc.contains("Log out"),
        "{doc}"
    );
}

#[test]
fn a_crafted_path_cannot_produce_off_site_links() {
    let doc = page(&officer_ctx(Lang::Da, "//evil.example/x"), "x", html! {}).into_string();
    assert!(!doc.contains("evil.example"), "{doc}");
    assert!(doc.contains(r#"href="/?lang=en""#), "{doc}");
}

#[test]
fn flash_messages_appear_first_in_main() {
    let mut ctx = officer_ctx(Lang::Da, "/pools");
    ctx.flash = Some(Flash {
        kind: AlertKind::Success,
        text: "Puljen er gemt.".into(),
    });
    let doc = page(&ctx, "Puljer", html! { h1 { "Puljer" } }).into_string();
    assert!(
        doc.contains(r#"<main id="main-content" tabindex="-1"><div class="alert alert-success">"#),
        "{doc}"
    );
    assert!(doc.contains("<p>Puljen er gemt.</p>"), "{doc}");
}

#[test]
fn user_supplied_text_in_the_frame_is_escaped() {
    let mut ctx = officer_ctx(Lang::Da, "/pools");
    ctx.user.as_mut().unwrap().name = "<script>x</script>".into();
    let doc = page(&ctx, "<i>t</i>", html! {}).into_string();
    assert!(!doc.contains("<script>x"), "{doc}");
    assert!(
        doc.contains("<title>&lt;i&gt;t&lt;/i&gt; – tilskud</title>"),
        "{doc}"
    );
    assert_csp_clean(&doc);
}

#[test]
fn error_pages_explain_without_details_and_show_the_incident_id() {
    let ctx = officer_ctx(Lang::Da, "/pools/1");
    let doc = error_page(&ctx, 500, Some("7F3A-19C2"), None).into_string();
    assert!(
        doc.contains("<title>Der opstod en fejl – tilskud</title>"),
        "{doc}"
    );
    assert!(doc.contains("<h1>Der opstod en fejl</h1>"), "{doc}");
    assert!(doc.contains("Fejl-id: 7F3A-19C2"), "{doc}");
    assert!(doc.contains(r#"<a href="/">Gå til forsiden</a>"#), "{doc}");
    assert_csp_clean(&doc);

    let doc = error_page(
        &PageCtx {
            lang: Lang::En,
            ..PageCtx::default()
        },
        404,
        None,
        None,
    )
    .into_string();
    assert!(doc.contains("<h1>Page not found</h1>"), "{doc}");
    assert!(!doc.contains("Incident id"), "{doc}");
}

#[test]
fn every_status_has_real_texts_in_both_languages() {
    for lang in Lang::ALL {
        for status in [
            400, 401, 403, 404, 405, 409, 410, 413, 418, 422, 429, 500, 502, 503, 504,
        ] {
            let (title, body) = error_texts(lang, status);
            assert!(
                !title.starts_with("error-") && !body.starts_with("error-"),
                "{status} {lang:?}"
            );
        }
    }
}

#[test]
fn a_signed_in_page_carries_the_timeout_warning_as_an_inert_template_and_a_script_file() {
    let doc = page(&officer_ctx(Lang::Da, "/pools"), "Puljer", html! {}).into_string();
    assert!(doc.contains(r#"data-idle-minutes="30""#), "{doc}");
    assert!(doc.contains(r#"<template id="timeout-dialog">"#), "{doc}");
    assert!(doc.contains("Du bliver snart logget af"), "{doc}");
    assert!(
        doc.contains("Du har ikke været aktiv i 28 minutter"),
        "{doc}"
    );
    assert!(
        doc.contains(r#"<script src="/static/timeout.js?v="#),
        "{doc}"
    );
    assert_csp_clean(&doc);
    // Nobody to log out: no warning.
    let anonymous = PageCtx {
        path: "/login".into(),
        idle_minutes: Some(30),
        ..PageCtx::default()
    };
    let doc = page(&anonymous, "Log ind", html! {}).into_string();
    assert!(!doc.contains("timeout"), "{doc}");
}
