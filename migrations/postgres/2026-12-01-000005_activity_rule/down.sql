ALTER TABLE pools DROP COLUMN activity_consecutive;
ALTER TABLE pools DROP COLUMN activity_threshold_percent;
ALTER TABLE pools DROP COLUMN activity_months;
