"""S3 bucket signals S1–S7: a fired, a clear and an unknown case each, through the registry."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from finops_lib.activity.model import CLEAR, FIRED, UNKNOWN
from finops_lib.activity.registry import metric_windows, resolved_params
from finops_lib.activity.signals.s3 import STORAGE_METRIC_DAYS

from ..conftest import END, SignalCase, daily, evaluate_case

GB = 1024**3
OLD, RECENT = END - timedelta(days=200), END - timedelta(days=3)
LC_NONE: list[dict[str, Any]] = []
LC_FULL = [{"Status": "Enabled", "Transitions": [{"Days": 30, "StorageClass": "GLACIER"}],
            "NoncurrentVersionExpiration": {"NoncurrentDays": 30},
            "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7}}]

# (code, resource type, facts, metrics, expected status, evidence fragment)
CASES: list[tuple[str, str, dict[str, Any], dict[str, Any], str, str]] = [
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
]


def test_signal_case(signal_case: SignalCase) -> None:
    outcome = evaluate_case(signal_case)
    assert outcome.status == signal_case.status, outcome
    assert signal_case.fragment in outcome.evidence


def test_storage_metrics_have_a_fixed_window_and_requests_follow_s1() -> None:
    windows = metric_windows("s3_bucket", resolved_params({"S1": {"lookback_days": 30}}))
    size, size_days = windows["BucketSizeBytes:StandardStorage"]
    assert size.dimensions == (("StorageType", "StandardStorage"),)
    assert size_days == windows["NumberOfObjects"][1] == STORAGE_METRIC_DAYS
    requests, days = windows["AllRequests"]
    assert days == 30 and requests.dimensions == (("FilterId", ""),)  # the lister supplies it
