//! The audit log: append-only, hash-chained, written in the same transaction as the
//! change it records.

use chrono::{NaiveDateTime, Timelike};
use diesel::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::schema::{audit_head, audit_log};
use super::DbConn;
use crate::token::hex;

/// Who made a change: a logged-in user, or a named system actor (CLI, demo loader).
#[derive(Clone, Debug)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub label: String,
}

impl Actor {
    pub fn system(label: &str) -> Actor {
        Actor {
            user_id: None,
            label: label.to_string(),
        }
    }
}

/// One recorded change: what was done to which entity, with its state before and after.
#[derive(Clone, Debug)]
pub struct Change {
    pub action: &'static str,
    pub entity: &'static str,
    pub entity_id: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

impl Change {
    pub fn new(action: &'static str, entity: &'static str, entity_id: impl ToString) -> Change {
        Change {
            action,
            entity,
            entity_id: entity_id.to_string(),
            before: None,
            after: None,
        }
    }

    /// Whether the change alters data the pages show (anything but logging in and out):
    /// such changes raise the data version that per-instance read caches are checked
    /// against (`app::cache`).
    pub fn changes_data(&self) -> bool {
        !self.action.starts_with("session.")
    }

    pub fn before(mut self, v: &impl Serialize) -> Change {
        self.before = serde_json::to_value(v).ok();
        self
    }

    pub fn after(mut self, v: &impl Serialize) -> Change {
        self.after = serde_json::to_value(v).ok();
        self
    }
}

/// Runs `f` as one transaction and appends the changes it reports to the audit log in
/// that same transaction: the state change and its audit entry commit or fail together.
///
/// The first statement takes the audit head's row lock. That serialises writers on
/// PostgreSQL (so the chain cannot fork) and takes SQLite's write lock up front (so a
/// deferred transaction never fails upgrading from read to write).
pub fn write<T, E, F>(conn: &mut DbConn, actor: &Actor, now: NaiveDateTime, f: F) -> Result<T, E>
where
    E: From<diesel::result::Error>,
    F: FnOnce(&mut DbConn) -> Result<(T, Vec<Change>), E>,
{
    conn.transaction(|c| {
        diesel::update(audit_head::table.find(1))
            .set(audit_head::seq.eq(audit_head::seq + 1))
            .execute(c)?;
        let (value, changes) = f(c)?;
        if changes.iter().any(Change::changes_data) {
            diesel::update(audit_head::table.find(1))
                .set(audit_head::data_version.eq(audit_head::data_version + 1))
                .execute(c)?;
        }
        for change in changes {
            append(c, actor, now, change)?;
        }
        Ok(value)
    })
}

fn append(conn: &mut DbConn, actor: &Actor, now: NaiveDateTime, change: Change) -> QueryResult<()> {
    let (prev, last_seq): (String, i64) = audit_head::table
        .find(1)
        .select((audit_head::last_hash, audit_head::last_seq))
        .first(conn)?;
    // Stored to the microsecond, so the hash is computed over what is read back.
    let at = now
        .with_nanosecond(now.nanosecond() / 1000 * 1000)
        .unwrap_or(now);
    let entry = Entry {
        version: HASH_VERSION,
        seq: last_seq + 1,
        at,
        actor_id: actor.user_id,
        actor: actor.label.clone(),
        action: change.action.to_string(),
        entity: change.entity.to_string(),
        entity_id: change.entity_id,
        before_json: change.before.map(|v| v.to_string()),
        after_json: change.after.map(|v| v.to_string()),
    };
    let hash = entry.hash(&prev).unwrap_or_default();
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::at.eq(entry.at),
            audit_log::actor_id.eq(entry.actor_id),
            audit_log::actor.eq(&entry.actor),
            audit_log::action.eq(&entry.action),
            audit_log::entity.eq(&entry.entity),
            audit_log::entity_id.eq(&entry.entity_id),
            audit_log::before_json.eq(&entry.before_json),
            audit_log::after_json.eq(&entry.after_json),
            audit_log::prev_hash.eq(&prev),
            audit_log::hash.eq(&hash),
            audit_log::seq.eq(entry.seq),
            audit_log::hash_version.eq(entry.version),
        ))
        .execute(conn)?;
    diesel::update(audit_head::table.find(1))
        .set((
            audit_head::last_hash.eq(&hash),
            audit_head::last_seq.eq(entry.seq),
        ))
        .execute(conn)?;
    Ok(())
}

/// The formula new entries are hashed with: version 2 covers the entry's place in the
/// chain (`seq`). Version 1 (entries written before migration 2026-12-04-000003) did not;
/// those entries keep their hashes and verify with the formula they were written with.
pub const HASH_VERSION: i32 = 2;

struct Entry {
    version: i32,
    seq: i64,
    at: NaiveDateTime,
    actor_id: Option<i64>,
    actor: String,
    action: String,
    entity: String,
    entity_id: String,
    before_json: Option<String>,
    after_json: Option<String>,
}

impl Entry {
    fn of(row: &AuditRow) -> Entry {
        Entry {
            version: row.hash_version,
            seq: row.seq,
            at: row.at,
            actor_id: row.actor_id,
            actor: row.actor.clone(),
            action: row.action.clone(),
            entity: row.entity.clone(),
            entity_id: row.entity_id.clone(),
            before_json: row.before_json.clone(),
            after_json: row.after_json.clone(),
        }
    }

    /// SHA-256 over the previous hash and every field, each length-prefixed so that no
    /// two different entries share an encoding; from version 2 also over the version and
    /// the entry's sequence number. `None` for a version this build does not know.
    fn hash(&self, prev: &str) -> Option<String> {
        let mut h = Sha256::new();
        let at = self.at.format("%Y-%m-%dT%H:%M:%S%.6f").to_string();
        let actor_id = self.actor_id.map(|i| i.to_string()).unwrap_or_default();
        let seq = self.seq.to_string();
        let head: &[&str] = match self.version {
            1 => &[],
            2 => &["tilskud-audit-v2", &seq],
            _ => return None,
        };
        let fields: [&str; 9] = [
            prev,
            &at,
            &actor_id,
            &self.actor,
            &self.action,
            &self.entity,
            &self.entity_id,
            self.before_json.as_deref().unwrap_or("\u{0}"),
            self.after_json.as_deref().unwrap_or("\u{0}"),
        ];
        for f in head.iter().chain(fields.iter()) {
            h.update((f.len() as u64).to_be_bytes());
            h.update(f.as_bytes());
        }
        Some(hex(&h.finalize()))
    }
}

#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = audit_log)]
pub struct AuditRow {
    pub id: i64,
    pub at: NaiveDateTime,
    pub actor_id: Option<i64>,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub prev_hash: String,
    pub hash: String,
    /// The entry's place in the chain: 1, 2, 3, … without gaps.
    pub seq: i64,
    /// The formula its hash was computed with (`HASH_VERSION` for new entries).
    pub hash_version: i32,
}

/// A point of the chain kept outside the database (`tilskud audit anchor`): the entry
/// with sequence number `seq` has hash `hash`. Written and read as `SEQ:HASH`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Anchor {
    pub seq: i64,
    pub hash: String,
}

impl Anchor {
    /// The anchor of an empty log: nothing written yet.
    pub fn genesis() -> Anchor {
        Anchor {
            seq: 0,
            hash: "0".repeat(64),
        }
    }
}

impl std::fmt::Display for Anchor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.seq, self.hash)
    }
}

impl std::str::FromStr for Anchor {
    type Err = String;

    fn from_str(s: &str) -> Result<Anchor, String> {
        let bad = || {
            format!("an anchor is SEQ:HASH as `tilskud audit anchor` prints it (a number, a colon, 64 hex digits), not {s:?}")
        };
        let (seq, hash) = s.trim().split_once(':').ok_or_else(bad)?;
        let seq: i64 = seq.parse().map_err(|_| bad())?;
        let hash = hash.to_ascii_lowercase();
        if seq < 0 || hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        Ok(Anchor { seq, hash })
    }
}

/// What `tilskud audit verify` found.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Intact {
        entries: u64,
        /// The newest entry (or the genesis anchor of an empty log).
        head: Anchor,
    },
    /// The entry with this id does not hash to its stored hash (it was changed).
    Altered { id: i64 },
    /// The entry with this id does not follow the one before it (one was removed or
    /// inserted out of order).
    Broken { id: i64 },
    /// The entry with this id has sequence number `seq` where `expected` was due (entries
    /// renumbered or reordered).
    OutOfSequence { id: i64, seq: i64, expected: i64 },
    /// The newest entry is not the one the head records (entries at the end were removed).
    TailMissing { last_id: Option<i64> },
    /// The chain ends at `last_seq`, before the anchor's entry: entries kept elsewhere as
    /// written are gone (cut off, perhaps with the head rewritten to match).
    AnchorMissing { anchor_seq: i64, last_seq: i64 },
    /// The entry at the anchor's sequence number has another hash than the anchor: the log
    /// up to there was rewritten.
    AnchorMismatch { seq: i64, hash: String },
}

impl Verdict {
    pub fn is_intact(&self) -> bool {
        matches!(self, Verdict::Intact { .. })
    }

    /// What was found, in a sentence for the operator.
    pub fn describe(&self) -> String {
        match self {
            Verdict::Intact { entries, head } => {
                format!("audit log intact: {entries} entries, hash chain verified up to {head}")
            }
            Verdict::Altered { id } => format!("entry {id} was changed after it was written"),
            Verdict::Broken { id } => format!(
                "the chain breaks at entry {id}: an entry before it was removed or inserted"
            ),
            Verdict::OutOfSequence { id, seq, expected } => format!(
                "entry {id} has sequence number {seq} where {expected} was due: entries were renumbered, removed or reordered"
            ),
            Verdict::TailMissing { last_id } => format!(
                "entries after {} were removed",
                last_id
                    .map(|i| i.to_string())
                    .unwrap_or_else(|| "the start".into())
            ),
            Verdict::AnchorMissing {
                anchor_seq,
                last_seq,
            } => format!(
                "the log ends at sequence number {last_seq}, before the anchor's {anchor_seq}: entries at the end were removed"
            ),
            Verdict::AnchorMismatch { seq, hash } => format!(
                "the entry at sequence number {seq} has hash {hash}, not the anchor's: the log up to there was rewritten"
            ),
        }
    }
}

/// Walks the whole chain in id order, in batches, recomputing every hash and checking
/// that the sequence numbers run 1, 2, 3, … and that the head points at the last entry.
/// With anchors, also that the chain reaches each anchor's entry and that this entry
/// still has the anchor's hash.
pub fn verify_with(conn: &mut DbConn, anchors: &[Anchor]) -> QueryResult<Verdict> {
    let mut prev = Anchor::genesis();
    let mut after_id = 0i64;
    let mut last_id = None;
    let mut version = 1;
    let mut unseen: Vec<&Anchor> = Vec::new();
    for a in anchors {
        if a.seq == 0 && a.hash != prev.hash {
            return Ok(Verdict::AnchorMismatch {
                seq: 0,
                hash: prev.hash,
            });
        }
        if a.seq > 0 {
            unseen.push(a);
        }
    }
    loop {
        let batch: Vec<AuditRow> = audit_log::table
            .filter(audit_log::id.gt(after_id))
            .order(audit_log::id.asc())
            .limit(1000)
            .select(AuditRow::as_select())
            .load(conn)?;
        if batch.is_empty() {
            break;
        }
        for row in batch {
            if row.prev_hash != prev.hash {
                return Ok(Verdict::Broken { id: row.id });
            }
            // A formula never goes back to an older version along the chain.
            if row.hash_version < version
                || Entry::of(&row).hash(&prev.hash).as_deref() != Some(row.hash.as_str())
            {
                return Ok(Verdict::Altered { id: row.id });
            }
            if row.seq != prev.seq + 1 {
                return Ok(Verdict::OutOfSequence {
                    id: row.id,
                    seq: row.seq,
                    expected: prev.seq + 1,
                });
            }
            if anchors
                .iter()
                .any(|a| a.seq == row.seq && a.hash != row.hash)
            {
                return Ok(Verdict::AnchorMismatch {
                    seq: row.seq,
                    hash: row.hash,
                });
            }
            unseen.retain(|a| a.seq != row.seq);
            version = row.hash_version;
            prev = Anchor {
                seq: row.seq,
                hash: row.hash,
            };
            after_id = row.id;
            last_id = Some(row.id);
        }
    }
    let (head_hash, head_seq): (String, i64) = audit_head::table
        .find(1)
        .select((audit_head::last_hash, audit_head::last_seq))
        .first(conn)?;
    if head_hash != prev.hash || head_seq != prev.seq {
        return Ok(Verdict::TailMissing { last_id });
    }
    if let Some(a) = unseen.iter().max_by_key(|a| a.seq) {
        return Ok(Verdict::AnchorMissing {
            anchor_seq: a.seq,
            last_seq: prev.seq,
        });
    }
    Ok(Verdict::Intact {
        entries: prev.seq as u64,
        head: prev,
    })
}

/// `verify_with` without anchors.
pub fn verify(conn: &mut DbConn) -> QueryResult<Verdict> {
    verify_with(conn, &[])
}

/// The newest entry as an anchor (not verified: see `verify`, whose `Intact` carries it).
pub fn head(conn: &mut DbConn) -> QueryResult<Anchor> {
    let (hash, seq): (String, i64) = audit_head::table
        .find(1)
        .select((audit_head::last_hash, audit_head::last_seq))
        .first(conn)?;
    Ok(Anchor { seq, hash })
}

/// A page of the log, newest first, optionally filtered by entity.
pub fn page(
    conn: &mut DbConn,
    entity: Option<&str>,
    before_id: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<AuditRow>> {
    let mut q = audit_log::table.select(AuditRow::as_select()).into_boxed();
    if let Some(e) = entity {
        q = q.filter(audit_log::entity.eq(e.to_string()));
    }
    if let Some(b) = before_id {
        q = q.filter(audit_log::id.lt(b));
    }
    q.order(audit_log::id.desc()).limit(limit).load(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_anchor_reads_back_as_it_is_printed() {
        let a = Anchor {
            seq: 48213,
            hash: "ab".repeat(32),
        };
        assert_eq!(a.to_string().parse::<Anchor>(), Ok(a.clone()));
        assert_eq!(
            format!(" 48213:{} \n", "AB".repeat(32)).parse::<Anchor>(),
            Ok(a)
        );
        assert_eq!(
            "0:".to_string() + &"0".repeat(64),
            Anchor::genesis().to_string()
        );
    }

    #[test]
    fn an_anchor_is_a_number_a_colon_and_64_hex_digits() {
        for bad in [
            "",
            "12",
            "12:",
            &format!("x:{}", "0".repeat(64)),
            &format!("-1:{}", "0".repeat(64)),
            &format!("1:{}", "0".repeat(63)),
            &format!("1:{}", "g".repeat(64)),
        ] {
            let err = bad.parse::<Anchor>().expect_err(bad);
            assert!(err.contains("SEQ:HASH"), "{bad}: {err}");
        }
    }

    fn entry(version: i32, seq: i64) -> Entry {
        Entry {
            version,
            seq,
            at: chrono::DateTime::from_timestamp(1_500_000_000, 0)
                .map(|t| t.naive_utc())
                .unwrap_or_default(),
            actor_id: Some(1),
            actor: "officer".into(),
            action: "pool.create".into(),
            entity: "pool".into(),
            entity_id: "1".into(),
            before_json: None,
            after_json: Some("{}".into()),
        }
    }

    #[test]
    fn the_second_formula_covers_the_place_in_the_chain_and_the_first_does_not() {
        let prev = "0".repeat(64);
        assert_ne!(entry(2, 1).hash(&prev), entry(2, 2).hash(&prev));
        assert_eq!(entry(1, 1).hash(&prev), entry(1, 2).hash(&prev));
        assert_ne!(entry(1, 1).hash(&prev), entry(2, 1).hash(&prev));
        assert_eq!(entry(3, 1).hash(&prev), None, "an unknown formula");
    }
}
