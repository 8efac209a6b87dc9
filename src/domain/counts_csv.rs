//! Import of STAR's target-group figures per municipality ("Oversigt over
//! målgruppen pr. kommune") and export of the resulting allocation.

use std::collections::BTreeMap;
use std::io::{self, Write};

use thiserror::Error;

use super::allocation::{AllocationLine, Applicant};
use super::municipality::{self, MunicipalityCode};

/// The header the import expects (case and surrounding spaces do not matter).
pub const HEADER: [&str; 2] = ["municipality_code", "target_group"];
/// The header the export writes.
pub const EXPORT_HEADER: [&str; 5] = [
    "municipality_code",
    "name",
    "target_group",
    "exact_quota",
    "amount",
];
/// A file with many bad lines is usually in the wrong format altogether; past
/// this many errors, one summary entry says how many more there were.
pub const MAX_ERRORS: usize = 50;

/// The largest target group one municipality can have: more than the inhabitants of the
/// largest (København, about 660,000), so a larger figure is a typing or export error
/// (and figures this size keep every sum and quota of the allocation far from overflow).
/// The message `csv-count-too-large` states it, written as each language writes numbers.
pub const MAX_TARGET_GROUP: u64 = 1_000_000;

/// One problem in an imported file, at a 1-based line of the file.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("line {line}: {kind}")]
pub struct CsvError {
    pub line: usize,
    pub kind: CsvErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CsvErrorKind {
    #[error("the file must start with the header municipality_code,target_group")]
    MissingHeader,
    #[error("the header is {found:?}, expected municipality_code,target_group")]
    WrongHeader { found: String },
    #[error("the file has a header but no municipalities")]
    NoRows,
    #[error("expected 2 fields (municipality code and target group), found {found}")]
    WrongFieldCount { found: usize },
    #[error("unknown municipality code {code}")]
    UnknownMunicipality { code: String },
    #[error("municipality code {code} is listed again (first on line {first_line})")]
    DuplicateMunicipality {
        code: MunicipalityCode,
        first_line: usize,
    },
    #[error("the target group {value} is negative")]
    NegativeCount { value: String },
    #[error("the target group {value:?} is not a whole number")]
    NonNumericCount { value: String },
    #[error("the target group {value} is more than {max}")]
    CountTooLarge { value: String, max: u64 },
    #[error("the line is not UTF-8 text; save the file as \"CSV UTF-8\"")]
    NotUtf8,
    #[error("{omitted} more errors are not shown")]
    TooManyErrors { omitted: usize },
}

impl CsvErrorKind {
    pub fn key(&self) -> &'static str {
        match self {
            CsvErrorKind::MissingHeader => "csv-missing-header",
            CsvErrorKind::WrongHeader { .. } => "csv-wrong-header",
            CsvErrorKind::NoRows => "csv-no-rows",
            CsvErrorKind::WrongFieldCount { .. } => "csv-wrong-field-count",
            CsvErrorKind::UnknownMunicipality { .. } => "csv-unknown-municipality",
            CsvErrorKind::DuplicateMunicipality { .. } => "csv-duplicate-municipality",
            CsvErrorKind::NegativeCount { .. } => "csv-negative-count",
            CsvErrorKind::NonNumericCount { .. } => "csv-non-numeric-count",
            CsvErrorKind::CountTooLarge { .. } => "csv-count-too-large",
            CsvErrorKind::NotUtf8 => "csv-not-utf8",
            CsvErrorKind::TooManyErrors { .. } => "csv-too-many-errors",
        }
    }
}

#[derive(Default)]
struct Errors {
    shown: Vec<CsvError>,
    first_omitted_line: Option<usize>,
    omitted: usize,
}

impl Errors {
    fn push(&mut self, line: usize, kind: CsvErrorKind) {
        if self.shown.len() < MAX_ERRORS {
            self.shown.push(CsvError { line, kind });
        } else {
            self.first_omitted_line.get_or_insert(line);
            self.omitted += 1;
        }
    }

    fn finish(mut self) -> Vec<CsvError> {
        if let Some(line) = self.first_omitted_line {
            let omitted = self.omitted;
            self.shown.push(CsvError {
                line,
                kind: CsvErrorKind::TooManyErrors { omitted },
            });
        }
        self.shown
    }
}

/// Reads the target-group figures. Accepts what Excel and people produce: a UTF-8
/// byte-order mark, ';' as separator (Danish Excel), CRLF, quoted fields, spaces
/// around fields, blank lines, trailing empty columns, and "1.234" for counts.
/// Every bad line is reported, not only the first, so a file is fixed in one go.
pub fn parse_counts(input: &[u8]) -> Result<Vec<Applicant>, Vec<CsvError>> {
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    let delimiter = detect_delimiter(input);
    let mut errors = Errors::default();
    let mut applicants = Vec::new();
    let mut first_lines: BTreeMap<MunicipalityCode, usize> = BTreeMap::new();
    let mut header_line = None;
    // Lines are split here rather than by the csv crate, whose record positions
    // drift after blank lines and CRLF, and the line number is what users need.
    for (index, raw) in input.split(|&b| b == b'\n').enumerate() {
        let line = index + 1;
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        let Ok(text) = std::str::from_utf8(raw) else {
            errors.push(line, CsvErrorKind::NotUtf8);
            continue;
        };
        let mut fields = split_fields(text, delimiter);
        while fields.len() > HEADER.len() && fields.last().is_some_and(String::is_empty) {
            fields.pop();
        }
        if fields.iter().all(String::is_empty) {
            continue;
        }
        if header_line.is_none() {
            header_line = Some(line);
            if is_header(&fields) {
                continue;
            }
            if fields.first().is_some_and(|f| f.parse::<u64>().is_ok()) {
                // Report the missing header and still check the data on this line.
                errors.push(line, CsvErrorKind::MissingHeader);
            } else {
                let found = fields.join(",");
                errors.push(line, CsvErrorKind::WrongHeader { found });
                continue;
            }
        }
        let [code_text, count_text] = &fields[..] else {
            let found = fields.len();
            errors.push(line, CsvErrorKind::WrongFieldCount { found });
            continue;
        };
        let code = match MunicipalityCode::parse(code_text) {
            Ok(code) => match first_lines.get(&code) {
                Some(&first_line) => {
                    let kind = CsvErrorKind::DuplicateMunicipality { code, first_line };
                    errors.push(line, kind);
                    None
                }
                None => {
                    first_lines.insert(code, line);
                    Some(code)
                }
            },
            Err(_) => {
                let code = code_text.clone();
                errors.push(line, CsvErrorKind::UnknownMunicipality { code });
                None
            }
        };
        let count = parse_count(count_text).map_err(|kind| errors.push(line, kind));
        if let (Some(code), Ok(target_group)) = (code, count) {
            applicants.push(Applicant { code, target_group });
        }
    }
    match header_line {
        None => errors.push(1, CsvErrorKind::MissingHeader),
        Some(line) if applicants.is_empty() && errors.shown.is_empty() => {
            errors.push(line, CsvErrorKind::NoRows)
        }
        Some(_) => {}
    }
    let errors = errors.finish();
    if errors.is_empty() {
        Ok(applicants)
    } else {
        Err(errors)
    }
}

/// Splits one line into trimmed fields; a field may be quoted as spreadsheets do,
/// with `""` for a quote inside it.
fn split_fields(line: &str, delimiter: char) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if c == delimiter && !quoted => fields.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    fields.push(field);
    fields.into_iter().map(|f| f.trim().to_owned()).collect()
}

// Danish Excel writes ';' because ',' is its decimal separator.
fn detect_delimiter(input: &[u8]) -> char {
    let first_line = input
        .split(|&b| b == b'\n')
        .find(|line| line.iter().any(|b| !b.is_ascii_whitespace()))
        .unwrap_or_default();
    if first_line.contains(&b';') {
        ';'
    } else {
        ','
    }
}

fn is_header(fields: &[String]) -> bool {
    fields.len() == HEADER.len()
        && fields
            .iter()
            .zip(HEADER)
            .all(|(field, expected)| field.eq_ignore_ascii_case(expected))
}

fn parse_count(text: &str) -> Result<u64, CsvErrorKind> {
    let value = || text.to_owned();
    if text.starts_with(['-', '\u{2212}']) {
        return Err(CsvErrorKind::NegativeCount { value: value() });
    }
    // Excel-DK shows thousands as "1.234"; anything else with a dot is a fraction.
    let groups: Vec<&str> = text.split('.').collect();
    let well_formed = groups
        .iter()
        .all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()))
        && groups
            .first()
            .is_some_and(|g| groups.len() == 1 || g.len() <= 3)
        && groups.iter().skip(1).all(|g| g.len() == 3);
    if !well_formed {
        return Err(CsvErrorKind::NonNumericCount { value: value() });
    }
    // Digits only by now: a number too long for u64 is too large, not non-numeric.
    match groups.concat().parse::<u64>() {
        Ok(n) if n <= MAX_TARGET_GROUP => Ok(n),
        _ => Err(CsvErrorKind::CountTooLarge {
            value: value(),
            max: MAX_TARGET_GROUP,
        }),
    }
}

/// Writes an allocation as CSV: code, name, target group, the exact quota with
/// six decimals and '.' (so any spreadsheet reads it the same way), and the amount
/// in whole kroner.
pub fn write_allocation_csv(w: impl Write, lines: &[AllocationLine]) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(w);
    writer.write_record(EXPORT_HEADER)?;
    for line in lines {
        let name = municipality::by_code(line.code).map_or("", |m| m.name);
        writer.write_record([
            line.code.to_string().as_str(),
            name,
            line.target_group.to_string().as_str(),
            line.exact_quota_string().as_str(),
            line.amount_kroner.to_string().as_str(),
        ])?;
    }
    writer.flush()
}

#[cfg(test)]
mod tests {
    use super::super::allocation::allocate;
    use super::*;

    fn code(n: u16) -> MunicipalityCode {
        MunicipalityCode::try_from(n).unwrap()
    }

    fn errors(text: &str) -> Vec<(usize, CsvErrorKind)> {
        parse_counts(text.as_bytes())
            .unwrap_err()
            .into_iter()
            .map(|e| (e.line, e.kind))
            .collect()
    }

    #[test]
    fn a_plain_file_gives_one_applicant_per_line() {
        let applicants =
            parse_counts(b"municipality_code,target_group\n615,320\n101,24680\n").unwrap();
        assert_eq!(
            applicants,
            vec![
                Applicant {
                    code: code(615),
                    target_group: 320
                },
                Applicant {
                    code: code(101),
                    target_group: 24_680
                },
            ]
        );
    }

    #[test]
    fn a_file_saved_by_danish_excel_is_read() {
        let text = "\u{feff}Municipality_Code ; Target_Group\r\n 615 ; 320 ;;\r\n\"101\";\"1.234\"\r\n;;\r\n\r\n\r\n";
        let applicants = parse_counts(text.as_bytes()).unwrap();
        assert_eq!(
            applicants,
            vec![
                Applicant {
                    code: code(615),
                    target_group: 320
                },
                Applicant {
                    code: code(101),
                    target_group: 1_234
                },
            ]
        );
    }

    #[test]
    fn a_target_group_larger_than_a_municipality_can_have_is_refused() {
        let text = "municipality_code,target_group\n\
                    615,1.000.000\n\
                    101,1000001\n\
                    147,99999999999999999999999\n";
        let too_large = |v: &str| CsvErrorKind::CountTooLarge {
            value: v.into(),
            max: MAX_TARGET_GROUP,
        };
        assert_eq!(
            errors(text),
            vec![
                (3, too_large("1000001")),
                (4, too_large("99999999999999999999999")),
            ]
        );
    }

    #[test]
    fn every_bad_line_is_reported_with_its_line_number() {
        let text = "municipality_code,target_group\n\
                    615,320\n\
                    \n\
                    999,10\n\
                    101,-4\n\
                    147,12.5\n\
                    151\n\
                    153,1,2\n\
                    615,7\n\
                    abc,x\n";
        assert_eq!(
            errors(text),
            vec![
                (4, CsvErrorKind::UnknownMunicipality { code: "999".into() }),
                (5, CsvErrorKind::NegativeCount { value: "-4".into() }),
                (
                    6,
                    CsvErrorKind::NonNumericCount {
                        value: "12.5".into()
                    }
                ),
                (7, CsvErrorKind::WrongFieldCount { found: 1 }),
                (8, CsvErrorKind::WrongFieldCount { found: 3 }),
                (
                    9,
                    CsvErrorKind::DuplicateMunicipality {
                        code: code(615),
                        first_line: 2
                    }
                ),
                (10, CsvErrorKind::UnknownMunicipality { code: "abc".into() }),
                (10, CsvErrorKind::NonNumericCount { value: "x".into() }),
            ]
        );
    }

    #[test]
    fn errors_read_as_sentences_with_the_line() {
        let error =
            parse_counts(b"municipality_code;target_group\r\n615;1\r\n999;2\r\n").unwrap_err();
        assert_eq!(
            error[0].to_string(),
            "line 3: unknown municipality code 999"
        );
        assert_eq!(error[0].kind.key(), "csv-unknown-municipality");
    }

    #[test]
    fn a_missing_header_is_reported_and_the_data_still_checked() {
        assert_eq!(
            errors("615,320\n999,1\n"),
            vec![
                (1, CsvErrorKind::MissingHeader),
                (2, CsvErrorKind::UnknownMunicipality { code: "999".into() }),
            ]
        );
        assert_eq!(errors(""), vec![(1, CsvErrorKind::MissingHeader)]);
        assert_eq!(
            errors("\u{feff}\r\n  \r\n"),
            vec![(1, CsvErrorKind::MissingHeader)]
        );
    }

    #[test]
    fn a_wrong_header_is_reported() {
        assert_eq!(
            errors("\nkommune,antal\n615,320\n"),
            vec![(
                2,
                CsvErrorKind::WrongHeader {
                    found: "kommune,antal".into()
                }
            )]
        );
    }

    #[test]
    fn a_header_without_rows_is_reported() {
        assert_eq!(
            errors("municipality_code,target_group\r\n"),
            vec![(1, CsvErrorKind::NoRows)]
        );
    }

    #[test]
    fn text_that_is_not_utf8_is_reported() {
        let bytes = b"municipality_code,target_group\n615,320\n\xE6r\xF8,1\n";
        let errors = parse_counts(bytes).unwrap_err();
        assert_eq!(
            errors,
            vec![CsvError {
                line: 3,
                kind: CsvErrorKind::NotUtf8
            }]
        );
    }

    #[test]
    fn only_the_first_fifty_errors_are_listed() {
        let mut text = String::from("municipality_code,target_group\n");
        for _ in 0..60 {
            text.push_str("999,1\n");
        }
        let errors = parse_counts(text.as_bytes()).unwrap_err();
        assert_eq!(errors.len(), MAX_ERRORS + 1);
        assert_eq!(
            errors.last(),
            Some(&CsvError {
                line: 52,
                kind: CsvErrorKind::TooManyErrors { omitted: 10 }
            })
        );
    }

    #[test]
    fn every_error_kind_has_a_distinct_catalogue_key() {
        let kinds = [
            CsvErrorKind::MissingHeader,
            CsvErrorKind::WrongHeader {
                found: String::new(),
            },
            CsvErrorKind::NoRows,
            CsvErrorKind::WrongFieldCount { found: 0 },
            CsvErrorKind::UnknownMunicipality {
                code: String::new(),
            },
            CsvErrorKind::DuplicateMunicipality {
                code: code(101),
                first_line: 1,
            },
            CsvErrorKind::NegativeCount {
                value: String::new(),
            },
            CsvErrorKind::NonNumericCount {
                value: String::new(),
            },
            CsvErrorKind::NotUtf8,
            CsvErrorKind::TooManyErrors { omitted: 0 },
        ];
        let mut keys: Vec<_> = kinds.iter().map(CsvErrorKind::key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), kinds.len());
    }

    #[test]
    fn the_allocation_is_exported_with_exact_quotas_and_whole_kroner() {
        let applicants = [
            Applicant {
                code: code(657),
                target_group: 100,
            },
            Applicant {
                code: code(615),
                target_group: 100,
            },
            Applicant {
                code: code(101),
                target_group: 100,
            },
        ];
        let lines = allocate(257_000_000, &applicants).unwrap();
        let mut out = Vec::new();
        write_allocation_csv(&mut out, &lines).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "municipality_code,name,target_group,exact_quota,amount\n\
             101,København,100,85666666.666667,85666667\n\
             615,Horsens,100,85666666.666667,85666667\n\
             657,Herning,100,85666666.666667,85666666\n"
        );
    }
}
