//! How an import becomes visible without holding the database for long: its rows are
//! written in short transactions under an upload id (`monitoring_imports.id`) that no
//! reader sees, its per-person aggregates are counted into a set of the same number
//! beside the current one, and one short transaction (`switch_*`, in
//! `app::monitoring::import`) names the upload in `monitoring_uploads` and the set in
//! `monitoring_totals`. What is no longer current, or never became so, is removed a
//! chunk at a time (`delete_*_chunk`, `garbage_*`).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Binary, Integer};

use super::persons::{PersonAggregate, BY_PERSON, PERSON_COUNTS};
use super::{MunicipalityMonth, COUNTS, COUNT_COLUMNS};
use crate::db::schema::monitoring_imports as mi;
use crate::db::DbConn;

/// Rows removed per statement when what is no longer current is cleared: each is a short
/// transaction of its own.
const DELETE_CHUNK: i64 = 5_000;

/// Registers an import about to write rows; its id numbers them.
pub fn begin(c: &mut DbConn, now: NaiveDateTime, source: &str) -> QueryResult<i64> {
    crate::on_backend!(c, cc => diesel::insert_into(mi::table)
        .values((
            mi::started_at.eq(now),
            mi::heartbeat_at.eq(now),
            mi::source.eq(source),
        ))
        .returning(mi::id)
        .get_result(cc))
}

/// Says the import is still alive (a crashed one stops saying so, `remove_stale`).
pub fn heartbeat(c: &mut DbConn, id: i64, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(mi::table.find(id))
        .set(mi::heartbeat_at.eq(now))
        .execute(c)?;
    Ok(())
}

/// Takes SQLite's write lock at the start of a transaction whose first statements only
/// read (an `UPDATE` that changes nothing): a transaction that reads first and then
/// writes fails at once ("database is locked", without waiting) when another connection
/// wrote in between. Nothing on PostgreSQL, which locks rows, not the database.
pub fn take_writer(c: &mut DbConn) -> QueryResult<()> {
    if matches!(c, DbConn::Sqlite(_)) {
        diesel::sql_query("UPDATE monitoring_imports SET heartbeat_at = heartbeat_at WHERE id = 0")
            .execute(c)?;
    }
    Ok(())
}

/// The import is over (switched, or its rows removed).
pub fn end(c: &mut DbConn, id: i64) -> QueryResult<()> {
    diesel::delete(mi::table.find(id)).execute(c)?;
    Ok(())
}

/// Forgets the imports not heard from since `before`: their processes are gone, and what
/// they wrote is garbage (`garbage_rows`, `garbage_sets`). The ids forgotten.
pub fn remove_stale(c: &mut DbConn, before: NaiveDateTime) -> QueryResult<Vec<i64>> {
    crate::on_backend!(c, cc => diesel::delete(mi::table.filter(mi::heartbeat_at.lt(before)))
        .returning(mi::id)
        .get_results(cc))
}

/// `month IN (201801, 201802)`. Only integers go into the text.
fn in_months(months: &[i32]) -> String {
    let months: Vec<String> = months.iter().map(i32::to_string).collect();
    format!("month IN ({})", months.join(", "))
}

/// The counts of upload `id`'s rows in a municipality's months: what
/// `monitoring_month_counts` will hold for them once the upload is switched to. A read,
/// which holds no lock on SQLite's WAL.
pub fn upload_counts(
    c: &mut DbConn,
    id: i64,
    code: i32,
    months: &[i32],
) -> QueryResult<Vec<MunicipalityMonth>> {
    diesel::sql_query(format!(
        "SELECT municipality_code, month, {COUNTS} FROM monitoring_rows \
         WHERE municipality_code = {code} AND {} AND upload_id = {id} \
         GROUP BY municipality_code, month ORDER BY month",
        in_months(months)
    ))
    .load(c)
}

/// A range of pseudonyms by their first byte: `from..to` (`None`: no bound).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PersonRange {
    pub from: Option<u8>,
    pub to: Option<u8>,
}

/// The pseudonyms cut into `parts` ranges of equal width (`parts` a power of two up to
/// 256): pseudonyms are HMACs, spread evenly.
pub fn person_ranges(parts: usize) -> Vec<PersonRange> {
    let parts = parts.clamp(1, 256).next_power_of_two().min(256);
    let width = 256 / parts;
    (0..parts)
        .map(|i| PersonRange {
            from: (i > 0).then(|| u8::try_from(i * width).unwrap_or(u8::MAX)),
            to: (i + 1 < parts).then(|| u8::try_from((i + 1) * width).unwrap_or(u8::MAX)),
        })
        .collect()
}

/// The rows a municipality will have once upload `id` is switched to: the upload's rows
/// in its `months`, the current rows in the others.
fn rows_after_switch(id: i64, code: i32, months: &[i32]) -> String {
    format!(
        "monitoring_rows WHERE municipality_code = {code} \
         AND (upload_id = {id} OR (NOT {in_upload} AND upload_id = (SELECT cur.upload_id \
         FROM monitoring_uploads cur WHERE cur.municipality_code = monitoring_rows.municipality_code \
         AND cur.month = monitoring_rows.month)))",
        in_upload = in_months(months),
    )
}

/// Counts into set `id` the persons of a municipality in `range`, from the rows the
/// municipality will have once upload `id` is switched to. One `INSERT … SELECT`, short
/// because the range is (the caller sizes it); on PostgreSQL, where it locks no reader
/// or writer out.
pub fn count_persons(
    c: &mut DbConn,
    id: i64,
    code: i32,
    months: &[i32],
    range: PersonRange,
) -> QueryResult<()> {
    let mut cond = String::new();
    let mut binds: Vec<Vec<u8>> = Vec::new();
    for (bound, op) in [(range.from, ">="), (range.to, "<")] {
        if let Some(b) = bound {
            binds.push(vec![b]);
            cond.push_str(&format!(" AND person {op} ${}", binds.len()));
        }
    }
    let sql = format!(
        "INSERT INTO monitoring_persons (municipality_code, person_set, person, assessed, \
         first_month, last_month, months) \
         SELECT municipality_code, {id}, person, assessed, first_month, last_month, months FROM \
         (SELECT {PERSON_COUNTS} FROM {}{cond} {BY_PERSON}) AS counted",
        rows_after_switch(id, code, months)
    );
    let query = diesel::sql_query(sql).into_boxed();
    let query = binds.into_iter().fold(query, |q, b| q.bind::<Binary, _>(b));
    query.execute(c)?;
    Ok(())
}

/// The same persons, counted by the same rule, but only read (in pseudonym order): on
/// SQLite a read holds no lock, so the counting does not keep a login waiting however
/// many rows the municipality has; `insert_persons` then writes them in short
/// transactions.
pub fn read_persons(
    c: &mut DbConn,
    id: i64,
    code: i32,
    months: &[i32],
) -> QueryResult<Vec<PersonAggregate>> {
    diesel::sql_query(format!(
        "SELECT {PERSON_COUNTS} FROM {} {BY_PERSON}",
        rows_after_switch(id, code, months)
    ))
    .load(c)
}

/// The persons of a municipality's current rows in the months other than `months` (those
/// an import replaces), counted by the same rule; a read, in pseudonym order.
pub fn read_persons_elsewhere(
    c: &mut DbConn,
    code: i32,
    months: &[i32],
) -> QueryResult<Vec<PersonAggregate>> {
    diesel::sql_query(format!(
        "SELECT {PERSON_COUNTS} FROM monitoring_rows WHERE municipality_code = {code} \
         AND NOT {} AND upload_id = (SELECT cur.upload_id FROM monitoring_uploads cur \
         WHERE cur.municipality_code = monitoring_rows.municipality_code \
         AND cur.month = monitoring_rows.month) {BY_PERSON}",
        in_months(months)
    ))
    .load(c)
}

/// Persons per statement of `insert_persons` (7 values each).
pub const PERSONS_PER_INSERT: usize = 500;

/// Writes `persons` (at most `PERSONS_PER_INSERT`) into set `id`: one statement.
pub fn insert_persons(c: &mut DbConn, id: i64, persons: &[PersonAggregate]) -> QueryResult<()> {
    use crate::db::schema::monitoring_persons as mp;
    let values: Vec<_> = persons
        .iter()
        .map(|p| {
            (
                mp::municipality_code.eq(p.municipality_code),
                mp::person_set.eq(id),
                mp::person.eq(&p.person),
                mp::assessed.eq(p.assessed),
                mp::first_month.eq(p.first_month),
                mp::last_month.eq(p.last_month),
                mp::months.eq(p.months),
            )
        })
        .collect();
    crate::on_backend!(c, cc => diesel::insert_into(mp::table).values(&values).execute(cc))?;
    Ok(())
}

#[derive(QueryableByName)]
struct SetTotals {
    #[diesel(sql_type = BigInt)]
    seen: i64,
    #[diesel(sql_type = BigInt)]
    assessed: i64,
}

/// Persons in set `id` of a municipality, and of them the assessed.
pub fn set_totals(c: &mut DbConn, id: i64, code: i32) -> QueryResult<(i64, i64)> {
    let t: SetTotals = diesel::sql_query(format!(
        "SELECT COUNT(*) AS seen, \
         CAST(COALESCE(SUM(CASE WHEN assessed THEN 1 ELSE 0 END), 0) AS BIGINT) AS assessed \
         FROM monitoring_persons WHERE municipality_code = {code} AND person_set = {id}"
    ))
    .get_result(c)?;
    Ok((t.seen, t.assessed))
}

/// The current person set of a municipality (`None`: it has none yet).
pub fn current_set(c: &mut DbConn, code: i32) -> QueryResult<Option<i64>> {
    use crate::db::schema::monitoring_totals as mt;
    mt::table
        .find(code)
        .select(mt::person_set)
        .get_result(c)
        .optional()
}

/// Names set `id` (with its totals) as the municipality's current persons, if the
/// current set is still `base`, the one the set was counted beside; `false` when another
/// import switched the municipality meanwhile (the set must be counted again).
pub fn switch_set(
    c: &mut DbConn,
    code: i32,
    base: Option<i64>,
    id: i64,
    (seen, assessed): (i64, i64),
) -> QueryResult<bool> {
    let changed = match base {
        Some(base) => diesel::sql_query(format!(
            "UPDATE monitoring_totals SET person_set = {id}, persons_seen = {seen}, \
             persons_assessed = {assessed} WHERE municipality_code = {code} \
             AND person_set = {base}"
        ))
        .execute(c)?,
        None => diesel::sql_query(format!(
            "INSERT INTO monitoring_totals (municipality_code, persons_seen, persons_assessed, \
             person_set) VALUES ({code}, {seen}, {assessed}, {id}) \
             ON CONFLICT (municipality_code) DO NOTHING"
        ))
        .execute(c)?,
    };
    Ok(changed == 1)
}

/// The uploads current for these municipality-months now: (municipality, month,
/// upload id).
pub fn current_uploads(c: &mut DbConn, code: i32) -> QueryResult<Vec<(i32, i32, i64)>> {
    use crate::db::schema::monitoring_uploads as mu;
    crate::on_backend!(c, cc => mu::table
        .filter(mu::municipality_code.eq(code))
        .select((mu::municipality_code, mu::month, mu::upload_id))
        .load(cc))
}

/// Rows per statement when the switch writes its municipality-months.
const SWITCH_ROWS: usize = 500;

/// Deletes the rows of `table` for these (municipality, month) pairs: one statement per
/// municipality.
fn delete_months(
    c: &mut DbConn,
    table: &str,
    pairs: impl Iterator<Item = (i32, i32)>,
) -> QueryResult<()> {
    let mut by_code: std::collections::BTreeMap<i32, Vec<i32>> = Default::default();
    for (code, month) in pairs {
        by_code.entry(code).or_default().push(month);
    }
    for (code, months) in &by_code {
        diesel::sql_query(format!(
            "DELETE FROM {table} WHERE municipality_code = {code} AND {}",
            in_months(months)
        ))
        .execute(c)?;
    }
    Ok(())
}

/// Replaces the month counts of these municipality-months: per municipality one
/// `DELETE`, then multi-row `INSERT`s (a national file of many months switches in a
/// few statements, not two per month).
pub fn replace_counts(c: &mut DbConn, counts: &[MunicipalityMonth]) -> QueryResult<()> {
    delete_months(
        c,
        "monitoring_month_counts",
        counts.iter().map(|m| (m.municipality_code, m.counts.month)),
    )?;
    for part in counts.chunks(SWITCH_ROWS) {
        // Integers only go into the text.
        let values: Vec<String> = part
            .iter()
            .map(|m| {
                let n = &m.counts;
                format!(
                    "({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {})",
                    m.municipality_code,
                    n.month,
                    n.persons,
                    n.assessed,
                    n.group1,
                    n.group2,
                    n.group3,
                    n.g1_job_broker,
                    n.g1_company_offer,
                    n.g1_ordinary_hours,
                    n.g1_30_hours,
                    n.g1_none_of_these,
                    n.g1_outcome,
                    n.g1_company_or_hours,
                )
            })
            .collect();
        diesel::sql_query(format!(
            "INSERT INTO monitoring_month_counts (municipality_code, month, {COUNT_COLUMNS}) \
             VALUES {}",
            values.join(", ")
        ))
        .execute(c)?;
    }
    Ok(())
}

/// Names each upload the current one of its municipality-month (`monitoring_uploads`),
/// in a few statements as `replace_counts` does.
pub fn record_uploads(c: &mut DbConn, uploads: &[super::Upload<'_>]) -> QueryResult<()> {
    use crate::db::schema::monitoring_uploads as mu;
    delete_months(
        c,
        "monitoring_uploads",
        uploads.iter().map(|u| (u.municipality_code, u.month)),
    )?;
    for part in uploads.chunks(SWITCH_ROWS) {
        let values: Vec<_> = part
            .iter()
            .map(|u| {
                (
                    mu::municipality_code.eq(u.municipality_code),
                    mu::month.eq(u.month),
                    mu::row_count.eq(i64::try_from(u.rows).unwrap_or(i64::MAX)),
                    mu::uploaded_by.eq(u.uploaded_by),
                    mu::uploaded_at.eq(u.uploaded_at),
                    mu::source.eq(u.source),
                    mu::upload_id.eq(u.upload_id),
                )
            })
            .collect();
        crate::on_backend!(c, cc => diesel::insert_into(mu::table).values(&values).execute(cc))?;
    }
    Ok(())
}

/// Removes up to `DELETE_CHUNK` rows of upload `upload` in a municipality-month;
/// `true` when none are left.
pub fn delete_rows_chunk(c: &mut DbConn, code: i32, month: i32, upload: i64) -> QueryResult<bool> {
    let key = format!("municipality_code = {code} AND month = {month} AND upload_id = {upload}");
    delete_chunk(c, "monitoring_rows", &key)
}

/// Removes up to `DELETE_CHUNK` persons of set `set` of a municipality; `true` when none
/// are left.
pub fn delete_set_chunk(c: &mut DbConn, code: i32, set: i64) -> QueryResult<bool> {
    let key = format!("municipality_code = {code} AND person_set = {set}");
    delete_chunk(c, "monitoring_persons", &key)
}

#[derive(QueryableByName)]
struct Person {
    #[diesel(sql_type = Binary)]
    person: Vec<u8>,
}

/// The first `DELETE_CHUNK` persons under `key` (a prefix of the table's primary key,
/// which ends in the person), found by a range of the key and removed by one; all of
/// them when fewer are left. A `LIMIT` in a subquery of the `DELETE` would do on SQLite,
/// but PostgreSQL plans it as a scan per row.
fn delete_chunk(c: &mut DbConn, table: &str, key: &str) -> QueryResult<bool> {
    let bound: Option<Person> = diesel::sql_query(format!(
        "SELECT person FROM {table} WHERE {key} ORDER BY person LIMIT 1 OFFSET {}",
        DELETE_CHUNK - 1
    ))
    .get_result(c)
    .optional()?;
    match bound {
        Some(b) => {
            diesel::sql_query(format!("DELETE FROM {table} WHERE {key} AND person <= $1"))
                .bind::<Binary, _>(b.person)
                .execute(c)?;
            Ok(false)
        }
        None => {
            diesel::sql_query(format!("DELETE FROM {table} WHERE {key}")).execute(c)?;
            Ok(true)
        }
    }
}

#[derive(QueryableByName)]
struct RowGroup {
    #[diesel(sql_type = Integer)]
    municipality_code: i32,
    #[diesel(sql_type = Integer)]
    month: i32,
    #[diesel(sql_type = BigInt)]
    upload_id: i64,
}

/// The rows no reader sees and no import is still writing: (municipality, month,
/// upload) of an upload since replaced, or of an import that failed or died.
pub fn garbage_rows(c: &mut DbConn) -> QueryResult<Vec<(i32, i32, i64)>> {
    let groups: Vec<RowGroup> = diesel::sql_query(
        "SELECT r.municipality_code, r.month, r.upload_id FROM (SELECT DISTINCT \
         municipality_code, month, upload_id FROM monitoring_rows) AS r \
         WHERE NOT EXISTS (SELECT 1 FROM monitoring_uploads cur \
         WHERE cur.municipality_code = r.municipality_code AND cur.month = r.month \
         AND cur.upload_id = r.upload_id) \
         AND NOT EXISTS (SELECT 1 FROM monitoring_imports i WHERE i.id = r.upload_id)",
    )
    .load(c)?;
    Ok(groups
        .into_iter()
        .map(|g| (g.municipality_code, g.month, g.upload_id))
        .collect())
}

#[derive(QueryableByName)]
struct SetGroup {
    #[diesel(sql_type = Integer)]
    municipality_code: i32,
    #[diesel(sql_type = BigInt)]
    person_set: i64,
}

/// The person sets no reader sees and no import is still counting.
pub fn garbage_sets(c: &mut DbConn) -> QueryResult<Vec<(i32, i64)>> {
    let groups: Vec<SetGroup> = diesel::sql_query(
        "SELECT p.municipality_code, p.person_set FROM (SELECT DISTINCT municipality_code, \
         person_set FROM monitoring_persons) AS p \
         WHERE NOT EXISTS (SELECT 1 FROM monitoring_totals t \
         WHERE t.municipality_code = p.municipality_code AND t.person_set = p.person_set) \
         AND NOT EXISTS (SELECT 1 FROM monitoring_imports i WHERE i.id = p.person_set)",
    )
    .load(c)?;
    Ok(groups
        .into_iter()
        .map(|g| (g.municipality_code, g.person_set))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ranges_cover_every_first_byte_once() {
        assert_eq!(
            person_ranges(1),
            vec![PersonRange {
                from: None,
                to: None
            }]
        );
        let four = person_ranges(3);
        assert_eq!(four.len(), 4);
        assert_eq!(four[0].to, Some(64));
        assert_eq!(four[1].from, Some(64));
        assert_eq!(four[3].to, None);
        assert_eq!(person_ranges(1000).len(), 256);
    }
}
