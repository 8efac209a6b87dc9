//! Reading the outbox (udgående post): every email queued or sent, newest first, a page
//! at a time. Emails are queued by the operations that cause them (`mail::enqueue`) and
//! sent by the worker (`mail::worker`).

use super::audit::{clamp_limit, Page};
use crate::db::DbConn;
use crate::error::{AppResult, FieldErrors, Msg};
use crate::mail::{outbox, OutboxRow, Status};

/// Which emails to list.
#[derive(Clone, Copy, Debug, Default)]
pub struct OutboxFilter {
    pub status: Option<Status>,
    /// Only emails older than this id (the next page).
    pub before: Option<i64>,
    /// At most this many (default 100, between 1 and 1000).
    pub limit: Option<i64>,
}

/// The filter as asked (the status as text), before it is checked.
#[derive(Clone, Debug, Default)]
pub struct OutboxFilterDraft {
    pub status: Option<String>,
    pub before: Option<i64>,
    pub limit: Option<i64>,
}

impl OutboxFilterDraft {
    /// An empty status means any; an unknown one is a field error.
    pub fn parse(&self) -> Result<OutboxFilter, FieldErrors> {
        let status = match self.status.as_deref() {
            None | Some("") => None,
            Some(s) => match Status::parse(s) {
                Some(st) => Some(st),
                None => {
                    let mut errors = FieldErrors::default();
                    errors.add("status", Msg::new("outbox-status-invalid").arg("status", s));
                    return Err(errors);
                }
            },
        };
        Ok(OutboxFilter {
            status,
            before: self.before,
            limit: self.limit,
        })
    }
}

/// A page of the outbox.
pub fn page(conn: &mut DbConn, filter: &OutboxFilter) -> AppResult<Page<OutboxRow>> {
    let limit = clamp_limit(filter.limit);
    let rows = outbox::page(conn, filter.status, filter.before, limit)?;
    Ok(Page::new(rows, limit, |r| r.id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_filter_is_one_of_the_four_or_none() {
        let draft = |s: &str| OutboxFilterDraft {
            status: Some(s.to_string()),
            ..Default::default()
        };
        assert_eq!(draft("").parse().map(|f| f.status), Ok(None));
        assert_eq!(
            draft("sent").parse().map(|f| f.status),
            Ok(Some(Status::Sent))
        );
        let errors = draft("lost").parse().expect_err("unknown status");
        assert_eq!(
            errors.get("status").map(|m| m.key),
            Some("outbox-status-invalid")
        );
    }
}
