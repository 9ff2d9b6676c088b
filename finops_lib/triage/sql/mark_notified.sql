UPDATE anomaly_triage SET notified_at = :now WHERE anomaly_id = :anomaly_id AND notified_at IS NULL
