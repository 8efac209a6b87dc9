//! The all-or-nothing import of pseudonymised person-months, for the pages and the API
//! (through `upload`), the CLI and the demo. It never holds the database for long: the
//! rows are checked and sorted first, then written in short transactions under an
//! upload id no reader sees, the aggregates of the new data are counted beside the
//! current ones, and one short transaction, with the audit entry, switches the
//! municipality-months to the upload (docs/monitoring.md, "How an import is written").

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use diesel::Connection;

use super::sort::Sorter;
use crate::db::audit::{self, Actor, Change};
use crate::db::queries::monitoring::persons::PersonAggregate;
use crate::db::queries::monitoring::uploads::{self, PersonRange};
use crate::db::queries::monitoring::{self as rows, MunicipalityMonth, NewRow, Upload};
use crate::db::DbConn;
use crate::domain::monitoring::file::Reader;
use crate::domain::monitoring::{Month, PersonMonth};
use crate::error::{AppError, FieldErrors, Msg, MsgArg};

/// The most errors reported from one file; the rest are counted.
pub const MAX_ERRORS: usize = 50;

/// A row the import refused: its line, the field, and what is wrong (never the CPR).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowProblem {
    pub line: usize,
    pub field: &'static str,
    pub msg: Msg,
}

/// A row of the file with its line, or why the line was refused.
pub type Item = Result<(usize, PersonMonth), RowProblem>;

#[derive(Debug)]
pub enum ImportError {
    /// Nothing was imported; these rows are why.
    Rows(Vec<RowProblem>),
    Other(AppError),
}

impl From<diesel::result::Error> for ImportError {
    fn from(e: diesel::result::Error) -> ImportError {
        ImportError::Other(AppError::Db(e))
    }
}

impl ImportError {
    /// As field errors named "line N, field F" (for the demo's and benchmark's reports).
    pub fn into_app_error(self) -> AppError {
        match self {
            ImportError::Rows(problems) => {
                let mut f = FieldErrors::default();
                for p in problems {
                    f.add(format!("line {}, {}", p.line, p.field), p.msg);
                }
                AppError::Invalid(f)
            }
            ImportError::Other(e) => e,
        }
    }
}

/// What an import replaced: rows per municipality and month.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub rows: u64,
    /// (municipality code, month) → rows
    pub months: BTreeMap<(i32, Month), u64>,
}

/// The problems of a file as they are found, the first `MAX_ERRORS` kept.
#[derive(Debug, Default)]
pub(super) struct Problems {
    found: Vec<RowProblem>,
    omitted: usize,
}

impl Problems {
    pub(super) fn note(&mut self, p: RowProblem) {
        if self.found.len() < MAX_ERRORS {
            self.found.push(p);
        } else {
            self.omitted += 1;
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.found.is_empty()
    }

    /// The problems kept, and a last one counting those left out.
    pub(super) fn into_vec(mut self) -> Vec<RowProblem> {
        if self.omitted > 0 {
            self.found.push(RowProblem {
                line: 0,
                field: "file",
                msg: Msg::new("csv-too-many-errors").arg("omitted", self.omitted),
            });
        }
        self.found
    }
}

/// The problem with a row of another municipality than `only` (a municipal user's own).
pub(super) fn not_own(only: Option<i32>, line: usize, row: &PersonMonth) -> Option<RowProblem> {
    let code = i32::from(row.municipality.as_u16());
    only.filter(|own| *own != code).map(|_| RowProblem {
        line,
        field: "municipality_code",
        msg: Msg::new("monitoring-other-municipality")
            .arg("line", line)
            .arg("field", "municipality_code")
            .arg("code", code),
    })
}

pub(super) fn duplicate(line: usize) -> RowProblem {
    if line == 0 {
        // The database found the repeat but could not say where (see `copy_pg`).
        return RowProblem {
            line,
            field: "file",
            msg: Msg::new("monitoring-duplicate-person-somewhere"),
        };
    }
    RowProblem {
        line,
        field: "cpr",
        msg: Msg::new("monitoring-duplicate-person")
            .arg("line", line)
            .arg("field", "cpr"),
    }
}

/// The rows of a monitoring file with their line numbers, as the import takes them.
pub fn rows_from<R: std::io::BufRead>(mut reader: Reader<R>) -> impl Iterator<Item = Item> {
    std::iter::from_fn(move || {
        let item = reader.next()?;
        let line = reader.line();
        Some(match item {
            Ok(row) => Ok((line, row)),
            Err(e) => Err(RowProblem {
                line: e.line,
                field: e.field,
                msg: Msg {
                    key: e.key(),
                    args: e
                        .args()
                        .into_iter()
                        .map(|(k, v)| (k, MsgArg::Text(v)))
                        .collect(),
                },
            }),
        })
    })
}

/// Runs `rows` (reading and pseudonymising the file) on its own thread, handing rows over
/// in batches through a bounded channel, so parsing overlaps the inserts and at most a
/// few batches are in memory at once.
pub fn read_ahead<T: Send + 'static>(
    rows: impl Iterator<Item = T> + Send + 'static,
) -> impl Iterator<Item = T> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<T>>(4);
    std::thread::spawn(move || {
        let mut rows = rows;
        loop {
            let chunk: Vec<T> = rows.by_ref().take(4096).collect();
            if chunk.is_empty() || tx.send(chunk).is_err() {
                break;
            }
        }
    });
    rx.into_iter().flatten()
}

/// How long one transaction of the import may hold SQLite's writer: a login waiting
/// behind it is served within about this long (issue 15: p99 under 100 ms).
const HOLD: Duration = Duration::from_millis(10);

/// The pause after each of the import's transactions on SQLite, so that a waiting writer
/// (whose busy handler polls every millisecond, `db::busy`) takes the lock before the
/// import's next transaction does: a poll falls into almost any gap this long (2 ms cost
/// a 2,000,000-row import about a second more, with no better login tail:
/// docs/benchmarks.md).
const YIELD: Duration = Duration::from_millis(1);

/// Rows of current and new data a municipality's persons are counted from per statement.
const PERSON_ROWS: u64 = 40_000;

/// Attempts to switch when other imports keep switching the same municipalities in
/// between; the last counts inside the switch (`switch`).
const SWITCH_ATTEMPTS: usize = 3;

/// Notes how long a step of the import held the database (`RUST_LOG=
/// tilskud::app::monitoring::import=debug` shows the steps longer than twice `HOLD`,
/// `=trace` all of them): what a login waiting behind the import waits for.
fn held(step: &'static str, started: Instant) {
    let took = started.elapsed();
    let ms = took.as_secs_f64() * 1000.0;
    if took > 2 * HOLD {
        tracing::debug!(step, ms, "monitoring import: a long step");
    } else {
        tracing::trace!(step, ms, "monitoring import: step");
    }
}

/// Notes the end of a phase of the import and how long it took.
fn phase(name: &'static str, started: Instant) {
    let s = started.elapsed().as_secs_f64();
    tracing::debug!(phase = name, s, "monitoring import: phase done");
}

fn internal(e: impl std::fmt::Display) -> ImportError {
    ImportError::Other(AppError::internal(e.to_string()))
}

/// Whether this is a SQLite connection outside any transaction: where the import's
/// transactions are its own, and others may wait for the writer between them (inside an
/// outer transaction, the demo's, they are savepoints and nobody can).
fn own_sqlite_transactions(c: &mut DbConn) -> bool {
    use diesel::connection::{Connection, TransactionManager};
    match c {
        DbConn::Sqlite(cc) => {
            <diesel::SqliteConnection as Connection>::TransactionManager::transaction_manager_status_mut(cc)
                .transaction_depth()
                .ok()
                .flatten()
                .is_none()
        }
        #[cfg(feature = "postgres")]
        DbConn::Pg(_) => false,
    }
}

/// Leaves the writer free for a moment between the import's transactions.
fn pause(c: &mut DbConn) {
    if own_sqlite_transactions(c) {
        std::thread::sleep(YIELD);
    }
}

/// `PRAGMA synchronous` for the import's own work (NORMAL: a crash may lose the last
/// chunks written or removed, which no reader sees anyway) and FULL for the switch, whose
/// commit also makes the chunks before it durable, and after the import. Not changed
/// inside an outer transaction (the demo).
fn synchronous(c: &mut DbConn, mode: &str) {
    if own_sqlite_transactions(c) {
        let _ = diesel::RunQueryDsl::execute(
            diesel::sql_query(format!("PRAGMA synchronous = {mode}")),
            c,
        );
    }
}

/// Imports a whole file, all or nothing: every (municipality, month) in it replaces what
/// was stored for that municipality and month; any bad row, a row for another
/// municipality than `only` (a municipal user's own), or a person twice in the same
/// month, and nothing is changed (what was written is removed again). Memory does not
/// grow with the file (`sort`). `source` says where the file came from (`upload`, `api`,
/// `cli: FILE`, ...); `progress` hears the rows written so far, between transactions.
pub fn import(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    rows: impl Iterator<Item = Item>,
    only: Option<i32>,
    source: &str,
    progress: &mut dyn FnMut(u64),
) -> Result<Summary, ImportError> {
    let began = Instant::now();
    let mut problems = Problems::default();
    let mut sorter = Sorter::default();
    for item in rows {
        match item {
            Err(p) => problems.note(p),
            Ok((line, row)) => match not_own(only, line, &row) {
                Some(p) => problems.note(p),
                // With a problem found, nothing will be written: the rest is only checked.
                None if problems.is_empty() => sorter.push(line, row).map_err(internal)?,
                None => {}
            },
        }
    }
    if !problems.is_empty() {
        return Err(ImportError::Rows(problems.into_vec()));
    }
    if sorter.rows() == 0 {
        return Err(ImportError::Rows(vec![RowProblem {
            line: 1,
            field: "file",
            msg: Msg::new("csv-no-rows"),
        }]));
    }
    let sorted = sorter.finish().map_err(internal)?;
    phase("read and sort", began);
    let id = uploads::begin(conn, crate::app::clock::system_now(), source)?;
    let mut written = Written::default();
    synchronous(conn, "NORMAL");
    let result = write(conn, id, sorted, &mut written, progress).and_then(|()| {
        phase("write", began);
        switch(conn, id, actor, now, source, &mut written, progress)
    });
    // What is removed now no reader sees: a crash may lose the last of the removal, and
    // the next start removes what is left (`remove_orphans`).
    let outcome = match result {
        Ok((summary, old)) => {
            phase("count and switch", began);
            progress(summary.rows);
            if let Err(e) = remove(conn, &old) {
                // Not current any more, so no reader sees them; the next start removes them.
                tracing::warn!("monitoring import {id}: replaced rows not yet removed: {e}");
            }
            phase("remove replaced", began);
            Ok(summary)
        }
        Err(e) => {
            if let Err(d) = remove(conn, &written.own(id)) {
                tracing::warn!("monitoring import {id}: its rows are left for the next start: {d}");
            }
            Err(e)
        }
    };
    synchronous(conn, "FULL");
    outcome
}

/// What an import has written so far: rows per (municipality, yyyymm), and the
/// municipalities whose persons it counted.
#[derive(Default)]
struct Written {
    months: BTreeMap<(i32, i32), u64>,
    sets: BTreeSet<i32>,
    rows: u64,
    /// The municipalities whose persons were counted while their rows were written.
    counted: BTreeMap<i32, Persons>,
}

impl Written {
    /// All of it, to be removed (the import failed).
    fn own(&self, id: i64) -> Leftovers {
        Leftovers {
            rows: self.months.keys().map(|&(c, m)| (c, m, id)).collect(),
            sets: self.sets.iter().map(|&c| (c, id)).collect(),
            import: Some(id),
        }
    }

    /// The months written of one municipality.
    fn months_of(&self, code: i32) -> Vec<i32> {
        self.months
            .range((code, i32::MIN)..=(code, i32::MAX))
            .map(|(&(_, m), _)| m)
            .collect()
    }

    /// The months of each municipality written.
    fn by_municipality(&self) -> BTreeMap<i32, Vec<i32>> {
        let mut out: BTreeMap<i32, Vec<i32>> = BTreeMap::new();
        for &(code, month) in self.months.keys() {
            out.entry(code).or_default().push(month);
        }
        out
    }
}

/// Rows and person sets no reader sees any more, to be removed a chunk at a time.
#[derive(Debug, Default)]
pub struct Leftovers {
    /// (municipality, yyyymm, upload)
    pub rows: Vec<(i32, i32, i64)>,
    /// (municipality, set)
    pub sets: Vec<(i32, i64)>,
    /// The record of a failed import, removed last.
    pub import: Option<i64>,
}

/// Removes them in transactions of about `HOLD` each: many small municipality-months go
/// in one, a large one takes several (`uploads::DELETE_CHUNK` rows a statement).
pub fn remove(c: &mut DbConn, l: &Leftovers) -> diesel::QueryResult<()> {
    in_batches(c, &l.rows, "delete rows", |c, (code, month, upload)| {
        uploads::delete_rows_chunk(c, code, month, upload)
    })?;
    in_batches(c, &l.sets, "delete persons", |c, (code, set)| {
        uploads::delete_set_chunk(c, code, set)
    })?;
    if let Some(id) = l.import {
        uploads::end(c, id)?;
    }
    Ok(())
}

/// Runs `delete` on each of `groups` until it says the group is gone (`true`), in
/// transactions of about `HOLD` with a pause after each.
fn in_batches<T: Copy>(
    c: &mut DbConn,
    groups: &[T],
    step: &'static str,
    mut delete: impl FnMut(&mut DbConn, T) -> diesel::QueryResult<bool>,
) -> diesel::QueryResult<()> {
    let mut rest = groups;
    while !rest.is_empty() {
        let started = Instant::now();
        rest = c.transaction(|c| {
            uploads::take_writer(c)?;
            let mut rest = rest;
            while let Some(&group) = rest.first() {
                if delete(c, group)? {
                    rest = &rest[1..];
                }
                if started.elapsed() >= HOLD {
                    break;
                }
            }
            diesel::QueryResult::Ok(rest)
        })?;
        held(step, started);
        pause(c);
    }
    Ok(())
}

/// What the start of the application removes: the rows and person sets of imports that
/// died (not heard from in a minute) or failed, and of uploads since replaced. The
/// number of (municipality-month, upload) groups and person sets removed.
pub fn remove_orphans(c: &mut DbConn) -> diesel::QueryResult<(usize, usize)> {
    let before = crate::app::clock::system_now() - chrono::Duration::seconds(60);
    uploads::remove_stale(c, before)?;
    let leftovers = Leftovers {
        rows: uploads::garbage_rows(c)?,
        sets: uploads::garbage_sets(c)?,
        import: None,
    };
    remove(c, &leftovers)?;
    Ok((leftovers.rows.len(), leftovers.sets.len()))
}

/// Writes the sorted rows under upload `id`, each transaction holding the writer for
/// about `HOLD`. A person twice in a month is the file's problem.
fn write(
    conn: &mut DbConn,
    id: i64,
    sorted: super::sort::Sorted,
    written: &mut Written,
    progress: &mut dyn FnMut(u64),
) -> Result<(), ImportError> {
    let size = rows::batch_size(conn);
    let mut sorted = sorted.peekable();
    let mut batch: Vec<NewRow> = Vec::with_capacity(size);
    let mut lines: Vec<usize> = Vec::with_capacity(size);
    let mut last: Option<(i32, i32, [u8; 32])> = None;
    // On SQLite each municipality's persons are counted as its rows go by (they come
    // sorted by municipality), and written when its last row is: no statement over all
    // its rows afterwards. PostgreSQL counts them in the database (`count_persons`).
    let mut counter = matches!(conn, DbConn::Sqlite(_)).then(PersonCounter::default);
    loop {
        let started = Instant::now();
        let (more, ended) = conn.transaction(|c| -> Result<(bool, bool), ImportError> {
            uploads::heartbeat(c, id, crate::app::clock::system_now())?;
            loop {
                let mut more = true;
                let mut ended = false;
                while batch.len() < size {
                    let next_code = match sorted.peek() {
                        None => {
                            more = false;
                            break;
                        }
                        Some(Ok((_, row))) => Some(i32::from(row.municipality.as_u16())),
                        Some(Err(_)) => None,
                    };
                    if let (Some(counter), Some(code)) = (&counter, next_code) {
                        if counter.code.is_some_and(|c| c != code) {
                            ended = true;
                            break;
                        }
                    }
                    let Some(item) = sorted.next() else {
                        more = false;
                        break;
                    };
                    let (line, row) = item.map_err(internal)?;
                    let new = NewRow::from(&row);
                    let key = (new.municipality_code, new.month, new.person);
                    if last == Some(key) {
                        return Err(ImportError::Rows(vec![duplicate(line)]));
                    }
                    last = Some(key);
                    *written.months.entry((key.0, key.1)).or_default() += 1;
                    if let Some(counter) = &mut counter {
                        counter.add(&new);
                    }
                    batch.push(new);
                    lines.push(line);
                }
                if let Some(line) = rows::insert(c, id, &batch, &lines)? {
                    return Err(ImportError::Rows(vec![duplicate(line)]));
                }
                written.rows += batch.len() as u64;
                batch.clear();
                lines.clear();
                if !more || ended || started.elapsed() >= HOLD {
                    return Ok((more, ended));
                }
            }
        })?;
        held("write rows", started);
        progress(written.rows);
        if ended || !more {
            if let Some(counter) = &mut counter {
                if let Some((code, persons)) = counter.take() {
                    pause(conn);
                    let months = written.months_of(code);
                    let counted = persons_counted(conn, id, code, &months, persons)?;
                    written.sets.insert(code);
                    written.counted.insert(code, counted);
                }
            }
        }
        if !more {
            return Ok(());
        }
        pause(conn);
    }
}

/// One person's rows in a municipality so far: the counting rule of `PERSON_COUNTS`
/// (highest group, first and last month, months), kept so that two parts merge.
#[derive(Clone, Copy)]
struct PersonRows {
    group: i16,
    first: i32,
    last: i32,
    months: i64,
}

impl PersonRows {
    fn merge(&mut self, other: PersonRows) {
        self.group = self.group.max(other.group);
        self.first = self.first.min(other.first);
        self.last = self.last.max(other.last);
        self.months += other.months;
    }
}

/// The persons of the municipality whose rows are being written.
#[derive(Default)]
struct PersonCounter {
    code: Option<i32>,
    persons: std::collections::HashMap<[u8; 32], PersonRows>,
}

impl PersonCounter {
    fn add(&mut self, row: &NewRow) {
        self.code = Some(row.municipality_code);
        let seen = PersonRows {
            group: row.assessment_group,
            first: row.month,
            last: row.month,
            months: 1,
        };
        self.persons
            .entry(row.person)
            .and_modify(|p| p.merge(seen))
            .or_insert(seen);
    }

    /// The municipality counted and its persons, leaving the counter empty.
    fn take(&mut self) -> Option<(i32, std::collections::HashMap<[u8; 32], PersonRows>)> {
        let code = self.code.take()?;
        Some((code, std::mem::take(&mut self.persons)))
    }
}

/// A municipality's set `id`: the persons of its new rows merged with those of its
/// current rows in the other months (read, which takes no lock), written in pseudonym
/// order in transactions of about `HOLD`.
fn persons_counted(
    c: &mut DbConn,
    id: i64,
    code: i32,
    months: &[i32],
    mut persons: std::collections::HashMap<[u8; 32], PersonRows>,
) -> Result<Persons, ImportError> {
    let base = uploads::current_set(c, code)?;
    for p in uploads::read_persons_elsewhere(c, code, months)? {
        let Ok(person) = <[u8; 32]>::try_from(p.person.as_slice()) else {
            return Err(internal("a stored pseudonym is not 32 bytes"));
        };
        // An assessed person's months are not kept (`PERSON_COUNTS`): any months do.
        let stored = PersonRows {
            group: i16::from(p.assessed),
            first: p.first_month.unwrap_or(i32::MAX),
            last: p.last_month.unwrap_or(i32::MIN),
            months: p.months.unwrap_or(0),
        };
        persons
            .entry(person)
            .and_modify(|n| n.merge(stored))
            .or_insert(stored);
    }
    let mut list: Vec<PersonAggregate> = persons
        .into_iter()
        .map(|(person, p)| {
            let assessed = p.group > 0;
            PersonAggregate {
                municipality_code: code,
                person: person.to_vec(),
                assessed,
                first_month: (!assessed).then_some(p.first),
                last_month: (!assessed).then_some(p.last),
                months: (!assessed).then_some(p.months),
            }
        })
        .collect();
    list.sort_unstable_by(|a, b| a.person.cmp(&b.person));
    let totals = write_set(c, id, &list)?;
    Ok(Persons { base, totals })
}

/// Writes a municipality's persons into set `id` in transactions of about `HOLD`; its
/// totals (persons, of them assessed).
fn write_set(
    c: &mut DbConn,
    id: i64,
    persons: &[PersonAggregate],
) -> Result<(i64, i64), ImportError> {
    let mut rest = persons;
    while !rest.is_empty() {
        let started = Instant::now();
        rest = c.transaction(|c| -> diesel::QueryResult<_> {
            uploads::heartbeat(c, id, crate::app::clock::system_now())?;
            let mut rest = rest;
            while !rest.is_empty() {
                let (part, tail) = rest.split_at(rest.len().min(uploads::PERSONS_PER_INSERT));
                uploads::insert_persons(c, id, part)?;
                rest = tail;
                if started.elapsed() >= HOLD {
                    break;
                }
            }
            Ok(rest)
        })?;
        held("write persons", started);
        pause(c);
    }
    Ok(totals_of(persons))
}

/// Persons, and of them the assessed.
fn totals_of(persons: &[PersonAggregate]) -> (i64, i64) {
    let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    (
        count(persons.len()),
        count(persons.iter().filter(|p| p.assessed).count()),
    )
}

/// A municipality's new persons, counted beside the current set `base`.
struct Persons {
    base: Option<i64>,
    totals: (i64, i64),
}

/// Counts set `id` of a municipality's persons, without holding the writer for long: on
/// SQLite the persons are read (a read takes no lock) and written in transactions of
/// about `HOLD`; on PostgreSQL, where neither locks others out, counted in the database
/// a range of pseudonyms at a time.
fn count_persons(
    c: &mut DbConn,
    id: i64,
    code: i32,
    months: &[i32],
    written: &Written,
) -> Result<Persons, ImportError> {
    let base = uploads::current_set(c, code)?;
    if matches!(c, DbConn::Sqlite(_)) {
        let persons = uploads::read_persons(c, id, code, months)?;
        let totals = write_set(c, id, &persons)?;
        return Ok(Persons { base, totals });
    }
    let new_rows: u64 = months
        .iter()
        .map(|m| written.months.get(&(code, *m)).copied().unwrap_or(0))
        .sum();
    let stored: u64 = rows::stored_persons(c, &[code])?
        .into_iter()
        .filter(|(_, m, _)| !months.contains(m))
        .map(|(_, _, n)| u64::try_from(n).unwrap_or(0))
        .sum();
    let parts = usize::try_from((new_rows + stored).div_ceil(PERSON_ROWS)).unwrap_or(256);
    for range in uploads::person_ranges(parts) {
        let started = Instant::now();
        uploads::heartbeat(c, id, crate::app::clock::system_now())?;
        count_range(c, id, code, months, range)?;
        held("count persons", started);
        pause(c);
    }
    let totals = uploads::set_totals(c, id, code)?;
    Ok(Persons { base, totals })
}

/// Counts set `id` of a municipality at once, in the caller's transaction (the switch's
/// last attempt), replacing what an earlier attempt counted into it.
fn count_now(c: &mut DbConn, id: i64, code: i32, months: &[i32]) -> Result<Persons, ImportError> {
    let base = uploads::current_set(c, code)?;
    while !uploads::delete_set_chunk(c, code, id)? {}
    let totals = if matches!(c, DbConn::Sqlite(_)) {
        let persons = uploads::read_persons(c, id, code, months)?;
        for part in persons.chunks(uploads::PERSONS_PER_INSERT) {
            uploads::insert_persons(c, id, part)?;
        }
        totals_of(&persons)
    } else {
        let all = PersonRange {
            from: None,
            to: None,
        };
        count_range(c, id, code, months, all)?;
        uploads::set_totals(c, id, code)?
    };
    Ok(Persons { base, totals })
}

fn count_range(
    c: &mut DbConn,
    id: i64,
    code: i32,
    months: &[i32],
    range: PersonRange,
) -> diesel::QueryResult<()> {
    uploads::count_persons(c, id, code, months, range)
}

/// Why a switch did not happen.
enum SwitchError {
    /// Another import switched these municipalities since their persons were counted.
    Stale(Vec<i32>),
    Failed(ImportError),
}

impl From<diesel::result::Error> for SwitchError {
    fn from(e: diesel::result::Error) -> SwitchError {
        SwitchError::Failed(e.into())
    }
}

/// Counts the new data's aggregates, then switches the municipality-months to upload
/// `id` in one short transaction with the audit entry. What it replaced, to be removed.
fn switch(
    conn: &mut DbConn,
    id: i64,
    actor: &Actor,
    now: NaiveDateTime,
    source: &str,
    written: &mut Written,
    progress: &mut dyn FnMut(u64),
) -> Result<(Summary, Leftovers), ImportError> {
    let by_code = written.by_municipality();
    let mut counts: Vec<MunicipalityMonth> = Vec::new();
    for (code, months) in &by_code {
        counts.extend(uploads::upload_counts(conn, id, *code, months)?);
    }
    // Counted while the rows were written (SQLite), or to be counted now.
    let mut persons: BTreeMap<i32, Persons> = std::mem::take(&mut written.counted);
    let months_written = written.months.clone();
    let mut stale: Vec<i32> = by_code
        .keys()
        .filter(|code| !persons.contains_key(code))
        .copied()
        .collect();
    let summary = Summary {
        rows: written.rows,
        months: written
            .months
            .iter()
            .filter_map(|(&(code, m), &n)| Some(((code, Month::from_yyyymm(m)?), n)))
            .collect(),
    };
    for attempt in 1..=SWITCH_ATTEMPTS {
        // The last attempt counts the persons inside the switch's transaction, where no
        // other import can switch the municipality in between: it holds the writer
        // longer, but only when other imports of the same municipality keep winning.
        let inside = attempt == SWITCH_ATTEMPTS;
        for code in stale.iter().filter(|_| !inside) {
            if persons.contains_key(code) {
                remove(
                    conn,
                    &Leftovers {
                        sets: vec![(*code, id)],
                        ..Leftovers::default()
                    },
                )?;
            }
            let months = by_code.get(code).map(Vec::as_slice).unwrap_or_default();
            written.sets.insert(*code);
            persons.insert(*code, count_persons(conn, id, *code, months, written)?);
        }
        // Between transactions again: the persons are counted, the switch is next.
        progress(written.rows);
        let started = Instant::now();
        // The switch is what must survive a crash; its commit makes the rows durable too.
        synchronous(conn, "FULL");
        let switched = audit::write(conn, actor, now, |c| {
            for code in stale.iter().filter(|_| inside) {
                let months = by_code.get(code).map(Vec::as_slice).unwrap_or_default();
                let counted = count_now(c, id, *code, months).map_err(SwitchError::Failed)?;
                persons.insert(*code, counted);
            }
            let stale: Vec<i32> = persons
                .iter()
                .filter_map(
                    |(code, p)| match uploads::switch_set(c, *code, p.base, id, p.totals) {
                        Ok(true) => None,
                        Ok(false) => Some(Ok(*code)),
                        Err(e) => Some(Err(e)),
                    },
                )
                .collect::<Result<_, _>>()?;
            if !stale.is_empty() {
                return Err(SwitchError::Stale(stale));
            }
            let mut old = Leftovers::default();
            for (code, months) in &by_code {
                for (_, month, upload) in uploads::current_uploads(c, *code)? {
                    if months.contains(&month) && upload != id {
                        old.rows.push((*code, month, upload));
                    }
                }
            }
            old.sets = persons
                .iter()
                .filter_map(|(code, p)| Some((*code, p.base?)))
                .filter(|(_, set)| *set != id)
                .collect();
            let records: Vec<Upload> = months_written
                .iter()
                .map(|(&(code, month), &n)| Upload {
                    municipality_code: code,
                    month,
                    rows: n,
                    uploaded_by: actor.user_id,
                    uploaded_at: now,
                    source,
                    upload_id: id,
                })
                .collect();
            uploads::record_uploads(c, &records)?;
            uploads::replace_counts(c, &counts)?;
            uploads::end(c, id)?;
            Ok((old, vec![change(source, &summary)]))
        });
        synchronous(conn, "NORMAL");
        held("switch", started);
        match switched {
            Ok(old) => return Ok((summary, old)),
            Err(SwitchError::Stale(codes)) => stale = codes,
            Err(SwitchError::Failed(e)) => return Err(e),
        }
    }
    Err(internal(
        "other imports kept replacing the same municipalities",
    ))
}

/// The audit entry: which municipality-months, how many rows.
fn change(source: &str, summary: &Summary) -> Change {
    let months: Vec<serde_json::Value> = summary
        .months
        .iter()
        .map(
            |((code, m), n)| serde_json::json!({"municipality": code, "month": m.key(), "rows": n}),
        )
        .collect();
    Change::new("monitoring.import", "monitoring", source)
        .after(&serde_json::json!({ "rows": summary.rows, "months": months }))
}
