//! The monthly reminder of follow-ups: once a Copenhagen month, each municipality with
//! follow-ups due this month or overdue gets one email per finance member and caseworker
//! with an address, with the counts (never a person) and where to see the list. The
//! daily jobs run call it; the outbox key (pool, municipality, month, address) makes each
//! reminder go once, however often and on whichever instance the job runs.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::due::{counts, DueCount};
use crate::app::reminders::copenhagen_today;
use crate::db::audit::{self, Actor, Change};
use crate::db::queries::{pools, questionnaire as rows};
use crate::db::DbConn;
use crate::domain::municipality::name_of;
use crate::error::{AppError, AppResult};
use crate::mail::{enqueue_once, Address, NewEmail};

/// What one run queued.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FollowUpReminderRun {
    /// Municipalities with follow-ups due or overdue.
    pub municipalities: usize,
    /// Emails queued now (those queued earlier this month are not queued again).
    pub queued: usize,
}

/// Queues this month's follow-up reminders of every pool with a question set, in one
/// transaction with one audit entry (none when nothing was queued).
pub fn queue_due(conn: &mut DbConn, now: NaiveDateTime) -> AppResult<FollowUpReminderRun> {
    let today = copenhagen_today(now);
    let mut plan = Vec::new();
    for pool in pools::list(conn)? {
        if rows::current_set(conn, pool.id)?.is_none() {
            continue;
        }
        for count in counts(conn, pool.id, today)? {
            if count.due_this_month + count.overdue > 0 {
                plan.push((pool.id, pool.name.clone(), count));
            }
        }
    }
    audit::write(conn, &Actor::system("questionnaire-reminders"), now, |c| {
        let mut run = FollowUpReminderRun {
            municipalities: plan.len(),
            queued: 0,
        };
        for (pool_id, pool_name, count) in &plan {
            for (name, email) in rows::reminder_recipients(c, count.municipality_code)? {
                let Ok(address) = Address::parse(&email) else {
                    tracing::warn!(
                        municipality = count.municipality_code,
                        "a follow-up reminder recipient has no valid address; skipped"
                    );
                    continue;
                };
                let bare = address.mailbox().email.to_string().to_lowercase();
                let key = format!(
                    "questionnaire-reminder/{pool_id}/{}/{:04}-{:02}/{bare}",
                    count.municipality_code,
                    today.year(),
                    today.month()
                );
                let mail = email_of(*pool_id, pool_name, count, today, &name, address);
                if enqueue_once(c, now, &mail, &key)?.is_some() {
                    run.queued += 1;
                }
            }
        }
        let changes = if run.queued > 0 {
            vec![
                Change::new("questionnaire.reminders", "job", "questionnaire-reminders")
                    .after(&run),
            ]
        } else {
            Vec::new()
        };
        Ok::<_, AppError>((run, changes))
    })
}

/// The reminder, in Danish as the agency's letters are.
fn email_of(
    pool_id: i64,
    pool_name: &str,
    count: &DueCount,
    today: NaiveDate,
    name: &str,
    to: Address,
) -> NewEmail {
    let month = tilskud_templates::fmt::month_long(
        tilskud_templates::i18n::Lang::Da,
        today.year(),
        today.month(),
    );
    let municipality = name_of(i64::from(count.municipality_code));
    let path = format!("/pools/{pool_id}/questionnaire/{}", count.municipality_code);
    let body = format!(
        "Kære {name}\n\n\
         Dette er den månedlige påmindelse om spørgerammen i puljen \"{pool_name}\" for \
         {municipality} Kommune.\n\n\
         I {month} skal {due} borgere besvare spørgerammen igen (opfølgning et år efter \
         første samtale), og {overdue} opfølgninger er overskredet.\n\n\
         Log ind i tilskud, og se listen over borgerne under spørgerammen ({path}).\n\n\
         Med venlig hilsen\n\
         Styrelsen for Arbejdsmarked og Rekruttering\n",
        due = count.due_this_month,
        overdue = count.overdue,
    );
    NewEmail {
        kind: "questionnaire-reminder",
        to,
        subject: format!("Spørgeramme: opfølgninger i {month} ({municipality} Kommune)"),
        body_text: body,
        body_html: None,
        related_entity: "municipality",
        related_id: count.municipality_code.to_string(),
    }
}

/// The job's name in `scheduled_jobs`.
pub const JOB: &str = "questionnaire-reminders";

/// Runs today's check if no instance has yet (`app::reminders::run_daily`): queues what
/// this month still lacks. `None` when the day was done or another instance holds it.
pub fn run_if_due(conn: &mut DbConn, now: NaiveDateTime) -> AppResult<Option<FollowUpReminderRun>> {
    crate::app::reminders::run_daily(conn, JOB, now, queue_due, |run| {
        format!(
            "{} municipalities, {} emails queued",
            run.municipalities, run.queued
        )
    })
}
