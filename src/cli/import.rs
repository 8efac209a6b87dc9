//! `tilskud import target-group`: STAR's counts per municipality into a pool.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

use super::progress::Progress;
use super::CliResult;
use crate::db::audit::Actor;
use crate::db::queries::target_groups;
use crate::domain::counts_csv;

#[derive(Subcommand, Debug)]
pub enum ImportCommand {
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
    let ImportCommand::TargetGroup { pool, file } = cmd;
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
        crate::web::now(),
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
