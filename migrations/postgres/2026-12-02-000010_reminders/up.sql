-- Reminders before and after an account's deadline (docs/accounts.md).
--
-- An email that must go out once however many instances decide to send it is queued with
-- a key (`mail::enqueue_once`): the key is inserted first, in the same transaction, and a
-- second insert of it does nothing, so the email is queued once.
CREATE TABLE outbox_keys (
    dedup_key TEXT PRIMARY KEY NOT NULL,
    outbox_id BIGINT NOT NULL UNIQUE REFERENCES outbox (id)
);

-- Where a user is reached (the municipality's finance staff get the account reminders).
ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';

-- Work the server does on its own, once per Copenhagen day: an instance claims the day
-- with a guarded UPDATE (only one wins), runs it, and records it done. A claim left by an
-- instance that stopped expires, and the next instance runs the day again; the outbox's
-- keys make that rerun send nothing twice.
CREATE TABLE scheduled_jobs (
    name TEXT PRIMARY KEY NOT NULL,
    done_on DATE,
    claimed_until TIMESTAMP,
    claim_token TEXT,
    last_run_at TIMESTAMP,
    last_result TEXT NOT NULL DEFAULT ''
);
INSERT INTO scheduled_jobs (name) VALUES ('account-reminders');
