//! `tilskud allocate`: the allocation without a database, for what-if work.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::CliResult;
use crate::domain::{allocation, counts_csv, money};

#[derive(Args, Debug)]
pub struct AllocateArgs {
    /// The pool in whole kroner, e.g. 257000000 or 257.000.000.
    #[arg(long)]
    pub amount: String,
    /// CSV with header `municipality_code,target_group`, one applicant per line.
    #[arg(long)]
    pub counts: PathBuf,
}

pub fn run(args: &AllocateArgs) -> CliResult {
    let amount = match money::parse_kroner_input(&args.amount) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("tilskud allocate: --amount {:?}: {e}", args.amount);
            return Ok(ExitCode::from(2));
        }
    };
    let Some(kroner) = amount.kroner_if_whole().filter(|k| *k > 0) else {
        eprintln!("tilskud allocate: --amount must be a positive whole number of kroner");
        return Ok(ExitCode::from(2));
    };
    let bytes = std::fs::read(&args.counts)
        .map_err(|e| format!("cannot read {}: {e}", args.counts.display()))?;
    let applicants = match counts_csv::parse_counts(&bytes) {
        Ok(a) => a,
        Err(errors) => {
            for e in errors {
                eprintln!("{}: {e}", args.counts.display());
            }
            return Ok(ExitCode::from(2));
        }
    };
    let lines = match allocation::allocate(kroner, &applicants) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("tilskud allocate: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    counts_csv::write_allocation_csv(&mut out, &lines)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
