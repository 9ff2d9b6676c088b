"""Listings several resource types share in one region (volumes for instances and unattached
volumes; target health for instances and load balancers), each read once per region."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..calls import pages
from ..scan import RegionScan

__all__ = ["read_target_health", "tags", "target_health", "volumes"]


def volumes(scan: RegionScan) -> dict[str, Any]:
    """Volume id -> volume, listed once per region (instances and unattached volumes share it)."""
    found = scan.shared("EBS volumes", lambda: list(pages(scan.client("ec2"), "describe_volumes",
                                                           "Volumes")))
    return {v["VolumeId"]: v for v in found or []}


def target_health(scan: RegionScan) -> dict[str, Any] | None:
    """`read_target_health` once per region, None when it cannot be read."""
    return scan.shared("target groups", lambda: read_target_health(scan.client("elbv2")))


def tags(item: Mapping[str, Any]) -> dict[str, str]:
    """An AWS Tags list as a dict."""
    return {t["Key"]: t.get("Value", "") for t in item.get("Tags", []) or []}


def read_target_health(elbv2: Any) -> dict[str, Any]:
    """Per load balancer: healthy and registered counts; plus every instance id targeted."""
    per_lb: dict[str, list[int]] = {}
    instances: set[str] = set()
    for group in pages(elbv2, "describe_target_groups", "TargetGroups"):
        targets = elbv2.describe_target_health(TargetGroupArn=group["TargetGroupArn"])
        described = targets.get("TargetHealthDescriptions", [])
        healthy = sum(1 for t in described if t.get("TargetHealth", {}).get("State") == "healthy")
        if group.get("TargetType", "instance") == "instance":
            instances.update(t["Target"]["Id"] for t in described)
        for lb in group.get("LoadBalancerArns", []):
            counts = per_lb.setdefault(lb, [0, 0])
            counts[0] += healthy
            counts[1] += len(described)
    return {"per_lb": per_lb, "instances": instances}
