//! The questionnaire answer file (besvarelser) from the municipality's IT vendor's
//! progression module, its streaming reader, and the assembly of its lines into
//! measurements.
//!
//! # The file format
//!
//! One line per answer: a measurement (måling) of one citizen is as many lines as it
//! has answers, normally next to each other.
//!
//! - **Encoding**: UTF-8; a byte-order mark at the start is ignored.
//! - **Lines** end in LF or CRLF; the last line may lack its line end. Blank lines, and
//!   lines of separators only, are skipped but still counted, so a reported line number
//!   is the line number in any text editor. A line may be at most 1024 bytes.
//! - **Separator**: `,` or `;`, taken from the header line (`;` if the header contains
//!   one, as Danish Excel writes). A field may be enclosed in double quotes, which is
//!   needed for an answer text holding the separator (`"Job; ordinær"`). Spaces around
//!   a field are ignored. Empty fields after the seventh (Excel's trailing `;;`) are
//!   ignored.
//! - **Header**: the first non-blank line is exactly these seven column names in this
//!   order (upper or lower case):
//!
//!   `cpr,municipality_code,measurement,date,exit_reason,question,answer`
//!
//! - **Columns**, all seven on every line:
//!
//! | column | required | accepted values |
//! |---|---|---|
//! | `cpr` | yes | the citizen's CPR number, `DDMMYYSSSS` or `DDMMYY-SSSS`; the first six digits must be a real date (century from the seventh digit); no modulus-11 check |
//! | `municipality_code` | yes | the three-digit municipality code (kommunekode), e.g. `615`; `0615` is also read |
//! | `measurement` | yes | `baseline` (also `start`, `førstegangsmåling`), `follow-up` (`followup`, `opfølgning`) or `exit` (`afslutning`, `slut`) |
//! | `date` | yes | the day the citizen answered: `2018-02-28`, or Danish `28-02-2018`, `28.02.2018`, `28/02/2018`; day and month may have one digit; years 2000–2099 |
//! | `exit_reason` | for `exit` only | why the citizen left before the follow-up: `job`, `uddannelse`/`education`, `fleksjob`/`flexjob`/`flex-job`, `rehabiliteringsteam`/`rehabiliteringsteamet`/`rehabilitering`/`rehabilitation-team`/`rehabilitation`; must be empty for `baseline` and `follow-up` |
//! | `question` | yes | the question's code in the current question set, e.g. `parat` (any case) |
//! | `answer` | for required questions | the answer, as the question's kind takes it: a scale or a number as a whole number (`3`, `-2`; no decimals, no thousands separators) in the question's range; yes/no as `ja`/`nej`, `yes`/`no`, `1`/`0`, `true`/`false`, `sand`/`falsk`; a choice as the option's number (`2`) or its Danish or English text. Empty means "not answered", allowed for optional questions only |
//!
//! Words are read regardless of case. All lines of one measurement — the same citizen,
//! municipality and measurement — must give the same date and exit reason, and each
//! question at most once; every required question of the set must have an answer. A
//! citizen has a follow-up or an exit measurement, not both: the exit stands in for the
//! follow-up of someone who left before it.
//!
//! # Privacy
//!
//! The CPR number is validated and replaced by its [`Pseudonym`] while the line is
//! read; no error ever repeats a field's content (except a municipality code of at most
//! four digits and a question's code from the set). A bad CPR field is reported only as,
//! e.g., "line 7, field cpr: wrong length: a CPR number has 10 digits, DDMMYY-SSSS".
//!
//! Example:
//!
//! ```text
//! cpr;municipality_code;measurement;date;exit_reason;question;answer
//! 010190-1234;615;baseline;2018-02-28;;parat;3
//! 010190-1234;615;baseline;2018-02-28;;netvaerk;ja
//! 010190-1234;615;baseline;2018-02-28;;forventning;Uddannelse
//! 010190-1234;615;baseline;2018-02-28;;trivsel;
//! 0202851234;615;afslutning;15.01.2019;job;parat;5
//! ```

use std::collections::HashMap;
use std::fmt;
use std::io::{self, BufRead};
// The tests read from chained and failing inputs.
#[cfg(test)]
use std::io::Read;

use chrono::NaiveDate;
use thiserror::Error;

use super::set::{AnswerError, Answers, QuestionSet, MAX_CODE_CHARS};
use super::{ExitReason, MeasurementKind};
pub use crate::domain::csv_lines::MAX_LINE_BYTES;
use crate::domain::csv_lines::{row_errors, FieldCheck, Format, LineReader, MAX_FIELDS};
use crate::domain::monitoring::cpr::{Cpr, CprError};
use crate::domain::monitoring::pseudonym::{Pseudonym, Pseudonymizer};
use crate::domain::municipality::{CodeError, MunicipalityCode};

/// The header line, with `,`.
pub const HEADER: &str = "cpr,municipality_code,measurement,date,exit_reason,question,answer";
/// The column names, in order; also the `field` of a [`RowError`].
pub const COLUMNS: [&str; 7] = [
    "cpr",
    "municipality_code",
    "measurement",
    "date",
    "exit_reason",
    "question",
    "answer",
];
/// The years a measurement's date may be in: a date outside is a typing error.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2099;

/// A question's code held without allocating, so that a [`RowError`] naming one stays
/// `Copy`. Codes are at most [`MAX_CODE_CHARS`] ASCII characters.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct QuestionCode {
    bytes: [u8; MAX_CODE_CHARS],
    len: u8,
}

impl QuestionCode {
    /// The code, cut at [`MAX_CODE_CHARS`] bytes (on a character boundary) if a set
    /// that was never validated holds a longer one.
    pub fn new(code: &str) -> QuestionCode {
        let mut end = code.len().min(MAX_CODE_CHARS);
        while !code.is_char_boundary(end) {
            end -= 1;
        }
        let mut bytes = [0u8; MAX_CODE_CHARS];
        bytes[..end].copy_from_slice(&code.as_bytes()[..end]);
        QuestionCode {
            bytes,
            len: u8::try_from(end).unwrap_or(0),
        }
    }

    pub fn as_str(&self) -> &str {
        let bytes = self.bytes.get(..usize::from(self.len)).unwrap_or(&[]);
        std::str::from_utf8(bytes).unwrap_or("")
    }
}

impl fmt::Display for QuestionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for QuestionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

/// One problem at a 1-based line of the file. `field` is the column name from
/// [`COLUMNS`], or `""` when the problem is the whole line. Nothing here holds any of
/// the line's content.
pub type RowError = crate::domain::line_error::LineError<RowErrorKind>;

impl crate::domain::line_error::LineErrorKind for RowErrorKind {
    fn key(&self) -> &'static str {
        RowErrorKind::key(self)
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        let mut args = Vec::new();
        match *self {
            RowErrorKind::WrongHeader { column } => args.push(("column", column.to_string())),
            RowErrorKind::WrongFieldCount { found } => args.push(("found", found.to_string())),
            RowErrorKind::UnknownMunicipality { code } => args.push(("code", format!("{code:03}"))),
            RowErrorKind::Read { kind } => args.push(("reason", kind.to_string())),
            RowErrorKind::Answer(e) => args.extend(e.args()),
            RowErrorKind::AnswerMissing { code } => args.push(("code", code.to_string())),
            _ => {}
        }
        args
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum RowErrorKind {
    #[error("the file could not be read ({kind})")]
    Read { kind: io::ErrorKind },
    #[error("the line is not UTF-8 text; save the file as \"CSV UTF-8\"")]
    NotUtf8,
    #[error("the line is longer than {MAX_LINE_BYTES} bytes")]
    LineTooLong,
    #[error("the file must start with the header {HEADER}")]
    MissingHeader,
    #[error("the header must be {HEADER}; column {column} differs")]
    WrongHeader { column: usize },
    #[error("the file has a header but no lines of data")]
    NoRows,
    #[error("expected 7 fields, found {found}")]
    WrongFieldCount { found: usize },
    #[error("the value is missing")]
    Missing,
    #[error("{0}")]
    Cpr(CprError),
    #[error("a municipality code is three digits, e.g. 615")]
    MunicipalityMalformed,
    #[error("{code:03} is not the code of a Danish municipality")]
    UnknownMunicipality { code: u16 },
    #[error("the measurement is baseline, follow-up or exit (start, opfølgning, afslutning)")]
    Measurement,
    #[error("a date is written 2018-02-28, 28-02-2018 or 28.02.2018, in the years 2000 to 2099")]
    Date,
    #[error("an exit measurement needs the reason the citizen left: job, uddannelse, fleksjob or rehabiliteringsteam")]
    ExitReasonMissing,
    #[error("only an exit measurement has an exit reason; leave it empty")]
    ExitReasonNotAllowed,
    #[error("the exit reason is job, uddannelse, fleksjob or rehabiliteringsteam (or education, flexjob, rehabilitation)")]
    ExitReason,
    #[error("no question of the current question set has this code")]
    QuestionUnknown,
    #[error("{0}")]
    Answer(AnswerError),
    #[error("the same measurement of this citizen has another value on an earlier line")]
    MeasurementDiffers,
    #[error("this question is already answered on an earlier line of the same measurement")]
    QuestionTwice,
    #[error("the required question {code} has no answer in this measurement")]
    AnswerMissing { code: QuestionCode },
    #[error(
        "the citizen has both a follow-up and an exit measurement; an exit replaces the follow-up"
    )]
    FollowUpAndExit,
}

impl RowErrorKind {
    pub fn key(&self) -> &'static str {
        match self {
            RowErrorKind::Read { .. } => "questionnaire-file-read",
            RowErrorKind::NotUtf8 => "questionnaire-file-not-utf8",
            RowErrorKind::LineTooLong => "questionnaire-file-line-too-long",
            RowErrorKind::MissingHeader => "questionnaire-file-missing-header",
            RowErrorKind::WrongHeader { .. } => "questionnaire-file-wrong-header",
            RowErrorKind::NoRows => "questionnaire-file-no-rows",
            RowErrorKind::WrongFieldCount { .. } => "questionnaire-file-wrong-field-count",
            RowErrorKind::Missing => "questionnaire-file-missing",
            RowErrorKind::Cpr(CprError::WrongLength) => "questionnaire-file-cpr-wrong-length",
            RowErrorKind::Cpr(CprError::NotDigits) => "questionnaire-file-cpr-not-digits",
            RowErrorKind::Cpr(CprError::InvalidDate) => "questionnaire-file-cpr-invalid-date",
            RowErrorKind::MunicipalityMalformed => "questionnaire-file-municipality-malformed",
            RowErrorKind::UnknownMunicipality { .. } => "questionnaire-file-municipality-unknown",
            RowErrorKind::Measurement => "questionnaire-file-measurement",
            RowErrorKind::Date => "questionnaire-file-date",
            RowErrorKind::ExitReasonMissing => "questionnaire-file-exit-reason-missing",
            RowErrorKind::ExitReasonNotAllowed => "questionnaire-file-exit-reason-not-allowed",
            RowErrorKind::ExitReason => "questionnaire-file-exit-reason",
            RowErrorKind::QuestionUnknown => "questionnaire-file-question-unknown",
            // The form shows the same message for the same answer.
            RowErrorKind::Answer(e) => e.key(),
            RowErrorKind::MeasurementDiffers => "questionnaire-file-measurement-differs",
            RowErrorKind::QuestionTwice => "questionnaire-file-question-twice",
            RowErrorKind::AnswerMissing { .. } => "questionnaire-file-answer-missing",
            RowErrorKind::FollowUpAndExit => "questionnaire-file-follow-up-and-exit",
        }
    }
}

/// One good line: one answer of one measurement, the citizen already pseudonymised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnswerLine {
    pub line: usize,
    pub municipality: MunicipalityCode,
    pub person: Pseudonym,
    pub kind: MeasurementKind,
    pub date: NaiveDate,
    pub exit_reason: Option<ExitReason>,
    /// The question's index in the set.
    pub question: usize,
    /// `None`: not answered.
    pub answer: Option<i64>,
}

/// Reads an answer file line by line: an iterator with one `Ok` per good line and one
/// `Err` per problem — a bad line gives one `Err` for each bad field, in column order.
/// Only the current line is in memory, so the file is read in constant space. A wrong
/// header, a first line that is not UTF-8 or too long, or a failure to read ends the
/// iteration after its error.
pub type Reader<R> = LineReader<R, Lines>;

impl<R: BufRead> Reader<R> {
    pub fn new(input: R, pseudonymizer: &Pseudonymizer, set: &QuestionSet) -> Self {
        let lines = Lines {
            pseudonymizer: pseudonymizer.clone(),
            set: set.clone(),
            last_cpr: Vec::with_capacity(16),
            last_person: None,
            last_question: 0,
        };
        LineReader::with_format(input, lines)
    }
}

/// What the [`Reader`] makes of an answer file's lines; made by [`Reader::new`].
pub struct Lines {
    pseudonymizer: Pseudonymizer,
    set: QuestionSet,
    /// The last valid CPR field and its pseudonym: a measurement's lines are adjacent,
    /// so this saves an HMAC on all but its first line.
    last_cpr: Vec<u8>,
    last_person: Option<Pseudonym>,
    /// The last question's index: lines usually follow the set's order.
    last_question: usize,
}

impl Format for Lines {
    type Row = AnswerLine;
    const COLUMNS: &'static [&'static str] = &COLUMNS;
    row_errors!(RowErrorKind, RowError);

    fn parse_row(
        &mut self,
        fields: &[&str; MAX_FIELDS],
        check: &mut FieldCheck<'_, Self>,
    ) -> Option<AnswerLine> {
        let [cpr, municipality, measurement, date, exit_reason, question, answer, _] = *fields;
        let person = check.field(0, self.person(cpr));
        let municipality = check.field(1, parse_municipality(municipality));
        let kind = parse_measurement(measurement);
        let exit_reason = parse_exit_reason(exit_reason, kind.ok());
        let kind = check.field(2, kind);
        let date = check.field(3, parse_date(date));
        let exit_reason = check.field(4, exit_reason);
        let question = check.field(5, self.question(question));
        let answer = question.and_then(|i| {
            let q = self.set.questions.get(i)?;
            // `""` is a quote inside a quoted field; only a choice's text can hold one.
            let parsed = if answer.contains("\"\"") {
                q.parse_answer(&answer.replace("\"\"", "\""))
            } else {
                q.parse_answer(answer)
            };
            check.field(6, parsed.map_err(RowErrorKind::Answer))
        });
        if check.failed() {
            return None;
        }
        Some(AnswerLine {
            line: check.line(),
            municipality: municipality?,
            person: person?,
            kind: kind?,
            date: date?,
            exit_reason: exit_reason?,
            question: question?,
            answer: answer?,
        })
    }
}

impl Lines {
    fn person(&mut self, text: &str) -> Result<Pseudonym, RowErrorKind> {
        if text.is_empty() {
            return Err(RowErrorKind::Missing);
        }
        if let Some(person) = self.last_person {
            if self.last_cpr == text.as_bytes() {
                return Ok(person);
            }
        }
        let cpr = Cpr::parse(text).map_err(RowErrorKind::Cpr)?;
        let person = self.pseudonymizer.pseudonymize(&cpr);
        self.last_cpr.clear();
        self.last_cpr.extend_from_slice(text.as_bytes());
        self.last_person = Some(person);
        Ok(person)
    }

    fn question(&mut self, code: &str) -> Result<usize, RowErrorKind> {
        if code.is_empty() {
            return Err(RowErrorKind::Missing);
        }
        let questions = &self.set.questions;
        let is = |i: usize| {
            questions
                .get(i)
                .is_some_and(|q| q.code.eq_ignore_ascii_case(code))
        };
        let index = [self.last_question + 1, self.last_question]
            .into_iter()
            .find(|&i| is(i))
            .or_else(|| self.set.index_of(code))
            .ok_or(RowErrorKind::QuestionUnknown)?;
        self.last_question = index;
        Ok(index)
    }
}

fn parse_municipality(text: &str) -> Result<MunicipalityCode, RowErrorKind> {
    MunicipalityCode::parse(text).map_err(|e| match e {
        CodeError::Empty => RowErrorKind::Missing,
        CodeError::Malformed(_) => RowErrorKind::MunicipalityMalformed,
        CodeError::Unknown(code) => RowErrorKind::UnknownMunicipality { code },
    })
}

fn parse_measurement(text: &str) -> Result<MeasurementKind, RowErrorKind> {
    if text.is_empty() {
        return Err(RowErrorKind::Missing);
    }
    MeasurementKind::parse(text).ok_or(RowErrorKind::Measurement)
}

/// The reason is checked against the measurement when that could be read; an unknown
/// word is reported either way.
fn parse_exit_reason(
    text: &str,
    kind: Option<MeasurementKind>,
) -> Result<Option<ExitReason>, RowErrorKind> {
    let exit = kind == Some(MeasurementKind::Exit);
    if text.is_empty() {
        return if exit {
            Err(RowErrorKind::ExitReasonMissing)
        } else {
            Ok(None)
        };
    }
    let reason = ExitReason::parse(text).ok_or(RowErrorKind::ExitReason)?;
    match kind {
        Some(MeasurementKind::Baseline | MeasurementKind::FollowUp) => {
            Err(RowErrorKind::ExitReasonNotAllowed)
        }
        _ => Ok(Some(reason)),
    }
}

/// `2018-02-28` (ISO) or Danish `28-02-2018`, `28.02.2018`, `28/02/2018`; day and month
/// with one or two digits.
fn parse_date(text: &str) -> Result<NaiveDate, RowErrorKind> {
    if text.is_empty() {
        return Err(RowErrorKind::Missing);
    }
    let sep = text
        .chars()
        .find(|c| matches!(c, '-' | '.' | '/'))
        .ok_or(RowErrorKind::Date)?;
    let mut parts = text.split(sep);
    let (Some(a), Some(b), Some(c), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(RowErrorKind::Date);
    };
    let short = |s: &str| matches!(s.len(), 1 | 2);
    let (year, month, day) = if a.len() == 4 && short(b) && short(c) {
        (a, b, c)
    } else if short(a) && short(b) && c.len() == 4 {
        (c, b, a)
    } else {
        return Err(RowErrorKind::Date);
    };
    let number = |s: &str| -> Result<u32, RowErrorKind> {
        s.bytes().try_fold(0u32, |value, b| {
            if b.is_ascii_digit() {
                Ok(value * 10 + u32::from(b - b'0'))
            } else {
                Err(RowErrorKind::Date)
            }
        })
    };
    let year = i32::try_from(number(year)?).map_err(|_| RowErrorKind::Date)?;
    if !YEARS.contains(&year) {
        return Err(RowErrorKind::Date);
    }
    NaiveDate::from_ymd_opt(year, number(month)?, number(day)?).ok_or(RowErrorKind::Date)
}

/// One citizen's measurement, assembled from its answer lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measurement {
    /// The line of its first answer.
    pub first_line: usize,
    pub municipality: MunicipalityCode,
    pub person: Pseudonym,
    pub kind: MeasurementKind,
    pub date: NaiveDate,
    pub exit_reason: Option<ExitReason>,
    /// One per question of the set, in the set's order.
    pub answers: Answers,
}

type Key = (u16, [u8; 32], MeasurementKind);

struct Building {
    measurement: Measurement,
    /// Which questions had a line, answered or not.
    seen: Vec<bool>,
    /// Both a follow-up and an exit: reported at its first line, its lines ignored.
    rejected: bool,
}

/// Groups answer lines by (municipality, person, kind) in input order of first
/// appearance. Errors (each at the line where found): the same measurement with
/// another date or exit reason than its first line (`measurement-differs`, field
/// `date`/`exit_reason`), the same question twice in one measurement
/// (`question-twice`, field `question`), a required question without an answer line or
/// with an empty answer (`answer-missing`, at the measurement's first line, field
/// `question`, arg `code`), both a follow-up and an exit for one person in the file
/// (`follow-up-and-exit`, at the later one's first line).
///
/// [`Assembler::push`] reports a line's problem at once (at most one per line) and then
/// ignores the line; [`Assembler::finish`] reports only what can be known at the end,
/// the missing answers, and never repeats what `push` returned. A measurement refused
/// for `follow-up-and-exit` is reported once and left out, its further lines ignored
/// without more errors.
pub struct Assembler {
    required: Vec<bool>,
    codes: Vec<QuestionCode>,
    index: HashMap<Key, usize>,
    building: Vec<Building>,
    /// The last line's measurement: its lines are adjacent, so most lines skip the hash.
    last: Option<(Key, usize)>,
}

impl Assembler {
    pub fn new(set: &QuestionSet) -> Self {
        Assembler {
            required: set.questions.iter().map(|q| q.required).collect(),
            codes: set
                .questions
                .iter()
                .map(|q| QuestionCode::new(&q.code))
                .collect(),
            index: HashMap::new(),
            building: Vec::new(),
            last: None,
        }
    }

    pub fn push(&mut self, l: AnswerLine) -> Result<(), RowError> {
        let error = |field, kind| {
            Err(RowError {
                line: l.line,
                field,
                kind,
            })
        };
        if l.question >= self.required.len() {
            return error("question", RowErrorKind::QuestionUnknown);
        }
        let key = (l.municipality.as_u16(), l.person.0, l.kind);
        let at = match self.last {
            Some((last, at)) if last == key => at,
            _ => match self.index.get(&key) {
                Some(&at) => at,
                None => return self.start(key, l),
            },
        };
        self.last = Some((key, at));
        let Some(b) = self.building.get_mut(at) else {
            return Ok(());
        };
        if b.rejected {
            return Ok(());
        }
        if l.date != b.measurement.date {
            return error("date", RowErrorKind::MeasurementDiffers);
        }
        if l.exit_reason != b.measurement.exit_reason {
            return error("exit_reason", RowErrorKind::MeasurementDiffers);
        }
        match b.seen.get_mut(l.question) {
            Some(true) => return error("question", RowErrorKind::QuestionTwice),
            Some(seen) => *seen = true,
            None => {}
        }
        if let Some(answer) = b.measurement.answers.get_mut(l.question) {
            *answer = l.answer;
        }
        Ok(())
    }

    /// The first line of a measurement.
    fn start(&mut self, key: Key, l: AnswerLine) -> Result<(), RowError> {
        let other = match l.kind {
            MeasurementKind::FollowUp => Some(MeasurementKind::Exit),
            MeasurementKind::Exit => Some(MeasurementKind::FollowUp),
            MeasurementKind::Baseline => None,
        };
        let rejected = other.is_some_and(|o| self.index.contains_key(&(key.0, key.1, o)));
        let len = self.required.len();
        let mut b = Building {
            measurement: Measurement {
                first_line: l.line,
                municipality: l.municipality,
                person: l.person,
                kind: l.kind,
                date: l.date,
                exit_reason: l.exit_reason,
                answers: vec![None; len],
            },
            seen: vec![false; len],
            rejected,
        };
        if let (Some(seen), Some(answer)) = (
            b.seen.get_mut(l.question),
            b.measurement.answers.get_mut(l.question),
        ) {
            *seen = true;
            *answer = l.answer;
        }
        let at = self.building.len();
        self.building.push(b);
        self.index.insert(key, at);
        self.last = Some((key, at));
        if rejected {
            return Err(RowError {
                line: l.line,
                field: "measurement",
                kind: RowErrorKind::FollowUpAndExit,
            });
        }
        Ok(())
    }

    /// The measurements in the order their first lines came, or every required
    /// question left unanswered, measurement by measurement in the set's order.
    pub fn finish(self) -> Result<Vec<Measurement>, Vec<RowError>> {
        let mut errors = Vec::new();
        let mut measurements = Vec::with_capacity(self.building.len());
        for b in self.building {
            if b.rejected {
                continue;
            }
            for (i, answer) in b.measurement.answers.iter().enumerate() {
                if self.required.get(i) == Some(&true) && answer.is_none() {
                    let code = self.codes.get(i).copied().unwrap_or(QuestionCode::new(""));
                    errors.push(RowError {
                        line: b.measurement.first_line,
                        field: "question",
                        kind: RowErrorKind::AnswerMissing { code },
                    });
                }
            }
            measurements.push(b.measurement);
        }
        if errors.is_empty() {
            Ok(measurements)
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use proptest::prelude::*;

    use super::*;
    use crate::domain::questionnaire::set::illustration;

    const KEY: &[u8; 32] = b"tilskud-test-key-0123456789abcde";

    fn pseudonymizer() -> Pseudonymizer {
        Pseudonymizer::new(KEY).unwrap()
    }

    fn person(cpr: &str) -> Pseudonym {
        pseudonymizer().pseudonymize(&Cpr::parse(cpr).unwrap())
    }

    fn code(n: u16) -> MunicipalityCode {
        MunicipalityCode::try_from(n).unwrap()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn file(lines: &[&str]) -> String {
        let mut text = format!("{}\n", HEADER.replace(',', ";"));
        for line in lines {
            text.push_str(line);
            text.push('\n');
        }
        text
    }

    fn read(text: &str) -> Vec<Result<AnswerLine, RowError>> {
        Reader::new(text.as_bytes(), &pseudonymizer(), &illustration()).collect()
    }

    fn rows(text: &str) -> Vec<AnswerLine> {
        read(text)
            .into_iter()
            .map(|r| r.unwrap_or_else(|e| panic!("{e}")))
            .collect()
    }

    fn errors(text: &str) -> Vec<(usize, &'static str, RowErrorKind)> {
        read(text)
            .into_iter()
            .filter_map(Result::err)
            .map(|e| (e.line, e.field, e.kind))
            .collect()
    }

    /// The lines of one whole measurement of the illustration set, every question answered.
    fn measurement(cpr: &str, kind: &str, date: &str, reason: &str) -> Vec<String> {
        let answers = [
            ("parat", "3"),
            ("helbred", "4"),
            ("timer", "10"),
            ("netvaerk", "ja"),
            ("hverdag", "2"),
            ("forventning", "Uddannelse"),
            ("transport", "nej"),
            ("motivation", "5"),
            ("stoette", "1"),
            ("trivsel", ""),
        ];
        answers
            .iter()
            .map(|(q, a)| format!("{cpr};615;{kind};{date};{reason};{q};{a}"))
            .collect()
    }

    fn assemble(text: &str) -> (Vec<RowError>, Result<Vec<Measurement>, Vec<RowError>>) {
        let mut assembler = Assembler::new(&illustration());
        let mut pushed = Vec::new();
        for line in rows(text) {
            if let Err(e) = assembler.push(line) {
                pushed.push(e);
            }
        }
        (pushed, assembler.finish())
    }

    #[test]
    fn a_good_line_is_read_and_pseudonymised() {
        let text = file(&[
            "010190-1234;615;baseline;2018-02-28;;parat;3",
            "0101901234;0615;Førstegangsmåling;28.2.2018;;FORVENTNING;fleksjob",
            "0202851234;101;afslutning;15/01/2019;Uddannelse;netvaerk;Ja",
            "0202851234;101;opfølgning;15-01-2019;;trivsel;",
        ]);
        let rows = rows(&text);
        assert_eq!(
            rows[0],
            AnswerLine {
                line: 2,
                municipality: code(615),
                person: person("0101901234"),
                kind: MeasurementKind::Baseline,
                date: d(2018, 2, 28),
                exit_reason: None,
                question: 0,
                answer: Some(3),
            }
        );
        assert_eq!(rows[1].person, rows[0].person);
        assert_eq!(rows[1].municipality, code(615));
        assert_eq!((rows[1].question, rows[1].answer), (5, Some(3)));
        assert_eq!(rows[2].kind, MeasurementKind::Exit);
        assert_eq!(rows[2].exit_reason, Some(ExitReason::Education));
        assert_eq!((rows[2].date, rows[2].answer), (d(2019, 1, 15), Some(1)));
        assert_eq!(rows[3].kind, MeasurementKind::FollowUp);
        assert_eq!((rows[3].question, rows[3].answer), (9, None));
        assert_ne!(rows[2].person, rows[0].person);
    }

    #[test]
    fn commas_quotes_a_bom_crlf_and_trailing_separators_are_read() {
        let text = format!(
            "\u{feff}{HEADER}\r\n\"0101901234\",615,exit,2019-01-15,job,forventning,\"Job med ordinære timer\",,\r\n\r\n"
        );
        let rows = rows(&text);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].answer, Some(1));
        assert_eq!(rows[0].exit_reason, Some(ExitReason::Job));
        // A quoted separator inside an answer, and a quote written as "".
        let mut set = illustration();
        if let QuestionKind::Choice { options } = &mut set.questions[5].kind {
            options[0].da = "Job; \"ordinær\"".to_owned();
        }
        let text = file(&["0101901234;615;start;2018-02-28;;forventning;\"Job; \"\"ordinær\"\"\""]);
        let items: Vec<_> = Reader::new(text.as_bytes(), &pseudonymizer(), &set).collect();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].map(|l| l.answer), Ok(Some(1)));
    }

    use crate::domain::questionnaire::QuestionKind;

    #[test]
    fn dates_are_read_in_iso_and_danish_order_in_this_century() {
        for (text, date) in [
            ("2018-02-28", d(2018, 2, 28)),
            ("2018-2-3", d(2018, 2, 3)),
            ("28-02-2018", d(2018, 2, 28)),
            ("28.02.2018", d(2018, 2, 28)),
            ("3/2/2018", d(2018, 2, 3)),
            ("29-02-2020", d(2020, 2, 29)),
            ("2000-01-01", d(2000, 1, 1)),
            ("31.12.2099", d(2099, 12, 31)),
        ] {
            assert_eq!(parse_date(text), Ok(date), "{text}");
        }
        for bad in [
            "2018-02-30",
            "29-02-2019",
            "1999-12-31",
            "2100-01-01",
            "28-02-18",
            "2018-02",
            "2018/02-28",
            "20180228",
            "28.02.2018.",
            "2018-002-28",
            "2018-+2-28",
            "28. 02.2018",
            "-",
        ] {
            assert_eq!(parse_date(bad), Err(RowErrorKind::Date), "{bad}");
        }
        assert_eq!(parse_date(""), Err(RowErrorKind::Missing));
    }

    #[test]
    fn an_exit_needs_its_reason_and_only_an_exit_has_one() {
        let text = file(&[
            "0101901234;615;exit;2018-02-28;;parat;3",
            "0101901234;615;baseline;2018-02-28;job;parat;3",
            "0101901234;615;follow-up;2018-02-28;fleksjob;parat;3",
            "0101901234;615;exit;2018-02-28;pension;parat;3",
            "0101901234;615;baseline;2018-02-28;pension;parat;3",
            "0101901234;615;whatever;2018-02-28;job;parat;3",
        ]);
        assert_eq!(
            errors(&text),
            vec![
                (2, "exit_reason", RowErrorKind::ExitReasonMissing),
                (3, "exit_reason", RowErrorKind::ExitReasonNotAllowed),
                (4, "exit_reason", RowErrorKind::ExitReasonNotAllowed),
                (5, "exit_reason", RowErrorKind::ExitReason),
                (6, "exit_reason", RowErrorKind::ExitReason),
                (7, "measurement", RowErrorKind::Measurement),
            ]
        );
    }

    #[test]
    fn every_bad_field_of_a_line_is_reported_in_column_order() {
        let text = file(&[
            "010190123;61;later;2018-13-01;;hvem;3",
            ";;;;;;",
            "0101901234;999;baseline;2018-02-28;;parat;6",
            "0101901234;615;baseline;2018-02-28;;netvaerk;måske",
            "0101901234;615;baseline;2018-02-28;;forventning;9",
            "0101901234;615;baseline;2018-02-28;;timer;12,5",
            "3201901234;615;baseline;2018-02-28;;timer;12",
            "01019O1234;615;baseline;2018-02-28;;timer;12",
            "0101901234;615;baseline",
            "0101901234;615;baseline;2018-02-28;;timer;12;x",
        ]);
        use RowErrorKind as K;
        assert_eq!(
            errors(&text),
            vec![
                (2, "cpr", K::Cpr(CprError::WrongLength)),
                (2, "municipality_code", K::UnknownMunicipality { code: 61 }),
                (2, "measurement", K::Measurement),
                (2, "date", K::Date),
                (2, "question", K::QuestionUnknown),
                (4, "municipality_code", K::UnknownMunicipality { code: 999 }),
                (
                    4,
                    "answer",
                    K::Answer(AnswerError::OutOfRange { min: 1, max: 5 })
                ),
                (5, "answer", K::Answer(AnswerError::YesNo)),
                (
                    6,
                    "answer",
                    K::Answer(AnswerError::UnknownOption { count: 4 })
                ),
                (7, "answer", K::Answer(AnswerError::NotANumber)),
                (8, "cpr", K::Cpr(CprError::InvalidDate)),
                (9, "cpr", K::Cpr(CprError::NotDigits)),
                (10, "", K::WrongFieldCount { found: 3 }),
                (11, "", K::WrongFieldCount { found: 8 }),
            ]
        );
    }

    #[test]
    fn an_empty_required_field_is_missing_but_an_empty_answer_is_not_answered() {
        let text = file(&[";615;baseline;2018-02-28;;parat;3", "0101901234;;;;;;"]);
        use RowErrorKind as K;
        assert_eq!(
            errors(&text),
            vec![
                (2, "cpr", K::Missing),
                (3, "municipality_code", K::Missing),
                (3, "measurement", K::Missing),
                (3, "date", K::Missing),
                (3, "question", K::Missing),
            ]
        );
        // Even for a required question: the assembler reports it for the measurement.
        let rows = rows(&file(&["0101901234;615;baseline;2018-02-28;;parat;"]));
        assert_eq!(rows[0].answer, None);
    }

    #[test]
    fn the_header_is_checked_and_data_without_one_is_still_read() {
        assert_eq!(
            errors("cpr;municipality_code;measurement;date;exit_reason;question\n"),
            vec![(1, "", RowErrorKind::WrongHeader { column: 7 })]
        );
        assert_eq!(
            errors("\n\ncpr;kommune;measurement;date;exit_reason;question;answer\n0101901234;615;baseline;2018-02-28;;parat;3\n"),
            vec![(3, "", RowErrorKind::WrongHeader { column: 2 })]
        );
        let no_header = "0101901234;615;baseline;2018-02-28;;parat;3\n";
        let items = read(no_header);
        assert_eq!(
            items[0],
            Err(RowError {
                line: 1,
                field: "",
                kind: RowErrorKind::MissingHeader
            })
        );
        assert!(items[1].is_ok());
        assert_eq!(errors(""), vec![(1, "", RowErrorKind::MissingHeader)]);
        assert_eq!(
            errors(&file(&["", ";;"])),
            vec![(1, "", RowErrorKind::NoRows)]
        );
        let upper = format!(
            "{}\n0101901234,615,baseline,2018-02-28,,parat,3",
            HEADER.to_uppercase()
        );
        assert_eq!(rows(&upper).len(), 1);
    }

    #[test]
    fn blank_lines_are_counted_so_line_numbers_match_an_editor() {
        let text = file(&[
            "",
            "0101901234;615;baseline;2018-02-28;;parat;3",
            ";;;",
            "x;615;baseline;2018-02-28;;parat;3",
        ]);
        let items = read(&text);
        assert_eq!(items[0].map(|l| l.line), Ok(3));
        assert_eq!(items[1].map_err(|e| e.line), Err(5));
    }

    #[test]
    fn a_line_that_is_not_utf8_or_too_long_is_reported_and_reading_goes_on() {
        let mut bytes = file(&["0101901234;615;baseline;2018-02-28;;parat;3"]).into_bytes();
        bytes.extend_from_slice(b"0101901234;615;baseline;2018-02-28;;parat;\xF8\n");
        bytes.extend_from_slice(
            format!(
                "0101901234;615;baseline;2018-02-28;;parat;{}\n",
                "3".repeat(2000)
            )
            .as_bytes(),
        );
        bytes.extend_from_slice(b"0101901234;615;baseline;2018-02-28;;helbred;3\n");
        let items: Vec<_> = Reader::new(&bytes[..], &pseudonymizer(), &illustration()).collect();
        assert_eq!(items.len(), 4);
        assert_eq!(
            items[1].map_err(|e| (e.line, e.kind)),
            Err((3, RowErrorKind::NotUtf8))
        );
        assert_eq!(
            items[2].map_err(|e| (e.line, e.kind)),
            Err((4, RowErrorKind::LineTooLong))
        );
        assert_eq!(items[3].map(|l| l.line), Ok(5));
        let first: Vec<_> =
            Reader::new(&b"\xFF\xFE\n"[..], &pseudonymizer(), &illustration()).collect();
        assert_eq!(first.len(), 1);
    }

    #[test]
    fn a_read_failure_ends_the_file() {
        struct Failing;
        impl Read for Failing {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::Error::other("disk"))
            }
        }
        let input = io::BufReader::new(HEADER.as_bytes().chain(&b"\n"[..]).chain(Failing));
        let items: Vec<_> = Reader::new(input, &pseudonymizer(), &illustration()).collect();
        assert_eq!(
            items,
            vec![Err(RowError {
                line: 2,
                field: "",
                kind: RowErrorKind::Read {
                    kind: io::ErrorKind::Other
                }
            })]
        );
        assert_eq!(items[0].unwrap_err().key(), "questionnaire-file-read");
    }

    #[test]
    fn the_pseudonym_of_the_last_cpr_number_is_reused_only_for_the_same_text() {
        let text = file(&[
            "0101901234;615;baseline;2018-02-28;;parat;3",
            "0101901234;615;baseline;2018-02-28;;helbred;3",
            "0101901235;615;baseline;2018-02-28;;parat;3",
            "0101901235x;615;baseline;2018-02-28;;parat;3",
            "010190-1234;615;baseline;2018-02-28;;parat;3",
        ]);
        let items = read(&text);
        let who: Vec<_> = items.iter().map(|i| i.map(|l| l.person)).collect();
        assert_eq!(who[0], Ok(person("0101901234")));
        assert_eq!(who[1], Ok(person("0101901234")));
        assert_eq!(who[2], Ok(person("0101901235")));
        assert!(who[3].is_err());
        assert_eq!(who[4], Ok(person("0101901234")));
    }

    #[test]
    fn errors_read_as_sentences_without_the_cpr_number() {
        let text = file(&[
            "010190123;615;baseline;2018-02-28;;parat;3",
            "0101901234;615;baseline;2018-02-28;;parat;9",
        ]);
        let errors: Vec<RowError> = read(&text).into_iter().filter_map(Result::err).collect();
        assert_eq!(
            errors[0].to_string(),
            "line 2, field cpr: wrong length: a CPR number has 10 digits, DDMMYY-SSSS"
        );
        assert_eq!(errors[0].key(), "questionnaire-file-cpr-wrong-length");
        assert_eq!(
            errors[1].to_string(),
            "line 3, field answer: the answer must be a whole number from 1 to 5"
        );
        assert_eq!(errors[1].key(), "questionnaire-answer-out-of-range");
        assert_eq!(
            errors[1].args(),
            vec![
                ("line", "3".to_owned()),
                ("field", "answer".to_owned()),
                ("min", "1".to_owned()),
                ("max", "5".to_owned())
            ]
        );
        let missing = RowError {
            line: 4,
            field: "question",
            kind: RowErrorKind::AnswerMissing {
                code: QuestionCode::new("parat"),
            },
        };
        assert_eq!(
            missing.to_string(),
            "line 4, field question: the required question parat has no answer in this measurement"
        );
        assert!(missing.args().contains(&("code", "parat".to_owned())));
    }

    #[test]
    fn a_question_code_is_held_without_allocating_and_cut_at_32_bytes() {
        assert_eq!(QuestionCode::new("parat").as_str(), "parat");
        assert_eq!(QuestionCode::new(&"a".repeat(40)).as_str(), "a".repeat(32));
        // Cut on a character boundary.
        let cut = QuestionCode::new(&format!("{}æ", "a".repeat(31)));
        assert_eq!(cut.as_str(), "a".repeat(31));
        assert_eq!(format!("{:?}", QuestionCode::new("x")), "\"x\"");
    }

    #[test]
    fn every_error_kind_has_a_distinct_catalogue_key() {
        use RowErrorKind as K;
        let kinds = [
            K::Read {
                kind: io::ErrorKind::Other,
            },
            K::NotUtf8,
            K::LineTooLong,
            K::MissingHeader,
            K::WrongHeader { column: 1 },
            K::NoRows,
            K::WrongFieldCount { found: 1 },
            K::Missing,
            K::Cpr(CprError::WrongLength),
            K::Cpr(CprError::NotDigits),
            K::Cpr(CprError::InvalidDate),
            K::MunicipalityMalformed,
            K::UnknownMunicipality { code: 1 },
            K::Measurement,
            K::Date,
            K::ExitReasonMissing,
            K::ExitReasonNotAllowed,
            K::ExitReason,
            K::QuestionUnknown,
            K::MeasurementDiffers,
            K::QuestionTwice,
            K::AnswerMissing {
                code: QuestionCode::new("x"),
            },
            K::FollowUpAndExit,
        ];
        let keys: BTreeSet<_> = kinds.iter().map(RowErrorKind::key).collect();
        assert_eq!(keys.len(), kinds.len());
        assert!(keys.iter().all(|k| k.starts_with("questionnaire-file-")));
        assert_eq!(
            K::Answer(AnswerError::YesNo).key(),
            "questionnaire-answer-yes-no"
        );
    }

    #[test]
    fn lines_are_assembled_into_measurements_in_order_of_first_appearance() {
        let mut lines = measurement("0202851234", "baseline", "2018-03-01", "");
        lines.extend(measurement("0101901234", "baseline", "2018-02-28", ""));
        // One answer of the first measurement comes late, the optional one is left out.
        let late = lines.remove(3);
        lines.retain(|l| !l.contains("trivsel"));
        lines.push(late);
        lines.extend(measurement("0202851234", "exit", "2018-09-01", "job"));
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let (pushed, finished) = assemble(&file(&refs));
        assert!(pushed.is_empty(), "{pushed:?}");
        let measurements = finished.unwrap();
        assert_eq!(measurements.len(), 3);
        let first = &measurements[0];
        assert_eq!(first.first_line, 2);
        assert_eq!(first.person, person("0202851234"));
        assert_eq!(first.date, d(2018, 3, 1));
        assert_eq!(
            first.answers,
            vec![
                Some(3),
                Some(4),
                Some(10),
                Some(1),
                Some(2),
                Some(2),
                Some(0),
                Some(5),
                Some(1),
                None
            ]
        );
        assert_eq!(measurements[1].person, person("0101901234"));
        assert_eq!(measurements[2].kind, MeasurementKind::Exit);
        assert_eq!(measurements[2].exit_reason, Some(ExitReason::Job));
    }

    #[test]
    fn a_measurement_keeps_the_date_and_reason_of_its_first_line() {
        let mut lines = measurement("0101901234", "exit", "2018-09-01", "job");
        lines[2] = "0101901234;615;exit;2018-09-02;job;timer;10".to_owned();
        lines[3] = "0101901234;615;exit;2018-09-01;uddannelse;netvaerk;ja".to_owned();
        lines.push("0101901234;615;exit;2018-09-01;job;parat;1".to_owned());
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let (pushed, finished) = assemble(&file(&refs));
        assert_eq!(
            pushed,
            vec![
                RowError {
                    line: 4,
                    field: "date",
                    kind: RowErrorKind::MeasurementDiffers
                },
                RowError {
                    line: 5,
                    field: "exit_reason",
                    kind: RowErrorKind::MeasurementDiffers
                },
                RowError {
                    line: 12,
                    field: "question",
                    kind: RowErrorKind::QuestionTwice
                },
            ]
        );
        // The refused lines are left out, so their questions are unanswered.
        let missing: Vec<_> = finished
            .unwrap_err()
            .into_iter()
            .map(|e| (e.line, e.field, e.kind))
            .collect();
        assert_eq!(
            missing,
            vec![
                (
                    2,
                    "question",
                    RowErrorKind::AnswerMissing {
                        code: QuestionCode::new("timer")
                    }
                ),
                (
                    2,
                    "question",
                    RowErrorKind::AnswerMissing {
                        code: QuestionCode::new("netvaerk")
                    }
                ),
            ]
        );
    }

    #[test]
    fn a_required_question_without_an_answer_is_missing_at_the_measurements_first_line() {
        let mut lines = measurement("0101901234", "baseline", "2018-02-28", "");
        lines[1] = "0101901234;615;baseline;2018-02-28;;helbred;".to_owned();
        lines.remove(6);
        lines.extend(measurement("0202851234", "baseline", "2018-02-28", ""));
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let (pushed, finished) = assemble(&file(&refs));
        assert!(pushed.is_empty());
        let errors = finished.unwrap_err();
        let codes: Vec<_> = errors.iter().map(|e| (e.line, e.args())).collect();
        assert_eq!(
            codes,
            vec![
                (
                    2,
                    vec![
                        ("line", "2".to_owned()),
                        ("field", "question".to_owned()),
                        ("code", "helbred".to_owned())
                    ]
                ),
                (
                    2,
                    vec![
                        ("line", "2".to_owned()),
                        ("field", "question".to_owned()),
                        ("code", "transport".to_owned())
                    ]
                ),
            ]
        );
    }

    #[test]
    fn a_person_has_a_follow_up_or_an_exit_not_both() {
        let mut lines = measurement("0101901234", "baseline", "2018-02-28", "");
        lines.extend(measurement("0101901234", "exit", "2018-09-01", "job"));
        lines.extend(measurement("0101901234", "follow-up", "2019-02-28", ""));
        // Another municipality's measurement of the same person is another course.
        lines.extend(
            measurement("0101901234", "follow-up", "2019-02-28", "")
                .iter()
                .map(|l| l.replace(";615;", ";101;")),
        );
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let (pushed, finished) = assemble(&file(&refs));
        assert_eq!(
            pushed,
            vec![RowError {
                line: 22,
                field: "measurement",
                kind: RowErrorKind::FollowUpAndExit
            }]
        );
        let kinds: Vec<_> = finished
            .unwrap()
            .iter()
            .map(|m| (m.kind, m.municipality))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (MeasurementKind::Baseline, code(615)),
                (MeasurementKind::Exit, code(615)),
                (MeasurementKind::FollowUp, code(101)),
            ]
        );
    }

    #[test]
    fn many_answers_assemble_quickly() {
        // 20,000 measurements of 10 answers: one HMAC per measurement thanks to the cache.
        let mut text = format!("{HEADER}\n");
        let set = illustration();
        for p in 0..20_000u32 {
            let cpr = format!("{:02}{:02}90{:04}", p % 28 + 1, p / 10_000 + 1, p % 10_000);
            for q in &set.questions {
                text.push_str(&format!("{cpr},615,baseline,2018-02-28,,{},1\n", q.code));
            }
        }
        let started = std::time::Instant::now();
        let mut assembler = Assembler::new(&set);
        let mut lines = 0;
        for item in Reader::new(text.as_bytes(), &pseudonymizer(), &set) {
            assembler.push(item.unwrap()).unwrap();
            lines += 1;
        }
        let measurements = assembler.finish().unwrap();
        assert_eq!((lines, measurements.len()), (200_000, 20_000));
        // Generous, for an unoptimised build on a busy machine.
        assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    }

    /// Every way an error can be shown.
    fn shown(e: &RowError) -> String {
        format!("{e} {e:?} {} {:?}", e.key(), e.args())
    }

    fn cpr_like() -> impl Strategy<Value = String> {
        prop_oneof![
            "[0-9]{6}-?[0-9]{4}",
            "[0-9]{6,13}",
            "[0-9]{6}-[0-9]{1,6}",
            "[0-9]{6}[0-9a-zA-Z ]{1,6}",
            "[0-3][0-9][01][0-9]{3}-?[0-9]{4}",
        ]
    }

    fn junk() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            "[0-9]{1,4}",
            "[a-z]{1,6}",
            Just("parat".to_owned()),
            Just("exit".to_owned()),
            "[0-9]{1,2}[-./][0-9]{1,2}[-./][0-9]{4}",
            "-?[0-9]{1,4}",
            "\\PC{0,8}",
        ]
    }

    proptest! {
        #[test]
        fn no_error_ever_repeats_the_cpr_number(
            cpr in cpr_like(),
            others in prop::collection::vec(junk(), 6),
            at in 0usize..7,
            extra in 0usize..3,
            separator in prop_oneof![Just(","), Just(";")],
        ) {
            // The CPR number in its own column, or by mistake in another one.
            let mut fields = others;
            fields.insert(at, cpr.clone());
            fields.extend(std::iter::repeat_n("x".to_owned(), extra));
            let header = HEADER.replace(',', separator);
            let line = fields.join(separator);
            let text = format!("{header}\n{line}\n{line}\n");
            let digits: String = cpr.chars().filter(char::is_ascii_digit).collect();
            let mut assembler = Assembler::new(&illustration());
            let mut shown_errors = Vec::new();
            for item in read(&text) {
                match item {
                    Ok(l) => shown_errors.extend(assembler.push(l).err()),
                    Err(e) => shown_errors.push(e),
                }
            }
            shown_errors.extend(assembler.finish().err().unwrap_or_default());
            for e in shown_errors {
                let shown = shown(&e);
                prop_assert!(!shown.contains(&digits), "{shown} shows {digits}");
                prop_assert!(!shown.contains(cpr.trim()), "{shown} shows {cpr}");
                for window in digits.as_bytes().windows(6) {
                    let window = std::str::from_utf8(window).unwrap();
                    prop_assert!(!shown.contains(window), "{shown} shows {window}");
                }
            }
        }

        #[test]
        fn arbitrary_bytes_never_make_the_reader_panic(
            bytes in prop::collection::vec(any::<u8>(), 0..3000),
            with_header in any::<bool>(),
        ) {
            let mut input = Vec::new();
            if with_header {
                input.extend_from_slice(HEADER.as_bytes());
                input.push(b'\n');
            }
            input.extend_from_slice(&bytes);
            let lines = input.iter().filter(|&&b| b == b'\n').count() + 1;
            let mut assembler = Assembler::new(&illustration());
            let mut items = 0;
            for item in Reader::new(&input[..], &pseudonymizer(), &illustration()) {
                items += 1;
                if let Ok(l) = item {
                    let _ = assembler.push(l);
                }
            }
            let _ = assembler.finish();
            prop_assert!(items <= lines * COLUMNS.len() + 2);
        }

        #[test]
        fn arbitrary_text_lines_never_make_the_reader_panic(
            lines in prop::collection::vec("[0-9a-zA-Z,;\"\\-.:/ \t\r\u{feff}\u{a0}æøå−]{0,80}", 0..20),
        ) {
            let text = format!("{HEADER}\n{}", lines.join("\n"));
            for item in read(&text) {
                if let Err(e) = item {
                    prop_assert!(e.line >= 1 && e.line <= lines.len() + 1);
                    prop_assert!(e.field.is_empty() || COLUMNS.contains(&e.field));
                }
            }
        }
    }
}
