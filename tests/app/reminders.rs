//! Reminders of account deadlines (issue 12, `docs/accounts.md`): the reminder whose day
//! has come is queued once per account, offset and address, to the contact person and the
//! municipality's finance staff; a day's run is claimed by one instance; and with two
//! instances on one database each reminder reaches a real SMTP server exactly once.

use std::collections::BTreeSet;
use std::time::Duration;

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use tilskud::app::reminders::{self, JOB};
use tilskud::db::queries::{jobs, reminders as rows};
use tilskud::db::schema::{outbox, users};
use tilskud::db::DbConn;

use crate::helpers::*;
use crate::mail::{smtp_config, wait_for, SmtpServer};
use crate::spawn_app;

/// Noon in Copenhagen on `day`, as UTC.
fn noon(day: NaiveDate) -> NaiveDateTime {
    let local = day.and_hms_opt(12, 0, 0).expect("noon");
    tilskud::domain::time::local_to_utc(local)
        .expect("exists")
        .naive_utc()
}

/// The (address, subject) of each reminder queued for `account`.
fn reminders_of(conn: &mut DbConn, account: i64) -> Vec<(String, String)> {
    outbox::table
        .filter(outbox::kind.eq("account-reminder"))
        .filter(outbox::related_id.eq(account.to_string()))
        .order(outbox::id.asc())
        .select((outbox::to_addr, outbox::subject))
        .load(conn)
        .expect("outbox")
}

#[test]
fn the_due_reminder_is_queued_once_per_account_offset_and_address() {
    let app = spawn_app!();
    let mut conn = app.db();
    let open = rows::open_accounts(&mut conn).expect("open accounts");
    let account = open
        .iter()
        .find(|a| a.municipality_code == 615)
        .expect("Horsens has an open account")
        .clone();
    let finance: Vec<String> = users::table
        .filter(users::municipality_code.eq(615))
        .filter(users::role.eq("finance"))
        .select(users::email)
        .load(&mut conn)
        .expect("finance staff");
    assert!(!finance.is_empty() && finance.iter().all(|e| !e.is_empty()));
    let d = account.deadline;

    // 15 days before: nothing due yet for this account.
    reminders::queue_due(&mut conn, noon(d - TimeDelta::days(15))).expect("run");
    assert!(reminders_of(&mut conn, account.account_id).is_empty());

    // 14 days before: the contact person and each finance user, once.
    reminders::queue_due(&mut conn, noon(d - TimeDelta::days(14))).expect("run");
    let first = reminders_of(&mut conn, account.account_id);
    assert_eq!(first.len(), 1 + finance.len(), "{first:?}");
    assert!(first
        .iter()
        .any(|(to, _)| to.contains(&account.contact_email)));
    for f in &finance {
        assert!(
            first.iter().any(|(to, _)| to.contains(f.as_str())),
            "{f} reminded"
        );
    }
    assert!(
        first.iter().all(|(_, s)| s.starts_with("Påmindelse")),
        "{first:?}"
    );

    // The same day again, and the days up to the deadline: the same offset, nothing new.
    let again = reminders::queue_due(&mut conn, noon(d - TimeDelta::days(14))).expect("run");
    assert_eq!(again.queued, 0);
    reminders::queue_due(&mut conn, noon(d - TimeDelta::days(1))).expect("run");
    assert_eq!(
        reminders_of(&mut conn, account.account_id).len(),
        first.len()
    );

    // On the day and a week after: one more each.
    reminders::queue_due(&mut conn, noon(d)).expect("run");
    assert_eq!(
        reminders_of(&mut conn, account.account_id).len(),
        2 * first.len()
    );
    reminders::queue_due(&mut conn, noon(d + TimeDelta::days(7))).expect("run");
    reminders::queue_due(&mut conn, noon(d + TimeDelta::days(30))).expect("run");
    let all = reminders_of(&mut conn, account.account_id);
    assert_eq!(all.len(), 3 * first.len());
    assert!(all[2 * first.len()..]
        .iter()
        .all(|(_, s)| s.starts_with("Overskredet frist")));

    // A deadline moved by an officer: its own reminders again.
    let moved = d + TimeDelta::days(60);
    diesel::update(tilskud::db::schema::accounts::table.find(account.account_id))
        .set(tilskud::db::schema::accounts::deadline.eq(moved))
        .execute(&mut conn)
        .expect("move");
    reminders::queue_due(&mut conn, noon(moved - TimeDelta::days(14))).expect("run");
    assert_eq!(
        reminders_of(&mut conn, account.account_id).len(),
        4 * first.len()
    );

    // Each run that queued something has its audit entry.
    let audited: i64 = tilskud::db::schema::audit_log::table
        .filter(tilskud::db::schema::audit_log::action.eq("account.reminders"))
        .count()
        .get_result(&mut conn)
        .expect("audit");
    assert!(audited >= 3, "{audited}");
}

#[test]
fn a_submitted_account_and_one_without_a_reminder_day_get_none() {
    let app = spawn_app!();
    let mut conn = app.db();
    let open = rows::open_accounts(&mut conn).expect("open accounts");
    assert!(open
        .iter()
        .all(|a| a.kind == "interim" || a.kind == "final"));
    // A pool whose offsets are only "after" reminds no one before the deadline.
    diesel::sql_query("UPDATE pool_account_settings SET reminder_offsets = '3'")
        .execute(&mut conn)
        .expect("offsets");
    let earliest = open.iter().map(|a| a.deadline).min().expect("an account");
    let run = reminders::queue_due(&mut conn, noon(earliest)).expect("run");
    assert_eq!(run.queued, 0, "{run:?}");
    // Accounts the municipality has submitted are not in the list at all.
    diesel::sql_query(
        "UPDATE accounts SET status = 'cancelled' WHERE status IN ('draft', 'sent_back')",
    )
    .execute(&mut conn)
    .expect("cancel");
    assert!(rows::open_accounts(&mut conn).expect("open").is_empty());
}

#[test]
fn a_day_is_run_by_one_instance_and_a_claim_left_behind_expires() {
    let app = spawn_app!();
    let mut conn = app.db();
    let day = NaiveDate::from_ymd_opt(2019, 3, 1).expect("day");
    let now = noon(day);
    assert!(reminders::run_if_due(&mut conn, now)
        .expect("run")
        .is_some());
    assert!(
        reminders::run_if_due(&mut conn, now)
            .expect("run")
            .is_none(),
        "done for the day"
    );
    let row = jobs::get(&mut conn, JOB).expect("read").expect("row");
    assert_eq!(row.done_on, Some(day));
    assert!(row.claim_token.is_none());
    // The next day: an instance claims it and stops before finishing.
    let next = now + TimeDelta::days(1);
    assert!(jobs::claim_day(
        &mut conn,
        JOB,
        day + TimeDelta::days(1),
        next,
        next + TimeDelta::minutes(10),
        "dead"
    )
    .expect("claim"));
    assert!(
        reminders::run_if_due(&mut conn, next)
            .expect("run")
            .is_none(),
        "held by the other"
    );
    let later = next + TimeDelta::minutes(11);
    assert!(
        reminders::run_if_due(&mut conn, later)
            .expect("run")
            .is_some(),
        "taken over"
    );
}

#[test]
fn two_instances_deliver_each_reminder_to_a_real_smtp_server_exactly_once() {
    let Some(smtp) = SmtpServer::start() else {
        return;
    };
    let with_jobs = |url: String| {
        let mail = smtp_config(url);
        move |c: &mut tilskud::config::Config| {
            mail(c);
            c.jobs_worker = true;
            c.jobs_poll_secs = 1;
        }
    };
    let Some(first) = TestApp::spawn_with(|_| {}) else {
        return;
    };
    let mut conn = first.db();
    let open = rows::open_accounts(&mut conn).expect("open accounts");
    let deadline = open.iter().map(|a| a.deadline).min().expect("an account");
    // Every open account's first reminder day has come, by the default offsets.
    first.clock.set(noon(deadline + TimeDelta::days(7)));
    let a = first.spawn_beside(with_jobs(smtp.url()));
    let b = first.spawn_beside(with_jobs(smtp.url()));
    let queued = || -> Vec<(String, String)> {
        let mut c = first.db();
        outbox::table
            .filter(outbox::kind.eq("account-reminder"))
            .select((outbox::related_id, outbox::to_addr))
            .load(&mut c)
            .expect("outbox")
    };
    assert!(
        wait_for(Duration::from_secs(20), || !queued().is_empty()),
        "no reminder queued"
    );
    let sent = |c: &mut DbConn| -> i64 {
        outbox::table
            .filter(outbox::kind.eq("account-reminder"))
            .filter(outbox::status.eq("sent"))
            .count()
            .get_result(c)
            .expect("count")
    };
    let expected = queued().len();
    assert!(
        wait_for(Duration::from_secs(20), || sent(&mut conn) as usize
            == expected
            && smtp.messages().len() == expected),
        "sent {} of {expected}, {} messages",
        sent(&mut conn),
        smtp.messages().len()
    );
    // Several more ticks of both instances: nothing queued or sent again.
    std::thread::sleep(Duration::from_millis(2500));
    let rows = queued();
    let distinct: BTreeSet<_> = rows.iter().cloned().collect();
    assert_eq!(
        rows.len(),
        distinct.len(),
        "one reminder per account and address"
    );
    assert_eq!(rows.len(), expected);
    assert_eq!(smtp.messages().len(), expected, "each delivered once");
    let job = jobs::get(&mut conn, JOB).expect("read").expect("row");
    assert_eq!(
        job.done_on,
        Some(reminders::copenhagen_today(noon(
            deadline + TimeDelta::days(7)
        )))
    );
    drop((a, b));
}

#[test]
fn a_users_email_is_checked_kept_on_the_form_and_given_in_the_api() {
    let app = spawn_app!();
    let officer = app.login(OFFICER);
    let form = [
        ("username", "aarhus.regnskab"),
        ("display_name", "Aarhus Økonomi"),
        ("role", "finance"),
        ("municipality_code", "751"),
        ("password", "a-long-enough-password"),
        ("email", "økonomi at aarhus"),
        ("active", "on"),
    ];
    let r = officer.post_form("/users", &form);
    assert_eq!(r.status(), 422);
    let page = r.text().expect("page");
    assert!(
        page.contains("href=\"#email\""),
        "the summary links the field"
    );
    assert!(page.contains("økonomi at aarhus"), "what was typed is kept");
    let mut good = form;
    good[5] = ("email", "Aarhus Økonomi <tilskud@aarhus.dk>");
    assert_eq!(officer.post_form("/users", &good).status(), 303);
    let (status, list) = officer.send_json(
        reqwest::Method::GET,
        "/api/v1/users",
        &serde_json::Value::Null,
    );
    assert_eq!(status, 200);
    let user = list
        .as_array()
        .and_then(|a| a.iter().find(|u| u["username"] == "aarhus.regnskab"))
        .expect("listed")
        .clone();
    assert_eq!(user["email"], "Aarhus Økonomi <tilskud@aarhus.dk>");
    let mut conn = app.db();
    let staff = rows::finance_emails(&mut conn, 751).expect("staff");
    assert!(staff.iter().any(|(_, e)| e.contains("tilskud@aarhus.dk")));
}
