//! The JSON API under /api/v1: the same operations as the HTML interface, with the same
//! sessions, access rules and validation. Described at /api/v1/openapi.json.

pub mod account_reviews;
pub mod allocations;
pub mod applications;
pub mod audit;
pub mod finance_acts;
pub mod idempotency;
pub mod ledger;
pub mod monitoring;
pub mod municipal_accounts;
pub mod municipalities;
pub mod outbox;
pub mod payouts;
pub mod pools;
pub mod questionnaire;
pub mod routes;
pub mod session;
pub mod users;

use actix_web::HttpResponse;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "tilskud API", version = "1", description = "Grant pools, target groups, allocations, applications, commitments, rates and payouts, the progression questionnaire, and users. Log in with POST /api/v1/session; send the returned csrf_token as X-CSRF-Token on every write. The payout POSTs take an optional Idempotency-Key header (docs/api.md)."),
    paths(
        session::login, session::logout, session::me,
        municipalities::municipalities, municipalities::municipality, pools::list, pools::create, pools::get, pools::update,
        pools::target_groups, pools::import, pools::applied,
        allocations::list, allocations::run, allocations::compare, allocations::approved, allocations::get, allocations::approve,
        applications::list, applications::get, applications::save, applications::submit, applications::withdraw,
        applications::decide, applications::approve, applications::commitment,
        users::list, users::create, users::update,
        finance_acts::list, finance_acts::register, finance_acts::correct,
        monitoring::national, monitoring::municipality, monitoring::import_national, monitoring::import_municipality,
        account_reviews::list, account_reviews::get, account_reviews::start, account_reviews::save,
        account_reviews::approve, account_reviews::send_back, account_reviews::deadline,
        account_reviews::settlement, account_reviews::claim, account_reviews::claim_received,
        account_reviews::claim_write_off,
        audit::list,
        outbox::list,
        municipal_accounts::get, municipal_accounts::version, municipal_accounts::save,
        municipal_accounts::submit, municipal_accounts::upload,
        payouts::rates, payouts::request, payouts::request_document, payouts::prepare, payouts::cancel, payouts::propose_override,
        payouts::refuse, payouts::approve, payouts::reject, payouts::decide_override,
        payouts::queue, payouts::create_batch, payouts::batch, payouts::batch_csv, payouts::batch_xlsx,
        payouts::mark_paid, ledger::ledger,
        questionnaire::set, questionnaire::save_set, questionnaire::set_window, questionnaire::due_counts,
        questionnaire::results, questionnaire::deliver, questionnaire::due_list, questionnaire::record,
        questionnaire::import, questionnaire::municipality_results,
    ),
    components(schemas(crate::http::errors::ApiError, crate::http::errors::ApiFieldError)),
    modifiers(&CookieAuth, &CommonResponses),
)]
pub struct ApiDoc;

struct CookieAuth;

impl utoipa::Modify for CookieAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                "tilskud",
                "Session cookie from POST /api/v1/session (named __Host-tilskud when served over HTTPS)",
            ))),
        );
        components.add_security_scheme(
            "csrf",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-CSRF-Token",
                "Required on POST, PUT and DELETE",
            ))),
        );
    }
}

/// The answers every operation can get from the shared plumbing rather than from its
/// handler, added where they occur (decided from the route table, so the document and
/// the guard cannot disagree): 400 for a query string that cannot be read, 401 without a
/// session, 403 for a role that may not use the route or a write without its CSRF token
/// or from a foreign origin, 404 for a path parameter that is not a number or names
/// nothing, 413 for a body over its limit, 422 for a body that cannot be read or an
/// Idempotency-Key used for another request.
struct CommonResponses;

impl utoipa::Modify for CommonResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use crate::auth::Access;
        use utoipa::openapi::path::ParameterIn;
        let specs = routes::specs();
        for (path, item) in openapi.paths.paths.iter_mut() {
            let ops = [
                ("GET", item.get.as_mut()),
                ("POST", item.post.as_mut()),
                ("PUT", item.put.as_mut()),
                ("DELETE", item.delete.as_mut()),
            ];
            for (method, op) in ops {
                let Some(op) = op else { continue };
                let Some(spec) = specs
                    .iter()
                    .find(|s| s.method == method && s.path == path.as_str())
                else {
                    continue;
                };
                let has_query = op
                    .parameters
                    .iter()
                    .flatten()
                    .any(|p| p.parameter_in == ParameterIn::Query);
                let has_body = op.request_body.is_some();
                let has_key = op.parameters.iter().flatten().any(|p| {
                    p.parameter_in == ParameterIn::Header && p.name == idempotency::HEADER
                });
                let common = [
                    (400, has_query, "A query parameter could not be read"),
                    (401, spec.access != Access::Public, "Not logged in (or the session has ended)"),
                    (
                        403,
                        !matches!(spec.access, Access::Public | Access::Session) || method != "GET",
                        "The role may not use this route, or a write without the session's X-CSRF-Token or from a foreign Origin",
                    ),
                    (404, path.contains('{'), "Nothing with this id, or a path parameter that is not a number"),
                    (413, has_body, "The body is over its size limit"),
                    (
                        422,
                        has_body || has_key,
                        "The body could not be read (malformed, wrong type or content type), or the Idempotency-Key is malformed or was used for another request; see fields",
                    ),
                ];
                for (status, applies, description) in common {
                    if applies {
                        op.responses
                            .responses
                            .entry(status.to_string())
                            .or_insert_with(|| error_response(description).into());
                    }
                }
            }
        }
    }
}

fn error_response(description: &str) -> utoipa::openapi::Response {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ApiError")))
                .build(),
        )
        .build()
}

pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}

pub fn ok<T: serde::Serialize>(v: T) -> HttpResponse {
    HttpResponse::Ok().json(v)
}

pub fn created<T: serde::Serialize>(v: T) -> HttpResponse {
    HttpResponse::Created().json(v)
}
