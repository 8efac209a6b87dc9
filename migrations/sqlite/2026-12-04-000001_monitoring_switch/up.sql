-- An import writes its rows in short transactions under an upload id that no reader
-- sees, then one short transaction switches the municipality-months to it (issue 15,
-- docs/monitoring.md "How an import is written"). An import in progress: its id is the
-- upload id of its rows and the person set of its per-person aggregates; the heartbeat
-- tells a live import from a crashed one, whose rows the next start removes.
CREATE TABLE monitoring_imports (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    started_at TIMESTAMP NOT NULL,
    heartbeat_at TIMESTAMP NOT NULL,
    source TEXT NOT NULL
);

-- The rows, with the upload that wrote them; a row is current when its upload is the one
-- monitoring_uploads names for its municipality-month. Rows stored before are upload 0.
CREATE TABLE monitoring_rows_by_upload (
    municipality_code INTEGER NOT NULL REFERENCES municipalities (code),
    month INTEGER NOT NULL CHECK (month BETWEEN 190001 AND 999912 AND month % 100 BETWEEN 1 AND 12),
    person BLOB NOT NULL CHECK (length(person) = 32),
    assessment_group SMALLINT NOT NULL CHECK (assessment_group BETWEEN 0 AND 3),
    job_broker BOOLEAN NOT NULL,
    company_offer BOOLEAN NOT NULL,
    ordinary_centihours INTEGER NOT NULL CHECK (ordinary_centihours >= 0),
    outcome TEXT NOT NULL CHECK (outcome IN ('job', 'education', 'flexjob', 'none')),
    upload_id BIGINT NOT NULL,
    PRIMARY KEY (municipality_code, month, upload_id, person)
) WITHOUT ROWID;
INSERT INTO monitoring_rows_by_upload (municipality_code, month, person, assessment_group,
    job_broker, company_offer, ordinary_centihours, outcome, upload_id)
SELECT municipality_code, month, person, assessment_group, job_broker, company_offer,
    ordinary_centihours, outcome, 0
FROM monitoring_rows;
DROP TABLE monitoring_rows;
ALTER TABLE monitoring_rows_by_upload RENAME TO monitoring_rows;

-- The current upload of each municipality-month; every month with rows has one.
ALTER TABLE monitoring_uploads ADD COLUMN upload_id BIGINT NOT NULL DEFAULT 0;
INSERT INTO monitoring_uploads (municipality_code, month, row_count, uploaded_by,
    uploaded_at, source, upload_id)
SELECT municipality_code, month, COUNT(*), NULL, CURRENT_TIMESTAMP, 'migration', 0
FROM monitoring_rows r
WHERE NOT EXISTS (SELECT 1 FROM monitoring_uploads u
    WHERE u.municipality_code = r.municipality_code AND u.month = r.month)
GROUP BY municipality_code, month;

-- Per-person aggregates in sets: an import counts a municipality's new set beside the
-- current one, and monitoring_totals.person_set names the current set.
CREATE TABLE monitoring_persons_by_set (
    municipality_code INTEGER NOT NULL,
    person_set BIGINT NOT NULL,
    person BLOB NOT NULL,
    assessed BOOLEAN NOT NULL,
    first_month INTEGER,
    last_month INTEGER,
    months BIGINT,
    PRIMARY KEY (municipality_code, person_set, person),
    CHECK (assessed = (first_month IS NULL) AND assessed = (last_month IS NULL)
        AND assessed = (months IS NULL))
) WITHOUT ROWID;
INSERT INTO monitoring_persons_by_set (municipality_code, person_set, person, assessed,
    first_month, last_month, months)
SELECT municipality_code, 0, person, assessed, first_month, last_month, months
FROM monitoring_persons;
DROP TABLE monitoring_persons;
ALTER TABLE monitoring_persons_by_set RENAME TO monitoring_persons;
CREATE INDEX monitoring_persons_unassessed ON monitoring_persons
    (municipality_code, person_set, person) WHERE NOT assessed;

ALTER TABLE monitoring_totals ADD COLUMN person_set BIGINT NOT NULL DEFAULT 0;
