//! The all-or-nothing import of pseudonymised person-months, one transaction with its
//! audit entry, for the pages and the API (through `upload`), the CLI and the demo.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDateTime;

use crate::db::audit::{self, Actor, Change};
use crate::db::queries::monitoring::{self as rows, NewRow, Upload};
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

fn duplicate(line: usize) -> RowProblem {
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

/// The work of one import inside its transaction: the rows not yet written, the
/// municipality-months met so far with their rows, and the problems.
struct Batch {
    only: Option<i32>,
    size: usize,
    rows: Vec<NewRow>,
    lines: Vec<usize>,
    /// (municipality, yyyymm) → rows, kept as integers: this runs once per row.
    months: BTreeMap<(i32, i32), u64>,
    /// The municipalities where one of those months held rows before.
    replaced: BTreeSet<i32>,
    problems: Problems,
    written: u64,
}

impl Batch {
    fn new(c: &DbConn, only: Option<i32>) -> Batch {
        let size = rows::batch_size(c);
        Batch {
            only,
            size,
            rows: Vec::with_capacity(size),
            lines: Vec::with_capacity(size),
            months: BTreeMap::new(),
            replaced: BTreeSet::new(),
            problems: Problems::default(),
            written: 0,
        }
    }

    /// Takes one good row; `false` when the import cannot go on (a repeated person).
    fn take(
        &mut self,
        c: &mut DbConn,
        line: usize,
        row: &PersonMonth,
    ) -> diesel::QueryResult<bool> {
        if let Some(p) = not_own(self.only, line, row) {
            self.problems.note(p);
            return Ok(true);
        }
        if !self.problems.is_empty() {
            // Nothing will be written; keep checking the rest of the file only.
            return Ok(true);
        }
        let new = NewRow::from(row);
        self.replace_month(c, new.municipality_code, new.month)?;
        self.rows.push(new);
        self.lines.push(line);
        self.written += 1;
        if self.rows.len() >= self.size {
            return self.flush(c);
        }
        Ok(true)
    }

    /// The first row of a municipality-month removes what was stored for it.
    fn replace_month(&mut self, c: &mut DbConn, code: i32, month: i32) -> diesel::QueryResult<()> {
        match self.months.get_mut(&(code, month)) {
            Some(n) => *n += 1,
            None => {
                if rows::delete_month(c, code, month)? > 0 {
                    self.replaced.insert(code);
                }
                self.months.insert((code, month), 1);
            }
        }
        Ok(())
    }

    /// Writes the buffered rows; `false` (and the problem noted) for a repeated person.
    fn flush(&mut self, c: &mut DbConn) -> diesel::QueryResult<bool> {
        let repeated = rows::insert(c, &self.rows, &self.lines)?;
        self.rows.clear();
        self.lines.clear();
        if let Some(line) = repeated {
            self.problems.note(duplicate(line));
        }
        Ok(repeated.is_none())
    }

    /// Writes the rest; the rows per municipality-month, or why nothing may be kept.
    fn finish(mut self, c: &mut DbConn) -> Result<Summary, ImportError> {
        if self.problems.is_empty() {
            self.flush(c)?;
        }
        if !self.problems.is_empty() {
            return Err(ImportError::Rows(self.problems.into_vec()));
        }
        if self.written == 0 {
            return Err(ImportError::Rows(vec![RowProblem {
                line: 1,
                field: "file",
                msg: Msg::new("csv-no-rows"),
            }]));
        }
        // The maintained aggregates of exactly the months and municipalities replaced, in
        // this transaction.
        let keys = self.months.keys().copied().collect();
        rows::recount_months(c, &keys)?;
        rows::recount_persons(c, &keys, &self.replaced)?;
        let months = self
            .months
            .into_iter()
            .filter_map(|((code, m), n)| Some(((code, Month::from_yyyymm(m)?), n)))
            .collect();
        Ok(Summary {
            rows: self.written,
            months,
        })
    }
}

/// Imports a whole file in one transaction: every (municipality, month) in it replaces
/// what was stored for that municipality and month; any bad row, a row for another
/// municipality than `only` (a municipal user's own), or a person twice in the same
/// month, and nothing is written. Rows are streamed: memory does not grow with the file.
/// `source` says where the file came from (`upload`, `api`, `cli: FILE`, ...);
/// `progress` hears the rows taken so far.
pub fn import(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    rows: impl Iterator<Item = Item>,
    only: Option<i32>,
    source: &str,
    progress: &mut dyn FnMut(u64),
) -> Result<Summary, ImportError> {
    audit::write(conn, actor, now, |c| {
        let mut batch = Batch::new(c, only);
        for item in rows {
            let (line, row) = match item {
                Ok(r) => r,
                Err(p) => {
                    batch.problems.note(p);
                    continue;
                }
            };
            if !batch.take(c, line, &row)? {
                break;
            }
            if batch.written % 10_000 == 0 && batch.written > 0 {
                progress(batch.written);
            }
        }
        let summary = batch.finish(c)?;
        progress(summary.rows);
        for ((code, month), n) in &summary.months {
            rows::record_upload(
                c,
                &Upload {
                    municipality_code: *code,
                    month: month.yyyymm(),
                    rows: *n,
                    uploaded_by: actor.user_id,
                    uploaded_at: now,
                    source,
                },
            )?;
        }
        let change = change(source, &summary);
        Ok((summary, vec![change]))
    })
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
