//! The command line: `tilskud allocate` (what-if, no database), `tilskud users add` and
//! `tilskud import target-group` against the running app's database.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output};

use crate::helpers::*;
use crate::spawn_app;

/// Runs `tilskud` in an empty directory (no stray tilskud.toml), with the given database.
fn tilskud(args: &[&str], database_url: Option<&str>, password: Option<&str>) -> Output {
    let dir = tempfile::tempdir().expect("dir");
    let mut env = Vec::new();
    if let Some(pw) = password {
        env.push(("TILSKUD_PASSWORD", pw));
    }
    tilskud_in(dir.path(), args, database_url, &env)
}

/// Runs `tilskud` in `dir`, which is also its data folder, with the given database (or,
/// without one, the data folder's own SQLite database) and further variables.
pub(crate) fn tilskud_in(
    dir: &Path,
    args: &[&str],
    database_url: Option<&str>,
    env: &[(&str, &str)],
) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tilskud"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("TILSKUD_CONFIG")
        .env_remove("TILSKUD_PASSWORD")
        .env_remove("TILSKUD_DATABASE_URL")
        .env_remove("DATABASE_URL")
        .env("TILSKUD_LOG", "warn")
        .env("TILSKUD_DATA_DIR", dir);
    if let Some(url) = database_url {
        cmd.env("TILSKUD_DATABASE_URL", url);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.stdin(std::process::Stdio::null())
        .output()
        .expect("run tilskud")
}

pub(crate) fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn csv_file(dir: &Path, name: &str, content: &str) -> String {
    let path = dir.join(name);
    let mut f = std::fs::File::create(&path).expect("create");
    f.write_all(content.as_bytes()).expect("write");
    path.to_str().expect("utf-8 path").to_string()
}

/// The demo's 89 applicants as a counts file.
fn demo_counts() -> String {
    let mut s = String::from("municipality_code,target_group\n");
    for a in tilskud::demo::illustrative_counts() {
        s.push_str(&format!("{},{}\n", a.code.as_u16(), a.target_group));
    }
    s
}

#[test]
fn allocate_prints_a_csv_whose_amounts_add_up_to_the_pool() {
    let dir = tempfile::tempdir().expect("dir");
    let counts = csv_file(dir.path(), "counts.csv", &demo_counts());
    let out = tilskud(
        &["allocate", "--amount", "257000000", "--counts", &counts],
        None,
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let rows = assert_allocation_csv(&stdout, 89, 257_000_000);
    // The same figures as the approved demo allocation in the app.
    assert!(rows
        .iter()
        .any(|l| l.starts_with("101,København,3100,") && l.ends_with(",31776484")));
    // Danish notation for the amount works too.
    let out = tilskud(
        &["allocate", "--amount", "257.000.000", "--counts", &counts],
        None,
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), stdout);
}

#[test]
fn allocate_names_every_bad_line_and_prints_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let counts = csv_file(
        dir.path(),
        "bad.csv",
        "municipality_code,target_group\n101,3100\n999,5\n615,320\n101,7\n751,-4\n461,mange\n",
    );
    let out = tilskud(
        &["allocate", "--amount", "257000000", "--counts", &counts],
        None,
        None,
    );
    assert_ne!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty(), "no half a result");
    let stderr = text(&out.stderr);
    for line in [3, 5, 6, 7] {
        assert!(stderr.contains(&format!("line {line}:")), "{stderr}");
    }
    for good in [1, 2, 4] {
        assert!(!stderr.contains(&format!("line {good}:")), "{stderr}");
    }
    assert!(stderr.contains("999") && stderr.contains("-4") && stderr.contains("mange"));
}

#[test]
fn allocate_refuses_an_amount_it_cannot_read() {
    let dir = tempfile::tempdir().expect("dir");
    let counts = csv_file(dir.path(), "counts.csv", &demo_counts());
    for amount in ["abc", "1.5", "-100", "0", "100,50"] {
        let flag = format!("--amount={amount}");
        let out = tilskud(&["allocate", &flag, "--counts", &counts], None, None);
        assert_ne!(out.status.code(), Some(0), "--amount {amount}");
        assert!(out.stdout.is_empty());
        let stderr = text(&out.stderr);
        assert!(stderr.contains("--amount"), "--amount {amount}: {stderr}");
    }
    let out = tilskud(
        &[
            "allocate",
            "--amount",
            "100",
            "--counts",
            "/no/such/file.csv",
        ],
        None,
        None,
    );
    assert_ne!(out.status.code(), Some(0));
    assert!(text(&out.stderr).contains("/no/such/file.csv"));
}

#[test]
fn users_add_creates_a_user_who_can_log_in() {
    let app = spawn_app!();
    let pw = "et-langt-kodeord-fra-cli";
    let out = tilskud(
        &[
            "users",
            "add",
            "--username",
            "Vejle.Finance",
            "--role",
            "finance",
            "--name",
            "Lise Vejle",
            "--municipality",
            "630",
        ],
        Some(&app.database_url),
        Some(pw),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("vejle.finance"));
    let s = app.login(("vejle.finance", pw));
    let (_, me) = s.get_json("/api/v1/me");
    assert_eq!(me["role"], "finance");
    assert_eq!(me["municipality_code"], 630);
    assert_eq!(me["display_name"], "Lise Vejle");
    // Recorded as done from the command line.
    let officer = app.login(OFFICER);
    let (_, log) = officer.get_json("/api/v1/audit?entity=user");
    let id = me["id"].to_string();
    let entry = log
        .as_array()
        .expect("log")
        .iter()
        .find(|e| e["action"] == "user.create" && e["entity_id"] == id.as_str())
        .expect("user.create entry");
    assert_eq!(entry["actor"], "cli");
}

#[test]
fn users_add_refuses_bad_input_and_creates_nobody() {
    let app = spawn_app!();
    let url = Some(app.database_url.as_str());
    let cases: &[(&[&str], Option<&str>, &str)] = &[
        (
            &[
                "--username",
                "x.finance",
                "--role",
                "finance",
                "--name",
                "X",
            ],
            Some("et-langt-kodeord"),
            "municipality_code",
        ),
        (
            &["--username", "kort", "--role", "officer", "--name", "Kort"],
            Some("kort"),
            "password",
        ),
        (
            &[
                "--username",
                "officer",
                "--role",
                "officer",
                "--name",
                "Igen",
            ],
            Some("et-langt-kodeord"),
            "username",
        ),
        (
            &["--username", "chef", "--role", "boss", "--name", "Chef"],
            Some("et-langt-kodeord"),
            "role",
        ),
    ];
    for (args, pw, field) in cases {
        let mut all = vec!["users", "add"];
        all.extend_from_slice(args);
        let out = tilskud(&all, url, *pw);
        assert_ne!(out.status.code(), Some(0), "{args:?}");
        let stderr = text(&out.stderr);
        assert!(stderr.contains(&format!("{field}:")), "{args:?}: {stderr}");
    }
    let officer = app.login(OFFICER);
    let (_, users) = officer.get_json("/api/v1/users");
    assert_eq!(
        users.as_array().map(Vec::len),
        Some(tilskud::demo::USERS.len()),
        "nobody added"
    );
}

#[test]
fn import_target_group_replaces_a_pools_counts() {
    let app = spawn_app!();
    let dir = tempfile::tempdir().expect("dir");
    let file = csv_file(
        dir.path(),
        "maalgruppe.csv",
        "municipality_code;target_group\n101;3.210\n615;322\n751;1460\n",
    );
    let out = tilskud(
        &["import", "target-group", "--pool", "1", &file],
        Some(&app.database_url),
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("imported 3"), "{stdout}");
    assert!(stdout.contains("4992"), "the total: {stdout}");
    let s = app.login(OFFICER);
    let (_, rows) = s.get_json("/api/v1/pools/1/target-groups");
    let count = |code: i64| {
        rows.as_array()
            .expect("rows")
            .iter()
            .find(|r| r["municipality_code"].as_i64() == Some(code))
            .and_then(|r| r["target_group"].as_i64())
    };
    assert_eq!(count(101), Some(3210));
    assert_eq!(count(615), Some(322));
    assert_eq!(count(751), Some(1460));
    assert_eq!(count(461), None, "not in the file, so no longer counted");
}

#[test]
fn import_target_group_refuses_a_bad_file_or_an_unknown_pool() {
    let app = spawn_app!();
    let s = app.login(OFFICER);
    let (_, before) = s.get_json("/api/v1/pools/1/target-groups");
    let dir = tempfile::tempdir().expect("dir");
    let bad = csv_file(
        dir.path(),
        "bad.csv",
        "municipality_code,target_group\n615,322\n999,1\n",
    );
    let out = tilskud(
        &["import", "target-group", "--pool", "1", &bad],
        Some(&app.database_url),
        None,
    );
    assert_ne!(out.status.code(), Some(0));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("line 3:"), "{stderr}");
    assert!(stderr.contains("nothing was imported"), "{stderr}");
    let good = csv_file(
        dir.path(),
        "good.csv",
        "municipality_code,target_group\n615,322\n",
    );
    let out = tilskud(
        &["import", "target-group", "--pool", "42", &good],
        Some(&app.database_url),
        None,
    );
    assert_ne!(out.status.code(), Some(0));
    assert!(text(&out.stderr).contains("no pool 42"));
    let (_, after) = s.get_json("/api/v1/pools/1/target-groups");
    assert_eq!(before, after, "nothing changed");
}
