//! The route table: every route of the HTML interface and the JSON API, with who may use
//! it. The access guard enforces `access` before any handler runs; the access test in
//! `tests/app/access.rs` walks this table with every role.

use actix_web::http::Method;
use actix_web::{web, Route};

use actix_web::middleware::from_fn;

use super::middleware::check;
use crate::auth::Access;

#[derive(Clone, Copy, Debug)]
pub struct RouteSpec {
    pub method: &'static str,
    pub path: &'static str,
    pub access: Access,
}

impl RouteSpec {
    pub fn is_api(&self) -> bool {
        self.path.starts_with("/api/")
    }

    /// Unsafe methods of logged-in routes must carry the session's CSRF token.
    pub fn needs_csrf(&self) -> bool {
        self.method != "GET" && self.access != Access::Public
    }
}

macro_rules! table {
    ($( $method:ident $path:literal $access:ident => $handler:path ;)*) => {
        /// The route table as data (for the access test and the docs).
        pub fn specs() -> Vec<RouteSpec> {
            vec![$( RouteSpec { method: stringify!($method), path: $path, access: Access::$access } ),*]
        }

        fn routes() -> Vec<(RouteSpec, Route)> {
            vec![$( (
                RouteSpec { method: stringify!($method), path: $path, access: Access::$access },
                web::route().method(Method::$method).to($handler),
            ) ),*]
        }
    };
}

table! {
    GET  "/" AnyUser => super::pools::home;
    GET  "/login" Public => super::login::form;
    POST "/login" Public => super::login::submit;
    POST "/logout" AnyUser => super::login::logout;
    GET  "/health" Public => super::assets::health;
    GET  "/static/{path:.*}" Public => super::assets::serve;

    GET  "/pools" AnyUser => super::pools::list;
    GET  "/pools/new" Officer => super::pools::new_form;
    POST "/pools" Officer => super::pools::create;
    GET  "/pools/{pool}" AnyUser => super::pools::show;
    GET  "/pools/{pool}/edit" Officer => super::pools::edit_form;
    POST "/pools/{pool}" Officer => super::pools::update;
    GET  "/pools/{pool}/target-groups" Officer => super::pools::target_groups;
    POST "/pools/{pool}/target-groups/import" Officer => super::pools::import;
    POST "/pools/{pool}/target-groups/applied" Officer => super::pools::applied;

    POST "/pools/{pool}/allocations" Officer => super::allocations::run;
    GET  "/pools/{pool}/allocations/compare" Officer => super::allocations::compare;
    GET  "/allocations/{id}" Officer => super::allocations::show;
    POST "/allocations/{id}/approve" Officer => super::allocations::approve;
    GET  "/pools/{pool}/allocation" AnyUser => super::allocations::approved;
    GET  "/pools/{pool}/allocation.csv" AnyUser => super::allocations::approved_csv;
    GET  "/pools/{pool}/allocation.xlsx" AnyUser => super::allocations::approved_xlsx;

    GET  "/pools/{pool}/applications" Officer => super::applications::list;
    GET  "/pools/{pool}/applications/{code}" OwnMunicipality => super::applications::show;
    POST "/pools/{pool}/applications/{code}/save" MunicipalFinance => super::applications::save;
    POST "/pools/{pool}/applications/{code}/submit" MunicipalFinance => super::applications::submit;
    POST "/pools/{pool}/applications/{code}/withdraw" MunicipalFinance => super::applications::withdraw;
    POST "/pools/{pool}/applications/{code}/decide" Officer => super::applications::decide;
    POST "/pools/{pool}/applications/{code}/approve" Officer => super::applications::approve;
    GET  "/pools/{pool}/applications/{code}/letter" OwnMunicipality => super::applications::letter_page;

    GET  "/municipalities/{code}" OwnMunicipality => super::municipalities::show;
    GET  "/municipalities/{code}/monitoring" OwnMunicipality => super::monitoring::municipality;
    POST "/municipalities/{code}/monitoring/upload" MunicipalFinance => super::monitoring::upload_municipality;
    GET  "/municipalities/{code}/monitoring/kpis.csv" OwnMunicipality => super::monitoring::municipality_kpis_csv;
    GET  "/municipalities/{code}/monitoring/kpis.xlsx" OwnMunicipality => super::monitoring::municipality_kpis_xlsx;
    GET  "/municipalities/{code}/monitoring/unassessed.csv" OwnMunicipalityOnly => super::monitoring::unassessed_csv;
    GET  "/monitoring" AnyUser => super::monitoring::national;
    GET  "/monitoring/kpis.csv" AnyUser => super::monitoring::national_kpis_csv;
    GET  "/monitoring/kpis.xlsx" AnyUser => super::monitoring::national_kpis_xlsx;
    POST "/monitoring/upload" Officer => super::monitoring::upload_national;

    GET  "/users" OfficerOrAdmin => super::users::list;
    GET  "/users/new" OfficerOrAdmin => super::users::new_form;
    POST "/users" OfficerOrAdmin => super::users::create;
    GET  "/users/{id}/edit" OfficerOrAdmin => super::users::edit_form;
    POST "/users/{id}" OfficerOrAdmin => super::users::update;

    GET  "/audit" OfficerOrAdmin => super::audit::list;
    GET  "/outbox" OfficerOrAdmin => super::outbox::list;

    GET  "/api/v1/openapi.json" Public => crate::api::openapi_json;
    POST "/api/v1/session" Public => crate::api::session::login;
    DELETE "/api/v1/session" AnyUser => crate::api::session::logout;
    GET  "/api/v1/me" AnyUser => crate::api::session::me;
    GET  "/api/v1/municipalities" AnyUser => crate::api::pools::municipalities;
    GET  "/api/v1/municipalities/{code}" OwnMunicipality => crate::api::pools::municipality;
    GET  "/api/v1/municipalities/{code}/monitoring" OwnMunicipality => crate::api::monitoring::municipality;
    GET  "/api/v1/monitoring" AnyUser => crate::api::monitoring::national;
    PUT  "/api/v1/monitoring" Officer => crate::api::monitoring::import_national;
    PUT  "/api/v1/municipalities/{code}/monitoring" MunicipalFinance => crate::api::monitoring::import_municipality;
    GET  "/api/v1/pools" AnyUser => crate::api::pools::list;
    POST "/api/v1/pools" Officer => crate::api::pools::create;
    GET  "/api/v1/pools/{pool}" AnyUser => crate::api::pools::get;
    PUT  "/api/v1/pools/{pool}" Officer => crate::api::pools::update;
    GET  "/api/v1/pools/{pool}/target-groups" Officer => crate::api::pools::target_groups;
    PUT  "/api/v1/pools/{pool}/target-groups" Officer => crate::api::pools::import;
    PUT  "/api/v1/pools/{pool}/applicants" Officer => crate::api::pools::applied;
    GET  "/api/v1/pools/{pool}/allocations" Officer => crate::api::allocations::list;
    POST "/api/v1/pools/{pool}/allocations" Officer => crate::api::allocations::run;
    GET  "/api/v1/pools/{pool}/allocations/compare" Officer => crate::api::allocations::compare;
    GET  "/api/v1/pools/{pool}/allocation" AnyUser => crate::api::allocations::approved;
    GET  "/api/v1/allocations/{id}" Officer => crate::api::allocations::get;
    POST "/api/v1/allocations/{id}/approve" Officer => crate::api::allocations::approve;
    GET  "/api/v1/pools/{pool}/applications" Officer => crate::api::applications::list;
    GET  "/api/v1/pools/{pool}/applications/{code}" OwnMunicipality => crate::api::applications::get;
    PUT  "/api/v1/pools/{pool}/applications/{code}" MunicipalFinance => crate::api::applications::save;
    POST "/api/v1/pools/{pool}/applications/{code}/submit" MunicipalFinance => crate::api::applications::submit;
    POST "/api/v1/pools/{pool}/applications/{code}/withdraw" MunicipalFinance => crate::api::applications::withdraw;
    POST "/api/v1/pools/{pool}/applications/{code}/decide" Officer => crate::api::applications::decide;
    POST "/api/v1/pools/{pool}/applications/{code}/approve" Officer => crate::api::applications::approve;
    GET  "/api/v1/pools/{pool}/applications/{code}/commitment" OwnMunicipality => crate::api::applications::commitment;
    GET  "/api/v1/users" OfficerOrAdmin => crate::api::users::list;
    POST "/api/v1/users" OfficerOrAdmin => crate::api::users::create;
    PUT  "/api/v1/users/{id}" OfficerOrAdmin => crate::api::users::update;
    GET  "/api/v1/audit" OfficerOrAdmin => crate::api::audit::list;
    GET  "/api/v1/outbox" OfficerOrAdmin => crate::api::outbox::list;
}

/// Registers every route, grouped into one resource per path, each route behind its
/// access guard.
pub fn configure(cfg: &mut web::ServiceConfig) {
    let mut by_path: Vec<(&'static str, Vec<(RouteSpec, Route)>)> = Vec::new();
    for (spec, route) in routes() {
        match by_path.iter_mut().find(|(p, _)| *p == spec.path) {
            Some((_, v)) => v.push((spec, route)),
            None => by_path.push((spec.path, vec![(spec, route)])),
        }
    }
    for (path, routes) in by_path {
        let mut resource = web::resource(path);
        for (spec, route) in routes {
            resource = resource.route(route.wrap(from_fn(move |req, next| check(spec, req, next))));
        }
        cfg.service(resource);
    }
}
