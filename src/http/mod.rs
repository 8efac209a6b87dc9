//! Request plumbing shared by the pages (`web`) and the JSON API (`api`): the state every
//! request sees, the session context, the route table's guard, and the error mapping.
//! Neither `web` nor `api` imports the other; both import this.

pub mod allow;
pub mod bad_input;
pub mod client;
pub mod ctx;
pub mod errors;
pub mod guard;
pub mod middleware;
pub mod observe;
pub mod page_cache;
pub mod routes;
pub mod upload;

use actix_web::cookie::{Cookie, SameSite};

use crate::app::clock::SharedClock;
use crate::auth::session::Policy;
use crate::db::Pool;

/// Shared by every request. Holds nothing that matters beyond a restart: sessions, data
/// and jobs live in the database, so several instances can serve the same database.
#[derive(Clone)]
pub struct AppState {
    pub pool: Pool,
    pub policy: Policy,
    pub cookie_secure: bool,
    /// Reads run on the HTTP worker itself (see `read`).
    pub inline_reads: bool,
    /// Lines of allocation versions, which never change once written (the database
    /// refuses updates and deletes), so a copy in memory cannot go stale on any instance.
    pub lines_cache: std::sync::Arc<crate::db::queries::allocations::LinesCache>,
    /// Rendered allocation tables, by version, language and order: derived only from
    /// immutable lines, so equally safe to keep.
    pub tables: std::sync::Arc<FragmentCache>,
    /// Reads tagged with the data version they were read at (`app::cache`).
    pub cache: std::sync::Arc<crate::app::cache::ReadCache>,
    /// The key that pseudonymises CPR numbers in monitoring uploads, if configured.
    pub pseudonym_key: Option<String>,
    /// The key of the evaluator's pseudonyms in the questionnaire delivery, if configured.
    pub evaluator_key: Option<String>,
    /// Where the pseudonymised rows of an upload wait, in an anonymous file, until the
    /// import (never the uploaded file itself).
    pub upload_dir: std::path::PathBuf,
    /// The time operations run at (the system clock outside tests).
    pub clock: SharedClock,
    /// The pages' route table (`web::routes::specs()`): the navigation shows a link
    /// exactly when its route's access rule lets the user in.
    pub pages: ctx::PageTable,
    /// The largest document an upload may carry (`Config::document_max_bytes`).
    pub document_max_bytes: usize,
    /// The largest monitoring file an upload may carry (`Config::monitoring_max_bytes`).
    pub monitoring_max_bytes: usize,
    /// The database's counters as the watcher last read them (`app::freshness`).
    pub freshness: std::sync::Arc<crate::app::freshness::Freshness>,
    /// Sessions read from the database, used while the counters are unchanged.
    pub sessions: std::sync::Arc<crate::app::freshness::Sessions>,
    /// Whole rendered pages of the read-only page routes (`page_cache`).
    pub page_cache: std::sync::Arc<page_cache::PageCache>,
    /// The proxies whose forwarded headers are believed (`client::ClientAddr`).
    pub trusted_proxies: client::TrustedProxies,
}

/// Key of a rendered allocation table: version id, language, sort key, direction.
pub type TableKey = (i64, &'static str, String, &'static str);

/// A bounded map of rendered HTML fragments of immutable data.
#[derive(Default)]
pub struct FragmentCache(
    std::sync::RwLock<std::collections::HashMap<TableKey, std::sync::Arc<str>>>,
);

impl FragmentCache {
    const CAPACITY: usize = 1024;

    pub fn get_or_render(
        &self,
        key: TableKey,
        render: impl FnOnce() -> String,
    ) -> std::sync::Arc<str> {
        if let Some(hit) = self.0.read().ok().and_then(|m| m.get(&key).cloned()) {
            return hit;
        }
        let html: std::sync::Arc<str> = std::sync::Arc::from(render());
        if let Ok(mut m) = self.0.write() {
            if m.len() >= Self::CAPACITY {
                m.clear();
            }
            m.insert(key, html.clone());
        }
        html
    }
}

impl AppState {
    /// Now, by the server's clock.
    pub fn now(&self) -> chrono::NaiveDateTime {
        self.clock.now()
    }

    pub fn cookie_name(&self) -> &'static str {
        // The __Host- prefix makes browsers refuse the cookie unless it is Secure, for the
        // whole host and set by it: no subdomain can plant or widen it.
        if self.cookie_secure {
            "__Host-tilskud"
        } else {
            "tilskud"
        }
    }

    /// The session cookie carrying `token`: for the whole site, out of reach of scripts,
    /// never sent by another site's request, and Secure behind TLS.
    pub fn session_cookie(&self, token: &str) -> Cookie<'static> {
        Cookie::build(self.cookie_name(), token.to_string())
            .path("/")
            .http_only(true)
            .secure(self.cookie_secure)
            .same_site(SameSite::Strict)
            .finish()
    }

    /// The cookie that carries the data version a user's last write produced
    /// (`app::freshness`): not a secret, and only ever makes a request ask the database.
    pub fn version_cookie_name(&self) -> &'static str {
        if self.cookie_secure {
            "__Host-tilskud-v"
        } else {
            "tilskud-v"
        }
    }

    pub fn version_cookie(&self, version: i64) -> Cookie<'static> {
        Cookie::build(self.version_cookie_name(), version.to_string())
            .path("/")
            .http_only(true)
            .secure(self.cookie_secure)
            .same_site(SameSite::Strict)
            .finish()
    }

    /// The cookie that points at a form kept after the session ended
    /// (`app::kept_forms`): `Lax`, so that it comes along with the login's redirect.
    pub fn kept_cookie_name(&self) -> &'static str {
        if self.cookie_secure {
            "__Host-tilskud-kept"
        } else {
            "tilskud-kept"
        }
    }

    pub fn kept_cookie(&self, token: &str) -> Cookie<'static> {
        Cookie::build(self.kept_cookie_name(), token.to_string())
            .path("/")
            .http_only(true)
            .secure(self.cookie_secure)
            .same_site(SameSite::Lax)
            .max_age(actix_web::cookie::time::Duration::hours(
                crate::app::kept_forms::KEEP_FOR.num_hours(),
            ))
            .finish()
    }

    pub fn kept_cookie_removal(&self) -> Cookie<'static> {
        let mut gone = self.kept_cookie("");
        gone.make_removal();
        gone
    }

    /// Tells the browser to drop the session cookie.
    pub fn session_cookie_removal(&self) -> Cookie<'static> {
        let mut gone = self.session_cookie("");
        gone.make_removal();
        gone
    }

    /// Runs a short read. By default (`inline_reads`) it runs right here on the HTTP
    /// worker: on SQLite an indexed read takes microseconds, less than the two thread
    /// switches of handing it to the blocking pool; on PostgreSQL the worker waits one
    /// round trip, which measured a lower tail latency than the hand-off under load
    /// (`docs/operations.md`). With `inline_reads = false` it goes to the blocking pool
    /// like any write.
    pub async fn read<T, F>(&self, f: F) -> crate::error::AppResult<T>
    where
        F: FnOnce(&mut crate::db::DbConn) -> crate::error::AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        if self.inline_reads {
            let mut conn = self.pool.get()?;
            f(&mut conn)
        } else {
            self.db(f).await
        }
    }

    /// A read through this instance's cache: taken from memory when it was stored under
    /// the data version the request's session check saw, else run by `read` and kept.
    /// Without a session (no version seen) it is simply read. `key` names the read and
    /// everything it depends on (ids, and today's date where the read uses it).
    pub async fn cached<T, F>(
        &self,
        ctx: &ctx::Ctx,
        key: String,
        f: F,
    ) -> crate::error::AppResult<std::sync::Arc<T>>
    where
        F: FnOnce(&mut crate::db::DbConn) -> crate::error::AppResult<T> + Send + 'static,
        T: Send + Sync + 'static,
    {
        let Some(version) = ctx.data_version else {
            return self.read(f).await.map(std::sync::Arc::new);
        };
        if let Some(hit) = self.cache.get::<T>(version, &key) {
            return Ok(hit);
        }
        let value = std::sync::Arc::new(self.read(f).await?);
        self.cache.put(version, key, value.clone());
        Ok(value)
    }

    /// Rendered HTML that depends only on data read at the request's data version (and
    /// what `key` names, e.g. the language): kept like a cached read (`cached`).
    pub fn fragment(
        &self,
        ctx: &ctx::Ctx,
        key: String,
        render: impl FnOnce() -> String,
    ) -> std::sync::Arc<String> {
        self.cache.get_or_put(ctx.data_version, key, render)
    }

    /// Runs blocking database work (writes, which wait for the disk) off the async workers.
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

/// A complete HTML page response.
pub fn html(markup: maud::Markup) -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(markup.into_string())
}

/// A download: the body with its type and file name.
pub fn attachment(content_type: &str, name: &str, body: Vec<u8>) -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .body(body)
}

/// A page re-rendered with the user's input and what is wrong with it.
pub fn html_invalid(markup: maud::Markup) -> actix_web::HttpResponse {
    actix_web::HttpResponse::UnprocessableEntity()
        .content_type("text/html; charset=utf-8")
        .body(markup.into_string())
}

/// A UTC time as Copenhagen local time, "02.06.2017 12:00" (for tables).
pub fn local(t: chrono::NaiveDateTime) -> String {
    crate::error::local_text(t)
}

/// A UTC time as Copenhagen local time in words, "2. juni 2017 kl. 12.00" (for text).
pub fn local_long(lang: tilskud_templates::i18n::Lang, t: chrono::NaiveDateTime) -> String {
    crate::error::local_long_text(lang, t)
}

pub fn date(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    tilskud_templates::fmt::date_da(d.year(), d.month(), d.day())
}

/// A date as people read it: "31. december 2019" ("31 December 2019" in English).
pub fn long_date(lang: tilskud_templates::i18n::Lang, d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    tilskud_templates::fmt::date_long(lang, d.year(), d.month(), d.day())
}

/// A date typed as `yyyy-mm-dd` (a date field's value) as people read it; text that is
/// no such date is shown as typed.
pub fn long_date_text(lang: tilskud_templates::i18n::Lang, text: &str) -> String {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(|d| long_date(lang, d))
        .unwrap_or_else(|_| text.to_string())
}

/// Field errors translated for a page.
pub fn errors_text(ctx: &ctx::Ctx, e: &crate::error::FieldErrors) -> Vec<(String, String)> {
    e.0.iter().map(|(f, m)| (f.clone(), ctx.msg(m))).collect()
}

/// An amount in øre in Danish notation ("2.235.074 kr.", "-74,50 kr.").
pub fn money_text(ore: i64) -> String {
    tilskud_templates::pages::money(ore)
}
