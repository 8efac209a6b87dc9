//! The JSON API's route table, with who may use each route (see `http::routes`).

crate::http::routes::route_table! {
    GET  "/api/v1/openapi.json" Public => super::openapi_json;
    POST "/api/v1/session" Public => super::session::login;
    DELETE "/api/v1/session" AnyUser => super::session::logout;
    GET  "/api/v1/me" AnyUser => super::session::me;
    GET  "/api/v1/municipalities" AnyUser => super::municipalities::municipalities;
    GET  "/api/v1/municipalities/{code}" OwnMunicipality => super::municipalities::municipality;
    GET  "/api/v1/municipalities/{code}/monitoring" OwnMunicipality => super::monitoring::municipality;
    GET  "/api/v1/monitoring" AnyUser => super::monitoring::national;
    PUT  "/api/v1/monitoring" Officer => super::monitoring::import_national;
    PUT  "/api/v1/municipalities/{code}/monitoring" MunicipalFinance => super::monitoring::import_municipality;
    GET  "/api/v1/pools" AnyUser => super::pools::list;
    POST "/api/v1/pools" Officer => super::pools::create;
    GET  "/api/v1/pools/{pool}" AnyUser => super::pools::get;
    PUT  "/api/v1/pools/{pool}" Officer => super::pools::update;
    GET  "/api/v1/pools/{pool}/target-groups" Officer => super::pools::target_groups;
    PUT  "/api/v1/pools/{pool}/target-groups" Officer => super::pools::import;
    PUT  "/api/v1/pools/{pool}/applicants" Officer => super::pools::applied;
    GET  "/api/v1/pools/{pool}/allocations" Officer => super::allocations::list;
    POST "/api/v1/pools/{pool}/allocations" Officer => super::allocations::run;
    GET  "/api/v1/pools/{pool}/allocations/compare" Officer => super::allocations::compare;
    GET  "/api/v1/pools/{pool}/allocation" AnyUser => super::allocations::approved;
    GET  "/api/v1/allocations/{id}" Officer => super::allocations::get;
    POST "/api/v1/allocations/{id}/approve" Officer => super::allocations::approve;
    GET  "/api/v1/pools/{pool}/applications" Officer => super::applications::list;
    GET  "/api/v1/pools/{pool}/applications/{code}" OwnMunicipality => super::applications::get;
    PUT  "/api/v1/pools/{pool}/applications/{code}" MunicipalFinance => super::applications::save;
    POST "/api/v1/pools/{pool}/applications/{code}/submit" MunicipalFinance => super::applications::submit;
    POST "/api/v1/pools/{pool}/applications/{code}/withdraw" MunicipalFinance => super::applications::withdraw;
    POST "/api/v1/pools/{pool}/applications/{code}/decide" Officer => super::applications::decide;
    POST "/api/v1/pools/{pool}/applications/{code}/approve" Officer => super::applications::approve;
    GET  "/api/v1/pools/{pool}/applications/{code}/commitment" OwnMunicipality => super::applications::commitment;
    GET  "/api/v1/pools/{pool}/accounts/{code}/{kind}" OwnMunicipality => super::municipal_accounts::get;
    PUT  "/api/v1/pools/{pool}/accounts/{code}/{kind}" MunicipalFinance => super::municipal_accounts::save;
    GET  "/api/v1/pools/{pool}/accounts/{code}/{kind}/versions/{n}" OwnMunicipality => super::municipal_accounts::version;
    POST "/api/v1/pools/{pool}/accounts/{code}/{kind}/documents" MunicipalFinance => super::municipal_accounts::upload;
    POST "/api/v1/pools/{pool}/accounts/{code}/{kind}/submit" MunicipalFinance => super::municipal_accounts::submit;
    GET  "/api/v1/users" OfficerOrAdmin => super::users::list;
    POST "/api/v1/users" OfficerOrAdmin => super::users::create;
    PUT  "/api/v1/users/{id}" OfficerOrAdmin => super::users::update;
    GET  "/api/v1/audit" OfficerOrAdmin => super::audit::list;
    GET  "/api/v1/outbox" OfficerOrAdmin => super::outbox::list;
}
