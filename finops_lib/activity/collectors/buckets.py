"""S3 buckets of one account: lifecycle, versioning, request-metrics configuration and one
listing page (≤ 1,000 keys: enough to know a small bucket's newest object; big buckets rely on
the CloudWatch storage metrics)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

from botocore.exceptions import ClientError

from .. import pricing
from ..model import ApiCall, Series
from ..registry import codes_calling
from .calls import FAILURES, Clients, pages, why
from .draft import Draft

__all__ = ["BUCKET_CALLS", "BUCKET_READS", "bucket_cost", "collect_buckets"]

# The listing; each bucket's other reads are declared by the S3 signals that use them.
BUCKET_CALLS = (ApiCall("s3", "ListBuckets", "s3:ListAllMyBuckets"),
                ApiCall("s3", "GetBucketLocation"))
_EMPTY_LIFECYCLE = {"NoSuchLifecycleConfiguration"}


def collect_buckets(clients: Clients, account: str, regions: Collection[str] | None
                    ) -> tuple[list[Draft], list[str]]:
    """Drafts for every bucket in `regions` (None = all) and notices."""
    s3 = clients.client("s3", region_name="us-east-1")
    try:
        buckets = list(pages(s3, "list_buckets", "Buckets"))
    except FAILURES as exc:
        return [], [f"{why(exc, 'S3')}: buckets not listed"]
    reads = [read for operation, read in BUCKET_READS if codes_calling("s3_bucket", "s3", operation)]
    drafts: list[Draft] = []
    for bucket in buckets:
        name = bucket["Name"]
        try:
            where = s3.get_bucket_location(Bucket=name).get("LocationConstraint")
        except FAILURES:
            where = None
        region = {None: "us-east-1", "": "us-east-1", "EU": "eu-west-1"}.get(where, str(where))
        if regions is None or region in regions:
            drafts.append(_bucket(s3, name, account, region, reads))
    return drafts, []


def _bucket(s3: Any, name: str, account: str, region: str, reads: list[_Read]) -> Draft:
    draft = Draft(name, "s3_bucket", account, region, name, "active")
    for read in reads:
        read(s3, draft)
    return draft


def _lifecycle(s3: Any, draft: Draft) -> None:
    try:
        draft.facts["lifecycle_rules"] = s3.get_bucket_lifecycle_configuration(
            Bucket=draft.id).get("Rules", [])
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in _EMPTY_LIFECYCLE:
            draft.facts["lifecycle_rules"] = []
        else:
            draft.missing["lifecycle_rules"] = why(exc, "S3 lifecycle")
    except FAILURES as exc:
        draft.missing["lifecycle_rules"] = why(exc, "S3 lifecycle")


def _versioning(s3: Any, draft: Draft) -> None:
    try:
        draft.facts["versioning"] = s3.get_bucket_versioning(Bucket=draft.id).get("Status", "")
    except FAILURES as exc:
        draft.missing["versioning"] = why(exc, "S3 versioning")


def _listing(s3: Any, draft: Draft) -> None:
    try:
        listing = s3.list_objects_v2(Bucket=draft.id, MaxKeys=1000)
        objects = listing.get("Contents", [])
        draft.facts["listing"] = {
            "count": len(objects), "truncated": bool(listing.get("IsTruncated")),
            "newest": max((o["LastModified"] for o in objects), default=None),
            "standard_bytes": float(sum(o.get("Size", 0) for o in objects
                                        if o.get("StorageClass", "STANDARD") == "STANDARD"))}
    except FAILURES as exc:
        draft.missing["listing"] = why(exc, "S3 listing")


def _request_filter(s3: Any, draft: Draft) -> None:
    """The whole-bucket request-metrics filter S1's AllRequests series is published under."""
    try:
        configs = s3.list_bucket_metrics_configurations(Bucket=draft.id).get(
            "MetricsConfigurationList", [])
    except FAILURES as exc:
        draft.missing["AllRequests"] = why(exc, "S3 request metrics")
        return
    whole = [c["Id"] for c in configs if not c.get("Filter")]
    if not whole:
        draft.missing["AllRequests"] = "S3 request metrics not enabled"
        return
    draft.dimensions["FilterId"] = whole[0]


_Read = Callable[[Any, Draft], None]
# S3 operation -> the read that stores its fact; made only when a registered signal declares it
BUCKET_READS: tuple[tuple[str, _Read], ...] = (
    ("GetBucketLifecycleConfiguration", _lifecycle), ("GetBucketVersioning", _versioning),
    ("ListObjectsV2", _listing), ("ListBucketMetricsConfigurations", _request_filter))


def bucket_cost(draft: Draft, series: Mapping[tuple[str, str], Series]) -> float | None:
    """STANDARD storage cost from the newest storage metric, else from a complete listing."""
    found = series.get((draft.id, "BucketSizeBytes:StandardStorage"))
    if found:
        return pricing.s3_monthly(found[-1][1])
    listing: Mapping[str, Any] | None = draft.facts.get("listing")
    if listing and not listing.get("truncated"):
        return pricing.s3_monthly(listing.get("standard_bytes", 0.0))
    return None
