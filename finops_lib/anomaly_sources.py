"""Cost Explorer calls behind the SRE anomalies: root-cause drill-down, AWS Cost Anomaly
Detection's own anomalies, and Cost Explorer's month-end forecast.

Each function takes a boto3 Cost Explorer client and returns plain dataclasses, or
`Unavailable` (never raises for AWS errors: access denied, Cost Explorer or Anomaly Detection
not enabled, no data yet, throttling…), so a report can show the reason as a notice. Every
request is counted in an optional `RequestLog` (Cost Explorer bills per request).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pandas as pd
from botocore.exceptions import BotoCoreError, ClientError

from .anomalies import (
    Anomaly,
    DetectionParams,
    RootCause,
    anomalies_table,
    anomaly_chart,
    detect,
    with_root_causes,
)
from .errors import OptionError
from .forecast import Forecast, month_end_forecast
from .formatting import fmt_money
from .report import Chart, Column, Table, money
from .request_log import RequestLog
from .root_causes import root_causes_many
from .sources import aws

__all__ = [
    "IAM_ACTIONS",
    "AnomalyReport",
    "AwsAnomaly",
    "AwsRootCause",
    "RequestLog",
    "Unavailable",
    "anomaly_report",
    "aws_anomalies",
    "aws_anomalies_table",
    "cost_forecast",
    "drill_down",
    "drill_down_requests",
]

# An endpoint that lacks the operation (a mock, a partition without it) raises
# NotImplementedError; like a denial, that makes the data unavailable, not the report.
_FAILURES: tuple[type[BaseException], ...] = (ClientError, BotoCoreError, NotImplementedError)

IAM_ACTIONS: tuple[str, ...] = ("ce:GetAnomalies", "ce:GetCostAndUsage", "ce:GetCostForecast")

_USAGE_METRICS: dict[str, str] = {
    "unblended": "UnblendedCost", "blended": "BlendedCost", "amortized": "AmortizedCost",
    "net-unblended": "NetUnblendedCost", "net-amortized": "NetAmortizedCost",
}
_FORECAST_METRICS: dict[str, str] = {
    "unblended": "UNBLENDED_COST", "blended": "BLENDED_COST", "amortized": "AMORTIZED_COST",
    "net-unblended": "NET_UNBLENDED_COST", "net-amortized": "NET_AMORTIZED_COST",
}
_DIMENSION_NAMES = {"LINKED_ACCOUNT": "account", "REGION": "region", "USAGE_TYPE": "usage_type",
                    "SERVICE": "service"}
_MAX_PAGES = 50
AWS_LABEL = "AWS Cost Anomaly Detection"


@dataclass(frozen=True)
class Unavailable:
    """An AWS feature that could not answer, with the reason to show as a notice."""

    operation: str
    reason: str

    def __str__(self) -> str:
        return f"{self.operation} unavailable: {self.reason}"


@dataclass(frozen=True)
class AwsRootCause:
    """A root cause as AWS Cost Anomaly Detection reports it."""

    service: str = ""
    region: str = ""
    account_id: str = ""
    account_name: str = ""
    usage_type: str = ""
    contribution_dollars: float | None = None

    @property
    def text(self) -> str:
        """One-line description, e.g. 'Amazon EC2 / us-east-1 / 1111… / BoxUsage (+812.40)'."""
        account = self.account_name or self.account_id
        parts = [p for p in (self.service, self.region, account, self.usage_type) if p]
        amount = (f" ({fmt_money(self.contribution_dollars, signed=True)})"
                  if self.contribution_dollars else "")
        return " / ".join(parts) + amount


@dataclass(frozen=True)
class AwsAnomaly:
    """One anomaly from GetAnomalies, labelled as AWS's (not the dashboard's detection)."""

    anomaly_id: str
    start: date | None
    end: date | None  # None while AWS still reports it open
    dimension_value: str
    monitor_arn: str
    total_impact: float
    max_impact: float
    actual: float | None
    expected: float | None
    impact_percent: float | None
    max_score: float
    current_score: float
    root_causes: tuple[AwsRootCause, ...] = ()
    feedback: str = ""
    reported_by: str = AWS_LABEL

    @property
    def ongoing(self) -> bool:
        """True while AWS has not closed the anomaly."""
        return self.end is None


def _metric(metric: str, names: Mapping[str, str]) -> str:
    """Accept the dashboard's metric option ("unblended") or Cost Explorer's own name."""
    if metric in names:
        return names[metric]
    if metric in names.values():
        return metric
    raise OptionError(f"unknown cost metric {metric!r}", fix=f"use one of {', '.join(names)}")


def _unavailable(operation: str, exc: BaseException) -> Unavailable:
    return Unavailable(operation, aws.source_error(exc, operation).one_line())


# ---------------------------------------------------------------------------------------------
# drill-down


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
            "Metrics": [_metric(metric, _USAGE_METRICS)],
            "Filter": _series_filter(anomaly, accounts)}
    return [dict(base, GroupBy=[{"Type": "DIMENSION", "Key": k} for k in keys])
            for keys in groupings]


def _pages(call: Any, params: dict[str, Any], operation: str,
           log: RequestLog) -> Iterator[dict[str, Any]]:
    token: str | None = None
    seen: set[str] = set()
    for page in range(1, _MAX_PAGES + 1):
        response = call(**(dict(params, NextPageToken=token) if token else params))
        log.add(operation, f"page {page}")
        yield response
        token = response.get("NextPageToken")
        if not token or token in seen:  # a repeated token would page (and bill) forever
            return
        seen.add(token)


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


def drill_down(ce_client: Any, anomaly: Anomaly, metric: str = "unblended", *,
               accounts: Sequence[str] = (), account_names: Mapping[str, str] | None = None,
               max_causes: int = 5, log: RequestLog | None = None
               ) -> tuple[RootCause, ...] | Unavailable:
    """Accounts, regions and usage types behind an anomaly, from one or two grouped requests
    limited to its series and days, ranked by dollars of change against the baseline days.
    `accounts`: the scope's account ids (a filter; with exactly one, no per-account request)."""
    log = log if log is not None else RequestLog()
    change: dict[tuple[str, str], float] = {}
    metric_name = _metric(metric, _USAGE_METRICS)
    try:
        for params in drill_down_requests(anomaly, metric, accounts):
            keys = [g["Key"] for g in params["GroupBy"]]
            pages = list(_pages(ce_client.get_cost_and_usage, params, "ce:GetCostAndUsage", log))
            change.update(_changes(pages, keys, metric_name, anomaly))
    except _FAILURES as exc:
        return _unavailable("ce:GetCostAndUsage", exc)
    return _ranked(change, anomaly, account_names or {}, max_causes)


# ---------------------------------------------------------------------------------------------
# AWS Cost Anomaly Detection


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _day(value: Any) -> date | None:
    return date.fromisoformat(str(value)[:10]) if value else None


def _aws_root_cause(raw: Mapping[str, Any]) -> AwsRootCause:
    contribution = raw.get("Impact", {}).get("Contribution")
    return AwsRootCause(raw.get("Service", ""), raw.get("Region", ""),
                        raw.get("LinkedAccount", ""), raw.get("LinkedAccountName", ""),
                        raw.get("UsageType", ""), _float(contribution))


def _aws_anomaly(raw: Mapping[str, Any]) -> AwsAnomaly:
    impact, score = raw.get("Impact", {}), raw.get("AnomalyScore", {})
    return AwsAnomaly(
        anomaly_id=raw["AnomalyId"], start=_day(raw.get("AnomalyStartDate")),
        end=_day(raw.get("AnomalyEndDate")), dimension_value=raw.get("DimensionValue", ""),
        monitor_arn=raw.get("MonitorArn", ""),
        total_impact=money(impact.get("TotalImpact", 0.0)),
        max_impact=money(impact.get("MaxImpact", 0.0)),
        actual=_float(impact.get("TotalActualSpend")),
        expected=_float(impact.get("TotalExpectedSpend")),
        impact_percent=_float(impact.get("TotalImpactPercentage")),
        max_score=float(score.get("MaxScore", 0.0)),
        current_score=float(score.get("CurrentScore", 0.0)),
        root_causes=tuple(_aws_root_cause(rc) for rc in raw.get("RootCauses", [])),
        feedback=raw.get("Feedback", ""))


def aws_anomalies(ce_client: Any, start: date, end: date, *, monitor_arn: str | None = None,
                  log: RequestLog | None = None) -> list[AwsAnomaly] | Unavailable:
    """AWS Cost Anomaly Detection's anomalies between two days (inclusive), all pages."""
    log = log if log is not None else RequestLog()
    params: dict[str, Any] = {"DateInterval": {"StartDate": start.isoformat(),
                                               "EndDate": end.isoformat()}}
    if monitor_arn:
        params["MonitorArn"] = monitor_arn
    try:
        pages = list(_pages(ce_client.get_anomalies, params, "ce:GetAnomalies", log))
    except _FAILURES as exc:
        return _unavailable("ce:GetAnomalies", exc)
    found = [_aws_anomaly(raw) for page in pages for raw in page.get("Anomalies", [])]
    return sorted(found, key=lambda a: (-abs(a.total_impact), a.anomaly_id))


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


# ---------------------------------------------------------------------------------------------
# forecast


def cost_forecast(ce_client: Any, start: date, end: date, metric: str = "unblended", *,
                  actual_to_date: float = 0.0, month_start: date | None = None,
                  filter_expression: Mapping[str, Any] | None = None,
                  log: RequestLog | None = None) -> Forecast | Unavailable:
    """Cost Explorer's forecast for [start, end) with an 80 % interval, added to the actual so
    far. `start` must be today or later (a Cost Explorer rule); `end` is exclusive."""
    log = log if log is not None else RequestLog()
    month_start = month_start or start
    month_end = end - timedelta(days=1)
    if end <= start:
        return Forecast(month_start, month_end, money(actual_to_date), money(actual_to_date),
                        money(actual_to_date), money(actual_to_date), "nothing left to forecast")
    params: dict[str, Any] = {
        "TimePeriod": {"Start": start.isoformat(), "End": end.isoformat()},
        "Metric": _metric(metric, _FORECAST_METRICS), "Granularity": "MONTHLY",
        "PredictionIntervalLevel": 80}
    if filter_expression:
        params["Filter"] = dict(filter_expression)
    try:
        response = ce_client.get_cost_forecast(**params)
        log.add("ce:GetCostForecast", f"{start}..{end}")
    except _FAILURES as exc:
        return _unavailable("ce:GetCostForecast", exc)
    periods = response.get("ForecastResultsByTime", [])
    mean = float(response.get("Total", {}).get("Amount", 0.0))
    lower = sum(float(p.get("PredictionIntervalLowerBound", p["MeanValue"])) for p in periods)
    upper = sum(float(p.get("PredictionIntervalUpperBound", p["MeanValue"])) for p in periods)
    if not periods:
        lower = upper = mean
    return Forecast(month_start, month_end, money(actual_to_date), money(actual_to_date + mean),
                    money(actual_to_date + lower), money(actual_to_date + upper),
                    "AWS Cost Explorer GetCostForecast, 80% prediction interval",
                    (end - start).days)


# ---------------------------------------------------------------------------------------------
# everything the SRE report needs, in one call


@dataclass(frozen=True)
class AnomalyReport:
    """Detected anomalies with root causes, their table and charts, AWS's anomalies, the
    month-end forecast, notices for whatever was unavailable, and the requests made."""

    anomalies: tuple[Anomaly, ...]
    table: Table
    charts: tuple[Chart, ...]
    aws_anomalies: tuple[AwsAnomaly, ...]
    aws_table: Table | None
    forecast: Forecast
    notices: tuple[str, ...]
    api_requests: int
    request_log: tuple[str, ...]


def _month_actual(frame: pd.DataFrame, last_day: date) -> float:
    start = pd.Timestamp(last_day.replace(day=1))
    days = frame[(frame["date"] >= start) & (frame["date"] <= pd.Timestamp(last_day))]
    return float(days["amount"].sum())


def _with_causes(frame: pd.DataFrame, found: Sequence[Anomaly], params: DetectionParams,
                 ce_client: Any, metric: str, accounts: Sequence[str],
                 names: Mapping[str, str], limit: int, log: RequestLog,
                 notices: list[str]) -> list[Anomaly]:
    drilled: dict[int, tuple[RootCause, ...]] = {}
    drilling = ce_client is not None
    for rank, item in enumerate(found[:limit] if drilling else ()):
        causes = drill_down(ce_client, item, metric, accounts=accounts, account_names=names,
                            max_causes=params.max_root_causes, log=log)
        if isinstance(causes, Unavailable):  # one notice; do not retry a refused call
            notices.append(f"Root-cause drill-down {causes}; showing the causes visible in "
                           "the daily costs instead.")
            break
        if causes:
            drilled[rank] = causes
    rest = [n for n in range(len(found)) if n not in drilled]
    from_frame = dict(zip(rest, root_causes_many(frame, [found[n] for n in rest], params),
                          strict=True))
    return [with_root_causes(item, drilled.get(n) or from_frame[n])
            for n, item in enumerate(found)]


def _forecast(frame: pd.DataFrame, last_day: date, params: DetectionParams, ce_client: Any,
              metric: str, forecast_filter: Mapping[str, Any] | None, log: RequestLog,
              notices: list[str]) -> Forecast:
    model = month_end_forecast(frame, last_day=last_day, params=params)
    if ce_client is None or model.remaining_days == 0:
        return model
    aws_fc = cost_forecast(ce_client, last_day + timedelta(days=1),
                           model.month_end + timedelta(days=1), metric,
                           actual_to_date=model.actual_to_date, month_start=model.month_start,
                           filter_expression=forecast_filter, log=log)
    if isinstance(aws_fc, Unavailable):
        notices.append(f"Cost Explorer forecast {aws_fc}; showing the dashboard's own "
                       "forecast instead.")
        return model
    return aws_fc


def forecast_with_fallback(frame: pd.DataFrame, *, last_day: date,
                           params: DetectionParams | None = None, ce_client: Any = None,
                           metric: str = "unblended",
                           forecast_filter: Mapping[str, Any] | None = None
                           ) -> tuple[Forecast, tuple[str, ...], RequestLog]:
    """Cost Explorer's month-end forecast on ce, else (or when unavailable) the model's."""
    log = RequestLog()
    notices: list[str] = []
    forecast = _forecast(frame, last_day, params or DetectionParams(), ce_client, metric,
                         forecast_filter, log, notices)
    return forecast, tuple(notices), log


def anomaly_report(frame: pd.DataFrame, *, last_day: date, params: DetectionParams | None = None,
                   lookback_days: int = 30, ce_client: Any = None, metric: str = "unblended",
                   accounts: Sequence[str] = (), account_names: Mapping[str, str] | None = None,
                   forecast_filter: Mapping[str, Any] | None = None, max_drill_downs: int = 5,
                   max_charts: int = 5, include_aws: bool = True) -> AnomalyReport:
    """Detect, explain and forecast. With `ce_client` (the ce source), root causes of the top
    `max_drill_downs` anomalies come from drill-down requests (2 each at most), AWS's own
    anomalies and Cost Explorer's forecast are added; without it everything comes from `frame`."""
    params = params or DetectionParams()
    log = RequestLog()
    notices: list[str] = []
    found = detect(frame, last_day=last_day, params=params, lookback_days=lookback_days)
    found = _with_causes(frame, found, params, ce_client, metric, accounts,
                         account_names or {}, max_drill_downs, log, notices)
    charts = tuple(anomaly_chart(frame, a, params=params) for a in found[:max_charts])
    aws_found: list[AwsAnomaly] = []
    if ce_client is not None and include_aws:
        result = aws_anomalies(ce_client, last_day - timedelta(days=lookback_days - 1), last_day,
                               log=log)
        if isinstance(result, Unavailable):
            notices.append(str(result))
        else:
            aws_found = result
    forecast = _forecast(frame, last_day, params, ce_client, metric, forecast_filter, log,
                         notices)
    aws_table = aws_anomalies_table(aws_found) if ce_client is not None and include_aws else None
    return AnomalyReport(tuple(found), anomalies_table(found), charts, tuple(aws_found),
                         aws_table, forecast, tuple(notices), log.count, tuple(log.lines))
