UPDATE anomaly_triage
SET state = :state, owner = :owner, note = :note, updated_by = :by, updated_at = :now
WHERE anomaly_id = :anomaly_id
