//! The session/language layer (app-wide): who is asking and in which language, once per
//! request, into a `Ctx`. The per-route access guard is `http::guard`.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{web, Error, HttpMessage};
use tilskud_templates::i18n::Lang;

use super::ctx::Ctx;
use super::AppState;
use crate::auth::{session, CurrentUser};

const LANG_COOKIE: &str = "lang";

/// Loads the session's user and the language, once per request, into a `Ctx`.
pub async fn session_layer(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    // Files the same for everyone need nobody's session.
    if req.path().starts_with("/static/")
        || req.path().starts_with("/public/")
        || req.path() == "/health"
    {
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
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let token = state
        .as_ref()
        .and_then(|s| req.cookie(s.cookie_name()))
        .map(|c| c.value().to_string());
    let (user, data_version) = match (&state, token) {
        (Some(state), Some(token)) => current_user(state, token).await?,
        _ => None,
    }
    .map_or((None, None), |(u, v)| (Some(u), Some(v)));
    req.extensions_mut().insert(Ctx {
        lang,
        user,
        data_version,
        path: req.path().to_string(),
        query: req.query_string().to_string(),
        pages: state.map(|s| s.pages.clone()).unwrap_or_else(|| [].into()),
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

/// The user behind a session cookie, with the data version read in the same statement.
/// Finding it is a read; only an expired session (to delete) or a due `last_seen_at` (at
/// most once a minute) costs a write.
async fn current_user(
    state: &AppState,
    token: String,
) -> Result<Option<(CurrentUser, i64)>, Error> {
    let policy = state.policy;
    let now = state.now();
    let found = state
        .read(move |c| Ok(session::lookup(c, &token, now, &policy)?))
        .await?;
    Ok(match found {
        session::Lookup::Missing => None,
        session::Lookup::Expired { session_id } => {
            state
                .db(move |c| Ok(session::delete(c, &session_id)?))
                .await?;
            None
        }
        session::Lookup::Valid {
            user,
            touch,
            data_version,
        } => {
            if touch {
                let id = user.session_id.clone();
                state.db(move |c| Ok(session::touch(c, &id, now)?)).await?;
            }
            Some((*user, data_version))
        }
    })
}
