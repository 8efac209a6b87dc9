-- Maintained per-person aggregates, so that rate 2's fact and the list of who is still
-- to be assessed never read the person-level rows (docs/decisions.md). One row per
-- person a municipality has reported: assessed or not (group 1, 2 or 3 in any month),
-- and, for the never assessed only, the first and last month reported and the number
-- of months, which the list shows. Once a person is assessed they are NULL: assessment
-- is permanent, so the monthly upload writes nothing for the persons already assessed.
-- The import brings the rows of the municipalities it wrote up to date in its own
-- transaction (db::queries::monitoring::persons::recount_persons). No foreign key: the
-- rows they are counted from already reference the municipality.
CREATE TABLE monitoring_persons (
    municipality_code INTEGER NOT NULL,
    person BYTEA NOT NULL,
    assessed BOOLEAN NOT NULL,
    first_month INTEGER,
    last_month INTEGER,
    months BIGINT,
    PRIMARY KEY (municipality_code, person),
    CHECK (assessed = (first_month IS NULL) AND assessed = (last_month IS NULL)
        AND assessed = (months IS NULL))
);

-- The never-assessed persons of a municipality in pseudonym order, read a page at a time.
CREATE INDEX monitoring_persons_unassessed ON monitoring_persons (municipality_code, person)
    WHERE NOT assessed;

-- Per municipality: the distinct persons reported (in any group) and those assessed.
-- The never assessed are the difference.
CREATE TABLE monitoring_totals (
    municipality_code INTEGER PRIMARY KEY NOT NULL REFERENCES municipalities (code),
    persons_seen BIGINT NOT NULL,
    persons_assessed BIGINT NOT NULL
);

-- The aggregates of the rows stored so far (the same expressions as
-- db::queries::monitoring::persons::PERSON_COUNTS).
INSERT INTO monitoring_persons (municipality_code, person, assessed, first_month,
    last_month, months)
SELECT municipality_code, person,
    MAX(assessment_group) > 0,
    CASE WHEN MAX(assessment_group) > 0 THEN NULL ELSE MIN(month) END,
    CASE WHEN MAX(assessment_group) > 0 THEN NULL ELSE MAX(month) END,
    CASE WHEN MAX(assessment_group) > 0 THEN NULL ELSE COUNT(*) END
FROM monitoring_rows
GROUP BY municipality_code, person;

INSERT INTO monitoring_totals (municipality_code, persons_seen, persons_assessed)
SELECT municipality_code, COUNT(*), SUM(CASE WHEN assessed THEN 1 ELSE 0 END)
FROM monitoring_persons
GROUP BY municipality_code;
