-- An import writes its rows in short transactions under an upload id that no reader
-- sees, then one short transaction switches the municipality-months to it (issue 15,
-- docs/monitoring.md "How an import is written"). An import in progress: its id is the
-- upload id of its rows and the person set of its per-person aggregates; the heartbeat
-- tells a live import from a crashed one, whose rows the next start removes.
CREATE TABLE monitoring_imports (
    id BIGSERIAL PRIMARY KEY,
    started_at TIMESTAMP NOT NULL,
    heartbeat_at TIMESTAMP NOT NULL,
    source TEXT NOT NULL
);

-- The rows, with the upload that wrote them; a row is current when its upload is the one
-- monitoring_uploads names for its municipality-month. Rows stored before are upload 0.
ALTER TABLE monitoring_rows ADD COLUMN upload_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE monitoring_rows ALTER COLUMN upload_id DROP DEFAULT;
ALTER TABLE monitoring_rows DROP CONSTRAINT monitoring_rows_pkey;
ALTER TABLE monitoring_rows ADD PRIMARY KEY (municipality_code, month, upload_id, person);

-- The current upload of each municipality-month; every month with rows has one.
ALTER TABLE monitoring_uploads ADD COLUMN upload_id BIGINT NOT NULL DEFAULT 0;
INSERT INTO monitoring_uploads (municipality_code, month, row_count, uploaded_by,
    uploaded_at, source, upload_id)
SELECT municipality_code, month, COUNT(*), NULL, CAST(now() AT TIME ZONE 'UTC' AS TIMESTAMP),
    'migration', 0
FROM monitoring_rows r
WHERE NOT EXISTS (SELECT 1 FROM monitoring_uploads u
    WHERE u.municipality_code = r.municipality_code AND u.month = r.month)
GROUP BY municipality_code, month;

-- Per-person aggregates in sets: an import counts a municipality's new set beside the
-- current one, and monitoring_totals.person_set names the current set.
ALTER TABLE monitoring_persons ADD COLUMN person_set BIGINT NOT NULL DEFAULT 0;
ALTER TABLE monitoring_persons ALTER COLUMN person_set DROP DEFAULT;
ALTER TABLE monitoring_persons DROP CONSTRAINT monitoring_persons_pkey;
ALTER TABLE monitoring_persons ADD PRIMARY KEY (municipality_code, person_set, person);
DROP INDEX monitoring_persons_unassessed;
CREATE INDEX monitoring_persons_unassessed ON monitoring_persons
    (municipality_code, person_set, person) WHERE NOT assessed;

ALTER TABLE monitoring_totals ADD COLUMN person_set BIGINT NOT NULL DEFAULT 0;
