-- Triage store, version 1: one row per anomaly (stable id), and every change kept.
CREATE TABLE IF NOT EXISTS anomaly_triage (
    anomaly_id TEXT PRIMARY KEY,
    series TEXT NOT NULL,
    service TEXT NOT NULL DEFAULT '',
    start_day TEXT NOT NULL,
    direction TEXT NOT NULL,
    severity TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'open',
    owner TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    notified_at TEXT
);
CREATE TABLE IF NOT EXISTS triage_history (
    anomaly_id TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    state TEXT NOT NULL,
    owner TEXT NOT NULL,
    note TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS triage_history_anomaly ON triage_history (anomaly_id);
