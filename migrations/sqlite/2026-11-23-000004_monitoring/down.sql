DROP TABLE monitoring_uploads;
DROP TABLE monitoring_rows;
