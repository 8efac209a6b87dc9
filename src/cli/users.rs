//! `tilskud users add`: create users from the command line (the first admin).

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Subcommand;

use super::CliResult;
use crate::app::users::UserDraft as UserForm;
use crate::db::audit::Actor;
use crate::db::queries::users;

#[derive(Subcommand, Debug)]
pub enum UsersCommand {
    /// Add a user. The password is read from TILSKUD_PASSWORD or, if unset, from stdin.
    Add {
        #[arg(long)]
        username: String,
        /// officer, finance, committee or admin.
        #[arg(long)]
        role: String,
        /// The name shown in the interface and the audit log.
        #[arg(long)]
        name: String,
        /// Municipality code (required for finance and committee), e.g. 615 for Horsens.
        #[arg(long)]
        municipality: Option<String>,
        /// Where the user is reached (finance staff get the account reminders).
        #[arg(long)]
        email: Option<String>,
    },
    /// List users.
    List,
}

pub fn run(cmd: UsersCommand) -> CliResult {
    let (_, db) = super::open_pool()?;
    let mut conn = db.get()?;
    match cmd {
        UsersCommand::List => {
            for u in users::list(&mut conn)? {
                let m = u
                    .municipality_code
                    .map(|c| c.to_string())
                    .unwrap_or_default();
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    u.username,
                    u.role,
                    m,
                    if u.active { "active" } else { "inactive" },
                    u.display_name
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        UsersCommand::Add {
            username,
            role,
            name,
            municipality,
            email,
        } => {
            let password = match std::env::var("TILSKUD_PASSWORD") {
                Ok(p) => p,
                Err(_) => {
                    if std::io::stdin().is_terminal() {
                        eprint!("password for {username}: ");
                    }
                    let mut line = String::new();
                    std::io::stdin().read_line(&mut line)?;
                    line.trim_end_matches(['\r', '\n']).to_string()
                }
            };
            let form = UserForm {
                username,
                display_name: name,
                role,
                municipality_code: municipality.unwrap_or_default(),
                password,
                email: email.unwrap_or_default(),
                active: Some("true".into()),
            };
            let input = match form.validate(true) {
                Ok(i) => i,
                Err(errors) => {
                    for (field, msg) in errors.0 {
                        eprintln!("{field}: {}", msg.text(tilskud_templates::i18n::Lang::En));
                    }
                    return Ok(ExitCode::from(2));
                }
            };
            match crate::app::users::create(
                &mut conn,
                &Actor::system("cli"),
                crate::app::clock::system_now(),
                &input,
            ) {
                Ok(row) => {
                    let id = row.id;
                    println!(
                        "user {} created (id {id}, role {})",
                        input.username,
                        input.role.as_str()
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(crate::error::AppError::Invalid(errors)) => {
                    for (field, msg) in errors.0 {
                        eprintln!("{field}: {}", msg.text(tilskud_templates::i18n::Lang::En));
                    }
                    Ok(ExitCode::from(2))
                }
                Err(e) => Err(e.into()),
            }
        }
    }
}
