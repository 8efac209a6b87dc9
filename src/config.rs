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
    /// Largest number of pooled database connections.
    pub db_pool_size: u32,
    /// HTTP worker threads (default: one per core).
    pub workers: Option<usize>,
    /// `tracing` filter, e.g. "info" or "tilskud=debug".
    pub log: String,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            bind: "127.0.0.1:8080".into(),
            database_url: None,
            data_dir: PathBuf::from("data"),
            cookie_secure: None,
            db_pool_size: 8,
            workers: None,
            log: "info".into(),
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
            self.db_pool_size = parse("TILSKUD_DB_POOL_SIZE", &v)?;
        }
        if let Some(v) = get("TILSKUD_WORKERS") {
            self.workers = Some(parse("TILSKUD_WORKERS", &v)?);
        }
        if let Some(v) = get("TILSKUD_LOG") {
            self.log = v;
        }
        Ok(())
    }

    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(u) => u.clone(),
            None => format!("sqlite://{}", self.data_dir.join("tilskud.db").display()),
        }
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
            _ => None,
        })
        .unwrap();
        assert_eq!(c.bind, "0.0.0.0:9000");
        assert_eq!(c.database_url(), "postgres://x/y");
        assert!(c.cookie_secure(), "a public listener gets Secure cookies");
    }

    #[test]
    fn loopback_demo_uses_plain_cookies_and_local_sqlite() {
        let c = Config::default();
        assert!(!c.cookie_secure());
        assert!(c.database_url().starts_with("sqlite://"));
    }

    #[test]
    fn a_bad_number_names_the_variable() {
        let mut c = Config::default();
        let err = c.apply_env(|k| (k == "TILSKUD_DB_POOL_SIZE").then(|| "many".into()));
        assert!(err
            .unwrap_err()
            .to_string()
            .contains("TILSKUD_DB_POOL_SIZE"));
    }
}
