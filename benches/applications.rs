//! Latency of the officer's application list with 98 applications, and the time to
//! render a commitment letter. Run: `cargo bench --bench applications`.
//!
//! Starts the real server on a temporary SQLite database, creates a pool that all 98
//! municipalities applied to, submits an application for each, and times GET requests
//! of the list one after another (no concurrency: this is latency, not throughput).

use std::time::{Duration, Instant};

use tilskud::app::{allocations, pools, target_groups};
use tilskud::config::Config;
use tilskud::db::audit::Actor;
use tilskud::db::queries::{applications, users};
use tilskud::domain::allocation::Applicant;
use tilskud::domain::municipality;
use tilskud::startup::Application;

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = Config {
        bind: "127.0.0.1:0".into(),
        database_url: Some(format!("sqlite://{}", dir.path().join("b.db").display())),
        data_dir: dir.path().to_path_buf(),
        cookie_secure: Some(false),
        workers: Some(2),
        log: "warn".into(),
        ..Config::default()
    };
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let app = Application::build(&config).expect("app");
            let pool = app.pool.clone();
            tx.send((app.port(), pool)).expect("send");
            let _ = app.run_until_stopped().await;
        });
    });
    let (port, db) = rx.recv_timeout(Duration::from_secs(60)).expect("started");
    let mut conn = db.get().expect("conn");
    tilskud::demo::load(&mut conn).expect("demo");
    let officer = users::by_username(&mut conn, "officer")
        .expect("q")
        .expect("officer");
    let actor = Actor {
        user_id: Some(officer.id),
        label: officer.username.clone(),
    };
    let now = chrono::Utc::now().naive_utc();
    let form = pools::PoolDraft {
        name: "Benchmark: alle 98 kommuner".into(),
        finance_account: "FL § 17.46.64.10".into(),
        amount: "257.000.000".into(),
        period_start: "2027-01-01".into(),
        period_end: "2028-12-31".into(),
        deadline: "2099-01-01T12:00".into(),
        auditor_threshold: "500.000".into(),
        rates: vec![
            pools::RateDraft {
                share_percent: "30".into(),
                earliest: String::new(),
                ..Default::default()
            },
            pools::RateDraft {
                share_percent: "40".into(),
                earliest: "2028-01-01".into(),
                ..Default::default()
            },
            pools::RateDraft {
                share_percent: "30".into(),
                earliest: "2028-06-01".into(),
                ..Default::default()
            },
        ],
        ..pools::PoolDraft::default()
    };
    let pool_id = pools::create(&mut conn, &actor, now, &form.validate().expect("valid"))
        .expect("pool")
        .row
        .id;
    let counts: Vec<Applicant> = municipality::all()
        .iter()
        .enumerate()
        .map(|(i, m)| Applicant {
            code: m.code,
            target_group: 100 + (i as u64 * 37) % 400,
        })
        .collect();
    target_groups::import(
        &mut conn,
        &actor,
        now,
        pool_id,
        &counts,
        "bench",
        &mut |_| {},
    )
    .expect("import");
    let all: std::collections::BTreeSet<i32> =
        counts.iter().map(|a| i32::from(a.code.as_u16())).collect();
    target_groups::set_applied(&mut conn, &actor, now, pool_id, &all).expect("applied");
    let reason = allocations::Reason::parse("bench").expect("reason");
    let v = allocations::run(&mut conn, &actor, now, pool_id, &reason).expect("run");
    allocations::approve(&mut conn, &actor, now, v.id).expect("approve");
    for code in &all {
        let expected = applications::expected_grant(&mut conn, pool_id, *code)
            .expect("q")
            .expect("expected");
        let form = tilskud::app::applications::ApplicationDraft {
            contact_name: "Kontakt".into(),
            contact_title: "Projektleder".into(),
            contact_email: "kontakt@kommune.example".into(),
            contact_phone: "70101010".into(),
            obligations: tilskud::domain::budget::Obligation::ALL
                .iter()
                .map(|o| o.key().to_string())
                .collect(),
            budget: vec![tilskud::app::applications::BudgetRowDraft {
                item: "caseworker-salaries".into(),
                description: "Løn".into(),
                amounts: [(2027, tilskud::app::applications::amount_text(expected))]
                    .into_iter()
                    .collect(),
            }],
            ..tilskud::app::applications::ApplicationDraft::default()
        };
        let input = form.parse(&[2027, 2028]).expect("parse");
        tilskud::app::applications::submit(
            &mut conn,
            &actor,
            now,
            (pool_id, *code),
            &input,
            tilskud::app::applications::Mail::Skip,
        )
        .expect("submit");
    }
    drop(conn);

    let client = reqwest::blocking::Client::builder()
        .cookie_store(true)
        .build()
        .expect("client");
    let base = format!("http://127.0.0.1:{port}");
    client
        .post(format!("{base}/login"))
        .form(&[("username", "officer"), ("password", "demo-officer-2017")])
        .send()
        .expect("login");
    let url = format!("{base}/pools/{pool_id}/applications");
    let first = client.get(&url).send().expect("get").text().expect("text");
    assert_eq!(
        first.matches("/applications/").count(),
        98,
        "98 applications listed"
    );
    let runs = 500;
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            let body = client.get(&url).send().expect("get").bytes().expect("body");
            assert!(!body.is_empty());
            t.elapsed()
        })
        .collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "application list, 98 applications ({} kB): p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms ({runs} sequential requests)",
        first.len() / 1024,
        ms(times[runs / 2]),
        ms(times[runs * 99 / 100]),
        ms(times[runs - 1])
    );

    let mut conn = db.get().expect("conn");
    let letter_runs = 2_000;
    let t = Instant::now();
    for _ in 0..letter_runs {
        let letter = tilskud::app::commitments::letter(&mut conn, 1, 615).expect("letter");
        let view = tilskud::app::documents::letter_view(&letter);
        let html =
            tilskud_templates::pages::letter::letter(&view, "/static/letter.css").into_string();
        let text = tilskud_templates::pages::letter::letter_text(&view);
        assert!(html.len() > 1000 && text.len() > 500);
    }
    println!(
        "commitment letter (read from the database, rendered as HTML and as email text): mean {:.1} µs ({letter_runs} runs)",
        t.elapsed().as_secs_f64() * 1e6 / f64::from(letter_runs)
    );
}
