-- Foundation (PostgreSQL): same tables and invariants as migrations/sqlite.
-- Money is BIGINT øre; times are UTC TIMESTAMP (without time zone, always UTC).

CREATE TABLE municipalities (
    code INTEGER PRIMARY KEY CHECK (code BETWEEN 100 AND 999),
    name TEXT NOT NULL,
    region_code INTEGER NOT NULL,
    region_name TEXT NOT NULL
);

CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('officer', 'finance', 'committee', 'admin')),
    municipality_code INTEGER REFERENCES municipalities (code),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL,
    CHECK ((role IN ('finance', 'committee')) = (municipality_code IS NOT NULL))
);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_throttle (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    window_start TIMESTAMP NOT NULL,
    locked_until TIMESTAMP
);

CREATE TABLE pools (
    id BIGSERIAL PRIMARY KEY,
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
    applied BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (pool_id, municipality_code)
);

CREATE TABLE allocations (
    id BIGSERIAL PRIMARY KEY,
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

CREATE FUNCTION tilskud_reject() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%', TG_ARGV[0];
END $$;

CREATE FUNCTION allocation_lines_check_draft() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT status FROM allocations WHERE id = NEW.allocation_id) <> 'draft' THEN
        RAISE EXCEPTION 'allocation version is not a draft';
    END IF;
    RETURN NEW;
END $$;

CREATE FUNCTION allocations_check_whole() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'approved' AND
       (SELECT COALESCE(SUM(amount_ore), 0) FROM allocation_lines WHERE allocation_id = NEW.id) <> NEW.total_ore THEN
        RAISE EXCEPTION 'allocation lines do not sum to the total';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER allocation_lines_insert_only_in_draft BEFORE INSERT ON allocation_lines
FOR EACH ROW EXECUTE FUNCTION allocation_lines_check_draft();
CREATE TRIGGER allocation_lines_no_update BEFORE UPDATE ON allocation_lines
FOR EACH ROW EXECUTE FUNCTION tilskud_reject('allocation lines are immutable');
CREATE TRIGGER allocation_lines_no_delete BEFORE DELETE ON allocation_lines
FOR EACH ROW EXECUTE FUNCTION tilskud_reject('allocation lines are immutable');
CREATE TRIGGER allocations_approve_only_when_whole BEFORE UPDATE OF status ON allocations
FOR EACH ROW EXECUTE FUNCTION allocations_check_whole();
CREATE TRIGGER allocations_numbers_immutable BEFORE UPDATE OF pool_id, version_no, total_ore, created_by, created_at ON allocations
FOR EACH ROW EXECUTE FUNCTION tilskud_reject('allocation versions are immutable');
CREATE TRIGGER allocations_no_delete BEFORE DELETE ON allocations
FOR EACH ROW EXECUTE FUNCTION tilskud_reject('allocation versions are never deleted');

CREATE TABLE audit_log (
    id BIGSERIAL PRIMARY KEY,
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
FOR EACH ROW EXECUTE FUNCTION tilskud_reject('the audit log is append-only');
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION tilskud_reject('the audit log is append-only');

CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    last_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
