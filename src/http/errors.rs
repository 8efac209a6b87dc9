//! Turns every error into what the caller can use: a friendly page in the user's language
//! (with an incident id for server errors, whose detail goes only to the log), or a JSON
//! body for the API.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, HttpRequest, HttpResponse, ResponseError};
use serde::Serialize;
use tilskud_templates::i18n::Lang;

use super::ctx::Ctx;
use crate::error::{AppError, Msg};

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        // Replaced by `render_errors`, which knows the language and whether this is the API.
        HttpResponse::build(self.status_code()).finish()
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiError {
    /// Machine-readable kind: not_found, unauthorized, forbidden, invalid, conflict, …
    pub error: &'static str,
    /// What went wrong, in the requested language.
    pub message: String,
    /// Per-field problems for `invalid`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<ApiFieldError>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incident_id: Option<String>,
    /// The request's id (also in the `X-Request-Id` header and the server's log lines).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiFieldError {
    pub field: String,
    pub message: String,
}

fn kind(e: &AppError) -> &'static str {
    match e {
        AppError::NotFound => "not_found",
        AppError::Unauthorized => "unauthorized",
        AppError::Forbidden => "forbidden",
        AppError::CsrfRejected => "csrf_rejected",
        AppError::Invalid(_) => "invalid",
        AppError::BadRequest(_) => "bad_request",
        AppError::Conflict(_) => "conflict",
        AppError::TooManyRequests(_) => "too_many_requests",
        AppError::TooLarge(_) => "too_large",
        AppError::Db(_) | AppError::Internal(_) => "internal",
    }
}

/// The message a user sees for an error (never the internal detail).
pub fn message(e: &AppError) -> Msg {
    match e {
        AppError::NotFound => Msg::new("error-not-found"),
        AppError::Unauthorized => Msg::new("error-unauthorized"),
        AppError::Forbidden => Msg::new("error-forbidden"),
        AppError::CsrfRejected => Msg::new("error-csrf"),
        AppError::Invalid(_) => Msg::new("error-invalid"),
        AppError::Conflict(m)
        | AppError::TooManyRequests(m)
        | AppError::TooLarge(m)
        | AppError::BadRequest(m) => m.clone(),
        AppError::Db(_) | AppError::Internal(_) => Msg::new("error-internal"),
    }
}

/// The API's body for an error, in `lang` (without an incident id).
pub fn api_error(e: &AppError, lang: Lang) -> ApiError {
    let fields = match e {
        AppError::Invalid(f) => {
            f.0.iter()
                .map(|(field, m)| ApiFieldError {
                    field: field.clone(),
                    message: m.text(lang),
                })
                .collect()
        }
        _ => Vec::new(),
    };
    ApiError {
        error: kind(e),
        message: message(e).text(lang),
        fields,
        incident_id: None,
        request_id: None,
    }
}

fn incident_id() -> String {
    crate::token::random_token()[..12].to_string()
}

pub async fn render_errors(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let res = next.call(req).await?;
    let status = res.status();
    if !status.is_client_error() && !status.is_server_error() {
        return Ok(res.map_into_boxed_body());
    }
    // Responses that already carry a body (a form re-rendered with its errors) stand.
    let Some(err) = res.response().error() else {
        return Ok(res.map_into_boxed_body());
    };
    let app_err = match err.as_error::<AppError>() {
        Some(e) => clone_kind(e),
        None => match status.as_u16() {
            404 | 405 => AppError::NotFound,
            // A body over an extractor's limit (`PayloadConfig`), however it was read.
            413 => crate::http::upload::too_large(crate::http::upload::BODY_LIMIT),
            s if s >= 500 => AppError::Internal(err.to_string()),
            _ => AppError::Invalid(Default::default()),
        },
    };
    let (req, original) = res.into_parts();
    let mut out = render(&req, &app_err, status);
    // Cookies set on the way out (the language chosen with ?lang=) still apply.
    for cookie in original
        .headers()
        .get_all(actix_web::http::header::SET_COOKIE)
    {
        out.headers_mut()
            .append(actix_web::http::header::SET_COOKIE, cookie.clone());
    }
    Ok(ServiceResponse::new(req, out))
}

/// `AppError` holds a diesel error, which is not `Clone`; keep what rendering needs.
fn clone_kind(e: &AppError) -> AppError {
    match e {
        AppError::NotFound => AppError::NotFound,
        AppError::Unauthorized => AppError::Unauthorized,
        AppError::Forbidden => AppError::Forbidden,
        AppError::CsrfRejected => AppError::CsrfRejected,
        AppError::Invalid(f) => AppError::Invalid(f.clone()),
        AppError::Conflict(m) => AppError::Conflict(m.clone()),
        AppError::TooManyRequests(m) => AppError::TooManyRequests(m.clone()),
        AppError::TooLarge(m) => AppError::TooLarge(m.clone()),
        AppError::BadRequest(m) => AppError::BadRequest(m.clone()),
        AppError::Db(d) => AppError::Internal(d.to_string()),
        AppError::Internal(s) => AppError::Internal(s.clone()),
    }
}

pub fn render(req: &HttpRequest, e: &AppError, status: StatusCode) -> HttpResponse {
    let ctx = req.extensions().get::<Ctx>().cloned();
    let lang = ctx.as_ref().map(|c| c.lang).unwrap_or(Lang::Da);
    let request_id = req
        .extensions()
        .get::<super::observe::RequestId>()
        .map(|r| r.0.clone());
    let incident = if status.is_server_error() {
        // The request id is the incident id: one id to quote, found in every log line.
        let id = request_id.clone().unwrap_or_else(incident_id);
        tracing::error!(incident = %id, path = %req.path(), error = %e, "request failed");
        Some(id)
    } else {
        None
    };
    if req.path().starts_with("/api/") {
        let mut body = api_error(e, lang);
        body.incident_id = incident;
        body.request_id = request_id;
        return HttpResponse::build(status).json(body);
    }
    let ctx = ctx.unwrap_or_else(|| Ctx::anonymous(lang, req));
    // Specific messages (a conflict's who and when) are shown; generic ones are already
    // in the page's own text.
    let detail = match e {
        AppError::Conflict(m)
        | AppError::TooManyRequests(m)
        | AppError::TooLarge(m)
        | AppError::BadRequest(m) => Some(ctx.msg(m)),
        AppError::CsrfRejected => Some(ctx.t("error-csrf")),
        _ => None,
    };
    let markup = tilskud_templates::error_page::error_page_with_request(
        &ctx.page_ctx(),
        status.as_u16(),
        incident.as_deref(),
        detail.as_deref(),
        request_id.as_deref(),
    );
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(markup.into_string())
}

/// Unmatched paths.
pub async fn not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::NotFound)
}
