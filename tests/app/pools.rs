//! Pools: create and edit with validation, target-group import, applicants.

use crate::helpers::*;
use crate::spawn_app;

#[test]
fn officer_creates_a_pool_and_sees_it_listed() {
    let app = spawn_app!();
    let s = app.login_html(OFFICER);
    let res = s.post_form(
        "/pools",
        &[
            ("name", "Flere skal med 2"),
            ("finance_account", "FL § 17.46.64.20"),
            ("amount", "55.000.000"),
            ("period_start", "2019-12-01"),
            ("period_end", "2021-12-31"),
            ("deadline", "2019-10-01T12:00"),
            ("auditor_threshold", "500000"),
            ("rate_1_share", "30"),
            ("rate_2_share", "40"),
            ("rate_2_earliest", "2020-01-01"),
            ("rate_3_share", "30"),
            ("rate_3_earliest", "2021-01-01"),
        ],
    );
    assert_eq!(res.status(), 303);
    let (status, page) = s.get_text("/pools");
    assert_eq!(status, 200);
    assert!(page.contains("Flere skal med 2"));
    assert!(page.contains("55.000.000 kr."));
}

#[test]
fn a_negative_amount_is_refused_with_the_field_named_and_input_kept() {
    let app = spawn_app!();
    let s = app.login_html(OFFICER);
    let res = s.post_form(
        "/pools",
        &[
            ("name", "Ny pulje"),
            ("finance_account", "FL § 1"),
            ("amount", "-5.000"),
            ("period_start", "2019-12-01"),
            ("period_end", "2021-12-31"),
            ("deadline", "2019-10-01T12:00"),
            ("auditor_threshold", "500000"),
            ("rate_1_share", "100"),
        ],
    );
    assert_eq!(res.status(), 422);
    let page = res.text().expect("text");
    assert!(page.contains("Beløbet må ikke være negativt"), "{page}");
    assert!(page.contains("value=\"Ny pulje\""), "other input kept");
    // The title says the form was refused, and the browser lands on the summary: the
    // form posts to `#fejl`, the summary's id.
    assert!(page.contains("<title>Fejl: "), "{page}");
    assert!(page.contains("<div id=\"fejl\">"), "{page}");
    assert!(page.contains("action=\"/pools#fejl\""), "{page}");
    let (_, fine) = s.get_text("/pools/1");
    assert!(
        !fine.contains("<title>Fejl"),
        "a page without errors keeps its title"
    );
    let (_, pools) = s.get_json("/api/v1/pools");
    assert_eq!(
        pools.as_array().map(Vec::len),
        Some(DEMO_POOLS),
        "nothing written"
    );
}

/// A pool form that passes, to spoil one field at a time.
fn good_pool() -> Vec<(&'static str, &'static str)> {
    vec![
        ("name", "Flere skal med 2"),
        ("finance_account", "FL § 17.46.64.20"),
        ("amount", "55.000.000"),
        ("period_start", "2019-12-01"),
        ("period_end", "2021-12-31"),
        ("deadline", "2019-10-01T12:00"),
        ("auditor_threshold", "500.000"),
        ("target_group_note", ""),
        ("rate_1_share", "30"),
        ("rate_1_earliest", ""),
        ("rate_2_share", "40"),
        ("rate_2_earliest", "2020-01-01"),
        ("rate_3_share", "30"),
        ("rate_3_earliest", "2021-01-01"),
    ]
}

fn spoil(
    form: &[(&'static str, &'static str)],
    changes: &[(&'static str, &'static str)],
) -> Vec<(&'static str, &'static str)> {
    form.iter()
        .map(|(k, v)| {
            let changed = changes.iter().find(|(ck, _)| ck == k).map(|(_, cv)| *cv);
            (*k, changed.unwrap_or(v))
        })
        .collect()
}

fn audit_count(app: &TestApp) -> i64 {
    use diesel::prelude::*;
    use tilskud::db::schema::audit_log;
    audit_log::table
        .count()
        .get_result(&mut app.db())
        .expect("count")
}

#[test]
fn an_officer_edits_a_pool() {
    let app = spawn_app!();
    let s = app.login_html(OFFICER);
    let (status, page) = s.get_text("/pools/1/edit");
    assert_eq!(status, 200);
    assert!(page.contains("value=\"Flere skal med\""), "pre-filled");
    assert!(page.contains("value=\"257000000\""), "pre-filled amount");
    assert!(
        page.contains("value=\"2017-06-02T12:00\""),
        "deadline in Danish time"
    );
    let res = s.post_form(
        "/pools/1",
        &[
            ("name", "Flere skal med (rettet)"),
            ("finance_account", "FL § 17.46.64.10"),
            ("amount", "257.000.000"),
            ("period_start", "2017-06-01"),
            ("period_end", "2019-12-31"),
            ("deadline", "2017-06-02T12:00"),
            ("auditor_threshold", "500.000"),
            ("target_group_note", "Rettet note"),
            ("rate_1_share", "30"),
            ("rate_2_share", "40"),
            ("rate_2_earliest", "2018-01-01"),
            ("rate_3_share", "30"),
            ("rate_3_earliest", "2019-01-01"),
        ],
    );
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/pools/1");
    let (_, pool) = s.get_json("/api/v1/pools/1");
    assert_eq!(pool["name"], "Flere skal med (rettet)");
    assert_eq!(pool["period_end"], "2019-12-31");
    assert_eq!(pool["target_group_note"], "Rettet note");
    assert_eq!(pool["amount_ore"], 25_700_000_000i64);
    // Copenhagen summer time: 12:00 local is 10:00 UTC.
    assert_eq!(pool["application_deadline"], "2017-06-02T10:00:00Z");
    assert_eq!(pool["rates"].as_array().map(Vec::len), Some(3));
    let (status, page) = s.get_text("/pools/1");
    assert_eq!(status, 200);
    assert!(page.contains("Flere skal med (rettet)"));
}

#[test]
fn every_mistake_a_tired_user_types_is_named_on_its_field_and_nothing_is_written() {
    let app = spawn_app!();
    let s = app.login_html(OFFICER);
    let base = good_pool();
    // What goes wrong, the fields typed, the field named, and (part of) what it says.
    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str, &'a str);
    let cases: &[Case] = &[
        (
            "empty name",
            &[("name", "  ")],
            "name",
            "Skriv puljens navn",
        ),
        (
            "letters for an amount",
            &[("amount", "abc")],
            "amount",
            "Beløbet må kun indeholde cifre",
        ),
        (
            "an amount that reads two ways",
            &[("amount", "1.5")],
            "amount",
            "Beløbet kan læses på flere måder",
        ),
        (
            "øre in the pool amount",
            &[("amount", "100,50")],
            "amount",
            "skal være hele kroner",
        ),
        (
            "end before start",
            &[("period_start", "2021-12-31"), ("period_end", "2019-12-01")],
            "period_end",
            "Slutdatoen skal ligge efter startdatoen",
        ),
        (
            "a deadline in the hour skipped by summer time",
            &[("deadline", "2017-03-26T02:30")],
            "deadline",
            "Det klokkeslæt findes ikke i dansk tid",
        ),
        (
            "rate shares adding up to 90 %",
            &[("rate_3_share", "20")],
            "rate_1_share",
            "skal tilsammen give præcis 100 %",
        ),
        (
            "a rate share of 0",
            &[("rate_2_share", "0")],
            "rate_2_share",
            "Skriv andelen i procent",
        ),
    ];
    let audit_before = audit_count(&app);
    for (what, changes, field, message) in cases {
        let form = spoil(&base, changes);
        let res = s.post_form("/pools", &form);
        assert_eq!(res.status(), 422, "{what}");
        let page = res.text().expect("text");
        assert!(
            page.contains(&format!("href=\"#{field}\"")),
            "{what}: the summary links to {field}"
        );
        assert!(
            page.contains(&format!("id=\"{field}-error\"")),
            "{what}: the message sits on {field}"
        );
        assert!(page.contains(message), "{what}: {message:?} shown");
        // What was typed is kept, so only the mistake needs retyping.
        for (k, v) in changes.iter().filter(|(k, _)| k.starts_with("amount")) {
            assert!(page.contains(&format!("value=\"{v}\"")), "{what}: {k} kept");
        }
        assert!(page.contains("value=\"FL § 17.46.64.20\""), "{what}");
        // And the same mistake on the edit form.
        let res = s.post_form("/pools/1", &form);
        assert_eq!(res.status(), 422, "{what} (edit)");
        assert!(res.text().expect("text").contains(message), "{what} (edit)");
    }
    let (_, pools) = s.get_json("/api/v1/pools");
    assert_eq!(
        pools.as_array().map(Vec::len),
        Some(DEMO_POOLS),
        "nothing created"
    );
    assert_eq!(pools[0]["name"], "Flere skal med", "nothing edited");
    assert_eq!(audit_count(&app), audit_before, "no audit entry either");
}

#[test]
fn the_api_names_the_same_fields() {
    let app = spawn_app!();
    let s = app.login(OFFICER);
    let (status, body) = s.send_json(
        reqwest::Method::POST,
        "/api/v1/pools",
        &serde_json::json!({
            "name": "",
            "finance_account": "FL § 1",
            "amount": "1.5",
            "period_start": "2020-01-01",
            "period_end": "2019-01-01",
            "deadline": "2017-03-26T02:30",
            "auditor_threshold": "500000",
            "rates": [{ "share_percent": "50" }, { "share_percent": "40" }],
        }),
    );
    assert_eq!(status, 422, "{body}");
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    for f in ["name", "amount", "period_end", "deadline", "rate_1_share"] {
        assert!(fields.contains(&f), "{f} in {fields:?}");
    }
    let (_, pools) = s.get_json("/api/v1/pools");
    assert_eq!(pools.as_array().map(Vec::len), Some(DEMO_POOLS));
}

/// The pool, 92.233.720.368.547.758 kr., fits in øre and was taken; no pool is
/// above 1.000.000.000.000 kr.
#[test]
fn a_pool_above_a_thousand_billion_kroner_is_refused_on_its_amount() {
    let app = spawn_app!();
    let s = app.login(OFFICER);
    let pool = |amount: &str| {
        serde_json::json!({
            "name": "Flere skal med 2",
            "finance_account": "FL § 17.46.64.20",
            "amount": amount,
            "period_start": "2019-12-01",
            "period_end": "2021-12-31",
            "deadline": "2019-10-01T12:00",
            "auditor_threshold": "500.000",
            "rates": [{ "share_percent": "100", "earliest": "" }],
        })
    };
    let (status, body) = s.send_json(
        reqwest::Method::POST,
        "/api/v1/pools",
        &pool("92233720368547758"),
    );
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"], "invalid");
    let fields = body["fields"].as_array().expect("fields");
    assert_eq!(fields.len(), 1, "{body}");
    assert_eq!(fields[0]["field"], "amount");
    let message = fields[0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("1.000.000.000.000 kr."), "{message}");
    let (_, pools) = s.get_json("/api/v1/pools");
    assert_eq!(pools.as_array().map(Vec::len), Some(DEMO_POOLS));

    let (status, created) = s.send_json(
        reqwest::Method::POST,
        "/api/v1/pools",
        &pool("1.000.000.000.000"),
    );
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["amount_ore"], 100_000_000_000_000_i64);
}

fn counts(s: &Session) -> serde_json::Value {
    let (status, v) = s.get_json("/api/v1/pools/1/target-groups");
    assert_eq!(status, 200);
    v
}

fn count_of(v: &serde_json::Value, code: i64) -> Option<i64> {
    v.as_array()
        .expect("rows")
        .iter()
        .find(|r| r["municipality_code"].as_i64() == Some(code))
        .and_then(|r| r["target_group"].as_i64())
}

fn upload(s: &Session, csv: &str) -> reqwest::blocking::Response {
    let part = reqwest::blocking::multipart::Part::bytes(csv.as_bytes().to_vec())
        .file_name("maalgruppe.csv")
        .mime_str("text/csv")
        .expect("mime");
    let form = reqwest::blocking::multipart::Form::new().part("file", part);
    s.client
        .post(s.url(&format!(
            "/pools/1/target-groups/import?csrf_token={}",
            s.csrf
        )))
        .multipart(form)
        .send()
        .expect("upload")
}

#[test]
fn an_uploaded_csv_replaces_the_target_group_counts() {
    let app = spawn_app!();
    let s = app.login_html(OFFICER);
    assert_eq!(count_of(&counts(&s), 615), Some(320));
    let res = upload(
        &s,
        "municipality_code,target_group\r\n101,3200\r\n615,333\r\n751,1.500\r\n",
    );
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/pools/1/target-groups");
    let after = counts(&s);
    assert_eq!(count_of(&after, 101), Some(3200));
    assert_eq!(count_of(&after, 615), Some(333));
    assert_eq!(count_of(&after, 751), Some(1500));
    let counted = after
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| !r["target_group"].is_null())
        .count();
    assert_eq!(
        counted, 3,
        "the file replaces the counts, it does not add to them"
    );
    let (status, page) = s.get_text("/pools/1/target-groups");
    assert_eq!(status, 200);
    assert!(page.contains("3.200"));
}

const BAD_CSV: &str = "municipality_code,target_group\n\
101,3100\n\
999,5\n\
615,320\n\
101,7\n\
751,-4\n\
461,mange\n";

#[test]
fn a_malformed_csv_lists_every_bad_line_and_changes_nothing() {
    let app = spawn_app!();
    let s = app.login_html(OFFICER);
    let before = counts(&s);
    let audit_before = audit_count(&app);
    let res = upload(&s, BAD_CSV);
    assert_eq!(res.status(), 422);
    let page = res.text().expect("text");
    let start = page.find("id=\"import-errors\"").expect("the error list");
    let list = &page[start..start + page[start..].find("</ul>").expect("end")];
    for (line, what) in [
        (3, "ukendt kommunekode"),
        (5, "står også i linje 2"),
        (6, "kan ikke være negativ"),
        (7, "skal være et helt tal"),
    ] {
        assert!(
            list.contains(&format!("Linje {line}: ")),
            "line {line} named: {list}"
        );
        assert!(list.contains(what), "{what}: {list}");
    }
    assert!(list.contains("999") && list.contains("-4") && list.contains("mange"));
    for good in [1, 2, 4] {
        assert!(
            !list.contains(&format!("Linje {good}:")),
            "line {good} is fine"
        );
    }
    assert_eq!(counts(&s), before, "the counts are exactly as before");
    assert_eq!(audit_count(&app), audit_before, "and nothing was recorded");
}

#[test]
fn a_malformed_csv_through_the_api_names_each_line() {
    let app = spawn_app!();
    let s = app.login(OFFICER);
    let before = counts(&s);
    let (status, body) = s.put_csv("/api/v1/pools/1/target-groups", BAD_CSV);
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"], "invalid");
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert_eq!(fields, ["line 3", "line 5", "line 6", "line 7"]);
    assert!(body["fields"][0]["message"]
        .as_str()
        .unwrap_or("")
        .contains("999"));
    assert_eq!(counts(&s), before);
    // A good file through the API.
    let (status, body) = s.put_csv(
        "/api/v1/pools/1/target-groups",
        "municipality_code;target_group\n615;321\n390;210\n",
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["imported"], 2);
    assert_eq!(body["total"], 531);
    assert_eq!(count_of(&counts(&s), 615), Some(321));
}

#[test]
fn a_municipality_without_a_count_cannot_be_marked_as_applicant() {
    let app = spawn_app!();
    let s = app.login(OFFICER);
    let before = counts(&s);
    let mut codes: Vec<i64> = before
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["applied"] == true)
        .map(|r| r["municipality_code"].as_i64().expect("code"))
        .collect();
    // Læsø (825) did not apply in the demo and has no count.
    assert_eq!(count_of(&before, 825), None);
    codes.push(825);
    let (status, body) = s.send_json(
        reqwest::Method::PUT,
        "/api/v1/pools/1/applicants",
        &serde_json::json!({ "municipality_codes": codes }),
    );
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["fields"][0]["field"], "applied");
    assert!(
        body["fields"][0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("825"),
        "{body}"
    );
    assert_eq!(counts(&s), before, "no applicant changed");
    // The page's checkboxes say the same.
    let h = app.login_html(OFFICER);
    let res = h.post_form(
        "/pools/1/target-groups/applied",
        &[("applied", "615"), ("applied", "825")],
    );
    assert_eq!(res.status(), 422);
    assert!(res
        .text()
        .expect("text")
        .contains("Kommune 825 har intet målgruppetal"));
    assert_eq!(counts(&s), before);
}

#[test]
fn a_committee_member_sees_the_pools_but_cannot_create_one() {
    let app = spawn_app!();
    let s = app.login_html(COMMITTEE);
    let (status, page) = s.get_text("/pools");
    assert_eq!(status, 200);
    assert!(page.contains("Flere skal med"));
    assert!(!page.contains("href=\"/pools/new\""), "no create button");
    assert_eq!(s.get("/pools/new").status(), 403);
    assert_eq!(s.post_form("/pools", &good_pool()).status(), 403);
    assert_eq!(s.get("/pools/1/edit").status(), 403);
    let (_, pools) = s.get_json("/api/v1/pools");
    assert_eq!(pools.as_array().map(Vec::len), Some(DEMO_POOLS));
}

#[test]
fn what_a_user_types_is_shown_as_text_never_as_markup() {
    let app = spawn_app!();
    let s = app.login_html(OFFICER);
    let name = "<script>alert('pulje')</script> & \"citat\"";
    let form = spoil(&good_pool(), &[("name", name)]);
    let res = s.post_form("/pools", &form);
    assert_eq!(res.status(), 303);
    let created = res
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .expect("location")
        .to_string();
    for path in [
        "/pools".to_string(),
        created.clone(),
        format!("{created}/edit"),
    ] {
        let path = path.as_str();
        let (status, page) = s.get_text(path);
        assert_eq!(status, 200, "{path}");
        assert!(!page.contains("<script>alert"), "{path}: markup injected");
        assert!(page.contains("&lt;script&gt;"), "{path}: shown as text");
    }
    // Also when the form comes back with an error.
    let form = spoil(&good_pool(), &[("name", name), ("amount", "abc")]);
    let page = s.post_form("/pools", &form).text().expect("text");
    assert!(!page.contains("<script>alert"));
}

/// The pool page's "deadline passed" follows the rule submissions are judged by: the
/// deadline second itself is on time, to the whole second.
#[test]
fn the_pool_page_says_the_deadline_has_passed_only_after_the_deadline_second() {
    let app = spawn_app!();
    let s = app.login_html(OFFICER);
    let passed = || {
        let (status, page) = s.get_text("/pools/1");
        assert_eq!(status, 200);
        page.contains("Fristen er overskredet")
    };
    app.clock.set_local("2017-06-02 11:59");
    assert!(!passed(), "a minute before");
    app.clock.set_local("2017-06-02 12:00");
    app.clock.advance(chrono::Duration::milliseconds(999));
    assert!(!passed(), "within the deadline second");
    app.clock.advance(chrono::Duration::milliseconds(1));
    assert!(passed(), "12:00:01 is past the deadline");
}

/// The pool page offers each user what the route table lets them do, nothing more.
#[test]
fn the_pool_page_shows_each_user_only_the_actions_their_role_may_take() {
    let app = spawn_app!();
    let officer_only = [
        "href=\"/pools/1/edit\"",
        "href=\"/pools/1/target-groups\"",
        "action=\"/pools/1/allocations#fejl\"",
        "href=\"/allocations/",
        "href=\"/pools/1/applications\"",
    ];
    let own = format!("href=\"/pools/1/applications/{OWN_CODE}\"");
    let (status, page) = app.login_html(OFFICER).get_text("/pools/1");
    assert_eq!(status, 200);
    for needle in officer_only {
        assert!(page.contains(needle), "the officer sees {needle}");
    }
    assert!(
        !page.contains("href=\"/pools/1/applications/"),
        "no own application"
    );
    for user in [FINANCE, COMMITTEE] {
        let (status, page) = app.login_html(user).get_text("/pools/1");
        assert_eq!(status, 200);
        for needle in officer_only {
            assert!(!page.contains(needle), "{}: no {needle}", user.0);
        }
        assert!(page.contains(&own), "{}: their own application", user.0);
    }
    let (_, page) = app.login_html(ADMIN).get_text("/pools/1");
    for needle in officer_only.iter().chain([&own.as_str()]) {
        assert!(!page.contains(needle), "admin: no {needle}");
    }
}

#[test]
fn an_officer_sets_the_pools_account_rules_and_each_mistake_is_named_on_its_field() {
    let app = spawn_app!();
    let s = app.login_html(OFFICER);
    let (_, page) = s.get_text("/pools/1/edit");
    assert!(
        page.contains("id=\"account-rules\""),
        "the form has the account rules"
    );
    assert!(
        page.contains("value=\"-14, 0, 7\""),
        "the default reminders pre-filled"
    );
    let (_, before) = s.get_json("/api/v1/pools/1");
    assert_eq!(before["accounts"]["interim_before_rate"], 2);
    assert_eq!(before["accounts"]["tolerance_bp"], 1000);
    let spoilt = spoil(&good_pool(), &[]);
    let mut form: Vec<(&str, &str)> = spoilt.clone();
    form.extend([
        ("interim_before_rate", "1"),
        ("interim_deadline_months", "61"),
        ("tolerance_percent", "12,555"),
        ("claim_due_days", "0"),
        ("reminder_offsets", "-14 dage"),
    ]);
    let audit = audit_count(&app);
    let res = s.post_form("/pools/1", &form);
    assert_eq!(res.status(), 422);
    let page = res.text().expect("page");
    for field in [
        "interim_before_rate",
        "interim_deadline_months",
        "tolerance_percent",
        "claim_due_days",
        "reminder_offsets",
    ] {
        assert!(
            page.contains(&format!("href=\"#{field}\"")),
            "{field} named"
        );
    }
    assert!(
        page.contains("value=\"-14 dage\""),
        "what was typed is kept"
    );
    assert_eq!(audit_count(&app), audit, "nothing written");
    let mut good: Vec<(&str, &str)> = spoilt;
    good.extend([
        ("interim_before_rate", "3"),
        ("interim_deadline_months", "2"),
        ("tolerance_percent", "12,5"),
        ("claim_due_days", "45"),
        ("reminder_offsets", "7, -7,0"),
    ]);
    assert_eq!(s.post_form("/pools/1", &good).status(), 303);
    let (_, after) = s.get_json("/api/v1/pools/1");
    let a = &after["accounts"];
    assert_eq!(a["interim_before_rate"], 3);
    assert_eq!(a["interim_deadline_months"], 2);
    assert_eq!(a["tolerance_bp"], 1250);
    assert_eq!(a["claim_due_days"], 45);
    assert_eq!(a["reminder_offsets"], serde_json::json!([-7, 0, 7]));
    let (_, page) = s.get_text("/pools/1");
    let rules = page.split("pool-account-rules").nth(1).unwrap_or_default();
    assert!(
        rules.contains("12,5"),
        "the pool page says the tolerance: {rules}"
    );
    assert!(
        page.contains("før rate 3"),
        "and which rate waits for the interim account"
    );
    assert!(page.contains("-7, 0, 7"), "and the reminder days");
    // No interim account at all: an empty field.
    let mut none: Vec<(&str, &str)> = spoil(&good_pool(), &[]);
    none.push(("interim_before_rate", ""));
    assert_eq!(s.post_form("/pools/1", &none).status(), 303);
    let (_, after) = s.get_json("/api/v1/pools/1");
    assert!(after["accounts"]["interim_before_rate"].is_null());
}

// The rate plan (`docs/rates.md`): each rate's conditions are the pool's data.

/// A pool of 50/40/10: rate 2 from 1 March 2021 once the finance act 2021 is passed, the
/// interim account is approved and 30 % of the intervention group were active over 2
/// months; rate 3 from 1 June 2021 on 10 % results in a month and the final account.
fn fifty_forty_ten_form() -> Vec<(&'static str, &'static str)> {
    vec![
        ("name", "Resultatpuljen"),
        ("finance_account", "FL § 17.46.64.30"),
        ("amount", "10.000.000"),
        ("period_start", "2020-06-01"),
        ("period_end", "2021-12-31"),
        ("deadline", "2020-05-01T12:00"),
        ("auditor_threshold", "500.000"),
        ("rate_1_share", "50"),
        ("rate_2_share", "40"),
        ("rate_2_earliest", "2021-03-01"),
        ("rate_2_finance_act_year", "2021"),
        ("rate_2_activity_percent", "30"),
        ("rate_2_activity_months", "2"),
        ("rate_3_share", "10"),
        ("rate_3_earliest", "2021-06-01"),
        ("rate_3_results_percent", "10"),
        ("rate_3_final_account", "on"),
        ("interim_before_rate", "2"),
    ]
}

fn fifty_forty_ten_json() -> serde_json::Value {
    serde_json::json!({
        "name": "Resultatpuljen",
        "finance_account": "FL § 17.46.64.30",
        "amount": "10.000.000",
        "period_start": "2020-06-01",
        "period_end": "2021-12-31",
        "deadline": "2020-05-01T12:00",
        "auditor_threshold": "500.000",
        "rates": [
            { "share_percent": "50" },
            {
                "share_percent": "40",
                "earliest": "2021-03-01",
                "finance_act_year": "2021",
                "activity_percent": "30",
                "activity_months": "2",
            },
            {
                "share_percent": "10",
                "earliest": "2021-06-01",
                "results_percent": "10",
                "final_account": true,
            },
        ],
        "interim_before_rate": "2",
    })
}

/// The plan as the API gives it back.
fn fifty_forty_ten_rates() -> serde_json::Value {
    let rate = |number: i64, share_bp: i64| {
        serde_json::json!({
            "number": number, "share_bp": share_bp, "earliest_date": null,
            "finance_act_year": null, "interim_account": false,
            "whole_group_assessed": false, "activity_percent": null,
            "activity_months": null, "results_percent": null, "final_account": false,
        })
    };
    let mut rates = vec![rate(1, 5000), rate(2, 4000), rate(3, 1000)];
    rates[1]["earliest_date"] = "2021-03-01".into();
    rates[1]["finance_act_year"] = 2021.into();
    rates[1]["interim_account"] = true.into();
    rates[1]["activity_percent"] = 30.into();
    rates[1]["activity_months"] = 2.into();
    rates[2]["earliest_date"] = "2021-06-01".into();
    rates[2]["results_percent"] = 10.into();
    rates[2]["final_account"] = true.into();
    serde_json::Value::Array(rates)
}

/// Pool `id`'s stored conditions: (rate, kind, percent in basis points, months).
fn stored_conditions(app: &TestApp, id: i64) -> Vec<(i32, String, Option<i32>, Option<i32>)> {
    use diesel::prelude::*;
    use tilskud::db::schema::pool_rate_conditions as c;
    c::table
        .filter(c::pool_id.eq(id))
        .order((c::rate_no.asc(), c::kind.asc()))
        .select((c::rate_no, c::kind, c::percent_bp, c::months))
        .load(&mut app.db())
        .expect("conditions")
}

fn pool_id_of(res: &reqwest::blocking::Response) -> i64 {
    res.headers()["location"]
        .to_str()
        .ok()
        .and_then(|l| l.strip_prefix("/pools/"))
        .and_then(|id| id.parse().ok())
        .expect("the pool's page")
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[start..].find('"')?;
    Some(unescape(&tag[start..start + len]))
}

/// What a browser sends from the page's form posting to `action`, untouched: every text
/// input, the ticked checkboxes, the selected options (the CSRF token is the session's).
fn form_as_sent(page: &str, action: &str) -> Vec<(String, String)> {
    let start = page
        .find(&format!("action=\"{action}"))
        .unwrap_or_else(|| panic!("a form to {action} in {page}"));
    let form = &page[start..start + page[start..].find("</form>").expect("form end")];
    let mut out = Vec::new();
    for chunk in form.split("<input").skip(1) {
        let tag = &chunk[..chunk.find('>').unwrap_or(chunk.len())];
        let (Some(name), ty) = (attr(tag, "name"), attr(tag, "type")) else {
            continue;
        };
        if name == "csrf_token" {
            continue;
        }
        let checkbox = ty.as_deref() == Some("checkbox");
        if checkbox && !tag.contains(" checked") {
            continue;
        }
        out.push((name, attr(tag, "value").unwrap_or_default()));
    }
    for chunk in form.split("<select").skip(1) {
        let tag = &chunk[..chunk.find('>').unwrap_or(chunk.len())];
        let name = attr(tag, "name").expect("select name");
        let body = &chunk[..chunk.find("</select>").unwrap_or(chunk.len())];
        if let Some(option) = body.split("<option").find(|o| o.contains(" selected")) {
            out.push((name, attr(option, "value").unwrap_or_default()));
        }
    }
    out
}

fn post_pairs(s: &Session, path: &str, pairs: &[(String, String)]) -> reqwest::blocking::Response {
    let fields: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    s.post_form(path, &fields)
}

#[test]
fn a_fifty_forty_ten_pool_set_up_in_the_form_round_trips_exactly() {
    let app = spawn_app!();
    let s = app.login_html(OFFICER);
    let res = s.post_form("/pools", &fifty_forty_ten_form());
    assert_eq!(res.status(), 303);
    let id = pool_id_of(&res);
    let (_, pool) = s.get_json(&format!("/api/v1/pools/{id}"));
    assert_eq!(pool["rates"], fifty_forty_ten_rates(), "{pool}");
    assert_eq!(pool["accounts"]["interim_before_rate"], 2);
    assert_eq!(
        stored_conditions(&app, id),
        [
            (2, "activity_share".into(), Some(3000), Some(2)),
            (3, "final_account".into(), None, None),
            (3, "results_share".into(), Some(1000), None),
        ]
    );

    // The pool's page says each rate's conditions.
    let (_, page) = s.get_text(&format!("/pools/{id}"));
    assert!(page.contains("Rate 1: 50 %, ved tilsagn"), "{page}");
    assert!(page.contains(
        "Rate 2: 40 %, tidligst 1. marts 2021, når finansloven for 2021 er vedtaget, når mindst \
         30 % af indsatsgruppen har været i virksomhedsrettet indsats eller ordinære timer i hver \
         af 2 sammenhængende måneder og mellemregnskabet er godkendt"
    ));
    assert!(page.contains(
        "Rate 3: 10 %, tidligst 1. juni 2021, når mindst 10 % af indsatsgruppen er kommet i job, \
         uddannelse eller fleksjob i en måned og slutregnskabet er godkendt"
    ));
    let (_, english) = s.get_text(&format!("/pools/{id}?lang=en"));
    assert!(english.contains(
        "Rate 3: 10 %, not before 1 June 2021, once at least 10 % of the intervention group have \
         got a job, education or flex job in a month and the final account is approved"
    ), "{english}");

    // The edit form shows the plan as typed, and sending it back unchanged changes nothing.
    let (_, form) = s.get_text(&format!("/pools/{id}/edit"));
    let sent = form_as_sent(&form, &format!("/pools/{id}"));
    let has = |k: &str, v: &str| sent.iter().any(|(sk, sv)| sk == k && sv == v);
    for (k, v) in fifty_forty_ten_form() {
        let v = match (k, v) {
            ("amount", _) => "10000000",
            ("auditor_threshold", _) => "500000",
            (_, v) => v,
        };
        assert!(has(k, v), "{k}={v} in {sent:?}");
    }
    assert!(
        !sent
            .iter()
            .any(|(k, _)| k.ends_with("_whole_group_assessed")),
        "none ticked"
    );
    let before = stored_conditions(&app, id);
    let res = post_pairs(&s, &format!("/pools/{id}"), &sent);
    assert_eq!(res.status(), 303);
    let (_, again) = s.get_json(&format!("/api/v1/pools/{id}"));
    assert_eq!(again["rates"], fifty_forty_ten_rates());
    assert_eq!(stored_conditions(&app, id), before);
}

#[test]
fn the_same_pool_through_the_api_round_trips_exactly() {
    let app = spawn_app!();
    let s = app.login(OFFICER);
    let (status, created) = s.send_json(
        reqwest::Method::POST,
        "/api/v1/pools",
        &fifty_forty_ten_json(),
    );
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["rates"], fifty_forty_ten_rates());
    let id = created["id"].as_i64().expect("id");
    let (_, read) = s.get_json(&format!("/api/v1/pools/{id}"));
    assert_eq!(read, created);
    let path = format!("/api/v1/pools/{id}");
    let (status, put) = s.send_json(reqwest::Method::PUT, &path, &fifty_forty_ten_json());
    assert_eq!(status, 200, "{put}");
    assert_eq!(put["rates"], fifty_forty_ten_rates());
    assert_eq!(stored_conditions(&app, id).len(), 3, "replaced, not added");

    // Without the interim account rule, rate 2 has no interim account; the rest stays.
    let mut body = fifty_forty_ten_json();
    body["interim_before_rate"] = "".into();
    body["rates"][1]["whole_group_assessed"] = true.into();
    let (_, put) = s.send_json(reqwest::Method::PUT, &path, &body);
    let mut expected = fifty_forty_ten_rates();
    expected[1]["interim_account"] = false.into();
    expected[1]["whole_group_assessed"] = true.into();
    assert_eq!(put["rates"], expected);

    // The audit entry has the plan before and after.
    let entity = id.to_string();
    let (_, audit) = s.get_json("/api/v1/audit?entity=pool");
    let update = audit
        .as_array()
        .expect("entries")
        .iter()
        .find(|e| e["action"] == "pool.update" && e["entity_id"] == entity.as_str())
        .unwrap_or_else(|| panic!("pool.update in {audit}"));
    let after: serde_json::Value =
        serde_json::from_str(update["after_json"].as_str().expect("after")).expect("json");
    assert_eq!(
        after["rates"][1],
        serde_json::json!([2, 4000, "2021-03-01", 2021, [
            { "kind": "whole_group_assessed" },
            { "kind": "activity_share", "percent": 30, "months": 2 },
        ]])
    );
    let before = update["before_json"].as_str().expect("before");
    assert!(before.contains("\"kind\":\"results_share\""), "{before}");
}

#[test]
fn a_new_pool_starts_from_the_flere_skal_med_plan() {
    let app = spawn_app!();
    let s = app.login_html(OFFICER);
    let (status, form) = s.get_text("/pools/new");
    assert_eq!(status, 200);
    let mut sent = form_as_sent(&form, "/pools");
    let rates: Vec<&(String, String)> = sent
        .iter()
        .filter(|(k, v)| k.starts_with("rate_") && !v.is_empty())
        .collect();
    let pairs: Vec<(&str, &str)> = rates
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("rate_1_share", "30"),
            ("rate_2_share", "40"),
            ("rate_2_earliest", "2018-01-01"),
            ("rate_2_finance_act_year", "2018"),
            ("rate_2_whole_group_assessed", "on"),
            ("rate_3_share", "30"),
            ("rate_3_earliest", "2019-01-01"),
            ("rate_3_finance_act_year", "2019"),
            ("rate_3_activity_percent", "40"),
            ("rate_3_activity_months", "3"),
        ]
    );
    assert!(sent.contains(&("interim_before_rate".into(), "2".into())));
    // Filled in and saved as it stands, the pool has the plan.
    for (k, v) in [
        ("name", "Flere skal med 3"),
        ("finance_account", "FL § 17.46.64.10"),
        ("amount", "1.000.000"),
        ("period_start", "2017-06-01"),
        ("period_end", "2019-08-31"),
        ("deadline", "2017-06-02T12:00"),
    ] {
        sent.retain(|(sk, _)| sk != k);
        sent.push((k.into(), v.into()));
    }
    let res = post_pairs(&s, "/pools", &sent);
    assert_eq!(res.status(), 303);
    let id = pool_id_of(&res);
    let (_, pool) = s.get_json(&format!("/api/v1/pools/{id}"));
    let rates = pool["rates"].as_array().expect("rates");
    assert_eq!(rates[0]["finance_act_year"], serde_json::Value::Null);
    assert_eq!(rates[1]["finance_act_year"], 2018);
    assert_eq!(rates[1]["whole_group_assessed"], true);
    assert_eq!(rates[1]["interim_account"], true);
    assert_eq!(rates[2]["finance_act_year"], 2019);
    assert_eq!(rates[2]["activity_percent"], 40);
    assert_eq!(rates[2]["activity_months"], 3);
    let (_, page) = s.get_text(&format!("/pools/{id}"));
    assert!(page.contains(
        "Rate 2: 40 %, tidligst 1. januar 2018, når finansloven for 2018 er vedtaget, når hele \
         bruttomålgruppen er visiteret og mellemregnskabet er godkendt"
    ), "{page}");
}

#[test]
fn saving_the_demo_pool_keeps_its_conditions() {
    let app = spawn_app!();
    let s = app.login_html(OFFICER);
    let before = stored_conditions(&app, 1);
    assert_eq!(
        before,
        [
            (2, "whole_group_assessed".into(), None, None),
            (3, "activity_share".into(), Some(4000), Some(3)),
        ]
    );
    let (_, api_before) = s.get_json("/api/v1/pools/1");
    let (_, form) = s.get_text("/pools/1/edit");
    let mut sent = form_as_sent(&form, "/pools/1");
    sent.retain(|(k, _)| k != "target_group_note");
    sent.push(("target_group_note".into(), "Rettet note".into()));
    let res = post_pairs(&s, "/pools/1", &sent);
    assert_eq!(res.status(), 303);
    assert_eq!(stored_conditions(&app, 1), before);
    let (_, api_after) = s.get_json("/api/v1/pools/1");
    assert_eq!(api_after["rates"], api_before["rates"]);
    assert_eq!(api_after["target_group_note"], "Rettet note");
}

#[test]
fn each_mistake_in_a_rates_conditions_is_named_on_its_field_and_the_input_kept() {
    let app = spawn_app!();
    let s = app.login_html(OFFICER);
    let api = app.login(OFFICER);
    // The field typed, its value, the field named, and (part of) what it says.
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "rate_2_finance_act_year",
            "18",
            "rate_2_finance_act_year",
            "Rate 2: skriv finanslovens år som et årstal fra 2000 til 2100",
        ),
        (
            "rate_2_activity_percent",
            "40,5",
            "rate_2_activity_percent",
            "som en hel procent fra 1 til 100",
        ),
        (
            "rate_2_activity_months",
            "37",
            "rate_2_activity_months",
            "Rate 2: skriv perioden som et helt antal måneder fra 1 til 36",
        ),
        (
            "rate_2_activity_months",
            "",
            "rate_2_activity_months",
            "Rate 2: skriv også, over hvor mange måneder",
        ),
        (
            "rate_2_activity_percent",
            "",
            "rate_2_activity_percent",
            "Rate 2: skriv også, hvor mange procent",
        ),
        (
            "rate_3_results_percent",
            "0",
            "rate_3_results_percent",
            "Rate 3: skriv resultatkravet som en hel procent fra 1 til 100",
        ),
    ];
    let audit_before = audit_count(&app);
    for (typed, value, field, message) in cases {
        let form = spoil(&fifty_forty_ten_form(), &[(typed, value)]);
        let res = s.post_form("/pools", &form);
        assert_eq!(res.status(), 422, "{typed}={value}");
        let page = res.text().expect("text");
        assert!(
            page.contains(&format!("href=\"#{field}\"")),
            "{field} in the summary"
        );
        assert!(
            page.contains(&format!("id=\"{field}-error\"")),
            "{field}'s message"
        );
        assert!(page.contains(message), "{message:?} in {page}");
        // The rest of the rate is kept as typed.
        assert!(
            page.contains(
                "name=\"rate_3_final_account\" value=\"on\" class=\"form-checkbox\" checked"
            ),
            "{page}"
        );
        assert!(page.contains("value=\"2021-03-01\""));
        if !value.is_empty() {
            assert!(
                page.contains(&format!(
                    "name=\"{typed}\" class=\"form-input\" value=\"{value}\""
                )),
                "{typed} kept"
            );
        }

        // The API names the same field.
        let mut body = fifty_forty_ten_json();
        let (row, key) = typed
            .strip_prefix("rate_")
            .and_then(|r| r.split_once('_'))
            .expect("a rate's field");
        let i: usize = row.parse::<usize>().expect("row") - 1;
        body["rates"][i][key] = (*value).into();
        let (status, out) = api.send_json(reqwest::Method::POST, "/api/v1/pools", &body);
        assert_eq!(status, 422, "{out}");
        let fields: Vec<&str> = out["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .filter_map(|f| f["field"].as_str())
            .collect();
        assert_eq!(fields, [*field], "{out}");
    }
    let (_, pools) = s.get_json("/api/v1/pools");
    assert_eq!(
        pools.as_array().map(Vec::len),
        Some(DEMO_POOLS),
        "nothing created"
    );
    assert_eq!(audit_count(&app), audit_before, "no audit entry either");
}
