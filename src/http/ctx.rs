//! What every handler knows about the request: language, user, path. Filled in once by
//! the session middleware.

use std::future::{ready, Ready};

use actix_web::{dev::Payload, FromRequest, HttpMessage, HttpRequest};
use maud::Markup;
use tilskud_templates::i18n::{t, Lang};
use tilskud_templates::layout::{self, NavItem, PageCtx, UserBadge};

use crate::auth::{CurrentUser, Role};
use crate::error::{AppError, Msg};

#[derive(Clone, Debug)]
pub struct Ctx {
    pub lang: Lang,
    pub user: Option<CurrentUser>,
    pub path: String,
    pub query: String,
}

impl Ctx {
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
            path: self.path.clone(),
            nav,
            flash: None,
        }
    }

    fn nav(&self) -> Vec<NavItem> {
        let Some(u) = &self.user else {
            return Vec::new();
        };
        let mut items = vec![
            ("/pools".to_string(), "nav-pools"),
            ("/monitoring".to_string(), "nav-monitoring"),
        ];
        if let (true, Some(code)) = (u.role.is_municipal(), u.municipality_code) {
            items.push((format!("/municipalities/{code}"), "nav-municipality"));
        }
        if matches!(u.role, Role::Officer | Role::Admin) {
            items.push(("/users".to_string(), "nav-users"));
        }
        if matches!(u.role, Role::Officer | Role::Admin) {
            items.push(("/audit".to_string(), "nav-audit"));
        }
        if matches!(u.role, Role::Officer | Role::Admin) {
            items.push(("/outbox".to_string(), "nav-outbox"));
        }
        items
            .into_iter()
            .map(|(href, key)| NavItem {
                active: self.path == href || self.path.starts_with(&format!("{href}/")),
                label: self.t(key),
                href,
            })
            .collect()
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
            .unwrap_or_else(|| Ctx {
                lang: Lang::Da,
                user: None,
                path: req.path().to_string(),
                query: req.query_string().to_string(),
            });
        ready(Ok(ctx))
    }
}
