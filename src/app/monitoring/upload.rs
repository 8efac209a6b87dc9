//! A monitoring file arriving as a stream of bytes (a page's multipart file, the API's
//! request body), imported without its CPR numbers ever touching the disk: the stream is
//! read and pseudonymised as it arrives, and only pseudonymised rows are spooled (see
//! `spool`) until the whole file has been checked; then one transaction imports them.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, BufRead, Read};
use std::path::Path;

use chrono::NaiveDateTime;
use futures_util::{Stream, StreamExt};
use tokio::sync::mpsc;

use super::import::{self, not_own, Item, Problems, RowProblem, Summary};
use super::spool::{Spool, Writer};
use crate::db::audit::Actor;
use crate::db::queries::monitoring as queries;
use crate::db::Pool;
use crate::domain::monitoring::drop::{self, MonthChange, MonthPersons};
use crate::domain::monitoring::file::Reader;
use crate::domain::monitoring::pseudonym::Pseudonymizer;
use crate::domain::monitoring::Month;
use crate::error::{AppError, AppResult, Msg};

/// Who uploads, when, for which municipality only (a municipal user's own), and through
/// which door (`upload`, `api`).
#[derive(Clone, Debug)]
pub struct Upload {
    pub actor: Actor,
    pub now: NaiveDateTime,
    pub only: Option<i32>,
    pub source: &'static str,
}

/// Where an upload is read and stored: the database, the pseudonymisation key (none
/// configured: nothing is read) and the folder of the spools.
pub struct Store<'a> {
    pub pool: &'a Pool,
    pub key: Option<&'a str>,
    pub dir: &'a Path,
}

/// What became of an upload.
#[derive(Debug)]
pub enum Outcome {
    /// Imported: what it replaced, and each municipality-month beside the month before.
    Imported(Summary, Vec<MonthChange>),
    /// Refused: the rows that made the import refuse the file (nothing was written).
    Refused(Vec<RowProblem>),
    /// Not imported yet: a month falls sharply (`domain::monitoring::drop`); the user is
    /// shown the file's months and imports it by sending the same file with `token`.
    Check(Preview),
}

/// A file's municipality-months beside what they are compared with, before an import.
#[derive(Clone, Debug)]
pub struct Preview {
    pub rows: u64,
    pub months: Vec<MonthChange>,
    /// Confirms this very file (the hex SHA-256 of its pseudonymised rows).
    pub token: String,
}

impl Preview {
    pub fn drops(&self) -> impl Iterator<Item = &MonthChange> {
        self.months.iter().filter(|m| m.sharp_drop)
    }
}

/// Reads, checks and imports an uploaded file. A file with a sharp drop is imported
/// only when `confirmed` is the token its preview gave.
pub async fn import<S, B, E>(
    store: Store<'_>,
    body: S,
    by: Upload,
    confirmed: Option<&str>,
) -> AppResult<Outcome>
where
    S: Stream<Item = Result<B, E>> + Unpin,
    B: AsRef<[u8]> + Send + 'static,
{
    let pseudonymizer = super::pseudonymizer(store.key)?;
    let spool = match receive(body, pseudonymizer, by.only, store.dir).await? {
        Ok(spool) => spool,
        Err(problems) => return Ok(Outcome::Refused(problems)),
    };
    let pool = store.pool.clone();
    let confirmed = confirmed.map(str::to_owned);
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get()?;
        let months = compare(&mut conn, &spool.months)?;
        let token = crate::export::hex(&spool.digest);
        if months.iter().any(|m| m.sharp_drop) && confirmed.as_deref() != Some(token.as_str()) {
            let rows = spool.months.values().map(|p| p.persons).sum();
            return Ok(Outcome::Check(Preview {
                rows,
                months,
                token,
            }));
        }
        let started = std::time::Instant::now();
        let imported = import::import(
            &mut conn,
            &by.actor,
            by.now,
            spool.rows(),
            by.only,
            by.source,
            &mut |_| {},
        );
        match imported {
            Ok(summary) => {
                crate::metrics::import_finished(summary.rows, started.elapsed());
                Ok(Outcome::Imported(summary, months))
            }
            Err(import::ImportError::Rows(problems)) => Ok(Outcome::Refused(problems)),
            Err(import::ImportError::Other(e)) => Err(e),
        }
    })
    .await
    .map_err(AppError::internal)?
}

/// The file's municipality-months beside the stored ones.
fn compare(
    conn: &mut crate::db::DbConn,
    file: &BTreeMap<(i32, Month), MonthPersons>,
) -> AppResult<Vec<MonthChange>> {
    let codes: BTreeSet<i32> = file.keys().map(|(code, _)| *code).collect();
    let codes: Vec<i32> = codes.into_iter().collect();
    let stored = queries::stored_persons(conn, &codes)?
        .into_iter()
        .filter_map(|(code, month, persons)| {
            Some((
                (code, Month::from_yyyymm(month)?),
                u64::try_from(persons).ok()?,
            ))
        })
        .collect();
    Ok(drop::compare(file, &stored))
}

/// Reads the stream on a worker thread as it arrives, pseudonymising each line and
/// spooling the good rows. The problems of the file if it has any; an interrupted
/// stream is `upload-unreadable`, whatever was read of it.
async fn receive<S, B, E>(
    mut body: S,
    pseudonymizer: Pseudonymizer,
    only: Option<i32>,
    dir: &Path,
) -> AppResult<Result<Spool, Vec<RowProblem>>>
where
    S: Stream<Item = Result<B, E>> + Unpin,
    B: AsRef<[u8]> + Send + 'static,
{
    let spool = Writer::create(dir).map_err(AppError::internal)?;
    let (tx, rx) = mpsc::channel::<Result<B, ()>>(16);
    let reading = tokio::task::spawn_blocking(move || {
        let reader = Reader::new(Chunks::new(rx), &pseudonymizer);
        check_and_spool(import::rows_from(reader), only, spool)
    });
    let mut interrupted = false;
    loop {
        // Once the reader has stopped (a wrong header), the rest is not read, nor waited
        // for: the answer goes out at once and the connection is closed
        // (`docs/decisions.md`).
        let next = {
            let stopped = std::pin::pin!(tx.closed());
            match futures_util::future::select(body.next(), stopped).await {
                futures_util::future::Either::Left((next, _)) => next,
                futures_util::future::Either::Right(_) => break,
            }
        };
        let Some(chunk) = next else {
            break;
        };
        let Ok(bytes) = chunk else {
            interrupted = true;
            let _ = tx.send(Err(())).await;
            break;
        };
        if tx.send(Ok(bytes)).await.is_err() {
            break;
        }
    }
    drop(tx);
    let spooled = reading.await.map_err(AppError::internal)?;
    if interrupted {
        return Err(AppError::field("file", Msg::new("upload-unreadable")));
    }
    spooled.map_err(AppError::internal)
}

/// Spools the good rows of a file; its problems instead, if it has any (the rest of the
/// file is still checked so that all of them are named).
fn check_and_spool(
    items: impl Iterator<Item = Item>,
    only: Option<i32>,
    mut spool: Writer,
) -> io::Result<Result<Spool, Vec<RowProblem>>> {
    let mut problems = Problems::default();
    for item in items {
        match item {
            Err(p) => problems.note(p),
            Ok((line, row)) => match not_own(only, line, &row) {
                Some(p) => problems.note(p),
                None if problems.is_empty() => spool.push(line, &row)?,
                None => {}
            },
        }
    }
    if problems.is_empty() {
        Ok(Ok(spool.finish()?))
    } else {
        Ok(Err(problems.into_vec()))
    }
}

/// The chunks of the request body as a `BufRead`, received from the async side.
struct Chunks<B> {
    rx: mpsc::Receiver<Result<B, ()>>,
    chunk: Option<B>,
    at: usize,
}

impl<B: AsRef<[u8]>> Chunks<B> {
    fn new(rx: mpsc::Receiver<Result<B, ()>>) -> Chunks<B> {
        Chunks {
            rx,
            chunk: None,
            at: 0,
        }
    }
}

impl<B: AsRef<[u8]>> BufRead for Chunks<B> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self
            .chunk
            .as_ref()
            .is_none_or(|c| self.at >= c.as_ref().len())
        {
            match self.rx.blocking_recv() {
                Some(Ok(chunk)) => {
                    self.chunk = Some(chunk);
                    self.at = 0;
                }
                Some(Err(())) => {
                    return Err(io::Error::new(
                        io::ErrorKind::ConnectionAborted,
                        "the upload was interrupted",
                    ))
                }
                None => return Ok(&[]),
            }
        }
        Ok(self
            .chunk
            .as_ref()
            .map_or(&[][..], |c| &c.as_ref()[self.at..]))
    }

    fn consume(&mut self, n: usize) {
        self.at += n;
    }
}

impl<B: AsRef<[u8]>> Read for Chunks<B> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

/// Removes whatever an earlier run left in the upload folder: spools are anonymous
/// files that vanish with the process, but older versions wrote whole uploads there
/// (`upload-*.csv`, CPR numbers included), and a crash can leave them. Called at start.
pub fn remove_leftovers(dir: &Path) -> io::Result<usize> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    let mut removed = 0;
    for entry in entries {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            std::fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftovers_are_removed_and_a_missing_folder_is_fine() {
        let dir = tempfile::tempdir().unwrap();
        let uploads = dir.path().join("uploads");
        assert_eq!(remove_leftovers(&uploads).unwrap(), 0);
        std::fs::create_dir(&uploads).unwrap();
        std::fs::write(uploads.join("upload-abc.csv"), "0101901234,615").unwrap();
        std::fs::write(uploads.join(".tmpXyZ"), "x").unwrap();
        assert_eq!(remove_leftovers(&uploads).unwrap(), 2);
        assert_eq!(std::fs::read_dir(&uploads).unwrap().count(), 0);
    }
}
