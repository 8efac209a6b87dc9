-- Outbox (PostgreSQL): the same table and checks as migrations/sqlite.
-- Emails written in the same transaction as the change that causes them, sent
-- later by the mail worker (src/mail). A row is claimed with a guarded
-- `UPDATE … WHERE status = 'pending'`, so two instances never both send it.

CREATE TABLE outbox (
    id BIGSERIAL PRIMARY KEY,
    kind TEXT NOT NULL,
    to_addr TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at TIMESTAMP NOT NULL,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP,
    claimed_at TIMESTAMP,
    claim_token TEXT,
    related_entity TEXT NOT NULL,
    related_id TEXT NOT NULL,
    -- a row is sent exactly when it has a sending time
    CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
    -- a row being sent belongs to one claim
    CHECK (status <> 'sending' OR (claim_token IS NOT NULL AND claimed_at IS NOT NULL))
);
-- the worker's query: the oldest due pending row, and stale claims
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_related ON outbox (related_entity, related_id);
