//! The audit log: every change recorded with who, when, before and after, in the same
//! transaction as the change; nothing recorded for a change that did not happen; and a
//! hash chain that shows any entry changed, removed or cut off.

use std::process::Command;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use reqwest::Method;
use serde_json::{json, Value};
use tilskud::db::audit::{verify, verify_with, Anchor, Verdict};
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
        Verdict::Intact { entries, .. } if entries as i64 == before
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

/// `tilskud audit anchor`: the head as SEQ:HASH, one line on standard output.
fn anchor_now(app: &TestApp) -> (String, Anchor) {
    let out = tilskud_cli(app, &["audit", "anchor"]);
    let stdout = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let anchor: Anchor = stdout.parse().expect("SEQ:HASH");
    (stdout, anchor)
}

/// What someone with write access to the database does to hide the newest entries:
/// removes them and points the head at the last one left, as if nothing followed it.
fn cut_tail(app: &TestApp, conn: &mut DbConn, keep_seq: i64) {
    drop_trigger(app, conn, "audit_log_no_delete");
    conn.batch_execute(&format!(
        "DELETE FROM audit_log WHERE seq > {keep_seq}; \
         UPDATE audit_head SET last_seq = {keep_seq}, \
         last_hash = (SELECT hash FROM audit_log WHERE seq = {keep_seq})"
    ))
    .expect("tamper");
}

fn run_allocations(s: &Session, n: usize) {
    for i in 0..n {
        let (status, body) = s.send_json(
            Method::POST,
            "/api/v1/pools/1/allocations",
            &json!({ "reason": format!("Kørsel {i}") }),
        );
        assert_eq!(status, 201, "{body}");
    }
}

#[test]
fn a_cut_off_tail_with_a_rewritten_head_passes_plain_verify_but_not_the_anchor() {
    let app = spawn_app!();
    let s = app.login(OFFICER);
    officer_work(&s);
    let (line, anchor) = anchor_now(&app);
    assert!(anchor.seq > 5, "{line}");
    let mut conn = app.db();
    assert_eq!(
        verify_with(&mut conn, std::slice::from_ref(&anchor)).expect("verify"),
        Verdict::Intact {
            entries: anchor.seq as u64,
            head: anchor.clone()
        },
        "nothing written since the anchor"
    );

    cut_tail(&app, &mut conn, anchor.seq - 3);
    // Without the anchor the shortened log looks whole.
    assert!(verify(&mut conn).expect("verify").is_intact());
    let out = tilskud_cli(&app, &["audit", "verify"]);
    assert_eq!(out.status.code(), Some(0));
    // With it, the missing entries show.
    assert_eq!(
        verify_with(&mut conn, std::slice::from_ref(&anchor)).expect("verify"),
        Verdict::AnchorMissing {
            anchor_seq: anchor.seq,
            last_seq: anchor.seq - 3
        }
    );
    let out = tilskud_cli(&app, &["audit", "verify", "--anchor", &line]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("TAMPERED"), "{stderr}");
    assert!(
        stderr.contains(&format!("before the anchor's {}", anchor.seq)),
        "{stderr}"
    );

    // The app writes on from the rewritten head, recomputing every hash itself: the log
    // reaches past the anchor again and verifies, but not against the anchor.
    run_allocations(&s, 5);
    let plain = verify(&mut conn).expect("verify");
    assert!(
        matches!(plain, Verdict::Intact { entries, .. } if entries as i64 > anchor.seq),
        "{plain:?}"
    );
    assert!(matches!(
        verify_with(&mut conn, std::slice::from_ref(&anchor)).expect("verify"),
        Verdict::AnchorMismatch { seq, .. } if seq == anchor.seq
    ));
    let out = tilskud_cli(&app, &["audit", "verify", "--anchor", &line]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("rewritten"), "{stderr}");
    // An anchor from before the cut still holds.
    let early = Anchor {
        seq: 2,
        hash: audit_log::table
            .filter(audit_log::seq.eq(2))
            .select(audit_log::hash)
            .first(&mut conn)
            .expect("entry 2"),
    };
    let out = tilskud_cli(&app, &["audit", "verify", "--anchor", &early.to_string()]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn an_anchor_that_is_no_seq_and_hash_is_refused_with_its_form() {
    let app = spawn_app!();
    for bad in ["12", "x:abc", "-1:00", "3:0123"] {
        let arg = format!("--anchor={bad}");
        let out = tilskud_cli(&app, &["audit", "verify", &arg]);
        assert_ne!(out.status.code(), Some(0), "{bad}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("SEQ:HASH"), "{bad}: {stderr}");
    }
}

#[test]
fn renumbered_or_reordered_entries_are_found() {
    let app = spawn_app!();
    let s = app.login(OFFICER);
    officer_work(&s);
    let mut conn = app.db();
    drop_trigger(&app, &mut conn, "audit_log_no_update");
    let ids = audit_ids(&mut conn);
    let (a, b) = (ids[ids.len() / 2], ids[ids.len() / 2 + 1]);
    let seq_of = |conn: &mut DbConn, id: i64| -> i64 {
        audit_log::table
            .find(id)
            .select(audit_log::seq)
            .first(conn)
            .expect("seq")
    };
    let (seq_a, seq_b) = (seq_of(&mut conn, a), seq_of(&mut conn, b));
    assert_eq!(seq_b, seq_a + 1);

    // Given another place in the chain: its hash covers its place.
    conn.batch_execute(&format!(
        "UPDATE audit_log SET seq = seq + 1000 WHERE id = {a}"
    ))
    .expect("renumber");
    assert_eq!(
        verify(&mut conn).expect("verify"),
        Verdict::Altered { id: a }
    );
    let out = tilskud_cli(&app, &["audit", "verify"]);
    assert_eq!(out.status.code(), Some(2));
    conn.batch_execute(&format!(
        "UPDATE audit_log SET seq = seq - 1000 WHERE id = {a}"
    ))
    .expect("put back");
    assert!(verify(&mut conn).expect("verify").is_intact());

    // Two neighbours swapped, each moved with its id and number.
    conn.batch_execute(&format!(
        "UPDATE audit_log SET id = -id, seq = -seq WHERE id = {a}; \
         UPDATE audit_log SET id = {a}, seq = {seq_a} WHERE id = {b}; \
         UPDATE audit_log SET id = {b}, seq = {seq_b} WHERE id = -{a}"
    ))
    .expect("swap");
    assert_eq!(
        verify(&mut conn).expect("verify"),
        Verdict::Broken { id: a }
    );
    let out = tilskud_cli(&app, &["audit", "verify"]);
    assert_eq!(out.status.code(), Some(2));
}

/// The hash of an entry as the releases before sequence numbers wrote it (version 1).
#[allow(clippy::too_many_arguments)]
fn v1_hash(
    prev: &str,
    at: chrono::NaiveDateTime,
    actor: &str,
    action: &str,
    entity: &str,
    entity_id: &str,
    after_json: &str,
) -> String {
    use sha2::{Digest, Sha256};
    let at = at.format("%Y-%m-%dT%H:%M:%S%.6f").to_string();
    let mut h = Sha256::new();
    for f in [
        prev, &at, "", actor, action, entity, entity_id, "\u{0}", after_json,
    ] {
        h.update((f.len() as u64).to_be_bytes());
        h.update(f.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn entries_written_before_sequence_numbers_keep_verifying_and_new_ones_follow_on() {
    use tilskud::db::audit::{write, Actor, Change};
    use tilskud::db::schema::audit_head;
    let Some(db) = ScratchDb::create() else {
        return;
    };
    let mut conn = db.connect();
    tilskud::db::migrate_before(&mut conn, "2026-12-04-000003").expect("older migrations");
    // Three entries as the earlier release wrote them; ids with a gap, as a rolled-back
    // insert leaves on PostgreSQL.
    let mut prev = "0".repeat(64);
    for (i, id) in [1i64, 2, 5].into_iter().enumerate() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 30)
            .and_then(|d| d.and_hms_micro_opt(9, 0, i as u32, 123_456))
            .expect("time");
        let after = format!("{{\"name\":\"Pulje {i}\"}}");
        let hash = v1_hash(
            &prev,
            at,
            "cli",
            "pool.create",
            "pool",
            &id.to_string(),
            &after,
        );
        diesel::insert_into(audit_log::table)
            .values((
                audit_log::id.eq(id),
                audit_log::at.eq(at),
                audit_log::actor.eq("cli"),
                audit_log::action.eq("pool.create"),
                audit_log::entity.eq("pool"),
                audit_log::entity_id.eq(id.to_string()),
                audit_log::after_json.eq(&after),
                audit_log::prev_hash.eq(&prev),
                audit_log::hash.eq(&hash),
            ))
            .execute(&mut conn)
            .expect("old entry");
        prev = hash;
    }
    diesel::update(audit_head::table.find(1))
        .set(audit_head::last_hash.eq(&prev))
        .execute(&mut conn)
        .expect("head");
    if db.url.starts_with("postgres") {
        conn.batch_execute("SELECT setval('audit_log_id_seq', 5)")
            .expect("sequence");
    }

    tilskud::db::migrate(&mut conn).expect("the rest");
    let old = Anchor {
        seq: 3,
        hash: prev.clone(),
    };
    assert_eq!(
        verify(&mut conn).expect("verify"),
        Verdict::Intact {
            entries: 3,
            head: old.clone()
        }
    );
    let numbered: Vec<(i64, i64, i32)> = audit_log::table
        .order(audit_log::id.asc())
        .select((audit_log::id, audit_log::seq, audit_log::hash_version))
        .load(&mut conn)
        .expect("rows");
    assert_eq!(numbered, vec![(1, 1, 1), (2, 2, 1), (5, 3, 1)]);

    // New entries use the formula that covers their number, and follow on.
    for entity_id in ["1", "2"] {
        write(
            &mut conn,
            &Actor::system("test"),
            chrono::Utc::now().naive_utc(),
            |_| {
                Ok::<_, diesel::result::Error>((
                    (),
                    vec![Change::new("pool.update", "pool", entity_id)],
                ))
            },
        )
        .expect("write");
    }
    let newer: Vec<(i64, i32)> = audit_log::table
        .filter(audit_log::id.gt(5))
        .order(audit_log::id.asc())
        .select((audit_log::seq, audit_log::hash_version))
        .load(&mut conn)
        .expect("rows");
    assert_eq!(newer, vec![(4, 2), (5, 2)]);
    let verdict = verify_with(&mut conn, std::slice::from_ref(&old)).expect("verify");
    assert!(
        matches!(verdict, Verdict::Intact { entries: 5, ref head } if head.seq == 5),
        "{verdict:?}"
    );

    // An old entry renumbered, a new one passed off as old: both found.
    let drop_update = if db.url.starts_with("postgres") {
        "DROP TRIGGER audit_log_no_update ON audit_log"
    } else {
        "DROP TRIGGER audit_log_no_update"
    };
    conn.batch_execute(drop_update).expect("drop trigger");
    conn.batch_execute("UPDATE audit_log SET seq = 9 WHERE id = 2")
        .expect("renumber");
    assert_eq!(
        verify(&mut conn).expect("verify"),
        Verdict::OutOfSequence {
            id: 2,
            seq: 9,
            expected: 2
        }
    );
    conn.batch_execute("UPDATE audit_log SET seq = 2 WHERE id = 2")
        .expect("put back");
    let first_new: i64 = audit_log::table
        .filter(audit_log::hash_version.eq(2))
        .select(diesel::dsl::min(audit_log::id))
        .first::<Option<i64>>(&mut conn)
        .expect("min")
        .expect("a new entry");
    conn.batch_execute(&format!(
        "UPDATE audit_log SET hash_version = 1 WHERE id = {first_new}"
    ))
    .expect("downgrade");
    assert_eq!(
        verify(&mut conn).expect("verify"),
        Verdict::Altered { id: first_new }
    );
}
