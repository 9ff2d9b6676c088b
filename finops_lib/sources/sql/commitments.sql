-- Commitment figures per service for the query window (definitions in finops_lib/commitments.py).
-- The braced expressions come from sql/commitment_sql.py (code constants and validated columns).
SELECT
    {service} AS service,
    SUM({sp_covered}) AS sp_covered,
    SUM({ri_covered}) AS ri_covered,
    SUM({on_demand}) AS on_demand,
    SUM({sp_commitment}) AS sp_commitment,
    SUM({sp_used}) AS sp_used,
    SUM({ri_commitment}) AS ri_commitment,
    SUM({ri_used}) AS ri_used
FROM {relation}
WHERE {usage_ts} >= {start}
  AND {usage_ts} < {end}
  {aws_only}
  {period_filter}
  {account_filter}
  {service_filter}
  {region_filter}
  {dimension_filter}
  {currency_filter}
GROUP BY 1
ORDER BY 1
