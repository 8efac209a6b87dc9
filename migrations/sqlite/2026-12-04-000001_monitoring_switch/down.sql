-- Back to one version of each row: the current ones.
CREATE TABLE monitoring_rows_plain (
    municipality_code INTEGER NOT NULL REFERENCES municipalities (code),
    month INTEGER NOT NULL CHECK (month BETWEEN 190001 AND 999912 AND month % 100 BETWEEN 1 AND 12),
    person BLOB NOT NULL CHECK (length(person) = 32),
    assessment_group SMALLINT NOT NULL CHECK (assessment_group BETWEEN 0 AND 3),
    job_broker BOOLEAN NOT NULL,
    company_offer BOOLEAN NOT NULL,
    ordinary_centihours INTEGER NOT NULL CHECK (ordinary_centihours >= 0),
    outcome TEXT NOT NULL CHECK (outcome IN ('job', 'education', 'flexjob', 'none')),
    PRIMARY KEY (municipality_code, month, person)
) WITHOUT ROWID;
INSERT INTO monitoring_rows_plain
SELECT r.municipality_code, r.month, r.person, r.assessment_group, r.job_broker,
    r.company_offer, r.ordinary_centihours, r.outcome
FROM monitoring_rows r JOIN monitoring_uploads u ON u.municipality_code = r.municipality_code
    AND u.month = r.month AND u.upload_id = r.upload_id;
DROP TABLE monitoring_rows;
ALTER TABLE monitoring_rows_plain RENAME TO monitoring_rows;
ALTER TABLE monitoring_uploads DROP COLUMN upload_id;

CREATE TABLE monitoring_persons_plain (
    municipality_code INTEGER NOT NULL,
    person BLOB NOT NULL,
    assessed BOOLEAN NOT NULL,
    first_month INTEGER,
    last_month INTEGER,
    months BIGINT,
    PRIMARY KEY (municipality_code, person),
    CHECK (assessed = (first_month IS NULL) AND assessed = (last_month IS NULL)
        AND assessed = (months IS NULL))
) WITHOUT ROWID;
INSERT INTO monitoring_persons_plain
SELECT p.municipality_code, p.person, p.assessed, p.first_month, p.last_month, p.months
FROM monitoring_persons p JOIN monitoring_totals t ON t.municipality_code = p.municipality_code
    AND t.person_set = p.person_set;
DROP TABLE monitoring_persons;
ALTER TABLE monitoring_persons_plain RENAME TO monitoring_persons;
CREATE INDEX monitoring_persons_unassessed ON monitoring_persons (municipality_code, person)
    WHERE NOT assessed;
ALTER TABLE monitoring_totals DROP COLUMN person_set;
DROP TABLE monitoring_imports;
