//! Queries and transactional writes, one module per resource. Every write goes through
//! `audit::write`, so it commits together with its audit entry.

pub mod account_reads;
pub mod account_reviews;
pub mod accounts;
pub mod allocations;
pub mod applications;
pub mod commitments;
pub mod finance_acts;
pub mod idempotency;
pub mod jobs;
pub mod monitoring;
pub mod municipalities;
pub mod payouts;
pub mod pools;
pub mod questionnaire;
pub mod reminders;
pub mod target_groups;
pub mod users;
