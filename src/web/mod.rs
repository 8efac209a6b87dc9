//! The HTML interface and the route table that both it and the JSON API are served from.

pub mod allocations;
pub mod assets;
pub mod audit;
pub mod ctx;
pub mod errors;
pub mod login;
pub mod middleware;
pub mod municipalities;
pub mod pools;
pub mod routes;
pub mod users;

use crate::auth::session::Policy;
use crate::db::Pool;

/// Shared by every request. Holds nothing that matters beyond a restart: sessions, data
/// and jobs live in the database, so several instances can serve the same database.
#[derive(Clone)]
pub struct AppState {
    pub pool: Pool,
    pub policy: Policy,
    pub cookie_secure: bool,
}

impl AppState {
    pub fn cookie_name(&self) -> &'static str {
        // The __Host- prefix makes browsers refuse the cookie unless it is Secure, for the
        // whole host and set by it: no subdomain can plant or widen it.
        if self.cookie_secure {
            "__Host-tilskud"
        } else {
            "tilskud"
        }
    }

    /// Runs blocking database work off the async workers.
    pub async fn db<T, F>(&self, f: F) -> crate::error::AppResult<T>
    where
        F: FnOnce(&mut crate::db::DbConn) -> crate::error::AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        actix_web::web::block(move || {
            let mut conn = pool.get()?;
            f(&mut conn)
        })
        .await?
    }
}

pub fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

/// A complete HTML page response.
pub fn html(markup: maud::Markup) -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(markup.into_string())
}

/// A page re-rendered with the user's input and what is wrong with it.
pub fn html_invalid(markup: maud::Markup) -> actix_web::HttpResponse {
    actix_web::HttpResponse::UnprocessableEntity()
        .content_type("text/html; charset=utf-8")
        .body(markup.into_string())
}

/// A UTC time as Copenhagen local time, "02-06-2017 12:00".
pub fn local(t: chrono::NaiveDateTime) -> String {
    use chrono::{Datelike, Timelike};
    let l = crate::domain::time::to_local(t.and_utc());
    tilskud_templates::fmt::datetime_da(l.year(), l.month(), l.day(), l.hour(), l.minute())
}

pub fn date(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    tilskud_templates::fmt::date_da(d.year(), d.month(), d.day())
}

/// Field errors translated for a page.
pub fn errors_text(ctx: &ctx::Ctx, e: &crate::error::FieldErrors) -> Vec<(String, String)> {
    e.0.iter().map(|(f, m)| (f.clone(), ctx.msg(m))).collect()
}
