//! The question set (spørgeramme) as data: which questions, in which order, with which
//! answers allowed. The app stores each version of the set; a measurement's answers are
//! kept as one list in the order of its version's questions ([`Answers`]), and the
//! questions are matched across versions by their [`Question::code`].
//!
//! # The question-set CSV file
//!
//! The grant officer edits the set in Excel and uploads it. The file:
//!
//! - **Encoding**: UTF-8; a byte-order mark at the start is ignored.
//! - **Separator**: `;` or `,`, taken from the header line (`;` if the header holds one).
//!   A field may be enclosed in double quotes, with `""` for a quote inside; it must be
//!   when it holds the separator. Spaces around a field are ignored. Lines end in LF or
//!   CRLF; blank lines are skipped but counted, so a reported line number is the one a
//!   text editor shows. Empty fields after the eighth (Excel's trailing `;;`) are ignored.
//! - **Header**: the first non-blank line is these eight column names, in any case:
//!
//!   `code;kind;required;text_da;text_en;range;labels_da;labels_en`
//!
//! - **One line per question**, in the order they are asked:
//!
//! | column | accepted values |
//! |---|---|
//! | `code` | 1–32 letters `a`–`z`, digits, `_` or `-`, unique in the set (upper case is read as lower case). The answer file names questions by code, so keep a question's code when the set changes. |
//! | `kind` | `scale`/`skala`, `yes-no`/`ja-nej`/`yesno`, `choice`/`valg`, `number`/`tal` |
//! | `required` | `ja`/`nej`, `yes`/`no`, `1`/`0`; empty means `ja` |
//! | `text_da`, `text_en` | the question in Danish and English, at most 500 characters each |
//! | `range` | scale and number: `MIN..MAX`, or `MIN-MAX` when `MIN` is not negative (`1-5`, `1–5`, `-10..10`); a scale has at most 11 steps, a number's bounds are within ±1,000,000; empty for yes-no and choice |
//! | `labels_da`, `labels_en` | scale: the two end labels `low\|high`; choice: the options `option 1\|option 2\|…` (2–20, the same number in both languages); empty for yes-no and number |
//!
//! [`QuestionSet::to_csv`] writes this format (`;`, BOM, CRLF, ranges as `MIN..MAX`,
//! which Excel does not turn into a date as it does `1-5`), and the file it writes reads
//! back as the same set.
//!
//! Example:
//!
//! ```text
//! code;kind;required;text_da;text_en;range;labels_da;labels_en
//! parat;scale;ja;Hvor klar føler du dig til at arbejde nogle timer om ugen?;How ready do you feel to work a few hours a week?;1..5;Slet ikke klar|Helt klar;Not ready at all|Completely ready
//! netvaerk;yes-no;ja;Har du nogen, du kan tale med, hvis du har problemer?;Do you have someone to talk to if you have problems?;;;
//! ```

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::same_word;
use crate::domain::text::has_control;

/// The most questions a set may have.
pub const MAX_QUESTIONS: usize = 100;
/// The longest code, in characters.
pub const MAX_CODE_CHARS: usize = 32;
/// The longest question text, label or option, in characters.
pub const MAX_TEXT_CHARS: usize = 500;
/// The most steps a scale may span (`max - min`): 1–11 or 0–10.
pub const MAX_SCALE_SPAN: i64 = 10;
/// The fewest and most options of a choice.
pub const MIN_OPTIONS: usize = 2;
pub const MAX_OPTIONS: usize = 20;
/// The largest bound (either sign) of a number or scale question: keeps every sum
/// of answers far from overflow.
pub const MAX_BOUND: i64 = 1_000_000;
/// The columns of the question-set CSV file, in order; also the `field` of a [`SetError`].
pub const CSV_COLUMNS: [&str; 8] = [
    "code",
    "kind",
    "required",
    "text_da",
    "text_en",
    "range",
    "labels_da",
    "labels_en",
];

const UTF8_BOM: &str = "\u{feff}";
const YES: [&str; 5] = ["ja", "yes", "1", "true", "sand"];
const NO: [&str; 5] = ["nej", "no", "0", "false", "falsk"];
/// Separates a scale's two end labels and a choice's options in one CSV field.
const LABEL_SEPARATOR: char = '|';

/// A text in Danish and English.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text2 {
    pub da: String,
    pub en: String,
}

impl Text2 {
    pub fn new(da: &str, en: &str) -> Text2 {
        Text2 {
            da: da.to_owned(),
            en: en.to_owned(),
        }
    }

    /// The English text for `"en"` (the Danish one if no English was given), else the
    /// Danish text.
    pub fn get(&self, lang: &str) -> &str {
        if lang == "en" && !self.en.is_empty() {
            &self.en
        } else {
            &self.da
        }
    }
}

/// What kind of answer a question takes. Every answer is stored as a whole number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum QuestionKind {
    /// A scale, e.g. 1–5, with its two ends labelled; `min < max`, at most
    /// [`MAX_SCALE_SPAN`] steps.
    Scale {
        min: i64,
        max: i64,
        low: Text2,
        high: Text2,
    },
    /// Yes (1) or no (0).
    YesNo,
    /// One of 2–20 options, answered by its number 1..=n.
    Choice { options: Vec<Text2> },
    /// A whole number in `[min, max]`, bounds within ±[`MAX_BOUND`].
    Number { min: i64, max: i64 },
}

impl QuestionKind {
    /// The word the CSV file writes.
    pub fn as_str(&self) -> &'static str {
        match self {
            QuestionKind::Scale { .. } => "scale",
            QuestionKind::YesNo => "yes-no",
            QuestionKind::Choice { .. } => "choice",
            QuestionKind::Number { .. } => "number",
        }
    }
}

/// One question of a set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// 1–32 characters of `a`–`z`, `0`–`9`, `_`, `-`; unique in the set and kept from
    /// version to version, because the answer file and the results name a question by it.
    pub code: String,
    pub kind: QuestionKind,
    /// Whether a measurement must answer it.
    pub required: bool,
    pub text: Text2,
}

/// The questions, in the order they are asked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionSet {
    pub questions: Vec<Question>,
}

/// A measurement's answers: one per question of its set's version, in the set's order;
/// `None` where the question was not answered.
pub type Answers = Vec<Option<i64>>;

/// Why an answer was refused. Carries no part of the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Error)]
pub enum AnswerError {
    #[error("the answer must be a whole number")]
    NotANumber,
    #[error("the answer must be a whole number from {min} to {max}")]
    OutOfRange { min: i64, max: i64 },
    #[error("the answer is ja/nej, yes/no or 1/0")]
    YesNo,
    #[error("the answer is the number of an option, 1 to {count}, or the option's text")]
    UnknownOption { count: usize },
    #[error("the question must be answered")]
    Missing,
}

impl AnswerError {
    pub fn key(self) -> &'static str {
        match self {
            AnswerError::NotANumber => "questionnaire-answer-not-a-number",
            AnswerError::OutOfRange { .. } => "questionnaire-answer-out-of-range",
            AnswerError::YesNo => "questionnaire-answer-yes-no",
            AnswerError::UnknownOption { .. } => "questionnaire-answer-unknown-option",
            AnswerError::Missing => "questionnaire-answer-missing",
        }
    }

    pub fn args(self) -> Vec<(&'static str, String)> {
        match self {
            AnswerError::OutOfRange { min, max } => {
                vec![("min", min.to_string()), ("max", max.to_string())]
            }
            AnswerError::UnknownOption { count } => vec![("count", count.to_string())],
            AnswerError::NotANumber | AnswerError::YesNo | AnswerError::Missing => Vec::new(),
        }
    }
}

impl Question {
    /// Reads one answer as typed in a form or written in the import file. An empty
    /// answer (after trimming) is `Ok(None)`, whether or not the question is required:
    /// the caller knows whether a missing answer is an error (see
    /// [`QuestionSet::validate_answers`]).
    pub fn parse_answer(&self, text: &str) -> Result<Option<i64>, AnswerError> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        match &self.kind {
            QuestionKind::Scale { min, max, .. } | QuestionKind::Number { min, max } => {
                let out_of_range = AnswerError::OutOfRange {
                    min: *min,
                    max: *max,
                };
                match parse_whole(text) {
                    Whole::Value(v) if (*min..=*max).contains(&v) => Ok(Some(v)),
                    Whole::Value(_) | Whole::TooLarge => Err(out_of_range),
                    Whole::NotANumber => Err(AnswerError::NotANumber),
                }
            }
            QuestionKind::YesNo => {
                if YES.iter().any(|w| text.eq_ignore_ascii_case(w)) {
                    Ok(Some(1))
                } else if NO.iter().any(|w| text.eq_ignore_ascii_case(w)) {
                    Ok(Some(0))
                } else {
                    Err(AnswerError::YesNo)
                }
            }
            QuestionKind::Choice { options } => {
                let unknown = AnswerError::UnknownOption {
                    count: options.len(),
                };
                if let Whole::Value(n) = parse_whole(text) {
                    return match usize::try_from(n) {
                        Ok(i) if (1..=options.len()).contains(&i) => Ok(Some(n)),
                        _ => Err(unknown),
                    };
                }
                options
                    .iter()
                    .position(|o| same_word(text, o.da.trim()) || same_word(text, o.en.trim()))
                    .and_then(|i| i64::try_from(i + 1).ok())
                    .map(Some)
                    .ok_or(unknown)
            }
        }
    }

    /// Whether `value` is a stored answer this question could have given.
    pub fn accepts(&self, value: i64) -> bool {
        match &self.kind {
            QuestionKind::Scale { min, max, .. } | QuestionKind::Number { min, max } => {
                (*min..=*max).contains(&value)
            }
            QuestionKind::YesNo => value == 0 || value == 1,
            QuestionKind::Choice { options } => {
                usize::try_from(value).is_ok_and(|n| (1..=options.len()).contains(&n))
            }
        }
    }

    /// A stored answer as people read it in `lang` ("da" or "en"): a scale's or a
    /// number's value, "Ja"/"Nej" ("Yes"/"No"), a choice's option text. A value the
    /// question could not have given is shown as the number.
    pub fn answer_text(&self, value: i64, lang: &str) -> String {
        let english = lang == "en";
        match &self.kind {
            QuestionKind::YesNo if value == 1 => if english { "Yes" } else { "Ja" }.to_owned(),
            QuestionKind::YesNo if value == 0 => if english { "No" } else { "Nej" }.to_owned(),
            QuestionKind::Choice { options } => usize::try_from(value)
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| options.get(i))
                .map_or_else(|| value.to_string(), |o| o.get(lang).to_owned()),
            _ => value.to_string(),
        }
    }

    /// The answers a distribution shows, in display order: a scale's values from low
    /// to high, yes before no, a choice's options in order. `None` for a number,
    /// whose answers are too many to count one by one.
    pub fn values(&self) -> Option<Vec<i64>> {
        match &self.kind {
            QuestionKind::Scale { min, max, .. } => Some((*min..=*max).collect()),
            QuestionKind::YesNo => Some(vec![1, 0]),
            QuestionKind::Choice { options } => Some(
                (1..=options.len())
                    .filter_map(|n| i64::try_from(n).ok())
                    .collect(),
            ),
            QuestionKind::Number { .. } => None,
        }
    }
}

enum Whole {
    Value(i64),
    TooLarge,
    NotANumber,
}

/// An optional `-` and digits, nothing else: no `+`, decimals or thousands separators,
/// which in a Danish file could mean either a decimal or a thousands point.
fn parse_whole(text: &str) -> Whole {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Whole::NotANumber;
    }
    let value = digits.bytes().try_fold(0i64, |value, b| {
        value.checked_mul(10)?.checked_add(i64::from(b - b'0'))
    });
    match value {
        Some(v) if negative => Whole::Value(-v),
        Some(v) => Whole::Value(v),
        None => Whole::TooLarge,
    }
}

fn parse_int(text: &str) -> Option<i64> {
    match parse_whole(text) {
        Whole::Value(v) => Some(v),
        Whole::TooLarge | Whole::NotANumber => None,
    }
}

/// The answers as one column: `"3,1,,2,45"`, empty where a question was not answered.
pub fn encode_answers(a: &[Option<i64>]) -> String {
    let mut out = String::with_capacity(a.len() * 3);
    for (i, answer) in a.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if let Some(v) = answer {
            out.push_str(&v.to_string());
        }
    }
    out
}

/// Reads [`encode_answers`]'s text back, for a set of `len` questions. `None` when the
/// text is malformed or holds another number of answers: stored answers that do not
/// fit their set are a fault to report, not to guess around.
pub fn decode_answers(s: &str, len: usize) -> Option<Answers> {
    if len == 0 {
        return s.is_empty().then(Vec::new);
    }
    let answers: Answers = s
        .split(',')
        .map(|part| match part {
            "" => Some(None),
            _ => parse_int(part).map(Some),
        })
        .collect::<Option<_>>()?;
    (answers.len() == len).then_some(answers)
}

/// One problem with a question set, at a 1-based line of the CSV file (or, for a set
/// that did not come from a file, the question's number). `field` is a column name of
/// [`CSV_COLUMNS`], or `""` for the whole line.
pub type SetError = crate::domain::line_error::LineError<SetErrorKind>;

impl crate::domain::line_error::LineErrorKind for SetErrorKind {
    fn key(&self) -> &'static str {
        SetErrorKind::key(self)
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        let mut args = Vec::new();
        match *self {
            SetErrorKind::FieldCount { found } => args.push(("found", found.to_string())),
            SetErrorKind::DuplicateCode { first_line } => {
                args.push(("first_line", first_line.to_string()))
            }
            _ => {}
        }
        args
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum SetErrorKind {
    #[error("the file must start with the header code;kind;required;text_da;text_en;range;labels_da;labels_en")]
    Header,
    #[error("the set has no questions")]
    NoRows,
    #[error("expected 8 fields, found {found}")]
    FieldCount { found: usize },
    #[error("a code is 1 to 32 of the letters a-z, digits, _ and -")]
    Code,
    #[error("the code is used already, on line {first_line}")]
    DuplicateCode { first_line: usize },
    #[error("the kind is scale, yes-no, choice or number (skala, ja-nej, valg, tal)")]
    Kind,
    #[error("required is ja or nej (yes or no), or empty for ja")]
    Required,
    #[error("the text is missing")]
    TextMissing,
    #[error("the text is longer than 500 characters")]
    TextTooLong,
    #[error("the text holds a control character, such as a line break")]
    TextControl,
    #[error("a scale's range is MIN..MAX with at most 10 steps between, e.g. 1..5; a number's MIN..MAX within -1000000..1000000; empty for yes-no and choice")]
    Range,
    #[error("a scale has two labels, low|high; a choice 2 to 20 options, option 1|option 2, the same number in Danish and English, each different and without |; empty for yes-no and number")]
    Labels,
    #[error("a set has at most 100 questions")]
    TooMany,
    #[error("the file is not UTF-8 text; save it as \"CSV UTF-8\"")]
    NotUtf8,
}

impl SetErrorKind {
    pub fn key(&self) -> &'static str {
        match self {
            SetErrorKind::Header => "question-set-header",
            SetErrorKind::NoRows => "question-set-no-rows",
            SetErrorKind::FieldCount { .. } => "question-set-field-count",
            SetErrorKind::Code => "question-set-code",
            SetErrorKind::DuplicateCode { .. } => "question-set-duplicate-code",
            SetErrorKind::Kind => "question-set-kind",
            SetErrorKind::Required => "question-set-required",
            SetErrorKind::TextMissing => "question-set-text-missing",
            SetErrorKind::TextTooLong => "question-set-text-too-long",
            SetErrorKind::TextControl => "question-set-text-control",
            SetErrorKind::Range => "question-set-range",
            SetErrorKind::Labels => "question-set-labels",
            SetErrorKind::TooMany => "question-set-too-many",
            SetErrorKind::NotUtf8 => "question-set-not-utf8",
        }
    }
}

/// Whether `code` is a valid question code.
pub fn valid_code(code: &str) -> bool {
    (1..=MAX_CODE_CHARS).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

impl QuestionSet {
    /// Checks the rules of a set: 1–100 questions, valid and unique codes, Danish and
    /// English texts of 1–500 characters without control characters, a scale's range
    /// of at most 10 steps and its two end labels, a choice's 2–20 options (different,
    /// without `|`, which the CSV file uses between them), a number's bounds within
    /// ±1,000,000. Every problem is reported, `line` being the question's number.
    pub fn validate(&self) -> Result<(), Vec<SetError>> {
        let errors = self.problems(|i| i + 1, 1, true);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Trims the texts and lower-cases the codes, as [`QuestionSet::parse_csv`] does: for
    /// a set from a JSON body, before [`QuestionSet::validate`].
    pub fn normalize(&mut self) {
        fn trim(t: &mut Text2) {
            t.da = t.da.trim().to_owned();
            t.en = t.en.trim().to_owned();
        }
        for q in &mut self.questions {
            q.code = q.code.trim().to_lowercase();
            trim(&mut q.text);
            match &mut q.kind {
                QuestionKind::Scale { low, high, .. } => {
                    trim(low);
                    trim(high);
                }
                QuestionKind::Choice { options } => options.iter_mut().for_each(trim),
                QuestionKind::YesNo | QuestionKind::Number { .. } => {}
            }
        }
    }

    /// The problems of the set, question `i` reported at `line_of(i)`, an empty set at
    /// `empty_line`. `count` says whether to check the number of questions (the file
    /// reader counts its lines itself, good or bad).
    fn problems(
        &self,
        line_of: impl Fn(usize) -> usize,
        empty_line: usize,
        count: bool,
    ) -> Vec<SetError> {
        let mut errors = Vec::new();
        if count && self.questions.is_empty() {
            errors.push(SetError {
                line: empty_line,
                field: "",
                kind: SetErrorKind::NoRows,
            });
        }
        // A JSON body may hold any number of questions: keep every check linear in it.
        let mut first_of: HashMap<&str, usize> = HashMap::with_capacity(self.questions.len());
        for (i, q) in self.questions.iter().enumerate() {
            let line = line_of(i);
            let start = errors.len();
            let mut error = |field, kind| {
                let e = SetError { line, field, kind };
                // Two checks can find the same fault (a missing option is also one too few).
                if !errors[start..].contains(&e) {
                    errors.push(e);
                }
            };
            if count && i == MAX_QUESTIONS {
                error("", SetErrorKind::TooMany);
            }
            if !valid_code(&q.code) {
                error("code", SetErrorKind::Code);
            } else if let Some(&first) = first_of.get(q.code.as_str()) {
                error(
                    "code",
                    SetErrorKind::DuplicateCode {
                        first_line: line_of(first),
                    },
                );
            } else {
                first_of.insert(&q.code, i);
            }
            for (field, text) in [("text_da", &q.text.da), ("text_en", &q.text.en)] {
                if let Some(kind) = text_problem(text) {
                    error(field, kind);
                }
            }
            match &q.kind {
                QuestionKind::Scale {
                    min,
                    max,
                    low,
                    high,
                } => {
                    if !bounds_ok(*min, *max) || max - min > MAX_SCALE_SPAN {
                        error("range", SetErrorKind::Range);
                    }
                    label_problems(&[low, high], &mut error);
                }
                QuestionKind::Number { min, max } => {
                    if !bounds_ok(*min, *max) {
                        error("range", SetErrorKind::Range);
                    }
                }
                QuestionKind::Choice { options } => {
                    if !(MIN_OPTIONS..=MAX_OPTIONS).contains(&options.len()) {
                        error("labels_da", SetErrorKind::Labels);
                    }
                    let refs: Vec<&Text2> = options.iter().collect();
                    label_problems(&refs, &mut error);
                    // An answer may name an option by its text, so two options must not
                    // read the same. (Past the limit the count is the problem to report.)
                    let few = options.len() <= MAX_OPTIONS;
                    for (field, da) in [("labels_da", true), ("labels_en", false)]
                        .into_iter()
                        .filter(|_| few)
                    {
                        let twice = options.iter().enumerate().any(|(j, o)| {
                            let text = in_language(o, da).trim();
                            !text.is_empty()
                                && options[..j]
                                    .iter()
                                    .any(|p| same_word(text, in_language(p, da).trim()))
                        });
                        if twice {
                            error(field, SetErrorKind::Labels);
                        }
                    }
                }
                QuestionKind::YesNo => {}
            }
        }
        errors
    }

    /// The position of the question with `code` (in any case).
    pub fn index_of(&self, code: &str) -> Option<usize> {
        self.questions
            .iter()
            .position(|q| q.code.eq_ignore_ascii_case(code))
    }

    /// Reads a form's answers, given as (code, text) pairs: every question of the set is
    /// read, unknown codes are ignored, a required question left empty is
    /// [`AnswerError::Missing`]. The errors come in the set's order, so the form can
    /// list them as the questions appear.
    pub fn validate_answers(
        &self,
        given: &[(String, String)],
    ) -> Result<Answers, Vec<(String, AnswerError)>> {
        let mut answers = Vec::with_capacity(self.questions.len());
        let mut errors = Vec::new();
        for q in &self.questions {
            let text = given
                .iter()
                .find(|(code, _)| *code == q.code)
                .map_or("", |(_, text)| text.as_str());
            match q.parse_answer(text) {
                Ok(None) if q.required => errors.push((q.code.clone(), AnswerError::Missing)),
                Ok(answer) => answers.push(answer),
                Err(e) => errors.push((q.code.clone(), e)),
            }
        }
        if errors.is_empty() {
            Ok(answers)
        } else {
            Err(errors)
        }
    }

    /// Reads the question-set CSV file (see the module documentation). Every problem
    /// is reported in one round, in line order, except a file that is not UTF-8 or has
    /// no header, which end the reading at once.
    pub fn parse_csv(bytes: &[u8]) -> Result<QuestionSet, Vec<SetError>> {
        let bytes = bytes.strip_prefix(UTF8_BOM.as_bytes()).unwrap_or(bytes);
        let text = std::str::from_utf8(bytes).map_err(|e| {
            let before = bytes.get(..e.valid_up_to()).unwrap_or(&[]);
            vec![SetError {
                line: before.iter().filter(|&&b| b == b'\n').count() + 1,
                field: "",
                kind: SetErrorKind::NotUtf8,
            }]
        })?;
        let delimiter = match text.lines().find(|l| !l.trim().is_empty()) {
            Some(header) if header.contains(';') => ';',
            _ => ',',
        };
        let mut records = records(text, delimiter).into_iter();
        let Some(header) = records.next() else {
            return Err(vec![SetError {
                line: 1,
                field: "",
                kind: SetErrorKind::Header,
            }]);
        };
        let header_ok = header.fields.len() == CSV_COLUMNS.len()
            && header
                .fields
                .iter()
                .zip(CSV_COLUMNS)
                .all(|(f, c)| f.eq_ignore_ascii_case(c));
        if !header_ok {
            return Err(vec![SetError {
                line: header.line,
                field: "",
                kind: SetErrorKind::Header,
            }]);
        }
        let mut errors = Vec::new();
        let mut set = QuestionSet {
            questions: Vec::new(),
        };
        let mut lines = Vec::new();
        let mut rows = 0;
        for record in records {
            rows += 1;
            if rows == MAX_QUESTIONS + 1 {
                errors.push(SetError {
                    line: record.line,
                    field: "",
                    kind: SetErrorKind::TooMany,
                });
            }
            match parse_question(&record.fields) {
                Ok(q) => {
                    set.questions.push(q);
                    lines.push(record.line);
                }
                Err(problems) => {
                    errors.extend(problems.into_iter().map(|(field, kind)| SetError {
                        line: record.line,
                        field,
                        kind,
                    }))
                }
            }
        }
        if rows == 0 {
            errors.push(SetError {
                line: header.line,
                field: "",
                kind: SetErrorKind::NoRows,
            });
        }
        errors.extend(set.problems(|i| lines.get(i).copied().unwrap_or(0), header.line, false));
        if errors.is_empty() {
            Ok(set)
        } else {
            // Stable: within a line, the fields stay in column order.
            errors.sort_by_key(|e| e.line);
            Err(errors)
        }
    }

    /// The set as the CSV file [`QuestionSet::parse_csv`] reads, for Danish Excel: `;`,
    /// UTF-8 with BOM, CRLF.
    pub fn to_csv(&self) -> String {
        let mut out = String::from(UTF8_BOM);
        out.push_str(&CSV_COLUMNS.join(";"));
        out.push_str("\r\n");
        for q in &self.questions {
            let (range, labels_da, labels_en) = match &q.kind {
                QuestionKind::Scale {
                    min,
                    max,
                    low,
                    high,
                } => (
                    format!("{min}..{max}"),
                    format!("{}|{}", low.da, high.da),
                    format!("{}|{}", low.en, high.en),
                ),
                QuestionKind::Number { min, max } => {
                    (format!("{min}..{max}"), String::new(), String::new())
                }
                QuestionKind::Choice { options } => (
                    String::new(),
                    options
                        .iter()
                        .map(|o| o.da.as_str())
                        .collect::<Vec<_>>()
                        .join("|"),
                    options
                        .iter()
                        .map(|o| o.en.as_str())
                        .collect::<Vec<_>>()
                        .join("|"),
                ),
                QuestionKind::YesNo => (String::new(), String::new(), String::new()),
            };
            let fields = [
                q.code.as_str(),
                q.kind.as_str(),
                if q.required { "ja" } else { "nej" },
                &q.text.da,
                &q.text.en,
                &range,
                &labels_da,
                &labels_en,
            ];
            for (i, field) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(';');
                }
                push_csv_field(&mut out, field);
            }
            out.push_str("\r\n");
        }
        out
    }
}

fn in_language(text: &Text2, da: bool) -> &str {
    if da {
        &text.da
    } else {
        &text.en
    }
}

fn bounds_ok(min: i64, max: i64) -> bool {
    min < max && min >= -MAX_BOUND && max <= MAX_BOUND
}

fn text_problem(text: &str) -> Option<SetErrorKind> {
    if text.trim().is_empty() {
        Some(SetErrorKind::TextMissing)
    } else if text.chars().count() > MAX_TEXT_CHARS {
        Some(SetErrorKind::TextTooLong)
    } else if has_control(text, false) {
        Some(SetErrorKind::TextControl)
    } else {
        None
    }
}

/// A label or option missing or holding `|` is a labels problem; too long or with a
/// control character, the same problem as a question text.
fn label_problems(labels: &[&Text2], error: &mut impl FnMut(&'static str, SetErrorKind)) {
    for (field, da) in [("labels_da", true), ("labels_en", false)] {
        let mut kinds: Vec<SetErrorKind> = labels
            .iter()
            .map(|t| in_language(t, da))
            .filter_map(|text| match text_problem(text) {
                Some(SetErrorKind::TextMissing) => Some(SetErrorKind::Labels),
                None if text.contains(LABEL_SEPARATOR) => Some(SetErrorKind::Labels),
                other => other,
            })
            .collect();
        kinds.dedup();
        for kind in kinds {
            error(field, kind);
        }
    }
}

fn push_csv_field(out: &mut String, field: &str) {
    let quote = field.contains([';', ',', '"', '\r', '\n']) || field.trim() != field;
    if quote {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

/// One parsed line (or, with a quoted line break, lines) of the CSV file.
struct Record {
    /// The line it starts on.
    line: usize,
    fields: Vec<String>,
}

/// Splits the text into records of trimmed, unquoted fields, skipping blank lines.
/// Empty fields beyond the eighth are dropped.
fn records(text: &str, delimiter: char) -> Vec<Record> {
    let mut out = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut line = 1;
    let mut start = 1;
    let mut chars = text.chars().peekable();
    fn end_field(field: &mut String, fields: &mut Vec<String>) {
        fields.push(field.trim().to_owned());
        field.clear();
    }
    loop {
        let c = chars.next();
        match c {
            Some('"') if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            Some('"') if quoted => quoted = false,
            Some('"') if field.trim().is_empty() => {
                field.clear();
                quoted = true;
            }
            Some('\n') if quoted => {
                line += 1;
                field.push('\n');
            }
            Some(c) if quoted => field.push(c),
            Some(c) if c == delimiter => end_field(&mut field, &mut fields),
            Some('\r') if chars.peek() == Some(&'\n') => {}
            Some('\n') | None => {
                end_field(&mut field, &mut fields);
                while fields.len() > CSV_COLUMNS.len()
                    && fields.last().is_some_and(String::is_empty)
                {
                    fields.pop();
                }
                if fields.iter().any(|f| !f.is_empty()) {
                    out.push(Record {
                        line: start,
                        fields: std::mem::take(&mut fields),
                    });
                }
                fields.clear();
                if c.is_none() {
                    return out;
                }
                line += 1;
                start = line;
            }
            Some(c) => field.push(c),
        }
    }
}

type FieldProblems = Vec<(&'static str, SetErrorKind)>;

/// One data line as a question; the problems only this line can show (the rest are
/// checked on the whole set).
fn parse_question(fields: &[String]) -> Result<Question, FieldProblems> {
    let [code, kind, required, text_da, text_en, range, labels_da, labels_en] = fields else {
        return Err(vec![(
            "",
            SetErrorKind::FieldCount {
                found: fields.len(),
            },
        )]);
    };
    let mut problems = Vec::new();
    let required = if required.is_empty() || YES.iter().any(|w| required.eq_ignore_ascii_case(w)) {
        true
    } else if NO.iter().any(|w| required.eq_ignore_ascii_case(w)) {
        false
    } else {
        problems.push(("required", SetErrorKind::Required));
        true
    };
    let labels = |text: &str| -> Vec<String> {
        text.split(LABEL_SEPARATOR)
            .map(|l| l.trim().to_owned())
            .collect()
    };
    let word = kind.to_ascii_lowercase();
    let kind = match word.as_str() {
        "scale" | "skala" | "number" | "tal" => {
            let bounds = parse_range(range);
            if bounds.is_none() {
                problems.push(("range", SetErrorKind::Range));
            }
            let (min, max) = bounds.unwrap_or((0, 0));
            if matches!(word.as_str(), "number" | "tal") {
                if !labels_da.is_empty() || !labels_en.is_empty() {
                    problems.push(("labels_da", SetErrorKind::Labels));
                }
                Some(QuestionKind::Number { min, max })
            } else {
                let (da, en) = (labels(labels_da), labels(labels_en));
                match (da.as_slice(), en.as_slice()) {
                    ([low_da, high_da], [low_en, high_en]) => Some(QuestionKind::Scale {
                        min,
                        max,
                        low: Text2::new(low_da, low_en),
                        high: Text2::new(high_da, high_en),
                    }),
                    ([_, _], _) => {
                        problems.push(("labels_en", SetErrorKind::Labels));
                        None
                    }
                    _ => {
                        problems.push(("labels_da", SetErrorKind::Labels));
                        None
                    }
                }
            }
        }
        "choice" | "valg" | "yes-no" | "ja-nej" | "yesno" => {
            if !range.is_empty() {
                problems.push(("range", SetErrorKind::Range));
            }
            if matches!(word.as_str(), "choice" | "valg") {
                let (da, en) = (labels(labels_da), labels(labels_en));
                if da.len() == en.len() {
                    let options = da.iter().zip(&en).map(|(d, e)| Text2::new(d, e)).collect();
                    Some(QuestionKind::Choice { options })
                } else {
                    problems.push(("labels_en", SetErrorKind::Labels));
                    None
                }
            } else {
                if !labels_da.is_empty() || !labels_en.is_empty() {
                    problems.push(("labels_da", SetErrorKind::Labels));
                }
                Some(QuestionKind::YesNo)
            }
        }
        _ => {
            problems.push(("kind", SetErrorKind::Kind));
            None
        }
    };
    match kind {
        Some(kind) if problems.is_empty() => Ok(Question {
            code: code.to_lowercase(),
            kind,
            required,
            text: Text2::new(text_da, text_en),
        }),
        _ => {
            // Report in column order.
            problems.sort_by_key(|(field, _)| CSV_COLUMNS.iter().position(|c| c == field));
            Err(problems)
        }
    }
}

/// `MIN..MAX`, or `MIN-MAX` / `MIN–MAX` (en dash) with a non-negative `MIN`.
fn parse_range(text: &str) -> Option<(i64, i64)> {
    let (min, max) = text
        .split_once("..")
        .or_else(|| text.split_once(['-', '\u{2013}']))?;
    let (min, max) = (min.trim(), max.trim());
    if min.is_empty() {
        return None;
    }
    Some((parse_int(min)?, parse_int(max)?))
}

/// An illustration of a set (the agency's own questionnaire was deleted from the
/// source): ten plausible questions on readiness for work, health, social network and
/// the citizen's own expectations, for demos and tests. Not the agency's wording.
pub fn illustration() -> QuestionSet {
    fn question(code: &str, kind: QuestionKind, required: bool, da: &str, en: &str) -> Question {
        Question {
            code: code.to_owned(),
            kind,
            required,
            text: Text2::new(da, en),
        }
    }
    fn scale(max: i64, low: (&str, &str), high: (&str, &str)) -> QuestionKind {
        QuestionKind::Scale {
            min: 1,
            max,
            low: Text2::new(low.0, low.1),
            high: Text2::new(high.0, high.1),
        }
    }
    fn choice(options: &[(&str, &str)]) -> QuestionKind {
        QuestionKind::Choice {
            options: options.iter().map(|(da, en)| Text2::new(da, en)).collect(),
        }
    }
    QuestionSet {
        questions: vec![
            question(
                "parat",
                scale(
                    5,
                    ("Slet ikke klar", "Not ready at all"),
                    ("Helt klar", "Completely ready"),
                ),
                true,
                "Hvor klar føler du dig til at arbejde nogle timer om ugen?",
                "How ready do you feel to work a few hours a week?",
            ),
            question(
                "helbred",
                scale(
                    5,
                    ("Meget dårligt", "Very poor"),
                    ("Meget godt", "Very good"),
                ),
                true,
                "Hvordan vil du alt i alt vurdere dit helbred?",
                "All in all, how would you rate your health?",
            ),
            question(
                "timer",
                QuestionKind::Number { min: 0, max: 37 },
                true,
                "Hvor mange timer om ugen tror du, du kan arbejde?",
                "How many hours a week do you think you can work?",
            ),
            question(
                "netvaerk",
                QuestionKind::YesNo,
                true,
                "Har du nogen, du kan tale med, hvis du har problemer?",
                "Do you have someone to talk to if you have problems?",
            ),
            question(
                "hverdag",
                scale(
                    5,
                    ("Meget dårligt", "Very badly"),
                    ("Meget godt", "Very well"),
                ),
                true,
                "Hvor godt får du din hverdag til at hænge sammen?",
                "How well do you manage your everyday life?",
            ),
            question(
                "forventning",
                choice(&[
                    ("Job med ordinære timer", "A job with ordinary hours"),
                    ("Uddannelse", "Education"),
                    ("Fleksjob", "Flex job"),
                    ("Ved ikke", "Don't know"),
                ]),
                true,
                "Hvad forventer du at lave om et år?",
                "What do you expect to be doing a year from now?",
            ),
            question(
                "transport",
                QuestionKind::YesNo,
                true,
                "Kan du selv komme frem til en arbejdsplads?",
                "Can you get to a workplace on your own?",
            ),
            question(
                "motivation",
                scale(
                    5,
                    ("Slet ikke motiveret", "Not motivated at all"),
                    ("Meget motiveret", "Very motivated"),
                ),
                true,
                "Hvor motiveret er du for at komme i arbejde?",
                "How motivated are you to get a job?",
            ),
            question(
                "stoette",
                choice(&[
                    ("Hjælp til at finde et job", "Help finding a job"),
                    ("Hjælp med mit helbred", "Help with my health"),
                    (
                        "Hjælp med økonomi eller bolig",
                        "Help with money or housing",
                    ),
                    ("Ingen særlig støtte", "No particular support"),
                ]),
                true,
                "Hvilken støtte har du mest brug for nu?",
                "What support do you need most now?",
            ),
            question(
                "trivsel",
                scale(
                    10,
                    ("Meget dårligt", "Very bad"),
                    ("Rigtig godt", "Very good"),
                ),
                false,
                "Hvordan har du det for tiden, alt i alt?",
                "All in all, how are you doing these days?",
            ),
        ],
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use proptest::prelude::*;

    use super::*;

    fn set() -> QuestionSet {
        illustration()
    }

    fn q(code: &str) -> Question {
        let set = set();
        let i = set.index_of(code).unwrap();
        set.questions[i].clone()
    }

    fn csv(lines: &[&str]) -> Vec<u8> {
        let mut text = CSV_COLUMNS.join(";");
        for line in lines {
            text.push('\n');
            text.push_str(line);
        }
        text.into_bytes()
    }

    fn errors(bytes: &[u8]) -> Vec<(usize, &'static str, SetErrorKind)> {
        QuestionSet::parse_csv(bytes)
            .unwrap_err()
            .into_iter()
            .map(|e| (e.line, e.field, e.kind))
            .collect()
    }

    const SCALE: &str = "parat;scale;ja;Klar?;Ready?;1..5;Slet ikke|Helt;Not at all|Fully";

    #[test]
    fn the_illustration_is_a_valid_set_of_ten_questions() {
        let set = set();
        assert_eq!(set.validate(), Ok(()));
        assert_eq!(set.questions.len(), 10);
        assert!(!set.questions[set.index_of("trivsel").unwrap()].required);
        for code in [
            "parat",
            "helbred",
            "timer",
            "netvaerk",
            "forventning",
            "stoette",
        ] {
            assert!(set.index_of(code).is_some(), "{code}");
        }
    }

    #[test]
    fn texts_are_shown_in_english_when_asked_and_there_is_one() {
        let text = Text2::new("Ja", "Yes");
        assert_eq!(text.get("en"), "Yes");
        assert_eq!(text.get("da"), "Ja");
        assert_eq!(text.get("de"), "Ja");
        assert_eq!(Text2::new("Ja", "").get("en"), "Ja");
    }

    #[test]
    fn a_scale_takes_whole_numbers_in_its_range() {
        let parat = q("parat");
        assert_eq!(parat.parse_answer(" 3 "), Ok(Some(3)));
        assert_eq!(parat.parse_answer("1"), Ok(Some(1)));
        assert_eq!(parat.parse_answer("5"), Ok(Some(5)));
        assert_eq!(parat.parse_answer(""), Ok(None));
        assert_eq!(parat.parse_answer("  "), Ok(None));
        let range = AnswerError::OutOfRange { min: 1, max: 5 };
        assert_eq!(parat.parse_answer("0"), Err(range));
        assert_eq!(parat.parse_answer("6"), Err(range));
        assert_eq!(parat.parse_answer("-1"), Err(range));
        assert_eq!(parat.parse_answer("99999999999999999999999"), Err(range));
        for bad in ["3.0", "3,5", "+3", "tre", "-", "3 4"] {
            assert_eq!(
                parat.parse_answer(bad),
                Err(AnswerError::NotANumber),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_number_takes_whole_numbers_without_separators() {
        let timer = q("timer");
        assert_eq!(timer.parse_answer("0"), Ok(Some(0)));
        assert_eq!(timer.parse_answer("37"), Ok(Some(37)));
        assert_eq!(timer.parse_answer("037"), Ok(Some(37)));
        assert_eq!(
            timer.parse_answer("38"),
            Err(AnswerError::OutOfRange { min: 0, max: 37 })
        );
        for bad in ["12.5", "12,5", "1.000", "1 000", "12t"] {
            assert_eq!(
                timer.parse_answer(bad),
                Err(AnswerError::NotANumber),
                "{bad}"
            );
        }
        let negative = Question {
            kind: QuestionKind::Number { min: -10, max: 10 },
            ..timer
        };
        assert_eq!(negative.parse_answer("-10"), Ok(Some(-10)));
    }

    #[test]
    fn yes_and_no_are_read_in_danish_and_english() {
        let netvaerk = q("netvaerk");
        for yes in ["ja", "JA", "Yes", "1", "true", "Sand"] {
            assert_eq!(netvaerk.parse_answer(yes), Ok(Some(1)), "{yes}");
        }
        for no in ["nej", "No", "0", "FALSE", "falsk"] {
            assert_eq!(netvaerk.parse_answer(no), Ok(Some(0)), "{no}");
        }
        for bad in ["2", "måske", "j", "y"] {
            assert_eq!(netvaerk.parse_answer(bad), Err(AnswerError::YesNo), "{bad}");
        }
    }

    #[test]
    fn a_choice_takes_the_options_number_or_its_text_in_either_language() {
        let forventning = q("forventning");
        assert_eq!(forventning.parse_answer("1"), Ok(Some(1)));
        assert_eq!(forventning.parse_answer("4"), Ok(Some(4)));
        assert_eq!(forventning.parse_answer("uddannelse"), Ok(Some(2)));
        assert_eq!(forventning.parse_answer(" FLEKSJOB "), Ok(Some(3)));
        assert_eq!(forventning.parse_answer("Flex job"), Ok(Some(3)));
        assert_eq!(
            forventning.parse_answer("job med ORDINÆRE timer"),
            Ok(Some(1))
        );
        let unknown = AnswerError::UnknownOption { count: 4 };
        for bad in ["0", "5", "-1", "Pension", "Uddannelse og job"] {
            assert_eq!(forventning.parse_answer(bad), Err(unknown), "{bad}");
        }
    }

    #[test]
    fn answers_are_shown_as_people_read_them() {
        assert_eq!(q("parat").answer_text(3, "da"), "3");
        assert_eq!(q("netvaerk").answer_text(1, "da"), "Ja");
        assert_eq!(q("netvaerk").answer_text(0, "da"), "Nej");
        assert_eq!(q("netvaerk").answer_text(1, "en"), "Yes");
        assert_eq!(q("netvaerk").answer_text(0, "en"), "No");
        assert_eq!(q("forventning").answer_text(2, "da"), "Uddannelse");
        assert_eq!(q("forventning").answer_text(3, "en"), "Flex job");
        assert_eq!(q("forventning").answer_text(9, "en"), "9");
        assert_eq!(q("forventning").answer_text(0, "en"), "0");
        assert_eq!(q("timer").answer_text(12, "en"), "12");
    }

    #[test]
    fn distributions_list_the_values_in_display_order() {
        assert_eq!(q("parat").values(), Some(vec![1, 2, 3, 4, 5]));
        assert_eq!(q("netvaerk").values(), Some(vec![1, 0]));
        assert_eq!(q("forventning").values(), Some(vec![1, 2, 3, 4]));
        assert_eq!(q("timer").values(), None);
        assert_eq!(q("trivsel").values().map(|v| v.len()), Some(10));
        assert!(q("parat").accepts(5) && !q("parat").accepts(6));
        assert!(q("netvaerk").accepts(0) && !q("netvaerk").accepts(2));
        assert!(q("forventning").accepts(4) && !q("forventning").accepts(0));
    }

    #[test]
    fn a_form_is_read_whole_and_its_errors_come_in_question_order() {
        let set = set();
        let given = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(c, t)| (c.to_string(), t.to_string()))
                .collect()
        };
        let full = given(&[
            ("trivsel", ""),
            ("parat", "3"),
            ("helbred", "4"),
            ("timer", "10"),
            ("netvaerk", "ja"),
            ("hverdag", "2"),
            ("forventning", "Uddannelse"),
            ("transport", "nej"),
            ("motivation", "5"),
            ("stoette", "1"),
            ("unknown", "whatever"),
        ]);
        assert_eq!(
            set.validate_answers(&full),
            Ok(vec![
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
            ])
        );
        let errors = set
            .validate_answers(&given(&[
                ("timer", "99"),
                ("parat", "x"),
                ("trivsel", "11"),
            ]))
            .unwrap_err();
        let codes: Vec<&str> = errors.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(
            codes,
            vec![
                "parat",
                "helbred",
                "timer",
                "netvaerk",
                "hverdag",
                "forventning",
                "transport",
                "motivation",
                "stoette",
                "trivsel"
            ]
        );
        assert_eq!(errors[0].1, AnswerError::NotANumber);
        assert_eq!(errors[1].1, AnswerError::Missing);
        assert_eq!(errors[2].1, AnswerError::OutOfRange { min: 0, max: 37 });
        assert_eq!(errors[9].1, AnswerError::OutOfRange { min: 1, max: 10 });
    }

    #[test]
    fn answers_are_stored_as_one_column_and_read_back() {
        let answers = vec![Some(3), Some(1), None, Some(2), Some(45)];
        assert_eq!(encode_answers(&answers), "3,1,,2,45");
        assert_eq!(decode_answers("3,1,,2,45", 5), Some(answers));
        assert_eq!(encode_answers(&[]), "");
        assert_eq!(decode_answers("", 0), Some(vec![]));
        assert_eq!(encode_answers(&[None]), "");
        assert_eq!(decode_answers("", 1), Some(vec![None]));
        assert_eq!(decode_answers(",", 2), Some(vec![None, None]));
        assert_eq!(decode_answers("-3", 1), Some(vec![Some(-3)]));
        assert_eq!(decode_answers("3,1", 3), None);
        assert_eq!(decode_answers("3,1", 1), None);
        assert_eq!(decode_answers("3", 0), None);
        for bad in ["x", "3;1", " 3", "3.5", "+3", "99999999999999999999"] {
            assert_eq!(decode_answers(bad, 1), None, "{bad}");
        }
    }

    #[test]
    fn answer_errors_have_distinct_keys_and_their_bounds_as_arguments() {
        let all = [
            AnswerError::NotANumber,
            AnswerError::OutOfRange { min: 1, max: 5 },
            AnswerError::YesNo,
            AnswerError::UnknownOption { count: 4 },
            AnswerError::Missing,
        ];
        let keys: BTreeSet<_> = all.iter().map(|e| e.key()).collect();
        assert_eq!(keys.len(), all.len());
        assert!(keys.iter().all(|k| k.starts_with("questionnaire-answer-")));
        assert_eq!(
            all[1].args(),
            vec![("min", "1".to_owned()), ("max", "5".to_owned())]
        );
        assert_eq!(all[3].args(), vec![("count", "4".to_owned())]);
        assert!(all[0].args().is_empty());
    }

    #[test]
    fn the_csv_file_reads_every_kind() {
        let bytes = csv(&[
            SCALE,
            "TIMER;tal;nej;Timer?;Hours?;0-37;;",
            "net;ja-nej;;Net?;Network?;;;",
            "valg;valg;yes;Hvad?;What?;;\"Job; ordinær\"|Uddannelse | Ved ikke;Job|Education|Don't know",
            "neg;skala;1;Neg?;Neg?;-2..2;lav|høj;low|high",
            "dash;Scale;0;D?;D?;1–5;a|b;c|d",
        ]);
        let set = QuestionSet::parse_csv(&bytes).unwrap();
        assert_eq!(set.questions.len(), 6);
        assert_eq!(
            set.questions[0].kind,
            QuestionKind::Scale {
                min: 1,
                max: 5,
                low: Text2::new("Slet ikke", "Not at all"),
                high: Text2::new("Helt", "Fully"),
            }
        );
        assert_eq!(set.questions[1].code, "timer");
        assert!(!set.questions[1].required);
        assert_eq!(
            set.questions[1].kind,
            QuestionKind::Number { min: 0, max: 37 }
        );
        assert!(set.questions[2].required);
        assert_eq!(set.questions[2].kind, QuestionKind::YesNo);
        assert_eq!(
            set.questions[3].kind,
            QuestionKind::Choice {
                options: vec![
                    Text2::new("Job; ordinær", "Job"),
                    Text2::new("Uddannelse", "Education"),
                    Text2::new("Ved ikke", "Don't know"),
                ]
            }
        );
        assert!(matches!(
            set.questions[4].kind,
            QuestionKind::Scale {
                min: -2,
                max: 2,
                ..
            }
        ));
        assert!(matches!(
            set.questions[5].kind,
            QuestionKind::Scale { min: 1, max: 5, .. }
        ));
    }

    #[test]
    fn the_csv_file_may_use_commas_a_bom_crlf_quotes_and_blank_lines() {
        let text = "\u{feff}CODE,Kind,required,text_da,text_en,range,labels_da,labels_en,,\r\n\r\n\
                    parat,scale,ja,\"Klar, helt klar?\",\"Say \"\"ready\"\"\",1..5,a|b,c|d,,\r\n";
        let set = QuestionSet::parse_csv(text.as_bytes()).unwrap();
        assert_eq!(
            set.questions[0].text,
            Text2::new("Klar, helt klar?", "Say \"ready\"")
        );
        // A blank line is counted: the error is on line 3.
        let bad = "code,kind,required,text_da,text_en,range,labels_da,labels_en\n\nparat,skala,ja,x,y,1..50,a|b,c|d";
        assert_eq!(
            errors(bad.as_bytes()),
            vec![(3, "range", SetErrorKind::Range)]
        );
    }

    #[test]
    fn every_problem_of_the_file_is_reported_in_line_order() {
        let bytes = csv(&[
            SCALE,
            "Parat;scale;ja;Klar?;Ready?;1..5;a|b;c|d",
            "bad code;kind?;måske;;x;;;",
            "n;number;ja;N?;N?;5..1;;",
            "c;choice;ja;C?;C?;1..3;a|b|c;a|b",
            "s;scale;ja;S?;S?;1..5;kun én;only one",
            "y;yes-no;ja;Y?;Y?;;a|b;",
            "too;few;fields",
        ]);
        assert_eq!(
            errors(&bytes),
            vec![
                (3, "code", SetErrorKind::DuplicateCode { first_line: 2 }),
                (4, "kind", SetErrorKind::Kind),
                (4, "required", SetErrorKind::Required),
                (5, "range", SetErrorKind::Range),
                (6, "range", SetErrorKind::Range),
                (6, "labels_en", SetErrorKind::Labels),
                (7, "labels_da", SetErrorKind::Labels),
                (8, "labels_da", SetErrorKind::Labels),
                (9, "", SetErrorKind::FieldCount { found: 3 }),
            ]
        );
    }

    #[test]
    fn texts_codes_and_bounds_are_checked_on_the_whole_set() {
        let long = "x".repeat(MAX_TEXT_CHARS + 1);
        let bytes = csv(&[
            &format!("{};scale;ja;{long};ok;1..12;a|b;c|d", "x".repeat(33)),
            "ok-1;number;ja;\u{1}?;;-2000000..0;;",
            "c;choice;ja;C?;C?;;a|A|b|c|d|e|f|g|h|i|j|k|l|m|n|o|p|q|r|s|t;1|2|3|4|5|6|7|8|9|10|11|12|13|14|15|16|17|18|19|20|21",
            "d;choice;ja;D?;D?;;eneste;only",
        ]);
        assert_eq!(
            errors(&bytes),
            vec![
                (2, "code", SetErrorKind::Code),
                (2, "text_da", SetErrorKind::TextTooLong),
                (2, "range", SetErrorKind::Range),
                (3, "text_da", SetErrorKind::TextControl),
                (3, "text_en", SetErrorKind::TextMissing),
                (3, "range", SetErrorKind::Range),
                (4, "labels_da", SetErrorKind::Labels),
                (5, "labels_da", SetErrorKind::Labels),
            ]
        );
        // Exactly 500 characters (not bytes) is fine.
        let max = "æ".repeat(MAX_TEXT_CHARS);
        let ok = csv(&[&format!("a;yes-no;ja;{max};{max};;;")]);
        assert!(QuestionSet::parse_csv(&ok).is_ok());
    }

    #[test]
    fn a_file_without_header_or_questions_or_utf8_is_refused() {
        assert_eq!(errors(b""), vec![(1, "", SetErrorKind::Header)]);
        assert_eq!(errors(b"\n\n  \n"), vec![(1, "", SetErrorKind::Header)]);
        assert_eq!(
            errors(b"\ncode;kind\nparat;scale"),
            vec![(2, "", SetErrorKind::Header)]
        );
        assert_eq!(errors(&csv(&[])), vec![(1, "", SetErrorKind::NoRows)]);
        assert_eq!(
            errors(&csv(&["", ";;;"])),
            vec![(1, "", SetErrorKind::NoRows)]
        );
        let mut bytes = csv(&[SCALE]);
        bytes.extend_from_slice(b"\nx;yes-no;ja;Tr\xF8t?;Tired?;;;");
        assert_eq!(errors(&bytes), vec![(3, "", SetErrorKind::NotUtf8)]);
    }

    #[test]
    fn a_set_has_at_most_a_hundred_questions() {
        let lines: Vec<String> = (0..=MAX_QUESTIONS)
            .map(|i| format!("q{i};yes-no;ja;Q?;Q?;;;"))
            .collect();
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        assert_eq!(
            errors(&csv(&refs)),
            vec![(MAX_QUESTIONS + 2, "", SetErrorKind::TooMany)]
        );
        assert!(QuestionSet::parse_csv(&csv(&refs[..MAX_QUESTIONS])).is_ok());
        let mut set = QuestionSet::parse_csv(&csv(&refs[..MAX_QUESTIONS])).unwrap();
        set.questions.push(set.questions[0].clone());
        set.questions[MAX_QUESTIONS].code = "extra".to_owned();
        assert_eq!(
            set.validate().unwrap_err(),
            vec![SetError {
                line: MAX_QUESTIONS + 1,
                field: "",
                kind: SetErrorKind::TooMany
            }]
        );
    }

    #[test]
    fn validate_checks_a_set_from_json_by_question_number() {
        let mut set = set();
        set.questions[1].code = "parat".to_owned();
        set.questions[2].text.en = String::new();
        set.questions[3].kind = QuestionKind::Scale {
            min: 1,
            max: 5,
            low: Text2::new("a|b", "low"),
            high: Text2::new("high", ""),
        };
        assert_eq!(
            set.validate().unwrap_err(),
            vec![
                SetError {
                    line: 2,
                    field: "code",
                    kind: SetErrorKind::DuplicateCode { first_line: 1 }
                },
                SetError {
                    line: 3,
                    field: "text_en",
                    kind: SetErrorKind::TextMissing
                },
                SetError {
                    line: 4,
                    field: "labels_da",
                    kind: SetErrorKind::Labels
                },
                SetError {
                    line: 4,
                    field: "labels_en",
                    kind: SetErrorKind::Labels
                },
            ]
        );
        assert_eq!(
            QuestionSet { questions: vec![] }.validate().unwrap_err()[0].kind,
            SetErrorKind::NoRows
        );
        let json = serde_json::to_string(&illustration()).unwrap();
        assert!(
            json.contains(r#""kind":{"kind":"scale","min":1,"max":5"#),
            "{json}"
        );
        assert!(json.contains(r#""kind":{"kind":"yes-no"}"#), "{json}");
        let back: QuestionSet = serde_json::from_str(&json).unwrap();
        assert_eq!(back, illustration());
    }

    #[test]
    fn a_huge_set_from_a_json_body_is_refused_without_quadratic_work() {
        let mut set = QuestionSet {
            questions: vec![q("netvaerk"); 50_000],
        };
        set.questions[0].kind = QuestionKind::Choice {
            options: vec![Text2::new("same", "same"); 200_000],
        };
        let started = std::time::Instant::now();
        let errors = set.validate().unwrap_err();
        assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
        assert_eq!(errors[0].kind, SetErrorKind::Labels);
        assert!(errors.iter().any(|e| e.kind == SetErrorKind::TooMany));
        let duplicates = errors
            .iter()
            .filter(|e| e.kind == SetErrorKind::DuplicateCode { first_line: 1 })
            .count();
        assert_eq!(duplicates, 49_999);
    }

    #[test]
    fn normalize_trims_texts_and_lower_cases_codes() {
        let mut set = set();
        set.questions[0].code = " PARAT ".to_owned();
        set.questions[0].text.da = " Klar? ".to_owned();
        if let QuestionKind::Choice { options } = &mut set.questions[5].kind {
            options[0].en = " Job ".to_owned();
        }
        set.normalize();
        assert_eq!(set.questions[0].code, "parat");
        assert_eq!(set.questions[0].text.da, "Klar?");
        assert_eq!(set.validate(), Ok(()));
        assert_eq!(QuestionSet::parse_csv(set.to_csv().as_bytes()), Ok(set));
    }

    #[test]
    fn set_errors_read_as_sentences_with_distinct_keys() {
        let e = SetError {
            line: 4,
            field: "code",
            kind: SetErrorKind::DuplicateCode { first_line: 2 },
        };
        assert_eq!(
            e.to_string(),
            "line 4, field code: the code is used already, on line 2"
        );
        assert_eq!(e.key(), "question-set-duplicate-code");
        assert_eq!(
            e.args(),
            vec![
                ("line", "4".to_owned()),
                ("field", "code".to_owned()),
                ("first_line", "2".to_owned())
            ]
        );
        use SetErrorKind as K;
        let kinds = [
            K::Header,
            K::NoRows,
            K::FieldCount { found: 1 },
            K::Code,
            K::DuplicateCode { first_line: 1 },
            K::Kind,
            K::Required,
            K::TextMissing,
            K::TextTooLong,
            K::TextControl,
            K::Range,
            K::Labels,
            K::TooMany,
            K::NotUtf8,
        ];
        let keys: BTreeSet<_> = kinds.iter().map(SetErrorKind::key).collect();
        assert_eq!(keys.len(), kinds.len());
        assert!(keys.iter().all(|k| k.starts_with("question-set-")));
    }

    #[test]
    fn the_written_file_is_for_danish_excel_and_reads_back_as_the_same_set() {
        let text = set().to_csv();
        assert!(text.starts_with(
            "\u{feff}code;kind;required;text_da;text_en;range;labels_da;labels_en\r\n"
        ));
        assert!(text.contains(
            "\r\nparat;scale;ja;Hvor klar føler du dig til at arbejde nogle timer om ugen?;\
             How ready do you feel to work a few hours a week?;1..5;Slet ikke klar|Helt klar;\
             Not ready at all|Completely ready\r\n"
        ));
        assert!(text.contains("\r\ntimer;number;ja;"));
        assert!(text.contains(";0..37;;\r\n"));
        assert!(text.contains("\r\ntrivsel;scale;nej;"));
        assert_eq!(QuestionSet::parse_csv(text.as_bytes()), Ok(set()));
    }

    fn text() -> impl Strategy<Value = String> {
        // No surrounding spaces (the reader trims) and no |, which separates labels.
        "[a-zA-ZæøåÆØÅ0-9;,\"'?.()]([a-zA-ZæøåÆØÅ0-9 ;,\"'?.()-]{0,20}[a-zA-ZæøåÆØÅ0-9;,\"'?.()])?"
    }

    fn text2() -> impl Strategy<Value = Text2> {
        (text(), text()).prop_map(|(da, en)| Text2 { da, en })
    }

    fn kind() -> impl Strategy<Value = QuestionKind> {
        prop_oneof![
            (
                -MAX_BOUND..=MAX_BOUND - MAX_SCALE_SPAN,
                1..=MAX_SCALE_SPAN,
                text2(),
                text2()
            )
                .prop_map(|(min, span, low, high)| QuestionKind::Scale {
                    min,
                    max: min + span,
                    low,
                    high
                }),
            Just(QuestionKind::YesNo),
            prop::collection::vec(text2(), MIN_OPTIONS..=MAX_OPTIONS)
                .prop_map(|options| QuestionKind::Choice { options }),
            (-MAX_BOUND..MAX_BOUND, 1..=MAX_BOUND).prop_map(|(min, span)| QuestionKind::Number {
                min,
                max: (min + span).min(MAX_BOUND)
            }),
        ]
    }

    fn question_set() -> impl Strategy<Value = QuestionSet> {
        prop::collection::vec(("[a-z0-9_-]{1,32}", kind(), any::<bool>(), text2()), 1..6).prop_map(
            |questions| QuestionSet {
                questions: questions
                    .into_iter()
                    .enumerate()
                    .map(|(i, (code, kind, required, text))| Question {
                        code: format!("{code}{i}").chars().rev().take(32).collect(),
                        kind,
                        required,
                        text,
                    })
                    .collect(),
            },
        )
    }

    proptest! {
        #[test]
        fn every_valid_set_round_trips_through_its_csv_file(set in question_set()) {
            // Sets with two options that read the same are not valid; skip them.
            prop_assume!(set.validate().is_ok());
            let text = set.to_csv();
            prop_assert_eq!(QuestionSet::parse_csv(text.as_bytes()), Ok(set));
        }

        #[test]
        fn the_csv_reader_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
            let _ = QuestionSet::parse_csv(&bytes);
        }

        #[test]
        fn the_csv_reader_never_panics_on_text_like_a_set(
            lines in prop::collection::vec("[a-z0-9;,\"|.\\- \r\t–æ]{0,60}", 0..10),
        ) {
            let text = format!("{}\n{}", CSV_COLUMNS.join(";"), lines.join("\n"));
            if let Err(errors) = QuestionSet::parse_csv(text.as_bytes()) {
                for e in errors {
                    prop_assert!(e.field.is_empty() || CSV_COLUMNS.contains(&e.field));
                    prop_assert!(e.line >= 1);
                }
            }
        }

        #[test]
        fn every_encoded_answer_list_decodes(answers in prop::collection::vec(prop::option::of(any::<i64>()), 0..20)) {
            let text = encode_answers(&answers);
            prop_assert_eq!(decode_answers(&text, answers.len()), Some(answers));
        }

        #[test]
        fn parse_answer_never_panics(text in "\\PC{0,20}", kind in kind()) {
            let q = Question { code: "x".into(), kind, required: true, text: Text2::new("x", "x") };
            if let Ok(Some(v)) = q.parse_answer(&text) {
                prop_assert!(q.accepts(v));
            }
        }
    }
}
