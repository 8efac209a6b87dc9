//! The audit log: every change recorded with who, when, before and after, in the same
//! transaction as the change; nothing recorded for a change that did not happen; and a
//! hash chain that shows any entry changed, removed or cut off.

use std::process::Command;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use reqwest::Method;
use serde_json::{json, Value};
use tilskud::db::audit::{verify, Verdict};
use tilskud::db::schema::audit_log;
use tilskud::db::DbConn;

use crate::helpers::*;
use crate::spawn_app;

fn audit_count(conn: &mut DbConn) -> i64 {
    audit_log::table.count().get_result(conn).expect("count")
}

fn audit_ids(conn: &mut DbConn) -> Vec<i64> {
    audit_log::table
        .order(audit_log::id.asc())
        .select(audit_log::id)
        .load(conn)
        .expect("ids")
}

fn is_postgres(app: &TestApp) -> bool {
    app.database_url.starts_with("postgres")
}

fn drop_trigger(app: &TestApp, conn: &mut DbConn, name: &str) {
    let sql = if is_postgres(app) {
        format!("DROP TRIGGER {name} ON audit_log")
    } else {
        format!("DROP TRIGGER {name}")
    };
    conn.batch_execute(&sql).expect("drop trigger");
}

fn tilskud_cli(app: &TestApp, args: &[&str]) -> std::process::Output {
    let dir = tempfile::tempdir().expect("dir");
    Command::new(env!("CARGO_BIN_EXE_tilskud"))
        .args(args)
        .current_dir(dir.path())
        .env_remove("TILSKUD_CONFIG")
        .env("TILSKUD_DATABASE_URL", &app.database_url)
        .env("TILSKUD_LOG", "warn")
        .output()
        .expect("run tilskud")
}

/// Some officer work through the API: a pool, an allocation run and approved, new
/// counts, a user.
fn officer_work(s: &Session) -> (i64, i64, i64) {
    let (status, pool) = s.send_json(
        Method::POST,
        "/api/v1/pools",
        &json!({
            "name": "Flere skal med 2",
            "finance_account": "FL § 17.46.64.20",
            "amount": "55.000.000",
            "period_start": "2019-12-01",
            "period_end": "2021-12-31",
            "deadline": "2019-10-01T12:00",
            "auditor_threshold": "500.000",
            "rates": [{ "share_percent": "100", "earliest": "" }],
        }),
    );
    assert_eq!(status, 201, "{pool}");
    let (status, run) = s.send_json(
        Method::POST,
        "/api/v1/pools/1/allocations",
        &json!({ "reason": "Revision af fordelingen" }),
    );
    assert_eq!(status, 201, "{run}");
    let alloc = run["id"].as_i64().expect("id");
    let (status, body) = s.send_json(
        Method::POST,
        &format!("/api/v1/allocations/{alloc}/approve"),
        &json!({}),
    );
    assert_eq!(status, 200, "{body}");
    let (status, body) = s.put_csv(
        "/api/v1/pools/1/target-groups",
        "municipality_code,target_group\n615,330\n751,1450\n",
    );
    assert_eq!(status, 200, "{body}");
    let (status, user) = s.send_json(
        Method::POST,
        "/api/v1/users",
        &json!({
            "username": "vejle.finance",
            "display_name": "Lise Vejle",
            "role": "finance",
            "municipality_code": 630,
            "password": "et-langt-kodeord-2017",
        }),
    );
    assert_eq!(status, 201, "{user}");
    (
        pool["id"].as_i64().expect("pool id"),
        alloc,
        user["id"].as_i64().expect("user id"),
    )
}

fn find<'a>(log: &'a [Value], action: &str, entity_id: &str) -> &'a Value {
    log.iter()
        .find(|e| e["action"] == action && e["entity_id"] == entity_id)
        .unwrap_or_else(|| panic!("{action} {entity_id} in the audit log"))
}

fn json_field(e: &Value, field: &str) -> Value {
    let text = e[field]
        .as_str()
        .unwrap_or_else(|| panic!("{field} of {}", e["action"]));
    serde_json::from_str(text).expect("stored JSON")
}

#[test]
fn every_change_is_in_the_audit_log_with_who_and_before_and_after() {
    let app = spawn_app!();
    let s = app.login(OFFICER);
    let (_, me) = s.get_json("/api/v1/me");
    let officer_id = me["id"].as_i64().expect("id");
    let (pool, alloc, user) = officer_work(&s);
    let (status, log) = s.get_json("/api/v1/audit?limit=1000");
    assert_eq!(status, 200);
    let log = log.as_array().expect("entries").clone();

    let expected = [
        ("pool.create", pool.to_string()),
        ("allocation.run", alloc.to_string()),
        ("allocation.approve", alloc.to_string()),
        ("target-group.import", "1".to_string()),
        ("user.create", user.to_string()),
    ];
    for (action, id) in &expected {
        let e = find(&log, action, id);
        assert_eq!(e["actor"], "officer", "{action}");
        assert_eq!(e["actor_id"], officer_id, "{action}");
        assert!(
            e["after_json"].is_string(),
            "{action} records the after state"
        );
        assert!(e["at"].is_string());
    }
    let created = json_field(find(&log, "pool.create", &pool.to_string()), "after_json");
    assert_eq!(created["name"], "Flere skal med 2");
    assert_eq!(created["amount_ore"], 5_500_000_000i64);
    let approve = find(&log, "allocation.approve", &alloc.to_string());
    assert_eq!(json_field(approve, "before_json")["status"], "draft");
    assert_eq!(json_field(approve, "after_json")["status"], "approved");
    let import = find(&log, "target-group.import", "1");
    let before = json_field(import, "before_json");
    assert_eq!(before.as_array().map(Vec::len), Some(89), "the old counts");
    assert!(import["after_json"].as_str().unwrap_or("").contains("330"));
    let new_user = json_field(find(&log, "user.create", &user.to_string()), "after_json");
    assert_eq!(new_user["username"], "vejle.finance");
    assert!(
        !find(&log, "user.create", &user.to_string())["after_json"]
            .as_str()
            .unwrap_or("")
            .contains("et-langt-kodeord"),
        "never the password"
    );
    // Newest first, each entry chained to the one before it.
    for pair in log.windows(2) {
        assert!(pair[0]["id"].as_i64() > pair[1]["id"].as_i64());
        assert_eq!(pair[0]["prev_hash"], pair[1]["hash"]);
    }
    assert!(matches!(
        verify(&mut app.db()).expect("verify"),
        Verdict::Intact { .. }
    ));
    // The officer's page lists them too.
    let h = app.login_html(OFFICER);
    let (status, page) = h.get_text("/audit");
    assert_eq!(status, 200);
    assert!(page.contains("user.create") && page.contains("allocation.approve"));
    // In words, with the technical detail folded away.
    assert!(
        page.contains("Signe Hansen godkendte version 2 af fordelingen i Flere skal med."),
        "{page}"
    );
    assert!(
        page.contains("Signe Hansen oprettede puljen Flere skal med 2."),
        "{page}"
    );
    assert!(
        page.contains("Signe Hansen oprettede brugeren Lise Vejle."),
        "{page}"
    );
    assert!(page.contains("<summary>Teknisk detalje</summary>"));
    let (_, english) = h.get_text("/audit?lang=en");
    assert!(
        english.contains("Signe Hansen approved version 2 of the allocation in Flere skal med."),
        "{english}"
    );
}

#[test]
fn a_change_that_fails_writes_no_audit_entry() {
    let app = spawn_app!();
    let s = app.login(OFFICER);
    let committee = app.login(COMMITTEE);
    let mut conn = app.db();
    let before = audit_count(&mut conn);
    let attempts: Vec<(&str, u16)> = vec![
        (
            "invalid pool",
            s.send_json(Method::POST, "/api/v1/pools", &json!({ "name": "" }))
                .0,
        ),
        (
            "run without reason",
            s.send_json(
                Method::POST,
                "/api/v1/pools/1/allocations",
                &json!({ "reason": "" }),
            )
            .0,
        ),
        (
            "approve twice",
            s.send_json(Method::POST, "/api/v1/allocations/1/approve", &json!({}))
                .0,
        ),
        (
            "bad CSV",
            s.put_csv(
                "/api/v1/pools/1/target-groups",
                "municipality_code,target_group\n999,1\n",
            )
            .0,
        ),
        (
            "applicant without count",
            s.send_json(
                Method::PUT,
                "/api/v1/pools/1/applicants",
                &json!({ "municipality_codes": [825] }),
            )
            .0,
        ),
        (
            "duplicate username",
            s.send_json(
                Method::POST,
                "/api/v1/users",
                &json!({
                    "username": "officer",
                    "display_name": "Endnu en",
                    "role": "officer",
                    "password": "et-langt-kodeord-2017",
                }),
            )
            .0,
        ),
        (
            "pool that does not exist",
            s.send_json(
                Method::POST,
                "/api/v1/pools/77/allocations",
                &json!({ "reason": "findes ikke" }),
            )
            .0,
        ),
        (
            "committee run",
            committee
                .send_json(
                    Method::POST,
                    "/api/v1/pools/1/allocations",
                    &json!({ "reason": "udvalget" }),
                )
                .0,
        ),
    ];
    for (what, status) in &attempts {
        assert!((400..500).contains(status), "{what}: {status}");
    }
    assert_eq!(audit_count(&mut conn), before, "{attempts:?}");
    // A change that works is recorded, to show the count is live.
    let (status, _) = s.send_json(
        Method::POST,
        "/api/v1/pools/1/allocations",
        &json!({ "reason": "virker" }),
    );
    assert_eq!(status, 201);
    assert_eq!(audit_count(&mut conn), before + 1);
}

#[test]
fn the_audit_log_cannot_be_updated_or_deleted_while_its_triggers_stand() {
    let app = spawn_app!();
    let mut conn = app.db();
    let before = audit_count(&mut conn);
    for sql in [
        "UPDATE audit_log SET actor = 'someone else'",
        "DELETE FROM audit_log",
        "DELETE FROM audit_log WHERE id = (SELECT MAX(id) FROM audit_log)",
    ] {
        let err = conn.batch_execute(sql).expect_err(sql);
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
    assert_eq!(audit_count(&mut conn), before);
    assert!(matches!(
        verify(&mut conn).expect("verify"),
        Verdict::Intact { entries } if entries as i64 == before
    ));
}

#[test]
fn a_changed_entry_is_found() {
    let app = spawn_app!();
    let s = app.login(OFFICER);
    officer_work(&s);
    let mut conn = app.db();
    let target: i64 = audit_log::table
        .filter(audit_log::action.eq("pool.create"))
        .order(audit_log::id.desc())
        .select(audit_log::id)
        .first(&mut conn)
        .expect("pool.create entry");
    drop_trigger(&app, &mut conn, "audit_log_no_update");
    conn.batch_execute(&format!(
        "UPDATE audit_log SET after_json = '{{\"name\":\"Noget andet\"}}' WHERE id = {target}"
    ))
    .expect("tamper");
    assert_eq!(
        verify(&mut conn).expect("verify"),
        Verdict::Altered { id: target }
    );
}

#[test]
fn a_removed_entry_in_the_middle_breaks_the_chain() {
    let app = spawn_app!();
    let s = app.login(OFFICER);
    officer_work(&s);
    let mut conn = app.db();
    let ids = audit_ids(&mut conn);
    assert!(ids.len() > 10);
    let middle = ids[ids.len() / 2];
    let next = ids[ids.len() / 2 + 1];
    drop_trigger(&app, &mut conn, "audit_log_no_delete");
    conn.batch_execute(&format!("DELETE FROM audit_log WHERE id = {middle}"))
        .expect("tamper");
    assert_eq!(
        verify(&mut conn).expect("verify"),
        Verdict::Broken { id: next }
    );
}

#[test]
fn a_removed_last_entry_is_found() {
    let app = spawn_app!();
    let mut conn = app.db();
    let ids = audit_ids(&mut conn);
    let (last, before_last) = (ids[ids.len() - 1], ids[ids.len() - 2]);
    drop_trigger(&app, &mut conn, "audit_log_no_delete");
    conn.batch_execute(&format!("DELETE FROM audit_log WHERE id = {last}"))
        .expect("tamper");
    assert_eq!(
        verify(&mut conn).expect("verify"),
        Verdict::TailMissing {
            last_id: Some(before_last)
        }
    );
}

#[test]
fn tilskud_audit_verify_says_intact_and_exits_2_after_tampering() {
    let app = spawn_app!();
    let s = app.login(OFFICER);
    officer_work(&s);
    let out = tilskud_cli(&app, &["audit", "verify"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("intact"), "{stdout}");

    let mut conn = app.db();
    let target = audit_ids(&mut conn)[3];
    drop_trigger(&app, &mut conn, "audit_log_no_update");
    conn.batch_execute(&format!(
        "UPDATE audit_log SET actor = 'someone else' WHERE id = {target}"
    ))
    .expect("tamper");
    let out = tilskud_cli(&app, &["audit", "verify"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("TAMPERED"), "{stderr}");
    assert!(stderr.contains(&format!("entry {target}")), "{stderr}");
}

#[test]
fn a_password_change_is_recorded_without_the_password_or_its_hash() {
    let app = spawn_app!();
    let s = app.login(OFFICER);
    let (_, users) = s.get_json("/api/v1/users");
    let finance = users
        .as_array()
        .expect("users")
        .iter()
        .find(|u| u["username"] == FINANCE.0)
        .expect("finance user")
        .clone();
    let id = finance["id"].as_i64().expect("id");
    let (status, body) = s.send_json(
        Method::PUT,
        &format!("/api/v1/users/{id}"),
        &json!({
            "username": FINANCE.0,
            "display_name": "Jens Mortensen",
            "role": "finance",
            "municipality_code": OWN_CODE,
            "password": "et-helt-nyt-kodeord-2018",
        }),
    );
    assert_eq!(status, 200, "{body}");
    let (_, log) = s.get_json("/api/v1/audit?entity=user");
    let entry = find(
        log.as_array().expect("log"),
        "user.update-password",
        &id.to_string(),
    );
    let all = entry.to_string();
    assert!(!all.contains("et-helt-nyt-kodeord"), "{all}");
    assert!(!all.contains("argon2"), "no password hash: {all}");
    assert!(!all.contains("password_hash"), "{all}");
    assert_eq!(json_field(entry, "before_json")["username"], FINANCE.0);
    // The new password works, the old one does not.
    app.login((FINANCE.0, "et-helt-nyt-kodeord-2018"));
    let res = app
        .client()
        .post(app.url("/api/v1/session"))
        .json(&json!({ "username": FINANCE.0, "password": FINANCE.1 }))
        .send()
        .expect("login");
    assert_eq!(res.status(), 401);
}
