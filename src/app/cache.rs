//! Reads kept in memory by one instance, tagged with the data version they were read at.
//!
//! Every audited change except logging in and out raises `audit_head.data_version` in its
//! own transaction, under the audit head's row lock, so versions commit in order on both
//! databases (`db::audit::write`). The session check reads the current version in the
//! same statement as the session (`auth::session::lookup`); a request then takes a cached
//! read only if it was stored under exactly that version. A read stored under version
//! `v` was loaded after `v` was seen, so it is never older than `v`: a page never shows
//! data older than what the request's own session check saw, on any instance, and a
//! change made through another instance is seen by the next request here.
//!
//! Values must not depend on the time of day: reads that depend on today's date carry the
//! date in their key, and anything judged at an instant (a deadline) is judged after the
//! cache, per request.

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

type Entry = Arc<dyn Any + Send + Sync>;

#[derive(Default)]
struct Inner {
    version: i64,
    entries: HashMap<String, Entry>,
}

/// The per-instance cache of reads (see the module documentation).
#[derive(Default)]
pub struct ReadCache {
    inner: RwLock<Inner>,
}

impl ReadCache {
    /// Most entries kept; past it the cache starts afresh (a page of each kind for each
    /// of 98 municipalities and a few pools stays well under it).
    pub const CAPACITY: usize = 4096;

    /// The value stored under `key` at exactly `version`, if any.
    pub fn get<T: Any + Send + Sync>(&self, version: i64, key: &str) -> Option<Arc<T>> {
        let inner = self.inner.read().ok()?;
        if inner.version != version {
            return None;
        }
        inner.entries.get(key)?.clone().downcast::<T>().ok()
    }

    /// Keeps `value`, read by a request that saw `version`. A newer version drops every
    /// older entry; a request that saw an older version than the cache holds keeps
    /// nothing.
    pub fn put<T: Any + Send + Sync>(&self, version: i64, key: String, value: Arc<T>) {
        let Ok(mut inner) = self.inner.write() else {
            return;
        };
        if version < inner.version {
            return;
        }
        if version > inner.version || inner.entries.len() >= Self::CAPACITY {
            inner.entries.clear();
            inner.version = version;
        }
        inner.entries.insert(key, value);
    }

    /// The value kept under `key` at `version`, else `make`'s, kept; without a version
    /// (no session) simply `make`'s.
    pub fn get_or_put<T: Any + Send + Sync>(
        &self,
        version: Option<i64>,
        key: String,
        make: impl FnOnce() -> T,
    ) -> Arc<T> {
        let Some(version) = version else {
            return Arc::new(make());
        };
        if let Some(hit) = self.get::<T>(version, &key) {
            return hit;
        }
        let value = Arc::new(make());
        self.put(version, key, value.clone());
        value
    }

    /// How many reads are kept (for tests).
    pub fn len(&self) -> usize {
        self.inner.read().map(|i| i.entries.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_found_only_at_the_version_it_was_stored_at() {
        let c = ReadCache::default();
        c.put(3, "a".into(), Arc::new(7_i64));
        assert_eq!(c.get::<i64>(3, "a").as_deref(), Some(&7));
        assert!(c.get::<i64>(4, "a").is_none());
        assert!(c.get::<i64>(2, "a").is_none());
        assert!(c.get::<String>(3, "a").is_none(), "another type is a miss");
    }

    #[test]
    fn a_newer_version_drops_the_older_entries_and_an_older_one_stores_nothing() {
        let c = ReadCache::default();
        c.put(3, "a".into(), Arc::new(1_i64));
        c.put(4, "b".into(), Arc::new(2_i64));
        assert!(c.get::<i64>(3, "a").is_none());
        assert_eq!(c.len(), 1);
        c.put(3, "a".into(), Arc::new(1_i64));
        assert_eq!(c.len(), 1);
        assert!(c.get::<i64>(3, "a").is_none());
    }

    #[test]
    fn the_cache_starts_afresh_when_full() {
        let c = ReadCache::default();
        for i in 0..ReadCache::CAPACITY {
            c.put(1, i.to_string(), Arc::new(i));
        }
        assert_eq!(c.len(), ReadCache::CAPACITY);
        c.put(1, "one more".into(), Arc::new(0_usize));
        assert_eq!(c.len(), 1);
    }
}
