//! Builds the running application from a configuration: database, pool, HTTP server.

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::middleware::{from_fn, DefaultHeaders};
use actix_web::{web, App, HttpServer};

use crate::auth::session::Policy;
use crate::config::Config;
use crate::db::{self, DbUrl, Pool};
use crate::http::{self, AppState};

pub struct Application {
    port: u16,
    server: Server,
    /// Tells the mail and jobs workers to stop once the server has (`run_until_stopped`).
    stop: crate::shutdown::Trigger,
    workers: Vec<actix_web::rt::task::JoinHandle<()>>,
    shutdown_timeout: std::time::Duration,
    pub pool: Pool,
    /// Statements sent by the pool's connections since start.
    pub queries: db::QueryCount,
}

/// Content-Security-Policy: nothing inline, nothing from elsewhere, no framing.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; font-src 'self'; form-action 'self'; frame-ancestors 'none'; \
    base-uri 'none'; object-src 'none'";

impl Application {
    /// Opens (and migrates) the database and binds the listener; port 0 picks a free port.
    pub fn build(config: &Config) -> Result<Application, Box<dyn std::error::Error>> {
        Self::build_with_clock(config, crate::app::clock::system())
    }

    /// Like `build`, with the time taken from `clock` (tests run at any instant with it).
    pub fn build_with_clock(
        config: &Config,
        clock: crate::app::clock::SharedClock,
    ) -> Result<Application, Box<dyn std::error::Error>> {
        // Read first: a wrong folder stops the start before anything is opened.
        let public = public_files(config)?;
        let trusted_proxies = http::client::TrustedProxies::parse(&config.trusted_proxies)?;
        let upload_dir = config.data_dir.join("uploads");
        // An upload's rows never outlive the process (see app::monitoring::upload); what
        // an older version or a crash left is removed before anything is served.
        let removed = crate::app::monitoring::upload::remove_leftovers(&upload_dir)
            .map_err(|e| format!("cannot clear {}: {e}", upload_dir.display()))?;
        if removed > 0 {
            tracing::warn!(
                "removed {removed} leftover upload file(s) from {}",
                upload_dir.display()
            );
        }
        let url = DbUrl::parse(&config.database_url())?;
        let queries = db::QueryCount::default();
        let pool = db::open_counted(&url, config.db_pool_size(), queries.clone())?;
        {
            let mut conn = pool.get()?;
            db::queries::municipalities::seed(&mut conn)?;
            // Rows of a monitoring import that died (or of uploads since replaced) are
            // removed before anything is served; no reader sees them anyway.
            let (rows, sets) = crate::app::monitoring::import::remove_orphans(&mut conn)?;
            if rows + sets > 0 {
                tracing::warn!(
                    "removed the rows of {rows} unfinished or replaced monitoring upload(s)"
                );
            }
        }
        let listener = TcpListener::bind(&config.bind)
            .map_err(|e| {
                format!(
                    "cannot listen on {}: {e} (choose another address with TILSKUD_BIND, e.g. TILSKUD_BIND=127.0.0.1:8081)",
                    config.bind
                )
            })?;
        let port = listener.local_addr()?.port();
        let metrics_allow = crate::http::allow::AllowList::parse(&config.metrics_allow)
            .map_err(|e| format!("metrics_allow (TILSKUD_METRICS_ALLOW): {e}"))?;
        let (stop, stopping) = crate::shutdown::channel();
        let mut workers = Vec::new();
        // Checks the mail settings even where the worker is off, so a typo fails here.
        let worker_clock = clock.clone();
        workers.extend(crate::mail::spawn_worker(
            pool.clone(),
            config,
            std::sync::Arc::new(move || worker_clock.now()),
            stopping.clone(),
        )?);
        if config.jobs_worker {
            workers.push(spawn_jobs(
                pool.clone(),
                clock.clone(),
                config.jobs_poll_secs,
                stopping,
            ));
        }
        let freshness = match config.freshness_poll_ms {
            0 => std::sync::Arc::new(crate::app::freshness::Freshness::off()),
            ms => {
                let every = std::time::Duration::from_millis(ms);
                let fresh = std::sync::Arc::new(crate::app::freshness::Freshness::polled(every));
                crate::app::freshness::spawn_watcher(&fresh, url.clone(), every)?;
                fresh
            }
        };
        let state = AppState {
            pool: pool.clone(),
            policy: Policy::default(),
            cookie_secure: config.cookie_secure(),
            inline_reads: config.inline_reads,
            lines_cache: Default::default(),
            tables: Default::default(),
            cache: Default::default(),
            pseudonym_key: config.pseudonym_key.as_ref().map(|k| k.0.clone()),
            evaluator_key: config.evaluator_key.as_ref().map(|k| k.0.clone()),
            upload_dir,
            clock: clock.clone(),
            pages: crate::web::routes::specs().into(),
            document_max_bytes: config.document_max_bytes,
            monitoring_max_bytes: config.monitoring_max_bytes,
            freshness: freshness.clone(),
            sessions: Default::default(),
            page_cache: Default::default(),
            trusted_proxies,
        };
        let shutdown_timeout = std::time::Duration::from_secs(config.shutdown_timeout_secs);
        let server = run(
            listener,
            state,
            public,
            config.workers,
            Served {
                metrics_allow,
                shutdown_timeout,
            },
        )?;
        Ok(Application {
            port,
            server,
            stop,
            workers,
            shutdown_timeout,
            pool,
            queries,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until stopped (SIGTERM, SIGINT, or the handle): requests in flight get
    /// `shutdown_timeout` to finish, then the workers are told to stop and get as long
    /// again, together, to finish the email or job in hand.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let served = self.server.await;
        self.stop.stop();
        // One deadline for all workers: the stop takes at most twice `shutdown_timeout`.
        let deadline = std::time::Instant::now() + self.shutdown_timeout;
        for worker in self.workers {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if actix_web::rt::time::timeout(left, worker).await.is_err() {
                tracing::warn!("a background worker did not stop in time");
            }
        }
        tracing::info!("stopped");
        served
    }

    /// Stops the server from elsewhere (tests; signals do the same).
    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    pub fn into_server(self) -> Server {
        self.server
    }
}

/// The scheduled jobs on the running actix system: every `every_secs`, today's account
/// reminders if no instance has run them yet (`app::reminders::run_if_due`). The state
/// lives in the database, so a restart resumes where it was and several instances share
/// the work.
fn spawn_jobs(
    pool: db::Pool,
    clock: crate::app::clock::SharedClock,
    every_secs: u64,
    stop: crate::shutdown::Stop,
) -> actix_web::rt::task::JoinHandle<()> {
    let every = std::time::Duration::from_secs(every_secs.max(1));
    actix_web::rt::spawn(async move {
        while !stop.is_stopped() {
            let now = clock.now();
            if let Some(run) = run_job(&pool, "account reminders", move |c| {
                crate::app::reminders::run_if_due(c, now)
            })
            .await
            {
                tracing::info!(
                    target: "tilskud::jobs",
                    accounts = run.accounts,
                    queued = run.queued,
                    "account reminders queued"
                );
            }
            if let Some(run) = run_job(&pool, "follow-up reminders", move |c| {
                crate::app::questionnaire::reminders::run_if_due(c, now)
            })
            .await
            {
                tracing::info!(
                    target: "tilskud::jobs",
                    municipalities = run.municipalities,
                    queued = run.queued,
                    "follow-up reminders queued"
                );
            }
            if stop.wait(every).await {
                break;
            }
        }
    })
}

/// Runs one scheduled job on the blocking pool: what it did, or `None` when it had
/// nothing to do today or failed (the failure logged as a warning).
async fn run_job<T: Send + 'static>(
    pool: &db::Pool,
    name: &'static str,
    job: impl FnOnce(&mut db::DbConn) -> crate::error::AppResult<Option<T>> + Send + 'static,
) -> Option<T> {
    let pool = pool.clone();
    let ran = web::block(move || {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        job(&mut conn).map_err(|e| e.to_string())
    })
    .await;
    match ran {
        Ok(Ok(run)) => run,
        Ok(Err(e)) => {
            tracing::warn!(target: "tilskud::jobs", "{name}: {e}");
            None
        }
        Err(e) => {
            tracing::warn!(target: "tilskud::jobs", "{name}: {e}");
            None
        }
    }
}

/// The operator's published files (`public_dir`), or none.
fn public_files(config: &Config) -> Result<crate::web::assets::PublicFiles, String> {
    let Some(dir) = &config.public_dir else {
        return Ok(Default::default());
    };
    let files = crate::web::assets::PublicFiles::load(dir).map_err(|e| {
        format!(
            "cannot read the public folder {} (TILSKUD_PUBLIC_DIR): {e}",
            dir.display()
        )
    })?;
    tracing::info!(
        "serving {} public file(s), {} bytes, from {}",
        files.len(),
        files.total_bytes(),
        dir.display()
    );
    Ok(files)
}

/// Settings of the server itself (beside the state every request sees).
struct Served {
    metrics_allow: crate::http::allow::AllowList,
    shutdown_timeout: std::time::Duration,
}

fn run(
    listener: TcpListener,
    state: AppState,
    public: crate::web::assets::PublicFiles,
    workers: Option<usize>,
    served: Served,
) -> std::io::Result<Server> {
    let data = web::Data::new(state);
    let public = web::Data::new(public);
    let metrics_allow = web::Data::new(served.metrics_allow);
    let mut server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .app_data(public.clone())
            .app_data(metrics_allow.clone())
            // Forms, JSON and other bodies read whole: 1 MiB, answered 413 past it; bad
            // input gets the catalogue's words, never the library's (`http::bad_input`).
            .app_data(
                web::FormConfig::default()
                    .limit(http::upload::BODY_LIMIT)
                    .error_handler(|e, _| http::bad_input::form(e).into()),
            )
            .app_data(
                web::JsonConfig::default()
                    .limit(http::upload::BODY_LIMIT)
                    .error_handler(|e, _| http::bad_input::json(e).into()),
            )
            .app_data(
                web::QueryConfig::default().error_handler(|e, _| http::bad_input::query(e).into()),
            )
            .app_data(web::PayloadConfig::default().limit(http::upload::BODY_LIMIT))
            .configure(|cfg| {
                http::guard::configure(
                    cfg,
                    route_table(),
                    crate::web::routes::CACHED_PAGES,
                    crate::web::routes::UPLOADS,
                )
            })
            .default_service(web::to(http::errors::not_found))
            .wrap(from_fn(http::middleware::session_layer))
            .wrap(from_fn(http::errors::render_errors))
            .wrap(
                DefaultHeaders::new()
                    .add(("Content-Security-Policy", CSP))
                    .add(("X-Content-Type-Options", "nosniff"))
                    .add(("X-Frame-Options", "DENY"))
                    .add(("Referrer-Policy", "same-origin"))
                    .add((
                        "Permissions-Policy",
                        "camera=(), microphone=(), geolocation=()",
                    ))
                    .add(("Cross-Origin-Opener-Policy", "same-origin"))
                    .add(("Cache-Control", "no-store")),
            )
            // Outermost: the request id and the metrics see every answer as sent.
            .wrap(from_fn(http::observe::observe))
    })
    .shutdown_timeout(served.shutdown_timeout.as_secs())
    .listen(listener)?;
    if let Some(w) = workers {
        server = server.workers(w.max(1));
    }
    Ok(server.run())
}

/// Every route, pages and API, with who may use it (the access test walks this).
pub fn route_specs() -> Vec<http::routes::RouteSpec> {
    let mut all = crate::web::routes::specs();
    all.extend(crate::api::routes::specs());
    all
}

fn route_table() -> Vec<(http::routes::RouteSpec, actix_web::Route)> {
    let mut all = crate::web::routes::routes();
    all.extend(crate::api::routes::routes());
    all
}
