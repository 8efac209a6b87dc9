//! The application deadline stops first submissions, to the second, but not the changes
//! the agency asks for afterwards.

use tilskud::app::applications::Mail;

use crate::helpers::*;
use crate::spawn_app;

fn good_form(expected_ore: i64) -> serde_json::Value {
    let kr = expected_ore / 100;
    serde_json::json!({
        "contact_name": "Pia Nielsen",
        "contact_title": "Projektleder",
        "contact_email": "pia.nielsen@herning.example",
        "contact_phone": "96 28 28 28",
        "obligations": ["implement-model", "fixed-contact", "available-to-star", "monitoring", "evaluation"],
        "budget": [{ "item": "caseworker-salaries", "description": "Jobformidlere", "amounts": { "2017": kr.to_string() } }]
    })
}

/// Herning's finance staff (Herning applies to pool 1 but has no application yet),
/// logged in, and Herning's expected grant in pool 1.
fn herning_finance(app: &TestApp) -> (Session, i64) {
    let officer = app.login(OFFICER);
    let (status, _) = officer.send_json(
        reqwest::Method::POST,
        "/api/v1/users",
        &serde_json::json!({ "username": "herning.finance", "display_name": "Pia Nielsen", "role": "finance",
                              "municipality_code": 657, "password": "herning-kodeord-2017" }),
    );
    assert_eq!(status, 201);
    let herning = app.login(("herning.finance", "herning-kodeord-2017"));
    let expected = tilskud::db::queries::applications::expected_grant(&mut app.db(), 1, 657)
        .expect("query")
        .expect("Herning has an expected grant in pool 1");
    (herning, expected)
}

#[test]
fn a_late_first_submission_is_refused_but_requested_changes_may_come_after_the_deadline() {
    let app = spawn_app!();
    let (herning, expected) = herning_finance(&app);
    let officer = app.login(OFFICER);
    let mut conn = app.db();
    let form: tilskud::api::applications::ApplicationForm =
        serde_json::from_value(good_form(expected)).expect("form");

    // Now, long after 2 June 2017 12:00: a first submission is refused, naming the deadline.
    let (status, body) = herning.send_json(
        reqwest::Method::POST,
        "/api/v1/pools/1/applications/657/submit",
        &good_form(expected),
    );
    assert_eq!(status, 409, "{body}");
    assert!(
        body["message"]
            .as_str()
            .unwrap_or("")
            .contains("2. juni 2017 kl. 12.00"),
        "{body}"
    );

    // The same application received at 12:00:00 Danish time (10:00:00 UTC) was on time.
    let input = tilskud::app::applications::ApplicationDraft::from(form)
        .parse(&[2017, 2018, 2019])
        .expect("parses");
    let user = tilskud::db::queries::users::by_username(&mut conn, "herning.finance")
        .expect("q")
        .expect("user");
    let actor = tilskud::db::audit::Actor {
        user_id: Some(user.id),
        label: user.username,
    };
    let at = |s: &str| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").expect("time");
    let late = tilskud::app::applications::submit(
        &mut conn,
        &actor,
        at("2017-06-02 10:00:01"),
        (1, 657),
        &input,
        Mail::Skip,
    );
    assert!(late.is_err(), "one second after the deadline is late");
    let receipt = tilskud::app::applications::submit(
        &mut conn,
        &actor,
        at("2017-06-02 10:00:00"),
        (1, 657),
        &input,
        Mail::Skip,
    )
    .expect("on time to the second");
    assert_eq!(receipt.receipt_no, "A1-657-1");

    // The agency asks for changes; the municipality resubmits, after the deadline.
    let (status, body) = officer.send_json(
        reqwest::Method::POST,
        "/api/v1/pools/1/applications/657/decide",
        &serde_json::json!({ "decision": "request_changes", "reason": "Uddyb budgettet" }),
    );
    assert_eq!(status, 200, "{body}");
    let (status, body) = herning.send_json(
        reqwest::Method::POST,
        "/api/v1/pools/1/applications/657/submit",
        &good_form(expected),
    );
    assert!(
        status == 200 || status == 201,
        "resubmission accepted: {status} {body}"
    );
    assert_eq!(body["receipt_no"], "A1-657-2", "{body}");

    // Version 1 stays readable as it was submitted, and cannot be edited from its page.
    let (status, page) = herning.get_text("/pools/1/applications/657?version=1");
    assert_eq!(status, 200);
    assert!(page.contains("A1-657-1"), "version 1's receipt");
    assert!(page.contains("id=\"versions\""), "the versions are listed");
    assert!(
        !page.contains("Gem kladde"),
        "an earlier version is read-only"
    );
    let (status, _) = herning.get_text("/pools/1/applications/657?version=9");
    assert_eq!(status, 404);
}

/// The same rule over HTTP, with the server's clock set to the boundary instead of data
/// built around it: 12:00:00 Danish time on the deadline day is on time, a second later is not.
#[test]
fn a_submission_at_the_deadline_second_is_on_time_and_one_second_later_is_late() {
    let app = spawn_app!();
    let (herning, expected) = herning_finance(&app);
    let submit = "/api/v1/pools/1/applications/657/submit";

    app.clock.set_local("2017-06-02 12:00");
    app.clock.advance(chrono::Duration::seconds(1));
    let (status, body) = herning.send_json(reqwest::Method::POST, submit, &good_form(expected));
    assert_eq!(status, 409, "12:00:01 is late: {body}");

    app.clock.set(
        chrono::NaiveDate::from_ymd_opt(2017, 6, 2)
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .expect("valid"),
    );
    let (status, body) = herning.send_json(reqwest::Method::POST, submit, &good_form(expected));
    assert_eq!(status, 201, "12:00:00 Danish time is on time: {body}");
}
