//! The pages' route table, with who may use each route (see `http::routes`).

crate::http::routes::route_table! {
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
}

/// Whether `user` may use a page route (see `http::routes::allows`): what a page asks
/// before it shows a link or a button.
pub fn allows(
    method: &str,
    path: &str,
    user: Option<&crate::auth::CurrentUser>,
    code: Option<i32>,
) -> bool {
    thread_local! {
        static TABLE: Vec<crate::http::routes::RouteSpec> = specs();
    }
    TABLE.with(|t| crate::http::routes::allows(t, method, path, user, code))
}
