-- What the data holds, per provider: line items and (FOCUS, amortized metrics only) how many
-- rows have an EffectiveCost of 0 while BilledCost is not 0 (amortized shows those as 0), and how
-- many money cells the metric reads are not finite numbers; the first day the data covers (its
-- first billing period's start) and the last day with cost lines.
SELECT
    {provider} AS provider,
    COUNT(*) AS line_items,
    SUM({zero_effective}) AS zero_effective_rows,
    SUM({unparseable}) AS unparseable_cells,
    MIN(CAST({first_ts} AS DATE)) AS first_day,
    MAX(CAST({usage_ts} AS DATE)) AS last_day
FROM {relation}
GROUP BY {provider}
ORDER BY line_items DESC
