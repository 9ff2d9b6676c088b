"""Anomalies as report elements: the ranked events table, each event's band chart, and AWS's
own anomalies as a table."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import pandas as pd

from ..formatting import fmt_money
from ..report import Chart, Column, Table, money
from .aws_anomalies import AWS_LABEL, AwsAnomaly
from .baseline import dated, expected_series
from .model import Anomaly, DetectionParams, RootCause

__all__ = ["anomalies_table", "anomaly_chart", "aws_anomalies_table"]


_TABLE_COLUMNS = (
    Column("series", "Series"),
    Column("direction", "Direction", "status"),
    Column("start", "Start", "date"),
    Column("last_day", "Last day", "date"),
    Column("ongoing", "Ongoing"),
    Column("actual", "Actual", "money"),
    Column("expected", "Expected", "money"),
    Column("impact", "Impact $", "money"),
    Column("impact_pct", "Impact %", "percent"),
    Column("severity", "Severity", "status"),
    Column("root_causes", "Root causes"),
    Column("action", "Recommended action"),
)


def _causes_text(causes: Sequence[RootCause]) -> str:
    return "; ".join(f"{c.dimension} {c.label or c.key} {fmt_money(c.impact_dollars, signed=True)}"
                     f" ({c.share_percent:.0f}%)" for c in causes)


def _row(a: Anomaly) -> dict[str, Any]:
    return {"series": a.label, "dimension": a.dimension, "direction": a.direction.upper(),
            "start": a.start.isoformat(), "last_day": a.last_day.isoformat(),
            "ongoing": "yes" if a.ongoing else "no", "actual": a.actual, "expected": a.expected,
            "impact": a.impact_dollars, "impact_pct": a.impact_percent,
            "severity": a.severity.upper(), "root_causes": _causes_text(a.root_causes),
            "action": a.recommended_action}


def anomalies_table(anomalies: Sequence[Anomaly]) -> Table:
    """The ranked anomaly events as a report table (key "anomaly_events")."""
    rows = tuple(_row(a) for a in anomalies)
    note = ("Expected = per-weekday median of the trailing non-anomalous weeks; an anomaly passes "
            "both the % and the $ threshold. Impact % is empty for a new series.")
    return Table("anomaly_events", "Cost anomalies (expected vs actual)", _TABLE_COLUMNS, rows,
                 note=note if rows else "No anomalies: every series stayed within its expected "
                 "band or below the thresholds.")


def _number(value: float) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) \
        else money(value)


def anomaly_chart(frame: pd.DataFrame, anomaly: Anomaly, *, params: DetectionParams | None = None,
                  context_days: int = 28) -> Chart:
    """The series with its expected band and the anomaly's days marked (kind "anomaly_series")."""
    params = params or DetectionParams()
    frame = dated(frame)
    end = pd.Timestamp(frame["date"].max()).date()
    fit = expected_series(frame, last_day=end, params=params, dimension=anomaly.dimension,
                          key=anomaly.series_key)
    first = pd.Timestamp(anomaly.start - timedelta(days=context_days))
    shown = fit[fit["evaluated"] & (fit["date"] >= first)]
    rows = tuple({"date": d.date().isoformat(), "actual": money(act), "expected": _number(exp),
                  "lower": _number(lo), "upper": _number(up),
                  "anomalous": bool(anomaly.start <= d.date() <= anomaly.last_day)}
                 for d, act, exp, lo, up in zip(shown["date"], shown["actual"], shown["expected"],
                                                shown["lower"], shown["upper"], strict=True))
    title = f"{anomaly.label}: {anomaly.direction} {fmt_money(anomaly.impact_dollars, signed=True)}"
    slug = re.sub(r"[^a-z0-9]+", "-", f"{anomaly.series_key}-{anomaly.start}".lower()).strip("-")
    return Chart(f"anomaly-{anomaly.dimension}-{slug}", title, "anomaly_series", rows,
                 {"series": anomaly.label, "start": anomaly.start.isoformat(),
                  "last_day": anomaly.last_day.isoformat(), "direction": anomaly.direction})


_AWS_COLUMNS = (
    Column("dimension", "Monitored value"),
    Column("start", "Start", "date"),
    Column("end", "End", "date"),
    Column("ongoing", "Ongoing"),
    Column("actual", "Actual", "money"),
    Column("expected", "Expected", "money"),
    Column("impact", "Impact $", "money"),
    Column("impact_pct", "Impact %", "percent"),
    Column("score", "Max score", "number"),
    Column("root_causes", "Root causes (AWS)"),
)


def aws_anomalies_table(anomalies: Sequence[AwsAnomaly]) -> Table:
    """AWS's anomalies as a report table (key "aws_anomalies"), labelled as AWS's."""
    rows = tuple({
        "dimension": a.dimension_value, "start": a.start.isoformat() if a.start else "",
        "end": a.end.isoformat() if a.end else "", "ongoing": "yes" if a.ongoing else "no",
        "actual": None if a.actual is None else money(a.actual),
        "expected": None if a.expected is None else money(a.expected),
        "impact": a.total_impact, "impact_pct": a.impact_percent, "score": a.max_score,
        "root_causes": "; ".join(rc.text for rc in a.root_causes),
    } for a in anomalies)
    return Table("aws_anomalies", f"Reported by {AWS_LABEL}", _AWS_COLUMNS, rows,
                 note="AWS's own detection (GetAnomalies), shown beside the dashboard's.")
