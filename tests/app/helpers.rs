//! The test harness: `spawn_app!()` starts a server; `TestApp::login` gives a client.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use reqwest::blocking::{Client, Response};
use serde_json::Value;
use tilskud::config::{Config, Secret};
use tilskud::startup::Application;

/// Starts an app, or returns from the test when its database is unavailable outside CI.
#[macro_export]
macro_rules! spawn_app {
    () => {
        match $crate::helpers::TestApp::spawn() {
            Some(app) => app,
            None => return,
        }
    };
    ($configure:expr) => {
        match $crate::helpers::TestApp::spawn_with($configure) {
            Some(app) => app,
            None => return,
        }
    };
}

pub const OFFICER: (&str, &str) = ("officer", "demo-officer-2017");
pub const FINANCE: (&str, &str) = ("horsens.finance", "demo-finance-2017");
pub const COMMITTEE: (&str, &str) = ("horsens.committee", "demo-committee-2017");
pub const ADMIN: (&str, &str) = ("admin", "demo-admin-2017");
pub const CASEWORKER: (&str, &str) = ("horsens.caseworker", "demo-caseworker-2017");
/// Pools in the demo data: "Flere skal med" (1) and an open demo pool.
pub const DEMO_POOLS: usize = 2;
/// The pseudonym key of every test app (and of CLI runs that should link to its rows).
pub const TEST_PSEUDONYM_KEY: &str = "test-pseudonym-key-0123456789abcdef";
/// The evaluator key of every test app (the questionnaire's delivery): not the pseudonym key.
pub const TEST_EVALUATOR_KEY: &str = "test-evaluator-key-0123456789abcdef";
/// Horsens, the demo municipal users' own municipality.
pub const OWN_CODE: i32 = 615;
/// Aarhus, someone else's.
pub const OTHER_CODE: i32 = 751;

/// The clock of a test app: the system clock until a test sets it, then standing still at
/// the set instant until moved (deadlines, payable dates and session expiry without
/// waiting).
#[derive(Debug, Default)]
pub struct TestClock(std::sync::Mutex<Option<chrono::NaiveDateTime>>);

impl TestClock {
    /// Stops the clock at `at` (UTC).
    pub fn set(&self, at: chrono::NaiveDateTime) {
        *self.0.lock().expect("clock") = Some(at);
    }

    /// Stops the clock at a Copenhagen local time ("2017-06-02 12:00").
    pub fn set_local(&self, local: &str) {
        let t = chrono::NaiveDateTime::parse_from_str(local, "%Y-%m-%d %H:%M").expect("local time");
        let utc = tilskud::domain::time::local_to_utc(t).expect("an existing local time");
        self.set(utc.naive_utc());
    }

    /// Moves the clock on (from now, if it was running).
    pub fn advance(&self, by: chrono::Duration) {
        let mut t = self.0.lock().expect("clock");
        let base = t.unwrap_or_else(|| chrono::Utc::now().naive_utc());
        *t = Some(base + by);
    }
}

impl tilskud::app::clock::Clock for TestClock {
    fn now(&self) -> chrono::NaiveDateTime {
        self.0
            .lock()
            .expect("clock")
            .unwrap_or_else(|| chrono::Utc::now().naive_utc())
    }
}

pub struct TestApp {
    pub base: String,
    /// The server's clock: set it to run any request at any instant.
    pub clock: std::sync::Arc<TestClock>,
    /// Statements the server has sent to its database.
    pub queries: tilskud::db::QueryCount,
    pub database_url: String,
    _dir: tempfile::TempDir,
    pg: Option<PgDb>,
    /// Stops the server (and with it the mail worker) when the test ends.
    server: actix_web::dev::ServerHandle,
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Which database the suite runs against.
pub fn backend_url() -> Option<String> {
    let url = std::env::var("DATABASE_URL")
        .ok()
        .filter(|u| u.starts_with("postgres"));
    match url {
        Some(u) if cfg!(feature = "postgres") => Some(u),
        _ => None,
    }
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

impl TestApp {
    /// A server with the demo data loaded (users for every role, pool 1 with an approved
    /// allocation).
    pub fn spawn() -> Option<TestApp> {
        Self::spawn_with(|_| {})
    }

    /// Like `spawn`, with settings changed by `configure` (e.g. the mail worker turned on).
    pub fn spawn_with(configure: impl FnOnce(&mut Config)) -> Option<TestApp> {
        let dir = tempfile::tempdir().expect("temp dir");
        let (database_url, pg) = match backend_url() {
            None => (
                format!("sqlite://{}", dir.path().join("t.db").display()),
                None,
            ),
            Some(admin_url) => match PgDb::create(&admin_url) {
                Ok(db) => (db.url.clone(), Some(db)),
                Err(e) if in_ci() => panic!("PostgreSQL required in CI but unavailable: {e}"),
                Err(e) => {
                    eprintln!("SKIPPED: PostgreSQL at DATABASE_URL is not reachable ({e})");
                    return None;
                }
            },
        };
        let mut config = Config {
            bind: "127.0.0.1:0".into(),
            database_url: Some(database_url.clone()),
            data_dir: dir.path().to_path_buf(),
            cookie_secure: Some(false),
            db_pool_size: Some(4),
            workers: Some(2),
            log: "warn".into(),
            // Tests that send mail turn it on; the others leave queued mail pending.
            mail_worker: false,
            // Tests that check reminders turn it on.
            jobs_worker: false,
            pseudonym_key: Some(Secret(TEST_PSEUDONYM_KEY.into())),
            evaluator_key: Some(Secret(TEST_EVALUATOR_KEY.into())),
            // Every page view asks the database for its session, so a change made any
            // way (another instance, the test's own connection) shows on the next view;
            // tests/app/freshness.rs runs the watcher.
            freshness_poll_ms: 0,
            ..Config::default()
        };
        configure(&mut config);
        let clock = std::sync::Arc::new(TestClock::default());
        let (port, server, queries) = serve(config, clock.clone());
        Some(TestApp {
            base: format!("http://127.0.0.1:{port}"),
            clock,
            queries,
            database_url,
            _dir: dir,
            pg,
            server,
        })
    }

    /// A second instance serving this instance's database (as behind a load balancer).
    pub fn spawn_beside(&self, configure: impl FnOnce(&mut Config)) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = Config {
            bind: "127.0.0.1:0".into(),
            database_url: Some(self.database_url.clone()),
            data_dir: dir.path().to_path_buf(),
            cookie_secure: Some(false),
            db_pool_size: Some(4),
            workers: Some(2),
            log: "warn".into(),
            mail_worker: false,
            // Tests that check reminders turn it on.
            jobs_worker: false,
            pseudonym_key: Some(Secret(TEST_PSEUDONYM_KEY.into())),
            evaluator_key: Some(Secret(TEST_EVALUATOR_KEY.into())),
            // Every page view asks the database for its session, so a change made any
            // way (another instance, the test's own connection) shows on the next view;
            // tests/app/freshness.rs runs the watcher.
            freshness_poll_ms: 0,
            ..Config::default()
        };
        configure(&mut config);
        let (port, server, queries) = serve(config, self.clock.clone());
        TestApp {
            base: format!("http://127.0.0.1:{port}"),
            clock: self.clock.clone(),
            queries,
            database_url: self.database_url.clone(),
            _dir: dir,
            // The first instance owns (and drops) a PostgreSQL test database.
            pg: None,
            server,
        }
    }
}

/// Starts the server with the demo data on its own thread; returns its port.
fn serve(
    config: Config,
    clock: std::sync::Arc<TestClock>,
) -> (u16, actix_web::dev::ServerHandle, tilskud::db::QueryCount) {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let sys = actix_web::rt::System::new();
        sys.block_on(async move {
            let app = Application::build_with_clock(&config, clock).expect("app builds");
            {
                let mut conn = app.pool.get().expect("connection");
                tilskud::demo::load(&mut conn).expect("demo data");
            }
            let port = app.port();
            let queries = app.queries.clone();
            let server = app.into_server();
            tx.send((port, server.handle(), queries))
                .expect("send port");
            let _ = server.await;
        });
    });
    rx.recv_timeout(Duration::from_secs(60))
        .expect("server started")
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// A client that keeps cookies and does not follow redirects (tests look at them).
    pub fn client(&self) -> Client {
        Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(30))
            .build()
            .expect("client")
    }

    /// Logs in through the JSON API; returns the client and its CSRF token.
    pub fn login(&self, (user, pw): (&str, &str)) -> Session {
        let client = self.client();
        let res = client
            .post(self.url("/api/v1/session"))
            .json(&serde_json::json!({ "username": user, "password": pw }))
            .send()
            .expect("login request");
        assert_eq!(res.status(), 200, "login as {user}");
        let me: Value = res.json().expect("json");
        let csrf = me["csrf_token"].as_str().expect("csrf").to_string();
        Session {
            client,
            csrf,
            base: self.base.clone(),
        }
    }

    /// Logs in through the HTML form; returns the client and the CSRF token from a page.
    pub fn login_html(&self, (user, pw): (&str, &str)) -> Session {
        let client = self.client();
        let res = client
            .post(self.url("/login"))
            .form(&[("username", user), ("password", pw), ("next", "/pools")])
            .send()
            .expect("login");
        assert_eq!(res.status(), 303, "html login as {user}");
        let page = client
            .get(self.url("/pools"))
            .send()
            .expect("pools")
            .text()
            .expect("text");
        let csrf = extract_csrf(&page).expect("csrf field on page");
        Session {
            client,
            csrf,
            base: self.base.clone(),
        }
    }

    /// A direct database connection, for checking what was (not) written.
    pub fn db(&self) -> tilskud::db::DbConn {
        let url = tilskud::db::DbUrl::parse(&self.database_url).expect("url");
        tilskud::db::connect(&url).expect("connect")
    }
}

pub fn extract_csrf(page: &str) -> Option<String> {
    let i = page.find("name=\"csrf_token\" value=\"")?;
    let rest = &page[i + "name=\"csrf_token\" value=\"".len()..];
    Some(rest[..rest.find('"')?].to_string())
}

pub struct Session {
    pub client: Client,
    pub csrf: String,
    pub base: String,
}

impl Session {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().expect("GET")
    }

    pub fn get_text(&self, path: &str) -> (u16, String) {
        let r = self.get(path);
        (r.status().as_u16(), r.text().expect("text"))
    }

    pub fn get_json(&self, path: &str) -> (u16, Value) {
        let r = self.get(path);
        (r.status().as_u16(), r.json().unwrap_or(Value::Null))
    }

    /// An HTML form post with the session's CSRF token added.
    pub fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let mut f: Vec<(&str, &str)> = fields.to_vec();
        f.push(("csrf_token", &self.csrf));
        self.client
            .post(self.url(path))
            .form(&f)
            .send()
            .expect("POST form")
    }

    /// A JSON API call with the CSRF header.
    pub fn send_json(&self, method: reqwest::Method, path: &str, body: &Value) -> (u16, Value) {
        let r = self
            .client
            .request(method, self.url(path))
            .header("X-CSRF-Token", &self.csrf)
            .json(body)
            .send()
            .expect("JSON request");
        (r.status().as_u16(), r.json().unwrap_or(Value::Null))
    }

    pub fn put_csv(&self, path: &str, csv: &str) -> (u16, Value) {
        let r = self
            .client
            .put(self.url(path))
            .header("X-CSRF-Token", &self.csrf)
            .header("Content-Type", "text/csv")
            .body(csv.to_string())
            .send()
            .expect("PUT csv");
        (r.status().as_u16(), r.json().unwrap_or(Value::Null))
    }
}

/// A throwaway PostgreSQL database, dropped when the test ends.
struct PgDb {
    admin_url: String,
    name: String,
    url: String,
}

impl PgDb {
    fn create(admin_url: &str) -> Result<PgDb, String> {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let name = format!("tilskud_test_{}_{}", std::process::id(), n);
        pg_exec(admin_url, &format!("CREATE DATABASE {name}"))?;
        let (base, _) = admin_url
            .rsplit_once('/')
            .ok_or("DATABASE_URL has no database name")?;
        Ok(PgDb {
            admin_url: admin_url.to_string(),
            url: format!("{base}/{name}"),
            name,
        })
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Sends the stop command at once; the server thread then ends by itself.
        drop(self.server.stop(false));
        if let Some(pg) = &self.pg {
            let _ = pg_exec(
                &pg.admin_url,
                &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", pg.name),
            );
        }
    }
}

#[cfg(feature = "postgres")]
fn pg_exec(url: &str, sql: &str) -> Result<(), String> {
    use diesel::connection::SimpleConnection;
    use diesel::Connection;
    let mut c = diesel::pg::PgConnection::establish(url).map_err(|e| e.to_string())?;
    c.batch_execute(sql).map_err(|e| e.to_string())
}

#[cfg(not(feature = "postgres"))]
fn pg_exec(_url: &str, _sql: &str) -> Result<(), String> {
    Err("built without the postgres feature".into())
}

/// Checks an allocation CSV (download or `tilskud allocate`): the header, the number of
/// lines, and that the amounts add up to `total` kroner. Returns the data lines.
pub fn assert_allocation_csv(text: &str, lines: usize, total: i64) -> Vec<&str> {
    let mut all = text.lines();
    assert_eq!(
        all.next(),
        Some("municipality_code,name,target_group,exact_quota,amount")
    );
    let rows: Vec<&str> = all.filter(|l| !l.is_empty()).collect();
    assert_eq!(rows.len(), lines);
    let sum: i64 = rows
        .iter()
        .map(|l| {
            l.rsplit(',')
                .next()
                .expect("amount")
                .parse::<i64>()
                .expect("whole kroner")
        })
        .sum();
    assert_eq!(sum, total);
    rows
}

/// The demo's second officer, who approves what `officer` prepares.
pub const APPROVER: (&str, &str) = ("approver", "demo-approver-2017");

/// Pays a rate the way money leaves: the officer prepares the payout, the second officer
/// approves it, the officer batches it and marks the batch paid, all at `now`. The first
/// refusal is returned (e.g. a condition not met).
pub fn pay_rate(
    conn: &mut tilskud::db::DbConn,
    commitment_id: i64,
    rate_no: i32,
    now: chrono::NaiveDateTime,
) -> Result<(), tilskud::error::AppError> {
    use tilskud::app::payouts::{self, batches};
    let who = |conn: &mut tilskud::db::DbConn, name: &str| {
        let u = tilskud::db::queries::users::by_username(conn, name)
            .expect("users")
            .expect("user");
        tilskud::db::audit::Actor {
            user_id: Some(u.id),
            label: u.username,
        }
    };
    let officer = who(conn, OFFICER.0);
    let approver = who(conn, APPROVER.0);
    let pool_id = tilskud::db::queries::commitments::get(conn, commitment_id)
        .expect("commitment")
        .expect("commitment")
        .commitment
        .pool_id;
    let payout = payouts::prepare(conn, &officer, now, (commitment_id, rate_no))?;
    payouts::approve(conn, &approver, now, payout.id)?;
    let batch = batches::create(conn, &officer, now, pool_id)?;
    batches::mark_paid(
        conn,
        &officer,
        now,
        (batch.id, now.date()),
        tilskud::app::applications::Mail::Queue,
    )?;
    Ok(())
}

/// A documented exception from one condition of a rate: the officer proposes it, the
/// second officer approves it (for tests about something else than that condition).
pub fn grant_override(
    conn: &mut tilskud::db::DbConn,
    commitment_id: i64,
    rate_no: i32,
    condition: &str,
    now: chrono::NaiveDateTime,
) {
    use tilskud::app::payouts;
    let who = |conn: &mut tilskud::db::DbConn, name: &str| {
        let u = tilskud::db::queries::users::by_username(conn, name)
            .expect("users")
            .expect("user");
        tilskud::db::audit::Actor {
            user_id: Some(u.id),
            label: u.username,
        }
    };
    let officer = who(conn, OFFICER.0);
    let approver = who(conn, APPROVER.0);
    let o = payouts::propose_override(
        conn,
        &officer,
        now,
        (commitment_id, rate_no),
        condition,
        "Prøvet på anden vis (test)",
    )
    .expect("proposed");
    payouts::decide_override(conn, &approver, now, o.id, true).expect("approved");
}

/// The statements a page view sends (counted by the pool), and the page; the view must
/// answer 200.
pub fn statements(app: &TestApp, s: &Session, page: &str) -> (u64, String) {
    let before = app.queries.get();
    let (status, body) = s.get_text(page);
    assert_eq!(status, 200, "{page}");
    (app.queries.get() - before, body)
}

/// Pool 1's edit form as the demo has it, with `name` as the new name: a change that
/// raises the data version and shows on the pool's pages.
pub fn renamed_pool(name: &str) -> Vec<(&str, &str)> {
    vec![
        ("name", name),
        ("finance_account", "FL § 17.46.64.10"),
        ("amount", "257.000.000"),
        ("period_start", "2017-06-01"),
        ("period_end", "2019-12-31"),
        ("deadline", "2017-06-02T12:00"),
        ("auditor_threshold", "500.000"),
        ("target_group_note", ""),
        ("rate_1_share", "30"),
        ("rate_2_share", "40"),
        ("rate_2_earliest", "2018-01-01"),
        ("rate_3_share", "30"),
        ("rate_3_earliest", "2019-01-01"),
    ]
}

/// An empty database of the suite's backend, with no app serving it (tests of
/// migrations and of restores); dropped when the test ends.
pub struct ScratchDb {
    pub url: String,
    _dir: tempfile::TempDir,
    pg: Option<PgDb>,
}

impl ScratchDb {
    pub fn create() -> Option<ScratchDb> {
        let dir = tempfile::tempdir().expect("temp dir");
        match backend_url() {
            None => Some(ScratchDb {
                url: format!("sqlite://{}", dir.path().join("scratch.db").display()),
                _dir: dir,
                pg: None,
            }),
            Some(admin_url) => match PgDb::create(&admin_url) {
                Ok(db) => Some(ScratchDb {
                    url: db.url.clone(),
                    _dir: dir,
                    pg: Some(db),
                }),
                Err(e) if in_ci() => panic!("PostgreSQL required in CI but unavailable: {e}"),
                Err(e) => {
                    eprintln!("SKIPPED: PostgreSQL at DATABASE_URL is not reachable ({e})");
                    None
                }
            },
        }
    }

    pub fn connect(&self) -> tilskud::db::DbConn {
        let url = tilskud::db::DbUrl::parse(&self.url).expect("url");
        tilskud::db::connect(&url).expect("connect")
    }
}

impl Drop for ScratchDb {
    fn drop(&mut self) {
        if let Some(pg) = &self.pg {
            let _ = pg_exec(
                &pg.admin_url,
                &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", pg.name),
            );
        }
    }
}
