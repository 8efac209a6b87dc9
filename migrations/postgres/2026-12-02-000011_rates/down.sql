DROP TABLE idempotency_keys;
DROP TABLE rate_overrides;
DROP TABLE payouts;
DROP FUNCTION payouts_check_forward();
DROP FUNCTION payouts_check_insert();
DROP TABLE payout_batches;
DROP FUNCTION payout_batches_check_paid();
DROP TABLE rate_request_documents;
DROP TABLE rate_requests;
DROP TABLE finance_acts;
UPDATE commitment_rates SET cancel_reason = 'withdrawal' WHERE cancelled_for IS NOT NULL;
CREATE OR REPLACE FUNCTION commitment_rates_check_accounts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'cancelled' AND NEW.cancel_reason IS NULL THEN
        RAISE EXCEPTION 'a cancelled rate needs its reason';
    END IF;
    IF NEW.settled_ore IS DISTINCT FROM OLD.settled_ore
       AND (OLD.settled_ore IS NOT NULL OR OLD.status <> 'pending') THEN
        RAISE EXCEPTION 'only a pending rate is cut, once';
    END IF;
    IF NEW.status = 'paid' AND OLD.status <> 'paid' AND EXISTS (
        SELECT 1 FROM accounts WHERE commitment_id = NEW.commitment_id AND kind = 'interim'
        AND before_rate = NEW.rate_no AND status <> 'approved') THEN
        RAISE EXCEPTION 'the interim account must be approved before this rate is paid';
    END IF;
    RETURN NEW;
END $$;
ALTER TABLE commitment_rates DROP COLUMN cancel_note;
ALTER TABLE commitment_rates DROP COLUMN cancelled_for;
DROP TABLE commitment_rate_conditions;
ALTER TABLE commitment_rates DROP COLUMN finance_act_year;
DROP TABLE pool_rate_conditions;
ALTER TABLE pool_rates DROP COLUMN finance_act_year;
