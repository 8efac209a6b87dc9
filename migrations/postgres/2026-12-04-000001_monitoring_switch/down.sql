DELETE FROM monitoring_rows r WHERE NOT EXISTS (SELECT 1 FROM monitoring_uploads u
    WHERE u.municipality_code = r.municipality_code AND u.month = r.month
    AND u.upload_id = r.upload_id);
ALTER TABLE monitoring_rows DROP CONSTRAINT monitoring_rows_pkey;
ALTER TABLE monitoring_rows DROP COLUMN upload_id;
ALTER TABLE monitoring_rows ADD PRIMARY KEY (municipality_code, month, person);
ALTER TABLE monitoring_uploads DROP COLUMN upload_id;
DELETE FROM monitoring_persons p WHERE NOT EXISTS (SELECT 1 FROM monitoring_totals t
    WHERE t.municipality_code = p.municipality_code AND t.person_set = p.person_set);
DROP INDEX monitoring_persons_unassessed;
ALTER TABLE monitoring_persons DROP CONSTRAINT monitoring_persons_pkey;
ALTER TABLE monitoring_persons DROP COLUMN person_set;
ALTER TABLE monitoring_persons ADD PRIMARY KEY (municipality_code, person);
CREATE INDEX monitoring_persons_unassessed ON monitoring_persons (municipality_code, person)
    WHERE NOT assessed;
ALTER TABLE monitoring_totals DROP COLUMN person_set;
DROP TABLE monitoring_imports;
