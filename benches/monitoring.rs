//! Monitoring import and KPI speed on SQLite (`cargo bench --bench monitoring`; set
//! ROWS to change the default 2,000,000). Measured in one run, side by side:
//! 1. reading + pseudonymising the file alone (the parser and the HMAC);
//! 2. for the file ordered by month (then municipality) and the same lines ordered by
//!    person: `tilskud`'s import as the CLI calls it (stream → parse → HMAC → sort →
//!    short transactions → aggregates → switch) and as the upload's handler calls it
//!    (the body streamed, pseudonymised to the spool, then the same), each into a
//!    fresh database, and
//! 3. the baseline: a plain rusqlite prepared-statement insert of the same, already
//!    parsed rows in the same order into the same table, in one transaction, with the
//!    same pragmas; then the same file imported again (every month it holds replaced)
//!    and the next month of the same persons (the monthly upload);
//! 4. the KPI recompute: month counts for the whole country and every municipality;
//!    the per-person totals and one municipality's never-assessed persons, from the
//!    rows and as maintained.
//!
//! Built with `--features postgres` and with `DATABASE_URL` naming a PostgreSQL server,
//! it then does the same on PostgreSQL, in two fresh databases it drops afterwards:
//! 5. `tilskud`'s three imports there;
//! 6. the baseline: `psql \copy` of the same, already pseudonymised rows (as CSV);
//! 7. the KPI recompute and the per-person figures there.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::time::Instant;

use tilskud::app::monitoring::import as monitoring;
use tilskud::db::audit::Actor;
use tilskud::db::DbUrl;
use tilskud::domain::monitoring::{file, pseudonym::Pseudonymizer, Month};
use tilskud::domain::municipality;

const KEY: &[u8] = b"benchmark-pseudonym-key-0123456789abcdef";

fn reader(path: &std::path::Path, pz: &Pseudonymizer) -> file::Reader<impl BufRead> {
    let f = std::fs::File::open(path).expect("file");
    file::Reader::new(BufReader::with_capacity(256 * 1024, f), pz)
}

/// `tilskud`'s import of the file (stream → parse → HMAC → insert, one transaction), in
/// seconds.
fn timed_import(
    conn: &mut tilskud::db::DbConn,
    csv: &std::path::Path,
    pz: &Pseudonymizer,
    rows: usize,
) -> f64 {
    let t = Instant::now();
    let summary = monitoring::import(
        conn,
        &Actor::system("bench"),
        chrono::Utc::now().naive_utc(),
        monitoring::read_ahead(monitoring::rows_from(reader(csv, pz))),
        None,
        "bench",
        &mut |_| {},
    )
    .map_err(|e| format!("{:?}", e.into_app_error()))
    .expect("import");
    let seconds = t.elapsed().as_secs_f64();
    assert_eq!(summary.rows as usize, rows);
    seconds
}

/// `tilskud`'s import of `csv` into an empty database, `csv` again (every month it
/// holds replaced), then `next`, the next month of the same persons (each person's
/// aggregate added to, as in the monthly upload); the first import's seconds.
fn imports(
    conn: &mut tilskud::db::DbConn,
    [csv, next]: [&std::path::Path; 2],
    pz: &Pseudonymizer,
    rows: usize,
    db: &str,
) -> f64 {
    let mut first = 0.0;
    for (file, what) in [
        (csv, "import            "),
        (csv, "import again      "),
        (next, "next month import "),
    ] {
        let n = if file == next { rows / 8 } else { rows };
        let s = timed_import(conn, file, pz, n);
        let note = match (file == next, first > 0.0) {
            (true, _) => ", the same persons",
            (false, true) => ", replacing every month",
            (false, false) => "",
        };
        println!(
            "{db}tilskud {what}: {s:>7.2} s  ({:>9.0} rows/s{note})",
            rows as f64 / s
        );
        if first == 0.0 {
            first = s;
        }
    }
    first
}

/// The per-person totals of every municipality, and the first 200 never-assessed persons
/// of København (what its monitoring page reads), counted from the rows and read as
/// maintained; they must agree.
fn persons_check(conn: &mut tilskud::db::DbConn, db: &str) {
    use tilskud::db::queries::monitoring::persons;
    let t = Instant::now();
    let recounted = persons::all_totals_from_rows(conn).expect("totals");
    println!(
        "{db}persons seen and assessed, all municipalities, from the rows: {:.2} s",
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let kept = persons::all_totals(conn).expect("totals");
    println!(
        "{db}the same from the maintained totals: {:.4} s",
        t.elapsed().as_secs_f64()
    );
    assert_eq!(kept, recounted, "the maintained totals equal the recount");
    let t = Instant::now();
    let from_rows = persons::unassessed_from_rows(conn, 101, Some(200)).expect("unassessed");
    let from_rows_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let read = persons::unassessed(conn, 101, Some(200)).expect("unassessed");
    println!(
        "{db}never assessed in 101, first 200 of {}: {:.4} s from the rows, {:.4} s maintained",
        read.total,
        from_rows_s,
        t.elapsed().as_secs_f64()
    );
    assert_eq!(read, from_rows, "the maintained list equals the recount");
}

/// A fresh SQLite database with tilskud's schema and the municipalities.
fn fresh_sqlite(dir: &std::path::Path, name: &str) -> (tilskud::db::Pool, DbUrl) {
    let url = DbUrl::Sqlite(dir.join(name).display().to_string());
    let pool = tilskud::db::open(&url, 2).expect("db");
    tilskud::db::queries::municipalities::seed(&mut pool.get().expect("conn")).expect("seed");
    (pool, url)
}

/// The upload's import of the file, as the API's handler calls it with the request body
/// (without the socket), in seconds.
fn timed_upload(pool: &tilskud::db::Pool, csv: &std::path::Path, dir: &std::path::Path) -> f64 {
    use tilskud::app::monitoring::upload;
    let key = std::str::from_utf8(KEY).expect("key");
    let t = Instant::now();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let file = std::fs::File::open(csv).expect("file");
    let mut file = BufReader::with_capacity(256 * 1024, file);
    let chunks = std::iter::from_fn(move || {
        let mut buf = vec![0u8; 64 * 1024];
        match std::io::Read::read(&mut file, &mut buf) {
            Ok(0) | Err(_) => None,
            Ok(n) => {
                buf.truncate(n);
                Some(Ok::<_, std::io::Error>(buf))
            }
        }
    });
    let outcome = runtime
        .block_on(upload::import(
            upload::Store {
                pool,
                key: Some(key),
                dir: &dir.join("uploads"),
            },
            futures_util::stream::iter(chunks),
            upload::Upload {
                actor: Actor::system("bench"),
                now: chrono::Utc::now().naive_utc(),
                only: None,
                source: "bench",
            },
            None,
        ))
        .expect("upload");
    assert!(
        matches!(outcome, upload::Outcome::Imported(..)),
        "{outcome:?}"
    );
    t.elapsed().as_secs_f64()
}

/// A plain rusqlite prepared-statement insert of the rows of `csv`, parsed beforehand, in
/// the file's order, in one transaction, into a fresh database with tilskud's schema and
/// pragmas; in seconds.
fn baseline(csv: &std::path::Path, pz: &Pseudonymizer, path: &std::path::Path) -> f64 {
    drop(tilskud::db::open(&DbUrl::Sqlite(path.display().to_string()), 1).expect("schema"));
    let all: Vec<_> = reader(csv, pz).filter_map(Result::ok).collect();
    let mut c = rusqlite::Connection::open(path).expect("rusqlite");
    c.execute_batch("PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;")
        .expect("pragmas");
    let seed = c.prepare("INSERT OR IGNORE INTO municipalities (code, name, region_code, region_name) VALUES (?1, ?2, ?3, ?4)");
    let mut seed = seed.expect("prepare");
    for m in municipality::all() {
        seed.execute(rusqlite::params![
            m.code.as_u16(),
            m.name,
            m.region_code,
            m.region_name
        ])
        .expect("seed");
    }
    drop(seed);
    let t = Instant::now();
    let tx = c.transaction().expect("tx");
    {
        let mut ins = tx
            .prepare(
                "INSERT INTO monitoring_rows (municipality_code, month, person, assessment_group, job_broker, \
                 company_offer, ordinary_centihours, outcome, upload_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0)",
            )
            .expect("prepare");
        for r in &all {
            ins.execute(rusqlite::params![
                r.municipality.as_u16(),
                r.month.yyyymm(),
                &r.person.0[..],
                r.group.code(),
                r.job_broker,
                r.company_offer,
                r.ordinary_centihours,
                r.outcome.code(),
            ])
            .expect("insert");
        }
    }
    tx.commit().expect("commit");
    t.elapsed().as_secs_f64()
}

/// The lines of `csv` sorted by CPR number (a stable sort): each person's months together,
/// as a case system's extract per citizen would have them.
fn by_person(csv: &std::path::Path, out: &std::path::Path) {
    let text = std::fs::read_to_string(csv).expect("read");
    let mut lines = text.lines();
    let header = lines.next().expect("header");
    let mut body: Vec<&str> = lines.collect();
    body.sort_by_key(|l| l.split([',', ';']).next().unwrap_or("").replace('-', ""));
    let mut w = BufWriter::new(std::fs::File::create(out).expect("create"));
    writeln!(w, "{header}").expect("write");
    for l in body {
        writeln!(w, "{l}").expect("write");
    }
}

/// `--baseline FILE`: only the baseline of FILE's rows in its order (`baseline`), for
/// benches/import_load.sh, which times the CLI and the upload of the same file end to
/// end beside it: prints `baseline SECONDS ROWS`.
fn baseline_only() -> bool {
    let args: Vec<String> = std::env::args().collect();
    let Some(at) = args.iter().position(|a| a == "--baseline") else {
        return false;
    };
    let csv = std::path::PathBuf::from(args.get(at + 1).expect("--baseline FILE"));
    let pz = Pseudonymizer::new(KEY).expect("key");
    let rows = reader(&csv, &pz).filter(|r| r.is_ok()).count();
    let dir = tempfile::tempdir().expect("dir");
    let s = baseline(&csv, &pz, &dir.path().join("baseline.db"));
    println!("baseline {s:.2} {rows}");
    true
}

fn main() {
    if baseline_only() {
        return;
    }
    let wanted: usize = std::env::var("ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000_000);
    let dir = tempfile::tempdir().expect("dir");
    let csv = dir.path().join("rows.csv");
    // Eight months of the demo's history from August 2017, every municipality's whole
    // group each month (no month cut short, so no sharp drop stops the upload), and the
    // ninth month of the same persons for the monthly upload.
    const MONTHS: usize = 8;
    let per = u32::try_from(wanted / (98 * MONTHS)).expect("size").max(1);
    let counts: Vec<_> = municipality::all().iter().map(|m| (m.code, per)).collect();
    let per_month = counts.len() * per as usize;
    let rows = per_month * MONTHS;
    let history: Vec<Month> = std::iter::successors(Month::new(2017, 8), |m| Some(m.next()))
        .take(MONTHS + 1)
        .collect();
    let next = dir.path().join("next.csv");
    for (path, skip, take) in [(&csv, 0, rows), (&next, rows, per_month)] {
        let mut w = BufWriter::new(std::fs::File::create(path).expect("create"));
        writeln!(w, "{}", file::HEADER).expect("write");
        for line in file::demo_rows(7, &counts, &history).skip(skip).take(take) {
            writeln!(w, "{line}").expect("write");
        }
    }
    let person_csv = dir.path().join("by-person.csv");
    by_person(&csv, &person_csv);
    let pz = Pseudonymizer::new(KEY).expect("key");
    println!(
        "{rows} rows ({MONTHS} months × 98 municipalities × {per}), {} MB",
        std::fs::metadata(&csv)
            .map(|m| m.len() / 1_000_000)
            .unwrap_or(0)
    );

    // 1. Parse + HMAC only.
    let t = Instant::now();
    let parsed = reader(&csv, &pz).filter(|r| r.is_ok()).count();
    let parse_s = t.elapsed().as_secs_f64();
    assert_eq!(parsed, rows);
    println!(
        "parse + pseudonymise only : {:>7.2} s  ({:>9.0} rows/s)",
        parse_s,
        rows as f64 / parse_s
    );

    // 2. and 3. Each order: the CLI's import and the upload's into a fresh database, and
    // the baseline of the same rows in the same order.
    for (order, file) in [("by month ", &csv), ("by person", &person_csv)] {
        let (pool, _) = fresh_sqlite(dir.path(), &format!("cli-{}.db", order.trim()));
        let cli_s = timed_import(&mut pool.get().expect("conn"), file, &pz, rows);
        drop(pool);
        let (pool, _) = fresh_sqlite(dir.path(), &format!("upload-{}.db", order.trim()));
        let upload_s = timed_upload(&pool, file, dir.path());
        drop(pool);
        let base_s = baseline(
            file,
            &pz,
            &dir.path().join(format!("baseline-{}.db", order.trim())),
        );
        println!(
            "{order}: rusqlite insert {base_s:>6.2} s; CLI import {cli_s:>6.2} s \
             (rate {:.2}× the insert's); upload {upload_s:>6.2} s ({:.2}×) (target >= 0.80)",
            base_s / cli_s,
            base_s / upload_s
        );
    }

    // The same file again (every month replaced) and the next month, by the CLI's import.
    let (pool, _) = fresh_sqlite(dir.path(), "import.db");
    let mut conn = pool.get().expect("conn");
    let _ = imports(&mut conn, [&csv, &next], &pz, rows, "");
    // 4. KPI recompute over all rows: one pass, every municipality and month.
    let t = Instant::now();
    let all =
        tilskud::db::queries::monitoring::all_month_counts_from_rows(&mut conn).expect("counts");
    println!(
        "KPI recompute, all municipalities (one pass): {:.2} s ({} municipality-months)",
        t.elapsed().as_secs_f64(),
        all.len()
    );
    let t = Instant::now();
    let kept = tilskud::db::queries::monitoring::all_month_counts(&mut conn).expect("counts");
    assert_eq!(kept, all, "the maintained aggregates equal the recount");
    println!(
        "KPI read from the maintained aggregates: {:.4} s",
        t.elapsed().as_secs_f64()
    );
    persons_check(&mut conn, "");
    drop(conn);
    drop(pool);

    #[cfg(feature = "postgres")]
    postgres::run(&csv, &next, &pz, rows, dir.path());
}

#[cfg(feature = "postgres")]
mod postgres {
    use std::io::{BufWriter, Write};
    use std::path::Path;
    use std::time::Instant;

    use diesel::connection::SimpleConnection;
    use diesel::Connection;
    use tilskud::db::DbUrl;
    use tilskud::domain::monitoring::pseudonym::Pseudonymizer;

    fn exec(url: &str, sql: &str) {
        diesel::pg::PgConnection::establish(url)
            .expect("connect")
            .batch_execute(sql)
            .expect(sql);
    }

    /// A fresh database with tilskud's schema and the municipalities; its URL.
    fn fresh(admin: &str, name: &str) -> String {
        exec(
            admin,
            &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
        );
        exec(admin, &format!("CREATE DATABASE {name}"));
        let url = format!("{}/{name}", admin.rsplit_once('/').expect("db name").0);
        let pool = tilskud::db::open(&DbUrl::Postgres(url.clone()), 1).expect("schema");
        tilskud::db::queries::municipalities::seed(&mut pool.get().expect("conn")).expect("seed");
        url
    }

    pub fn run(csv: &Path, next: &Path, pz: &Pseudonymizer, rows: usize, dir: &Path) {
        let admin = match std::env::var("DATABASE_URL") {
            Ok(u) if u.starts_with("postgres") => u,
            _ => {
                println!("PostgreSQL: skipped (DATABASE_URL does not name a PostgreSQL server)");
                return;
            }
        };
        let pid = std::process::id();
        let (a, b) = (
            format!("tilskud_bench_{pid}_a"),
            format!("tilskud_bench_{pid}_b"),
        );

        // 5. The import.
        let url = fresh(&admin, &a);
        let pool = tilskud::db::open(&DbUrl::Postgres(url), 2).expect("db");
        let mut conn = pool.get().expect("conn");
        let import_s = super::imports(&mut conn, [csv, next], pz, rows, "PostgreSQL ");

        // 6. Baseline: the same rows, pseudonymised beforehand, by `psql \copy`.
        let data = dir.join("rows-pseudonymised.csv");
        {
            let mut w = BufWriter::new(std::fs::File::create(&data).expect("create"));
            for r in super::reader(csv, pz).filter_map(Result::ok) {
                let hex: String = r.person.0.iter().map(|b| format!("{b:02x}")).collect();
                writeln!(
                    w,
                    "{},{},\\x{hex},{},{},{},{},{},0",
                    r.municipality.as_u16(),
                    r.month.yyyymm(),
                    r.group.code(),
                    r.job_broker,
                    r.company_offer,
                    r.ordinary_centihours,
                    r.outcome.code(),
                )
                .expect("write");
            }
        }
        let base_url = fresh(&admin, &b);
        let t = Instant::now();
        let out = std::process::Command::new("psql")
            .arg(&base_url)
            .arg("-v")
            .arg("ON_ERROR_STOP=1")
            .arg("-c")
            .arg(format!(
                "\\copy monitoring_rows (municipality_code, month, person, assessment_group, \
                 job_broker, company_offer, ordinary_centihours, outcome, upload_id) FROM '{}' (FORMAT csv)",
                data.display()
            ))
            .output()
            .expect("psql (install postgresql-client)");
        let base_s = t.elapsed().as_secs_f64();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        println!(
            "psql \\copy baseline       : {:>7.2} s  ({:>9.0} rows/s)",
            base_s,
            rows as f64 / base_s
        );
        println!(
            "PostgreSQL import rate / \\copy rate = {:.2} (target >= 0.80)",
            base_s / import_s
        );

        // 7. KPI recompute.
        let t = Instant::now();
        let all = tilskud::db::queries::monitoring::all_month_counts_from_rows(&mut conn)
            .expect("counts");
        println!(
            "PostgreSQL KPI recompute, all municipalities (one pass): {:.2} s ({} municipality-months)",
            t.elapsed().as_secs_f64(),
            all.len()
        );
        let t = Instant::now();
        let kept = tilskud::db::queries::monitoring::all_month_counts(&mut conn).expect("counts");
        assert_eq!(kept, all, "the maintained aggregates equal the recount");
        println!(
            "PostgreSQL KPI read from the maintained aggregates: {:.4} s",
            t.elapsed().as_secs_f64()
        );
        super::persons_check(&mut conn, "PostgreSQL ");
        drop(conn);
        drop(pool);
        exec(&admin, &format!("DROP DATABASE IF EXISTS {a} WITH (FORCE)"));
        exec(&admin, &format!("DROP DATABASE IF EXISTS {b} WITH (FORCE)"));
    }
}
