ALTER TABLE audit_head DROP COLUMN session_epoch;
