//! Several instances behind a load balancer on one PostgreSQL database (issue 15): a
//! session made on one is good on the other, concurrent approvals through both give one
//! winner, and with the mail worker on both the outbox delivers each email once.
//! PostgreSQL only (the production setup for several instances); skipped with a reason
//! without it, required in CI.

use std::collections::BTreeSet;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use diesel::prelude::*;
use reqwest::Method;
use serde_json::{json, Value};
use tilskud::config::{Config, MailTransport};
use tilskud::db::audit::{self, Actor, Change};
use tilskud::mail::{enqueue, Address, NewEmail};

use crate::helpers::*;
use crate::spawn_app;

fn file_mail(dir: std::path::PathBuf) -> impl FnOnce(&mut Config) {
    move |c: &mut Config| {
        c.mail_worker = true;
        c.mail_transport = MailTransport::File;
        c.mail_dir = Some(dir);
        c.mail_poll_ms = 20;
    }
}

/// The session token from a login's `Set-Cookie`.
fn session_token(res: &reqwest::blocking::Response) -> String {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("tilskud="))
        .and_then(|c| c.split(';').next())
        .expect("session cookie")
        .to_string()
}

#[test]
fn two_instances_on_one_postgresql_database_share_sessions_approvals_and_the_outbox() {
    if backend_url().is_none() {
        eprintln!("SKIPPED: the several-instances test needs PostgreSQL (build with --features postgres, set DATABASE_URL)");
        return;
    }
    let (mail_a, mail_b) = (
        tempfile::tempdir().expect("dir"),
        tempfile::tempdir().expect("dir"),
    );
    let a = spawn_app!(file_mail(mail_a.path().to_path_buf()));
    let b = a.spawn_beside(file_mail(mail_b.path().to_path_buf()));

    // A session made on A works on B: the session lives in the database.
    let plain = reqwest::blocking::Client::new();
    let res = plain
        .post(a.url("/api/v1/session"))
        .json(&json!({ "username": OFFICER.0, "password": OFFICER.1 }))
        .send()
        .expect("login on A");
    assert_eq!(res.status(), 200);
    let token = session_token(&res);
    let me: Value = res.json().expect("json");
    let res = plain
        .get(b.url("/api/v1/me"))
        .header("Cookie", format!("tilskud={token}"))
        .send()
        .expect("me on B");
    assert_eq!(res.status(), 200, "the session from A is good on B");
    let on_b: Value = res.json().expect("json");
    assert_eq!(on_b["username"], me["username"]);
    assert_eq!(on_b["csrf_token"], me["csrf_token"]);
    // And a write on B with it, CSRF token from A.
    let res = plain
        .post(b.url("/api/v1/pools/1/allocations"))
        .header("Cookie", format!("tilskud={token}"))
        .header("X-CSRF-Token", me["csrf_token"].as_str().expect("csrf"))
        .json(&json!({ "reason": "To instanser, én godkendelse" }))
        .send()
        .expect("allocation run on B");
    assert_eq!(res.status(), 201);
    let draft: Value = res.json().expect("json");
    let id = draft["id"].as_i64().expect("id");

    // Ten approvals of that draft at once, half through each instance: one winner.
    let sessions: Vec<Session> = (0..10)
        .map(|i| {
            if i % 2 == 0 {
                a.login(OFFICER)
            } else {
                b.login(OFFICER)
            }
        })
        .collect();
    let start = Arc::new(Barrier::new(sessions.len()));
    let answers: Vec<(u16, Value)> = sessions
        .into_iter()
        .map(|s| {
            let start = Arc::clone(&start);
            std::thread::spawn(move || {
                start.wait();
                s.send_json(
                    Method::POST,
                    &format!("/api/v1/allocations/{id}/approve"),
                    &json!({}),
                )
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|h| h.join().expect("thread"))
        .collect();
    let won = answers.iter().filter(|(s, _)| *s == 200).count();
    let lost = answers.iter().filter(|(s, _)| *s == 409).count();
    assert_eq!((won, lost), (1, 9), "{answers:?}");
    {
        use tilskud::db::schema::{allocations, audit_log};
        let mut conn = a.db();
        let approved: Vec<i64> = allocations::table
            .filter(allocations::pool_id.eq(1))
            .filter(allocations::status.eq("approved"))
            .select(allocations::id)
            .load(&mut conn)
            .expect("approved");
        assert_eq!(approved, [id]);
        let audited: i64 = audit_log::table
            .filter(audit_log::action.eq("allocation.approve"))
            .filter(audit_log::entity_id.eq(id.to_string()))
            .count()
            .get_result(&mut conn)
            .expect("audit");
        assert_eq!(audited, 1);
    }

    // Both instances run the mail worker: every email delivered once, by one of them.
    let mut conn = a.db();
    let now = tilskud::app::clock::system_now();
    let ids: Vec<i64> = audit::write(&mut conn, &Actor::system("test"), now, |c| {
        let ids = (0..40)
            .map(|n| {
                enqueue(
                    c,
                    now,
                    &NewEmail {
                        kind: "test-letter",
                        to: Address::parse(&format!("tilskud{n}@aeroe.dk")).expect("address"),
                        subject: format!("Brev {n}"),
                        body_text: "Kære Ærø Kommune".into(),
                        body_html: None,
                        related_entity: "test",
                        related_id: n.to_string(),
                    },
                )
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok::<_, diesel::result::Error>((ids, vec![Change::new("test.letters", "test", 40)]))
    })
    .expect("queued");
    use tilskud::db::schema::outbox;
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let sent: i64 = outbox::table
            .filter(outbox::id.eq_any(&ids))
            .filter(outbox::status.eq("sent"))
            .count()
            .get_result(&mut conn)
            .expect("count");
        if sent == ids.len() as i64 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "only {sent} of {} sent",
            ids.len()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(300));
    let names = |dir: &std::path::Path| -> Vec<String> {
        std::fs::read_dir(dir)
            .expect("dir")
            .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().to_string()))
            .filter(|n| ids.iter().any(|id| *n == format!("outbox-{id}.eml")))
            .collect()
    };
    let (on_a, on_b) = (names(mail_a.path()), names(mail_b.path()));
    let all: BTreeSet<&String> = on_a.iter().chain(&on_b).collect();
    assert_eq!(
        on_a.len() + on_b.len(),
        ids.len(),
        "one file per email: A {on_a:?}, B {on_b:?}"
    );
    assert_eq!(all.len(), ids.len(), "no email written by both");
    let attempts: Vec<i32> = outbox::table
        .filter(outbox::id.eq_any(&ids))
        .select(outbox::attempts)
        .load(&mut conn)
        .expect("attempts");
    assert!(
        attempts.iter().all(|n| *n == 1),
        "each claimed once: {attempts:?}"
    );
}
