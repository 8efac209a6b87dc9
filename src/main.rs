use std::process::ExitCode;

use clap::Parser;
use tilskud::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("tilskud: {e}");
            ExitCode::from(1)
        }
    }
}
