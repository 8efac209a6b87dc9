//! `tilskud import monitoring`: a monthly person-level file, read where it lies (never
//! copied) and pseudonymised as it is read; `tilskud import target-group`: STAR's counts
//! per municipality into a pool.

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
}

pub fn run(cmd: ImportCommand) -> CliResult {
    let (pool, file) = match cmd {
        ImportCommand::Monitoring { file } => return monitoring(&file),
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
    use crate::domain::monitoring::{file as monitoring_file, pseudonym::Pseudonymizer};
    let (config, db) = super::open_pool()?;
    let key = config
        .pseudonym_key
        .as_ref()
        .ok_or("TILSKUD_PSEUDONYM_KEY is not set: it is needed to pseudonymise the CPR numbers")?;
    let pseudonymizer =
        Pseudonymizer::new(key.0.as_bytes()).map_err(|e| format!("TILSKUD_PSEUDONYM_KEY: {e}"))?;
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
