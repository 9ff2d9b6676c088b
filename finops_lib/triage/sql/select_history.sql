SELECT anomaly_id, changed_at, changed_by, state, owner, note
FROM triage_history
WHERE anomaly_id = :anomaly_id
ORDER BY changed_at, state
