//! The municipality's side of accounts (issue 12): the account's page with what it asks,
//! the form of budget against actual, documents (PDF by content, within a size limit
//! counted while streaming), the lines from CSV, the confirmation, the receipt by email,
//! frozen versions, who sees what, and the API. On SQLite and PostgreSQL.

use diesel::prelude::*;
use reqwest::blocking::multipart::{Form, Part};
use serde_json::{json, Value};
use tilskud::db::schema::{account_versions, outbox};

use crate::helpers::*;
use crate::spawn_app;

const INTERIM: &str = "/pools/1/accounts/615/interim";

fn pdf(text: &str) -> Vec<u8> {
    format!("%PDF-1.7\n% {text}\n%%EOF\n").into_bytes()
}

/// A multipart upload to a page route, with the CSRF token in the query (as the page's
/// form sends it).
fn upload(
    s: &Session,
    path: &str,
    purpose: &str,
    name: &str,
    bytes: Vec<u8>,
) -> reqwest::blocking::Response {
    let part = Part::bytes(bytes)
        .file_name(name.to_string())
        .mime_str("application/pdf")
        .expect("mime");
    let form = Form::new()
        .text("purpose", purpose.to_string())
        .part("file", part);
    s.client
        .post(s.url(&format!("{path}?csrf_token={}", s.csrf)))
        .multipart(form)
        .send()
        .expect("upload")
}

fn upload_csv(s: &Session, csv: &str) -> reqwest::blocking::Response {
    let part = Part::bytes(csv.as_bytes().to_vec())
        .file_name("linjer.csv")
        .mime_str("text/csv")
        .expect("mime");
    s.client
        .post(s.url(&format!("{INTERIM}/lines?csrf_token={}", s.csrf)))
        .multipart(Form::new().part("file", part))
        .send()
        .expect("csv upload")
}

fn versions(app: &TestApp) -> i64 {
    let mut conn = app.db();
    account_versions::table
        .count()
        .get_result(&mut conn)
        .expect("count")
}

/// The signature and one line with a comment: all an interim account needs besides its
/// declaration.
fn complete(next: &str) -> Vec<(&'static str, String)> {
    let mut f = vec![
        ("signer_name", "Mette Jensen".to_string()),
        ("signer_title", "Jobcenterchef".to_string()),
        ("signed_on", "2018-03-01".to_string()),
        (
            "actual_caseworker-salaries_2017",
            "1.000.000,50".to_string(),
        ),
        (
            "comment_caseworker-salaries_2017",
            "Ansættelser udskudt".to_string(),
        ),
    ];
    if !next.is_empty() {
        f.push(("next", next.to_string()));
    }
    f
}

fn post(s: &Session, path: &str, fields: &[(&'static str, String)]) -> reqwest::blocking::Response {
    let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    s.post_form(path, &f)
}

#[test]
fn the_page_says_the_kind_deadline_status_certification_and_the_documents_required() {
    let app = spawn_app!();
    let s = app.login_html(FINANCE);
    let (status, page) = s.get_text("/pools/1/accounts/615/final");
    assert_eq!(status, 200);
    assert!(page.contains("Slutregnskab"), "kind");
    assert!(page.contains("Revisorpåtegnet"), "certification");
    assert!(
        page.contains("er over 500.000 kr.: revisorpåtegnet regnskab"),
        "the rule with its figures"
    );
    assert!(
        page.contains("Revisorerklæring") && page.contains("Slutrapport"),
        "documents required"
    );
    assert!(page.contains("name=\"audit_firm\""), "the auditor's fields");
    assert!(
        page.contains("action=\"/pools/1/accounts/615/final/save#fejl\"")
            && page.contains("id=\"fejl\""),
        "the form comes back to its error summary without JavaScript"
    );
    assert!(
        page.contains("class=\"active\"><a class=\"nav-link\" href=\"/municipalities/615\""),
        "the menu says Min kommune"
    );
    assert!(
        page.contains("class=\"form-input input-comment"),
        "a comment field wide enough"
    );
    let (status, page) = s.get_text(INTERIM);
    assert_eq!(status, 200);
    assert!(page.contains("Ledelsespåtegnet") && page.contains("name=\"signer_title\""));
    assert_eq!(
        s.get("/pools/1/accounts/615/midway").status(),
        404,
        "kinds parsed strictly"
    );
    let (status, mine) = s.get_text("/municipalities/615");
    assert_eq!(status, 200);
    assert!(
        mine.contains("href=\"/pools/1/accounts/615/interim\""),
        "listed on the municipality's page"
    );
    let (_, application) = s.get_text("/pools/1/applications/615");
    assert!(
        application.contains("href=\"/pools/1/accounts/615/final\""),
        "and on the application's"
    );
}

#[test]
fn finance_saving_a_bad_amount_gets_the_field_error_with_the_input_kept() {
    let app = spawn_app!();
    let s = app.login_html(FINANCE);
    let res = post(
        &s,
        &format!("{INTERIM}/save"),
        &[
            ("signer_name", "Mette Jensen".into()),
            ("actual_caseworker-salaries_2017", "1,234".into()),
            ("actual_other_2017", "12.500,25".into()),
        ],
    );
    assert_eq!(res.status(), 422);
    let page = res.text().expect("text");
    assert!(
        page.contains("href=\"#actual_caseworker-salaries_2017\""),
        "in the summary"
    );
    assert!(page.contains("value=\"1,234\""), "the bad amount kept");
    assert!(page.contains("value=\"12.500,25\""), "the good one kept");
    assert!(page.contains("value=\"Mette Jensen\""));
    assert_eq!(versions(&app), 0, "nothing stored");
    let res = post(
        &s,
        &format!("{INTERIM}/save"),
        &[("actual_other_2017", "12.500,25".into())],
    );
    assert_eq!(res.status(), 303);
    let (_, page) = s.get_text(INTERIM);
    assert!(page.contains("value=\"12.500,25\""), "øre exact");
    assert!(page.contains("Ikke indsendt (version 1)"), "{page}");
}

#[test]
fn a_renamed_program_is_refused_as_a_pdf() {
    let app = spawn_app!();
    let s = app.login_html(FINANCE);
    let exe = b"MZ\x90\x00\x03\x00\x00\x00 this program cannot be run in DOS mode".to_vec();
    let res = upload(
        &s,
        &format!("{INTERIM}/documents"),
        "declaration",
        "erklaering.pdf",
        exe,
    );
    assert_eq!(res.status(), 422);
    assert!(res.text().expect("text").contains("Filen er ikke en PDF"));
    assert_eq!(versions(&app), 0);
}

#[test]
fn an_oversized_upload_is_refused_with_413() {
    let Some(app) = TestApp::spawn_with(|c| c.document_max_bytes = 10_000) else {
        return;
    };
    let s = app.login_html(FINANCE);
    let big = pdf(&"x".repeat(60_000));
    let res = upload(
        &s,
        &format!("{INTERIM}/documents"),
        "declaration",
        "stor.pdf",
        big.clone(),
    );
    assert_eq!(res.status(), 413);
    let api = app.login(FINANCE);
    let res = api
        .client
        .post(api.url(
            "/api/v1/pools/1/accounts/615/interim/documents?purpose=declaration&filename=stor.pdf",
        ))
        .header("X-CSRF-Token", &api.csrf)
        .header("Content-Type", "application/pdf")
        .body(big)
        .send()
        .expect("post");
    assert_eq!(res.status(), 413);
    assert_eq!(versions(&app), 0);
}

#[test]
fn the_size_limit_stops_reading_at_the_first_chunk_past_it() {
    use futures_util::stream::{self, StreamExt};
    use tilskud::http::upload::{read_limited, ReadError};
    // A body "much larger than the limit": its chunks past the eleventh would panic, so
    // the read must stop without asking for them.
    let body = stream::iter(0..).map(|i: u32| {
        assert!(i <= 10, "read chunk {i}, past the limit");
        Ok::<_, ()>(vec![b'%'; 1000])
    });
    let read = actix_web::rt::System::new().block_on(read_limited(Box::pin(body), 5_500));
    assert_eq!(read, Err(ReadError::TooLarge { limit: 5_500 }));
    let small = stream::iter([Ok::<_, ()>(b"%PDF-".to_vec()), Ok(b"1.7".to_vec())]);
    let read = actix_web::rt::System::new().block_on(read_limited(small, 5_500));
    assert_eq!(read, Ok(b"%PDF-1.7".to_vec()));
}

#[test]
fn csv_line_errors_name_the_line_and_column_and_store_nothing() {
    let app = spawn_app!();
    let s = app.login_html(FINANCE);
    let csv = "Omkostning;År;Faktisk forbrug;Kommentar\n\
               caseworker-salaries;2017;1.000,00;\n\
               Ukendt post;2017;5;\n\
               other;2017;1,234;\n";
    let res = upload_csv(&s, csv);
    assert_eq!(res.status(), 422);
    let page = res.text().expect("text");
    assert!(
        page.contains("Linje 3, kolonne 1: ukendt udgiftspost"),
        "{page}"
    );
    assert!(page.contains("Linje 4, kolonne 3: beløbet kan ikke læses"));
    assert_eq!(versions(&app), 0, "nothing stored");
    // The template's shape, with BOM and Danish labels, goes into the draft.
    let (status, template) = s.get_text(&format!("{INTERIM}/lines.csv"));
    assert_eq!(status, 200);
    assert!(template.starts_with('\u{feff}') && template.contains("Projektledelse;2017;"));
    let csv = "\u{feff}Omkostning;År;Budget;Faktisk forbrug;Kommentar\n\
               Projektledelse;2017;0;12.345,67;Ny leder\n";
    let res = upload_csv(&s, csv);
    assert_eq!(res.status(), 303);
    let (_, page) = s.get_text(INTERIM);
    assert!(page.contains("value=\"12.345,67\"") && page.contains("value=\"Ny leder\""));
}

#[test]
fn submitting_freezes_the_version_with_a_receipt_mailed_and_keeps_it_readable() {
    let app = spawn_app!();
    let s = app.login_html(FINANCE);
    let res = upload(
        &s,
        &format!("{INTERIM}/documents"),
        "declaration",
        "erklæring.pdf",
        pdf("underskrevet"),
    );
    assert_eq!(res.status(), 303);
    let res = post(&s, &format!("{INTERIM}/save"), &complete("confirm"));
    assert_eq!(res.status(), 303);
    assert_eq!(
        res.headers()["location"].to_str().expect("location"),
        format!("{INTERIM}/submit")
    );
    let (status, confirm) = s.get_text(&format!("{INTERIM}/submit"));
    assert_eq!(status, 200);
    assert!(
        confirm.contains("låses version 1"),
        "says it will be frozen"
    );
    let res = s.post_form(&format!("{INTERIM}/submit"), &[]);
    assert_eq!(res.status(), 303);
    let (_, page) = s.get_text(INTERIM);
    assert!(page.contains("R1-615-I1"), "the receipt number");
    assert!(
        !page.contains("name=\"signer_name\""),
        "no form once submitted"
    );
    assert!(page.contains("Indsendt (version 1)"));
    assert!(
        page.contains("Jobcenterchef – 1. marts 2018"),
        "the signature's date as people read it"
    );
    let mut conn = app.db();
    let mails: Vec<(String, String)> = outbox::table
        .filter(outbox::kind.eq("account-receipt"))
        .select((outbox::to_addr, outbox::subject))
        .load(&mut conn)
        .expect("outbox");
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert!(mails[0].1.contains("R1-615-I1"));
    let (status, v1) = s.get_text(&format!("{INTERIM}?version=1"));
    assert_eq!(status, 200);
    assert!(v1.contains("1.000.000,50 kr.") && v1.contains("R1-615-I1"));
    assert_eq!(s.get(&format!("{INTERIM}?version=7")).status(), 404);
    let res = post(&s, &format!("{INTERIM}/save"), &complete(""));
    assert_eq!(res.status(), 409, "frozen");
}

#[test]
fn a_committee_member_sees_status_and_certification_but_no_form() {
    let app = spawn_app!();
    let s = app.login_html(COMMITTEE);
    let (status, page) = s.get_text("/pools/1/accounts/615/final");
    assert_eq!(status, 200);
    assert!(page.contains("revisorpåtegnet regnskab") && page.contains("Ikke indsendt"));
    assert!(!page.contains("/save#fejl\""), "no form");
    assert!(
        !page.contains("enctype=\"multipart/form-data\""),
        "no upload"
    );
    let res = post(&s, "/pools/1/accounts/615/final/save", &complete(""));
    assert_eq!(res.status(), 403);
}

#[test]
fn another_municipality_sees_nothing_of_the_account() {
    let app = spawn_app!();
    let s = app.login_html(FINANCE);
    assert_eq!(s.get("/pools/1/accounts/751/interim").status(), 403);
    assert_eq!(s.get("/api/v1/pools/1/accounts/751/interim").status(), 403);
    let res = post(&s, "/pools/1/accounts/751/interim/save", &complete(""));
    assert_eq!(res.status(), 403);
}

#[test]
fn documents_download_as_attachments_only_from_their_own_account() {
    let app = spawn_app!();
    let s = app.login_html(FINANCE);
    let bytes = pdf("erklæring");
    let res = upload(
        &s,
        &format!("{INTERIM}/documents"),
        "declaration",
        "erklæring \"2017\".pdf",
        bytes.clone(),
    );
    assert_eq!(res.status(), 303);
    let api = app.login(FINANCE);
    let (_, account) = api.get_json("/api/v1/pools/1/accounts/615/interim");
    let href = account["version"]["documents"][0]["href"]
        .as_str()
        .expect("href")
        .to_string();
    let sha = account["version"]["documents"][0]["sha256"]
        .as_str()
        .expect("sha")
        .to_string();
    let res = s.get(&href);
    assert_eq!(res.status(), 200);
    let h = res.headers();
    assert_eq!(h["content-type"], "application/pdf");
    assert!(h["content-disposition"]
        .to_str()
        .expect("cd")
        .starts_with("attachment; filename=\""));
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(res.bytes().expect("bytes").to_vec(), bytes);
    let other = format!("/pools/1/accounts/615/final/documents/{sha}");
    assert_eq!(
        s.get(&other).status(),
        404,
        "not linked to the final account"
    );
    let committee = app.login_html(COMMITTEE);
    assert_eq!(
        committee.get(&href).status(),
        200,
        "own municipality reads it"
    );
}

#[test]
fn the_api_round_trip_saves_attaches_submits_and_reads_the_frozen_version() {
    let app = spawn_app!();
    let s = app.login(FINANCE);
    let path = "/api/v1/pools/1/accounts/615/interim";
    let (status, a) = s.get_json(path);
    assert_eq!(status, 200);
    assert_eq!(a["certification"], "management");
    assert_eq!(a["status"], "draft");
    assert_eq!(a["required_documents"], json!(["declaration"]));
    assert!(a["certification_rule"]
        .as_str()
        .is_some_and(|r| !r.is_empty()));
    let mut body = json!({
        "signer_name": "Mette Jensen", "signer_title": "Jobcenterchef", "signed_on": "2018-03-01",
        "lines": [{"item": "caseworker-salaries", "year": 2017, "actual": "1,234", "comment": "x"}]
    });
    let (status, err) = s.send_json(reqwest::Method::PUT, path, &body);
    assert_eq!(status, 422);
    assert_eq!(err["fields"][0]["field"], "actual_caseworker-salaries_2017");
    body["lines"][0]["actual"] = json!("1.000.000,50");
    let (status, saved) = s.send_json(reqwest::Method::PUT, path, &body);
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["version"]["lines"][0]["actual_ore"], 100_000_050);
    let res = s
        .client
        .post(s.url(&format!(
            "{path}/documents?purpose=declaration&filename=erklaering.pdf"
        )))
        .header("X-CSRF-Token", &s.csrf)
        .header("Content-Type", "application/pdf")
        .body(pdf("api"))
        .send()
        .expect("upload");
    assert_eq!(res.status(), 201);
    let (status, receipt) = s.send_json(reqwest::Method::POST, &format!("{path}/submit"), &body);
    assert_eq!(status, 201, "{receipt}");
    assert_eq!(receipt["receipt_no"], "R1-615-I1");
    let (status, v1): (u16, Value) = s.get_json(&format!("{path}/versions/1"));
    assert_eq!(status, 200);
    assert!(v1["version"]["submitted_at"].is_string());
    assert_eq!(v1["status"], "submitted");
    assert_eq!(v1["versions"].as_array().map(Vec::len), Some(1));
    let (status, _) = s.send_json(reqwest::Method::PUT, path, &body);
    assert_eq!(status, 409, "frozen");
}

#[test]
fn sent_back_the_page_shows_the_officers_reason_and_a_correction_becomes_version_2() {
    use diesel::connection::SimpleConnection;
    let app = spawn_app!();
    let s = app.login_html(FINANCE);
    let res = upload(
        &s,
        &format!("{INTERIM}/documents"),
        "declaration",
        "erklaering.pdf",
        pdf("v1"),
    );
    assert_eq!(res.status(), 303);
    assert_eq!(
        post(&s, &format!("{INTERIM}/save"), &complete("")).status(),
        303
    );
    assert_eq!(s.post_form(&format!("{INTERIM}/submit"), &[]).status(), 303);
    // The officer's side (another step) sends it back with a reason.
    let mut conn = app.db();
    conn.batch_execute(
        "INSERT INTO account_reviews (account_id, version_id, started_by, started_at, \
           figures_checked, content_checked, decision, reason, decided_by, decided_at) \
         SELECT v.account_id, v.id, u.id, '2018-03-10 10:00:00', FALSE, FALSE, 'sent_back', \
           'Bilag til lønudgifterne mangler', u.id, '2018-03-10 11:00:00' \
         FROM account_versions v, users u WHERE u.username = 'officer';
         UPDATE accounts SET status = 'sent_back' WHERE id IN (SELECT account_id FROM account_versions);",
    )
    .expect("sent back");
    let (_, page) = s.get_text(INTERIM);
    assert!(
        page.contains("Bilag til lønudgifterne mangler"),
        "the reason"
    );
    assert!(
        page.contains("value=\"1.000.000,50\""),
        "the form starts from what was sent"
    );
    let mut fields = complete("");
    fields[3].1 = "1.100.000".into();
    assert_eq!(post(&s, &format!("{INTERIM}/save"), &fields).status(), 303);
    assert_eq!(s.post_form(&format!("{INTERIM}/submit"), &[]).status(), 303);
    let (_, page) = s.get_text(INTERIM);
    assert!(page.contains("R1-615-I2"), "version 2's receipt");
    let (_, v1) = s.get_text(&format!("{INTERIM}?version=1"));
    assert!(
        v1.contains("1.000.000,50") && v1.contains("R1-615-I1"),
        "version 1 as sent"
    );
}

#[test]
fn a_repayment_claim_shows_on_the_account_and_the_municipalitys_page() {
    use diesel::connection::SimpleConnection;
    let app = spawn_app!();
    let s = app.login(FINANCE);
    let path = "/api/v1/pools/1/accounts/615/final";
    let body = json!({
        "signer_name": "Revisor Hansen", "audit_firm": "Revision A/S", "signed_on": "2020-03-01",
        "lines": [
            {"item": "other", "year": 2017, "actual": "100.000", "comment": "Projektet blev mindre"},
            {"item": "caseworker-salaries", "year": 2017, "actual": "0", "comment": "Ingen ansættelser"},
            {"item": "caseworker-salaries", "year": 2018, "actual": "0", "comment": "Ingen ansættelser"},
            {"item": "caseworker-salaries", "year": 2019, "actual": "0", "comment": "Ingen ansættelser"},
            {"item": "project-management", "year": 2019, "actual": "0", "comment": "Ingen leder"}
        ]
    });
    for purpose in ["auditor_report", "final_report"] {
        let res = s
            .client
            .post(s.url(&format!(
                "{path}/documents?purpose={purpose}&filename={purpose}.pdf"
            )))
            .header("X-CSRF-Token", &s.csrf)
            .header("Content-Type", "application/pdf")
            .body(pdf(purpose))
            .send()
            .expect("upload");
        assert_eq!(res.status(), 201);
    }
    let (status, receipt) = s.send_json(reqwest::Method::POST, &format!("{path}/submit"), &body);
    assert_eq!(status, 201, "{receipt}");
    // The officer's side (another step) approves and settles: rate 1 was paid, 100.000 kr.
    // was spent, so the rest of rate 1 is claimed back.
    let mut conn = app.db();
    conn.batch_execute(
        "INSERT INTO account_reviews (account_id, version_id, started_by, started_at, \
           figures_checked, content_checked, reason) \
         SELECT v.account_id, v.id, u.id, '2020-04-01 10:00:00', TRUE, TRUE, '' \
         FROM account_versions v JOIN accounts a ON a.id = v.account_id, users u \
         WHERE a.kind = 'final' AND u.username = 'officer';
         UPDATE account_reviews SET decision = 'approved', decided_by = started_by, decided_at = started_at;
         UPDATE accounts SET status = 'approved' WHERE id IN (SELECT account_id FROM account_reviews);
         INSERT INTO settlements (account_id, review_id, commitment_ore, paid_ore, actual_ore, \
           ineligible_ore, eligible_ore, claim_ore, settled_at) \
         SELECT r.account_id, r.id, c.amount_ore, p.paid, 10000000, 0, 10000000, p.paid - 10000000, '2020-04-01 11:00:00' \
         FROM account_reviews r JOIN accounts a ON a.id = r.account_id JOIN commitments c ON c.id = a.commitment_id \
         JOIN (SELECT commitment_id, SUM(amount_ore) AS paid FROM commitment_rates WHERE status = 'paid' GROUP BY commitment_id) p \
           ON p.commitment_id = c.id;
         INSERT INTO repayment_claims (account_id, claim_no, amount_ore, due_date, status, write_off_reason, created_at, updated_at) \
         SELECT account_id, 'TB1-615', claim_ore, '2020-05-01', 'open', '', settled_at, settled_at FROM settlements;",
    )
    .expect("settled with a claim");
    let (_, a) = s.get_json(path);
    assert_eq!(a["claim"]["claim_no"], "TB1-615");
    assert_eq!(a["claim"]["due_date"], "2020-05-01");
    let html = app.login_html(COMMITTEE);
    let (_, page) = html.get_text("/pools/1/accounts/615/final");
    assert!(
        page.contains("Krav TB1-615") && page.contains("1. maj 2020"),
        "{page}"
    );
    let (_, mine) = html.get_text("/municipalities/615");
    assert!(mine.contains("Krav TB1-615") && mine.contains("åbent"));
}
