//! Where an upload's rows wait between reading and importing: an anonymous file (mode
//! 0600 and unlinked as soon as it is created, so it has no name in any folder and is
//! gone when it is closed or the process dies) holding each row already pseudonymised,
//! in a fixed binary form. The CPR numbers never reach it: the request body is parsed
//! and pseudonymised before anything is written.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, Write};
use std::path::Path;

use sha2::{Digest, Sha256};

use super::import::{Item, RowProblem};
use crate::domain::monitoring::drop::MonthPersons;
use crate::domain::monitoring::pseudonym::Pseudonym;
use crate::domain::monitoring::{Group, Month, Outcome, PersonMonth};
use crate::domain::municipality::MunicipalityCode;
use crate::error::Msg;

/// Line (8), municipality (2), month (4), pseudonym (32), group, job broker, company
/// offer (1 each), ordinary centihours (4), outcome (1).
pub(super) const RECORD: usize = 54;

const OUTCOMES: [Outcome; 4] = [
    Outcome::Job,
    Outcome::Education,
    Outcome::FlexJob,
    Outcome::None,
];

pub(super) fn encode(line: usize, r: &PersonMonth) -> [u8; RECORD] {
    let mut b = [0u8; RECORD];
    b[0..8].copy_from_slice(&(line as u64).to_le_bytes());
    b[8..10].copy_from_slice(&r.municipality.as_u16().to_le_bytes());
    b[10..14].copy_from_slice(&r.month.yyyymm().to_le_bytes());
    b[14..46].copy_from_slice(&r.person.0);
    // Group codes are 0-3.
    b[46] = r.group.code() as u8;
    b[47] = u8::from(r.job_broker);
    b[48] = u8::from(r.company_offer);
    b[49..53].copy_from_slice(&r.ordinary_centihours.to_le_bytes());
    b[53] = OUTCOMES.iter().position(|o| *o == r.outcome).unwrap_or(3) as u8;
    b
}

pub(super) fn decode(b: &[u8; RECORD]) -> Option<(usize, PersonMonth)> {
    let line = u64::from_le_bytes(b[0..8].try_into().ok()?);
    let code = u16::from_le_bytes(b[8..10].try_into().ok()?);
    let month = i32::from_le_bytes(b[10..14].try_into().ok()?);
    let row = PersonMonth {
        person: Pseudonym(b[14..46].try_into().ok()?),
        municipality: MunicipalityCode::try_from(code).ok()?,
        month: Month::from_yyyymm(month)?,
        group: Group::from_code(i16::from(b[46]))?,
        job_broker: b[47] != 0,
        company_offer: b[48] != 0,
        ordinary_centihours: u32::from_le_bytes(b[49..53].try_into().ok()?),
        outcome: *OUTCOMES.get(usize::from(b[53]))?,
    };
    Some((usize::try_from(line).ok()?, row))
}

/// A spool being written.
pub struct Writer {
    out: BufWriter<File>,
    months: BTreeMap<(i32, Month), MonthPersons>,
    digest: Sha256,
}

impl Writer {
    /// A new anonymous file in `dir` (created, for this user only, when missing).
    pub fn create(dir: &Path) -> io::Result<Writer> {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir)?;
        // Created for this user only (0600), then unlinked at once: a crash in between
        // leaves an empty file, which the next start removes.
        let (file, name) = tempfile::Builder::new()
            .prefix("spool-")
            .tempfile_in(dir)?
            .into_parts();
        name.close()?;
        Ok(Writer {
            out: BufWriter::with_capacity(256 * 1024, file),
            months: BTreeMap::new(),
            digest: Sha256::new(),
        })
    }

    pub fn push(&mut self, line: usize, row: &PersonMonth) -> io::Result<()> {
        let record = encode(line, row);
        self.digest.update(record);
        self.months
            .entry((i32::from(row.municipality.as_u16()), row.month))
            .or_default()
            .add(row.group);
        self.out.write_all(&record)
    }

    /// The rows written, to be read back from the start.
    pub fn finish(self) -> io::Result<Spool> {
        let mut file = self.out.into_inner().map_err(|e| e.into_error())?;
        file.rewind()?;
        Ok(Spool {
            file,
            months: self.months,
            digest: self.digest.finalize().into(),
        })
    }
}

/// The rows of an upload, pseudonymised, ready for the import.
pub struct Spool {
    file: File,
    /// Persons per (municipality, month) in the file.
    pub months: BTreeMap<(i32, Month), MonthPersons>,
    /// SHA-256 of the pseudonymised rows with their lines: the same file gives the same
    /// digest (under the same key), so that a confirmation is for the file that was shown.
    pub digest: [u8; 32],
}

impl Spool {
    /// The rows in the order of the file. A failure to read them back is reported as a
    /// problem of the file, so that the import refuses it rather than keep part of it.
    pub fn rows(self) -> impl Iterator<Item = Item> {
        let mut input = BufReader::with_capacity(256 * 1024, self.file);
        let mut done = false;
        std::iter::from_fn(move || {
            if done {
                return None;
            }
            let mut b = [0u8; RECORD];
            let read = match input.read_exact(&mut b) {
                Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => None,
                Err(_) => Some(None),
                Ok(()) => Some(decode(&b)),
            };
            match read {
                None => None,
                Some(Some(row)) => Some(Ok(row)),
                Some(None) => {
                    done = true;
                    Some(Err(RowProblem {
                        line: 0,
                        field: "file",
                        msg: Msg::new("upload-unreadable"),
                    }))
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn arb_row() -> impl Strategy<Value = PersonMonth> {
        (
            any::<[u8; 32]>(),
            0usize..98,
            (1900i32..=9999, 1u32..=12),
            0i16..=3,
            any::<(bool, bool)>(),
            0u32..=74_400,
            0usize..4,
        )
            .prop_map(|(p, m, (y, mo), g, (jb, co), h, o)| PersonMonth {
                person: Pseudonym(p),
                municipality: crate::domain::municipality::all()[m].code,
                month: Month::new(y, mo).unwrap(),
                group: Group::from_code(g).unwrap(),
                job_broker: jb,
                company_offer: co,
                ordinary_centihours: h,
                outcome: OUTCOMES[o],
            })
    }

    proptest! {
        #[test]
        fn a_row_reads_back_as_it_was_written(line in any::<u32>(), row in arb_row()) {
            let line = line as usize;
            prop_assert_eq!(decode(&encode(line, &row)), Some((line, row)));
        }
    }

    #[test]
    fn the_spool_gives_back_its_rows_in_order_and_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let rows: Vec<PersonMonth> = proptest::strategy::ValueTree::current(
            &prop::collection::vec(arb_row(), 3)
                .new_tree(&mut proptest::test_runner::TestRunner::deterministic())
                .unwrap(),
        );
        let mut w = Writer::create(&dir.path().join("uploads")).unwrap();
        for (i, r) in rows.iter().enumerate() {
            w.push(i + 2, r).unwrap();
        }
        let spool = w.finish().unwrap();
        assert_eq!(
            std::fs::read_dir(dir.path().join("uploads"))
                .unwrap()
                .count(),
            0,
            "the spool has no name"
        );
        let back: Vec<Item> = spool.rows().collect();
        let expected: Vec<Item> = rows
            .into_iter()
            .enumerate()
            .map(|(i, r)| Ok((i + 2, r)))
            .collect();
        assert_eq!(back, expected);
    }
}
