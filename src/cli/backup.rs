//! `tilskud backup FILE` and `tilskud restore FILE` for the embedded SQLite database;
//! `tilskud backup --check` for any database, e.g. a PostgreSQL one restored from
//! `pg_dump` (docs/operations.md, "Backup and restore").

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;

use super::CliResult;
use crate::config::Config;
use crate::db::audit::Anchor;
use crate::db::backup::{self, Check};
use crate::db::{self, DbUrl};

#[derive(Args, Debug)]
pub struct BackupArgs {
    /// Where to write the copy; it must not exist yet (a backup never overwrites one).
    /// With --check: the backup file to check.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
    /// Write nothing: check FILE, or without FILE the configured database (e.g. a copy
    /// restored from pg_dump): integrity, migrations, audit chain, row counts.
    #[arg(long)]
    check: bool,
    /// The audit log must also reach this entry with this hash (SEQ:HASH, as printed by
    /// `tilskud audit anchor`).
    #[arg(long, value_name = "SEQ:HASH")]
    anchor: Vec<Anchor>,
}

#[derive(Args, Debug)]
pub struct RestoreArgs {
    /// The backup to restore (written by `tilskud backup`).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Replace a database that already holds data (stop the server first).
    #[arg(long)]
    force: bool,
}

const PG_BACKUP: &str = "on PostgreSQL, back up with `pg_dump -Fc` and restore with \
    `pg_restore` into a new database, then run `tilskud backup --check` against the restored \
    database (docs/operations.md, \"Backup and restore\")";

fn sqlite_path(url: &DbUrl) -> Option<PathBuf> {
    match url {
        DbUrl::Sqlite(p) => Some(PathBuf::from(p)),
        DbUrl::Postgres(_) => None,
    }
}

/// `path` with `suffix` added to its file name (a sibling, so a rename is atomic).
fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

fn remove_if_there(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Backups hold personal data: readable by the owner only.
fn owner_only(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

fn sync(path: &Path) -> std::io::Result<()> {
    std::fs::File::open(path)?.sync_all()
}

pub fn backup(args: &BackupArgs) -> CliResult {
    let config = Config::load()?;
    let url = DbUrl::parse(&config.database_url())?;
    if args.check {
        let (what, mut conn) = match &args.file {
            Some(file) => {
                if !file.is_file() {
                    return Err(format!("{}: no such file", file.display()).into());
                }
                (file.display().to_string(), backup::open_file(file, true)?)
            }
            None => {
                if let Some(p) = sqlite_path(&url) {
                    if !p.is_file() {
                        return Err(format!("{}: no database there", p.display()).into());
                    }
                }
                (
                    format!("the configured {} database", url.backend_name()),
                    db::connect(&url)?,
                )
            }
        };
        let check = backup::check(&mut conn, &args.anchor)?;
        print_check(&check);
        return Ok(if check.passed() {
            println!("{what}: all checks passed");
            ExitCode::SUCCESS
        } else {
            eprintln!("{what}: CHECK FAILED");
            ExitCode::from(2)
        });
    }
    let Some(file) = &args.file else {
        return Err("name the file to write: `tilskud backup FILE` (or `--check`)".into());
    };
    let Some(source) = sqlite_path(&url) else {
        return Err(format!("`tilskud backup` copies the SQLite database; {PG_BACKUP}").into());
    };
    if !source.is_file() {
        return Err(format!("{}: no database there to back up", source.display()).into());
    }
    if file.exists() {
        return Err(format!(
            "{} exists already; a backup never overwrites one: choose a new name",
            file.display()
        )
        .into());
    }
    let partial = beside(file, ".partial");
    remove_if_there(&partial)?;
    let started = Instant::now();
    backup::vacuum_into(&source, &partial)?;
    owner_only(&partial)?;
    let copied = started.elapsed();
    let check = {
        let mut copy = backup::open_file(&partial, true)?;
        backup::check(&mut copy, &args.anchor)?
    };
    print_check(&check);
    if !check.passed() {
        remove_if_there(&partial)?;
        eprintln!(
            "BACKUP FAILED its check: nothing was written to {}",
            file.display()
        );
        return Ok(ExitCode::from(2));
    }
    sync(&partial)?;
    std::fs::rename(&partial, file)?;
    let size = std::fs::metadata(file)?.len();
    println!(
        "backed up {} to {} ({:.1} MB) in {:.1} s, checked in {:.1} s",
        source.display(),
        file.display(),
        size as f64 / 1e6,
        copied.as_secs_f64(),
        (started.elapsed() - copied).as_secs_f64(),
    );
    if let Some(head) = check.head() {
        println!("audit anchor of the backup: {head}");
    }
    Ok(ExitCode::SUCCESS)
}

pub fn restore(args: &RestoreArgs) -> CliResult {
    let config = Config::load()?;
    let url = DbUrl::parse(&config.database_url())?;
    let Some(target) = sqlite_path(&url) else {
        return Err(format!("`tilskud restore` restores an SQLite backup; {PG_BACKUP}").into());
    };
    if !args.file.is_file() {
        return Err(format!("{}: no such file", args.file.display()).into());
    }
    if target.is_file() && !args.force {
        let mut conn = backup::open_file(&target, true)?;
        if backup::has_tables(&mut conn)? {
            let entries = backup::counts(&mut conn)
                .ok()
                .and_then(|c| c.into_iter().find(|(t, _)| *t == "audit_log"))
                .map(|(_, n)| format!(" ({n} audit entries)"))
                .unwrap_or_default();
            return Err(format!(
                "{} already holds a database{entries}; nothing was changed. To replace it, \
                 stop the server and run again with --force",
                target.display()
            )
            .into());
        }
    }
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    // Checked where it will live, as the copy that becomes the database: the file given
    // is only read.
    let restoring = beside(&target, ".restoring");
    remove_if_there(&restoring)?;
    std::fs::copy(&args.file, &restoring)?;
    owner_only(&restoring)?;
    let checked = (|| -> Result<(Check, usize), Box<dyn std::error::Error>> {
        let mut conn = backup::open_file(&restoring, false)?;
        let state = db::migration_state(&mut conn)?;
        if !state.unknown.is_empty() {
            return Ok((backup::check(&mut conn, &[])?, 0));
        }
        // An older backup: brought to this build's schema now, as the server would.
        let applied = if state.pending.is_empty() {
            0
        } else {
            db::migrate(&mut conn)?
        };
        Ok((backup::check(&mut conn, &[])?, applied))
    })();
    let (check, migrated) = match checked {
        Ok(c) => c,
        Err(e) => {
            remove_if_there(&restoring)?;
            return Err(format!("{}: {e}; nothing was restored", args.file.display()).into());
        }
    };
    print_check(&check);
    if !check.passed() {
        remove_if_there(&restoring)?;
        eprintln!(
            "RESTORE REFUSED: {} did not pass its check; {} was not changed",
            args.file.display(),
            target.display()
        );
        return Ok(ExitCode::from(2));
    }
    sync(&restoring)?;
    // The old database's write-ahead log must go first: left beside the new file it
    // would be replayed into it.
    for suffix in ["-wal", "-shm", "-journal"] {
        remove_if_there(&beside(&target, suffix))?;
    }
    std::fs::rename(&restoring, &target)?;
    if migrated > 0 {
        println!("applied {migrated} newer migration(s) to the restored copy");
    }
    println!("restored {} into {}", args.file.display(), target.display());
    if let Some(head) = check.head() {
        println!("audit anchor of the restored database: {head}");
    }
    Ok(ExitCode::SUCCESS)
}

fn print_check(check: &Check) {
    match &check.integrity {
        Some(_) if check.integrity_ok() => println!("integrity: ok"),
        Some(lines) => {
            println!("integrity: FAILED");
            for l in lines.iter().take(20) {
                println!("  {l}");
            }
        }
        None => {}
    }
    let m = &check.migrations;
    if !m.unknown.is_empty() {
        println!(
            "migrations: FAILED: {} made by a newer tilskud ({}); restore it with that version",
            m.unknown.len(),
            m.unknown.join(", ")
        );
    } else if !m.pending.is_empty() {
        println!(
            "migrations: {} applied, {} pending ({}): restoring applies them",
            m.applied,
            m.pending.len(),
            m.pending.join(", ")
        );
    } else {
        println!("migrations: {} applied, current", m.applied);
    }
    match &check.audit {
        Some(v) if v.is_intact() => println!("audit: {}", v.describe()),
        Some(v) => println!("audit: TAMPERED: {}", v.describe()),
        None => println!("audit: not checked (the schema is not this version's)"),
    }
    if !check.counts.is_empty() {
        let counts: Vec<String> = check
            .counts
            .iter()
            .map(|(t, n)| format!("{t}={n}"))
            .collect();
        println!("rows: {}", counts.join(" "));
    }
}
