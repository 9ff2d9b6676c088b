INSERT INTO anomaly_triage (anomaly_id, series, service, start_day, direction, severity,
                            updated_at, first_seen)
VALUES (:anomaly_id, :series, :service, :start_day, :direction, :severity, :now, :now)
ON CONFLICT (anomaly_id) DO UPDATE SET severity = excluded.severity
