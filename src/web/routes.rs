//! The pages' route table, with who may use each route (see `http::routes`).

crate::http::routes::route_table! {
    GET  "/" Session => super::pools::home;
    GET  "/login" Public => super::login::form;
    POST "/login" Public => super::login::submit;
    POST "/logout" Session => super::login::logout;
    GET  "/kept-form" Session => super::login::kept_form;
    GET  "/health" Public => super::assets::health;
    GET  "/ready" Public => super::ops::ready;
    GET  "/metrics" Public => super::ops::metrics;
    GET  "/static/{path:.*}" Public => super::assets::serve;
    GET  "/public/{name}" Public => super::assets::public;
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
    GET  "/pools/{pool}/allocation-excel.csv" AnyUser => super::allocations::approved_excel_csv;
    GET  "/pools/{pool}/allocation.xlsx" AnyUser => super::allocations::approved_xlsx;
    GET  "/pools/{pool}/applications" Officer => super::applications::list;
    GET  "/pools/{pool}/applications/{code}" OwnMunicipality => super::applications::show;
    POST "/pools/{pool}/applications/{code}/save" MunicipalFinance => super::applications::save;
    POST "/pools/{pool}/applications/{code}/submit" MunicipalFinance => super::applications::submit;
    POST "/pools/{pool}/applications/{code}/withdraw" MunicipalFinance => super::applications::withdraw;
    POST "/pools/{pool}/applications/{code}/decide" Officer => super::applications::decide;
    POST "/pools/{pool}/applications/{code}/approve" Officer => super::applications::approve;
    GET  "/pools/{pool}/applications/{code}/letter" OwnMunicipality => super::applications::letter_page;
    GET  "/pools/{pool}/applications/{code}/receipt" OwnMunicipality => super::applications::receipt;
    GET  "/pools/{pool}/accounts/{code}/{kind}" OwnMunicipality => super::municipal_accounts::show;
    POST "/pools/{pool}/accounts/{code}/{kind}/save" MunicipalFinance => super::municipal_accounts::save;
    GET  "/pools/{pool}/accounts/{code}/{kind}/submit" MunicipalFinance => super::municipal_accounts::confirm;
    POST "/pools/{pool}/accounts/{code}/{kind}/submit" MunicipalFinance => super::municipal_accounts::submit;
    POST "/pools/{pool}/accounts/{code}/{kind}/documents" MunicipalFinance => super::municipal_accounts::upload;
    GET  "/pools/{pool}/accounts/{code}/{kind}/documents/{sha256}" OwnMunicipality => super::municipal_accounts::download;
    POST "/pools/{pool}/accounts/{code}/{kind}/lines" MunicipalFinance => super::municipal_accounts::lines;
    GET  "/pools/{pool}/accounts/{code}/{kind}/lines.csv" OwnMunicipality => super::municipal_accounts::lines_csv;
    GET  "/accounts" Officer => super::account_list::list;
    GET  "/accounts.csv" Officer => super::account_list::list_csv;
    GET  "/accounts.xlsx" Officer => super::account_list::list_xlsx;
    GET  "/pools/{pool}/accounts/{code}/{kind}/review" Officer => super::account_reviews::show;
    POST "/pools/{pool}/accounts/{code}/{kind}/review/start" Officer => super::account_reviews::start;
    POST "/pools/{pool}/accounts/{code}/{kind}/review/save" Officer => super::account_reviews::save;
    POST "/pools/{pool}/accounts/{code}/{kind}/review/approve" Officer => super::account_reviews::approve;
    POST "/pools/{pool}/accounts/{code}/{kind}/review/send-back" Officer => super::account_reviews::send_back;
    POST "/pools/{pool}/accounts/{code}/{kind}/deadline" Officer => super::account_reviews::deadline;
    GET  "/pools/{pool}/accounts/{code}/{kind}/claim" OwnMunicipality => super::account_reviews::claim;
    POST "/pools/{pool}/accounts/{code}/{kind}/claim/received" Officer => super::account_reviews::claim_received;
    POST "/pools/{pool}/accounts/{code}/{kind}/claim/write-off" Officer => super::account_reviews::claim_write_off;
    GET  "/pools/{pool}/rates/{code}/{rate}" OwnMunicipality => super::rates::show;
    POST "/pools/{pool}/rates/{code}/{rate}/request" MunicipalFinance => super::rates::request;
    POST "/pools/{pool}/rates/{code}/{rate}/prepare" Officer => super::rates::prepare;
    POST "/pools/{pool}/rates/{code}/{rate}/refuse" Officer => super::rates::refuse;
    POST "/pools/{pool}/rates/{code}/{rate}/approve" Officer => super::rates::approve;
    POST "/pools/{pool}/rates/{code}/{rate}/reject" Officer => super::rates::reject;
    POST "/pools/{pool}/rates/{code}/{rate}/cancel" Officer => super::rates::cancel;
    POST "/pools/{pool}/rates/{code}/{rate}/overrides" Officer => super::rates::propose_override;
    POST "/pools/{pool}/rates/{code}/{rate}/overrides/decide" Officer => super::rates::decide_override;
    GET  "/pools/{pool}/payouts" Officer => super::rates::queue;
    GET  "/pools/{pool}/ledger" Officer => super::ledger::show;
    GET  "/pools/{pool}/ledger/{file}" Officer => super::ledger::download;
    POST "/pools/{pool}/payouts/batches" Officer => super::rates::create_batch;
    GET  "/pools/{pool}/payouts/batches/{id}" Officer => super::rates::batch;
    GET  "/pools/{pool}/payouts/batches/{id}/csv" Officer => super::rates::batch_csv;
    GET  "/pools/{pool}/payouts/batches/{id}/xlsx" Officer => super::rates::batch_xlsx;
    POST "/pools/{pool}/payouts/batches/{id}/paid" Officer => super::rates::batch_paid;
    GET  "/pools/{pool}/questionnaire" AnyUser => super::questionnaire::overview;
    GET  "/pools/{pool}/questionnaire/set.csv" AnyUser => super::questionnaire::set_csv;
    POST "/pools/{pool}/questionnaire/set" Officer => super::questionnaire::upload_set;
    POST "/pools/{pool}/questionnaire/window" Officer => super::questionnaire::window;
    GET  "/pools/{pool}/questionnaire/results" AnyUser => super::questionnaire::national_results;
    POST "/pools/{pool}/questionnaire/delivery" Officer => super::questionnaire::deliver;
    GET  "/pools/{pool}/questionnaire/{code}" QuestionnaireEntry => super::questionnaire::municipality;
    GET  "/pools/{pool}/questionnaire/{code}/new" QuestionnaireEntry => super::questionnaire::new_form;
    POST "/pools/{pool}/questionnaire/{code}/measurements" QuestionnaireEntry => super::questionnaire::record;
    POST "/pools/{pool}/questionnaire/{code}/import" QuestionnaireEntry => super::questionnaire::import;
    GET  "/pools/{pool}/questionnaire/{code}/results" OwnMunicipalityAll => super::questionnaire::municipality_results;
    GET  "/municipalities" Officer => super::municipalities::list;
    GET  "/municipalities/{code}" OwnMunicipality => super::municipalities::show;
    GET  "/municipalities/{code}/monitoring" OwnMunicipality => super::monitoring::municipality;
    POST "/municipalities/{code}/monitoring/upload" MunicipalFinance => super::monitoring::upload_municipality;
    GET  "/municipalities/{code}/monitoring/kpis.csv" OwnMunicipality => super::monitoring::municipality_kpis_csv;
    GET  "/municipalities/{code}/monitoring/kpis-excel.csv" OwnMunicipality => super::monitoring::municipality_kpis_excel_csv;
    GET  "/municipalities/{code}/monitoring/kpis.xlsx" OwnMunicipality => super::monitoring::municipality_kpis_xlsx;
    GET  "/municipalities/{code}/monitoring/unassessed.csv" OwnMunicipalityOnly => super::monitoring::unassessed_csv;
    GET  "/monitoring" AnyUser => super::monitoring::national;
    GET  "/monitoring/kpis.csv" AnyUser => super::monitoring::national_kpis_csv;
    GET  "/monitoring/kpis-excel.csv" AnyUser => super::monitoring::national_kpis_excel_csv;
    GET  "/monitoring/kpis.xlsx" AnyUser => super::monitoring::national_kpis_xlsx;
    POST "/monitoring/upload" Officer => super::monitoring::upload_national;
    GET  "/finance-acts" Officer => super::finance_acts::list;
    POST "/finance-acts" Officer => super::finance_acts::register;
    GET  "/finance-acts/{year}/edit" Officer => super::finance_acts::edit_form;
    POST "/finance-acts/{year}" Officer => super::finance_acts::correct;
    GET  "/users" OfficerOrAdmin => super::users::list;
    GET  "/users/new" OfficerOrAdmin => super::users::new_form;
    POST "/users" OfficerOrAdmin => super::users::create;
    GET  "/users/{id}/edit" OfficerOrAdmin => super::users::edit_form;
    POST "/users/{id}" OfficerOrAdmin => super::users::update;
    GET  "/audit" OfficerOrAdmin => super::audit::list;
    GET  "/outbox" OfficerOrAdmin => super::outbox::list;
}

/// The read-only pages whose rendered copies an instance keeps (`http::page_cache`):
/// every read behind them is tagged with the data version (`app::cache`; the query
/// budget test holds each to the session check alone once warm), and what they judge
/// against the clock falls on whole minutes.
pub const CACHED_PAGES: &[&str] = &[
    "/pools/{pool}",
    "/pools/{pool}/allocation",
    "/pools/{pool}/applications",
    "/pools/{pool}/applications/{code}",
    "/pools/{pool}/accounts/{code}/{kind}",
    "/pools/{pool}/accounts/{code}/{kind}/review",
    "/pools/{pool}/payouts",
    "/pools/{pool}/ledger",
    "/accounts",
    "/monitoring",
    "/municipalities/{code}",
    "/municipalities/{code}/monitoring",
];

/// The file uploads (multipart forms): the only routes whose CSRF token may come in the
/// query string (`?csrf_token=`), as the guard does not read a multipart body.
pub const UPLOADS: &[&str] = &[
    "/pools/{pool}/target-groups/import",
    "/pools/{pool}/accounts/{code}/{kind}/documents",
    "/pools/{pool}/accounts/{code}/{kind}/lines",
    "/pools/{pool}/rates/{code}/{rate}/request",
    "/municipalities/{code}/monitoring/upload",
    "/monitoring/upload",
    "/pools/{pool}/questionnaire/set",
    "/pools/{pool}/questionnaire/{code}/import",
];
