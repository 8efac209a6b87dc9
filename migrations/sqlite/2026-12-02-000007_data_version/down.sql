ALTER TABLE audit_head DROP COLUMN data_version;
