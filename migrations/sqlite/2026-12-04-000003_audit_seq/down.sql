ALTER TABLE audit_head DROP COLUMN last_seq;
DROP INDEX audit_log_seq;
ALTER TABLE audit_log DROP COLUMN hash_version;
ALTER TABLE audit_log DROP COLUMN seq;
