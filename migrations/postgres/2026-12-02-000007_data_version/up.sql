-- The version of the data the pages show: raised by every audited change except logins
-- and logouts, in the same transaction and under the audit head's row lock, so versions
-- commit in order. Each instance keeps reads in memory tagged with it (see
-- src/app/cache.rs) and reads the current version with the session.
ALTER TABLE audit_head ADD COLUMN data_version BIGINT NOT NULL DEFAULT 0;
