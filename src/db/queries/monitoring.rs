//! Monitoring data: pseudonymised person-months, the uploads that replaced them, and the
//! counts the KPIs and milestone facts are computed from (per month here, per person in
//! `persons`). Rows and typed values only: the import's order of work, its checks and
//! its audit entry are `app::monitoring`'s.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::monitoring_rows as mr;
use crate::db::DbConn;
use crate::domain::monitoring::{Month, PersonMonth};

pub mod persons;
pub mod uploads;

pub use persons::{unassessed, Unassessed, UnassessedPerson};

/// The rows readers see: those of the upload `monitoring_uploads` names for their
/// municipality-month. Rows of an import still being written, of a failed one or of
/// an upload since replaced are not current (`uploads`).
pub const CURRENT: &str = "EXISTS (SELECT 1 FROM monitoring_uploads cur \
    WHERE cur.municipality_code = monitoring_rows.municipality_code \
    AND cur.month = monitoring_rows.month AND cur.upload_id = monitoring_rows.upload_id)";

/// Rows buffered before they are inserted on SQLite.
const BATCH: usize = 1000;

/// A person-month as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewRow {
    pub municipality_code: i32,
    /// YYYYMM
    pub month: i32,
    pub person: [u8; 32],
    pub assessment_group: i16,
    pub job_broker: bool,
    pub company_offer: bool,
    pub ordinary_centihours: i32,
    pub outcome: &'static str,
}

impl From<&PersonMonth> for NewRow {
    fn from(row: &PersonMonth) -> NewRow {
        NewRow {
            municipality_code: i32::from(row.municipality.as_u16()),
            month: row.month.yyyymm(),
            person: row.person.0,
            assessment_group: row.group.code(),
            job_broker: row.job_broker,
            company_offer: row.company_offer,
            // At most 74,400 (the reader's limit).
            ordinary_centihours: i32::try_from(row.ordinary_centihours).unwrap_or(i32::MAX),
            outcome: row.outcome.code(),
        }
    }
}

type RowValues = (
    diesel::dsl::Eq<mr::upload_id, i64>,
    diesel::dsl::Eq<mr::municipality_code, i32>,
    diesel::dsl::Eq<mr::month, i32>,
    diesel::dsl::Eq<mr::person, Vec<u8>>,
    diesel::dsl::Eq<mr::assessment_group, i16>,
    diesel::dsl::Eq<mr::job_broker, bool>,
    diesel::dsl::Eq<mr::company_offer, bool>,
    diesel::dsl::Eq<mr::ordinary_centihours, i32>,
    diesel::dsl::Eq<mr::outcome, &'static str>,
);

/// One row of upload `upload` as diesel's insert values.
fn values_of(upload: i64, row: &NewRow) -> RowValues {
    (
        mr::upload_id.eq(upload),
        mr::municipality_code.eq(row.municipality_code),
        mr::month.eq(row.month),
        mr::person.eq(row.person.to_vec()),
        mr::assessment_group.eq(row.assessment_group),
        mr::job_broker.eq(row.job_broker),
        mr::company_offer.eq(row.company_offer),
        mr::ordinary_centihours.eq(row.ordinary_centihours),
        mr::outcome.eq(row.outcome),
    )
}

/// Rows per multi-row `INSERT` on SQLite: a fixed size, so the statement is prepared
/// once and cached (docs/benchmarks.md has the measurements).
const CHUNK: usize = 32;

/// Writes rows of upload `upload` (`lines[i]` is the file line of `rows[i]`): on SQLite
/// as cached multi-row `INSERT`s, on PostgreSQL as one binary `COPY`. Returns the line of
/// a person already written for that municipality and month (0 when PostgreSQL does not
/// say which); the caller then refuses the whole file and removes what it wrote.
pub fn insert(
    c: &mut DbConn,
    upload: i64,
    rows: &[NewRow],
    lines: &[usize],
) -> QueryResult<Option<usize>> {
    match c {
        DbConn::Sqlite(cc) => insert_sqlite(cc, upload, rows, lines),
        #[cfg(feature = "postgres")]
        DbConn::Pg(cc) => copy_pg(cc, upload, rows, lines),
    }
}

/// Rows to buffer before `insert`: a `COPY` per batch on PostgreSQL, where each batch
/// costs a round trip; fewer on SQLite's in-process inserts.
pub fn batch_size(c: &DbConn) -> usize {
    match c {
        DbConn::Sqlite(_) => BATCH,
        #[cfg(feature = "postgres")]
        DbConn::Pg(_) => COPY_BATCH,
    }
}

/// `CHUNK` rows at a time where it can (one cached multi-row statement), the rest one
/// by one. A failing chunk is retried row by row to find the duplicate: SQLite undoes
/// only the failed statement, not the transaction.
fn insert_sqlite(
    c: &mut diesel::SqliteConnection,
    upload: i64,
    batch: &[NewRow],
    lines: &[usize],
) -> QueryResult<Option<usize>> {
    use diesel::result::{DatabaseErrorKind, Error};
    let mut start = 0;
    while start < batch.len() {
        let end = (start + CHUNK).min(batch.len());
        if end - start == CHUNK {
            let chunk = &batch[start..end];
            let values: [_; CHUNK] = std::array::from_fn(|i| values_of(upload, &chunk[i]));
            match diesel::insert_into(mr::table).values(values).execute(c) {
                Ok(_) => {
                    start = end;
                    continue;
                }
                Err(Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {}
                Err(e) => return Err(e),
            }
        }
        for i in start..end {
            match diesel::insert_into(mr::table)
                .values(values_of(upload, &batch[i]))
                .execute(c)
            {
                Ok(_) => {}
                Err(Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
                    return Ok(Some(lines[i]));
                }
                Err(e) => return Err(e),
            }
        }
        start = end;
    }
    Ok(None)
}

#[cfg(feature = "postgres")]
const COPY_BATCH: usize = 20_000;

/// The batch in PostgreSQL's binary `COPY` format: a header, per row the field count
/// and each field as a length and its big-endian value, and a trailer.
#[cfg(feature = "postgres")]
fn copy_binary(upload: i64, batch: &[NewRow]) -> Vec<u8> {
    fn field(out: &mut Vec<u8>, bytes: &[u8]) {
        out.extend_from_slice(&(bytes.len() as i32).to_be_bytes());
        out.extend_from_slice(bytes);
    }
    let mut out = Vec::with_capacity(21 + batch.len() * 96);
    out.extend_from_slice(b"PGCOPY\n\xff\r\n\0");
    out.extend_from_slice(&0i32.to_be_bytes()); // flags
    out.extend_from_slice(&0i32.to_be_bytes()); // header extension length
    for r in batch {
        out.extend_from_slice(&9i16.to_be_bytes());
        field(&mut out, &r.municipality_code.to_be_bytes());
        field(&mut out, &r.month.to_be_bytes());
        field(&mut out, &r.person);
        field(&mut out, &r.assessment_group.to_be_bytes());
        field(&mut out, &[u8::from(r.job_broker)]);
        field(&mut out, &[u8::from(r.company_offer)]);
        field(&mut out, &r.ordinary_centihours.to_be_bytes());
        field(&mut out, r.outcome.as_bytes());
        field(&mut out, &upload.to_be_bytes());
    }
    out.extend_from_slice(&(-1i16).to_be_bytes());
    out
}

/// One binary `COPY` of the batch. A duplicate fails the whole `COPY` (and the
/// transaction); PostgreSQL names the key, and the batch holds the row that repeated it.
#[cfg(feature = "postgres")]
fn copy_pg(
    c: &mut diesel::PgConnection,
    upload: i64,
    batch: &[NewRow],
    lines: &[usize],
) -> QueryResult<Option<usize>> {
    use diesel::pg::CopyFormat;
    use diesel::prelude::ExecuteCopyFromDsl;
    use diesel::result::{DatabaseErrorKind, Error};
    if batch.is_empty() {
        return Ok(None);
    }
    let data = copy_binary(upload, batch);
    let copied = diesel::copy_from(mr::table)
        .from_raw_data(mr::table, |w| {
            w.write_all(&data)
                .map_err(|e| Error::SerializationError(Box::new(e)))
        })
        .with_format(CopyFormat::Binary)
        .execute(c);
    match copied {
        Ok(_) => Ok(None),
        Err(Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info)) => {
            let key = info.details().and_then(duplicate_key);
            let line = key.and_then(|(code, month, person)| {
                batch
                    .iter()
                    .zip(lines)
                    .rev()
                    .find(|(r, _)| {
                        r.municipality_code == code && r.month == month && r.person == person
                    })
                    .map(|(_, l)| *l)
            });
            // Without the key (a server that hides details) the line cannot be named;
            // 0 reports it for the file.
            Ok(Some(line.unwrap_or(0)))
        }
        Err(e) => Err(e),
    }
}

/// The key in PostgreSQL's detail of a unique violation on monitoring rows:
/// `Key (municipality_code, month, upload_id, person)=(615, 201801, 7, \xab…) already
/// exists.`
#[cfg(feature = "postgres")]
fn duplicate_key(detail: &str) -> Option<(i32, i32, [u8; 32])> {
    let values = detail.split_once(")=(")?.1.split_once(')')?.0;
    let mut parts = values.split(", ");
    let code = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let _upload: i64 = parts.next()?.parse().ok()?;
    let hex = parts.next()?.strip_prefix("\\x")?;
    if hex.len() != 64 {
        return None;
    }
    let mut person = [0u8; 32];
    for (i, b) in person.iter_mut().enumerate() {
        *b = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some((code, month, person))
}

/// The upload that last replaced a municipality's month.
#[derive(Clone, Debug)]
pub struct Upload<'a> {
    pub municipality_code: i32,
    /// YYYYMM
    pub month: i32,
    pub rows: u64,
    pub uploaded_by: Option<i64>,
    pub uploaded_at: NaiveDateTime,
    pub source: &'a str,
    /// The upload whose rows are now the month's.
    pub upload_id: i64,
}

/// One month's counts for a municipality or the whole country, aggregated in SQL.
#[derive(QueryableByName, Clone, Debug, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct MonthCounts {
    #[diesel(sql_type = diesel::sql_types::Integer)]
    pub month: i32,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub persons: i64,
    /// In group 1, 2 or 3.
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub assessed: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub group1: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub group2: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub group3: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub g1_job_broker: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub g1_company_offer: i64,
    /// Group 1 with ordinary hours (more than 0) in the month.
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub g1_ordinary_hours: i64,
    /// Group 1 with at least 30 ordinary hours in the month.
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub g1_30_hours: i64,
    /// Group 1 with none of: company-oriented offer, ordinary hours, personal job broker.
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub g1_none_of_these: i64,
    /// Group 1 gone into job, education or flex job.
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub g1_outcome: i64,
    /// Group 1 in company-oriented activity or ordinary hours (the rate-3 milestone).
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub g1_company_or_hours: i64,
}

/// The counting rules, once, in SQL: every KPI is a count of rows of a month. The
/// migration that created `monitoring_month_counts` filled it with the same expressions.
const COUNTS: &str = "COUNT(*) AS persons, \
    SUM(CASE WHEN assessment_group > 0 THEN 1 ELSE 0 END) AS assessed, \
    SUM(CASE WHEN assessment_group = 1 THEN 1 ELSE 0 END) AS group1, \
    SUM(CASE WHEN assessment_group = 2 THEN 1 ELSE 0 END) AS group2, \
    SUM(CASE WHEN assessment_group = 3 THEN 1 ELSE 0 END) AS group3, \
    SUM(CASE WHEN assessment_group = 1 AND job_broker THEN 1 ELSE 0 END) AS g1_job_broker, \
    SUM(CASE WHEN assessment_group = 1 AND company_offer THEN 1 ELSE 0 END) AS g1_company_offer, \
    SUM(CASE WHEN assessment_group = 1 AND ordinary_centihours > 0 THEN 1 ELSE 0 END) AS g1_ordinary_hours, \
    SUM(CASE WHEN assessment_group = 1 AND ordinary_centihours >= 3000 THEN 1 ELSE 0 END) AS g1_30_hours, \
    SUM(CASE WHEN assessment_group = 1 AND NOT job_broker AND NOT company_offer AND ordinary_centihours = 0 THEN 1 ELSE 0 END) AS g1_none_of_these, \
    SUM(CASE WHEN assessment_group = 1 AND outcome <> 'none' THEN 1 ELSE 0 END) AS g1_outcome, \
    SUM(CASE WHEN assessment_group = 1 AND (company_offer OR ordinary_centihours > 0) THEN 1 ELSE 0 END) AS g1_company_or_hours";

/// The columns of `monitoring_month_counts` after its key, in `COUNTS`' order.
const COUNT_COLUMNS: &str = "persons, assessed, group1, group2, group3, g1_job_broker, \
    g1_company_offer, g1_ordinary_hours, g1_30_hours, g1_none_of_these, g1_outcome, \
    g1_company_or_hours";

/// The national sums of `COUNT_COLUMNS` (PostgreSQL's `SUM` of a `BIGINT` is a
/// `NUMERIC`: cast back).
const NATIONAL_SUMS: &str = "CAST(SUM(persons) AS BIGINT) AS persons, \
    CAST(SUM(assessed) AS BIGINT) AS assessed, \
    CAST(SUM(group1) AS BIGINT) AS group1, \
    CAST(SUM(group2) AS BIGINT) AS group2, \
    CAST(SUM(group3) AS BIGINT) AS group3, \
    CAST(SUM(g1_job_broker) AS BIGINT) AS g1_job_broker, \
    CAST(SUM(g1_company_offer) AS BIGINT) AS g1_company_offer, \
    CAST(SUM(g1_ordinary_hours) AS BIGINT) AS g1_ordinary_hours, \
    CAST(SUM(g1_30_hours) AS BIGINT) AS g1_30_hours, \
    CAST(SUM(g1_none_of_these) AS BIGINT) AS g1_none_of_these, \
    CAST(SUM(g1_outcome) AS BIGINT) AS g1_outcome, \
    CAST(SUM(g1_company_or_hours) AS BIGINT) AS g1_company_or_hours";

/// Month-by-month counts for one municipality, or for the whole country (`None`), read
/// from the maintained aggregates.
pub fn month_counts(conn: &mut DbConn, code: Option<i32>) -> QueryResult<Vec<MonthCounts>> {
    match code {
        Some(c) => diesel::sql_query(format!(
            "SELECT month, {COUNT_COLUMNS} FROM monitoring_month_counts \
             WHERE municipality_code = $1 ORDER BY month"
        ))
        .bind::<diesel::sql_types::Integer, _>(c)
        .load(conn),
        None => diesel::sql_query(format!(
            "SELECT month, {NATIONAL_SUMS} FROM monitoring_month_counts \
             GROUP BY month ORDER BY month"
        ))
        .load(conn),
    }
}

/// How many municipalities have reported each month (month as YYYYMM), in month order:
/// a national month is complete only when every municipality that reports has
/// reported it (`app::monitoring::Coverage`).
pub fn municipalities_per_month(conn: &mut DbConn) -> QueryResult<Vec<(i32, i64)>> {
    use crate::db::schema::monitoring_month_counts as mc;
    use diesel::dsl::count_star;
    crate::on_backend!(conn, c => mc::table
        .group_by(mc::month)
        .select((mc::month, count_star()))
        .order(mc::month)
        .load(c))
}

/// Persons stored per (municipality, month as YYYYMM) for the municipalities `codes`,
/// from the maintained aggregates: what an upload is compared with before it replaces
/// data (`domain::monitoring::drop`).
pub fn stored_persons(conn: &mut DbConn, codes: &[i32]) -> QueryResult<Vec<(i32, i32, i64)>> {
    use crate::db::schema::monitoring_month_counts as mc;
    crate::on_backend!(conn, c => mc::table
        .filter(mc::municipality_code.eq_any(codes))
        .select((mc::municipality_code, mc::month, mc::persons))
        .load(c))
}

/// How many municipalities have reported any month.
pub fn municipalities_reporting(conn: &mut DbConn) -> QueryResult<i64> {
    use crate::db::schema::monitoring_month_counts as mc;
    crate::on_backend!(conn, c => mc::table
        .select(diesel::dsl::count(mc::municipality_code).aggregate_distinct())
        .get_result(c))
}

impl MonthCounts {
    /// The month as the domain's `Month`.
    pub fn month(&self) -> Option<Month> {
        Month::from_yyyymm(self.month)
    }

    /// The domain's counts, with STAR's gross target group given.
    pub fn to_domain(&self, gross: u64) -> crate::domain::monitoring::kpi::MonthCounts {
        let n = |v: i64| u64::try_from(v).unwrap_or(0);
        crate::domain::monitoring::kpi::MonthCounts {
            gross,
            persons: n(self.persons),
            assessed: n(self.assessed),
            group1: n(self.group1),
            group2: n(self.group2),
            group3: n(self.group3),
            g1_job_broker: n(self.g1_job_broker),
            g1_company_offer: n(self.g1_company_offer),
            g1_ordinary_hours: n(self.g1_ordinary_hours),
            g1_30_hours: n(self.g1_30_hours),
            g1_none_of_these: n(self.g1_none_of_these),
            g1_company_or_hours: n(self.g1_company_or_hours),
            g1_outcome: n(self.g1_outcome),
        }
    }
}

/// STAR's gross target group figure of a municipality: its target group in `pool`, 0
/// without one.
pub fn gross_target_group(c: &mut DbConn, pool_id: i64, code: i32) -> QueryResult<i64> {
    use crate::db::schema::target_groups as tg;
    Ok(tg::table
        .find((pool_id, code))
        .select(tg::target_group)
        .get_result(c)
        .optional()?
        .unwrap_or(0))
}

/// One municipality's counts for one month.
#[derive(QueryableByName, Clone, Debug, PartialEq, Eq)]
pub struct MunicipalityMonth {
    #[diesel(sql_type = diesel::sql_types::Integer)]
    pub municipality_code: i32,
    #[diesel(embed)]
    pub counts: MonthCounts,
}

/// Every municipality's counts, month by month, as maintained (the KPI recompute; the
/// national figures are their sums).
pub fn all_month_counts(conn: &mut DbConn) -> QueryResult<Vec<MunicipalityMonth>> {
    diesel::sql_query(format!(
        "SELECT municipality_code, month, {COUNT_COLUMNS} FROM monitoring_month_counts \
         ORDER BY municipality_code, month"
    ))
    .load(conn)
}

/// Every municipality's counts counted afresh from the person-level rows, in one pass:
/// what `all_month_counts` must always equal (the aggregate test and the benchmark).
pub fn all_month_counts_from_rows(conn: &mut DbConn) -> QueryResult<Vec<MunicipalityMonth>> {
    diesel::sql_query(format!(
        "SELECT municipality_code, month, {COUNTS} FROM monitoring_rows WHERE {CURRENT} \
         GROUP BY municipality_code, month ORDER BY municipality_code, month"
    ))
    .load(conn)
}

#[cfg(all(test, feature = "postgres"))]
mod copy_tests {
    use super::*;

    #[test]
    fn the_key_is_read_from_postgresqls_detail() {
        let hex = "ab".repeat(32);
        let detail = format!(
            "Key (municipality_code, month, upload_id, person)=(615, 201801, 7, \\x{hex}) \
             already exists."
        );
        assert_eq!(duplicate_key(&detail), Some((615, 201801, [0xab; 32])));
        assert_eq!(duplicate_key("Key (a)=(1) already exists."), None);
        assert_eq!(duplicate_key(""), None);
        let short =
            "Key (municipality_code, month, upload_id, person)=(615, 201801, 7, \\xabab) exists.";
        assert_eq!(duplicate_key(short), None);
    }

    #[test]
    fn a_batch_is_framed_as_binary_copy() {
        let row = NewRow {
            municipality_code: 615,
            month: 201801,
            person: [7; 32],
            assessment_group: 1,
            job_broker: true,
            company_offer: false,
            ordinary_centihours: 1200,
            outcome: "none",
        };
        let data = copy_binary(7, &[row]);
        assert!(data.starts_with(b"PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0"));
        assert!(data.ends_with(&[0xff, 0xff]));
        // header 19, field count 2, 9 length words 36, values 4+4+32+2+1+1+4+4+8, trailer 2
        assert_eq!(data.len(), 19 + 2 + 36 + 60 + 2);
    }
}
