//! Snapshots of output that users and other systems read as a whole: the OpenAPI
//! document, the commitment letter (page and email) and the application receipt email.
//! They pin today's output so that a refactor cannot change it unnoticed; the files are
//! in `tests/app/snapshots/`, one per snapshot, shared by SQLite and PostgreSQL.
//!
//! What differs from run to run is replaced by a placeholder in plain string processing
//! before the comparison, and only where it is expected (each replacement must happen):
//! the time of submission (`[SUBMITTED_AT]`), the date of approval (`[APPROVAL_DATE]`)
//! and the stylesheet's cache-busting version (`[ASSET_VERSION]`, a hash of the embedded
//! files). Everything else (amounts, the fixed dates of the demo pool, letter and receipt
//! numbers) is the same on every fresh database and is kept.
//!
//! To accept a deliberate change: `INSTA_UPDATE=always cargo test --test app snapshots`,
//! review the diff of the `.snap` files, commit them. With `CI=true` a mismatch fails and
//! nothing is written.

use std::collections::BTreeMap;

use diesel::prelude::*;
use reqwest::Method;
use serde_json::{json, Value};
use tilskud::db::schema::outbox;

use crate::helpers::*;
use crate::spawn_app;

/// The demo pool open for applications (period 2026-12-01 – 2027-12-31).
const OPEN: i64 = 2;
const FIRST_YEAR: i32 = 2026;
const LAST_YEAR: i32 = 2027;

fn api_path(pool: i64, code: i32) -> String {
    format!("/api/v1/pools/{pool}/applications/{code}")
}

/// Kroner as a Danish user types them: "1.234.567".
fn kr(kroner: i64) -> String {
    tilskud_templates::fmt::number(kroner)
}

/// Replaces every occurrence of `value` in `text` by `placeholder`; there must be one.
fn redact(text: &str, value: &str, placeholder: &str, what: &str) -> String {
    assert!(!value.is_empty(), "nothing to redact for {what}");
    assert!(
        text.contains(value),
        "{what} ({value:?}) is not in the output:\n{text}"
    );
    text.replace(value, placeholder)
}

/// One tag per line, so that a change shows as a readable diff: a line break is put
/// between every two adjacent tags (maud writes none itself).
fn tag_per_line(html: &str) -> String {
    html.replace("><", ">\n<")
}

/// The municipality's expected grant in whole kroner, as the API reports it.
fn expected_kr(s: &Session) -> i64 {
    let (status, a) = s.get_json(&api_path(OPEN, OWN_CODE));
    assert_eq!(status, 200, "{a}");
    let ore = a["expected_ore"].as_i64().expect("an expected grant");
    assert_eq!(ore % 100, 0, "allocations are whole kroner");
    ore / 100
}

/// A complete application whose budget is the expected grant: 5 % project management
/// in the last year, the rest caseworker salaries (a quarter in the first year). The
/// same figures as in the application tests. Returns the JSON body and the sum per year.
fn application(total: i64) -> (Value, BTreeMap<i32, i64>) {
    let pm = total / 20;
    let first = total / 4;
    let last = total - first - pm;
    let body = json!({
        "contact_name": "Mette Jensen",
        "contact_title": "Projektleder, reference til jobcenterchefen",
        "contact_email": "mette.jensen@horsens.example",
        "contact_phone": "70 10 10 10",
        "difference_comment": "",
        "obligations": tilskud::domain::budget::Obligation::ALL
            .iter()
            .map(|o| o.key())
            .collect::<Vec<_>>(),
        "budget": [
            {
                "item": "caseworker-salaries",
                "description": "Personlige jobformidlere og virksomhedskonsulenter",
                "amounts": { FIRST_YEAR.to_string(): kr(first), LAST_YEAR.to_string(): kr(last) },
            },
            {
                "item": "project-management",
                "description": "Projektleder",
                "amounts": { LAST_YEAR.to_string(): kr(pm) },
            },
        ],
    });
    let split = BTreeMap::from([(FIRST_YEAR, first), (LAST_YEAR, last + pm)]);
    (body, split)
}

/// Submits Horsens's application to the open pool through the API; returns the receipt.
fn submit(app: &TestApp) -> (Value, BTreeMap<i32, i64>) {
    let finance = app.login(FINANCE);
    let (body, split) = application(expected_kr(&finance));
    let (status, receipt) = finance.send_json(
        Method::POST,
        &format!("{}/submit", api_path(OPEN, OWN_CODE)),
        &body,
    );
    assert_eq!(status, 201, "{receipt}");
    (receipt, split)
}

/// The receipt's time of submission as the letter and the email show it, in Danish
/// time: "02.12.2026 01:36:15".
fn submitted_at(receipt: &Value) -> String {
    receipt["submitted_at_text"]
        .as_str()
        .expect("submitted_at_text")
        .to_string()
}

/// The only email of `kind` in the outbox, as the recipient would read it.
fn the_email(app: &TestApp, kind: &str) -> String {
    let mails: Vec<(String, String, String, Option<String>)> = outbox::table
        .filter(outbox::kind.eq(kind))
        .select((
            outbox::to_addr,
            outbox::subject,
            outbox::body_text,
            outbox::body_html,
        ))
        .load(&mut app.db())
        .expect("outbox");
    assert_eq!(mails.len(), 1, "one {kind}: {mails:?}");
    let (to, subject, text, html) = &mails[0];
    format!(
        "To: {to}\nSubject: {subject}\nHTML part: {}\n\n{text}",
        html.as_deref().unwrap_or("none")
    )
}

#[test]
fn the_openapi_document() {
    let app = spawn_app!();
    let res = app
        .client()
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .expect("GET openapi.json");
    assert_eq!(res.status(), 200);
    let doc: Value = res.json().expect("json");
    // Keys sorted (serde_json's map), indented: the order of keys carries no meaning.
    let pretty = serde_json::to_string_pretty(&doc).expect("pretty");
    insta::assert_snapshot!("openapi_json", pretty);
}

#[test]
fn the_receipt_email() {
    let app = spawn_app!();
    let (receipt, _) = submit(&app);
    let email = the_email(&app, "application-receipt");
    let email = redact(
        &email,
        &format!("Modtaget: {}", submitted_at(&receipt)),
        "Modtaget: [SUBMITTED_AT]",
        "the time of submission",
    );
    insta::assert_snapshot!("receipt_email", email);
}

#[test]
fn the_commitment_letter_page_and_email() {
    let app = spawn_app!();
    let (receipt, split) = submit(&app);
    let officer = app.login(OFFICER);
    let years: BTreeMap<String, String> =
        split.iter().map(|(y, a)| (y.to_string(), kr(*a))).collect();
    let (status, c) = officer.send_json(
        Method::POST,
        &format!("{}/approve", api_path(OPEN, OWN_CODE)),
        &json!({ "years": years, "account_deadline": "2028-04-30", "reservation": "" }),
    );
    assert_eq!(status, 201, "{c}");
    // The letter is dated with the Copenhagen day of approval.
    let approved = chrono::DateTime::parse_from_rfc3339(c["approved_at"].as_str().expect("at"))
        .expect("rfc3339")
        .with_timezone(&tilskud::domain::time::TZ)
        .date_naive();
    let approval_date = tilskud::web::date(approved);
    let submitted = submitted_at(&receipt);

    let (status, page) = officer.get_text(&format!("/pools/{OPEN}/applications/{OWN_CODE}/letter"));
    assert_eq!(status, 200);
    let page = redact(
        &page,
        &format!("?v={}", tilskud_templates::assets::ASSET_VERSION),
        "?v=[ASSET_VERSION]",
        "the stylesheet's version",
    );
    let page = redact(
        &page,
        &format!("Dato: {approval_date}<"),
        "Dato: [APPROVAL_DATE]<",
        "the letter's date",
    );
    let page = redact(
        &page,
        &format!("modtaget {submitted}."),
        "modtaget [SUBMITTED_AT].",
        "the time of submission",
    );
    // The letter itself: the page frame around it (menu, the session's CSRF token) is
    // the layout's, tested elsewhere.
    let start = page
        .find("<article class=\"letter-sheet\"")
        .expect("the letter");
    let end = page[start..].find("</article>").expect("its end") + start + "</article>".len();
    assert!(page.contains("class=\"back-link\""), "the way back");
    insta::assert_snapshot!("commitment_letter_page", tag_per_line(&page[start..end]));

    let email = the_email(&app, "commitment-letter");
    let email = redact(
        &email,
        &format!("Dato: {approval_date} "),
        "Dato: [APPROVAL_DATE] ",
        "the letter's date",
    );
    let email = redact(
        &email,
        &format!("modtaget {submitted}."),
        "modtaget [SUBMITTED_AT].",
        "the time of submission",
    );
    insta::assert_snapshot!("commitment_letter_email", email);
}
