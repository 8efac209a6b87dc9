//! What this instance knows of the database's two counters (`auth::session::Versions`)
//! without asking per request, and the sessions it keeps in memory.
//!
//! A watcher thread reads both counters every few milliseconds (`Config::
//! freshness_poll_ms`) on a connection of its own. A page view may then take the
//! session and the data version from memory instead of from the database, which saves
//! the one round trip a cached page view would otherwise cost (on PostgreSQL, a network
//! round trip to a server that shares the machine). Nothing here matters beyond a
//! restart: the database stays the only record, and memory is checked against it:
//!
//! - A session kept in memory is used only while both counters are exactly those it was
//!   read at. Ending a session (logout, a user's sessions revoked) raises the session
//!   epoch in the same transaction, and any change to a user raises the data version, so
//!   every instance stops using the copy by its next poll; the instance that ended it
//!   stops at once (`observe`).
//! - A change made through another instance is seen here by the next poll, a few
//!   milliseconds later. A user's own change is seen at once on any instance: each
//!   write's response carries the data version it produced in a cookie, and a request
//!   whose cookie names a newer version than this instance knows asks the database.
//! - When the watcher has not read the counters for a while (the database is down, the
//!   machine is starved), `current` answers `None` and every request asks the database,
//!   as with the watcher turned off.
//!
//! Expiry is judged per request against the kept times; a session that looks idle too
//! long here is asked of the database, since another instance may have seen it since.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, RwLock, Weak};
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;

use crate::auth::session::Versions;
use crate::auth::CurrentUser;
use crate::db::{DbConn, DbUrl};

/// The counters as last read or observed, and when they were last read.
pub struct Freshness {
    data: AtomicI64,
    sessions: AtomicI64,
    /// Milliseconds after `start` of the last successful read; 0: never.
    polled_ms: AtomicU64,
    start: Instant,
    /// A read older than this is not trusted.
    max_age: Duration,
    enabled: bool,
}

impl Freshness {
    /// No watcher: every request asks the database.
    pub fn off() -> Freshness {
        Freshness {
            data: AtomicI64::new(0),
            sessions: AtomicI64::new(0),
            polled_ms: AtomicU64::new(0),
            start: Instant::now(),
            max_age: Duration::ZERO,
            enabled: false,
        }
    }

    /// Counters read every `every`; trusted while the last read is at most 50 intervals
    /// (and at least a quarter of a second) old.
    pub fn polled(every: Duration) -> Freshness {
        Freshness {
            max_age: (every * 50).max(Duration::from_millis(250)),
            enabled: true,
            ..Freshness::off()
        }
    }

    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// The counters, if a recent read vouches for them.
    pub fn current(&self) -> Option<Versions> {
        if !self.enabled {
            return None;
        }
        let polled = self.polled_ms.load(Ordering::Acquire);
        let age = self.start.elapsed().as_millis() as u64;
        if polled == 0 || age.saturating_sub(polled) > self.max_age.as_millis() as u64 {
            return None;
        }
        Some(Versions {
            data: self.data.load(Ordering::Acquire),
            sessions: self.sessions.load(Ordering::Acquire),
        })
    }

    /// Counters seen in the database by this instance (a session check that asked it, a
    /// write's own result): never lowers either.
    pub fn observe(&self, v: Versions) {
        self.data.fetch_max(v.data, Ordering::AcqRel);
        self.sessions.fetch_max(v.sessions, Ordering::AcqRel);
    }

    fn polled_now(&self, v: Versions) {
        self.observe(v);
        let ms = (self.start.elapsed().as_millis() as u64).max(1);
        self.polled_ms.store(ms, Ordering::Release);
    }
}

/// Starts the watcher: a thread that reads the counters every `every` on its own
/// connection (not the pool's, so it never waits behind requests and is not counted as
/// theirs). It ends when `fresh` is dropped with the server.
pub fn spawn_watcher(fresh: &Arc<Freshness>, url: DbUrl, every: Duration) -> std::io::Result<()> {
    let weak: Weak<Freshness> = Arc::downgrade(fresh);
    std::thread::Builder::new()
        .name("tilskud-freshness".into())
        .spawn(move || {
            let mut conn: Option<DbConn> = None;
            loop {
                let Some(fresh) = weak.upgrade() else {
                    return;
                };
                if conn.is_none() {
                    conn = crate::db::connect(&url)
                        .map_err(|e| tracing::warn!("freshness watcher: {e}"))
                        .ok();
                }
                let read = conn
                    .as_mut()
                    .map(|c| crate::auth::session::versions(c).map_err(|e| e.to_string()));
                let pause = match read {
                    Some(Ok(v)) => {
                        fresh.polled_now(v);
                        every
                    }
                    Some(Err(e)) => {
                        tracing::warn!("freshness watcher: {e}");
                        conn = None;
                        Duration::from_millis(100)
                    }
                    None => Duration::from_millis(250),
                };
                drop(fresh);
                std::thread::sleep(pause);
            }
        })
        .map(|_| ())
}

/// A session as read from the database, kept with the counters it was read at.
#[derive(Clone, Debug)]
pub struct KnownSession {
    pub user: CurrentUser,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub at: Versions,
}

/// The sessions this instance has read, by session id (the token's hash).
#[derive(Default)]
pub struct Sessions(RwLock<HashMap<String, KnownSession>>);

impl Sessions {
    /// Most sessions kept; past it the map starts afresh.
    pub const CAPACITY: usize = 20_000;

    /// The session `id`, if it was read at exactly `at`.
    pub fn get(&self, id: &str, at: Versions) -> Option<KnownSession> {
        let map = self.0.read().ok()?;
        map.get(id).filter(|s| s.at == at).cloned()
    }

    pub fn put(&self, id: String, session: KnownSession) {
        let Ok(mut map) = self.0.write() else {
            return;
        };
        if map.len() >= Self::CAPACITY {
            // Entries read at older counters can never be used again; if that frees
            // nothing, start afresh.
            map.retain(|_, s| s.at == session.at);
            if map.len() >= Self::CAPACITY {
                map.clear();
            }
        }
        map.insert(id, session);
    }

    /// `last_seen_at` was written for session `id`.
    pub fn touched(&self, id: &str, at: NaiveDateTime) {
        if let Ok(mut map) = self.0.write() {
            if let Some(s) = map.get_mut(id) {
                s.last_seen_at = at;
            }
        }
    }

    pub fn len(&self) -> usize {
        self.0.read().map(|m| m.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(data: i64, sessions: i64) -> Versions {
        Versions { data, sessions }
    }

    #[test]
    fn without_a_recent_read_nothing_is_vouched_for() {
        let f = Freshness::polled(Duration::from_millis(5));
        assert_eq!(f.current(), None, "never read");
        f.observe(v(3, 1));
        assert_eq!(f.current(), None, "observed, but never read");
        f.polled_now(v(2, 0));
        assert_eq!(f.current(), Some(v(3, 1)), "a read never lowers a counter");
        assert_eq!(Freshness::off().current(), None);
    }

    #[test]
    fn a_read_goes_stale() {
        let f = Freshness {
            max_age: Duration::from_millis(1),
            ..Freshness::polled(Duration::from_millis(1))
        };
        f.polled_now(v(1, 1));
        std::thread::sleep(Duration::from_millis(5));
        assert_eq!(f.current(), None);
    }

    fn user() -> CurrentUser {
        CurrentUser {
            id: 1,
            username: "u".into(),
            display_name: "U".into(),
            role: crate::auth::Role::Officer,
            municipality_code: None,
            session_id: "s".into(),
            csrf_token: "c".into(),
        }
    }

    #[test]
    fn a_session_is_found_only_at_the_counters_it_was_read_at() {
        let s = Sessions::default();
        let t = chrono::NaiveDate::from_ymd_opt(2026, 12, 3)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .unwrap_or_default();
        s.put(
            "s".into(),
            KnownSession {
                user: user(),
                created_at: t,
                last_seen_at: t,
                at: v(4, 2),
            },
        );
        assert!(s.get("s", v(4, 2)).is_some());
        assert!(s.get("s", v(5, 2)).is_none(), "the data changed");
        assert!(s.get("s", v(4, 3)).is_none(), "a session ended somewhere");
        assert!(s.get("t", v(4, 2)).is_none());
        let later = t + chrono::Duration::minutes(2);
        s.touched("s", later);
        assert_eq!(s.get("s", v(4, 2)).map(|k| k.last_seen_at), Some(later));
    }
}
