"""Team triage of anomalies: stable ids, a SQLite/PostgreSQL store, state on the report."""

from .annotate import annotate_report, records_of
from .ids import anomaly_id, check_id
from .records import RECORDS_KEY, anomaly_records, with_ids
from .store import STATES, StoreError, TriageRecord, TriageStore, default_url, open_store

__all__ = ["RECORDS_KEY", "STATES", "StoreError", "TriageRecord", "TriageStore",
           "annotate_report", "anomaly_id", "anomaly_records", "check_id", "default_url",
           "open_store", "records_of", "with_ids"]
