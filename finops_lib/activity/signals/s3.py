"""S3 bucket signals S1–S7. Size and object count come from the daily CloudWatch storage
metrics; a single listing page (≤ 1,000 keys) is the fallback for small buckets only."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from ..model import CLEAR, FIRED, ApiCall, Ctx, Metric, Missing, Outcome, Param
from ..registry import signal

__all__ = ["STORAGE_METRIC_DAYS"]

_GB = 1024**3
# S3 publishes storage metrics once a day, sometimes late; the newest of the last few days counts.
STORAGE_METRIC_DAYS = 4
_LIST = ApiCall("s3", "ListObjectsV2", "s3:ListBucket")
_LIFECYCLE = ApiCall("s3", "GetBucketLifecycleConfiguration", "s3:GetLifecycleConfiguration")


@signal("S1", "No requests or modifications", "s3_bucket", weight=40,
        params=(Param("lookback_days", 90, "days", "look-back window", 1, 455, True),),
        remediation="Untouched bucket: archive to Glacier Deep Archive or delete.",
        metrics=(Metric("AllRequests", "AWS/S3", "AllRequests", "Sum", dimensions=(
            ("FilterId", ""),)),),  # the bucket's whole-bucket request-metrics filter
        calls=(ApiCall("s3", "ListBucketMetricsConfigurations", "s3:GetMetricsConfiguration"),
               _LIST))
def untouched(ctx: Ctx) -> Outcome:
    days = ctx.lookback_days
    try:
        requests = sum(ctx.values("AllRequests"))
        return Outcome(FIRED if requests == 0 else CLEAR,
                       f"{requests:.0f} requests over {days} d")
    except Missing as no_metric:
        listing = _listing(ctx, no_metric.reason)
    newest = listing.get("newest")
    if newest is not None and newest >= ctx.resource.end - timedelta(days=days):
        return Outcome(CLEAR, f"object modified {newest:%Y-%m-%d}")
    return Outcome(FIRED, f"no object modified in {days} d" + (
        f" (newest {newest:%Y-%m-%d})" if newest else " (empty)"))


@signal("S2", "Empty bucket", "s3_bucket", weight=20,
        remediation="Delete the empty bucket.",
        metrics=(Metric("NumberOfObjects", "AWS/S3", "NumberOfObjects", "Average",
                        dimensions=(("StorageType", "AllStorageTypes"),),
                        days=STORAGE_METRIC_DAYS),), calls=(_LIST,))
def empty(ctx: Ctx) -> Outcome:
    count = _object_count(ctx)
    return Outcome(FIRED if count == 0 else CLEAR, f"{count:,.0f} objects")


@signal("S3", "No lifecycle configuration", "s3_bucket", weight=10,
        remediation="Add a lifecycle configuration (transition, expiration, abort uploads).",
        calls=(_LIFECYCLE,))
def no_lifecycle(ctx: Ctx) -> Outcome:
    rules = ctx.fact("lifecycle_rules")
    return Outcome(CLEAR, f"{len(rules)} lifecycle rules") if rules else Outcome(
        FIRED, "no lifecycle configuration")


@signal("S4", "Large STANDARD data without tiering", "s3_bucket", weight=10,
        params=(Param("standard_gb_over", 100.0, "GB", "STANDARD storage above"),),
        remediation="Add an Intelligent-Tiering or transition rule.",
        metrics=(Metric("BucketSizeBytes:StandardStorage", "AWS/S3", "BucketSizeBytes",
                        "Average", dimensions=(("StorageType", "StandardStorage"),),
                        days=STORAGE_METRIC_DAYS),), calls=(_LIFECYCLE,))
def standard_without_tiering(ctx: Ctx) -> Outcome:
    rules = ctx.fact("lifecycle_rules")
    if any(_transitions(r) for r in rules):
        return Outcome(CLEAR, "has a transition rule")
    size_gb = _standard_bytes(ctx) / _GB
    text = f"{size_gb:,.1f} GB in STANDARD, no transition rule"
    return Outcome(FIRED if size_gb > ctx.p("standard_gb_over") else CLEAR, text)


@signal("S5", "Versioning without noncurrent expiration", "s3_bucket", weight=10,
        remediation="Add a NoncurrentVersionExpiration rule so old versions stop accruing.",
        calls=(ApiCall("s3", "GetBucketVersioning"), _LIFECYCLE))
def versions_kept(ctx: Ctx) -> Outcome:
    if ctx.fact("versioning") != "Enabled":
        return Outcome(CLEAR, "versioning not enabled")
    rules = ctx.fact("lifecycle_rules")
    if any(_enabled(r) and "NoncurrentVersionExpiration" in r for r in rules):
        return Outcome(CLEAR, "noncurrent versions expire")
    return Outcome(FIRED, "versioning enabled, noncurrent versions never expire")


@signal("S6", "No AbortIncompleteMultipartUpload rule", "s3_bucket", weight=5,
        remediation="Add an AbortIncompleteMultipartUpload rule (e.g. 7 days).",
        calls=(_LIFECYCLE,))
def no_abort_rule(ctx: Ctx) -> Outcome:
    rules = ctx.fact("lifecycle_rules")
    if any(_enabled(r) and "AbortIncompleteMultipartUpload" in r for r in rules):
        return Outcome(CLEAR, "incomplete uploads are aborted")
    return Outcome(FIRED, "no AbortIncompleteMultipartUpload rule")


@signal("S7", "Newest object is old", "s3_bucket", weight=5,
        params=(Param("newest_object_days_over", 365, "days", "newest object older than",
                      0, None, True),),
        remediation="Data is cold: transition to an archive class or delete.",
        calls=(_LIST,))
def stale_objects(ctx: Ctx) -> Outcome:
    listing = _listing(ctx, "newest object date unknown")
    newest = listing.get("newest")
    if newest is None:
        raise Missing("bucket is empty: no newest object")
    age = (ctx.resource.end - newest).days
    text = f"newest object {newest:%Y-%m-%d} ({age} d old)"
    return Outcome(FIRED if age > ctx.p("newest_object_days_over") else CLEAR, text)


def _listing(ctx: Ctx, reason: str) -> Mapping[str, Any]:
    """The first listing page, usable only when it held the whole bucket."""
    listing = ctx.fact("listing")
    if listing.get("truncated"):
        raise Missing(f"{reason}; more than {listing.get('count', 1000)} objects to list")
    return listing


def _object_count(ctx: Ctx) -> float:
    try:
        return ctx.values("NumberOfObjects", 3)[-1]
    except Missing as no_metric:
        return float(_listing(ctx, no_metric.reason)["count"])


def _standard_bytes(ctx: Ctx) -> float:
    try:
        return ctx.values("BucketSizeBytes:StandardStorage", 3)[-1]
    except Missing as no_metric:
        return float(_listing(ctx, no_metric.reason).get("standard_bytes", 0.0))


def _enabled(rule: Mapping[str, Any]) -> bool:
    return rule.get("Status", "Enabled") == "Enabled"


def _transitions(rule: Mapping[str, Any]) -> bool:
    return _enabled(rule) and bool(rule.get("Transitions") or rule.get("Transition"))
