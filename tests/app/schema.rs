//! Both migration sets (migrations/sqlite and migrations/postgres) give the same tables,
//! columns and nullability. Runs when the suite runs against PostgreSQL.

use std::collections::BTreeSet;

use diesel::prelude::*;
use diesel::sql_types::{Integer, Text};

use crate::spawn_app;

#[derive(QueryableByName)]
struct SqliteColumn {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Integer)]
    notnull: i32,
    #[diesel(sql_type = Integer)]
    pk: i32,
}

const TABLES: &[&str] = &[
    "municipalities",
    "users",
    "sessions",
    "kept_forms",
    "login_throttle",
    "pools",
    "pool_rates",
    "target_groups",
    "allocations",
    "allocation_lines",
    "audit_log",
    "audit_head",
    "outbox",
    "applications",
    "application_versions",
    "budget_lines",
    "application_events",
    "commitments",
    "commitment_years",
    "commitment_rates",
    "monitoring_rows",
    "monitoring_uploads",
    "monitoring_month_counts",
    "pool_account_settings",
    "accounts",
    "account_versions",
    "account_lines",
    "documents",
    "account_documents",
    "account_reviews",
    "account_review_lines",
    "settlements",
    "repayment_claims",
    "monitoring_persons",
    "monitoring_totals",
    "outbox_keys",
    "scheduled_jobs",
    "pool_rate_conditions",
    "commitment_rate_conditions",
    "finance_acts",
    "rate_requests",
    "rate_request_documents",
    "payout_batches",
    "payouts",
    "rate_overrides",
    "idempotency_keys",
    "monitoring_imports",
    "question_sets",
    "questionnaire_settings",
    "questionnaire_measurements",
    "questionnaire_group1",
];

fn sqlite_columns() -> BTreeSet<(String, String, bool)> {
    let dir = tempfile::tempdir().expect("dir");
    let url = tilskud::db::DbUrl::Sqlite(dir.path().join("s.db").display().to_string());
    let mut conn = tilskud::db::connect(&url).expect("sqlite");
    tilskud::db::migrate(&mut conn).expect("migrate");
    let mut out = BTreeSet::new();
    for t in TABLES {
        let cols: Vec<SqliteColumn> = diesel::sql_query(format!("PRAGMA table_info({t})"))
            .load(&mut conn)
            .expect("pragma");
        for c in cols {
            // SQLite reports primary-key columns as nullable unless declared NOT NULL.
            out.insert((t.to_string(), c.name, c.notnull == 1 || c.pk > 0));
        }
    }
    out
}

#[test]
fn both_migration_sets_give_the_same_columns() {
    if crate::helpers::backend_url().is_none() {
        eprintln!("SKIPPED: schema comparison needs PostgreSQL (build with --features postgres, set DATABASE_URL)");
        return;
    }
    let app = spawn_app!();
    #[derive(QueryableByName)]
    struct PgColumn {
        #[diesel(sql_type = Text)]
        table_name: String,
        #[diesel(sql_type = Text)]
        column_name: String,
        #[diesel(sql_type = Text)]
        is_nullable: String,
    }
    let mut conn = app.db();
    let cols: Vec<PgColumn> = diesel::sql_query(
        "SELECT table_name::text AS table_name, column_name::text AS column_name, is_nullable::text AS is_nullable \
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations'",
    )
    .load(&mut conn)
    .expect("columns");
    let pg: BTreeSet<(String, String, bool)> = cols
        .into_iter()
        .map(|c| (c.table_name, c.column_name, c.is_nullable == "NO"))
        .collect();
    assert_eq!(sqlite_columns(), pg);
}
