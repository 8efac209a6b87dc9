//! Whole rendered pages kept by one instance, for the read-only pages the route table
//! names (`web::routes::CACHED_PAGES`).
//!
//! A page is kept for one user, language and address (path and query), and used only by
//! a request of the same *generation*: the same data version (`app::cache`) and the same
//! minute of the clock. Everything a page shows is then determined: the data by the
//! version, the user's name and menu by the user (any change to a user raises the data
//! version), messages shown after an action by the query, and anything judged against
//! the clock by the *moment* (`moment`): either a whole minute's first second, or the
//! rest of a minute after it. Deadlines and payment dates fall on whole minutes and are
//! judged to the second (an application deadline "kl. 12.00" is on time up to and
//! including the second 12:00:00; a rate is payable from a date's Copenhagen midnight),
//! so every instant of a moment is on the
//! same side of each of them: keeping pages per moment moves no judgement.
//!
//! The one thing a page carries of the session itself, its CSRF token (in each form), is
//! cut out when the page is kept and put back per request, so two sessions of the same
//! user each see their own.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use actix_web::web::{Bytes, BytesMut};

/// When a kept page may be used: the data version and the moment (`moment`).
pub type Generation = (i64, i64);

/// The moment `now` (UTC) falls in, counted from the epoch: `2m` for the first second of
/// minute `m`, `2m + 1` for the rest of that minute. A judgement to the second at a whole
/// minute ("after the second 12:00:00", "from midnight") comes out the same for every
/// instant of a moment.
pub fn moment(now: chrono::NaiveDateTime) -> i64 {
    let seconds = now.and_utc().timestamp();
    seconds.div_euclid(60) * 2 + i64::from(seconds.rem_euclid(60) != 0)
}

#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct PageKey {
    pub user: i64,
    pub lang: &'static str,
    /// Path and query, as asked.
    pub target: String,
}

/// A rendered page, in pieces between the places its CSRF token stood.
#[derive(Debug)]
pub struct Page {
    pub content_type: String,
    parts: Vec<Bytes>,
}

impl Page {
    /// Cuts `csrf` (if not empty) out of `body` wherever it stands.
    pub fn new(content_type: String, body: Bytes, csrf: &str) -> Page {
        let mut parts = Vec::new();
        let mut rest = body;
        if !csrf.is_empty() {
            while let Some(at) = find(&rest, csrf.as_bytes()) {
                parts.push(rest.slice(..at));
                rest = rest.slice(at + csrf.len()..);
            }
        }
        parts.push(rest);
        Page {
            content_type,
            parts,
        }
    }

    /// The page with `csrf` put back (no copy when it carries none).
    pub fn body(&self, csrf: &str) -> Bytes {
        if let [only] = self.parts.as_slice() {
            return only.clone();
        }
        let len = self.len() + csrf.len() * (self.parts.len() - 1);
        let mut out = BytesMut::with_capacity(len);
        for (n, part) in self.parts.iter().enumerate() {
            if n > 0 {
                out.extend_from_slice(csrf.as_bytes());
            }
            out.extend_from_slice(part);
        }
        out.freeze()
    }

    fn len(&self) -> usize {
        self.parts.iter().map(Bytes::len).sum()
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    let first = needle[0];
    let mut from = 0;
    while let Some(i) = hay[from..=hay.len() - needle.len()]
        .iter()
        .position(|&b| b == first)
    {
        let at = from + i;
        if &hay[at..at + needle.len()] == needle {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

#[derive(Default)]
struct Inner {
    generation: Generation,
    bytes: usize,
    pages: HashMap<PageKey, Arc<Page>>,
}

/// The kept pages of the current generation (see the module documentation).
#[derive(Default)]
pub struct PageCache(RwLock<Inner>);

impl PageCache {
    /// Most bytes kept; past it the cache starts afresh.
    pub const MAX_BYTES: usize = 64 << 20;

    pub fn get(&self, generation: Generation, key: &PageKey) -> Option<Arc<Page>> {
        let inner = self.0.read().ok()?;
        if inner.generation != generation {
            return None;
        }
        inner.pages.get(key).cloned()
    }

    /// Keeps `page`, rendered by a request of `generation`. Another generation drops
    /// every page kept before, unless its data version is older than theirs (a request
    /// that saw an older version keeps nothing). The moment may go either way: a clock
    /// set back starts afresh rather than keep nothing until it catches up.
    pub fn put(&self, generation: Generation, key: PageKey, page: Arc<Page>) {
        let Ok(mut inner) = self.0.write() else {
            return;
        };
        if generation.0 < inner.generation.0 {
            return;
        }
        let size = page.len() + key.target.len();
        if generation != inner.generation || inner.bytes + size > Self::MAX_BYTES {
            inner.pages.clear();
            inner.bytes = 0;
            inner.generation = generation;
        }
        if let Some(old) = inner.pages.insert(key, page) {
            inner.bytes = inner.bytes.saturating_sub(old.len());
        }
        inner.bytes += size;
    }

    /// How many pages are kept (for tests).
    pub fn len(&self) -> usize {
        self.0.read().map(|i| i.pages.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_is_cut_out_and_each_session_gets_its_own_back() {
        let body = Bytes::from_static(b"<form><input value=\"TOK\">x</form><i>TOK</i>TOK");
        let page = Page::new("text/html".into(), body, "TOK");
        assert_eq!(page.parts.len(), 4);
        assert_eq!(
            page.body("abc"),
            Bytes::from_static(b"<form><input value=\"abc\">x</form><i>abc</i>abc")
        );
        let plain = Page::new("text/html".into(), Bytes::from_static(b"no forms"), "TOK");
        assert_eq!(plain.body("abc"), Bytes::from_static(b"no forms"));
        let anonymous = Page::new("text/html".into(), Bytes::from_static(b"TOK"), "");
        assert_eq!(anonymous.body("abc"), Bytes::from_static(b"TOK"));
    }

    #[test]
    fn find_finds_the_first_whole_match() {
        assert_eq!(find(b"aab", b"ab"), Some(1));
        assert_eq!(find(b"ab", b"abc"), None);
        assert_eq!(find(b"xyz", b"z"), Some(2));
        assert_eq!(find(b"", b"z"), None);
    }

    fn key(target: &str) -> PageKey {
        PageKey {
            user: 1,
            lang: "da",
            target: target.into(),
        }
    }

    fn page(body: &'static [u8]) -> Arc<Page> {
        Arc::new(Page::new("text/html".into(), Bytes::from_static(body), ""))
    }

    #[test]
    fn a_minutes_first_second_is_a_moment_of_its_own() {
        let at = |s: &str| {
            chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f").unwrap_or_default()
        };
        let noon = moment(at("2017-06-02 10:00:00.0"));
        assert_eq!(moment(at("2017-06-02 09:59:59.999")), noon - 1);
        assert_eq!(moment(at("2017-06-02 09:59:01.0")), noon - 1);
        assert_eq!(moment(at("2017-06-02 10:00:00.999999")), noon);
        assert_eq!(moment(at("2017-06-02 10:00:01.0")), noon + 1);
        assert_eq!(moment(at("2017-06-02 10:00:59.999")), noon + 1);
        assert_eq!(moment(at("2017-06-02 10:01:00.0")), noon + 2);
        assert_eq!(noon % 2, 0);
    }

    #[test]
    fn a_page_is_used_only_in_its_generation() {
        let c = PageCache::default();
        c.put((3, 100), key("/a"), page(b"a"));
        assert!(c.get((3, 100), &key("/a")).is_some());
        assert!(c.get((3, 101), &key("/a")).is_none(), "the next minute");
        assert!(c.get((4, 100), &key("/a")).is_none(), "the next version");
        assert!(c.get((3, 100), &key("/b")).is_none());
        c.put((3, 101), key("/b"), page(b"b"));
        assert_eq!(c.len(), 1, "a later moment starts afresh");
        c.put((4, 101), key("/c"), page(b"c"));
        assert_eq!(c.len(), 1, "a later version starts afresh");
        c.put((3, 101), key("/a"), page(b"a"));
        assert!(
            c.get((3, 101), &key("/a")).is_none(),
            "an older version keeps nothing"
        );
        c.put((4, 99), key("/a"), page(b"a"));
        assert!(c.get((4, 99), &key("/a")).is_some(), "a clock set back");
    }
}
