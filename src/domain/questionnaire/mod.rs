//! The progression questionnaire (spørgeramme): the same questions put to a citizen at
//! the start (førstegangsmåling), a year later (opfølgning) or when they leave early
//! (afslutning), so the evaluation can see how their readiness for work changed.
//!
//! - [`set`]: the questions as data, versioned by the app, edited as a CSV file;
//! - [`file`]: the answer import file from the municipality's IT vendor;
//! - [`due`]: when the follow-up is due, and which measurement may be recorded next;
//! - [`evaluator`]: the evaluator's own pseudonym, derived from the internal one;
//! - [`results`]: answers tallied per question, paired person by person.
//!
//! Like the rest of `domain`, nothing here reads the clock or does I/O: "today" and
//! the bytes of a file are passed in.

pub mod due;
pub mod evaluator;
pub mod file;
pub mod results;
pub mod set;

pub use set::{decode_answers, encode_answers, illustration, AnswerError, Answers};
pub use set::{Question, QuestionKind, QuestionSet, Text2};

use serde::{Deserialize, Serialize};

/// Which measurement (måling).
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum MeasurementKind {
    /// The first measurement (førstegangsmåling), when the citizen starts.
    Baseline,
    /// The follow-up (opfølgning), 12 months after the baseline.
    FollowUp,
    /// The exit measurement (afslutning), when the citizen leaves before the follow-up.
    Exit,
}

impl MeasurementKind {
    pub const ALL: [MeasurementKind; 3] = [
        MeasurementKind::Baseline,
        MeasurementKind::FollowUp,
        MeasurementKind::Exit,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MeasurementKind::Baseline => "baseline",
            MeasurementKind::FollowUp => "follow-up",
            MeasurementKind::Exit => "exit",
        }
    }

    /// The English word of [`MeasurementKind::as_str`] or a Danish one, in any case,
    /// with surrounding spaces: what a vendor's file or a person may write.
    pub fn parse(s: &str) -> Option<Self> {
        const WORDS: [(&str, MeasurementKind); 9] = [
            ("baseline", MeasurementKind::Baseline),
            ("start", MeasurementKind::Baseline),
            ("førstegangsmåling", MeasurementKind::Baseline),
            ("follow-up", MeasurementKind::FollowUp),
            ("followup", MeasurementKind::FollowUp),
            ("opfølgning", MeasurementKind::FollowUp),
            ("exit", MeasurementKind::Exit),
            ("afslutning", MeasurementKind::Exit),
            ("slut", MeasurementKind::Exit),
        ];
        let s = s.trim();
        WORDS
            .iter()
            .find(|(word, _)| same_word(s, word))
            .map(|&(_, kind)| kind)
    }

    /// 0, 1, 2: how the database stores it.
    pub fn to_i16(self) -> i16 {
        match self {
            MeasurementKind::Baseline => 0,
            MeasurementKind::FollowUp => 1,
            MeasurementKind::Exit => 2,
        }
    }

    pub fn from_i16(n: i16) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.to_i16() == n)
    }

    pub fn label_key(self) -> &'static str {
        match self {
            MeasurementKind::Baseline => "questionnaire-kind-baseline",
            MeasurementKind::FollowUp => "questionnaire-kind-follow-up",
            MeasurementKind::Exit => "questionnaire-kind-exit",
        }
    }
}

/// Why the citizen left before the follow-up (afslutningsårsag).
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ExitReason {
    Job,
    /// Uddannelse.
    Education,
    /// Fleksjob.
    FlexJob,
    /// The case went to the rehabilitation team (rehabiliteringsteamet).
    RehabilitationTeam,
}

impl ExitReason {
    pub const ALL: [ExitReason; 4] = [
        ExitReason::Job,
        ExitReason::Education,
        ExitReason::FlexJob,
        ExitReason::RehabilitationTeam,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ExitReason::Job => "job",
            ExitReason::Education => "education",
            ExitReason::FlexJob => "flex-job",
            ExitReason::RehabilitationTeam => "rehabilitation-team",
        }
    }

    /// The English word of [`ExitReason::as_str`] or a Danish one, in any case, with
    /// surrounding spaces.
    pub fn parse(s: &str) -> Option<Self> {
        const WORDS: [(&str, ExitReason); 11] = [
            ("job", ExitReason::Job),
            ("education", ExitReason::Education),
            ("uddannelse", ExitReason::Education),
            ("flex-job", ExitReason::FlexJob),
            ("flexjob", ExitReason::FlexJob),
            ("fleksjob", ExitReason::FlexJob),
            ("rehabilitation-team", ExitReason::RehabilitationTeam),
            ("rehabilitation", ExitReason::RehabilitationTeam),
            ("rehabiliteringsteam", ExitReason::RehabilitationTeam),
            ("rehabiliteringsteamet", ExitReason::RehabilitationTeam),
            ("rehabilitering", ExitReason::RehabilitationTeam),
        ];
        let s = s.trim();
        WORDS
            .iter()
            .find(|(word, _)| same_word(s, word))
            .map(|&(_, reason)| reason)
    }

    /// 1–4: how the database stores it.
    pub fn to_i16(self) -> i16 {
        match self {
            ExitReason::Job => 1,
            ExitReason::Education => 2,
            ExitReason::FlexJob => 3,
            ExitReason::RehabilitationTeam => 4,
        }
    }

    pub fn from_i16(n: i16) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.to_i16() == n)
    }

    pub fn label_key(self) -> &'static str {
        match self {
            ExitReason::Job => "questionnaire-exit-job",
            ExitReason::Education => "questionnaire-exit-education",
            ExitReason::FlexJob => "questionnaire-exit-flex-job",
            ExitReason::RehabilitationTeam => "questionnaire-exit-rehabilitation-team",
        }
    }
}

/// Whether two words are the same regardless of case, also for æ, ø and å, without
/// allocating: the import compares a word on every line.
fn same_word(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measurement_kinds_read_english_and_danish_words_in_any_case() {
        let cases = [
            (" Baseline ", MeasurementKind::Baseline),
            ("START", MeasurementKind::Baseline),
            ("Førstegangsmåling", MeasurementKind::Baseline),
            ("FØRSTEGANGSMÅLING", MeasurementKind::Baseline),
            ("follow-up", MeasurementKind::FollowUp),
            ("FollowUp", MeasurementKind::FollowUp),
            ("opfølgning", MeasurementKind::FollowUp),
            ("Exit", MeasurementKind::Exit),
            ("afslutning", MeasurementKind::Exit),
            ("slut", MeasurementKind::Exit),
        ];
        for (text, kind) in cases {
            assert_eq!(MeasurementKind::parse(text), Some(kind), "{text}");
        }
        for bad in ["", "base", "follow up", "1", "exits"] {
            assert_eq!(MeasurementKind::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn measurement_kinds_round_trip_through_their_word_and_number() {
        for kind in MeasurementKind::ALL {
            assert_eq!(MeasurementKind::parse(kind.as_str()), Some(kind));
            assert_eq!(MeasurementKind::from_i16(kind.to_i16()), Some(kind));
            assert!(kind.label_key().starts_with("questionnaire-kind-"));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
        }
        let numbers: Vec<i16> = MeasurementKind::ALL.map(MeasurementKind::to_i16).to_vec();
        assert_eq!(numbers, vec![0, 1, 2]);
        assert_eq!(MeasurementKind::from_i16(3), None);
        assert_eq!(MeasurementKind::from_i16(-1), None);
    }

    #[test]
    fn exit_reasons_read_english_and_danish_words() {
        let cases = [
            ("job", ExitReason::Job),
            ("JOB", ExitReason::Job),
            ("Uddannelse", ExitReason::Education),
            ("education", ExitReason::Education),
            ("fleksjob", ExitReason::FlexJob),
            ("Flexjob", ExitReason::FlexJob),
            ("rehabiliteringsteam", ExitReason::RehabilitationTeam),
            ("Rehabiliteringsteamet", ExitReason::RehabilitationTeam),
            ("rehabilitering", ExitReason::RehabilitationTeam),
            ("rehabilitation", ExitReason::RehabilitationTeam),
        ];
        for (text, reason) in cases {
            assert_eq!(ExitReason::parse(text), Some(reason), "{text}");
        }
        for bad in ["", "ingen", "pension", "flex job"] {
            assert_eq!(ExitReason::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn exit_reasons_round_trip_through_their_word_and_number() {
        for reason in ExitReason::ALL {
            assert_eq!(ExitReason::parse(reason.as_str()), Some(reason));
            assert_eq!(ExitReason::from_i16(reason.to_i16()), Some(reason));
            assert!(reason.label_key().starts_with("questionnaire-exit-"));
            let json = serde_json::to_string(&reason).unwrap();
            assert_eq!(json, format!("\"{}\"", reason.as_str()));
        }
        let numbers: Vec<i16> = ExitReason::ALL.map(ExitReason::to_i16).to_vec();
        assert_eq!(numbers, vec![1, 2, 3, 4]);
        assert_eq!(ExitReason::from_i16(0), None);
        assert_eq!(ExitReason::from_i16(5), None);
    }
}
