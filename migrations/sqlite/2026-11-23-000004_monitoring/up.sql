-- Monitoring: one row per pseudonymised person per municipality per month. The person
-- is an HMAC-SHA256 of the CPR number under a key kept outside the database; the CPR
-- itself is never stored.
CREATE TABLE monitoring_rows (
    municipality_code INTEGER NOT NULL REFERENCES municipalities (code),
    month INTEGER NOT NULL CHECK (month BETWEEN 190001 AND 999912 AND month % 100 BETWEEN 1 AND 12),
    person BLOB NOT NULL CHECK (length(person) = 32),
    assessment_group SMALLINT NOT NULL CHECK (assessment_group BETWEEN 0 AND 3),
    job_broker BOOLEAN NOT NULL,
    company_offer BOOLEAN NOT NULL,
    ordinary_centihours INTEGER NOT NULL CHECK (ordinary_centihours >= 0),
    outcome TEXT NOT NULL CHECK (outcome IN ('job', 'education', 'flexjob', 'none')),
    PRIMARY KEY (municipality_code, month, person)
) WITHOUT ROWID; -- stored in key order: one B-tree per insert, and the KPI GROUP BY
                 -- (municipality, month) streams through it without sorting

-- The last upload of each municipality's month: re-uploading a month replaces it.
CREATE TABLE monitoring_uploads (
    municipality_code INTEGER NOT NULL REFERENCES municipalities (code),
    month INTEGER NOT NULL,
    row_count BIGINT NOT NULL CHECK (row_count >= 0),
    uploaded_by BIGINT,
    uploaded_at TIMESTAMP NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (municipality_code, month)
);
