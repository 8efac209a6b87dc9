//! The progression questionnaire's tables (docs/questionnaire.md): a pool's question-set
//! versions, its window setting, and the measurements, one row per citizen and kind with
//! the answers in one column. Returns rows; the rules are in `domain::questionnaire`.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Binary, Integer};

use crate::db::schema::{question_sets as qs, questionnaire_measurements as qm};
use crate::db::schema::{questionnaire_settings as qset, users};
use crate::db::DbConn;

/// The window when a pool has not set one: a month either side of the due date.
pub const DEFAULT_WINDOW_MONTHS: i32 = 1;

/// Measurements written per multi-row statement.
const CHUNK: usize = 500;

/// One version of a pool's question set.
#[derive(Queryable, Selectable, Clone, Debug)]
#[diesel(table_name = qs)]
pub struct SetRow {
    pub id: i64,
    pub pool_id: i64,
    pub version: i32,
    pub definition: String,
    pub questions: i32,
    pub illustration: bool,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

/// Every version of the pool's set, newest first.
pub fn sets(c: &mut DbConn, pool_id: i64) -> QueryResult<Vec<SetRow>> {
    qs::table
        .filter(qs::pool_id.eq(pool_id))
        .order(qs::version.desc())
        .select(SetRow::as_select())
        .load(c)
}

/// The newest version of the pool's set: the one new measurements are given under.
pub fn current_set(c: &mut DbConn, pool_id: i64) -> QueryResult<Option<SetRow>> {
    qs::table
        .filter(qs::pool_id.eq(pool_id))
        .order(qs::version.desc())
        .select(SetRow::as_select())
        .first(c)
        .optional()
}

/// How many measurements were given under set version `set_id`.
pub fn measurements_under(c: &mut DbConn, set_id: i64) -> QueryResult<i64> {
    qm::table
        .filter(qm::question_set_id.eq(set_id))
        .count()
        .get_result(c)
}

/// Removes an unused version (the foreign key from the measurements refuses a used one).
pub fn delete_set(c: &mut DbConn, set_id: i64) -> QueryResult<()> {
    diesel::delete(qs::table.find(set_id)).execute(c)?;
    Ok(())
}

pub struct NewSet<'a> {
    pub pool_id: i64,
    pub version: i32,
    pub definition: &'a str,
    pub questions: i32,
    pub illustration: bool,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

pub fn insert_set(c: &mut DbConn, s: &NewSet<'_>) -> QueryResult<i64> {
    crate::on_backend!(c, cc => diesel::insert_into(qs::table)
        .values((
            qs::pool_id.eq(s.pool_id),
            qs::version.eq(s.version),
            qs::definition.eq(s.definition),
            qs::questions.eq(s.questions),
            qs::illustration.eq(s.illustration),
            qs::created_by.eq(s.created_by),
            qs::created_at.eq(s.created_at),
        ))
        .returning(qs::id)
        .get_result(cc))
}

/// The pool's follow-up window in months either side of the due date.
pub fn window_months(c: &mut DbConn, pool_id: i64) -> QueryResult<i32> {
    Ok(qset::table
        .find(pool_id)
        .select(qset::window_months)
        .first(c)
        .optional()?
        .unwrap_or(DEFAULT_WINDOW_MONTHS))
}

pub fn set_window_months(c: &mut DbConn, pool_id: i64, months: i32) -> QueryResult<()> {
    let updated = diesel::update(qset::table.find(pool_id))
        .set(qset::window_months.eq(months))
        .execute(c)?;
    if updated == 0 {
        diesel::insert_into(qset::table)
            .values((qset::pool_id.eq(pool_id), qset::window_months.eq(months)))
            .execute(c)?;
    }
    Ok(())
}

/// One stored measurement, as the due lists, the checks and the results read it.
#[derive(Queryable, Selectable, Clone, Debug)]
#[diesel(table_name = qm)]
pub struct MeasurementRow {
    pub municipality_code: i32,
    pub person: Vec<u8>,
    pub kind: i16,
    pub question_set_id: i64,
    pub measured_on: NaiveDate,
    pub exit_reason: Option<i16>,
    pub answers: String,
}

/// The pool's measurements, of one municipality or all, by municipality, person and
/// kind (the order `domain::questionnaire::results::tally` reads).
pub fn measurements(
    c: &mut DbConn,
    pool_id: i64,
    code: Option<i32>,
) -> QueryResult<Vec<MeasurementRow>> {
    let mut q = qm::table
        .filter(qm::pool_id.eq(pool_id))
        .order((qm::municipality_code, qm::person, qm::kind))
        .select(MeasurementRow::as_select())
        .into_boxed();
    if let Some(code) = code {
        q = q.filter(qm::municipality_code.eq(code));
    }
    q.load(c)
}

/// One person's measurements in a municipality.
pub fn person_measurements(
    c: &mut DbConn,
    pool_id: i64,
    code: i32,
    person: &[u8],
) -> QueryResult<Vec<MeasurementRow>> {
    qm::table
        .filter(qm::pool_id.eq(pool_id))
        .filter(qm::municipality_code.eq(code))
        .filter(qm::person.eq(person))
        .order(qm::kind)
        .select(MeasurementRow::as_select())
        .load(c)
}

/// A measurement to write; it replaces the stored one of the same person and kind.
#[derive(Clone, Debug)]
pub struct NewMeasurement {
    pub municipality_code: i32,
    pub person: Vec<u8>,
    pub kind: i16,
    pub measured_on: NaiveDate,
    pub exit_reason: Option<i16>,
    pub answers: String,
}

/// Writes `rows` under set version `set_id`, each replacing the stored measurement of its
/// person and kind (one `INSERT … ON CONFLICT DO UPDATE` per chunk, the same on both
/// databases).
pub fn upsert(
    c: &mut DbConn,
    pool_id: i64,
    set_id: i64,
    source: &str,
    by: Option<i64>,
    now: NaiveDateTime,
    rows: &[NewMeasurement],
) -> QueryResult<()> {
    use diesel::upsert::excluded;
    for chunk in rows.chunks(CHUNK) {
        let values: Vec<_> = chunk
            .iter()
            .map(|m| {
                (
                    qm::pool_id.eq(pool_id),
                    qm::municipality_code.eq(m.municipality_code),
                    qm::person.eq(&m.person),
                    qm::kind.eq(m.kind),
                    qm::question_set_id.eq(set_id),
                    qm::measured_on.eq(m.measured_on),
                    qm::exit_reason.eq(m.exit_reason),
                    qm::answers.eq(&m.answers),
                    qm::source.eq(source),
                    qm::recorded_by.eq(by),
                    qm::recorded_at.eq(now),
                )
            })
            .collect();
        crate::on_backend!(c, cc => diesel::insert_into(qm::table)
            .values(values)
            .on_conflict((qm::pool_id, qm::municipality_code, qm::person, qm::kind))
            .do_update()
            .set((
                qm::question_set_id.eq(excluded(qm::question_set_id)),
                qm::measured_on.eq(excluded(qm::measured_on)),
                qm::exit_reason.eq(excluded(qm::exit_reason)),
                qm::answers.eq(excluded(qm::answers)),
                qm::source.eq(excluded(qm::source)),
                qm::recorded_by.eq(excluded(qm::recorded_by)),
                qm::recorded_at.eq(excluded(qm::recorded_at)),
            ))
            .execute(cc))?;
    }
    Ok(())
}

/// Removes one measurement (a follow-up or exit recorded by mistake).
pub fn delete_measurement(
    c: &mut DbConn,
    pool_id: i64,
    code: i32,
    person: &[u8],
    kind: i16,
) -> QueryResult<usize> {
    diesel::delete(
        qm::table
            .filter(qm::pool_id.eq(pool_id))
            .filter(qm::municipality_code.eq(code))
            .filter(qm::person.eq(person))
            .filter(qm::kind.eq(kind)),
    )
    .execute(c)
}

/// Measurements per municipality and kind (the officer's overview, response rates).
pub fn counts(c: &mut DbConn, pool_id: i64) -> QueryResult<Vec<(i32, i16, i64)>> {
    qm::table
        .filter(qm::pool_id.eq(pool_id))
        .group_by((qm::municipality_code, qm::kind))
        .select((qm::municipality_code, qm::kind, diesel::dsl::count_star()))
        .order((qm::municipality_code, qm::kind))
        .load(c)
}

/// A person of the municipality's monitoring data and the first month (YYYYMM) they were
/// in group 1 (indsatsgruppen), when the baseline is expected.
#[derive(QueryableByName, Clone, Debug)]
pub struct Group1Person {
    #[diesel(sql_type = Binary)]
    pub person: Vec<u8>,
    #[diesel(sql_type = Integer)]
    pub first_month: i32,
}

/// The persons ever in group 1 in the municipality's current monitoring data, with their
/// first month there, by pseudonym.
pub fn group1_persons(c: &mut DbConn, code: i32) -> QueryResult<Vec<Group1Person>> {
    diesel::sql_query(format!(
        "SELECT person, MIN(month) AS first_month FROM monitoring_rows \
         WHERE municipality_code = $1 AND assessment_group = 1 AND {} \
         GROUP BY person ORDER BY person",
        super::monitoring::CURRENT
    ))
    .bind::<Integer, _>(code)
    .load(c)
}

/// Persons ever in group 1 per municipality (the response rates' denominator), for
/// `code` or every municipality with monitoring data: from `questionnaire_group1` where
/// it was counted from the municipality's current person set, else counted now from
/// the rows and kept. A count is kept under the set read before counting, so a switch
/// in between leaves it stale (counted again next time), never wrong.
pub fn group1_counts(c: &mut DbConn, code: Option<i32>) -> QueryResult<Vec<(i32, i64)>> {
    use crate::db::schema::{monitoring_totals as mt, questionnaire_group1 as g1};
    let mut sets = mt::table
        .select((mt::municipality_code, mt::person_set))
        .order(mt::municipality_code)
        .into_boxed();
    let mut kept = g1::table
        .select((g1::municipality_code, g1::person_set, g1::persons))
        .into_boxed();
    if let Some(code) = code {
        sets = sets.filter(mt::municipality_code.eq(code));
        kept = kept.filter(g1::municipality_code.eq(code));
    }
    let sets: Vec<(i32, i64)> = sets.load(c)?;
    let kept: std::collections::HashMap<i32, (i64, i64)> = kept
        .load::<(i32, i64, i64)>(c)?
        .into_iter()
        .map(|(code, set, n)| (code, (set, n)))
        .collect();
    let mut out = Vec::with_capacity(sets.len());
    for (code, set) in sets {
        let n = match kept.get(&code) {
            Some(&(kept_set, n)) if kept_set == set => n,
            _ => {
                let n = count_group1(c, code)?;
                let updated = diesel::update(g1::table.find(code))
                    .set((g1::person_set.eq(set), g1::persons.eq(n)))
                    .execute(c)?;
                if updated == 0 {
                    diesel::insert_into(g1::table)
                        .values((
                            g1::municipality_code.eq(code),
                            g1::person_set.eq(set),
                            g1::persons.eq(n),
                        ))
                        .execute(c)?;
                }
                n
            }
        };
        out.push((code, n));
    }
    Ok(out)
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Persons ever in group 1 in the municipality's current monitoring rows, counted.
pub fn count_group1(c: &mut DbConn, code: i32) -> QueryResult<i64> {
    let row: Count = diesel::sql_query(format!(
        "SELECT COUNT(DISTINCT person) AS n FROM monitoring_rows \
         WHERE municipality_code = $1 AND assessment_group = 1 AND {}",
        super::monitoring::CURRENT
    ))
    .bind::<Integer, _>(code)
    .get_result(c)?;
    Ok(row.n)
}

/// The names and addresses of a municipality's active finance staff and caseworkers that
/// have one: who is reminded of the follow-ups due.
pub fn reminder_recipients(c: &mut DbConn, code: i32) -> QueryResult<Vec<(String, String)>> {
    users::table
        .filter(users::municipality_code.eq(code))
        .filter(users::role.eq_any(["finance", "caseworker"]))
        .filter(users::active.eq(true))
        .filter(users::email.ne(""))
        .order(users::id.asc())
        .select((users::display_name, users::email))
        .load(c)
}

/// The municipalities with measurements in the pool.
pub fn municipalities_measured(c: &mut DbConn, pool_id: i64) -> QueryResult<Vec<i32>> {
    qm::table
        .filter(qm::pool_id.eq(pool_id))
        .select(qm::municipality_code)
        .distinct()
        .order(qm::municipality_code)
        .load(c)
}
