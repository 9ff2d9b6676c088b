"""The synthetic inventory the demo source analyses: deterministic, relative to `end`.

It holds clearly idle, busy, stopped, unattached and scheduler-tagged (E0) resources, and some
whose data is missing (service not enabled, access denied, no datapoints), so that every tier
(MUST, SHOULD, COULD, KEEP) and the unknown branch appear.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from . import pricing
from .model import Resource, Series, Snapshot

__all__ = ["DEMO_ACCOUNTS", "DEMO_DENIED", "demo_snapshot"]

DEMO_ACCOUNTS: tuple[str, ...] = ("111111111111", "222222222222", "333333333333")
DEMO_DENIED = "999999999999"  # in organization scope: the member whose role is not assumable
A, B, C = DEMO_ACCOUNTS
GB = 1024**3
MB = 1_000_000
DENIED = "access denied"


def _daily(end: datetime, days: int, level: float, wobble: float = 0.1) -> Series:
    """`days` daily points ending yesterday, gently varying around `level` (never negative)."""
    return tuple((end - timedelta(days=days - i),
                  max(0.0, level * (1 + wobble * math.sin(i)))) for i in range(days))


def _hourly(end: datetime, days: int, hours: dict[int, float]) -> Series:
    start = end - timedelta(days=days)
    return tuple((start + timedelta(hours=h), float(hours.get(h % 24, 0.0)))
                 for h in range(days * 24))


def _ec2(end: datetime, cpu: float, net_mb: float, ops: float) -> dict[str, Series]:
    return {"CPUUtilization": _daily(end, 14, cpu), "NetworkIn": _daily(end, 14, net_mb * MB / 2),
            "NetworkOut": _daily(end, 14, net_mb * MB / 2), "EBSReadOps": _daily(end, 14, ops / 2),
            "EBSWriteOps": _daily(end, 14, ops / 2)}


def _member(asg: bool = False, tg: bool = False, eks: bool = False) -> dict[str, Any]:
    return {"asg": asg, "target_group": tg, "ecs": False, "eks": eks}


def _instances(end: datetime) -> list[Resource]:
    def ec2(iid: str, name: str, account: str, region: str, itype: str, gb: int, *,
            state: str = "running", **kw: Any) -> Resource:
        cost = pricing.ec2_monthly(itype, state == "running", [("gp3", gb)])
        facts = {"volume_ids": (f"vol-{iid[2:]}",), "instance_type": itype,
                 "tags": {"Name": name}} | kw.pop("facts", {})
        return Resource(iid, "ec2_instance", account, region, end, name, state, cost, facts,
                        kw.get("metrics", {}), kw.get("missing", {}))

    recent, old = end - timedelta(days=4), end - timedelta(days=140)
    online = {"managed": True, "ping_status": "Online", "last_ping": end - timedelta(hours=2)}
    return [
        ec2("i-0a1legacyreport", "legacy-reporting", A, "us-east-1", "m5.xlarge", 200, facts={
            "compute_optimizer": {"finding": "Overprovisioned", "idle": True,
                                  "cpu_max_percent": 0.6},
            "cloudtrail": {"last_write_event": old, "event": "ModifyInstanceAttribute"},
            "ssm": {"managed": True, "ping_status": "ConnectionLost",
                    "last_ping": end - timedelta(days=40)},
            "membership": _member(), "rightsizing": {"type": "Terminate", "savings": 140.16}},
            metrics=_ec2(end, 0.4, 1.0, 2.0)),
        ec2("i-0b2batchworker", "batch-worker", A, "us-east-1", "c5.large", 50, facts={
            "tags": {"Name": "batch-worker", "Schedule": "office-hours"},
            "compute_optimizer": {"finding": "Overprovisioned", "idle": False,
                                  "cpu_max_percent": 0.8},
            "cloudtrail": {"last_write_event": recent, "event": "StartInstances"},
            "ssm": online, "membership": _member(), "rightsizing": {"type": "", "savings": 0}},
            metrics=_ec2(end, 1.5, 4.0, 400.0)),
        ec2("i-0c3webfront01", "web-frontend-1", A, "us-east-1", "m5.large", 30, facts={
            "compute_optimizer": {"finding": "Optimized", "idle": False,
                                  "cpu_max_percent": 78.0},
            "cloudtrail": {"last_write_event": recent, "event": "CreateTags"},
            "ssm": online, "membership": _member(asg=True, tg=True),
            "rightsizing": {"type": "", "savings": 0}},
            metrics=_ec2(end, 45.0, 5000.0, 90000.0)),
        ec2("i-0d4devbox0001", "dev-box", B, "eu-west-1", "t3.large", 100, facts={
            "compute_optimizer": {"finding": "Optimized", "idle": False,
                                  "cpu_max_percent": 35.0},
            "cloudtrail": {"last_write_event": old, "event": "RunInstances"},
            "ssm": {"managed": False}, "membership": _member(),
            "rightsizing": {"type": "Modify", "savings": 20.0}},
            metrics=_ec2(end, 2.5, 5.0, 5000.0)),
        ec2("i-0e5oldjenkins", "old-jenkins", B, "eu-west-1", "t3.xlarge", 300, state="stopped",
            facts={"cloudtrail": {"last_write_event": old, "event": "StopInstances"},
                   "ssm": {"managed": True, "ping_status": "ConnectionLost",
                           "last_ping": old}, "membership": _member(),
                   "rightsizing": {"type": "", "savings": 0}}),
        ec2("i-0f6eksnode001", "eks-node", A, "us-east-1", "m5.2xlarge", 80, facts={
            "tags": {"Name": "eks-node", "eks:cluster-name": "prod"},
            "compute_optimizer": {"finding": "Optimized", "idle": False,
                                  "cpu_max_percent": 88.0},
            "cloudtrail": {"last_write_event": recent, "event": "CreateTags"}, "ssm": online,
            "membership": _member(eks=True), "rightsizing": {"type": "", "savings": 0}},
            metrics=_ec2(end, 60.0, 20000.0, 150000.0)),
        ec2("i-0g7analytics01", "analytics-spare", C, "eu-west-1", "r5.xlarge", 500,
            missing={"compute_optimizer": "Compute Optimizer: not enabled (opt-in required)",
                     "cloudtrail": f"CloudTrail: {DENIED}", "ssm": f"SSM: {DENIED}",
                     "membership": f"Auto Scaling: {DENIED}",
                     "rightsizing": "Cost Explorer rightsizing: not enabled",
                     "CPUUtilization": "no CPUUtilization datapoints in 14 d",
                     "NetworkIn": "no NetworkIn datapoints in 14 d",
                     "EBSReadOps": "no EBSReadOps datapoints in 14 d"}),
    ]


def _databases(end: datetime) -> list[Resource]:
    def rds(dbid: str, account: str, region: str, cls: str, gb: int, state: str,
            metrics: dict[str, Series], window: str = "03:00-03:30") -> Resource:
        cost = pricing.rds_monthly(cls, state == "available", False, "gp2", gb)
        return Resource(dbid, "rds_instance", account, region, end, dbid, state, cost,
                        {"allocated_storage_gb": float(gb), "backup_window": window,
                         "db_class": cls}, metrics)

    def metrics(conn: float, peak: float, cpu: float, iops: float, free_gb: float,
                hours: dict[int, float]) -> dict[str, Series]:
        return {"DatabaseConnections:max": _daily(end, 90, peak, 0),
                "DatabaseConnections": _daily(end, 90, conn, 0),
                "CPUUtilization": _daily(end, 60, cpu), "ReadIOPS": _daily(end, 60, iops / 2),
                "WriteIOPS": _daily(end, 60, iops / 2),
                "FreeStorageSpace": _daily(end, 7, free_gb * GB, 0),
                "DatabaseConnections:hourly": _hourly(end, 30, hours)}

    return [
        rds("orders-archive", A, "us-east-1", "db.m5.large", 500, "available",
            metrics(0, 0, 1.0, 6.0, 480, {})),
        rds("app-primary", A, "us-east-1", "db.r5.large", 200, "available",
            metrics(120, 300, 55.0, 2500.0, 60, {h: 150.0 for h in range(24)})),
        rds("nightly-reports", B, "eu-west-1", "db.t3.medium", 100, "available",
            metrics(1.0, 4.0, 2.0, 40.0, 40, {22: 4.0, 23: 2.0})),
        rds("staging-db", B, "eu-west-1", "db.t3.small", 100, "stopped", {}),
    ]


def _buckets(end: datetime) -> list[Resource]:
    def s3(name: str, account: str, facts: dict[str, Any], metrics: dict[str, Series],
           std_gb: float | None, missing: dict[str, str] | None = None) -> Resource:
        cost = pricing.s3_monthly(None if std_gb is None else std_gb * GB)
        return Resource(name, "s3_bucket", account, "us-east-1", end, name, "active", cost,
                        facts, metrics, missing or {})

    full = [{"ID": "tiering", "Status": "Enabled",
             "Transitions": [{"Days": 30, "StorageClass": "INTELLIGENT_TIERING"}],
             "NoncurrentVersionExpiration": {"NoncurrentDays": 30},
             "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7}}]
    return [
        s3("acme-logs-2019", A, {"lifecycle_rules": [], "versioning": "Enabled",
                                 "listing": {"count": 640, "truncated": False,
                                             "newest": end - timedelta(days=700)}},
           {"AllRequests": _daily(end, 90, 0, 0),
            "BucketSizeBytes:StandardStorage": _daily(end, 3, 500 * GB, 0),
            "NumberOfObjects": _daily(end, 3, 640, 0)}, 500),
        s3("acme-web-assets", A, {"lifecycle_rules": full, "versioning": "Enabled",
                                  "listing": {"count": 1000, "truncated": True}},
           {"AllRequests": _daily(end, 90, 250000),
            "BucketSizeBytes:StandardStorage": _daily(end, 3, 20 * GB, 0),
            "NumberOfObjects": _daily(end, 3, 48000, 0)}, 20),
        s3("acme-tmp-scratch", B, {"lifecycle_rules": [], "versioning": "",
                                   "listing": {"count": 0, "truncated": False, "newest": None,
                                               "standard_bytes": 0.0}}, {}, 0,
           {"AllRequests": "S3 request metrics not enabled"}),
        s3("acme-data-lake", C, {"listing": {"count": 1000, "truncated": True}}, {}, None,
           {"lifecycle_rules": f"S3 lifecycle: {DENIED}", "versioning": f"S3 versioning: {DENIED}",
            "AllRequests": "S3 request metrics not enabled",
            "BucketSizeBytes:StandardStorage": "no BucketSizeBytes datapoints",
            "NumberOfObjects": "no NumberOfObjects datapoints"}),
    ]


def _network(end: datetime) -> list[Resource]:
    def res(rid: str, rtype: str, account: str, name: str, state: str, cost: float | None,
            facts: dict[str, Any], metrics: dict[str, Series] | None = None,
            missing: dict[str, str] | None = None) -> Resource:
        return Resource(rid, rtype, account, "us-east-1", end, name, state, cost, facts,
                        metrics or {}, missing or {})

    def nat(level_mb: float, conns: float) -> dict[str, Series]:
        return {"BytesOutToDestination": _daily(end, 14, level_mb * MB / 2, 0),
                "BytesInFromDestination": _daily(end, 14, level_mb * MB / 2, 0),
                "ActiveConnectionCount": _daily(end, 14, conns, 0)}

    ebs: Callable[[str, float], float | None] = pricing.ebs_monthly
    return [
        res("vol-0aa1orphan0001", "ebs_volume", A, "old-db-data", "available", ebs("gp2", 500),
            {"attached": False, "volume_type": "gp2", "size_gb": 500,
             "create_time": end - timedelta(days=210)},
            missing={"VolumeReadOps": "no VolumeReadOps datapoints (unattached)"}),
        res("vol-0bb2recent0002", "ebs_volume", B, "", "available", ebs("gp3", 100),
            {"attached": False, "volume_type": "gp3", "size_gb": 100,
             "create_time": end - timedelta(days=5)},
            {"VolumeReadOps": _daily(end, 14, 0, 0), "VolumeWriteOps": _daily(end, 14, 0, 0)}),
        res("eipalloc-0aa1idle", "elastic_ip", A, "203.0.113.10", "unassociated",
            pricing.eip_monthly(), {"association": ""}),
        res("eipalloc-0bb2used", "elastic_ip", A, "203.0.113.11", "associated",
            pricing.eip_monthly(), {"association": "i-0c3webfront01"}),
        res("nat-0aa1idle", "nat_gateway", B, "legacy-vpc-nat", "available",
            pricing.nat_monthly(), {}, nat(0.2, 0)),
        res("nat-0bb2busy", "nat_gateway", A, "prod-nat", "available", pricing.nat_monthly(),
            {}, nat(25000, 900)),
        res("app/old-api/0aa1", "load_balancer", B, "old-api", "active",
            pricing.lb_monthly("application"),
            {"lb_type": "application", "healthy_targets": 0, "registered_targets": 0},
            {"requests": _daily(end, 14, 0, 0)}),
        res("app/prod-web/0bb2", "load_balancer", A, "prod-web", "active",
            pricing.lb_monthly("application"),
            {"lb_type": "application", "healthy_targets": 4, "registered_targets": 4},
            {"requests": _daily(end, 14, 1_200_000)}),
        res("net/edge-nlb/0cc3", "load_balancer", C, "edge-nlb", "active",
            pricing.lb_monthly("network"), {"lb_type": "network"},
            missing={"healthy_targets": f"target health: {DENIED}",
                     "requests": "no NewFlowCount datapoints in 14 d"}),
    ]


def demo_snapshot(end: datetime) -> Snapshot:
    """The whole synthetic inventory, with the notices a real run would have printed."""
    resources = _instances(end) + _databases(end) + _buckets(end) + _network(end)
    notices = (
        f"{C}/eu-west-1: Compute Optimizer: not enabled (opt-in required) (E1 unknown)",
        f"{C}/eu-west-1: SSM: {DENIED} (E4 unknown)",
        f"{C}: S3 lifecycle: {DENIED} for acme-data-lake (S3–S6 unknown)",
    )
    return Snapshot(tuple(resources), notices, {})
