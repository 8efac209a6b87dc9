-- Rates and payouts (docs/rates.md).
--
-- A pool's rate plan is data: each rate has its share and date (pool_rates), the finance
-- act it waits for, and milestone conditions from a fixed vocabulary. A commitment keeps
-- its own copy, as its letter stated them, so that a later change of the pool's plan
-- never changes a commitment given.

ALTER TABLE pool_rates ADD COLUMN finance_act_year INTEGER
    CHECK (finance_act_year IS NULL OR finance_act_year BETWEEN 2000 AND 2100);
UPDATE pool_rates SET finance_act_year = CAST(strftime('%Y', earliest_date) AS INTEGER)
    WHERE earliest_date IS NOT NULL;

-- kind: 'whole_group_assessed' (the whole gross target group assessed), 'activity_share'
-- (at least percent_bp of the intervention group in company-oriented activity or ordinary
-- hours over `months` months, read as the pool reads it), 'results_share' (at least
-- percent_bp of the target group in a job, education or ordinary hours in a month),
-- 'final_account' (the final account approved). The interim account's condition is the
-- pool's interim_before_rate (pool_account_settings).
CREATE TABLE pool_rate_conditions (
    pool_id BIGINT NOT NULL,
    rate_no INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('whole_group_assessed', 'activity_share', 'results_share', 'final_account')),
    percent_bp INTEGER CHECK (percent_bp IS NULL OR percent_bp BETWEEN 1 AND 10000),
    months INTEGER CHECK (months IS NULL OR months BETWEEN 1 AND 36),
    PRIMARY KEY (pool_id, rate_no, kind),
    FOREIGN KEY (pool_id, rate_no) REFERENCES pool_rates (pool_id, rate_no) ON DELETE CASCADE,
    CHECK ((kind IN ('activity_share', 'results_share')) = (percent_bp IS NOT NULL)),
    CHECK ((kind = 'activity_share') = (months IS NOT NULL))
);
-- The plan "Flere skal med" has had since its first day, for pools of three rates: rate 2
-- on the whole group assessed, rate 3 on the pool's activity reading.
INSERT INTO pool_rate_conditions (pool_id, rate_no, kind, percent_bp, months)
    SELECT r.pool_id, 2, 'whole_group_assessed', NULL, NULL FROM pool_rates r
    WHERE r.rate_no = 2 AND (SELECT COUNT(*) FROM pool_rates x WHERE x.pool_id = r.pool_id) = 3;
INSERT INTO pool_rate_conditions (pool_id, rate_no, kind, percent_bp, months)
    SELECT r.pool_id, 3, 'activity_share', p.activity_threshold_percent * 100, p.activity_months
    FROM pool_rates r JOIN pools p ON p.id = r.pool_id
    WHERE r.rate_no = 3 AND (SELECT COUNT(*) FROM pool_rates x WHERE x.pool_id = r.pool_id) = 3
    AND p.activity_threshold_percent > 0;

ALTER TABLE commitment_rates ADD COLUMN finance_act_year INTEGER;
UPDATE commitment_rates SET finance_act_year = CAST(strftime('%Y', earliest_date) AS INTEGER)
    WHERE earliest_date IS NOT NULL;

CREATE TABLE commitment_rate_conditions (
    commitment_id BIGINT NOT NULL,
    rate_no INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('whole_group_assessed', 'activity_share', 'results_share', 'final_account')),
    percent_bp INTEGER,
    months INTEGER,
    PRIMARY KEY (commitment_id, rate_no, kind),
    FOREIGN KEY (commitment_id, rate_no) REFERENCES commitment_rates (commitment_id, rate_no)
);
INSERT INTO commitment_rate_conditions (commitment_id, rate_no, kind, percent_bp, months)
    SELECT c.id, p.rate_no, p.kind, p.percent_bp, p.months
    FROM commitments c JOIN pool_rate_conditions p ON p.pool_id = c.pool_id
    WHERE EXISTS (SELECT 1 FROM commitment_rates r WHERE r.commitment_id = c.id AND r.rate_no = p.rate_no);
CREATE TRIGGER commitment_rate_conditions_immutable BEFORE UPDATE ON commitment_rate_conditions
BEGIN SELECT RAISE(ABORT, 'the conditions of a commitment never change'); END;

-- A cancellation by an officer: the milestone was not met by the end of the period, or
-- another documented decision; with the officer's note. (cancel_reason keeps the two
-- automatic kinds, 'withdrawal' and 'regnskab'; exactly one of the two is set.)
ALTER TABLE commitment_rates ADD COLUMN cancelled_for TEXT
    CHECK (cancelled_for IS NULL OR (status = 'cancelled' AND cancelled_for IN ('milestone_not_met', 'decision')));
ALTER TABLE commitment_rates ADD COLUMN cancel_note TEXT NOT NULL DEFAULT '';
DROP TRIGGER commitment_rates_cancelled_with_reason;
CREATE TRIGGER commitment_rates_cancelled_with_reason BEFORE UPDATE OF status ON commitment_rates
WHEN NEW.status = 'cancelled' AND (NEW.cancel_reason IS NULL) = (NEW.cancelled_for IS NULL)
BEGIN SELECT RAISE(ABORT, 'a cancelled rate needs exactly one reason'); END;

-- Finance acts (finanslove) as STAR registers them passed.
CREATE TABLE finance_acts (
    year INTEGER PRIMARY KEY NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    passed_on DATE NOT NULL,
    reference TEXT NOT NULL CHECK (length(reference) BETWEEN 1 AND 200),
    registered_by BIGINT NOT NULL REFERENCES users (id),
    registered_at TIMESTAMP NOT NULL
);
-- The municipality asks for a rate; a refused request is kept with its reason.
CREATE TABLE rate_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    commitment_id BIGINT NOT NULL,
    rate_no INTEGER NOT NULL,
    note TEXT NOT NULL,
    requested_by BIGINT NOT NULL REFERENCES users (id),
    requested_at TIMESTAMP NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'refused', 'prepared', 'cancelled')),
    decided_by BIGINT REFERENCES users (id),
    decided_at TIMESTAMP,
    refusal_reason TEXT,
    FOREIGN KEY (commitment_id, rate_no) REFERENCES commitment_rates (commitment_id, rate_no),
    CHECK ((status = 'refused') = (refusal_reason IS NOT NULL)),
    CHECK ((status = 'open') = (decided_by IS NULL))
);
CREATE UNIQUE INDEX rate_requests_one_open ON rate_requests (commitment_id, rate_no) WHERE status = 'open';
CREATE TABLE rate_request_documents (
    request_id BIGINT NOT NULL REFERENCES rate_requests (id),
    sha256 TEXT NOT NULL REFERENCES documents (sha256),
    file_name TEXT NOT NULL,
    PRIMARY KEY (request_id, sha256)
);

-- A batch for the state's finance system: its files are made once and kept, so that a
-- second download is the same bytes.
CREATE TABLE payout_batches (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    pool_id BIGINT NOT NULL REFERENCES pools (id),
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    payout_count INTEGER NOT NULL CHECK (payout_count > 0),
    total_ore BIGINT NOT NULL CHECK (total_ore > 0),
    csv BLOB NOT NULL,
    xlsx BLOB NOT NULL,
    paid_on DATE,
    paid_by BIGINT REFERENCES users (id),
    paid_at TIMESTAMP,
    CHECK ((paid_on IS NULL) = (paid_by IS NULL) AND (paid_on IS NULL) = (paid_at IS NULL))
);
CREATE TRIGGER payout_batches_files_immutable BEFORE UPDATE OF csv, xlsx, total_ore, payout_count ON payout_batches
BEGIN SELECT RAISE(ABORT, 'a batch never changes'); END;
CREATE TRIGGER payout_batches_paid_once BEFORE UPDATE OF paid_on ON payout_batches
WHEN OLD.paid_on IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a batch is marked paid once'); END;

-- A payout: prepared by one officer with the evidence frozen, approved by another, put in
-- exactly one batch, paid. One live payout per commitment x rate (a rejected or cancelled
-- one is kept beside it), for the rate's whole (or settled) amount: nothing is paid twice.
CREATE TABLE payouts (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    commitment_id BIGINT NOT NULL,
    rate_no INTEGER NOT NULL,
    request_id BIGINT REFERENCES rate_requests (id),
    amount_ore BIGINT NOT NULL CHECK (amount_ore > 0),
    payment_reference TEXT NOT NULL CHECK (length(payment_reference) BETWEEN 1 AND 27),
    evidence TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('prepared', 'approved', 'exported', 'paid', 'rejected', 'cancelled')),
    prepared_by BIGINT NOT NULL REFERENCES users (id),
    prepared_at TIMESTAMP NOT NULL,
    approved_by BIGINT REFERENCES users (id),
    approved_at TIMESTAMP,
    decided_by BIGINT REFERENCES users (id),
    decided_at TIMESTAMP,
    decision_reason TEXT,
    batch_id BIGINT REFERENCES payout_batches (id),
    FOREIGN KEY (commitment_id, rate_no) REFERENCES commitment_rates (commitment_id, rate_no),
    CHECK (approved_by IS NULL OR approved_by <> prepared_by),
    CHECK ((status IN ('approved', 'exported', 'paid')) = (approved_by IS NOT NULL AND approved_at IS NOT NULL)),
    CHECK ((status IN ('exported', 'paid')) = (batch_id IS NOT NULL)),
    CHECK ((status IN ('rejected', 'cancelled')) = (decision_reason IS NOT NULL))
);
CREATE UNIQUE INDEX payouts_once ON payouts (commitment_id, rate_no) WHERE status NOT IN ('rejected', 'cancelled');
CREATE INDEX payouts_status ON payouts (status);
CREATE INDEX payouts_batch ON payouts (batch_id);
-- The amount is the rate's (its settled amount if the final account cut it), and only a
-- pending rate of an active commitment gets a payout.
CREATE TRIGGER payouts_amount_is_the_rate BEFORE INSERT ON payouts
WHEN NEW.amount_ore IS NOT (SELECT COALESCE(settled_ore, amount_ore) FROM commitment_rates
        WHERE commitment_id = NEW.commitment_id AND rate_no = NEW.rate_no AND status = 'pending')
  OR (SELECT status FROM commitments WHERE id = NEW.commitment_id) <> 'active'
BEGIN SELECT RAISE(ABORT, 'a payout is the whole amount of a pending rate of an active commitment'); END;
CREATE TRIGGER payouts_frozen BEFORE UPDATE OF commitment_id, rate_no, amount_ore, payment_reference, evidence, prepared_by, prepared_at ON payouts
BEGIN SELECT RAISE(ABORT, 'a payout never changes what it pays'); END;
-- Forward only: prepared -> approved -> exported -> paid; prepared or approved -> rejected
-- or cancelled.
CREATE TRIGGER payouts_forward BEFORE UPDATE OF status ON payouts
WHEN OLD.status <> NEW.status AND NOT ((OLD.status = 'prepared' AND NEW.status IN ('approved', 'rejected', 'cancelled'))
       OR (OLD.status = 'approved' AND NEW.status IN ('exported', 'rejected', 'cancelled'))
       OR (OLD.status = 'exported' AND NEW.status = 'paid'))
BEGIN SELECT RAISE(ABORT, 'a payout only moves forward'); END;
-- A rate is paid only through its payout, and a rate whose payout has left for the
-- finance system is not cancelled.
CREATE TRIGGER commitment_rates_paid_by_payout BEFORE UPDATE OF status ON commitment_rates
WHEN NEW.status = 'paid' AND NOT EXISTS (SELECT 1 FROM payouts WHERE commitment_id = NEW.commitment_id
        AND rate_no = NEW.rate_no AND status = 'paid')
BEGIN SELECT RAISE(ABORT, 'a rate is paid only through its payout'); END;
CREATE TRIGGER commitment_rates_not_cancelled_when_exported BEFORE UPDATE OF status ON commitment_rates
WHEN NEW.status = 'cancelled' AND EXISTS (SELECT 1 FROM payouts WHERE commitment_id = NEW.commitment_id
        AND rate_no = NEW.rate_no AND status IN ('approved', 'exported', 'paid'))
BEGIN SELECT RAISE(ABORT, 'a rate with an approved payout is not cancelled'); END;

-- An exception from a condition, documented: proposed by one officer, approved by another.
CREATE TABLE rate_overrides (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    commitment_id BIGINT NOT NULL,
    rate_no INTEGER NOT NULL,
    condition TEXT NOT NULL CHECK (condition IN ('not_before', 'finance_act', 'whole_group_assessed',
        'activity_share', 'results_share', 'interim_account', 'final_account')),
    reason TEXT NOT NULL CHECK (length(reason) > 0),
    status TEXT NOT NULL CHECK (status IN ('proposed', 'approved', 'rejected')),
    proposed_by BIGINT NOT NULL REFERENCES users (id),
    proposed_at TIMESTAMP NOT NULL,
    decided_by BIGINT REFERENCES users (id),
    decided_at TIMESTAMP,
    FOREIGN KEY (commitment_id, rate_no) REFERENCES commitment_rates (commitment_id, rate_no),
    CHECK (decided_by IS NULL OR decided_by <> proposed_by),
    CHECK ((status = 'proposed') = (decided_by IS NULL))
);
CREATE UNIQUE INDEX rate_overrides_one_live ON rate_overrides (commitment_id, rate_no, condition)
    WHERE status <> 'rejected';

-- API writes with an Idempotency-Key: the same key and body get the stored answer.
CREATE TABLE idempotency_keys (
    user_id BIGINT NOT NULL REFERENCES users (id),
    idem_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status_code INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, idem_key)
);
