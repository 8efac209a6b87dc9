//! Configuration: built-in safe defaults, then a TOML file (`tilskud.toml`, or the path in
//! `TILSKUD_CONFIG`), then `TILSKUD_*` environment variables, each overriding the last.
//! `DATABASE_URL` is honoured too, as the common name for it.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Address to listen on.
    pub bind: String,
    /// `sqlite://PATH` (default, under `data_dir`) or `postgres://…`.
    pub database_url: Option<String>,
    /// Where the embedded SQLite database lives.
    pub data_dir: PathBuf,
    /// Set the cookie `Secure` flag. Default: on, except when listening on loopback
    /// only (the demo on http://127.0.0.1); behind TLS always set it.
    pub cookie_secure: Option<bool>,
    /// Largest number of pooled database connections (default by backend, see
    /// [`Config::db_pool_size`]).
    pub db_pool_size: Option<u32>,
    /// HTTP worker threads (default: one per core).
    pub workers: Option<usize>,
    /// `tracing` filter, e.g. "info" or "tilskud=debug".
    pub log: String,
    /// How the mail worker delivers the outbox: write to the log (demo), `.eml` files, or SMTP.
    pub mail_transport: MailTransport,
    /// Folder for the `file` transport (default: `{data_dir}/mail`).
    pub mail_dir: Option<PathBuf>,
    /// `smtp://host:port` (plain; `?tls=required` for STARTTLS) or `smtps://host:port`.
    pub smtp_url: Option<String>,
    pub smtp_username: Option<String>,
    pub smtp_password: Option<Secret>,
    /// Sender of every email, e.g. `Tilskud <noreply@example.dk>`.
    pub mail_from: String,
    /// Run the mail worker on this instance.
    pub mail_worker: bool,
    /// How often the worker looks for due emails, in milliseconds.
    pub mail_poll_ms: u64,
    /// The key that turns a CPR number into a pseudonym (HMAC-SHA256), at least 32
    /// characters. Required by `serve`; the demo keeps one in its data folder. Losing or
    /// changing it breaks the link between months, so back it up like the database.
    pub pseudonym_key: Option<Secret>,
    /// The evaluator's key (at least 32 characters): the progression questionnaire's
    /// delivery to the external evaluator carries pseudonyms made with it, so that the
    /// evaluator's file cannot be joined to tilskud's tables (docs/questionnaire.md).
    /// Without it there is no delivery. Kept apart from the pseudonym key; a new key
    /// gives a new, unlinkable delivery.
    pub evaluator_key: Option<Secret>,
    /// A folder of files the operator publishes as they are (guidance PDFs, the privacy
    /// notice), read into memory at start-up and served under `/public/{name}`.
    pub public_dir: Option<PathBuf>,
    /// Run reads (the session check and the pages' reads) on the HTTP worker that serves
    /// the request rather than on the blocking thread pool: on both databases this
    /// lowers the tail latency at some cost in throughput (`docs/operations.md`).
    pub inline_reads: bool,
    /// Run the scheduled jobs (the daily account reminders) on this instance. Any number
    /// of instances may: each day's run is claimed by one (`db::queries::jobs`).
    pub jobs_worker: bool,
    /// How often the jobs worker checks whether today's run is due, in seconds.
    pub jobs_poll_secs: u64,
    /// How often, in milliseconds, this instance reads the database's data version and
    /// session epoch, so that a page view can take its session from memory instead of
    /// asking the database (`app::freshness`); 0: every page view asks the database.
    pub freshness_poll_ms: u64,
    /// The largest document (an account's PDF) an upload may carry, in bytes; an upload
    /// is refused as soon as it passes this, without being read whole.
    pub document_max_bytes: usize,
    /// The reverse proxies (IP addresses or CIDR blocks) whose `X-Forwarded-*` and
    /// `Forwarded` headers are believed: the client's address (login throttling, logs)
    /// and the scheme and host the browser used (the origin check). Empty: the headers
    /// are ignored and the connection is the truth.
    pub trusted_proxies: Vec<String>,
    /// The largest monitoring file an upload may carry, in bytes (the page's form or the
    /// API's body); refused with 413 as soon as it passes this, without reading the rest.
    pub monitoring_max_bytes: usize,
    /// Who may read `GET /metrics`: IP addresses or CIDR blocks of the direct peer
    /// (never a forwarded header); everyone else gets 404. Default: loopback only.
    pub metrics_allow: Vec<String>,
    /// Log lines as plain text (default) or one JSON object per line (`json`).
    pub log_format: LogFormat,
    /// On SIGTERM/SIGINT, how long requests in flight may take to finish, in seconds,
    /// before the server closes them (also how long the workers get to stop).
    pub shutdown_timeout_secs: u64,
}

/// How log lines are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Text,
    /// One JSON object per line, with the request id of the request it belongs to.
    Json,
}

impl std::str::FromStr for LogFormat {
    type Err = ();

    fn from_str(s: &str) -> Result<LogFormat, ()> {
        match s {
            "text" => Ok(LogFormat::Text),
            "json" => Ok(LogFormat::Json),
            _ => Err(()),
        }
    }
}

/// Where the mail worker delivers to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MailTransport {
    /// Writes each email to the log (the demo's default; nothing leaves the machine).
    #[default]
    Log,
    /// Writes each email as `outbox-{id}.eml` into `mail_dir`.
    File,
    /// Sends through the SMTP server at `smtp_url`.
    Smtp,
}

impl std::str::FromStr for MailTransport {
    type Err = ();

    fn from_str(s: &str) -> Result<MailTransport, ()> {
        match s {
            "log" => Ok(MailTransport::Log),
            "file" => Ok(MailTransport::File),
            "smtp" => Ok(MailTransport::Smtp),
            _ => Err(()),
        }
    }
}

/// A setting that must not appear in logs or `Debug` output.
#[derive(Clone, Deserialize)]
#[serde(transparent)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

impl Default for Config {
    fn default() -> Config {
        Config {
            bind: "127.0.0.1:8080".into(),
            database_url: None,
            data_dir: PathBuf::from("data"),
            cookie_secure: None,
            db_pool_size: None,
            workers: None,
            log: "info".into(),
            mail_transport: MailTransport::Log,
            mail_dir: None,
            smtp_url: None,
            smtp_username: None,
            smtp_password: None,
            mail_from: "tilskud <noreply@tilskud.invalid>".into(),
            mail_worker: true,
            mail_poll_ms: 2000,
            pseudonym_key: None,
            evaluator_key: None,
            public_dir: None,
            inline_reads: true,
            jobs_worker: true,
            jobs_poll_secs: 300,
            freshness_poll_ms: 5,
            document_max_bytes: 20 * 1024 * 1024,
            metrics_allow: vec!["127.0.0.0/8".into(), "::1".into()],
            log_format: LogFormat::Text,
            shutdown_timeout_secs: 30,
            monitoring_max_bytes: 500 * 1024 * 1024,
            trusted_proxies: Vec::new(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read configuration file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("configuration file {path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("environment variable {name}: {message}")]
    Env { name: String, message: String },
}

impl Config {
    /// Loads from the file (if any) and the environment.
    pub fn load() -> Result<Config, ConfigError> {
        let explicit = std::env::var_os("TILSKUD_CONFIG").map(PathBuf::from);
        let path = explicit
            .clone()
            .unwrap_or_else(|| PathBuf::from("tilskud.toml"));
        let mut config = if explicit.is_some() || path.exists() {
            Config::from_file(&path)?
        } else {
            Config::default()
        };
        config.apply_env(|k| std::env::var(k).ok())?;
        Ok(config)
    }

    pub fn from_file(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.into(),
            source,
        })?;
        toml::from_str(&text).map_err(|e| ConfigError::Parse {
            path: path.into(),
            message: e.to_string(),
        })
    }

    pub fn apply_env(&mut self, get: impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        fn parse<T: std::str::FromStr>(name: &str, v: &str) -> Result<T, ConfigError> {
            v.trim().parse().map_err(|_| ConfigError::Env {
                name: name.into(),
                message: format!("cannot parse {v:?}"),
            })
        }
        if let Some(v) = get("TILSKUD_BIND") {
            self.bind = v;
        }
        if let Some(v) = get("TILSKUD_DATABASE_URL").or_else(|| get("DATABASE_URL")) {
            if !v.trim().is_empty() {
                self.database_url = Some(v);
            }
        }
        if let Some(v) = get("TILSKUD_DATA_DIR") {
            self.data_dir = PathBuf::from(v);
        }
        if let Some(v) = get("TILSKUD_COOKIE_SECURE") {
            self.cookie_secure = Some(parse("TILSKUD_COOKIE_SECURE", &v)?);
        }
        if let Some(v) = get("TILSKUD_DB_POOL_SIZE") {
            self.db_pool_size = Some(parse("TILSKUD_DB_POOL_SIZE", &v)?);
        }
        if let Some(v) = get("TILSKUD_WORKERS") {
            self.workers = Some(parse("TILSKUD_WORKERS", &v)?);
        }
        if let Some(v) = get("TILSKUD_LOG") {
            self.log = v;
        }
        if let Some(v) = get("TILSKUD_MAIL_TRANSPORT") {
            self.mail_transport = parse("TILSKUD_MAIL_TRANSPORT", &v)?;
        }
        if let Some(v) = get("TILSKUD_MAIL_DIR") {
            self.mail_dir = Some(PathBuf::from(v));
        }
        if let Some(v) = get("TILSKUD_SMTP_URL") {
            self.smtp_url = Some(v);
        }
        if let Some(v) = get("TILSKUD_SMTP_USERNAME") {
            self.smtp_username = Some(v);
        }
        if let Some(v) = get("TILSKUD_SMTP_PASSWORD") {
            self.smtp_password = Some(Secret(v));
        }
        if let Some(v) = get("TILSKUD_MAIL_FROM") {
            self.mail_from = v;
        }
        if let Some(v) = get("TILSKUD_MAIL_WORKER") {
            self.mail_worker = parse("TILSKUD_MAIL_WORKER", &v)?;
        }
        if let Some(v) = get("TILSKUD_MAIL_POLL_MS") {
            self.mail_poll_ms = parse("TILSKUD_MAIL_POLL_MS", &v)?;
        }
        if let Some(v) = get("TILSKUD_PSEUDONYM_KEY") {
            self.pseudonym_key = Some(Secret(v));
        }
        if let Some(v) = get("TILSKUD_EVALUATOR_KEY") {
            self.evaluator_key = Some(Secret(v));
        }
        if let Some(v) = get("TILSKUD_INLINE_READS") {
            self.inline_reads = parse("TILSKUD_INLINE_READS", &v)?;
        }
        if let Some(v) = get("TILSKUD_JOBS_WORKER") {
            self.jobs_worker = parse("TILSKUD_JOBS_WORKER", &v)?;
        }
        if let Some(v) = get("TILSKUD_JOBS_POLL_SECS") {
            self.jobs_poll_secs = parse("TILSKUD_JOBS_POLL_SECS", &v)?;
        }
        if let Some(v) = get("TILSKUD_FRESHNESS_POLL_MS") {
            self.freshness_poll_ms = parse("TILSKUD_FRESHNESS_POLL_MS", &v)?;
        }
        if let Some(v) = get("TILSKUD_PUBLIC_DIR") {
            self.public_dir = (!v.trim().is_empty()).then(|| PathBuf::from(v));
        }
        if let Some(v) = get("TILSKUD_DOCUMENT_MAX_BYTES") {
            self.document_max_bytes = parse("TILSKUD_DOCUMENT_MAX_BYTES", &v)?;
        }
        if let Some(v) = get("TILSKUD_METRICS_ALLOW") {
            self.metrics_allow = v
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
        }
        if let Some(v) = get("TILSKUD_LOG_FORMAT") {
            self.log_format = parse("TILSKUD_LOG_FORMAT", &v)?;
        }
        if let Some(v) = get("TILSKUD_SHUTDOWN_TIMEOUT_SECS") {
            self.shutdown_timeout_secs = parse("TILSKUD_SHUTDOWN_TIMEOUT_SECS", &v)?;
        }
        if let Some(v) = get("TILSKUD_MONITORING_MAX_BYTES") {
            self.monitoring_max_bytes = parse("TILSKUD_MONITORING_MAX_BYTES", &v)?;
        }
        if let Some(v) = get("TILSKUD_TRUSTED_PROXIES") {
            self.trusted_proxies = v
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
        }
        Ok(())
    }

    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(u) => u.clone(),
            None => format!("sqlite://{}", self.data_dir.join("tilskud.db").display()),
        }
    }

    /// The pool size set, or the backend's default, measured with `benches/load.sh
    /// --sizing` (docs/operations.md): on SQLite 8, as reads run on the HTTP workers and
    /// the size made no difference from 2 to 16; on PostgreSQL twice the cores, because
    /// more connections than that made p99 several times worse for little more throughput.
    pub fn db_pool_size(&self) -> u32 {
        self.db_pool_size.unwrap_or_else(|| {
            if self.database_url().starts_with("postgres") {
                let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
                u32::try_from(cores * 2).unwrap_or(u32::MAX)
            } else {
                8
            }
        })
    }

    pub fn mail_dir(&self) -> PathBuf {
        self.mail_dir
            .clone()
            .unwrap_or_else(|| self.data_dir.join("mail"))
    }

    pub fn cookie_secure(&self) -> bool {
        self.cookie_secure.unwrap_or_else(|| {
            !self
                .bind
                .parse::<SocketAddr>()
                .map(|a| a.ip().is_loopback())
                .unwrap_or(false)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_overrides_defaults() {
        let mut c = Config::default();
        c.apply_env(|k| match k {
            "TILSKUD_BIND" => Some("0.0.0.0:9000".into()),
            "DATABASE_URL" => Some("postgres://x/y".into()),
            "TILSKUD_PUBLIC_DIR" => Some("/srv/tilskud/public".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(c.bind, "0.0.0.0:9000");
        assert_eq!(c.public_dir, Some(PathBuf::from("/srv/tilskud/public")));
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert_eq!(
            c.db_pool_size(),
            2 * cores as u32,
            "PostgreSQL: twice the cores"
        );
        assert_eq!(c.database_url(), "postgres://x/y");
        assert!(c.cookie_secure(), "a public listener gets Secure cookies");
    }

    #[test]
    fn the_document_limit_is_20_mib_unless_set() {
        let mut c = Config::default();
        assert_eq!(c.document_max_bytes, 20 * 1024 * 1024);
        c.apply_env(|k| (k == "TILSKUD_DOCUMENT_MAX_BYTES").then(|| "1048576".into()))
            .unwrap();
        assert_eq!(c.document_max_bytes, 1_048_576);
    }

    #[test]
    fn metrics_log_format_and_shutdown_settings_come_from_the_environment() {
        let mut c = Config::default();
        assert_eq!(c.metrics_allow, ["127.0.0.0/8", "::1"]);
        assert_eq!(c.log_format, LogFormat::Text);
        assert_eq!(c.shutdown_timeout_secs, 30);
        c.apply_env(|k| match k {
            "TILSKUD_METRICS_ALLOW" => Some("10.0.0.0/8, 192.168.1.5".into()),
            "TILSKUD_LOG_FORMAT" => Some("json".into()),
            "TILSKUD_SHUTDOWN_TIMEOUT_SECS" => Some("5".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(c.metrics_allow, ["10.0.0.0/8", "192.168.1.5"]);
        assert_eq!(c.log_format, LogFormat::Json);
        assert_eq!(c.shutdown_timeout_secs, 5);
        let err = c.apply_env(|k| (k == "TILSKUD_LOG_FORMAT").then(|| "xml".into()));
        assert!(err.unwrap_err().to_string().contains("TILSKUD_LOG_FORMAT"));
    }

    #[test]
    fn trusted_proxies_are_none_unless_listed() {
        let mut c = Config::default();
        assert!(c.trusted_proxies.is_empty());
        c.apply_env(|k| (k == "TILSKUD_TRUSTED_PROXIES").then(|| "10.0.0.0/8, ::1,".into()))
            .unwrap();
        assert_eq!(c.trusted_proxies, ["10.0.0.0/8", "::1"]);
    }

    #[test]
    fn loopback_demo_uses_plain_cookies_and_local_sqlite() {
        let c = Config::default();
        assert!(!c.cookie_secure());
        assert!(c.database_url().starts_with("sqlite://"));
        assert_eq!(c.db_pool_size(), 8);
    }

    #[test]
    fn mail_settings_come_from_the_environment() {
        let mut c = Config::default();
        assert_eq!(c.mail_transport, MailTransport::Log);
        assert_eq!(c.mail_dir(), PathBuf::from("data/mail"));
        c.apply_env(|k| match k {
            "TILSKUD_MAIL_TRANSPORT" => Some("smtp".into()),
            "TILSKUD_SMTP_URL" => Some("smtp://mail.example.dk:587?tls=required".into()),
            "TILSKUD_SMTP_PASSWORD" => Some("hemmeligt".into()),
            "TILSKUD_MAIL_WORKER" => Some("false".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(c.mail_transport, MailTransport::Smtp);
        assert!(!c.mail_worker);
        assert!(
            !format!("{c:?}").contains("hemmeligt"),
            "the password stays out of Debug"
        );
        let err = c.apply_env(|k| (k == "TILSKUD_MAIL_TRANSPORT").then(|| "pigeon".into()));
        assert!(err
            .unwrap_err()
            .to_string()
            .contains("TILSKUD_MAIL_TRANSPORT"));
    }

    #[test]
    fn a_bad_number_names_the_variable() {
        let mut c = Config::default();
        c.apply_env(|k| (k == "TILSKUD_DB_POOL_SIZE").then(|| "3".into()))
            .unwrap();
        assert_eq!(c.db_pool_size(), 3);
        let err = c.apply_env(|k| (k == "TILSKUD_DB_POOL_SIZE").then(|| "many".into()));
        assert!(err
            .unwrap_err()
            .to_string()
            .contains("TILSKUD_DB_POOL_SIZE"));
    }
}
