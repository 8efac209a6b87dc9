-- Maintained per-person aggregates, so that rate 2's fact and the list of who is still
-- to be assessed never read the person-level rows (docs/decisions.md). One row per
-- person a municipality has reported: the first and last month, the months reported
-- and the highest assessment group in any of them (0: never assessed). The import
-- brings the rows of the municipalities it wrote up to date in its own transaction
-- (db::queries::monitoring::persons::recount_persons). No foreign key: the rows they
-- are counted from already reference the municipality.
CREATE TABLE monitoring_persons (
    municipality_code INTEGER NOT NULL,
    person BLOB NOT NULL,
    first_month INTEGER NOT NULL,
    last_month INTEGER NOT NULL,
    months BIGINT NOT NULL,
    max_group SMALLINT NOT NULL,
    PRIMARY KEY (municipality_code, person)
) WITHOUT ROWID;

-- The never-assessed persons of a municipality in pseudonym order, read a page at a time.
CREATE INDEX monitoring_persons_unassessed ON monitoring_persons (municipality_code, person)
    WHERE max_group = 0;

-- Per municipality: the distinct persons reported (in any group) and those assessed
-- (group 1, 2 or 3 in any month). The never assessed are the difference.
CREATE TABLE monitoring_totals (
    municipality_code INTEGER PRIMARY KEY NOT NULL REFERENCES municipalities (code),
    persons_seen BIGINT NOT NULL,
    persons_assessed BIGINT NOT NULL
);

-- The aggregates of the rows stored so far.
INSERT INTO monitoring_persons (municipality_code, person, first_month, last_month, months,
    max_group)
SELECT municipality_code, person, MIN(month), MAX(month), COUNT(*), MAX(assessment_group)
FROM monitoring_rows
GROUP BY municipality_code, person;

INSERT INTO monitoring_totals (municipality_code, persons_seen, persons_assessed)
SELECT municipality_code, COUNT(*), SUM(CASE WHEN max_group > 0 THEN 1 ELSE 0 END)
FROM monitoring_persons
GROUP BY municipality_code;
