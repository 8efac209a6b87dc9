//! The per-instance read cache (`app::cache`): a page is read from memory only while the
//! data version the session check sees is the one it was read at, so no instance shows a
//! page older than a change made through any instance.

use crate::helpers::*;
use crate::spawn_app;

fn data_version(app: &TestApp) -> i64 {
    use diesel::prelude::*;
    use tilskud::db::schema::audit_head;
    audit_head::table
        .find(1)
        .select(audit_head::data_version)
        .get_result(&mut app.db())
        .expect("data version")
}

#[test]
fn a_change_made_through_another_instance_shows_on_the_next_page_view() {
    let a = spawn_app!();
    let b = a.spawn_beside(|_| {});
    let on_a = a.login_html(OFFICER);
    let on_b = b.login_html(OFFICER);
    for page in ["/pools/1", "/pools/1/allocation", "/pools/1/applications"] {
        statements(&a, &on_a, page);
        let (n, body) = statements(&a, &on_a, page);
        assert_eq!(n, 1, "{page}: cached after the first view");
        assert!(body.contains("Flere skal med"), "{page}");
    }
    let res = on_b.post_form("/pools/1", &renamed_pool("Flere skal med (rettet på B)"));
    assert_eq!(res.status(), 303);
    for page in ["/pools/1", "/pools/1/allocation", "/pools/1/applications"] {
        let (n, body) = statements(&a, &on_a, page);
        assert!(
            n > 1,
            "{page}: read afresh after the change, {n} statement(s)"
        );
        assert!(
            body.contains("Flere skal med (rettet på B)"),
            "{page}: {body}"
        );
        assert_eq!(statements(&a, &on_a, page).0, 1, "{page}: cached again");
    }
}

#[test]
fn logging_in_and_out_and_failed_logins_leave_the_data_version_and_the_cache_alone() {
    let app = spawn_app!();
    let officer = app.login_html(OFFICER);
    statements(&app, &officer, "/pools/1");
    let version = data_version(&app);
    let other = app.login_html(COMMITTEE);
    let res = app
        .client()
        .post(app.url("/login"))
        .form(&[("username", "officer"), ("password", "wrong")])
        .send()
        .expect("login");
    assert_ne!(res.status(), 303, "the wrong password logs no one in");
    let res = other.post_form("/logout", &[]);
    assert!(res.status().is_redirection(), "{}", res.status());
    assert_eq!(data_version(&app), version);
    assert_eq!(statements(&app, &officer, "/pools/1").0, 1);
}

#[test]
fn every_audited_change_raises_the_data_version() {
    let app = spawn_app!();
    let officer = app.login_html(OFFICER);
    let before = data_version(&app);
    let res = officer.post_form("/pools/1", &renamed_pool("Flere skal med (rettet)"));
    assert_eq!(res.status(), 303);
    assert_eq!(data_version(&app), before + 1);
}

const AARHUS: i32 = 751;

fn commitment_of(app: &TestApp, code: i32) -> i64 {
    use diesel::prelude::*;
    use tilskud::db::schema::commitments;
    commitments::table
        .filter(commitments::municipality_code.eq(code))
        .filter(commitments::pool_id.eq(1))
        .select(commitments::id)
        .first(&mut app.db())
        .expect("commitment")
}

/// The part of the queue page listing the rates that are payable, not requested.
fn payable_section(page: &str) -> &str {
    let start = page.find("id=\"payable\"").expect("the payable section");
    let rest = &page[start..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

fn ledger_ore(body: &str, field: &str) -> i64 {
    let v: serde_json::Value = serde_json::from_str(body).expect("JSON");
    v["total"][field].as_i64().expect(field)
}

fn upcoming(body: &str) -> Vec<(i64, i64, String)> {
    let v: serde_json::Value = serde_json::from_str(body).expect("JSON");
    v["upcoming"]
        .as_array()
        .expect("upcoming")
        .iter()
        .map(|u| {
            (
                u["municipality_code"].as_i64().expect("code"),
                u["rate"].as_i64().expect("rate"),
                u["state"].as_str().expect("state").to_string(),
            )
        })
        .collect()
}

const QUEUE_AND_LEDGER: [&str; 5] = [
    "/pools/1/payouts",
    "/pools/1/ledger",
    "/pools/1/ledger?code=615&rate=3&month=2027-03",
    "/api/v1/pools/1/ledger",
    "/api/v1/pools/1/payouts",
];

#[test]
fn the_payout_queue_and_the_ledger_are_read_once_and_a_payout_shows_on_the_next_view() {
    let app = spawn_app!();
    let officer = app.login_html(OFFICER);
    for page in QUEUE_AND_LEDGER {
        statements(&app, &officer, page);
        assert_eq!(
            statements(&app, &officer, page).0,
            1,
            "{page}: cached after the first view"
        );
    }
    let (_, before) = statements(&app, &officer, "/api/v1/pools/1/ledger");
    let (_, queue) = statements(&app, &officer, "/pools/1/payouts");
    assert!(
        payable_section(&queue).contains("/pools/1/rates/751/1"),
        "Aarhus's rate 1 waits in the queue: {queue}"
    );
    // A change through the app (as any instance would make it): Aarhus's rate 1 is paid.
    let now = tilskud::app::clock::Clock::now(&*app.clock);
    pay_rate(&mut app.db(), commitment_of(&app, AARHUS), 1, now).expect("rate 1 is paid");
    // Each read afresh once; the what-if and the API's ledger are worked out from the
    // ledger page's read of the same version and day.
    for (page, afresh) in QUEUE_AND_LEDGER
        .iter()
        .zip([true, true, false, false, true])
    {
        let (n, _) = statements(&app, &officer, page);
        assert_eq!(n > 1, afresh, "{page}: {n} statement(s) after the payout");
    }
    let (_, after) = statements(&app, &officer, "/api/v1/pools/1/ledger");
    assert!(
        ledger_ore(&after, "paid_ore") > ledger_ore(&before, "paid_ore"),
        "the ledger counts the payout: {after}"
    );
    let (_, queue) = statements(&app, &officer, "/pools/1/payouts");
    assert!(
        !payable_section(&queue).contains("/pools/1/rates/751/1"),
        "paid, no longer payable: {queue}"
    );
    assert!(
        queue.contains("/pools/1/payouts/batches/"),
        "its batch: {queue}"
    );
}

#[test]
fn a_rate_whose_date_comes_at_copenhagen_midnight_turns_payable_in_the_cached_queue_and_ledger() {
    use tilskud::app::payouts;
    use tilskud::domain::payout_gate::{ConditionKind, RateState};
    let app = spawn_app!();
    // Rate 2 is due from 1 January 2018 in Copenhagen. Every other condition of
    // Aarhus's rate 2 is excepted beforehand, so the date alone is left.
    app.clock.set_local("2017-12-31 23:59");
    let now = tilskud::app::clock::Clock::now(&*app.clock);
    let aarhus = commitment_of(&app, AARHUS);
    let rates = payouts::for_municipality(&mut app.db(), (1, AARHUS), now).expect("rates");
    let two = rates.rate(2).expect("rate 2");
    for c in two.gate.missing() {
        if c.condition != ConditionKind::NotBefore {
            grant_override(&mut app.db(), aarhus, 2, c.condition.as_str(), now);
        }
    }
    let rates = payouts::for_municipality(&mut app.db(), (1, AARHUS), now).expect("rates");
    assert_eq!(rates.rate(2).expect("rate 2").state, RateState::NotDue);

    let officer = app.login_html(OFFICER);
    let version = data_version(&app);
    for page in QUEUE_AND_LEDGER {
        statements(&app, &officer, page);
    }
    let (n, queue) = statements(&app, &officer, "/pools/1/payouts");
    assert_eq!(n, 1, "cached");
    assert!(
        !payable_section(&queue).contains("/pools/1/rates/751/2"),
        "not before its date: {queue}"
    );
    let (_, before) = statements(&app, &officer, "/api/v1/pools/1/ledger");
    assert!(
        upcoming(&before).contains(&(751, 2, "not_due".into())),
        "{before}"
    );

    // Midnight in Copenhagen: no data changes, only the date.
    app.clock.set_local("2018-01-01 00:00");
    let (_, queue) = statements(&app, &officer, "/pools/1/payouts");
    assert!(
        payable_section(&queue).contains("/pools/1/rates/751/2"),
        "payable from its date: {queue}"
    );
    let (_, after) = statements(&app, &officer, "/api/v1/pools/1/ledger");
    assert!(
        !upcoming(&after).iter().any(|u| (u.0, u.1) == (751, 2)),
        "{after}"
    );
    assert!(ledger_ore(&after, "payable_ore") > ledger_ore(&before, "payable_ore"));
    assert_eq!(data_version(&app), version, "the date alone changed");
    let (n, _) = statements(&app, &officer, "/pools/1/payouts");
    assert_eq!(n, 1, "and the new day's queue is cached in turn");
}

#[test]
fn the_queue_kept_in_the_cache_carries_each_sessions_own_csrf_token() {
    use tilskud::app::payouts;
    let app = spawn_app!();
    // An approved payout, so the queue has its batch form.
    let now = tilskud::app::clock::Clock::now(&*app.clock);
    let actor = |name: &str| {
        let u = tilskud::db::queries::users::by_username(&mut app.db(), name)
            .expect("users")
            .expect("user");
        tilskud::db::audit::Actor {
            user_id: Some(u.id),
            label: u.username,
        }
    };
    let aarhus = commitment_of(&app, AARHUS);
    let payout =
        payouts::prepare(&mut app.db(), &actor(OFFICER.0), now, (aarhus, 1)).expect("prepared");
    payouts::approve(&mut app.db(), &actor(APPROVER.0), now, payout.id).expect("approved");
    let officer = app.login_html(OFFICER);
    let approver = app.login_html(APPROVER);
    assert_ne!(officer.csrf, approver.csrf);
    let tokens = |page: &str| -> Vec<String> {
        page.match_indices("name=\"csrf_token\" value=\"")
            .map(|(i, m)| {
                let rest = &page[i + m.len()..];
                rest[..rest.find('"').expect("end of value")].to_string()
            })
            .collect()
    };
    statements(&app, &officer, "/pools/1/payouts");
    for s in [&officer, &approver, &officer] {
        let (n, page) = statements(&app, s, "/pools/1/payouts");
        assert_eq!(n, 1, "cached");
        let found = tokens(&page);
        assert!(
            found.len() >= 2,
            "the layout's and the batch form's: {page}"
        );
        assert!(found.iter().all(|t| *t == s.csrf), "{found:?}");
        assert!(!page.contains("csrf-stand-in"), "{page}");
    }
    // The form of the cached page works.
    let res = officer.post_form("/pools/1/payouts/batches", &[]);
    assert_eq!(res.status(), 303);
}
