//! The officers' list of every account across municipalities and pools, with its
//! standing by the Copenhagen date.

use super::*;

/// How an account stands in the officers' list: its status, with an account still with
/// the municipality shown as due or overdue by the Copenhagen date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    Due,
    Overdue,
    Submitted,
    InReview,
    SentBack,
    Approved,
    Cancelled,
}

impl Standing {
    pub const ALL: [Standing; 7] = [
        Standing::Due,
        Standing::Overdue,
        Standing::Submitted,
        Standing::InReview,
        Standing::SentBack,
        Standing::Approved,
        Standing::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Standing::Due => "due",
            Standing::Overdue => "overdue",
            Standing::Submitted => "submitted",
            Standing::InReview => "in_review",
            Standing::SentBack => "sent_back",
            Standing::Approved => "approved",
            Standing::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Standing> {
        Standing::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// A draft is due, or overdue after its deadline (the Copenhagen date `today`); the
    /// others are their status. A sent-back account past its deadline is overdue too.
    pub fn of(status: AccountStatus, deadline: NaiveDate, today: NaiveDate) -> Standing {
        match status {
            AccountStatus::Draft | AccountStatus::SentBack if deadline < today => Standing::Overdue,
            AccountStatus::Draft => Standing::Due,
            AccountStatus::SentBack => Standing::SentBack,
            AccountStatus::Submitted => Standing::Submitted,
            AccountStatus::InReview => Standing::InReview,
            AccountStatus::Approved => Standing::Approved,
            AccountStatus::Cancelled => Standing::Cancelled,
        }
    }
}

/// The list's filters, as the GET form and the API's query give them; empty is all.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct ListFilter {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub municipality: String,
    #[serde(default)]
    pub overdue: String,
}

impl ListFilter {
    fn keeps(&self, row: &ListRow) -> bool {
        let status_ok = match self.status.trim() {
            "" => true,
            s => row.standing.as_str() == s,
        };
        let kind_ok = match self.kind.trim() {
            "" => true,
            k => row.kind.as_str() == k,
        };
        let town_ok = match self.municipality.trim() {
            "" => true,
            m => {
                row.code.to_string() == m
                    || row.municipality.to_lowercase().contains(&m.to_lowercase())
            }
        };
        let overdue_ok =
            !matches!(self.overdue.trim(), "1" | "true" | "on") || row.days_overdue > 0;
        status_ok && kind_ok && town_ok && overdue_ok
    }
}

/// One account in the officers' list.
#[derive(Clone, Debug, Serialize)]
pub struct ListRow {
    pub pool_id: i64,
    pub pool: String,
    pub code: i32,
    pub municipality: String,
    pub kind: AccountKind,
    pub deadline: NaiveDate,
    pub status: AccountStatus,
    pub standing: Standing,
    /// Days past the deadline by the Copenhagen date, for an account still due; 0 else.
    pub days_overdue: i64,
    pub certification: accounts::Certification,
    pub submitted_at: Option<NaiveDateTime>,
    pub claim: Option<ClaimRow>,
}

/// The read cache's key of `list` (`AppState::cached`): the filter and the Copenhagen
/// date, the only time the list depends on.
pub fn list_key(filter: &ListFilter, now: NaiveDateTime) -> String {
    format!(
        "accounts/{}/{:?}",
        today(now),
        (
            &filter.status,
            &filter.kind,
            &filter.municipality,
            &filter.overdue
        )
    )
}

/// Every account across municipalities and pools that passes the filter, judged on the
/// Copenhagen date of `now`.
pub fn list(c: &mut DbConn, filter: &ListFilter, now: NaiveDateTime) -> AppResult<Vec<ListRow>> {
    let today = today(now);
    let pools: BTreeMap<i64, String> = pools::list(c)?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let towns: BTreeMap<i32, String> = municipalities::all(c)?
        .into_iter()
        .map(|m| (m.code, m.name))
        .collect();
    let claims: BTreeMap<i64, ClaimRow> = rows::all_claims(c)?
        .into_iter()
        .map(|cl| (cl.account_id, cl))
        .collect();
    let mut submitted: BTreeMap<i64, NaiveDateTime> = BTreeMap::new();
    for (id, at) in rows::last_submitted(c)? {
        if let Some(at) = at {
            let e = submitted.entry(id).or_insert(at);
            if at > *e {
                *e = at;
            }
        }
    }
    Ok(rows::all_accounts(c)?
        .into_iter()
        .map(|(a, pool_id, code)| {
            let standing = Standing::of(a.status, a.deadline, today);
            let days_overdue = if standing == Standing::Overdue {
                (today - a.deadline).num_days()
            } else {
                0
            };
            ListRow {
                pool_id,
                pool: pools.get(&pool_id).cloned().unwrap_or_default(),
                code,
                municipality: towns.get(&code).cloned().unwrap_or_default(),
                kind: a.kind,
                deadline: a.deadline,
                status: a.status,
                standing,
                days_overdue,
                certification: a.certification,
                submitted_at: submitted.get(&a.id).copied(),
                claim: claims.get(&a.id).cloned(),
            }
        })
        .filter(|r| filter.keeps(r))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn utc(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn an_account_is_overdue_from_the_copenhagen_day_after_its_deadline() {
        let deadline = day(2018, 4, 1);
        // 23:30 UTC on 1 April is already 2 April in Copenhagen (CEST).
        let today = today(utc("2018-04-01 21:59"));
        assert_eq!(
            Standing::of(AccountStatus::Draft, deadline, today),
            Standing::Due
        );
        let today = super::today(utc("2018-04-01 22:00"));
        assert_eq!(today, day(2018, 4, 2));
        assert_eq!(
            Standing::of(AccountStatus::Draft, deadline, today),
            Standing::Overdue
        );
        assert_eq!(
            Standing::of(AccountStatus::SentBack, deadline, today),
            Standing::Overdue
        );
        assert_eq!(
            Standing::of(AccountStatus::Submitted, deadline, today),
            Standing::Submitted
        );
        assert_eq!(
            Standing::of(AccountStatus::SentBack, deadline, deadline),
            Standing::SentBack
        );
        for s in Standing::ALL {
            assert_eq!(Standing::parse(s.as_str()), Some(s));
        }
    }
}
