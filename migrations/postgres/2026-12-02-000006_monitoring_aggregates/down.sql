DROP TABLE monitoring_month_counts;
