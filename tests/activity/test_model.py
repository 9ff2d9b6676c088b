"""Activity values: the signal context's windows and missing reasons, p95, declarations."""

from __future__ import annotations

import pytest

from finops_lib.activity.model import (
    DAY_S,
    HOUR_S,
    RESOURCE_TYPES,
    ApiCall,
    Ctx,
    Metric,
    Missing,
    ResourceType,
    p95,
    register_type,
)

from .conftest import daily, resource


def test_series_keeps_only_the_window_and_says_why_when_empty() -> None:
    ctx = Ctx(resource("ec2_instance", metrics={"CPUUtilization": daily([9.0] * 5 + [1.0] * 3)}),
              {"lookback_days": 3})
    assert ctx.values("CPUUtilization") == [1.0, 1.0, 1.0]
    assert len(ctx.series("CPUUtilization", 8)) == 8
    with pytest.raises(Missing, match="no NetworkIn datapoints in 3 d"):
        ctx.series("NetworkIn")


def test_fact_reports_the_collectors_reason() -> None:
    ctx = Ctx(resource("ec2_instance", {"tags": {}}, missing={"ssm": "SSM: access denied"}), {})
    assert ctx.fact("tags") == {}
    with pytest.raises(Missing, match="SSM: access denied"):
        ctx.fact("ssm")
    with pytest.raises(Missing, match="cloudtrail not collected"):
        ctx.fact("cloudtrail")


def test_p95_interpolates_like_numpy_and_refuses_nothing() -> None:
    assert p95([float(v) for v in range(1, 101)]) == pytest.approx(95.05)
    assert p95([4.0]) == 4.0
    with pytest.raises(Missing):
        p95([])


def test_metric_label_and_call_action() -> None:
    assert Metric("k", "AWS/EC2", "CPUUtilization", "Average").label() == (
        "AWS/EC2 CPUUtilization Average")
    assert Metric("k", "AWS/RDS", "DatabaseConnections", "Maximum", HOUR_S).label().endswith(
        "per 60 min")
    assert Metric("k", "AWS/S3", "AllRequests", "Sum").period_s == DAY_S
    assert ApiCall("ssm", "DescribeInstanceInformation").iam_action == (
        "ssm:DescribeInstanceInformation")
    assert ApiCall("s3", "ListObjectsV2", "s3:ListBucket").iam_action == "s3:ListBucket"


def test_register_type_is_idempotent_but_refuses_a_different_twin() -> None:
    known = RESOURCE_TYPES["nat_gateway"]
    assert register_type(known) is known
    with pytest.raises(ValueError, match="differently"):
        register_type(ResourceType("nat_gateway", "NATs", "Networking", "x"))
    assert RESOURCE_TYPES["nat_gateway"] is known
    assert resource("nat_gateway").kind.dimension == "NatGatewayId"
