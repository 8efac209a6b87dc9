-- Each audit entry's place in the chain (1, 2, 3, …), and the version of the formula its
-- hash was computed with. Entries written from here on use version 2, whose hash covers
-- `seq`; the entries already written keep version 1 (their hashes are not recomputed, so
-- they verify as they always did) and are numbered in id order (docs/decisions.md).
ALTER TABLE audit_log ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE audit_log ADD COLUMN hash_version INTEGER NOT NULL DEFAULT 1;
DROP TRIGGER audit_log_no_update;
UPDATE audit_log SET seq = r.n
FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM audit_log) AS r
WHERE r.id = audit_log.id;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE UNIQUE INDEX audit_log_seq ON audit_log (seq);

-- The newest entry's place, beside its hash: a cut-off tail shows as a head that points
-- further than the log goes.
ALTER TABLE audit_head ADD COLUMN last_seq BIGINT NOT NULL DEFAULT 0;
UPDATE audit_head SET last_seq = (SELECT COUNT(*) FROM audit_log);
