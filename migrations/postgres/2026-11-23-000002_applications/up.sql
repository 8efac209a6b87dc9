-- Applications (ansøgninger) with versioned budgets, and commitments (tilsagn).

ALTER TABLE pools ADD COLUMN admin_share_max_bp INTEGER
    CHECK (admin_share_max_bp IS NULL OR admin_share_max_bp BETWEEN 0 AND 10000);

CREATE TABLE applications (
    id BIGSERIAL PRIMARY KEY,
    pool_id BIGINT NOT NULL REFERENCES pools (id),
    municipality_code INTEGER NOT NULL REFERENCES municipalities (code),
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'changes_requested', 'rejected', 'approved', 'withdrawn')),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (pool_id, municipality_code)
);

CREATE TABLE application_versions (
    id BIGSERIAL PRIMARY KEY,
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

CREATE FUNCTION application_versions_check_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.submitted_at IS NOT NULL THEN
        RAISE EXCEPTION 'a submitted application version is frozen';
    END IF;
    RETURN NEW;
END $$;

CREATE FUNCTION budget_lines_check_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE v BIGINT;
BEGIN
    IF TG_OP = 'INSERT' THEN v := NEW.version_id; ELSE v := OLD.version_id; END IF;
    IF (SELECT submitted_at FROM application_versions WHERE id = v) IS NOT NULL THEN
        RAISE EXCEPTION 'a submitted application version is frozen';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER application_versions_frozen BEFORE UPDATE ON application_versions
FOR EACH ROW EXECUTE FUNCTION application_versions_check_frozen();
CREATE TRIGGER application_versions_no_delete BEFORE DELETE ON application_versions
FOR EACH ROW EXECUTE FUNCTION tilskud_reject('application versions are never deleted');
CREATE TRIGGER budget_lines_frozen BEFORE INSERT OR UPDATE OR DELETE ON budget_lines
FOR EACH ROW EXECUTE FUNCTION budget_lines_check_frozen();

CREATE TABLE application_events (
    id BIGSERIAL PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications (id),
    action TEXT NOT NULL,
    reason TEXT NOT NULL,
    actor_id BIGINT NOT NULL REFERENCES users (id),
    at TIMESTAMP NOT NULL
);

CREATE TABLE commitments (
    id BIGSERIAL PRIMARY KEY,
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

CREATE FUNCTION commitments_check_activation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'active' AND OLD.status <> 'active' THEN
        IF (SELECT COALESCE(SUM(amount_ore), 0) FROM commitment_years WHERE commitment_id = NEW.id) <> NEW.amount_ore
           OR (SELECT COALESCE(SUM(amount_ore), 0) FROM commitment_rates WHERE commitment_id = NEW.id) <> NEW.amount_ore THEN
            RAISE EXCEPTION 'commitment parts do not add up to the commitment';
        END IF;
        IF (SELECT COALESCE(SUM(amount_ore), 0) FROM commitments
            WHERE pool_id = NEW.pool_id AND status = 'active' AND id <> NEW.id) + NEW.amount_ore
           > (SELECT amount_ore FROM pools WHERE id = NEW.pool_id) THEN
            RAISE EXCEPTION 'commitments would exceed the pool';
        END IF;
    END IF;
    RETURN NEW;
END $$;

CREATE FUNCTION commitment_rates_check_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status <> 'pending' AND NEW.status IS DISTINCT FROM OLD.status THEN
        RAISE EXCEPTION 'a paid or cancelled rate cannot change status';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER commitments_activation BEFORE UPDATE OF status ON commitments
FOR EACH ROW EXECUTE FUNCTION commitments_check_activation();
CREATE TRIGGER commitments_amount_immutable BEFORE UPDATE OF amount_ore, pool_id, application_id ON commitments
FOR EACH ROW EXECUTE FUNCTION tilskud_reject('a commitment amount never changes');
CREATE TRIGGER commitment_years_immutable BEFORE UPDATE ON commitment_years
FOR EACH ROW EXECUTE FUNCTION tilskud_reject('the split by year never changes');
CREATE TRIGGER commitment_rates_amount_immutable BEFORE UPDATE OF amount_ore, share_bp ON commitment_rates
FOR EACH ROW EXECUTE FUNCTION tilskud_reject('rate amounts never change');
CREATE TRIGGER commitment_rates_paid_once BEFORE UPDATE OF status ON commitment_rates
FOR EACH ROW EXECUTE FUNCTION commitment_rates_check_once();
