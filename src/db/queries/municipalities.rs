use diesel::prelude::*;

use crate::db::models::MunicipalityRow;
use crate::db::schema::municipalities;
use crate::db::DbConn;
use crate::domain::municipality;

/// Inserts the 98 official municipalities that are missing (idempotent; the list is
/// embedded in the binary, never read from disk at run time).
pub fn seed(conn: &mut DbConn) -> QueryResult<usize> {
    let existing: Vec<i32> = municipalities::table
        .select(municipalities::code)
        .load(conn)?;
    let mut added = 0;
    conn.transaction(|c| {
        for m in municipality::all() {
            let code = i32::from(m.code.as_u16());
            if existing.contains(&code) {
                continue;
            }
            diesel::insert_into(municipalities::table)
                .values(MunicipalityRow {
                    code,
                    name: m.name.to_string(),
                    region_code: i32::from(m.region_code),
                    region_name: m.region_name.to_string(),
                })
                .execute(c)?;
            added += 1;
        }
        Ok(added)
    })
}

/// All municipalities in Danish alphabetical order.
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<MunicipalityRow>> {
    let mut rows: Vec<MunicipalityRow> = municipalities::table
        .select(MunicipalityRow::as_select())
        .load(conn)?;
    rows.sort_by_cached_key(|m| tilskud_templates::fmt::danish_sort_key(&m.name));
    Ok(rows)
}

pub fn get(conn: &mut DbConn, code: i32) -> QueryResult<Option<MunicipalityRow>> {
    municipalities::table
        .find(code)
        .select(MunicipalityRow::as_select())
        .first(conn)
        .optional()
}
