//! The `tilskud` command line: serve, demo, migrate, import, users, allocate, audit,
//! backup and restore.

mod allocate;
mod audit;
mod backup;
mod import;
mod progress;
mod users;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::Config;
use crate::db::{self, DbUrl};

pub type CliResult = Result<ExitCode, Box<dyn std::error::Error>>;

#[derive(Parser, Debug)]
#[command(
    name = "tilskud",
    version,
    about = "Grant administration for Danish state grant pools"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the web server (configuration from tilskud.toml and TILSKUD_* variables).
    Serve,
    /// Run the web server with demo data (pool "Flere skal med" and its story, demo users).
    Demo {
        /// Kept for the benchmarks' scripts: the demo always tells the whole story now
        /// (every applicant of "Flere skal med" with its commitment, monitoring and rates).
        #[arg(long)]
        national: bool,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Import data into a pool.
    #[command(subcommand)]
    Import(import::ImportCommand),
    /// Manage users.
    #[command(subcommand)]
    Users(users::UsersCommand),
    /// Compute an allocation without a database (what-if): CSV in, CSV out on stdout.
    Allocate(allocate::AllocateArgs),
    /// Check the audit log.
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// Copy the SQLite database to FILE while the server runs, and check the copy.
    Backup(backup::BackupArgs),
    /// Restore an SQLite backup into the configured database, after checking it.
    Restore(backup::RestoreArgs),
}

pub fn run(cli: Cli) -> CliResult {
    match cli.command {
        Command::Allocate(args) => allocate::run(&args),
        Command::Serve => serve(false, false),
        Command::Demo { national } => serve(true, national),
        Command::Migrate => {
            let config = Config::load()?;
            let url = DbUrl::parse(&config.database_url())?;
            let mut conn = db::connect(&url)?;
            let n = db::migrate(&mut conn)?;
            println!(
                "{n} migration(s) applied to {} database",
                url.backend_name()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Import(c) => import::run(c),
        Command::Users(c) => users::run(c),
        Command::Audit(c) => audit::run(c),
        Command::Backup(args) => backup::backup(&args),
        Command::Restore(args) => backup::restore(&args),
    }
}

/// The demo's pseudonym key: random, made once and kept beside its database, so the
/// demo's pseudonyms stay the same from run to run. Readable by its owner only (0600);
/// a key file found readable by others (made by an older version, or copied) is
/// narrowed to 0600 with a warning, since whoever holds the key can test a CPR number
/// against the pseudonyms.
pub fn demo_pseudonym_key(
    data_dir: &std::path::Path,
) -> Result<String, Box<dyn std::error::Error>> {
    demo_key(data_dir, "pseudonym.key")
}

/// The demo's evaluator key (the questionnaire's delivery), kept like the pseudonym key
/// in its own file: the two keys are never the same.
pub fn demo_evaluator_key(
    data_dir: &std::path::Path,
) -> Result<String, Box<dyn std::error::Error>> {
    demo_key(data_dir, "evaluator.key")
}

fn demo_key(data_dir: &std::path::Path, name: &str) -> Result<String, Box<dyn std::error::Error>> {
    let path = data_dir.join(name);
    if let Ok(k) = std::fs::read_to_string(&path) {
        if k.trim().len() >= 32 {
            owner_only(&path)?;
            return Ok(k.trim().to_string());
        }
    }
    std::fs::create_dir_all(data_dir)?;
    let key = crate::auth::password::random_token();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&path)?;
    // An existing (too short) file keeps its mode on open: narrow it too.
    owner_only(&path)?;
    std::io::Write::write_all(&mut file, key.as_bytes())?;
    Ok(key)
}

/// Makes `path` readable and writable by its owner only, warning when it was not.
fn owner_only(path: &std::path::Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)?.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            tracing::warn!(
                "{} was readable by others (mode {mode:o}); narrowed to 0600",
                path.display()
            );
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

pub(crate) fn open_pool() -> Result<(Config, db::Pool), Box<dyn std::error::Error>> {
    let config = Config::load()?;
    // The commands log as the server does (warnings by default; `log`, RUST_LOG).
    crate::telemetry::init_as(&config.log, config.log_format);
    let url = DbUrl::parse(&config.database_url())?;
    let pool = db::open(&url, 2)?;
    {
        let mut conn = pool.get()?;
        db::queries::municipalities::seed(&mut conn)?;
    }
    Ok((config, pool))
}

fn serve(demo: bool, national: bool) -> CliResult {
    let mut config = Config::load()?;
    if demo && std::env::var_os("TILSKUD_DATA_DIR").is_none() && config.database_url.is_none() {
        config.data_dir = std::path::PathBuf::from("data/demo");
    }
    if demo && config.pseudonym_key.is_none() {
        config.pseudonym_key = Some(crate::config::Secret(demo_pseudonym_key(&config.data_dir)?));
    }
    if demo && config.evaluator_key.is_none() {
        config.evaluator_key = Some(crate::config::Secret(demo_evaluator_key(&config.data_dir)?));
    }
    match &config.pseudonym_key {
        Some(k) if k.0.len() >= 32 => {}
        Some(_) => return Err("TILSKUD_PSEUDONYM_KEY must be at least 32 characters".into()),
        None => {
            return Err(
                "TILSKUD_PSEUDONYM_KEY is not set: monitoring data is pseudonymised with it \
                        (at least 32 random characters, e.g. from `openssl rand -hex 32`; keep it \
                        safe and unchanged, like the database)"
                    .into(),
            )
        }
    }
    crate::telemetry::init_as(&config.log, config.log_format);
    let rt = actix_web::rt::System::new();
    rt.block_on(async move {
        let app = crate::startup::Application::build(&config)?;
        if demo {
            let mut conn = app.pool.get()?;
            crate::demo::check_safe(&mut conn)?;
            crate::demo::load(&mut conn)?;
            // `--national` once loaded more than the plain demo; the story now gives
            // every applicant its commitment either way (docs/decisions.md).
            let _ = national;
            if let Some(key) = &config.pseudonym_key {
                let started = std::time::Instant::now();
                let told = crate::demo::story::load(&mut conn, &key.0)?;
                crate::demo::questionnaire::load(&mut conn)?;
                if told.monitoring_rows > 0 {
                    println!(
                        "  told the demo's story of \"Flere skal med\" in {:.1} s: {} commitments, {} monitoring rows uploaded month by month",
                        started.elapsed().as_secs_f64(),
                        told.commitments,
                        told.monitoring_rows
                    );
                }
            }
            crate::demo::print_banner(&config, app.port());
        } else {
            println!(
                "tilskud listening on http://{}",
                config.bind.replace(":0", &format!(":{}", app.port()))
            );
        }
        app.run_until_stopped().await?;
        Ok(ExitCode::SUCCESS)
    })
}
