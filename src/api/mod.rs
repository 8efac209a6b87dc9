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
pub mod routes;
pub mod session;
pub mod users;

use actix_web::HttpResponse;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "tilskud API", version = "1", description = "Grant pools, target groups, allocations, applications, commitments, rates and payouts, and users. Log in with POST /api/v1/session; send the returned csrf_token as X-CSRF-Token on every write. The payout POSTs take an optional Idempotency-Key header (docs/api.md)."),
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
    ),
    components(schemas(crate::http::errors::ApiError, crate::http::errors::ApiFieldError)),
    modifiers(&CookieAuth),
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

pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}

pub fn ok<T: serde::Serialize>(v: T) -> HttpResponse {
    HttpResponse::Ok().json(v)
}

pub fn created<T: serde::Serialize>(v: T) -> HttpResponse {
    HttpResponse::Created().json(v)
}
