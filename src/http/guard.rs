//! The access guard: every route of the tables in `web::routes` and `api::routes` is
//! registered (`configure`) behind a check of who may call it, CSRF for unsafe methods,
//! and a same-origin check on every unsafe request.

use actix_web::body::BoxBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method};
use actix_web::middleware::{from_fn, Next};
use actix_web::{web, Error, HttpMessage, HttpResponse, Route};

use std::sync::Arc;

use actix_web::body::MessageBody;

use super::client::{ClientAddr, Origin};
use super::ctx::Ctx;
use super::middleware::ExpiredUser;
use super::page_cache::{self, Page, PageKey};
use super::routes::RouteSpec;
use super::AppState;
use crate::auth::Decision;
use crate::error::AppError;

/// Registers every route, grouped into one resource per path, each route behind its
/// access guard.
/// The GET routes named in `cached` (patterns) keep their rendered pages
/// (`page_cache`); the POST routes named in `uploads` (file uploads) may carry their
/// CSRF token in the query string.
pub fn configure(
    cfg: &mut web::ServiceConfig,
    table: Vec<(RouteSpec, Route)>,
    cached: &'static [&'static str],
    uploads: &'static [&'static str],
) {
    let mut by_path: Vec<(&'static str, Vec<(RouteSpec, Route)>)> = Vec::new();
    for (spec, route) in table {
        match by_path.iter_mut().find(|(p, _)| *p == spec.path) {
            Some((_, v)) => v.push((spec, route)),
            None => by_path.push((spec.path, vec![(spec, route)])),
        }
    }
    for (path, routes) in by_path {
        let mut resource = web::resource(path);
        for (spec, route) in routes {
            let keep = spec.method == "GET" && cached.contains(&spec.path);
            resource = resource.route(route.wrap(from_fn(move |req, next| {
                check(spec, keep, uploads, req, next)
            })));
        }
        cfg.service(resource);
    }
}

/// The access guard for one route: who may call it, CSRF for unsafe methods, and a
/// same-origin check on every unsafe request (login included).
async fn check(
    spec: RouteSpec,
    keep: bool,
    uploads: &'static [&'static str],
    mut req: ServiceRequest,
    next: Next<BoxBody>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let ctx = req.extensions().get::<Ctx>().cloned();
    let user = ctx.as_ref().and_then(|c| c.user.as_ref());
    let code = req.match_info().get("code").map(str::to_string);
    match spec.access.decide(user, code.as_deref()) {
        Decision::Allow => {}
        Decision::LogIn if !spec.is_api() && req.method() == Method::GET => {
            let target = match req.query_string() {
                "" => req.path().to_string(),
                q => format!("{}?{q}", req.path()),
            };
            let location = format!("/login?next={}", urlencode(&target));
            let res = HttpResponse::SeeOther()
                .insert_header((header::LOCATION, location))
                .finish();
            return Ok(req.into_response(res));
        }
        Decision::LogIn if !spec.is_api() => {
            let expired = req.extensions().get::<ExpiredUser>().copied();
            if let Some(ExpiredUser(user_id)) = expired.filter(|_| same_origin(&req)) {
                return Ok(keep_form(req, user_id).await);
            }
            return Ok(req.error_response(AppError::Unauthorized));
        }
        Decision::LogIn => return Ok(req.error_response(AppError::Unauthorized)),
        Decision::Forbidden => return Ok(req.error_response(AppError::Forbidden)),
    }
    if req.method() != Method::GET && !same_origin(&req) {
        return Ok(req.error_response(AppError::CsrfRejected));
    }
    if spec.needs_csrf() {
        let expected = user.map(|u| u.csrf_token.clone()).unwrap_or_default();
        let query = uploads.contains(&spec.path) && spec.method == "POST";
        if !csrf_ok(&mut req, &expected, query).await {
            // A form over the limit is 413, not a missing token (`http::bad_input`).
            let too_large = req.extensions_mut().remove::<BodyTooLarge>();
            let e = too_large.map_or(AppError::CsrfRejected, |b| b.0);
            return Ok(req.error_response(e));
        }
    }
    match ctx.filter(|_| keep) {
        Some(ctx) => kept_page(ctx, req, next).await,
        None => next.call(req).await,
    }
}

/// A page's form posted after its user's session expired: a urlencoded form is kept for
/// them (`app::kept_forms`) and the login page says so; after logging in they get it
/// back to send again. Anything else (a file upload) cannot be kept, and the login page
/// says that the session ended.
async fn keep_form(mut req: ServiceRequest, user_id: i64) -> ServiceResponse<BoxBody> {
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let body = match is_form {
        true => req.extract::<web::Bytes>().await.ok(),
        false => None,
    };
    let kept = match (state, body) {
        (Some(state), Some(body)) if body.len() <= crate::app::kept_forms::MAX_BODY => {
            let (path, now) = (req.path().to_string(), state.now());
            let token = state
                .db(move |c| crate::app::kept_forms::keep(c, user_id, &path, &body, now))
                .await;
            token.ok().map(|t| state.kept_cookie(&t))
        }
        _ => None,
    };
    let location = if kept.is_some() {
        "/login?kept=1"
    } else {
        "/login?expired=1"
    };
    let mut res = HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish();
    if let Some(cookie) = kept {
        let _ = res.add_cookie(&cookie);
    }
    req.into_response(res)
}

/// A page of a cached route: the kept copy when there is one for this user, language,
/// address and generation, else rendered and kept (`page_cache`).
async fn kept_page(
    ctx: Ctx,
    req: ServiceRequest,
    next: Next<BoxBody>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let (Some(state), Some(user), Some(version)) = (state, ctx.user.as_ref(), ctx.data_version)
    else {
        return next.call(req).await;
    };
    let generation = (version, page_cache::moment(state.now()));
    let key = PageKey {
        user: user.id,
        lang: ctx.lang.tag(),
        target: match req.query_string() {
            "" => req.path().to_string(),
            q => format!("{}?{q}", req.path()),
        },
    };
    if let Some(page) = state.page_cache.get(generation, &key) {
        let res = HttpResponse::Ok()
            .content_type(page.content_type.as_str())
            .body(page.body(&user.csrf_token));
        return Ok(req.into_response(res));
    }
    let res = next.call(req).await?;
    let content_type = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let keepable = res.status() == actix_web::http::StatusCode::OK
        && !res.headers().contains_key(header::SET_COOKIE)
        && content_type
            .as_deref()
            .is_some_and(|t| t.starts_with("text/html"));
    let Some(content_type) = content_type.filter(|_| keepable) else {
        return Ok(res);
    };
    let (req, res) = res.into_parts();
    let (res, body) = res.into_parts();
    match body.try_into_bytes() {
        Ok(bytes) => {
            let page = Page::new(content_type, bytes, &user.csrf_token);
            let body = page.body(&user.csrf_token);
            state.page_cache.put(generation, key, Arc::new(page));
            Ok(ServiceResponse::new(req, res.set_body(BoxBody::new(body))))
        }
        Err(body) => Ok(ServiceResponse::new(req, res.set_body(body))),
    }
}

/// A browser sends `Origin` (or at least `Referer`) on unsafe requests; its scheme, host
/// and port must be this site's as the client addressed it: from the connection, or from
/// the forwarded headers when the peer is a trusted proxy (`client::ClientAddr`).
/// Requests with neither header (curl, API clients) are judged by the CSRF token alone.
fn same_origin(req: &ServiceRequest) -> bool {
    let claimed = req
        .headers()
        .get(header::ORIGIN)
        .or_else(|| req.headers().get(header::REFERER))
        .map(|v| v.to_str().ok().and_then(Origin::parse));
    let Some(claimed) = claimed else {
        return true;
    };
    let trusted = req
        .app_data::<web::Data<AppState>>()
        .map(|s| s.trusted_proxies.clone())
        .unwrap_or_default();
    let client = ClientAddr::from_parts(
        req.head(),
        req.peer_addr(),
        req.app_config().secure(),
        &trusted,
    );
    let ok = claimed.is_some() && claimed == client.origin;
    if !ok && !client.via_proxy && has_forwarded_headers(req) {
        // The usual cause: a reverse proxy in front that is not in `trusted_proxies`, so
        // the scheme or host it forwards is ignored (docs/operations.md).
        tracing::warn!(
            peer = ?client.ip,
            own = ?client.origin.as_ref().map(ToString::to_string),
            claimed = ?claimed.as_ref().map(ToString::to_string),
            "origin check failed for a request with forwarded headers from a peer that is not a trusted proxy"
        );
    }
    ok
}

fn has_forwarded_headers(req: &ServiceRequest) -> bool {
    [
        "forwarded",
        "x-forwarded-host",
        "x-forwarded-proto",
        "x-forwarded-for",
    ]
    .iter()
    .any(|h| req.headers().contains_key(*h))
}

/// The token from the `X-CSRF-Token` header, the `csrf_token` query parameter (only
/// where `query` says so: the file uploads, whose multipart body the guard does not
/// read), or the `csrf_token` field of a urlencoded form body (which is put back for
/// the handler). Elsewhere a token in the address is not accepted: addresses end up in
/// logs, history and `Referer` headers.
async fn csrf_ok(req: &mut ServiceRequest, expected: &str, query: bool) -> bool {
    if expected.is_empty() {
        return false;
    }
    if let Some(v) = req
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
    {
        return constant_time_eq(v.as_bytes(), expected.as_bytes());
    }
    let from_query = web::Query::<Vec<(String, String)>>::from_query(req.query_string())
        .ok()
        .filter(|_| query)
        .and_then(|q| {
            q.iter()
                .find(|(k, _)| k == "csrf_token")
                .map(|(_, v)| v.clone())
        });
    if let Some(v) = from_query {
        return constant_time_eq(v.as_bytes(), expected.as_bytes());
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return false;
    }
    let body = match req.extract::<web::Bytes>().await {
        Ok(body) => body,
        Err(e) => {
            use actix_web::error::PayloadError;
            if let Some(PayloadError::Overflow) = e.as_error::<PayloadError>() {
                let too_large = super::bad_input::payload(PayloadError::Overflow);
                req.extensions_mut().insert(BodyTooLarge(too_large));
            }
            return false;
        }
    };
    let found = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body)
        .ok()
        .and_then(|pairs| {
            pairs
                .into_iter()
                .find(|(k, _)| k == "csrf_token")
                .map(|(_, v)| v)
        });
    req.set_payload(Payload::from(body));
    found.is_some_and(|v| constant_time_eq(v.as_bytes(), expected.as_bytes()))
}

/// Set by `csrf_ok` when the form it read for the token was over the body limit.
struct BodyTooLarge(AppError);

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .map(|e| e.trim_start_matches('=').to_string())
        .unwrap_or_default()
}
