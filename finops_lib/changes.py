"""Period-over-period change status for the SRE table: SPIKE, DROP, WATCH, NORMAL, NEW, GONE."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

__all__ = ["ACTIONS", "SEVERITY_ORDER", "StatusRules", "change_percent", "classify"]

SEVERITY_ORDER: tuple[str, ...] = ("SPIKE", "DROP", "NEW", "GONE", "WATCH", "NORMAL")

ACTIONS: dict[str, str] = {
    "SPIKE": "Investigate now: find the usage type and resource behind the increase "
             "(Cost Explorer by usage type, CloudTrail for new resources).",
    "DROP": "Verify operations: confirm the decrease is intended (stopped workload, "
            "commitment applied) and not an outage or lost data.",
    "NEW": "Confirm ownership and tagging of the new service; add a budget if it will persist.",
    "GONE": "Confirm the service was retired on purpose; remove its budgets and alarms.",
    "WATCH": "Monitor: re-check tomorrow; set an alarm if the growth continues.",
    "NORMAL": "No action required.",
}


@dataclass(frozen=True)
class StatusRules:
    """Thresholds in percent and dollars; changes below `cost_threshold_usd` stay NORMAL."""

    spike_percent: float = 20.0
    watch_percent: float = 10.0
    cost_threshold_usd: float = 0.0


def _cents(value: float) -> Decimal:
    return Decimal(str(round(value, 2)))


def change_percent(current: float, previous: float) -> float | None:
    """The % change `classify` judges (on cents, exact), unrounded: from the JSON's current
    and previous a consumer re-derives the same status."""
    cur, prev = _cents(current), _cents(previous)
    if prev == 0:
        return None
    return float((cur - prev) / abs(prev) * 100)


def classify(current: float, previous: float, rules: StatusRules) -> str:
    """The status of one row; exact at the thresholds (computed on cents, not floats).

    SPIKE: change > +spike %; DROP: change < −spike %; WATCH: +watch % ≤ change ≤ +spike %;
    NEW: nothing before; GONE: nothing now.
    """
    cur, prev = _cents(current), _cents(previous)
    if abs(cur - prev) < _cents(rules.cost_threshold_usd) or cur == prev:
        return "NORMAL"
    if prev == 0:
        return "NEW" if cur > 0 else "NORMAL"
    if cur == 0:
        return "GONE"
    pct = (cur - prev) / abs(prev) * 100
    if pct > Decimal(str(rules.spike_percent)):
        return "SPIKE"
    if pct < -Decimal(str(rules.spike_percent)):
        return "DROP"
    if pct >= Decimal(str(rules.watch_percent)):
        return "WATCH"
    return "NORMAL"
