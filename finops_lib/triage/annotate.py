"""Triage state on the report: the anomaly table and records gain state, owner and note.

Applied after the (cacheable) report is built, so a change made in the app or by the command
shows on the next draw without fetching costs again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from ..report import Column, Report
from .records import RECORDS_KEY, seen
from .store import StoreError, TriageRecord, TriageStore, open_store

__all__ = ["TRIAGE_COLUMNS", "annotate_report", "records_of"]

TRIAGE_COLUMNS = (Column("state", "Triage"), Column("owner", "Owner"), Column("note", "Note"))


def records_of(report: Report) -> tuple[dict[str, Any], ...]:
    """The anomaly records of a report (empty for personas without anomalies)."""
    return tuple(report.extra.get(RECORDS_KEY, ()))


def _triage(record: TriageRecord | None) -> dict[str, Any]:
    if record is None:
        return {"state": "open", "owner": "", "note": "", "updated_by": "", "updated_at": "",
                "notified_at": None}
    changed = bool(record.updated_by)  # registration alone is not a triage change
    return {"state": record.state, "owner": record.owner, "note": record.note,
            "updated_by": record.updated_by, "updated_at": record.updated_at if changed else "",
            "notified_at": record.notified_at}


def _with_state(report: Report, states: Mapping[str, TriageRecord],
                records: Sequence[dict[str, Any]]) -> Report:
    triaged = tuple({**r, **_triage(states.get(r["id"]))} for r in records)
    by_id = {r["id"]: r for r in triaged}
    tables = []
    for table in report.tables:
        if table.key == "anomaly_events" and table.rows and "id" in table.rows[0]:
            rows = tuple({**row, **{c.key: by_id[row["id"]][c.key] for c in TRIAGE_COLUMNS}}
                         for row in table.rows)
            table = replace(table, columns=(*table.columns, *TRIAGE_COLUMNS), rows=rows)
        tables.append(table)
    return replace(report, tables=tuple(tables), extra={**report.extra, RECORDS_KEY: triaged})


def annotate_report(report: Report, store: TriageStore | None = None) -> Report:
    """The report with each anomaly's triage; a store that cannot answer becomes a notice."""
    records = records_of(report)
    if not records:
        return report
    try:
        store = store or open_store()
        store.register(seen(records))
        states = store.records([r["id"] for r in records])
    except StoreError as exc:
        return replace(report, notices=(*report.notices,
                                        f"Triage store unavailable: {exc.one_line()}"))
    return _with_state(report, states, records)
