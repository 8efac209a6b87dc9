//! One error type for the whole app, rendered once: as a friendly page with an incident
//! id for browsers, as JSON for the API (see `web::errors`).

use std::fmt;

/// A message from the catalogue: a key and its arguments, translated when rendered.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Msg {
    pub key: &'static str,
    pub args: Vec<(&'static str, MsgArg)>,
}

/// An argument of a message, kept as data until the message is rendered, so that the
/// layers below the pages never format money or times themselves.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub enum MsgArg {
    Text(String),
    /// An amount in øre, shown as "2.235.074 kr.".
    Money(i64),
    /// A UTC instant, shown as the Copenhagen time in words ("2. juni 2017 kl. 12.00").
    Time(chrono::NaiveDateTime),
    /// A UTC instant, shown as the Copenhagen time in the given `chrono` format.
    TimeAs(chrono::NaiveDateTime, &'static str),
    /// A count, shown as plain digits; a message can select on it (`[0]`, `[one]`).
    Count(i64),
}

impl MsgArg {
    fn render(&self, lang: tilskud_templates::i18n::Lang) -> String {
        match self {
            MsgArg::Text(s) => s.clone(),
            MsgArg::Money(ore) => tilskud_templates::pages::money(*ore),
            MsgArg::Time(t) => local_long_text(lang, *t),
            MsgArg::TimeAs(t, format) => crate::domain::time::to_local(t.and_utc())
                .format(format)
                .to_string(),
            MsgArg::Count(n) => n.to_string(),
        }
    }

    fn arg(&self, lang: tilskud_templates::i18n::Lang) -> tilskud_templates::i18n::Arg {
        match self {
            MsgArg::Count(n) => tilskud_templates::i18n::Arg::Int(*n),
            other => tilskud_templates::i18n::Arg::from(other.render(lang)),
        }
    }
}

/// A UTC time as Copenhagen local time in words: "2. juni 2017 kl. 12.00" (for text).
pub fn local_long_text(lang: tilskud_templates::i18n::Lang, t: chrono::NaiveDateTime) -> String {
    use chrono::{Datelike, Timelike};
    let l = crate::domain::time::to_local(t.and_utc());
    tilskud_templates::fmt::datetime_long(lang, l.year(), l.month(), l.day(), l.hour(), l.minute())
}

/// A UTC time as Copenhagen local time, "02.06.2017 12:00" (for tables).
pub fn local_text(t: chrono::NaiveDateTime) -> String {
    use chrono::{Datelike, Timelike};
    let l = crate::domain::time::to_local(t.and_utc());
    tilskud_templates::fmt::datetime_da(l.year(), l.month(), l.day(), l.hour(), l.minute())
}

impl Msg {
    pub fn new(key: &'static str) -> Msg {
        Msg {
            key,
            args: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Msg {
        self.args.push((name, MsgArg::Text(value.to_string())));
        self
    }

    /// A count a message selects on (`{ $n -> [0] … *[other] … }`): a text argument
    /// never matches a numeric variant.
    pub fn count(mut self, name: &'static str, n: usize) -> Msg {
        self.args
            .push((name, MsgArg::Count(i64::try_from(n).unwrap_or(i64::MAX))));
        self
    }

    /// An amount in øre, formatted in Danish notation when the message is rendered.
    pub fn money(mut self, name: &'static str, ore: i64) -> Msg {
        self.args.push((name, MsgArg::Money(ore)));
        self
    }

    /// A UTC instant, shown as Copenhagen time when the message is rendered.
    pub fn time(mut self, name: &'static str, t: chrono::NaiveDateTime) -> Msg {
        self.args.push((name, MsgArg::Time(t)));
        self
    }

    /// A UTC instant, shown as Copenhagen time in `format` when the message is rendered.
    pub fn time_as(
        mut self,
        name: &'static str,
        t: chrono::NaiveDateTime,
        format: &'static str,
    ) -> Msg {
        self.args.push((name, MsgArg::TimeAs(t, format)));
        self
    }

    pub fn text(&self, lang: tilskud_templates::i18n::Lang) -> String {
        let args: Vec<(&str, tilskud_templates::i18n::Arg)> =
            self.args.iter().map(|(k, v)| (*k, v.arg(lang))).collect();
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
    /// A request that cannot be read at all (a query string or form of the wrong shape).
    #[error("bad request: {}", .0.key)]
    BadRequest(Msg),
    /// The request was valid but the state forbids it now (e.g. already approved).
    #[error("conflict: {}", .0.key)]
    Conflict(Msg),
    #[error("too many requests")]
    TooManyRequests(Msg),
    /// An upload over its size limit, refused while it streamed in.
    #[error("payload too large")]
    TooLarge(Msg),
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
            AppError::BadRequest(_) => 400,
            AppError::Conflict(_) => 409,
            AppError::TooManyRequests(_) => 429,
            AppError::TooLarge(_) => 413,
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
