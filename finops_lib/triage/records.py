"""Anomalies as plain records (id, series, impact, causes, runbook) for the report, alerts and
the triage store, and the anomaly table with its id column."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from ..anomalies import Anomaly
from ..report import Column, Table
from ..runbooks import match
from .ids import anomaly_id
from .store import Seen

__all__ = ["RECORDS_KEY", "anomaly_records", "seen", "with_ids"]

RECORDS_KEY = "anomaly_records"  # Report.extra key (JSON export: extra.anomaly_records)
TOP_CAUSES = 3
SEVERITY_RANK = {"low": 1, "medium": 2, "high": 3}


def _cause(c: Any) -> dict[str, Any]:
    return {"dimension": c.dimension, "key": c.key, "label": c.label or c.key,
            "impact_dollars": c.impact_dollars, "share_percent": c.share_percent}


def anomaly_record(a: Anomaly) -> dict[str, Any]:
    """One anomaly as a JSON-ready record, with its stable id and matching runbook."""
    usage = [c.key for c in a.root_causes if c.dimension == "usage_type"]
    record: dict[str, Any] = {
        "id": anomaly_id(a.dimension, a.series_key, a.start), "series": a.label,
        "dimension": a.dimension, "series_key": a.series_key, "service": a.service,
        "account_id": a.account_id, "start": a.start.isoformat(),
        "last_day": a.last_day.isoformat(), "ongoing": a.ongoing, "direction": a.direction,
        "severity": a.severity, "is_new": a.is_new, "actual": a.actual, "expected": a.expected,
        "impact_dollars": a.impact_dollars, "impact_percent": a.impact_percent,
        "top_causes": [_cause(c) for c in a.root_causes[:TOP_CAUSES]], "usage_types": usage,
        "recommended_action": a.recommended_action,
    }
    runbook = match(record)
    record["runbook"] = None if runbook is None else {"slug": runbook.slug,
                                                      "title": runbook.title,
                                                      "link": runbook.link}
    return record


def anomaly_records(anomalies: Sequence[Anomaly]) -> tuple[dict[str, Any], ...]:
    """Records of the detected anomalies, in the table's order."""
    return tuple(anomaly_record(a) for a in anomalies)


def with_ids(table: Table, records: Sequence[dict[str, Any]]) -> Table:
    """The anomaly table with an id column first and the runbook link last."""
    rows = tuple({"id": r["id"], **row,
                  "runbook": r["runbook"]["link"] if r["runbook"] else ""}
                 for row, r in zip(table.rows, records, strict=True))
    columns = (Column("id", "Id"), *table.columns, Column("runbook", "Runbook"))
    return replace(table, columns=columns, rows=rows)


def seen(records: Sequence[dict[str, Any]]) -> list[Seen]:
    """What the triage store tracks for each record."""
    return [Seen(r["id"], r["series"], r["service"], r["start"], r["direction"], r["severity"])
            for r in records]
