//! Page views served from an instance's memory (`app::freshness`, `http::page_cache`):
//! a warm page view asks the database nothing, yet a user's own change shows at once on
//! any instance, another user's change shows once the instance has read the counters,
//! an ended session is refused everywhere, each session gets its own CSRF token back,
//! and a kept page is never used across a deadline.

use std::time::{Duration, Instant};

use crate::helpers::*;
use crate::spawn_app;

/// The watcher reading the counters every 2 ms.
fn watched(c: &mut tilskud::config::Config) {
    c.freshness_poll_ms = 2;
}

/// A watcher that reads the counters once at the start and then not for an hour: only
/// what the instance sees itself moves its counters.
fn slow(c: &mut tilskud::config::Config) {
    c.freshness_poll_ms = 3_600_000;
}

/// `page` on `app` through `s`'s cookies (cookies are the host's, whatever the port).
fn get_on(app: &TestApp, s: &Session, page: &str) -> (u16, String) {
    let res = s.client.get(app.url(page)).send().expect("request");
    let status = res.status().as_u16();
    (status, res.text().expect("text"))
}

/// Waits (up to 5 s) until `check` holds.
fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let start = Instant::now();
    while !check() {
        assert!(start.elapsed() < Duration::from_secs(5), "never: {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn a_warm_page_view_asks_the_database_nothing() {
    let app = spawn_app!(watched);
    let officer = app.login_html(OFFICER);
    let finance = app.login_html(FINANCE);
    let pages = [
        (&officer, "/pools/1"),
        (&officer, "/pools/1/allocation"),
        (&officer, "/pools/1/applications"),
        (&officer, "/monitoring"),
        (&officer, "/accounts"),
        (&officer, "/pools/1/payouts"),
        (&finance, "/municipalities/615"),
        (&finance, "/pools/1/applications/615"),
        (&finance, "/municipalities/615/monitoring"),
    ];
    for (s, page) in pages {
        let (_, first) = statements(&app, s, page);
        let (n, again) = statements(&app, s, page);
        assert_eq!(n, 0, "{page}: a warm view sends no statement");
        assert_eq!(first, again, "{page}: the kept page is the page");
    }
}

#[test]
fn another_users_change_shows_once_the_instance_has_read_the_counters() {
    let a = spawn_app!(watched);
    let b = a.spawn_beside(watched);
    let on_a = a.login_html(OFFICER);
    let on_b = b.login_html(OFFICER);
    statements(&a, &on_a, "/pools/1");
    assert_eq!(statements(&a, &on_a, "/pools/1").0, 0);
    let res = on_b.post_form("/pools/1", &renamed_pool("Flere skal med (rettet på B)"));
    assert_eq!(res.status(), 303);
    eventually("the change made on B shows on A", || {
        statements(&a, &on_a, "/pools/1")
            .1
            .contains("Flere skal med (rettet på B)")
    });
    statements(&a, &on_a, "/pools/1");
    assert_eq!(statements(&a, &on_a, "/pools/1").0, 0, "kept again");
}

#[test]
fn a_users_own_change_shows_at_once_on_any_instance() {
    let a = spawn_app!(slow);
    let b = a.spawn_beside(slow);
    let officer = a.login_html(OFFICER);
    let finance = a.login_html(FINANCE);
    for s in [&officer, &finance] {
        statements(&a, s, "/pools/1");
        assert_eq!(statements(&a, s, "/pools/1").0, 0, "warm on A");
    }
    // The officer's change goes through B; A has not read the counters since.
    let res = officer
        .client
        .post(b.url("/pools/1"))
        .form(
            &[
                renamed_pool("Flere skal med (rettet af mig)"),
                vec![("csrf_token", officer.csrf.as_str())],
            ]
            .concat(),
        )
        .send()
        .expect("post");
    assert_eq!(res.status(), 303);
    // Another user on A is served what A knows until it reads the counters; what
    // follows for the officer is the version cookie's doing.
    assert!(!statements(&a, &finance, "/pools/1")
        .1
        .contains("Flere skal med (rettet af mig)"));
    let (status, page) = get_on(&a, &officer, "/pools/1");
    assert_eq!(status, 200);
    assert!(
        page.contains("Flere skal med (rettet af mig)"),
        "the officer's next page on A shows the officer's own change"
    );
}

/// Logs in through the form with a client of its own; the session cookie's value.
fn session_token(app: &TestApp, (user, pw): (&str, &str)) -> String {
    let res = reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
        .post(app.url("/login"))
        .form(&[("username", user), ("password", pw)])
        .send()
        .expect("login");
    assert_eq!(res.status(), 303);
    let token = res
        .cookies()
        .find(|c| c.name() == "tilskud")
        .map(|c| c.value().to_string());
    token.expect("session cookie")
}

fn status_with(app: &TestApp, token: &str, page: &str) -> u16 {
    reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
        .get(app.url(page))
        .header("Cookie", format!("tilskud={token}"))
        .send()
        .expect("request")
        .status()
        .as_u16()
}

#[test]
fn an_ended_session_is_refused_by_every_instance() {
    let a = spawn_app!(watched);
    let b = a.spawn_beside(watched);
    let token = session_token(&a, OFFICER);
    for app in [&a, &b] {
        assert_eq!(status_with(app, &token, "/pools/1"), 200);
        assert_eq!(status_with(app, &token, "/pools/1"), 200, "kept in memory");
    }
    let res = reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
        .post(a.url("/logout"))
        .header("Cookie", format!("tilskud={token}"))
        .form(&[("csrf_token", csrf_of(&a, &token).as_str())])
        .send()
        .expect("logout");
    assert!(res.status().is_redirection(), "{}", res.status());
    assert_eq!(
        status_with(&a, &token, "/pools/1"),
        303,
        "refused at once where it ended"
    );
    eventually("the other instance refuses the ended session", || {
        status_with(&b, &token, "/pools/1") == 303
    });
}

fn csrf_of(app: &TestApp, token: &str) -> String {
    let page = reqwest::blocking::Client::new()
        .get(app.url("/pools"))
        .header("Cookie", format!("tilskud={token}"))
        .send()
        .expect("page")
        .text()
        .expect("text");
    extract_csrf(&page).expect("csrf")
}

#[test]
fn a_kept_page_carries_each_sessions_own_csrf_token() {
    let app = spawn_app!(watched);
    let first = app.login_html(OFFICER);
    let second = app.login_html(OFFICER);
    assert_ne!(first.csrf, second.csrf);
    for page in ["/pools/1/payouts", "/pools/1/applications/615"] {
        for s in [&first, &second, &first, &second] {
            let (_, body) = statements(&app, s, page);
            assert_eq!(
                extract_csrf(&body).as_deref(),
                Some(s.csrf.as_str()),
                "{page}"
            );
            let other = if std::ptr::eq(s, &first) {
                &second.csrf
            } else {
                &first.csrf
            };
            assert!(
                !body.contains(other.as_str()),
                "{page}: no other session's token"
            );
        }
    }
}

#[test]
fn a_kept_page_is_not_used_across_the_application_deadline() {
    let app = spawn_app!(watched);
    let officer = app.login_html(OFFICER);
    let passed = "Fristen er overskredet";
    // The second 12:00:00 on the deadline day is on time; the page is kept for that
    // second only.
    app.clock.set_local("2017-06-02 12:00");
    for _ in 0..2 {
        assert!(!statements(&app, &officer, "/pools/1").1.contains(passed));
    }
    assert_eq!(statements(&app, &officer, "/pools/1").0, 0, "kept");
    app.clock.advance(chrono::Duration::milliseconds(999));
    assert!(!statements(&app, &officer, "/pools/1").1.contains(passed));
    assert_eq!(statements(&app, &officer, "/pools/1").0, 0, "still kept");
    app.clock.advance(chrono::Duration::milliseconds(1));
    assert!(
        statements(&app, &officer, "/pools/1").1.contains(passed),
        "12:00:01: the deadline has passed"
    );
    // Before the deadline the whole minute is on time.
    app.clock.set_local("2017-06-02 11:59");
    app.clock.advance(chrono::Duration::seconds(30));
    assert!(!statements(&app, &officer, "/pools/1").1.contains(passed));
}
