//! The monthly person-level monitoring file (månedlig monitoreringsfil) and its
//! streaming reader.
//!
//! # The file format
//!
//! One line per citizen of the gross target group (bruttomålgruppen) per month.
//!
//! - **Encoding**: UTF-8; a byte-order mark at the start is ignored. Every valid
//!   value is plain ASCII, so a file saved as Windows-1252 ("CSV (semikolonsepareret)")
//!   also reads as long as it contains no letters outside A–Z.
//! - **Lines** end in LF or CRLF; the last line may lack its line end. Blank lines,
//!   and lines of separators only, are skipped but still counted, so a reported line
//!   number is the line number in any text editor. A line may be at most 1024 bytes.
//! - **Separator**: `,` or `;`, taken from the header line (`;` if the header contains
//!   one, as Danish Excel writes). A field may be enclosed in double quotes, which is
//!   needed for a decimal comma in a `,`-separated file (`"12,5"`). Spaces around a
//!   field are ignored. Empty fields after the eighth (Excel's trailing `;;`) are ignored.
//! - **Header**: the first non-blank line is exactly these eight column names in this
//!   order (upper or lower case):
//!
//!   `cpr,municipality_code,month,group,job_broker,company_offer,ordinary_hours,outcome`
//!
//! - **Columns**, all eight on every line:
//!
//! | column | required | accepted values |
//! |---|---|---|
//! | `cpr` | yes | the citizen's CPR number, `DDMMYYSSSS` or `DDMMYY-SSSS`; the first six digits must be a real date (century from the seventh digit); no modulus-11 check |
//! | `municipality_code` | yes | the three-digit municipality code (kommunekode), e.g. `615`; `0615` is also read |
//! | `month` | yes | the month the line describes: `2018-02` (ISO), or Danish `02-2018`, `02.2018`, `02/2018`, or a date in the month (`2018-02-28`, `28-02-2018`); the month may be written with one digit (`2018-2`) |
//! | `group` | yes | the assessment group (visitationsgruppe): `1` indsatsgruppen, `2` rehabilitation team, `3` social services, `0` not yet assessed |
//! | `job_broker` | no | has a personal job broker (personlig jobformidler) this month: `ja`/`nej`, `yes`/`no`, `1`/`0`, `true`/`false`, `sand`/`falsk`; empty means no |
//! | `company_offer` | no | is in a company-oriented offer (virksomhedsrettet tilbud) this month; same values as `job_broker`; empty means no |
//! | `ordinary_hours` | no | ordinary paid hours (ordinære timer) in the month: a number from 0 to 744 (31 × 24) with at most two decimals, decimal comma or point (`12,5`, `12.5`, `30`); no thousands separators; empty means 0 |
//! | `outcome` | no | what the citizen has gone into: `job`, `uddannelse` or `education`, `fleksjob` or `flexjob`, `ingen` or `none`; empty means none |
//!
//! Words are read regardless of case. An empty `group` is an error rather than 0: the
//! share assessed decides rate 2, so "not yet assessed" is written out as `0`, and a
//! forgotten column cannot be mistaken for it. The activity columns may be left empty
//! because an empty cell there means that nothing happened, which can only lower the
//! figures, never earn a rate.
//!
//! Normally a file holds one month for one municipality; the reader accepts any
//! months and municipalities and leaves it to the import to check them against the
//! upload and to refuse the same person twice in one month.
//!
//! # Privacy
//!
//! The CPR number is validated and replaced by its [`super::pseudonym::Pseudonym`]
//! while the line is read; it is not kept, and no error ever repeats a field's
//! content (except a municipality code of at most four digits). A bad CPR field is reported only as,
//! e.g., "line 7, field cpr: wrong length: a CPR number has 10 digits, DDMMYY-SSSS".
//!
//! Example:
//!
//! ```text
//! cpr;municipality_code;month;group;job_broker;company_offer;ordinary_hours;outcome
//! 010190-1234;615;2018-02;1;ja;nej;12,5;ingen
//! 0202851234;615;2018-02;2;nej;nej;0;ingen
//! 311299-3210;615;2018-02;0;;;;
//! ```

use std::io::{self, BufRead};
// The tests read from chained and failing inputs.
#[cfg(test)]
use std::io::Read;

use thiserror::Error;

pub use super::super::csv_lines::MAX_LINE_BYTES;
use super::super::csv_lines::{row_errors, FieldCheck, Format, LineReader, MAX_FIELDS};
use super::super::municipality::{CodeError, MunicipalityCode};
use super::cpr::{days_in_month, Cpr, CprError};
use super::pseudonym::Pseudonymizer;
use super::{Group, Month, Outcome, PersonMonth};

/// The header line, with `,`.
pub const HEADER: &str =
    "cpr,municipality_code,month,group,job_broker,company_offer,ordinary_hours,outcome";
/// The column names, in order; also the `field` of a [`RowError`].
pub const COLUMNS: [&str; 8] = [
    "cpr",
    "municipality_code",
    "month",
    "group",
    "job_broker",
    "company_offer",
    "ordinary_hours",
    "outcome",
];
/// 31 days × 24 hours, in hundredths of an hour.
pub const MAX_CENTIHOURS: u32 = 74_400;

/// One problem at a 1-based line of the file. `field` is the column name from
/// [`COLUMNS`], or `""` when the problem is the whole line. Nothing here holds any
/// of the line's content.
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
    #[error("expected 8 fields, found {found}")]
    WrongFieldCount { found: usize },
    #[error("the value is missing")]
    Missing,
    #[error("{0}")]
    Cpr(CprError),
    #[error("a municipality code is three digits, e.g. 615")]
    MunicipalityMalformed,
    #[error("{code:03} is not the code of a Danish municipality")]
    UnknownMunicipality { code: u16 },
    #[error("a month is written 2018-02, 02-2018 or 02.2018, or as a date in it")]
    Month,
    #[error("the group is 1, 2, 3, or 0 for not yet assessed")]
    Group,
    #[error("expected ja/nej, yes/no, 1/0 or true/false")]
    YesNo,
    #[error("ordinary hours are a number with at most two decimals, e.g. 12,5")]
    Hours,
    #[error("ordinary hours cannot be negative")]
    NegativeHours,
    #[error("more than 744 ordinary hours in a month is impossible")]
    TooManyHours,
    #[error("the outcome is job, uddannelse, fleksjob or ingen (or education, flexjob, none)")]
    Outcome,
}

impl RowErrorKind {
    pub fn key(&self) -> &'static str {
        match self {
            RowErrorKind::Read { .. } => "monitoring-file-read-failed",
            RowErrorKind::NotUtf8 => "monitoring-file-not-utf8",
            RowErrorKind::LineTooLong => "monitoring-file-line-too-long",
            RowErrorKind::MissingHeader => "monitoring-file-missing-header",
            RowErrorKind::WrongHeader { .. } => "monitoring-file-wrong-header",
            RowErrorKind::NoRows => "monitoring-file-no-rows",
            RowErrorKind::WrongFieldCount { .. } => "monitoring-file-wrong-field-count",
            RowErrorKind::Missing => "monitoring-file-missing-value",
            RowErrorKind::Cpr(CprError::WrongLength) => "monitoring-file-cpr-wrong-length",
            RowErrorKind::Cpr(CprError::NotDigits) => "monitoring-file-cpr-not-digits",
            RowErrorKind::Cpr(CprError::InvalidDate) => "monitoring-file-cpr-invalid-date",
            RowErrorKind::MunicipalityMalformed => "monitoring-file-municipality-malformed",
            RowErrorKind::UnknownMunicipality { .. } => "monitoring-file-municipality-unknown",
            RowErrorKind::Month => "monitoring-file-month",
            RowErrorKind::Group => "monitoring-file-group",
            RowErrorKind::YesNo => "monitoring-file-yes-no",
            RowErrorKind::Hours => "monitoring-file-hours",
            RowErrorKind::NegativeHours => "monitoring-file-hours-negative",
            RowErrorKind::TooManyHours => "monitoring-file-hours-too-many",
            RowErrorKind::Outcome => "monitoring-file-outcome",
        }
    }
}

/// Reads a monitoring file line by line: an iterator with one `Ok` per good data
/// line and one `Err` per problem — a bad line gives one `Err` for each bad field,
/// in column order. Only the current line is in memory, so a file of millions of
/// lines is read in constant space. A wrong header, a first line that is not UTF-8
/// or too long, or a failure to read ends the iteration after its error.
pub type Reader<R> = LineReader<R, Lines>;

impl<R: BufRead> Reader<R> {
    pub fn new(input: R, pseudonymizer: &Pseudonymizer) -> Reader<R> {
        let lines = Lines {
            pseudonymizer: pseudonymizer.clone(),
        };
        LineReader::with_format(input, lines)
    }
}

/// What the [`Reader`] makes of a monitoring file's lines; made by [`Reader::new`].
pub struct Lines {
    pseudonymizer: Pseudonymizer,
}

impl Format for Lines {
    type Row = PersonMonth;
    const COLUMNS: &'static [&'static str] = &COLUMNS;
    row_errors!(RowErrorKind, RowError);

    fn parse_row(
        &mut self,
        fields: &[&str; MAX_FIELDS],
        check: &mut FieldCheck<'_, Self>,
    ) -> Option<PersonMonth> {
        let [cpr, municipality, month, group, job_broker, company_offer, hours, outcome] = *fields;
        let cpr = check.field(0, parse_cpr(cpr));
        let municipality = check.field(1, parse_municipality(municipality));
        let month = check.field(2, parse_month(month));
        let group = check.field(3, parse_group(group));
        let job_broker = check.field(4, parse_yes_no(job_broker));
        let company_offer = check.field(5, parse_yes_no(company_offer));
        let ordinary_centihours = check.field(6, parse_centihours(hours));
        let outcome = check.field(7, parse_outcome(outcome));
        if check.failed() {
            return None;
        }
        Some(PersonMonth {
            person: self.pseudonymizer.pseudonymize(&cpr?),
            municipality: municipality?,
            month: month?,
            group: group?,
            job_broker: job_broker?,
            company_offer: company_offer?,
            ordinary_centihours: ordinary_centihours?,
            outcome: outcome?,
        })
    }
}

fn parse_cpr(text: &str) -> Result<Cpr, RowErrorKind> {
    if text.is_empty() {
        return Err(RowErrorKind::Missing);
    }
    Cpr::parse(text).map_err(RowErrorKind::Cpr)
}

fn parse_municipality(text: &str) -> Result<MunicipalityCode, RowErrorKind> {
    MunicipalityCode::parse(text).map_err(|e| match e {
        CodeError::Empty => RowErrorKind::Missing,
        CodeError::Malformed(_) => RowErrorKind::MunicipalityMalformed,
        CodeError::Unknown(code) => RowErrorKind::UnknownMunicipality { code },
    })
}

/// `2018-02`, `2018-2`, `02-2018`, `2-2018`, `02.2018`, `02/2018`, or a date in the
/// month: `2018-02-28`, `28-02-2018`, `28.02.2018`, `28/02/2018`.
fn parse_month(text: &str) -> Result<Month, RowErrorKind> {
    if text.is_empty() {
        return Err(RowErrorKind::Missing);
    }
    let sep = text
        .chars()
        .find(|c| matches!(c, '-' | '.' | '/'))
        .ok_or(RowErrorKind::Month)?;
    let parts: Vec<&str> = text.split(sep).collect();
    let number = |s: &str| digits_value(s).ok_or(RowErrorKind::Month);
    let (year, month, day) = match parts.as_slice() {
        [y, m] if y.len() == 4 && matches!(m.len(), 1 | 2) => (*y, *m, None),
        [m, y] if matches!(m.len(), 1 | 2) && y.len() == 4 => (*y, *m, None),
        // A date in the month, as a register extract may give it: ISO or Danish order.
        [y, m, d] if y.len() == 4 && matches!(m.len(), 1 | 2) && matches!(d.len(), 1 | 2) => {
            (*y, *m, Some(*d))
        }
        [d, m, y] if matches!(d.len(), 1 | 2) && matches!(m.len(), 1 | 2) && y.len() == 4 => {
            (*y, *m, Some(*d))
        }
        _ => return Err(RowErrorKind::Month),
    };
    let year = i32::try_from(number(year)?).map_err(|_| RowErrorKind::Month)?;
    let month = number(month)?;
    if let Some(day) = day {
        // The date must exist: 2018-02-30 is a typing error, not February.
        chrono::NaiveDate::from_ymd_opt(year, month, number(day)?).ok_or(RowErrorKind::Month)?;
    }
    Month::new(year, month).ok_or(RowErrorKind::Month)
}

/// The value of 1–9 ASCII digits.
fn digits_value(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 9 {
        return None;
    }
    text.bytes().try_fold(0u32, |value, b| {
        b.is_ascii_digit().then(|| value * 10 + u32::from(b - b'0'))
    })
}

fn parse_group(text: &str) -> Result<Group, RowErrorKind> {
    match text {
        "" => Err(RowErrorKind::Missing),
        "0" => Ok(Group::NotAssessed),
        "1" => Ok(Group::Intervention),
        "2" => Ok(Group::Rehabilitation),
        "3" => Ok(Group::Social),
        _ => Err(RowErrorKind::Group),
    }
}

const YES: [&str; 5] = ["ja", "yes", "1", "true", "sand"];
const NO: [&str; 5] = ["nej", "no", "0", "false", "falsk"];

fn parse_yes_no(text: &str) -> Result<bool, RowErrorKind> {
    if text.is_empty() || NO.iter().any(|w| text.eq_ignore_ascii_case(w)) {
        Ok(false)
    } else if YES.iter().any(|w| text.eq_ignore_ascii_case(w)) {
        Ok(true)
    } else {
        Err(RowErrorKind::YesNo)
    }
}

/// Hours with at most two decimals, as hundredths of an hour.
fn parse_centihours(text: &str) -> Result<u32, RowErrorKind> {
    if text.is_empty() {
        return Ok(0);
    }
    // A sign is refused even on zero ("-0"): hours are never negative, and a sign
    // says the column holds something else than what the file means.
    if text.starts_with(['-', '\u{2212}']) {
        let rest = text.trim_start_matches(['-', '\u{2212}']);
        return match parse_centihours(rest) {
            Ok(_) | Err(RowErrorKind::TooManyHours) => Err(RowErrorKind::NegativeHours),
            Err(e) => Err(e),
        };
    }
    let (whole, fraction) = match text.split_once(['.', ',']) {
        Some((whole, fraction)) => (whole, fraction),
        None => (text, "00"),
    };
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return Err(RowErrorKind::Hours);
    }
    let hundredths = match fraction.as_bytes() {
        [d] if d.is_ascii_digit() => u32::from(d - b'0') * 10,
        [d, e] if d.is_ascii_digit() && e.is_ascii_digit() => {
            u32::from(d - b'0') * 10 + u32::from(e - b'0')
        }
        _ => return Err(RowErrorKind::Hours),
    };
    let whole = whole.trim_start_matches('0');
    if whole.len() > 3 {
        return Err(RowErrorKind::TooManyHours);
    }
    let centihours = digits_value(whole).unwrap_or(0) * 100 + hundredths;
    if centihours > MAX_CENTIHOURS {
        return Err(RowErrorKind::TooManyHours);
    }
    Ok(centihours)
}

fn parse_outcome(text: &str) -> Result<Outcome, RowErrorKind> {
    const WORDS: [(&str, Outcome); 8] = [
        ("ingen", Outcome::None),
        ("none", Outcome::None),
        ("job", Outcome::Job),
        ("uddannelse", Outcome::Education),
        ("education", Outcome::Education),
        ("fleksjob", Outcome::FlexJob),
        ("flexjob", Outcome::FlexJob),
        ("", Outcome::None),
    ];
    WORDS
        .iter()
        .find(|(word, _)| text.eq_ignore_ascii_case(word))
        .map(|&(_, outcome)| outcome)
        .ok_or(RowErrorKind::Outcome)
}

/// How one municipality's figures run in the demo's sample lines: how fast it assesses
/// its gross target group and how active its intervention group is. Month indexes count
/// from the sample's first month (0).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DemoCourse {
    /// Per mille of the gross target group assessed in the long run.
    pub ceiling: u64,
    /// Months for half of the not yet assessed (below the ceiling) to be assessed.
    pub pace: u64,
    /// From this month on, everyone is assessed (the last ones swept up): the whole
    /// gross target group, rate 2's milestone.
    pub complete_from: Option<usize>,
    /// Per mille of group 1 in a company-oriented offer in a month.
    pub offer: u64,
    /// Per mille of group 1 with some ordinary hours in a month.
    pub hours: u64,
    /// From this month on, `active_offer` per mille are in a company-oriented offer
    /// instead of `offer` (a municipality that steps up its company-oriented work).
    pub active_from: Option<usize>,
    pub active_offer: u64,
}

impl DemoCourse {
    /// The course of the status note of 28 February 2018 (see [`demo_rows`]).
    pub const STATUS_NOTE: DemoCourse = DemoCourse {
        ceiling: 930,
        pace: 1,
        complete_from: None,
        offer: 230,
        hours: 100,
        active_from: None,
        active_offer: 230,
    };

    /// Per mille assessed by month `m`: half the ceiling in the first `pace` months,
    /// then half of the rest every `pace` months, everyone from `complete_from`.
    fn assessed_share(&self, m: usize) -> u64 {
        if self.complete_from.is_some_and(|c| m >= c) {
            return 1000;
        }
        let halvings = (m as u64 + self.pace) / self.pace.max(1);
        self.ceiling - (self.ceiling >> halvings.min(63))
    }

    fn offer_in(&self, m: usize) -> u64 {
        match self.active_from {
            Some(from) if m >= from => self.active_offer,
            _ => self.offer,
        }
    }
}

/// Realistic sample lines for demos and benchmarks, without the header ([`HEADER`])
/// or line ends: for every month, every municipality, its `gross target group` of
/// citizens, each with a fake CPR number that has a real birth date (1950–1999) and
/// is unique within the sample. Everything follows from `seed`, and a citizen keeps
/// their CPR number, municipality, and group from month to month.
///
/// The figures follow the status note of 28 February 2018 roughly
/// ([`DemoCourse::STATUS_NOTE`]): the share assessed rises over the months (46 %, 70 %,
/// 81 %, … of the gross target group in the 1st, 2nd, 3rd month) towards 93 %; of those
/// assessed about 54 % are in group 1, 33 % in group 2 and 13 % in group 3; in group 1
/// about 77 % get a job broker (from the month of assessment or the month after), 23 %
/// are in a company-oriented offer in a given month, 10 % have ordinary hours (of those
/// about 15 % have 30 or more), and about 1 % a month go into job, education or flex
/// job. Some lines write the CPR number with a dash, some without.
pub fn demo_rows<'a>(
    seed: u64,
    municipalities: &'a [(MunicipalityCode, u32)],
    months: &'a [Month],
) -> impl Iterator<Item = String> + 'a {
    months
        .iter()
        .enumerate()
        .flat_map(move |(month_index, &month)| {
            let mut first = 0u64;
            municipalities.iter().flat_map(move |&(code, count)| {
                let start = first;
                first += u64::from(count);
                let m = DemoMunicipality {
                    code,
                    first_person: start,
                    count,
                    course: DemoCourse::STATUS_NOTE,
                };
                demo_month(seed, m, month, month_index)
            })
        })
}

/// One municipality of a demo sample: its citizens are persons `first_person ..
/// first_person + count` of the sample (so that every citizen of the sample has a CPR
/// number of their own), and its figures follow `course`.
#[derive(Clone, Copy, Debug)]
pub struct DemoMunicipality {
    pub code: MunicipalityCode,
    pub first_person: u64,
    pub count: u32,
    pub course: DemoCourse,
}

/// The lines of one municipality for one month, `index` months after the sample's first:
/// what the municipality uploads for that month.
pub fn demo_month(
    seed: u64,
    m: DemoMunicipality,
    month: Month,
    index: usize,
) -> impl Iterator<Item = String> {
    (m.first_person..m.first_person + u64::from(m.count))
        .map(move |person| demo_line(seed, person, (m.code, &m.course), month, index))
}

/// Days from 1 January 1950 to 31 December 1999.
const DEMO_BIRTH_DAYS: u64 = 18_262;

fn demo_line(
    seed: u64,
    person: u64,
    (code, course): (MunicipalityCode, &DemoCourse),
    month: Month,
    index: usize,
) -> String {
    let draw = |salt: u64| mix(seed ^ mix(person ^ mix(salt)));
    let per_mille = |salt: u64| draw(salt) % 1000;
    let cpr = demo_cpr(seed, person, per_mille(8) < 500);

    // Assessed from the first month in which the person's draw falls under the
    // course's rising share per mille.
    let draw_assessed = per_mille(1);
    let assessed_from = (0..=index).find(|&m| draw_assessed < course.assessed_share(m));
    let group = match (assessed_from, per_mille(2)) {
        (None, _) => Group::NotAssessed,
        (Some(_), u) if u < 540 => Group::Intervention,
        (Some(_), u) if u < 870 => Group::Rehabilitation,
        (Some(_), _) => Group::Social,
    };
    let since = assessed_from.map_or(0, |m| (index - m) as u64);
    let monthly = |salt: u64| draw(salt * 1000 + index as u64) % 1000;

    let mut job_broker = false;
    let mut company_offer = false;
    let mut centihours = 0u32;
    let mut outcome = Outcome::None;
    match group {
        Group::Intervention => {
            job_broker = per_mille(3) < 770 && since >= draw(4) % 2;
            outcome = if per_mille(5) < (10 * since).min(300) {
                match draw(6) % 10 {
                    0..=4 => Outcome::Job,
                    5 | 6 => Outcome::Education,
                    _ => Outcome::FlexJob,
                }
            } else {
                Outcome::None
            };
            company_offer = monthly(10) < course.offer_in(index);
            let quarters = (draw(12 * 1000 + index as u64) % 120) as u32;
            if outcome == Outcome::Job {
                centihours = (120 + quarters * 4) * 25;
            } else if monthly(11) < course.hours {
                centihours = if monthly(13) < 150 {
                    (120 + quarters) * 25
                } else {
                    (1 + quarters % 119) * 25
                };
            }
        }
        Group::Rehabilitation if per_mille(7) < 150 && since >= 2 => outcome = Outcome::FlexJob,
        _ => {}
    }
    let yes_no = |b: bool| if b { "ja" } else { "nej" };
    let outcome = match outcome {
        Outcome::Job => "job",
        Outcome::Education => "uddannelse",
        Outcome::FlexJob => "fleksjob",
        Outcome::None => "ingen",
    };
    let hours = match (centihours / 100, centihours % 100) {
        (whole, 0) => whole.to_string(),
        (whole, f) if f % 10 == 0 => format!("{whole}.{}", f / 10),
        (whole, f) => format!("{whole}.{f:02}"),
    };
    format!(
        "{cpr},{code},{month},{group},{broker},{offer},{hours},{outcome}",
        month = month.key(),
        group = group.code(),
        broker = yes_no(job_broker),
        offer = yes_no(company_offer),
    )
}

/// A CPR number with a real birth date in 1950–1999, different for every `person`
/// below 18,262 × 4,000: the person number decides the day (a step coprime to the
/// number of days) and, among people born that day, the serial number.
fn demo_cpr(seed: u64, person: u64, dash: bool) -> String {
    let shift = mix(seed);
    let day_index = (person % DEMO_BIRTH_DAYS * 7_919 + shift % DEMO_BIRTH_DAYS) % DEMO_BIRTH_DAYS;
    let round = person / DEMO_BIRTH_DAYS;
    // 1,237 is coprime to 4,000; serials below 4,000 have 0–3 as seventh digit: 1900s.
    let serial = (round * 1_237 + (shift >> 32)) % 4_000;
    let (mut year, mut month, mut day) = (1950i32, 1u8, day_index);
    loop {
        let in_year: u64 = if days_in_month(year, 2) == 29 {
            366
        } else {
            365
        };
        if day < in_year {
            break;
        }
        day -= in_year;
        year += 1;
    }
    loop {
        let in_month = u64::from(days_in_month(year, month));
        if day < in_month || month == 12 {
            break;
        }
        day -= in_month;
        month += 1;
    }
    let dash = if dash { "-" } else { "" };
    format!("{:02}{month:02}{:02}{dash}{serial:04}", day + 1, year % 100)
}

/// The SplitMix64 finaliser: a fast, well-spread hash of a 64-bit number.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use proptest::prelude::*;

    use super::super::pseudonym::Pseudonym;
    use super::*;

    fn pseudonymizer() -> Pseudonymizer {
        Pseudonymizer::new(b"tilskud-test-key-0123456789abcde").unwrap()
    }

    fn read(text: &str) -> Vec<Result<PersonMonth, RowError>> {
        Reader::new(text.as_bytes(), &pseudonymizer()).collect()
    }

    fn rows(text: &str) -> Vec<PersonMonth> {
        read(text)
            .into_iter()
            .map(|item| item.unwrap_or_else(|e| panic!("unexpected error: {e}")))
            .collect()
    }

    fn errors(text: &str) -> Vec<(usize, &'static str, RowErrorKind)> {
        read(text)
            .into_iter()
            .filter_map(Result::err)
            .map(|e| (e.line, e.field, e.kind))
            .collect()
    }

    fn file(lines: &[&str]) -> String {
        let mut text = format!("{HEADER}\n");
        for line in lines {
            text.push_str(line);
            text.push('\n');
        }
        text
    }

    fn code(n: u16) -> MunicipalityCode {
        MunicipalityCode::try_from(n).unwrap()
    }

    fn month(year: i32, month: u32) -> Month {
        Month::new(year, month).unwrap()
    }

    fn pseudonym(cpr: &str) -> Pseudonym {
        pseudonymizer().pseudonymize(&Cpr::parse(cpr).unwrap())
    }

    #[test]
    fn a_line_becomes_a_pseudonymised_person_month() {
        let rows = rows(&file(&["010190-1234,615,2018-02,1,ja,nej,12.5,ingen"]));
        assert_eq!(
            rows,
            vec![PersonMonth {
                person: pseudonym("0101901234"),
                municipality: code(615),
                month: month(2018, 2),
                group: Group::Intervention,
                job_broker: true,
                company_offer: false,
                ordinary_centihours: 1250,
                outcome: Outcome::None,
            }]
        );
    }

    #[test]
    fn a_file_saved_by_danish_excel_is_read() {
        let text = "\u{feff}\r\nCPR;Municipality_Code;MONTH;group;job_broker;company_offer;ordinary_hours;outcome;;\r\n\
                    \"010190-1234\" ; 615 ; 02-2018 ; 1 ; JA ; Nej ; 12,5 ; Ingen ;;\r\n\
                    ;;;;;;;;\r\n\
                    \r\n\
                    0202851234;0615;02.2018;2;;;;\r\n\
                    0303753210;101;2/2018;3;0;1;\"7,25\";fleksjob";
        let rows = rows(text);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].person, pseudonym("0101901234"));
        assert_eq!(rows[0].ordinary_centihours, 1250);
        assert_eq!((rows[0].job_broker, rows[0].company_offer), (true, false));
        assert_eq!(rows[1].municipality, code(615));
        assert_eq!(rows[1].group, Group::Rehabilitation);
        assert_eq!(
            (
                rows[1].job_broker,
                rows[1].company_offer,
                rows[1].ordinary_centihours
            ),
            (false, false, 0)
        );
        assert_eq!(rows[1].outcome, Outcome::None);
        assert_eq!(rows[2].month, month(2018, 2));
        assert_eq!(rows[2].group, Group::Social);
        assert_eq!(rows[2].ordinary_centihours, 725);
        assert_eq!(rows[2].outcome, Outcome::FlexJob);
    }

    #[test]
    fn a_decimal_comma_in_a_comma_separated_file_is_quoted() {
        let rows = rows(&file(&["0101901234,615,2018-02,1,ja,ja,\"30,00\",job"]));
        assert_eq!(rows[0].ordinary_centihours, 3000);
        assert_eq!(rows[0].outcome, Outcome::Job);
        assert_eq!(
            errors(&file(&["0101901234,615,2018-02,1,ja,ja,30,5,job"])),
            vec![(2, "", RowErrorKind::WrongFieldCount { found: 9 })]
        );
    }

    #[test]
    fn the_month_is_read_in_iso_and_danish_forms() {
        for (text, expected) in [
            ("2018-02", month(2018, 2)),
            ("2018-2", month(2018, 2)),
            ("02-2018", month(2018, 2)),
            ("2-2018", month(2018, 2)),
            ("02.2018", month(2018, 2)),
            ("12/2019", month(2019, 12)),
            // A date in the month, ISO or Danish.
            ("2018-02-01", month(2018, 2)),
            ("2018-02-28", month(2018, 2)),
            ("28-02-2018", month(2018, 2)),
            ("1.2.2018", month(2018, 2)),
            ("29/02/2020", month(2020, 2)),
        ] {
            assert_eq!(parse_month(text), Ok(expected), "{text}");
        }
        for text in [
            "2018",
            "2018-13",
            "2018-00",
            "13-2018",
            "18-02",
            "2018-02-30",
            "29-02-2019",
            "31.04.2018",
            "2018-02-01-01",
            "2018-02.01",
            "01-02-18",
            "feb-18",
            "2018 02",
            "0000-01",
            "2018-",
            "-2018",
            "2018--2",
            "٢٠١٨-٠٢",
        ] {
            assert_eq!(parse_month(text), Err(RowErrorKind::Month), "{text}");
        }
        assert_eq!(parse_month(""), Err(RowErrorKind::Missing));
    }

    #[test]
    fn yes_and_no_are_read_in_danish_english_and_as_spreadsheets_write_them() {
        for text in [
            "ja", "JA", "yes", "Yes", "1", "true", "TRUE", "sand", "SAND",
        ] {
            assert_eq!(parse_yes_no(text), Ok(true), "{text}");
        }
        for text in ["", "nej", "NEJ", "no", "0", "false", "FALSK"] {
            assert_eq!(parse_yes_no(text), Ok(false), "{text}");
        }
        for text in ["j", "n", "2", "x", "yes!", "ja nej"] {
            assert_eq!(parse_yes_no(text), Err(RowErrorKind::YesNo), "{text}");
        }
    }

    #[test]
    fn the_outcome_is_read_in_danish_and_english() {
        for (text, outcome) in [
            ("job", Outcome::Job),
            ("JOB", Outcome::Job),
            ("uddannelse", Outcome::Education),
            ("education", Outcome::Education),
            ("fleksjob", Outcome::FlexJob),
            ("Flexjob", Outcome::FlexJob),
            ("ingen", Outcome::None),
            ("none", Outcome::None),
            ("", Outcome::None),
        ] {
            assert_eq!(parse_outcome(text), Ok(outcome), "{text}");
        }
        for text in ["flex job", "jobs", "0", "pension"] {
            assert_eq!(parse_outcome(text), Err(RowErrorKind::Outcome), "{text}");
        }
    }

    #[test]
    fn the_group_is_zero_to_three_and_required() {
        assert_eq!(parse_group("0"), Ok(Group::NotAssessed));
        assert_eq!(parse_group("1"), Ok(Group::Intervention));
        assert_eq!(parse_group("2"), Ok(Group::Rehabilitation));
        assert_eq!(parse_group("3"), Ok(Group::Social));
        assert_eq!(parse_group(""), Err(RowErrorKind::Missing));
        for text in ["4", "01", "1.0", "gruppe 1", "-1"] {
            assert_eq!(parse_group(text), Err(RowErrorKind::Group), "{text}");
        }
    }

    #[test]
    fn ordinary_hours_are_exact_hundredths() {
        for (text, centihours) in [
            ("", 0),
            ("0", 0),
            ("30", 3000),
            ("12,5", 1250),
            ("12.5", 1250),
            ("7,25", 725),
            ("0.01", 1),
            ("029.99", 2999),
            ("744", 74_400),
            ("744,00", 74_400),
        ] {
            assert_eq!(parse_centihours(text), Ok(centihours), "{text}");
        }
        for (text, kind) in [
            ("12,345", RowErrorKind::Hours),
            ("1.000", RowErrorKind::Hours),
            ("12.", RowErrorKind::Hours),
            (",5", RowErrorKind::Hours),
            ("1 000", RowErrorKind::Hours),
            ("1e3", RowErrorKind::Hours),
            ("+5", RowErrorKind::Hours),
            ("12,5,0", RowErrorKind::Hours),
            ("tolv", RowErrorKind::Hours),
            ("-5", RowErrorKind::NegativeHours),
            ("-0", RowErrorKind::NegativeHours),
            ("-0,00", RowErrorKind::NegativeHours),
            ("\u{2212}0,5", RowErrorKind::NegativeHours),
            ("-99999", RowErrorKind::NegativeHours),
            ("744,01", RowErrorKind::TooManyHours),
            ("745", RowErrorKind::TooManyHours),
            ("99999999999999999999", RowErrorKind::TooManyHours),
        ] {
            assert_eq!(parse_centihours(text), Err(kind), "{text}");
        }
    }

    #[test]
    fn every_bad_field_is_reported_with_its_line_and_column() {
        let text = file(&[
            "0101901234,615,2018-02,1,ja,nej,0,ingen",
            "",
            "010190123,615,2018-02,1,ja,nej,0,ingen",
            "01019O1234,615,2018-02,1,ja,nej,0,ingen",
            "3102901234,615,2018-02,1,ja,nej,0,ingen",
            "0101901234,999,2018-02,1,ja,nej,0,ingen",
            "0101901234,61,2018-02,1,ja,nej,0,ingen",
            "0101901234,615,2018-13,1,ja,nej,0,ingen",
            "0101901234,615,2018-02,4,ja,nej,0,ingen",
            "0101901234,615,2018-02,1,maybe,nej,0,ingen",
            "0101901234,615,2018-02,1,ja,x,0,ingen",
            "0101901234,615,2018-02,1,ja,nej,-3,ingen",
            "0101901234,615,2018-02,1,ja,nej,800,ingen",
            "0101901234,615,2018-02,1,ja,nej,1.234,ingen",
            "0101901234,615,2018-02,1,ja,nej,0,pension",
            ",,,,ja,,,",
            "0101901234,615,2018-02",
            "x,999,2018-13,9,maybe,x,-1,?",
        ]);
        use RowErrorKind as K;
        assert_eq!(
            errors(&text),
            vec![
                (4, "cpr", K::Cpr(CprError::WrongLength)),
                (5, "cpr", K::Cpr(CprError::NotDigits)),
                (6, "cpr", K::Cpr(CprError::InvalidDate)),
                (7, "municipality_code", K::UnknownMunicipality { code: 999 }),
                (8, "municipality_code", K::UnknownMunicipality { code: 61 }),
                (9, "month", K::Month),
                (10, "group", K::Group),
                (11, "job_broker", K::YesNo),
                (12, "company_offer", K::YesNo),
                (13, "ordinary_hours", K::NegativeHours),
                (14, "ordinary_hours", K::TooManyHours),
                (15, "ordinary_hours", K::Hours),
                (16, "outcome", K::Outcome),
                (17, "cpr", K::Missing),
                (17, "municipality_code", K::Missing),
                (17, "month", K::Missing),
                (17, "group", K::Missing),
                (18, "", K::WrongFieldCount { found: 3 }),
                (19, "cpr", K::Cpr(CprError::NotDigits)),
                (
                    19,
                    "municipality_code",
                    K::UnknownMunicipality { code: 999 }
                ),
                (19, "month", K::Month),
                (19, "group", K::Group),
                (19, "job_broker", K::YesNo),
                (19, "company_offer", K::YesNo),
                (19, "ordinary_hours", K::NegativeHours),
                (19, "outcome", K::Outcome),
            ]
        );
        assert_eq!(
            errors(&file(&["0101901234,12345,2018-02,1,ja,nej,0,ingen"])),
            vec![(2, "municipality_code", K::MunicipalityMalformed)]
        );
    }

    #[test]
    fn good_lines_around_bad_ones_are_still_read() {
        let text = file(&[
            "0101901234,615,2018-02,1,ja,nej,0,ingen",
            "0101901234,615,2018-13,1,ja,nej,0,ingen",
            "0202901234,615,2018-02,2,nej,nej,0,ingen",
        ]);
        let mut reader = Reader::new(text.as_bytes(), &pseudonymizer());
        assert!(reader.next().unwrap().is_ok());
        assert_eq!(reader.line(), 2);
        assert!(reader.next().unwrap().is_err());
        assert_eq!(reader.line(), 3);
        assert_eq!(reader.next().unwrap().unwrap().group, Group::Rehabilitation);
        assert_eq!(reader.line(), 4);
        assert_eq!(reader.data_lines, 3);
        assert!(reader.next().is_none());
        assert!(reader.next().is_none());
    }

    #[test]
    fn a_missing_header_is_reported_and_the_first_line_still_read() {
        let items = read("0101901234,615,2018-02,1,ja,nej,0,ingen\n0202901234,615,2018-02,0,,,,\n");
        assert_eq!(
            items[0],
            Err(RowError {
                line: 1,
                field: "",
                kind: RowErrorKind::MissingHeader
            })
        );
        assert_eq!(items.iter().filter(|i| i.is_ok()).count(), 2);
        assert_eq!(errors(""), vec![(1, "", RowErrorKind::MissingHeader)]);
        assert_eq!(
            errors("\u{feff}\r\n  \r\n;;;\r\n"),
            vec![(1, "", RowErrorKind::MissingHeader)]
        );
    }

    #[test]
    fn a_wrong_header_ends_the_file() {
        let text =
            "\ncpr,kommunekode,month,group,job_broker,company_offer,ordinary_hours,outcome\n\
                    0101901234,615,2018-02,1,ja,nej,0,ingen\n";
        assert_eq!(
            errors(text),
            vec![(2, "", RowErrorKind::WrongHeader { column: 2 })]
        );
        assert_eq!(read(text).len(), 1);
        assert_eq!(
            errors(&format!("{HEADER},comment\n")),
            vec![(1, "", RowErrorKind::WrongHeader { column: 9 })]
        );
        assert_eq!(
            errors("cpr,municipality_code,month\n"),
            vec![(1, "", RowErrorKind::WrongHeader { column: 4 })]
        );
    }

    #[test]
    fn a_header_without_lines_is_reported() {
        assert_eq!(
            errors(&format!("\n{HEADER}\r\n\r\n")),
            vec![(2, "", RowErrorKind::NoRows)]
        );
    }

    #[test]
    fn a_line_that_is_not_utf8_is_reported() {
        let mut bytes = file(&["0101901234,615,2018-02,1,ja,nej,0,ingen"]).into_bytes();
        bytes.extend_from_slice(b"0202901234,615,2018-02,1,ja,nej,0,\xF8\n");
        bytes.extend_from_slice(b"0303901234,615,2018-02,1,ja,nej,0,job\n");
        let items: Vec<_> = Reader::new(&bytes[..], &pseudonymizer()).collect();
        assert_eq!(items.len(), 3);
        assert_eq!(
            items[1],
            Err(RowError {
                line: 3,
                field: "",
                kind: RowErrorKind::NotUtf8
            })
        );
        assert_eq!(
            errors("\u{feff}cpr,\u{0}\n"),
            vec![(1, "", RowErrorKind::WrongHeader { column: 2 })]
        );
        let not_utf8: Vec<_> = Reader::new(&b"\xFF\xFE\n"[..], &pseudonymizer()).collect();
        assert_eq!(
            not_utf8,
            vec![Err(RowError {
                line: 1,
                field: "",
                kind: RowErrorKind::NotUtf8
            })]
        );
    }

    #[test]
    fn an_overlong_line_is_skipped_and_reported() {
        let long = format!("0101901234,615,2018-02,1,ja,nej,0,{}", "x".repeat(5000));
        let text = file(&[&long, "0202901234,615,2018-02,1,ja,nej,0,ingen"]);
        assert_eq!(errors(&text), vec![(2, "", RowErrorKind::LineTooLong)]);
        assert_eq!(read(&text).len(), 2);
        // Exactly the limit is fine, with or without CRLF.
        let pad = " ".repeat(MAX_LINE_BYTES - 39);
        let line = format!("0101901234,615,2018-02,1,ja,nej,0,ingen{pad}");
        assert_eq!(line.len(), MAX_LINE_BYTES);
        assert_eq!(rows(&format!("{HEADER}\r\n{line}\r\n{line}")).len(), 2);
        assert_eq!(
            errors(&format!("{HEADER}\n{line} \n{line}  ")),
            vec![
                (2, "", RowErrorKind::LineTooLong),
                (3, "", RowErrorKind::LineTooLong)
            ]
        );
        assert_eq!(
            errors(&"x".repeat(3000)),
            vec![(1, "", RowErrorKind::LineTooLong)]
        );
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
        let items: Vec<_> = Reader::new(input, &pseudonymizer()).collect();
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
    }

    #[test]
    fn errors_read_as_sentences_without_the_cpr_number() {
        let text = file(&["", "010190123,615,2018-02,1,ja,nej,0,ingen", "1,2"]);
        let errors: Vec<RowError> = read(&text).into_iter().filter_map(Result::err).collect();
        assert_eq!(
            errors[0].to_string(),
            "line 3, field cpr: wrong length: a CPR number has 10 digits, DDMMYY-SSSS"
        );
        assert_eq!(errors[0].key(), "monitoring-file-cpr-wrong-length");
        assert_eq!(
            errors[0].args(),
            vec![("line", "3".to_owned()), ("field", "cpr".to_owned())]
        );
        assert_eq!(errors[1].to_string(), "line 4: expected 8 fields, found 2");
        assert_eq!(
            errors[1].args(),
            vec![("line", "4".to_owned()), ("found", "2".to_owned())]
        );
        let unknown = RowError {
            line: 9,
            field: "municipality_code",
            kind: RowErrorKind::UnknownMunicipality { code: 99 },
        };
        assert_eq!(
            unknown.to_string(),
            "line 9, field municipality_code: 099 is not the code of a Danish municipality"
        );
        assert!(unknown.args().contains(&("code", "099".to_owned())));
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
            K::Month,
            K::Group,
            K::YesNo,
            K::Hours,
            K::NegativeHours,
            K::TooManyHours,
            K::Outcome,
        ];
        let keys: BTreeSet<_> = kinds.iter().map(RowErrorKind::key).collect();
        assert_eq!(keys.len(), kinds.len());
        assert!(keys.iter().all(|k| k.starts_with("monitoring-file-")));
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
            "[0-9]{1,2}[-./][0-9]{4}",
            "-?[0-9]{1,4}[.,]?[0-9]{0,3}",
            "\\PC{0,8}",
        ]
    }

    proptest! {
        #[test]
        fn no_error_ever_repeats_the_cpr_number(
            cpr in cpr_like(),
            others in prop::collection::vec(junk(), 7),
            at in 0usize..8,
            extra in 0usize..3,
            separator in prop_oneof![Just(","), Just(";")],
        ) {
            // The CPR number in its own column, or by mistake in another one.
            let mut fields = others;
            fields.insert(at, cpr.clone());
            fields.extend(std::iter::repeat_n("x".to_owned(), extra));
            let header = HEADER.replace(',', separator);
            let text = format!("{header}\n{}\n", fields.join(separator));
            let digits: String = cpr.chars().filter(char::is_ascii_digit).collect();
            for item in read(&text) {
                if let Err(e) = item {
                    let shown = shown(&e);
                    prop_assert!(!shown.contains(&digits), "{shown} shows {digits}");
                    prop_assert!(!shown.contains(cpr.trim()), "{shown} shows {cpr}");
                    for window in digits.as_bytes().windows(6) {
                        let window = std::str::from_utf8(window).unwrap();
                        prop_assert!(!shown.contains(window), "{shown} shows {window}");
                    }
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
            let items = Reader::new(&input[..], &pseudonymizer()).count();
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

        #[test]
        fn good_hours_round_trip(centihours in 0u32..=MAX_CENTIHOURS, comma in any::<bool>()) {
            let separator = if comma { ',' } else { '.' };
            let text = format!("{}{separator}{:02}", centihours / 100, centihours % 100);
            prop_assert_eq!(parse_centihours(&text), Ok(centihours));
        }
    }

    fn demo_months() -> Vec<Month> {
        let mut months = vec![month(2017, 8)];
        while months.len() < 25 {
            let next = months[months.len() - 1].next();
            months.push(next);
        }
        months
    }

    #[test]
    fn every_demo_line_is_read_and_the_figures_look_like_the_status_note() {
        let municipalities = [(code(615), 320), (code(101), 2400), (code(657), 280)];
        let months = demo_months();
        let mut text = format!("{HEADER}\n");
        for line in demo_rows(7, &municipalities, &months) {
            text.push_str(&line);
            text.push('\n');
        }
        let rows = rows(&text);
        assert_eq!(rows.len(), 3000 * months.len());

        // Every person is one citizen with one municipality and, once assessed, one group.
        let mut people: BTreeMap<Pseudonym, (MunicipalityCode, Group)> = BTreeMap::new();
        for row in &rows {
            let (municipality, group) = people
                .entry(row.person)
                .or_insert((row.municipality, row.group));
            assert_eq!(*municipality, row.municipality);
            if row.group.is_assessed() {
                if group.is_assessed() {
                    assert_eq!(*group, row.group);
                }
                *group = row.group;
            }
        }
        assert_eq!(people.len(), 3000);

        // February 2018 is the 7th month.
        let february = month(2018, 2);
        let feb: Vec<_> = rows.iter().filter(|r| r.month == february).collect();
        let count = |f: &dyn Fn(&&PersonMonth) -> bool| feb.iter().filter(|r| f(r)).count();
        let per_cent = |part: usize, whole: usize| part * 100 / whole;
        let assessed = count(&|r| r.group.is_assessed());
        let group_1 = count(&|r| r.group == Group::Intervention);
        let group_2 = count(&|r| r.group == Group::Rehabilitation);
        let broker = count(&|r| r.group == Group::Intervention && r.job_broker);
        let offer = count(&|r| r.group == Group::Intervention && r.company_offer);
        let hours = count(&|r| r.group == Group::Intervention && r.ordinary_centihours > 0);
        let thirty = count(&|r| r.group == Group::Intervention && r.ordinary_centihours >= 3000);
        assert!(
            (89..=95).contains(&per_cent(assessed, feb.len())),
            "{assessed}"
        );
        assert!(
            (50..=58).contains(&per_cent(group_1, assessed)),
            "{group_1}"
        );
        assert!(
            (29..=37).contains(&per_cent(group_2, assessed)),
            "{group_2}"
        );
        assert!((70..=80).contains(&per_cent(broker, group_1)), "{broker}");
        assert!((19..=27).contains(&per_cent(offer, group_1)), "{offer}");
        assert!((5..=20).contains(&per_cent(hours, group_1)), "{hours}");
        assert!(thirty > 0 && thirty < hours / 2, "{thirty} of {hours}");

        // The share assessed rises month by month, and some go into a job.
        let assessed_in = |m: Month| {
            rows.iter()
                .filter(|r| r.month == m && r.group.is_assessed())
                .count()
        };
        let shares: Vec<usize> = months.iter().map(|&m| assessed_in(m)).collect();
        assert!(shares.windows(2).all(|w| w[0] <= w[1]), "{shares:?}");
        assert!(shares[0] * 100 / 3000 < 60);
        let last = months[months.len() - 1];
        assert!(rows
            .iter()
            .any(|r| r.month == last && r.outcome == Outcome::Job));
    }

    #[test]
    fn demo_lines_follow_from_the_seed() {
        let municipalities = [(code(615), 50)];
        let months = [month(2018, 1), month(2018, 2)];
        let a: Vec<_> = demo_rows(1, &municipalities, &months).collect();
        let b: Vec<_> = demo_rows(1, &municipalities, &months).collect();
        let c: Vec<_> = demo_rows(2, &municipalities, &months).collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.len(), 100);
        assert!(a.iter().any(|l| l.as_bytes()[6] == b'-'));
        assert!(a.iter().any(|l| l.as_bytes()[6] != b'-'));
        assert_eq!(demo_rows(1, &[], &months).count(), 0);
        assert_eq!(demo_rows(1, &municipalities, &[]).count(), 0);
    }

    #[test]
    fn a_demo_course_assesses_everyone_from_its_month_and_steps_up_its_offers() {
        let course = DemoCourse {
            complete_from: Some(3),
            active_from: Some(2),
            active_offer: 600,
            ..DemoCourse::STATUS_NOTE
        };
        let who = DemoMunicipality {
            code: code(615),
            first_person: 0,
            count: 400,
            course,
        };
        let share =
            |i: usize, f: &dyn Fn(&PersonMonth) -> bool, of: &dyn Fn(&PersonMonth) -> bool| {
                let text: String = std::iter::once(HEADER.to_string())
                    .chain(demo_month(5, who, month(2017, 8 + i as u32), i))
                    .map(|l| l + "\n")
                    .collect();
                let rows = rows(&text);
                let whole = rows.iter().filter(|r| of(r)).count();
                (rows.iter().filter(|r| of(r) && f(r)).count() * 1000 / whole.max(1)) as u64
            };
        let all = |_: &PersonMonth| true;
        let assessed = |r: &PersonMonth| r.group.is_assessed();
        assert!(share(2, &assessed, &all) < 1000);
        assert_eq!(share(3, &assessed, &all), 1000, "everyone from month 3");
        let group_1 = |r: &PersonMonth| r.group == Group::Intervention;
        let offer = |r: &PersonMonth| r.company_offer;
        assert!(share(1, &offer, &group_1) < 350);
        assert!(share(2, &offer, &group_1) > 500, "the stepped-up offers");
        // The status note's course is the one `demo_rows` always had.
        let note = DemoCourse::STATUS_NOTE;
        for m in 0..30 {
            assert_eq!(note.assessed_share(m), 930 - (930 >> (m + 1).min(63)));
        }
    }

    #[test]
    fn demo_cpr_numbers_are_valid_and_unique() {
        let mut seen = BTreeSet::new();
        for person in 0..200_000 {
            let cpr = demo_cpr(42, person, false);
            assert!(Cpr::parse(&cpr).is_ok(), "{cpr}");
            assert!(seen.insert(cpr));
        }
        // The days cycle: person 18,262 shares a birthday with person 0.
        assert_eq!(
            demo_cpr(42, 0, false)[..6],
            demo_cpr(42, DEMO_BIRTH_DAYS, false)[..6]
        );
    }
}
