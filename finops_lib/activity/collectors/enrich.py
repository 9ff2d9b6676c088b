"""Per-instance facts from services beyond EC2: Compute Optimizer (E1), CloudTrail (E3),
SSM (E4), Auto Scaling / ECS membership (E5) and Cost Explorer rightsizing (E7).
Each returns its facts or raises; the caller turns a failure into an unknown reason."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from ...sources.aws_paging import token_pages
from .calls import pages

__all__ = [
    "CLOUDTRAIL_MAX_LOOKUPS",
    "asg_members",
    "compute_optimizer",
    "ecs_members",
    "last_write_event",
    "rightsizing",
    "ssm_instances",
]

# LookupEvents is throttled at 2 requests/second per account and region, so a region with more
# instances than this reports E3 as unknown rather than taking minutes.
CLOUDTRAIL_MAX_LOOKUPS = 200
CLOUDTRAIL_MAX_PAGES = 3
RIGHTSIZING_MAX_PAGES = 50


def compute_optimizer(client: Any) -> dict[str, dict[str, Any]]:
    """Instance id -> {finding, idle, cpu_max_percent} from Compute Optimizer."""
    out: dict[str, dict[str, Any]] = {}
    kwargs: dict[str, Any] = {}
    while True:
        page = client.get_ec2_instance_recommendations(**kwargs)
        for rec in page.get("instanceRecommendations", []):
            cpu = [m.get("value") for m in rec.get("utilizationMetrics", [])
                   if m.get("name") == "CPU" and m.get("statistic") == "MAXIMUM"]
            out[rec["instanceArn"].rsplit("/", 1)[-1]] = {
                "finding": rec.get("finding", ""),
                "idle": str(rec.get("idle", "")).lower() == "true",
                "cpu_max_percent": float(cpu[0]) if cpu and cpu[0] is not None else None,
            }
        if not page.get("nextToken"):
            return out
        kwargs["nextToken"] = page["nextToken"]


def ssm_instances(client: Any) -> dict[str, dict[str, Any]]:
    """Instance id -> {managed, ping_status, last_ping} for SSM-managed instances."""
    return {info["InstanceId"]: {"managed": True, "ping_status": info.get("PingStatus", ""),
                                 "last_ping": info.get("LastPingDateTime")}
            for info in pages(client, "describe_instance_information", "InstanceInformationList")}


def last_write_event(client: Any, instance_id: str, end: datetime, days: int) -> dict[str, Any]:
    """The newest CloudTrail management write event naming the instance within `days`."""
    kwargs: dict[str, Any] = {
        "LookupAttributes": [{"AttributeKey": "ResourceName", "AttributeValue": instance_id}],
        "StartTime": end - timedelta(days=days), "EndTime": end, "MaxResults": 50}
    for _ in range(CLOUDTRAIL_MAX_PAGES):
        page = client.lookup_events(**kwargs)
        for event in page.get("Events", []):  # newest first
            if str(event.get("ReadOnly", "false")).lower() == "false":
                return {"last_write_event": event["EventTime"], "event": event.get("EventName"),
                        "lookback_days": days}
        if not page.get("NextToken"):
            return {"last_write_event": None, "lookback_days": days}
        kwargs["NextToken"] = page["NextToken"]
    raise LookupError(f"CloudTrail: more than {CLOUDTRAIL_MAX_PAGES} pages of read events")


def asg_members(client: Any) -> set[str]:
    """Instance ids in any Auto Scaling group."""
    return {i["InstanceId"] for i in pages(client, "describe_auto_scaling_instances",
                                            "AutoScalingInstances")}


def ecs_members(client: Any) -> set[str]:
    """EC2 instance ids registered as ECS container instances."""
    found: set[str] = set()
    for cluster in pages(client, "list_clusters", "clusterArns"):
        arns = list(pages(client, "list_container_instances", "containerInstanceArns",
                          cluster=cluster))
        for first in range(0, len(arns), 100):
            described = client.describe_container_instances(cluster=cluster,
                                                            containerInstances=arns[first:first + 100])
            found.update(c["ec2InstanceId"] for c in described.get("containerInstances", [])
                         if c.get("ec2InstanceId"))
    return found


def _rightsizing_entry(rec: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    kind = rec.get("RightsizingType", "")
    if kind == "Terminate":
        detail = rec.get("TerminateRecommendationDetail", {})
        savings = float(detail.get("EstimatedMonthlySavings", 0) or 0)
    else:
        targets = rec.get("ModifyRecommendationDetail", {}).get("TargetInstances", [])
        savings = max((float(t.get("EstimatedMonthlySavings", 0) or 0) for t in targets),
                      default=0.0)
    return rec.get("CurrentInstance", {}).get("ResourceId", ""), {"type": kind, "savings": savings}


def rightsizing(client: Any) -> dict[str, dict[str, Any]]:
    """Instance id -> {type, savings} from Cost Explorer rightsizing recommendations.

    A billed call: the one paging helper raises a SourceError on a repeated token or past
    RIGHTSIZING_MAX_PAGES pages, so the caller reports E7 unknown instead of a partial list.
    """
    replies = token_pages(lambda request, _page: client.get_rightsizing_recommendation(**request),
                          {"Service": "AmazonEC2"}, max_pages=RIGHTSIZING_MAX_PAGES)
    return dict(_rightsizing_entry(rec) for reply in replies
                for rec in reply.get("RightsizingRecommendations", []))
