//! The page frame: DKFDS header (portal and solution header, main menu), main content,
//! footer with the language switch. No inline script or style; works without JS.

use maud::{html, Markup, DOCTYPE};

use crate::assets;
pub use crate::components::AlertKind;
use crate::components::{alert, csrf_field, icon};
use crate::href::{local, with_params};
use crate::i18n::{t, Lang};

/// Where the logout form posts to.
pub const LOGOUT_PATH: &str = "/logout";
/// Where the login link points.
pub const LOGIN_PATH: &str = "/login";
/// The skip link's target.
pub const MAIN_ID: &str = "main-content";

/// Everything the frame needs to know about the request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageCtx {
    pub lang: Lang,
    /// The signed-in user; `None` shows a login link instead.
    pub user: Option<UserBadge>,
    /// Needed for the logout form whenever `user` is set.
    pub csrf_token: Option<String>,
    /// The request path, with its query string if any (`/pools?sort=name`). The
    /// language links repeat it with `lang` replaced. Anything that is not a local
    /// path is treated as `/`.
    pub path: String,
    /// Main menu, in order; empty hides the menu bar.
    pub nav: Vec<NavItem>,
    /// A one-off message shown above the content (after a redirect).
    pub flash: Option<Flash>,
    /// A signed-in user's idle timeout: the page warns two minutes before it
    /// (`static/timeout.js`, optional; without script nothing typed is lost either, see
    /// `app::kept_forms`).
    pub idle_minutes: Option<i64>,
}

/// Who is signed in, as shown in the portal header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserBadge {
    pub name: String,
    /// Already translated, e.g. `t(lang, "role-finance")`.
    pub role_label: String,
    pub municipality: Option<String>,
}

/// One main-menu entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NavItem {
    pub href: String,
    pub label: String,
    /// The current page is this entry or below it.
    pub active: bool,
}

impl NavItem {
    /// Active when `current_path` is `href` or a page below it (`/pools/7` under
    /// `/pools`); the query string of `current_path` is ignored.
    pub fn new(href: impl Into<String>, label: impl Into<String>, current_path: &str) -> Self {
        let href = href.into();
        let path = path_only(current_path);
        let active = path == href
            || (href != "/"
                && path
                    .strip_prefix(href.as_str())
                    .is_some_and(|rest| rest.starts_with('/')));
        NavItem {
            href,
            label: label.into(),
            active,
        }
    }
}

/// A one-off message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flash {
    pub kind: AlertKind,
    pub text: String,
}

fn path_only(path: &str) -> &str {
    path.split(['?', '#']).next().unwrap_or(path)
}

/// A complete HTML document around `body`, titled "`title` – tilskud".
/// The page supplies its own `h1`.
pub fn page(ctx: &PageCtx, title: &str, body: Markup) -> Markup {
    let lang = ctx.lang;
    let app = t(lang, "app-name");
    let full_title = if title.is_empty() {
        app.clone()
    } else {
        format!("{title} – {app}")
    };
    // A page that shows the error summary says so first in its title (GOV.UK, DKFDS):
    // the tab and a screen reader tell at once that the form was not accepted.
    let full_title = if body.0.contains(crate::components::ERROR_SUMMARY_ID) {
        format!("{}: {full_title}", t(lang, "title-error-prefix"))
    } else {
        full_title
    };
    html! {
        (DOCTYPE)
        html lang=(lang.tag()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (full_title) }
                link rel="stylesheet" href=(assets::url("dkfds/css/dkfds-virkdk.min.css"));
                link rel="stylesheet" href=(assets::url("app.css"));
            }
            body data-idle-minutes=[ctx.user.as_ref().and(ctx.idle_minutes)] {
                a class="skipnav" href={ "#" (MAIN_ID) } { (t(lang, "skip-to-content")) }
                (header(ctx, &app))
                div class="container page-container" {
                    main id=(MAIN_ID) tabindex="-1" {
                        @if let Some(flash) = &ctx.flash {
                            (alert(flash.kind, None, html! { p { (flash.text) } }))
                        }
                        (body)
                    }
                }
                (footer(ctx, &app))
                @if let (Some(_), Some(minutes)) = (&ctx.user, ctx.idle_minutes) {
                    (timeout_dialog(lang, minutes))
                    script src=(assets::url("timeout.js")) defer {}
                }
            }
        }
    }
}

/// The warning before the idle timeout, as an inert template that `timeout.js` shows
/// (DKFDS's timeout dialog): it does nothing without script.
fn timeout_dialog(lang: Lang, minutes: i64) -> Markup {
    let warn = minutes.saturating_sub(2).max(1);
    html! {
        template #timeout-dialog {
            div .timeout-dialog role="alertdialog" aria-modal="true" aria-labelledby="timeout-heading" aria-describedby="timeout-text"
                data-ended=(t(lang, "timeout-ended")) {
                div .timeout-box {
                    h2 #timeout-heading { (t(lang, "timeout-heading")) }
                    p #timeout-text data-text="" {
                        (crate::i18n::t_args(lang, "timeout-text", &[("idle", crate::i18n::Arg::from(warn))]))
                    }
                    button type="button" class="button button-primary" data-stay="" { (t(lang, "timeout-stay")) }
                }
            }
        }
    }
}

fn header(ctx: &PageCtx, app: &str) -> Markup {
    let lang = ctx.lang;
    let on_login_page = path_only(local(&ctx.path)).starts_with(LOGIN_PATH);
    html! {
        header class="header" {
            div class="portal-info" {
                div class="portal-info-inner container" {
                    div class="portal-user" {
                        @if let Some(user) = &ctx.user {
                            p class="user" {
                                (user.name) ", " (user.role_label)
                                @if let Some(m) = &user.municipality { ", " (m) }
                            }
                            form class="logout" method="post" action=(LOGOUT_PATH) {
                                @if let Some(token) = &ctx.csrf_token { (csrf_field(token)) }
                                button type="submit" class="function-link d-print-none log-off" {
                                    (icon("lock")) (t(lang, "logout"))
                                }
                            }
                        } @else if !on_login_page {
                            a class="function-link log-on" href=(LOGIN_PATH) {
                                (icon("lock")) (t(lang, "login"))
                            }
                        }
                    }
                }
            }
            div class="solution-info" {
                div class="solution-info-inner container" {
                    div class="solution-heading" {
                        a href="/" aria-label=(t(lang, "home-link-label")) { (app) }
                    }
                    div class="additional-info" {
                        p { strong class="authority-name" { (t(lang, "authority-name")) } }
                        p { (t(lang, "app-tagline")) }
                    }
                }
            }
            @if !ctx.nav.is_empty() {
                (main_menu(ctx))
            }
        }
    }
}

fn main_menu(ctx: &PageCtx) -> Markup {
    let current = path_only(local(&ctx.path));
    html! {
        div class="navigation-menu" {
            div class="navigation-menu-inner container" {
                nav class="nav" aria-label=(t(ctx.lang, "nav-main-label")) {
                    ul class="mainmenu" {
                        @for item in &ctx.nav {
                            @let is_current = item.href == current;
                            @let class = if is_current { Some("active current") } else if item.active { Some("active") } else { None };
                            @let aria = if is_current { Some("page") } else if item.active { Some("true") } else { None };
                            li class=[class] {
                                a class="nav-link" href=(local(&item.href)) aria-current=[aria] {
                                    span { (item.label) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn footer(ctx: &PageCtx, app: &str) -> Markup {
    let lang = ctx.lang;
    // DKFDS lists the current language first, marked with a check.
    let others = Lang::ALL.into_iter().filter(|l| *l != lang);
    html! {
        footer {
            div class="footer" {
                div class="container" {
                    ul class="align-text-left unstyled-list inline-list" {
                        li { strong { (t(lang, "authority-name")) } }
                        li { (app) " – " (t(lang, "app-tagline")) }
                    }
                }
            }
            div class="language-switcher d-print-none" {
                div class="container" {
                    ul aria-label=(t(lang, "lang-switch-label")) {
                        li {
                            a href=(lang_href(&ctx.path, lang)) lang=(lang.tag()) hreflang=(lang.tag()) aria-current="true" {
                                (icon("check")) (t(lang, lang_name_key(lang)))
                            }
                        }
                        @for other in others {
                            li {
                                a href=(lang_href(&ctx.path, other)) lang=(other.tag()) hreflang=(other.tag()) {
                                    (t(other, lang_name_key(other)))
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn lang_name_key(lang: Lang) -> &'static str {
    match lang {
        Lang::Da => "lang-name-da",
        Lang::En => "lang-name-en",
    }
}

/// The current page with `?lang=` set (other query parameters kept).
pub fn lang_href(path: &str, lang: Lang) -> String {
    with_params(path, &[], &[("lang", lang.tag())])
}
