DROP TABLE commitment_rates;
DROP TABLE commitment_years;
DROP TABLE commitments;
DROP TABLE application_events;
DROP TABLE budget_lines;
DROP TABLE application_versions;
DROP TABLE applications;
ALTER TABLE pools DROP COLUMN admin_share_max_bp;
