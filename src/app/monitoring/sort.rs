//! The rows of an import in the order of the table's key (municipality, month, person),
//! whatever the order of the file: inserted in that order, each row lands beside the
//! one before, so the import costs the same for a file ordered by month as for one
//! ordered by person (issue 15; docs/benchmarks.md). Runs of `RUN` rows are sorted in
//! memory and, when there are several, written to anonymous files (pseudonymised rows
//! only, as the upload spool) and merged: memory does not grow with the file.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, Write};

use super::spool::{decode, encode, RECORD};
use crate::domain::monitoring::PersonMonth;

/// Rows sorted in memory at a time (about 16 MB).
#[cfg(not(test))]
const RUN: usize = 1 << 18;
#[cfg(test)]
const RUN: usize = 1000;

/// The key rows are inserted in, and the line: a person twice in a month comes out
/// twice in a row, the later line second.
type Key = (u16, i32, [u8; 32], usize);

fn key(line: usize, r: &PersonMonth) -> Key {
    (r.municipality.as_u16(), r.month.yyyymm(), r.person.0, line)
}

/// Rows being gathered.
#[derive(Default)]
pub struct Sorter {
    run: Vec<(usize, PersonMonth)>,
    runs: Vec<File>,
    rows: u64,
}

impl Sorter {
    pub fn push(&mut self, line: usize, row: PersonMonth) -> io::Result<()> {
        self.run.push((line, row));
        self.rows += 1;
        if self.run.len() >= RUN {
            self.spill()?;
        }
        Ok(())
    }

    pub fn rows(&self) -> u64 {
        self.rows
    }

    fn sort_run(&mut self) {
        self.run.sort_unstable_by_key(|(line, r)| key(*line, r));
    }

    fn spill(&mut self) -> io::Result<()> {
        self.sort_run();
        let mut out = BufWriter::with_capacity(256 * 1024, tempfile::tempfile()?);
        for (line, row) in self.run.drain(..) {
            out.write_all(&encode(line, &row))?;
        }
        let mut file = out.into_inner().map_err(|e| e.into_error())?;
        file.rewind()?;
        self.runs.push(file);
        Ok(())
    }

    /// Every row, in key order.
    pub fn finish(mut self) -> io::Result<Sorted> {
        if self.runs.is_empty() {
            self.sort_run();
            return Ok(Sorted::Memory(self.run.into_iter()));
        }
        if !self.run.is_empty() {
            self.spill()?;
        }
        let mut runs: Vec<BufReader<File>> = self
            .runs
            .into_iter()
            .map(|f| BufReader::with_capacity(64 * 1024, f))
            .collect();
        let mut heads = BinaryHeap::new();
        let mut rows = Vec::with_capacity(runs.len());
        for (i, run) in runs.iter_mut().enumerate() {
            let head = next_record(run)?;
            if let Some((line, row)) = &head {
                heads.push(Reverse((key(*line, row), i)));
            }
            rows.push(head);
        }
        Ok(Sorted::Merge { runs, heads, rows })
    }
}

fn next_record(run: &mut BufReader<File>) -> io::Result<Option<(usize, PersonMonth)>> {
    let mut b = [0u8; RECORD];
    match run.read_exact(&mut b) {
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Ok(None),
        Err(e) => Err(e),
        Ok(()) => decode(&b)
            .map(Some)
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "a sorted run is damaged")),
    }
}

/// The rows in key order.
pub enum Sorted {
    Memory(std::vec::IntoIter<(usize, PersonMonth)>),
    Merge {
        runs: Vec<BufReader<File>>,
        heads: BinaryHeap<Reverse<(Key, usize)>>,
        rows: Vec<Option<(usize, PersonMonth)>>,
    },
}

impl Iterator for Sorted {
    type Item = io::Result<(usize, PersonMonth)>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Sorted::Memory(rows) => rows.next().map(Ok),
            Sorted::Merge { runs, heads, rows } => {
                let Reverse((_, i)) = heads.pop()?;
                let run = runs.get_mut(i)?;
                let next = match next_record(run) {
                    Ok(next) => next,
                    Err(e) => return Some(Err(e)),
                };
                if let Some((line, row)) = &next {
                    heads.push(Reverse((key(*line, row), i)));
                }
                let slot = rows.get_mut(i)?;
                std::mem::replace(slot, next).map(Ok)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::monitoring::pseudonym::Pseudonym;
    use crate::domain::monitoring::{Group, Month, Outcome};

    fn row(code: u16, month: u32, person: u8) -> PersonMonth {
        PersonMonth {
            person: Pseudonym([person; 32]),
            municipality: crate::domain::municipality::MunicipalityCode::try_from(code).unwrap(),
            month: Month::new(2018, month).unwrap(),
            group: Group::from_code(1).unwrap(),
            job_broker: false,
            company_offer: false,
            ordinary_centihours: 0,
            outcome: Outcome::None,
        }
    }

    #[test]
    fn rows_come_out_in_key_order_from_memory_and_from_merged_runs() {
        let input: Vec<(usize, PersonMonth)> = (0..(RUN * 2 + 10))
            .map(|i| {
                let code = [751u16, 101, 615][i % 3];
                (i + 2, row(code, (i % 12) as u32 + 1, (i * 7 % 251) as u8))
            })
            .collect();
        for n in [5, input.len()] {
            let mut s = Sorter::default();
            for (line, r) in input.iter().take(n) {
                s.push(*line, r.clone()).unwrap();
            }
            let out: Vec<(usize, PersonMonth)> = s.finish().unwrap().map(|r| r.unwrap()).collect();
            assert_eq!(out.len(), n);
            let keys: Vec<Key> = out.iter().map(|(l, r)| key(*l, r)).collect();
            let mut sorted = keys.clone();
            sorted.sort_unstable();
            assert_eq!(keys, sorted);
        }
    }
}
