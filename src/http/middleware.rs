//! Request middleware: the session/language layer (app-wide) and the access guard that
//! wraps every route with the access its table entry declares.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method};
use actix_web::middleware::Next;
use actix_web::{web, Error, HttpMessage, HttpResponse};
use tilskud_templates::i18n::Lang;

use super::ctx::Ctx;
use super::routes::RouteSpec;
use super::AppState;
use crate::auth::{session, Decision};
use crate::error::AppError;

const LANG_COOKIE: &str = "lang";

/// Loads the session's user and the language, once per request, into a `Ctx`.
pub async fn session_layer(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    if req.path().starts_with("/static/") || req.path() == "/health" {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    }
    let asked = web::Query::<Vec<(String, String)>>::from_query(req.query_string())
        .ok()
        .and_then(|q| {
            q.iter()
                .find(|(k, _)| k == "lang")
                .and_then(|(_, v)| Lang::from_tag(v))
        });
    let lang = asked
        .or_else(|| {
            req.cookie(LANG_COOKIE)
                .and_then(|c| Lang::from_tag(c.value()))
        })
        .unwrap_or(Lang::Da);
    let mut user = None;
    if let Some(state) = req.app_data::<web::Data<AppState>>().cloned() {
        if let Some(token) = req
            .cookie(state.cookie_name())
            .map(|c| c.value().to_string())
        {
            let policy = state.policy;
            let now = state.now();
            let found = state
                .read(move |c| Ok(session::lookup(c, &token, now, &policy)?))
                .await
                .map_err(Error::from)?;
            user = match found {
                session::Lookup::Missing => None,
                session::Lookup::Expired { session_id } => {
                    state
                        .db(move |c| Ok(session::delete(c, &session_id)?))
                        .await
                        .map_err(Error::from)?;
                    None
                }
                session::Lookup::Valid { user, touch } => {
                    if touch {
                        let id = user.session_id.clone();
                        state
                            .db(move |c| Ok(session::touch(c, &id, now)?))
                            .await
                            .map_err(Error::from)?;
                    }
                    Some(*user)
                }
            };
        }
    }
    req.extensions_mut().insert(Ctx {
        lang,
        user,
        path: req.path().to_string(),
        query: req.query_string().to_string(),
    });
    let mut res = next.call(req).await?.map_into_boxed_body();
    if let Some(l) = asked {
        let cookie = Cookie::build(LANG_COOKIE, l.tag())
            .path("/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .max_age(actix_web::cookie::time::Duration::days(365))
            .finish();
        let _ = res.response_mut().add_cookie(&cookie);
    }
    Ok(res)
}

/// The access guard for one route: who may call it, CSRF for unsafe methods, and a
/// same-origin check on every unsafe request (login included).
pub async fn check(
    spec: RouteSpec,
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
        Decision::LogIn => return Ok(req.error_response(AppError::Unauthorized)),
        Decision::Forbidden => return Ok(req.error_response(AppError::Forbidden)),
    }
    if req.method() != Method::GET && !same_origin(&req) {
        return Ok(req.error_response(AppError::CsrfRejected));
    }
    if spec.needs_csrf() {
        let expected = user.map(|u| u.csrf_token.clone()).unwrap_or_default();
        if !csrf_ok(&mut req, &expected).await {
            return Ok(req.error_response(AppError::CsrfRejected));
        }
    }
    next.call(req).await
}

/// A browser sends `Origin` on unsafe requests; it must name this host. Requests without
/// it (curl, API clients) are judged by the CSRF token alone.
fn same_origin(req: &ServiceRequest) -> bool {
    let Some(origin) = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
    else {
        return true;
    };
    let host = req.connection_info().host().to_string();
    let origin_host = origin.split_once("://").map(|(_, h)| h).unwrap_or(origin);
    origin_host.eq_ignore_ascii_case(&host)
}

/// The token from the `X-CSRF-Token` header, the `csrf_token` query parameter (file
/// uploads), or the `csrf_token` field of a urlencoded form body (which is put back for
/// the handler).
async fn csrf_ok(req: &mut ServiceRequest, expected: &str) -> bool {
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
    let Ok(body) = req.extract::<web::Bytes>().await else {
        return false;
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

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .map(|e| e.trim_start_matches('=').to_string())
        .unwrap_or_default()
}
