-- The days the data covers: its first billing period's first day (else its first usage day)
-- and the last day with AWS cost lines. Two timestamp columns, no money: a cheap scan.
SELECT
    MIN(CAST({first_ts} AS DATE)) AS first_day,
    MAX(CAST({usage_ts} AS DATE)) AS last_day
FROM {relation}
WHERE 1 = 1
  {aws_only}
