//! Login throttling (issue 15, finding 4): growing delays per source address and per
//! username instead of a lock an attacker controls; each attempt counted before its
//! password is checked, so parallel guesses check no more than allowed; 429 with
//! `Retry-After` in the pages and the API alike.

use std::net::IpAddr;
use std::time::Duration as StdDuration;

use chrono::Duration;
use reqwest::blocking::{Client, Response};

use crate::helpers::*;
use crate::spawn_app;

const WRONG: (&str, &str) = ("officer", "guess-number-x");

/// A client whose connections come from `ip` (any 127.x address reaches the server).
fn client_from(ip: &str) -> Client {
    Client::builder()
        .local_address(ip.parse::<IpAddr>().expect("ip"))
        .redirect(reqwest::redirect::Policy::none())
        .timeout(StdDuration::from_secs(60))
        .build()
        .expect("client")
}

fn api_login(app: &TestApp, c: &Client, (user, pw): (&str, &str)) -> Response {
    c.post(app.url("/api/v1/session"))
        .json(&serde_json::json!({ "username": user, "password": pw }))
        .send()
        .expect("login")
}

fn html_login(app: &TestApp, c: &Client, (user, pw): (&str, &str)) -> Response {
    c.post(app.url("/login"))
        .form(&[("username", user), ("password", pw), ("next", "/pools")])
        .send()
        .expect("login")
}

/// The `Retry-After` header in seconds; panics when missing.
fn retry_after(res: &Response) -> i64 {
    res.headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("Retry-After on a {} answer", res.status()))
}

fn failed_logins_audited(app: &TestApp) -> i64 {
    use diesel::prelude::*;
    use tilskud::db::schema::audit_log;
    audit_log::table
        .filter(audit_log::action.eq("session.login-failed"))
        .count()
        .get_result(&mut app.db())
        .expect("count")
}

fn march_2018() -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2018, 3, 1)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("time")
}

#[test]
fn forty_parallel_wrong_passwords_check_no_more_than_five() {
    let app = spawn_app!();
    app.clock.set(march_2018());
    let app = std::sync::Arc::new(app);
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(40));
    let threads: Vec<_> = (0..40)
        .map(|i| {
            let (app, barrier) = (app.clone(), barrier.clone());
            std::thread::spawn(move || {
                let c = client_from("127.0.0.1");
                barrier.wait();
                // Half through the pages, half through the API: one count for both.
                let res = if i % 2 == 0 {
                    html_login(&app, &c, WRONG)
                } else {
                    api_login(&app, &c, WRONG)
                };
                res.status().as_u16()
            })
        })
        .collect();
    let statuses: Vec<u16> = threads
        .into_iter()
        .map(|t| t.join().expect("thread"))
        .collect();
    let checked = statuses.iter().filter(|s| [401, 422].contains(*s)).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!((checked, refused), (5, 35), "{statuses:?}");
    assert_eq!(
        failed_logins_audited(&app),
        5,
        "only checked attempts are audited"
    );
    // The right password is refused unchecked while the wait lasts, then accepted.
    let c = client_from("127.0.0.1");
    let res = api_login(&app, &c, OFFICER);
    assert_eq!(res.status(), 429);
    app.clock.advance(Duration::seconds(retry_after(&res)));
    assert_eq!(api_login(&app, &c, OFFICER).status(), 200);
}

#[test]
fn a_throttled_login_answers_429_with_retry_after_in_the_page_and_the_api() {
    let app = spawn_app!();
    app.clock.set(march_2018());
    let c = client_from("127.0.0.1");
    for attempt in 1..=5 {
        assert_eq!(
            html_login(&app, &c, WRONG).status(),
            422,
            "attempt {attempt}"
        );
    }
    // The page: the login form again, with the message and the username kept.
    let res = html_login(&app, &c, OFFICER);
    assert_eq!(res.status(), 429);
    assert_eq!(retry_after(&res), 1);
    assert!(res
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .is_none_or(|c| !c.starts_with("tilskud=")));
    let page = res.text().expect("text");
    assert!(
        page.contains("For mange forsøg på at logge ind. Vent 1 sekund, og prøv så igen."),
        "{page}"
    );
    assert!(page.contains("value=\"officer\""), "username kept: {page}");
    assert!(
        page.contains("name=\"password\""),
        "the form is there: {page}"
    );
    // The API: the same refusal as JSON.
    let res = api_login(&app, &c, OFFICER);
    assert_eq!(res.status(), 429);
    assert_eq!(retry_after(&res), 1);
    let body: serde_json::Value = res.json().expect("json");
    assert_eq!(body["error"], "too_many_requests");
    assert_eq!(
        body["message"],
        "For mange forsøg på at logge ind. Vent 1 sekund, og prøv så igen."
    );
    // Refused attempts do not lengthen the wait; each checked one doubles it.
    app.clock.advance(Duration::seconds(1));
    assert_eq!(api_login(&app, &c, WRONG).status(), 401);
    let res = api_login(&app, &c, WRONG);
    assert_eq!((res.status().as_u16(), retry_after(&res)), (429, 2));
    let res = html_login(&app, &c, WRONG);
    assert_eq!((res.status().as_u16(), retry_after(&res)), (429, 2));
    // In English too.
    let res = c
        .post(app.url("/login?lang=en"))
        .form(&[("username", "officer"), ("password", "x")])
        .send()
        .expect("login");
    assert_eq!(res.status(), 429);
    assert!(res
        .text()
        .expect("text")
        .contains("Too many login attempts. Wait 2 seconds and try again."));
    // After the wait, the right password works and the count starts over.
    app.clock.advance(Duration::seconds(2));
    assert_eq!(api_login(&app, &c, OFFICER).status(), 200);
    for _ in 1..=5 {
        assert_eq!(api_login(&app, &c, WRONG).status(), 401);
    }
}

#[test]
fn an_attacker_elsewhere_keeps_the_right_user_waiting_at_most_a_minute() {
    let app = spawn_app!();
    app.clock.set(march_2018());
    let attacker = client_from("127.0.0.1");
    let user = client_from("127.0.0.2");
    // The attacker guesses as fast as the server lets it, for an hour and a half; the
    // real user, from their own address, tries the right password every 10 minutes.
    let (mut guesses, mut logins) = (0, 0);
    let mut user_waits = Vec::new();
    let start = march_2018();
    let (mut now, mut user_tried) = (start, start);
    while now - start < Duration::minutes(90) {
        let res = api_login(&app, &attacker, WRONG);
        match res.status().as_u16() {
            401 => guesses += 1,
            429 => {
                let wait = retry_after(&res);
                app.clock.advance(Duration::seconds(wait));
                now += Duration::seconds(wait);
            }
            other => panic!("attacker got {other}"),
        }
        if now - user_tried < Duration::minutes(10) {
            continue;
        }
        user_tried = now;
        let res = api_login(&app, &user, OFFICER);
        match res.status().as_u16() {
            200 => logins += 1,
            429 => user_waits.push(retry_after(&res)),
            other => panic!("user got {other}"),
        }
    }
    assert!(guesses < 40, "{guesses} guesses checked in 90 minutes");
    assert!(logins > 0);
    // Never longer than the username's cap, however long the attack goes on.
    assert!(user_waits.iter().all(|w| *w <= 60), "{user_waits:?}");
    // The attacker's own address by now waits far longer than that.
    api_login(&app, &attacker, WRONG);
    let res = api_login(&app, &attacker, OFFICER);
    assert_eq!(res.status(), 429);
    let attacker_wait = retry_after(&res);
    assert!(attacker_wait > 60, "{attacker_wait}");
    // The right user is in within a minute of the attacker's last guess.
    let res = api_login(&app, &user, OFFICER);
    if res.status() == 429 {
        let wait = retry_after(&res);
        assert!(wait <= 60, "{wait}");
        app.clock.advance(Duration::seconds(wait));
        assert_eq!(api_login(&app, &user, OFFICER).status(), 200);
    } else {
        assert_eq!(res.status(), 200);
    }
}

#[test]
fn one_address_guessing_many_usernames_is_slowed_down_too() {
    let app = spawn_app!();
    app.clock.set(march_2018());
    let c = client_from("127.0.0.1");
    for i in 1..=20 {
        let res = api_login(&app, &c, (&format!("user{i}"), "x"));
        assert_eq!(res.status(), 401, "attempt {i}");
    }
    let res = api_login(&app, &c, ("user21", "x"));
    assert_eq!((res.status().as_u16(), retry_after(&res)), (429, 1));
    // Another address is not affected.
    assert_eq!(
        api_login(&app, &client_from("127.0.0.3"), OFFICER).status(),
        200
    );
}

#[test]
fn forwarded_addresses_count_only_from_a_trusted_proxy() {
    // No proxy configured: a made-up X-Forwarded-For does not give a fresh address.
    let app = spawn_app!();
    app.clock.set(march_2018());
    let c = client_from("127.0.0.1");
    for i in 1..=20 {
        let res = c
            .post(app.url("/api/v1/session"))
            .header("X-Forwarded-For", format!("203.0.113.{i}"))
            .json(&serde_json::json!({ "username": format!("u{i}"), "password": "x" }))
            .send()
            .expect("login");
        assert_eq!(res.status(), 401);
    }
    let res = c
        .post(app.url("/api/v1/session"))
        .header("X-Forwarded-For", "203.0.113.99")
        .json(&serde_json::json!({ "username": "u99", "password": "x" }))
        .send()
        .expect("login");
    assert_eq!(res.status(), 429, "the peer's address counts");

    // Behind a trusted proxy, the client it names counts.
    let app = spawn_app!(|c| c.trusted_proxies = vec!["127.0.0.0/30".into()]);
    app.clock.set(march_2018());
    let proxy = client_from("127.0.0.1");
    let from = |client_ip: &str, user: &str| {
        proxy
            .post(app.url("/api/v1/session"))
            .header("X-Forwarded-For", format!("198.51.100.1, {client_ip}"))
            .json(&serde_json::json!({ "username": user, "password": "x" }))
            .send()
            .expect("login")
            .status()
            .as_u16()
    };
    for i in 1..=20 {
        assert_eq!(from("203.0.113.7", &format!("u{i}")), 401);
    }
    assert_eq!(from("203.0.113.7", "u21"), 429);
    assert_eq!(
        from("203.0.113.8", "u21"),
        401,
        "another client of the proxy"
    );
}
