//! What the municipality's account pages read beyond `accounts`: every version of an
//! account, the officer's reason for sending it back, a repayment claim, and a document
//! linked to the account. Rows out, nothing written.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::accounts::VersionRow;
use crate::db::schema::{
    account_documents, account_reviews, account_versions, documents, repayment_claims,
};
use crate::db::DbConn;

/// A repayment claim (tilbagebetalingskrav) as stored.
#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = repayment_claims)]
pub struct ClaimRow {
    pub id: i64,
    pub account_id: i64,
    pub claim_no: String,
    pub amount_ore: i64,
    pub due_date: NaiveDate,
    pub status: String,
    pub received_on: Option<NaiveDate>,
    pub write_off_reason: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Every version of an account, oldest first.
pub fn versions_of(conn: &mut DbConn, account_id: i64) -> QueryResult<Vec<VersionRow>> {
    account_versions::table
        .filter(account_versions::account_id.eq(account_id))
        .order(account_versions::version_no.asc())
        .select(VersionRow::as_select())
        .load(conn)
}

/// The reason of the latest review that sent the account back, if any.
pub fn sent_back_reason(conn: &mut DbConn, account_id: i64) -> QueryResult<Option<String>> {
    account_reviews::table
        .filter(account_reviews::account_id.eq(account_id))
        .filter(account_reviews::decision.is_not_null())
        .order((
            account_reviews::decided_at.desc(),
            account_reviews::id.desc(),
        ))
        .select((account_reviews::decision, account_reviews::reason))
        .first::<(Option<String>, String)>(conn)
        .optional()
        .map(|r| r.and_then(|(d, reason)| (d.as_deref() == Some("sent_back")).then_some(reason)))
}

/// The account's repayment claim, if its settlement made one.
pub fn claim_of(conn: &mut DbConn, account_id: i64) -> QueryResult<Option<ClaimRow>> {
    repayment_claims::table
        .filter(repayment_claims::account_id.eq(account_id))
        .select(ClaimRow::as_select())
        .first(conn)
        .optional()
}

/// A document linked to some version of the account: its bytes and the name it was
/// uploaded with. `None` for a document of another account, even one stored.
pub fn document_of(
    conn: &mut DbConn,
    account_id: i64,
    sha256: &str,
) -> QueryResult<Option<(Vec<u8>, String)>> {
    let name = account_documents::table
        .inner_join(account_versions::table)
        .filter(account_versions::account_id.eq(account_id))
        .filter(account_documents::sha256.eq(sha256))
        .select(account_documents::filename)
        .first::<String>(conn)
        .optional()?;
    let Some(name) = name else {
        return Ok(None);
    };
    let bytes = documents::table
        .find(sha256)
        .select(documents::bytes)
        .get_result::<Vec<u8>>(conn)?;
    Ok(Some((bytes, name)))
}
