"""Every signal has a fired, a clear and an unknown case, evaluated through the registry."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from finops_lib.activity.model import CLEAR, FIRED, UNKNOWN
from finops_lib.activity.registry import all_signals, resolved_params
from finops_lib.activity.scoring import evaluate

from .conftest import END, daily, hourly, resource

MB = 1_000_000
GB = 1024**3
OLD, RECENT = END - timedelta(days=200), END - timedelta(days=3)
EC2_FACTS = {"volume_ids": ("vol-1",)}
LC_NONE: list[dict[str, Any]] = []
LC_FULL = [{"Status": "Enabled", "Transitions": [{"Days": 30, "StorageClass": "GLACIER"}],
            "NoncurrentVersionExpiration": {"NoncurrentDays": 30},
            "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7}}]

# (code, resource type, facts, metrics, expected status, evidence fragment)
CASES: list[tuple[str, str, dict[str, Any], dict[str, Any], str, str]] = [
    ("E0", "ec2_instance", {"tags": {"Schedule": "office-hours"}}, {}, FIRED, "Schedule"),
    ("E0", "ec2_instance", {"tags": {"Name": "web"}}, {}, CLEAR, "no scheduler"),
    ("E0", "ec2_instance", {}, {}, UNKNOWN, "tags"),
    ("E1", "ec2_instance", {"compute_optimizer": {"finding": "Overprovisioned",
                                                  "cpu_max_percent": 0.8}}, {}, FIRED, "0.8 %"),
    ("E1", "ec2_instance", {"compute_optimizer": {"finding": "Optimized", "idle": False,
                                                  "cpu_max_percent": 40.0}}, {}, CLEAR,
     "Optimized"),
    ("E1", "ec2_instance", {}, {}, UNKNOWN, "compute_optimizer"),
    ("E2", "ec2_instance", {}, {"CPUUtilization": daily([1.0] * 14),
                                "NetworkIn": daily([2 * MB] * 14),
                                "NetworkOut": daily([1 * MB] * 14)}, FIRED, "3.0 MB/day"),
    ("E2", "ec2_instance", {}, {"CPUUtilization": daily([1.0] * 13 + [50.0]),
                                "NetworkIn": daily([0] * 14), "NetworkOut": daily([0] * 14)},
     CLEAR, "CPU p95"),
    ("E2", "ec2_instance", {}, {"CPUUtilization": daily([1.0] * 14)}, UNKNOWN, "NetworkIn"),
    ("E3", "ec2_instance", {"cloudtrail": {"last_write_event": OLD}}, {}, FIRED, "no write"),
    ("E3", "ec2_instance", {"cloudtrail": {"last_write_event": RECENT, "event": "StopInstances"}},
     {}, CLEAR, "StopInstances"),
    ("E3", "ec2_instance", {}, {"cloudtrail": "AccessDenied"}, UNKNOWN, "AccessDenied"),
    ("E4", "ec2_instance", {"ssm": {"managed": False}}, {}, FIRED, "not managed"),
    ("E4", "ec2_instance", {"ssm": {"managed": True, "ping_status": "Online",
                                    "last_ping": RECENT}}, {}, CLEAR, "Online"),
    ("E4", "ec2_instance", {}, {}, UNKNOWN, "ssm"),
    ("E5", "ec2_instance", {"membership": {"asg": False, "target_group": False, "ecs": False,
                                           "eks": False}}, {}, FIRED, "standalone"),
    ("E5", "ec2_instance", {"membership": {"asg": True, "target_group": None, "ecs": False,
                                           "eks": False}}, {}, CLEAR, "asg"),
    ("E5", "ec2_instance", {"membership": {"asg": False, "target_group": None, "ecs": False,
                                           "eks": False}}, {}, UNKNOWN, "target_group"),
    ("E6", "ec2_instance", EC2_FACTS, {"EBSReadOps": daily([3] * 14),
                                       "EBSWriteOps": daily([4] * 14)}, FIRED, "p95 7/day"),
    ("E6", "ec2_instance", EC2_FACTS, {"EBSReadOps": daily([300] * 14),
                                       "EBSWriteOps": daily([4] * 14)}, CLEAR, "304"),
    ("E6", "ec2_instance", {"volume_ids": ()}, {}, UNKNOWN, "no EBS volumes"),
    ("E7", "ec2_instance", {"rightsizing": {"type": "Terminate", "savings": 12.5}}, {}, FIRED,
     "$12.50"),
    ("E7", "ec2_instance", {"rightsizing": {"type": "Modify", "savings": 5.0}}, {}, CLEAR,
     "Modify"),
    ("E7", "ec2_instance", {}, {}, UNKNOWN, "rightsizing"),
    ("R1", "rds_instance", {}, {"DatabaseConnections:max": daily([0] * 90)}, FIRED, "max conn"),
    ("R1", "rds_instance", {}, {"DatabaseConnections:max": daily([0] * 89 + [1])}, CLEAR, "1"),
    ("R1", "rds_instance", {}, {}, UNKNOWN, "DatabaseConnections"),
    ("R2", "rds_instance", {}, {"DatabaseConnections": daily([4.9] * 90)}, FIRED, "4.9"),
    ("R2", "rds_instance", {}, {"DatabaseConnections": daily([5.0] * 90)}, CLEAR, "5.0"),
    ("R2", "rds_instance", {}, {}, UNKNOWN, "DatabaseConnections"),
    ("R3", "rds_instance", {}, {"CPUUtilization": daily([2.0] * 60)}, FIRED, "2.0 %"),
    ("R3", "rds_instance", {}, {"CPUUtilization": daily([20.0] * 60)}, CLEAR, "20.0 %"),
    ("R3", "rds_instance", {}, {}, UNKNOWN, "CPUUtilization"),
    ("R4", "rds_instance", {}, {"ReadIOPS": daily([40] * 60), "WriteIOPS": daily([50] * 60)},
     FIRED, "90.0"),
    ("R4", "rds_instance", {}, {"ReadIOPS": daily([60] * 60), "WriteIOPS": daily([50] * 60)},
     CLEAR, "110.0"),
    ("R4", "rds_instance", {}, {"ReadIOPS": daily([1] * 60)}, UNKNOWN, "WriteIOPS"),
    ("R5", "rds_instance", {"backup_window": "03:00-03:30"},
     {"DatabaseConnections:hourly": hourly({3: 2.0})}, FIRED, "outside backup window 0"),
    ("R5", "rds_instance", {"backup_window": "03:00-03:30"},
     {"DatabaseConnections:hourly": hourly({3: 2.0, 10: 1.0})}, CLEAR, "window 1"),
    ("R5", "rds_instance", {}, {"DatabaseConnections:hourly": hourly({3: 2.0})}, UNKNOWN,
     "backup_window"),
    ("R6", "rds_instance", {}, {"DatabaseConnections:hourly": hourly({22: 3.0})}, FIRED,
     "0 in business hours, 3 outside"),
    ("R6", "rds_instance", {}, {"DatabaseConnections:hourly": hourly({9: 3.0})}, CLEAR,
     "3 in business hours"),
    ("R6", "rds_instance", {}, {}, UNKNOWN, "DatabaseConnections:hourly"),
    ("R7", "rds_instance", {"allocated_storage_gb": 100},
     {"FreeStorageSpace": daily([90 * GB] * 7)}, FIRED, "used 10.0 %"),
    ("R7", "rds_instance", {"allocated_storage_gb": 100},
     {"FreeStorageSpace": daily([50 * GB] * 7)}, CLEAR, "used 50.0 %"),
    ("R7", "rds_instance", {"allocated_storage_gb": 100}, {}, UNKNOWN, "FreeStorageSpace"),
    ("S1", "s3_bucket", {}, {"AllRequests": daily([0] * 90)}, FIRED, "0 requests"),
    ("S1", "s3_bucket", {"listing": {"count": 3, "truncated": False, "newest": RECENT}}, {},
     CLEAR, "modified"),
    ("S1", "s3_bucket", {"listing": {"count": 1000, "truncated": True}}, {}, UNKNOWN,
     "more than 1000"),
    ("S2", "s3_bucket", {}, {"NumberOfObjects": daily([0])}, FIRED, "0 objects"),
    ("S2", "s3_bucket", {"listing": {"count": 7, "truncated": False}}, {}, CLEAR, "7 objects"),
    ("S2", "s3_bucket", {}, {}, UNKNOWN, "listing"),
    ("S3", "s3_bucket", {"lifecycle_rules": LC_NONE}, {}, FIRED, "no lifecycle"),
    ("S3", "s3_bucket", {"lifecycle_rules": LC_FULL}, {}, CLEAR, "1 lifecycle"),
    ("S3", "s3_bucket", {}, {}, UNKNOWN, "lifecycle_rules"),
    ("S4", "s3_bucket", {"lifecycle_rules": LC_NONE},
     {"BucketSizeBytes:StandardStorage": daily([150 * GB])}, FIRED, "150.0 GB"),
    ("S4", "s3_bucket", {"lifecycle_rules": LC_FULL}, {}, CLEAR, "transition"),
    ("S4", "s3_bucket", {"lifecycle_rules": LC_NONE, "listing": {"truncated": True}}, {},
     UNKNOWN, "BucketSizeBytes"),
    ("S5", "s3_bucket", {"versioning": "Enabled", "lifecycle_rules": LC_NONE}, {}, FIRED,
     "never expire"),
    ("S5", "s3_bucket", {"versioning": "Enabled", "lifecycle_rules": LC_FULL}, {}, CLEAR,
     "expire"),
    ("S5", "s3_bucket", {"lifecycle_rules": LC_NONE}, {}, UNKNOWN, "versioning"),
    ("S6", "s3_bucket", {"lifecycle_rules": LC_NONE}, {}, FIRED, "no Abort"),
    ("S6", "s3_bucket", {"lifecycle_rules": LC_FULL}, {}, CLEAR, "aborted"),
    ("S6", "s3_bucket", {}, {}, UNKNOWN, "lifecycle_rules"),
    ("S7", "s3_bucket", {"listing": {"count": 2, "truncated": False,
                                     "newest": END - timedelta(days=400)}}, {}, FIRED, "400 d"),
    ("S7", "s3_bucket", {"listing": {"count": 2, "truncated": False, "newest": RECENT}}, {},
     CLEAR, "3 d old"),
    ("S7", "s3_bucket", {"listing": {"count": 0, "truncated": False, "newest": None}}, {},
     UNKNOWN, "empty"),
    ("B1", "ebs_volume", {"attached": False, "volume_type": "gp3", "size_gb": 100}, {}, FIRED,
     "gp3, 100 GiB"),
    ("B1", "ebs_volume", {"attached": True}, {}, CLEAR, "attached"),
    ("B1", "ebs_volume", {}, {}, UNKNOWN, "attached"),
    ("B2", "ebs_volume", {"create_time": OLD}, {}, FIRED, "200 d"),
    ("B2", "ebs_volume", {"create_time": RECENT}, {}, CLEAR, "3 d"),
    ("B2", "ebs_volume", {}, {}, UNKNOWN, "create_time"),
    ("B3", "ebs_volume", {}, {"VolumeReadOps": daily([0] * 14),
                              "VolumeWriteOps": daily([0] * 14)}, FIRED, "p95 0/day"),
    ("B3", "ebs_volume", {}, {"VolumeReadOps": daily([500] * 14),
                              "VolumeWriteOps": daily([0] * 14)}, CLEAR, "500"),
    ("B3", "ebs_volume", {}, {}, UNKNOWN, "VolumeReadOps"),
    ("A1", "elastic_ip", {"association": ""}, {}, FIRED, "not associated"),
    ("A1", "elastic_ip", {"association": "i-123"}, {}, CLEAR, "i-123"),
    ("A1", "elastic_ip", {}, {}, UNKNOWN, "association"),
    ("N1", "nat_gateway", {}, {"BytesOutToDestination": daily([1000] * 14),
                               "BytesInFromDestination": daily([0] * 14)}, FIRED, "0.00 MB"),
    ("N1", "nat_gateway", {}, {"BytesOutToDestination": daily([5 * MB] * 14),
                               "BytesInFromDestination": daily([0] * 14)}, CLEAR, "5.00 MB"),
    ("N1", "nat_gateway", {}, {}, UNKNOWN, "BytesOutToDestination"),
    ("N2", "nat_gateway", {}, {"ActiveConnectionCount": daily([0] * 14)}, FIRED, "0"),
    ("N2", "nat_gateway", {}, {"ActiveConnectionCount": daily([0] * 13 + [4])}, CLEAR, "4"),
    ("N2", "nat_gateway", {}, {}, UNKNOWN, "ActiveConnectionCount"),
    ("L1", "load_balancer", {}, {"requests": daily([0] * 14)}, FIRED, "0 requests"),
    ("L1", "load_balancer", {}, {"requests": daily([10] * 14)}, CLEAR, "140 requests"),
    ("L1", "load_balancer", {}, {}, UNKNOWN, "requests"),
    ("L2", "load_balancer", {"healthy_targets": 0, "registered_targets": 2}, {}, FIRED,
     "0 healthy of 2"),
    ("L2", "load_balancer", {"healthy_targets": 2, "registered_targets": 2}, {}, CLEAR,
     "2 healthy"),
    ("L2", "load_balancer", {}, {}, UNKNOWN, "healthy_targets"),
]


@pytest.mark.parametrize(("code", "rtype", "facts", "metrics", "status", "fragment"), CASES,
                         ids=[f"{c[0]}-{c[4]}-{i}" for i, c in enumerate(CASES)])
def test_signal_case(code: str, rtype: str, facts: dict[str, Any], metrics: dict[str, Any],
                     status: str, fragment: str) -> None:
    missing = {k: v for k, v in metrics.items() if isinstance(v, str)}
    series = {k: v for k, v in metrics.items() if not isinstance(v, str)}
    spec = all_signals()[code]
    outcome = evaluate(spec, resource(rtype, facts, series, missing=missing),
                       resolved_params()[code])
    assert outcome.status == status, outcome
    assert fragment in outcome.evidence


def test_every_signal_has_all_three_cases() -> None:
    seen = {(c[0], c[4]) for c in CASES}
    for code in all_signals():
        assert {(code, s) for s in (FIRED, CLEAR, UNKNOWN)} <= seen, code


def test_no_datapoints_is_unknown_never_zero() -> None:
    spec = all_signals()["R1"]
    empty = resource("rds_instance", metrics={"DatabaseConnections:max": ()})
    assert evaluate(spec, empty, spec.defaults()).status == UNKNOWN


def test_window_excludes_old_datapoints() -> None:
    # R7 looks back 7 days; a 90 % free reading 10 days ago must not count.
    spec = all_signals()["R7"]
    old_only = resource("rds_instance", {"allocated_storage_gb": 100},
                        {"FreeStorageSpace": daily([90 * GB] + [0] * 9)[:1]})
    assert evaluate(spec, old_only, spec.defaults()).status == UNKNOWN


def test_stopped_instance_not_scored_on_cpu() -> None:
    spec = all_signals()["E2"]
    stopped = resource("ec2_instance", metrics={"CPUUtilization": daily([0.0] * 14)},
                       state="stopped")
    outcome = evaluate(spec, stopped, spec.defaults())
    assert outcome.status == UNKNOWN and "stopped" in outcome.evidence


def test_override_changes_threshold() -> None:
    spec = all_signals()["E2"]
    busy = resource("ec2_instance", metrics={"CPUUtilization": daily([4.0] * 14),
                                             "NetworkIn": daily([0] * 14),
                                             "NetworkOut": daily([0] * 14)})
    assert evaluate(spec, busy, spec.defaults()).status == CLEAR
    raised = resolved_params({"E2": {"cpu_percent_below": 5.0}})["E2"]
    assert evaluate(spec, busy, raised).status == FIRED


def test_metadata_complete() -> None:
    for code, spec in all_signals().items():
        assert spec.title and spec.remediation and spec.iam_actions, code
        for p in spec.params:
            assert p.unit, (code, p.name)
