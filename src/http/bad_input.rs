//! Input the extractors could not read (a JSON body, a form, a query string) turned into
//! catalogue messages: what is wrong, where (the field, or the line and column of the
//! body) and what was expected, never the text of serde or actix. A body over its limit
//! is 413 whatever the extractor; nothing else here is.

use actix_web::error::{JsonPayloadError, PayloadError, QueryPayloadError, UrlencodedError};

use super::upload::{too_large, BODY_LIMIT};
use crate::error::{AppError, Msg};

/// A JSON body `web::Json` could not take (the `JsonConfig` error handler).
pub fn json(e: JsonPayloadError) -> AppError {
    match e {
        JsonPayloadError::Overflow { limit }
        | JsonPayloadError::OverflowKnownLength { limit, .. } => too_large(limit),
        JsonPayloadError::Payload(p) => payload(p),
        JsonPayloadError::ContentType => AppError::field("body", Msg::new("json-content-type")),
        JsonPayloadError::Deserialize(e) => json_value(&e),
        _ => AppError::field("body", Msg::new("json-unreadable")),
    }
}

/// A JSON body that `serde_json` refused, as a field error: the field named when the
/// problem is a missing or unknown field, else the body with the line and column.
pub fn json_value(e: &serde_json::Error) -> AppError {
    use serde_json::error::Category;
    let at = |m: Msg| m.arg("line", e.line()).arg("column", e.column());
    let text = e.to_string();
    let msg = match e.classify() {
        Category::Syntax => at(Msg::new("json-syntax")),
        Category::Eof => at(Msg::new("json-eof")),
        Category::Io => Msg::new("json-unreadable"),
        Category::Data => {
            if let Some(field) = quoted_after(&text, "missing field `") {
                return AppError::field(
                    &field,
                    Msg::new("json-missing-field").arg("field", &field),
                );
            }
            if let Some(field) = quoted_after(&text, "unknown field `") {
                return AppError::field(
                    &field,
                    Msg::new("json-unknown-field").arg("field", &field),
                );
            }
            at(Msg::new(expected(&text).unwrap_or("json-wrong-value")))
        }
    };
    AppError::field("body", msg)
}

/// A query string `web::Query` could not take (the `QueryConfig` error handler).
pub fn query(e: QueryPayloadError) -> AppError {
    let QueryPayloadError::Deserialize(e) = e else {
        return AppError::BadRequest(Msg::new("query-invalid"));
    };
    let text = e.to_string();
    match quoted_after(&text, "missing field `") {
        Some(field) => AppError::BadRequest(Msg::new("query-missing").arg("field", field)),
        None => AppError::BadRequest(Msg::new("query-invalid")),
    }
}

/// A urlencoded form `web::Form` could not take (the `FormConfig` error handler).
pub fn form(e: UrlencodedError) -> AppError {
    match e {
        UrlencodedError::Overflow { limit, .. } => too_large(limit),
        UrlencodedError::Payload(p) => payload(p),
        UrlencodedError::Parse(e) => {
            let text = e.to_string();
            match quoted_after(&text, "missing field `") {
                Some(field) => AppError::BadRequest(Msg::new("form-missing").arg("field", field)),
                None => AppError::BadRequest(Msg::new("form-invalid")),
            }
        }
        _ => AppError::BadRequest(Msg::new("form-invalid")),
    }
}

/// A body that could not be read whole (`web::Bytes`, the `PayloadConfig` limit).
pub fn payload(e: PayloadError) -> AppError {
    match e {
        PayloadError::Overflow => too_large(BODY_LIMIT),
        _ => AppError::BadRequest(Msg::new("body-unreadable")),
    }
}

/// The name in backticks after `prefix` ("missing field `name`" → "name"): a name of the
/// request's own fields, never serde's wording.
fn quoted_after(text: &str, prefix: &str) -> Option<String> {
    let rest = &text[text.find(prefix)? + prefix.len()..];
    let name = &rest[..rest.find('`')?];
    let plain = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    plain.then(|| name.to_string())
}

/// The message for a value of the wrong kind, by what was expected ("a string", "u32"):
/// the catalogue says it in its own words.
fn expected(text: &str) -> Option<&'static str> {
    let rest = &text[text.find(", expected ")? + ", expected ".len()..];
    let word = rest.split(" at line").next()?.trim();
    Some(match word {
        "a string" | "a borrowed string" | "a character" => "json-expected-text",
        "i8" | "i16" | "i32" | "i64" | "isize" | "an integer" => "json-expected-whole",
        "u8" | "u16" | "u32" | "u64" | "usize" => "json-expected-count",
        "f32" | "f64" | "a number" => "json-expected-number",
        "a boolean" => "json-expected-boolean",
        "a sequence" | "an array" => "json-expected-list",
        w if w.starts_with("struct ") || w.starts_with("a map") => "json-expected-object",
        _ => return None,
    })
}

/// Field errors as the API and the pages name them (for tests of this module).
#[cfg(test)]
fn fields(e: &AppError) -> crate::error::FieldErrors {
    match e {
        AppError::Invalid(f) => f.clone(),
        _ => crate::error::FieldErrors::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct In {
        name: String,
        months: u32,
    }

    fn err(body: &str) -> AppError {
        json_value(&serde_json::from_str::<In>(body).unwrap_err())
    }

    #[test]
    fn json_errors_name_the_field_or_the_place_and_never_serde() {
        let f = fields(&err(r#"{"months": 3}"#));
        assert_eq!(f.get("name").map(|m| m.key), Some("json-missing-field"));
        let f = fields(&err(r#"{"name": ["x"], "months": 3}"#));
        assert_eq!(f.get("body").map(|m| m.key), Some("json-expected-text"));
        let f = fields(&err(r#"{"name": "x", "months": -1}"#));
        assert_eq!(f.get("body").map(|m| m.key), Some("json-expected-count"));
        let f = fields(&err(r#"{"name": "x", "#));
        assert_eq!(f.get("body").map(|m| m.key), Some("json-eof"));
        let f = fields(&err(r#"{"name": x}"#));
        assert_eq!(f.get("body").map(|m| m.key), Some("json-syntax"));
    }
}
