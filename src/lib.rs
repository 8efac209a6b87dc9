//! tilskud: grant and budget administration for Danish state grant pools.

pub mod api;
pub mod app;
pub mod auth;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod export;
pub mod http;
pub mod mail;
pub mod metrics;
pub mod shutdown;
pub mod startup;
pub mod telemetry;
pub mod token;
pub mod web;
