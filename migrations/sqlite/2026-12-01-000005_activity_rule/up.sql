-- How the pool reads rate 3's "at least 40 % of the intervention group ... over a
-- period of 3 months" (domain::monitoring::milestones::ThreeMonthRule): the length of
-- the period, the threshold in whole percent, and whether each month of the period must
-- reach it (true) or the period's counts pooled (false). The checks are the rule's own.
ALTER TABLE pools ADD COLUMN activity_months INTEGER NOT NULL DEFAULT 3
    CHECK (activity_months >= 1);
ALTER TABLE pools ADD COLUMN activity_threshold_percent INTEGER NOT NULL DEFAULT 40
    CHECK (activity_threshold_percent BETWEEN 0 AND 100);
ALTER TABLE pools ADD COLUMN activity_consecutive BOOLEAN NOT NULL DEFAULT TRUE;
