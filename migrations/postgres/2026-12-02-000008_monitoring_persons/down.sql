DROP TABLE monitoring_totals;
DROP TABLE monitoring_persons;
