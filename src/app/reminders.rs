//! Reminders of account deadlines (`docs/accounts.md`, "Deadlines and reminders"): once a
//! Copenhagen day the server queues, for every account still with its municipality, the
//! reminder whose day has come (`domain::accounts::due_reminder`; by default 14 days
//! before, on the day, 7 days after), to the application's contact person and the
//! municipality's finance staff. Each reminder is queued once per account, offset and
//! address (`mail::enqueue_once`), whichever instance runs the day and however often.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use serde::Serialize;

use super::documents::date_text;
use crate::db::audit::{self, Actor, Change};
use crate::db::queries::jobs;
use crate::db::queries::reminders::{self as rows, OpenAccount};
use crate::db::DbConn;
use crate::domain::accounts::{due_reminder, parse_reminder_offsets};
use crate::domain::time::to_local;
use crate::error::{AppError, AppResult};
use crate::mail::{enqueue_once, Address, NewEmail};

/// The job's name in `scheduled_jobs`.
pub const JOB: &str = "account-reminders";

/// How long a claim on a day's run holds before another instance may take it over.
const CLAIM: TimeDelta = TimeDelta::minutes(10);

/// What one run queued.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ReminderRun {
    pub today: Option<NaiveDate>,
    /// Accounts with a reminder due today.
    pub accounts: usize,
    /// Emails queued now (reminders queued before are not queued again).
    pub queued: usize,
}

/// The Copenhagen date of `now`.
pub fn copenhagen_today(now: NaiveDateTime) -> NaiveDate {
    to_local(now.and_utc()).date_naive()
}

/// Queues the reminders due on `now`'s Copenhagen date, in one transaction with one audit
/// entry (none when nothing was queued).
pub fn queue_due(conn: &mut DbConn, now: NaiveDateTime) -> AppResult<ReminderRun> {
    let today = copenhagen_today(now);
    audit::write(conn, &Actor::system("reminders"), now, |c| {
        let mut run = ReminderRun {
            today: Some(today),
            ..ReminderRun::default()
        };
        let mut finance: BTreeMap<i32, Vec<(String, String)>> = BTreeMap::new();
        for account in rows::open_accounts(c)? {
            let Some(offsets) = parse_reminder_offsets(&account.reminder_offsets) else {
                tracing::warn!(pool = account.pool_id, offsets = %account.reminder_offsets, "the pool's reminder offsets cannot be read; no reminders");
                continue;
            };
            let Some(offset) = due_reminder(account.deadline, &offsets, today) else {
                continue;
            };
            run.accounts += 1;
            let code = account.municipality_code;
            let staff = match finance.entry(code) {
                std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::btree_map::Entry::Vacant(e) => {
                    e.insert(rows::finance_emails(c, code)?)
                }
            };
            let mut to = vec![(account.contact_name.clone(), account.contact_email.clone())];
            to.extend(staff.iter().cloned());
            let mut seen = Vec::new();
            for (name, email) in to {
                let Ok(address) = Address::parse(&email) else {
                    tracing::warn!(
                        account = account.account_id,
                        "a reminder recipient has no valid address; skipped"
                    );
                    continue;
                };
                let bare = address.mailbox().email.to_string().to_lowercase();
                if seen.contains(&bare) {
                    continue;
                }
                seen.push(bare.clone());
                // The deadline is in the key: a moved deadline gets its own reminders.
                let key = format!(
                    "account-reminder/{}/{}/{offset}/{bare}",
                    account.account_id, account.deadline
                );
                let mail = reminder_email(&account, offset, today, &name, address);
                if enqueue_once(c, now, &mail, &key)?.is_some() {
                    run.queued += 1;
                }
            }
        }
        let changes = if run.queued > 0 {
            vec![Change::new("account.reminders", "job", JOB).after(&run)]
        } else {
            Vec::new()
        };
        Ok::<_, AppError>((run, changes))
    })
}

/// Runs today's reminders if no instance has yet: claims the day, queues, records it
/// done. `None` when the day was done or another instance holds it.
pub fn run_if_due(conn: &mut DbConn, now: NaiveDateTime) -> AppResult<Option<ReminderRun>> {
    run_daily(conn, JOB, now, queue_due, |run| {
        format!("{} accounts, {} emails queued", run.accounts, run.queued)
    })
}

/// Runs `job` for `now`'s Copenhagen day if no instance has yet: claims the day, runs
/// `work`, records it done with `result`'s text (or releases the claim on failure).
/// `None` when the day was done or another instance holds it.
pub fn run_daily<T>(
    conn: &mut DbConn,
    job: &str,
    now: NaiveDateTime,
    work: impl FnOnce(&mut DbConn, NaiveDateTime) -> AppResult<T>,
    result: impl FnOnce(&T) -> String,
) -> AppResult<Option<T>> {
    let today = copenhagen_today(now);
    let token = crate::token::random_token();
    if !jobs::claim_day(conn, job, today, now, now + CLAIM, &token)? {
        return Ok(None);
    }
    match work(conn, now) {
        Ok(run) => {
            jobs::finish(conn, job, &token, today, now, &result(&run))?;
            Ok(Some(run))
        }
        Err(e) => {
            jobs::release(conn, job, &token, now, &format!("failed: {e}"))?;
            Err(e)
        }
    }
}

fn kind_text(kind: &str) -> &'static str {
    if kind == "interim" {
        "mellemregnskab"
    } else {
        "slutregnskab"
    }
}

fn certification_text(certification: &str) -> &'static str {
    if certification == "auditor" {
        "revisorpåtegnet"
    } else {
        "ledelsespåtegnet"
    }
}

/// The reminder, in Danish as the agency's letters are.
fn reminder_email(
    a: &OpenAccount,
    offset: i32,
    today: NaiveDate,
    name: &str,
    to: Address,
) -> NewEmail {
    let kind = kind_text(&a.kind);
    let deadline = date_text(a.deadline);
    let when = match offset {
        o if o < 0 => format!("Fristen er {deadline}."),
        0 => format!("Fristen er i dag, {deadline}."),
        _ => format!(
            "Fristen var {deadline}, og styrelsen har endnu ikke modtaget regnskabet ({} dage efter fristen). Indsend det hurtigst muligt, eller kontakt styrelsen.",
            (today - a.deadline).num_days()
        ),
    };
    let path = format!(
        "/pools/{}/accounts/{}/{}",
        a.pool_id, a.municipality_code, a.kind
    );
    let body = format!(
        "Kære {name}\n\n\
         Dette er en påmindelse om {municipality} Kommunes {kind} for tilskud fra puljen \"{pool}\".\n\n\
         {when}\n\n\
         Regnskabet skal være {certification}. Log ind i tilskud, og åbn regnskabet under \
         kommunens side ({path}).\n\n\
         Med venlig hilsen\n\
         Styrelsen for Arbejdsmarked og Rekruttering\n",
        municipality = a.municipality,
        pool = a.pool_name,
        certification = certification_text(&a.certification),
    );
    let subject = match offset {
        o if o > 0 => format!(
            "Overskredet frist: {kind} for \"{}\" ({deadline})",
            a.pool_name
        ),
        _ => format!(
            "Påmindelse: {kind} for \"{}\" senest {deadline}",
            a.pool_name
        ),
    };
    NewEmail {
        kind: "account-reminder",
        to,
        subject,
        body_text: body,
        body_html: None,
        related_entity: "account",
        related_id: a.account_id.to_string(),
    }
}
