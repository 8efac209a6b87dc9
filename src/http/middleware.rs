//! The session/language layer (app-wide): who is asking and in which language, once per
//! request, into a `Ctx`. The per-route access guard is `http::guard`.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{web, Error, HttpMessage};
use tilskud_templates::i18n::Lang;

use super::ctx::Ctx;
use super::AppState;
use crate::app::freshness::KnownSession;
use crate::auth::{session, CurrentUser};

const LANG_COOKIE: &str = "lang";

/// The user whose session cookie came with the request but had just expired (idle too
/// long): a form they posted is kept for them (`http::guard`, `app::kept_forms`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExpiredUser(pub i64);

/// Loads the session's user and the language, once per request, into a `Ctx`.
pub async fn session_layer(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    // Files the same for everyone need nobody's session.
    if req.path().starts_with("/static/")
        || req.path().starts_with("/public/")
        || req.path() == "/health"
        || req.path() == "/ready"
        || req.path() == "/metrics"
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
    let seen = state
        .as_ref()
        .and_then(|s| req.cookie(s.version_cookie_name()))
        .and_then(|c| c.value().parse::<i64>().ok());
    let mut expired = None;
    let (user, data_version) = match (&state, token) {
        (Some(state), Some(token)) => current_user(state, token, seen, &mut expired).await?,
        _ => None,
    }
    .map_or((None, None), |(u, v)| (Some(u), Some(v)));
    if let Some(e) = expired {
        req.extensions_mut().insert(e);
    }
    let writes = !matches!(*req.method(), Method::GET | Method::HEAD);
    let questionnaire_pool = match (&state, &user, data_version) {
        (Some(state), Some(_), Some(version)) if !req.path().starts_with("/api/") => {
            questionnaire_pool(state, version).await?
        }
        _ => None,
    };
    req.extensions_mut().insert(Ctx {
        lang,
        user,
        data_version,
        path: req.path().to_string(),
        query: req.query_string().to_string(),
        pages: state
            .as_ref()
            .map(|s| s.pages.clone())
            .unwrap_or_else(|| [].into()),
        idle_minutes: state.as_ref().map_or(0, |s| s.policy.idle.num_minutes()),
        questionnaire_pool,
    });
    let mut res = next.call(req).await?.map_into_boxed_body();
    if let Some(state) = state.filter(|s| writes && s.freshness.enabled()) {
        // What this write produced is known here at once, and travels with the user to
        // whichever instance serves the next request (`app::freshness`).
        let versions = state.read(|c| Ok(session::versions(c)?)).await?;
        state.freshness.observe(versions);
        let _ = res
            .response_mut()
            .add_cookie(&state.version_cookie(versions.data));
    }
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

/// The pool the menu's questionnaire entry leads to, kept in the read cache under the
/// data version (`app::cache`): read once per change, not once per page.
async fn questionnaire_pool(state: &AppState, version: i64) -> Result<Option<i64>, Error> {
    const KEY: &str = "questionnaire/home-pool";
    if let Some(hit) = state.cache.get::<Option<i64>>(version, KEY) {
        return Ok(*hit);
    }
    let found = state.read(crate::app::questionnaire::home_pool).await?;
    state
        .cache
        .put(version, KEY.to_string(), std::sync::Arc::new(found));
    Ok(found)
}

/// The user behind a session cookie, with the data version the request is served at.
/// Taken from memory while the watcher vouches for the counters it was read at and the
/// user's own last write is not newer (`seen`); otherwise read from the database, with
/// the data version in the same statement. Finding it is a read; only an expired session
/// (to delete) or a due `last_seen_at` (at most once a minute) costs a write.
async fn current_user(
    state: &AppState,
    token: String,
    seen: Option<i64>,
    expired: &mut Option<ExpiredUser>,
) -> Result<Option<(CurrentUser, i64)>, Error> {
    let policy = state.policy;
    let now = state.now();
    let id = session::token_id(&token);
    let known = state
        .freshness
        .current()
        .filter(|at| seen.is_none_or(|s| s <= at.data))
        .and_then(|at| state.sessions.get(&id, at));
    if let Some(known) = known {
        // Idle too long by what this instance saw: the database decides (another
        // instance may have seen the session since).
        if let Some(touch) = session::judge(known.created_at, known.last_seen_at, now, &policy) {
            if touch {
                let sid = id.clone();
                state.db(move |c| Ok(session::touch(c, &sid, now)?)).await?;
                state.sessions.touched(&id, now);
            }
            return Ok(Some((known.user, known.at.data)));
        }
    }
    let found = state
        .read(move |c| Ok(session::lookup(c, &token, now, &policy)?))
        .await?;
    Ok(match found {
        session::Lookup::Missing => None,
        session::Lookup::Expired {
            session_id,
            user_id,
        } => {
            state
                .db(move |c| Ok(session::delete(c, &session_id)?))
                .await?;
            *expired = Some(ExpiredUser(user_id));
            None
        }
        session::Lookup::Valid {
            user,
            touch,
            versions,
            created_at,
            last_seen_at,
        } => {
            if touch {
                let id = user.session_id.clone();
                state.db(move |c| Ok(session::touch(c, &id, now)?)).await?;
            }
            if state.freshness.enabled() {
                state.freshness.observe(versions);
                state.sessions.put(
                    id,
                    KnownSession {
                        user: (*user).clone(),
                        created_at,
                        last_seen_at: if touch { now } else { last_seen_at },
                        at: versions,
                    },
                );
            }
            Some((*user, versions.data))
        }
    })
}
