//! Friendly error pages. They say what a person can do, never what broke: details
//! stay in the server log under the incident id.

use maud::{html, Markup};

use crate::i18n::{t, t_args, Lang};
use crate::layout::{page, PageCtx};

/// Catalogue keys (title, body) for a status code.
fn keys(status: u16) -> (&'static str, &'static str) {
    match status {
        400 | 422 => ("error-400-title", "error-400-body"),
        401 => ("error-401-title", "error-401-body"),
        403 => ("error-403-title", "error-403-body"),
        404 | 410 => ("error-404-title", "error-404-body"),
        409 => ("error-409-title", "error-409-body"),
        413 => ("error-413-title", "error-413-body"),
        429 => ("error-429-title", "error-429-body"),
        503 => ("error-503-title", "error-503-body"),
        500..=599 => ("error-500-title", "error-500-body"),
        _ => ("error-generic-title", "error-generic-body"),
    }
}

/// Title and explanation for `status` in `lang`, for JSON errors or tests.
pub fn error_texts(lang: Lang, status: u16) -> (String, String) {
    let (title, body) = keys(status);
    (t(lang, title), t(lang, body))
}

/// A complete error page for `status`, with the incident id when the server logged
/// one (normally for 5xx), and `detail` when the app can say more precisely what is
/// wrong (e.g. who approved a version first).
pub fn error_page(
    ctx: &PageCtx,
    status: u16,
    incident_id: Option<&str>,
    detail: Option<&str>,
) -> Markup {
    error_page_with_request(ctx, status, incident_id, detail, None)
}

/// Like `error_page`, with the request's id in small print when there is no incident id
/// (for a server error the incident id is the request id), so support can find the
/// request's log lines.
pub fn error_page_with_request(
    ctx: &PageCtx,
    status: u16,
    incident_id: Option<&str>,
    detail: Option<&str>,
    request_id: Option<&str>,
) -> Markup {
    let lang = ctx.lang;
    let (title, body) = error_texts(lang, status);
    let content = html! {
        h1 { (title) }
        p { (body) }
        @if let Some(d) = detail { p #error-detail { (d) } }
        @if let Some(id) = incident_id {
            p {
                strong { (t_args(lang, "error-incident", &[("id", id.into())])) }
                br;
                (t(lang, "error-incident-help"))
            }
        }
        p { a href="/" { (t(lang, "error-go-home")) } }
        @if let (None, Some(id)) = (incident_id, request_id) {
            p .request-id { small { (t_args(lang, "error-request-id", &[("id", id.into())])) } }
        }
    };
    page(ctx, &title, content)
}
