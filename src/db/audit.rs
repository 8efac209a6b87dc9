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
    let prev: String = audit_head::table
        .find(1)
        .select(audit_head::last_hash)
        .first(conn)?;
    // Stored to the microsecond, so the hash is computed over what is read back.
    let at = now
        .with_nanosecond(now.nanosecond() / 1000 * 1000)
        .unwrap_or(now);
    let entry = Entry {
        at,
        actor_id: actor.user_id,
        actor: actor.label.clone(),
        action: change.action.to_string(),
        entity: change.entity.to_string(),
        entity_id: change.entity_id,
        before_json: change.before.map(|v| v.to_string()),
        after_json: change.after.map(|v| v.to_string()),
    };
    let hash = entry.hash(&prev);
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
        ))
        .execute(conn)?;
    diesel::update(audit_head::table.find(1))
        .set(audit_head::last_hash.eq(&hash))
        .execute(conn)?;
    Ok(())
}

struct Entry {
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
    /// SHA-256 over the previous hash and every field, each length-prefixed so that no
    /// two different entries share an encoding.
    fn hash(&self, prev: &str) -> String {
        let mut h = Sha256::new();
        let at = self.at.format("%Y-%m-%dT%H:%M:%S%.6f").to_string();
        let actor_id = self.actor_id.map(|i| i.to_string()).unwrap_or_default();
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
        for f in fields {
            h.update((f.len() as u64).to_be_bytes());
            h.update(f.as_bytes());
        }
        hex(&h.finalize())
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
}

/// What `tilskud audit verify` found.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Intact {
        entries: u64,
    },
    /// The entry with this id does not hash to its stored hash (it was changed).
    Altered {
        id: i64,
    },
    /// The entry with this id does not follow the one before it (one was removed or
    /// inserted out of order).
    Broken {
        id: i64,
    },
    /// The newest entry is not the one the head records (entries at the end were removed).
    TailMissing {
        last_id: Option<i64>,
    },
}

/// Walks the whole chain in id order, in batches, recomputing every hash.
pub fn verify(conn: &mut DbConn) -> QueryResult<Verdict> {
    let mut prev = "0".repeat(64);
    let mut after_id = 0i64;
    let mut count = 0u64;
    let mut last_id = None;
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
            if row.prev_hash != prev {
                return Ok(Verdict::Broken { id: row.id });
            }
            let entry = Entry {
                at: row.at,
                actor_id: row.actor_id,
                actor: row.actor.clone(),
                action: row.action.clone(),
                entity: row.entity.clone(),
                entity_id: row.entity_id.clone(),
                before_json: row.before_json.clone(),
                after_json: row.after_json.clone(),
            };
            if entry.hash(&prev) != row.hash {
                return Ok(Verdict::Altered { id: row.id });
            }
            prev = row.hash;
            after_id = row.id;
            last_id = Some(row.id);
            count += 1;
        }
    }
    let head: String = audit_head::table
        .find(1)
        .select(audit_head::last_hash)
        .first(conn)?;
    if head != prev {
        return Ok(Verdict::TailMissing { last_id });
    }
    Ok(Verdict::Intact { entries: count })
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
