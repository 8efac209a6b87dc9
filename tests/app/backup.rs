//! Backup and restore drills with the real binary: a copy taken while the server writes
//! is consistent and checks itself; restored into a new folder, its audit log verifies
//! and its row counts are those of the moment it was taken. On PostgreSQL the same
//! with `pg_dump -Fc`, `pg_restore` and `tilskud backup --check`.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use reqwest::Method;
use serde_json::json;
use tilskud::db::audit::{verify, Anchor};
use tilskud::db::schema::{audit_log, pools};
use tilskud::db::DbConn;

use crate::cli::{text, tilskud_in};
use crate::helpers::*;
use crate::spawn_app;

/// Creates pools through the API, one transaction each with its audit entry, until
/// stopped.
struct Writer {
    stop: Arc<AtomicBool>,
    written: Arc<AtomicUsize>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Writer {
    fn start(s: Session) -> Writer {
        let stop = Arc::new(AtomicBool::new(false));
        let written = Arc::new(AtomicUsize::new(0));
        let (st, wr) = (stop.clone(), written.clone());
        let thread = std::thread::spawn(move || {
            let mut i = 0;
            while !st.load(Ordering::SeqCst) {
                i += 1;
                let (status, body) = s.send_json(
                    Method::POST,
                    "/api/v1/pools",
                    &json!({
                        "name": format!("Øvelse {i}"),
                        "finance_account": "FL § 17.46.64.20",
                        "amount": "1.000.000",
                        "period_start": "2019-12-01",
                        "period_end": "2021-12-31",
                        "deadline": "2019-10-01T12:00",
                        "auditor_threshold": "500.000",
                        "rates": [{ "share_percent": "100", "earliest": "" }],
                    }),
                );
                assert_eq!(status, 201, "{body}");
                wr.fetch_add(1, Ordering::SeqCst);
            }
        });
        Writer {
            stop,
            written,
            thread: Some(thread),
        }
    }

    fn written(&self) -> usize {
        self.written.load(Ordering::SeqCst)
    }

    /// Waits until `n` more pools are written (the writer is still at work).
    fn wait_for(&self, n: usize) {
        let target = self.written() + n;
        for _ in 0..600 {
            if self.written() >= target {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("the writer stalled at {}", self.written());
    }

    fn stop(mut self) -> usize {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            t.join().expect("the writer's writes all succeeded");
        }
        self.written()
    }
}

/// Pools, and pools whose creation the audit log records: written together in one
/// transaction, so a consistent copy has as many more of one as of the other.
fn pools_and_creations(conn: &mut DbConn) -> (i64, i64) {
    let p: i64 = pools::table.count().get_result(conn).expect("pools");
    let c: i64 = audit_log::table
        .filter(audit_log::action.eq("pool.create"))
        .count()
        .get_result(conn)
        .expect("entries");
    (p, c)
}

/// The `rows: table=n …` line of a backup's or a check's report.
fn reported_counts(stdout: &str) -> BTreeMap<String, i64> {
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("rows: "))
        .unwrap_or_else(|| panic!("a rows line in {stdout}"));
    line.split_whitespace()
        .map(|kv| {
            let (k, v) = kv.split_once('=').expect("table=n");
            (k.to_string(), v.parse().expect("a count"))
        })
        .collect()
}

fn counts_of(conn: &mut DbConn) -> BTreeMap<String, i64> {
    tilskud::db::backup::counts(conn)
        .expect("counts")
        .into_iter()
        .map(|(t, n)| (t.to_string(), n))
        .collect()
}

fn reported_anchor(stdout: &str, prefix: &str) -> Anchor {
    stdout
        .lines()
        .find_map(|l| l.strip_prefix(prefix))
        .unwrap_or_else(|| panic!("{prefix} in {stdout}"))
        .parse()
        .expect("SEQ:HASH")
}

fn sqlite_conn(path: &Path) -> DbConn {
    tilskud::db::connect(&tilskud::db::DbUrl::Sqlite(path.display().to_string())).expect("open")
}

#[test]
fn a_backup_taken_during_writes_restores_into_a_new_folder_intact() {
    let app = spawn_app!();
    if app.database_url.starts_with("postgres") {
        eprintln!("SKIPPED: the SQLite drill (the PostgreSQL one is below)");
        return;
    }
    let (base_pools, base_creations) = pools_and_creations(&mut app.db());
    let writer = Writer::start(app.login(OFFICER));
    writer.wait_for(5);

    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("tilskud-drill.sqlite");
    let file_arg = file.to_str().expect("utf-8 path");
    let before = writer.written();
    let out = tilskud_in(
        dir.path(),
        &["backup", file_arg],
        Some(&app.database_url),
        &[],
    );
    let during = writer.written() - before;
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("integrity: ok"), "{stdout}");
    assert!(stdout.contains("migrations: "), "{stdout}");
    assert!(stdout.contains("audit log intact"), "{stdout}");
    assert!(stdout.contains("backed up"), "{stdout}");
    let at_backup = reported_counts(&stdout);
    let anchor = reported_anchor(&stdout, "audit anchor of the backup: ");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).expect("file").permissions().mode();
        assert_eq!(mode & 0o077, 0, "readable by its owner only: {mode:o}");
    }
    writer.wait_for(5);
    let total = writer.stop();
    eprintln!("{during} pools written while the backup ran, {total} in all");

    // The backup file checks on its own, without being restored.
    let out = tilskud_in(dir.path(), &["backup", "--check", file_arg], None, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert_eq!(reported_counts(&text(&out.stdout)), at_backup);

    // Restored into a new, empty folder.
    let fresh = tempfile::tempdir().expect("dir");
    let out = tilskud_in(fresh.path(), &["restore", file_arg], None, &[]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("restored"), "{stdout}");
    let out = tilskud_in(
        fresh.path(),
        &["audit", "verify", "--anchor", &anchor.to_string()],
        None,
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("intact"));

    let mut restored = sqlite_conn(&fresh.path().join("tilskud.db"));
    assert_eq!(
        counts_of(&mut restored),
        at_backup,
        "the counts at backup time"
    );
    let (p, c) = pools_and_creations(&mut restored);
    assert!(p > base_pools, "pools written before the backup are in it");
    assert_eq!(
        p - base_pools,
        c - base_creations,
        "no pool without its entry"
    );
    let (live, _) = pools_and_creations(&mut app.db());
    assert!(live > p, "the writes went on after the copy");
    drop(restored);

    // Neither a backup nor a restore overwrites what is there.
    let out = tilskud_in(
        dir.path(),
        &["backup", file_arg],
        Some(&app.database_url),
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("exists already"));
    let out = tilskud_in(fresh.path(), &["restore", file_arg], None, &[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("already holds") && stderr.contains("--force"),
        "{stderr}"
    );
    let out = tilskud_in(fresh.path(), &["restore", "--force", file_arg], None, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn a_restore_checks_the_file_first_and_changes_nothing_when_it_fails() {
    let app = spawn_app!();
    if app.database_url.starts_with("postgres") {
        eprintln!("SKIPPED: restoring an SQLite backup");
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("b.sqlite");
    let file_arg = file.to_str().expect("utf-8 path");
    let out = tilskud_in(
        dir.path(),
        &["backup", file_arg],
        Some(&app.database_url),
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    // A copy whose audit log was changed afterwards.
    let tampered = dir.path().join("tampered.sqlite");
    std::fs::copy(&file, &tampered).expect("copy");
    {
        let mut conn = sqlite_conn(&tampered);
        conn.batch_execute(
            "DROP TRIGGER audit_log_no_update; \
             UPDATE audit_log SET actor = 'someone else' WHERE seq = 3; \
             PRAGMA journal_mode = DELETE;",
        )
        .expect("tamper");
    }
    let target = tempfile::tempdir().expect("dir");
    let out = tilskud_in(
        target.path(),
        &["restore", tampered.to_str().expect("utf-8")],
        None,
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("audit: TAMPERED"), "{stdout}");
    assert!(text(&out.stderr).contains("RESTORE REFUSED"));
    assert!(
        !target.path().join("tilskud.db").exists(),
        "nothing restored"
    );
    assert!(!target.path().join("tilskud.db.restoring").exists());

    // A file that is no database at all.
    let junk = dir.path().join("junk.sqlite");
    std::fs::write(&junk, "dette er ikke en database").expect("write");
    let out = tilskud_in(
        target.path(),
        &["restore", junk.to_str().expect("utf-8")],
        None,
        &[],
    );
    assert_ne!(out.status.code(), Some(0));
    assert!(text(&out.stderr).contains("nothing was restored"));
    assert!(!target.path().join("tilskud.db").exists());

    // The good one restores, and a server starts on it.
    let out = tilskud_in(target.path(), &["restore", file_arg], None, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let restored = target.path().join("tilskud.db");
    let url = format!("sqlite://{}", restored.display());
    let beside = TestApp::spawn_with(|c| c.database_url = Some(url.clone())).expect("app");
    beside.login(OFFICER);
    assert!(verify(&mut sqlite_conn(&restored))
        .expect("verify")
        .is_intact());
}

fn pg_tool(name: &str) -> bool {
    std::process::Command::new(name)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn on_postgresql_backup_points_to_pg_dump_and_checks_a_restored_dump() {
    let app = spawn_app!();
    if !app.database_url.starts_with("postgres") {
        eprintln!("SKIPPED: the PostgreSQL drill runs against PostgreSQL");
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("tilskud.dump");
    let file_arg = file.to_str().expect("utf-8 path");
    for args in [&["backup", file_arg][..], &["restore", file_arg][..]] {
        let out = tilskud_in(dir.path(), args, Some(&app.database_url), &[]);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains("pg_dump -Fc") && stderr.contains("backup --check"),
            "{stderr}"
        );
    }
    if !(pg_tool("pg_dump") && pg_tool("pg_restore")) {
        eprintln!("SKIPPED: pg_dump and pg_restore are not installed");
        return;
    }
    let (base_pools, base_creations) = pools_and_creations(&mut app.db());
    let writer = Writer::start(app.login(OFFICER));
    writer.wait_for(5);
    let out = std::process::Command::new("pg_dump")
        .args(["-Fc", "-f", file_arg, &app.database_url])
        .output()
        .expect("pg_dump");
    assert!(out.status.success(), "{}", text(&out.stderr));
    writer.wait_for(3);
    writer.stop();

    let copy = ScratchDb::create().expect("a new database");
    let out = std::process::Command::new("pg_restore")
        .args(["--no-owner", "-d", &copy.url, file_arg])
        .output()
        .expect("pg_restore");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = tilskud_in(dir.path(), &["backup", "--check"], Some(&copy.url), &[]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("audit log intact"), "{stdout}");
    assert!(stdout.contains("all checks passed"), "{stdout}");
    let mut restored = copy.connect();
    assert_eq!(counts_of(&mut restored), reported_counts(&stdout));
    let (p, c) = pools_and_creations(&mut restored);
    assert!(p > base_pools);
    assert_eq!(
        p - base_pools,
        c - base_creations,
        "no pool without its entry"
    );
    let (live, _) = pools_and_creations(&mut app.db());
    assert!(live > p, "the writes went on after the dump");
}
