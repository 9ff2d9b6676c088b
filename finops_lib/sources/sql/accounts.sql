-- The accounts the data covers, with the name the data gives each.
SELECT
    {account_id} AS account_id,
    COALESCE(MAX({account_name}), {account_id}) AS account_name
FROM {relation}
WHERE 1 = 1
  {aws_only}
  {period_filter}
GROUP BY {account_id}
ORDER BY account_id
