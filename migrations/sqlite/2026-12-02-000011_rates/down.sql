DROP TABLE idempotency_keys;
DROP TABLE rate_overrides;
DROP TRIGGER commitment_rates_not_cancelled_when_exported;
DROP TRIGGER commitment_rates_paid_by_payout;
DROP TABLE payouts;
DROP TABLE payout_batches;
DROP TABLE rate_request_documents;
DROP TABLE rate_requests;
DROP TABLE finance_acts;
DROP TRIGGER commitment_rates_cancelled_with_reason;
UPDATE commitment_rates SET cancel_reason = 'withdrawal' WHERE cancelled_for IS NOT NULL;
ALTER TABLE commitment_rates DROP COLUMN cancel_note;
ALTER TABLE commitment_rates DROP COLUMN cancelled_for;
CREATE TRIGGER commitment_rates_cancelled_with_reason BEFORE UPDATE OF status ON commitment_rates
WHEN NEW.status = 'cancelled' AND NEW.cancel_reason IS NULL
BEGIN SELECT RAISE(ABORT, 'a cancelled rate needs its reason'); END;
DROP TABLE commitment_rate_conditions;
ALTER TABLE commitment_rates DROP COLUMN finance_act_year;
DROP TABLE pool_rate_conditions;
ALTER TABLE pool_rates DROP COLUMN finance_act_year;
