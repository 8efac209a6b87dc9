//! The operations (use cases), one module per area. Each takes the actor, the time (from
//! an injected clock) and already parsed, typed input; runs one transaction with its
//! audit entry and mail; and returns typed data. It knows nothing of HTML, JSON or
//! Danish text. Pages, the API, the CLI and the jobs all call these.

pub mod account_pages;
pub mod account_reviews;
pub mod accounts;
pub mod allocations;
pub mod applications;
pub mod audit;
pub mod cache;
pub mod clock;
pub mod commitments;
pub mod documents;
pub mod finance_acts;
pub mod freshness;
pub mod kept_forms;
pub mod monitoring;
pub mod municipalities;
pub mod ops;
pub mod outbox;
pub mod payouts;
pub mod pools;
pub mod questionnaire;
pub mod reminders;
pub mod sessions;
pub mod target_groups;
pub mod users;
