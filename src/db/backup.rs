//! Backups of the embedded SQLite database, and the checks a copy passes before it is
//! trusted: SQLite's integrity check, the migrations it carries, the audit chain, and
//! the number of rows in the main tables. The same checks (bar the SQLite one) run on a
//! PostgreSQL database restored from `pg_dump` (docs/operations.md).

use std::path::Path;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use diesel::sqlite::SqliteConnection;

use super::audit::{self, Anchor, Verdict};
use super::{DbConn, DbError};

/// The tables whose rows a backup counts: what a person would check first after a
/// restore (users, the grant cases, money, documents, monitoring, the log).
pub const KEY_TABLES: &[&str] = &[
    "users",
    "pools",
    "allocations",
    "applications",
    "commitments",
    "accounts",
    "documents",
    "monitoring_rows",
    "payouts",
    "outbox",
    "audit_log",
];

/// Which of this build's migrations a database has.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Migrations {
    pub applied: usize,
    /// Known to this build, not yet applied (an older database: the server applies them
    /// when it starts).
    pub pending: Vec<String>,
    /// Applied, but unknown to this build (made by a newer tilskud).
    pub unknown: Vec<String>,
}

/// What the checks found.
#[derive(Debug)]
pub struct Check {
    /// SQLite's `integrity_check` ("ok" when sound); `None` on PostgreSQL.
    pub integrity: Option<Vec<String>>,
    pub migrations: Migrations,
    /// The audit chain; `None` when the schema is not this build's (nothing to read it with).
    pub audit: Option<Verdict>,
    /// Rows in each of `KEY_TABLES` (when the schema is this build's).
    pub counts: Vec<(&'static str, i64)>,
}

impl Check {
    pub fn integrity_ok(&self) -> bool {
        self.integrity
            .as_ref()
            .is_none_or(|lines| lines.len() == 1 && lines[0] == "ok")
    }

    /// Sound, of this build's schema, with an intact audit chain.
    pub fn passed(&self) -> bool {
        self.integrity_ok()
            && self.migrations.pending.is_empty()
            && self.migrations.unknown.is_empty()
            && self.audit.as_ref().is_some_and(Verdict::is_intact)
    }

    /// The audit head, when the chain verified.
    pub fn head(&self) -> Option<&Anchor> {
        match &self.audit {
            Some(Verdict::Intact { head, .. }) => Some(head),
            _ => None,
        }
    }
}

#[derive(QueryableByName)]
struct Line {
    #[diesel(sql_type = Text)]
    line: String,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn err(e: impl std::fmt::Display) -> DbError {
    DbError::Connect(e.to_string())
}

/// Runs every check on `conn`; with anchors, the audit chain must also reach them.
pub fn check(conn: &mut DbConn, anchors: &[Anchor]) -> Result<Check, DbError> {
    let integrity = match conn {
        DbConn::Sqlite(c) => Some(
            diesel::sql_query("SELECT integrity_check AS line FROM pragma_integrity_check")
                .load::<Line>(c)
                .map_err(err)?
                .into_iter()
                .map(|l| l.line)
                .collect(),
        ),
        #[cfg(feature = "postgres")]
        DbConn::Pg(_) => None,
    };
    let migrations = super::migration_state(conn)?;
    let current = migrations.pending.is_empty() && migrations.unknown.is_empty();
    let (audit, counts) = if current {
        let verdict = audit::verify_with(conn, anchors).map_err(err)?;
        (Some(verdict), counts(conn)?)
    } else {
        (None, Vec::new())
    };
    Ok(Check {
        integrity,
        migrations,
        audit,
        counts,
    })
}

/// Rows in each of `KEY_TABLES`.
pub fn counts(conn: &mut DbConn) -> Result<Vec<(&'static str, i64)>, DbError> {
    let mut out = Vec::with_capacity(KEY_TABLES.len());
    for table in KEY_TABLES {
        // The names are this module's constants, never input.
        let c: Count = diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}"))
            .get_result(conn)
            .map_err(err)?;
        out.push((*table, c.n));
    }
    Ok(out)
}

/// Opens an SQLite file as it is: no WAL switch, no migrations; read-only if asked (a
/// backup being checked is never written to).
pub fn open_file(path: &Path, read_only: bool) -> Result<DbConn, DbError> {
    let url = if read_only {
        // A URI, so that `mode=ro` applies; the characters a URI gives meaning escaped.
        let p = path
            .to_string_lossy()
            .replace('%', "%25")
            .replace('?', "%3f")
            .replace('#', "%23");
        format!("file:{p}?mode=ro")
    } else {
        path.to_string_lossy().into_owned()
    };
    let mut c = SqliteConnection::establish(&url)
        .map_err(|e| DbError::Connect(format!("{}: {e}", path.display())))?;
    c.batch_execute("PRAGMA busy_timeout = 10000;")
        .map_err(err)?;
    Ok(DbConn::Sqlite(c))
}

/// Writes a consistent copy of the SQLite database at `source` to `target` (which must
/// not exist) while other connections go on writing: `VACUUM INTO` reads one snapshot
/// in a single read transaction, which in WAL mode never blocks the writers. The copy
/// is made a self-contained file (rollback journal, no `-wal` beside it).
pub fn vacuum_into(source: &Path, target: &Path) -> Result<(), DbError> {
    let mut conn = open_file(source, false)?;
    diesel::sql_query("VACUUM INTO ?")
        .bind::<Text, _>(target.to_string_lossy())
        .execute(&mut conn)
        .map_err(|e| DbError::Connect(format!("copying to {}: {e}", target.display())))?;
    drop(conn);
    let mut copy = open_file(target, false)?;
    copy.batch_execute("PRAGMA journal_mode = DELETE;")
        .map_err(err)?;
    Ok(())
}

/// Whether the database holds any table at all (a new, empty file does not).
pub fn has_tables(conn: &mut DbConn) -> Result<bool, DbError> {
    let c: Count = match conn {
        DbConn::Sqlite(c) => diesel::sql_query("SELECT COUNT(*) AS n FROM sqlite_master")
            .get_result(c)
            .map_err(err)?,
        #[cfg(feature = "postgres")]
        DbConn::Pg(c) => diesel::sql_query(
            "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = 'public'",
        )
        .get_result(c)
        .map_err(err)?,
    };
    Ok(c.n > 0)
}
