DROP TABLE scheduled_jobs;
ALTER TABLE users DROP COLUMN email;
DROP TABLE outbox_keys;
