//! Finance acts (finanslove): an officer registers each year's act as passed and may
//! correct it; every change is audited; the rate gate reads them (`docs/rates.md`).

use diesel::prelude::*;
use reqwest::Method;
use serde_json::{json, Value};
use tilskud::db::schema::{audit_log, finance_acts};

use crate::helpers::*;
use crate::spawn_app;

fn count(app: &TestApp) -> i64 {
    finance_acts::table
        .count()
        .get_result(&mut app.db())
        .expect("count")
}

/// The audit entries of `action` on finance act `year`: (actor, before, after).
fn audited(app: &TestApp, action: &str, year: i32) -> Vec<(String, Option<Value>, Option<Value>)> {
    let rows: Vec<(String, Option<String>, Option<String>)> = audit_log::table
        .filter(audit_log::action.eq(action))
        .filter(audit_log::entity.eq("finance_act"))
        .filter(audit_log::entity_id.eq(year.to_string()))
        .order(audit_log::id.asc())
        .select((
            audit_log::actor,
            audit_log::before_json,
            audit_log::after_json,
        ))
        .load(&mut app.db())
        .expect("audit");
    let json = |t: Option<String>| t.map(|t| serde_json::from_str(&t).expect("json"));
    rows.into_iter()
        .map(|(actor, b, a)| (actor, json(b), json(a)))
        .collect()
}

#[test]
fn the_demo_officer_registered_the_finance_acts_for_2017_to_2019() {
    let app = spawn_app!();
    let s = app.login_html(OFFICER);
    let (status, page) = s.get_text("/finance-acts");
    assert_eq!(status, 200);
    assert!(page.contains("<h1>Finanslove</h1>"), "{page}");
    assert!(page.contains("href=\"/finance-acts\""), "in the menu");
    for (year, passed, registered) in [
        (2017, "20.12.2016", "21.12.2016 09:00"),
        (2018, "19.12.2017", "20.12.2017 09:00"),
        (2019, "18.12.2018", "19.12.2018 09:00"),
    ] {
        let row = page
            .split(&format!("id=\"finance-act-{year}\""))
            .nth(1)
            .and_then(|r| r.split("</tr>").next())
            .unwrap_or_else(|| panic!("{year} listed"));
        assert!(row.contains(passed), "{year}: {row}");
        assert!(row.contains(&format!("Finansloven for {year}")), "{row}");
        assert!(
            row.contains("Signe Hansen"),
            "registered by the officer: {row}"
        );
        assert!(row.contains(registered), "Copenhagen time: {row}");
        assert!(row.contains(&format!("href=\"/finance-acts/{year}/edit\"")));
    }
    // What the rate gate reads.
    let facts = tilskud::app::finance_acts::facts(&mut app.db()).expect("facts");
    assert_eq!(
        facts.keys().copied().collect::<Vec<_>>(),
        [2017, 2018, 2019]
    );
    assert_eq!(facts[&2018].reference, "Finansloven for 2018");
    assert_eq!(facts[&2018].passed_on.to_string(), "2017-12-19");
    // The demo loads again without adding anything.
    assert!(!tilskud::demo::load(&mut app.db()).expect("demo again"));
    assert_eq!(count(&app), 3);
    // And in English.
    let (_, page) = s.get_text("/finance-acts?lang=en");
    assert!(page.contains("<h1>Finance acts</h1>"));
    assert!(page.contains("Correct the finance act for 2018"));
}

#[test]
fn an_officer_registers_a_finance_act_and_it_is_audited() {
    let app = spawn_app!();
    app.clock.set_local("2019-12-20 10:15");
    let s = app.login_html(OFFICER);
    let res = s.post_form(
        "/finance-acts",
        &[
            ("year", "2020"),
            ("passed_on", "19.12.2019"),
            ("reference", " Finansloven for 2020 "),
        ],
    );
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/finance-acts?registered=2020");
    let (status, page) = s.get_text("/finance-acts?registered=2020");
    assert_eq!(status, 200);
    assert!(page.contains("Finansloven for 2020 er registreret som vedtaget."));
    let row = page
        .split("id=\"finance-act-2020\"")
        .nth(1)
        .and_then(|r| r.split("</tr>").next())
        .expect("2020 listed");
    assert!(row.contains("19.12.2019"));
    assert!(row.contains(">Finansloven for 2020<"), "trimmed: {row}");
    assert!(
        row.contains("20.12.2019 10:15"),
        "registered, Copenhagen time: {row}"
    );
    let audit = audited(&app, "finance_act.register", 2020);
    assert_eq!(audit.len(), 1);
    let (actor, before, after) = &audit[0];
    assert_eq!(actor, "officer");
    assert!(before.is_none());
    assert_eq!(
        after.as_ref().expect("after"),
        &json!({ "year": 2020, "passed_on": "2019-12-19", "reference": "Finansloven for 2020" })
    );
    // The clock says 20 December 2019: an act is not registered as passed tomorrow.
    let res = s.post_form(
        "/finance-acts",
        &[
            ("year", "2021"),
            ("passed_on", "2019-12-21"),
            ("reference", "Finansloven for 2021"),
        ],
    );
    assert_eq!(res.status(), 422);
    let page = res.text().expect("text");
    assert!(page.contains("Datoen kan ikke ligge efter i dag"), "{page}");
    assert_eq!(count(&app), 4);
}

#[test]
fn registering_a_year_twice_is_a_conflict_that_names_the_first_registration() {
    let app = spawn_app!();
    let s = app.login_html(OFFICER);
    let before = audited(&app, "finance_act.register", 2018).len();
    let res = s.post_form(
        "/finance-acts",
        &[
            ("year", "2018"),
            ("passed_on", "21.12.2017"),
            ("reference", "Finansloven for 2018, igen"),
        ],
    );
    assert_eq!(res.status(), 409);
    let page = res.text().expect("text");
    assert!(
        page.contains(
            "Finansloven for 2018 er allerede registreret: vedtaget 19.12.2017, registreret af Signe Hansen 20. december 2017 kl. 09.00."
        ),
        "{page}"
    );
    assert!(
        page.contains("href=\"#year\""),
        "the summary links the year"
    );
    assert!(page.contains("id=\"year-error\""), "said at the year");
    assert!(
        page.contains("value=\"Finansloven for 2018, igen\""),
        "input kept"
    );
    assert!(page.contains("value=\"21.12.2017\""), "input kept");
    assert_eq!(count(&app), 3);
    assert_eq!(audited(&app, "finance_act.register", 2018).len(), before);
    // The same over the API.
    let api = app.login(OFFICER);
    let (status, body) = api.send_json(
        Method::POST,
        "/api/v1/finance-acts",
        &json!({ "year": 2018, "passed_on": "2017-12-21", "reference": "Finansloven for 2018" }),
    );
    assert_eq!(status, 409);
    assert_eq!(body["error"], "conflict");
    let message = body["message"].as_str().expect("message");
    assert!(
        message.starts_with("Finansloven for 2018 er allerede registreret"),
        "{message}"
    );
}

/// A registration that passes, to spoil one field at a time.
const GOOD: [(&str, &str); 3] = [
    ("year", "2020"),
    ("passed_on", "17.12.2019"),
    ("reference", "Finansloven for 2020"),
];

#[test]
fn each_wrong_field_is_named_at_itself_with_everything_typed_kept_and_nothing_written() {
    let app = spawn_app!();
    let s = app.login_html(OFFICER);
    let long = "x".repeat(201);
    let cases: [(&str, &str, &str); 8] = [
        (
            "year",
            "20x0",
            "Skriv året som et helt tal fra 2000 til 2100.",
        ),
        (
            "year",
            "1999",
            "Skriv året som et helt tal fra 2000 til 2100.",
        ),
        ("year", "", "Skriv året som et helt tal fra 2000 til 2100."),
        (
            "passed_on",
            "31.02.2019",
            "Skriv datoen, hvor finansloven blev vedtaget",
        ),
        (
            "passed_on",
            "17.12.19",
            "Skriv datoen, hvor finansloven blev vedtaget",
        ),
        (
            "passed_on",
            "17.12.2017",
            "Finansloven for 2020 vedtages i 2019 eller 2020",
        ),
        (
            "reference",
            "   ",
            "Skriv en henvisning til finansloven (højst 200 tegn).",
        ),
        (
            "reference",
            &long,
            "Skriv en henvisning til finansloven (højst 200 tegn).",
        ),
    ];
    for (field, value, message) in cases {
        let form: Vec<(&str, &str)> = GOOD
            .iter()
            .map(|&(k, v)| (k, if k == field { value } else { v }))
            .collect();
        let res = s.post_form("/finance-acts", &form);
        assert_eq!(res.status(), 422, "{field}={value:?}");
        let page = res.text().expect("text");
        assert!(page.contains(message), "{field}={value:?}: {page}");
        assert!(
            page.contains(&format!("href=\"#{field}\"")),
            "summary links {field}"
        );
        assert!(
            page.contains(&format!("id=\"{field}-error\"")),
            "at {field}"
        );
        assert_eq!(
            page.matches("class=\"form-error-message\"").count(),
            1,
            "{field}={value:?}"
        );
        for (k, v) in &form {
            if !v.trim().is_empty() {
                assert!(
                    page.contains(&format!("value=\"{v}\"")),
                    "{k} kept: {field}={value:?}"
                );
            }
        }
    }
    // All three at once.
    let res = s.post_form(
        "/finance-acts",
        &[("year", "tyve"), ("passed_on", "i går"), ("reference", "")],
    );
    assert_eq!(res.status(), 422);
    let page = res.text().expect("text");
    for field in ["year", "passed_on", "reference"] {
        assert!(page.contains(&format!("id=\"{field}-error\"")), "{field}");
    }
    assert!(page.contains("value=\"tyve\"") && page.contains("value=\"i går\""));
    assert!(page.contains("action=\"/finance-acts#fejl\""));
    assert!(page.contains("id=\"fejl\""));
    assert_eq!(count(&app), 3, "nothing written");
    assert!(audited(&app, "finance_act.register", 2020).is_empty());
}

#[test]
fn an_officer_corrects_a_registered_act_and_the_audit_log_keeps_both() {
    let app = spawn_app!();
    let s = app.login_html(OFFICER);
    let (status, page) = s.get_text("/finance-acts/2018/edit");
    assert_eq!(status, 200);
    assert!(page.contains("Ret finansloven for 2018"));
    assert!(
        page.contains("value=\"19.12.2017\""),
        "the date as Danes write it"
    );
    assert!(page.contains("value=\"Finansloven for 2018\""));
    assert!(page.contains("action=\"/finance-acts/2018#fejl\""));
    // A wrong correction keeps what was typed.
    let res = s.post_form(
        "/finance-acts/2018",
        &[
            ("passed_on", "19.12.2016"),
            ("reference", "Rettet henvisning"),
        ],
    );
    assert_eq!(res.status(), 422);
    let page = res.text().expect("text");
    assert!(
        page.contains("Finansloven for 2018 vedtages i 2017 eller 2018"),
        "{page}"
    );
    assert!(page.contains("value=\"19.12.2016\"") && page.contains("value=\"Rettet henvisning\""));
    let res = s.post_form(
        "/finance-acts/2018",
        &[
            ("passed_on", "2017-12-21"),
            ("reference", "Finansloven for 2018 (rettet)"),
        ],
    );
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/finance-acts?corrected=2018");
    let (_, page) = s.get_text("/finance-acts?corrected=2018");
    assert!(page.contains("Finansloven for 2018 er rettet."));
    let row = page
        .split("id=\"finance-act-2018\"")
        .nth(1)
        .and_then(|r| r.split("</tr>").next())
        .expect("2018 listed");
    assert!(row.contains("21.12.2017") && row.contains("Finansloven for 2018 (rettet)"));
    assert!(
        row.contains("Signe Hansen") && row.contains("20.12.2017 09:00"),
        "registration kept"
    );
    let audit = audited(&app, "finance_act.correct", 2018);
    assert_eq!(audit.len(), 1);
    let (actor, before, after) = &audit[0];
    assert_eq!(actor, "officer");
    assert_eq!(
        before.as_ref().expect("before"),
        &json!({ "passed_on": "2017-12-19", "reference": "Finansloven for 2018" })
    );
    assert_eq!(
        after.as_ref().expect("after"),
        &json!({ "passed_on": "2017-12-21", "reference": "Finansloven for 2018 (rettet)" })
    );
    // The same correction again changes nothing and writes nothing.
    let res = s.post_form(
        "/finance-acts/2018",
        &[
            ("passed_on", "21.12.2017"),
            ("reference", "Finansloven for 2018 (rettet)"),
        ],
    );
    assert_eq!(res.status(), 303);
    assert_eq!(audited(&app, "finance_act.correct", 2018).len(), 1);
    // A year nobody registered has nothing to correct.
    assert_eq!(s.get("/finance-acts/2016/edit").status(), 404);
    let res = s.post_form(
        "/finance-acts/2016",
        &[
            ("passed_on", "17.12.2015"),
            ("reference", "Finansloven for 2016"),
        ],
    );
    assert_eq!(res.status(), 404);
    assert_eq!(count(&app), 3);
}

#[test]
fn the_api_registers_lists_and_corrects_finance_acts() {
    let app = spawn_app!();
    app.clock.set_local("2019-12-20 10:15");
    let s = app.login(OFFICER);
    let (status, list) = s.get_json("/api/v1/finance-acts");
    assert_eq!(status, 200);
    let years: Vec<i64> = list
        .as_array()
        .expect("list")
        .iter()
        .map(|a| a["year"].as_i64().expect("year"))
        .collect();
    assert_eq!(years, [2017, 2018, 2019]);
    assert_eq!(list[1]["passed_on"], "2017-12-19");
    assert_eq!(list[1]["registered_by_name"], "Signe Hansen");
    assert_eq!(list[1]["registered_at"], "2017-12-20T08:00:00Z");
    assert_eq!(list[1]["registered_at_local"], "2017-12-20T09:00:00+01:00");

    let (status, act) = s.send_json(
        Method::POST,
        "/api/v1/finance-acts",
        &json!({ "year": 2020, "passed_on": "19.12.2019", "reference": "Finansloven for 2020" }),
    );
    assert_eq!(status, 201, "{act}");
    assert_eq!(act["year"], 2020);
    assert_eq!(act["passed_on"], "2019-12-19");
    assert_eq!(act["reference"], "Finansloven for 2020");
    assert_eq!(act["registered_by_name"], "Signe Hansen");
    assert_eq!(act["registered_at"], "2019-12-20T09:15:00Z");

    let (status, act) = s.send_json(
        Method::PUT,
        "/api/v1/finance-acts/2020",
        &json!({ "passed_on": "2019-12-18", "reference": "Finansloven for 2020 (rettet)" }),
    );
    assert_eq!(status, 200, "{act}");
    assert_eq!(act["passed_on"], "2019-12-18");
    assert_eq!(act["reference"], "Finansloven for 2020 (rettet)");
    assert_eq!(
        act["registered_at"], "2019-12-20T09:15:00Z",
        "the registration stays"
    );
    assert_eq!(audited(&app, "finance_act.correct", 2020).len(), 1);

    let (_, list) = s.get_json("/api/v1/finance-acts");
    assert_eq!(list.as_array().map(Vec::len), Some(4));
    assert_eq!(list[3]["reference"], "Finansloven for 2020 (rettet)");

    // Every field wrong at once, each named.
    let (status, body) = s.send_json(Method::POST, "/api/v1/finance-acts", &json!({}));
    assert_eq!(status, 422);
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| f["field"].as_str().expect("field"))
        .collect();
    assert_eq!(fields, ["year", "passed_on", "reference"]);
    let (status, body) = s.send_json(
        Method::PUT,
        "/api/v1/finance-acts/2020",
        &json!({ "passed_on": "2019-12-32", "reference": "x" }),
    );
    assert_eq!(status, 422);
    assert_eq!(body["fields"][0]["field"], "passed_on");
    let (status, _) = s.send_json(
        Method::PUT,
        "/api/v1/finance-acts/2016",
        &json!({ "passed_on": "2015-12-17", "reference": "Finansloven for 2016" }),
    );
    assert_eq!(status, 404, "not registered, nothing to correct");
    assert_eq!(count(&app), 4);
    // 200 characters is 200 characters, also where each takes two bytes.
    let long = "æ".repeat(200);
    let (status, act) = s.send_json(
        Method::POST,
        "/api/v1/finance-acts",
        &json!({ "year": 2016, "passed_on": "2015-12-17", "reference": long }),
    );
    assert_eq!(status, 201, "{act}");
    assert_eq!(act["reference"], long.as_str());
    assert_eq!(count(&app), 5);

    // Only officers.
    for who in [FINANCE, COMMITTEE, ADMIN] {
        let other = app.login(who);
        assert_eq!(other.get("/api/v1/finance-acts").status(), 403, "{}", who.0);
        let (status, _) = other.send_json(
            Method::POST,
            "/api/v1/finance-acts",
            &json!({ "year": 2021, "passed_on": "2019-12-18", "reference": "x" }),
        );
        assert_eq!(status, 403, "{}", who.0);
    }
    assert_eq!(count(&app), 5);
}

/// A year far outside 2000–2100 in the path (found by Schemathesis) is a field error;
/// the check of the date's year overflowed and closed the connection.
#[test]
fn correcting_the_act_of_a_year_far_out_of_range_is_refused_not_a_crash() {
    let app = spawn_app!();
    let officer = app.login(OFFICER);
    let (status, body) = officer.send_json(
        Method::PUT,
        "/api/v1/finance-acts/-2147483648",
        &json!({ "passed_on": "1900-01-01", "reference": "Finansloven" }),
    );
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["fields"][0]["field"], "passed_on");
}
