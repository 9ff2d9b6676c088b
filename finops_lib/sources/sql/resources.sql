-- Cost per resource id for the query window (largest first), for activity analysis.
SELECT
    {resource_id} AS resource_id,
    {account_id} AS account_id,
    {service} AS service,
    {region} AS region,
    SUM({amount}) AS amount
FROM {relation}
WHERE {usage_ts} >= {start}
  AND {usage_ts} < {end}
  AND {resource_id} IS NOT NULL
  {aws_only}
  {period_filter}
  {account_filter}
  {service_filter}
  {region_filter}
  {currency_filter}
  {dimension_filter}
GROUP BY 1, 2, 3, 4
ORDER BY amount DESC, resource_id
LIMIT {limit}
