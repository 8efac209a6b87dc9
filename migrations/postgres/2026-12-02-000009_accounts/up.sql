-- Accounts (regnskab), issue 12 (PostgreSQL): the same tables and invariants as
-- migrations/sqlite, the triggers as PL/pgSQL functions. The design is docs/accounts.md.
-- Money invariants are held here as well as in domain::accounts: the certification
-- rule, frozen submitted versions, ineligible amounts within the actual spend, the
-- settlement's formulas, and a repayment claim equal to its settlement's claim.

-- The pool's account rules, one row per pool (written with the pool). interim_before_rate:
-- the rate an interim account must be approved before (NULL: no interim account), due
-- interim_deadline_months after that rate's earliest date. The deviation tolerance in
-- basis points, the days a repayment claim is due after settlement, and the reminder
-- offsets in days from a deadline (domain::accounts::parse_reminder_offsets). Every
-- pool so far follows the rules of "Flere skal med", the only ones the product knows,
-- so existing pools get the defaults.
CREATE TABLE pool_account_settings (
    pool_id BIGINT PRIMARY KEY REFERENCES pools (id) ON DELETE CASCADE,
    interim_before_rate INTEGER DEFAULT 2
        CHECK (interim_before_rate IS NULL OR interim_before_rate BETWEEN 1 AND 12),
    interim_deadline_months INTEGER NOT NULL DEFAULT 3
        CHECK (interim_deadline_months BETWEEN 0 AND 60),
    tolerance_bp INTEGER NOT NULL DEFAULT 1000 CHECK (tolerance_bp BETWEEN 0 AND 10000),
    claim_due_days INTEGER NOT NULL DEFAULT 30 CHECK (claim_due_days BETWEEN 1 AND 365),
    reminder_offsets TEXT NOT NULL DEFAULT '-14,0,7'
);
INSERT INTO pool_account_settings (pool_id) SELECT id FROM pools;

-- Why a rate was cancelled ('withdrawal' or 'regnskab'), and the amount a pending rate
-- was cut to by the final account (NULL: its whole amount).
ALTER TABLE commitment_rates ADD COLUMN cancel_reason TEXT
    CHECK (cancel_reason IS NULL OR (status = 'cancelled' AND cancel_reason IN ('withdrawal', 'regnskab')));
ALTER TABLE commitment_rates ADD COLUMN settled_ore BIGINT
    CHECK (settled_ore IS NULL OR (settled_ore > 0 AND settled_ore < amount_ore));
UPDATE commitment_rates SET cancel_reason = 'withdrawal' WHERE status = 'cancelled';

CREATE FUNCTION commitment_rates_check_accounts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'cancelled' AND NEW.cancel_reason IS NULL THEN
        RAISE EXCEPTION 'a cancelled rate needs its reason';
    END IF;
    IF NEW.settled_ore IS DISTINCT FROM OLD.settled_ore
       AND (OLD.settled_ore IS NOT NULL OR OLD.status <> 'pending') THEN
        RAISE EXCEPTION 'only a pending rate is cut, once';
    END IF;
    -- A rate gated by an interim account is paid only once that account is approved.
    IF NEW.status = 'paid' AND OLD.status <> 'paid' AND EXISTS (
        SELECT 1 FROM accounts WHERE commitment_id = NEW.commitment_id AND kind = 'interim'
        AND before_rate = NEW.rate_no AND status <> 'approved') THEN
        RAISE EXCEPTION 'the interim account must be approved before this rate is paid';
    END IF;
    RETURN NEW;
END $$;

CREATE TABLE accounts (
    id BIGSERIAL PRIMARY KEY,
    commitment_id BIGINT NOT NULL REFERENCES commitments (id),
    kind TEXT NOT NULL CHECK (kind IN ('interim', 'final')),
    before_rate INTEGER,
    first_year INTEGER NOT NULL,
    last_year INTEGER NOT NULL,
    deadline DATE NOT NULL,
    certification TEXT NOT NULL CHECK (certification IN ('management', 'auditor')),
    grant_ore BIGINT NOT NULL CHECK (grant_ore > 0),
    threshold_ore BIGINT NOT NULL CHECK (threshold_ore >= 0),
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'in_review', 'sent_back', 'approved', 'cancelled')),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (commitment_id, kind),
    CHECK ((kind = 'interim') = (before_rate IS NOT NULL)),
    CHECK (first_year <= last_year),
    -- domain::accounts::CertificationRule: interim always management; final auditor
    -- exactly when the grant is over the threshold.
    CHECK (certification = CASE WHEN kind = 'final' AND grant_ore > threshold_ore THEN 'auditor' ELSE 'management' END)
);
CREATE INDEX accounts_due ON accounts (status, deadline);

CREATE FUNCTION accounts_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.grant_ore IS DISTINCT FROM (SELECT amount_ore FROM commitments WHERE id = NEW.commitment_id) THEN
            RAISE EXCEPTION 'an account''s grant is its commitment''s amount';
        END IF;
        RETURN NEW;
    END IF;
    IF (NEW.commitment_id, NEW.kind, NEW.before_rate, NEW.first_year, NEW.last_year,
        NEW.certification, NEW.grant_ore, NEW.threshold_ore)
       IS DISTINCT FROM (OLD.commitment_id, OLD.kind, OLD.before_rate, OLD.first_year,
        OLD.last_year, OLD.certification, OLD.grant_ore, OLD.threshold_ore) THEN
        RAISE EXCEPTION 'an account''s terms never change';
    END IF;
    IF OLD.status IN ('approved', 'cancelled') AND NEW.status <> OLD.status THEN
        RAISE EXCEPTION 'an approved or cancelled account never changes status';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER accounts_checked BEFORE INSERT OR UPDATE ON accounts
FOR EACH ROW EXECUTE FUNCTION accounts_check();
CREATE TRIGGER accounts_no_delete BEFORE DELETE ON accounts
FOR EACH ROW EXECUTE FUNCTION tilskud_reject('accounts are never deleted');
CREATE TRIGGER commitment_rates_accounts BEFORE UPDATE ON commitment_rates
FOR EACH ROW EXECUTE FUNCTION commitment_rates_check_accounts();

-- Each version is the account as the municipality had it; a submitted version is frozen
-- with its lines and documents, and a correction is a new version.
CREATE TABLE account_versions (
    id BIGSERIAL PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    version_no INTEGER NOT NULL CHECK (version_no >= 1),
    signer_name TEXT NOT NULL,
    signer_title TEXT NOT NULL,
    audit_firm TEXT NOT NULL,
    signed_on DATE,
    submitted_at TIMESTAMP,
    submitted_by BIGINT REFERENCES users (id),
    receipt_no TEXT UNIQUE,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (account_id, version_no),
    CHECK ((submitted_at IS NULL) = (receipt_no IS NULL)),
    CHECK ((submitted_at IS NULL) = (submitted_by IS NULL)),
    CHECK (submitted_at IS NULL OR (signer_name <> '' AND signed_on IS NOT NULL))
);
-- One draft at a time.
CREATE UNIQUE INDEX account_versions_one_draft ON account_versions (account_id) WHERE submitted_at IS NULL;

CREATE TABLE account_lines (
    version_id BIGINT NOT NULL REFERENCES account_versions (id),
    cost_item TEXT NOT NULL,
    year INTEGER NOT NULL,
    actual_ore BIGINT NOT NULL CHECK (actual_ore >= 0),
    comment TEXT NOT NULL,
    PRIMARY KEY (version_id, cost_item, year)
);

-- PDFs only, checked by their first bytes ("%PDF-"), named by their SHA-256.
CREATE TABLE documents (
    sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    content_type TEXT NOT NULL CHECK (content_type = 'application/pdf'),
    size_bytes BIGINT NOT NULL CHECK (size_bytes > 0),
    bytes BYTEA NOT NULL,
    uploaded_by BIGINT NOT NULL REFERENCES users (id),
    uploaded_at TIMESTAMP NOT NULL,
    CHECK (octet_length(bytes) = size_bytes),
    CHECK (substring(bytes FROM 1 FOR 5) = '\x255044462d'::bytea)
);
CREATE TRIGGER documents_immutable BEFORE UPDATE ON documents
FOR EACH ROW EXECUTE FUNCTION tilskud_reject('a stored document never changes');

CREATE TABLE account_documents (
    version_id BIGINT NOT NULL REFERENCES account_versions (id),
    purpose TEXT NOT NULL CHECK (purpose IN ('declaration', 'auditor_report', 'final_report', 'attachment')),
    sha256 TEXT NOT NULL REFERENCES documents (sha256),
    filename TEXT NOT NULL,
    PRIMARY KEY (version_id, purpose, sha256)
);
CREATE UNIQUE INDEX account_documents_one_each ON account_documents (version_id, purpose) WHERE purpose <> 'attachment';

-- Submitting demands the certification the account needs: the manager's title or the
-- audit firm, the declaration or the auditor's report, and the final report with a
-- final account.
CREATE FUNCTION account_versions_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE a accounts%ROWTYPE;
BEGIN
    IF OLD.submitted_at IS NOT NULL THEN
        RAISE EXCEPTION 'a submitted account version is frozen';
    END IF;
    IF NEW.submitted_at IS NOT NULL THEN
        SELECT * INTO a FROM accounts WHERE id = NEW.account_id;
        -- (a CASE here would end the condition at its first THEN)
        IF (a.certification = 'auditor' AND (NEW.audit_firm = ''
               OR NOT EXISTS (SELECT 1 FROM account_documents WHERE version_id = NEW.id AND purpose = 'auditor_report')))
           OR (a.certification = 'management' AND (NEW.signer_title = ''
               OR NOT EXISTS (SELECT 1 FROM account_documents WHERE version_id = NEW.id AND purpose = 'declaration')))
           OR (a.kind = 'final' AND NOT EXISTS (SELECT 1 FROM account_documents WHERE version_id = NEW.id AND purpose = 'final_report')) THEN
            RAISE EXCEPTION 'the account lacks the certification it needs';
        END IF;
    END IF;
    RETURN NEW;
END $$;

-- The lines and documents of a submitted version are frozen with it; a line lies within
-- the years the account covers and keeps its cell.
CREATE FUNCTION account_version_parts_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE v BIGINT;
BEGIN
    IF TG_OP = 'INSERT' THEN v := NEW.version_id; ELSE v := OLD.version_id; END IF;
    IF (SELECT submitted_at FROM account_versions WHERE id = v) IS NOT NULL THEN
        RAISE EXCEPTION 'a submitted account version is frozen';
    END IF;
    IF TG_TABLE_NAME = 'account_lines' THEN
        IF TG_OP = 'UPDATE' AND (NEW.version_id, NEW.cost_item, NEW.year) IS DISTINCT FROM (OLD.version_id, OLD.cost_item, OLD.year) THEN
            RAISE EXCEPTION 'a line''s cost item and year never change';
        END IF;
        IF TG_OP = 'INSERT' AND NOT EXISTS (
            SELECT 1 FROM accounts a JOIN account_versions av ON av.account_id = a.id
            WHERE av.id = NEW.version_id AND NEW.year BETWEEN a.first_year AND a.last_year) THEN
            RAISE EXCEPTION 'the line''s year is outside the account''s years';
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER account_versions_checked BEFORE UPDATE ON account_versions
FOR EACH ROW EXECUTE FUNCTION account_versions_check();
CREATE TRIGGER account_versions_no_delete BEFORE DELETE ON account_versions
FOR EACH ROW EXECUTE FUNCTION tilskud_reject('account versions are never deleted');
CREATE TRIGGER account_lines_frozen BEFORE INSERT OR UPDATE OR DELETE ON account_lines
FOR EACH ROW EXECUTE FUNCTION account_version_parts_check();
CREATE TRIGGER account_documents_frozen BEFORE INSERT OR UPDATE OR DELETE ON account_documents
FOR EACH ROW EXECUTE FUNCTION account_version_parts_check();

-- The officer's review of one submitted version: the figures and the content, each
-- ticked; ineligible amounts per line with a reason; approved, or sent back with a reason.
CREATE TABLE account_reviews (
    id BIGSERIAL PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    version_id BIGINT NOT NULL UNIQUE REFERENCES account_versions (id),
    started_by BIGINT NOT NULL REFERENCES users (id),
    started_at TIMESTAMP NOT NULL,
    figures_checked BOOLEAN NOT NULL,
    content_checked BOOLEAN NOT NULL,
    decision TEXT CHECK (decision IS NULL OR decision IN ('approved', 'sent_back')),
    reason TEXT NOT NULL,
    decided_by BIGINT REFERENCES users (id),
    decided_at TIMESTAMP,
    CHECK ((decision IS NULL) = (decided_at IS NULL)),
    CHECK ((decision IS NULL) = (decided_by IS NULL)),
    CHECK (decision IS NULL OR decision <> 'sent_back' OR reason <> ''),
    CHECK (decision IS NULL OR decision <> 'approved' OR (figures_checked AND content_checked))
);

CREATE FUNCTION account_reviews_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF (SELECT submitted_at FROM account_versions WHERE id = NEW.version_id AND account_id = NEW.account_id) IS NULL THEN
            RAISE EXCEPTION 'only a submitted version of the account is reviewed';
        END IF;
    ELSIF OLD.decision IS NOT NULL THEN
        RAISE EXCEPTION 'a decided review never changes';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER account_reviews_checked BEFORE INSERT OR UPDATE ON account_reviews
FOR EACH ROW EXECUTE FUNCTION account_reviews_check();
CREATE TRIGGER account_reviews_no_delete BEFORE DELETE ON account_reviews
FOR EACH ROW EXECUTE FUNCTION tilskud_reject('reviews are never deleted');

CREATE TABLE account_review_lines (
    review_id BIGINT NOT NULL REFERENCES account_reviews (id),
    cost_item TEXT NOT NULL,
    year INTEGER NOT NULL,
    ineligible_ore BIGINT NOT NULL CHECK (ineligible_ore > 0),
    reason TEXT NOT NULL CHECK (reason <> ''),
    PRIMARY KEY (review_id, cost_item, year)
);

CREATE FUNCTION account_review_lines_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE r BIGINT;
BEGIN
    IF TG_OP = 'INSERT' THEN r := NEW.review_id; ELSE r := OLD.review_id; END IF;
    IF (SELECT decision FROM account_reviews WHERE id = r) IS NOT NULL THEN
        RAISE EXCEPTION 'a decided review never changes';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    IF NEW.ineligible_ore > COALESCE((SELECT l.actual_ore FROM account_lines l
        JOIN account_reviews rv ON rv.version_id = l.version_id
        WHERE rv.id = NEW.review_id AND l.cost_item = NEW.cost_item AND l.year = NEW.year), 0) THEN
        RAISE EXCEPTION 'an ineligible amount cannot exceed the line''s actual spend';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER account_review_lines_checked BEFORE INSERT OR UPDATE OR DELETE ON account_review_lines
FOR EACH ROW EXECUTE FUNCTION account_review_lines_check();

-- The settlement of a grant on its approved final account (domain::accounts::settle):
-- eligible = min(actual - ineligible, commitment), claim = max(0, paid - eligible).
CREATE TABLE settlements (
    account_id BIGINT PRIMARY KEY REFERENCES accounts (id),
    review_id BIGINT NOT NULL UNIQUE REFERENCES account_reviews (id),
    commitment_ore BIGINT NOT NULL CHECK (commitment_ore > 0),
    paid_ore BIGINT NOT NULL CHECK (paid_ore >= 0 AND paid_ore <= commitment_ore),
    actual_ore BIGINT NOT NULL CHECK (actual_ore >= 0),
    ineligible_ore BIGINT NOT NULL CHECK (ineligible_ore >= 0 AND ineligible_ore <= actual_ore),
    eligible_ore BIGINT NOT NULL,
    claim_ore BIGINT NOT NULL CHECK (claim_ore >= 0),
    settled_at TIMESTAMP NOT NULL,
    CHECK (eligible_ore = CASE WHEN actual_ore - ineligible_ore < commitment_ore THEN actual_ore - ineligible_ore ELSE commitment_ore END),
    CHECK (claim_ore = CASE WHEN paid_ore > eligible_ore THEN paid_ore - eligible_ore ELSE 0 END)
);

-- The figures are the stored ones: the approved final account's commitment, its paid
-- rates, the approving review's version's lines and its ineligible amounts.
CREATE FUNCTION settlements_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT kind || '/' || status FROM accounts WHERE id = NEW.account_id) IS DISTINCT FROM 'final/approved'
       OR (SELECT account_id || '/' || decision FROM account_reviews WHERE id = NEW.review_id) IS DISTINCT FROM NEW.account_id || '/approved'
       OR NEW.commitment_ore IS DISTINCT FROM (SELECT c.amount_ore FROM commitments c JOIN accounts a ON a.commitment_id = c.id WHERE a.id = NEW.account_id)
       OR NEW.paid_ore IS DISTINCT FROM (SELECT COALESCE(SUM(r.amount_ore), 0) FROM commitment_rates r JOIN accounts a ON a.commitment_id = r.commitment_id
            WHERE a.id = NEW.account_id AND r.status = 'paid')
       OR NEW.actual_ore IS DISTINCT FROM (SELECT COALESCE(SUM(l.actual_ore), 0) FROM account_lines l JOIN account_reviews v ON v.version_id = l.version_id
            WHERE v.id = NEW.review_id)
       OR NEW.ineligible_ore IS DISTINCT FROM (SELECT COALESCE(SUM(ineligible_ore), 0) FROM account_review_lines WHERE review_id = NEW.review_id) THEN
        RAISE EXCEPTION 'a settlement must use the stored figures';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER settlements_of_the_stored_figures BEFORE INSERT ON settlements
FOR EACH ROW EXECUTE FUNCTION settlements_check();
CREATE TRIGGER settlements_immutable BEFORE UPDATE OR DELETE ON settlements
FOR EACH ROW EXECUTE FUNCTION tilskud_reject('a settlement never changes');

-- A repayment claim, only when the settlement claims something back.
CREATE TABLE repayment_claims (
    id BIGSERIAL PRIMARY KEY,
    account_id BIGINT NOT NULL UNIQUE REFERENCES settlements (account_id),
    claim_no TEXT NOT NULL UNIQUE,
    amount_ore BIGINT NOT NULL CHECK (amount_ore > 0),
    due_date DATE NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'received', 'written_off')),
    received_on DATE,
    write_off_reason TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK ((status = 'received') = (received_on IS NOT NULL)),
    CHECK ((status = 'written_off') = (write_off_reason <> ''))
);

CREATE FUNCTION repayment_claims_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.amount_ore IS DISTINCT FROM (SELECT claim_ore FROM settlements WHERE account_id = NEW.account_id) THEN
            RAISE EXCEPTION 'a repayment claim is its settlement''s claim';
        END IF;
        RETURN NEW;
    END IF;
    IF (NEW.account_id, NEW.claim_no, NEW.amount_ore) IS DISTINCT FROM (OLD.account_id, OLD.claim_no, OLD.amount_ore) THEN
        RAISE EXCEPTION 'a repayment claim''s amount never changes';
    END IF;
    IF OLD.status <> 'open' AND NEW.status <> OLD.status THEN
        RAISE EXCEPTION 'a received or written-off claim never changes status';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER repayment_claims_checked BEFORE INSERT OR UPDATE ON repayment_claims
FOR EACH ROW EXECUTE FUNCTION repayment_claims_check();
CREATE TRIGGER repayment_claims_no_delete BEFORE DELETE ON repayment_claims
FOR EACH ROW EXECUTE FUNCTION tilskud_reject('repayment claims are never deleted');

-- Existing commitments get the accounts the rules above give them: a final account for
-- every active commitment and every withdrawn one with a paid rate; an interim account
-- for an active commitment whose gated rate is still pending, due the pool's months
-- after that rate's earliest date (the UTC date of approval for a rate without one).
INSERT INTO accounts (commitment_id, kind, before_rate, first_year, last_year, deadline,
    certification, grant_ore, threshold_ore, status, created_at, updated_at)
SELECT c.id, 'final', NULL,
    EXTRACT(YEAR FROM c.period_start)::int, EXTRACT(YEAR FROM c.period_end)::int,
    c.account_deadline,
    CASE WHEN c.amount_ore > p.auditor_threshold_ore THEN 'auditor' ELSE 'management' END,
    c.amount_ore, p.auditor_threshold_ore, 'draft', c.approved_at, c.approved_at
FROM commitments c JOIN pools p ON p.id = c.pool_id
WHERE c.status = 'active'
   OR EXISTS (SELECT 1 FROM commitment_rates r WHERE r.commitment_id = c.id AND r.status = 'paid');
INSERT INTO accounts (commitment_id, kind, before_rate, first_year, last_year, deadline,
    certification, grant_ore, threshold_ore, status, created_at, updated_at)
SELECT c.id, 'interim', r.rate_no,
    EXTRACT(YEAR FROM c.period_start)::int,
    GREATEST(EXTRACT(YEAR FROM c.period_start)::int,
        LEAST(EXTRACT(YEAR FROM c.period_end)::int,
            EXTRACT(YEAR FROM COALESCE(r.earliest_date, c.approved_at::date))::int - 1)),
    (COALESCE(r.earliest_date, c.approved_at::date) + make_interval(months => s.interim_deadline_months))::date,
    'management', c.amount_ore, p.auditor_threshold_ore, 'draft', c.approved_at, c.approved_at
FROM commitments c JOIN pools p ON p.id = c.pool_id
JOIN pool_account_settings s ON s.pool_id = c.pool_id
JOIN commitment_rates r ON r.commitment_id = c.id AND r.rate_no = s.interim_before_rate
WHERE c.status = 'active' AND r.status = 'pending';
