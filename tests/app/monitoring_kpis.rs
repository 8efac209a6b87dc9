//! One source of truth for the KPIs: the database counts them (`month_counts`,
//! `all_month_counts`, one `GROUP BY`), and `domain::monitoring::kpi::count` states the
//! same rules in Rust, with the rule book's tests. Here random person-months go through
//! the real import into the test app's database (SQLite, or PostgreSQL when
//! `DATABASE_URL` names one) and both must give the same counts, per municipality, for
//! every municipality at once, and nationally; likewise the persons rate 2 counts as
//! assessed (`assessed_persons_from_rows` against `milestones::assessed_persons`). The
//! counts are read from the maintained aggregates (`monitoring_month_counts` per month,
//! `monitoring_persons` and `monitoring_totals` per person); after any sequence of
//! imports, month replacements and refused files they equal a recount from the rows, and
//! rate 2's fact and who is still to be assessed, read from them, are what the queries
//! over the rows gave.

use std::collections::{BTreeMap, BTreeSet};

use diesel::RunQueryDsl;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use tilskud::app::monitoring::{self as app, import};
use tilskud::db::audit::Actor;
use tilskud::db::queries::monitoring::{self as stored, persons};
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
    for table in [
        "monitoring_rows",
        "monitoring_month_counts",
        "monitoring_persons",
        "monitoring_totals",
    ] {
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
        let assessed = persons::assessed_persons_from_rows(conn, n).expect("assessed");
        let last = Month::new(9999, 12).expect("month");
        let expected = milestones::assessed_persons(code, last, rows);
        let counted = persons::totals(conn, n).expect("totals").persons_assessed;
        prop_assert_eq!(counted, i64::try_from(expected.len()).expect("count"));
        prop_assert_eq!(assessed, expected);
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
/// (`Some(i)`: `CODES[i]`, so rows of another make the whole file fail) or by STAR. The
/// rows are often of a month or two only, so that a step both adds months no one had
/// rows in before (each person's aggregate is added to) and replaces months that held
/// rows (the municipality's persons are counted afresh).
fn arb_step() -> impl Strategy<Value = (Vec<PersonMonth>, Option<usize>)> {
    let months = (1i32..=4, 0i32..4).prop_map(|(from, span)| 201800 + from..=201800 + from + span);
    (
        arb_rows(),
        months,
        prop_oneof![3 => Just(None), 1 => (0usize..CODES.len()).prop_map(Some)],
    )
        .prop_map(|(rows, months, only)| {
            let rows = rows
                .into_iter()
                .filter(|r| months.contains(&r.month.yyyymm()))
                .collect();
            (rows, only)
        })
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
        persons_follow(conn, i)?;
    }
    Ok(())
}

/// The per-person aggregates and the totals equal a recount from the rows, and what the
/// pages read from them is what the queries over the rows give: who is still to be
/// assessed (whole and limited lists) and rate 2's fact (also at the gross figures
/// around the count, where it turns).
fn persons_follow(conn: &mut DbConn, step: usize) -> Result<(), TestCaseError> {
    let maintained = persons::all_persons(conn).expect("persons");
    let recounted = persons::all_persons_from_rows(conn).expect("recount");
    prop_assert_eq!(maintained, recounted, "persons after step {}", step);
    let maintained = persons::all_totals(conn).expect("totals");
    let recounted = persons::all_totals_from_rows(conn).expect("recount");
    prop_assert_eq!(maintained, recounted, "totals after step {}", step);
    for code in CODES {
        let n = i32::from(code);
        for limit in [None, Some(0), Some(1), Some(3)] {
            let read = stored::unassessed(conn, n, limit).expect("unassessed");
            let from_rows = persons::unassessed_from_rows(conn, n, limit).expect("recount");
            prop_assert_eq!(
                read,
                from_rows,
                "{} limit {:?} after step {}",
                n,
                limit,
                step
            );
        }
        let assessed = persons::assessed_persons_from_rows(conn, n).expect("assessed");
        let gross = stored::gross_target_group(conn, app::POOL, n).expect("gross");
        let facts = app::facts(conn, app::POOL, n).expect("facts");
        let gross = u64::try_from(gross).expect("gross");
        let from_rows = milestones::whole_group_assessed(gross, &assessed, None);
        prop_assert_eq!(facts.whole_group_assessed, from_rows);
        let count = u64::try_from(assessed.len()).expect("count");
        let kept = u64::try_from(persons::totals(conn, n).expect("totals").persons_assessed);
        for gross in [count.saturating_sub(1), count, count + 1] {
            prop_assert_eq!(
                milestones::whole_group_assessed_count(gross, kept.expect("count")),
                milestones::whole_group_assessed(gross, &assessed, None)
            );
        }
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

fn person_month(person: u8, code: u16, month: u32, group: i16) -> PersonMonth {
    PersonMonth {
        person: Pseudonym([person; 32]),
        municipality: MunicipalityCode::try_from(code).expect("code"),
        month: Month::new(2018, month).expect("month"),
        group: Group::from_code(group).expect("group"),
        job_broker: false,
        company_offer: false,
        ordinary_centihours: 0,
        outcome: Outcome::None,
    }
}

fn import_rows(conn: &mut DbConn, rows: &[PersonMonth]) {
    let items = rows.iter().cloned().map(|r| Ok((2, r)));
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

#[test]
fn a_month_uploaded_again_takes_back_an_assessment_it_no_longer_reports() {
    let app = spawn_app!();
    let mut conn = app.db();
    clear(&mut conn);
    let count = |conn: &mut DbConn| {
        let t = persons::totals(conn, 615).expect("totals");
        (t.persons_seen, t.persons_assessed)
    };
    // January: person 1 assessed, person 2 not.
    import_rows(
        &mut conn,
        &[person_month(1, 615, 1, 1), person_month(2, 615, 1, 0)],
    );
    assert_eq!(count(&mut conn), (2, 1));
    // January again, now with person 1 in group 0: no one was ever assessed.
    import_rows(
        &mut conn,
        &[person_month(1, 615, 1, 0), person_month(2, 615, 1, 0)],
    );
    assert_eq!(count(&mut conn), (2, 0));
    assert_eq!(
        stored::unassessed(&mut conn, 615, None)
            .expect("list")
            .total,
        2
    );
    // February added: person 1 in group 2 from then on, person 2 still never assessed.
    import_rows(
        &mut conn,
        &[person_month(1, 615, 2, 2), person_month(2, 615, 2, 0)],
    );
    assert_eq!(count(&mut conn), (2, 1));
    let never = stored::unassessed(&mut conn, 615, None).expect("list");
    assert_eq!((never.total, never.seen), (1, 2));
    let p = &never.persons[0];
    assert_eq!(p.person, vec![2; 32]);
    assert_eq!((p.first_month, p.last_month, p.months), (201801, 201802, 2));
    assert_eq!(
        persons::all_persons(&mut conn).expect("persons"),
        persons::all_persons_from_rows(&mut conn).expect("recount")
    );
}
