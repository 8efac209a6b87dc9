//! A form sent after the session has ended is not lost: it is kept for its user, the
//! login page says so, and after logging in the user sees it and sends it again.

use chrono::Duration;

use crate::helpers::*;
use crate::spawn_app;

const SAVE: &str = "/pools/2/applications/615/save";

fn location(res: &reqwest::blocking::Response) -> String {
    res.headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

fn draft_fields(csrf: &str) -> Vec<(&'static str, String)> {
    vec![
        ("csrf_token", csrf.to_string()),
        ("contact_name", "Mette Jensen".to_string()),
        ("amount_caseworker-salaries_2027", "1.234.567".to_string()),
        (
            "description_caseworker-salaries",
            "To jobformidlere".to_string(),
        ),
    ]
}

fn log_in_again(s: &Session, (user, pw): (&str, &str)) -> reqwest::blocking::Response {
    s.client
        .post(s.url("/login"))
        .form(&[("username", user), ("password", pw), ("next", "/pools")])
        .send()
        .expect("login")
}

#[test]
fn a_form_sent_after_the_session_ended_is_kept_and_sent_again_after_login() {
    let app = spawn_app!();
    let t0 = chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("time");
    app.clock.set(t0);
    let s = app.login_html(FINANCE);
    app.clock.advance(Duration::minutes(31));

    let res = s
        .client
        .post(s.url(SAVE))
        .form(&draft_fields(&s.csrf))
        .send()
        .expect("save");
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/login?kept=1");
    let (_, login) = s.get_text("/login?kept=1");
    assert!(login.contains("Det, du skrev, er gemt"), "{login}");
    assert!(login.contains("30 minutter"), "{login}");

    // Logging in again leads to the kept form first.
    let res = log_in_again(&s, FINANCE);
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/kept-form");
    let (status, page) = s.get_text("/kept-form");
    assert_eq!(status, 200);
    assert!(page.contains("Send det, du skrev, igen"), "{page}");
    assert!(page.contains(&format!("action=\"{SAVE}\"")), "{page}");
    assert!(page.contains("name=\"contact_name\" value=\"Mette Jensen\""));
    assert!(page.contains("Gem"), "what it does");
    assert!(
        !page.contains(&s.csrf),
        "the old CSRF token is not sent again"
    );
    let csrf = extract_csrf(&page).expect("a fresh token");

    // Sent again: saved, as if the first time.
    let res = s
        .client
        .post(s.url(SAVE))
        .form(&draft_fields(&csrf))
        .send()
        .expect("save again");
    assert_eq!(res.status(), 303);
    assert!(location(&res).ends_with("?saved=1"));
    let (_, saved) = s.get_text("/pools/2/applications/615");
    assert!(
        saved.contains("value=\"Mette Jensen\""),
        "the draft is saved"
    );

    // Given back once.
    let res = s.get("/kept-form");
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/");
}

#[test]
fn a_kept_form_is_given_back_only_to_its_user() {
    let app = spawn_app!();
    let t0 = chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("time");
    app.clock.set(t0);
    let s = app.login_html(FINANCE);
    app.clock.advance(Duration::minutes(31));
    let res = s
        .client
        .post(s.url(SAVE))
        .form(&draft_fields(&s.csrf))
        .send()
        .expect("save");
    assert_eq!(location(&res), "/login?kept=1");
    // Someone else logs in in the same browser: nothing of Horsens's is shown.
    let res = log_in_again(&s, ("aarhus.finance", "demo-aarhus-2017"));
    assert_eq!(location(&res), "/kept-form");
    let res = s.get("/kept-form");
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/");

    // Too late: after 8 hours it is gone for its own user too.
    let s = app.login_html(FINANCE);
    app.clock.advance(Duration::minutes(31));
    let res = s
        .client
        .post(s.url(SAVE))
        .form(&draft_fields(&s.csrf))
        .send()
        .expect("save");
    assert_eq!(location(&res), "/login?kept=1");
    app.clock.advance(Duration::hours(9));
    log_in_again(&s, FINANCE);
    let res = s.get("/kept-form");
    assert_eq!(location(&res), "/");
}

#[test]
fn an_upload_after_the_session_ended_says_so_and_the_api_answers_401() {
    let app = spawn_app!();
    let t0 = chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("time");
    app.clock.set(t0);
    let s = app.login_html(FINANCE);
    app.clock.advance(Duration::minutes(31));
    let part = reqwest::blocking::multipart::Part::bytes(b"x".to_vec()).file_name("m.csv");
    let res = s
        .client
        .post(s.url(&format!(
            "/municipalities/615/monitoring/upload?csrf_token={}",
            s.csrf
        )))
        .multipart(reqwest::blocking::multipart::Form::new().part("file", part))
        .send()
        .expect("upload");
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/login?expired=1");
    let (_, login) = s.get_text("/login?expired=1");
    assert!(login.contains("blev ikke modtaget"), "{login}");

    let api = app.login(FINANCE);
    app.clock.advance(Duration::minutes(31));
    let (status, _) = api.send_json(
        reqwest::Method::PUT,
        "/api/v1/pools/2/applications/615",
        &serde_json::json!({}),
    );
    assert_eq!(status, 401);
}
