//! One error type for the whole app, rendered once: as a friendly page with an incident
//! id for browsers, as JSON for the API (see `web::errors`).

use std::fmt;

/// A message from the catalogue: a key and its arguments, translated when rendered.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Msg {
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Msg {
    pub fn new(key: &'static str) -> Msg {
        Msg {
            key,
            args: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Msg {
        self.args.push((name, value.to_string()));
        self
    }

    pub fn text(&self, lang: tilskud_templates::i18n::Lang) -> String {
        let args: Vec<(&str, tilskud_templates::i18n::Arg)> = self
            .args
            .iter()
            .map(|(k, v)| (*k, tilskud_templates::i18n::Arg::from(v.clone())))
            .collect();
        tilskud_templates::i18n::t_args(lang, self.key, &args)
    }
}

/// Errors about named input fields (form fields, JSON properties or CSV lines).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldErrors(pub Vec<(String, Msg)>);

impl FieldErrors {
    pub fn add(&mut self, field: impl Into<String>, msg: Msg) {
        self.0.push((field.into(), msg));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, field: &str) -> Option<&Msg> {
        self.0.iter().find(|(f, _)| f == field).map(|(_, m)| m)
    }

    pub fn into_result(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(self))
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("not logged in")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    /// A form without the session's CSRF token, or from another site.
    #[error("csrf token missing or wrong")]
    CsrfRejected,
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// The request was valid but the state forbids it now (e.g. already approved).
    #[error("conflict: {}", .0.key)]
    Conflict(Msg),
    #[error("too many requests")]
    TooManyRequests(Msg),
    #[error("database: {0}")]
    Db(#[from] diesel::result::Error),
    #[error("internal: {0}")]
    Internal(String),
}

impl AppError {
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::Unauthorized => 401,
            AppError::Forbidden | AppError::CsrfRejected => 403,
            AppError::Invalid(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::TooManyRequests(_) => 429,
            AppError::Db(_) | AppError::Internal(_) => 500,
        }
    }

    pub fn internal(e: impl fmt::Display) -> AppError {
        AppError::Internal(e.to_string())
    }

    pub fn field(field: &str, msg: Msg) -> AppError {
        let mut f = FieldErrors::default();
        f.add(field, msg);
        AppError::Invalid(f)
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(e: diesel::r2d2::PoolError) -> AppError {
        AppError::Internal(format!("database pool: {e}"))
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> AppError {
        AppError::Internal(e.to_string())
    }
}

pub type AppResult<T> = Result<T, AppError>;
