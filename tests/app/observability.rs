//! What an operator watches and does (issue 15): `/ready` beside `/health`, the
//! Prometheus metrics at `/metrics` for the configured addresses only, a request id on
//! every answer (and on the error page), and a stop that finishes the requests in flight
//! and lets the mail worker finish the email in hand.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use tilskud::config::{Config, MailTransport, Secret};
use tilskud::db::audit::{self, Actor, Change};
use tilskud::mail::{enqueue, Address, NewEmail};
use tilskud::startup::Application;

use crate::helpers::*;
use crate::spawn_app;

fn metrics_text(app: &TestApp) -> String {
    let res = app
        .client()
        .get(app.url("/metrics"))
        .send()
        .expect("metrics");
    assert_eq!(res.status(), 200);
    let kind = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(kind.starts_with("text/plain; version=0.0.4"), "{kind}");
    res.text().expect("text")
}

/// The value of a sample without labels (`name value`).
fn sample(text: &str, name: &str) -> f64 {
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{name} ")))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {name} in\n{text}"))
}

#[test]
fn ready_says_200_when_migrated_and_503_with_the_reason_when_migrations_are_pending() {
    let app = spawn_app!();
    let res = app.client().get(app.url("/ready")).send().expect("ready");
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().expect("json");
    assert_eq!(body["status"], "ready");
    // As if this build were newer than the database: its last migration not yet run.
    app.db()
        .batch_execute(
            "DELETE FROM __diesel_schema_migrations WHERE version = \
             (SELECT MAX(version) FROM __diesel_schema_migrations)",
        )
        .expect("forget a migration");
    let res = app.client().get(app.url("/ready")).send().expect("ready");
    assert_eq!(res.status(), 503);
    let body: serde_json::Value = res.json().expect("json");
    assert_eq!(body["status"], "unavailable");
    assert_eq!(body["reason"], "database migrations pending");
    // Alive all the same: the load balancer takes it out, nobody restarts it.
    assert_eq!(
        app.client()
            .get(app.url("/health"))
            .send()
            .expect("health")
            .status(),
        200
    );
}

#[test]
fn metrics_count_requests_by_route_pattern_and_login_failures_and_read_the_outbox_queue() {
    let app = spawn_app!();
    let officer = app.login_html(OFFICER);
    assert_eq!(officer.get("/pools/1").status(), 200);
    assert_eq!(officer.get("/no/such/page").status(), 404);
    let before = sample(&metrics_text(&app), "tilskud_login_failures_total");
    let res = app
        .client()
        .post(app.url("/login"))
        .form(&[("username", "officer"), ("password", "wrong")])
        .send()
        .expect("login");
    assert_ne!(res.status(), 303);
    let res = app
        .client()
        .post(app.url("/api/v1/session"))
        .json(&serde_json::json!({ "username": "nobody", "password": "x" }))
        .send()
        .expect("api login");
    assert_eq!(res.status(), 401);
    let queued = queue_emails(&app, 3);
    let text = metrics_text(&app);
    assert!(
        text.contains(
            "tilskud_http_requests_total{route=\"/pools/{pool}\",method=\"GET\",status=\"2xx\"}"
        ),
        "{text}"
    );
    assert!(
        text.contains("tilskud_http_request_duration_seconds_bucket{route=\"/pools/{pool}\",method=\"GET\",status=\"2xx\",le=\"+Inf\"}"),
        "{text}"
    );
    assert!(
        text.contains("route=\"unmatched\",method=\"GET\",status=\"4xx\""),
        "{text}"
    );
    assert!(!text.contains("route=\"/pools/1\""), "never the raw path");
    assert!(!text.contains("/no/such/page"), "never the raw path");
    // Other tests in this process fail logins too: at least these two.
    let after = sample(&text, "tilskud_login_failures_total");
    assert!(after >= before + 2.0, "{before} -> {after}");
    assert_eq!(
        sample(&text, "tilskud_outbox_queue_depth") as i64,
        queued,
        "read from the database at scrape time"
    );
    for name in [
        "tilskud_monitoring_import_rows_total",
        "tilskud_monitoring_import_duration_seconds_count",
        "tilskud_outbox_delivery_failures_total",
        "tilskud_outbox_sent_total",
    ] {
        sample(&text, name);
    }
}

#[test]
fn metrics_are_not_found_from_an_address_not_in_metrics_allow() {
    let app = spawn_app!(|c: &mut Config| c.metrics_allow = vec!["10.0.0.0/8".into()]);
    let res = app
        .client()
        .get(app.url("/metrics"))
        .send()
        .expect("metrics");
    assert_eq!(res.status(), 404);
    assert!(!res.text().expect("text").contains("tilskud_"));
}

#[test]
fn a_monitoring_upload_is_counted_in_the_import_metrics() {
    let app = spawn_app!();
    let officer = app.login_html(OFFICER);
    let text = metrics_text(&app);
    let rows = sample(&text, "tilskud_monitoring_import_rows_total");
    let imports = sample(&text, "tilskud_monitoring_import_duration_seconds_count");
    let file = format!(
        "{}\n010190-1234,615,2018-01,1,ja,ja,12,ingen\n150285-4321,751,2018-01,1,ja,nej,0,job\n",
        tilskud::domain::monitoring::file::HEADER
    );
    let part = reqwest::blocking::multipart::Part::bytes(file.into_bytes())
        .file_name("monitorering.csv")
        .mime_str("text/csv")
        .expect("mime");
    let res = officer
        .client
        .post(officer.url(&format!("/monitoring/upload?csrf_token={}", officer.csrf)))
        .multipart(reqwest::blocking::multipart::Form::new().part("file", part))
        .send()
        .expect("upload");
    assert_eq!(res.status(), 303, "imported");
    let text = metrics_text(&app);
    // Other tests in this process import too: at least this one.
    assert!(sample(&text, "tilskud_monitoring_import_rows_total") >= rows + 2.0);
    assert!(sample(&text, "tilskud_monitoring_import_duration_seconds_count") >= imports + 1.0);
}

#[test]
fn every_answer_carries_a_request_id_and_an_error_shows_it() {
    let app = spawn_app!();
    let client = app.client();
    let id_of = |res: &reqwest::blocking::Response| {
        res.headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let res = client.get(app.url("/health")).send().expect("health");
    let made = id_of(&res);
    assert_eq!(made.len(), 16, "{made:?}");
    assert!(made.bytes().all(|b| b.is_ascii_hexdigit()));
    // A proxy's or client's own short, safe id is kept...
    let res = client
        .get(app.url("/health"))
        .header("X-Request-Id", "lb-7f3a_2.1")
        .send()
        .expect("health");
    assert_eq!(id_of(&res), "lb-7f3a_2.1");
    // ...anything else replaced.
    for bad in ["<script>alert(1)</script>", &"a".repeat(200), "has space"] {
        let res = client
            .get(app.url("/health"))
            .header("X-Request-Id", bad)
            .send()
            .expect("health");
        let id = id_of(&res);
        assert!(id.len() == 16 && id != bad, "{bad:?} -> {id:?}");
    }
    let res = client
        .get(app.url("/no/such/page"))
        .header("X-Request-Id", "trace-42")
        .send()
        .expect("404");
    assert_eq!(res.status(), 404);
    assert_eq!(id_of(&res), "trace-42");
    let page = res.text().expect("page");
    assert!(page.contains("trace-42"), "{page}");
    let res = client
        .get(app.url("/api/v1/pools"))
        .header("X-Request-Id", "trace-43")
        .send()
        .expect("401");
    assert_eq!(res.status(), 401);
    assert_eq!(id_of(&res), "trace-43");
    let body: serde_json::Value = res.json().expect("json");
    assert_eq!(body["request_id"], "trace-43");
}

/// Queues `n` emails as an operation does (inside an audited change); returns how many
/// are now waiting in the outbox.
fn queue_emails(app: &TestApp, n: u32) -> i64 {
    let mut conn = app.db();
    let now = tilskud::app::clock::system_now();
    audit::write(&mut conn, &Actor::system("test"), now, |c| {
        for i in 0..n {
            enqueue(c, now, &email(i))?;
        }
        Ok::<_, diesel::result::Error>(((), vec![Change::new("test.letters", "test", n)]))
    })
    .expect("queued");
    waiting(&mut conn)
}

fn waiting(conn: &mut tilskud::db::DbConn) -> i64 {
    use tilskud::db::schema::outbox;
    outbox::table
        .filter(outbox::status.eq_any(["pending", "sending"]))
        .count()
        .get_result(conn)
        .expect("count")
}

fn email(n: u32) -> NewEmail {
    NewEmail {
        kind: "test-letter",
        to: Address::parse(&format!("Ærø Kommune <tilskud{n}@aeroe.dk>")).expect("address"),
        subject: format!("Brev {n}"),
        body_text: "Kære Ærø Kommune".to_string(),
        body_html: None,
        related_entity: "test",
        related_id: n.to_string(),
    }
}

/// An instance beside `app`, run the way `tilskud serve` runs it (`run_until_stopped`,
/// which stops the workers after the server): its port, its handle, and a channel that
/// hears when everything has stopped.
struct Stoppable {
    port: u16,
    handle: actix_web::dev::ServerHandle,
    stopped: std::sync::mpsc::Receiver<Instant>,
}

fn spawn_stoppable(
    app: &TestApp,
    configure: impl FnOnce(&mut Config) + Send + 'static,
) -> Stoppable {
    let dir = tempfile::tempdir().expect("dir");
    let mut config = Config {
        bind: "127.0.0.1:0".into(),
        database_url: Some(app.database_url.clone()),
        data_dir: dir.path().to_path_buf(),
        cookie_secure: Some(false),
        db_pool_size: Some(4),
        workers: Some(1),
        log: "warn".into(),
        mail_worker: false,
        jobs_worker: false,
        pseudonym_key: Some(Secret(TEST_PSEUDONYM_KEY.into())),
        freshness_poll_ms: 0,
        ..Config::default()
    };
    configure(&mut config);
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    let (done_tx, done_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _dir = dir;
        let sys = actix_web::rt::System::new();
        sys.block_on(async move {
            let app = Application::build(&config).expect("app builds");
            ready_tx
                .send((app.port(), app.handle()))
                .expect("send port");
            let _ = app.run_until_stopped().await;
            let _ = done_tx.send(Instant::now());
        });
    });
    let (port, handle) = ready_rx
        .recv_timeout(Duration::from_secs(60))
        .expect("started");
    Stoppable {
        port,
        handle,
        stopped: done_rx,
    }
}

fn read_response(stream: &mut TcpStream) -> String {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        match stream.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) => {
                eprintln!("read: {e}");
                break;
            }
        }
        if String::from_utf8_lossy(&buf).contains("\r\n\r\n") {
            break;
        }
    }
    String::from_utf8_lossy(&buf).to_string()
}

#[test]
fn a_request_in_flight_when_the_stop_comes_is_answered_before_the_server_ends() {
    let app = spawn_app!();
    let server = spawn_stoppable(&app, |c| c.shutdown_timeout_secs = 20);
    let body = "username=officer&password=wrong-password";
    // A warm instance: one request served in full first. (A connection the worker has
    // not yet taken from actix's accept queue when the stop comes is dropped, by design.)
    {
        let mut probe = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
        write!(
            probe,
            "POST /login HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nOrigin: http://127.0.0.1:{}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\
             Connection: close\r\n\r\n{}",
            server.port,
            server.port,
            body.len(),
            body
        )
        .expect("probe");
        let answer = read_response(&mut probe);
        assert!(answer.starts_with("HTTP/1.1 4"), "{answer}");
    }
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    write!(
        stream,
        "POST /login HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nOrigin: http://127.0.0.1:{}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{}",
        server.port,
        server.port,
        body.len(),
        &body[..10]
    )
    .expect("first half");
    stream.flush().expect("flush");
    std::thread::sleep(Duration::from_millis(300));
    // As SIGTERM does: stop gracefully, while the request's body is still on its way.
    let stopping = std::thread::spawn({
        let handle = server.handle.clone();
        move || actix_web::rt::System::new().block_on(handle.stop(true))
    });
    let stop_requested = Instant::now();
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        server.stopped.try_recv().is_err(),
        "the server waits for the request in flight"
    );
    stream
        .write_all(&body.as_bytes()[10..])
        .expect("second half");
    let response = read_response(&mut stream);
    assert!(
        response.starts_with("HTTP/1.1 4"),
        "answered in full: {response:?}"
    );
    assert!(response.contains("x-request-id"), "{response}");
    let stopped_at = server
        .stopped
        .recv_timeout(Duration::from_secs(30))
        .expect("stopped after the answer");
    assert!(stopped_at > stop_requested + Duration::from_millis(500));
    stopping.join().expect("stop");
    // No new connections after the stop.
    assert!(TcpStream::connect(("127.0.0.1", server.port)).is_err());
}

#[test]
fn on_stop_the_mail_worker_finishes_the_email_in_hand_and_takes_no_more() {
    let app = spawn_app!();
    let mail_dir = tempfile::tempdir().expect("dir");
    let dir = mail_dir.path().to_path_buf();
    let queued = queue_emails(&app, 300);
    let server = spawn_stoppable(&app, move |c| {
        c.mail_worker = true;
        c.mail_transport = MailTransport::File;
        c.mail_dir = Some(dir);
        c.mail_poll_ms = 10;
    });
    let mut conn = app.db();
    let deadline = Instant::now() + Duration::from_secs(30);
    while waiting(&mut conn) == queued {
        assert!(Instant::now() < deadline, "the worker sent nothing");
        std::thread::sleep(Duration::from_millis(5));
    }
    actix_web::rt::System::new().block_on(server.handle.stop(true));
    server
        .stopped
        .recv_timeout(Duration::from_secs(30))
        .expect("the worker stopped");
    use tilskud::db::schema::outbox;
    let count = |status: &str| -> i64 {
        outbox::table
            .filter(outbox::status.eq(status))
            .count()
            .get_result(&mut app.db())
            .expect("count")
    };
    assert_eq!(count("sending"), 0, "no email left half-sent");
    let sent = count("sent");
    let files = std::fs::read_dir(mail_dir.path()).expect("dir").count();
    assert_eq!(files as i64, sent, "every file written is recorded as sent");
    // Stopped means stopped: nothing more goes out.
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(count("sent"), sent);
}
