"""The SRE anomaly report in one call: detect, explain (drill-down on Cost Explorer, else the
cost frame), chart, add AWS's own anomalies and the month-end forecast.

Every Cost Explorer call goes through a `CostExplorerClient`; a refused call becomes a notice and
the report falls back to what the cost frame shows. The requests made are counted in one
`RequestLog` (Cost Explorer bills per request).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pandas as pd

from .. import forecast as forecasting  # the module: it imports this package's model in turn
from ..report import Chart, Table
from .aws_anomalies import AwsAnomaly, aws_anomalies
from .client import CostExplorerClient, RequestLog, Unavailable
from .detection import detect, with_root_causes
from .drilldown import drill_down
from .model import Anomaly, DetectionParams, RootCause
from .presentation import anomalies_table, anomaly_chart, aws_anomalies_table
from .root_causes import root_causes_many

__all__ = ["AnomalyReport", "AnomalyRequest", "anomaly_report"]


@dataclass(frozen=True)
class AnomalyRequest:
    """What the anomaly report looks at: the last day and how far back, the thresholds, the
    cost metric, the scope's accounts (names for labels), the Cost Explorer filter of the
    forecast, and how many drill-downs (2 requests each at most) and charts to make."""

    last_day: date
    params: DetectionParams = field(default_factory=DetectionParams)
    lookback_days: int = 30
    metric: str = "unblended"
    accounts: Sequence[str] = ()
    account_names: Mapping[str, str] = field(default_factory=dict)
    forecast_filter: Mapping[str, Any] | None = None
    max_drill_downs: int = 5
    max_charts: int = 5
    include_aws: bool = True


@dataclass(frozen=True)
class AnomalyReport:
    """Detected anomalies with root causes, their table and charts, AWS's anomalies, the
    month-end forecast, notices for whatever was unavailable, and the requests made."""

    anomalies: tuple[Anomaly, ...]
    table: Table
    charts: tuple[Chart, ...]
    aws_anomalies: tuple[AwsAnomaly, ...]
    aws_table: Table | None
    forecast: forecasting.Forecast
    notices: tuple[str, ...]
    api_requests: int
    request_log: tuple[str, ...]


def _with_causes(frame: pd.DataFrame, found: Sequence[Anomaly], request: AnomalyRequest,
                 ce_client: CostExplorerClient | None, log: RequestLog,
                 notices: list[str]) -> list[Anomaly]:
    """Drill-down causes for the top anomalies on Cost Explorer, the frame's for the rest."""
    params = request.params
    drilled: dict[int, tuple[RootCause, ...]] = {}
    if ce_client is not None:
        for rank, item in enumerate(found[:request.max_drill_downs]):
            causes = drill_down(ce_client, item, request.metric, accounts=request.accounts,
                                account_names=request.account_names,
                                max_causes=params.max_root_causes, log=log)
            if isinstance(causes, Unavailable):  # one notice; do not retry a refused call
                notices.append(f"Root-cause drill-down {causes}; showing the causes visible "
                               "in the daily costs instead.")
                break
            if causes:
                drilled[rank] = causes
    rest = [n for n in range(len(found)) if n not in drilled]
    from_frame = dict(zip(rest, root_causes_many(frame, [found[n] for n in rest], params),
                          strict=True))
    return [with_root_causes(item, drilled.get(n) or from_frame[n])
            for n, item in enumerate(found)]


def _aws_found(request: AnomalyRequest, ce_client: CostExplorerClient, log: RequestLog,
               notices: list[str]) -> list[AwsAnomaly]:
    result = aws_anomalies(ce_client, request.last_day - timedelta(days=request.lookback_days - 1),
                           request.last_day, log=log)
    if isinstance(result, Unavailable):
        notices.append(str(result))
        return []
    return result


def anomaly_report(frame: pd.DataFrame, request: AnomalyRequest,
                   ce_client: CostExplorerClient | None = None) -> AnomalyReport:
    """Detect, explain and forecast. With `ce_client` (the ce source), root causes of the top
    `max_drill_downs` anomalies come from drill-down requests (2 each at most), AWS's own
    anomalies and Cost Explorer's forecast are added; without it everything comes from `frame`."""
    params = request.params
    log = RequestLog()
    notices: list[str] = []
    found = detect(frame, last_day=request.last_day, params=params,
                   lookback_days=request.lookback_days)
    found = _with_causes(frame, found, request, ce_client, log, notices)
    charts = tuple(anomaly_chart(frame, a, params=params) for a in found[:request.max_charts])
    aws_client = ce_client if request.include_aws else None
    aws_found = _aws_found(request, aws_client, log, notices) if aws_client is not None else []
    forecast, forecast_notices, _ = forecasting.forecast_with_fallback(
        frame, last_day=request.last_day, params=params, ce_client=ce_client,
        metric=request.metric, forecast_filter=request.forecast_filter, log=log)
    notices.extend(forecast_notices)
    aws_table = aws_anomalies_table(aws_found) if aws_client is not None else None
    return AnomalyReport(tuple(found), anomalies_table(found), charts, tuple(aws_found),
                         aws_table, forecast, tuple(notices), log.count, tuple(log.lines))
