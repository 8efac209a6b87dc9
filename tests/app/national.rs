//! The demo at national scale (`demo::national`, the first step of the story that
//! `tilskud demo` tells; `demo.rs` tests the rest): every applicant of "Flere skal med"
//! has its commitment and accounts, the demo stays loadable twice and safe-checked, and
//! the officers' list of accounts shows them all.

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
    // Rate 1 of pool 1 is payable for every new commitment: paying it is the story's.
    use tilskud::domain::payout_gate::RateState;
    let now = chrono::NaiveDate::from_ymd_opt(2017, 7, 4)
        .and_then(|d| d.and_hms_opt(10, 0, 0))
        .expect("time");
    for rates in tilskud::app::payouts::pool_rates(&mut conn, 1, now).expect("rates") {
        let state = |n: i32| rates.rate(n).expect("rate").state;
        if rates.municipality_code == 615 {
            assert_eq!(state(1), RateState::Paid);
        } else {
            assert_eq!(state(1), RateState::Payable, "{}", rates.municipality_code);
        }
        assert_eq!(state(2), RateState::NotDue, "rate 2 waits for 2018");
    }
    let officer = app.login_html(OFFICER);
    let (status, list) = officer.get_text("/accounts");
    assert_eq!(status, 200);
    assert!(
        list.contains("Horsens") && list.contains("Aalborg") && list.contains("Tønder"),
        "{}",
        &list[..2000.min(list.len())]
    );
}
