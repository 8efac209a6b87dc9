//! A monitoring import never holds the database for long, and stays all or nothing
//! (issue 15): its rows are written in short transactions under an upload id no reader
//! sees, and one short transaction switches the municipality-months to them. The
//! import's `progress` is called between those transactions: there a login must succeed
//! at once and the pages must still show the data before the import; a failed import
//! leaves no row behind, and the rows of an import that died are removed when the
//! application starts.

use std::time::{Duration, Instant};

use diesel::prelude::*;
use tilskud::app::monitoring::import::{self, Item};
use tilskud::db::audit::Actor;
use tilskud::db::schema::{monitoring_imports as mi, monitoring_rows as mr};
use tilskud::db::DbConn;
use tilskud::domain::monitoring::pseudonym::Pseudonym;
use tilskud::domain::monitoring::{Group, Month, Outcome, PersonMonth};
use tilskud::domain::municipality::MunicipalityCode;

use crate::helpers::{TestApp, OFFICER};
use crate::spawn_app;

/// Person `i`, spread over the pseudonym space as HMACs are.
fn person(i: usize) -> Pseudonym {
    let mut p = [0u8; 32];
    let h = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    p[..8].copy_from_slice(&h.to_be_bytes());
    p[8..16].copy_from_slice(&(i as u64).to_be_bytes());
    Pseudonym(p)
}

/// `n` persons of Horsens in January 2018, in group `group`.
fn rows(n: usize, group: i16) -> Vec<Item> {
    rows_in(n, group, Month::new(2018, 1).expect("month"))
}

/// `n` persons of Horsens in `month`, in group `group`.
fn rows_in(n: usize, group: i16, month: Month) -> Vec<Item> {
    (0..n)
        .map(|i| {
            Ok((
                i + 2,
                PersonMonth {
                    person: person(i),
                    municipality: MunicipalityCode::try_from(615).expect("code"),
                    month,
                    group: Group::from_code(group).expect("group"),
                    job_broker: false,
                    company_offer: false,
                    ordinary_centihours: 0,
                    outcome: Outcome::None,
                },
            ))
        })
        .collect()
}

fn run(
    conn: &mut DbConn,
    items: Vec<Item>,
    progress: &mut dyn FnMut(u64),
) -> Result<import::Summary, import::ImportError> {
    import::import(
        conn,
        &Actor::system("test"),
        chrono::Utc::now().naive_utc(),
        items.into_iter(),
        None,
        "test",
        progress,
    )
}

/// Persons and group 1 of Horsens' January 2018, as the API shows them.
fn shown(app: &TestApp) -> (i64, i64) {
    let s = app.login(OFFICER);
    let (status, json) = s.get_json("/api/v1/municipalities/615/monitoring");
    assert_eq!(status, 200, "{json}");
    let month = &json["months"][0];
    (
        month["persons"].as_i64().unwrap_or(0),
        month["group1"].as_i64().unwrap_or(0),
    )
}

fn all_rows(app: &TestApp) -> i64 {
    mr::table.count().get_result(&mut app.db()).expect("count")
}

fn imports_under_way(app: &TestApp) -> i64 {
    mi::table.count().get_result(&mut app.db()).expect("count")
}

#[test]
fn a_login_succeeds_at_once_and_pages_show_the_old_month_while_an_import_writes() {
    let app = spawn_app!();
    run(&mut app.db(), rows(30, 1), &mut |_| {}).expect("first import");
    assert_eq!(shown(&app), (30, 30));

    let mut checked = 0;
    let mut conn = app.db();
    let summary = run(&mut conn, rows(40, 2), &mut |written| {
        if checked > 0 || written == 0 {
            return;
        }
        checked += 1;
        // The import has written rows and not switched yet: without short transactions
        // this login would wait for the import's one transaction ("database is locked").
        let t = Instant::now();
        let s = app.login(OFFICER);
        assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
        let (status, _) = s.get_json("/api/v1/me");
        assert_eq!(status, 200);
        assert_eq!(
            shown(&app),
            (30, 30),
            "readers see the month before the import"
        );
    })
    .expect("second import");
    assert_eq!(checked, 1, "progress was heard between transactions");
    assert_eq!(summary.rows, 40);
    assert_eq!(shown(&app), (40, 0), "the month is the new upload's");
    assert_eq!(all_rows(&app), 40, "the replaced rows are removed");
    assert_eq!(imports_under_way(&app), 0);
}

#[test]
fn a_failed_import_leaves_nothing_visible_and_no_rows() {
    let app = spawn_app!();
    run(&mut app.db(), rows(30, 1), &mut |_| {}).expect("first import");
    // Enough rows for several transactions, with the person that repeats last in the
    // order the rows are written (the largest pseudonym).
    let mut items = rows(30_000, 2);
    let last = (0..30_000).max_by_key(|i| person(*i).0).expect("a person");
    items.push(Ok((
        30_002,
        PersonMonth {
            ordinary_centihours: 100,
            ..items[last].as_ref().expect("row").1.clone()
        },
    )));
    let mut written_before = 0;
    let refused = run(&mut app.db(), items, &mut |n| written_before = n);
    match refused {
        Err(import::ImportError::Rows(problems)) => {
            assert_eq!(problems.len(), 1, "{problems:?}");
            assert_eq!(problems[0].field, "cpr");
        }
        other => panic!("expected the repeated person, got {other:?}"),
    }
    assert!(written_before > 0, "rows were committed before the failure");
    assert_eq!(
        shown(&app),
        (30, 30),
        "nothing of the failed import is visible"
    );
    assert_eq!(all_rows(&app), 30, "no row of the failed import is left");
    assert_eq!(imports_under_way(&app), 0);
    let persons: i64 = diesel::sql_query("SELECT COUNT(*) AS n FROM monitoring_persons")
        .get_result::<Count>(&mut app.db())
        .expect("persons")
        .n;
    assert_eq!(persons, 30, "no person set of the failed import is left");
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

#[test]
fn the_rows_of_an_import_that_died_are_removed_when_the_application_starts() {
    let app = spawn_app!();
    run(&mut app.db(), rows(30, 1), &mut |_| {}).expect("first import");
    // The process dies after the first transaction: nothing of the import's own
    // clean-up runs.
    let died = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let _ = run(&mut app.db(), rows(40, 2), &mut |n| {
            if n > 0 {
                panic!("the import's process dies");
            }
        });
    }));
    assert!(died.is_err());
    assert_eq!(all_rows(&app), 70, "the dead import's rows are there");
    assert_eq!(shown(&app), (30, 30), "and not visible");

    // An import heard from a moment ago may be alive in another process: kept.
    let again = app.spawn_beside(|_| {});
    assert_eq!(all_rows(&again), 70);
    assert_eq!(imports_under_way(&again), 1);

    // Not heard from for a minute: it died, and the next start removes its rows.
    diesel::update(mi::table)
        .set(
            mi::heartbeat_at.eq(chrono::NaiveDate::from_ymd_opt(2000, 1, 1)
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .expect("date")),
        )
        .execute(&mut app.db())
        .expect("age");
    let restarted = app.spawn_beside(|_| {});
    assert_eq!(
        all_rows(&restarted),
        30,
        "the dead import's rows are removed"
    );
    assert_eq!(imports_under_way(&restarted), 0);
    assert_eq!(shown(&restarted), (30, 30));
    // And the next import works as ever.
    run(&mut restarted.db(), rows(40, 2), &mut |_| {}).expect("import");
    assert_eq!(shown(&restarted), (40, 0));
    assert_eq!(all_rows(&restarted), 40);
}

#[test]
fn two_imports_of_one_municipality_at_once_both_count_in_its_persons() {
    use tilskud::db::queries::monitoring::persons;
    let app = spawn_app!();
    run(&mut app.db(), rows(30, 1), &mut |_| {}).expect("first import");
    let february = Month::new(2018, 2).expect("month");

    // Horsens' January is imported (persons 0..39, group 0: not assessed). After its
    // rows are written and its persons counted, just before it switches, another import
    // of Horsens (February, persons 0..49, group 3) switches first. The January import's
    // count no longer includes February: it must count again before it switches, or the
    // municipality's persons would lack February's.
    let mut heard_at_end = 0;
    let mut conn = app.db();
    let summary = run(&mut conn, rows(40, 0), &mut |written| {
        if written < 40 {
            return;
        }
        heard_at_end += 1;
        if heard_at_end == 2 {
            run(&mut app.db(), rows_in(50, 3, february), &mut |_| {}).expect("the other import");
        }
    })
    .expect("the January import");
    assert_eq!(summary.rows, 40);
    // Written, counted, (the other import), counted again, done.
    assert_eq!(
        heard_at_end, 4,
        "the January import counted its persons again"
    );

    let mut c = app.db();
    let totals = persons::totals(&mut c, 615).expect("totals");
    assert_eq!(
        (totals.persons_seen, totals.persons_assessed),
        (50, 50),
        "February's persons are Horsens' persons too"
    );
    assert_eq!(
        persons::all_totals(&mut c).expect("kept"),
        persons::all_totals_from_rows(&mut c).expect("recounted"),
        "the maintained totals equal a recount from the rows"
    );
    assert_eq!(
        all_rows(&app),
        90,
        "January's 40 and February's 50, nothing else"
    );
    assert_eq!(imports_under_way(&app), 0);
}

#[test]
fn an_import_switches_even_when_other_imports_of_its_municipality_keep_winning() {
    use tilskud::db::queries::monitoring::persons;
    let app = spawn_app!();
    run(&mut app.db(), rows(30, 1), &mut |_| {}).expect("first import");
    let february = Month::new(2018, 2).expect("month");

    // Each time the January import is between its count and its switch, another import
    // of Horsens switches first. After two counts outside, the January import counts
    // inside its switch's transaction, where no other can come between: it succeeds.
    let mut others = 0;
    let mut conn = app.db();
    let summary = run(&mut conn, rows(40, 0), &mut |written| {
        if written < 40 {
            return;
        }
        others += 1;
        run(&mut app.db(), rows_in(50, 3, february), &mut |_| {}).expect("another import");
    })
    .expect("the January import succeeds");
    assert_eq!(summary.rows, 40);
    assert!(others >= 4, "other imports came between: {others}");

    let mut c = app.db();
    let totals = persons::totals(&mut c, 615).expect("totals");
    assert_eq!((totals.persons_seen, totals.persons_assessed), (50, 50));
    assert_eq!(
        persons::all_totals(&mut c).expect("kept"),
        persons::all_totals_from_rows(&mut c).expect("recounted"),
    );
    assert_eq!(
        all_rows(&app),
        90,
        "January's 40 and the last February's 50"
    );
    assert_eq!(imports_under_way(&app), 0);
}
