//! Measurements in: one entered in a form (`record`), or a vendor's file of many
//! (`import`). Both pseudonymise the CPR number at once with the monitoring key, check
//! the order of a person's measurements (`domain::questionnaire::due::check`) against
//! what is stored, and write in one transaction with the audit entry; a measurement of a
//! person and kind already stored is replaced. Nothing here keeps or repeats a CPR number.

use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::{require_current, window_months};
use crate::db::audit::{self, Actor, Change};
use crate::db::queries::questionnaire::{self as rows, MeasurementRow, NewMeasurement};
use crate::db::DbConn;
use crate::domain::monitoring::cpr::Cpr;
use crate::domain::monitoring::pseudonym::{Pseudonym, Pseudonymizer};
use crate::domain::questionnaire::due::{self, SequenceError};
use crate::domain::questionnaire::file::{Assembler, Measurement, Reader, RowError};
use crate::domain::questionnaire::set::encode_answers;
use crate::domain::questionnaire::{ExitReason, MeasurementKind};
use crate::error::{AppError, AppResult, FieldErrors, Msg};

/// Line problems reported at most; the count says how many more there were.
pub const MAX_PROBLEMS: usize = 100;

/// Who the form is about: a CPR number typed now, or the pseudonym of one already read
/// (a due list's link, or the form's own earlier round). The CPR number wins when both
/// are given. The message never repeats what was typed.
pub fn identify(cpr: &str, person: &str, key: &Pseudonymizer) -> Result<Pseudonym, Msg> {
    if !cpr.trim().is_empty() {
        return Cpr::parse(cpr)
            .map(|c| key.pseudonymize(&c))
            .map_err(|e| Msg::new("questionnaire-cpr-invalid").arg("reason", e.key()));
    }
    if person.trim().is_empty() {
        return Err(Msg::new("questionnaire-cpr-missing"));
    }
    Pseudonym::from_hex(person.trim()).ok_or_else(|| Msg::new("questionnaire-person-invalid"))
}

/// A measurement as typed in the form.
#[derive(Clone, Debug, Default)]
pub struct Entry {
    pub kind: String,
    pub date: String,
    pub exit_reason: String,
    /// (question code, answer as typed or chosen)
    pub answers: Vec<(String, String)>,
}

/// What was recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Recorded {
    pub kind: MeasurementKind,
    pub measured_on: NaiveDate,
    /// A stored measurement of the person and kind was replaced.
    pub replaced: bool,
    /// The question-set version it was given under.
    pub version: i32,
}

/// The field an answer's error is shown at.
pub fn answer_field(code: &str) -> String {
    format!("q-{code}")
}

fn sequence_msg(e: SequenceError) -> Msg {
    let mut m = Msg::new(e.key());
    for (name, value) in e.args() {
        m = m.arg(name, value);
    }
    m
}

/// The stored measurements of each person, by kind: (date) per kind.
type Stored = HashMap<Vec<u8>, [Option<NaiveDate>; 3]>;

fn stored_of(rows: Vec<MeasurementRow>) -> Stored {
    let mut out: Stored = HashMap::with_capacity(rows.len());
    for r in rows {
        if let Some(kind) = MeasurementKind::from_i16(r.kind) {
            out.entry(r.person).or_default()[kind_index(kind)] = Some(r.measured_on);
        }
    }
    out
}

fn kind_index(kind: MeasurementKind) -> usize {
    match kind {
        MeasurementKind::Baseline => 0,
        MeasurementKind::FollowUp => 1,
        MeasurementKind::Exit => 2,
    }
}

/// Checks one new measurement against the person's dates (`dates`, by kind, with the new
/// one not yet in them).
fn check_sequence(
    kind: MeasurementKind,
    date: NaiveDate,
    dates: &[Option<NaiveDate>; 3],
    window: u32,
    today: NaiveDate,
) -> Result<(), SequenceError> {
    due::check(kind, date, dates[0], dates[1], dates[2], window, today)
}

/// The field a sequence problem belongs to in the form.
fn sequence_field(e: SequenceError) -> &'static str {
    match e {
        SequenceError::NoBaseline
        | SequenceError::FollowUpAfterExit
        | SequenceError::ExitAfterFollowUp => "kind",
        _ => "date",
    }
}

/// Records one measurement from the form for municipality `code`: every field checked in
/// one round (`person` is `identify`'s answer, its problem shown at `cpr`), then written
/// with its audit entry. The audit entry names the measurement's row, not the person.
#[allow(clippy::too_many_arguments)]
pub fn record(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    today: NaiveDate,
    pool_id: i64,
    code: i32,
    person: Result<Pseudonym, Msg>,
    entry: &Entry,
) -> AppResult<Recorded> {
    audit::write(conn, actor, now, |c| {
        let current = require_current(c, pool_id)?;
        let window = window_months(c, pool_id)?;
        let mut errors = FieldErrors::default();
        let person = person.map_err(|m| errors.add("cpr", m)).ok();
        let kind = MeasurementKind::parse(&entry.kind);
        if kind.is_none() {
            errors.add("kind", Msg::new("questionnaire-kind-invalid"));
        }
        let date = match crate::domain::time::parse_date_input(&entry.date) {
            None => {
                errors.add("date", Msg::new("date-invalid"));
                None
            }
            Some(d) => match crate::domain::time::within_years(d) {
                Ok(d) => Some(d),
                Err(e) => {
                    errors.add("date", Msg::new(e.key()));
                    None
                }
            },
        };
        let exit_reason = if entry.exit_reason.trim().is_empty() {
            None
        } else {
            let r = ExitReason::parse(&entry.exit_reason);
            if r.is_none() {
                errors.add("exit_reason", Msg::new("questionnaire-exit-reason-invalid"));
            }
            r
        };
        match (kind, exit_reason) {
            (Some(MeasurementKind::Exit), None) if entry.exit_reason.trim().is_empty() => {
                errors.add("exit_reason", Msg::new("questionnaire-exit-reason-missing"))
            }
            (Some(MeasurementKind::Baseline | MeasurementKind::FollowUp), Some(_)) => errors.add(
                "exit_reason",
                Msg::new("questionnaire-exit-reason-not-allowed"),
            ),
            _ => {}
        }
        let answers = match current.set.validate_answers(&entry.answers) {
            Ok(a) => Some(a),
            Err(problems) => {
                for (code, e) in problems {
                    let mut m = Msg::new(e.key());
                    for (name, value) in e.args() {
                        m = m.arg(name, value);
                    }
                    errors.add(answer_field(&code), m);
                }
                None
            }
        };
        let stored = match &person {
            Some(p) => stored_of(rows::person_measurements(c, pool_id, code, p.as_bytes())?),
            None => Stored::new(),
        };
        let mut replaced = false;
        if let (Some(p), Some(kind), Some(date)) = (&person, kind, date) {
            let mut dates = stored
                .get(p.as_bytes().as_slice())
                .copied()
                .unwrap_or_default();
            replaced = dates[kind_index(kind)].is_some();
            dates[kind_index(kind)] = None;
            if let Err(e) = check_sequence(kind, date, &dates, window, today) {
                errors.add(sequence_field(e), sequence_msg(e));
            }
        }
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        let (Some(person), Some(kind), Some(date), Some(answers)) = (person, kind, date, answers)
        else {
            return Err(AppError::internal("a checked measurement lacks a part"));
        };
        let row = NewMeasurement {
            municipality_code: code,
            person: person.as_bytes().to_vec(),
            kind: kind.to_i16(),
            measured_on: date,
            exit_reason: exit_reason.map(ExitReason::to_i16),
            answers: encode_answers(&answers),
        };
        rows::upsert(c, pool_id, current.id, "form", actor.user_id, now, &[row])?;
        let recorded = Recorded {
            kind,
            measured_on: date,
            replaced,
            version: current.version,
        };
        let change = Change::new("questionnaire.measurement", "municipality", code)
            .after(&(recorded, "form"));
        Ok((recorded, vec![change]))
    })
}

/// One line problem of an import, as a message naming line and column.
#[derive(Clone, Debug, Serialize)]
pub struct LineProblem {
    pub line: usize,
    pub field: &'static str,
    #[serde(skip)]
    pub msg: Msg,
}

/// Why an import wrote nothing.
#[derive(Debug)]
pub enum ImportError {
    /// The file's lines: at most [`MAX_PROBLEMS`], and how many more there were.
    Lines {
        problems: Vec<LineProblem>,
        more: usize,
    },
    App(AppError),
}

impl From<AppError> for ImportError {
    fn from(e: AppError) -> Self {
        ImportError::App(e)
    }
}

impl From<diesel::result::Error> for ImportError {
    fn from(e: diesel::result::Error) -> Self {
        ImportError::App(AppError::Db(e))
    }
}

impl ImportError {
    /// The problems as field errors ("line 7"), for a page or the API.
    pub fn into_app_error(self) -> AppError {
        match self {
            ImportError::App(e) => e,
            ImportError::Lines { problems, more } => {
                let mut f = FieldErrors::default();
                for p in problems {
                    f.add(format!("line {}", p.line), p.msg);
                }
                if more > 0 {
                    f.add(
                        "file",
                        Msg::new("questionnaire-file-more-problems").arg("more", more),
                    );
                }
                AppError::Invalid(f)
            }
        }
    }
}

fn row_problem(e: &RowError) -> LineProblem {
    let mut msg = Msg::new(e.key());
    for (name, value) in e.args() {
        msg = msg.arg(name, value);
    }
    LineProblem {
        line: e.line,
        field: e.field,
        msg,
    }
}

#[derive(Default)]
struct Problems {
    list: Vec<LineProblem>,
    more: usize,
}

impl Problems {
    fn push(&mut self, p: LineProblem) {
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(p);
        } else {
            self.more += 1;
        }
    }

    fn into_result(mut self) -> Result<(), ImportError> {
        if self.list.is_empty() {
            return Ok(());
        }
        self.list.sort_by_key(|p| p.line);
        Err(ImportError::Lines {
            problems: self.list,
            more: self.more,
        })
    }
}

/// What an import wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Imported {
    pub lines: usize,
    pub measurements: usize,
    pub answers: usize,
    /// Measurements that replaced stored ones.
    pub replaced: usize,
    pub municipalities: usize,
    pub version: i32,
}

/// Imports a vendor's answer file (`domain::questionnaire::file`) into the pool's current
/// question set: all or nothing. `only` limits it to one municipality (a municipality's
/// own upload): a line of another is an error. Each measurement replaces the stored one
/// of its person and kind.
#[allow(clippy::too_many_arguments)]
pub fn import<R: BufRead>(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    today: NaiveDate,
    pool_id: i64,
    only: Option<i32>,
    key: &Pseudonymizer,
    input: R,
    source: &str,
) -> Result<Imported, ImportError> {
    let current = require_current(conn, pool_id)?;
    let window = window_months(conn, pool_id)?;
    let mut problems = Problems::default();
    let mut assembler = Assembler::new(&current.set);
    let mut reader = Reader::new(input, key, &current.set);
    let mut lines = 0;
    for item in &mut reader {
        match item {
            Ok(line) => {
                lines += 1;
                if let Some(code) = only {
                    if i32::from(line.municipality.as_u16()) != code {
                        problems.push(LineProblem {
                            line: line.line,
                            field: "municipality_code",
                            msg: Msg::new("questionnaire-file-other-municipality")
                                .arg("line", line.line)
                                .arg("field", "municipality_code")
                                .arg("code", format!("{code:03}")),
                        });
                        continue;
                    }
                }
                if let Err(e) = assembler.push(line) {
                    problems.push(row_problem(&e));
                }
            }
            Err(e) => problems.push(row_problem(&e)),
        }
    }
    // A line refused above leaves its measurement without that answer: the assembler
    // would call a required one missing. Those follow-ups are left for the next round,
    // when the lines themselves are right.
    let lines_refused = !problems.list.is_empty();
    let measurements = match assembler.finish() {
        Ok(m) => m,
        Err(_) if lines_refused => Vec::new(),
        Err(errors) => {
            for e in &errors {
                problems.push(row_problem(e));
            }
            Vec::new()
        }
    };
    problems.into_result()?;
    let answers: usize = measurements
        .iter()
        .map(|m| m.answers.iter().filter(|a| a.is_some()).count())
        .sum();
    let mut by_code: BTreeMap<i32, Vec<&Measurement>> = BTreeMap::new();
    for m in &measurements {
        by_code
            .entry(i32::from(m.municipality.as_u16()))
            .or_default()
            .push(m);
    }
    audit::write(conn, actor, now, |c| {
        let mut problems = Problems::default();
        let mut replaced = 0;
        let mut new_rows = Vec::with_capacity(measurements.len());
        for (&code, list) in &by_code {
            let mut stored = stored_of(rows::measurements(c, pool_id, Some(code))?);
            // The file's own measurements count as stored for each other (a follow-up
            // in the same file as its baseline).
            let mut file_dates: HashMap<&[u8], [Option<NaiveDate>; 3]> = HashMap::new();
            for m in list {
                file_dates
                    .entry(m.person.as_bytes().as_slice())
                    .or_default()[kind_index(m.kind)] = Some(m.date);
            }
            for m in list {
                let key = m.person.as_bytes().to_vec();
                let before = stored.remove(&key).unwrap_or_default();
                let own = file_dates
                    .get(m.person.as_bytes().as_slice())
                    .copied()
                    .unwrap_or_default();
                if before[kind_index(m.kind)].is_some() {
                    replaced += 1;
                }
                let mut dates = before;
                for (i, d) in own.iter().enumerate() {
                    if d.is_some() {
                        dates[i] = *d;
                    }
                }
                dates[kind_index(m.kind)] = None;
                if let Err(e) = check_sequence(m.kind, m.date, &dates, window, today) {
                    // One message for the file, selecting on the problem, with the line.
                    let mut msg = Msg::new("questionnaire-file-sequence")
                        .arg("line", m.first_line)
                        .arg("problem", e.key());
                    for (name, value) in e.args() {
                        msg = msg.arg(name, value);
                    }
                    problems.push(LineProblem {
                        line: m.first_line,
                        field: "date",
                        msg,
                    });
                }
                stored.insert(key, before);
                new_rows.push(NewMeasurement {
                    municipality_code: code,
                    person: m.person.as_bytes().to_vec(),
                    kind: m.kind.to_i16(),
                    measured_on: m.date,
                    exit_reason: m.exit_reason.map(ExitReason::to_i16),
                    answers: encode_answers(&m.answers),
                });
            }
        }
        problems.into_result()?;
        rows::upsert(
            c,
            pool_id,
            current.id,
            "import",
            actor.user_id,
            now,
            &new_rows,
        )?;
        let imported = Imported {
            lines,
            measurements: measurements.len(),
            answers,
            replaced,
            municipalities: by_code.len(),
            version: current.version,
        };
        let change = Change::new("questionnaire.import", "pool", pool_id).after(&(
            &imported,
            source,
            by_code.keys().collect::<Vec<_>>(),
        ));
        Ok((imported, vec![change]))
    })
}
