-- Raised whenever sessions end before their time (a logout, a user's sessions revoked
-- when the user is changed), in the same transaction. An instance that keeps sessions
-- in memory (src/app/freshness.rs) drops them all when it sees the epoch change, so an
-- ended session is refused by every instance, not only the one that ended it.
ALTER TABLE audit_head ADD COLUMN session_epoch BIGINT NOT NULL DEFAULT 0;
