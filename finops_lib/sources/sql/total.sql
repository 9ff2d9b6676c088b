-- The ungrouped total for a query, read without lines.sql or costs.sql so that validation
-- compares two independent statements over the same data.
SELECT
    SUM({amount}) AS amount,
    COUNT(*) AS line_items
FROM {relation}
WHERE {usage_ts} >= {start}
  AND {usage_ts} < {end}
  {aws_only}
  {period_filter}
  {account_filter}
  {service_filter}
  {region_filter}
  {currency_filter}
  {dimension_filter}
