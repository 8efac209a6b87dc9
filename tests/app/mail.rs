//! The outbox and its worker: an email is queued in the same transaction as the change
//! that causes it, claimed by exactly one worker, retried with back-off, given up after
//! the last attempt, released when its worker died, and delivered once to a real SMTP
//! server (aiosmtpd), also with two instances working the same database.

use std::collections::BTreeSet;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use chrono::{NaiveDateTime, TimeDelta, Timelike};
use tilskud::config::MailTransport;
use tilskud::db::audit::{self, Actor, Change};
use tilskud::db::DbConn;
use tilskud::mail::outbox::{self, Retry};
use tilskud::mail::{enqueue, Address, NewEmail, Status};

use crate::helpers::*;
use crate::spawn_app;

const SUBJECT: &str = "Tilsagn om tilskud – Ærø Kommune (æøå ÆØÅ)";
const BODY: &str = "Kære Ærø Kommune\n\nI får tilsagn om 1.234.567 kr. til \"Flere skal med\".\n\nMed venlig hilsen\nStyrelsen for Arbejdsmarked og Rekruttering – æøå";

fn email(n: u32) -> NewEmail {
    NewEmail {
        kind: "test-letter",
        to: Address::parse(&format!("Ærø Kommune <tilskud{n}@aeroe.dk>")).expect("address"),
        subject: SUBJECT.to_string(),
        body_text: BODY.to_string(),
        body_html: Some(format!("<p>Kære Ærø Kommune, brev nr. {n}</p>")),
        related_entity: "test",
        related_id: n.to_string(),
    }
}

/// Queues emails the way a caller does: inside an audited change.
fn queue(conn: &mut DbConn, now: NaiveDateTime, emails: &[NewEmail]) -> Vec<i64> {
    audit::write(conn, &Actor::system("test"), now, |c| {
        let ids = emails
            .iter()
            .map(|e| enqueue(c, now, e))
            .collect::<Result<Vec<_>, _>>()?;
        let change = Change::new("test.letters", "test", ids.len());
        Ok::<_, diesel::result::Error>((ids, vec![change]))
    })
    .expect("queued")
}

fn row(conn: &mut DbConn, id: i64) -> outbox::OutboxRow {
    outbox::get(conn, id).expect("read").expect("row exists")
}

/// Now, to the microsecond, as the databases store it (so times compare equal).
fn now() -> NaiveDateTime {
    let t = tilskud::app::clock::system_now();
    t.with_nanosecond(t.nanosecond() / 1000 * 1000)
        .expect("valid time")
}

#[test]
fn an_email_is_queued_only_when_its_change_commits() {
    let app = spawn_app!();
    let mut conn = app.db();
    let t = now();
    let failed: Result<(), diesel::result::Error> =
        audit::write(&mut conn, &Actor::system("test"), t, |c| {
            enqueue(c, t, &email(1))?;
            Err(diesel::result::Error::RollbackTransaction)
        });
    assert!(failed.is_err());
    assert!(outbox::page(&mut conn, None, None, 10)
        .expect("page")
        .is_empty());
    let ids = queue(&mut conn, t, &[email(2)]);
    let r = row(&mut conn, ids[0]);
    assert_eq!(r.status, "pending");
    assert_eq!(r.attempts, 0);
    assert_eq!(r.to_addr, "Ærø Kommune <tilskud2@aeroe.dk>");
}

#[test]
fn of_two_claims_on_one_row_only_one_wins() {
    let app = spawn_app!();
    let (mut a, mut b) = (app.db(), app.db());
    let t = now();
    let id = queue(&mut a, t, &[email(1)])[0];
    assert!(outbox::claim(&mut a, id, t, "worker-a").expect("claim"));
    assert!(!outbox::claim(&mut b, id, t, "worker-b").expect("claim"));
    assert!(outbox::claim_next(&mut b, t, "worker-b")
        .expect("claim")
        .is_none());
    let r = row(&mut a, id);
    assert_eq!(r.status, "sending");
    assert_eq!(r.claim_token.as_deref(), Some("worker-a"));
    assert_eq!(r.attempts, 1);
    // Only the owner records the result.
    assert!(!outbox::mark_sent(&mut b, id, "worker-b", t).expect("mark"));
    assert!(outbox::mark_sent(&mut a, id, "worker-a", t).expect("mark"));
    let r = row(&mut a, id);
    assert_eq!((r.status.as_str(), r.sent_at), ("sent", Some(t)));
    assert!(
        !outbox::claim(&mut b, id, t, "worker-b").expect("claim"),
        "sent stays sent"
    );
}

#[test]
fn a_failed_attempt_counts_and_waits_before_the_next() {
    let app = spawn_app!();
    let mut conn = app.db();
    let retry = Retry::default();
    let t = now();
    let id = queue(&mut conn, t, &[email(1)])[0];
    let claimed = outbox::claim_next(&mut conn, t, "w")
        .expect("claim")
        .expect("due");
    let status = outbox::mark_failed(&mut conn, &claimed, "w", t, "421 try later", false, &retry)
        .expect("mark");
    assert_eq!(status, Some(Status::Pending));
    let r = row(&mut conn, id);
    assert_eq!(r.attempts, 1);
    assert_eq!(r.next_attempt_at, t + TimeDelta::seconds(30));
    assert_eq!(r.last_error.as_deref(), Some("421 try later"));
    assert_eq!(r.claim_token, None);
    assert!(
        outbox::claim_next(&mut conn, t + TimeDelta::seconds(29), "w")
            .expect("claim")
            .is_none()
    );
    let again = outbox::claim_next(&mut conn, t + TimeDelta::seconds(30), "w2")
        .expect("claim")
        .expect("due again");
    assert_eq!(again.attempts, 2);
    outbox::mark_failed(&mut conn, &again, "w2", t, "421", false, &retry).expect("mark");
    assert_eq!(
        row(&mut conn, id).next_attempt_at,
        t + TimeDelta::seconds(60)
    );
}

#[test]
fn after_the_last_attempt_or_a_permanent_refusal_the_email_has_failed() {
    let app = spawn_app!();
    let mut conn = app.db();
    let retry = Retry::default();
    let start = now();
    let id = queue(&mut conn, start, &[email(1)])[0];
    let mut t = start;
    let mut attempts = 0;
    while let Some(r) = outbox::claim_next(&mut conn, t, "w").expect("claim") {
        attempts += 1;
        let status = outbox::mark_failed(&mut conn, &r, "w", t, "timeout", false, &retry)
            .expect("mark")
            .expect("owned");
        if status == Status::Failed {
            break;
        }
        t = row(&mut conn, id).next_attempt_at;
    }
    assert_eq!(attempts, retry.max_attempts);
    let r = row(&mut conn, id);
    assert_eq!((r.status.as_str(), r.attempts), ("failed", 10));
    assert!(
        t - start > TimeDelta::hours(3),
        "gave up after {}",
        t - start
    );
    assert!(outbox::next_due(&mut conn, t + TimeDelta::days(30))
        .expect("due")
        .is_none());

    // Refused for good (550 no such user): failed at once.
    let id = queue(&mut conn, t, &[email(2)])[0];
    let r = outbox::claim_next(&mut conn, t, "w")
        .expect("claim")
        .expect("due");
    assert_eq!(r.id, id);
    let status =
        outbox::mark_failed(&mut conn, &r, "w", t, "550 no such user", true, &retry).expect("mark");
    assert_eq!(status, Some(Status::Failed));
    assert_eq!(row(&mut conn, id).attempts, 1);
}

#[test]
fn a_claim_abandoned_by_a_dead_worker_is_released_and_sent_again() {
    let app = spawn_app!();
    let mut conn = app.db();
    let retry = Retry::default();
    let t = now();
    let id = queue(&mut conn, t, &[email(1)])[0];
    outbox::claim_next(&mut conn, t, "dead")
        .expect("claim")
        .expect("due");
    let later = t + TimeDelta::minutes(9);
    assert_eq!(
        outbox::reclaim_stale(&mut conn, later, &retry).expect("reclaim"),
        0
    );
    assert!(outbox::claim_next(&mut conn, later, "alive")
        .expect("claim")
        .is_none());
    let later = t + TimeDelta::minutes(11);
    assert_eq!(
        outbox::reclaim_stale(&mut conn, later, &retry).expect("reclaim"),
        1
    );
    assert_eq!(
        outbox::reclaim_stale(&mut conn, later, &retry).expect("reclaim"),
        0
    );
    let r = outbox::claim_next(&mut conn, later, "alive")
        .expect("claim")
        .expect("due again");
    assert_eq!((r.id, r.attempts), (id, 2));
    assert!(r
        .last_error
        .as_deref()
        .unwrap_or("")
        .contains("claim expired"));
    // The dead worker, if it was only slow, cannot record over the new claim.
    assert!(!outbox::mark_sent(&mut conn, id, "dead", later).expect("mark"));
    assert!(outbox::mark_sent(&mut conn, id, "alive", later).expect("mark"));
}

#[test]
fn officers_see_the_outbox_on_a_page_and_in_the_api() {
    let app = spawn_app!();
    let mut conn = app.db();
    let mut letter = email(2);
    letter.kind = "commitment-letter";
    queue(&mut conn, now(), &[letter]);
    let id = queue(&mut conn, now(), &[email(1)])[0];
    let officer = app.login(OFFICER);
    let (status, page) = officer.get_text("/outbox");
    assert_eq!(status, 200);
    assert!(page.contains("Udgående post"));
    // The kind in words, in the page's language.
    assert!(page.contains("<td>Tilsagnsbrev</td>"), "{page}");
    assert!(!page.contains("commitment-letter"), "{page}");
    assert!(page.contains(SUBJECT));
    assert!(page.contains("Venter"));
    assert!(page.contains("href=\"/outbox\""), "in the navigation");
    let (status, json) = officer.get_json("/api/v1/outbox?status=pending");
    assert_eq!(status, 200);
    assert_eq!(json[0]["id"], id);
    assert_eq!(json[0]["status"], "pending");
    assert_eq!(json[0]["to"], "Ærø Kommune <tilskud1@aeroe.dk>");
    let (status, json) = officer.get_json("/api/v1/outbox?status=sent");
    assert_eq!((status, json.as_array().map(Vec::len)), (200, Some(0)));
    let (status, json) = officer.get_json("/api/v1/outbox?status=lost");
    assert_eq!(status, 422, "{json}");
    let (status, _) = app.login(FINANCE).get_text("/outbox");
    assert_eq!(status, 403);
}

#[test]
fn mail_messages_exist_in_both_languages() {
    use tilskud_templates::i18n::{t, Lang};
    for lang in Lang::ALL {
        for key in [
            "nav-outbox",
            "outbox-status-invalid",
            "mail-address-empty",
            "mail-address-invalid",
        ] {
            assert_ne!(t(lang, key), key, "{key} in {lang:?}");
        }
    }
}

/// Waits until `done` holds, up to `limit`.
pub(crate) fn wait_for(limit: Duration, mut done: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    done()
}

fn files(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default()
}

/// The text part with line ends as written (a message on the wire uses CRLF).
pub(crate) fn plain_text(msg: &mail_parser::Message) -> String {
    msg.body_text(0)
        .map(|t| t.replace("\r\n", "\n").trim_end().to_string())
        .unwrap_or_default()
}

fn all_sent(conn: &mut DbConn, ids: &[i64]) -> bool {
    ids.iter().all(|id| {
        outbox::get(conn, *id)
            .ok()
            .flatten()
            .is_some_and(|r| r.status == "sent")
    })
}

#[test]
fn the_file_transport_writes_one_eml_per_email() {
    let mail_dir = tempfile::tempdir().expect("dir");
    let dir = mail_dir.path().to_path_buf();
    let Some(app) = TestApp::spawn_with(|c| {
        c.mail_worker = true;
        c.mail_transport = MailTransport::File;
        c.mail_dir = Some(dir);
        c.mail_poll_ms = 50;
    }) else {
        return;
    };
    let mut conn = app.db();
    let id = queue(&mut conn, now(), &[email(1)])[0];
    assert!(wait_for(Duration::from_secs(10), || all_sent(
        &mut conn,
        &[id]
    )));
    let written = files(mail_dir.path());
    assert_eq!(written.len(), 1, "{written:?}");
    assert!(written[0].ends_with(format!("outbox-{id}.eml")));
    let bytes = std::fs::read(&written[0]).expect("eml");
    let msg = mail_parser::MessageParser::default()
        .parse(&bytes)
        .expect("parses");
    assert_eq!(msg.subject(), Some(SUBJECT));
    assert_eq!(plain_text(&msg), BODY);
}

#[test]
fn the_log_transport_of_the_demo_marks_emails_sent() {
    let Some(app) = TestApp::spawn_with(|c| {
        c.mail_worker = true;
        c.mail_poll_ms = 50;
    }) else {
        return;
    };
    let mut conn = app.db();
    let ids = queue(&mut conn, now(), &[email(1), email(2)]);
    assert!(wait_for(Duration::from_secs(10), || all_sent(
        &mut conn, &ids
    )));
}

/// aiosmtpd on a free port, storing each message as a file in `dir/maildir/new`.
pub(crate) struct SmtpServer {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Whether `import aiosmtpd` works, after one `pip install` attempt if it did not.
fn aiosmtpd() -> &'static Result<(), String> {
    static READY: OnceLock<Result<(), String>> = OnceLock::new();
    READY.get_or_init(|| {
        let importable = || {
            Command::new("python3")
                .args(["-c", "import aiosmtpd"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        };
        if importable() {
            return Ok(());
        }
        let out = Command::new("python3")
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "aiosmtpd",
            ])
            .output()
            .map_err(|e| format!("cannot run python3: {e}"))?;
        if importable() {
            Ok(())
        } else {
            Err(format!(
                "`pip install aiosmtpd` failed: {}",
                String::from_utf8_lossy(&out.stderr)
                    .lines()
                    .last()
                    .unwrap_or("no output")
            ))
        }
    })
}

impl SmtpServer {
    /// Starts the server, or returns `None` (with the reason printed) outside CI when
    /// aiosmtpd cannot be had.
    pub(crate) fn start() -> Option<SmtpServer> {
        if let Err(reason) = aiosmtpd() {
            if in_ci() {
                panic!("aiosmtpd required in CI: {reason}");
            }
            eprintln!("SKIPPED: real SMTP test needs aiosmtpd ({reason})");
            return None;
        }
        let dir = tempfile::tempdir().expect("dir");
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            // Python's Maildir creates its folders only when the path does not exist yet.
            .arg(dir.path().join("maildir"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start aiosmtpd");
        let server = SmtpServer { child, port, dir };
        let up = wait_for(Duration::from_secs(10), || {
            TcpStream::connect(("127.0.0.1", port)).is_ok()
        });
        assert!(up, "aiosmtpd did not start listening on port {port}");
        Some(server)
    }

    pub(crate) fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub(crate) fn messages(&self) -> Vec<PathBuf> {
        files(&self.dir.path().join("maildir").join("new"))
    }
}

pub(crate) fn smtp_config(url: String) -> impl FnOnce(&mut tilskud::config::Config) {
    move |c| {
        c.mail_worker = true;
        c.mail_transport = MailTransport::Smtp;
        c.smtp_url = Some(url);
        c.mail_poll_ms = 50;
    }
}

#[test]
fn an_email_reaches_a_real_smtp_server_exactly_once() {
    let Some(smtp) = SmtpServer::start() else {
        return;
    };
    let Some(app) = TestApp::spawn_with(smtp_config(smtp.url())) else {
        return;
    };
    let mut conn = app.db();
    let id = queue(&mut conn, now(), &[email(1)])[0];
    assert!(
        wait_for(Duration::from_secs(10), || !smtp.messages().is_empty()),
        "no message arrived; outbox row: {:?}",
        outbox::get(&mut conn, id)
    );
    assert!(wait_for(Duration::from_secs(5), || all_sent(
        &mut conn,
        &[id]
    )));
    // A few more worker ticks: nothing is sent again.
    std::thread::sleep(Duration::from_millis(500));
    let messages = smtp.messages();
    assert_eq!(messages.len(), 1);
    let bytes = std::fs::read(&messages[0]).expect("message");
    let msg = mail_parser::MessageParser::default()
        .parse(&bytes)
        .expect("parses");
    assert_eq!(msg.subject(), Some(SUBJECT));
    assert_eq!(plain_text(&msg), BODY);
    assert!(msg
        .body_html(0)
        .is_some_and(|h| h.contains("Kære Ærø Kommune")));
    let to = msg.to().and_then(|a| a.first()).expect("To");
    assert_eq!(to.address(), Some("tilskud1@aeroe.dk"));
    assert_eq!(to.name(), Some("Ærø Kommune"));
    let rcpt = msg.header_raw("X-RcptTo").unwrap_or_default();
    assert!(
        rcpt.contains("tilskud1@aeroe.dk"),
        "envelope recipient: {rcpt}"
    );
    let from = msg.from().and_then(|a| a.first()).expect("From");
    assert_eq!(from.address(), Some("noreply@tilskud.invalid"));
    let message_id = msg.message_id().expect("Message-ID");
    assert!(
        message_id.starts_with(&format!("outbox-{id}.")),
        "{message_id}"
    );
    let r = row(&mut conn, id);
    assert_eq!((r.status.as_str(), r.attempts), ("sent", 1));
    assert!(r.sent_at.is_some());
}

#[test]
fn two_instances_on_one_database_deliver_each_email_exactly_once() {
    let Some(smtp) = SmtpServer::start() else {
        return;
    };
    let Some(first) = TestApp::spawn_with(smtp_config(smtp.url())) else {
        return;
    };
    let second = first.spawn_beside(smtp_config(smtp.url()));
    assert_eq!(first.database_url, second.database_url);
    let mut conn = first.db();
    let emails: Vec<NewEmail> = (1..=10).map(email).collect();
    let ids = queue(&mut conn, now(), &emails);
    assert!(
        wait_for(Duration::from_secs(20), || all_sent(&mut conn, &ids)),
        "not all sent: {:?}",
        outbox::page(&mut conn, None, None, 20)
    );
    std::thread::sleep(Duration::from_millis(500));
    let messages = smtp.messages();
    let message_ids: BTreeSet<String> = messages
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).expect("message");
            let msg = mail_parser::MessageParser::default()
                .parse(&bytes)
                .expect("parses");
            msg.message_id().expect("Message-ID").to_string()
        })
        .collect();
    assert_eq!(messages.len(), 10, "one message per email");
    assert_eq!(
        message_ids.len(),
        10,
        "no Message-ID twice: {message_ids:?}"
    );
    for id in &ids {
        assert_eq!(row(&mut conn, *id).attempts, 1, "email {id} claimed once");
    }
}
