//! The allocation: each run a new numbered version that never changes, parts that add
//! up to the pool exactly, one approved version at a time (also under concurrent
//! approval), exports, and the database refusing to bend any of it.

use std::sync::{Arc, Barrier};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::*;
use crate::spawn_app;

const POOL_ORE: i64 = 25_700_000_000;
const VORDINGBORG: i64 = 390;
const KOBENHAVN: i64 = 101;

/// Danish thousands separators, written out here rather than borrowed from the product.
fn dk(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// An exact quota ("1234.567890" kroner) in millionths of a krone.
fn micro_kroner(quota: &str) -> i128 {
    let (int, frac) = quota.split_once('.').unwrap_or((quota, ""));
    assert!(frac.len() <= 6, "{quota}");
    let frac = format!("{frac:0<6}");
    int.parse::<i128>().expect("int") * 1_000_000 + frac.parse::<i128>().expect("frac")
}

fn lines(v: &Value) -> &Vec<Value> {
    v["lines"].as_array().expect("lines")
}

fn line_of(v: &Value, code: i64) -> Option<&Value> {
    lines(v)
        .iter()
        .find(|l| l["municipality_code"].as_i64() == Some(code))
}

/// Every line within 1 krone of its exact quota, all lines adding up to the pool.
fn assert_exact(v: &Value) {
    let sum: i64 = lines(v)
        .iter()
        .map(|l| l["amount_ore"].as_i64().expect("amount"))
        .sum();
    assert_eq!(sum, POOL_ORE, "the parts add up to the pool exactly");
    assert_eq!(v["total_ore"], POOL_ORE);
    for l in lines(v) {
        let amount = i128::from(l["amount_ore"].as_i64().expect("amount")) * 10_000;
        let exact = micro_kroner(l["exact_quota"].as_str().expect("quota"));
        assert!(
            (amount - exact).abs() < 1_000_000,
            "{} gets {} øre for an exact quota of {}",
            l["name"],
            l["amount_ore"],
            l["exact_quota"]
        );
        assert_eq!(
            l["amount_ore"].as_i64().expect("amount") % 100,
            0,
            "whole kroner"
        );
    }
}

fn applicants(s: &Session) -> Vec<i64> {
    let (status, rows) = s.get_json("/api/v1/pools/1/target-groups");
    assert_eq!(status, 200);
    rows.as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["applied"] == true)
        .map(|r| r["municipality_code"].as_i64().expect("code"))
        .collect()
}

fn run(s: &Session, reason: &str) -> Value {
    let (status, v) = s.send_json(
        Method::POST,
        "/api/v1/pools/1/allocations",
        &json!({ "reason": reason }),
    );
    assert_eq!(status, 201, "{v}");
    v
}

fn approve(s: &Session, id: i64) -> (u16, Value) {
    s.send_json(
        Method::POST,
        &format!("/api/v1/allocations/{id}/approve"),
        &json!({}),
    )
}

fn count_audit(conn: &mut tilskud::db::DbConn, action: &str, entity_id: &str) -> i64 {
    use tilskud::db::schema::audit_log;
    audit_log::table
        .filter(audit_log::action.eq(action))
        .filter(audit_log::entity_id.eq(entity_id))
        .count()
        .get_result(conn)
        .expect("count")
}

#[test]
fn each_run_is_a_new_version_and_earlier_versions_stay_as_they_were() {
    let app = spawn_app!();
    let api = app.login(OFFICER);
    let (_, v1_before) = api.get_json("/api/v1/allocations/1");
    assert_eq!(v1_before["version_no"], 1);
    assert_eq!(v1_before["status"], "approved");

    // Through the page's form.
    let html = app.login_html(OFFICER);
    let res = html.post_form(
        "/pools/1/allocations",
        &[("reason", "Kontrolberegning fra siden")],
    );
    assert_eq!(res.status(), 303);
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("location")
        .to_string();
    let id2: i64 = location
        .strip_prefix("/allocations/")
        .and_then(|i| i.parse().ok())
        .expect("redirect to the new version");
    let (status, page) = html.get_text(&location);
    assert_eq!(status, 200);
    assert!(page.contains("Kontrolberegning fra siden"));
    let (_, v2) = api.get_json(&format!("/api/v1/allocations/{id2}"));
    assert_eq!(v2["version_no"], 2);
    assert_eq!(v2["status"], "draft");
    assert_eq!(v2["created_by"], "Signe Hansen");
    assert_exact(&v2);

    // Through the API.
    let v3 = run(&api, "Kontrolberegning fra API'et");
    assert_eq!(v3["version_no"], 3);
    assert_eq!(v3["status"], "draft");
    assert_eq!(v3["reason"], "Kontrolberegning fra API'et");
    assert_eq!(lines(&v3).len(), 89);
    assert_exact(&v3);
    // Same applicants, same key: the same amounts.
    assert_eq!(v2["lines"], v3["lines"]);

    let (_, v1_after) = api.get_json("/api/v1/allocations/1");
    assert_eq!(v1_before, v1_after, "version 1 is untouched");
    let (_, list) = api.get_json("/api/v1/pools/1/allocations");
    let numbers: Vec<i64> = list
        .as_array()
        .expect("list")
        .iter()
        .map(|v| v["version_no"].as_i64().expect("no"))
        .collect();
    assert_eq!(numbers, [3, 2, 1], "newest first");
}

#[test]
fn the_demo_allocation_adds_up_to_the_pool_and_each_share_is_within_a_krone() {
    let app = spawn_app!();
    let s = app.login(OFFICER);
    let (status, v) = s.get_json("/api/v1/pools/1/allocation");
    assert_eq!(status, 200);
    assert_eq!(lines(&v).len(), 89);
    assert_exact(&v);
    // Largest remainder hands out exactly the missing kroner.
    let floor_sum: i128 = lines(&v)
        .iter()
        .map(|l| micro_kroner(l["exact_quota"].as_str().expect("q")) / 1_000_000)
        .sum();
    let extras = lines(&v)
        .iter()
        .filter(|l| l["extra_krone"] == true)
        .count();
    assert_eq!(floor_sum + extras as i128, i128::from(POOL_ORE / 100));
}

#[test]
fn a_run_without_a_reason_is_refused_naming_the_reason_field() {
    let app = spawn_app!();
    let html = app.login_html(OFFICER);
    let res = html.post_form("/pools/1/allocations", &[("reason", "   ")]);
    assert_eq!(res.status(), 422);
    let page = res.text().expect("text");
    assert!(page.contains("href=\"#reason\""), "{page}");
    assert!(page.contains("Skriv en begrundelse"), "{page}");
    let api = app.login(OFFICER);
    let (status, body) = api.send_json(
        Method::POST,
        "/api/v1/pools/1/allocations",
        &json!({ "reason": "" }),
    );
    assert_eq!(status, 422);
    assert_eq!(body["error"], "invalid");
    assert_eq!(body["fields"][0]["field"], "reason");
    let (_, list) = api.get_json("/api/v1/pools/1/allocations");
    assert_eq!(list.as_array().map(Vec::len), Some(1), "nothing written");
}

#[test]
fn vordingborg_withdraws_and_a_new_approved_version_shares_the_pool_among_88() {
    let app = spawn_app!();
    let s = app.login(OFFICER);
    let (_, v1) = s.get_json("/api/v1/pools/1/allocation");
    let vordingborg_v1 = line_of(&v1, VORDINGBORG).expect("Vordingborg in v1")["amount_ore"]
        .as_i64()
        .expect("amount");
    let mut remaining = applicants(&s);
    assert_eq!(remaining.len(), 89);
    remaining.retain(|c| *c != VORDINGBORG);
    let (status, body) = s.send_json(
        Method::PUT,
        "/api/v1/pools/1/applicants",
        &json!({ "municipality_codes": remaining }),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(applicants(&s).len(), 88);

    let v2 = run(&s, "Vordingborg er udtrådt");
    assert_eq!(v2["version_no"], 2);
    assert_eq!(lines(&v2).len(), 88);
    assert!(line_of(&v2, VORDINGBORG).is_none());
    assert_exact(&v2);
    let id2 = v2["id"].as_i64().expect("id");
    let (status, approved) = approve(&s, id2);
    assert_eq!(status, 200, "{approved}");
    assert_eq!(approved["status"], "approved");
    assert_eq!(approved["approved_by"], "Signe Hansen");

    let (_, v1_now) = s.get_json("/api/v1/allocations/1");
    assert_eq!(v1_now["status"], "superseded");
    assert_eq!(
        v1_now["lines"], v1["lines"],
        "the old version is kept as it was"
    );
    let (_, current) = s.get_json("/api/v1/pools/1/allocation");
    assert_eq!(current["version_no"], 2);
    assert_eq!(lines(&current).len(), 88);
    assert_exact(&current);
    // Everyone else gets more, none less.
    for l in lines(&current) {
        let code = l["municipality_code"].as_i64().expect("code");
        let before = line_of(&v1, code).expect("in v1")["amount_ore"]
            .as_i64()
            .expect("amount");
        assert!(
            l["amount_ore"].as_i64().expect("amount") >= before,
            "{code}"
        );
    }

    // The approved table shows 88 municipalities.
    let (status, page) = s.get_text("/pools/1/allocation");
    assert_eq!(status, 200);
    assert_eq!(page.matches("<tr><td>").count(), 88);
    assert!(!page.contains("<td>Vordingborg</td>"));

    // The comparison shows what Vordingborg had and that it now has nothing.
    let (status, page) = s.get_text(&format!("/pools/1/allocations/compare?a=1&b={id2}"));
    assert_eq!(status, 200);
    let start = page.find("Vordingborg (390)").expect("Vordingborg's row");
    let row = &page[start..start + page[start..].find("</tr>").expect("row end")];
    assert!(
        row.contains(&format!("{} kr.", dk(vordingborg_v1 / 100))),
        "{row}"
    );
    assert!(
        row.contains(&format!("-{} kr.", dk(vordingborg_v1 / 100))),
        "the difference is the whole former amount: {row}"
    );
    assert!(row.contains('–'), "no amount in version 2: {row}");
    assert!(
        page.contains("89 kommuner har et ændret beløb"),
        "all changed"
    );
}

#[test]
fn approving_an_approved_version_again_is_a_conflict_naming_who_and_when() {
    let app = spawn_app!();
    let s = app.login(OFFICER);
    let (_, before) = s.get_json("/api/v1/pools/1/allocations");
    let audit_before = count_audit(&mut app.db(), "allocation.approve", "1");
    let (status, body) = approve(&s, 1);
    assert_eq!(status, 409);
    assert_eq!(body["error"], "conflict");
    let msg = body["message"].as_str().expect("message");
    assert!(msg.contains("Signe Hansen"), "who: {msg}");
    assert!(msg.contains("12-06-2017 10:00"), "when, Danish time: {msg}");
    // The page says the same.
    let html = app.login_html(OFFICER);
    let res = html.post_form("/allocations/1/approve", &[("confirmed", "1")]);
    assert_eq!(res.status(), 409);
    let page = res.text().expect("text");
    assert!(page.contains("Signe Hansen") && page.contains("12-06-2017 10:00"));
    let (_, after) = s.get_json("/api/v1/pools/1/allocations");
    assert_eq!(before, after, "nothing changed");
    assert_eq!(
        count_audit(&mut app.db(), "allocation.approve", "1"),
        audit_before
    );
}

#[test]
fn of_two_concurrent_approvals_of_one_draft_exactly_one_succeeds() {
    let app = spawn_app!();
    let s = app.login(OFFICER);
    let draft = run(&s, "To godkender samtidig");
    let id = draft["id"].as_i64().expect("id");
    let barrier = Arc::new(Barrier::new(2));
    let handles: Vec<_> = [app.login(OFFICER), app.login(OFFICER)]
        .into_iter()
        .map(|session| {
            let barrier = Arc::clone(&barrier);
            std::thread::spawn(move || {
                barrier.wait();
                approve(&session, id)
            })
        })
        .collect();
    let mut results: Vec<(u16, Value)> = handles
        .into_iter()
        .map(|h| h.join().expect("thread"))
        .collect();
    results.sort_by_key(|r| r.0);
    assert_eq!((results[0].0, results[1].0), (200, 409), "{:?}", results);
    assert!(results[1].1["message"]
        .as_str()
        .unwrap_or("")
        .contains("Signe Hansen"));

    use tilskud::db::schema::allocations;
    let mut conn = app.db();
    let approved: Vec<i64> = allocations::table
        .filter(allocations::pool_id.eq(1))
        .filter(allocations::status.eq("approved"))
        .select(allocations::id)
        .load(&mut conn)
        .expect("approved");
    assert_eq!(approved, [id]);
    assert_eq!(
        count_audit(&mut conn, "allocation.approve", &id.to_string()),
        1
    );
    assert!(matches!(
        tilskud::db::audit::verify(&mut conn).expect("verify"),
        tilskud::db::audit::Verdict::Intact { .. }
    ));
}

#[test]
fn the_csv_download_has_one_line_per_municipality_adding_up_to_the_pool() {
    let app = spawn_app!();
    let s = app.login(OFFICER);
    let res = s.get("/pools/1/allocation.csv");
    assert_eq!(res.status(), 200);
    let ct = res.headers()["content-type"]
        .to_str()
        .expect("ct")
        .to_string();
    assert!(ct.starts_with("text/csv"), "{ct}");
    let cd = res.headers()["content-disposition"]
        .to_str()
        .expect("cd")
        .to_string();
    assert!(cd.starts_with("attachment") && cd.contains(".csv"), "{cd}");
    let text = res.text().expect("text");
    let rows = assert_allocation_csv(&text, 89, 257_000_000);
    assert!(rows.iter().any(|l| l.starts_with("615,Horsens,320,")));
}

#[test]
fn the_csv_for_danish_excel_has_semicolons_a_bom_danish_headers_and_decimal_commas() {
    let app = spawn_app!();
    let s = app.login_html(OFFICER);
    let (_, page) = s.get_text("/pools/1/allocation");
    assert!(
        page.contains("href=\"/pools/1/allocation-excel.csv\""),
        "the first link"
    );
    assert!(
        page.contains("href=\"/pools/1/allocation.csv\""),
        "the machine CSV as a second link"
    );
    let res = s.get("/pools/1/allocation-excel.csv");
    assert_eq!(res.status(), 200);
    let cd = res.headers()["content-disposition"]
        .to_str()
        .expect("cd")
        .to_string();
    assert!(cd.contains("-excel.csv"), "{cd}");
    let bytes = res.bytes().expect("bytes");
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "a byte order mark for Excel"
    );
    let text = std::str::from_utf8(&bytes[3..]).expect("UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 90, "a header and 89 municipalities");
    assert_eq!(
        lines[0], "Kommunekode;Kommune;Målgruppe;Nøjagtig andel (kr.);Beløb (kr.)",
        "{}",
        lines[0]
    );
    let horsens = lines
        .iter()
        .find(|l| l.starts_with("615;Horsens;320;"))
        .expect("Horsens");
    let cells: Vec<&str> = horsens.split(';').collect();
    assert!(!cells[3].contains('.'), "a decimal comma: {horsens}");
    let total: i64 = lines[1..]
        .iter()
        .map(|l| {
            l.rsplit(';')
                .next()
                .and_then(|a| a.parse::<i64>().ok())
                .expect("kroner")
        })
        .sum();
    assert_eq!(total, 257_000_000, "the parts add up to the pool");
}

#[test]
fn the_xlsx_download_is_a_spreadsheet() {
    let app = spawn_app!();
    let s = app.login(OFFICER);
    let res = s.get("/pools/1/allocation.xlsx");
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let bytes = res.bytes().expect("bytes");
    assert!(bytes.starts_with(b"PK"), "a ZIP container");
    assert!(bytes.len() > 1000);
}

#[test]
fn the_approved_table_sorts_and_shows_danish_amounts() {
    let app = spawn_app!();
    let s = app.login(OFFICER);
    let (_, v) = s.get_json("/api/v1/pools/1/allocation");
    let kbh = line_of(&v, KOBENHAVN).expect("København")["amount_ore"]
        .as_i64()
        .expect("amount");
    assert_eq!(kbh, 3_177_648_400, "København's demo amount");
    let (status, page) = s.get_text("/pools/1/allocation?sort=amount&dir=desc");
    assert_eq!(status, 200);
    let first = page.find("<tr><td>").expect("a row");
    assert!(
        page[first..].starts_with("<tr><td>København</td>"),
        "largest first: {}",
        &page[first..first + 60]
    );
    assert!(page.contains("31.776.484 kr."), "Danish number format");
    let total = format!("{} kr.", dk(POOL_ORE / 100));
    assert_eq!(total, "257.000.000 kr.");
    assert!(page.contains(&total));
    let (_, asc) = s.get_text("/pools/1/allocation?sort=amount&dir=asc");
    let first = asc.find("<tr><td>").expect("a row");
    assert!(!asc[first..].starts_with("<tr><td>København</td>"));
    // A sort key that does not exist falls back to the default, not an error.
    let (status, _) = s.get_text("/pools/1/allocation?sort=drop+table&dir=sideways");
    assert_eq!(status, 200);
}

#[test]
fn a_committee_member_reads_the_approved_table_but_cannot_run_or_approve() {
    let app = spawn_app!();
    let officer = app.login(OFFICER);
    let draft = run(&officer, "Kladde til udvalget");
    let id = draft["id"].as_i64().expect("id");
    let c = app.login(COMMITTEE);
    let (status, page) = c.get_text("/pools/1/allocation");
    assert_eq!(status, 200);
    assert!(page.contains("<td>Horsens</td>"));
    assert_eq!(c.get("/pools/1/allocation.csv").status(), 200);
    assert_eq!(c.get("/api/v1/pools/1/allocation").status(), 200);
    let (status, _) = c.send_json(
        Method::POST,
        "/api/v1/pools/1/allocations",
        &json!({ "reason": "udvalget prøver" }),
    );
    assert_eq!(status, 403);
    assert_eq!(approve(&c, id).0, 403);
    let ch = app.login_html(COMMITTEE);
    assert_eq!(
        ch.post_form("/pools/1/allocations", &[("reason", "x")])
            .status(),
        403
    );
    assert_eq!(
        ch.post_form(&format!("/allocations/{id}/approve"), &[])
            .status(),
        403
    );
    assert_eq!(c.get(&format!("/api/v1/allocations/{id}")).status(), 403);
    let (_, v) = officer.get_json(&format!("/api/v1/allocations/{id}"));
    assert_eq!(v["status"], "draft");
    let (_, list) = officer.get_json("/api/v1/pools/1/allocations");
    assert_eq!(list.as_array().map(Vec::len), Some(2));
}

fn must_fail(conn: &mut tilskud::db::DbConn, sql: &str, why: &str) {
    match conn.batch_execute(sql) {
        Ok(()) => panic!("the database accepted: {sql}"),
        Err(e) => assert!(
            e.to_string().contains(why),
            "{sql}: failed, but not because {why:?}: {e}"
        ),
    }
}

#[test]
fn the_database_refuses_to_change_or_remove_an_allocation_version() {
    let app = spawn_app!();
    let mut conn = app.db();
    must_fail(
        &mut conn,
        "UPDATE allocation_lines SET amount_ore = amount_ore + 100 WHERE allocation_id = 1",
        "immutable",
    );
    must_fail(
        &mut conn,
        "DELETE FROM allocation_lines WHERE allocation_id = 1",
        "immutable",
    );
    must_fail(
        &mut conn,
        "DELETE FROM allocations WHERE id = 1",
        "never deleted",
    );
    must_fail(
        &mut conn,
        "UPDATE allocations SET total_ore = total_ore + 100 WHERE id = 1",
        "immutable",
    );
    // 825 (Læsø) did not apply; a line for it cannot be slipped into the approved version.
    must_fail(
        &mut conn,
        "INSERT INTO allocation_lines \
         (allocation_id, municipality_code, target_group, exact_quota, amount_ore, extra_krone) \
         VALUES (1, 825, 10, '0', 0, FALSE)",
        "not a draft",
    );
    let s = app.login(OFFICER);
    let (_, v) = s.get_json("/api/v1/pools/1/allocation");
    assert_eq!(lines(&v).len(), 89);
    assert_exact(&v);
}

#[test]
fn the_database_refuses_to_approve_a_version_whose_lines_do_not_add_up() {
    let app = spawn_app!();
    let s = app.login(OFFICER);
    // A pool of its own, so no other version is approved there.
    let (status, pool) = s.send_json(
        Method::POST,
        "/api/v1/pools",
        &json!({
            "name": "Prøvepulje",
            "finance_account": "FL § 1",
            "amount": "100",
            "period_start": "2020-01-01",
            "period_end": "2020-12-31",
            "deadline": "2019-12-01T12:00",
            "auditor_threshold": "500.000",
            "rates": [{ "share_percent": "100", "earliest": "" }],
        }),
    );
    assert_eq!(status, 201, "{pool}");
    let pool = pool["id"].as_i64().expect("id");
    let mut conn = app.db();
    conn.batch_execute(&format!(
        "INSERT INTO allocations (pool_id, version_no, total_ore, reason, status, created_by, created_at) \
         VALUES ({pool}, 1, 10000, 'håndlavet', 'draft', \
                 (SELECT id FROM users WHERE username = 'officer'), '2020-01-01 00:00:00')"
    ))
    .expect("a draft");
    use tilskud::db::schema::allocations;
    let id: i64 = allocations::table
        .filter(allocations::pool_id.eq(pool))
        .select(allocations::id)
        .first(&mut conn)
        .expect("id");
    let line = |code: i32, ore: i64| {
        format!(
            "INSERT INTO allocation_lines \
             (allocation_id, municipality_code, target_group, exact_quota, amount_ore, extra_krone) \
             VALUES ({id}, {code}, 1, '0', {ore}, FALSE)"
        )
    };
    conn.batch_execute(&line(101, 9_900)).expect("a line");
    let approve = format!(
        "UPDATE allocations SET status = 'approved', \
         approved_by = (SELECT id FROM users WHERE username = 'officer'), \
         approved_at = '2020-01-02 00:00:00' WHERE id = {id}"
    );
    must_fail(&mut conn, &approve, "do not sum");
    // With the missing krone the same statement goes through: the sum was the reason.
    conn.batch_execute(&line(615, 100)).expect("a line");
    conn.batch_execute(&approve).expect("approved once whole");
}

#[test]
fn two_concurrent_runs_get_two_different_version_numbers() {
    let app = spawn_app!();
    let barrier = Arc::new(Barrier::new(2));
    let handles: Vec<_> = ["Første samtidige", "Anden samtidige"]
        .into_iter()
        .map(|reason| {
            let session = app.login(OFFICER);
            let barrier = Arc::clone(&barrier);
            std::thread::spawn(move || {
                barrier.wait();
                session.send_json(
                    Method::POST,
                    "/api/v1/pools/1/allocations",
                    &json!({ "reason": reason }),
                )
            })
        })
        .collect();
    let mut numbers: Vec<i64> = handles
        .into_iter()
        .map(|h| {
            let (status, v) = h.join().expect("thread");
            assert_eq!(status, 201, "{v}");
            assert_exact(&v);
            v["version_no"].as_i64().expect("no")
        })
        .collect();
    numbers.sort_unstable();
    assert_eq!(numbers, [2, 3]);
}

/// Page titles say what and where, so a tab or a bookmark can be told apart.
#[test]
fn page_titles_say_what_and_where() {
    let app = spawn_app!();
    let s = app.login_html(OFFICER);
    for (path, title) in [
        (
            "/allocations/1",
            "<title>Fordeling, version 1 – Flere skal med – tilskud</title>",
        ),
        (
            "/pools/1/applications/615",
            "<title>Ansøgning, Horsens – Flere skal med – tilskud</title>",
        ),
        (
            "/pools/1/target-groups",
            "<title>Målgruppe og ansøgere – Flere skal med – tilskud</title>",
        ),
    ] {
        let (status, page) = s.get_text(path);
        assert_eq!(status, 200, "{path}");
        assert!(
            page.contains(title),
            "{path}: {}",
            &page[..page.len().min(600)]
        );
    }
}

/// The page asks before it approves: the confirmation names the version it replaces
/// and the commitments resting on the pool, and nothing changes until it is confirmed.
#[test]
fn the_page_confirms_an_approval_listing_what_rests_on_the_replaced_version() {
    let app = spawn_app!();
    let s = app.login(OFFICER);
    let draft = run(&s, "Vordingborg trak sig");
    let id = draft["id"].as_i64().expect("id");
    let html = app.login_html(OFFICER);
    let (_, version_page) = html.get_text(&format!("/allocations/{id}"));
    assert!(version_page.contains(&format!("action=\"/allocations/{id}/approve\"")));

    let res = html.post_form(&format!("/allocations/{id}/approve"), &[]);
    assert_eq!(res.status(), 200);
    let page = res.text().expect("text");
    assert!(
        page.contains("Godkend fordeling, version 2 – Flere skal med"),
        "{page}"
    );
    assert!(
        page.contains("Version 1, godkendt af Signe Hansen"),
        "{page}"
    );
    assert!(page.contains("257.000.000 kr."));
    assert!(page.contains("Vordingborg trak sig"));
    assert!(page.contains("kan ikke fortrydes"));
    assert!(page.contains("Kommuner med tilsagn"), "{page}");
    assert!(page.contains("tilsagn på i alt"), "{page}");
    assert!(page.contains("name=\"confirmed\" value=\"1\""));
    let (_, v) = s.get_json(&format!("/api/v1/allocations/{id}"));
    assert_eq!(
        v["status"], "draft",
        "nothing is approved before the confirmation"
    );
    assert_eq!(
        count_audit(&mut app.db(), "allocation.approve", &id.to_string()),
        0
    );

    let res = html.post_form(&format!("/allocations/{id}/approve"), &[("confirmed", "1")]);
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/pools/1/allocation?approved=2");
    let (_, v) = s.get_json(&format!("/api/v1/allocations/{id}"));
    assert_eq!(v["status"], "approved");

    // Asking again for a decided version leads back to it.
    let res = html.post_form(&format!("/allocations/{id}/approve"), &[]);
    assert_eq!(res.status(), 303);
}
