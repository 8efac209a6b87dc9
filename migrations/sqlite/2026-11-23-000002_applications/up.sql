-- Applications (ansøgninger) with versioned budgets, and commitments (tilsagn).

-- A pool rule: at most this share of a budget for project management and progression
-- tools together; NULL = no limit.
ALTER TABLE pools ADD COLUMN admin_share_max_bp INTEGER
    CHECK (admin_share_max_bp IS NULL OR admin_share_max_bp BETWEEN 0 AND 10000);

CREATE TABLE applications (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    pool_id BIGINT NOT NULL REFERENCES pools (id),
    municipality_code INTEGER NOT NULL REFERENCES municipalities (code),
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'changes_requested', 'rejected', 'approved', 'withdrawn')),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (pool_id, municipality_code)
);

-- Each version is the application as the municipality had it; a submitted version is
-- frozen, and later changes are a new version.
CREATE TABLE application_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    application_id BIGINT NOT NULL REFERENCES applications (id),
    version_no INTEGER NOT NULL CHECK (version_no >= 1),
    contact_name TEXT NOT NULL,
    contact_title TEXT NOT NULL,
    contact_email TEXT NOT NULL,
    contact_phone TEXT NOT NULL,
    difference_comment TEXT NOT NULL,
    obligations TEXT NOT NULL,
    budget_total_ore BIGINT NOT NULL CHECK (budget_total_ore >= 0),
    submitted_at TIMESTAMP,
    submitted_by BIGINT REFERENCES users (id),
    receipt_no TEXT UNIQUE,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (application_id, version_no),
    CHECK ((submitted_at IS NULL) = (receipt_no IS NULL))
);

CREATE TABLE budget_lines (
    version_id BIGINT NOT NULL REFERENCES application_versions (id),
    cost_item TEXT NOT NULL,
    year INTEGER NOT NULL,
    amount_ore BIGINT NOT NULL CHECK (amount_ore >= 0),
    description TEXT NOT NULL,
    PRIMARY KEY (version_id, cost_item, year)
);

CREATE TRIGGER application_versions_frozen BEFORE UPDATE ON application_versions
WHEN OLD.submitted_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a submitted application version is frozen'); END;
CREATE TRIGGER application_versions_no_delete BEFORE DELETE ON application_versions
BEGIN SELECT RAISE(ABORT, 'application versions are never deleted'); END;
CREATE TRIGGER budget_lines_frozen_insert BEFORE INSERT ON budget_lines
WHEN (SELECT submitted_at FROM application_versions WHERE id = NEW.version_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a submitted application version is frozen'); END;
CREATE TRIGGER budget_lines_frozen_update BEFORE UPDATE ON budget_lines
WHEN (SELECT submitted_at FROM application_versions WHERE id = OLD.version_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a submitted application version is frozen'); END;
CREATE TRIGGER budget_lines_frozen_delete BEFORE DELETE ON budget_lines
WHEN (SELECT submitted_at FROM application_versions WHERE id = OLD.version_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a submitted application version is frozen'); END;

CREATE TABLE application_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    application_id BIGINT NOT NULL REFERENCES applications (id),
    action TEXT NOT NULL,
    reason TEXT NOT NULL,
    actor_id BIGINT NOT NULL REFERENCES users (id),
    at TIMESTAMP NOT NULL
);

CREATE TABLE commitments (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    application_id BIGINT NOT NULL UNIQUE REFERENCES applications (id),
    version_id BIGINT NOT NULL REFERENCES application_versions (id),
    pool_id BIGINT NOT NULL REFERENCES pools (id),
    municipality_code INTEGER NOT NULL REFERENCES municipalities (code),
    amount_ore BIGINT NOT NULL CHECK (amount_ore > 0),
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    account_deadline DATE NOT NULL,
    reservation TEXT NOT NULL,
    letter_no TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('draft', 'active', 'withdrawn')),
    approved_by BIGINT NOT NULL REFERENCES users (id),
    approved_at TIMESTAMP NOT NULL,
    withdrawn_at TIMESTAMP
);

CREATE TABLE commitment_years (
    commitment_id BIGINT NOT NULL REFERENCES commitments (id),
    year INTEGER NOT NULL,
    amount_ore BIGINT NOT NULL CHECK (amount_ore >= 0),
    PRIMARY KEY (commitment_id, year)
);

CREATE TABLE commitment_rates (
    commitment_id BIGINT NOT NULL REFERENCES commitments (id),
    rate_no INTEGER NOT NULL,
    share_bp INTEGER NOT NULL CHECK (share_bp > 0 AND share_bp <= 10000),
    amount_ore BIGINT NOT NULL CHECK (amount_ore >= 0),
    earliest_date DATE,
    status TEXT NOT NULL CHECK (status IN ('pending', 'paid', 'cancelled')),
    paid_at TIMESTAMP,
    PRIMARY KEY (commitment_id, rate_no),
    CHECK ((status = 'paid') = (paid_at IS NOT NULL))
);

-- Parts add up to the whole, and the pool is never over-committed: a commitment only
-- becomes active when its years and its rates each sum to its amount, and the active
-- commitments of its pool, with it, stay within the pool.
CREATE TRIGGER commitments_activate_only_when_whole BEFORE UPDATE OF status ON commitments
WHEN NEW.status = 'active' AND (
    (SELECT COALESCE(SUM(amount_ore), 0) FROM commitment_years WHERE commitment_id = NEW.id) <> NEW.amount_ore
 OR (SELECT COALESCE(SUM(amount_ore), 0) FROM commitment_rates WHERE commitment_id = NEW.id) <> NEW.amount_ore)
BEGIN SELECT RAISE(ABORT, 'commitment parts do not add up to the commitment'); END;
CREATE TRIGGER commitments_within_pool BEFORE UPDATE OF status ON commitments
WHEN NEW.status = 'active' AND
    (SELECT COALESCE(SUM(amount_ore), 0) FROM commitments WHERE pool_id = NEW.pool_id AND status = 'active' AND id <> NEW.id)
    + NEW.amount_ore > (SELECT amount_ore FROM pools WHERE id = NEW.pool_id)
BEGIN SELECT RAISE(ABORT, 'commitments would exceed the pool'); END;
CREATE TRIGGER commitments_amount_immutable BEFORE UPDATE OF amount_ore, pool_id, application_id ON commitments
BEGIN SELECT RAISE(ABORT, 'a commitment amount never changes'); END;
CREATE TRIGGER commitment_years_immutable BEFORE UPDATE ON commitment_years
BEGIN SELECT RAISE(ABORT, 'the split by year never changes'); END;
CREATE TRIGGER commitment_rates_amount_immutable BEFORE UPDATE OF amount_ore, share_bp ON commitment_rates
BEGIN SELECT RAISE(ABORT, 'rate amounts never change'); END;
-- A rate is paid once.
CREATE TRIGGER commitment_rates_paid_once BEFORE UPDATE OF status ON commitment_rates
WHEN OLD.status <> 'pending'
BEGIN SELECT RAISE(ABORT, 'a paid or cancelled rate cannot change status'); END;
