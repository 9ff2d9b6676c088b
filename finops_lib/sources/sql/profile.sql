-- What the data holds, per provider: line items, days covered, and (FOCUS) how many rows have
-- an EffectiveCost of 0 while BilledCost is not 0 (amortized shows those as 0).
SELECT
    {provider} AS provider,
    COUNT(*) AS line_items,
    MIN({usage_ts}) AS first_usage,
    MAX({usage_ts}) AS last_usage,
    SUM({zero_effective}) AS zero_effective_rows
FROM {relation}
GROUP BY {provider}
ORDER BY line_items DESC
