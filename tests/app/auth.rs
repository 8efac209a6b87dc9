//! Logging in and out: the same answer for a wrong password and an unknown user
//! (throttling: `login_throttle.rs`), sessions that end (logout, idle, age,
//! deactivation), cookie flags, security headers, friendly 404s, no open redirect.

use chrono::Duration;
use reqwest::blocking::Response;
use tilskud::auth::session;

use crate::helpers::*;
use crate::spawn_app;

/// The session token the server set, from the `Set-Cookie` header.
fn session_token(res: &Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("tilskud="))
        .map(|rest| rest.split(';').next().unwrap_or("").to_string())
        .filter(|t| !t.is_empty())
}

fn set_cookie_header(res: &Response) -> String {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("tilskud="))
        .unwrap_or("")
        .to_string()
}

fn api_login(app: &TestApp, (user, pw): (&str, &str)) -> Response {
    app.client()
        .post(app.url("/api/v1/session"))
        .json(&serde_json::json!({ "username": user, "password": pw }))
        .send()
        .expect("login")
}

fn html_login(app: &TestApp, (user, pw): (&str, &str), next: &str) -> Response {
    app.client()
        .post(app.url("/login"))
        .form(&[("username", user), ("password", pw), ("next", next)])
        .send()
        .expect("login")
}

/// A GET with only this session cookie (no cookie store).
fn get_with(app: &TestApp, token: &str, path: &str) -> Response {
    app.client()
        .get(app.url(path))
        .header("Cookie", format!("tilskud={token}"))
        .send()
        .expect("GET")
}

fn location(res: &Response) -> String {
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

const WRONG: &str = "Brugernavn eller adgangskode er forkert.";

#[test]
fn a_wrong_password_gets_the_same_answer_as_an_unknown_user_and_keeps_the_username() {
    let app = spawn_app!();
    let wrong = html_login(&app, ("officer", "not-the-password"), "/pools");
    assert_eq!(wrong.status(), 422);
    assert!(session_token(&wrong).is_none(), "no session");
    let wrong = wrong.text().expect("text");
    let unknown = html_login(&app, ("nobody-at-all", "not-the-password"), "/pools");
    assert_eq!(unknown.status(), 422);
    let unknown = unknown.text().expect("text");
    assert!(wrong.contains(WRONG), "{wrong}");
    assert!(wrong.contains("value=\"officer\""), "username kept");
    assert!(unknown.contains("value=\"nobody-at-all\""), "username kept");
    // Apart from the username typed, the two pages are the same: nothing tells which
    // usernames exist.
    assert_eq!(
        wrong.replace("officer", "USER"),
        unknown.replace("nobody-at-all", "USER")
    );
    // Through the API: the same 401 and message for both.
    let a = api_login(&app, ("officer", "not-the-password"));
    let b = api_login(&app, ("nobody-at-all", "not-the-password"));
    assert_eq!((a.status().as_u16(), b.status().as_u16()), (401, 401));
    let mut a: serde_json::Value = a.json().expect("json");
    let mut b: serde_json::Value = b.json().expect("json");
    // Each answer carries its own request id; the rest is the same.
    for v in [&mut a, &mut b] {
        v.as_object_mut().expect("object").remove("request_id");
    }
    assert_eq!(a, b);
}

#[test]
fn logging_out_ends_the_session_so_the_old_cookie_no_longer_works() {
    let app = spawn_app!();
    // HTML: the logout button.
    let res = html_login(&app, OFFICER, "/pools");
    assert_eq!(res.status(), 303);
    let token = session_token(&res).expect("session cookie");
    let res = get_with(&app, &token, "/api/v1/me");
    assert_eq!(res.status(), 200);
    let me: serde_json::Value = res.json().expect("json");
    let csrf = me["csrf_token"].as_str().expect("csrf").to_string();
    let res = app
        .client()
        .post(app.url("/logout"))
        .header("Cookie", format!("tilskud={token}"))
        .form(&[("csrf_token", csrf.as_str())])
        .send()
        .expect("logout");
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/login?logged_out=1");
    let removal = set_cookie_header(&res);
    assert!(
        removal.contains("Max-Age=0") || removal.contains("Expires="),
        "the browser is told to drop the cookie: {removal}"
    );
    assert_eq!(get_with(&app, &token, "/api/v1/me").status(), 401);
    // The login page it leads to says so.
    let page = app
        .client()
        .get(app.url("/login?logged_out=1"))
        .send()
        .expect("login page")
        .text()
        .expect("text");
    assert!(page.contains("id=\"logged-out\""), "{page}");
    assert!(page.contains("Du er logget af."), "{page}");
    let res = get_with(&app, &token, "/pools");
    assert_eq!(res.status(), 303);
    assert!(location(&res).starts_with("/login?next="));

    // API: DELETE the session.
    let res = api_login(&app, FINANCE);
    let token = session_token(&res).expect("session cookie");
    let me: serde_json::Value = res.json().expect("json");
    let res = app
        .client()
        .delete(app.url("/api/v1/session"))
        .header("Cookie", format!("tilskud={token}"))
        .header("X-CSRF-Token", me["csrf_token"].as_str().expect("csrf"))
        .send()
        .expect("logout");
    assert_eq!(res.status(), 204);
    assert_eq!(get_with(&app, &token, "/api/v1/me").status(), 401);
}

#[test]
fn the_session_cookie_is_httponly_samesite_strict_for_the_whole_site() {
    let app = spawn_app!();
    for res in [
        html_login(&app, OFFICER, "/pools"),
        api_login(&app, OFFICER),
    ] {
        let cookie = set_cookie_header(&res);
        let attrs: Vec<String> = cookie
            .split(';')
            .skip(1)
            .map(|a| a.trim().to_ascii_lowercase())
            .collect();
        assert!(attrs.contains(&"httponly".into()), "{cookie}");
        assert!(attrs.contains(&"samesite=strict".into()), "{cookie}");
        assert!(attrs.contains(&"path=/".into()), "{cookie}");
        assert!(
            !attrs.iter().any(|a| a.starts_with("domain")),
            "host-only: {cookie}"
        );
        // The test server listens on plain http on loopback, configured without Secure.
        assert!(!attrs.contains(&"secure".into()), "{cookie}");
    }
}

#[test]
fn behind_tls_the_session_cookie_is_secure_and_host_prefixed() {
    use tilskud::config::Config;
    // A public listener gets Secure cookies by default; the loopback demo does not.
    let public = Config {
        bind: "0.0.0.0:8080".into(),
        ..Config::default()
    };
    assert!(public.cookie_secure());
    let forced = Config {
        cookie_secure: Some(true),
        ..Config::default()
    };
    assert!(forced.cookie_secure());
    assert!(!Config::default().cookie_secure());

    // A server configured that way sets a Secure, __Host- prefixed cookie.
    let dir = tempfile::tempdir().expect("dir");
    let config = Config {
        bind: "127.0.0.1:0".into(),
        database_url: Some(format!("sqlite://{}", dir.path().join("s.db").display())),
        data_dir: dir.path().to_path_buf(),
        cookie_secure: Some(true),
        db_pool_size: Some(2),
        workers: Some(1),
        log: "warn".into(),
        mail_worker: false,
        jobs_worker: false,
        ..Config::default()
    };
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let app = tilskud::startup::Application::build(&config).expect("app builds");
            {
                let mut conn = app.pool.get().expect("connection");
                tilskud::demo::load(&mut conn).expect("demo data");
            }
            tx.send(app.port()).expect("port");
            let _ = app.run_until_stopped().await;
        });
    });
    let port = rx
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("server started");
    let res = reqwest::blocking::Client::new()
        .post(format!("http://127.0.0.1:{port}/api/v1/session"))
        .json(&serde_json::json!({ "username": OFFICER.0, "password": OFFICER.1 }))
        .send()
        .expect("login");
    assert_eq!(res.status(), 200);
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("__Host-tilskud="))
        .expect("a __Host- session cookie")
        .to_string();
    let attrs: Vec<String> = cookie
        .split(';')
        .skip(1)
        .map(|a| a.trim().to_ascii_lowercase())
        .collect();
    for a in ["secure", "httponly", "samesite=strict", "path=/"] {
        assert!(attrs.contains(&a.to_string()), "{a} in {cookie}");
    }
    assert!(!attrs.iter().any(|a| a.starts_with("domain")), "{cookie}");
}

#[test]
fn every_login_gets_a_new_session_id() {
    let app = spawn_app!();
    let first = api_login(&app, OFFICER);
    let t1 = session_token(&first).expect("token");
    let c1: serde_json::Value = first.json().expect("json");
    // Logging in again while carrying the old cookie (a planted one, say) gives a new id.
    let second = app
        .client()
        .post(app.url("/api/v1/session"))
        .header("Cookie", format!("tilskud={t1}"))
        .json(&serde_json::json!({ "username": OFFICER.0, "password": OFFICER.1 }))
        .send()
        .expect("login");
    assert_eq!(second.status(), 200);
    let t2 = session_token(&second).expect("token");
    let c2: serde_json::Value = second.json().expect("json");
    assert_ne!(t1, t2);
    assert_ne!(c1["csrf_token"], c2["csrf_token"]);
    let t3 = session_token(&html_login(&app, OFFICER, "/")).expect("token");
    assert!(t3 != t1 && t3 != t2);
    assert!(t1.len() >= 32, "a long random token: {t1}");
}

#[test]
fn the_database_does_not_hold_the_session_token_itself() {
    let app = spawn_app!();
    let token = session_token(&api_login(&app, OFFICER)).expect("token");
    use diesel::prelude::*;
    use tilskud::db::schema::sessions;
    let ids: Vec<String> = sessions::table
        .select(sessions::id)
        .load(&mut app.db())
        .expect("sessions");
    assert_eq!(ids.len(), 1);
    assert_ne!(ids[0], token);
    assert_eq!(ids[0], session::token_id(&token));
}

/// 1 March 2018, at `h`:00 UTC.
fn march_2018(h: u32) -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2018, 3, 1)
        .and_then(|d| d.and_hms_opt(h, 0, 0))
        .expect("time")
}

/// Whether the session behind `token` still answers `/api/v1/me`.
fn logged_in(app: &TestApp, token: &str) -> bool {
    match get_with(app, token, "/api/v1/me").status().as_u16() {
        200 => true,
        401 => false,
        other => panic!("/api/v1/me answered {other}"),
    }
}

#[test]
fn a_session_idle_for_more_than_30_minutes_has_ended() {
    let app = spawn_app!();
    let t0 = march_2018(9);
    app.clock.set(t0);
    let token = session_token(&api_login(&app, OFFICER)).expect("token");
    app.clock.set(t0 + Duration::minutes(29));
    assert!(logged_in(&app, &token), "29 minutes idle is fine");
    // 31 minutes after that last request.
    app.clock.advance(Duration::minutes(31));
    assert!(!logged_in(&app, &token), "31 minutes idle ends the session");
    // ...for good: coming back sooner afterwards does not revive it.
    app.clock.set(t0 + Duration::minutes(30));
    assert!(!logged_in(&app, &token));
    let res = get_with(&app, &token, "/pools");
    assert_eq!(
        res.status(),
        303,
        "a page sends the browser to log in again"
    );
    assert!(location(&res).starts_with("/login?next="));
}

#[test]
fn a_session_older_than_12_hours_has_ended_however_active() {
    let app = spawn_app!();
    let t0 = march_2018(7);
    app.clock.set(t0);
    let token = session_token(&api_login(&app, OFFICER)).expect("token");
    // A request every 20 minutes for 11 h 40 min.
    for k in 1..=35 {
        app.clock.advance(Duration::minutes(20));
        assert!(
            logged_in(&app, &token),
            "still logged in after {} minutes",
            20 * k
        );
    }
    app.clock
        .set(t0 + Duration::hours(12) + Duration::minutes(1));
    assert!(
        !logged_in(&app, &token),
        "12 h 1 min after login the session has ended"
    );
}

#[test]
fn deactivating_a_user_ends_their_sessions_and_refuses_new_logins() {
    let app = spawn_app!();
    let finance = app.login(FINANCE);
    let (status, me) = finance.get_json("/api/v1/me");
    assert_eq!(status, 200);
    let id = me["id"].as_i64().expect("id");
    let officer = app.login(OFFICER);
    let (status, body) = officer.send_json(
        reqwest::Method::PUT,
        &format!("/api/v1/users/{id}"),
        &serde_json::json!({
            "username": FINANCE.0,
            "display_name": "Jens Mortensen",
            "role": "finance",
            "municipality_code": OWN_CODE,
            "active": false,
        }),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["active"], false);
    assert_eq!(finance.get("/api/v1/me").status(), 401);
    assert_eq!(finance.get("/pools").status(), 303);
    assert_eq!(api_login(&app, FINANCE).status(), 401);
    let res = html_login(&app, FINANCE, "/pools");
    assert_eq!(res.status(), 422);
    assert!(res.text().expect("text").contains(WRONG));
}

fn assert_security_headers(res: &Response, what: &str) {
    let h = |name: &str| {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_else(|| panic!("{what}: header {name} missing"))
            .to_string()
    };
    let csp = h("content-security-policy");
    assert!(!csp.contains("unsafe-inline"), "{what}: {csp}");
    assert!(!csp.contains("unsafe-eval"), "{what}: {csp}");
    assert!(csp.contains("default-src 'self'"), "{what}: {csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
    assert_eq!(h("x-content-type-options"), "nosniff", "{what}");
    let referrer = h("referrer-policy");
    assert!(
        [
            "no-referrer",
            "same-origin",
            "strict-origin",
            "strict-origin-when-cross-origin"
        ]
        .contains(&referrer.as_str()),
        "{what}: {referrer}"
    );
}

#[test]
fn pages_error_pages_and_assets_carry_the_security_headers() {
    let app = spawn_app!();
    let c = app.client();
    let page = c.get(app.url("/login")).send().expect("page");
    assert_eq!(page.status(), 200);
    assert_security_headers(&page, "login page");
    let missing = c.get(app.url("/no-such-page")).send().expect("404");
    assert_eq!(missing.status(), 404);
    assert_security_headers(&missing, "404 page");
    let asset = c.get(app.url("/static/app.css")).send().expect("css");
    assert_eq!(asset.status(), 200);
    assert_security_headers(&asset, "static asset");
    let s = app.login(COMMITTEE);
    let forbidden = s.get("/pools/new");
    assert_eq!(forbidden.status(), 403);
    assert_security_headers(&forbidden, "403 page");
    let api = s.get("/api/v1/me");
    assert_security_headers(&api, "API response");
}

#[test]
fn an_unknown_address_gives_a_friendly_404_page_in_danish_or_english() {
    let app = spawn_app!();
    let c = app.client();
    let res = c.get(app.url("/puljer/findes-ikke")).send().expect("404");
    assert_eq!(res.status(), 404);
    let ct = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(ct.starts_with("text/html"), "{ct}");
    let page = res.text().expect("text");
    assert!(page.contains("<html lang=\"da\""), "{page}");
    assert!(page.contains("Siden findes ikke"), "{page}");
    assert!(page.contains("Gå til forsiden"));
    let res = c
        .get(app.url("/puljer/findes-ikke?lang=en"))
        .send()
        .expect("404");
    assert_eq!(res.status(), 404);
    let page = res.text().expect("text");
    assert!(page.contains("<html lang=\"en\""), "{page}");
    assert!(page.contains("Page not found"), "{page}");
    // The choice is remembered for the next page.
    let res = c
        .get(app.url("/puljer/findes-heller-ikke"))
        .send()
        .expect("404");
    assert!(res.text().expect("text").contains("Page not found"));
    // The API answers in JSON instead.
    let res = c.get(app.url("/api/v1/no-such-thing")).send().expect("404");
    assert_eq!(res.status(), 404);
    let body: serde_json::Value = res.json().expect("json");
    assert_eq!(body["error"], "not_found");
}

#[test]
fn after_login_the_user_is_sent_only_to_a_page_on_this_site() {
    let app = spawn_app!();
    let res = html_login(&app, OFFICER, "/pools/1/allocation");
    assert_eq!(res.status(), 303);
    assert_eq!(
        location(&res),
        "/pools/1/allocation",
        "a local next is kept"
    );
    for evil in [
        "//evil.example",
        "//evil.example/pools",
        "https://evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "javascript:alert(1)",
        "",
    ] {
        let res = html_login(&app, OFFICER, evil);
        assert_eq!(res.status(), 303, "next={evil:?}");
        assert_eq!(location(&res), "/", "next={evil:?}");
        // The login form does not carry it forward either, and a logged-in visitor to
        // /login?next=… is not bounced off-site.
        let q = format!("/login?next={}", urlencode(evil));
        let page = app.client().get(app.url(&q)).send().expect("form");
        assert_eq!(page.status(), 200);
        assert!(
            page.text()
                .expect("text")
                .contains("name=\"next\" value=\"/\""),
            "next={evil:?}"
        );
        let s = app.login(OFFICER);
        let res = s.get(&q);
        assert_eq!(res.status(), 303, "next={evil:?}");
        assert_eq!(location(&res), "/", "next={evil:?}");
    }
}

#[test]
fn switching_language_on_the_login_page_keeps_where_it_leads() {
    let app = spawn_app!();
    let c = app.client();
    let page = c
        .get(app.url("/pools/1/allocation?sort=amount"))
        .send()
        .expect("page");
    let login = location(&page);
    assert_eq!(
        login,
        "/login?next=%2Fpools%2F1%2Fallocation%3Fsort%3Damount"
    );
    let page = c.get(app.url(&login)).send().expect("login page");
    let page = page.text().expect("text");
    let english = format!("href=\"{login}&amp;lang=en\"");
    assert!(page.contains(&english), "{english} in {page}");
    let page = c
        .get(app.url(&format!("{login}&lang=en")))
        .send()
        .expect("English login page")
        .text()
        .expect("text");
    assert!(
        page.contains("name=\"next\" value=\"/pools/1/allocation?sort=amount\""),
        "{page}"
    );
}

fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[test]
fn changing_a_users_municipality_ends_their_sessions() {
    let app = spawn_app!();
    let committee = app.login(COMMITTEE);
    let (_, me) = committee.get_json("/api/v1/me");
    let id = me["id"].as_i64().expect("id");
    let officer = app.login(OFFICER);
    let (status, body) = officer.send_json(
        reqwest::Method::PUT,
        &format!("/api/v1/users/{id}"),
        &serde_json::json!({
            "username": COMMITTEE.0,
            "display_name": "Karen Holm",
            "role": "committee",
            "municipality_code": OTHER_CODE,
        }),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(committee.get("/api/v1/me").status(), 401);
    // Logging in again, the new municipality applies.
    let again = app.login(COMMITTEE);
    assert_eq!(
        again
            .get(&format!("/api/v1/municipalities/{OTHER_CODE}"))
            .status(),
        200
    );
    assert_eq!(
        again
            .get(&format!("/api/v1/municipalities/{OWN_CODE}"))
            .status(),
        403
    );
}

#[test]
fn nobody_locks_themselves_out_by_editing_their_own_account() {
    let app = spawn_app!();
    let admin = app.login(ADMIN);
    let (_, me) = admin.get_json("/api/v1/me");
    let id = me["id"].as_i64().expect("id");
    let (status, body) = admin.send_json(
        reqwest::Method::PUT,
        &format!("/api/v1/users/{id}"),
        &serde_json::json!({
            "username": ADMIN.0,
            "display_name": "Ny Administrator",
            "role": "finance",
            "municipality_code": OWN_CODE,
            "active": false,
        }),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["active"], true);
    assert_eq!(body["role"], "admin");
    assert_eq!(body["municipality_code"], serde_json::Value::Null);
    assert_eq!(body["display_name"], "Ny Administrator");
    let (status, me) = admin.get_json("/api/v1/me");
    assert_eq!(status, 200, "still logged in");
    assert_eq!(me["role"], "admin");
}

#[test]
fn abandoned_sessions_are_deleted_at_the_next_login() {
    use diesel::prelude::*;
    use tilskud::db::schema::sessions;
    let app = spawn_app!();
    app.clock.set(march_2018(9));
    let token = session_token(&api_login(&app, OFFICER)).expect("token");
    let id = session::token_id(&token);
    let count = |conn: &mut tilskud::db::DbConn| -> i64 {
        sessions::table
            .filter(sessions::id.eq(&id))
            .count()
            .get_result(conn)
            .expect("count")
    };
    let mut conn = app.db();
    assert_eq!(count(&mut conn), 1);
    // Nobody comes back to it; someone else logs in the next day.
    app.clock.advance(Duration::days(1));
    app.login(COMMITTEE);
    assert_eq!(count(&mut conn), 0, "the expired session row is gone");
}
