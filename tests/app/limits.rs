//! Limits and bad input (issue 15, findings 3, 7, 8 and 11): bodies over their limit are
//! 413 and are not read on; what cannot be read is named in the catalogue's words, never
//! the library's; names take no control characters; hours take no sign; dates lie
//! between 1900 and 2100 and settings within their ranges; the demo's key is 0600.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{json, Value};
use tilskud::domain::monitoring::file::HEADER;

use crate::helpers::*;
use crate::spawn_app;

/// The monitoring limit of these tests' servers.
const LIMIT: usize = 64 * 1024;

/// A monitoring file of `rows` good lines for Horsens (615), February 2018.
fn monitoring_file(rows: usize) -> String {
    let mut s = format!("{HEADER}\n");
    for i in 0..rows {
        s.push_str(&format!(
            "01019{:05},615,2018-02,1,ja,nej,0,ingen\n",
            i % 100_000
        ));
    }
    s
}

/// Logs in through the API with a plain client; the session cookie and the CSRF token,
/// for requests written by hand.
fn raw_login(app: &TestApp) -> (String, String) {
    let res = reqwest::blocking::Client::new()
        .post(app.url("/api/v1/session"))
        .json(&json!({ "username": OFFICER.0, "password": OFFICER.1 }))
        .send()
        .expect("login");
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or_default().to_string())
        .collect::<Vec<_>>()
        .join("; ");
    let me: Value = res.json().expect("json");
    (cookie, me["csrf_token"].as_str().expect("csrf").to_string())
}

/// Sends `head` and then `body`, and reads the answer without sending anything more:
/// its status and body, or `None` if none came within 10 seconds (the server waits for
/// the rest of the body).
fn send_part(app: &TestApp, head: &str, body: &[u8]) -> Option<(u16, String)> {
    let addr = app.url("").trim_start_matches("http://").to_string();
    let mut tcp = TcpStream::connect(addr).expect("connect");
    tcp.write_all(head.as_bytes()).expect("head");
    // The server may stop reading part-way; what it does not read is not our concern.
    let _ = tcp.write_all(body);
    tcp.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let mut got = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    let started = Instant::now();
    loop {
        match tcp.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(_) => break,
        }
        if answer_complete(&got) || started.elapsed() > Duration::from_secs(10) {
            break;
        }
    }
    let text = String::from_utf8_lossy(&got).to_string();
    let status = text.split(' ').nth(1)?.parse().ok()?;
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string())?;
    Some((status, body))
}

fn answer_complete(got: &[u8]) -> bool {
    let text = String::from_utf8_lossy(got);
    let Some((head, body)) = text.split_once("\r\n\r\n") else {
        return false;
    };
    let length = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length:")
                .map(|v| v.trim().to_string())
        })
        .and_then(|v| v.parse::<usize>().ok());
    length.is_some_and(|n| body.len() >= n)
}

fn monitoring_rows(app: &TestApp) -> i64 {
    use diesel::prelude::*;
    use tilskud::db::schema::monitoring_rows as mr;
    mr::table.count().get_result(&mut app.db()).expect("count")
}

#[test]
fn a_monitoring_file_over_the_limit_is_413_before_the_rest_is_read() {
    let app = spawn_app!(|c| c.monitoring_max_bytes = LIMIT);
    let (cookie, csrf) = raw_login(&app);
    let before = monitoring_rows(&app);
    let head = |framing: &str| {
        format!(
            "PUT /api/v1/monitoring HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n\
             X-CSRF-Token: {csrf}\r\nContent-Type: text/csv\r\n{framing}\r\n\r\n"
        )
    };
    // Announced as 200 MB: refused before a byte of it is sent.
    let (status, body) =
        send_part(&app, &head("Content-Length: 200000000"), b"").expect("an answer at once");
    assert_eq!(status, 413, "{body}");
    let v: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(v["error"], "too_large");
    assert!(
        v["message"].as_str().unwrap_or_default().contains("64 kB"),
        "{v}"
    );

    // Sent in chunks without a length: refused at the first chunk past the limit, while
    // the client has not finished (and never does).
    let file = monitoring_file(4000);
    assert!(file.len() > 2 * LIMIT);
    let mut chunked = Vec::new();
    for part in file.as_bytes().chunks(8 * 1024) {
        chunked.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
        chunked.extend_from_slice(part);
        chunked.extend_from_slice(b"\r\n");
    }
    let (status, body) = send_part(&app, &head("Transfer-Encoding: chunked"), &chunked)
        .expect("an answer before the body ends");
    assert_eq!(status, 413, "{body}");
    assert!(body.contains("too_large"), "{body}");
    assert_eq!(monitoring_rows(&app), before, "nothing imported");

    // Within the limit, the same kind of file is imported.
    let s = app.login(OFFICER);
    let (status, body) = s.put_csv("/api/v1/monitoring", &monitoring_file(200));
    assert_eq!(status, 200, "{body}");
}

#[test]
fn a_monitoring_file_with_a_wrong_header_is_answered_before_it_is_sent_whole() {
    let app = spawn_app!(|c| c.monitoring_max_bytes = 10 * 1024 * 1024);
    let (cookie, csrf) = raw_login(&app);
    let head = format!(
        "PUT /api/v1/monitoring HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n\
         X-CSRF-Token: {csrf}\r\nContent-Type: text/csv\r\nContent-Length: 9000000\r\n\r\n"
    );
    let (status, body) =
        send_part(&app, &head, b"not,the,header\n1,2,3\n").expect("an answer before the body ends");
    assert_eq!(status, 422, "{body}");
}

#[test]
fn a_page_upload_over_the_limit_is_413_with_a_page_in_the_users_language() {
    let app = spawn_app!(|c| c.monitoring_max_bytes = LIMIT);
    let s = app.login_html(OFFICER);
    let upload = |lang: &str| {
        let part = reqwest::blocking::multipart::Part::bytes(monitoring_file(4000).into_bytes())
            .file_name("monitorering.csv")
            .mime_str("text/csv")
            .expect("mime");
        let form = reqwest::blocking::multipart::Form::new().part("file", part);
        let res = s
            .client
            .post(s.url(&format!("/monitoring/upload?csrf_token={}{lang}", s.csrf)))
            .multipart(form)
            .send()
            .expect("upload");
        (res.status().as_u16(), res.text().unwrap_or_default())
    };
    let (status, page) = upload("");
    assert_eq!(status, 413);
    assert!(page.contains("Forespørgslen er for stor"), "{page}");
    assert!(page.contains("64 kB"), "{page}");
    let (status, page) = upload("&lang=en");
    assert_eq!(status, 413);
    assert!(page.contains("The request is too large"), "{page}");
    assert_eq!(monitoring_rows(&app), 0, "nothing imported");
}

#[test]
fn a_form_or_json_body_over_one_megabyte_is_413_not_a_csrf_or_field_error() {
    let app = spawn_app!();
    let s = app.login_html(OFFICER);
    let big = "x".repeat(1_100_000);
    let mut form = renamed_pool("Flere skal med");
    form.push(("target_group_note", &big));
    let res = s.post_form("/pools/1", &form);
    assert_eq!(res.status(), 413);
    let page = res.text().expect("text");
    assert!(page.contains("Forespørgslen er for stor"), "{page}");
    assert!(page.contains("1 MB"), "{page}");

    let api = app.login(OFFICER);
    let (status, body) = api.send_json(
        Method::POST,
        "/api/v1/pools",
        &json!({ "name": big, "finance_account": "FL § 1" }),
    );
    assert_eq!(status, 413, "{body}");
    assert_eq!(body["error"], "too_large");
    assert!(
        body["message"]
            .as_str()
            .unwrap_or_default()
            .contains("1 MB"),
        "{body}"
    );
}

/// What no message may show: the words of serde, serde_json, serde_urlencoded, actix.
fn assert_no_internals(text: &str) {
    for word in [
        "deserialize",
        "Deserialize",
        "invalid type",
        "sequence",
        "expected a string",
        "invalid digit",
        "at line",
        "Json",
        "serde",
    ] {
        assert!(!text.contains(word), "{word:?} in {text}");
    }
}

#[test]
fn bad_json_and_query_strings_are_named_in_the_catalogues_words() {
    let app = spawn_app!();
    let s = app.login(OFFICER);
    // A list where a text belongs.
    let (status, body) = s.send_json(Method::POST, "/api/v1/pools", &json!({ "name": ["x"] }));
    assert_eq!(status, 422, "{body}");
    assert_no_internals(&body.to_string());
    let message = body["fields"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("linje 1"), "{body}");
    assert!(message.contains("tekst"), "{body}");
    // Broken JSON.
    let res = s
        .client
        .post(s.url("/api/v1/pools?lang=en"))
        .header("X-CSRF-Token", &s.csrf)
        .header("Content-Type", "application/json")
        .body("{\"name\": ")
        .send()
        .expect("post");
    assert_eq!(res.status(), 422);
    let body: Value = res.json().expect("json");
    assert_no_internals(&body.to_string());
    assert!(
        body["fields"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("ends too early"),
        "{body}"
    );
    // A query parameter that is no number.
    let (status, body) = s.get_json("/api/v1/audit?limit=abc");
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error"], "bad_request");
    assert_no_internals(&body.to_string());
}

#[test]
fn names_with_control_characters_are_refused_on_their_field() {
    let app = spawn_app!();
    let admin = app.login(ADMIN);
    let (status, body) = admin.send_json(
        Method::POST,
        "/api/v1/users",
        &json!({
            "username": "herning.finance",
            "display_name": "Herning\u{0}Økonomi",
            "role": "finance",
            "municipality_code": 657,
            "password": "herning-finance-2017",
        }),
    );
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["fields"][0]["field"], "display_name", "{body}");
    assert!(
        body["fields"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("styretegn"),
        "{body}"
    );

    let s = app.login_html(OFFICER);
    let res = s.post_form("/pools/1", &renamed_pool("Flere\u{1b}[31m skal med"));
    assert_eq!(res.status(), 422);
    let page = res.text().expect("text");
    assert!(page.contains("styretegn"), "{page}");
    let (_, pool) = admin.get_json("/api/v1/pools/1");
    assert_eq!(pool["name"], "Flere skal med", "nothing written");
}

#[test]
fn minus_zero_hours_are_refused_naming_the_line() {
    let app = spawn_app!();
    let s = app.login(OFFICER);
    let file = format!(
        "{HEADER}\n0101901234,615,2018-02,1,ja,nej,0,ingen\n0202851234,615,2018-02,1,ja,nej,-0,ingen\n"
    );
    let (status, body) = s.put_csv("/api/v1/monitoring", &file);
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["fields"][0]["field"], "line 3", "{body}");
    assert_eq!(monitoring_rows(&app), 0);
}

#[test]
fn dates_outside_1900_to_2100_and_settings_out_of_range_are_refused() {
    let app = spawn_app!();
    let s = app.login(OFFICER);
    let (status, body) = s.send_json(
        Method::POST,
        "/api/v1/pools",
        &json!({
            "name": "Flere skal med 2",
            "finance_account": "FL § 17.46.64.20",
            "amount": "55.000.000",
            "period_start": "0000-01-01",
            "period_end": "2021-12-31",
            "deadline": "0000-10-01T12:00",
            "auditor_threshold": "500.000",
            "rates": [{ "share_percent": "100", "earliest": "" }],
            "activity_months": "100000",
        }),
    );
    assert_eq!(status, 422, "{body}");
    let fields: Vec<(String, String)> = body["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| {
            (
                f["field"].as_str().unwrap_or_default().to_string(),
                f["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    for field in ["period_start", "deadline", "activity_months"] {
        assert!(
            fields.iter().any(|(f, _)| f == field),
            "{field} in {fields:?}"
        );
    }
    assert!(
        fields.iter().any(|(_, m)| m.contains("1900 og 2100")),
        "{fields:?}"
    );
    let (_, pools) = s.get_json("/api/v1/pools");
    assert_eq!(pools.as_array().map(Vec::len), Some(DEMO_POOLS));

    let html = app.login_html(OFFICER);
    let mut form = renamed_pool("Flere skal med");
    form.retain(|(k, _)| *k != "deadline");
    form.push(("deadline", "0000-06-02T12:00"));
    let res = html.post_form("/pools/1", &form);
    assert_eq!(res.status(), 422);
    let page = res.text().expect("text");
    assert!(page.contains("mellem år 1900 og 2100"), "{page}");
}

#[cfg(unix)]
#[test]
fn the_demos_pseudonym_key_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("dir");
    let mode =
        |p: &std::path::Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
    let key = tilskud::cli::demo_pseudonym_key(dir.path()).expect("key");
    let path = dir.path().join("pseudonym.key");
    assert_eq!(mode(&path), 0o600);
    // A key left readable by others is narrowed, and kept.
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    assert_eq!(
        tilskud::cli::demo_pseudonym_key(dir.path()).expect("key"),
        key
    );
    assert_eq!(mode(&path), 0o600);
}

/// A document's form may not carry more than its document beside it: a large field the
/// handler skips was read through to its end before.
#[test]
fn a_document_form_with_a_large_extra_field_is_413() {
    let app = spawn_app!(|c| c.document_max_bytes = 10_000);
    let s = app.login_html(FINANCE);
    let part = reqwest::blocking::multipart::Part::bytes(b"%PDF-1.7\n% x\n%%EOF\n".to_vec())
        .file_name("lille.pdf")
        .mime_str("application/pdf")
        .expect("mime");
    let form = reqwest::blocking::multipart::Form::new()
        .text("padding", "x".repeat(500_000))
        .text("purpose", "declaration")
        .part("file", part);
    let res = s
        .client
        .post(s.url(&format!(
            "/pools/1/accounts/615/interim/documents?csrf_token={}",
            s.csrf
        )))
        .multipart(form)
        .send()
        .expect("upload");
    assert_eq!(res.status(), 413);
}
