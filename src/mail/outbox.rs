//! The outbox table: claiming, recording the result, retry timing, listing.
//!
//! Claiming is portable (SQLite and PostgreSQL alike, no `FOR UPDATE SKIP LOCKED`): pick
//! the oldest due pending id, then `UPDATE … SET status = 'sending', claim_token = T
//! WHERE id = ? AND status = 'pending'`. The database applies updates to one row one at
//! a time, so of two workers racing for a row exactly one sees one row affected; the
//! other tries the next row. Every later update of the row names the claim token, so a
//! worker whose claim was taken away (see `reclaim_stale`) cannot overwrite the result.
//!
//! These updates are bookkeeping of delivery, not business changes, so they write no
//! audit entries; the change that queued the email has its own.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use super::stored;
use crate::db::schema::outbox as ob;
use crate::db::DbConn;

/// Where an outbox row is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Waiting until `next_attempt_at`.
    Pending,
    /// Claimed by one worker, which is sending it now.
    Sending,
    Sent,
    /// Given up: a permanent refusal, or too many attempts.
    Failed,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Pending,
        Status::Sending,
        Status::Sent,
        Status::Failed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Sending => "sending",
            Status::Sent => "sent",
            Status::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

#[derive(Queryable, Selectable, Clone, Debug)]
#[diesel(table_name = ob)]
pub struct OutboxRow {
    pub id: i64,
    pub kind: String,
    pub to_addr: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: Option<String>,
    pub status: String,
    /// Delivery attempts started (counted when claimed, so a crash mid-send counts too).
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
    pub claimed_at: Option<NaiveDateTime>,
    pub claim_token: Option<String>,
    pub related_entity: String,
    pub related_id: String,
}

impl OutboxRow {
    /// The row's status; `None` only for a value this version does not know.
    pub fn status(&self) -> Option<Status> {
        Status::parse(&self.status)
    }
}

/// When to try again, when to give up, and when a claim is abandoned.
#[derive(Clone, Copy, Debug)]
pub struct Retry {
    /// After this many attempts a row is marked failed.
    pub max_attempts: i32,
    /// Wait after the first failed attempt; doubled after each further one.
    pub first_delay: TimeDelta,
    /// Longest wait between attempts.
    pub max_delay: TimeDelta,
    /// A row still `sending` this long after its claim belongs to a worker that died.
    /// Far longer than one SMTP exchange may take (the transport times out after 60 s).
    pub stale_after: TimeDelta,
}

impl Default for Retry {
    /// 30 s, 1, 2, 4, 8, 16, 32 min, then hourly: ten attempts over about three hours.
    fn default() -> Retry {
        Retry {
            max_attempts: 10,
            first_delay: TimeDelta::seconds(30),
            max_delay: TimeDelta::hours(1),
            stale_after: TimeDelta::minutes(10),
        }
    }
}

impl Retry {
    /// The wait after the `attempts`-th failed attempt (1 = the first).
    pub fn backoff(&self, attempts: i32) -> TimeDelta {
        let doublings = attempts.saturating_sub(1).clamp(0, 30);
        self.first_delay
            .checked_mul(1i32 << doublings)
            .map_or(self.max_delay, |d| d.min(self.max_delay))
    }
}

/// The id of the oldest pending row that is due.
pub fn next_due(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<Option<i64>> {
    ob::table
        .filter(ob::status.eq(Status::Pending.as_str()))
        .filter(ob::next_attempt_at.le(now))
        .order((ob::next_attempt_at.asc(), ob::id.asc()))
        .select(ob::id)
        .first(conn)
        .optional()
}

/// Claims row `id` for the worker holding `token`. True exactly when this call moved
/// the row from pending to sending, i.e. this worker now owns it.
pub fn claim(conn: &mut DbConn, id: i64, now: NaiveDateTime, token: &str) -> QueryResult<bool> {
    let n = diesel::update(
        ob::table
            .filter(ob::id.eq(id))
            .filter(ob::status.eq(Status::Pending.as_str()))
            .filter(ob::next_attempt_at.le(now)),
    )
    .set((
        ob::status.eq(Status::Sending.as_str()),
        ob::claimed_at.eq(Some(stored(now))),
        ob::claim_token.eq(Some(token)),
        ob::attempts.eq(ob::attempts + 1),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Claims the oldest due row, passing over rows another worker wins in the meantime.
pub fn claim_next(
    conn: &mut DbConn,
    now: NaiveDateTime,
    token: &str,
) -> QueryResult<Option<OutboxRow>> {
    // Each lost race means another worker took a row, so this ends.
    for _ in 0..16 {
        let Some(id) = next_due(conn, now)? else {
            return Ok(None);
        };
        if claim(conn, id, now, token)? {
            return get(conn, id);
        }
    }
    Ok(None)
}

/// Records a delivery. False if the claim was no longer this worker's (it was
/// reclaimed as stale while sending), in which case the row may be sent twice.
pub fn mark_sent(conn: &mut DbConn, id: i64, token: &str, now: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(owned(id, token))
        .set((
            ob::status.eq(Status::Sent.as_str()),
            ob::sent_at.eq(Some(stored(now))),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// Records a failed attempt: back to pending with a later `next_attempt_at`, or failed
/// when the refusal was permanent or the attempts are used up. Returns the new status,
/// or `None` if the claim was no longer this worker's.
pub fn mark_failed(
    conn: &mut DbConn,
    row: &OutboxRow,
    token: &str,
    now: NaiveDateTime,
    error: &str,
    permanent: bool,
    retry: &Retry,
) -> QueryResult<Option<Status>> {
    let status = if permanent || row.attempts >= retry.max_attempts {
        Status::Failed
    } else {
        Status::Pending
    };
    let next = match status {
        Status::Pending => stored(now + retry.backoff(row.attempts)),
        _ => row.next_attempt_at,
    };
    let n = diesel::update(owned(row.id, token))
        .set((
            ob::status.eq(status.as_str()),
            ob::next_attempt_at.eq(next),
            ob::last_error.eq(Some(truncate(error, 1000))),
            ob::claimed_at.eq(None::<NaiveDateTime>),
            ob::claim_token.eq(None::<String>),
        ))
        .execute(conn)?;
    Ok((n == 1).then_some(status))
}

type Owned = diesel::dsl::Filter<
    diesel::dsl::Filter<
        diesel::dsl::Filter<ob::table, diesel::dsl::Eq<ob::id, i64>>,
        diesel::dsl::Eq<ob::status, &'static str>,
    >,
    diesel::dsl::Eq<ob::claim_token, String>,
>;

/// The row, if it is still being sent under this claim.
fn owned(id: i64, token: &str) -> Owned {
    ob::table
        .filter(ob::id.eq(id))
        .filter(ob::status.eq(Status::Sending.as_str()))
        .filter(ob::claim_token.eq(token.to_string()))
}

/// Releases claims older than `retry.stale_after` (their worker died mid-send): due again
/// at once, or failed if the attempts are used up. Returns how many were released.
/// Safe to run from every worker: each update is guarded by the row still being stale.
pub fn reclaim_stale(conn: &mut DbConn, now: NaiveDateTime, retry: &Retry) -> QueryResult<usize> {
    let cutoff = now - retry.stale_after;
    let stale = ob::table
        .filter(ob::status.eq(Status::Sending.as_str()))
        .filter(ob::claimed_at.lt(cutoff));
    // Read first: an idle worker then never takes SQLite's write lock.
    let any: Option<i64> = stale.select(ob::id).first(conn).optional()?;
    if any.is_none() {
        return Ok(0);
    }
    let note = "claim expired: the sending worker stopped before recording the result; \
                the email may already have been delivered";
    let failed = diesel::update(stale.filter(ob::attempts.ge(retry.max_attempts)))
        .set((
            ob::status.eq(Status::Failed.as_str()),
            ob::last_error.eq(Some(note)),
            ob::claimed_at.eq(None::<NaiveDateTime>),
            ob::claim_token.eq(None::<String>),
        ))
        .execute(conn)?;
    let retried = diesel::update(stale)
        .set((
            ob::status.eq(Status::Pending.as_str()),
            ob::next_attempt_at.eq(stored(now)),
            ob::last_error.eq(Some(note)),
            ob::claimed_at.eq(None::<NaiveDateTime>),
            ob::claim_token.eq(None::<String>),
        ))
        .execute(conn)?;
    Ok(failed + retried)
}

pub fn get(conn: &mut DbConn, id: i64) -> QueryResult<Option<OutboxRow>> {
    ob::table
        .find(id)
        .select(OutboxRow::as_select())
        .first(conn)
        .optional()
}

/// A page of the outbox, newest first.
pub fn page(
    conn: &mut DbConn,
    status: Option<Status>,
    before_id: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<OutboxRow>> {
    let mut q = ob::table.select(OutboxRow::as_select()).into_boxed();
    if let Some(s) = status {
        q = q.filter(ob::status.eq(s.as_str()));
    }
    if let Some(b) = before_id {
        q = q.filter(ob::id.lt(b));
    }
    q.order(ob::id.desc()).limit(limit).load(conn)
}

/// Rows waiting (pending or being sent) and rows given up on, across all instances:
/// counted on the `(status, next_attempt_at)` index, for the metrics at scrape time.
pub fn queue_depth(conn: &mut DbConn) -> QueryResult<(i64, i64)> {
    let queued = ob::table
        .filter(ob::status.eq_any([Status::Pending.as_str(), Status::Sending.as_str()]))
        .count()
        .get_result(conn)?;
    let failed = ob::table
        .filter(ob::status.eq(Status::Failed.as_str()))
        .count()
        .get_result(conn)?;
    Ok((queued, failed))
}

fn truncate(s: &str, max_chars: usize) -> String {
    match s.char_indices().nth(max_chars) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_from_thirty_seconds_up_to_an_hour() {
        let r = Retry::default();
        let waits: Vec<i64> = (1..=10).map(|a| r.backoff(a).num_seconds()).collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
        assert_eq!(r.backoff(i32::MAX), TimeDelta::hours(1));
        assert_eq!(r.backoff(0).num_seconds(), 30);
    }

    #[test]
    fn status_names_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        assert_eq!(Status::parse("lost"), None);
    }

    #[test]
    fn a_long_error_is_cut_on_a_character_boundary() {
        assert_eq!(truncate("æøå", 2), "æø…");
        assert_eq!(truncate("abc", 3), "abc");
    }
}
