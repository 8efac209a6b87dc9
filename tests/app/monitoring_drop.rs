//! The check before a sharp drop replaces data: a month with under half the citizens of
//! the month before is shown first (page: a preview; API: 409 with the months) and
//! imported only when the same file is sent again, confirmed.

use diesel::prelude::*;
use reqwest::blocking::multipart::{Form, Part};
use tilskud::db::schema::monitoring_rows as mr;
use tilskud::domain::monitoring::file::HEADER;

use crate::helpers::*;
use crate::spawn_app;

/// `n` citizens of Horsens in group 1 in `month`, the first `g2` of them in group 2.
fn month_file(month: &str, n: u32, g2: u32) -> String {
    let mut s = format!("{HEADER}\n");
    for i in 0..n {
        let group = if i < g2 { 2 } else { 1 };
        s.push_str(&format!(
            "{:02}0190{:04},615,{month},{group},ja,nej,0,ingen\n",
            i % 28 + 1,
            1000 + i
        ));
    }
    s
}

fn rows_in(app: &TestApp, month: i32) -> i64 {
    mr::table
        .filter(mr::municipality_code.eq(615))
        .filter(mr::month.eq(month))
        .count()
        .get_result(&mut app.db())
        .expect("count")
}

/// Uploads `text` with the confirmation's fields first, as the preview's form sends them.
fn upload(s: &Session, text: &str, confirm: Option<&str>, reviewed: bool) -> (u16, String) {
    let part = Part::bytes(text.as_bytes().to_vec())
        .file_name("monitorering.csv")
        .mime_str("text/csv")
        .expect("mime");
    let mut form = Form::new();
    if let Some(token) = confirm {
        form = form.text("confirm", token.to_string());
    }
    if reviewed {
        form = form.text("reviewed", "1");
    }
    let res = s
        .client
        .post(s.url(&format!(
            "/municipalities/615/monitoring/upload?csrf_token={}",
            s.csrf
        )))
        .multipart(form.part("file", part))
        .send()
        .expect("upload");
    let status = res.status().as_u16();
    (status, res.text().expect("text"))
}

fn token_of(page: &str) -> String {
    let at = page
        .find("name=\"confirm\" value=\"")
        .expect("the token field")
        + 22;
    page[at..at + 64].to_string()
}

#[test]
fn a_sharp_drop_is_shown_first_and_imported_only_when_confirmed() {
    let app = spawn_app!();
    let s = app.login_html(FINANCE);
    let (status, _) = upload(&s, &month_file("2018-02", 30, 4), None, false);
    assert_eq!(status, 303, "a first month imports at once");
    assert_eq!(rows_in(&app, 201802), 30);

    // Three lines for March after 30 in February: the preview, nothing written.
    let march = month_file("2018-03", 3, 1);
    let (status, page) = upload(&s, &march, None, false);
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("Kontrollér filen, før den indlæses"),
        "{page}"
    );
    assert!(page.contains("Filen er ikke indlæst endnu"));
    assert!(page.contains("Horsens") && page.contains("marts 2018"));
    assert!(page.contains("februar 2018: 30"), "{page}");
    assert!(page.contains("Stort fald"));
    assert!(page.contains("27 færre (−90,0 %)"), "{page}");
    assert!(page.contains("class=\"sharp-drop\""));
    assert_eq!(
        rows_in(&app, 201803),
        0,
        "nothing is written before confirmation"
    );
    let token = token_of(&page);

    // The token without the box ticked: the preview again, saying what is missing.
    let (status, page) = upload(&s, &march, Some(&token), false);
    assert_eq!(status, 200);
    assert!(
        page.contains("Sæt kryds, hvis du har kontrolleret tallene"),
        "{page}"
    );
    assert_eq!(rows_in(&app, 201803), 0);

    // Another file with the token: it is judged afresh (its own preview).
    let other = month_file("2018-03", 4, 1);
    let (status, page) = upload(&s, &other, Some(&token), true);
    assert_eq!(status, 200);
    assert!(page.contains("26 færre"), "{page}");
    assert_ne!(token_of(&page), token, "a token is for one file");
    assert_eq!(rows_in(&app, 201803), 0);

    // The same file, confirmed: imported.
    let (status, _) = upload(&s, &march, Some(&token), true);
    assert_eq!(status, 303);
    assert_eq!(rows_in(&app, 201803), 3);
    assert_eq!(rows_in(&app, 201802), 30, "the month before stays");

    // A month that does not fall (March again with 3) imports at once.
    let (status, _) = upload(&s, &month_file("2018-04", 3, 0), None, false);
    assert_eq!(status, 303);
    assert_eq!(rows_in(&app, 201804), 3);
}

#[test]
fn the_api_answers_a_sharp_drop_with_409_and_imports_it_with_the_token() {
    let app = spawn_app!();
    let s = app.login(FINANCE);
    let path = "/api/v1/municipalities/615/monitoring";
    let (status, out) = s.put_csv(path, &month_file("2018-02", 30, 4));
    assert_eq!(status, 200, "{out}");
    let march = month_file("2018-03", 3, 1);
    let (status, out) = s.put_csv(path, &march);
    assert_eq!(status, 409, "{out}");
    assert_eq!(out["error"], "sharp_drop");
    assert_eq!(out["rows"], 3);
    let m = &out["months"][0];
    assert_eq!(m["municipality_code"], 615);
    assert_eq!(m["month"], "2018-03");
    assert_eq!(m["persons"], 3);
    assert_eq!(m["groups"], serde_json::json!([2, 1, 0, 0]));
    assert_eq!(m["compared_month"], "2018-02");
    assert_eq!(m["compared_persons"], 30);
    assert_eq!(m["sharp_drop"], true);
    assert_eq!(rows_in(&app, 201803), 0);
    let token = out["confirm"].as_str().expect("token").to_string();

    let (status, out) = s.put_csv(&format!("{path}?confirm=0000"), &march);
    assert_eq!(status, 409, "a wrong token: {out}");
    let (status, out) = s.put_csv(&format!("{path}?confirm={token}"), &march);
    assert_eq!(status, 200, "{out}");
    assert_eq!(rows_in(&app, 201803), 3);

    // Replacing a month with far fewer, with no month before it: compared with itself.
    let (status, out) = s.put_csv(path, &month_file("2018-02", 5, 0));
    assert_eq!(status, 409, "{out}");
    assert!(out["months"][0]["compared_month"].is_null(), "{out}");
    assert_eq!(out["months"][0]["replaced_persons"], 30);
    assert_eq!(out["months"][0]["compared_persons"], 30);
}
