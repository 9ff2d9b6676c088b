"""Drafts: metric requests derived from the signals' declarations, and freezing."""

from __future__ import annotations

import pytest

from finops_lib.activity.collectors.draft import Draft, freeze, request_metrics
from finops_lib.activity.model import HOUR_S
from finops_lib.activity.registry import resolved_params

from ..conftest import END, daily


def _requests(draft: Draft) -> dict[str, tuple[object, ...]]:
    return {r.key: (r.namespace, r.metric, r.dimensions, r.stat, r.days, r.period)
            for r in draft.requests}


def test_rds_requests_every_declared_metric_over_its_signals_window() -> None:
    draft = Draft("db-1", "rds_instance", "111111111111", "us-east-1")
    request_metrics(draft, resolved_params({"R6": {"lookback_days": 40}}))
    asked = _requests(draft)
    dims = (("DBInstanceIdentifier", "db-1"),)
    assert asked["DatabaseConnections:max"] == (
        "AWS/RDS", "DatabaseConnections", dims, "Maximum", 90, 86400)
    assert asked["DatabaseConnections:hourly"] == (
        "AWS/RDS", "DatabaseConnections", dims, "Maximum", 40, HOUR_S)
    assert asked["FreeStorageSpace"][4] == 7
    assert set(asked) == {"DatabaseConnections:max", "DatabaseConnections", "CPUUtilization",
                          "ReadIOPS", "WriteIOPS", "FreeStorageSpace",
                          "DatabaseConnections:hourly"}


def test_a_dimension_the_lister_lacks_means_no_request() -> None:
    bucket = Draft("logs", "s3_bucket", "111111111111", "us-east-1")
    request_metrics(bucket, resolved_params())
    assert set(_requests(bucket)) == {"NumberOfObjects", "BucketSizeBytes:StandardStorage"}
    bucket = Draft("logs", "s3_bucket", "111111111111", "us-east-1",
                   dimensions={"FilterId": "EntireBucket"})
    request_metrics(bucket, resolved_params())
    assert _requests(bucket)["AllRequests"][2] == (("BucketName", "logs"),
                                                   ("FilterId", "EntireBucket"))


def test_variant_and_watch_choose_what_is_asked() -> None:
    nlb = Draft("net/x/1", "load_balancer", "1", "us-east-1", variant="network")
    request_metrics(nlb, resolved_params())
    assert _requests(nlb)["requests"][:2] == ("AWS/NetworkELB", "NewFlowCount")
    stopped = Draft("i-1", "ec2_instance", "1", "us-east-1", watch=False)
    request_metrics(stopped, resolved_params())
    assert stopped.requests == []
    ip = Draft("eipalloc-1", "elastic_ip", "1", "us-east-1")
    request_metrics(ip, resolved_params())
    assert ip.requests == []


def test_freeze_keeps_only_fetched_series() -> None:
    draft = Draft("vol-1", "ebs_volume", "1", "us-east-1", facts={"attached": False},
                  missing={"create_time": "why"})
    request_metrics(draft, resolved_params())
    series = {("vol-1", "VolumeReadOps"): daily([1.0])}
    frozen = freeze(draft, series, END)
    assert dict(frozen.metrics) == {"VolumeReadOps": daily([1.0])}
    assert frozen.facts == {"attached": False} and frozen.missing == {"create_time": "why"}


def test_metric_signals_on_a_type_without_a_dimension_are_a_programming_error() -> None:
    from finops_lib.activity.model import RESOURCE_TYPES, Ctx, Metric, Outcome, Param, ResourceType
    from finops_lib.activity.registry import SIGNALS, signal

    RESOURCE_TYPES["toy_nodim"] = ResourceType("toy_nodim", "Toys", "Other", "Toy")

    def fn(ctx: Ctx) -> Outcome:
        return Outcome("clear")

    try:
        signal("T9", "toy", "toy_nodim", weight=1, remediation="x",
               params=(Param("lookback_days", 3, "days"),),
               metrics=(Metric("X", "AWS/Toy", "X", "Sum"),))(fn)
        with pytest.raises(ValueError, match="no dimension"):
            request_metrics(Draft("t-1", "toy_nodim", "1", "us-east-1"), resolved_params())
    finally:
        SIGNALS.pop("T9", None)
        RESOURCE_TYPES.pop("toy_nodim", None)
