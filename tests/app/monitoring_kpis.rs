//! One source of truth for the KPIs: the database counts them (`month_counts`,
//! `all_month_counts`, one `GROUP BY`), and `domain::monitoring::kpi::count` states the
//! same rules in Rust, with the rule book's tests. Here random person-months go through
//! the real import into the test app's database (SQLite, or PostgreSQL when
//! `DATABASE_URL` names one) and both must give the same counts, per municipality, for
//! every municipality at once, and nationally; likewise the persons rate 2 counts as
//! assessed (`assessed_persons` against `milestones::assessed_persons`). The counts are
//! read from the maintained aggregates (`monitoring_month_counts`); after any sequence
//! of imports, month replacements and refused files they equal a recount from the rows.

use std::collections::{BTreeMap, BTreeSet};

use diesel::RunQueryDsl;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use tilskud::app::monitoring::import;
use tilskud::db::audit::Actor;
use tilskud::db::queries::monitoring as stored;
use tilskud::db::DbConn;
use tilskud::domain::monitoring::kpi::{self, MonthCounts};
use tilskud::domain::monitoring::milestones;
use tilskud::domain::monitoring::pseudonym::Pseudonym;
use tilskud::domain::monitoring::{Group, Month, Outcome, PersonMonth};
use tilskud::domain::municipality::MunicipalityCode;

use crate::spawn_app;

const CODES: [u16; 3] = [615, 751, 101];

fn arb_row() -> impl Strategy<Value = PersonMonth> {
    let hours = prop_oneof![
        Just(0u32),
        Just(1),
        Just(2999),
        Just(3000),
        Just(3001),
        Just(74_400),
        0u32..=74_400,
    ];
    let outcomes = [
        Outcome::Job,
        Outcome::Education,
        Outcome::FlexJob,
        Outcome::None,
    ];
    (
        0u8..12,
        0usize..CODES.len(),
        1u32..=4,
        0i16..=3,
        any::<(bool, bool)>(),
        hours,
        0usize..4,
    )
        .prop_map(
            move |(person, code, month, group, (broker, offer), hours, outcome)| PersonMonth {
                person: Pseudonym([person; 32]),
                municipality: MunicipalityCode::try_from(CODES[code]).expect("code"),
                month: Month::new(2018, month).expect("month"),
                group: Group::from_code(group).expect("group"),
                job_broker: broker,
                company_offer: offer,
                ordinary_centihours: hours,
                outcome: outcomes[outcome],
            },
        )
}

/// Rows with one row per person, municipality and month, as the store keeps them.
fn arb_rows() -> impl Strategy<Value = Vec<PersonMonth>> {
    prop::collection::vec(arb_row(), 0..80).prop_map(|rows| {
        let mut one_each = BTreeMap::new();
        for r in rows {
            one_each.insert((r.municipality, r.month, r.person), r);
        }
        one_each.into_values().collect()
    })
}

/// Removes every stored row and the aggregates counted from them.
fn clear(conn: &mut DbConn) {
    for table in ["monitoring_rows", "monitoring_month_counts"] {
        diesel::sql_query(format!("DELETE FROM {table}"))
            .execute(conn)
            .expect("delete");
    }
}

/// Replaces every stored row with `rows`, through the import.
fn store(conn: &mut DbConn, rows: &[PersonMonth]) {
    clear(conn);
    if rows.is_empty() {
        return;
    }
    let items = rows
        .iter()
        .cloned()
        .enumerate()
        .map(|(i, r)| Ok((i + 2, r)));
    let now = chrono::Utc::now().naive_utc();
    import::import(
        conn,
        &Actor::system("test"),
        now,
        items,
        None,
        "test",
        &mut |_| {},
    )
    .expect("import");
}

/// `kpi::count` of one municipality's rows, for each month it has rows in.
fn reference(rows: &[PersonMonth], code: MunicipalityCode) -> BTreeMap<Month, MonthCounts> {
    let own: Vec<PersonMonth> = rows
        .iter()
        .filter(|r| r.municipality == code)
        .cloned()
        .collect();
    let months: BTreeSet<Month> = own.iter().map(|r| r.month).collect();
    months
        .into_iter()
        .map(|m| (m, kpi::count(m, 0, &own)))
        .collect()
}

fn in_sql(counts: &[stored::MonthCounts]) -> BTreeMap<Month, MonthCounts> {
    counts
        .iter()
        .map(|m| (m.month().expect("a month"), m.to_domain(0)))
        .collect()
}

fn compare(conn: &mut DbConn, rows: &[PersonMonth]) -> Result<(), TestCaseError> {
    store(conn, rows);
    let mut national: BTreeMap<Month, MonthCounts> = BTreeMap::new();
    let mut every: BTreeMap<(i32, Month), MonthCounts> = BTreeMap::new();
    for code in CODES {
        let code = MunicipalityCode::try_from(code).expect("code");
        let n = i32::from(code.as_u16());
        let expected = reference(rows, code);
        let counted = stored::month_counts(conn, Some(n)).expect("counts");
        prop_assert_eq!(in_sql(&counted), expected.clone(), "municipality {}", n);
        for (m, c) in expected {
            let sum = national.entry(m).or_default();
            *sum = *sum + c;
            every.insert((n, m), c);
        }
        let assessed = stored::assessed_persons(conn, n).expect("assessed");
        let last = Month::new(9999, 12).expect("month");
        prop_assert_eq!(assessed, milestones::assessed_persons(code, last, rows));
    }
    let counted = stored::month_counts(conn, None).expect("national");
    prop_assert_eq!(in_sql(&counted), national);
    let all: BTreeMap<(i32, Month), MonthCounts> = stored::all_month_counts(conn)
        .expect("all")
        .iter()
        .map(|m| {
            let month = m.counts.month().expect("a month");
            ((m.municipality_code, month), m.counts.to_domain(0))
        })
        .collect();
    prop_assert_eq!(all, every);
    Ok(())
}

#[test]
fn the_database_counts_every_kpi_as_the_rust_rules_do_for_any_rows() {
    let app = spawn_app!();
    // The runner takes an `Fn`; each case uses the connection in turn.
    let conn = std::cell::RefCell::new(app.db());
    let mut runner = TestRunner::new(Config {
        cases: 48,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&arb_rows(), |rows| compare(&mut conn.borrow_mut(), &rows))
        .expect("the SQL and kpi::count agree");
}

/// One step of a history: rows imported as one file, by a user of one municipality
/// (`Some(i)`: `CODES[i]`, so rows of another make the whole file fail) or by STAR.
fn arb_step() -> impl Strategy<Value = (Vec<PersonMonth>, Option<usize>)> {
    (
        arb_rows(),
        prop_oneof![3 => Just(None), 1 => (0usize..CODES.len()).prop_map(Some)],
    )
}

/// Runs the imports in turn (each replacing the months it holds, or failing whole) and,
/// after each, compares the maintained aggregates with a recount from the rows, every
/// column of every municipality-month.
fn aggregates_follow(
    conn: &mut DbConn,
    steps: &[(Vec<PersonMonth>, Option<usize>)],
) -> Result<(), TestCaseError> {
    clear(conn);
    let now = chrono::Utc::now().naive_utc();
    for (i, (rows, only)) in steps.iter().enumerate() {
        let items = rows
            .iter()
            .cloned()
            .enumerate()
            .map(|(i, r)| Ok((i + 2, r)));
        let only = only.map(|o| i32::from(CODES[o]));
        let outcome = import::import(
            conn,
            &Actor::system("test"),
            now,
            items,
            only,
            "test",
            &mut |_| {},
        );
        let own = |r: &PersonMonth| only.is_none_or(|o| i32::from(r.municipality.as_u16()) == o);
        prop_assert_eq!(outcome.is_ok(), !rows.is_empty() && rows.iter().all(own));
        let maintained = stored::all_month_counts(conn).expect("aggregates");
        let recounted = stored::all_month_counts_from_rows(conn).expect("recount");
        prop_assert_eq!(maintained, recounted, "after step {}", i);
    }
    Ok(())
}

#[test]
fn the_maintained_aggregates_equal_a_recount_after_any_imports() {
    let app = spawn_app!();
    let conn = std::cell::RefCell::new(app.db());
    let mut runner = TestRunner::new(Config {
        cases: 32,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&prop::collection::vec(arb_step(), 1..6), |steps| {
            aggregates_follow(&mut conn.borrow_mut(), &steps)
        })
        .expect("the aggregates follow the rows");
}
