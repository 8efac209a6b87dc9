//! Black-box tests: each test starts the real server on a random port against a fresh
//! database (SQLite in a temp dir; PostgreSQL when built with `--features postgres` and
//! `DATABASE_URL` names a server) and talks to it over HTTP.

mod helpers;
mod kept_forms;

mod a11y;
mod access;
mod account_pages;
mod account_reviews;
mod accounts;
mod allocation;
mod api;
mod applications;
mod audit;
mod auth;
mod backup;
mod browser;
mod cache;
mod cli;
mod deadline;
mod demo;
mod finance_acts;
mod freshness;
mod hygiene;
mod instances;
mod ledger;
mod limits;
mod login_throttle;
mod mail;
mod monitoring;
mod monitoring_crash;
mod monitoring_drop;
mod monitoring_kpis;
mod monitoring_reports;
mod monitoring_switch;
mod municipality_list;
mod national;
mod observability;
mod openapi_contract;
mod payouts;
mod payouts_api;
mod pools;
mod public;
mod queries;
mod questionnaire;
mod questionnaire_api;
mod questionnaire_pages;
mod reminders;
mod schema;
mod snapshots;
