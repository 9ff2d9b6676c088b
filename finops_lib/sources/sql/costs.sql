-- Daily cost per account, service, region, currency (and allocation group): the canonical
-- table, with the count of money cells that are not finite numbers (validation fails on any).
SELECT
    usage_date,
    account_id,
    COALESCE(MAX(account_name), account_id) AS account_name,
    service,
    region,
    currency,
    SUM(amount) AS amount,
    COALESCE(group_value, '') AS group_value,
    SUM(unparseable) AS unparseable
FROM ({lines}) AS line_items
WHERE 1 = 1
  {account_filter}
  {service_filter}
  {region_filter}
  {currency_filter}
GROUP BY usage_date, account_id, service, region, currency, COALESCE(group_value, '')
ORDER BY usage_date, account_id, service, region, currency, group_value
