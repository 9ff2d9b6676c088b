"""The cost metrics: the one table of the `--cost-metric` choices and their Cost Explorer names.

Option choices (`options`), the cost query check (`sources.base`), the GetCostAndUsage metric
(`sources.cost_explorer`, anomaly drill-downs) and the GetCostForecast metric all derive from
`COST_METRICS`; the files/Athena column mapping of each metric is `sources.formats.METRICS`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .errors import OptionError

__all__ = ["COST_METRICS", "FORECAST_NAMES", "METRICS", "USAGE_NAMES", "CostMetric", "ce_name"]


@dataclass(frozen=True)
class CostMetric:
    """One `--cost-metric` choice and its names in Cost Explorer's two APIs."""

    option: str  # the dashboard's name: --cost-metric amortized
    usage: str  # GetCostAndUsage Metrics: AmortizedCost
    forecast: str  # GetCostForecast Metric: AMORTIZED_COST


COST_METRICS: tuple[CostMetric, ...] = (
    CostMetric("unblended", "UnblendedCost", "UNBLENDED_COST"),
    CostMetric("blended", "BlendedCost", "BLENDED_COST"),
    CostMetric("amortized", "AmortizedCost", "AMORTIZED_COST"),
    CostMetric("net-unblended", "NetUnblendedCost", "NET_UNBLENDED_COST"),
    CostMetric("net-amortized", "NetAmortizedCost", "NET_AMORTIZED_COST"),
)

METRICS: tuple[str, ...] = tuple(m.option for m in COST_METRICS)
USAGE_NAMES: dict[str, str] = {m.option: m.usage for m in COST_METRICS}
FORECAST_NAMES: dict[str, str] = {m.option: m.forecast for m in COST_METRICS}


def ce_name(metric: str, names: Mapping[str, str]) -> str:
    """Accept the dashboard's metric option ("unblended") or Cost Explorer's own name."""
    if metric in names:
        return names[metric]
    if metric in names.values():
        return metric
    raise OptionError(f"unknown cost metric {metric!r}", fix=f"use one of {', '.join(names)}")
