//! Reading the audit log (revisionsspor), newest first, a page at a time. The entries
//! themselves are written by every operation through `db::audit::write`.

use crate::db::audit::{self, AuditRow};
use crate::db::DbConn;
use crate::error::AppResult;

/// Entries per page when the caller does not say.
pub const DEFAULT_LIMIT: i64 = 100;
/// Most entries per page.
pub const MAX_LIMIT: i64 = 1000;

/// Which entries to list.
#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    /// Only entries about this kind of entity (pool, allocation, user, …).
    pub entity: Option<String>,
    /// Only entries older than this id (the next page).
    pub before: Option<i64>,
    /// At most this many (default `DEFAULT_LIMIT`, between 1 and `MAX_LIMIT`).
    pub limit: Option<i64>,
}

impl AuditFilter {
    pub fn limit(&self) -> i64 {
        clamp_limit(self.limit)
    }
}

/// A page size as asked, within 1..=`MAX_LIMIT`.
pub fn clamp_limit(asked: Option<i64>) -> i64 {
    asked.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT)
}

/// One page of a listing, newest first.
#[derive(Clone, Debug)]
pub struct Page<T> {
    pub rows: Vec<T>,
    /// Where the next, older page starts (its `before`), if the page was full.
    pub older: Option<i64>,
}

impl<T> Page<T> {
    /// A page of `rows` asked with `limit`, whose next page starts before the id of the
    /// last row when the page is full.
    pub fn new(rows: Vec<T>, limit: i64, id: impl Fn(&T) -> i64) -> Page<T> {
        let older = (rows.len() as i64 == limit)
            .then(|| rows.last().map(&id))
            .flatten();
        Page { rows, older }
    }
}

/// A page of the audit log.
pub fn page(conn: &mut DbConn, filter: &AuditFilter) -> AppResult<Page<AuditRow>> {
    let limit = filter.limit();
    let rows = audit::page(conn, filter.entity.as_deref(), filter.before, limit)?;
    Ok(Page::new(rows, limit, |r| r.id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_size_is_kept_between_one_and_a_thousand() {
        assert_eq!(clamp_limit(None), 100);
        assert_eq!(clamp_limit(Some(0)), 1);
        assert_eq!(clamp_limit(Some(50)), 50);
        assert_eq!(clamp_limit(Some(5000)), 1000);
    }

    #[test]
    fn only_a_full_page_points_to_an_older_one() {
        assert_eq!(Page::new(vec![9, 8, 7], 3, |r| *r).older, Some(7));
        assert_eq!(Page::new(vec![9, 8], 3, |r| *r).older, None);
        assert_eq!(Page::new(Vec::<i64>::new(), 3, |r| *r).older, None);
    }
}

/// What an audit page needs to say its entries in words: the names behind the ids.
#[derive(Clone, Debug, Default)]
pub struct Names {
    /// user id → display name (actors and users acted on)
    pub users: std::collections::BTreeMap<i64, String>,
    /// pool id → name
    pub pools: std::collections::BTreeMap<i64, String>,
    /// application id → (pool id, municipality code)
    pub applications: std::collections::BTreeMap<i64, (i64, i32)>,
    /// commitment id → (pool id, municipality code)
    pub commitments: std::collections::BTreeMap<i64, (i64, i32)>,
    /// account id → (pool id, municipality code, kind)
    pub accounts: std::collections::BTreeMap<i64, (i64, i32, String)>,
}

/// The names behind the entries of `rows`: a few reads per page, whatever its length.
pub fn names(conn: &mut DbConn, rows: &[AuditRow]) -> AppResult<Names> {
    use crate::db::schema::{accounts, applications, commitments, pools, users};
    use diesel::prelude::*;
    let ids = |entity: &str| -> Vec<i64> {
        rows.iter()
            .filter(|r| r.entity == entity)
            .filter_map(|r| r.entity_id.parse().ok())
            .collect()
    };
    let mut user_ids: Vec<i64> = rows.iter().filter_map(|r| r.actor_id).collect();
    user_ids.extend(ids("user"));
    let users: Vec<(i64, String)> = crate::on_backend!(conn, c => users::table
        .filter(users::id.eq_any(&user_ids))
        .select((users::id, users::display_name))
        .load(c))?;
    let pools: Vec<(i64, String)> = crate::on_backend!(conn, c => pools::table
        .select((pools::id, pools::name))
        .load(c))?;
    let apps: Vec<(i64, i64, i32)> = crate::on_backend!(conn, c => applications::table
        .filter(applications::id.eq_any(ids("application")))
        .select((applications::id, applications::pool_id, applications::municipality_code))
        .load(c))?;
    let commitment_ids = ids("commitment");
    let commits: Vec<(i64, i64, i32)> = crate::on_backend!(conn, c => commitments::table
        .filter(commitments::id.eq_any(&commitment_ids))
        .select((commitments::id, commitments::pool_id, commitments::municipality_code))
        .load(c))?;
    let accs: Vec<(i64, i64, i32, String)> = crate::on_backend!(conn, c => accounts::table
        .inner_join(commitments::table)
        .filter(accounts::id.eq_any(ids("account")))
        .select((
            accounts::id,
            commitments::pool_id,
            commitments::municipality_code,
            accounts::kind,
        ))
        .load(c))?;
    Ok(Names {
        users: users.into_iter().collect(),
        pools: pools.into_iter().collect(),
        applications: apps.into_iter().map(|(id, p, m)| (id, (p, m))).collect(),
        commitments: commits.into_iter().map(|(id, p, m)| (id, (p, m))).collect(),
        accounts: accs
            .into_iter()
            .map(|(id, p, m, k)| (id, (p, m, k)))
            .collect(),
    })
}
