-- Maintained aggregates: per municipality and month, the counts every KPI and milestone
-- rate is computed from (db::queries::monitoring::COUNTS states them once). The import
-- recomputes the rows of the municipality-months it replaced, in its own transaction,
-- so the pages, downloads and rate checks never read the person-level rows.
CREATE TABLE monitoring_month_counts (
    municipality_code INTEGER NOT NULL REFERENCES municipalities (code),
    month INTEGER NOT NULL,
    persons BIGINT NOT NULL,
    assessed BIGINT NOT NULL,
    group1 BIGINT NOT NULL,
    group2 BIGINT NOT NULL,
    group3 BIGINT NOT NULL,
    g1_job_broker BIGINT NOT NULL,
    g1_company_offer BIGINT NOT NULL,
    g1_ordinary_hours BIGINT NOT NULL,
    g1_30_hours BIGINT NOT NULL,
    g1_none_of_these BIGINT NOT NULL,
    g1_outcome BIGINT NOT NULL,
    g1_company_or_hours BIGINT NOT NULL,
    PRIMARY KEY (municipality_code, month)
) WITHOUT ROWID;

-- The counts of the rows stored so far.
INSERT INTO monitoring_month_counts (municipality_code, month, persons, assessed, group1,
    group2, group3, g1_job_broker, g1_company_offer, g1_ordinary_hours, g1_30_hours,
    g1_none_of_these, g1_outcome, g1_company_or_hours)
SELECT municipality_code, month,
    COUNT(*),
    SUM(CASE WHEN assessment_group > 0 THEN 1 ELSE 0 END),
    SUM(CASE WHEN assessment_group = 1 THEN 1 ELSE 0 END),
    SUM(CASE WHEN assessment_group = 2 THEN 1 ELSE 0 END),
    SUM(CASE WHEN assessment_group = 3 THEN 1 ELSE 0 END),
    SUM(CASE WHEN assessment_group = 1 AND job_broker THEN 1 ELSE 0 END),
    SUM(CASE WHEN assessment_group = 1 AND company_offer THEN 1 ELSE 0 END),
    SUM(CASE WHEN assessment_group = 1 AND ordinary_centihours > 0 THEN 1 ELSE 0 END),
    SUM(CASE WHEN assessment_group = 1 AND ordinary_centihours >= 3000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN assessment_group = 1 AND NOT job_broker AND NOT company_offer AND ordinary_centihours = 0 THEN 1 ELSE 0 END),
    SUM(CASE WHEN assessment_group = 1 AND outcome <> 'none' THEN 1 ELSE 0 END),
    SUM(CASE WHEN assessment_group = 1 AND (company_offer OR ordinary_centihours > 0) THEN 1 ELSE 0 END)
FROM monitoring_rows
GROUP BY municipality_code, month;
