//! `tilskud import monitoring`: a monthly person-level file, read where it lies (never
//! copied) and pseudonymised as it is read; `tilskud import target-group`: STAR's counts
//! per municipality into a pool; `tilskud import questionnaire`: the progression
//! questionnaire's answer file from the municipalities' IT vendors.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

use super::progress::Progress;
use super::CliResult;
use crate::app::target_groups;
use crate::db::audit::Actor;
use crate::domain::counts_csv;

#[derive(Subcommand, Debug)]
pub enum ImportCommand {
    /// Import a monthly person-level monitoring file (see docs/monitoring.md). CPR
    /// numbers are replaced by pseudonyms on the way in (TILSKUD_PSEUDONYM_KEY).
    Monitoring {
        /// The CSV file.
        file: PathBuf,
    },
    /// Replace a pool's target-group counts with a CSV `municipality_code,target_group`.
    TargetGroup {
        /// The pool's number (see the pool's page or `GET /api/v1/pools`).
        #[arg(long)]
        pool: i64,
        /// The CSV file.
        file: PathBuf,
    },
    /// Import a progression-questionnaire answer file (see docs/questionnaire.md), of any
    /// municipality, into the pool's current question set: all or nothing. CPR numbers
    /// are replaced by pseudonyms on the way in (TILSKUD_PSEUDONYM_KEY).
    Questionnaire {
        /// The pool's number; may be left out when there is only one pool.
        #[arg(long)]
        pool: Option<i64>,
        /// The CSV file.
        file: PathBuf,
    },
}

pub fn run(cmd: ImportCommand) -> CliResult {
    let (pool, file) = match cmd {
        ImportCommand::Monitoring { file } => return monitoring(&file),
        ImportCommand::Questionnaire { pool, file } => return questionnaire(pool, &file),
        ImportCommand::TargetGroup { pool, file } => (pool, file),
    };
    let bytes = std::fs::read(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let counts = match counts_csv::parse_counts(&bytes) {
        Ok(c) => c,
        Err(errors) => {
            for e in &errors {
                eprintln!("{}: {e}", file.display());
            }
            eprintln!("nothing was imported");
            return Ok(ExitCode::from(2));
        }
    };
    let (_, db) = super::open_pool()?;
    let mut conn = db.get()?;
    let progress = Progress::new("importing", counts.len());
    let actor = Actor::system("cli");
    let source = format!("cli: {}", file.display());
    let mut report = |done: usize| progress.set(done);
    match target_groups::import(
        &mut conn,
        &actor,
        crate::app::clock::system_now(),
        pool,
        &counts,
        &source,
        &mut report,
    ) {
        Ok(n) => {
            let total: u64 = counts.iter().map(|a| a.target_group).sum();
            println!("imported {n} municipalities into pool {pool}, {total} citizens in all");
            Ok(ExitCode::SUCCESS)
        }
        Err(crate::error::AppError::NotFound) => {
            eprintln!("there is no pool {pool}; nothing was imported");
            Ok(ExitCode::from(2))
        }
        Err(e) => Err(e.into()),
    }
}

/// Lines in a file, counted by streaming it (for the progress bar).
fn count_lines(path: &std::path::Path) -> std::io::Result<u64> {
    use std::io::Read;
    let mut f = std::fs::File::open(path)?;
    let mut buf = vec![0u8; 64 * 1024];
    let mut n = 0u64;
    loop {
        let read = f.read(&mut buf)?;
        if read == 0 {
            return Ok(n);
        }
        n += buf[..read].iter().filter(|b| **b == b'\n').count() as u64;
    }
}

fn monitoring(file: &std::path::Path) -> CliResult {
    use crate::app::monitoring::import as monitoring;
    use crate::domain::monitoring::file as monitoring_file;
    let (config, db) = super::open_pool()?;
    let pseudonymizer = pseudonymizer(&config)?;
    let lines = count_lines(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let input =
        std::fs::File::open(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let reader = monitoring_file::Reader::new(
        std::io::BufReader::with_capacity(256 * 1024, input),
        &pseudonymizer,
    );
    let progress = Progress::new(
        "importing",
        usize::try_from(lines.saturating_sub(1)).unwrap_or(usize::MAX),
    );
    let mut conn = db.get()?;
    let mut report = |done: u64| progress.set(usize::try_from(done).unwrap_or(usize::MAX));
    let source = format!("cli: {}", file.display());
    let started = std::time::Instant::now();
    match monitoring::import(
        &mut conn,
        &Actor::system("cli"),
        crate::app::clock::system_now(),
        monitoring::read_ahead(monitoring::rows_from(reader)),
        None,
        &source,
        &mut report,
    ) {
        Ok(summary) => {
            crate::metrics::import_finished(summary.rows, started.elapsed());
            println!(
                "imported {} rows for {} municipality-months",
                summary.rows,
                summary.months.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(monitoring::ImportError::Rows(problems)) => {
            for p in problems {
                eprintln!(
                    "{}: line {}, {}: {}",
                    file.display(),
                    p.line,
                    p.field,
                    p.msg.text(tilskud_templates::i18n::Lang::En)
                );
            }
            eprintln!("nothing was imported");
            Ok(ExitCode::from(2))
        }
        Err(monitoring::ImportError::Other(e)) => Err(e.into()),
    }
}

/// The pool a command names, or the only one there is.
fn only_pool(conn: &mut crate::db::DbConn, pool: Option<i64>) -> Result<i64, String> {
    if let Some(id) = pool {
        return Ok(id);
    }
    let pools = crate::db::queries::pools::list(conn).map_err(|e| e.to_string())?;
    match pools.as_slice() {
        [only] => Ok(only.id),
        [] => Err("there is no pool yet; nothing was imported".into()),
        several => Err(format!(
            "there are {} pools: name one with --pool ({}); nothing was imported",
            several.len(),
            several
                .iter()
                .map(|p| format!("{} {}", p.id, p.name))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

fn questionnaire(pool: Option<i64>, file: &std::path::Path) -> CliResult {
    use crate::app::questionnaire::entry::{self, ImportError};
    use tilskud_templates::i18n::Lang;
    let (config, db) = super::open_pool()?;
    let pseudonymizer = pseudonymizer(&config)?;
    let input =
        std::fs::File::open(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let mut conn = db.get()?;
    let pool = match only_pool(&mut conn, pool) {
        Ok(id) => id,
        Err(message) => {
            eprintln!("{message}");
            return Ok(ExitCode::from(2));
        }
    };
    if crate::db::queries::pools::get(&mut conn, pool)?.is_none() {
        eprintln!("there is no pool {pool}; nothing was imported");
        return Ok(ExitCode::from(2));
    }
    let now = crate::app::clock::system_now();
    let source = format!("cli: {}", file.display());
    match entry::import(
        &mut conn,
        &Actor::system("cli"),
        now,
        crate::app::reminders::copenhagen_today(now),
        pool,
        None,
        &pseudonymizer,
        std::io::BufReader::with_capacity(256 * 1024, input),
        &source,
    ) {
        Ok(i) => {
            println!(
                "imported {} lines into pool {pool} (question set version {}): {} measurements, {} answers, {} replaced, {} municipalities",
                i.lines, i.version, i.measurements, i.answers, i.replaced, i.municipalities
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(ImportError::Lines { problems, more }) => {
            for p in problems {
                let at = match p.field {
                    "" => format!("line {}", p.line),
                    field => format!("line {}, {field}", p.line),
                };
                eprintln!("{}: {at}: {}", file.display(), p.msg.text(Lang::En));
            }
            if more > 0 {
                let msg =
                    crate::error::Msg::new("questionnaire-file-more-problems").arg("more", more);
                eprintln!("{}: {}", file.display(), msg.text(Lang::En));
            }
            eprintln!("nothing was imported");
            Ok(ExitCode::from(2))
        }
        Err(ImportError::App(crate::error::AppError::Conflict(m))) => {
            eprintln!("{}", m.text(Lang::En));
            eprintln!("nothing was imported");
            Ok(ExitCode::from(2))
        }
        Err(ImportError::App(e)) => Err(e.into()),
    }
}

/// The configured key's pseudonymiser, or why there is none.
fn pseudonymizer(
    config: &crate::config::Config,
) -> Result<crate::domain::monitoring::pseudonym::Pseudonymizer, String> {
    let key = config
        .pseudonym_key
        .as_ref()
        .ok_or("TILSKUD_PSEUDONYM_KEY is not set: it is needed to pseudonymise the CPR numbers")?;
    crate::domain::monitoring::pseudonym::Pseudonymizer::new(key.0.as_bytes())
        .map_err(|e| format!("TILSKUD_PSEUDONYM_KEY: {e}"))
}
