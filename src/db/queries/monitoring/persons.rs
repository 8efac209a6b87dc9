//! The maintained per-person aggregates (`monitoring_persons`: per municipality and
//! person, assessed or not, and for the never assessed the first and last month and the
//! months reported) and per-municipality totals (`monitoring_totals`: persons reported,
//! persons assessed). Rate 2's fact and the list of who is still to be assessed read
//! these, never the person-level rows. They are kept in sets: an import counts a
//! municipality's new set beside the current one (`uploads::count_persons`), and the
//! transaction that switches to the import names it in `monitoring_totals.person_set`.
//! The `*_from_rows` functions count the same afresh from the current rows, for the
//! tests and the benchmark.

use std::collections::BTreeSet;

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Nullable};

use super::CURRENT;
use crate::db::DbConn;
use crate::domain::monitoring::pseudonym::Pseudonym;

/// The columns of `monitoring_persons` a reader sees (not the set).
const PERSON_COLUMNS: &str = "p.municipality_code, p.person, p.assessed, p.first_month, \
    p.last_month, p.months";

/// The current set of each municipality's persons.
const CURRENT_SET: &str = "JOIN monitoring_totals t ON t.municipality_code = p.municipality_code \
    AND t.person_set = p.person_set";

/// A person's aggregate, counted from their rows in a municipality (`GROUP BY
/// municipality_code, person`): the counting rule, once. The months are kept for the
/// never assessed only; assessment is permanent, so an assessed person's row need not
/// change again while months are added.
pub(super) const PERSON_COUNTS: &str = "municipality_code, person, \
    MAX(assessment_group) > 0 AS assessed, \
    CASE WHEN MAX(assessment_group) > 0 THEN NULL ELSE MIN(month) END AS first_month, \
    CASE WHEN MAX(assessment_group) > 0 THEN NULL ELSE MAX(month) END AS last_month, \
    CASE WHEN MAX(assessment_group) > 0 THEN NULL ELSE COUNT(*) END AS months";

/// The grouping, in key order: PostgreSQL would otherwise hash it and insert in random
/// order, which costs its B-trees 40 % more CPU (2.0 s against 3.5 s for 500,000 new
/// persons); SQLite groups in that order anyway.
pub(super) const BY_PERSON: &str =
    "GROUP BY municipality_code, person ORDER BY municipality_code, person";

/// One person's aggregate in one municipality.
#[derive(QueryableByName, Clone, Debug, PartialEq, Eq)]
pub struct PersonAggregate {
    #[diesel(sql_type = Integer)]
    pub municipality_code: i32,
    #[diesel(sql_type = diesel::sql_types::Binary)]
    pub person: Vec<u8>,
    /// In group 1, 2 or 3 in any month.
    #[diesel(sql_type = diesel::sql_types::Bool)]
    pub assessed: bool,
    /// For the never assessed: first and last month reported, as YYYYMM, and the months
    /// reported; `None` once assessed.
    #[diesel(sql_type = Nullable<Integer>)]
    pub first_month: Option<i32>,
    #[diesel(sql_type = Nullable<Integer>)]
    pub last_month: Option<i32>,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub months: Option<i64>,
}

/// Every person's aggregate, as maintained, by municipality and pseudonym.
pub fn all_persons(c: &mut DbConn) -> QueryResult<Vec<PersonAggregate>> {
    diesel::sql_query(format!(
        "SELECT {PERSON_COLUMNS} FROM monitoring_persons p {CURRENT_SET} \
         ORDER BY p.municipality_code, p.person"
    ))
    .load(c)
}

/// Every person's aggregate counted afresh from the rows: what `all_persons` must
/// always equal.
pub fn all_persons_from_rows(c: &mut DbConn) -> QueryResult<Vec<PersonAggregate>> {
    diesel::sql_query(format!(
        "SELECT {PERSON_COUNTS} FROM monitoring_rows WHERE {CURRENT} {BY_PERSON}"
    ))
    .load(c)
}

/// A municipality's distinct persons in its own data.
#[derive(QueryableByName, Clone, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    #[diesel(sql_type = Integer)]
    pub municipality_code: i32,
    /// Reported in any month, in any group.
    #[diesel(sql_type = BigInt)]
    pub persons_seen: i64,
    /// In group 1, 2 or 3 in any month: rate 2 counts these, and assessment is not
    /// undone by a later month in group 0.
    #[diesel(sql_type = BigInt)]
    pub persons_assessed: i64,
}

impl Totals {
    /// Reported, but in group 0 in every month they appear in.
    pub fn persons_unassessed(&self) -> i64 {
        self.persons_seen - self.persons_assessed
    }
}

/// A municipality's totals, as maintained; zeros when it has reported no one.
pub fn totals(c: &mut DbConn, code: i32) -> QueryResult<Totals> {
    let found: Option<Totals> = diesel::sql_query(
        "SELECT municipality_code, persons_seen, persons_assessed FROM monitoring_totals \
         WHERE municipality_code = $1",
    )
    .bind::<Integer, _>(code)
    .get_result(c)
    .optional()?;
    Ok(found.unwrap_or(Totals {
        municipality_code: code,
        ..Totals::default()
    }))
}

/// Every municipality's totals, as maintained, by municipality.
pub fn all_totals(c: &mut DbConn) -> QueryResult<Vec<Totals>> {
    diesel::sql_query(
        "SELECT municipality_code, persons_seen, persons_assessed FROM monitoring_totals \
         ORDER BY municipality_code",
    )
    .load(c)
}

/// Every municipality's totals counted afresh from the rows: what `all_totals` must
/// always equal.
pub fn all_totals_from_rows(c: &mut DbConn) -> QueryResult<Vec<Totals>> {
    diesel::sql_query(format!(
        "SELECT municipality_code, COUNT(DISTINCT person) AS persons_seen, \
         COUNT(DISTINCT CASE WHEN assessment_group > 0 THEN person END) AS persons_assessed \
         FROM monitoring_rows WHERE {CURRENT} GROUP BY municipality_code \
         ORDER BY municipality_code"
    ))
    .load(c)
}

/// The distinct persons a municipality has assessed (group 1, 2 or 3) in any month,
/// from the rows: what `totals(…).persons_assessed` must count (the tests).
pub fn assessed_persons_from_rows(c: &mut DbConn, code: i32) -> QueryResult<BTreeSet<Pseudonym>> {
    #[derive(QueryableByName)]
    struct Person {
        #[diesel(sql_type = diesel::sql_types::Binary)]
        person: Vec<u8>,
    }
    let persons: Vec<Person> = diesel::sql_query(format!(
        "SELECT DISTINCT person FROM monitoring_rows \
         WHERE municipality_code = $1 AND assessment_group > 0 AND {CURRENT}"
    ))
    .bind::<Integer, _>(code)
    .load(c)?;
    Ok(persons
        .into_iter()
        .filter_map(|p| {
            <[u8; 32]>::try_from(p.person.as_slice())
                .ok()
                .map(Pseudonym)
        })
        .collect())
}

/// A person a municipality has reported but never assessed: group 0 in every month they
/// appear in (up to the latest month reported).
#[derive(QueryableByName, Clone, Debug, PartialEq, Eq)]
pub struct UnassessedPerson {
    #[diesel(sql_type = diesel::sql_types::Binary)]
    pub person: Vec<u8>,
    /// First and last month reported, as YYYYMM.
    #[diesel(sql_type = Integer)]
    pub first_month: i32,
    #[diesel(sql_type = Integer)]
    pub last_month: i32,
    /// Months reported.
    #[diesel(sql_type = BigInt)]
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

/// The never-assessed persons of a municipality; `limit` caps the list (not the count).
/// Read from the totals and, through the index of the never assessed, from the
/// per-person aggregates.
pub fn unassessed(c: &mut DbConn, code: i32, limit: Option<i64>) -> QueryResult<Unassessed> {
    let totals = totals(c, code)?;
    // SQLite, without statistics (nothing runs ANALYZE), would walk the primary key
    // through every person of the municipality to find the never assessed: name the
    // index. PostgreSQL chooses it on its own.
    let table = match c {
        DbConn::Sqlite(_) => "monitoring_persons INDEXED BY monitoring_persons_unassessed",
        #[cfg(feature = "postgres")]
        DbConn::Pg(_) => "monitoring_persons",
    };
    // The current set, which the totals name.
    let select = format!(
        "SELECT person, first_month, last_month, months FROM {table} \
         WHERE municipality_code = $1 AND person_set = (SELECT person_set FROM monitoring_totals \
         WHERE municipality_code = $1) AND NOT assessed ORDER BY person"
    );
    Ok(Unassessed {
        total: totals.persons_unassessed(),
        seen: totals.persons_seen,
        persons: limited(c, &select, code, limit)?,
    })
}

/// `select` (with `$1` the municipality), at most `limit` rows.
fn limited(
    c: &mut DbConn,
    select: &str,
    code: i32,
    limit: Option<i64>,
) -> QueryResult<Vec<UnassessedPerson>> {
    match limit {
        Some(n) => diesel::sql_query(format!("{select} LIMIT $2"))
            .bind::<Integer, _>(code)
            .bind::<BigInt, _>(n)
            .load(c),
        None => diesel::sql_query(select).bind::<Integer, _>(code).load(c),
    }
}

const UNASSESSED_GROUPS: &str = "FROM monitoring_rows WHERE municipality_code = $1 AND EXISTS \
    (SELECT 1 FROM monitoring_uploads cur WHERE cur.municipality_code = monitoring_rows.municipality_code \
    AND cur.month = monitoring_rows.month AND cur.upload_id = monitoring_rows.upload_id) \
    GROUP BY person HAVING MAX(assessment_group) = 0";

/// `unassessed` counted afresh from the rows: what it must always equal (the tests and
/// the benchmark).
pub fn unassessed_from_rows(
    c: &mut DbConn,
    code: i32,
    limit: Option<i64>,
) -> QueryResult<Unassessed> {
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let total: N = diesel::sql_query(format!(
        "SELECT COUNT(*) AS n FROM (SELECT person {UNASSESSED_GROUPS}) AS never"
    ))
    .bind::<Integer, _>(code)
    .get_result(c)?;
    let seen: N = diesel::sql_query(format!(
        "SELECT COUNT(DISTINCT person) AS n FROM monitoring_rows \
             WHERE municipality_code = $1 AND {CURRENT}"
    ))
    .bind::<Integer, _>(code)
    .get_result(c)?;
    let select = format!(
        "SELECT person, MIN(month) AS first_month, MAX(month) AS last_month, \
         COUNT(*) AS months {UNASSESSED_GROUPS} ORDER BY person"
    );
    Ok(Unassessed {
        total: total.n,
        seen: seen.n,
        persons: limited(c, &select, code, limit)?,
    })
}
