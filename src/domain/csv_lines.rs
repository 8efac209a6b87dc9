//! The line reading that the person-level upload files share: the monthly monitoring
//! file ([`super::monitoring::file`]) and the questionnaire answer file
//! ([`super::questionnaire::file`]).
//!
//! The types here are `pub` only so that each file's `Reader`, an alias of
//! [`LineReader`] with the file's [`Format`], can be public; the module is private.
//!
//! A [`LineReader`] reads the file line by line in constant space: it ignores a
//! byte-order mark, counts every line (blank ones too, so a reported line number is
//! the one a text editor shows), skips an overlong line without holding it, takes the
//! separator from the header line, checks the header against the columns, and splits
//! each data line into trimmed, unquoted fields. What a data line means is up to the
//! file's [`Format`], which also turns a problem of a whole line ([`LineProblem`]) into
//! its own error type.

use std::io::{self, BufRead, Read};

use super::monitoring::cpr::Cpr;

/// The longest line read, in bytes without the line end.
pub const MAX_LINE_BYTES: usize = 1024;
/// The most fields a line is split into; a format has at most this many columns.
pub(crate) const MAX_FIELDS: usize = 8;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// A problem of a whole line, found before its fields are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineProblem {
    /// The input failed; ends the file.
    Read { kind: io::ErrorKind },
    /// Not UTF-8; ends the file if it is the header line.
    NotUtf8,
    /// Longer than [`MAX_LINE_BYTES`]; ends the file if it is the header line.
    LineTooLong,
    /// The first line is data (it starts with a CPR number), or the file is empty.
    MissingHeader,
    /// The header's 1-based `column` differs (one past the columns: too many or too
    /// few); ends the file.
    WrongHeader { column: usize },
    /// A header and no data lines; ends the file.
    NoRows,
    /// A data line without exactly the format's columns.
    WrongFieldCount { found: usize },
}

/// What one kind of file makes of its lines.
pub trait Format: Sized {
    /// A good data line.
    type Row;
    /// What is wrong, without the line and field.
    type Kind;
    type Error;
    /// The column names, in order, as the header has them; at most [`MAX_FIELDS`], and
    /// the first is the CPR number.
    const COLUMNS: &'static [&'static str];

    /// The kind of error for a problem of the whole line.
    fn line_kind(problem: LineProblem) -> Self::Kind;

    /// The error at 1-based `line` in column `field`, `""` for the whole line.
    fn error(line: usize, field: &'static str, kind: Self::Kind) -> Self::Error;

    /// Reads a data line of exactly [`Format::COLUMNS`] fields (the slots after them
    /// are empty): the row, or `None` after `check` has taken one error per bad field,
    /// in column order.
    fn parse_row(
        &mut self,
        fields: &[&str; MAX_FIELDS],
        check: &mut FieldCheck<'_, Self>,
    ) -> Option<Self::Row>;
}

/// Takes the errors of one data line's fields for [`Format::parse_row`].
pub struct FieldCheck<'a, F: Format> {
    line: usize,
    errors: &'a mut Vec<F::Error>,
    /// The errors already there (of the whole line) when the fields are read.
    before: usize,
}

impl<F: Format> FieldCheck<'_, F> {
    /// The 1-based line being read.
    pub fn line(&self) -> usize {
        self.line
    }

    /// The value of column `column`, or `None` after taking its error.
    pub fn field<T>(&mut self, column: usize, parsed: Result<T, F::Kind>) -> Option<T> {
        parsed
            .map_err(|kind| {
                self.errors
                    .push(F::error(self.line, F::COLUMNS[column], kind))
            })
            .ok()
    }

    /// Whether any field had an error.
    pub fn failed(&self) -> bool {
        self.errors.len() != self.before
    }
}

/// The [`Format`] items `Kind`, `Error`, `line_kind` and `error` for a file whose
/// error is `$error { line, field, kind: $kind }` and whose `$kind` has a variant of
/// the same name and fields for each [`LineProblem`].
macro_rules! row_errors {
    ($kind:ident, $error:ident) => {
        type Kind = $kind;
        type Error = $error;

        fn line_kind(problem: $crate::domain::csv_lines::LineProblem) -> $kind {
            use $crate::domain::csv_lines::LineProblem as P;
            match problem {
                P::Read { kind } => $kind::Read { kind },
                P::NotUtf8 => $kind::NotUtf8,
                P::LineTooLong => $kind::LineTooLong,
                P::MissingHeader => $kind::MissingHeader,
                P::WrongHeader { column } => $kind::WrongHeader { column },
                P::NoRows => $kind::NoRows,
                P::WrongFieldCount { found } => $kind::WrongFieldCount { found },
            }
        }

        fn error(line: usize, field: &'static str, kind: $kind) -> $error {
            $error { line, field, kind }
        }
    };
}
pub(crate) use row_errors;

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before the header line.
    Header,
    Data,
    Done,
}

/// Reads a file of format `F` line by line: an iterator with one `Ok` per good data
/// line and one `Err` per problem — a bad line gives one `Err` for each bad field, in
/// column order. Only the current line is in memory, and its buffer is reused. A wrong
/// header, a first line that is not UTF-8 or too long, or a failure to read ends the
/// iteration after its error.
pub struct LineReader<R: BufRead, F: Format> {
    input: R,
    format: F,
    buf: Vec<u8>,
    line: usize,
    header_line: usize,
    /// Non-blank lines after the header read so far, good or bad.
    pub(super) data_lines: usize,
    delimiter: u8,
    state: State,
    /// Errors of the current line, last first.
    pending: Vec<F::Error>,
    pending_row: Option<F::Row>,
}

impl<R: BufRead, F: Format> LineReader<R, F> {
    pub(crate) fn with_format(input: R, format: F) -> Self {
        LineReader {
            input,
            format,
            buf: Vec::with_capacity(128),
            line: 0,
            header_line: 0,
            data_lines: 0,
            delimiter: b',',
            state: State::Header,
            pending: Vec::with_capacity(F::COLUMNS.len() + 1),
            pending_row: None,
        }
    }

    /// The line the last item came from (1-based), e.g. to report a problem found
    /// later in an `Ok` row (wrong municipality, a person twice).
    pub fn line(&self) -> usize {
        self.line
    }

    fn error(&mut self, problem: LineProblem) {
        self.pending
            .push(F::error(self.line, "", F::line_kind(problem)));
    }

    fn stop_with(&mut self, line: usize, problem: LineProblem) {
        self.state = State::Done;
        self.pending.push(F::error(line, "", F::line_kind(problem)));
    }

    /// Reads the next line into `buf` without its line end. `Ok(None)` at the end of
    /// the input; `Ok(Some(false))` for a line that was too long and skipped.
    fn read_line(&mut self) -> io::Result<Option<bool>> {
        self.buf.clear();
        let limit = MAX_LINE_BYTES as u64 + 2;
        let read = (&mut self.input)
            .take(limit)
            .read_until(b'\n', &mut self.buf)?;
        if read == 0 {
            return Ok(None);
        }
        self.line += 1;
        let ended = self.buf.last() == Some(&b'\n');
        if ended {
            self.buf.pop();
        }
        if self.buf.last() == Some(&b'\r') {
            self.buf.pop();
        }
        if self.line == 1 && self.buf.starts_with(UTF8_BOM) {
            self.buf.drain(..UTF8_BOM.len());
        }
        if self.buf.len() <= MAX_LINE_BYTES {
            return Ok(Some(true));
        }
        // Skip the rest of an overlong line without holding it.
        let mut ended = ended;
        while !ended {
            self.buf.clear();
            let read = (&mut self.input)
                .take(8 * 1024)
                .read_until(b'\n', &mut self.buf)?;
            ended = read == 0 || self.buf.last() == Some(&b'\n');
        }
        self.buf.clear();
        Ok(Some(false))
    }

    /// Handles one line that was read whole.
    fn process_line(&mut self) {
        let buf = std::mem::take(&mut self.buf);
        self.process_text(&buf);
        self.buf = buf;
    }

    fn process_text(&mut self, bytes: &[u8]) {
        let Ok(text) = std::str::from_utf8(bytes) else {
            if self.state == State::Header {
                self.stop_with(self.line, LineProblem::NotUtf8);
            } else {
                self.data_lines += 1;
                self.error(LineProblem::NotUtf8);
            }
            return;
        };
        if self.state == State::Header {
            self.delimiter = if text.contains(';') { b';' } else { b',' };
        }
        let columns = F::COLUMNS.len();
        let mut fields = [""; MAX_FIELDS];
        let found = match split_fields(text, self.delimiter, &mut fields) {
            // With fewer columns than slots, empty fields after the last column are
            // Excel's trailing separators.
            MAX_FIELDS
                if columns < MAX_FIELDS && fields[columns..].iter().all(|f| f.is_empty()) =>
            {
                columns
            }
            found => found,
        };
        if found == 0 {
            return;
        }
        if self.state == State::Header {
            self.header_line = self.line;
            self.state = State::Data;
            let differs = (0..columns)
                .find(|&i| !fields[i].eq_ignore_ascii_case(F::COLUMNS[i]))
                .or((found != columns).then_some(columns));
            let Some(column) = differs else {
                return;
            };
            if Cpr::parse(fields[0]).is_err() {
                self.stop_with(self.line, LineProblem::WrongHeader { column: column + 1 });
                return;
            }
            // Data without a header: say so, and still read the line.
            self.error(LineProblem::MissingHeader);
        }
        self.data_lines += 1;
        if found != columns {
            self.error(LineProblem::WrongFieldCount { found });
            return;
        }
        let mut check = FieldCheck {
            line: self.line,
            before: self.pending.len(),
            errors: &mut self.pending,
        };
        self.pending_row = self.format.parse_row(&fields, &mut check);
    }
}

impl<R: BufRead, F: Format> Iterator for LineReader<R, F> {
    type Item = Result<F::Row, F::Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(error) = self.pending.pop() {
                return Some(Err(error));
            }
            if let Some(row) = self.pending_row.take() {
                return Some(Ok(row));
            }
            if self.state == State::Done {
                return None;
            }
            match self.read_line() {
                Ok(Some(true)) => self.process_line(),
                Ok(Some(false)) if self.state == State::Header => {
                    self.stop_with(self.line, LineProblem::LineTooLong)
                }
                Ok(Some(false)) => {
                    self.data_lines += 1;
                    self.error(LineProblem::LineTooLong);
                }
                Ok(None) => match self.state {
                    State::Header => self.stop_with(1, LineProblem::MissingHeader),
                    _ if self.data_lines == 0 => {
                        self.stop_with(self.header_line, LineProblem::NoRows)
                    }
                    _ => self.state = State::Done,
                },
                Err(e) => self.stop_with(self.line + 1, LineProblem::Read { kind: e.kind() }),
            }
            self.pending.reverse();
        }
    }
}

/// Splits a line into trimmed, unquoted fields, storing the first eight. Returns
/// the number of fields without trailing empty ones beyond the eighth, or 0 for a
/// line with no content at all.
pub(crate) fn split_fields<'a>(
    line: &'a str,
    delimiter: u8,
    fields: &mut [&'a str; MAX_FIELDS],
) -> usize {
    let bytes = line.as_bytes();
    let mut count = 0;
    let mut last_filled = 0;
    let mut start = 0;
    let mut quoted = false;
    for end in 0..=bytes.len() {
        match bytes.get(end) {
            Some(b'"') => {
                quoted = !quoted;
                continue;
            }
            Some(&b) if b != delimiter || quoted => continue,
            _ => {}
        }
        // Both ends are at ASCII bytes or the end, so always on a char boundary.
        let field = unquote(line.get(start..end).unwrap_or(""));
        if let Some(slot) = fields.get_mut(count) {
            *slot = field;
        }
        count += 1;
        if !field.is_empty() {
            last_filled = count;
        }
        start = end + 1;
    }
    match last_filled {
        0 => 0,
        n if n <= fields.len() && count >= fields.len() => fields.len(),
        n if n > fields.len() => n,
        _ => count,
    }
}

fn unquote(field: &str) -> &str {
    let field = field.trim();
    match field
        .strip_prefix('"')
        .and_then(|inner| inner.strip_suffix('"'))
    {
        Some(inner) => inner.trim(),
        None => field,
    }
}
