//! What every handler knows about the request: language, user, path, and the page route
//! table the navigation is checked against. Filled in once by the session middleware.

use std::future::{ready, Ready};

use actix_web::{dev::Payload, FromRequest, HttpMessage, HttpRequest};
use maud::Markup;
use tilskud_templates::i18n::{t, Lang};
use tilskud_templates::layout::{self, NavItem, PageCtx, UserBadge};

use super::routes::{allows, RouteSpec};
use crate::auth::CurrentUser;
use crate::error::{AppError, Msg};

/// The pages' route table (`web::routes::specs()`, given to `AppState` at start-up).
pub type PageTable = std::sync::Arc<[RouteSpec]>;

/// An account's pages and its review: `/pools/{pool}/accounts/{code}/{kind}[/…]`.
fn is_account_page(path: &str) -> bool {
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    parts.len() >= 5 && parts[0] == "pools" && parts[2] == "accounts"
}

/// The main menu: each entry's page route (its pattern) and label, in order. An entry is
/// shown exactly when the user may GET its route; `{code}` is the user's municipality.
const NAV: [(&str, &str); 9] = [
    ("/pools", "nav-pools"),
    ("/accounts", "nav-accounts"),
    ("/finance-acts", "nav-finance-acts"),
    ("/monitoring", "nav-monitoring"),
    ("/municipalities", "nav-municipalities"),
    ("/municipalities/{code}", "nav-municipality"),
    ("/users", "nav-users"),
    ("/audit", "nav-audit"),
    ("/outbox", "nav-outbox"),
];

#[derive(Clone, Debug)]
pub struct Ctx {
    pub lang: Lang,
    pub user: Option<CurrentUser>,
    /// The data version the session check read with the session (`app::cache`); `None`
    /// without a session.
    pub data_version: Option<i64>,
    pub path: String,
    pub query: String,
    /// The page routes, so that the navigation asks the routes' own access rule.
    pub pages: PageTable,
    /// The sessions' idle timeout, for the page's warning before it.
    pub idle_minutes: i64,
    /// The pool whose questionnaire the menu leads to off a pool's own pages
    /// (`app::questionnaire::home_pool`); `None` without a session or a pool.
    pub questionnaire_pool: Option<i64>,
}

impl Ctx {
    /// Whether this request's user may use the page route `method path` (its pattern)
    /// for municipality `code`: the rule the guard enforces, asked before a page shows
    /// a link or a button.
    pub fn may(&self, method: &str, path: &str, code: Option<i32>) -> bool {
        allows(&self.pages, method, path, self.user.as_ref(), code)
    }

    /// A request nobody is logged in to (where the session layer did not run).
    pub fn anonymous(lang: Lang, req: &HttpRequest) -> Ctx {
        Ctx {
            lang,
            user: None,
            data_version: None,
            path: req.path().to_string(),
            query: req.query_string().to_string(),
            pages: PageTable::from([]),
            idle_minutes: 0,
            questionnaire_pool: None,
        }
    }

    pub fn t(&self, key: &str) -> String {
        t(self.lang, key)
    }

    pub fn msg(&self, m: &Msg) -> String {
        m.text(self.lang)
    }

    pub fn user(&self) -> Result<&CurrentUser, AppError> {
        self.user.as_ref().ok_or(AppError::Unauthorized)
    }

    pub fn csrf(&self) -> String {
        self.user
            .as_ref()
            .map(|u| u.csrf_token.clone())
            .unwrap_or_default()
    }

    /// Wraps a page body in the layout with the navigation this user may use.
    pub fn page(&self, title: &str, body: Markup) -> Markup {
        self.page_with_flash(title, body, None)
    }

    pub fn page_with_flash(
        &self,
        title: &str,
        body: Markup,
        flash: Option<layout::Flash>,
    ) -> Markup {
        let mut ctx = self.page_ctx();
        ctx.flash = flash;
        layout::page(&ctx, title, body)
    }

    pub fn page_ctx(&self) -> PageCtx {
        let nav = self.nav();
        let user = self.user.as_ref().map(|u| UserBadge {
            name: u.display_name.clone(),
            role_label: self.t(u.role.label_key()),
            municipality: u.municipality_code.and_then(|c| {
                u16::try_from(c)
                    .ok()
                    .and_then(|c| {
                        crate::domain::municipality::MunicipalityCode::try_from(c)
                            .ok()
                            .and_then(crate::domain::municipality::by_code)
                    })
                    .map(|m| m.name.to_string())
            }),
        });
        PageCtx {
            lang: self.lang,
            user,
            csrf_token: self.user.as_ref().map(|u| u.csrf_token.clone()),
            // With the query, so the language links keep it (the login page's `next`).
            path: match self.query.as_str() {
                "" => self.path.clone(),
                q => format!("{}?{q}", self.path),
            },
            nav,
            flash: None,
            idle_minutes: Some(self.idle_minutes),
        }
    }

    /// The main menu entries this user may open, by the page routes' access rules.
    fn nav(&self) -> Vec<NavItem> {
        let Some(u) = &self.user else {
            return Vec::new();
        };
        let mut items = NAV
            .iter()
            .filter_map(|&(pattern, key)| {
                let (href, code) = match (pattern.contains("{code}"), u.municipality_code) {
                    (false, _) => (pattern.to_string(), None),
                    (true, Some(c)) => (pattern.replace("{code}", &c.to_string()), Some(c)),
                    (true, None) => return None,
                };
                allows(&self.pages, "GET", pattern, Some(u), code).then(|| NavItem {
                    active: self.path == href || self.path.starts_with(&format!("{href}/")),
                    label: self.t(key),
                    href,
                })
            })
            .collect::<Vec<_>>();
        if let Some(q) = self.questionnaire_item(u) {
            // The questionnaire lives under its pool's path, but is a menu entry of its
            // own: it is the active one there, not the pools.
            if q.active {
                for item in items.iter_mut() {
                    item.active = false;
                }
            }
            let after = items
                .iter()
                .position(|i| i.href == "/monitoring")
                .map_or(items.len(), |i| i + 1);
            items.insert(after, q);
        }
        if is_account_page(&self.path) {
            // An account lives under its pool's path, but belongs to the accounts: the
            // officers' list, or the municipality's own page for the municipality.
            let home = items
                .iter()
                .position(|i| i.href == "/accounts")
                .or_else(|| {
                    items
                        .iter()
                        .position(|i| i.href.starts_with("/municipalities/"))
                });
            for (n, item) in items.iter_mut().enumerate() {
                item.active = Some(n) == home;
            }
        }
        items
    }
}

impl Ctx {
    /// The pool of the current page (`/pools/{id}/…`), else the questionnaire's home pool.
    fn pool_in_view(&self) -> Option<i64> {
        let mut parts = self.path.trim_start_matches('/').split('/');
        match (
            parts.next(),
            parts.next().and_then(|p| p.parse::<i64>().ok()),
        ) {
            (Some("pools"), Some(id)) => Some(id),
            _ => self.questionnaire_pool,
        }
    }

    /// The menu's questionnaire entry: the pool's overview, or for a caseworker (who has
    /// no overview) their municipality's page; shown when the route admits the user.
    fn questionnaire_item(&self, u: &CurrentUser) -> Option<NavItem> {
        let pool = self.pool_in_view()?;
        let base = format!("/pools/{pool}/questionnaire");
        let (pattern, href, code) = if self.may("GET", "/pools/{pool}/questionnaire", None) {
            ("/pools/{pool}/questionnaire", base.clone(), None)
        } else {
            let code = u.municipality_code?;
            (
                "/pools/{pool}/questionnaire/{code}",
                format!("{base}/{code}"),
                Some(code),
            )
        };
        allows(&self.pages, "GET", pattern, Some(u), code).then(|| NavItem {
            active: self.path == base || self.path.starts_with(&format!("{base}/")),
            label: self.t("nav-questionnaire"),
            href,
        })
    }
}

impl FromRequest for Ctx {
    type Error = actix_web::Error;
    type Future = Ready<Result<Ctx, actix_web::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let ctx = req
            .extensions()
            .get::<Ctx>()
            .cloned()
            .unwrap_or_else(|| Ctx::anonymous(Lang::Da, req));
        ready(Ok(ctx))
    }
}
