//! Applications and commitments, step by step and role by role, over the HTML pages and
//! the JSON API: drafts, submission before the deadline, frozen versions, the officer's
//! decisions, commitments whose parts add up and that never exceed the pool (also under
//! concurrency), the letter, withdrawal, and the emails (receipt and letter, also through
//! a real SMTP server).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Barrier};
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use reqwest::Method;
use serde_json::{json, Value};
use tilskud::db::schema::{application_versions, applications, budget_lines, commitments, outbox};
use tilskud::domain::budget::Obligation;
use tilskud::error::AppError;
use tilskud::web::money_text;

use crate::helpers::*;
use crate::spawn_app;

const AARHUS_FINANCE: (&str, &str) = ("aarhus.finance", "demo-aarhus-2017");
/// "Flere skal med": deadline Friday 2 June 2017 12:00 Danish time, long past; Horsens and
/// Aarhus have commitments there, and Horsens has had rate 1 paid.
const PAST: i64 = 1;
/// The demo pool open for applications: period 2026-12-01 – 2027-12-31, 30/40/30 rates,
/// project management and tools at most 10 % of a budget.
const OPEN: i64 = 2;
const OPEN_YEARS: [i32; 2] = [2026, 2027];
const CONTACT_EMAIL: &str = "mette.jensen@horsens.example";

fn page_path(pool: i64, code: i32) -> String {
    format!("/pools/{pool}/applications/{code}")
}

fn api_path(pool: i64, code: i32) -> String {
    format!("/api/v1/pools/{pool}/applications/{code}")
}

/// Kroner as a Danish user types them: "1.234.567".
fn kr(kroner: i64) -> String {
    tilskud_templates::fmt::number(kroner)
}

/// An application as typed; both the HTML form and the JSON body are made from it.
#[derive(Clone, Debug)]
struct Form {
    contact_name: String,
    contact_title: String,
    contact_email: String,
    contact_phone: String,
    difference_comment: String,
    obligations: Vec<&'static str>,
    /// (item, year, amount as typed)
    amounts: Vec<(&'static str, i32, String)>,
    descriptions: BTreeMap<&'static str, String>,
}

impl Form {
    /// A complete application whose budget is `total` kroner: 5 % project management in
    /// the last year, the rest caseworker salaries (a quarter in the first year).
    fn complete(total: i64, years: &[i32]) -> Form {
        let (first, last) = (years[0], years[years.len() - 1]);
        let pm = total / 20;
        let mut amounts = Vec::new();
        if first == last {
            amounts.push(("caseworker-salaries", last, kr(total - pm)));
        } else {
            amounts.push(("caseworker-salaries", first, kr(total / 4)));
            amounts.push(("caseworker-salaries", last, kr(total - total / 4 - pm)));
        }
        amounts.push(("project-management", last, kr(pm)));
        Form {
            contact_name: "Mette Jensen".into(),
            contact_title: "Projektleder, reference til jobcenterchefen".into(),
            contact_email: CONTACT_EMAIL.into(),
            contact_phone: "70 10 10 10".into(),
            difference_comment: String::new(),
            obligations: Obligation::ALL.iter().map(|o| o.key()).collect(),
            amounts,
            descriptions: [
                (
                    "caseworker-salaries",
                    "Personlige jobformidlere og virksomhedskonsulenter".to_string(),
                ),
                ("project-management", "Projektleder".to_string()),
            ]
            .into_iter()
            .collect(),
        }
    }

    /// The same form with one amount typed differently.
    fn amount(mut self, item: &'static str, year: i32, text: &str) -> Form {
        self.amounts.retain(|(i, y, _)| !(*i == item && *y == year));
        self.amounts.push((item, year, text.to_string()));
        self
    }

    fn typed(&self, item: &str, year: i32) -> &str {
        self.amounts
            .iter()
            .find(|(i, y, _)| *i == item && *y == year)
            .map(|(_, _, t)| t.as_str())
            .unwrap_or("")
    }

    /// The budget's sum per year, in kroner (every amount typed as whole kroner).
    fn by_year(&self) -> BTreeMap<i32, i64> {
        let mut out = BTreeMap::new();
        for (_, year, text) in &self.amounts {
            let kroner: i64 = text.replace('.', "").parse().expect("whole kroner");
            *out.entry(*year).or_default() += kroner;
        }
        out
    }

    fn json(&self) -> Value {
        let mut items: BTreeMap<&str, BTreeMap<String, String>> = BTreeMap::new();
        for (item, year, text) in &self.amounts {
            items
                .entry(item)
                .or_default()
                .insert(year.to_string(), text.clone());
        }
        let budget: Vec<Value> = items
            .into_iter()
            .map(|(item, amounts)| {
                json!({
                    "item": item,
                    "description": self.descriptions.get(item).cloned().unwrap_or_default(),
                    "amounts": amounts,
                })
            })
            .collect();
        json!({
            "contact_name": self.contact_name,
            "contact_title": self.contact_title,
            "contact_email": self.contact_email,
            "contact_phone": self.contact_phone,
            "difference_comment": self.difference_comment,
            "obligations": self.obligations,
            "budget": budget,
        })
    }

    fn fields(&self) -> Vec<(String, String)> {
        let mut f: Vec<(String, String)> = vec![
            ("contact_name".into(), self.contact_name.clone()),
            ("contact_title".into(), self.contact_title.clone()),
            ("contact_email".into(), self.contact_email.clone()),
            ("contact_phone".into(), self.contact_phone.clone()),
            ("difference_comment".into(), self.difference_comment.clone()),
        ];
        for o in &self.obligations {
            f.push(("obligations".into(), o.to_string()));
        }
        for (item, text) in &self.descriptions {
            f.push((format!("description_{item}"), text.clone()));
        }
        for (item, year, text) in &self.amounts {
            f.push((format!("amount_{item}_{year}"), text.clone()));
        }
        f
    }
}

fn post_html(s: &Session, path: &str, fields: &[(String, String)]) -> (u16, String) {
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let res = s.post_form(path, &refs);
    let status = res.status().as_u16();
    let location = res
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .map(str::to_string);
    let body = res.text().expect("text");
    (status, location.unwrap_or(body))
}

/// The field names of a 422 body.
fn field_names(body: &Value) -> BTreeSet<String> {
    body["fields"]
        .as_array()
        .unwrap_or(&Vec::new())
        .iter()
        .map(|f| f["field"].as_str().expect("field").to_string())
        .collect()
}

fn field_message(body: &Value, field: &str) -> String {
    body["fields"]
        .as_array()
        .and_then(|fs| fs.iter().find(|f| f["field"] == field))
        .and_then(|f| f["message"].as_str())
        .unwrap_or_else(|| panic!("no error for {field}: {body}"))
        .to_string()
}

/// The municipality's expected grant in whole kroner, as the API reports it.
fn expected_kr(s: &Session, pool: i64, code: i32) -> i64 {
    let (status, a) = s.get_json(&api_path(pool, code));
    assert_eq!(status, 200, "{a}");
    let ore = a["expected_ore"].as_i64().expect("an expected grant");
    assert_eq!(ore % 100, 0, "allocations are whole kroner");
    ore / 100
}

/// Submits through the API; returns the receipt.
fn submit(s: &Session, pool: i64, code: i32, form: &Form) -> Value {
    let (status, receipt) = s.send_json(
        Method::POST,
        &format!("{}/submit", api_path(pool, code)),
        &form.json(),
    );
    assert_eq!(status, 201, "{receipt}");
    receipt
}

fn approve_body(split: &BTreeMap<i32, i64>) -> Value {
    let years: BTreeMap<String, String> =
        split.iter().map(|(y, a)| (y.to_string(), kr(*a))).collect();
    json!({ "years": years, "account_deadline": "2028-04-30", "reservation": "" })
}

/// Rates of 30/40/30 %: each but the last its share of the whole kroner rounded down, the
/// last the rest.
fn rates_30_40_30(amount_ore: i64) -> [i64; 3] {
    assert_eq!(amount_ore % 100, 0);
    let kroner = amount_ore / 100;
    let r1 = kroner * 3000 / 10_000 * 100;
    let r2 = kroner * 4000 / 10_000 * 100;
    [r1, r2, amount_ore - r1 - r2]
}

#[derive(Debug)]
struct Mail {
    to: String,
    subject: String,
    body: String,
}

fn outbox_of(app: &TestApp, kind: &str) -> Vec<Mail> {
    outbox::table
        .filter(outbox::kind.eq(kind))
        .order(outbox::id.asc())
        .select((outbox::to_addr, outbox::subject, outbox::body_text))
        .load::<(String, String, String)>(&mut app.db())
        .expect("outbox")
        .into_iter()
        .map(|(to, subject, body)| Mail { to, subject, body })
        .collect()
}

fn applications_in(app: &TestApp, pool: i64) -> i64 {
    applications::table
        .filter(applications::pool_id.eq(pool))
        .count()
        .get_result(&mut app.db())
        .expect("count")
}

fn submitted_versions_in(app: &TestApp, pool: i64) -> i64 {
    application_versions::table
        .inner_join(applications::table)
        .filter(applications::pool_id.eq(pool))
        .filter(application_versions::submitted_at.is_not_null())
        .count()
        .get_result(&mut app.db())
        .expect("count")
}

fn commitments_in(app: &TestApp, pool: i64) -> Vec<(i32, i64, String)> {
    commitments::table
        .filter(commitments::pool_id.eq(pool))
        .order(commitments::municipality_code.asc())
        .select((
            commitments::municipality_code,
            commitments::amount_ore,
            commitments::status,
        ))
        .load(&mut app.db())
        .expect("commitments")
}

/// A statement the database must refuse, with its reason.
fn must_fail(app: &TestApp, sql: &str, reason: &str) {
    match app.db().batch_execute(sql) {
        Ok(()) => panic!("the database accepted: {sql}"),
        Err(e) => assert!(e.to_string().contains(reason), "{sql}: {e}"),
    }
}

/// What the product calls a rate whose earliest date has not come yet (in Denmark).
fn due_status(earliest: Option<&str>) -> &'static str {
    let today = tilskud::domain::time::to_local(chrono::Utc::now())
        .date_naive()
        .to_string();
    // A rate with a date waits for more than its date in the demo's pools (rate 2 for the
    // interim account): from its date on, its conditions decide, never the date alone.
    match earliest {
        Some(d) if d > today.as_str() => "not_due",
        Some(_) => "conditions_not_met",
        None => "payable",
    }
}

#[test]
fn api_routes_for_applications_have_the_access_of_their_html_pages() {
    use tilskud::auth::Access;
    let table = tilskud::startup::route_specs();
    let access = |m: &str, p: &str| {
        table
            .iter()
            .find(|s| s.method == m && s.path == p)
            .unwrap_or_else(|| panic!("{m} {p} is in the route table"))
            .access
    };
    let base = "/pools/{pool}/applications";
    let pairs = [
        (("GET", ""), ("GET", "")),
        (("GET", "/{code}"), ("GET", "/{code}")),
        (("PUT", "/{code}"), ("POST", "/{code}/save")),
        (("POST", "/{code}/submit"), ("POST", "/{code}/submit")),
        (("POST", "/{code}/withdraw"), ("POST", "/{code}/withdraw")),
        (("POST", "/{code}/decide"), ("POST", "/{code}/decide")),
        (("POST", "/{code}/approve"), ("POST", "/{code}/approve")),
        // The committee's view of the commitment reads like the letter.
        (("GET", "/{code}/commitment"), ("GET", "/{code}/letter")),
    ];
    for ((am, ap), (hm, hp)) in pairs {
        let api = format!("/api/v1{base}{ap}");
        let page = format!("{base}{hp}");
        assert_eq!(access(am, &api), access(hm, &page), "{am} {api}");
    }
    // And what the rule book says, written out.
    assert_eq!(
        access("GET", "/api/v1/pools/{pool}/applications"),
        Access::Officer
    );
    assert_eq!(
        access("PUT", "/api/v1/pools/{pool}/applications/{code}"),
        Access::MunicipalFinance
    );
    assert_eq!(
        access("POST", "/api/v1/pools/{pool}/applications/{code}/approve"),
        Access::Officer
    );
    assert_eq!(
        access("GET", "/api/v1/pools/{pool}/applications/{code}/commitment"),
        Access::OwnMunicipality
    );
}

#[test]
fn finance_saves_a_draft_only_when_every_amount_reads_and_finds_it_again_later() {
    let app = spawn_app!();
    let api = app.login(FINANCE);
    let expected = expected_kr(&api, OPEN, OWN_CODE);
    let (_, before) = api.get_json(&api_path(OPEN, OWN_CODE));
    assert!(before["status"].is_null(), "not started: {before}");
    assert_eq!(before["versions"], json!([]));
    let good = Form::complete(expected, &OPEN_YEARS);
    let bad = good.clone().amount("caseworker-salaries", 2027, "12,345,6");

    // HTML: the page comes back with the field named and everything else as typed.
    let html = app.login_html(FINANCE);
    let save = format!("{}/save", page_path(OPEN, OWN_CODE));
    let (status, page) = post_html(&html, &save, &bad.fields());
    assert_eq!(status, 422, "{page}");
    assert!(
        page.contains("href=\"#amount_caseworker-salaries_2027\""),
        "the field is named: {page}"
    );
    assert!(
        page.contains("value=\"12,345,6\""),
        "the bad amount is kept"
    );
    assert!(page.contains("value=\"Mette Jensen\""));
    assert!(page.contains(&format!("value=\"{CONTACT_EMAIL}\"")));
    assert!(page.contains("value=\"70 10 10 10\""));
    for (item, year) in [("caseworker-salaries", 2026), ("project-management", 2027)] {
        let typed = bad.typed(item, year);
        assert!(
            page.contains(&format!("value=\"{typed}\"")),
            "{item} {year} kept"
        );
    }
    assert!(page.contains("Personlige jobformidlere og virksomhedskonsulenter"));

    // API: the same field, the same way.
    let (status, body) = api.send_json(Method::PUT, &api_path(OPEN, OWN_CODE), &bad.json());
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"], "invalid");
    assert_eq!(
        field_names(&body),
        BTreeSet::from(["amount_caseworker-salaries_2027".to_string()])
    );
    assert_eq!(applications_in(&app, OPEN), 0, "nothing saved");

    // A good draft is saved; the finance user comes back in a new session and sees it.
    let (status, location) = post_html(&html, &save, &good.fields());
    assert_eq!(status, 303, "{location}");
    assert!(location.ends_with("?saved=1"), "{location}");
    let again = app.login_html(FINANCE);
    let (status, page) = again.get_text(&page_path(OPEN, OWN_CODE));
    assert_eq!(status, 200);
    assert!(page.contains("value=\"Mette Jensen\""));
    let typed = good.typed("caseworker-salaries", 2027);
    assert!(page.contains(&format!("value=\"{typed}\"")), "{page}");
    let (_, a) = api.get_json(&api_path(OPEN, OWN_CODE));
    assert_eq!(a["status"], "draft");
    assert_eq!(a["version"]["version_no"], 1);
    assert!(a["version"]["submitted_at"].is_null());
    assert!(a["receipt"].is_null());
    assert_eq!(a["version"]["budget_total_ore"], expected * 100);
    assert_eq!(
        a["version"]["budget_lines"].as_array().map(Vec::len),
        Some(3)
    );
    assert_eq!(a["version"]["contact_email"], CONTACT_EMAIL);
    assert_eq!(
        a["version"]["obligations"].as_array().map(Vec::len),
        Some(Obligation::ALL.len())
    );

    // The API saves over the same draft version.
    let mut changed = good.clone();
    changed.contact_phone = "75 29 29 29".into();
    let (status, a) = api.send_json(Method::PUT, &api_path(OPEN, OWN_CODE), &changed.json());
    assert_eq!(status, 200, "{a}");
    assert_eq!(a["status"], "draft");
    assert_eq!(a["version"]["version_no"], 1);
    assert_eq!(a["version"]["contact_phone"], "75 29 29 29");
    assert_eq!(a["versions"].as_array().map(Vec::len), Some(1));
    // The budget comes back in the shape PUT takes.
    let mut round_trip = changed.json();
    round_trip["budget"] = a["version"]["budget"].clone();
    let (status, b) = api.send_json(Method::PUT, &api_path(OPEN, OWN_CODE), &round_trip);
    assert_eq!(status, 200, "{b}");
    assert_eq!(b["version"]["budget_lines"], a["version"]["budget_lines"]);
    assert_eq!(submitted_versions_in(&app, OPEN), 0);
    assert!(outbox_of(&app, "application-receipt").is_empty());
}

/// The issue: three budget rows of 92.233.720.368.547.758 kr. each fit in øre, and their
/// total wrapped to 9.223.372.036.854.775.784 øre. No budget line is above
/// 1.000.000.000.000 kr., and a budget of lines at that limit adds up exactly.
#[test]
fn a_budget_of_three_rows_at_the_old_limit_is_refused_on_each_amount_never_wrapped() {
    let app = spawn_app!();
    let api = app.login(FINANCE);
    let expected = expected_kr(&api, OPEN, OWN_CODE);
    let rows = |text: &str| {
        Form::complete(expected, &OPEN_YEARS)
            .amount("caseworker-salaries", 2027, text)
            .amount("social-health-salaries", 2027, text)
            .amount("other", 2027, text)
    };
    let huge = rows("92.233.720.368.547.758");
    let fields: BTreeSet<String> = ["caseworker-salaries", "social-health-salaries", "other"]
        .iter()
        .map(|item| format!("amount_{item}_2027"))
        .collect();

    let (status, body) = api.send_json(Method::PUT, &api_path(OPEN, OWN_CODE), &huge.json());
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"], "invalid");
    assert_eq!(field_names(&body), fields);
    for field in &fields {
        let message = field_message(&body, field);
        assert!(message.contains("1.000.000.000.000 kr."), "{message}");
    }
    let (status, body) = api.send_json(
        Method::POST,
        &format!("{}/submit", api_path(OPEN, OWN_CODE)),
        &huge.json(),
    );
    assert_eq!(status, 422, "{body}");
    assert!(fields.is_subset(&field_names(&body)), "{body}");

    // The page shows the same fields, with the budget as typed and no total that wrapped.
    let html = app.login_html(FINANCE);
    let save = format!("{}/save", page_path(OPEN, OWN_CODE));
    let (status, page) = post_html(&html, &save, &huge.fields());
    assert_eq!(status, 422, "{page}");
    for field in &fields {
        assert!(
            page.contains(&format!("href=\"#{field}\"")),
            "{field} named"
        );
    }
    assert!(
        page.contains("value=\"92.233.720.368.547.758\""),
        "kept as typed"
    );
    assert!(!page.contains("9.223.372.036.854.775"), "no wrapped total");
    assert_eq!(applications_in(&app, OPEN), 0, "nothing saved");

    // At the limit the draft is saved, and its total is the exact sum.
    let limit = rows("1.000.000.000.000");
    let (status, a) = api.send_json(Method::PUT, &api_path(OPEN, OWN_CODE), &limit.json());
    assert_eq!(status, 200, "{a}");
    let exact: i64 = limit.by_year().values().sum::<i64>() * 100;
    assert_eq!(a["version"]["budget_total_ore"], exact);
    assert!(exact > 3 * 100_000_000_000_000, "three rows at the limit");
}

#[test]
fn submitting_without_obligations_or_contact_names_every_missing_field_and_submits_nothing() {
    let app = spawn_app!();
    let api = app.login(FINANCE);
    let expected = expected_kr(&api, OPEN, OWN_CODE);
    let mut form = Form::complete(expected, &OPEN_YEARS);
    form.obligations.clear();
    form.contact_name.clear();
    form.contact_title.clear();
    form.contact_email.clear();
    form.contact_phone.clear();
    let mut missing: BTreeSet<String> = [
        "contact_name",
        "contact_title",
        "contact_email",
        "contact_phone",
    ]
    .into_iter()
    .map(str::to_string)
    .collect();
    missing.extend(
        Obligation::ALL
            .iter()
            .map(|o| format!("obligation_{}", o.key())),
    );

    let html = app.login_html(FINANCE);
    let (status, page) = post_html(
        &html,
        &format!("{}/submit", page_path(OPEN, OWN_CODE)),
        &form.fields(),
    );
    assert_eq!(status, 422, "{page}");
    for field in &missing {
        assert!(
            page.contains(&format!("href=\"#{field}\"")),
            "{field} named"
        );
    }
    let typed = form.typed("caseworker-salaries", 2027);
    assert!(
        page.contains(&format!("value=\"{typed}\"")),
        "the budget is kept"
    );

    let (status, body) = api.send_json(
        Method::POST,
        &format!("{}/submit", api_path(OPEN, OWN_CODE)),
        &form.json(),
    );
    assert_eq!(status, 422, "{body}");
    assert_eq!(field_names(&body), missing);

    assert_eq!(applications_in(&app, OPEN), 0, "nothing saved");
    assert_eq!(submitted_versions_in(&app, OPEN), 0, "nothing submitted");
    assert!(outbox_of(&app, "application-receipt").is_empty());
}

/// An amount that does not read does not hide the rest: the same answer names it and the
/// missing contact fields and obligations, in the browser and the API.
#[test]
fn a_bad_amount_and_missing_fields_are_named_in_one_round() {
    let app = spawn_app!();
    let api = app.login(FINANCE);
    let expected = expected_kr(&api, OPEN, OWN_CODE);
    let last = *OPEN_YEARS.last().expect("a year");
    let mut form =
        Form::complete(expected, &OPEN_YEARS).amount("project-management", last, "12,3,4");
    form.obligations.clear();
    form.contact_name.clear();
    form.contact_phone = "70 10 10".into();
    form.contact_email = "mette.jensen@".into();
    let amount_field = format!("amount_project-management_{last}");
    let mut wanted: BTreeSet<String> = [
        amount_field.as_str(),
        "contact_name",
        "contact_phone",
        "contact_email",
    ]
    .into_iter()
    .map(str::to_string)
    .collect();
    wanted.extend(
        Obligation::ALL
            .iter()
            .map(|o| format!("obligation_{}", o.key())),
    );

    let html = app.login_html(FINANCE);
    let (status, page) = post_html(
        &html,
        &format!("{}/submit", page_path(OPEN, OWN_CODE)),
        &form.fields(),
    );
    assert_eq!(status, 422, "{page}");
    for field in &wanted {
        assert!(
            page.contains(&format!("href=\"#{field}\"")),
            "{field} named: {page}"
        );
    }
    assert!(
        page.contains("value=\"12,3,4\""),
        "the bad amount is kept as typed"
    );
    assert!(page.contains("Skriv telefonnummeret med 8 cifre"), "{page}");
    // Each summary entry names its field and links to it.
    assert!(
        page.contains(&format!(
            "href=\"#{amount_field}\">Budget, Projektledelse {last}: "
        )),
        "{page}"
    );
    assert!(
        page.contains("href=\"#contact_name\">Fast kontaktperson, Navn: "),
        "{page}"
    );
    assert!(
        page.contains("value=\"70 10 10\""),
        "the phone is kept as typed"
    );

    let (status, body) = api.send_json(
        Method::POST,
        &format!("{}/submit", api_path(OPEN, OWN_CODE)),
        &form.json(),
    );
    assert_eq!(status, 422, "{body}");
    assert_eq!(field_names(&body), wanted);
    // Saving a draft asks only for what a draft needs: the amount.
    let (status, body) = api.send_json(Method::PUT, &api_path(OPEN, OWN_CODE), &form.json());
    assert_eq!(status, 422, "{body}");
    assert_eq!(field_names(&body), BTreeSet::from([amount_field]));
    assert_eq!(applications_in(&app, OPEN), 0, "nothing saved");
}

#[test]
fn a_complete_application_gets_a_receipt_in_danish_time_and_its_version_is_frozen() {
    let app = spawn_app!();
    let api = app.login(FINANCE);
    let expected = expected_kr(&api, OPEN, OWN_CODE);
    let form = Form::complete(expected, &OPEN_YEARS);
    let html = app.login_html(FINANCE);
    // First the review: what will be submitted, nothing written yet.
    let (status, review) = post_html(
        &html,
        &format!("{}/submit", page_path(OPEN, OWN_CODE)),
        &form.fields(),
    );
    assert_eq!(status, 200, "{review}");
    assert!(
        review.contains("Kontrollér ansøgningen, før du indsender – Horsens"),
        "{review}"
    );
    assert!(review.contains("name=\"confirmed\" value=\"1\""));
    assert!(
        review.contains("name=\"contact_email\""),
        "the form is carried"
    );
    assert!(review.contains(&format!(
        "formaction=\"{}/save#fejl\"",
        page_path(OPEN, OWN_CODE)
    )));
    assert_eq!(
        submitted_versions_in(&app, OPEN),
        0,
        "nothing submitted yet"
    );
    let mut confirmed = form.fields();
    confirmed.push(("confirmed".into(), "1".into()));
    let (status, location) = post_html(
        &html,
        &format!("{}/submit", page_path(OPEN, OWN_CODE)),
        &confirmed,
    );
    assert_eq!(status, 303, "{location}");
    assert_eq!(location, format!("{}/receipt", page_path(OPEN, OWN_CODE)));
    let (status, receipt_page) = html.get_text(&location);
    assert_eq!(status, 200);
    assert!(
        receipt_page.contains("Kvittering: ansøgningen er indsendt"),
        "{receipt_page}"
    );
    assert!(receipt_page.contains("Hvad sker der nu?"));
    assert!(receipt_page.contains(CONTACT_EMAIL), "{receipt_page}");

    let (_, a) = api.get_json(&api_path(OPEN, OWN_CODE));
    assert_eq!(a["status"], "submitted");
    let receipt = &a["receipt"];
    assert_eq!(receipt["receipt_no"], format!("A{OPEN}-{OWN_CODE}-1"));
    // The same instant in UTC and in Danish time, shown to the second.
    let utc = chrono::DateTime::parse_from_rfc3339(receipt["submitted_at"].as_str().expect("utc"))
        .expect("rfc 3339")
        .with_timezone(&chrono::Utc);
    let local = chrono::DateTime::parse_from_rfc3339(
        receipt["submitted_at_local"].as_str().expect("local"),
    )
    .expect("rfc 3339");
    assert_eq!(local, utc);
    let danish = tilskud::domain::time::to_local(utc);
    assert_eq!(local.offset().local_minus_utc(), {
        use chrono::Offset;
        danish.offset().fix().local_minus_utc()
    });
    assert!(matches!(local.offset().local_minus_utc(), 3600 | 7200));
    let shown = danish.format("%d.%m.%Y %H:%M:%S").to_string();
    assert_eq!(receipt["submitted_at_text"], shown.as_str());

    // The page and the receipt show the receipt number and the Danish time.
    let (_, page) = html.get_text(&page_path(OPEN, OWN_CODE));
    assert!(page.contains(&format!("A{OPEN}-{OWN_CODE}-1")), "{page}");
    assert!(page.contains(&shown), "Danish time {shown} on the page");
    assert!(receipt_page.contains(&format!("A{OPEN}-{OWN_CODE}-1")));
    assert!(
        receipt_page.contains(&shown),
        "to the second on the receipt"
    );
    // Only the municipality's own users (and STAR) read it.
    let aarhus = app.login_html(AARHUS_FINANCE);
    assert_eq!(aarhus.get(&location).status(), 403);

    // Exactly one receipt, to the contact person.
    let receipts = outbox_of(&app, "application-receipt");
    assert_eq!(receipts.len(), 1, "{receipts:?}");
    assert!(receipts[0].to.contains(CONTACT_EMAIL), "{receipts:?}");
    assert!(receipts[0].body.contains(&format!("A{OPEN}-{OWN_CODE}-1")));
    assert!(receipts[0].body.contains(&shown));

    // Frozen: the database refuses to change the submitted version or its budget.
    let version_id: i64 = application_versions::table
        .inner_join(applications::table)
        .filter(applications::pool_id.eq(OPEN))
        .filter(applications::municipality_code.eq(OWN_CODE))
        .select(application_versions::id)
        .first(&mut app.db())
        .expect("version");
    must_fail(
        &app,
        &format!("UPDATE budget_lines SET amount_ore = 1 WHERE version_id = {version_id}"),
        "frozen",
    );
    must_fail(
        &app,
        &format!("UPDATE application_versions SET contact_name = 'Ændret' WHERE id = {version_id}"),
        "frozen",
    );
    must_fail(
        &app,
        &format!("DELETE FROM budget_lines WHERE version_id = {version_id}"),
        "frozen",
    );
    let total: i64 = budget_lines::table
        .filter(budget_lines::version_id.eq(version_id))
        .select(budget_lines::amount_ore)
        .load::<i64>(&mut app.db())
        .expect("lines")
        .iter()
        .sum();
    assert_eq!(total, expected * 100, "the lines are as submitted");

    // And the municipality cannot change it while it is being processed.
    let mut changed = form.clone();
    changed.contact_phone = "75 29 29 29".into();
    let (status, body) = api.send_json(Method::PUT, &api_path(OPEN, OWN_CODE), &changed.json());
    assert_eq!(status, 409, "{body}");
    let (status, body) = api.send_json(
        Method::POST,
        &format!("{}/submit", api_path(OPEN, OWN_CODE)),
        &changed.json(),
    );
    assert_eq!(status, 409, "{body}");
    let (status, _) = post_html(
        &html,
        &format!("{}/save", page_path(OPEN, OWN_CODE)),
        &changed.fields(),
    );
    assert_eq!(status, 409);
    let (_, a) = api.get_json(&api_path(OPEN, OWN_CODE));
    assert_eq!(a["versions"].as_array().map(Vec::len), Some(1));
    assert_eq!(a["version"]["contact_phone"], "70 10 10 10");
    assert_eq!(outbox_of(&app, "application-receipt").len(), 1);
}

#[test]
fn a_budget_that_differs_needs_a_comment_and_the_cap_on_management_and_tools_holds() {
    let app = spawn_app!();
    let api = app.login(FINANCE);
    let html = app.login_html(FINANCE);
    let expected = expected_kr(&api, OPEN, OWN_CODE);
    let submit_api = format!("{}/submit", api_path(OPEN, OWN_CODE));
    let submit_html = format!("{}/submit", page_path(OPEN, OWN_CODE));

    // 1.000 kr. over the expected grant, without a word: the difference is shown.
    let over = Form::complete(expected + 1000, &OPEN_YEARS);
    let (status, body) = api.send_json(Method::POST, &submit_api, &over.json());
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        field_names(&body),
        BTreeSet::from(["difference_comment".to_string()])
    );
    assert!(field_message(&body, "difference_comment").contains("1.000 kr."));
    let (status, page) = post_html(&html, &submit_html, &over.fields());
    assert_eq!(status, 422);
    assert!(page.contains("href=\"#difference_comment\""));
    assert!(page.contains("1.000 kr."), "the difference in kroner");

    // Project management and tools at 15 % of the budget, over the pool's 10 %.
    let pm = expected * 15 / 100;
    let mut capped = Form::complete(expected, &OPEN_YEARS);
    capped.amounts = vec![
        ("caseworker-salaries", 2027, kr(expected - pm - 1000)),
        ("project-management", 2027, kr(pm)),
        ("progression-tools", 2027, kr(1000)),
    ];
    let (status, body) = api.send_json(Method::POST, &submit_api, &capped.json());
    assert_eq!(status, 422, "{body}");
    assert_eq!(field_names(&body), BTreeSet::from(["budget".to_string()]));
    assert!(field_message(&body, "budget").contains("10"), "{body}");
    let (status, page) = post_html(&html, &submit_html, &capped.fields());
    assert_eq!(status, 422);
    assert!(page.contains("href=\"#budget\""));
    assert_eq!(submitted_versions_in(&app, OPEN), 0, "nothing submitted");

    // Up to the cap is allowed; a budget over the grant goes in with a comment.
    let mut at_cap = Form::complete(expected + 1000, &OPEN_YEARS);
    let total = expected + 1000;
    at_cap.amounts = vec![
        ("caseworker-salaries", 2027, kr(total - total / 10)),
        ("project-management", 2027, kr(total / 10)),
    ];
    at_cap.difference_comment = "Kommunen lægger 1.000 kr. oveni af egne midler.".into();
    let receipt = submit(&api, OPEN, OWN_CODE, &at_cap);
    assert_eq!(receipt["version_no"], 1);
    let (_, a) = api.get_json(&api_path(OPEN, OWN_CODE));
    assert_eq!(a["version"]["budget_total_ore"], total * 100);
    assert_eq!(
        a["version"]["difference_comment"],
        "Kommunen lægger 1.000 kr. oveni af egne midler."
    );
}

#[test]
fn the_officer_sends_it_back_finance_submits_version_2_and_version_1_stays_as_it_was() {
    let app = spawn_app!();
    let finance = app.login(FINANCE);
    let expected = expected_kr(&finance, OPEN, OWN_CODE);
    let form = Form::complete(expected, &OPEN_YEARS);
    submit(&finance, OPEN, OWN_CODE, &form);
    let (_, a) = finance.get_json(&api_path(OPEN, OWN_CODE));
    let v1 = a["version"].clone();
    assert!(v1["submitted_at"].is_string());

    // Nobody but the officer decides.
    let decide = format!("{}/decide", api_path(OPEN, OWN_CODE));
    let body = json!({ "decision": "request_changes", "reason": "Uddyb budgettet" });
    for who in [FINANCE, COMMITTEE, ADMIN] {
        let (status, _) = app.login(who).send_json(Method::POST, &decide, &body);
        assert_eq!(status, 403, "{}", who.0);
    }
    let officer = app.login(OFFICER);
    let (status, err) = officer.send_json(
        Method::POST,
        &decide,
        &json!({ "decision": "request_changes", "reason": " " }),
    );
    assert_eq!(status, 422, "a reason is required");
    assert_eq!(field_names(&err), BTreeSet::from(["reason".to_string()]));
    let (status, err) = officer.send_json(
        Method::POST,
        &decide,
        &json!({ "decision": "maybe", "reason": "?" }),
    );
    assert_eq!(status, 422);
    assert_eq!(field_names(&err), BTreeSet::from(["decision".to_string()]));

    // Through the page, with a reason.
    let officer_html = app.login_html(OFFICER);
    let reason = "Budgettet skal fordeles på flere udgiftsposter.";
    let (status, location) = post_html(
        &officer_html,
        &format!("{}/decide", page_path(OPEN, OWN_CODE)),
        &[
            ("decision".into(), "request_changes".into()),
            ("reason".into(), reason.into()),
        ],
    );
    assert_eq!(status, 303, "{location}");
    let (status, _) = officer.send_json(Method::POST, &decide, &body);
    assert_eq!(status, 409, "no longer awaiting a decision");

    let (_, a) = finance.get_json(&api_path(OPEN, OWN_CODE));
    assert_eq!(a["status"], "changes_requested");
    let events = a["events"].as_array().expect("events");
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0]["action"], "application.request-changes");
    assert_eq!(events[0]["reason"], reason);
    assert_eq!(events[0]["actor"], "Signe Hansen");
    let (_, page) = app.login_html(FINANCE).get_text(&page_path(OPEN, OWN_CODE));
    assert!(page.contains(reason), "the municipality reads why");

    // Finance edits: a new version 2, version 1 untouched.
    let edited = form
        .clone()
        .amount("caseworker-salaries", 2026, &kr(expected / 4 - 5000))
        .amount("social-health-salaries", 2026, &kr(5000));
    let (status, a) = finance.send_json(Method::PUT, &api_path(OPEN, OWN_CODE), &edited.json());
    assert_eq!(status, 200, "{a}");
    assert_eq!(a["version"]["version_no"], 2);
    assert!(a["version"]["submitted_at"].is_null());
    assert_eq!(a["status"], "changes_requested");
    let receipt = submit(&finance, OPEN, OWN_CODE, &edited);
    assert_eq!(receipt["version_no"], 2);
    assert_eq!(receipt["receipt_no"], format!("A{OPEN}-{OWN_CODE}-2"));

    let (_, a) = officer.get_json(&api_path(OPEN, OWN_CODE));
    assert_eq!(a["status"], "submitted");
    assert_eq!(a["version"]["version_no"], 2);
    assert_eq!(
        a["version"]["budget_lines"].as_array().map(Vec::len),
        Some(4)
    );
    let versions = a["versions"].as_array().expect("versions");
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0]["version_no"], 2);
    assert_eq!(versions[1], v1, "version 1 is exactly as it was submitted");
    assert_eq!(
        versions[1]["budget_lines"].as_array().map(Vec::len),
        Some(3)
    );
    assert_eq!(outbox_of(&app, "application-receipt").len(), 2);
}

#[test]
fn the_officer_approves_a_split_that_adds_up_and_the_letter_shows_every_figure() {
    let app = spawn_app!();
    let finance = app.login(FINANCE);
    let expected = expected_kr(&finance, OPEN, OWN_CODE);
    let form = Form::complete(expected, &OPEN_YEARS);
    submit(&finance, OPEN, OWN_CODE, &form);
    let officer = app.login(OFFICER);
    let approve = format!("{}/approve", api_path(OPEN, OWN_CODE));
    let split = form.by_year();
    assert_eq!(split.values().sum::<i64>(), expected);

    // A split one krone short: refused with the difference, nothing created.
    let mut short = split.clone();
    *short.get_mut(&2027).expect("2027") -= 1;
    let (status, body) = officer.send_json(Method::POST, &approve, &approve_body(&short));
    assert_eq!(status, 422, "{body}");
    assert_eq!(field_names(&body), BTreeSet::from(["years".to_string()]));
    assert!(
        field_message(&body, "years").contains(&format!("{} for lidt", money_text(100))),
        "{body}"
    );
    let officer_html = app.login_html(OFFICER);
    let mut fields: Vec<(String, String)> = short
        .iter()
        .map(|(y, a)| (format!("year_{y}"), kr(*a)))
        .collect();
    fields.push(("account_deadline".into(), "2028-04-30".into()));
    fields.push(("reservation".into(), String::new()));
    let (status, page) = post_html(
        &officer_html,
        &format!("{}/approve", page_path(OPEN, OWN_CODE)),
        &fields,
    );
    assert_eq!(status, 422);
    assert!(
        page.contains(&format!("{} for lidt.", money_text(100))),
        "the difference is shown in words, never as \"-1 kr..\""
    );
    assert!(commitments_in(&app, OPEN).is_empty(), "nothing created");
    let (status, _) = finance.get_json(&format!("{}/commitment", api_path(OPEN, OWN_CODE)));
    assert_eq!(status, 404);
    assert!(outbox_of(&app, "commitment-letter").is_empty());

    // Finance cannot approve its own application.
    let (status, _) = finance.send_json(Method::POST, &approve, &approve_body(&split));
    assert_eq!(status, 403);

    let (status, c) = officer.send_json(Method::POST, &approve, &approve_body(&split));
    assert_eq!(status, 201, "{c}");
    let amount = expected * 100;
    assert_eq!(c["amount_ore"], amount);
    assert_eq!(c["status"], "active");
    assert_eq!(c["letter_no"], format!("T{OPEN}-{OWN_CODE}"));
    let years: Vec<(i64, i64)> = c["years"]
        .as_array()
        .expect("years")
        .iter()
        .map(|y| {
            (
                y["year"].as_i64().expect("y"),
                y["amount_ore"].as_i64().expect("a"),
            )
        })
        .collect();
    assert_eq!(
        years,
        split
            .iter()
            .map(|(y, a)| (i64::from(*y), a * 100))
            .collect::<Vec<_>>()
    );
    let rates = c["rates"].as_array().expect("rates");
    let want = rates_30_40_30(amount);
    let got: Vec<i64> = rates
        .iter()
        .map(|r| r["amount_ore"].as_i64().expect("amount"))
        .collect();
    assert_eq!(got, want);
    assert_eq!(got.iter().sum::<i64>(), amount, "the rates add up exactly");
    assert_eq!(c["parts_add_up"]["years"]["adds_up"], true);
    assert_eq!(c["parts_add_up"]["rates"]["adds_up"], true);
    assert_eq!(c["parts_add_up"]["rates"]["difference_ore"], 0);

    let (_, a) = finance.get_json(&api_path(OPEN, OWN_CODE));
    assert_eq!(a["status"], "approved");
    assert_eq!(a["commitment"]["amount_ore"], amount);
    let letters = outbox_of(&app, "commitment-letter");
    assert_eq!(letters.len(), 1, "{letters:?}");
    assert!(letters[0].to.contains(CONTACT_EMAIL));
    assert!(letters[0].subject.contains("Tilsagn om tilskud"));
    assert!(letters[0].body.contains(&money_text(amount)));
    let (status, _) = officer.send_json(Method::POST, &approve, &approve_body(&split));
    assert_eq!(status, 409, "approved once");
    assert_eq!(outbox_of(&app, "commitment-letter").len(), 1);

    // The letter with every figure, for the officer and Horsens's own users.
    let letter = format!("{}/letter", page_path(OPEN, OWN_CODE));
    for who in [OFFICER, FINANCE, COMMITTEE] {
        let (status, page) = app.login(who).get_text(&letter);
        assert_eq!(status, 200, "{}", who.0);
        // In the normal frame, with the way back to the application.
        assert!(page.contains("class=\"header\""), "the page header");
        assert!(
            page.contains(&format!(
                "class=\"back-link\" href=\"{}\"",
                page_path(OPEN, OWN_CODE)
            )),
            "{page}"
        );
        assert!(
            page.contains(&money_text(amount)),
            "the amount for {}",
            who.0
        );
        for (_, a) in &years {
            assert!(
                page.contains(&money_text(*a)),
                "a year's amount for {}",
                who.0
            );
        }
        for r in &want {
            assert!(page.contains(&money_text(*r)), "a rate for {}", who.0);
        }
    }
    // Not for Aarhus's user, neither this letter nor the one of the first pool.
    let aarhus = app.login(AARHUS_FINANCE);
    assert_eq!(aarhus.get(&letter).status(), 403);
    assert_eq!(
        aarhus
            .get(&format!("{}/letter", page_path(PAST, OWN_CODE)))
            .status(),
        403
    );
    assert_eq!(
        aarhus
            .get(&format!("{}/letter", page_path(PAST, OTHER_CODE)))
            .status(),
        200
    );

    // The committee member reads the commitment through the API, and changes nothing.
    let committee = app.login(COMMITTEE);
    let (status, c) = committee.get_json(&format!("{}/commitment", api_path(OPEN, OWN_CODE)));
    assert_eq!(status, 200, "{c}");
    assert_eq!(c["amount_ore"], amount);
    assert_eq!(c["years"].as_array().map(Vec::len), Some(2));
    assert_eq!(c["paid_ore"], 0);
    assert_eq!(c["outstanding_ore"], amount);
    let statuses: Vec<&str> = c["rates"]
        .as_array()
        .expect("rates")
        .iter()
        .map(|r| r["status"].as_str().expect("status"))
        .collect();
    let earliest: Vec<Option<String>> = c["rates"]
        .as_array()
        .expect("rates")
        .iter()
        .map(|r| r["earliest_date"].as_str().map(str::to_string))
        .collect();
    let want_status: Vec<&str> = earliest.iter().map(|e| due_status(e.as_deref())).collect();
    assert_eq!(statuses, want_status);
    assert_eq!(statuses[0], "payable", "rate 1 is due on the commitment");
    assert_eq!(c["parts_add_up"]["years"]["adds_up"], true);
    for (method, path) in [
        (Method::POST, approve.clone()),
        (
            Method::POST,
            format!("{}/withdraw", api_path(OPEN, OWN_CODE)),
        ),
        (Method::PUT, api_path(OPEN, OWN_CODE)),
    ] {
        let (status, _) = committee.send_json(method, &path, &json!({ "reason": "nej" }));
        assert_eq!(status, 403, "{path}");
    }
}

/// Horsens's application approved by the officer with the server's clock at `local`
/// (Copenhagen time): the commitment's `approved_at` (UTC), the letter page and the
/// letter email.
fn approved_at_local_time(app: &TestApp, local: &str) -> (String, String, String) {
    let finance = app.login(FINANCE);
    let form = Form::complete(expected_kr(&finance, OPEN, OWN_CODE), &OPEN_YEARS);
    submit(&finance, OPEN, OWN_CODE, &form);
    app.clock.set_local(local);
    let officer = app.login(OFFICER);
    let (status, c) = officer.send_json(
        Method::POST,
        &format!("{}/approve", api_path(OPEN, OWN_CODE)),
        &approve_body(&form.by_year()),
    );
    assert_eq!(status, 201, "{c}");
    let (status, page) = officer.get_text(&format!("{}/letter", page_path(OPEN, OWN_CODE)));
    assert_eq!(status, 200);
    let letters = outbox_of(app, "commitment-letter");
    assert_eq!(letters.len(), 1, "{letters:?}");
    let approved_at = c["approved_at"].as_str().expect("approved_at").to_string();
    (approved_at, page, letters[0].body.clone())
}

#[test]
fn a_commitment_given_at_half_past_midnight_in_winter_is_dated_with_the_danish_date() {
    let app = spawn_app!();
    let (approved_at, page, email) = approved_at_local_time(&app, "2026-12-02 00:30");
    assert!(
        approved_at.starts_with("2026-12-01T23:30"),
        "in UTC it is still the day before: {approved_at}"
    );
    assert!(
        page.contains("Dato: 02.12.2026<"),
        "the letter page: {page}"
    );
    assert!(
        email.contains("Dato: 02.12.2026 "),
        "the letter email: {email}"
    );
    assert!(!page.contains("Dato: 01.12.2026") && !email.contains("Dato: 01.12.2026"));
}

#[test]
fn a_commitment_given_at_half_past_midnight_in_summer_is_dated_with_the_danish_date() {
    let app = spawn_app!();
    let (approved_at, page, email) = approved_at_local_time(&app, "2027-06-02 00:30");
    assert!(
        approved_at.starts_with("2027-06-01T22:30"),
        "in UTC it is still the day before: {approved_at}"
    );
    assert!(
        page.contains("Dato: 02.06.2027<"),
        "the letter page: {page}"
    );
    assert!(
        email.contains("Dato: 02.06.2027 "),
        "the letter email: {email}"
    );
    assert!(!page.contains("Dato: 01.06.2027") && !email.contains("Dato: 01.06.2027"));
}

#[test]
fn aarhus_can_never_read_or_change_horsens_application() {
    let app = spawn_app!();
    let horsens = app.login(FINANCE);
    let expected = expected_kr(&horsens, OPEN, OWN_CODE);
    let form = Form::complete(expected, &OPEN_YEARS);
    let aarhus = app.login(AARHUS_FINANCE);
    let aarhus_html = app.login_html(AARHUS_FINANCE);
    for pool in [PAST, OPEN] {
        let api = api_path(pool, OWN_CODE);
        assert_eq!(aarhus.get(&api).status(), 403);
        assert_eq!(aarhus.get(&format!("{api}/commitment")).status(), 403);
        assert_eq!(aarhus.get(&page_path(pool, OWN_CODE)).status(), 403);
        let (status, _) = aarhus.send_json(Method::PUT, &api, &form.json());
        assert_eq!(status, 403);
        let (status, _) = aarhus.send_json(Method::POST, &format!("{api}/submit"), &form.json());
        assert_eq!(status, 403);
        let (status, _) = aarhus.send_json(
            Method::POST,
            &format!("{api}/withdraw"),
            &json!({ "reason": "Vi trækker Horsens" }),
        );
        assert_eq!(status, 403);
        let (status, _) = post_html(
            &aarhus_html,
            &format!("{}/save", page_path(pool, OWN_CODE)),
            &form.fields(),
        );
        assert_eq!(status, 403);
        let (status, _) = post_html(
            &aarhus_html,
            &format!("{}/withdraw", page_path(pool, OWN_CODE)),
            &[("reason".into(), "Vi trækker Horsens".into())],
        );
        assert_eq!(status, 403);
        // Nor the officer's list.
        assert_eq!(
            aarhus
                .get(&format!("/api/v1/pools/{pool}/applications"))
                .status(),
            403
        );
    }
    // And the other way round; and Aarhus reads its own.
    assert_eq!(horsens.get(&api_path(OPEN, OTHER_CODE)).status(), 403);
    assert_eq!(aarhus.get(&api_path(OPEN, OTHER_CODE)).status(), 200);
    assert_eq!(
        applications_in(&app, OPEN),
        0,
        "nothing written for Horsens"
    );
    let (_, c) = horsens.get_json(&format!("{}/commitment", api_path(PAST, OWN_CODE)));
    assert_eq!(c["status"], "active", "Horsens's commitment untouched");
}

#[test]
fn after_the_deadline_no_municipality_can_submit() {
    let app = spawn_app!();
    let pool_1_years = [2017, 2018, 2019];
    // Horsens and Aarhus applied in time and were approved; nothing more goes in now.
    for (who, code) in [(FINANCE, OWN_CODE), (AARHUS_FINANCE, OTHER_CODE)] {
        let api = app.login(who);
        let (_, before) = api.get_json(&api_path(PAST, code));
        assert_eq!(before["deadline_local"], "2017-06-02T12:00:00+02:00");
        assert_eq!(before["deadline"], "2017-06-02T10:00:00Z");
        assert_eq!(before["deadline_passed"], true);
        let form = Form::complete(expected_kr(&api, PAST, code), &pool_1_years);
        let (status, body) = api.send_json(
            Method::POST,
            &format!("{}/submit", api_path(PAST, code)),
            &form.json(),
        );
        assert_eq!(status, 409, "{body}");
        assert_eq!(body["error"], "conflict");
        let (status, _) = post_html(
            &app.login_html(who),
            &format!("{}/submit", page_path(PAST, code)),
            &form.fields(),
        );
        assert_eq!(status, 409);
        let (_, after) = api.get_json(&api_path(PAST, code));
        assert_eq!(after["versions"], before["versions"], "nothing changed");
        assert_eq!(after["status"], "approved");
    }

    // A municipality that never applied cannot start now: refused, naming the deadline.
    let (status, user) = app.login(ADMIN).send_json(
        Method::POST,
        "/api/v1/users",
        &json!({
            "username": "herning.finance",
            "display_name": "Herning Økonomi",
            "role": "finance",
            "municipality_code": 657,
            "password": "herning-finance-2017",
        }),
    );
    assert_eq!(status, 201, "{user}");
    let herning = ("herning.finance", "herning-finance-2017");
    let api = app.login(herning);
    let form = Form::complete(expected_kr(&api, PAST, 657), &pool_1_years);
    let (status, body) = api.send_json(
        Method::POST,
        &format!("{}/submit", api_path(PAST, 657)),
        &form.json(),
    );
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"], "conflict");
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.contains("2. juni 2017 kl. 12.00")),
        "{body}"
    );
    let (status, page) = post_html(
        &app.login_html(herning),
        &format!("{}/submit", page_path(PAST, 657)),
        &form.fields(),
    );
    assert_eq!(status, 409);
    assert!(
        page.contains("2. juni 2017 kl. 12.00"),
        "the deadline is named"
    );
    let typed = form.typed("caseworker-salaries", 2019);
    assert!(
        page.contains(&format!("value=\"{typed}\"")),
        "the input is kept"
    );
    let (_, a) = api.get_json(&api_path(PAST, 657));
    assert!(a["status"].is_null(), "nothing saved: {a}");

    assert_eq!(applications_in(&app, PAST), 2, "only the demo's two");
    assert_eq!(submitted_versions_in(&app, PAST), 2);
    assert!(outbox_of(&app, "application-receipt").is_empty());
}

#[test]
fn a_withdrawal_cancels_the_rates_not_paid_and_keeps_the_paid_one() {
    let app = spawn_app!();
    let officer = app.login(OFFICER);
    let (status, list) = officer.get_json(&format!("/api/v1/pools/{PAST}/applications"));
    assert_eq!(status, 200, "{list}");
    let committed_before = list["committed_ore"].as_i64().expect("committed");
    let finance = app.login(FINANCE);
    let commitment = format!("{}/commitment", api_path(PAST, OWN_CODE));
    let (_, before) = finance.get_json(&commitment);
    let statuses = |c: &Value| -> Vec<String> {
        c["rates"]
            .as_array()
            .expect("rates")
            .iter()
            .map(|r| r["status"].as_str().expect("status").to_string())
            .collect()
    };
    let before_statuses = statuses(&before);
    assert_eq!(before_statuses[0], "paid");
    assert!(
        before_statuses[1..]
            .iter()
            .all(|s| !["paid", "cancelled"].contains(&s.as_str())),
        "{before_statuses:?}"
    );
    let rate_1 = before["rates"][0]["amount_ore"].as_i64().expect("rate 1");
    assert_eq!(before["paid_ore"], rate_1);

    let withdraw = format!("{}/withdraw", api_path(PAST, OWN_CODE));
    let (status, body) = finance.send_json(Method::POST, &withdraw, &json!({ "reason": "" }));
    assert_eq!(status, 422, "a reason is required: {body}");
    let (status, _) =
        app.login(COMMITTEE)
            .send_json(Method::POST, &withdraw, &json!({ "reason": "Nej" }));
    assert_eq!(status, 403, "the committee changes nothing");
    let (status, a) = finance.send_json(
        Method::POST,
        &withdraw,
        &json!({ "reason": "Kommunen udtræder af projektet" }),
    );
    assert_eq!(status, 200, "{a}");
    assert_eq!(a["status"], "withdrawn");

    let (_, after) = app.login(COMMITTEE).get_json(&commitment);
    assert_eq!(after["status"], "withdrawn");
    assert!(after["withdrawn_at"].is_string());
    assert_eq!(statuses(&after), ["paid", "cancelled", "cancelled"]);
    assert_eq!(after["paid_ore"], rate_1, "the paid rate stays paid");
    assert_eq!(after["outstanding_ore"], 0);
    assert_eq!(after["rates"][0]["paid_at"], before["rates"][0]["paid_at"]);
    assert_eq!(after["parts_add_up"]["rates"]["adds_up"], true);
    let (status, _) = finance.send_json(Method::POST, &withdraw, &json!({ "reason": "Igen" }));
    assert_eq!(status, 409, "withdrawn once");
    let (_, letter) = finance.get_text(&format!("{}/letter", page_path(PAST, OWN_CODE)));
    assert!(letter.contains("bortfaldet"), "the letter says it lapsed");

    // Aarhus withdraws through the page: nothing was paid, so everything is cancelled.
    let aarhus = app.login_html(AARHUS_FINANCE);
    let (status, location) = post_html(
        &aarhus,
        &format!("{}/withdraw", page_path(PAST, OTHER_CODE)),
        &[("reason".into(), "Aarhus udtræder".into())],
    );
    // First the confirmation: what lapses and what is cancelled; nothing changed yet.
    assert_eq!(status, 200);
    assert!(
        location.contains("Træk ansøgningen tilbage – Aarhus?"),
        "{location}"
    );
    assert!(location.contains("bortfalder"), "{location}");
    assert!(location.contains("Rater, der annulleres"), "{location}");
    assert!(location.contains("name=\"reason\" value=\"Aarhus udtræder\""));
    let (_, c) = aarhus.get_json(&format!("{}/commitment", api_path(PAST, OTHER_CODE)));
    assert_eq!(c["status"], "active", "not before it is confirmed");
    let (status, location) = post_html(
        &aarhus,
        &format!("{}/withdraw", page_path(PAST, OTHER_CODE)),
        &[
            ("reason".into(), "Aarhus udtræder".into()),
            ("confirmed".into(), "1".into()),
        ],
    );
    assert_eq!(status, 303, "{location}");
    let (_, c) = aarhus.get_json(&format!("{}/commitment", api_path(PAST, OTHER_CODE)));
    assert_eq!(statuses(&c), ["cancelled", "cancelled", "cancelled"]);
    assert_eq!(c["paid_ore"], 0);

    let (_, list) = officer.get_json(&format!("/api/v1/pools/{PAST}/applications"));
    assert_eq!(list["committed_ore"], 0);
    assert!(committed_before > 0);
    let statuses: Vec<&str> = list["applications"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["status"].as_str().expect("status"))
        .collect();
    assert_eq!(statuses, ["withdrawn", "withdrawn"]);

    // Both are no longer applicants, so the next run divides the pool among the other 87,
    // as a new version; the old version stays.
    let (_, counts) = officer.get_json(&format!("/api/v1/pools/{PAST}/target-groups"));
    let applied: Vec<i64> = counts
        .as_array()
        .expect("counts")
        .iter()
        .filter(|r| r["applied"] == true)
        .map(|r| r["municipality_code"].as_i64().expect("code"))
        .collect();
    assert_eq!(applied.len(), 87);
    assert!(!applied.contains(&i64::from(OWN_CODE)) && !applied.contains(&i64::from(OTHER_CODE)));
    let (status, v2) = officer.send_json(
        Method::POST,
        &format!("/api/v1/pools/{PAST}/allocations"),
        &json!({ "reason": "Horsens og Aarhus er udtrådt" }),
    );
    assert_eq!(status, 201, "{v2}");
    assert_eq!(v2["version_no"], 2);
    assert_eq!(v2["lines"].as_array().map(Vec::len), Some(87));
}

#[test]
fn the_officer_lists_a_pools_applications_with_what_is_committed() {
    let app = spawn_app!();
    let officer = app.login(OFFICER);
    let (status, list) = officer.get_json(&format!("/api/v1/pools/{PAST}/applications"));
    assert_eq!(status, 200, "{list}");
    assert_eq!(list["pool_amount_ore"], 25_700_000_000i64);
    let rows = list["applications"].as_array().expect("rows");
    let names: Vec<&str> = rows
        .iter()
        .map(|r| r["name"].as_str().expect("name"))
        .collect();
    // Danish order: "Aa" is "Å", after Z.
    assert_eq!(names, ["Horsens", "Aarhus"]);
    let mut committed = 0;
    for code in [OWN_CODE, OTHER_CODE] {
        let (_, c) = officer.get_json(&format!("{}/commitment", api_path(PAST, code)));
        committed += c["amount_ore"].as_i64().expect("amount");
    }
    assert_eq!(list["committed_ore"], committed);
    assert_eq!(list["left_ore"], 25_700_000_000i64 - committed);
    assert_eq!(
        committed,
        commitments_in(&app, PAST).iter().map(|c| c.1).sum::<i64>()
    );
    let (_, open) = officer.get_json(&format!("/api/v1/pools/{OPEN}/applications"));
    assert_eq!(open["applications"], json!([]));
    assert_eq!(open["committed_ore"], 0);
    for who in [FINANCE, COMMITTEE, ADMIN] {
        let s = app.login(who);
        assert_eq!(
            s.get(&format!("/api/v1/pools/{PAST}/applications"))
                .status(),
            403,
            "{}",
            who.0
        );
    }
    assert_eq!(officer.get("/api/v1/pools/999/applications").status(), 404);
    assert_eq!(officer.get(&api_path(999, OWN_CODE)).status(), 404);
}

/// A pool of 3.000.000 kr. with Horsens, Aarhus and Herning applying equally; Herning is
/// approved for a third; then a new allocation without Herning gives Horsens and Aarhus
/// 1.500.000 kr. each, while Herning's commitment stands. 2.000.000 kr. are left: either
/// fits alone, both do not.
fn a_pool_with_room_for_one_of_two(app: &TestApp) -> i64 {
    let officer = app.login(OFFICER);
    let deadline = (chrono::Utc::now().date_naive() + chrono::Days::new(30))
        .format("%Y-%m-%dT12:00")
        .to_string();
    let (status, pool) = officer.send_json(
        Method::POST,
        "/api/v1/pools",
        &json!({
            "name": "Lille pulje",
            "finance_account": "FL § 17.46.64.10",
            "amount": "3.000.000",
            "period_start": "2027-01-01",
            "period_end": "2027-12-31",
            "deadline": deadline,
            "auditor_threshold": "500.000",
            "admin_share_max": "10",
            "rates": [
                { "share_percent": "30", "earliest": "" },
                { "share_percent": "40", "earliest": "2027-04-01" },
                { "share_percent": "30", "earliest": "2027-10-01" },
            ],
        }),
    );
    assert_eq!(status, 201, "{pool}");
    let pool = pool["id"].as_i64().expect("id");
    let (status, body) = officer.put_csv(
        &format!("/api/v1/pools/{pool}/target-groups"),
        "municipality_code,target_group\n615,100\n751,100\n657,100\n",
    );
    assert_eq!(status, 200, "{body}");
    let allocate = |codes: &[i32], reason: &str| {
        let (status, body) = officer.send_json(
            Method::PUT,
            &format!("/api/v1/pools/{pool}/applicants"),
            &json!({ "municipality_codes": codes }),
        );
        assert_eq!(status, 200, "{body}");
        let (status, v) = officer.send_json(
            Method::POST,
            &format!("/api/v1/pools/{pool}/allocations"),
            &json!({ "reason": reason }),
        );
        assert_eq!(status, 201, "{v}");
        let (status, v) = officer.send_json(
            Method::POST,
            &format!("/api/v1/allocations/{}/approve", v["id"]),
            &json!({}),
        );
        assert_eq!(status, 200, "{v}");
    };
    allocate(&[615, 751, 657], "Tre ansøgere");

    let (status, user) = app.login(ADMIN).send_json(
        Method::POST,
        "/api/v1/users",
        &json!({
            "username": "herning.finance",
            "display_name": "Herning Økonomi",
            "role": "finance",
            "municipality_code": 657,
            "password": "herning-finance-2027",
            "active": true,
        }),
    );
    assert_eq!(status, 201, "{user}");
    let herning = app.login(("herning.finance", "herning-finance-2027"));
    assert_eq!(expected_kr(&herning, pool, 657), 1_000_000);
    let form = Form::complete(1_000_000, &[2027]);
    submit(&herning, pool, 657, &form);
    let (status, c) = officer.send_json(
        Method::POST,
        &format!("{}/approve", api_path(pool, 657)),
        &approve_body(&form.by_year()),
    );
    assert_eq!(status, 201, "{c}");

    allocate(&[615, 751], "Herning er udtrådt af fordelingen");
    for (who, code) in [(FINANCE, OWN_CODE), (AARHUS_FINANCE, OTHER_CODE)] {
        let s = app.login(who);
        assert_eq!(expected_kr(&s, pool, code), 1_500_000);
        submit(&s, pool, code, &Form::complete(1_500_000, &[2027]));
    }
    let (_, list) = officer.get_json(&format!("/api/v1/pools/{pool}/applications"));
    assert_eq!(list["left_ore"], 200_000_000i64, "{list}");
    pool
}

#[test]
fn of_two_concurrent_approvals_that_together_would_exceed_the_pool_exactly_one_goes_through() {
    let app = spawn_app!();
    let pool = a_pool_with_room_for_one_of_two(&app);
    let officer = tilskud::db::queries::users::by_username(&mut app.db(), "officer")
        .expect("read")
        .expect("officer");
    let actor = tilskud::db::audit::Actor {
        user_id: Some(officer.id),
        label: officer.username.clone(),
    };
    let form = tilskud::app::commitments::ApproveDraft {
        years: [(2027, "1.500.000".to_string())].into_iter().collect(),
        account_deadline: "2028-04-30".into(),
        reservation: String::new(),
    };
    let barrier = Arc::new(Barrier::new(2));
    let racers: Vec<_> = [OWN_CODE, OTHER_CODE]
        .into_iter()
        .map(|code| {
            let mut conn = app.db();
            // Parsed at the edge, before the race: each alone fits the pool.
            let terms = tilskud::app::commitments::terms(&mut conn, pool, code).expect("terms");
            let input = form.parse(&terms).expect("a split that adds up");
            let (barrier, actor) = (Arc::clone(&barrier), actor.clone());
            std::thread::spawn(move || {
                barrier.wait();
                let now = tilskud::app::clock::system_now();
                let r = tilskud::app::commitments::approve(
                    &mut conn,
                    &actor,
                    now,
                    (pool, code),
                    &input,
                    tilskud::app::applications::Mail::Queue,
                );
                (code, r)
            })
        })
        .collect();
    let results: Vec<(i32, Result<_, AppError>)> = racers
        .into_iter()
        .map(|h| h.join().expect("thread"))
        .collect();
    let winners: Vec<i32> = results
        .iter()
        .filter(|(_, r)| r.is_ok())
        .map(|(c, _)| *c)
        .collect();
    assert_eq!(winners.len(), 1, "exactly one approval: {results:?}");
    let (loser, refusal) = results
        .iter()
        .find(|(_, r)| r.is_err())
        .expect("one refused");
    match refusal {
        Err(AppError::Conflict(m)) => assert_eq!(m.key, "commitment-exceeds-pool"),
        other => panic!("refused for another reason: {other:?}"),
    }

    let active: i64 = commitments_in(&app, pool)
        .iter()
        .filter(|c| c.2 == "active")
        .map(|c| c.1)
        .sum();
    assert_eq!(active, 250_000_000, "Herning and one of the two");
    assert!(active <= 300_000_000, "within the pool");
    assert!(
        commitments_in(&app, pool).iter().all(|c| c.0 != *loser),
        "nothing left behind for the refused one"
    );
    let s = app.login(OFFICER);
    let (_, a) = s.get_json(&api_path(pool, *loser));
    assert_eq!(a["status"], "submitted");
    assert!(a["commitment"].is_null());
    let (_, list) = s.get_json(&format!("/api/v1/pools/{pool}/applications"));
    assert_eq!(list["committed_ore"], 250_000_000i64);
    let (status, body) = s.send_json(
        Method::POST,
        &format!("{}/approve", api_path(pool, *loser)),
        &json!({ "years": { "2027": "1.500.000" }, "account_deadline": "2028-04-30" }),
    );
    assert_eq!(status, 409, "{body}");
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.contains("500.000 kr.")),
        "{body}"
    );
    assert_eq!(
        outbox_of(&app, "commitment-letter").len(),
        2,
        "a letter for Herning and the one approved"
    );

    // The database holds the line too: a commitment written by hand, whole in its parts,
    // cannot become active over the pool.
    let (app_id, version_id): (i64, i64) = application_versions::table
        .inner_join(applications::table)
        .filter(applications::pool_id.eq(pool))
        .filter(applications::municipality_code.eq(*loser))
        .select((applications::id, application_versions::id))
        .first(&mut app.db())
        .expect("the refused application");
    app.db()
        .batch_execute(&format!(
            "INSERT INTO commitments (application_id, version_id, pool_id, municipality_code, \
             amount_ore, period_start, period_end, account_deadline, reservation, letter_no, \
             status, approved_by, approved_at) VALUES ({app_id}, {version_id}, {pool}, {loser}, \
             150000000, '2027-01-01', '2027-12-31', '2028-04-30', '', 'T-hand', 'draft', {}, \
             '2027-01-02 09:00:00')",
            officer.id
        ))
        .expect("a draft commitment");
    let id: i64 = commitments::table
        .filter(commitments::letter_no.eq("T-hand"))
        .select(commitments::id)
        .first(&mut app.db())
        .expect("id");
    app.db()
        .batch_execute(&format!(
            "INSERT INTO commitment_years (commitment_id, year, amount_ore) VALUES ({id}, 2027, 150000000); \
             INSERT INTO commitment_rates (commitment_id, rate_no, share_bp, amount_ore, status) \
             VALUES ({id}, 1, 10000, 150000000, 'pending')"
        ))
        .expect("parts that add up");
    let activate = format!("UPDATE commitments SET status = 'active' WHERE id = {id}");
    must_fail(&app, &activate, "exceed the pool");
    // With the winner's commitment gone, the same statement goes through: the pool was
    // the reason.
    app.db()
        .batch_execute(&format!(
            "UPDATE commitments SET status = 'withdrawn', withdrawn_at = '2027-01-03 09:00:00' \
             WHERE pool_id = {pool} AND municipality_code = {}",
            winners[0]
        ))
        .expect("withdrawn");
    app.db().batch_execute(&activate).expect("fits now");
}

#[test]
fn the_commitment_letter_reaches_a_real_smtp_server_exactly_once() {
    use crate::mail::{plain_text, smtp_config, wait_for, SmtpServer};
    let Some(smtp) = SmtpServer::start() else {
        return;
    };
    let Some(app) = TestApp::spawn_with(smtp_config(smtp.url())) else {
        return;
    };
    let finance = app.login(FINANCE);
    let expected = expected_kr(&finance, OPEN, OWN_CODE);
    let form = Form::complete(expected, &OPEN_YEARS);
    submit(&finance, OPEN, OWN_CODE, &form);
    let (status, c) = app.login(OFFICER).send_json(
        Method::POST,
        &format!("{}/approve", api_path(OPEN, OWN_CODE)),
        &approve_body(&form.by_year()),
    );
    assert_eq!(status, 201, "{c}");
    let amount = c["amount_ore"].as_i64().expect("amount");

    let parsed = |subject_part: &str| -> Vec<(String, String, String)> {
        smtp.messages()
            .iter()
            .filter_map(|p| {
                let bytes = std::fs::read(p).ok()?;
                let msg = mail_parser::MessageParser::default().parse(&bytes)?;
                let subject = msg.subject().unwrap_or_default().to_string();
                let to = msg
                    .to()
                    .and_then(|a| a.first())
                    .and_then(|a| a.address())
                    .unwrap_or_default()
                    .to_string();
                subject
                    .contains(subject_part)
                    .then(|| (subject, to, plain_text(&msg)))
            })
            .collect()
    };
    let letter_sent = |conn: &mut tilskud::db::DbConn| -> bool {
        outbox::table
            .filter(outbox::kind.eq("commitment-letter"))
            .select(outbox::status)
            .load::<String>(conn)
            .is_ok_and(|s| s == ["sent"])
    };
    let mut conn = app.db();
    assert!(
        wait_for(Duration::from_secs(20), || {
            !parsed("Tilsagn om tilskud").is_empty() && letter_sent(&mut conn)
        }),
        "the letter did not arrive: {:?}",
        outbox_of(&app, "commitment-letter")
    );
    // Later worker ticks: an email queued after the letter was sent arrives, so the worker
    // has been round again; the letter is still there once.
    let probe = tilskud::mail::NewEmail {
        kind: "test-probe",
        to: tilskud::mail::Address::parse("probe@tilskud.invalid").expect("address"),
        subject: "Prøve efter brevet".into(),
        body_text: "Prøve".into(),
        body_html: None,
        related_entity: "test",
        related_id: "1".into(),
    };
    let t = tilskud::app::clock::system_now();
    tilskud::db::audit::write(
        &mut conn,
        &tilskud::db::audit::Actor::system("test"),
        t,
        |c| {
            tilskud::mail::enqueue(c, t, &probe)?;
            Ok::<_, diesel::result::Error>((
                (),
                vec![tilskud::db::audit::Change::new("test.probe", "test", 1)],
            ))
        },
    )
    .expect("probe queued");
    assert!(
        wait_for(Duration::from_secs(20), || !parsed("Prøve efter brevet")
            .is_empty()),
        "the probe did not arrive"
    );
    let letters = parsed("Tilsagn om tilskud");
    assert_eq!(letters.len(), 1, "exactly one letter: {letters:?}");
    let (subject, to, body) = &letters[0];
    assert!(subject.contains("Horsens"), "{subject}");
    assert_eq!(to, CONTACT_EMAIL);
    assert!(
        body.contains(&money_text(amount)),
        "the amount {} in the letter: {body}",
        money_text(amount)
    );
    let receipts = parsed("Kvittering for ansøgning");
    assert_eq!(receipts.len(), 1, "and one receipt");
}

#[test]
fn a_cached_municipality_page_follows_a_rates_date_at_midnight_in_copenhagen_and_never_pays_on_the_date_alone(
) {
    let app = spawn_app!();
    let finance = app.login(FINANCE);
    let form = Form::complete(expected_kr(&finance, OPEN, OWN_CODE), &OPEN_YEARS);
    submit(&finance, OPEN, OWN_CODE, &form);
    let officer = app.login(OFFICER);
    let (status, c) = officer.send_json(
        Method::POST,
        &format!("{}/approve", api_path(OPEN, OWN_CODE)),
        &approve_body(&form.by_year()),
    );
    assert_eq!(status, 201, "{c}");
    // Rate 2 of the open pool is due from 1 April 2027 (Danish date), and then waits for
    // the interim account. No data changes across midnight: only the date does, and the
    // page read from the cache follows it: rate 2 turns from "not due" to "conditions not
    // met", never "payable" on its date alone.
    app.clock.set_local("2027-03-31 23:59");
    let committee = app.login_html(COMMITTEE);
    let count = |page: &str, what: &str| page.matches(what).count();
    let (_, first) = committee.get_text(&format!("/municipalities/{OWN_CODE}"));
    let (_, before) = committee.get_text(&format!("/municipalities/{OWN_CODE}"));
    assert_eq!(
        count(&first, "Kan udbetales"),
        count(&before, "Kan udbetales")
    );
    assert!(before.contains("Ikke forfalden endnu"), "{before}");
    app.clock.set_local("2027-04-01 00:00");
    let (_, after) = committee.get_text(&format!("/municipalities/{OWN_CODE}"));
    assert_eq!(
        count(&after, "Kan udbetales"),
        count(&before, "Kan udbetales"),
        "the date alone makes nothing payable: {after}"
    );
    assert_eq!(
        count(&after, "data-state=\"conditions-not-met\""),
        count(&before, "data-state=\"conditions-not-met\"") + 1,
        "{after}"
    );
    assert!(
        after.contains("Mellemregnskabet er ikke godkendt"),
        "the page says why: {after}"
    );
}
