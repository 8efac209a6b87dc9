//! Login throttling: growing delays per source address and per username, never a hard
//! lock that someone else controls.
//!
//! Every login attempt first claims a slot under two keys, the source address (`ip:…`)
//! and the username (`user:…`), each with one atomic `UPDATE … RETURNING` that counts
//! the attempt before the password is checked. A key's first `free` attempts in its
//! window follow one another at once; after that each attempt must wait for the one
//! before it plus a delay that doubles, up to the rule's cap. An attempt that comes too
//! early is refused without being counted and without a password check, so 40 parallel
//! guesses check at most `free` passwords, and hammering a throttled key does not make
//! its wait longer.
//!
//! The two rules differ on purpose (docs/decisions.md): the username's delay stays short
//! (capped at a minute), so an attacker elsewhere can never keep the real user out for
//! longer than that; the address's delay grows to an hour, which is what actually slows
//! down guessing from one machine.

use std::net::IpAddr;

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Text};

use crate::db::schema::login_throttle;
use crate::db::DbConn;

/// How one kind of key is throttled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// Attempts in a window that need not wait.
    pub free: i32,
    /// The wait after the last free attempt; each further attempt doubles it.
    pub first_delay: Duration,
    /// The longest wait.
    pub max_delay: Duration,
    /// Counting starts over this long after a key's first counted attempt.
    pub window: Duration,
}

impl Rule {
    /// The wait after the `n`-th attempt of a window.
    pub fn delay_after(&self, n: i32) -> Duration {
        if n < self.free {
            return Duration::zero();
        }
        let first = self.first_delay.num_milliseconds().max(1);
        let shift = u32::try_from(n - self.free).unwrap_or(0);
        let ms = first
            .checked_mul(1_i64.checked_shl(shift).unwrap_or(i64::MAX))
            .unwrap_or(i64::MAX);
        Duration::milliseconds(ms.min(self.max_delay.num_milliseconds()))
    }

    /// Doublings after which the delay is the cap (so the SQL never shifts further).
    fn steps_to_cap(&self) -> i32 {
        let (first, cap) = (
            self.first_delay.num_milliseconds().max(1),
            self.max_delay.num_milliseconds(),
        );
        let mut k = 0;
        while k < 62 && (first << k) < cap {
            k += 1;
        }
        k
    }
}

/// The two rules of a login.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Per username, from any address: short, capped waits.
    pub user: Rule,
    /// Per source address (an IPv6 client's /64): long waits.
    pub ip: Rule,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            user: Rule {
                free: 5,
                first_delay: Duration::seconds(1),
                max_delay: Duration::seconds(60),
                window: Duration::hours(1),
            },
            ip: Rule {
                free: 20,
                first_delay: Duration::seconds(1),
                max_delay: Duration::hours(1),
                window: Duration::hours(24),
            },
        }
    }
}

/// What came of claiming an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Claim {
    /// Counted as the window's `n`-th attempt; the password may be checked.
    Granted { n: i32 },
    /// Too early: try again after this long (never zero).
    Wait(Duration),
}

pub fn user_key(username: &str) -> String {
    let name: String = username.trim().to_lowercase().chars().take(100).collect();
    format!("user:{name}")
}

/// The key of a source address. An IPv6 client usually holds a whole /64, so the /64 is
/// one source; an IPv4 address seen through an IPv6 socket is the IPv4 address.
pub fn ip_key(ip: Option<IpAddr>) -> String {
    match ip.map(|ip| ip.to_canonical()) {
        Some(IpAddr::V4(v4)) => format!("ip:{v4}"),
        Some(IpAddr::V6(v6)) => {
            let net = u128::from(v6) & (u128::MAX << 64);
            format!("ip:{}/64", std::net::Ipv6Addr::from(net))
        }
        None => "ip:unknown".to_string(),
    }
}

fn millis(t: NaiveDateTime) -> i64 {
    t.and_utc().timestamp_millis()
}

#[derive(QueryableByName)]
struct Claimed {
    #[diesel(sql_type = Integer)]
    failures: i32,
}

/// Claims an attempt under `key` at `now`: counts it and sets when the next may come,
/// in one statement, or says how long to wait.
pub fn claim(conn: &mut DbConn, key: &str, rule: &Rule, now: NaiveDateTime) -> QueryResult<Claim> {
    let (now_ms, cap_ms) = (millis(now), rule.max_delay.num_milliseconds());
    // The row, with the count started over once its window has passed (and no wait is
    // pending). A clock set back by more than the cap does not hold a key for long:
    // a wait further ahead than the cap is treated as over.
    diesel::sql_query(
        "INSERT INTO login_throttle (key, failures, window_start_ms, not_before_ms) \
         VALUES ($1, 0, $2, 0) \
         ON CONFLICT (key) DO UPDATE SET failures = 0, window_start_ms = $2, not_before_ms = 0 \
         WHERE (login_throttle.window_start_ms <= $3 OR login_throttle.window_start_ms > $2) \
         AND (login_throttle.not_before_ms <= $2 OR login_throttle.not_before_ms > $4)",
    )
    .bind::<Text, _>(key)
    .bind::<BigInt, _>(now_ms)
    .bind::<BigInt, _>(now_ms - rule.window.num_milliseconds())
    .bind::<BigInt, _>(now_ms + cap_ms)
    .execute(conn)?;
    // The claim itself: only when no wait is pending, the count goes up and the next
    // attempt's earliest time is set, atomically (a row lock on PostgreSQL, the single
    // writer on SQLite), so parallel attempts each see the one before.
    let claimed: Option<Claimed> = diesel::sql_query(
        "UPDATE login_throttle SET failures = failures + 1, not_before_ms = CASE \
             WHEN failures + 1 < $1 THEN 0 \
             WHEN failures + 1 - $1 >= $2 THEN $3 + $4 \
             ELSE $3 + ($5 << (failures + 1 - $1)) END \
         WHERE key = $6 AND (not_before_ms <= $3 OR not_before_ms > $3 + $4) \
         RETURNING failures",
    )
    .bind::<Integer, _>(rule.free)
    .bind::<Integer, _>(rule.steps_to_cap())
    .bind::<BigInt, _>(now_ms)
    .bind::<BigInt, _>(cap_ms)
    .bind::<BigInt, _>(rule.first_delay.num_milliseconds().max(1))
    .bind::<Text, _>(key)
    .get_result(conn)
    .optional()?;
    if let Some(c) = claimed {
        return Ok(Claim::Granted { n: c.failures });
    }
    let not_before: Option<i64> = login_throttle::table
        .find(key)
        .select(login_throttle::not_before_ms)
        .get_result(conn)
        .optional()?;
    let wait = not_before.unwrap_or(now_ms) - now_ms;
    Ok(Claim::Wait(Duration::milliseconds(
        wait.clamp(1, cap_ms.max(1)),
    )))
}

/// Takes back one counted attempt (a login that succeeded from this address).
pub fn forgive(conn: &mut DbConn, key: &str) -> QueryResult<usize> {
    diesel::update(
        login_throttle::table
            .find(key)
            .filter(login_throttle::failures.gt(0)),
    )
    .set(login_throttle::failures.eq(login_throttle::failures - 1))
    .execute(conn)
}

/// Forgets a key (the username's, after the right password).
pub fn clear(conn: &mut DbConn, key: &str) -> QueryResult<usize> {
    diesel::delete(login_throttle::table.find(key)).execute(conn)
}

/// Deletes the rows whose window has passed and that hold no wait: they say nothing any
/// more (run at each successful login, so keys made up by guessers do not accumulate).
pub fn delete_stale(conn: &mut DbConn, limits: &Limits, now: NaiveDateTime) -> QueryResult<usize> {
    let longest = limits.user.window.max(limits.ip.window);
    let now_ms = millis(now);
    diesel::delete(
        login_throttle::table
            .filter(login_throttle::window_start_ms.lt(now_ms - longest.num_milliseconds()))
            .filter(login_throttle::not_before_ms.lt(now_ms)),
    )
    .execute(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_start_after_the_free_attempts_and_double_up_to_the_cap() {
        let user = Limits::default().user;
        let waits: Vec<i64> = (1..=14)
            .map(|n| user.delay_after(n).num_seconds())
            .collect();
        assert_eq!(waits, [0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60, 60]);
        let ip = Limits::default().ip;
        assert_eq!(ip.delay_after(19), Duration::zero());
        assert_eq!(ip.delay_after(20), Duration::seconds(1));
        assert_eq!(ip.delay_after(31), Duration::seconds(2048));
        assert_eq!(ip.delay_after(32), Duration::hours(1));
        assert_eq!(ip.delay_after(i32::MAX), Duration::hours(1));
        // The SQL's cap step agrees with the rule.
        assert_eq!(user.steps_to_cap(), 6);
        assert!(user.delay_after(user.free + user.steps_to_cap()) == user.max_delay);
        assert!(user.delay_after(user.free + user.steps_to_cap() - 1) < user.max_delay);
    }

    #[test]
    fn an_ipv6_client_is_its_64_and_a_mapped_ipv4_is_itself() {
        let a = ip_key(Some("2001:db8:1:2:aaaa::1".parse().unwrap()));
        let b = ip_key(Some("2001:db8:1:2:bbbb::9".parse().unwrap()));
        assert_eq!(a, "ip:2001:db8:1:2::/64");
        assert_eq!(a, b);
        assert_ne!(a, ip_key(Some("2001:db8:1:3::1".parse().unwrap())));
        assert_eq!(
            ip_key(Some("::ffff:192.0.2.7".parse().unwrap())),
            "ip:192.0.2.7"
        );
        assert_eq!(ip_key(None), "ip:unknown");
        assert_eq!(user_key("  Officer "), "user:officer");
        assert_eq!(user_key(&"x".repeat(500)).len(), 105);
    }
}
