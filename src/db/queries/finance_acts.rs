//! Finance acts (finanslove) as STAR registers them passed: rows in, rows out. The
//! checks and the audit entries are the operations' (`app::finance_acts`).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{finance_acts, users};
use crate::db::DbConn;

#[derive(Queryable, Selectable, Debug, Clone, PartialEq, Eq, Serialize)]
#[diesel(table_name = finance_acts)]
pub struct FinanceActRow {
    pub year: i32,
    pub passed_on: NaiveDate,
    pub reference: String,
    pub registered_by: i64,
    pub registered_at: NaiveDateTime,
}

/// A registered finance act with the name of the officer who registered it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FinanceActListed {
    pub row: FinanceActRow,
    pub registered_by_name: String,
}

/// Every registered finance act, by year.
pub fn list(conn: &mut DbConn) -> QueryResult<Vec<FinanceActListed>> {
    let rows: Vec<(FinanceActRow, String)> = finance_acts::table
        .inner_join(users::table.on(users::id.eq(finance_acts::registered_by)))
        .order(finance_acts::year.asc())
        .select((FinanceActRow::as_select(), users::display_name))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(row, registered_by_name)| FinanceActListed {
            row,
            registered_by_name,
        })
        .collect())
}

/// The finance act of `year`, if registered.
pub fn get(conn: &mut DbConn, year: i32) -> QueryResult<Option<FinanceActRow>> {
    finance_acts::table
        .find(year)
        .select(FinanceActRow::as_select())
        .first(conn)
        .optional()
}

/// The finance act of `year` with who registered it, if registered.
pub fn get_listed(conn: &mut DbConn, year: i32) -> QueryResult<Option<FinanceActListed>> {
    let row: Option<(FinanceActRow, String)> = finance_acts::table
        .inner_join(users::table.on(users::id.eq(finance_acts::registered_by)))
        .filter(finance_acts::year.eq(year))
        .select((FinanceActRow::as_select(), users::display_name))
        .first(conn)
        .optional()?;
    Ok(row.map(|(row, registered_by_name)| FinanceActListed {
        row,
        registered_by_name,
    }))
}

/// Registers the finance act of `year`. A year registered before is refused by the
/// primary key (`UniqueViolation`).
pub fn insert(
    conn: &mut DbConn,
    year: i32,
    passed_on: NaiveDate,
    reference: &str,
    registered_by: i64,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(finance_acts::table)
        .values((
            finance_acts::year.eq(year),
            finance_acts::passed_on.eq(passed_on),
            finance_acts::reference.eq(reference),
            finance_acts::registered_by.eq(registered_by),
            finance_acts::registered_at.eq(now),
        ))
        .execute(conn)
}

/// Corrects the date passed and the reference of a registered year; who registered it
/// and when stay (the correction is in the audit log). Returns the rows changed.
pub fn update(
    conn: &mut DbConn,
    year: i32,
    passed_on: NaiveDate,
    reference: &str,
) -> QueryResult<usize> {
    diesel::update(finance_acts::table.find(year))
        .set((
            finance_acts::passed_on.eq(passed_on),
            finance_acts::reference.eq(reference),
        ))
        .execute(conn)
}
