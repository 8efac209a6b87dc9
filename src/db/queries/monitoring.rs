//! Monitoring data: the all-or-nothing import of pseudonymised person-months.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::audit::{self, Actor, Change};
use crate::db::schema::{monitoring_rows as mr, monitoring_uploads as mu};
use crate::db::DbConn;
use crate::domain::monitoring::{Month, PersonMonth};
use crate::error::{AppError, FieldErrors, Msg};

/// The most errors reported from one file; the rest are counted.
pub const MAX_ERRORS: usize = 50;

/// A row the import refused: its line, the field, and what is wrong (never the CPR).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowProblem {
    pub line: usize,
    pub field: &'static str,
    pub msg: Msg,
}

#[derive(Debug)]
pub enum ImportError {
    /// Nothing was imported; these rows are why.
    Rows(Vec<RowProblem>),
    Other(AppError),
}

impl From<diesel::result::Error> for ImportError {
    fn from(e: diesel::result::Error) -> ImportError {
        ImportError::Other(AppError::Db(e))
    }
}

impl From<AppError> for ImportError {
    fn from(e: AppError) -> ImportError {
        ImportError::Other(e)
    }
}

impl ImportError {
    /// As field errors named "line N, field F", for the page and the API.
    pub fn into_app_error(self) -> AppError {
        match self {
            ImportError::Rows(problems) => {
                let mut f = FieldErrors::default();
                for p in problems {
                    f.add(format!("line {}, {}", p.line, p.field), p.msg);
                }
                AppError::Invalid(f)
            }
            ImportError::Other(e) => e,
        }
    }
}

/// What an import replaced: rows per municipality and month.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    pub rows: u64,
    /// (municipality code, "YYYY-MM") → rows
    pub months: BTreeMap<(i32, String), u64>,
}

/// Rows buffered before they are inserted.
const BATCH: usize = 1000;

struct NewRow {
    municipality_code: i32,
    month: i32,
    person: [u8; 32],
    assessment_group: i16,
    job_broker: bool,
    company_offer: bool,
    ordinary_centihours: i32,
    outcome: &'static str,
}

fn duplicate(line: usize) -> RowProblem {
    if line == 0 {
        // The database found the repeat but could not say where (see `copy_pg`).
        return RowProblem {
            line,
            field: "file",
            msg: Msg::new("monitoring-duplicate-person-somewhere"),
        };
    }
    RowProblem {
        line,
        field: "cpr",
        msg: Msg::new("monitoring-duplicate-person")
            .arg("line", line)
            .arg("field", "cpr"),
    }
}

type RowValues = (
    diesel::dsl::Eq<mr::municipality_code, i32>,
    diesel::dsl::Eq<mr::month, i32>,
    diesel::dsl::Eq<mr::person, Vec<u8>>,
    diesel::dsl::Eq<mr::assessment_group, i16>,
    diesel::dsl::Eq<mr::job_broker, bool>,
    diesel::dsl::Eq<mr::company_offer, bool>,
    diesel::dsl::Eq<mr::ordinary_centihours, i32>,
    diesel::dsl::Eq<mr::outcome, &'static str>,
);

/// One row as diesel's insert values.
fn values_of(row: &NewRow) -> RowValues {
    (
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

/// Writes the buffered rows and empties the buffer: on SQLite as cached multi-row
/// `INSERT`s, on PostgreSQL as one binary `COPY`. Returns the line of a person twice in
/// a month; the caller then refuses the whole file, so nothing of it is committed.
fn flush(
    c: &mut DbConn,
    batch: &mut Vec<NewRow>,
    lines: &mut Vec<usize>,
) -> QueryResult<Option<usize>> {
    let found = match c {
        DbConn::Sqlite(cc) => insert_sqlite(cc, batch, lines)?,
        #[cfg(feature = "postgres")]
        DbConn::Pg(cc) => copy_pg(cc, batch, lines)?,
    };
    batch.clear();
    lines.clear();
    Ok(found)
}

/// Rows buffered before they are written: a `COPY` per batch on PostgreSQL, where each
/// batch costs a round trip, more on SQLite's in-process inserts.
fn batch_size(c: &DbConn) -> usize {
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
    batch: &[NewRow],
    lines: &[usize],
) -> QueryResult<Option<usize>> {
    use diesel::result::{DatabaseErrorKind, Error};
    let mut start = 0;
    while start < batch.len() {
        let end = (start + CHUNK).min(batch.len());
        if end - start == CHUNK {
            let chunk = &batch[start..end];
            let values: [_; CHUNK] = std::array::from_fn(|i| values_of(&chunk[i]));
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
                .values(values_of(&batch[i]))
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
fn copy_binary(batch: &[NewRow]) -> Vec<u8> {
    fn field(out: &mut Vec<u8>, bytes: &[u8]) {
        out.extend_from_slice(&(bytes.len() as i32).to_be_bytes());
        out.extend_from_slice(bytes);
    }
    let mut out = Vec::with_capacity(21 + batch.len() * 96);
    out.extend_from_slice(b"PGCOPY\n\xff\r\n\0");
    out.extend_from_slice(&0i32.to_be_bytes()); // flags
    out.extend_from_slice(&0i32.to_be_bytes()); // header extension length
    for r in batch {
        out.extend_from_slice(&8i16.to_be_bytes());
        field(&mut out, &r.municipality_code.to_be_bytes());
        field(&mut out, &r.month.to_be_bytes());
        field(&mut out, &r.person);
        field(&mut out, &r.assessment_group.to_be_bytes());
        field(&mut out, &[u8::from(r.job_broker)]);
        field(&mut out, &[u8::from(r.company_offer)]);
        field(&mut out, &r.ordinary_centihours.to_be_bytes());
        field(&mut out, r.outcome.as_bytes());
    }
    out.extend_from_slice(&(-1i16).to_be_bytes());
    out
}

/// One binary `COPY` of the batch. A duplicate fails the whole `COPY` (and the
/// transaction); PostgreSQL names the key, and the batch holds the row that repeated it.
#[cfg(feature = "postgres")]
fn copy_pg(
    c: &mut diesel::PgConnection,
    batch: &[NewRow],
    lines: &[usize],
) -> QueryResult<Option<usize>> {
    use diesel::pg::CopyFormat;
    use diesel::prelude::ExecuteCopyFromDsl;
    use diesel::result::{DatabaseErrorKind, Error};
    if batch.is_empty() {
        return Ok(None);
    }
    let data = copy_binary(batch);
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
/// `Key (municipality_code, month, person)=(615, 201801, \xab…) already exists.`
#[cfg(feature = "postgres")]
fn duplicate_key(detail: &str) -> Option<(i32, i32, [u8; 32])> {
    let values = detail.split_once(")=(")?.1.split_once(')')?.0;
    let mut parts = values.split(", ");
    let code = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
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

pub fn month_int(m: Month) -> i32 {
    m.year * 100 + m.month as i32
}

/// Imports a whole file in one transaction: every (municipality, month) in it replaces
/// what was stored for that municipality and month; any bad row, a row for another
/// municipality than `only` (a municipal user's own), or a person twice in the same
/// month, and nothing is written. Rows are streamed: memory does not grow with the file.
pub fn import<I>(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    rows: I,
    only: Option<i32>,
    source: &str,
    progress: &mut dyn FnMut(u64),
) -> Result<Summary, ImportError>
where
    I: Iterator<Item = Result<(usize, PersonMonth), RowProblem>>,
{
    audit::write(conn, actor, now, |c| {
        let mut summary = Summary::default();
        let mut problems: Vec<RowProblem> = Vec::new();
        let size = batch_size(c);
        let mut batch: Vec<NewRow> = Vec::with_capacity(size);
        // (municipality, yyyymm) → rows, kept as integers: this runs once per row.
        let mut counts: BTreeMap<(i32, i32), u64> = BTreeMap::new();
        let mut last_key: Option<(i32, i32)> = None;
        let mut run: u64 = 0;
        let mut batch_lines: Vec<usize> = Vec::with_capacity(size);
        let mut omitted = 0usize;
        let mut note = |problems: &mut Vec<RowProblem>, p: RowProblem| {
            if problems.len() < MAX_ERRORS {
                problems.push(p);
            } else {
                omitted += 1;
            }
        };
        for item in rows {
            let (line, row) = match item {
                Ok(r) => r,
                Err(p) => {
                    note(&mut problems, p);
                    continue;
                }
            };
            let code = i32::from(row.municipality.as_u16());
            if only.is_some_and(|own| own != code) {
                note(
                    &mut problems,
                    RowProblem {
                        line,
                        field: "municipality_code",
                        msg: Msg::new("monitoring-other-municipality")
                            .arg("line", line)
                            .arg("field", "municipality_code")
                            .arg("code", code),
                    },
                );
                continue;
            }
            if !problems.is_empty() {
                // Nothing will be written; keep checking the rest of the file only.
                continue;
            }
            let month = month_int(row.month);
            let key = (code, month);
            // Files come a municipality-month at a time: look the map up only on a change.
            if last_key != Some(key) {
                if let Some(k) = last_key {
                    *counts.entry(k).or_default() += run;
                }
                last_key = Some(key);
                run = 0;
            }
            if run == 0 && !counts.contains_key(&key) {
                crate::on_backend!(c, cc => diesel::delete(
                    mr::table.filter(mr::municipality_code.eq(code)).filter(mr::month.eq(month)),
                )
                .execute(cc))?;
                counts.insert(key, 0);
            }
            batch_lines.push(line);
            batch.push(NewRow {
                municipality_code: code,
                month,
                person: row.person.0,
                assessment_group: row.group.code(),
                job_broker: row.job_broker,
                company_offer: row.company_offer,
                ordinary_centihours: i32::try_from(row.ordinary_centihours).unwrap_or(i32::MAX),
                outcome: row.outcome.code(),
            });
            if batch.len() >= size {
                if let Some(line) = flush(c, &mut batch, &mut batch_lines)? {
                    problems.push(duplicate(line));
                    break;
                }
            }
            run += 1;
            summary.rows += 1;
            if summary.rows % 10_000 == 0 {
                progress(summary.rows);
            }
        }
        if let Some(k) = last_key {
            *counts.entry(k).or_default() += run;
        }
        if problems.is_empty() {
            if let Some(line) = flush(c, &mut batch, &mut batch_lines)? {
                problems.push(duplicate(line));
            }
        }
        if omitted > 0 {
            problems.push(RowProblem {
                line: 0,
                field: "file",
                msg: Msg::new("csv-too-many-errors").arg("omitted", omitted),
            });
        }
        if !problems.is_empty() {
            return Err(ImportError::Rows(problems));
        }
        if summary.rows == 0 {
            return Err(ImportError::Rows(vec![RowProblem {
                line: 1,
                field: "file",
                msg: Msg::new("csv-no-rows"),
            }]));
        }
        progress(summary.rows);
        summary.months = counts
            .iter()
            .map(|((code, month), n)| {
                (
                    (*code, format!("{:04}-{:02}", month / 100, month % 100)),
                    *n,
                )
            })
            .collect();
        for ((code, month), count) in &counts {
            diesel::delete(mu::table.find((code, month))).execute(c)?;
            diesel::insert_into(mu::table)
                .values((
                    mu::municipality_code.eq(code),
                    mu::month.eq(month),
                    mu::row_count.eq(i64::try_from(*count).unwrap_or(i64::MAX)),
                    mu::uploaded_by.eq(actor.user_id),
                    mu::uploaded_at.eq(now),
                    mu::source.eq(source),
                ))
                .execute(c)?;
        }
        let change = Change::new("monitoring.import", "monitoring", source).after(&serde_json::json!({
            "rows": summary.rows,
            "months": summary.months.iter().map(|((code, m), n)| serde_json::json!({"municipality": code, "month": m, "rows": n})).collect::<Vec<_>>(),
        }));
        Ok((summary, vec![change]))
    })
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

/// The counting rules, once, in SQL: every KPI is a count of rows of a month.
const COUNTS_SELECT: &str = "SELECT month, \
    COUNT(*) AS persons, \
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
    SUM(CASE WHEN assessment_group = 1 AND (company_offer OR ordinary_centihours > 0) THEN 1 ELSE 0 END) AS g1_company_or_hours \
    FROM monitoring_rows";

/// Month-by-month counts for one municipality, or for the whole country (`None`).
pub fn month_counts(conn: &mut DbConn, code: Option<i32>) -> QueryResult<Vec<MonthCounts>> {
    match code {
        Some(c) => diesel::sql_query(format!(
            "{COUNTS_SELECT} WHERE municipality_code = $1 GROUP BY month ORDER BY month"
        ))
        .bind::<diesel::sql_types::Integer, _>(c)
        .load(conn),
        None => {
            diesel::sql_query(format!("{COUNTS_SELECT} GROUP BY month ORDER BY month")).load(conn)
        }
    }
}

/// Distinct persons of a municipality assessed (group 1–3) in any month up to and
/// including `month`: the "whole gross target group assessed" milestone counts these.
pub fn assessed_persons_until(conn: &mut DbConn, code: i32, month: i32) -> QueryResult<i64> {
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let n: N = diesel::sql_query(
        "SELECT COUNT(DISTINCT person) AS n FROM monitoring_rows \
         WHERE municipality_code = $1 AND month <= $2 AND assessment_group > 0",
    )
    .bind::<diesel::sql_types::Integer, _>(code)
    .bind::<diesel::sql_types::Integer, _>(month)
    .get_result(conn)?;
    Ok(n.n)
}

impl MonthCounts {
    /// The month as the domain's `Month`.
    pub fn month(&self) -> Option<Month> {
        u32::try_from(self.month % 100)
            .ok()
            .and_then(|m| Month::new(self.month / 100, m))
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

/// The rows of a monitoring file with their line numbers, as the import takes them.
pub fn rows_from<R: std::io::BufRead>(
    mut reader: crate::domain::monitoring::file::Reader<R>,
) -> impl Iterator<Item = Result<(usize, PersonMonth), RowProblem>> {
    std::iter::from_fn(move || {
        let item = reader.next()?;
        let line = reader.line();
        Some(match item {
            Ok(row) => Ok((line, row)),
            Err(e) => Err(RowProblem {
                line: e.line,
                field: e.field,
                msg: Msg {
                    key: e.key(),
                    args: e
                        .args()
                        .into_iter()
                        .map(|(k, v)| (k, crate::error::MsgArg::Text(v)))
                        .collect(),
                },
            }),
        })
    })
}

/// The two milestone facts of a municipality in a pool, with their evidence: the stable
/// query the rate logic asks ("met or not, since when, on what figures").
#[derive(Clone, Debug, Serialize)]
pub struct Facts {
    /// Rate 2: the whole gross target group is assessed.
    pub whole_group_assessed: crate::domain::monitoring::milestones::AssessedFact,
    /// Rate 3: ≥ 40 % of the intervention group active, over three months, read as the
    /// pool says (`pools.activity_*`).
    pub intervention_activity: crate::domain::monitoring::milestones::ActivityFact,
}

pub fn facts(conn: &mut DbConn, pool_id: i64, code: i32) -> Result<Facts, AppError> {
    use crate::db::schema::target_groups as tg;
    use crate::domain::monitoring::kpi::Share;
    use crate::domain::monitoring::milestones::{self, ThreeMonthRule};
    use crate::domain::monitoring::pseudonym::Pseudonym;
    // Rate 3's reading is the pool's setting; without the pool, the default reading.
    let rule = crate::db::queries::pools::get(conn, pool_id)?
        .map(|p| crate::db::queries::pools::stored_activity_rule(&p))
        .unwrap_or_else(ThreeMonthRule::default);
    let gross: i64 = tg::table
        .find((pool_id, code))
        .select(tg::target_group)
        .get_result(conn)
        .optional()?
        .unwrap_or(0);
    let persons: Vec<Vec<u8>> = mr::table
        .filter(mr::municipality_code.eq(code))
        .filter(mr::assessment_group.gt(0))
        .select(mr::person)
        .distinct()
        .load(conn)?;
    let assessed: std::collections::BTreeSet<Pseudonym> = persons
        .into_iter()
        .filter_map(|p| <[u8; 32]>::try_from(p.as_slice()).ok().map(Pseudonym))
        .collect();
    let by_month: Vec<(Month, Share)> = month_counts(conn, Some(code))?
        .iter()
        .filter_map(|m| {
            let share = Share::new(
                u64::try_from(m.g1_company_or_hours).ok()?,
                u64::try_from(m.group1).ok()?,
            )?;
            Some((m.month()?, share))
        })
        .collect();
    Ok(Facts {
        whole_group_assessed: milestones::whole_group_assessed(
            u64::try_from(gross).unwrap_or(0),
            &assessed,
            None,
        ),
        intervention_activity: milestones::intervention_activity(&rule, &by_month),
    })
}

/// One municipality's counts for one month.
#[derive(QueryableByName, Clone, Debug)]
pub struct MunicipalityMonth {
    #[diesel(sql_type = diesel::sql_types::Integer)]
    pub municipality_code: i32,
    #[diesel(embed)]
    pub counts: MonthCounts,
}

/// Every municipality's counts, month by month, in one pass over the rows (the KPI
/// recompute; the national figures are their sums).
pub fn all_month_counts(conn: &mut DbConn) -> QueryResult<Vec<MunicipalityMonth>> {
    let select = COUNTS_SELECT.replacen("SELECT month,", "SELECT municipality_code, month,", 1);
    diesel::sql_query(format!(
        "{select} GROUP BY municipality_code, month ORDER BY municipality_code, month"
    ))
    .load(conn)
}

/// Runs `rows` (reading and pseudonymising the file) on its own thread, handing rows over
/// in batches through a bounded channel, so parsing overlaps the inserts and at most a
/// few batches are in memory at once.
pub fn read_ahead<T: Send + 'static>(
    rows: impl Iterator<Item = T> + Send + 'static,
) -> impl Iterator<Item = T> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<T>>(4);
    std::thread::spawn(move || {
        let mut rows = rows;
        loop {
            let chunk: Vec<T> = rows.by_ref().take(4096).collect();
            if chunk.is_empty() || tx.send(chunk).is_err() {
                break;
            }
        }
    });
    rx.into_iter().flatten()
}

/// A person a municipality has reported but never assessed: group 0 in every month they
/// appear in (up to the latest month reported).
#[derive(QueryableByName, Clone, Debug, PartialEq, Eq)]
pub struct UnassessedPerson {
    #[diesel(sql_type = diesel::sql_types::Binary)]
    pub person: Vec<u8>,
    /// First and last month reported, as YYYYMM.
    #[diesel(sql_type = diesel::sql_types::Integer)]
    pub first_month: i32,
    #[diesel(sql_type = diesel::sql_types::Integer)]
    pub last_month: i32,
    /// Months reported.
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub months: i64,
}

/// Who in a municipality's own data is still to be assessed, and how many distinct
/// persons the data holds at all (set against STAR's gross figure, a count without names).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Unassessed {
    /// All never-assessed persons.
    pub total: i64,
    /// Distinct persons reported, in any group.
    pub seen: i64,
    /// The never-assessed persons in pseudonym order, at most the limit asked for.
    pub persons: Vec<UnassessedPerson>,
}

const UNASSESSED_GROUPS: &str = "FROM monitoring_rows WHERE municipality_code = $1 \
    GROUP BY person HAVING MAX(assessment_group) = 0";

/// The never-assessed persons of a municipality; `limit` caps the list (not the count).
pub fn unassessed(conn: &mut DbConn, code: i32, limit: Option<i64>) -> QueryResult<Unassessed> {
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let total: N = diesel::sql_query(format!(
        "SELECT COUNT(*) AS n FROM (SELECT person {UNASSESSED_GROUPS}) AS never"
    ))
    .bind::<diesel::sql_types::Integer, _>(code)
    .get_result(conn)?;
    let seen: N = diesel::sql_query(
        "SELECT COUNT(DISTINCT person) AS n FROM monitoring_rows WHERE municipality_code = $1",
    )
    .bind::<diesel::sql_types::Integer, _>(code)
    .get_result(conn)?;
    let select = format!(
        "SELECT person, MIN(month) AS first_month, MAX(month) AS last_month, \
         COUNT(*) AS months {UNASSESSED_GROUPS} ORDER BY person"
    );
    let persons = match limit {
        Some(n) => diesel::sql_query(format!("{select} LIMIT $2"))
            .bind::<diesel::sql_types::Integer, _>(code)
            .bind::<diesel::sql_types::BigInt, _>(n)
            .load(conn)?,
        None => diesel::sql_query(select)
            .bind::<diesel::sql_types::Integer, _>(code)
            .load(conn)?,
    };
    Ok(Unassessed {
        total: total.n,
        seen: seen.n,
        persons,
    })
}

#[cfg(all(test, feature = "postgres"))]
mod copy_tests {
    use super::*;

    #[test]
    fn the_key_is_read_from_postgresqls_detail() {
        let hex = "ab".repeat(32);
        let detail = format!(
            "Key (municipality_code, month, person)=(615, 201801, \\x{hex}) already exists."
        );
        assert_eq!(duplicate_key(&detail), Some((615, 201801, [0xab; 32])));
        assert_eq!(duplicate_key("Key (a)=(1) already exists."), None);
        assert_eq!(duplicate_key(""), None);
        let short = "Key (municipality_code, month, person)=(615, 201801, \\xabab) already exists.";
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
        let data = copy_binary(&[row]);
        assert!(data.starts_with(b"PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0"));
        assert!(data.ends_with(&[0xff, 0xff]));
        // header 19, field count 2, 8 length words 32, values 4+4+32+2+1+1+4+4, trailer 2
        assert_eq!(data.len(), 19 + 2 + 32 + 52 + 2);
    }
}
