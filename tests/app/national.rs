//! `tilskud demo --national`: every applicant of "Flere skal med" has its commitment and
//! accounts, the demo stays loadable twice and safe-checked, and the officers' list of
//! accounts shows them all.

use diesel::prelude::*;
use tilskud::db::schema::{accounts, commitments};

use crate::helpers::*;
use crate::spawn_app;

#[test]
fn the_national_demo_gives_every_applicant_its_commitment_and_accounts() {
    let app = spawn_app!();
    let mut conn = app.db();
    let added = tilskud::demo::national::load(&mut conn).expect("national demo");
    assert_eq!(added, 87, "89 applicants, Horsens and Aarhus had theirs");
    assert_eq!(tilskud::demo::national::load(&mut conn).expect("again"), 0);
    tilskud::demo::check_safe(&mut conn).expect("its users are the demo's own");
    let n: i64 = commitments::table
        .count()
        .get_result(&mut conn)
        .expect("count");
    assert_eq!(n, 89);
    let kinds: Vec<(String, String)> = accounts::table
        .select((accounts::kind, accounts::status))
        .load(&mut conn)
        .expect("accounts");
    assert_eq!(kinds.iter().filter(|(k, _)| k == "interim").count(), 89);
    assert_eq!(kinds.iter().filter(|(k, _)| k == "final").count(), 89);
    assert_eq!(kinds.iter().filter(|(_, s)| s == "in_review").count(), 1);
    // Rate 1 of pool 1: paid for most, requested or prepared for a few, never twice.
    use tilskud::domain::payout_gate::RateState;
    let now = chrono::NaiveDate::from_ymd_opt(2017, 7, 4)
        .and_then(|d| d.and_hms_opt(10, 0, 0))
        .expect("time");
    let mut states = std::collections::BTreeMap::<&str, usize>::new();
    for code in tilskud::db::queries::target_groups::applicants(&mut conn, 1)
        .expect("applicants")
        .iter()
        .map(|a| a.municipality_code)
    {
        let rates =
            tilskud::app::payouts::for_municipality(&mut conn, (1, code), now).expect("rates");
        let state = rates.rate(1).expect("rate 1").state;
        assert!(
            matches!(
                state,
                RateState::Paid | RateState::Requested | RateState::Prepared | RateState::Payable
            ),
            "{code}: {state:?}"
        );
        *states.entry(state.as_str()).or_default() += 1;
        assert!(
            rates.rate(2).expect("rate 2").state != RateState::Payable,
            "{code}: rate 2 waits for its conditions in July 2017"
        );
    }
    assert!(states.get("paid").copied().unwrap_or(0) > 60, "{states:?}");
    assert!(
        states.get("requested").copied().unwrap_or(0) >= 1,
        "{states:?}"
    );
    assert!(
        states.get("prepared").copied().unwrap_or(0) >= 1,
        "{states:?}"
    );
    let officer = app.login_html(OFFICER);
    let (status, list) = officer.get_text("/accounts");
    assert_eq!(status, 200);
    assert!(
        list.contains("Horsens") && list.contains("Aalborg") && list.contains("Tønder"),
        "{}",
        &list[..2000.min(list.len())]
    );
    let (status, review) = officer.get_text("/pools/1/accounts/615/interim/review");
    assert_eq!(status, 200);
    assert!(
        review.contains("955.000"),
        "the submitted spend is on the review page"
    );
}
