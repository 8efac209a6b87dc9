-- Foundation: municipalities, users, sessions, pools, target groups, allocations, audit log.
-- Money is BIGINT øre; times are UTC TIMESTAMP (stored as ISO text by SQLite).

CREATE TABLE municipalities (
    code INTEGER PRIMARY KEY NOT NULL CHECK (code BETWEEN 100 AND 999),
    name TEXT NOT NULL,
    region_code INTEGER NOT NULL,
    region_name TEXT NOT NULL
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('officer', 'finance', 'committee', 'admin')),
    municipality_code INTEGER REFERENCES municipalities (code),
    active BOOLEAN NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    -- municipal roles are bound to exactly one municipality, STAR roles to none
    CHECK ((role IN ('finance', 'committee')) = (municipality_code IS NOT NULL))
);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL, -- SHA-256 of the cookie token, never the token itself
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_throttle (
    key TEXT PRIMARY KEY NOT NULL,
    failures INTEGER NOT NULL,
    window_start TIMESTAMP NOT NULL,
    locked_until TIMESTAMP
);

CREATE TABLE pools (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    name TEXT NOT NULL,
    finance_account TEXT NOT NULL,
    amount_ore BIGINT NOT NULL CHECK (amount_ore > 0 AND amount_ore % 100 = 0),
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    application_deadline TIMESTAMP NOT NULL,
    auditor_threshold_ore BIGINT NOT NULL CHECK (auditor_threshold_ore >= 0),
    target_group_note TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (period_end >= period_start)
);

CREATE TABLE pool_rates (
    pool_id BIGINT NOT NULL REFERENCES pools (id) ON DELETE CASCADE,
    rate_no INTEGER NOT NULL CHECK (rate_no BETWEEN 1 AND 12),
    share_bp INTEGER NOT NULL CHECK (share_bp > 0 AND share_bp <= 10000),
    earliest_date DATE,
    PRIMARY KEY (pool_id, rate_no)
);

CREATE TABLE target_groups (
    pool_id BIGINT NOT NULL REFERENCES pools (id) ON DELETE CASCADE,
    municipality_code INTEGER NOT NULL REFERENCES municipalities (code),
    target_group BIGINT NOT NULL CHECK (target_group >= 0),
    applied BOOLEAN NOT NULL DEFAULT 0,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (pool_id, municipality_code)
);

CREATE TABLE allocations (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    pool_id BIGINT NOT NULL REFERENCES pools (id),
    version_no INTEGER NOT NULL CHECK (version_no >= 1),
    total_ore BIGINT NOT NULL CHECK (total_ore > 0),
    reason TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'approved', 'superseded')),
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    approved_by BIGINT REFERENCES users (id),
    approved_at TIMESTAMP,
    UNIQUE (pool_id, version_no),
    CHECK ((status = 'draft') = (approved_by IS NULL))
);
-- at most one approved allocation counts per pool
CREATE UNIQUE INDEX allocations_one_approved ON allocations (pool_id) WHERE status = 'approved';

CREATE TABLE allocation_lines (
    allocation_id BIGINT NOT NULL REFERENCES allocations (id),
    municipality_code INTEGER NOT NULL REFERENCES municipalities (code),
    target_group BIGINT NOT NULL CHECK (target_group >= 0),
    exact_quota TEXT NOT NULL,
    amount_ore BIGINT NOT NULL CHECK (amount_ore >= 0 AND amount_ore % 100 = 0),
    extra_krone BOOLEAN NOT NULL,
    PRIMARY KEY (allocation_id, municipality_code)
);

-- An allocation version is immutable once written: lines are only ever inserted while
-- the version is a draft, and never changed or removed.
CREATE TRIGGER allocation_lines_insert_only_in_draft BEFORE INSERT ON allocation_lines
WHEN (SELECT status FROM allocations WHERE id = NEW.allocation_id) <> 'draft'
BEGIN SELECT RAISE(ABORT, 'allocation version is not a draft'); END;
CREATE TRIGGER allocation_lines_no_update BEFORE UPDATE ON allocation_lines
BEGIN SELECT RAISE(ABORT, 'allocation lines are immutable'); END;
CREATE TRIGGER allocation_lines_no_delete BEFORE DELETE ON allocation_lines
BEGIN SELECT RAISE(ABORT, 'allocation lines are immutable'); END;
-- Parts add up to the whole: a version can only be approved when its lines sum to its total.
CREATE TRIGGER allocations_approve_only_when_whole BEFORE UPDATE OF status ON allocations
WHEN NEW.status = 'approved'
 AND (SELECT COALESCE(SUM(amount_ore), 0) FROM allocation_lines WHERE allocation_id = NEW.id) <> NEW.total_ore
BEGIN SELECT RAISE(ABORT, 'allocation lines do not sum to the total'); END;
-- Only status moves forward; the numbers of a version never change.
CREATE TRIGGER allocations_numbers_immutable BEFORE UPDATE OF pool_id, version_no, total_ore, created_by, created_at ON allocations
BEGIN SELECT RAISE(ABORT, 'allocation versions are immutable'); END;
CREATE TRIGGER allocations_no_delete BEFORE DELETE ON allocations
BEGIN SELECT RAISE(ABORT, 'allocation versions are never deleted'); END;

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    at TIMESTAMP NOT NULL,
    actor_id BIGINT,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT,
    prev_hash TEXT NOT NULL UNIQUE,
    hash TEXT NOT NULL UNIQUE
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- One row: the hash of the newest audit entry. Writers update it first in every
-- transaction, which serialises appends (a row lock on PostgreSQL, the write lock on SQLite).
CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    seq BIGINT NOT NULL,
    last_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
