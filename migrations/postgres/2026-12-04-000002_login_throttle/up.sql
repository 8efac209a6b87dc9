-- Login throttling by growing delays per source address and per username instead of a
-- hard lock (auth::throttle). Times are milliseconds since 1970 (UTC), so the claim can
-- compute the next allowed time in the same UPDATE on both databases. The old rows
-- (locks by username) are dropped: at worst a lock ends early.
DROP TABLE login_throttle;
CREATE TABLE login_throttle (
    key TEXT PRIMARY KEY, -- 'user:NAME' or 'ip:ADDRESS' (an IPv6 /64)
    failures INTEGER NOT NULL, -- attempts counted in the current window
    window_start_ms BIGINT NOT NULL,
    not_before_ms BIGINT NOT NULL -- the next attempt is refused before this
);
