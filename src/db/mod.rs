//! Database access: one code path over SQLite (embedded default) and PostgreSQL
//! (cargo feature `postgres`), through diesel's `MultiConnection`.

pub mod audit;
pub mod backup;
pub mod busy;
pub mod models;
pub mod queries;
pub mod schema;

use diesel::connection::SimpleConnection;
use diesel::r2d2::{self, ManageConnection};
use diesel::sqlite::SqliteConnection;
use diesel::Connection;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

#[cfg(feature = "postgres")]
use diesel::pg::PgConnection;

/// A connection to whichever backend the configuration names.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Sqlite(SqliteConnection),
    #[cfg(feature = "postgres")]
    Pg(PgConnection),
}

/// Runs the same diesel code on the concrete connection. Through the multi-connection
/// diesel builds and prepares each statement anew; on the concrete one it reuses the
/// prepared statement. Used on the hot paths (session check, the allocation page).
#[macro_export]
macro_rules! on_backend {
    ($conn:expr, $c:ident => $body:expr) => {
        match $conn {
            $crate::db::DbConn::Sqlite($c) => $body,
            #[cfg(feature = "postgres")]
            $crate::db::DbConn::Pg($c) => $body,
        }
    };
}

pub type Pool = r2d2::Pool<Manager>;
pub type PooledConn = r2d2::PooledConnection<Manager>;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
#[cfg(feature = "postgres")]
const PG_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Which backend a database URL names. Parsed here rather than left to the derived
/// `establish`, which hides the real connection error behind a generic one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DbUrl {
    Sqlite(String),
    Postgres(String),
}

impl DbUrl {
    pub fn is_sqlite(&self) -> bool {
        matches!(self, DbUrl::Sqlite(_))
    }

    pub fn parse(url: &str) -> Result<DbUrl, DbError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            if cfg!(feature = "postgres") {
                Ok(DbUrl::Postgres(url.to_string()))
            } else {
                Err(DbError::PostgresNotBuilt)
            }
        } else {
            let path = url.strip_prefix("sqlite://").unwrap_or(url);
            if path.is_empty() {
                return Err(DbError::Connect("empty SQLite path".into()));
            }
            Ok(DbUrl::Sqlite(path.to_string()))
        }
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            DbUrl::Sqlite(_) => "SQLite",
            DbUrl::Postgres(_) => "PostgreSQL",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("this build has no PostgreSQL support; rebuild with `--features postgres`")]
    PostgresNotBuilt,
    #[error("cannot connect to the database: {0}")]
    Connect(String),
    #[error("database migration failed: {0}")]
    Migrate(String),
    #[error("database pool: {0}")]
    Pool(String),
}

/// Statements a pool's connections have sent to the database, counted by diesel's
/// instrumentation: what a page view costs in round trips (see `tests/app/queries.rs`).
#[derive(Clone, Debug, Default)]
pub struct QueryCount(std::sync::Arc<std::sync::atomic::AtomicU64>);

impl QueryCount {
    pub fn get(&self) -> u64 {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }
}

struct Counting(std::sync::Arc<std::sync::atomic::AtomicU64>);

impl diesel::connection::Instrumentation for Counting {
    fn on_connection_event(&mut self, event: diesel::connection::InstrumentationEvent<'_>) {
        if let diesel::connection::InstrumentationEvent::StartQuery { .. } = event {
            self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
    }
}

/// r2d2 manager that connects the matching backend and sets the SQLite pragmas on every
/// new connection (busy_timeout first, so parallel start-up waits instead of failing),
/// and counts the statements each connection sends.
#[derive(Clone, Debug)]
pub struct Manager {
    url: DbUrl,
    queries: QueryCount,
}

impl Manager {
    pub fn new(url: DbUrl, queries: QueryCount) -> Manager {
        Manager { url, queries }
    }
}

pub fn connect(url: &DbUrl) -> Result<DbConn, DbError> {
    match url {
        DbUrl::Sqlite(path) => {
            // A new installation has no data folder yet; SQLite creates only the file.
            if let Some(dir) = std::path::Path::new(path).parent() {
                if !dir.as_os_str().is_empty() {
                    std::fs::create_dir_all(dir)
                        .map_err(|e| DbError::Connect(format!("{}: {e}", dir.display())))?;
                }
            }
            // The busy handler comes with the connection (`busy`), before any pragma, so
            // parallel start-up waits instead of failing.
            busy::install();
            let mut c =
                SqliteConnection::establish(path).map_err(|e| DbError::Connect(e.to_string()))?;
            c.batch_execute(
                "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;",
            )
            .map_err(|e| DbError::Connect(e.to_string()))?;
            Ok(DbConn::Sqlite(c))
        }
        #[cfg(feature = "postgres")]
        DbUrl::Postgres(u) => {
            let mut c = PgConnection::establish(u).map_err(|e| DbError::Connect(e.to_string()))?;
            c.batch_execute("SET TIME ZONE 'UTC'")
                .map_err(|e| DbError::Connect(e.to_string()))?;
            Ok(DbConn::Pg(c))
        }
        #[cfg(not(feature = "postgres"))]
        DbUrl::Postgres(_) => Err(DbError::PostgresNotBuilt),
    }
}

impl ManageConnection for Manager {
    type Connection = DbConn;
    type Error = DbError;

    fn connect(&self) -> Result<DbConn, DbError> {
        let mut conn = connect(&self.url)?;
        conn.set_instrumentation(Counting(self.queries.0.clone()));
        Ok(conn)
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), DbError> {
        conn.batch_execute("SELECT 1")
            .map_err(|e| DbError::Connect(e.to_string()))
    }

    fn has_broken(&self, conn: &mut DbConn) -> bool {
        diesel::r2d2::R2D2Connection::is_broken(conn)
    }
}

/// Connects once directly (to report a wrong URL or password at once, not after the
/// pool's timeout), runs pending migrations, then builds the pool.
pub fn open(url: &DbUrl, max_size: u32) -> Result<Pool, DbError> {
    open_counted(url, max_size, QueryCount::default())
}

/// Like `open`, with the pool's statements counted in `queries`.
pub fn open_counted(url: &DbUrl, max_size: u32, queries: QueryCount) -> Result<Pool, DbError> {
    let mut conn = connect(url)?;
    migrate(&mut conn)?;
    r2d2::Pool::builder()
        .max_size(max_size)
        // No `SELECT 1` before every checkout: a broken connection is caught by
        // `has_broken` when returned, and the next request gets a fresh one.
        .test_on_check_out(false)
        .connection_timeout(std::time::Duration::from_secs(10))
        .build(Manager::new(url.clone(), queries))
        .map_err(|e| DbError::Pool(e.to_string()))
}

pub fn migrate(conn: &mut DbConn) -> Result<usize, DbError> {
    let applied = match conn {
        DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| v.len()),
        #[cfg(feature = "postgres")]
        DbConn::Pg(c) => c.run_pending_migrations(PG_MIGRATIONS).map(|v| v.len()),
    };
    applied.map_err(|e| DbError::Migrate(e.to_string()))
}

/// Whether this build has migrations the database has not run: the database is behind
/// the code, so the instance must not take traffic (`GET /ready`).
pub fn has_pending_migrations(conn: &mut DbConn) -> Result<bool, DbError> {
    let pending = match conn {
        DbConn::Sqlite(c) => c.has_pending_migration(SQLITE_MIGRATIONS),
        #[cfg(feature = "postgres")]
        DbConn::Pg(c) => c.has_pending_migration(PG_MIGRATIONS),
    };
    pending.map_err(|e| DbError::Migrate(e.to_string()))
}

/// Which of this build's migrations the database has, read from diesel's own table
/// without creating it (a file that is no tilskud database is reported, not changed).
pub fn migration_state(conn: &mut DbConn) -> Result<backup::Migrations, DbError> {
    use diesel::migration::MigrationSource;
    use diesel::RunQueryDsl;

    #[derive(diesel::QueryableByName)]
    struct Version {
        #[diesel(sql_type = diesel::sql_types::Text)]
        version: String,
    }
    let known: Vec<String> = match conn {
        DbConn::Sqlite(_) => {
            MigrationSource::<diesel::sqlite::Sqlite>::migrations(&SQLITE_MIGRATIONS)
                .map_err(|e| DbError::Migrate(e.to_string()))?
                .iter()
                .map(|m| m.name().version().to_string())
                .collect()
        }
        #[cfg(feature = "postgres")]
        DbConn::Pg(_) => MigrationSource::<diesel::pg::Pg>::migrations(&PG_MIGRATIONS)
            .map_err(|e| DbError::Migrate(e.to_string()))?
            .iter()
            .map(|m| m.name().version().to_string())
            .collect(),
    };
    let applied: Vec<String> =
        diesel::sql_query("SELECT version FROM __diesel_schema_migrations ORDER BY version")
            .load::<Version>(conn)
            .map_err(|e| DbError::Migrate(format!("not a tilskud database ({e})")))?
            .into_iter()
            .map(|v| v.version)
            .collect();
    Ok(backup::Migrations {
        applied: applied.len(),
        pending: known
            .iter()
            .filter(|k| !applied.contains(k))
            .cloned()
            .collect(),
        unknown: applied
            .iter()
            .filter(|a| !known.contains(a))
            .cloned()
            .collect(),
    })
}

/// Applies, in order, the pending migrations older than `version`
/// ("2026-12-04-000003"): a database as an earlier release left it, for tests of a
/// migration that changes data.
#[doc(hidden)]
pub fn migrate_before(conn: &mut DbConn, version: &str) -> Result<usize, DbError> {
    use diesel::migration::{Migration, MigrationSource};
    fn run<DB: diesel::backend::Backend, C: MigrationHarness<DB>>(
        c: &mut C,
        source: &EmbeddedMigrations,
        before: &str,
    ) -> Result<usize, DbError>
    where
        EmbeddedMigrations: MigrationSource<DB>,
    {
        let err = |e: Box<dyn std::error::Error + Send + Sync>| DbError::Migrate(e.to_string());
        let applied: Vec<String> = c
            .applied_migrations()
            .map_err(err)?
            .iter()
            .map(|v| v.to_string())
            .collect();
        let mut all: Vec<Box<dyn Migration<DB>>> = source.migrations().map_err(err)?;
        all.sort_by_key(|m| m.name().version().to_string());
        let mut n = 0;
        for m in all.iter().filter(|m| {
            let v = m.name().version().to_string();
            v.as_str() < before && !applied.contains(&v)
        }) {
            c.run_migration(&**m).map_err(err)?;
            n += 1;
        }
        Ok(n)
    }
    let before = version.replace('-', "");
    match conn {
        DbConn::Sqlite(c) => run(c, &SQLITE_MIGRATIONS, &before),
        #[cfg(feature = "postgres")]
        DbConn::Pg(c) => run(c, &PG_MIGRATIONS, &before),
    }
}
