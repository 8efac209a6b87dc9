//! The delivery to the external evaluator: every measurement's answers, one row per
//! answer, with the evaluator's own pseudonym (`domain::questionnaire::evaluator`) in
//! place of tilskud's, so that the file cannot be joined to tilskud's tables. Each
//! delivery is written to the audit log with who, when, how many rows and the key's
//! fingerprint (never the key).

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::versions_by_id;
use crate::db::audit::{self, Actor, Change};
use crate::db::queries::questionnaire as rows;
use crate::db::DbConn;
use crate::domain::monitoring::pseudonym::Pseudonym;
use crate::domain::questionnaire::evaluator::EvaluatorKey;
use crate::domain::questionnaire::set::decode_answers;
use crate::domain::questionnaire::{ExitReason, MeasurementKind};
use crate::error::{AppError, AppResult, Msg};

/// The evaluator's key from the configuration; without a usable one there is no delivery.
pub fn evaluator_key(configured: Option<&str>) -> AppResult<EvaluatorKey> {
    configured
        .and_then(|k| EvaluatorKey::new(k.as_bytes()).ok())
        .ok_or_else(|| AppError::Conflict(Msg::new("questionnaire-no-evaluator-key")))
}

/// One answer of the delivery.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeliveryRow {
    /// The evaluator's pseudonym of the citizen (64 hexadecimal digits).
    pub person: String,
    pub municipality_code: i32,
    pub measurement: MeasurementKind,
    pub measured_on: NaiveDate,
    pub exit_reason: Option<ExitReason>,
    pub set_version: i32,
    pub question: String,
    /// The answer as stored (scale value, 1/0 for yes/no, option number, number); `None`
    /// for a question left unanswered.
    pub answer: Option<i64>,
    /// The answer in Danish words (the option's text, "Ja"/"Nej").
    pub answer_text: String,
}

/// What the audit log keeps of a delivery.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeliveryLog {
    pub rows: usize,
    pub measurements: usize,
    pub key_fingerprint: String,
    pub format: String,
}

/// Builds the delivery of the pool's measurements under the evaluator's `key`, and logs
/// it, in one transaction.
pub fn deliver(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    pool_id: i64,
    key: &EvaluatorKey,
    format: &str,
) -> AppResult<(Vec<DeliveryRow>, DeliveryLog)> {
    audit::write(conn, actor, now, |c| {
        let versions = versions_by_id(c, pool_id)?;
        let measured = rows::measurements(c, pool_id, None)?;
        let mut out = Vec::new();
        let mut measurements = 0;
        for r in &measured {
            let (Some(kind), Some(v)) = (
                MeasurementKind::from_i16(r.kind),
                versions.get(&r.question_set_id),
            ) else {
                continue;
            };
            let Some(answers) = decode_answers(&r.answers, v.set.questions.len()) else {
                continue;
            };
            let mut internal = [0u8; 32];
            if r.person.len() != 32 {
                continue;
            }
            internal.copy_from_slice(&r.person);
            let person = key.pseudonym(&Pseudonym(internal)).to_string();
            measurements += 1;
            let exit_reason = r.exit_reason.and_then(ExitReason::from_i16);
            for (q, answer) in v.set.questions.iter().zip(answers) {
                out.push(DeliveryRow {
                    person: person.clone(),
                    municipality_code: r.municipality_code,
                    measurement: kind,
                    measured_on: r.measured_on,
                    exit_reason,
                    set_version: v.version,
                    question: q.code.clone(),
                    answer,
                    answer_text: answer.map(|a| q.answer_text(a, "da")).unwrap_or_default(),
                });
            }
        }
        let log = DeliveryLog {
            rows: out.len(),
            measurements,
            key_fingerprint: key.fingerprint(),
            format: format.to_owned(),
        };
        let change = Change::new("questionnaire.delivery", "pool", pool_id).after(&log);
        Ok::<_, AppError>(((out, log), vec![change]))
    })
}

/// The machine header of the delivery (the CSV and the sheet's columns).
pub const HEADER: [&str; 9] = [
    "person",
    "municipality_code",
    "measurement",
    "measured_on",
    "exit_reason",
    "set_version",
    "question",
    "answer",
    "answer_text",
];

/// The delivery's rows as text cells in [`HEADER`]'s order.
pub fn cells(rows: &[DeliveryRow]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| {
            vec![
                r.person.clone(),
                format!("{:03}", r.municipality_code),
                r.measurement.as_str().to_owned(),
                r.measured_on.to_string(),
                r.exit_reason
                    .map(|e| e.as_str().to_owned())
                    .unwrap_or_default(),
                r.set_version.to_string(),
                r.question.clone(),
                r.answer.map(|a| a.to_string()).unwrap_or_default(),
                r.answer_text.clone(),
            ]
        })
        .collect()
}

/// The delivery as a machine CSV (`,`, UTF-8 without BOM, ISO dates): what an evaluator
/// reads with a program.
pub fn csv(rows: &[DeliveryRow]) -> AppResult<Vec<u8>> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    w.write_record(HEADER).map_err(AppError::internal)?;
    for r in cells(rows) {
        w.write_record(&r).map_err(AppError::internal)?;
    }
    w.into_inner().map_err(AppError::internal)
}

/// The delivery as one XLSX sheet, numbers as numbers.
pub fn xlsx(title: &str, rows: &[DeliveryRow]) -> AppResult<Vec<u8>> {
    let header: Vec<String> = HEADER.iter().map(|h| (*h).to_owned()).collect();
    crate::export::table_xlsx(title, &header, &cells(rows), &[5, 7]).map_err(AppError::internal)
}

/// The delivery's file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileFormat {
    Csv,
    Xlsx,
}

impl FileFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            FileFormat::Csv => "csv",
            FileFormat::Xlsx => "xlsx",
        }
    }
}

/// Builds and logs the delivery and writes its file, in one call, so that pages and API
/// run the whole of it on the blocking pool: the XLSX of a national delivery takes
/// seconds, and must not hold a request worker.
pub fn deliver_file(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
    pool_id: i64,
    key: &EvaluatorKey,
    format: FileFormat,
    title: &str,
) -> AppResult<Vec<u8>> {
    let (rows, _) = deliver(conn, actor, now, pool_id, key, format.as_str())?;
    match format {
        FileFormat::Csv => csv(&rows),
        FileFormat::Xlsx => xlsx(title, &rows),
    }
}
