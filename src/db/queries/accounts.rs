//! The accounts tables (a pool's account settings, accounts, their versions, lines and
//! documents): rows in, rows out. Which accounts a commitment needs, what a submission
//! needs and the audit entries are the operations' (`app::accounts`); the database
//! refuses what breaks the money rules (`migrations/*/2026-12-02-000009_accounts`).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{
    account_documents, account_lines, account_versions, accounts, commitments, documents,
    pool_account_settings,
};
use crate::db::DbConn;
use crate::domain::accounts::{AccountKind, Certification};
use crate::domain::budget::CostItem;
use crate::domain::status::AccountStatus;

#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = pool_account_settings)]
pub struct SettingsRow {
    pub pool_id: i64,
    pub interim_before_rate: Option<i32>,
    pub interim_deadline_months: i32,
    pub tolerance_bp: i32,
    pub claim_due_days: i32,
    pub reminder_offsets: String,
}

#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = accounts)]
pub struct AccountRow {
    pub id: i64,
    pub commitment_id: i64,
    #[diesel(deserialize_as = String)]
    pub kind: AccountKind,
    pub before_rate: Option<i32>,
    pub first_year: i32,
    pub last_year: i32,
    pub deadline: NaiveDate,
    #[diesel(deserialize_as = String)]
    pub certification: Certification,
    pub grant_ore: i64,
    pub threshold_ore: i64,
    #[diesel(deserialize_as = String)]
    pub status: AccountStatus,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = account_versions)]
pub struct VersionRow {
    pub id: i64,
    pub account_id: i64,
    pub version_no: i32,
    pub signer_name: String,
    pub signer_title: String,
    pub audit_firm: String,
    pub signed_on: Option<NaiveDate>,
    pub submitted_at: Option<NaiveDateTime>,
    pub submitted_by: Option<i64>,
    pub receipt_no: Option<String>,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = account_lines)]
pub struct LineRow {
    pub version_id: i64,
    pub cost_item: String,
    pub year: i32,
    pub actual_ore: i64,
    pub comment: String,
}

#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = account_documents)]
pub struct DocumentLinkRow {
    pub version_id: i64,
    pub purpose: String,
    pub sha256: String,
    pub filename: String,
}

/// A new account, as the approval decided it.
#[derive(Insertable, Debug, Clone, Serialize)]
#[diesel(table_name = accounts)]
pub struct NewAccount {
    pub commitment_id: i64,
    pub kind: &'static str,
    pub before_rate: Option<i32>,
    pub first_year: i32,
    pub last_year: i32,
    pub deadline: NaiveDate,
    pub certification: &'static str,
    pub grant_ore: i64,
    pub threshold_ore: i64,
    pub status: &'static str,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The certification fields of a version, on insert and update alike.
#[derive(Insertable, AsChangeset, Debug, Clone)]
#[diesel(table_name = account_versions, treat_none_as_null = true)]
pub struct Signature<'a> {
    pub signer_name: &'a str,
    pub signer_title: &'a str,
    pub audit_firm: &'a str,
    pub signed_on: Option<NaiveDate>,
}

pub fn settings_of(conn: &mut DbConn, pool_id: i64) -> QueryResult<Option<SettingsRow>> {
    pool_account_settings::table
        .find(pool_id)
        .select(SettingsRow::as_select())
        .get_result(conn)
        .optional()
}

pub fn insert(conn: &mut DbConn, account: &NewAccount) -> QueryResult<AccountRow> {
    let id: i64 = diesel::insert_into(accounts::table)
        .values(account)
        .returning(accounts::id)
        .get_result(conn)?;
    accounts::table
        .find(id)
        .select(AccountRow::as_select())
        .get_result(conn)
}

/// A commitment's accounts, interim before final.
pub fn of_commitment(conn: &mut DbConn, commitment_id: i64) -> QueryResult<Vec<AccountRow>> {
    let mut rows: Vec<AccountRow> = accounts::table
        .filter(accounts::commitment_id.eq(commitment_id))
        .select(AccountRow::as_select())
        .load(conn)?;
    rows.sort_by_key(|a| a.kind != AccountKind::Interim);
    Ok(rows)
}

/// Every account of pool `pool_id`'s commitments, interim before final within each.
pub fn of_pool(conn: &mut DbConn, pool_id: i64) -> QueryResult<Vec<AccountRow>> {
    let mut rows: Vec<AccountRow> = accounts::table
        .inner_join(commitments::table.on(commitments::id.eq(accounts::commitment_id)))
        .filter(commitments::pool_id.eq(pool_id))
        .order(accounts::id.asc())
        .select(AccountRow::as_select())
        .load(conn)?;
    rows.sort_by_key(|a| (a.commitment_id, a.kind != AccountKind::Interim));
    Ok(rows)
}

/// A repayment claim (tilbagebetalingskrav) as a pool's ledger books it.
#[derive(Queryable, Debug, Clone)]
pub struct PoolClaim {
    pub commitment_id: i64,
    pub amount_ore: i64,
    pub due_date: NaiveDate,
    /// `open`, `received` or `written_off`.
    pub status: String,
    /// The day the money came back.
    pub received_on: Option<NaiveDate>,
}

/// The repayment claims of pool `pool_id`.
pub fn claims_in_pool(conn: &mut DbConn, pool_id: i64) -> QueryResult<Vec<PoolClaim>> {
    use crate::db::schema::repayment_claims as rc;
    rc::table
        .inner_join(accounts::table.on(accounts::id.eq(rc::account_id)))
        .inner_join(commitments::table.on(commitments::id.eq(accounts::commitment_id)))
        .filter(commitments::pool_id.eq(pool_id))
        .order(rc::id.asc())
        .select((
            accounts::commitment_id,
            rc::amount_ore,
            rc::due_date,
            rc::status,
            rc::received_on,
        ))
        .load(conn)
}

/// The account of `kind` of the municipality's commitment in a pool.
pub fn find(
    conn: &mut DbConn,
    pool_id: i64,
    code: i32,
    kind: AccountKind,
) -> QueryResult<Option<AccountRow>> {
    accounts::table
        .inner_join(commitments::table)
        .filter(commitments::pool_id.eq(pool_id))
        .filter(commitments::municipality_code.eq(code))
        .filter(accounts::kind.eq(kind.as_str()))
        .select(AccountRow::as_select())
        .get_result(conn)
        .optional()
}

pub fn set_status(
    conn: &mut DbConn,
    id: i64,
    status: AccountStatus,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(accounts::table.find(id))
        .set((
            accounts::status.eq(status.as_str()),
            accounts::updated_at.eq(now),
        ))
        .execute(conn)
}

/// The account's newest version, if any.
pub fn latest_version(conn: &mut DbConn, account_id: i64) -> QueryResult<Option<VersionRow>> {
    account_versions::table
        .filter(account_versions::account_id.eq(account_id))
        .order(account_versions::version_no.desc())
        .select(VersionRow::as_select())
        .first(conn)
        .optional()
}

pub fn get_version(conn: &mut DbConn, id: i64) -> QueryResult<Option<VersionRow>> {
    account_versions::table
        .find(id)
        .select(VersionRow::as_select())
        .get_result(conn)
        .optional()
}

/// Inserts version `version_no` of an account with its signature; returns its id.
pub fn insert_version(
    conn: &mut DbConn,
    account_id: i64,
    version_no: i32,
    signature: &Signature,
    by: i64,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(account_versions::table)
        .values((
            account_versions::account_id.eq(account_id),
            account_versions::version_no.eq(version_no),
            signature,
            account_versions::created_by.eq(by),
            account_versions::created_at.eq(now),
            account_versions::updated_at.eq(now),
        ))
        .returning(account_versions::id)
        .get_result(conn)
}

/// Writes a draft version's signature and replaces its lines. The database refuses this
/// for a submitted version.
pub fn update_draft(
    conn: &mut DbConn,
    version_id: i64,
    signature: &Signature,
    lines: &[(CostItem, i32, i64, String)],
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(account_versions::table.find(version_id))
        .set((signature, account_versions::updated_at.eq(now)))
        .execute(conn)?;
    diesel::delete(account_lines::table.filter(account_lines::version_id.eq(version_id)))
        .execute(conn)?;
    for (item, year, actual_ore, comment) in lines {
        diesel::insert_into(account_lines::table)
            .values((
                account_lines::version_id.eq(version_id),
                account_lines::cost_item.eq(item.key()),
                account_lines::year.eq(*year),
                account_lines::actual_ore.eq(*actual_ore),
                account_lines::comment.eq(comment),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn lines_of(conn: &mut DbConn, version_id: i64) -> QueryResult<Vec<LineRow>> {
    account_lines::table
        .filter(account_lines::version_id.eq(version_id))
        .order((account_lines::cost_item.asc(), account_lines::year.asc()))
        .select(LineRow::as_select())
        .load(conn)
}

pub fn documents_of(conn: &mut DbConn, version_id: i64) -> QueryResult<Vec<DocumentLinkRow>> {
    account_documents::table
        .filter(account_documents::version_id.eq(version_id))
        .order((
            account_documents::purpose.asc(),
            account_documents::filename.asc(),
        ))
        .select(DocumentLinkRow::as_select())
        .load(conn)
}

/// Gives a new version the documents of the one before it.
pub fn copy_documents(conn: &mut DbConn, from: i64, to: i64) -> QueryResult<usize> {
    let links = documents_of(conn, from)?;
    for l in &links {
        link_document(conn, to, &l.purpose, &l.sha256, &l.filename)?;
    }
    Ok(links.len())
}

/// Stores a PDF under its SHA-256, once: the same file uploaded again is already there.
/// The database checks the size and the "%PDF-" at its start.
pub fn store_document(
    conn: &mut DbConn,
    sha256: &str,
    bytes: &[u8],
    by: i64,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    // Writers run one at a time under the audit head's lock, so looking first is safe.
    let stored = documents::table
        .find(sha256)
        .select(documents::sha256)
        .get_result::<String>(conn)
        .optional()?;
    if stored.is_some() {
        return Ok(0);
    }
    let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
    diesel::insert_into(documents::table)
        .values((
            documents::sha256.eq(sha256),
            documents::content_type.eq("application/pdf"),
            documents::size_bytes.eq(size),
            documents::bytes.eq(bytes),
            documents::uploaded_by.eq(by),
            documents::uploaded_at.eq(now),
        ))
        .execute(conn)
}

/// Links a stored document to a draft version. A declaration, an auditor's report or a
/// final report replaces the one linked before; attachments add up (the same file again
/// takes its new name).
pub fn link_document(
    conn: &mut DbConn,
    version_id: i64,
    purpose: &str,
    sha256: &str,
    filename: &str,
) -> QueryResult<usize> {
    let same = account_documents::table
        .filter(account_documents::version_id.eq(version_id))
        .filter(account_documents::purpose.eq(purpose));
    if purpose != "attachment" {
        diesel::delete(same).execute(conn)?;
    } else {
        diesel::delete(same.filter(account_documents::sha256.eq(sha256))).execute(conn)?;
    }
    diesel::insert_into(account_documents::table)
        .values((
            account_documents::version_id.eq(version_id),
            account_documents::purpose.eq(purpose),
            account_documents::sha256.eq(sha256),
            account_documents::filename.eq(filename),
        ))
        .execute(conn)
}

/// Freezes a version with its receipt number.
pub fn mark_submitted(
    conn: &mut DbConn,
    version_id: i64,
    now: NaiveDateTime,
    by: i64,
    receipt_no: &str,
) -> QueryResult<usize> {
    diesel::update(account_versions::table.find(version_id))
        .set((
            account_versions::submitted_at.eq(now),
            account_versions::submitted_by.eq(by),
            account_versions::receipt_no.eq(receipt_no),
        ))
        .execute(conn)
}
