//! The outermost layer of every request: its request id (taken from a short, safe
//! `X-Request-Id` or made up), a log span carrying it, so every line logged while the
//! request is served names it, the id sent back as `X-Request-Id`, and the request
//! counted in the metrics under its route pattern (never the raw path, which would make
//! a series per pool and municipality).

use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderMap, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage};
use tracing::Instrument;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The id of the request being served (in the request's extensions).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestId(pub String);

/// An incoming id is kept only if it is short and made of letters, digits, `-`, `_` and
/// `.`: it goes into log lines, a header and a page, so nothing else gets through.
pub fn accepted(value: &str) -> bool {
    (1..=64).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

fn incoming(headers: &HeaderMap) -> Option<String> {
    let v = headers.get(&REQUEST_ID)?.to_str().ok()?;
    accepted(v).then(|| v.to_string())
}

/// 16 random hex digits.
fn new_id() -> String {
    crate::token::random_token()[..16].to_string()
}

/// Methods are labels too; anything but the usual ones is counted as "other".
fn method_label(m: &actix_web::http::Method) -> &'static str {
    use actix_web::http::Method;
    match *m {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let started = Instant::now();
    let id = incoming(req.headers()).unwrap_or_else(new_id);
    req.extensions_mut().insert(RequestId(id.clone()));
    let method = method_label(req.method());
    // At error level so that the span, and with it the id, is there whatever the filter.
    let span = tracing::error_span!("request", request_id = %id);
    let res = next.call(req).instrument(span).await;
    let header = HeaderValue::from_str(&id).ok();
    match res {
        Ok(res) => {
            let route = res.request().match_pattern();
            crate::metrics::request_finished(
                route.as_deref().unwrap_or("unmatched"),
                method,
                res.status().as_u16(),
                started.elapsed(),
            );
            let mut res = res.map_into_boxed_body();
            if let Some(h) = header {
                res.headers_mut().insert(REQUEST_ID, h);
            }
            Ok(res)
        }
        Err(e) => {
            let status = e.as_response_error().status_code().as_u16();
            crate::metrics::request_finished("unmatched", method, status, started.elapsed());
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_short_safe_request_ids_are_kept() {
        assert!(accepted("abc-123_X.y"));
        assert!(accepted(&"a".repeat(64)));
        assert!(!accepted(""));
        assert!(!accepted(&"a".repeat(65)));
        assert!(!accepted("a b"));
        assert!(!accepted("a\"<script>"));
        assert!(!accepted("line\nbreak"));
    }
}
