//! The HTML interface: form structs parsed at the edge, the operations in `app`, view
//! models rendered by the templates crate.

pub mod account_list;
pub mod account_reviews;
pub mod allocations;
pub mod applications;
pub mod assets;
pub mod audit;
pub mod finance_acts;
pub mod ledger;
pub mod login;
pub mod monitoring;
pub mod municipal_accounts;
pub mod municipalities;
pub mod outbox;
pub mod pools;
pub mod rates;
pub mod routes;
pub mod users;

pub use crate::http::{
    attachment, date, errors_text, html, html_invalid, local, local_long, long_date,
    long_date_text, money_text, AppState,
};
