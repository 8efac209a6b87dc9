//! Scheduled jobs (`scheduled_jobs`): work the server does once per Copenhagen day. An
//! instance claims a day with a guarded `UPDATE` that only one instance wins (portable:
//! no `SKIP LOCKED`), runs it, and records it done; a claim whose instance stopped
//! expires and is taken again.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::scheduled_jobs as jobs;
use crate::db::DbConn;

/// A job's stored state, for the operations page and the tests.
#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = jobs)]
pub struct JobRow {
    pub name: String,
    pub done_on: Option<NaiveDate>,
    pub claimed_until: Option<NaiveDateTime>,
    pub claim_token: Option<String>,
    pub last_run_at: Option<NaiveDateTime>,
    pub last_result: String,
}

pub fn get(conn: &mut DbConn, name: &str) -> QueryResult<Option<JobRow>> {
    jobs::table
        .find(name)
        .select(JobRow::as_select())
        .first(conn)
        .optional()
}

/// Claims `today`'s run of `name` until `until`, unless it is done for today or another
/// instance holds an unexpired claim. Returns whether this caller won.
pub fn claim_day(
    conn: &mut DbConn,
    name: &str,
    today: NaiveDate,
    now: NaiveDateTime,
    until: NaiveDateTime,
    token: &str,
) -> QueryResult<bool> {
    let won = diesel::update(
        jobs::table
            .find(name)
            .filter(jobs::done_on.is_null().or(jobs::done_on.lt(today)))
            .filter(
                jobs::claimed_until
                    .is_null()
                    .or(jobs::claimed_until.lt(now)),
            ),
    )
    .set((jobs::claimed_until.eq(until), jobs::claim_token.eq(token)))
    .execute(conn)?;
    Ok(won == 1)
}

/// Records `today`'s run done, if the claim is still the caller's.
pub fn finish(
    conn: &mut DbConn,
    name: &str,
    token: &str,
    today: NaiveDate,
    now: NaiveDateTime,
    result: &str,
) -> QueryResult<bool> {
    let n = diesel::update(jobs::table.find(name).filter(jobs::claim_token.eq(token)))
        .set((
            jobs::done_on.eq(today),
            jobs::claimed_until.eq(None::<NaiveDateTime>),
            jobs::claim_token.eq(None::<String>),
            jobs::last_run_at.eq(now),
            jobs::last_result.eq(result),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// Gives up a claim after a failed run, so the next tick (of any instance) tries again.
pub fn release(
    conn: &mut DbConn,
    name: &str,
    token: &str,
    now: NaiveDateTime,
    result: &str,
) -> QueryResult<usize> {
    diesel::update(jobs::table.find(name).filter(jobs::claim_token.eq(token)))
        .set((
            jobs::claimed_until.eq(None::<NaiveDateTime>),
            jobs::claim_token.eq(None::<String>),
            jobs::last_run_at.eq(now),
            jobs::last_result.eq(result),
        ))
        .execute(conn)
}
