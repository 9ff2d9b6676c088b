"""A resource under construction: collectors fill facts, reasons and metric requests, then
`freeze` attaches the fetched series and returns the immutable Resource."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..model import Resource, Series
from .metrics import MetricRequest

__all__ = ["Draft", "freeze"]


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

    def metric(self, key: str, namespace: str, metric: str, dims: tuple[tuple[str, str], ...],
               stat: str, days: int, period: int = 86400) -> None:
        """Ask for one CloudWatch series."""
        self.requests.append(MetricRequest(self.id, key, namespace, metric, dims, stat, days,
                                           period))


def freeze(draft: Draft, series: Mapping[tuple[str, str], Series], end: datetime) -> Resource:
    """The immutable Resource with its fetched series."""
    metrics = {r.key: series[(draft.id, r.key)] for r in draft.requests
               if (draft.id, r.key) in series}
    return Resource(id=draft.id, type=draft.type, account=draft.account, region=draft.region,
                    end=end, name=draft.name, state=draft.state, monthly_cost=draft.monthly_cost,
                    facts=dict(draft.facts), metrics=metrics, missing=dict(draft.missing))
