"""Evidence of what changed around each anomaly: CloudTrail calls that create or scale
resources, CloudWatch alarms that went to ALARM, AWS Health events, and a risk score.

Window: from the day before the anomaly's first day (a launch often precedes its first full
day of cost) to the end of its last day, UTC. CloudTrail `LookupEvents` (write events only)
is read in each region named by the anomaly's root causes (else the session's region) and kept
when the event name is a resource-creating or scaling call of the anomaly's service.

Risk score per anomaly's service (0–100), method: 30 × min(1, changes ⁄ 3) + 30 × min(1,
alarms ⁄ 2) + 20 × min(1, Health events) + 20 × min(1, flagged resources ⁄ 3), where flagged
resources are the service's resources that activity analysis (--activity-analysis) rates MUST
or SHOULD — "how much operational activity sits beside these dollars", not a probability.
Every AWS failure becomes a notice; the report is never lost.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import Any

from botocore.exceptions import ClientError

from ..report import Column, Table
from ..sources import aws

__all__ = [
    "CHANGE_CALLS",
    "IAM_ACTIONS",
    "RISK_METHOD",
    "Change",
    "Evidence",
    "OpsEvent",
    "collect",
    "evidence_table",
    "risk_score",
    "window",
]

IAM_ACTIONS: tuple[str, ...] = ("cloudtrail:LookupEvents", "cloudwatch:DescribeAlarmHistory",
                                "cloudwatch:DescribeAlarms", "health:DescribeEvents",
                                "health:DescribeEventsForOrganization")
RISK_METHOD = ("risk = 30×min(1, changes/3) + 30×min(1, alarms/2) + 20×min(1, Health events) "
               "+ 20×min(1, resources flagged MUST/SHOULD by activity analysis/3); 0–100, "
               "operational activity beside the dollars, not a probability")
FLAGGED_TIERS = frozenset({"MUST", "SHOULD"})
MAX_PAGES = 10  # LookupEvents: 50 events a page, 2 requests/s per region
MAX_LINES = 8

# Resource-creating and scaling calls, by a fragment of the Cost Explorer service name.
CHANGE_CALLS: dict[str, tuple[str, ...]] = {
    "Elastic Compute Cloud": ("RunInstances", "StartInstances", "CreateFleet", "RequestSpotFleet",
                              "ModifyInstanceAttribute", "CreateAutoScalingGroup",
                              "UpdateAutoScalingGroup", "SetDesiredCapacity"),
    "EC2 - Other": ("CreateNatGateway", "CreateVolume", "ModifyVolume", "CreateSnapshot",
                    "AllocateAddress", "CreateVpcEndpoint", "CreateTransitGatewayVpcAttachment",
                    "RunInstances"),
    "Virtual Private Cloud": ("CreateNatGateway", "CreateVpcEndpoint", "CreateVpnConnection"),
    "Relational Database": ("ModifyDBInstance", "CreateDBInstance", "CreateDBInstanceReadReplica",
                            "CreateDBCluster", "ModifyDBCluster",
                            "RestoreDBInstanceFromDBSnapshot"),
    "Simple Storage Service": ("PutBucketReplication", "PutBucketVersioning",
                               "PutBucketLifecycle", "PutBucketLifecycleConfiguration",
                               "CreateBucket", "PutBucketIntelligentTieringConfiguration"),
    "Lambda": ("CreateFunction20150331", "UpdateFunctionConfiguration20150331v2",
               "CreateEventSourceMapping20150331", "PutFunctionConcurrency20171031",
               "DeleteFunctionConcurrency20171031"),
    "CloudWatch": ("CreateLogGroup", "PutSubscriptionFilter", "CreateFlowLogs",
                   "DeleteRetentionPolicy", "PutMetricStream"),
    "Kubernetes": ("CreateNodegroup", "UpdateNodegroupConfig", "CreateCluster",
                   "UpdateAutoScalingGroup", "RunInstances"),
    "Redshift": ("ModifyCluster", "ResizeCluster", "CreateCluster", "PauseCluster",
                 "ResumeCluster"),
    "ElastiCache": ("CreateCacheCluster", "ModifyCacheCluster", "CreateReplicationGroup",
                    "ModifyReplicationGroup"),
}
# Health service codes and CloudWatch namespaces for the same fragments.
HEALTH_CODES: dict[str, str] = {"Elastic Compute Cloud": "EC2", "EC2 - Other": "EC2",
                                "Relational Database": "RDS", "Simple Storage Service": "S3",
                                "Lambda": "LAMBDA", "CloudWatch": "CLOUDWATCH",
                                "Kubernetes": "EKS", "Redshift": "REDSHIFT",
                                "ElastiCache": "ELASTICACHE", "Virtual Private Cloud": "VPC"}
NAMESPACES: dict[str, str] = {"Elastic Compute Cloud": "AWS/EC2", "EC2 - Other": "AWS/NATGateway",
                              "Relational Database": "AWS/RDS", "Simple Storage Service": "AWS/S3",
                              "Lambda": "AWS/Lambda", "CloudWatch": "AWS/Logs",
                              "Kubernetes": "ContainerInsights", "Redshift": "AWS/Redshift",
                              "ElastiCache": "AWS/ElastiCache"}

ClientFactory = Callable[[str, str], Any]  # (service name, region) -> boto3 client


@dataclass(frozen=True)
class Change:
    """One CloudTrail call: who launched or changed what, when."""

    time: datetime
    event_name: str
    who: str
    region: str
    resources: tuple[str, ...] = ()

    def line(self) -> str:
        """'2026-11-20 14:02Z alice RunInstances i-0abc (us-east-1)'."""
        what = " ".join(self.resources[:3])
        return f"{self.time:%Y-%m-%d %H:%M}Z {self.who} {self.event_name} {what} ({self.region})" \
            .replace("  ", " ")


@dataclass(frozen=True)
class OpsEvent:
    """A correlated operational event: an alarm that fired or an AWS Health event."""

    kind: str  # alarm | health
    time: datetime
    name: str
    detail: str

    def line(self) -> str:
        """One line for every surface."""
        return f"{self.time:%Y-%m-%d %H:%M}Z {self.kind} {self.name}: {self.detail}"


@dataclass(frozen=True)
class Evidence:
    """What changed around one anomaly."""

    anomaly_id: str
    changes: tuple[Change, ...] = ()
    alarms: tuple[OpsEvent, ...] = ()
    health: tuple[OpsEvent, ...] = ()
    notices: tuple[str, ...] = field(default=())
    flagged_resources: int = 0  # activity analysis: the service's MUST/SHOULD resources

    @property
    def risk(self) -> int:
        """The risk score (see RISK_METHOD)."""
        return risk_score(len(self.changes), len(self.alarms), len(self.health),
                          self.flagged_resources)

    def to_dict(self) -> dict[str, Any]:
        """JSON form: counts, risk, lines for every surface."""
        lines = [c.line() for c in self.changes][:MAX_LINES] + [
            e.line() for e in (*self.alarms, *self.health)][:MAX_LINES]
        return {"changes": len(self.changes), "alarms": len(self.alarms),
                "health_events": len(self.health),
                "flagged_resources": self.flagged_resources, "risk_score": self.risk,
                "lines": lines, "notices": list(self.notices)}


def risk_score(changes: int, alarms: int, health: int, flagged: int = 0) -> int:
    """0–100 from the counts (see RISK_METHOD)."""
    return round(30 * min(1.0, changes / 3) + 30 * min(1.0, alarms / 2)
                 + 20 * min(1.0, health) + 20 * min(1.0, flagged / 3))


def window(record: Mapping[str, Any]) -> tuple[datetime, datetime]:
    """UTC start and end of an anomaly's evidence window."""
    start = date.fromisoformat(str(record["start"])) - timedelta(days=1)
    end = date.fromisoformat(str(record["last_day"])) + timedelta(days=1)
    return (datetime(start.year, start.month, start.day, tzinfo=UTC),
            datetime(end.year, end.month, end.day, tzinfo=UTC))


def _fragment(service: str, table: Mapping[str, Any]) -> str | None:
    return next((f for f in table if f.lower() in service.lower()), None)


def _regions(record: Mapping[str, Any], default: str) -> list[str]:
    named = [str(c["key"]) for c in record.get("top_causes", ()) if c["dimension"] == "region"
             and str(c["key"]) not in ("", "global")]
    return list(dict.fromkeys(named)) or [default]


def _when(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _change(event: Mapping[str, Any], region: str) -> Change:
    who = str(event.get("Username") or "")
    if not who and event.get("CloudTrailEvent"):
        detail = json.loads(str(event["CloudTrailEvent"]))
        who = str(detail.get("userIdentity", {}).get("arn", "unknown"))
    names = tuple(str(r.get("ResourceName", "")) for r in event.get("Resources", ())
                  if r.get("ResourceName"))
    return Change(_when(event["EventTime"]), str(event["EventName"]), who or "unknown", region,
                  names)


def changes(client: Any, record: Mapping[str, Any], region: str) -> list[Change]:
    """CloudTrail write calls in the window that create or scale the anomaly's service."""
    fragment = _fragment(str(record.get("service", "")), CHANGE_CALLS)
    wanted = set(CHANGE_CALLS[fragment]) if fragment else {
        n for names in CHANGE_CALLS.values() for n in names}
    start, end = window(record)
    params: dict[str, Any] = {"StartTime": start, "EndTime": end, "MaxResults": 50,
                              "LookupAttributes": [{"AttributeKey": "ReadOnly",
                                                    "AttributeValue": "false"}]}
    found: list[Change] = []
    for _ in range(MAX_PAGES):
        page = client.lookup_events(**params)
        for event in page.get("Events", ()):
            if event.get("EventName") in wanted and start <= _when(event["EventTime"]) < end:
                found.append(_change(event, region))
        if not page.get("NextToken"):
            break
        params["NextToken"] = page["NextToken"]
    return sorted(found, key=lambda c: c.time)


def alarms(client: Any, record: Mapping[str, Any]) -> list[OpsEvent]:
    """Alarms (of the service's namespace when known) that went to ALARM in the window."""
    start, end = window(record)
    items: list[Mapping[str, Any]] = []
    params: dict[str, Any] = {"HistoryItemType": "StateUpdate", "StartDate": start,
                              "EndDate": end, "MaxRecords": 100}
    for _ in range(MAX_PAGES):
        page = client.describe_alarm_history(**params)
        items += page.get("AlarmHistoryItems", [])
        if not page.get("NextToken"):
            break
        params["NextToken"] = page["NextToken"]
    fired = [i for i in items if json.loads(i.get("HistoryData") or "{}").get(
        "newState", {}).get("stateValue") == "ALARM" and start <= _when(i["Timestamp"]) < end]
    namespace = NAMESPACES.get(_fragment(str(record.get("service", "")), NAMESPACES) or "")
    if fired and namespace:
        names = sorted({str(i["AlarmName"]) for i in fired})
        described = client.describe_alarms(AlarmNames=names[:100]).get("MetricAlarms", [])
        keep = {a["AlarmName"] for a in described if a.get("Namespace") == namespace}
        fired = [i for i in fired if i["AlarmName"] in keep]
    return [OpsEvent("alarm", _when(i["Timestamp"]), str(i["AlarmName"]),
                     str(i.get("HistorySummary", ""))) for i in fired]


def health(client: Any, record: Mapping[str, Any], regions: Sequence[str],
           organization: bool) -> list[OpsEvent]:
    """AWS Health events of the service in the window (organization view in org scope)."""
    code = HEALTH_CODES.get(_fragment(str(record.get("service", "")), HEALTH_CODES) or "")
    start, end = window(record)
    span = {"from": start, "to": end}
    flt: dict[str, Any] = ({"startTime": span} if organization else {"startTimes": [span]})
    flt["regions"] = list(regions)
    if code:
        flt["services"] = [code]
    page = (client.describe_events_for_organization(filter=flt) if organization
            else client.describe_events(filter=flt))
    return [OpsEvent("health", _when(e.get("startTime", start)), str(e.get("eventTypeCode", "")),
                     f"{e.get('service', '')} {e.get('region', '')} {e.get('statusCode', '')}"
                     .strip()) for e in page.get("events", [])]


def _safe(label: str, call: Callable[[], list[Any]], notices: list[str]) -> list[Any]:
    try:
        return call()
    except aws.FAILURES as exc:
        code = aws.error_code(exc) if isinstance(exc, ClientError) else type(exc).__name__
        notices.append(f"{label} unavailable ({code or 'error'})")
        return []


def _region_changes(client_for: ClientFactory, record: Mapping[str, Any],
                    region: str) -> list[Change]:
    return changes(client_for("cloudtrail", region), record, region)


def _region_alarms(client_for: ClientFactory, record: Mapping[str, Any],
                   region: str) -> list[OpsEvent]:
    return alarms(client_for("cloudwatch", region), record)


def _health(client_for: ClientFactory, record: Mapping[str, Any], regions: Sequence[str],
            organization: bool) -> list[OpsEvent]:
    return health(client_for("health", "us-east-1"), record, regions, organization)


def collect(record: Mapping[str, Any], client_for: ClientFactory, default_region: str,
            organization: bool = False, flagged_resources: int = 0) -> Evidence:
    """Evidence for one anomaly record; failures become notices on the evidence."""
    notices: list[str] = []
    regions = _regions(record, default_region)
    found: list[Change] = []
    fired: list[OpsEvent] = []
    for region in regions:
        found += _safe(f"CloudTrail LookupEvents in {region}",
                       partial(_region_changes, client_for, record, region), notices)
        fired += _safe(f"CloudWatch alarm history in {region}",
                       partial(_region_alarms, client_for, record, region), notices)
    events = _safe("AWS Health", partial(_health, client_for, record, regions, organization),
                   notices)
    return Evidence(str(record["id"]), tuple(found), tuple(fired), tuple(events), tuple(notices),
                    flagged_resources)


def flagged_resources(report: Any, record: Mapping[str, Any]) -> int:
    """Resources of the anomaly's service (and account) rated MUST/SHOULD by activity analysis."""
    table = report.table("activity_resources")
    if table is None or not record.get("service"):
        return 0
    account = str(record.get("account_id") or "")
    return sum(1 for r in table.rows if r.get("service") == record["service"]
               and r.get("tier") in FLAGGED_TIERS and (not account or r.get("account") == account))


_COLUMNS = (Column("id", "Id"), Column("series", "Series"), Column("changes", "Changes", "number"),
            Column("alarms", "Alarms", "number"), Column("health_events", "Health", "number"),
            Column("flagged_resources", "Flagged resources", "number"),
            Column("risk_score", "Risk", "number"), Column("evidence", "What changed"))


def evidence_table(records: Sequence[Mapping[str, Any]],
                   found: Mapping[str, Mapping[str, Any]]) -> Table:
    """Per anomaly with evidence: counts, risk score and the first lines of what changed."""
    rows = tuple({"id": r["id"], "series": r["series"], **{k: found[r["id"]][k] for k in (
        "changes", "alarms", "health_events", "flagged_resources", "risk_score")},
        "evidence": "; ".join(found[r["id"]]["lines"][:3])} for r in records if r["id"] in found)
    return Table("anomaly_evidence", "What changed around each anomaly", _COLUMNS, rows,
                 note=RISK_METHOD)


def attach(report: Any, client_for: ClientFactory, default_region: str,
           organization: bool = False, limit: int = 3) -> Any:
    """The SRE report with evidence for its `limit` largest anomalies (extra + a table)."""
    from dataclasses import replace

    records = list(report.extra.get("anomaly_records", ()))[:limit]
    if not records:
        return report
    found = {str(r["id"]): collect(r, client_for, default_region, organization,
                                   flagged_resources(report, r)).to_dict() for r in records}
    notices = sorted({n for e in found.values() for n in e["notices"]})
    table = evidence_table(records, found)
    return replace(report, tables=(*report.tables, table),
                   notices=(*report.notices, *(f"Evidence: {n}" for n in notices)),
                   extra={**report.extra, "anomaly_evidence": found})
