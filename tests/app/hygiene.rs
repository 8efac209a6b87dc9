//! Session hygiene and the origin check (issue 15, findings 5 and 6): a new login ends
//! the browser's old session; logout clears the cookie; the CSRF token counts in the
//! query string only on the uploads; forwarded headers count only from a trusted proxy,
//! and the origin's scheme, host and port must all match.

use reqwest::blocking::Response;

use crate::helpers::*;
use crate::spawn_app;

/// The session cookie's `Set-Cookie` header, if the response sets or removes it.
fn session_set_cookie(res: &Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("tilskud="))
        .map(str::to_string)
}

fn token_of(res: &Response) -> String {
    let c = session_set_cookie(res).expect("session cookie");
    c["tilskud=".len()..]
        .split(';')
        .next()
        .unwrap_or_default()
        .to_string()
}

fn me_status(app: &TestApp, token: &str) -> u16 {
    app.client()
        .get(app.url("/api/v1/me"))
        .header("Cookie", format!("tilskud={token}"))
        .send()
        .expect("me")
        .status()
        .as_u16()
}

fn api_login_with(app: &TestApp, cookie: Option<&str>, (user, pw): (&str, &str)) -> Response {
    let mut req = app
        .client()
        .post(app.url("/api/v1/session"))
        .json(&serde_json::json!({ "username": user, "password": pw }));
    if let Some(t) = cookie {
        req = req.header("Cookie", format!("tilskud={t}"));
    }
    req.send().expect("login")
}

#[test]
fn a_new_login_in_a_browser_with_a_live_session_ends_the_old_session() {
    let app = spawn_app!();
    let old = token_of(&api_login_with(&app, None, OFFICER));
    assert_eq!(me_status(&app, &old), 200);
    // The page's login form, sent with the old cookie (as another user, even).
    let res = app
        .client()
        .post(app.url("/login"))
        .header("Cookie", format!("tilskud={old}"))
        .form(&[("username", ADMIN.0), ("password", ADMIN.1), ("next", "/")])
        .send()
        .expect("login");
    assert_eq!(res.status(), 303);
    let new = token_of(&res);
    assert_eq!(me_status(&app, &old), 401, "the old session has ended");
    assert_eq!(me_status(&app, &new), 200);
    // The API the same way.
    let newer = token_of(&api_login_with(&app, Some(&new), OFFICER));
    assert_eq!(me_status(&app, &new), 401);
    assert_eq!(me_status(&app, &newer), 200);
    // A failed login does not end it.
    let res = api_login_with(&app, Some(&newer), ("officer", "wrong-password"));
    assert_eq!(res.status(), 401);
    assert_eq!(me_status(&app, &newer), 200);
    // Sessions in other browsers are left alone.
    let elsewhere = token_of(&api_login_with(&app, None, OFFICER));
    assert_eq!(me_status(&app, &newer), 200);
    assert_eq!(me_status(&app, &elsewhere), 200);
}

fn assert_cookie_removed(res: &Response, what: &str) {
    let c = session_set_cookie(res).unwrap_or_else(|| panic!("{what}: no Set-Cookie"));
    let attrs: Vec<String> = c
        .split(';')
        .map(|a| a.trim().to_ascii_lowercase())
        .collect();
    assert_eq!(attrs[0], "tilskud=", "{what}: emptied: {c}");
    assert!(attrs.contains(&"max-age=0".to_string()), "{what}: {c}");
    assert!(attrs.contains(&"path=/".to_string()), "{what}: {c}");
}

#[test]
fn logging_out_clears_the_cookie_in_the_pages_and_the_api() {
    let app = spawn_app!();
    let s = app.login_html(OFFICER);
    let res = s.post_form("/logout", &[]);
    assert_eq!(res.status(), 303);
    assert_cookie_removed(&res, "page logout");
    // The client dropped it: the next page asks to log in.
    assert_eq!(s.get("/pools").status(), 303);

    let s = app.login(OFFICER);
    let res = s
        .client
        .delete(s.url("/api/v1/session"))
        .header("X-CSRF-Token", &s.csrf)
        .send()
        .expect("logout");
    assert_eq!(res.status(), 204);
    assert_cookie_removed(&res, "API logout");
    assert_eq!(s.get("/api/v1/me").status(), 401);
}

#[test]
fn the_csrf_token_counts_in_the_query_string_only_on_uploads() {
    let app = spawn_app!();
    let s = app.login(OFFICER);
    // Logout with the token only in the address: refused, still logged in.
    let res = s
        .client
        .post(s.url(&format!("/logout?csrf_token={}", s.csrf)))
        .form(&[("x", "y")])
        .send()
        .expect("logout");
    assert_eq!(res.status(), 403);
    assert_eq!(s.get("/api/v1/me").status(), 200);
    // A form post elsewhere the same.
    let res = s
        .client
        .post(s.url(&format!("/pools/1/allocations?csrf_token={}", s.csrf)))
        .form(&[("reason", "token in the address")])
        .send()
        .expect("post");
    assert_eq!(res.status(), 403);
    // The API takes it only as the header.
    let res = s
        .client
        .post(s.url(&format!(
            "/api/v1/pools/1/allocations?csrf_token={}",
            s.csrf
        )))
        .json(&serde_json::json!({ "reason": "token in the address" }))
        .send()
        .expect("post");
    assert_eq!(res.status(), 403);
    let (_, versions) = s.get_json("/api/v1/pools/1/allocations");
    assert_eq!(
        versions.as_array().map(Vec::len),
        Some(1),
        "nothing written"
    );
    // An upload, whose multipart body the guard does not read, takes it in the address.
    let form = reqwest::blocking::multipart::Form::new().part(
        "file",
        reqwest::blocking::multipart::Part::bytes(b"not a target group file".to_vec())
            .file_name("groups.csv"),
    );
    let res = s
        .client
        .post(s.url(&format!(
            "/pools/1/target-groups/import?csrf_token={}",
            s.csrf
        )))
        .multipart(form)
        .send()
        .expect("upload");
    assert_ne!(res.status(), 403, "past the guard");
    let form = reqwest::blocking::multipart::Form::new().part(
        "file",
        reqwest::blocking::multipart::Part::bytes(b"x".to_vec()).file_name("groups.csv"),
    );
    let res = s
        .client
        .post(s.url("/pools/1/target-groups/import?csrf_token=wrong"))
        .multipart(form)
        .send()
        .expect("upload");
    assert_eq!(res.status(), 403, "a wrong token is still refused");
}

fn login_from(app: &TestApp, headers: &[(&str, &str)]) -> u16 {
    let mut req = app
        .client()
        .post(app.url("/api/v1/session"))
        .json(&serde_json::json!({ "username": OFFICER.0, "password": OFFICER.1 }));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.send().expect("login").status().as_u16()
}

#[test]
fn forwarded_host_and_scheme_count_only_from_a_trusted_proxy() {
    let app = spawn_app!();
    // A forged X-Forwarded-Host (and Forwarded) from a peer that is no proxy.
    for forged in [
        [
            ("X-Forwarded-Host", "evil.example"),
            ("X-Forwarded-Proto", "https"),
        ],
        [
            ("Forwarded", "host=evil.example;proto=https"),
            ("X-Unused", ""),
        ],
    ] {
        let mut h = vec![("Origin", "https://evil.example")];
        h.extend(forged);
        assert_eq!(login_from(&app, &h), 403, "{h:?}");
    }
    // The same, from a configured proxy: that is where the browser was.
    let app = spawn_app!(|c| c.trusted_proxies = vec!["127.0.0.1".into()]);
    let proxied = [
        ("Origin", "https://tilskud.example"),
        ("X-Forwarded-Host", "tilskud.example"),
        ("X-Forwarded-Proto", "https"),
        ("X-Forwarded-For", "203.0.113.5"),
    ];
    assert_eq!(login_from(&app, &proxied), 200);
    let standard = [
        ("Origin", "https://tilskud.example"),
        (
            "Forwarded",
            "for=203.0.113.5;host=tilskud.example;proto=https",
        ),
    ];
    assert_eq!(login_from(&app, &standard), 200);
    // Through the proxy, a page's own origin over plain http is another origin.
    let downgraded = [
        ("Origin", "http://tilskud.example"),
        ("X-Forwarded-Host", "tilskud.example"),
        ("X-Forwarded-Proto", "https"),
    ];
    assert_eq!(login_from(&app, &downgraded), 403);
}

#[test]
fn the_origins_scheme_host_and_port_must_all_match() {
    let app = spawn_app!();
    let base = app.base.clone();
    let port = base.rsplit(':').next().expect("port").to_string();
    assert_eq!(login_from(&app, &[("Origin", &base)]), 200);
    let https = base.replacen("http://", "https://", 1);
    assert_eq!(login_from(&app, &[("Origin", &https)]), 403, "scheme");
    let other_port = format!("http://127.0.0.1:{}", port.parse::<u32>().unwrap_or(0) + 1);
    assert_eq!(login_from(&app, &[("Origin", &other_port)]), 403, "port");
    let other_host = format!("http://localhost:{port}");
    assert_eq!(login_from(&app, &[("Origin", &other_host)]), 403, "host");
    assert_eq!(login_from(&app, &[("Origin", "null")]), 403);
    // Without Origin, the Referer is judged the same way.
    let page = format!("{base}/login");
    assert_eq!(login_from(&app, &[("Referer", &page)]), 200);
    let foreign = "https://evil.example/login".to_string();
    assert_eq!(login_from(&app, &[("Referer", &foreign)]), 403);
    // With neither (curl, API clients) the CSRF token alone decides.
    assert_eq!(login_from(&app, &[]), 200);
}
