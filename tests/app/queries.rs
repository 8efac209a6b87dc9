//! What a page view costs in database round trips: the statements each main page sends,
//! counted by the pool's instrumentation, held to a budget per page: at most two (the
//! session with the data version, and one read) once a first view has filled this
//! instance's read cache (`app::cache`). Today each is one statement.

use crate::helpers::*;
use crate::spawn_app;

/// (user, page, most statements allowed for one view after a first view warmed the caches)
const BUDGETS: &[((&str, &str), &str, u64)] = &[
    (OFFICER, "/pools/1", 2),
    (OFFICER, "/pools/1/allocation", 2),
    (OFFICER, "/pools/1/applications", 2),
    (OFFICER, "/monitoring", 2),
    (FINANCE, "/municipalities/615", 2),
    (FINANCE, "/pools/1/applications/615", 2),
    (FINANCE, "/municipalities/615/monitoring", 2),
    (COMMITTEE, "/municipalities/615", 2),
    (OFFICER, "/accounts", 2),
    (OFFICER, "/pools/1/accounts/615/final/review", 2),
    (FINANCE, "/pools/1/accounts/615/final", 2),
    (COMMITTEE, "/pools/1/accounts/615/final", 2),
    (OFFICER, "/pools/1/payouts", 2),
    (OFFICER, "/pools/1/ledger", 2),
    (OFFICER, "/pools/1/ledger?code=615&rate=3&month=2027-03", 2),
];

fn statements_of(app: &TestApp, s: &Session, page: &str) -> u64 {
    let before = app.queries.get();
    let res = s.get(page);
    assert_eq!(res.status(), 200, "{page}");
    let _ = res.text();
    app.queries.get() - before
}

#[test]
fn each_main_page_stays_within_its_query_budget() {
    let app = spawn_app!();
    let mut over = Vec::new();
    let mut table = String::from("page | statements | budget\n");
    for (user, page, budget) in BUDGETS {
        let s = app.login_html(*user);
        statements_of(&app, &s, page);
        let n = statements_of(&app, &s, page);
        table.push_str(&format!("{} {page} | {n} | {budget}\n", user.0));
        if n > *budget {
            over.push(format!(
                "{} {page}: {n} statements, budget {budget}",
                user.0
            ));
        }
    }
    println!("{table}");
    assert!(
        over.is_empty(),
        "over budget:\n{}\n{table}",
        over.join("\n")
    );
}
