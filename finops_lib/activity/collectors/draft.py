"""A resource under construction: collectors fill facts, reasons and metric requests, then
`freeze` attaches the fetched series and returns the immutable Resource."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..model import DAY_S, RESOURCE_TYPES, Resource, Series
from ..registry import metric_windows
from .metrics import MetricRequest

__all__ = ["Draft", "freeze", "request_metrics"]


@dataclass
class Draft:
    """Mutable twin of Resource used while collecting."""

    id: str
    type: str
    account: str
    region: str
    name: str = ""
    state: str = ""
    monthly_cost: float | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)
    requests: list[MetricRequest] = field(default_factory=list)
    variant: str = ""  # picks among metrics declared per variant (e.g. "network" balancers)
    dimensions: dict[str, str] = field(default_factory=dict)  # values only the lister knows
    watch: bool = True  # False: ask CloudWatch nothing (a stopped instance publishes nothing)

    def metric(self, key: str, namespace: str, metric: str, dims: tuple[tuple[str, str], ...],
               stat: str, days: int, period: int = DAY_S) -> None:
        """Ask for one CloudWatch series."""
        self.requests.append(MetricRequest(self.id, key, namespace, metric, dims, stat, days,
                                           period))


def request_metrics(draft: Draft, params: Mapping[str, Mapping[str, float]]) -> None:
    """Ask for every metric the draft type's signals declare, over the longest window needed."""
    if not draft.watch:
        return
    own = RESOURCE_TYPES[draft.type].dimension
    for key, (metric, days) in metric_windows(draft.type, params, draft.variant).items():
        if not own:  # a programming error: signals read metrics of a type CloudWatch cannot name
            raise ValueError(f"resource type {draft.type} has metric signals but no dimension")
        dims = [(own, draft.id)]
        for name, value in metric.dimensions:
            dims.append((name, value or draft.dimensions.get(name, "")))
        if all(value for _, value in dims):  # a dimension the lister lacks: no series
            draft.metric(key, metric.namespace, metric.name, tuple(dims), metric.statistic,
                         days, metric.period_s)


def freeze(draft: Draft, series: Mapping[tuple[str, str], Series], end: datetime) -> Resource:
    """The immutable Resource with its fetched series."""
    metrics = {r.key: series[(draft.id, r.key)] for r in draft.requests
               if (draft.id, r.key) in series}
    return Resource(id=draft.id, type=draft.type, account=draft.account, region=draft.region,
                    end=end, name=draft.name, state=draft.state, monthly_cost=draft.monthly_cost,
                    facts=dict(draft.facts), metrics=metrics, missing=dict(draft.missing))
