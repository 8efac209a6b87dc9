//! `tilskud audit verify` and `tilskud audit anchor`: check the hash chain, and print its
//! head to keep somewhere the database's administrators cannot write.

use std::process::ExitCode;

use clap::Subcommand;

use super::CliResult;
use crate::config::Config;
use crate::db::audit::{self, Anchor, Verdict};
use crate::db::{self, DbUrl};

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Recompute the hash chain and report the first changed, removed, inserted or
    /// renumbered entry.
    Verify {
        /// Also check that the log still reaches this entry with this hash: SEQ:HASH as
        /// printed earlier by `tilskud audit anchor` (finds a cut-off tail even when the
        /// head was rewritten to match).
        #[arg(long, value_name = "SEQ:HASH")]
        anchor: Vec<Anchor>,
    },
    /// Verify the chain, then print its head as SEQ:HASH on standard output, to be kept
    /// outside the database (a log file elsewhere, a ticket, a printout).
    Anchor,
}

pub fn run(cmd: AuditCommand) -> CliResult {
    let config = Config::load()?;
    let url = DbUrl::parse(&config.database_url())?;
    let mut conn = db::connect(&url)?;
    db::migrate(&mut conn)?;
    match cmd {
        AuditCommand::Verify { anchor } => {
            let verdict = audit::verify_with(&mut conn, &anchor)?;
            if !verdict.is_intact() {
                return Ok(tampered(&verdict));
            }
            println!("{}", verdict.describe());
            for a in &anchor {
                println!("anchor {a}: the entry is there, unchanged");
            }
            Ok(ExitCode::SUCCESS)
        }
        AuditCommand::Anchor => match audit::verify(&mut conn)? {
            Verdict::Intact { entries, head } => {
                eprintln!(
                    "audit log intact: {entries} entries. Keep the line below outside the database; \
                     later `tilskud audit verify --anchor {head}` shows whether the log still reaches it unchanged."
                );
                println!("{head}");
                Ok(ExitCode::SUCCESS)
            }
            other => Ok(tampered(&other)),
        },
    }
}

fn tampered(verdict: &Verdict) -> ExitCode {
    eprintln!("AUDIT LOG TAMPERED: {}", verdict.describe());
    ExitCode::from(2)
}
