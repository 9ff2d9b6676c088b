-- One row per line item in canonical terms, for the query window.
-- The braced slots are filled by sources/formats.py from code constants and validated column names;
-- every user-supplied value (dates, paths, filters) is a bound parameter inside a slot.
SELECT
    CAST({usage_ts} AS DATE) AS usage_date,
    {account_id} AS account_id,
    {account_name} AS account_name,
    {service} AS service,
    {region} AS region,
    {currency} AS currency,
    {amount} AS amount,
    {group} AS group_value,
    {unparseable} AS unparseable
FROM {relation}
WHERE {usage_ts} >= {start}
  AND {usage_ts} < {end}
  {aws_only}
  {period_filter}
  {dimension_filter}
