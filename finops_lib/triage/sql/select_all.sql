SELECT anomaly_id, series, service, start_day, direction, severity, state, owner, note,
       updated_by, updated_at, first_seen, notified_at
FROM anomaly_triage
ORDER BY start_day DESC, anomaly_id
