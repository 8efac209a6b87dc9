//! The progression questionnaire over the JSON API and the command line
//! (`docs/questionnaire.md`): the officer's question set, measurements entered and
//! imported by the municipality's own staff, who may do what, the privacy of the CPR
//! number, and the evaluator's delivery with its own pseudonyms and its audit entry.

use diesel::prelude::*;
use reqwest::Method;
use serde_json::{json, Value};
use tilskud::db::schema::{audit_log, questionnaire_measurements};
use tilskud::domain::monitoring::cpr::Cpr;
use tilskud::domain::monitoring::pseudonym::Pseudonymizer;

use crate::cli::{text, tilskud_in};
use crate::helpers::*;
use crate::spawn_app;

const POOL: i64 = 1;
/// Two citizens (valid dates, no modulus-11 check).
const CPR_A: &str = "010190-1234";
const CPR_B: &str = "0202851234";
/// Another evaluator key, for a delivery that must not link to the first.
const OTHER_EVALUATOR_KEY: &str = "another-evaluator-key-0123456789abcdef";

fn set_path() -> String {
    format!("/api/v1/pools/{POOL}/questionnaire/set")
}

fn measurements_path(code: i32) -> String {
    format!("/api/v1/pools/{POOL}/questionnaire/{code}/measurements")
}

fn import_path(code: i32) -> String {
    format!("/api/v1/pools/{POOL}/questionnaire/{code}/import")
}

fn delivery_path(format: &str) -> String {
    format!("/api/v1/pools/{POOL}/questionnaire/delivery?format={format}")
}

/// tilskud's own pseudonym of a CPR number (the monitoring HMAC), as hex.
fn internal_hex(cpr: &str) -> String {
    let key = Pseudonymizer::new(TEST_PSEUDONYM_KEY.as_bytes()).expect("key");
    key.pseudonymize(&Cpr::parse(cpr).expect("a valid CPR number"))
        .to_string()
}

/// The officer saves the illustration set on pool 1.
fn save_illustration(app: &TestApp) {
    let officer = app.login(OFFICER);
    let mut body = serde_json::to_value(tilskud::domain::questionnaire::set::illustration())
        .expect("the set as JSON");
    body["illustration"] = json!(true);
    let (status, saved) = officer.send_json(Method::PUT, &set_path(), &body);
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["version"], 1, "{saved}");
    assert_eq!(saved["changed"], true, "{saved}");
}

/// Every required question of the illustration set answered.
fn answers() -> Value {
    json!({
        "parat": "3", "helbred": "4", "timer": "10", "netvaerk": "ja", "hverdag": "3",
        "forventning": "Ved ikke", "transport": "nej", "motivation": "4", "stoette": "1",
    })
}

fn baseline(cpr: &str, date: &str) -> Value {
    json!({
        "cpr": cpr, "kind": "baseline", "date": date, "exit_reason": null, "answers": answers(),
    })
}

/// The same answers as file lines of one measurement.
fn file_lines(cpr: &str, code: i32, kind: &str, date: &str, reason: &str) -> String {
    let answers = answers();
    let mut out = String::new();
    for (question, answer) in answers.as_object().expect("answers") {
        let answer = answer.as_str().expect("text");
        out.push_str(&format!(
            "{cpr};{code};{kind};{date};{reason};{question};{answer}\n"
        ));
    }
    out
}

const HEADER: &str = "cpr;municipality_code;measurement;date;exit_reason;question;answer\n";

fn measurements(app: &TestApp) -> i64 {
    questionnaire_measurements::table
        .count()
        .get_result(&mut app.db())
        .expect("count")
}

fn post_csv(s: &Session, path: &str, csv: &str) -> (u16, String) {
    let r = s
        .client
        .post(s.url(path))
        .header("X-CSRF-Token", &s.csrf)
        .header("Content-Type", "text/csv")
        .body(csv.to_string())
        .send()
        .expect("POST csv");
    (r.status().as_u16(), r.text().expect("text"))
}

fn post_empty(s: &Session, path: &str) -> reqwest::blocking::Response {
    s.client
        .post(s.url(path))
        .header("X-CSRF-Token", &s.csrf)
        .send()
        .expect("POST")
}

fn fields(body: &Value) -> Vec<String> {
    body["fields"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["field"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn an_officer_saves_the_set_and_a_caseworker_records_a_baseline_by_cpr() {
    let app = spawn_app!();
    let caseworker = app.login(CASEWORKER);
    // No set yet: the set reads as none, and a measurement has nothing to be given under.
    let (status, q) = caseworker.get_json(&set_path());
    assert_eq!(status, 200, "{q}");
    assert!(q["current"].is_null(), "{q}");
    let (status, body) = caseworker.send_json(
        Method::POST,
        &measurements_path(OWN_CODE),
        &baseline(CPR_A, "2018-02-14"),
    );
    assert_eq!(status, 409, "{body}");

    save_illustration(&app);
    let (status, q) = caseworker.get_json(&set_path());
    assert_eq!(status, 200, "{q}");
    assert_eq!(q["current"]["version"], 1, "{q}");
    assert_eq!(q["current"]["illustration"], true, "{q}");
    assert_eq!(q["current"]["questions"].as_array().map(Vec::len), Some(10));
    assert_eq!(q["current"]["questions"][0]["code"], "parat");
    assert_eq!(q["current"]["questions"][0]["kind"]["kind"], "scale");
    assert_eq!(q["versions"].as_array().map(Vec::len), Some(1), "{q}");
    assert_eq!(q["window_months"], 1, "{q}");

    let (status, m) = caseworker.send_json(
        Method::POST,
        &measurements_path(OWN_CODE),
        &baseline(CPR_A, "2018-02-14"),
    );
    assert_eq!(status, 201, "{m}");
    assert_eq!(m["kind"], "baseline", "{m}");
    assert_eq!(m["date"], "2018-02-14", "{m}");
    assert_eq!(m["replaced"], false, "{m}");
    assert_eq!(m["version"], 1, "{m}");
    assert_eq!(m["person"], internal_hex(CPR_A), "{m}");
    assert!(
        !m.to_string().contains("010190"),
        "the CPR number came back: {m}"
    );
    assert_eq!(measurements(&app), 1);

    // Sent again (by pseudonym this time): the stored one is replaced, not doubled.
    let mut again = baseline("", "2018-02-15");
    again["person"] = json!(internal_hex(CPR_A));
    let (status, m) = caseworker.send_json(Method::POST, &measurements_path(OWN_CODE), &again);
    assert_eq!(status, 201, "{m}");
    assert_eq!(m["replaced"], true, "{m}");
    assert_eq!(measurements(&app), 1);

    // The municipality's due list names the person by pseudonym; the officer's counts
    // name nobody.
    let (status, due) = caseworker.get_json(&format!(
        "/api/v1/pools/{POOL}/questionnaire/{OWN_CODE}/due"
    ));
    assert_eq!(status, 200, "{due}");
    assert_eq!(due["baselines"], 1, "{due}");
    assert_eq!(due["overdue"][0]["person"], internal_hex(CPR_A), "{due}");
    let officer = app.login(OFFICER);
    let (status, counts) = officer.get_json(&format!("/api/v1/pools/{POOL}/questionnaire/due"));
    assert_eq!(status, 200, "{counts}");
    let horsens = counts
        .as_array()
        .and_then(|a| a.iter().find(|c| c["municipality_code"] == OWN_CODE))
        .unwrap_or_else(|| panic!("615 in {counts}"));
    assert_eq!(horsens["baselines"], 1, "{counts}");
    assert!(!counts.to_string().contains(&internal_hex(CPR_A)));
}

#[test]
fn only_the_municipalitys_own_finance_staff_and_caseworkers_enter_measurements() {
    let app = spawn_app!();
    save_illustration(&app);
    let caseworker = app.login(CASEWORKER);
    let (status, body) = caseworker.send_json(
        Method::POST,
        &measurements_path(OTHER_CODE),
        &baseline(CPR_A, "2018-02-14"),
    );
    assert_eq!(status, 403, "{body}");
    let committee = app.login(COMMITTEE);
    let (status, body) = committee.send_json(
        Method::POST,
        &measurements_path(OWN_CODE),
        &baseline(CPR_A, "2018-02-14"),
    );
    assert_eq!(status, 403, "{body}");
    assert_eq!(measurements(&app), 0);

    // The caseworker has the questionnaire and nothing else of the API.
    let (status, _) = caseworker.get_json("/api/v1/pools");
    assert_eq!(status, 403);
    let (status, _) = caseworker.get_json(&format!("/api/v1/pools/{POOL}/questionnaire/results"));
    assert_eq!(status, 403);
    let (status, body) = caseworker.get_json(&format!(
        "/api/v1/pools/{POOL}/questionnaire/{OWN_CODE}/results"
    ));
    assert_eq!(status, 200, "{body}");
    // The committee member sees the municipality's results, not its due list.
    let (status, _) = committee.get_json(&format!(
        "/api/v1/pools/{POOL}/questionnaire/{OWN_CODE}/results"
    ));
    assert_eq!(status, 200);
    let (status, _) = committee.get_json(&format!(
        "/api/v1/pools/{POOL}/questionnaire/{OWN_CODE}/due"
    ));
    assert_eq!(status, 403);

    let finance = app.login(FINANCE);
    let (status, m) = finance.send_json(
        Method::POST,
        &measurements_path(OWN_CODE),
        &baseline(CPR_B, "2018-03-01"),
    );
    assert_eq!(status, 201, "{m}");
}

#[test]
fn the_officer_sets_the_window_and_a_bad_set_is_refused_by_question() {
    let app = spawn_app!();
    let officer = app.login(OFFICER);
    let window = format!("/api/v1/pools/{POOL}/questionnaire/window");
    let (status, w) = officer.send_json(Method::PUT, &window, &json!({ "window_months": 2 }));
    assert_eq!(status, 200, "{w}");
    assert_eq!(w["window_months"], 2);
    let (status, w) = officer.send_json(Method::PUT, &window, &json!({ "window_months": 9 }));
    assert_eq!(status, 422, "{w}");
    assert_eq!(fields(&w), vec!["window_months"], "{w}");

    let mut set =
        serde_json::to_value(tilskud::domain::questionnaire::set::illustration()).expect("json");
    set["questions"][1]["code"] = json!("parat");
    let (status, body) = officer.send_json(Method::PUT, &set_path(), &set);
    assert_eq!(status, 422, "{body}");
    assert!(fields(&body).contains(&"line 2".to_string()), "{body}");
    let (_, q) = officer.get_json(&set_path());
    assert!(q["current"].is_null(), "nothing was saved: {q}");
    assert_eq!(q["window_months"], 2, "{q}");

    let caseworker = app.login(CASEWORKER);
    let (status, _) = caseworker.send_json(Method::PUT, &window, &json!({ "window_months": 1 }));
    assert_eq!(status, 403);
}

#[test]
fn an_import_with_one_bad_line_names_it_and_writes_nothing() {
    let app = spawn_app!();
    save_illustration(&app);
    let caseworker = app.login(CASEWORKER);
    let good = format!(
        "{HEADER}{}{}",
        file_lines(CPR_A, OWN_CODE, "baseline", "2018-02-14", ""),
        file_lines(CPR_B, OWN_CODE, "baseline", "14.03.2018", "")
    );
    // Line 3 (after the header and one good line): a scale answer out of range.
    let mut lines: Vec<String> = good.lines().map(str::to_string).collect();
    lines[2] = format!("{CPR_A};{OWN_CODE};baseline;2018-02-14;;helbred;9");
    let bad = lines.join("\n") + "\n";
    let before = measurements(&app);
    let (status, body) = post_csv(&caseworker, &import_path(OWN_CODE), &bad);
    assert_eq!(status, 422, "{body}");
    let v: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(v["error"], "invalid", "{v}");
    assert!(fields(&v).contains(&"line 3".to_string()), "{v}");
    assert!(!body.contains("010190"), "the CPR number came back: {body}");
    assert_eq!(measurements(&app), before, "nothing was written");

    let (status, body) = post_csv(&caseworker, &import_path(OWN_CODE), &good);
    assert_eq!(status, 200, "{body}");
    let v: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(v["lines"], 18, "{v}");
    assert_eq!(v["measurements"], 2, "{v}");
    assert_eq!(v["answers"], 18, "{v}");
    assert_eq!(v["replaced"], 0, "{v}");
    assert_eq!(v["municipalities"], 1, "{v}");
    assert_eq!(v["version"], 1, "{v}");
    assert_eq!(measurements(&app), before + 2);
    // Again: the same result, each measurement replacing itself.
    let (status, body) = post_csv(&caseworker, &import_path(OWN_CODE), &good);
    assert_eq!(status, 200, "{body}");
    let v: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(v["replaced"], 2, "{v}");
    assert_eq!(measurements(&app), before + 2);

    // A file over the limit is refused (as its announced length says) and not read.
    let huge = "x".repeat(tilskud::api::questionnaire::IMPORT_LIMIT + 1);
    let (status, body) = post_csv(&caseworker, &import_path(OWN_CODE), &huge);
    assert_eq!(status, 413, "{body}");
    assert_eq!(measurements(&app), before + 2);

    // Another municipality's lines are refused on the municipality's own upload.
    let other = format!(
        "{HEADER}{}",
        file_lines(CPR_A, OTHER_CODE, "baseline", "2018-02-14", "")
    );
    let (status, body) = post_csv(&caseworker, &import_path(OWN_CODE), &other);
    assert_eq!(status, 422, "{body}");
}

#[test]
fn a_bad_cpr_number_is_never_written_back() {
    let app = spawn_app!();
    save_illustration(&app);
    let caseworker = app.login(CASEWORKER);
    // Day 32: not a date.
    let bad = "3201907777";
    let (status, body) = caseworker.send_json(
        Method::POST,
        &measurements_path(OWN_CODE),
        &baseline(bad, "2018-02-14"),
    );
    assert_eq!(status, 422, "{body}");
    assert!(fields(&body).contains(&"cpr".to_string()), "{body}");
    let text = body.to_string();
    assert!(
        !text.contains(bad) && !text.contains("320190") && !text.contains("7777"),
        "{text}"
    );
    // Nor from the file.
    let file = format!(
        "{HEADER}{}",
        file_lines("320190-7777", OWN_CODE, "baseline", "2018-02-14", "")
    );
    let (status, body) = post_csv(&caseworker, &import_path(OWN_CODE), &file);
    assert_eq!(status, 422, "{body}");
    assert!(!body.contains("320190") && !body.contains("7777"), "{body}");
    assert_eq!(measurements(&app), 0);
}

/// The `person` column of a delivery CSV.
fn delivered_persons(csv: &str) -> Vec<String> {
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("person,municipality_code,measurement,measured_on,exit_reason,set_version,question,answer,answer_text")
    );
    lines
        .map(|l| l.split(',').next().unwrap_or_default().to_string())
        .collect()
}

fn deliver_csv(s: &Session) -> String {
    let r = post_empty(s, &delivery_path("csv"));
    assert_eq!(r.status(), 200);
    let header = |name: &str| {
        r.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        header("content-type").starts_with("text/csv"),
        "{}",
        header("content-type")
    );
    let disposition = header("content-disposition");
    assert!(
        disposition.starts_with("attachment;") && disposition.contains(".csv"),
        "{disposition}"
    );
    r.text().expect("text")
}

#[test]
fn the_delivery_carries_the_evaluators_pseudonyms_under_its_key() {
    let app = spawn_app!();
    save_illustration(&app);
    let caseworker = app.login(CASEWORKER);
    for (cpr, date) in [(CPR_A, "2018-02-14"), (CPR_B, "2018-03-01")] {
        let (status, m) = caseworker.send_json(
            Method::POST,
            &measurements_path(OWN_CODE),
            &baseline(cpr, date),
        );
        assert_eq!(status, 201, "{m}");
    }
    // Only the officer delivers.
    let r = post_empty(&caseworker, &delivery_path("csv"));
    assert_eq!(r.status(), 403);
    let officer = app.login(OFFICER);
    let first = deliver_csv(&officer);
    let second = deliver_csv(&officer);
    let persons = delivered_persons(&first);
    assert_eq!(
        persons.len(),
        20,
        "a row per question of each measurement:\n{first}"
    );
    assert_eq!(
        persons,
        delivered_persons(&second),
        "the same key, the same pseudonyms"
    );
    let distinct: std::collections::BTreeSet<&String> = persons.iter().collect();
    assert_eq!(distinct.len(), 2, "{first}");
    let internal = [internal_hex(CPR_A), internal_hex(CPR_B)];
    for p in &distinct {
        assert_eq!(p.len(), 64, "{p}");
        assert!(
            !internal.contains(p),
            "tilskud's own pseudonym was delivered"
        );
    }
    for i in &internal {
        assert!(
            !first.contains(i.as_str()),
            "tilskud's own pseudonym in the file"
        );
    }

    // Another evaluator key: other pseudonyms, none of them tilskud's.
    let beside = app.spawn_beside(|c| {
        c.evaluator_key = Some(tilskud::config::Secret(OTHER_EVALUATOR_KEY.into()));
    });
    let officer_b = beside.login(OFFICER);
    let other = deliver_csv(&officer_b);
    let other_persons = delivered_persons(&other);
    assert_eq!(other_persons.len(), persons.len());
    for p in &other_persons {
        assert!(
            !distinct.contains(p),
            "a new key must give unlinkable pseudonyms"
        );
        assert!(!internal.contains(p));
    }

    // The XLSX is the same delivery as a sheet.
    let r = post_empty(&officer, &delivery_path("xlsx"));
    assert_eq!(r.status(), 200);
    let content_type = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert_eq!(
        content_type,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let bytes = r.bytes().expect("bytes");
    assert!(bytes.starts_with(b"PK"), "an XLSX is a zip file");
    let r = post_empty(&officer, &delivery_path("pdf"));
    assert_eq!(r.status(), 400);
}

#[test]
fn each_delivery_is_audited_with_the_keys_fingerprint_and_never_the_key() {
    let app = spawn_app!();
    save_illustration(&app);
    let caseworker = app.login(CASEWORKER);
    let (status, m) = caseworker.send_json(
        Method::POST,
        &measurements_path(OWN_CODE),
        &baseline(CPR_A, "2018-02-14"),
    );
    assert_eq!(status, 201, "{m}");
    let officer = app.login(OFFICER);
    deliver_csv(&officer);
    let entries: Vec<(String, String, Option<String>)> = audit_log::table
        .filter(audit_log::action.eq("questionnaire.delivery"))
        .select((
            audit_log::actor,
            audit_log::entity_id,
            audit_log::after_json,
        ))
        .load(&mut app.db())
        .expect("audit");
    assert_eq!(entries.len(), 1, "{entries:?}");
    let (actor, entity_id, after) = &entries[0];
    assert_eq!(actor, "officer");
    assert_eq!(entity_id, &POOL.to_string());
    let after = after.clone().expect("what was delivered");
    let fingerprint =
        tilskud::domain::questionnaire::evaluator::EvaluatorKey::new(TEST_EVALUATOR_KEY.as_bytes())
            .expect("key")
            .fingerprint();
    assert_eq!(fingerprint.len(), 16);
    let logged: Value = serde_json::from_str(&after).expect("json");
    assert_eq!(logged["key_fingerprint"], fingerprint.as_str(), "{logged}");
    assert_eq!(logged["rows"], 10, "{logged}");
    assert_eq!(logged["measurements"], 1, "{logged}");
    assert_eq!(logged["format"], "csv", "{logged}");
    // Neither key anywhere in the log.
    let all: Vec<Option<String>> = audit_log::table
        .select(audit_log::after_json)
        .load(&mut app.db())
        .expect("audit");
    let all = format!("{all:?}");
    assert!(
        !all.contains(TEST_EVALUATOR_KEY),
        "the evaluator key was logged"
    );
    assert!(!all.contains(TEST_PSEUDONYM_KEY));
    assert!(!all.contains(&internal_hex(CPR_A)), "a person was logged");

    // Without an evaluator key there is no delivery, and nothing is logged.
    let keyless = app.spawn_beside(|c| c.evaluator_key = None);
    let r = post_empty(&keyless.login(OFFICER), &delivery_path("csv"));
    assert_eq!(r.status(), 409);
    let n: i64 = audit_log::table
        .filter(audit_log::action.eq("questionnaire.delivery"))
        .count()
        .get_result(&mut app.db())
        .expect("count");
    assert_eq!(n, 1);
}

#[test]
fn the_import_command_needs_a_pool_of_several_and_writes_nothing_on_a_bad_line() {
    let app = spawn_app!();
    save_illustration(&app);
    let dir = tempfile::tempdir().expect("dir");
    let good = format!(
        "{HEADER}{}{}",
        file_lines(CPR_A, OWN_CODE, "baseline", "2018-02-14", ""),
        file_lines(CPR_B, OTHER_CODE, "baseline", "2018-03-01", "")
    );
    let good_file = dir.path().join("good.csv");
    std::fs::write(&good_file, &good).expect("write");
    let mut lines: Vec<&str> = good.lines().collect();
    let broken = format!("{CPR_B};{OTHER_CODE};baseline;2018-03-01;;hverdag;9");
    lines[12] = &broken;
    let bad_file = dir.path().join("bad.csv");
    std::fs::write(&bad_file, lines.join("\n")).expect("write");
    let env = [("TILSKUD_PSEUDONYM_KEY", TEST_PSEUDONYM_KEY)];
    let good_path = good_file.to_str().expect("utf-8");
    let bad_path = bad_file.to_str().expect("utf-8");

    // The demo has two pools: the command asks which.
    let out = tilskud_in(
        dir.path(),
        &["import", "questionnaire", good_path],
        Some(&app.database_url),
        &env,
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stdout));
    assert!(
        text(&out.stderr).contains("--pool"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(measurements(&app), 0);

    let out = tilskud_in(
        dir.path(),
        &["import", "questionnaire", "--pool", "1", bad_path],
        Some(&app.database_url),
        &env,
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("line 13"), "{stderr}");
    assert!(stderr.contains("nothing was imported"), "{stderr}");
    assert!(!stderr.contains("020285"), "{stderr}");
    assert_eq!(measurements(&app), 0);

    // Every municipality is accepted from the command line.
    let out = tilskud_in(
        dir.path(),
        &["import", "questionnaire", "--pool", "1", good_path],
        Some(&app.database_url),
        &env,
    );
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(stdout.contains("imported 18 lines"), "{stdout}");
    assert!(stdout.contains("2 measurements"), "{stdout}");
    assert!(stdout.contains("2 municipalities"), "{stdout}");
    assert_eq!(measurements(&app), 2);
    let actors: Vec<String> = audit_log::table
        .filter(audit_log::action.eq("questionnaire.import"))
        .select(audit_log::actor)
        .load(&mut app.db())
        .expect("audit");
    assert_eq!(actors.len(), 1, "{actors:?}");
}

#[test]
fn the_results_pair_each_persons_baseline_with_the_follow_up() {
    let app = spawn_app!();
    save_illustration(&app);
    let caseworker = app.login(CASEWORKER);
    let mut follow_up = baseline(CPR_A, "2019-02-20");
    follow_up["kind"] = json!("follow-up");
    follow_up["answers"]["parat"] = json!("5");
    for body in [
        baseline(CPR_A, "2018-02-14"),
        follow_up,
        baseline(CPR_B, "2018-03-01"),
    ] {
        let (status, m) = caseworker.send_json(Method::POST, &measurements_path(OWN_CODE), &body);
        assert_eq!(status, 201, "{m}");
    }
    // A follow-up before its window opens is refused at its date.
    let mut early = baseline(CPR_B, "2018-06-01");
    early["kind"] = json!("follow-up");
    let (status, body) = caseworker.send_json(Method::POST, &measurements_path(OWN_CODE), &early);
    assert_eq!(status, 422, "{body}");
    assert_eq!(fields(&body), vec!["date"], "{body}");

    let own = format!("/api/v1/pools/{POOL}/questionnaire/{OWN_CODE}/results");
    let (status, r) = caseworker.get_json(&own);
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["municipality_code"], OWN_CODE, "{r}");
    assert_eq!(r["set_version"], 1, "{r}");
    assert_eq!(r["baselines"], 2, "{r}");
    assert_eq!(r["follow_ups"], 1, "{r}");
    assert_eq!(r["pairs"], 1, "{r}");
    let parat = &r["questions"][0];
    assert_eq!(parat["code"], "parat", "{r}");
    assert_eq!(parat["kind"], "scale", "{r}");
    assert_eq!(parat["answered_baseline"], 2, "{parat}");
    assert_eq!(parat["mean_baseline"], "3", "{parat}");
    assert_eq!(parat["mean_second"], "5", "{parat}");
    assert_eq!(parat["improved"], 1, "{parat}");
    assert_eq!(parat["mean_change"], "2", "{parat}");
    assert_eq!(parat["distribution"][2]["value"], 3, "{parat}");
    assert_eq!(parat["distribution"][2]["baseline"], 2, "{parat}");
    let choice = &r["questions"][5];
    assert_eq!(choice["code"], "forventning", "{r}");
    assert_eq!(choice["same"], 1, "{choice}");
    assert!(choice["mean_change"].is_null(), "{choice}");
    assert_eq!(
        choice["distribution"][3]["text"]["en"], "Don't know",
        "{choice}"
    );
    assert!(
        !r.to_string().contains(&internal_hex(CPR_A)),
        "no persons in results"
    );

    // The nation (the officer), and another municipality's own results.
    let officer = app.login(OFFICER);
    let (status, n) = officer.get_json(&format!("/api/v1/pools/{POOL}/questionnaire/results"));
    assert_eq!(status, 200, "{n}");
    assert!(n["municipality_code"].is_null(), "{n}");
    assert_eq!(n["baselines"], 2, "{n}");
    assert_eq!(n["municipalities"], 1, "{n}");
    let (status, other) = officer.get_json(&format!(
        "/api/v1/pools/{POOL}/questionnaire/{OTHER_CODE}/results"
    ));
    assert_eq!(status, 200, "{other}");
    assert_eq!(other["baselines"], 0, "{other}");
    let (status, _) = officer.get_json(&format!("/api/v1/pools/{POOL}/questionnaire/999/results"));
    assert_eq!(status, 404);
}
