"""Shared builders for activity tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

from finops_lib.activity.model import Outcome, Resource, Series

END = datetime(2026, 11, 1, tzinfo=UTC)


def daily(values: list[float], end: datetime = END) -> Series:
    """A daily series ending the day before `end`, oldest first."""
    n = len(values)
    return tuple((end - timedelta(days=n - i), float(v)) for i, v in enumerate(values))


def hourly(values_by_hour: dict[int, float], days: int = 30, end: datetime = END) -> Series:
    """An hourly series: the same value at each listed hour every day, 0 at other hours."""
    start = end - timedelta(days=days)
    return tuple((start + timedelta(hours=h), float(values_by_hour.get(h % 24, 0.0)))
                 for h in range(days * 24))


def resource(rtype: str, facts: dict[str, Any] | None = None,
             metrics: dict[str, Series] | None = None, state: str = "running",
             missing: dict[str, str] | None = None) -> Resource:
    """A resource snapshot for signal unit tests."""
    return Resource(id="r-1", type=rtype, account="111111111111", region="us-east-1", end=END,
                    state=state, facts=facts or {}, metrics=metrics or {}, missing=missing or {})


class SignalCase(NamedTuple):
    """One row of a signal module's CASES: inputs and what the signal must say."""

    code: str
    rtype: str
    facts: dict[str, Any]
    metrics: dict[str, Any]
    status: str
    fragment: str  # expected in the evidence


def evaluate_case(case: SignalCase) -> Outcome:
    """Evaluate the case's signal through the registry; string metric values are missing
    reasons."""
    from finops_lib.activity.registry import all_signals, resolved_params
    from finops_lib.activity.scoring import evaluate

    missing = {k: v for k, v in case.metrics.items() if isinstance(v, str)}
    series = {k: v for k, v in case.metrics.items() if not isinstance(v, str)}
    return evaluate(all_signals()[case.code],
                    resource(case.rtype, case.facts, series, missing=missing),
                    resolved_params()[case.code])
