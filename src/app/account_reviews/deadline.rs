//! An account's deadline moved by an officer, with the reason: audited, mailed, and
//! read back for the pages from the audit log.

use super::*;

/// A moved deadline as typed: the new date (YYYY-MM-DD) and why.
#[derive(Clone, Debug, Default)]
pub struct DeadlineDraft {
    pub deadline: String,
    pub reason: String,
}

/// A moved deadline whose fields read.
#[derive(Clone, Debug, Serialize)]
pub struct DeadlineInput {
    pub deadline: NaiveDate,
    pub reason: String,
}

impl DeadlineDraft {
    pub fn parse(&self) -> Result<DeadlineInput, FieldErrors> {
        let mut e = FieldErrors::default();
        let deadline = crate::domain::time::parse_iso_date(&self.deadline)
            .map_err(|err| e.add("deadline", Msg::new(err.key())))
            .ok();
        let reason = self.reason.trim();
        if reason.is_empty() || reason.chars().count() > 2000 {
            e.add("reason", Msg::new("decision-reason-required"));
        }
        match deadline {
            Some(deadline) if e.is_empty() => Ok(DeadlineInput {
                deadline,
                reason: reason.to_string(),
            }),
            _ => Err(e),
        }
    }
}

/// Moves an account's deadline, with the reason; the audit entry holds the old date, the
/// new one and the reason, and the contact person is told. Not for an approved or
/// cancelled account.
pub fn move_deadline(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    key: AccountKey,
    input: &DeadlineInput,
) -> AppResult<()> {
    audit::write(conn, actor, now, |c| {
        let account = account_of(c, key)?;
        if matches!(
            account.status,
            AccountStatus::Approved | AccountStatus::Cancelled
        ) {
            return Err(not_now(&account));
        }
        rows::set_deadline(c, account.id, input.deadline, now)?;
        let full = com_rows::get(c, account.commitment_id)?.ok_or(AppError::NotFound)?;
        let (pool, town) = pool_and_town(c, &full)?;
        let subject = format!(
            "Ny frist for {} – {} ({})",
            kind_text(account.kind),
            pool.name,
            town
        );
        let body = format!(
            "Fristen for {} Kommunes {} for puljen \"{}\" er flyttet fra {} til {}.\n\nBegrundelse: {}",
            town,
            kind_text(account.kind),
            pool.name,
            crate::app::documents::date_text(account.deadline),
            crate::app::documents::date_text(input.deadline),
            input.reason,
        );
        let email = account_email(c, &full, &account, "account-deadline", subject, body)?;
        crate::mail::enqueue(c, now, &email)?;
        let change = Change::new("account.deadline", "account", account.id)
            .before(&serde_json::json!({ "deadline": account.deadline }))
            .after(&serde_json::json!({ "deadline": input.deadline, "reason": input.reason }));
        Ok(((), vec![change]))
    })
}

/// A moved deadline as the account shows it: when, from, to, why.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct DeadlineMove {
    pub at: NaiveDateTime,
    pub deadline: NaiveDate,
    pub reason: String,
}

/// The account's moved deadlines, oldest first, from the audit log (for the
/// municipality's account page and the review page).
pub fn deadline_moves(c: &mut DbConn, account_id: i64) -> AppResult<Vec<DeadlineMove>> {
    #[derive(serde::Deserialize)]
    struct After {
        deadline: NaiveDate,
        reason: String,
    }
    Ok(rows::deadline_moves(c, account_id)?
        .into_iter()
        .filter_map(|(at, json)| {
            let a: After = serde_json::from_str(json.as_deref()?).ok()?;
            Some(DeadlineMove {
                at,
                deadline: a.deadline,
                reason: a.reason,
            })
        })
        .collect())
}
