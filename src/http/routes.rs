//! Route tables: every route of the HTML interface (`web::routes`) and the JSON API
//! (`api::routes`) is declared with who may use it. The access guard enforces `access`
//! before any handler runs; the access test in `tests/app/access.rs` walks both tables
//! with every role, and pages ask the same rule before they show a button (`allows`).

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

/// Declares a route table: `specs()` (the table as data, for the access test, the docs
/// and the buttons) and `routes()` (the same entries with their handlers).
macro_rules! route_table {
    ($( $method:ident $path:literal $access:ident => $handler:path ;)*) => {
        /// The route table as data (for the access test and the docs).
        pub fn specs() -> Vec<$crate::http::routes::RouteSpec> {
            vec![$( $crate::http::routes::RouteSpec {
                method: stringify!($method),
                path: $path,
                access: $crate::auth::Access::$access,
            } ),*]
        }

        /// The entries with their handlers, for `http::routes::configure`.
        pub fn routes() -> Vec<($crate::http::routes::RouteSpec, actix_web::Route)> {
            vec![$( (
                $crate::http::routes::RouteSpec {
                    method: stringify!($method),
                    path: $path,
                    access: $crate::auth::Access::$access,
                },
                actix_web::web::route().method(actix_web::http::Method::$method).to($handler),
            ) ),*]
        }
    };
}
pub(crate) use route_table;

/// Registers every route, grouped into one resource per path, each route behind its
/// access guard.
pub fn configure(cfg: &mut web::ServiceConfig, table: Vec<(RouteSpec, Route)>) {
    let mut by_path: Vec<(&'static str, Vec<(RouteSpec, Route)>)> = Vec::new();
    for (spec, route) in table {
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

/// Whether `user` may use the route `method path` of `table` (the route's pattern, e.g.
/// "/pools/{pool}/applications/{code}/approve") for municipality `code`: the rule a page
/// asks before it shows a button, the same one the guard enforces.
pub fn allows(
    table: &[RouteSpec],
    method: &str,
    path: &str,
    user: Option<&crate::auth::CurrentUser>,
    code: Option<i32>,
) -> bool {
    let code = code.map(|c| c.to_string());
    table
        .iter()
        .find(|s| s.method == method && s.path == path)
        .is_some_and(|s| s.access.decide(user, code.as_deref()) == crate::auth::Decision::Allow)
}
