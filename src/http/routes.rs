//! Route tables: every route of the HTML interface (`web::routes`) and the JSON API
//! (`api::routes`) is declared with who may use it. The access guard (`http::guard`)
//! enforces `access` before any handler runs; the access test in `tests/app/access.rs`
//! walks both tables with every role, and pages and the navigation ask the same rule
//! before they show a link or a button (`allows`).

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
        /// The route table as data (for the access test, the docs and the navigation).
        pub fn specs() -> Vec<$crate::http::routes::RouteSpec> {
            vec![$( $crate::http::routes::RouteSpec {
                method: stringify!($method),
                path: $path,
                access: $crate::auth::Access::$access,
            } ),*]
        }

        /// The entries with their handlers, for `http::guard::configure`.
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
