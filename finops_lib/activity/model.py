"""Values shared by the activity analysis: resources, signal metadata, outcomes, assessments."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

__all__ = [
    "CLEAR",
    "DAY_S",
    "FIRED",
    "HOUR_S",
    "RESOURCE_TYPES",
    "UNKNOWN",
    "ApiCall",
    "Assessment",
    "Ctx",
    "Metric",
    "Missing",
    "Outcome",
    "Param",
    "Resource",
    "ResourceType",
    "Series",
    "SignalSpec",
    "Snapshot",
    "p95",
    "register_type",
]

FIRED, CLEAR, UNKNOWN = "fired", "clear", "unknown"
DAY_S, HOUR_S = 86400, 3600  # CloudWatch periods

# (timestamp, value) pairs, oldest first; absent days mean "no datapoint", never zero.
Series = tuple[tuple[datetime, float], ...]


@dataclass(frozen=True)
class ResourceType:
    """A kind of resource: its label, dashboard category and the Cost Explorer service it bills
    under (so the SRE view can set it beside anomalies of that service)."""

    key: str
    label: str
    category: str
    service: str
    dimension: str = ""  # the CloudWatch dimension naming one resource (its id is the value)


RESOURCE_TYPES: dict[str, ResourceType] = {
    t.key: t
    for t in (
        ResourceType("ec2_instance", "EC2 instances", "Compute",
                     "Amazon Elastic Compute Cloud - Compute", "InstanceId"),
        ResourceType("rds_instance", "RDS DB instances", "Database",
                     "Amazon Relational Database Service", "DBInstanceIdentifier"),
        ResourceType("s3_bucket", "S3 buckets", "Storage", "Amazon Simple Storage Service",
                     "BucketName"),
        ResourceType("ebs_volume", "Unattached EBS volumes", "Storage", "EC2 - Other",
                     "VolumeId"),
        ResourceType("elastic_ip", "Elastic IPs", "Networking", "Amazon Virtual Private Cloud"),
        ResourceType("nat_gateway", "NAT gateways", "Networking", "EC2 - Other", "NatGatewayId"),
        ResourceType("load_balancer", "Load balancers", "Networking",
                     "Amazon Elastic Load Balancing", "LoadBalancer"),
    )
}


def register_type(kind: ResourceType) -> ResourceType:
    """Add a resource type (catalog order: after those already known); the same twice is fine."""
    known = RESOURCE_TYPES.setdefault(kind.key, kind)
    if known != kind:
        raise ValueError(f"resource type {kind.key} registered twice, differently")
    return kind


@dataclass(frozen=True)
class Metric:
    """A CloudWatch series a signal reads, declared with the signal (as cloud-custodian's metrics
    filter owns namespace, metric name and statistic); collectors request what signals declare.

    The series is per resource: the resource type's `dimension` = the resource id, plus the
    fixed `dimensions` here; a dimension declared with an empty value is one the resource's
    collector supplies (e.g. an S3 request-metrics FilterId), and without it nothing is asked.
    `variant` limits the metric to resources of that variant (e.g. network load balancers).
    """

    key: str  # the name the signal reads, e.g. "CPUUtilization" or "DatabaseConnections:max"
    namespace: str
    name: str
    statistic: str
    period_s: int = DAY_S
    dimensions: tuple[tuple[str, str], ...] = ()
    days: int | None = None  # a fixed window; None: the signal's lookback_days parameter
    variant: str = ""

    def label(self) -> str:
        """'AWS/EC2 CPUUtilization Average', with the period when it is not daily."""
        hourly = "" if self.period_s == DAY_S else f" per {self.period_s // 60} min"
        return f"{self.namespace} {self.name} {self.statistic}{hourly}"


@dataclass(frozen=True)
class ApiCall:
    """An AWS API call a signal's facts come from (prowler keeps such metadata with the check).

    `service` is the boto3 client name; `action` the IAM action when it is not
    `service:Operation` (S3 object listings, the elbv2 client, CloudWatch).
    """

    service: str
    operation: str
    action: str = ""

    @property
    def iam_action(self) -> str:
        """The IAM action the call needs."""
        return self.action or f"{self.service}:{self.operation}"


@dataclass(frozen=True)
class Param:
    """A signal's tunable threshold: name (with its unit in the name), default, unit, bounds."""

    name: str
    default: float
    unit: str
    help: str = ""
    minimum: float = 0.0
    maximum: float | None = None
    integer: bool = False


class Missing(Exception):
    """Raised inside a signal when a fact it needs is absent; the signal becomes unknown."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class Outcome:
    """What one signal said about one resource: fired, clear or unknown, and why."""

    status: str
    evidence: str = ""

    @property
    def fired(self) -> bool:
        """True when the signal fired."""
        return self.status == FIRED


@dataclass(frozen=True)
class Resource:
    """One resource as collected (or synthesised by the demo), with the facts signals read.

    `facts` holds describe-call results; `metrics` holds CloudWatch series by key;
    `missing` says why a fact or metric key is absent (access denied, service not enabled…).
    """

    id: str
    type: str
    account: str
    region: str
    end: datetime  # metric windows end here (exclusive)
    name: str = ""
    state: str = ""
    monthly_cost: float | None = None
    facts: Mapping[str, Any] = field(default_factory=dict)
    metrics: Mapping[str, Series] = field(default_factory=dict)
    missing: Mapping[str, str] = field(default_factory=dict)

    @property
    def kind(self) -> ResourceType:
        """This resource's type metadata."""
        return RESOURCE_TYPES[self.type]


@dataclass(frozen=True)
class Ctx:
    """What a signal function sees: the resource and its resolved parameters."""

    resource: Resource
    params: Mapping[str, float]

    @property
    def lookback_days(self) -> int:
        """The signal's window in days (0 when it has none)."""
        return int(self.params.get("lookback_days", 0))

    def fact(self, name: str) -> Any:
        """A describe-call fact, or Missing with the collector's reason."""
        if name in self.resource.facts and self.resource.facts[name] is not None:
            return self.resource.facts[name]
        raise Missing(self.resource.missing.get(name, f"{name} not collected"))

    def series(self, key: str, days: int | None = None) -> Series:
        """Datapoints of metric `key` inside the window; Missing when there are none."""
        days = self.lookback_days if days is None else days
        points = self.resource.metrics.get(key, ())
        if days:
            start = self.resource.end - timedelta(days=days)
            points = tuple(p for p in points if start <= p[0] < self.resource.end)
        if not points:
            reason = self.resource.missing.get(key, f"no {key} datapoints")
            raise Missing(f"{reason} in {days} d" if days and key not in self.resource.missing
                          else reason)
        return points

    def values(self, key: str, days: int | None = None) -> list[float]:
        """Values of `series`, oldest first."""
        return [v for _, v in self.series(key, days)]

    def p(self, name: str) -> float:
        """A parameter value."""
        return float(self.params[name])


Evaluate = Callable[[Ctx], Outcome]


@dataclass(frozen=True)
class SignalSpec:
    """One registered signal with its metadata."""

    code: str
    title: str
    resource_type: str
    weight: int
    evaluate: Evaluate
    params: tuple[Param, ...] = ()
    remediation: str = ""
    calls: tuple[ApiCall, ...] = ()
    needs_running: bool = False  # utilisation signals are not scored on stopped resources
    metrics: tuple[Metric, ...] = ()

    @property
    def iam_actions(self) -> tuple[str, ...]:
        """Every IAM action the signal's data needs: its calls, and GetMetricData for metrics."""
        metric = ("cloudwatch:GetMetricData",) if self.metrics else ()
        return tuple(dict.fromkeys((*metric, *(c.iam_action for c in self.calls))))

    @property
    def lookback_days(self) -> int | None:
        """The default window in days, or None for point-in-time signals."""
        found = [p for p in self.params if p.name == "lookback_days"]
        return int(found[0].default) if found else None

    def defaults(self) -> dict[str, float]:
        """Parameter name -> default value."""
        return {p.name: p.default for p in self.params}

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly metadata (for docs and exports)."""
        return {
            "code": self.code, "title": self.title, "resource_type": self.resource_type,
            "weight": self.weight, "lookback_days": self.lookback_days,
            "params": [{"name": p.name, "default": p.default, "unit": p.unit, "help": p.help}
                       for p in self.params],
            "remediation": self.remediation, "iam_actions": list(self.iam_actions),
            "metrics": [m.label() for m in self.metrics],
        }


@dataclass(frozen=True)
class Assessment:
    """A resource with its signal outcomes, score, tier and confidence."""

    resource: Resource
    outcomes: Mapping[str, Outcome]
    score: float | None
    tier: str  # MUST | SHOULD | COULD | KEEP | UNKNOWN
    confidence_pct: float
    confidence: str  # High | Medium | Low

    @property
    def fired_codes(self) -> tuple[str, ...]:
        """Codes of the signals that fired, in catalog order."""
        return tuple(code for code, out in self.outcomes.items() if out.status == FIRED)

    @property
    def unknown(self) -> dict[str, str]:
        """Code -> reason for each unknown signal."""
        return {code: out.evidence for code, out in self.outcomes.items()
                if out.status == UNKNOWN}


@dataclass(frozen=True)
class Snapshot:
    """Everything the collectors (or the demo) produced."""

    resources: tuple[Resource, ...]
    notices: tuple[str, ...] = ()
    api_requests: Mapping[str, int] = field(default_factory=dict)
    unreached: Mapping[str, str] = field(default_factory=dict)  # account or account/region -> why


def p95(values: list[float]) -> float:
    """95th percentile by linear interpolation (numpy's default method)."""
    ordered = sorted(values)
    if not ordered:
        raise Missing("no datapoints")
    rank = 0.95 * (len(ordered) - 1)
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)
