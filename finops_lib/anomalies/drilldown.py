"""Root causes of an anomaly from Cost Explorer: one or two GetCostAndUsage requests limited to
its series and days, grouped by region × usage type and by account (or service), ranked by
dollars of change against the same weekdays just before it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from ..cost_metrics import USAGE_NAMES, ce_name
from ..report import money
from .client import CALL_FAILURES, CostExplorerClient, RequestLog, Unavailable, paged, unavailable
from .model import Anomaly, RootCause

__all__ = ["drill_down", "drill_down_requests"]

_DIMENSION_NAMES = {"LINKED_ACCOUNT": "account", "REGION": "region", "USAGE_TYPE": "usage_type",
                    "SERVICE": "service"}


def _series_filter(anomaly: Anomaly, accounts: Sequence[str]) -> dict[str, Any]:
    def dim(key: str, values: Sequence[str]) -> dict[str, Any]:
        return {"Dimensions": {"Key": key, "Values": list(values), "MatchOptions": ["EQUALS"]}}

    parts = []
    if anomaly.service:
        parts.append(dim("SERVICE", [anomaly.service]))
    if anomaly.account_id:
        parts.append(dim("LINKED_ACCOUNT", [anomaly.account_id]))
    elif accounts:
        parts.append(dim("LINKED_ACCOUNT", accounts))
    return parts[0] if len(parts) == 1 else {"And": parts}


def _baseline_start(anomaly: Anomaly) -> date:
    """The same number of days just before the anomaly, shifted by whole weeks so weekdays
    line up (a Monday spike is compared with the Monday before, not with a Sunday)."""
    weeks = -(-anomaly.days // 7)
    return anomaly.start - timedelta(days=7 * weeks)


def drill_down_requests(anomaly: Anomaly, metric: str = "unblended",
                        accounts: Sequence[str] = ()) -> list[dict[str, Any]]:
    """The GetCostAndUsage requests `drill_down` makes (first page of each), for logs and tests."""
    period = {"Start": _baseline_start(anomaly).isoformat(),
              "End": (anomaly.last_day + timedelta(days=1)).isoformat()}
    groupings: list[tuple[str, ...]] = [("REGION", "USAGE_TYPE")]
    if anomaly.dimension == "service" and len(accounts) != 1:  # one account: nothing to split
        groupings.append(("LINKED_ACCOUNT",))
    elif anomaly.dimension == "account":
        groupings.append(("SERVICE",))
    base = {"TimePeriod": period, "Granularity": "DAILY",
            "Metrics": [ce_name(metric, USAGE_NAMES)],
            "Filter": _series_filter(anomaly, accounts)}
    return [dict(base, GroupBy=[{"Type": "DIMENSION", "Key": k} for k in keys])
            for keys in groupings]


def _changes(responses: Sequence[dict[str, Any]], keys: Sequence[str], metric: str,
             anomaly: Anomaly) -> dict[tuple[str, str], float]:
    """Per (dimension, key): cost in the anomaly's days minus cost in the baseline days."""
    baseline_end = _baseline_start(anomaly) + timedelta(days=anomaly.days)
    change: dict[tuple[str, str], float] = defaultdict(float)
    for response in responses:
        for period in response.get("ResultsByTime", []):
            day = date.fromisoformat(period["TimePeriod"]["Start"])
            sign = 1 if day >= anomaly.start else -1 if day < baseline_end else 0
            for group in period.get("Groups", []) if sign else []:
                amount = float(group["Metrics"][metric]["Amount"])
                for key_name, value in zip(keys, group["Keys"], strict=False):
                    change[(_DIMENSION_NAMES[key_name], value)] += sign * amount
    return change


def _ranked(change: Mapping[tuple[str, str], float], anomaly: Anomaly,
            names: Mapping[str, str], max_causes: int) -> tuple[RootCause, ...]:
    net: dict[str, float] = defaultdict(float)
    for (dimension, _), amount in change.items():
        net[dimension] += amount
    sign = 1 if anomaly.direction == "spike" else -1
    causes = []
    for (dimension, key), amount in change.items():
        if amount * sign <= 0.005:
            continue
        share = amount / net[dimension] * 100 if net[dimension] * sign > 0 else 100.0
        label = f"{names[key]} ({key})" if dimension == "account" and key in names else key
        causes.append(RootCause(dimension, key, money(amount), round(share, 1), label))
    causes.sort(key=lambda c: (-abs(c.impact_dollars), c.dimension, c.key))
    return tuple(causes[:max_causes])


def drill_down(ce_client: CostExplorerClient, anomaly: Anomaly, metric: str = "unblended", *,
               accounts: Sequence[str] = (), account_names: Mapping[str, str] | None = None,
               max_causes: int = 5, log: RequestLog | None = None
               ) -> tuple[RootCause, ...] | Unavailable:
    """Accounts, regions and usage types behind an anomaly, from one or two grouped requests
    limited to its series and days, ranked by dollars of change against the baseline days.
    `accounts`: the scope's account ids (a filter; with exactly one, no per-account request)."""
    log = log if log is not None else RequestLog()
    change: dict[tuple[str, str], float] = {}
    metric_name = ce_name(metric, USAGE_NAMES)
    try:
        for params in drill_down_requests(anomaly, metric, accounts):
            keys = [g["Key"] for g in params["GroupBy"]]
            pages = list(paged(ce_client.get_cost_and_usage, params, "ce:GetCostAndUsage", log))
            change.update(_changes(pages, keys, metric_name, anomaly))
    except CALL_FAILURES as exc:
        return unavailable("ce:GetCostAndUsage", exc)
    return _ranked(change, anomaly, account_names or {}, max_causes)
