//! What the daily reminder job reads: the accounts still with their municipality, with
//! who to remind and the pool's offsets.

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::db::schema::{
    accounts, application_versions, commitments, municipalities, pool_account_settings, pools,
    users,
};
use crate::db::DbConn;

/// An account a municipality has not submitted (draft, or sent back to it).
#[derive(Queryable, Debug, Clone)]
pub struct OpenAccount {
    pub account_id: i64,
    pub kind: String,
    pub deadline: NaiveDate,
    pub certification: String,
    pub pool_id: i64,
    pub pool_name: String,
    pub municipality_code: i32,
    pub municipality: String,
    pub contact_name: String,
    pub contact_email: String,
    pub reminder_offsets: String,
}

pub fn open_accounts(conn: &mut DbConn) -> QueryResult<Vec<OpenAccount>> {
    accounts::table
        .inner_join(commitments::table.on(commitments::id.eq(accounts::commitment_id)))
        .inner_join(
            application_versions::table.on(application_versions::id.eq(commitments::version_id)),
        )
        .inner_join(pools::table.on(pools::id.eq(commitments::pool_id)))
        .inner_join(
            pool_account_settings::table
                .on(pool_account_settings::pool_id.eq(commitments::pool_id)),
        )
        .inner_join(
            municipalities::table.on(municipalities::code.eq(commitments::municipality_code)),
        )
        .filter(accounts::status.eq_any(["draft", "sent_back"]))
        .order(accounts::id.asc())
        .select((
            accounts::id,
            accounts::kind,
            accounts::deadline,
            accounts::certification,
            pools::id,
            pools::name,
            municipalities::code,
            municipalities::name,
            application_versions::contact_name,
            application_versions::contact_email,
            pool_account_settings::reminder_offsets,
        ))
        .load(conn)
}

/// The addresses of a municipality's active finance staff that have one.
pub fn finance_emails(conn: &mut DbConn, code: i32) -> QueryResult<Vec<(String, String)>> {
    users::table
        .filter(users::municipality_code.eq(code))
        .filter(users::role.eq("finance"))
        .filter(users::active.eq(true))
        .filter(users::email.ne(""))
        .order(users::id.asc())
        .select((users::display_name, users::email))
        .load(conn)
}
