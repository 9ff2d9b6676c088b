CREATE TABLE IF NOT EXISTS triage_schema_version (
    version INTEGER PRIMARY KEY,
    applied_at TEXT NOT NULL
)
