"""AWS Cost Anomaly Detection's own anomalies (GetAnomalies), labelled as AWS's, shown beside
the dashboard's detection."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..formatting import fmt_money
from ..report import money
from .client import CALL_FAILURES, CostExplorerClient, RequestLog, Unavailable, paged, unavailable

__all__ = ["AWS_LABEL", "AwsAnomaly", "AwsRootCause", "aws_anomalies"]

AWS_LABEL = "AWS Cost Anomaly Detection"


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


def aws_anomalies(ce_client: CostExplorerClient, start: date, end: date, *, monitor_arn: str | None = None,
                  log: RequestLog | None = None) -> list[AwsAnomaly] | Unavailable:
    """AWS Cost Anomaly Detection's anomalies between two days (inclusive), all pages."""
    log = log if log is not None else RequestLog()
    params: dict[str, Any] = {"DateInterval": {"StartDate": start.isoformat(),
                                               "EndDate": end.isoformat()}}
    if monitor_arn:
        params["MonitorArn"] = monitor_arn
    try:
        pages = list(paged(ce_client.get_anomalies, params, "ce:GetAnomalies", log))
    except CALL_FAILURES as exc:
        return unavailable("ce:GetAnomalies", exc)
    found = [_aws_anomaly(raw) for page in pages for raw in page.get("Anomalies", [])]
    return sorted(found, key=lambda a: (-abs(a.total_impact), a.anomaly_id))
