INSERT INTO triage_history (anomaly_id, changed_at, changed_by, state, owner, note)
VALUES (:anomaly_id, :now, :by, :state, :owner, :note)
