-- Distinct (key, value) pairs of a JSON (or map) tags column in the window, for the app's
-- pick-lists: at most {per_key} values per key. DuckDB only: json_keys/json_extract_string.
SELECT k, v FROM (
  SELECT k, v, ROW_NUMBER() OVER (PARTITION BY k ORDER BY v) AS n FROM (
    SELECT DISTINCT t.k AS k, json_extract_string(src.j, '$."' || t.k || '"') AS v
    FROM (SELECT TRY_CAST({tags} AS JSON) AS j
          FROM {relation}
          WHERE {usage_ts} >= {start}
            AND {usage_ts} < {end}
            {aws_only}) AS src,
         unnest(json_keys(src.j)) AS t(k)
    WHERE src.j IS NOT NULL
  ) AS pairs
  WHERE v IS NOT NULL AND v <> ''
) AS ranked
WHERE n <= {per_key}
ORDER BY 1, 2
LIMIT {limit}
